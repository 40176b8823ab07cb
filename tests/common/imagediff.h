// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Pixel-exact comparison of two rendered pages, for tests that prove two paint paths equal.

#pragma once

#include <QImage>
#include <QString>

#include <cstring>

namespace OkbTest
{

// Where two images first differ ("" if equal).
inline QString imageDiff(const QImage &a, const QImage &b)
{
    if (a.size() != b.size()) {
        return QStringLiteral("size %1x%2 != %3x%4").arg(a.width()).arg(a.height()).arg(b.width()).arg(b.height());
    }
    const QImage x = a.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    const QImage y = b.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    for (int row = 0; row < x.height(); ++row) {
        if (std::memcmp(x.constScanLine(row), y.constScanLine(row), size_t(x.width()) * 4) != 0) {
            return QStringLiteral("row %1 differs").arg(row);
        }
    }
    return QString();
}

} // namespace OkbTest
