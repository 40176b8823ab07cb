// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Shared by the fuzz targets (tests/fuzz/*fuzzer.cpp): the application they need and a check that
// ends the run loudly when an invariant of the core API does not hold (libFuzzer keeps the input
// as a crash; the replay test, tst_fuzzreplay_*, fails).

#pragma once

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <cstdlib>

namespace OkbFuzz
{

// A QGuiApplication on the offscreen platform (fonts need one), unless one exists already (the
// replay test's QTEST_MAIN makes its own).
inline void ensureApplication()
{
    if (QCoreApplication::instance()) {
        return;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "okb-fuzz";
    static char *argv[] = {name, nullptr};
    static QGuiApplication *app = new QGuiApplication(argc, argv); // lives as long as the process
    Q_UNUSED(app);
}

[[noreturn]] inline void fail(const char *what, const char *file, int line)
{
    std::fprintf(stderr, "okb-fuzz: invariant broken at %s:%d: %s\n", file, line, what);
    std::fflush(stderr);
    std::abort();
}

} // namespace OkbFuzz

// An invariant the documented API promises: abort (a finding) when it does not hold.
#define OKB_FUZZ_CHECK(cond)                                                                                                                                   \
    do {                                                                                                                                                       \
        if (!(cond)) {                                                                                                                                         \
            OkbFuzz::fail(#cond, __FILE__, __LINE__);                                                                                                          \
        }                                                                                                                                                      \
    } while (false)
