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

// The segments alignArticle() would align, without aligning (sentence or block level). After the
// DP, alignArticle() may cut one of these Chinese sentences in two at a lead-in's colon that the
// English ends a line with ("学习内容：（１）…"); Alignment::chinese has its final segments.
OKBCORE_EXPORT QList<Segment> segmentArticle(const Article &article, Language language, AlignLevel level);

// Text of a segment (a slice of its block's text).
OKBCORE_EXPORT QString segmentText(const Article &article, const Segment &segment);

// Block-level view for side-by-side layout: consecutive runs of English and Chinese blocks that
// belong together (the transitive closure of the pairs, so a sentence pair that spans a block
// boundary joins the two blocks' groups). Groups are in document order and cover every block of
// the article exactly once; blocks without text join the group of the next block with text (or
// the last group). A group may have no English (omitted/untranslated Chinese) or no Chinese.
struct OKBCORE_EXPORT BlockGroup {
    QList<int> english; // indices into Article::english, ascending, contiguous
    QList<int> chinese; // indices into Article::chinese, ascending, contiguous
    double confidence = 1.0; // lowest pair confidence in the group
    unsigned faults = NoFault; // union of the pairs' fault bits
};
OKBCORE_EXPORT QList<BlockGroup> blockGroups(const Article &article, const Alignment &alignment);

// The Chinese headline's last line glued to the first body line: "周恩来总理的讲话尊敬的…同志们："
// right after the Title "在机场上欢迎巴德尔王太子", where the header reads "### 在机场上欢迎巴德尔王太子
// 周恩来总理的讲话". A part of the header title (3+ characters, not in the body's Title blocks) that
// the first block after them starts with, followed by more text: the aligner makes it a segment of
// its own, read as a title, and the paired layouts set it in the title area only. The block and
// the end of that part in its text, or block -1.
struct GluedHeadline {
    int block = -1;
    int end = 0;
};
OKBCORE_EXPORT GluedHeadline gluedChineseHeadline(const Article &article);

// Human-readable names of the fault bits ("omitted,truncated"), for TSV/TMX and the CLI.
OKBCORE_EXPORT QString faultNames(unsigned faults);

} // namespace Okb
