// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The article parser against every real sample (tests/data/samples) and the hand-made variants
// (tests/data/variants), plus bad input.

#include "parse/articleparser.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Okb;

namespace
{

QString dataPath(const QString &rel)
{
    return QStringLiteral(OKB_TEST_DATA_DIR) + u'/' + rel;
}

int countKind(const QList<Block> &blocks, BlockKind kind)
{
    return int(std::count_if(blocks.begin(), blocks.end(), [kind](const Block &b) {
        return b.kind == kind;
    }));
}

QList<Block> ofKind(const QList<Block> &blocks, BlockKind kind)
{
    QList<Block> out;
    for (const Block &b : blocks) {
        if (b.kind == kind) {
            out.append(b);
        }
    }
    return out;
}

QStringList enumerators(const QList<Block> &blocks)
{
    QStringList out;
    for (const Block &b : blocks) {
        if (!b.enumerator.isEmpty()) {
            out.append(b.enumerator);
        }
    }
    return out;
}

QList<int> levels(const QList<Block> &blocks)
{
    QList<int> out;
    for (const Block &b : blocks) {
        if (!b.enumerator.isEmpty()) {
            out.append(b.level);
        }
    }
    return out;
}

bool isSpace(QChar c)
{
    return c.isSpace() || c == QChar(0x3000) || c == QChar(0xFEFF);
}

QString withoutSpace(QStringView s)
{
    QString out;
    for (QChar c : s) {
        if (!isSpace(c)) {
            out.append(c);
        }
    }
    return out;
}

QString blockText(const QList<Block> &blocks)
{
    QString out;
    for (const Block &b : blocks) {
        if (b.kind != BlockKind::PartBreak) {
            out += withoutSpace(b.text);
        }
    }
    return out;
}

QString readUtf8(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QString s = QString::fromUtf8(f.readAll());
    s.replace(u"\r\n"_s, u"\n"_s);
    s.replace(u'\r', u'\n');
    return s;
}

// Independent, naive extraction of the source text of the two bodies (for the character
// preservation test): Chinese body = lines after the first "专栏" line following "### " up to the
// end or a "<hr />"; English body = lines after the header (the first blank line after "Title:")
// up to "**Named Entities**" / "<hr />". The glued bare column label belongs to the header.
struct SourceBodies {
    QString english;
    QString chinese;
};

SourceBodies sourceBodies(const QString &text)
{
    // Repeats for continued parts: each "Title:" header starts an English body, each "### " header
    // a Chinese one.
    SourceBodies sb;
    const QStringList lines = text.split(u'\n');
    static const QRegularExpression key(u"^(Title|Author|Date|Page|Edition|Column)\\s*:"_s);
    int i = 0;
    while (i < lines.size()) {
        const QString t = lines[i].trimmed();
        if (t.startsWith(u"Title:"_s)) {
            // header: up to the first blank line that is not followed by another key
            while (i < lines.size()) {
                if (lines[i].trimmed().isEmpty()) {
                    int k = i + 1;
                    while (k < lines.size() && lines[k].trimmed().isEmpty()) {
                        ++k;
                    }
                    if (k < lines.size() && key.match(lines[k].trimmed()).hasMatch()) {
                        i = k;
                        continue;
                    }
                    break;
                }
                ++i;
            }
            for (; i < lines.size(); ++i) {
                const QString u = lines[i].trimmed();
                if (u.startsWith(u"<hr"_s) || u == u"**Named Entities**"_s) {
                    break;
                }
                if (u != u"<br>"_s) {
                    sb.english += withoutSpace(lines[i]);
                }
            }
            continue;
        }
        if (lines[i].startsWith(u"### "_s)) {
            while (i < lines.size() && !lines[i].trimmed().startsWith(u"专栏"_s)) {
                ++i;
            }
            for (++i; i < lines.size(); ++i) {
                if (lines[i].trimmed().startsWith(u"<hr"_s)) {
                    break;
                }
                sb.chinese += withoutSpace(lines[i]);
            }
            continue;
        }
        ++i;
    }
    return sb;
}

QStringList allSampleFiles()
{
    QStringList files;
    QDirIterator it(dataPath(u"samples"_s), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (!f.endsWith(u"README.md"_s)) {
            files.append(f);
        }
    }
    files.sort();
    return files;
}

const QString kSample000 = u"samples/000_7d941ea5db1c98f2.txt"_s;
const QString kSample1946 = u"samples/1946-05-16_淄博专区_培养大批师资.md"_s;
const QString kRaw1946 = u"samples/original-only/1946-05-16_淄博专区_培养大批师资.md"_s;
const QString kRawWomen = u"samples/original-only/1946-05-15_劳动的妇女们.md"_s;
const QString kSample1949 = u"samples/1949-10-01_中华人民共和国中央人民政府成立庆祝大会_入场须知.md"_s;
const QString kSong = u"samples/1950-01-01_新年唱词.md"_s;
const QString kAddendum = u"samples/1950-01-01_补注.md"_s;
const QString kItaly = u"samples/1954-09-02_意共中央关于召开全国代表会议的决议.md"_s;
const QString kList = u"samples/1956-03-02_中国国民党革命委员会中央委员和候补中央委员名单.md"_s;
const QString kPlow = u"samples/1956-03-02_推广双轮双铧犁工作中的几个问题.md"_s;
const QString kPioneers = u"samples/1957-06-01_勤学_诚实_助人_越南少先队员表现好.md"_s;
const QString kDrugs = u"samples/1957-06-01_十五种重要药品售价降低.md"_s;
const QString kNotice = u"samples/1966-05-01_重要通知.md"_s;
const QString kTrade = u"samples/1989-03-01_去年世界贸易增长８．５％_西德美日为十大出口国前三名.md"_s;
const QString kBulletin = u"samples/1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s;

} // namespace

