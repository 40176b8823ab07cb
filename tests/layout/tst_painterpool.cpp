// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// PagePainterPool (paint/painterpool.h): pages painted in the pool's own threads, whole or as
// tiles, in one band or two, one after another or from several threads at once, must be exactly
// the pixels renderPageImage() paints in the calling thread; the threads end when idle and when
// their glyph caches pass the budget, start again for the next page, and never outlive the pool.

#include "../common/imagediff.h"
#include "../common/samplefiles.h"
#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "layout/typesetter.h"
#include "paint/pagepainter.h"
#include "paint/painterpool.h"
#include "parse/articleparser.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace Okb;
using namespace Qt::StringLiterals;
using OkbTest::samplesDir;

namespace
{
// Laid out in the calling thread; no pages if the sample cannot be read.
LaidOutDocument layOutHere(const QString &name, LayoutMode mode, LayoutSettings::PageStorage storage = LayoutSettings::PageStorage::Auto)
{
    ParseResult parsed = parseArticleFile(samplesDir() + u'/' + name);
    if (!parsed.ok) {
        return LaidOutDocument();
    }
    LayoutSettings settings;
    settings.mode = mode;
    settings.pageStorage = storage;
    Alignment alignment;
    if (mode != LayoutMode::SourceOrder && parsed.article.hasEnglish() && parsed.article.hasChinese()) {
        alignment = alignArticle(parsed.article, {});
    }
    return layoutArticle(parsed.article, alignment.pairs.isEmpty() ? nullptr : &alignment, settings);
}

std::shared_ptr<const LaidOutDocument> layOut(const QString &name, LayoutMode mode, LayoutSettings::PageStorage storage = LayoutSettings::PageStorage::Auto)
{
    LaidOutDocument doc = layOutHere(name, mode, storage);
    if (doc.pages.isEmpty()) {
        return nullptr;
    }
    return std::make_shared<const LaidOutDocument>(std::move(doc));
}

QSize sizeFor(const LaidOutDocument &doc, int width)
{
    return QSize(width, qRound(width * doc.pageSize.height() / doc.pageSize.width()));
}

using OkbTest::imageDiff;

int countInk(const QImage &img)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y) {
        const QRgb *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x) {
            n += qGray(line[x]) < 128;
        }
    }
    return n;
}
} // namespace

class TestPainterPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir(samplesDir()).exists());
    }

    // Every page of a few real articles, in the modes that put both scripts on a page, through a
    // pool of one thread and of two (two bands), in reading order (warm fonts, the next page's
    // glyphs loaded ahead) and backwards: identical to renderPageImage() here.
    void wholePagesIdentical_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("threads");
        const QStringList files = {u"000_7d941ea5db1c98f2.txt"_s, u"1957-06-01_十五种重要药品售价降低.md"_s, u"1956-03-02_推广双轮双铧犁工作中的几个问题.md"_s};
        for (const QString &f : files) {
            for (const LayoutMode m : {LayoutMode::SourceOrder, LayoutMode::Interlinear, LayoutMode::SideBySide}) {
                for (const int t : {1, 2}) {
                    QTest::addRow("%s mode %d threads %d", qPrintable(f.left(20)), int(m), t) << f << int(m) << t;
                }
            }
        }
    }
    void wholePagesIdentical()
    {
        QFETCH(QString, file);
        QFETCH(int, mode);
        QFETCH(int, threads);
        const auto doc = layOut(file, LayoutMode(mode));
        QVERIFY(doc);
        QVERIFY(doc->pages.size() >= 1);
        PagePainterPool::Options options;
        options.threads = threads;
        PagePainterPool pool(options);
        QCOMPARE(pool.threadCount(), threads);
        const QSize size = sizeFor(*doc, 800);
        QList<int> order;
        for (int i = 0; i < doc->pages.size(); ++i) {
            order << i;
        }
        for (int i = int(doc->pages.size()) - 1; i >= 0; --i) {
            order << i;
        }
        for (const int i : std::as_const(order)) {
            const QImage expected = renderPageImage(*doc, i, size.width(), size.height());
            const QImage got = pool.render(doc, i, size);
            QVERIFY2(countInk(got) > 1000, qPrintable(u"page %1 has text"_s.arg(i)));
            // Opaque: the Okular generator hands pages over as RGB32 (the same bytes).
            QVERIFY2(got.convertToFormat(QImage::Format_RGB32).convertToFormat(QImage::Format_ARGB32_Premultiplied) == got,
                     qPrintable(u"page %1 is opaque"_s.arg(i)));
            const QString diff = imageDiff(got, expected);
            QVERIFY2(diff.isEmpty(), qPrintable(u"page %1: %2"_s.arg(i).arg(diff)));
        }
        QCOMPARE(pool.threadStarts(), threads); // the same threads all along
    }

    // Tiles (what Okular asks for at high zoom) are the same pixels as that part of the whole page,
    // also painted with renderPagePart() in this thread.
    void tilesIdentical()
    {
        const auto doc = layOut(u"000_7d941ea5db1c98f2.txt"_s, LayoutMode::Interlinear);
        QVERIFY(doc);
        PagePainterPool::Options options;
        options.threads = 2;
        options.minBandPixels = 64 * 64;
        PagePainterPool pool(options);
        const QSize size = sizeFor(*doc, 2400);
        const QImage whole = renderPageImage(*doc, 0, size.width(), size.height());
        const QList<QRect> tiles = {QRect(0, 0, 600, 600),
                                    QRect(600, 0, 600, 600),
                                    QRect(1237, 1511, 512, 333),
                                    QRect(0, size.height() - 300, size.width(), 300)};
        for (const QRect &t : tiles) {
            const QImage expected = whole.copy(t);
            QVERIFY2(imageDiff(pool.render(doc, 0, size, t), expected).isEmpty(), qPrintable(u"tile %1,%2"_s.arg(t.x()).arg(t.y())));
            QVERIFY2(imageDiff(renderPagePart(*doc, 0, size, t), expected).isEmpty(), qPrintable(u"tile %1,%2 here"_s.arg(t.x()).arg(t.y())));
        }
        QVERIFY(imageDiff(renderPagePart(*doc, 0, size), whole).isEmpty());
    }

    // Lazy pages (a long document's pages are made again when read): made in the pool's threads.
    void lazyPagesIdentical()
    {
        const auto lazy = layOut(u"1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s,
                                 LayoutMode::Interlinear,
                                 LayoutSettings::PageStorage::Lazy);
        QVERIFY(lazy);
        QVERIFY(lazy->pages.isLazy());
        PagePainterPool::Options options;
        options.threads = 2;
        PagePainterPool pool(options);
        const QSize size = sizeFor(*lazy, 700);
        for (int i = 0; i < std::min<int>(5, int(lazy->pages.size())); ++i) {
            // The text first (as Okular's text thread may ask before the pixmap), made in the pool's
            // thread: the same boxes as made here; then the pixmap of the page made there.
            const PageText text = pool.pageText(lazy, i);
            QVERIFY(text.size() > 100);
            QVERIFY2(text == lazy->pages.at(i).text, qPrintable(u"page %1 text"_s.arg(i)));
            const QString diff = imageDiff(pool.render(lazy, i, size), renderPageImage(*lazy, i, size.width(), size.height()));
            QVERIFY2(diff.isEmpty(), qPrintable(u"page %1: %2"_s.arg(i).arg(diff)));
        }
        QVERIFY(pool.pageText(lazy, -1).isEmpty());
        QVERIFY(pool.pageText(lazy, int(lazy->pages.size())).isEmpty());
        // Text and pixmaps asked for from several threads at once.
        std::atomic<int> mismatches{0};
        std::vector<std::thread> callers;
        for (int c = 0; c < 4; ++c) {
            callers.emplace_back([&, c] {
                for (int i = c % 2; i < std::min<int>(6, int(lazy->pages.size())); i += 2) {
                    if (c < 2 ? !(pool.pageText(lazy, i) == lazy->pages.at(i).text) : pool.render(lazy, i, size).isNull()) {
                        ++mismatches;
                    }
                }
            });
        }
        for (auto &t : callers) {
            t.join();
        }
        QCOMPARE(mismatches.load(), 0);
    }

    // Several threads (Okular's pixmap threads come and go, each asking once) ask at the same time.
    void concurrentCallers()
    {
        const auto doc = layOut(u"000_7d941ea5db1c98f2.txt"_s, LayoutMode::SourceOrder);
        QVERIFY(doc);
        const QSize size = sizeFor(*doc, 640);
        QList<QImage> expected;
        for (int i = 0; i < doc->pages.size(); ++i) {
            expected << renderPageImage(*doc, i, size.width(), size.height());
        }
        for (const int threads : {1, 2}) {
            PagePainterPool::Options options;
            options.threads = threads;
            PagePainterPool pool(options);
            std::atomic<int> mismatches{0};
            std::vector<std::thread> callers;
            for (int c = 0; c < 6; ++c) {
                callers.emplace_back([&, c] {
                    for (int k = 0; k < int(doc->pages.size()); ++k) {
                        const int i = (k + c) % int(doc->pages.size());
                        if (!imageDiff(pool.render(doc, i, size), expected.at(i)).isEmpty()) {
                            ++mismatches;
                        }
                    }
                });
            }
            for (auto &t : callers) {
                t.join();
            }
            QCOMPARE(mismatches.load(), 0);
        }
    }

    // The caller's document goes (closed, laid out again) while its page is painted: the job holds
    // it. And a document closed and opened again paints the same.
    void documentDroppedMeanwhile()
    {
        PagePainterPool pool;
        auto doc = layOut(u"1957-06-01_十五种重要药品售价降低.md"_s, LayoutMode::Interlinear);
        QVERIFY(doc);
        const QSize size = sizeFor(*doc, 800);
        const QImage expected = renderPageImage(*doc, 0, size.width(), size.height());
        std::weak_ptr<const LaidOutDocument> watch = doc;
        QImage got;
        std::thread caller([&pool, &got, size, d = doc]() mutable {
            got = pool.render(std::move(d), 0, size);
        });
        doc.reset();
        caller.join();
        QVERIFY(imageDiff(got, expected).isEmpty());
        // Nothing keeps it once painted.
        QTRY_VERIFY_WITH_TIMEOUT(watch.expired(), 5000);
        auto again = layOut(u"1957-06-01_十五种重要药品售价降低.md"_s, LayoutMode::Interlinear);
        QVERIFY(imageDiff(pool.render(again, 0, size), expected).isEmpty());
        // Bad requests: no image, no hang.
        QVERIFY(pool.render(again, -1, size).isNull());
        QVERIFY(pool.render(again, int(again->pages.size()), size).isNull());
        QVERIFY(pool.render(again, 0, QSize()).isNull());
        QVERIFY(pool.render(nullptr, 0, size).isNull());
    }

    // Idle threads end (fonts and glyph caches with them) and start again for the next page.
    void idleThreadsEnd()
    {
        const auto doc = layOut(u"000_7d941ea5db1c98f2.txt"_s, LayoutMode::Interlinear);
        QVERIFY(doc);
        PagePainterPool::Options options;
        options.threads = 2;
        options.idleMs = 150;
        PagePainterPool pool(options);
        const QSize size = sizeFor(*doc, 500);
        const QImage expected = renderPageImage(*doc, 1, size.width(), size.height());
        QVERIFY(imageDiff(pool.render(doc, 1, size), expected).isEmpty());
        QCOMPARE(pool.threadStarts(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(pool.runningThreads(), 0, 5000);
        QVERIFY(imageDiff(pool.render(doc, 1, size), expected).isEmpty());
        QCOMPARE(pool.threadStarts(), 4);
    }

    // A thread whose glyph caches pass the budget is renewed: with a tiny budget, after each page.
    void glyphBudgetRenewsThreads()
    {
        const auto doc = layOut(u"000_7d941ea5db1c98f2.txt"_s, LayoutMode::Interlinear);
        QVERIFY(doc);
        QVERIFY(doc->pages.size() >= 4);
        PagePainterPool::Options options;
        options.threads = 1;
        options.glyphBudgetBytes = 1;
        PagePainterPool pool(options);
        const QSize size = sizeFor(*doc, 600);
        for (int i = 0; i < 4; ++i) {
            QVERIFY(imageDiff(pool.render(doc, i, size), renderPageImage(*doc, i, size.width(), size.height())).isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(pool.runningThreads(), 0, 5000);
        }
        QCOMPARE(pool.threadStarts(), 4);
        // A generous budget keeps the thread.
        options.glyphBudgetBytes = 64 * 1024 * 1024;
        PagePainterPool keeps(options);
        for (int i = 0; i < 4; ++i) {
            keeps.render(doc, i, size);
        }
        QCOMPARE(keeps.threadStarts(), 1);
        QCOMPARE(keeps.runningThreads(), 1);
    }

    // The pool goes while its threads work (a warm-up queued, a page just painted): no crash, no
    // hang, the threads are gone with it; after shutdown() pages are painted here.
    void destroyedWhileBusy()
    {
        const auto doc = layOut(u"1956-03-02_推广双轮双铧犁工作中的几个问题.md"_s, LayoutMode::Interlinear);
        QVERIFY(doc);
        const QSize size = sizeFor(*doc, 900);
        for (int round = 0; round < 5; ++round) {
            auto pool = std::make_unique<PagePainterPool>();
            pool->warmUp(doc, 3);
            pool->warmUp(doc, 2);
            pool->render(doc, round % int(doc->pages.size()), size);
            pool.reset();
        }
        PagePainterPool pool;
        pool.render(doc, 0, size);
        pool.shutdown();
        QCOMPARE(pool.runningThreads(), 0);
        const int starts = pool.threadStarts();
        QVERIFY(imageDiff(pool.render(doc, 1, size), renderPageImage(*doc, 1, size.width(), size.height())).isEmpty());
        QCOMPARE(pool.threadStarts(), starts); // painted in this thread
    }

    // run() and post(): the work runs in the pool's thread (the one that paints), in the order
    // queued, and run() waits for it; inline from within a pool job (a queued job would wait for
    // the running one for ever), without threads and after shutdown().
    void runsInPoolThread()
    {
        PagePainterPool::Options options;
        options.threads = 1;
        PagePainterPool pool(options);
        QThread *first = nullptr;
        pool.run([&] {
            first = QThread::currentThread();
        });
        QVERIFY(first && first != QThread::currentThread());
        std::atomic<int> step{0};
        pool.post([&] {
            QThread::msleep(100);
            step = 1;
        });
        QThread *second = nullptr;
        QThread *nested = nullptr;
        int seen = -1;
        pool.run([&] {
            second = QThread::currentThread();
            seen = step.load();
            pool.run([&] {
                nested = QThread::currentThread();
            });
        });
        QCOMPARE(seen, 1); // after the job posted before it
        QCOMPARE(second, first);
        QCOMPARE(nested, first);
        // Pages are painted in that thread too: one thread started for all of it.
        const auto doc = layOut(u"1957-06-01_十五种重要药品售价降低.md"_s, LayoutMode::Interlinear);
        QVERIFY(doc);
        QVERIFY(!pool.render(doc, 0, sizeFor(*doc, 300)).isNull());
        QCOMPARE(pool.threadStarts(), 1);
        pool.shutdown();
        QThread *after = nullptr;
        pool.run([&] {
            after = QThread::currentThread();
        });
        QCOMPARE(after, QThread::currentThread());
        int posted = 0;
        pool.post([&] {
            ++posted;
        });
        QCOMPARE(posted, 1);
        options.threads = 0;
        PagePainterPool none(options);
        none.run([&] {
            after = nullptr;
        });
        QCOMPARE(after, nullptr);
    }

    // A document laid out in the pool's thread, as the Okular generator does (the faces are loaded
    // once, in the thread that paints), with its runs' raw fonts released: its pages are the
    // pixels of the same layout made here, painted in the pool while its thread lives, after it
    // ended idle (its faces closed; cold fonts again in the next thread) and here; its text is the
    // same. Eager and lazy pages.
    void layoutInPoolThread_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("storage");
        QTest::addRow("eager") << u"000_7d941ea5db1c98f2.txt"_s << int(LayoutSettings::PageStorage::Auto);
        QTest::addRow("lazy") << u"1956-03-02_推广双轮双铧犁工作中的几个问题.md"_s << int(LayoutSettings::PageStorage::Lazy);
        // More pages than a thread keeps made (8): after the idle end the next thread typesets
        // most of them again.
        QTest::addRow("lazy long") << u"1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s
                                   << int(LayoutSettings::PageStorage::Auto);
    }
    void layoutInPoolThread()
    {
        QFETCH(QString, file);
        QFETCH(int, storage);
        const auto pageStorage = LayoutSettings::PageStorage(storage);
        const auto expected = layOut(file, LayoutMode::Interlinear, pageStorage);
        QVERIFY(expected);
        PagePainterPool::Options options;
        options.threads = 1;
        options.idleMs = 150;
        PagePainterPool pool(options);
        auto laidOut = std::make_shared<LaidOutDocument>();
        pool.run([&] {
            *laidOut = layOutHere(file, LayoutMode::Interlinear, pageStorage);
            PagePainterPool::releaseThreadFonts(*laidOut);
        });
        const std::shared_ptr<const LaidOutDocument> doc = laidOut;
        QCOMPARE(doc->pages.size(), expected->pages.size());
        QCOMPARE(doc->pages.isLazy(), expected->pages.isLazy());
        QCOMPARE(doc->pages.isLazy(), pageStorage == LayoutSettings::PageStorage::Lazy || doc->pages.size() > 8);
        if (!doc->pages.isLazy()) {
            for (const LaidOutPage &page : doc->pages) {
                QVERIFY(!page.glyphs.isEmpty());
                for (const GlyphItem &g : page.glyphs) {
                    QVERIFY(!g.run.rawFont().isValid());
                }
            }
        }
        const QSize size = sizeFor(*doc, 600);
        const int pages = int(doc->pages.size());
        QList<QImage> images;
        for (int i = 0; i < pages; ++i) {
            images.append(renderPageImage(*expected, i, size.width(), size.height()));
            QVERIFY2(imageDiff(pool.render(doc, i, size), images.at(i)).isEmpty(), qPrintable(u"page %1 in the pool"_s.arg(i)));
        }
        QCOMPARE(pool.threadStarts(), 1);
        quint64 before = 0;
        pool.run([&] {
            before = Detail::currentThreadSerial();
        });
        QTRY_COMPARE_WITH_TIMEOUT(pool.runningThreads(), 0, 5000);
        // The next run is a new thread to the caches of font objects (they must not take it for
        // the run whose faces are gone), though glibc may give it the same thread id, and Qt
        // the same QThread address.
        quint64 after = 0;
        pool.run([&] {
            after = Detail::currentThreadSerial();
        });
        QVERIFY(before != 0 && after != 0 && after != before);
        for (int i = pages - 1; i >= 0; --i) {
            QVERIFY2(imageDiff(pool.render(doc, i, size), images.at(i)).isEmpty(), qPrintable(u"page %1 after the idle end"_s.arg(i)));
            QVERIFY2(pool.pageText(doc, i) == expected->pages.at(i).text, qPrintable(u"page %1's text"_s.arg(i)));
            QVERIFY2(imageDiff(renderPageImage(*doc, i, size.width(), size.height()), images.at(i)).isEmpty(), qPrintable(u"page %1 here"_s.arg(i)));
        }
        QCOMPARE(pool.threadStarts(), 2);
    }

    // No threads (threads = 0): everything in the calling thread, the same pixels.
    void noThreads()
    {
        const auto doc = layOut(u"000_7d941ea5db1c98f2.txt"_s, LayoutMode::SideBySide);
        QVERIFY(doc);
        PagePainterPool::Options options;
        options.threads = 0;
        PagePainterPool pool(options);
        QCOMPARE(pool.threadCount(), 0);
        const QSize size = sizeFor(*doc, 800);
        QVERIFY(imageDiff(pool.render(doc, 0, size), renderPageImage(*doc, 0, size.width(), size.height())).isEmpty());
        QCOMPARE(pool.threadStarts(), 0);
    }
};

QTEST_MAIN(TestPainterPool)
#include "tst_painterpool.moc"
