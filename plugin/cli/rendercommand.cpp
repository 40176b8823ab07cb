// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "commands.h"

#include "align/aligner.h"
#include "export/pdfexporter.h"
#include "layout/layoutengine.h"
#include "paint/pagepainter.h"
#include "parse/articleparser.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QTextStream>

#include <cmath>

using namespace Qt::StringLiterals;

namespace OkbCli
{

static bool parseMode(const QString &name, Okb::LayoutMode *mode)
{
    static const struct {
        const char *name;
        Okb::LayoutMode mode;
    } modes[] = {
        {"source", Okb::LayoutMode::SourceOrder},
        {"interlinear", Okb::LayoutMode::Interlinear},
        {"side-by-side", Okb::LayoutMode::SideBySide},
        {"facing", Okb::LayoutMode::FacingPages},
        {"english", Okb::LayoutMode::EnglishOnly},
        {"chinese", Okb::LayoutMode::ChineseOnly},
    };
    for (const auto &m : modes) {
        if (name == QLatin1String(m.name)) {
            *mode = m.mode;
            return true;
        }
    }
    return false;
}

int runRender(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Lay out an article and write its pages as PNG images (page-N.png) and/or a PDF."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"file"_s, u"The article (.md/.txt)."_s);
    const QCommandLineOption modeOpt(u"mode"_s,
                                     u"Layout: source, interlinear, side-by-side, facing, english, chinese (default: source)."_s,
                                     u"mode"_s,
                                     u"source"_s);
    const QCommandLineOption dpiOpt(u"dpi"_s, u"Resolution of the PNG pages (default 100)."_s, u"dpi"_s, u"100"_s);
    const QCommandLineOption outOpt({u"o"_s, u"output-dir"_s}, u"Directory for page-N.png (default: current directory)."_s, u"dir"_s);
    const QCommandLineOption pdfOpt(u"pdf"_s, u"Also write the whole document as PDF to this file (no PNGs unless -o is given)."_s, u"file"_s);
    const QCommandLineOption firstOpt(u"first"_s, u"First page to render (1-based)."_s, u"n"_s);
    const QCommandLineOption lastOpt(u"last"_s, u"Last page to render (1-based)."_s, u"n"_s);
    const QCommandLineOption timeOpt(u"timing"_s, u"Print parse and layout times to stderr."_s);
    const QCommandLineOption levelOpt(u"level"_s,
                                      u"Alignment granularity of the bilingual modes: sentence or paragraph (default: sentence for interlinear, "
                                      u"paragraph for side-by-side and facing)."_s,
                                      u"level"_s);
    const QCommandLineOption chineseLeftOpt(u"chinese-left"_s, u"Side by side: Chinese in the left column."_s);
    const QCommandLineOption noFaultsOpt(u"no-fault-marks"_s, u"Do not mark alignment faults in the margin."_s);
    const QCommandLineOption numbersOpt(u"pair-numbers"_s, u"Number the aligned pairs in the margin (bilingual modes)."_s);
    const QCommandLineOption tocOpt(u"toc"_s, u"Print the table of contents (level, page, title) instead of rendering."_s);
    parser.addOptions({modeOpt, dpiOpt, outOpt, pdfOpt, firstOpt, lastOpt, timeOpt, levelOpt, chineseLeftOpt, noFaultsOpt, numbersOpt, tocOpt});
    QString file;
    if (const int exit = parseFileCommand(parser, args, "render", &file); exit >= 0) {
        return exit;
    }
    Okb::LayoutSettings settings;
    if (!parseMode(parser.value(modeOpt), &settings.mode)) {
        err << "okular-bilingual render: unknown mode '" << parser.value(modeOpt) << "'\n";
        return ExitUsage;
    }
    bool ok = false;
    const double dpi = parser.value(dpiOpt).toDouble(&ok);
    if (!ok || dpi < 10 || dpi > 1200) {
        err << "okular-bilingual render: --dpi must be a number between 10 and 1200\n";
        return ExitUsage;
    }
    QElapsedTimer timer;
    timer.start();
    Okb::ParseResult parsed;
    if (const int exit = loadArticleFile(file, "render", &parsed); exit >= 0) {
        return exit;
    }
    const qint64 parseMs = timer.restart();
    settings.chineseFirstInColumns = parser.isSet(chineseLeftOpt);
    settings.faultMarks = !parser.isSet(noFaultsOpt);
    settings.sentenceNumbers = parser.isSet(numbersOpt);
    const bool bilingual =
        settings.mode == Okb::LayoutMode::Interlinear || settings.mode == Okb::LayoutMode::SideBySide || settings.mode == Okb::LayoutMode::FacingPages;
    settings.alignLevel = settings.mode == Okb::LayoutMode::Interlinear ? Okb::AlignLevel::Sentence : Okb::AlignLevel::Paragraph;
    if (parser.isSet(levelOpt)) {
        const QString level = parser.value(levelOpt);
        if (level == u"sentence"_s) {
            settings.alignLevel = Okb::AlignLevel::Sentence;
        } else if (level == u"paragraph"_s) {
            settings.alignLevel = Okb::AlignLevel::Paragraph;
        } else {
            err << "okular-bilingual render: --level must be sentence or paragraph\n";
            return ExitUsage;
        }
    }
    Okb::Alignment alignment;
    qint64 alignMs = 0;
    if (bilingual) {
        Okb::AlignOptions ao;
        ao.level = settings.alignLevel;
        alignment = Okb::alignArticle(parsed.article, ao);
        alignMs = timer.restart();
    }
    const Okb::LaidOutDocument doc = Okb::layoutArticle(parsed.article, bilingual ? &alignment : nullptr, settings);
    const qint64 layoutMs = timer.restart();
    if (parser.isSet(timeOpt)) {
        err << "parse " << parseMs << " ms, align " << alignMs << " ms, layout " << layoutMs << " ms, " << doc.pages.size() << " pages\n";
    }
    if (parser.isSet(tocOpt)) {
        for (const Okb::TocEntry &e : doc.toc) {
            out << QString(e.level * 2, QLatin1Char(' ')) << e.title << "  (page " << e.page + 1 << ")\n";
        }
        return ExitOk;
    }
    const int count = doc.pages.size();
    int first = 1;
    int last = count;
    if (parser.isSet(firstOpt)) {
        first = parser.value(firstOpt).toInt(&ok);
        if (!ok || first < 1) {
            err << "okular-bilingual render: bad --first\n";
            return ExitUsage;
        }
    }
    if (parser.isSet(lastOpt)) {
        last = parser.value(lastOpt).toInt(&ok);
        if (!ok || last < 1) {
            err << "okular-bilingual render: bad --last\n";
            return ExitUsage;
        }
    }
    last = std::min(last, count);
    if (first > last) {
        err << "okular-bilingual render: page range " << first << "-" << last << " is empty (document has " << count << " pages)\n";
        return ExitUsage;
    }

    const QString sourceCanonical = QFileInfo(file).canonicalFilePath();
    if (parser.isSet(pdfOpt)) {
        const QString pdf = parser.value(pdfOpt);
        if (QFileInfo(pdf).canonicalFilePath() == sourceCanonical) {
            err << "okular-bilingual render: refusing to overwrite the source file\n";
            return ExitCantCreate;
        }
        QString error;
        if (!Okb::exportPdf(doc, parsed.article, pdf, &error)) {
            err << "okular-bilingual render: " << pdf << ": " << error << '\n';
            return ExitCantCreate;
        }
        out << pdf << '\n';
        if (!parser.isSet(outOpt)) {
            return ExitOk;
        }
    }

    const QString dir = parser.isSet(outOpt) ? parser.value(outOpt) : QDir::currentPath();
    if (!QDir().mkpath(dir)) {
        err << "okular-bilingual render: cannot create directory " << dir << '\n';
        return ExitCantCreate;
    }
    const int w = int(std::lround(doc.pageSize.width() / 72.0 * dpi));
    const int h = int(std::lround(doc.pageSize.height() / 72.0 * dpi));
    for (int i = first - 1; i < last; ++i) {
        const QString path = QDir(dir).filePath(u"page-%1.png"_s.arg(i + 1));
        QImage img = Okb::renderPageImage(doc, i, w, h);
        if (img.isNull()) {
            err << "okular-bilingual render: cannot render page " << i + 1 << " at " << dpi << " dpi\n";
            return ExitSoftware;
        }
        img.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
        img.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
        if (!img.save(path, "PNG")) {
            err << "okular-bilingual render: cannot write " << path << '\n';
            return ExitCantCreate;
        }
        out << path << '\n';
    }
    return ExitOk;
}

} // namespace OkbCli
