// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// `okular-bilingual align` run as a process: outputs and exit codes.

#include "../common/clirun.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

using Run = CliRun;

static Run align(const QStringList &args)
{
    return runCliCommand(u"align"_s, args, 120000);
}

static const QString kSample = QStringLiteral(OKB_TEST_DATA_DIR "/samples/1954-09-02_意共中央关于召开全国代表会议的决议.md");

class TestAlignCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tmxToStdout()
    {
        const Run r = align({kSample});
        QCOMPARE(r.exitCode, 0);
        QXmlStreamReader x(r.out);
        int tus = 0;
        while (!x.atEnd()) {
            if (x.readNext() == QXmlStreamReader::StartElement && x.name() == u"tu"_s) {
                ++tus;
            }
        }
        QVERIFY2(!x.hasError(), qPrintable(x.errorString()));
        QCOMPARE(tus, 7); // title (no English) + 6 sentence pairs
    }

    void tsvParagraphsToFile()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(u"out.tsv"_s);
        const Run r = align({kSample, u"--level"_s, u"paragraph"_s, u"--format"_s, u"tsv"_s, u"-o"_s, out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 5); // header + title + 4 paragraphs
        QVERIFY(lines[2].startsWith("Xinhua News Agency, Rome"));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::newRow("no file") << QStringList{} << 64;
        QTest::newRow("two files") << QStringList{kSample, kSample} << 64;
        QTest::newRow("bad level") << QStringList{kSample, u"--level"_s, u"word"_s} << 64;
        QTest::newRow("bad format") << QStringList{kSample, u"--format"_s, u"xliff"_s} << 64;
        QTest::newRow("unknown option") << QStringList{kSample, u"--frobnicate"_s} << 64;
        QTest::newRow("missing file") << QStringList{u"/nonexistent/article.md"_s} << 66;
        QTest::newRow("missing dictionary") << QStringList{kSample, u"--dictionary"_s, u"/nonexistent/cedict"_s} << 66;
        QTest::newRow("not an article") << QStringList{QStringLiteral(OKB_TEST_DATA_DIR "/gold/extract_blocks.py")} << 65;
        QTest::newRow("directory") << QStringList{QStringLiteral(OKB_TEST_DATA_DIR)} << 65;
        QTest::newRow("unwritable output") << QStringList{kSample, u"-o"_s, u"/nonexistent/dir/out.tmx"_s} << 73;
        QTest::newRow("output = input") << QStringList{kSample, u"-o"_s, kSample} << 73;
        QTest::newRow("help") << QStringList{u"--help"_s} << 0;
    }
    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        const QByteArray before = [] {
            QFile f(kSample);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        const Run r = align(args);
        QCOMPARE(r.exitCode, code);
        if (code != 0) {
            QVERIFY2(r.err.startsWith("okular-bilingual align: "), r.err.constData());
        }
        QFile f(kSample);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before); // never writes the source
    }
};

QTEST_GUILESS_MAIN(TestAlignCommand)
#include "tst_aligncommand.moc"
