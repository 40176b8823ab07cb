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
#include "model/opentrace.h"

#include <QElapsedTimer>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <atomic>
#include <limits>
#include <memory>
#include <set>
#include <shared_mutex>
#include <span>
#include <utility>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/mman.h>
#include <unistd.h>
#include <thread>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

// The features of one segment (sentence or block). Every sentence and block of both languages
// has one (~140k for the 10 MB article, the aligner's largest memory): the scalars, then all the
// id arrays in one allocation, each its exact size (four vectors were 96 bytes of the record and
// four allocations with their headers and slack), and the gloss entries' concept numbers in 8
// bits (16, 32) unless the segment has more concepts than that.
// Feat's scalars (member-wise copies), the ones the scorer reads on every DP move first.
struct FeatScalars {
    double len = 0; // non-space characters (Chinese numerals weigh less: 一九五一 ~ 1951)
    int nConcepts = 0; // zh
    int numberMentions = 0; // numbers in the text (one may give several tokens: 2.7 million = 270万)
    int enumerator = 0;
    BlockKind kind = BlockKind::Paragraph;
    bool firstInBlock = true;
    uint8_t bloomBits = 8; // log2 of the Bloom filter's size in bits
    uint8_t bucketBits = 0; // log2 of the bucket index's size; 0: no bucket index
    uint8_t conceptBytes = 1; // bytes of a concept number: 1, 2 (more than 256 concepts) or 4 (65536)
    // the sizes of the arrays in Feat::m_store, in 32-bit words
    uint32_t m_words = 0, m_gloss = 0, m_aux = 0, m_numbers = 0;
};

struct Feat : FeatScalars {
    // [gloss ids][aux][words][numbers][concept numbers (8, 16 or 32 bits each)], in 32-bit words
    uint32_t *m_store = nullptr;

    Feat() = default;
    ~Feat()
    {
        std::free(m_store);
    }
    Feat(const Feat &o)
        : FeatScalars(o)
        , m_store(o.cloneStore())
    {
    }
    Feat(Feat &&o) noexcept
        : FeatScalars(o)
        , m_store(std::exchange(o.m_store, nullptr))
    {
        o.clearArrays();
    }
    Feat &operator=(const Feat &o)
    {
        if (this != &o) {
            std::free(m_store);
            FeatScalars::operator=(o);
            m_store = o.cloneStore();
        }
        return *this;
    }
    Feat &operator=(Feat &&o) noexcept
    {
        if (this != &o) {
            std::free(m_store);
            FeatScalars::operator=(o);
            m_store = std::exchange(o.m_store, nullptr);
            o.clearArrays();
        }
        return *this;
    }

    // en: content word ids, sorted unique (englishContentWordIds() order for sentences)
    std::span<const uint32_t> words() const
    {
        return {m_store ? m_store + m_gloss + m_aux : nullptr, m_words};
    }
    // hashed canonical numbers, sorted unique
    std::span<const uint32_t> numbers() const
    {
        return {m_store ? m_store + m_gloss + m_aux + m_words : nullptr, m_numbers};
    }
    // zh: (gloss word id, concept index) entries, sorted by id then concept
    size_t glossSize() const
    {
        return m_gloss;
    }
    bool glossEmpty() const
    {
        return m_gloss == 0;
    }
    const uint32_t *glossIds() const
    {
        return m_store;
    }
    uint32_t conceptAt(size_t i) const
    {
        const uint32_t *c = m_store + m_gloss + m_aux + m_words + m_numbers;
        if (conceptBytes == 1) {
            return reinterpret_cast<const uint8_t *>(c)[i];
        }
        return conceptBytes == 2 ? reinterpret_cast<const uint16_t *>(c)[i] : c[i];
    }
    // `aux`: the Bloom filter's words (when there are glosses), then (long lists) the bucket
    // index: where each run of ids with the same top bits starts in the gloss list (ids are hashes:
    // 4-8 entries a run), 2^bucketBits + 1 starts. A search is then one load there and a short
    // scan instead of a binary search whose last steps each miss the cache.
    const uint32_t *aux() const
    {
        return m_store + m_gloss;
    }

    // Sets the arrays (words and numbers sorted unique; gloss keys (id << 32 | concept) sorted
    // unique): one allocation, with the gloss list's filter and index when `index`.
    void setArrays(std::span<const uint32_t> words, std::span<const uint32_t> numbers, const uint64_t *keys, size_t nKeys, bool index)
    {
        // the filter sized by the distinct ids (~2/3 of the entries of a long list: one Chinese
        // word's gloss words are often another's too), the bucket index by the entries
        int bits = 8; // 256 bits at least
        int bb = 0;
        size_t nAux = 0;
        if (index && nKeys > 0) {
            size_t distinct = 1;
            for (size_t i = 1; i < nKeys; ++i) {
                distinct += (keys[i] >> 32) != (keys[i - 1] >> 32);
            }
            while ((size_t(1) << bits) < distinct * 8) {
                ++bits;
            }
            if (nKeys >= kBucketMinEntries) {
                bb = 4;
                while ((size_t(1) << (bb + 1)) * 4 <= nKeys) { // 4..8 entries a bucket
                    ++bb;
                }
            }
            nAux = (size_t(1) << (bits - 5)) + (bb ? (size_t(1) << bb) + 1 : 0);
        }
        uint32_t maxConcept = 0;
        for (size_t i = 0; i < nKeys; ++i) {
            maxConcept = std::max(maxConcept, uint32_t(keys[i]));
        }
        const uint8_t cb = maxConcept > 0xFFFF ? 4 : maxConcept > 0xFF ? 2 : 1;
        const size_t conceptWords = (nKeys * cb + 3) / 4;
        const size_t total = nKeys + nAux + words.size() + numbers.size() + conceptWords;
        uint32_t *store = total ? static_cast<uint32_t *>(std::calloc(total, sizeof(uint32_t))) : nullptr;
        if (total && !store) {
            qFatal("aligner: out of memory");
        }
        std::free(m_store);
        m_store = store;
        m_gloss = uint32_t(nKeys);
        m_aux = uint32_t(nAux);
        m_words = uint32_t(words.size());
        m_numbers = uint32_t(numbers.size());
        conceptBytes = cb;
        bloomBits = uint8_t(nAux ? bits : 8);
        bucketBits = uint8_t(bb);
        if (!store) {
            return;
        }
        uint32_t *ids = store;
        uint32_t *concepts = store + nKeys + nAux + words.size() + numbers.size();
        for (size_t i = 0; i < nKeys; ++i) {
            ids[i] = uint32_t(keys[i] >> 32);
            if (cb == 1) {
                reinterpret_cast<uint8_t *>(concepts)[i] = uint8_t(keys[i]);
            } else if (cb == 2) {
                reinterpret_cast<uint16_t *>(concepts)[i] = uint16_t(keys[i]);
            } else {
                concepts[i] = uint32_t(keys[i]);
            }
        }
        if (!words.empty()) {
            std::memcpy(store + nKeys + nAux, words.data(), words.size() * sizeof(uint32_t));
        }
        if (!numbers.empty()) {
            std::memcpy(store + nKeys + nAux + words.size(), numbers.data(), numbers.size() * sizeof(uint32_t));
        }
        if (nAux) {
            buildIndex();
        }
    }
    // The same words and numbers with these gloss keys (or none)
    void setGloss(const uint64_t *keys, size_t nKeys, bool index)
    {
        const std::span<const uint32_t> w = words(), n = numbers();
        thread_local std::vector<uint32_t> keep;
        keep.assign(w.begin(), w.end());
        keep.insert(keep.end(), n.begin(), n.end());
        setArrays(std::span<const uint32_t>(keep.data(), w.size()), std::span<const uint32_t>(keep.data() + w.size(), n.size()), keys, nKeys, index);
    }
    // The gloss entries as keys (id << 32 | concept), in their order
    void glossKeys(std::vector<uint64_t> &out, uint32_t conceptBase = 0) const
    {
        for (size_t i = 0; i < m_gloss; ++i) {
            out.push_back((uint64_t(m_store[i]) << 32) | (conceptAt(i) + conceptBase));
        }
    }

    static constexpr size_t kBucketMinEntries = 128;
    // Two bit positions per id from one 64-bit multiplication, ~8 bits per distinct id, both in
    // the same 64-bit word of the filter (a blocked Bloom filter: one load per probe; the false
    // positives rise a little, every one of them still answered right by glossRange()).
    // the filter's 64-bit word for hash h, and the two bits in it
    static uint32_t bloomWord(uint64_t h, int bits)
    {
        return uint32_t(h >> (64 - (bits - 6)));
    }
    static uint64_t bloomMask(uint64_t h)
    {
        return (uint64_t(1) << ((h >> 20) & 63)) | (uint64_t(1) << ((h >> 26) & 63));
    }
    const uint32_t *bloomData() const
    {
        return aux();
    }
    bool mayHave(uint32_t id) const
    {
        const uint64_t h = uint64_t(id) * 0x9E3779B97F4A7C15ull;
        const uint32_t *bloom = bloomData();
        const uint32_t w = bloomWord(h, bloomBits);
        const uint64_t word = bloom[2 * w] | (uint64_t(bloom[2 * w + 1]) << 32);
        const uint64_t m = bloomMask(h);
        return (word & m) == m;
    }
    // [begin, end) of the gloss entries with this id
    std::pair<size_t, size_t> glossRange(uint32_t id) const
    {
        // lower bound without branches (Khuong & Morin): the comparisons of a search are
        // unpredictable; short (sentence) lists, which stay in cache; long ones use the buckets
        if (m_gloss == 0) {
            return {0, 0};
        }
        const uint32_t *gloss = m_store;
        const size_t n = m_gloss;
        if (bucketBits) {
            const uint32_t *bucketStart = aux() + (size_t(1) << (bloomBits - 5));
            const uint32_t bucket = id >> (32 - bucketBits);
            size_t b = bucketStart[bucket];
            const size_t end = bucketStart[bucket + 1];
            while (b < end && gloss[b] < id) {
                ++b;
            }
            size_t e = b;
            while (e < end && gloss[e] == id) {
                ++e;
            }
            return {b, e};
        }
        const uint32_t *base = gloss;
        for (size_t k = n; k > 1;) {
            const size_t half = k / 2;
            base = base[half] < id ? base + half : base;
            k -= half;
        }
        size_t b = size_t(base - gloss) + (*base < id);
        size_t e = b;
        while (e < n && gloss[e] == id) {
            ++e;
        }
        return {b, e};
    }

private:
    uint32_t *cloneStore() const
    {
        const size_t total = storeWords();
        if (!total || !m_store) {
            return nullptr;
        }
        auto *copy = static_cast<uint32_t *>(std::malloc(total * sizeof(uint32_t)));
        if (!copy) {
            qFatal("aligner: out of memory");
        }
        std::memcpy(copy, m_store, total * sizeof(uint32_t));
        return copy;
    }
    void clearArrays()
    {
        m_words = m_gloss = m_aux = m_numbers = 0;
    }
    size_t storeWords() const
    {
        return size_t(m_gloss) + m_aux + m_words + m_numbers + (size_t(m_gloss) * conceptBytes + 3) / 4;
    }
    // the filter and the bucket index from the gloss ids (sorted)
    void buildIndex()
    {
        const int bits = bloomBits;
        const int bb = bucketBits;
        const uint32_t *ids = m_store;
        const size_t n = m_gloss;
        uint32_t *bloom = m_store + m_gloss;
        uint32_t *bucketStart = bloom + (size_t(1) << (bits - 5));
        uint32_t nextBucket = 0;
        for (size_t i = 0; i < n; ++i) {
            const uint32_t id = ids[i];
            if (i > 0 && id == ids[i - 1]) {
                continue; // sorted: the same id's bits are set
            }
            if (bb) {
                // buckets up to this id's start here (the first entry with top bits >= bucket)
                const uint32_t top = id >> (32 - bb);
                while (nextBucket <= top) {
                    bucketStart[nextBucket++] = uint32_t(i);
                }
            }
            const uint64_t h = uint64_t(id) * 0x9E3779B97F4A7C15ull;
            const uint32_t w = bloomWord(h, bits);
            const uint64_t m = bloomMask(h);
            bloom[2 * w] |= uint32_t(m);
            bloom[2 * w + 1] |= uint32_t(m >> 32);
        }
        if (bb) {
            while (nextBucket <= (uint32_t(1) << bb)) {
                bucketStart[nextBucket++] = uint32_t(n);
            }
        }
    }
};
static_assert(sizeof(Feat) <= 56, "a feature record is 56 bytes: 84k of them for a 10 MB article");

// OKB_ALIGN_TIMING: "RSS x MiB, peak y MiB" of this process (VmRSS, VmHWM) for the phase lines
QByteArray memoryNote()
{
    QByteArray out;
    if (FILE *f = fopen("/proc/self/status", "r")) {
        char line[256];
        long rss = -1, hwm = -1, anon = -1;
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "VmRSS:", 6) == 0) {
                rss = atol(line + 6);
            } else if (strncmp(line, "VmHWM:", 6) == 0) {
                hwm = atol(line + 6);
            } else if (strncmp(line, "RssAnon:", 8) == 0) {
                anon = atol(line + 8);
            }
        }
        fclose(f);
        out = "RSS " + QByteArray::number(rss / 1024.0, 'f', 1) + " MiB, peak " + QByteArray::number(hwm / 1024.0, 'f', 1) + " MiB, anonymous "
            + QByteArray::number(anon / 1024.0, 'f', 1) + " MiB";
#ifdef __GLIBC__
        const struct mallinfo2 mi = mallinfo2(); // (all arenas)
        out += ", heap in use " + QByteArray::number((mi.uordblks + mi.hblkhd) / 1048576.0, 'f', 1) + " MiB, free "
            + QByteArray::number(mi.fordblks / 1048576.0, 'f', 1) + " MiB";
#endif
    }
    return out;
}

// Threads for the independent parts of one alignment (features of the two languages, cell
// precomputation); OKB_ALIGN_THREADS=1 turns it off.
int workerThreads()
{
    static const int n = [] {
        bool ok = false;
        const int env = qEnvironmentVariableIntValue("OKB_ALIGN_THREADS", &ok);
        if (ok && env > 0) {
            return std::min(env, 8);
        }
        return int(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    }();
    return n;
}

// Runs work(0) .. work(parts - 1): all but the last on threads of their own, the last on the
// calling thread; returns when all are done. Each part writes only its own results.
template<typename Work>
void runParts(int parts, Work &&work)
{
    std::vector<std::thread> pool;
    pool.reserve(size_t(std::max(parts - 1, 0)));
    for (int t = 0; t + 1 < parts; ++t) {
        pool.emplace_back(work, t);
    }
    if (parts > 0) {
        work(parts - 1);
    }
    for (std::thread &th : pool) {
        th.join();
    }
}

// What one English segment e and one Chinese segment z have in common. Trivially copyable (band
// caches are filled and freed as plain memory); concept bits beyond 64 live in the scorer's pools.
struct Cell {
    uint64_t mask = 0; // zh concepts 0..63 of z matched by words of e
    uint32_t moreOffset = 0; // concepts 64.. (long paragraphs): moreWords words at this offset ...
    uint16_t moreWords = 0;
    uint8_t pool = 0; // ... of this pool (one per filling thread)
    uint8_t have = 0; // computed
    int hits = 0; // words of e found in z's glosses
    int nums = 0; // common numbers
    int matched = 0; // concepts of z matched (popcount of mask and more)
};

struct Move {
    int de;
    int dz;
};

// Zero-filled storage for a band's caches. Large ones are mapped from the system untouched, so
// that a page costs memory only once a cell on it is written; and on Linux the rows the DP has
// passed give their pages back (dropBelow()): they read as zeros (not computed) again if asked.
template<typename T>
class ZeroArray
{
public:
    static constexpr size_t kMapBytes = size_t(1) << 20; // smaller: calloc, nothing given back
    ZeroArray() = default;
    ~ZeroArray()
    {
        release();
    }
    ZeroArray(const ZeroArray &o)
    {
        *this = o;
    }
    ZeroArray &operator=(const ZeroArray &o)
    {
        if (this != &o) {
            assign(o.m_size);
            if (m_size) {
                std::memcpy(m_data, o.m_data, m_size * sizeof(T));
            }
        }
        return *this;
    }
    void assign(size_t n)
    {
        release();
        if (n == 0) {
            return;
        }
        const size_t bytes = n * sizeof(T);
        if (bytes >= kMapBytes) {
            void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p != MAP_FAILED) {
                m_data = static_cast<T *>(p);
                m_mapped = true;
            }
        }
        if (!m_data) {
            m_data = static_cast<T *>(std::calloc(n, sizeof(T)));
            if (!m_data) {
                qFatal("aligner: out of memory");
            }
        }
        m_size = n;
        m_dropped = 0;
    }
    void release()
    {
        if (m_data) {
            if (m_mapped) {
                munmap(m_data, m_size * sizeof(T));
            } else {
                std::free(m_data);
            }
        }
        m_data = nullptr;
        m_size = 0;
        m_mapped = false;
        m_dropped = 0;
    }
    // gives back the whole pages of elements [0, n)
    void dropBelow(size_t n)
    {
#ifdef __linux__
        if (!m_mapped) {
            return;
        }
        static const size_t page = size_t(sysconf(_SC_PAGESIZE));
        const size_t end = std::min(n, m_size) * sizeof(T) / page * page;
        if (end > m_dropped) {
            madvise(reinterpret_cast<char *>(m_data) + m_dropped, end - m_dropped, MADV_DONTNEED); // (zeros when touched again)
            m_dropped = end;
        }
#else
        Q_UNUSED(n);
#endif
    }
    bool empty() const
    {
        return m_size == 0;
    }
    size_t size() const
    {
        return m_size;
    }
    T *data() const
    {
        return m_data;
    }
    T &operator[](size_t i) const
    {
        return m_data[i];
    }

private:
    T *m_data = nullptr;
    size_t m_size = 0;
    size_t m_dropped = 0; // bytes given back
    bool m_mapped = false;
};

// The concept words beyond 64 of the cells one band filler computes (computeCell()'s pool, grown
// as a vector is): its room is set when the band is (so it never moves while the DP reads it),
// zero-filled, and the words of the rows the DP has passed give their pages back as the cells
// of those rows do (10 MB article: 1.9 MB of words, all kept until the block DP's end before).
class BandPool
{
public:
    void assign(size_t capacity)
    {
        m_words.assign(capacity);
        m_size = 0;
    }
    size_t size() const
    {
        return m_size;
    }
    size_t capacity() const
    {
        return m_words.size();
    }
    void resize(size_t n, uint64_t) // (the words are zeros: never written before)
    {
        Q_ASSERT(n <= capacity());
        m_size = n;
    }
    uint64_t *data() const
    {
        return m_words.data();
    }
    void dropBelow(size_t n)
    {
        m_words.dropBelow(n);
    }

private:
    ZeroArray<uint64_t> m_words;
    size_t m_size = 0;
};

// A band filler's 1-1 move cost, stored so that zero (a page given back, or never written) reads
// as NaN, "not computed": the bits of the double XOR those of a quiet NaN (exact both ways).
inline uint64_t encodeCost11(double c)
{
    return std::bit_cast<uint64_t>(c) ^ std::bit_cast<uint64_t>(std::numeric_limits<double>::quiet_NaN());
}
inline double decodeCost11(uint64_t v)
{
    return std::bit_cast<double>(v ^ std::bit_cast<uint64_t>(std::numeric_limits<double>::quiet_NaN()));
}

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
        const char16_t u = c.unicode();
        if (u < 128) { // ASCII: QChar::isSpace() is ' ' and \t..\r
            n += !(u == u' ' || (u >= 9 && u <= 13));
            continue;
        }
        if (u > 0x3000) { // no white space above U+3000 (CJK text and punctuation: no table lookup)
            ++n;
            continue;
        }
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

