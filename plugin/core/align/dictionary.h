// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// CC-CEDICT as lexical evidence for the aligner. Read from the system (Debian dict-cc-cedict:
// /usr/share/dictd/cc-cedict.dict.dz, dictzip = gzip, read with zlib) or from an override path
// (dictd .dict/.dict.dz or the original cedict_ts.u8 text). Loaded lazily once per path and
// process, shared between threads; when missing, alignment goes on without it (with a warning).

#pragma once

#include "okbcore_export.h"

#include <QHash>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <memory>
#include <vector>

namespace Okb
{

// Stable id of an English word after lower-casing and crude stemming ("statements" = "statement").
OKBCORE_EXPORT uint32_t englishWordId(QStringView word);
// Content words of English text (stop words dropped), as ids.
OKBCORE_EXPORT std::vector<uint32_t> englishContentWordIds(QStringView text);

class OKBCORE_EXPORT ChineseEnglishDictionary
{
public:
    // The shared dictionary for path (empty: $OKB_CEDICT, then the system location). Never null;
    // check isLoaded(). Thread-safe; the first call per path loads (about a second).
    static std::shared_ptr<const ChineseEnglishDictionary> shared(const QString &path = QString());
    // The file used when no path is given, or empty if none is installed.
    static QString systemPath();

    bool isLoaded() const
    {
        return !m_entries.isEmpty();
    }
    QString errorString() const
    {
        return m_error;
    }
    QString path() const
    {
        return m_path;
    }
    int size() const
    {
        return int(m_entries.size());
    }
    int maxWordLength() const
    {
        return m_maxLen;
    }
    // Glosses (English content word ids, sorted) of the headword, or nullptr.
    const std::vector<uint32_t> *lookup(QStringView word) const;

    // Loads a dictionary file; used by shared() and by tests.
    static std::shared_ptr<ChineseEnglishDictionary> load(const QString &path);

private:
    void addEntry(const QString &headword, QStringView definitions);
    QHash<QString, std::vector<uint32_t>> m_entries;
    QString m_path;
    QString m_error;
    int m_maxLen = 0;
};

} // namespace Okb
