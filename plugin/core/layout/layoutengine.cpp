// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "layout/layoutengine.h"
#include "align/aligner.h"
#include "layout/typesetter.h"
#include "model/opentrace.h"

#include <KLocalizedString>

#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <QRawFont>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>
#include <type_traits>
#include <vector>

using namespace Qt::StringLiterals;

namespace Okb
{
namespace
{
using Detail::ParaAlign;
using Detail::ParaStyle;
using Detail::TypesetLine;
using Detail::Typesetter;

constexpr double kMmToPt = 72.0 / 25.4;
// Texts of this many characters and more are typeset on two threads (typesetParallel).
constexpr qsizetype kTwoThreadChars = 150000;
// Texts of this many characters and more retire the worker after their layout (retireWorker()).
constexpr qsizetype kRetireChars = 2000000;

// OKB_LAYOUT_MEMORY=1: the resident memory, its peak and the heap in use at a few points of a
// layout, on stderr (for measuring).
void memoryNote(const char *when)
{
    static const bool on = qEnvironmentVariableIntValue("OKB_LAYOUT_MEMORY") == 1;
    if (!on) {
        return;
    }
    long rss = 0;
    long hwm = 0;
    long anon = 0;
    if (FILE *f = fopen("/proc/self/status", "r")) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            sscanf(line, "VmRSS: %ld", &rss);
            sscanf(line, "VmHWM: %ld", &hwm);
            sscanf(line, "RssAnon: %ld", &anon);
        }
        fclose(f);
    }
    if (qEnvironmentVariableIntValue("OKB_LAYOUT_MEMORY_FONTS") > 0) {
        // Each mapping of a font file (2: of any file, [heap] too), with its resident size.
        if (FILE *f = fopen("/proc/self/smaps", "r")) {
            char line[512];
            char name[400] = "";
            while (fgets(line, sizeof line, f)) {
                char path[400];
                long kb = 0;
                const char *dash = strchr(line, '-');
                const char *space = strchr(line, ' ');
                if (dash && space && dash < space && isxdigit(static_cast<unsigned char>(line[0]))) { // a mapping's first line
                    name[0] = 0;
                    if (sscanf(line, "%*s %*s %*s %*s %*s %399s", path) == 1) {
                        snprintf(name, sizeof name, "%s", path);
                    }
                } else if (strncmp(line, "Rss:", 4) == 0 && sscanf(line, "Rss: %ld", &kb) == 1 && (strstr(name, "/fonts/") || (qEnvironmentVariableIntValue("OKB_LAYOUT_MEMORY_FONTS") == 2 && name[0])) && kb > 512) {
                    fprintf(stderr, "  mapping %s: %ld KiB\n", name, kb);
                }
            }
            fclose(f);
        }
    }
    const struct mallinfo2 mi = mallinfo2();
    fprintf(stderr, "layout memory %s: rss %.1f MiB, peak %.1f, anonymous %.1f, heap in use %.1f, heap free %.1f\n", when, rss / 1024.0, hwm / 1024.0, anon / 1024.0,
            (mi.uordblks + mi.hblkhd) / 1048576.0, mi.fordblks / 1048576.0);
}

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
    // Bilingual modes
    int offset = 0; // piece of the block from here
    int pair = -1;
    bool endMark = true; // false: text carries its own "\n" (or none: a piece inside a block)
    bool noText = false; // drawn, but not part of the page text (legend)
    double groupHeight = 0; // > 0: height of a keep-together group starting here
    QList<TypesetLine> lines;
    double width = 0; // the measure it was typeset to
    int source = -1; // lazy pages: index into PageSink::sources once placed
    // Bilingual pieces: text == blockText.mid(offset, pieceLength) (+ "\n" where it ends the
    // block); blockText shares the article's string, so the lazy pages need not keep the piece.
    QString blockText;
    int pieceLength = -1;
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

    // One QFont per distinct request, shared by the paragraphs that use it: a QFont of its own
    // (families, features) for each of the 47k paragraphs of a 10 MB article was ~20 MB.
    // (Keyed by the values, not by a string of them: every paragraph asks, and printing the size
    // to 17 digits was most of the bilingual modes' paragraph building.)
    QFont font(Language lang, double pt, QFont::Weight weight = QFont::Normal, bool italic = false) const
    {
        const FontKey key{int(lang), pt, int(weight), italic};
        auto it = m_fonts.constFind(key);
        if (it == m_fonts.constEnd()) {
            it = m_fonts.insert(key, makeFont(lang, pt, weight, italic));
        }
        return *it;
    }

    QFont makeFont(Language lang, double pt, QFont::Weight weight, bool italic) const
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

    struct FontKey {
        int lang;
        double pt;
        int weight;
        bool italic;
        bool operator==(const FontKey &o) const
        {
            return lang == o.lang && std::bit_cast<quint64>(pt) == std::bit_cast<quint64>(o.pt) && weight == o.weight && italic == o.italic;
        }
        friend size_t qHash(const FontKey &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.lang, std::bit_cast<quint64>(k.pt), k.weight, k.italic);
        }
    };
    Typesetter &ts;
    const LayoutSettings &settings;
    mutable QHash<FontKey, QFont> m_fonts;
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
        const int first = addHeader(a, lang, tocBase, titleInToc);
        m_lastTocLevel = tocBase;
        BlockKind prevKind = BlockKind::Title;
        for (int i = first; i < blocks.size(); ++i) {
            m_out->append(blockPara(blocks, i, lang, prevKind, tocBase));
            prevKind = blocks.at(i).kind;
        }
    }

    // addHalf() a paragraph at a time, so that a long article's paragraphs need not all exist
    // before the layout starts: beginHalf() adds the header, nextBody() the next body paragraph
    // (false when there is none left).
    void beginHalf(const Article &a, Language lang, int tocBase, bool titleInToc)
    {
        const int first = addHeader(a, lang, tocBase, titleInToc);
        m_lastTocLevel = tocBase;
        m_half = Half{&a, lang, tocBase, first, BlockKind::Title};
    }
    bool nextBody()
    {
        if (!m_half.article) {
            return false;
        }
        const QList<Block> &blocks = m_half.lang == Language::English ? m_half.article->english : m_half.article->chinese;
        if (m_half.next >= blocks.size()) {
            m_half = Half();
            return false;
        }
        m_out->append(blockPara(blocks, m_half.next, m_half.lang, m_half.prevKind, m_half.tocBase));
        m_half.prevKind = blocks.at(m_half.next).kind;
        ++m_half.next;
        return true;
    }

    // Title and meta line of one language half; returns the index of the first body block that
    // is not used up by the title.
    int addHeader(const Article &a, Language lang, int tocBase, bool titleInToc)
    {
        const QList<Block> &blocks = lang == Language::English ? a.english : a.chinese;
        const double size = m_st.size(lang);
        const double pitch = m_st.pitch(lang);
        int first = 0;

        // Title: the body's own title block if it has one, else the header's. A headline of
        // several parts (ChineseHeader::titleLines) is set a part per line, as printed, and uses
        // up every leading title block of both languages (the body's repeats of the parts); the
        // English title is then the Title: line, the whole headline.
        QStringList lines;
        if (a.zh.titleLines.size() > 1) {
            while (first < blocks.size() && blocks.at(first).kind == BlockKind::Title) {
                ++first;
            }
            if (lang == Language::Chinese) {
                lines = a.zh.titleLines;
            } else if (!a.en.titleLines.isEmpty()) {
                lines = a.en.titleLines;
            } else {
                for (int i = 0; i < first; ++i) {
                    lines.append(blocks.at(i).text);
                }
            }
        } else if (!blocks.isEmpty() && blocks.first().kind == BlockKind::Title) {
            lines.append(blocks.first().text);
            first = 1;
        } else {
            lines.append((lang == Language::English ? a.en.title : a.zh.title).simplified());
        }
        for (int part = 0; part < lines.size(); ++part) {
            Para title;
            title.language = lang;
            title.kind = BlockKind::Title;
            title.text = lines.at(part);
            // the block it is, when it is a body block's text (anchors count in the block's text)
            title.block = part < first && lines.at(part) == blocks.at(part).text ? part : -1;
            if (title.text.isEmpty()) {
                continue;
            }
            title.style.language = lang;
            const double tsize = size * 1.55;
            title.style.font = m_st.font(lang, tsize, QFont::Bold);
            title.style.pitch = tsize * 1.32;
            title.style.align = ParaAlign::Center;
            title.style.balance = true;
            title.style.wordBreaks = lang == Language::Chinese;
            title.style.leftIndent = title.style.rightIndent = size * 2;
            title.spaceAfter = part + 1 < lines.size() ? pitch * 0.15 : pitch * 0.5;
            title.keepWithNext = true;
            if (titleInToc && part == 0) {
                title.tocLevel = tocBase;
                title.tocTitle = lines.join(u' ').simplified();
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

        return first;
    }

    // A body block as a paragraph, styled by its kind.
    Para blockPara(const QList<Block> &blocks, int i, Language lang, BlockKind prevKind, int tocBase)
    {
        const double size = m_st.size(lang);
        const double pitch = m_st.pitch(lang);
        int &lastTocLevel = m_lastTocLevel;
        {
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
                } else if (prevKind == BlockKind::Paragraph || prevKind == BlockKind::Verse || prevKind == BlockKind::TableRow || prevKind == BlockKind::Caption
                           || prevKind == BlockKind::Signature) {
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
                p.style.spaceBreaksOnly = true;
                p.style.hyphenate = false; // names and figures: "Ye Ho-/ufang" would be wrong
                p.style.tabs = tableTabs(blocks, i, lang);
                p.layoutText = tableLayoutText(b.text, m_tabCache[lang == Language::English ? 0 : 1].maxCells);
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
            return p;
        }
    }

    // The article's **Named Entities** list, as a two-column table after the text.
    void addGlossary(const Article &a, int tocLevel)
    {
        if (a.glossary.isEmpty()) {
            return;
        }
        Para h;
        h.language = Language::English;
        h.kind = BlockKind::Heading;
        h.text = i18nc("heading of the glossary appendix", "Named entities") + u" · 专名"_s;
        h.style = m_st.body(Language::English);
        h.style.font = m_st.font(Language::English, m_st.enSize, QFont::Bold);
        h.style.align = ParaAlign::Left;
        h.style.hyphenate = false;
        h.spaceBefore = m_st.enPitch * 1.5;
        h.spaceAfter = m_st.enPitch * 0.4;
        h.keepWithNext = true;
        h.tocLevel = tocLevel;
        h.tocTitle = h.text;
        m_out->append(h);
        QString terms;
        for (const GlossaryEntry &e : a.glossary) {
            terms += e.term.simplified();
        }
        // (Measured with the font typeset() will use for such text: see Typesetter::fontFor().)
        const QFontMetricsF fm(m_st.ts.fontFor(m_st.font(Language::Chinese, m_st.zhSize), terms), m_st.ts.device());
        double termWidth = 0;
        for (const GlossaryEntry &e : a.glossary) {
            termWidth = std::max(termWidth, fm.horizontalAdvance(e.term.simplified()));
        }
        termWidth = std::min(termWidth + m_st.zhSize * 1.5, m_st.zhSize * 12);
        for (const GlossaryEntry &e : a.glossary) {
            Para p;
            p.language = Language::Chinese;
            p.kind = BlockKind::TableRow;
            p.text = e.term.simplified() + u'\t' + e.gloss.simplified();
            p.style = m_st.body(Language::Chinese);
            p.style.font = m_st.font(Language::Chinese, m_st.zhSize * 0.92);
            p.style.pitch = m_st.zhPitch * 0.9;
            p.style.align = ParaAlign::Left;
            p.style.tabs = {QTextOption::Tab(termWidth, QTextOption::LeftTab)};
            p.style.restIndent = termWidth;
            m_out->append(p);
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
        // One entry per language: the bilingual modes alternate English and Chinese pieces, and
        // a single entry made every row measure its whole table again (quadratic in the rows).
        TabCache &cache = m_tabCache[lang == Language::English ? 0 : 1];
        if (cache.first == a) {
            return cache.tabs;
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
        QString measured(1, QChar(0x2002));
        for (int r = a; r <= b; ++r) {
            measured += blocks.at(r).text;
        }
        const QFontMetricsF fm(m_st.ts.fontFor(m_st.font(lang, m_st.size(lang)), measured), m_st.ts.device());
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
        cache.first = a;
        cache.tabs = tabs;
        cache.maxCells = maxCells;
        return tabs;
    }

    const Styles &m_st;
    QList<Para> *m_out;
    struct TabCache {
        int first = -1; // first row of the table
        QList<QTextOption::Tab> tabs;
        int maxCells = 0;
    };
    TabCache m_tabCache[2]; // English, Chinese
    int m_lastTocLevel = 0;
    struct Half {
        const Article *article = nullptr;
        Language lang = Language::English;
        int tocBase = 0;
        int next = 0;
        BlockKind prevKind = BlockKind::Title;
    };
    Half m_half; // the half nextBody() continues
};

// Where pairs landed, per page, per language (PairRegion), collected while placing lines.
class RegionTracker
{
public:
    // pages: the sink's (the regions of pages the layout has left behind go there as it goes:
    // the regions of a whole 10 MB article in the hash were ~6 MB at the layout's peak)
    void add(int page, int pair, Language lang, const QRectF &r, QList<LaidOutPage> *pages)
    {
        if (pair < 0 || r.isNull()) {
            return;
        }
        if (page < m_putBelow) {
            // a page whose regions were put on it already: there (its list is in the order of
            // first adds, as the hash's order list is, so a new one goes at its end)
            if (page >= 0 && page < pages->size()) {
                QList<PairRegion> &list = (*pages)[page].pairs;
                for (qsizetype i = list.size() - 1; i >= 0; --i) {
                    if (list.at(i).pair == pair) {
                        unite(list[i], lang, r);
                        return;
                    }
                }
                list.append(PairRegion{pair, QRectF(), QRectF()});
                unite(list.last(), lang, r);
            }
            return;
        }
        if (page > m_lastPage) {
            m_lastPage = page;
            if (page - kPagesKept > m_putBelow) {
                put(pages, page - kPagesKept);
            }
        }
        const qint64 key = (qint64(page) << 32) | quint32(pair);
        auto it = m_regions.find(key);
        if (it == m_regions.end()) {
            it = m_regions.insert(key, PairRegion{pair, QRectF(), QRectF()});
            m_order.append(key);
        }
        unite(*it, lang, r);
    }
    // Puts the regions onto their pages, and forgets them.
    void fill(QList<LaidOutPage> *pages)
    {
        put(pages, std::numeric_limits<int>::max());
        m_regions = {};
        m_order = {};
    }

private:
    static constexpr int kPagesKept = 3; // pages behind the last one added to, kept in the hash
    static void unite(PairRegion &region, Language lang, const QRectF &r)
    {
        QRectF &u = lang == Language::English ? region.english : region.chinese;
        u = u.isNull() ? r : u.united(r);
    }
    // the regions of the pages below `below` onto them, in the order they were first added
    void put(QList<LaidOutPage> *pages, int below)
    {
        // each page's list at its size (appended one by one they grew to up to twice that)
        QHash<int, int> count;
        for (qint64 key : std::as_const(m_order)) {
            const int page = int(key >> 32);
            if (page < below && page >= 0 && page < pages->size()) {
                ++count[page];
            }
        }
        for (auto it = count.cbegin(); it != count.cend(); ++it) {
            (*pages)[it.key()].pairs.reserve((*pages)[it.key()].pairs.size() + it.value());
        }
        QList<qint64> kept;
        for (qint64 key : std::as_const(m_order)) {
            const int page = int(key >> 32);
            if (page >= below) {
                kept.append(key);
                continue;
            }
            if (page >= 0 && page < pages->size()) {
                (*pages)[page].pairs.append(m_regions.value(key));
            }
            m_regions.remove(key);
        }
        m_order = std::move(kept);
        m_putBelow = std::max(m_putBelow, below);
    }
    QHash<qint64, PairRegion> m_regions;
    QList<qint64> m_order;
    int m_lastPage = -1;
    int m_putBelow = 0; // pages below have their regions
};

void addSpan(LaidOutBlock *lb, int page, int index, int count, int units)
{
    if (!lb || count <= 0) {
        return;
    }
    if (!lb->spans.isEmpty() && lb->spans.last().page == page && lb->spans.last().index + lb->spans.last().count == index) {
        lb->spans.last().count += count;
        lb->spans.last().units += units;
    } else {
        lb->spans.append(TextSpan{page, index, count, units});
    }
}

// Puts one typeset line at `off` (column left, line top) onto `page` (null: nowhere, only measure
// it). Consume: the line gives up its glyphs and boxes (a placed line is not looked at again, and
// a huge paragraph would otherwise be held twice); else they are copied. Returns the number of
// TextBoxes of the line (0 for a paragraph without text), with the UTF-16 units of the text they
// stand for in *units and the union of its glyphs' bounding rects in *ink.
template<bool Consume>
int placeLine(LaidOutPage *page, const QString &text, bool noText, std::conditional_t<Consume, TypesetLine, const TypesetLine> &l, const QPointF &off, QRectF *ink, int *units)
{
    if (l.boxCount >= 0) {
        // measured only (nowhere to put it): what the glyphs and boxes below would have given
        Q_ASSERT(!page);
        if (ink) {
            for (const QRectF &rect : l.runRects) {
                const QRectF r = rect.translated(off);
                *ink = ink->isNull() ? r : ink->united(r);
            }
        }
        if (noText) {
            return 0;
        }
        if (units) {
            *units += l.boxUnits;
        }
        return l.boxCount;
    }
    for (auto &g : l.glyphs) {
        GlyphItem moved = Consume ? std::move(g) : g;
        QList<QPointF> pos = moved.run.positions();
        for (QPointF &pt : pos) {
            pt += off;
        }
        moved.run.setPositions(pos);
        moved.run.setBoundingRect(moved.run.boundingRect().translated(off));
        if (ink) {
            *ink = ink->isNull() ? moved.run.boundingRect() : ink->united(moved.run.boundingRect());
        }
        if (page) {
            page->glyphs.append(std::move(moved));
        }
    }
    if constexpr (Consume) {
        l.glyphs = QList<GlyphItem>();
    }
    int count = 0;
    if (!noText) {
        count = int(l.boxes.size());
        for (const Detail::LineBox &b : l.boxes) {
            char32_t c = u'\n';
            if (b.offset >= 0) {
                const QChar *u = text.constData() + b.offset;
                c = b.units == 2 && u[0].isHighSurrogate() && u[1].isLowSurrogate() ? QChar::surrogateToUcs4(u[0], u[1]) : char32_t(u[0].unicode());
            }
            if (units) {
                *units += c == u'\n' ? 0 : (QChar::requiresSurrogates(c) ? 2 : 1);
            }
            if (page) {
                page->text.append(c, QRectF(b.x + off.x(), l.boxTop + off.y(), b.width, l.boxHeight));
            }
        }
    }
    if constexpr (Consume) {
        l.boxes = std::vector<Detail::LineBox>();
    }
    return count;
}

// What a lazy page needs of a paragraph to typeset it again (as typesetParallel did). 24 B: its
// text is named, not held (a block of the article, whose block lists ParaTexts shares), so one
// string less in each of the 87k paragraphs of a 10 MB interlinear article (~2 MB); the texts the
// engine made up (titles, meta lines, legends) and layoutTexts (tables) are in ParaTexts' hashes.
struct ParaSource {
    double width = 0;
    int block = -1; // >= 0: the text is this block's of the article (language: chinese); -1: made up
    int offset = 0; // piece >= 0: the paragraph is text.mid(offset, piece) (+ "\n" if newline)
    int piece = -1;
    unsigned style : 28 = 0; // into the styles list (paragraphs share a handful of styles)
    unsigned chinese : 1 = 0;
    unsigned newline : 1 = 0;
    unsigned endMark : 1 = 1;
    unsigned noText : 1 = 0;
};
static_assert(sizeof(ParaSource) == 24, "ParaSource: keep it small (one per paragraph)");

// The texts of the paragraph sources: the article's block lists (implicitly shared with it: no
// copy) and the texts that are not a block's.
struct ParaTexts {
    QList<Block> blocks[2]; // english, chinese
    QHash<int, QString> texts; // source index -> its text, for sources with block < 0
    QHash<int, QString> layoutTexts; // of the sources that have one

    // The whole text a source names (a piece's block).
    QString text(const ParaSource &src, int index) const
    {
        return src.block >= 0 ? blocks[src.chinese].at(src.block).text : texts.value(index);
    }
    QString paragraphText(const ParaSource &src, int index) const
    {
        const QString t = text(src, index);
        return src.piece < 0 ? t : t.mid(src.offset, src.piece) + (src.newline ? u"\n"_s : QString());
    }
    // Names `text` (the source's whole text) in `src`: the block if it is that block's text, else
    // kept in `texts`.
    void name(ParaSource *src, int index, Language language, int block, const QString &text)
    {
        const int L = language == Language::Chinese ? 1 : 0;
        if (block >= 0 && block < blocks[L].size()) {
            const QString &b = blocks[L].at(block).text;
            if ((b.constData() == text.constData() && b.size() == text.size()) || b == text) {
                src->block = block;
                src->chinese = L;
                return;
            }
        }
        src->block = -1;
        texts.insert(index, text);
    }
};

// Every field of ParaStyle: a field added there must be compared here too (else two paragraphs
// that differ in it would share a style and the lazy pages would differ from the layout).
static_assert(sizeof(ParaStyle) == 112, "ParaStyle changed: update sameStyle() and styleHash() in layoutengine.cpp");
bool sameStyle(const ParaStyle &a, const ParaStyle &b)
{
    return a.font == b.font && a.font.families() == b.font.families() && a.language == b.language && a.align == b.align && a.pitch == b.pitch
        && a.leftIndent == b.leftIndent && a.rightIndent == b.rightIndent && a.firstIndent == b.firstIndent && a.restIndent == b.restIndent && a.tabs == b.tabs
        && a.color == b.color && a.hyphenate == b.hyphenate && a.spaceBreaksOnly == b.spaceBreaksOnly && a.balance == b.balance && a.wordBreaks == b.wordBreaks;
}
size_t styleHash(const ParaStyle &s)
{
    return qHashMulti(0, s.font.pointSizeF(), int(s.font.weight()), int(s.language), int(s.align), s.pitch, s.leftIndent, s.rightIndent, s.firstIndent, s.restIndent,
                      s.tabs.size(), s.color.rgba(), s.hyphenate, s.spaceBreaksOnly, s.balance, s.wordBreaks);
}

// Lines [firstLine, firstLine + count) of a paragraph, the first at (x, y), each next one a pitch
// lower. source < 0: lines of a huge paragraph kept as they are, in chunks[firstLine].
struct Placement {
    int source = -1;
    int firstLine = 0;
    int count = 0;
    double x = 0;
    double y = 0;
};

struct PageRecipe {
    QList<Placement> placements;
    QList<LaidOutPage> chunks; // glyphs and text of huge paragraphs' lines, in placement order
    int textCount = 0;
    double dx = 0; // facing pages: the whole page moved by dx after it was made
    double nextY = 0; // while it is made: where a line after the last placement would go
    // The running foot ("date · n / N"), typeset when the page is made: one of its own on every
    // page, kept made it was ~1 KB a page (glyph runs), and more while the layout made them all.
    QString footer;
    int footerStyle = -1; // into the styles list; -1: none
    double footerX = 0;
    double footerY = 0;
    double footerWidth = 0;
};

// Paragraphs longer than this keep their placed lines (glyphs and boxes) as they are: typesetting
// one again for every page it shows would cost as much as the paragraph (the typesetter sets them
// in windows, a page cannot be set alone). As long as Typesetter's kLongParagraph.
constexpr qsizetype kEagerParagraph = 40000;

// The pages while they are made. Eager: the finished pages. Lazy: each page's rules, pair regions
// and running head/pair numbers (few, kept as they are) and a recipe for its body lines.
class PageSink
{
public:
    explicit PageSink(bool eager)
        : eager(eager)
    {
    }

    const bool eager;
    QList<LaidOutPage> pages;
    QList<PageRecipe> recipes;
    QList<ParaSource> sources;
    ParaTexts texts; // of the sources (set its block lists before the first line is put)
    QList<ParaStyle> styles;

    qsizetype size() const
    {
        return pages.size();
    }

    int textSize(int page) const
    {
        return eager ? int(pages.at(page).text.size()) : recipes.at(page).textCount;
    }

    // A new page with room for about as much as the last one holds (plus the running head and
    // foot), so that its lists do not grow by doubling: for a long document that slack would be a
    // good part of its memory.
    void newPage()
    {
        LaidOutPage page;
        if (eager && !pages.isEmpty()) {
            const LaidOutPage &last = pages.last();
            page.text.reserve(last.text.size() + last.text.size() / 16);
            page.glyphs.reserve(last.glyphs.size() + last.glyphs.size() / 16 + 8);
        }
        pages.append(std::move(page));
        recipes.append(PageRecipe());
        if (!eager && recipes.size() > kPagesOpen) {
            // a page left behind has all its lines: its placement list at its size (grown by
            // doubling it had up to as much room again unused: ~1.3 MB for a 10 MB article)
            recipes[recipes.size() - 1 - kPagesOpen].placements.squeeze();
        }
    }
    static constexpr qsizetype kPagesOpen = 4; // pages before the last that lines may still go to

    // Moves line `li` of p at `off` onto page `pageIndex` (eager), or records where it goes (lazy).
    // The line gives up its glyphs and boxes either way.
    void putLine(int pageIndex, Para &p, int li, const QPointF &off, RegionTracker *regions, LaidOutBlock *lb)
    {
        TypesetLine &l = p.lines[li];
        const int base = textSize(pageIndex);
        QRectF ink;
        int units = 0;
        int count = 0;
        if (eager) {
            count = placeLine<true>(&pages[pageIndex], p.text, p.noText, l, off, &ink, &units);
        } else {
            PageRecipe &r = recipes[pageIndex];
            if (p.text.size() > kEagerParagraph) {
                if (r.placements.isEmpty() || r.placements.last().source >= 0 || r.placements.last().firstLine != r.chunks.size() - 1) {
                    r.placements.append(Placement{-1, int(r.chunks.size()), 0, 0, 0});
                    r.chunks.append(LaidOutPage());
                }
                count = placeLine<true>(&r.chunks.last(), p.text, p.noText, l, off, &ink, &units);
                ++r.placements.last().count;
            } else {
                const double pitch = l.pitch;
                count = placeLine<true>(nullptr, p.text, p.noText, l, off, &ink, &units);
                if (p.source < 0) {
                    p.source = int(sources.size());
                    ParaSource src;
                    src.width = p.width;
                    const int style = internStyle(p.style);
                    Q_ASSERT(style < (1 << 28));
                    src.style = unsigned(style);
                    if (!p.layoutText.isEmpty()) {
                        texts.layoutTexts.insert(p.source, p.layoutText);
                    }
                    src.endMark = p.endMark;
                    src.noText = p.noText;
                    if (p.pieceLength >= 0 && (p.text.size() == p.pieceLength || p.text.size() == p.pieceLength + 1)) {
                        texts.name(&src, p.source, p.language, p.block, p.blockText);
                        src.offset = p.offset;
                        src.piece = p.pieceLength;
                        src.newline = p.text.size() == p.pieceLength + 1;
                    } else {
                        texts.name(&src, p.source, p.language, p.block, p.text);
                    }
                    Q_ASSERT(texts.paragraphText(src, p.source) == p.text);
                    sources.append(src);
                }
                if (!r.placements.isEmpty()) {
                    Placement &last = r.placements.last();
                    if (last.source == p.source && last.firstLine + last.count == li && last.x == off.x() && r.nextY == off.y()) {
                        ++last.count;
                        r.nextY = off.y() + pitch;
                        r.textCount += count;
                        addLineSpan(pageIndex, p, l, off, regions, lb, base, count, units, ink);
                        return;
                    }
                }
                r.placements.append(Placement{p.source, li, 1, off.x(), off.y()});
                r.nextY = off.y() + pitch;
            }
            r.textCount += count;
        }
        addLineSpan(pageIndex, p, l, off, regions, lb, base, count, units, ink);
    }

    // The finished pages (this sink is used up). dx != 0: the even pages (left-hand pages of
    // facing spreads) were moved by dx after they were made.
    PageList freeze();

    // Index of a paragraph style in `styles` (added if new).
    int styleIndex(const ParaStyle &style)
    {
        return internStyle(style);
    }

private:
    void addLineSpan(int pageIndex, const Para &p, const TypesetLine &l, const QPointF &off, RegionTracker *regions, LaidOutBlock *lb, int base, int count, int units, const QRectF &ink)
    {
        if (!p.noText) {
            addSpan(lb, pageIndex, base, count, units);
        }
        if (regions && p.pair >= 0) {
            regions->add(pageIndex, p.pair, p.language, QRectF(ink.isNull() ? off.x() : ink.left(), off.y(), ink.isNull() ? 0 : ink.width(), l.pitch), &pages);
        }
    }

    // One ParaStyle per distinct style instead of one per paragraph.
    int internStyle(const ParaStyle &style)
    {
        const size_t h = styleHash(style);
        for (auto it = m_styleIndex.constFind(h); it != m_styleIndex.constEnd() && it.key() == h; ++it) {
            if (sameStyle(styles.at(*it), style)) {
                return *it;
            }
        }
        styles.append(style);
        m_styleIndex.insert(h, int(styles.size() - 1));
        return int(styles.size() - 1);
    }
    QMultiHash<size_t, int> m_styleIndex;
};

void appendGlyphsAt(LaidOutPage *page, const QList<GlyphItem> &glyphs, const QPointF &offset);

// Moves glyphs[from, end) by dx as the facing-pages mirror does (positions, then bounding rect).
void shiftGlyphs(QList<GlyphItem> &glyphs, qsizetype from, double dx)
{
    for (qsizetype i = from; i < glyphs.size(); ++i) {
        GlyphItem &g = glyphs[i];
        QList<QPointF> pos = g.run.positions();
        for (QPointF &pt : pos) {
            pt.rx() += dx;
        }
        g.run.setPositions(pos);
        g.run.setBoundingRect(g.run.boundingRect().translated(dx, 0));
    }
}

// The pages of a finished layout, made on demand from their recipes. Each thread that reads pages
// gets its own Typesetter (font engines and raw fonts belong to a thread, a Typesetter is not
// thread-safe) and its own small caches: the last pages it made and the paragraphs it typeset
// for them (a paragraph crossing a page is typeset once for both).
class LazyPages final : public PageList::Source
{
public:
    LazyPages(QList<LaidOutPage> fixed, QList<PageRecipe> recipes, QList<ParaSource> sources, ParaTexts texts, QList<ParaStyle> styles)
        : m_fixed(std::move(fixed))
        , m_recipes(std::move(recipes))
        , m_sources(std::move(sources))
        , m_texts(std::move(texts))
        , m_styles(std::move(styles))
    {
    }

    qsizetype size() const override
    {
        return m_fixed.size();
    }
    qsizetype textSize(qsizetype i) const override
    {
        return i >= 0 && i < m_recipes.size() ? m_recipes.at(i).textCount : 0;
    }
    LaidOutPage page(qsizetype i) const override;

private:
    // Per thread. A typeset paragraph holds ~40 B per character (boxes and glyphs), a made page
    // ~50 B per character: some 2-3 MB per reading thread (Okular reads from three).
    static constexpr int kPagesCached = 8;
    static constexpr int kParasCached = 32;
    static constexpr qsizetype kParaCharsCached = 64 * 1024; // > kEagerParagraph: the longest lazy one fits
    static constexpr int kThreads = 8; // thread states kept at most (idle ones go first)

    struct ThreadState {
        std::unique_ptr<Typesetter> ts;
        QList<std::pair<qsizetype, LaidOutPage>> pages; // most recent first
        struct Typeset {
            int source = -1;
            QString text; // the paragraph's text (the boxes' offsets point into it)
            QList<TypesetLine> lines;
        };
        QList<Typeset> paras; // most recent first
        qsizetype paraChars = 0;
    };

    std::shared_ptr<ThreadState> threadState() const;
    const ThreadState::Typeset &linesOf(ThreadState &st, int source) const;

    QList<LaidOutPage> m_fixed; // rules, pair regions, running head and pair numbers
    QList<PageRecipe> m_recipes;
    QList<ParaSource> m_sources;
    ParaTexts m_texts;
    QList<ParaStyle> m_styles;
    mutable std::mutex m_mutex; // guards m_threads only
    mutable QList<std::pair<quint64, std::shared_ptr<ThreadState>>> m_threads; // by Detail::currentThreadSerial()
};

std::shared_ptr<LazyPages::ThreadState> LazyPages::threadState() const
{
    const quint64 me = Detail::currentThreadSerial();
    std::lock_guard<std::mutex> lock(m_mutex);
    for (const auto &[id, st] : std::as_const(m_threads)) {
        if (id == me) {
            return st;
        }
    }
    // Threads come and go (thread pools): drop the state of one that is not busy.
    if (m_threads.size() >= kThreads) {
        for (qsizetype k = 0; k < m_threads.size(); ++k) {
            if (m_threads.at(k).second.use_count() == 1) {
                m_threads.removeAt(k);
                break;
            }
        }
    }
    auto st = std::make_shared<ThreadState>();
    m_threads.append({me, st});
    return st;
}

const LazyPages::ThreadState::Typeset &LazyPages::linesOf(ThreadState &st, int source) const
{
    for (qsizetype k = 0; k < st.paras.size(); ++k) {
        if (st.paras.at(k).source == source) {
            if (k > 0) {
                st.paras.move(k, 0);
            }
            return st.paras.first();
        }
    }
    if (!st.ts) {
        st.ts = std::make_unique<Typesetter>();
    }
    const ParaSource &src = m_sources.at(source);
    ParaStyle style = m_styles.at(src.style);
    style.font = style.font.resolve(QFont()); // a private copy: the shared one may be in use in another thread
    const QString text = m_texts.paragraphText(src, source);
    QList<TypesetLine> lines = st.ts->typeset(text, style, src.width, src.endMark, m_texts.layoutTexts.value(source));
    const qsizetype chars = text.size();
    while (!st.paras.isEmpty() && (st.paras.size() >= kParasCached || st.paraChars + chars > kParaCharsCached)) {
        st.paraChars -= st.paras.last().text.size();
        st.paras.removeLast();
    }
    st.paras.prepend({source, text, std::move(lines)});
    st.paraChars += chars;
    return st.paras.first();
}

LaidOutPage LazyPages::page(qsizetype i) const
{
    if (i < 0 || i >= m_fixed.size()) {
        return LaidOutPage();
    }
    const std::shared_ptr<ThreadState> st = threadState(); // only this thread uses it
    for (qsizetype k = 0; k < st->pages.size(); ++k) {
        if (st->pages.at(k).first == i) {
            if (k > 0) {
                st->pages.move(k, 0);
            }
            return st->pages.first().second;
        }
    }
    const LaidOutPage &fixed = m_fixed.at(i);
    const PageRecipe &r = m_recipes.at(i);
    LaidOutPage page;
    page.rules = fixed.rules;
    page.pairs = fixed.pairs;
    page.text.reserve(r.textCount);
    for (const Placement &pl : r.placements) {
        if (pl.source < 0) {
            // Lines of a huge paragraph, kept as they were (moved already when mirrored).
            const LaidOutPage &chunk = r.chunks.at(pl.firstLine);
            page.glyphs += chunk.glyphs;
            page.text.append(chunk.text);
            continue;
        }
        const ParaSource &src = m_sources.at(pl.source);
        const ThreadState::Typeset &typeset = linesOf(*st, pl.source);
        const QList<TypesetLine> &lines = typeset.lines;
        const qsizetype g0 = page.glyphs.size();
        const qsizetype t0 = page.text.size();
        double y = pl.y;
        for (int k = pl.firstLine; k < pl.firstLine + pl.count && k < lines.size(); ++k) {
            const TypesetLine &l = lines.at(k);
            placeLine<false>(&page, typeset.text, src.noText, l, QPointF(pl.x, y), nullptr, nullptr);
            y += l.pitch;
        }
        if (r.dx != 0) {
            shiftGlyphs(page.glyphs, g0, r.dx);
            page.text.translate(r.dx, 0, t0);
        }
    }
    page.glyphs += fixed.glyphs;
    if (r.footerStyle >= 0) {
        // As addRunningHeads() put it: one line at (footerX, footerY), then the page's move.
        if (!st->ts) {
            st->ts = std::make_unique<Typesetter>();
        }
        ParaStyle style = m_styles.at(r.footerStyle);
        style.font = style.font.resolve(QFont()); // a private copy (see linesOf)
        const QList<TypesetLine> lines = st->ts->typeset(r.footer, style, r.footerWidth, false);
        if (!lines.isEmpty()) {
            const qsizetype g0 = page.glyphs.size();
            appendGlyphsAt(&page, lines.first().glyphs, QPointF(r.footerX, r.footerY));
            if (r.dx != 0) {
                shiftGlyphs(page.glyphs, g0, r.dx);
            }
        }
    }
    while (st->pages.size() >= kPagesCached) {
        st->pages.removeLast();
    }
    st->pages.prepend({i, page});
    return page;
}

PageList PageSink::freeze()
{
    if (eager) {
        return PageList(std::move(pages));
    }
    if (qEnvironmentVariableIntValue("OKB_LAZY_STATS") == 1) {
        qsizetype placements = 0, regions = 0, rules = 0, glyphs = 0, chars = 0;
        for (const PageRecipe &r : std::as_const(recipes)) {
            placements += r.placements.size();
        }
        for (const LaidOutPage &p : std::as_const(pages)) {
            regions += p.pairs.size();
            rules += p.rules.size();
            glyphs += p.glyphs.size();
        }
        for (qsizetype k = 0; k < sources.size(); ++k) {
            chars += sources.at(k).piece < 0 ? texts.text(sources.at(k), int(k)).size() : 0;
        }
        qInfo("lazy pages: %lld pages, %lld paragraphs (%lld styles, whole blocks %lld chars), %lld placements, %lld pair regions, %lld rules, %lld glyph runs",
              qlonglong(pages.size()), qlonglong(sources.size()), qlonglong(styles.size()), qlonglong(chars), qlonglong(placements), qlonglong(regions),
              qlonglong(rules), qlonglong(glyphs));
        // bytes held (list capacities; a glyph run's own data estimated from its glyph count)
        qsizetype recipeBytes = recipes.capacity() * qsizetype(sizeof(PageRecipe)), pageBytes = pages.capacity() * qsizetype(sizeof(LaidOutPage));
        qsizetype glyphBytes = 0;
        for (const PageRecipe &r : std::as_const(recipes)) {
            recipeBytes += r.placements.capacity() * qsizetype(sizeof(Placement)) + (r.placements.capacity() ? 32 : 0) + r.footer.capacity() * 2;
        }
        for (const LaidOutPage &p : std::as_const(pages)) {
            pageBytes += p.pairs.capacity() * qsizetype(sizeof(PairRegion)) + p.rules.capacity() * qsizetype(sizeof(RuleItem)) + p.glyphs.capacity() * qsizetype(sizeof(GlyphItem));
            for (const GlyphItem &g : p.glyphs) {
                glyphBytes += 200 + g.run.glyphIndexes().size() * 20;
            }
        }
        qInfo("lazy pages bytes: recipes %.1f MB, fixed pages %.1f MB (+ glyph runs ~%.1f MB), sources %.1f MB",
              recipeBytes / 1e6, pageBytes / 1e6, glyphBytes / 1e6, sources.capacity() * double(sizeof(ParaSource)) / 1e6);
    }
    return PageList(std::make_shared<const LazyPages>(std::move(pages), std::move(recipes), std::move(sources), std::move(texts), std::move(styles)));
}

// Places typeset paragraphs onto pages in one flow: widow/orphan control (>= 2 lines on each
// side of a break), headings kept with the next paragraph, keep-together groups (interlinear
// pairs), page breaks before the original.
class Paginator
{
public:
    Paginator(LaidOutDocument *doc, PageSink *sink, const QRectF &body, RegionTracker *regions)
        : m_doc(doc)
        , m_sink(sink)
        , m_body(body)
        , m_regions(regions)
    {
        newPage();
    }

    QList<Language> pageLanguages;

    // Places paras[from, to) after what was placed before; the paragraphs up to four after `to`
    // must be typeset already (keep-with-next looks ahead). Placed paragraphs give their lines up.
    void place(QList<Para> &paras, int from = 0, int to = -1)
    {
        if (to < 0) {
            to = paras.size();
        }
        for (int i = from; i < to; ++i) {
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
            // paragraph must be kept with; a short keep-together group moves as a whole.
            double need = before + minStart(paras, i, 0);
            if (p.groupHeight > 0 && p.groupHeight < m_body.height() / 3) {
                need = std::max(need, before + p.groupHeight);
            }
            if (m_y + need > m_body.bottom() + 0.01 && m_y > m_body.top() + 0.01) {
                newPage();
                before = 0;
                pageLanguages.last() = p.language;
            }
            m_y += before;

            LaidOutBlock lb;
            lb.language = p.language;
            lb.block = p.block;
            lb.offset = p.offset;
            lb.pair = p.pair;
            lb.kind = p.kind;
            lb.page = m_sink->size() - 1;
            lb.y = m_y;
            lb.textIndex = m_sink->textSize(lb.page);
            for (const TypesetLine &l : p.lines) {
                lb.length += l.boxTotal();
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
                    putLines(p, li, rest, &lb);
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
                    putLines(p, li, take, &lb);
                    li += take;
                }
                newPage();
                pageLanguages.last() = p.language;
                if (li == 0) {
                    // Nothing was placed: the paragraph starts on this new page.
                    lb.page = m_sink->size() - 1;
                    lb.y = m_y;
                    lb.textIndex = 0;
                    if (p.tocLevel >= 0) {
                        m_doc->toc.last().page = lb.page;
                        m_doc->toc.last().y = m_y;
                    }
                }
            }
            if (!p.noText) {
                m_doc->blocks.append(lb);
            }
            if (p.ruleAfter) {
                const double ry = m_y + p.spaceAfter * 0.45;
                const double w = p.kind == BlockKind::Heading ? m_body.width() : m_body.width() * 0.3;
                m_sink->pages.last().rules.append(RuleItem{QRectF(m_body.center().x() - w / 2, ry, w, 0.4), QColor(0x66, 0x66, 0x66)});
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

    void putLines(Para &p, int from, int count, LaidOutBlock *lb)
    {
        const int pageIndex = m_sink->size() - 1;
        for (int k = from; k < from + count; ++k) {
            m_sink->putLine(pageIndex, p, k, QPointF(m_body.left(), m_y), m_regions, lb);
            m_y += p.lines.at(k).pitch;
        }
        m_pageFresh = false;
    }

    void newPage()
    {
        m_sink->newPage();
        pageLanguages.append(pageLanguages.isEmpty() ? Language::English : pageLanguages.last());
        m_y = m_body.top();
        m_pageFresh = true;
    }

    LaidOutDocument *m_doc;
    PageSink *m_sink;
    QRectF m_body;
    RegionTracker *m_regions;
    double m_y = 0;
    bool m_pageFresh = true;
};

// One aligned pair (or a run of unaligned blocks) in the bilingual modes: its paragraphs per
// language.
struct BiUnit {
    int pair = -1;
    unsigned faults = NoFault;
    QList<Para> en;
    QList<Para> zh;
};

// Two synchronised columns: SideBySide (both on one page) or FacingPages (left page, right
// page of a spread). Every unit starts at the same height in both columns; each column then
// flows on by itself, onto following sheets if needed, and the next unit starts below the
// longer of the two.
class ColumnPaginator
{
public:
    // leftShare: the left column's part of the width (side by side).
    ColumnPaginator(LaidOutDocument *doc, PageSink *sink, const QRectF &body, bool facing, double gutter, double leftShare, RegionTracker *regions)
        : m_doc(doc)
        , m_sink(sink)
        , m_body(body)
        , m_facing(facing)
        , m_regions(regions)
    {
        if (facing) {
            m_colWidth[0] = m_colWidth[1] = body.width();
        } else {
            m_colWidth[0] = (body.width() - gutter) * leftShare;
            m_colWidth[1] = body.width() - gutter - m_colWidth[0];
        }
        m_gutter = gutter;
        ensureSheet(0);
        m_y = body.top();
    }

    double columnWidth(int column) const
    {
        return m_colWidth[column];
    }

    QList<Language> pageLanguages;
    Language columnLanguage[2] = {Language::English, Language::Chinese};

    // Places units[from, to) after what was placed before; unit `to` (if any) must be typeset
    // already (a heading unit looks one ahead).
    void place(QList<BiUnit> &units, bool leftIsEnglish, int from = 0, int to = -1)
    {
        columnLanguage[0] = leftIsEnglish ? Language::English : Language::Chinese;
        columnLanguage[1] = leftIsEnglish ? Language::Chinese : Language::English;
        if (to < 0) {
            to = units.size();
        }
        for (int u = from; u < to; ++u) {
            BiUnit &unit = units[u];
            QList<Para> *cols[2] = {leftIsEnglish ? &unit.en : &unit.zh, leftIsEnglish ? &unit.zh : &unit.en};
            // Start here only if each column's opening lines fit (and a heading unit's
            // follower's); else both start on the next sheet.
            const bool atTop = m_y <= m_body.top() + 0.01;
            double need = 0;
            for (int c = 0; c < 2; ++c) {
                need = std::max(need, openingHeight(*cols[c], atTop));
            }
            if (u + 1 < units.size() && allKeepWithNext(unit)) {
                BiUnit &next = units[u + 1];
                double follow = 0;
                for (int c = 0; c < 2; ++c) {
                    follow = std::max(follow, openingHeight(leftIsEnglish == (c == 0) ? next.en : next.zh, false));
                }
                double own = 0;
                for (int c = 0; c < 2; ++c) {
                    own = std::max(own, totalHeight(*cols[c], atTop));
                }
                need = std::max(need, own + follow);
            }
            if (!atTop && m_y + need > m_body.bottom() + 0.01) {
                ++m_sheet;
                ensureSheet(m_sheet);
                m_y = m_body.top();
            }
            // Both columns start at the same height: the larger of their first paragraphs'
            // space above.
            if (m_y > m_body.top() + 0.01) {
                double before = 0;
                for (int c = 0; c < 2; ++c) {
                    if (!cols[c]->isEmpty()) {
                        before = std::max(before, cols[c]->first().spaceBefore);
                    }
                }
                m_y = std::min(m_y + before, m_body.bottom());
            }
            for (int c = 0; c < 2; ++c) {
                if (!cols[c]->isEmpty()) {
                    cols[c]->first().spaceBefore = 0;
                }
            }
            int endSheet = m_sheet;
            double endY = m_y;
            for (int c = 0; c < 2; ++c) {
                int sheet = m_sheet;
                double y = m_y;
                flow(*cols[c], c, &sheet, &y);
                if (sheet > endSheet || (sheet == endSheet && y > endY)) {
                    endSheet = sheet;
                    endY = y;
                }
            }
            m_sheet = endSheet;
            m_y = endY;
            ensureSheet(m_sheet);
        }
    }

private:
    static bool allKeepWithNext(const BiUnit &u)
    {
        bool any = false;
        for (const QList<Para> *l : {&u.en, &u.zh}) {
            for (const Para &p : *l) {
                if (!p.keepWithNext) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    static double openingHeight(const QList<Para> &paras, bool atTop)
    {
        if (paras.isEmpty()) {
            return 0;
        }
        const Para &p = paras.first();
        double h = atTop ? 0 : p.spaceBefore;
        const int n = p.lines.size();
        const int lines = n <= 3 ? n : 2;
        for (int k = 0; k < lines; ++k) {
            h += p.lines.at(k).pitch;
        }
        return h;
    }

    static double totalHeight(const QList<Para> &paras, bool atTop)
    {
        double h = 0;
        for (int i = 0; i < paras.size(); ++i) {
            const Para &p = paras.at(i);
            h += (i == 0 && atTop) ? 0 : p.spaceBefore;
            for (const TypesetLine &l : p.lines) {
                h += l.pitch;
            }
            h += p.spaceAfter;
        }
        return h;
    }

    int pageOf(int sheet, int column) const
    {
        return m_facing ? sheet * 2 + column : sheet;
    }
    double xOf(int column) const
    {
        return m_facing || column == 0 ? m_body.left() : m_body.left() + m_colWidth[0] + m_gutter;
    }

    void ensureSheet(int sheet)
    {
        const int need = m_facing ? sheet * 2 + 2 : sheet + 1;
        while (m_sink->size() < need) {
            const int idx = m_sink->size();
            m_sink->newPage();
            pageLanguages.append(m_facing ? columnLanguage[idx % 2] : columnLanguage[0]);
        }
    }

    void flow(QList<Para> &paras, int column, int *sheet, double *y)
    {
        for (Para &p : paras) {
            if (*y > m_body.top() + 0.01) {
                *y += p.spaceBefore;
            }
            LaidOutBlock lb;
            lb.language = p.language;
            lb.block = p.block;
            lb.offset = p.offset;
            lb.pair = p.pair;
            lb.kind = p.kind;
            for (const TypesetLine &l : std::as_const(p.lines)) {
                lb.length += l.boxTotal();
            }
            const int n = p.lines.size();
            int li = 0;
            bool started = false;
            while (li < n) {
                ensureSheet(*sheet);
                const int page = pageOf(*sheet, column);
                const double pitch = p.lines.at(li).pitch;
                const int fit = int(std::floor((m_body.bottom() - *y + 0.01) / pitch));
                const int rest = n - li;
                int take = std::min(rest, fit);
                if (take < rest && rest - take < 2 && take > 2) {
                    take = rest - 2; // no widow
                }
                if (take <= 0 && *y <= m_body.top() + 0.01) {
                    take = 1;
                }
                if (take > 0) {
                    if (!started) {
                        lb.page = page;
                        lb.y = *y;
                        lb.textIndex = m_sink->textSize(page);
                        if (p.tocLevel >= 0) {
                            m_doc->toc.append(TocEntry{p.tocTitle, p.tocLevel, page, *y});
                        }
                        started = true;
                    }
                    for (int k = li; k < li + take; ++k) {
                        m_sink->putLine(page, p, k, QPointF(xOf(column), *y), m_regions, &lb);
                        *y += p.lines.at(k).pitch;
                    }
                    li += take;
                }
                if (li < n) {
                    ++*sheet;
                    *y = m_body.top();
                }
            }
            if (!p.noText) {
                m_doc->blocks.append(lb);
            }
            if (p.ruleAfter) {
                const int page = pageOf(*sheet, column);
                const double w = m_colWidth[column] * 0.4;
                m_sink->pages[page].rules.append(
                    RuleItem{QRectF(xOf(column) + (m_colWidth[column] - w) / 2, *y + p.spaceAfter * 0.45, w, 0.4), QColor(0x66, 0x66, 0x66)});
            }
            *y += p.spaceAfter;
        }
    }

    LaidOutDocument *m_doc;
    PageSink *m_sink;
    QRectF m_body;
    bool m_facing;
    RegionTracker *m_regions;
    double m_colWidth[2] = {0, 0};
    double m_gutter = 0;
    int m_sheet = 0;
    double m_y = 0;
};

// The article as aligned units. Each segment owns its sentence plus what follows it up to the
// next segment of its block (so every character of a block is in exactly one piece), and the
// last piece of a block carries the block's "\n". Blocks no segment touches come as units of
// their own, in order; `skip` blocks (used up by the title area) are left out.
// Made as the layout's batches need them (more()), not all at once: the paragraphs of all 84k
// sentences of a 10 MB article (their text copied) were ~50 MB at the layout's peak.
class UnitMaker
{
public:
    // adjust: applied to every unit as it is made.
    UnitMaker(const Article &a, const Alignment &al, ParaBuilder &builder, const QSet<int> skip[2], std::function<void(BiUnit &)> adjust)
        : m_al(al)
        , m_builder(builder)
        , m_skip(skip)
        , m_adjust(std::move(adjust))
    {
        m_blocks[0] = &a.english;
        m_blocks[1] = &a.chinese;
        const QList<Segment> *segs[2] = {&al.english, &al.chinese};
        for (int L = 0; L < 2; ++L) {
            const QList<Segment> &sg = *segs[L];
            m_pieces[L].resize(sg.size());
            // Segments of each block, by start.
            QHash<int, QList<int>> byBlock;
            for (int k = 0; k < sg.size(); ++k) {
                const int b = sg.at(k).block;
                if (b >= 0 && b < m_blocks[L]->size()) {
                    byBlock[b].append(k);
                }
            }
            for (auto it = byBlock.begin(); it != byBlock.end(); ++it) {
                QList<int> &ks = it.value();
                std::sort(ks.begin(), ks.end(), [&](int x, int y) {
                    return sg.at(x).start < sg.at(y).start;
                });
                const int len = m_blocks[L]->at(it.key()).text.size();
                int prevEnd = 0;
                for (int j = 0; j < ks.size(); ++j) {
                    Piece pc;
                    pc.block = it.key();
                    pc.start = prevEnd;
                    pc.end = j + 1 < ks.size() ? std::clamp(sg.at(ks.at(j + 1)).start, prevEnd, len) : len;
                    pc.endsBlock = j + 1 == ks.size();
                    prevEnd = pc.end;
                    m_pieces[L][ks.at(j)] = pc;
                }
            }
        }
        findGluedHeadline(a);
    }

    // Appends the next unit(s) to *units (one pair's, with the unsegmented blocks before it);
    // false when there are none left.
    bool more(QList<BiUnit> *units)
    {
        const qsizetype before = units->size();
        while (units->size() == before && !m_done) {
            step(units);
        }
        for (qsizetype i = before; i < units->size(); ++i) {
            m_adjust((*units)[i]);
        }
        return units->size() > before;
    }

private:
    struct Piece {
        int block = -1;
        int start = 0;
        int end = 0; // exclusive, in block text
        bool endsBlock = false;
    };

    // A headline part glued to the first body line (gluedChineseHeadline(): "周恩来总理的讲话尊敬的…"
    // after the Title "在机场上欢迎巴德尔王太子"): the title area sets every part already
    // (ChineseHeader::titleLines), so the body starts after it (at sentence level the aligner has
    // cut it off as a segment of its own, at paragraph level it starts the block's paragraph).
    void findGluedHeadline(const Article &a)
    {
        const GluedHeadline glued = gluedChineseHeadline(a);
        m_gluedBlock = glued.block;
        m_gluedEnd = glued.end;
    }

    // Cuts the glued headline part (findGluedHeadline()) off the start of [*start, end) of `block`;
    // false when nothing is left to show.
    bool clipGluedHeadline(int L, int block, int *start, int end) const
    {
        if (L != 1 || block != m_gluedBlock || *start >= m_gluedEnd) {
            return true;
        }
        *start = m_gluedEnd;
        return *start < end;
    }

    Para makePara(int L, int block, int start, int end, bool endsBlock, int pair)
    {
        const Language lang = L == 0 ? Language::English : Language::Chinese;
        const QList<Block> &bl = *m_blocks[L];
        Para p = m_builder.blockPara(bl, block, lang, m_prevKind[L], 0);
        const QString full = bl.at(block).text;
        p.text = full.mid(start, end - start) + (endsBlock ? u"\n"_s : QString());
        p.blockText = full;
        p.pieceLength = end - start;
        if (!p.layoutText.isEmpty()) {
            p.layoutText = p.layoutText.mid(start, end - start) + (endsBlock ? u"\n"_s : QString());
        }
        p.offset = start;
        p.pair = pair;
        p.endMark = false;
        const bool afterGluedHeadline = L == 1 && block == m_gluedBlock && start == m_gluedEnd; // the body's real start
        if (start > 0 && !afterGluedHeadline) {
            p.style.firstIndent = 0;
            p.spaceBefore = 0;
            p.tocLevel = -1;
        }
        if (!endsBlock) {
            p.spaceAfter = 0;
        }
        m_prevKind[L] = bl.at(block).kind;
        return p;
    }

    // Blocks before `upTo` not yet shown: units of their own.
    void flushUnsegmented(QList<BiUnit> *units, int L, int upTo)
    {
        while (m_nextBlock[L] < upTo) {
            const int b = m_nextBlock[L]++;
            if (m_skip[L].contains(b)) {
                continue;
            }
            int start = 0;
            if (!clipGluedHeadline(L, b, &start, m_blocks[L]->at(b).text.size())) {
                continue;
            }
            BiUnit u;
            (L == 0 ? u.en : u.zh).append(makePara(L, b, start, m_blocks[L]->at(b).text.size(), true, -1));
            units->append(u);
        }
    }

    // One pair (and the unsegmented blocks before it), or at the end the blocks after the last.
    void step(QList<BiUnit> *units)
    {
        if (m_pair >= m_al.pairs.size()) {
            flushUnsegmented(units, 0, m_blocks[0]->size());
            flushUnsegmented(units, 1, m_blocks[1]->size());
            m_done = true;
            return;
        }
        const int pi = m_pair++;
        const AlignedPair &pair = m_al.pairs.at(pi);
        const QList<int> *idx[2] = {&pair.english, &pair.chinese};
        for (int L = 0; L < 2; ++L) {
            for (int k : *idx[L]) {
                if (k >= 0 && k < m_pieces[L].size() && m_pieces[L].at(k).block >= 0) {
                    flushUnsegmented(units, L, m_pieces[L].at(k).block);
                    break;
                }
            }
        }
        BiUnit u;
        u.pair = pi;
        u.faults = pair.faults;
        for (int L = 0; L < 2; ++L) {
            // Consecutive pieces of one block become one paragraph.
            int curBlock = -1;
            int start = 0;
            int end = 0;
            bool ends = false;
            auto emit = [&]() {
                if (curBlock >= 0 && !m_skip[L].contains(curBlock) && clipGluedHeadline(L, curBlock, &start, end)) {
                    (L == 0 ? u.en : u.zh).append(makePara(L, curBlock, start, end, ends, pi));
                }
                curBlock = -1;
            };
            for (int k : *idx[L]) {
                if (k < 0 || k >= m_pieces[L].size() || m_pieces[L].at(k).block < 0) {
                    continue;
                }
                const Piece &pc = m_pieces[L].at(k);
                if (pc.block == curBlock && pc.start == end) {
                    end = pc.end;
                    ends = pc.endsBlock;
                } else {
                    emit();
                    curBlock = pc.block;
                    start = pc.start;
                    end = pc.end;
                    ends = pc.endsBlock;
                }
                if (pc.endsBlock) {
                    m_nextBlock[L] = std::max(m_nextBlock[L], pc.block + 1);
                }
            }
            emit();
        }
        if (!u.en.isEmpty() || !u.zh.isEmpty()) {
            units->append(u);
        }
    }

    const Alignment &m_al;
    ParaBuilder &m_builder;
    const QSet<int> *m_skip;
    std::function<void(BiUnit &)> m_adjust;
    const QList<Block> *m_blocks[2] = {nullptr, nullptr};
    QList<Piece> m_pieces[2];
    int m_nextBlock[2] = {0, 0};
    BlockKind m_prevKind[2] = {BlockKind::Title, BlockKind::Title};
    int m_pair = 0;
    bool m_done = false;
    int m_gluedBlock = -1; // findGluedHeadline(): the Chinese block whose start is a headline part,
    int m_gluedEnd = 0; // and where that part ends in its text
};

QColor faultColor(unsigned faults)
{
    if (faults & Truncated) {
        return QColor(0xc6, 0x28, 0x28); // red
    }
    if (faults & Omitted) {
        return QColor(0xef, 0x6c, 0x00); // orange
    }
    if (faults & Invented) {
        return QColor(0x8e, 0x24, 0xaa); // purple
    }
    if (faults & Repeated) {
        return QColor(0x15, 0x65, 0xc0); // blue
    }
    return QColor(0x9e, 0x9e, 0x9e); // grey: low confidence
}

// Puts a typeset line's glyphs on a page, moved by `offset` (line coordinates -> page coordinates).
void appendGlyphsAt(LaidOutPage *page, const QList<GlyphItem> &glyphs, const QPointF &offset)
{
    for (const GlyphItem &g : glyphs) {
        GlyphItem moved = g;
        QList<QPointF> pos = g.run.positions();
        for (QPointF &pt : pos) {
            pt += offset;
        }
        moved.run.setPositions(pos);
        moved.run.setBoundingRect(g.run.boundingRect().translated(offset));
        page->glyphs.append(moved);
    }
}

// Running header (title in small capitals over a hairline) and footer (date · page n / N).
void addRunningHeads(LaidOutDocument *doc, PageSink *sink, const Article &a, const QList<Language> &pageLanguages, const QRectF &body, const Styles &st, Typesetter &ts)
{
    const int total = sink->size();
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
    // The same head at the same place on many pages: one set of moved glyph runs, shared (their
    // positions were a copy per page, ~1 KB a page).
    QHash<std::pair<const GlyphItem *, double>, QList<GlyphItem>> placed;
    auto put = [&](LaidOutPage &page, const QList<TypesetLine> &lines, double top) {
        if (lines.isEmpty()) {
            return;
        }
        // One line only: a running head never wraps.
        const std::pair<const GlyphItem *, double> key{lines.first().glyphs.constData(), top};
        auto it = placed.constFind(key);
        if (it == placed.constEnd()) {
            LaidOutPage moved;
            appendGlyphsAt(&moved, lines.first().glyphs, QPointF(body.left(), top));
            it = placed.insert(key, moved.glyphs);
        }
        page.glyphs += *it;
    };
    const double headSize = std::min(st.enSize, st.zhSize) * 0.8;
    QSet<int> titleTops;
    for (const TocEntry &e : std::as_const(doc->toc)) {
        if (e.level == 0 && e.y < body.top() + st.enPitch * 3) {
            titleTops.insert(e.page);
        }
    }
    // Each language's head title, elided once (not per page) and only if a page shows it.
    QString heads[2];
    bool headsMade[2] = {false, false};
    for (int i = 0; i < total; ++i) {
        LaidOutPage &page = sink->pages[i];
        const Language lang = pageLanguages.value(i, Language::English);
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
        // No running head over a title: a page that opens with a top-level part (page 1's title,
        // the "Original · 原文" part in source order) or, on facing pages, the first spread's
        // right-hand page (the Chinese title) shows the full title already.
        const bool titlePage = i == 0 || (doc->facingPages && i == 1) || titleTops.contains(i);
        if (!titlePage) {
            QString &title = heads[lang == Language::English ? 0 : 1];
            if (!std::exchange(headsMade[lang == Language::English ? 0 : 1], true)) {
                title = (lang == Language::English ? a.en.title : a.zh.headline()).simplified();
                if (title.isEmpty()) {
                    title = a.displayTitle().simplified();
                }
                // Keep to one line: shorten long titles with an ellipsis. A title that surely fits
                // (an upper bound of Qt's advance, from the font's cmap and hmtx) is left as
                // elidedText() would leave it, without shaping it through Qt: that loads the
                // outline of each of its glyphs (a Chinese title's ideographs: ~0.7 MiB of the
                // CJK font resident, which the layout's own shaping does not need).
                const double limit = body.width() * 0.92;
                const double bound = ts.advanceBound(title, hs.font);
                if (bound < 0 || bound > limit) {
                    // (Measured with the font typeset() will use for such text: see Typesetter::fontFor().)
                    const QFontMetricsF fm(ts.fontFor(hs.font, QString(title + QChar(0x2026))), ts.device());
                    title = fm.elidedText(title, Qt::ElideRight, limit);
                }
            }
            const double headTop = body.top() - hs.pitch - headSize * 1.1;
            put(page, typesetOne(title, hs), headTop);
            page.rules.append(RuleItem{QRectF(body.left(), body.top() - headSize * 0.9, body.width(), 0.35), QColor(0x88, 0x88, 0x88)});
        }
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
        if (sink->eager) {
            put(page, typesetOne(foot, fs), body.bottom() + headSize * 2.2);
        } else {
            PageRecipe &r = sink->recipes[i];
            r.footer = foot;
            r.footerStyle = sink->styleIndex(fs);
            r.footerX = body.left();
            r.footerY = body.bottom() + headSize * 2.2;
            r.footerWidth = body.width();
        }
    }
}

// The second typesetting thread. It lives as long as the process (never joined, never freed: a
// thread ending after QGuiApplication would tear down its font cache too late), so its Qt font
// cache and its Typesetter stay warm from one document to the next; a new thread per layout paid
// for loading every font engine again (~30 ms, more than it saved on documents up to ~1 MB).
// One layout at a time uses it; a concurrent one typesets alone.
class TypesetWorker
{
public:
    static TypesetWorker *instance()
    {
        static TypesetWorker *const w = new TypesetWorker;
        return w;
    }
    // Runs job(typesetter) in the worker thread; false (nothing started) if another layout has it.
    bool tryStart(std::function<void(Typesetter &)> job)
    {
        if (!m_owner.try_lock()) {
            return false;
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_thread.joinable()) {
            m_quit = false;
            m_thread = std::thread([this] {
                run();
            });
        }
        m_job = std::move(job);
        m_done = false;
        m_cv.notify_all();
        return true;
    }
    void wait()
    {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_cv.wait(lock, [this] {
                return m_done;
            });
        }
        m_owner.unlock();
    }

    // Ends the worker thread (tryStart() starts a new one when next needed), unless another layout
    // is using it. What the thread holds goes with it: its Typesetter's shaping cache and Qt's
    // per-thread font engines and FreeType faces (~4.5 MiB after a 10 MB article, which a layout
    // that has typeset its last batch no longer needs; they were resident until the process
    // ended, and at the layout's memory peak). A later long layout loads its fonts in the new
    // thread again (~20-40 ms of that thread's time, while the calling thread typesets too).
    void retire()
    {
        if (!m_owner.try_lock()) {
            return;
        }
        std::thread thread;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_quit = true;
            m_cv.notify_all();
            thread = std::move(m_thread);
        }
        if (thread.joinable()) {
            thread.join();
        }
        m_owner.unlock();
    }

private:
    TypesetWorker() = default;
    void run()
    {
        Typesetter own;
        for (;;) {
            std::function<void(Typesetter &)> job;
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_cv.wait(lock, [this] {
                    return bool(m_job) || m_quit;
                });
                if (!m_job) {
                    return; // retired
                }
                job = std::move(m_job);
                m_job = nullptr;
            }
            job(own);
            std::lock_guard<std::mutex> lock(m_mutex);
            m_done = true;
            m_cv.notify_all();
        }
    }
    std::mutex m_owner; // held by the layout using the worker
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::function<void(Typesetter &)> m_job;
    std::thread m_thread; // not joinable: no worker thread now (none yet, or retired)
    bool m_quit = false;
    bool m_done = true;
};

// Pair numbers ("sentence numbers" in the settings): each aligned pair gets a small grey number in
// the margin at the height of its first line, counted in reading order, so a reader can refer to
// "pair 12" and find its other language (on the facing page, in the other column). The same pair
// has the same number wherever it continues or reappears (facing pages: on both pages of the
// spread). Drawn as glyphs, not page text: they are not part of the article, so Okular's search and
// text selection never see them.
void addPairNumbers(LaidOutDocument *doc, PageSink *sink, const QRectF &body, LayoutMode mode, const Styles &st, Typesetter &ts)
{
    const double size = st.enSize * 0.68;
    ParaStyle ns;
    ns.language = Language::English;
    ns.font = st.font(Language::English, size);
    ns.font.setFeature(QFont::Tag("tnum"), 1); // tabular figures: numbers line up in the margin
    ns.pitch = st.enPitch;
    ns.align = ParaAlign::Left;
    ns.color = QColor(0x80, 0x80, 0x80);
    const QFontMetricsF fm(ts.fontFor(ns.font, u"0123456789"), ts.device());
    QHash<int, int> numberOf;
    QHash<int, QList<TypesetLine>> shaped;
    for (int pg = 0; pg < sink->size(); ++pg) {
        LaidOutPage &page = sink->pages[pg];
        QSet<int> done; // a pair split into pieces on one page is numbered once there
        for (const PairRegion &r : std::as_const(page.pairs)) {
            if (done.contains(r.pair)) {
                continue;
            }
            done.insert(r.pair);
            auto it = numberOf.constFind(r.pair);
            if (it == numberOf.constEnd()) {
                it = numberOf.insert(r.pair, numberOf.size() + 1);
            } else if (mode != LayoutMode::FacingPages) {
                continue; // a continuation on the next page: numbered where it starts
            }
            const QString label = QString::number(*it);
            auto sh = shaped.constFind(*it);
            if (sh == shaped.constEnd()) {
                sh = shaped.insert(*it, ts.typeset(label, ns, body.width(), false));
            }
            if (sh->isEmpty()) {
                continue;
            }
            const double top = r.english.isNull() ? r.chinese.top()
                                                  : (r.chinese.isNull() ? r.english.top() : std::min(r.english.top(), r.chinese.top()));
            const double w = fm.horizontalAdvance(label);
            // Outer margin, clear of the fault bar (body.left() - 8 .. - 5, or body.right() + 5 .. + 8).
            const bool rightMargin = doc->facingPages && (pg % 2 == 1);
            const double x = rightMargin ? body.right() + 11 : body.left() - 11 - w;
            appendGlyphsAt(&page, sh->first().glyphs, QPointF(x, top));
        }
    }
}

// Whether a text is all in the first family of a font (the English body's Latin face), so that
// typesetting it loads no fallback face: printable ASCII is taken as covered, other characters are
// looked up in the face (once each). In the calling thread, whose fonts have that face already.
class LatinFaceCheck
{
public:
    explicit LatinFaceCheck(const QPaintDevice *device)
        : m_device(device)
    {
    }
    bool covers(const QFont &font, const QString &text)
    {
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            if (u >= 0x20 && u < 0x7F) {
                continue;
            }
            if (c.isSurrogate() || u < 0x20) {
                return false; // astral planes; tabs and other controls (table rows)
            }
            const auto known = m_known.constFind(u);
            if (known != m_known.constEnd()) {
                if (!*known) {
                    return false;
                }
                continue;
            }
            if (!m_raw.isValid() || !(font.families().value(0) == m_family)) {
                QFont primary(font, m_device); // the typesetter's device: its engine, not another at the screen's size
                m_family = font.families().value(0, font.family());
                primary.setFamilies({m_family});
                m_raw = QRawFont::fromFont(primary);
                m_known.clear();
            }
            const bool has = m_raw.isValid() && m_raw.supportsCharacter(QChar(u));
            m_known.insert(u, has);
            if (!has) {
                return false;
            }
        }
        return true;
    }

private:
    const QPaintDevice *const m_device;
    QString m_family;
    QRawFont m_raw;
    QHash<char16_t, bool> m_known;
};

// Typesets paragraphs (each with its measure) on two threads: the calling one with `ts` and the
// worker with its own Typesetter. Paragraphs are independent until pagination. Font objects are
// not shared between the threads: the worker typesets with a detached copy of each style font,
// and a QGlyphRun's raw font belongs to the thread that made it (its font engine lives in that
// thread's font cache), so the worker drops the raw fonts of what it made and the calling thread
// puts its own in (from GlyphItem::font and pixelSize, as paintPage() does).
// A batch of paragraphs typeset on two threads, begun before the calling thread is free for it:
// the worker starts at once, the calling thread joins in when it calls finish() (having placed
// the previous batch meanwhile, so that the worker is not idle while pages are filled). Which
// thread typesets a paragraph does not change it.
class TypesetBatch
{
public:
    TypesetBatch(QList<std::pair<Para *, double>> jobs, Typesetter &ts, bool lazy, bool latinWorker, qsizetype twoThreadsFrom = kTwoThreadChars)
        : m_jobs(std::move(jobs))
        , m_ts(ts)
        , m_lazy(lazy)
    {
        qsizetype chars = 0;
        for (const auto &job : m_jobs) {
            chars += job.first->text.size();
        }
        // Small and medium documents: handing work over costs more than it saves (measured on the
        // reference sample, 16k characters: one thread as fast, 12 MB less peak memory).
        // OKB_LAYOUT_THREADS=1 keeps everything in the calling thread (for measuring).
        static const bool oneThread = qEnvironmentVariableIntValue("OKB_LAYOUT_THREADS") == 1;
        if (oneThread || m_jobs.size() < 2 || chars < twoThreadsFrom || std::thread::hardware_concurrency() < 2) {
            return;
        }
        // Longest first, so that the two threads end together.
        m_order.resize(m_jobs.size());
        std::iota(m_order.begin(), m_order.end(), 0);
        std::stable_sort(m_order.begin(), m_order.end(), [this](int a, int b) {
            return m_jobs.at(a).first->text.size() > m_jobs.at(b).first->text.size();
        });
        // The worker takes only the paragraphs of the English body face, without characters
        // that face lacks; the calling thread typesets the rest (Chinese, titles, headings,
        // italics) first and then joins in on the English. Every face a thread uses costs it its
        // own FreeType face, HarfBuzz tables and shaping cache (Qt keeps font engines per
        // thread): the CJK faces ~1.1 and ~1.4 MiB each. 1 MB synthetic article: open peak -3.7
        // MiB in source order and interlinear, less CPU, same wall time (the Chinese paragraphs
        // are a third of the typesetting). Only for texts below kRetireChars (`latinWorker`):
        // above, the worker ends after the layout anyway, a paired layout's peak is the
        // alignment's, and the split cost the 10 MB article ~0.2 s of its open (the calling thread
        // typesets a third of the text alone) for 1-3 MiB. OKB_LAYOUT_WORKER=all / =latin force
        // either split (measuring).
        static const QString byEnv = qEnvironmentVariable("OKB_LAYOUT_WORKER");
        if (byEnv == QLatin1String("latin") || (latinWorker && byEnv != QLatin1String("all"))) {
            QList<int> english;
            LatinFaceCheck latin(m_ts.device());
            for (const int j : std::as_const(m_order)) {
                const Para &p = *m_jobs.at(j).first;
                if (p.style.language == Language::English && p.style.font.weight() == QFont::Normal && !p.style.font.italic()
                    && latin.covers(p.style.font, p.layoutText.isEmpty() ? p.text : p.layoutText)) {
                    english.append(j);
                } else {
                    m_mainOnly.append(j);
                }
            }
            if (english.isEmpty()) {
                return; // nothing for the worker: all in this thread (finish())
            }
            m_order = std::move(english);
        }
        m_byWorker.assign(m_jobs.size(), 0);
        m_started = TypesetWorker::instance()->tryStart([this](Typesetter &own) {
            for (int k = m_next++; k < m_order.size(); k = m_next++) {
                const int j = m_order.at(k);
                Para &p = *m_jobs.at(j).first;
                ParaStyle style = p.style;
                style.font = style.font.resolve(QFont()); // a copy with its own private data
                p.lines = own.typeset(p.text, style, m_jobs.at(j).second, p.endMark, p.layoutText, measureOnly(p));
                p.width = m_jobs.at(j).second;
                for (TypesetLine &l : p.lines) {
                    for (GlyphItem &g : l.glyphs) {
                        g.run.setRawFont(QRawFont());
                    }
                }
                m_byWorker[j] = 1;
            }
        });
    }
    TypesetBatch(const TypesetBatch &) = delete;
    TypesetBatch &operator=(const TypesetBatch &) = delete;
    ~TypesetBatch()
    {
        finish();
    }
    // Typesets what the worker has not taken, in the calling thread; returns when all are done.
    void finish()
    {
        if (m_finished) {
            return;
        }
        m_finished = true;
        if (!m_started) {
            for (const auto &job : m_jobs) {
                one(m_ts, *job.first, job.second);
            }
            return;
        }
        for (const int j : std::as_const(m_mainOnly)) {
            one(m_ts, *m_jobs.at(j).first, m_jobs.at(j).second);
        }
        for (int k = m_next++; k < m_order.size(); k = m_next++) {
            const int j = m_order.at(k);
            one(m_ts, *m_jobs.at(j).first, m_jobs.at(j).second);
        }
        TypesetWorker::instance()->wait();
        QHash<QString, QRawFont> raws;
        QFont lastFont;
        double lastSize = -1;
        QRawFont lastRaw;
        for (int j = 0; j < m_jobs.size(); ++j) {
            if (!m_byWorker[j]) {
                continue;
            }
            for (TypesetLine &l : m_jobs.at(j).first->lines) {
                for (GlyphItem &g : l.glyphs) {
                    if (g.pixelSize != lastSize || !(g.font == lastFont)) {
                        const QString key = Detail::faceSizeKey(g.font, g.pixelSize);
                        auto it = raws.constFind(key);
                        if (it == raws.constEnd()) {
                            QRawFont raw = QRawFont::fromFont(g.font);
                            if (raw.isValid() && g.pixelSize > 0) {
                                raw.setPixelSize(g.pixelSize);
                            }
                            it = raws.insert(key, raw);
                        }
                        lastFont = g.font;
                        lastSize = g.pixelSize;
                        lastRaw = *it;
                    }
                    g.run.setRawFont(lastRaw);
                }
            }
        }
    }

private:
    // lazy: the pages are lazy (PageSink::eager false), so the paragraphs a page only records
    // (kEagerParagraph) are typeset without glyphs and boxes, measured for pagination only: making
    // them cost a fifth of the layout of the 10 MB article, and they were dropped at once.
    bool measureOnly(const Para &p) const
    {
        return m_lazy && p.text.size() <= kEagerParagraph;
    }
    void one(Typesetter &t, Para &p, double width) const
    {
        // OKB_LAYOUT_TIMING=1: each paragraph's typesetting time in the calling thread, on stderr
        // (where the first use of each font face goes).
        static const bool timing = qEnvironmentVariableIntValue("OKB_LAYOUT_TIMING") == 1;
        QElapsedTimer timer;
        if (timing) {
            timer.start();
        }
        p.lines = t.typeset(p.text, p.style, width, p.endMark, p.layoutText, measureOnly(p));
        p.width = width;
        if (timing) {
            fprintf(stderr, "typeset %.3f ms: %s, %lld characters, %s\n", timer.nsecsElapsed() / 1e6, p.style.language == Language::English ? "en" : "zh",
                    static_cast<long long>(p.text.size()), qPrintable(p.style.font.key()));
        }
    }
    const QList<std::pair<Para *, double>> m_jobs;
    Typesetter &m_ts;
    const bool m_lazy;
    QList<int> m_order;
    QList<int> m_mainOnly; // typeset by the calling thread only (faces the worker does not load)
    std::vector<char> m_byWorker;
    std::atomic<int> m_next{0};
    bool m_started = false;
    bool m_finished = false;
};

// After a very long text's last batch (whatever follows is small and typeset in the calling
// thread): the worker thread ends, and what it held goes back to the system now, before the
// layout's memory peak at its end (the freed memory of a thread's malloc arena stays resident
// until trimmed). Only from kRetireChars on: the next long layout in the process loads the
// worker's fonts again (okb-bench, 1 MB synthetic article: its second open in the process was
// ~40-80 ms slower of ~300 with the worker retired, for 1 MiB less open peak); for a 10 MB
// article that is ~1-2 % of an open, for ~5 MiB less peak. OKB_LAYOUT_RETIRE=0 keeps the worker,
// =1 retires it after any two-thread layout (measuring).
void retireWorker(qsizetype layoutChars)
{
    static const int byEnv = qEnvironmentVariableIsSet("OKB_LAYOUT_RETIRE") ? qEnvironmentVariableIntValue("OKB_LAYOUT_RETIRE") : -1;
    if (byEnv == 0 || layoutChars < (byEnv == 1 ? kTwoThreadChars : kRetireChars)) {
        return;
    }
    TypesetWorker::instance()->retire();
    malloc_trim(0);
    memoryNote("worker retired");
}

void typesetParallel(const QList<std::pair<Para *, double>> &jobs, Typesetter &ts, bool lazy, bool latinWorker, qsizetype twoThreadsFrom = kTwoThreadChars)
{
    TypesetBatch(jobs, ts, lazy, latinWorker, twoThreadsFrom).finish();
}

// Whether the pages of an article whose body has `chars` characters are kept whole (eager) or as
// recipes (lazy): LayoutSettings::PageStorage, OKB_EAGER_PAGES=1/0 overriding Auto.
bool keepPagesEager(qsizetype chars, LayoutSettings::PageStorage storage)
{
    if (storage == LayoutSettings::PageStorage::Auto) {
        static const int byEnv = qEnvironmentVariableIsSet("OKB_EAGER_PAGES") ? qEnvironmentVariableIntValue("OKB_EAGER_PAGES") : -1;
        if (byEnv >= 0) {
            return byEnv == 1;
        }
        return chars <= LayoutSettings::kEagerPagesMaxChars;
    }
    return storage == LayoutSettings::PageStorage::Eager;
}

} // namespace

void warmUpLayout(const LayoutSettings &settings, bool titleFaces)
{
    Typesetter ts(Typesetter::Caches::ThreadKept);
    const Styles st(ts, settings);
    for (const Language lang : {Language::English, Language::Chinese}) {
        ParaStyle style = st.body(lang);
        style.hyphenate = false; // the hyphenation dictionary has its own loader
        // English without Han: English text is set in the Latin face alone, and a Han character
        // would load the English font's CJK fallback (another engine, and fontconfig's fallback
        // list for the Latin face) for text that may have none (Typesetter::fontFor()).
        ts.typeset(lang == Language::English ? u"Warm up: \u201Cquotes\u201D 1951"_s : u"Warm up: \u4E2D\u6587\uFF0C\u201C\u5F15\u53F7\u201D\u3002 1951"_s,
                   style,
                   200);
        // Every article has a title (bold, in each language's face) and a meta line (italic in
        // English): each further face costs its first use again (~1-2 ms, the CJK bold face the
        // most), at the sizes ParaBuilder::beginHalf() gives them.
        // (Each in its own script: an English title with Han in it would also load the CJK bold
        // face as its fallback, which the layout then may not need.)
        if (!titleFaces) {
            continue;
        }
        style.font = st.font(lang, st.size(lang) * 1.55, QFont::Bold);
        ts.typeset(lang == Language::English ? u"Title 1951"_s : u"\u4E2D\u6587\u6807\u9898"_s, style, 200);
        if (lang == Language::English) {
            style.font = st.font(lang, st.size(lang) * 0.88, QFont::Normal, true);
            ts.typeset(u"Date 1951"_s, style, 200);
        }
    }
}

namespace
{
// The page (A4 when the settings' size is unusable) and its text block (default margins when the
// settings' would leave too little of it).
struct PageFrame {
    QSizeF size;
    QMarginsF margins;
    QRectF body;
};
PageFrame pageFrame(const LayoutSettings &settings)
{
    QSizeF size = settings.pageSize.size(QPageSize::Point);
    if (!size.isValid() || size.width() < 100 || size.height() < 100) {
        size = QPageSize(QPageSize::A4).size(QPageSize::Point);
    }
    QMarginsF m = settings.marginsMm * kMmToPt;
    // Keep a usable text block whatever the margins say.
    if (m.left() < 0 || m.top() < 0 || m.right() < 0 || m.bottom() < 0 || m.left() + m.right() > size.width() * 0.7
        || m.top() + m.bottom() > size.height() * 0.7) {
        m = QMarginsF(22, 20, 22, 22) * kMmToPt;
    }
    return {size, m, QRectF(m.left(), m.top(), size.width() - m.left() - m.right(), size.height() - m.top() - m.bottom())};
}

// Facing pages: Chinese takes about half the room of its translation; it is set larger (up to
// 1.3x) so that the two pages of a spread fill alike. The Chinese point size.
double facingCjkPointSize(const LayoutSettings &settings, qsizetype enChars, qsizetype zhChars)
{
    if (enChars > 0 && zhChars > 0) {
        const double area = std::sqrt(double(enChars) * 0.48 / (double(zhChars) * 1.14));
        return settings.cjkPointSize * std::clamp(area * settings.latinPointSize / settings.cjkPointSize, 1.0, 1.3);
    }
    return settings.cjkPointSize;
}

// Side by side: each language gets a column width in proportion to the room its text needs (a
// Han character is about two Latin letters wide), within 45-62 %. The English column's share.
double sideBySideEnglishShare(qsizetype enChars, qsizetype zhChars, double enSize, double zhSize)
{
    const double enRoom = double(enChars) * enSize * 0.48;
    const double zhRoom = double(zhChars) * zhSize;
    const double enShare = enRoom + zhRoom > 0 ? enRoom / (enRoom + zhRoom) : 0.5;
    return std::clamp(enShare, 0.45, 0.62);
}

// What line breaking will need for `article` (preloadLineBreaking()): {hyphenation, Chinese words}.
// The Chinese words only break a Chinese title over lines (ParaStyle::wordBreaks): asked for only
// when the title may not fit on one line with an em to spare at the size and in the column this
// mode sets it in (Detail::mayNeedWordBreaks(): an upper bound of its width; ParaBuilder::addHeader()
// and layoutArticle() give the measures). Should it need them after all (another title, a layout
// without alignment), the layout loads them itself: the same lines, later. Most titles fit: the
// dictionary is ~1.1 MiB resident (its pages, ICU's dictionary code, NFKC data) and ~5 ms.
std::pair<bool, bool> breakingNeeds(const Article &article, const LayoutSettings &settings)
{
    bool chineseWords = article.hasChinese() && settings.mode != LayoutMode::EnglishOnly;
    if (chineseWords) {
        // The title addHeader() sets: the headline's parts, else the body's title block, else the
        // header's.
        const QStringList titles = article.zh.titleLines.size() > 1 ? article.zh.titleLines
            : !article.chinese.isEmpty() && article.chinese.first().kind == BlockKind::Title ? QStringList{article.chinese.first().text}
                                                                                               : QStringList{article.zh.title.simplified()};
        const qsizetype enChars = Article::textSize(article.english);
        const qsizetype zhChars = Article::textSize(article.chinese);
        const double cjkPointSize = settings.mode == LayoutMode::FacingPages ? facingCjkPointSize(settings, enChars, zhChars) : settings.cjkPointSize;
        const double zhSize = cjkPointSize > 3 ? cjkPointSize : 10.5; // Styles
        const double enSize = settings.latinPointSize > 3 ? settings.latinPointSize : 10.5;
        const QRectF body = pageFrame(settings).body;
        double column = body.width();
        if (settings.mode == LayoutMode::SideBySide) {
            column = (body.width() - enSize * 2) * (1 - sideBySideEnglishShare(enChars, zhChars, enSize, zhSize));
        }
        // addHeader(): a title is 1.55x the body size, indented twice the body size on each side.
        chineseWords = std::any_of(titles.cbegin(), titles.cend(), [&](const QString &title) {
            return Detail::mayNeedWordBreaks(title, zhSize * 1.55, column - zhSize * 4);
        });
    }
    return {settings.hyphenate && article.hasEnglish() && settings.mode != LayoutMode::ChineseOnly, chineseWords};
}
} // namespace

bool Detail::chineseTitleMayNeedWords(const Article &article, const LayoutSettings &settings)
{
    return breakingNeeds(article, settings).second;
}

void preloadLineBreaking(const Article &article, const LayoutSettings &settings)
{
    const auto [hyphenation, chineseWords] = breakingNeeds(article, settings);
    Detail::preloadBreaking(hyphenation, chineseWords);
}

LaidOutDocument layoutArticle(const Article &article, const Alignment *alignment, const LayoutSettings &settings)
{
    OpenTrace::Phase tracePhase("layout-setup");
    memoryNote("start");
    LaidOutDocument doc;
    const PageFrame frame = pageFrame(settings);
    const QSizeF size = frame.size;
    doc.pageSize = size;
    const QMarginsF m = frame.margins;
    const QRectF body = frame.body;

    // What line breaking needs the first time in a process (ICU's rules and Chinese word
    // dictionary, the hyphenation dictionary: ~12 ms) loads in another thread while this one
    // pays for the fonts; even a short text needs the hyphenation dictionary as soon as one line
    // is loose. Already loaded (a caller preloaded it, or an earlier layout): no thread.
    // The body's characters per language (headers and glossary are small beside it).
    const qsizetype enChars = Article::textSize(article.english);
    const qsizetype zhChars = Article::textSize(article.chinese);
    const qsizetype layoutChars = enChars + zhChars;
    const bool latinWorker = layoutChars < kRetireChars; // the layout worker's share (TypesetBatch)
    std::thread breakingLoader;
    const auto [needsHyphenation, needsChineseWords] = breakingNeeds(article, settings);
    if (std::thread::hardware_concurrency() > 1 && !Detail::breakingPreloaded(needsHyphenation, needsChineseWords)) {
        breakingLoader = std::thread([&article, &settings] {
            OpenTrace::Phase breakingPhase("layout-preload-breaking");
            preloadLineBreaking(article, settings);
        });
    }
    // After a long alignment its working memory is free but resident, in holes between what it
    // keeps (the pairs, the segments) that the layout only partly fills again: give it back now,
    // before the layout's peak at its end (1 MB synthetic article, paired modes: open peak -0.8 to
    // -1.1 MiB; ~1 ms).
    if (alignment && layoutChars >= kTwoThreadChars) {
        malloc_trim(0);
        memoryNote("trimmed before");
    }
    // A text long enough for the second typesetting thread: one mapping of each large font file
    // for all threads (before the worker first loads them).
    if (std::thread::hardware_concurrency() > 1 && layoutChars >= kTwoThreadChars) {
        QElapsedTimer timer;
        timer.start();
        const int files = Detail::shareFontFiles({settings.cjkFamily, settings.latinFamily});
        if (qEnvironmentVariableIntValue("OKB_LAYOUT_MEMORY") == 1) {
            fprintf(stderr, "%d font files shared in %.1f ms\n", files, timer.nsecsElapsed() / 1e6);
        }
        memoryNote("fonts shared");
    }
    Typesetter ts(Typesetter::Caches::ThreadKept);
    LayoutSettings tuned = settings;
    if (settings.mode == LayoutMode::FacingPages && alignment) {
        tuned.cjkPointSize = facingCjkPointSize(settings, enChars, zhChars);
    }
    tracePhase.next("layout-styles");
    const Styles st(ts, tuned);
    tracePhase.next("layout-build");
    QList<Para> paras;
    ParaBuilder builder(st, &paras);
    RegionTracker regions;
    QList<Language> pageLanguages;
    PageSink sink(keepPagesEager(layoutChars, settings.pageStorage));
    sink.texts.blocks[0] = article.english; // shared with the article, not copied
    sink.texts.blocks[1] = article.chinese;

    const bool en = article.hasEnglish();
    const bool zh = article.hasChinese();
    LayoutMode mode = settings.mode;
    // Long texts are typeset and placed in batches of about kBatch characters (output checked
    // identical with 3k, 40k, 64k, 128k, 256k, all): a typeset paragraph holds ~40 B per character
    // (boxes, glyphs) until it is placed, so the batch is the layout's working memory, on top of
    // what it keeps (10 MB synthetic, SourceOrder: peak 111 MiB with 256k, 106 with 128k, 104.5
    // with 64k). In a long text every batch goes to both threads.
    // Up to kRetireChars, batches of 64k: with two batches in flight (one placed while the next
    // is typeset) the 1 MB synthetic article's open peak is 0.9-1.7 MiB lower in the paired
    // modes than with 128k, at the same CPU time; for the 10 MB one 64k cost 7 % more CPU for
    // 0.2-1 MiB.
    static const qsizetype batchByEnv = qEnvironmentVariableIntValue("OKB_LAYOUT_BATCH");
    const qsizetype kBatch = batchByEnv > 0 ? batchByEnv : (layoutChars < kRetireChars ? 64 * 1024 : 128 * 1024);
    const qsizetype twoThreadsFrom = layoutChars >= kTwoThreadChars ? kBatch / 4 : kTwoThreadChars;
    const bool bilingual = mode == LayoutMode::Interlinear || mode == LayoutMode::SideBySide || mode == LayoutMode::FacingPages;
    if (bilingual && (!alignment || !en || !zh)) {
        mode = LayoutMode::SourceOrder; // nothing to align: show the file as it is
    }
    {
        // The lists that grow with every paragraph, at about their final size: grown by doubling
        // they had up to half again as much room unused at the end, where the peak is (80k
        // paragraphs of a 10 MB article: ~6 MB).
        qsizetype estimate = article.english.size() + article.chinese.size() + 16;
        if (mode != LayoutMode::SourceOrder && mode != LayoutMode::EnglishOnly && mode != LayoutMode::ChineseOnly) {
            estimate = std::max(estimate, alignment->english.size() + alignment->chinese.size() + 16);
        }
        if (estimate > 4096) {
            doc.blocks.reserve(estimate);
            if (!sink.eager) {
                sink.sources.reserve(estimate);
            }
        }
    }
    unsigned faultsSeen = 0;
    double gutterMiddle = body.center().x();
    auto typesetAll = [&](QList<Para> &list, double width) {
        QList<std::pair<Para *, double>> jobs;
        jobs.reserve(list.size());
        for (Para &p : list) {
            jobs.append({&p, width});
        }
        typesetParallel(jobs, ts, !sink.eager, latinWorker);
    };
    // Legend for the fault bars (drawn, not text): one line per kind of fault in the document,
    // in the colour of its bars, so that the colours can be told apart.
    auto legendParas = [&](unsigned faults) {
        const struct {
            unsigned bit;
            QString label;
        } kinds[] = {
            {Omitted, i18nc("fault legend", "omitted in English")},
            {Truncated, i18nc("fault legend", "truncated")},
            {Invented, i18nc("fault legend", "not in the original")},
            {Repeated, i18nc("fault legend", "repeated")},
            {LowConfidence, i18nc("fault legend", "uncertain alignment")},
        };
        QList<Para> list;
        for (const auto &k : kinds) {
            if (!(faults & k.bit)) {
                continue;
            }
            Para p;
            p.language = Language::English;
            p.kind = BlockKind::Caption;
            p.text = i18nc("fault legend prefix", "Margin bars:") + u' ' + k.label;
            p.style.language = Language::English;
            p.style.font = st.font(Language::English, st.enSize * 0.78, QFont::Normal, true);
            p.style.pitch = st.enSize * 1.1;
            p.style.align = ParaAlign::Center;
            p.style.color = faultColor(k.bit);
            p.noText = true;
            p.endMark = false;
            list.append(p);
        }
        if (!list.isEmpty()) {
            list.last().spaceAfter = st.enPitch * 0.6;
        }
        return list;
    };

    if (mode == LayoutMode::Interlinear || mode == LayoutMode::SideBySide || mode == LayoutMode::FacingPages) {
        // Title area: both headers (the body's title blocks are used up there).
        QList<Para> enHead;
        QList<Para> zhHead;
        QSet<int> skip[2];
        {
            ParaBuilder hb(st, &enHead);
            const int firstEn = hb.addHeader(article, Language::English, 0, true);
            for (int i = 0; i < firstEn; ++i) {
                skip[0].insert(i);
            }
        }
        {
            ParaBuilder hb(st, &zhHead);
            const int firstZh = hb.addHeader(article, Language::Chinese, 0, false);
            for (int i = 0; i < firstZh; ++i) {
                skip[1].insert(i);
            }
        }
        for (const AlignedPair &pr : alignment->pairs) {
            faultsSeen |= pr.faults;
        }
        if (!settings.faultMarks) {
            faultsSeen = 0;
        }
        const double zhIndent = st.zhSize * 1.0;
        // The units not placed yet (made as the batches need them).
        QList<BiUnit> units;
        UnitMaker unitMaker(article, *alignment, builder, skip, [&](BiUnit &u) {
            for (Para &p : u.zh) {
                p.tocLevel = -1; // the TOC follows the English headings
                if (mode == LayoutMode::Interlinear) {
                    p.style.color = QColor(0x1a, 0x3a, 0x6b);
                    p.style.leftIndent += zhIndent;
                }
            }
        });
        if (mode == LayoutMode::Interlinear) {
            paras = enHead;
            paras += zhHead;
            if (faultsSeen) {
                paras += legendParas(faultsSeen);
            }
            {
                tracePhase.next("layout-heads-typeset");
                QList<std::pair<Para *, double>> jobs;
                for (Para &p : paras) {
                    jobs.append({&p, body.width()});
                }
                typesetParallel(jobs, ts, !sink.eager, latinWorker);
                tracePhase.next("layout-units");
            }
            // The pairs are typeset and placed in batches of about 256k characters (as the
            // single-flow modes are), their paragraphs moved (not copied) into the flow, so that
            // a typeset paragraph's boxes are freed once it is on its page.
            constexpr int kLookahead = 5; // keep-with-next chains look at most 4 paragraphs ahead
            Paginator pager(&doc, &sink, body, &regions);
            int placed = 0;
            int u0 = 0;
            // The units [from, *to) of about kBatch characters (made as needed), their typesetting
            // begun. (The worker holds pointers to their paragraphs: moving a unit in `units`
            // moves its lists' handles, not the paragraphs.)
            const auto startBatch = [&](int from, int *to) {
                int u1 = from;
                qsizetype chars = 0;
                QList<std::pair<Para *, double>> jobs;
                while (chars < kBatch && (u1 < units.size() || unitMaker.more(&units))) {
                    for (QList<Para> *list : {&units[u1].en, &units[u1].zh}) {
                        for (Para &p : *list) {
                            jobs.append({&p, body.width()});
                            chars += p.text.size();
                        }
                    }
                    ++u1;
                }
                *to = u1;
                return std::make_unique<TypesetBatch>(std::move(jobs), ts, !sink.eager, latinWorker, twoThreadsFrom);
            };
            int u1 = 0;
            std::unique_ptr<TypesetBatch> batch = (u0 < units.size() || unitMaker.more(&units)) ? startBatch(u0, &u1) : nullptr;
            while (batch) {
                tracePhase.next("layout-typeset");
                batch->finish();
                tracePhase.next("layout-units-paginate");
                // the worker typesets the next batch while this one is put on pages
                int u2 = u1;
                std::unique_ptr<TypesetBatch> next = (u1 < units.size() || unitMaker.more(&units)) ? startBatch(u1, &u2) : nullptr;
                for (int ui = u0; ui < u1; ++ui) {
                    BiUnit &u = units[ui];
                    const int enCount = u.en.size();
                    QList<Para> group;
                    group.reserve(u.en.size() + u.zh.size());
                    for (QList<Para> *list : {&u.en, &u.zh}) {
                        for (Para &p : *list) {
                            group.append(std::move(p));
                        }
                        list->clear();
                    }
                    double h = 0;
                    for (int i = 1; i < group.size(); ++i) {
                        group[i].spaceBefore = group.at(i).kind == BlockKind::Heading ? group.at(i).spaceBefore * 0.3 : 0;
                        group[i - 1].spaceAfter = std::min(group.at(i - 1).spaceAfter, st.enPitch * 0.15);
                    }
                    for (int i = 0; i < group.size(); ++i) {
                        Para &p = group[i];
                        h += (i ? p.spaceBefore : 0) + p.spaceAfter;
                        for (const TypesetLine &l : p.lines) {
                            h += l.pitch;
                        }
                    }
                    if (!group.isEmpty()) {
                        // A little air between pairs; the English stays with its Chinese.
                        if (group.first().kind != BlockKind::Heading) {
                            group.first().spaceBefore = std::max(group.first().spaceBefore, st.enPitch * 0.45);
                        }
                        group.first().groupHeight = h;
                        if (enCount > 0 && group.size() > enCount) {
                            group[enCount - 1].keepWithNext = true;
                        }
                    }
                    for (Para &p : group) {
                        paras.append(std::move(p));
                    }
                }
                units.remove(0, u1); // moved into paras
                u2 -= u1;
                u0 = 0;
                const int upTo = std::max(placed, int(paras.size()) - kLookahead);
                pager.place(paras, placed, upTo);
                // Placed: their lines are on the pages (or in the recipes), the rest is not needed
                // (84k spent paragraphs of a 10 MB article were 28 MB until the layout's end).
                paras.remove(0, upTo);
                placed = 0;
                memoryNote("batch");
                batch = std::move(next);
                u1 = u2;
            }
            retireWorker(layoutChars);
            tracePhase.next("layout-glossary-paginate");
            {
                QList<Para> gloss;
                ParaBuilder gb(st, &gloss);
                gb.addGlossary(article, 0);
                typesetAll(gloss, body.width());
                for (Para &p : gloss) {
                    paras.append(std::move(p));
                }
            }
            pager.place(paras, placed, paras.size());
            pageLanguages = pager.pageLanguages;
        } else {
            const bool facing = mode == LayoutMode::FacingPages;
            const bool leftEnglish = facing || !settings.chineseFirstInColumns;
            const double enShare = sideBySideEnglishShare(enChars, zhChars, st.enSize, st.zhSize);
            ColumnPaginator pager(&doc, &sink, body, facing, st.enSize * 2, leftEnglish ? enShare : 1 - enShare, &regions);
            gutterMiddle = body.left() + pager.columnWidth(0) + st.enSize;
            const double wEn = pager.columnWidth(leftEnglish ? 0 : 1);
            const double wZh = pager.columnWidth(leftEnglish ? 1 : 0);
            BiUnit head;
            head.en = enHead;
            head.zh = zhHead;
            if (faultsSeen) {
                (leftEnglish ? head.en : head.zh) += legendParas(faultsSeen);
            }
            {
                tracePhase.next("layout-heads-typeset");
                QList<std::pair<Para *, double>> jobs;
                for (Para &p : head.en) {
                    jobs.append({&p, wEn});
                }
                for (Para &p : head.zh) {
                    jobs.append({&p, wZh});
                }
                typesetParallel(jobs, ts, !sink.eager, latinWorker);
                tracePhase.next("layout-units");
            }
            units.prepend(std::move(head));
            // Typeset and placed in batches of about 256k characters (as the single-flow modes
            // are): a unit's boxes are freed once it is on its pages.
            int placed = 0;
            int u0 = 1;
            // As in the interlinear mode: the next batch is typeset while this one is placed.
            const auto startBatch = [&](int from, int *to) {
                int u1 = from;
                qsizetype chars = 0;
                QList<std::pair<Para *, double>> jobs;
                while (chars < kBatch && (u1 < units.size() || unitMaker.more(&units))) {
                    for (Para &p : units[u1].en) {
                        jobs.append({&p, wEn});
                        chars += p.text.size();
                    }
                    for (Para &p : units[u1].zh) {
                        jobs.append({&p, wZh});
                        chars += p.text.size();
                    }
                    ++u1;
                }
                *to = u1;
                return std::make_unique<TypesetBatch>(std::move(jobs), ts, !sink.eager, latinWorker, twoThreadsFrom);
            };
            int u1 = u0;
            std::unique_ptr<TypesetBatch> batch = (u0 < units.size() || unitMaker.more(&units)) ? startBatch(u0, &u1) : nullptr;
            while (batch) {
                tracePhase.next("layout-typeset");
                batch->finish();
                tracePhase.next("layout-units-paginate");
                // (placing looks one unit ahead at most: within this batch, whose last unit waits)
                int u2 = u1;
                std::unique_ptr<TypesetBatch> next = (u1 < units.size() || unitMaker.more(&units)) ? startBatch(u1, &u2) : nullptr;
                for (int ui = u0; ui < u1; ++ui) {
                    for (QList<Para> *l : {&units[ui].en, &units[ui].zh}) {
                        if (!l->isEmpty() && l->first().kind != BlockKind::Heading && l->first().offset > 0) {
                            l->first().spaceBefore = std::max(l->first().spaceBefore, st.enPitch * 0.25);
                        }
                    }
                }
                u0 = u1;
                const int upTo = u1 - 1; // the last one waits: a heading unit looks one ahead
                pager.place(units, leftEnglish, placed, upTo);
                placed = std::max(placed, upTo);
                units.remove(0, placed); // on their pages
                u0 -= placed;
                u2 -= placed;
                placed = 0;
                memoryNote("batch");
                batch = std::move(next);
                u1 = u2;
            }
            retireWorker(layoutChars);
            tracePhase.next("layout-glossary-paginate");
            {
                // The glossary closes the document in the wider (left) column.
                BiUnit gloss;
                QList<Para> &into = leftEnglish ? gloss.en : gloss.zh;
                ParaBuilder gb(st, &into);
                gb.addGlossary(article, 0);
                typesetAll(into, pager.columnWidth(0));
                if (!into.isEmpty()) {
                    units.append(std::move(gloss));
                }
            }
            pager.place(units, leftEnglish, placed, units.size());
            pageLanguages = pager.pageLanguages;
            doc.facingPages = facing;
            doc.firstPageIsRight = false;
        }
        // Fault bars in the outer margin next to each faulty pair.
        tracePhase.next("layout-regions");
        if (faultsSeen) {
            QHash<int, unsigned> faultOf;
            for (int i = 0; i < alignment->pairs.size(); ++i) {
                faultOf.insert(i, alignment->pairs.at(i).faults);
            }
            regions.fill(&sink.pages);
            for (int pg = 0; pg < sink.size(); ++pg) {
                for (const PairRegion &r : sink.pages.at(pg).pairs) {
                    const unsigned f = faultOf.value(r.pair);
                    if (!f) {
                        continue;
                    }
                    QRectF span = r.english.isNull() ? r.chinese : (r.chinese.isNull() ? r.english : r.english.united(r.chinese));
                    const bool rightMargin = doc.facingPages && (pg % 2 == 1);
                    double x = rightMargin ? body.right() + 5 : body.left() - 8;
                    if (mode == LayoutMode::SideBySide) {
                        x = gutterMiddle - 1.5; // between the columns
                    }
                    sink.pages[pg].rules.append(RuleItem{QRectF(x, span.top() + 1, 3, std::max(2.0, span.height() - 2)), faultColor(f)});
                }
            }
        } else {
            regions.fill(&sink.pages);
        }
        if (settings.sentenceNumbers) {
            addPairNumbers(&doc, &sink, body, mode, st, ts);
        }
    } else {
        // The flow's parts in order; a half's body paragraphs are made as the batches need them
        // (all 47k paragraphs of a 10 MB article made first were ~15 MB more at the peak).
        QList<std::function<void()>> parts;
        const auto half = [&](Language lang, bool titleInToc) {
            parts.append([&builder, &article, lang, titleInToc] {
                builder.beginHalf(article, lang, 0, titleInToc);
            });
        };
        switch (mode) {
        case LayoutMode::EnglishOnly:
            half(Language::English, true);
            break;
        case LayoutMode::ChineseOnly:
            half(Language::Chinese, true);
            break;
        default:
            if (en) {
                half(Language::English, true);
            }
            if (zh) {
                if (en) {
                    parts.append([&builder] {
                        builder.addDivider(Language::Chinese);
                    });
                    half(Language::Chinese, false);
                } else {
                    half(Language::Chinese, true);
                }
            }
            parts.append([&builder, &article] {
                builder.addGlossary(article, 0);
            });
            break;
        }
        int part = 0;
        // Adds the next paragraph(s) of the flow to paras; false when there are none left.
        const auto more = [&]() -> bool {
            for (;;) {
                if (builder.nextBody()) {
                    return true;
                }
                if (part >= parts.size()) {
                    return false;
                }
                const qsizetype before = paras.size();
                parts.at(part++)();
                if (paras.size() > before) {
                    return true;
                }
            }
        };
        // Typeset and place in batches of about kBatch characters: a typeset paragraph holds 16 B
        // per character until it is placed (then 20 B on its page), so a long document laid out
        // in one go peaked at both for all of its text.
        constexpr int kLookahead = 5; // keep-with-next chains look at most 4 paragraphs ahead
        Paginator pager(&doc, &sink, body, &regions);
        int typeset = 0;
        int placed = 0;
        for (;;) {
            int end = typeset;
            qsizetype chars = 0;
            while (chars < kBatch || end < placed + kLookahead) {
                if (end >= paras.size() && !more()) {
                    break;
                }
                chars += paras.at(end).text.size();
                ++end;
            }
            const int want = std::max(end, placed + 1) + kLookahead;
            while (paras.size() < want && more()) { }
            if (placed >= paras.size()) {
                break; // all placed, none left
            }
            end = std::min<int>(paras.size(), want);
            if (end > typeset) {
                tracePhase.next("layout-typeset");
                QList<std::pair<Para *, double>> jobs;
                jobs.reserve(end - typeset);
                for (int i = typeset; i < end; ++i) {
                    jobs.append({&paras[i], body.width()});
                }
                typesetParallel(jobs, ts, !sink.eager, latinWorker, twoThreadsFrom);
                typeset = end;
                tracePhase.next("layout-paginate");
            }
            const bool last = typeset == paras.size() && !more();
            const int upTo = last ? typeset : typeset - kLookahead;
            pager.place(paras, placed, upTo);
            // Placed: their lines are on the pages (or in the recipes); the rest is not needed.
            paras.remove(0, upTo);
            typeset -= upTo;
            placed = 0;
            memoryNote("batch");
        }
        retireWorker(layoutChars);
        pageLanguages = pager.pageLanguages;
    }

    if (sink.size() == 0) {
        sink.newPage();
        pageLanguages.append(Language::English);
    }
    tracePhase.next("layout-running-heads");
    addRunningHeads(&doc, &sink, article, pageLanguages, body, st, ts);
    tracePhase.next("layout-breaking-join-wait");
    if (breakingLoader.joinable()) {
        breakingLoader.join();
    }
    tracePhase.next("layout-finish");
    if (doc.facingPages && qAbs(m.right() - m.left()) > 0.01) {
        // Spreads: marginsMm.left is the inner margin; a left-hand page (even index, the spread
        // starts at page 0) has it on its right, so mirror the text block there.
        const double dx = m.right() - m.left();
        for (int i = 0; i < sink.size(); i += 2) {
            sink.recipes[i].dx = dx; // lazy: its body lines are moved when it is made
            LaidOutPage &page = sink.pages[i];
            shiftGlyphs(page.glyphs, 0, dx);
            for (RuleItem &r : page.rules) {
                r.rect.translate(dx, 0);
            }
            page.text.translate(dx, 0);
            for (PairRegion &r : page.pairs) {
                r.english.translate(dx, 0);
                r.chinese.translate(dx, 0);
            }
            for (LaidOutPage &chunk : sink.recipes[i].chunks) {
                chunk.text.translate(dx, 0);
                shiftGlyphs(chunk.glyphs, 0, dx);
            }
        }
    }
    memoryNote("placed");
    if (qEnvironmentVariableIntValue("OKB_LAZY_STATS") == 1) {
        qsizetype spans = 0;
        qsizetype more = 0; // blocks with more than one span (the first is inline)
        qsizetype moreBytes = 0;
        for (const LaidOutBlock &b : std::as_const(doc.blocks)) {
            spans += b.spans.size();
            if (b.spans.capacity() > 1) {
                ++more;
                moreBytes += 24 + 16 + (b.spans.capacity() - 1) * qsizetype(sizeof(TextSpan)); // list + its data header
            }
        }
        qInfo("blocks: %lld (%.1f MB, first spans inline), spans %lld, %lld blocks with more (%.1f MB), toc %lld", qlonglong(doc.blocks.size()),
              doc.blocks.capacity() * double(sizeof(LaidOutBlock)) / 1e6, qlonglong(spans), qlonglong(more), moreBytes / 1e6, qlonglong(doc.toc.size()));
    }
    tracePhase.next("layout-freeze");
    doc.pages = sink.freeze();
    memoryNote("frozen");
    static const bool trim = !(qEnvironmentVariableIsSet("OKB_LAYOUT_TRIM") && qEnvironmentVariableIntValue("OKB_LAYOUT_TRIM") == 0);
    if (layoutChars >= kTwoThreadChars && trim) {
        // The batches' working memory, freed, stays resident in the arenas it came from; the
        // second thread's (glibc gives each thread its own) is not reused by anything that
        // follows on this one: give it back (~8 MB after a 10 MB article; ~2 ms).
        malloc_trim(0);
        memoryNote("trimmed");
    }
    return doc;
}

} // namespace Okb
