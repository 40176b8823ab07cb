// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "commands.h"

#include <QCommandLineParser>
#include <QTextStream>

using namespace Qt::StringLiterals;

int OkbCli::parseFileCommand(QCommandLineParser &parser, const QStringList &args, const char *command, QString *file)
{
    QTextStream err(stderr);
    const QString prefix = u"okular-bilingual "_s + QLatin1String(command) + u": "_s;
    if (!parser.parse(args)) {
        err << prefix << parser.errorText() << "\n\n" << parser.helpText();
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err << prefix << "expected exactly one FILE\n\n" << parser.helpText();
        return ExitUsage;
    }
    *file = positional.first();
    return -1;
}
