// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okb-align-bench: alignment quality (strict/lax F1 against tests/data/gold, Gale–Church
// baseline vs ours) and speed (pairs/s, peak RSS on 1x/10x/100x synthetic documents).
// Not a test: run `./dev exec build/bin/okb-align-bench [quality|speed|all]`.
// `dump` prints every pair with its confidence to the last bit (gold documents, their perturbed
// variants, synthetic documents; both levels, with and without the dictionary): speed work on the
// aligner must leave it byte-identical (diff the output of the old and the new binary).

#include "../align/goldeval.h"

#include "align/aligner.h"
#include "align/dictionary.h"
#include "parse/articleparser.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>

#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <ctime>
#include <malloc.h>

using namespace OkbGold;

static QTextStream out(stdout);

static QString goldDir()
{
    const QString env = qEnvironmentVariable("OKB_GOLD_DIR");
    return env.isEmpty() ? QStringLiteral(OKB_TEST_DATA_DIR "/gold") : env;
}

// Independent held-out gold, made by reading without the aligner (tests/data/gold-heldout/README.md).
static QString heldoutDir()
{
    return QStringLiteral(OKB_TEST_DATA_DIR "/gold-heldout");
}

// Unseen gold: articles chosen and gold made after the aligner's rules, by reading
// (tests/data/gold-unseen/README.md); the articles are in tests/data/unseen.
static QString unseenDir()
{
    return QStringLiteral(OKB_TEST_DATA_DIR "/gold-unseen");
}

// Unseen2 gold: eight more articles, gold made by reading and committed before the aligner's first
// run on them (tests/data/gold-unseen2/README.md); the articles are in tests/data/unseen2.
static QString unseen2Dir()
{
    return QStringLiteral(OKB_TEST_DATA_DIR "/gold-unseen2");
}

// The article file a gold document was made from: OKB_SAMPLES_DIR if set, else tests/data/samples,
// else tests/data/unseen, else tests/data/unseen2 (the unseen sets' articles are kept apart from
// the samples).
static QString sampleFile(const GoldDoc &g)
{
    const QString env = qEnvironmentVariable("OKB_SAMPLES_DIR");
    if (!env.isEmpty()) {
        return QDir(env).filePath(g.sample);
    }
    for (const char *dir : {"/samples/", "/unseen/"}) {
        const QString f = QStringLiteral(OKB_TEST_DATA_DIR) + QLatin1String(dir) + g.sample;
        if (QFileInfo::exists(f)) {
            return f;
        }
    }
    return QStringLiteral(OKB_TEST_DATA_DIR "/unseen2/") + g.sample;
}

static QStringList goldFiles(const QString &dir = goldDir())
{
    QStringList files;
    const QDir d(dir);
    for (const QString &f : d.entryList({QStringLiteral("*.gold.json")}, QDir::Files, QDir::Name)) {
        files << d.filePath(f);
    }
    return files;
}

