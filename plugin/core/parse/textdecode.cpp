// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Byte -> text decoding and cheap content sniffing.

#include "parse/articleparser.h"
#include "parse/parseutil.h"

#include <QStringDecoder>

#include <unicode/ucnv.h>
#include <unicode/utypes.h>

#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

struct Utf8Stats {
    qsizetype invalid = 0; // invalid or truncated sequences
    qsizetype multibyte = 0; // valid sequences of 2..4 bytes
    bool truncatedAtEnd = false; // the only problem is a sequence cut by the end of the buffer
};

// Strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). Linear.
Utf8Stats scanUtf8(const char *p, qsizetype n)
{
    Utf8Stats s;
    qsizetype i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        char32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            ++s.invalid;
            ++i;
            continue;
        }
        if (i + len > n) {
            // Cut by the end of the buffer: only an error if the bytes present are already wrong.
            bool prefixOk = true;
            for (qsizetype k = i + 1; k < n; ++k) {
                if ((static_cast<unsigned char>(p[k]) & 0xC0) != 0x80) {
                    prefixOk = false;
                }
            }
            if (prefixOk) {
                s.truncatedAtEnd = true;
            } else {
                ++s.invalid;
            }
            break;
        }
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const auto d = static_cast<unsigned char>(p[i + k]);
            if ((d & 0xC0) != 0x80) {
                ok = false;
                break;
            }
            cp = (cp << 6) | (d & 0x3F);
        }
        if (ok && len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) {
            ok = false;
        }
        if (ok && len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) {
            ok = false;
        }
        if (!ok) {
            ++s.invalid;
            ++i;
            continue;
        }
        ++s.multibyte;
        i += len;
    }
    return s;
}

// Strict GB18030 decoding with ICU's converter (exact GB18030 tables; stops at the first illegal
// sequence so we can tell "is GB18030" from "decodes to something"). Returns false on any error.
bool decodeGb18030Strict(const QByteArray &bytes, QString *out)
{
    if (bytes.size() > std::numeric_limits<int32_t>::max() / 2) {
        return false;
    }
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("GB18030", &err);
    if (U_FAILURE(err) || !conv) {
        // Fall back to Qt's decoder (also ICU-backed on Linux builds).
        QStringDecoder dec("GB18030");
        if (!dec.isValid()) {
            return false;
        }
        QString s = dec.decode(bytes);
        if (dec.hasError()) {
            return false;
        }
        *out = s;
        return true;
    }
    std::unique_ptr<UConverter, void (*)(UConverter *)> guard(conv, ucnv_close);
    ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
    if (U_FAILURE(err)) {
        return false;
    }
    // GB18030 never needs more UTF-16 units than bytes (+ slack).
    QString result(bytes.size() + 2, Qt::Uninitialized);
    err = U_ZERO_ERROR;
    const int32_t len = ucnv_toUChars(conv,
                                      reinterpret_cast<UChar *>(result.data()),
                                      static_cast<int32_t>(result.size()),
                                      bytes.constData(),
                                      static_cast<int32_t>(bytes.size()),
                                      &err);
    if (U_FAILURE(err)) {
        return false; // illegal/invalid sequence (STOP callback) or, impossibly, overflow
    }
    result.truncate(len);
    *out = result;
    return true;
}

QString decodeUtf16(const QByteArray &bytes, bool littleEndian)
{
    QStringDecoder dec(littleEndian ? QStringConverter::Utf16LE : QStringConverter::Utf16BE);
    return dec.decode(bytes);
}

} // namespace

