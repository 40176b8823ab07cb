// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Translation-memory exports of an alignment: TMX 1.4b and TSV.

#pragma once

#include "align/alignment.h"
#include "model/article.h"
#include "okbcore_export.h"

#include <QByteArray>

class QIODevice;

namespace Okb
{

// The text of one side of a pair: English segments joined with a space, Chinese with nothing.
OKBCORE_EXPORT QString pairText(const Article &article, const Alignment &alignment, const AlignedPair &pair, Language language);

// TMX 1.4b: one <tu> per aligned pair in document order; <tuv xml:lang="en"> and
// <tuv xml:lang="zh-CN"> (a side with no segment has no <tuv>); <prop type="x-confidence">,
// <prop type="x-faults"> (comma-separated names, only when there are faults), x-english-segments /
// x-chinese-segments (segment indices); a <header> with the article's metadata as x- props.
// srclang is zh-CN: the Chinese is the original. Returns false if the device fails.
OKBCORE_EXPORT bool writeTmx(const Article &article, const Alignment &alignment, QIODevice *device);
OKBCORE_EXPORT QByteArray toTmx(const Article &article, const Alignment &alignment);

} // namespace Okb
