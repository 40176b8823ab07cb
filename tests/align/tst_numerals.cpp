// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/numerals.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestNumerals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chineseValues_data()
    {
        QTest::addColumn<QString>("run");
        QTest::addColumn<qint64>("value");
        QTest::newRow("year digit by digit") << u"一九五一"_s << qint64(1951);
        QTest::newRow("year with 〇") << u"一九五〇"_s << qint64(1950);
        QTest::newRow("year with 零") << u"一九五零"_s << qint64(1950);
        QTest::newRow("十八") << u"十八"_s << qint64(18);
        QTest::newRow("三十一") << u"三十一"_s << qint64(31);
        QTest::newRow("big") << u"二百一十三万零九十五"_s << qint64(2130095);
        QTest::newRow("四十二万三千五百二十二") << u"四十二万三千五百二十二"_s << qint64(423522);
        QTest::newRow("十六万零六百八十五") << u"十六万零六百八十五"_s << qint64(160685);
        QTest::newRow("亿") << u"三亿零五百万"_s << qint64(305000000);
        QTest::newRow("两千") << u"两千"_s << qint64(2000);
        QTest::newRow("not a number") << u"三八x"_s << qint64(-1);
    }
    void chineseValues()
    {
        QFETCH(QString, run);
        QFETCH(qint64, value);
        QCOMPARE(Okb::chineseNumeralValue(run), value);
    }

    void matching_data()
    {
        QTest::addColumn<QString>("zh");
        QTest::addColumn<QString>("en");
        QTest::addColumn<QString>("common");
        QTest::newRow("year") << u"在一九五一年六月"_s << u"in June 1951"_s << u"1951"_s;
        QTest::newRow("date day") << u"十月十八日"_s << u"October 18th"_s << u"18"_s;
        QTest::newRow("date month") << u"十月十八日"_s << u"October 18th"_s << u"10"_s;
        QTest::newRow("38th parallel") << u"撤离三八线"_s << u"from the 38th parallel"_s << u"38"_s;
        QTest::newRow("grouped") << u"共有二百一十三万零九十五名党员"_s << u"had 2,130,095 members"_s << u"2130095"_s;
        QTest::newRow("full-width percent") << u"增长８．５％"_s << u"grew by 8.5%"_s << u"8.5"_s;
        QTest::newRow("full-width comma") << u"达1，000多处"_s << u"more than 1,000 factories"_s << u"1000"_s;
        QTest::newRow("seven or eight") << u"共达七、八页"_s << u"seven or eight pages"_s << u"8"_s;
        QTest::newRow("万 units") << u"推广270万部"_s << u"2.7 million will be promoted"_s << u"270"_s;
        QTest::newRow("fifteen") << u"十五种重要药品"_s << u"fifteen important drugs"_s << u"15"_s;
        QTest::newRow("six hundred") << u"参加者已有六百人"_s << u"Over six hundred people have participated."_s << u"600"_s;
        QTest::newRow("three hundred and seventy-six") << u"初小三百七十六处"_s << u"three hundred and seventy-six junior schools"_s << u"376"_s;
    }
    void matching()
    {
        QFETCH(QString, zh);
        QFETCH(QString, en);
        QFETCH(QString, common);
        const QList<QString> z = Okb::chineseNumbers(zh);
        const QList<QString> e = Okb::englishNumbers(en);
        QVERIFY2(z.contains(common), qPrintable(z.join(u' ')));
        QVERIFY2(e.contains(common), qPrintable(e.join(u' ')));
    }

    void loneYiIsNotANumber()
    {
        QVERIFY(Okb::chineseNumbers(u"这是一个问题"_s).isEmpty());
        QCOMPARE(Okb::chineseNumbers(u"第一个步骤"_s), QList<QString>{u"1"_s});
        // 一 in full-width brackets is an enumerator ("(1)"), in both bracket widths; the
        // full-width test used to run on folded text and could never be true.
        QCOMPARE(Okb::chineseNumbers(u"（一）讨论"_s), QList<QString>{u"1"_s});
        QCOMPARE(Okb::chineseNumbers(u"(一)讨论"_s), QList<QString>{u"1"_s});
        QVERIFY(Okb::chineseNumbers(u"（一个）问题"_s).isEmpty());
    }

    void foldWidth()
    {
        QCOMPARE(Okb::foldWidth(u"８．５％"_s), u"8.5%"_s);
        QCOMPARE(Okb::foldWidth(u"维生素Ｋ"_s), u"维生素K"_s);
    }

    void enumerators_data()
    {
        QTest::addColumn<QString>("zh");
        QTest::addColumn<QString>("en");
        QTest::addColumn<int>("value");
        QTest::newRow("一、 I.") << u"一、寇克先生的声明内容"_s << u"I. The content of"_s << 1;
        QTest::newRow("十五、 XV.") << u"十五、会场周围设有厕所"_s << u"XV. There are seven toilets"_s << 15;
        QTest::newRow("（一） (1)") << u"（一）讨论"_s << u"(1) To discuss"_s << 1;
        QTest::newRow("甲、 A.") << u"甲、寇克先生所宣读的声明"_s << u"A. The statement read"_s << 1;
        QTest::newRow("乙、 B.") << u"乙、关于苏美关系。"_s << u"B. Regarding Soviet-U.S. relations."_s << 2;
        QTest::newRow("丙、 C.") << u"丙、寇克先生说"_s << u"C. Mr. Kirk said"_s << 3;
        QTest::newRow("丁、 D.") << u"丁、苏联政府不能忽视"_s << u"D. The Soviet government"_s << 4;
        QTest::newRow("1、 1.") << u"1、凡3月底以前生产出来的犁"_s << u"1. All plows"_s << 1;
        QTest::newRow("４、 4.") << u"４、各地供销合作社"_s << u"4. Supply and marketing"_s << 4;
    }
    void enumerators()
    {
        QFETCH(QString, zh);
        QFETCH(QString, en);
        QFETCH(int, value);
        QCOMPARE(Okb::chineseEnumerator(zh), value);
        QCOMPARE(Okb::englishEnumerator(en), value);
    }

    void noEnumerator()
    {
        QCOMPARE(Okb::chineseEnumerator(u"一九五一年"_s), 0);
        QCOMPARE(Okb::chineseEnumerator(u"决议指出"_s), 0);
        QCOMPARE(Okb::englishEnumerator(u"In 1955, the plan"_s), 0);
    }
};

QTEST_GUILESS_MAIN(TestNumerals)
#include "tst_numerals.moc"
