// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "model/article.h"
#include "okbcore_export.h"

#include <QByteArray>
#include <QString>

namespace Okb
{

struct OKBCORE_EXPORT ParseResult {
    bool ok = false;
    QString error; // user-visible reason when !ok (translatable)
    Article article;
};

// Decodes bytes (UTF-8 with/without BOM, UTF-16 with BOM, GB18030/GBK) to text.
OKBCORE_EXPORT QString decodeText(const QByteArray &bytes, QString *encodingName = nullptr);

// Cheap content sniffing on the first bytes of a file: is this a bilingual (or raw Chinese-only)
// People's Daily article? Used by the CLI and by tests; the MIME type does the same in XML.
OKBCORE_EXPORT bool looksLikeArticle(const QByteArray &head);

// Parses an article. Never throws, never crashes, bounded time (linear in input size).
OKBCORE_EXPORT ParseResult parseArticle(const QByteArray &bytes, const QString &sourcePath = QString());
// Opens read-only; refuses files larger than maxArticleFileSize() with a message.
OKBCORE_EXPORT ParseResult parseArticleFile(const QString &path);

// Largest file parseArticleFile() accepts (64 MiB).
OKBCORE_EXPORT qint64 maxArticleFileSize();

// The leading enumerator of a block text ("一、", "（一）", "甲、", "XV.", "A.", "1.", "1、"), or an
// empty string. *level receives 1 (一、/I.), 2 (甲、/（一）/A.) or 3 (1./1、/（1）), 0 if none.
// Single letters that are also Roman numerals (I, V, X, L, C) count as letters only when
// previousLetter is the letter before them (e.g. "C." after "B."); pass QChar() otherwise.
OKBCORE_EXPORT QString detectEnumerator(QStringView text, int *level, QChar previousLetter = QChar());

} // namespace Okb
