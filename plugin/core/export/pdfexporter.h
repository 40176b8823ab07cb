// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "layout/pagemodel.h"
#include "model/article.h"
#include "okbcore_export.h"
#include "paint/pageannotation.h"

#include <QList>
#include <QString>

namespace Okb
{

// Writes the laid-out pages to a PDF file: the pages are painted with paintPage() onto a
// QPdfWriter (fonts embedded as subsets, text extractable), then qpdf adds the outline (from
// doc.toc) and the document information (title, author, subject, creator, producer, dates).
// The file is written atomically (QSaveFile). Returns false and sets *error on failure; never
// throws. `article` supplies the metadata. Safe off the GUI thread.
OKBCORE_EXPORT bool exportPdf(const LaidOutDocument &doc, const Article &article, const QString &path, QString *error = nullptr);

// The same, into memory.
OKBCORE_EXPORT QByteArray exportPdfData(const LaidOutDocument &doc, const Article &article, QString *error = nullptr);

struct OKBCORE_EXPORT PdfExportOptions {
    // The reader's annotations, written as real PDF annotations (/Highlight, /Underline,
    // /StrikeOut, /Squiggly with /QuadPoints; /Text; /FreeText; /Ink; /Line or /PolyLine; /Square;
    // /Circle) with /C, /CA, /T, /Contents, /NM, /M, /CreationDate, the print flag and a normal
    // appearance stream drawn like paintAnnotations() draws them (highlights multiply). Ones on a
    // page that does not exist or without usable geometry are skipped (see skippedAnnotations).
    QList<PageAnnotation> annotations;
};

struct OKBCORE_EXPORT PdfExportResult {
    int writtenAnnotations = 0;
    int skippedAnnotations = 0;
};

// With options (annotations). `result` (optional) tells how many annotations were written.
OKBCORE_EXPORT bool exportPdf(const LaidOutDocument &doc,
                              const Article &article,
                              const QString &path,
                              const PdfExportOptions &options,
                              QString *error = nullptr,
                              PdfExportResult *result = nullptr);
OKBCORE_EXPORT QByteArray
exportPdfData(const LaidOutDocument &doc, const Article &article, const PdfExportOptions &options, QString *error = nullptr, PdfExportResult *result = nullptr);

} // namespace Okb
