// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The aligner on small hand-made articles: pairs, exact ranges, each fault flag, thread safety,
// the dictionary (present, missing) and the article glossary.

#include "align/aligner.h"
#include "align/dictionary.h"
#include "parse/articleparser.h"

#include <QBuffer>
#include <QDir>
#include <QStandardPaths>

#include <QElapsedTimer>
#include <QTest>

#include <thread>

using namespace Qt::StringLiterals;
using namespace Okb;

static Block block(Language lang, const QString &text, BlockKind kind = BlockKind::Paragraph)
{
    Block b;
    b.language = lang;
    b.kind = kind;
    b.text = text;
    return b;
}

static Article article(const QStringList &en, const QStringList &zh)
{
    Article a;
    for (const QString &t : en) {
        a.english << block(Language::English, t);
    }
    for (const QString &t : zh) {
        a.chinese << block(Language::Chinese, t);
    }
    return a;
}

// "en text" <-> "zh text" per pair, for readable comparisons
static QStringList pairs(const Article &a, const Alignment &al)
{
    QStringList out;
    for (const AlignedPair &p : al.pairs) {
        QStringList e, z;
        for (int i : p.english) {
            e << segmentText(a, al.english.at(i));
        }
        for (int i : p.chinese) {
            z << segmentText(a, al.chinese.at(i));
        }
        out << e.join(u" + "_s) + u" <-> "_s + z.join(u" + "_s);
    }
    return out;
}

static const AlignedPair *pairWithChinese(const Article &a, const Alignment &al, const QString &zhPart)
{
    for (const AlignedPair &p : al.pairs) {
        for (int i : p.chinese) {
            if (segmentText(a, al.chinese.at(i)).contains(zhPart)) {
                return &p;
            }
        }
    }
    return nullptr;
}

static const AlignedPair *pairWithEnglish(const Article &a, const Alignment &al, const QString &enPart, int nth = 0)
{
    for (const AlignedPair &p : al.pairs) {
        for (int i : p.english) {
            if (segmentText(a, al.english.at(i)).contains(enPart) && nth-- == 0) {
                return &p;
            }
        }
    }
    return nullptr;
}

static const QString kEn1 = u"The Soviet government attaches great importance to these issues, and therefore, it is necessary to state the following."_s;
static const QString kEn2 =
    u"It can be seen from Mr. Kirk's statement that the U.S. government is concerned about the situation in Korea and the progress of the armistice negotiations."_s;
static const QString kEn3 =
    u"At the Fifth United Nations General Assembly in 1950, the Soviet government also proposed the immediate peaceful settlement of the Korean issue and the simultaneous withdrawal of foreign troops from Korea."_s;
static const QString kEn4 = u"However, this suggestion was rejected by the U.S. government, as well as the British and French governments."_s;
static const QString kZh1 = u"苏联政府很重视这些问题，因此，有必要声明如下。"_s;
static const QString kZh2 = u"从寇克先生的声明中可以看出，美国政府担忧在朝鲜发生的局势，及停战谈判的进程。"_s;
static const QString kZh3 = u"在一九五零年第五届联合国大会上，苏联政府并提出了立即和平解决朝鲜问题和同时自朝鲜撤退外国军队的建议。"_s;
static const QString kZh4 = u"但是，这个建议被美国政府以及英、法政府拒绝了。"_s;

