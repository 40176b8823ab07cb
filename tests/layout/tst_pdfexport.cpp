// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "export/pdfexporter.h"
#include "layout/layoutengine.h"
#include "parse/articleparser.h"

#include <poppler-qt6.h>

#include <QTemporaryDir>
#include <QTest>

using namespace Okb;
using namespace Qt::StringLiterals;

class PdfExportTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
};

QTEST_MAIN(PdfExportTest)
#include "tst_pdfexport.moc"
