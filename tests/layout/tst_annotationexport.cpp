// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The reader's annotations: painted for printing (paintAnnotations) and written into the exported
// PDF as real annotations, read back with Poppler.

#include "export/pdfexporter.h"
#include "layout/layoutengine.h"
#include "paint/annotationpainter.h"
#include "paint/pagepainter.h"
#include "parse/articleparser.h"

#include <poppler-qt6.h>

#include <QBuffer>
#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Okb;
using namespace Qt::StringLiterals;

namespace
{
// Where a phrase of the page text is: its page and one rectangle per line it occupies (the union
// of its characters' TextBoxes on that line).
struct Found {
    int page = -1;
    QList<QRectF> lines;
};

Found findPhrase(const LaidOutDocument &doc, const QString &phrase)
{
    for (int p = 0; p < doc.pages.size(); ++p) {
        const PageText &boxes = doc.pages.at(p).text;
        QString text;
        QList<int> boxOf; // UTF-16 index -> box index
        for (int i = 0; i < boxes.size(); ++i) {
            text += boxes.at(i).text;
            for (qsizetype k = 0; k < boxes.at(i).text.size(); ++k) {
                boxOf.append(i);
            }
        }
        const qsizetype at = text.indexOf(phrase);
        if (at < 0) {
            continue;
        }
        Found f;
        f.page = p;
        const int first = boxOf.at(at);
        const int last = boxOf.at(at + phrase.size() - 1);
        for (int i = first; i <= last; ++i) {
            const QRectF r = boxes.at(i).rect;
            if (boxes.at(i).text == u"\n"_s || r.width() <= 0) {
                continue;
            }
            if (!f.lines.isEmpty() && std::abs(f.lines.last().center().y() - r.center().y()) < r.height() / 2) {
                f.lines.last() = f.lines.last().united(r);
            } else {
                f.lines.append(r);
            }
        }
        return f;
    }
    return Found();
}

QList<QPolygonF> quadsOf(const QList<QRectF> &lines)
{
    QList<QPolygonF> quads;
    for (const QRectF &r : lines) {
        quads.append(QPolygonF{r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()});
    }
    return quads;
}

QRectF unite(const QList<QRectF> &rects)
{
    QRectF u;
    for (const QRectF &r : rects) {
        u = u.isNull() ? r : u.united(r);
    }
    return u;
}

QRectF normalized(const QRectF &r, const QSizeF &page)
{
    return QRectF(r.x() / page.width(), r.y() / page.height(), r.width() / page.width(), r.height() / page.height());
}

bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance;
}

// Colours go through the PDF as 3-decimal reals.
bool sameColor(const QColor &a, const QColor &b)
{
    return near(a.redF(), b.redF(), 0.002) && near(a.greenF(), b.greenF(), 0.002) && near(a.blueF(), b.blueF(), 0.002);
}

QString noSpace(QString s)
{
    s.remove(QRegularExpression(u"\\s"_s));
    return s;
}

int luminance(QRgb c)
{
    return (qRed(c) * 299 + qGreen(c) * 587 + qBlue(c) * 114) / 1000;
}

// Pixels inside a highlight's quads (scaled by px, a pixel in from the edges): how many of them are
// yellow in `with`, and of the text's dark pixels in `without`, how many stay dark (luminance below
// darkLimit) in `with`.
struct HighlightPixels {
    int yellow = 0;
    int total = 0;
    int darkBefore = 0;
    int darkAfter = 0;
};
HighlightPixels highlightPixels(const QImage &with, const QImage &without, const QList<QPolygonF> &quads, double px, int darkLimit, int blueLimit = 80)
{
    HighlightPixels h;
    for (const QPolygonF &q : quads) {
        const QRect r = QRectF(q.boundingRect().topLeft() * px, q.boundingRect().bottomRight() * px).toAlignedRect().adjusted(1, 1, -1, -1);
        for (int y = r.top(); y <= r.bottom(); ++y) {
            for (int x = r.left(); x <= r.right(); ++x) {
                const QRgb a = with.pixel(x, y);
                ++h.total;
                h.yellow += qRed(a) > 200 && qGreen(a) > 180 && qBlue(a) < blueLimit ? 1 : 0;
                if (luminance(without.pixel(x, y)) < 60) {
                    ++h.darkBefore;
                    h.darkAfter += luminance(a) < darkLimit ? 1 : 0;
                }
            }
        }
    }
    return h;
}

QString outputDir()
{
    return QStringLiteral(OKB_BUILD_DIR);
}
} // namespace

class AnnotationExportTest : public QObject
{
    Q_OBJECT

    Article m_article;
    LaidOutDocument m_doc;
    // Phrases of the reference sample the annotations are put on.
    const QString m_zhPhrase = u"苏联政府关于朝鲜局势与苏美关系致美国政府的声明"_s;
    const QString m_enPhrase = u"Soviet government's statement"_s;
    const QString m_strikePhrase = u"U.S. government"_s;
    const QString m_squigglyPhrase = u"塔斯社"_s;
    Found m_zh;
    Found m_en;
    Found m_strike;
    Found m_squiggly;

