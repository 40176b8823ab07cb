// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Pixmaps through Okular::Document as Okular's page view asks for them (asynchronous requests:
// Okular runs image() in a thread it starts per request, and our painter thread paints them) are
// exactly the pixels of synchronous requests (painted in the asking thread) and of the core's
// renderPageImage() of the same layout; and painting survives closing, re-opening and deleting
// the document (the generator and its painter thread go with it) while requests are under way.

#include "../../plugin/okular/inkboundingbox.h"
#include "../common/imagediff.h"
#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "paint/pagepainter.h"
#include "parse/articleparser.h"

#include <okular/core/document.h>
#include <okular/core/generator.h>
#include <okular/core/observer.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>
#include <okular/core/utils.h>

#include <QDir>
#include <QFile>
#include <QMap>
#include <QMimeDatabase>
#include <QPixmap>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <array>
#include <memory>

using namespace Qt::StringLiterals;

// Okular::Page hands its pixmaps to its friend ::PagePainter only (the part's painter, not in this
// program): this one reads them for the test.
class PagePainter
{
public:
    static const QPixmap *nearest(const Okular::Page *page, Okular::DocumentObserver *observer, int w, int h)
    {
        return page->_o_nearestPixmap(observer, w, h);
    }
};

namespace
{
QString sample(const QString &name)
{
    return QStringLiteral(OKB_TEST_DATA_DIR "/samples/") + name;
}

class Observer : public Okular::DocumentObserver
{
};

const char *const kModes[] = {"SourceOrder", "Interlinear", "SideBySide"};

using OkbTest::imageDiff;
} // namespace

class PainterTest : public QObject
{
    Q_OBJECT

    bool setMode(const char *mode)
    {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QDir().mkpath(dir);
        QFile rc(dir + u"/okular-generator-bilingualrc"_s);
        if (!rc.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            return false;
        }
        rc.write(QByteArray("[Layout]\nMode=") + mode + "\n");
        return true;
    }

    std::unique_ptr<Okular::Document> open(const QString &path)
    {
        auto doc = std::make_unique<Okular::Document>(nullptr);
        if (doc->openDocument(path, QUrl::fromLocalFile(path), QMimeDatabase().mimeTypeForFile(path)) != Okular::Document::OpenSuccess) {
            return nullptr;
        }
        return doc;
    }

    // Closes `doc` (with whatever requests are under way) and opens `path` again in `mode`.
    bool reopenIn(Okular::Document *doc, const QString &path, const char *mode)
    {
        doc->closeDocument();
        return setMode(mode) && doc->openDocument(path, QUrl::fromLocalFile(path), QMimeDatabase().mimeTypeForFile(path)) == Okular::Document::OpenSuccess;
    }

    // Page i, `width` pixels wide, asked for by `observer` the way `async` says; waits for it.
    QImage pixmap(Okular::Document *doc, Observer *observer, int i, int width, bool async)
    {
        const Okular::Page *page = doc->page(i);
        const int w = width;
        const int h = qRound(width * page->height() / page->width());
        auto *request = new Okular::PixmapRequest(observer, i, w, h, 1.0, 1, async ? Okular::PixmapRequest::Asynchronous : Okular::PixmapRequest::NoFeature);
        doc->requestPixmaps({request}, Okular::Document::NoOption);
        QElapsedTimer t;
        t.start();
        while (!page->hasPixmap(observer, w, h) && t.elapsed() < 20000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            QThread::usleep(500);
        }
        const QPixmap *p = PagePainter::nearest(page, observer, w, h);
        return p && page->hasPixmap(observer, w, h) ? p->toImage() : QImage();
    }

