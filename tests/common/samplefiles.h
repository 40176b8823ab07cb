// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The real archive samples the layout suites run over: tests/data/samples/*.md|*.txt (not its
// README) and the Chinese-only articles in samples/original-only/.

#pragma once

#include <QDir>
#include <QStringList>

namespace OkbTest
{

inline QString samplesDir()
{
    return QStringLiteral(OKB_TEST_DATA_DIR "/samples");
}

inline QStringList sampleFiles()
{
    const QDir d(samplesDir());
    QStringList files;
    for (const QString &f : d.entryList({QStringLiteral("*.md"), QStringLiteral("*.txt")}, QDir::Files, QDir::Name)) {
        if (f != QLatin1String("README.md")) {
            files << d.filePath(f);
        }
    }
    const QDir o(d.filePath(QStringLiteral("original-only")));
    for (const QString &f : o.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name)) {
        files << o.filePath(f);
    }
    return files;
}

} // namespace OkbTest
