// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Text-markup annotations as Okular's own tools make them (one quad per line rectangle of a text
// selection or search result), and the text under one, for the Okular::Document tests.

#pragma once

#include <okular/core/annotations.h>
#include <okular/core/area.h>
#include <okular/core/page.h>
#include <okular/core/textpage.h>

namespace OkbTest
{

// A highlight (or underline, ...) over an area of a page, quads as Okular's text tools order
// them: points 0,1 the bottom edge, 2,3 the top edge.
inline Okular::HighlightAnnotation *markupOver(const Okular::RegularAreaRect &area,
                                               Okular::HighlightAnnotation::HighlightType type = Okular::HighlightAnnotation::Highlight)
{
    auto *hl = new Okular::HighlightAnnotation();
    hl->setHighlightType(type);
    Okular::NormalizedRect all;
    for (const Okular::NormalizedRect &r : area) {
        Okular::HighlightAnnotation::Quad q;
        q.setCapStart(false);
        q.setCapEnd(false);
        q.setFeather(1.0);
        q.setPoint(Okular::NormalizedPoint(r.left, r.bottom), 0);
        q.setPoint(Okular::NormalizedPoint(r.right, r.bottom), 1);
        q.setPoint(Okular::NormalizedPoint(r.right, r.top), 2);
        q.setPoint(Okular::NormalizedPoint(r.left, r.top), 3);
        hl->highlightQuads().append(q);
        all = all.isNull() ? r : (all | r);
    }
    hl->setBoundingRectangle(all);
    return hl;
}

// The page text under a text-markup annotation's quads (characters whose centre is inside).
inline QString textUnder(const Okular::Page *page, const Okular::Annotation *a)
{
    Okular::RegularAreaRect covered;
    for (const auto &q : static_cast<const Okular::HighlightAnnotation *>(a)->highlightQuads()) {
        covered.append(Okular::NormalizedRect(q.point(3).x, q.point(3).y, q.point(1).x, q.point(1).y));
    }
    return page->text(&covered, Okular::TextPage::CentralPixelTextAreaInclusionBehaviour);
}

} // namespace OkbTest
