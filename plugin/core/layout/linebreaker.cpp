// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Line breaking and justification on top of HarfBuzz shaping (via QTextLayout).
//
// A paragraph is shaped once as a single unwrapped line; each glyph keeps the index of the
// character it came from. Lines are then chosen here, so that Chinese and English get what
// QTextLayout does not do: W3C clreq kinsoku (no 。，、”） at a line start, no “（《 at a line end,
// —— and …… never split), a quarter-em gap between Han and Latin letters/digits, compression of
// adjacent full-width punctuation (by moving glyphs; the glyphs themselves stay the cmap ones so
// that PDF text extraction stays exact), justification between Han characters and between
// words, and English hyphenation with libhyphen. Break opportunities come from ICU's UAX #14
// line breaker (ICU >= 74 knows that “ ” next to Han may break).

#include "layout/typesetter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGlyphRun>
#include <QRawFont>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextLayout>
#include <QtEndian>

#include <hyphen.h>
#include <unicode/ubrk.h>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include <QMutex>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <clocale>
#include <deque>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

namespace Okb::Detail
{

namespace
{
// What preloadBreaking() loads, once loaded (by it or by a layout that needed it first).
std::atomic<bool> g_lineRulesLoaded{false};
std::atomic<bool> g_hyphenationLoaded{false};
std::atomic<bool> g_chineseWordsLoaded{false};
// Paragraphs segmented with ICU's word iterator (chineseWordSegmentations()).
std::atomic<int> g_chineseWordSegmentations{0};

// Read-only after construction; libhyphen only reads the dictionary while hyphenating, so one
// instance serves every thread (function-local static: initialised once, thread-safely).
class Hyphenator
{
public:
    static const Hyphenator &instance()
    {
        static const Hyphenator h;
        g_hyphenationLoaded.store(true, std::memory_order_relaxed);
        return h;
    }
    ~Hyphenator()
    {
        if (m_block != MAP_FAILED) {
            munmap(m_block, m_blockSize);
        }
    }
    // Positions k (1..len-1) in an ASCII word where it may be split as word[0..k) + "-".
    QList<int> points(QStringView word) const
    {
        QList<int> out;
        if (!m_dict || word.size() < 5 || word.size() > 60) {
            return out;
        }
        QByteArray w = word.toString().toLower().toLatin1();
        QByteArray hyphens(w.size() + 5, '\0');
        char **rep = nullptr;
        int *pos = nullptr;
        int *cut = nullptr;
        if (hnj_hyphen_hyphenate3(m_dict, w.constData(), int(w.size()), hyphens.data(), nullptr, &rep, &pos, &cut, 2, 3, 2, 3) == 0) {
            for (int i = 0; i + 1 < w.size(); ++i) {
                if (hyphens.at(i) & 1) {
                    out.append(i + 1);
                }
            }
        }
        if (rep) {
            for (int i = 0; i < w.size(); ++i) {
                free(rep[i]);
            }
            free(rep);
        }
        free(pos);
        free(cut);
        return out;
    }

private:
    Hyphenator()
    {
        for (const char *path : {"/usr/share/hyphen/hyph_en_US.dic", "/usr/share/hyphen/hyph_en_GB.dic"}) {
            if (!QFile::exists(QString::fromLatin1(path))) {
                continue;
            }
            const QString cache = cachePath(QString::fromLatin1(path));
            if (!cache.isEmpty() && readCache(cache)) {
                break;
            }
            HyphenDict *loaded = hnj_hyphen_load(path);
            if (loaded) {
                m_dict = compactCopy(loaded);
                hnj_hyphen_free(loaded);
                // Give the loader's freed pieces back (the thread that loads is often a
                // short-lived one whose heap nothing else uses).
#ifdef __GLIBC__
                malloc_trim(0);
#endif
                if (m_dict && !cache.isEmpty()) {
                    writeCache(cache);
                }
                break;
            }
        }
    }

    // ---- The automaton's cache file ------------------------------------------------------------
    // libhyphen parses hyph_en_US.dic in ~7-12 ms (the largest part of line breaking's start-up,
    // and the English body waits for it at its first loose line); the compact copy below is read
    // back in well under 1 ms. $XDG_CACHE_HOME/okular-bilingual/, named after the dictionary's path,
    // size and time stamp and the structs' sizes; checked (checksum, every pointer and state number
    // in range) before use, rebuilt when anything is off. OKB_NO_HYPHENATION_CACHE=1 turns it off.
    //
    // The block is stored as it lies in memory, its pointers valid at the address it had (stored
    // too), page-aligned in the file. It is mapped read-only from the file, with that address as the
    // hint: where the kernel grants it (that range is free in almost any other process, given
    // address-space randomisation) nothing is written, so the automaton stays page cache, shared
    // with every process that maps it and faulted in only where it is read (a short article reads
    // a fraction of it), instead of 0.8 MiB of anonymous memory filled by read() and relocated.
    // Elsewhere (the range taken) its pointers are moved in a private copy of the mapping.
    // OKB_HYPHENATION_NO_HINT=1 maps it without the hint (tests: the relocating path).
    struct CacheHeader {
        char magic[8];
        quint32 version;
        quint32 sizes; // sizeof HyphenDict, HyphenState, HyphenTrans (a byte each)
        quint64 blockSize;
        quint64 transStart; // [0, transStart): dicts and state arrays; then transitions
        quint64 stringStart; // [stringStart, blockSize): strings
        quint64 checksum; // of the block as stored
        quint64 address; // where the block lay when stored: its pointers point into [address, address + blockSize)
    };
    static constexpr char kCacheMagic[8] = {'O', 'K', 'B', 'H', 'Y', 'P', 'H', '\n'};
    static constexpr quint32 kCacheVersion = 2;
    static constexpr qint64 kBlockOffset = 16384; // in the file: a multiple of 4 and 16 KiB pages
    static quint32 structSizes()
    {
        return quint32(sizeof(HyphenDict)) | quint32(sizeof(HyphenState)) << 8 | quint32(sizeof(HyphenTrans)) << 16;
    }
    // 64-bit words, multiply-xorshift: enough to notice a damaged file (not an adversary: the
    // range checks keep even a forged one from reading outside the block).
    static quint64 checksum(const char *data, size_t size)
    {
        quint64 h = 0x9E3779B97F4A7C15ULL ^ size;
        size_t i = 0;
        for (; i + 8 <= size; i += 8) {
            quint64 w;
            memcpy(&w, data + i, 8);
            h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
            h ^= h >> 31;
        }
        for (; i < size; ++i) {
            h = (h ^ quint8(data[i])) * 0x94D049BB133111EBULL;
        }
        return h;
    }
    static QString cachePath(const QString &dictionary)
    {
        if (qEnvironmentVariableIntValue("OKB_NO_HYPHENATION_CACHE") != 0) {
            return QString();
        }
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
        const QFileInfo info(dictionary);
        if (dir.isEmpty() || !info.isFile()) {
            return QString();
        }
        const QByteArray key = QFile::encodeName(info.absoluteFilePath()) + '|' + QByteArray::number(info.size()) + '|'
            + QByteArray::number(info.lastModified().toMSecsSinceEpoch()) + '|' + QByteArray::number(structSizes()) + '|' + QByteArray::number(kCacheVersion);
        return dir + QStringLiteral("/okular-bilingual/hyph-") + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16))
            + QStringLiteral(".bin");
    }

    void writeCache(const QString &path) const
    {
        const char *block = static_cast<const char *>(m_block);
        CacheHeader h{};
        memcpy(h.magic, kCacheMagic, sizeof h.magic);
        h.version = kCacheVersion;
        h.sizes = structSizes();
        h.blockSize = m_blockSize;
        h.transStart = m_transStart;
        h.stringStart = m_stringStart;
        h.checksum = checksum(block, m_blockSize);
        h.address = quint64(quintptr(block));
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile f(path);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(reinterpret_cast<const char *>(&h), sizeof h);
            f.write(QByteArray(kBlockOffset - qint64(sizeof h), '\0'));
            f.write(block, qint64(m_blockSize));
            f.commit(); // a failure leaves no file: the next process parses again
        }
    }

    bool readCache(const QString &path)
    {
        static_assert(sizeof(CacheHeader) <= size_t(kBlockOffset));
        QFile f(path);
        CacheHeader h{};
        if (!f.open(QIODevice::ReadOnly) || f.read(reinterpret_cast<char *>(&h), sizeof h) != qint64(sizeof h)
            || memcmp(h.magic, kCacheMagic, sizeof h.magic) != 0 || h.version != kCacheVersion || h.sizes != structSizes() || h.blockSize == 0
            || h.blockSize > 64 * 1024 * 1024 || f.size() != qint64(kBlockOffset + h.blockSize) || h.transStart > h.stringStart
            || h.stringStart > h.blockSize || h.transStart < sizeof(HyphenDict) || h.transStart % alignof(HyphenTrans) != 0 || h.address == 0
            || h.address % alignof(HyphenDict) != 0 || h.address > std::numeric_limits<quintptr>::max() - h.blockSize
            || kBlockOffset % sysconf(_SC_PAGESIZE) != 0) {
            return false;
        }
        static const bool noHint = qEnvironmentVariableIntValue("OKB_HYPHENATION_NO_HINT") == 1;
        void *hint = noHint ? nullptr : reinterpret_cast<void *>(quintptr(h.address));
        void *block = mmap(hint, h.blockSize, PROT_READ, MAP_PRIVATE, f.handle(), kBlockOffset);
        if (block == MAP_FAILED) {
            return false;
        }
        if (block != hint) {
            // Not where it was stored: a private copy whose pointers are moved (written pages
            // only become anonymous memory: the states; transitions and strings stay shared).
            munmap(block, h.blockSize);
            block = mmap(nullptr, h.blockSize, PROT_READ | PROT_WRITE, MAP_PRIVATE, f.handle(), kBlockOffset);
            if (block == MAP_FAILED) {
                return false;
            }
        }
        char *base = static_cast<char *>(block);
        HyphenDict *first = nullptr;
        if (checksum(base, h.blockSize) == h.checksum) {
            first = relocate(base, h);
        }
        if (!first) {
            munmap(block, h.blockSize);
            return false;
        }
        if (block != hint) {
            mprotect(block, h.blockSize, PROT_READ);
        }
        m_block = block;
        m_blockSize = h.blockSize;
        m_transStart = h.transStart;
        m_stringStart = h.stringStart;
        m_dict = first;
        return true;
    }

    // Checks that each pointer of the block as stored (valid at h.address) points where it must:
    // dicts and states in [0, transStart), transitions in [transStart, stringStart), strings in
    // [stringStart, blockSize) (which ends with a NUL), state numbers within their automaton; and,
    // when the block lies elsewhere (base is not h.address), moves them to base. Where it lies at
    // h.address (a read-only mapping then) the stored pointers are already right and it only reads.
    static HyphenDict *relocate(char *base, const CacheHeader &h)
    {
        const quintptr stored = quintptr(h.address);
        const bool move = quintptr(base) != stored;
        // Checks one pointer field against [from, to] (room for bytes, alignment) and moves it;
        // null passes where allowed. Afterwards the field points into the block at base.
        const auto field = [&](auto *&p, size_t from, size_t to, size_t bytes, size_t alignment, bool nullable) {
            using T = std::remove_reference_t<decltype(*p)>;
            if (!p) {
                return nullable;
            }
            const quintptr a = reinterpret_cast<quintptr>(p);
            if (a < stored || a - stored < from || a - stored > to || bytes > to - (a - stored) || (a - stored) % alignment != 0) {
                return false;
            }
            if (move) {
                p = reinterpret_cast<T *>(base + (a - stored));
            }
            return true;
        };
        if (h.stringStart < h.blockSize && base[h.blockSize - 1] != '\0') {
            return nullptr;
        }
        if (h.transStart < sizeof(HyphenDict)) {
            return nullptr;
        }
        auto *first = reinterpret_cast<HyphenDict *>(base); // compactCopy puts the first dict first
        int dicts = 0;
        for (HyphenDict *d = first; d; d = d->nextlevel) {
            if (++dicts > 8 || d->num_states < 1 || size_t(d->num_states) > h.transStart / sizeof(HyphenState)) {
                return nullptr;
            }
            if (!field(d->states, 0, h.transStart, sizeof(HyphenState) * size_t(d->num_states), alignof(HyphenState), false)
                || !field(d->nohyphen, h.stringStart, h.blockSize, 1, 1, true) || d->nohyphenl < 0) {
                return nullptr;
            }
            if (d->nohyphen) {
                // nohyphenl + 1 strings, one after the other, all inside the block.
                const char *p = d->nohyphen;
                for (int i = 0; i <= d->nohyphenl; ++i) {
                    const void *end = memchr(p, '\0', size_t(base + h.blockSize - p));
                    if (!end || (i < d->nohyphenl && static_cast<const char *>(end) + 1 >= base + h.blockSize)) {
                        return nullptr;
                    }
                    p = static_cast<const char *>(end) + 1;
                }
            }
            for (int i = 0; i < d->num_states; ++i) {
                HyphenState &st = d->states[i];
                if (!field(st.match, h.stringStart, h.blockSize, 1, 1, true) || !field(st.repl, h.stringStart, h.blockSize, 1, 1, true) || st.num_trans < 0
                    || st.fallback_state < -1 || st.fallback_state >= d->num_states) {
                    return nullptr;
                }
                if (st.num_trans == 0) {
                    if (st.trans) { // compactCopy leaves it null
                        return nullptr;
                    }
                    continue;
                }
                if (!field(st.trans, h.transStart, h.stringStart, sizeof(HyphenTrans) * size_t(st.num_trans), alignof(HyphenTrans), false)) {
                    return nullptr;
                }
                for (int k = 0; k < st.num_trans; ++k) {
                    if (st.trans[k].new_state < 0 || st.trans[k].new_state >= d->num_states) {
                        return nullptr;
                    }
                }
            }
            if (!field(d->nextlevel, 0, h.transStart, sizeof(HyphenDict), alignof(HyphenDict), true)) {
                return nullptr;
            }
        }
        return first;
    }

    // libhyphen's parser builds the pattern automaton (hyph_en_US: 15,600 states) from tens of
    // thousands of small allocations between those of its hash table, which it frees at the end:
    // ~1.3 MiB of allocations spread over ~2.5 MiB of heap that malloc keeps. The automaton (its
    // structs are public in hyphen.h, and hnj_hyphen_hyphenate3 only reads them) is copied into
    // one read-only mapping of its exact size (0.8 MiB) and libhyphen's own copy freed, which
    // gives that heap back (okb-open-profile: +2156 -> +824 KiB). Null if the mapping fails.
    HyphenDict *compactCopy(const HyphenDict *source)
    {
        const auto align = [](size_t n) {
            return (n + 7) & ~size_t(7);
        };
        const auto nohyphenSize = [](const HyphenDict *d) {
            size_t n = 0;
            if (d->nohyphen) {
                for (int i = 0; i <= d->nohyphenl; ++i) {
                    n += strlen(d->nohyphen + n) + 1; // nohyphenl + 1 strings, one after the other
                }
            }
            return n;
        };
        size_t structs = 0;
        size_t trans = 0;
        size_t strings = 0;
        for (const HyphenDict *d = source; d; d = d->nextlevel) {
            structs += align(sizeof(HyphenDict)) + align(sizeof(HyphenState) * size_t(d->num_states));
            for (int i = 0; i < d->num_states; ++i) {
                const HyphenState &st = d->states[i];
                trans += sizeof(HyphenTrans) * size_t(std::max(0, st.num_trans));
                strings += (st.match ? strlen(st.match) + 1 : 0) + (st.repl ? strlen(st.repl) + 1 : 0);
            }
            strings += nohyphenSize(d);
        }
        m_blockSize = structs + align(trans) + strings;
        m_block = mmap(nullptr, m_blockSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m_block == MAP_FAILED) {
            return nullptr;
        }
        char *base = static_cast<char *>(m_block);
        char *structAt = base;
        char *transAt = base + structs;
        char *stringAt = transAt + align(trans);
        m_transStart = structs;
        m_stringStart = structs + align(trans);
        const auto copyString = [&stringAt](const char *str, size_t n) {
            char *out = stringAt;
            memcpy(out, str, n);
            stringAt += n;
            return out;
        };
        HyphenDict *first = nullptr;
        HyphenDict *previous = nullptr;
        for (const HyphenDict *d = source; d; d = d->nextlevel) {
            auto *copy = reinterpret_cast<HyphenDict *>(structAt);
            structAt += align(sizeof(HyphenDict));
            *copy = *d;
            copy->nextlevel = nullptr;
            copy->nohyphen = d->nohyphen ? copyString(d->nohyphen, nohyphenSize(d)) : nullptr;
            copy->states = reinterpret_cast<HyphenState *>(structAt);
            structAt += align(sizeof(HyphenState) * size_t(d->num_states));
            for (int i = 0; i < d->num_states; ++i) {
                const HyphenState &st = d->states[i];
                HyphenState &out = copy->states[i];
                out = st;
                out.match = st.match ? copyString(st.match, strlen(st.match) + 1) : nullptr;
                out.repl = st.repl ? copyString(st.repl, strlen(st.repl) + 1) : nullptr;
                out.trans = nullptr;
                if (st.num_trans > 0) {
                    out.trans = reinterpret_cast<HyphenTrans *>(transAt);
                    memcpy(transAt, st.trans, sizeof(HyphenTrans) * size_t(st.num_trans));
                    transAt += sizeof(HyphenTrans) * size_t(st.num_trans);
                }
            }
            if (previous) {
                previous->nextlevel = copy;
            } else {
                first = copy;
            }
            previous = copy;
        }
        mprotect(m_block, m_blockSize, PROT_READ); // read-only from here on, as libhyphen treats it
        return first;
    }

    HyphenDict *m_dict = nullptr;
    void *m_block = MAP_FAILED;
    size_t m_blockSize = 0;
    size_t m_transStart = 0;
    size_t m_stringStart = 0;
};

