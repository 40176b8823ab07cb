// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/dictionary.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <shared_mutex>

#ifdef Q_OS_UNIX
#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

constexpr int kMaxGlossWords = 16; // measured: 8..40 give the same F1 on the gold files

const QSet<QString> &stopWords()
{
    static const QSet<QString> s = {
        u"a"_s,      u"an"_s,        u"the"_s,     u"to"_s,   u"of"_s,    u"and"_s,   u"or"_s,      u"in"_s,         u"on"_s,       u"for"_s,       u"with"_s,
        u"by"_s,     u"at"_s,        u"as"_s,      u"is"_s,   u"be"_s,    u"are"_s,   u"was"_s,     u"were"_s,       u"it"_s,       u"its"_s,       u"this"_s,
        u"that"_s,   u"from"_s,      u"sb"_s,      u"sth"_s,  u"etc"_s,   u"cl"_s,    u"see"_s,     u"also"_s,       u"used"_s,     u"variant"_s,   u"abbr"_s,
        u"esp"_s,    u"fig"_s,       u"lit"_s,     u"one"_s,  u"which"_s, u"who"_s,   u"has"_s,     u"have"_s,       u"had"_s,      u"not"_s,       u"but"_s,
        u"they"_s,   u"their"_s,     u"he"_s,      u"his"_s,  u"she"_s,   u"her"_s,   u"we"_s,      u"our"_s,        u"been"_s,     u"will"_s,      u"would"_s,
        u"can"_s,    u"so"_s,        u"such"_s,    u"into"_s, u"than"_s,  u"these"_s, u"those"_s,   u"there"_s,      u"all"_s,      u"some"_s,      u"any"_s,
        u"more"_s,   u"most"_s,      u"very"_s,    u"pr"_s,   u"old"_s,   u"name"_s,  u"surname"_s, u"classifier"_s, u"particle"_s, u"character"_s, u"tw"_s,
        u"person"_s, u"something"_s, u"someone"_s, u"up"_s,   u"out"_s,   u"do"_s,    u"did"_s,     u"made"_s,       u"make"_s,     u"if"_s,        u"no"_s,
        u"i"_s,      u"you"_s,       u"us"_s,      u"them"_s, u"him"_s,   u"what"_s,  u"when"_s,    u"how"_s,        u"about"_s,    u"s"_s,
    };
    return s;
}

constexpr uint64_t fnvBasis = 1469598103934665603ull;
constexpr uint64_t fnvPrime = 1099511628211ull;
inline uint64_t fnvAdd(uint64_t h, char16_t c)
{
    h ^= uint64_t(c & 0xFF);
    h *= fnvPrime;
    h ^= uint64_t(c >> 8);
    h *= fnvPrime;
    return h;
}
uint64_t fnv(const char16_t *s, int n)
{
    uint64_t h = fnvBasis;
    for (int i = 0; i < n; ++i) {
        h = fnvAdd(h, s[i]);
    }
    return h;
}

// Lower-cased word in a fixed buffer (longer words are cut: only 6 stemmed chars count anyway).
struct WordBuf {
    char16_t c[24];
    int n = 0;
};

inline char16_t lowerChar(QChar ch)
{
    const char16_t u = ch.unicode();
    return (u >= u'A' && u <= u'Z') ? char16_t(u + 32) : (u < 128 ? u : ch.toLower().unicode());
}

WordBuf lowerWord(QStringView w)
{
    WordBuf b;
    for (QChar ch : w) {
        if (b.n == 24) {
            break;
        }
        b.c[b.n++] = lowerChar(ch);
    }
    return b;
}

// crude English stemming: drop one inflectional suffix, keep at most 6 chars
uint32_t stemmedId(const WordBuf &b)
{
    // Suffixes dropped, the first that fits in this order: 's (2 chars left at least), ies (3),
    // ing (3), ed (3), es (3), ly (4), s (3). Only the length changes; dispatched on the last
    // character instead of trying each rule.
    const char16_t *c = b.c;
    int n = b.n;
    if (n > 0) {
        switch (c[n - 1]) {
        case u's':
            if (n - 2 >= 2 && c[n - 2] == u'\'') {
                n -= 2;
            } else if (n - 3 >= 3 && c[n - 3] == u'i' && c[n - 2] == u'e') {
                n -= 3;
            } else if (n - 2 >= 3 && c[n - 2] == u'e') {
                n -= 2;
            } else if (n - 1 >= 3) {
                n -= 1;
            }
            break;
        case u'g':
            if (n - 3 >= 3 && c[n - 3] == u'i' && c[n - 2] == u'n') {
                n -= 3;
            }
            break;
        case u'd':
            if (n - 2 >= 3 && c[n - 2] == u'e') {
                n -= 2;
            }
            break;
        case u'y':
            if (n - 2 >= 4 && c[n - 2] == u'l') {
                n -= 2;
            }
            break;
        default:
            break;
        }
    }
    if (n > 6) {
        n = 6;
    }
    const uint64_t h = fnv(c, n);
    return uint32_t(h ^ (h >> 32));
}

constexpr int kMaxStopWordLength = 10; // "classifier"

// A lower-cased word of at most kMaxStopWordLength letters a-z, five bits per letter (exact, no
// hash to compute; all stop words are such words); 0 for any other word (never a stop word).
uint64_t stopKey(const WordBuf &b)
{
    if (b.n > kMaxStopWordLength) {
        return 0;
    }
    uint64_t k = 0;
    for (int i = 0; i < b.n; ++i) {
        const unsigned d = unsigned(b.c[i]) - unsigned(u'a');
        if (d >= 26) {
            return 0;
        }
        k = (k << 5) | (d + 1);
    }
    return k;
}

bool isCjk(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF);
}

} // namespace

uint32_t englishWordId(QStringView word)
{
    return stemmedId(lowerWord(word));
}

namespace
{

// The stop words' keys (stopKey()) in an open-addressing set: one or two probes in a 4 KiB table.
struct StopSet {
    static constexpr size_t size = 512;
    uint64_t slot[size] = {};
    static size_t home(uint64_t k)
    {
        return size_t((k * 0x9E3779B97F4A7C15ull) >> 55); // 9 bits: 512 slots
    }
    StopSet()
    {
        for (const QString &w : stopWords()) {
            const uint64_t k = stopKey(lowerWord(w));
            Q_ASSERT(k != 0);
            size_t i = home(k);
            while (slot[i] != 0 && slot[i] != k) {
                i = (i + 1) & (size - 1);
            }
            slot[i] = k;
        }
    }
    bool contains(uint64_t k) const
    {
        if (k == 0) {
            return false;
        }
        for (size_t i = home(k);; i = (i + 1) & (size - 1)) {
            if (slot[i] == k) {
                return true;
            }
            if (slot[i] == 0) {
                return false;
            }
        }
    }
};

inline bool isAsciiLetter(char16_t u)
{
    return char16_t((u | 0x20) - u'a') < 26;
}

} // namespace

