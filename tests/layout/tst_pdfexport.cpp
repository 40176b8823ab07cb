// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "export/pdfexporter.h"
#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "paint/painterpool.h"
#include "parse/articleparser.h"

#include <poppler-qt6.h>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Okb;
using namespace Qt::StringLiterals;

class PdfExportTest : public QObject
{
    Q_OBJECT

    static bool qpdfMapped()
    {
        QFile maps(u"/proc/self/maps"_s);
        return maps.open(QIODevice::ReadOnly) && maps.readAll().contains("libqpdf");
    }

private Q_SLOTS:
    // libqpdf is in the export module (okb_pdfexport.so), loaded by the first export: laying a
    // document out (what opening it does) must not load it. Runs first: nothing exported yet.
    void qpdfLoadedOnlyOnExport()
    {
        const ParseResult r = parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/1950-01-01_新年唱词.md"));
        QVERIFY(r.ok);
        const LaidOutDocument doc = layoutArticle(r.article, nullptr, LayoutSettings());
        QVERIFY(!doc.pages.isEmpty());
        QVERIFY2(!qpdfMapped(), "libqpdf was loaded without an export");
        QString error;
        const QByteArray pdf = exportPdfData(doc, r.article, &error);
        QVERIFY2(!pdf.isEmpty(), qPrintable(error));
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY2(qpdfMapped(), "the export did not go through the qpdf module");
    }

    // Without the module: a clear message naming it, a failed exit, no file written (the CLI, in
    // its own process, is pointed at a module that does not exist).
    void missingModule()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"out.pdf"_s);
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"OKB_PDF_MODULE"_s, dir.filePath(u"no/okb_pdfexport.so"_s));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(OKB_CLI_PATH), {u"render"_s, QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"), u"--pdf"_s, path});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QVERIFY(cli.exitCode() != 0);
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(err.contains(u"PDF export needs the module okb_pdfexport.so"_s), qPrintable(err));
        QVERIFY(!QFile::exists(path));
    }

    // Exports the reference sample and reads it back with Poppler: text in both scripts, fonts
    // embedded, outline entries, metadata.
    void readBack()
    {
        const ParseResult r = parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"));
        QVERIFY(r.ok);
        const Article &a = r.article;
        const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
        QTemporaryDir dir;
        const QString path = dir.filePath(u"out.pdf"_s);
        QString error;
        QVERIFY2(exportPdf(doc, a, path, &error), qPrintable(error));

        std::unique_ptr<Poppler::Document> pdf = Poppler::Document::load(path);
        QVERIFY(pdf);
        QVERIFY(!pdf->isLocked());
        QCOMPARE(pdf->numPages(), doc.pages.size());
        QString all;
        for (int i = 0; i < pdf->numPages(); ++i) {
            std::unique_ptr<Poppler::Page> page = pdf->page(i);
            all += page->text(QRectF()) + u'\n';
        }
        // Lines are joined by Poppler with newlines; compare with whitespace folded. A word
        // hyphenated at a line end reads back with U+00AD SOFT HYPHEN (our hyphen glyph is the
        // font's soft hyphen), which a reader drops together with the line break.
        QString dehyphenated = all;
        dehyphenated.remove(QRegularExpression(QStringLiteral("\\x{00AD}\\s*")));
        QVERIFY2(!dehyphenated.contains(QChar(0x00AD)), "soft hyphen left in the text");
        const QString flat = dehyphenated.simplified();
        QVERIFY2(flat.contains(u"Soviet newspapers published the Soviet government's statement to the U.S. government"_s), qPrintable(flat.left(400)));
        QString zhFlat = all;
        zhFlat.remove(QRegularExpression(u"\\s"_s));
        QVERIFY2(zhFlat.contains(u"苏联报纸刊载了苏联政府关于朝鲜局势与苏美关系致美国政府的声明。"_s),
                 qPrintable(zhFlat.mid(zhFlat.indexOf(u"新华社"_s), 200)));

        const QList<Poppler::FontInfo> fonts = pdf->fonts();
        QVERIFY(!fonts.isEmpty());
        bool cjk = false;
        for (const Poppler::FontInfo &f : fonts) {
            QVERIFY2(f.isEmbedded(), qPrintable(f.name()));
            cjk = cjk || f.name().contains(u"CJK"_s);
        }
        QVERIFY(cjk);

        const QList<Poppler::OutlineItem> outline = pdf->outline();
        QVERIFY(outline.size() >= 2);
        QVERIFY2(outline.first().name().startsWith(u"Soviet Government Statement"_s), qPrintable(outline.first().name()));
        bool original = false;
        for (const Poppler::OutlineItem &o : outline) {
            original = original || o.name().contains(u"原文"_s);
        }
        QVERIFY(original);
        QVERIFY(!outline.first().children().isEmpty()); // the sections

        QVERIFY(pdf->info(u"Title"_s).startsWith(u"Soviet Government Statement"_s));
        QVERIFY(pdf->info(u"Title"_s).contains(u"苏联政府"_s));
        QCOMPARE(pdf->info(u"Creator"_s), u"okular-bilingual"_s);
    }

    // A document whose glyph runs carry no raw fonts (laid out in another thread and released,
    // as the Okular generator does: PagePainterPool::releaseThreadFonts()) exports the same PDF
    // text and fonts: the exporter then takes each face from the item's font. Interlinear, so
    // that Han characters Qt maps to a Kangxi radical or compatibility twin are on the pages.
    void releasedRawFontsSamePdf()
    {
        const ParseResult r = parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"));
        QVERIFY(r.ok);
        LayoutSettings settings;
        settings.mode = LayoutMode::Interlinear;
        const Alignment alignment = alignArticle(r.article, {});
        const LaidOutDocument doc = layoutArticle(r.article, &alignment, settings);
        QVERIFY(!doc.pages.isLazy());
        LaidOutDocument released = doc;
        PagePainterPool::releaseThreadFonts(released);
        QVERIFY(!released.pages.first().glyphs.first().run.rawFont().isValid());
        QVERIFY(doc.pages.first().glyphs.first().run.rawFont().isValid()); // a copy: the original keeps its own
        QTemporaryDir dir;
        const auto exported = [&](const LaidOutDocument &d, const QString &name, QStringList *fonts) {
            const QString path = dir.filePath(name);
            QString error;
            if (!exportPdf(d, r.article, path, &error)) {
                return QString();
            }
            std::unique_ptr<Poppler::Document> pdf = Poppler::Document::load(path);
            QString all;
            for (int i = 0; pdf && i < pdf->numPages(); ++i) {
                all += pdf->page(i)->text(QRectF()) + u'\n';
            }
            for (const Poppler::FontInfo &f : pdf ? pdf->fonts() : QList<Poppler::FontInfo>()) {
                fonts->append(f.name().mid(f.name().indexOf(u'+') + 1) + (f.isEmbedded() ? u" embedded"_s : u""_s));
            }
            return all;
        };
        QStringList fontsA;
        QStringList fontsB;
        const QString a = exported(doc, u"a.pdf"_s, &fontsA);
        const QString b = exported(released, u"b.pdf"_s, &fontsB);
        QVERIFY(a.size() > 1000);
        QCOMPARE(b, a);
        QCOMPARE(fontsB, fontsA);
        for (const char32_t c : b.toUcs4()) {
            QVERIFY2(!((c >= 0x2E80 && c <= 0x2FDF) || (c >= 0xF900 && c <= 0xFAFF)), qPrintable(u"twin U+%1 in the PDF text"_s.arg(uint(c), 4, 16)));
        }
    }
};

QTEST_MAIN(PdfExportTest)
#include "tst_pdfexport.moc"
