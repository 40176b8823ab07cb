// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "align/dictionary.h"

#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>

#include <zlib.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Okb
{

namespace
{

const QSet<QString> &stopWords()
{
    static const QSet<QString> s = {
        u"a"_s,     u"an"_s,    u"the"_s,   u"to"_s,     u"of"_s,       u"and"_s,   u"or"_s,    u"in"_s,   u"on"_s,
        u"for"_s,   u"with"_s,  u"by"_s,    u"at"_s,     u"as"_s,       u"is"_s,    u"be"_s,    u"are"_s,  u"was"_s,
        u"were"_s,  u"it"_s,    u"its"_s,   u"this"_s,   u"that"_s,     u"from"_s,  u"sb"_s,    u"sth"_s,  u"etc"_s,
        u"cl"_s,    u"see"_s,   u"also"_s,  u"used"_s,   u"variant"_s,  u"abbr"_s,  u"esp"_s,   u"fig"_s,  u"lit"_s,
        u"one"_s,   u"which"_s, u"who"_s,   u"has"_s,    u"have"_s,     u"had"_s,   u"not"_s,   u"but"_s,  u"they"_s,
        u"their"_s, u"he"_s,    u"his"_s,   u"she"_s,    u"her"_s,      u"we"_s,    u"our"_s,   u"been"_s, u"will"_s,
        u"would"_s, u"can"_s,   u"so"_s,    u"such"_s,   u"into"_s,     u"than"_s,  u"these"_s, u"those"_s, u"there"_s,
        u"all"_s,   u"some"_s,  u"any"_s,   u"more"_s,   u"most"_s,     u"very"_s,  u"pr"_s,    u"old"_s,  u"name"_s,
        u"surname"_s, u"classifier"_s, u"particle"_s, u"character"_s, u"tw"_s, u"person"_s, u"something"_s, u"someone"_s,
        u"up"_s,    u"out"_s,   u"do"_s,    u"did"_s,    u"made"_s,     u"make"_s,  u"if"_s,    u"no"_s,   u"i"_s,
        u"you"_s,   u"us"_s,    u"them"_s,  u"him"_s,    u"what"_s,     u"when"_s,  u"how"_s,   u"about"_s, u"s"_s,
    };
    return s;
}

QString stem(QStringView word)
{
    QString w = word.toString().toLower();
    auto chop = [&w](QStringView suf, int minRest) {
        if (w.size() - suf.size() >= minRest && w.endsWith(suf)) {
            w.chop(suf.size());
            return true;
        }
        return false;
    };
    chop(u"'s", 2) || chop(u"ies", 3) || chop(u"ing", 3) || chop(u"ed", 3) || chop(u"es", 3) || chop(u"ly", 4) || chop(u"s", 3);
    if (w.size() > 6) {
        w.truncate(6);
    }
    return w;
}

bool isCjk(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF);
}

} // namespace

uint32_t englishWordId(QStringView word)
{
    const QString s = stem(word);
    return uint32_t(qHash(s, size_t(0x9e3779b9)));
}

