// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The laid-out document: what the layout engine produces and what the painter, the PDF exporter
// and the Okular adapter consume. Plain values (no QTextLayout inside), so a finished document can
// be painted from any thread. Units are PostScript points, origin at the page's top-left corner.

#pragma once

#include "model/article.h"
#include "okbcore_export.h"

#include <QColor>
#include <QFont>
#include <QGlyphRun>
#include <QList>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <bit>
#include <iterator>
#include <memory>
#include <utility>

namespace Okb
{

// A forward iterator over a container read by index whose at(i) hands out values (PageText's
// TextBoxes, PageList's pages).
template<typename Container, typename Value>
class IndexIterator
{
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Value;
    using difference_type = qsizetype;
    using pointer = void;
    using reference = Value;
    IndexIterator() = default;
    IndexIterator(const Container *c, qsizetype i)
        : m_c(c)
        , m_i(i)
    {
    }
    Value operator*() const
    {
        return m_c->at(m_i);
    }
    IndexIterator &operator++()
    {
        ++m_i;
        return *this;
    }
    IndexIterator operator++(int)
    {
        IndexIterator old = *this;
        ++m_i;
        return old;
    }
    bool operator==(const IndexIterator &o) const
    {
        return m_i == o.m_i;
    }
    bool operator!=(const IndexIterator &o) const
    {
        return m_i != o.m_i;
    }

private:
    const Container *m_c = nullptr;
    qsizetype m_i = 0;
};

// One character of the page text, in reading order. Every character of the document's body text
// occurs exactly once over all pages; a soft line wrap keeps its space (box of the space, possibly
// empty width at the line end); "\n" entries end lines that end a block.
struct OKBCORE_EXPORT TextBox {
    QString text; // one UTF-16 code unit, or a surrogate pair, or "\n"
    QRectF rect; // page coordinates (pt)
};

// The TextBoxes of a page, stored compactly: a code point (4 B) and a float x and width (8 B) per
// character, and a float top and height per row of characters that share them (a line's
// characters all do): ~12 B instead of the 56 B of a QString + QRectF (which made the text boxes
// the bulk of a long document's memory). Read it like a list of TextBox: at(i), operator[] and
// iteration hand out TextBox values; charAt()/rectAt()/boxAt()/textAt() read single fields
// without building one. Float coordinates are exact to ~1e-4 pt on any page size Qt knows; the
// floats given are kept bit for bit.
class OKBCORE_EXPORT PageText
{
public:
    struct Box {
        float x = 0;
        float y = 0;
        float width = 0;
        float height = 0;
    };

    qsizetype size() const
    {
        return m_chars.size();
    }
    qsizetype count() const
    {
        return m_chars.size();
    }
    bool isEmpty() const
    {
        return m_chars.isEmpty();
    }
    void reserve(qsizetype n)
    {
        m_chars.reserve(n);
        m_spans.reserve(n);
    }
    void squeeze()
    {
        m_chars.squeeze();
        m_spans.squeeze();
        m_rows.squeeze();
    }
    // c: a code point, or '\n' for the end of a paragraph
    void append(char32_t c, const QRectF &rect)
    {
        m_chars.append(c);
        m_spans.append(Span{float(rect.x()), float(rect.width())});
        const float y = float(rect.y());
        const float height = float(rect.height());
        if (m_rows.isEmpty() || !sameBits(m_rows.last().y, y) || !sameBits(m_rows.last().height, height)) {
            m_rows.append(Row{m_chars.size() - 1, y, height});
        }
    }
    // box.text: one character (a UTF-16 unit or a surrogate pair) or "\n"
    void append(const TextBox &box);

