// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Internal: typesets one paragraph into lines of positioned glyph runs and per-character boxes.
// Not part of the public API of okbcore (layoutengine.h is).

#pragma once

#include "layout/pagemodel.h"
#include "model/article.h"

namespace Okb
{
struct LayoutSettings;
}

#include <QFont>
#include <QHash>
#include <QImage>
#include <QList>
#include <QRawFont>
#include <QTextOption>
#include <QVarLengthArray>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace Okb::Detail
{

enum class ParaAlign {
    Justify, // all lines but the last justified, last line flush left
    Left,
    Center,
    Right,
};

struct ParaStyle {
    QFont font; // primary font, families already set (Latin + CJK fallback or the reverse)
    Language language = Language::English;
    ParaAlign align = ParaAlign::Justify;
    double pitch = 12; // baseline-to-baseline distance (pt)
    double leftIndent = 0; // pt, all lines
    double rightIndent = 0; // pt, all lines
    double firstIndent = 0; // pt, added to the first line
    double restIndent = 0; // pt, added to every line after the first (hanging verses)
    QList<QTextOption::Tab> tabs; // table rows
    QColor color = Qt::black;
    bool hyphenate = false; // English only
    bool spaceBreaksOnly = false; // lists/tables: break only after spaces (U+3000 too), not inside names
    bool balance = false; // centred titles: lines of even length (no lone last word/character)
    bool wordBreaks = false; // Chinese titles: between two Han characters, break only between words
                             // (ICU's dictionary word boundaries: "苏美关系 / 苏联政府", not "苏 / 联")
};

// A character's box on a line, before it becomes a TextBox on a page (putLine): compact, and no
// string yet. offset: index of its first UTF-16 unit in the paragraph text given to typeset();
// -1 = the paragraph's end mark ("\n").
struct LineBox {
    float x = 0; // float: 16 B a character, not 24 (every character of a document is one until
    float width = 0; // it is paginated); exact to ~1e-4 pt
    int offset = -1;
    int units = 0;
};

struct TypesetLine {
    // Coordinates relative to the column's left edge and the line's top; the line occupies
    // [0, pitch) vertically. Every box spans [boxTop, boxTop + boxHeight).
    QList<GlyphItem> glyphs;
    std::vector<LineBox> boxes;
    double boxTop = 0;
    double boxHeight = 0;
    double pitch = 12;
    int length = 0; // UTF-16 units of the paragraph text on this line (the end mark not counted)
    // Typeset to be measured only (typeset(..., measureOnly)): no glyphs and no boxes, but what
    // placing the line without a page needs of them: the number of boxes (-1: the line has its
    // boxes), the UTF-16 units of text they stand for (end marks and "\n" count 0) and the glyph
    // runs' bounding rects, in order.
    int boxCount = -1;
    int boxUnits = 0;
    QVarLengthArray<QRectF, 2> runRects;
    int boxTotal() const
    {
        return boxCount >= 0 ? boxCount : int(boxes.size());
    }
};

class Typesetter
{
public:
    // ThreadKept: takes this thread's kept caches, if it keeps them (keepCachesInThisThread())
    // and no other typesetter has them, and gives them back when it goes; for a typesetter that
    // is made and destroyed in one thread (a layout's).
    enum class Caches {
        Own,
        ThreadKept,
    };
    explicit Typesetter(Caches caches = Caches::Own);

    // Lays out `text` (one paragraph; no "\n" expected, but handled) into lines of at most
    // `columnWidth`. Every UTF-16 unit of text gets into exactly one TextBox (surrogate pairs
    // share one); a final "\n" box is appended to the last line when `endMark` is true.
    // `layoutText`, if not empty, is what is actually laid out: a copy of `text` of the same length
    // where some characters were substituted (tab runs in tables, joiners for line breaking).
    // measureOnly: the lines may come without glyphs and boxes (TypesetLine::boxCount >= 0), for a
    // caller that only paginates them (a lazy page typesets them again when it is read); the
    // line breaks are the same.
    QList<TypesetLine> typeset(const QString &text,
                               const ParaStyle &style,
                               double columnWidth,
                               bool endMark = true,
                               const QString &layoutText = QString(),
                               bool measureOnly = false);

    // The paint device that fixes the logical resolution at 72 dpi, so that 1 unit = 1 pt.
    const QPaintDevice *device() const
    {
        return &m_device;
    }

    // Point size to give QFont so that its em is `pt` page points on device().
    double fontPointSize(double pt) const;

    // Ascent/descent (pt) of a font on device().
    void metrics(const QFont &font, double *ascent, double *descent);

    // `font` itself, or the same font with only its first family when that family's face has a
    // glyph for every character of `text` (and of its upper case, for a capitalising font): Qt then
    // takes every glyph of `text` from that face either way, the same engine at the same size. Why:
    // for a font with more than one family Qt asks fontconfig for the fallback list of its first
    // family as soon as it loads the font for a script (FcFontSort, ~5.5M instructions a family,
    // style and script, once a process); for a font of one family only when a character is
    // missing from it. OKB_PRIMARY_FAMILY=0 turns it off. (typeset() applies it to each paragraph.)
    QFont fontFor(const QFont &font, QStringView text);

    // An upper bound (pt) of the advance QFontMetricsF(font, device()) gives `text`, from the
    // cmap and hmtx of the face this typesetter's shaping already uses for `font` (no glyph is
    // loaded: a CFF glyph's advance costs its outline); -1 when it cannot tell: a font with
    // spacing, capitals or features, a face not met yet, a character the face lacks (Qt would
    // take it from a fallback font).
    double advanceBound(QStringView text, const QFont &font);

    // Internal (linebreaker.cpp): shaped text, and the shaping cache with the raw fonts its glyphs
    // refer to.
    struct ShapedText;
    struct ShapeCache;

    // A thread that lives on from document to document (the painter pool's) keeps its typesetting
    // caches between typesetters: the shaping cache (emptied of its pieces: a piece's cached shape
    // may depend on the document it was first met in) and the faces' character covers that one
    // Typesetter filled are taken over by the next one made in this thread (one at a time), so the
    // next document finds its working memory (pools, tables, scratch) touched already instead of
    // faulting in fresh pages, and its faces' covers looked up. They hold the thread's raw fonts:
    // dropKeptCaches() before the thread's fonts go (its end). A cache that has grown past a bound
    // (a long document) is not kept. Without keepCachesInThisThread() nothing changes.
    static void keepCachesInThisThread();
    static void dropKeptCaches();
    // Empties this thread's kept caches (it keeps on keeping): their raw fonts and fonts hold the
    // font engines, and so the FreeType faces, they were made with (shareFontFiles() replaces
    // them: kept, both stayed loaded, +1.5 MiB at a 1 MB article's paired open).
    static void releaseKeptCaches();
    // Typesetters so far (process-wide) that took a kept shaping cache over (tests, diagnostics).
    static int keptCacheReuses();
    struct Kept; // (internal: what a thread keeps)

private:
    QFont faceFont(const QRawFont &raw);
    // The face that draws a faceless font's glyphs (isFacelessFont()) instead: the requested
    // font's own at the same size, whose glyph 0 (.notdef) is the missing-glyph box. Invalid if
    // there is none.
    static QRawFont standInFace(const QRawFont &raw, const QFont &requested);
    double tabScale(const QFont &font);
    // Our own line breaking on one shaped line (ICU break opportunities, kinsoku, Han-Latin
    // spacing, punctuation compression, justification, hyphenation). Not used for tab stops.
    // `continued`: text is a later piece of a paragraph (no first-line indent).
    QList<TypesetLine> typesetFine(const QString &text, const ParaStyle &style, double columnWidth, bool endMark, bool continued = false, bool measureOnly = false);
    // Huge paragraphs: typesetFine over windows of the text, keeping the lines that end well
    // before a window's end, so that time and scratch memory stay linear in the length.
    QList<TypesetLine> typesetLong(const QString &text, const ParaStyle &style, double columnWidth, bool endMark);
    QList<TypesetLine> typesetQt(const QString &text, const ParaStyle &style, double columnWidth, bool endMark, const QString &layoutText);
    // Where the ink of a full-width punctuation glyph sits: -1 left half, +1 right half, 0 other.
    int inkSide(const QRawFont &raw, quint32 glyph, double advance);
    int inkSide(int font, quint32 glyph, double advance);

    // Shapes `s` (no line breaks) unwrapped with `font`: character origins and glyphs.
    void shapeText(QStringView s, const QFont &font, ShapedText *out);
    // shapeText() of a batch of the shaping cache's new pieces (`lengths`: each piece's length, in
    // order; joined at cuts that lose no shaping context), with the pieces that are one Han
    // ideograph set from the font's cmap and hmtx instead of through Qt (see linebreaker.cpp).
    void shapeBatch(QStringView batch, const QFont &font, const std::vector<int> &lengths, ShapedText *out);
    // Index of a raw font in the shaping cache's table (added if new). `requested`: the font the
    // text was shaped with, noted (noteLayoutFace) when the raw font is new to the table. -1 for a
    // faceless font (isFacelessFont()), which never enters the table.
    int fontIndex(const QRawFont &raw, const QFont *requested = nullptr);
    // The cache for this thread, emptied if it was cleared (clearShapeCaches), grew past its
    // bounds or was used from another thread.
    ShapeCache &shapeCache();

    QImage m_device;
    double m_dpi = 72;
    QHash<QString, QFont> m_faceFonts;
    QHash<QString, QPair<double, double>> m_metrics;
    QHash<QString, int> m_inkSides;
    // fontFor(): each font asked for with its first family alone, and which characters that
    // family's face has.
    struct PrimaryFont {
        QFont font; // as asked
        QFont primary; // its first family alone
        int face = -1; // in m_faceCovers
        QFont second; // its second family alone (splitFonts())
        int secondFace = -1; // in m_faceCovers; -1 not made yet
    };
    struct FaceCover {
        QString face; // family and style of its raw font
        QRawFont raw;
        // Per 256 UTF-16 units looked at: a bit per unit that the face has, and one per unit
        // looked up (a document touches a few such blocks: ~0.6 KiB a face, where a bit for
        // every unit and a byte per unit of each block touched were 10 KiB and more).
        struct Block {
            std::array<quint64, 4> has{};
            std::array<quint64, 4> asked{};
        };
        std::array<quint16, 256> blockOf{}; // 1 + index into blocks; 0: none yet
        std::vector<Block> blocks;
        bool has(char16_t u) // (inline: every character of every paragraph asks)
        {
            if (const quint16 b = blockOf[u >> 8]) {
                const Block &k = blocks[b - 1];
                const quint64 bit = quint64(1) << (u & 63);
                if (k.has[(u >> 6) & 3] & bit) {
                    return true;
                }
                if (k.asked[(u >> 6) & 3] & bit) {
                    return false;
                }
            }
            return lookUp(u);
        }
        bool lookUp(char16_t u);
    };
    PrimaryFont *primaryFont(const QFont &font);
    int faceCover(const QFont &font);
    // A short paragraph in a font of two families whose pieces (as typesetFine() cuts them) are
    // each all in the first family's face, or all Han missing from it and in the second's ("Original
    // · 原文"): typesetFine() shapes each piece with the one family that has it (m_split,
    // m_splitWhich: 1 or 2 at each piece's start), the same glyphs from the same faces at the same
    // size as Qt's fallback engine gives, without fontconfig's fallback lists.
    bool splitFonts(const QFont &font, QStringView text);
    bool m_split = false;
    QFont m_splitFirst;
    QFont m_splitSecond;
    std::vector<quint8> m_splitWhich;
    std::vector<PrimaryFont> m_primaryFonts;
    std::vector<FaceCover> m_faceCovers;
    void *m_breakIterator = nullptr; // UBreakIterator, line breaks
    ShapeCache *m_shapeCache = nullptr;
    Kept *m_kept = nullptr; // this thread's kept caches, taken by this typesetter
    void takeKeptCaches(); // (constructor)

public:
    ~Typesetter();
    Typesetter(const Typesetter &) = delete;
    Typesetter &operator=(const Typesetter &) = delete;
};

// How the lines of justified paragraphs are chosen: TotalFit (default) minimises the demerits of
// the whole paragraph (Knuth-Plass); Greedy fills one line after the other (the old way, kept as
// the fallback and for measuring). Process-wide; for tests and measuring tools.
enum class LineBreaking {
    TotalFit,
    Greedy,
};
void setLineBreaking(LineBreaking mode);
LineBreaking lineBreaking();

// One line of a justified paragraph as set (for measuring looseness).
struct JustifiedLineInfo {
    Language language = Language::English;
    bool last = false; // not justified: the paragraph's last line or one before a forced break
    bool hyphen = false; // ends with a hyphenation
    bool afterHyphen = false; // the line before (same paragraph) ends with a hyphenation
    bool afterTwoHyphens = false; // and the one before that too
    bool beforeLast = false; // the next line is the paragraph's last (or ends at a "\n")
    bool greedy = false; // chosen greedily (Greedy mode, or total-fit found nothing)
    bool emergency = false; // total fit needed its emergency pass (lines looser than its tolerance)
    int wordSpaces = 0; // spaces between words inside the line (not hanging at its end)
    double spaceRatio = 1; // mean width of those spaces as set / their natural width
    double maxSpaceRatio = 1;
    double cjkExtra = 0; // em: mean extra space between characters next to Han
};
// Called (from any layout thread, serialised) for every line of every justified paragraph;
// an empty function (the default) turns it off.
void setJustifiedLineObserver(std::function<void(const JustifiedLineInfo &)> observer);

// Loads the English hyphenation dictionary now (it is otherwise loaded when first needed); may run
// in any thread, at most once.
void preloadHyphenation();
// Loads what line breaking needs the first time, ahead (for another thread while this one does
// something else): ICU's line break rules, with chineseWords its Chinese word dictionary (the
// titles' word breaks), with hyphenation the hyphenation dictionary. Any thread, any number of times.
void preloadBreaking(bool hyphenation, bool chineseWords);
// True once all that preloadBreaking(hyphenation, chineseWords) would load is loaded.
bool breakingPreloaded(bool hyphenation, bool chineseWords);
// Whether typesetFine() may segment `text`, set with word breaks (ParaStyle::wordBreaks) at a
// font of emSize pt in `measure` pt (the column less the indents), with ICU's Chinese word
// dictionary: false only when its natural width surely leaves an em to spare on one line (an
// upper bound of every character's advance) and it has no forced break and no trailing space.
bool mayNeedWordBreaks(QStringView text, double emSize, double measure);
// How many paragraphs typesetFine() has segmented with the word dictionary in this process.
int chineseWordSegmentations();
// Whether preloadLineBreaking() loads the Chinese word dictionary for this article and settings
// (its Chinese title may need word breaks: mayNeedWordBreaks() at the title's size and measure).
bool chineseTitleMayNeedWords(const Article &article, const LayoutSettings &settings);
// Where the English hyphenation dictionary lets `word` (ASCII letters, 5 to 60 of them) be split:
// positions k (1..len-1), word[0..k) + "-". Empty without a dictionary.
QList<int> hyphenationPoints(QStringView word);

// Makes the large font files of these families (fontconfig's files for each family, 4 MB and
// more: the CJK collections) one memory mapping that every thread's fonts read, instead of one
// mapping per thread and file: Qt keeps FreeType faces per thread and FT_New_Face maps the whole
// file for each, so every glyph a second layout thread (or a painting thread) loads counted its
// pages again (the 25 MB Noto Serif CJK collection was ~45 MB resident after a 10 MB article).
// Each file is mapped once, read-only, and registered with QFontDatabase as an application font
// from that memory (Qt then opens it with FT_New_Memory_Face on the same pages); the family, its
// styles and the glyphs stay the same (the application font replaces the system entry of the same
// family and style). Call before the threads that need it first use these fonts (font engines
// made before keep their own mapping). Anything that fails leaves the system fonts as they are.
// Process-wide, once per file; needs a QGuiApplication. Returns the number of files shared now.
// OKB_SHARE_FONTS=0 turns it off (measuring).
int shareFontFiles(const QStringList &families);

// Kinsoku (W3C clreq): characters that may not start / end a line.
bool isNoLineStart(char32_t c);
bool isNoLineEnd(char32_t c);

// The text of one TextBox: a shared, preallocated one-unit string for a UTF-16 unit (no heap
// allocation per box; copies only touch a reference count), a new string for a surrogate pair.
QString boxText(const QChar *units, int count);

// Characters that are Han ideographs (or CJK symbols/punctuation/full-width forms).
bool isCjk(char32_t c);

// The shaping cache: each Typesetter keeps, per font, the shaped form (glyphs, advances, which
// glyph belongs to which character) of the words and the single CJK characters it has shaped, so
// that a word is shaped once per font rather than at every occurrence. Its entries are functions
// of their key only, so typeset() gives the same lines with the cache cold, warm or off. On by
// default; OKB_SHAPE_CACHE=0 in the environment starts with it off (then every run of text is
// shaped whole, as before the cache). Process-wide; for tests and measuring tools.
void setShapeCacheEnabled(bool on);
bool shapeCacheEnabled();
// Empties the shaping cache of every Typesetter (each one drops its entries at its next typeset()).
void clearShapeCaches();
// Verifying (tests): every piece put into a cache is also shaped alone and compared with its shape
// in the run it was cut from; each difference is counted (and logged).
void setShapeCacheVerifying(bool on);
bool shapeCacheVerifying();
int shapeCacheMismatches(int *verified = nullptr); // verified: pieces compared so far
// Han ideographs the shaping cache has set from their face's cmap and hmtx rather than through Qt
// (process-wide count; tests check that their comparisons with Qt's shaping covered some).
int hanDirectCount();
// Tests: the compact table of hmtx advance widths the Han shortcut keeps (by pages of 256 glyphs)
// gives every glyph index in [0, count + 300) the width hmtx gives it (past count: the last one's).
bool advanceTableMatches(const QByteArray &hmtx, int count);
// Whether two fonts are the same in every respect that shaping sees (QFont::operator==, plus the
// families, hinting, capitalization and features where operator== may not look at them): the
// typesetter's per-font tables and the shaping cache find a font's entry by it.
bool sameFont(const QFont &a, const QFont &b);
// A number for the calling thread, unique in the process for as long as it runs (counted up, never
// reused: a thread id or a QThread's address may come back for a later thread). Per-thread caches
// of font objects (raw fonts, typeset pages) tell threads apart by it: a thread's faces end with it.
quint64 currentThreadSerial();

// How the layout asked Qt for a face: the request whose font engine its glyphs use. Qt keeps font
// engines per thread, keyed by the whole request (families, weight, style, style strategy,
// style name, hinting, pixel size), not by the face: the painter asking for GlyphItem::font
// (one family, a style name, no font merging) got a new engine for every face and size (a
// fontconfig set-up and a FreeType init each, ~1.9M instructions) even in the thread whose layout
// had one. Asked the layout's way (layoutFaceRequest()), the painter gets the layout's engine in that
// thread, and the same face anywhere else. Plain values, process-wide: no font objects.
struct LayoutFaceRequest {
    QStringList families;
    int weight = 0;
    int style = 0; // QFont::Style
    int strategy = 0; // QFont::StyleStrategy
    int writingSystem = 0; // QFontDatabase::WritingSystem for QRawFont::fromFont()
};
// A glyph item's face at its size, as a key (GlyphItem::font and pixelSize): the same string
// wherever faces are cached or noted per face and size.
QString faceSizeKey(const QFont &face, double pixelSize);
// Notes that `face` (a GlyphItem::font, Typesetter::faceFont()) at `pixelSize` came from shaping
// with `requested` (the first request noted for a face and size is kept).
void noteLayoutFace(const QFont &face, const QString &faceFamily, double pixelSize, const QFont &requested);

// Qt's last resort for text that no installed font has glyphs for, when the requested family is
// not installed either (a configured font since removed): a "box" font engine with no family and
// no font file. Its QRawFont must not reach familyName() (Qt 6.8 reads the first of its no
// families: a crash, found by fuzzing) nor a GlyphItem (a painter could not find its face again):
// the typesetter draws such glyphs with a stand-in face. Recognised by having no font tables.
bool isFacelessFont(const QRawFont &raw);
// The layout's request for `face` (GlyphItem::font) at `pixelSize`, if one was noted.
bool layoutFaceRequest(const QFont &face, double pixelSize, LayoutFaceRequest *out);

// One call of Typesetter::typeset(), as seen by an observer (tests: replay the paragraphs of a
// real layout).
struct TypesetCall {
    QString text;
    ParaStyle style;
    double columnWidth = 0;
    bool endMark = true;
    QString layoutText;
};
// Called (from any layout thread, serialised) at every typeset(); an empty function (the default)
// turns it off.
void setTypesetObserver(std::function<void(const TypesetCall &)> observer);

} // namespace Okb::Detail