    PageAnnotation base(PageAnnotation::Kind kind, int page, const QString &name) const
    {
        PageAnnotation a;
        a.kind = kind;
        a.page = page;
        a.author = u"Reader 读者"_s;
        a.uniqueName = name;
        a.created = QDateTime(QDate(2026, 11, 28), QTime(9, 30, 0), QTimeZone::UTC);
        a.modified = QDateTime(QDate(2026, 11, 29), QTime(10, 15, 30), QTimeZone::UTC);
        return a;
    }

    // One annotation of every kind, on real text positions of the reference sample (the
    // highlight, underline, strike-out and squiggly) or in the page margins (the rest).
    QList<PageAnnotation> makeAnnotations() const
    {
        QList<PageAnnotation> list;
        PageAnnotation hl = base(PageAnnotation::Kind::Highlight, m_zh.page, u"okb-highlight"_s);
        hl.quads = quadsOf(m_zh.lines);
        hl.rect = unite(m_zh.lines);
        hl.color = QColor(255, 230, 0);
        hl.contents = u"重要：声明全文"_s;
        list << hl;

        PageAnnotation ul = base(PageAnnotation::Kind::Underline, m_en.page, u"okb-underline"_s);
        ul.quads = quadsOf(m_en.lines);
        ul.rect = unite(m_en.lines);
        ul.color = QColor(0, 80, 220);
        ul.contents = u"key phrase"_s;
        list << ul;

        PageAnnotation so = base(PageAnnotation::Kind::StrikeOut, m_strike.page, u"okb-strikeout"_s);
        so.quads = quadsOf(m_strike.lines);
        so.rect = unite(m_strike.lines);
        so.color = QColor(220, 0, 0);
        list << so;

        PageAnnotation sq = base(PageAnnotation::Kind::Squiggly, m_squiggly.page, u"okb-squiggly"_s);
        sq.quads = quadsOf(m_squiggly.lines);
        sq.rect = unite(m_squiggly.lines);
        sq.color = QColor(0, 160, 60);
        list << sq;

        const QRectF enFirst = m_en.lines.first();
        PageAnnotation note = base(PageAnnotation::Kind::Note, m_en.page, u"okb-note"_s);
        note.rect = QRectF(12, enFirst.top(), 18, 18); // left margin, beside the underlined phrase
        note.color = QColor(255, 200, 60);
        note.contents = u"A note – 一条注释 (see the Chinese original)"_s;
        list << note;

        PageAnnotation ft = base(PageAnnotation::Kind::FreeText, m_en.page, u"okb-freetext"_s);
        ft.rect = QRectF(m_doc.pageSize.width() - 150, 8, 140, 30); // top right, above the text
        ft.color = QColor(230, 245, 255);
        ft.textColor = QColor(20, 20, 120);
        ft.fontSize = 9;
        ft.contents = u"Free text 自由文本：大长"_s; // 大 and 长 share glyphs with radicals (see pdfexporter.cpp)
        list << ft;

        PageAnnotation ink = base(PageAnnotation::Kind::Ink, m_zh.page, u"okb-ink"_s);
        const QRectF zhLast = m_zh.lines.last();
        QPolygonF stroke;
        for (int i = 0; i <= 8; ++i) { // a zigzag in the right margin beside the highlight
            stroke << QPointF(m_doc.pageSize.width() - 40 + (i % 2) * 20, zhLast.top() - 20 + i * 6);
        }
        ink.paths = {stroke, QPolygonF{QPointF(m_doc.pageSize.width() - 45, zhLast.top() + 35), QPointF(m_doc.pageSize.width() - 15, zhLast.top() + 35)}};
        ink.rect = QRectF(m_doc.pageSize.width() - 45, zhLast.top() - 20, 30, 55);
        ink.color = QColor(200, 0, 120);
        ink.width = 2;
        list << ink;

        PageAnnotation line = base(PageAnnotation::Kind::Line, m_en.page, u"okb-line"_s);
        line.paths = {QPolygonF{QPointF(36, m_doc.pageSize.height() - 30), QPointF(200, m_doc.pageSize.height() - 20)}};
        line.rect = line.paths.first().boundingRect();
        line.color = QColor(90, 90, 90);
        line.width = 1.5;
        list << line;

        PageAnnotation square = base(PageAnnotation::Kind::Square, m_en.page, u"okb-square"_s);
        square.rect = QRectF(230, m_doc.pageSize.height() - 34, 40, 24);
        square.color = QColor(0, 120, 120);
        square.interiorColor = QColor(200, 255, 255);
        square.width = 1.5;
        list << square;

        PageAnnotation circle = base(PageAnnotation::Kind::Circle, m_en.page, u"okb-circle"_s);
        circle.rect = QRectF(290, m_doc.pageSize.height() - 34, 40, 24);
        circle.color = QColor(150, 60, 0);
        circle.opacity = 0.6;
        circle.width = 2;
        list << circle;
        return list;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const ParseResult r = parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"));
        QVERIFY(r.ok);
        m_article = r.article;
        m_doc = layoutArticle(m_article, nullptr, LayoutSettings());
        QVERIFY(!m_doc.pages.isEmpty());
        m_zh = findPhrase(m_doc, m_zhPhrase);
        m_en = findPhrase(m_doc, m_enPhrase);
        m_strike = findPhrase(m_doc, m_strikePhrase);
        m_squiggly = findPhrase(m_doc, m_squigglyPhrase);
        QVERIFY(m_zh.page >= 0 && !m_zh.lines.isEmpty());
        QVERIFY(m_en.page >= 0 && !m_en.lines.isEmpty());
        QVERIFY(m_strike.page >= 0 && !m_strike.lines.isEmpty());
        QVERIFY(m_squiggly.page >= 0 && !m_squiggly.lines.isEmpty());
    }

