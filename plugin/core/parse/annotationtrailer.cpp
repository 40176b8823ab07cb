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

// The line ending a trailer after `content` is written with (from the content's first 64 KiB).
QString trailerLineEnding(const QByteArray &content, Unit unit)
{
    const qsizetype probe = std::min<qsizetype>(content.size(), 64 * 1024);
    if (unit == Unit::Byte) {
        return lineEndingOf(QString::fromUtf8(content.left(probe))); // only the line ending matters here
    }
    return lineEndingOf(decode(content.left(probe - probe % 2), unit));
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
    // In UTF-16 a match must start on a code unit. The trailer is written at the end of the file,
    // so its units are counted from there: a file with an odd byte count (cut short by one byte)
    // finds its trailer again, where counting from the start lost it and every save appended one
    // more.
    const auto onUnit = [&](qsizetype pos) {
        return unit == Unit::Byte || (bytes.size() - pos) % 2 == 0;
    };
    const QByteArray marker = encode(QString::fromLatin1(kMarker), unit);
    // (Also because Qt 6.8's QByteArray::lastIndexOf() reads before the data when the needle is
    // longer than the array: found by fuzzing, a 6-byte UTF-16 file crashed.)
    if (bytes.size() < marker.size()) {
        return t;
    }
    qsizetype at = bytes.lastIndexOf(marker);
    while (at > 0 && !onUnit(at)) {
        at = bytes.lastIndexOf(marker, at - 1);
    }
    if (at < 0 || !onUnit(at)) {
        return t;
    }
    const QByteArray end = encode(QString::fromLatin1(kEnd), unit);
    qsizetype close = bytes.indexOf(end, at + marker.size());
    while (close >= 0 && !onUnit(close)) {
        close = bytes.indexOf(end, close + 1);
    }
    if (close < 0 || !isBlank(bytes, close + end.size(), unit)) {
        return t;
    }
    t.present = true;
    t.payload = decode(bytes.mid(at + marker.size(), close - (at + marker.size())), unit).trimmed();
    // Drop the one line break written before the marker: the one withAnnotationTrailer() chose
    // for the content that remains. (Any line break found there would take a content's own last
    // CR with it when the trailer was written with LF.)
    qsizetype start = at;
    for (const char *eol : {"\r\n", "\n", "\r"}) {
        const QByteArray e = encode(QString::fromLatin1(eol), unit);
        if (start >= e.size() && bytes.mid(start - e.size(), e.size()) == e
            && trailerLineEnding(bytes.left(start - e.size()), unit) == QLatin1String(eol)) {
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
    const QString eol = trailerLineEnding(out, unit);
    QString payload = asciiXml(payloadXml.trimmed());
    payload.replace(u'\n', eol);
    const QString trailer = eol + QString::fromLatin1(kMarker) + eol + payload + eol + QString::fromLatin1(kEnd) + eol;
    out += encode(trailer, unit);
    return out;
}

} // namespace Okb
