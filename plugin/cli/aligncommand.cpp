// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okular-bilingual align FILE [--level sentence|paragraph] [--format tmx|tsv] [-o OUT]
//                             [--dictionary PATH] [--baseline]
// Aligns an article's English and Chinese and writes a translation memory (TMX 1.4b or TSV).

#include "commands.h"

#include "align/aligner.h"
#include "export/tmxwriter.h"
#include "export/tsvwriter.h"
#include "parse/articleparser.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

using namespace Qt::StringLiterals;

int OkbCli::runAlign(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Align the English and Chinese of a bilingual People's Daily article (sentences or paragraphs) "
        u"and write a translation memory: TMX 1.4b or TSV, with a confidence and translation-fault "
        u"flags (omitted, truncated, invented, repeated, low-confidence) for every pair."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"FILE"_s, u"The article (.md or .txt)."_s);
    const QCommandLineOption levelOpt(u"level"_s, u"Alignment unit: sentence (default) or paragraph."_s, u"LEVEL"_s, u"sentence"_s);
    const QCommandLineOption formatOpt(u"format"_s, u"Output format: tmx (default) or tsv."_s, u"FORMAT"_s, u"tmx"_s);
    const QCommandLineOption outOpt({u"o"_s, u"output"_s}, u"Write to OUT instead of standard output."_s, u"OUT"_s);
    const QCommandLineOption dictOpt(u"dictionary"_s,
                                     u"CC-CEDICT file (dictd .dict.dz/.dict or cedict_ts.u8); default: $OKB_CEDICT, then "
                                     u"/usr/share/dictd/cc-cedict.dict.dz."_s,
                                     u"PATH"_s);
    const QCommandLineOption baselineOpt(u"baseline"_s, u"Use the plain Gale-Church length aligner (for comparison)."_s);
    parser.addOptions({levelOpt, formatOpt, outOpt, dictOpt, baselineOpt});
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString path;
    if (const int exit = parseFileCommand(parser, args, "align", &path); exit >= 0) {
        return exit;
    }
    Okb::AlignOptions options;
    const QString level = parser.value(levelOpt).toLower();
    if (level == u"sentence"_s || level == u"sentences"_s) {
        options.level = Okb::AlignLevel::Sentence;
    } else if (level == u"paragraph"_s || level == u"paragraphs"_s) {
        options.level = Okb::AlignLevel::Paragraph;
    } else {
        err << "okular-bilingual align: --level must be 'sentence' or 'paragraph', not '" << parser.value(levelOpt) << "'\n";
        return ExitUsage;
    }
    const QString format = parser.value(formatOpt).toLower();
    if (format != u"tmx"_s && format != u"tsv"_s) {
        err << "okular-bilingual align: --format must be 'tmx' or 'tsv', not '" << parser.value(formatOpt) << "'\n";
        return ExitUsage;
    }
    if (parser.isSet(dictOpt)) {
        options.dictionaryPath = parser.value(dictOpt);
        if (!QFileInfo::exists(options.dictionaryPath)) {
            err << "okular-bilingual align: " << options.dictionaryPath << ": no such dictionary file\n";
            return ExitNoInput;
        }
    }
    if (parser.isSet(baselineOpt)) {
        options.method = Okb::AlignMethod::GaleChurch;
    }

    Okb::ParseResult r;
    if (const int exit = loadArticleFile(path, "align", &r); exit >= 0) {
        return exit;
    }
    if (r.article.english.isEmpty() || r.article.chinese.isEmpty()) {
        err << "okular-bilingual align: " << path << ": " << (r.article.english.isEmpty() ? "no English text to align" : "no Chinese text to align") << '\n';
        return ExitBadInput;
    }

    const Okb::Alignment alignment = Okb::alignArticle(r.article, options);
    const QByteArray data = format == u"tmx"_s ? Okb::toTmx(r.article, alignment) : Okb::toTsv(r.article, alignment);

    if (!parser.isSet(outOpt) || parser.value(outOpt) == u"-"_s) {
        QFile so;
        if (!so.open(stdout, QIODevice::WriteOnly) || so.write(data) != data.size()) {
            return ExitCantCreate;
        }
        return ExitOk;
    }
    const QString outPath = parser.value(outOpt);
    if (QFileInfo(outPath).canonicalFilePath() == QFileInfo(path).canonicalFilePath()) {
        err << "okular-bilingual align: refusing to overwrite the input file " << path << '\n';
        return ExitCantCreate;
    }
    // QSaveFile: the output appears complete or not at all.
    QSaveFile file(outPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        err << "okular-bilingual align: cannot write " << outPath << ": " << file.errorString() << '\n';
        return ExitCantCreate;
    }
    int faults = 0;
    for (const Okb::AlignedPair &p : alignment.pairs) {
        faults += p.faults != Okb::NoFault;
    }
    err << "okular-bilingual align: " << alignment.pairs.size() << " pairs (" << faults << " flagged) written to " << outPath << '\n';
    return ExitOk;
}