int intersectCount(std::span<const uint32_t> a, std::span<const uint32_t> b)
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

// The English content word ids of a document (a set: open addressing over the ids, which are
// hashes). A Chinese gloss entry whose id is none of them can match no English segment of the
// document: chineseFeat() leaves it out (the 10 MB article's Chinese blocks keep 1.7M of 3.3M
// entries), and every cell is the same.
class EnglishVocabulary
{
public:
    // (a repeated id costs one probe: most of a document's word ids are repeats)
    void insert(uint32_t id)
    {
        if (id == 0) {
            m_hasZero = true;
            return;
        }
        if ((m_count + 1) * 2 > m_slots.size()) {
            grow();
        }
        const size_t mask = m_slots.size() - 1;
        for (size_t k = slotOf(id);; k = (k + 1) & mask) {
            if (m_slots[k] == id) {
                return;
            }
            if (m_slots[k] == 0) {
                m_slots[k] = id;
                ++m_count;
                return;
            }
        }
    }
    bool contains(uint32_t id) const
    {
        if (id == 0 || m_slots.empty()) {
            return id == 0 && m_hasZero;
        }
        const size_t mask = m_slots.size() - 1;
        for (size_t k = slotOf(id);; k = (k + 1) & mask) {
            const uint32_t v = m_slots[k];
            if (v == id) {
                return true;
            }
            if (v == 0) {
                return false;
            }
        }
    }

private:
    size_t slotOf(uint32_t id) const
    {
        return size_t((uint64_t(id) * 0x9E3779B97F4A7C15ull) >> m_shift);
    }
    void grow()
    {
        std::vector<uint32_t> old;
        old.swap(m_slots);
        const int bits = old.empty() ? 10 : 65 - m_shift; // twice the slots
        m_shift = 64 - bits;
        m_slots.assign(size_t(1) << bits, 0);
        m_count = 0;
        for (uint32_t id : old) {
            if (id != 0) {
                insert(id);
            }
        }
    }
    std::vector<uint32_t> m_slots; // 0: empty (the id 0 is m_hasZero)
    size_t m_count = 0;
    int m_shift = 64;
    bool m_hasZero = false;
};

// Per-article lexicon: the CC-CEDICT plus the article's own glossary (which wins).
struct Lexicon {
    std::shared_ptr<const ChineseEnglishDictionary> dict;
    HashLexicon glossary;
    // the document's English words, once known: glosses of other words are left out
    const EnglishVocabulary *english = nullptr;
};

const QString &functionChars()
{
    // single characters too common to be evidence
    static const QString s = u"的了是在和与及对把被为而也就都这那其之所以等中上下不有个们已将于从并或由向到以"_s;
    return s;
}

// functionChars() as a bit table over the CJK block (the scan asks for every one-character word)
bool isFunctionChar(char16_t u)
{
    static const std::vector<uint64_t> table = [] {
        std::vector<uint64_t> t(65536 / 64, 0);
        for (QChar c : functionChars()) {
            t[c.unicode() >> 6] |= uint64_t(1) << (c.unicode() & 63);
        }
        return t;
    }();
    return (table[u >> 6] >> (u & 63)) & 1;
}

// Sorts 64-bit keys whose top bits are hashes (uniform): one counting pass on the top bits,
// then an insertion sort that only has to order the few keys within each bucket. About three
// times faster than std::sort on a sentence's gloss keys; the same order.
void sortKeys(std::vector<uint64_t> &v)
{
    const size_t n = v.size();
    if (n < 32) {
        std::sort(v.begin(), v.end());
        return;
    }
    int bits = 6;
    while ((size_t(1) << bits) < n && bits < 16) {
        ++bits;
    }
    thread_local std::vector<uint32_t> count;
    thread_local std::vector<uint64_t> tmp;
    count.assign((size_t(1) << bits) + 1, 0);
    for (uint64_t x : v) {
        ++count[size_t(x >> (64 - bits)) + 1];
    }
    for (size_t b = 1; b < count.size(); ++b) {
        count[b] += count[b - 1];
    }
    tmp.resize(n);
    for (uint64_t x : v) {
        tmp[count[size_t(x >> (64 - bits))]++] = x;
    }
    for (size_t i = 1; i < n; ++i) {
        const uint64_t x = tmp[i];
        size_t j = i;
        while (j > 0 && tmp[j - 1] > x) {
            tmp[j] = tmp[j - 1];
            --j;
        }
        tmp[j] = x;
    }
    v.swap(tmp);
}

// index = false: without the gloss list's filter (sentences whose list splitBlockGloss() makes)
Feat chineseFeat(QStringView text, const Lexicon &lex, bool lexical, bool index = true)
{
    Feat f;
    // Numerals are as long as their Arabic form, not ratio times longer. (One pass counts both;
    // the length is then reduced numeral by numeral as before, for the same rounding.)
    int nonSpace = 0, numerals = 0;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        // nonSpaceLength()
        if (u < 128) {
            nonSpace += !(u == u' ' || (u >= 9 && u <= 13));
        } else if (u > 0x3000) {
            ++nonSpace;
        } else {
            nonSpace += !(c.isSpace() || c == QChar(0x3000));
        }
        if (lexical) {
            bool numeral = (u >= u'0' && u <= u'9') || (u >= 0xFF10 && u <= 0xFF19);
            if (!numeral && u >= 0x3007) {
                switch (u) {
                case 0x3007:
                case 0x96F6:
                case 0x4E00:
                case 0x4E8C:
                case 0x4E24:
                case 0x4E09:
                case 0x56DB:
                case 0x4E94:
                case 0x516D:
                case 0x4E03:
                case 0x516B:
                case 0x4E5D:
                case 0x5341:
                case 0x767E:
                case 0x5343:
                case 0x4E07:
                case 0x4EBF:
                    numeral = true;
                    break;
                default:
                    break;
                }
            }
            numerals += numeral;
        }
    }
    f.len = nonSpace;
    for (int k = 0; k < numerals; ++k) {
        f.len -= 0.65;
    }
    // the numeral scanners only read it: a QString over the block's characters, no copy
    const QString s = QString::fromRawData(text.data(), text.size());
    const std::vector<uint32_t> numbers = hashNumbers(chineseNumbers(s, &f.numberMentions));
    f.enumerator = chineseEnumerator(s);
    if (!lexical) {
        f.setArrays({}, numbers, nullptr, 0, false);
        return f;
    }
    const int n = int(text.size());
    // (gloss id << 32 | concept): one integer sorts faster than a pair, in the same order
    thread_local std::vector<uint64_t> gloss;
    gloss.clear();
    // The words found first, their gloss ids read afterwards: each word's ids are a cache miss in
    // the dictionary's id array, prefetched when the word is found so that the misses overlap
    // with the next words' lookups instead of stalling one after another.
    thread_local std::vector<HashLexicon::Glosses> found;
    found.clear();
    int i = 0;
    while (i < n) {
        if (!isCjk(text.at(i))) {
            ++i;
            continue;
        }
        HashLexicon::Glosses best;
        int bestLen = 0;
        if (!lex.glossary.isEmpty()) {
            bestLen = lex.glossary.longestMatch(text, i, 16, &best);
        }
        if (lex.dict) {
            HashLexicon::Glosses g;
            const int L = lex.dict->lexicon().longestMatch(text, i, 8, &g);
            if (L > bestLen && (L > 1 || !isFunctionChar(text.at(i).unicode()))) {
                best = g;
                bestLen = L;
            }
        }
        if (bestLen == 0) {
            ++i;
            continue;
        }
        __builtin_prefetch(best.data());
        found.push_back(best);
        i += bestLen;
    }
    const int k = int(found.size());
    const EnglishVocabulary *english = lex.english;
    for (int c = 0; c < k; ++c) {
        for (uint32_t id : found[size_t(c)]) {
            if (!english || english->contains(id)) {
                gloss.push_back((uint64_t(id) << 32) | uint32_t(c));
            }
        }
    }
    f.nConcepts = k;
    sortKeys(gloss);
    gloss.erase(std::unique(gloss.begin(), gloss.end()), gloss.end());
    f.setArrays({}, numbers, gloss.data(), gloss.size(), index);
    return f;
}

Feat englishFeat(QStringView text, bool lexical)
{
    Feat f;
    f.len = nonSpaceLength(text);
    // the numeral scanners only read it: a QString over the block's characters, no copy
    const QString s = QString::fromRawData(text.data(), text.size());
    const std::vector<uint32_t> numbers = hashNumbers(englishNumbers(s, &f.numberMentions));
    f.enumerator = englishEnumerator(s);
    const std::vector<uint32_t> words = lexical ? englishContentWordIds(text) : std::vector<uint32_t>();
    f.setArrays(words, numbers, nullptr, 0, false);
    return f;
}

// Merges sorted runs of keys, [bounds[r], bounds[r + 1]) each, into one sorted list (pairs of runs,
// then pairs of those...: log2(runs) passes without branches on the keys).
void mergeRuns(std::vector<uint64_t> &v, std::vector<size_t> &bounds)
{
    thread_local std::vector<uint64_t> tmp;
    thread_local std::vector<size_t> next;
    while (bounds.size() > 2) {
        tmp.resize(v.size());
        next.clear();
        next.push_back(0);
        const size_t runs = bounds.size() - 1;
        for (size_t r = 0; r < runs; r += 2) {
            const uint64_t *a = v.data() + bounds[r];
            const uint64_t *ae = v.data() + bounds[r + 1];
            uint64_t *d = tmp.data() + bounds[r];
            if (r + 1 == runs) {
                std::copy(a, ae, d); // odd one out
                next.push_back(bounds[r + 1]);
                continue;
            }
            const uint64_t *b = ae;
            const uint64_t *be = v.data() + bounds[r + 2];
            while (a < ae && b < be) {
                const uint64_t x = *a, y = *b;
                const bool takeB = y < x;
                *d++ = takeB ? y : x;
                b += takeB;
                a += !takeB;
            }
            d = std::copy(a, ae, d);
            std::copy(b, be, d);
            next.push_back(bounds[r + 2]);
        }
        v.swap(tmp);
        bounds.swap(next);
    }
}

