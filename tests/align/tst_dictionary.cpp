// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The CC-CEDICT cache: an image of the lexicon used in place from a read-only mapping. A mapped
// dictionary must answer every lookup exactly as a freshly parsed one; a damaged, stale or foreign
// cache file is ignored and rebuilt; damage that the header check cannot see (the tables
// themselves) must never make a lookup read outside the image or loop for ever.

#include "align/dictionary.h"
#include "parse/articleparser.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace Okb;

namespace
{
// Fields of the image header (8 bytes each), as dictionary.cpp lays it out.
enum HeaderField {
    Magic = 0,
    Version = 1,
    ByteOrder = 2,
    Tag = 7,
    BlocksOffset = 8,
    BlockUnits = 9,
    FirstOffset = 10,
    TotalSize = 15,
};

quint64 headerField(const QByteArray &image, int field)
{
    quint64 v = 0;
    memcpy(&v, image.constData() + field * 8, 8);
    return v;
}

void setHeaderField(QByteArray &image, int field, quint64 v)
{
    memcpy(image.data() + field * 8, &v, 8);
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool sameGlosses(HashLexicon::Glosses a, HashLexicon::Glosses b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
} // namespace

class TestDictionary : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_path; // the system CC-CEDICT
    std::shared_ptr<ChineseEnglishDictionary> m_parsed;
    QStringList m_words; // every form the dictionary's index lists (traditional and simplified)
    QStringList m_texts; // the Chinese text of every sample article

    // Every word and every scan position of the samples: `have` answers exactly as `want`.
    void compareAll(const HashLexicon &want, const HashLexicon &have, int step = 1)
    {
        QCOMPARE(have.size(), want.size());
        QCOMPARE(have.maxWordLength(), want.maxWordLength());
        int found = 0;
        for (int i = 0; i < m_words.size(); i += step) {
            const QString &w = m_words.at(i);
            const HashLexicon::Glosses a = want.find(w);
            const HashLexicon::Glosses b = have.find(w);
            if (!sameGlosses(a, b)) {
                QFAIL(qPrintable(u"find(%1): %2 glosses, expected %3"_s.arg(w).arg(b.size()).arg(a.size())));
            }
            found += a.empty() ? 0 : 1;
            // a word with one more character: mostly no such word
            const QString longer = w + w.at(0);
            if (!sameGlosses(want.find(longer), have.find(longer))) {
                QFAIL(qPrintable(u"find(%1) differs"_s.arg(longer)));
            }
        }
        QVERIFY(found > 100000 / step);
        int matched = 0;
        for (const QString &t : std::as_const(m_texts)) {
            for (int pos = 0; pos < t.size(); ++pos) {
                for (int maxLength : {8, 2}) {
                    HashLexicon::Glosses a;
                    HashLexicon::Glosses b;
                    const int la = want.longestMatch(t, pos, maxLength, &a);
                    const int lb = have.longestMatch(t, pos, maxLength, &b);
                    if (la != lb || (la > 0 && !sameGlosses(a, b))) {
                        QFAIL(qPrintable(u"longestMatch(%1, %2, %3): %4, expected %5"_s.arg(t.mid(pos, 8)).arg(pos).arg(maxLength).arg(lb).arg(la)));
                    }
                    matched += la > 1 ? 1 : 0;
                }
            }
        }
        QVERIFY(matched > 10000);
    }

    // Every lookup on a lexicon made from a damaged image: the answers may be wrong, but each
    // span lies inside the image and every call returns.
    void exerciseDamaged(const HashLexicon &lex)
    {
        const char *begin = lex.imageData();
        const char *end = begin + lex.imageSize();
        const auto inside = [begin, end](HashLexicon::Glosses g) {
            return g.empty() || (reinterpret_cast<const char *>(g.data()) >= begin && reinterpret_cast<const char *>(g.data() + g.size()) <= end);
        };
        for (int i = 0; i < m_words.size(); i += 7) {
            QVERIFY(inside(lex.find(m_words.at(i))));
        }
        for (const QString &t : std::as_const(m_texts)) {
            for (int pos = 0; pos < t.size(); ++pos) {
                HashLexicon::Glosses g;
                const int l = lex.longestMatch(t, pos, 8, &g);
                QVERIFY(l >= 0 && l <= 8);
                QVERIFY(l == 0 || inside(g));
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // all cache files of this test in a temporary folder (QStandardPaths reads it per call)
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_tmp.filePath(u"cache"_s)));
        qunsetenv("OKB_NO_DICTIONARY_CACHE");
        m_path = ChineseEnglishDictionary::systemPath();
        QVERIFY2(!m_path.isEmpty(), "dict-cc-cedict is part of the development environment");
        QVERIFY(ChineseEnglishDictionary::cacheFileFor(m_path).startsWith(m_tmp.path()));
        m_parsed = ChineseEnglishDictionary::load(m_path);
        QVERIFY(m_parsed->isLoaded());
        QVERIFY(!m_parsed->lexicon().isImage());

        // dictd index lines: "key \t offset \t length \t traditional|simplified"
        QString index = m_path;
        index.replace(QRegularExpression(u"\\.dict(\\.dz)?$"_s), u".index"_s);
        QFile f(index);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(index));
        QSet<QString> words;
        while (!f.atEnd()) {
            const QList<QByteArray> cols = f.readLine().trimmed().split('\t');
            if (cols.size() >= 4) {
                for (const QByteArray &form : cols.at(3).split('|')) {
                    if (!form.isEmpty()) {
                        words.insert(QString::fromUtf8(form));
                    }
                }
            }
        }
        m_words = words.values();
        m_words.sort();
        QVERIFY(m_words.size() > 150000);

        const QDir samples(QStringLiteral(OKB_TEST_DATA_DIR "/samples"));
        for (const QString &name : samples.entryList({u"*.txt"_s, u"*.md"_s}, QDir::Files)) {
            const ParseResult r = parseArticleFile(samples.filePath(name));
            if (!r.ok) {
                continue;
            }
            for (const Block &b : r.article.chinese) {
                m_texts << b.text;
            }
        }
        QVERIFY(m_texts.size() > 100);
    }

