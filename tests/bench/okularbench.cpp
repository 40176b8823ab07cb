// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okb-bench: our generator against Okular's own txt generator, through Okular::Document, in the
// same run, on the same files. Not a test (no pass/fail): it prints a table. `./dev bench`.
//
// Each measurement runs in a child process (this program with --single) so that the peak memory
// (VmHWM) belongs to one generator, one file and one mode.

#include <okular/core/document.h>
#include <okular/core/generator.h>
#include <okular/core/observer.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>
#include <okular/core/textpage.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>

#include <csignal>
#include <cstdlib>

#include <malloc.h>

#include <sys/resource.h>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

using namespace Qt::StringLiterals;

namespace
{
class Observer : public Okular::DocumentObserver
{
};

// OKB_BENCH_TEXTDUMP=FILE: what Okular made of each page's text (after its own reordering), to
// compare two builds whose text pages should read the same: the page's text, the text of a few
// selection areas, the word under points along the page and where searches for pieces of the
// page's own text land (bounding rects, 4 decimals).
void dumpTextPages(Okular::Document &doc, int pages, const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return;
    }
    QTextStream ts(&f);
    const auto rectText = [](const Okular::RegularAreaRect *r) {
        if (!r || r->isEmpty()) {
            return u"-"_s;
        }
        Okular::NormalizedRect u = r->first();
        for (const Okular::NormalizedRect &x : *r) {
            u |= x;
        }
        return u"%1,%2,%3,%4"_s.arg(u.left, 0, 'f', 4).arg(u.top, 0, 'f', 4).arg(u.right, 0, 'f', 4).arg(u.bottom, 0, 'f', 4);
    };
    for (int i = 0; i < pages; ++i) {
        const Okular::Page *p = doc.page(i);
        const Okular::NormalizedRect bbox = p->boundingBox();
        ts << "=== page " << i << " bbox " << (p->isBoundingBoxKnown() ? 1 : 0) << ' ' << QString::number(bbox.left, 'g', 17) << ','
           << QString::number(bbox.top, 'g', 17) << ',' << QString::number(bbox.right, 'g', 17) << ',' << QString::number(bbox.bottom, 'g', 17) << '\n'
           << p->text() << '\n';
        const QList<Okular::NormalizedRect> areas{{0, 0, 1, 0.5}, {0, 0.5, 1, 1}, {0, 0, 0.5, 1}, {0.5, 0, 1, 1}, {0.1, 0.3, 0.7, 0.6}};
        for (const Okular::NormalizedRect &a : areas) {
            Okular::RegularAreaRect area;
            area.append(a);
            ts << "--- area " << a.left << ' ' << a.top << ' ' << a.right << ' ' << a.bottom << '\n' << p->text(&area) << '\n';
        }
        for (double y = 0.05; y < 1; y += 0.037) {
            for (double x = 0.1; x < 1; x += 0.13) {
                const std::unique_ptr<Okular::RegularAreaRect> w = p->wordAt(Okular::NormalizedPoint(x, y));
                ts << "word " << x << ' ' << y << ": " << rectText(w.get()) << ' ' << (w ? p->text(w.get()) : QString()) << '\n';
            }
        }
        {
            // Every entity as Okular ordered it: text and box.
            for (const Okular::TextEntity &e : p->words(nullptr, Okular::TextPage::AnyPixelTextAreaInclusionBehaviour)) {
                const Okular::NormalizedRect a = e.area();
                ts << "entity " << e.text() << ' ' << QString::number(a.left, 'f', 6) << ',' << QString::number(a.top, 'f', 6) << ','
                   << QString::number(a.right, 'f', 6) << ',' << QString::number(a.bottom, 'f', 6) << '\n';
            }
        }
        const QString text = p->text().simplified();
        for (int k = 1; k < 8 && text.size() > 20; ++k) {
            const QString query = text.mid(text.size() * k / 8, 12);
            std::unique_ptr<Okular::RegularAreaRect> r(p->findText(0, query, Okular::FromTop, Qt::CaseInsensitive));
            ts << "find \"" << query << "\": " << rectText(r.get()) << '\n';
        }
    }
}

