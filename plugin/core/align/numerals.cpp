// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/numerals.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

int digitValue(QChar c)
{
    switch (c.unicode()) {
    case 0x3007: // 〇
    case 0x96F6: // 零
        return 0;
    case 0x4E00: // 一
        return 1;
    case 0x4E8C: // 二
    case 0x4E24: // 两
        return 2;
    case 0x4E09:
        return 3;
    case 0x56DB:
        return 4;
    case 0x4E94:
        return 5;
    case 0x516D:
        return 6;
    case 0x4E03:
        return 7;
    case 0x516B:
        return 8;
    case 0x4E5D:
        return 9;
    default:
        return -1;
    }
}

qint64 unitValue(QChar c)
{
    switch (c.unicode()) {
    case 0x5341: // 十
        return 10;
    case 0x767E: // 百
        return 100;
    case 0x5343: // 千
        return 1000;
    case 0x4E07: // 万
        return 10000;
    case 0x4EBF: // 亿
        return 100000000;
    default:
        return 0;
    }
}

bool isNumeralChar(QChar c)
{
    return digitValue(c) >= 0 || unitValue(c) > 0;
}

} // namespace

qint64 chineseNumeralValue(QStringView run)
{
    if (run.isEmpty()) {
        return -1;
    }
    bool hasUnit = false;
    for (QChar c : run) {
        if (!isNumeralChar(c)) {
            return -1;
        }
        hasUnit = hasUnit || unitValue(c) > 0;
    }
    if (!hasUnit) {
        qint64 v = 0;
        for (QChar c : run) {
            v = v * 10 + digitValue(c);
        }
        return v;
    }
    // Positional with units: sections separated by 万 / 亿.
    qint64 total = 0; // completed 亿 part
    qint64 section = 0; // completed 万 part, below 亿
    qint64 current = 0; // below 万
    qint64 digit = -1;
    for (QChar c : run) {
        const int d = digitValue(c);
        if (d >= 0) {
            digit = d;
            continue;
        }
        const qint64 u = unitValue(c);
        if (u == 100000000) {
            current += digit > 0 ? digit : 0;
            total = (total + section + current) * u;
            section = current = 0;
        } else if (u == 10000) {
            current += digit > 0 ? digit : 0;
            section = (section + current) * u;
            current = 0;
        } else {
            current += (digit >= 0 ? (digit == 0 ? 0 : digit) : 1) * u;
        }
        digit = -1;
    }
    if (digit > 0) {
        current += digit;
    }
    return total + section + current;
}

// foldWidth() of one character
static inline QChar foldChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= 0xFF01 && u <= 0xFF5E) {
        return QChar(char16_t(u - 0xFEE0));
    }
    return u == 0x3000 ? QChar(u' ') : c;
}

QString foldWidth(const QString &text)
{
    // NFKC maps the full-width forms (U+FF01..FF5E) to ASCII; CJK ideographs are unaffected.
    QString out = text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if (u >= 0xFF01 && u <= 0xFF5E) {
            c = QChar(u - 0xFEE0);
        } else if (u == 0x3000) {
            c = u' ';
        }
    }
    return out;
}

// foldWidth() without the copy when the text has no full-width forms (the common case).
static QString foldWidthIfNeeded(const QString &input)
{
    for (const QChar ch : input) {
        if ((ch.unicode() >= 0xFF01 && ch.unicode() <= 0xFF5E) || ch.unicode() == 0x3000) {
            return foldWidth(input);
        }
    }
    return input;
}