// The block's feature from its sentences' (count >= 2): lengths and counts summed in sentence
// order, word and number ids the sorted union, the gloss entries of all sentences with their
// concepts numbered after the sentences before (each sentence's list is sorted, so the block's is
// their merge; all entries are distinct).
Feat mergedBlock(const Feat *sent, size_t count)
{
    Feat block;
    block.enumerator = sent[0].enumerator;
    size_t nWords = 0, nNumbers = 0, gloss = 0;
    for (size_t k = 0; k < count; ++k) {
        nWords += sent[k].words().size();
        nNumbers += sent[k].numbers().size();
        gloss += sent[k].glossSize();
    }
    thread_local std::vector<uint32_t> words, numbers;
    words.clear();
    numbers.clear();
    words.reserve(nWords);
    numbers.reserve(nNumbers);
    thread_local std::vector<uint64_t> keys;
    thread_local std::vector<size_t> bounds;
    keys.clear();
    keys.reserve(gloss);
    bounds.clear();
    bounds.push_back(0);
    for (size_t k = 0; k < count; ++k) {
        const Feat &f = sent[k];
        block.len += f.len;
        words.insert(words.end(), f.words().begin(), f.words().end());
        numbers.insert(numbers.end(), f.numbers().begin(), f.numbers().end());
        block.numberMentions += f.numberMentions;
        if (!f.glossEmpty()) {
            // (gloss id << 32 | concept) orders as the pairs do
            f.glossKeys(keys, uint32_t(block.nConcepts));
            bounds.push_back(keys.size());
        }
        block.nConcepts += f.nConcepts;
    }
    const auto uniq = [](std::vector<uint32_t> &v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    uniq(words);
    uniq(numbers);
    if (!keys.empty()) {
        mergeRuns(keys, bounds);
    }
    block.setArrays(words, numbers, keys.data(), keys.size(), true);
    return block;
}

// The gloss lists of a block's sentences (count >= 2) from the block's, with their filters.
// mergedBlock() numbered each sentence's concepts after those of the sentences before it, so a
// sentence's list is the block's entries with its concepts, renumbered, in the same order: the
// same list chineseFeat() made. (The sentences' lists are dropped after the merge and made again
// here when the block level is done: the two copies never live at the same time.)
void splitBlockGloss(const Feat &block, Feat *sent, size_t count)
{
    thread_local std::vector<uint32_t> owner; // sentence of each of the block's concepts
    thread_local std::vector<uint32_t> offset; // first concept of each sentence
    thread_local std::vector<size_t> entries;
    owner.resize(size_t(block.nConcepts));
    offset.assign(count, 0);
    entries.assign(count, 0);
    uint32_t c = 0;
    for (size_t k = 0; k < count; ++k) {
        offset[k] = c;
        for (int i = 0; i < sent[k].nConcepts; ++i) {
            owner[c++] = uint32_t(k);
        }
    }
    const size_t n = block.glossSize();
    for (size_t g = 0; g < n; ++g) {
        ++entries[owner[block.conceptAt(g)]];
    }
    // each sentence's entries at start[k] in one array, in the block's order
    thread_local std::vector<size_t> start;
    thread_local std::vector<uint64_t> keys;
    start.assign(count + 1, 0);
    for (size_t k = 0; k < count; ++k) {
        start[k + 1] = start[k] + entries[k];
        entries[k] = 0; // (now: entries written)
    }
    keys.resize(n);
    const uint32_t *ids = block.glossIds();
    for (size_t g = 0; g < n; ++g) {
        const uint32_t cpt = block.conceptAt(g);
        const uint32_t k = owner[cpt];
        keys[start[k] + entries[k]++] = (uint64_t(ids[g]) << 32) | (cpt - offset[k]);
    }
    for (size_t k = 0; k < count; ++k) {
        sent[k].setGloss(keys.data() + start[k], entries[k], true);
    }
}

// A Bloom filter's 64-bit word w (two 32-bit words, low one first): one load where the byte
// order allows it (computeCell() probes it for every word of every cell).
inline uint64_t bloomWordAt(const uint32_t *bloom, uint32_t w)
{
    if constexpr (std::endian::native == std::endian::little) {
        uint64_t word;
        std::memcpy(&word, bloom + 2 * size_t(w), sizeof word);
        return word;
    } else {
        return bloom[2 * w] | (uint64_t(bloom[2 * w + 1]) << 32);
    }
}

// `pool` receives the concept words beyond 64 (if z has more than 64 concepts).
template<typename Pool>
Cell computeCell(const Feat &e, const Feat &z, Pool &pool, uint8_t poolIndex)
{
    Cell c;
    c.have = 1;
    if (!z.glossEmpty()) {
        uint64_t *more = nullptr;
        if (z.nConcepts > 64) {
            c.moreWords = uint16_t((z.nConcepts - 64 + 63) / 64);
            c.moreOffset = uint32_t(pool.size());
            c.pool = poolIndex;
            pool.resize(pool.size() + c.moreWords, 0);
            more = pool.data() + c.moreOffset;
        }
        // The filter first, for a chunk of words at a time, without branches (the probes are
        // independent loads that overlap; whether a word passes is unpredictable), then the
        // search for the few that pass. Hits and concept bits do not depend on the order.
        const uint32_t *bloom = z.bloomData();
        const int bits = z.bloomBits;
        const uint32_t *words = e.words().data();
        const size_t nw = e.words().size();
        for (size_t base = 0; base < nw; base += 64) {
            uint32_t pass[64];
            size_t np = 0;
            const size_t chunkEnd = std::min(nw, base + 64);
            for (size_t i = base; i < chunkEnd; ++i) {
                const uint32_t id = words[i];
                const uint64_t h = uint64_t(id) * 0x9E3779B97F4A7C15ull;
                const uint32_t w = Feat::bloomWord(h, bits);
                const uint64_t word = bloomWordAt(bloom, w);
                const uint64_t m = Feat::bloomMask(h);
                pass[np] = id;
                np += (word & m) == m;
            }
            for (size_t p = 0; p < np; ++p) {
                const auto [b, end] = z.glossRange(pass[p]);
                if (b == end) {
                    continue;
                }
                ++c.hits;
                for (size_t g = b; g < end; ++g) {
                    const uint32_t k = z.conceptAt(g);
                    if (k < 64) {
                        c.mask |= uint64_t(1) << k;
                    } else {
                        more[(k - 64) / 64] |= uint64_t(1) << ((k - 64) % 64);
                    }
                }
            }
        }
        c.matched = std::popcount(c.mask);
        for (int w = 0; w < c.moreWords; ++w) {
            c.matched += std::popcount(more[w]);
        }
    }
    if (!e.numbers().empty() && !z.numbers().empty()) {
        c.nums = intersectCount(e.numbers(), z.numbers());
    }
    return c;
}

double normalTail(double x) // 2 * (1 - Phi(|x|))
{
    return std::erfc(std::fabs(x) / std::sqrt(2.0));
}

// -log(normalTail(x)), tabulated (the DP evaluates it for every cell and move); the table is
// filled once at start-up, so that the inlined lookup needs no initialisation guard
struct TailTable {
    static constexpr int steps = 100; // per unit
    static constexpr int maxX = 30;
    double t[steps * maxX + 2];
    TailTable()
    {
        for (int i = 0; i < steps * maxX + 2; ++i) {
            t[i] = -std::log(normalTail(double(i) / steps) + 1e-300);
        }
    }
};
// Made at the first alignment, not when the plugin is loaded: an open that aligns nothing (source
// order) paid for its 3002 erfc() and log() and for the pages of libm's code they run in (three
// faults, each mapping 64 KiB around it: ~170 KiB resident) and of the table (24 KiB).
const TailTable &tailTableNow()
{
    static const TailTable table;
    return table;
}

inline double tailCost(double x)
{
    const TailTable &tailTable = tailTableNow();
    constexpr int steps = TailTable::steps;
    constexpr int maxX = TailTable::maxX;
    const double ax = std::fabs(x) * steps;
    if (ax >= steps * maxX) {
        return tailTable.t[steps * maxX + 1] + (std::fabs(x) - maxX) * maxX; // ~x^2/2 growth
    }
    const size_t i = size_t(ax);
    const double f = ax - double(i);
    return tailTable.t[i] * (1 - f) + tailTable.t[i + 1] * f;
}

struct Scorer {
    const std::vector<Feat> *en = nullptr;
    const std::vector<Feat> *zh = nullptr;
    double ratio = 4.5;
    bool full = true;
    bool paragraphs = false;
    // tuning
    double s2 = 3.5; // measured on the gold: ~2.2 (6.8 in Gale & Church 1993, used by the baseline)
    // Tuned on tests/data/gold (see okb-align-bench); OKB_ALIGN_PARAMS overrides for experiments:
    // "lenWeight,lexWeight,prior21,prior22,prior31,priorSkip,s2,lexPower".
    double lexWeight = 8.0;
    double lenWeight = 0.15;
    double prior21 = 2.5;
    double prior22 = 5.0;
    double prior31 = 5.0;
    double priorSkip = 1.0;
    double lexPower = 1.0;
    double priorInvented = 4.0; // English without Chinese: rarer than omissions in machine translation
    double splitCoverage = 0.45; // split-off omissions: edge sentence coverage below ...
    double splitGain = 0.05; // ... and the rest's similarity at least this much better
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
        double *fields[] = {&lenWeight,
                            &lexWeight,
                            &prior21,
                            &prior22,
                            &prior31,
                            &priorSkip,
                            &s2,
                            &lexPower,
                            &memberWeight,
                            &memberThreshold,
                            &priorInvented,
                            &splitCoverage,
                            &splitGain};
        for (int i = 0; i < overrides.size() && i < 13; ++i) {
            *fields[i] = overrides.at(i);
        }
    }

    // cell cache for the current sub-problem
    int e0 = 0, z0 = 0, ne = 0, nz = 0;
    std::vector<Cell> flat;
    std::unordered_map<uint64_t, Cell> sparse;
    std::vector<uint64_t> scratch; // concept masks beyond 64 while OR-ing cells
    // concept words beyond 64 of the cells: pool 0 for cells computed on demand, pool t + 1 for
    // those filled by worker t (each thread appends only to its own: bandPools[t])
    std::vector<std::vector<uint64_t>> pools = std::vector<std::vector<uint64_t>>(1);
    std::vector<BandPool> bandPools;
    const uint64_t *moreOf(const Cell &c) const
    {
        return (c.pool ? bandPools[c.pool - 1].data() : pools[0].data()) + c.moreOffset;
    }

    // Band-shaped cache for large sub-problems (memory linear in the document): DP row i with
    // columns lo[i]..hi[i] touches cells of rows i..i+2 and columns up to hi[i]+2.
    std::vector<int> rowLo, rowHi;
    std::vector<size_t> rowStart;
    ZeroArray<Cell> bandCells; // (a zero Cell is Cell(): not computed)
    // With BandFill: the 1-1 move cost out of each cell the fillers computed, NaN elsewhere
    ZeroArray<uint64_t> bandCost11; // encodeCost11()
    void setBand(const std::vector<int> &lo, const std::vector<int> &hi)
    {
        if (!flat.empty()) {
            return; // small: full matrix
        }
        const int rows = ne;
        rowLo.assign(size_t(rows), 0);
        rowHi.assign(size_t(rows), -1);
        rowStart.assign(size_t(rows) + 1, 0);
        for (int r = 0; r < rows; ++r) {
            int l = std::numeric_limits<int>::max(), h = -1;
            for (int i = std::max(0, r - 3); i <= r && i < int(lo.size()); ++i) {
                l = std::min(l, lo[size_t(i)]);
                h = std::max(h, hi[size_t(i)] + 3);
            }
            rowLo[size_t(r)] = std::max(0, l);
            rowHi[size_t(r)] = std::min(nz - 1, h);
            rowStart[size_t(r) + 1] = rowStart[size_t(r)] + size_t(std::max(0, rowHi[size_t(r)] - rowLo[size_t(r)] + 1));
        }
        bandCells.assign(rowStart.back());
        bandCost11.release();
        sparse.clear();
        // (large bands are filled while the DP runs: BandFill)
    }

    void reset(int eBegin, int eCount, int zBegin, int zCount)
    {
        rowLo.clear();
        rowHi.clear();
        rowStart.clear();
        bandCells.release();
        bandCost11.release();
        for (std::vector<uint64_t> &p : pools) {
            p.clear();
        }
        bandPools.clear();
        e0 = eBegin;
        z0 = zBegin;
        ne = eCount;
        nz = zCount;
        sparse.clear();
        if (qint64(ne) * nz <= (1 << 18)) {
            flat.assign(size_t(ne) * nz, Cell());
        } else {
            flat.clear();
        }
    }
    // Frees the caches (reset() keeps their memory for the next sub-problem)
    void release()
    {
        reset(0, 0, 0, 0);
        std::vector<int>().swap(rowLo);
        std::vector<int>().swap(rowHi);
        std::vector<size_t>().swap(rowStart);
        std::vector<Cell>().swap(flat);
        std::unordered_map<uint64_t, Cell>().swap(sparse);
        std::vector<uint64_t>().swap(scratch);
        for (std::vector<uint64_t> &p : pools) {
            std::vector<uint64_t>().swap(p);
        }
    }
    const Cell &cell(int e, int z)
    {
        // e, z are global indices
        if (!flat.empty()) {
            Cell &c = flat[size_t(e - e0) * nz + size_t(z - z0)];
            if (!c.have) {
                c = computeCell((*en)[e], (*zh)[z], pools[0], 0);
            }
            return c;
        }
        if (!rowStart.empty()) {
            const int r = e - e0;
            const int c = z - z0;
            if (r >= 0 && r < int(rowLo.size()) && c >= rowLo[size_t(r)] && c <= rowHi[size_t(r)]) {
                Cell &bc = bandCells[rowStart[size_t(r)] + size_t(c - rowLo[size_t(r)])];
                if (!bc.have) {
                    bc = computeCell((*en)[e], (*zh)[z], pools[0], 0);
                }
                return bc;
            }
        }
        const uint64_t key = (uint64_t(uint32_t(e)) << 32) | uint32_t(z);
        auto it = sparse.find(key);
        if (it == sparse.end()) {
            it = sparse.emplace(key, computeCell((*en)[e], (*zh)[z], pools[0], 0)).first;
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
    // minCoverage: for merges, the least-covered member's share of matched evidence (an omitted
    // sentence glued to a neighbour is barely covered by the other side). English members count
    // only when they have enough content words: short lines ("He said:") often have no match.
    // this scorer's cells (cached, computed on demand)
    struct OwnCells {
        Scorer *scorer;
        const Cell &operator()(int e, int z) const
        {
            return scorer->cell(e, z);
        }
    };
    OwnCells ownCells()
    {
        return OwnCells{this};
    }
    double similarity(int e, int de, int z, int dz, double *minCoverage = nullptr)
    {
        return similarityImpl(e, de, z, dz, minCoverage, ownCells());
    }
    // (inlined into the DP's move costs, where de and dz are constants). cellOf(e, z) gives the
    // cells; unionCount() (merges with concepts beyond 64) uses the scorer's own.
    template<typename CellOf>
    [[gnu::always_inline]] double similarityImpl(int e, int de, int z, int dz, double *minCoverage, CellOf &&cellOf)
    {
        if (minCoverage) {
            *minCoverage = 1.0;
        }
        if (!full || de == 0 || dz == 0) {
            return 0;
        }
        int matchedZ = 0, totZ = 0, matchedE = 0, totE = 0, nums = 0, numsE = 0, numsZ = 0;
        // hits of each English member, summed over the Chinese ones (one pass over the cells)
        int hitsSmall[4] = {0, 0, 0, 0};
        std::vector<int> hitsLarge;
        int *hitsOf = hitsSmall;
        if (de > 4) {
            hitsLarge.assign(size_t(de), 0);
            hitsOf = hitsLarge.data();
        }
        for (int b = 0; b < dz; ++b) {
            const Feat &fz = (*zh)[z + b];
            int matched = 0;
            if (de == 1) {
                const Cell &c = cellOf(e, z + b);
                nums += c.nums;
                hitsOf[0] += c.hits;
                matched = c.matched;
            } else {
                uint64_t mask = 0;
                bool more = false;
                for (int a = 0; a < de; ++a) {
                    const Cell &c = cellOf(e + a, z + b);
                    mask |= c.mask;
                    nums += c.nums;
                    hitsOf[a] += c.hits;
                    more = more || c.moreWords > 0;
                }
                matched = more ? unionCount(e, de, z + b) : std::popcount(mask);
            }
            matchedZ += std::min(fz.nConcepts, matched);
            totZ += fz.nConcepts;
            if (minCoverage && dz > 1 && fz.nConcepts > 0) {
                *minCoverage = std::min(*minCoverage, double(std::min(fz.nConcepts, matched)) / fz.nConcepts);
            }
            numsZ += fz.numberMentions;
        }
        for (int a = 0; a < de; ++a) {
            const Feat &fe = (*en)[e + a];
            const int hits = hitsOf[a];
            matchedE += std::min(int(fe.words().size()), hits);
            totE += int(fe.words().size());
            if (minCoverage && de > 1 && fe.words().size() >= 6) {
                // long English members only: short lines ("He said:") often have no match
                *minCoverage = std::min(*minCoverage, double(std::min(int(fe.words().size()), hits)) / double(fe.words().size()));
            }

            numsE += fe.numberMentions;
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

    // How much of the English segment e (language English) or Chinese segment z is explained by
    // the other side's range: matched evidence / all evidence, numbers counting double.
    double englishCoverage(int e, int z, int dz)
    {
        const Feat &fe = (*en)[e];
        int hits = 0, nums = 0;
        for (int b = 0; b < dz; ++b) {
            const Cell &c = cell(e, z + b);
            hits += c.hits;
            nums += c.nums;
        }
        const double tot = double(fe.words().size()) + 2.0 * double(fe.numberMentions);
        if (tot <= 0) {
            return 0.0;
        }
        return (std::min(double(fe.words().size()), double(hits)) + 2.0 * std::min(double(fe.numberMentions), double(nums))) / tot;
    }
    // concepts of Chinese segment z matched by any of English segments [e, e + de)
    int unionCount(int e, int de, int z)
    {
        uint64_t mask = 0;
        std::vector<uint64_t> &more = scratch;
        more.clear();
        for (int a = 0; a < de; ++a) {
            const Cell &c = cell(e + a, z);
            mask |= c.mask;
            if (more.size() < c.moreWords) {
                more.resize(c.moreWords, 0);
            }
            const uint64_t *m = moreOf(c);
            for (size_t w = 0; w < c.moreWords; ++w) {
                more[w] |= m[w];
            }
        }
        int matched = std::popcount(mask);
        for (uint64_t m : more) {
            matched += std::popcount(m);
        }
        return matched;
    }
    double chineseCoverage(int z, int e, int de)
    {
        const Feat &fz = (*zh)[z];
        int nums = 0;
        for (int a = 0; a < de; ++a) {
            nums += cell(e + a, z).nums;
        }
        const int matched = unionCount(e, de, z);
        const double tot = double(fz.nConcepts) + 2.0 * double(fz.numberMentions);
        if (tot <= 0) {
            return 0.0;
        }
        return (std::min(double(fz.nConcepts), double(matched)) + 2.0 * std::min(double(fz.numberMentions), double(nums))) / tot;
    }

    // Cost of the move. With `best` given (the DP's best total so far at the target cell, reached
    // from a predecessor with total `prev`): +inf as soon as prev + cost is sure not to be below
    // it, before the similarity is computed. Exact: the terms left out are >= 0 and IEEE addition
    // is monotone, so the full sum could not be below `best` either.
    double cost(int e, int de, int z, int dz, double prev = 0.0, double best = std::numeric_limits<double>::infinity())
    {
        return costImpl(e, de, z, dz, prev, best, ownCells());
    }
    // cost() of a DP move known at compile time: the loops over the members unrolled
    template<int DE, int DZ>
    double moveCost(int e, int z, double prev, double best)
    {
        return costImpl(e, DE, z, DZ, prev, best, ownCells());
    }
    // The 1-1 move's cost from segments e, z whose cell is c (the DP's first move: never pruned,
    // so the same value whatever the predecessor's total). Reads only features and c: worker
    // threads call it while the DP runs.
    double cost11(int e, int z, const Cell &c) const
    {
        return const_cast<Scorer *>(this)->costImpl(e, 1, z, 1, 0.0, std::numeric_limits<double>::infinity(), [&c](int, int) -> const Cell & {
            return c;
        });
    }
    template<typename CellOf>
    [[gnu::always_inline]] double costImpl(int e, int de, int z, int dz, double prev, double best, CellOf &&cellOf)
    {
        const auto lengths = [&](double &le, double &lz) {
            le = 0;
            lz = 0;
            for (int a = 0; a < de; ++a) {
                le += (*en)[e + a].len;
            }
            for (int b = 0; b < dz; ++b) {
                lz += (*zh)[z + b].len;
            }
        };
        double le, lz;
        if (!full) {
            lengths(le, lz);
            const double lenCost = tailCost(lengthDelta(le, lz));
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
        // A title (the Chinese body repeats the title; the English one lives in the header)
        // pairs with a title or with nothing.
        if (de == 0 || dz == 0) {
            bool title = false;
            for (int a = 0; a < de; ++a) {
                title = title || (*en)[e + a].kind == BlockKind::Title;
            }
            for (int b = 0; b < dz; ++b) {
                title = title || (*zh)[z + b].kind == BlockKind::Title;
            }
            if (title) {
                return 1.0;
            }
            // No length term: a skipped long sentence is no less likely than a short one in
            // this archive (whole sentences dropped by the translator).
            return (de == 0 ? priorSkip : priorInvented) + lexWeight * 0.5;
        }
        double prior = 0;
        if (de + dz == 3) {
            prior = prior21;
        } else if (de == 2 && dz == 2) {
            prior = prior22;
        } else if (de + dz == 4) {
            prior = prior31;
        }
        int titlesE = 0, titlesZ = 0;
        for (int a = 0; a < de; ++a) {
            titlesE += (*en)[e + a].kind == BlockKind::Title;
        }
        for (int b = 0; b < dz; ++b) {
            titlesZ += (*zh)[z + b].kind == BlockKind::Title;
        }
        if (titlesE == de && titlesZ == dz) {
            // title lines with title lines (a two-line headline may be one line on the other side)
            lengths(le, lz);
            return std::min(1.5, 0.25 * tailCost(lengthDelta(le, lz))) + 0.3 * (de + dz - 2);
        }
        const double titlePenalty = titlesE + titlesZ > 0 ? 20.0 : 0.0;
        const bool prune = best < std::numeric_limits<double>::infinity() && lexWeight >= 0 && memberWeight >= 0 && lenWeight >= 0;
        if (prune && prev + (0.0 + titlePenalty + prior) >= best) {
            return std::numeric_limits<double>::infinity(); // the prior alone is too much
        }
        lengths(le, lz);
        const double lenCost = tailCost(lengthDelta(le, lz)); // (skips above do without it)
        if (prune && prev + (0.0 + titlePenalty + prior + lenWeight * lenCost) >= best) {
            return std::numeric_limits<double>::infinity();
        }
        double minCov = 1.0;
        const double sim = similarityImpl(e, de, z, dz, &minCov, cellOf);
        const double memberPenalty = de + dz > 2 ? memberWeight * std::max(0.0, memberThreshold - minCov) : 0.0;
        return memberPenalty + titlePenalty + prior + lenWeight * lenCost
            + lexWeight * (lexPower == 1.0 ? 1.0 - sim : std::pow(1.0 - sim, lexPower)) * (de + dz) / 2.0;
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

// Large bands with more than one worker: every DP row's own columns are 1-1 move cells the DP
// asks for, and cells are independent (pure functions of two features, each written once). Worker
// threads fill them ahead of the DP, in chunks of rows, while the DP runs on the calling thread
// and waits only for a chunk not yet done (the DP at row i reads cells of rows i-3 .. i-1). The
// margins for longer moves are computed by the DP on demand, in rows the fillers are done with.
// Each filler appends the concept words beyond 64 to its own pool, reserved beforehand so that it
// never moves while the DP reads it.
class BandFill
{
public:
    static constexpr int kChunk = 32; // rows
    BandFill(Scorer &sc, const std::vector<int> &lo, const std::vector<int> &hi)
        : m_sc(sc)
    {
        const int threads = workerThreads();
        if (threads <= 1 || sc.rowStart.empty() || sc.rowStart.back() <= 4096) {
            return;
        }
        const int fillers = threads - 1;
        const int rows = sc.ne;
        m_chunks = (rows + kChunk - 1) / kChunk;
        m_done = std::make_unique<std::atomic<uint8_t>[]>(size_t(m_chunks));
        for (int c = 0; c < m_chunks; ++c) {
            m_done[size_t(c)].store(0, std::memory_order_relaxed);
        }
        m_c0.resize(size_t(rows));
        m_c1.resize(size_t(rows));
        std::vector<size_t> need(size_t(fillers), 0);
        for (int r = 0; r < rows; ++r) {
            m_c0[size_t(r)] = std::max(sc.rowLo[size_t(r)], lo[size_t(r)]);
            m_c1[size_t(r)] = std::min(sc.rowHi[size_t(r)], hi[size_t(r)]);
            size_t &n = need[size_t((r / kChunk) % fillers)];
            for (int c = m_c0[size_t(r)]; c <= m_c1[size_t(r)]; ++c) {
                const Feat &z = (*sc.zh)[size_t(sc.z0 + c)];
                if (!z.glossEmpty() && z.nConcepts > 64) {
                    n += size_t((z.nConcepts - 64 + 63) / 64); // as computeCell() takes
                }
            }
        }
        sc.bandCost11.assign(sc.bandCells.size()); // (all NaN)
        sc.bandPools.resize(size_t(fillers));
        for (int t = 0; t < fillers; ++t) {
            sc.bandPools[size_t(t)].assign(need[size_t(t)]);
        }
        m_poolEnd.assign(size_t(m_chunks), 0);
        m_threads.reserve(size_t(fillers));
        for (int t = 0; t < fillers; ++t) {
            m_threads.emplace_back([this, t, fillers] {
                fill(t, fillers);
            });
        }
    }
    ~BandFill()
    {
        m_stop.store(true, std::memory_order_relaxed); // (the DP is done or gave up: no more cells)
        m_dpRow.store(std::numeric_limits<int>::max(), std::memory_order_release);
        m_dpRow.notify_all();
        for (std::thread &th : m_threads) {
            th.join();
        }
    }
    BandFill(const BandFill &) = delete;
    BandFill &operator=(const BandFill &) = delete;
    // The concept words of the cells of rows [0, row) give their pages back, as those cells do
    // (the DP has waited for them and reads them no more).
    void dropBelowRow(int row)
    {
        const int fillers = int(m_threads.size());
        const int cut = std::min(row / kChunk, m_waited); // chunks [0, cut) are below and done
        for (int t = 0; t < fillers; ++t) {
            if (cut - 1 < t) {
                continue;
            }
            const int last = cut - 1 - ((cut - 1 - t) % fillers); // filler t's last chunk below
            m_sc.bandPools[size_t(t)].dropBelow(m_poolEnd[size_t(last)]);
        }
    }
    // Returns when the cells of rows [0, rows) are filled.
    void waitRows(int rows)
    {
        if (m_chunks == 0 || rows <= 0) {
            return;
        }
        if (rows % kChunk == 0) {
            m_dpRow.store(rows, std::memory_order_release);
            m_dpRow.notify_all();
        }
        const int last = std::min((rows - 1) / kChunk, m_chunks - 1);
        while (m_waited <= last) {
            while (!m_done[size_t(m_waited)].load(std::memory_order_acquire)) {
                std::this_thread::yield();
            }
            ++m_waited;
        }
    }

private:
    void fill(int t, int fillers)
    {
        Scorer &sc = m_sc;
        BandPool &pool = sc.bandPools[size_t(t)];
        for (int ch = t; ch < m_chunks && !m_stop.load(std::memory_order_relaxed); ch += fillers) {
            // no further than kAhead chunks ahead of the DP: the rows it has passed give their
            // memory back, so the cells in memory are those of the rows in between
            const int need = (ch - kAhead) * kChunk;
            for (int seen = m_dpRow.load(std::memory_order_acquire); seen < need; seen = m_dpRow.load(std::memory_order_acquire)) {
                m_dpRow.wait(seen, std::memory_order_acquire);
            }
            const int r1 = std::min(sc.ne, (ch + 1) * kChunk);
            for (int r = ch * kChunk; r < r1; ++r) {
                const int c0 = m_c0[size_t(r)], c1 = m_c1[size_t(r)];
                size_t k = sc.rowStart[size_t(r)] + size_t(c0 - sc.rowLo[size_t(r)]);
                const Feat &e = (*sc.en)[size_t(sc.e0 + r)];
                for (int c = c0; c <= c1; ++c, ++k) {
                    const Feat &z = (*sc.zh)[size_t(sc.z0 + c)];
                    if (!z.glossEmpty() && z.nConcepts > 64 && pool.size() + size_t((z.nConcepts - 64 + 63) / 64) > pool.capacity()) {
                        continue; // (cannot be: the room is counted as computeCell() takes it; the DP would compute it)
                    }
                    sc.bandCells[k] = computeCell(e, z, pool, uint8_t(t + 1));
                    sc.bandCost11[k] = encodeCost11(sc.cost11(sc.e0 + r, sc.z0 + c, sc.bandCells[k]));
                }
            }
            m_poolEnd[size_t(ch)] = pool.size();
            m_done[size_t(ch)].store(1, std::memory_order_release);
        }
    }
    static constexpr int kAhead = 8; // chunks (256 rows)
    Scorer &m_sc;
    std::atomic<int> m_dpRow{0}; // the DP's row (published at chunk starts)
    std::atomic<bool> m_stop{false};
    int m_chunks = 0;
    int m_waited = 0;
    std::unique_ptr<std::atomic<uint8_t>[]> m_done;
    std::vector<int> m_c0, m_c1; // own columns of each row
    std::vector<size_t> m_poolEnd; // each chunk's filler's pool size when the chunk was done
    std::vector<std::thread> m_threads;
};

// One row of bandAlign()'s DP with the first NMoves of fullMoves(), in their order (the first of
// equal totals wins, as in the generic loop).
template<int NMoves>
void dpRow(int i,
           const std::vector<int> &lo,
           const std::vector<int> &hi,
           const std::vector<size_t> &off,
           const std::vector<size_t> &costOff,
           std::vector<double> &costs,
           std::vector<uint8_t> &backs,
           const std::vector<double> &skipE,
           const std::vector<double> &skipZ,
           Scorer &sc,
           int eBase,
           int zBase)
{
    const double inf = std::numeric_limits<double>::infinity();
    // rows i - d (d = 0..3): their costs (from column rlo[d]) and columns; empty above row 0
    const double *row[4];
    int rlo[4], rhi[4];
    for (int d = 0; d < 4; ++d) {
        if (i - d >= 0) {
            row[d] = costs.data() + costOff[size_t(i - d)];
            rlo[d] = lo[size_t(i - d)];
            rhi[d] = hi[size_t(i - d)];
        } else {
            row[d] = nullptr;
            rlo[d] = 1;
            rhi[d] = 0;
        }
    }
    double *out = costs.data() + costOff[size_t(i)];
    uint8_t *outBack = backs.data() + off[size_t(i)];
    // the fillers' 1-1 costs, when there are (cells of the DP's rows: the band rows of the scorer)
    const uint64_t *cost11 = sc.bandCost11.empty() ? nullptr : sc.bandCost11.data();
    const std::vector<size_t> &rowStart = sc.rowStart;
    const std::vector<int> &cellLo = sc.rowLo;
    const int lo0 = lo[size_t(i)];
    for (int j = lo0; j <= hi[size_t(i)]; ++j) {
        if (i == 0 && j == 0) {
            out[0] = 0;
            continue;
        }
        double best = inf;
        uint8_t bestMove = 255;
        const auto relax = [&](auto de, auto dz, uint8_t k) {
            constexpr int DE = decltype(de)::value;
            constexpr int DZ = decltype(dz)::value;
            const int pj = j - DZ;
            if (pj < rlo[DE] || pj > rhi[DE]) {
                return; // (also above row 0 and left of column 0)
            }
            const double prev = row[DE][pj - rlo[DE]];
            if (prev == inf) {
                return;
            }
            double mc;
            if constexpr (DE == 1 && DZ == 0) {
                mc = skipE[size_t(i - 1)];
            } else if constexpr (DE == 0 && DZ == 1) {
                mc = skipZ[size_t(pj)];
            } else if constexpr (DE == 1 && DZ == 1) {
                // computed by a band filler when it made the cell (k = 0: best is still +inf)
                mc = cost11 ? decodeCost11(cost11[rowStart[size_t(i - 1)] + size_t(pj - cellLo[size_t(i - 1)])]) : std::numeric_limits<double>::quiet_NaN();
                if (mc != mc) {
                    mc = sc.moveCost<1, 1>(eBase + i - 1, zBase + pj, prev, best);
                }
            } else {
                mc = sc.moveCost<DE, DZ>(eBase + i - DE, zBase + pj, prev, best);
            }
            const double c = prev + mc;
            if (c < best) {
                best = c;
                bestMove = k;
            }
        };
        using I0 = std::integral_constant<int, 0>;
        using I1 = std::integral_constant<int, 1>;
        using I2 = std::integral_constant<int, 2>;
        using I3 = std::integral_constant<int, 3>;
        relax(I1(), I1(), 0);
        relax(I1(), I0(), 1);
        relax(I0(), I1(), 2);
        relax(I2(), I1(), 3);
        relax(I1(), I2(), 4);
        relax(I2(), I2(), 5);
        if constexpr (NMoves == 8) {
            relax(I3(), I1(), 6);
            relax(I1(), I3(), 7);
        }
        out[j - lo0] = best;
        outBack[j - lo0] = bestMove;
    }
}

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
    int width = 8;
    const double inf = std::numeric_limits<double>::infinity();
    // The DP's arrays are kept per thread for the next call (the sentence level makes one call
    // per block group: tens of thousands of small ones); after a large problem they are freed.
    struct Buffers {
        std::vector<double> skipE, skipZ, costs;
        std::vector<int> lo, hi;
        std::vector<size_t> off, costOff;
        std::vector<uint8_t> backs;
    };
    thread_local Buffers buffers;
    struct Release {
        Buffers &b;
        ~Release()
        {
            if (b.costs.capacity() > 65536 || b.skipE.capacity() > 65536 || b.skipZ.capacity() > 65536 || b.backs.capacity() > 524288) {
                b = Buffers();
            }
        }
    } release{buffers};
    // 1-0 and 0-1 moves cost the same wherever the other side is: once per segment
    std::vector<double> &skipE = buffers.skipE;
    std::vector<double> &skipZ = buffers.skipZ;
    skipE.assign(size_t(n), 0.0);
    skipZ.assign(size_t(m), 0.0);
    for (int i = 0; i < n; ++i) {
        skipE[size_t(i)] = sc.cost(eBase + i, 1, zBase, 0);
    }
    for (int j = 0; j < m; ++j) {
        skipZ[size_t(j)] = sc.cost(eBase, 0, zBase + j, 1);
    }
    for (;;) {
        auto centre = [&](int i) {
            return int((qint64(i) * m + n / 2) / n);
        };
        std::vector<int> &lo = buffers.lo;
        std::vector<int> &hi = buffers.hi;
        lo.assign(size_t(n) + 1, 0);
        hi.assign(size_t(n) + 1, 0);
        for (int i = 0; i <= n; ++i) {
            const int cPrev = centre(std::max(0, i - 1));
            const int cNext = centre(std::min(n, i + 1));
            lo[i] = std::max(0, std::min(cPrev, centre(i)) - width);
            hi[i] = std::min(m, std::max(cNext, centre(i)) + width);
        }
        lo[0] = 0;
        hi[n] = m;
        sc.setBand(lo, hi);
        BandFill bandFill(sc, lo, hi);
        // the band's back pointers in a flat array: row i's column j at off[i] + j - lo[i]; the
        // totals only for the last four rows (moves span at most 3 rows; the backtrack and the
        // edge watch read only the back pointers), row i's at costOff[i] + j - lo[i] (8 bytes
        // a cell less: ~9 MB for the 10 MB article's block band)
        std::vector<size_t> &off = buffers.off;
        std::vector<size_t> &costOff = buffers.costOff;
        off.assign(size_t(n) + 2, 0);
        costOff.assign(size_t(n) + 1, 0);
        size_t rowCap = 0;
        for (int i = 0; i <= n; ++i) {
            off[size_t(i) + 1] = off[size_t(i)] + size_t(hi[i] - lo[i] + 1);
            rowCap = std::max(rowCap, size_t(hi[i] - lo[i] + 1));
        }
        for (int i = 0; i <= n; ++i) {
            costOff[size_t(i)] = size_t(i % 4) * rowCap;
        }
        std::vector<double> &costs = buffers.costs;
        std::vector<uint8_t> &backs = buffers.backs;
        costs.assign(4 * rowCap, inf);
        backs.assign(off.back(), 255);
        const auto at = [&](int i, int j) {
            return off[size_t(i)] + size_t(j - lo[i]);
        };
        const auto costAt = [&](int i, int j) {
            return costOff[size_t(i)] + size_t(j - lo[i]);
        };
        const bool fullSet = &moves == &fullMoves();
        const auto onEdge = [&](int i, int j) {
            return (j == lo[i] && lo[i] > 0) || (j == hi[i] && hi[i] < m);
        };
        // A pass whose path will touch the band's edge is redone wider; on a long document that
        // is often known early (the synthetic 10 MB article's block path leaves the width-8 band
        // at row 89 of 24332), and the rest of the pass is wasted. Every kWatch rows the
        // backtraces of the last rows' cells are followed back to where they all meet: every
        // path through later rows goes through these rows (moves span at most 3 rows), so the
        // path the backtrack will find is fixed up to that cell, and if that part touches the
        // edge the pass ends there and widens. (The path and the widths tried are as before.)
        constexpr int kWatch = 128;
        const bool watch = n >= 4 * kWatch && width < std::max(n, m) && (fullSet || &moves == &gcMoves());
        std::pair<int, int> fixedUpTo{0, 0}; // the path is known from (0,0) to here, off the edge
        std::set<std::pair<int, int>> live;
        const auto fixedPartTouchesEdge = [&](int i) {
            live.clear();
            for (int r = std::max(0, i - 2); r <= i; ++r) {
                for (int c = lo[r]; c <= hi[r]; ++c) {
                    if (backs[at(r, c)] != 255) {
                        live.insert({r, c});
                    }
                }
            }
            // each step replaces the latest cell by its predecessor (all earlier): the last one
            // left is where every backtrace meets
            for (size_t steps = 0; live.size() > 1 && steps < 200 * size_t(width); ++steps) {
                const auto last = std::prev(live.end());
                const auto [r, c] = *last;
                live.erase(last);
                const uint8_t k = backs[at(r, c)];
                if (k != 255) {
                    live.insert({r - moves[k].de, c - moves[k].dz});
                }
            }
            if (live.size() != 1 || *live.begin() <= fixedUpTo) {
                return false;
            }
            const std::pair<int, int> meet = *live.begin();
            for (auto [r, c] = meet; std::make_pair(r, c) > fixedUpTo;) {
                if (onEdge(r, c)) {
                    return true;
                }
                const uint8_t k = backs[at(r, c)];
                if (k == 255) {
                    break;
                }
                r -= moves[k].de;
                c -= moves[k].dz;
            }
            fixedUpTo = meet;
            return false;
        };
        bool gaveUp = false;
        int gaveUpAt = -1;
        if (fullSet || &moves == &gcMoves()) {
            // the move sets are known (gcMoves() is the first six of fullMoves()): the moves
            // unrolled, each with its own constants
            const auto rows = [&](auto nMoves) {
                for (int i = 0; i <= n; ++i) {
                    bandFill.waitRows(i); // (rows of cells: i - 1 at most)
                    if (i % BandFill::kChunk == 0 && i > 3 && !sc.rowStart.empty()) {
                        // the DP reads cells of rows i - 3 .. i - 1 from here on
                        sc.bandCells.dropBelow(sc.rowStart[size_t(i - 3)]);
                        sc.bandCost11.dropBelow(sc.rowStart[size_t(i - 3)]);
                        bandFill.dropBelowRow(i - 3);
                    }
                    dpRow<decltype(nMoves)::value>(i, lo, hi, off, costOff, costs, backs, skipE, skipZ, sc, eBase, zBase);
                    if (watch && i % kWatch == kWatch - 1 && i < n && fixedPartTouchesEdge(i)) {
                        gaveUp = true;
                        gaveUpAt = i;
                        return;
                    }
                }
            };
            if (fullSet) {
                rows(std::integral_constant<int, 8>());
            } else {
                rows(std::integral_constant<int, 6>());
            }
        }
        for (int i = 0; i <= n && !fullSet && &moves != &gcMoves(); ++i) {
            bandFill.waitRows(i); // (rows of cells: i - 1 at most)
            for (int j = lo[i]; j <= hi[i]; ++j) {
                if (i == 0 && j == 0) {
                    costs[0] = 0;
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
                    const double prev = costs[costAt(pi, pj)];
                    if (prev == inf) {
                        continue;
                    }
                    double mc;
                    switch (moves[k].de * 4 + moves[k].dz) {
                    case 4: // 1-0
                        mc = skipE[size_t(pi)];
                        break;
                    case 1: // 0-1
                        mc = skipZ[size_t(pj)];
                        break;
                    case 5:
                        mc = sc.moveCost<1, 1>(eBase + pi, zBase + pj, prev, best);
                        break;
                    case 9:
                        mc = sc.moveCost<2, 1>(eBase + pi, zBase + pj, prev, best);
                        break;
                    case 6:
                        mc = sc.moveCost<1, 2>(eBase + pi, zBase + pj, prev, best);
                        break;
                    case 10:
                        mc = sc.moveCost<2, 2>(eBase + pi, zBase + pj, prev, best);
                        break;
                    case 13:
                        mc = sc.moveCost<3, 1>(eBase + pi, zBase + pj, prev, best);
                        break;
                    case 7:
                        mc = sc.moveCost<1, 3>(eBase + pi, zBase + pj, prev, best);
                        break;
                    default:
                        mc = sc.cost(eBase + pi, moves[k].de, zBase + pj, moves[k].dz, prev, best);
                        break;
                    }
                    const double c = prev + mc;
                    if (c < best) {
                        best = c;
                        bestMove = uint8_t(k);
                    }
                }
                costs[costAt(i, j)] = best;
                backs[at(i, j)] = bestMove;
            }
        }
        static const bool timingBand = qEnvironmentVariableIsSet("OKB_ALIGN_TIMING");
        if (gaveUp) {
            if (timingBand) {
                qDebug("band %d x %d width %d: touches the edge, known at row %d (%s)", n, m, width, gaveUpAt, memoryNote().constData());
            }
            width *= 2;
            continue;
        }
        // backtrack
        path.clear();
        bool touchesEdge = false;
        int firstTouch = -1, lastTouch = -1;
        int i = n, j = m;
        while (i > 0 || j > 0) {
            const uint8_t k = backs[at(i, j)];
            if (k == 255) {
                break; // unreachable (cannot happen: 0-1 and 1-0 moves connect every band)
            }
            if (onEdge(i, j)) {
                touchesEdge = true;
                firstTouch = i;
                lastTouch = lastTouch < 0 ? i : lastTouch;
            }
            path.push_back(moves[k]);
            static const bool debug = qEnvironmentVariableIsSet("OKB_ALIGN_DEBUG");
            if (debug) {
                const int pi = i - moves[k].de, pj = j - moves[k].dz;
                qDebug("move %d-%d at %d,%d cost %.2f sim %.3f ratio %.2f",
                       moves[k].de,
                       moves[k].dz,
                       eBase + pi,
                       zBase + pj,
                       sc.cost(eBase + pi, moves[k].de, zBase + pj, moves[k].dz),
                       sc.similarity(eBase + pi, moves[k].de, zBase + pj, moves[k].dz),
                       sc.ratio);
                qDebug("   1-1 here: cost %.2f sim %.3f", sc.cost(eBase + pi, 1, zBase + pj, 1), sc.similarity(eBase + pi, 1, zBase + pj, 1));
            }
            i -= moves[k].de;
            j -= moves[k].dz;
        }
        std::reverse(path.begin(), path.end());
        if (timingBand && n > 1000) {
            qDebug("band %d x %d width %d: %s rows %d..%d (%s)", n, m, width, touchesEdge ? "touches the edge" : "done", firstTouch, lastTouch, memoryNote().constData());
        }
        if (!touchesEdge || width >= std::max(n, m)) {
            return path;
        }
        width *= 2; // the path hugged the band: widen and redo (rare; amortised linear)
    }
}

// The block groups the sentence DP works in. Where the block DP is unsure of the edges, the
// groups on both sides are joined and the sentences decide (segments that nothing explains still
// end up 1-0/0-1 there):
// - a block left without counterpart (other than a title) is often one of several that belong to
//   one block on the other side: a Chinese table printed as one run-on line against one English
//   block per row, where the block moves (up to 3-1) cover a few rows and skip the rest;
// - a block merge (2-1 ... 3-1) claims that blocks belong together on the strength of their
//   summed words and lengths, and often takes a block of its neighbour's (a list's lead-in, its
//   last row).
// On the gold and held-out sets joining every merge gives the same pairs as joining only those
// below any confidence from 0.7 up, and fewer wrong pairs than not joining them.
std::vector<Move> sentenceGroups(const std::vector<Move> &blockPath,
                                 const Article &article,
                                 const std::vector<int> &enBlockIdx,
                                 const std::vector<int> &zhBlockIdx,
                                 std::vector<int> *movesPerGroup = nullptr)
{
    const auto joinsNeighbours = [&](int eb, int zb, const Move &mv) {
        if (mv.de > 0 && mv.dz > 0) {
            return mv.de + mv.dz > 2; // a merge
        }
        const bool english = mv.dz == 0;
        const int b = english ? enBlockIdx[size_t(eb)] : zhBlockIdx[size_t(zb)];
        return (english ? article.english : article.chinese).at(b).kind != BlockKind::Title;
    };
    std::vector<Move> out;
    out.reserve(blockPath.size());
    if (movesPerGroup) {
        movesPerGroup->clear();
    }
    bool joinNext = false;
    int eb = 0, zb = 0;
    for (const Move &mv : blockPath) {
        const bool join = joinsNeighbours(eb, zb, mv);
        if ((join || joinNext) && !out.empty()) {
            out.back().de += mv.de;
            out.back().dz += mv.dz;
            if (movesPerGroup) {
                ++movesPerGroup->back();
            }
        } else {
            out.push_back(mv);
            if (movesPerGroup) {
                movesPerGroup->push_back(1);
            }
        }
        joinNext = join;
        eb += mv.de;
        zb += mv.dz;
    }
    return out;
}

// Paragraph pairs where the block DP was unsure (the joined groups of sentenceGroups()): the blocks
// the sentence alignment joins there (blockGroups(): a sentence pair that spans blocks joins them),
// so a run-on table line pairs with all its English rows (n-1, beyond the block DP's 3-1) and a
// lead-in or last row goes where its sentence went. Elsewhere the block DP's moves stand. Moves
// are over the non-empty blocks (enBlockIdx/zhBlockIdx).
std::vector<Move> paragraphMoves(const Article &article,
                                 const std::function<Alignment()> &sentenceAlignment,
                                 const std::vector<Move> &blockPath,
                                 const std::vector<int> &enBlockIdx,
                                 const std::vector<int> &zhBlockIdx)
{
    std::vector<int> movesPerGroup;
    const std::vector<Move> groups = sentenceGroups(blockPath, article, enBlockIdx, zhBlockIdx, &movesPerGroup);
    if (std::all_of(movesPerGroup.begin(), movesPerGroup.end(), [](int n) {
            return n == 1;
        })) {
        return blockPath; // nothing joined: no need for the sentences
    }
    const Alignment sentences = sentenceAlignment();
    std::vector<Move> closure;
    for (const BlockGroup &g : blockGroups(article, sentences)) {
        Move mv{0, 0};
        for (int b : g.english) {
            mv.de += std::binary_search(enBlockIdx.begin(), enBlockIdx.end(), b);
        }
        for (int b : g.chinese) {
            mv.dz += std::binary_search(zhBlockIdx.begin(), zhBlockIdx.end(), b);
        }
        if (mv.de > 0 || mv.dz > 0) {
            closure.push_back(mv);
        }
    }
    // Both are partitions of the blocks into consecutive runs. Cut them into the smallest common
    // runs (the sentence pairs mostly nest in the groups; a skip absorbed across a group's edge
    // joins two): a run with a joined group takes the closure's moves, any other the block DP's.
    std::vector<Move> out;
    size_t g = 0, c = 0, move = 0;
    int ge = 0, gz = 0, ce = 0, cz = 0;
    while (g < groups.size() || c < closure.size()) {
        const size_t c0 = c, m0 = move;
        bool joined = false;
        do {
            const bool advanceGroup = c >= closure.size() || (g < groups.size() && ge + gz <= ce + cz);
            if (advanceGroup) {
                if (g >= groups.size()) {
                    return blockPath; // inconsistent partitions (cannot happen)
                }
                joined = joined || movesPerGroup[g] > 1;
                move += size_t(movesPerGroup[g]);
                ge += groups[g].de;
                gz += groups[g].dz;
                ++g;
            } else {
                ce += closure[c].de;
                cz += closure[c].dz;
                ++c;
            }
        } while (ge != ce || gz != cz);
        if (joined) {
            out.insert(out.end(), closure.begin() + qsizetype(c0), closure.begin() + qsizetype(c));
        } else {
            out.insert(out.end(), blockPath.begin() + qsizetype(m0), blockPath.begin() + qsizetype(move));
        }
    }
    return out;
}

// A Chinese list cut into rows by its English rows (runOnListRows()).
struct ListRows {
    QList<TextRange> rows; // one per English row, in order
    QList<int> english; // the English block of each row
};

struct Unit {
    int block;
    TextRange range;
};

bool endsTerminal(QStringView s, bool english);
bool endsWithColon(QStringView s);

// The range of t without its leading and trailing white space (U+3000 included).
TextRange trimmedRange(const QString &t)
{
    int s = 0, e = int(t.size());
    while (s < e && (t.at(s).isSpace() || t.at(s) == QChar(0x3000))) {
        ++s;
    }
    while (e > s && (t.at(e - 1).isSpace() || t.at(e - 1) == QChar(0x3000))) {
        --e;
    }
    return TextRange{s, e - s};
}

// The kind the aligner reads each English block as: the parser's, except where its headline guess
// costs pairs.
// - An English Title that reads as sentences (two or more, or one ending with a colon: "Xinhua
//   News Agency, 31st. The list … is as follows:") is a dateline paragraph: as a title it would
//   pair with the Chinese headline and leave the Chinese dateline omitted.
// - The first English block, a paragraph of one sentence without final punctuation that opens with
//   the English Title: header, before a Chinese headline and other English blocks, is the headline
//   (a two-line headline joined as a hard wrap because its first line is long: "Tianjin's Campaign
//   … Resolute" + "7,759 People Surrender; …"): a paragraph cannot pair with the Chinese headline
//   (a title pairs with a title or with nothing).
QList<BlockKind> englishKinds(const Article &article)
{
    QList<BlockKind> kinds;
    kinds.reserve(article.english.size());
    for (const Block &b : article.english) {
        BlockKind k = b.kind;
        if (k == BlockKind::Title && (splitEnglishSentences(b.text).size() > 1 || endsWithColon(b.text))) {
            k = BlockKind::Paragraph;
        }
        kinds.append(k);
    }
    int firstEn = 0;
    while (firstEn < article.english.size() && article.english.at(firstEn).text.trimmed().isEmpty()) {
        ++firstEn;
    }
    int firstZh = 0;
    while (firstZh < article.chinese.size() && article.chinese.at(firstZh).text.trimmed().isEmpty()) {
        ++firstZh;
    }
    if (firstEn + 1 < article.english.size() && firstZh < article.chinese.size() && article.chinese.at(firstZh).kind == BlockKind::Title
        && kinds.at(firstEn) == BlockKind::Paragraph) {
        const QString &t = article.english.at(firstEn).text;
        // it opens with the English Title: header (a cut-short first sentence may look like a headline)
        const auto letters = [](QStringView v) {
            QString o;
            for (QChar c : v) {
                if (c.isLetterOrNumber()) {
                    o += c.toLower();
                }
            }
            return o;
        };
        const QString header = letters(article.en.title);
        if (header.size() >= 10 && letters(t).startsWith(header) && splitEnglishSentences(t).size() == 1 && !endsTerminal(t, true)) {
            kinds[firstEn] = BlockKind::Title;
        }
    }
    return kinds;
}

} // namespace

// (aligner.h)
GluedHeadline gluedChineseHeadline(const Article &article)
{
    static const QRegularExpression spaces(u"[\\s\u3000]+"_s);
    const QStringList parts = article.zh.title.split(spaces, Qt::SkipEmptyParts);
    if (parts.size() < 2) {
        return {};
    }
    int b = 0;
    QString titles;
    for (; b < article.chinese.size(); ++b) {
        const Block &blk = article.chinese.at(b);
        if (blk.text.trimmed().isEmpty()) {
            continue;
        }
        if (blk.kind != BlockKind::Title) {
            break;
        }
        titles += blk.text;
    }
    if (titles.isEmpty() || b >= article.chinese.size() || article.chinese.at(b).kind != BlockKind::Paragraph) {
        return {};
    }
    const QString &t = article.chinese.at(b).text;
    const int s = trimmedRange(t).start;
    for (const QString &part : parts) {
        if (part.size() >= 3 && !titles.contains(part) && QStringView(t).mid(s).startsWith(part) && nonSpaceLength(QStringView(t).mid(s + part.size())) >= 2) {
            return {b, int(s + part.size())};
        }
    }
    return {};
}

namespace
{

// rs (the segments of block text t) with the first one cut at `end` (gluedChineseHeadline())
QList<TextRange> cutGluedHeadline(const QString &t, QList<TextRange> rs, int end)
{
    if (rs.isEmpty()) {
        rs.append(trimmedRange(t));
    }
    const TextRange first = rs.first();
    if (end <= first.start || end >= first.start + first.length) {
        return rs;
    }
    int rest = end;
    while (rest < first.start + first.length && (t.at(rest).isSpace() || t.at(rest) == QChar(0x3000))) {
        ++rest;
    }
    rs[0] = TextRange{first.start, end - first.start};
    rs.insert(1, TextRange{rest, first.start + first.length - rest});
    return rs;
}

QList<Unit> unitsOf(const QList<Block> &blocks,
                    bool english,
                    AlignLevel level,
                    const QHash<int, ListRows> &listRows = {},
                    const QList<BlockKind> &kinds = {},
                    GluedHeadline glued = {})
{
    QList<Unit> out;
    for (int b = 0; b < blocks.size(); ++b) {
        const Block &blk = blocks.at(b);
        const QString &t = blk.text;
        if (t.trimmed().isEmpty()) {
            continue;
        }
        QList<TextRange> rs = level == AlignLevel::Paragraph ? QList<TextRange>()
            : listRows.contains(b)                           ? listRows.value(b).rows
                                                             : splitBlockSegments(t, kinds.value(b, blk.kind), english ? Language::English : Language::Chinese);
        if (level == AlignLevel::Sentence && b == glued.block) {
            rs = cutGluedHeadline(t, rs, glued.end);
        }
        if (rs.isEmpty()) {
            // whole block (verses, headings, table rows, captions... are one segment each)
            out.append(Unit{b, trimmedRange(t)});
            continue;
        }
        for (const TextRange &r : rs) {
            out.append(Unit{b, r});
        }
    }
    return out;
}

bool endsTerminal(QStringView s, bool english)
{
    while (!s.isEmpty()
           && (s.back().isSpace() || s.back() == u'"' || s.back() == u'\'' || s.back() == u')' || s.back() == QChar(0x201D) || s.back() == QChar(0x2019)
               || s.back() == QChar(0xFF09) || s.back() == QChar(0x300D))) {
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

// segmentText() without the copy
QStringView segmentView(const Article &article, const Segment &segment)
{
    const QList<Block> &blocks = segment.language == Language::English ? article.english : article.chinese;
    if (segment.block < 0 || segment.block >= blocks.size()) {
        return QStringView();
    }
    return QStringView(blocks.at(segment.block).text).mid(segment.start, segment.length);
}

// A sign-off in brackets, the article's source or author: "（新华社北京２月２８日电）", "（一峰）".
bool isSourceTag(QStringView s)
{
    s = s.trimmed();
    while (!s.isEmpty() && s.back() == QChar(0x3000)) {
        s.chop(1);
    }
    return s.size() >= 3 && s.size() <= 30 && (s.front() == QChar(0xFF08) || s.front() == u'(') && (s.back() == QChar(0xFF09) || s.back() == u')');
}

// A Chinese skip that is the rest of a run-on table whose other rows already pair with one English
// segment (the English, too, printed the table as one line): the pair is 1-n, and every Chinese
// segment involved is a table row (a number in it, no sentence end: rows have no 。; verses and
// headings have no digits). Such a skip joins that pair whatever the dictionary says about it.
bool restOfRunOnLine(const Article &article, const QList<Segment> &zh, int skipZ, int skipDz, int pairDe, int pairZ, int pairDz)
{
    if (pairDe != 1 || pairDz < 2 || skipDz < 1) {
        return false;
    }
    const auto row = [&](int z) {
        const QStringView t = segmentView(article, zh.at(z));
        const bool digit = std::any_of(t.begin(), t.end(), [](QChar c) {
            return (c >= u'0' && c <= u'9') || (c.unicode() >= 0xFF10 && c.unicode() <= 0xFF19);
        });
        return digit && !endsTerminal(t, false);
    };
    for (int z = skipZ; z < skipZ + skipDz; ++z) {
        if (!row(z)) {
            return false;
        }
    }
    for (int z = pairZ; z < pairZ + pairDz; ++z) {
        if (!row(z)) {
            return false;
        }
    }
    return true;
}

// ---- A Chinese list printed as one run-on line against English rows (one line per row) ----
// The English prints a list (title, header, n rows of k cells) one row per line, the Chinese all of
// it as one line without sentence punctuation. Such a Chinese block is cut into one segment per
// English row (splitChineseListRows(): cells, padded names, missing separators read off the English
// names' pinyin), so the sentence level can pair row with row instead of one n-1 pair.
// English candidates: runs of 3+ TableRow blocks, with up to two heading lines right before them as
// the list's lead-in (a heading not taken costs as much as a missing separator); each run serves one
// Chinese block, the cheapest reading wins.
// Key: Chinese block index; blocks the existing rules already cut (a numeric table, sentences) are
// left to them.
QHash<int, ListRows> runOnListRows(const Article &article)
{
    QHash<int, ListRows> out;
    const auto blank = [](const Block &b) {
        return std::all_of(b.text.begin(), b.text.end(), [](QChar c) {
            return c.isSpace() || c == QChar(0x3000);
        });
    };
    QList<QList<int>> runs;
    {
        QList<int> cur;
        for (int b = 0; b <= article.english.size(); ++b) {
            if (b < article.english.size() && blank(article.english.at(b))) {
                continue;
            }
            if (b < article.english.size() && article.english.at(b).kind == BlockKind::TableRow) {
                cur << b;
                continue;
            }
            if (cur.size() >= 3) {
                runs << cur;
            }
            cur.clear();
        }
    }
    if (runs.isEmpty()) {
        return out;
    }
    QList<bool> used(runs.size(), false);
    // Where each run and each Chinese block sits (characters from the start of its language), so
    // that a Chinese block is tried only against the runs near its place in the English: every run
    // against every block is quadratic in a long document (a 10 MB article with its list repeated
    // spent 20 s here). The window holds a whole article of the archive, so on one article every
    // run is still a candidate.
    constexpr qint64 window = 60000;
    QList<qint64> enOffset(article.english.size() + 1, 0);
    for (int b = 0; b < article.english.size(); ++b) {
        enOffset[b + 1] = enOffset[b] + article.english.at(b).text.size() + 1;
    }
    QList<qint64> zhOffset(article.chinese.size() + 1, 0);
    for (int b = 0; b < article.chinese.size(); ++b) {
        zhOffset[b + 1] = zhOffset[b] + article.chinese.at(b).text.size() + 1;
    }
    const double enPerZh = zhOffset.last() > 0 ? double(enOffset.last()) / double(zhOffset.last()) : 1.0;
    for (int z = 0; z < article.chinese.size(); ++z) {
        const Block &blk = article.chinese.at(z);
        if ((blk.kind != BlockKind::Paragraph && blk.kind != BlockKind::TableRow) || blank(blk)) {
            continue;
        }
        const QString &t = blk.text;
        const TextRange trimmed = trimmedRange(t);
        const int s = trimmed.start, e = trimmed.start + trimmed.length;
        if (std::count(t.begin() + s, t.begin() + e, QChar(0x3000)) < 4 || splitBlockSegments(t, blk.kind, Language::Chinese).size() > 1) {
            continue;
        }
        // a heading of its own before the Chinese list takes the English heading, not the list
        bool chineseHeadingBefore = false;
        for (int k = z - 1; k >= 0; --k) {
            if (!blank(article.chinese.at(k))) {
                chineseHeadingBefore = article.chinese.at(k).kind == BlockKind::Heading || article.chinese.at(k).kind == BlockKind::Title;
                break;
            }
        }
        int bestRun = -1;
        double bestCost = std::numeric_limits<double>::max();
        ListRows best;
        int fields = 0; // U+3000-separated fields of the Chinese line
        for (int i = s; i < e; ++i) {
            fields += (i == s || t.at(i - 1) == QChar(0x3000)) && t.at(i) != QChar(0x3000);
        }
        const qint64 expected = qint64(double(zhOffset[z]) * enPerZh);
        for (int r = 0; r < runs.size(); ++r) {
            if (used[r] || std::abs(enOffset[runs[r].first()] - expected) > window) {
                continue;
            }
            QList<QStringList> rows;
            int cells = 0;
            for (int b : runs[r]) {
                rows << tableRowCells(article.english.at(b).text);
                cells += int(rows.last().size());
            }
            // a reading needs half of the cell boundaries on separators, and a field is at most
            // one cell or half a padded name: skip runs that cannot fit without trying
            if (2 * fields < cells || fields > 2 * cells + 4) {
                continue;
            }
            // lead-in: up to two heading lines right before the rows
            QList<int> leadIn;
            for (int b = runs[r].first() - 1; b >= 0 && leadIn.size() < 2; --b) {
                const Block &eb = article.english.at(b);
                if (blank(eb)) {
                    continue;
                }
                if (eb.kind != BlockKind::Heading || chineseHeadingBefore) {
                    break;
                }
                leadIn.prepend(b);
            }
            for (int m = 0; m <= leadIn.size(); ++m) {
                QList<QStringList> withLead;
                for (int k = int(leadIn.size()) - m; k < leadIn.size(); ++k) {
                    withLead << tableRowCells(article.english.at(leadIn[k]).text);
                }
                withLead << rows;
                double cost = 0;
                const QList<TextRange> cut = splitChineseListRows(t, TextRange{s, e - s}, withLead, &cost);
                cost += double(leadIn.size() - m); // an English heading line left to nothing
                if (!cut.isEmpty() && cost < bestCost) {
                    bestCost = cost;
                    bestRun = r;
                    best.rows = cut;
                    best.english = leadIn.mid(leadIn.size() - m) + runs[r];
                }
            }
        }
        if (bestRun >= 0) {
            used[bestRun] = true;
            out.insert(z, best);
        }
    }
    return out;
}

// The author signing off the article: a short last line (Signature) that is the Chinese author
// header ("仰泽" under "### 乘胜前进…") or the English Author: line's name ("Yang Ze": one character
// per syllable).
bool isAuthorSignature(const Article &article, QStringView s)
{
    s = s.trimmed();
    while (!s.isEmpty() && s.back() == QChar(0x3000)) {
        s.chop(1);
    }
    while (!s.isEmpty() && s.front() == QChar(0x3000)) {
        s = s.mid(1);
    }
    if (s.size() < 2 || s.size() > 4 || !std::all_of(s.begin(), s.end(), isCjk)) {
        return false;
    }
    const QString zhAuthor = article.zh.author.trimmed();
    if (!zhAuthor.isEmpty() && zhAuthor == s) {
        return true;
    }
    return zhAuthor.isEmpty() && pinyinNameSyllables(article.en.author) == s.size();
}

// A truncated English tail goes forward: the English stops mid-sentence ("… peoples. This"), the
// sentence DP puts the fragment with the previous, complete sentence (2-1) and leaves the Chinese
// sentence it begins to translate alone (0-1), or joins both sentences on both sides (2-2). The
// fragment (last segment of its paragraph, no sentence punctuation, a third of the sentence before
// at most) pairs 1-1 with the Chinese sentence it begins instead; the fault pass flags it truncated.
template<typename Pair>
void moveTruncatedTailForward(std::vector<Pair> &raw, const Article &article, const QList<Segment> &en, const QList<Segment> &zh)
{
    for (size_t i = 0; i < raw.size(); ++i) {
        Pair &p = raw[i];
        // the Chinese sentence the fragment begins: the first of a Chinese skip right after the
        // pair, or the pair's own last one when the DP joined it (2-2: "… peoples. / This" with
        // "…固定起来。 / 这个条约…")
        const bool skipAfter = i + 1 < raw.size() && raw[i + 1].de == 0 && raw[i + 1].dz > 0;
        if (p.de < 2 || p.dz < 1 || (!skipAfter && p.dz < 2)) {
            continue;
        }
        const int last = p.e + p.de - 1;
        const Segment &frag = en.at(last);
        if ((last + 1 < en.size() && en.at(last + 1).block == frag.block) || article.english.at(frag.block).kind != BlockKind::Paragraph
            || en.at(last - 1).block != frag.block) {
            continue;
        }
        const int target = p.dz >= 2 ? p.z + p.dz - 1 : raw[i + 1].z;
        const QStringView f = segmentView(article, frag);
        const QStringView before = segmentView(article, en.at(last - 1));
        const QStringView next = segmentView(article, zh.at(target));
        if (endsTerminal(f, true) || !endsTerminal(before, true) || !endsTerminal(next, false) || 3 * nonSpaceLength(f) > nonSpaceLength(before)
            || article.chinese.at(zh.at(target).block).kind != BlockKind::Paragraph) {
            continue;
        }
        Pair moved = p;
        moved.e = last;
        moved.de = 1;
        moved.z = target;
        moved.dz = 1;
        moved.conf = 0.5;
        --p.de;
        if (p.dz >= 2) {
            --p.dz;
            raw.insert(raw.begin() + qsizetype(i) + 1, moved);
        } else {
            Pair &q = raw[i + 1];
            ++q.z;
            --q.dz;
            if (q.dz == 0) {
                q = moved;
            } else {
                raw.insert(raw.begin() + qsizetype(i) + 1, moved);
            }
        }
        ++i;
    }
}

bool endsWithColon(QStringView s)
{
    s = s.trimmed();
    while (!s.isEmpty() && s.back() == QChar(0x3000)) {
        s.chop(1);
    }
    return !s.isEmpty() && (s.back() == u':' || s.back() == QChar(0xFF1A));
}

// An English lead-in line: short, one clause, ending with a colon ("Notes:", "Course Content:").
bool isEnglishLeadInLine(QStringView s)
{
    s = s.trimmed();
    if (!endsWithColon(s) || s.size() > 60) {
        return false;
    }
    s.chop(1);
    return !s.contains(u':') && !s.contains(u". "_s) && !s.contains(u"; "_s);
}

// The length of a short label and its colon opening a Chinese text ("注意事项：１、…" -> 5), or 0.
qsizetype chineseLabelLength(QStringView s)
{
    for (qsizetype i = 0; i < std::min<qsizetype>(s.size(), 13); ++i) {
        const QChar c = s.at(i);
        if (c == QChar(0xFF1A) || c == u':') {
            return i >= 1 ? i + 1 : 0;
        }
        if (c.isPunct() || c.isSpace() || c == QChar(0x3000)) {
            return 0;
        }
    }
    return 0;
}

// A lead-in goes forward: an English line of its own ending with a colon ("Notes:") introduces
// what follows it. When the DP put it with the paragraph before it ("Start Date: …" + "Notes:" <->
// "开课日期：…") while the next pair's Chinese opens with a label ("注意事项：１、…") and the pair's
// own Chinese does not end with a colon, it moves to the front of the next pair. Both levels.
template<typename Pair>
void moveLeadInForward(std::vector<Pair> &raw, const Article &article, const QList<Segment> &en, const QList<Segment> &zh)
{
    for (size_t i = 0; i + 1 < raw.size(); ++i) {
        Pair &p = raw[i];
        Pair &q = raw[i + 1];
        if (p.de < 2 || p.dz < 1 || q.de < 1 || q.dz < 1) {
            continue;
        }
        const int last = p.e + p.de - 1;
        const Segment &lead = en.at(last);
        if (en.at(last - 1).block == lead.block || en.at(q.e).block == lead.block || !isEnglishLeadInLine(segmentView(article, lead))
            || endsWithColon(segmentView(article, zh.at(p.z + p.dz - 1))) || chineseLabelLength(segmentView(article, zh.at(q.z))) == 0) {
            continue;
        }
        --p.de;
        --q.e;
        ++q.de;
    }
}

// A lead-in cut off the Chinese sentence that runs it into what it introduces: the English ends a
// line with a lead-in ("Course Content:", "The full text of the telegram is as follows:") and
// prints what it introduces on the next, the Chinese has both in one sentence ("学习内容：（１）…",
// "电报全文如下：苏丹共和国总理…阁下："). The segmenter rightly does not cut at every '：'; the English
// line break shows this one. A pair of 2+ English segments whose first ends its line with a colon
// and one Chinese sentence with a '：' inside is cut at the '：' whose share of the Chinese is nearest
// the lead-in's share of the English (within 0.2): two pairs. `zh` and `zhFeats` get the new
// segment (makeFeat gives its feature); the later pairs' Chinese indices move up by one.
template<typename Pair, typename MakeFeat>
void cutChineseAtLeadIn(std::vector<Pair> &raw,
                        const Article &article,
                        const QList<Segment> &en,
                        QList<Segment> &zh,
                        std::vector<Feat> &zhFeats,
                        MakeFeat makeFeat)
{
    // where to cut: the Chinese segment of a pair, and the length of its head
    const auto cutOf = [&](const Pair &p) -> qsizetype {
        if (p.de < 2 || p.dz != 1 || en.at(p.e).block == en.at(p.e + 1).block) {
            return -1;
        }
        const QStringView lead = segmentView(article, en.at(p.e));
        if (!endsWithColon(lead)) {
            return -1;
        }
        double enAll = 0;
        for (int a = 0; a < p.de; ++a) {
            enAll += nonSpaceLength(segmentView(article, en.at(p.e + a)));
        }
        const QStringView text = segmentView(article, zh.at(p.z));
        const double zhAll = nonSpaceLength(text);
        if (enAll <= 0 || zhAll <= 0) {
            return -1;
        }
        const double enShare = nonSpaceLength(lead) / enAll;
        qsizetype cut = -1;
        double bestDiff = 0.2;
        for (qsizetype k = 0; k + 1 < text.size(); ++k) {
            if (text.at(k) != QChar(0xFF1A) || nonSpaceLength(text.mid(k + 1)) == 0) {
                continue;
            }
            const double diff = std::abs(nonSpaceLength(text.left(k + 1)) / zhAll - enShare);
            if (diff <= bestDiff) {
                bestDiff = diff;
                cut = k + 1;
            }
        }
        return cut;
    };
    std::vector<qsizetype> cuts(raw.size(), -1);
    bool any = false;
    for (size_t i = 0; i < raw.size(); ++i) {
        cuts[i] = cutOf(raw[i]);
        any = any || cuts[i] > 0;
    }
    if (!any) {
        return;
    }
    // one pass: the pairs and the Chinese segments rebuilt with the cuts (every Chinese segment
    // is in exactly one pair or skip, in order); the features of the cut segments' two pieces
    // aside, put in place afterwards
    std::vector<Pair> outPairs;
    outPairs.reserve(raw.size() + 8);
    QList<Segment> outZh;
    outZh.reserve(zh.size() + 8);
    std::vector<Feat> pieces; // head, tail of each cut
    std::vector<int> cutZ; // the cut segments (original indices, ascending)
    int z = 0; // next original Chinese segment to copy
    const auto copyUpTo = [&](int end) {
        for (; z < end; ++z) {
            outZh.append(zh.at(z));
        }
    };
    for (size_t i = 0; i < raw.size(); ++i) {
        Pair p = raw[i];
        copyUpTo(p.z);
        const int shift = int(outZh.size()) - p.z;
        p.z += shift;
        if (cuts[i] <= 0) {
            outPairs.push_back(p);
            continue;
        }
        Segment head = zh.at(z);
        Segment tail = head;
        head.length = int(cuts[i]);
        tail.start += int(cuts[i]);
        tail.length -= int(cuts[i]);
        const QString &blockText = article.chinese.at(tail.block).text;
        while (tail.length > 0 && (blockText.at(tail.start).isSpace() || blockText.at(tail.start) == QChar(0x3000))) {
            ++tail.start;
            --tail.length;
        }
        Feat hf = makeFeat(head);
        hf.firstInBlock = zhFeats[size_t(z)].firstInBlock;
        Feat tf = makeFeat(tail);
        tf.firstInBlock = false;
        outZh.append(head);
        outZh.append(tail);
        pieces.push_back(std::move(hf));
        pieces.push_back(std::move(tf));
        cutZ.push_back(z);
        ++z;
        Pair first = p;
        first.de = 1;
        Pair rest = p;
        ++rest.e;
        --rest.de;
        ++rest.z;
        outPairs.push_back(first);
        outPairs.push_back(rest);
    }
    copyUpTo(int(zh.size()));
    raw.swap(outPairs);
    zh = std::move(outZh);
    // The features in place, from the back (a second array of them all would double their
    // memory at the alignment's peak): segment k moves to k + the cuts before it, a cut one's
    // place takes its two pieces.
    const size_t n0 = zhFeats.size();
    size_t k = cutZ.size();
    zhFeats.resize(n0 + k);
    size_t w = zhFeats.size();
    for (size_t s = n0; s-- > 0 && k > 0;) { // (below the first cut nothing moves)
        if (size_t(cutZ[k - 1]) == s) {
            --k;
            zhFeats[--w] = std::move(pieces[2 * k + 1]);
            zhFeats[--w] = std::move(pieces[2 * k]);
        } else {
            zhFeats[--w] = std::move(zhFeats[s]);
        }
    }
}

// The English row of a Chinese segment cut from a run-on list (runOnListRows()), or -1.
int listRowEnglishBlock(const QHash<int, ListRows> &lists, const Segment &zh)
{
    const auto it = lists.constFind(zh.block);
    if (it == lists.cend()) {
        return -1;
    }
    for (int k = 0; k < it->rows.size(); ++k) {
        if (it->rows.at(k).start == zh.start) {
            return it->english.at(k);
        }
    }
    return -1;
}

// A pair of n English rows and the n Chinese rows cut by them (runOnListRows()) is n row pairs:
// the cut already matched each Chinese row with its English row (a title and a header that the
// DP joined 2-2, for instance).
template<typename Pair>
void splitListRowPairs(std::vector<Pair> &raw, const QHash<int, ListRows> &lists, const QList<Segment> &en, const QList<Segment> &zh)
{
    if (lists.isEmpty()) {
        return;
    }
    std::vector<Pair> out;
    out.reserve(raw.size());
    for (const Pair &r : raw) {
        bool rows = r.de == r.dz && r.de > 1;
        for (int k = 0; rows && k < r.de; ++k) {
            rows = listRowEnglishBlock(lists, zh.at(r.z + k)) == en.at(r.e + k).block;
        }
        if (!rows) {
            out.push_back(r);
            continue;
        }
        for (int k = 0; k < r.de; ++k) {
            Pair one = r;
            one.e = r.e + k;
            one.de = 1;
            one.z = r.z + k;
            one.dz = 1;
            out.push_back(one);
        }
    }
    raw.swap(out);
}

// Letters and digits of s, lower-cased (foldWide: full-width forms folded first, as foldWidth()).
// Written into the buffer directly; ASCII and CJK ideographs without Qt's property lookups.
// Writes the normalised text to d (room for s.size() characters); returns its length.
template<bool foldWide>
qsizetype normaliseForRepeatImpl(QStringView s, QChar *d)
{
    qsizetype n = 0;
    for (QChar c : s) {
        char16_t u = c.unicode();
        if constexpr (foldWide) {
            if (u >= 0xFF01 && u <= 0xFF5E) {
                u = char16_t(u - 0xFEE0);
            } else if (u == 0x3000) {
                u = u' ';
            }
            c = QChar(u);
        }
        if (u < 128) {
            // without branches (letters, spaces and punctuation alternate unpredictably): the
            // lower-cased character is written, and kept when it is a letter or digit
            const char16_t lower = char16_t(u - u'A') < 26 ? char16_t(u + 32) : u;
            d[n] = QChar(lower);
            n += int(char16_t(lower - u'a') < 26) | int(char16_t(u - u'0') < 10);
        } else if ((u >= 0x4E00 && u <= 0x9FA5) || (u >= 0x3400 && u <= 0x4DB5)) {
            d[n++] = c; // CJK ideographs (assigned since Unicode 3.0): letters without case
        } else if (c.isLetterOrNumber()) {
            d[n++] = c.toLower();
        }
    }
    return n;
}

qsizetype normaliseForRepeat(QStringView s, bool foldWide, QChar *d)
{
    return foldWide ? normaliseForRepeatImpl<true>(s, d) : normaliseForRepeatImpl<false>(s, d);
}

// The English repeat keys seen so far: their characters in one array, found through an
// open-addressing table of their hashes (no string or hash node allocated per sentence).
class RepeatKeys
{
public:
    struct Seen {
        int pair;
        int z, dz; // the pair's Chinese: its repeat key is made when a repeat is first found
        bool haveZh = false;
        QString zh;
        qsizetype off = 0, len = 0; // the key in chars
        size_t hash = 0;
    };
    // The entry of key, or nullptr after adding one made by make() (key is then its copy).
    Seen *findOrAdd(QStringView key, const Seen &make)
    {
        const size_t h = qHash(key, size_t(0));
        if ((m_entries.size() + 1) * 2 > m_table.size()) {
            grow();
        }
        const size_t mask = m_table.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const uint32_t t = m_table[i];
            if (t == 0) {
                Seen e = make;
                e.off = m_chars.size();
                e.len = key.size();
                e.hash = h;
                m_chars.append(key);
                m_entries.push_back(std::move(e));
                m_table[i] = uint32_t(m_entries.size());
                return nullptr;
            }
            Seen &e = m_entries[t - 1];
            if (e.hash == h && QStringView(m_chars).mid(e.off, e.len) == key) {
                return &e;
            }
        }
    }

private:
    void grow()
    {
        std::vector<uint32_t> table(std::max<size_t>(1024, m_table.size() * 2), 0);
        const size_t mask = table.size() - 1;
        for (size_t k = 0; k < m_entries.size(); ++k) {
            size_t i = m_entries[k].hash & mask;
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = uint32_t(k + 1);
        }
        m_table.swap(table);
    }
    QString m_chars;
    std::vector<Seen> m_entries;
    std::vector<uint32_t> m_table; // entry index + 1; 0 = empty
};

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
    const QList<Unit> units = unitsOf(english ? article.english : article.chinese,
                                      english,
                                      level,
                                      english || level == AlignLevel::Paragraph ? QHash<int, ListRows>() : runOnListRows(article),
                                      english ? englishKinds(article) : QList<BlockKind>(),
                                      english ? GluedHeadline() : gluedChineseHeadline(article));
    QList<Segment> out;
    out.reserve(units.size());
    for (const Unit &u : units) {
        out.append(Segment{language, u.block, u.range.start, u.range.length});
    }
    return out;
}

QList<BlockGroup> blockGroups(const Article &article, const Alignment &alignment)
{
    QList<BlockGroup> groups;
    int lastEn = -1, lastZh = -1; // last block index placed, per language
    auto place = [&](BlockGroup &g, QList<int> &list, int &last, int block) {
        while (last < block) {
            ++last;
            if (!list.contains(last)) {
                list.append(last);
            }
        }
        Q_UNUSED(g)
    };
    for (const AlignedPair &p : alignment.pairs) {
        int firstEn = -1, endEn = -1, firstZh = -1, endZh = -1;
        for (int i : p.english) {
            const int b = alignment.english.at(i).block;
            firstEn = firstEn < 0 ? b : std::min(firstEn, b);
            endEn = std::max(endEn, b);
        }
        for (int i : p.chinese) {
            const int b = alignment.chinese.at(i).block;
            firstZh = firstZh < 0 ? b : std::min(firstZh, b);
            endZh = std::max(endZh, b);
        }
        // joins the previous group when it shares a block with it
        const bool joinsPrevious = !groups.isEmpty() && ((firstEn >= 0 && firstEn <= lastEn) || (firstZh >= 0 && firstZh <= lastZh));
        if (!joinsPrevious) {
            groups.append(BlockGroup());
        }
        BlockGroup &g = groups.last();
        if (endEn >= 0) {
            place(g, g.english, lastEn, endEn);
        }
        if (endZh >= 0) {
            place(g, g.chinese, lastZh, endZh);
        }
        g.confidence = std::min(g.confidence, p.confidence);
        g.faults |= p.faults;
    }
    // trailing blocks without text
    if (groups.isEmpty() && (!article.english.isEmpty() || !article.chinese.isEmpty())) {
        groups.append(BlockGroup());
    }
    if (!groups.isEmpty()) {
        while (lastEn + 1 < article.english.size()) {
            groups.last().english.append(++lastEn);
        }
        while (lastZh + 1 < article.chinese.size()) {
            groups.last().chinese.append(++lastZh);
        }
    }
    return groups;
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

namespace
{
// The features of a large document were made (and freed) on worker threads, in their malloc
// arenas, where the caller's next allocations (layout, on its own thread) do not reuse them: glibc
// keeps those pages until trimmed. A few milliseconds for a 10 MB article, whose memory after the
// alignment falls by ~80 MiB; small documents are left alone.
void releaseFreedMemory(qsizetype segments)
{
#ifdef __GLIBC__
    if (segments > 20000) {
        static const bool timing = qEnvironmentVariableIsSet("OKB_ALIGN_TIMING");
        if (timing) {
            qDebug("memory before the trim (%s)", memoryNote().constData());
        }
        QElapsedTimer timer;
        timer.start();
        malloc_trim(0);
        if (timing) {
            qDebug("freed memory returned %.3f s (%s)", timer.nsecsElapsed() / 1e9, memoryNote().constData());
        }
    }
#else
    Q_UNUSED(segments);
#endif
}

// What a paragraph-level alignment hands to the sentence-level one it needs (paragraphMoves()):
// the sentence features and the block path are the same at both levels, so they are not made
// again (that was half of the paragraph level's time and a second set of features in memory).
// The block features stay the caller's (it still needs them) and are only read.
struct SentenceInputs {
    std::vector<Feat> enSent, zhSent;
    QList<Segment> enSegs, zhSegs;
    std::vector<Feat> *enBlocks = nullptr, *zhBlocks = nullptr;
    std::vector<int> enBlockIdx, zhBlockIdx, enFirst, zhFirst;
    std::vector<uint8_t> enLent, zhLent;
    std::vector<Move> blockPath;
    QHash<int, ListRows> listRows;
};

Alignment alignArticleImpl(const Article &article, const AlignOptions &options, SentenceInputs *in = nullptr)
{
    Alignment result;
    result.level = options.level;
    const bool full = options.method == AlignMethod::Full;

    OpenTrace::Phase tracePhase(in ? "align-lexicon(sentence)" : "align-lexicon");
    Lexicon lex;
    EnglishVocabulary englishWords; // (lex.english once the English features are made)
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
            lex.glossary.add(term, ids);
        }
    }

    tracePhase.next("align-features");
    static const bool timing = qEnvironmentVariableIsSet("OKB_ALIGN_TIMING");
    if (timing) {
        qDebug("alignment start (%s)", memoryNote().constData());
    }
    QElapsedTimer timer;
    timer.start();
    // OKB_ALIGN_TIMING: wall and process CPU time of each phase, on stderr
    // (and of the calling thread alone: with idle cores its share is about the critical path)
    const auto cpuNow = [](clockid_t clock = CLOCK_PROCESS_CPUTIME_ID) {
        timespec ts;
        clock_gettime(clock, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    };
    const double cpuStart = timing ? cpuNow() : 0.0;
    const double threadStart = timing ? cpuNow(CLOCK_THREAD_CPUTIME_ID) : 0.0;
    auto blockSegment = [&](Language lang, int blockIndex) {
        const Block &blk = (lang == Language::English ? article.english : article.chinese).at(blockIndex);
        const TextRange trimmed = trimmedRange(blk.text);
        return Segment{lang, blockIndex, trimmed.start, trimmed.length};
    };

    // Sentences and their features first (both levels); block features are their unions.
    std::vector<Feat> enSent, zhSent;
    QList<Segment> enSegs, zhSegs;
    std::vector<Feat> ownEnBlocks, ownZhBlocks;
    std::vector<Feat> &enBlocks = in ? *in->enBlocks : ownEnBlocks;
    std::vector<Feat> &zhBlocks = in ? *in->zhBlocks : ownZhBlocks;
    std::vector<int> enBlockIdx, zhBlockIdx; // non-empty blocks
    std::vector<int> enFirst, zhFirst; // first sentence of each non-empty block
    std::vector<uint8_t> enLent, zhLent; // block features that are their one sentence's
    // (made by the first worker while the others start on the English: only the Chinese needs it)
    QHash<int, ListRows> listRows;
    const QList<BlockKind> enKinds = englishKinds(article);
    const GluedHeadline glued = gluedChineseHeadline(article);
    // Features of a run of blocks [b0, b1) of one language.
    struct Collected {
        std::vector<Feat> sent;
        QList<Segment> segs;
        std::vector<Feat> bfeats;
        std::vector<int> bidx;
        std::vector<int> first; // relative to sent
        std::vector<uint8_t> lent; // per block: its one sentence's feature is lent to bfeats
    };
    auto collectRange = [&](Language lang, int b0, int b1, Collected &o) {
        const bool english = lang == Language::English;
        const QList<Block> &blocks = english ? article.english : article.chinese;
        for (int bi = b0; bi < b1; ++bi) {
            const Block &blk = blocks.at(bi);
            const Segment whole = blockSegment(lang, bi);
            if (whole.length == 0) {
                continue;
            }
            const BlockKind kind = english ? enKinds.at(bi) : blk.kind;
            QList<TextRange> rs = english || !listRows.contains(bi) ? splitBlockSegments(blk.text, kind, lang) : listRows.value(bi).rows;
            const bool gluedHere = !english && bi == glued.block;
            if (gluedHere) {
                rs = cutGluedHeadline(blk.text, rs, glued.end);
            }
            if (rs.isEmpty()) {
                rs.append(TextRange{whole.start, whole.length});
            }
            o.first.push_back(int(o.sent.size()));
            o.bidx.push_back(bi);
            if (rs.size() == 1) {
                // One sentence: the block's feature is the sentence's (a merge of one changes
                // nothing), lent to the block level without a copy until the block DP is done.
                const TextRange &r = rs.first();
                o.segs.append(Segment{lang, bi, r.start, r.length});
                Feat f = english ? englishFeat(QStringView(blk.text).mid(r.start, r.length), full)
                                 : chineseFeat(QStringView(blk.text).mid(r.start, r.length), lex, full);
                f.kind = kind;
                f.firstInBlock = true;
                o.sent.emplace_back();
                o.lent.push_back(1);
                o.bfeats.push_back(std::move(f));
                continue;
            }
            o.lent.push_back(0);
            const size_t s0 = o.sent.size();
            bool firstInBlock = true;
            for (const TextRange &r : rs) {
                o.segs.append(Segment{lang, bi, r.start, r.length});
                const QStringView text = QStringView(blk.text).mid(r.start, r.length);
                o.sent.push_back(english ? englishFeat(text, full) : chineseFeat(text, lex, full, false));
                Feat &f = o.sent.back();
                f.kind = gluedHere && firstInBlock ? BlockKind::Title : kind;
                f.firstInBlock = firstInBlock;
                firstInBlock = false;
            }
            o.bfeats.push_back(mergedBlock(o.sent.data() + s0, o.sent.size() - s0));
            o.bfeats.back().kind = kind;
            if (!english) {
                // the block's list holds them all until the sentence level: splitBlockGloss()
                for (size_t k = s0; k < o.sent.size(); ++k) {
                    o.sent[k].setGloss(nullptr, 0, false);
                }
            }
        }
    };
    // Blocks are independent: the English and Chinese blocks, in order, are cut into runs of
    // about equal work (a Chinese character costs ~7.5 English ones: dictionary lookups), which
    // the workers take in order as they become free (the Chinese list rows, which one worker
    // finds first, took as long as all the English); the runs are joined in order, so the
    // result does not depend on the number of threads.
    struct Task {
        Language lang;
        int b0, b1;
        Collected out;
    };
    std::vector<Task> tasks;
    if (in) {
        enSent = std::move(in->enSent);
        zhSent = std::move(in->zhSent);
        enSegs = std::move(in->enSegs);
        zhSegs = std::move(in->zhSegs);
        enBlockIdx = std::move(in->enBlockIdx);
        zhBlockIdx = std::move(in->zhBlockIdx);
        enFirst = std::move(in->enFirst);
        zhFirst = std::move(in->zhFirst);
        enLent = std::move(in->enLent);
        zhLent = std::move(in->zhLent);
        listRows = in->listRows;
    } else {
        const int threads = article.english.size() + article.chinese.size() > 64 ? workerThreads() : 1;
        const int nE = int(article.english.size());
        const int nZ = int(article.chinese.size());
        // A language's first run is taken whole by the join below, the others' features are
        // moved over one by one, and their vectors leave holes in the heap (~10 MB more at the
        // peak for the 10 MB article in runs of 1/32): the English is one run (one worker does
        // it while another finds the list rows), the Chinese one of half and a few small ones
        // for the workers to end together.
        for (const Language lang : {Language::English, Language::Chinese}) {
            const bool english = lang == Language::English;
            const QList<Block> &blocks = english ? article.english : article.chinese;
            const int n = english ? nE : nZ;
            double langCost = 0;
            for (const Block &b : blocks) {
                langCost += (english ? 1.0 : 7.5) * double(b.text.size()) + 20;
            }
            // (the Chinese waits for all English runs: their words decide which glosses it keeps)
            const double runCost = threads > 1 && !english ? langCost / 8 : threads > 2 ? langCost / (threads - 1) : langCost + 1;
            double acc = 0;
            int b0 = 0;
            for (int b = 0; b < n; ++b) {
                acc += (english ? 1.0 : 7.5) * double(blocks.at(b).text.size()) + 20;
                if (acc >= (b0 == 0 ? std::max(runCost, langCost / 2) : runCost) || b + 1 == n) {
                    tasks.push_back(Task{lang, b0, b + 1, Collected()});
                    b0 = b + 1;
                    acc = 0;
                }
            }
        }
        std::atomic<size_t> nextTask{0};
        std::atomic<bool> listRowsReady{!full};
        // The English runs come first in `tasks`: the worker that ends the last one makes the
        // vocabulary the Chinese runs wait for.
        const int englishTasks = int(std::count_if(tasks.begin(), tasks.end(), [](const Task &t) {
            return t.lang == Language::English;
        }));
        std::atomic<int> englishLeft{englishTasks};
        std::atomic<bool> englishReady{!full || englishTasks == 0};
        if (full && englishTasks == 0) {
            lex.english = &englishWords; // (empty: no gloss can match)
        }
        auto run = [&](int w) {
            if (w == threads - 1 && full) {
                listRows = runOnListRows(article);
                listRowsReady.store(true, std::memory_order_release);
                listRowsReady.notify_all();
            }
            for (size_t k = nextTask++; k < tasks.size(); k = nextTask++) {
                Task &t = tasks[k];
                if (t.lang == Language::Chinese) {
                    listRowsReady.wait(false, std::memory_order_acquire);
                    englishReady.wait(false, std::memory_order_acquire);
                }
                collectRange(t.lang, t.b0, t.b1, t.out);
                if (full && t.lang == Language::English && englishLeft.fetch_sub(1, std::memory_order_acq_rel) == 1) {
                    for (const Task &et : tasks) {
                        if (et.lang == Language::English) {
                            for (const std::vector<Feat> *v : {&et.out.sent, &et.out.bfeats}) {
                                for (const Feat &f : *v) {
                                    for (uint32_t id : f.words()) {
                                        englishWords.insert(id);
                                    }
                                }
                            }
                        }
                    }
                    lex.english = &englishWords;
                    englishReady.store(true, std::memory_order_release);
                    englishReady.notify_all();
                }
            }
        };
        runParts(threads, run);
        size_t nSent[2] = {0, 0}, nBlocks[2] = {0, 0};
        for (const Task &t : tasks) {
            nSent[t.lang == Language::English] += t.out.sent.size();
            nBlocks[t.lang == Language::English] += t.out.bfeats.size();
        }
        // The first run of each language is taken whole (its vectors, not their elements, are
        // moved: the join ran on one thread and cost ~7% of the phase); the next runs are appended.
        const auto take = [](std::vector<Feat> &dst, std::vector<Feat> &src, size_t total) {
            if (dst.empty()) {
                dst = std::move(src);
                return;
            }
            dst.reserve(total + total / 64 + 16); // (room for cutChineseAtLeadIn()'s pieces)
            std::move(src.begin(), src.end(), std::back_inserter(dst));
        };
        for (Task &t : tasks) {
            const bool english = t.lang == Language::English;
            std::vector<Feat> &sent = english ? enSent : zhSent;
            QList<Segment> &segs = english ? enSegs : zhSegs;
            std::vector<Feat> &bfeats = english ? enBlocks : zhBlocks;
            std::vector<int> &bidx = english ? enBlockIdx : zhBlockIdx;
            std::vector<int> &first = english ? enFirst : zhFirst;
            std::vector<uint8_t> &lent = english ? enLent : zhLent;
            lent.insert(lent.end(), t.out.lent.begin(), t.out.lent.end());
            const int base = int(sent.size());
            for (int f : t.out.first) {
                first.push_back(base + f);
            }
            take(sent, t.out.sent, nSent[english]);
            if (segs.isEmpty()) {
                segs = std::move(t.out.segs);
            } else {
                segs.reserve(qsizetype(nSent[english]));
                segs.append(t.out.segs);
            }
            take(bfeats, t.out.bfeats, nBlocks[english]);
            bidx.insert(bidx.end(), t.out.bidx.begin(), t.out.bidx.end());
            t.out = Collected(); // moved-from shells: free them now, not at the end of the scope
        }
        enFirst.push_back(int(enSent.size()));
        zhFirst.push_back(int(zhSent.size()));
        // The segment lists become the result's, kept as long as the document: at their size (a
        // run's list grew by appending: 10 MB article, 1.05 MB for 0.67 MB of English segments)
        enSegs.squeeze();
        zhSegs.squeeze();
        // The runs' vectors are freed in the arenas of the threads that made them, where the
        // phases below (on other threads) do not reuse them: given back now (a few ms for a large
        // article; ~8 MB of the 40 MB synthetic article's peak).
        if (threads > 1) {
            releaseFreedMemory(qsizetype(enSent.size() + zhSent.size()));
        }
    }
    tracePhase.next("align-block-and-sentence-dp");
    if (timing) {
        qDebug("features %.3f s (CPU %.3f s, this thread %.3f s; %s)", timer.nsecsElapsed() / 1e9, cpuNow() - cpuStart, cpuNow(CLOCK_THREAD_CPUTIME_ID) - threadStart, memoryNote().constData());
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
    if (!in) {
        sc.reset(0, int(enBlocks.size()), 0, int(zhBlocks.size()));
    }
    std::vector<Move> blockPath = in ? std::move(in->blockPath) : bandAlign(int(enBlocks.size()), int(zhBlocks.size()), moves, sc, 0, 0);

    if (timing) {
        size_t cnt[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (const std::vector<Feat> *v : {&enSent, &zhSent, &enBlocks, &zhBlocks}) {
            for (const Feat &f : *v) {
                cnt[0] += f.m_words;
                cnt[1] += f.m_gloss;
                cnt[2] += f.m_aux;
                cnt[3] += f.m_numbers;
                cnt[4] += f.m_gloss > 0;
                cnt[5] += f.m_words > 0;
                cnt[6] += f.m_aux > 0;
                cnt[7] += f.m_numbers > 0;
            }
        }
        // (ids held, in how many vectors)
        qDebug("words %zu (%zu), gloss %zu (%zu), aux %zu (%zu), numbers %zu (%zu), sizeof Feat %zu", cnt[0], cnt[5], cnt[1], cnt[4], cnt[2], cnt[6], cnt[3], cnt[7], sizeof(Feat));
        qDebug("blocks %zu + %zu, sentences %zu + %zu, band cells %zu (%zu B each), cost11 %zu", enBlocks.size(), zhBlocks.size(), enSent.size(), zhSent.size(), sc.bandCells.size(), sizeof(Cell), sc.bandCost11.size());
        qDebug("block DP done %.3f s (CPU %.3f s, this thread %.3f s; %s)", timer.nsecsElapsed() / 1e9, cpuNow() - cpuStart, cpuNow(CLOCK_THREAD_CPUTIME_ID) - threadStart, memoryNote().constData());
    }
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

    std::vector<Feat> *enFeats = &enBlocks;
    std::vector<Feat> *zhFeats = &zhBlocks;
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
        const auto sentenceAlignment = [&] {
            SentenceInputs next;
            next.enSent = std::move(enSent);
            next.zhSent = std::move(zhSent);
            next.enSegs = std::move(enSegs);
            next.zhSegs = std::move(zhSegs);
            next.enBlocks = &enBlocks;
            next.zhBlocks = &zhBlocks;
            next.enBlockIdx = enBlockIdx;
            next.zhBlockIdx = zhBlockIdx;
            next.enFirst = std::move(enFirst);
            next.zhFirst = std::move(zhFirst);
            next.enLent = std::move(enLent);
            next.zhLent = std::move(zhLent);
            next.blockPath = blockPath;
            next.listRows = listRows;
            AlignOptions so = options;
            so.level = AlignLevel::Sentence;
            return alignArticleImpl(article, so, &next);
        };
        const std::vector<Move> paragraphPath = full ? paragraphMoves(article, sentenceAlignment, blockPath, enBlockIdx, zhBlockIdx) : blockPath;
        if (!sc.rowStart.empty()) {
            // The band's cells were given back as the DP passed them; the confidences need a few
            // cells all along it: computed again into the sparse cache (the band mapped again,
            // page after page, was ~55 MB for the 10 MB article, the peak of its alignment).
            sc.bandCells.release();
            sc.bandCost11.release();
            sc.rowStart.clear();
        }
        for (const Move &mv : paragraphPath) {
            raw.push_back({e, mv.de, z, mv.dz, sc.confidence(e, mv.de, z, mv.dz)});
            e += mv.de;
            z += mv.dz;
        }
        sc.release(); // (the passes below have scorers of their own)
    } else {
        // DP inside each aligned block group.
        result.english = enSegs;
        result.chinese = zhSegs;
        enFeats = &enSent;
        zhFeats = &zhSent;
        // the block features have served (their gloss lists are as large as all sentences'), and
        // so have the block band's cells
        sc.release();
        // (the caller's block features, if they are: copied, they stay its)
        for (size_t b = 0; b < enBlocks.size(); ++b) {
            if (enLent[b]) {
                enSent[size_t(enFirst[b])] = in ? Feat(enBlocks[b]) : std::move(enBlocks[b]);
            }
        }
        for (size_t b = 0; b < zhBlocks.size(); ++b) {
            if (zhLent[b]) {
                zhSent[size_t(zhFirst[b])] = in ? Feat(zhBlocks[b]) : std::move(zhBlocks[b]);
            }
        }
        if (!in) {
            std::vector<Feat>().swap(enBlocks);
        }
        // The block band's work memory is free now, in the calling thread's arena; the sentence
        // DP's workers allocate in theirs (the Chinese sentences' gloss lists): given back first,
        // so they do not come on top of it (10 MB article: -2 MiB at the sentence DP's end).
        releaseFreedMemory(qsizetype(enSent.size() + zhSent.size()));
        // (the other Chinese blocks give their sentences their gloss lists, group by group below)
        Scorer ss;
        ss.full = full;
        ss.s2 = full ? 3.5 : 6.8;
        if (full) {
            ss.applyOverrides();
        }
        ss.ratio = ratio;
        ss.en = &enSent;
        ss.zh = &zhSent;
        // Block groups are independent sub-problems: contiguous runs of them on all workers
        // (each with its own scorer), pairs joined in group order.
        struct Group {
            int es, ee, zs, ze;
            int zb0, zb1; // its Chinese blocks
        };
        std::vector<Group> groups;
        groups.reserve(blockPath.size());
        double work = 0;
        {
            int eb = 0, zb = 0;
            for (const Move &mv : full ? sentenceGroups(blockPath, article, enBlockIdx, zhBlockIdx) : blockPath) {
                const Group g{enFirst[size_t(eb)], enFirst[size_t(eb + mv.de)], zhFirst[size_t(zb)], zhFirst[size_t(zb + mv.dz)], zb, zb + mv.dz};
                groups.push_back(g);
                work += 4.0 + (g.ee - g.es) + (g.ze - g.zs);
                eb += mv.de;
                zb += mv.dz;
            }
        }
        auto alignGroups = [&](size_t g0, size_t g1, std::vector<RawPair> &out) {
            Scorer gs = ss;
            for (size_t gi = g0; gi < g1; ++gi) {
                const Group &g = groups[gi];
                for (int b = g.zb0; b < g.zb1; ++b) {
                    if (!zhLent[size_t(b)]) {
                        const int s0 = zhFirst[size_t(b)];
                        splitBlockGloss(zhBlocks[size_t(b)], zhSent.data() + s0, size_t(zhFirst[size_t(b) + 1] - s0));
                        if (!in) {
                            zhBlocks[size_t(b)] = Feat();
                        }
                    }
                }
                gs.reset(g.es, g.ee - g.es, g.zs, g.ze - g.zs);
                const std::vector<Move> sp = bandAlign(g.ee - g.es, g.ze - g.zs, moves, gs, g.es, g.zs);
                int e = g.es, z = g.zs;
                for (const Move &m : sp) {
                    out.push_back({e, m.de, z, m.dz, gs.confidence(e, m.de, z, m.dz)});
                    e += m.de;
                    z += m.dz;
                }
            }
        };
        const int threads = groups.size() > 32 ? workerThreads() : 1;
        std::vector<std::pair<size_t, size_t>> shares; // group ranges of about equal work
        size_t g0 = 0;
        double acc = 0;
        for (int t = 0; t < threads; ++t) {
            size_t g1 = g0;
            const double target = work * (t + 1) / threads;
            while (g1 < groups.size() && (t + 1 == threads || acc < target)) {
                const Group &g = groups[g1];
                acc += 4.0 + (g.ee - g.es) + (g.ze - g.zs);
                ++g1;
            }
            shares.emplace_back(g0, g1);
            g0 = g1;
        }
        // each worker's pairs in group order; the shares are consecutive runs of groups
        std::vector<std::vector<RawPair>> sharePairs(static_cast<size_t>(threads));
        runParts(threads, [&](int t) {
            alignGroups(shares[size_t(t)].first, shares[size_t(t)].second, sharePairs[size_t(t)]);
        });
        if (!in) {
            std::vector<Feat>().swap(zhBlocks);
        }
        size_t total = 0;
        for (const auto &v : sharePairs) {
            total += v.size();
        }
        raw.reserve(total);
        for (const auto &v : sharePairs) {
            raw.insert(raw.end(), v.begin(), v.end());
        }
    }

    // (the sentence DP's scorers and the block lists are free: given back before the passes
    // below make their cells, on this thread)
    releaseFreedMemory(qsizetype(enFeats->size() + zhFeats->size()));
    tracePhase.next("align-final-passes");
    if (timing) {
        qDebug("sentence DP done %.3f s (CPU %.3f s, this thread %.3f s; %s)", timer.nsecsElapsed() / 1e9, cpuNow() - cpuStart, cpuNow(CLOCK_THREAD_CPUTIME_ID) - threadStart, memoryNote().constData());
    }
    // Absorb skips that belong to a neighbour: the DP's moves stop at 3-1, but a Chinese sentence
    // may carry five English ones, and a Chinese table flattened into one line carries dozens of
    // English rows. A skipped segment joins the adjacent pair when the pair's other side explains
    // it (and a lone English skip next to a lone Chinese skip pair up when they match).
    if (full && raw.size() > 1) {
        Scorer ps;
        ps.full = true;
        ps.applyOverrides();
        ps.ratio = ratio;
        ps.paragraphs = options.level == AlignLevel::Paragraph;
        ps.en = enFeats;
        ps.zh = zhFeats;
        ps.reset(0, int(enFeats->size()), 0, int(zhFeats->size()));
        auto isTitle = [](const std::vector<Feat> *f, int i, int n) {
            for (int k = 0; k < n; ++k) {
                if ((*f)[size_t(i + k)].kind == BlockKind::Title) {
                    return true;
                }
            }
            return false;
        };
        auto skipCoverage = [&](const RawPair &skip, const RawPair &p) {
            // coverage of the skipped segments by p's other side
            if ((skip.dz == 0 && p.de == 0) || (skip.de == 0 && p.dz == 0)) {
                // two skips on opposite sides: how well does the smaller explain itself by the other
                const RawPair &eng = skip.dz == 0 ? skip : p;
                const RawPair &chi = skip.dz == 0 ? p : skip;
                double covE = 1.0, covZ = 1.0;
                for (int a = 0; a < eng.de; ++a) {
                    covE = std::min(covE, ps.englishCoverage(eng.e + a, chi.z, chi.dz));
                }
                for (int b = 0; b < chi.dz; ++b) {
                    covZ = std::min(covZ, ps.chineseCoverage(chi.z + b, eng.e, eng.de));
                }
                return std::max(covE, covZ);
            }
            if (skip.dz == 0 && p.dz > 0) {
                double cov = 1.0;
                for (int a = 0; a < skip.de; ++a) {
                    cov = std::min(cov, ps.englishCoverage(skip.e + a, p.z, p.dz));
                }
                return cov;
            }
            if (skip.de == 0 && p.de > 0) {
                double cov = 1.0;
                for (int b = 0; b < skip.dz; ++b) {
                    cov = std::min(cov, ps.chineseCoverage(skip.z + b, p.e, p.de));
                }
                return cov;
            }
            return -1.0;
        };
        // A doubly linked list over raw: merging unlinks, and the scan steps back one pair to
        // retry around the merged pair, so the whole pass is linear.
        const int n = int(raw.size());
        std::vector<int> nxt(static_cast<size_t>(n)), prv(static_cast<size_t>(n));
        std::vector<uint8_t> dead(size_t(n), 0);
        for (int k = 0; k < n; ++k) {
            nxt[size_t(k)] = k + 1 < n ? k + 1 : -1;
            prv[size_t(k)] = k - 1;
        }
        int i = 0;
        while (i >= 0) {
            const RawPair &s0 = raw[size_t(i)];
            if ((s0.de > 0 && s0.dz > 0) || isTitle(enFeats, s0.e, s0.de) || isTitle(zhFeats, s0.z, s0.dz)) {
                i = nxt[size_t(i)];
                continue;
            }
            double best = -1.0;
            int bestJ = -1;
            for (int j : {prv[size_t(i)], nxt[size_t(i)]}) {
                if (j < 0) {
                    continue;
                }
                const RawPair &p = raw[size_t(j)];
                if (isTitle(enFeats, p.e, p.de) || isTitle(zhFeats, p.z, p.dz)) {
                    continue;
                }
                const double cov = s0.de == 0 && restOfRunOnLine(article, result.chinese, s0.z, s0.dz, p.de, p.z, p.dz) ? 1.0 : skipCoverage(s0, p);
                if (cov < 0) {
                    continue;
                }
                const int e = std::min(s0.e, p.e), z = std::min(s0.z, p.z);
                const int de = s0.de + p.de, dz = s0.dz + p.dz;
                if (p.de == 0 || p.dz == 0) {
                    // two skips on opposite sides: they pair up if one explains the other
                    if (cov < 0.5 && ps.similarity(e, de, z, dz) < 0.35) {
                        continue;
                    }
                } else if (cov < (s0.de == 0 ? 0.6 : 0.3) || (cov < 0.6 && ps.similarity(e, de, z, dz) < ps.similarity(p.e, p.de, p.z, p.dz) - 0.05)) {
                    // omissions (Chinese skips) are a real fault here: they need stronger proof
                    continue;
                }
                if (cov > best) {
                    best = cov;
                    bestJ = j;
                }
            }
            if (bestJ < 0) {
                i = nxt[size_t(i)];
                continue;
            }
            const int lo = bestJ == prv[size_t(i)] ? bestJ : i;
            const int hi = nxt[size_t(lo)];
            const RawPair &a = raw[size_t(lo)];
            const RawPair &b = raw[size_t(hi)];
            RawPair merged{a.de > 0 ? a.e : b.e, a.de + b.de, a.dz > 0 ? a.z : b.z, a.dz + b.dz, -1.0}; // confidence below
            raw[size_t(lo)] = merged;
            dead[size_t(hi)] = 1;
            nxt[size_t(lo)] = nxt[size_t(hi)];
            if (nxt[size_t(hi)] >= 0) {
                prv[size_t(nxt[size_t(hi)])] = lo;
            }
            i = prv[size_t(lo)] >= 0 ? prv[size_t(lo)] : lo;
        }
        std::vector<RawPair> kept;
        kept.reserve(raw.size());
        for (int k = 0; k < n; ++k) {
            if (!dead[size_t(k)]) {
                RawPair r = raw[size_t(k)];
                if (r.conf < 0) {
                    r.conf = ps.confidence(r.e, r.de, r.z, r.dz);
                }
                kept.push_back(r);
            }
        }
        raw.swap(kept);
    }

    // Boundary refinement: a segment at the edge of a merged pair moves to the neighbouring pair
    // when that pair's other side explains it clearly better (table rows glued to a paragraph).
    if (full && raw.size() > 1) {
        Scorer ps;
        ps.full = true;
        ps.applyOverrides();
        ps.ratio = ratio;
        ps.paragraphs = options.level == AlignLevel::Paragraph;
        ps.en = enFeats;
        ps.zh = zhFeats;
        ps.reset(0, int(enFeats->size()), 0, int(zhFeats->size()));
        for (int round = 0; round < 4; ++round) {
            bool changed = false;
            for (size_t i = 0; i + 1 < raw.size(); ++i) {
                    RawPair &P = raw[i];
                RawPair &Q = raw[i + 1];
                if (P.de == 0 || P.dz == 0 || Q.de == 0 || Q.dz == 0) {
                    continue;
                }
                // Move a boundary segment (English, then Chinese) to the neighbouring pair while
                // that pair explains it clearly better: P's last -> Q, then Q's first -> P.
                const auto shift = [&](int RawPair::*start, int RawPair::*count, int RawPair::*otherStart, int RawPair::*otherCount, auto coverage) {
                    const auto better = [&](int seg, const RawPair &from, const RawPair &to) {
                        const double here = coverage(seg, from.*otherStart, from.*otherCount);
                        const double there = coverage(seg, to.*otherStart, to.*otherCount);
                        return there >= 0.5 && there > here + 0.25;
                    };
                    while (P.*count > 1 && better(P.*start + P.*count - 1, P, Q)) {
                        --(P.*count);
                        --(Q.*start);
                        ++(Q.*count);
                        changed = true;
                    }
                    while (Q.*count > 1 && better(Q.*start, Q, P)) {
                        ++(P.*count);
                        ++(Q.*start);
                        --(Q.*count);
                        changed = true;
                    }
                };
                shift(&RawPair::e, &RawPair::de, &RawPair::z, &RawPair::dz, [&](int seg, int z, int dz) {
                    return ps.englishCoverage(seg, z, dz);
                });
                shift(&RawPair::z, &RawPair::dz, &RawPair::e, &RawPair::de, [&](int seg, int e, int de) {
                    return ps.chineseCoverage(seg, e, de);
                });
                if (changed) {
                    P.conf = ps.confidence(P.e, P.de, P.z, P.dz);
                    Q.conf = ps.confidence(Q.e, Q.de, Q.z, Q.dz);
                }
            }
            if (!changed) {
                break;
            }
        }
    }

    // Split off omissions hidden in merges: an edge Chinese sentence of a 1-2/2-2/... pair that the
    // English barely explains, while the rest of the pair matches better without it.
    if (full && !raw.empty()) {
        Scorer ps;
        ps.full = true;
        ps.applyOverrides();
        ps.ratio = ratio;
        ps.paragraphs = options.level == AlignLevel::Paragraph;
        ps.en = enFeats;
        ps.zh = zhFeats;
        ps.reset(0, int(enFeats->size()), 0, int(zhFeats->size()));
        std::vector<RawPair> out;
        out.reserve(raw.size() + 8);
        for (const RawPair &r0 : raw) {
            RawPair r = r0;
            std::vector<RawPair> tail;
            bool titles = false;
            for (int k = 0; k < r.dz; ++k) {
                titles = titles || (*zhFeats)[size_t(r.z + k)].kind == BlockKind::Title;
            }
            while (!titles && r.de > 0 && r.dz > 1) {
                const double whole = ps.similarity(r.e, r.de, r.z, r.dz);
                const double covFirst = ps.chineseCoverage(r.z, r.e, r.de);
                const double covLast = ps.chineseCoverage(r.z + r.dz - 1, r.e, r.de);
                const bool first = covFirst <= covLast;
                const double cov = first ? covFirst : covLast;
                const double rest = first ? ps.similarity(r.e, r.de, r.z + 1, r.dz - 1) : ps.similarity(r.e, r.de, r.z, r.dz - 1);
                if (!(cov < ps.splitCoverage && rest >= whole + ps.splitGain)) {
                    break;
                }
                if (first) {
                    out.push_back(RawPair{r.e, 0, r.z, 1, 0.5});
                    ++r.z;
                    --r.dz;
                } else {
                    tail.insert(tail.begin(), RawPair{r.e + r.de, 0, r.z + r.dz - 1, 1, 0.5});
                    --r.dz;
                }
                r.conf = ps.confidence(r.e, r.de, r.z, r.dz);
            }
            out.push_back(r);
            out.insert(out.end(), tail.begin(), tail.end());
        }
        raw.swap(out);
    }

    if (full) {
        moveLeadInForward(raw, article, result.english, result.chinese);
    }
    if (full && options.level == AlignLevel::Sentence) {
        cutChineseAtLeadIn(raw, article, result.english, result.chinese, *zhFeats, [&](const Segment &s) {
            Feat f = chineseFeat(segmentView(article, s), lex, full);
            f.kind = article.chinese.at(s.block).kind;
            return f;
        });
        moveTruncatedTailForward(raw, article, result.english, result.chinese);
        splitListRowPairs(raw, listRows, result.english, result.chinese);
    }

    // Context: a 1-1 pair between two confident pairs is supported by the monotone alignment
    // around it even when the dictionary has little to say (idioms in verse); title with title is
    // structural evidence.
    if (full) {
        std::vector<double> conf(raw.size());
        for (size_t i = 0; i < raw.size(); ++i) {
            conf[i] = raw[i].conf;
        }
        auto solid = [&](size_t j) {
            return j < raw.size() && raw[j].de > 0 && raw[j].dz > 0 && conf[j] >= 0.6;
        };
        for (size_t i = 0; i < raw.size(); ++i) {
            RawPair &r = raw[i];
            if (r.de == 0 || r.dz == 0) {
                continue;
            }
            bool titles = true;
            for (int a = 0; a < r.de; ++a) {
                titles = titles && (*enFeats)[size_t(r.e + a)].kind == BlockKind::Title;
            }
            for (int b = 0; b < r.dz; ++b) {
                titles = titles && (*zhFeats)[size_t(r.z + b)].kind == BlockKind::Title;
            }
            if (titles) {
                r.conf = std::max(r.conf, 0.8);
            } else if (r.de == 1 && r.dz == 1 && (i == 0 || solid(i - 1)) && (i + 1 == raw.size() || solid(i + 1)) && raw.size() > 2) {
                r.conf = std::max(r.conf, 0.5 + 0.5 * r.conf);
            }
        }
    }

    tracePhase.next("align-fault-flags");
    if (timing) {
        qDebug("final passes done %.3f s (CPU %.3f s, this thread %.3f s; %s)", timer.nsecsElapsed() / 1e9, cpuNow() - cpuStart, cpuNow(CLOCK_THREAD_CPUTIME_ID) - threadStart, memoryNote().constData());
    }
    // Of the features, the fault flags below need each pair's lengths only: summed now, and the
    // features freed before the pairs are made (10 MB article: ~40 MB of features, with the pairs'
    // lists on top of them, +3.4 MiB, at the end of the alignment; that was its peak in some runs,
    // the DP's in others: open peak 128.4-129.4 -> 125.8-128.7 MiB).
    std::vector<std::pair<double, double>> pairLengths(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        const RawPair &r = raw[i];
        double le = 0, lz = 0;
        for (int a = 0; a < r.de; ++a) {
            le += (*enFeats)[size_t(r.e + a)].len;
        }
        for (int b = 0; b < r.dz; ++b) {
            lz += (*zhFeats)[size_t(r.z + b)].len;
        }
        pairLengths[i] = {le, lz};
    }
    enFeats = zhFeats = nullptr;
    for (std::vector<Feat> *own : {&enSent, &zhSent, &ownEnBlocks, &ownZhBlocks}) {
        std::vector<Feat>().swap(*own);
    }
    // (given back before the pairs' lists are made: made in other threads' arenas, the features'
    // memory would not be reused for them)
    releaseFreedMemory(qsizetype(raw.size()) * 2);
    // Pairs and fault flags.
    using Seen = RepeatKeys::Seen;
    // the normalised Chinese of segments [z, z + dz) into key (reused: no allocation per pair)
    const auto chineseKeyInto = [&](int z, int dz, QString &key) {
        qsizetype size = 0;
        for (int b = 0; b < dz; ++b) {
            size += segmentView(article, result.chinese.at(z + b)).size();
        }
        key.resize(size);
        QChar *d = key.data();
        qsizetype n = 0;
        for (int b = 0; b < dz; ++b) {
            n += normaliseForRepeat(segmentView(article, result.chinese.at(z + b)), true, d + n);
        }
        key.truncate(n);
    };
    const auto chineseKey = [&](int z, int dz) {
        QString key;
        chineseKeyInto(z, dz, key);
        return key;
    };
    QString zhKey; // the current pair's, when needed
    RepeatKeys seenEnglish;
    QString keyBuffer;
    result.pairs.reserve(qsizetype(raw.size()));
    // The pairs' index lists are views into shared arrays of 32 indices (QList's own implicitly
    // shared storage, a reference each): one allocation for a dozen pairs instead of one per list
    // (the 10 MB article's 45k pairs have 90k lists of one or two ints, 32 B each with their
    // header and malloc's: 2.9 MB kept as long as the document is open, now 0.8 MB). A list that
    // is changed (or accessed non-const) detaches as any shared QList does; Qt then keeps its
    // offset in the array free at the front of the copy, which is why the arrays are small.
    static constexpr qsizetype kIndexArray = 32;
    QArrayDataPointer<int> englishArray, chineseArray;
    const auto indexView = [](QArrayDataPointer<int> &array, int first, int count) {
        if (count == 0) {
            return QList<int>();
        }
        if (!array.d || array.constAllocatedCapacity() - array.size < count) {
            array = QArrayDataPointer<int>(std::max<qsizetype>(kIndexArray, count));
        }
        QArrayDataPointer<int> view(array); // (a reference more to the array)
        view.ptr += array.size;
        view.size = count;
        for (int k = 0; k < count; ++k) {
            view.ptr[k] = first + k;
        }
        array.size += count;
        return QList<int>(std::move(view));
    };
    for (size_t ri = 0; ri < raw.size(); ++ri) {
        const RawPair &r = raw[ri];
        AlignedPair p;
        p.english = indexView(englishArray, r.e, r.de);
        p.chinese = indexView(chineseArray, r.z, r.dz);
        p.confidence = r.conf;
        if (r.de == 0) {
            bool titleOnly = true;
            for (int b = 0; b < r.dz; ++b) {
                const BlockKind k = article.chinese.at(result.chinese.at(r.z + b).block).kind;
                // a byline the English moved into its Author: header is not an omission, nor is a
                // bracketed source tag signing off the article ("（新华社北京２月２８日电）", "（一峰）")
                const Segment &seg = result.chinese.at(r.z + b);
                const bool gluedTitle = seg.block == glued.block && seg.start + seg.length == glued.end;
                titleOnly = titleOnly
                    && (gluedTitle || k == BlockKind::Title || k == BlockKind::PartBreak || (k == BlockKind::Byline && !article.en.author.trimmed().isEmpty())
                        || (k == BlockKind::Signature
                            && (isSourceTag(segmentView(article, result.chinese.at(r.z + b)))
                                || isAuthorSignature(article, segmentView(article, result.chinese.at(r.z + b))))));
            }
            if (!titleOnly) {
                p.faults |= Omitted;
            }
        } else if (r.dz == 0) {
            bool titleOnly = true;
            for (int a = 0; a < r.de; ++a) {
                const BlockKind k = enKinds.at(result.english.at(r.e + a).block);
                titleOnly = titleOnly && (k == BlockKind::Title || k == BlockKind::PartBreak);
            }
            if (!titleOnly) {
                p.faults |= Invented;
            }
        } else {
            const Segment &lastEn = result.english.at(r.e + r.de - 1);
            const Segment &lastZh = result.chinese.at(r.z + r.dz - 1);
            const QStringView enText = segmentView(article, lastEn);
            const QStringView zhText = segmentView(article, lastZh);
            const auto [le, lz] = pairLengths[ri];
            const bool zhKindText = article.chinese.at(lastZh.block).kind == BlockKind::Paragraph;
            if (zhKindText && endsTerminal(zhText, false) && !endsTerminal(enText, true)) {
                p.faults |= Truncated;
            } else if (lz >= 15 && le < 0.4 * ratio * lz && listRowEnglishBlock(listRows, lastZh) < 0) { // list rows: cut by their English
                p.faults |= Truncated;
            }
            if (p.confidence < options.lowConfidence) {
                p.faults |= LowConfidence;
            }
        }
        bool haveZhKey = false;
        for (int a = 0; a < r.de; ++a) {
            const QStringView text = segmentView(article, result.english.at(r.e + a));
            if (keyBuffer.size() < text.size()) {
                keyBuffer.resize(text.size());
            }
            QChar *const buffer = keyBuffer.data();
            const QStringView key(buffer, normaliseForRepeat(text, false, buffer));
            if (key.size() < 20) {
                continue;
            }
            // A repeated English sentence is a fault unless the Chinese repeats too (table headers).
            Seen *const it = seenEnglish.findOrAdd(key, Seen{int(result.pairs.size()), r.z, r.dz, false, QString()});
            if (!it) {
                continue;
            }
            if (it->pair == int(result.pairs.size())) {
                p.faults |= Repeated;
                continue;
            }
            if (!it->haveZh) {
                it->zh = chineseKey(it->z, it->dz);
                it->haveZh = true;
            }
            const QString &seenZh = it->zh;
            if (!haveZhKey) {
                chineseKeyInto(r.z, r.dz, zhKey);
                haveZhKey = true;
            }
            if (seenZh.isEmpty() || !zhKey.contains(seenZh)) {
                p.faults |= Repeated;
            }
        }
        result.pairs.append(p);
    }
    if (timing) {
        qDebug("fault flags done %.3f s (CPU %.3f s, this thread %.3f s; %s)", timer.nsecsElapsed() / 1e9, cpuNow() - cpuStart, cpuNow(CLOCK_THREAD_CPUTIME_ID) - threadStart, memoryNote().constData());
    }
    return result;
}

} // namespace

Alignment alignArticle(const Article &article, const AlignOptions &options)
{
    Alignment result;
    {
        const std::shared_lock<std::shared_mutex> reading = ChineseEnglishDictionary::reading();
        result = alignArticleImpl(article, options);
    }
    const qsizetype segments = result.english.size() + result.chinese.size();
    if (segments > 4000 && options.method == AlignMethod::Full && options.useDictionary) {
        // A long article read much of the dictionary's cache image (~4 MB for 1 MB of text, its
        // 6 MB for 10 MB): private memory that stayed resident through the layout, the open's
        // peak. Given back; the next alignment reads again what it needs (~1 ms a MB).
        QElapsedTimer timer;
        timer.start();
        const std::shared_ptr<const ChineseEnglishDictionary> dict = ChineseEnglishDictionary::shared(options.dictionaryPath);
        const size_t dropped = dict->dropReadPages();
        static const bool timing = qEnvironmentVariableIsSet("OKB_ALIGN_TIMING");
        if (timing) {
            qDebug("dictionary pages given back: %.1f MiB in %.3f s", dropped / 1048576.0, timer.nsecsElapsed() / 1e9);
        }
    }
    releaseFreedMemory(segments); // (its work memory is freed by now)
    ChineseEnglishDictionary::releaseSharedPages(); // a mapped image: its pages go back to the page cache
    return result;
}

} // namespace Okb
