// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Small text helpers shared by the parser and the sniffer (private to parse/).

#pragma once

#include <QDate>
#include <QString>
#include <QStringView>

namespace Okb::ParseUtil
{

// Whitespace as met in the archive: ASCII blanks, TAB, U+3000 ideographic space, NBSP, BOM,
// the U+2000..U+200A spaces.
inline bool isWs(QChar c)
{
    const char16_t u = c.unicode();
    return u == u' ' || u == u'\t' || u == 0x3000 || u == 0xA0 || u == u'\f' || u == u'\v' || u == u'\r' || u == 0xFEFF || (u >= 0x2000 && u <= 0x200A);
}

inline QStringView trimmed(QStringView v)
{
    qsizetype b = 0;
    qsizetype e = v.size();
    while (b < e && isWs(v[b])) {
        ++b;
    }
    while (e > b && isWs(v[e - 1])) {
        --e;
    }
    return v.mid(b, e - b);
}

inline bool isBlank(QStringView v)
{
    for (QChar c : v) {
        if (!isWs(c)) {
            return false;
        }
    }
    return true;
}

// Width of the leading whitespace in columns: space 1, U+3000 2, TAB 4.
inline int leadingWidth(QStringView v, qsizetype *contentStart = nullptr)
{
    int w = 0;
    qsizetype i = 0;
    for (; i < v.size() && isWs(v[i]); ++i) {
        const char16_t u = v[i].unicode();
        w += (u == u'\t') ? 4 : (u == 0x3000 ? 2 : 1);
        if (w > 100000) {
            w = 100000; // saturate; a 50 MB line of spaces must not overflow
        }
    }
    if (contentStart) {
        *contentStart = i;
    }
    return w;
}

inline bool isHan(char32_t u)
{
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0xF900 && u <= 0xFAFF) || (u >= 0x20000 && u <= 0x3134F);
}

inline bool isHangul(char32_t u)
{
    return (u >= 0xAC00 && u <= 0xD7AF) || (u >= 0x1100 && u <= 0x11FF) || (u >= 0x3130 && u <= 0x318F);
}

enum class HeaderKey {
    None,
    Title,
    Author,
    Date,
    Page,
    Edition,
    Column,
};

// "Title: x" / "Author:" / "Date: ..." / "Page: 6" / "Edition: 2" / "Column: ..." (case-insensitive
// key, optional blanks before the colon). value receives the trimmed value.
inline HeaderKey headerKey(QStringView line, QStringView *value = nullptr)
{
    const qsizetype colon = line.left(12).indexOf(u':');
    if (colon <= 0) {
        return HeaderKey::None;
    }
    const QStringView key = trimmed(line.left(colon));
    HeaderKey k = HeaderKey::None;
    if (key.compare(u"Title", Qt::CaseInsensitive) == 0) {
        k = HeaderKey::Title;
    } else if (key.compare(u"Author", Qt::CaseInsensitive) == 0) {
        k = HeaderKey::Author;
    } else if (key.compare(u"Date", Qt::CaseInsensitive) == 0) {
        k = HeaderKey::Date;
    } else if (key.compare(u"Page", Qt::CaseInsensitive) == 0) {
        k = HeaderKey::Page;
    } else if (key.compare(u"Edition", Qt::CaseInsensitive) == 0) {
        k = HeaderKey::Edition;
    } else if (key.compare(u"Column", Qt::CaseInsensitive) == 0) {
        k = HeaderKey::Column;
    }
    if (k != HeaderKey::None && value) {
        *value = trimmed(line.mid(colon + 1));
    }
    return k;
}

// Digits 0-9 in ASCII or full width; -1 otherwise.
inline int digitValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9') {
        return u - u'0';
    }
    if (u >= 0xFF10 && u <= 0xFF19) {
        return u - 0xFF10;
    }
    return -1;
}

// "YYYY-MM-DD" with ASCII or full-width digits and hyphens; invalid QDate otherwise.
inline QDate parseIsoDate(QStringView t)
{
    if (t.size() != 10) {
        return {};
    }
    int v[3] = {0, 0, 0};
    int field = 0;
    for (qsizetype i = 0; i < 10; ++i) {
        const QChar c = t[i];
        if (i == 4 || i == 7) {
            if (c != u'-' && c != QChar(0xFF0D) && c != QChar(0x2010) && c != QChar(0x2011) && c != QChar(0x2013)) {
                return {};
            }
            ++field;
            continue;
        }
        const int d = digitValue(c);
        if (d < 0) {
            return {};
        }
        v[field] = v[field] * 10 + d;
    }
    return QDate(v[0], v[1], v[2]);
}

} // namespace Okb::ParseUtil
