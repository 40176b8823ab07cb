// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Runs the okular-bilingual command-line tool (OKB_CLI_PATH) as a real process, for the tests of
// its subcommands.

#pragma once

#include <QProcess>
#include <QStringList>

struct CliRun {
    int exitCode = -1; // -1: did not finish in time; -2: crashed
    QByteArray out;
    QByteArray err;
};

inline CliRun runCliCommand(const QString &command, const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(QStringLiteral(OKB_CLI_PATH), QStringList{command} + args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
