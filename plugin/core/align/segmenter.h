// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Sentence segmentation for English and Chinese block text: ICU's sentence break iterator with
// the corrections this archive needs on top (abbreviations, enumerators, Chinese quotes, ……).

#pragma once

#include "okbcore_export.h"

#include <QList>
#include <QString>

namespace Okb
{

struct OKBCORE_EXPORT TextRange {
    int start = 0;
    int length = 0;
    bool operator==(const TextRange &o) const = default;
};

// English sentences, trimmed of surrounding white space. Does not split after Mr., Mrs., Dr.,
// Gen., U.S., U.N., No., St., initials, decimals or inline enumerators ("as follows: 1. To ...").
// Quotes and closing brackets stay with their sentence. Thread-safe.
OKBCORE_EXPORT QList<TextRange> splitEnglishSentences(const QString &text);

// Chinese sentences: ends after 。！？ and ……; a closing ” 」 』 ） ’ 》 right after the mark stays
// with the sentence, an opening “ 「 『 （ starts the next one; ； and ： are not boundaries.
// Thread-safe.
OKBCORE_EXPORT QList<TextRange> splitChineseSentences(const QString &text);

} // namespace Okb
