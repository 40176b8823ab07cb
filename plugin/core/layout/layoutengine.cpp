// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "layout/layoutengine.h"
#include "layout/typesetter.h"

#include <KLocalizedString>

#include <QFontMetricsF>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Okb
{
namespace
{
using Detail::ParaAlign;
using Detail::ParaStyle;
using Detail::Typesetter;
using Detail::TypesetLine;

constexpr double kMmToPt = 72.0 / 25.4;

// One paragraph to lay out, with its style and its place in the model.
struct Para {
    QString text;
    QString layoutText; // same length as text, or empty: what QTextLayout sees
    ParaStyle style;
    Language language = Language::English;
    BlockKind kind = BlockKind::Paragraph;
    int block = -1; // -1: made up by the engine
    double spaceBefore = 0;
    double spaceAfter = 0;
    bool keepWithNext = false;
    bool pageBreakBefore = false;
    bool ruleAfter = false; // hairline under the paragraph (title block, divider)
    int tocLevel = -1; // >= 0: TOC entry
    QString tocTitle;
    QList<TypesetLine> lines;
};

// Fonts and measures derived once per layout from the settings.
struct Styles {
    Styles(Typesetter &ts, const LayoutSettings &s)
        : ts(ts)
        , settings(s)
    {
        enSize = s.latinPointSize > 3 ? s.latinPointSize : 10.5;
        zhSize = s.cjkPointSize > 3 ? s.cjkPointSize : 10.5;
        const double spacing = s.lineSpacing > 0.8 ? s.lineSpacing : 1.45;
        enPitch = enSize * spacing;
        // Chinese wants more leading than Latin: ~1.65 em at the default spacing.
        zhPitch = zhSize * spacing * 1.14;
    }

    QFont font(Language lang, double pt, QFont::Weight weight = QFont::Normal, bool italic = false) const
    {
        QFont f;
        // Explicit families: Latin text in the Latin serif with the Simplified Chinese face as the
        // fallback for Han (otherwise fontconfig picks the JP face); Chinese text in the SC face.
        if (lang == Language::English) {
            f.setFamilies({settings.latinFamily, settings.cjkFamily});
        } else {
            f.setFamilies({settings.cjkFamily, settings.latinFamily});
        }
        f.setPointSizeF(ts.fontPointSize(pt));
        f.setWeight(weight);
        f.setItalic(italic && lang == Language::English);
        f.setHintingPreference(QFont::PreferNoHinting);
        f.setKerning(true);
        // No ligatures: a PDF reader maps an "ﬁ" glyph back to U+FB01, not to "fi", and the text
        // must read back exactly.
        f.setFeature(QFont::Tag("liga"), 0);
        f.setFeature(QFont::Tag("clig"), 0);
        return f;
    }

    ParaStyle body(Language lang) const
    {
        ParaStyle st;
        st.language = lang;
        st.font = font(lang, size(lang));
        st.pitch = pitch(lang);
        st.align = ParaAlign::Justify;
        st.hyphenate = settings.hyphenate && lang == Language::English;
        return st;
    }

    double size(Language lang) const
    {
        return lang == Language::English ? enSize : zhSize;
    }
    double pitch(Language lang) const
    {
        return lang == Language::English ? enPitch : zhPitch;
    }

    Typesetter &ts;
    const LayoutSettings &settings;
    double enSize = 10.5;
    double zhSize = 10.5;
    double enPitch = 15;
    double zhPitch = 17;
};

QString chinesePageLabel(const ChineseHeader &zh)
{
    if (zh.pageNumber > 0) {
        QString label = u"第%1版"_s.arg(zh.pageNumber);
        if (!zh.pageSection.trimmed().isEmpty()) {
            label += u"（"_s + zh.pageSection.trimmed() + u"）"_s;
        }
        return label;
    }
    QString label = zh.pageLabel.trimmed();
    label.remove(u"()"_s);
    return label;
}

// Builds the paragraph list of one language half (title, meta line, body).
class ParaBuilder
{
public:
    ParaBuilder(const Styles &st, QList<Para> *out)
        : m_st(st)
        , m_out(out)
    {
    }

    void addHalf(const Article &a, Language lang, int tocBase, bool titleInToc)
    {
        const QList<Block> &blocks = lang == Language::English ? a.english : a.chinese;
        const double size = m_st.size(lang);
        const double pitch = m_st.pitch(lang);
        int first = 0;

        // Title: the body's own title block if it has one, else the header's.
        QString headerTitle = lang == Language::English ? a.en.title : a.zh.title;
        headerTitle = headerTitle.simplified();
        Para title;
        title.language = lang;
        title.kind = BlockKind::Title;
        if (!blocks.isEmpty() && blocks.first().kind == BlockKind::Title) {
            title.text = blocks.first().text;
            title.block = 0;
            first = 1;
        } else {
            title.text = headerTitle;
        }
        if (!title.text.isEmpty()) {
            title.style.language = lang;
            const double tsize = size * 1.55;
            title.style.font = m_st.font(lang, tsize, QFont::Bold);
            title.style.pitch = tsize * 1.32;
            title.style.align = ParaAlign::Center;
            title.style.leftIndent = title.style.rightIndent = size * 2;
            title.spaceAfter = pitch * 0.5;
            title.keepWithNext = true;
            if (titleInToc) {
                title.tocLevel = tocBase;
                title.tocTitle = title.text.simplified();
            }
            m_out->append(title);
        }

        // Meta line: author, date, page, column.
        QStringList meta;
        // The author goes into the meta line unless the body has its own byline.
        bool hasByline = false;
        for (int i = 0; i < std::min<int>(blocks.size(), 4); ++i) {
            hasByline = hasByline || blocks.at(i).kind == BlockKind::Byline;
        }
        if (lang == Language::English) {
            const QString author = hasByline ? QString() : a.en.author.trimmed();
            if (!author.isEmpty()) {
                meta << author;
            }
            if (!a.en.dateText.trimmed().isEmpty()) {
                meta << a.en.dateText.trimmed();
            }
            if (!a.en.page.trimmed().isEmpty()) {
                meta << (a.en.pageKey.isEmpty() ? u"Page"_s : a.en.pageKey) + u' ' + a.en.page.trimmed();
            }
            if (!a.en.column.trimmed().isEmpty()) {
                meta << a.en.column.trimmed();
            }
        } else {
            const QString author = hasByline ? QString() : a.zh.author.trimmed();
            if (!author.isEmpty()) {
                meta << author;
            }
            if (!a.zh.dateText.trimmed().isEmpty()) {
                meta << a.zh.dateText.trimmed();
            }
            const QString label = chinesePageLabel(a.zh);
            if (!label.isEmpty()) {
                meta << label;
            }
            if (!a.zh.column.trimmed().isEmpty()) {
                meta << u"专栏："_s + a.zh.column.trimmed();
            }
        }
        if (!meta.isEmpty()) {
            Para m;
            m.language = lang;
            m.kind = BlockKind::Byline;
            m.text = meta.join(lang == Language::English ? u"  ·  "_s : u"　"_s);
            m.style.language = lang;
            m.style.font = m_st.font(lang, size * 0.88, QFont::Normal, true);
            m.style.pitch = pitch * 0.95;
            m.style.align = ParaAlign::Center;
            m.style.color = QColor(0x44, 0x44, 0x44);
            m.spaceAfter = pitch * 1.1;
            m.keepWithNext = true;
            m.ruleAfter = true;
            m_out->append(m);
        } else if (!m_out->isEmpty() && m_out->last().kind == BlockKind::Title) {
            m_out->last().ruleAfter = true;
            m_out->last().spaceAfter = pitch * 1.1;
        }

        int lastTocLevel = tocBase;
        BlockKind prevKind = BlockKind::Title;
        for (int i = first; i < blocks.size(); ++i) {
            const Block &b = blocks.at(i);
            Para p;
            p.text = b.text;
            p.language = lang;
            p.kind = b.kind;
            p.block = i;
            p.style = m_st.body(lang);
            switch (b.kind) {
            case BlockKind::Title: // a second title line: treat as a subtitle
                p.style.font = m_st.font(lang, size * 1.2, QFont::Bold);
                p.style.pitch = size * 1.2 * 1.35;
                p.style.align = ParaAlign::Center;
                p.spaceAfter = pitch * 0.5;
                p.keepWithNext = true;
                break;
            case BlockKind::Byline:
                p.style.font = m_st.font(lang, size, QFont::Normal, true);
                p.style.align = ParaAlign::Center;
                p.spaceBefore = pitch * 0.2;
                p.spaceAfter = pitch * 0.6;
                p.keepWithNext = true;
                break;
            case BlockKind::Heading: {
                const int lvl = std::max(1, b.level);
                const double hsize = lvl <= 1 ? size * 1.1 : size;
                p.style.font = m_st.font(lang, hsize, QFont::Bold, lvl >= 3);
                p.style.pitch = lvl <= 1 ? pitch * 1.08 : pitch;
                p.style.align = ParaAlign::Left;
                p.spaceBefore = lvl <= 1 ? pitch * 1.0 : pitch * 0.6;
                p.spaceAfter = pitch * 0.35;
                p.keepWithNext = true;
                int tl = tocBase + lvl;
                tl = std::min(tl, lastTocLevel + 1);
                lastTocLevel = tl;
                p.tocLevel = tl;
                p.tocTitle = b.text.simplified();
                break;
            }
            case BlockKind::Paragraph:
                if (lang == Language::Chinese) {
                    p.style.firstIndent = size * 2;
                } else if (prevKind == BlockKind::Paragraph || prevKind == BlockKind::Verse || prevKind == BlockKind::TableRow
                           || prevKind == BlockKind::Caption || prevKind == BlockKind::Signature) {
                    p.style.firstIndent = size * 1.5;
                }
                break;
            case BlockKind::Verse:
                p.style.align = ParaAlign::Left;
                p.style.leftIndent = size * 2;
                p.style.restIndent = size * 1.5; // wrapped verse continues indented
                if (prevKind != BlockKind::Verse) {
                    p.spaceBefore = pitch * 0.4;
                }
                if (i + 1 >= blocks.size() || blocks.at(i + 1).kind != BlockKind::Verse) {
                    p.spaceAfter = pitch * 0.4;
                }
                break;
            case BlockKind::TableRow:
                p.style.align = ParaAlign::Left;
                p.style.restIndent = size * 1.5;
                p.style.tabs = tableTabs(blocks, i, lang);
                p.layoutText = tableLayoutText(b.text, m_tabsMaxCells);
                if (prevKind != BlockKind::TableRow) {
                    p.spaceBefore = pitch * 0.3;
                }
                if (i + 1 >= blocks.size() || blocks.at(i + 1).kind != BlockKind::TableRow) {
                    p.spaceAfter = pitch * 0.3;
                }
                break;
            case BlockKind::Caption:
                p.style.font = m_st.font(lang, size * 0.9, QFont::Normal, true);
                p.style.align = ParaAlign::Center;
                p.style.color = QColor(0x44, 0x44, 0x44);
                p.spaceBefore = pitch * 0.3;
                p.spaceAfter = pitch * 0.3;
                break;
            case BlockKind::Signature:
                p.style.align = ParaAlign::Right;
                p.spaceBefore = pitch * 0.5;
                break;
            case BlockKind::PartBreak:
                p.style.font = m_st.font(lang, size * 0.9, QFont::Normal, true);
                p.style.align = ParaAlign::Center;
                p.style.color = QColor(0x55, 0x55, 0x55);
                p.spaceBefore = pitch * 1.0;
                p.spaceAfter = pitch * 0.8;
                p.keepWithNext = true;
                break;
            }
            prevKind = b.kind;
            m_out->append(std::move(p));
        }
    }

    // Divider before the Chinese original: a heading on a new page with a rule under it.
    void addDivider(Language lang)
    {
        Para d;
        d.language = lang;
        d.kind = BlockKind::Heading;
        d.text = u"Original · 原文"_s;
        d.style.language = Language::English;
        d.style.font = m_st.font(Language::English, m_st.enSize * 1.0, QFont::Normal, false);
        d.style.font.setCapitalization(QFont::AllUppercase);
        d.style.font.setLetterSpacing(QFont::PercentageSpacing, 115);
        d.style.pitch = m_st.enPitch;
        d.style.align = ParaAlign::Center;
        d.style.color = QColor(0x55, 0x55, 0x55);
        d.spaceAfter = m_st.zhPitch * 1.2;
        d.keepWithNext = true;
        d.pageBreakBefore = true;
        d.ruleAfter = true;
        d.tocLevel = 0;
        d.tocTitle = i18nc("table of contents entry for the Chinese original", "Original (原文)");
        m_out->append(d);
    }

private:
    // Cells of a table row: runs of tabs separate cells. Leading tabs either leave the first
    // column(s) empty (a header row with fewer cells) or indent a sub-item.
    static QStringList tableCells(const QString &row, int maxCells, bool *leadingEmpty)
    {
        static const QRegularExpression tabs(u"\t+"_s);
        QStringList cells = row.split(tabs);
        *leadingEmpty = false;
        if (!cells.isEmpty() && cells.first().trimmed().isEmpty() && row.startsWith(QLatin1Char('\t'))) {
            cells.removeFirst();
            if (maxCells > 0 && cells.size() < maxCells) {
                *leadingEmpty = true;
                cells.prepend(QString());
            }
        }
        return cells;
    }

    // Layout copy of a table row, same length: a run of tabs advances to one stop (extra tabs
    // become zero-width spaces); leading tabs of a full row become en spaces (an indent).
    static QString tableLayoutText(const QString &row, int maxCells)
    {
        if (!row.contains(QLatin1Char('\t'))) {
            return QString();
        }
        bool leadingEmpty = false;
        tableCells(row, maxCells, &leadingEmpty);
        QString out = row;
        int i = 0;
        if (row.startsWith(QLatin1Char('\t')) && !leadingEmpty) {
            while (i < out.size() && out.at(i) == QLatin1Char('\t')) {
                out[i++] = QChar(0x2002);
            }
        }
        for (; i < out.size(); ++i) {
            if (out.at(i) == QLatin1Char('\t')) {
                int j = i + 1;
                while (j < out.size() && out.at(j) == QLatin1Char('\t')) {
                    out[j++] = QChar(0x200B);
                }
                i = j - 1;
            }
        }
        return out;
    }

    // Tab stops shared by a run of table rows: each column starts after the widest cell of the
    // previous column (measured), if that fits; else Qt's default stops.
    QList<QTextOption::Tab> tableTabs(const QList<Block> &blocks, int i, Language lang)
    {
        int a = i;
        while (a > 0 && blocks.at(a - 1).kind == BlockKind::TableRow) {
            --a;
        }
        if (m_tabsFor == a && m_tabsLang == lang) {
            return m_tabs;
        }
        int b = i;
        while (b + 1 < blocks.size() && blocks.at(b + 1).kind == BlockKind::TableRow) {
            ++b;
        }
        bool dummy = false;
        int maxCells = 0;
        for (int r = a; r <= b; ++r) {
            maxCells = std::max<int>(maxCells, tableCells(blocks.at(r).text, 0, &dummy).size());
        }
        const QFontMetricsF fm(m_st.font(lang, m_st.size(lang)), m_st.ts.device());
        QList<double> widths;
        for (int r = a; r <= b; ++r) {
            bool leadingEmpty = false;
            const QString &row = blocks.at(r).text;
            const QStringList cells = tableCells(row, maxCells, &leadingEmpty);
            double indent = 0;
            if (row.startsWith(QLatin1Char('\t')) && !leadingEmpty) {
                int k = 0;
                while (k < row.size() && row.at(k) == QLatin1Char('\t')) {
                    ++k;
                }
                indent = fm.horizontalAdvance(QString(k, QChar(0x2002)));
            }
            for (int c = 0; c < cells.size() - 1; ++c) { // the last cell needs no stop
                if (widths.size() <= c) {
                    widths.append(0);
                }
                widths[c] = std::max(widths[c], fm.horizontalAdvance(cells.at(c)) + (c == 0 ? indent : 0));
            }
        }
        QList<QTextOption::Tab> tabs;
        double x = 0;
        const double gap = m_st.size(lang) * 1.5;
        for (double w : widths) {
            x += w + gap;
            tabs.append(QTextOption::Tab(x, QTextOption::LeftTab));
        }
        m_tabsFor = a;
        m_tabsLang = lang;
        m_tabs = tabs;
        m_tabsMaxCells = maxCells;
        return tabs;
    }

    const Styles &m_st;
    QList<Para> *m_out;
    int m_tabsFor = -1;
    Language m_tabsLang = Language::English;
    QList<QTextOption::Tab> m_tabs;
    int m_tabsMaxCells = 0;
};

// Places typeset paragraphs onto pages: widow/orphan control (>= 2 lines on each side of a
// break), headings kept with the next paragraph, page breaks before the original.
class Paginator
{
public:
    Paginator(LaidOutDocument *doc, const QRectF &body)
        : m_doc(doc)
        , m_body(body)
    {
        newPage();
    }

    QList<Language> pageLanguages;

    void place(QList<Para> &paras)
    {
        for (int i = 0; i < paras.size(); ++i) {
            Para &p = paras[i];
            const bool atTop = m_y <= m_body.top() + 0.01;
            if (p.pageBreakBefore && !atTop) {
                newPage();
            }
            if (m_pageFresh) {
                pageLanguages.last() = p.language;
            }
            double before = (m_y <= m_body.top() + 0.01) ? 0 : p.spaceBefore;
            // Room needed before we start: the first lines we may not leave alone, plus what the
            // paragraph must be kept with.
            const double need = before + minStart(paras, i, 0);
            if (m_y + need > m_body.bottom() + 0.01 && m_y > m_body.top() + 0.01) {
                newPage();
                before = 0;
                pageLanguages.last() = p.language;
            }
            m_y += before;

            LaidOutBlock lb;
            lb.language = p.language;
            lb.block = p.block;
            lb.kind = p.kind;
            lb.page = m_doc->pages.size() - 1;
            lb.y = m_y;
            lb.textIndex = m_doc->pages.last().text.size();
            for (const TypesetLine &l : p.lines) {
                lb.length += l.boxes.size();
            }
            if (p.tocLevel >= 0) {
                m_doc->toc.append(TocEntry{p.tocTitle, p.tocLevel, lb.page, m_y});
            }

            const int n = p.lines.size();
            int li = 0;
            while (li < n) {
                const double pitch = p.lines.at(li).pitch;
                int fit = int(std::floor((m_body.bottom() - m_y + 0.01) / pitch));
                const int rest = n - li;
                if (rest <= fit) {
                    putLines(p, li, rest);
                    li += rest;
                    break;
                }
                int take = fit;
                if (rest - take < 2) {
                    take = rest - 2; // no widow
                }
                if (li == 0 && take < 2) {
                    take = 0; // no orphan: start on the next page
                }
                if (take <= 0 && m_y <= m_body.top() + 0.01) {
                    take = std::max(1, fit); // the page cannot hold more: break anyway
                }
                if (take > 0) {
                    putLines(p, li, take);
                    li += take;
                }
                newPage();
                pageLanguages.last() = p.language;
                if (li == 0) {
                    // Nothing was placed: the paragraph starts on this new page.
                    lb.page = m_doc->pages.size() - 1;
                    lb.y = m_y;
                    lb.textIndex = 0;
                    if (p.tocLevel >= 0) {
                        m_doc->toc.last().page = lb.page;
                        m_doc->toc.last().y = m_y;
                    }
                }
            }
            m_doc->blocks.append(lb);
            if (p.ruleAfter) {
                const double ry = m_y + p.spaceAfter * 0.45;
                const double w = p.kind == BlockKind::Heading ? m_body.width() : m_body.width() * 0.3;
                m_doc->pages.last().rules.append(RuleItem{QRectF(m_body.center().x() - w / 2, ry, w, 0.4), QColor(0x66, 0x66, 0x66)});
            }
            m_y += p.spaceAfter;
            m_pageFresh = false;
        }
    }

private:
    // Height that must fit on the current page before paragraph i may start there.
    double minStart(const QList<Para> &paras, int i, int depth) const
    {
        const Para &p = paras.at(i);
        const int n = p.lines.size();
        double h = 0;
        if (p.keepWithNext && i + 1 < paras.size() && depth < 4 && !paras.at(i + 1).pageBreakBefore) {
            for (const TypesetLine &l : p.lines) {
                h += l.pitch;
            }
            h += p.spaceAfter + paras.at(i + 1).spaceBefore + minStart(paras, i + 1, depth + 1);
            return h;
        }
        const int lines = n <= 3 ? n : 2;
        for (int k = 0; k < lines; ++k) {
            h += p.lines.at(k).pitch;
        }
        return h;
    }

    void putLines(const Para &p, int from, int count)
    {
        LaidOutPage &page = m_doc->pages.last();
        for (int k = from; k < from + count; ++k) {
            const TypesetLine &l = p.lines.at(k);
            const QPointF off(m_body.left(), m_y);
            for (const GlyphItem &g : l.glyphs) {
                GlyphItem moved = g;
                QList<QPointF> pos = g.run.positions();
                for (QPointF &pt : pos) {
                    pt += off;
                }
                moved.run.setPositions(pos);
                moved.run.setBoundingRect(g.run.boundingRect().translated(off));
                page.glyphs.append(moved);
            }
            for (const TextBox &b : l.boxes) {
                page.text.append(TextBox{b.text, b.rect.translated(off)});
            }
            m_y += l.pitch;
        }
        m_pageFresh = false;
    }

    void newPage()
    {
        m_doc->pages.append(LaidOutPage());
        pageLanguages.append(pageLanguages.isEmpty() ? Language::English : pageLanguages.last());
        m_y = m_body.top();
        m_pageFresh = true;
    }

    LaidOutDocument *m_doc;
    QRectF m_body;
    double m_y = 0;
    bool m_pageFresh = true;
};

// Running header (title in small capitals over a hairline) and footer (date · page n / N).
void addRunningHeads(LaidOutDocument *doc, const Article &a, const QList<Language> &pageLanguages, const QRectF &body, const Styles &st,
                     Typesetter &ts)
{
    const int total = doc->pages.size();
    const QColor grey(0x55, 0x55, 0x55);
    QHash<QString, QList<TypesetLine>> cache;
    auto typesetOne = [&](const QString &text, const ParaStyle &style) -> QList<TypesetLine> {
        const QString key = text + QLatin1Char('\x1f') + style.font.key() + QString::number(int(style.align));
        auto it = cache.constFind(key);
        if (it == cache.constEnd()) {
            it = cache.insert(key, ts.typeset(text, style, body.width(), false));
        }
        return *it;
    };
    auto put = [&](LaidOutPage &page, const QList<TypesetLine> &lines, double top) {
        if (lines.isEmpty()) {
            return;
        }
        const QPointF off(body.left(), top);
        for (const GlyphItem &g : lines.first().glyphs) { // one line only: a running head never wraps
            GlyphItem moved = g;
            QList<QPointF> pos = g.run.positions();
            for (QPointF &pt : pos) {
                pt += off;
            }
            moved.run.setPositions(pos);
            moved.run.setBoundingRect(g.run.boundingRect().translated(off));
            page.glyphs.append(moved);
        }
    };
    const double headSize = std::min(st.enSize, st.zhSize) * 0.8;
    for (int i = 0; i < total; ++i) {
        LaidOutPage &page = doc->pages[i];
        const Language lang = pageLanguages.value(i, Language::English);
        QString title = (lang == Language::English ? a.en.title : a.zh.title).simplified();
        if (title.isEmpty()) {
            title = a.displayTitle().simplified();
        }
        // Header
        ParaStyle hs;
        hs.language = lang;
        hs.font = st.font(lang, headSize);
        if (lang == Language::English) {
            hs.font.setCapitalization(QFont::SmallCaps);
            hs.font.setLetterSpacing(QFont::PercentageSpacing, 104);
        }
        hs.pitch = headSize * 1.5;
        hs.align = ParaAlign::Center;
        hs.color = grey;
        // Keep to one line: shorten long titles with an ellipsis.
        const QFontMetricsF fm(hs.font, ts.device());
        title = fm.elidedText(title, Qt::ElideRight, body.width() * 0.92);
        const double headTop = body.top() - hs.pitch - headSize * 1.1;
        put(page, typesetOne(title, hs), headTop);
        page.rules.append(RuleItem{QRectF(body.left(), body.top() - headSize * 0.9, body.width(), 0.35), QColor(0x88, 0x88, 0x88)});
        // Footer
        ParaStyle fs = hs;
        fs.font = st.font(lang, headSize);
        QString date = lang == Language::English ? a.en.dateText.trimmed() : a.zh.dateText.trimmed();
        if (date.isEmpty()) {
            date = a.en.dateText.trimmed().isEmpty() ? a.zh.dateText.trimmed() : a.en.dateText.trimmed();
        }
        QString foot = u"%1 / %2"_s.arg(i + 1).arg(total);
        if (!date.isEmpty()) {
            foot = date + u"  ·  "_s + foot;
        }
        put(page, typesetOne(foot, fs), body.bottom() + headSize * 2.2);
    }
}

} // namespace

LaidOutDocument layoutArticle(const Article &article, const Alignment *alignment, const LayoutSettings &settings)
{
    Q_UNUSED(alignment);
    LaidOutDocument doc;
    QSizeF size = settings.pageSize.size(QPageSize::Point);
    if (!size.isValid() || size.width() < 100 || size.height() < 100) {
        size = QPageSize(QPageSize::A4).size(QPageSize::Point);
    }
    doc.pageSize = size;
    QMarginsF m = settings.marginsMm * kMmToPt;
    // Keep a usable text block whatever the margins say.
    if (m.left() + m.right() > size.width() * 0.7 || m.top() + m.bottom() > size.height() * 0.7) {
        m = QMarginsF(22, 20, 22, 22) * kMmToPt;
    }
    const QRectF body(m.left(), m.top(), size.width() - m.left() - m.right(), size.height() - m.top() - m.bottom());

    Typesetter ts;
    const Styles st(ts, settings);
    QList<Para> paras;
    ParaBuilder builder(st, &paras);

    const bool en = article.hasEnglish();
    const bool zh = article.hasChinese();
    switch (settings.mode) {
    case LayoutMode::EnglishOnly:
        builder.addHalf(article, Language::English, 0, true);
        break;
    case LayoutMode::ChineseOnly:
        builder.addHalf(article, Language::Chinese, 0, true);
        break;
    case LayoutMode::SourceOrder:
    case LayoutMode::Interlinear:
    case LayoutMode::SideBySide:
    case LayoutMode::FacingPages:
        if (en) {
            builder.addHalf(article, Language::English, 0, true);
        }
        if (zh) {
            if (en) {
                builder.addDivider(Language::Chinese);
                builder.addHalf(article, Language::Chinese, 0, false);
            } else {
                builder.addHalf(article, Language::Chinese, 0, true);
            }
        }
        break;
    }

    for (Para &p : paras) {
        p.lines = ts.typeset(p.text, p.style, body.width(), true, p.layoutText);
    }

    Paginator pager(&doc, body);
    pager.place(paras);
    addRunningHeads(&doc, article, pager.pageLanguages, body, st, ts);
    return doc;
}

} // namespace Okb
