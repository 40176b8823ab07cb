// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "paint/annotationpainter.h"
#include "paint/pagepainter.h"

#include <QLineF>
#include <QPaintDevice>
#include <QPaintEngine>
#include <QPainter>
#include <QTextOption>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Okb
{
namespace
{
constexpr double kFallbackHighlightAlpha = 0.3; // highlight alpha where multiply is not available

// A text-markup quadrilateral as four corners (top-left, top-right, bottom-right, bottom-left);
// anything else is replaced by its bounding box.
struct Quad {
    QPointF tl, tr, br, bl;

    // Bilinear point: u along the line (0 = start, 1 = end), v across it (0 = top, 1 = bottom).
    QPointF at(double u, double v) const
    {
        const QPointF top = tl + (tr - tl) * u;
        const QPointF bottom = bl + (br - bl) * u;
        return top + (bottom - top) * v;
    }
    double height() const
    {
        return (QLineF(tl, bl).length() + QLineF(tr, br).length()) / 2;
    }
    double width() const
    {
        return (QLineF(tl, tr).length() + QLineF(bl, br).length()) / 2;
    }
};

bool finitePoint(const QPointF &p)
{
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

QList<Quad> quadsOf(const PageAnnotation &a)
{
    QList<Quad> out;
    for (const QPolygonF &q : a.quads) {
        if (q.isEmpty() || !std::all_of(q.cbegin(), q.cend(), finitePoint)) {
            continue;
        }
        Quad quad;
        if (q.size() == 4) {
            quad = Quad{q.at(0), q.at(1), q.at(2), q.at(3)};
        } else {
            const QRectF r = q.boundingRect();
            quad = Quad{r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()};
        }
        if (quad.height() > 0.01 && quad.width() > 0.01) {
            out.append(quad);
        }
    }
    return out;
}

QList<QPolygonF> pathsOf(const PageAnnotation &a)
{
    QList<QPolygonF> out;
    for (const QPolygonF &p : a.paths) {
        if (!p.isEmpty() && std::all_of(p.cbegin(), p.cend(), finitePoint)) {
            out.append(p);
        }
    }
    return out;
}

bool usableRect(const QRectF &r)
{
    return r.isValid() && !r.isEmpty() && std::isfinite(r.x()) && std::isfinite(r.y()) && std::isfinite(r.width()) && std::isfinite(r.height());
}

QColor opaque(QColor c)
{
    if (!c.isValid()) {
        c = QColor(255, 255, 0);
    }
    c.setAlpha(255);
    return c.toRgb();
}

// The colour blended 35 % of the way from black: outlines of a note icon or a free-text box.
QColor outlineOf(const QColor &c)
{
    const QColor o = opaque(c);
    return QColor::fromRgbF(o.redF() * 0.35f, o.greenF() * 0.35f, o.blueF() * 0.35f);
}

double strokeWidth(const PageAnnotation &a)
{
    return std::isfinite(a.width) && a.width > 0 ? std::min(a.width, 100.0) : 1.0;
}

QPainterPath polyline(const QPolygonF &points)
{
    QPainterPath path;
    path.moveTo(points.first());
    if (points.size() == 1) {
        path.lineTo(points.first() + QPointF(0.01, 0)); // a dot: round caps make it visible
    }
    for (qsizetype i = 1; i < points.size(); ++i) {
        path.lineTo(points.at(i));
    }
    return path;
}

// Text markup: one line along each quad at `v` (0 = top, 1 = bottom), or a zigzag for squiggly.
QList<AnnotationLayer> markupLayers(const PageAnnotation &a)
{
    QList<AnnotationLayer> layers;
    const QColor color = opaque(a.color);
    const QList<Quad> quads = quadsOf(a);
    if (a.kind == PageAnnotation::Kind::Highlight) {
        AnnotationLayer layer;
        layer.path.setFillRule(Qt::WindingFill); // overlapping quads do not double the colour
        for (const Quad &q : quads) {
            layer.path.addPolygon(QPolygonF{q.tl, q.tr, q.br, q.bl});
            layer.path.closeSubpath();
        }
        layer.fill = color;
        layer.multiply = true;
        if (!layer.path.isEmpty()) {
            layers.append(layer);
        }
        return layers;
    }
    for (const Quad &q : quads) {
        const double h = q.height();
        AnnotationLayer layer;
        layer.stroke = color;
        if (a.kind == PageAnnotation::Kind::Squiggly) {
            layer.width = std::clamp(h * 0.05, 0.5, 1.5);
            layer.roundCaps = true;
            const double amplitude = std::clamp(h * 0.12, 1.0, 3.0); // peak to peak
            const double low = 1.0 - (layer.width / 2) / h;
            const double high = 1.0 - (amplitude + layer.width / 2) / h;
            const int steps = std::max(2, int(std::lround(q.width() / amplitude)));
            for (int i = 0; i <= steps; ++i) {
                const QPointF p = q.at(double(i) / steps, i % 2 == 0 ? low : high);
                if (i == 0) {
                    layer.path.moveTo(p);
                } else {
                    layer.path.lineTo(p);
                }
            }
        } else {
            layer.width = std::clamp(h * 0.07, 0.5, 2.0);
            const double v = a.kind == PageAnnotation::Kind::StrikeOut ? 0.55 : 1.0 - (layer.width / 2) / h;
            layer.path.moveTo(q.at(0, v));
            layer.path.lineTo(q.at(1, v));
        }
        layers.append(layer);
    }
    return layers;
}

QList<AnnotationLayer> noteLayers(const PageAnnotation &a)
{
    const QRectF r = noteIconRect(a);
    const double s = r.width();
    const double fold = s * 0.3;
    AnnotationLayer sheet;
    sheet.path.moveTo(r.topLeft());
    sheet.path.lineTo(r.right() - fold, r.top());
    sheet.path.lineTo(r.right(), r.top() + fold);
    sheet.path.lineTo(r.bottomRight());
    sheet.path.lineTo(r.bottomLeft());
    sheet.path.closeSubpath();
    sheet.fill = opaque(a.color);
    sheet.stroke = outlineOf(a.color);
    sheet.width = s / 16;
    AnnotationLayer marks; // the folded corner and three lines of "writing", all strokes
    marks.path.moveTo(r.right() - fold, r.top());
    marks.path.lineTo(r.right() - fold, r.top() + fold);
    marks.path.lineTo(r.right(), r.top() + fold);
    for (const double y : {0.5, 0.66, 0.82}) {
        marks.path.moveTo(r.left() + s * 0.2, r.top() + s * y);
        marks.path.lineTo(r.right() - s * 0.2, r.top() + s * y);
    }
    marks.stroke = sheet.stroke;
    marks.width = s / 16;
    return {sheet, marks};
}
} // namespace

QList<QPolygonF> annotationQuads(const PageAnnotation &a)
{
    QList<QPolygonF> out;
    for (const Quad &q : quadsOf(a)) {
        out.append(QPolygonF{q.tl, q.tr, q.br, q.bl});
    }
    return out;
}

QList<QPolygonF> annotationPaths(const PageAnnotation &a)
{
    return pathsOf(a);
}

QRectF noteIconRect(const PageAnnotation &a)
{
    const QPointF topLeft = finitePoint(a.rect.topLeft()) ? a.rect.topLeft() : QPointF();
    double side = 16;
    if (usableRect(a.rect)) {
        side = std::clamp(std::min(a.rect.width(), a.rect.height()), 10.0, 24.0);
    }
    return QRectF(topLeft, QSizeF(side, side));
}

// A free text's border, as Okular draws it: the annotation's own width (0, a typewriter's, is none).
double freeTextBorder(const PageAnnotation &a)
{
    return std::isfinite(a.width) && a.width > 0 ? std::min(a.width, 100.0) : 0.0;
}

QRectF freeTextTextRect(const PageAnnotation &a)
{
    // Okular writes the text inside the border only, and sizes a new box to its text plus 2 px
    // on each side: a wider inset here would clip the last characters.
    const double inset = freeTextBorder(a);
    return a.rect.normalized().adjusted(inset, inset, -inset, -inset);
}

bool annotationIsDrawable(const PageAnnotation &a)
{
    switch (a.kind) {
    case PageAnnotation::Kind::Highlight:
    case PageAnnotation::Kind::Underline:
    case PageAnnotation::Kind::StrikeOut:
    case PageAnnotation::Kind::Squiggly:
        return !quadsOf(a).isEmpty();
    case PageAnnotation::Kind::Note:
        return true;
    case PageAnnotation::Kind::FreeText:
    case PageAnnotation::Kind::Square:
    case PageAnnotation::Kind::Circle:
        return usableRect(a.rect.normalized());
    case PageAnnotation::Kind::Ink:
        return !pathsOf(a).isEmpty();
    case PageAnnotation::Kind::Line: {
        const QList<QPolygonF> paths = pathsOf(a);
        return !paths.isEmpty() && paths.first().size() >= 2;
    }
    }
    return false;
}

QList<AnnotationLayer> annotationLayers(const PageAnnotation &a)
{
    if (!annotationIsDrawable(a)) {
        return {};
    }
    const QColor color = opaque(a.color);
    const double w = strokeWidth(a);
    switch (a.kind) {
    case PageAnnotation::Kind::Highlight:
    case PageAnnotation::Kind::Underline:
    case PageAnnotation::Kind::StrikeOut:
    case PageAnnotation::Kind::Squiggly:
        return markupLayers(a);
    case PageAnnotation::Kind::Note:
        return noteLayers(a);
    case PageAnnotation::Kind::FreeText: {
        // As Okular paints it: the box filled with the annotation's colour as it is (a typewriter's
        // is fully transparent: the page shows through), a black border only if it has a width.
        AnnotationLayer box;
        const QRectF r = a.rect.normalized();
        const double border = std::min({freeTextBorder(a), r.width() / 2, r.height() / 2});
        box.path.addRect(r.adjusted(border / 2, border / 2, -border / 2, -border / 2));
        if (a.color.isValid() && a.color.alpha() > 0) {
            box.fill = a.color.toRgb();
        }
        if (border > 0) {
            box.stroke = QColor(0, 0, 0);
            box.width = border;
        }
        return {box};
    }
    case PageAnnotation::Kind::Ink: {
        AnnotationLayer ink;
        for (const QPolygonF &p : pathsOf(a)) {
            ink.path.addPath(polyline(p));
        }
        ink.stroke = color;
        ink.width = w;
        ink.roundCaps = true;
        return {ink};
    }
    case PageAnnotation::Kind::Line: {
        AnnotationLayer line;
        line.path = polyline(pathsOf(a).first());
        line.stroke = color;
        line.width = w;
        line.roundCaps = true;
        return {line};
    }
    case PageAnnotation::Kind::Square:
    case PageAnnotation::Kind::Circle: {
        AnnotationLayer shape;
        const QRectF r = a.rect.normalized();
        const double inset = std::min({w / 2, r.width() / 2, r.height() / 2});
        const QRectF inner = r.adjusted(inset, inset, -inset, -inset);
        if (a.kind == PageAnnotation::Kind::Square) {
            shape.path.addRect(inner);
        } else {
            shape.path.addEllipse(inner);
        }
        shape.stroke = color;
        shape.width = w;
        if (a.interiorColor.isValid() && a.interiorColor.alpha() > 0) {
            shape.fill = opaque(a.interiorColor);
        }
        return {shape};
    }
    }
    return {};
}

QRectF annotationBounds(const PageAnnotation &a)
{
    QRectF bounds;
    switch (a.kind) {
    case PageAnnotation::Kind::Highlight:
    case PageAnnotation::Kind::Underline:
    case PageAnnotation::Kind::StrikeOut:
    case PageAnnotation::Kind::Squiggly:
        // Text markup draws inside its quads (lines are inset by half their width).
        for (const Quad &q : quadsOf(a)) {
            const QRectF r = QPolygonF{q.tl, q.tr, q.br, q.bl}.boundingRect();
            bounds = bounds.isNull() ? r : bounds.united(r);
        }
        return bounds;
    default:
        break;
    }
    for (const AnnotationLayer &layer : annotationLayers(a)) {
        QRectF r = layer.path.controlPointRect();
        if (layer.stroke.isValid()) {
            const double m = layer.width / 2 + 0.5; // half the pen, and room for antialiasing
            r.adjust(-m, -m, m, m);
        }
        bounds = bounds.isNull() ? r : bounds.united(r);
    }
    if (!bounds.isNull() && (a.kind == PageAnnotation::Kind::FreeText || a.kind == PageAnnotation::Kind::Square || a.kind == PageAnnotation::Kind::Circle)) {
        bounds = bounds.united(a.rect.normalized());
    }
    return bounds;
}

void paintAnnotations(QPainter *painter, const QList<PageAnnotation> &annotations, int page, AnnotationPass pass)
{
    if (!painter || !painter->isActive()) {
        return;
    }
    // Qt's PDF engine (QPdfWriter, and QPrinter on Linux) claims BlendModes but writes no /BM, so a
    // "multiplied" opaque highlight would hide the text: trust only the engines that blend.
    const QPaintEngine *engine = painter->paintEngine();
    const bool blendModes = engine && (engine->type() == QPaintEngine::Raster || engine->type() == QPaintEngine::OpenGL2);
    for (const PageAnnotation &a : annotations) {
        if (a.page != page || !annotationIsDrawable(a)) {
            continue;
        }
        const bool highlight = a.kind == PageAnnotation::Kind::Highlight;
        if ((pass == AnnotationPass::UnderText && !highlight) || (pass == AnnotationPass::OverText && highlight)) {
            continue;
        }
        const double opacity = std::isfinite(a.opacity) ? std::clamp(a.opacity, 0.0, 1.0) : 1.0;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setRenderHint(QPainter::TextAntialiasing, true);
        for (const AnnotationLayer &layer : annotationLayers(a)) {
            painter->setOpacity(opacity);
            painter->setCompositionMode(QPainter::CompositionMode_SourceOver);
            if (layer.multiply && pass == AnnotationPass::All) {
                if (blendModes) {
                    painter->setCompositionMode(QPainter::CompositionMode_Multiply);
                } else {
                    painter->setOpacity(opacity * kFallbackHighlightAlpha);
                }
            }
            if (layer.fill.isValid()) {
                painter->fillPath(layer.path, layer.fill);
            }
            if (layer.stroke.isValid()) {
                QPen pen(layer.stroke,
                         layer.width,
                         Qt::SolidLine,
                         layer.roundCaps ? Qt::RoundCap : Qt::FlatCap,
                         layer.roundCaps ? Qt::RoundJoin : Qt::MiterJoin);
                painter->strokePath(layer.path, pen);
            }
        }
        if (a.kind == PageAnnotation::Kind::FreeText && !a.contents.isEmpty() && painter->device()) {
            painter->setOpacity(opacity);
            painter->setCompositionMode(QPainter::CompositionMode_SourceOver);
            QFont font;
            font.setFamilies({u"Noto Sans"_s, u"Noto Sans CJK SC"_s});
            font.setHintingPreference(QFont::PreferNoHinting);
            // The painter maps page points to the device; a point size of s * 72 / dpi makes the
            // text s units of the painter's coordinates high, whatever the device resolution.
            const double size = std::isfinite(a.fontSize) && a.fontSize > 0 ? std::min(a.fontSize, 200.0) : 10.0;
            const int dpi = std::max(1, painter->device()->logicalDpiY());
            font.setPointSizeF(size * 72.0 / dpi);
            painter->setFont(font);
            painter->setPen(a.textColor.isValid() ? opaque(a.textColor) : QColor(0, 0, 0));
            QTextOption option(Qt::AlignLeft | Qt::AlignTop);
            option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
            const QRectF textRect = freeTextTextRect(a);
            painter->setClipRect(a.rect.normalized(), Qt::IntersectClip);
            painter->drawText(textRect, a.contents, option);
        }
        painter->restore();
    }
}

void paintPageWithAnnotations(QPainter *painter, const LaidOutDocument &doc, int index, const QList<PageAnnotation> &annotations)
{
    paintAnnotations(painter, annotations, index, AnnotationPass::UnderText);
    paintPage(painter, doc, index);
    paintAnnotations(painter, annotations, index, AnnotationPass::OverText);
}

} // namespace Okb
