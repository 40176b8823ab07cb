// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "export/tmxwriter.h"

#include "align/aligner.h"

#include <QBuffer>
#include <QDateTime>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace Okb
{

QString pairText(const Article &article, const Alignment &alignment, const AlignedPair &pair, Language language)
{
    const bool english = language == Language::English;
    const QList<int> &ids = english ? pair.english : pair.chinese;
    const QList<Segment> &segs = english ? alignment.english : alignment.chinese;
    QString out;
    for (int i : ids) {
        if (i < 0 || i >= segs.size()) {
            continue;
        }
        if (english && !out.isEmpty()) {
            out += u' ';
        }
        out += segmentText(article, segs.at(i));
    }
    return out;
}

static QString idRange(const QList<int> &ids)
{
    if (ids.isEmpty()) {
        return QString();
    }
    if (ids.size() == 1) {
        return QString::number(ids.first());
    }
    return QString::number(ids.first()) + u'-' + QString::number(ids.last());
}

// Text as XML 1.0 may hold it. The parser keeps the odd control character of a damaged file in
// block text (form feed, vertical tab, ESC, stray C0 controls up to 1 % of the text); XML has
// no way to write them (not even as character references), and QXmlStreamWriter stops with an
// error at the first one, so the whole export failed. Form feed and vertical tab are white space
// (a space, as in the TSV); any other character XML cannot hold becomes U+FFFD, as an
// undecodable byte does in the parser.
static QString xmlText(const QString &text)
{
    const auto allowed = [](char32_t c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    };
    qsizetype i = 0;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
        } else if (!allowed(c.unicode()) || c.isSurrogate()) {
            break;
        }
    }
    if (i == text.size()) {
        return text; // (nearly always: no copy)
    }
    QString out = text.left(i);
    out.reserve(text.size());
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
        } else if (c == u'\f' || c == u'\v') {
            out += u' ';
        } else if (!allowed(c.unicode()) || c.isSurrogate()) {
            out += QChar(QChar::ReplacementCharacter);
        } else {
            out += c;
        }
    }
    return out;
}

bool writeTmx(const Article &article, const Alignment &alignment, QIODevice *device)
{
    // QXmlStreamWriter does the escaping and the encoding (UTF-8).
    QXmlStreamWriter w(device);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(1);
    w.writeStartDocument();
    w.writeDTD(u"<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">"_s);
    w.writeStartElement(u"tmx"_s);
    w.writeAttribute(u"version"_s, u"1.4"_s);
    w.writeStartElement(u"header"_s);
    w.writeAttribute(u"creationtool"_s, u"okular-bilingual"_s);
    w.writeAttribute(u"creationtoolversion"_s, u"0.1.0"_s);
    w.writeAttribute(u"datatype"_s, u"plaintext"_s);
    w.writeAttribute(u"segtype"_s, alignment.level == AlignLevel::Sentence ? u"sentence"_s : u"paragraph"_s);
    w.writeAttribute(u"adminlang"_s, u"en"_s);
    w.writeAttribute(u"srclang"_s, u"zh-CN"_s);
    w.writeAttribute(u"o-tmf"_s, u"okular-bilingual"_s);
    w.writeAttribute(u"creationdate"_s, QDateTime::currentDateTimeUtc().toString(u"yyyyMMddTHHmmssZ"_s));
    auto prop = [&w](const QString &type, const QString &value) {
        if (value.isEmpty()) {
            return;
        }
        w.writeStartElement(u"prop"_s);
        w.writeAttribute(u"type"_s, type);
        w.writeCharacters(xmlText(value));
        w.writeEndElement();
    };
    prop(u"x-source"_s, article.sourcePath);
    prop(u"x-title-en"_s, article.en.title);
    prop(u"x-title-zh"_s, article.zh.title);
    prop(u"x-author-en"_s, article.en.author);
    prop(u"x-author-zh"_s, article.zh.author);
    prop(u"x-date"_s, article.date().isValid() ? article.date().toString(Qt::ISODate) : article.en.dateText);
    prop(u"x-page"_s, article.zh.pageLabel.isEmpty() ? article.en.page : article.zh.pageLabel);
    prop(u"x-column"_s, article.zh.column.isEmpty() ? article.en.column : article.zh.column);
    prop(u"x-length-ratio"_s, QString::number(alignment.lengthRatio, 'f', 3));
    prop(u"x-pairs"_s, QString::number(alignment.pairs.size()));
    w.writeEndElement(); // header
    w.writeStartElement(u"body"_s);
    int n = 0;
    for (const AlignedPair &p : alignment.pairs) {
        w.writeStartElement(u"tu"_s);
        w.writeAttribute(u"tuid"_s, QString::number(++n));
        prop(u"x-confidence"_s, QString::number(p.confidence, 'f', 3));
        prop(u"x-faults"_s, faultNames(p.faults));
        prop(u"x-english-segments"_s, idRange(p.english));
        prop(u"x-chinese-segments"_s, idRange(p.chinese));
        for (Language lang : {Language::English, Language::Chinese}) {
            if ((lang == Language::English ? p.english : p.chinese).isEmpty()) {
                continue;
            }
            w.writeStartElement(u"tuv"_s);
            w.writeAttribute(u"xml:lang"_s, lang == Language::English ? u"en"_s : u"zh-CN"_s);
            w.writeTextElement(u"seg"_s, xmlText(pairText(article, alignment, p, lang)));
            w.writeEndElement();
        }
        w.writeEndElement(); // tu
    }
    w.writeEndElement(); // body
    w.writeEndElement(); // tmx
    w.writeEndDocument();
    return !w.hasError();
}

QByteArray toTmx(const Article &article, const Alignment &alignment)
{
    QByteArray data;
    QBuffer buf(&data);
    buf.open(QIODevice::WriteOnly);
    writeTmx(article, alignment, &buf);
    return data;
}

} // namespace Okb
