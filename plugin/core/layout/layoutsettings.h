// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "align/alignment.h"
#include "okbcore_export.h"

#include <QMarginsF>
#include <QPageSize>
#include <QString>

namespace Okb
{

enum class LayoutMode {
    SourceOrder, // English, then the Chinese original, as in the file
    Interlinear, // each aligned English group followed by its Chinese group
    SideBySide, // two synchronised columns
    FacingPages, // English left page, Chinese right page, synchronised per spread
    EnglishOnly,
    ChineseOnly,
};

struct OKBCORE_EXPORT LayoutSettings {
    LayoutMode mode = LayoutMode::SourceOrder;
    AlignLevel alignLevel = AlignLevel::Sentence; // interlinear granularity (informative: the layout
                                                  // follows the Alignment it is given)
    QPageSize pageSize = QPageSize(QPageSize::A4);
    QMarginsF marginsMm = QMarginsF(22, 20, 22, 22); // left, top, right, bottom; in FacingPages
                                                     // left = inner, right = outer (mirrored on
                                                     // left-hand pages)
    QString latinFamily = QStringLiteral("Noto Serif");
    QString cjkFamily = QStringLiteral("Noto Serif CJK SC");
    double latinPointSize = 10.5;
    double cjkPointSize = 10.5;
    double lineSpacing = 1.45; // baseline distance in em of the Latin size; Chinese gets 1.14 times
                               // that in its own em (1.65 em at the default)
    bool chineseFirstInColumns = false; // side by side: Chinese column left
    bool faultMarks = true;
    bool sentenceNumbers = false;
    bool hyphenate = true; // English, libhyphen en_US; the hyphen is the font's soft-hyphen glyph
                           // so a PDF reader extracts U+00AD, not "-"
    // How pages are kept once laid out. Eager: every page's glyphs and text stay in memory (~60
    // bytes per character). Lazy: a page keeps a recipe and is typeset again when it is read (see
    // PageList). Auto (the default): eager for articles of at most kEagerPagesMaxChars characters,
    // lazy above. OKB_EAGER_PAGES=1 / =0 overrides Auto.
    enum class PageStorage { Auto, Eager, Lazy };
    PageStorage pageStorage = PageStorage::Auto;
    // Up to about four pages of text: there a page read lazily would pay the reading thread's
    // first-use shaping (Qt keeps font engines per thread) for every page of a short article
    // (~3-8 ms CPU a page), while keeping it costs under 1.5 MB.
    static constexpr qsizetype kEagerPagesMaxChars = 20000;
};

} // namespace Okb
