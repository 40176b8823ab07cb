// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Sentence/paragraph alignment: a banded dynamic programme over 0-1 .. 3-1 moves whose cost
// combines a Gale–Church length model (English/Chinese char ratio estimated per document) with
// lexical evidence (CC-CEDICT glosses, the article's glossary, numbers, enumerators). Blocks are
// aligned first; sentences are then aligned inside each aligned block group.

#include "align/aligner.h"

#include "align/dictionary.h"
#include "align/numerals.h"
#include "align/segmenter.h"

#include <QHash>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

struct Feat {
    double len = 0; // non-space characters (Chinese numerals weigh less: 一九五一 ~ 1951)
    std::vector<uint32_t> words; // en: content word ids
    std::vector<std::pair<uint32_t, uint32_t>> gloss; // zh: (gloss word id, concept index), sorted
    int nConcepts = 0; // zh
    std::vector<uint32_t> numbers; // hashed canonical numbers, sorted unique
    int enumerator = 0;
    BlockKind kind = BlockKind::Paragraph;
    bool firstInBlock = true;
};

struct Cell {
    uint64_t mask = 0; // zh concepts 0..63 of z matched by words of e
    std::vector<uint64_t> more; // concepts 64.. (long paragraphs)
    int hits = 0; // words of e found in z's glosses
    int nums = 0; // common numbers
};

struct Move {
    int de;
    int dz;
};

const std::vector<Move> &fullMoves()
{
    static const std::vector<Move> m = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}, {1, 3}};
    return m;
}
const std::vector<Move> &gcMoves()
{
    static const std::vector<Move> m = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}};
    return m;
}

int nonSpaceLength(QStringView s)
{
    int n = 0;
    for (QChar c : s) {
        n += !(c.isSpace() || c == QChar(0x3000));
    }
    return n;
}

bool isCjk(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF);
}

std::vector<uint32_t> hashNumbers(const QList<QString> &nums)
{
    std::vector<uint32_t> out;
    out.reserve(nums.size());
    for (const QString &s : nums) {
        out.push_back(uint32_t(qHash(s, size_t(17))));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int intersectCount(const std::vector<uint32_t> &a, const std::vector<uint32_t> &b)
{
    int n = 0;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++n;
            ++i;
            ++j;
        }
    }
    return n;
}

// Per-article lexicon: the CC-CEDICT plus the article's own glossary (which wins).
struct Lexicon {
    std::shared_ptr<const ChineseEnglishDictionary> dict;
    QHash<QString, std::vector<uint32_t>> glossary;
    int glossaryMaxLen = 0;
};

const QString &functionChars()
{
    // single characters too common to be evidence
    static const QString s = u"的了是在和与及对把被为而也就都这那其之所以等中上下不有个们已将于从并或由向到以"_s;
    return s;
}

Feat chineseFeat(QStringView text, const Lexicon &lex, bool lexical)
{
    Feat f;
    f.len = nonSpaceLength(text);
    // Numerals are as long as their Arabic form, not ratio times longer.
    static const QString numeralChars = u"〇零一二两三四五六七八九十百千万亿0123456789０１２３４５６７８９"_s;
    for (QChar c : text) {
        if (lexical && numeralChars.contains(c)) {
            f.len -= 0.65;
        }
    }
    const QString s = text.toString();
    f.numbers = hashNumbers(chineseNumbers(s));
    f.enumerator = chineseEnumerator(s);
    if (!lexical) {
        return f;
    }
    const int n = int(text.size());
    const int dictMax = lex.dict ? std::min(lex.dict->maxWordLength(), 8) : 0;
    const int maxLen = std::max(dictMax, std::min(lex.glossaryMaxLen, 12));
    std::vector<std::pair<uint32_t, uint32_t>> gloss;
    int k = 0;
    int i = 0;
    while (i < n) {
        if (!isCjk(text.at(i))) {
            ++i;
            continue;
        }
        const std::vector<uint32_t> *best = nullptr;
        int bestLen = 0;
        for (int L = std::min(maxLen, n - i); L >= 1 && !best; --L) {
            const QStringView w = text.mid(i, L);
            if (L <= lex.glossaryMaxLen) {
                const auto it = lex.glossary.constFind(w.toString());
                if (it != lex.glossary.cend()) {
                    best = &it.value();
                    bestLen = L;
                    break;
                }
            }
            if (lex.dict && L <= dictMax && (L > 1 || !functionChars().contains(w.front()))) {
                if (const std::vector<uint32_t> *g = lex.dict->lookup(w)) {
                    best = g;
                    bestLen = L;
                }
            }
        }
        if (!best) {
            ++i;
            continue;
        }
        for (uint32_t id : *best) {
            gloss.emplace_back(id, uint32_t(k));
        }
        ++k;
        i += bestLen;
    }
    f.nConcepts = k;
    std::sort(gloss.begin(), gloss.end());
    gloss.erase(std::unique(gloss.begin(), gloss.end()), gloss.end());
    f.gloss = std::move(gloss);
    return f;
}