    char32_t charAt(qsizetype i) const
    {
        return m_chars.at(i);
    }
    QRectF rectAt(qsizetype i) const
    {
        const Box b = boxAt(i);
        return QRectF(b.x, b.y, b.width, b.height);
    }
    Box boxAt(qsizetype i) const
    {
        const Span &s = m_spans.at(i);
        const Row &r = m_rows.at(rowOf(i));
        return Box{s.x, r.y, s.width, r.height};
    }
    // The character as a string (shared one-unit strings: no allocation outside the astral planes).
    QString textAt(qsizetype i) const;
    TextBox at(qsizetype i) const
    {
        return TextBox{textAt(i), rectAt(i)};
    }
    TextBox operator[](qsizetype i) const
    {
        return at(i);
    }
    TextBox first() const
    {
        return at(0);
    }
    TextBox last() const
    {
        return at(size() - 1);
    }
    QList<TextBox> toList() const
    {
        QList<TextBox> out;
        out.reserve(size());
        for (qsizetype i = 0; i < size(); ++i) {
            out.append(at(i));
        }
        return out;
    }
    // The characters [from, from + n) as one string (n < 0: to the end).
    QString text(qsizetype from = 0, qsizetype n = -1) const;
    void translate(double dx, double dy, qsizetype from = 0);
    void append(const PageText &other);
    bool operator==(const PageText &o) const;

    using const_iterator = IndexIterator<PageText, TextBox>;
    const_iterator begin() const
    {
        return const_iterator(this, 0);
    }
    const_iterator end() const
    {
        return const_iterator(this, size());
    }

private:
    struct Span {
        float x;
        float width;
    };
    // The characters [start, next row's start) have this top and height.
    struct Row {
        qsizetype start;
        float y;
        float height;
    };
    static bool sameBits(float a, float b)
    {
        return std::bit_cast<quint32>(a) == std::bit_cast<quint32>(b); // (0 and -0 differ, as kept)
    }
    qsizetype rowOf(qsizetype i) const; // the row of character i (0 <= i < size())

    QList<char32_t> m_chars;
    QList<Span> m_spans;
    QList<Row> m_rows; // by start, the first at 0 (none when empty)
};

// A QGlyphRun's QRawFont belongs to the thread that made it (Qt asserts on cross-thread use in
// debug builds and font engines are not thread-safe). `font` names the same face (family, style
// name, weight, style; no hinting) so the painter can re-create the raw font in its own thread:
// paintPage() always does that, so a document laid out in one thread can be painted in another.
struct OKBCORE_EXPORT GlyphItem {
    QGlyphRun run; // positions already absolute in page coordinates (pt)
    QColor color;
    QFont font; // face of run.rawFont(); pixel size = run.rawFont().pixelSize() (== pixelSize)
    double pixelSize = 0; // em size in pt
};

struct OKBCORE_EXPORT RuleItem {
    QRectF rect; // filled rectangle: rules, margin fault bars
    QColor color;
};

// Where an aligned pair sits on a page (for tests and navigation): union rects per language.
struct OKBCORE_EXPORT PairRegion {
    int pair = -1; // index into Alignment::pairs
    QRectF english;
    QRectF chinese;
};

struct OKBCORE_EXPORT LaidOutPage {
    QList<GlyphItem> glyphs;
    QList<RuleItem> rules;
    PageText text; // body text in reading order (running header/footer excluded)
    QList<PairRegion> pairs;
};

// The pages of a laid-out document. Read it like a const QList<LaidOutPage>: size(), at(i),
// operator[], first(), last() and iteration hand out LaidOutPage *values* (cheap: implicitly
// shared lists). A document from layoutArticle() keeps its pages lazily (see layoutengine.h):
// only a recipe per page (which lines of which paragraph go where) plus its rules, pair regions
// and running head; a page's glyphs and text are made again on demand (by typesetting the
// paragraphs it shows once more; the result is identical to what the layout produced) and the
// last few are cached. Thread-safe: any thread may read pages at the same time; glyph runs of a
// page handed out belong to the calling thread's fonts. Copies share the pages.
class OKBCORE_EXPORT PageList
{
public:
    // What makes the pages of a lazy list (implemented by the layout engine).
    class Source
    {
    public:
        virtual ~Source();
        virtual qsizetype size() const = 0;
        virtual LaidOutPage page(qsizetype i) const = 0;
        virtual qsizetype textSize(qsizetype i) const = 0; // page(i).text.size(), without making it
    };

    PageList() = default;
    PageList(QList<LaidOutPage> pages) // eager: the pages as they are
        : m_pages(std::move(pages))
    {
    }
    explicit PageList(std::shared_ptr<const Source> source)
        : m_source(std::move(source))
    {
    }