    // shared() finds its cache under $XDG_CACHE_HOME; a file of random bytes there is replaced
    // by a sound image, which the dictionary then uses in place.
    void sharedReplacesAGarbageCache()
    {
        const QString cacheFile = ChineseEnglishDictionary::cacheFileFor(m_path);
        QVERIFY(QDir().mkpath(QFileInfo(cacheFile).absolutePath()));
        QByteArray garbage(1 << 20, '\0');
        QRandomGenerator rng(7);
        rng.fillRange(reinterpret_cast<quint32 *>(garbage.data()), garbage.size() / 4);
        QVERIFY(writeFile(cacheFile, garbage));

        const auto d = ChineseEnglishDictionary::shared(m_path);
        QVERIFY(d->isLoaded());
        if (qgetenv("OKB_DICTIONARY_ACCESS") == "read") {
            QVERIFY(d->lexicon().isReadOnDemand());
        } else {
            QVERIFY(d->lexicon().isMapped()); // the default
        }
        compareAll(m_parsed->lexicon(), d->lexicon(), 3);
        ChineseEnglishDictionary::releaseSharedPages(); // pages given back: mapped again as needed
        compareAll(m_parsed->lexicon(), d->lexicon(), 3);
        HashLexicon reread;
        QVERIFY(reread.mapFile(cacheFile));
        QCOMPARE(reread.size(), m_parsed->size());
    }