Feat englishFeat(QStringView text, bool lexical)
{
    Feat f;
    f.len = nonSpaceLength(text);
    const QString s = text.toString();
    f.numbers = hashNumbers(englishNumbers(s));
    f.enumerator = englishEnumerator(s);
    if (lexical) {
        f.words = englishContentWordIds(text);
    }
    return f;
}

Cell computeCell(const Feat &e, const Feat &z)
{
    Cell c;
    if (!z.gloss.empty()) {
        if (z.nConcepts > 64) {
            c.more.assign(size_t((z.nConcepts - 64 + 63) / 64), 0);
        }
        for (uint32_t w : e.words) {
            auto it = std::lower_bound(z.gloss.begin(), z.gloss.end(), std::make_pair(w, uint32_t(0)));
            if (it == z.gloss.end() || it->first != w) {
                continue;
            }
            ++c.hits;
            for (; it != z.gloss.end() && it->first == w; ++it) {
                const uint32_t k = it->second;
                if (k < 64) {
                    c.mask |= uint64_t(1) << k;
                } else {
                    c.more[(k - 64) / 64] |= uint64_t(1) << ((k - 64) % 64);
                }
            }
        }
    }
    if (!e.numbers.empty() && !z.numbers.empty()) {
        c.nums = intersectCount(e.numbers, z.numbers);
    }
    return c;
}

double normalTail(double x) // 2 * (1 - Phi(|x|))
{
    return std::erfc(std::fabs(x) / std::sqrt(2.0));
}

struct Scorer {
    const std::vector<Feat> *en = nullptr;
    const std::vector<Feat> *zh = nullptr;
    double ratio = 4.5;
    bool full = true;
    bool paragraphs = false;
    // tuning
    double s2 = 6.8;
    // Tuned on tests/data/gold (see okb-align-bench); OKB_ALIGN_PARAMS overrides for experiments:
    // "lenWeight,lexWeight,prior21,prior22,prior31,priorSkip,s2,lexPower".
    double lexWeight = 8.0;
    double lenWeight = 0.15;
    double prior21 = 2.5;
    double prior22 = 5.0;
    double prior31 = 5.0;
    double priorSkip = 1.0;
    double lexPower = 1.0;
    double priorInvented = 6.0; // English without Chinese: rarer than omissions in machine translation
    double memberWeight = 25.0;
    double memberThreshold = 0.4;
    void applyOverrides()
    {
        static const QList<double> overrides = [] {
            QList<double> v;
            const QString env = qEnvironmentVariable("OKB_ALIGN_PARAMS");
            for (const QString &x : env.split(u',', Qt::SkipEmptyParts)) {
                v << x.toDouble();
            }
            return v;
        }();
        double *fields[] = {&lenWeight, &lexWeight, &prior21, &prior22, &prior31, &priorSkip, &s2, &lexPower, &memberWeight, &memberThreshold, &priorInvented};
        for (int i = 0; i < overrides.size() && i < 11; ++i) {
            *fields[i] = overrides.at(i);
        }
    }

    // cell cache for the current sub-problem
    int e0 = 0, z0 = 0, ne = 0, nz = 0;
    std::vector<Cell> flat;
    std::vector<uint8_t> have;
    std::unordered_map<uint64_t, Cell> sparse;

