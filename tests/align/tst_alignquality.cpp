// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Alignment quality against the hand-made gold alignments (tests/data/gold): Bertalign strict
// and lax F1, per file and over all files, at sentence and paragraph level; plus a stress variant
// with simulated omissions. okb-align-bench prints the full table with the Gale–Church baseline.

#include "goldeval.h"

#include "parse/articleparser.h"

#include <QDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace OkbGold;

// Held-out floors: measured minus 0.02 (measured 1.000 / 1.000 at both levels since the run-on
// table rows and the sentence-level block groups; see tests/data/gold-heldout/README.md).
static constexpr double HELDOUT_SENT_STRICT = 0.98, HELDOUT_SENT_LAX = 0.98, HELDOUT_PARA_STRICT = 0.98, HELDOUT_PARA_LAX = 0.98;

// Unseen floors: measured minus 0.03 (tests/data/gold-unseen/README.md). First run 0.510 / 0.991 at
// sentence level (the run-on Chinese list of 寻找革命军人名单 was one 107-107 pair, the truncated
// "This" went backwards); since the list rows, the truncated tail and the author signature rules
// 1.000 / 1.000 at both levels, gold blocks and parsed files. "prose" is the five other articles, so
// that a regression there is not hidden by the list's 108 pairs.
static constexpr double UNSEEN_SENT_STRICT = 0.97, UNSEEN_SENT_LAX = 0.97, UNSEEN_PARA_STRICT = 0.97, UNSEEN_PARA_LAX = 0.97;
static constexpr double UNSEEN_PROSE_SENT_STRICT = 0.97, UNSEEN_PROSE_SENT_LAX = 0.97;
// With every 5th English sentence deleted: measured 0.988 / 1.000 (0.442 / 1.000 before the rules).
static constexpr double UNSEEN_OMIT_STRICT = 0.958, UNSEEN_OMIT_LAX = 0.97;

// Unseen2 floors: measured minus 0.03 (tests/data/gold-unseen2/README.md). First run (the
// independent figure): gold blocks 0.955 / 0.997 sentence, 0.967 / 1.000 paragraph; parsed files
// 0.924 / 0.976, 0.893 / 0.951. Since the lead-in, headline-guess and glued-headline rules, with
// the articles' headers as parsed: gold blocks 1.000 / 1.000 at both levels (0.993 sentence without
// the headers, as okb-align-bench's table), parsed files 0.990 / 1.000 sentence (the telegram's
// two English sign-off lines joined by the parser), 0.975 / 1.000 paragraph.
static constexpr double UNSEEN2_SENT_STRICT = 0.97, UNSEEN2_SENT_LAX = 0.97, UNSEEN2_PARA_STRICT = 0.97, UNSEEN2_PARA_LAX = 0.97;
static constexpr double UNSEEN2_PARSED_SENT_STRICT = 0.96, UNSEEN2_PARSED_SENT_LAX = 0.97, UNSEEN2_PARSED_PARA_STRICT = 0.945, UNSEEN2_PARSED_PARA_LAX = 0.97;
// With every 5th English sentence deleted: measured 0.947 / 1.000 with the headers (0.940 without, as
// okb-align-bench's stress table; first run 0.896 / 0.996).
static constexpr double UNSEEN2_OMIT_STRICT = 0.91, UNSEEN2_OMIT_LAX = 0.97;

static QList<GoldDoc> unseenDocs(const QString &gold = u"gold-unseen"_s, const QString &articles = u"unseen"_s)
{
    QList<GoldDoc> docs;
    const QDir d(QStringLiteral(OKB_TEST_DATA_DIR "/") + gold);
    for (const QString &f : d.entryList({u"*.gold.json"_s}, QDir::Files, QDir::Name)) {
        GoldDoc g = loadGold(d.filePath(f));
        // the article's headers (English Author:, the Chinese author line), as the aligner gets
        // them from the parsed file: the gold keeps only the blocks
        const Okb::ParseResult parsed = Okb::parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/") + articles + u'/' + g.sample);
        if (parsed.ok) {
            g.article.en = parsed.article.en;
            g.article.zh = parsed.article.zh;
        }
        docs << g;
    }
    return docs;
}

