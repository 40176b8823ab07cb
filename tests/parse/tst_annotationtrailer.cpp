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
};

QTEST_GUILESS_MAIN(AnnotationTrailerTest)
#include "tst_annotationtrailer.moc"
