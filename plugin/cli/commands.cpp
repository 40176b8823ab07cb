// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "commands.h"

#include <QCommandLineParser>
#include <QFileInfo>
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

int OkbCli::loadArticleFile(const QString &path, const char *command, Okb::ParseResult *result)
{
    QTextStream err(stderr);
    const QString prefix = u"okular-bilingual "_s + QLatin1String(command) + u": "_s + path + u": "_s;
    const QFileInfo fi(path);
    if (!fi.exists()) {
        err << prefix << "no such file\n";
        return ExitNoInput;
    }
    if (!fi.isFile() || !fi.isReadable()) {
        err << prefix << "not a readable file\n";
        return ExitBadInput;
    }
    *result = Okb::parseArticleFile(path);
    if (!result->ok) {
        err << prefix << result->error << '\n';
        return ExitBadInput;
    }
    return -1;
}