// Every gold sentence (block, at paragraph level) is in exactly one pair, in order (QCOMPARE: the
// caller checks QTest::currentTestFailed()).
static void checkGoldCovers(const GoldDoc &g, bool paragraphs)
{
    int e = 0, z = 0;
    for (const IdPair &p : paragraphs ? g.paragraphPairs : g.sentencePairs) {
        for (int i : p.first) {
            QCOMPARE(i, e++);
        }
        for (int i : p.second) {
            QCOMPARE(i, z++);
        }
    }
    QCOMPARE(e, paragraphs ? g.article.english.size() : g.en.size());
    QCOMPARE(z, paragraphs ? g.article.chinese.size() : g.zh.size());
}

// Ours and Gale-Church on the gold blocks of an unseen set, and ours on its articles parsed from
// their files (parse/ + the whole aligner), mapped onto the gold by text; per file and totals logged.
// `skip`: files whose name contains it are left out (not empty). QCOMPARE/QVERIFY: the caller
// checks QTest::currentTestFailed().
struct SetScores {
    Score ours, baseline, parsed;
};
static void scoreUnseenSet(const QString &set, const QString &gold, int files, bool paragraphs, const QString &skip, SetScores *out)
{
    const QList<GoldDoc> docs = unseenDocs(gold, set);
    QCOMPARE(docs.size(), files);
    const Okb::AlignLevel level = paragraphs ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence;
    for (const GoldDoc &g : docs) {
        QVERIFY2(g.error.isEmpty(), qPrintable(g.name + u": "_s + g.error));
        if (!skip.isEmpty() && g.name.contains(skip)) {
            continue;
        }
        checkGoldCovers(g, paragraphs);
        if (QTest::currentTestFailed()) {
            return;
        }
        const Score s = evaluate(g, level, Okb::AlignMethod::Full);
        const Score gc = evaluate(g, level, Okb::AlignMethod::GaleChurch);
        const Okb::ParseResult r = Okb::parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/") + set + u'/' + g.sample);
        QVERIFY2(r.ok, qPrintable(g.sample + u": "_s + r.error));
        Okb::AlignOptions o;
        o.level = level;
        const Score p = score(paragraphs ? g.paragraphPairs : g.sentencePairs, toGoldSpaceByText(g, r.article, Okb::alignArticle(r.article, o)));
        qInfo("%s %s: ours strict %.3f lax %.3f; parsed file %.3f / %.3f; Gale-Church strict %.3f lax %.3f", qPrintable(set), qPrintable(g.name),
              s.f1(true), s.f1(false), p.f1(true), p.f1(false), gc.f1(true), gc.f1(false));
        out->ours += s;
        out->baseline += gc;
        out->parsed += p;
    }
    qInfo("%s ALL: ours strict %.3f lax %.3f; parsed files %.3f / %.3f; Gale-Church strict %.3f lax %.3f", qPrintable(set), out->ours.f1(true),
          out->ours.f1(false), out->parsed.f1(true), out->parsed.f1(false), out->baseline.f1(true), out->baseline.f1(false));
}

class TestAlignQuality : public QObject
{
    Q_OBJECT
    QList<GoldDoc> m_docs;

private Q_SLOTS:
    void initTestCase()
    {
        const QDir d(QStringLiteral(OKB_TEST_DATA_DIR "/gold"));
        for (const QString &f : d.entryList({u"*.gold.json"_s}, QDir::Files, QDir::Name)) {
            GoldDoc g = loadGold(d.filePath(f));
            QVERIFY2(g.error.isEmpty(), qPrintable(f + u": "_s + g.error));
            QVERIFY(!g.sentencePairs.isEmpty());
            QVERIFY(!g.paragraphPairs.isEmpty());
            m_docs << g;
        }
        QVERIFY(m_docs.size() >= 3);
    }