static int quality(bool omissions, const QString &dir = goldDir())
{
    const QStringList files = goldFiles(dir);
    if (files.isEmpty()) {
        out << "no gold files in " << dir << '\n';
        return 1;
    }
    out << (dir == heldoutDir()       ? "HELD-OUT (independent gold) alignment quality against "
                : dir == unseenDir()  ? "UNSEEN (first measured untuned: sentence .510/.991, paragraph 1.000/1.000; three rules were then written from its "
                                        "errors) alignment quality against "
                : dir == unseen2Dir() ? "UNSEEN2 (first measured untuned: sentence .955/.997, paragraph .967/1.000; four rules were then written from its "
                                        "errors) alignment quality against "
                                      : "Alignment quality against ")
        << dir << " (Bertalign strict/lax F1)" << (omissions ? ", with every 5th English sentence deleted (simulated omissions)" : "") << "\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
               .arg(QStringLiteral("file"), -44)
               .arg(QStringLiteral("level"), -10)
               .arg(QStringLiteral("gold"), 5)
               .arg(QStringLiteral("GC strict"), 10)
               .arg(QStringLiteral("GC lax"), 8)
               .arg(QStringLiteral("ours strict"), 12)
               .arg(QStringLiteral("ours lax"), 9);
    const QList<Okb::AlignLevel> levels =
        omissions ? QList<Okb::AlignLevel>{Okb::AlignLevel::Sentence} : QList<Okb::AlignLevel>{Okb::AlignLevel::Sentence, Okb::AlignLevel::Paragraph};
    for (Okb::AlignLevel level : levels) {
        Score totalGc, totalOurs;
        int totalGold = 0;
        const QString levelName = level == Okb::AlignLevel::Sentence ? QStringLiteral("sentence") : QStringLiteral("paragraph");
        for (const QString &f : files) {
            GoldDoc g = loadGold(f);
            if (!g.error.isEmpty()) {
                out << f << ": " << g.error << '\n';
                return 1;
            }
            if (omissions) {
                g = withOmissions(g, 5, 2);
            }
            const Score gc = evaluate(g, level, Okb::AlignMethod::GaleChurch);
            const Score ours = evaluate(g, level, Okb::AlignMethod::Full);
            totalGc += gc;
            totalOurs += ours;
            const int n = int(level == Okb::AlignLevel::Sentence ? g.sentencePairs.size() : g.paragraphPairs.size());
            totalGold += n;
            out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                       .arg(g.name.left(44), -44)
                       .arg(levelName, -10)
                       .arg(n, 5)
                       .arg(gc.f1(true), 10, 'f', 3)
                       .arg(gc.f1(false), 8, 'f', 3)
                       .arg(ours.f1(true), 12, 'f', 3)
                       .arg(ours.f1(false), 9, 'f', 3);
        }
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                   .arg(QStringLiteral("ALL (micro)"), -44)
                   .arg(levelName, -10)
                   .arg(totalGold, 5)
                   .arg(totalGc.f1(true), 10, 'f', 3)
                   .arg(totalGc.f1(false), 8, 'f', 3)
                   .arg(totalOurs.f1(true), 12, 'f', 3)
                   .arg(totalOurs.f1(false), 9, 'f', 3);
    }
    out.flush();
    return 0;
}

// The whole pipeline: each gold file's sample parsed by the real parser, segmented and aligned,
// then mapped onto the gold by text.
static int pipeline(const QString &dir = goldDir())
{
    const QStringList files = goldFiles(dir);
    out << "Pipeline quality: " << dir << ", articles parsed by parse/, aligned, mapped onto the gold by text (strict/lax F1)\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
               .arg(QStringLiteral("file"), -44)
               .arg(QStringLiteral("level"), -10)
               .arg(QStringLiteral("gold"), 5)
               .arg(QStringLiteral("GC strict"), 10)
               .arg(QStringLiteral("GC lax"), 8)
               .arg(QStringLiteral("ours strict"), 12)
               .arg(QStringLiteral("ours lax"), 9);
    for (Okb::AlignLevel level : {Okb::AlignLevel::Sentence, Okb::AlignLevel::Paragraph}) {
        Score totalGc, totalOurs;
        int totalGold = 0;
        const QString levelName = level == Okb::AlignLevel::Sentence ? QStringLiteral("sentence") : QStringLiteral("paragraph");
        for (const QString &f : files) {
            const GoldDoc g = loadGold(f);
            const Okb::ParseResult r = Okb::parseArticleFile(sampleFile(g));
            if (!r.ok) {
                out << g.sample << ": " << r.error << '\n';
                return 1;
            }
            const QList<IdPair> &gold = level == Okb::AlignLevel::Sentence ? g.sentencePairs : g.paragraphPairs;
            Score sc[2];
            for (int m = 0; m < 2; ++m) {
                Okb::AlignOptions o;
                o.level = level;
                o.method = m == 0 ? Okb::AlignMethod::GaleChurch : Okb::AlignMethod::Full;
                sc[m] = score(gold, toGoldSpaceByText(g, r.article, Okb::alignArticle(r.article, o)));
            }
            totalGc += sc[0];
            totalOurs += sc[1];
            totalGold += int(gold.size());
            out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                       .arg(g.name.left(44), -44)
                       .arg(levelName, -10)
                       .arg(int(gold.size()), 5)
                       .arg(sc[0].f1(true), 10, 'f', 3)
                       .arg(sc[0].f1(false), 8, 'f', 3)
                       .arg(sc[1].f1(true), 12, 'f', 3)
                       .arg(sc[1].f1(false), 9, 'f', 3);
        }
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                   .arg(QStringLiteral("ALL (micro)"), -44)
                   .arg(levelName, -10)
                   .arg(totalGold, 5)
                   .arg(totalGc.f1(true), 10, 'f', 3)
                   .arg(totalGc.f1(false), 8, 'f', 3)
                   .arg(totalOurs.f1(true), 12, 'f', 3)
                   .arg(totalOurs.f1(false), 9, 'f', 3);
    }
    out.flush();
    return 0;
}

