// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The article parser: English header, English body, **Named Entities** glossary, <hr />,
// Original:, Chinese header (### / author / date / 第N版(栏目) / 专栏：), Chinese body; continued
// parts; Chinese-only raw archive files. Everything is a single forward pass over the lines plus
// per-block classification, so the time is linear in the input size; regular expressions only
// ever see short strings.

#include "parse/articleparser.h"
#include "parse/annotationtrailer.h"
#include "parse/parseutil.h"

#include <KLocalizedString>

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Okb
{

using namespace ParseUtil;

namespace
{

constexpr qint64 kMaxFileSize = 64LL * 1024 * 1024;

struct Line {
    QStringView text; // without the line ending
    int number = 0; // 1-based
};

// ---------------------------------------------------------------------------------------------
// Character classes

bool isSentenceFinal(QChar c)
{
    switch (c.unicode()) {
    case u'。':
    case u'！':
    case u'？':
    case u'.':
    case u'!':
    case u'?':
    case u'；':
    case u';':
        return true;
    default:
        return false;
    }
}

// Punctuation that closes a sentence or a quotation: a line ending in one of these is complete.
bool isClosingPunct(QChar c)
{
    if (isSentenceFinal(c)) {
        return true;
    }
    switch (c.unicode()) {
    case u'”':
    case u'’':
    case u'"':
    case u'\'':
    case u'」':
    case u'』':
    case u'）':
    case u')':
    case u'：':
    case u':':
    case u'】':
    case u']':
    case u'》':
        return true;
    default:
        return false;
    }
}

// A line ending that suggests a verse or a clause continues: comma-like, dash, ellipsis, or no
// punctuation at all.
bool isSoftEnding(QChar c)
{
    if (isClosingPunct(c)) {
        return false;
    }
    return true; // ，, 、 — … letters, ideographs, digits
}

bool isIdeograph(QChar c)
{
    return isHan(c.unicode());
}

// Letters and digits only, NFKC, lower case: for comparing titles/authors across spacing and
// full/half-width differences. Only ever called on short strings.
QString matchKey(QStringView s)
{
    const QString n = s.toString().normalized(QString::NormalizationForm_KC).toCaseFolded();
    QString out;
    out.reserve(n.size());
    for (QChar c : n) {
        if (c.isLetterOrNumber()) {
            out.append(c);
        }
    }
    return out;
}

int nonWsLength(QStringView s)
{
    int n = 0;
    for (QChar c : s) {
        if (!isWs(c)) {
            ++n;
        }
    }
    return n;
}

// ---------------------------------------------------------------------------------------------
// Line predicates

bool isHr(QStringView t)
{
    if (t.size() > 12 || !t.startsWith(u"<hr", Qt::CaseInsensitive)) {
        return false;
    }
    QString s;
    for (QChar c : t) {
        if (!isWs(c)) {
            s.append(c.toLower());
        }
    }
    return s == u"<hr/>" || s == u"<hr>";
}

bool isBr(QStringView t)
{
    if (t.size() > 8 || !t.startsWith(u"<br", Qt::CaseInsensitive)) {
        return false;
    }
    QString s;
    for (QChar c : t) {
        if (!isWs(c)) {
            s.append(c.toLower());
        }
    }
    return s == u"<br>" || s == u"<br/>";
}

bool isOriginal(QStringView t)
{
    if (t.size() > 12 || !t.startsWith(u"Original", Qt::CaseInsensitive)) {
        return false;
    }
    const QStringView rest = trimmed(t.mid(8));
    return rest.isEmpty() || rest == u":" || rest == u"：";
}

bool isNamedEntities(QStringView t)
{
    if (t.size() > 40) {
        return false;
    }
    QString s;
    for (QChar c : t) {
        if (c != u'*' && c != u':' && c != u'#' && !isWs(c)) {
            s.append(c.toLower());
        }
    }
    return s == u"namedentities";
}

// "<h3>File continued from previous part</h3>" -> the inner text; empty if not such a line.
QString continuedMarker(QStringView t)
{
    if (t.size() > 120 || !t.startsWith(u"<h3", Qt::CaseInsensitive) || !t.contains(u"continued", Qt::CaseInsensitive)) {
        return {};
    }
    QString s = t.toString();
    static const QRegularExpression tags(u"<[^>]*>"_s);
    s.remove(tags);
    s = s.trimmed();
    return s.isEmpty() ? u"File continued from previous part"_s : s;
}

bool isZhDateLine(QStringView t)
{
    return parseIsoDate(t).isValid();
}

bool isZhPageLine(QStringView t)
{
    if (!t.startsWith(u'第') || t.size() > 80) {
        return false;
    }
    const qsizetype p = t.indexOf(u'版');
    return p > 1 && p <= 8;
}

bool isZhColumnLine(QStringView t)
{
    return t.startsWith(u"专栏") && t.size() < 200;
}

// Chinese numeral (up to 999) or ASCII/full-width digits -> int; -1 if not a number.
int parseNumber(QStringView s)
{
    if (s.isEmpty() || s.size() > 9) {
        return -1;
    }
    bool allDigits = true;
    int v = 0;
    for (QChar c : s) {
        const int d = digitValue(c);
        if (d < 0) {
            allDigits = false;
            break;
        }
        v = v * 10 + d;
    }
    if (allDigits) {
        return v;
    }
    static const QString digits = u"零一二三四五六七八九"_s;
    int total = 0;
    int current = 0;
    for (QChar c : s) {
        const qsizetype d = digits.indexOf(c);
        if (d >= 0) {
            current = int(d);
        } else if (c == u'〇') {
            current = 0;
        } else if (c == u'十') {
            total += (current ? current : 1) * 10;
            current = 0;
        } else if (c == u'百') {
            total += (current ? current : 1) * 100;
            current = 0;
        } else if (c == u'两') {
            current = 2;
        } else {
            return -1;
        }
    }
    return total + current;
}

// ---------------------------------------------------------------------------------------------
// Spacing analysis of one line's content (leading/trailing whitespace already removed).

struct Spacing {
    bool aligned = false; // TAB, or a run of >= 2 U+3000, or a wide run: table columns
    int separators = 0; // single U+3000 / double-space separators (name lists)
};

Spacing analyseSpacing(QStringView content, Language lang)
{
    Spacing s;
    qsizetype i = 0;
    const qsizetype n = content.size();
    while (i < n) {
        if (!isWs(content[i])) {
            ++i;
            continue;
        }
        int ideo = 0;
        int tabs = 0;
        int width = 0;
        int ascii = 0;
        while (i < n && isWs(content[i])) {
            const char16_t u = content[i].unicode();
            if (u == 0x3000) {
                ++ideo;
                width += 2;
            } else if (u == u'\t') {
                ++tabs;
                width += 4;
            } else {
                ++ascii;
                width += 1;
            }
            ++i;
        }
        if (tabs > 0 || ideo >= 2) {
            s.aligned = true;
        } else if (lang == Language::Chinese) {
            if (width >= 4) {
                s.aligned = true;
            } else if (ideo == 1 || ascii >= 2) {
                ++s.separators;
            }
        } else {
            if (ascii >= 4) {
                s.aligned = true;
            } else if (ideo == 1) {
                ++s.separators;
            }
        }
    }
    return s;
}

// ---------------------------------------------------------------------------------------------
// Block building

struct Builder {
    explicit Builder(Language l)
        : lang(l)
    {
    }
    Language lang;
    int part = 0;
    QList<Block> blocks;
    bool open = false;
    bool openIsList = false; // a separator list (name list): light-indent continuations join
    bool openFixed = false; // aligned TableRow / Signature: nothing joins
    QStringView lastLineContent; // last source line of the open block (trimmed)

    void close()
    {
        open = false;
        openIsList = false;
        openFixed = false;
    }

    void start(const Line &line, QStringView content, int width, BlockKind kind)
    {
        Block b;
        b.kind = kind;
        b.language = lang;
        b.text = content.toString();
        b.sourceLine = line.number;
        b.part = part;
        b.indent = width;
        b.lineCount = 1;
        blocks.append(b);
        open = true;
        openIsList = false;
        openFixed = (kind == BlockKind::TableRow || kind == BlockKind::Signature);
        lastLineContent = content;
    }

    void join(QStringView content, QStringView separator)
    {
        Block &b = blocks.last();
        b.text.append(separator);
        b.text.append(content);
        ++b.lineCount;
        lastLineContent = content;
    }

    void addLine(const Line &line)
    {
        if (isBlank(line.text) || isBr(trimmed(line.text))) {
            close();
            return;
        }
        qsizetype cs = 0;
        const int width = leadingWidth(line.text, &cs);
        const QStringView content = trimmed(line.text.mid(cs));
        const Spacing sp = analyseSpacing(content, lang);
        const int len = nonWsLength(content.left(400));
        const bool shortLine = lang == Language::Chinese ? len <= 40 : content.size() <= 100;

        bool aligned = sp.aligned;
        bool signature = false;
        if (width >= 10) {
            if (sp.aligned || sp.separators > 0) {
                aligned = true; // a header row with empty leading cells
            } else if (shortLine) {
                signature = true;
            }
        }
        const bool list = !aligned && sp.separators >= 3;

        if (open && !openFixed && !aligned && !signature) {
            bool doJoin = false;
            QStringView sep;
            const QStringView leading = line.text.left(cs);
            int enumLevel = 0;
            const bool startsEnumerated = width < 3 && !detectEnumerator(content, &enumLevel).isEmpty();
            const bool prevComplete = !lastLineContent.isEmpty() && isClosingPunct(lastLineContent.back());
            if (width < 3 && startsEnumerated && (lang == Language::English || prevComplete)) {
                doJoin = false; // "II. ..." / "二、..." after a complete line starts a new item
            } else if (width < 3) {
                if (lang == Language::Chinese) {
                    doJoin = true;
                    // A name-list continuation keeps its leading U+3000/spaces as the separator;
                    // prose wraps join without any space.
                    sep = (width > 0 && (openIsList || list)) ? leading : QStringView();
                } else {
                    const Block &b = blocks.last();
                    if (b.indent >= 3 || openIsList) {
                        doJoin = true; // unindented line after an indented one continues it
                    } else {
                        // Flush-left chunk: a short line without final punctuation followed by a
                        // capitalised line is a headline stack, not a hard wrap.
                        const QStringView prev = lastLineContent;
                        const bool prevHeadline = prev.size() < 60 && !prev.isEmpty() && !isClosingPunct(prev.back()) && prev.back() != u',';
                        const bool nextCapital = !content.isEmpty() && content.front().isUpper();
                        // Two bare lines (no final punctuation, no trailing comma), the second short
                        // and capitalised: lines set one under the other, as a signature and its
                        // date ("Zhou Enlai, Premier of the State Council of …" / "December 31,
                        // 1959, Beijing"), not a hard wrap, whose paragraph ends with punctuation.
                        const bool prevBare = prev.size() < 100 && !prev.isEmpty() && !isClosingPunct(prev.back()) && prev.back() != u',';
                        const bool nextShortBare = content.size() < 60 && !isClosingPunct(content.back()) && content.back() != u',';
                        doJoin = !((prevHeadline || (prevBare && nextShortBare)) && nextCapital);
                    }
                    sep = u" ";
                }
            } else if (lang == Language::Chinese && !openIsList) {
                // OCR tail: an indented short line completing a long paragraph that was cut
                // mid-phrase ("…造成" / "‘恶劣的影响’。").
                const Block &b = blocks.last();
                if (b.kind == BlockKind::Paragraph && b.text.size() >= 40 && isIdeograph(b.text.back()) && len <= 20 && !content.isEmpty()
                    && isClosingPunct(content.back())) {
                    doJoin = true;
                }
            }
            if (doJoin) {
                join(content, sep);
                if (list) {
                    openIsList = true;
                }
                return;
            }
        }
        close();
        if (aligned) {
            // Table row: keep internal spacing as is; leading TABs are empty cells and are kept.
            qsizetype firstNonTabWs = 0;
            while (firstNonTabWs < line.text.size() && isWs(line.text[firstNonTabWs]) && line.text[firstNonTabWs] != u'\t') {
                ++firstNonTabWs;
            }
            QStringView body = line.text.mid(firstNonTabWs);
            // keep leading TABs only if the first whitespace run is made of TABs
            if (!body.startsWith(u'\t')) {
                body = content;
            } else {
                qsizetype e = body.size();
                while (e > 0 && isWs(body[e - 1])) {
                    --e;
                }
                body = body.left(e);
            }
            start(line, body, width, BlockKind::TableRow);
        } else if (signature) {
            start(line, content, width, BlockKind::Signature);
        } else {
            start(line, content, width, BlockKind::Paragraph);
            if (list) {
                openIsList = true;
                blocks.last().kind = BlockKind::TableRow;
            }
        }
    }
};

// ---------------------------------------------------------------------------------------------
// Enumerators

bool isRomanNumeral(QStringView s)
{
    static const QRegularExpression re(u"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$"_s);
    return s.size() <= 8 && re.matchView(s).hasMatch();
}

} // namespace

qint64 maxArticleFileSize()
{
    return kMaxFileSize;
}

QString detectEnumerator(QStringView text, int *level, QChar previousLetter)
{
    auto result = [level](QStringView e, int l) {
        if (level) {
            *level = l;
        }
        return e.toString();
    };
    if (level) {
        *level = 0;
    }
    const QStringView t = text.left(16);
    if (t.isEmpty()) {
        return {};
    }
    static const QString cnDigits = u"一二三四五六七八九十百零〇两"_s;
    static const QString stems = u"甲乙丙丁戊己庚辛壬癸"_s;
    // Legal texts: 第一章 (1), 第一节 (2), 第一条 (3), followed by a space, U+3000 or the end.
    if (t.size() >= 3 && t[0] == u'第') {
        qsizetype i = 1;
        while (i < t.size() && i < 7 && (cnDigits.contains(t[i]) || digitValue(t[i]) >= 0)) {
            ++i;
        }
        if (i > 1 && i < t.size() && (t[i] == u'章' || t[i] == u'节' || t[i] == u'条')) {
            if (i + 1 >= t.size() || isWs(t[i + 1]) || t[i + 1] == u'：' || t[i + 1] == u':') {
                return result(t.left(i + 1), t[i] == u'章' ? 1 : (t[i] == u'节' ? 2 : 3));
            }
        }
        return {};
    }
    // Chapter I / Chapter 1 (1), Section 2 (2), Article 3: / Article 3. (3)
    for (const auto &[word, lvl] : {std::pair{QStringView(u"Chapter "), 1}, std::pair{QStringView(u"Section "), 2}, std::pair{QStringView(u"Article "), 3}}) {
        const QStringView w = text.left(24);
        if (!w.startsWith(word)) {
            continue;
        }
        qsizetype i = word.size();
        const qsizetype numStart = i;
        while (i < w.size() && i < numStart + 6 && (w[i].isDigit() || QStringView(u"IVXLC").contains(w[i]))) {
            ++i;
        }
        if (i == numStart) {
            return {};
        }
        const QStringView num = w.mid(numStart, i - numStart);
        const bool digits = std::all_of(num.begin(), num.end(), [](QChar c) {
            return c.isDigit();
        });
        if (!digits && !isRomanNumeral(num)) {
            return {};
        }
        const bool punct = i < w.size() && (w[i] == u':' || w[i] == u'.');
        if (lvl == 3) {
            // "Article 187 of the Criminal Law" inside prose is a reference, not an item.
            return punct ? result(w.left(i + 1), lvl) : QString();
        }
        if (punct) {
            return result(w.left(i + 1), lvl);
        }
        if (i >= w.size() || isWs(w[i])) {
            return result(w.left(i), lvl);
        }
        return {};
    }
    // 一、 二十、
    {
        qsizetype i = 0;
        while (i < t.size() && i < 5 && cnDigits.contains(t[i])) {
            ++i;
        }
        if (i > 0 && i < t.size() && (t[i] == u'、' || t[i] == u'．')) {
            return result(t.left(i + 1), 1);
        }
    }
    // 甲、
    if (t.size() >= 2 && stems.contains(t[0]) && (t[1] == u'、' || t[1] == u'．')) {
        return result(t.left(2), 2);
    }
    // （一） (1) （１）
    if (t[0] == u'（' || t[0] == u'(') {
        qsizetype i = 1;
        bool cn = false;
        bool num = false;
        while (i < t.size() && i < 5) {
            if (cnDigits.contains(t[i])) {
                cn = true;
            } else if (digitValue(t[i]) >= 0) {
                num = true;
            } else {
                break;
            }
            ++i;
        }
        if (i > 1 && i < t.size() && (t[i] == u'）' || t[i] == u')') && cn != num) {
            return result(t.left(i + 1), cn ? 2 : 3);
        }
        return {};
    }
    // 1、 1. １．
    {
        qsizetype i = 0;
        while (i < t.size() && i < 3 && digitValue(t[i]) >= 0) {
            ++i;
        }
        if (i > 0 && i <= 2 && i < t.size()) {
            const QChar p = t[i];
            if (p == u'、') {
                return result(t.left(i + 1), 3);
            }
            if (p == u'.' || p == u'．') {
                // "1.5" is a number, not an enumerator
                if (i + 1 >= t.size() || (digitValue(t[i + 1]) < 0 && t[i + 1] != u'.' && t[i + 1] != u'%')) {
                    return result(t.left(i + 1), 3);
                }
            }
        }
    }
    // XV.  A.
    {
        qsizetype i = 0;
        while (i < t.size() && i < 8 && t[i] >= u'A' && t[i] <= u'Z') {
            ++i;
        }
        if (i > 0 && i + 1 < t.size() && t[i] == u'.' && isWs(t[i + 1])) {
            const QStringView word = t.left(i);
            if (i == 1) {
                const QChar c = word[0];
                const bool roman = isRomanNumeral(word);
                const bool letterSeq = !previousLetter.isNull() && previousLetter.unicode() + 1 == c.unicode();
                if (roman && !letterSeq) {
                    return result(t.left(2), 1);
                }
                return result(t.left(2), 2);
            }
            if (isRomanNumeral(word)) {
                return result(t.left(i + 1), 1);
            }
        }
    }
    return {};
}

namespace
{

// ---------------------------------------------------------------------------------------------
// Classification of a language section's blocks

bool isCaptionMarker(QStringView t)
{
    static const QStringList markers = {u"(Attached image)"_s,
                                        u"(Attached Image)"_s,
                                        u"(attached image)"_s,
                                        u"(Attached picture)"_s,
                                        u"(Attached photo)"_s,
                                        u"(Picture attached)"_s,
                                        u"(Image attached)"_s,
                                        u"(Photo attached)"_s,
                                        u"（附图片）"_s,
                                        u"（附图）"_s,
                                        u"(附图片)"_s,
                                        u"(附图)"_s,
                                        u"（附照片）"_s,
                                        u"（图片）"_s};
    for (const QString &m : markers) {
        if (t == m) {
            return true;
        }
    }
    return false;
}

// Length of a trailing caption marker at the end of t, 0 if none.
qsizetype trailingCaptionMarker(QStringView t)
{
    if (t.isEmpty() || (t.back() != u')' && t.back() != u'）')) {
        return 0;
    }
    const qsizetype open = std::max(t.lastIndexOf(u'('), t.lastIndexOf(u'（'));
    if (open <= 0) {
        return 0;
    }
    return isCaptionMarker(t.mid(open)) ? t.size() - open : 0;
}

void splitCaptions(QList<Block> &blocks)
{
    // Rebuilt into a new list: inserting in place would be quadratic on pathological input.
    QList<Block> out;
    out.reserve(blocks.size());
    for (Block &b : blocks) {
        if (b.kind == BlockKind::Paragraph && isCaptionMarker(b.text)) {
            b.kind = BlockKind::Caption;
        }
        const qsizetype m = b.kind == BlockKind::Paragraph ? trailingCaptionMarker(b.text) : 0;
        if (m > 0) {
            Block cap = b;
            cap.kind = BlockKind::Caption;
            cap.text = b.text.right(m);
            cap.lineCount = 1;
            cap.sourceLine = b.sourceLine + b.lineCount - 1;
            cap.enumerator.clear();
            cap.level = 0;
            b.text = QStringView(b.text).left(b.text.size() - m).trimmed().toString();
            out.append(std::move(b));
            out.append(std::move(cap));
        } else {
            out.append(std::move(b));
        }
    }
    blocks = std::move(out);
    // "▲图为…" photo captions.
    for (Block &b : blocks) {
        if (b.kind == BlockKind::Paragraph && b.text.startsWith(u'▲') && b.text.size() <= (b.language == Language::Chinese ? 80 : 240)) {
            b.kind = BlockKind::Caption;
        }
    }
    // A short line right after an image marker is the image's caption ("妈妈下班了（越南）").
    for (qsizetype i = 1; i < blocks.size(); ++i) {
        Block &b = blocks[i];
        const Block &prev = blocks[i - 1];
        if (prev.kind == BlockKind::Caption && isCaptionMarker(prev.text) && b.kind == BlockKind::Paragraph && b.lineCount == 1) {
            const bool zh = b.language == Language::Chinese;
            const int len = zh ? nonWsLength(b.text) : int(b.text.size());
            if (len <= (zh ? 30 : 80) && !b.text.isEmpty() && !isSentenceFinal(b.text.back())) {
                b.kind = BlockKind::Caption;
            }
        }
    }
}

void assignEnumerators(QList<Block> &blocks)
{
    QChar previousLetter;
    for (Block &b : blocks) {
        if (b.kind != BlockKind::Paragraph && b.kind != BlockKind::TableRow) {
            continue;
        }
        int level = 0;
        const QString e = detectEnumerator(b.text, &level, previousLetter);
        if (e.isEmpty()) {
            continue;
        }
        if (b.kind == BlockKind::TableRow) {
            continue; // a table cell that happens to start with "1." is not a section
        }
        b.enumerator = e;
        b.level = level;
        if (level == 2 && e.size() == 2 && e[0] >= u'A' && e[0] <= u'Z') {
            previousLetter = e[0];
        } else if (level == 1) {
            previousLetter = QChar(); // a new top-level section restarts A., B., ...
        }
        const bool zh = b.language == Language::Chinese;
        const int len = zh ? nonWsLength(b.text) : int(b.text.size());
        if (b.lineCount == 1 && len <= (zh ? 30 : 90) && !isSentenceFinal(b.text.back())) {
            b.kind = BlockKind::Heading;
        }
    }
}

// Leading Title/Byline blocks of a part, from the header's title and author.
void assignTitleAndByline(QList<Block> &blocks, qsizetype from, const QString &title, const QString &author)
{
    const QString titleKey = matchKey(title);
    QString authorKey = matchKey(author);
    // Too short to identify a byline ("Li"): Latin names need 4 letters, Chinese ones 2 characters.
    if (!authorKey.isEmpty() && !isIdeograph(authorKey.front()) && authorKey.size() < 4) {
        authorKey.clear();
    }
    auto matches = [&](const Block &b) {
        if (b.text.size() > 400) {
            return false;
        }
        const QString key = matchKey(b.text);
        if (key.isEmpty()) {
            return false;
        }
        return (!authorKey.isEmpty() && key.contains(authorKey))
            || (!titleKey.isEmpty() && key.size() >= std::min<qsizetype>(4, titleKey.size()) && titleKey.contains(key));
    };
    // A column label repeated above the headline ("Market Inspection", "Reader's Letter"): a short
    // unpunctuated line directly followed by the title is a Heading (a label), not body text.
    if (from + 1 < blocks.size()) {
        Block &b = blocks[from];
        const bool zh = b.language == Language::Chinese;
        const int len = zh ? nonWsLength(b.text) : int(b.text.size());
        if (b.kind == BlockKind::Paragraph && b.lineCount == 1 && b.enumerator.isEmpty() && len <= (zh ? 12 : 40) && !b.text.isEmpty()
            && !isClosingPunct(b.text.back()) && b.text.back() != u',' && !matches(b) && matches(blocks[from + 1])) {
            b.kind = BlockKind::Heading;
            ++from;
        }
    }
    for (qsizetype i = from, seen = 0; i < blocks.size() && seen < 6; ++i, ++seen) {
        Block &b = blocks[i];
        if (b.kind != BlockKind::Paragraph && b.kind != BlockKind::Heading && b.kind != BlockKind::TableRow) {
            break;
        }
        if (b.text.size() > 400) {
            break;
        }
        const QString key = matchKey(b.text);
        if (key.isEmpty()) {
            break;
        }
        const bool zh = b.language == Language::Chinese;
        if (!authorKey.isEmpty() && key.contains(authorKey) && key.size() <= authorKey.size() + (zh ? 40 : 120)
            && (key == authorKey || !titleKey.contains(key))) {
            b.kind = BlockKind::Byline;
            b.enumerator.clear();
            b.level = 0;
            continue;
        }
        if (!titleKey.isEmpty() && key.size() >= std::min<qsizetype>(4, titleKey.size()) && titleKey.contains(key)) {
            b.kind = BlockKind::Title;
            b.enumerator.clear();
            b.level = 0;
            continue;
        }
        break;
    }
}

// The headline's parts (ChineseHeader::titleLines). A People's Daily headline often has several
// parts (kicker 引题 / main title 主题 / subtitle 副题) that the "### " line separates by
// whitespace runs ("淄博专区  培养大批师资", "勤学　诚实　助人  越南少先队员表现好") and the body
// repeats one per line before the text. The parts are the body's leading lines that, with their
// whitespace removed, each equal one or more consecutive whitespace-separated pieces of the header,
// in order, together all of them (two lines at least): those lines become Title blocks (never
// subheadings or paragraphs). Otherwise the parts are the header split at runs of two or more
// whitespace characters (a single U+3000 separates words inside a part: "勤学　诚实　助人").
// A piece that repeats the author ("…公报  中华人民共和国国家统计局  （１９８９年２月２８日）") ends
// the headline: what follows is the issuer and date, not a headline part.
void assignHeadlineParts(ChineseHeader &h, QList<Block> &blocks, const QString &author)
{
    h.titleLines.clear();
    const QString title = trimmed(h.title).toString();
    if (title.isEmpty()) {
        return;
    }
    QStringList pieces; // split at every whitespace run
    QStringList wide; // split at runs of two or more whitespace characters
    {
        QString piece;
        QString part;
        QString gap;
        for (QChar c : title) {
            if (isWs(c)) {
                gap.append(c);
                continue;
            }
            if (!gap.isEmpty()) {
                pieces.append(std::exchange(piece, QString()));
                if (gap.size() >= 2) {
                    wide.append(std::exchange(part, QString()));
                } else {
                    part.append(gap);
                }
                gap.clear();
            }
            piece.append(c);
            part.append(c);
        }
        pieces.append(piece);
        wide.append(part);
    }
    const QString authorKey = matchKey(author);
    if (!authorKey.isEmpty()) {
        for (qsizetype k = 1; k < pieces.size(); ++k) {
            if (matchKey(pieces.at(k)) == authorKey) {
                pieces.resize(k);
                break;
            }
        }
        for (qsizetype k = 1; k < wide.size(); ++k) {
            if (matchKey(wide.at(k)) == authorKey) {
                wide.resize(k);
                break;
            }
        }
    }
    auto noWs = [](QStringView s) {
        QString out;
        out.reserve(s.size());
        for (QChar c : s) {
            if (!isWs(c)) {
                out.append(c);
            }
        }
        return out;
    };
    QList<qsizetype> matched;
    qsizetype pos = 0;
    for (qsizetype k = 0; k < blocks.size() && pos < pieces.size(); ++k) {
        const Block &b = blocks.at(k);
        if ((b.kind != BlockKind::Title && b.kind != BlockKind::Paragraph && b.kind != BlockKind::Heading) || b.lineCount != 1 || b.part != 0) {
            break;
        }
        const QString key = noWs(b.text);
        QString acc;
        qsizetype m = pos;
        bool ok = false;
        while (m < pieces.size() && acc.size() < key.size()) {
            acc += pieces.at(m++);
            ok = acc == key;
        }
        if (!ok) {
            break;
        }
        matched.append(k);
        pos = m;
    }
    if (matched.size() >= 2 && pos == pieces.size()) {
        for (qsizetype k : std::as_const(matched)) {
            Block &b = blocks[k];
            b.kind = BlockKind::Title;
            b.enumerator.clear();
            b.level = 0;
            h.titleLines.append(b.text);
        }
        return;
    }
    // (A headline has a few parts; a header of many whitespace-separated runs is one line of text.)
    if (wide.size() > 6) {
        wide = QStringList{title};
    }
    for (const QString &part : std::as_const(wide)) {
        const QString p = trimmed(part).toString();
        if (!p.isEmpty()) {
            h.titleLines.append(p);
        }
    }
}

// Members of one enumerated sequence are alike: when the members of a sequence ("I." "II." …,
// "一、" "二、" …: the enumerated blocks of one level with no block of an outer level between
// them) each open a section (each is followed by body text, unenumerated or of a deeper level,
// before the next member)
// and at least one of them is a Heading, a member that is a one-line, one-sentence paragraph is a
// Heading too ("I. The content … as follows:" is one for its colon, "II. Mr. Kirk mainly
// discussed … relations." would otherwise stay a paragraph for its full stop). A list whose items
// follow each other directly (the 1949 entry notice) is not a run of sections: left alone.
void alikeEnumeratedSections(QList<Block> &blocks)
{
    auto oneSentence = [](const Block &b) {
        const bool zh = b.language == Language::Chinese;
        const QString &t = b.text;
        if (t.isEmpty() || b.lineCount != 1 || (zh ? nonWsLength(t) > 60 : t.size() > 200)) {
            return false;
        }
        for (qsizetype k = b.enumerator.size(); k + 1 < t.size(); ++k) {
            const QChar c = t.at(k);
            if (zh) {
                if (c == u'。' || c == u'！' || c == u'？' || c == u'；') {
                    return false;
                }
            } else if ((c == u'.' || c == u'!' || c == u'?' || c == u';') && k + 2 < t.size() && t.at(k + 1) == u' ' && t.at(k + 2).isUpper()) {
                // not after a title or an abbreviation: "Mr. Kirk", "Dr. Li", "U.S. Government"
                qsizetype w = k;
                while (w > 0 && t.at(w - 1) != u' ') {
                    --w;
                }
                const QStringView word = QStringView(t).mid(w, k - w);
                if (c != u'.' || word.isEmpty() || !word.front().isUpper() || word.size() > 3) {
                    return false;
                }
            }
        }
        return true;
    };
    for (int level = 1; level <= 3; ++level) {
        QList<qsizetype> members;
        auto settle = [&]() {
            bool sections = members.size() >= 2;
            bool anyHeading = false;
            for (qsizetype m = 0; m < members.size() && sections; ++m) {
                const qsizetype i = members.at(m);
                anyHeading = anyHeading || blocks.at(i).kind == BlockKind::Heading;
                // followed by body text (unenumerated, or of a deeper level) before the next member
                const qsizetype next = i + 1;
                sections = next < blocks.size() && (m + 1 >= members.size() || next < members.at(m + 1))
                    && (blocks.at(next).enumerator.isEmpty() || blocks.at(next).level > level)
                    && (blocks.at(next).kind == BlockKind::Paragraph || blocks.at(next).kind == BlockKind::TableRow);
            }
            if (sections && anyHeading) {
                for (qsizetype i : std::as_const(members)) {
                    Block &b = blocks[i];
                    if (b.kind == BlockKind::Paragraph && oneSentence(b)) {
                        b.kind = BlockKind::Heading;
                    }
                }
            }
            members.clear();
        };
        for (qsizetype i = 0; i < blocks.size(); ++i) {
            const Block &b = blocks.at(i);
            if (b.kind == BlockKind::PartBreak || (!b.enumerator.isEmpty() && b.level < level)) {
                settle();
            } else if (!b.enumerator.isEmpty() && b.level == level && (b.kind == BlockKind::Paragraph || b.kind == BlockKind::Heading)) {
                members.append(i);
            }
        }
        settle();
    }
}

// Runs of short single-line paragraphs with many comma-like/unpunctuated endings are verse.
void assignVerse(QList<Block> &blocks)
{
    auto candidate = [](const Block &b) {
        if (b.kind != BlockKind::Paragraph || !b.enumerator.isEmpty() || b.lineCount != 1 || b.text.isEmpty()) {
            return false;
        }
        if (b.language == Language::Chinese) {
            return nonWsLength(b.text) <= 26;
        }
        return b.text.size() <= 100;
    };
    qsizetype i = 0;
    while (i < blocks.size()) {
        if (!candidate(blocks[i])) {
            ++i;
            continue;
        }
        qsizetype j = i;
        int soft = 0;
        int commas = 0;
        while (j < blocks.size() && candidate(blocks[j]) && blocks[j].part == blocks[i].part) {
            const QChar last = blocks[j].text.back();
            if (isSoftEnding(last)) {
                ++soft;
            }
            if (last == u'，' || last == u',' || last == u'、' || last == u'；' || last == u';' || last == u'—') {
                ++commas;
            }
            ++j;
        }
        const qsizetype run = j - i;
        // Verse lines end softly (comma, dash, nothing). Unpunctuated lines alone may be short
        // headings between prose lines, so a mostly-unpunctuated run must be really dominant.
        if (run >= 4 && ((soft * 10 >= run * 4 && commas >= 2) || soft * 10 >= run * 7)) {
            for (qsizetype k = i; k < j; ++k) {
                blocks[k].kind = BlockKind::Verse;
            }
        }
        i = j;
    }
    // A quoted song between two ellipsis-only lines ("……" / a few short lines / "……").
    auto ellipsisOnly = [](const Block &b) {
        if (b.kind != BlockKind::Paragraph || b.text.size() > 6) {
            return false;
        }
        return std::all_of(b.text.cbegin(), b.text.cend(), [](QChar c) {
            return c == u'…' || c == u'.' || c == u'。' || c == QChar(0x22EF);
        });
    };
    for (qsizetype a = 0; a < blocks.size(); ++a) {
        if (!ellipsisOnly(blocks[a])) {
            continue;
        }
        for (qsizetype b = a + 1; b < blocks.size() && b <= a + 13; ++b) {
            if (ellipsisOnly(blocks[b])) {
                if (b >= a + 3) { // at least two lines in between
                    for (qsizetype k = a; k <= b; ++k) {
                        blocks[k].kind = BlockKind::Verse;
                    }
                    a = b;
                }
                break;
            }
            if (!candidate(blocks[b]) && blocks[b].kind != BlockKind::Verse) {
                break;
            }
        }
    }
}

// A short line without any punctuation standing alone between prose blocks is an unnumbered
// section heading ("广场春夜", "Spring Night at the Square"): Heading with an empty enumerator.
void assignSubheadings(QList<Block> &blocks)
{
    auto label = [](const Block &b) {
        if (b.kind != BlockKind::Paragraph || b.lineCount != 1 || !b.enumerator.isEmpty() || b.text.isEmpty()) {
            return false;
        }
        const bool zh = b.language == Language::Chinese;
        if (zh ? nonWsLength(b.text) > 12 : (b.text.size() > 50 || b.text.count(u' ') > 6)) {
            return false;
        }
        return std::none_of(b.text.cbegin(), b.text.cend(), [](QChar c) {
            return c.isPunct() && c != u'\'' && c != u'’' && c != u'-' && c != u'·';
        });
    };
    for (qsizetype i = 1; i + 1 < blocks.size(); ++i) {
        const BlockKind next = blocks[i + 1].kind;
        if (label(blocks[i]) && !label(blocks[i - 1]) && !label(blocks[i + 1]) && blocks[i - 1].kind != BlockKind::PartBreak
            && (next == BlockKind::Paragraph || next == BlockKind::Verse || next == BlockKind::TableRow) && blocks[i - 1].kind != BlockKind::Heading) {
            blocks[i].kind = BlockKind::Heading;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The parser proper

class Parser
{
public:
    Parser(const QString &text, Article &article)
        : m_text(text)
        , m_a(article)
    {
        splitLines();
    }

    bool run(QString *error);

private:
    enum class State {
        EnHeader,
        EnBody,
        Glossary,
        AfterHr,
        ExpectHeader,
        ZhHeaderExpect,
        ZhHeader,
        ZhBody,
    };

    void splitLines()
    {
        const QStringView v(m_text);
        qsizetype start = 0;
        int number = 1;
        for (qsizetype i = 0; i < v.size(); ++i) {
            if (v[i] == u'\n') {
                m_lines.append({v.mid(start, i - start), number++});
                start = i + 1;
            }
        }
        if (start < v.size()) {
            m_lines.append({v.mid(start), number});
        }
    }

    QStringView t(qsizetype i) const
    {
        return trimmed(m_lines[i].text);
    }

    qsizetype nextNonBlank(qsizetype i, qsizetype maxSkip = 1 << 30) const
    {
        qsizetype skipped = 0;
        while (i < m_lines.size() && isBlank(m_lines[i].text)) {
            ++i;
            if (++skipped > maxSkip) {
                return m_lines.size();
            }
        }
        return i;
    }

    qsizetype parseEnglishHeader(qsizetype i, EnglishHeader &h);
    qsizetype parseChineseHeader(qsizetype i, ChineseHeader &h);
    void parseGlossaryLine(QStringView line);
    bool looksLikeZhHeaderAt(qsizetype i) const;

    Builder &builder(Language lang)
    {
        Builder &b = lang == Language::English ? m_en : m_zh;
        if (b.part != m_part) {
            b.close();
            b.part = m_part;
            if (!b.blocks.isEmpty()) {
                Block pb;
                pb.kind = BlockKind::PartBreak;
                pb.language = lang;
                pb.text = m_partMarker;
                pb.part = m_part;
                pb.sourceLine = m_partLine;
                b.blocks.append(pb);
            }
        }
        return b;
    }

    void newPart(const QString &marker, int line)
    {
        ++m_part;
        m_partMarker = marker;
        m_partLine = line;
        m_en.close();
        m_zh.close();
    }

    const QString &m_text;
    Article &m_a;
    QList<Line> m_lines;
    Builder m_en = Builder(Language::English);
    Builder m_zh = Builder(Language::Chinese);
    int m_part = 0;
    QString m_partMarker;
    int m_partLine = 0;
    bool m_sawOriginal = false;
    bool m_sawHr = false;
    bool m_sawEnglishHeader = false;
    bool m_sawChineseHeader = false;
    int m_glossaryIgnored = 0;
};

qsizetype Parser::parseEnglishHeader(qsizetype i, EnglishHeader &h)
{
    qsizetype j = i;
    qsizetype lastKeyEnd = -1; // index just after the last header line (no blank in between)
    bool seen[7] = {};
    bool labelTaken = false;
    while (j < m_lines.size()) {
        const QStringView line = t(j);
        if (line.isEmpty()) {
            // Blank lines may separate header keys: continue only if a new key follows.
            const qsizetype k = nextNonBlank(j, 3);
            QStringView v;
            if (k < m_lines.size()) {
                const HeaderKey key = headerKey(t(k), &v);
                if (key != HeaderKey::None && !seen[int(key)]) {
                    j = k;
                    continue;
                }
            }
            break;
        }
        QStringView value;
        const HeaderKey key = headerKey(line, &value);
        if (key != HeaderKey::None && !seen[int(key)]) {
            seen[int(key)] = true;
            const QString v = value.left(2000).toString();
            switch (key) {
            case HeaderKey::Title:
                h.title = v;
                break;
            case HeaderKey::Author:
                h.author = v;
                break;
            case HeaderKey::Date:
                h.dateText = v;
                h.date = parseIsoDate(value);
                if (!h.date.isValid() && !v.isEmpty()) {
                    m_a.warnings.append(i18n("The English date “%1” is not in YYYY-MM-DD form.", v));
                }
                break;
            case HeaderKey::Page:
            case HeaderKey::Edition:
                h.pageKey = key == HeaderKey::Page ? u"Page"_s : u"Edition"_s;
                h.page = v;
                break;
            case HeaderKey::Column:
                h.column = v;
                break;
            case HeaderKey::None:
                break;
            }
            ++j;
            lastKeyEnd = j;
            continue;
        }
        if (j != lastKeyEnd) {
            break; // not glued to the header: body
        }
        // A line glued to the header without a known key.
        qsizetype cs = 0;
        const int width = leadingWidth(m_lines[j].text, &cs);
        static const QRegularExpression keyValue(u"^[A-Z][A-Za-z ]{1,24}:\\s"_s);
        if (width < 3 && line.size() < 200 && keyValue.matchView(line.left(40)).hasMatch()) {
            h.extraLines.append(line.toString());
            ++j;
            lastKeyEnd = j;
            continue;
        }
        // ...unless it repeats the title: then it is the body's headline glued to the header.
        const bool labelLike = width < 3 && !labelTaken && line.size() <= 60 && !isClosingPunct(line.back()) && !isHr(line) && !isNamedEntities(line)
            && !line.startsWith(u"###") && !line.startsWith(u'<') && !(h.title.size() > 0 && matchKey(h.title).contains(matchKey(line)));
        if (labelLike) {
            labelTaken = true;
            if (h.column.isEmpty()) {
                h.column = line.toString();
            } else {
                h.extraLines.append(line.toString());
            }
            ++j;
            lastKeyEnd = j;
            continue;
        }
        break;
    }
    return j;
}

bool Parser::looksLikeZhHeaderAt(qsizetype i) const
{
    if (i >= m_lines.size() || !t(i).startsWith(u"### ")) {
        return false;
    }
    for (qsizetype k = i + 1; k < std::min<qsizetype>(m_lines.size(), i + 5); ++k) {
        if (isZhDateLine(t(k)) || isZhPageLine(t(k))) {
            return true;
        }
    }
    return false;
}

qsizetype Parser::parseChineseHeader(qsizetype i, ChineseHeader &h)
{
    h.title = trimmed(t(i).mid(3)).left(2000).toString();
    qsizetype j = i + 1;
    auto isKey = [this](qsizetype k) {
        if (k >= m_lines.size()) {
            return false;
        }
        const QStringView s = t(k);
        return isZhDateLine(s) || isZhPageLine(s) || isZhColumnLine(s);
    };
    // Author: the line right after the title (may be empty), when a header key follows shortly.
    if (j < m_lines.size() && !isKey(j)) {
        qsizetype cs = 0;
        const int width = leadingWidth(m_lines[j].text, &cs);
        const QStringView s = t(j);
        const qsizetype k = nextNonBlank(j + 1, 2);
        if ((s.isEmpty() || (width < 3 && s.size() <= 80)) && isKey(k)) {
            h.author = s.toString();
            j = j + 1;
        }
    }
    bool haveDate = false;
    bool havePage = false;
    bool haveColumn = false;
    for (int round = 0; round < 4; ++round) {
        const qsizetype k = nextNonBlank(j, 2);
        if (k >= m_lines.size()) {
            break;
        }
        const QStringView s = t(k);
        if (!haveDate && isZhDateLine(s)) {
            haveDate = true;
            h.dateText = s.toString();
            h.date = parseIsoDate(s);
        } else if (!havePage && isZhPageLine(s)) {
            havePage = true;
            h.pageLabel = s.toString();
            const qsizetype p = s.indexOf(u'版');
            const int num = parseNumber(s.mid(1, p - 1));
            h.pageNumber = num > 0 ? num : 0;
            QStringView rest = trimmed(s.mid(p + 1));
            if (!rest.isEmpty() && (rest.front() == u'(' || rest.front() == u'（')) {
                rest = rest.mid(1);
                if (!rest.isEmpty() && (rest.back() == u')' || rest.back() == u'）')) {
                    rest.chop(1);
                }
            }
            h.pageSection = trimmed(rest).toString();
        } else if (!haveColumn && isZhColumnLine(s)) {
            haveColumn = true;
            QStringView rest = s.mid(2);
            if (!rest.isEmpty() && (rest.front() == u'：' || rest.front() == u':')) {
                rest = rest.mid(1);
            }
            h.column = trimmed(rest).toString();
        } else {
            break;
        }
        j = k + 1;
    }
    if (!haveDate) {
        m_a.warnings.append(i18n("The Chinese header has no date line."));
    }
    return j;
}

void Parser::parseGlossaryLine(QStringView line)
{
    QStringView s = trimmed(line);
    if (s.isEmpty() || isBr(s)) {
        return;
    }
    if ((s.startsWith(u"**") && s.endsWith(u"**")) || s.startsWith(u'#')) {
        ++m_glossaryIgnored; // a category heading
        return;
    }
    // Markdown bullets.
    if (s.size() > 2 && (s[0] == u'-' || s[0] == u'*' || s[0] == u'•') && isWs(s[1])) {
        s = trimmed(s.mid(2));
    }
    auto hasHan = [](QStringView v) {
        return std::any_of(v.begin(), v.end(), [](QChar c) {
            return isIdeograph(c) || isHangul(c.unicode());
        });
    };
    auto cleanGloss = [](QStringView g) {
        g = trimmed(g);
        while (!g.isEmpty()
               && (g.front() == u'-' || g.front() == u'–' || g.front() == u'—' || g.front() == u':' || g.front() == u'：' || g.front() == u'='
                   || g.front() == u'|' || isWs(g.front()))) {
            g = g.mid(1);
        }
        while (!g.isEmpty() && (g.back() == u'|' || isWs(g.back()))) {
            g.chop(1);
        }
        return g.toString();
    };
    GlossaryEntry e;
    if (s.startsWith(u'|')) {
        // Markdown table row: | 汉字 | Pinyin |
        const QList<QStringView> cells = s.split(u'|');
        QList<QStringView> filled;
        for (QStringView c : cells) {
            c = trimmed(c);
            if (!c.isEmpty()) {
                filled.append(c);
            }
        }
        if (filled.size() >= 2 && hasHan(filled[0])) {
            e.term = filled[0].toString();
            e.gloss = filled[1].toString();
            m_a.glossary.append(e);
        } else {
            ++m_glossaryIgnored; // header or separator row
        }
        return;
    }
    qsizetype split = s.indexOf(u'\t');
    if (split <= 0) {
        split = -1;
        const qsizetype limit = std::min<qsizetype>(s.size(), 400);
        // first run of >= 2 blanks, or one U+3000
        for (qsizetype k = 1; k < limit; ++k) {
            if (s[k] == QChar(0x3000) || (s[k] == u' ' && k + 1 < s.size() && isWs(s[k + 1]))) {
                split = k;
                break;
            }
        }
        if (split < 0) {
            // "汉字：gloss", "汉字 gloss", "汉字gloss": the first boundary after the Chinese term
            for (qsizetype k = 1; k < limit; ++k) {
                const bool prevHan = isIdeograph(s[k - 1]) || isHangul(s[k - 1].unicode()) || s[k - 1] == u'）' || s[k - 1] == u'·';
                if (!prevHan) {
                    continue;
                }
                const QChar c = s[k];
                if (c == u'：' || c == u':' || c == u' ' || c == u'-' || c == u'—' || c == u'(' || c == u'（' || c == u'='
                    || (c.unicode() < 0x2E80 && c.isLetter())) {
                    split = k;
                    break;
                }
            }
        }
    }
    if (split > 0) {
        e.term = trimmed(s.left(split)).toString();
        e.gloss = cleanGloss(s.mid(split));
    } else {
        e.term = s.toString();
    }
    if (e.term.isEmpty() || !hasHan(e.term)) {
        ++m_glossaryIgnored;
        return;
    }
    m_a.glossary.append(e);
}

bool Parser::run(QString *error)
{
    // Find the start: "Title:" (bilingual) or "### " (raw Chinese) among the first non-blank lines.
    qsizetype start = -1;
    State state = State::EnHeader;
    {
        int nonBlank = 0;
        for (qsizetype i = 0; i < m_lines.size() && nonBlank < 20; ++i) {
            const QStringView s = t(i);
            if (s.isEmpty()) {
                continue;
            }
            ++nonBlank;
            if (headerKey(s) == HeaderKey::Title) {
                start = i;
                state = State::EnHeader;
                break;
            }
            if (s.startsWith(u"### ") && s.size() > 4) {
                start = i;
                state = State::ZhHeader;
                break;
            }
        }
    }
    if (start < 0) {
        *error = i18n("This is not a bilingual People's Daily article: no “Title:” header or “### ” Chinese title was found at the start of the file.");
        return false;
    }
    if (start > 0 && nextNonBlank(0) < start) {
        m_a.warnings.append(i18n("Text before the article header was ignored (lines 1–%1).", m_lines[start - 1].number));
    }

    State bodyState = State::EnBody; // where AfterHr returns on unexpected text
    EnglishHeader scratchEn;
    ChineseHeader scratchZh;
    qsizetype i = start;
    while (i < m_lines.size()) {
        const QStringView s = t(i);
        switch (state) {
        case State::EnHeader: {
            m_sawEnglishHeader = true;
            const bool first = m_part == 0 || m_a.en.title.isEmpty();
            EnglishHeader &h = first ? m_a.en : scratchEn;
            if (!first) {
                scratchEn = EnglishHeader();
            }
            i = parseEnglishHeader(i, h);
            state = State::EnBody;
            bodyState = State::EnBody;
            break;
        }
        case State::EnBody:
            if (isHr(s)) {
                m_sawHr = true;
                state = State::AfterHr;
                ++i;
            } else if (isOriginal(s)) {
                m_sawOriginal = true;
                state = State::ZhHeaderExpect;
                ++i;
            } else if (isNamedEntities(s)) {
                state = State::Glossary;
                ++i;
            } else if (const QString marker = continuedMarker(s); !marker.isEmpty()) {
                newPart(marker, m_lines[i].number);
                state = State::ExpectHeader;
                ++i;
            } else if (s.startsWith(u"### ") && looksLikeZhHeaderAt(i)) {
                m_a.warnings.append(i18n("The Chinese original starts without a “<hr />” / “Original:” separator (line %1).", m_lines[i].number));
                state = State::ZhHeader;
            } else {
                builder(Language::English).addLine(m_lines[i]);
                ++i;
            }
            break;
        case State::Glossary:
            if (isHr(s)) {
                m_sawHr = true;
                state = State::AfterHr;
            } else if (isOriginal(s)) {
                m_sawOriginal = true;
                state = State::ZhHeaderExpect;
            } else if (s.startsWith(u"### ") && looksLikeZhHeaderAt(i)) {
                state = State::ZhHeader;
                continue;
            } else {
                parseGlossaryLine(m_lines[i].text);
            }
            ++i;
            break;
        case State::AfterHr:
            if (s.isEmpty() || isHr(s) || isBr(s)) {
                ++i;
            } else if (isOriginal(s)) {
                m_sawOriginal = true;
                state = State::ZhHeaderExpect;
                ++i;
            } else if (const QString marker = continuedMarker(s); !marker.isEmpty()) {
                newPart(marker, m_lines[i].number);
                state = State::ExpectHeader;
                ++i;
            } else if (s.startsWith(u"### ")) {
                state = State::ZhHeader;
            } else if (isNamedEntities(s)) {
                state = State::Glossary;
                ++i;
            } else if (headerKey(s) == HeaderKey::Title) {
                newPart(u"File continued from previous part"_s, m_lines[i].number);
                state = State::EnHeader;
            } else {
                m_a.warnings.append(i18n("Unexpected text after a “<hr />” separator at line %1.", m_lines[i].number));
                state = bodyState;
            }
            break;
        case State::ExpectHeader:
            if (s.isEmpty() || isBr(s)) {
                ++i;
            } else if (headerKey(s) == HeaderKey::Title) {
                state = State::EnHeader;
            } else if (s.startsWith(u"### ")) {
                state = State::ZhHeader;
            } else if (isOriginal(s)) {
                m_sawOriginal = true;
                state = State::ZhHeaderExpect;
                ++i;
            } else {
                state = m_sawOriginal && !m_sawEnglishHeader ? State::ZhBody : State::EnBody;
            }
            break;
        case State::ZhHeaderExpect:
            if (s.isEmpty() || isBr(s)) {
                ++i;
            } else if (s.startsWith(u"### ")) {
                state = State::ZhHeader;
            } else {
                m_a.warnings.append(i18n("The Chinese original has no “### ” title line."));
                state = State::ZhBody;
                bodyState = State::ZhBody;
            }
            break;
        case State::ZhHeader: {
            m_sawChineseHeader = true;
            const bool first = m_a.zh.title.isEmpty() && m_a.zh.dateText.isEmpty();
            if (!first) {
                scratchZh = ChineseHeader();
            }
            i = parseChineseHeader(i, first ? m_a.zh : scratchZh);
            state = State::ZhBody;
            bodyState = State::ZhBody;
            break;
        }
        case State::ZhBody:
            if (isHr(s)) {
                state = State::AfterHr;
                ++i;
            } else if (const QString marker = continuedMarker(s); !marker.isEmpty()) {
                newPart(marker, m_lines[i].number);
                state = State::ExpectHeader;
                ++i;
            } else {
                builder(Language::Chinese).addLine(m_lines[i]);
                ++i;
            }
            break;
        }
    }

    m_a.english = std::move(m_en.blocks);
    m_a.chinese = std::move(m_zh.blocks);
    m_a.partCount = m_part + 1;
    // A language that is not itself split (e.g. one Chinese original after several English parts)
    // is a single part: number its blocks 0.
    for (QList<Block> *list : {&m_a.english, &m_a.chinese}) {
        const bool split = std::any_of(list->cbegin(), list->cend(), [](const Block &b) {
            return b.kind == BlockKind::PartBreak;
        });
        if (!split) {
            for (Block &b : *list) {
                b.part = 0;
            }
        }
    }

    // Classification per language, per part.
    auto classify = [](QList<Block> &blocks, const QString &title, const QString &author) {
        splitCaptions(blocks);
        assignEnumerators(blocks);
        assignTitleAndByline(blocks, 0, title, author);
        for (qsizetype k = 0; k < blocks.size(); ++k) {
            if (blocks[k].kind == BlockKind::PartBreak) {
                assignTitleAndByline(blocks, k + 1, title, author);
            }
        }
        assignVerse(blocks);
    };
    classify(m_a.english, m_a.en.title, m_a.en.author);
    // The raw Chinese header often leaves the author line empty while the English header names a
    // Chinese institution ("Author: 中华人民共和国国家统计局"): use it for the Chinese byline then.
    bool enAuthorIsChinese = false;
    for (QChar c : std::as_const(m_a.en.author)) {
        if (isIdeograph(c)) {
            enAuthorIsChinese = true;
            break;
        }
    }
    const QString zhAuthor = m_a.zh.author.isEmpty() && enAuthorIsChinese ? m_a.en.author : m_a.zh.author;
    classify(m_a.chinese, m_a.zh.title, zhAuthor);
    // The headline's parts; the body lines that repeat them are Title blocks.
    assignHeadlineParts(m_a.zh, m_a.chinese, zhAuthor);
    m_a.en.titleLines.clear();
    if (!trimmed(m_a.en.title).isEmpty()) {
        m_a.en.titleLines.append(trimmed(m_a.en.title).toString());
    }

    // The English headline may be a free translation of the Chinese one: when the Chinese body
    // opens with more title lines than were recognised in English, take the same number of short
    // unpunctuated English opening lines as titles too.
    {
        auto leadingCount = [](const QList<Block> &blocks, BlockKind kind) {
            int n = 0;
            for (const Block &b : blocks) {
                if (b.kind == kind) {
                    ++n;
                } else if (b.kind != BlockKind::Title && b.kind != BlockKind::Byline) {
                    break;
                }
            }
            return n;
        };
        const int zhTitles = leadingCount(m_a.chinese, BlockKind::Title);
        int enTitles = leadingCount(m_a.english, BlockKind::Title);
        for (qsizetype k = 0; k < m_a.english.size() && enTitles < zhTitles; ++k) {
            Block &b = m_a.english[k];
            if (b.kind == BlockKind::Title || b.kind == BlockKind::Byline) {
                continue;
            }
            if (b.kind != BlockKind::Paragraph || !b.enumerator.isEmpty() || b.lineCount != 1 || b.text.size() > 120 || b.text.isEmpty()
                || isSentenceFinal(b.text.back()) || b.text.back() == u',') {
                break;
            }
            b.kind = BlockKind::Title;
            ++enTitles;
        }
    }

    alikeEnumeratedSections(m_a.english);
    alikeEnumeratedSections(m_a.chinese);
    // After the cross-language title pass (an unpunctuated second headline line is a Title).
    assignSubheadings(m_a.english);
    assignSubheadings(m_a.chinese);

    // Warnings about content.
    if (!m_sawOriginal && !m_sawChineseHeader) {
        m_a.warnings.append(i18n("The file has no Chinese original (no “Original:” section); only the English text is shown."));
    } else if (m_a.chinese.isEmpty()) {
        m_a.warnings.append(i18n("The Chinese original is empty."));
    }
    if (m_sawEnglishHeader && m_a.english.isEmpty()) {
        m_a.warnings.append(i18n("The English translation is empty."));
    }
    if (m_part > 0) {
        m_a.warnings.append(i18np("The article continues in %1 further part; the parts were merged.",
                                  "The article continues in %1 further parts; the parts were merged.",
                                  m_part));
    }
    if (m_glossaryIgnored > 0) {
        m_a.warnings.append(i18np("%1 line of the Named Entities block was not a glossary entry.",
                                  "%1 lines of the Named Entities block were not glossary entries.",
                                  m_glossaryIgnored));
    }
    {
        qsizetype han = 0;
        qsizetype hangul = 0;
        for (const Block &b : std::as_const(m_a.english)) {
            for (QChar c : b.text) {
                const char32_t u = c.unicode();
                if (isHan(u)) {
                    ++han;
                } else if (isHangul(u)) {
                    ++hangul;
                }
            }
        }
        if (han > 0) {
            m_a.warnings.append(i18np("The English text contains %1 Chinese character.", "The English text contains %1 Chinese characters.", han));
        }
        if (hangul > 0) {
            m_a.warnings.append(i18np("The English text contains %1 Korean character.", "The English text contains %1 Korean characters.", hangul));
        }
    }
    // English that stops mid-sentence.
    for (qsizetype k = m_a.english.size() - 1; k >= 0; --k) {
        const Block &b = m_a.english[k];
        if (b.kind == BlockKind::Paragraph) {
            const QChar last = b.text.isEmpty() ? QChar() : b.text.back();
            // Lists end without punctuation in both languages: only complain when the Chinese
            // original (if any) ends with a complete sentence.
            bool zhComplete = true;
            for (qsizetype z = m_a.chinese.size() - 1; z >= 0; --z) {
                const Block &c = m_a.chinese[z];
                if (c.kind == BlockKind::Paragraph || c.kind == BlockKind::TableRow || c.kind == BlockKind::Verse) {
                    zhComplete = !c.text.isEmpty() && isClosingPunct(c.text.back());
                    break;
                }
            }
            if ((last.isLetterOrNumber() || last == u',') && zhComplete) {
                m_a.warnings.append(i18n("The English translation seems to stop mid-sentence (line %1).", b.sourceLine));
            }
            break;
        }
        if (b.kind != BlockKind::Caption && b.kind != BlockKind::Signature) {
            break;
        }
    }
    // Length sanity: English machine translations run at 2.3-4.6 non-blank characters per Chinese
    // character in the samples.
    {
        qsizetype enChars = 0;
        qsizetype zhChars = 0;
        for (const Block &b : std::as_const(m_a.english)) {
            enChars += b.text.size();
        }
        for (const Block &b : std::as_const(m_a.chinese)) {
            zhChars += b.text.size();
        }
        if (zhChars >= 100 && enChars > 0) {
            if (enChars > 8 * zhChars) {
                m_a.warnings.append(i18n("The English text is much longer than the Chinese original (%1 vs. %2 characters).", enChars, zhChars));
            } else if (enChars * 10 < 12 * zhChars) {
                m_a.warnings.append(
                    i18n("The English text is much shorter than the Chinese original (%1 vs. %2 characters); it may be incomplete.", enChars, zhChars));
            }
        }
    }
    if (m_a.en.date.isValid() && m_a.zh.date.isValid() && m_a.en.date != m_a.zh.date) {
        m_a.warnings.append(i18n("The English date (%1) differs from the Chinese date (%2).", m_a.en.dateText, m_a.zh.dateText));
    }
    // Pathological input (thousands of stray separators) must not produce thousands of warnings.
    m_a.warnings.removeDuplicates();
    constexpr qsizetype kMaxWarnings = 30;
    if (m_a.warnings.size() > kMaxWarnings) {
        const qsizetype more = m_a.warnings.size() - kMaxWarnings;
        m_a.warnings.resize(kMaxWarnings);
        m_a.warnings.append(i18np("… and %1 more warning.", "… and %1 more warnings.", more));
    }
    if (m_a.english.isEmpty() && m_a.chinese.isEmpty() && m_a.en.title.isEmpty() && m_a.zh.title.isEmpty()) {
        *error = i18n("The article has neither a title nor any text.");
        return false;
    }
    return true;
}

QString normaliseLineEndings(const QString &in, QString *kind)
{
    qsizetype crlf = 0;
    qsizetype cr = 0;
    qsizetype lf = 0;
    const qsizetype n = in.size();
    const QChar *d = in.constData();
    for (qsizetype i = 0; i < n; ++i) {
        if (d[i] == u'\r') {
            if (i + 1 < n && d[i + 1] == u'\n') {
                ++crlf;
                ++i;
            } else {
                ++cr;
            }
        } else if (d[i] == u'\n') {
            ++lf;
        }
    }
    const int kinds = (crlf > 0) + (cr > 0) + (lf > 0);
    if (kinds == 0) {
        *kind = u"none"_s;
    } else if (kinds > 1) {
        *kind = u"mixed"_s;
    } else {
        *kind = crlf ? u"CRLF"_s : (cr ? u"CR"_s : u"LF"_s);
    }
    if (crlf == 0 && cr == 0) {
        return in;
    }
    QString out;
    out.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        if (d[i] == u'\r') {
            out.append(u'\n');
            if (i + 1 < n && d[i + 1] == u'\n') {
                ++i;
            }
        } else {
            out.append(d[i]);
        }
    }
    return out;
}

} // namespace

ParseResult parseArticle(const QByteArray &bytes, const QString &sourcePath)
{
    ParseResult r;
    r.article.sourcePath = sourcePath;
    if (bytes.isEmpty()) {
        r.error = i18n("The file is empty.");
        return r;
    }
    // The reader's saved annotations (an HTML comment after the text) are not article text.
    const AnnotationTrailer trailer = findAnnotationTrailer(bytes);
    r.article.annotationData = trailer.payload;
    QString encoding;
    QString text = decodeText(trailer.present ? bytes.left(trailer.contentSize) : bytes, &encoding);
    r.article.encoding = encoding;
    if (!text.isEmpty() && text.front() == QChar(0xFEFF)) {
        text.remove(0, 1);
    }
    // Binary data: NUL characters or many other control characters.
    {
        qsizetype controls = 0;
        qsizetype replacements = 0;
        for (QChar c : std::as_const(text)) {
            const char16_t u = c.unicode();
            if (u == 0) {
                r.error = i18n("The file is not a text file (it contains NUL bytes).");
                return r;
            }
            if (u < 0x20 && u != u'\n' && u != u'\r' && u != u'\t' && u != u'\f' && u != u'\v' && u != 0x1B) {
                ++controls;
            } else if (u == 0xFFFD) {
                ++replacements;
            }
        }
        if (controls * 100 > text.size()) {
            r.error = i18n("The file is not a text file (it contains binary data).");
            return r;
        }
        if (replacements > 0) {
            r.article.warnings.append(i18np("%1 undecodable byte sequence was replaced.", "%1 undecodable byte sequences were replaced.", replacements));
        }
    }
    if (isBlank(text)) {
        r.error = i18n("The file contains only whitespace.");
        return r;
    }
    QString lineEnding;
    text = normaliseLineEndings(text, &lineEnding);
    r.article.lineEnding = lineEnding;

    Parser parser(text, r.article);
    QString error;
    if (!parser.run(&error)) {
        r.error = error;
        return r;
    }
    // The block lists grew by doubling: give back their unused room (up to half of the 46k
    // blocks of a 10 MB article, ~2 MB, kept for as long as the document is open).
    r.article.english.squeeze();
    r.article.chinese.squeeze();
    r.ok = true;
    return r;
}

ParseResult parseArticleFile(const QString &path)
{
    ParseResult r;
    r.article.sourcePath = path;
    const QFileInfo info(path);
    if (!info.exists()) {
        r.error = i18n("The file “%1” does not exist.", path);
        return r;
    }
    if (info.isDir()) {
        r.error = i18n("“%1” is a folder, not a file.", path);
        return r;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        r.error = i18n("Cannot open “%1”: %2", path, f.errorString());
        return r;
    }
    const qint64 size = f.size();
    if (size > kMaxFileSize) {
        r.error = i18n("The file is too large (%1 MiB); articles larger than %2 MiB are not opened.", size / (1024 * 1024), kMaxFileSize / (1024 * 1024));
        return r;
    }
    // Read at most the limit + 1 bytes: sequential files (pipes) report size 0. A file of known
    // size is read into a buffer of its size (+1: one that grew meanwhile is read on): read(limit
    // + 1) mapped a fresh 64 MiB buffer at every open and touched its first pages.
    QByteArray bytes = f.read(size > 0 && !f.isSequential() ? size + 1 : kMaxFileSize + 1);
    if (bytes.size() > size && bytes.size() <= kMaxFileSize && size > 0 && !f.isSequential()) {
        bytes += f.read(kMaxFileSize + 1 - bytes.size());
    }
    if (bytes.size() > kMaxFileSize) {
        r.error = i18n("The file is too large; articles larger than %1 MiB are not opened.", kMaxFileSize / (1024 * 1024));
        return r;
    }
    return parseArticle(bytes, path);
}

} // namespace Okb
