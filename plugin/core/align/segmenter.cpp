// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <memory>
#include <mutex>
#include <vector>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

// ICU's sentence rules (UAX #29) are the base. A BreakIterator instance is not thread-safe and
// creating one is slow (both languages' ~2.4M instructions, most of it the English one's filter
// of abbreviations, built from locale data), so each thread keeps one per language while it runs
// and hands it back to a process-wide pool when it ends: the plugin aligns each open on a new
// thread (and long articles on worker threads), which then take the iterators the last ones left
// instead of creating them again.
class SentenceIteratorPool
{
public:
    static SentenceIteratorPool &instance()
    {
        static SentenceIteratorPool pool;
        return pool;
    }
    std::unique_ptr<icu::BreakIterator> take(bool english)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            std::vector<std::unique_ptr<icu::BreakIterator>> &free = m_free[english ? 0 : 1];
            if (!free.empty()) {
                std::unique_ptr<icu::BreakIterator> it = std::move(free.back());
                free.pop_back();
                return it;
            }
        }
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> it(
            icu::BreakIterator::createSentenceInstance(english ? icu::Locale("en_US@ss=standard") : icu::Locale("zh_CN"), status));
        if (U_FAILURE(status)) {
            it.reset();
        }
        return it;
    }
    void giveBack(bool english, std::unique_ptr<icu::BreakIterator> it)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::vector<std::unique_ptr<icu::BreakIterator>> &free = m_free[english ? 0 : 1];
        if (it && free.size() < kMaxKept) {
            free.push_back(std::move(it));
        }
    }

private:
    static constexpr size_t kMaxKept = 4; // per language: the aligner's workers at most
    std::mutex m_mutex;
    std::vector<std::unique_ptr<icu::BreakIterator>> m_free[2];
};

// A thread's iterators, given back to the pool when the thread ends.
struct ThreadSentenceIterators {
    std::unique_ptr<icu::BreakIterator> iter[2];
    bool tried[2] = {false, false};
    ~ThreadSentenceIterators()
    {
        for (int k = 0; k < 2; ++k) {
            if (iter[k]) {
                SentenceIteratorPool::instance().giveBack(k == 0, std::move(iter[k]));
            }
        }
    }
};

QList<int> icuBoundaries(const QString &text, bool english)
{
    thread_local ThreadSentenceIterators mine;
    const int k = english ? 0 : 1;
    if (!mine.tried[k]) {
        mine.iter[k] = SentenceIteratorPool::instance().take(english);
        mine.tried[k] = true;
    }
    icu::BreakIterator *iter = mine.iter[k].get();
    QList<int> out;
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

bool isCjkIdeograph(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF);
}

