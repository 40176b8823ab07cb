// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okular-bilingual info FILE [--json] [--blocks]: parse an article and print what was found.

#include "commands.h"

#include "parse/articleparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <map>

using namespace Qt::StringLiterals;

namespace
{

QString kindName(Okb::BlockKind k)
{
    switch (k) {
    case Okb::BlockKind::Title:
        return u"Title"_s;
    case Okb::BlockKind::Byline:
        return u"Byline"_s;
    case Okb::BlockKind::Heading:
        return u"Heading"_s;
    case Okb::BlockKind::Paragraph:
        return u"Paragraph"_s;
    case Okb::BlockKind::Verse:
        return u"Verse"_s;
    case Okb::BlockKind::TableRow:
        return u"TableRow"_s;
    case Okb::BlockKind::Caption:
        return u"Caption"_s;
    case Okb::BlockKind::Signature:
        return u"Signature"_s;
    case Okb::BlockKind::PartBreak:
        return u"PartBreak"_s;
    }
    return u"?"_s;
}

const Okb::BlockKind kAllKinds[] = {Okb::BlockKind::Title,
                                    Okb::BlockKind::Byline,
                                    Okb::BlockKind::Heading,
                                    Okb::BlockKind::Paragraph,
                                    Okb::BlockKind::Verse,
                                    Okb::BlockKind::TableRow,
                                    Okb::BlockKind::Caption,
                                    Okb::BlockKind::Signature,
                                    Okb::BlockKind::PartBreak};

std::map<Okb::BlockKind, int> countKinds(const QList<Okb::Block> &blocks)
{
    std::map<Okb::BlockKind, int> m;
    for (const Okb::Block &b : blocks) {
        ++m[b.kind];
    }
    return m;
}

QJsonObject kindsJson(const QList<Okb::Block> &blocks)
{
    QJsonObject o;
    const auto m = countKinds(blocks);
    for (Okb::BlockKind k : kAllKinds) {
        const auto it = m.find(k);
        o.insert(kindName(k), it == m.end() ? 0 : it->second);
    }
    return o;
}

QString kindsText(const QList<Okb::Block> &blocks)
{
    QStringList parts;
    const auto m = countKinds(blocks);
    for (Okb::BlockKind k : kAllKinds) {
        const auto it = m.find(k);
        if (it != m.end()) {
            parts.append(kindName(k) + u' ' + QString::number(it->second));
        }
    }
    return QString::number(blocks.size()) + u" (" + parts.join(u", "_s) + u')';
}

QJsonArray blocksJson(const QList<Okb::Block> &blocks)
{
    QJsonArray a;
    for (const Okb::Block &b : blocks) {
        QJsonObject o;
        o.insert(u"kind"_s, kindName(b.kind));
        o.insert(u"line"_s, b.sourceLine);
        o.insert(u"lines"_s, b.lineCount);
        o.insert(u"indent"_s, b.indent);
        o.insert(u"part"_s, b.part);
        if (!b.enumerator.isEmpty()) {
            o.insert(u"enumerator"_s, b.enumerator);
            o.insert(u"level"_s, b.level);
        }
        o.insert(u"text"_s, b.text);
        a.append(o);
    }
    return a;
}

QString preview(const QString &s, int max = 70)
{
    QString p = s;
    p.replace(u'\t', u"\\t"_s);
    return p.size() > max ? p.left(max) + u'…' : p;
}

} // namespace

// Annotations saved in the file by Okular (parse/annotationtrailer.h): one <item> each.
static int savedAnnotations(const Okb::Article &a)
{
    return int(a.annotationData.count(QLatin1String("<item ")));
}