// ICU's line breaker for Chinese (UAX #14 with the zh tailoring), process-wide: built once
// (ubrk_open builds the rules each time), then only cloned, never used, so threads may share it.
UBreakIterator *lineBreakPrototype()
{
    static UBreakIterator *const prototype = [] {
        UErrorCode st = U_ZERO_ERROR;
        UBreakIterator *bi = ubrk_open(UBRK_LINE, "zh", nullptr, 0, &st);
        g_lineRulesLoaded.store(true, std::memory_order_relaxed);
        return U_SUCCESS(st) ? bi : nullptr;
    }();
    return prototype;
}

bool isHan(char32_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

// Latin letters and digits that want a quarter em next to Han (half-width forms only).
bool isLatinish(char32_t c)
{
    if (c < 0x80) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    return c < 0x0250 && QChar::isLetterOrNumber(c);
}

// Full-width punctuation whose ink may sit in one half of its em box.
bool isCompressiblePunct(char32_t c)
{
    switch (c) {
    case 0x3001: // 、
    case 0x3002: // 。
    case 0xFF0C: // ，
    case 0xFF0E: // ．
    case 0xFF1A: // ：
    case 0xFF1B: // ；
    case 0xFF01: // ！
    case 0xFF1F: // ？
    case 0x201C: // “
    case 0x201D: // ”
    case 0x2018: // ‘
    case 0x2019: // ’
    case 0xFF08: // （
    case 0xFF09: // ）
    case 0x300A: // 《
    case 0x300B: // 》
    case 0x3008: // 〈
    case 0x3009: // 〉
    case 0x300C: // 「
    case 0x300D: // 」
    case 0x300E: // 『
    case 0x300F: // 』
    case 0x3010: // 【
    case 0x3011: // 】
    case 0x3014: // 〔
    case 0x3015: // 〕
    case 0x3016: // 〖
    case 0x3017: // 〗
        return true;
    default:
        return false;
    }
}

bool isSpaceChar(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\n') || c == QChar(0x00A0) || c == QChar(0x2002) || c == QChar(0x2003) || c == QChar(0x2009);
}

// Format and control characters (soft hyphen, zero-width space, NUL...) get advances in
// cursorToX() that differ from the glyph positions.
bool isFormat(QChar c)
{
    if (c.unicode() >= 0x20 && c.unicode() < 0x7F) {
        return false;
    }
    const QChar::Category cat = c.category();
    return cat == QChar::Other_Format || cat == QChar::Other_Control || cat == QChar::Separator_Line || cat == QChar::Separator_Paragraph
        || cat == QChar::Other_NotAssigned || cat == QChar::Mark_NonSpacing || cat == QChar::Mark_Enclosing || cat == QChar::Mark_SpacingCombining;
}

// Characters whose text may be shaped word by word (shaping cache): Latin, Greek, Cyrillic,
// punctuation, symbols and CJK, no marks or format characters. A run holding anything else (other scripts, combining
// marks, surrogates) is shaped whole, as without the cache.
bool isPieceSafe(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= 0x20 && u < 0x7F) {
        return true;
    }
    const bool range = (u >= 0xA0 && u < 0x250) || (u >= 0x370 && u < 0x530) // Latin, Greek, Cyrillic
        || (u >= 0x2010 && u <= 0x2027) || (u >= 0x2030 && u <= 0x205E) // general punctuation
        || (u >= 0x2100 && u < 0x27C0) // letterlike, number forms (Ⅲ), arrows, maths, enclosed (①), shapes
        || (!c.isSurrogate() && isCjk(u));
    return range && !isFormat(c);
}

} // namespace

// Shaped text: character origins from its start and its glyphs.
struct Typesetter::ShapedText {
    struct Glyph {
        int font = 0; // index into the shaping cache's fonts
        quint32 index = 0;
        double dx = 0; // relative to its character's origin
        double y = 0; // relative to the baseline
        int ch = 0; // character index (cluster start)
    };
    std::vector<double> local; // size + 1 origins
    std::vector<Glyph> glyphs;
};

// A face's hmtx advance widths (font units), stored by pages of 256 glyphs: a page whose glyphs
// all have one width (231 of Noto Serif CJK's 256: the ideographs) keeps just that width, the
// others their 256 widths. ~14 KiB instead of 128 KiB per CJK face. at(g) is the width of glyph g,
// of the last long metric past the table's end (as in hmtx).
class AdvanceTable
{
public:
    // hmtx: the table; count: numberOfHMetrics (hhea), > 0, hmtx holds at least count * 4 bytes.
    AdvanceTable(const char *hmtx, int count)
        : m_count(quint32(count))
    {
        const auto width = [&](quint32 g) {
            return qFromBigEndian<quint16>(hmtx + 4 * size_t(g));
        };
        for (quint32 first = 0; first < m_count; first += 256) {
            const quint32 end = std::min(first + 256, m_count);
            const quint16 w = width(first);
            bool uniform = true;
            for (quint32 g = first + 1; g < end && uniform; ++g) {
                uniform = width(g) == w;
            }
            if (uniform) {
                m_pages.push_back(kUniform | w);
                continue;
            }
            m_pages.push_back(quint32(m_mixed.size()));
            for (quint32 g = first; g < first + 256; ++g) {
                m_mixed.push_back(width(std::min(g, m_count - 1)));
            }
        }
        m_mixed.shrink_to_fit();
        m_pages.shrink_to_fit();
    }
    quint16 at(quint32 glyph) const
    {
        const quint32 g = std::min(glyph, m_count - 1);
        const quint32 page = m_pages[g >> 8];
        return (page & kUniform) ? quint16(page) : m_mixed[page + (g & 255)];
    }
    quint32 count() const
    {
        return m_count;
    }

private:
    static constexpr quint32 kUniform = 0x80000000u; // the page's width in the low 16 bits
    quint32 m_count;
    std::vector<quint32> m_pages; // per page: kUniform | width, or the page's offset in m_mixed
    std::vector<quint16> m_mixed;
};

// The shaping cache (as browsers cache the shapes of words): per font, the shaped form of each
// piece of text it has seen (a word with the spaces after it, or one CJK character), stored
// compactly in pools (floats: the values are multiples of 1/64 pt, stored only when a float holds
// them exactly), plus the hyphenation points of words. A piece is shaped once per font; a
// paragraph is then put together from its pieces. Pieces are cut only where shaping has no
// context to lose (after a run of spaces; between two CJK characters: the same places where a
// paragraph is cut into chunks without the cache), so putting them together gives exactly what
// shaping the whole run gives (tst_shapecache compares bit for bit, and in verifying mode each new
// piece alone, in its batch and in its chunk). Entries depend on their key only: typeset() gives
// the same lines with the cache cold or warm. Qt has no such cache: QTextLayout itemizes and shapes
// every string it is given.
struct Typesetter::ShapeCache {
    struct CGlyph {
        quint32 index;
        quint16 font;
        quint16 ch;
        float dx;
        float y;
    };
    // Open addressing (linear probing, at most half full): a lookup touches one slot and the
    // key's text, where a node-based map chased a pointer per node.
    struct Slot {
        quint64 hash;
        quint32 key; // into keyPool
        quint16 len; // 0: empty
        quint16 count; // glyphs
        quint32 local; // into localPool: len + 1 origins
        quint32 glyphs; // into glyphPool
    };
    struct Words {
        std::vector<Slot> slots = std::vector<Slot>(256, Slot{0, 0, 0, 0, 0, 0});
        size_t used = 0;
    };
    static quint64 hashOf(const QChar *s, int len)
    {
        quint64 h = 0xcbf29ce484222325ULL; // FNV-1a over UTF-16 units
        for (int i = 0; i < len; ++i) {
            h = (h ^ s[i].unicode()) * 0x100000001b3ULL;
        }
        return h ^ (h >> 29);
    }
    const Slot *find(const Words &w, quint64 h, const QChar *s, int len) const
    {
        const size_t mask = w.slots.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot &slot = w.slots[i];
            if (slot.len == 0) {
                return nullptr;
            }
            if (slot.hash == h && slot.len == len && std::equal(s, s + len, keyPool.data() + slot.key)) {
                return &slot;
            }
        }
    }
    static void place(Words &w, const Slot &e)
    {
        const size_t mask = w.slots.size() - 1;
        size_t i = e.hash & mask;
        while (w.slots[i].len != 0) {
            i = (i + 1) & mask;
        }
        w.slots[i] = e;
    }
    struct FontSlot {
        QFont font;
        Words words;
        // Per font, found once: metrics() and the hyphen (glyph 0: none).
        bool measured = false;
        double ascent = 0;
        double descent = 0;
        bool hyphenKnown = false;
        QRawFont hyphenFont;
        quint32 hyphenGlyph = 0;
        double hyphenWidth = 0;
        // Han ideographs set without Qt (shapeBatch): 0 not tried yet, 1 on, -1 off.
        int han = 0;
        int hanFont = -1; // index into fonts
        qint64 hanScale = 0; // FreeType's x_scale (16.16) at the raw font's pixel size
        double hanY = 0; // a glyph's y (from the probe)
        std::shared_ptr<const AdvanceTable> hanWidths; // hmtx advance widths (font units)
    };
    // Hyphenation points of words (bit k: the word may be split before its k-th unit).
    struct HyphSlot {
        quint64 hash;
        quint64 points;
        quint32 key; // into keyPool
        quint16 len; // 0: empty
    };
    std::vector<HyphSlot> hyph = std::vector<HyphSlot>(256, HyphSlot{0, 0, 0, 0});
    size_t hyphUsed = 0;
    quint64 hyphenPoints(QStringView word)
    {
        const int len = int(word.size());
        const quint64 h = hashOf(word.data(), len);
        size_t mask = hyph.size() - 1;
        size_t i = h & mask;
        for (; hyph[i].len != 0; i = (i + 1) & mask) {
            if (hyph[i].hash == h && hyph[i].len == len && std::equal(word.begin(), word.end(), keyPool.data() + hyph[i].key)) {
                return hyph[i].points;
            }
        }
        quint64 points = 0;
        const QList<int> pts = Hyphenator::instance().points(word);
        for (int k : pts) {
            if (k > 0 && k < 64) {
                points |= quint64(1) << k;
            }
        }
        if (len > kMaxPiece) {
            return points;
        }
        if ((hyphUsed + 1) * 2 > hyph.size()) {
            std::vector<HyphSlot> grown(hyph.size() * 2, HyphSlot{0, 0, 0, 0});
            mask = grown.size() - 1;
            for (const HyphSlot &e : hyph) {
                if (e.len != 0) {
                    size_t j = e.hash & mask;
                    while (grown[j].len != 0) {
                        j = (j + 1) & mask;
                    }
                    grown[j] = e;
                }
            }
            hyph.swap(grown);
            i = h & mask;
            while (hyph[i].len != 0) {
                i = (i + 1) & mask;
            }
        }
        hyph[i] = HyphSlot{h, points, quint32(keyPool.size()), quint16(len)};
        keyPool.insert(keyPool.end(), word.begin(), word.end());
        ++hyphUsed;
        ++entries;
        return points;
    }
    // Bounds: 64k pieces, 512k key units, 512k origins, 128k glyphs (at most ~12 MB with the
    // tables; the 10 MB synthetic article has 8k distinct pieces); past them the cache is emptied
    // at the next paragraph and fills again.
    static constexpr size_t kMaxEntries = 1 << 16;
    static constexpr size_t kMaxLocal = 1 << 19;
    static constexpr size_t kMaxGlyphs = 1 << 17;
    static constexpr int kMaxPiece = 64; // UTF-16 units; longer pieces are shaped every time

    // A piece of a chunk of a paragraph: [p, q), and its entry if the cache has it.
    struct Piece {
        int p;
        int q;
        quint64 hash;
        Slot slot;
        bool found;
        int font = 0; // 0 the paragraph's font; split (Typesetter::m_split): 1 its first family, 2 its second
    };
    // Per-paragraph working arrays of typesetFine(), kept between paragraphs (no allocation per
    // paragraph); given back after a paragraph of more than kKeepScratch characters.
    struct Scratch {
        std::vector<ShapedText::Glyph> glyphs;
        std::vector<double> charX, adv, gap, endSqueeze, startSqueeze, P, slotSpaceW, X, extraAfter;
        std::vector<int> firstGlyph, slotCjk;
        std::vector<char> space, cjk, canBreak, mustBreak, hyphenAt, hyphenAsked;
        std::vector<signed char> ink;
        std::vector<char32_t> cp;
        std::vector<quint32> runIdx;
        std::vector<QPointF> runPos;
        std::vector<Piece> pieces;
        QString batch;
        std::vector<int> members;
        std::vector<int> memberLengths;
    };
    static constexpr int kKeepScratch = 1 << 16;
    Scratch scratch;

    // What the cache holds (its containers' capacities): the pools, the tables, the scratch.
    size_t bytes() const
    {
        const auto v = [](const auto &c) {
            return size_t(c.capacity()) * sizeof(typename std::decay_t<decltype(c)>::value_type);
        };
        const Scratch &x = scratch;
        size_t n = v(keyPool) + v(localPool) + v(glyphPool) + v(hyph) + v(x.glyphs) + v(x.charX) + v(x.adv) + v(x.gap) + v(x.endSqueeze)
            + v(x.startSqueeze) + v(x.P) + v(x.slotSpaceW) + v(x.X) + v(x.extraAfter) + v(x.firstGlyph) + v(x.slotCjk) + v(x.space) + v(x.cjk)
            + v(x.canBreak) + v(x.mustBreak) + v(x.hyphenAt) + v(x.hyphenAsked) + v(x.ink) + v(x.cp) + v(x.runIdx) + v(x.runPos) + v(x.pieces)
            + size_t(x.batch.capacity()) * sizeof(QChar) + v(x.members) + v(x.memberLengths);
        for (const FontSlot &slot : slots) {
            n += sizeof(FontSlot) + v(slot.words.slots);
        }
        for (const Words &w : spareWords) {
            n += v(w.slots);
        }
        return n;
    }

    std::vector<QChar> keyPool;
    std::vector<float> localPool;
    std::vector<CGlyph> glyphPool;
    std::deque<FontSlot> slots; // deque: a slot stays put when others are added
    size_t entries = 0;
    QList<QRawFont> fonts; // raw fonts of the glyphs (of this thread)
    QList<QFont> faceFonts; // faceFont() of each
    QHash<quint64, int> inkSides; // (font << 32 | glyph) -> inkSide
    int generation = 0;
    quint64 thread = 0; // currentThreadSerial() of the thread that filled it

    void clear()
    {
        keyPool.clear();
        localPool.clear();
        glyphPool.clear();
        slots.clear();
        entries = 0;
        fonts.clear();
        faceFonts.clear();
        inkSides.clear();
        hyph.assign(1024, HyphSlot{0, 0, 0, 0});
        hyphUsed = 0;
        spareWords.clear();
    }
    // clear(), keeping the memory: the pools' capacity, and the fonts' tables, emptied, for the
    // next fonts' slots (a slot is then as new but for its table's size, which changes no look-up).
    void clearKeepingMemory()
    {
        std::vector<Words> tables;
        tables.reserve(slots.size());
        for (FontSlot &slot : slots) {
            Words &w = tables.emplace_back(std::move(slot.words));
            std::fill(w.slots.begin(), w.slots.end(), Slot{0, 0, 0, 0, 0, 0});
            w.used = 0;
        }
        clear();
        spareWords = std::move(tables);
    }
    std::vector<Words> spareWords; // clearKeepingMemory()
    FontSlot &slotFor(const QFont &f)
    {
        for (FontSlot &slot : slots) {
            if (f.isCopyOf(slot.font)) { // shares its data: the same in every respect
                return slot;
            }
        }
        for (FontSlot &slot : slots) {
            if (sameFont(slot.font, f)) {
                return slot;
            }
        }
        FontSlot &slot = slots.emplace_back();
        slot.font = f;
        if (!spareWords.empty()) {
            slot.words = std::move(spareWords.back());
            spareWords.pop_back();
        }
        return slot;
    }
    // Stores a shaped piece; null (not stored) if it does not fit the compact form exactly.
    const Slot *store(Words &words, quint64 h, const QChar *s, int len, const ShapedText &shaped)
    {
        if (len > kMaxPiece || int(shaped.local.size()) != len + 1 || shaped.glyphs.size() > 0xFFFF) {
            return nullptr;
        }
        for (double v : shaped.local) {
            if (double(float(v)) != v) {
                return nullptr;
            }
        }
        for (const ShapedText::Glyph &g : shaped.glyphs) {
            if (double(float(g.dx)) != g.dx || double(float(g.y)) != g.y || g.font > 0xFFFF || g.ch < 0 || g.ch > 0xFFFF) {
                return nullptr;
            }
        }
        if ((words.used + 1) * 2 > words.slots.size()) {
            Words grown;
            grown.slots.assign(words.slots.size() * 2, Slot{0, 0, 0, 0, 0, 0});
            grown.used = words.used;
            for (const Slot &e : words.slots) {
                if (e.len != 0) {
                    place(grown, e);
                }
            }
            words = std::move(grown);
        }
        Slot e;
        e.hash = h;
        e.key = quint32(keyPool.size());
        e.len = quint16(len);
        e.count = quint16(shaped.glyphs.size());
        e.local = quint32(localPool.size());
        e.glyphs = quint32(glyphPool.size());
        keyPool.insert(keyPool.end(), s, s + len);
        for (double v : shaped.local) {
            localPool.push_back(float(v));
        }
        for (const ShapedText::Glyph &g : shaped.glyphs) {
            glyphPool.push_back(CGlyph{g.index, quint16(g.font), quint16(g.ch), float(g.dx), float(g.y)});
        }
        place(words, e);
        ++words.used;
        ++entries;
        return find(words, h, s, len);
    }
};

