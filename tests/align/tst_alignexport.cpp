// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// TMX 1.4b and TSV export of a real sample, parsed back.

#include "align/aligner.h"
#include "export/tmxwriter.h"
#include "export/tsvwriter.h"
#include "parse/articleparser.h"

#include <QBuffer>
#include <QFile>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

static Okb::Article sample(const QString &name)
{
    const Okb::ParseResult r = Okb::parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/") + name);
    if (!r.ok) {
        qFatal("cannot parse %s: %s", qPrintable(name), qPrintable(r.error));
    }
    return r.article;
}

class TestAlignExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tmxRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("paragraphs");
        QTest::newRow("reference, sentences") << u"000_7d941ea5db1c98f2.txt"_s << false;
        QTest::newRow("reference, paragraphs") << u"000_7d941ea5db1c98f2.txt"_s << true;
        QTest::newRow("1954, sentences") << u"1954-09-02_意共中央关于召开全国代表会议的决议.md"_s << false;
    }
    void tmxRoundTrip()
    {
        QFETCH(QString, file);
        QFETCH(bool, paragraphs);
        const Okb::Article a = sample(file);
        Okb::AlignOptions o;
        o.level = paragraphs ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence;
        const Okb::Alignment al = Okb::alignArticle(a, o);
        QVERIFY(al.pairs.size() > 5);
        const QByteArray tmx = Okb::toTmx(a, al);

        QXmlStreamReader r(tmx);
        int tus = 0, tuvs = 0, confidences = 0, enTuv = 0, zhTuv = 0;
        bool inHeader = false, sawTmx = false, sawTitle = false, sawDate = false;
        QString currentProp;
        QString headerSegtype, srclang;
        QStringList firstSegs;
        while (!r.atEnd()) {
            r.readNext();
            if (r.isStartElement()) {
                const QString n = r.name().toString();
                if (n == u"tmx"_s) {
                    sawTmx = true;
                    QCOMPARE(r.attributes().value(u"version"_s).toString(), u"1.4"_s);
                } else if (n == u"header"_s) {
                    inHeader = true;
                    headerSegtype = r.attributes().value(u"segtype"_s).toString();
                    srclang = r.attributes().value(u"srclang"_s).toString();
                } else if (n == u"tu"_s) {
                    ++tus;
                } else if (n == u"tuv"_s) {
                    ++tuvs;
                    const QString lang = r.attributes().value(u"xml:lang"_s).toString();
                    QVERIFY(lang == u"en"_s || lang == u"zh-CN"_s);
                    (lang == u"en"_s ? enTuv : zhTuv)++;
                } else if (n == u"prop"_s) {
                    currentProp = r.attributes().value(u"type"_s).toString();
                    const QString value = r.readElementText();
                    if (inHeader && currentProp == u"x-title-en"_s) {
                        sawTitle = value == a.en.title;
                    }
                    if (inHeader && currentProp == u"x-date"_s) {
                        sawDate = value == a.date().toString(Qt::ISODate);
                    }
                    if (currentProp == u"x-confidence"_s) {
                        const double c = value.toDouble();
                        QVERIFY(c >= 0 && c <= 1);
                        ++confidences;
                    }
                    if (currentProp == u"x-faults"_s) {
                        QVERIFY(!value.isEmpty());
                    }
                } else if (n == u"seg"_s && firstSegs.size() < 4) {
                    firstSegs << r.readElementText();
                }
            } else if (r.isEndElement() && r.name() == u"header"_s) {
                inHeader = false;
            }
        }
        QVERIFY2(!r.hasError(), qPrintable(r.errorString()));
        QVERIFY(sawTmx);
        QVERIFY(sawTitle);
        QVERIFY(sawDate);
        QCOMPARE(headerSegtype, paragraphs ? u"paragraph"_s : u"sentence"_s);
        QCOMPARE(srclang, u"zh-CN"_s);
        QCOMPARE(tus, al.pairs.size());
        QCOMPARE(confidences, al.pairs.size());
        int expectedEn = 0, expectedZh = 0;
        for (const Okb::AlignedPair &p : al.pairs) {
            expectedEn += !p.english.isEmpty();
            expectedZh += !p.chinese.isEmpty();
        }
        QCOMPARE(enTuv, expectedEn);
        QCOMPARE(zhTuv, expectedZh);
        QCOMPARE(tuvs, expectedEn + expectedZh);
        // document order: the first unit is the Chinese title (no English body title), then the dateline
        QVERIFY(firstSegs.join(u' ').contains(u"Xinhua News Agency"_s));
    }

    // segmentArticle() gives the segments alignArticle() aligns, with exact ranges into Block::text.
    void segmentsMatchAlignment()
    {
        const Okb::Article a = sample(u"000_7d941ea5db1c98f2.txt"_s);
        for (Okb::AlignLevel level : {Okb::AlignLevel::Sentence, Okb::AlignLevel::Paragraph}) {
            Okb::AlignOptions o;
            o.level = level;
            const Okb::Alignment al = Okb::alignArticle(a, o);
            const QList<Okb::Segment> en = Okb::segmentArticle(a, Okb::Language::English, level);
            const QList<Okb::Segment> zh = Okb::segmentArticle(a, Okb::Language::Chinese, level);
            QCOMPARE(en.size(), al.english.size());
            QCOMPARE(zh.size(), al.chinese.size());
            for (int i = 0; i < en.size(); ++i) {
                QCOMPARE(en[i].block, al.english[i].block);
                QCOMPARE(en[i].start, al.english[i].start);
                QCOMPARE(en[i].length, al.english[i].length);
                const QString t = Okb::segmentText(a, en[i]);
                QVERIFY(!t.isEmpty() && !t.front().isSpace() && !t.back().isSpace());
                QVERIFY(a.english[en[i].block].text.mid(en[i].start, en[i].length) == t);
            }
            for (int i = 0; i < zh.size(); ++i) {
                QCOMPARE(zh[i].block, al.chinese[i].block);
                QCOMPARE(zh[i].start, al.chinese[i].start);
                QCOMPARE(zh[i].length, al.chinese[i].length);
            }
        }
    }

    void xmlSpecialCharactersAreEscaped()
    {
        Okb::Article a;
        Okb::Block e;
        e.language = Okb::Language::English;
        e.text = u"Profits & losses <fell> by \"8.5%\"."_s;
        Okb::Block z;
        z.language = Okb::Language::Chinese;
        z.text = u"利润与亏损<下降>了８．５％。"_s;
        a.english << e;
        a.chinese << z;
        const Okb::Alignment al = Okb::alignArticle(a);
        QXmlStreamReader r(Okb::toTmx(a, al));
        QStringList segs;
        while (!r.atEnd()) {
            if (r.readNext() == QXmlStreamReader::StartElement && r.name() == u"seg"_s) {
                segs << r.readElementText();
            }
        }
        QVERIFY(!r.hasError());
        QCOMPARE(segs, (QStringList{e.text, z.text}));
    }

    // Control characters the parser lets through from a damaged file (form feed, vertical tab,
    // ESC, other C0 controls) and noncharacters cannot be written in XML: the TMX holds a space
    // for form feed / vertical tab and U+FFFD for the rest, and stays well-formed. (Found by
    // fuzzing, tests/fuzz/pipelinefuzzer.cpp: QXmlStreamWriter stopped at the first one and the
    // whole export failed.)
    void xmlInvalidCharactersAreReplaced()
    {
        QFile f(QStringLiteral(OKB_TEST_DATA_DIR "/samples/1989-03-01_去年世界贸易增长８．５％_西德美日为十大出口国前三名.md"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        const qsizetype en = bytes.indexOf("World trade volume");
        QVERIFY(en > 0);
        bytes.replace(en, 18, "World\ftrade\x01volume\x1B\xEF\xBF\xBF");
        const qsizetype zh = bytes.indexOf("世界商品贸易量");
        QVERIFY(zh > en);
        bytes.insert(zh + 6, "\v\x02");
        const Okb::ParseResult r = Okb::parseArticle(bytes);
        QVERIFY2(r.ok, qPrintable(r.error));
        const Okb::Alignment al = Okb::alignArticle(r.article);
        QByteArray tmx;
        QBuffer buffer(&tmx);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(Okb::writeTmx(r.article, al, &buffer));
        QXmlStreamReader reader(tmx);
        QString english;
        QString chinese;
        while (!reader.atEnd()) {
            if (reader.readNext() == QXmlStreamReader::StartElement && reader.name() == u"seg"_s) {
                const QString seg = reader.readElementText();
                if (seg.contains(u"World"_s) && seg.contains(QChar(QChar::ReplacementCharacter))) {
                    english = seg;
                } else if (seg.contains(u"世界"_s) && seg.contains(QChar(QChar::ReplacementCharacter))) {
                    chinese = seg;
                }
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QVERIFY2(english.contains(u"World trade\uFFFDvolume\uFFFD\uFFFD"_s), qPrintable(english));
        QVERIFY2(chinese.contains(u"世界 \uFFFD商品"_s), qPrintable(chinese));
        QVERIFY(tmx.endsWith("</tmx>\n"));
    }

    void tsv()
    {
        const Okb::Article a = sample(u"1989-03-01_去年世界贸易增长８．５％_西德美日为十大出口国前三名.md"_s);
        const Okb::Alignment al = Okb::alignArticle(a);
        const QList<QByteArray> lines = Okb::toTsv(a, al).split('\n');
        QCOMPARE(lines.first(), QByteArray("english\tchinese\tconfidence\tfaults\tenglish_segments\tchinese_segments"));
        QCOMPARE(lines.size(), al.pairs.size() + 2); // header + pairs + final empty
        QVERIFY(lines.last().isEmpty());
        for (int i = 1; i <= al.pairs.size(); ++i) {
            QCOMPARE(lines[i].count('\t'), 5);
        }
        // The English leaves out the two-line headline and the dateline: the first English
        // sentence pairs with the Chinese body's first sentence.
        const QString third = QString::fromUtf8(lines[3]);
        QVERIFY2(third.startsWith(u"World trade volume grew by 8.5% in 1988"_s), qPrintable(third));
        QVERIFY2(third.contains(u"世界商品贸易量增长了８．５％"_s), qPrintable(third));
    }
};

QTEST_GUILESS_MAIN(TestAlignExport)
#include "tst_alignexport.moc"