    // How often each font file is mapped into the process now (/proc/self/maps).
    static QMap<QString, int> fontFileMappings()
    {
        QMap<QString, int> out;
        QFile maps(u"/proc/self/maps"_s);
        if (!maps.open(QIODevice::ReadOnly)) {
            return out;
        }
        for (const QByteArray &line : maps.readAll().split('\n')) {
            const int slash = line.indexOf('/');
            const QString path = slash >= 0 ? QString::fromUtf8(line.mid(slash)).trimmed() : QString();
            if (path.endsWith(u".ttf"_s) || path.endsWith(u".ttc"_s) || path.endsWith(u".otf"_s)) {
                ++out[path];
            }
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Okular::SettingsCore::instance(u"okb-paintertest"_s);
    }

    // The faces are loaded once in the process: the open's layout, pixmaps asked for
    // asynchronously (painted by our painter thread instead of Okular's thread per request) and
    // synchronously (the asking thread), and text pages all use the painter thread's. FreeType maps
    // a font file once for each thread that loads a face of it (Qt's font engines and FreeType
    // faces are per thread): each file is mapped once. First of the tests: the core layouts of the
    // others load faces in this thread.
    void fontsLoadedOnce()
    {
        QVERIFY(setMode("Interlinear"));
        QVERIFY(fontFileMappings().isEmpty());
        auto doc = open(sample(u"000_7d941ea5db1c98f2.txt"_s));
        QVERIFY(doc);
        Observer asyncObserver;
        Observer syncObserver;
        doc->addObserver(&asyncObserver);
        doc->addObserver(&syncObserver);
        const QImage async0 = pixmap(doc.get(), &asyncObserver, 0, 600, true);
        const QImage sync1 = pixmap(doc.get(), &syncObserver, 1, 600, false);
        const QImage async1 = pixmap(doc.get(), &asyncObserver, 1, 600, true);
        const QImage sync0 = pixmap(doc.get(), &syncObserver, 0, 600, false);
        QVERIFY(!async0.isNull() && !sync1.isNull());
        QVERIFY(imageDiff(async0, sync0).isEmpty());
        QVERIFY(imageDiff(async1, sync1).isEmpty());
        doc->requestTextPage(2);
        QVERIFY(doc->page(2)->text().size() > 200);
        const QMap<QString, int> maps = fontFileMappings();
        QVERIFY2(maps.size() >= 2, qPrintable(QStringList(maps.keys()).join(u' ')));
        QVERIFY(std::any_of(maps.keyBegin(), maps.keyEnd(), [](const QString &f) {
            return f.contains(u"CJK"_s);
        }));
        for (auto it = maps.cbegin(); it != maps.cend(); ++it) {
            QVERIFY2(it.value() == 1, qPrintable(u"%1 mapped %2 times"_s.arg(it.key()).arg(it.value())));
        }
        doc->removeObserver(&asyncObserver);
        doc->removeObserver(&syncObserver);
    }

    // Every page of three real articles in the modes with both scripts: asynchronous requests
    // (our painter thread) give the synchronous requests' pixels (the asking thread paints), and
    // those are the core's renderPageImage() of the same article, laid out with the same mode.
    void asyncEqualsSync_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("mode");
        for (const QString &f : {u"000_7d941ea5db1c98f2.txt"_s, u"1957-06-01_十五种重要药品售价降低.md"_s, u"1956-03-02_推广双轮双铧犁工作中的几个问题.md"_s}) {
            for (int m = 0; m < 3; ++m) {
                QTest::addRow("%s %s", qPrintable(f.left(16)), kModes[m]) << f << m;
            }
        }
    }
    void asyncEqualsSync()
    {
        QFETCH(QString, file);
        QFETCH(int, mode);
        QVERIFY(setMode(kModes[mode]));
        auto doc = open(sample(file));
        QVERIFY(doc);
        Observer syncObserver;
        Observer asyncObserver;
        doc->addObserver(&syncObserver);
        doc->addObserver(&asyncObserver);
        // The same article laid out by the core with that mode (the generator's other settings
        // are the defaults here).
        Okb::ParseResult parsed = Okb::parseArticleFile(sample(file));
        QVERIFY(parsed.ok);
        Okb::LayoutSettings settings;
        settings.mode = std::array{Okb::LayoutMode::SourceOrder, Okb::LayoutMode::Interlinear, Okb::LayoutMode::SideBySide}[mode];
        Okb::Alignment alignment;
        if (settings.mode != Okb::LayoutMode::SourceOrder) {
            alignment = Okb::alignArticle(parsed.article, {});
        }
        const Okb::LaidOutDocument core = Okb::layoutArticle(parsed.article, alignment.pairs.isEmpty() ? nullptr : &alignment, settings);
        QCOMPARE(int(doc->pages()), int(core.pages.size()));
        for (int i = 0; i < int(doc->pages()); ++i) {
            const QImage async = pixmap(doc.get(), &asyncObserver, i, 700, true);
            const QImage sync = pixmap(doc.get(), &syncObserver, i, 700, false);
            QVERIFY2(!async.isNull() && !sync.isNull(), qPrintable(u"page %1 painted"_s.arg(i)));
            QVERIFY2(imageDiff(async, sync).isEmpty(), qPrintable(u"page %1: %2"_s.arg(i).arg(imageDiff(async, sync))));
            const QImage expected = Okb::renderPageImage(core, i, async.width(), async.height());
            QVERIFY2(imageDiff(async, expected).isEmpty(), qPrintable(u"page %1 vs core: %2"_s.arg(i).arg(imageDiff(async, expected))));
        }
        doc->removeObserver(&syncObserver);
        doc->removeObserver(&asyncObserver);
    }