    qsizetype size() const
    {
        return m_source ? m_source->size() : m_pages.size();
    }
    qsizetype count() const
    {
        return size();
    }
    bool isEmpty() const
    {
        return size() == 0;
    }
    LaidOutPage at(qsizetype i) const
    {
        return m_source ? m_source->page(i) : m_pages.at(i);
    }
    LaidOutPage operator[](qsizetype i) const
    {
        return at(i);
    }
    LaidOutPage first() const
    {
        return at(0);
    }
    LaidOutPage last() const
    {
        return at(size() - 1);
    }
    // Number of TextBoxes of page i (at(i).text.size()) without making the page.
    qsizetype textSize(qsizetype i) const
    {
        return m_source ? m_source->textSize(i) : m_pages.at(i).text.size();
    }
    bool isLazy() const
    {
        return bool(m_source);
    }
    // Every page made now, as a plain list (tests, debugging).
    QList<LaidOutPage> toList() const
    {
        if (!m_source) {
            return m_pages;
        }
        QList<LaidOutPage> out;
        out.reserve(size());
        for (qsizetype i = 0; i < size(); ++i) {
            out.append(at(i));
        }
        return out;
    }

    using const_iterator = IndexIterator<PageList, LaidOutPage>;
    const_iterator begin() const
    {
        return const_iterator(this, 0);
    }
    const_iterator end() const
    {
        return const_iterator(this, size());
    }

private:
    QList<LaidOutPage> m_pages;
    std::shared_ptr<const Source> m_source;
};

struct OKBCORE_EXPORT TocEntry {
    QString title;
    int level = 0; // 0 = top
    int page = 0; // 0-based
    double y = 0; // pt from top of that page
};

// A run of consecutive TextBoxes on one page.
struct OKBCORE_EXPORT TextSpan {
    int page = 0;
    int index = 0; // into pages[page].text
    int count = 0;
    int units = -1; // UTF-16 units of the block's text these boxes stand for ("\n" boxes: none);
                    // -1 = not known (then count them in the page text)
};

// The spans of one laid-out paragraph. Read and append it like a QList<TextSpan> (size(), at(),
// first(), last(), iteration handing out values, append()); it converts to one. Nearly every
// paragraph has a single span: that one is kept inline (no list of its own: 48 B of heap less for
// each of the 87k paragraphs of a 10 MB interlinear article, ~4 MB), more go to a list.
class OKBCORE_EXPORT TextSpans
{
public:
    TextSpans() = default;
    TextSpans(const QList<TextSpan> &spans)
    {
        for (const TextSpan &s : spans) {
            append(s);
        }
    }
    TextSpans(const TextSpans &o)
        : m_one(o.m_one)
        , m_more(o.m_more ? std::make_unique<QList<TextSpan>>(*o.m_more) : nullptr)
    {
    }
    TextSpans(TextSpans &&o) noexcept
        : m_one(std::exchange(o.m_one, TextSpan{kEmpty, 0, 0, -1}))
        , m_more(std::move(o.m_more))
    {
    }
    TextSpans &operator=(const TextSpans &o)
    {
        if (this != &o) {
            m_one = o.m_one;
            m_more = o.m_more ? std::make_unique<QList<TextSpan>>(*o.m_more) : nullptr;
        }
        return *this;
    }
    TextSpans &operator=(TextSpans &&o) noexcept
    {
        m_one = std::exchange(o.m_one, TextSpan{kEmpty, 0, 0, -1});
        m_more = std::move(o.m_more);
        return *this;
    }

