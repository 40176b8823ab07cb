// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Bad input through Okular::Document with our generator forced (as if the MIME sniffing had picked
// it): each file gives a document or a clear error, never a crash or a hang, and is never written.

#include <okular/core/document.h>
#include <okular/core/generator.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>

#include <KPluginFactory>
#include <KPluginMetaData>

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <ctime>

using namespace Qt::StringLiterals;

static double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

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
        QTest::addColumn<bool>("opens"); // true: our generator shows a document; false: it refuses with a message

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

    // Our generator on its own (as Okular loads it): a document or a clear message, bounded time.
    // (Through Okular::Document a refused file falls back to Okular's txt generator, which is
    // Okular's behaviour, not ours; documentLevel() below covers the files we open.)
    void openBadInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, opens);
        const QString path = write(u"bad-%1.md"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_')), bytes);
        QVERIFY(!path.isEmpty());
        const QByteArray before = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
        const QDateTime mtime = QFileInfo(path).lastModified();

        const KPluginMetaData md(QStringLiteral(OKB_PLUGIN_PATH));
        QVERIFY(md.isValid());
        auto factory = KPluginFactory::loadFactory(md);
        QVERIFY2(factory.plugin, qPrintable(factory.errorString));
        std::unique_ptr<Okular::Generator> gen(factory.plugin->create<Okular::Generator>());
        QVERIFY(gen);
        QSignalSpy errors(gen.get(), &Okular::Generator::error);
        QList<Okular::Page *> pages;
        QElapsedTimer timer;
        timer.start();
        const double cpuBefore = cpuSeconds();
        const bool ok = gen->loadDocument(path, pages);
        const qint64 ms = timer.elapsed();
        const double cpu = cpuSeconds() - cpuBefore;
        // Bounded work, not a hang: counted in CPU time, which other processes on a busy machine
        // do not inflate (the wall time is only reported; ctest's timeout catches a real hang).
        QVERIFY2(cpu < 90, qPrintable(u"open used %1 CPU-s"_s.arg(cpu)));
        qInfo() << "open took" << ms << "ms," << cpu << "CPU-s";
        if (opens) {
            QVERIFY(ok);
            QVERIFY(!pages.isEmpty());
        } else {
            QVERIFY(!ok);
            QVERIFY(pages.isEmpty());
            QCOMPARE(errors.count(), 1);
            const QString message = errors.first().at(0).toString();
            QVERIFY(!message.isEmpty());
            qInfo() << "message:" << message;
        }
        qDeleteAll(pages);

        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256), before);
        QCOMPARE(QFileInfo(path).lastModified(), mtime);
    }

    // The files we open also open through Okular::Document, with text pages.
    void documentLevel_data()
    {
        openBadInput_data();
    }
    void documentLevel()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, opens);
        if (!opens || bytes.size() > 1024 * 1024) {
            return; // refused files: see openBadInput(); the 50 MB one: see openBadInput()
        }
        const QString path = write(u"doc-%1.md"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_')), bytes);
        Okular::Document doc(nullptr);
        const QMimeType mime = QMimeDatabase().mimeTypeForFile(path);
        QCOMPARE(mime.name(), u"text/x-bilingual-article"_s);
        QCOMPARE(doc.openDocument(path, QUrl::fromLocalFile(path), mime), Okular::Document::OpenSuccess);
        QCOMPARE(doc.documentInfo().get(Okular::DocumentInfo::MimeType), u"text/x-bilingual-article"_s);
        doc.requestTextPage(0);
        QVERIFY(doc.page(0)->hasTextPage());
        QVERIFY(!doc.page(0)->text().isEmpty());
    }
};

QTEST_MAIN(BadInputTest)
#include "badinputtest.moc"