    void reset(int eBegin, int eCount, int zBegin, int zCount)
    {
        e0 = eBegin;
        z0 = zBegin;
        ne = eCount;
        nz = zCount;
        sparse.clear();
        if (qint64(ne) * nz <= (1 << 18)) {
            flat.assign(size_t(ne) * nz, Cell());
            have.assign(size_t(ne) * nz, 0);
        } else {
            flat.clear();
            have.clear();
        }
    }
    const Cell &cell(int e, int z)
    {
        // e, z are global indices
        if (!have.empty()) {
            const size_t k = size_t(e - e0) * nz + size_t(z - z0);
            if (!have[k]) {
                flat[k] = computeCell((*en)[e], (*zh)[z]);
                have[k] = 1;
            }
            return flat[k];
        }
        const uint64_t key = (uint64_t(uint32_t(e)) << 32) | uint32_t(z);
        auto it = sparse.find(key);
        if (it == sparse.end()) {
            it = sparse.emplace(key, computeCell((*en)[e], (*zh)[z])).first;
        }
        return it->second;
    }

    double lengthDelta(double le, double lz) const
    {
        const double a = ratio * lz;
        const double mean = (a + le) / 2.0;
        if (mean <= 0) {
            return 0;
        }
        return (a - le) / std::sqrt(s2 * mean);
    }

    // similarity of English segments [e, e+de) and Chinese [z, z+dz), 0..1
    // minCoverage: for merges, the least-covered Chinese member's share of matched concepts (an
    // omitted sentence glued to a neighbour is barely covered by the English). Not applied to
    // English members: short English lines ("He said:") often have no dictionary match.
    double similarity(int e, int de, int z, int dz, double *minCoverage = nullptr)
    {
        if (minCoverage) {
            *minCoverage = 1.0;
        }
        if (!full || de == 0 || dz == 0) {
            return 0;
        }
        int matchedZ = 0, totZ = 0, matchedE = 0, totE = 0, nums = 0, numsE = 0, numsZ = 0;
        for (int b = 0; b < dz; ++b) {
            const Feat &fz = (*zh)[z + b];
            uint64_t mask = 0;
            int matched = 0;
            if (de == 1) {
                const Cell &c = cell(e, z + b);
                nums += c.nums;
                matched = std::popcount(c.mask);
                for (uint64_t m : c.more) {
                    matched += std::popcount(m);
                }
            } else {
                std::vector<uint64_t> more;
                for (int a = 0; a < de; ++a) {
                    const Cell &c = cell(e + a, z + b);
                    mask |= c.mask;
                    nums += c.nums;
                    if (more.size() < c.more.size()) {
                        more.resize(c.more.size(), 0);
                    }
                    for (size_t w = 0; w < c.more.size(); ++w) {
                        more[w] |= c.more[w];
                    }
                }
                matched = std::popcount(mask);
                for (uint64_t m : more) {
                    matched += std::popcount(m);
                }
            }
            matchedZ += std::min(fz.nConcepts, matched);
            totZ += fz.nConcepts;
            if (minCoverage && dz > 1 && fz.nConcepts > 0) {
                *minCoverage = std::min(*minCoverage, double(std::min(fz.nConcepts, matched)) / fz.nConcepts);
            }
            numsZ += int(fz.numbers.size());
        }
        for (int a = 0; a < de; ++a) {
            const Feat &fe = (*en)[e + a];
            int hits = 0;
            for (int b = 0; b < dz; ++b) {
                hits += cell(e + a, z + b).hits;
            }
            matchedE += std::min(int(fe.words.size()), hits);
            totE += int(fe.words.size());

            numsE += int(fe.numbers.size());
        }
        nums = std::min({nums, numsE, numsZ});
        const double wn = 2.0;
        const double pz = totZ + numsZ > 0 ? (matchedZ + wn * nums) / (totZ + wn * numsZ) : 0.0;
        const double pe = totE + numsE > 0 ? (matchedE + wn * nums) / (totE + wn * numsE) : 0.0;
        double sim = pz + pe > 0 ? 2 * pz * pe / (pz + pe) : 0.0;
        const Feat &fe0 = (*en)[e];
        const Feat &fz0 = (*zh)[z];
        if (fe0.enumerator > 0 && fz0.enumerator > 0 && fe0.firstInBlock && fz0.firstInBlock) {
            sim += fe0.enumerator == fz0.enumerator ? 0.3 : -0.3;
        }
        if (paragraphs && fe0.kind == fz0.kind && fe0.kind != BlockKind::Paragraph) {
            sim += 0.1;
        }
        return std::clamp(sim, 0.0, 1.0);
    }

