// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "layout/pagemodel.h"
#include "layout/typesetter.h"

#include <algorithm>
#include <cmath>

namespace Okb
{

PageList::Source::~Source() = default;

void PageText::append(const TextBox &box)
{
    char32_t c = box.text.isEmpty() ? char32_t(0xFFFD) : char32_t(box.text.at(0).unicode());
    if (box.text.size() >= 2 && box.text.at(0).isHighSurrogate() && box.text.at(1).isLowSurrogate()) {
        c = QChar::surrogateToUcs4(box.text.at(0), box.text.at(1));
    }
    append(c, box.rect);
}

QString PageText::textAt(qsizetype i) const
{
    const char32_t c = m_chars.at(i);
    if (c < 0x10000) {
        const QChar unit{char16_t(c)};
        return Detail::boxText(&unit, 1);
    }
    return QString::fromUcs4(&c, 1);
}

QString PageText::text(qsizetype from, qsizetype n) const
{
    from = std::clamp<qsizetype>(from, 0, size());
    const qsizetype to = n < 0 ? size() : std::min(size(), from + n);
    QString out;
    out.reserve(to - from);
    for (qsizetype i = from; i < to; ++i) {
        const char32_t c = m_chars.at(i);
        if (QChar::requiresSurrogates(c)) {
            out += QChar(QChar::highSurrogate(c));
            out += QChar(QChar::lowSurrogate(c));
        } else {
            out += QChar(char16_t(c));
        }
    }
    return out;
}

void PageText::translate(double dx, double dy, qsizetype from)
{
    from = std::max<qsizetype>(from, 0);
    for (qsizetype i = from; i < m_spans.size(); ++i) {
        Span &s = m_spans[i];
        s.x = float(s.x + dx);
    }
    if (from >= size()) {
        return;
    }
    qsizetype r = rowOf(from);
    if (dy == 0 && std::none_of(m_rows.cbegin() + r, m_rows.cend(), [](const Row &row) {
            return row.y == 0 && std::signbit(row.y); // -0 + 0 is +0: the one top that adding 0 changes
        })) {
        return;
    }
    if (m_rows.at(r).start < from) {
        // The row is cut at `from`: its part from there moves alone.
        const Row part{from, m_rows.at(r).y, m_rows.at(r).height};
        m_rows.insert(++r, part);
    }
    for (; r < m_rows.size(); ++r) {
        Row &row = m_rows[r];
        row.y = float(row.y + dy);
    }
}

void PageText::append(const PageText &other)
{
    const qsizetype offset = size();
    m_chars.append(other.m_chars);
    m_spans.append(other.m_spans);
    for (const Row &row : other.m_rows) {
        if (!m_rows.isEmpty() && sameBits(m_rows.last().y, row.y) && sameBits(m_rows.last().height, row.height)) {
            continue; // the same top and height go on
        }
        m_rows.append(Row{row.start + offset, row.y, row.height});
    }
}

bool PageText::operator==(const PageText &o) const
{
    if (m_chars != o.m_chars) {
        return false;
    }
    for (qsizetype i = 0; i < size(); ++i) {
        const Box a = boxAt(i);
        const Box b = o.boxAt(i);
        if (a.x != b.x || a.y != b.y || a.width != b.width || a.height != b.height) {
            return false;
        }
    }
    return true;
}

qsizetype PageText::rowOf(qsizetype i) const
{
    // The last row that starts at or before i.
    const auto it = std::upper_bound(m_rows.cbegin(), m_rows.cend(), i, [](qsizetype at, const Row &row) {
        return at < row.start;
    });
    return qsizetype(it - m_rows.cbegin()) - 1;
}

} // namespace Okb
