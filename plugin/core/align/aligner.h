// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "align/alignment.h"
#include "okbcore_export.h"

namespace Okb
{

enum class AlignMethod {
    Full, // length model + dictionary + numbers + enumerators + glossary (the default)
    GaleChurch, // plain Gale–Church (length only, fixed moves), the baseline in the benchmark
};

struct OKBCORE_EXPORT AlignOptions {
    AlignLevel level = AlignLevel::Sentence;
    QString dictionaryPath; // CC-CEDICT file; empty = $OKB_CEDICT, then the system (dict-cc-cedict)
    AlignMethod method = AlignMethod::Full;
    bool useDictionary = true; // false: numbers, enumerators and glossary only (tests, speed)
    double lowConfidence = 0.45; // pairs below get the LowConfidence flag
};

// Aligns the article's English and Chinese blocks. Linear time and memory in document length
// (banded dynamic programming: blocks first, then sentences inside each aligned block group).
// Thread-safe: may run on any thread, concurrently; the dictionary is loaded once per process.
OKBCORE_EXPORT Alignment alignArticle(const Article &article, const AlignOptions &options = {});

// The segments alignArticle() would align, without aligning (sentence or block level).
OKBCORE_EXPORT QList<Segment> segmentArticle(const Article &article, Language language, AlignLevel level);

// Text of a segment (a slice of its block's text).
OKBCORE_EXPORT QString segmentText(const Article &article, const Segment &segment);

// Human-readable names of the fault bits ("omitted,truncated"), for TSV/TMX and the CLI.
OKBCORE_EXPORT QString faultNames(unsigned faults);

} // namespace Okb
