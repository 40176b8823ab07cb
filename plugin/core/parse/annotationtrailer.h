// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The reader's annotations live in the article file itself, after the text, in one HTML comment:
//
//     <!-- okular-bilingual annotations
//     <okb-annotations version="1" ...>...</okb-annotations>
//     -->
//
// An HTML comment, because the archive's files are Markdown with inline HTML (<hr />): every
// Markdown renderer hides it, so the article still reads the same everywhere, and a saved copy
// (File → Save As) carries its annotations with it. The payload is pure ASCII (non-ASCII
// characters as XML character references, and no "--"), so the trailer is the same bytes in UTF-8
// and GB18030 and is written as UTF-16 in a UTF-16 file. Removing the trailer gives back the
// original file byte for byte: saving with no annotations restores it.

#pragma once

#include "okbcore_export.h"

#include <QByteArray>
#include <QString>

namespace Okb
{

struct OKBCORE_EXPORT AnnotationTrailer {
    bool present = false;
    qsizetype contentSize = 0; // bytes of the article proper (everything before the trailer)
    QString payload; // the XML between the marker line and "-->"
};

// Finds a trailer at the end of a file's bytes (only whitespace may follow it). Without one,
// present is false and contentSize is the whole size. Linear time, never throws.
OKBCORE_EXPORT AnnotationTrailer findAnnotationTrailer(const QByteArray &bytes);

// The article bytes (without any trailer) followed by a trailer holding `payloadXml` (none if it
// is empty), in the file's own encoding (UTF-16 when the content starts with a UTF-16 BOM) and
// line ending. `payloadXml` may contain any characters: they are escaped as needed.
OKBCORE_EXPORT QByteArray withAnnotationTrailer(const QByteArray &content, const QString &payloadXml);

// The escaping used for the payload: non-ASCII characters, and the second "-" of any "--", as
// character references (valid in XML text and attribute values; names never contain "--").
OKBCORE_EXPORT QString asciiXml(const QString &xml);

} // namespace Okb
