// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// A reader's annotation on a laid-out page, independent of Okular: what the painter draws when
// printing and what the PDF exporter writes as a real PDF annotation. The Okular adapter converts
// Okular::Annotation objects into these. Units are PostScript points, origin at the page's
// top-left corner (the same as pagemodel.h).

#pragma once

#include "okbcore_export.h"

#include <QColor>
#include <QDateTime>
#include <QList>
#include <QPolygonF>
#include <QRectF>
#include <QString>

namespace Okb
{

struct OKBCORE_EXPORT PageAnnotation {
    enum class Kind {
        Highlight, // text markup: quads
        Underline,
        StrikeOut,
        Squiggly,
        Note, // a sticky note: icon at rect.topLeft(), text in contents
        FreeText, // an inline note: contents drawn inside rect
        Ink, // freehand: paths
        Line, // paths.first() has the two end points
        Square, // rect
        Circle, // ellipse inscribed in rect
    };
    int page = 0; // 0-based
    Kind kind = Kind::Highlight;
    QList<QPolygonF> quads; // text markup: one quadrilateral per line piece (4 points each, in the
                            // order top-left, top-right, bottom-right, bottom-left)
    QRectF rect; // bounding box (every kind)
    QList<QPolygonF> paths; // ink strokes, line end points
    QColor color = QColor(255, 255, 0);
    double opacity = 1.0;
    double width = 1.0; // stroke width (pt) for ink/line/square/circle
    QColor interiorColor; // square/circle fill; invalid = not filled
    QColor textColor = QColor(0, 0, 0); // free text: colour of the text (color is the box's)
    double fontSize = 10.0; // free text: text size (pt)
    QString contents; // the note's text (every kind may have one)
    QString author;
    QString uniqueName; // stable id (Okular's uniqueName)
    QDateTime created;
    QDateTime modified;
};

} // namespace Okb