std::vector<uint32_t> englishContentWordIds(QStringView text, int limit)
{
    std::vector<uint32_t> ids;
    ids.reserve(size_t(text.size() / 6 + 4));
    static const StopSet stops;
    int i = 0;
    const int n = int(text.size());
    const QChar *t = text.data();
    // QChar::isLetter() without its table lookup for ASCII
    const auto letter = [t](int k) {
        const char16_t u = t[k].unicode();
        return u < 128 ? isAsciiLetter(u) : t[k].isLetter();
    };
    while (i < n) {
        if (!letter(i)) {
            ++i;
            continue;
        }
        // the word, lower-cased into b as it is scanned (lowerWord() of it)
        int j = i;
        WordBuf b;
        while (j < n && (letter(j) || (t[j] == u'\'' && j + 1 < n && letter(j + 1) && j > i))) {
            if (b.n < 24) {
                b.c[b.n++] = lowerChar(t[j]);
            }
            ++j;
        }
        if (j - i > 1) {
            if (!stops.contains(stopKey(b))) {
                const uint32_t id = stemmedId(b);
                if (limit <= 0) {
                    ids.push_back(id);
                } else if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
                    ids.push_back(id);
                    if (int(ids.size()) >= limit) {
                        break;
                    }
                }
            }
        }
        i = j;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

namespace
{
// The key of a one-character word or prefix (0 is the empty slot: stored as 1).
inline uint64_t firstKey(char16_t c)
{
    const uint64_t h = fnvAdd(fnvBasis, c);
    return h ? h : 1;
}

// Home slot of a key in a table of `size` slots: the key mixed (FNV-1a's bits are poorly mixed,
// and the keys in a block share their first character) and reduced by multiply-shift (any size,
// not only powers of two, so an image's small tables waste little). Part of the image format, as
// are the keys (fnv()) and the filter's bit: change them only with kCacheVersion.
inline size_t homeSlot(uint64_t key, size_t size)
{
    const uint64_t x = (key ^ (key >> 31)) * 0xBF58476D1CE4E5B9ull;
    return size_t(((x >> 32) * size) >> 32);
}

// Linear probing, at most `size` probes (a damaged image may have no empty slot); need(slot)
// before the first slot read and before each slot that starts a 4 KiB page (slots are 16-byte
// aligned, so a slot never straddles two pages).
template<typename Need>
inline const HashLexicon::Slot *findSlot(const HashLexicon::Slot *table, size_t size, uint64_t key, Need need)
{
    size_t i = homeSlot(key, size);
    if (size > 0) {
        need(&table[i]);
    }
    for (size_t n = 0; n < size; ++n) {
        if (n > 0 && (reinterpret_cast<quintptr>(&table[i]) & 4095) == 0) {
            need(&table[i]);
        }
        if (table[i].key == key) {
            return &table[i];
        }
        if (table[i].key == 0) {
            return nullptr;
        }
        if (++i == size) {
            i = 0;
            need(&table[0]); // (wrapped: table[0] need not start a page)
        }
    }
    return nullptr;
}
} // namespace

HashLexicon::~HashLexicon() = default;

HashLexicon::HashLexicon(const HashLexicon &other)
    : HashLexiconState(other)
{
    refreshHeapView();
}

HashLexicon &HashLexicon::operator=(const HashLexicon &other)
{
    HashLexiconState::operator=(other);
    refreshHeapView();
    return *this;
}

HashLexicon::HashLexicon(HashLexicon &&other) noexcept
    : HashLexiconState(std::move(other))
{
    refreshHeapView();
    other.reset();
}

HashLexicon &HashLexicon::operator=(HashLexicon &&other) noexcept
{
    if (this != &other) {
        HashLexiconState::operator=(std::move(other));
        refreshHeapView();
        other.reset();
    }
    return *this;
}

void HashLexicon::refreshHeapView()
{
    if (!m_image) {
        refreshView(); // the views point into the vectors, which are our own now
    }
}

void HashLexicon::reset()
{
    static_cast<HashLexiconState &>(*this) = HashLexiconState();
    refreshView();
}

void HashLexicon::refreshView()
{
    m_vSlots = m_slots.data();
    m_vNumSlots = m_slots.size();
    m_vFirst = m_first.empty() ? nullptr : m_first.data();
    m_vFirstImage = nullptr;
    m_vIds = m_ids.data();
    m_vNumIds = m_ids.size();
    m_vFilter = m_filter.empty() ? nullptr : m_filter.data();
}

void HashLexicon::reserve(size_t words, size_t ids)
{
    detach();
    m_ids.reserve(ids);
    size_t cap = 1024;
    while (cap < words * 2) {
        cap *= 2;
    }
    if (cap > m_slots.size()) {
        std::vector<Slot> old = std::move(m_slots);
        std::vector<char16_t> oldFirst = std::move(m_slotFirst);
        m_slots.assign(cap, Slot{0, Entry()});
        m_slotFirst.assign(cap, 0);
        m_used = 0;
        for (size_t i = 0; i < old.size(); ++i) {
            if (old[i].key) {
                slot(old[i].key, oldFirst[i], true)->e = old[i].e;
            }
        }
    }
    refreshView();
}

void HashLexicon::grow()
{
    reserve(std::max<size_t>(m_slots.size(), 512), m_ids.size());
}

HashLexicon::Slot *HashLexicon::slot(uint64_t key, char16_t first, bool insert)
{
    key = key ? key : 1;
    if (insert && (m_used + 1) * 2 > m_slots.size()) {
        grow();
    }
    const size_t size = m_slots.size();
    size_t i = homeSlot(key, size);
    for (size_t n = 0; n < size; ++n) {
        Slot &s = m_slots[i];
        if (s.key == key) {
            return &s;
        }
        if (s.key == 0) {
            if (!insert) {
                return nullptr;
            }
            s.key = key;
            s.e = Entry();
            m_slotFirst[i] = first;
            ++m_used;
            if (!m_filter.empty()) {
                const size_t b = filterBit(key);
                m_filter[b >> 6] |= uint64_t(1) << (b & 63);
            }
            return &s;
        }
        if (++i == size) {
            i = 0;
        }
    }
    return nullptr;
}

void HashLexicon::buildFilter()
{
    if (m_image) {
        return; // an image holds its filter
    }
    int bits = 12;
    while ((size_t(1) << bits) < m_used * 8) {
        ++bits;
    }
    m_filterShift = 64 - bits;
    m_filter.assign(size_t(1) << (bits - 6), 0);
    for (const Slot &s : m_slots) {
        if (s.key) {
            const size_t b = filterBit(s.key);
            m_filter[b >> 6] |= uint64_t(1) << (b & 63);
        }
    }
    refreshView();
}

void HashLexicon::add(QStringView word, const std::vector<uint32_t> &glossIds)
{
    if (word.isEmpty() || glossIds.empty()) {
        return;
    }
    detach();
    const char16_t c0 = word.at(0).unicode();
    uint64_t h = fnvBasis;
    for (qsizetype i = 0; i + 1 < word.size(); ++i) {
        h = fnvAdd(h, word.at(i).unicode());
        slot(h, c0, true)->e.longer = 1; // prefix (keeps a word's glosses if one is there)
    }
    h = fnvAdd(h, word.back().unicode());
    Entry &v = slot(h, c0, true)->e;
    std::vector<uint32_t> ids;
    if (v.word) {
        // a second entry for the headword: the union replaces the old list (appended; the old
        // span stays unused)
        ids.assign(m_ids.begin() + v.off, m_ids.begin() + v.off + v.len);
        ids.insert(ids.end(), glossIds.begin(), glossIds.end());
    } else {
        ids = glossIds;
        ++m_words;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ids.resize(std::min<size_t>(ids.size(), 65535));
    v.off = uint32_t(m_ids.size());
    v.len = uint16_t(ids.size());
    v.word = 1;
    m_ids.insert(m_ids.end(), ids.begin(), ids.end());
    m_maxLen = std::max(m_maxLen, int(word.size()));
    // the first character's entry mirrors its slot
    if (m_first.empty()) {
        m_first.assign(65536, Entry());
    }
    m_first[c0] = slot(firstKey(c0), c0, false)->e;
    refreshView();
}

bool HashLexicon::start(char16_t c, const Entry **first, const Slot **table, size_t *size) const
{
    if (m_vFirstImage) {
        if (m_pager) {
            needPage(&m_vFirstImage[c]);
        }
        const FirstSlot &f = m_vFirstImage[c];
        *first = &f.e;
        // the table clamped to the blocks (a damaged image)
        const size_t block = std::min<size_t>(f.block, m_vNumSlots);
        *table = m_vSlots + block;
        *size = std::min<size_t>(f.size, m_vNumSlots - block);
        return true;
    }
    if (!m_vFirst) {
        return false;
    }
    *first = &m_vFirst[c];
    *table = m_vSlots;
    *size = m_vNumSlots;
    return true;
}

int HashLexicon::longestMatch(QStringView text, int pos, int maxLength, Glosses *glosses) const
{
    const int limit = std::min({maxLength, m_maxLen, int(text.size()) - pos});
    if (limit <= 0) {
        return 0;
    }
    const char16_t c0 = text.at(pos).unicode();
    const Entry *first = nullptr;
    const Slot *table = nullptr;
    size_t size = 0;
    if (!start(c0, &first, &table, &size)) {
        return 0;
    }
    int best = 0;
    if (first->word) {
        best = 1;
        *glosses = span(*first);
    }
    if (!first->longer) {
        return best;
    }
    uint64_t h = fnvAdd(fnvBasis, c0);
    for (int L = 2; L <= limit; ++L) {
        h = fnvAdd(h, text.at(pos + L - 1).unicode());
        const uint64_t key = h ? h : 1;
        if (m_vFilter) {
            const size_t b = filterBit(key);
            if (m_pager) {
                needPage(&m_vFilter[b >> 6]);
            }
            if (!((m_vFilter[b >> 6] >> (b & 63)) & 1)) {
                break; // not stored: the probe would fail
            }
        }
        const Slot *v = findSlot(table, size, key, [this](const Slot *s) {
            if (m_pager) {
                needPage(s);
            }
        });
        if (!v) {
            break;
        }
        if (v->e.word) {
            best = L;
            *glosses = span(v->e);
        }
        if (!v->e.longer) {
            break;
        }
    }
    return best;
}

HashLexicon::Glosses HashLexicon::find(QStringView word) const
{
    const Entry *first = nullptr;
    const Slot *table = nullptr;
    size_t size = 0;
    if (word.isEmpty() || !start(word.at(0).unicode(), &first, &table, &size)) {
        return Glosses();
    }
    if (word.size() == 1) {
        return first->word ? span(*first) : Glosses();
    }
    uint64_t h = fnvBasis;
    for (QChar c : word) {
        h = fnvAdd(h, c.unicode());
    }
    const Slot *v = findSlot(table, size, h ? h : 1, [this](const Slot *s) {
        if (m_pager) {
            need(s, sizeof(Slot));
        }
    });
    return !v || !v->e.word ? Glosses() : span(v->e);
}

namespace
{
// Bump when the image layout changes (the cache file's name holds it too, so builds with
// different layouts keep separate files). A change in how gloss ids are computed (stemming, stop
// words, kMaxGlossWords) needs no bump: the cache records a hash of the glosses the writing build
// derived from the dictionary's first entries, and loadCached() drops a cache that disagrees.
constexpr quint64 kCacheMagic = 0x4F4B4244; // "OKBD"
constexpr quint64 kCacheVersion = 3;
constexpr quint64 kByteOrderMark = 0x0102030405060708ull;
constexpr size_t kSectionAlign = 64;

// The image: this header, then the sections blocks (16-byte units: one block per character, see
// FirstSlot), first (65536 FirstSlots) and filter (64-bit words), each at a multiple of
// kSectionAlign. Gloss spans (Entry::off) count 4-byte units from the start of the blocks. Every
// header field is 8 bytes.
struct ImageHeader {
    quint64 magic;
    quint64 version;
    quint64 byteOrder;
    quint64 slotSize;
    quint64 firstSize;
    quint64 words;
    quint64 maxLen;
    quint64 tag;
    quint64 blocksOffset;
    quint64 blockUnits;
    quint64 firstOffset;
    quint64 firstCount;
    quint64 filterOffset;
    quint64 filterWords;
    quint64 filterShift;
    quint64 totalSize;
};

constexpr quint64 alignUp(quint64 n)
{
    return (n + kSectionAlign - 1) / kSectionAlign * kSectionAlign;
}

// The header's offsets and total size for the given counts.
void layOut(ImageHeader &h)
{
    h.blocksOffset = alignUp(sizeof(ImageHeader));
    h.firstOffset = alignUp(h.blocksOffset + h.blockUnits * sizeof(HashLexicon::Slot));
    h.filterOffset = alignUp(h.firstOffset + h.firstCount * sizeof(HashLexicon::FirstSlot));
    h.totalSize = h.filterOffset + h.filterWords * sizeof(uint64_t);
}

// Slots of a block's table for n keys: at most 4/5 full (the filter stops most probes that would
// fail), at least one empty slot.
inline size_t tableSize(size_t n)
{
    return n == 0 ? 0 : n + n / 4 + 1;
}

static_assert(sizeof(HashLexicon::Slot) == 16 && sizeof(HashLexicon::FirstSlot) == 16 && sizeof(ImageHeader) % 8 == 0);
} // namespace

QByteArray HashLexicon::toBytes() const
{
    if (m_image) {
        if (m_pager) {
            need(m_imageData, m_imageSize);
        }
        QByteArray out(m_imageData, qsizetype(m_imageSize));
        ImageHeader h;
        memcpy(&h, out.constData(), sizeof h);
        h.tag = m_tag;
        memcpy(out.data(), &h, sizeof h);
        return out;
    }
    // Keys longer than one character, grouped by their first character (counting sort); the
    // one-character keys head the blocks.
    const auto grouped = [this](size_t i) {
        return m_slots[i].key && m_slots[i].key != firstKey(m_slotFirst[i]);
    };
    std::vector<uint32_t> count(65536, 0);
    std::vector<size_t> idCount(65536, 0);
    for (size_t i = 0; i < m_slots.size(); ++i) {
        if (grouped(i)) {
            ++count[m_slotFirst[i]];
            idCount[m_slotFirst[i]] += m_slots[i].e.word ? span(m_slots[i].e).size() : 0;
        }
    }
    std::vector<uint32_t> begin(65537, 0);
    for (size_t c = 0; c < 65536; ++c) {
        begin[c + 1] = begin[c] + count[c];
    }
    std::vector<uint32_t> byChar(begin[65536]);
    {
        std::vector<uint32_t> at(begin.begin(), begin.end() - 1);
        for (size_t i = 0; i < m_slots.size(); ++i) {
            if (grouped(i)) {
                byChar[at[m_slotFirst[i]]++] = uint32_t(i);
            }
        }
    }
    // Characters that start many words first (they are the frequent ones): a document's lookups
    // then fall on fewer pages of the image.
    std::vector<char16_t> order;
    for (size_t c = 0; c < 65536; ++c) {
        const Entry own = m_first.empty() ? Entry() : m_first[c];
        if (count[c] > 0 || own.word || own.longer) {
            order.push_back(char16_t(c));
            idCount[c] += own.word ? span(own).size() : 0;
        }
    }
    std::stable_sort(order.begin(), order.end(), [&count](char16_t a, char16_t b) {
        return count[a] > count[b];
    });

    size_t units = 0;
    for (char16_t c : order) {
        units += tableSize(count[c]) + (idCount[c] + 3) / 4;
    }
    // the filter over the keys in the tables (~11 bits per key, as buildFilter())
    int bits = 12;
    while ((size_t(1) << bits) < byChar.size() * 8) {
        ++bits;
    }

    ImageHeader h = {};
    h.magic = kCacheMagic;
    h.version = kCacheVersion;
    h.byteOrder = kByteOrderMark;
    h.slotSize = sizeof(Slot);
    h.firstSize = sizeof(FirstSlot);
    h.words = quint64(m_words);
    h.maxLen = quint64(m_maxLen);
    h.tag = m_tag;
    h.blockUnits = units;
    h.firstCount = 65536;
    h.filterWords = quint64(1) << (bits - 6);
    h.filterShift = quint64(64 - bits);
    layOut(h);
    QByteArray out(qsizetype(h.totalSize), '\0');
    char *const d = out.data();
    memcpy(d, &h, sizeof h);

    // the blocks, written in place (memcpy: the image is bytes)
    char *const blocks = d + h.blocksOffset;
    std::vector<Slot> table;
    size_t at = 0;
    for (char16_t c : order) {
        FirstSlot f;
        f.e = m_first.empty() ? Entry() : m_first[c];
        f.block = uint32_t(at);
        f.size = uint32_t(tableSize(count[c]));
        size_t idAt = (at + f.size) * 4; // in 4-byte units
        const auto copyIds = [this, blocks, &idAt](Entry &e) {
            if (e.word) {
                const Glosses g = span(e);
                e.off = uint32_t(idAt);
                e.len = uint16_t(g.size());
                memcpy(blocks + idAt * 4, g.data(), g.size() * sizeof(uint32_t));
                idAt += g.size();
            }
        };
        copyIds(f.e);
        table.assign(f.size, Slot{0, Entry()});
        for (uint32_t k = begin[c]; k < begin[c + 1]; ++k) {
            const Slot &s = m_slots[byChar[k]];
            size_t i = homeSlot(s.key, f.size);
            while (table[i].key != 0) {
                i = i + 1 == f.size ? 0 : i + 1;
            }
            table[i] = s;
            copyIds(table[i].e);
        }
        memcpy(blocks + at * sizeof(Slot), table.data(), table.size() * sizeof(Slot));
        memcpy(d + h.firstOffset + c * sizeof(FirstSlot), &f, sizeof f);
        at = (idAt + 3) / 4;
    }
    Q_ASSERT(at == units);
    char *const filter = d + h.filterOffset;
    for (uint32_t k : byChar) {
        const size_t b = size_t((m_slots[k].key * 0x9E3779B97F4A7C15ull) >> (64 - bits));
        uint64_t w;
        memcpy(&w, filter + (b >> 6) * 8, 8);
        w |= uint64_t(1) << (b & 63);
        memcpy(filter + (b >> 6) * 8, &w, 8);
    }
    return out;
}

bool HashLexicon::attach(const char *data, size_t size, std::shared_ptr<const void> owner, bool mapped)
{
    ImageHeader h;
    if (!data || size < sizeof h || (reinterpret_cast<quintptr>(data) % alignof(uint64_t)) != 0) {
        return false;
    }
    memcpy(&h, data, sizeof h);
    if (h.magic != kCacheMagic || h.version != kCacheVersion || h.byteOrder != kByteOrderMark || h.slotSize != sizeof(Slot) || h.firstSize != sizeof(FirstSlot)
        || h.firstCount != 65536 || h.words > quint64(std::numeric_limits<int>::max()) || h.maxLen > 65535) {
        return false;
    }
    // counts small enough that the offsets cannot overflow, then the offsets and sizes exactly
    // as toBytes() lays them out
    if (h.blockUnits > size / sizeof(Slot) || h.filterWords > size / sizeof(uint64_t)) {
        return false;
    }
    ImageHeader expect = h;
    layOut(expect);
    if (memcmp(&expect, &h, sizeof h) != 0 || h.totalSize != size) {
        return false;
    }
    // a filter of 2^k bits (k >= 12) addressed with the top k bits of a 64-bit hash
    if (h.filterWords != 0) {
        const quint64 filterBits = h.filterWords * 64;
        if ((filterBits & (filterBits - 1)) != 0 || filterBits < 4096 || h.filterShift != quint64(64 - std::countr_zero(filterBits))) {
            return false;
        }
    }
    reset();
    m_image = std::move(owner);
    m_imageData = data;
    m_imageSize = size;
    m_mapped = mapped;
    m_vSlots = reinterpret_cast<const Slot *>(data + h.blocksOffset);
    m_vNumSlots = size_t(h.blockUnits);
    m_vFirst = nullptr;
    m_vFirstImage = reinterpret_cast<const FirstSlot *>(data + h.firstOffset);
    m_vIds = reinterpret_cast<const uint32_t *>(data + h.blocksOffset);
    m_vNumIds = size_t(h.blockUnits) * (sizeof(Slot) / sizeof(uint32_t));
    m_vFilter = h.filterWords ? reinterpret_cast<const uint64_t *>(data + h.filterOffset) : nullptr;
    m_filterShift = h.filterWords ? int(h.filterShift) : 64;
    m_tag = h.tag;
    m_words = int(h.words);
    m_maxLen = int(h.maxLen);
    return true;
}

bool HashLexicon::readFrom(QIODevice *in)
{
    constexpr qint64 maxSize = qint64(1) << 30;
    QByteArray all;
    if (in->isSequential()) {
        all = in->read(maxSize + 1);
    } else {
        const qint64 n = in->size() - in->pos();
        if (n < 0 || n > maxSize) {
            return false;
        }
        all = in->read(n);
    }
    if (all.size() > maxSize) {
        return false;
    }
    // an 8-byte aligned copy that lives as long as the lexicon
    auto buffer = std::make_shared<std::vector<uint64_t>>((size_t(all.size()) + 7) / 8);
    memcpy(buffer->data(), all.constData(), size_t(all.size()));
    const char *data = reinterpret_cast<const char *>(buffer->data());
    return attach(data, size_t(all.size()), std::move(buffer), false);
}

bool HashLexicon::mapFile(const QString &fileName)
{
    auto file = std::make_shared<QFile>(fileName);
    if (!file->open(QIODevice::ReadOnly)) {
        return false;
    }
    const qint64 n = file->size();
    if (n < qint64(sizeof(ImageHeader)) || n > (qint64(1) << 30)) {
        return false;
    }
    // Read-only shared mapping: the pages are the page cache's (shared between processes,
    // dropped by the kernel under pressure), and only those that lookups touch are read. The file
    // is only ever replaced (QSaveFile renames), never written in place, so the mapping stays
    // valid. QFile unmaps when it is destroyed, with the lexicon's last copy.
    uchar *p = file->map(0, n);
    if (!p) {
        return readFrom(file.get()); // a file system without mappings: a copy in memory
    }
#ifdef MADV_RANDOM
    madvise(p, size_t(n), MADV_RANDOM); // lookups jump around: no read-ahead
#endif
    const char *data = reinterpret_cast<const char *>(p);
    return attach(data, size_t(n), std::move(file), true);
}

void HashLexicon::releasePages() const
{
#ifdef Q_OS_UNIX
    if (!m_mapped || !m_imageData || m_imageSize == 0) {
        return;
    }
    const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
    const quintptr from = reinterpret_cast<quintptr>(m_imageData) & ~(page - 1);
    const quintptr to = (reinterpret_cast<quintptr>(m_imageData) + m_imageSize + page - 1) & ~(page - 1);
    // A read-only shared mapping of the file: the pages stay in the page cache, only this
    // process's mappings of them go.
    madvise(reinterpret_cast<void *>(from), size_t(to - from), MADV_DONTNEED);
#endif
}

// An image file read page by page into private anonymous memory, each page when a lookup first
// needs it (a mapping of the file would bring in 16 pages per fault: the kernel's fault-around).
struct Detail::HashLexiconState::Pager {
    static constexpr size_t kPage = 4096; // need() shifts by 12
    QFile file;
    char *base = nullptr;
    size_t size = 0;
    std::unique_ptr<std::atomic<uint8_t>[]> loaded; // per page
    mutable QMutex mutex;

    ~Pager()
    {
#ifdef Q_OS_UNIX
        if (base) {
            munmap(base, size);
        }
#endif
    }
    void load(size_t page) const
    {
        QMutexLocker lock(&mutex); // one reader per page; others wait for it
        if (loaded[page].load(std::memory_order_relaxed)) {
            return;
        }
#ifdef Q_OS_UNIX
        const size_t at = page * kPage;
        const size_t n = std::min(kPage, size - at);
        // a short read (the file cut meanwhile) leaves zeros: empty entries, no crash
        for (size_t done = 0; done < n;) {
            const ssize_t r = pread(file.handle(), base + at + done, n - done, off_t(at + done));
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r <= 0) {
                break;
            }
            done += size_t(r);
        }
#endif
        loaded[page].store(1, std::memory_order_release);
    }
};

size_t HashLexicon::pagesReadBytes() const
{
    if (!m_pager) {
        return 0;
    }
    size_t pages = 0;
    for (size_t page = 0; page * Pager::kPage < m_pager->size; ++page) {
        pages += m_pageLoaded[page].load(std::memory_order_relaxed);
    }
    return pages * Pager::kPage;
}

size_t HashLexicon::dropReadPages() const
{
    if (!m_pager || m_pager->size <= Pager::kPage) {
        return 0;
    }
    QMutexLocker lock(&m_pager->mutex);
    size_t pages = 0;
    for (size_t page = 1; page * Pager::kPage < m_pager->size; ++page) { // (page 0: the header)
        pages += m_pager->loaded[page].exchange(0, std::memory_order_relaxed);
    }
#ifdef Q_OS_UNIX
    if (pages > 0) {
        // private anonymous memory: zeros (not read) when touched again; the flags say to read it
        madvise(m_pager->base + Pager::kPage, m_pager->size - Pager::kPage, MADV_DONTNEED);
    }
#endif
    return pages * Pager::kPage;
}

void HashLexicon::readPages(size_t first, size_t last) const
{
    for (size_t page = first; page <= last; ++page) {
        if (!m_pageLoaded[page].load(std::memory_order_acquire)) {
            m_pager->load(page);
        }
    }
}

bool HashLexicon::readFileOnDemand(const QString &fileName)
{
#ifdef Q_OS_UNIX
    auto pager = std::make_shared<Pager>();
    pager->file.setFileName(fileName);
    if (!pager->file.open(QIODevice::ReadOnly)) {
        return false;
    }
    const qint64 n = pager->file.size();
    if (n < qint64(sizeof(ImageHeader)) || n > (qint64(1) << 30)) {
        return false;
    }
    void *m = mmap(nullptr, size_t(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        return false;
    }
#ifdef MADV_NOHUGEPAGE
    madvise(m, size_t(n), MADV_NOHUGEPAGE); // a page touched is 4 KiB, not 2 MiB
#endif
    pager->base = static_cast<char *>(m);
    pager->size = size_t(n);
    pager->loaded = std::make_unique<std::atomic<uint8_t>[]>((pager->size + Pager::kPage - 1) / Pager::kPage);
    pager->load(0); // the header
    const Pager *raw = pager.get();
    const char *data = pager->base; // (not in the call: the arguments' order is unspecified)
    const size_t size = pager->size;
    if (!attach(data, size, std::move(pager), false)) {
        return false;
    }
    m_pager = raw;
    m_pageBase = raw->base;
    m_pageLoaded = raw->loaded.get();
    m_pageBytes = raw->size;
    return true;
#else
    return mapFile(fileName);
#endif
}

void HashLexicon::detach()
{
    if (!m_image) {
        return;
    }
    HashLexicon heap;
    heap.m_first.assign(65536, Entry());
    for (size_t c = 0; c < 65536; ++c) {
        const Entry *first = nullptr;
        const Slot *table = nullptr;
        size_t size = 0;
        if (!start(char16_t(c), &first, &table, &size)) {
            continue;
        }
        const auto copyIds = [this, &heap](Entry &e) {
            if (e.word) {
                const Glosses g = span(e);
                e.off = uint32_t(heap.m_ids.size());
                e.len = uint16_t(g.size());
                heap.m_ids.insert(heap.m_ids.end(), g.begin(), g.end());
            }
        };
        if (first->word || first->longer) {
            Entry e = *first;
            copyIds(e);
            heap.slot(firstKey(char16_t(c)), char16_t(c), true)->e = e;
            heap.m_first[c] = e;
        }
        if (m_pager) {
            need(table, size * sizeof(Slot));
        }
        for (size_t i = 0; i < size; ++i) {
            if (table[i].key) {
                Entry e = table[i].e;
                copyIds(e);
                heap.slot(table[i].key, char16_t(c), true)->e = e;
            }
        }
    }
    heap.m_words = m_words;
    heap.m_maxLen = m_maxLen;
    heap.m_tag = m_tag;
    const bool filter = m_vFilter != nullptr;
    heap.refreshView();
    *this = std::move(heap);
    if (filter) {
        buildFilter();
    }
}

namespace
{
// The gloss ids an entry adds to the lexicon (empty: none).
std::vector<uint32_t> entryGlossIds(QStringView headword, QStringView definitions)
{
    if (headword.isEmpty() || !isCjk(headword.at(0))) {
        return {};
    }
    // Drop cross references ("variant of X", "see X") and bracketed pinyin.
    // (what QRegularExpression "\\[[^\\]]*\\]|\\|" removes, by hand: 118k regex runs cost ~0.1 s)
    // (written through a pointer: QString::append(QChar) per character was a third of the time)
    const qsizetype n = definitions.size();
    QString defs(n, Qt::Uninitialized);
    QChar *d = defs.data();
    const QChar *const d0 = d;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = definitions.at(i);
        if (c == u'|') {
            continue;
        }
        if (c == u'[') {
            const qsizetype close = definitions.indexOf(u']', i + 1);
            if (close >= 0) {
                i = close;
                continue;
            }
        }
        *d++ = c;
    }
    defs.truncate(d - d0);
    // The first senses matter most; long entries (encyclopedic notes) would only add noise.
    return englishContentWordIds(defs, kMaxGlossWords);
}

// The lines of a text, one after the other (what QStringView::split(u'\n') gives, without the
// list: CC-CEDICT's 456k lines made a 7 MB one).
class Lines
{
public:
    explicit Lines(QStringView text)
        : m_text(text)
    {
    }
    // the next line into *line; false after the last one
    bool next(QStringView *line)
    {
        if (m_at > m_text.size()) {
            return false;
        }
        qsizetype end = m_text.indexOf(u'\n', m_at);
        if (end < 0) {
            end = m_text.size();
        }
        *line = m_text.sliced(m_at, end - m_at);
        m_at = end + 1;
        return true;
    }

private:
    QStringView m_text;
    qsizetype m_at = 0;
};

// Calls f(headword, definitions) for each entry of a dictd or CEDICT text, in file order.
template<typename F>
void forEachEntry(QStringView text, bool cedictText, F &&f)
{
    Lines lines(text);
    QStringView line;
    if (cedictText) {
        // "傳統 传统 [chuan2 tong3] /tradition/traditional/"
        while (lines.next(&line)) {
            if (line.isEmpty() || line.startsWith(u'#')) {
                continue;
            }
            const qsizetype sp1 = line.indexOf(u' ');
            const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(u' ', sp1 + 1);
            const qsizetype slash = line.indexOf(u'/');
            if (sp2 < 0 || slash < 0) {
                continue;
            }
            f(line.mid(sp1 + 1, sp2 - sp1 - 1), line.mid(slash));
        }
    } else {
        // dictd: "trad|simp" (or one form) line, "[pinyin]" line, then definition lines.
        QStringView head;
        QString defs;
        auto flush = [&] {
            if (!head.isEmpty()) {
                const qsizetype bar = head.indexOf(u'|');
                f(bar < 0 ? head : head.mid(bar + 1), QStringView(defs));
            }
            head = QStringView();
            defs.clear();
        };
        // each line trimmed, with the one after it (a head is the line before a "[pinyin]" line)
        QStringView next;
        bool haveNext = lines.next(&next);
        next = next.trimmed();
        while (haveNext) {
            const QStringView current = next;
            haveNext = lines.next(&next);
            next = haveNext ? next.trimmed() : QStringView();
            const bool nextIsPinyin = haveNext && next.startsWith(u'[') && next.endsWith(u']');
            if (nextIsPinyin && !current.isEmpty()) {
                flush();
                head = current;
                // skip the pinyin
                haveNext = lines.next(&next);
                next = haveNext ? next.trimmed() : QStringView();
                continue;
            }
            if (!head.isEmpty()) {
                defs += current;
                defs += u' ';
            }
        }
        flush();
    }
}
} // namespace

void ChineseEnglishDictionary::addEntry(QStringView headword, QStringView definitions)
{
    const std::vector<uint32_t> ids = entryGlossIds(headword, definitions);
    if (ids.empty()) {
        return;
    }
    m_entries.add(headword, ids);
}

struct ChineseEnglishDictionary::HeadEntries {
    QString text; // the words below are views of it
    std::vector<QStringView> words; // every entry's headword, in file order
    QHash<QStringView, std::vector<uint32_t>> glosses; // sorted, unique
    HashLexicon::Glosses lookup(QStringView word) const
    {
        const auto it = glosses.constFind(word);
        return it == glosses.cend() ? HashLexicon::Glosses() : HashLexicon::Glosses(it->data(), it->size());
    }
};

namespace
{
std::shared_mutex &readingMutex()
{
    static std::shared_mutex m;
    return m;
}
}

std::shared_lock<std::shared_mutex> ChineseEnglishDictionary::reading()
{
    return std::shared_lock<std::shared_mutex>(readingMutex());
}

size_t ChineseEnglishDictionary::dropReadPages() const
{
    std::unique_lock<std::shared_mutex> lock(readingMutex(), std::try_to_lock);
    if (!lock.owns_lock()) {
        return 0; // lookups under way (another alignment): their pages stay
    }
    return m_entries.dropReadPages();
}

HashLexicon::Glosses ChineseEnglishDictionary::lookup(QStringView word) const
{
    return m_entries.find(word);
}

QString ChineseEnglishDictionary::systemPath()
{
    const QStringList candidates = {u"/usr/share/dictd/cc-cedict.dict.dz"_s,
                                    u"/usr/share/dictd/cc-cedict.dict"_s,
                                    u"/usr/local/share/dictd/cc-cedict.dict.dz"_s,
                                    u"/usr/share/cc-cedict/cedict_ts.u8"_s};
    for (const QString &c : candidates) {
        if (QFileInfo::exists(c)) {
            return c;
        }
    }
    return QString();
}

void ChineseEnglishDictionary::parse(const QString &text, bool cedictText)
{
    // CC-CEDICT 2024: ~120k headwords, ~250k words and prefixes, ~6 gloss ids each
    const qsizetype lines = text.count(u'\n') + 1;
    m_entries.reserve(size_t(lines) / 2, size_t(lines) * 3);
    forEachEntry(text, cedictText, [this](QStringView headword, QStringView definitions) {
        addEntry(headword, definitions);
    });
}

std::shared_ptr<ChineseEnglishDictionary> ChineseEnglishDictionary::load(const QString &path)
{
    auto dict = std::make_shared<ChineseEnglishDictionary>();
    dict->m_path = path;
    if (path.isEmpty() || !QFileInfo::exists(path)) {
        dict->m_error = u"CC-CEDICT dictionary not found%1%2"_s.arg(path.isEmpty() ? QString() : u": "_s, path);
        return dict;
    }
    // dictzip (.dict.dz) is a gzip member with an extra header field: zlib's gz* reads it, and
    // plain files too (gzread passes uncompressed data through).
    QByteArray data;
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!gz) {
        dict->m_error = u"cannot open %1"_s.arg(path);
        return dict;
    }
    char buf[1 << 16];
    int got = 0;
    while ((got = gzread(gz, buf, sizeof buf)) > 0) {
        data.append(buf, got);
        if (data.size() > (1 << 28)) {
            break; // 256 MiB: not a dictionary
        }
    }
    const bool readError = got < 0;
    gzclose(gz);
    if (readError) {
        dict->m_error = u"cannot read %1"_s.arg(path);
        return dict;
    }
    const QString text = QString::fromUtf8(data);
    data.clear();
    dict->parse(text, path.endsWith(u".u8"_s) || path.endsWith(u".txt"_s));
    if (dict->m_entries.isEmpty()) {
        dict->m_error = u"no dictionary entries in %1"_s.arg(path);
    } else {
        dict->m_entries.buildFilter();
    }
    return dict;
}

