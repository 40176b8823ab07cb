// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "layout/pagemodel.h"
#include "model/article.h"
#include "okbcore_export.h"

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

} // namespace Okb
