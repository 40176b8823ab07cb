// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Internal to the Okular adapter (and its test): a page image's bounding box as Okular finds it.

#pragma once

#include <okular/core/area.h>
#include <okular/core/utils.h>

#include <QImage>

#include <algorithm>

namespace OkbOkular
{

// The bounding box Okular::Utils::imageBoundingBox() finds in an opaque page image (RGB32 or
// ARGB32: the colour of each pixel compared without its alpha), the same rectangle by the same
// search (first ink row from the top and from the bottom, then each row between them outside the
// columns found so far), with the rows read as arrays instead of one QImage::pixel() call a pixel:
// on our pages' wide margins those calls were 16.5M instructions, a quarter of the reference
// sample's first page. Other formats: Okular's own.
inline Okular::NormalizedRect inkBoundingBox(const QImage &image, QRgb paper)
{
    const QImage::Format f = image.format();
    if (f != QImage::Format_RGB32 && f != QImage::Format_ARGB32) {
        return Okular::Utils::imageBoundingBox(&image);
    }
    const int width = image.width();
    const int height = image.height();
    paper &= 0xFFFFFF;
    const auto row = [&](int y) {
        return reinterpret_cast<const QRgb *>(image.constScanLine(y));
    };
    const auto ink = [paper](QRgb p) {
        return (p & 0xFFFFFF) != paper;
    };
    int top = 0;
    int x = 0;
    for (; top < height; ++top) {
        const QRgb *line = row(top);
        x = int(std::find_if(line, line + width, ink) - line);
        if (x < width) {
            break;
        }
    }
    if (top == height) {
        return Okular::NormalizedRect(0, 0, 0, 0);
    }
    int left = x;
    int right = x;
    int bottom = height - 1;
    for (; bottom >= top; --bottom) {
        const QRgb *line = row(bottom);
        for (x = width - 1; x >= 0 && !ink(line[x]); --x) { }
        if (x >= 0) {
            break;
        }
    }
    left = std::min(left, x);
    right = std::max(right, x);
    for (int y = top; y <= bottom && (left > 0 || right < width - 1); ++y) {
        const QRgb *line = row(y);
        // As Okular's: a row can move the left edge to its first ink left of it, and the right
        // edge to its last ink beyond the column right of it.
        const int l = int(std::find_if(line, line + left, ink) - line);
        if (l < left) {
            left = l;
        }
        for (x = width - 1; x > right + 1; --x) {
            if (ink(line[x])) {
                right = x;
                break;
            }
        }
    }
    return Okular::NormalizedRect(QRect(left, top, right - left + 1, bottom - top + 1), width, height);
}
} // namespace OkbOkular