// A field of /proc/self/status in KiB: VmHWM (peak resident), RssAnon (heap), RssFile (mapped
// files: libraries, fonts).
qint64 statusKiB(const QString &field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QString status = QString::fromLatin1(f.readAll());
    const auto m = QRegularExpression(field + u":\\s+(\\d+)"_s).match(status);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

// With OKB_BENCH_SMAPS set, where the resident memory is after the open: /proc/self/smaps summed
// per mapped file (anonymous mappings under their kind), largest first, on stderr. Compare ours and
// txt's lists to see which libraries, fonts and heaps make the difference.
void printSmapsSummary(const QString &label)
{
    QFile f(u"/proc/self/smaps"_s);
    if (!f.open(QIODevice::ReadOnly)) {
        return;
    }
    QHash<QString, qint64> rss;
    QString current;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.isEmpty()) {
            continue;
        }
        if (std::isxdigit(static_cast<unsigned char>(line.at(0))) && line.contains('-')) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            current = parts.size() >= 6 ? QString::fromUtf8(parts.mid(5).join(' ')) : u"[anonymous]"_s;
        } else if (line.startsWith("Rss:")) {
            rss[current] += line.mid(4).simplified().split(' ').value(0).toLongLong();
        }
    }
    QList<std::pair<qint64, QString>> rows;
    for (auto it = rss.cbegin(); it != rss.cend(); ++it) {
        rows.append({it.value(), it.key()});
    }
    std::sort(rows.begin(), rows.end(), std::greater<>());
    QTextStream err(stderr);
    err << "smaps after open (" << label << "), KiB resident:\n";
    for (const auto &[kib, name] : rows) {
        if (kib >= 64) {
            err << "  " << kib << '\t' << name << '\n';
        }
    }
}