namespace
{
using Glyph = Typesetter::ShapedText::Glyph;

// The part [s, e) of shaped text, as if shaped alone (origins from s; the glyphs of its characters,
// in their order).
void slice(const Typesetter::ShapedText &from, int s, int e, Typesetter::ShapedText *out)
{
    out->local.resize(e - s + 1);
    for (int i = s; i <= e; ++i) {
        out->local[i - s] = from.local[i] - from.local[s];
    }
    out->glyphs.clear();
    for (Glyph g : from.glyphs) {
        if (g.ch >= s && g.ch < e) {
            g.ch -= s;
            out->glyphs.push_back(g);
        }
    }
}

// Equal as a paragraph uses them: origins, and glyphs once sorted by character (typesetFine sorts
// them so, stably).
bool sameShape(const Typesetter::ShapedText &a, const Typesetter::ShapedText &b)
{
    if (a.local != b.local || a.glyphs.size() != b.glyphs.size()) {
        return false;
    }
    std::vector<Glyph> x = a.glyphs;
    std::vector<Glyph> y = b.glyphs;
    const auto byChar = [](const Glyph &l, const Glyph &r) {
        return l.ch < r.ch;
    };
    std::stable_sort(x.begin(), x.end(), byChar);
    std::stable_sort(y.begin(), y.end(), byChar);
    for (size_t i = 0; i < x.size(); ++i) {
        if (x[i].font != y[i].font || x[i].index != y[i].index || x[i].dx != y[i].dx || x[i].y != y[i].y || x[i].ch != y[i].ch) {
            return false;
        }
    }
    return true;
}
} // namespace

void preloadHyphenation()
{
    Hyphenator::instance();
}

void preloadBreaking(bool hyphenation, bool chineseWords)
{
    lineBreakPrototype();
    // The hyphenation dictionary before the Chinese words: the English body (which comes first in
    // every mode) waits for it at its first loose line; only a Chinese title needs the words.
    if (hyphenation) {
        Hyphenator::instance();
    }
    if (chineseWords && !g_chineseWordsLoaded.load(std::memory_order_relaxed)) {
        // ICU loads its Chinese word dictionary (and caches it process-wide) the first time a
        // word iterator meets Han text: the titles' word breaks (ParaStyle::wordBreaks).
        static const char16_t sample[] = u"\u4E2D\u534E\u4EBA\u6C11\u5171\u548C\u56FD";
        UErrorCode status = U_ZERO_ERROR;
        UBreakIterator *wb = ubrk_open(UBRK_WORD, "zh", reinterpret_cast<const UChar *>(sample), int32_t(std::size(sample) - 1), &status);
        if (wb && U_SUCCESS(status)) {
            while (ubrk_next(wb) != UBRK_DONE) { }
        }
        ubrk_close(wb);
        g_chineseWordsLoaded.store(true, std::memory_order_relaxed);
    }
}

QList<int> hyphenationPoints(QStringView word)
{
    return Hyphenator::instance().points(word);
}

int chineseWordSegmentations()
{
    return g_chineseWordSegmentations.load(std::memory_order_relaxed);
}

bool mayNeedWordBreaks(QStringView text, double emSize, double measure)
{
    const qsizetype n = text.size();
    if (n <= 1) {
        return false;
    }
    if (isSpaceChar(text.back())) {
        return true; // typesetFine() segments such a paragraph whatever its width
    }
    // Each character's advance at most: 1 em for Han, kana, CJK and full-width punctuation (as
    // every CJK face sets them) and general punctuation (1 em in Noto CJK: dashes, ellipsis);
    // 1.25 em for Latin (Noto Serif CJK SC Bold's "W" is 1.09 em); 3 em for anything else. Plus
    // typesetFine()'s quarter em between Han and a Latin letter or digit.
    double ems = 0;
    char32_t prev = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        char32_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < n && text.at(i + 1).isLowSurrogate()) {
            u = QChar::surrogateToUcs4(c, text.at(i + 1));
            ++i;
        }
        if (u == '\n' || u == '\r' || u == '\v' || u == '\f' || u == 0x85 || u == 0x2028 || u == 0x2029) {
            return true; // a hard break (ICU's): segmented whatever its width
        }
        const bool oneEm = isHan(u) || (u >= 0x3000 && u <= 0x30FF) || (u >= 0xFF00 && u <= 0xFFEF) || (u >= 0x2000 && u <= 0x206F)
            || (u >= 0x2460 && u <= 0x24FF);
        ems += oneEm ? 1.0 : u < 0x0250 ? 1.25 : 3.0;
        if ((isHan(prev) && isLatinish(u)) || (isLatinish(prev) && isHan(u))) {
            ems += 0.25;
        }
        prev = u;
    }
    // typesetFine(): segmented when the natural width exceeds the measure less an em.
    return ems * emSize > measure - emSize;
}

bool breakingPreloaded(bool hyphenation, bool chineseWords)
{
    return g_lineRulesLoaded.load(std::memory_order_relaxed) && (!hyphenation || g_hyphenationLoaded.load(std::memory_order_relaxed))
        && (!chineseWords || g_chineseWordsLoaded.load(std::memory_order_relaxed));
}

namespace
{
// OKB_LINEBREAK=greedy starts with the old line choice (for before/after comparisons).
std::atomic<int> g_lineBreaking{int(qEnvironmentVariable("OKB_LINEBREAK") == QLatin1String("greedy") ? LineBreaking::Greedy : LineBreaking::TotalFit)};
std::atomic<bool> g_observing{false};
QMutex g_observerMutex;
std::function<void(const JustifiedLineInfo &)> g_observer;

void reportLine(const JustifiedLineInfo &info)
{
    if (!g_observing.load(std::memory_order_relaxed)) {
        return;
    }
    QMutexLocker lock(&g_observerMutex);
    if (g_observer) {
        g_observer(info);
    }
}
} // namespace

namespace
{
std::atomic<bool> g_shapeCache{qEnvironmentVariable("OKB_SHAPE_CACHE") != QLatin1String("0")};
std::atomic<int> g_shapeCacheGeneration{0};
std::atomic<bool> g_shapeCacheVerify{false};
std::atomic<int> g_shapeCacheMismatches{0};
std::atomic<int> g_shapeCacheVerified{0};
} // namespace

void setShapeCacheVerifying(bool on)
{
    g_shapeCacheVerify = on;
}

bool shapeCacheVerifying()
{
    return g_shapeCacheVerify.load(std::memory_order_relaxed);
}

int shapeCacheMismatches(int *verified)
{
    if (verified) {
        *verified = g_shapeCacheVerified.load();
    }
    return g_shapeCacheMismatches.load();
}

void setShapeCacheEnabled(bool on)
{
    g_shapeCache = on;
}

bool shapeCacheEnabled()
{
    return g_shapeCache.load(std::memory_order_relaxed);
}

void clearShapeCaches()
{
    ++g_shapeCacheGeneration;
}

void setLineBreaking(LineBreaking mode)
{
    g_lineBreaking = int(mode);
}

LineBreaking lineBreaking()
{
    return LineBreaking(g_lineBreaking.load());
}

void setJustifiedLineObserver(std::function<void(const JustifiedLineInfo &)> observer)
{
    QMutexLocker lock(&g_observerMutex);
    g_observer = std::move(observer);
    g_observing = bool(g_observer);
}

bool isNoLineStart(char32_t c)
{
    if (c < 0x80) {
        return c == ')' || c == ']' || c == '}' || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '%';
    }
    if (c >= 0x3400 && c < 0xF900) {
        return false; // Han (the set's CJK members are all below U+3100 or full-width forms)
    }
    static const char32_t set[] = {0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0x201D, 0x2019, 0xFF09, 0x300B, 0x300D, 0x300F,
                                   0x3011, 0x3015, 0x3009, 0x3017, 0x3019, 0x301B, 0xFF5D, 0xFF3D, 0xFF0E, 0x30FB, 0x00B7, 0xFF5E, 0x2030,
                                   0xFF05, 0x2103, ')',    ']',    '}',    ',',    '.',    ';',    ':',    '!',    '?',    '%'};
    return std::find(std::begin(set), std::end(set), c) != std::end(set);
}

bool isNoLineEnd(char32_t c)
{
    if (c < 0x80) {
        return c == '(' || c == '[' || c == '{';
    }
    if (c >= 0x3400 && c < 0xF900) {
        return false;
    }
    static const char32_t set[] =
        {0x201C, 0x2018, 0xFF08, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3008, 0x3016, 0x3018, 0x301A, 0xFF5B, 0xFF3B, '(', '[', '{'};
    return std::find(std::begin(set), std::end(set), c) != std::end(set);
}

// What keepCachesInThisThread() keeps between typesetters of a thread.
struct Typesetter::Kept {
    bool on = false;
    bool taken = false; // a typesetter has them now
    ShapeCache *cache = nullptr;
    std::vector<PrimaryFont> primaryFonts;
    std::vector<FaceCover> faceCovers;
    void clear()
    {
        delete cache;
        cache = nullptr;
        primaryFonts.clear();
        faceCovers.clear();
    }
};

namespace
{
// A raw pointer (no thread_local destructor: the thread's fonts are gone by the time those run);
// dropKeptCaches() frees it.
thread_local Typesetter::Kept *t_kept = nullptr;

// What a kept shaping cache may hold between documents (its pools, tables and scratch; a short
// article's is ~0.2-0.4 MiB): a larger one (a long document's) is freed as before. (At 2 MiB,
// without the scratch counted, the 1 MB and 10 MB synthetic articles kept theirs: their peak
// with the pages painted was 0.7-1.3 MiB higher.)
constexpr size_t kKeepCacheBytes = 768 * 1024;
std::atomic<int> g_keptReuses{0};
} // namespace

int Typesetter::keptCacheReuses()
{
    return g_keptReuses.load(std::memory_order_relaxed);
}

void Typesetter::keepCachesInThisThread()
{
    if (!t_kept) {
        static const bool off = qEnvironmentVariableIsSet("OKB_KEEP_SHAPE_CACHE") && qEnvironmentVariableIntValue("OKB_KEEP_SHAPE_CACHE") == 0;
        if (off) {
            return;
        }
        t_kept = new Kept;
        t_kept->on = true;
    }
}

void Typesetter::dropKeptCaches()
{
    if (t_kept) {
        t_kept->clear();
        if (!t_kept->taken) {
            delete t_kept;
            t_kept = nullptr;
        } else {
            t_kept->on = false; // the typesetter that has them frees them
        }
    }
}

void Typesetter::releaseKeptCaches()
{
    if (t_kept && !t_kept->taken) {
        t_kept->clear();
    }
}

