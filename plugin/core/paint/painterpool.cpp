// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "paint/painterpool.h"
#include "paint/facecache_p.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QRawFont>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace Okb
{

namespace
{
// What a pool thread keeps from job to job; made and destroyed in that thread.
struct ThreadContext {
    Detail::FaceCache faces;
    Detail::GlyphTally tally;
    QList<QRawFont> warmFonts; // warmUpFonts(): keeps their faces loaded in this thread
    std::function<bool()> urgentWaiting; // true while a job waits in the queue (speculative work yields)
};
using Job = std::function<void(ThreadContext &)>;

bool traceOn()
{
    static const bool on = qEnvironmentVariableIntValue("OKB_PAINTER_TRACE") == 1;
    return on;
}
} // namespace

// One thread with a queue of jobs, and at most one speculative job that runs when the queue is
// empty (and yields to any job queued meanwhile). The thread starts with the first job, ends
// after idleMs without work or once its glyph caches pass the budget (and its queue is empty),
// and starts again with the next job.
class PagePainterPool::Worker
{
public:
    Worker(const Options &options, std::atomic<int> *starts)
        : m_idle(std::max(1, options.idleMs))
        , m_budget(options.glyphBudgetBytes)
        , m_starts(starts)
        , m_thread(this)
    {
        m_thread.setObjectName(QStringLiteral("okb-painter"));
    }
    ~Worker()
    {
        stop();
    }

    // Queues a job (or, speculative, replaces the speculative one); false (nothing queued) once
    // stopping.
    bool post(Job job, bool speculative = false)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_stopping) {
            return false;
        }
        if (speculative) {
            if (!m_running) {
                return false; // work ahead never starts a thread
            }
            m_speculative = std::move(job);
            m_cv.notify_all();
            return true;
        } else {
            m_queue.push_back(std::move(job));
            m_urgent.fetch_add(1);
        }
        if (m_running) {
            m_cv.notify_all();
            return true;
        }
        m_running = true;
        m_startPending = true;
        lock.unlock();
        {
            std::lock_guard<std::mutex> start(m_startMutex);
            m_thread.wait(); // the previous run (ended idle or renewed) is all gone
            m_thread.start();
            m_starts->fetch_add(1);
        }
        lock.lock();
        m_startPending = false;
        m_cv.notify_all();
        return true;
    }

    // Lets the queued jobs finish (drops the speculative one), then ends the thread; later posts
    // fail.
    void stop()
    {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_stopping = true;
            m_speculative = nullptr;
            m_cv.notify_all();
            m_cv.wait(lock, [this] {
                return !m_startPending;
            });
        }
        std::lock_guard<std::mutex> start(m_startMutex);
        m_thread.wait();
    }

    bool isRunning() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_running;
    }
    bool isCurrentThread() const
    {
        return QThread::currentThread() == &m_thread;
    }

private:
    class Thread : public QThread
    {
    public:
        explicit Thread(Worker *worker)
            : m_worker(worker)
        {
        }

    protected:
        void run() override
        {
            m_worker->run();
        }

    private:
        Worker *const m_worker;
    };

    void run()
    {
        {
            ThreadContext context;
            context.urgentWaiting = [this] {
                return m_urgent.load(std::memory_order_relaxed) > 0;
            };
            std::unique_lock<std::mutex> lock(m_mutex);
            bool renew = false;
            for (;;) {
                Job job;
                if (!m_queue.empty()) {
                    job = std::move(m_queue.front());
                    m_queue.pop_front();
                    m_urgent.fetch_sub(1);
                } else if (m_speculative && !m_stopping && !renew) {
                    job = std::move(m_speculative);
                    m_speculative = nullptr;
                } else if (m_stopping || renew) {
                    break;
                } else {
                    if (!m_cv.wait_for(lock, m_idle, [this] {
                            return !m_queue.empty() || m_speculative || m_stopping;
                        })) {
                        break; // idle: let the fonts and glyph caches go
                    }
                    continue;
                }
                lock.unlock();
                job(context);
                job = nullptr; // what it holds goes here, in this thread
                renew = m_budget > 0 && context.tally.bytes() > m_budget;
                lock.lock();
            }
            m_speculative = nullptr;
            m_running = false;
        } // the context (raw fonts) goes in this thread, before Qt's per-thread font caches
    }

    const std::chrono::milliseconds m_idle;
    const qint64 m_budget;
    std::atomic<int> *const m_starts;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Job> m_queue;
    std::atomic<int> m_urgent{0}; // jobs in m_queue
    Job m_speculative;
    bool m_running = false;
    bool m_stopping = false;
    bool m_startPending = false;
    std::mutex m_startMutex; // start() and wait() of m_thread
    Thread m_thread;
};

