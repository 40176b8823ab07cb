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
OKBCORE_EXPORT ParseResult parseArticleFile(const QString &path);

} // namespace Okb