    qsizetype size() const
    {
        return m_one.page == kEmpty ? 0 : 1 + (m_more ? m_more->size() : 0);
    }
    qsizetype count() const
    {
        return size();
    }
    qsizetype length() const
    {
        return size();
    }
    bool isEmpty() const
    {
        return m_one.page == kEmpty;
    }
    const TextSpan &at(qsizetype i) const
    {
        return i == 0 ? m_one : m_more->at(i - 1);
    }
    const TextSpan &operator[](qsizetype i) const
    {
        return at(i);
    }
    TextSpan &operator[](qsizetype i)
    {
        return i == 0 ? m_one : (*m_more)[i - 1];
    }
    const TextSpan &first() const
    {
        return m_one;
    }
    TextSpan &first()
    {
        return m_one;
    }
    const TextSpan &last() const
    {
        return m_more && !m_more->isEmpty() ? m_more->last() : m_one;
    }
    TextSpan &last()
    {
        return m_more && !m_more->isEmpty() ? m_more->last() : m_one;
    }
    void append(const TextSpan &s)
    {
        if (m_one.page == kEmpty) {
            m_one = s;
        } else {
            if (!m_more) {
                m_more = std::make_unique<QList<TextSpan>>();
            }
            m_more->append(s);
        }
    }
    void reserve(qsizetype) { }
    qsizetype capacity() const
    {
        return m_one.page == kEmpty ? 0 : 1 + (m_more ? m_more->capacity() : 0);
    }
    void clear()
    {
        m_one = TextSpan{kEmpty, 0, 0, -1};
        m_more.reset();
    }
    QList<TextSpan> toList() const
    {
        QList<TextSpan> out;
        out.reserve(size());
        for (qsizetype i = 0; i < size(); ++i) {
            out.append(at(i));
        }
        return out;
    }
    operator QList<TextSpan>() const
    {
        return toList();
    }
    bool operator==(const TextSpans &o) const
    {
        if (size() != o.size()) {
            return false;
        }
        for (qsizetype i = 0; i < size(); ++i) {
            const TextSpan &a = at(i);
            const TextSpan &b = o.at(i);
            if (a.page != b.page || a.index != b.index || a.count != b.count || a.units != b.units) {
                return false;
            }
        }
        return true;
    }

    using const_iterator = IndexIterator<TextSpans, TextSpan>;
    const_iterator begin() const
    {
        return const_iterator(this, 0);
    }
    const_iterator end() const
    {
        return const_iterator(this, size());
    }

private:
    static constexpr int kEmpty = -2147483647 - 1; // m_one.page of an empty list (no real page)
    TextSpan m_one{kEmpty, 0, 0, -1};
    std::unique_ptr<QList<TextSpan>> m_more; // the spans after the first, if any
};

// Where a laid-out paragraph went: one entry per paragraph in reading order, including the ones the
// engine makes up (title and meta line from the header, the "Original" divider), which have
// block == -1. Its text occupies `length` consecutive TextBoxes (its final "\n" included),
// starting at pages[page].text[textIndex] and possibly continuing on the following pages.
struct OKBCORE_EXPORT LaidOutBlock {
    Language language = Language::English;
    int block = -1; // index into Article::english / Article::chinese; -1 = made up by the engine
    int offset = 0; // bilingual modes: this paragraph is block text from this offset on (a piece
                    // of a block: one or more aligned sentences); 0 otherwise
    int pair = -1; // bilingual modes: index into Alignment::pairs; -1 = not part of a pair
    BlockKind kind = BlockKind::Paragraph;
    int page = 0; // page of the first line
    double y = 0; // top of the first line (pt)
    int textIndex = 0; // index of the first TextBox in pages[page].text
    int length = 0; // TextBoxes of this paragraph (text length in UTF-16 units + 1 for "\n",
                    // minus one per surrogate pair). A piece that does not end its block has no
                    // "\n". In SideBySide/FacingPages the two languages' paragraphs interleave on
                    // the pages, so the next paragraph in this list need not follow directly;
                    // a paragraph's own boxes are contiguous on each page it touches.
    TextSpans spans; // all of its boxes, page by page (use this rather than textIndex/length
                           // when a paragraph crosses a page in SideBySide/FacingPages)
};

struct OKBCORE_EXPORT LaidOutDocument {
    QSizeF pageSize; // pt
    PageList pages; // read-only; see PageList
    QList<TocEntry> toc;
    QList<LaidOutBlock> blocks; // every laid-out paragraph, reading order
    bool facingPages = false; // the mode wants spreads (viewer hint)
    bool firstPageIsRight = true; // for facing pages: page 0 stands alone on the right? (false = spread starts at 0)
};

} // namespace Okb