    // Exports every kind, reads each annotation back with Poppler: subtype, contents, author,
    // name, dates, colour, boundary; the text under the highlight's quads is the phrase; the page
    // text is unchanged by the annotations; qpdf --check accepts the file.
    void exportReadBack()
    {
        const QList<PageAnnotation> annotations = makeAnnotations();
        QTemporaryDir dir;
        const QString path = dir.filePath(u"annotated.pdf"_s);
        const QString plainPath = dir.filePath(u"plain.pdf"_s);
        QString error;
        PdfExportOptions options;
        options.annotations = annotations;
        PdfExportResult result;
        QVERIFY2(exportPdf(m_doc, m_article, path, options, &error, &result), qPrintable(error));
        QCOMPARE(result.writtenAnnotations, annotations.size());
        QCOMPARE(result.skippedAnnotations, 0);
        QVERIFY2(exportPdf(m_doc, m_article, plainPath, &error), qPrintable(error));
        QFile::remove(outputDir() + u"/annotexport.pdf"_s);
        QVERIFY(QFile::copy(path, outputDir() + u"/annotexport.pdf"_s));

        const QString qpdf = QStandardPaths::findExecutable(u"qpdf"_s);
        QVERIFY2(!qpdf.isEmpty(), "the qpdf command is part of the development environment");
        QProcess check;
        check.start(qpdf, {u"--check"_s, path});
        QVERIFY(check.waitForFinished(60000));
        const QString checkOutput = QString::fromUtf8(check.readAllStandardOutput() + check.readAllStandardError());
        QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0, qPrintable(checkOutput));
        QVERIFY2(checkOutput.contains(u"No syntax or stream encoding errors found"_s), qPrintable(checkOutput));
        QVERIFY2(!checkOutput.contains(u"WARNING"_s), qPrintable(checkOutput));

        std::unique_ptr<Poppler::Document> pdf = Poppler::Document::load(path);
        std::unique_ptr<Poppler::Document> plain = Poppler::Document::load(plainPath);
        QVERIFY(pdf && plain);
        QCOMPARE(pdf->numPages(), m_doc.pages.size());
        QCOMPARE(pdf->info(u"Creator"_s), u"okular-bilingual"_s);
        QCOMPARE(pdf->outline().size(), plain->outline().size());
        for (const Poppler::FontInfo &f : pdf->fonts()) { // the free text's fonts too
            QVERIFY2(f.isEmbedded(), qPrintable(f.name()));
        }

        // Every page's text is what it is without annotations (the note icon is paths, the
        // markup adds no text), except that Poppler extracts the free text's own words.
        const PageAnnotation &freeText = annotations.at(5);
        for (int p = 0; p < pdf->numPages(); ++p) {
            QString withAnnotations = pdf->page(p)->text(QRectF());
            const QString without = plain->page(p)->text(QRectF());
            if (p == freeText.page && withAnnotations != without) {
                withAnnotations = noSpace(withAnnotations);
                QVERIFY2(withAnnotations.contains(noSpace(freeText.contents)), qPrintable(withAnnotations.left(200)));
                withAnnotations.remove(noSpace(freeText.contents));
                QCOMPARE(withAnnotations, noSpace(without));
            } else {
                QCOMPARE(withAnnotations, without);
            }
        }