namespace
{
std::atomic<int> g_headParses{0};

// What loadCached() checks a cache file against, beside its tag: a few of the head's words and the
// glosses the head gives them (empty word: none).
struct SpotCheck {
    uint64_t fingerprint = 0;
    std::vector<std::pair<QString, std::vector<uint32_t>>> words;
};

// One line per build: "<build id> <fingerprint> <word>:<ids> ..." (words as hex of their UTF-8,
// ids as hex, comma-separated). The newest first; at most kMaxBuilds.
constexpr int kMaxBuilds = 8;

QByteArray recordLine(const QByteArray &build, const SpotCheck &c)
{
    QByteArray line = build + ' ' + QByteArray::number(qulonglong(c.fingerprint), 16);
    for (const auto &[word, ids] : c.words) {
        line += ' ' + word.toUtf8().toHex() + ':';
        for (size_t i = 0; i < ids.size(); ++i) {
            line += (i ? "," : "") + QByteArray::number(ids[i], 16);
        }
    }
    return line;
}

std::optional<SpotCheck> parseRecordLine(const QByteArray &line, const QByteArray &build)
{
    const QList<QByteArray> fields = line.trimmed().split(' ');
    if (fields.size() < 2 || fields.first() != build) {
        return std::nullopt;
    }
    SpotCheck c;
    bool ok = false;
    c.fingerprint = fields.at(1).toULongLong(&ok, 16);
    if (!ok) {
        return std::nullopt;
    }
    for (qsizetype i = 2; i < fields.size(); ++i) {
        const qsizetype colon = fields.at(i).indexOf(':');
        if (colon < 0) {
            return std::nullopt;
        }
        std::pair<QString, std::vector<uint32_t>> w;
        w.first = QString::fromUtf8(QByteArray::fromHex(fields.at(i).left(colon)));
        const QByteArray ids = fields.at(i).mid(colon + 1);
        if (!ids.isEmpty()) {
            for (const QByteArray &id : ids.split(',')) {
                const uint id32 = id.toUInt(&ok, 16);
                if (!ok) {
                    return std::nullopt;
                }
                w.second.push_back(id32);
            }
        }
        c.words.push_back(std::move(w));
    }
    return c;
}

QList<QByteArray> readRecordLines(const QString &recordFile)
{
    QFile f(recordFile);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QList<QByteArray> lines = f.read(64 * 1024).split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

void writeRecord(const QString &recordFile, const QByteArray &build, const SpotCheck &c)
{
    QList<QByteArray> lines = readRecordLines(recordFile);
    const QByteArray ours = build + ' ';
    lines.removeIf([&ours](const QByteArray &l) {
        return l.startsWith(ours);
    });
    lines.prepend(recordLine(build, c));
    lines = lines.mid(0, kMaxBuilds);
    QSaveFile out(recordFile);
    if (out.open(QIODevice::WriteOnly)) {
        out.write(lines.join('\n') + '\n');
        out.commit(); // (or not: then the next process checks the head again)
    }
}

int findBuildId(dl_phdr_info *info, size_t, void *data)
{
    auto *search = static_cast<std::pair<uintptr_t, QByteArray> *>(data);
    bool here = false;
    for (int i = 0; i < info->dlpi_phnum && !here; ++i) {
        const ElfW(Phdr) &ph = info->dlpi_phdr[i];
        here = ph.p_type == PT_LOAD && search->first >= info->dlpi_addr + ph.p_vaddr && search->first < info->dlpi_addr + ph.p_vaddr + ph.p_memsz;
    }
    if (!here) {
        return 0;
    }
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_NOTE) {
            continue;
        }
        const char *p = reinterpret_cast<const char *>(info->dlpi_addr + ph.p_vaddr);
        const char *const end = p + ph.p_memsz;
        while (end - p >= qsizetype(sizeof(ElfW(Nhdr)))) {
            const auto *note = reinterpret_cast<const ElfW(Nhdr) *>(p);
            const char *name = p + sizeof(ElfW(Nhdr));
            const char *desc = name + ((note->n_namesz + 3) & ~3u);
            const char *next = desc + ((note->n_descsz + 3) & ~3u);
            if (next > end) {
                break;
            }
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(name, "GNU", 4) == 0 && note->n_descsz > 0) {
                search->second = QByteArray(desc, note->n_descsz).toHex();
                return 1;
            }
            p = next;
        }
    }
    return 1;
}
const char g_buildIdAnchor = 0; // an address in this object's loaded segments
} // namespace

