// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The annotation trailer (parse/annotationtrailer.h) on every encoding and line ending of the
// archive: written, found again, invisible to the parser, and removable to the original bytes.

#include "parse/annotationtrailer.h"
#include "parse/articleparser.h"

#include <QDir>
#include <QDomDocument>
#include <QFile>
#include <QTest>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

using namespace Okb;
using namespace Qt::StringLiterals;

class AnnotationTrailerTest : public QObject
{
    Q_OBJECT

    static QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static QStringList blockTexts(const Article &a)
    {
        QStringList out;
        for (const QList<Block> *blocks : {&a.english, &a.chinese}) {
            for (const Block &b : *blocks) {
                out << b.text;
            }
        }
        return out;
    }

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString &dir : {u"samples"_s, u"variants"_s}) {
            QDir d(QStringLiteral(OKB_TEST_DATA_DIR "/") + dir);
            for (const QString &f : d.entryList({u"*.md"_s, u"*.txt"_s}, QDir::Files, QDir::Name)) {
                if (f != u"README.md"_s) {
                    QTest::newRow(qPrintable(dir + u'/' + f)) << d.filePath(f);
                }
            }
        }
    }
    void roundTrip()
    {
        QFETCH(QString, path);
        const QByteArray original = read(path);
        QVERIFY(!original.isEmpty());
        QVERIFY(!findAnnotationTrailer(original).present);
        // A payload with everything that could break a comment or an encoding.
        const QString note = u"注：美国政府 -- “quoted” & <b> 𠀀 -->"_s;
        QDomDocument d;
        QDomElement root = d.createElement(u"okb-annotations"_s);
        root.setAttribute(u"note"_s, note);
        root.appendChild(d.createTextNode(note));
        d.appendChild(root);
        const QByteArray saved = withAnnotationTrailer(original, d.toString());
        QVERIFY(saved.size() > original.size());
        QVERIFY(saved.startsWith(original));

        const AnnotationTrailer t = findAnnotationTrailer(saved);
        QVERIFY(t.present);
        QCOMPARE(t.contentSize, original.size());
        QDomDocument back;
        QVERIFY(back.setContent(t.payload));
        QCOMPARE(back.documentElement().attribute(u"note"_s), note);
        QCOMPARE(back.documentElement().text(), note);

        // The parser sees the same article and hands over the payload.
        const ParseResult a = parseArticle(original, path);
        const ParseResult b = parseArticle(saved, path);
        QCOMPARE(b.ok, a.ok);
        QCOMPARE(blockTexts(b.article), blockTexts(a.article));
        QCOMPARE(b.article.encoding, a.article.encoding);
        QCOMPARE(b.article.warnings, a.article.warnings);
        QCOMPARE(b.article.annotationData, t.payload);

        // Saving again replaces the trailer; saving with nothing gives back the original bytes.
        const QByteArray again = withAnnotationTrailer(saved, u"<okb-annotations/>"_s);
        QCOMPARE(findAnnotationTrailer(again).contentSize, original.size());
        QCOMPARE(withAnnotationTrailer(saved, QString()), original);
        QCOMPARE(withAnnotationTrailer(original, QString()), original);
    }

    // Text that merely looks like a trailer is not one unless it ends the file.
    void notATrailer()
    {
        const QByteArray body = "Title: x\nDate: 1950-01-01\n\nText <!-- okular-bilingual annotations\n<x/>\n-->\nmore text\n";
        QVERIFY(!findAnnotationTrailer(body).present);
        QCOMPARE(findAnnotationTrailer(body).contentSize, body.size());
        const QByteArray unclosed = "Title: x\n\n<!-- okular-bilingual annotations\n<x/>\n";
        QVERIFY(!findAnnotationTrailer(unclosed).present);
    }

    // A UTF-16 file with an odd number of bytes (cut short by one: the last unit is half there)
    // keeps its trailer, which is written after that byte: it is found again, saving again
    // replaces it instead of appending another one, and removing it gives back the file.
    // (Found by fuzzing, tests/fuzz/trailerfuzzer.cpp: the trailer's units were counted from the
    // file's start, so it was never found in such a file and every save added one.)
    void utf16OddLength_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("LE") << QStringLiteral(OKB_TEST_DATA_DIR "/variants/utf16le_bom_1950_addendum.md");
        QTest::newRow("BE") << QStringLiteral(OKB_TEST_DATA_DIR "/variants/utf16be_bom_1950_addendum.md");
    }
    void utf16OddLength()
    {
        QFETCH(QString, path);
        QByteArray original = read(path);
        QVERIFY(original.size() % 2 == 0 && original.size() > 100);
        original.chop(1);
        QVERIFY(!findAnnotationTrailer(original).present);
        const QString payload = u"<okb-annotations version=\"1\"><a note=\"注\"/></okb-annotations>"_s;
        const QByteArray saved = withAnnotationTrailer(original, payload);
        QVERIFY(saved.startsWith(original));
        const AnnotationTrailer t = findAnnotationTrailer(saved);
        QVERIFY(t.present);
        QCOMPARE(t.contentSize, original.size());
        QCOMPARE(t.payload, asciiXml(payload));
        QCOMPARE(withAnnotationTrailer(saved, payload), saved);
        QCOMPARE(withAnnotationTrailer(saved, QString()), original);
        // The parser reads the same (damaged) article either way and hands over the payload.
        const ParseResult a = parseArticle(original, path);
        const ParseResult b = parseArticle(saved, path);
        QVERIFY(a.ok);
        QCOMPARE(blockTexts(b.article), blockTexts(a.article));
        QCOMPARE(b.article.annotationData, t.payload);
    }

    // A file whose lines end in LF but whose last line ends in a lone CR (a line ending cut in
    // half, or an old Mac line end pasted at the end): the trailer is written after an LF, and
    // finding it must remove that LF only, not the file's own CR with it (found by fuzzing: the
    // reader took any "\r\n" before the marker for the written line break).
    void strayCarriageReturnBeforeTrailer_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("tail");
        QTest::newRow("UTF-8, LF, ends in CR") << QStringLiteral(OKB_TEST_DATA_DIR "/samples/1950-01-01_补注.md") << QByteArray("\r");
        QTest::newRow("UTF-16LE, LF, ends in CR") << QStringLiteral(OKB_TEST_DATA_DIR "/variants/utf16le_bom_1950_addendum.md") << QByteArray("\r\0", 2);
        QTest::newRow("UTF-8, LF, ends in CR CR") << QStringLiteral(OKB_TEST_DATA_DIR "/samples/1950-01-01_补注.md") << QByteArray("\r\r");
        QTest::newRow("UTF-8, CRLF, ends in CR") << QStringLiteral(OKB_TEST_DATA_DIR "/variants/crlf_1957_drugs.md") << QByteArray("\r");
    }
    void strayCarriageReturnBeforeTrailer()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, tail);
        const QByteArray original = read(path) + tail;
        QVERIFY(original.size() > 100);
        const QString payload = u"<okb-annotations version=\"1\"/>"_s;
        const QByteArray saved = withAnnotationTrailer(original, payload);
        QVERIFY(saved.startsWith(original));
        const AnnotationTrailer t = findAnnotationTrailer(saved);
        QVERIFY(t.present);
        QCOMPARE(t.contentSize, original.size());
        QCOMPARE(t.payload, payload);
        QCOMPARE(withAnnotationTrailer(saved, payload), saved);
        QCOMPARE(withAnnotationTrailer(saved, QString()), original);
    }

    // Files shorter than the trailer's marker, placed right after a page that may not be read:
    // looking for the marker must not read before the file's bytes. (Found by fuzzing: Qt's
    // QByteArray::lastIndexOf() reads up to the needle's length before the data when the needle
    // is the longer one, and a 6-byte UTF-16 file crashed when its buffer began a mapping.)
    void shorterThanMarker_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("UTF-16BE BOM") << QByteArray("\xFE\xFF\x0B\x0D\x0B\x0D");
        QTest::newRow("UTF-16LE BOM") << QByteArray("\xFF\xFEx\0");
        QTest::newRow("UTF-8") << QByteArray("Title: x\n");
        QTest::newRow("one byte") << QByteArray("x");
    }
    void shorterThanMarker()
    {
        QFETCH(QByteArray, bytes);
        const long page = sysconf(_SC_PAGESIZE);
        void *map = mmap(nullptr, size_t(2 * page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        QVERIFY(map != MAP_FAILED);
        char *second = static_cast<char *>(map) + page;
        QCOMPARE(mprotect(map, size_t(page), PROT_NONE), 0); // reading before `second` faults
        memcpy(second, bytes.constData(), size_t(bytes.size()));
        const QByteArray guarded = QByteArray::fromRawData(second, bytes.size());
        const AnnotationTrailer t = findAnnotationTrailer(guarded);
        QVERIFY(!t.present);
        QCOMPARE(t.contentSize, bytes.size());
        QCOMPARE(withAnnotationTrailer(guarded, QString()), bytes);
        munmap(map, size_t(2 * page));
    }
};

QTEST_GUILESS_MAIN(AnnotationTrailerTest)
#include "tst_annotationtrailer.moc"
