// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// CC-CEDICT as lexical evidence for the aligner. Read from the system (Debian dict-cc-cedict:
// /usr/share/dictd/cc-cedict.dict.dz, dictzip = gzip, read with zlib) or from an override path
// (dictd .dict/.dict.dz or the original cedict_ts.u8 text). Loaded lazily once per path and
// process, shared between threads; when missing, alignment goes on without it (with a warning).

#pragma once

#include "okbcore_export.h"

#include <QByteArray>
#include <QHash>
#include <QIODevice>
#include <QStringList>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

namespace Okb
{

// Stable id of an English word after lower-casing and crude stemming ("statements" = "statement").
OKBCORE_EXPORT uint32_t englishWordId(QStringView word);
// Content words of English text (stop words dropped), as sorted unique ids; with limit > 0 only
// the first `limit` distinct words of the text.
OKBCORE_EXPORT std::vector<uint32_t> englishContentWordIds(QStringView text, int limit = 0);

// Chinese words -> English gloss ids, with longest-match lookup that allocates nothing: every
// word and every prefix of a word is stored under a 64-bit FNV-1a hash of its UTF-16 units, so
// the scan from a position stops as soon as no word starts that way. The gloss ids of all words
// live in one flat array (one cache miss per word found, not three).
class OKBCORE_EXPORT HashLexicon
{
public:
    using Glosses = std::span<const uint32_t>;
    void add(QStringView word, const std::vector<uint32_t> &glossIds);
    // Longest word starting at text[pos] (at most maxLength chars); 0 if none. *glosses is set
    // to its gloss ids (sorted, unique).
    int longestMatch(QStringView text, int pos, int maxLength, Glosses *glosses) const;
    Glosses find(QStringView word) const; // empty if no such word
    bool isEmpty() const
    {
        return m_words == 0;
    }
    int size() const
    {
        return m_words;
    }
    int maxWordLength() const
    {
        return m_maxLen;
    }
    void reserve(size_t words, size_t ids);
    // A bit filter over all stored keys (words and prefixes, ~11 bits per key, 256 KiB for
    // CC-CEDICT): a probe that would fail in the large slot table (a cache miss) mostly stops at
    // the filter. For large lexicons, after loading; later add()s keep it up to date.
    void buildFilter();
    // The whole table as bytes (native byte order: for a local cache file) and back; readFrom()
    // checks the sizes and returns false (leaving the lexicon as it was) on anything odd.
    QByteArray toBytes() const;
    bool readFrom(QIODevice *in);

private:
    // open addressing, linear probing (std::unordered_map's nodes cost a cache miss per probe);
    // key and gloss span in one 16-byte slot. key 0 = empty slot; word = a word ends here (else a
    // prefix only); longer = some word extends this one (the scan stops without a failing probe).
    struct Entry {
        uint32_t off = 0;
        uint16_t len = 0;
        uint8_t word = 0;
        uint8_t longer = 0;
    };
    struct Slot {
        uint64_t key;
        Entry e;
    };
    std::vector<Slot> m_slots;
    size_t m_used = 0;
    Slot *slot(uint64_t key, bool insert);
    const Slot *slotConst(uint64_t key) const;
    void grow();
    // one-character words and prefixes, indexed by the UTF-16 unit: hot characters stay in cache
    std::vector<Entry> m_first;
    std::vector<uint32_t> m_ids;
    std::vector<uint64_t> m_filter; // empty: no filter
    int m_filterShift = 64;
    size_t filterBit(uint64_t key) const
    {
        return size_t((key * 0x9E3779B97F4A7C15ull) >> m_filterShift);
    }
    int m_words = 0;
    int m_maxLen = 0;
};

class OKBCORE_EXPORT ChineseEnglishDictionary
{
public:
    // The shared dictionary for path (empty: $OKB_CEDICT, then the system location). Never null;
    // check isLoaded(). Thread-safe; the first call per path loads (about a second).
    static std::shared_ptr<const ChineseEnglishDictionary> shared(const QString &path = QString());
    // The file used when no path is given, or empty if none is installed.
    static QString systemPath();

    bool isLoaded() const
    {
        return !m_entries.isEmpty();
    }
    const HashLexicon &lexicon() const
    {
        return m_entries;
    }
    QString errorString() const
    {
        return m_error;
    }
    QString path() const
    {
        return m_path;
    }
    int size() const
    {
        return m_entries.size();
    }
    int maxWordLength() const
    {
        return m_entries.maxWordLength();
    }
    // Glosses (English content word ids, sorted) of the headword; empty if none.
    HashLexicon::Glosses lookup(QStringView word) const;

    // Loads a dictionary file; used by shared() and by tests.
    static std::shared_ptr<ChineseEnglishDictionary> load(const QString &path);

private:
    void addEntry(const QString &headword, QStringView definitions);
    // Adds the entries of a dictd or CEDICT text; headwords (if given) collects what was added.
    void parse(const QString &text, bool cedictText, QStringList *headwords = nullptr);
    // Loading parses ~120k entries (~0.4 s); the result is kept in a binary cache file
    // ($XDG_CACHE_HOME/okular-bilingual/) that later processes read in a few ms.
    static std::shared_ptr<ChineseEnglishDictionary> loadCached(const QString &path, const QString &cacheFile);
    HashLexicon m_entries;
    QString m_path;
    QString m_error;
};

} // namespace Okb
