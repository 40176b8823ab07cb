// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "layout/textanchor.h"

#include <algorithm>

namespace Okb
{

namespace
{
// UTF-16 units a box stands for in its block's text ("\n" end marks: none, they follow the text).
int unitsOf(const PageText &boxes, qsizetype i)
{
    const char32_t c = boxes.charAt(i);
    return c == u'\n' ? 0 : (QChar::requiresSurrogates(c) ? 2 : 1);
}
} // namespace

AnchorIndex::AnchorIndex(const LaidOutDocument &doc)
    : m_doc(doc)
{
    m_spansByPage.resize(doc.pages.size());
    for (int p = 0; p < doc.blocks.size(); ++p) {
        const LaidOutBlock &lb = doc.blocks.at(p);
        if (lb.block < 0) {
            continue;
        }
        int offset = lb.offset;
        QList<TextSpan> spans = lb.spans;
        if (spans.isEmpty() && lb.length > 0) {
            spans.append(TextSpan{lb.page, lb.textIndex, lb.length});
        }
        for (const TextSpan &s : std::as_const(spans)) {
            if (s.page < 0 || s.page >= doc.pages.size()) {
                continue;
            }
            // The page's text is only read if the span does not say how much text it holds (the
            // pages of a long document are made on demand: building the index must not make them).
            const int count = std::clamp(s.count, 0, int(doc.pages.textSize(s.page)) - s.index);
            if (s.index < 0 || count <= 0) {
                continue;
            }
            const Span span{s.page, s.index, count, p, offset};
            m_spansByPage[s.page].append(span);
            m_spansByBlock[lb.language == Language::Chinese ? 1 : 0].append(span);
            if (s.units >= 0 && count == s.count) {
                offset += s.units;
            } else {
                const PageText boxes = doc.pages.at(s.page).text;
                for (int i = 0; i < count; ++i) {
                    offset += unitsOf(boxes, s.index + i);
                }
            }
        }
    }
    for (QList<Span> &l : m_spansByPage) {
        std::sort(l.begin(), l.end(), [](const Span &a, const Span &b) {
            return a.index < b.index;
        });
    }
    for (QList<Span> &l : m_spansByBlock) {
        std::stable_sort(l.begin(), l.end(), [&doc](const Span &a, const Span &b) {
            const int ba = doc.blocks.at(a.paragraph).block;
            const int bb = doc.blocks.at(b.paragraph).block;
            return ba != bb ? ba < bb : a.offset < b.offset;
        });
    }
}

TextAnchor AnchorIndex::anchorAt(int page, int box) const
{
    if (page < 0 || page >= m_spansByPage.size()) {
        return {};
    }
    const QList<Span> &spans = m_spansByPage.at(page);
    auto it = std::upper_bound(spans.cbegin(), spans.cend(), box, [](int b, const Span &s) {
        return b < s.index;
    });
    if (it == spans.cbegin()) {
        return {};
    }
    --it;
    if (box >= it->index + it->count) {
        return {};
    }
    const PageText boxes = m_doc.pages.at(page).text;
    int offset = it->offset;
    for (int i = it->index; i < box; ++i) {
        offset += unitsOf(boxes, i);
    }
    const LaidOutBlock &lb = m_doc.blocks.at(it->paragraph);
    return TextAnchor{lb.language, lb.block, offset};
}

bool AnchorIndex::locate(const TextAnchor &anchor, int *page, int *box) const
{
    if (!anchor.isValid()) {
        return false;
    }
    const QList<Span> &spans = m_spansByBlock[anchor.language == Language::Chinese ? 1 : 0];
    // Last span of the block starting at or before the offset.
    auto it = std::upper_bound(spans.cbegin(), spans.cend(), anchor, [this](const TextAnchor &a, const Span &s) {
        const int b = m_doc.blocks.at(s.paragraph).block;
        return a.block != b ? a.block < b : a.offset < s.offset;
    });
    if (it == spans.cbegin()) {
        return false;
    }
    --it;
    if (m_doc.blocks.at(it->paragraph).block != anchor.block) {
        return false;
    }
    const PageText boxes = m_doc.pages.at(it->page).text;
    int offset = it->offset;
    int i = it->index;
    const int end = it->index + it->count;
    while (i < end - 1 && offset + unitsOf(boxes, i) <= anchor.offset) {
        offset += unitsOf(boxes, i);
        ++i;
    }
    *page = it->page;
    *box = i;
    return true;
}

QList<TextSpan> AnchorIndex::spansOf(Language language, int block, int from, int to) const
{
    QList<TextSpan> out;
    if (block < 0 || to <= from) {
        return out;
    }
    const QList<Span> &spans = m_spansByBlock[language == Language::Chinese ? 1 : 0];
    auto it = std::lower_bound(spans.cbegin(), spans.cend(), block, [this](const Span &s, int b) {
        return m_doc.blocks.at(s.paragraph).block < b;
    });
    for (; it != spans.cend() && m_doc.blocks.at(it->paragraph).block == block; ++it) {
        const PageText boxes = m_doc.pages.at(it->page).text;
        int offset = it->offset;
        int first = -1;
        int last = -1;
        for (int i = it->index; i < it->index + it->count && offset < to; ++i) {
            const int units = unitsOf(boxes, i);
            if (units > 0 && offset + units > from) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
            offset += units;
        }
        if (first >= 0) {
            out.append(TextSpan{it->page, first, last - first + 1});
        }
        if (offset >= to) {
            break;
        }
    }
    return out;
}

} // namespace Okb