int OkbCli::runInfo(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Parse a bilingual People's Daily article and print its metadata and structure."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"FILE"_s, u"The article (.md or .txt)."_s);
    const QCommandLineOption jsonOpt(u"json"_s, u"Print JSON instead of text."_s);
    const QCommandLineOption blocksOpt(u"blocks"_s, u"Also list every block (kind, source line, enumerator, text)."_s);
    parser.addOption(jsonOpt);
    parser.addOption(blocksOpt);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString path;
    if (const int exit = parseFileCommand(parser, args, "info", &path); exit >= 0) {
        return exit;
    }
    const QFileInfo fi(path);
    if (!fi.exists()) {
        err << "okular-bilingual info: " << path << ": no such file\n";
        return ExitNoInput;
    }
    bool sniffed = false;
    {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly)) {
            sniffed = Okb::looksLikeArticle(f.read(4096));
        }
    }
    const Okb::ParseResult r = Okb::parseArticleFile(path);
    if (!r.ok) {
        if (parser.isSet(jsonOpt)) {
            QJsonObject o;
            o.insert(u"file"_s, path);
            o.insert(u"ok"_s, false);
            o.insert(u"sniffed"_s, sniffed);
            o.insert(u"error"_s, r.error);
            out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        }
        err << "okular-bilingual info: " << path << ": " << r.error << '\n';
        return ExitBadInput;
    }
    const Okb::Article &a = r.article;
    const bool withBlocks = parser.isSet(blocksOpt);

    if (parser.isSet(jsonOpt)) {
        QJsonObject o;
        o.insert(u"file"_s, path);
        o.insert(u"ok"_s, true);
        o.insert(u"sniffed"_s, sniffed);
        o.insert(u"encoding"_s, a.encoding);
        o.insert(u"lineEnding"_s, a.lineEnding);
        o.insert(u"parts"_s, a.partCount);
        QJsonObject en;
        en.insert(u"title"_s, a.en.title);
        en.insert(u"author"_s, a.en.author);
        en.insert(u"date"_s, a.en.dateText);
        en.insert(u"dateValid"_s, a.en.date.isValid());
        en.insert(u"pageKey"_s, a.en.pageKey);
        en.insert(u"page"_s, a.en.page);
        en.insert(u"column"_s, a.en.column);
        en.insert(u"extraLines"_s, QJsonArray::fromStringList(a.en.extraLines));
        en.insert(u"blockCount"_s, int(a.english.size()));
        en.insert(u"blocks"_s, kindsJson(a.english));
        o.insert(u"english"_s, en);
        QJsonObject zh;
        zh.insert(u"title"_s, a.zh.title);
        zh.insert(u"titleLines"_s, QJsonArray::fromStringList(a.zh.titleLines));
        zh.insert(u"author"_s, a.zh.author);
        zh.insert(u"date"_s, a.zh.dateText);
        zh.insert(u"dateValid"_s, a.zh.date.isValid());
        zh.insert(u"pageLabel"_s, a.zh.pageLabel);
        zh.insert(u"pageNumber"_s, a.zh.pageNumber);
        zh.insert(u"pageSection"_s, a.zh.pageSection);
        zh.insert(u"column"_s, a.zh.column);
        zh.insert(u"blockCount"_s, int(a.chinese.size()));
        zh.insert(u"blocks"_s, kindsJson(a.chinese));
        o.insert(u"chinese"_s, zh);
        QJsonArray g;
        for (const Okb::GlossaryEntry &e : a.glossary) {
            g.append(QJsonObject{{u"term"_s, e.term}, {u"gloss"_s, e.gloss}});
        }
        o.insert(u"glossarySize"_s, int(a.glossary.size()));
        o.insert(u"glossary"_s, g);
        o.insert(u"savedAnnotations"_s, savedAnnotations(a));
        o.insert(u"warnings"_s, QJsonArray::fromStringList(a.warnings));
        if (withBlocks) {
            o.insert(u"englishBlocks"_s, blocksJson(a.english));
            o.insert(u"chineseBlocks"_s, blocksJson(a.chinese));
        }
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return ExitOk;
    }

    auto orDash = [](const QString &s) {
        return s.isEmpty() ? u"—"_s : s;
    };
    out << "File:         " << path << '\n';
    out << "Encoding:     " << a.encoding << '\n';
    out << "Line endings: " << a.lineEnding << '\n';
    out << "Sniffed:      " << (sniffed ? "yes" : "no (the content sniffer would not recognise this file)") << '\n';
    if (a.partCount > 1) {
        out << "Parts:        " << a.partCount << '\n';
    }
    out << "English:      " << (a.hasEnglish() ? u"yes"_s : u"no"_s) << '\n';
    if (a.hasEnglish()) {
        out << "  Title:      " << orDash(a.en.title) << '\n';
        out << "  Author:     " << orDash(a.en.author) << '\n';
        out << "  Date:       " << orDash(a.en.dateText) << (a.en.date.isValid() || a.en.dateText.isEmpty() ? "" : " (invalid)") << '\n';
        out << "  " << (a.en.pageKey.isEmpty() ? u"Page"_s : a.en.pageKey) << ":"
            << QString(11 - qMin(10, int(a.en.pageKey.size() ? a.en.pageKey.size() : 4)), u' ') << orDash(a.en.page) << '\n';
        out << "  Column:     " << orDash(a.en.column) << '\n';
        for (const QString &x : a.en.extraLines) {
            out << "  Extra:      " << x << '\n';
        }
        out << "  Blocks:     " << kindsText(a.english) << '\n';
    }
    out << "Chinese:      " << (a.hasChinese() ? u"yes"_s : u"no"_s) << '\n';
    if (a.hasChinese()) {
        out << "  Title:      " << orDash(a.zh.title) << '\n';
        if (a.zh.titleLines.size() > 1) {
            out << "  Parts:      " << a.zh.titleLines.join(u" / "_s) << '\n';
        }
        out << "  Author:     " << orDash(a.zh.author) << '\n';
        out << "  Date:       " << orDash(a.zh.dateText) << '\n';
        out << "  Page:       " << orDash(a.zh.pageLabel);
        if (!a.zh.pageLabel.isEmpty()) {
            out << " (number " << a.zh.pageNumber << ", section " << orDash(a.zh.pageSection) << ')';
        }
        out << '\n';
        out << "  Column:     " << orDash(a.zh.column) << '\n';
        out << "  Blocks:     " << kindsText(a.chinese) << '\n';
    }
    out << "Glossary:     " << a.glossary.size() << (a.glossary.size() == 1 ? " entry" : " entries") << '\n';
    out << "Annotations:  " << savedAnnotations(a) << " saved in the file\n";
    if (!a.warnings.isEmpty()) {
        out << "Warnings:\n";
        for (const QString &w : a.warnings) {
            out << "  - " << w << '\n';
        }
    }
    if (withBlocks) {
        auto dump = [&out](const char *name, const QList<Okb::Block> &blocks) {
            out << '\n' << name << " blocks:\n";
            for (const Okb::Block &b : blocks) {
                out << QStringLiteral("  %1 L%2%3 %4")
                           .arg(kindName(b.kind).leftJustified(9))
                           .arg(b.sourceLine, -5)
                           .arg(b.enumerator.isEmpty() ? QString() : (u" ["_s + b.enumerator + u" L" + QString::number(b.level) + u']'))
                           .arg(preview(b.text))
                    << '\n';
            }
        };
        dump("English", a.english);
        dump("Chinese", a.chinese);
    }
    return ExitOk;
}
