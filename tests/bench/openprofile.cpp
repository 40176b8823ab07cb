// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okb-open-profile: where the time of opening one article goes (parse, align, lay out), the first
// time in a fresh process and again in the same process (what is start-up cost, what is work).
//   ./dev exec build/bin/okb-open-profile FILE [MODE] [REPEATS]
// MODE: SourceOrder (default), Interlinear, SideBySide, FacingPages, EnglishOnly, ChineseOnly.

#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "parse/articleparser.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QElapsedTimer total;
    total.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    const double appMs = total.nsecsElapsed() / 1e6;
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: okb-open-profile FILE [MODE] [REPEATS]\n";
        return 2;
    }
    const QString mode = args.value(2, u"SourceOrder"_s);
    const int repeats = std::max(1, args.value(3, u"2"_s).toInt());
    Okb::LayoutSettings settings;
    const QStringList names = {u"SourceOrder"_s, u"Interlinear"_s, u"SideBySide"_s, u"FacingPages"_s, u"EnglishOnly"_s, u"ChineseOnly"_s};
    settings.mode = Okb::LayoutMode(std::max(0, int(names.indexOf(mode))));
    QTextStream out(stdout);
    out << "QGuiApplication: " << appMs << " ms\n";
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer t;
        t.start();
        Okb::ParseResult parsed = Okb::parseArticleFile(args.at(1));
        const double parseMs = t.nsecsElapsed() / 1e6;
        if (!parsed.ok) {
            out << "parse error: " << parsed.error << '\n';
            return 1;
        }
        t.restart();
        Okb::Alignment alignment;
        const bool paired = settings.mode == Okb::LayoutMode::Interlinear || settings.mode == Okb::LayoutMode::SideBySide
            || settings.mode == Okb::LayoutMode::FacingPages;
        if (paired && parsed.article.hasEnglish() && parsed.article.hasChinese()) {
            alignment = Okb::alignArticle(parsed.article, {});
        }
        const double alignMs = t.nsecsElapsed() / 1e6;
        t.restart();
        const Okb::LaidOutDocument doc = Okb::layoutArticle(parsed.article, alignment.pairs.isEmpty() ? nullptr : &alignment, settings);
        const double layoutMs = t.nsecsElapsed() / 1e6;
        qsizetype boxes = 0;
        for (const auto &p : doc.pages) {
            boxes += p.text.size();
        }
        out << "open " << (r + 1) << ": parse " << parseMs << " ms, align " << alignMs << " ms, layout " << layoutMs << " ms; " << doc.pages.size()
            << " pages, " << boxes << " text boxes\n";
    }
    out << "total " << total.nsecsElapsed() / 1e6 << " ms\n";
    return 0;
}