// Fault flags on gold documents with faults put in on purpose.
static int faults()
{
    out << "Fault detection on the gold documents with faults put in (sentence level)\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
               .arg(QStringLiteral("fault"), -10)
               .arg(QStringLiteral("put in"), 7)
               .arg(QStringLiteral("flagged"), 8)
               .arg(QStringLiteral("correct"), 8)
               .arg(QStringLiteral("precision"), 10)
               .arg(QStringLiteral("recall"), 8);
    const QList<std::pair<Perturbation, QString>> kinds = {{Perturbation::Omit, QStringLiteral("omitted")},
                                                           {Perturbation::Invent, QStringLiteral("invented")},
                                                           {Perturbation::Repeat, QStringLiteral("repeated")},
                                                           {Perturbation::Truncate, QStringLiteral("truncated")}};
    QList<GoldDoc> docs;
    for (const QString &f : goldFiles()) {
        docs << loadGold(f);
    }
    for (const auto &[kind, name] : kinds) {
        DetectionCounts total;
        for (const GoldDoc &g : docs) {
            const DetectionCounts c = detection(perturb(g, kind), kind);
            total.flagged += c.flagged;
            total.correct += c.correct;
            total.special += c.special;
            total.found += c.found;
        }
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                   .arg(name, -10)
                   .arg(total.special, 7)
                   .arg(total.flagged, 8)
                   .arg(total.correct, 8)
                   .arg(total.flagged ? double(total.correct) / total.flagged : 0.0, 10, 'f', 3)
                   .arg(total.special ? double(total.found) / total.special : 0.0, 8, 'f', 3);
    }
    // false alarms on the unmodified gold
    int flagged = 0, pairs = 0;
    for (const GoldDoc &g : docs) {
        const Okb::Alignment a = Okb::alignArticle(g.article);
        pairs += int(a.pairs.size());
        for (const Okb::AlignedPair &p : a.pairs) {
            flagged += (p.faults & ~unsigned(Okb::LowConfidence)) != 0;
        }
    }
    out << "unmodified gold: " << flagged << " of " << pairs << " pairs flagged omitted/truncated/invented/repeated\n";
    out.flush();
    return 0;
}