    // The adapter's bounding box of a page image is Okular's (Utils::imageBoundingBox()), to the
    // last bit: on blank images, single pixels anywhere, random ink, and the rows Okular's search
    // leaves alone (ink in the column just right of the edge found so far), in RGB32 and ARGB32
    // (alpha ignored), on white paper.
    void inkBoundingBoxAsOkulars()
    {
        const QRgb paper = Okular::SettingsCore::paperColor().rgb();
        QCOMPARE(paper & 0xFFFFFF, QRgb(0xFFFFFF));
        QRandomGenerator random(20261129);
        int cases = 0;
        const auto check = [&](const QImage &image) {
            const Okular::NormalizedRect ours = OkbOkular::inkBoundingBox(image, paper);
            const Okular::NormalizedRect okular = Okular::Utils::imageBoundingBox(&image);
            ++cases;
            QVERIFY2(ours == okular,
                     qPrintable(u"%1x%2 format %3: ours %4 %5 %6 %7, Okular's %8 %9 %10 %11"_s.arg(image.width())
                                    .arg(image.height())
                                    .arg(int(image.format()))
                                    .arg(ours.left)
                                    .arg(ours.top)
                                    .arg(ours.right)
                                    .arg(ours.bottom)
                                    .arg(okular.left)
                                    .arg(okular.top)
                                    .arg(okular.right)
                                    .arg(okular.bottom)));
        };
        for (const QImage::Format format : {QImage::Format_RGB32, QImage::Format_ARGB32}) {
            for (const QSize size : {QSize(1, 1), QSize(7, 5), QSize(40, 60), QSize(123, 77)}) {
                QImage blank(size, format);
                blank.fill(Qt::white);
                check(blank);
                // White with another alpha is paper too.
                blank.fill(QColor(255, 255, 255, 10));
                if (format == QImage::Format_ARGB32) {
                    check(blank);
                }
                for (int y = 0; y < size.height(); y += std::max(1, size.height() / 5)) {
                    for (int x = 0; x < size.width(); x += std::max(1, size.width() / 7)) {
                        QImage one = blank;
                        one.fill(Qt::white);
                        one.setPixel(x, y, qRgb(0, 0, 0));
                        check(one);
                    }
                }
                for (int round = 0; round < 60; ++round) {
                    QImage ink(size, format);
                    ink.fill(Qt::white);
                    const int dots = 1 + int(random.bounded(8));
                    for (int k = 0; k < dots; ++k) {
                        ink.setPixel(int(random.bounded(size.width())), int(random.bounded(size.height())), qRgba(int(random.bounded(255)), 0, 0, 255));
                    }
                    check(ink);
                }
                if (size.width() > 4 && size.height() > 4) {
                    // Top and bottom ink in column 2, a middle row's ink in column 3 only (just
                    // right of the edge found so far), another's at the far right.
                    QImage rows(size, format);
                    rows.fill(Qt::white);
                    rows.setPixel(2, 0, qRgb(0, 0, 0));
                    rows.setPixel(2, size.height() - 1, qRgb(0, 0, 0));
                    rows.setPixel(3, size.height() / 2, qRgb(0, 0, 0));
                    check(rows);
                    rows.setPixel(size.width() - 1, 1, qRgb(0, 0, 0));
                    check(rows);
                }
            }
        }
        QCOMPARE(cases, 752);
    }