struct PagePainterPool::Private {
    Options options;
    std::atomic<int> starts{0};
    std::vector<std::unique_ptr<Worker>> workers;
};

PagePainterPool::PagePainterPool()
    : PagePainterPool(Options())
{
}

PagePainterPool::PagePainterPool(const Options &options)
    : d(std::make_unique<Private>())
{
    d->options = options;
    int threads = options.threads;
    if (threads < 0) {
        threads = std::thread::hardware_concurrency() > 1 ? 2 : 1;
    }
    if (qEnvironmentVariableIsSet("OKB_PAINTER_THREADS")) { // experiments: 0 = paint in the caller's thread
        threads = qEnvironmentVariableIntValue("OKB_PAINTER_THREADS");
    }
    threads = std::clamp(threads, 0, 2);
    for (int i = 0; i < threads; ++i) {
        d->workers.push_back(std::make_unique<Worker>(d->options, &d->starts));
    }
}

PagePainterPool::~PagePainterPool()
{
    shutdown();
}

void PagePainterPool::shutdown()
{
    for (const auto &w : d->workers) {
        w->stop();
    }
}

int PagePainterPool::threadCount() const
{
    return int(d->workers.size());
}

int PagePainterPool::runningThreads() const
{
    return int(std::count_if(d->workers.begin(), d->workers.end(), [](const auto &w) {
        return w->isRunning();
    }));
}

int PagePainterPool::threadStarts() const
{
    return d->starts.load();
}

namespace
{
// Page points to the device pixels of `target` (part of the page drawn fullSize large).
QTransform pageToTarget(const LaidOutDocument &doc, const QSize &fullSize, const QRect &target)
{
    QTransform t;
    t.translate(-target.left(), -target.top());
    t.scale(fullSize.width() / doc.pageSize.width(), fullSize.height() / doc.pageSize.height());
    return t;
}

// The row of `target` where the page's glyphs are split in two halves, so that the two bands
// have about the same work; the middle where that is not known cheaply.
int splitRow(const LaidOutDocument &doc, int index, const QTransform &toDevice, const QSize &size)
{
    const int middle = size.height() / 2;
    if (doc.pages.isLazy()) {
        return middle; // making the page here would typeset it in this (the caller's) thread
    }
    const LaidOutPage page = doc.pages.at(index);
    QList<std::pair<double, qsizetype>> rows; // device y of a run's baseline, its glyphs
    qsizetype total = 0;
    for (const GlyphItem &g : page.glyphs) {
        const QList<QPointF> positions = g.run.positions();
        if (positions.isEmpty()) {
            continue;
        }
        const double y = toDevice.map(positions.first()).y();
        if (y < 0 || y > size.height()) {
            continue;
        }
        rows.append({y, positions.size()});
        total += positions.size();
    }
    if (total < 2) {
        return middle;
    }
    std::sort(rows.begin(), rows.end());
    qsizetype sum = 0;
    for (const auto &[y, n] : std::as_const(rows)) {
        sum += n;
        if (2 * sum >= total) {
            return std::clamp(int(std::lround(y)), 1, size.height() - 1);
        }
    }
    return middle;
}

// Paints rows [y0, y1) of the image at `bits` (target's part of the page drawn fullSize large).
// Without bits: only loads the glyphs those rows need into this thread's caches (on a scratch
// device: Qt's FreeType engine keeps the glyphs it rasterises per size and transform, whatever
// the device), until `stop` says so.
void paintBand(ThreadContext *context,
               const LaidOutDocument &doc,
               int index,
               const QSize &fullSize,
               const QRect &target,
               uchar *bits,
               qsizetype bytesPerLine,
               int y0,
               int y1,
               bool clip,
               const std::function<bool()> &stop = {})
{
    QImage scratch;
    QImage view;
    if (bits) {
        // A view of the caller's image: the bands write disjoint rows of the same buffer.
        view = QImage(bits, target.width(), target.height(), bytesPerLine, QImage::Format_ARGB32_Premultiplied);
    } else {
        scratch = QImage(1, 1, QImage::Format_ARGB32_Premultiplied);
    }
    QPainter painter(bits ? &view : &scratch);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    const QRect band(0, y0, target.width(), y1 - y0);
    if (clip && bits) {
        painter.setClipRect(band);
    }
    painter.translate(-target.topLeft());
    painter.scale(fullSize.width() / doc.pageSize.width(), fullSize.height() / doc.pageSize.height());
    const QRectF visible = painter.transform().inverted().mapRect(QRectF(band));
    context->tally.setDeviceScale(std::sqrt(std::abs(painter.transform().determinant())));
    const LaidOutPage page = doc.pages.at(index);
    if (!bits) {
        Detail::paintLaidOutPage(&painter, LaidOutPage{page.glyphs, {}, {}, {}}, context->faces, visible, &context->tally, stop);
    } else {
        Detail::paintLaidOutPage(&painter, page, context->faces, visible, &context->tally);
    }
    painter.end();
}
} // namespace