// Fault flags on an unmodified gold set whose articles may have real faults: a flag is right when
// the gold shows the fault (omitted: the pair holds a Chinese sentence of a Paragraph block the gold
// pairs with no English; truncated: the pair holds the last gold English sentence of a paragraph of
// several sentences and it ends without sentence punctuation; invented: an English sentence the gold pairs with no Chinese; repeated:
// never in these sets), else it is a false alarm. `verbose` lists every flagged pair.
static int flagsOnGold(const QString &dir, bool verbose)
{
    int pairs = 0, flagged = 0, falseAlarms = 0, realOmitted = 0, realTruncated = 0, foundOmitted = 0, foundTruncated = 0;
    for (const QString &f : goldFiles(dir)) {
        GoldDoc g = loadGold(f);
        // the article's headers (English Author:, the Chinese author line), as the aligner gets
        // them from the parsed file: the gold keeps only the blocks
        const Okb::ParseResult parsed = Okb::parseArticleFile(sampleFile(g));
        if (parsed.ok) {
            g.article.en = parsed.article.en;
            g.article.zh = parsed.article.zh;
        }
        QSet<int> omittedZh, inventedEn, truncatedEn;
        for (const IdPair &p : g.sentencePairs) {
            if (p.first.isEmpty()) {
                for (int z : p.second) {
                    if (g.article.chinese.at(g.zh.at(z).block).kind == Okb::BlockKind::Paragraph) {
                        omittedZh.insert(z);
                    }
                }
            }
            if (p.second.isEmpty()) {
                for (int e : p.first) {
                    inventedEn.insert(e);
                }
            }
        }
        for (int e = 1; e < g.en.size(); ++e) {
            // the last sentence of a paragraph of several sentences, ending without punctuation
            const bool last = e + 1 == g.en.size() || g.en.at(e + 1).block != g.en.at(e).block;
            const QString t = Okb::segmentText(g.article, g.en.at(e)).trimmed();
            if (last && g.en.at(e - 1).block == g.en.at(e).block && g.article.english.at(g.en.at(e).block).kind == Okb::BlockKind::Paragraph
                && !t.isEmpty() && !QStringLiteral(".!?\"\u201d)':;").contains(t.back())) {
                truncatedEn.insert(e);
            }
        }
        realOmitted += int(omittedZh.size());
        realTruncated += int(truncatedEn.size());
        const Okb::Alignment a = Okb::alignArticle(g.article);
        pairs += int(a.pairs.size());
        QSet<int> hitOmitted, hitTruncated;
        for (const Okb::AlignedPair &p : a.pairs) {
            const unsigned faults = p.faults & ~unsigned(Okb::LowConfidence);
            if (!faults) {
                continue;
            }
            QSet<int> e, z;
            for (int i : p.english) {
                for (int id : goldIds(g.en, a.english.at(i), false)) {
                    e.insert(id);
                }
            }
            for (int i : p.chinese) {
                for (int id : goldIds(g.zh, a.chinese.at(i), false)) {
                    z.insert(id);
                }
            }
            bool right = true;
            if (faults & Okb::Omitted) {
                right &= z.intersects(omittedZh);
                hitOmitted.unite(z & omittedZh);
            }
            if (faults & Okb::Truncated) {
                right &= e.intersects(truncatedEn);
                hitTruncated.unite(e & truncatedEn);
            }
            if (faults & Okb::Invented) {
                right &= e.intersects(inventedEn);
            }
            if (faults & Okb::Repeated) {
                right = false;
            }
            ++flagged;
            falseAlarms += !right;
            if (verbose) {
                QStringList et, zt;
                for (int i : p.english) {
                    et << Okb::segmentText(g.article, a.english.at(i)).left(60);
                }
                for (int i : p.chinese) {
                    zt << Okb::segmentText(g.article, a.chinese.at(i)).left(30);
                }
                out << (right ? "  right " : "  FALSE ") << g.name << ' ' << Okb::faultNames(p.faults) << " | " << et.join(u" / ") << " | "
                    << zt.join(u" / ") << '\n';
            }
        }
        foundOmitted += int(hitOmitted.size());
        foundTruncated += int(hitTruncated.size());
    }
    out << dir << ": " << flagged << " of " << pairs << " pairs flagged, " << falseAlarms << " false alarms; gold omitted Chinese sentences flagged "
        << foundOmitted << " of " << realOmitted << ", truncated English sentences flagged " << foundTruncated << " of " << realTruncated << '\n';
    out.flush();
    return 0;
}

// A long document: the gold articles' blocks concatenated `copies` times.
static Okb::Article synthetic(int copies)
{
    Okb::Article a;
    const QStringList files = goldFiles();
    QList<GoldDoc> docs;
    for (const QString &f : files) {
        docs << loadGold(f);
    }
    for (int k = 0; k < copies; ++k) {
        for (const GoldDoc &g : docs) {
            for (const Okb::Block &b : g.article.english) {
                a.english << b;
                if (a.english.size() > 1 && b.kind == Okb::BlockKind::Title) {
                    a.english.last().kind = Okb::BlockKind::Heading;
                }
            }
            for (const Okb::Block &b : g.article.chinese) {
                a.chinese << b;
                if (a.chinese.size() > 1 && b.kind == Okb::BlockKind::Title) {
                    a.chinese.last().kind = Okb::BlockKind::Heading;
                }
            }
        }
    }
    return a;
}

static long statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field)) {
            return line.mid(int(strlen(field))).trimmed().split(' ').value(0).toLong();
        }
    }
    return -1;
}

// Resets the peak RSS (VmHWM) of this process, so that the peak of the alignment alone shows.
static void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly)) {
        f.write("5");
    }
}