    double cost(int e, int de, int z, int dz)
    {
        double le = 0, lz = 0;
        for (int a = 0; a < de; ++a) {
            le += (*en)[e + a].len;
        }
        for (int b = 0; b < dz; ++b) {
            lz += (*zh)[z + b].len;
        }
        const double lenCost = -std::log(normalTail(lengthDelta(le, lz)) + 1e-12);
        if (!full) {
            // Gale & Church 1993 priors
            double p = 0.89;
            if (de == 0 || dz == 0) {
                p = 0.0099 / 2;
            } else if (de + dz == 3) {
                p = 0.089 / 2;
            } else if (de == 2 && dz == 2) {
                p = 0.011;
            }
            return -std::log(p) + lenCost;
        }
        double prior = 0;
        if (de == 0 || dz == 0) {
            prior = de == 0 ? priorSkip : priorInvented;
        } else if (de + dz == 3) {
            prior = prior21;
        } else if (de == 2 && dz == 2) {
            prior = prior22;
        } else if (de + dz == 4) {
            prior = prior31;
        }
        // A title (the Chinese body repeats the title; the English one lives in the header)
        // pairs with a title or with nothing.
        int titlesE = 0, titlesZ = 0;
        for (int a = 0; a < de; ++a) {
            titlesE += (*en)[e + a].kind == BlockKind::Title;
        }
        for (int b = 0; b < dz; ++b) {
            titlesZ += (*zh)[z + b].kind == BlockKind::Title;
        }
        if (de == 0 || dz == 0) {
            if (titlesE + titlesZ > 0) {
                return 1.0;
            }
            // No length term: a skipped long sentence is no less likely than a short one in
            // this archive (whole sentences dropped by the translator).
            return prior + lexWeight * 0.5;
        }
        if (titlesE == 1 && titlesZ == 1 && de == 1 && dz == 1) {
            return std::min(1.5, 0.25 * lenCost);
        }
        double titlePenalty = 0;
        if ((titlesE > 0) != (titlesZ > 0) || titlesE > 1 || titlesZ > 1 || (titlesE && de > 1) || (titlesZ && dz > 1)) {
            titlePenalty = 20.0;
        }
        double minCov = 1.0;
        const double sim = similarity(e, de, z, dz, &minCov);
        const double memberPenalty = de + dz > 2 ? memberWeight * std::max(0.0, memberThreshold - minCov) : 0.0;
        return memberPenalty + titlePenalty + prior + lenWeight * lenCost + lexWeight * std::pow(1.0 - sim, lexPower) * (de + dz) / 2.0;
    }

    double confidence(int e, int de, int z, int dz)
    {
        if (de == 0 || dz == 0) {
            return 0.5;
        }
        double le = 0, lz = 0;
        for (int a = 0; a < de; ++a) {
            le += (*en)[e + a].len;
        }
        for (int b = 0; b < dz; ++b) {
            lz += (*zh)[z + b].len;
        }
        const double pLen = normalTail(lengthDelta(le, lz));
        if (!full) {
            return pLen;
        }
        const double sim = similarity(e, de, z, dz);
        return std::clamp(0.35 * pLen + 0.65 * std::min(1.0, sim / 0.3), 0.0, 1.0);
    }
};