    // A page painted whole for a synchronous request gets the bounding box Okular's scan of the
    // same pixmap gives; asynchronous requests (Okular scans in its thread) the same one.
    void syncBoundingBoxAsOkulars()
    {
        QVERIFY(setMode("Interlinear"));
        for (const QString &file : {u"000_7d941ea5db1c98f2.txt"_s, u"1950-01-01_补注.md"_s}) {
            auto sync = open(sample(file));
            auto async = open(sample(file));
            QVERIFY(sync && async);
            Observer syncObserver;
            Observer asyncObserver;
            sync->addObserver(&syncObserver);
            async->addObserver(&asyncObserver);
            for (int i = 0; i < int(sync->pages()); ++i) {
                QVERIFY(!sync->page(i)->isBoundingBoxKnown());
                const QImage image = pixmap(sync.get(), &syncObserver, i, 700, false);
                QVERIFY(!image.isNull());
                QVERIFY(sync->page(i)->isBoundingBoxKnown());
                const Okular::NormalizedRect box = sync->page(i)->boundingBox();
                QCOMPARE(box, Okular::Utils::imageBoundingBox(&image));
                QVERIFY(box.left > 0.01 && box.right < 0.99 && box.top > 0.01 && box.bottom < 0.99);
                QVERIFY(!pixmap(async.get(), &asyncObserver, i, 700, true).isNull());
                QElapsedTimer t;
                t.start();
                while (!async->page(i)->isBoundingBoxKnown() && t.elapsed() < 5000) {
                    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
                }
                QCOMPARE(async->page(i)->boundingBox(), box);
            }
            sync->removeObserver(&syncObserver);
            async->removeObserver(&asyncObserver);
        }
    }

