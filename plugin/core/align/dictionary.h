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
#include <QString>
#include <QStringList>
#include <QStringView>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
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

namespace Detail
{
// HashLexicon's data, kept apart from its functions so that copies and moves are member-wise
// (defaulted): afterwards HashLexicon only points its views at its own vectors again.
struct HashLexiconState {
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
    // An image's entry for a character: the one-character word/prefix, and its block (in 16-byte
    // units from the start of the blocks): the hash table (`size` slots) of the longer keys that
    // start with the character, then the gloss ids of all those words.
    struct FirstSlot {
        Entry e;
        uint32_t block = 0;
        uint32_t size = 0;
    };
    struct Pager; // an image read on demand: its file and pages (dictionary.cpp)

    // -- a lexicon being built (heap)
    std::vector<Slot> m_slots;
    std::vector<char16_t> m_slotFirst; // first character of each slot's key (for toBytes())
    size_t m_used = 0;
    // one-character words and prefixes, indexed by the UTF-16 unit: hot characters stay in cache
    std::vector<Entry> m_first;
    std::vector<uint32_t> m_ids;
    std::vector<uint64_t> m_filter; // empty: no filter

    // -- what lookups read: the vectors above or an image
    const Slot *m_vSlots = nullptr;
    size_t m_vNumSlots = 0;
    const Entry *m_vFirst = nullptr; // heap form
    const FirstSlot *m_vFirstImage = nullptr; // image form
    const uint32_t *m_vIds = nullptr;
    size_t m_vNumIds = 0;
    const uint64_t *m_vFilter = nullptr; // null: no filter
    int m_filterShift = 64;

    // -- an image, and its pages if it is read on demand
    const Pager *m_pager = nullptr;
    const char *m_pageBase = nullptr;
    const std::atomic<uint8_t> *m_pageLoaded = nullptr; // per 4 KiB page
    size_t m_pageBytes = 0;
    std::shared_ptr<const void> m_image; // keeps the image (mapping or buffer) alive
    const char *m_imageData = nullptr;
    size_t m_imageSize = 0;
    bool m_mapped = false;

    uint64_t m_tag = 0;
    int m_words = 0;
    int m_maxLen = 0;
};
} // namespace Detail

// Chinese words -> English gloss ids, with longest-match lookup that allocates nothing: every
// word and every prefix of a word is stored under a 64-bit FNV-1a hash of its UTF-16 units, so
// the scan from a position stops as soon as no word starts that way. The gloss ids of all words
// live in one flat array (one cache miss per word found, not three).
//
// Two forms with the same lookups: a lexicon being built (add(): one open-addressing table in
// heap vectors), and an image (toBytes(); readFrom(), mapFile() or readFileOnDemand()) used in
// place, e.g. from a cache file read page by page as lookups need them: there the keys are
// grouped by their first character (one small table per character, its gloss ids beside it), so
// a scan reads one small table and a document's lookups touch few pages. An image is checked when
// attached only by its header (sizes and offsets); every span and table read from it is clamped
// when it is read, so a damaged image gives wrong glosses at worst, never a read out of bounds or
// an endless probe.
class OKBCORE_EXPORT HashLexicon : private Detail::HashLexiconState
{
public:
    using Glosses = std::span<const uint32_t>;
    HashLexicon() = default;
    HashLexicon(const HashLexicon &other);
    HashLexicon &operator=(const HashLexicon &other);
    HashLexicon(HashLexicon &&other) noexcept;
    HashLexicon &operator=(HashLexicon &&other) noexcept;
    ~HashLexicon();

    // On an image, first copies it into heap tables (an image itself is never written).
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
    // the filter. For large lexicons, after loading; later add()s keep it up to date. (An image
    // always holds its own.)
    void buildFilter();