QList<QString> chineseNumbers(const QString &input, int *mentions)
{
    int count = 0;
    // Read through foldChar() instead of folding a copy: Chinese text nearly always has full-width
    // punctuation, so foldWidthIfNeeded() copied almost every sentence. (Numeral runs are CJK
    // characters, which folding leaves alone: views of them are views of the input.)
    const QString &text = input;
    const auto at = [&text](int k) {
        return foldChar(text.at(k));
    };
    QList<QString> out;
    const int n = text.size();
    int i = 0;
    while (i < n) {
        const QChar c = at(i);
        if (c.isDigit() && c.unicode() < 128) {
            int j = i;
            QString num;
            while (j < n
                   && ((at(j).isDigit() && at(j).unicode() < 128) || at(j) == u','
                       || (at(j) == u'.' && j + 1 < n && at(j + 1).isDigit()))) {
                if (at(j) != u',') {
                    num += at(j);
                }
                ++j;
            }
            while (num.contains(u'.') && (num.endsWith(u'0') || num.endsWith(u'.'))) {
                num.chop(1);
            }
            // strip leading zeros ("05")
            while (num.size() > 1 && num.startsWith(u'0') && num.at(1) != u'.') {
                num.remove(0, 1);
            }
            out << num;
            ++count;
            i = j;
            continue;
        }
        if (isNumeralChar(c)) {
            int j = i;
            while (j < n && isNumeralChar(at(j))) {
                ++j;
            }
            const QStringView run = QStringView(text).mid(i, j - i);
            const QChar before = i > 0 ? at(i - 1) : QChar();
            const QChar after = j < n ? at(j) : QChar();
            bool hasUnit = false;
            for (QChar r : run) {
                hasUnit = hasUnit || unitValue(r) > 0;
            }
            const bool dateOrEnum = after == QChar(0x5E74) || after == QChar(0x6708) || after == QChar(0x65E5) || after == QChar(0x53F7)
                || after == QChar(0x3001) || before == QChar(0x7B2C) || (before == u'(' && after == u')') /* （…）, folded */ || after == u'%'
                || after == QChar(0x500D) /* 倍 */;
            if (run.size() == 1 && run.front() == QChar(0x4E00) && !dateOrEnum) {
                i = j; // 一 as "a"/"one" is too common to be an anchor
                continue;
            }
            if (!hasUnit && run.size() == 2 && !dateOrEnum) {
                // 七八 "seven or eight", 三八(线) "38th": offer both readings
                out << QString::number(digitValue(run.at(0))) << QString::number(digitValue(run.at(1)));
            }
            // "百分之" / bare units like 百 alone ("hundreds") are not numbers
            if (run.size() == 1 && unitValue(run.front()) > 10) {
                i = j;
                continue;
            }
            const qint64 v = chineseNumeralValue(run);
            ++count;
            if (v >= 0) {
                // decimal point: 八点五 / 百分之八点五
                if (after == QChar(0x70B9) && j + 1 < n && isNumeralChar(at(j + 1))) {
                    int k = j + 1;
                    QString frac;
                    while (k < n && digitValue(at(k)) >= 0) {
                        frac += QString::number(digitValue(at(k)));
                        ++k;
                    }
                    if (!frac.isEmpty()) {
                        out << QString::number(v) + u'.' + frac;
                        i = k;
                        continue;
                    }
                }
                out << QString::number(v);
            }
            i = j;
            continue;
        }
        ++i;
    }
    if (mentions) {
        *mentions = count;
    }
    return out;
}

// first letters of the number words and month names
// An ASCII word of at most 12 letters, lower-cased, 5 bits per letter; 0 for anything else.
static uint64_t packedLowerAscii(QStringView w)
{
    if (w.size() > 12) {
        return 0;
    }
    uint64_t k = 0;
    for (QChar ch : w) {
        char16_t u = ch.unicode();
        if (u >= u'A' && u <= u'Z') {
            u = char16_t(u + 32);
        }
        if (u < u'a' || u > u'z') {
            return 0;
        }
        k = (k << 5) | uint64_t(u - u'a' + 1);
    }
    return k;
}

static const QString &wordTable()
{
    static const QString letters = u"zotfsenhmbjad"_s;
    return letters;
}

