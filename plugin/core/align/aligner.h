// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "align/alignment.h"
#include "okbcore_export.h"

namespace Okb
{

struct OKBCORE_EXPORT AlignOptions {
    AlignLevel level = AlignLevel::Sentence;
    QString dictionaryPath; // CC-CEDICT file; empty = search the system (dict-cc-cedict)
};

// Aligns the article's English and Chinese blocks. Linear time and memory in document length.
OKBCORE_EXPORT Alignment alignArticle(const Article &article, const AlignOptions &options = {});

} // namespace Okb
