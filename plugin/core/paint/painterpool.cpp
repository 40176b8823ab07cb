// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "paint/painterpool.h"
#include "paint/facecache_p.h"
#include "layout/typesetter.h"

#include <QElapsedTimer>
#include <QPainter>
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

#include <time.h>
#include <vector>

namespace Okb
{

namespace
{
// The thread keeps its typesetting caches from one document's layout to the next (see
// Detail::Typesetter::keepCachesInThisThread()); they go with the thread, before Qt's fonts.
struct KeptTypesetting {
    KeptTypesetting()
    {
        Detail::Typesetter::keepCachesInThisThread();
    }
    ~KeptTypesetting()
    {
        Detail::Typesetter::dropKeptCaches();
    }
    KeptTypesetting(const KeptTypesetting &) = delete;
    KeptTypesetting &operator=(const KeptTypesetting &) = delete;
};

// What a pool thread keeps from job to job; made and destroyed in that thread.
struct ThreadContext {
    KeptTypesetting typesetting;
    Detail::FaceCache faces;
    Detail::GlyphTally tally;
};
using Job = std::function<void(ThreadContext &)>;

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

bool traceOn()
{
    static const bool on = qEnvironmentVariableIntValue("OKB_PAINTER_TRACE") == 1;
    return on;
}
} // namespace

// One thread with a queue of jobs. The thread starts with the first job, ends after idleMs
// without work or once its glyph caches pass the budget (and its queue is empty), and starts
// again with the next job.
class PagePainterPool::Worker
{
public:
    Worker(const Options &options, std::atomic<int> *starts)
        : m_idle(std::max(1, options.idleMs))
        , m_budget(options.glyphBudgetBytes)
        , m_starts(starts)
    {
    }
    ~Worker()
    {
        stop();
    }

    // Queues a job; false (nothing queued) once stopping.
    bool post(Job job)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_stopping || m_failed) {
            return false;
        }
        m_queue.push_back(std::move(job));
        if (m_running) {
            m_cv.notify_all();
            return true;
        }
        m_running = true;
        m_startPending = true;
        lock.unlock();
        bool started = false;
        {
            std::lock_guard<std::mutex> start(m_startMutex);
            if (m_thread) {
                m_thread->wait(); // the previous run (ended idle or renewed) is all gone
            }
            // A new OS thread, whatever the QThread object: per-thread caches of font objects
            // (the typesetter's shaping cache, a lazy document's pages) know threads by
            // Detail::currentThreadSerial(), so none takes it for the run whose faces are gone.
            m_thread = std::make_unique<Thread>(this);
            m_thread->setObjectName(QStringLiteral("okb-painter"));
            m_current.store(m_thread.get());
            m_thread->start();
            // Not running and not finished: no thread could be made (Qt has warned).
            started = m_thread->isRunning() || m_thread->isFinished();
            m_starts->fetch_add(started ? 1 : 0);
        }
        lock.lock();
        m_startPending = false;
        m_cv.notify_all();
        if (!started) {
            // Nobody will run what is queued (this job and any queued meanwhile): run it here, and
            // from now on the callers paint themselves.
            m_failed = true;
            m_running = false;
            std::deque<Job> orphans;
            orphans.swap(m_queue);
            lock.unlock();
            ThreadContext here;
            for (Job &j : orphans) {
                j(here);
            }
        }
        return true;
    }

    // Lets the queued jobs finish, then ends the thread; later posts fail.
    void stop()
    {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_stopping = true;
            m_cv.notify_all();
            m_cv.wait(lock, [this] {
                return !m_startPending;
            });
        }
        std::lock_guard<std::mutex> start(m_startMutex);
        if (m_thread) {
            m_thread->wait();
        }
    }

    bool isRunning() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_running;
    }
    bool isCurrentThread() const
    {
        return QThread::currentThread() == m_current.load();
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
            std::unique_lock<std::mutex> lock(m_mutex);
            bool renew = false;
            for (;;) {
                if (m_queue.empty()) {
                    if (m_stopping || renew) {
                        break;
                    }
                    if (!m_cv.wait_for(lock, m_idle, [this] {
                            return !m_queue.empty() || m_stopping;
                        })) {
                        break; // idle: let the fonts and glyph caches go
                    }
                    continue;
                }
                Job job = std::move(m_queue.front());
                m_queue.pop_front();
                lock.unlock();
                job(context);
                job = nullptr; // what it holds goes here, in this thread
                renew = m_budget > 0 && context.tally.bytes() > m_budget;
                lock.lock();
            }
            m_running = false;
        } // the context (raw fonts) goes in this thread, before Qt's per-thread font caches
    }

    const std::chrono::milliseconds m_idle;
    const qint64 m_budget;
    std::atomic<int> *const m_starts;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Job> m_queue;
    bool m_running = false;
    bool m_stopping = false;
    bool m_startPending = false;
    bool m_failed = false; // a thread could not be started
    std::mutex m_startMutex; // start() and wait() of m_thread
    std::unique_ptr<Thread> m_thread; // this run's (or the last run's)
    std::atomic<QThread *> m_current{nullptr}; // m_thread, for isCurrentThread() from any thread
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
void paintBand(ThreadContext *context,
               const LaidOutDocument &doc,
               int index,
               const QSize &fullSize,
               const QRect &target,
               uchar *bits,
               qsizetype bytesPerLine,
               int y0,
               int y1,
               bool clip)
{
    // A view of the caller's image: the bands write disjoint rows of the same buffer.
    QImage view(bits, target.width(), target.height(), bytesPerLine, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&view);
    const QRect band(0, y0, target.width(), y1 - y0);
    if (clip) {
        painter.setClipRect(band);
    }
    const QRectF visible = Detail::beginPagePart(painter, doc, fullSize, target, QRectF(band));
    context->tally.setDeviceScale(std::sqrt(std::abs(painter.transform().determinant())));
    Detail::paintLaidOutPage(&painter, doc.pages.at(index), context->faces, visible, &context->tally);
    painter.end();
}
} // namespace