QList<QString> englishNumbers(const QString &input, int *mentions)
{
    int count = 0;
    static const QHash<QString, int> words = [] {
        QHash<QString, int> w;
        const char *const small[] = {"zero",   "one",    "two",      "three",    "four",    "five",    "six",       "seven",    "eight",    "nine",  "ten",
                                     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
        for (int k = 0; k <= 20; ++k) {
            w.insert(QString::fromLatin1(small[k]), k);
        }
        const char *const tens[] = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int k = 0; k < 7; ++k) {
            w.insert(QString::fromLatin1(tens[k]), 30 + 10 * k);
        }
        const char *const ord[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"};
        for (int k = 0; k < 10; ++k) {
            w.insert(QString::fromLatin1(ord[k]), k + 1);
        }
        const char *const months[] = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"};
        for (int k = 0; k < 12; ++k) {
            w.insert(QString::fromLatin1(months[k]), k + 1);
        }
        w.insert(u"hundred"_s, 100);
        w.insert(u"thousand"_s, 1000);
        w.insert(u"million"_s, 1000000);
        w.insert(u"billion"_s, 100000000); // 亿 is 1e8: closest anchor
        w.insert(u"half"_s, 2);
        return w;
    }();
    const QString text = foldWidthIfNeeded(input);
    QList<QString> out;
    const int n = text.size();
    int i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c.isDigit() && c.unicode() < 128) {
            int j = i;
            QString num;
            while (j < n
                   && ((text.at(j).isDigit() && text.at(j).unicode() < 128)
                       || ((text.at(j) == u',' || text.at(j) == u'.') && j + 1 < n && text.at(j + 1).isDigit() && text.at(j + 1).unicode() < 128))) {
                if (text.at(j) != u',') {
                    num += text.at(j);
                }
                ++j;
            }
            while (num.contains(u'.') && (num.endsWith(u'0') || num.endsWith(u'.'))) {
                num.chop(1);
            }
            while (num.size() > 1 && num.startsWith(u'0') && num.at(1) != u'.') {
                num.remove(0, 1);
            }
            // "2.13 million" -> also the integer value
            int k = j;
            while (k < n && text.at(k) == u' ') {
                ++k;
            }
            out << num;
            ++count;
            if (text.mid(k, 7) == u"million"_s || text.mid(k, 8) == u"thousand"_s || text.mid(k, 7) == u"billion"_s) {
                const double mult = text.mid(k, 7) == u"million"_s ? 1e6 : text.mid(k, 8) == u"thousand"_s ? 1e3 : 1e9;
                const double v = num.toDouble() * mult;
                out << QString::number(qint64(v));
                // the same amount in 万 (1e4) and 亿 (1e8) units: 2.7 million = 270万, 543 billion = 5430亿
                for (double unit : {1e4, 1e8}) {
                    const double u = v / unit;
                    if (u >= 1 && std::fabs(u - std::round(u * 100) / 100) < 1e-9) {
                        out << QString::number(u, 'g', 12);
                    }
                }
            }
            i = j;
            continue;
        }
        if (c.isLetter()) {
            int j = i;
            while (j < n && text.at(j).isLetter()) {
                ++j;
            }
            // quick reject without allocating: number words and months are 3..9 ASCII letters
            // (wordTable() as a bit mask: c is an ASCII letter here, c | 0x20 its lower case)
            static const uint32_t firstLetters = [] {
                uint32_t m = 0;
                for (QChar l : wordTable()) {
                    m |= uint32_t(1) << (l.unicode() - u'a');
                }
                return m;
            }();
            if (j - i < 3 || j - i > 9 || c.unicode() > 127 || !((firstLetters >> ((c.unicode() | 0x20) - u'a')) & 1)) {
                i = j;
                continue;
            }
            // second quick reject: the word, lower-cased and packed, is not one of `words` (a word
            // with a non-ASCII letter cannot lower-case to one: none contains the Kelvin sign's k)
            static const std::vector<uint64_t> packedWords = [] {
                std::vector<uint64_t> v;
                for (auto it = words.cbegin(); it != words.cend(); ++it) {
                    v.push_back(packedLowerAscii(QStringView(it.key())));
                }
                std::sort(v.begin(), v.end());
                return v;
            }();
            if (!std::binary_search(packedWords.begin(), packedWords.end(), packedLowerAscii(QStringView(text).mid(i, j - i)))) {
                i = j;
                continue;
            }
            const QString w = text.mid(i, j - i).toLower();
            const auto it = words.constFind(w);
            if (it != words.cend() && !(w == u"may"_s && c.isLower()) && !(w == u"march"_s && c.isLower()) && !(w == u"second"_s)) {
                out << QString::number(it.value());
                ++count;
                // "three hundred and seventy-six", "six hundred": the composed value too
                static const QSet<QString> cardinals = {u"one"_s,     u"two"_s,     u"three"_s,     u"four"_s,     u"five"_s,     u"six"_s,      u"seven"_s,
                                                        u"eight"_s,   u"nine"_s,    u"ten"_s,       u"eleven"_s,   u"twelve"_s,   u"thirteen"_s, u"fourteen"_s,
                                                        u"fifteen"_s, u"sixteen"_s, u"seventeen"_s, u"eighteen"_s, u"nineteen"_s, u"twenty"_s,   u"thirty"_s,
                                                        u"forty"_s,   u"fifty"_s,   u"sixty"_s,     u"seventy"_s,  u"eighty"_s,   u"ninety"_s};
                if (cardinals.contains(w)) {
                    qint64 total = 0, current = it.value();
                    bool composed = false;
                    int k = j;
                    for (;;) {
                        int s = k;
                        while (s < n && (text.at(s) == u' ' || text.at(s) == u'-')) {
                            ++s;
                        }
                        int t = s;
                        while (t < n && text.at(t).isLetter()) {
                            ++t;
                        }
                        QString next = text.mid(s, t - s).toLower();
                        if (next == u"and"_s) {
                            k = t;
                            continue;
                        }
                        const auto nt = words.constFind(next);
                        if (t == s || nt == words.cend() || !(cardinals.contains(next) || nt.value() >= 100) || next == u"billion"_s) {
                            break;
                        }
                        const qint64 v = nt.value();
                        if (v == 100) {
                            current *= 100;
                        } else if (v >= 1000) {
                            total += current * v;
                            current = 0;
                        } else {
                            current += v;
                        }
                        composed = true;
                        k = t;
                    }
                    if (composed) {
                        out << QString::number(total + current);
                    }
                }
            }
            i = j;
            continue;
        }
        ++i;
    }
    if (mentions) {
        *mentions = count;
    }
    return out;
}