        const QSizeF pageSize = m_doc.pageSize;
        int found = 0;
        for (int p = 0; p < pdf->numPages(); ++p) {
            std::unique_ptr<Poppler::Page> page = pdf->page(p);
            QCOMPARE(page->pageSizeF(), pageSize);
            const std::vector<std::unique_ptr<Poppler::Annotation>> read = page->annotations();
            for (const std::unique_ptr<Poppler::Annotation> &annot : read) {
                auto it = std::find_if(annotations.cbegin(), annotations.cend(), [&](const PageAnnotation &a) {
                    return a.uniqueName == annot->uniqueName();
                });
                QVERIFY2(it != annotations.cend(), qPrintable(annot->uniqueName()));
                const PageAnnotation &a = *it;
                ++found;
                QCOMPARE(a.page, p);
                QCOMPARE(annot->author(), a.author);
                QCOMPARE(annot->contents(), a.contents);
                QCOMPARE(annot->creationDate(), a.created);
                QCOMPARE(annot->modificationDate(), a.modified);
                const QColor color = annot->style().color();
                QVERIFY2(sameColor(color, a.color), qPrintable(a.uniqueName + u' ' + color.name()));
                QVERIFY(near(annot->style().opacity(), a.opacity, 0.001));
                QVERIFY(!(annot->flags() & Poppler::Annotation::Hidden));
                QVERIFY(!(annot->flags() & Poppler::Annotation::DenyPrint));

                // The boundary is what the annotation paints: it holds a.rect (or the note's
                // icon), and exceeds it by no more than the stroke and 1 pt.
                const QRectF bound = annot->boundary();
                QRectF expected = a.kind == PageAnnotation::Kind::Note ? noteIconRect(a) : a.rect;
                const double slack = 1.0
                    + (a.kind == PageAnnotation::Kind::Ink || a.kind == PageAnnotation::Kind::Line ? a.width / 2
                           : a.kind == PageAnnotation::Kind::Note                                  ? noteIconRect(a).width() / 32
                                                                                                   : 0.0);
                const QRectF inner = normalized(expected.adjusted(0.01, 0.01, -0.01, -0.01), pageSize);
                const QRectF outer = normalized(expected.adjusted(-slack, -slack, slack, slack), pageSize);
                QVERIFY2(bound.contains(inner) && outer.contains(bound),
                         qPrintable(u"%1: boundary %2,%3 %4x%5"_s.arg(a.uniqueName)
                                        .arg(bound.x() * pageSize.width())
                                        .arg(bound.y() * pageSize.height())
                                        .arg(bound.width() * pageSize.width())
                                        .arg(bound.height() * pageSize.height())));

                switch (a.kind) {
                case PageAnnotation::Kind::Highlight:
                case PageAnnotation::Kind::Underline:
                case PageAnnotation::Kind::StrikeOut:
                case PageAnnotation::Kind::Squiggly: {
                    QCOMPARE(annot->subType(), Poppler::Annotation::AHighlight);
                    auto *h = static_cast<Poppler::HighlightAnnotation *>(annot.get());
                    const Poppler::HighlightAnnotation::HighlightType type = a.kind == PageAnnotation::Kind::Highlight ? Poppler::HighlightAnnotation::Highlight
                        : a.kind == PageAnnotation::Kind::Underline                                                    ? Poppler::HighlightAnnotation::Underline
                        : a.kind == PageAnnotation::Kind::StrikeOut                                                    ? Poppler::HighlightAnnotation::StrikeOut
                                                                                                                       : Poppler::HighlightAnnotation::Squiggly;
                    QCOMPARE(h->highlightType(), type);
                    const QList<Poppler::HighlightAnnotation::Quad> quads = h->highlightQuads();
                    QCOMPARE(quads.size(), a.quads.size());
                    QRectF textRect;
                    for (qsizetype q = 0; q < quads.size(); ++q) {
                        for (int k = 0; k < 4; ++k) { // same corners in the same order
                            const QPointF got(quads.at(q).points[k].x() * pageSize.width(), quads.at(q).points[k].y() * pageSize.height());
                            const QPointF want = a.quads.at(q).at(k);
                            QVERIFY2(near(got.x(), want.x(), 0.01) && near(got.y(), want.y(), 0.01),
                                     qPrintable(u"%1 quad %2 corner %3: %4,%5 vs %6,%7"_s.arg(a.uniqueName)
                                                    .arg(q)
                                                    .arg(k)
                                                    .arg(got.x())
                                                    .arg(got.y())
                                                    .arg(want.x())
                                                    .arg(want.y())));
                        }
                    }
                    // The text under each quad, read by Poppler, is the phrase's piece on that
                    // line; all pieces together are the phrase.
                    QString under;
                    for (const QPolygonF &q : a.quads) {
                        under += page->text(q.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5));
                    }
                    const QString phrase = a.uniqueName == u"okb-highlight"_s ? m_zhPhrase
                        : a.uniqueName == u"okb-underline"_s                  ? m_enPhrase
                        : a.uniqueName == u"okb-strikeout"_s                  ? m_strikePhrase
                                                                              : m_squigglyPhrase;
                    QCOMPARE(noSpace(under), noSpace(phrase));
                    break;
                }
                case PageAnnotation::Kind::Note: {
                    QCOMPARE(annot->subType(), Poppler::Annotation::AText);
                    auto *t = static_cast<Poppler::TextAnnotation *>(annot.get());
                    QCOMPARE(t->textType(), Poppler::TextAnnotation::Linked);
                    QCOMPARE(t->textIcon(), u"Note"_s);
                    break;
                }
                case PageAnnotation::Kind::FreeText: {
                    QCOMPARE(annot->subType(), Poppler::Annotation::AText);
                    auto *t = static_cast<Poppler::TextAnnotation *>(annot.get());
                    QCOMPARE(t->textType(), Poppler::TextAnnotation::InPlace);
                    QVERIFY(sameColor(t->textColor(), a.textColor));
                    QVERIFY(near(t->textFont().pointSizeF(), a.fontSize, 0.01));
                    break;
                }
                case PageAnnotation::Kind::Ink: {
                    QCOMPARE(annot->subType(), Poppler::Annotation::AInk);
                    auto *ink = static_cast<Poppler::InkAnnotation *>(annot.get());
                    const QList<QVector<QPointF>> paths = ink->inkPaths();
                    QCOMPARE(paths.size(), a.paths.size());
                    for (qsizetype i = 0; i < paths.size(); ++i) {
                        QCOMPARE(paths.at(i).size(), a.paths.at(i).size());
                        for (qsizetype k = 0; k < paths.at(i).size(); ++k) {
                            QVERIFY(near(paths.at(i).at(k).x() * pageSize.width(), a.paths.at(i).at(k).x(), 0.01));
                            QVERIFY(near(paths.at(i).at(k).y() * pageSize.height(), a.paths.at(i).at(k).y(), 0.01));
                        }
                    }
                    QVERIFY(near(annot->style().width(), a.width, 0.001));
                    break;
                }
                case PageAnnotation::Kind::Line: {
                    QCOMPARE(annot->subType(), Poppler::Annotation::ALine);
                    auto *l = static_cast<Poppler::LineAnnotation *>(annot.get());
                    QCOMPARE(l->lineType(), Poppler::LineAnnotation::StraightLine);
                    const QVector<QPointF> points = l->linePoints();
                    QCOMPARE(points.size(), 2);
                    for (int k = 0; k < 2; ++k) {
                        QVERIFY(near(points.at(k).x() * pageSize.width(), a.paths.first().at(k).x(), 0.01));
                        QVERIFY(near(points.at(k).y() * pageSize.height(), a.paths.first().at(k).y(), 0.01));
                    }
                    QVERIFY(near(annot->style().width(), a.width, 0.001));
                    break;
                }
                case PageAnnotation::Kind::Square:
                case PageAnnotation::Kind::Circle: {
                    QCOMPARE(annot->subType(), Poppler::Annotation::AGeom);
                    auto *g = static_cast<Poppler::GeomAnnotation *>(annot.get());
                    QCOMPARE(g->geomType(),
                             a.kind == PageAnnotation::Kind::Square ? Poppler::GeomAnnotation::InscribedSquare : Poppler::GeomAnnotation::InscribedCircle);
                    if (a.interiorColor.isValid()) {
                        QVERIFY(sameColor(g->geomInnerColor(), a.interiorColor));
                    }
                    QVERIFY(near(annot->style().width(), a.width, 0.001));
                    break;
                }
                }
            }
        }
        QCOMPARE(found, annotations.size());
    }

    // Renders the exported pages with Poppler (what any viewer and printing from the PDF show):
    // the highlight is yellow where the page was white and the text under it stays dark; every
    // page with annotations is saved as PNG in the build directory to look at.
    void exportRender()
    {
        const QList<PageAnnotation> annotations = makeAnnotations();
        PdfExportOptions options;
        options.annotations = annotations;
        QString error;
        const QByteArray data = exportPdfData(m_doc, m_article, options, &error);
        QVERIFY2(!data.isEmpty(), qPrintable(error));
        const QByteArray plainData = exportPdfData(m_doc, m_article, &error);
        std::unique_ptr<Poppler::Document> pdf = Poppler::Document::loadFromData(data);
        std::unique_ptr<Poppler::Document> plain = Poppler::Document::loadFromData(plainData);
        QVERIFY(pdf && plain);
        for (Poppler::Document *d : {pdf.get(), plain.get()}) {
            d->setRenderHint(Poppler::Document::Antialiasing);
            d->setRenderHint(Poppler::Document::TextAntialiasing);
        }
        constexpr double dpi = 144;
        const double px = dpi / 72;
        QSet<int> pages;
        for (const PageAnnotation &a : annotations) {
            pages.insert(a.page);
        }
        for (const int p : std::as_const(pages)) {
            const QImage image = pdf->page(p)->renderToImage(dpi, dpi).convertToFormat(QImage::Format_RGB32);
            QVERIFY(!image.isNull());
            QVERIFY(image.save(outputDir() + u"/annotexport-page%1.png"_s.arg(p + 1)));
        }

        // The highlight: inside its quads, count yellow pixels (page background multiplied by
        // the highlight colour) and check the text's darkest pixels are as dark as without it.
        const PageAnnotation &hl = annotations.at(0);
        const QImage with = pdf->page(hl.page)->renderToImage(dpi, dpi).convertToFormat(QImage::Format_RGB32);
        const QImage without = plain->page(hl.page)->renderToImage(dpi, dpi).convertToFormat(QImage::Format_RGB32);
        const HighlightPixels h = highlightPixels(with, without, hl.quads, px, 70);
        QVERIFY2(h.yellow > h.total / 3, qPrintable(u"%1 of %2 pixels yellow"_s.arg(h.yellow).arg(h.total)));
        QVERIFY(h.darkBefore > 100);
        QVERIFY2(h.darkAfter >= h.darkBefore * 95 / 100, qPrintable(u"%1 of %2 dark text pixels stay dark"_s.arg(h.darkAfter).arg(h.darkBefore)));

        // Each other annotation changes pixels inside its boundary.
        for (const PageAnnotation &a : annotations) {
            const QImage img = pdf->page(a.page)->renderToImage(dpi, dpi).convertToFormat(QImage::Format_RGB32);
            const QImage ref = plain->page(a.page)->renderToImage(dpi, dpi).convertToFormat(QImage::Format_RGB32);
            const QRectF b = annotationBounds(a);
            const QRect r = QRectF(b.topLeft() * px, b.bottomRight() * px).toAlignedRect().intersected(img.rect());
            int changed = 0;
            for (int y = r.top(); y <= r.bottom(); ++y) {
                for (int x = r.left(); x <= r.right(); ++x) {
                    changed += img.pixel(x, y) != ref.pixel(x, y) ? 1 : 0;
                }
            }
            QVERIFY2(changed > r.width() * r.height() / 50, qPrintable(u"%1: %2 pixels changed"_s.arg(a.uniqueName).arg(changed)));
        }
    }

    // paintAnnotations() (printing): on a rendered page, the highlight turns the white under its
    // quads yellow and leaves the text dark; pixels away from every annotation stay as they were;
    // annotations of other pages are not drawn.
    void paintForPrinting()
    {
        const QList<PageAnnotation> annotations = makeAnnotations();
        const PageAnnotation &hl = annotations.at(0);
        constexpr double px = 2.0; // 144 dpi
        const QSize size = (m_doc.pageSize * px).toSize();
        const QImage before = renderPageImage(m_doc, hl.page, size.width(), size.height());
        QImage after = before;
        {
            QPainter painter(&after);
            painter.scale(px, px);
            paintAnnotations(&painter, annotations, hl.page);
        }
        QVERIFY(after.save(outputDir() + u"/annotpaint-page%1.png"_s.arg(hl.page + 1)));

        QRegion annotated;
        for (const PageAnnotation &a : annotations) {
            if (a.page == hl.page) {
                const QRectF b = annotationBounds(a);
                annotated += QRectF(b.topLeft() * px, b.bottomRight() * px).toAlignedRect().adjusted(-2, -2, 2, 2);
            }
        }
        const HighlightPixels h = highlightPixels(after, before, hl.quads, px, 70);
        QVERIFY2(h.yellow > h.total / 3, qPrintable(u"%1 of %2 pixels yellow"_s.arg(h.yellow).arg(h.total)));
        QVERIFY(h.darkBefore > 100);
        QCOMPARE(h.darkAfter, h.darkBefore); // multiply: black stays black

        int changedOutside = 0;
        for (int y = 0; y < after.height(); ++y) {
            for (int x = 0; x < after.width(); ++x) {
                if (after.pixel(x, y) != before.pixel(x, y) && !annotated.contains(QPoint(x, y))) {
                    ++changedOutside;
                }
            }
        }
        QCOMPARE(changedOutside, 0);

        // A page with none of the annotations: nothing drawn.
        const int other = hl.page == 0 && m_doc.pages.size() > 1 ? 1 : 0;
        bool otherHasAny = false;
        for (const PageAnnotation &a : annotations) {
            otherHasAny = otherHasAny || a.page == other;
        }
        if (!otherHasAny) {
            const QImage plainOther = renderPageImage(m_doc, other, size.width(), size.height());
            QImage paintedOther = plainOther;
            QPainter painter(&paintedOther);
            painter.scale(px, px);
            paintAnnotations(&painter, annotations, other);
            painter.end();
            QCOMPARE(paintedOther, plainOther);
        }
    }

    // An inline note made with Okular's typewriter tool: a fully transparent box (colour
    // #00ffffff), border width 0, that Okular sizes to its text plus 2 px (1.5 pt) on each side and
    // draws with no fill and no border. Printed and exported the same way: the article text under
    // it stays visible, no border is drawn, and its whole text is written (nothing clipped).
    void typewriterAsOkularDrawsIt()
    {
        PageAnnotation tw = base(PageAnnotation::Kind::FreeText, m_en.page, u"okb-typewriter"_s);
        tw.color = QColor(255, 255, 255, 0);
        tw.width = 0;
        tw.fontSize = 10;
        tw.textColor = QColor(0, 0, 0);
        tw.contents = u"Inline note 内联"_s;
        QFont font;
        font.setFamilies({u"Noto Sans"_s, u"Noto Sans CJK SC"_s});
        font.setPointSizeF(10);
        QImage points(1, 1, QImage::Format_RGB32); // 72 dpi: font metrics in points
        points.setDotsPerMeterX(qRound(72 / 0.0254));
        points.setDotsPerMeterY(qRound(72 / 0.0254));
        const QRectF text = QFontMetricsF(font, &points).boundingRect(QRectF(0, 0, 1000, 1000), Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap, tw.contents);
        const QRectF line = m_en.lines.first(); // over the article's text
        tw.rect = QRectF(line.left(), line.top(), text.width() + 3, text.height() + 3);

        constexpr double px = 2.0;
        const QSize size = (m_doc.pageSize * px).toSize();
        const QImage before = renderPageImage(m_doc, tw.page, size.width(), size.height());
        QImage after = before;
        {
            QPainter painter(&after);
            painter.scale(px, px);
            paintAnnotations(&painter, {tw}, tw.page);
        }
        QVERIFY(after.save(outputDir() + u"/annottypewriter-page%1.png"_s.arg(tw.page + 1)));
        const QRect box = QRectF(tw.rect.topLeft() * px, tw.rect.bottomRight() * px).toAlignedRect();
        int lighter = 0;
        int darkBefore = 0;
        int darkAfter = 0;
        for (int y = box.top(); y <= box.bottom(); ++y) {
            for (int x = box.left(); x <= box.right(); ++x) {
                const int b = luminance(before.pixel(x, y));
                const int a = luminance(after.pixel(x, y));
                lighter += a > b + 8 ? 1 : 0;
                if (b < 60) {
                    ++darkBefore;
                    darkAfter += a < 60 ? 1 : 0;
                }
            }
        }
        QVERIFY(darkBefore > 50); // the article's text is under the note
        QCOMPARE(darkAfter, darkBefore); // still there: the box is not filled
        QCOMPARE(lighter, 0);
        // No border: the box's last point at the right and at the bottom (beyond its text) is as before.
        int edgeChanged = 0;
        for (int y = box.top(); y <= box.bottom(); ++y) {
            for (int x = box.right() - int(px); x <= box.right(); ++x) {
                edgeChanged += after.pixel(x, y) != before.pixel(x, y) ? 1 : 0;
            }
        }
        for (int x = box.left(); x <= box.right(); ++x) {
            for (int y = box.bottom() - int(px); y <= box.bottom(); ++y) {
                edgeChanged += after.pixel(x, y) != before.pixel(x, y) ? 1 : 0;
            }
        }
        QCOMPARE(edgeChanged, 0);

        // Exported: the whole text is in the appearance (Poppler reads it back), on its one line.
        QTemporaryDir dir;
        const QString path = dir.filePath(u"typewriter.pdf"_s);
        PdfExportOptions options;
        options.annotations = {tw};
        QString error;
        QVERIFY2(exportPdf(m_doc, m_article, path, options, &error), qPrintable(error));
        std::unique_ptr<Poppler::Document> pdf = Poppler::Document::load(path);
        QVERIFY(pdf);
        const QString pageText = noSpace(pdf->page(tw.page)->text(QRectF()));
        // (Poppler may read the two scripts' runs in either order.)
        QVERIFY2(pageText.contains(u"Inlinenote"_s) && pageText.contains(u"内联"_s), qPrintable(pageText.left(300)));
    }

    // Printing on Linux goes through Qt's PDF engine (QPrinter -> CUPS), which ignores composition
    // modes: paintPageWithAnnotations() onto a QPdfWriter, rendered by Poppler, shows the highlight
    // yellow with the text over it still dark.
    void paintOnPdfEngine()
    {
        const QList<PageAnnotation> annotations = makeAnnotations();
        const PageAnnotation &hl = annotations.at(0);
        // The same page printed with and without the annotations, rendered by Poppler.
        enum class Print {
            Plain,
            WithAnnotations,
            PageThenAnnotations
        };
        const auto print = [this, &annotations](int page, Print how) {
            QByteArray data;
            {
                QBuffer buffer(&data);
                buffer.open(QIODevice::WriteOnly);
                QPdfWriter writer(&buffer);
                writer.setResolution(600);
                writer.setPageSize(QPageSize(m_doc.pageSize, QPageSize::Point, QString(), QPageSize::ExactMatch));
                writer.setPageMargins(QMarginsF(0, 0, 0, 0));
                QPainter painter(&writer);
                painter.scale(600 / 72.0, 600 / 72.0);
                if (how == Print::WithAnnotations) {
                    paintPageWithAnnotations(&painter, m_doc, page, annotations);
                } else {
                    paintPage(&painter, m_doc, page);
                }
                if (how == Print::PageThenAnnotations) {
                    paintAnnotations(&painter, annotations, page);
                }
            }
            std::unique_ptr<Poppler::Document> pdf = Poppler::Document::loadFromData(data);
            if (!pdf || pdf->numPages() != 1) {
                return QImage();
            }
            pdf->setRenderHint(Poppler::Document::Antialiasing);
            pdf->setRenderHint(Poppler::Document::TextAntialiasing);
            return pdf->page(0)->renderToImage(144, 144).convertToFormat(QImage::Format_RGB32);
        };
        constexpr double px = 2.0;
        const QImage printed = print(hl.page, Print::WithAnnotations);
        const QImage plain = print(hl.page, Print::Plain);
        const QImage fallback = print(hl.page, Print::PageThenAnnotations);
        QVERIFY(!printed.isNull() && !plain.isNull() && !fallback.isNull());
        QVERIFY(printed.save(outputDir() + u"/annotprint-page%1.png"_s.arg(hl.page + 1)));
        // paintPageWithAnnotations(): highlight under the text; paintAnnotations() after the page
        // on this engine: a translucent highlight over it.
        const HighlightPixels h = highlightPixels(printed, plain, hl.quads, px, 90);
        const HighlightPixels f = highlightPixels(fallback, plain, hl.quads, px, 110, 200);
        QVERIFY2(h.yellow > h.total / 3, qPrintable(u"%1 of %2 pixels yellow"_s.arg(h.yellow).arg(h.total)));
        QVERIFY(h.darkBefore > 100);
        QVERIFY2(h.darkAfter >= h.darkBefore * 9 / 10, qPrintable(u"%1 of %2 dark text pixels stay dark"_s.arg(h.darkAfter).arg(h.darkBefore)));
        QVERIFY2(f.yellow > f.total / 3, qPrintable(u"fallback: %1 of %2 pixels tinted"_s.arg(f.yellow).arg(f.total)));
        QVERIFY2(f.darkAfter >= f.darkBefore * 9 / 10, qPrintable(u"fallback: %1 of %2 dark text pixels stay dark"_s.arg(f.darkAfter).arg(f.darkBefore)));
    }

    // Bad annotations (no geometry, non-finite numbers, a page that does not exist) are skipped:
    // no crash, the PDF is still valid and holds only the good ones.
    void badAnnotations()
    {
        QList<PageAnnotation> list = makeAnnotations().mid(0, 1);
        PageAnnotation noQuads = base(PageAnnotation::Kind::Highlight, 0, u"bad-1"_s);
        PageAnnotation nan = base(PageAnnotation::Kind::Ink, 0, u"bad-2"_s);
        nan.paths = {QPolygonF{QPointF(qQNaN(), 1), QPointF(2, qInf())}};
        PageAnnotation farPage = base(PageAnnotation::Kind::Square, 999, u"bad-3"_s);
        farPage.rect = QRectF(10, 10, 10, 10);
        PageAnnotation emptyBox = base(PageAnnotation::Kind::FreeText, 0, u"bad-4"_s);
        emptyBox.contents = u"nowhere"_s;
        PageAnnotation onePointLine = base(PageAnnotation::Kind::Line, 0, u"bad-5"_s);
        onePointLine.paths = {QPolygonF{QPointF(5, 5)}};
        list << noQuads << nan << farPage << emptyBox << onePointLine;

        PdfExportOptions options;
        options.annotations = list;
        PdfExportResult result;
        QString error;
        const QByteArray data = exportPdfData(m_doc, m_article, options, &error, &result);
        QVERIFY2(!data.isEmpty(), qPrintable(error));
        QCOMPARE(result.writtenAnnotations, 1);
        QCOMPARE(result.skippedAnnotations, 5);
        std::unique_ptr<Poppler::Document> pdf = Poppler::Document::loadFromData(data);
        QVERIFY(pdf);
        int count = 0;
        for (int p = 0; p < pdf->numPages(); ++p) {
            count += int(pdf->page(p)->annotations().size());
        }
        QCOMPARE(count, 1);

        QImage image(100, 100, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        const QImage blank = image;
        QPainter painter(&image);
        paintAnnotations(&painter, list.mid(1), 0); // only bad ones: nothing drawn, no crash
        paintAnnotations(nullptr, list, 0);
        painter.end();
        QCOMPARE(image, blank);
    }
};

QTEST_MAIN(AnnotationExportTest)
#include "tst_annotationexport.moc"