    // A long article (pages typeset again when read): the text Okular's text thread makes beside
    // each asynchronous pixmap (our painter thread typesets the page, once for both) is the text
    // of synchronous requests in another document.
    void lazyTextThroughPainter()
    {
        QVERIFY(setMode("Interlinear"));
        const QString file = sample(u"1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s);
        Okb::ParseResult parsed = Okb::parseArticleFile(file);
        QVERIFY(parsed.ok);
        QVERIFY2(parsed.article.english.size() + parsed.article.chinese.size() > 0, "has text");
        auto doc = open(file);
        auto reference = open(file);
        QVERIFY(doc && reference);
        Observer observer;
        doc->addObserver(&observer);
        const int pages = std::min<int>(6, int(doc->pages()));
        QVERIFY(pages >= 3);
        // Okular starts a page's text thread with its pixmap only while no other text page is
        // being made (Generator::canGenerateTextPage()), so each page's text is awaited before
        // the next pixmap is asked for: on a busy machine the text of page i may still be under
        // way when page i + 1's pixmap starts, and page i + 1 would then get no text page.
        for (int i = 0; i < pages; ++i) {
            QVERIFY(!pixmap(doc.get(), &observer, i, 600, true).isNull());
            QTRY_VERIFY_WITH_TIMEOUT(doc->page(i)->hasTextPage(), 20000);
        }
        for (int i = 0; i < pages; ++i) {
            reference->requestTextPage(i);
            QVERIFY(doc->page(i)->text().size() > 200);
            QCOMPARE(doc->page(i)->text(), reference->page(i)->text());
        }
        doc->removeObserver(&observer);
    }

    // A long article (lazy pages) closed with requests under way while the reader is on page 3
    // (the close reads that page's text for the reading position: in the painter thread) and
    // opened again in another mode (the layout queued in the painter thread behind the requests):
    // pixmaps, sync and async, and text are the core's for the new mode.
    void lazyRelayoutWithRequests()
    {
        QVERIFY(setMode("Interlinear"));
        const QString file = sample(u"1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s);
        auto doc = open(file);
        QVERIFY(doc);
        Observer observer;
        doc->addObserver(&observer);
        QVERIFY(!pixmap(doc.get(), &observer, 3, 500, true).isNull());
        doc->setViewportPage(3);
        for (int round = 0; round < 2; ++round) {
            for (int i = 4; i < 7; ++i) {
                auto *request = new Okular::PixmapRequest(&observer, i, 500, 707, 1.0, 1, Okular::PixmapRequest::Asynchronous);
                doc->requestPixmaps({request}, Okular::Document::NoOption);
            }
            QVERIFY(reopenIn(doc.get(), file, round == 0 ? "SideBySide" : "Interlinear"));
        }
        Okb::ParseResult parsed = Okb::parseArticleFile(file);
        QVERIFY(parsed.ok);
        Okb::LayoutSettings settings;
        settings.mode = Okb::LayoutMode::Interlinear;
        const Okb::Alignment alignment = Okb::alignArticle(parsed.article, {});
        const Okb::LaidOutDocument core = Okb::layoutArticle(parsed.article, &alignment, settings);
        QVERIFY(core.pages.isLazy());
        QCOMPARE(int(doc->pages()), int(core.pages.size()));
        Observer syncObserver;
        doc->addObserver(&syncObserver);
        for (int i : {5, 0, 3}) {
            const QImage async = pixmap(doc.get(), &observer, i, 600, true);
            const QImage sync = pixmap(doc.get(), &syncObserver, i, 600, false);
            QVERIFY2(!async.isNull() && !sync.isNull(), qPrintable(u"page %1 painted"_s.arg(i)));
            const QImage expected = Okb::renderPageImage(core, i, async.width(), async.height());
            QVERIFY2(imageDiff(async, expected).isEmpty(), qPrintable(u"page %1 async vs core: %2"_s.arg(i).arg(imageDiff(async, expected))));
            QVERIFY2(imageDiff(sync, expected).isEmpty(), qPrintable(u"page %1 sync vs core: %2"_s.arg(i).arg(imageDiff(sync, expected))));
            doc->requestTextPage(i);
            QString text;
            for (const Okb::TextBox &box : core.pages.at(i).text) {
                text += box.text;
            }
            QVERIFY(doc->page(i)->text().size() > 200);
            QCOMPARE(doc->page(i)->text().remove(u' ').remove(u'\n'), text.remove(u' ').remove(u'\n'));
        }
        doc->removeObserver(&syncObserver);
        doc->removeObserver(&observer);
    }

    // Closed with a request under way, opened again (in another mode: a re-layout), deleted with
    // its generator (the painter thread ends with it), opened in a new document: every time the
    // pages come out right.
    void closeReopenDelete()
    {
        QVERIFY(setMode("Interlinear"));
        const QString file = sample(u"000_7d941ea5db1c98f2.txt"_s);
        auto doc = open(file);
        QVERIFY(doc);
        Observer observer;
        doc->addObserver(&observer);
        const QImage first = pixmap(doc.get(), &observer, 1, 600, true);
        QVERIFY(!first.isNull());
        for (int round = 0; round < 3; ++round) {
            // A request, then the document closes at once.
            auto *request = new Okular::PixmapRequest(&observer, 2, 600, 849, 1.0, 1, Okular::PixmapRequest::Asynchronous);
            doc->requestPixmaps({request}, Okular::Document::RemoveAllPrevious);
            QVERIFY(reopenIn(doc.get(), file, round == 1 ? "SourceOrder" : "Interlinear"));
            const QImage again = pixmap(doc.get(), &observer, 1, 600, true);
            if (round == 1) {
                QVERIFY(!again.isNull());
                QVERIFY(!imageDiff(again, first).isEmpty()); // another layout
            } else {
                QVERIFY2(imageDiff(again, first).isEmpty(), qPrintable(imageDiff(again, first)));
            }
        }
        // Deleted with requests under way: the generator and its painter thread go.
        for (int i = 0; i < 3; ++i) {
            auto *request = new Okular::PixmapRequest(&observer, i, 600, 849, 1.0, 1, Okular::PixmapRequest::Asynchronous);
            doc->requestPixmaps({request}, Okular::Document::NoOption);
        }
        doc->removeObserver(&observer);
        doc.reset();
        auto fresh = open(file);
        QVERIFY(fresh);
        fresh->addObserver(&observer);
        QVERIFY(imageDiff(pixmap(fresh.get(), &observer, 1, 600, true), first).isEmpty());
        // Two documents at once (two tabs), each with its generator and painter thread.
        auto second = open(sample(u"1956-03-02_推广双轮双铧犁工作中的几个问题.md"_s));
        QVERIFY(second);
        Observer other;
        second->addObserver(&other);
        QVERIFY(!pixmap(second.get(), &other, 0, 600, true).isNull());
        QVERIFY(imageDiff(pixmap(fresh.get(), &observer, 1, 600, true), first).isEmpty());
        second->removeObserver(&other);
        fresh->removeObserver(&observer);
    }
};

QTEST_MAIN(PainterTest)
#include "paintertest.moc"