    void goldIsConsistent()
    {
        for (const GoldDoc &g : std::as_const(m_docs)) {
            for (bool para : {false, true}) {
                checkGoldCovers(g, para);
                if (QTest::currentTestFailed()) {
                    return;
                }
            }
        }
    }

    void perFile_data()
    {
        QTest::addColumn<int>("doc");
        QTest::addColumn<bool>("paragraphs");
        for (int i = 0; i < m_docs.size(); ++i) {
            QTest::newRow(qPrintable(m_docs[i].name + u" sentence"_s)) << i << false;
            QTest::newRow(qPrintable(m_docs[i].name + u" paragraph"_s)) << i << true;
        }
    }
    void perFile()
    {
        QFETCH(int, doc);
        QFETCH(bool, paragraphs);
        const Score s = evaluate(m_docs[doc], paragraphs ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence, Okb::AlignMethod::Full);
        qInfo("strict F1 %.3f lax F1 %.3f", s.f1(true), s.f1(false));
        QVERIFY2(s.f1(true) >= 0.9, qPrintable(QString::number(s.f1(true))));
        QVERIFY2(s.f1(false) >= 0.95, qPrintable(QString::number(s.f1(false))));
    }

    void overall_data()
    {
        QTest::addColumn<bool>("paragraphs");
        QTest::newRow("sentence") << false;
        QTest::newRow("paragraph") << true;
    }
    void overall()
    {
        QFETCH(bool, paragraphs);
        const Okb::AlignLevel level = paragraphs ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence;
        Score ours, baseline;
        for (const GoldDoc &g : std::as_const(m_docs)) {
            ours += evaluate(g, level, Okb::AlignMethod::Full);
            baseline += evaluate(g, level, Okb::AlignMethod::GaleChurch);
        }
        qInfo("ours strict %.3f lax %.3f; Gale-Church strict %.3f lax %.3f", ours.f1(true), ours.f1(false), baseline.f1(true), baseline.f1(false));
        QVERIFY(ours.f1(true) >= 0.95);
        QVERIFY(ours.f1(false) >= 0.99);
        QVERIFY(ours.f1(true) > baseline.f1(true));
    }

    // The real pipeline: the sample parsed by parse/, segmented and aligned, mapped onto the gold.
    void pipeline_data()
    {
        QTest::addColumn<bool>("paragraphs");
        QTest::newRow("sentence") << false;
        QTest::newRow("paragraph") << true;
    }
    void pipeline()
    {
        QFETCH(bool, paragraphs);
        const Okb::AlignLevel level = paragraphs ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence;
        Score ours;
        for (const GoldDoc &g : std::as_const(m_docs)) {
            const Okb::ParseResult r = Okb::parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/") + g.sample);
            QVERIFY2(r.ok, qPrintable(g.sample));
            Okb::AlignOptions o;
            o.level = level;
            const Score s = score(paragraphs ? g.paragraphPairs : g.sentencePairs, toGoldSpaceByText(g, r.article, Okb::alignArticle(r.article, o)));
            QVERIFY2(s.f1(true) >= 0.85, qPrintable(g.name + u' ' + QString::number(s.f1(true))));
            ours += s;
        }
        qInfo("pipeline strict %.3f lax %.3f", ours.f1(true), ours.f1(false));
        QVERIFY(ours.f1(true) >= 0.95);
        QVERIFY(ours.f1(false) >= 0.99);
    }

