// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "model/article.h"

// The model is plain data; this translation unit anchors the library.
namespace Okb
{
static_assert(sizeof(Block) > 0);
}
