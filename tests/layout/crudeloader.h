// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Temporary stand-in for the parser (branch `parse`) so the layout can be tested on real samples
// before it lands: splits a sample at "Original:", reads the header keys and makes one block per
// paragraph/line. Deliberately simple; replaced by Okb::parseArticleFile once merged.

#pragma once

#include "model/article.h"

#include <QFile>
#include <QRegularExpression>

namespace OkbTest
{
inline Okb::Article crudeLoad(const QString &path)
{
    using namespace Okb;
    Article a;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return a;
    }
    const QString all = QString::fromUtf8(f.readAll());
    a.sourcePath = path;
    const int cut = all.indexOf(QLatin1String("\nOriginal:"));
    QString enPart = cut >= 0 ? all.left(cut) : QString();
    QString zhPart = cut >= 0 ? all.mid(cut + 10) : all;
    enPart.remove(QLatin1String("<hr />"));
    const QStringList enLines = enPart.split(QLatin1Char('\n'));
    QString para;
    auto flush = [&]() {
        const QString t = para.trimmed();
        para.clear();
        if (t.isEmpty()) {
            return;
        }
        Block b;
        b.language = Language::English;
        b.text = t;
        static const QRegularExpression head(QStringLiteral("^([IVX]+)\\. "));
        if (head.match(t).hasMatch() && t.size() < 120) {
            b.kind = BlockKind::Heading;
            b.level = 1;
        }
        if (t.contains(QLatin1Char('\t'))) {
            b.kind = BlockKind::TableRow;
        }
        a.english.append(b);
    };
    for (const QString &l : enLines) {
        if (l.startsWith(QLatin1String("Title:"))) {
            a.en.title = l.mid(6).trimmed();
        } else if (l.startsWith(QLatin1String("Author:"))) {
            a.en.author = l.mid(7).trimmed();
        } else if (l.startsWith(QLatin1String("Date:"))) {
            a.en.dateText = l.mid(5).trimmed();
        } else if (l.startsWith(QLatin1String("Page:")) || l.startsWith(QLatin1String("Edition:"))) {
            a.en.pageKey = l.section(QLatin1Char(':'), 0, 0);
            a.en.page = l.section(QLatin1Char(':'), 1).trimmed();
        } else if (l.trimmed().isEmpty()) {
            flush();
        } else if (l.contains(QLatin1Char('\t'))) {
            flush();
            Block b;
            b.language = Language::English;
            b.kind = BlockKind::TableRow;
            b.text = l;
            a.english.append(b);
        } else {
            if (!para.isEmpty()) {
                para += QLatin1Char(' ');
            }
            para += l.trimmed();
        }
    }
    flush();
    const QStringList zhLines = zhPart.split(QLatin1Char('\n'));
    int header = 0;
    for (const QString &raw : zhLines) {
        QString l = raw;
        l.remove(QLatin1Char('\r'));
        if (l.startsWith(QLatin1String("### "))) {
            a.zh.title = l.mid(4).trimmed();
            header = 1;
            continue;
        }
        if (header >= 1 && header <= 4) {
            if (header == 1) {
                a.zh.author = l.trimmed();
            } else if (header == 2) {
                a.zh.dateText = l.trimmed();
            } else if (header == 3) {
                a.zh.pageLabel = l.trimmed();
                static const QRegularExpression pg(QStringLiteral("第(\\d+)版\\((.*)\\)"));
                const auto m = pg.match(l);
                if (m.hasMatch()) {
                    a.zh.pageNumber = m.captured(1).toInt();
                    a.zh.pageSection = m.captured(2);
                }
            } else if (header == 4) {
                a.zh.column = l.mid(3).trimmed();
            }
            ++header;
            if (header == 5) {
                header = 6;
            }
            continue;
        }
        if (header == 0 && l.trimmed().isEmpty()) {
            continue;
        }
        const QString t = l.trimmed();
        if (t.isEmpty()) {
            continue;
        }
        Block b;
        b.language = Language::Chinese;
        b.text = t;
        if (a.chinese.isEmpty() && t == a.zh.title) {
            b.kind = BlockKind::Title;
        }
        static const QRegularExpression head(QStringLiteral("^[一二三四五六七八九十]+、"));
        if (head.match(t).hasMatch() && t.size() < 40) {
            b.kind = BlockKind::Heading;
            b.level = 1;
        }
        a.chinese.append(b);
    }
    return a;
}
} // namespace OkbTest