    // A mapped dictionary answers every lookup as a parsed one: right after writing its cache,
    // and in a later load that only maps the file (which it then does not rewrite).
    void mappedMatchesParsed()
    {
        const QString cacheFile = m_tmp.filePath(u"cache/match.bin"_s);
        const auto first = ChineseEnglishDictionary::loadCached(m_path, cacheFile);
        QVERIFY(first->isLoaded());
        QVERIFY(first->lexicon().isImage());
        compareAll(m_parsed->lexicon(), first->lexicon());
        const QByteArray written = readFile(cacheFile);
        QCOMPARE(headerField(written, TotalSize), quint64(written.size()));

        {
            QFile f(cacheFile);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(f.setFileTime(QDateTime(QDate(2001, 1, 1), QTime(0, 0)), QFileDevice::FileModificationTime));
        }
        QElapsedTimer t;
        t.start();
        const auto again = ChineseEnglishDictionary::loadCached(m_path, cacheFile);
        qInfo("loading the dictionary from its cache: %.2f ms", t.nsecsElapsed() / 1e6);
        QVERIFY(again->lexicon().isImage());
        QCOMPARE(QFileInfo(cacheFile).lastModified(), QDateTime(QDate(2001, 1, 1), QTime(0, 0))); // used, not rewritten
        compareAll(m_parsed->lexicon(), again->lexicon());

        // the same image read into memory instead of mapped
        HashLexicon inMemory;
        QBuffer buf;
        buf.setData(written);
        QVERIFY(buf.open(QIODevice::ReadOnly));
        QVERIFY(inMemory.readFrom(&buf));
        QVERIFY(inMemory.isImage() && !inMemory.isMapped());
        compareAll(m_parsed->lexicon(), inMemory, 5);

        // mapped, and read page by page on demand
        HashLexicon mapped;
        QVERIFY(mapped.mapFile(cacheFile));
        QVERIFY(mapped.isMapped());
        compareAll(m_parsed->lexicon(), mapped, 5);
        mapped.releasePages();
        compareAll(m_parsed->lexicon(), mapped, 7);
        HashLexicon onDemand;
        QVERIFY(onDemand.readFileOnDemand(cacheFile));
        QVERIFY(onDemand.isReadOnDemand());
        compareAll(m_parsed->lexicon(), onDemand, 5);
    }

    void damagedCacheIsRebuilt_data()
    {
        QTest::addColumn<QString>("damage");
        for (const char *d : {"empty",
                              "header only",
                              "cut to half",
                              "cut by one byte",
                              "one byte more",
                              "random bytes",
                              "wrong magic",
                              "wrong version",
                              "wrong byte order",
                              "stale glosses",
                              "huge count",
                              "offsets off",
                              "table keys lost"}) {
            QTest::newRow(d) << QString::fromLatin1(d);
        }
    }

    // A cache file that is cut, garbage, from another format or from a build that derived gloss
    // ids differently is not used: the dictionary is parsed and the file written anew.
    void damagedCacheIsRebuilt()
    {
        QFETCH(QString, damage);
        const QString cacheFile = m_tmp.filePath(u"cache/damaged.bin"_s);
        QFile::remove(cacheFile);
        QVERIFY(ChineseEnglishDictionary::loadCached(m_path, cacheFile)->lexicon().isImage());
        const QByteArray good = readFile(cacheFile);
        QVERIFY(good.size() > 1000000);
        QByteArray bad = good;
        if (damage == u"empty"_s) {
            bad.clear();
        } else if (damage == u"header only"_s) {
            bad.truncate(int(headerField(good, BlocksOffset)));
        } else if (damage == u"cut to half"_s) {
            bad.truncate(good.size() / 2);
        } else if (damage == u"cut by one byte"_s) {
            bad.chop(1);
        } else if (damage == u"one byte more"_s) {
            bad.append('x');
        } else if (damage == u"random bytes"_s) {
            QRandomGenerator rng(42);
            rng.fillRange(reinterpret_cast<quint32 *>(bad.data()), bad.size() / 4);
        } else if (damage == u"wrong magic"_s) {
            setHeaderField(bad, Magic, headerField(good, Magic) + 1);
        } else if (damage == u"wrong version"_s) {
            setHeaderField(bad, Version, headerField(good, Version) + 1);
        } else if (damage == u"wrong byte order"_s) {
            setHeaderField(bad, ByteOrder, qbswap(headerField(good, ByteOrder)));
        } else if (damage == u"stale glosses"_s) {
            setHeaderField(bad, Tag, headerField(good, Tag) ^ 1);
        } else if (damage == u"huge count"_s) {
            setHeaderField(bad, BlockUnits, ~quint64(0) / 16);
        } else if (damage == u"offsets off"_s) {
            setHeaderField(bad, FirstOffset, headerField(good, FirstOffset) + 64);
        } else if (damage == u"table keys lost"_s) {
            // a sound header over tables that do not hold the words (as from a build that placed
            // keys differently): the words checked against the dictionary are not found
            for (qsizetype at = qsizetype(headerField(good, BlocksOffset)); at < qsizetype(headerField(good, FirstOffset)); at += 16) {
                memset(bad.data() + at, 0, 8);
            }
        }
        QVERIFY(writeFile(cacheFile, bad));

        const auto d = ChineseEnglishDictionary::loadCached(m_path, cacheFile);
        QVERIFY(d->isLoaded());
        QVERIFY(d->lexicon().isImage()); // the rebuilt file
        QCOMPARE(readFile(cacheFile), good);
        compareAll(m_parsed->lexicon(), d->lexicon(), 11);
    }

