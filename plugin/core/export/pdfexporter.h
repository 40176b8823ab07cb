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
    // /StrikeOut, /Squiggly with /QuadPoints; /Text with /Name /Note; /FreeText with /DA; /Ink with
    // /InkList; /Line with /L, or /PolyLine with /Vertices for more than two points; /Square and
    // /Circle with /IC) with /C, /CA, /T, /Contents, /NM, /M, /CreationDate, /F 4 (print), /P,
    // /Rect (annotationBounds(); for text markup the quads' bounding box) and a normal appearance
    // /AP /N drawn like paintAnnotations() draws them (highlights with /BM /Multiply). A free text's
    // appearance is painted with the document's fonts, so text extraction (Poppler) reads its words
    // as page text; nothing else adds text. Ones on a page that does not exist or without usable
    // geometry are skipped (see PdfExportResult).
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

// For a PDF that Qt's PDF engine wrote from `pageCount` painted pages of `doc` (printing to a PDF
// file, where the file is Qt's): the same text fix as exportPdf() (CJK ideographs that share a
// glyph with a Kangxi radical or a compatibility twin read back as the article's characters;
// `extraText` is any other text painted, e.g. inline notes) and the document information. No
// outline (the printed pages need not be the document's). Replaces *pdf; false and *error on
// failure (*pdf untouched).
OKBCORE_EXPORT bool fixPrintedPdf(const LaidOutDocument &doc, const Article &article, int pageCount, const QString &extraText, QByteArray *pdf, QString *error = nullptr);

} // namespace Okb