QString decodeText(const QByteArray &bytes, QString *encodingName)
{
    auto setName = [encodingName](const QString &n) {
        if (encodingName) {
            *encodingName = n;
        }
    };
    const qsizetype n = bytes.size();
    const auto *u = reinterpret_cast<const unsigned char *>(bytes.constData());
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        const QByteArray rest = bytes.mid(3);
        const Utf8Stats st = scanUtf8(rest.constData(), rest.size());
        setName(st.invalid ? u"UTF-8 BOM (invalid bytes replaced)"_s : u"UTF-8 BOM"_s);
        return QString::fromUtf8(rest);
    }
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        setName(u"UTF-16LE"_s);
        return decodeUtf16(bytes.mid(2), true);
    }
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        setName(u"UTF-16BE"_s);
        return decodeUtf16(bytes.mid(2), false);
    }
    const Utf8Stats st = scanUtf8(bytes.constData(), n);
    if (st.invalid == 0) {
        setName(u"UTF-8"_s);
        return QString::fromUtf8(bytes);
    }
    // Mostly valid UTF-8 with a few bad bytes: a damaged UTF-8 file, not a legacy encoding.
    if (st.multibyte >= 20 * st.invalid) {
        setName(u"UTF-8 (invalid bytes replaced)"_s);
        return QString::fromUtf8(bytes);
    }
    QString gb;
    if (decodeGb18030Strict(bytes, &gb)) {
        setName(u"GB18030"_s);
        return gb;
    }
    setName(u"UTF-8 (invalid bytes replaced)"_s);
    return QString::fromUtf8(bytes);
}

bool looksLikeArticle(const QByteArray &head)
{
    // Decode just the head; a multi-byte sequence cut at the end is tolerated by every decoder
    // here (replacement char at worst).
    QString text;
    const auto *u = reinterpret_cast<const unsigned char *>(head.constData());
    if (head.size() >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        text = decodeUtf16(head.mid(2), u[0] == 0xFF);
    } else if (head.size() >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        text = QString::fromUtf8(head.mid(3));
    } else {
        const Utf8Stats st = scanUtf8(head.constData(), head.size());
        if (st.invalid == 0) {
            text = QString::fromUtf8(head);
        } else {
            QString gb;
            // A GB18030 head may be cut mid-character: retry without the last byte.
            if (decodeGb18030Strict(head, &gb) || decodeGb18030Strict(head.left(head.size() - 1), &gb)) {
                text = gb;
            } else {
                return false;
            }
        }
    }
    if (text.contains(QChar(0))) {
        return false;
    }
    // Split into at most 12 lines (any line ending).
    QList<QStringView> lines;
    {
        const QStringView v(text);
        qsizetype start = 0;
        for (qsizetype i = 0; i < v.size() && lines.size() < 12; ++i) {
            if (v[i] == u'\n' || v[i] == u'\r') {
                lines.append(v.mid(start, i - start));
                if (v[i] == u'\r' && i + 1 < v.size() && v[i + 1] == u'\n') {
                    ++i;
                }
                start = i + 1;
            }
        }
        if (lines.size() < 12 && start < v.size()) {
            lines.append(v.mid(start));
        }
    }
    // Mirrors the shared-mime-info magic: the marker must be at the very start (after a BOM).
    if (lines.isEmpty()) {
        return false;
    }
    const QStringView firstLine = lines[0];
    if (firstLine.startsWith(u"Title:")) {
        // Bilingual: "Date:" at the start of one of the next 8 lines.
        for (qsizetype i = 1; i < std::min<qsizetype>(lines.size(), 9); ++i) {
            if (lines[i].startsWith(u"Date:")) {
                return true;
            }
        }
        return false;
    }
    if (firstLine.startsWith(u"### ")) {
        // Raw Chinese: a line starting with an ASCII YYYY-MM-DD date or with "专栏：" among the
        // next 6.
        for (qsizetype i = 1; i < std::min<qsizetype>(lines.size(), 7); ++i) {
            const QStringView l = lines[i];
            bool isoDate = l.size() >= 10;
            for (qsizetype k = 0; isoDate && k < 10; ++k) {
                isoDate = (k == 4 || k == 7) ? l[k] == u'-' : (l[k] >= u'0' && l[k] <= u'9');
            }
            if (l.startsWith(u"专栏：") || isoDate) {
                return true;
            }
        }
    }
    return false;
}

} // namespace Okb
