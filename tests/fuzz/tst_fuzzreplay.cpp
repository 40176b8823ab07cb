// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Replays a fuzz target's regression corpus (tests/data/fuzz-regressions/<target>/: minimised
// inputs that once crashed, hung or broke an invariant, plus a few seeds) through the same
// LLVMFuzzerTestOneInput the fuzzer calls, in the normal build (no libFuzzer, no sanitizers).
// A broken invariant aborts (fuzzsupport.h): the test fails. Each input must also finish within
// OKB_FUZZ_REPLAY_BOUND_MS: see tests/fuzz/CMakeLists.txt for why that bound.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

class FuzzReplayTest : public QObject
{
    Q_OBJECT

    // (With -repeat N: whether memory keeps growing when the same inputs come again.)
    static QByteArray residentKiB()
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (status.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : status.readAll().split('\n')) {
                if (line.startsWith("VmRSS:")) {
                    return line.mid(6).trimmed();
                }
            }
        }
        return "?";
    }

private Q_SLOTS:
    void replay_data()
    {
        QTest::addColumn<QString>("path");
        // OKB_FUZZ_REPLAY_DIR: replay another folder (e.g. build-fuzz/fuzz/artifacts-pipeline).
        const QDir dir(qEnvironmentVariableIsSet("OKB_FUZZ_REPLAY_DIR") ? qEnvironmentVariable("OKB_FUZZ_REPLAY_DIR") : QStringLiteral(OKB_FUZZ_CORPUS));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        // The corpus is checked in: an empty folder means the test lost its inputs.
        QVERIFY2(files.size() >= 3 || qEnvironmentVariableIsSet("OKB_FUZZ_REPLAY_DIR"), qPrintable(dir.path()));
        for (const QString &f : files) {
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
        }
    }

    void replay()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QElapsedTimer timer;
        timer.start();
        const int result = LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
        const qint64 ms = timer.elapsed();
        QCOMPARE(result, 0);
        qInfo("%s: %lld ms, VmRSS %s", qPrintable(QFileInfo(path).fileName()), ms, residentKiB().constData());
        QVERIFY2(ms < OKB_FUZZ_REPLAY_BOUND_MS, qPrintable(QStringLiteral("took %1 ms (bound %2 ms)").arg(ms).arg(OKB_FUZZ_REPLAY_BOUND_MS)));
    }
};

QTEST_MAIN(FuzzReplayTest)
#include "tst_fuzzreplay.moc"
