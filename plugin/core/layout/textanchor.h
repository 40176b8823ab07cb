// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Positions in the article's text that do not depend on the layout: a reader's annotation is kept
// as "characters 12-19 of Chinese block 7", so it finds its text again in any reading mode, paper
// size or font, where "page 3 at (0.21, 0.40)" would not.

#pragma once

#include "layout/pagemodel.h"
#include "okbcore_export.h"

#include <QList>

namespace Okb
{

struct OKBCORE_EXPORT TextAnchor {
    Language language = Language::English;
    int block = -1; // index into Article::english / Article::chinese; -1 = nowhere
    int offset = 0; // UTF-16 offset into the block's text (== its length: the block's end)

    bool isValid() const
    {
        return block >= 0;
    }
    bool operator==(const TextAnchor &o) const
    {
        return language == o.language && block == o.block && offset == o.offset;
    }
};

// Maps the TextBoxes of a laid-out document to TextAnchors and back. Built in time linear in the
// document's text; holds a few integers per paragraph piece, not per character.
class OKBCORE_EXPORT AnchorIndex
{
public:
    explicit AnchorIndex(const LaidOutDocument &doc);

    // The article position of box `box` on page `page`; invalid for text the engine made up
    // (title area, meta line, divider) or out-of-range arguments.
    TextAnchor anchorAt(int page, int box) const;

    // The box showing the character at `anchor` (an end-of-block anchor gives the block's "\n"
    // box, or its last box). False if that block is not laid out (e.g. Chinese in English only).
    bool locate(const TextAnchor &anchor, int *page, int *box) const;

    // Where the characters [from, to) of a block are: runs of boxes, in text order (several pages,
    // and in side-by-side/facing modes not necessarily one run per page). Empty if not laid out.
    QList<TextSpan> spansOf(Language language, int block, int from, int to) const;

private:
    struct Span {
        int page;
        int index; // first box
        int count;
        int paragraph; // into doc.blocks
        int offset; // UTF-16 offset in the block of the first box
    };
    const LaidOutDocument &m_doc;
    QList<QList<Span>> m_spansByPage; // sorted by index
    QList<Span> m_spansByBlock[2]; // sorted by (block, offset)
};

} // namespace Okb
