// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/dictionary.h"

#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>

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
        u"a"_s,     u"an"_s,    u"the"_s,   u"to"_s,     u"of"_s,       u"and"_s,   u"or"_s,    u"in"_s,   u"on"_s,
        u"for"_s,   u"with"_s,  u"by"_s,    u"at"_s,     u"as"_s,       u"is"_s,    u"be"_s,    u"are"_s,  u"was"_s,
        u"were"_s,  u"it"_s,    u"its"_s,   u"this"_s,   u"that"_s,     u"from"_s,  u"sb"_s,    u"sth"_s,  u"etc"_s,
        u"cl"_s,    u"see"_s,   u"also"_s,  u"used"_s,   u"variant"_s,  u"abbr"_s,  u"esp"_s,   u"fig"_s,  u"lit"_s,
        u"one"_s,   u"which"_s, u"who"_s,   u"has"_s,    u"have"_s,     u"had"_s,   u"not"_s,   u"but"_s,  u"they"_s,
        u"their"_s, u"he"_s,    u"his"_s,   u"she"_s,    u"her"_s,      u"we"_s,    u"our"_s,   u"been"_s, u"will"_s,
        u"would"_s, u"can"_s,   u"so"_s,    u"such"_s,   u"into"_s,     u"than"_s,  u"these"_s, u"those"_s, u"there"_s,
        u"all"_s,   u"some"_s,  u"any"_s,   u"more"_s,   u"most"_s,     u"very"_s,  u"pr"_s,    u"old"_s,  u"name"_s,
        u"surname"_s, u"classifier"_s, u"particle"_s, u"character"_s, u"tw"_s, u"person"_s, u"something"_s, u"someone"_s,
        u"up"_s,    u"out"_s,   u"do"_s,    u"did"_s,    u"made"_s,     u"make"_s,  u"if"_s,    u"no"_s,   u"i"_s,
        u"you"_s,   u"us"_s,    u"them"_s,  u"him"_s,    u"what"_s,     u"when"_s,  u"how"_s,   u"about"_s, u"s"_s,
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

bool endsWith(const WordBuf &b, const char16_t *suf, int len)
{
    if (b.n < len) {
        return false;
    }
    for (int i = 0; i < len; ++i) {
        if (b.c[b.n - len + i] != suf[i]) {
            return false;
        }
    }
    return true;
}

// crude English stemming: drop one inflectional suffix, keep at most 6 chars
uint32_t stemmedId(WordBuf b)
{
    struct Rule {
        const char16_t *suf;
        int len;
        int minRest;
    };
    static const Rule rules[] = {{u"'s", 2, 2}, {u"ies", 3, 3}, {u"ing", 3, 3}, {u"ed", 2, 3}, {u"es", 2, 3}, {u"ly", 2, 4}, {u"s", 1, 3}};
    for (const Rule &r : rules) {
        if (b.n - r.len >= r.minRest && endsWith(b, r.suf, r.len)) {
            b.n -= r.len;
            break;
        }
    }
    if (b.n > 6) {
        b.n = 6;
    }
    const uint64_t h = fnv(b.c, b.n);
    return uint32_t(h ^ (h >> 32));
}