int chineseEnumerator(const QString &input)
{
    // foldWidth(input).trimmed() of the first 8 characters only: an enumerator is at most
    // "(" + 4 numerals + its closing mark, and no copy of the whole sentence is needed
    qsizetype s = 0, e = input.size();
    while (s < e && foldChar(input.at(s)).isSpace()) {
        ++s;
    }
    while (e > s && foldChar(input.at(e - 1)).isSpace()) {
        --e;
    }
    QChar buf[8];
    const qsizetype len = std::min<qsizetype>(8, e - s);
    for (qsizetype k = 0; k < len; ++k) {
        buf[k] = foldChar(input.at(s + k));
    }
    const QStringView text(buf, len);
    if (text.isEmpty()) {
        return 0;
    }
    static const QString stems = u"甲乙丙丁戊己庚辛壬癸"_s;
    int i = 0;
    const bool paren = text.at(0) == u'(';
    if (paren) {
        ++i;
    }
    int j = i;
    if (j < text.size() && stems.contains(text.at(j))) {
        const int v = int(stems.indexOf(text.at(j))) + 1;
        if (j + 1 < text.size() && (text.at(j + 1) == QChar(0x3001) || text.at(j + 1) == u')' || text.at(j + 1) == u'.')) {
            return v;
        }
        return 0;
    }
    while (j < text.size() && (isNumeralChar(text.at(j)) || (text.at(j).isDigit() && text.at(j).unicode() < 128))) {
        ++j;
    }
    if (j == i || j - i > 4 || j >= text.size()) {
        return 0;
    }
    const QChar after = text.at(j);
    if (!(after == QChar(0x3001) || (paren && after == u')') || after == u'.')) {
        return 0;
    }
    const QStringView run = text.mid(i, j - i);
    if (run.front().isDigit() && run.front().unicode() < 128) {
        return run.toInt();
    }
    return int(chineseNumeralValue(run));
}

int englishEnumerator(const QString &input)
{
    const QString text = input.trimmed();
    int i = 0;
    const bool paren = text.startsWith(u'(');
    if (paren) {
        ++i;
    }
    int j = i;
    while (j < text.size() && text.at(j).isLetterOrNumber() && j - i < 6) {
        ++j;
    }
    if (j == i || j >= text.size() || !(text.at(j) == u'.' || text.at(j) == u')')) {
        return 0;
    }
    const QString tok = text.mid(i, j - i);
    bool ok = false;
    const int num = tok.toInt(&ok);
    if (ok) {
        return num;
    }
    // Roman numerals I..XXXIX
    static const QString romanChars = u"IVXL"_s;
    bool roman = true;
    for (QChar c : tok) {
        roman = roman && romanChars.contains(c);
    }
    if (roman) {
        auto val = [](QChar c) {
            return c == u'I' ? 1 : c == u'V' ? 5 : c == u'X' ? 10 : 50;
        };
        int v = 0;
        for (int k = 0; k < tok.size(); ++k) {
            const int cur = val(tok.at(k));
            const int next = k + 1 < tok.size() ? val(tok.at(k + 1)) : 0;
            v += cur < next ? -cur : cur;
        }
        return v;
    }
    if (tok.size() == 1 && tok.at(0).isUpper()) {
        return tok.at(0).unicode() - u'A' + 1;
    }
    return 0;
}

} // namespace Okb
