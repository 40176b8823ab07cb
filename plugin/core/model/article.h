// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The document model: one People's Daily article with its English machine translation and its
// Chinese original. Filled by parse/, read by align/, layout/ and the Okular adapter. No Okular,
// no GUI types here.

#pragma once

#include "okbcore_export.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace Okb
{

enum class Language {
    English,
    Chinese,
};

// What a block is, typographically. The layout engine styles by kind; the aligner pairs blocks
// of both languages.
enum class BlockKind {
    Title, // the body's first line repeating the article title (both languages)
    Byline, // author line repeated in the body ("Li Jingyu, Director of ...", "杨仲濂")
    Heading, // an enumerated section heading standing alone ("I. ...", "一、...") or a short label
    Paragraph, // body text; hard-wrapped lines already joined
    Verse, // one verse of a poem/song: one line, never joined with its neighbours
    TableRow, // a line of a table/list whose internal spacing matters (tabs, U+3000 runs)
    Caption, // "(Attached image)", "（附图片）"
    Signature, // right-aligned sign-off line (many leading spaces in the source)
    PartBreak, // "<h3>File continued from previous part</h3>": the start of a continued part
};

struct OKBCORE_EXPORT Block {
    BlockKind kind = BlockKind::Paragraph;
    Language language = Language::English;
    QString text; // normalised: leading/trailing whitespace removed, hard wraps joined (zh: no space,
                  // en: one space; a zh list continuation keeps its leading U+3000/spaces as the
                  // separator). Inner whitespace is kept as in the source. Exception: a TableRow
                  // keeps leading TABs (they are empty cells: "\t\t1988\t\tPercentage ...").
                  // Never empty.
    QString enumerator; // leading enumerator if any, exactly as in text ("一、", "（一）", "II.", "A.", "1.")
    int level = 0; // section depth from the enumerator family: 1 = 一、/I., 2 = 甲、/（一）/A., 3 = 1./1、
    int sourceLine = 0; // 1-based line in the decoded source where the block starts
    int part = 0; // 0 for the first part, 1.. for "continued" parts
    int lineCount = 1; // number of source lines joined into this block
    int indent = 0; // leading whitespace of the first source line in columns (space 1, U+3000 2, TAB 4);
                    // large for Signature (right-aligned) lines; sub-items of tables are deeper
};

// Header of the English half (Title:/Author:/Date:/Page:|Edition:/Column:).
struct OKBCORE_EXPORT EnglishHeader {
    QString title;
    QStringList titleLines; // the headline as set, one entry per printed line: the Title: line (one
                            // entry) when there is one; empty without a title. Filled by the parser.
    QString author; // trimmed; empty when the line is empty
    QString dateText; // as written
    QDate date; // invalid if unparsable
    QString pageKey; // "Page" or "Edition" (empty if absent)
    QString page; // "1"
    QString column; // "Column:" value, or the bare label line after the header ("Market Watch")
    QStringList extraLines; // any other header-ish lines kept verbatim
};

// Header of the Chinese original (### title / author / date / 第N版(栏目) / 专栏：).
struct OKBCORE_EXPORT ChineseHeader {
    QString title; // after "### ", inner whitespace runs kept as in source but trimmed
    QStringList titleLines; // the headline's parts as the paper printed them, one per line (kicker
                            // 引题 / main title 主题 / subtitle 副题): the body's leading lines that
                            // repeat the header's parts in order, else the header split at runs of
                            // two or more spaces/U+3000; one entry for a one-part headline, empty
                            // without a title. Filled by the parser.
    // The whole headline as one string: the parts joined by a space (title when there are none).
    QString headline() const
    {
        return titleLines.size() > 1 ? titleLines.join(u' ') : title;
    }
    QString author;
    QString dateText;
    QDate date;
    QString pageLabel; // full label, e.g. "第5版(国内专页（经济）)"
    int pageNumber = 0; // 5 (full-width digits understood); 0 if absent
    QString pageSection; // "国内专页（经济）" (may be empty)
    QString column; // text after "专栏：" (may be empty)
};

struct OKBCORE_EXPORT GlossaryEntry {
    QString term; // Chinese term
    QString gloss; // pinyin and/or English
};

struct OKBCORE_EXPORT Article {
    QString sourcePath;
    QString encoding; // detected: "UTF-8", "UTF-8 BOM", "UTF-16LE", "UTF-16BE", "GB18030",
                      // "UTF-8 (invalid bytes replaced)"
    QString lineEnding; // "LF", "CRLF", "CR", "mixed", "none" (single line)

    EnglishHeader en;
    ChineseHeader zh;
    QList<Block> english; // in source order
    QList<Block> chinese; // in source order
    QList<GlossaryEntry> glossary; // the **Named Entities** block, if any

    QStringList warnings; // human-readable notes about oddities met while parsing (translatable)
    int partCount = 1; // > 1 when "File continued from previous part" sections were merged
    QString annotationData; // the reader's annotations saved in the file (parse/annotationtrailer.h),
                            // XML; empty if none

    bool hasEnglish() const
    {
        return !english.isEmpty() || !en.title.isEmpty();
    }
    bool hasChinese() const
    {
        return !chinese.isEmpty() || !zh.title.isEmpty();
    }
    // The body's size per language: UTF-16 units of the blocks' text (what sizes a layout).
    static qsizetype textSize(const QList<Block> &blocks)
    {
        qsizetype n = 0;
        for (const Block &b : blocks) {
            n += b.text.size();
        }
        return n;
    }
    // Best title to show: English title, else Chinese title, else empty.
    QString displayTitle() const
    {
        return !en.title.isEmpty() ? en.title : zh.headline();
    }
    QDate date() const
    {
        return en.date.isValid() ? en.date : zh.date;
    }
};

} // namespace Okb