#define PARSE(var, rel)                                                                                                                                        \
    const ParseResult var##Result = parseArticleFile(dataPath(rel));                                                                                           \
    QVERIFY2(var##Result.ok, qPrintable(var##Result.error));                                                                                                   \
    const Article &var = var##Result.article

class ArticleParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // --- every sample -----------------------------------------------------------------------
    void allSamples_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList files = allSampleFiles();
        QCOMPARE(files.size(), 15); // 13 bilingual (12 .md + the .txt) + 2 original-only
        for (const QString &f : files) {
            QTest::newRow(qPrintable(QDir(dataPath(u"samples"_s)).relativeFilePath(f))) << f;
        }
    }

    void allSamples()
    {
        QFETCH(QString, path);
        const ParseResult r = parseArticleFile(path);
        QVERIFY2(r.ok, qPrintable(r.error));
        const Article &a = r.article;
        QCOMPARE(a.encoding, u"UTF-8"_s);
        QVERIFY(a.hasChinese());
        QVERIFY(!a.chinese.isEmpty());
        QVERIFY(a.zh.date.isValid());
        QVERIFY(!a.zh.title.isEmpty());
        QVERIFY(a.zh.pageNumber > 0);
        const bool raw = path.contains(u"original-only"_s);
        QCOMPARE(a.hasEnglish(), !raw);
        if (!raw) {
            QVERIFY(a.en.date.isValid());
            QCOMPARE(a.en.date, a.zh.date);
            QVERIFY(!a.english.isEmpty());
            QVERIFY(a.en.pageKey == u"Page"_s || a.en.pageKey == u"Edition"_s);
            QCOMPARE(a.en.page.toInt(), a.zh.pageNumber);
            QCOMPARE(a.lineEnding, u"LF"_s);
        } else {
            QCOMPARE(a.lineEnding, u"mixed"_s); // CRLF header lines, LF body
            QVERIFY(a.english.isEmpty());
        }
        // Well-formed blocks: no empty text, increasing source lines, right language, indentation
        // removed (except TABs that are empty table cells).
        for (const QList<Block> *list : {&a.english, &a.chinese}) {
            int lastLine = 0;
            for (const Block &b : *list) {
                QVERIFY(!b.text.isEmpty());
                QVERIFY2(b.sourceLine >= lastLine, qPrintable(b.text.left(40)));
                lastLine = b.sourceLine;
                QCOMPARE(b.language, list == &a.english ? Language::English : Language::Chinese);
                QVERIFY(!b.text.back().isSpace());
                if (b.kind != BlockKind::TableRow) {
                    QVERIFY2(!b.text.front().isSpace() && b.text.front() != QChar(0x3000), qPrintable(b.text.left(40)));
                }
                QVERIFY(b.enumerator.isEmpty() || b.text.startsWith(b.enumerator));
                QVERIFY((b.level == 0) == b.enumerator.isEmpty());
            }
        }
        // The Chinese body opens with the title repeated.
        QCOMPARE(a.chinese.first().kind, BlockKind::Title);
    }

    // Nothing dropped, nothing invented: the non-whitespace characters of each body, in order.
    void characterPreservation_data()
    {
        allSamples_data();
        QTest::newRow("variant ocr_hardwrap") << dataPath(u"variants/ocr_hardwrap.md"_s);
        QTest::newRow("variant enumerations") << dataPath(u"variants/enumerations.md"_s);
        QTest::newRow("variant blank_header_keys") << dataPath(u"variants/blank_header_keys.md"_s);
        QTest::newRow("variant leaks_and_truncation") << dataPath(u"variants/leaks_and_truncation.md"_s);
        QTest::newRow("variant column_label_in_body") << dataPath(u"variants/column_label_in_body.md"_s);
        QTest::newRow("variant continued_part") << dataPath(u"variants/continued_part.md"_s);
        QTest::newRow("variant law_chapters") << dataPath(u"variants/law_chapters.md"_s);
        QTest::newRow("variant subheadings") << dataPath(u"variants/subheadings.md"_s);
    }

    void characterPreservation()
    {
        QFETCH(QString, path);
        const ParseResult r = parseArticleFile(path);
        QVERIFY2(r.ok, qPrintable(r.error));
        const SourceBodies src = sourceBodies(readUtf8(path));
        QVERIFY(!src.chinese.isEmpty());
        QCOMPARE(blockText(r.article.chinese), src.chinese);
        QString en = src.english;
        // A bare column label glued to the header ("Market Watch") is header, not body.
        const QString label = withoutSpace(r.article.en.column);
        if (!label.isEmpty() && en.startsWith(label) && !blockText(r.article.english).startsWith(label)) {
            en = en.mid(label.size());
        }
        QCOMPARE(blockText(r.article.english), en);
    }

    // --- per sample ---------------------------------------------------------------------------
    void reference000()
    {
        PARSE(a, kSample000);
        QCOMPARE(a.en.title, u"Soviet Government Statement to the U.S. Government Regarding the Korean Situation and Soviet-U.S. Relations"_s);
        QCOMPARE(a.en.author, QString());
        QCOMPARE(a.en.date, QDate(1951, 10, 19));
        QCOMPARE(a.en.pageKey, u"Page"_s);
        QCOMPARE(a.en.page, u"1"_s);
        QCOMPARE(a.zh.title, u"关于朝鲜局势与苏美关系苏联政府致美国政府的声明"_s);
        QCOMPARE(a.zh.author, QString());
        QCOMPARE(a.zh.pageLabel, u"第1版()"_s);
        QCOMPARE(a.zh.pageNumber, 1);
        QCOMPARE(a.zh.pageSection, QString());
        QCOMPARE(a.zh.column, QString());
        QCOMPARE(a.english.size(), 29);
        // Two headings: I. and II. (II. was a paragraph for its full stop, before the members of
        // one enumerated sequence of sections were made alike).
        QCOMPARE(countKind(a.english, BlockKind::Paragraph), 27);
        QCOMPARE(countKind(a.english, BlockKind::Heading), 2);
        QCOMPARE(a.chinese.size(), 29);
        QCOMPARE(countKind(a.chinese, BlockKind::Title), 1);
        QCOMPARE(countKind(a.chinese, BlockKind::Heading), 2);
        QCOMPARE(countKind(a.chinese, BlockKind::Paragraph), 26);
        QVERIFY(a.english.first().text.startsWith(u"Xinhua News Agency, Moscow, October 18th:"_s));
        QVERIFY(a.english.last().text.startsWith(u"However, the Soviet government, in accordance with its peaceful policy"_s));
        QVERIFY(a.chinese.last().text.startsWith(u"然而，苏联政府本着它的和平政策"_s));
        QVERIFY(a.english[5].text.contains(u"chargé d'affaires"_s) || a.english[0].text.contains(u"chargé d'affaires"_s));
        // Nested enumeration, the same shape on both sides; "C." after "B." is a letter, not 100.
        QCOMPARE(enumerators(a.english), (QStringList{u"I."_s, u"A."_s, u"B."_s, u"II."_s, u"A."_s, u"B."_s, u"C."_s, u"D."_s}));
        QCOMPARE(enumerators(a.chinese), (QStringList{u"一、"_s, u"甲、"_s, u"乙、"_s, u"二、"_s, u"甲、"_s, u"乙、"_s, u"丙、"_s, u"丁、"_s}));
        QCOMPARE(levels(a.english), (QList<int>{1, 2, 2, 1, 2, 2, 2, 2}));
        QCOMPARE(levels(a.chinese), levels(a.english));
        // "I. ... as follows:" stands alone and has no final full stop: a heading, like 一、...如下：
        QCOMPARE(ofKind(a.english, BlockKind::Heading).first().enumerator, u"I."_s);
        QCOMPARE(ofKind(a.chinese, BlockKind::Heading).first().text, u"一、寇克先生的声明内容大体归结如下："_s);
        // "II. Mr. Kirk mainly discussed … relations." / 二、…关系。 open the second section the same
        // way (one sentence standing alone, followed by its section's text): headings too. The A./甲、
        // members (no heading among them) stay paragraphs.
        QCOMPARE(ofKind(a.english, BlockKind::Heading).at(1).text,
                 u"II. Mr. Kirk mainly discussed two issues in his oral statement – the Korean situation and Soviet-U.S. relations."_s);
        QCOMPARE(ofKind(a.chinese, BlockKind::Heading).at(1).text, u"二、寇克先生在他的口头声明中主要是谈两个问题——朝鲜局势和苏美关系。"_s);
        for (const Block &b : a.english) {
            if (b.level == 2) {
                QCOMPARE(b.kind, BlockKind::Paragraph);
            }
        }
        // An indented OCR tail ("‘恶劣的影响’。") completes the paragraph cut at "造成".
        const Block &jia = a.chinese[4];
        QCOMPARE(jia.enumerator, u"甲、"_s);
        QCOMPARE(jia.lineCount, 2);
        QVERIFY(jia.text.endsWith(u"可能会在苏联和美国间造成‘恶劣的影响’。"_s));
        QCOMPARE(a.chinese[5].sourceLine, 83);
        QVERIFY(a.warnings.isEmpty());
    }

    void zibo1946()
    {
        PARSE(a, kSample1946);
        QCOMPARE(a.en.title, u"Zibo Prefecture: Cultivating a Large Number of Teachers"_s);
        QCOMPARE(a.en.author, QString());
        QCOMPARE(a.en.pageKey, u"Edition"_s);
        QCOMPARE(a.en.page, u"2"_s);
        QCOMPARE(a.en.date, QDate(1946, 5, 16));
        QCOMPARE(a.zh.title, u"淄博专区  培养大批师资"_s);
        QCOMPARE(a.zh.pageNumber, 2);
        QCOMPARE(a.english.size(), 3);
        QCOMPARE(a.english[0].kind, BlockKind::Title);
        QCOMPARE(a.english[0].text, u"Zibo Prefecture"_s);
        QCOMPARE(a.english[0].indent, 4); // two U+3000
        QCOMPARE(a.english[1].kind, BlockKind::Title);
        QCOMPARE(a.english[1].text, u"Cultivating a Large Number of Teachers"_s);
        QCOMPARE(a.english[2].kind, BlockKind::Paragraph);
        QVERIFY(a.english[2].text.startsWith(u"[Xinhua News Agency Boshan 7th dispatch]"_s));
        QCOMPARE(a.chinese.size(), 3);
        QCOMPARE(a.chinese[0].text, u"淄博专区"_s);
        QCOMPARE(a.chinese[1].text, u"培养大批师资"_s);
        QCOMPARE(countKind(a.chinese, BlockKind::Title), 2);
        // Glossary wrapped in <br> lines, TAB separated; not body text.
        QCOMPARE(a.glossary.size(), 7);
        QCOMPARE(a.glossary.first().term, u"淄博专区"_s);
        QCOMPARE(a.glossary.first().gloss, u"Zibo Zhuanqu (Zibo Prefecture)"_s);
        QCOMPARE(a.glossary.last().term, u"市民教馆"_s);
        QCOMPARE(a.glossary.last().gloss, u"Shimin Jiaoguan (Civic Education Center)"_s);
        for (const Block &b : a.english) {
            QVERIFY(!b.text.contains(u"Zibo Zhuanqu"_s));
            QVERIFY(!b.text.contains(u"Named Entities"_s));
        }
    }

    // Multi-part headlines (kicker / main title / subtitle): the header's parts, separated by
    // whitespace runs, are the title's lines; the body's leading lines that repeat them, in order,
    // are Title blocks (not subheadings, not paragraphs); the whole headline joins them.
    void headlineParts_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<int>("zhTitleBlocks"); // leading Chinese Title blocks
        QTest::addColumn<QString>("firstBody"); // the first Chinese block after them
        QTest::newRow("1989 world trade") << u"samples/1989-03-01_去年世界贸易增长８．５％_西德美日为十大出口国前三名.md"_s
                                          << QStringList{u"去年世界贸易增长８．５％"_s, u"西德美日为十大出口国前三名"_s} << 2
                                          << u"据新华社日内瓦２月２８日电"_s;
        QTest::newRow("1946 zibo") << u"samples/1946-05-16_淄博专区_培养大批师资.md"_s << QStringList{u"淄博专区"_s, u"培养大批师资"_s} << 2
                                   << u"【新华社博山七日电】"_s;
        QTest::newRow("1946 zibo raw GBK") << u"variants/gbk_raw_1946_zibo.md"_s << QStringList{u"淄博专区"_s, u"培养大批师资"_s} << 2
                                           << u"【新华社博山七日电】"_s;
        // A single U+3000 separates words inside a part; two spaces separate the parts.
        QTest::newRow("1957 pioneers") << u"samples/1957-06-01_勤学_诚实_助人_越南少先队员表现好.md"_s
                                       << QStringList{u"勤学\u3000诚实\u3000助人"_s, u"越南少先队员表现好"_s} << 2 << u"本报讯"_s;
        // " \u3000" between the parts; the body's second line is indented "   \u3000".
        QTest::newRow("1949 notice") << u"samples/1949-10-01_中华人民共和国中央人民政府成立庆祝大会_入场须知.md"_s
                                     << QStringList{u"中华人民共和国中央人民政府成立庆祝大会"_s, u"入场须知"_s} << 2 << u"一、大会设总指挥部"_s;
        // The body repeats the first part only, the second is glued to the speech's first line:
        // the header gives the parts; that line stays body text.
        QTest::newRow("1958 airport") << u"unseen2/1958-01-01_在机场上欢迎巴德尔王太子_周恩来总理的讲话.md"_s
                                      << QStringList{u"在机场上欢迎巴德尔王太子"_s, u"周恩来总理的讲话"_s} << 1 << u"周恩来总理的讲话尊敬的"_s;
        // The statistics bulletin's header goes on with the issuer (the author) and the date: not
        // headline parts; the body keeps them as a byline and a title line, as before.
        QTest::newRow("1989 bulletin") << u"samples/1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s
                                       << QStringList{u"１９８８年国民经济和社会发展统计公报"_s} << 1 << u"中华人民共和国国家统计局"_s;
        QTest::newRow("reference") << u"samples/000_7d941ea5db1c98f2.txt"_s << QStringList{u"关于朝鲜局势与苏美关系苏联政府致美国政府的声明"_s} << 1
                                   << u"【新华社十八日讯】"_s;
    }
    void headlineParts()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, lines);
        QFETCH(int, zhTitleBlocks);
        QFETCH(QString, firstBody);
        PARSE(a, file);
        QCOMPARE(a.zh.titleLines, lines);
        QCOMPARE(a.zh.headline(), lines.size() > 1 ? lines.join(u' ') : a.zh.title);
        int n = 0;
        while (n < a.chinese.size() && a.chinese.at(n).kind == BlockKind::Title) {
            ++n;
        }
        QCOMPARE(n, zhTitleBlocks);
        if (lines.size() > 1 && n == lines.size()) {
            for (int i = 0; i < n; ++i) {
                QCOMPARE(a.chinese.at(i).text, lines.at(i));
            }
        }
        QVERIFY2(a.chinese.at(n).text.startsWith(firstBody), qPrintable(a.chinese.at(n).text.left(40)));
        // No part of the headline is left as a subheading.
        for (const Block &b : a.chinese) {
            if (b.kind == BlockKind::Heading) {
                QVERIFY2(!lines.contains(b.text), qPrintable(b.text));
            }
        }
        // The English title is the Title: line, whole.
        if (a.hasEnglish()) {
            QCOMPARE(a.en.titleLines, QStringList{a.en.title});
        } else {
            QVERIFY(a.en.titleLines.isEmpty());
        }
    }

    // The 1946 English body repeats the headline on two lines: both are Title blocks (used up by
    // the title), neither is a heading; the English title stays the Title: line.
    void headlineParts1946English()
    {
        PARSE(a, kSample1946);
        QCOMPARE(a.en.titleLines, QStringList{u"Zibo Prefecture: Cultivating a Large Number of Teachers"_s});
        QCOMPARE(a.english.at(0).kind, BlockKind::Title);
        QCOMPARE(a.english.at(0).text, u"Zibo Prefecture"_s);
        QCOMPARE(a.english.at(1).kind, BlockKind::Title);
        QCOMPARE(a.english.at(1).text, u"Cultivating a Large Number of Teachers"_s);
        QCOMPARE(countKind(a.english, BlockKind::Heading), 0);
        QCOMPARE(a.displayTitle(), u"Zibo Prefecture: Cultivating a Large Number of Teachers"_s);
    }

    // Only whole lines that repeat the header's parts, in order, are title lines: a body line that
    // merely starts with a part stays text; a header of many runs is not a headline of parts.
    void headlinePartsStrict()
    {
        {
            const ParseResult r =
                parseArticle(QStringLiteral("### 春夏秋冬  东南西北\n\n1950-01-01\n第1版()\n\n    春夏秋冬\n    东南西北中发白。\n    子丑寅卯。\n").toUtf8());
            QVERIFY2(r.ok, qPrintable(r.error));
            const Article &a = r.article;
            QCOMPARE(a.zh.titleLines, (QStringList{u"春夏秋冬"_s, u"东南西北"_s})); // from the header
            QCOMPARE(a.chinese.at(0).kind, BlockKind::Title);
            QCOMPARE(a.chinese.at(1).kind, BlockKind::Paragraph);
            QCOMPARE(a.chinese.at(1).text, u"东南西北中发白。"_s);
        }
        {
            // The parts repeated in the body, one per line: both Title blocks, the parts as printed.
            const ParseResult r =
                parseArticle(QStringLiteral("### 春夏秋冬  东南西北\n\n1950-01-01\n第1版()\n\n    春夏秋冬\n　　东南　西北\n    子丑寅卯。\n").toUtf8());
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.article.zh.titleLines, (QStringList{u"春夏秋冬"_s, u"东南\u3000西北"_s}));
            QCOMPARE(r.article.chinese.at(1).kind, BlockKind::Title);
            QCOMPARE(r.article.chinese.at(2).kind, BlockKind::Paragraph);
        }
        {
            const ParseResult r = parseArticle(QStringLiteral("### 一  二  三  四  五  六  七  八\n\n1950-01-01\n第1版()\n\n    子丑寅卯。\n").toUtf8());
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.article.zh.titleLines, QStringList{u"一  二  三  四  五  六  七  八"_s});
            QCOMPARE(r.article.zh.headline(), r.article.zh.title);
        }
    }

    // The Chinese half of the bilingual file equals the raw archive file.
    void bilingualVersusRaw1946()
    {
        PARSE(bi, kSample1946);
        PARSE(raw, kRaw1946);
        QVERIFY(!raw.hasEnglish());
        QCOMPARE(raw.zh.title, bi.zh.title);
        QCOMPARE(raw.zh.titleLines, bi.zh.titleLines);
        QCOMPARE(raw.zh.author, bi.zh.author);
        QCOMPARE(raw.zh.date, bi.zh.date);
        QCOMPARE(raw.zh.pageLabel, bi.zh.pageLabel);
        QCOMPARE(raw.zh.column, bi.zh.column);
        QCOMPARE(raw.chinese.size(), bi.chinese.size());
        for (qsizetype i = 0; i < raw.chinese.size(); ++i) {
            QCOMPARE(raw.chinese[i].text, bi.chinese[i].text);
            QCOMPARE(raw.chinese[i].kind, bi.chinese[i].kind);
            QCOMPARE(raw.chinese[i].indent, bi.chinese[i].indent);
        }
        QCOMPARE(raw.encoding, u"UTF-8"_s);
        QCOMPARE(raw.lineEnding, u"mixed"_s);
    }

    void rawWomen1946()
    {
        PARSE(a, kRawWomen);
        QVERIFY(!a.hasEnglish());
        QVERIFY(a.english.isEmpty());
        QCOMPARE(a.zh.title, u"劳动的妇女们"_s);
        QCOMPARE(a.zh.author, u"曾克"_s);
        QCOMPARE(a.zh.date, QDate(1946, 5, 15));
        QCOMPARE(a.zh.pageLabel, u"第4版()"_s);
        QCOMPARE(a.zh.pageNumber, 4);
        QCOMPARE(a.displayTitle(), u"劳动的妇女们"_s);
        QCOMPARE(a.chinese.size(), 83);
        QCOMPARE(a.chinese.first().kind, BlockKind::Title);
        QCOMPARE(countKind(a.chinese, BlockKind::Signature), 1);
        const Block sig = ofKind(a.chinese, BlockKind::Signature).first();
        QCOMPARE(sig.text, u"——斯大林"_s);
        QCOMPARE(sig.indent, 50);
        QCOMPARE(sig.sourceLine, 9);
        QCOMPARE(a.chinese.last().text, u"四月十五日修改于韩壁。"_s);
        // The song between two "……" lines is verse; the short dialogue lines around it are prose.
        const QList<Block> verse = ofKind(a.chinese, BlockKind::Verse);
        QCOMPARE(verse.size(), 6);
        QCOMPARE(verse.first().sourceLine, 80);
        QCOMPARE(verse[1].text, u"今年的三八节，大大不一般。"_s);
        QCOMPARE(verse.last().sourceLine, 85);
        for (const Block &b : a.chinese) {
            if (b.sourceLine >= 74 && b.sourceLine <= 79) {
                QCOMPARE(b.kind, BlockKind::Paragraph);
            }
        }
        QVERIFY(a.glossary.isEmpty());
    }

    void notice1949()
    {
        PARSE(a, kSample1949);
        QCOMPARE(a.en.author, QString()); // "Author: " with a trailing space
        QCOMPARE(a.en.pageKey, u"Page"_s);
        QCOMPARE(a.en.page, u"6"_s);
        QCOMPARE(a.zh.title, u"中华人民共和国中央人民政府成立庆祝大会 \u3000入场须知"_s);
        QStringList roman = {u"I."_s,
                             u"II."_s,
                             u"III."_s,
                             u"IV."_s,
                             u"V."_s,
                             u"VI."_s,
                             u"VII."_s,
                             u"VIII."_s,
                             u"IX."_s,
                             u"X."_s,
                             u"XI."_s,
                             u"XII."_s,
                             u"XIII."_s,
                             u"XIV."_s,
                             u"XV."_s};
        QStringList chinese = {u"一、"_s,
                               u"二、"_s,
                               u"三、"_s,
                               u"四、"_s,
                               u"五、"_s,
                               u"六、"_s,
                               u"七、"_s,
                               u"八、"_s,
                               u"九、"_s,
                               u"十、"_s,
                               u"十一、"_s,
                               u"十二、"_s,
                               u"十三、"_s,
                               u"十四、"_s,
                               u"十五、"_s};
        QCOMPARE(enumerators(a.english), roman);
        QCOMPARE(enumerators(a.chinese), chinese);
        QCOMPARE(levels(a.english), QList<int>(15, 1));
        QCOMPARE(levels(a.chinese), QList<int>(15, 1));
        // Title split over two lines in Chinese (the second indented "   　").
        QCOMPARE(countKind(a.chinese, BlockKind::Title), 2);
        QCOMPARE(a.chinese[1].text, u"入场须知"_s);
        QCOMPARE(a.chinese[1].indent, 5);
        QCOMPARE(countKind(a.english, BlockKind::Title), 1);
        // The form line keeps its U+3000 columns.
        QCOMPARE(countKind(a.english, BlockKind::TableRow), 1);
        QCOMPARE(ofKind(a.english, BlockKind::TableRow).first().text, u"Unit Name\u3000\u3000Total Number of People\u3000\u3000Leader's Name"_s);
        QCOMPARE(countKind(a.chinese, BlockKind::TableRow), 0);
        QCOMPARE(a.english.size(), 18);
        QCOMPARE(a.chinese.size(), 18);
        // A list, not a run of sections (I. is followed directly by II.): "V. ... as shown below:"
        // is the one heading, the one-sentence items stay paragraphs.
        QCOMPARE(countKind(a.english, BlockKind::Heading), 1);
        QCOMPARE(ofKind(a.english, BlockKind::Heading).first().enumerator, u"V."_s);
        QCOMPARE(countKind(a.chinese, BlockKind::Heading), 1);
        QVERIFY(a.english.last().text.startsWith(u"XV. There are seven toilets"_s));
        QVERIFY(a.chinese.last().text.startsWith(u"十五、会场周围设有厕所七处"_s));
    }

    void song1950()
    {
        PARSE(a, kSong);
        QCOMPARE(a.en.author, u"Yang Zhonglian"_s);
        QCOMPARE(a.zh.author, u"杨钟濂"_s);
        QCOMPARE(a.zh.column, u"人民园地"_s);
        QCOMPARE(a.en.column, QString());
        QCOMPARE(a.english.size(), 76);
        QCOMPARE(a.chinese.size(), 76);
        QCOMPARE(countKind(a.english, BlockKind::Verse), 74);
        QCOMPARE(countKind(a.chinese, BlockKind::Verse), 74);
        QCOMPARE(a.english[0].kind, BlockKind::Title);
        QCOMPARE(a.english[1].kind, BlockKind::Byline);
        QCOMPARE(a.english[1].text, u"Yang Zhonglian"_s);
        QCOMPARE(a.chinese[1].kind, BlockKind::Byline);
        QCOMPARE(a.chinese[1].text, u"杨钟濂"_s); // trailing spaces removed
        QCOMPARE(a.english[2].text, u"The red sun rises in the East,"_s);
        QCOMPARE(a.chinese[2].text, u"红红太阳出东方，"_s);
        QCOMPARE(a.chinese.last().text, u"富强中国乐无疆！"_s);
        QCOMPARE(a.english.last().text, u"A prosperous China will have boundless joy!"_s);
        for (const Block &b : a.chinese) {
            QCOMPARE(b.lineCount, 1); // verse lines are never joined
        }
    }

    void addendum1950()
    {
        PARSE(a, kAddendum);
        QCOMPARE(a.en.title, u"Addendum"_s);
        QCOMPARE(a.en.author, QString());
        QCOMPARE(a.en.page, u"5"_s);
        QCOMPARE(a.english.size(), 2);
        QCOMPARE(a.english[0].kind, BlockKind::Title);
        QCOMPARE(a.english[0].text, u"Addendum"_s);
        QCOMPARE(a.english[1].kind, BlockKind::Paragraph);
        QCOMPARE(a.chinese.size(), 2);
        QCOMPARE(a.chinese[0].text, u"补注"_s);
        QCOMPARE(a.chinese[1].text, u"上期何家槐所译伯林斯基作《给果戈里的信》中，伯林斯基所严厉指责的那本书，系果戈里所著的《书简选集》。"_s);
        QCOMPARE(a.zh.column, QString());
        QCOMPARE(a.zh.pageLabel, u"第5版()"_s);
    }

    void italy1954()
    {
        PARSE(a, kItaly);
        QCOMPARE(a.english.size(), 4);
        QCOMPARE(countKind(a.english, BlockKind::Paragraph), 4);
        QCOMPARE(a.chinese.size(), 5);
        QCOMPARE(a.chinese[0].kind, BlockKind::Title);
        QCOMPARE(countKind(a.chinese, BlockKind::Paragraph), 4);
        // Inline enumerations ("一、…五、", "1. … 5.") sit inside paragraphs: no block enumerator.
        QVERIFY(enumerators(a.english).isEmpty());
        QVERIFY(enumerators(a.chinese).isEmpty());
        QVERIFY(a.english[1].text.contains(u"2,130,095"_s));
        QCOMPARE(a.english[0].indent, 0);
        QCOMPARE(a.chinese[1].indent, 4);
    }

    void nameList1956()
    {
        PARSE(a, kList);
        QCOMPARE(a.chinese.size(), 3);
        QCOMPARE(a.chinese[0].kind, BlockKind::Title);
        QCOMPARE(a.chinese[1].kind, BlockKind::TableRow);
        QCOMPARE(a.chinese[2].kind, BlockKind::TableRow);
        // Continuation lines (one U+3000 or two spaces) are joined, keeping their separator.
        QCOMPARE(a.chinese[1].lineCount, 2);
        QCOMPARE(a.chinese[2].lineCount, 3);
        QVERIFY(a.chinese[1].text.startsWith(u"中央委员：李济深\u3000丁超五"_s));
        QVERIFY(a.chinese[1].text.contains(u"侯连瀛\u3000唐生智"_s));
        QVERIFY(a.chinese[1].text.contains(u"仇\u3000鳌"_s));
        QVERIFY(a.chinese[2].text.startsWith(u"候补中央委员："_s));
        QVERIFY(a.chinese[2].text.contains(u"何\u3000鲁\u3000吴山民"_s));
        QVERIFY(a.chinese[2].text.contains(u"柳士英  姚克方"_s));
        QCOMPARE(a.english.size(), 2);
        QCOMPARE(countKind(a.english, BlockKind::Paragraph), 2);
        QCOMPARE(a.english[0].lineCount, 2);
        QCOMPARE(a.english[1].lineCount, 3);
        QVERIFY(a.english[0].text.contains(u"Hou Lianying Tang Shengzhi"_s)); // English joins with one space
        QVERIFY(a.english[1].text.contains(u"He Lu, Wu Shanmin"_s));
        // A list that ends without punctuation in both languages is not "cut off".
        for (const QString &w : a.warnings) {
            QVERIFY2(!w.contains(u"mid-sentence"_s), qPrintable(w));
        }
    }

    void plow1956()
    {
        PARSE(a, kPlow);
        QCOMPARE(a.en.author, u"Li Jingyu"_s);
        QCOMPARE(a.zh.author, u"李菁玉"_s);
        QCOMPARE(a.english.size(), 7);
        QCOMPARE(a.chinese.size(), 7);
        QCOMPARE(a.english[1].kind, BlockKind::Byline);
        QCOMPARE(a.english[1].text, u"Li Jingyu, Director of the Agricultural Machinery Administration Bureau, Ministry of Agriculture"_s);
        QCOMPARE(a.chinese[1].kind, BlockKind::Byline);
        QCOMPARE(a.chinese[1].text, u"农业部农业机械管理总局局长\u3000李菁玉"_s);
        QCOMPARE(enumerators(a.english), (QStringList{u"I."_s, u"II."_s, u"III."_s}));
        QCOMPARE(enumerators(a.chinese), (QStringList{u"一、"_s, u"二、"_s, u"三、"_s}));
        // Long enumerated paragraphs stay paragraphs.
        QCOMPARE(countKind(a.english, BlockKind::Heading), 0);
        QCOMPARE(countKind(a.chinese, BlockKind::Heading), 0);
        QVERIFY(a.chinese[3].text.contains(u"1，000"_s) || blockText(a.chinese).contains(u"1，000"_s));
    }

    void pioneers1957()
    {
        PARSE(a, kPioneers);
        // Blank line between Title: and Author: (with a trailing space).
        QCOMPARE(a.en.title, u"Diligent Study, Honesty, Helping Others: Good Performance of Vietnamese Young Pioneers"_s);
        QCOMPARE(a.en.author, QString());
        QCOMPARE(a.en.date, QDate(1957, 6, 1));
        QCOMPARE(a.en.page, u"5"_s);
        QCOMPARE(a.en.column, QString()); // the headline after a blank line is body, not a column
        QCOMPARE(a.zh.title, u"勤学\u3000诚实\u3000助人  越南少先队员表现好"_s);
        // Unindented two-line English headline: two title blocks, like the Chinese.
        QCOMPARE(a.english.size(), 7);
        QCOMPARE(a.english[0].kind, BlockKind::Title);
        QCOMPARE(a.english[0].text, u"Diligent Study, Honesty, Helping Others"_s);
        QCOMPARE(a.english[1].kind, BlockKind::Title);
        QCOMPARE(a.english[1].text, u"Vietnamese Young Pioneers Perform Well"_s);
        QCOMPARE(a.chinese[0].text, u"勤学\u3000诚实\u3000助人"_s);
        QCOMPARE(a.chinese[1].text, u"越南少先队员表现好"_s);
        // "(Attached image)" is split off the paragraph; the short line after it is its caption.
        QCOMPARE(countKind(a.english, BlockKind::Caption), 2);
        QCOMPARE(countKind(a.chinese, BlockKind::Caption), 2);
        QCOMPARE(a.english[5].text, u"(Attached image)"_s);
        QVERIFY(a.english[4].text.endsWith(u"movement."_s));
        QCOMPARE(a.english[6].text, u"Mom is off work (Vietnam)"_s);
        QCOMPARE(a.english[6].kind, BlockKind::Caption);
        QCOMPARE(a.chinese[5].text, u"（附图片）"_s);
        QVERIFY(a.chinese[4].text.endsWith(u"运动。"_s));
        QCOMPARE(a.chinese[6].text, u"妈妈下班了（越南）"_s);
    }

    void drugs1957()
    {
        PARSE(a, kDrugs);
        QCOMPARE(a.en.column, u"Market Watch"_s); // bare label glued under "Page: 4"
        QCOMPARE(a.zh.column, u"市场巡礼"_s);
        QCOMPARE(a.en.page, u"4"_s);
        QCOMPARE(a.english.size(), 3);
        QCOMPARE(a.english[0].kind, BlockKind::Title);
        QCOMPARE(a.english[0].text, u"Prices Reduced for Fifteen Important Drugs"_s);
        for (const Block &b : a.english) {
            QVERIFY(!b.text.contains(u"Market Watch"_s));
        }
        QCOMPARE(a.chinese.size(), 3);
        QVERIFY(blockText(a.chinese).contains(u"29％—33％"_s));
    }

    void notice1966()
    {
        PARSE(a, kNotice);
        QCOMPARE(a.en.pageKey, u"Edition"_s);
        QCOMPARE(a.en.page, u"6"_s);
        QCOMPARE(a.english.size(), 8);
        QCOMPARE(a.chinese.size(), 8);
        QCOMPARE(a.english.last().kind, BlockKind::Signature);
        QCOMPARE(a.english.last().text, u"Beijing Public Security Bureau"_s);
        QCOMPARE(a.english.last().indent, 47);
        QCOMPARE(a.chinese.last().kind, BlockKind::Signature);
        QCOMPARE(a.chinese.last().text, u"北京市公安局"_s);
        QCOMPARE(a.chinese.last().indent, 47);
        QCOMPARE(enumerators(a.english), (QStringList{u"I."_s, u"II."_s, u"III."_s, u"IV."_s, u"V."_s}));
        QCOMPARE(enumerators(a.chinese), (QStringList{u"一、"_s, u"二、"_s, u"三、"_s, u"四、"_s, u"五、"_s}));
        // 42 glossary rows, 3-space separator on the first, 2 on the rest; no category headings.
        QCOMPARE(a.glossary.size(), 42);
        QCOMPARE(a.glossary.first().term, u"北京市公安局"_s);
        QCOMPARE(a.glossary.first().gloss, u"Beijing Public Security Bureau"_s);
        QCOMPARE(a.glossary[9].term, u"东筒子河"_s);
        QCOMPARE(a.glossary[9].gloss, u"East Tongzi River"_s);
        QCOMPARE(a.glossary.last().term, u"五一"_s);
        QCOMPARE(a.glossary.last().gloss, u"May Day"_s);
        QVERIFY(a.warnings.isEmpty());
    }

    void trade1989()
    {
        PARSE(a, kTrade);
        QCOMPARE(a.en.pageKey, u"Edition"_s);
        QCOMPARE(a.en.page, u"1"_s);
        QCOMPARE(a.zh.pageLabel, u"第1版(要闻)"_s);
        QCOMPARE(a.zh.pageSection, u"要闻"_s);
        QCOMPARE(a.zh.pageNumber, 1);
        QCOMPARE(a.zh.title, u"去年世界贸易增长８．５％  西德美日为十大出口国前三名"_s);
        QCOMPARE(a.english.size(), 3);
        QCOMPARE(countKind(a.english, BlockKind::Paragraph), 3);
        QCOMPARE(a.english[0].indent, 4); // one TAB
        QVERIFY(a.english[0].text.startsWith(u"World trade volume grew by 8.5% in 1988"_s));
        QCOMPARE(a.chinese.size(), 5);
        QCOMPARE(a.chinese[0].text, u"去年世界贸易增长８．５％"_s);
        QCOMPARE(a.chinese[1].text, u"西德美日为十大出口国前三名"_s);
        QCOMPARE(countKind(a.chinese, BlockKind::Title), 2);
    }

    void bulletin1989()
    {
        PARSE(a, kBulletin);
        QCOMPARE(a.en.author, u"中华人民共和国国家统计局"_s);
        QCOMPARE(a.zh.pageLabel, u"第2版(国内新闻)"_s);
        QCOMPARE(a.zh.pageSection, u"国内新闻"_s);
        // English: 10 section headings, 70 TAB-separated table rows (306 TABs), prose.
        QCOMPARE(countKind(a.english, BlockKind::Heading), 10);
        QCOMPARE(countKind(a.english, BlockKind::TableRow), 70);
        QCOMPARE(countKind(a.english, BlockKind::Paragraph), 62);
        int tabs = 0;
        for (const Block &b : ofKind(a.english, BlockKind::TableRow)) {
            tabs += int(b.text.count(u'\t'));
        }
        QCOMPARE(tabs, 306);
        QCOMPARE(ofKind(a.english, BlockKind::TableRow).first().text, u"\t\t1988\t\tPercentage Increase from Previous Year"_s);
        QCOMPARE(ofKind(a.english, BlockKind::TableRow)[1].text, u"Grain\t\t39,401 million tons\t\t-2.2"_s);
        QCOMPARE(enumerators(a.english), (QStringList{u"I."_s, u"II."_s, u"III."_s, u"IV."_s, u"V."_s, u"VI."_s, u"VII."_s, u"VIII."_s, u"IX."_s, u"X."_s}));
        QCOMPARE(enumerators(a.chinese),
                 (QStringList{u"一、"_s, u"二、"_s, u"三、"_s, u"四、"_s, u"五、"_s, u"六、"_s, u"七、"_s, u"八、"_s, u"九、"_s, u"十、"_s}));
        QCOMPARE(ofKind(a.chinese, BlockKind::Heading)[8].text, u"九、人民生活"_s); // trailing U+3000 dropped
        QCOMPARE(countKind(a.chinese, BlockKind::Heading), 10);
        // Chinese: three-line headline (title, issuing body = the English Author:, date).
        QCOMPARE(a.chinese[0].kind, BlockKind::Title);
        QCOMPARE(a.chinese[1].kind, BlockKind::Byline);
        QCOMPARE(a.chinese[1].text, u"中华人民共和国国家统计局"_s);
        QCOMPARE(a.chinese[2].kind, BlockKind::Title);
        QCOMPARE(a.chinese[2].text, u"（１９８９年２月２８日）"_s);
        // U+3000-aligned tables: one row per line, columns kept.
        QCOMPARE(countKind(a.chinese, BlockKind::TableRow), 31);
        const Block grain = ofKind(a.chinese, BlockKind::TableRow)[1];
        QCOMPARE(grain.text, u"粮\u3000食\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000３９４０１万吨\u3000\u3000\u3000\u3000－２．２"_s);
        QCOMPARE(grain.indent, 4);
        const Block rapeseed = ofKind(a.chinese, BlockKind::TableRow)[4];
        QVERIFY(rapeseed.text.startsWith(u"其中：油菜籽"_s));
        QCOMPARE(rapeseed.indent, 6); // sub-item one U+3000 deeper
        QCOMPARE(countKind(a.chinese, BlockKind::Signature), 1);
        QCOMPARE(a.chinese.last().kind, BlockKind::Signature);
        QCOMPARE(a.chinese.last().text, u"（新华社北京２月２８日电）"_s);
        // Footnotes ①–⑤ are paragraphs, not enumerated sections.
        QVERIFY(a.chinese[a.chinese.size() - 3].text.startsWith(u"③"_s));
        QVERIFY(a.chinese[a.chinese.size() - 3].enumerator.isEmpty());
        QVERIFY(a.english.last().text.startsWith(u"④ and ⑤"_s));
    }

    // --- variants -----------------------------------------------------------------------------
    void continuedPart()
    {
        PARSE(a, u"variants/continued_part.md"_s);
        QCOMPARE(a.partCount, 2);
        QCOMPARE(a.en.title, u"Notice for Entry to the Founding Ceremony (Part 1)"_s); // first header wins
        QCOMPARE(a.english.size(), 7);
        QCOMPARE(a.chinese.size(), 7);
        QCOMPARE(a.english[4].kind, BlockKind::PartBreak);
        QCOMPARE(a.english[4].text, u"File continued from previous part"_s);
        QCOMPARE(a.chinese[4].kind, BlockKind::PartBreak);
        for (int i = 0; i < 7; ++i) {
            QCOMPARE(a.english[i].part, i < 4 ? 0 : 1);
            QCOMPARE(a.chinese[i].part, i < 4 ? 0 : 1);
        }
        QCOMPARE(enumerators(a.english), (QStringList{u"I."_s, u"II."_s, u"III."_s, u"XIV."_s, u"XV."_s}));
        QCOMPARE(enumerators(a.chinese), (QStringList{u"一、"_s, u"二、"_s, u"三、"_s, u"十四、"_s, u"十五、"_s}));
        QCOMPARE(a.chinese.last().text, u"十五、会场周围设有厕所七处，注意卫生。"_s);
        QCOMPARE(a.warnings.size(), 1);
    }

    // English in two parts, one Chinese original after them; the glossary comes after an <hr />.
    void continuedEnglishOnly()
    {
        PARSE(a, u"variants/continued_english_only.md"_s);
        QCOMPARE(a.partCount, 2);
        QCOMPARE(a.en.title, u"Speech at the Conference (Part 1)"_s);
        QCOMPARE(a.english.size(), 5);
        QCOMPARE(a.english[3].kind, BlockKind::PartBreak);
        QCOMPARE(a.english[3].part, 1);
        QCOMPARE(a.english[4].part, 1);
        QCOMPARE(a.english[4].text, u"The second question is the question of art."_s);
        QCOMPARE(countKind(a.chinese, BlockKind::PartBreak), 0);
        for (const Block &b : a.chinese) {
            QCOMPARE(b.part, 0); // the Chinese is not split
        }
        QCOMPARE(a.glossary.size(), 1);
        QCOMPARE(a.glossary.first().gloss, u"Zhou Yang"_s);
        QCOMPARE(a.chinese[1].kind, BlockKind::Byline);
        QCOMPARE(a.chinese[3].kind, BlockKind::Caption); // ▲ photo caption
        QCOMPARE(a.chinese[3].text, u"▲图为大会会场"_s);
        for (const QString &w : a.warnings) {
            QVERIFY2(!w.contains(u"Unexpected"_s), qPrintable(w));
        }
    }

    void gbkEncoded()
    {
        PARSE(a, u"variants/gbk_1966_notice.md"_s);
        PARSE(ref, kNotice);
        QCOMPARE(a.encoding, u"GB18030"_s);
        QCOMPARE(a.zh.title, ref.zh.title);
        QCOMPARE(a.glossary.size(), ref.glossary.size());
        QCOMPARE(a.glossary.first().term, u"北京市公安局"_s);
        QCOMPARE(a.chinese.size(), ref.chinese.size());
        for (qsizetype i = 0; i < a.chinese.size(); ++i) {
            QCOMPARE(a.chinese[i].text, ref.chinese[i].text);
        }
        QCOMPARE(a.english.size(), ref.english.size());

        PARSE(raw, u"variants/gbk_raw_1946_zibo.md"_s);
        PARSE(rawRef, kRaw1946);
        QCOMPARE(raw.encoding, u"GB18030"_s);
        QCOMPARE(raw.zh.title, rawRef.zh.title);
        QCOMPARE(blockText(raw.chinese), blockText(rawRef.chinese));
    }

    void utf16()
    {
        PARSE(le, u"variants/utf16le_bom_1950_addendum.md"_s);
        PARSE(be, u"variants/utf16be_bom_1950_addendum.md"_s);
        PARSE(ref, kAddendum);
        QCOMPARE(le.encoding, u"UTF-16LE"_s);
        QCOMPARE(be.encoding, u"UTF-16BE"_s);
        for (const Article *a : {&le, &be}) {
            QCOMPARE(a->en.title, u"Addendum"_s);
            QCOMPARE(a->zh.title, u"补注"_s);
            QCOMPARE(a->english.size(), ref.english.size());
            QCOMPARE(a->chinese.last().text, ref.chinese.last().text);
        }
    }

    void utf8Bom()
    {
        PARSE(a, u"variants/utf8_bom_1954_italy.md"_s);
        PARSE(ref, kItaly);
        QCOMPARE(a.encoding, u"UTF-8 BOM"_s);
        QCOMPARE(a.en.title, ref.en.title); // no BOM glued to "Title"
        QCOMPARE(a.english.size(), 4);
        QCOMPARE(a.chinese.size(), 5);
    }

    void lineEndings()
    {
        PARSE(crlf, u"variants/crlf_1957_drugs.md"_s);
        PARSE(cr, u"variants/cr_1957_drugs.md"_s);
        PARSE(ref, kDrugs);
        QCOMPARE(crlf.lineEnding, u"CRLF"_s);
        QCOMPARE(cr.lineEnding, u"CR"_s);
        for (const Article *a : {&crlf, &cr}) {
            QCOMPARE(a->en.column, u"Market Watch"_s);
            QCOMPARE(a->zh.column, u"市场巡礼"_s);
            QCOMPARE(a->english.size(), ref.english.size());
            QCOMPARE(a->chinese.size(), ref.chinese.size());
            for (qsizetype i = 0; i < a->chinese.size(); ++i) {
                QCOMPARE(a->chinese[i].text, ref.chinese[i].text);
                QCOMPARE(a->chinese[i].sourceLine, ref.chinese[i].sourceLine);
                QVERIFY(!a->chinese[i].text.contains(u'\r'));
            }
        }
    }

    void missingOriginal()
    {
        PARSE(a, u"variants/missing_original_1950_addendum.md"_s);
        QVERIFY(a.hasEnglish());
        QVERIFY(!a.hasChinese());
        QCOMPARE(a.english.size(), 2);
        QCOMPARE(a.warnings.size(), 1);
        QVERIFY(a.warnings.first().contains(u"Original:"_s));
    }

    void ocrHardWrap()
    {
        PARSE(a, u"variants/ocr_hardwrap.md"_s);
        QCOMPARE(a.chinese.size(), 4);
        QCOMPARE(a.chinese[2].lineCount, 3);
        QCOMPARE(a.chinese[2].text, u"山东农民今春已在二百多万亩土地上播种棉花，幼苗生长良好，各县农业技术站正在指导农民间苗。"_s);
        QCOMPARE(a.chinese[3].sourceLine, 30);
        QCOMPARE(a.english.size(), 4);
        QCOMPARE(a.english[1].kind, BlockKind::Byline);
        QCOMPARE(a.english[2].lineCount, 2);
        QVERIFY(a.english[2].text.contains(u"land this spring, and"_s)); // English joins with one space
    }

    void nestedPageSection()
    {
        PARSE(a, u"variants/nested_page_section.md"_s);
        QCOMPARE(a.zh.pageLabel, u"第5版(国内专页（经济）)"_s);
        QCOMPARE(a.zh.pageNumber, 5);
        QCOMPARE(a.zh.pageSection, u"国内专页（经济）"_s);
        QCOMPARE(a.zh.column, u"经济简讯"_s);
    }

    void fullWidthPage()
    {
        PARSE(a, u"variants/fullwidth_page.md"_s);
        QCOMPARE(a.zh.pageNumber, 12);
        QCOMPARE(a.zh.pageSection, u"国际新闻"_s);
        QCOMPARE(a.zh.date, QDate(1989, 3, 1)); // full-width date digits
        QCOMPARE(a.en.pageKey, u"Edition"_s);
        QCOMPARE(a.en.page, u"12"_s);
        QCOMPARE(a.chinese[0].kind, BlockKind::Title);
    }

    void blankLinesBetweenHeaderKeys()
    {
        PARSE(a, u"variants/blank_header_keys.md"_s);
        QCOMPARE(a.en.title, u"Readers Ask About Cotton Cloth Rationing"_s);
        QCOMPARE(a.en.author, u"Zhang San"_s);
        QCOMPARE(a.en.date, QDate(1955, 9, 15));
        QCOMPARE(a.en.page, u"2"_s);
        QCOMPARE(a.en.column, u"Readers' Letters"_s);
        QCOMPARE(a.zh.author, u"张三"_s);
        QCOMPARE(a.zh.column, u"读者来信"_s);
        QCOMPARE(a.english.size(), 2);
        QCOMPARE(a.english[0].kind, BlockKind::Title);
    }

    void headlineGluedToHeader()
    {
        // A glued line that repeats the title is the body's headline, not a column label.
        const ParseResult r = parseArticle("Title: Night Song\nAuthor:\nDate: 1989-03-01\nEdition: 8\nNight Song\n\n\tThe spring night.\n");
        QVERIFY(r.ok);
        QCOMPARE(r.article.en.column, QString());
        QCOMPARE(r.article.english.size(), 2);
        QCOMPARE(r.article.english.first().kind, BlockKind::Title);
        QCOMPARE(r.article.english.first().text, u"Night Song"_s);
    }

    void columnAndExtraKeys()
    {
        PARSE(a, u"variants/column_and_extra_keys.md"_s);
        QCOMPARE(a.en.column, u"Readers' Letters"_s);
        QCOMPARE(a.en.extraLines, QStringList{u"Source: People's Daily"_s});
        QCOMPARE(a.english.size(), 2);
        QCOMPARE(a.english[0].text, u"Readers Ask About Cotton Cloth Rationing"_s);
    }

    // The column label as a body line above the headline (after a blank line): a Heading, and the
    // header's column stays empty (only a label glued to the header is the column).
    void columnLabelInBody()
    {
        PARSE(a, u"variants/column_label_in_body.md"_s);
        QCOMPARE(a.en.column, QString());
        QCOMPARE(a.zh.column, u"市场巡礼"_s);
        QCOMPARE(a.english.size(), 3);
        QCOMPARE(a.english[0].kind, BlockKind::Heading);
        QCOMPARE(a.english[0].text, u"Market Inspection"_s);
        QVERIFY(a.english[0].enumerator.isEmpty());
        QCOMPARE(a.english[1].kind, BlockKind::Title);
        QCOMPARE(a.english[2].kind, BlockKind::Paragraph);
        QCOMPARE(a.chinese[0].kind, BlockKind::Title);
    }

    void leaksAndTruncation()
    {
        PARSE(a, u"variants/leaks_and_truncation.md"_s);
        const QString all = a.warnings.join(u'\n');
        QVERIFY2(all.contains(u"2 Chinese characters"_s), qPrintable(all));
        QVERIFY2(all.contains(u"2 Korean characters"_s), qPrintable(all));
        QVERIFY2(all.contains(u"mid-sentence"_s), qPrintable(all));
        QVERIFY(a.english[1].text.contains(u"조선"_s));
        QVERIFY(a.english[1].text.contains(u"沈阳"_s));
    }

    void enumeratedLineStartsNewBlock()
    {
        const ParseResult r = parseArticle(
            "Title: T\nDate: 1950-01-01\n\nThe tasks are as follows, in order of importance for the coming year:\n"
            "I. Agriculture comes first.\nII. Industry comes second.\nand this line continues it.\n\n<hr />\n\n"
            "Original:\n\n### T\n\n1950-01-01\n\n    \xE4\xBB\xBB\xE5\x8A\xA1\xEF\xBC\x9A\n" // 任务：
            "\xE4\xB8\x80\xE3\x80\x81\xE5\x86\x9C\xE4\xB8\x9A\xE3\x80\x82\n" // 一、农业。
            "\xE4\xBA\x8C\xE3\x80\x81\xE5\xB7\xA5\n" // 二、工
            "\xE4\xB8\x9A\xE3\x80\x82\n"); // 业。
        QVERIFY(r.ok);
        const QList<Block> &en = r.article.english;
        QCOMPARE(en.size(), 3);
        QCOMPARE(en[1].text, u"I. Agriculture comes first."_s);
        QCOMPARE(en[2].text, u"II. Industry comes second. and this line continues it."_s);
        const QList<Block> &zh = r.article.chinese;
        QCOMPARE(zh.size(), 3);
        QCOMPARE(zh[1].text, u"一、农业。"_s);
        QCOMPARE(zh[2].text, u"二、工业。"_s); // OCR wrap inside an item
    }

    // Lines set one under the other (a signature, then its date and place) stay apart; a hard-wrapped
    // paragraph, whose lines end mid-sentence and whose last line ends with punctuation, is joined.
    void signatureLinesStayApart()
    {
        const ParseResult r = parseArticle(
            "Title: T\nDate: 1960-01-01\n\nWe wish your country prosperity.\n\n"
            "Zhou Enlai, Premier of the State Council of the People's Republic of China\nDecember 31, 1959, Beijing\n\n"
            "The delegates of the provincial congress discussed the plan for the coming year and\nThe People's Daily reported it.\n\n"
            "<hr />\n\nOriginal:\n\n### T\n\n1960-01-01\n\n    \xE4\xBB\xBB\xE5\x8A\xA1\xE3\x80\x82\n"); // 任务。
        QVERIFY(r.ok);
        const QList<Block> &en = r.article.english;
        QCOMPARE(en.size(), 4);
        QCOMPARE(en[1].text, u"Zhou Enlai, Premier of the State Council of the People's Republic of China"_s);
        QCOMPARE(en[2].text, u"December 31, 1959, Beijing"_s);
        QCOMPARE(en[3].text, u"The delegates of the provincial congress discussed the plan for the coming year and The People's Daily reported it."_s);
    }

    void glossaryForms()
    {
        const QByteArray text =
            "Title: T\nDate: 1950-01-01\n\n    Body.\n\n**Named Entities**\n\n"
            "**People**\n"
            "\xE6\x9D\x8E\xE5\x9B\x9B\tLi Si (a person)\n" // 李四 TAB
            "\xE5\xBC\xA0\xE4\xB8\x89    Zhang San\n" // 张三, four spaces
            "\xE7\x8E\x8B\xE4\xBA\x94\xEF\xBC\x9AWang Wu\n" // 王五：
            "- \xE8\xB5\xB5\xE5\x85\xAD Zhao Liu\n" // - 赵六 (single space)
            "| \xE5\xAD\x99\xE4\xB8\x83 | Sun Qi |\n" // | 孙七 |
            "|---|---|\n"
            "\xE5\x91\xA8\xE5\x85\xAB\n" // 周八, no gloss
            "Just English\n"
            "\n<hr />\n";
        const ParseResult r = parseArticle(text);
        QVERIFY(r.ok);
        const QList<GlossaryEntry> &g = r.article.glossary;
        QCOMPARE(g.size(), 6);
        QCOMPARE(g[0].term, u"李四"_s);
        QCOMPARE(g[0].gloss, u"Li Si (a person)"_s);
        QCOMPARE(g[1].term, u"张三"_s);
        QCOMPARE(g[1].gloss, u"Zhang San"_s);
        QCOMPARE(g[2].term, u"王五"_s);
        QCOMPARE(g[2].gloss, u"Wang Wu"_s);
        QCOMPARE(g[3].term, u"赵六"_s);
        QCOMPARE(g[3].gloss, u"Zhao Liu"_s);
        QCOMPARE(g[4].term, u"孙七"_s);
        QCOMPARE(g[4].gloss, u"Sun Qi"_s);
        QCOMPARE(g[5].term, u"周八"_s);
        QCOMPARE(g[5].gloss, QString());
        QCOMPARE(r.article.english.size(), 1);
        QVERIFY(r.article.warnings.join(u'\n').contains(u"3 lines of the Named Entities block"_s));
    }

    void enumerationFamilies()
    {
        PARSE(a, u"variants/enumerations.md"_s);
        QCOMPARE(enumerators(a.english), (QStringList{u"I."_s, u"A."_s, u"B."_s, u"C."_s, u"II."_s, u"1."_s, u"2."_s, u"XV."_s}));
        QCOMPARE(levels(a.english), (QList<int>{1, 2, 2, 2, 1, 3, 3, 1}));
        QCOMPARE(enumerators(a.chinese), (QStringList{u"一、"_s, u"甲、"_s, u"乙、"_s, u"丙、"_s, u"二、"_s, u"（一）"_s, u"1、"_s, u"2、"_s, u"十五、"_s}));
        QCOMPARE(levels(a.chinese), (QList<int>{1, 2, 2, 2, 1, 2, 3, 3, 1}));
        // Short, unpunctuated, standing alone: headings. With a full stop: enumerated paragraphs.
        QCOMPARE(a.english[0].kind, BlockKind::Heading);
        QCOMPARE(a.english[2].kind, BlockKind::Heading);
        QCOMPARE(a.english[6].kind, BlockKind::Paragraph);
        QCOMPARE(a.english[6].enumerator, u"1."_s);
        QCOMPARE(a.chinese[7].kind, BlockKind::Paragraph);
        QCOMPARE(a.chinese[7].enumerator, u"1、"_s);
        // "第一条…1.5万吨" is not enumerated.
        QVERIFY(a.chinese.last().enumerator.isEmpty());
    }

    void legalTexts()
    {
        PARSE(a, u"variants/law_chapters.md"_s);
        QCOMPARE(enumerators(a.english), (QStringList{u"Chapter I"_s, u"Article 1:"_s, u"Article 2:"_s, u"Chapter II"_s, u"Article 3:"_s}));
        QCOMPARE(levels(a.english), (QList<int>{1, 3, 3, 1, 3}));
        QCOMPARE(enumerators(a.chinese), (QStringList{u"第一章"_s, u"第一条"_s, u"第二条"_s, u"第二章"_s, u"第三条"_s}));
        QCOMPARE(levels(a.chinese), levels(a.english));
        QCOMPARE(a.english[1].kind, BlockKind::Heading);
        QCOMPARE(a.english[1].text, u"Chapter I General Provisions"_s);
        QCOMPARE(a.chinese[3].kind, BlockKind::Heading);
        QCOMPARE(a.chinese[3].text, u"第一章\u3000总则"_s);
        QCOMPARE(a.chinese[4].kind, BlockKind::Paragraph);
        QCOMPARE(a.chinese[2].kind, BlockKind::Signature);
        QCOMPARE(a.chinese[2].text, u"1989年2月21日"_s);
        QCOMPARE(a.zh.pageSection, u"文件"_s);
    }

    void unnumberedSubheadings()
    {
        PARSE(a, u"variants/subheadings.md"_s);
        QCOMPARE(a.english.size(), 7);
        QCOMPARE(a.english[0].kind, BlockKind::Title);
        QCOMPARE(a.english[1].kind, BlockKind::Byline);
        QCOMPARE(a.english[2].kind, BlockKind::Heading);
        QCOMPARE(a.english[2].text, u"Spring Night"_s);
        QVERIFY(a.english[2].enumerator.isEmpty());
        QCOMPARE(a.english[5].kind, BlockKind::Heading);
        QCOMPARE(a.english[5].text, u"New Year's Bell"_s);
        QCOMPARE(countKind(a.english, BlockKind::Verse), 0); // short prose lines, not a poem
        QCOMPARE(a.chinese[2].kind, BlockKind::Heading);
        QCOMPARE(a.chinese[2].text, u"春夜"_s);
        QCOMPARE(a.chinese[5].kind, BlockKind::Heading);
        QCOMPARE(countKind(a.chinese, BlockKind::Verse), 0);
        QCOMPARE(countKind(a.chinese, BlockKind::Paragraph), 3);
    }

    void enumeratorFunction()
    {
        int lv = -1;
        QCOMPARE(detectEnumerator(u"第十二条\u3000本法", &lv), u"第十二条"_s);
        QCOMPARE(lv, 3);
        QCOMPARE(detectEnumerator(u"第三节", &lv), u"第三节"_s);
        QCOMPARE(lv, 2);
        QCOMPARE(detectEnumerator(u"第一条和第二条同时施行", &lv), QString());
        QCOMPARE(detectEnumerator(u"第一，我们", &lv), QString());
        QCOMPARE(detectEnumerator(u"Chapter 3: Money", &lv), u"Chapter 3:"_s);
        QCOMPARE(lv, 1);
        QCOMPARE(detectEnumerator(u"Section II Rules", &lv), u"Section II"_s);
        QCOMPARE(lv, 2);
        QCOMPARE(detectEnumerator(u"Article 187 of the Criminal Law applies.", &lv), QString());
        QCOMPARE(detectEnumerator(u"Chapters of history", &lv), QString());
        int level = -1;
        QCOMPARE(detectEnumerator(u"十五、会场", &level), u"十五、"_s);
        QCOMPARE(level, 1);
        QCOMPARE(detectEnumerator(u"XV. There", &level), u"XV."_s);
        QCOMPARE(level, 1);
        QCOMPARE(detectEnumerator(u"XIV. There", &level), u"XIV."_s);
        QCOMPARE(detectEnumerator(u"C. Mr. Kirk", &level, u'B'), u"C."_s);
        QCOMPARE(level, 2);
        QCOMPARE(detectEnumerator(u"C. Mr. Kirk", &level), u"C."_s);
        QCOMPARE(level, 1); // without a preceding "B." it reads as Roman 100
        QCOMPARE(detectEnumerator(u"I. The", &level, u'H'), u"I."_s);
        QCOMPARE(level, 2);
        QCOMPARE(detectEnumerator(u"（三）组织", &level), u"（三）"_s);
        QCOMPARE(level, 2);
        QCOMPARE(detectEnumerator(u"丁、苏联", &level), u"丁、"_s);
        QCOMPARE(level, 2);
        QCOMPARE(detectEnumerator(u"１２．会场", &level), u"１２．"_s);
        QCOMPARE(level, 3);
        QCOMPARE(detectEnumerator(u"(3) item", &level), u"(3)"_s);
        QCOMPARE(level, 3);
        QCOMPARE(detectEnumerator(u"1.5 million tons", &level), QString());
        QCOMPARE(level, 0);
        QCOMPARE(detectEnumerator(u"1988年", &level), QString());
        QCOMPARE(detectEnumerator(u"U.S. troops", &level), QString());
        QCOMPARE(detectEnumerator(u"IX", &level), QString());
        QCOMPARE(detectEnumerator(u"①国民生产总值", &level), QString());
        QCOMPARE(detectEnumerator(u"", &level), QString());
    }

    // Random damage to real files (fixed seed): never a crash, always well-formed output.
    void mutationFuzz()
    {
        QList<QByteArray> seeds;
        for (const QString &f : allSampleFiles()) {
            QFile file(f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            seeds.append(file.readAll());
        }
        for (const QString &f : QDir(dataPath(u"variants"_s)).entryList({u"*.md"_s}, QDir::Files)) {
            QFile file(dataPath(u"variants/"_s + f));
            QVERIFY(file.open(QIODevice::ReadOnly));
            seeds.append(file.readAll());
        }
        static const QByteArray tokens[] = {"\n",
                                            "\r\n",
                                            "\r",
                                            "<hr />\n",
                                            "Original:\n",
                                            "### ",
                                            "Title: ",
                                            "**Named Entities**\n",
                                            "<h3>File continued from previous part</h3>\n",
                                            "\t",
                                            "\xE3\x80\x80",
                                            "    ",
                                            "\xEF\xBB\xBF",
                                            "\xFF",
                                            QByteArray(1, '\0'),
                                            "\xE7\xAC\xAC",
                                            "(Attached image)",
                                            "\xEF\xBC\x88\xE4\xB8\x80\xEF\xBC\x89",
                                            "XV. ",
                                            "\xE2\x80\xA6\xE2\x80\xA6\n"};
        QRandomGenerator rng(20261129);
        int ok = 0;
        QElapsedTimer t;
        t.start();
        // OKB_FUZZ_ROUNDS=50000 for a longer run (e.g. under ASan); 1500 by default.
        const int rounds = qEnvironmentVariableIntValue("OKB_FUZZ_ROUNDS") > 0 ? qEnvironmentVariableIntValue("OKB_FUZZ_ROUNDS") : 1500;
        for (int round = 0; round < rounds; ++round) {
            QByteArray b = seeds[rng.bounded(int(seeds.size()))];
            const int edits = 1 + rng.bounded(8);
            for (int e = 0; e < edits && !b.isEmpty(); ++e) {
                const int pos = rng.bounded(int(b.size()));
                switch (rng.bounded(5)) {
                case 0: // delete a span
                    b.remove(pos, rng.bounded(200));
                    break;
                case 1: // insert a structural token
                    b.insert(pos, tokens[rng.bounded(int(std::size(tokens)))]);
                    break;
                case 2: // random byte
                    b[pos] = char(rng.bounded(256));
                    break;
                case 3: // truncate
                    b.truncate(pos);
                    break;
                case 4: // duplicate a span
                    b.insert(pos, b.mid(rng.bounded(int(b.size())), rng.bounded(300)));
                    break;
                }
            }
            const ParseResult r = parseArticle(b);
            if (!r.ok) {
                QVERIFY(!r.error.isEmpty());
                continue;
            }
            ++ok;
            for (const QList<Block> *list : {&r.article.english, &r.article.chinese}) {
                for (const Block &blk : *list) {
                    QVERIFY(!blk.text.isEmpty());
                    QVERIFY(blk.sourceLine > 0);
                    QVERIFY(blk.part >= 0 && blk.part < r.article.partCount);
                }
            }
            (void)looksLikeArticle(b.left(1024));
        }
        qInfo("%d of %d damaged files still opened; %lld ms", ok, rounds, t.elapsed());
        QVERIFY(ok > rounds / 3);
    }

    // --- sniffing ---------------------------------------------------------------------------
    void sniffing()
    {
        for (const QString &f : allSampleFiles()) {
            QFile file(f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(looksLikeArticle(file.read(1024)), qPrintable(f));
        }
        const QStringList variants = QDir(dataPath(u"variants"_s)).entryList({u"*.md"_s}, QDir::Files);
        QVERIFY(variants.size() >= 15);
        for (const QString &f : variants) {
            QFile file(dataPath(u"variants/"_s + f));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(looksLikeArticle(file.read(1024)), qPrintable(f));
        }
        QFile readme(dataPath(u"samples/README.md"_s));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        QVERIFY(!looksLikeArticle(readme.read(1024)));
        QVERIFY(!looksLikeArticle(QByteArray()));
        QVERIFY(!looksLikeArticle("# Heading\n\nSome *markdown* text.\n"));
        QVERIFY(!looksLikeArticle("### A third-level heading\n\nText without a date.\n"));
        QVERIFY(!looksLikeArticle("Title: My notes\n\nJust some notes, no date line.\n"));
        QVERIFY(!looksLikeArticle("<hr />\n<hr />\n"));
        QVERIFY(!looksLikeArticle(QByteArray("\x00\x01\x02Title: x\nDate: 1950-01-01\n", 29)));
        QVERIFY(looksLikeArticle("Title: X\nAuthor:\nDate: 1950-01-01\nPage: 1\n"));
        QVERIFY(looksLikeArticle("\xEF\xBB\xBFTitle: X\nAuthor:\nDate: 1950-01-01\nPage: 1\n"));
        QVERIFY(looksLikeArticle("Title: X\r\n\r\nAuthor: \r\nDate: 1950-01-01\r\n"));
        QVERIFY(looksLikeArticle("Title: X\rAuthor: \rDate: 1950-01-01\r")); // CR only
        QVERIFY(!looksLikeArticle("\r\n\r\nTitle: X\r\n\r\nAuthor: \r\nDate: 1950-01-01\r\n")); // marker not at the start
        QVERIFY(looksLikeArticle("### \xE6\xA0\x87\n\n\xE4\xB8\x93\xE6\xA0\x8F\xEF\xBC\x9A\n")); // ### + 专栏 line, no date
        QVERIFY(looksLikeArticle("### \xE6\xA0\x87\xE9\xA2\x98\r\n\r\n1946-05-16\r\n"));
        // Cut in the middle of a multi-byte character.
        const QByteArray cut = QByteArray("### ") + QByteArray("\xE6\xA0\x87") + "\n\n1946-05-16\n" + QByteArray("\xE6\xA0");
        QVERIFY(looksLikeArticle(cut));
    }

    // --- bad input --------------------------------------------------------------------------
    void emptyFile()
    {
        const ParseResult r = parseArticle(QByteArray());
        QVERIFY(!r.ok);
        QCOMPARE(r.error, u"The file is empty."_s);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString p = dir.filePath(u"empty.md"_s);
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const ParseResult rf = parseArticleFile(p);
        QVERIFY(!rf.ok);
        QCOMPARE(rf.error, u"The file is empty."_s);
    }

    void whitespaceOnly()
    {
        const ParseResult r = parseArticle("\n\n  \t\n\xE3\x80\x80\n");
        QVERIFY(!r.ok);
        QVERIFY(!r.error.isEmpty());
    }

    void binaryJunk()
    {
        QByteArray junk;
        for (int i = 0; i < 4096; ++i) {
            junk.append(char((i * 7919 + 13) % 256));
        }
        const ParseResult r = parseArticle(junk);
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(u"not a text file"_s));
        // A header followed by NUL bytes is still binary.
        const ParseResult r2 = parseArticle(QByteArray("Title: X\nDate: 1950-01-01\n\0\0\0\0", 30));
        QVERIFY(!r2.ok);
        QVERIFY(r2.error.contains(u"NUL"_s));
    }

    void invalidUtf8NotGb18030()
    {
        // Structure present: opens, with replacement characters and a warning.
        QByteArray bytes =
            "Title: Broken\nAuthor:\nDate: 1950-01-01\nPage: 1\n\n    Broken \xFF\xFE\xFF text.\n\n<hr />\n\nOriginal:\n\n### "
            "\xE6\xA0\x87\n\n1950-01-01\n\xE7\xAC\xAC"
            "1"
            "\xE7\x89\x88()\n\xE4\xB8\x93\xE6\xA0\x8F\xEF\xBC\x9A\n\n    \xE6\xA0\x87\xFF\n";
        ParseResult r = parseArticle(bytes);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.article.encoding.startsWith(u"UTF-8"_s));
        QVERIFY(r.article.encoding.contains(u"replaced"_s));
        QCOMPARE(r.article.en.title, u"Broken"_s);
        QCOMPARE(r.article.zh.pageNumber, 1);
        QVERIFY(r.article.english.first().text.contains(QChar(0xFFFD)));
        QVERIFY(r.article.warnings.join(u'\n').contains(u"replaced"_s));
        // No structure: an error.
        r = parseArticle("just \xFF\xFF\xFF some \x80\x80 bytes\n");
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(u"not a bilingual"_s));
    }

    void onlyRules()
    {
        const ParseResult r = parseArticle("<hr />\n<hr /> \n\n<hr/>\n");
        QVERIFY(!r.ok);
        QVERIFY(!r.error.isEmpty());
        const ParseResult r2 = parseArticle("Title: X\nDate: 1950-01-01\n\n<hr />\n<hr />\n<hr />\nOriginal:\n<hr />\n");
        QVERIFY(r2.ok); // a header and nothing else: an (almost) empty article with warnings
        QVERIFY(r2.article.english.isEmpty());
        QVERIFY(!r2.article.warnings.isEmpty());
    }

    void headerOnlyAndOddStructure()
    {
        ParseResult r = parseArticle("Title: Only a title");
        QVERIFY(r.ok);
        QCOMPARE(r.article.en.title, u"Only a title"_s);
        QCOMPARE(r.article.lineEnding, u"none"_s);
        r = parseArticle("### 标题\n");
        QVERIFY(r.ok);
        QCOMPARE(r.article.zh.title, u"标题"_s);
        // "Original:" without "<hr />", Chinese without "###".
        r = parseArticle("Title: T\nDate: 1950-01-01\n\n    Body.\n\nOriginal:\n\n    正文。\n");
        QVERIFY(r.ok);
        QCOMPARE(r.article.chinese.size(), 1);
        QCOMPARE(r.article.chinese.first().text, u"正文。"_s);
        // A prose continuation with a one-space indent joins without a space.
        r = parseArticle("### T\n\n1950-01-01\n\n    \xE5\xB1\xB1\xE4\xB8\x9C\n \xE6\xA3\x89\xE8\x8A\xB1\xE3\x80\x82\n"); // 山东 / 棉花。
        QVERIFY(r.ok);
        QCOMPARE(r.article.chinese.size(), 1);
        QCOMPARE(r.article.chinese.first().text, u"山东棉花。"_s);
        // Junk before the header is skipped with a warning.
        r = parseArticle("garbage line\nTitle: T\nDate: 1950-01-01\n\n    Body.\n");
        QVERIFY(r.ok);
        QCOMPARE(r.article.english.size(), 1);
        QVERIFY(!r.article.warnings.isEmpty());
    }

    void rawWithoutPageLine()
    {
        ParseResult r =
            parseArticle("### \xE6\xA0\x87\xE9\xA2\x98\r\n\xE4\xBD\x9C\xE8\x80\x85\r\n1946-05-15\r\n\r\n    \xE6\xAD\xA3\xE6\x96\x87\xE3\x80\x82\r\n");
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.article.zh.title, u"标题"_s);
        QCOMPARE(r.article.zh.author, u"作者"_s);
        QCOMPARE(r.article.zh.date, QDate(1946, 5, 15));
        QCOMPARE(r.article.zh.pageNumber, 0);
        QVERIFY(r.article.zh.pageLabel.isEmpty());
        QCOMPARE(r.article.lineEnding, u"CRLF"_s);
        QCOMPARE(r.article.chinese.size(), 1);
        QCOMPARE(r.article.chinese.first().text, u"正文。"_s);
        QVERIFY(!r.article.hasEnglish());
        // Only 专栏, no 第N版, and an empty author line.
        r = parseArticle("### \xE6\xA0\x87\xE9\xA2\x98\n\n1946-05-15\n\xE4\xB8\x93\xE6\xA0\x8F\xEF\xBC\x9A\n\n    \xE6\xAD\xA3\xE6\x96\x87\xE3\x80\x82\n");
        QVERIFY(r.ok);
        QCOMPARE(r.article.zh.author, QString());
        QCOMPARE(r.article.zh.column, QString());
        QCOMPARE(r.article.zh.pageNumber, 0);
        QCOMPARE(r.article.chinese.size(), 1);
    }

    void lengthWarnings()
    {
        const QByteArray zh = QByteArray("\xE6\xAD\xA3\xE6\x96\x87").repeated(60) + "\xE3\x80\x82"; // 正文 x60 。
        const QByteArray head = "Title: T\nDate: 1950-01-01\n\n    ";
        const QByteArray tail = "\n\n<hr />\n\nOriginal:\n\n### T\n\n1950-01-01\n\n    " + zh + "\n";
        ParseResult r = parseArticle(head + QByteArray("Word ").repeated(400) + "end." + tail);
        QVERIFY(r.ok);
        QVERIFY2(r.article.warnings.join(u'\n').contains(u"much longer"_s), qPrintable(r.article.warnings.join(u'\n')));
        r = parseArticle(head + "Short." + tail);
        QVERIFY(r.ok);
        QVERIFY(r.article.warnings.join(u'\n').contains(u"much shorter"_s));
        r = parseArticle(head + QByteArray("Word ").repeated(80) + "end." + tail);
        QVERIFY(r.ok);
        QVERIFY(r.article.warnings.isEmpty());
    }

    void warningFlood()
    {
        QByteArray bytes = "Title: T\nDate: 1950-01-01\n\n    Body.\n";
        for (int i = 0; i < 5000; ++i) {
            bytes += "<hr />\nstray line " + QByteArray::number(i) + "\n";
        }
        const ParseResult r = parseArticle(bytes);
        QVERIFY(r.ok);
        QCOMPARE(r.article.warnings.size(), 31);
        QVERIFY(r.article.warnings.last().contains(u"more warnings"_s));
    }

    void hugeSingleLine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString p = dir.filePath(u"huge.md"_s);
        {
            QFile f(p);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("Title: Huge\nAuthor:\nDate: 1950-01-01\nPage: 1\n\n    ");
            const QByteArray chunk(1024 * 1024, 'a');
            for (int i = 0; i < 50; ++i) {
                f.write(chunk);
            }
            f.write("\n\n<hr />\n\nOriginal:\n\n### \xE6\xA0\x87\n\n1950-01-01\n");
            // and a 50 MB... no: keep the Chinese small; one line of 50 MB is the point
        }
        const QFileInfo before(p);
        const QDateTime mtime = before.lastModified();
        const qint64 size = before.size();
        QElapsedTimer t;
        t.start();
        const ParseResult r = parseArticleFile(p);
        const qint64 ms = t.elapsed();
        qInfo("50 MB single-line article parsed in %lld ms", ms);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(ms < 10000);
        QCOMPARE(r.article.english.size(), 1);
        QCOMPARE(r.article.english.first().text.size(), 50 * 1024 * 1024);
        QCOMPARE(r.article.zh.title, u"标"_s);
        // The source was not touched.
        const QFileInfo after(p);
        QCOMPARE(after.size(), size);
        QCOMPARE(after.lastModified(), mtime);

        // 50 MB of one line without any structure: a quick refusal.
        const QString p2 = dir.filePath(u"huge-junk.txt"_s);
        {
            QFile f(p2);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const QByteArray chunk(1024 * 1024, 'x');
            for (int i = 0; i < 50; ++i) {
                f.write(chunk);
            }
        }
        t.restart();
        const ParseResult r2 = parseArticleFile(p2);
        qInfo("50 MB junk line refused in %lld ms", t.elapsed());
        QVERIFY(!r2.ok);
        QVERIFY(t.elapsed() < 10000);
    }

    void manyShortLines()
    {
        // 400k lines of alternating structure: still linear.
        QByteArray bytes = "Title: Many\nDate: 1950-01-01\n\n";
        for (int i = 0; i < 200000; ++i) {
            bytes += "    Line of a verse,\n    (Attached image)\n";
        }
        bytes += "<hr />\nOriginal:\n### \xE6\xA0\x87\n1950-01-01\n";
        for (int i = 0; i < 100000; ++i) {
            bytes += "    \xE4\xB8\x80\xE3\x80\x81\xE6\xA0\x87\xEF\xBC\x8C\n\xE6\xA0\x87\n";
        }
        QElapsedTimer t;
        t.start();
        const ParseResult r = parseArticle(bytes);
        qInfo("%lld bytes in 600k short lines parsed in %lld ms", qint64(bytes.size()), t.elapsed());
        QVERIFY(r.ok);
        QVERIFY(t.elapsed() < 10000);
        QCOMPARE(r.article.english.size(), 400000);
        QCOMPARE(r.article.chinese.size(), 100000);
    }

    void tooLarge()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString p = dir.filePath(u"sparse.md"_s);
        {
            QFile f(p);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("Title: Sparse\n");
            QVERIFY(f.resize(maxArticleFileSize() + 1)); // sparse: no 64 MB written
        }
        const ParseResult r = parseArticleFile(p);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(u"too large"_s), qPrintable(r.error));
    }

    void missingFileAndFolder()
    {
        ParseResult r = parseArticleFile(dataPath(u"samples/does-not-exist.md"_s));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(u"does not exist"_s));
        r = parseArticleFile(dataPath(u"samples"_s));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(u"folder"_s));
    }

    void readOnlySourceUntouched()
    {
        // Parsing a read-only copy works (the parser opens read-only) and leaves it untouched.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString p = dir.filePath(u"ro.md"_s);
        QVERIFY(QFile::copy(dataPath(kSample1949), p));
        QFile::setPermissions(p, QFileDevice::ReadOwner | QFileDevice::ReadGroup);
        QFile src(p);
        QVERIFY(src.open(QIODevice::ReadOnly));
        const QByteArray before = src.readAll();
        src.close();
        const QDateTime mtime = QFileInfo(p).lastModified();
        const ParseResult r = parseArticleFile(p);
        QVERIFY(r.ok);
        QVERIFY(src.open(QIODevice::ReadOnly));
        QCOMPARE(src.readAll(), before);
        QCOMPARE(QFileInfo(p).lastModified(), mtime);
    }

    void decodeTextFunction()
    {
        QString enc;
        QCOMPARE(decodeText("abc", &enc), u"abc"_s);
        QCOMPARE(enc, u"UTF-8"_s);
        QCOMPARE(decodeText("\xEF\xBB\xBF\xE6\xA0\x87", &enc), u"标"_s);
        QCOMPARE(enc, u"UTF-8 BOM"_s);
        QCOMPARE(decodeText(QByteArray("\xFF\xFE\x07\x68", 4), &enc), u"标"_s);
        QCOMPARE(enc, u"UTF-16LE"_s);
        QCOMPARE(decodeText(QByteArray("\xFE\xFF\x68\x07", 4), &enc), u"标"_s);
        QCOMPARE(enc, u"UTF-16BE"_s);
        QCOMPARE(decodeText("\xB1\xEA\xCC\xE2", &enc), u"标题"_s); // GBK
        QCOMPARE(enc, u"GB18030"_s);
        QCOMPARE(decodeText("\x81\x30\x81\x30", &enc), QString(QChar(0x80))); // GB18030 four-byte
        QCOMPARE(enc, u"GB18030"_s);
    }
};

QTEST_GUILESS_MAIN(ArticleParserTest)

#include "tst_articleparser.moc"
