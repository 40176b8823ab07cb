// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include "model/article.h"
#include "okbcore_export.h"

#include <QByteArray>
#include <QString>

// What the parser produces (see tests/parse/tst_articleparser.cpp for every sample's real values):
//
// * Blocks come in source order per language. The English body ends at "**Named Entities**" (the
//   glossary, Article::glossary, never body text), "<hr />" or "Original:". Bilingual files and
//   raw Chinese-only archive files ("### title" first) are both accepted.
// * Paragraphs: a blank line always ends a block; a line indented by >= 3 columns (space 1,
//   U+3000 2, TAB 4) starts a new one; a line indented by < 3 continues the open block (Chinese:
//   joined without space, OCR hard wraps; English: joined with one space). English flush-left
//   chunks split a short unpunctuated line followed by a capitalised line (stacked headlines).
//   A short indented Chinese line ending in punctuation completes a long paragraph that ended
//   mid-phrase (OCR tail, e.g. "…造成" + "‘恶劣的影响’。").
// * Title: the leading blocks of a part whose letters/digits (NFKC, case-folded) are a substring
//   of the header title (up to 6 blocks, mixed with Byline). Byline: a leading block containing the
//   header author (the Chinese side also uses an English "Author:" written in Chinese). When the
//   Chinese has more leading Title blocks than the English, that many short unpunctuated English
//   opening lines become Title too. A short label directly above the title is a Heading.
// * Heading: an enumerated single line, short (zh <= 30, en <= 90 chars), not ending in . 。 ! ？ ;
//   (a colon is fine). Enumerated longer paragraphs stay Paragraph with enumerator/level set.
//   Enumerator families: 一、/I. (1), 甲、/（一）/A. (2), 1./1、/（1） (3); legal texts 第一章/Chapter I
//   (1), 第一节/Section 1 (2), 第一条/Article 1: (3). Also a Heading with an empty enumerator: a
//   short line without any punctuation (zh <= 12, en <= 50 chars) standing alone between prose.
// * Verse: runs of >= 4 short single-line paragraphs (zh <= 26 chars, en <= 100) of which >= 40%
//   end softly (comma, dash, no punctuation) with >= 2 comma-like endings, or >= 70% end softly;
//   also a song between two "……" lines.
// * TableRow: a line with a TAB or >= 2 U+3000 inside (or a wide run), or >= 3 single U+3000 /
//   double-space separators (a name list; light-indent continuation lines join it). Never merged
//   with neighbours otherwise. Signature: indent >= 10 columns, short, no inner spacing.
// * Caption: "(Attached image)"/"（附图片）" (split off the end of a paragraph), the short line
//   right after it, and "▲…" lines. PartBreak: "<h3>File continued from previous part</h3>",
//   inserted in each language that continues; Block::part counts parts in a split language.
// * Warnings (translated, Article::warnings) for: no Chinese original, empty halves, continued
//   parts, CJK/Hangul in the English, English that stops mid-sentence, length ratio outside
//   1.2-8 (English vs Chinese characters), replaced bytes, ignored text, date mismatch.

namespace Okb
{

struct OKBCORE_EXPORT ParseResult {
    bool ok = false;
    QString error; // user-visible reason when !ok (translatable)
    Article article;
};

// Decodes bytes (UTF-8 with/without BOM, UTF-16 with BOM, GB18030/GBK) to text.
OKBCORE_EXPORT QString decodeText(const QByteArray &bytes, QString *encodingName = nullptr);

// Cheap content sniffing on the first bytes of a file: is this a bilingual (or raw Chinese-only)
// People's Daily article? Used by the CLI and by tests; the MIME type does the same in XML.
// Rule (the same as resources/mime/okular-bilingual.xml, checked by tst_mimemagic):
// decode the head (BOM UTF-8 / UTF-16; else UTF-8; else GB18030; a NUL -> false); then either the
// text starts with "Title:" and one of the next 8 lines starts with "Date:", or it starts with
// "### " and one of the next 6 lines starts with "专栏：" or with an ASCII YYYY-MM-DD date. Nothing may precede the marker but a BOM. Pass >= 1 KiB of head.
// The parser itself is more lenient (it skips leading junk with a warning).
OKBCORE_EXPORT bool looksLikeArticle(const QByteArray &head);

// Parses an article. Never throws, never crashes, bounded time (linear in input size).
OKBCORE_EXPORT ParseResult parseArticle(const QByteArray &bytes, const QString &sourcePath = QString());
// Opens read-only; refuses files larger than maxArticleFileSize() with a message.
OKBCORE_EXPORT ParseResult parseArticleFile(const QString &path);

// Largest file parseArticleFile() accepts (64 MiB).
OKBCORE_EXPORT qint64 maxArticleFileSize();

// The leading enumerator of a block text ("一、", "（一）", "甲、", "XV.", "A.", "1.", "1、", "第一章",
// "第三条", "Chapter II", "Article 3:"), or an empty string. *level receives 1 (一、/I./第一章/
// Chapter I), 2 (甲、/（一）/A./第一节/Section 1) or 3 (1./1、/（1）/第一条/Article 1:), 0 if none.
// Single letters that are also Roman numerals (I, V, X, L, C) count as letters only when
// previousLetter is the letter before them (e.g. "C." after "B."); pass QChar() otherwise.
OKBCORE_EXPORT QString detectEnumerator(QStringView text, int *level, QChar previousLetter = QChar());

} // namespace Okb