// Banded DP from (0,0) to (n,m). Returns the moves in order.
std::vector<Move> bandAlign(int n, int m, const std::vector<Move> &moves, Scorer &sc, int eBase, int zBase)
{
    std::vector<Move> path;
    if (n == 0 && m == 0) {
        return path;
    }
    if (n == 0 || m == 0) {
        for (int i = 0; i < n; ++i) {
            path.push_back({1, 0});
        }
        for (int j = 0; j < m; ++j) {
            path.push_back({0, 1});
        }
        return path;
    }
    int width = 24;
    const double inf = std::numeric_limits<double>::infinity();
    for (;;) {
        auto centre = [&](int i) {
            return int((qint64(i) * m + n / 2) / n);
        };
        std::vector<int> lo(n + 1), hi(n + 1);
        for (int i = 0; i <= n; ++i) {
            const int cPrev = centre(std::max(0, i - 1));
            const int cNext = centre(std::min(n, i + 1));
            lo[i] = std::max(0, std::min(cPrev, centre(i)) - width);
            hi[i] = std::min(m, std::max(cNext, centre(i)) + width);
        }
        lo[0] = 0;
        hi[n] = m;
        std::vector<std::vector<double>> cost(n + 1);
        std::vector<std::vector<uint8_t>> back(n + 1);
        for (int i = 0; i <= n; ++i) {
            const int w = hi[i] - lo[i] + 1;
            cost[i].assign(size_t(w), inf);
            back[i].assign(size_t(w), 255);
            for (int j = lo[i]; j <= hi[i]; ++j) {
                if (i == 0 && j == 0) {
                    cost[0][0] = 0;
                    continue;
                }
                double best = inf;
                uint8_t bestMove = 255;
                for (size_t k = 0; k < moves.size(); ++k) {
                    const int pi = i - moves[k].de;
                    const int pj = j - moves[k].dz;
                    if (pi < 0 || pj < 0 || pj < lo[pi] || pj > hi[pi]) {
                        continue;
                    }
                    const double prev = cost[pi][size_t(pj - lo[pi])];
                    if (prev == inf) {
                        continue;
                    }
                    const double c = prev + sc.cost(eBase + pi, moves[k].de, zBase + pj, moves[k].dz);
                    if (c < best) {
                        best = c;
                        bestMove = uint8_t(k);
                    }
                }
                cost[i][size_t(j - lo[i])] = best;
                back[i][size_t(j - lo[i])] = bestMove;
            }
        }
        // backtrack
        path.clear();
        bool touchesEdge = false;
        int i = n, j = m;
        while (i > 0 || j > 0) {
            const uint8_t k = back[i][size_t(j - lo[i])];
            if (k == 255) {
                break; // unreachable (cannot happen: 0-1 and 1-0 moves connect every band)
            }
            if ((j == lo[i] && lo[i] > 0) || (j == hi[i] && hi[i] < m)) {
                touchesEdge = true;
            }
            path.push_back(moves[k]);
            if (qEnvironmentVariableIsSet("OKB_ALIGN_DEBUG")) {
                const int pi = i - moves[k].de, pj = j - moves[k].dz;
                qDebug("move %d-%d at %d,%d cost %.2f sim %.3f ratio %.2f", moves[k].de, moves[k].dz, eBase + pi, zBase + pj,
                       sc.cost(eBase + pi, moves[k].de, zBase + pj, moves[k].dz), sc.similarity(eBase + pi, moves[k].de, zBase + pj, moves[k].dz), sc.ratio);
                qDebug("   1-1 here: cost %.2f sim %.3f", sc.cost(eBase + pi, 1, zBase + pj, 1), sc.similarity(eBase + pi, 1, zBase + pj, 1));
            }
            i -= moves[k].de;
            j -= moves[k].dz;
        }
        std::reverse(path.begin(), path.end());
        if (!touchesEdge || width >= std::max(n, m)) {
            return path;
        }
        width *= 2; // the path hugged the band: widen and redo (rare; amortised linear)
    }
}

struct Unit {
    int block;
    TextRange range;
};

QList<Unit> unitsOf(const QList<Block> &blocks, bool english, AlignLevel level)
{
    QList<Unit> out;
    for (int b = 0; b < blocks.size(); ++b) {
        const Block &blk = blocks.at(b);
        const QString &t = blk.text;
        if (t.trimmed().isEmpty()) {
            continue;
        }
        if (level == AlignLevel::Paragraph || blk.kind != BlockKind::Paragraph) {
            // whole block (verses, headings, table rows, captions... are one segment each)
            int s = 0, e = int(t.size());
            while (s < e && (t.at(s).isSpace() || t.at(s) == QChar(0x3000))) {
                ++s;
            }
            while (e > s && (t.at(e - 1).isSpace() || t.at(e - 1) == QChar(0x3000))) {
                --e;
            }
            out.append(Unit{b, TextRange{s, e - s}});
            continue;
        }
        const QList<TextRange> rs = english ? splitEnglishSentences(t) : splitChineseSentences(t);
        for (const TextRange &r : rs) {
            out.append(Unit{b, r});
        }
    }
    return out;
}

