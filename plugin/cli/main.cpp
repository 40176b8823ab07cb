// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "commands.h"

#include <QGuiApplication>
#include <QTextStream>

#include <cstring>

using namespace OkbCli;

static const Command s_commands[] = {
#ifdef OKB_HAVE_INFO_COMMAND
    {"info", "Parse an article and print its metadata and structure", runInfo},
#endif
#ifdef OKB_HAVE_ALIGN_COMMAND
    {"align", "Align English and Chinese sentences; export TMX or TSV", runAlign},
#endif
#ifdef OKB_HAVE_RENDER_COMMAND
    {"render", "Lay out an article and write its pages as PNG images or a PDF", runRender},
#endif
#ifdef OKB_HAVE_ANNOTATIONS_COMMAND
    {"annotations", "List the annotations saved in an article by Okular, with the text they mark", runAnnotations},
#endif
    {nullptr, nullptr, nullptr},
};

static void usage(QTextStream &out)
{
    out << "Usage: okular-bilingual COMMAND [OPTIONS] FILE\n\nCommands:\n";
    for (const Command &c : s_commands) {
        if (!c.name) {
            break;
        }
        out << "  " << QString::fromLatin1(c.name).leftJustified(8) << QString::fromLatin1(c.summary) << '\n';
    }
    out << "\nRun 'okular-bilingual COMMAND --help' for a command's options.\n";
}

int main(int argc, char **argv)
{
    // Text layout and painting need a QGuiApplication; headless by default.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("okular-bilingual"));
    QGuiApplication::setApplicationVersion(QStringLiteral(OKB_VERSION));

    QStringList args = QCoreApplication::arguments();
    QTextStream err(stderr);
    if (args.size() < 2 || args.at(1) == QLatin1String("--help") || args.at(1) == QLatin1String("-h")) {
        QTextStream out(stdout);
        usage(args.size() < 2 ? err : out);
        return args.size() < 2 ? ExitUsage : ExitOk;
    }
    if (args.at(1) == QLatin1String("--version")) {
        QTextStream(stdout) << "okular-bilingual " << OKB_VERSION << '\n';
        return ExitOk;
    }
    const QString name = args.at(1);
    for (const Command &c : s_commands) {
        if (c.name && name == QLatin1String(c.name)) {
            args.removeAt(1); // leave argv[0] so QCommandLineParser works as usual
            return c.run(args);
        }
    }
    err << "okular-bilingual: unknown command '" << name << "'\n\n";
    usage(err);
    return ExitUsage;
}