    // A cache this build checked once is checked against the record of that check afterwards
    // (the head's hash and its spot words' glosses), without parsing the dictionary's head again;
    // a record that does not fit (another build's, a changed hash, a garbled line) is not trusted:
    // the head is parsed, the cache checked as before and the record written anew.
    void checkRecordSavesTheHeadParse()
    {
        const QByteArray build = ChineseEnglishDictionary::buildId();
        QVERIFY2(build.size() >= 16, "the test binary has a GNU build id");
        const QString cacheFile = m_tmp.filePath(u"cache/record.bin"_s);
        const QString recordFile = ChineseEnglishDictionary::checkRecordFor(cacheFile);
        QFile::remove(cacheFile);
        QFile::remove(recordFile);

        int parses = ChineseEnglishDictionary::headParses();
        QVERIFY(ChineseEnglishDictionary::loadCached(m_path, cacheFile)->lexicon().isImage());
        QCOMPARE(ChineseEnglishDictionary::headParses(), parses + 1);
        const QByteArray record = readFile(recordFile);
        QVERIFY(record.startsWith(QByteArray(build + ' ')));
        QCOMPARE(record.count('\n'), 1);
        QCOMPARE(record.split(' ').size(), 5); // build, hash, three spot words

        // the record's check: no head parse, the same answers
        parses = ChineseEnglishDictionary::headParses();
        auto d = ChineseEnglishDictionary::loadCached(m_path, cacheFile);
        QCOMPARE(ChineseEnglishDictionary::headParses(), parses);
        QVERIFY(d->lexicon().isImage());
        compareAll(m_parsed->lexicon(), d->lexicon(), 13);
        QCOMPARE(readFile(recordFile), record); // not rewritten

        const QList<QByteArray> fields = record.trimmed().split(' ');
        const auto untrusted = [&](const QByteArray &bad, int parsesAdded) {
            QVERIFY(writeFile(recordFile, bad));
            const int before = ChineseEnglishDictionary::headParses();
            const auto again = ChineseEnglishDictionary::loadCached(m_path, cacheFile);
            QCOMPARE(ChineseEnglishDictionary::headParses(), before + parsesAdded);
            QVERIFY(again->lexicon().isImage());
            compareAll(m_parsed->lexicon(), again->lexicon(), 17);
        };
        // another build's line only: ours is added, first
        QByteArray other = record;
        other.replace(0, build.size(), QByteArray(build.size(), 'f'));
        untrusted(other, 1);
        QCOMPARE(readFile(recordFile), record + other);
        // a changed hash
        QByteArray changed = fields.at(0) + ' ' + QByteArray::number(fields.at(1).toULongLong(nullptr, 16) ^ 1, 16);
        for (qsizetype i = 2; i < fields.size(); ++i) {
            changed += ' ' + fields.at(i);
        }
        untrusted(changed + '\n', 1);
        QCOMPARE(readFile(recordFile), record);
        // a spot word that the cache does not give those glosses
        QByteArray spot = fields.at(0) + ' ' + fields.at(1) + ' ' + u"\u4E2D"_s.toUtf8().toHex() + ":1,2,3\n";
        untrusted(spot, 1);
        QCOMPARE(readFile(recordFile), record);
        // garbage
        untrusted(build + " zz 12:x,y\n\0\xff\n", 1);
        QCOMPARE(readFile(recordFile), record);
        untrusted(QByteArray(), 1);
        QCOMPARE(readFile(recordFile), record);
        // and trusted again
        untrusted(record, 0);
    }