QImage PagePainterPool::render(std::shared_ptr<const LaidOutDocument> doc, int index, QSize fullSize, QRect target)
{
    if (!doc) {
        return QImage();
    }
    target = Detail::requestedPart(*doc, index, fullSize, target);
    if (target.isEmpty()) {
        return QImage();
    }
    QElapsedTimer trace;
    trace.start();
    QImage image(target.size(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        return image;
    }
    image.fill(Qt::white);

    const bool inPool = this->inPool();
    const bool twoBands = !inPool && d->workers.size() > 1 && qint64(target.width()) * target.height() >= d->options.minBandPixels && target.height() >= 2;
    const int bands = twoBands ? 2 : 1;
    const int split = twoBands ? splitRow(*doc, index, Detail::pageToTarget(*doc, fullSize, target), target.size()) : target.height();

    struct Done {
        std::mutex mutex;
        std::condition_variable cv;
        int left = 0;
        double cpuMs = 0; // the painting threads' CPU (traced only)
    };
    const auto done = std::make_shared<Done>();
    done->left = bands;
    uchar *const bits = image.bits();
    const qsizetype bytesPerLine = image.bytesPerLine();
    for (int b = 0; b < bands; ++b) {
        const int y0 = b == 0 ? 0 : split;
        const int y1 = b == bands - 1 ? target.height() : split;
        Job job = [doc, index, fullSize, target, bits, bytesPerLine, y0, y1, twoBands, done](ThreadContext &context) {
            const double cpu0 = traceOn() ? threadCpuMs() : 0;
            paintBand(&context, *doc, index, fullSize, target, bits, bytesPerLine, y0, y1, twoBands);
            const double cpu = traceOn() ? threadCpuMs() - cpu0 : 0;
            std::lock_guard<std::mutex> lock(done->mutex);
            done->cpuMs += cpu;
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
    if (traceOn()) {
        fprintf(stderr,
                "okb-painter: page %d %dx%d, %d band(s) split at %d: %.2f ms, %.2f ms CPU painting\n",
                index,
                target.width(),
                target.height(),
                bands,
                split,
                trace.nsecsElapsed() / 1e6,
                done->cpuMs);
    }
    return image;
}

PageText PagePainterPool::pageText(std::shared_ptr<const LaidOutDocument> doc, int index)
{
    if (!doc || index < 0 || index >= doc->pages.size()) {
        return PageText();
    }
    PageText text;
    run([&] {
        text = doc->pages.at(index).text; // a lazy page is typeset here, with the pool's fonts
    });
    return text;
}

bool PagePainterPool::inPool() const
{
    return d->workers.empty() || std::any_of(d->workers.begin(), d->workers.end(), [](const auto &w) {
               return w->isCurrentThread();
           });
}

void PagePainterPool::run(const std::function<void()> &work)
{
    if (inPool()) {
        work();
        return;
    }
    struct Done {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
    };
    const auto done = std::make_shared<Done>();
    // `work` outlives the job: this call waits for it.
    const Job job = [&work, done](ThreadContext &) {
        work();
        std::lock_guard<std::mutex> lock(done->mutex);
        done->done = true;
        done->cv.notify_all();
    };
    if (!d->workers.front()->post(job)) {
        work();
        return;
    }
    std::unique_lock<std::mutex> lock(done->mutex);
    done->cv.wait(lock, [&done] {
        return done->done;
    });
}

void PagePainterPool::post(std::function<void()> work)
{
    if (d->workers.empty()) {
        work();
        return;
    }
    const Job job = [work](ThreadContext &) {
        work();
    };
    if (!d->workers.front()->post(job)) {
        work();
    }
}

void PagePainterPool::releaseThreadFonts(LaidOutDocument &doc)
{
    if (doc.pages.isLazy()) {
        return;
    }
    QList<LaidOutPage> pages = doc.pages.toList();
    doc.pages = PageList(); // the pages' lists are not shared now: changed in place
    for (LaidOutPage &page : pages) {
        for (GlyphItem &g : page.glyphs) {
            g.run.setRawFont(QRawFont());
        }
    }
    doc.pages = PageList(std::move(pages));
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

} // namespace Okb
