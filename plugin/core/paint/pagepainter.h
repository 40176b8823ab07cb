// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "layout/pagemodel.h"
#include "okbcore_export.h"

#include <QRect>
#include <QSize>

class QPainter;
class QImage;

namespace Okb
{

// Paints page `index` with the painter's current transform mapping page points to the device
// (callers scale; see renderPageImage). Same code for screen, printer and PDF.
OKBCORE_EXPORT void paintPage(QPainter *painter, const LaidOutDocument &doc, int index);

// Convenience: renders a page to an image of the given pixel size (white background).
OKBCORE_EXPORT QImage renderPageImage(const LaidOutDocument &doc, int index, int widthPx, int heightPx);

// Part `target` (device pixels; null: all) of page `index` drawn `fullSize` pixels large, on white
// (QImage::Format_ARGB32_Premultiplied, target's size), painted in the calling thread: the same
// pixels as renderPageImage() there. What does not reach `target` is not drawn (nor its glyphs
// rasterised). See also PagePainterPool (painterpool.h), which paints in threads of its own.
OKBCORE_EXPORT QImage renderPagePart(const LaidOutDocument &doc, int index, QSize fullSize, QRect target = QRect());

} // namespace Okb