    // Faults put into the gold documents on purpose are flagged, and nothing is flagged on the
    // unmodified ones.
    void faultDetection_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("omitted") << int(Perturbation::Omit);
        QTest::newRow("invented") << int(Perturbation::Invent);
        QTest::newRow("repeated") << int(Perturbation::Repeat);
        QTest::newRow("truncated") << int(Perturbation::Truncate);
    }
    void faultDetection()
    {
        QFETCH(int, kind);
        DetectionCounts total;
        for (const GoldDoc &g : std::as_const(m_docs)) {
            const DetectionCounts c = detection(perturb(g, Perturbation(kind)), Perturbation(kind));
            total.flagged += c.flagged;
            total.correct += c.correct;
            total.special += c.special;
            total.found += c.found;
        }
        const double precision = total.flagged ? double(total.correct) / total.flagged : 0.0;
        const double recall = total.special ? double(total.found) / total.special : 0.0;
        qInfo("put in %d, flagged %d, precision %.3f recall %.3f", total.special, total.flagged, precision, recall);
        QVERIFY(total.special >= 10);
        QVERIFY(precision >= 0.9);
        QVERIFY(recall >= 0.6);
    }

    void noFalseAlarmsOnGold()
    {
        for (const GoldDoc &g : std::as_const(m_docs)) {
            const Okb::Alignment a = Okb::alignArticle(g.article);
            for (const Okb::AlignedPair &p : a.pairs) {
                QVERIFY2((p.faults & ~unsigned(Okb::LowConfidence)) == 0, qPrintable(g.name + u' ' + Okb::faultNames(p.faults)));
            }
        }
    }

    void simulatedOmissions()
    {
        Score ours, baseline;
        for (const GoldDoc &g : std::as_const(m_docs)) {
            const GoldDoc h = withOmissions(g, 5, 2);
            ours += evaluate(h, Okb::AlignLevel::Sentence, Okb::AlignMethod::Full);
            baseline += evaluate(h, Okb::AlignLevel::Sentence, Okb::AlignMethod::GaleChurch);
        }
        qInfo("with omissions: ours strict %.3f lax %.3f; Gale-Church strict %.3f lax %.3f",
              ours.f1(true),
              ours.f1(false),
              baseline.f1(true),
              baseline.f1(false));
        QVERIFY(ours.f1(true) >= 0.9);
        QVERIFY(ours.f1(false) >= 0.97);
        QVERIFY(ours.f1(true) > baseline.f1(true) + 0.1);
    }

    // ---- Held-out gold (tests/data/gold-heldout): made by reading, without the aligner. ----
    // Floors are the measured F1 minus 0.02, so a regression shows (see
    // tests/data/gold-heldout/README.md).
    void heldout_data()
    {
        QTest::addColumn<bool>("paragraphs");
        QTest::addColumn<double>("strictFloor");
        QTest::addColumn<double>("laxFloor");
        QTest::newRow("sentence") << false << HELDOUT_SENT_STRICT << HELDOUT_SENT_LAX;
        QTest::newRow("paragraph") << true << HELDOUT_PARA_STRICT << HELDOUT_PARA_LAX;
    }
    void heldout()
    {
        QFETCH(bool, paragraphs);
        QFETCH(double, strictFloor);
        QFETCH(double, laxFloor);
        const QDir d(QStringLiteral(OKB_TEST_DATA_DIR "/gold-heldout"));
        const QStringList files = d.entryList({u"*.gold.json"_s}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 6);
        const Okb::AlignLevel level = paragraphs ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence;
        Score ours, baseline;
        for (const QString &f : files) {
            const GoldDoc g = loadGold(d.filePath(f));
            QVERIFY2(g.error.isEmpty(), qPrintable(f + u": "_s + g.error));
            checkGoldCovers(g, paragraphs);
            if (QTest::currentTestFailed()) {
                return;
            }
            const Score s = evaluate(g, level, Okb::AlignMethod::Full);
            const Score gc = evaluate(g, level, Okb::AlignMethod::GaleChurch);
            qInfo("held-out %s: ours strict %.3f lax %.3f; Gale-Church strict %.3f lax %.3f", qPrintable(g.name), s.f1(true), s.f1(false), gc.f1(true), gc.f1(false));
            ours += s;
            baseline += gc;
        }
        qInfo("held-out ALL: ours strict %.3f lax %.3f; Gale-Church strict %.3f lax %.3f", ours.f1(true), ours.f1(false), baseline.f1(true), baseline.f1(false));
        QVERIFY2(ours.f1(true) >= strictFloor, qPrintable(QString::number(ours.f1(true))));
        QVERIFY2(ours.f1(false) >= laxFloor, qPrintable(QString::number(ours.f1(false))));
        QVERIFY(ours.f1(true) >= baseline.f1(true));
    }

    // The held-out gold with every 5th English sentence deleted (measured 0.974 / 0.998; floors
    // minus 0.02).
    void heldoutOmissions()
    {
        const QDir d(QStringLiteral(OKB_TEST_DATA_DIR "/gold-heldout"));
        Score ours;
        for (const QString &f : d.entryList({u"*.gold.json"_s}, QDir::Files, QDir::Name)) {
            const GoldDoc g = loadGold(d.filePath(f));
            QVERIFY2(g.error.isEmpty(), qPrintable(f + u": "_s + g.error));
            ours += evaluate(withOmissions(g, 5, 2), Okb::AlignLevel::Sentence, Okb::AlignMethod::Full);
        }
        qInfo("held-out with omissions: ours strict %.3f lax %.3f", ours.f1(true), ours.f1(false));
        QVERIFY2(ours.f1(true) >= 0.95, qPrintable(QString::number(ours.f1(true))));
        QVERIFY2(ours.f1(false) >= 0.978, qPrintable(QString::number(ours.f1(false))));
    }

    // ---- Unseen gold (tests/data/gold-unseen): six articles chosen and gold made by reading after
    // the aligner's rules were written, committed before the aligner was first run on them. ----
    void unseen_data()
    {
        QTest::addColumn<bool>("paragraphs");
        QTest::addColumn<bool>("proseOnly");
        QTest::addColumn<double>("strictFloor");
        QTest::addColumn<double>("laxFloor");
        QTest::newRow("sentence") << false << false << UNSEEN_SENT_STRICT << UNSEEN_SENT_LAX;
        QTest::newRow("paragraph") << true << false << UNSEEN_PARA_STRICT << UNSEEN_PARA_LAX;
        QTest::newRow("sentence, prose (without the list)") << false << true << UNSEEN_PROSE_SENT_STRICT << UNSEEN_PROSE_SENT_LAX;
    }
    void unseen()
    {
        QFETCH(bool, paragraphs);
        QFETCH(bool, proseOnly);
        QFETCH(double, strictFloor);
        QFETCH(double, laxFloor);
        SetScores r;
        scoreUnseenSet(u"unseen"_s, u"gold-unseen"_s, 6, paragraphs, proseOnly ? u"mingdan"_s : QString(), &r);
        if (QTest::currentTestFailed()) {
            return;
        }
        QVERIFY2(r.ours.f1(true) >= strictFloor, qPrintable(QString::number(r.ours.f1(true))));
        QVERIFY2(r.ours.f1(false) >= laxFloor, qPrintable(QString::number(r.ours.f1(false))));
        QVERIFY2(r.parsed.f1(true) >= strictFloor, qPrintable(QString::number(r.parsed.f1(true))));
        QVERIFY2(r.parsed.f1(false) >= laxFloor, qPrintable(QString::number(r.parsed.f1(false))));
        QVERIFY(r.ours.f1(true) >= r.baseline.f1(true));
    }

    // The unseen gold with every 5th English sentence deleted (simulated omissions).
    void unseenWithOmissions()
    {
        Score ours;
        for (const GoldDoc &g : unseenDocs()) {
            QVERIFY2(g.error.isEmpty(), qPrintable(g.name + u": "_s + g.error));
            const GoldDoc omitted = withOmissions(g, 5, 2);
            ours += evaluate(omitted, Okb::AlignLevel::Sentence, Okb::AlignMethod::Full);
            if (g.name.contains(u"jiangci"_s)) {
                // with a sentence deleted before it, the DP joins "… peoples. / This" with "…固定起来。 /
                // 这个条约…" (2-2); the fragment still goes with the sentence it begins
                const Okb::Alignment a = Okb::alignArticle(omitted.article);
                bool found = false;
                for (const Okb::AlignedPair &p : a.pairs) {
                    if (p.english.size() == 1 && Okb::segmentText(omitted.article, a.english.at(p.english.first())) == u"This"_s) {
                        QCOMPARE(p.chinese.size(), 1);
                        QVERIFY(Okb::segmentText(omitted.article, a.chinese.at(p.chinese.first())).startsWith(u"这个条约"_s));
                        QVERIFY(p.faults & Okb::Truncated);
                        found = true;
                    }
                }
                QVERIFY(found);
            }
        }
        qInfo("unseen with omissions: ours strict %.3f lax %.3f", ours.f1(true), ours.f1(false));
        QVERIFY2(ours.f1(true) >= UNSEEN_OMIT_STRICT, qPrintable(QString::number(ours.f1(true))));
        QVERIFY2(ours.f1(false) >= UNSEEN_OMIT_LAX, qPrintable(QString::number(ours.f1(false))));
    }

    // Fault flags on the unmodified unseen articles. The speech's English stops mid-sentence
    // ("… peoples. This") and leaves ten Chinese sentences untranslated: measured, all ten flagged
    // omitted and the fragment "This" flagged truncated with the sentence it begins (这个条约…); no
    // flag outside the gold's faults (first run: two, 这个条约… flagged omitted because "This" went
    // with the previous sentence, and the author's signature 仰泽; and two list rows flagged
    // truncated while the list rules were being written).
    void unseenFaultFlags()
    {
        int omittedFound = 0, omittedReal = 0, truncatedFound = 0, outside = 0;
        for (const GoldDoc &g : unseenDocs()) {
            QSet<int> omittedZh;
            for (const IdPair &p : g.sentencePairs) {
                if (p.first.isEmpty()) {
                    for (int z : p.second) {
                        if (g.article.chinese.at(g.zh.at(z).block).kind == Okb::BlockKind::Paragraph) {
                            omittedZh.insert(z);
                        }
                    }
                }
            }
            omittedReal += int(omittedZh.size());
            const Okb::Alignment a = Okb::alignArticle(g.article);
            QSet<int> found;
            for (const Okb::AlignedPair &p : a.pairs) {
                if (!(p.faults & ~unsigned(Okb::LowConfidence))) {
                    continue;
                }
                QSet<int> z;
                for (int i : p.chinese) {
                    for (int id : goldIds(g.zh, a.chinese.at(i), false)) {
                        z.insert(id);
                    }
                }
                bool truncatedFragment = false;
                for (int i : p.english) {
                    truncatedFragment |= Okb::segmentText(g.article, a.english.at(i)).trimmed() == u"This"_s && p.english.size() == 1 && p.chinese.size() == 1
                        && Okb::segmentText(g.article, a.chinese.at(p.chinese.first())).startsWith(u"这个条约"_s);
                }
                if ((p.faults & Okb::Omitted) && z.intersects(omittedZh)) {
                    found.unite(z & omittedZh);
                } else if ((p.faults & Okb::Truncated) && truncatedFragment) {
                    ++truncatedFound;
                } else {
                    ++outside;
                    qInfo("flag outside the gold's faults: %s %s", qPrintable(g.name), qPrintable(Okb::faultNames(p.faults)));
                }
            }
            omittedFound += int(found.size());
        }
        qInfo("unseen flags: omitted %d of %d, truncated fragment %d, outside the gold's faults %d", omittedFound, omittedReal, truncatedFound, outside);
        QCOMPARE(omittedReal, 10);
        QCOMPARE(omittedFound, 10);
        QCOMPARE(truncatedFound, 1);
        QVERIFY2(outside == 0, qPrintable(QString::number(outside)));
    }

    // ---- Unseen2 gold (tests/data/gold-unseen2): eight more articles, gold made by reading and
    // committed before the aligner was first run on them; rules were written from that run's
    // errors since, so today's figures guard them but are not independent. ----
    void unseen2_data()
    {
        QTest::addColumn<bool>("paragraphs");
        QTest::addColumn<double>("strictFloor");
        QTest::addColumn<double>("laxFloor");
        QTest::addColumn<double>("parsedStrictFloor");
        QTest::addColumn<double>("parsedLaxFloor");
        QTest::newRow("sentence") << false << UNSEEN2_SENT_STRICT << UNSEEN2_SENT_LAX << UNSEEN2_PARSED_SENT_STRICT << UNSEEN2_PARSED_SENT_LAX;
        QTest::newRow("paragraph") << true << UNSEEN2_PARA_STRICT << UNSEEN2_PARA_LAX << UNSEEN2_PARSED_PARA_STRICT << UNSEEN2_PARSED_PARA_LAX;
    }
    void unseen2()
    {
        QFETCH(bool, paragraphs);
        QFETCH(double, strictFloor);
        QFETCH(double, laxFloor);
        QFETCH(double, parsedStrictFloor);
        QFETCH(double, parsedLaxFloor);
        SetScores r;
        scoreUnseenSet(u"unseen2"_s, u"gold-unseen2"_s, 8, paragraphs, QString(), &r);
        if (QTest::currentTestFailed()) {
            return;
        }
        QVERIFY2(r.ours.f1(true) >= strictFloor, qPrintable(QString::number(r.ours.f1(true))));
        QVERIFY2(r.ours.f1(false) >= laxFloor, qPrintable(QString::number(r.ours.f1(false))));
        QVERIFY2(r.parsed.f1(true) >= parsedStrictFloor, qPrintable(QString::number(r.parsed.f1(true))));
        QVERIFY2(r.parsed.f1(false) >= parsedLaxFloor, qPrintable(QString::number(r.parsed.f1(false))));
        QVERIFY(r.ours.f1(true) >= r.baseline.f1(true));
    }

    void unseen2WithOmissions()
    {
        Score ours;
        for (const GoldDoc &g : unseenDocs(u"gold-unseen2"_s, u"unseen2"_s)) {
            QVERIFY2(g.error.isEmpty(), qPrintable(g.name + u": "_s + g.error));
            ours += evaluate(withOmissions(g, 5, 2), Okb::AlignLevel::Sentence, Okb::AlignMethod::Full);
        }
        qInfo("unseen2 with omissions: ours strict %.3f lax %.3f", ours.f1(true), ours.f1(false));
        QVERIFY2(ours.f1(true) >= UNSEEN2_OMIT_STRICT, qPrintable(QString::number(ours.f1(true))));
        QVERIFY2(ours.f1(false) >= UNSEEN2_OMIT_LAX, qPrintable(QString::number(ours.f1(false))));
    }

    // These articles have no real fault (no English sentence without Chinese, no untranslated
    // content: the gold's 0-1 pairs are headlines): nothing may be flagged, on the gold blocks or
    // on the parsed files (first run: 0 on the gold blocks; on the parsed files three wrong flags,
    // the 1958 list's Chinese dateline "omitted", the 1989 English headline "invented", the 1955
    // "Editorial:" label "truncated").
    void unseen2NoFlags()
    {
        for (const GoldDoc &g : unseenDocs(u"gold-unseen2"_s, u"unseen2"_s)) {
            const Okb::ParseResult r = Okb::parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/unseen2/") + g.sample);
            QVERIFY2(r.ok, qPrintable(g.sample));
            for (const Okb::Article *a : {&g.article, &r.article}) {
                const Okb::Alignment al = Okb::alignArticle(*a);
                for (const Okb::AlignedPair &p : al.pairs) {
                    QStringList text;
                    for (int i : p.english) {
                        text << Okb::segmentText(*a, al.english.at(i));
                    }
                    for (int i : p.chinese) {
                        text << Okb::segmentText(*a, al.chinese.at(i));
                    }
                    QVERIFY2((p.faults & ~unsigned(Okb::LowConfidence)) == 0,
                             qPrintable(g.name + (a == &g.article ? u" (gold blocks) "_s : u" (parsed) "_s) + Okb::faultNames(p.faults) + u": "_s
                                        + text.join(u" | "_s)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAlignQuality)
#include "tst_alignquality.moc"