class TestAligner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneToOneWithExactRanges()
    {
        const Article a = article({kEn1 + u' ' + kEn2, kEn3}, {kZh1 + kZh2, kZh3});
        const Alignment al = alignArticle(a);
        QCOMPARE(al.level, AlignLevel::Sentence);
        QCOMPARE(al.english.size(), 3);
        QCOMPARE(al.chinese.size(), 3);
        QCOMPARE(pairs(a, al), (QStringList{kEn1 + u" <-> "_s + kZh1, kEn2 + u" <-> "_s + kZh2, kEn3 + u" <-> "_s + kZh3}));
        // ranges point into Block::text
        QCOMPARE(al.english[1].block, 0);
        QCOMPARE(al.english[1].start, int(kEn1.size()) + 1);
        QCOMPARE(al.english[1].length, int(kEn2.size()));
        QCOMPARE(al.chinese[1].start, int(kZh1.size()));
        for (const AlignedPair &p : al.pairs) {
            QCOMPARE(p.faults, unsigned(NoFault));
            QVERIFY(p.confidence > 0.5 && p.confidence <= 1.0);
        }
        QVERIFY(al.lengthRatio > 2.0 && al.lengthRatio < 8.0);
    }

    void paragraphLevel()
    {
        const Article a = article({kEn1 + u' ' + kEn2, kEn3}, {kZh1 + kZh2, kZh3});
        AlignOptions o;
        o.level = AlignLevel::Paragraph;
        const Alignment al = alignArticle(a, o);
        QCOMPARE(al.english.size(), 2);
        QCOMPARE(al.pairs.size(), 2);
        QCOMPARE(al.pairs[0].english, QList<int>{0});
        QCOMPARE(al.pairs[0].chinese, QList<int>{0});
        QCOMPARE(al.english[0].length, a.english[0].text.size());
    }

    void oneToTwo()
    {
        const QString en =
            u"It was not the U.S. government, nor the United Nations, but the Soviet government that initiated the peaceful settlement of the Korean War, "
            u"and as early as July 1950 Stalin advocated a rapid solution through the Security Council."_s;
        const QString zh1 = u"倡议和平解决朝鲜战争的不是美国政府，也不是联合国，而正是苏联政府。"_s;
        const QString zh2 = u"早在一九五零年七月初，斯大林就主张经由安全理事会迅速解决朝鲜战事。"_s;
        const Article a = article({kEn1, en, kEn4}, {kZh1, zh1 + zh2, kZh4});
        const Alignment al = alignArticle(a);
        const AlignedPair *p = pairWithEnglish(a, al, u"initiated"_s);
        QVERIFY(p);
        QCOMPARE(p->chinese.size(), 2);
    }

    void omitted()
    {
        const Article a = article({kEn1 + u' ' + kEn3 + u' ' + kEn4}, {kZh1 + kZh2 + kZh3 + kZh4});
        const Alignment al = alignArticle(a);
        const AlignedPair *p = pairWithChinese(a, al, u"寇克先生的声明"_s);
        QVERIFY(p);
        QVERIFY(p->english.isEmpty());
        QVERIFY(p->faults & Omitted);
        QCOMPARE(pairWithEnglish(a, al, u"Fifth United Nations"_s)->chinese.size(), 1);
    }

    void invented()
    {
        const QString extra = u"Meanwhile, the weather in the capital was unusually warm and many citizens went for long walks in the parks."_s;
        const Article a = article({kEn1 + u' ' + extra + u' ' + kEn3}, {kZh1 + kZh3});
        const Alignment al = alignArticle(a);
        const AlignedPair *p = pairWithEnglish(a, al, u"weather"_s);
        QVERIFY(p);
        QVERIFY(p->chinese.isEmpty());
        QVERIFY(p->faults & Invented);
    }

    void truncated()
    {
        const QString cut = u"At the Fifth United Nations General Assembly in 1950, the Soviet government also proposed the immediate"_s;
        const Article a = article({kEn1, cut, kEn4}, {kZh1, kZh3, kZh4});
        const Alignment al = alignArticle(a);
        const AlignedPair *p = pairWithEnglish(a, al, u"Fifth United Nations"_s);
        QVERIFY(p);
        QCOMPARE(p->chinese.size(), 1);
        QVERIFY(p->faults & Truncated);
        QVERIFY(!(pairWithEnglish(a, al, u"rejected"_s)->faults & Truncated));
    }

    void repeated()
    {
        const Article a = article({kEn1 + u' ' + kEn2 + u' ' + kEn2 + u' ' + kEn4}, {kZh1 + kZh2 + kZh4});
        const Alignment al = alignArticle(a);
        const AlignedPair *first = pairWithEnglish(a, al, u"Mr. Kirk's statement"_s, 0);
        QVERIFY(first);
        bool flagged = false;
        for (const AlignedPair &p : al.pairs) {
            flagged = flagged || (p.faults & Repeated);
        }
        QVERIFY(flagged);
        QVERIFY(!(pairWithEnglish(a, al, u"rejected"_s)->faults & Repeated));
    }

    void lowConfidence()
    {
        const QString en = u"The orchestra performed three symphonies by Beethoven to an enthusiastic audience."_s;
        const QString zh = u"农民们在田里收割小麦，天气晴朗，大家都很高兴。"_s;
        const Article a = article({en}, {zh});
        const Alignment al = alignArticle(a);
        QCOMPARE(al.pairs.size(), 1);
        QCOMPARE(al.pairs[0].english.size(), 1);
        QVERIFY(al.pairs[0].confidence < 0.45);
        QVERIFY(al.pairs[0].faults & LowConfidence);
    }

    void titleWithoutEnglishIsNotOmitted()
    {
        Article a = article({kEn1}, {kZh1});
        a.chinese.prepend(block(Language::Chinese, u"关于朝鲜局势的声明"_s, BlockKind::Title));
        const Alignment al = alignArticle(a);
        QCOMPARE(al.pairs.size(), 2);
        QVERIFY(al.pairs[0].english.isEmpty());
        QCOMPARE(al.pairs[0].faults, unsigned(NoFault));
    }

    // A bracketed source tag signing off the article (agency dispatch, author) has no English in
    // this archive's translations: not an omission. Another untranslated sign-off still is.
    void sourceTagWithoutEnglishIsNotOmitted()
    {
        Article a = article({kEn1}, {kZh1});
        a.chinese << block(Language::Chinese, u"（新华社北京２月２８日电）"_s, BlockKind::Signature);
        Alignment al = alignArticle(a);
        QCOMPARE(al.pairs.size(), 2);
        QVERIFY(al.pairs[1].english.isEmpty());
        QCOMPARE(al.pairs[1].faults, unsigned(NoFault));
        a.chinese.last().text = u"中华人民共和国主席　杨尚昆"_s;
        al = alignArticle(a);
        QCOMPARE(al.pairs.size(), 2);
        QVERIFY(al.pairs[1].english.isEmpty());
        QCOMPARE(al.pairs[1].faults, unsigned(Omitted));
    }

    // A list printed one row per line in English and as one run-on line in Chinese: the Chinese
    // line is cut by the English rows (title, header, rows) and every row pairs 1-1.
    void runOnListRowByRow()
    {
        Article a;
        a.english << block(Language::English, u"Editor's Note: The following persons are asked to write to their families."_s);
        a.english << block(Language::English, u"List of Missing Persons"_s, BlockKind::Heading);
        a.english << block(Language::English, u"Name, Address\u3000\u3000\u3000\u3000Seeker"_s, BlockKind::TableRow);
        const QStringList enRows = {
            u"Zhang Sanfeng\u3000\u3000\u3000\u3000No. 8, Xinhua Street, Tianjin\u3000\u3000\u3000\u3000Zhang Dashan"_s,
            u"Li Ming\u3000\u3000\u3000\u3000Hongqi Village, Baoding County, Hebei\u3000\u3000\u3000\u3000Li Shi"_s,
            u"Wang Xiaoping\u3000\u3000\u3000\u3000No. 12, Jiefang Road, Shenyang City\u3000\u3000\u3000\u3000Liu Guilan"_s,
            u"Zhao Tiezhu\u3000\u3000\u3000\u3000Machine Repair Shop, Dalian\u3000\u3000\u3000\u3000Zhao Gang"_s,
        };
        for (const QString &r : enRows) {
            a.english << block(Language::English, r, BlockKind::TableRow);
        }
        a.chinese << block(Language::Chinese, u"编者按：请下列人员写信与家属联系"_s);
        a.chinese << block(
            Language::Chinese,
            u"寻人名单姓名住址　寻找者张三丰　天津市新华街八号　张大山李　明　河北保定县红旗村　李　氏王小平　沈阳市解放路一二号刘桂兰赵铁柱　大连市机器修理厂　赵　刚"_s);
        const Alignment al = alignArticle(a);
        const QStringList p = pairs(a, al);
        QCOMPARE(p.size(), 7);
        QCOMPARE(p[1], u"List of Missing Persons <-> 寻人名单"_s);
        QCOMPARE(p[2], u"Name, Address\u3000\u3000\u3000\u3000Seeker <-> 姓名住址　寻找者"_s);
        QCOMPARE(p[3], enRows[0] + u" <-> 张三丰　天津市新华街八号　张大山"_s);
        QCOMPARE(p[4], enRows[1] + u" <-> 李　明　河北保定县红旗村　李　氏"_s);
        QCOMPARE(p[5], enRows[2] + u" <-> 王小平　沈阳市解放路一二号刘桂兰"_s);
        QCOMPARE(p[6], enRows[3] + u" <-> 赵铁柱　大连市机器修理厂　赵　刚"_s);
        for (const AlignedPair &pair : al.pairs) {
            QCOMPARE(pair.faults & ~unsigned(LowConfidence), 0u);
        }
        // the same segments without aligning
        const QList<Segment> zh = segmentArticle(a, Language::Chinese, AlignLevel::Sentence);
        QCOMPARE(zh.size(), 7);
        for (int i = 0; i < zh.size(); ++i) {
            QCOMPARE(zh[i].start, al.chinese[i].start);
            QCOMPARE(zh[i].length, al.chinese[i].length);
        }
        // paragraph level: the English lines all go with the one Chinese line
        AlignOptions o;
        o.level = AlignLevel::Paragraph;
        const Alignment para = alignArticle(a, o);
        QCOMPARE(para.pairs.size(), 2);
        QCOMPARE(para.pairs[1].english.size(), 6);
        QCOMPARE(para.pairs[1].chinese.size(), 1);
    }

    // The same run-on list twice in a long article, ~90k English characters apart: each Chinese
    // list is cut by the English rows near its own place (lists are only tried against runs within
    // a window around the block's place, which keeps a long document linear), and both copies
    // still pair row by row.
    void runOnListsFarApart()
    {
        const QStringList enRows = {
            u"Zhang Sanfeng\u3000\u3000\u3000\u3000No. 8, Xinhua Street, Tianjin\u3000\u3000\u3000\u3000Zhang Dashan"_s,
            u"Li Ming\u3000\u3000\u3000\u3000Hongqi Village, Baoding County, Hebei\u3000\u3000\u3000\u3000Li Shi"_s,
            u"Wang Xiaoping\u3000\u3000\u3000\u3000No. 12, Jiefang Road, Shenyang City\u3000\u3000\u3000\u3000Liu Guilan"_s,
            u"Zhao Tiezhu\u3000\u3000\u3000\u3000Machine Repair Shop, Dalian\u3000\u3000\u3000\u3000Zhao Gang"_s,
        };
        const QString zhList = u"张三丰　天津市新华街八号　张大山李　明　河北保定县红旗村　李　氏王小平　沈阳市解放路一二号刘桂兰赵铁柱　大连市机器修理厂　赵　刚"_s;
        Article a;
        const auto addList = [&] {
            for (const QString &r : enRows) {
                a.english << block(Language::English, r, BlockKind::TableRow);
            }
            a.chinese << block(Language::Chinese, zhList);
        };
        addList();
        for (int i = 0; i < 2000; ++i) {
            a.english << block(Language::English, u"The delegates of the %1th district discussed the plan in detail."_s.arg(i + 1));
            a.chinese << block(Language::Chinese, u"第%1区的代表们详细讨论了这个计划。"_s.arg(i + 1));
        }
        addList();
        int english = 0;
        for (const Block &b : std::as_const(a.english)) {
            english += int(b.text.size());
        }
        QVERIFY(english > 2 * 60000); // the two lists are further apart than the window
        const Alignment al = alignArticle(a);
        const QStringList p = pairs(a, al);
        QCOMPARE(p.size(), 2 * 4 + 2000);
        const QStringList zhRows = {u"张三丰　天津市新华街八号　张大山"_s, u"李　明　河北保定县红旗村　李　氏"_s, u"王小平　沈阳市解放路一二号刘桂兰"_s,
                                    u"赵铁柱　大连市机器修理厂　赵　刚"_s};
        for (int r = 0; r < 4; ++r) {
            QCOMPARE(p[r], enRows[r] + u" <-> "_s + zhRows[r]);
            QCOMPARE(p[2004 + r], enRows[r] + u" <-> "_s + zhRows[r]);
        }
    }

    // The English stops mid-sentence ("... This"): the fragment pairs with the Chinese sentence
    // it begins, flagged truncated; the sentence before stays a complete 1-1 pair.
    void truncatedTailGoesForward()
    {
        const Article a = article({kEn1 + u' ' + kEn2 + u" This"_s},
                                  {kZh1 + kZh2 + u"这个建议被美国政府以及英、法政府拒绝了，但是苏联政府仍然坚持和平解决朝鲜问题的立场。"_s + kZh3});
        const Alignment al = alignArticle(a);
        const QStringList p = pairs(a, al);
        const AlignedPair *frag = pairWithEnglish(a, al, u"This"_s);
        QVERIFY(frag);
        QCOMPARE(frag->english.size(), 1);
        QCOMPARE(frag->chinese.size(), 1);
        QVERIFY(segmentText(a, al.chinese.at(frag->chinese.first())).startsWith(u"这个建议"_s));
        QVERIFY(frag->faults & Truncated);
        const AlignedPair *before = pairWithEnglish(a, al, u"Mr. Kirk's statement"_s);
        QCOMPARE(before->english.size(), 1);
        QCOMPARE(before->faults & Truncated, 0u);
        QVERIFY(pairWithChinese(a, al, u"第五届联合国大会"_s)->faults & Omitted);
    }

    // A lead-in the English prints at the end of its line ("Required Documents:", "… as follows:")
    // while the Chinese runs it into the sentence it introduces ("所需证件：（１）…"): the Chinese
    // sentence is cut at that '：', lead-in with lead-in and the rest with the next line.
    void colonLeadInCutFromChineseSentence()
    {
        const Article a = article({u"Registration: The office opens on Monday, and the fee is ten yuan."_s,
                                   u"Required Documents:"_s,
                                   u"(1) A letter of introduction from the applicant's work unit."_s,
                                   u"(2) Two recent photographs of the applicant."_s},
                                  {u"报名：办公室星期一开门，报名费十元。"_s, u"所需证件：（１）申请人工作单位的介绍信。（２）申请人近期照片两张。"_s});
        const Alignment al = alignArticle(a);
        QCOMPARE(pairs(a, al),
                 (QStringList{u"Registration: The office opens on Monday, and the fee is ten yuan. <-> 报名：办公室星期一开门，报名费十元。"_s,
                              u"Required Documents: <-> 所需证件："_s,
                              u"(1) A letter of introduction from the applicant's work unit. <-> （１）申请人工作单位的介绍信。"_s,
                              u"(2) Two recent photographs of the applicant. <-> （２）申请人近期照片两张。"_s}));
        for (const AlignedPair &p : al.pairs) {
            QCOMPARE(p.faults & ~unsigned(LowConfidence), 0u);
        }
        // the segments still tile the Chinese block
        QCOMPARE(al.chinese.size(), 4);
        QCOMPARE(al.chinese[1].start + al.chinese[1].length, al.chinese[2].start);

        // a telegram's salutation on a line of its own after "… as follows:"
        const Article t =
            article({u"Xinhua News Agency, 5th. The Premier sent a telegram today to the President of Ghana, congratulating him on the "
                     u"anniversary of independence. The full text of the telegram is as follows:"_s,
                     u"To His Excellency Dr. Kwame Nkrumah, President of the Republic of Ghana:"_s,
                     u"On the anniversary of the independence of Ghana, I extend warm congratulations to Your Excellency."_s},
                    {u"新华社五日讯　总理今天打电报给加纳共和国总统恩克鲁玛，祝贺加纳独立周年。电报全文如下：加纳共和国总统克瓦米·恩克鲁玛博士阁下："_s,
                     u"欣逢加纳独立周年，我向阁下表示热烈的祝贺。"_s});
        const QStringList tp = pairs(t, alignArticle(t));
        QVERIFY2(tp.contains(u"The full text of the telegram is as follows: <-> 电报全文如下："_s), qPrintable(tp.join(u'\n')));
        QVERIFY2(tp.contains(u"To His Excellency Dr. Kwame Nkrumah, President of the Republic of Ghana: <-> 加纳共和国总统克瓦米·恩克鲁玛博士阁下："_s),
                 qPrintable(tp.join(u'\n')));

        // no English line break after the colon: the Chinese sentence stays whole
        const Article n =
            article({u"The list of the delegation is as follows: Wang Li, head; Zhang San, deputy head."_s}, {u"代表团名单如下：团长王力，副团长张三。"_s});
        QCOMPARE(alignArticle(n).chinese.size(), 1);
    }

    // A lead-in line ("Notes:") goes with what it introduces, not with the paragraph before it,
    // when the next Chinese opens with the matching label ("注意事项：１、…"); both levels.
    void leadInGoesForward()
    {
        const Article a =
            article({u"Start Date: March 1, 1990."_s, u"Notes:"_s, u"1. Send the fee by post. Write your name and address clearly on the form."_s},
                    {u"开学日期：１９９０年３月１日。"_s, u"注意事项：１、通过邮局寄费。在汇款单上写清姓名和地址。"_s});
        AlignOptions o;
        o.level = AlignLevel::Paragraph;
        const Alignment para = alignArticle(a, o);
        QCOMPARE(para.pairs.size(), 2);
        QCOMPARE(para.pairs[0].english, QList<int>{0});
        QCOMPARE(para.pairs[1].english, (QList<int>{1, 2}));
        QCOMPARE(pairs(a, alignArticle(a)),
                 (QStringList{u"Start Date: March 1, 1990. <-> 开学日期：１９９０年３月１日。"_s,
                              u"Notes: <-> 注意事项："_s,
                              u"1. Send the fee by post. <-> １、通过邮局寄费。"_s,
                              u"Write your name and address clearly on the form. <-> 在汇款单上写清姓名和地址。"_s}));
    }

    // The parser's headline guess, second-guessed where it costs pairs: an English "Title" that
    // reads as sentences (a dateline and a lead-in ending with a colon) is read as a paragraph and
    // pairs with the Chinese dateline; an English first paragraph of one sentence without final
    // punctuation that opens with the Title: header, before a Chinese headline (a long two-line
    // headline joined as a hard wrap), pairs with it.
    void englishHeadlineGuessesRead()
    {
        Article a = article({u"Xinhua News Agency, 12th. The members of the trade delegation are as follows:"_s,
                             u"Wang Li, head of the delegation"_s,
                             u"Zhang San, deputy head of the delegation"_s},
                            {u"贸易代表团名单"_s, u"新华社十二日讯　贸易代表团团员名单如下："_s, u"团长　王力"_s, u"副团长　张三"_s});
        a.english[0].kind = BlockKind::Title;
        a.chinese[0].kind = BlockKind::Title;
        Alignment al = alignArticle(a);
        QStringList p = pairs(a, al);
        QVERIFY2(p.contains(u"Xinhua News Agency, 12th. + The members of the trade delegation are as follows: <-> 新华社十二日讯　贸易代表团团员名单如下："_s),
                 qPrintable(p.join(u'\n')));
        QVERIFY2(p.contains(u" <-> 贸易代表团名单"_s), qPrintable(p.join(u'\n')));
        for (const AlignedPair &pr : al.pairs) {
            QCOMPARE(pr.faults & ~unsigned(LowConfidence), 0u);
        }
        // a real English headline stays a title
        a.english[0].text = u"List of the Trade Delegation"_s;
        a.english.insert(1, block(Language::English, u"Xinhua News Agency, 12th. The members of the trade delegation are as follows:"_s));
        p = pairs(a, alignArticle(a));
        QVERIFY2(p.first() == u"List of the Trade Delegation <-> 贸易代表团名单"_s, qPrintable(p.join(u'\n')));

        Article h =
            article({u"Shanghai Textile Mills Raise Their Output by a Fifth in the First Quarter of the Year 12,000 Workers Join the Contest"_s,
                     u"Xinhua News Agency, Shanghai, 3rd. The city's textile mills produced a fifth more cloth in the first quarter than a year ago."_s},
                    {u"上海纺织厂第一季度增产五分之一"_s, u"一万二千工人参加竞赛"_s, u"新华社上海三日电　本市纺织厂第一季度产布比去年同期增加五分之一。"_s});
        h.chinese[0].kind = BlockKind::Title;
        h.chinese[1].kind = BlockKind::Title;
        h.en.title = u"Shanghai Textile Mills Raise Their Output by a Fifth in the First Quarter of the Year"_s;
        al = alignArticle(h);
        p = pairs(h, al);
        QVERIFY2(p.first().endsWith(u" <-> 上海纺织厂第一季度增产五分之一 + 一万二千工人参加竞赛"_s), qPrintable(p.join(u'\n')));
        for (const AlignedPair &pr : al.pairs) {
            QCOMPARE(pr.faults & ~unsigned(LowConfidence), 0u);
        }
        // the evidence is the English Title: header: without it (a first sentence cut short may
        // look like a headline) the paragraph stays a paragraph
        h.en.title.clear();
        p = pairs(h, alignArticle(h));
        QVERIFY2(!p.first().endsWith(u" <-> 上海纺织厂第一季度增产五分之一 + 一万二千工人参加竞赛"_s), qPrintable(p.join(u'\n')));
    }

    // The Chinese headline's last line glued to the first body line ("李部长的讲话亲爱的同志们：" under
    // "### 在大会上  李部长的讲话"): the headline part is a segment of its own, read as a title (0-1,
    // not omitted), and the rest pairs with the English line.
    void gluedChineseHeadlineTail()
    {
        Article a = article({u"Dear comrades:"_s, u"I warmly congratulate the meeting on its success in the name of the ministry."_s},
                            {u"在全国农业会议上"_s, u"李部长的讲话亲爱的同志们："_s, u"我代表农业部热烈祝贺会议的成功。"_s});
        a.chinese[0].kind = BlockKind::Title;
        a.zh.title = u"在全国农业会议上  李部长的讲话"_s;
        Alignment al = alignArticle(a);
        QStringList p = pairs(a, al);
        QVERIFY2(p.contains(u" <-> 李部长的讲话"_s), qPrintable(p.join(u'\n')));
        QVERIFY2(p.contains(u"Dear comrades: <-> 亲爱的同志们："_s), qPrintable(p.join(u'\n')));
        for (const AlignedPair &pr : al.pairs) {
            QCOMPARE(pr.faults & ~unsigned(LowConfidence), 0u);
        }
        QCOMPARE(segmentArticle(a, Language::Chinese, AlignLevel::Sentence).size(), al.chinese.size());
        // without the header, or when the line does not start with the rest of it: untouched
        a.zh.title = u"在全国农业会议上"_s;
        QVERIFY(pairs(a, alignArticle(a)).contains(u"Dear comrades: <-> 李部长的讲话亲爱的同志们："_s));
    }

    // The author's name signing off the article (its Chinese author header, or the English
    // Author: line's name) has no English body line: not an omission. Another name still is.
    void authorSignatureIsNotOmitted()
    {
        Article a = article({kEn1}, {kZh1});
        a.chinese << block(Language::Chinese, u"仰泽"_s, BlockKind::Signature);
        a.zh.author = u"仰泽"_s;
        Alignment al = alignArticle(a);
        QCOMPARE(al.pairs.size(), 2);
        QVERIFY(al.pairs[1].english.isEmpty());
        QCOMPARE(al.pairs[1].faults, unsigned(NoFault));
        a.zh.author.clear();
        a.en.author = u"Yang Ze"_s;
        QCOMPARE(alignArticle(a).pairs[1].faults, unsigned(NoFault));
        a.en.author = u"Yang Zemin"_s; // three syllables, two characters
        QCOMPARE(alignArticle(a).pairs[1].faults, unsigned(Omitted));
        a.en.author.clear();
        QCOMPARE(alignArticle(a).pairs[1].faults, unsigned(Omitted));
        a.zh.author = u"李四"_s;
        QCOMPARE(alignArticle(a).pairs[1].faults, unsigned(Omitted));
    }

    void everySegmentInOnePairInOrder()
    {
        const Article a = article({kEn1 + u' ' + kEn2, kEn3 + u' ' + kEn4}, {kZh1, kZh2 + kZh3, kZh4});
        const Alignment al = alignArticle(a);
        int e = 0, z = 0;
        for (const AlignedPair &p : al.pairs) {
            for (int i : p.english) {
                QCOMPARE(i, e++);
            }
            for (int i : p.chinese) {
                QCOMPARE(i, z++);
            }
        }
        QCOMPARE(e, al.english.size());
        QCOMPARE(z, al.chinese.size());
    }

    // Pairs' index lists share their storage (one array for a dozen pairs): each must still
    // behave as a value of its own when changed, through any copy.
    void pairListsAreIndependentValues()
    {
        const ParseResult parsed = parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"));
        QVERIFY(parsed.ok);
        const Alignment al = alignArticle(parsed.article);
        QVERIFY(al.pairs.size() > 20);
        const auto expected = [&al] {
            QList<QList<int>> lists;
            for (const AlignedPair &p : al.pairs) {
                lists << p.english << p.chinese;
            }
            return lists;
        };
        const QList<QList<int>> before = expected();
        Alignment copy = al;
        for (AlignedPair &p : copy.pairs) {
            p.english.append(-1); // a list of its own from here on
            if (!p.chinese.isEmpty()) {
                p.chinese[0] = -2; // a non-const access detaches too
            }
        }
        QCOMPARE(expected(), before); // the original's lists are unchanged
        for (qsizetype i = 0; i < copy.pairs.size(); ++i) {
            QCOMPARE(copy.pairs[i].english, before.at(2 * i) + QList<int>{-1});
            QList<int> zh = before.at(2 * i + 1);
            if (!zh.isEmpty()) {
                zh[0] = -2;
            }
            QCOMPARE(copy.pairs[i].chinese, zh);
        }
    }

    void emptyInputs()
    {
        QVERIFY(alignArticle(Article()).pairs.isEmpty());
        const Alignment onlyZh = alignArticle(article({}, {kZh1 + kZh2}));
        QCOMPARE(onlyZh.pairs.size(), 2);
        QVERIFY(onlyZh.pairs[0].faults & Omitted);
        const Alignment blank = alignArticle(article({u"   "_s}, {u"\u3000"_s}));
        QVERIFY(blank.pairs.isEmpty());
    }

    void threadSafe()
    {
        const Article a = article({kEn1 + u' ' + kEn2, kEn3 + u' ' + kEn4}, {kZh1 + kZh2, kZh3 + kZh4});
        const QStringList expected = pairs(a, alignArticle(a));
        QList<QStringList> results(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int k = 0; k < 20; ++k) {
                    results[t] = pairs(a, alignArticle(a));
                }
            });
        }
        for (std::thread &th : threads) {
            th.join();
        }
        for (const QStringList &r : results) {
            QCOMPARE(r, expected);
        }
    }

    void dictionaryFromTheSystem()
    {
        const QString path = ChineseEnglishDictionary::systemPath();
        QVERIFY2(!path.isEmpty(), "dict-cc-cedict is part of the development environment");
        const auto d = ChineseEnglishDictionary::shared(path);
        QVERIFY(d->isLoaded());
        QVERIFY(d->size() > 100000);
        QCOMPARE(ChineseEnglishDictionary::shared(path).get(), d.get()); // cached
        const HashLexicon::Glosses g = d->lookup(u"意大利");
        QVERIFY(!g.empty());
        QVERIFY(std::binary_search(g.begin(), g.end(), englishWordId(u"Italy")));
        const HashLexicon::Glosses r = d->lookup(u"决议");
        QVERIFY(!r.empty() && std::binary_search(r.begin(), r.end(), englishWordId(u"resolutions")));
        QVERIFY(d->lookup(u"决议决议决议").empty());
        // longest match: 意大利 (3 chars) wins over 意 and 意大; the glosses are the word's
        HashLexicon::Glosses m;
        QCOMPARE(d->lexicon().longestMatch(u"在意大利的", 1, 8, &m), 3);
        QCOMPARE(m.data(), g.data());
        QCOMPARE(m.size(), g.size());
        QCOMPARE(d->lexicon().longestMatch(u"abc", 0, 8, &m), 0);
    }

    // The parsed dictionary is kept in a binary cache file (a later process reads it in a few ms
    // instead of parsing for ~0.4 s): what comes from it must be what a parse gives.
    void dictionaryCacheMatchesAParse()
    {
        const QString path = ChineseEnglishDictionary::systemPath();
        QVERIFY(!path.isEmpty());
        const auto shared = ChineseEnglishDictionary::shared(path); // from the cache when there is one
        const auto parsed = ChineseEnglishDictionary::load(path); // always parsed
        QVERIFY(shared->isLoaded() && parsed->isLoaded());
        QCOMPARE(shared->size(), parsed->size());
        QCOMPARE(shared->maxWordLength(), parsed->maxWordLength());
        const QDir cacheDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + u"/okular-bilingual"_s);
        QVERIFY2(!cacheDir.entryList({u"cedict-*.bin"_s}, QDir::Files).isEmpty(), qPrintable(cacheDir.path()));

        // Round trip through bytes, and every word of a real article looked up in both.
        const QByteArray bytes = parsed->lexicon().toBytes();
        HashLexicon back;
        QBuffer buf;
        buf.setData(bytes);
        QVERIFY(buf.open(QIODevice::ReadOnly));
        QVERIFY(back.readFrom(&buf));
        QCOMPARE(back.size(), parsed->size());
        const ParseResult sample = parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"));
        QVERIFY(sample.ok);
        int found = 0;
        for (const Block &b : sample.article.chinese) {
            for (int i = 0; i < b.text.size(); ++i) {
                HashLexicon::Glosses a;
                HashLexicon::Glosses c;
                HashLexicon::Glosses d;
                const int la = parsed->lexicon().longestMatch(b.text, i, 8, &a);
                QCOMPARE(back.longestMatch(b.text, i, 8, &c), la);
                QCOMPARE(shared->lexicon().longestMatch(b.text, i, 8, &d), la);
                if (la > 0) {
                    ++found;
                    QVERIFY(std::equal(a.begin(), a.end(), c.begin(), c.end()));
                    QVERIFY(std::equal(a.begin(), a.end(), d.begin(), d.end()));
                }
            }
        }
        QVERIFY(found > 1000);

        // Damaged cache data is refused, and leaves the lexicon as it was.
        const QList<QByteArray> damaged = {bytes.left(bytes.size() / 2), QByteArray(bytes).replace(0, 4, "XXXX"), QByteArray(), bytes + QByteArray("x")};
        for (const QByteArray &bad : damaged) {
            HashLexicon h;
            QBuffer b2;
            b2.setData(bad);
            QVERIFY(b2.open(QIODevice::ReadOnly));
            QVERIFY(!h.readFrom(&b2));
            QVERIFY(h.isEmpty());
        }
    }

    void missingDictionaryDegradesGracefully()
    {
        const auto d = ChineseEnglishDictionary::shared(u"/nonexistent/cedict.dict.dz"_s);
        QVERIFY(!d->isLoaded());
        QVERIFY(!d->errorString().isEmpty());
        AlignOptions o;
        o.dictionaryPath = u"/nonexistent/cedict.dict.dz"_s;
        const Article a = article({kEn3 + u' ' + kEn1}, {kZh3 + kZh1});
        const Alignment al = alignArticle(a, o);
        QCOMPARE(al.pairs.size(), 2);
        QCOMPARE(pairWithEnglish(a, al, u"1950"_s)->chinese, QList<int>{0});
    }

    void glossaryHelps()
    {
        const QString en = u"Ridgway flew to Kaesong."_s;
        const QString zh = u"李奇微飞往开城。"_s;
        Article a = article({en}, {zh});
        AlignOptions o;
        o.useDictionary = false;
        const double without = alignArticle(a, o).pairs.value(0).confidence;
        a.glossary << GlossaryEntry{u"李奇微"_s, u"Ridgway"_s} << GlossaryEntry{u"开城"_s, u"Kaesong"_s};
        const double with = alignArticle(a, o).pairs.value(0).confidence;
        QVERIFY2(with > without + 0.2, qPrintable(u"%1 vs %2"_s.arg(with).arg(without)));
    }

    void blockGroupsCoverEveryBlock()
    {
        // block 1 of the English holds the end of Chinese block 0's sentence pair and the start
        // of block 1's: the groups join.
        Article a = article({kEn1, kEn2 + u' ' + kEn3, kEn4}, {kZh1 + kZh2, kZh3, kZh4});
        a.english.insert(2, block(Language::English, u"  "_s)); // empty block
        const Alignment al = alignArticle(a);
        const QList<BlockGroup> groups = blockGroups(a, al);
        QList<int> en, zh;
        for (const BlockGroup &g : groups) {
            en += g.english;
            zh += g.chinese;
        }
        QCOMPARE(en, (QList<int>{0, 1, 2, 3}));
        QCOMPARE(zh, (QList<int>{0, 1, 2}));
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups[0].english, (QList<int>{0, 1}));
        QCOMPARE(groups[0].chinese, (QList<int>{0, 1}));
        QCOMPARE(groups[1].english, (QList<int>{2, 3}));
        QCOMPARE(groups[1].chinese, QList<int>{2});
        AlignOptions o;
        o.level = AlignLevel::Paragraph;
        QCOMPARE(blockGroups(a, alignArticle(a, o)).size(), 2);
    }

    // A Chinese table printed as run-on lines (several rows per line, after a lead-in) against an
    // English that has the lead-in as a paragraph of its own and one block per row: the rows
    // pair 1-1 with their Chinese rows, the lead-in with the lead-in, and at paragraph level the
    // English blocks of each run-on line pair with that line (n-1, beyond the block DP's 3-1).
    static Article runOnTable()
    {
        Article a;
        a.english << block(Language::English, u"In 1990, industrial production grew steadily, and the output of light industry rose by 8.5% over the previous year."_s);
        a.english << block(Language::English, u"The output of major industrial products was as follows:"_s);
        const QStringList rows = {u"\t\t1990\t\tPercentage Increase over Previous Year"_s,
                                  u"Steel\t\t50 million tons\t\t3.1"_s,
                                  u"Coal\t\t1.05 billion tons\t\t-2.0"_s,
                                  u"Cement\t\t210 million tons\t\t9.4"_s,
                                  u"Bicycles\t\t31.4 million units\t\t-6.2"_s,
                                  u"Televisions\t\t26.8 million units\t\t12.0"_s,
                                  u"Automobiles\t\t510,000 units\t\t4.3"_s,
                                  u"Tractors\t\t39,000 units\t\t-1.5"_s};
        for (const QString &r : rows) {
            a.english << block(Language::English, r, BlockKind::TableRow);
        }
        a.english << block(Language::English, u"Industrial enterprises improved their economic efficiency. Their profits and taxes rose by 7.2%."_s);
        a.chinese << block(Language::Chinese, u"１９９０年工业生产稳定增长，轻工业产量比上年增长８．５％。"_s);
        a.chinese << block(Language::Chinese, u"主要工业品产量如下： 1990年　比上年增长百分比钢　5000万吨　3.1煤　10.5亿吨　－2.0水泥　2.1亿吨　9.4自行车　3140万辆　－6.2"_s);
        a.chinese << block(Language::Chinese, u"电视机　2680万部　12.0汽车　51万辆　4.3拖拉机　3.9万台　－1.5"_s, BlockKind::TableRow);
        a.chinese << block(Language::Chinese, u"工业企业经济效益有所提高。实现利税比上年增长７．２％。"_s);
        return a;
    }
    void runOnTableRows()
    {
        const Article a = runOnTable();
        const Alignment al = alignArticle(a);
        const QStringList p = pairs(a, al);
        QCOMPARE(p.size(), 12);
        QCOMPARE(p[1], u"The output of major industrial products was as follows: <-> 主要工业品产量如下："_s);
        QCOMPARE(p[2], u"1990\t\tPercentage Increase over Previous Year <-> 1990年　比上年增长百分比"_s);
        QCOMPARE(p[3], u"Steel\t\t50 million tons\t\t3.1 <-> 钢　5000万吨　3.1"_s);
        QCOMPARE(p[6], u"Bicycles\t\t31.4 million units\t\t-6.2 <-> 自行车　3140万辆　－6.2"_s);
        QCOMPARE(p[7], u"Televisions\t\t26.8 million units\t\t12.0 <-> 电视机　2680万部　12.0"_s);
        QCOMPARE(p[9], u"Tractors\t\t39,000 units\t\t-1.5 <-> 拖拉机　3.9万台　－1.5"_s);
        QCOMPARE(p[10], u"Industrial enterprises improved their economic efficiency. <-> 工业企业经济效益有所提高。"_s);
        for (const AlignedPair &pair : al.pairs) {
            QCOMPARE(pair.faults & ~unsigned(LowConfidence), 0u);
        }

        AlignOptions o;
        o.level = AlignLevel::Paragraph;
        const Alignment para = alignArticle(a, o);
        QList<std::pair<QList<int>, QList<int>>> blocks;
        for (const AlignedPair &pair : para.pairs) {
            QList<int> e, z;
            for (int i : pair.english) {
                e << para.english.at(i).block;
            }
            for (int i : pair.chinese) {
                z << para.chinese.at(i).block;
            }
            blocks.append({e, z});
        }
        const QList<std::pair<QList<int>, QList<int>>> expected = {{{0}, {0}}, {{1, 2, 3, 4, 5, 6}, {1}}, {{7, 8, 9}, {2}}, {{10}, {3}}};
        QCOMPARE(blocks, expected);
    }

    // A short run-on table: the block DP can cover it with a 3-1 move and puts the English
    // lead-in into a 2-1 with the paragraph before; the sentence DP, working across both
    // block pairs, gives the lead-in back to the Chinese lead-in.
    void runOnTableLeadIn()
    {
        Article a;
        a.english << block(Language::English, u"Light industry developed faster in 1990, with a total output value of 830 billion yuan, up 9.2% from the previous year."_s);
        a.english << block(Language::English, u"The output of major light industrial products was as follows:"_s);
        a.english << block(Language::English, u"\t\t1990\t\tPercentage Increase over Previous Year"_s, BlockKind::TableRow);
        a.english << block(Language::English, u"Sugar\t\t5.8 million tons\t\t12.4"_s, BlockKind::TableRow);
        a.english << block(Language::English, u"Cigarettes\t\t32.9 million cases\t\t-3.5"_s, BlockKind::TableRow);
        a.english << block(Language::English, u"Heavy industry grew by 7.1%."_s);
        a.chinese << block(Language::Chinese, u"１９９０年轻工业发展较快，总产值为８３００亿元，比上年增长９．２％。"_s);
        a.chinese << block(Language::Chinese, u"主要轻工业品产量如下： 1990年　比上年增长百分比糖　580万吨　12.4卷烟　3290万箱　－3.5"_s);
        a.chinese << block(Language::Chinese, u"重工业增长７．１％。"_s);
        const Alignment al = alignArticle(a);
        const QStringList p = pairs(a, al);
        QCOMPARE(p.size(), 6);
        QCOMPARE(p[1], u"The output of major light industrial products was as follows: <-> 主要轻工业品产量如下："_s);
        QCOMPARE(p[3], u"Sugar\t\t5.8 million tons\t\t12.4 <-> 糖　580万吨　12.4"_s);
        AlignOptions o;
        o.level = AlignLevel::Paragraph;
        const Alignment para = alignArticle(a, o);
        QCOMPARE(para.pairs.size(), 3);
        QCOMPARE(para.pairs[1].english, (QList<int>{1, 2, 3, 4}));
        QCOMPARE(para.pairs[1].chinese, QList<int>{1});
    }

    // A long run-on line (ten rows) between two paragraphs: the block DP covers three English
    // rows with its longest move and skips the rest; the skipped rows join the group of the line
    // and pair with their own Chinese rows.
    void runOnTableSkippedRows()
    {
        Article a;
        a.english << block(Language::English, u"Output of the main farm products in 1990 was as follows:"_s);
        const QStringList names = {u"Grain"_s, u"Cotton"_s, u"Oilseeds"_s, u"Sugarcane"_s, u"Sugar beet"_s, u"Tobacco"_s, u"Tea"_s, u"Fruit"_s, u"Jute"_s, u"Silk cocoons"_s};
        const QStringList zhNames = {u"粮食"_s, u"棉花"_s, u"油料"_s, u"甘蔗"_s, u"甜菜"_s, u"烤烟"_s, u"茶叶"_s, u"水果"_s, u"黄红麻"_s, u"蚕茧"_s};
        QString line = u"１９９０年主要农产品产量如下："_s;
        for (int i = 0; i < names.size(); ++i) {
            const int tons = 120 + 37 * i;
            const QString change = QString::number(1.5 + i, 'f', 1);
            a.english << block(Language::English, names[i] + u"\t\t"_s + QString::number(tons / 10.0, 'f', 1) + u" million tons\t\t"_s + change, BlockKind::TableRow);
            line += (i == 0 ? u" "_s : QString()) + zhNames[i] + u"　"_s + QString::number(tons * 10) + u"万吨　"_s + change;
        }
        a.english << block(Language::English, u"Forestry grew by 3.8%, and animal husbandry by 10.5%."_s);
        a.chinese << block(Language::Chinese, line);
        a.chinese << block(Language::Chinese, u"林业增长３．８％，牧业增长１０．５％。"_s);
        const Alignment al = alignArticle(a);
        const QStringList p = pairs(a, al);
        QCOMPARE(p.size(), 12);
        QCOMPARE(p[0], u"Output of the main farm products in 1990 was as follows: <-> １９９０年主要农产品产量如下："_s);
        for (int i = 0; i < names.size(); ++i) {
            QVERIFY2(p[i + 1].startsWith(names[i] + u'\t') && p[i + 1].contains(u" <-> "_s + zhNames[i] + u"　"_s), qPrintable(p[i + 1]));
        }
        AlignOptions o;
        o.level = AlignLevel::Paragraph;
        const Alignment para = alignArticle(a, o);
        QCOMPARE(para.pairs.size(), 2);
        QCOMPARE(para.pairs[0].english.size(), 11);
    }

    // The same table run together in the English too (one paragraph): the English line pairs with
    // all the Chinese rows (the block DP, the sentence DP's 1-3 and the coverage test alone leave
    // some rows as "omitted"; rows of a run-on table next to a 1-n pair join it).
    void runOnTableOnBothSides()
    {
        const Article a = runOnTable();
        QString joined;
        for (int i = 2; i <= 9; ++i) {
            joined += (joined.isEmpty() ? QString() : u" "_s) + a.english[i].text.trimmed();
        }
        Article b;
        b.english << a.english[0] << a.english[1] << block(Language::English, joined) << a.english[10];
        b.chinese = a.chinese;
        const Alignment al = alignArticle(b);
        QCOMPARE(al.pairs.size(), 5);
        QCOMPARE(pairs(b, al)[1], u"The output of major industrial products was as follows: <-> 主要工业品产量如下："_s);
        QCOMPARE(al.pairs[2].english, QList<int>{2});
        QCOMPARE(al.pairs[2].chinese, (QList<int>{2, 3, 4, 5, 6, 7, 8, 9}));
        for (const AlignedPair &pair : al.pairs) {
            QCOMPARE(pair.faults & ~unsigned(LowConfidence), 0u);
        }
    }

    // Lopsided and degenerate documents finish in bounded time with a complete alignment.
    void pathologicalInputs()
    {
        QElapsedTimer t;
        t.start();
        Article lopsided;
        lopsided.english << block(Language::English, kEn1);
        for (int i = 0; i < 5000; ++i) {
            lopsided.chinese << block(Language::Chinese, i % 2 ? kZh1 : kZh4);
        }
        Alignment al = alignArticle(lopsided);
        int zh = 0;
        for (const AlignedPair &p : al.pairs) {
            zh += int(p.chinese.size());
        }
        QCOMPARE(zh, 5000);

        Article runOn; // one 400k-character paragraph without sentence ends, and many short English ones
        QString words;
        for (int i = 0; i < 20000; ++i) {
            words += u"政府谈判问题"_s;
        }
        runOn.chinese << block(Language::Chinese, words);
        for (int i = 0; i < 3000; ++i) {
            runOn.english << block(Language::English, u"The government discussed the issue."_s);
        }
        al = alignArticle(runOn);
        int en = 0;
        for (const AlignedPair &p : al.pairs) {
            en += int(p.english.size());
        }
        QCOMPARE(en, 3000);
        qInfo("pathological inputs aligned in %.1f s", t.elapsed() / 1000.0);
        QVERIFY(t.elapsed() < 60000);
    }

    void baselineIsGaleChurch()
    {
        const Article a = article({kEn1 + u' ' + kEn2, kEn3}, {kZh1 + kZh2, kZh3});
        AlignOptions o;
        o.method = AlignMethod::GaleChurch;
        const Alignment al = alignArticle(a, o);
        QCOMPARE(al.pairs.size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestAligner)
#include "tst_aligner.moc"