// CPU time of this process: on a shared, loaded machine wall time overstates the cost.
static double cpuSeconds()
{
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

static int speedOne(int copies, bool dict)
{
    const Okb::Article a = synthetic(copies);
    Okb::AlignOptions o;
    o.useDictionary = dict;
    if (dict) {
        Okb::ChineseEnglishDictionary::shared(); // load outside the timing
    }
    malloc_trim(0); // return freed heap to the system so that RSS before/after compare
    resetPeak();
    const long before = statusKb("VmRSS:");
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuSeconds();
    const Okb::Alignment al = Okb::alignArticle(a, o);
    const double sec = t.nsecsElapsed() / 1e9;
    const double cpu = cpuSeconds() - cpu0;
    const long after = statusKb("VmHWM:");
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
               .arg(copies, 6)
               .arg(al.english.size(), 9)
               .arg(al.chinese.size(), 9)
               .arg(al.pairs.size(), 9)
               .arg(sec, 9, 'f', 3)
               .arg(al.pairs.size() / std::max(sec, 1e-9), 12, 'f', 0)
               .arg(cpu, 8, 'f', 3)
               .arg(al.pairs.size() / std::max(cpu, 1e-9), 12, 'f', 0)
               .arg(QStringLiteral("%1 MiB (+%2)").arg(after / 1024.0, 0, 'f', 1).arg((after - before) / 1024.0, 0, 'f', 1), 22)
        << QStringLiteral("  %1 KiB/pair\n").arg((after - before) / std::max(1.0, double(al.pairs.size())), 0, 'f', 2);
    out.flush();
    return 0;
}

static int dictionaryLoad()
{
    QElapsedTimer t;
    t.start();
    const auto d = Okb::ChineseEnglishDictionary::shared();
    out << "CC-CEDICT " << d->path() << ": " << d->size() << " headwords, loaded in " << QString::number(t.nsecsElapsed() / 1e9, 'f', 2) << " s, RSS "
        << QString::number(statusKb("VmRSS:") / 1024.0, 'f', 1) << " MiB\n";
    out.flush();
    return d->isLoaded() ? 0 : 1;
}

// speed [N...]: sizes to run (default 1 10 100). The dictionary is loaded before the clock
// starts (its load time and memory are the dict-load line); pairs per CPU second count the CPU
// time of all the aligner's threads.
static int speed(const QList<int> &sizes = {1, 10, 100})
{
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(QCoreApplication::applicationFilePath(), {QStringLiteral("dict-load")});
        p.waitForFinished(-1);
    }
    for (bool dict : {true, false}) {
        out << "Sentence alignment speed, synthetic documents = gold articles repeated N times; "
            << (dict ? "with CC-CEDICT (loaded before the clock starts: see the line above)" : "without dictionary") << "\n";
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                   .arg(QStringLiteral("N"), 6)
                   .arg(QStringLiteral("en sents"), 9)
                   .arg(QStringLiteral("zh sents"), 9)
                   .arg(QStringLiteral("pairs"), 9)
                   .arg(QStringLiteral("wall s"), 9)
                   .arg(QStringLiteral("pairs/s"), 12)
                   .arg(QStringLiteral("CPU s"), 8)
                   .arg(QStringLiteral("pairs/CPU s"), 12)
                   .arg(QStringLiteral("peak RSS (+align)"), 22)
            << "  align peak per pair\n";
        out.flush();
        for (int copies : sizes) {
            // one process per size so that peak RSS is per size
            QProcess p;
            p.setProcessChannelMode(QProcess::ForwardedChannels);
            p.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("speed-one"), QString::number(copies), dict ? QStringLiteral("dict") : QStringLiteral("nodict")});
            p.waitForFinished(-1);
        }
    }
    return 0;
}