    // The lexicon as an image (native byte order: for a local cache file; a header with sizes
    // and offsets, 64-byte aligned sections) and back. readFrom() reads one into an aligned heap
    // buffer, mapFile() maps one read-only (or reads it where the file cannot be mapped); both
    // check the header (magic, version, byte order, section sizes against the data's size) and
    // return false, leaving the lexicon as it was, on anything odd. Neither reads the tables:
    // attaching costs no pass over them.
    QByteArray toBytes() const;
    bool readFrom(QIODevice *in);
    bool mapFile(const QString &fileName);
    // A mapped image (mapFile()): its pages given back to the page cache (dropped from this
    // process; a lookup maps them again). Safe while other threads look words up (they only fault
    // the pages in again). Nothing for the other forms.
    void releasePages() const;
    // The same, but the file's 4 KiB pages are read (pread) into private memory when a lookup
    // first needs them: the memory used is the pages touched, not the 64 KiB around each that a
    // page fault in a mapping brings in (the kernel's fault-around). Thread-safe.
    bool readFileOnDemand(const QString &fileName);
    bool isImage() const
    {
        return m_image != nullptr;
    }
    bool isMapped() const
    {
        return m_mapped;
    }
    bool isReadOnDemand() const
    {
        return m_pager != nullptr;
    }
    // An image read on demand: the bytes of the pages read so far (0 for the other forms).
    size_t pagesReadBytes() const;
    // An image read on demand: gives the pages read back to the system (all but the header's;
    // a lookup reads them again when it needs them); returns their bytes. No lookup may run
    // meanwhile: ChineseEnglishDictionary::dropReadPages() makes sure of that.
    size_t dropReadPages() const;
    // The image's bytes (null/0 for a lexicon being built).
    const char *imageData() const
    {
        return m_imageData;
    }
    size_t imageSize() const
    {
        return m_imageSize;
    }
    // A 64-bit value of the caller's stored in the image's header (0 if none).
    uint64_t tag() const
    {
        return m_tag;
    }
    void setTag(uint64_t tag)
    {
        m_tag = tag;
    }

    using Entry = Detail::HashLexiconState::Entry;
    using Slot = Detail::HashLexiconState::Slot;
    using FirstSlot = Detail::HashLexiconState::FirstSlot;

private:
    using Pager = Detail::HashLexiconState::Pager;
    // a lexicon being built
    Slot *slot(uint64_t key, char16_t first, bool insert);
    void grow();
    void refreshView(); // after a change of the vectors
    void refreshHeapView(); // after a copy or move: refreshView() unless this is an image
    void detach(); // image -> heap tables
    bool attach(const char *data, size_t size, std::shared_ptr<const void> owner, bool mapped);
    void reset();
    // where a scan from character c starts: its entry and the table of the longer keys; false
    // if the lexicon is empty (heap form)
    bool start(char16_t c, const Entry **first, const Slot **table, size_t *size) const;
    size_t filterBit(uint64_t key) const
    {
        return size_t((key * 0x9E3779B97F4A7C15ull) >> m_filterShift);
    }
    // a stored span, clamped to the id array
    Glosses span(const Entry &e) const
    {
        const size_t off = std::min<size_t>(e.off, m_vNumIds);
        const Glosses g(m_vIds + off, std::min<size_t>(e.len, m_vNumIds - off));
        if (m_pager) {
            need(g.data(), g.size_bytes());
        }
        return g;
    }
    // reads the pages of [p, p + bytes) that are not read yet (inline: the common case is one
    // or two pages, read already)
    void need(const void *p, size_t bytes) const
    {
        const size_t from = size_t(static_cast<const char *>(p) - m_pageBase);
        if (from < m_pageBytes && bytes > 0) {
            const size_t first = from >> 12;
            const size_t last = std::min(from + bytes - 1, m_pageBytes - 1) >> 12;
            if (last - first > 1 || !m_pageLoaded[first].load(std::memory_order_acquire) || !m_pageLoaded[last].load(std::memory_order_acquire)) {
                readPages(first, last);
            }
        }
    }
    void readPages(size_t first, size_t last) const;
    // the same for an object inside the image that does not straddle pages (an aligned slot,
    // first-character entry or filter word): one flag to test
    void needPage(const void *p) const
    {
        const size_t page = size_t(static_cast<const char *>(p) - m_pageBase) >> 12;
        if (!m_pageLoaded[page].load(std::memory_order_acquire)) {
            readPages(page, page);
        }
    }
};