QByteArray ChineseEnglishDictionary::buildId()
{
    static const QByteArray id = [] {
        std::pair<uintptr_t, QByteArray> search{reinterpret_cast<uintptr_t>(&g_buildIdAnchor), {}};
        dl_iterate_phdr(findBuildId, &search);
        return search.second;
    }();
    return id;
}

int ChineseEnglishDictionary::headParses()
{
    return g_headParses.load();
}

QString ChineseEnglishDictionary::checkRecordFor(const QString &cacheFile)
{
    return cacheFile + u".checked"_s;
}

uint64_t ChineseEnglishDictionary::headFingerprint(const QString &path, HeadEntries *head)
{
    g_headParses.fetch_add(1);
    QByteArray bytes;
    if (gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb")) {
        bytes.resize(1 << 15); // ~480 entries: ~1 ms
        const int got = gzread(gz, bytes.data(), int(bytes.size()));
        bytes.resize(std::max(0, got));
        gzclose(gz);
    }
    QString &text = head->text;
    text = QString::fromUtf8(bytes);
    text.truncate(std::max<qsizetype>(0, text.lastIndexOf(u'\n'))); // whole lines only
    // The entries' gloss ids as a lexicon of them would give them (the union over a headword's
    // entries), in a small hash: a lexicon's tables (512 KiB for the first characters alone)
    // cost more than the parse.
    head->words.reserve(512);
    forEachEntry(text, path.endsWith(u".u8"_s) || path.endsWith(u".txt"_s), [head](QStringView headword, QStringView definitions) {
        head->words.push_back(headword);
        const std::vector<uint32_t> ids = entryGlossIds(headword, definitions);
        if (ids.empty()) {
            return;
        }
        std::vector<uint32_t> &all = head->glosses[headword];
        all.insert(all.end(), ids.begin(), ids.end());
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
    });
    // (the last entry of the cut text may be incomplete, or have taken in the next head: its
    // headword is left out, its glosses stay, as they did when the head was read into a lexicon)
    if (!head->words.empty()) {
        head->words.pop_back();
    }
    uint64_t h = fnvBasis;
    for (const QStringView w : head->words) {
        for (QChar c : w) {
            h = fnvAdd(h, c.unicode());
        }
        h = fnvAdd(h, 0);
        for (uint32_t id : head->lookup(w)) {
            h = fnvAdd(fnvAdd(h, char16_t(id & 0xFFFF)), char16_t(id >> 16));
        }
        h = fnvAdd(h, 0xFFFF);
    }
    return h;
}