// dump: every pair (segments, confidence to the last bit, faults) of the gold documents, their
// perturbed variants and a synthetic document, both levels, with and without the dictionary.
// Optimisations of the aligner must leave this output byte-identical.
static void dumpAlignment(const QString &name, const Okb::Article &a, Okb::AlignLevel level, bool dict)
{
    Okb::AlignOptions o;
    o.level = level;
    o.useDictionary = dict;
    const Okb::Alignment al = Okb::alignArticle(a, o);
    out << "## " << name << (level == Okb::AlignLevel::Sentence ? " sentence" : " paragraph") << (dict ? " dict" : " nodict") << " ratio "
        << QString::number(al.lengthRatio, 'g', 17) << '\n';
    for (const Okb::AlignedPair &p : al.pairs) {
        QStringList e, z;
        for (int i : p.english) {
            e << QString::number(i);
        }
        for (int i : p.chinese) {
            z << QString::number(i);
        }
        out << e.join(u',') << ':' << z.join(u',') << ' ' << QString::number(p.confidence, 'g', 17) << ' ' << p.faults << '\n';
    }
}

static int dump()
{
    QList<std::pair<QString, Okb::Article>> docs;
    for (const QString &f : goldFiles()) {
        const GoldDoc g = loadGold(f);
        const QString base = QFileInfo(f).fileName();
        docs.append({base, g.article});
        const QList<std::pair<Perturbation, QString>> kinds = {{Perturbation::Omit, QStringLiteral("omit")},
                                                               {Perturbation::Invent, QStringLiteral("invent")},
                                                               {Perturbation::Repeat, QStringLiteral("repeat")},
                                                               {Perturbation::Truncate, QStringLiteral("truncate")}};
        for (const auto &[kind, kname] : kinds) {
            docs.append({base + u' ' + kname, perturb(g, kind).doc.article});
        }
    }
    docs.append({QStringLiteral("synthetic 3"), synthetic(3)});
    docs.append({QStringLiteral("synthetic 12"), synthetic(12)}); // large: banded cell cache
    for (const auto &[name, a] : docs) {
        for (bool dict : {true, false}) {
            for (Okb::AlignLevel level : {Okb::AlignLevel::Sentence, Okb::AlignLevel::Paragraph}) {
                dumpAlignment(name, a, level, dict);
            }
        }
    }
    out.flush();
    return 0;
}

static QJsonArray pairsJson(const Okb::Alignment &a)
{
    QJsonArray arr;
    for (const Okb::AlignedPair &p : a.pairs) {
        QJsonArray e, z;
        for (int i : p.english) {
            e << i;
        }
        for (int i : p.chinese) {
            z << i;
        }
        arr << QJsonArray{e, z};
    }
    return arr;
}

static QString kindName(Okb::BlockKind k)
{
    switch (k) {
    case Okb::BlockKind::Title:
        return QStringLiteral("Title");
    case Okb::BlockKind::Byline:
        return QStringLiteral("Byline");
    case Okb::BlockKind::Heading:
        return QStringLiteral("Heading");
    case Okb::BlockKind::Verse:
        return QStringLiteral("Verse");
    case Okb::BlockKind::TableRow:
        return QStringLiteral("TableRow");
    case Okb::BlockKind::Caption:
        return QStringLiteral("Caption");
    case Okb::BlockKind::Signature:
        return QStringLiteral("Signature");
    case Okb::BlockKind::PartBreak:
        return QStringLiteral("PartBreak");
    default:
        return QStringLiteral("Paragraph");
    }
}

// draft BLOCKS.json: segment with the current segmenter and align; print a gold draft.
static int draft(const QString &path)
{
    const GoldDoc g = loadGold(path);
    if (!g.error.isEmpty()) {
        out << g.error << '\n';
        return 1;
    }
    Okb::AlignOptions o;
    const Okb::Alignment s = Okb::alignArticle(g.article, o);
    o.level = Okb::AlignLevel::Paragraph;
    const Okb::Alignment p = Okb::alignArticle(g.article, o);
    QJsonObject root;
    root.insert(QStringLiteral("sample"), g.sample);
    auto blocks = [&](const QList<Okb::Block> &bl, const QList<Okb::Segment> &segs) {
        QJsonArray arr;
        for (int b = 0; b < bl.size(); ++b) {
            QJsonArray sents;
            for (const Okb::Segment &sg : segs) {
                if (sg.block == b) {
                    sents << bl.at(b).text.mid(sg.start, sg.length);
                }
            }
            arr << QJsonObject{{QStringLiteral("kind"), kindName(bl.at(b).kind)}, {QStringLiteral("sentences"), sents}};
        }
        return arr;
    };
    root.insert(QStringLiteral("english"), blocks(g.article.english, s.english));
    root.insert(QStringLiteral("chinese"), blocks(g.article.chinese, s.chinese));
    QJsonArray gl;
    for (const Okb::GlossaryEntry &e : g.article.glossary) {
        gl << QJsonObject{{QStringLiteral("term"), e.term}, {QStringLiteral("gloss"), e.gloss}};
    }
    root.insert(QStringLiteral("glossary"), gl);
    root.insert(QStringLiteral("sentencePairs"), pairsJson(s));
    root.insert(QStringLiteral("paragraphPairs"), pairsJson(p));
    out << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
    return 0;
}

