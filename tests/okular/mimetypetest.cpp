// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The shared-mime-info package (resources/mime): articles are recognised by content whether they
// end in .md or .txt; other text and Markdown files keep their types (and Okular generators).

#include <QDir>
#include <QFile>
#include <QMimeDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class MimeTypeTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mimeSniffing_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        const QDir dir(QStringLiteral(OKB_TEST_DATA_DIR "/samples"));
        for (const QString &f : dir.entryList({u"*.md"_s, u"*.txt"_s}, QDir::Files)) {
            if (f != u"README.md"_s) {
                QTest::newRow(qPrintable(f)) << dir.filePath(f) << u"text/x-bilingual-article"_s;
            }
        }
        for (const QString &f : QDir(dir.filePath(u"original-only"_s)).entryList({u"*.md"_s}, QDir::Files)) {
            QTest::newRow(qPrintable(u"raw " + f)) << dir.filePath(u"original-only/"_s + f) << u"text/x-bilingual-article"_s;
        }
        // Not articles: they keep their usual types and generators.
        QTest::newRow("samples README (markdown)") << dir.filePath(u"README.md"_s) << u"text/markdown"_s;
    }
    void mimeSniffing()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QCOMPARE(QMimeDatabase().mimeTypeForFile(path).name(), expected);
    }

    void plainTextStaysText()
    {
        QTemporaryDir tmp;
        const QString txt = tmp.filePath(u"notes.txt"_s);
        QFile f(txt);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Shopping list\nTitle: not at the start\nmilk\n");
        f.close();
        QCOMPARE(QMimeDatabase().mimeTypeForFile(txt).name(), u"text/plain"_s);
        const QString md = tmp.filePath(u"notes.md"_s);
        QFile m(md);
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write("# Notes\n\nSome *markdown* text.\n");
        m.close();
        QCOMPARE(QMimeDatabase().mimeTypeForFile(md).name(), u"text/markdown"_s);
    }


    void variantsAreRecognised_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("expected");
        const QByteArray article = "Title: A\nAuthor:\nDate: 1951-10-19\nPage: 1\n\nText.\n\n<hr />\n\nOriginal:\n\n### 甲\n\n1951-10-19\n第1版()\n专栏：\n\n    甲。\n";
        QTest::newRow("utf8 .md") << article << u"a.md"_s << u"text/x-bilingual-article"_s;
        QTest::newRow("utf8 .txt") << article << u"a.txt"_s << u"text/x-bilingual-article"_s;
        QTest::newRow("utf8 bom") << QByteArray("\xef\xbb\xbf" + article) << u"a.md"_s << u"text/x-bilingual-article"_s;
        QByteArray utf16 = "\xff\xfe";
        for (const QChar c : QString::fromUtf8(article)) {
            utf16.append(char(c.unicode() & 0xff)).append(char(c.unicode() >> 8));
        }
        QTest::newRow("utf16le bom") << utf16 << u"a.txt"_s << u"text/x-bilingual-article"_s;
        QTest::newRow("crlf") << QByteArray(article).replace("\n", "\r\n") << u"a.md"_s << u"text/x-bilingual-article"_s;
        QTest::newRow("raw gbk") << QByteArray("### \xbc\xd7\r\n\r\n1946-05-16\r\n\xb5\xda2\xb0\xe6()\n\xd7\xa8\xc0\xb8\xa3\xba\n\n    \xbc\xd7\n") << u"raw.md"_s << u"text/x-bilingual-article"_s;
        QTest::newRow("markdown heading only") << QByteArray("### Heading\n\nJust markdown.\n") << u"notes.md"_s << u"text/markdown"_s;
        QTest::newRow("title later in text") << QByteArray("Notes\nTitle: x\nDate: y\n") << u"n.txt"_s << u"text/plain"_s;
    }
    void variantsAreRecognised()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, fileName);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        QFile f(tmp.filePath(fileName));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        f.close();
        QCOMPARE(QMimeDatabase().mimeTypeForFile(f.fileName()).name(), expected);
    }
};

QTEST_GUILESS_MAIN(MimeTypeTest)
#include "mimetypetest.moc"