QImage PagePainterPool::render(std::shared_ptr<const LaidOutDocument> doc, int index, QSize fullSize, QRect target)
{
    if (!doc || index < 0 || index >= doc->pages.size() || fullSize.isEmpty() || doc->pageSize.isEmpty()) {
        return QImage();
    }
    const bool wholePage = target.isNull() || target == QRect(QPoint(0, 0), fullSize);
    if (target.isNull()) {
        target = QRect(QPoint(0, 0), fullSize);
    }
    if (target.isEmpty() || target.width() > 20000 || target.height() > 20000) {
        return QImage();
    }
    QElapsedTimer trace;
    trace.start();
    QImage image(target.size(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        return image;
    }
    image.fill(Qt::white);

    const bool inPool = d->workers.empty() || std::any_of(d->workers.begin(), d->workers.end(), [](const auto &w) {
                            return w->isCurrentThread();
                        });
    const bool twoBands = !inPool && d->workers.size() > 1 && qint64(target.width()) * target.height() >= d->options.minBandPixels && target.height() >= 2;
    const int bands = twoBands ? 2 : 1;
    const int split = twoBands ? splitRow(*doc, index, pageToTarget(*doc, fullSize, target), target.size()) : target.height();

    struct Done {
        std::mutex mutex;
        std::condition_variable cv;
        int left = 0;
    };
    const auto done = std::make_shared<Done>();
    done->left = bands;
    uchar *const bits = image.bits();
    const qsizetype bytesPerLine = image.bytesPerLine();
    for (int b = 0; b < bands; ++b) {
        const int y0 = b == 0 ? 0 : split;
        const int y1 = b == bands - 1 ? target.height() : split;
        Job job = [doc, index, fullSize, target, bits, bytesPerLine, y0, y1, twoBands, done](ThreadContext &context) {
            paintBand(&context, *doc, index, fullSize, target, bits, bytesPerLine, y0, y1, twoBands);
            std::lock_guard<std::mutex> lock(done->mutex);
            --done->left;
            done->cv.notify_all();
        };
        if (inPool || !d->workers.at(b)->post(job)) {
            ThreadContext own; // in the calling thread, with its (cold or warm) fonts
            job(own);
        }
    }
    {
        std::unique_lock<std::mutex> lock(done->mutex);
        done->cv.wait(lock, [&done] {
            return done->left == 0;
        });
    }
    // While the viewer shows this page, the threads load the glyphs of the next one at this size
    // (a reader goes on to it; a new request stops them).
    if (!inPool && wholePage && index + 1 < doc->pages.size()) {
        const int next = index + 1;
        for (int b = 0; b < bands; ++b) {
            d->workers.at(b)->post(
                [doc, next, fullSize, target, twoBands, b](ThreadContext &context) {
                    int y0 = 0;
                    int y1 = target.height();
                    if (twoBands) {
                        const int split = splitRow(*doc, next, pageToTarget(*doc, fullSize, target), target.size());
                        (b == 0 ? y1 : y0) = split;
                    }
                    paintBand(&context, *doc, next, fullSize, target, nullptr, 0, y0, y1, twoBands, context.urgentWaiting);
                },
                true);
        }
    }
    if (traceOn()) {
        fprintf(stderr, "okb-painter: page %d %dx%d, %d band(s) split at %d: %.2f ms\n", index, target.width(), target.height(), bands, split, trace.nsecsElapsed() / 1e6);
    }
    return image;
}

void PagePainterPool::warmUp(std::shared_ptr<const LaidOutDocument> doc, int pages)
{
    if (!doc) {
        return;
    }
    for (const auto &w : d->workers) {
        w->post([doc, pages](ThreadContext &context) {
            for (int i = 0; i < std::min<int>(pages, int(doc->pages.size())); ++i) {
                const LaidOutPage page = doc->pages.at(i);
                for (const GlyphItem &g : page.glyphs) {
                    context.faces.get(g);
                }
            }
        });
    }
}

void PagePainterPool::warmUpFonts(const QList<QFont> &fonts)
{
    for (const auto &w : d->workers) {
        w->post([fonts](ThreadContext &context) {
            for (const QFont &f : fonts) {
                QRawFont raw = QRawFont::fromFont(f);
                if (raw.isValid()) {
                    context.warmFonts.append(raw);
                }
            }
        });
    }
}

} // namespace Okb
