// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The reader's Okular annotations, kept in the article file (see core parse/annotationtrailer.h)
// and anchored to the article's text, so that they come back after closing and reopening, in the
// same place, and also in another reading mode or page setup:
// - text markup (highlight, underline, strike-out, squiggly) is kept as the character ranges it
//   covers, and rebuilt line by line over those characters in the new layout (split per page if the
//   text now crosses a page);
// - every other kind (notes, ink, shapes, stamps) is kept with the character nearest to its top-left
//   corner and its offset from it, and moved with that character;
// - with the same layout (same mode, page setup and fonts, same text) everything is put back
//   exactly where it was;
// - an annotation whose text is not shown in the current mode (a Chinese highlight in "English
//   only") is not shown, but is kept and written back on the next save.

#pragma once

#include "layout/layoutsettings.h"
#include "layout/pagemodel.h"
#include "model/article.h"
#include "paint/pageannotation.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Okular
{
class Annotation;
}

namespace AnnotationStore
{
// Identifies a layout: annotations saved under the same signature are restored verbatim.
QString layoutSignature(const Okb::Article &article, const Okb::LayoutSettings &settings);

// The XML payload for the annotations on the pages (perPage[i] = annotations of page i) and the
// items that had no place in this layout (`kept`, from restore()). Empty if there are none.
QString save(const QList<QList<Okular::Annotation *>> &perPage, const QStringList &kept, const Okb::LaidOutDocument &layout, const QString &signature);

struct Restored {
    QList<std::pair<int, Okular::Annotation *>> placed; // page, new annotation (caller owns)
    QStringList kept; // items not shown in this layout
    int unreadable = 0; // items that could not be read
};
Restored restore(const QString &payload, const Okb::LaidOutDocument &layout, const QString &signature);

// For printing and PDF export: the annotation in page points (page size `pagePt`).
bool toPageAnnotation(const Okular::Annotation *annotation, int page, const QSizeF &pagePt, Okb::PageAnnotation *out);
}
