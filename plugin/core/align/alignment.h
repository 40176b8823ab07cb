// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The result of aligning an article's English and Chinese: segments (sentences or paragraphs)
// with exact character ranges into the blocks of the model, and the aligned pairs between them.

#pragma once

#include "model/article.h"
#include "okbcore_export.h"

#include <QList>

namespace Okb
{

enum class AlignLevel {
    Sentence,
    Paragraph,
};

// One sentence (or one whole block at paragraph level), as a range of Block::text.
struct OKBCORE_EXPORT Segment {
    Language language = Language::English;
    int block = -1; // index into Article::english or Article::chinese
    int start = 0; // offset into that block's text
    int length = 0;
};

enum AlignFault : unsigned {
    NoFault = 0,
    Omitted = 1u << 0, // Chinese with no English (omitted or left untranslated)
    Truncated = 1u << 1, // English stops mid-sentence / much shorter than its Chinese
    Invented = 1u << 2, // English with no Chinese counterpart
    Repeated = 1u << 3, // English sentence repeated from an earlier one
    LowConfidence = 1u << 4, // pair exists but evidence is weak
};

struct OKBCORE_EXPORT AlignedPair {
    QList<int> english; // indices into Alignment::english, ascending, contiguous (may be empty: 0-n)
    QList<int> chinese; // indices into Alignment::chinese, ascending, contiguous (may be empty: n-0)
    double confidence = 0.0; // 0..1
    unsigned faults = NoFault; // AlignFault bits
};

struct OKBCORE_EXPORT Alignment {
    AlignLevel level = AlignLevel::Sentence;
    QList<Segment> english;
    QList<Segment> chinese;
    QList<AlignedPair> pairs; // in document order; every segment belongs to exactly one pair
    double lengthRatio = 0.0; // estimated English chars per Chinese char for this document
};

} // namespace Okb
