// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzz target for the whole core pipeline, called as the plugin and the CLI call it: parse the
// bytes, align at sentence and paragraph level, export TMX and TSV, lay out in all six modes, read
// some pages' text and map it to article positions (AnchorIndex), paint a page or two, and (for
// short inputs) export a PDF with annotations.
//
// Input: 4 option bytes, then the file.
//   byte 0: bits 0-2 how the file is presented (0, 1, 7: as is; 2: UTF-8 BOM added; 3/4: UTF-16
//           LE/BE with BOM; 5: GB18030; 6: CRLF line ends), bit 3 the other alignment level
//           than the CLI's default for the bilingual modes, bit 4 no dictionary, bits 5-6 page
//           storage (Auto, Eager, Lazy, Auto), bit 7 PDF export (short inputs only)
//   byte 1: bits 0-2 paper (A4, A5, Letter, A6, 90x120 mm, B5, 60x80 mm, A4 landscape), bits 3-5
//           margins (default, 5 mm, 60 mm, 0 mm, mixed, -5 mm, 30/5 mm, 150 mm), bit 6 Chinese
//           column first, bit 7 no fault marks
//   byte 2: bits 0-3 Latin size 6..24 pt, bits 4-7 CJK size 6..24 pt (the settings' range)
//   byte 3: bits 0-3 line spacing 1.0..3.0 (the settings' range), bit 4 pair numbers, bit 5 no
//           hyphenation, bit 6 a font family that does not exist, bit 7 paint every mode's pages
// The option bytes make each corpus file one fixed run, so a crash replays exactly.
//
// Built with libFuzzer (./dev fuzz) and, without it, into tst_fuzzreplay_pipeline, which replays
// tests/data/fuzz-regressions/pipeline/ in the normal test pass.

#include "fuzzsupport.h"

#include "align/aligner.h"
#include "export/pdfexporter.h"
#include "export/tmxwriter.h"
#include "export/tsvwriter.h"
#include "layout/layoutengine.h"
#include "layout/textanchor.h"
#include "paint/pagepainter.h"
#include "parse/articleparser.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QStringDecoder>
#include <QStringEncoder>

