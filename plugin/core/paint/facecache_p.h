// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Internal to paint/: the raw fonts a thread paints glyph runs with (pagepainter.cpp, painterpool.cpp).

#pragma once

#include "layout/pagemodel.h"

#include <QHash>
#include <QImage>
#include <QRawFont>
#include <QSet>
#include <QTransform>

#include <utility>

class QPainter;

namespace Okb::Detail
{

// Raw fonts are bound to the thread that created them: a FaceCache belongs to one thread. The font
// is asked for at its exact size on a 72 dpi device (one pixel = one point), so that Qt's
// per-thread font cache hands back the same engine on every call and its rasterised glyphs are
// reused from page to page (QRawFont::setPixelSize() would clone a fresh engine with empty glyph
// caches each time). The font is asked for as the layout asked for it (layoutFaceRequest() in
// layout/typesetter.h), so that in the thread that laid the page out Qt hands back the layout's
// engine instead of making another (reference sample, first page in the painter pool: 5 engines
// made before, none now; callgrind 26.3M -> 18.7M instructions). Kept alive, a FaceCache also
// keeps those engines (and their glyph caches) alive.
class FaceCache
{
public:
    FaceCache();
    QRawFont get(const GlyphItem &item);
    qsizetype size() const
    {
        return m_faces.size();
    }
    // Index (in order of first use) of the face get() returned last.
    int lastIndex() const
    {
        return m_lastIndex;
    }

private:
    QImage m_device;
    QHash<QString, std::pair<QRawFont, int>> m_faces;
    int m_lastIndex = -1;
    // The last face asked for: consecutive runs mostly share it (no key string to build).
    QFont m_lastFont;
    double m_lastSize = -1;
    QRawFont m_last;
};

// An estimate of what a thread's glyph caches hold: Qt keeps every glyph it rasterised for a face
// and a transform (in the raster engine's glyph cache and in the FreeType engine's glyph set),
// until the face goes. Counts each (face, device size, glyph) once.
class GlyphTally
{
public:
    explicit GlyphTally(double deviceScale = 1.0)
        : m_scale(deviceScale)
    {
    }
    void setDeviceScale(double scale)
    {
        m_scale = scale;
    }
    void add(int face, double emPt, const QList<quint32> &glyphs);
    qint64 bytes() const
    {
        return m_bytes;
    }
    qsizetype glyphs() const
    {
        return m_seen.size();
    }

private:
    double m_scale;
    QSet<quint64> m_seen;
    qint64 m_bytes = 0;
};

// Paints `page` with `faces`. With `visible` (page points) not null, glyph runs and rules that
// cannot reach it are skipped: for a painter clipped to that area the pixels are the same, only
// the work (and the glyphs rasterised) is less. `tally`, if given, counts the glyphs drawn.
void paintLaidOutPage(QPainter *painter, const LaidOutPage &page, FaceCache &faces, const QRectF &visible, GlyphTally *tally = nullptr);

// A request for part of page `index` drawn fullSize large: the part (`target`, the whole page if
// null), or an empty rectangle if it cannot be painted (no such page, empty or over 20000 px).
QRect requestedPart(const LaidOutDocument &doc, int index, QSize fullSize, QRect target);
// Page points to the device pixels of `target` (part of the page drawn fullSize large).
QTransform pageToTarget(const LaidOutDocument &doc, QSize fullSize, const QRect &target);
// Sets `painter` (on an image of target's size) up to paint that part: render hints and
// pageToTarget(). Returns the page area (points) that `deviceArea` shows.
QRectF beginPagePart(QPainter &painter, const LaidOutDocument &doc, QSize fullSize, const QRect &target, const QRectF &deviceArea);

} // namespace Okb::Detail
