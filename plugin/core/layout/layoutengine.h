// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "align/alignment.h"
#include "layout/layoutsettings.h"
#include "layout/pagemodel.h"
#include "model/article.h"
#include "okbcore_export.h"

namespace Okb
{

// Typesets and paginates an article. `alignment` may be null for modes that do not need it
// (SourceOrder, EnglishOnly, ChineseOnly). Thread-safe: no shared state; may run off the GUI thread.
OKBCORE_EXPORT LaidOutDocument layoutArticle(const Article &article, const Alignment *alignment, const LayoutSettings &settings);

} // namespace Okb