#include <cmath>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace
{

// Larger inputs are skipped: the samples' longest article is 60 KiB, and time per run must stay
// short for the fuzzer to get anywhere.
constexpr size_t kMaxFile = 64 * 1024;
// PDF export (QPdfWriter + the qpdf module) only below this many characters of text and pages.
constexpr qsizetype kPdfMaxChars = 6000;
constexpr qsizetype kPdfMaxPages = 8;

QByteArray present(const QByteArray &raw, int how)
{
    switch (how) {
    case 2:
        return QByteArray("\xEF\xBB\xBF") + raw;
    case 3:
        return QByteArray("\xFF\xFE") + QStringEncoder(QStringEncoder::Utf16LE).encode(QString::fromUtf8(raw));
    case 4:
        return QByteArray("\xFE\xFF") + QStringEncoder(QStringEncoder::Utf16BE).encode(QString::fromUtf8(raw));
    case 5: {
        QStringEncoder gb("GB18030");
        if (!gb.isValid()) {
            return raw;
        }
        return gb.encode(QString::fromUtf8(raw));
    }
    case 6: {
        QByteArray crlf = raw;
        crlf.replace("\r\n", "\n");
        crlf.replace("\n", "\r\n");
        return crlf;
    }
    default:
        return raw;
    }
}

Okb::LayoutSettings settingsFrom(const uint8_t *opt)
{
    Okb::LayoutSettings s;
    static const QPageSize papers[] = {
        QPageSize(QPageSize::A4),
        QPageSize(QPageSize::A5),
        QPageSize(QPageSize::Letter),
        QPageSize(QPageSize::A6),
        QPageSize(QSizeF(90, 120), QPageSize::Millimeter),
        QPageSize(QPageSize::B5),
        QPageSize(QSizeF(60, 80), QPageSize::Millimeter),
        QPageSize(QSizeF(297, 210), QPageSize::Millimeter),
    };
    s.pageSize = papers[opt[1] & 7];
    static const QMarginsF margins[] = {
        QMarginsF(22, 20, 22, 22),
        QMarginsF(5, 5, 5, 5),
        QMarginsF(60, 60, 60, 60),
        QMarginsF(0, 0, 0, 0),
        QMarginsF(5, 60, 40, 5),
        QMarginsF(-5, -5, -5, -5),
        QMarginsF(30, 5, 5, 30),
        QMarginsF(150, 20, 150, 22),
    };
    s.marginsMm = margins[(opt[1] >> 3) & 7];
    s.chineseFirstInColumns = opt[1] & 0x40;
    s.faultMarks = !(opt[1] & 0x80);
    s.latinPointSize = 6.0 + (opt[2] & 15) * 18.0 / 15.0;
    s.cjkPointSize = 6.0 + (opt[2] >> 4) * 18.0 / 15.0;
    s.lineSpacing = 1.0 + (opt[3] & 15) * 2.0 / 15.0;
    s.sentenceNumbers = opt[3] & 0x10;
    s.hyphenate = !(opt[3] & 0x20);
    if (opt[3] & 0x40) {
        s.latinFamily = u"No Such Family Okb"_s;
    }
    static const Okb::LayoutSettings::PageStorage storage[] = {
        Okb::LayoutSettings::PageStorage::Auto,
        Okb::LayoutSettings::PageStorage::Eager,
        Okb::LayoutSettings::PageStorage::Lazy,
        Okb::LayoutSettings::PageStorage::Auto,
    };
    s.pageStorage = storage[(opt[0] >> 5) & 3];
    return s;
}

void checkArticle(const Okb::Article &a)
{
    for (const QList<Okb::Block> *blocks : {&a.english, &a.chinese}) {
        for (const Okb::Block &b : *blocks) {
            OKB_FUZZ_CHECK(!b.text.isEmpty()); // "Never empty" (article.h)
        }
    }
}

void checkAlignment(const Okb::Article &a, const Okb::Alignment &al)
{
    const QList<Okb::Block> *blocks[] = {&a.english, &a.chinese};
    const QList<Okb::Segment> *segments[] = {&al.english, &al.chinese};
    for (int l = 0; l < 2; ++l) {
        for (const Okb::Segment &s : *segments[l]) {
            OKB_FUZZ_CHECK(s.block >= 0 && s.block < blocks[l]->size());
            OKB_FUZZ_CHECK(s.start >= 0 && s.length >= 0 && s.start + s.length <= blocks[l]->at(s.block).text.size());
        }
    }
    // Every segment belongs to exactly one pair; a pair's indices ascend contiguously.
    QList<int> seen[2] = {QList<int>(al.english.size(), 0), QList<int>(al.chinese.size(), 0)};
    for (const Okb::AlignedPair &p : al.pairs) {
        const QList<int> *ids[] = {&p.english, &p.chinese};
        for (int l = 0; l < 2; ++l) {
            for (qsizetype i = 0; i < ids[l]->size(); ++i) {
                const int id = ids[l]->at(i);
                OKB_FUZZ_CHECK(id >= 0 && id < seen[l].size());
                OKB_FUZZ_CHECK(i == 0 || id == ids[l]->at(i - 1) + 1);
                ++seen[l][id];
            }
        }
        OKB_FUZZ_CHECK(std::isfinite(p.confidence) && p.confidence >= 0 && p.confidence <= 1);
    }
    for (int l = 0; l < 2; ++l) {
        for (int n : std::as_const(seen[l])) {
            OKB_FUZZ_CHECK(n == 1);
        }
    }
    // Block groups cover every block exactly once (aligner.h).
    QList<int> covered[2] = {QList<int>(a.english.size(), 0), QList<int>(a.chinese.size(), 0)};
    for (const Okb::BlockGroup &g : Okb::blockGroups(a, al)) {
        for (int b : g.english) {
            OKB_FUZZ_CHECK(b >= 0 && b < covered[0].size());
            ++covered[0][b];
        }
        for (int b : g.chinese) {
            OKB_FUZZ_CHECK(b >= 0 && b < covered[1].size());
            ++covered[1][b];
        }
    }
    if (!al.pairs.isEmpty()) {
        for (int l = 0; l < 2; ++l) {
            for (int n : std::as_const(covered[l])) {
                OKB_FUZZ_CHECK(n == 1);
            }
        }
    }
}

void checkExports(const Okb::Article &a, const Okb::Alignment &al)
{
    QByteArray tmx;
    QBuffer tmxBuffer(&tmx);
    OKB_FUZZ_CHECK(tmxBuffer.open(QIODevice::WriteOnly));
    OKB_FUZZ_CHECK(Okb::writeTmx(a, al, &tmxBuffer));
    OKB_FUZZ_CHECK(tmx.contains("</tmx>"));

    QByteArray tsv;
    QBuffer tsvBuffer(&tsv);
    OKB_FUZZ_CHECK(tsvBuffer.open(QIODevice::WriteOnly));
    OKB_FUZZ_CHECK(Okb::writeTsv(a, al, &tsvBuffer));
    // One line per pair plus the header, six fields each (tabs and line breaks in text are spaces).
    OKB_FUZZ_CHECK(tsv.count('\n') == al.pairs.size() + 1);
    OKB_FUZZ_CHECK(tsv.count('\t') == 5 * (al.pairs.size() + 1));
}

bool finite(const QRectF &r)
{
    return std::isfinite(r.x()) && std::isfinite(r.y()) && std::isfinite(r.width()) && std::isfinite(r.height());
}

// Reads page `index` as the generator does (text for Okular's TextPage, anchors for annotations
// and the reading position).
void checkPage(const Okb::LaidOutDocument &doc, const Okb::AnchorIndex &anchors, int index)
{
    const Okb::LaidOutPage page = doc.pages.at(index);
    OKB_FUZZ_CHECK(page.text.size() == doc.pages.textSize(index));
    const QString text = page.text.text();
    OKB_FUZZ_CHECK(text.size() >= page.text.size());
    for (qsizetype i = 0; i < page.text.size(); ++i) {
        OKB_FUZZ_CHECK(finite(page.text.rectAt(i)));
    }
    for (const Okb::GlyphItem &g : page.glyphs) {
        OKB_FUZZ_CHECK(std::isfinite(g.pixelSize));
    }
    // A box's article position leads back to a box.
    const qsizetype step = std::max<qsizetype>(1, page.text.size() / 16);
    for (qsizetype i = 0; i < page.text.size(); i += step) {
        const Okb::TextAnchor anchor = anchors.anchorAt(index, int(i));
        if (anchor.isValid()) {
            int p = -1;
            int b = -1;
            OKB_FUZZ_CHECK(anchors.locate(anchor, &p, &b));
            OKB_FUZZ_CHECK(p >= 0 && p < doc.pages.size() && b >= 0 && b < doc.pages.textSize(p));
            for (const Okb::TextSpan &span : anchors.spansOf(anchor.language, anchor.block, anchor.offset, anchor.offset + 3)) {
                OKB_FUZZ_CHECK(span.page >= 0 && span.page < doc.pages.size());
                OKB_FUZZ_CHECK(span.index >= 0 && span.index + span.count <= doc.pages.textSize(span.page));
            }
        }
    }
    OKB_FUZZ_CHECK(!anchors.anchorAt(index, int(page.text.size())).isValid());
}

void checkDocument(const Okb::Article &a, const Okb::LaidOutDocument &doc, bool paint)
{
    OKB_FUZZ_CHECK(doc.pageSize.width() > 0 && doc.pageSize.height() > 0);
    const qsizetype pages = doc.pages.size();
    for (const Okb::TocEntry &e : doc.toc) {
        OKB_FUZZ_CHECK(e.page >= 0 && e.page < pages);
    }
    for (const Okb::LaidOutBlock &b : doc.blocks) {
        OKB_FUZZ_CHECK(b.page >= 0 && b.page < pages);
        const QList<Okb::Block> &blocks = b.language == Okb::Language::English ? a.english : a.chinese;
        OKB_FUZZ_CHECK(b.block >= -1 && b.block < blocks.size());
    }
    if (pages == 0) {
        return;
    }
    const Okb::AnchorIndex anchors(doc);
    QList<int> sample = {0, int(pages / 2), int(pages - 1)};
    for (int i : std::as_const(sample)) {
        checkPage(doc, anchors, i);
    }
    if (paint) {
        // Small images: what matters is that every item is drawn, not the pixels.
        const QImage whole = Okb::renderPageImage(doc, 0, 140, 198);
        OKB_FUZZ_CHECK(whole.size() == QSize(140, 198));
        const QImage part = Okb::renderPagePart(doc, int(pages - 1), QSize(420, 594), QRect(100, 150, 120, 160));
        OKB_FUZZ_CHECK(part.size() == QSize(120, 160));
    }
}

void exportPdf(const Okb::Article &a, const Okb::LaidOutDocument &doc)
{
    Okb::PdfExportOptions options;
    if (!doc.pages.isEmpty()) {
        // Annotations made from the first page's text, as the generator hands them over.
        const Okb::LaidOutPage page = doc.pages.at(0);
        Okb::PageAnnotation highlight;
        highlight.kind = Okb::PageAnnotation::Kind::Highlight;
        for (qsizetype i = 0; i < std::min<qsizetype>(page.text.size(), 12); ++i) {
            const QRectF r = page.text.rectAt(i);
            highlight.quads.append(QPolygonF({r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()}));
            highlight.rect |= r;
        }
        highlight.contents = a.displayTitle();
        options.annotations.append(highlight);
        Okb::PageAnnotation note;
        note.kind = Okb::PageAnnotation::Kind::FreeText;
        note.rect = QRectF(20, 20, 120, 40);
        note.contents = a.english.isEmpty() ? a.zh.title : a.english.first().text.left(80);
        options.annotations.append(note);
        Okb::PageAnnotation ink;
        ink.kind = Okb::PageAnnotation::Kind::Ink;
        ink.paths.append(QPolygonF({QPointF(30, 30), QPointF(60, 90), QPointF(90, 40)}));
        ink.rect = ink.paths.first().boundingRect();
        ink.page = int(doc.pages.size() - 1);
        options.annotations.append(ink);
    }
    QString error;
    Okb::PdfExportResult result;
    const QByteArray pdf = Okb::exportPdfData(doc, a, options, &error, &result);
    OKB_FUZZ_CHECK(pdf.startsWith("%PDF-") || !error.isEmpty());
    OKB_FUZZ_CHECK(result.writtenAnnotations + result.skippedAnnotations <= options.annotations.size());
}

// OKB_FUZZ_TIMING=1: each stage's time on stderr (to find what makes an input slow).
class StageTimer
{
public:
    StageTimer()
        : m_on(qEnvironmentVariableIntValue("OKB_FUZZ_TIMING") != 0)
    {
        m_timer.start();
    }
    void done(const char *stage)
    {
        if (m_on) {
            std::fprintf(stderr, "okb-fuzz: %-28s %6lld ms\n", stage, m_timer.restart());
        }
    }

private:
    bool m_on;
    QElapsedTimer m_timer;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4 || size - 4 > kMaxFile) {
        return 0;
    }
    OkbFuzz::ensureApplication();
    const uint8_t *opt = data;
    const QByteArray file = present(QByteArray(reinterpret_cast<const char *>(data + 4), qsizetype(size - 4)), opt[0] & 7);

    StageTimer timer;
    const Okb::ParseResult parsed = Okb::parseArticle(file);
    timer.done("parse");
    if (!parsed.ok) {
        OKB_FUZZ_CHECK(!parsed.error.isEmpty()); // a clear message
        return 0;
    }
    const Okb::Article &article = parsed.article;
    checkArticle(article);

    Okb::AlignOptions options;
    options.useDictionary = !(opt[0] & 0x10);
    options.level = Okb::AlignLevel::Sentence;
    const Okb::Alignment sentences = Okb::alignArticle(article, options);
    timer.done("align sentences");
    checkAlignment(article, sentences);
    checkExports(article, sentences);
    timer.done("check + TMX/TSV");
    options.level = Okb::AlignLevel::Paragraph;
    const Okb::Alignment paragraphs = Okb::alignArticle(article, options);
    timer.done("align paragraphs");
    checkAlignment(article, paragraphs);
    if (opt[0] & 0x80) {
        checkExports(article, paragraphs);
    }
    timer.done("check + TMX/TSV");

    Okb::LayoutSettings settings = settingsFrom(opt);
    const qsizetype chars = Okb::Article::textSize(article.english) + Okb::Article::textSize(article.chinese);
    static const Okb::LayoutMode modes[] = {
        Okb::LayoutMode::SourceOrder,
        Okb::LayoutMode::Interlinear,
        Okb::LayoutMode::SideBySide,
        Okb::LayoutMode::FacingPages,
        Okb::LayoutMode::EnglishOnly,
        Okb::LayoutMode::ChineseOnly,
    };
    // The mode whose pages are painted (all with bit 7 of byte 3) and exported as PDF.
    const int paintedMode = (opt[2] ^ opt[3]) % 6;
    for (int m = 0; m < 6; ++m) {
        settings.mode = modes[m];
        const bool bilingual = m >= 1 && m <= 3;
        // The CLI's default: sentences interlinear, paragraphs in columns and facing pages.
        bool sentenceLevel = settings.mode == Okb::LayoutMode::Interlinear;
        if (opt[0] & 0x08) {
            sentenceLevel = !sentenceLevel;
        }
        settings.alignLevel = sentenceLevel ? Okb::AlignLevel::Sentence : Okb::AlignLevel::Paragraph;
        const Okb::Alignment &alignment = sentenceLevel ? sentences : paragraphs;
        // As the generator: no alignment when it has no pairs.
        const Okb::Alignment *given = bilingual && !alignment.pairs.isEmpty() ? &alignment : nullptr;
        const Okb::LaidOutDocument doc = Okb::layoutArticle(article, given, settings);
        timer.done("layout");
        checkDocument(article, doc, m == paintedMode || (opt[3] & 0x80));
        timer.done("pages, anchors, paint");
        if (m == paintedMode && (opt[0] & 0x80) && chars <= kPdfMaxChars && doc.pages.size() <= kPdfMaxPages) {
            exportPdf(article, doc);
            timer.done("PDF");
        }
    }
    return 0;
}
