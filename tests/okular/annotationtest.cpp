// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The reader's annotations through Okular::Document, as Okular's File → Save and reopening use
// them: saved into a copy of a real article, read back after closing, carried into other reading
// modes by their text, kept when a mode cannot show them, and removable to the original bytes.

#include <okular/core/annotations.h>
#include <okular/core/area.h>
#include <okular/core/document.h>
#include <okular/core/generator.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>
#include <okular/core/textpage.h>

#include "../common/okularmarkup.h"
#include "parse/annotationtrailer.h"

#include <poppler-qt6.h>

#include <QDir>
#include <QPrinter>
#include <QFile>
#include <QMimeDatabase>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace
{
const QString s_reference = QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt");
const QString s_chinese = u"美国政府"_s;
const QString s_english = u"Soviet newspapers published"_s; // page 1 in every mode showing English
const QString s_noteWord = u"Ridgway"_s;
const QString s_noteText = u"查一下：Ridgway = 李奇微 -- check <the> name & date"_s;

QByteArray bytesOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeMode(const QString &mode)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    QDir().mkpath(dir);
    QFile rc(dir + u"/okular-generator-bilingualrc"_s);
    if (rc.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        rc.write("[Layout]\nMode=" + mode.toLatin1() + "\n");
    }
}

std::unique_ptr<Okular::Document> open(const QString &path)
{
    auto doc = std::make_unique<Okular::Document>(nullptr);
    if (doc->openDocument(path, QUrl::fromLocalFile(path), QMimeDatabase().mimeTypeForFile(path)) != Okular::Document::OpenSuccess) {
        return nullptr;
    }
    for (uint i = 0; i < doc->pages(); ++i) {
        doc->requestTextPage(i);
    }
    return doc;
}

// First page and area of a phrase (Okular's own text search on our text pages).
int find(Okular::Document *doc, const QString &phrase, Okular::RegularAreaRect *area)
{
    for (uint i = 0; i < doc->pages(); ++i) {
        std::unique_ptr<Okular::RegularAreaRect> r(doc->page(i)->findText(0, phrase, Okular::FromTop, Qt::CaseSensitive));
        if (r) {
            *area = *r;
            return int(i);
        }
    }
    return -1;
}

Okular::HighlightAnnotation *markup(const Okular::RegularAreaRect &area, Okular::HighlightAnnotation::HighlightType type)
{
    Okular::HighlightAnnotation *hl = OkbTest::markupOver(area, type);
    hl->setAuthor(u"Reader"_s);
    hl->style().setColor(type == Okular::HighlightAnnotation::Highlight ? QColor(255, 235, 59) : QColor(30, 136, 229));
    return hl;
}

struct Found {
    QList<std::pair<int, const Okular::Annotation *>> all;
    QStringList markedText; // text under every text-markup annotation, in page order
};
Found annotationsOf(Okular::Document *doc)
{
    Found f;
    for (uint i = 0; i < doc->pages(); ++i) {
        const QList<Okular::Annotation *> list = doc->page(i)->annotations();
        for (const Okular::Annotation *a : list) {
            f.all.append({int(i), a});
            if (a->subType() == Okular::Annotation::AHighlight) {
                f.markedText << OkbTest::textUnder(doc->page(i), a);
            }
        }
    }
    return f;
}

const Okular::Annotation *firstOfType(const Found &f, Okular::Annotation::SubType type, int *page = nullptr)
{
    for (const auto &[p, a] : f.all) {
        if (a->subType() == type) {
            if (page) {
                *page = p;
            }
            return a;
        }
    }
    return nullptr;
}

// Okular's "Save": the generator writes a new file, which then replaces the document's file.
bool saveLikeOkular(Okular::Document *doc, const QString &path)
{
    const QString tmp = path + u".saving"_s;
    QString error;
    if (!doc->saveChanges(tmp, &error)) {
        qWarning("saveChanges: %s", qPrintable(error));
        return false;
    }
    QFile::remove(path);
    return QFile::rename(tmp, path);
}
} // namespace

class AnnotationTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_article; // a copy of the reference sample, annotated by the first test
    QByteArray m_original;
    Okular::NormalizedRect m_noteRect;

private Q_SLOTS:
    void initTestCase()
    {
        Okular::SettingsCore::instance(u"okb-annotationtest"_s);
        QVERIFY(m_dir.isValid());
        m_article = m_dir.filePath(u"article.txt"_s);
        QVERIFY(QFile::copy(s_reference, m_article));
        QFile::setPermissions(m_article, QFile::ReadOwner | QFile::WriteOwner);
        m_original = bytesOf(m_article);
        writeMode(u"SourceOrder"_s);
    }

    void savedAnnotationsSurviveClosing()
    {
        auto doc = open(m_article);
        QVERIFY(doc);
        QVERIFY(doc->canSaveChanges());
        QVERIFY(doc->canSaveChanges(Okular::Document::SaveAnnotationsCapability));

        Okular::RegularAreaRect zh;
        const int zhPage = find(doc.get(), s_chinese, &zh);
        QVERIFY(zhPage >= 0);
        doc->addPageAnnotation(zhPage, markup(zh, Okular::HighlightAnnotation::Underline));
        Okular::RegularAreaRect en;
        const int enPage = find(doc.get(), s_english, &en);
        QVERIFY(enPage >= 0);
        doc->addPageAnnotation(enPage, markup(en, Okular::HighlightAnnotation::Highlight));
        // A sticky note pinned on a word, and a pen stroke under it.
        Okular::RegularAreaRect word;
        const int notePage = find(doc.get(), s_noteWord, &word);
        QVERIFY(notePage >= 0);
        const Okular::NormalizedRect w = word.first();
        auto *note = new Okular::TextAnnotation();
        note->setTextType(Okular::TextAnnotation::Linked);
        note->setContents(s_noteText);
        note->setAuthor(u"Reader"_s);
        m_noteRect = Okular::NormalizedRect(w.left + 0.001, w.top + 0.001, w.left + 0.026, w.top + 0.019);
        note->setBoundingRectangle(m_noteRect);
        doc->addPageAnnotation(notePage, note);
        auto *ink = new Okular::InkAnnotation();
        ink->setInkPaths({{Okular::NormalizedPoint(w.left, w.bottom + 0.002), Okular::NormalizedPoint(w.right, w.bottom + 0.004)}});
        ink->setBoundingRectangle(Okular::NormalizedRect(w.left, w.bottom + 0.002, w.right, w.bottom + 0.004));
        doc->addPageAnnotation(notePage, ink);
        QCOMPARE(annotationsOf(doc.get()).all.size(), 4);

        QVERIFY(saveLikeOkular(doc.get(), m_article));
        // What Okular then does: move the open document onto the saved file. Same article, so the
        // annotations and the undo history stay as they are (no reload).
        QVERIFY(doc->canSwapBackingFile());
        QVERIFY(doc->canUndo());
        QVERIFY(doc->swapBackingFile(m_article, QUrl::fromLocalFile(m_article)));
        QVERIFY(doc->canUndo());
        QCOMPARE(annotationsOf(doc.get()).all.size(), 4);
        // Another article is not "the same file": Okular must open it properly instead.
        const QString other = QStringLiteral(OKB_TEST_DATA_DIR "/samples/1950-01-01_补注.md");
        QVERIFY(!doc->swapBackingFile(other, QUrl::fromLocalFile(other)));
        doc->closeDocument();

        // The article itself is untouched: the annotations follow it.
        const QByteArray saved = bytesOf(m_article);
        QVERIFY(saved.startsWith(m_original));
        QVERIFY(saved.size() > m_original.size());
        // Kept for the end-to-end test: real okular shows these annotations (tests/e2e).
        QDir().mkpath(QStringLiteral(OKB_ARTIFACT_DIR));
        QFile::remove(QStringLiteral(OKB_ARTIFACT_DIR "/annotated-reference.txt"));
        QVERIFY(QFile::copy(m_article, QStringLiteral(OKB_ARTIFACT_DIR "/annotated-reference.txt")));

        doc = open(m_article);
        QVERIFY(doc);
        const Found f = annotationsOf(doc.get());
        QCOMPARE(f.all.size(), 4);
        QVERIFY2(f.markedText.contains(s_chinese), qPrintable(f.markedText.join(u'|')));
        QVERIFY2(f.markedText.contains(s_english), qPrintable(f.markedText.join(u'|')));
        int page = -1;
        const auto *back = static_cast<const Okular::TextAnnotation *>(firstOfType(f, Okular::Annotation::AText, &page));
        QVERIFY(back);
        QCOMPARE(page, notePage);
        QCOMPARE(back->contents(), s_noteText);
        QCOMPARE(back->author(), u"Reader"_s);
        QVERIFY(qAbs(back->boundingRectangle().left - m_noteRect.left) < 1e-4);
        QVERIFY(qAbs(back->boundingRectangle().top - m_noteRect.top) < 1e-4);
        const auto *inkBack = static_cast<const Okular::InkAnnotation *>(firstOfType(f, Okular::Annotation::AInk));
        QVERIFY(inkBack);
        QCOMPARE(inkBack->inkPaths().size(), 1);
        QCOMPARE(inkBack->inkPaths().first().size(), 2);
        // Opening changed nothing: Okular has nothing to save.
        QVERIFY(doc->isHistoryClean());
    }

    // The same file in other reading modes: each annotation is on its own text again.
    void annotationsFollowTheirTextIntoOtherModes_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("english");
        QTest::addColumn<bool>("chinese");
        QTest::newRow("interlinear") << u"Interlinear"_s << true << true;
        QTest::newRow("side by side") << u"SideBySide"_s << true << true;
        QTest::newRow("facing pages") << u"FacingPages"_s << true << true;
        QTest::newRow("english only") << u"EnglishOnly"_s << true << false;
        QTest::newRow("chinese only") << u"ChineseOnly"_s << false << true;
    }
    void annotationsFollowTheirTextIntoOtherModes()
    {
        QFETCH(QString, mode);
        QFETCH(bool, english);
        QFETCH(bool, chinese);
        writeMode(mode);
        auto doc = open(m_article);
        QVERIFY(doc);
        const Found f = annotationsOf(doc.get());
        QCOMPARE(f.markedText.contains(s_chinese), chinese);
        QCOMPARE(f.markedText.contains(s_english), english);
        for (const QString &t : f.markedText) {
            QVERIFY2(t == s_chinese || t == s_english, qPrintable(t));
        }
        // The note and the stroke are next to their word (English), wherever it went.
        int notePage = -1;
        const Okular::Annotation *note = firstOfType(f, Okular::Annotation::AText, &notePage);
        QCOMPARE(note != nullptr, english);
        if (note) {
            QCOMPARE(note->contents(), s_noteText);
            Okular::RegularAreaRect word;
            const int wordPage = find(doc.get(), s_noteWord, &word);
            QCOMPARE(notePage, wordPage);
            const Okular::NormalizedRect w = word.first();
            const Okular::NormalizedRect n = note->boundingRectangle();
            QVERIFY2(qAbs(n.top - w.top - 0.001) < 0.002 && qAbs(n.left - w.left - 0.001) < 0.002,
                     qPrintable(u"note at %1,%2, word at %3,%4"_s.arg(n.left).arg(n.top).arg(w.left).arg(w.top)));
        }
        // Saving in this mode keeps what it cannot show.
        const QString copy = m_dir.filePath(u"copy-%1.txt"_s.arg(mode));
        QFile::remove(copy);
        QVERIFY(QFile::copy(m_article, copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        auto again = open(copy);
        QVERIFY(again);
        QVERIFY(saveLikeOkular(again.get(), copy));
        again->closeDocument();
        writeMode(u"SourceOrder"_s);
        auto source = open(copy);
        QVERIFY(source);
        const Found back = annotationsOf(source.get());
        QCOMPARE(back.all.size(), 4);
        QVERIFY2(back.markedText.contains(s_chinese) && back.markedText.contains(s_english), qPrintable(back.markedText.join(u'|')));
    }

    // File → Export As → PDF and File → Print (to a PDF file) carry the annotations: the export as
    // real PDF annotations that Poppler reads, the print painted on the page.
    void exportAndPrintCarryTheAnnotations()
    {
        writeMode(u"SourceOrder"_s);
        auto doc = open(m_article);
        QVERIFY(doc);
        QCOMPARE(annotationsOf(doc.get()).all.size(), 4);
        Okular::ExportFormat pdf;
        for (const Okular::ExportFormat &f : doc->exportFormats()) {
            if (f.mimeType().name() == u"application/pdf"_s) {
                pdf = f;
            }
        }
        QVERIFY(!pdf.isNull());
        const QString out = m_dir.filePath(u"exported.pdf"_s);
        QVERIFY(doc->exportTo(out, pdf));
        std::unique_ptr<Poppler::Document> pd(Poppler::Document::load(out));
        QVERIFY(pd);
        QCOMPARE(pd->numPages(), int(doc->pages()));
        QStringList marked;
        QString noteText;
        int ink = 0;
        for (int i = 0; i < pd->numPages(); ++i) {
            std::unique_ptr<Poppler::Page> page(pd->page(i));
            for (const std::unique_ptr<Poppler::Annotation> &a : page->annotations()) {
                if (a->subType() == Poppler::Annotation::AHighlight) {
                    const auto *h = static_cast<const Poppler::HighlightAnnotation *>(a.get());
                    QRectF under;
                    for (const Poppler::HighlightAnnotation::Quad &q : h->highlightQuads()) {
                        const QRectF r = QRectF(q.points[0], q.points[2]).normalized();
                        under = under.isNull() ? r : under.united(r);
                    }
                    const QSizeF size = page->pageSizeF();
                    QString t = page->text(QRectF(under.x() * size.width(), under.y() * size.height(), under.width() * size.width(), under.height() * size.height()));
                    marked << t.simplified();
                } else if (a->subType() == Poppler::Annotation::AText) {
                    noteText = a->contents();
                } else if (a->subType() == Poppler::Annotation::AInk) {
                    ++ink;
                }
            }
        }
        QVERIFY2(marked.contains(s_chinese) && marked.contains(s_english), qPrintable(marked.join(u'|')));
        QCOMPARE(noteText, s_noteText);
        QCOMPARE(ink, 1);

        // Print to a PDF file: the highlight is painted (yellow) and the text under it still reads.
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        const QString printed = m_dir.filePath(u"printed.pdf"_s);
        printer.setOutputFileName(printed);
        printer.setPageSize(QPageSize(QPageSize::A4));
        printer.setFullPage(true);
        QCOMPARE(doc->print(printer), Okular::Document::NoPrintError);
        std::unique_ptr<Poppler::Document> pp(Poppler::Document::load(printed));
        QVERIFY(pp);
        QCOMPARE(pp->numPages(), int(doc->pages()));
        std::unique_ptr<Poppler::Page> first(pp->page(0));
        QVERIFY(first->text(QRectF()).contains(s_english));
        const QImage img = first->renderToImage(72, 72);
        int yellow = 0;
        for (int y = 0; y < img.height(); ++y) {
            for (int x = 0; x < img.width(); ++x) {
                const QColor c = img.pixelColor(x, y);
                yellow += c.red() > 230 && c.green() > 210 && c.blue() < 120;
            }
        }
        QVERIFY2(yellow > 100, qPrintable(u"%1 yellow pixels on the printed first page"_s.arg(yellow)));
    }

    // Damaged or hostile saved annotations: the article still opens, with a warning, whatever is
    // readable placed, nothing crashes, and the file is not touched by opening it.
    void damagedAnnotationsStillOpen_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<int>("expected"); // annotations placed
        QTest::newRow("not xml") << u"<okb-annotations version=\"1\"><item page=\"0\"><annotation"_s << 0;
        QTest::newRow("other root") << u"<html><body>hello</body></html>"_s << 0;
        QTest::newRow("empty items") << u"<okb-annotations version=\"1\"><item/><item page=\"x\"/></okb-annotations>"_s << 0;
        QTest::newRow("unknown annotation type") << u"<okb-annotations><item page=\"0\"><annotation type=\"999\"><base/></annotation></item></okb-annotations>"_s << 0;
        QTest::newRow("bogus anchors") << u"<okb-annotations layout=\"other\"><item page=\"99999\"><text lang=\"zh\" block=\"-7\" from=\"9\" to=\"2\"/>"
                                          "<text lang=\"en\" block=\"2147483647\" from=\"-2147483648\" to=\"2147483647\"/>"
                                          "<at lang=\"xx\" block=\"1\" offset=\"-99\" dx=\"nan\" dy=\"1e308\"/>"
                                          "<annotation type=\"4\"><base><boundary l=\"0\" t=\"0\" r=\"1\" b=\"1\"/></base><hl type=\"0\"/></annotation></item></okb-annotations>"_s
                                       << 0;
        QTest::newRow("note far off the page, anchored")
            << u"<okb-annotations layout=\"other\"><item page=\"0\"><at lang=\"en\" block=\"1\" offset=\"3\" dx=\"5\" dy=\"-5\"/>"
               "<annotation type=\"1\"><base contents=\"x\"><boundary l=\"0.1\" t=\"0.1\" r=\"0.12\" b=\"0.12\"/></base><text icon=\"Note\"/></annotation></item></okb-annotations>"_s
            << 1;
        QTest::newRow("note with a non-numeric offset")
            << u"<okb-annotations layout=\"other\"><item page=\"0\"><at lang=\"en\" block=\"1\" offset=\"3\" dx=\"nan\" dy=\"inf\"/>"
               "<annotation type=\"1\"><base contents=\"x\"><boundary l=\"0.1\" t=\"0.1\" r=\"0.12\" b=\"0.12\"/></base><text icon=\"Note\"/></annotation></item></okb-annotations>"_s
            << 1;
    }
    void damagedAnnotationsStillOpen()
    {
        QFETCH(QString, payload);
        QFETCH(int, expected);
        writeMode(u"SourceOrder"_s);
        const QString path = m_dir.filePath(u"damaged-%1.txt"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_')));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(m_original + "\n<!-- okular-bilingual annotations\n" + Okb::asciiXml(payload).toLatin1() + "\n-->\n");
        }
        const QByteArray before = bytesOf(path);
        auto doc = open(path);
        QVERIFY(doc);
        QVERIFY(doc->pages() >= 4);
        const Found f = annotationsOf(doc.get());
        QCOMPARE(int(f.all.size()), expected);
        for (const auto &[page, a] : f.all) {
            const Okular::NormalizedRect r = a->boundingRectangle();
            QVERIFY(r.left >= 0 && r.top >= 0 && r.right <= 1.0001 && r.bottom <= 1.0001); // kept on the page
            Q_UNUSED(page)
        }
        doc->closeDocument();
        QCOMPARE(bytesOf(path), before);
    }

    // Deleting every annotation and saving gives back the original file, byte for byte.
    void removingEveryAnnotationRestoresTheFile()
    {
        writeMode(u"SourceOrder"_s);
        auto doc = open(m_article);
        QVERIFY(doc);
        const Found f = annotationsOf(doc.get());
        QCOMPARE(f.all.size(), 4);
        for (const auto &[page, a] : f.all) {
            doc->removePageAnnotation(page, const_cast<Okular::Annotation *>(a));
        }
        QCOMPARE(annotationsOf(doc.get()).all.size(), 0);
        QVERIFY(saveLikeOkular(doc.get(), m_article));
        QCOMPARE(bytesOf(m_article), m_original);
    }
};

QTEST_MAIN(AnnotationTest)
#include "annotationtest.moc"
