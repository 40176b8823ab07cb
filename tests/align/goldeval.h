// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Gold alignments (tests/data/gold/*.gold.json, format in its README.md) and Bertalign's strict
// and lax precision/recall/F1. Shared by the quality test and okb-align-bench.

#pragma once

#include "align/aligner.h"
#include "model/article.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>

#include <algorithm>

namespace OkbGold
{

using IdPair = std::pair<QList<int>, QList<int>>;

struct GoldDoc {
    QString name;
    QString sample;
    Okb::Article article;
    // gold sentences: per language, (block, start, length) in the article's block texts
    QList<Okb::Segment> en;
    QList<Okb::Segment> zh;
    QList<IdPair> sentencePairs; // indices into en / zh
    QList<IdPair> paragraphPairs; // block indices
    QString error;
};

inline Okb::BlockKind kindFromName(const QString &s)
{
    using K = Okb::BlockKind;
    static const QMap<QString, K> m = {{QStringLiteral("Title"), K::Title},         {QStringLiteral("Byline"), K::Byline},
                                       {QStringLiteral("Heading"), K::Heading},     {QStringLiteral("Paragraph"), K::Paragraph},
                                       {QStringLiteral("Verse"), K::Verse},         {QStringLiteral("TableRow"), K::TableRow},
                                       {QStringLiteral("Caption"), K::Caption},     {QStringLiteral("Signature"), K::Signature},
                                       {QStringLiteral("PartBreak"), K::PartBreak}};
    return m.value(s, K::Paragraph);
}

inline QList<IdPair> readPairs(const QJsonArray &arr)
{
    QList<IdPair> out;
    for (const QJsonValue &v : arr) {
        const QJsonArray p = v.toArray();
        IdPair ip;
        for (const QJsonValue &x : p.at(0).toArray()) {
            ip.first << x.toInt();
        }
        for (const QJsonValue &x : p.at(1).toArray()) {
            ip.second << x.toInt();
        }
        out << ip;
    }
    return out;
}

// Blocks: {"kind":..., "text":...} or {"kind":..., "sentences":[...]} (text = sentences joined
// with one space in English, nothing in Chinese).
inline void readBlocks(const QJsonArray &arr, Okb::Language lang, QList<Okb::Block> &blocks, QList<Okb::Segment> &sents)
{
    for (const QJsonValue &v : arr) {
        const QJsonObject o = v.toObject();
        Okb::Block b;
        b.language = lang;
        b.kind = kindFromName(o.value(QStringLiteral("kind")).toString());
        if (o.contains(QStringLiteral("sentences"))) {
            const QJsonArray ss = o.value(QStringLiteral("sentences")).toArray();
            for (const QJsonValue &s : ss) {
                if (!b.text.isEmpty() && lang == Okb::Language::English) {
                    b.text += QLatin1Char(' ');
                }
                const QString t = s.toString();
                sents.append(Okb::Segment{lang, int(blocks.size()), int(b.text.size()), int(t.size())});
                b.text += t;
            }
        } else {
            b.text = o.value(QStringLiteral("text")).toString();
        }
        blocks.append(b);
    }
}

inline GoldDoc loadGold(const QString &path)
{
    GoldDoc g;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        g.error = QStringLiteral("cannot open ") + path;
        return g;
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (doc.isNull()) {
        g.error = err.errorString();
        return g;
    }
    const QJsonObject o = doc.object();
    g.name = path.section(QLatin1Char('/'), -1);
    g.sample = o.value(QStringLiteral("sample")).toString();
    g.article.sourcePath = g.sample;
    readBlocks(o.value(QStringLiteral("english")).toArray(), Okb::Language::English, g.article.english, g.en);
    readBlocks(o.value(QStringLiteral("chinese")).toArray(), Okb::Language::Chinese, g.article.chinese, g.zh);
    for (const QJsonValue &v : o.value(QStringLiteral("glossary")).toArray()) {
        g.article.glossary.append({v.toObject().value(QStringLiteral("term")).toString(), v.toObject().value(QStringLiteral("gloss")).toString()});
    }
    g.sentencePairs = readPairs(o.value(QStringLiteral("sentencePairs")).toArray());
    g.paragraphPairs = readPairs(o.value(QStringLiteral("paragraphPairs")).toArray());
    return g;
}

// Gold ids covered by a test segment: at sentence level the gold sentences of the same block
// that overlap it, at paragraph level its block.
inline QList<int> goldIds(const QList<Okb::Segment> &gold, const Okb::Segment &s, bool paragraph)
{
    QList<int> out;
    if (paragraph) {
        out << s.block;
        return out;
    }
    for (int i = 0; i < gold.size(); ++i) {
        const Okb::Segment &g = gold.at(i);
        if (g.block == s.block && g.start < s.start + s.length && s.start < g.start + g.length) {
            out << i;
        }
    }
    return out;
}

inline QList<IdPair> toGoldSpace(const GoldDoc &g, const Okb::Alignment &a)
{
    const bool para = a.level == Okb::AlignLevel::Paragraph;
    QList<IdPair> out;
    for (const Okb::AlignedPair &p : a.pairs) {
        QSet<int> e, z;
        for (int i : p.english) {
            for (int id : goldIds(g.en, a.english.at(i), para)) {
                e.insert(id);
            }
        }
        for (int i : p.chinese) {
            for (int id : goldIds(g.zh, a.chinese.at(i), para)) {
                z.insert(id);
            }
        }
        IdPair ip{e.values(), z.values()};
        std::sort(ip.first.begin(), ip.first.end());
        std::sort(ip.second.begin(), ip.second.end());
        out << ip;
    }
    return out;
}

struct Counts {
    int tpStrict = 0, fpStrict = 0, tpLax = 0, fpLax = 0;
    Counts &operator+=(const Counts &o)
    {
        tpStrict += o.tpStrict;
        fpStrict += o.fpStrict;
        tpLax += o.tpLax;
        fpLax += o.fpLax;
        return *this;
    }
};

// Bertalign / Bleualign eval.py _precision()
inline Counts precisionCounts(const QList<IdPair> &goldIn, const QList<IdPair> &testIn)
{
    Counts c;
    QSet<QString> gold;
    QMap<int, QSet<int>> srcToTgt;
    auto key = [](const IdPair &p) {
        QString k;
        for (int x : p.first) {
            k += QString::number(x) + QLatin1Char(',');
        }
        k += QLatin1Char('|');
        for (int x : p.second) {
            k += QString::number(x) + QLatin1Char(',');
        }
        return k;
    };
    for (const IdPair &p : goldIn) {
        if (p.first.isEmpty() && p.second.isEmpty()) {
            continue;
        }
        gold.insert(key(p));
        for (int s : p.first) {
            for (int t : p.second) {
                srcToTgt[s].insert(t);
            }
        }
    }
    QSet<QString> seen;
    for (const IdPair &p : testIn) {
        if (p.first.isEmpty() && p.second.isEmpty()) {
            continue;
        }
        const QString k = key(p);
        if (seen.contains(k)) {
            continue; // eval.py works on sets
        }
        seen.insert(k);
        if (gold.contains(k)) {
            ++c.tpStrict;
            ++c.tpLax;
            continue;
        }
        QSet<int> targets;
        for (int s : p.first) {
            targets.unite(srcToTgt.value(s));
        }
        bool overlap = false;
        for (int t : p.second) {
            overlap = overlap || targets.contains(t);
        }
        ++c.fpStrict;
        if (overlap) {
            ++c.tpLax;
        } else {
            ++c.fpLax;
        }
    }
    return c;
}

struct Score {
    Counts p, r;
    double f1(bool strict) const
    {
        const double tpP = strict ? p.tpStrict : p.tpLax;
        const double fpP = strict ? p.fpStrict : p.fpLax;
        const double tpR = strict ? r.tpStrict : r.tpLax;
        const double fpR = strict ? r.fpStrict : r.fpLax;
        const double prec = tpP + fpP > 0 ? tpP / (tpP + fpP) : 0.0;
        const double rec = tpR + fpR > 0 ? tpR / (tpR + fpR) : 0.0;
        return prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0.0;
    }
    Score &operator+=(const Score &o)
    {
        p += o.p;
        r += o.r;
        return *this;
    }
};

inline Score score(const QList<IdPair> &gold, const QList<IdPair> &test)
{
    Score s;
    s.p = precisionCounts(gold, test);
    QList<IdPair> goldNoDel, testNoDel;
    for (const IdPair &p : gold) {
        if (!p.first.isEmpty() && !p.second.isEmpty()) {
            goldNoDel << p;
        }
    }
    for (const IdPair &p : test) {
        if (!p.first.isEmpty() && !p.second.isEmpty()) {
            testNoDel << p;
        }
    }
    s.r = precisionCounts(testNoDel, goldNoDel);
    return s;
}

inline Score evaluate(const GoldDoc &g, Okb::AlignLevel level, Okb::AlignMethod method, const QString &dictionaryPath = QString())
{
    Okb::AlignOptions o;
    o.level = level;
    o.method = method;
    o.dictionaryPath = dictionaryPath;
    const Okb::Alignment a = Okb::alignArticle(g.article, o);
    return score(level == Okb::AlignLevel::Paragraph ? g.paragraphPairs : g.sentencePairs, toGoldSpace(g, a));
}

} // namespace OkbGold

