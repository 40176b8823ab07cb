// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

// ICU's sentence rules (UAX #29) are the base; one iterator per thread because a BreakIterator
// instance is not thread-safe, and creating one per call is slow.
QList<int> icuBoundaries(const QString &text, bool english)
{
    thread_local std::unique_ptr<icu::BreakIterator> enIter;
    thread_local std::unique_ptr<icu::BreakIterator> zhIter;
    std::unique_ptr<icu::BreakIterator> &iter = english ? enIter : zhIter;
    QList<int> out;
    if (!iter) {
        UErrorCode status = U_ZERO_ERROR;
        iter.reset(icu::BreakIterator::createSentenceInstance(english ? icu::Locale("en_US@ss=standard") : icu::Locale("zh_CN"), status));
        if (U_FAILURE(status)) {
            iter.reset();
        }
    }
    if (!iter) {
        out << text.size();
        return out;
    }
    // QString is UTF-16 like icu::UnicodeString: offsets map one to one.
    const icu::UnicodeString ustr(false, reinterpret_cast<const char16_t *>(text.utf16()), text.size());
    iter->setText(ustr);
    for (int32_t p = iter->next(); p != icu::BreakIterator::DONE; p = iter->next()) {
        out << p;
    }
    iter->setText(icu::UnicodeString());
    return out;
}

bool isSpace(QChar c)
{
    return c.isSpace() || c == QChar(0x3000);
}

QList<TextRange> toRanges(const QString &text, const QList<int> &ends)
{
    QList<TextRange> out;
    int start = 0;
    for (int end : ends) {
        int s = start;
        int e = end;
        while (s < e && isSpace(text.at(s))) {
            ++s;
        }
        while (e > s && isSpace(text.at(e - 1))) {
            --e;
        }
        if (e > s) {
            out.append({s, e - s});
        }
        start = end;
    }
    return out;
}

// The last white-space delimited token before position end (quotes kept).
QStringView lastToken(const QString &text, int segStart, int end)
{
    int e = end;
    while (e > segStart && isSpace(text.at(e - 1))) {
        --e;
    }
    int s = e;
    while (s > segStart && !isSpace(text.at(s - 1))) {
        --s;
    }
    return QStringView(text).mid(s, e - s);
}

QStringView nextWord(const QString &text, int pos)
{
    int s = pos;
    while (s < text.size() && isSpace(text.at(s))) {
        ++s;
    }
    int e = s;
    while (e < text.size() && text.at(e).isLetter()) {
        ++e;
    }
    return QStringView(text).mid(s, e - s);
}

bool isRoman(QStringView t)
{
    if (t.isEmpty()) {
        return false;
    }
    for (QChar c : t) {
        if (!u"IVXLC"_s.contains(c)) {
            return false;
        }
    }
    return true;
}

bool keepTogetherEnglish(const QString &text, int segStart, int boundary)
{
    QStringView tok = lastToken(text, segStart, boundary);
    // strip leading opening quotes/brackets
    while (!tok.isEmpty() && (tok.front() == u'"' || tok.front() == u'(' || tok.front() == u'\'' || tok.front() == QChar(0x201C))) {
        tok = tok.mid(1);
    }
    if (!tok.endsWith(u'.')) {
        return false;
    }
    const QString low = tok.toString().toLower();
    static const QStringList titles = {u"mr."_s, u"mrs."_s, u"ms."_s, u"dr."_s, u"gen."_s, u"st."_s, u"no."_s, u"nos."_s,
                                       u"lt."_s, u"col."_s, u"capt."_s, u"sgt."_s, u"gov."_s, u"sen."_s, u"rep."_s, u"prof."_s,
                                       u"messrs."_s, u"vs."_s, u"mt."_s, u"ft."_s, u"jr."_s, u"sr."_s, u"adm."_s, u"maj."_s};
    if (titles.contains(low)) {
        return true;
    }
    static const QStringList countries = {u"u.s."_s, u"u.n."_s, u"u.k."_s, u"u.s.s.r."_s, u"u.s.a."_s};
    if (countries.contains(low)) {
        // "the U.S. Government" vs a sentence that really ends in "U.S.": look at the next word.
        static const QStringList starters = {u"The"_s, u"This"_s, u"That"_s, u"These"_s, u"It"_s, u"He"_s, u"She"_s, u"They"_s,
                                             u"We"_s, u"In"_s, u"On"_s, u"At"_s, u"A"_s, u"An"_s, u"But"_s, u"However"_s, u"I"_s};
        return !starters.contains(nextWord(text, boundary).toString());
    }
    const QStringView core = tok.chopped(1);
    // Initials: "J. Smith", "A." as enumerator.
    if (core.size() == 1 && core.front().isUpper()) {
        return true;
    }
    // Multi-dot abbreviations like "e.g." "i.e." "a.m."
    if (core.size() >= 3 && core.contains(u'.') && core.size() <= 6) {
        bool lettersAndDots = true;
        for (QChar c : core) {
            lettersAndDots = lettersAndDots && (c.isLetter() || c == u'.');
        }
        if (lettersAndDots) {
            return true;
        }
    }
    // Inline enumerators "follows: 1. To ..." / a block starting "II."
    bool digits = core.size() <= 2 && !core.isEmpty();
    for (QChar c : core) {
        digits = digits && c.isDigit();
    }
    if (digits || isRoman(core)) {
        const int tokStart = int(tok.data() - text.constData());
        int p = tokStart;
        while (p > segStart && isSpace(text.at(p - 1))) {
            --p;
        }
        if (p == segStart || text.at(p - 1) == u':' || text.at(p - 1) == u';') {
            return true;
        }
    }
    return false;
}

