// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okb-paint-profile: what painting the first pages of an article costs, 800 px wide.
//   ./dev exec build/bin/okb-paint-profile FILE [MODE] [WHAT]
// WHAT: main (default): each page in this thread, cold then again (thread CPU);
//       thread: each page in a new thread of its own (as Okular's asynchronous requests);
//       split, one: the pages in a painter thread, laid out here or in that thread;
//       pool1, pool2: through a PagePainterPool of 1 or 2 threads, twice over (wall), checked
//       against renderPageImage();
//       stats: glyphs per page, distinct glyphs, and distinct glyphs at quarter-pixel offsets;
//       png DIR: every page through a two-thread pool, as DIR/page-N.png.

#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "paint/pagepainter.h"
#include "paint/painterpool.h"
#include "parse/articleparser.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QSet>
#include <QTextStream>

#include <cmath>
#include <thread>

#include <time.h>

using namespace Qt::StringLiterals;

namespace
{
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: okb-paint-profile FILE [MODE] [main|thread|pool1|pool2|stats]\n";
        return 2;
    }
    Okb::LayoutSettings settings;
    const QStringList names = {u"SourceOrder"_s, u"Interlinear"_s, u"SideBySide"_s, u"FacingPages"_s, u"EnglishOnly"_s, u"ChineseOnly"_s};
    settings.mode = Okb::LayoutMode(std::max(0, int(names.indexOf(args.value(2, u"SourceOrder"_s)))));
    Okb::ParseResult parsed = Okb::parseArticleFile(args.at(1));
    if (!parsed.ok) {
        out << "parse error: " << parsed.error << '\n';
        return 1;
    }
    Okb::Alignment alignment;
    if (settings.mode != Okb::LayoutMode::SourceOrder && parsed.article.hasEnglish() && parsed.article.hasChinese()) {
        alignment = Okb::alignArticle(parsed.article, {});
    }
    const auto doc =
        std::make_shared<const Okb::LaidOutDocument>(Okb::layoutArticle(parsed.article, alignment.pairs.isEmpty() ? nullptr : &alignment, settings));
    const int width = 800;
    const int height = qRound(width * doc->pageSize.height() / doc->pageSize.width());
    const auto paintHere = [&](int page) {
        const double t = threadCpuMs();
        const QImage img = Okb::renderPageImage(*doc, page, width, height);
        return threadCpuMs() - t;
    };
    const QString what = args.value(3, u"main"_s);
    const int n = std::min<int>(int(doc->pages.size()), 4);
    if (what == u"main"_s) {
        for (int page = 0; page < n; ++page) {
            out << "page " << page + 1 << " cold, in this thread: " << paintHere(page) << " ms CPU\n";
        }
        for (int page = 0; page < n; ++page) {
            out << "page " << page + 1 << " again: " << paintHere(page) << " ms CPU\n";
        }
    } else if (what == u"thread"_s) {
        for (int page = 0; page < n; ++page) {
            double ms = 0;
            std::thread([&] {
                ms = paintHere(page);
            }).join();
            out << "page " << page + 1 << " in a new thread: " << ms << " ms CPU\n";
        }
    } else if (what.startsWith(u"pool"_s)) {
        Okb::PagePainterPool::Options options;
        options.threads = what.mid(4).toInt();
        Okb::PagePainterPool pool(options);
        for (int round = 0; round < 2; ++round) {
            for (int page = 0; page < n; ++page) {
                QElapsedTimer t;
                t.start();
                const QImage img = pool.render(doc, page, QSize(width, height));
                const double ms = t.nsecsElapsed() / 1e6;
                out << "page " << page + 1 << " through the pool: " << ms << " ms wall, "
                    << (img == Okb::renderPageImage(*doc, page, width, height) ? "identical" : "DIFFERENT") << '\n';
            }
        }
    } else if (what == u"split"_s || what == u"one"_s) {
        // The first pages painted in a painter thread (thread CPU, painted inside a job of the
        // pool): split, laid out in this thread (the painter thread loads its faces for page 1, as
        // with a layout in Okular's GUI thread); one, laid out in the painter thread first
        // (PagePainterPool::run(), as the generator does), which then finds its faces warm.
        Okb::PagePainterPool pool;
        std::shared_ptr<const Okb::LaidOutDocument> painted = doc;
        if (what == u"one"_s) {
            auto own = std::make_shared<Okb::LaidOutDocument>();
            double layoutMs = 0;
            double releaseMs = 0;
            pool.run([&] {
                const double t = threadCpuMs();
                *own = Okb::layoutArticle(parsed.article, alignment.pairs.isEmpty() ? nullptr : &alignment, settings);
                const double t1 = threadCpuMs();
                Okb::PagePainterPool::releaseThreadFonts(*own);
                releaseMs = threadCpuMs() - t1;
                layoutMs = t1 - t;
            });
            out << "layout in the painter thread: " << layoutMs << " ms CPU; its raw fonts released: " << releaseMs << " ms CPU\n";
            painted = own;
        }
        for (int page = 0; page < n; ++page) {
            double ms = 0;
            pool.run([&] {
                const double t = threadCpuMs();
                const QImage img = pool.render(painted, page, QSize(width, height)); // in this (the pool's) thread
                ms = threadCpuMs() - t;
            });
            out << "page " << page + 1 << " in the painter thread: " << ms << " ms CPU\n";
        }
    } else if (what == u"png"_s) {
        Okb::PagePainterPool::Options options;
        options.threads = 2;
        Okb::PagePainterPool pool(options);
        for (int page = 0; page < int(doc->pages.size()); ++page) {
            const QString path = args.value(4) + u"/page-%1.png"_s.arg(page + 1);
            out << path << (pool.render(doc, page, QSize(width, height)).save(path) ? "" : " NOT WRITTEN") << '\n';
        }
    } else if (what == u"stats"_s) {
        // Qt's raster engine keeps one rendering of a glyph per face, size, transform and
        // quarter-pixel horizontal offset (QFontEngine::subPixelPositionFor(); the vertical offset
        // only with QPainter::VerticalSubpixelPositioning, which we do not set): the renderings a
        // page needs with cold glyph caches, all faces and Han faces apart.
        const double scale = width / doc->pageSize.width();
        for (int page = 0; page < n; ++page) {
            QSet<QString> distinct;
            QSet<QString> offsets;
            QSet<QString> offsetsXY;
            QSet<QString> hanDistinct;
            QSet<QString> hanOffsets;
            qsizetype total = 0;
            qsizetype han = 0;
            for (const Okb::GlyphItem &g : doc->pages.at(page).glyphs) {
                const QList<quint32> glyphs = g.run.glyphIndexes();
                const QList<QPointF> positions = g.run.positions();
                const bool cjk = g.font.family().contains(u"CJK"_s);
                for (qsizetype k = 0; k < glyphs.size(); ++k) {
                    ++total;
                    const QString key = g.font.key() + QString::number(g.pixelSize) + u':' + QString::number(glyphs.at(k));
                    distinct.insert(key);
                    const double x = positions.value(k).x() * scale;
                    const double y = positions.value(k).y() * scale;
                    const QString qx = QString::number(int(std::floor((x - std::floor(x)) * 4)));
                    offsets.insert(key + u'@' + qx);
                    offsetsXY.insert(key + u'@' + qx + u',' + QString::number(int(std::floor((y - std::floor(y)) * 4))));
                    if (cjk) {
                        ++han;
                        hanDistinct.insert(key);
                        hanOffsets.insert(key + u'@' + qx);
                    }
                }
            }
            out << "page " << page + 1 << ": " << total << " glyphs, " << distinct.size() << " distinct, " << offsets.size()
                << " distinct at quarter-pixel x offsets (" << offsetsXY.size() << " at x and y offsets); CJK faces: " << han << " glyphs, "
                << hanDistinct.size() << " distinct, " << hanOffsets.size() << " at quarter-pixel x offsets\n";
        }
    }
    return 0;
}
