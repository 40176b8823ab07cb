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
