// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// CC-CEDICT as lexical evidence for the aligner. Read from the system (Debian dict-cc-cedict:
// /usr/share/dictd/cc-cedict.dict.dz, dictzip = gzip, read with zlib) or from an override path
// (dictd .dict/.dict.dz or the original cedict_ts.u8 text). Loaded lazily once per path and
// process, shared between threads; when missing, alignment goes on without it (with a warning).

#pragma once

#include "okbcore_export.h"

#include <QHash>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <memory>
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
// the scan from a position stops as soon as no word starts that way.
class OKBCORE_EXPORT HashLexicon
{
public:
    void add(QStringView word, const std::vector<uint32_t> &glossIds);
    // Longest word starting at text[pos] (at most maxLength chars); 0 if none. *glosses is set
    // to its gloss ids.
    int longestMatch(QStringView text, int pos, int maxLength, const std::vector<uint32_t> **glosses) const;
    const std::vector<uint32_t> *find(QStringView word) const;
    bool isEmpty() const
    {
        return m_glosses.empty();
    }
    int size() const
    {
        return int(m_glosses.size());
    }
    int maxWordLength() const
    {
        return m_maxLen;
    }

private:
    // open addressing, linear probing (std::unordered_map's nodes cost a cache miss per probe);
    // key and value in one slot so that a probe touches one cache line. key 0 = empty slot;
    // value = gloss index, -1 = prefix only; longer = some word extends this one (the scan stops
    // without a failing probe when none does).
    struct Slot {
        uint64_t key;
        int32_t value;
        uint32_t longer;
    };
    std::vector<Slot> m_slots;
    size_t m_used = 0;
    Slot *slot(uint64_t key, bool insert);
    const Slot *slotConst(uint64_t key) const;
    void grow();
    // one-character words and prefixes, indexed by the UTF-16 unit: hot characters stay in cache.
    // 0 = none; else ((gloss index + 2) << 1) | longer
    std::vector<uint32_t> m_first;
    std::vector<std::vector<uint32_t>> m_glosses;
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
    // Glosses (English content word ids, sorted) of the headword, or nullptr.
    const std::vector<uint32_t> *lookup(QStringView word) const;

    // Loads a dictionary file; used by shared() and by tests.
    static std::shared_ptr<ChineseEnglishDictionary> load(const QString &path);

private:
    void addEntry(const QString &headword, QStringView definitions);
    HashLexicon m_entries;
    QString m_path;
    QString m_error;
};

} // namespace Okb
