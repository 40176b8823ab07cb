// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The proposed shared-mime-info magic (resources/mime/okular-bilingual.xml) agrees with
// Okb::looksLikeArticle() on every sample, every variant and ordinary text files, through
// QMimeDatabase with the default (file name + content) matching that Okular uses.

#include "parse/articleparser.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMimeDatabase>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace
{
const QString kType = u"text/x-bilingual-article"_s;

QByteArray head(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(4096) : QByteArray();
}
} // namespace

class MimeMagicTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString exe = QStandardPaths::findExecutable(u"update-mime-database"_s);
        QVERIFY2(!exe.isEmpty(), "update-mime-database (shared-mime-info) is needed for this test");
        QVERIFY(QDir().mkpath(m_dir.filePath(u"mime/packages"_s)));
        QVERIFY(QFile::copy(QStringLiteral(OKB_MIME_XML), m_dir.filePath(u"mime/packages/okular-bilingual.xml"_s)));
        QProcess p;
        p.start(exe, {m_dir.filePath(u"mime"_s)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        // Before the first QMimeDatabase: our dir first, then the system one.
        const QByteArray system = qEnvironmentVariableIsEmpty("XDG_DATA_DIRS") ? QByteArray("/usr/local/share:/usr/share") : qgetenv("XDG_DATA_DIRS");
        const QByteArray dirs = m_dir.path().toLocal8Bit() + ':' + system;
        qputenv("XDG_DATA_DIRS", dirs);
        QVERIFY(QMimeDatabase().mimeTypeForName(kType).isValid());
    }

    void articles()
    {
        // The article fixtures (tests/data also holds other data, e.g. alignment gold files).
        QStringList files;
        for (const QString &sub : {u"samples"_s, u"variants"_s}) {
            QDirIterator it(QStringLiteral(OKB_TEST_DATA_DIR) + u'/' + sub, {u"*.md"_s, u"*.txt"_s}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                files.append(it.next());
            }
        }
        files.sort();
        QVERIFY(files.size() >= 30);
        QMimeDatabase db;
        int articles = 0;
        for (const QString &f : std::as_const(files)) {
            const bool sniffed = Okb::looksLikeArticle(head(f));
            const QString type = db.mimeTypeForFile(f).name();
            QVERIFY2((type == kType) == sniffed, qPrintable(f + u": "_s + type));
            if (f.endsWith(u"README.md"_s)) {
                QCOMPARE(type, u"text/markdown"_s);
                QVERIFY(!sniffed);
            } else {
                QCOMPARE(type, kType);
                ++articles;
            }
        }
        QCOMPARE(articles, int(files.size()) - 1);
    }

    void otherFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("markdown") << u"a.md"_s << QByteArray("# Heading\n\nSome text.\n") << u"text/markdown"_s;
        QTest::newRow("h3 without date") << u"b.md"_s << QByteArray("### Heading\n\nIn 2020 we did things.\n") << u"text/markdown"_s;
        QTest::newRow("title without date") << u"c.md"_s << QByteArray("Title: My notes\n\nNo date here.\n") << u"text/markdown"_s;
        QTest::newRow("plain txt") << u"d.txt"_s << QByteArray("Just text.\n") << u"text/plain"_s;
        QTest::newRow("article as txt") << u"e.txt"_s << QByteArray("Title: X\nAuthor:\nDate: 1950-01-01\nPage: 1\n") << kType;
        QTest::newRow("raw chinese") << u"f.md"_s << QByteArray("### \xE6\xA0\x87\r\n\r\n1946-05-16\r\n") << kType;
        QTest::newRow("raw chinese, CR") << u"g.md"_s << QByteArray("### \xE6\xA0\x87\r\r1946-05-16\r") << kType;
        QTest::newRow("raw chinese, 专栏 only") << u"h.md"_s << QByteArray("### \xE6\xA0\x87\n\n\xE4\xB8\x93\xE6\xA0\x8F\xEF\xBC\x9A\n") << kType;
        QTest::newRow("bilingual, CR") << u"i.txt"_s << QByteArray("Title: X\rAuthor:\rDate: 1950-01-01\r") << kType;
        QTest::newRow("utf16 title without date") << u"k.md"_s << QByteArray("\xff\xfeT\0i\0t\0l\0e\0:\0 \0X\0\n\0", 20) << u"text/markdown"_s;
        QTest::newRow("utf16 article") << u"l.md"_s << QByteArray("\xff\xfeT\0i\0t\0l\0e\0:\0 \0X\0\n\0D\0a\0t\0e\0:\0 \0", 32) << kType;
        QTest::newRow("blank line before Title") << u"j.md"_s << QByteArray("\nTitle: X\nDate: 1950-01-01\n") << u"text/markdown"_s;
    }

    void otherFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(name);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        QCOMPARE(QMimeDatabase().mimeTypeForFile(path).name(), expected);
        QCOMPARE(Okb::looksLikeArticle(content), expected == kType);
    }
};

QTEST_GUILESS_MAIN(MimeMagicTest)

#include "tst_mimemagic.moc"