// One file, one generator, one mode: prints a JSON object on stdout.
int runSingle(const QString &file, const QString &generator, int maxPages, int pixmapWidth, bool async)
{
    // Generators come from QT_PLUGIN_PATH only: Qt also looks in the executable's folder, and a
    // copy of this program beside a plugin build (okular_generators/) would measure that plugin
    // for ours and for --baseline alike.
    QCoreApplication::removeLibraryPath(QCoreApplication::applicationDirPath());
    Okular::SettingsCore::instance(u"okb-bench"_s);
    QJsonObject out;
    Okular::Document doc(nullptr);
    Observer obs;
    doc.addObserver(&obs);
    const QString mimeName = generator == u"txt"_s ? u"text/plain"_s : u"text/x-bilingual-article"_s;
    const QMimeType mime = QMimeDatabase().mimeTypeForName(mimeName);

    // CPU time (user + system, every thread of the process) next to the wall time: on a busy
    // machine it is the steadier figure.
    const auto cpuMs = [] {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
    };
    // The kernel's share (page faults of the fonts, ICU data and plugin mapped during the open) and
    // the minor faults themselves.
    const auto sysMsAndFaults = [] {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return std::pair<double, long>(u.ru_stime.tv_sec * 1e3 + u.ru_stime.tv_usec / 1e3, u.ru_minflt);
    };
    // OKB_BENCH_PERF_CTL_OPEN=FIFO: `perf record -D -1 --control fifo:FIFO` records the open only
    // (e.g. `-e page-faults -c 1 -d -g`: where the open's page faults are).
    QFile perfCtlOpen(qEnvironmentVariable("OKB_BENCH_PERF_CTL_OPEN"));
    if (!perfCtlOpen.fileName().isEmpty() && perfCtlOpen.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        perfCtlOpen.write("enable\n");
    }
    const auto sysBefore = sysMsAndFaults();
    const double cpuBefore = cpuMs();
    QElapsedTimer t;
    t.start();
    // Under `valgrind --tool=callgrind --instr-atstart=no`: the first open's instructions, every
    // thread's (no-ops otherwise). OKB_BENCH_CALLGRIND=open2 instruments the second open instead
    // (the per-document cost), OKB_BENCH_CALLGRIND=page the first page.
    const QString callgrindWhat = qEnvironmentVariable("OKB_BENCH_CALLGRIND");
    const bool callgrindOpen2 = callgrindWhat == u"open2"_s;
    const bool callgrindPage = callgrindWhat == u"page"_s;
    if (!callgrindOpen2 && !callgrindPage) {
        CALLGRIND_START_INSTRUMENTATION;
    }
    const auto result = doc.openDocument(file, QUrl::fromLocalFile(file), mime);
    if (!callgrindOpen2 && !callgrindPage) {
        CALLGRIND_STOP_INSTRUMENTATION;
    }
    if (perfCtlOpen.isOpen()) {
        perfCtlOpen.write("disable\n");
    }
    out[u"open_ms"_s] = double(t.nsecsElapsed()) / 1e6;
    out[u"open_cpu_ms"_s] = cpuMs() - cpuBefore;
    const auto sysAfter = sysMsAndFaults();
    out[u"open_sys_ms"_s] = sysAfter.first - sysBefore.first;
    out[u"open_minflt"_s] = double(sysAfter.second - sysBefore.second);
    if (result != Okular::Document::OpenSuccess) {
        out[u"error"_s] = doc.openError().isEmpty() ? u"open failed"_s : doc.openError();
        QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << '\n';
        return 1;
    }
    // Peak memory of the open alone (parse, lay out; before Okular holds any page pixmap): the
    // generator's own cost. The overall peak below also holds Okular's pixmap cache, which for a
    // long document fills to Okular's memory budget with either generator.
    out[u"open_peak_kib"_s] = statusKiB(u"VmHWM"_s);
    if (qEnvironmentVariableIsSet("OKB_BENCH_SMAPS")) {
        printSmapsSummary(generator);
    }
    if (qEnvironmentVariableIsSet("OKB_BENCH_STOP")) {
        // Stopped right after the open, for a tool that reads /proc/PID/smaps and pagemap (which
        // pages of each mapping are resident) and then sends SIGCONT; malloc's arenas on stderr first
        // (what each holds, what of it is in use).
        malloc_stats();
        raise(SIGSTOP);
    }
    if (qEnvironmentVariableIsSet("OKB_BENCH_EXIT")) {
        // Ends the process right after the open, for a heap profiler (heaptrack, massif) whose
        // peak should then be the open's.
        QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << '\n';
        std::_Exit(0);
    }
    out[u"pages"_s] = int(doc.pages());
    out[u"page_w"_s] = doc.page(0)->width();
    out[u"page_h"_s] = doc.page(0)->height();
    out[u"mime"_s] = doc.documentInfo().get(Okular::DocumentInfo::MimeType);

    // Both generators get pixmap requests of the same width (a page view at "fit width" asks for
    // that), the height following each page's aspect ratio; pixmapWidth <= 0 asks for each
    // generator's own page size instead (what a 100 % zoom would ask: that differs, ours is A4
    // at the screen dpi, txt's is 600x800).
    const auto pixmapSize = [&](const Okular::Page *p) {
        if (pixmapWidth <= 0) {
            return QSize(int(p->width()), int(p->height()));
        }
        return QSize(pixmapWidth, qRound(pixmapWidth * p->height() / p->width()));
    };
    out[u"pixmap_w"_s] = pixmapSize(doc.page(0)).width();
    out[u"pixmap_h"_s] = pixmapSize(doc.page(0)).height();
    const auto render = [&](int i) {
        const Okular::Page *p = doc.page(i);
        const int w = pixmapSize(p).width();
        const int h = pixmapSize(p).height();
        // Synchronous: the generator paints in this (the main) thread. Asynchronous (as Okular's
        // page view asks): in a thread Okular starts for the request.
        auto *req = new Okular::PixmapRequest(&obs, i, w, h, 1.0, 1, async ? Okular::PixmapRequest::Asynchronous : Okular::PixmapRequest::NoFeature);
        doc.requestPixmaps({req}, Okular::Document::NoOption);
        // Waits in the event loop, as a viewer's GUI thread does: Okular hands the pixmap over with
        // an event from the thread that painted it. (OKB_BENCH_POLL=1 polls as before; its own CPU
        // was small beside what Okular does in this thread for an asynchronous page: the text
        // page's correctTextOrder() and QPixmap::fromImage().) A generator that is not threaded
        // (txt) has painted it before requestPixmaps() returns.
        static const bool poll = qEnvironmentVariableIntValue("OKB_BENCH_POLL") == 1;
        QTimer wake; // never blocks for long, whatever happens
        wake.start(50);
        while (!p->hasPixmap(&obs, w, h)) {
            if (!poll) {
                QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
                continue;
            }
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            if (async && !p->hasPixmap(&obs, w, h)) {
                QThread::usleep(200); // not spinning: this thread's CPU would count and take a core from the painting threads
            }
        }
    };
    // OKB_BENCH_THREADS=1: each thread's CPU during the first page on stderr (threads alive before
    // and after it; what is missing from the total ran in threads that ended meanwhile).
    const auto threadTimes = [] {
        QMap<QString, double> times;
        for (const QString &tid : QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile f(u"/proc/self/task/"_s + tid + u"/schedstat"_s); // ns on the CPU first
            QFile comm(u"/proc/self/task/"_s + tid + u"/comm"_s);
            if (!f.open(QIODevice::ReadOnly) || !comm.open(QIODevice::ReadOnly)) {
                continue;
            }
            times[tid + u' ' + QString::fromUtf8(comm.readAll().trimmed())] = f.readAll().split(' ').value(0).toDouble() / 1e6;
        }
        return times;
    };
    const bool threadTrace = qEnvironmentVariableIntValue("OKB_BENCH_THREADS") == 1;
    const QMap<QString, double> before = threadTrace ? threadTimes() : QMap<QString, double>();
    // OKB_BENCH_PERF_CTL=FIFO: `perf record -D -1 --control fifo:FIFO` records the first page only.
    QFile perfCtl(qEnvironmentVariable("OKB_BENCH_PERF_CTL"));
    if (!perfCtl.fileName().isEmpty() && perfCtl.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        perfCtl.write("enable\n");
    }
    double cpu0 = cpuMs();
    t.restart();
    if (callgrindPage) {
        CALLGRIND_START_INSTRUMENTATION;
    }
    render(0);
    if (callgrindPage) {
        CALLGRIND_STOP_INSTRUMENTATION;
    }
    if (perfCtl.isOpen()) {
        perfCtl.write("disable\n");
    }
    if (threadTrace) {
        const QMap<QString, double> after = threadTimes();
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            const double delta = it.value() - before.value(it.key());
            if (delta > 0) {
                fprintf(stderr, "first page: thread %s %.2f ms%s\n", qPrintable(it.key()), delta, before.contains(it.key()) ? "" : " (new)");
            }
        }
    }
    out[u"first_page_ms"_s] = double(t.nsecsElapsed()) / 1e6;
    out[u"first_page_cpu_ms"_s] = cpuMs() - cpu0;

    // Page 0 is rendered (and cached by Okular) already: time the others, each rendered once.
    const int n = std::min<int>(int(doc.pages()), maxPages);
    cpu0 = cpuMs();
    t.restart();
    for (int i = 1; i < n; ++i) {
        render(i);
    }
    const double restMs = double(t.nsecsElapsed()) / 1e6;
    // CPU of every thread of the process while the other pages were rendered (Okular's text page
    // threads and work done ahead included), per page.
    out[u"render_cpu_per_page_ms"_s] = n > 1 ? (cpuMs() - cpu0) / (n - 1) : out.value(u"first_page_cpu_ms"_s).toDouble();
    const double allMs = out.value(u"first_page_ms"_s).toDouble() + restMs;
    out[u"rendered_pages"_s] = n;
    out[u"render_all_ms"_s] = allMs;
    out[u"render_per_page_ms"_s] = n > 1 ? restMs / (n - 1) : allMs;

    t.restart();
    for (int i = 0; i < n; ++i) {
        doc.requestTextPage(i);
    }
    out[u"textpages_ms"_s] = double(t.nsecsElapsed()) / 1e6;
    if (const QString dumpPath = qEnvironmentVariable("OKB_BENCH_TEXTDUMP"); !dumpPath.isEmpty()) {
        dumpTextPages(doc, n, dumpPath);
    }
    out[u"peak_kib"_s] = statusKiB(u"VmHWM"_s);
    out[u"anon_kib"_s] = statusKiB(u"RssAnon"_s);
    out[u"file_kib"_s] = statusKiB(u"RssFile"_s);
    if (const int idleMs = qEnvironmentVariableIntValue("OKB_BENCH_IDLE_MS"); idleMs > 0) {
        // What stays resident once the document has been left alone that long (our painter thread
        // ends after 30 s idle), the document still open.
        QElapsedTimer idle;
        idle.start();
        while (idle.elapsed() < idleMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            QThread::msleep(50);
        }
        out[u"idle_anon_kib"_s] = statusKiB(u"RssAnon"_s);
        out[u"idle_file_kib"_s] = statusKiB(u"RssFile"_s);
        malloc_trim(0); // and without what is free in malloc's arenas (ended threads' included)
        out[u"idle_trimmed_anon_kib"_s] = statusKiB(u"RssAnon"_s);
    }
    doc.closeDocument();

    // The same file again in this process (a second document in a running Okular): what is left
    // once the process-wide start-up costs (plugin, fonts, dictionaries) are paid.
    // OKB_BENCH_PERF_CTL_OPEN2=FIFO: as OKB_BENCH_PERF_CTL_OPEN, for the second open (where its
    // page faults are: fresh memory each document touches).
    QFile perfCtlOpen2(qEnvironmentVariable("OKB_BENCH_PERF_CTL_OPEN2"));
    if (!perfCtlOpen2.fileName().isEmpty() && perfCtlOpen2.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        perfCtlOpen2.write("enable\n");
    }
    const auto sysBefore2 = sysMsAndFaults();
    const double cpuBefore2 = cpuMs();
    t.restart();
    if (callgrindOpen2) {
        CALLGRIND_START_INSTRUMENTATION;
    }
    const auto again = doc.openDocument(file, QUrl::fromLocalFile(file), mime);
    if (callgrindOpen2) {
        CALLGRIND_STOP_INSTRUMENTATION;
    }
    if (perfCtlOpen2.isOpen()) {
        perfCtlOpen2.write("disable\n");
    }
    out[u"open2_ms"_s] = double(t.nsecsElapsed()) / 1e6;
    out[u"open2_cpu_ms"_s] = cpuMs() - cpuBefore2;
    const auto sysAfter2 = sysMsAndFaults();
    out[u"open2_sys_ms"_s] = sysAfter2.first - sysBefore2.first;
    out[u"open2_minflt"_s] = double(sysAfter2.second - sysBefore2.second);
    if (again == Okular::Document::OpenSuccess) {
        doc.closeDocument();
    }
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << '\n';
    doc.removeObserver(&obs);
    return 0;
}