// show GOLD.json [ours|pipeline] [para]: the gold (or our) pairs as text, for review; pipeline =
// the sample parsed and aligned whole, mapped onto the gold by text (as the pipeline table).
static int show(const QString &path, bool ours, bool para, bool pipelineMode = false)
{
    GoldDoc g = loadGold(path);
    if (qEnvironmentVariableIsSet("OKB_OMIT")) {
        g = withOmissions(g, 5, 2);
    }
    if (qEnvironmentVariableIsSet("OKB_PERTURB")) { // invent, repeat, truncate
        const QByteArray k = qgetenv("OKB_PERTURB");
        g = perturb(g, k == "invent" ? Perturbation::Invent : k == "repeat" ? Perturbation::Repeat : Perturbation::Truncate).doc;
    }
    if (!g.error.isEmpty()) {
        out << g.error << '\n';
        return 1;
    }
    QList<IdPair> pairs = para ? g.paragraphPairs : g.sentencePairs;
    Okb::AlignOptions opt;
    opt.level = para ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence;
    Okb::Alignment al;
    if (pipelineMode) {
        // the sample parsed by parse/ and aligned whole, mapped onto the gold by text (pairs
        // outside the gold's excerpt dropped)
        const Okb::ParseResult r = Okb::parseArticleFile(sampleFile(g));
        if (!r.ok) {
            out << g.sample << ": " << r.error << '\n';
            return 1;
        }
        const Okb::Alignment whole = Okb::alignArticle(r.article, opt);
        const QList<IdPair> mapped = toGoldSpaceByText(g, r.article, whole);
        // keep the pairs (and their alignment pairs) that toGoldSpaceByText kept, in step
        al = whole;
        al.pairs.clear();
        pairs.clear();
        int k = 0;
        for (const Okb::AlignedPair &p : whole.pairs) {
            // toGoldSpaceByText drops pairs that map to nothing; recompute the same test
            Okb::Alignment one = whole;
            one.pairs = {p};
            if (toGoldSpaceByText(g, r.article, one).isEmpty()) {
                continue;
            }
            al.pairs << p;
            pairs << mapped.value(k++);
        }
    } else {
        al = Okb::alignArticle(g.article, opt);
        if (ours) {
            pairs = toGoldSpace(g, al);
        }
    }
    const QSet<QString> goldKeys = [&] {
        QSet<QString> k;
        for (const IdPair &p : para ? g.paragraphPairs : g.sentencePairs) {
            QStringList a, b;
            for (int x : p.first) {
                a << QString::number(x);
            }
            for (int x : p.second) {
                b << QString::number(x);
            }
            k.insert(a.join(u',') + u'|' + b.join(u','));
        }
        return k;
    }();
    for (int k = 0; k < pairs.size(); ++k) {
        const IdPair &p = pairs.at(k);
        QStringList a, b;
        for (int x : p.first) {
            a << QString::number(x);
        }
        for (int x : p.second) {
            b << QString::number(x);
        }
        const bool inGold = goldKeys.contains(a.join(u',') + u'|' + b.join(u','));
        out << (inGold ? "  " : "X ") << '#' << k << " [" << a.join(u',') << "] <-> [" << b.join(u',') << "]";
        if (ours) {
            out << " conf " << al.pairs.at(k).confidence << ' ' << Okb::faultNames(al.pairs.at(k).faults);
        }
        out << '\n';
        for (int x : p.first) {
            out << "    EN" << x << ": " << (para ? g.article.english.at(x).text.left(100) : Okb::segmentText(g.article, g.en.at(x))) << '\n';
        }
        for (int x : p.second) {
            out << "    ZH" << x << ": " << (para ? g.article.chinese.at(x).text.left(50) : Okb::segmentText(g.article, g.zh.at(x))) << '\n';
        }
    }
    return 0;
}