namespace
{
// The cache file attached as an image: mapped (default: its pages are the page cache's, shared
// with other processes and other Okular windows, not a private copy; each fault brings in 64 KiB,
// the kernel's fault-around, and releaseSharedPages() gives them back after each alignment), or
// read page by page on demand into private memory (OKB_DICTIONARY_ACCESS=read: 4 KiB per page
// touched, which stay).
bool openImage(HashLexicon &lex, const QString &file)
{
    static const bool read = qgetenv("OKB_DICTIONARY_ACCESS") == "read";
    return read ? lex.readFileOnDemand(file) : lex.mapFile(file);
}
} // namespace

std::shared_ptr<ChineseEnglishDictionary> ChineseEnglishDictionary::loadCached(const QString &path, const QString &cacheFile)
{
    if (cacheFile.isEmpty()) {
        return load(path);
    }
    // This build checked this cache file before (below): the same checks against what it found
    // in the head then (the head is the same: the cache file is named after the dictionary's path,
    // size and time stamp, and the build id names the code that read it), without parsing the head
    // again (~3M instructions, ~0.7 ms of every process's first alignment).
    const QByteArray build = buildId();
    const QString recordFile = checkRecordFor(cacheFile);
    if (!build.isEmpty()) {
        for (const QByteArray &line : readRecordLines(recordFile)) {
            const std::optional<SpotCheck> check = parseRecordLine(line, build);
            if (!check) {
                continue;
            }
            auto dict = std::make_shared<ChineseEnglishDictionary>();
            dict->m_path = path;
            if (openImage(dict->m_entries, cacheFile) && !dict->m_entries.isEmpty() && dict->m_entries.tag() == check->fingerprint) {
                const bool agrees = std::all_of(check->words.cbegin(), check->words.cend(), [&dict](const auto &w) {
                    const HashLexicon::Glosses have = dict->lookup(w.first);
                    return std::includes(have.begin(), have.end(), w.second.begin(), w.second.end());
                });
                if (agrees) {
                    return dict;
                }
            }
            break;
        }
    }
    // What the current code makes of the dictionary's first entries (~1 ms): a cache written by a
    // build that derived gloss ids differently records another hash and is not used.
    HeadEntries probe;
    const uint64_t fingerprint = headFingerprint(path, &probe);
    const std::vector<QStringView> &words = probe.words;
    if (words.empty()) {
        return load(path); // nothing to check a cache against
    }
    // A few of those words looked up in the cache as well (a few pages, not all ~500 words: each
    // lookup brings in pages of the mapping): the first one-character word, the first and the last
    // longer word (which go through the hash tables). A headword listed again later in the file
    // has more glosses in the whole.
    QList<QStringView> spot;
    const auto firstWithGlosses = [&probe](auto begin, auto end, bool single) {
        const auto it = std::find_if(begin, end, [&probe, single](QStringView w) {
            return (w.size() == 1) == single && !probe.lookup(w).empty();
        });
        return it == end ? QStringView() : *it;
    };
    spot << firstWithGlosses(words.cbegin(), words.cend(), true) << firstWithGlosses(words.cbegin(), words.cend(), false)
         << firstWithGlosses(words.crbegin(), words.crend(), false);
    const auto agrees = [&probe, &spot](const ChineseEnglishDictionary &d) {
        for (const QStringView w : std::as_const(spot)) {
            const HashLexicon::Glosses want = probe.lookup(w);
            const HashLexicon::Glosses have = d.lookup(w);
            if (!std::includes(have.begin(), have.end(), want.begin(), want.end())) {
                return false;
            }
        }
        return true;
    };
    // What this build found, for its next processes (checkRecordFor()).
    const auto record = [&] {
        if (build.isEmpty()) {
            return;
        }
        SpotCheck check;
        check.fingerprint = fingerprint;
        for (const QStringView w : std::as_const(spot)) {
            const HashLexicon::Glosses want = probe.lookup(w);
            check.words.emplace_back(w.toString(), std::vector<uint32_t>(want.begin(), want.end()));
        }
        writeRecord(recordFile, build, check);
    };
    {
        auto dict = std::make_shared<ChineseEnglishDictionary>();
        dict->m_path = path;
        if (openImage(dict->m_entries, cacheFile) && !dict->m_entries.isEmpty() && dict->m_entries.tag() == fingerprint && agrees(*dict)) {
            record();
            return dict;
        }
    }
    std::shared_ptr<ChineseEnglishDictionary> dict = load(path);
    if (!dict->isLoaded()) {
        return dict;
    }
    dict->m_entries.setTag(fingerprint);
    QDir().mkpath(QFileInfo(cacheFile).absolutePath());
    QSaveFile out(cacheFile);
    // Unbuffered, in 64 KiB writes: the page cache then holds the file in small folios, so that
    // a lookup in a mapping of it brings in a few pages, not megabytes (large folios are mapped
    // whole).
    if (out.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        const QByteArray bytes = dict->m_entries.toBytes();
        bool ok = true;
        for (qsizetype at = 0; ok && at < bytes.size(); at += 1 << 16) {
            const qsizetype n = std::min<qsizetype>(1 << 16, bytes.size() - at);
            ok = out.write(bytes.constData() + at, n) == n;
        }
        if (ok && out.commit()) {
            // Use the file just written, as later processes will: the parsed tables (~11 MB of
            // heap) are freed.
            auto mapped = std::make_shared<ChineseEnglishDictionary>();
            mapped->m_path = path;
            if (openImage(mapped->m_entries, cacheFile) && mapped->m_entries.tag() == fingerprint && mapped->size() == dict->size() && agrees(*mapped)) {
                record();
                return mapped;
            }
        } // else: no cache, that is all
    }
    return dict;
}