namespace OkbGold
{

// A harder variant of a gold document: the English of every `every`-th 1-1 sentence pair (from
// `offset`) is deleted, as a translator omitting sentences would; those Chinese sentences become
// 0-1 pairs. Only sentences in English blocks with other sentences left are removed, so blocks
// and paragraph pairs stay as they are.
inline GoldDoc withOmissions(const GoldDoc &g, int every, int offset)
{
    QSet<int> drop;
    QMap<int, int> perBlock;
    for (const Okb::Segment &s : g.en) {
        perBlock[s.block]++;
    }
    int k = 0;
    for (const IdPair &p : g.sentencePairs) {
        if (p.first.size() == 1 && p.second.size() == 1) {
            const int e = p.first.first();
            const int b = g.en.at(e).block;
            if ((k++ % every) == offset && perBlock[b] > 1 && g.article.english.at(b).kind == Okb::BlockKind::Paragraph) {
                drop.insert(e);
                perBlock[b]--;
            }
        }
    }
    GoldDoc out = g;
    out.name = g.name + QStringLiteral(" -omit");
    out.en.clear();
    QMap<int, int> newIndex;
    for (int b = 0; b < g.article.english.size(); ++b) {
        Okb::Block &blk = out.article.english[b];
        QString text;
        for (int i = 0; i < g.en.size(); ++i) {
            const Okb::Segment &s = g.en.at(i);
            if (s.block != b || drop.contains(i)) {
                continue;
            }
            if (!text.isEmpty()) {
                text += QLatin1Char(' ');
            }
            newIndex[i] = int(out.en.size());
            out.en.append(Okb::Segment{Okb::Language::English, b, int(text.size()), s.length});
            text += g.article.english.at(b).text.mid(s.start, s.length);
        }
        if (perBlock.value(b) > 0 || !g.article.english.at(b).text.isEmpty()) {
            blk.text = text.isEmpty() ? g.article.english.at(b).text : text;
        }
    }
    out.sentencePairs.clear();
    for (const IdPair &p : g.sentencePairs) {
        IdPair q;
        for (int e : p.first) {
            if (!drop.contains(e)) {
                q.first << newIndex.value(e);
            }
        }
        q.second = p.second;
        out.sentencePairs << q;
    }
    return out;
}

} // namespace OkbGold