class OKBCORE_EXPORT ChineseEnglishDictionary
{
public:
    // The shared dictionary for path (empty: $OKB_CEDICT, then the system location). Never null;
    // check isLoaded(). Thread-safe; the first call per path loads (about a second).
    static std::shared_ptr<const ChineseEnglishDictionary> shared(const QString &path = QString());
    // The shared dictionaries loaded so far, their mapped pages given back (releasePages()): after
    // an alignment, the 0.3-2.5 MiB a short article's lookups touched (the whole 6.6 MB image for
    // a long one) would otherwise stay in the process through the layout that follows and after.
    // Loads nothing.
    static void releaseSharedPages();
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

    // Held (shared) by whoever looks words up in a dictionary that dropReadPages() may be
    // called on (the aligner, for the whole of an alignment).
    static std::shared_lock<std::shared_mutex> reading();
    // The pages of the cache image that lookups read (up to its size, ~6 MB: private memory)
    // go back to the system, unless a reading() is held somewhere (then nothing happens); the
    // next lookups read the pages they need again. Returns the bytes given back.
    size_t dropReadPages() const;

    // Loads a dictionary file; used by shared() and by tests.
    static std::shared_ptr<ChineseEnglishDictionary> load(const QString &path);
    // What shared() does for a path: uses the cache file when it is sound and was made from this
    // dictionary by code that derives gloss ids as this build does; otherwise loads the
    // dictionary and (re)writes the cache file (atomically), then uses that. An empty cacheFile:
    // load() only. Public for tests.
    static std::shared_ptr<ChineseEnglishDictionary> loadCached(const QString &path, const QString &cacheFile);
    // The cache file shared() uses for path (named after its path, size, time stamp and the
    // cache format), or empty if there is none (no writable cache location, or
    // OKB_NO_DICTIONARY_CACHE=1).
    static QString cacheFileFor(const QString &path);
    // The file next to cacheFile where loadCached() records the checks it made of it: per build
    // (the loaded code's GNU build id), the head's hash and the spot words' glosses it found in
    // the dictionary's head. A later process of the same build checks the cache against them
    // instead of parsing the head again. Public for tests.
    static QString checkRecordFor(const QString &cacheFile);
    // How many times the dictionary's head was parsed (headFingerprint()) in this process; tests.
    static int headParses();
    // The build id of the code this is part of (hex), empty if it has none; tests.
    static QByteArray buildId();

private:
    void addEntry(QStringView headword, QStringView definitions);
    // The dictionary's first entries: their headwords in file order and each headword's gloss ids
    // (what a lexicon of them would give it: the union over its entries). dictionary.cpp.
    struct HeadEntries;
    // Parses the dictionary's first entries (its first 32 KiB) into head (the last, maybe cut,
    // entry left out) and returns a hash of their gloss ids: a cache file records the hash of the
    // build that wrote it.
    static uint64_t headFingerprint(const QString &path, HeadEntries *head);
    // Adds the entries of a dictd or CEDICT text.
    void parse(const QString &text, bool cedictText);
    // Loading parses ~120k entries (~0.4 s); the result is kept in a binary cache file
    // ($XDG_CACHE_HOME/okular-bilingual/) that later processes map read-only and use in place
    // (no copy, no pass over it: only the pages that lookups touch are read).
    HashLexicon m_entries;
    QString m_path;
    QString m_error;
};

} // namespace Okb
