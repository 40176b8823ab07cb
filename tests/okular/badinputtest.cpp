// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Bad input through Okular::Document with our generator forced (as if the MIME sniffing had picked
// it): each file gives a document or a clear error, never a crash or a hang, and is never written.

#include <okular/core/document.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class BadInputTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
            return QString();
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Okular::SettingsCore::instance(u"okb-badinputtest"_s);
    }

    void openBadInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("opens"); // true: a (possibly short) document; false: a clear error

        QTest::newRow("empty file") << QByteArray() << false;
        QByteArray junk(64 * 1024, '\0');
        for (int i = 0; i < junk.size(); ++i) {
            junk[i] = char((i * 7919 + 13) % 256);
        }
        QTest::newRow("binary junk") << junk << false;
        QTest::newRow("invalid utf-8 article") << QByteArray("Title: Bad \xff\xfe bytes\nAuthor:\nDate: 1951-10-19\nPage: 1\n\nSome \xc3 text.\n\n<hr />\n\nOriginal:\n\n### \xe6\xa0\x87\xe9\xa2\x98\n\n1951-10-19\n\xe7\xac\xac1\xe7\x89\x88()\n\xe4\xb8\x93\xe6\xa0\x8f\xef\xbc\x9a\n\n    \xe6\xa0\x87\xe9\xa2\x98\xe3\x80\x82\n")
                                                << true;
        QTest::newRow("article without Original:") << QByteArray("Title: Only English\nAuthor:\nDate: 1951-10-19\nPage: 1\n\nThe Chinese half is missing.\n") << true;
        QTest::newRow("only hr lines") << QByteArray("<hr />\n<hr />\n<hr /> \n<hr />\n") << false;
        QTest::newRow("50 MB one line") << QByteArray(50 * 1024 * 1024, 'a') << false;
        QTest::newRow("50 MB one line after a header")
            << QByteArray("Title: Long\nAuthor:\nDate: 1951-10-19\nPage: 1\n\n" + QByteArray(50 * 1024 * 1024, 'a') + "\n") << true;
    }

    void openBadInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, opens);
        const QString path = write(u"bad-%1.md"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_')), bytes);
        QVERIFY(!path.isEmpty());
        const QByteArray before = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
        const QDateTime mtime = QFileInfo(path).lastModified();

        Okular::Document doc(nullptr);
        const QMimeType mime = QMimeDatabase().mimeTypeForName(u"text/x-bilingual-article"_s);
        QVERIFY(mime.isValid());
        QElapsedTimer timer;
        timer.start();
        const auto result = doc.openDocument(path, QUrl::fromLocalFile(path), mime);
        const qint64 ms = timer.elapsed();
        // Bounded time: generous (slow CI, debug builds), but far from a hang.
        QVERIFY2(ms < 60000, qPrintable(u"open took %1 ms"_s.arg(ms)));
        if (opens) {
            QCOMPARE(result, Okular::Document::OpenSuccess);
            QVERIFY(doc.pages() >= 1);
            doc.requestTextPage(0);
            QVERIFY(doc.page(0)->hasTextPage());
        } else {
            QCOMPARE(result, Okular::Document::OpenError);
            // The user is told why (Okular shows openError() in its "Could not open" message).
            QVERIFY2(!doc.openError().isEmpty(), "no error message for the user");
            qInfo() << "message:" << doc.openError();
        }
        doc.closeDocument();

        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256), before);
        QCOMPARE(QFileInfo(path).lastModified(), mtime);
    }
};

QTEST_MAIN(BadInputTest)
#include "badinputtest.moc"