    // Damage inside the tables passes the header check (finding it would mean reading the whole
    // image): lookups may then answer wrongly, but never read outside the image or loop for ever.
    void damagedTablesStayInBounds_data()
    {
        QTest::addColumn<QString>("damage");
        for (const char *d : {"random body", "first entries point past the end", "no empty slot", "spans past the end"}) {
            QTest::newRow(d) << QString::fromLatin1(d);
        }
    }

    void damagedTablesStayInBounds()
    {
        QFETCH(QString, damage);
        QByteArray image = m_parsed->lexicon().toBytes();
        const qsizetype blocks = qsizetype(headerField(image, BlocksOffset));
        const qsizetype first = qsizetype(headerField(image, FirstOffset));
        const quint64 units = headerField(image, BlockUnits);
        QRandomGenerator rng(1);
        if (damage == u"random body"_s) {
            rng.fillRange(reinterpret_cast<quint32 *>(image.data() + blocks), (image.size() - blocks) / 4);
        } else if (damage == u"first entries point past the end"_s) {
            // {entry {off, len, word, longer}, block, size} per character: a table inside but
            // huge, just past the end, far past; a span far past the end
            for (qsizetype at = first, i = 0; at + 16 <= first + 65536 * 16; at += 16, ++i) {
                const quint32 v[3][2] = {{quint32(units - 1), 0xFFFFFFFFu}, {quint32(units), 5}, {0xFFFFFFF0u, 0xFFFFFFF0u}};
                const quint32 e[2] = {0xFFFFFFF0u, 0x0101FFFFu};
                memcpy(image.data() + at, e, 8);
                memcpy(image.data() + at + 8, v[i % 3], 8);
            }
        } else if (damage == u"no empty slot"_s) {
            memset(image.data() + blocks, 0x5A, size_t(first - blocks)); // every key set: probes must stop
        } else if (damage == u"spans past the end"_s) {
            // every slot's gloss span {off, len} moved to the end of the blocks or far past it
            for (qsizetype at = blocks + 16; at + 16 <= first; at += 16) {
                const quint32 off = (at / 16) % 2 ? quint32(units * 4 - rng.bounded(8)) : 0xFFFFFF00u + rng.bounded(256);
                const quint16 len = quint16(rng.bounded(1, 65535));
                memcpy(image.data() + at + 8, &off, 4);
                memcpy(image.data() + at + 12, &len, 2);
                image[at + 14] = char(rng.bounded(2)); // word
                image[at + 15] = char(rng.bounded(2)); // longer
            }
        }
        // in memory, and mapped from a file
        HashLexicon lex;
        QBuffer buf;
        buf.setData(image);
        QVERIFY(buf.open(QIODevice::ReadOnly));
        QVERIFY(lex.readFrom(&buf));
        exerciseDamaged(lex);
        const QString file = m_tmp.filePath(u"tables.bin"_s);
        QVERIFY(writeFile(file, image));
        HashLexicon mapped;
        QVERIFY(mapped.mapFile(file));
        exerciseDamaged(mapped);
        HashLexicon onDemand;
        QVERIFY(onDemand.readFileOnDemand(file));
        exerciseDamaged(onDemand);
    }

    // Scanning the samples from every position (what the aligner does): the image, once its
    // pages are in, finds what the heap tables it was made from find. Both are timed alternately,
    // best of 7, and printed for the reader; the timing is not asserted (CI shares the machine;
    // speed belongs to okb-align-bench).
    void imageLookupSpeed()
    {
        const QString cacheFile = m_tmp.filePath(u"cache/speed.bin"_s);
        const auto mapped = ChineseEnglishDictionary::loadCached(m_path, cacheFile);
        QVERIFY(mapped->lexicon().isImage());
        qint64 sum = 0;
        const auto scan = [this, &sum](const HashLexicon &lex) {
            sum = 0;
            QElapsedTimer t;
            t.start();
            for (int r = 0; r < 5; ++r) {
                for (const QString &text : std::as_const(m_texts)) {
                    for (int pos = 0; pos < text.size(); ++pos) {
                        HashLexicon::Glosses g;
                        sum += lex.longestMatch(text, pos, 8, &g);
                        sum += g.empty() ? 0 : g.back();
                    }
                }
            }
            return t.nsecsElapsed();
        };
        scan(mapped->lexicon()); // pages in
        qint64 heap = std::numeric_limits<qint64>::max();
        qint64 image = heap;
        qint64 heapSum = 0;
        qint64 imageSum = 0;
        for (int i = 0; i < 7; ++i) {
            heap = std::min(heap, scan(m_parsed->lexicon()));
            heapSum = sum;
            image = std::min(image, scan(mapped->lexicon()));
            imageSum = sum;
            QCOMPARE(imageSum, heapSum);
        }
        QVERIFY(heapSum != 0);
        qsizetype positions = 0;
        for (const QString &text : std::as_const(m_texts)) {
            positions += text.size();
        }
        qInfo("longestMatch from every position of the samples: heap tables %.1f ns, cache image (as loadCached() opens it) %.1f ns per position",
              heap / 5.0 / positions,
              image / 5.0 / positions);
    }