inline bool isSpace(QChar c)
{
    // the same as c.isSpace() || c == U+3000, without QChar's table lookup for the common cases:
    // ASCII, and everything above U+3000 (CJK text and punctuation: no white space there)
    const char16_t u = c.unicode();
    if (u < 128) {
        return u == u' ' || (u >= 9 && u <= 13);
    }
    if (u >= 0x3000) {
        return u == 0x3000;
    }
    return c.isSpace();
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
    static const QStringList titles = {u"mr."_s,     u"mrs."_s, u"ms."_s,   u"dr."_s,  u"gen."_s, u"st."_s,  u"no."_s,  u"nos."_s,
                                       u"lt."_s,     u"col."_s, u"capt."_s, u"sgt."_s, u"gov."_s, u"sen."_s, u"rep."_s, u"prof."_s,
                                       u"messrs."_s, u"vs."_s,  u"mt."_s,   u"ft."_s,  u"jr."_s,  u"sr."_s,  u"adm."_s, u"maj."_s};
    if (titles.contains(low)) {
        return true;
    }
    // "the U.S. Government" vs a sentence that really ends in "U.S." (or "5 p.m.", "D.C."): look at
    // the next word.
    static const QStringList starters = {u"The"_s,
                                         u"This"_s,
                                         u"That"_s,
                                         u"These"_s,
                                         u"It"_s,
                                         u"He"_s,
                                         u"She"_s,
                                         u"They"_s,
                                         u"We"_s,
                                         u"In"_s,
                                         u"On"_s,
                                         u"At"_s,
                                         u"A"_s,
                                         u"An"_s,
                                         u"But"_s,
                                         u"However"_s,
                                         u"I"_s};
    const auto sentenceStartsNext = [&] {
        return starters.contains(nextWord(text, boundary).toString());
    };
    static const QStringList countries = {u"u.s."_s, u"u.n."_s, u"u.k."_s, u"u.s.s.r."_s, u"u.s.a."_s};
    if (countries.contains(low)) {
        return !sentenceStartsNext();
    }
    const QStringView core = tok.chopped(1);
    // Initials: "J. Smith", "A." as enumerator.
    if (core.size() == 1 && core.front().isUpper()) {
        return true;
    }
    // Multi-dot abbreviations like "e.g." "i.e." "a.m." "D.C.": e.g./i.e. never end a sentence,
    // the others do when a sentence starter follows ("at 5 p.m. The meeting began").
    if (core.size() >= 3 && core.contains(u'.') && core.size() <= 6) {
        bool lettersAndDots = true;
        for (QChar c : core) {
            lettersAndDots = lettersAndDots && (c.isLetter() || c == u'.');
        }
        if (lettersAndDots) {
            static const QStringList inner = {u"e.g."_s, u"i.e."_s, u"viz."_s, u"cf."_s};
            return inner.contains(low) || !sentenceStartsNext();
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

// Abbreviations that are followed by a number inside a sentence ("Art. 3", "Jan. 1", "p. 45").
bool isNumberAbbreviation(QStringView tok)
{
    static const QStringList abbr = {u"art"_s,  u"arts"_s,  u"vol"_s,  u"vols"_s, u"p"_s,    u"pp"_s,  u"fig"_s,   u"figs"_s, u"sec"_s,  u"sect"_s,
                                     u"ch"_s,   u"chap"_s,  u"para"_s, u"paras"_s, u"approx"_s, u"ca"_s, u"cf"_s,   u"ed"_s,   u"ref"_s,  u"tel"_s,
                                     u"op"_s,   u"pt"_s,    u"cl"_s,   u"jan"_s,  u"feb"_s,  u"mar"_s, u"apr"_s,   u"jun"_s,  u"jul"_s,  u"aug"_s,
                                     u"sep"_s,  u"sept"_s,  u"oct"_s,  u"nov"_s,  u"dec"_s,  u"no"_s,  u"nos"_s,   u"nr"_s,   u"tab"_s,  u"eq"_s};
    return abbr.contains(tok.toString().toLower());
}

// ICU (UAX #29 rule SB8) does not end a sentence at ". " when the next letter is lower case, so
// "... were released. 31 films won 35 awards" stays one sentence: the first letter after the
// number ("films") decides. A full stop after a word, a number or a closing mark, then white
// space and a digit, ends a sentence here unless the word is an abbreviation that takes a number
// (No. 5, Art. 3, Jan. 1, p. 45) or one keepTogetherEnglish() knows (initials, U.S., enumerators).
QList<int> digitStartBoundaries(const QString &text)
{
    QList<int> out;
    const int n = int(text.size());
    for (int i = 1; i + 2 < n; ++i) {
        if (text.at(i) != u'.' || text.at(i - 1) == u'.') {
            continue;
        }
        int j = i + 1;
        while (j < n && (text.at(j) == u'"' || text.at(j) == u'\'' || text.at(j) == u')' || text.at(j) == QChar(0x201D) || text.at(j) == QChar(0x2019))) {
            ++j;
        }
        const int closeEnd = j;
        while (j < n && isSpace(text.at(j))) {
            ++j;
        }
        if (j == closeEnd || j >= n || !text.at(j).isDigit()) {
            continue;
        }
        // the token before the full stop
        int s = i;
        while (s > 0 && !isSpace(text.at(s - 1))) {
            --s;
        }
        QStringView word = QStringView(text).mid(s, i - s);
        while (!word.isEmpty() && !word.front().isLetterOrNumber()) {
            word = word.mid(1);
        }
        if (word.isEmpty() || isNumberAbbreviation(word)) {
            continue;
        }
        out << j;
    }
    return out;
}

// ---- Chinese statistical tables printed as one run-on line ----
// The archive's Chinese text sometimes prints a table (name, quantity with unit, change) with
// several rows on one line: the cells are separated by runs of (ideographic) spaces, but one
// row's last cell runs straight into the next row's name ("纱　454万吨　3.9布　176亿米　1.7…"),
// often after a lead-in ("主要工业品产量如下：") and a header ("1988年　比上年增长百分比").

bool isDigitChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= 0xFF10 && u <= 0xFF19);
}

// Length of the number at the start of s: optional sign, digits, decimal point ("－10.0",
// "２．７５", "．８" with its leading digit lost); 0 if s does not start with a number.
int leadingNumber(QStringView s)
{
    int i = 0;
    if (i < s.size() && (s.at(i) == u'-' || s.at(i) == u'+' || s.at(i) == QChar(0xFF0D) || s.at(i) == QChar(0xFF0B) || s.at(i) == QChar(0x2212))) {
        ++i;
    }
    bool digits = false;
    while (i < s.size()) {
        const QChar c = s.at(i);
        if (isDigitChar(c)) {
            digits = true;
            ++i;
        } else if ((c == u'.' || c == QChar(0xFF0E) || ((c == u',' || c == QChar(0xFF0C)) && digits)) && i + 1 < s.size() && isDigitChar(s.at(i + 1))) {
            ++i;
        } else {
            break;
        }
    }
    return digits ? i : 0;
}

// After a quantity cell, is the text after the next number its unit (a further quantity column:
// "5000万吨　4800万吨", "1989年　1990年") rather than the next row's name ("3.9布")? Units of such
// columns start with a magnitude (万 亿 千 百) or percent sign, or repeat the previous cell's unit.
// No list of measure words: 家(用), 个(体), 种(植), 公(路) start names as often as they are units.
bool continuesAsUnit(QStringView tail, QStringView previousUnit)
{
    if (tail.isEmpty()) {
        return true;
    }
    static const QString magnitudes = u"万亿千百兆％%‰倍"_s;
    return magnitudes.contains(tail.front()) || (!previousUnit.isEmpty() && tail.front() == previousUnit.front());
}

// Words that stand for a number in a change column ("unchanged").
int leadingChangeWord(QStringView s)
{
    for (const QString &w : {u"持平"_s}) {
        if (s.startsWith(w)) {
            return int(w.size());
        }
    }
    return 0;
}

struct Field {
    int start;
    int end;
};

} // namespace