bool isZhTerminal(QChar c)
{
    return c == QChar(0x3002) || c == QChar(0xFF01) || c == QChar(0xFF1F) || c == u'!' || c == u'?' || c == QChar(0x2026);
}
bool isZhCloser(QChar c)
{
    static const QString closers = u"\u201D\u300D\u300F\uFF09\u2019\u300B)\""_s;
    return closers.contains(c);
}
bool isZhOpener(QChar c)
{
    static const QString openers = u"\u201C\u300C\u300E\uFF08\u2018\u300A("_s;
    return openers.contains(c);
}

} // namespace

QList<TextRange> splitEnglishSentences(const QString &text)
{
    const QList<int> icu = icuBoundaries(text, true);
    QList<int> ends;
    int segStart = 0;
    for (int b : icu) {
        if (b < text.size() && keepTogetherEnglish(text, segStart, b)) {
            continue;
        }
        ends << b;
        segStart = b;
    }
    return toRanges(text, ends);
}

QList<TextRange> splitChineseSentences(const QString &text)
{
    // ICU gives the UAX #29 boundaries; keep those after a real terminal (。！？……), then move
    // any opening quote ICU glued to the previous sentence to the next one, and add the breaks
    // after …… that ICU does not make.
    const QList<int> icu = icuBoundaries(text, false);
    QList<int> ends;
    auto terminalBefore = [&](int b) {
        int p = b;
        while (p > 0 && isSpace(text.at(p - 1))) {
            --p;
        }
        while (p > 0 && isZhOpener(text.at(p - 1))) {
            --p;
        }
        while (p > 0 && isZhCloser(text.at(p - 1))) {
            --p;
        }
        return p > 0 && isZhTerminal(text.at(p - 1)) ? p : -1;
    };
    for (int b : icu) {
        if (b >= text.size()) {
            ends << int(text.size());
            continue;
        }
        if (terminalBefore(b) < 0) {
            continue;
        }
        int e = b;
        while (e > 0 && isSpace(text.at(e - 1))) {
            --e;
        }
        while (e > 0 && isZhOpener(text.at(e - 1))) {
            --e;
        }
        ends << e;
    }
    // …… followed by more text (not by another mark or a closer): a boundary ICU misses.
    for (int i = 1; i + 1 < text.size(); ++i) {
        if (text.at(i) == QChar(0x2026) && text.at(i - 1) == QChar(0x2026)) {
            int e = i + 1;
            while (e < text.size() && isZhCloser(text.at(e))) {
                ++e;
            }
            if (e < text.size() && !isZhTerminal(text.at(e)) && text.at(e) != QChar(0xFF0C) && text.at(e) != QChar(0x3001)
                && text.at(e) != QChar(0xFF1B) && text.at(e) != QChar(0xFF1A) && !text.at(e).isPunct()) {
                ends << e;
            } else if (e < text.size() && isZhOpener(text.at(e))) {
                ends << e;
            }
        }
    }
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    if (ends.isEmpty() || ends.last() != text.size()) {
        ends << int(text.size());
    }
    return toRanges(text, ends);
}

} // namespace Okb
