// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/aligner.h"
#include "align/segmenter.h"
#include "parse/articleparser.h"

#include <QTest>

#include <thread>
#include <vector>

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
        QTest::newRow("p.m. at the end") << u"He arrived at 5 p.m. The meeting began at once."_s
                                         << QStringList{u"He arrived at 5 p.m."_s, u"The meeting began at once."_s};
        QTest::newRow("p.m. inside") << u"At 5 p.m. Beijing time the talks began."_s << QStringList{u"At 5 p.m. Beijing time the talks began."_s};
        QTest::newRow("D.C. at the end") << u"They met in Washington, D.C. The talks ended."_s
                                         << QStringList{u"They met in Washington, D.C."_s, u"The talks ended."_s};
        QTest::newRow("i.e. before The") << u"It is the main task, i.e. The Plan must be met."_s
                                         << QStringList{u"It is the main task, i.e. The Plan must be met."_s};
        QTest::newRow("quote stays") << u"He said: \"We agree.\" Then he left."_s << QStringList{u"He said: \"We agree.\""_s, u"Then he left."_s};
        QTest::newRow("bracket stays") << u"Bicycles may not enter (except liaison teams.) Cars neither."_s
                                       << QStringList{u"Bicycles may not enter (except liaison teams.)"_s, u"Cars neither."_s};
        QTest::newRow("inline enumerators") << u"The tasks are as follows: 1. To discuss the work; 2. To summarize the results. The resolution ends."_s
                                            << QStringList{u"The tasks are as follows: 1. To discuss the work; 2. To summarize the results."_s,
                                                           u"The resolution ends."_s};
        QTest::newRow("roman heading") << u"II. Do a good job in supply. At present it is busy."_s
                                       << QStringList{u"II. Do a good job in supply."_s, u"At present it is busy."_s};
        // ICU keeps ". 31 films" together (the next letter is lower case): a sentence may start with a number
        QTest::newRow("digit-initial sentence") << u"New films were released. 31 films won 35 awards at home."_s
                                                << QStringList{u"New films were released."_s, u"31 films won 35 awards at home."_s};
        QTest::newRow("digit-initial after a year") << u"Output rose in 1988. 1,234 tons were exported."_s
                                                    << QStringList{u"Output rose in 1988."_s, u"1,234 tons were exported."_s};
        QTest::newRow("digit-initial after a percentage") << u"Sales grew by 17.1%. 25 provinces met the plan."_s
                                                          << QStringList{u"Sales grew by 17.1%."_s, u"25 provinces met the plan."_s};
        QTest::newRow("digit-initial after a quote") << u"He said \"we agree.\" 12 delegates voted for it."_s
                                                     << QStringList{u"He said \"we agree.\""_s, u"12 delegates voted for it."_s};
        QTest::newRow("number abbreviations") << u"See Art. 3 of the law and p. 45 of the report, issued on Jan. 1 and Sept. 15 last year."_s
                                              << QStringList{u"See Art. 3 of the law and p. 45 of the report, issued on Jan. 1 and Sept. 15 last year."_s};
        QTest::newRow("No. before a number") << u"Document No. 12 was read out. It was short."_s
                                             << QStringList{u"Document No. 12 was read out."_s, u"It was short."_s};
        QTest::newRow("initial before a number") << u"The plan of J. 5 years ago failed."_s << QStringList{u"The plan of J. 5 years ago failed."_s};
        QTest::newRow("decimal is no boundary") << u"It rose by 3.5 points. 2 plants closed."_s
                                                << QStringList{u"It rose by 3.5 points."_s, u"2 plants closed."_s};
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
        QTest::newRow("opening quote starts next") << u"声明原文已递交柯明先生。“十月五日，我接见了寇克先生。"_s
                                                   << QStringList{u"声明原文已递交柯明先生。"_s, u"“十月五日，我接见了寇克先生。"_s};
        QTest::newRow("opening quote after space") << u"声明原文已递交柯明先生。 “十月五日，我接见了寇克先生。"_s
                                                   << QStringList{u"声明原文已递交柯明先生。"_s, u"“十月五日，我接见了寇克先生。"_s};
        QTest::newRow("closing bracket stays") << u"自行车不得入场（指定之特别联络队例外。）汽车亦同。"_s
                                               << QStringList{u"自行车不得入场（指定之特别联络队例外。）"_s, u"汽车亦同。"_s};
        QTest::newRow("ellipsis") << u"开矿筑路兴工厂……人民器材我爱惜。"_s << QStringList{u"开矿筑路兴工厂……"_s, u"人民器材我爱惜。"_s};
        QTest::newRow("ellipsis + closing quote") << u"恢复战前生产量……”老农连忙插嘴。"_s << QStringList{u"恢复战前生产量……”"_s, u"老农连忙插嘴。"_s};
        QTest::newRow("；and ： are not boundaries") << u"主要任务如下：一、讨论党的活动；二、总结结果。"_s
                                                     << QStringList{u"主要任务如下：一、讨论党的活动；二、总结结果。"_s};
        QTest::newRow("full-width decimal") << u"去年世界贸易增长８．５％，高于前年。"_s << QStringList{u"去年世界贸易增长８．５％，高于前年。"_s};
    }
    void chineseRules()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, sentences);
        QCOMPARE(zh(text), sentences);
    }

    // Run-on Chinese table lines: several rows printed on one line (cells separated by spaces,
    // one row's last figure glued to the next row's name).
    void chineseTableRows_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("segments");
        QTest::newRow("lead-in, header, glued rows") << u"主要产品产量如下： 1990年　比上年增长百分比钢　5000万吨　3.1煤　10.5亿吨　－2.0汽车　50万辆　12.0"_s
                                                     << QStringList{u"主要产品产量如下："_s,
                                                                    u"1990年　比上年增长百分比"_s,
                                                                    u"钢　5000万吨　3.1"_s,
                                                                    u"煤　10.5亿吨　－2.0"_s,
                                                                    u"汽车　50万辆　12.0"_s};
        QTest::newRow("lead-in glued to the header") << u"产量如下：1990年　比上年增长％钢　5000万吨　3.1煤　10亿吨　2.0"_s
                                                     << QStringList{u"产量如下："_s, u"1990年　比上年增长％"_s, u"钢　5000万吨　3.1"_s, u"煤　10亿吨　2.0"_s};
        QTest::newRow("full-width digits, spaced names") << u"货运量　　２３３５５亿吨公里　　５．１公　路　　２８７１亿吨公里　　９．５"_s
                                                         << QStringList{u"货运量　　２３３５５亿吨公里　　５．１"_s, u"公　路　　２８７１亿吨公里　　９．５"_s};
        QTest::newRow("unchanged (持平) glued") << u"呢绒　3亿米　持平纸张　1000万吨　6.0"_s << QStringList{u"呢绒　3亿米　持平"_s, u"纸张　1000万吨　6.0"_s};
        QTest::newRow("names that start like units") << u"机床　20万台　16.1机车　843台　－7.3家用电器　140万台　－20.7个体工业　5亿元　8.0"_s
                                                     << QStringList{u"机床　20万台　16.1"_s, u"机车　843台　－7.3"_s, u"家用电器　140万台　－20.7"_s, u"个体工业　5亿元　8.0"_s};
        QTest::newRow("two quantity columns") << u"钢　5000万吨　4800万吨　4.2煤　10亿吨　9亿吨　11.1机车　843台　800台　5.4"_s
                                              << QStringList{u"钢　5000万吨　4800万吨　4.2"_s, u"煤　10亿吨　9亿吨　11.1"_s, u"机车　843台　800台　5.4"_s};
        QTest::newRow("bare unit after a cut") << u"钢　50万吨　3.1布　176米　1.7纸　12吨　6.0"_s
                                               << QStringList{u"钢　50万吨　3.1"_s, u"布　176米　1.7"_s, u"纸　12吨　6.0"_s};
        QTest::newRow("rows separated by spaces") << u"钢　5000万吨　3.1　煤　10亿吨　2.0"_s << QStringList{u"钢　5000万吨　3.1"_s, u"煤　10亿吨　2.0"_s};
        QTest::newRow("sub-row label is not a lead-in") << u"其中：彩电　1000万部　52.8录音机　2000万部　18.5"_s
                                                        << QStringList{u"其中：彩电　1000万部　52.8"_s, u"录音机　2000万部　18.5"_s};
        QTest::newRow("full-width thousands separator") << u"拖拉机　1，000台　5.0收割机　2，500台　－1.2"_s
                                                        << QStringList{u"拖拉机　1，000台　5.0"_s, u"收割机　2，500台　－1.2"_s};
        QTest::newRow("one row stays whole") << u"粮　食　３９４０１万吨　－２．２"_s << QStringList{u"粮　食　３９４０１万吨　－２．２"_s};
        QTest::newRow("header row stays whole") << u"１９９０年　比上年增长百分比"_s << QStringList{u"１９９０年　比上年增长百分比"_s};
        QTest::newRow("prose with a stray space") << u"全年钢产量５０００万吨，比上年增长３．１％　煤产量１０亿吨，增长２．０％。"_s
                                                  << QStringList{u"全年钢产量５０００万吨，比上年增长３．１％　煤产量１０亿吨，增长２．０％。"_s};
        QTest::newRow("prose with numbers and spaces") << u"１９８８年　全国共有　３２００所大学　在校学生　２００万人"_s
                                                       << QStringList{u"１９８８年　全国共有　３２００所大学　在校学生　２００万人"_s};
        QTest::newRow("name list") << u"李明　王大力　张　华　赵国强　刘　平"_s << QStringList{u"李明　王大力　张　华　赵国强　刘　平"_s};
        QTest::newRow("date and time") << u"１９８９年２月２８日　３时１５分　北京"_s << QStringList{u"１９８９年２月２８日　３时１５分　北京"_s};
        QTest::newRow("counts") << u"参加单位　１２个　２００人　代表　５０人"_s << QStringList{u"参加单位　１２个　２００人　代表　５０人"_s};
        QTest::newRow("date line") << u"１９８９年２月２８日　北京"_s << QStringList{u"１９８９年２月２８日　北京"_s};
    }
    void chineseTableRows()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, segments);
        // as a paragraph (sentence splitter) and as a table-row block
        QCOMPARE(zh(text), segments);
        QStringList rows;
        const QList<Okb::TextRange> rs = Okb::splitBlockSegments(text, Okb::BlockKind::TableRow, Okb::Language::Chinese);
        for (const Okb::TextRange &r : rs) {
            rows << text.mid(r.start, r.length);
        }
        QCOMPARE(rows.isEmpty() ? QStringList{text} : rows, segments);
    }

    // ---- a Chinese list printed as one run-on line, cut by the English rows ----
    void pinyinNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("syllables");
        QTest::newRow("three") << u"Wu Jinshi"_s << 3;
        QTest::newRow("apostrophe") << u"Zheng Ji'en"_s << 3;
        QTest::newRow("two") << u"Li Shi"_s << 2;
        QTest::newRow("lv") << u"Lv Meiming"_s << 3;
        QTest::newRow("vowel run") << u"Huang Yuehua"_s << 3;
        QTest::newRow("double surname") << u"Ouyang Xiu"_s << 3;
        QTest::newRow("one word") << u"Seeker"_s << 0;
        QTest::newRow("address") << u"No. 15, East Fourth Alley, Beijing"_s << 0;
        QTest::newRow("place") << u"Dalian City"_s << 0;
        QTest::newRow("lower case") << u"wu jinshi"_s << 0;
    }
    void pinyinNames()
    {
        QFETCH(QString, text);
        QFETCH(int, syllables);
        QCOMPARE(Okb::pinyinNameSyllables(text), syllables);
    }

    void tableRowCells()
    {
        QCOMPARE(Okb::tableRowCells(u"Li Ming\u3000\u3000\u3000\u3000No. 3, Xi Alley, Beijing\u3000\u3000Li Shi"_s),
                 (QStringList{u"Li Ming"_s, u"No. 3, Xi Alley, Beijing"_s, u"Li Shi"_s}));
        QCOMPARE(Okb::tableRowCells(u"Steel\t\t50 million tons  3.1"_s), (QStringList{u"Steel"_s, u"50 million tons"_s, u"3.1"_s}));
        QCOMPARE(Okb::tableRowCells(u"One cell only"_s), QStringList{u"One cell only"_s});
    }

    // Rows glued (seeker + next name), a two-character name padded with U+3000 after a glued
    // seeker, a padded seeker glued to the next name, an address running into the seeker and the
    // next row's name (two separators missing).
    void chineseListRows()
    {
        const QList<QStringList> rows = {
            {u"Zhang Sanfeng"_s, u"No. 8, Xinhua Street, Tianjin"_s, u"Zhang Dashan"_s},
            {u"Li Ming"_s, u"Hongqi Village, Baoding County, Hebei"_s, u"Li Shi"_s},
            {u"Wang Xiaoping"_s, u"No. 12, Jiefang Road, Shenyang City"_s, u"Liu Guilan"_s},
            {u"Zhao Tiezhu"_s, u"Machine Repair Shop, Dalian"_s, u"Zhao Gang"_s},
        };
        const QString t =
            u"  张三丰　天津市新华街八号　张大山李　明　河北保定县红旗村　李　氏王小平　沈阳市解放路一二号刘桂兰赵铁柱　大连市机器修理厂　赵　刚 "_s;
        double cost = -1;
        const QList<Okb::TextRange> rs = Okb::splitChineseListRows(t, {0, int(t.size())}, rows, &cost);
        QStringList got;
        for (const Okb::TextRange &r : rs) {
            got << t.mid(r.start, r.length);
        }
        QCOMPARE(got,
                 (QStringList{u"张三丰　天津市新华街八号　张大山"_s,
                              u"李　明　河北保定县红旗村　李　氏"_s,
                              u"王小平　沈阳市解放路一二号刘桂兰"_s,
                              u"赵铁柱　大连市机器修理厂　赵　刚"_s}));
        QVERIFY(cost > 0);
    }

    // A title and a header glued to the list: cut by length and by the first name.
    void chineseListLeadIn()
    {
        const QList<QStringList> rows = {
            {u"List of Missing Persons"_s},
            {u"Name, Address"_s, u"Seeker"_s},
            {u"Zhang Sanfeng"_s, u"No. 8, Xinhua Street, Tianjin"_s, u"Zhang Dashan"_s},
            {u"Zhou Yu"_s, u"Hongqi Village, Baoding County, Hebei"_s, u"Zhou Lin"_s},
            {u"Zhao Tiezhu"_s, u"Machine Repair Shop, Dalian"_s, u"Zhao Gang"_s},
        };
        const QString t = u"寻人名单姓名住址　寻找者张三丰　天津市新华街八号　张大山周　瑜　河北保定县红旗村　周　林赵铁柱　大连市机器修理厂　赵　刚"_s;
        QStringList got;
        for (const Okb::TextRange &r : Okb::splitChineseListRows(t, {0, int(t.size())}, rows)) {
            got << t.mid(r.start, r.length);
        }
        QCOMPARE(got,
                 (QStringList{u"寻人名单"_s,
                              u"姓名住址　寻找者"_s,
                              u"张三丰　天津市新华街八号　张大山"_s,
                              u"周　瑜　河北保定县红旗村　周　林"_s,
                              u"赵铁柱　大连市机器修理厂　赵　刚"_s}));
    }

    // Not a list for these rows: prose, too few rows, names that do not fit.
    void chineseListRefused()
    {
        const QList<QStringList> rows = {
            {u"Zhang Sanfeng"_s, u"No. 8, Xinhua Street, Tianjin"_s, u"Zhang Dashan"_s},
            {u"Zhou Yu"_s, u"Hongqi Village, Baoding County, Hebei"_s, u"Zhou Lin"_s},
            {u"Zhao Tiezhu"_s, u"Machine Repair Shop, Dalian"_s, u"Zhao Gang"_s},
        };
        const QString prose = u"张三丰　住在天津市新华街八号。周瑜　住在河北保定县红旗村。赵铁柱　在大连市机器修理厂工作。"_s;
        QVERIFY(Okb::splitChineseListRows(prose, {0, int(prose.size())}, rows).isEmpty());
        const QString list = u"张三丰　天津市新华街八号　张大山周　瑜　河北保定县红旗村　周　林赵铁柱　大连市机器修理厂　赵　刚"_s;
        QCOMPARE(Okb::splitChineseListRows(list, {0, int(list.size())}, rows).size(), 3);
        QVERIFY(Okb::splitChineseListRows(list, {0, int(list.size())}, rows.mid(0, 2)).isEmpty());
        // twelve cells of names that the text cannot hold
        QList<QStringList> wrong;
        for (int i = 0; i < 4; ++i) {
            wrong << QStringList{u"Ouyang Xiaoming"_s, u"Sima Zhongda"_s, u"Zhuge Kongming"_s};
        }
        QVERIFY(Okb::splitChineseListRows(list, {0, int(list.size())}, wrong).isEmpty());
    }

    void tableRowsAfterASentence()
    {
        // a sentence before the run-on table is a sentence of its own; the table is still cut
        const QString t = u"钢铁生产稳定增长。主要产品产量如下： 钢　5000万吨　3.1煤　10亿吨　2.0"_s;
        QCOMPARE(zh(t), (QStringList{u"钢铁生产稳定增长。"_s, u"主要产品产量如下："_s, u"钢　5000万吨　3.1"_s, u"煤　10亿吨　2.0"_s}));
    }

    void otherBlocksAreWhole()
    {
        const QString t = u"钢　5000万吨　3.1煤　10亿吨　2.0"_s;
        QVERIFY(Okb::splitBlockSegments(t, Okb::BlockKind::Verse, Okb::Language::Chinese).isEmpty());
        QVERIFY(Okb::splitBlockSegments(u"Steel\t50 million tons\t3.1"_s, Okb::BlockKind::TableRow, Okb::Language::English).isEmpty());
        QCOMPARE(Okb::splitBlockSegments(u"He came. She left."_s, Okb::BlockKind::Paragraph, Okb::Language::English).size(), 2);
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

    // ICU's sentence iterators go from thread to thread (a pool the plugin's aligner threads,
    // one per open, take them from): threads one after another and several at once segment the
    // reference sample exactly as the main thread does.
    void sameSentencesInEveryThread()
    {
        const Okb::ParseResult parsed = Okb::parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"));
        QVERIFY(parsed.ok);
        // every segment as "language block start length"
        const auto segments = [&parsed] {
            QStringList out;
            for (const Okb::Language lang : {Okb::Language::English, Okb::Language::Chinese}) {
                for (const Okb::Segment &s : Okb::segmentArticle(parsed.article, lang, Okb::AlignLevel::Sentence)) {
                    out << u"%1 %2 %3 %4"_s.arg(int(s.language)).arg(s.block).arg(s.start).arg(s.length);
                }
            }
            return out;
        };
        const QStringList expected = segments();
        QVERIFY(expected.size() > 100);
        for (int k = 0; k < 4; ++k) { // one after another: each takes the iterators the last left
            QStringList got;
            std::thread([&] {
                got = segments();
            }).join();
            QCOMPARE(got, expected);
        }
        std::vector<QStringList> got(6); // at once: more iterators than the pool keeps
        std::vector<std::thread> threads;
        for (size_t k = 0; k < got.size(); ++k) {
            threads.emplace_back([&got, &segments, k] {
                for (int r = 0; r < 3; ++r) {
                    got[k] = segments();
                }
            });
        }
        for (std::thread &t : threads) {
            t.join();
        }
        for (const QStringList &g : got) {
            QCOMPARE(g, expected);
        }
        QCOMPARE(segments(), expected);
    }
};

QTEST_GUILESS_MAIN(TestSegmenter)
#include "tst_segmenter.moc"
