// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Draws the reader's annotations (pageannotation.h) over a painted page: used when printing, and
// the same geometry is what the PDF exporter writes into each annotation's appearance stream, so
// a page looks the same printed from Okular, printed from the exported PDF and shown by any viewer.

#pragma once

#include "layout/pagemodel.h"
#include "okbcore_export.h"
#include "paint/pageannotation.h"

#include <QColor>
#include <QList>
#include <QPainterPath>
#include <QRectF>

class QPainter;

namespace Okb
{

enum class AnnotationPass {
    All, // everything, over the painted page (highlights multiply)
    UnderText, // only the highlights, opaque, to be painted before the page
    OverText, // everything but the highlights
};

// Draws the annotations of `annotations` that lie on `page`, in page coordinates (the same painter
// transform as paintPage()). With AnnotationPass::All, call it right after paintPage(): highlights
// multiply onto the page like a marker (dark text stays dark) where the paint engine really blends
// (raster: images, screen); elsewhere (Qt's PDF/print engine ignores composition modes) they are
// drawn translucent. Notes are drawn as an icon made of paths (no text, so page text extraction is
// not disturbed); free text as a box with its contents.
OKBCORE_EXPORT void paintAnnotations(QPainter *painter, const QList<PageAnnotation> &annotations, int page, AnnotationPass pass = AnnotationPass::All);

// For printing and any other device: the page with its annotations, highlights painted under the
// text (what multiply gives on white paper, without needing blend modes), the rest over it.
// Same transform as paintPage().
OKBCORE_EXPORT void paintPageWithAnnotations(QPainter *painter, const LaidOutDocument &doc, int index, const QList<PageAnnotation> &annotations);

// One vector piece of an annotation's look, in page coordinates: `path` filled with `fill` and/or
// stroked with `stroke` (invalid colour = not filled / not stroked). Colours carry no opacity; the
// annotation's opacity applies to all its layers.
struct OKBCORE_EXPORT AnnotationLayer {
    QPainterPath path;
    QColor fill;
    QColor stroke;
    double width = 1.0; // stroke width (pt)
    bool roundCaps = false; // round caps and joins (ink, squiggly); otherwise butt caps, miter joins
    bool multiply = false; // blend with multiply (highlights)
};

// The vector layers that draw `a` (for FreeText: its box; the text is drawn separately).
// Empty when the annotation has no usable geometry.
OKBCORE_EXPORT QList<AnnotationLayer> annotationLayers(const PageAnnotation &a);

// The square a note's icon occupies: at a.rect's top-left, side min(w, h) of a.rect clamped to
// [10, 24] pt, or 16 pt when a.rect is empty.
OKBCORE_EXPORT QRectF noteIconRect(const PageAnnotation &a);

// Where free text is written inside its box (a.rect less a padding).
OKBCORE_EXPORT QRectF freeTextTextRect(const PageAnnotation &a);

// Everything the annotation paints (strokes included) and, for markup and boxes, its rect/quads:
// what the PDF /Rect and the appearance's /BBox are made of. Empty when there is nothing to draw.
OKBCORE_EXPORT QRectF annotationBounds(const PageAnnotation &a);

// a.quads cleaned up: each a 4-point quad (top-left, top-right, bottom-right, bottom-left); a
// polygon of another size is replaced by its bounding box; empty or non-finite ones are dropped.
OKBCORE_EXPORT QList<QPolygonF> annotationQuads(const PageAnnotation &a);

// a.paths without empty or non-finite ones.
OKBCORE_EXPORT QList<QPolygonF> annotationPaths(const PageAnnotation &a);

// True when `a` can be drawn (a known kind with geometry: quads for text markup, paths for ink and
// line, a non-empty rect for free text, square and circle; notes always).
OKBCORE_EXPORT bool annotationIsDrawable(const PageAnnotation &a);

} // namespace Okb
