// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// `okular-bilingual annotations FILE`: the reader's annotations saved in an article by Okular
// (parse/annotationtrailer.h), listed with the article text they mark — a reader's highlights and
// notes, readable and collectable without Okular.

#include "commands.h"

#include "parse/articleparser.h"

#include <QCommandLineParser>
#include <QDomDocument>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace
{
// Okular's annotation XML (its AnnotationUtils::storeAnnotation) names kinds by number.
QString kindOf(const QDomElement &annotation)
{
    switch (annotation.attribute(u"type"_s).toInt()) {
    case 1:
        return annotation.firstChildElement(u"text"_s).attribute(u"type"_s) == u"1"_s ? u"Inline note"_s : u"Note"_s;
    case 2:
        return u"Line"_s;
    case 3:
        return u"Shape"_s;
    case 4:
        switch (annotation.firstChildElement(u"hl"_s).attribute(u"type"_s).toInt()) {
        case 1:
            return u"Squiggly"_s;
        case 2:
            return u"Underline"_s;
        case 3:
            return u"Strike-out"_s;
        default:
            return u"Highlight"_s;
        }
    case 5:
        return u"Stamp"_s;
    case 6:
        return u"Ink"_s;
    default:
        return u"Annotation"_s;
    }
}

const Okb::Block *blockOf(const Okb::Article &a, const QDomElement &e)
{
    const QList<Okb::Block> &blocks = e.attribute(u"lang"_s) == u"zh"_s ? a.chinese : a.english;
    const int b = e.attribute(u"block"_s, u"-1"_s).toInt();
    return b >= 0 && b < blocks.size() ? &blocks.at(b) : nullptr;
}

// The article text an item marks: its ranges, or a few words around its anchor.
QString markedText(const Okb::Article &a, const QDomElement &item, bool *exact)
{
    QStringList parts;
    for (QDomElement t = item.firstChildElement(u"text"_s); !t.isNull(); t = t.nextSiblingElement(u"text"_s)) {
        if (const Okb::Block *b = blockOf(a, t)) {
            const int from = std::clamp(t.attribute(u"from"_s).toInt(), 0, int(b->text.size()));
            const int to = std::clamp(t.attribute(u"to"_s).toInt(), from, int(b->text.size()));
            parts << b->text.mid(from, to - from);
        }
    }
    *exact = !parts.isEmpty();
    if (*exact) {
        return parts.join(u' ');
    }
    const QDomElement at = item.firstChildElement(u"at"_s);
    if (const Okb::Block *b = at.isNull() ? nullptr : blockOf(a, at)) {
        // A few words either side (whole words where there are spaces).
        const QString &t = b->text;
        const int offset = std::clamp(at.attribute(u"offset"_s).toInt(), 0, int(t.size()));
        int from = std::max(0, offset - 16);
        int to = std::min(int(t.size()), offset + 16);
        if (from > 0 && t.indexOf(u' ', from) >= 0 && t.indexOf(u' ', from) < offset) {
            from = int(t.indexOf(u' ', from)) + 1;
        }
        if (to < t.size() && t.lastIndexOf(u' ', to) > offset) {
            to = int(t.lastIndexOf(u' ', to));
        }
        return t.mid(from, to - from).simplified();
    }
    return QString();
}
} // namespace

int OkbCli::runAnnotations(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"List the annotations saved in an article by Okular, with the text they mark."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"FILE"_s, u"The article (.md or .txt)."_s);
    const QCommandLineOption jsonOpt(u"json"_s, u"Print JSON instead of text."_s);
    parser.addOption(jsonOpt);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString path;
    if (const int exit = parseFileCommand(parser, args, "annotations", &path); exit >= 0) {
        return exit;
    }
    Okb::ParseResult r;
    if (const int exit = loadArticleFile(path, "annotations", &r); exit >= 0) {
        return exit;
    }
    QDomDocument xml;
    if (!r.article.annotationData.isEmpty() && (!xml.setContent(r.article.annotationData) || xml.documentElement().tagName() != u"okb-annotations"_s)) {
        err << "okular-bilingual annotations: " << path << ": the saved annotations cannot be read\n";
        return ExitBadInput;
    }
    QJsonArray list;
    int n = 0;
    for (QDomElement item = xml.documentElement().firstChildElement(u"item"_s); !item.isNull(); item = item.nextSiblingElement(u"item"_s)) {
        const QDomElement annotation = item.firstChildElement(u"annotation"_s);
        const QDomElement base = annotation.firstChildElement(u"base"_s);
        bool exact = false;
        const QString text = markedText(r.article, item, &exact);
        const QDomElement anchor = exact ? item.firstChildElement(u"text"_s) : item.firstChildElement(u"at"_s);
        const QString lang = anchor.attribute(u"lang"_s);
        ++n;
        if (parser.isSet(jsonOpt)) {
            QJsonObject o{{u"kind"_s, kindOf(annotation)},
                          {u"language"_s, lang},
                          {u"author"_s, base.attribute(u"author"_s)},
                          {u"contents"_s, base.attribute(u"contents"_s)},
                          {exact ? u"text"_s : u"near"_s, text},
                          {u"created"_s, base.attribute(u"creationDate"_s)}};
            list.append(o);
            continue;
        }
        out << n << ". " << kindOf(annotation);
        if (!lang.isEmpty()) {
            out << " (" << lang << ')';
        }
        if (!base.attribute(u"author"_s).isEmpty()) {
            out << " by " << base.attribute(u"author"_s);
        }
        if (!text.isEmpty()) {
            out << (exact ? ": “" : ", near “") << text << "”";
        }
        out << '\n';
        if (!base.attribute(u"contents"_s).isEmpty()) {
            out << "   " << base.attribute(u"contents"_s) << '\n';
        }
    }
    if (parser.isSet(jsonOpt)) {
        out << QJsonDocument(QJsonObject{{u"file"_s, path}, {u"annotations"_s, list}}).toJson(QJsonDocument::Indented);
    } else if (n == 0) {
        out << "No annotations saved in " << path << ".\n";
    }
    return ExitOk;
}
