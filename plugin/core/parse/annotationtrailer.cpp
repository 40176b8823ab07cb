// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "parse/annotationtrailer.h"

#include <QStringDecoder>
#include <QStringEncoder>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{
const char kMarker[] = "<!-- okular-bilingual annotations";
const char kEnd[] = "-->";

enum class Unit { Byte, Utf16LE, Utf16BE };

Unit unitOf(const QByteArray &bytes)
{
    if (bytes.size() >= 2 && uchar(bytes[0]) == 0xFF && uchar(bytes[1]) == 0xFE) {
        return Unit::Utf16LE;
    }
    if (bytes.size() >= 2 && uchar(bytes[0]) == 0xFE && uchar(bytes[1]) == 0xFF) {
        return Unit::Utf16BE;
    }
    return Unit::Byte;
}

QByteArray encode(const QString &text, Unit unit)
{
    switch (unit) {
    case Unit::Utf16LE:
        return QStringEncoder(QStringEncoder::Utf16LE).encode(text);
    case Unit::Utf16BE:
        return QStringEncoder(QStringEncoder::Utf16BE).encode(text);
    case Unit::Byte:
        break;
    }
    return text.toLatin1(); // the trailer is ASCII by construction
}

QString decode(const QByteArray &bytes, Unit unit)
{
    switch (unit) {
    case Unit::Utf16LE:
        return QStringDecoder(QStringDecoder::Utf16LE).decode(bytes);
    case Unit::Utf16BE:
        return QStringDecoder(QStringDecoder::Utf16BE).decode(bytes);
    case Unit::Byte:
        break;
    }
    return QString::fromLatin1(bytes);
}

bool isBlank(const QByteArray &bytes, qsizetype from, Unit unit)
{
    const int step = unit == Unit::Byte ? 1 : 2;
    for (qsizetype i = from; i + step <= bytes.size(); i += step) {
        char16_t c = uchar(bytes[i]);
        if (unit == Unit::Utf16LE) {
            c = char16_t(uchar(bytes[i]) | (uchar(bytes[i + 1]) << 8));
        } else if (unit == Unit::Utf16BE) {
            c = char16_t((uchar(bytes[i]) << 8) | uchar(bytes[i + 1]));
        }
        if (c != u' ' && c != u'\t' && c != u'\r' && c != u'\n') {
            return false;
        }
    }
    return true;
}

// The line ending the content uses (the trailer uses the same).
QString lineEndingOf(const QString &text)
{
    const qsizetype nl = text.indexOf(u'\n');
    if (nl > 0 && text.at(nl - 1) == u'\r') {
        return QStringLiteral("\r\n");
    }
    if (nl < 0 && text.contains(u'\r')) {
        return QStringLiteral("\r");
    }
    return QStringLiteral("\n");
}
} // namespace

QString asciiXml(const QString &xml)
{
    QString out;
    out.reserve(xml.size() + 16);
    for (qsizetype i = 0; i < xml.size(); ++i) {
        const QChar c = xml.at(i);
        if (c.isHighSurrogate() && i + 1 < xml.size() && xml.at(i + 1).isLowSurrogate()) {
            out += u"&#x"_s + QString::number(QChar::surrogateToUcs4(c, xml.at(i + 1)), 16) + u';';
            ++i;
        } else if (c.unicode() > 0x7E || (c.unicode() < 0x20 && c != u'\n' && c != u'\t')) {
            // (A lone surrogate or a control character cannot be in XML: dropped.)
            if (!c.isSurrogate() && c.unicode() >= 0x20) {
                out += u"&#x"_s + QString::number(c.unicode(), 16) + u';';
            }
        } else if (c == u'-' && out.endsWith(u'-')) {
            out += QStringLiteral("&#x2d;"); // never "--" inside an HTML/XML comment (names have no "--")
        } else if (c == u'\r') {
            out += QStringLiteral("&#xd;");
        } else {
            out += c;
        }
    }
    return out;
}

AnnotationTrailer findAnnotationTrailer(const QByteArray &bytes)
{
    AnnotationTrailer t;
    t.contentSize = bytes.size();
    const Unit unit = unitOf(bytes);
    const QByteArray marker = encode(QString::fromLatin1(kMarker), unit);
    const qsizetype at = bytes.lastIndexOf(marker);
    if (at < 0 || (unit != Unit::Byte && at % 2 != 0)) {
        return t;
    }
    const QByteArray end = encode(QString::fromLatin1(kEnd), unit);
    const qsizetype close = bytes.indexOf(end, at + marker.size());
    if (close < 0 || (unit != Unit::Byte && close % 2 != 0) || !isBlank(bytes, close + end.size(), unit)) {
        return t;
    }
    t.present = true;
    t.payload = decode(bytes.mid(at + marker.size(), close - (at + marker.size())), unit).trimmed();
    // Drop the one line break written before the marker.
    qsizetype start = at;
    for (const char *eol : {"\r\n", "\n", "\r"}) {
        const QByteArray e = encode(QString::fromLatin1(eol), unit);
        if (start >= e.size() && bytes.mid(start - e.size(), e.size()) == e) {
            start -= e.size();
            break;
        }
    }
    t.contentSize = start;
    return t;
}

QByteArray withAnnotationTrailer(const QByteArray &content, const QString &payloadXml)
{
    const AnnotationTrailer old = findAnnotationTrailer(content);
    QByteArray out = content.left(old.contentSize);
    if (payloadXml.trimmed().isEmpty()) {
        return out;
    }
    const Unit unit = unitOf(out);
    const qsizetype probe = std::min<qsizetype>(out.size(), 64 * 1024);
    QString head = decode(out.left(probe - (unit == Unit::Byte ? 0 : probe % 2)), unit);
    if (unit == Unit::Byte) {
        head = QString::fromUtf8(out.left(probe)); // only the line ending matters here
    }
    const QString eol = lineEndingOf(head);
    QString payload = asciiXml(payloadXml.trimmed());
    payload.replace(u'\n', eol);
    const QString trailer = eol + QString::fromLatin1(kMarker) + eol + payload + eol + QString::fromLatin1(kEnd) + eol;
    out += encode(trailer, unit);
    return out;
}

} // namespace Okb
