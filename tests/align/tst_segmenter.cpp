// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/aligner.h"
#include "align/segmenter.h"

#include <QTest>

using namespace Qt::StringLiterals;

static QStringList en(const QString &t)
{
    QStringList out;
    for (const Okb::TextRange &r : Okb::splitEnglishSentences(t)) {
        out << t.mid(r.start, r.length);
    }
    return out;
}

static QStringList zh(const QString &t)
{
    QStringList out;
    for (const Okb::TextRange &r : Okb::splitChineseSentences(t)) {
        out << t.mid(r.start, r.length);
    }
    return out;
}

class TestSegmenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void englishAbbreviations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("sentences");
        QTest::newRow("Mr.") << u"On October 15th, Vyshinsky met with Mr. Coe, the chargé d'affaires. He agreed."_s
                             << QStringList{u"On October 15th, Vyshinsky met with Mr. Coe, the chargé d'affaires."_s, u"He agreed."_s};
        QTest::newRow("Mrs.") << u"Mrs. Roosevelt spoke. Nobody answered."_s << QStringList{u"Mrs. Roosevelt spoke."_s, u"Nobody answered."_s};
        QTest::newRow("Dr.") << u"He met Dr. Smith in Geneva. They talked."_s << QStringList{u"He met Dr. Smith in Geneva."_s, u"They talked."_s};
        QTest::newRow("Gen.") << u"Gen. Ridgway complicated the talks. The Soviet side objected."_s
                              << QStringList{u"Gen. Ridgway complicated the talks."_s, u"The Soviet side objected."_s};
        QTest::newRow("U.S.") << u"The U.S. Command objects to it. Kaesong is the place."_s
                              << QStringList{u"The U.S. Command objects to it."_s, u"Kaesong is the place."_s};
        QTest::newRow("U.S. at end") << u"He flew to the U.S. The talks began."_s << QStringList{u"He flew to the U.S."_s, u"The talks began."_s};
        QTest::newRow("U.N.") << u"The U.N. Security Council met. It voted."_s << QStringList{u"The U.N. Security Council met."_s, u"It voted."_s};
        QTest::newRow("No.") << u"Order No. 5 was issued. It took effect."_s << QStringList{u"Order No. 5 was issued."_s, u"It took effect."_s};
        QTest::newRow("St.") << u"They walked along St. James Street. Then they left."_s
                             << QStringList{u"They walked along St. James Street."_s, u"Then they left."_s};
        QTest::newRow("initials") << u"The report by J. R. Smith was read. It was long."_s
                                  << QStringList{u"The report by J. R. Smith was read."_s, u"It was long."_s};
        QTest::newRow("decimals") << u"Trade grew by 8.5% in 1988. Prices fell by 2.3 points."_s
                                  << QStringList{u"Trade grew by 8.5% in 1988."_s, u"Prices fell by 2.3 points."_s};
        QTest::newRow("percent at end") << u"Rural areas increased by 17.1%. By commodity types, food rose."_s
                                        << QStringList{u"Rural areas increased by 17.1%."_s, u"By commodity types, food rose."_s};
        QTest::newRow("e.g.") << u"Some goods, e.g. salt, were cheaper. Others were not."_s
                              << QStringList{u"Some goods, e.g. salt, were cheaper."_s, u"Others were not."_s};
        QTest::newRow("quote stays") << u"He said: \"We agree.\" Then he left."_s << QStringList{u"He said: \"We agree.\""_s, u"Then he left."_s};
        QTest::newRow("bracket stays") << u"Bicycles may not enter (except liaison teams.) Cars neither."_s
                                       << QStringList{u"Bicycles may not enter (except liaison teams.)"_s, u"Cars neither."_s};
        QTest::newRow("inline enumerators")
            << u"The tasks are as follows: 1. To discuss the work; 2. To summarize the results. The resolution ends."_s
            << QStringList{u"The tasks are as follows: 1. To discuss the work; 2. To summarize the results."_s, u"The resolution ends."_s};
        QTest::newRow("roman heading") << u"II. Do a good job in supply. At present it is busy."_s
                                       << QStringList{u"II. Do a good job in supply."_s, u"At present it is busy."_s};
        QTest::newRow("letter heading") << u"A. Regarding the Korean situation. It can be seen."_s
                                        << QStringList{u"A. Regarding the Korean situation."_s, u"It can be seen."_s};
    }
    void englishAbbreviations()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, sentences);
        QCOMPARE(en(text), sentences);
    }

    void chineseRules_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("sentences");
        QTest::newRow("。！？") << u"他来了。你好吗？太好了！"_s << QStringList{u"他来了。"_s, u"你好吗？"_s, u"太好了！"_s};
        QTest::newRow("closing quote stays") << u"他说：“我们同意。”然后走了。"_s << QStringList{u"他说：“我们同意。”"_s, u"然后走了。"_s};
        QTest::newRow("opening quote starts next")
            << u"声明原文已递交柯明先生。“十月五日，我接见了寇克先生。"_s << QStringList{u"声明原文已递交柯明先生。"_s, u"“十月五日，我接见了寇克先生。"_s};
        QTest::newRow("opening quote after space")
            << u"声明原文已递交柯明先生。 “十月五日，我接见了寇克先生。"_s << QStringList{u"声明原文已递交柯明先生。"_s, u"“十月五日，我接见了寇克先生。"_s};
        QTest::newRow("closing bracket stays") << u"自行车不得入场（指定之特别联络队例外。）汽车亦同。"_s
                                              << QStringList{u"自行车不得入场（指定之特别联络队例外。）"_s, u"汽车亦同。"_s};
        QTest::newRow("ellipsis") << u"开矿筑路兴工厂……人民器材我爱惜。"_s << QStringList{u"开矿筑路兴工厂……"_s, u"人民器材我爱惜。"_s};
        QTest::newRow("ellipsis + closing quote") << u"恢复战前生产量……”老农连忙插嘴。"_s << QStringList{u"恢复战前生产量……”"_s, u"老农连忙插嘴。"_s};
        QTest::newRow("；and ： are not boundaries")
            << u"主要任务如下：一、讨论党的活动；二、总结结果。"_s << QStringList{u"主要任务如下：一、讨论党的活动；二、总结结果。"_s};
        QTest::newRow("full-width decimal") << u"去年世界贸易增长８．５％，高于前年。"_s << QStringList{u"去年世界贸易增长８．５％，高于前年。"_s};
    }
    void chineseRules()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, sentences);
        QCOMPARE(zh(text), sentences);
    }

    void rangesAreExact()
    {
        const QString t = u"  Mr. Kirk said so.   He left.  "_s;
        const QList<Okb::TextRange> rs = Okb::splitEnglishSentences(t);
        QCOMPARE(rs.size(), 2);
        QCOMPARE(t.mid(rs[0].start, rs[0].length), u"Mr. Kirk said so."_s);
        QCOMPARE(rs[1].start, 22);
        QCOMPARE(rs[1].length, 8);
    }

    void versesAreOneSegment()
    {
        Okb::Article a;
        for (const QString &line : {u"红红太阳出东方，"_s, u"他说：“喜的新年全国快解放，"_s}) {
            Okb::Block b;
            b.kind = Okb::BlockKind::Verse;
            b.language = Okb::Language::Chinese;
            b.text = line;
            a.chinese << b;
        }
        Okb::Block p;
        p.kind = Okb::BlockKind::Paragraph;
        p.language = Okb::Language::Chinese;
        p.text = u"他来了。你好吗？"_s;
        a.chinese << p;
        const QList<Okb::Segment> segs = Okb::segmentArticle(a, Okb::Language::Chinese, Okb::AlignLevel::Sentence);
        QCOMPARE(segs.size(), 4);
        QCOMPARE(segs[0].block, 0);
        QCOMPARE(segs[0].length, a.chinese[0].text.size());
        QCOMPARE(segs[1].block, 1);
        QCOMPARE(segs[2].block, 2);
        QCOMPARE(Okb::segmentText(a, segs[3]), u"你好吗？"_s);
        QCOMPARE(Okb::segmentArticle(a, Okb::Language::Chinese, Okb::AlignLevel::Paragraph).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestSegmenter)
#include "tst_segmenter.moc"
