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
// (SourceOrder, EnglishOnly, ChineseOnly); the bilingual modes fall back to SourceOrder without
// one (or when a language is missing). Thread-safe: the only shared state is process-wide
// caches (ICU break rules, the hyphenation dictionary, the second typesetting thread, which one
// layout at a time uses); may run off the GUI thread (a QGuiApplication must exist). Documents
// over 150k characters are typeset on two threads (the calling one and a worker that lives as
// long as the process, so that its font cache stays warm; OKB_LAYOUT_THREADS=1 for one). The
// single-flow modes typeset and paginate in batches of 256k characters, so scratch memory does
// not grow with the document. Cost is linear in the text, also for one enormous paragraph
// without break opportunities (typeset in windows, emergency breaks at the measure): ~8 ms for
// the reference sample once the process has its fonts (first layout in a process ~25 ms),
// ~1.0-1.5 s for the 10 MB synthetic article (7.1 M characters laid out, source order) on the
// 2-core machine, ~10 s for 50 MiB of one unbroken letter. Words are shaped once per
// Typesetter and font (the shaping cache in linebreaker.cpp; OKB_SHAPE_CACHE=0 turns it off).
// With lazy pages the paragraphs are only measured at first (line breaks, no glyph runs nor
// character boxes: Typesetter::typeset(..., measureOnly)); a page typesets its own when read. In
// the paired modes the worker typesets the next batch while the calling thread paginates.
//
// What comes out (pagemodel.h):
// - pages[i].text: every character of the laid-out paragraphs once, in reading order, one
//   TextBox each (surrogate pairs share one), "\n" ending each paragraph; spaces at soft line
//   ends are kept (zero width at the line end). Made-up paragraphs (the header's title and meta
//   line when the body has no title block, the "Original · 原文" divider, the glossary) are in
//   the text too; the running header/footer and the fault legend are not.
// - blocks: one LaidOutBlock per laid-out paragraph (block == -1 for made-up ones), with the
//   page/y of its first line and its TextSpans, for navigation and search mapping.
// - toc: title (level 0), headings (level 1..), "Original (原文)" (level 0) with the Chinese
//   headings under it; in the bilingual modes the English headings only. page is 0-based, y in
//   points from the page top.
// - glyphs hold QGlyphRuns whose raw fonts belong to the thread that made the page; paintPage()
//   re-creates them in the painting thread, so painting may happen anywhere (see GlyphItem).
// - pages are lazy (PageList): a page keeps its rules, pair regions and running head/pair numbers,
//   and for its body only which lines of which paragraph go where; reading a page typesets those
//   paragraphs again (in the reading thread, with its own Typesetter and a small cache of the
//   last pages and paragraphs) and gives exactly what the eager layout would have put there
//   (tests/layout/tst_lazypages). Paragraphs over 40k characters keep their placed lines as they
//   are. The text of a 10 MB article at open: ~30 MB for the layout instead of ~480 MB.
//   Articles of up to LayoutSettings::kEagerPagesMaxChars characters keep their pages whole
//   (LayoutSettings::pageStorage; OKB_EAGER_PAGES=1/0 forces either way).
OKBCORE_EXPORT LaidOutDocument layoutArticle(const Article &article, const Alignment *alignment, const LayoutSettings &settings);

// Pays, in the calling thread, the first-use costs of the fonts layoutArticle() will use with these
// settings (Qt's font database, then each face: body, bold title and italic meta line in Latin,
// body and bold title in CJK; ~10 ms plus ~1-2 ms a face the first time in a process), so a
// caller can do it while something else (the generator: loading the dictionary and aligning, in
// another thread) goes on. Qt keeps font engines per thread: call it in the thread that will lay
// out (in another thread it would only add the same cost again there).
// titleFaces false: the body faces only. For a long article (layoutArticle() first makes the large
// font files one mapping shared by its two threads; a face opened before keeps a mapping of its
// own): the CJK bold face warmed here raised a 10 MB article's open peak by 4 MB.
OKBCORE_EXPORT void warmUpLayout(const LayoutSettings &settings, bool titleFaces = true);

// Loads, in the calling thread, what line breaking this article will need the first time in a
// process (ICU's line rules; its Chinese word dictionary for the Chinese title; the hyphenation
// dictionary, which even a short English text usually needs for one loose line): ~12 ms.
// layoutArticle() already runs it in a second thread beside the layout; call it earlier only to
// overlap it with other work (the generator does, during alignment). Any thread.
OKBCORE_EXPORT void preloadLineBreaking(const Article &article, const LayoutSettings &settings);

} // namespace Okb