void Typesetter::takeKeptCaches()
{
    Kept *k = t_kept;
    if (!k || !k->on || k->taken) {
        return;
    }
    k->taken = true;
    m_kept = k;
    m_shapeCache = std::exchange(k->cache, nullptr);
    if (m_shapeCache) {
        // Its memory, not its pieces: a piece's shape as the cache keeps it may depend on where in
        // its document it was first shaped (the cache's cuts lose no shaping context within one
        // document's batches, but e.g. "低9％—23％" of the 1957 sample came out with other digit
        // glyphs after the pieces of the samples before it), so every document starts from an
        // empty cache, as with a new one; its pools, tables and scratch keep their capacity.
        m_shapeCache->clearKeepingMemory();
        g_keptReuses.fetch_add(1, std::memory_order_relaxed);
    }
    m_primaryFonts = std::move(k->primaryFonts);
    m_faceCovers = std::move(k->faceCovers);
    k->primaryFonts.clear();
    k->faceCovers.clear();
}

Typesetter::~Typesetter()
{
    if (m_breakIterator) {
        ubrk_close(static_cast<UBreakIterator *>(m_breakIterator));
    }
    if (Kept *k = m_kept) { // made and destroyed in this thread (Caches::ThreadKept)
        const ShapeCache *c = m_shapeCache;
        const size_t bytes = c ? c->bytes() : 0;
        if (qEnvironmentVariableIntValue("OKB_LAYOUT_MEMORY") == 1) {
            fprintf(stderr, "typesetting caches: %.1f KiB%s\n", bytes / 1024.0, bytes <= kKeepCacheBytes ? ", kept" : "");
        }
        if (k->on && bytes <= kKeepCacheBytes && (!c || c->thread == currentThreadSerial())) {
            k->cache = std::exchange(m_shapeCache, nullptr);
            k->primaryFonts = std::move(m_primaryFonts);
            k->faceCovers = std::move(m_faceCovers);
        }
        k->taken = false;
        if (!k->on) { // dropKeptCaches() came meanwhile
            k->clear();
            delete k;
            t_kept = nullptr;
        }
    }
    delete m_shapeCache;
}

Typesetter::ShapeCache &Typesetter::shapeCache()
{
    if (!m_shapeCache) {
        m_shapeCache = new ShapeCache;
    }
    ShapeCache &c = *m_shapeCache;
    const int generation = g_shapeCacheGeneration.load(std::memory_order_relaxed);
    const quint64 thread = currentThreadSerial();
    if (c.generation != generation || c.thread != thread || c.entries > ShapeCache::kMaxEntries || c.keyPool.size() > ShapeCache::kMaxLocal
        || c.localPool.size() > ShapeCache::kMaxLocal || c.glyphPool.size() > ShapeCache::kMaxGlyphs || c.fonts.size() > 1000) {
        c.clear();
        c.generation = generation;
        c.thread = thread; // raw fonts belong to the thread that made them
    }
    return c;
}

int Typesetter::fontIndex(const QRawFont &raw, const QFont *requested)
{
    ShapeCache &c = *m_shapeCache;
    int fi = c.fonts.indexOf(raw);
    if (fi < 0) {
        if (isFacelessFont(raw)) {
            return -1;
        }
        fi = c.fonts.size();
        c.fonts.append(raw);
        c.faceFonts.append(faceFont(raw));
        if (requested) {
            noteLayoutFace(c.faceFonts.last(), raw.familyName(), raw.pixelSize(), *requested);
        }
    }
    return fi;
}

int Typesetter::inkSide(int font, quint32 glyph, double advance)
{
    ShapeCache &c = *m_shapeCache;
    const quint64 key = (quint64(font) << 32) | glyph;
    auto it = c.inkSides.constFind(key);
    if (it == c.inkSides.constEnd()) {
        it = c.inkSides.insert(key, inkSide(c.fonts.at(font), glyph, advance));
    }
    return *it;
}

int Typesetter::inkSide(const QRawFont &raw, quint32 glyph, double advance)
{
    const QString key = raw.familyName() + raw.styleName() + QString::number(raw.pixelSize()) + QLatin1Char(':') + QString::number(glyph);
    auto it = m_inkSides.constFind(key);
    if (it != m_inkSides.constEnd()) {
        return *it;
    }
    int side = 0;
    const QRectF ink = raw.boundingRect(glyph);
    if (advance > 0 && !ink.isEmpty()) {
        if (ink.right() <= advance * 0.56) {
            side = -1;
        } else if (ink.left() >= advance * 0.44) {
            side = 1;
        }
    }
    m_inkSides.insert(key, side);
    return side;
}

void Typesetter::shapeText(QStringView s, const QFont &font, ShapedText *out)
{
    const int m = int(s.size());
    QTextLayout layout(s.toString(), font, &m_device);
    QTextOption opt;
    opt.setWrapMode(QTextOption::NoWrap);
    opt.setUseDesignMetrics(true);
    layout.setTextOption(opt);
    layout.beginLayout();
    QTextLine shaped = layout.createLine();
    shaped.setLineWidth(1e7);
    shaped.setPosition(QPointF(0, 0));
    layout.endLayout();
    const double shapedAscent = shaped.ascent();
    // Character origins; each glyph is given to the character whose advance it starts in.
    // QTextLine::cursorToX() costs the length of the script item per call, so when the
    // text's glyphs start at strictly increasing characters (plain Latin or Han: the common
    // case), a character that starts a glyph has that glyph's position as its origin (the
    // same sum of advances); only the others (a low surrogate) ask cursorToX(). The string
    // indexes are only trusted then: for a run that falls back to another font inside one
    // script item, Qt 6.8 reports them all as 0, and the check fails.
    const QList<QGlyphRun> runs =
        shaped.glyphRuns(-1, -1, QTextLayout::RetrieveGlyphIndexes | QTextLayout::RetrieveGlyphPositions | QTextLayout::RetrieveStringIndexes);
    std::vector<double> &local = out->local;
    local.assign(m + 1, 0.0);
    // covered[i]: character i starts a glyph (its origin is that glyph's position).
    std::vector<char> covered(m + 1, 0);
    const bool formatFree = std::none_of(s.begin(), s.end(), isFormat);
    bool increasing = formatFree;
    if (increasing) {
        qsizetype last = -1;
        for (const QGlyphRun &run : runs) {
            const QList<qsizetype> si = run.stringIndexes();
            const QList<QPointF> pos = run.positions();
            if (si.size() != pos.size()) {
                increasing = false;
                break;
            }
            for (int g = 0; g < si.size(); ++g) {
                const qsizetype k = si.at(g);
                if (k <= last || k >= m) {
                    increasing = false;
                    break;
                }
                local[k] = pos.at(g).x();
                covered[k] = 1;
                last = k;
            }
            if (!increasing) {
                break;
            }
        }
    }
    if (!increasing && m > 0 && formatFree) {
        // Glyphs from a fallback font inside one script item (Han in an English paragraph)
        // come without usable string indexes. When the text has no surrogates, as many glyphs
        // as characters and left-to-right positions, glyph k is character k's.
        bool oneToOne = std::none_of(s.begin(), s.end(), [](QChar c) {
            return c.isSurrogate();
        });
        int k = 0;
        double lastX = -1e9;
        for (const QGlyphRun &run : runs) {
            if (!oneToOne) {
                break;
            }
            const QList<QPointF> pos = run.positions();
            for (const QPointF &pt : pos) {
                if (k >= m || pt.x() < lastX) {
                    oneToOne = false;
                    break;
                }
                lastX = pt.x();
                local[k] = pt.x();
                covered[k++] = 1;
            }
        }
        if (oneToOne && k == m) {
            increasing = true;
        } else {
            std::fill(covered.begin(), covered.end(), 0);
        }
    }
    for (int i = 0; i <= m; ++i) {
        if (!increasing || !covered[i]) {
            local[i] = shaped.cursorToX(i);
        }
#ifdef OKB_CHECK_FAST_ORIGINS
        else if (std::abs(local[i] - shaped.cursorToX(i)) > 1e-9) {
            qWarning("origin mismatch at %d (U+%04x after U+%04x): %f vs %f",
                     i,
                     s.at(i).unicode(),
                     i ? s.at(i - 1).unicode() : 0,
                     local[i],
                     shaped.cursorToX(i));
        }
#endif
        if (i > 0 && local[i] < local[i - 1]) {
            local[i] = local[i - 1]; // keep it monotonic (LTR text)
        }
    }
    out->glyphs.clear();
    for (const QGlyphRun &run : runs) {
        int fi = fontIndex(run.rawFont(), &font);
        const bool missing = fi < 0; // no installed font has these glyphs (isFacelessFont())
        if (missing) {
            const QRawFont face = standInFace(run.rawFont(), font);
            fi = face.isValid() ? fontIndex(face, &font) : -1;
            if (fi < 0) {
                continue; // nothing can draw them (their characters keep their origins)
            }
        }
        const QList<quint32> idx = run.glyphIndexes();
        const QList<QPointF> pos = run.positions();
        for (int g = 0; g < idx.size() && g < pos.size(); ++g) {
            const double x = pos.at(g).x();
            auto it = std::upper_bound(local.cbegin(), local.cbegin() + m, x + 0.001);
            const int ch = std::clamp(int(it - local.cbegin()) - 1, 0, std::max(0, m - 1));
            Glyph gl;
            gl.font = fi;
            gl.index = missing ? 0 : idx.at(g); // (0: the stand-in face's missing-glyph box)
            gl.ch = ch;
            gl.dx = x - local[ch];
            gl.y = pos.at(g).y() - shapedAscent;
            out->glyphs.push_back(gl);
        }
    }
}

namespace
{
// Han ideographs (CJK Unified Ideographs and Extension A): in Noto CJK, as in any CJK face, one
// glyph each from the cmap that no shaping feature of horizontal text changes or moves.
bool isPlainIdeograph(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF);
}

// FreeType's FT_DivFix and FT_MulDiv (ftcalc.c, 64-bit), for non-negative operands.
qint64 ftDivFix(qint64 a, qint64 b)
{
    return b > 0 ? ((a << 16) + (b >> 1)) / b : 0x7FFFFFFF;
}
qint64 ftMulDiv(qint64 a, qint64 b, qint64 c)
{
    return c > 0 ? (a * b + (c >> 1)) / c : 0x7FFFFFFF;
}

// Shaping language: HarfBuzz (through Qt) takes the default language from LC_CTYPE, and a CJK
// face's 'locl' feature changes ideographs for some (ja, ko, zh-TW/HK: other glyph forms). Set
// directly only where that cannot happen: C/POSIX and English (no language system: no 'locl'),
// and Simplified Chinese (zh_CN, zh_SG: 'ZHS ') in Noto Serif/Sans CJK SC, whose ZHS 'locl'
// (lookup 43 in Debian 13's fonts-noto-cjk) covers 17 glyphs, quotes and dashes, no ideograph.
bool hanDirectAllowed(const QString &family)
{
    static const bool off = qEnvironmentVariableIsSet("OKB_HAN_DIRECT") && qEnvironmentVariableIntValue("OKB_HAN_DIRECT") == 0;
    if (off) {
        return false;
    }
    const char *l = setlocale(LC_CTYPE, nullptr);
    if (!l || !*l || !strcmp(l, "C") || !strcmp(l, "POSIX") || !strncmp(l, "C.", 2)) {
        return true;
    }
    if (!strncmp(l, "en_", 3) || !strncmp(l, "en.", 3) || !strcmp(l, "en")) {
        return true;
    }
    const bool simplified = !strncmp(l, "zh_CN", 5) || !strncmp(l, "zh_SG", 5);
    return simplified && (family == u"Noto Serif CJK SC" || family == u"Noto Sans CJK SC");
}

std::atomic<int> g_hanDirect{0};

// A face's hmtx advance widths, read once in the process: the table is a CJK face's largest
// that we read (65k glyphs: 256 KiB copied out of the font file, kept as an AdvanceTable), and
// each open made a new Typesetter that read it again (half of a short article's second open's
// cache misses). Keyed by the face's names and its whole 'head' table (checksum, dates), so a
// changed font file under the same names is read anew; the widths are never written after.
std::shared_ptr<const AdvanceTable> hmtxWidths(const QRawFont &raw)
{
    static QMutex mutex;
    static QHash<QByteArray, std::shared_ptr<const AdvanceTable>> faces;
    const QByteArray key = raw.familyName().toUtf8() + '\x1f' + raw.styleName().toUtf8() + '\x1f' + raw.fontTable("head");
    {
        QMutexLocker lock(&mutex);
        if (auto found = faces.value(key)) {
            return found;
        }
    }
    const QByteArray hhea = raw.fontTable("hhea");
    const QByteArray hmtx = raw.fontTable("hmtx");
    const int count = hhea.size() >= 36 ? qFromBigEndian<quint16>(hhea.constData() + 34) : 0;
    if (count <= 0 || hmtx.size() < count * 4) {
        return {};
    }
    auto w = std::make_shared<const AdvanceTable>(hmtx.constData(), count);
    QMutexLocker lock(&mutex);
    return *faces.insert(key, std::move(w));
}
} // namespace

quint64 currentThreadSerial()
{
    static std::atomic<quint64> next{1};
    thread_local const quint64 serial = next.fetch_add(1, std::memory_order_relaxed);
    return serial;
}

bool advanceTableMatches(const QByteArray &hmtx, int count)
{
    if (count <= 0 || hmtx.size() < qsizetype(count) * 4) {
        return false;
    }
    const AdvanceTable table(hmtx.constData(), count);
    for (int g = 0; g < count + 300; ++g) {
        if (table.at(quint32(g)) != qFromBigEndian<quint16>(hmtx.constData() + 4 * std::min(g, count - 1))) {
            return false;
        }
    }
    return true;
}

int hanDirectCount()
{
    return g_hanDirect.load(std::memory_order_relaxed);
}

double Typesetter::advanceBound(QStringView text, const QFont &font)
{
    const QList<QFont::Tag> tags = font.featureTags();
    const bool plainFont = (font.stretch() == 0 || font.stretch() == 100) && font.letterSpacing() == 0 && font.wordSpacing() == 0
        && font.capitalization() == QFont::MixedCase && font.variableAxisTags().isEmpty() && std::all_of(tags.begin(), tags.end(), [&](QFont::Tag t) {
               return (t == QFont::Tag("liga") || t == QFont::Tag("clig")) && font.featureValue(t) == 0; // (no ligatures: one glyph a character)
           });
    const QStringList families = font.families();
    if (!plainFont || families.isEmpty() || font.pointSizeF() <= 0) {
        return -1;
    }
    // A raw font of that family, weight and style that shaping on this thread has returned: the
    // face Qt takes for the font (its size does not matter here).
    ShapeCache &cache = shapeCache();
    const auto raw = std::find_if(cache.fonts.cbegin(), cache.fonts.cend(), [&](const QRawFont &r) {
        return r.familyName() == families.first() && r.weight() == int(font.weight()) && r.style() == font.style();
    });
    if (raw == cache.fonts.cend()) {
        return -1;
    }
    const std::shared_ptr<const AdvanceTable> widths = hmtxWidths(*raw);
    if (!widths || widths->count() == 0) {
        return -1;
    }
    const double upem = raw->unitsPerEm();
    const QList<quint32> glyphs = raw->glyphIndexesForString(text.toString());
    if (upem <= 0 || glyphs.isEmpty() || std::find(glyphs.cbegin(), glyphs.cend(), quint32(0)) != glyphs.cend()) {
        return -1;
    }
    // Each glyph's design advance, plus a pixel for Qt's rounding of advances (without design
    // metrics) and any kerning.
    const double em = font.pointSizeF() * m_dpi / 72.0;
    double bound = 0;
    for (const quint32 g : glyphs) {
        bound += widths->at(g) * em / upem + 1.0;
    }
    return bound;
}