// Every quality table: the gold sets (and the stress variant), the parsed-sample pipeline, fault P/R.
static int qualityTables()
{
    int q = quality(false);
    out << '\n';
    q |= quality(true);
    out << '\n';
    q |= quality(false, heldoutDir());
    out << '\n';
    q |= quality(false, unseenDir());
    out << '\n';
    q |= quality(false, unseen2Dir());
    out << '\n';
    q |= pipeline();
    out << '\n';
    q |= pipeline(unseenDir());
    out << '\n';
    q |= pipeline(unseen2Dir());
    out << '\n';
    return q | faults();
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    const QString mode = args.value(0, QStringLiteral("all"));
    if (mode == QLatin1String("quality")) {
        int q = qualityTables();
        out << "Fault flags on the unmodified independent sets (real faults of the articles count as right)\n";
        q |= flagsOnGold(heldoutDir(), false);
        q |= flagsOnGold(unseenDir(), false);
        return q | flagsOnGold(unseen2Dir(), false);
    }
    if (mode == QLatin1String("stress")) {
        // every 5th English sentence deleted, on any gold set (default: the tuning gold)
        return quality(true, args.value(1, goldDir()));
    }
    if (mode == QLatin1String("flags")) {
        return flagsOnGold(args.value(1, unseenDir()), true);
    }
    if (mode == QLatin1String("speed")) {
        QList<int> sizes;
        for (const QString &a : args.mid(1)) {
            if (a.toInt() > 0) {
                sizes << a.toInt();
            }
        }
        return sizes.isEmpty() ? speed() : speed(sizes);
    }
    if (mode == QLatin1String("faults")) {
        return faults();
    }
    if (mode == QLatin1String("dump")) {
        return dump();
    }
    if (mode == QLatin1String("dict-load")) {
        return dictionaryLoad();
    }
    if (mode == QLatin1String("profile")) {
        // profile N dict|nodict REPS: the alignment alone, REPS times (for perf record)
        const Okb::Article a = synthetic(args.value(1).toInt());
        Okb::AlignOptions o;
        o.useDictionary = args.value(2) != QLatin1String("nodict");
        if (o.useDictionary) {
            Okb::ChineseEnglishDictionary::shared();
        }
        const double cpu0 = cpuSeconds();
        qsizetype pairs = 0;
        const int reps = std::max(1, args.value(3).toInt());
        for (int r = 0; r < reps; ++r) {
            pairs += Okb::alignArticle(a, o).pairs.size();
        }
        out << pairs << " pairs in " << (cpuSeconds() - cpu0) << " CPU s\n";
        return 0;
    }
    if (mode == QLatin1String("speed-one")) {
        return speedOne(args.value(1).toInt(), args.value(2) != QLatin1String("nodict"));
    }
    if (mode == QLatin1String("draft") && args.size() > 1) {
        return draft(args.at(1));
    }
    if (mode == QLatin1String("show") && args.size() > 1) {
        const bool pipelineMode = args.value(2) == QLatin1String("pipeline");
        return show(args.at(1), args.value(2) == QLatin1String("ours") || pipelineMode, args.value(3) == QLatin1String("para"), pipelineMode);
    }
    if (mode == QLatin1String("all")) {
        int q = qualityTables();
        out << '\n';
        out.flush();
        return q | speed();
    }
    QTextStream(stderr) << "usage: okb-align-bench [quality|speed [N...]|all|dump] | flags [GOLD_DIR] | stress [GOLD_DIR] | draft BLOCKS.json | show GOLD.json "
                           "[ours|gold|pipeline [para]]\n"
                           "  | profile N dict|nodict REPS (the alignment alone, for perf; OKB_ALIGN_TIMING=1 prints phases)\n"
                           "  OKB_GOLD_DIR overrides the gold directory (default tests/data/gold)\n"
                           "  OKB_SAMPLES_DIR overrides where a gold file's article is looked up (default tests/data/samples, then tests/data/unseen, then "
                           "tests/data/unseen2)\n";
    return 64;
}