QString ChineseEnglishDictionary::cacheFileFor(const QString &path)
{
    const QFileInfo info(path);
    const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (path.isEmpty() || !info.isFile() || cacheDir.isEmpty() || qEnvironmentVariableIntValue("OKB_NO_DICTIONARY_CACHE") != 0) {
        return QString();
    }
    // Named after the dictionary's path, size and time stamp, and the image format: builds with
    // another format keep their own file instead of replacing each other's.
    const QByteArray key = QFile::encodeName(info.absoluteFilePath()) + '|' + QByteArray::number(info.size()) + '|'
        + QByteArray::number(info.lastModified().toMSecsSinceEpoch()) + '|' + QByteArray::number(kMaxGlossWords);
    return cacheDir + u"/okular-bilingual/cedict-"_s + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16)) + u"-v"_s
        + QString::number(kCacheVersion) + u".bin"_s;
}

namespace
{
QMutex &sharedMutex()
{
    static QMutex mutex;
    return mutex;
}
QHash<QString, std::shared_ptr<const ChineseEnglishDictionary>> &sharedCache()
{
    static QHash<QString, std::shared_ptr<const ChineseEnglishDictionary>> cache;
    return cache;
}
} // namespace

void ChineseEnglishDictionary::releaseSharedPages()
{
    QMutexLocker lock(&sharedMutex());
    for (const auto &d : std::as_const(sharedCache())) {
        d->m_entries.releasePages();
    }
}

std::shared_ptr<const ChineseEnglishDictionary> ChineseEnglishDictionary::shared(const QString &requested)
{
    QString path = requested;
    if (path.isEmpty()) {
        path = qEnvironmentVariable("OKB_CEDICT");
    }
    if (path.isEmpty()) {
        path = systemPath();
    }
    QMutexLocker lock(&sharedMutex()); // one load per path; concurrent callers wait for it
    QHash<QString, std::shared_ptr<const ChineseEnglishDictionary>> &cache = sharedCache();
    auto it = cache.constFind(path);
    if (it != cache.cend()) {
        return it.value();
    }
    std::shared_ptr<const ChineseEnglishDictionary> d = loadCached(path, cacheFileFor(path));
    if (!d->isLoaded()) {
        qWarning("okular-bilingual: %s; aligning without a dictionary", qPrintable(d->errorString()));
    }
    cache.insert(path, d);
    return d;
}

} // namespace Okb