const std::unordered_map<uint64_t, bool> &stopWordHashes()
{
    static const std::unordered_map<uint64_t, bool> s = [] {
        std::unordered_map<uint64_t, bool> m;
        for (const QString &w : stopWords()) {
            const WordBuf b = lowerWord(w);
            m.emplace(fnv(b.c, b.n), true);
        }
        return m;
    }();
    return s;
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

std::vector<uint32_t> englishContentWordIds(QStringView text, int limit)
{
    std::vector<uint32_t> ids;
    const auto &stops = stopWordHashes();
    int i = 0;
    const int n = int(text.size());
    while (i < n) {
        if (!text.at(i).isLetter()) {
            ++i;
            continue;
        }
        int j = i;
        while (j < n && (text.at(j).isLetter() || (text.at(j) == u'\'' && j + 1 < n && text.at(j + 1).isLetter() && j > i))) {
            ++j;
        }
        if (j - i > 1) {
            const WordBuf b = lowerWord(text.mid(i, j - i));
            if (!stops.count(fnv(b.c, b.n))) {
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

void HashLexicon::grow()
{
    std::vector<uint64_t> oldKeys = std::move(m_keys);
    std::vector<int32_t> oldValues = std::move(m_values);
    const size_t cap = oldKeys.empty() ? 1024 : oldKeys.size() * 2;
    m_keys.assign(cap, 0);
    m_values.assign(cap, -1);
    m_used = 0;
    for (size_t i = 0; i < oldKeys.size(); ++i) {
        if (oldKeys[i]) {
            *slot(oldKeys[i], true) = oldValues[i];
        }
    }
}

int32_t *HashLexicon::slot(uint64_t key, bool insert)
{
    key = key ? key : 1;
    if (insert && (m_used + 1) * 2 > m_keys.size()) {
        grow();
    }
    if (m_keys.empty()) {
        return nullptr;
    }
    const size_t mask = m_keys.size() - 1;
    for (size_t i = size_t(key ^ (key >> 29)) & mask;; i = (i + 1) & mask) {
        if (m_keys[i] == key) {
            return &m_values[i];
        }
        if (m_keys[i] == 0) {
            if (!insert) {
                return nullptr;
            }
            m_keys[i] = key;
            m_values[i] = -1;
            ++m_used;
            return &m_values[i];
        }
    }
}

const int32_t *HashLexicon::slotConst(uint64_t key) const
{
    return const_cast<HashLexicon *>(this)->slot(key, false);
}

void HashLexicon::add(QStringView word, const std::vector<uint32_t> &glossIds)
{
    if (word.isEmpty() || glossIds.empty()) {
        return;
    }
    uint64_t h = fnvBasis;
    for (qsizetype i = 0; i < word.size(); ++i) {
        h = fnvAdd(h, word.at(i).unicode());
        if (i + 1 < word.size()) {
            slot(h, true); // prefix (keeps a word's index if one is there)
        }
    }
    int32_t *v = slot(h, true);
    if (*v < 0) {
        *v = int32_t(m_glosses.size());
        m_glosses.push_back(glossIds);
    } else {
        std::vector<uint32_t> &g = m_glosses[size_t(*v)];
        g.insert(g.end(), glossIds.begin(), glossIds.end());
        std::sort(g.begin(), g.end());
        g.erase(std::unique(g.begin(), g.end()), g.end());
    }
    m_maxLen = std::max(m_maxLen, int(word.size()));
}

int HashLexicon::longestMatch(QStringView text, int pos, int maxLength, const std::vector<uint32_t> **glosses) const
{
    uint64_t h = fnvBasis;
    int best = 0;
    const int limit = std::min({maxLength, m_maxLen, int(text.size()) - pos});
    for (int L = 1; L <= limit; ++L) {
        h = fnvAdd(h, text.at(pos + L - 1).unicode());
        const int32_t *v = slotConst(h);
        if (!v) {
            break;
        }
        if (*v >= 0) {
            best = L;
            *glosses = &m_glosses[size_t(*v)];
        }
    }
    return best;
}

const std::vector<uint32_t> *HashLexicon::find(QStringView word) const
{
    uint64_t h = fnvBasis;
    for (QChar c : word) {
        h = fnvAdd(h, c.unicode());
    }
    const int32_t *v = slotConst(h);
    return !v || *v < 0 ? nullptr : &m_glosses[size_t(*v)];
}

void ChineseEnglishDictionary::addEntry(const QString &headword, QStringView definitions)
{
    if (headword.isEmpty() || !isCjk(headword.at(0))) {
        return;
    }
    // Drop cross references ("variant of X", "see X") and bracketed pinyin.
    QString defs = definitions.toString();
    static const QRegularExpression bracket(u"\\[[^\\]]*\\]|\\|"_s);
    defs.remove(bracket);
    // The first senses matter most; long entries (encyclopedic notes) would only add noise.
    std::vector<uint32_t> ids = englishContentWordIds(defs, kMaxGlossWords);
    if (ids.empty()) {
        return;
    }
    m_entries.add(headword, ids);
}

const std::vector<uint32_t> *ChineseEnglishDictionary::lookup(QStringView word) const
{
    return m_entries.find(word);
}

QString ChineseEnglishDictionary::systemPath()
{
    const QStringList candidates = {u"/usr/share/dictd/cc-cedict.dict.dz"_s, u"/usr/share/dictd/cc-cedict.dict"_s,
                                    u"/usr/local/share/dictd/cc-cedict.dict.dz"_s, u"/usr/share/cc-cedict/cedict_ts.u8"_s};
    for (const QString &c : candidates) {
        if (QFileInfo::exists(c)) {
            return c;
        }
    }
    return QString();
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
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    const bool cedictText = path.endsWith(u".u8"_s) || path.endsWith(u".txt"_s);
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
            dict->addEntry(line.mid(sp1 + 1, sp2 - sp1 - 1).toString(), line.mid(slash));
        }
    } else {
        // dictd: "trad|simp" (or one form) line, "[pinyin]" line, then definition lines.
        QString head;
        QString defs;
        auto flush = [&] {
            if (!head.isEmpty()) {
                const qsizetype bar = head.indexOf(u'|');
                const QString simp = bar < 0 ? head : head.mid(bar + 1);
                dict->addEntry(simp, defs);
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
    if (dict->m_entries.isEmpty()) {
        dict->m_error = u"no dictionary entries in %1"_s.arg(path);
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
    std::shared_ptr<const ChineseEnglishDictionary> d = load(path);
    if (!d->isLoaded()) {
        qWarning("okular-bilingual: %s; aligning without a dictionary", qPrintable(d->errorString()));
    }
    cache.insert(path, d);
    return d;
}

} // namespace Okb
