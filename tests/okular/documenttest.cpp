// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The plugin as Okular uses it: real sample files opened through Okular::Document, with the MIME
// type detected by QMimeDatabase from the build tree's MIME package (content sniffing).

#include "parse/articleparser.h"

#include "../common/okularmarkup.h"

#include <okular/core/annotations.h>
#include <okular/core/document.h>
#include <okular/core/generator.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>
#include <okular/core/textpage.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMimeDatabase>
#include <QPageSize>
#include <QPrinter>
#include <QXmlStreamReader>

#include <poppler-qt6.h>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Okular::Document::SearchStatus)

static QString sample(const QString &name)
{
    return QStringLiteral(OKB_TEST_DATA_DIR "/samples/") + name;
}

static const QString s_reference = u"000_7d941ea5db1c98f2.txt"_s;

static QString hanOnly(const QString &s)
{
    QString out;
    for (const QChar c : s) {
        if (c.script() == QChar::Script_Han) {
            out += c;
        }
    }
    return out;
}

class DocumentTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Okular::Document> open(const QString &path)
    {
        auto doc = std::make_unique<Okular::Document>(nullptr);
        const QMimeType mime = QMimeDatabase().mimeTypeForFile(path);
        const auto result = doc->openDocument(path, QUrl::fromLocalFile(path), mime);
        if (result != Okular::Document::OpenSuccess) {
            return nullptr;
        }
        return doc;
    }

    QString allText(Okular::Document *doc)
    {
        QString text;
        for (uint i = 0; i < doc->pages(); ++i) {
            doc->requestTextPage(i);
            text += doc->page(i)->text();
        }
        return text;
    }

    // The text Poppler reads from every page of a PDF.
    static QString pdfText(const Poppler::Document &pd)
    {
        QString text;
        for (int i = 0; i < pd.numPages(); ++i) {
            text += pd.page(i)->text(QRectF());
        }
        return text;
    }

    // The first Kangxi radical or CJK compatibility ideograph in `text` (Qt's ToUnicode maps 十 八
    // 日 大 ... to the twins that share their glyphs unless the exporter corrects it), or 0.
    static char32_t firstTwin(const QString &text)
    {
        for (const char32_t c : text.toUcs4()) {
            if ((c >= 0x2E80 && c <= 0x2FDF) || (c >= 0xF900 && c <= 0xFAFF)) {
                return c;
            }
        }
        return 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Okular::Document::SearchStatus>();
        Okular::SettingsCore::instance(u"okb-documenttest"_s);
        // These tests are about the default reading mode (source order): no settings file.
        QFile::remove(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/okular-generator-bilingualrc"_s);
    }

    void opensWithOurGenerator()
    {
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        // Only our generator reports this MIME type and these custom keys.
        const Okular::DocumentInfo info = doc->documentInfo();
        QCOMPARE(info.get(Okular::DocumentInfo::MimeType), u"text/x-bilingual-article"_s);
        QCOMPARE(info.get(Okular::DocumentInfo::Title), u"Soviet Government Statement to the U.S. Government Regarding the Korean Situation and Soviet-U.S. Relations"_s);
        QCOMPARE(info.get(u"ChineseTitle"_s), u"关于朝鲜局势与苏美关系苏联政府致美国政府的声明"_s);
        QCOMPARE(info.get(u"PublicationDate"_s), u"1951-10-19"_s);
        // The 版 as the page header writes it, without the archive's empty "()".
        QCOMPARE(info.get(u"NewspaperPage"_s), u"第1版"_s);
        QVERIFY(info.get(u"PageSection"_s).isEmpty());
        QVERIFY(doc->pages() >= 4);
        QVERIFY(doc->pages() <= 30);
        // Pages are A4 portrait.
        const Okular::Page *p0 = doc->page(0);
        QVERIFY(qAbs(p0->height() / p0->width() - 297.0 / 210.0) < 0.01);
    }

    // File → Properties: the paper in mm as Okular computes it from the page size and the
    // generator's metric (pages are in pixels at the generator's dpi).
    void propertiesShowTheRealPaperSize()
    {
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        const QString size = doc->pageSizeString(0);
        QVERIFY2(size.contains(u"210"_s) && size.contains(u"297"_s) && size.contains(u"A4"_s), qPrintable(size));
    }

    // A 版 with a section and a 专栏: each readable in its own row.
    void propertiesShowPageSectionAndColumn()
    {
        auto doc = open(sample(u"1989-03-01_去年世界贸易增长８．５％_西德美日为十大出口国前三名.md"_s));
        QVERIFY(doc);
        Okular::DocumentInfo info = doc->documentInfo();
        QCOMPARE(info.get(u"NewspaperPage"_s), u"第1版"_s);
        QCOMPARE(info.get(u"PageSection"_s), u"要闻"_s);
        doc = open(sample(u"1957-06-01_十五种重要药品售价降低.md"_s));
        QVERIFY(doc);
        info = doc->documentInfo();
        QCOMPARE(info.get(u"Column"_s), u"市场巡礼 / Market Watch"_s);
    }

    void pageTextKeepsEveryCharacter_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("reference") << s_reference;
        QTest::newRow("statistics bulletin") << u"1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s;
        QTest::newRow("song") << u"1950-01-01_新年唱词.md"_s;
    }
    void pageTextKeepsEveryCharacter()
    {
        QFETCH(QString, name);
        const Okb::ParseResult parsed = Okb::parseArticleFile(sample(name));
        QVERIFY(parsed.ok);
        QString modelHan;
        for (const Okb::Block &b : parsed.article.chinese) {
            modelHan += hanOnly(b.text);
        }
        QVERIFY(modelHan.size() > 100);
        auto doc = open(sample(name));
        QVERIFY(doc);
        const QString pageHan = hanOnly(allText(doc.get()));
        // Every Han character of the Chinese body, in order (Okular's txt backend keeps ~98% of
        // them): the body is a subsequence of the page text. The only other Han characters on the
        // pages are the typeset header of the original (its title, 第N版, 专栏) and the "原文" divider.
        qsizetype at = 0;
        for (const QChar c : modelHan) {
            at = pageHan.indexOf(c, at);
            QVERIFY2(at >= 0, qPrintable(u"body character %1 missing from the page text"_s.arg(c)));
            ++at;
        }
        const Okb::Article &a = parsed.article;
        const qsizetype headerHan = hanOnly(a.zh.title + a.zh.author + a.zh.pageLabel + a.zh.column + u"原文"_s).size();
        QVERIFY2(pageHan.size() - modelHan.size() <= headerHan,
                 qPrintable(u"page text has %1 Han chars, body %2, header %3"_s.arg(pageHan.size()).arg(modelHan.size()).arg(headerHan)));
    }

    // Okular rebuilds the page text from our boxes (it drops space entities and re-inserts spaces
    // from the geometry, "\n" at line ends, as for PDF): every block must come back with all its
    // characters, in order, and no character invented (compared with whitespace removed; the
    // search tests check that no space is invented between Han characters).
    void everyBlockVerbatim_data()
    {
        pageTextKeepsEveryCharacter_data();
    }
    void everyBlockVerbatim()
    {
        QFETCH(QString, name);
        const Okb::ParseResult parsed = Okb::parseArticleFile(sample(name));
        QVERIFY(parsed.ok);
        auto doc = open(sample(name));
        QVERIFY(doc);
        static const QRegularExpression ws(u"\\s+"_s);
        QString text = allText(doc.get());
        text.remove(ws);
        int checked = 0;
        for (const QList<Okb::Block> *blocks : {&parsed.article.english, &parsed.article.chinese}) {
            for (const Okb::Block &b : *blocks) {
                QString t = b.text;
                t.remove(ws);
                if (b.kind == Okb::BlockKind::PartBreak || t.isEmpty()) {
                    continue;
                }
                QVERIFY2(text.contains(t), qPrintable(u"block not verbatim in the page text: "_s + t.left(80)));
                ++checked;
            }
        }
        QVERIFY(checked > 10);
    }

    void searchEnglishAndChinese_data()
    {
        QTest::addColumn<QString>("needle");
        QTest::newRow("english") << u"General Ridgway"_s;
        QTest::newRow("english across words") << u"armistice negotiations"_s;
        QTest::newRow("english, long phrase over line ends") << u"visited Soviet Foreign Minister Vyshinsky, on behalf of the U.S. government, to present an oral statement regarding the Korean situation"_s;
        QTest::newRow("chinese") << u"开城谈判"_s;
        QTest::newRow("chinese long") << u"苏联政府不能忽视大使所说的话"_s;
        QTest::newRow("chinese, long phrase over line ends") << u"苏联政府同意在美国政府的参加下，审查一切尚未解决的重要问题，并讨论改善国际关系"_s;
    }
    void searchEnglishAndChinese()
    {
        QFETCH(QString, needle);
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        QSignalSpy spy(doc.get(), &Okular::Document::searchFinished);
        doc->searchText(1, needle, true, Qt::CaseSensitive, Okular::Document::NextMatch, false, Qt::yellow);
        QVERIFY(spy.wait(10000) || spy.count() == 1);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(1).value<Okular::Document::SearchStatus>(), Okular::Document::MatchFound);
    }

    void tableOfContents()
    {
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        const Okular::DocumentSynopsis *toc = doc->documentSynopsis();
        QVERIFY(toc);
        QStringList titles;
        for (QDomNode n = toc->firstChild(); !n.isNull(); n = n.nextSibling()) {
            titles << n.toElement().tagName();
            for (QDomNode c = n.firstChild(); !c.isNull(); c = c.nextSibling()) {
                titles << c.toElement().tagName();
            }
        }
        // The English title, its sections I./II. and the Chinese original with 一、/二、.
        QVERIFY2(titles.join(u'|').contains(u"Soviet Government Statement"_s), qPrintable(titles.join(u'|')));
        QVERIFY2(std::any_of(titles.cbegin(), titles.cend(), [](const QString &t) { return t.startsWith(u"I."_s); }), qPrintable(titles.join(u'|')));
        // II. opens the second section as I. opens the first: listed too.
        QVERIFY2(std::any_of(titles.cbegin(), titles.cend(), [](const QString &t) { return t.startsWith(u"II. Mr. Kirk"_s); }), qPrintable(titles.join(u'|')));
        QVERIFY2(std::any_of(titles.cbegin(), titles.cend(), [](const QString &t) { return t.startsWith(u"一、"_s); }), qPrintable(titles.join(u'|')));
        // Every entry points at a valid page.
        for (QDomElement e = toc->documentElement(); !e.isNull(); e = e.nextSiblingElement()) {
            const Okular::DocumentViewport vp(e.attribute(u"Viewport"_s));
            QVERIFY(vp.pageNumber >= 0 && vp.pageNumber < int(doc->pages()));
        }
    }

    // A headline of several parts (引题/主题/副题): the reader sees every part, each on its own line
    // at the top of the Chinese title, none as a heading of the text; the contents panel and the
    // properties name the whole headline.
    void multiPartHeadline_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("parts");
        QTest::addColumn<QString>("englishTitle");
        QTest::newRow("1946 bilingual") << sample(u"1946-05-16_淄博专区_培养大批师资.md"_s) << QStringList{u"淄博专区"_s, u"培养大批师资"_s}
                                        << u"Zibo Prefecture: Cultivating a Large Number of Teachers"_s;
        QTest::newRow("1946 raw GBK") << QStringLiteral(OKB_TEST_DATA_DIR "/variants/gbk_raw_1946_zibo.md") << QStringList{u"淄博专区"_s, u"培养大批师资"_s}
                                      << QString();
        QTest::newRow("1989 world trade") << sample(u"1989-03-01_去年世界贸易增长８．５％_西德美日为十大出口国前三名.md"_s)
                                          << QStringList{u"去年世界贸易增长８．５％"_s, u"西德美日为十大出口国前三名"_s}
                                          << u"World Trade Grew by 8.5% in 1988; West Germany, U.S., and Japan Top Ten Exporters"_s;
    }
    void multiPartHeadline()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, parts);
        QFETCH(QString, englishTitle);
        auto doc = open(path);
        QVERIFY(doc);
        const Okular::DocumentInfo info = doc->documentInfo();
        QCOMPARE(info.get(u"ChineseTitle"_s), parts.join(u' '));
        QCOMPARE(info.get(Okular::DocumentInfo::Title), englishTitle.isEmpty() ? parts.join(u' ') : englishTitle);
        // The page that opens the Chinese original shows the parts one per line, in order.
        QString page;
        for (uint i = 0; i < doc->pages() && !page.contains(parts.first()); ++i) {
            doc->requestTextPage(i);
            page = doc->page(i)->text();
        }
        const QStringList lines = page.split(u'\n');
        const qsizetype at = lines.indexOf(parts.first());
        QVERIFY2(at >= 0, qPrintable(page.left(200)));
        for (qsizetype k = 1; k < parts.size(); ++k) {
            QCOMPARE(lines.value(at + k), parts.at(k));
        }
        // Contents: one entry for the whole headline, no entry for a part.
        const Okular::DocumentSynopsis *toc = doc->documentSynopsis();
        QVERIFY(toc);
        QStringList titles;
        for (QDomNode n = toc->firstChild(); !n.isNull(); n = n.nextSibling()) {
            titles << n.toElement().tagName();
            for (QDomNode c = n.firstChild(); !c.isNull(); c = c.nextSibling()) {
                titles << c.toElement().tagName();
            }
        }
        if (englishTitle.isEmpty()) {
            QVERIFY2(titles.contains(parts.join(u' ')), qPrintable(titles.join(u'|')));
        } else {
            QVERIFY2(titles.contains(englishTitle), qPrintable(titles.join(u'|')));
        }
        for (const QString &part : std::as_const(parts)) {
            QVERIFY2(!titles.contains(part), qPrintable(titles.join(u'|')));
        }
        QVERIFY2(!titles.contains(u"Cultivating a Large Number of Teachers"_s), qPrintable(titles.join(u'|')));
    }

    void highlightCoversExactlyAChinesePhrase()
    {
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        const QString phrase = u"美国政府"_s;
        // First page with the phrase in Chinese text.
        int pageNo = -1;
        std::unique_ptr<Okular::RegularAreaRect> area;
        for (uint i = 0; i < doc->pages() && !area; ++i) {
            doc->requestTextPage(i);
            area.reset(doc->page(i)->findText(0, phrase, Okular::FromTop, Qt::CaseSensitive));
            if (area) {
                pageNo = int(i);
            }
        }
        QVERIFY(area);
        doc->addPageAnnotation(pageNo, OkbTest::markupOver(*area));
        QCOMPARE(doc->page(pageNo)->annotations().size(), 1);
        // The text under the annotation's quads is exactly the phrase: no neighbour glyph included.
        QCOMPARE(OkbTest::textUnder(doc->page(pageNo), doc->page(pageNo)->annotations().constFirst()), phrase);
    }

    // File → Export As → PDF: the same pages, read back by Poppler with exact text in both
    // scripts, embedded fonts and the outline.
    void exportPdfReadsBackWithPoppler()
    {
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        Okular::ExportFormat pdf;
        for (const Okular::ExportFormat &f : doc->exportFormats()) {
            if (f.mimeType().name() == u"application/pdf"_s) {
                pdf = f;
            }
        }
        QVERIFY(!pdf.isNull());
        QTemporaryDir tmp;
        const QString out = tmp.filePath(u"out.pdf"_s);
        QVERIFY(doc->exportTo(out, pdf));
        std::unique_ptr<Poppler::Document> pd(Poppler::Document::load(out));
        QVERIFY(pd);
        QCOMPARE(pd->numPages(), int(doc->pages()));
        const QString text = pdfText(*pd);
        static const QRegularExpression ws(u"\\s+"_s);
        const QString flat = QString(text).remove(ws);
        QVERIFY(flat.contains(u"苏联政府不能忽视大使所说的话"_s));
        QVERIFY(text.contains(u"General Ridgway"_s));
        // No Kangxi radical / compatibility twin in place of the ideograph the article has.
        QVERIFY2(firstTwin(text) == 0, qPrintable(u"twin U+%1 in the PDF text"_s.arg(uint(firstTwin(text)), 4, 16)));
        QVERIFY(pd->info(u"Title"_s).startsWith(doc->documentInfo().get(Okular::DocumentInfo::Title)));
        QVERIFY(pd->info(u"Title"_s).contains(doc->documentInfo().get(u"ChineseTitle"_s)));
        const QList<Poppler::FontInfo> fonts = pd->fonts();
        QVERIFY(!fonts.isEmpty());
        for (const Poppler::FontInfo &f : fonts) {
            QVERIFY2(f.isEmbedded(), qPrintable(f.name()));
        }
        QVERIFY(!pd->outline().isEmpty());
    }

    // File → Print → "Print to File (PDF)": Qt's PDF engine writes the file; its text must read
    // back as the article's (Qt maps 十 八 日 大 ... to the Kangxi radicals that share their glyphs).
    void printToPdfFileReadsBackExactly()
    {
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        QTemporaryDir tmp;
        const QString out = tmp.filePath(u"printed.pdf"_s);
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(out);
        printer.setPageSize(QPageSize(QPageSize::A4));
        printer.setFullPage(true);
        QCOMPARE(doc->print(printer), Okular::Document::NoPrintError);
        std::unique_ptr<Poppler::Document> pd(Poppler::Document::load(out));
        QVERIFY(pd);
        QCOMPARE(pd->numPages(), int(doc->pages()));
        const QString text = pdfText(*pd);
        static const QRegularExpression ws(u"\\s+"_s);
        const QString flat = QString(text).remove(ws);
        QVERIFY2(flat.contains(u"【新华社十八日讯】"_s), qPrintable(flat.mid(flat.indexOf(u"新华社"_s), 20)));
        QVERIFY(text.contains(u"General Ridgway"_s));
        QVERIFY2(firstTwin(text) == 0, qPrintable(u"twin U+%1 in the printed PDF"_s.arg(uint(firstTwin(text)), 4, 16)));
    }

    void exportTranslationMemory()
    {
        auto doc = open(sample(s_reference));
        QVERIFY(doc);
        Okular::ExportFormat tmxFormat;
        for (const Okular::ExportFormat &f : doc->exportFormats()) {
            if (f.description().contains(u"TMX"_s)) {
                tmxFormat = f;
            }
        }
        QVERIFY(!tmxFormat.isNull());
        QTemporaryDir tmp;
        const QString out = tmp.filePath(u"out.tmx"_s);
        QVERIFY(doc->exportTo(out, tmxFormat));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        int tus = 0;
        int zhSegs = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                tus += xml.name() == u"tu"_s;
                zhSegs += xml.name() == u"tuv"_s && xml.attributes().value(u"xml:lang"_s) == u"zh-CN"_s;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(tus > 50); // the reference article has ~100 sentence pairs
        QVERIFY(zhSegs > 50);
    }

    void sourceFileNeverWritten()
    {
        const QString path = sample(s_reference);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
        f.close();
        {
            auto doc = open(path);
            QVERIFY(doc);
            doc->closeDocument();
        }
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256), before);
    }
};

QTEST_MAIN(DocumentTest)
#include "documenttest.moc"