void Typesetter::shapeBatch(QStringView batch, const QFont &font, const std::vector<int> &lengths, ShapedText *out)
{
    // Why: Qt asks FreeType for each glyph's advance by loading the glyph, and in a CFF face (Noto
    // CJK) that interprets its charstring (~50-90k instructions a glyph): most of the first layout
    // of a Chinese text, where its txt counterpart pays for the handful of faces once. An
    // ideograph's shape is its cmap glyph and its hmtx advance, scaled as FreeType scales
    // linearHoriAdvance (what Qt's design metrics give HarfBuzz), so the result is the same bits.
    // Checked per font on one ideograph through Qt's font engine (the probe, below), and for every piece
    // with the shaping cache's verifying on (tst_shapecache: all samples, all modes, bit for bit
    // against the cache off, i.e. Qt alone). OKB_HAN_DIRECT=0 turns it off.
    const bool any = std::any_of(batch.begin(), batch.end(), isPlainIdeograph);
    ShapeCache &cache = *m_shapeCache;
    ShapeCache::FontSlot *slot = any ? &cache.slotFor(font) : nullptr;
    if (slot && slot->han == 0) {
        slot->han = -1;
        const QStringList families = font.families();
        const QList<QFont::Tag> tags = font.featureTags();
        const bool plainFont = (font.stretch() == 0 || font.stretch() == 100) && font.letterSpacing() == 0 && font.wordSpacing() == 0
            && font.capitalization() == QFont::MixedCase && font.hintingPreference() == QFont::PreferNoHinting
            && std::all_of(tags.begin(), tags.end(), [&](QFont::Tag t) {
                   return (t == QFont::Tag("liga") || t == QFont::Tag("clig")) && font.featureValue(t) == 0;
               });
        // The probe asks Qt's font engine, not its shaper: the face Qt shapes this font's
        // ideographs with is its first family's engine at the font's size on this device (Qt keeps
        // one engine per face and size for all scripts: QRawFont::fromFont() hands out that one),
        // and shaping gives a lone ideograph that engine's design advance (recalcAdvances() with
        // design metrics, what QRawFont::UseDesignMetrics asks), at the baseline (y 0). Shaped
        // through Qt, the probe had HarfBuzz copy the face's GSUB and GPOS (227 KiB for Noto Serif
        // CJK) and compile a shape plan, for a face (the Chinese titles' bold) whose text may all
        // be ideographs set directly; it also loaded the probe's outline. Every piece set directly
        // is still compared with Qt's shaping when the shaping cache verifies (tst_shapecache).
        // Always the same ideograph (一, as plain as they come).
        static const QChar probe(0x4E00);
        if (plainFont && !families.isEmpty() && hanDirectAllowed(families.first())) {
            const QRawFont raw = QRawFont::fromFont(QFont(font, &m_device));
            if (raw.isValid() && raw.familyName() == families.first()) {
                const QList<quint32> cmap = raw.glyphIndexesForString(QString(probe));
                const std::shared_ptr<const AdvanceTable> widths = hmtxWidths(raw);
                const int upem = qRound(raw.unitsPerEm());
                const qint64 size = qRound(raw.pixelSize() * 64); // Qt's FT_Set_Char_Size (26.6)
                if (widths && cmap.size() == 1 && cmap.first() != 0 && upem > 0) {
                    const QList<QPointF> advances = raw.advancesForGlyphIndexes(cmap, QRawFont::UseDesignMetrics);
                    const qint64 scale = ftDivFix(size, upem);
                    const quint16 aw = widths->at(cmap.first());
                    if (advances.size() == 1 && advances.first().y() == 0 && double(ftMulDiv(aw, scale, 64) >> 10) / 64.0 == advances.first().x()) {
                        slot->han = 1;
                        slot->hanFont = fontIndex(raw, &font);
                        slot->hanScale = scale;
                        slot->hanY = 0;
                        slot->hanWidths = widths;
                    }
                }
            }
        }
    }
    if (!slot || slot->han != 1) {
        shapeText(batch, font, out);
        return;
    }
    // Runs of one-ideograph pieces are set directly, the rest shaped through Qt; each part
    // starts and ends at a cut of the cache's (no shaping context across it).
    out->local.assign(1, 0.0);
    out->glyphs.clear();
    const QRawFont raw = cache.fonts.at(slot->hanFont); // (a copy: shapeText() appends to the list)
    const AdvanceTable &widths = *slot->hanWidths;
    ShapedText part;
    auto append = [&](int at, const ShapedText &shaped) {
        const double x0 = out->local.back();
        for (size_t i = 1; i < shaped.local.size(); ++i) {
            out->local.push_back(x0 + shaped.local[i]);
        }
        for (Glyph g : shaped.glyphs) {
            g.ch += at;
            out->glyphs.push_back(g);
        }
    };
    // Set directly: an ideograph that ends its piece (pieces are cut where no shaping context is
    // lost), or one inside a piece followed by a character that shaping cannot join to it (not a
    // mark, a variation selector, a joiner or other format character, nor a surrogate: an
    // ideographic variation selector is one): "谓‘援助’，" is 谓 and 援助 directly, ‘ and ’，
    // through Qt (their glyphs and positions the same either way: tst_shapecache compares every
    // piece with Qt shaping the whole text). Each ideograph so set loads no outline: ~64 KiB of
    // the CJK font's charstrings resident each. OKB_HAN_DIRECT_INSIDE=0: whole pieces only.
    static const bool inside = qEnvironmentVariable("OKB_HAN_DIRECT_INSIDE") != QLatin1String("0");
    std::vector<char> direct(batch.size() + 1, 0);
    {
        int p = 0;
        for (const int len : lengths) {
            for (int i = p; i < p + len; ++i) {
                if (!isPlainIdeograph(batch[i])) {
                    continue;
                }
                if (i + 1 == p + len) {
                    direct[i] = len == 1 || inside;
                } else if (inside) {
                    const QChar next = batch[i + 1];
                    const QChar::Category c = next.category();
                    direct[i] = !next.isSurrogate() && c != QChar::Mark_NonSpacing && c != QChar::Mark_SpacingCombining && c != QChar::Mark_Enclosing
                        && c != QChar::Other_Format;
                }
            }
            p += len;
        }
    }
    const int total = int(batch.size());
    for (int at = 0; at < total;) {
        const bool isDirect = direct[at];
        int end = at + 1;
        while (end < total && bool(direct[end]) == isDirect) {
            ++end;
        }
        const QStringView run = batch.mid(at, end - at);
        bool done = false;
        if (isDirect) {
            const QList<quint32> cmap = raw.glyphIndexesForString(run.toString());
            if (cmap.size() == run.size() && std::find(cmap.begin(), cmap.end(), quint32(0)) == cmap.end()) {
                part.local.assign(1, 0.0);
                part.glyphs.clear();
                qint64 x = 0; // 26.6, as Qt sums the advances
                for (int i = 0; i < cmap.size(); ++i) {
                    const quint32 gi = cmap.at(i);
                    Glyph g;
                    g.font = slot->hanFont;
                    g.index = gi;
                    g.ch = i;
                    g.dx = 0;
                    g.y = slot->hanY;
                    part.glyphs.push_back(g);
                    x += ftMulDiv(widths.at(gi), slot->hanScale, 64) >> 10;
                    part.local.push_back(double(x) / 64.0);
                }
                g_hanDirect.fetch_add(int(cmap.size()), std::memory_order_relaxed);
                done = true;
            }
        }
        if (!done) {
            shapeText(run, font, &part);
        }
        append(at, part);
        at = end;
    }
}