    // An image read on demand, used by several threads at once from its first lookup: every
    // thread gets the parsed dictionary's answers.
    void onDemandFromThreads()
    {
        const QString cacheFile = m_tmp.filePath(u"cache/threads.bin"_s);
        QVERIFY(ChineseEnglishDictionary::loadCached(m_path, cacheFile)->isLoaded());
        for (int round = 0; round < 3; ++round) {
            HashLexicon lex;
            QVERIFY(lex.readFileOnDemand(cacheFile));
            std::atomic<int> wrong = 0;
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t) {
                threads.emplace_back([&, t] {
                    // each thread from another end, so that they meet on pages being read
                    for (int k = 0; k < m_texts.size(); ++k) {
                        const QString &text = m_texts.at((k + t * m_texts.size() / 4) % m_texts.size());
                        for (int pos = 0; pos < text.size(); ++pos) {
                            HashLexicon::Glosses a;
                            HashLexicon::Glosses b;
                            const int la = m_parsed->lexicon().longestMatch(text, pos, 8, &a);
                            if (lex.longestMatch(text, pos, 8, &b) != la || (la > 0 && !sameGlosses(a, b))) {
                                ++wrong;
                            }
                        }
                    }
                });
            }
            for (std::thread &th : threads) {
                th.join();
            }
            QCOMPARE(wrong.load(), 0);
        }
    }

    // An image read on demand gives the pages it read back (dropReadPages()) and reads them again
    // when lookups need them: every answer stays the parsed dictionary's. The shared dictionary
    // keeps them while a reader holds reading().
    void onDemandPagesGivenBack()
    {
        const QString cacheFile = m_tmp.filePath(u"cache/drop.bin"_s);
        QVERIFY(ChineseEnglishDictionary::loadCached(m_path, cacheFile)->isLoaded());
        HashLexicon lex;
        QVERIFY(lex.readFileOnDemand(cacheFile));
        QCOMPARE(lex.pagesReadBytes(), size_t(4096)); // the header
        compareAll(m_parsed->lexicon(), lex, 7);
        const size_t read = lex.pagesReadBytes();
        QVERIFY(read > size_t(1) << 20);
        QCOMPARE(lex.dropReadPages(), read - 4096);
        QCOMPARE(lex.pagesReadBytes(), size_t(4096));
        compareAll(m_parsed->lexicon(), lex, 7);
        QCOMPARE(lex.pagesReadBytes(), read);
        HashLexicon mapped;
        QVERIFY(mapped.mapFile(cacheFile));
        QCOMPARE(mapped.pagesReadBytes(), size_t(0));
        QCOMPARE(mapped.dropReadPages(), size_t(0));

        // The shared dictionary: mapped by default (its pages given back after every alignment,
        // releaseSharedPages()), read on demand with OKB_DICTIONARY_ACCESS=read (this test runs
        // both ways: tst_dictionary and tst_dictionary_read).
        const auto shared = ChineseEnglishDictionary::shared(m_path);
        if (qgetenv("OKB_DICTIONARY_ACCESS") != "read") {
            QVERIFY(shared->lexicon().isMapped());
            compareAll(m_parsed->lexicon(), shared->lexicon(), 11);
            QCOMPARE(shared->dropReadPages(), size_t(0)); // (no private pages)
            ChineseEnglishDictionary::releaseSharedPages();
            compareAll(m_parsed->lexicon(), shared->lexicon(), 11);
            return;
        }
        QVERIFY(shared->lexicon().isReadOnDemand());
        compareAll(m_parsed->lexicon(), shared->lexicon(), 11);
        QVERIFY(shared->lexicon().pagesReadBytes() > 4096);
        {
            const auto reading = ChineseEnglishDictionary::reading();
            QCOMPARE(shared->dropReadPages(), size_t(0)); // a reader: nothing given back
        }
        QVERIFY(shared->dropReadPages() > 0);
        QCOMPARE(shared->lexicon().pagesReadBytes(), size_t(4096));
        compareAll(m_parsed->lexicon(), shared->lexicon(), 11);
    }

    // A small lexicon: through an image and back, then added to (the image is copied into heap
    // tables first); copies are independent.
    void imageRoundTripAndAdd()
    {
        HashLexicon lex;
        lex.add(u"中国"_s, {3, 1});
        lex.add(u"中国人"_s, {5});
        lex.add(u"人"_s, {7});
        lex.add(u"中国"_s, {2}); // a second entry for a headword: the union
        lex.setTag(99);
        QBuffer buf;
        buf.setData(lex.toBytes());
        QVERIFY(buf.open(QIODevice::ReadOnly));
        HashLexicon image;
        QVERIFY(image.readFrom(&buf));
        QCOMPARE(image.tag(), quint64(99));
        QCOMPARE(image.size(), 3);
        QCOMPARE(std::vector<uint32_t>(image.find(u"中国"_s).begin(), image.find(u"中国"_s).end()), (std::vector<uint32_t>{1, 2, 3}));
        HashLexicon::Glosses g;
        QCOMPARE(image.longestMatch(u"在中国人民"_s, 1, 8, &g), 3);
        QCOMPARE(g.size(), size_t(1));
        QCOMPARE(g[0], 5u);
        QVERIFY(image.find(u"中"_s).empty());
        QCOMPARE(image.toBytes(), buf.data());

        HashLexicon copy = image;
        copy.add(u"中"_s, {11});
        QVERIFY(!copy.isImage());
        QCOMPARE(copy.size(), 4);
        QCOMPARE(copy.find(u"中"_s).size(), size_t(1));
        QCOMPARE(copy.find(u"中国人"_s)[0], 5u);
        QCOMPARE(copy.longestMatch(u"中国人"_s, 0, 8, &g), 3);
        QVERIFY(image.find(u"中"_s).empty()); // the original is untouched
        HashLexicon copy2 = copy;
        copy.add(u"人民"_s, {13});
        QVERIFY(copy2.find(u"人民"_s).empty());
        QCOMPARE(copy.find(u"人民"_s).size(), size_t(1));
        QCOMPARE(copy2.find(u"中国"_s).size(), size_t(3));

        // A heap-form copy reads its own vectors: it outlives its source. A move leaves the
        // source empty and usable.
        HashLexicon assigned;
        {
            HashLexicon source = copy;
            assigned = source;
            source.add(u"人民日报"_s, {17});
        }
        QCOMPARE(assigned.find(u"人民"_s).size(), size_t(1));
        QVERIFY(assigned.find(u"人民日报"_s).empty());
        HashLexicon moved = std::move(assigned);
        QCOMPARE(moved.size(), 5);
        QCOMPARE(moved.longestMatch(u"中国人民"_s, 0, 8, &g), 3);
        QVERIFY(assigned.isEmpty()); // NOLINT(bugprone-use-after-move): the moved-from state is specified
        QVERIFY(assigned.find(u"中国"_s).empty());
        assigned.add(u"中国"_s, {21});
        QCOMPARE(assigned.find(u"中国"_s)[0], 21u);
        HashLexicon movedImage;
        movedImage = std::move(image);
        QVERIFY(movedImage.isImage());
        QCOMPARE(movedImage.find(u"中国人"_s)[0], 5u);
        QVERIFY(!image.isImage()); // NOLINT(bugprone-use-after-move)
        QVERIFY(image.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDictionary)
#include "tst_dictionary.moc"
