// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <sys/resource.h>
#include <unistd.h>

namespace Okb::OpenTrace
{
// OKB_OPEN_TRACE=1: a per-thread timeline of an open on stderr, one line per phase:
//   okb-trace <thread id> <phase> <start ms> <end ms> <wall ms> <thread CPU ms> <thread minor faults>
// Times are CLOCK_MONOTONIC in ms since the open began (OpenTrace::begin()); CPU and faults are the
// calling thread's own over the phase (getrusage(RUSAGE_THREAD)). Off: one load of a static bool.
inline bool enabled()
{
    static const bool on = [] {
        const char *v = std::getenv("OKB_OPEN_TRACE");
        return v && v[0] == '1';
    }();
    return on;
}

inline double nowMs(clockid_t clock = CLOCK_MONOTONIC)
{
    timespec ts;
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

inline double &originMs()
{
    static double origin = 0;
    return origin;
}

// The open's time origin (the thread that starts the open calls it before any phase).
inline void begin()
{
    if (enabled()) {
        originMs() = nowMs();
        std::fprintf(stderr, "okb-trace %d open-begin 0.000 0.000 0.000 0.000 0\n", int(gettid()));
    }
}

// One phase of the calling thread: from construction to next() / destruction.
class Phase
{
public:
    explicit Phase(const char *name)
        : m_name(name)
    {
        if (enabled()) {
            start();
        }
    }
    ~Phase()
    {
        end();
    }
    Phase(const Phase &) = delete;
    Phase &operator=(const Phase &) = delete;
    // Ends this phase and begins `name` in the same thread.
    void next(const char *name)
    {
        end();
        m_name = name;
        if (enabled()) {
            start();
        }
    }
    void end()
    {
        if (!m_running) {
            return;
        }
        m_running = false;
        const double t = nowMs();
        const double cpu = nowMs(CLOCK_THREAD_CPUTIME_ID);
        rusage ru;
        getrusage(RUSAGE_THREAD, &ru);
        std::fprintf(stderr, "okb-trace %d %s %.3f %.3f %.3f %.3f %ld\n", int(gettid()), m_name, m_start - originMs(), t - originMs(), t - m_start, cpu - m_cpu,
                     long(ru.ru_minflt - m_faults));
    }

private:
    void start()
    {
        m_running = true;
        rusage ru;
        getrusage(RUSAGE_THREAD, &ru);
        m_faults = ru.ru_minflt;
        m_cpu = nowMs(CLOCK_THREAD_CPUTIME_ID);
        m_start = nowMs();
    }
    const char *m_name;
    bool m_running = false;
    double m_start = 0;
    double m_cpu = 0;
    long m_faults = 0;
};
} // namespace Okb::OpenTrace
