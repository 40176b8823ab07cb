// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "align/alignment.h"
#include "model/article.h"
#include "okbcore_export.h"

#include <QByteArray>

class QIODevice;

namespace Okb
{

// TSV, UTF-8, one line per aligned pair in document order, with a header line:
//   english <TAB> chinese <TAB> confidence <TAB> faults <TAB> english_segments <TAB> chinese_segments
// Tabs and line breaks inside text become spaces; an empty side is an empty field; faults are
// comma-separated names ("omitted,low-confidence"); segments are index ranges like "3-4".
OKBCORE_EXPORT bool writeTsv(const Article &article, const Alignment &alignment, QIODevice *device);
OKBCORE_EXPORT QByteArray toTsv(const Article &article, const Alignment &alignment);

} // namespace Okb