QList<TextRange> splitChineseTableRows(const QString &text, TextRange range)
{
    QList<TextRange> whole{range};
    const int rEnd = range.start + range.length;
    QList<Field> fields;
    for (int i = range.start; i < rEnd;) {
        while (i < rEnd && isSpace(text.at(i))) {
            ++i;
        }
        if (i >= rEnd) {
            break;
        }
        int e = i;
        while (e < rEnd && !isSpace(text.at(e))) {
            ++e;
        }
        fields.append({i, e});
        i = e;
    }
    if (fields.size() < 2) {
        return whole;
    }
    QList<int> cuts;
    // Lead-in: the first field ends in a colon clause of 4+ characters ("主要工业品产量如下："; not
    // a sub-row label "其中："), possibly with the table's first cell glued to it.
    int tableFrom = 0; // first field of the table part
    int tableStart = fields[0].start;
    {
        const QStringView f0 = QStringView(text).mid(fields[0].start, fields[0].end - fields[0].start);
        for (int k = 4; k < f0.size(); ++k) {
            if (f0.at(k) == QChar(0xFF1A) || f0.at(k) == u':') {
                if (k + 1 == f0.size()) {
                    tableFrom = 1;
                    tableStart = fields[1].start;
                } else if (isDigitChar(f0.at(k + 1))) {
                    tableStart = fields[0].start + k + 1;
                }
                break;
            }
        }
    }
    // The table part must look like one: no sentence punctuation, short cells, numbers in at
    // least a third of them (and two at least). Prose with a stray space fails the first test,
    // a list of names the last.
    int numeric = 0;
    const int nTable = int(fields.size()) - tableFrom;
    for (int k = tableFrom; k < fields.size(); ++k) {
        const int s = k == tableFrom ? tableStart : fields[k].start;
        const QStringView f = QStringView(text).mid(s, fields[k].end - s);
        if (f.size() > 24) {
            return whole;
        }
        for (int i = 0; i < f.size(); ++i) {
            const QChar c = f.at(i);
            // a full-width comma between digits groups thousands (1，000)
            const bool grouping = c == QChar(0xFF0C) && i > 0 && i + 1 < f.size() && isDigitChar(f.at(i - 1)) && isDigitChar(f.at(i + 1));
            if ((c == QChar(0x3002) || c == QChar(0xFF0C) || c == QChar(0xFF1B) || c == QChar(0xFF01) || c == QChar(0xFF1F) || c == u';' || c == u'!'
                 || c == u'?')
                && !grouping) {
                return whole;
            }
        }
        numeric += leadingNumber(f) > 0;
    }
    if (nTable < 2 || numeric < 2 || numeric * 3 < nTable) {
        return whole;
    }
    if (tableStart > fields[0].start) {
        cuts << tableStart;
    }
    // Row ends inside the table part. A field's end is either a quantity (it starts with a number
    // and was not cut: "454万吨", "3.9") or a name; a change figure follows a quantity.
    bool afterQuantity = false;
    QStringView previousUnit;
    for (int k = tableFrom; k < fields.size(); ++k) {
        const int s = k == tableFrom ? tableStart : fields[k].start;
        const QStringView f = QStringView(text).mid(s, fields[k].end - s);
        int n = leadingNumber(f);
        const bool quantity = n > 0;
        bool cut = false;
        // a header cell ending in 百分比 / ％ runs into the first row's name
        for (const QString &mark : {u"百分比"_s, u"％"_s, u"%"_s}) {
            const int p = int(f.indexOf(mark));
            if (p >= 0 && p + mark.size() < f.size() && isCjkIdeograph(f.at(p + mark.size()))) {
                cuts << s + p + int(mark.size());
                cut = true;
                break;
            }
        }
        if (!cut && afterQuantity) {
            // after a quantity: a change figure, then (glued) the next row's name. A change figure
            // is signed or has decimals (3.9, －10.0, 0.1) or is a word (持平); a bare integer with a
            // character after it is more likely a date or a count ("２月２８日　３时１５分").
            bool figure = n > 0 && std::any_of(f.begin(), f.begin() + n, [](QChar c) {
                              return c == u'.' || c == QChar(0xFF0E) || c == u'-' || c == u'+' || c == QChar(0xFF0D) || c == QChar(0xFF0B) || c == QChar(0x2212);
                          });
            if (n == 0) {
                n = leadingChangeWord(f);
                figure = n > 0;
            }
            if (figure && n < f.size() && isCjkIdeograph(f.at(n)) && !continuesAsUnit(f.mid(n), previousUnit)) {
                cuts << s + n;
                cut = true;
            } else if (n > 0 && (n == f.size() || f.mid(n) == u"％"_s || f.mid(n) == u"%"_s) && k + 1 < fields.size()
                       && leadingNumber(QStringView(text).mid(fields[k + 1].start, fields[k + 1].end - fields[k + 1].start)) == 0) {
                // ... or a bare change figure, then a name in the next field
                cuts << fields[k + 1].start;
            }
        }
        afterQuantity = quantity && !cut;
        previousUnit = afterQuantity ? f.mid(leadingNumber(f)) : QStringView();
    }
    if (cuts.isEmpty()) {
        return whole;
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    QList<TextRange> out;
    int start = range.start;
    cuts << rEnd;
    for (int c : std::as_const(cuts)) {
        int a = start, b = c;
        while (a < b && isSpace(text.at(a))) {
            ++a;
        }
        while (b > a && isSpace(text.at(b - 1))) {
            --b;
        }
        if (b > a) {
            out.append({a, b - a});
        }
        start = c;
    }
    return out;
}

QList<TextRange> splitEnglishSentences(const QString &text)
{
    QList<int> icu = icuBoundaries(text, true);
    for (int b : digitStartBoundaries(text)) {
        if (!icu.contains(b)) {
            icu << b;
        }
    }
    std::sort(icu.begin(), icu.end());
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
            if (e < text.size() && !isZhTerminal(text.at(e)) && text.at(e) != QChar(0xFF0C) && text.at(e) != QChar(0x3001) && text.at(e) != QChar(0xFF1B)
                && text.at(e) != QChar(0xFF1A) && !text.at(e).isPunct()) {
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
    // a sentence that is a run-on table line (or ends in one after its lead-in) is cut into rows
    QList<TextRange> out;
    for (const TextRange &r : toRanges(text, ends)) {
        out.append(splitChineseTableRows(text, r));
    }
    return out;
}

// ---- Chinese lists printed as one run-on line, cut by the English rows ----

namespace
{

// Every initial + final combination (over-generates a little: "bv"; enough to tell pinyin from
// English words, which nearly always hold a consonant cluster or a final consonant pinyin lacks).
const QSet<QString> &pinyinSyllableSet()
{
    static const QSet<QString> set = [] {
        const QStringList initials = {QString(), u"b"_s, u"p"_s, u"m"_s,  u"f"_s,  u"d"_s,  u"t"_s, u"n"_s, u"l"_s, u"g"_s, u"k"_s, u"h"_s,
                                      u"j"_s,    u"q"_s, u"x"_s, u"zh"_s, u"ch"_s, u"sh"_s, u"r"_s, u"z"_s, u"c"_s, u"s"_s, u"y"_s, u"w"_s};
        const QStringList finals = {u"a"_s,    u"o"_s,   u"e"_s,   u"i"_s,   u"u"_s,  u"v"_s,   u"ai"_s,  u"ei"_s,   u"ao"_s,  u"ou"_s, u"an"_s,   u"en"_s,
                                    u"ang"_s,  u"eng"_s, u"ong"_s, u"er"_s,  u"ia"_s, u"ie"_s,  u"iao"_s, u"iu"_s,   u"ian"_s, u"in"_s, u"iang"_s, u"ing"_s,
                                    u"iong"_s, u"ua"_s,  u"uo"_s,  u"uai"_s, u"ui"_s, u"uan"_s, u"un"_s,  u"uang"_s, u"ue"_s,  u"ve"_s, u"io"_s};
        QSet<QString> out;
        for (const QString &i : initials) {
            for (const QString &f : finals) {
                out.insert(i + f);
            }
        }
        return out;
    }();
    return set;
}

// Fewest pinyin syllables that spell the word (lower case, no apostrophes); 0 if none do.
int pinyinWordSyllables(const QString &w)
{
    const int n = int(w.size());
    std::vector<int> best(size_t(n) + 1, -1);
    best[0] = 0;
    for (int i = 0; i < n; ++i) {
        if (best[size_t(i)] < 0) {
            continue;
        }
        for (int len = 1; len <= 6 && i + len <= n; ++len) {
            if (pinyinSyllableSet().contains(w.mid(i, len))) {
                int &b = best[size_t(i + len)];
                if (b < 0 || b > best[size_t(i)] + 1) {
                    b = best[size_t(i)] + 1;
                }
            }
        }
    }
    return std::max(best[size_t(n)], 0);
}

} // namespace

int pinyinNameSyllables(QStringView text)
{
    const QList<QStringView> words = text.trimmed().split(u' ', Qt::SkipEmptyParts);
    if (words.size() < 2 || words.size() > 3) {
        return 0;
    }
    int total = 0;
    for (QStringView w : words) {
        if (!w.front().isUpper()) {
            return 0;
        }
        // "Ji'en", "Chang-an": the apostrophe or hyphen separates syllables
        static const QRegularExpression syllableBreak(u"['\u2019-]"_s); // (compiled once: called for every cell of every list tried)
        for (QStringView part : w.split(syllableBreak, Qt::SkipEmptyParts)) {
            QString low = part.toString().toLower().replace(QChar(0xFC), u'v');
            for (QChar c : std::as_const(low)) {
                if (c < u'a' || c > u'z') {
                    return 0;
                }
            }
            const int s = pinyinWordSyllables(low);
            if (s == 0) {
                return 0;
            }
            total += s;
        }
    }
    return total >= 2 && total <= 4 ? total : 0;
}

QStringList tableRowCells(QStringView row)
{
    QStringList out;
    const int n = int(row.size());
    int i = 0;
    while (i < n) {
        while (i < n && isSpace(row.at(i))) {
            ++i;
        }
        if (i >= n) {
            break;
        }
        int e = i;
        while (e < n) {
            if (row.at(e) == QChar(0x3000) || row.at(e) == u'\t' || (row.at(e).isSpace() && e + 1 < n && isSpace(row.at(e + 1)))) {
                break;
            }
            ++e;
        }
        out << row.mid(i, e - i).trimmed().toString();
        i = e;
    }
    return out;
}

QList<TextRange> splitChineseListRows(const QString &text, TextRange range, const QList<QStringList> &englishRows, double *cost)
{
    struct Cell {
        int syllables; // > 0: a romanised name, that many characters
        int enLen;
    };
    std::vector<Cell> cells;
    std::vector<int> rowEnd; // one past each row's last cell
    int names = 0;
    for (const QStringList &row : englishRows) {
        if (row.isEmpty()) {
            return {};
        }
        for (const QString &c : row) {
            const int s = pinyinNameSyllables(c);
            names += s > 0;
            int len = 0;
            for (QChar ch : c) {
                len += !ch.isSpace();
            }
            cells.push_back({s, std::max(len, 1)});
        }
        rowEnd.push_back(int(cells.size()));
    }
    const int nCells = int(cells.size());
    const int b = range.start, e = range.start + range.length;
    if (englishRows.size() < 3 || nCells < 6 || e > text.size()) {
        return {};
    }
    for (int i = b; i < e; ++i) {
        if (isZhTerminal(text.at(i))) {
            return {}; // prose, not a list
        }
    }
    const auto skipSep = [&](int p) {
        while (p < e && isSpace(text.at(p))) {
            ++p;
        }
        return p;
    };
    const auto atSep = [&](int q) {
        return q >= e || isSpace(text.at(q));
    };
    const auto nextSep = [&](int p) {
        while (p < e && !isSpace(text.at(p))) {
            ++p;
        }
        return p;
    };
    // Costs: a missing separator 1 (0.5 between rows), a name whose length is not its syllable count 1.5, and a weak
    // length term for other cells (English characters per Chinese character about 3 in such lists).
    // A row boundary without separator costs half: the line breaks between rows are what the
    // run-on line lost, the cells inside a row mostly keep theirs.
    constexpr double gluedCost = 1.0, wrongNameCost = 1.5, lengthWeight = 0.4, ratio = 3.0;
    std::vector<bool> endsRow(size_t(nCells), false);
    for (int r : rowEnd) {
        endsRow[size_t(r) - 1] = true;
    }
    const auto glued = [&](int j) {
        return endsRow[size_t(j)] ? gluedCost / 2 : gluedCost;
    };
    const auto lengthCost = [&](int zhLen, int enLen) {
        return lengthWeight * std::abs(std::log(double(zhLen) * ratio / enLen));
    };
    struct State {
        int pos; // where the next cell starts
        double cost;
        int prev; // index in the previous layer
        int start, end; // this cell's range
        int glued, misnamed;
    };
    std::vector<std::vector<State>> layers(size_t(nCells) + 1);
    layers[0].push_back({skipSep(b), 0.0, -1, b, b, 0, 0});
    // where the state at each position is in the layer being made (-1: none), so that a new
    // state finds the one it may replace at once (a search of the layer was quadratic in it)
    std::vector<int> statesAt(size_t(e - b) + 1, -1);
    for (int j = 0; j < nCells; ++j) {
        std::vector<State> &next = layers[size_t(j) + 1];
        const std::vector<State> &cur = layers[size_t(j)];
        for (int si = 0; si < int(cur.size()); ++si) {
            const State s = cur[size_t(si)];
            const int p = s.pos;
            const auto add = [&](int q, double c, bool glued, bool misnamed) {
                const int pos = skipSep(q);
                if (j + 1 == nCells ? pos != e : pos >= e) {
                    return;
                }
                const State n{pos, s.cost + c, si, p, q, s.glued + glued, s.misnamed + misnamed};
                int &at = statesAt[size_t(pos - b)];
                if (at >= 0) {
                    State &o = next[size_t(at)];
                    if (n.cost < o.cost) {
                        o = n;
                    }
                    return;
                }
                at = int(next.size());
                next.push_back(n);
            };
            const Cell &c = cells[size_t(j)];
            if (c.syllables > 0) {
                for (int want : {c.syllables, c.syllables - 1, c.syllables + 1}) {
                    if (want < 1) {
                        continue;
                    }
                    int q = p, count = 0;
                    bool crossed = false;
                    while (q < e && count < want) {
                        if (isSpace(text.at(q))) {
                            if (count == 1 && !crossed) { // a two-character name padded: 李　英
                                q = skipSep(q);
                                crossed = true;
                                continue;
                            }
                            break;
                        }
                        ++count;
                        ++q;
                    }
                    const bool sep = atSep(q);
                    if (count != want || (want != c.syllables && !sep)) {
                        continue;
                    }
                    add(q, (sep ? 0.0 : glued(j)) + (want != c.syllables ? wrongNameCost : 0.0), !sep, want != c.syllables);
                }
            } else {
                const int f = nextSep(p);
                add(f, lengthCost(f - p, c.enLen), false, false);
                if (j + 1 < nCells) {
                    const Cell &n = cells[size_t(j) + 1];
                    if (n.syllables > 0) {
                        // the next cells, names, glued to this one's end: a seeker, and the next
                        // row's name after it ("…二五号薛练柔黄悦华")
                        int q = f;
                        for (int k = j + 1; k < nCells && k <= j + 2 && cells[size_t(k)].syllables > 0; ++k) {
                            q -= cells[size_t(k)].syllables;
                            if (q > p) {
                                add(q, glued(j) + lengthCost(q - p, c.enLen), true, false);
                            }
                        }
                    } else {
                        for (int q = p + 1; q < f; ++q) {
                            add(q, glued(j) + lengthCost(q - p, c.enLen), true, false);
                        }
                    }
                }
            }
        }
        for (const State &n : next) {
            statesAt[size_t(n.pos - b)] = -1;
        }
        if (next.empty()) {
            return {};
        }
    }
    const State &last = layers[size_t(nCells)].front();
    if (last.glued * 2 > nCells - 1 || last.misnamed > names / 10 + 1) {
        return {};
    }
    // cell ranges, back from the end
    std::vector<std::pair<int, int>> cellRange(static_cast<size_t>(nCells));
    int si = 0;
    for (int j = nCells; j > 0; --j) {
        const State &s = layers[size_t(j)][size_t(si)];
        cellRange[size_t(j) - 1] = {s.start, s.end};
        si = s.prev;
    }
    QList<TextRange> out;
    int first = 0;
    for (int r : rowEnd) {
        const int s = cellRange[size_t(first)].first;
        const int t = cellRange[size_t(r) - 1].second;
        out.append({s, t - s});
        first = r;
    }
    if (cost) {
        *cost = last.cost;
    }
    return out;
}

QList<TextRange> splitBlockSegments(const QString &text, BlockKind kind, Language language)
{
    const bool english = language == Language::English;
    if (kind == BlockKind::Paragraph) {
        return english ? splitEnglishSentences(text) : splitChineseSentences(text);
    }
    if (kind == BlockKind::TableRow && !english) {
        const QList<TextRange> whole = toRanges(text, {int(text.size())});
        if (whole.size() == 1) {
            return splitChineseTableRows(text, whole.first());
        }
    }
    return {};
}

} // namespace Okb
