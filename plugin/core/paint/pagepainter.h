// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "layout/pagemodel.h"
#include "okbcore_export.h"

class QPainter;
class QImage;

namespace Okb
{

// Paints page `index` with the painter's current transform mapping page points to the device
// (callers scale; see renderPageImage). Same code for screen, printer and PDF.
OKBCORE_EXPORT void paintPage(QPainter *painter, const LaidOutDocument &doc, int index);

// Convenience: renders a page to an image of the given pixel size (white background).
OKBCORE_EXPORT QImage renderPageImage(const LaidOutDocument &doc, int index, int widthPx, int heightPx);

} // namespace Okb
