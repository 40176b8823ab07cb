// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "export/tsvwriter.h"

#include "align/aligner.h"
#include "export/tmxwriter.h"

#include <QBuffer>

using namespace Qt::StringLiterals;

namespace Okb
{

static QString field(QString s)
{
    for (QChar &c : s) {
        if (c == u'\t' || c == u'\n' || c == u'\r' || c == QChar(0x2028) || c == QChar(0x2029)) {
            c = u' ';
        }
    }
    return s;
}

static QString range(const QList<int> &ids)
{
    if (ids.isEmpty()) {
        return QString();
    }
    return ids.size() == 1 ? QString::number(ids.first()) : QString::number(ids.first()) + u'-' + QString::number(ids.last());
}

bool writeTsv(const Article &article, const Alignment &alignment, QIODevice *device)
{
    QByteArray out = "english\tchinese\tconfidence\tfaults\tenglish_segments\tchinese_segments\n";
    for (const AlignedPair &p : alignment.pairs) {
        const QString line = field(pairText(article, alignment, p, Language::English)) + u'\t' + field(pairText(article, alignment, p, Language::Chinese))
            + u'\t' + QString::number(p.confidence, 'f', 3) + u'\t' + faultNames(p.faults) + u'\t' + range(p.english) + u'\t' + range(p.chinese)
            + u'\n';
        out += line.toUtf8();
    }
    return device->write(out) == out.size();
}

QByteArray toTsv(const Article &article, const Alignment &alignment)
{
    QByteArray data;
    QBuffer buf(&data);
    buf.open(QIODevice::WriteOnly);
    writeTsv(article, alignment, &buf);
    return data;
}

} // namespace Okb