std::vector<uint32_t> englishContentWordIds(QStringView text)
{
    std::vector<uint32_t> ids;
    const QSet<QString> &stops = stopWords();
    int i = 0;
    const int n = int(text.size());
    while (i < n) {
        if (!text.at(i).isLetter()) {
            ++i;
            continue;
        }
        int j = i;
        while (j < n && (text.at(j).isLetter() || (text.at(j) == u'\'' && j + 1 < n && text.at(j + 1).isLetter() && j > i))) {
            ++j;
        }
        const QStringView w = text.mid(i, j - i);
        if (w.size() > 1 && !stops.contains(w.toString().toLower())) {
            ids.push_back(englishWordId(w));
        }
        i = j;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

void ChineseEnglishDictionary::addEntry(const QString &headword, QStringView definitions)
{
    if (headword.isEmpty() || !isCjk(headword.at(0))) {
        return;
    }
    // Drop cross references ("variant of X", "see X") and bracketed pinyin.
    QString defs = definitions.toString();
    static const QRegularExpression bracket(u"\\[[^\\]]*\\]|\\|"_s);
    defs.remove(bracket);
    std::vector<uint32_t> ids = englishContentWordIds(defs);
    if (ids.empty()) {
        return;
    }
    if (ids.size() > 40) {
        ids.resize(40); // sorted by hash: an arbitrary but stable subset of very long entries
    }
    std::vector<uint32_t> &slot = m_entries[headword];
    slot.insert(slot.end(), ids.begin(), ids.end());
    std::sort(slot.begin(), slot.end());
    slot.erase(std::unique(slot.begin(), slot.end()), slot.end());
    m_maxLen = std::max(m_maxLen, int(headword.size()));
}

const std::vector<uint32_t> *ChineseEnglishDictionary::lookup(QStringView word) const
{
    const auto it = m_entries.constFind(word.toString());
    return it == m_entries.cend() ? nullptr : &it.value();
}

QString ChineseEnglishDictionary::systemPath()
{
    const QStringList candidates = {u"/usr/share/dictd/cc-cedict.dict.dz"_s, u"/usr/share/dictd/cc-cedict.dict"_s,
                                    u"/usr/local/share/dictd/cc-cedict.dict.dz"_s, u"/usr/share/cc-cedict/cedict_ts.u8"_s};
    for (const QString &c : candidates) {
        if (QFileInfo::exists(c)) {
            return c;
        }
    }
    return QString();
}

std::shared_ptr<ChineseEnglishDictionary> ChineseEnglishDictionary::load(const QString &path)
{
    auto dict = std::make_shared<ChineseEnglishDictionary>();
    dict->m_path = path;
    if (path.isEmpty() || !QFileInfo::exists(path)) {
        dict->m_error = u"CC-CEDICT dictionary not found%1%2"_s.arg(path.isEmpty() ? QString() : u": "_s, path);
        return dict;
    }
    // dictzip (.dict.dz) is a gzip member with an extra header field: zlib's gz* reads it, and
    // plain files too (gzread passes uncompressed data through).
    QByteArray data;
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!gz) {
        dict->m_error = u"cannot open %1"_s.arg(path);
        return dict;
    }
    char buf[1 << 16];
    int got = 0;
    while ((got = gzread(gz, buf, sizeof buf)) > 0) {
        data.append(buf, got);
        if (data.size() > (1 << 28)) {
            break; // 256 MiB: not a dictionary
        }
    }
    const bool readError = got < 0;
    gzclose(gz);
    if (readError) {
        dict->m_error = u"cannot read %1"_s.arg(path);
        return dict;
    }
    const QString text = QString::fromUtf8(data);
    data.clear();
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    const bool cedictText = path.endsWith(u".u8"_s) || path.endsWith(u".txt"_s);
    if (cedictText) {
        // "傳統 传统 [chuan2 tong3] /tradition/traditional/"
        for (QStringView line : lines) {
            if (line.isEmpty() || line.startsWith(u'#')) {
                continue;
            }
            const qsizetype sp1 = line.indexOf(u' ');
            const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(u' ', sp1 + 1);
            const qsizetype slash = line.indexOf(u'/');
            if (sp2 < 0 || slash < 0) {
                continue;
            }
            dict->addEntry(line.mid(sp1 + 1, sp2 - sp1 - 1).toString(), line.mid(slash));
        }
    } else {
        // dictd: "trad|simp" (or one form) line, "[pinyin]" line, then definition lines.
        QString head;
        QString defs;
        auto flush = [&] {
            if (!head.isEmpty()) {
                const qsizetype bar = head.indexOf(u'|');
                const QString simp = bar < 0 ? head : head.mid(bar + 1);
                dict->addEntry(simp, defs);
            }
            head.clear();
            defs.clear();
        };
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QStringView line = lines.at(i).trimmed();
            const bool nextIsPinyin = i + 1 < lines.size() && lines.at(i + 1).trimmed().startsWith(u'[') && lines.at(i + 1).trimmed().endsWith(u']');
            if (nextIsPinyin && !line.isEmpty()) {
                flush();
                head = line.toString();
                ++i; // skip pinyin
                continue;
            }
            if (!head.isEmpty()) {
                defs += line;
                defs += u' ';
            }
        }
        flush();
    }
    if (dict->m_entries.isEmpty()) {
        dict->m_error = u"no dictionary entries in %1"_s.arg(path);
    }
    return dict;
}

std::shared_ptr<const ChineseEnglishDictionary> ChineseEnglishDictionary::shared(const QString &requested)
{
    QString path = requested;
    if (path.isEmpty()) {
        path = qEnvironmentVariable("OKB_CEDICT");
    }
    if (path.isEmpty()) {
        path = systemPath();
    }
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<const ChineseEnglishDictionary>> cache;
    QMutexLocker lock(&mutex); // one load per path; concurrent callers wait for it
    auto it = cache.constFind(path);
    if (it != cache.cend()) {
        return it.value();
    }
    std::shared_ptr<const ChineseEnglishDictionary> d = load(path);
    if (!d->isLoaded()) {
        qWarning("okular-bilingual: %s; aligning without a dictionary", qPrintable(d->errorString()));
    }
    cache.insert(path, d);
    return d;
}

} // namespace Okb
