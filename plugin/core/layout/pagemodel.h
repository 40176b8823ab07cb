// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The laid-out document: what the layout engine produces and what the painter, the PDF exporter
// and the Okular adapter consume. Plain values (no QTextLayout inside), so a finished document can
// be painted from any thread. Units are PostScript points, origin at the page's top-left corner.

#pragma once

#include "okbcore_export.h"

#include <QColor>
#include <QGlyphRun>
#include <QList>
#include <QRectF>
#include <QSizeF>
#include <QString>

namespace Okb
{

// One character of the page text, in reading order. Every character of the document's body text
// occurs exactly once over all pages; a soft line wrap keeps its space (box of the space, possibly
// empty width at the line end); "\n" entries end lines that end a block.
struct OKBCORE_EXPORT TextBox {
    QString text; // one UTF-16 code unit, or a surrogate pair, or "\n"
    QRectF rect; // page coordinates (pt)
};

struct OKBCORE_EXPORT GlyphItem {
    QGlyphRun run; // positions already absolute in page coordinates
    QColor color;
};

struct OKBCORE_EXPORT RuleItem {
    QRectF rect; // filled rectangle: rules, margin fault bars
    QColor color;
};

// Where an aligned pair sits on a page (for tests and navigation): union rects per language.
struct OKBCORE_EXPORT PairRegion {
    int pair = -1; // index into Alignment::pairs
    QRectF english;
    QRectF chinese;
};

struct OKBCORE_EXPORT LaidOutPage {
    QList<GlyphItem> glyphs;
    QList<RuleItem> rules;
    QList<TextBox> text; // body text in reading order (running header/footer excluded)
    QList<PairRegion> pairs;
};

struct OKBCORE_EXPORT TocEntry {
    QString title;
    int level = 0; // 0 = top
    int page = 0; // 0-based
    double y = 0; // pt from top of that page
};

struct OKBCORE_EXPORT LaidOutDocument {
    QSizeF pageSize; // pt
    QList<LaidOutPage> pages;
    QList<TocEntry> toc;
    bool facingPages = false; // the mode wants spreads (viewer hint)
    bool firstPageIsRight = true; // for facing pages: page 0 stands alone on the right? (false = spread starts at 0)
};

} // namespace Okb