QList<TypesetLine> Typesetter::typesetFine(const QString &text, const ParaStyle &paraStyle, double columnWidth, bool endMark, bool continued, bool measureOnly)
{
    const int n = text.size();
    // A continued piece of a long paragraph (typesetLong) has no first line: every line is a
    // following one.
    ParaStyle continuedStyle;
    if (continued) {
        continuedStyle = paraStyle;
        continuedStyle.firstIndent = paraStyle.restIndent;
    }
    const ParaStyle &style = continued ? continuedStyle : paraStyle;
    QString work = text;
    if (std::any_of(text.cbegin(), text.cend(), [](QChar c) {
            return c == QLatin1Char('\n') || c == QLatin1Char('\t');
        })) {
        for (QChar &c : work) {
            if (c == QLatin1Char('\n') || c == QLatin1Char('\t')) {
                c = QLatin1Char(' '); // tabs only get here in huge paragraphs (typesetLong)
            }
        }
    }

    // 1. Shape, unwrapped. Long paragraphs are shaped in chunks of a few hundred characters cut
    // after a space or between two CJK characters (no shaping context lost there), so that the
    // per-character measuring below stays linear in the paragraph's length. With the shaping
    // cache on, a chunk of Latin/CJK text is put together from its pieces (words with their
    // spaces, single CJK characters), each shaped once per font.
    ShapeCache &cache = shapeCache();
    ShapeCache::FontSlot &fontSlot = cache.slotFor(style.font);
    ShapeCache::Words *words = shapeCacheEnabled() ? &fontSlot.words : nullptr;
    // A split paragraph (typeset(), m_split): each piece is shaped with the font of the one family
    // that has it, and kept with that font's pieces. Only where the shaping cache puts the chunk
    // together from its pieces; otherwise the paragraph's font, as always (the same glyphs).
    const QFont *const pieceFonts[3] = {&style.font, &m_splitFirst, &m_splitSecond};
    ShapeCache::Words *pieceWords[3] = {words, nullptr, nullptr};
    const bool split = m_split && words;
    if (split) {
        pieceWords[1] = &cache.slotFor(m_splitFirst).words;
        pieceWords[2] = &cache.slotFor(m_splitSecond).words;
    }
    ShapeCache::Scratch &sc = cache.scratch;
    std::vector<Glyph> &glyphs = sc.glyphs;
    glyphs.clear();
    glyphs.reserve(n);
    std::vector<double> &charX = sc.charX;
    charX.assign(n + 1, 0.0);
    auto cutAfter = [&](int p) { // may a chunk end before p?
        if (p <= 0 || p >= n || text.at(p).isLowSurrogate()) {
            return false;
        }
        const QChar prev = text.at(p - 1);
        return prev == QLatin1Char(' ') || (isCjk(prev.unicode()) && isCjk(text.at(p).unicode()));
    };
    // A piece of a chunk ends before p (p inside the chunk): after a run of spaces, between two CJK
    // characters.
    const QChar *const wk = work.constData();
    auto pieceCut = [&](int p) {
        const QChar prev = wk[p - 1];
        return (prev == QLatin1Char(' ') && wk[p] != QLatin1Char(' ')) || (isCjk(prev.unicode()) && isCjk(wk[p].unicode()));
    };
    // Format and control characters get advances in cursorToX() that differ from the glyph
    // positions, so a chunk holding one is measured the slow way; such a character is made a
    // chunk of its own (in junk there are many).
    constexpr int kChunk = 160;
    QHash<QString, ShapedText> shapedChunks;
    ShapedText scratch;
    ShapedText sliced;
    ShapedText alone;
    double chunkX = 0;
    // Appends shaped text that starts at character a.
    auto place = [&](int a, const ShapedText &shaped) {
        const int m = int(shaped.local.size()) - 1;
        for (int i = 0; i <= m; ++i) {
            charX[a + i] = chunkX + shaped.local[i];
        }
        for (Glyph gl : shaped.glyphs) {
            gl.ch += a;
            glyphs.push_back(gl);
        }
        chunkX += shaped.local[m];
    };
    for (int a = 0; a < n;) {
        int b = n;
        if (n - a > kChunk + kChunk / 2) {
            b = a + kChunk;
            int p = b;
            while (p > a + kChunk / 2 && !cutAfter(p)) {
                --p;
            }
            if (p > a + kChunk / 2) {
                b = p;
            } else if (text.at(b).isLowSurrogate()) {
                ++b;
            }
        }
        if (n > kChunk) { // (short paragraphs: one chunk, as always)
            const auto f = std::find_if(work.constBegin() + a, work.constBegin() + b, isFormat);
            const int at = int(f - work.constBegin());
            if (at == a) {
                b = a + 1;
            } else if (at < b) {
                b = at;
            }
            if (b < n && text.at(b).isLowSurrogate() && b > a + 1) {
                --b; // not between the halves of a pair
            }
        }
        if (words && std::all_of(wk + a, wk + b, isPieceSafe)) {
            // The chunk's pieces; only the new ones are shaped (shaping the whole chunk once and
            // cutting the new pieces out of it was slower: a QTextLayout costs per character, and
            // most pieces of a chunk are known). Verifying, each new piece is also shaped alone and
            // the chunk whole, and the three compared.
            std::vector<ShapeCache::Piece> &pieces = sc.pieces;
            pieces.clear();
            bool miss = false;
            bool tooLong = false;
            for (int p = a; p < b;) {
                int q = p + 1;
                while (q < b && !pieceCut(q)) {
                    ++q;
                }
                if (q - p > ShapeCache::kMaxPiece) {
                    // A piece the cache does not keep (junk: one enormous "word"): the chunk is
                    // shaped whole below, where a chunk repeated in the paragraph is shaped once
                    // (a 50 MB run of one letter took 142 s through the pieces, 19 s so).
                    tooLong = true;
                    break;
                }
                ShapeCache::Piece piece{p, q, ShapeCache::hashOf(wk + p, q - p), {}, false};
                if (split && p < int(m_splitWhich.size())) {
                    piece.font = m_splitWhich[p]; // (0: not a piece typeset() saw: the paragraph's font)
                }
                if (const ShapeCache::Slot *hit = cache.find(*pieceWords[piece.font], piece.hash, wk + p, q - p)) {
                    piece.slot = *hit;
                    piece.found = true;
                } else {
                    miss = true;
                }
                pieces.push_back(piece);
                p = q;
            }
            if (tooLong) {
                pieces.clear();
            } else if (miss) {
                const bool verify = shapeCacheVerifying();
                if (verify) {
                    shapeText(QStringView(wk + a, b - a), style.font, &scratch);
                }
                // The new pieces are shaped in batches: one QTextLayout for a run of them joined
                // where the join is a cut of the same kind (after a space, between two CJK
                // characters: in Chinese text, a run of new characters), each then cut out of it.
                QString &batch = sc.batch;
                std::vector<int> &members = sc.members;
                for (int i = 0; i < int(pieces.size());) {
                    if (pieces[i].found) {
                        ++i;
                        continue;
                    }
                    batch.clear();
                    members.clear();
                    const int batchFont = pieces[i].font;
                    int j = i;
                    for (; j < int(pieces.size()); ++j) {
                        const ShapeCache::Piece &piece = pieces[j];
                        if (piece.found) {
                            continue;
                        }
                        if (piece.font != batchFont) {
                            break; // a batch is shaped with one font
                        }
                        if (!batch.isEmpty()) {
                            const QChar prev = batch.back();
                            const QChar cur = wk[piece.p];
                            if (!((prev == QLatin1Char(' ') && cur != QLatin1Char(' ')) || (isCjk(prev.unicode()) && isCjk(cur.unicode())))) {
                                break;
                            }
                        }
                        members.push_back(j);
                        batch.append(wk + piece.p, piece.q - piece.p);
                    }
                    std::vector<int> &lengths = sc.memberLengths;
                    lengths.clear();
                    for (int k : members) {
                        lengths.push_back(pieces[k].q - pieces[k].p);
                    }
                    shapeBatch(batch, *pieceFonts[batchFont], lengths, &alone);
                    ShapeCache::Words &batchWords = *pieceWords[batchFont];
                    int offset = 0;
                    for (int k : members) {
                        ShapeCache::Piece &piece = pieces[k];
                        const QChar *key = wk + piece.p;
                        const int len = piece.q - piece.p;
                        const int at = offset;
                        offset += len;
                        if (const ShapeCache::Slot *hit = cache.find(batchWords, piece.hash, key, len)) {
                            piece.slot = *hit; // the same word earlier in this batch
                            piece.found = true;
                            continue;
                        }
                        slice(alone, at, at + len, &sliced);
                        if (verify) {
                            ShapedText own;
                            shapeText(QStringView(key, len), *pieceFonts[batchFont], &own);
                            ShapedText inChunk;
                            slice(scratch, piece.p - a, piece.q - a, &inChunk);
                            ++g_shapeCacheVerified;
                            // (A split piece's glyphs come from another engine than the chunk's
                            // fallback engine, of the same face and size: their font index differs.)
                            if (!sameShape(sliced, own) || (batchFont == 0 && !sameShape(sliced, inChunk))) {
                                ++g_shapeCacheMismatches;
                                qWarning("shaping cache: \"%s\" differs shaped alone, in its batch or in \"%s\"",
                                         qPrintable(QStringView(key, len).toString()),
                                         qPrintable(QStringView(wk + a, b - a).toString()));
                            }
                        }
                        if (const ShapeCache::Slot *stored = cache.store(batchWords, piece.hash, key, len, sliced)) {
                            piece.slot = *stored;
                            piece.found = true;
                        }
                    }
                    i = j;
                }
            }
            for (const ShapeCache::Piece &piece : pieces) {
                const int p = piece.p;
                if (!piece.found) {
                    shapeText(QStringView(wk + p, piece.q - p), *pieceFonts[piece.font], &alone);
                    place(p, alone); // too long or not exact in floats: used as is, not kept
                    continue;
                }
                const ShapeCache::Slot &e = piece.slot;
                const float *local = cache.localPool.data() + e.local;
                for (int i = 0; i <= e.len; ++i) {
                    charX[p + i] = chunkX + double(local[i]);
                }
                const ShapeCache::CGlyph *cg = cache.glyphPool.data() + e.glyphs;
                for (int g = 0; g < e.count; ++g) {
                    Glyph gl;
                    gl.font = cg[g].font;
                    gl.index = cg[g].index;
                    gl.dx = cg[g].dx;
                    gl.y = cg[g].y;
                    gl.ch = p + cg[g].ch;
                    glyphs.push_back(gl);
                }
                chunkX += double(local[e.len]);
            }
            if (!tooLong) {
                a = b;
                continue;
            }
        }
        // A chunk seen before in this paragraph (a repeated run: rows of dashes, an enormous run of
        // one letter) is not shaped again.
        const QString chunkText = work.mid(a, b - a);
        auto hit = shapedChunks.constFind(chunkText);
        if (hit == shapedChunks.constEnd()) {
            if (shapedChunks.size() > 256) {
                shapedChunks.clear();
            }
            shapeText(chunkText, style.font, &scratch);
            hit = shapedChunks.insert(chunkText, scratch);
        }
        place(a, *hit);
        a = b;
    }
    const QList<QRawFont> &fonts = cache.fonts;
    const QList<QFont> &faceFonts = cache.faceFonts;
    const auto byChar = [](const Glyph &a, const Glyph &b) {
        return a.ch < b.ch;
    };
    if (!std::is_sorted(glyphs.begin(), glyphs.end(), byChar)) {
        std::stable_sort(glyphs.begin(), glyphs.end(), byChar);
    }
    // First glyph of each character (glyphs sorted by character).
    std::vector<int> &firstGlyph = sc.firstGlyph;
    firstGlyph.assign(n + 1, -1);
    for (int g = glyphs.size() - 1; g >= 0; --g) {
        firstGlyph[glyphs.at(g).ch] = g;
    }

    // 2. Per-character measures.
    const double em = style.font.pointSizeF() * m_dpi / 72.0;
    std::vector<double> &adv = sc.adv;
    adv.assign(n, 0.0);
    std::vector<double> &gap = sc.gap; // added between i and the next character (Han-Latin space, compression)
    gap.assign(n, 0.0);
    std::vector<double> &endSqueeze = sc.endSqueeze; // what a line-final punctuation may give up
    endSqueeze.assign(n, 0.0);
    std::vector<double> &startSqueeze = sc.startSqueeze; // what a line-initial opening bracket/quote gives up
    startSqueeze.assign(n, 0.0);
    std::vector<char> &space = sc.space;
    space.assign(n, 0);
    std::vector<char> &cjk = sc.cjk;
    cjk.assign(n, 0);
    std::vector<char32_t> &cp = sc.cp;
    cp.assign(n, 0);
    for (int i = 0; i < n; ++i) {
        adv[i] = std::max(0.0, charX[i + 1] - charX[i]);
        const QChar c = text.at(i);
        char32_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < n && text.at(i + 1).isLowSurrogate()) {
            u = QChar::surrogateToUcs4(c, text.at(i + 1));
        } else if (c.isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate()) {
            u = 0; // second half
        } else if (u == 0) {
            u = 0xFFFD; // a NUL is a character of its own (0 marks a pair's second half)
        }
        cp[i] = u;
        space[i] = isSpaceChar(c) ? 1 : 0;
        cjk[i] = (u && isCjk(u)) || (!u && i > 0 && cjk[i - 1]) ? 1 : 0;
        if (c == QLatin1Char('\n')) {
            adv[i] = 0;
        }
    }
    // Ink side of each full-width punctuation mark, from its actual glyph.
    std::vector<signed char> &ink = sc.ink;
    ink.assign(n, 0);
    for (int i = 0; i < n; ++i) {
        if (!isCompressiblePunct(cp[i]) || firstGlyph[i] < 0) {
            continue;
        }
        const Glyph &g = glyphs.at(firstGlyph[i]);
        if (adv[i] < em * 0.8) {
            continue; // a proportional (Latin) quote: nothing to compress
        }
        ink[i] = inkSide(g.font, g.index, adv[i]);
    }
    for (int i = 0; i < n; ++i) {
        if (!cp[i]) {
            continue;
        }
        int j = i + 1;
        if (j < n && !cp[j]) {
            ++j; // skip the low surrogate
        }
        if (j >= n) {
            endSqueeze[i] = ink[i] < 0 ? adv[i] / 2 : 0;
            break;
        }
        // Han next to a Latin letter or digit: a quarter em (clreq 3.2.2), unless spaced already.
        if ((isHan(cp[i]) && isLatinish(cp[j])) || (isLatinish(cp[i]) && isHan(cp[j]))) {
            gap[i] += em / 4;
        }
        // Adjacent full-width punctuation: the blank half between them goes (clreq 3.1.6).
        if (ink[i] < 0 && ink[j] != 0) {
            gap[i] -= adv[i] / 2;
        } else if (ink[i] > 0 && ink[j] > 0) {
            gap[i] -= adv[i] / 2;
        } else if (ink[i] < 0 && j < n && (cp[j] == 0xFF08 || cp[j] == 0x201C || cp[j] == 0x2018 || cp[j] == 0x300A)) {
            gap[i] -= adv[i] / 2;
        }
        if (ink[i] < 0) {
            endSqueeze[i] = adv[i] / 2;
        }
    }
    for (int i = 0; i < n; ++i) {
        if (ink[i] > 0) {
            startSqueeze[i] = adv[i] / 2; // its blank left half (clreq 3.1.6: line head)
        }
    }
    // Prefix sums: width of [s, e) = P[e] - P[s] - gap[e-1].
    std::vector<double> &P = sc.P;
    P.assign(n + 1, 0.0);
    for (int i = 0; i < n; ++i) {
        P[i + 1] = P[i] + adv[i] + gap[i];
    }

    // 3. Break opportunities: ICU (UAX #14), then kinsoku.
    std::vector<char> &canBreak = sc.canBreak;
    canBreak.assign(n + 1, 0);
    std::vector<char> &mustBreak = sc.mustBreak;
    mustBreak.assign(n + 1, 0);
    {
        UErrorCode status = U_ZERO_ERROR;
        if (!m_breakIterator) {
            // One iterator per Typesetter, cloned from the process-wide one (a clone only copies
            // state).
            UBreakIterator *const prototype = lineBreakPrototype();
            m_breakIterator = prototype ? ubrk_clone(prototype, &status) : nullptr;
            if (!m_breakIterator || U_FAILURE(status)) {
                status = U_ZERO_ERROR;
                m_breakIterator = ubrk_open(UBRK_LINE, "zh", nullptr, 0, &status);
            }
        }
        auto *bi = static_cast<UBreakIterator *>(m_breakIterator);
        status = U_ZERO_ERROR;
        if (bi) {
            ubrk_setText(bi, reinterpret_cast<const UChar *>(text.utf16()), n, &status);
        }
        if (bi && U_SUCCESS(status)) {
            for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
                if (p > 0 && p <= n) {
                    canBreak[p] = 1;
                    if (ubrk_getRuleStatus(bi) >= UBRK_LINE_HARD && p < n) {
                        mustBreak[p] = 1;
                    }
                }
            }
        } else {
            for (int p = 1; p <= n; ++p) {
                canBreak[p] = space[p - 1] || cjk[p - 1] || (p < n && cjk[p]);
            }
        }
    }
    if (style.spaceBreaksOnly) {
        // Lists of names: a break only after a run of spaces or U+3000 — except the U+3000 that
        // pads a two-character name ("仇　鳌": one character on each side).
        auto ws = [&](int i) {
            return i >= 0 && i < n && (text.at(i) == QLatin1Char(' ') || text.at(i) == QChar(0x3000));
        };
        for (int p = 1; p < n; ++p) {
            bool ok = ws(p - 1) && !ws(p);
            if (ok && text.at(p - 1) == QChar(0x3000) && !ws(p - 2)) {
                int l = p - 2;
                int leftLen = 0;
                while (l >= 0 && !ws(l)) {
                    --l;
                    ++leftLen;
                }
                int r = p;
                int rightLen = 0;
                while (r < n && !ws(r)) {
                    ++r;
                    ++rightLen;
                }
                if (leftLen == 1 && rightLen == 1) {
                    ok = false;
                }
            }
            canBreak[p] = ok ? 1 : 0;
        }
        // Table rows whose cells are separated by U+3000 or runs of spaces ("Ye Chunsheng　　No. 3,
        // …　　Ye Houfang"): break between cells only, so a name is never split over two lines,
        // unless some cell is itself wider than the line.
        std::vector<char> cells(n + 1, 0);
        bool anyCell = false;
        for (int p = 1; p < n; ++p) {
            if (canBreak[p]) {
                const bool wide = text.at(p - 1) == QChar(0x3000) || (p >= 2 && ws(p - 2));
                cells[p] = wide ? 1 : 0;
                anyCell |= wide;
            }
        }
        cells[n] = 1;
        if (anyCell) {
            const double W = columnWidth - style.leftIndent - style.rightIndent - std::max(style.firstIndent, style.restIndent);
            bool fits = true;
            for (int a = 0, b = 1; b <= n && fits; ++b) {
                if (cells[b]) {
                    int c = b; // the cell without its separator
                    while (c > a && ws(c - 1)) {
                        --c;
                    }
                    fits = c <= a || P[c] - P[a] - gap[c - 1] <= W;
                    a = b;
                }
            }
            if (fits) {
                for (int p = 1; p < n; ++p) {
                    canBreak[p] = canBreak[p] && cells[p];
                }
            }
        }
    }
    for (int p = 1; p < n; ++p) {
        if (text.at(p - 1) == QLatin1Char('\n')) {
            canBreak[p] = mustBreak[p] = 1;
            continue;
        }
        if (!canBreak[p]) {
            continue;
        }
        if (!cp[p]) {
            canBreak[p] = 0; // never inside a surrogate pair
            continue;
        }
        // The first character of the next line and the last non-space one of this line.
        int q = p - 1;
        while (q > 0 && space[q]) {
            --q;
        }
        if (q >= 0 && !cp[q] && q > 0) {
            --q;
        }
        const char32_t last = q >= 0 ? cp[q] : 0;
        const char32_t first = cp[p];
        if (isNoLineStart(first) || isNoLineEnd(last)) {
            canBreak[p] = 0;
        }
        if (first == 0x2014 && cp[p - 1] != 0x2014 && !space[p - 1]) {
            canBreak[p] = 0; // a dash stays with the word before it ("grain—", "粮——")
        }
        if (cp[p - 1] == '-' && first < 0x80 && QChar::isLetterOrNumber(first)) {
            // Not after a hard hyphen: PDF readers (Poppler) take a line-final "-" for a
            // hyphenation and drop it ("Soviet-U.S." would read back as "SovietU.S.").
            canBreak[p] = 0;
        }
        if ((first == 0x2014 || first == 0x2026) && cp[p - 1] == first) {
            canBreak[p] = 0; // —— and …… stay whole
        }
    }
    canBreak[n] = 1;
    // A title that fits on one line with an em to spare (no forced break, no trailing space) is
    // one line whatever its break opportunities: no word segmentation (ICU's Chinese word
    // dictionary, ~5 ms and ~1.4 MiB the first time in a process).
    bool wordBreaksMatter = style.wordBreaks && n > 1;
    if (wordBreaksMatter && !space[n - 1]) {
        const double W = columnWidth - style.leftIndent - style.rightIndent - std::max(style.firstIndent, style.restIndent);
        wordBreaksMatter = P[n] - P[0] - gap[n - 1] > W - em;
        for (int p = 1; p < n && !wordBreaksMatter; ++p) {
            wordBreaksMatter = mustBreak[p];
        }
    }
    if (wordBreaksMatter) {
        // Titles: no break inside a Chinese word. ICU's word iterator segments Han text with its
        // dictionary; kept only if every piece between the remaining breaks still fits the measure.
        UErrorCode status = U_ZERO_ERROR;
        UBreakIterator *wb = ubrk_open(UBRK_WORD, "zh", reinterpret_cast<const UChar *>(text.utf16()), n, &status);
        if (wb && U_SUCCESS(status)) {
            std::vector<char> word(n + 1, 0);
            for (int32_t p = ubrk_first(wb); p != UBRK_DONE; p = ubrk_next(wb)) {
                if (p >= 0 && p <= n) {
                    word[p] = 1;
                }
            }
            std::vector<char> filtered = canBreak;
            for (int p = 1; p < n; ++p) {
                if (filtered[p] && !word[p] && cjk[p - 1] && cjk[p]) {
                    filtered[p] = 0;
                }
            }
            const double W = columnWidth - style.leftIndent - style.rightIndent - std::max(style.firstIndent, style.restIndent);
            bool fits = true;
            for (int a = 0, b = 1; b <= n && fits; ++b) {
                if (filtered[b]) {
                    fits = P[b] - P[a] - gap[b - 1] <= W;
                    a = b;
                }
            }
            if (fits) {
                canBreak.swap(filtered);
            }
            g_chineseWordsLoaded.store(true, std::memory_order_relaxed);
            g_chineseWordSegmentations.fetch_add(1, std::memory_order_relaxed);
        }
        if (wb) {
            ubrk_close(wb);
        }
    }

    // 4. Choose lines.
    struct LineSpan {
        int s = 0;
        int e = 0; // exclusive, trailing spaces included
        int c = 0; // end of content (trailing spaces excluded)
        bool hyphen = false;
        bool squeezeEnd = false;
        bool last = false; // last line of the paragraph or before a forced break
    };
    auto contentEnd = [&](int s, int e) {
        int c = e;
        while (c > s && space[c - 1]) {
            --c;
        }
        return c;
    };
    // Opening marks at a line head give up their blank half, except after a first-line indent.
    auto headSqueeze = [&](int s) {
        return (s == 0 && !continued && style.firstIndent > 0) || s >= n ? 0.0 : startSqueeze[s];
    };
    auto widthOf = [&](int s, int c) {
        return c > s ? P[c] - P[s] - gap[c - 1] - headSqueeze(s) : 0.0;
    };
    double hyphenWidth = 0;
    quint32 hyphenGlyph = 0;
    QRawFont hyphenFont;
    if (style.hyphenate && style.language == Language::English && !fontSlot.hyphenKnown) {
        fontSlot.hyphenKnown = true;
        // On the 72-dpi device, as the text itself: without it Qt takes the screen's resolution
        // (96 dpi offscreen), and the width kept for a line-end hyphen was 4/3 of the hyphen's, a
        // gap at the end of hyphenated lines that also changed with the screen.
        // (The first family's engine, as the fallback engine's engine 0 is: asked without the
        // fallback families, see fontFor().)
        hyphenFont = QRawFont::fromFont(QFont(fontFor(style.font, u"-\u00AD"), &m_device));
        // The soft hyphen's own glyph if the font has a distinct one: a PDF reader then maps it
        // back to U+00AD (invisible in extracted text) rather than to a real "-".
        QList<quint32> hg = hyphenFont.glyphIndexesForString(QString(QChar(0x00AD)));
        const QList<quint32> hard = hyphenFont.glyphIndexesForString(QStringLiteral("-"));
        if (hg.isEmpty() || hg.first() == 0 || (!hard.isEmpty() && hg.first() == hard.first())) {
            hg = hard;
        }
        if (!hg.isEmpty() && hg.first() != 0) {
            hyphenGlyph = hg.first();
            const QList<QPointF> ha = hyphenFont.advancesForGlyphIndexes(hg, QRawFont::UseDesignMetrics);
            hyphenWidth = ha.isEmpty() ? em / 3 : ha.first().x();
        }
        fontSlot.hyphenFont = hyphenFont;
        fontSlot.hyphenGlyph = hyphenGlyph;
        fontSlot.hyphenWidth = hyphenWidth;
    } else if (style.hyphenate && style.language == Language::English) {
        hyphenFont = fontSlot.hyphenFont;
        hyphenGlyph = fontSlot.hyphenGlyph;
        hyphenWidth = fontSlot.hyphenWidth;
    }

    // Where a line that breaks at `best` ends: the spaces after the break hang on it (they are
    // taken onto it), and a hard break character ends its line.
    auto lineEndAt = [&](int best, bool hyphen) {
        int e = best;
        while (!hyphen && e < n && space[e] && text.at(e) != QLatin1Char('\n') && !mustBreak[e]) {
            ++e;
        }
        if (!hyphen && e < n && text.at(e) == QLatin1Char('\n')) {
            ++e;
        }
        return e;
    };
    // A line ending at e is the paragraph's last or ends at a "\n": set ragged, not justified.
    auto endsParagraphLine = [&](int e) {
        return e >= n || (e > 0 && text.at(e - 1) == QLatin1Char('\n'));
    };
    auto measure = [&](int lineNo) {
        const double indent = style.leftIndent + (lineNo == 0 ? style.firstIndent : style.restIndent);
        return std::max(em, columnWidth - indent - style.rightIndent);
    };

    // 4a. Greedy: each line as full as it goes (non-justified paragraphs, and the fallback).
    auto greedyLines = [&]() {
        QList<LineSpan> lines;
        int s = 0;
        while (s < n) {
            const int lineNo = lines.size();
            const double indent = style.leftIndent + (lineNo == 0 ? style.firstIndent : style.restIndent);
            const double W = std::max(em, columnWidth - indent - style.rightIndent);
            const double eps = 0.01;
            int best = -1;
            bool squeeze = false;
            for (int p = s + 1; p <= n; ++p) {
                if (!canBreak[p]) {
                    // Past the measure already (and not in trailing spaces): no later break can fit.
                    if (!space[p - 1] && widthOf(s, p) > W + em) {
                        break;
                    }
                    continue;
                }
                const int c = contentEnd(s, p);
                const double w = widthOf(s, c);
                if (w <= W + eps) {
                    best = p;
                    squeeze = false;
                    if (mustBreak[p]) {
                        break;
                    }
                    continue;
                }
                if (c > s && w - endSqueeze[c - 1] <= W + eps) {
                    best = p; // fits by giving up the blank half of the final 。，
                    squeeze = true;
                }
                break;
            }
            LineSpan span;
            span.s = s;
            // Hyphenate the word after the break when the line would be loose (or nothing fits).
            if (hyphenGlyph && (best < 0 || (!mustBreak[best] && best < n))) {
                const int ws = best < 0 ? s : best;
                // Only words up to 60 letters are hyphenated (Hyphenator::points): look no further
                // than that, or an unbreakable run costs its whole length on every line.
                int we = ws;
                const int wordLimit = std::min(n, ws + 61);
                while (we < wordLimit && cp[we] < 0x80 && QChar::isLetter(cp[we])) {
                    ++we;
                }
                const bool wordEndsOk = we == n || !(cp[we] < 0x80 && QChar::isLetterOrNumber(cp[we]));
                double looseness = 1e9;
                if (best >= 0) {
                    const int c = contentEnd(s, best);
                    int spaces = 0;
                    for (int k = s; k < c; ++k) {
                        spaces += space[k];
                    }
                    looseness = spaces > 0 ? (W - widthOf(s, c)) / spaces : W - widthOf(s, c);
                }
                if (wordEndsOk && we - ws >= 5 && looseness > em * 0.22) {
                    // The dictionary is loaded on first use (or ahead, by preloadHyphenation()).
                    const quint64 pts = cache.hyphenPoints(QStringView(text).mid(ws, we - ws));
                    for (int k = 63; k > 0; --k) {
                        if (!(pts & (quint64(1) << k))) {
                            continue;
                        }
                        const int h = ws + k;
                        if (widthOf(s, h) + hyphenWidth <= W + eps) {
                            best = h;
                            span.hyphen = true;
                            squeeze = false;
                            break;
                        }
                    }
                }
            }
            if (best < 0) {
                // Nothing fits: break at the last character boundary that does (at least one).
                int p = s + 1;
                if (p < n && !cp[p]) {
                    ++p;
                }
                best = p;
                for (int q = p + 1; q <= n; ++q) {
                    if (q < n && !cp[q]) {
                        continue;
                    }
                    if (widthOf(s, q) > W + eps) {
                        break;
                    }
                    best = q;
                }
                squeeze = false;
            }
            const int e = lineEndAt(best, span.hyphen);
            span.e = e;
            span.c = span.hyphen ? e : contentEnd(s, e);
            span.squeezeEnd = squeeze;
            span.last = endsParagraphLine(e);
            lines.append(span);
            s = e;
        }
        return lines;
    };

    // 4b. Total fit (Knuth & Plass, "Breaking Paragraphs into Lines", 1981) for justified
    // paragraphs: the lines are chosen together, minimising the sum of their demerits, so that a
    // loose line is avoided by setting the lines before it a little tighter or looser.
    // A line's adjustment ratio r is the room left divided by its stretchability (word spaces may
    // grow by kSpaceStretch of their width, each gap next to Han by kCjkStretch em) or, when it is
    // too long, by its shrinkability (word spaces may lose kSpaceShrink of their width, after a
    // line-final 。，has given up its blank half, as before). badness = 100 |r|^3; demerits =
    // (kLinePenalty + badness)^2 (+ kHyphenPenalty^2 for a hyphenated line), plus
    // kDoubleHyphenDemerits for two hyphenated lines in a row (kHyphenLadderDemerits more for a
    // third), kFinalHyphenDemerits for a hyphen on the line before the last, kAdjDemerits when
    // adjacent lines are of fitness classes (tight, decent, loose, very loose) more than one apart.
    // The last line (and one before a "\n") is set ragged: no badness if it fits. Lines looser than
    // kTolerance are not feasible; when that leaves no way through the paragraph, an emergency pass
    // allows any looseness; when a piece between two break opportunities is wider than the measure
    // (or nothing works), the greedy lines are used. Break candidates are ICU's (after kinsoku) and,
    // in English, the hyphenation points of the words that could end a line (libhyphen is asked
    // only for those: about a quarter of the words). Active nodes are dropped once their line is too
    // long, and a candidate looks only at the nodes whose line is not too loose, so the cost is
    // about the candidates per line times the length.
    constexpr double kSpaceStretch = 0.5;
    constexpr double kSpaceShrink = 0.2;
    constexpr double kCjkStretch = 0.05;
    constexpr double kLinePenalty = 10;
    constexpr double kHyphenPenalty = 100;
    constexpr double kDoubleHyphenDemerits = 30000;
    constexpr double kHyphenLadderDemerits = 1e6; // a third hyphenated line in a row (as bad as r ~ 2.2)
    constexpr double kFinalHyphenDemerits = 30000;
    constexpr double kAdjDemerits = 10000;
    constexpr double kTolerance = 2; // spaces up to 1 + kTolerance * kSpaceStretch = 2x natural
    constexpr double kHyphenTolerance = 1; // a word is hyphenated when a hyphen could give r <= this
    constexpr double kEmergencyHyphenTolerance = 8;
    // Justification slots (as in 5.): word spaces and gaps next to Han, not inside a surrogate pair,
    // not inside a compressed punctuation pair. Prefix sums: natural width of the slot spaces and
    // count of the Han slots before k.
    auto isSlot = [&](int k) {
        return k + 1 < n && cp[k + 1] != 0 && (space[k] || ((cjk[k] || cjk[k + 1]) && gap[k] >= 0));
    };
    bool wantTotalFit = style.align == ParaAlign::Justify && lineBreaking() == LineBreaking::TotalFit && n > 0;
    if (wantTotalFit) {
        // A piece between two break opportunities wider than any line (junk, a long URL): no
        // total fit exists; the greedy lines break it at the measure.
        const double widest = std::max(measure(0), measure(1));
        for (int a = 0, b = 1; b <= n; ++b) {
            if (canBreak[b]) {
                const int c = contentEnd(a, b);
                if (c > a && P[c] - P[a] - gap[c - 1] > widest + em) {
                    wantTotalFit = false;
                    break;
                }
                a = b;
            }
        }
    }
    std::vector<double> &slotSpaceW = sc.slotSpaceW;
    std::vector<int> &slotCjk = sc.slotCjk;
    slotSpaceW.clear();
    slotCjk.clear();
    if (wantTotalFit) {
        slotSpaceW.assign(n + 1, 0.0);
        slotCjk.assign(n + 1, 0);
        for (int k = 0; k < n; ++k) {
            const bool sl = isSlot(k);
            slotSpaceW[k + 1] = slotSpaceW[k] + (sl && space[k] ? adv[k] : 0.0);
            slotCjk[k + 1] = slotCjk[k] + (sl && !space[k] ? 1 : 0);
        }
    }
    // Slots of the line [s, c) are k in [s, c - 1).
    auto stretchOf = [&](int s, int c) {
        return c - 1 <= s ? 0.0 : kSpaceStretch * (slotSpaceW[c - 1] - slotSpaceW[s]) + kCjkStretch * em * (slotCjk[c - 1] - slotCjk[s]);
    };
    auto shrinkOf = [&](int s, int c) {
        return c - 1 <= s ? 0.0 : kSpaceShrink * (slotSpaceW[c - 1] - slotSpaceW[s]);
    };
    const auto asciiLetter = [](char32_t u) {
        return u < 0x80 && QChar::isLetter(u);
    };
    std::vector<char> &hyphenAt = sc.hyphenAt; // a hyphenation point (the line ends with a hyphen before it)
    std::vector<char> &hyphenAsked = sc.hyphenAsked; // word start whose points were looked up
    hyphenAt.clear();
    hyphenAsked.clear();
    if (wantTotalFit && hyphenGlyph) {
        hyphenAt.assign(n + 1, 0);
        hyphenAsked.assign(n + 1, 0);
    }

    struct FitNode {
        int start = 0; // the next line starts here
        int prev = -1; // node before (-1: this is the paragraph's start)
        int fitness = 1;
        int hyphens = 0; // hyphenated lines in a row ending here
        double total = 0; // demerits up to here
        LineSpan line; // the line that ends here
    };
    auto totalFit = [&](double tolerance, QList<LineSpan> *result) -> bool {
        const bool emergency = tolerance > kTolerance;
        const double hyphenTolerance = emergency ? kEmergencyHyphenTolerance : kHyphenTolerance;
        std::vector<FitNode> nodes;
        nodes.reserve(std::min(n, 1 << 16) / 4 + 16);
        nodes.push_back(FitNode{});
        std::deque<int> active{0};
        int bestFinal = -1;
        const double eps = 0.01;
        const double firstW = measure(0);
        const double restW = measure(1);
        auto widthFor = [&](int a) {
            return a == 0 ? firstW : restW;
        };
        // Drops the oldest nodes whose line would already be too long at content end c (the
        // active nodes are in text order, the oldest has the longest line). An em of margin for a
        // line-final squeeze and the hyphen.
        auto dropTooLong = [&](int c) {
            while (!active.empty()) {
                const int s = nodes[active.front()].start;
                if (c > s && widthOf(s, c) - shrinkOf(s, c) > widthFor(active.front()) + em) {
                    active.pop_front();
                } else {
                    break;
                }
            }
        };
        for (int p = 1; p <= n; ++p) {
            // A word starting at ws = p - 1: look up its hyphenation points if a hyphen in it could
            // end a line from some active node.
            const int ws = p - 1;
            if (!hyphenAt.empty() && !hyphenAsked[ws] && asciiLetter(cp[ws]) && (ws == 0 || !asciiLetter(cp[ws - 1]))) {
                int we = ws;
                const int wordLimit = std::min(n, ws + 61);
                while (we < wordLimit && asciiLetter(cp[we])) {
                    ++we;
                }
                const char32_t before = ws > 0 ? cp[ws - 1] : U' ';
                const bool startsOk =
                    ws == 0 || space[ws - 1] || before == '(' || before == '[' || before == '"' || before == '\'' || before == 0x201C || before == 0x2018;
                // The first part of a hard-hyphenated compound ("dou-ble-wheel") only when nothing
                // else works (a break after its hyphen is not allowed: see 3.).
                const bool endsOk = we == n || (!(cp[we] < 0x80 && QChar::isLetterOrNumber(cp[we])) && (cp[we] != '-' || emergency));
                if (we - ws >= 5 && startsOk && endsOk) {
                    bool wanted = false;
                    for (int a : active) {
                        const int s = nodes[a].start;
                        const double W = widthFor(a);
                        if (s <= ws && widthOf(s, ws) - shrinkOf(s, ws) <= W + eps && widthOf(s, we) + hyphenWidth + hyphenTolerance * stretchOf(s, we) >= W) {
                            wanted = true;
                            break;
                        }
                    }
                    if (wanted) {
                        hyphenAsked[ws] = 1;
                        const quint64 pts = cache.hyphenPoints(QStringView(text).mid(ws, we - ws));
                        for (int k = 1; k < 64; ++k) {
                            if (pts & (quint64(1) << k)) {
                                hyphenAt[ws + k] = 1;
                            }
                        }
                    }
                }
            }
            const bool brk = canBreak[p] != 0;
            const bool hyp = !brk && !hyphenAt.empty() && hyphenAt[p];
            if (!space[p - 1]) {
                dropTooLong(p);
            }
            if (active.empty()) {
                return false; // nothing fits (a word wider than the measure)
            }
            if (!brk && !hyp) {
                continue;
            }
            const int e = hyp ? p : lineEndAt(p, false);
            const bool last = !hyp && endsParagraphLine(e);
            const bool forced = !hyp && (last || mustBreak[p] || p == n);
            const int contentEndP = hyp ? p : contentEnd(0, p);
            double bestTotal[4];
            int bestFrom[4];
            LineSpan bestLine[4];
            std::fill(std::begin(bestTotal), std::end(bestTotal), std::numeric_limits<double>::infinity());
            std::fill(std::begin(bestFrom), std::end(bestFrom), -1);
            // The nodes of one position (one per fitness class) share the line's geometry: it is
            // measured once for them.
            int groupStart = -1;
            bool groupSkip = false;
            int c = 0;
            bool squeeze = false;
            double badness = 0;
            int fit = 1;
            for (int a : active) {
                const FitNode &A = nodes[a];
                const int s = A.start;
                if (s != groupStart) {
                    groupStart = s;
                    groupSkip = true;
                    const double W = widthFor(a);
                    c = hyp ? p : std::max(s, contentEndP);
                    if (c <= s && !forced) {
                        continue; // a line of spaces only
                    }
                    double w = widthOf(s, c) + (hyp ? hyphenWidth : 0.0);
                    squeeze = false;
                    if (w > W + eps && !hyp && c > s && endSqueeze[c - 1] > 0) {
                        w -= endSqueeze[c - 1];
                        squeeze = true;
                    }
                    badness = 0;
                    fit = 1;
                    if (last) {
                        if (w > W + eps) {
                            continue;
                        }
                    } else {
                        const double room = W - w;
                        double r = 0;
                        if (room > eps) {
                            const double st = stretchOf(s, c);
                            r = st > 0 ? room / st : 1e6;
                            if (r > tolerance && !forced) {
                                break; // the later nodes' lines are shorter still
                            }
                        } else if (room < -eps) {
                            const double sh = shrinkOf(s, c);
                            r = sh > 0 ? room / sh : -1e6;
                            if (r < -1) {
                                continue; // too long
                            }
                        }
                        // Not capped at 10000 as in TeX: the emergency pass still prefers the least loose.
                        badness = std::min(100.0 * std::abs(r * r * r), 1e8);
                        fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
                    }
                    groupSkip = false;
                }
                if (groupSkip) {
                    continue;
                }
                double d = (kLinePenalty + badness) * (kLinePenalty + badness);
                if (hyp) {
                    d += kHyphenPenalty * kHyphenPenalty;
                    if (A.line.hyphen) {
                        d += kDoubleHyphenDemerits;
                    }
                    if (A.hyphens >= 2) {
                        d += kHyphenLadderDemerits;
                    }
                }
                if (last && A.line.hyphen) {
                    d += kFinalHyphenDemerits;
                }
                if (std::abs(fit - A.fitness) > 1) {
                    d += kAdjDemerits;
                }
                const double total = A.total + d;
                if (total < bestTotal[fit]) {
                    bestTotal[fit] = total;
                    bestFrom[fit] = a;
                    bestLine[fit] = LineSpan{s, e, hyp ? e : c, hyp, squeeze, last};
                }
            }
            if (forced) {
                active.clear(); // no line goes past a forced break
            }
            const double minTotal = *std::min_element(std::begin(bestTotal), std::end(bestTotal));
            for (int f = 0; f < 4; ++f) {
                if (bestFrom[f] < 0 || bestTotal[f] > minTotal + kAdjDemerits) {
                    continue;
                }
                FitNode node;
                node.start = e;
                node.prev = bestFrom[f];
                node.fitness = f;
                node.hyphens = bestLine[f].hyphen ? nodes[bestFrom[f]].hyphens + 1 : 0;
                node.total = bestTotal[f];
                node.line = bestLine[f];
                nodes.push_back(node);
                const int id = int(nodes.size()) - 1;
                if (e >= n) {
                    if (bestFinal < 0 || node.total < nodes[bestFinal].total) {
                        bestFinal = id;
                    }
                } else {
                    active.push_back(id);
                }
            }
            if (active.empty()) {
                if (bestFinal >= 0) {
                    break;
                }
                return false;
            }
        }
        if (bestFinal < 0) {
            return false;
        }
        QList<LineSpan> chosen;
        for (int k = bestFinal; k > 0; k = nodes[k].prev) {
            chosen.append(nodes[k].line);
        }
        std::reverse(chosen.begin(), chosen.end());
        *result = std::move(chosen);
        return true;
    };

    QList<LineSpan> lines;
    bool greedy = true;
    bool emergency = false;
    if (wantTotalFit && totalFit(kTolerance, &lines)) {
        greedy = false;
    } else if (wantTotalFit && totalFit(std::numeric_limits<double>::infinity(), &lines)) {
        greedy = false;
        emergency = true;
    }
    if (greedy) {
        lines = greedyLines();
    }

    // 5. Position glyphs and boxes.
    if (!fontSlot.measured) {
        metrics(style.font, &fontSlot.ascent, &fontSlot.descent);
        fontSlot.measured = true;
    }
    const double ascent = fontSlot.ascent;
    const double descent = fontSlot.descent;
    const double boxHeight = std::min(ascent + descent, style.pitch);
    const double scale = boxHeight / std::max(1e-6, ascent + descent);
    const double boxAscent = ascent * scale;
    const double baseline = (style.pitch - boxHeight) / 2 + boxAscent;
    const double top = baseline - boxAscent;

    QList<TypesetLine> out;
    out.reserve(lines.size());
    std::vector<double> &X = sc.X;
    X.assign(n + 1, 0.0);
    std::vector<double> &extraAfter = sc.extraAfter;
    extraAfter.assign(n, 0.0);
    for (int li = 0; li < lines.size(); ++li) {
        const LineSpan &L = lines.at(li);
        const double indent = style.leftIndent + (li == 0 ? style.firstIndent : style.restIndent);
        const double W = std::max(em, columnWidth - indent - style.rightIndent);
        double natural = widthOf(L.s, L.c) + (L.hyphen ? hyphenWidth : 0) - (L.squeezeEnd && L.c > L.s ? endSqueeze[L.c - 1] : 0);
        double offset = 0;
        for (int k = L.s; k < L.e; ++k) {
            extraAfter[k] = 0;
        }
        const double room = W - natural;
        if (style.align == ParaAlign::Justify && !L.last && !greedy && std::abs(room) > 0.01) {
            // Total fit: the room goes into each slot in proportion to its stretchability (word
            // spaces by their width, gaps next to Han alike); a line that is too long takes it
            // from its word spaces.
            double total = 0;
            for (int k = L.s; k < L.c - 1; ++k) {
                if (isSlot(k)) {
                    total += room > 0 ? (space[k] ? kSpaceStretch * adv[k] : kCjkStretch * em) : (space[k] ? adv[k] : 0.0);
                }
            }
            if (total > 0) {
                for (int k = L.s; k < L.c - 1; ++k) {
                    if (isSlot(k)) {
                        const double part = room > 0 ? (space[k] ? kSpaceStretch * adv[k] : kCjkStretch * em) : (space[k] ? adv[k] : 0.0);
                        extraAfter[k] = room * part / total;
                    }
                }
                natural = W;
            }
        } else if (style.align == ParaAlign::Justify && !L.last && room > 0.01) {
            // Stretch goes into word spaces and between characters next to Han (not inside a
            // surrogate pair, not into a compressed punctuation pair).
            auto slot = [&](int k) {
                return cp[k + 1] != 0 && (space[k] || ((cjk[k] || cjk[k + 1]) && gap[k] >= 0));
            };
            int slots = 0;
            for (int k = L.s; k < L.c - 1; ++k) {
                slots += slot(k) ? 1 : 0;
            }
            if (slots > 0) {
                const double each = room / slots;
                for (int k = L.s; k < L.c - 1; ++k) {
                    if (slot(k)) {
                        extraAfter[k] = each;
                    }
                }
                natural = W;
            }
        } else if (style.align == ParaAlign::Center) {
            offset = std::max(0.0, room / 2);
        } else if (style.align == ParaAlign::Right) {
            offset = std::max(0.0, room);
        }
        const double left = indent + offset;
        const double right = indent + W;
        double x = left;
        const double head = L.c > L.s ? headSqueeze(L.s) : 0.0;
        for (int k = L.s; k < L.e; ++k) {
            X[k] = std::min(x, right);
            if (k < L.c) {
                double a = adv[k] - (k == L.s ? head : 0.0);
                if (k == L.c - 1 && L.squeezeEnd) {
                    a -= endSqueeze[k];
                }
                x += a + (k < L.c - 1 ? gap[k] + extraAfter[k] : 0);
            }
        }
        X[L.e] = std::min(x, right);
        if (style.align == ParaAlign::Justify && g_observing.load(std::memory_order_relaxed)) {
            JustifiedLineInfo info;
            info.language = style.language;
            info.last = L.last;
            info.hyphen = L.hyphen;
            info.afterHyphen = li > 0 && lines.at(li - 1).hyphen;
            info.afterTwoHyphens = info.afterHyphen && li > 1 && lines.at(li - 2).hyphen;
            info.beforeLast = li + 1 < lines.size() && lines.at(li + 1).last;
            info.greedy = greedy;
            info.emergency = emergency;
            double sum = 0;
            double cjkSum = 0;
            int cjkSlots = 0;
            for (int k = L.s; k < L.c - 1; ++k) {
                if (!isSlot(k)) {
                    continue;
                }
                if (space[k] && adv[k] > 0) {
                    const double ratio = (adv[k] + extraAfter[k]) / adv[k];
                    ++info.wordSpaces;
                    sum += ratio;
                    info.maxSpaceRatio = info.wordSpaces == 1 ? ratio : std::max(info.maxSpaceRatio, ratio);
                } else if (!space[k]) {
                    cjkSum += extraAfter[k];
                    ++cjkSlots;
                }
            }
            info.spaceRatio = info.wordSpaces > 0 ? sum / info.wordSpaces : 1.0;
            info.cjkExtra = cjkSlots > 0 ? cjkSum / cjkSlots / em : 0.0;
            reportLine(info);
        }

        TypesetLine tl;
        tl.pitch = style.pitch;
        tl.length = L.e - L.s;
        // Glyph runs: consecutive glyphs of one font.
        // (Collected in reused vectors, then copied once into lists of the exact size.)
        int runFont = -1;
        std::vector<quint32> &runIdx = sc.runIdx;
        std::vector<QPointF> &runPos = sc.runPos;
        runIdx.clear();
        runPos.clear();
        bool emptyRun = false;
        auto flush = [&]() {
            if (runFont >= 0 && !runIdx.empty() && measureOnly) {
                // (the rect placeLine() unites, as QGlyphRun::boundingRect() gives it back)
                const double rx0 = runPos.front().x();
                const double rx1 = runPos.back().x() + em;
                const QRectF rect(rx0, top, rx1 - rx0, boxHeight);
                emptyRun = emptyRun || rect.isEmpty(); // (a QGlyphRun would measure its glyphs)
                tl.runRects.append(rect);
            } else if (runFont >= 0 && !runIdx.empty()) {
                QGlyphRun r;
                r.setRawFont(fonts.at(runFont));
                r.setGlyphIndexes(QList<quint32>(runIdx.cbegin(), runIdx.cend()));
                r.setPositions(QList<QPointF>(runPos.cbegin(), runPos.cend()));
                const double rx0 = runPos.front().x();
                const double rx1 = runPos.back().x() + em;
                r.setBoundingRect(QRectF(rx0, top, rx1 - rx0, boxHeight));
                GlyphItem item;
                item.run = std::move(r);
                item.color = style.color;
                item.font = faceFonts.at(runFont);
                item.pixelSize = fonts.at(runFont).pixelSize();
                tl.glyphs.append(std::move(item));
            }
            runIdx.clear();
            runPos.clear();
        };
        const int g0 = L.s < n ? firstGlyph[L.s] : -1;
        if (g0 >= 0) {
            for (int g = g0; g < int(glyphs.size()) && glyphs[g].ch < L.c; ++g) {
                const Glyph &gl = glyphs.at(g);
                if (space[gl.ch] && text.at(gl.ch) == QLatin1Char('\n')) {
                    continue;
                }
                if (gl.font != runFont) {
                    flush();
                    runFont = gl.font;
                }
                runIdx.push_back(gl.index);
                runPos.push_back(QPointF(X[gl.ch] + gl.dx - (gl.ch == L.s ? head : 0.0), baseline + gl.y));
            }
        }
        flush();
        if (emptyRun) {
            return typesetFine(text, paraStyle, columnWidth, endMark, continued, false);
        }
        if (L.hyphen && measureOnly) {
            tl.runRects.append(QRectF(X[L.c], top, hyphenWidth, boxHeight));
        } else if (L.hyphen) {
            QGlyphRun r;
            r.setRawFont(hyphenFont);
            r.setGlyphIndexes({hyphenGlyph});
            r.setPositions({QPointF(X[L.c], baseline)});
            r.setBoundingRect(QRectF(X[L.c], top, hyphenWidth, boxHeight));
            GlyphItem item;
            item.run = r;
            item.color = style.color;
            item.font = faceFont(hyphenFont);
            item.pixelSize = hyphenFont.pixelSize();
            tl.glyphs.append(item);
        }
        if (measureOnly) {
            // the boxes below, counted (with the units placeLine() reads off the text for them)
            int count = 0;
            int units = 0;
            for (int k = L.s; k < L.e; ++k) {
                const int step = (k + 1 < L.e && !cp[k + 1]) ? 2 : 1;
                const QChar *u = text.constData() + k;
                const char32_t c = step == 2 && u[0].isHighSurrogate() && u[1].isLowSurrogate() ? QChar::surrogateToUcs4(u[0], u[1]) : char32_t(u[0].unicode());
                units += c == u'\n' ? 0 : (QChar::requiresSurrogates(c) ? 2 : 1);
                ++count;
                k += step - 1;
            }
            if (li == lines.size() - 1 && endMark) {
                ++count;
            }
            tl.boxCount = count;
            tl.boxUnits = units;
            tl.boxTop = top;
            tl.boxHeight = boxHeight;
            out.append(std::move(tl));
            continue;
        }
        // Boxes, one per character (surrogate pairs share one).
        tl.boxes.reserve(L.e - L.s + 1);
        tl.boxTop = top;
        tl.boxHeight = boxHeight;
        for (int k = L.s; k < L.e; ++k) {
            const int step = (k + 1 < L.e && !cp[k + 1]) ? 2 : 1;
            double x0 = X[k];
            double x1;
            if (k >= L.c) {
                x1 = x0; // hanging space at the line end
            } else {
                double a = adv[k] + (step == 2 ? adv[k + 1] : 0) - (k == L.s ? head : 0.0);
                if (k + step == L.c && L.squeezeEnd) {
                    a -= endSqueeze[k];
                }
                x1 = x0 + a + (space[k] ? extraAfter[k] : 0);
            }
            x0 = std::clamp(x0, indent, right);
            x1 = std::clamp(x1, x0, right);
            tl.boxes.push_back(LineBox{float(x0), float(x1 - x0), k, step});
            k += step - 1;
        }
        if (li == lines.size() - 1 && endMark) {
            const double xe = tl.boxes.empty() ? left : tl.boxes.back().x + tl.boxes.back().width;
            tl.boxes.push_back(LineBox{float(xe), 0, -1, 0});
        }
        out.append(std::move(tl));
    }
    if (n > ShapeCache::kKeepScratch) {
        sc = ShapeCache::Scratch(); // a huge paragraph's arrays are not kept
    }
    return out;
}

} // namespace Okb::Detail
