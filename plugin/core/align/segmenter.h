// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Sentence segmentation for English and Chinese block text: ICU's sentence break iterator with
// the corrections this archive needs on top (abbreviations, enumerators, Chinese quotes, ……).

#pragma once

#include "model/article.h"
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
// A sentence that is a run-on table line is cut into its rows (splitChineseTableRows).
// Thread-safe.
OKBCORE_EXPORT QList<TextRange> splitChineseSentences(const QString &text);

// Rows of a Chinese statistical table printed as one run-on line, within range of text:
// "主要工业品产量如下： 1988年　比上年增长百分比纱　454万吨　3.9布　176亿米　1.7" ->
// "主要工业品产量如下：" | "1988年　比上年增长百分比" | "纱　454万吨　3.9" | "布　176亿米　1.7".
// Only when the range looks like a table (cells separated by white space, no sentence
// punctuation, numbers in a third of the cells): a row ends at a header mark (百分比, ％) glued to
// a name, and after the figure that follows a quantity (454万吨　3.9) when a name comes next,
// glued or not; a lead-in ending in a colon is cut off. Otherwise {range} unchanged.
OKBCORE_EXPORT QList<TextRange> splitChineseTableRows(const QString &text, TextRange range);

// The segments of one block at sentence level: sentences of a Paragraph, the rows of a Chinese
// TableRow line that holds several; empty = the block is one segment.
OKBCORE_EXPORT QList<TextRange> splitBlockSegments(const QString &text, BlockKind kind, Language language);

} // namespace Okb