bool endsTerminal(QStringView s, bool english)
{
    while (!s.isEmpty() && (s.back().isSpace() || s.back() == u'"' || s.back() == u'\'' || s.back() == u')' || s.back() == QChar(0x201D)
                            || s.back() == QChar(0x2019) || s.back() == QChar(0xFF09) || s.back() == QChar(0x300D))) {
        s.chop(1);
    }
    if (s.isEmpty()) {
        return true;
    }
    const QChar c = s.back();
    if (english) {
        return c == u'.' || c == u'!' || c == u'?' || c == u':' || c == u';' || c == QChar(0x2026);
    }
    return c == QChar(0x3002) || c == QChar(0xFF01) || c == QChar(0xFF1F) || c == QChar(0x2026) || c == QChar(0xFF1A) || c == QChar(0xFF1B);
}

QString normalisedForRepeat(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        if (c.isLetterOrNumber()) {
            out += c.toLower();
        }
    }
    return out;
}

} // namespace

QString segmentText(const Article &article, const Segment &segment)
{
    const QList<Block> &blocks = segment.language == Language::English ? article.english : article.chinese;
    if (segment.block < 0 || segment.block >= blocks.size()) {
        return QString();
    }
    return blocks.at(segment.block).text.mid(segment.start, segment.length);
}

QList<Segment> segmentArticle(const Article &article, Language language, AlignLevel level)
{
    const bool english = language == Language::English;
    const QList<Unit> units = unitsOf(english ? article.english : article.chinese, english, level);
    QList<Segment> out;
    out.reserve(units.size());
    for (const Unit &u : units) {
        out.append(Segment{language, u.block, u.range.start, u.range.length});
    }
    return out;
}

QString faultNames(unsigned faults)
{
    QStringList names;
    if (faults & Omitted) {
        names << u"omitted"_s;
    }
    if (faults & Truncated) {
        names << u"truncated"_s;
    }
    if (faults & Invented) {
        names << u"invented"_s;
    }
    if (faults & Repeated) {
        names << u"repeated"_s;
    }
    if (faults & LowConfidence) {
        names << u"low-confidence"_s;
    }
    return names.join(u',');
}

