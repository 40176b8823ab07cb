// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Painting pages in threads that live on from page to page.
//
// Qt's font engines, FreeType faces and the raster engine's glyph caches belong to one thread. A
// viewer that paints every page in a new thread (Okular starts a QThread per pixmap request)
// creates the faces again and rasterises every glyph again for every page; serif CJK faces make
// that expensive. A PagePainterPool keeps a thread of its own (or two): render() hands the page to
// it and waits, so its faces and glyph caches stay warm from page to page. With two threads each
// paints one band of the image (about half its glyphs), each with its own fonts. Either way the
// pixels are the same as renderPageImage() paints in the calling thread.
//
// Memory stays bounded: a thread that has been idle for a while ends (its fonts and glyph caches
// go with it), and so does one whose rasterised glyphs (estimated) pass a budget; the next job
// starts it again.
//
// The pool's thread can also do other font work (run(), post()): the Okular generator lays its
// documents out there, so that the faces are loaded once in the process and are warm for the
// first page. After an idle end or a renewal the next job runs in a new OS thread, which
// per-thread caches of font objects tell from the old run by Detail::currentThreadSerial().
//
// Thread-safe: render() may be called from any thread, also concurrently. A job holds a
// shared_ptr to its document, so the caller may drop its own (close, re-layout) at any time. The
// destructor waits for the threads (jobs queued are finished first); render() from within a
// pool thread, or after shutdown(), paints in the calling thread.

#pragma once

#include "layout/pagemodel.h"
#include "okbcore_export.h"

#include <QImage>
#include <QRect>
#include <QSize>

#include <functional>
#include <memory>

namespace Okb
{

class OKBCORE_EXPORT PagePainterPool
{
public:
    struct Options {
        // 1; 2: two bands of each image painted at once (about halves the wall time of a page
        // with many new glyphs where a core is free, but each thread loads its own faces and
        // glyphs: more memory and CPU); -1: 2 where the machine has more than one core, else 1;
        // 0: none, render() paints in the calling thread (for comparison). The environment
        // variable OKB_PAINTER_THREADS (0, 1, 2) overrides it, for measuring; OKB_PAINTER_TRACE=1
        // prints each render's time on stderr.
        int threads = 1;
        int idleMs = 30000; // a thread idle this long ends
        qint64 glyphBudgetBytes = 12 * 1024 * 1024; // a thread whose glyph caches (estimated) pass this is renewed
        int minBandPixels = 256 * 256; // smaller images are painted by one thread
    };

    PagePainterPool();
    explicit PagePainterPool(const Options &options);
    ~PagePainterPool();
    PagePainterPool(const PagePainterPool &) = delete;
    PagePainterPool &operator=(const PagePainterPool &) = delete;

    // Part `target` (device pixels; null: all) of page `index` drawn `fullSize` pixels large, on
    // white, as QImage::Format_ARGB32_Premultiplied of target's size: what renderPageImage()
    // gives for the whole page, cut to `target`. Blocks until painted. A null image for a bad
    // index or size.
    QImage render(std::shared_ptr<const LaidOutDocument> doc, int index, QSize fullSize, QRect target = QRect());

    // The text of page `index` (LaidOutPage::text), made in the pool's (first) thread: for a
    // document whose pages are made on demand (PageList::isLazy()) the page is typeset there,
    // with that thread's warm fonts and paragraphs, and kept for render() of the same page (made
    // once, not once per thread). Blocks. Empty for a bad index.
    PageText pageText(std::shared_ptr<const LaidOutDocument> doc, int index);

    // Prepares the threads for painting `doc`, in the background (returns at once): each makes
    // the first `pages` pages and loads the faces they use (not their glyphs: what they are
    // rasterised for depends on the size asked for). Queued before later renders.
    void warmUp(std::shared_ptr<const LaidOutDocument> doc, int pages = 1);

    // Runs `work` in the pool's (first) thread and waits for it: font work that should find that
    // thread's fonts warm, and leave them warm for the pages (laying out a document, reading a
    // lazy document's pages). Its fonts are the thread's: what it makes must not carry raw fonts
    // (QGlyphRun::rawFont()) out to other threads, nor keep them past the thread's end (30 s
    // idle: its FreeType faces are closed then). In the calling thread when that is a pool thread,
    // the pool has no thread (threads 0, shut down) or none could be started.
    void run(const std::function<void()> &work);
    // The same without waiting: queued before later jobs (run(), render(), ...).
    void post(std::function<void()> work);

    // Drops the raw fonts from the glyph runs of `doc`'s pages (made in the calling thread, e.g. by
    // layoutArticle() in run()): they belong to the thread that made them (its FreeType faces,
    // closed when it ends; not to be used beside it). Afterwards the document may be read, painted
    // and exported in any thread, at any time: painting takes each run's face from its item's
    // QFont in the painting thread (GlyphItem::font, pixelSize), as it always does. A lazy
    // document's pages are made in the reading thread: nothing to drop.
    static void releaseThreadFonts(LaidOutDocument &doc);

    // Ends the threads (after their queued jobs); render() then paints in the calling thread.
    void shutdown();

    // For tests and diagnostics.
    int threadCount() const; // threads the pool uses (1 or 2)
    int runningThreads() const; // threads running now
    int threadStarts() const; // threads started so far (renewals included)

private:
    bool inPool() const; // called in one of the pool's threads (or the pool has none)
    class Worker;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Okb
