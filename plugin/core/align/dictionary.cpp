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

WordBuf lowerWord(QStringView w)
{
    WordBuf b;
    for (QChar ch : w) {
        if (b.n == 24) {
            break;
        }
        const char16_t u = ch.unicode();
        b.c[b.n++] = (u >= u'A' && u <= u'Z') ? char16_t(u + 32) : (u < 128 ? u : ch.toLower().unicode());
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
        int j = i;
        while (j < n && (letter(j) || (t[j] == u'\'' && j + 1 < n && letter(j + 1) && j > i))) {
            ++j;
        }
        if (j - i > 1) {
            const WordBuf b = lowerWord(text.mid(i, j - i));
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

void HashLexicon::reserve(size_t words, size_t ids)
{
    m_ids.reserve(ids);
    size_t cap = 1024;
    while (cap < words * 2) {
        cap *= 2;
    }
    if (cap > m_slots.size()) {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(cap, Slot{0, Entry()});
        m_used = 0;
        for (const Slot &o : old) {
            if (o.key) {
                slot(o.key, true)->e = o.e;
            }
        }
    }
}

void HashLexicon::grow()
{
    reserve(std::max<size_t>(m_slots.size(), 512), m_ids.size());
}

HashLexicon::Slot *HashLexicon::slot(uint64_t key, bool insert)
{
    key = key ? key : 1;
    if (insert && (m_used + 1) * 2 > m_slots.size()) {
        grow();
    }
    if (m_slots.empty()) {
        return nullptr;
    }
    const size_t mask = m_slots.size() - 1;
    for (size_t i = size_t(key ^ (key >> 29)) & mask;; i = (i + 1) & mask) {
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
            ++m_used;
            if (!m_filter.empty()) {
                const size_t b = filterBit(key);
                m_filter[b >> 6] |= uint64_t(1) << (b & 63);
            }
            return &s;
        }
    }
}

void HashLexicon::buildFilter()
{
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
}

const HashLexicon::Slot *HashLexicon::slotConst(uint64_t key) const
{
    return const_cast<HashLexicon *>(this)->slot(key, false);
}

void HashLexicon::add(QStringView word, const std::vector<uint32_t> &glossIds)
{
    if (word.isEmpty() || glossIds.empty()) {
        return;
    }
    uint64_t h = fnvBasis;
    for (qsizetype i = 0; i + 1 < word.size(); ++i) {
        h = fnvAdd(h, word.at(i).unicode());
        slot(h, true)->e.longer = 1; // prefix (keeps a word's glosses if one is there)
    }
    h = fnvAdd(h, word.back().unicode());
    Entry &v = slot(h, true)->e;
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
    m_first[word.at(0).unicode()] = slotConst(fnvAdd(fnvBasis, word.at(0).unicode()))->e;
}

int HashLexicon::longestMatch(QStringView text, int pos, int maxLength, Glosses *glosses) const
{
    const int limit = std::min({maxLength, m_maxLen, int(text.size()) - pos});
    if (limit <= 0 || m_first.empty()) {
        return 0;
    }
    const char16_t c0 = text.at(pos).unicode();
    const Entry &first = m_first[c0];
    int best = 0;
    if (first.word) {
        best = 1;
        *glosses = Glosses(m_ids.data() + first.off, first.len);
    }
    if (!first.longer) {
        return best;
    }
    uint64_t h = fnvAdd(fnvBasis, c0);
    const Slot *slots = m_slots.data();
    const size_t mask = m_slots.size() - 1;
    for (int L = 2; L <= limit; ++L) {
        h = fnvAdd(h, text.at(pos + L - 1).unicode());
        // slotConst(h), inlined
        const uint64_t key = h ? h : 1;
        if (!m_filter.empty()) {
            const size_t b = filterBit(key);
            if (!((m_filter[b >> 6] >> (b & 63)) & 1)) {
                break; // not stored: the probe would fail
            }
        }
        const Slot *v = nullptr;
        for (size_t i = size_t(key ^ (key >> 29)) & mask;; i = (i + 1) & mask) {
            if (slots[i].key == key) {
                v = &slots[i];
                break;
            }
            if (slots[i].key == 0) {
                break;
            }
        }
        if (!v) {
            break;
        }
        if (v->e.word) {
            best = L;
            *glosses = Glosses(m_ids.data() + v->e.off, v->e.len);
        }
        if (!v->e.longer) {
            break;
        }
    }
    return best;
}

HashLexicon::Glosses HashLexicon::find(QStringView word) const
{
    uint64_t h = fnvBasis;
    for (QChar c : word) {
        h = fnvAdd(h, c.unicode());
    }
    const Slot *v = slotConst(h);
    return !v || !v->e.word ? Glosses() : Glosses(m_ids.data() + v->e.off, v->e.len);
}

namespace
{
// Bump when the cache layout changes. A change in how gloss ids are computed (stemming, stop
// words, kMaxGlossWords) needs no bump: loadCached() re-derives the first entries of the file
// with the current code and drops a cache that disagrees.
constexpr quint32 kCacheMagic = 0x4F4B4244; // "OKBD"
constexpr quint32 kCacheVersion = 1;

template<typename T>
void appendVector(QByteArray &out, const std::vector<T> &v)
{
    const quint64 n = v.size();
    out.append(reinterpret_cast<const char *>(&n), sizeof n);
    out.append(reinterpret_cast<const char *>(v.data()), qsizetype(n * sizeof(T)));
}

template<typename T>
bool readVector(QIODevice *in, std::vector<T> &v)
{
    quint64 n = 0;
    if (in->read(reinterpret_cast<char *>(&n), sizeof n) != qint64(sizeof n) || n > quint64(in->bytesAvailable()) / sizeof(T)) {
        return false;
    }
    v.resize(n); // read straight into place: no second copy of ~10 MB
    return in->read(reinterpret_cast<char *>(v.data()), qint64(n * sizeof(T))) == qint64(n * sizeof(T));
}
} // namespace

QByteArray HashLexicon::toBytes() const
{
    QByteArray out;
    out.reserve(qsizetype(64 + m_slots.size() * sizeof(Slot) + m_first.size() * sizeof(Entry) + m_ids.size() * 4));
    const quint64 head[] = {kCacheMagic, kCacheVersion, sizeof(Slot), sizeof(Entry), quint64(m_used), quint64(m_words), quint64(m_maxLen)};
    out.append(reinterpret_cast<const char *>(head), sizeof head);
    appendVector(out, m_slots);
    appendVector(out, m_first);
    appendVector(out, m_ids);
    return out;
}

bool HashLexicon::readFrom(QIODevice *in)
{
    quint64 head[7];
    if (in->read(reinterpret_cast<char *>(head), sizeof head) != qint64(sizeof head)) {
        return false;
    }
    if (head[0] != kCacheMagic || head[1] != kCacheVersion || head[2] != sizeof(Slot) || head[3] != sizeof(Entry)) {
        return false;
    }
    HashLexicon lex;
    lex.m_used = size_t(head[4]);
    lex.m_words = int(head[5]);
    lex.m_maxLen = int(head[6]);
    const bool ok = readVector(in, lex.m_slots) && readVector(in, lex.m_first) && readVector(in, lex.m_ids) && in->atEnd();
    // a power-of-two table, at most half full, every span inside the id array
    if (!ok || lex.m_slots.empty() || (lex.m_slots.size() & (lex.m_slots.size() - 1)) || lex.m_used * 2 > lex.m_slots.size()
        || (!lex.m_first.empty() && lex.m_first.size() != 65536)) {
        return false;
    }
    for (const Slot &sl : lex.m_slots) {
        if (sl.key && sl.e.word && size_t(sl.e.off) + sl.e.len > lex.m_ids.size()) {
            return false;
        }
    }
    for (const Entry &e : lex.m_first) {
        if (e.word && size_t(e.off) + e.len > lex.m_ids.size()) {
            return false;
        }
    }
    *this = std::move(lex);
    return true;
}

void ChineseEnglishDictionary::addEntry(const QString &headword, QStringView definitions)
{
    if (headword.isEmpty() || !isCjk(headword.at(0))) {
        return;
    }
    // Drop cross references ("variant of X", "see X") and bracketed pinyin.
    // (what QRegularExpression "\\[[^\\]]*\\]|\\|" removes, by hand: 118k regex runs cost ~0.1 s)
    QString defs;
    defs.reserve(definitions.size());
    const qsizetype n = definitions.size();
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
        defs.append(c);
    }
    // The first senses matter most; long entries (encyclopedic notes) would only add noise.
    std::vector<uint32_t> ids = englishContentWordIds(defs, kMaxGlossWords);
    if (ids.empty()) {
        return;
    }
    m_entries.add(headword, ids);
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

void ChineseEnglishDictionary::parse(const QString &text, bool cedictText, QStringList *headwords)
{
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    // CC-CEDICT 2024: ~120k headwords, ~250k words and prefixes, ~6 gloss ids each
    if (!headwords) {
        m_entries.reserve(size_t(lines.size()) / 2, size_t(lines.size()) * 3);
    }
    if (cedictText) {
        // "傳統 传统 [chuan2 tong3] /tradition/traditional/"
        for (QStringView line : lines) {
            if (line.isEmpty() || line.startsWith(u'#')) {
                continue;
            }
            const qsizetype sp1 = line.indexOf(u' ');
            const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(u' ', sp1 + 1);
            const qsizetype slash = line.indexOf(u'/');
            if (sp2 < 0 || slash < 0) {
                continue;
            }
            const QString word = line.mid(sp1 + 1, sp2 - sp1 - 1).toString();
            addEntry(word, line.mid(slash));
            if (headwords) {
                headwords->append(word);
            }
        }
    } else {
        // dictd: "trad|simp" (or one form) line, "[pinyin]" line, then definition lines.
        QString head;
        QString defs;
        auto flush = [&] {
            if (!head.isEmpty()) {
                const qsizetype bar = head.indexOf(u'|');
                const QString simp = bar < 0 ? head : head.mid(bar + 1);
                addEntry(simp, defs);
                if (headwords) {
                    headwords->append(simp);
                }
            }
            head.clear();
            defs.clear();
        };
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QStringView line = lines.at(i).trimmed();
            const bool nextIsPinyin = i + 1 < lines.size() && lines.at(i + 1).trimmed().startsWith(u'[') && lines.at(i + 1).trimmed().endsWith(u']');
            if (nextIsPinyin && !line.isEmpty()) {
                flush();
                head = line.toString();
                ++i; // skip pinyin
                continue;
            }
            if (!head.isEmpty()) {
                defs += line;
                defs += u' ';
            }
        }
        flush();
    }
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

std::shared_ptr<ChineseEnglishDictionary> ChineseEnglishDictionary::loadCached(const QString &path, const QString &cacheFile)
{
    QFile f(cacheFile);
    if (!cacheFile.isEmpty() && f.open(QIODevice::ReadOnly)) {
        auto dict = std::make_shared<ChineseEnglishDictionary>();
        dict->m_path = path;
        if (dict->m_entries.readFrom(&f) && !dict->m_entries.isEmpty()) {
            // Check it against what the current code makes of the file's first entries (~1 ms):
            // a cache written by a build that derived gloss ids differently is not used.
            QByteArray head;
            if (gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb")) {
                head.resize(1 << 17);
                const int got = gzread(gz, head.data(), int(head.size()));
                head.resize(std::max(0, got));
                gzclose(gz);
            }
            ChineseEnglishDictionary probe;
            QStringList words;
            QString text = QString::fromUtf8(head);
            text.truncate(std::max<qsizetype>(0, text.lastIndexOf(u'\n'))); // whole lines only
            probe.parse(text, path.endsWith(u".u8"_s) || path.endsWith(u".txt"_s), &words);
            // (the last entry of the cut text may be incomplete, or have taken in the next head)
            if (!words.isEmpty()) {
                words.removeLast();
            }
            bool same = !words.isEmpty();
            for (const QString &w : std::as_const(words)) {
                const HashLexicon::Glosses want = probe.lookup(w);
                const HashLexicon::Glosses have = dict->lookup(w);
                // a headword listed again later in the file has more glosses in the whole
                if (!std::includes(have.begin(), have.end(), want.begin(), want.end())) {
                    same = false;
                    break;
                }
            }
            if (same) {
                dict->m_entries.buildFilter(); // not in the cache: made from the table (~ms)
                return dict;
            }
        }
        f.close();
    }
    std::shared_ptr<ChineseEnglishDictionary> dict = load(path);
    if (dict->isLoaded() && !cacheFile.isEmpty()) {
        QDir().mkpath(QFileInfo(cacheFile).absolutePath());
        QSaveFile out(cacheFile);
        if (out.open(QIODevice::WriteOnly)) {
            out.write(dict->m_entries.toBytes());
            out.commit(); // a failure only means no cache
        }
    }
    return dict;
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
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<const ChineseEnglishDictionary>> cache;
    QMutexLocker lock(&mutex); // one load per path; concurrent callers wait for it
    auto it = cache.constFind(path);
    if (it != cache.cend()) {
        return it.value();
    }
    // The cache file is named after the dictionary's path, size and time stamp.
    QString cacheFile;
    const QFileInfo info(path);
    const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (!path.isEmpty() && info.isFile() && !cacheDir.isEmpty() && qEnvironmentVariableIntValue("OKB_NO_DICTIONARY_CACHE") == 0) {
        const QByteArray key = QFile::encodeName(info.absoluteFilePath()) + '|' + QByteArray::number(info.size()) + '|'
            + QByteArray::number(info.lastModified().toMSecsSinceEpoch()) + '|' + QByteArray::number(kMaxGlossWords);
        cacheFile = cacheDir + u"/okular-bilingual/cedict-"_s
            + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16)) + u".bin"_s;
    }
    std::shared_ptr<const ChineseEnglishDictionary> d = loadCached(path, cacheFile);
    if (!d->isLoaded()) {
        qWarning("okular-bilingual: %s; aligning without a dictionary", qPrintable(d->errorString()));
    }
    cache.insert(path, d);
    return d;
}

} // namespace Okb