Alignment alignArticle(const Article &article, const AlignOptions &options)
{
    Alignment result;
    result.level = options.level;
    const bool full = options.method == AlignMethod::Full;

    Lexicon lex;
    if (full) {
        if (options.useDictionary) {
            lex.dict = ChineseEnglishDictionary::shared(options.dictionaryPath);
            if (!lex.dict->isLoaded()) {
                lex.dict.reset();
            }
        }
        for (const GlossaryEntry &g : article.glossary) {
            const QString term = g.term.trimmed();
            if (term.isEmpty()) {
                continue;
            }
            std::vector<uint32_t> ids = englishContentWordIds(g.gloss);
            if (ids.empty()) {
                continue;
            }
            lex.glossary.insert(term, ids);
            lex.glossaryMaxLen = std::max(lex.glossaryMaxLen, int(term.size()));
        }
    }

    // Block level features.
    std::vector<Feat> enBlocks, zhBlocks;
    std::vector<int> enBlockIdx, zhBlockIdx; // non-empty blocks
    for (int b = 0; b < article.english.size(); ++b) {
        const Block &blk = article.english.at(b);
        if (blk.text.trimmed().isEmpty()) {
            continue;
        }
        Feat f = englishFeat(blk.text, full);
        f.kind = blk.kind;
        enBlocks.push_back(std::move(f));
        enBlockIdx.push_back(b);
    }
    for (int b = 0; b < article.chinese.size(); ++b) {
        const Block &blk = article.chinese.at(b);
        if (blk.text.trimmed().isEmpty()) {
            continue;
        }
        Feat f = chineseFeat(blk.text, lex, full);
        f.kind = blk.kind;
        zhBlocks.push_back(std::move(f));
        zhBlockIdx.push_back(b);
    }
    double totalEn = 0, totalZh = 0;
    for (const Feat &f : enBlocks) {
        totalEn += f.len;
    }
    for (const Feat &f : zhBlocks) {
        totalZh += f.len;
    }
    double ratio = totalZh > 0 && totalEn > 0 ? totalEn / totalZh : 4.5;
    ratio = std::clamp(ratio, 2.0, 8.0);

    Scorer sc;
    sc.full = full;
    sc.s2 = full ? 3.5 : 6.8;
    if (full) {
        sc.applyOverrides();
    }
    sc.ratio = ratio;
    sc.paragraphs = true;
    sc.en = &enBlocks;
    sc.zh = &zhBlocks;
    const std::vector<Move> &moves = full ? fullMoves() : gcMoves();
    sc.reset(0, int(enBlocks.size()), 0, int(zhBlocks.size()));
    std::vector<Move> blockPath = bandAlign(int(enBlocks.size()), int(zhBlocks.size()), moves, sc, 0, 0);

    // Re-estimate the ratio from aligned block groups (omitted paragraphs no longer distort it).
    if (full) {
        double le = 0, lz = 0;
        int e = 0, z = 0;
        for (const Move &mv : blockPath) {
            if (mv.de > 0 && mv.dz > 0) {
                for (int a = 0; a < mv.de; ++a) {
                    le += enBlocks[size_t(e + a)].len;
                }
                for (int b = 0; b < mv.dz; ++b) {
                    lz += zhBlocks[size_t(z + b)].len;
                }
            }
            e += mv.de;
            z += mv.dz;
        }
        if (le > 0 && lz > 0) {
            ratio = std::clamp(le / lz, 2.0, 8.0);
        }
    }
    result.lengthRatio = ratio;

    auto blockSegment = [&](Language lang, int blockIndex) {
        const Block &blk = (lang == Language::English ? article.english : article.chinese).at(blockIndex);
        const QString &t = blk.text;
        int s = 0, e = int(t.size());
        while (s < e && (t.at(s).isSpace() || t.at(s) == QChar(0x3000))) {
            ++s;
        }
        while (e > s && (t.at(e - 1).isSpace() || t.at(e - 1) == QChar(0x3000))) {
            --e;
        }
        return Segment{lang, blockIndex, s, e - s};
    };

    std::vector<Feat> *enFeats = &enBlocks;
    std::vector<Feat> *zhFeats = &zhBlocks;
    std::vector<Feat> enSent, zhSent;
    // (pair english range, chinese range) in segment indices, and confidences
    struct RawPair {
        int e, de, z, dz;
        double conf;
    };
    std::vector<RawPair> raw;

    if (options.level == AlignLevel::Paragraph) {
        for (int e = 0; e < int(enBlocks.size()); ++e) {
            result.english.append(blockSegment(Language::English, enBlockIdx[size_t(e)]));
        }
        for (int z = 0; z < int(zhBlocks.size()); ++z) {
            result.chinese.append(blockSegment(Language::Chinese, zhBlockIdx[size_t(z)]));
        }
        sc.ratio = ratio;
        int e = 0, z = 0;
        for (const Move &mv : blockPath) {
            raw.push_back({e, mv.de, z, mv.dz, sc.confidence(e, mv.de, z, mv.dz)});
            e += mv.de;
            z += mv.dz;
        }
    } else {
        // Sentence units per block, then DP inside each aligned block group.
        std::vector<int> enFirst(enBlocks.size() + 1, 0), zhFirst(zhBlocks.size() + 1, 0);
        for (size_t b = 0; b < enBlocks.size(); ++b) {
            const int bi = enBlockIdx[b];
            const Block &blk = article.english.at(bi);
            enFirst[b] = int(result.english.size());
            QList<TextRange> rs;
            if (blk.kind == BlockKind::Paragraph) {
                rs = splitEnglishSentences(blk.text);
            } else {
                const Segment s = blockSegment(Language::English, bi);
                rs.append(TextRange{s.start, s.length});
            }
            bool first = true;
            for (const TextRange &r : rs) {
                result.english.append(Segment{Language::English, bi, r.start, r.length});
                Feat f = englishFeat(QStringView(blk.text).mid(r.start, r.length), full);
                f.kind = blk.kind;
                f.firstInBlock = first;
                first = false;
                enSent.push_back(std::move(f));
            }
        }
        enFirst[enBlocks.size()] = int(result.english.size());
        for (size_t b = 0; b < zhBlocks.size(); ++b) {
            const int bi = zhBlockIdx[b];
            const Block &blk = article.chinese.at(bi);
            zhFirst[b] = int(result.chinese.size());
            QList<TextRange> rs;
            if (blk.kind == BlockKind::Paragraph) {
                rs = splitChineseSentences(blk.text);
            } else {
                const Segment s = blockSegment(Language::Chinese, bi);
                rs.append(TextRange{s.start, s.length});
            }
            bool first = true;
            for (const TextRange &r : rs) {
                result.chinese.append(Segment{Language::Chinese, bi, r.start, r.length});
                Feat f = chineseFeat(QStringView(blk.text).mid(r.start, r.length), lex, full);
                f.kind = blk.kind;
                f.firstInBlock = first;
                first = false;
                zhSent.push_back(std::move(f));
            }
        }
        zhFirst[zhBlocks.size()] = int(result.chinese.size());
        enFeats = &enSent;
        zhFeats = &zhSent;
        Scorer ss;
        ss.full = full;
        ss.s2 = full ? 3.5 : 6.8;
        if (full) {
            ss.applyOverrides();
        }
        ss.ratio = ratio;
        ss.en = &enSent;
        ss.zh = &zhSent;
        int eb = 0, zb = 0;
        for (const Move &mv : blockPath) {
            const int es = enFirst[size_t(eb)], ee = enFirst[size_t(eb + mv.de)];
            const int zs = zhFirst[size_t(zb)], ze = zhFirst[size_t(zb + mv.dz)];
            ss.reset(es, ee - es, zs, ze - zs);
            const std::vector<Move> sp = bandAlign(ee - es, ze - zs, moves, ss, es, zs);
            int e = es, z = zs;
            for (const Move &m : sp) {
                raw.push_back({e, m.de, z, m.dz, ss.confidence(e, m.de, z, m.dz)});
                e += m.de;
                z += m.dz;
            }
            eb += mv.de;
            zb += mv.dz;
        }
    }

    // Pairs and fault flags.
    QHash<QString, int> seenEnglish;
    result.pairs.reserve(qsizetype(raw.size()));
    for (const RawPair &r : raw) {
        AlignedPair p;
        for (int a = 0; a < r.de; ++a) {
            p.english << r.e + a;
        }
        for (int b = 0; b < r.dz; ++b) {
            p.chinese << r.z + b;
        }
        p.confidence = r.conf;
        if (r.de == 0) {
            bool titleOnly = true;
            for (int b = 0; b < r.dz; ++b) {
                const BlockKind k = article.chinese.at(result.chinese.at(r.z + b).block).kind;
                titleOnly = titleOnly && (k == BlockKind::Title || k == BlockKind::PartBreak);
            }
            if (!titleOnly) {
                p.faults |= Omitted;
            }
        } else if (r.dz == 0) {
            bool titleOnly = true;
            for (int a = 0; a < r.de; ++a) {
                const BlockKind k = article.english.at(result.english.at(r.e + a).block).kind;
                titleOnly = titleOnly && (k == BlockKind::Title || k == BlockKind::PartBreak);
            }
            if (!titleOnly) {
                p.faults |= Invented;
            }
        } else {
            const Segment &lastEn = result.english.at(r.e + r.de - 1);
            const Segment &lastZh = result.chinese.at(r.z + r.dz - 1);
            const QString enText = segmentText(article, lastEn);
            const QString zhText = segmentText(article, lastZh);
            double le = 0, lz = 0;
            for (int a = 0; a < r.de; ++a) {
                le += (*enFeats)[size_t(r.e + a)].len;
            }
            for (int b = 0; b < r.dz; ++b) {
                lz += (*zhFeats)[size_t(r.z + b)].len;
            }
            const bool zhKindText = article.chinese.at(lastZh.block).kind == BlockKind::Paragraph;
            if (zhKindText && endsTerminal(zhText, false) && !endsTerminal(enText, true)) {
                p.faults |= Truncated;
            } else if (lz >= 15 && le < 0.4 * ratio * lz) {
                p.faults |= Truncated;
            }
            if (p.confidence < options.lowConfidence) {
                p.faults |= LowConfidence;
            }
        }
        for (int a = 0; a < r.de; ++a) {
            const QString key = normalisedForRepeat(segmentText(article, result.english.at(r.e + a)));
            if (key.size() < 20) {
                continue;
            }
            if (seenEnglish.contains(key)) {
                p.faults |= Repeated;
            } else {
                seenEnglish.insert(key, r.e + a);
            }
        }
        result.pairs.append(p);
    }
    return result;
}

} // namespace Okb