namespace OkbGold
{

// The alignment of a *parsed* sample (real parser, real segmenter) mapped onto the gold ids by
// text: white space is ignored, every test segment is looked up in order in the gold text of its
// language, and stands for the gold sentences (or blocks) it overlaps. Segments not found in the
// gold (e.g. a header label the gold leaves out) are dropped from the pair.
inline QList<IdPair> toGoldSpaceByText(const GoldDoc &g, const Okb::Article &parsed, const Okb::Alignment &a)
{
    const bool para = a.level == Okb::AlignLevel::Paragraph;
    auto norm = [](const QString &s) {
        QString out;
        out.reserve(s.size());
        for (QChar c : s) {
            if (!c.isSpace() && c != QChar(0x3000)) {
                out += c;
            }
        }
        return out;
    };
    struct Side {
        QString text;
        QList<std::pair<int, int>> ranges; // per gold id
        QList<QList<int>> testIds; // per test segment
    };
    auto build = [&](Okb::Language lang) {
        Side side;
        const QList<Okb::Segment> &goldSegs = lang == Okb::Language::English ? g.en : g.zh;
        const QList<Okb::Block> &goldBlocks = lang == Okb::Language::English ? g.article.english : g.article.chinese;
        if (para) {
            for (const Okb::Block &b : goldBlocks) {
                const QString t = norm(b.text);
                side.ranges.append({int(side.text.size()), int(side.text.size() + t.size())});
                side.text += t;
            }
        } else {
            for (const Okb::Segment &s : goldSegs) {
                const QString t = norm(Okb::segmentText(g.article, s));
                side.ranges.append({int(side.text.size()), int(side.text.size() + t.size())});
                side.text += t;
            }
        }
        const QList<Okb::Segment> &testSegs = lang == Okb::Language::English ? a.english : a.chinese;
        int cursor = 0;
        for (const Okb::Segment &s : testSegs) {
            const QString t = norm(Okb::segmentText(parsed, s));
            QList<int> ids;
            const int pos = t.isEmpty() ? -1 : int(side.text.indexOf(t, cursor));
            if (pos >= 0) {
                cursor = pos + int(t.size());
                for (int i = 0; i < side.ranges.size(); ++i) {
                    if (side.ranges[i].first < pos + t.size() && pos < side.ranges[i].second) {
                        ids << i;
                    }
                }
            }
            side.testIds << ids;
        }
        return side;
    };
    const Side en = build(Okb::Language::English);
    const Side zh = build(Okb::Language::Chinese);
    QList<IdPair> out;
    for (const Okb::AlignedPair &p : a.pairs) {
        QSet<int> e, z;
        for (int i : p.english) {
            for (int id : en.testIds.value(i)) {
                e.insert(id);
            }
        }
        for (int i : p.chinese) {
            for (int id : zh.testIds.value(i)) {
                z.insert(id);
            }
        }
        if (e.isEmpty() && z.isEmpty()) {
            continue;
        }
        IdPair ip{e.values(), z.values()};
        std::sort(ip.first.begin(), ip.first.end());
        std::sort(ip.second.begin(), ip.second.end());
        out << ip;
    }
    return out;
}

} // namespace OkbGold