// A long article made by concatenating the samples' English bodies and Chinese bodies.
QString makeSynthetic(const QDir &samples, const QString &outDir, qint64 bytes)
{
    QByteArray en;
    QByteArray zh;
    const QStringList files = samples.entryList({u"*.md"_s}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        if (name == u"README.md"_s) {
            continue;
        }
        QFile f(samples.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray all = f.readAll();
        const int hr = all.indexOf("\n<hr />");
        const int orig = all.indexOf("\n第", hr);
        const int body = all.indexOf("\n专栏：", hr);
        if (hr < 0 || orig < 0 || body < 0) {
            continue;
        }
        const int enStart = all.indexOf("\n\n") + 2;
        // Not a sample's Named Entities list: in the middle of the text it would make everything
        // after it a glossary (5.6 of the 7.2 M characters of the 10 MB document were, so our
        // generator laid out a fifth of what the txt generator did).
        const int named = all.indexOf("\n**Named Entities**", enStart);
        const int enEnd = named >= 0 && named < hr ? named : hr;
        en += all.mid(enStart, enEnd - enStart) + "\n\n";
        zh += all.mid(all.indexOf('\n', body + 1) + 1) + "\n";
    }
    if (en.isEmpty() || zh.isEmpty()) {
        return QString(); // no samples to build from
    }
    QByteArray doc = "Title: Synthetic long article\nAuthor:\nDate: 1951-10-19\nPage: 1\n\n";
    QByteArray enAll;
    QByteArray zhAll;
    while (enAll.size() + zhAll.size() + doc.size() < bytes) {
        enAll += en;
        zhAll += zh;
    }
    doc += enAll + "\n<hr />\n\nOriginal:\n\n### 合成长文\n\n1951-10-19\n第1版()\n专栏：\n\n" + zhAll;
    const QString path = outDir + u"/synthetic-%1.md"_s.arg(bytes);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        return QString();
    }
    out.write(doc);
    return path;
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"Benchmark the bilingual generator against Okular's txt generator."_s);
    p.addHelpOption();
    p.addOption({u"single"_s, u"(internal) measure one file"_s, u"file"_s});
    p.addOption({u"generator"_s, u"(internal) ours|txt"_s, u"name"_s, u"ours"_s});
    p.addOption({u"max-pages"_s, u"render at most N pages per file for the all-pages figure"_s, u"N"_s, u"400"_s});
    p.addOption({u"modes"_s, u"comma-separated modes for our generator"_s, u"list"_s, u"SourceOrder,Interlinear,SideBySide"_s});
    p.addOption({u"width"_s, u"pixmap width requested from both generators (0 = each generator's own page size)"_s, u"px"_s, u"800"_s});
    p.addOption({u"async"_s, u"asynchronous pixmap requests, as Okular's page view makes (each painted in a new thread Okular starts); default synchronous (painted in the main thread)"_s});
    p.addOption({u"repeat"_s, u"measure each case N times in fresh processes and print the median"_s, u"N"_s, u"1"_s});
    p.addOption({u"baseline"_s,
                 u"plugin folder (holding okular_generators/) of an earlier build of our generator: measured in the same run, rows marked (baseline)"_s,
                 u"dir"_s});
    p.addOption({u"synthetic-sizes"_s, u"sizes (bytes) of the synthetic documents"_s, u"list"_s, u"100000,1000000,10000000"_s});
    p.addOption({u"no-samples"_s, u"only the synthetic documents (and FILES)"_s});
    p.addOption({u"no-synthetic"_s, u"skip the 0.1/1/10 MB synthetic documents"_s});
    p.addOption({u"samples"_s, u"folder of sample articles"_s, u"dir"_s, QStringLiteral(OKB_SOURCE_DIR "/tests/data/samples")});
    p.addPositionalArgument(u"files"_s, u"extra files to measure"_s);
    p.process(app);
    const int maxPages = p.value(u"max-pages"_s).toInt();
    if (p.isSet(u"single"_s)) {
        return runSingle(p.value(u"single"_s), p.value(u"generator"_s), maxPages, p.value(u"width"_s).toInt(), p.isSet(u"async"_s));
    }

    QTemporaryDir tmp;
    const QDir samples(p.value(u"samples"_s));
    QStringList files;
    for (const QString &f : samples.entryList({u"*.md"_s, u"*.txt"_s}, QDir::Files, QDir::Name)) {
        if (f != u"README.md"_s && !p.isSet(u"no-samples"_s)) {
            files << samples.filePath(f);
        }
    }
    if (!p.isSet(u"no-synthetic"_s)) {
        for (const QString &sizeText : p.value(u"synthetic-sizes"_s).split(u',', Qt::SkipEmptyParts)) {
            const qint64 size = sizeText.toLongLong();
            if (const QString f = makeSynthetic(samples, tmp.path(), size); !f.isEmpty()) {
                files << f;
            }
        }
    }
    files << p.positionalArguments();

    QTextStream out(stdout);
    const QStringList modes = p.value(u"modes"_s).split(u',', Qt::SkipEmptyParts);
    const int repeat = std::max(1, p.value(u"repeat"_s).toInt());
    const QString baseline = p.value(u"baseline"_s);
    const auto childOnce = [&](const QString &file, const QString &generator, const QString &mode, const QString &pluginPath) {
        QProcess proc;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString cfg = tmp.filePath(u"config-"_s + mode);
        QDir().mkpath(cfg);
        {
            QFile rc(cfg + u"/okular-generator-bilingualrc"_s);
            if (rc.open(QIODevice::WriteOnly)) {
                rc.write("[Layout]\nMode=" + mode.toLatin1() + "\n");
            }
        } // closed (flushed) before the child reads it
        env.insert(u"XDG_CONFIG_HOME"_s, cfg);
        if (!pluginPath.isEmpty()) {
            env.insert(u"QT_PLUGIN_PATH"_s, pluginPath);
        }
        proc.setProcessEnvironment(env);
        QStringList args{u"--single"_s, file, u"--generator"_s, generator, u"--max-pages"_s, QString::number(maxPages), u"--width"_s, p.value(u"width"_s)};
        if (p.isSet(u"async"_s)) {
            args << u"--async"_s;
        }
        proc.start(QCoreApplication::applicationFilePath(), args);
        proc.waitForFinished(-1);
        return QJsonDocument::fromJson(proc.readAllStandardOutput().trimmed().split('\n').last()).object();
    };
    // Median of each number over `repeat` fresh processes (the machine is shared and noisy).
    const auto child = [&](const QString &file, const QString &generator, const QString &mode, const QString &pluginPath = QString()) {
        QList<QJsonObject> runs;
        for (int r = 0; r < repeat; ++r) {
            runs << childOnce(file, generator, mode, pluginPath);
            if (runs.last().contains(u"error"_s)) {
                return runs.last();
            }
        }
        QJsonObject med = runs.first();
        for (auto it = med.begin(); it != med.end(); ++it) {
            if (!it.value().isDouble()) {
                continue;
            }
            QList<double> v;
            for (const QJsonObject &o : std::as_const(runs)) {
                v << o.value(it.key()).toDouble();
            }
            std::sort(v.begin(), v.end());
            it.value() = v.at(v.size() / 2);
        }
        return med;
    };

    out << "file\tmode\tpages(ours/txt)\tpixmap px (ours; txt)\topen ms (ours/txt = ratio)\topen cpu ms\t2nd open in process ms\tfirst page ms\tper page ms\ttext pages "
           "ms\topen peak MiB\tpeak MiB\tat the end: heap + mapped files MiB (ours; txt)\tfirst page cpu ms\tper page cpu ms\n";
    for (const QString &file : files) {
        const QJsonObject txt = child(file, u"txt"_s, u"SourceOrder"_s);
        const QString label = QFileInfo(file).fileName().left(28);
        QStringList rows;
        for (const QString &mode : modes) {
            rows << mode;
            if (!baseline.isEmpty()) {
                rows << mode + u" (baseline)"_s;
            }
        }
        for (const QString &row : std::as_const(rows)) {
            const bool isBaseline = row.endsWith(u" (baseline)"_s);
            const QString mode = isBaseline ? row.section(u' ', 0, 0) : row;
            const QJsonObject ours = child(file, u"ours"_s, mode, isBaseline ? baseline : QString());
            if (ours.contains(u"error"_s)) {
                out << label << '\t' << row << "\tERROR " << ours.value(u"error"_s).toString() << '\n';
                continue;
            }
            const auto cell = [&](const QString &key) {
                const double a = ours.value(key).toDouble();
                const double b = txt.value(key).toDouble();
                return u"%1/%2 = %3"_s.arg(a, 0, 'f', 1).arg(b, 0, 'f', 1).arg(b > 0 ? a / b : 0.0, 0, 'f', 2);
            };
            const auto ratioMib = [&](const QString &key) {
                const double a = ours.value(key).toDouble() / 1024.0;
                const double b = txt.value(key).toDouble() / 1024.0;
                return u"%1/%2 = %3"_s.arg(a, 0, 'f', 0).arg(b, 0, 'f', 0).arg(b > 0 ? a / b : 0.0, 0, 'f', 2);
            };
            const auto split = [](const QJsonObject &o) {
                return u"%1 + %2"_s.arg(o.value(u"anon_kib"_s).toDouble() / 1024.0, 0, 'f', 0).arg(o.value(u"file_kib"_s).toDouble() / 1024.0, 0, 'f', 0);
            };
            const auto px = [](const QJsonObject &o) {
                return u"%1x%2"_s.arg(o.value(u"pixmap_w"_s).toInt()).arg(o.value(u"pixmap_h"_s).toInt());
            };
            out << label << '\t' << row << '\t' << ours.value(u"pages"_s).toInt() << '/' << txt.value(u"pages"_s).toInt() << '\t' << px(ours) << "; "
                << px(txt) << '\t' << cell(u"open_ms"_s) << '\t' << cell(u"open_cpu_ms"_s) << '\t' << cell(u"open2_ms"_s) << '\t' << cell(u"first_page_ms"_s) << '\t'
                << cell(u"render_per_page_ms"_s) << '\t' << cell(u"textpages_ms"_s) << '\t'
                << ratioMib(u"open_peak_kib"_s) << '\t' << ratioMib(u"peak_kib"_s) << '\t'
                << split(ours) << "; " << split(txt) << '\t' << cell(u"first_page_cpu_ms"_s) << '\t' << cell(u"render_cpu_per_page_ms"_s) << '\n';
            out.flush();
        }
    }
    return 0;
}
