// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "layout/pagemodel.h"
#include "layout/typesetter.h"

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
    for (qsizetype i = std::max<qsizetype>(from, 0); i < m_boxes.size(); ++i) {
        Box &b = m_boxes[i];
        b.x = float(b.x + dx);
        b.y = float(b.y + dy);
    }
}

} // namespace Okb
