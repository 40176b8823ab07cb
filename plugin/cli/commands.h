// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Subcommands of the okular-bilingual command-line tool. Each lives in its own <name>command.cpp
// and is listed once in main.cpp's table.

#pragma once

#include "parse/articleparser.h"

#include <QStringList>

class QCommandLineParser;

namespace OkbCli
{

// Exit codes shared by every subcommand.
enum ExitCode {
    ExitOk = 0,
    ExitUsage = 64, // bad command line (EX_USAGE)
    ExitBadInput = 65, // input file unreadable or not an article (EX_DATAERR)
    ExitNoInput = 66, // input file missing (EX_NOINPUT)
    ExitCantCreate = 73, // output cannot be written (EX_CANTCREAT)
    ExitSoftware = 70, // internal error (EX_SOFTWARE)
};

// args: the arguments after the subcommand name (argv[0] is the program, then the subcommand).
// Each command parses its own options with QCommandLineParser and prints its own --help.
using CommandFunction = int (*)(const QStringList &args);

struct Command {
    const char *name;
    const char *summary;
    CommandFunction run;
};

// The common start of a single-FILE command: parses args with `parser` (its options already
// added), prints --help or a usage error prefixed with "okular-bilingual COMMAND:". Returns -1 when
// the command should go on, with *file set to its one FILE; otherwise the exit code to return.
int parseFileCommand(QCommandLineParser &parser, const QStringList &args, const char *command, QString *file);

// The common next step: the FILE must exist, be a readable file and parse as an article. Returns -1
// with *result filled, or the exit code (ExitNoInput / ExitBadInput) after a message on stderr.
int loadArticleFile(const QString &path, const char *command, Okb::ParseResult *result);

int runInfo(const QStringList &args); // infocommand.cpp: parse a file, print its metadata
int runAlign(const QStringList &args); // aligncommand.cpp: TMX/TSV export
int runRender(const QStringList &args); // rendercommand.cpp: pages to PNG / PDF export
int runAnnotations(const QStringList &args); // annotationscommand.cpp: the reader's saved annotations

} // namespace OkbCli
