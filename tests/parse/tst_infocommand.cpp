// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// `okular-bilingual info`: output and exit codes, run as a real process.

#include "../common/clirun.h"
#include "parse/annotationtrailer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace
{

using Run = CliRun;

Run runCli(const QStringList &args)
{
    return runCliCommand(u"info"_s, args, 60000);
}

QString dataPath(const QString &rel)
{
    return QStringLiteral(OKB_TEST_DATA_DIR) + u'/' + rel;
}

} // namespace

class InfoCommandTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textOutput()
    {
        const Run r = runCli({dataPath(u"samples/1966-05-01_重要通知.md"_s)});
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY(out.contains(u"Encoding:     UTF-8"_s));
        QVERIFY(out.contains(u"Sniffed:      yes"_s));
        QVERIFY(out.contains(u"Title:      Important Notice"_s));
        QVERIFY(out.contains(u"Edition:    6"_s));
        QVERIFY(out.contains(u"第6版()"_s));
        QVERIFY(out.contains(u"Blocks:     8 (Title 1, Paragraph 6, Signature 1)"_s));
        QVERIFY(out.contains(u"Glossary:     42 entries"_s));
    }

    void jsonOutput()
    {
        const Run r = runCli({u"--json"_s, u"--blocks"_s, dataPath(u"variants/gbk_1966_notice.md"_s)});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &pe);
        QCOMPARE(pe.error, QJsonParseError::NoError);
        const QJsonObject o = doc.object();
        QCOMPARE(o[u"ok"_s].toBool(), true);
        QCOMPARE(o[u"encoding"_s].toString(), u"GB18030"_s);
        QCOMPARE(o[u"sniffed"_s].toBool(), true);
        QCOMPARE(o[u"lineEnding"_s].toString(), u"LF"_s);
        QCOMPARE(o[u"glossarySize"_s].toInt(), 42);
        QCOMPARE(o[u"english"_s].toObject()[u"pageKey"_s].toString(), u"Edition"_s);
        QCOMPARE(o[u"chinese"_s].toObject()[u"blocks"_s].toObject()[u"Signature"_s].toInt(), 1);
        QCOMPARE(o[u"chinese"_s].toObject()[u"blocks"_s].toObject()[u"Paragraph"_s].toInt(), 6);
        QCOMPARE(o[u"chineseBlocks"_s].toArray().size(), 8);
        QCOMPARE(o[u"chineseBlocks"_s].toArray().last().toObject()[u"text"_s].toString(), u"北京市公安局"_s);
        QCOMPARE(o[u"englishBlocks"_s].toArray()[2].toObject()[u"enumerator"_s].toString(), u"I."_s);
        QVERIFY(o[u"warnings"_s].toArray().isEmpty());
        QCOMPARE(o[u"savedAnnotations"_s].toInt(), 0);
    }

    // A file with annotations saved by Okular: counted, and the article itself is unchanged.
    void savedAnnotationsCounted()
    {
        QFile in(dataPath(u"variants/gbk_1966_notice.md"_s));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        QTemporaryDir dir;
        QFile out(dir.filePath(u"annotated.md"_s));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(Okb::withAnnotationTrailer(bytes, u"<okb-annotations version=\"1\"><item page=\"0\"/><item page=\"1\"/></okb-annotations>"_s));
        out.close();
        const Run r = runCli({u"--json"_s, out.fileName()});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o[u"savedAnnotations"_s].toInt(), 2);
        QCOMPARE(o[u"encoding"_s].toString(), u"GB18030"_s);
        QCOMPARE(o[u"glossarySize"_s].toInt(), 42);
        QVERIFY(o[u"warnings"_s].toArray().isEmpty());
    }

    // `annotations`: the saved annotations with the article text they mark (no Okular needed).
    void annotationsCommand()
    {
        QFile in(dataPath(u"samples/000_7d941ea5db1c98f2.txt"_s));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        // As Okular writes them (AnnotationUtils::storeAnnotation), anchored as the plugin does.
        const QString payload = u"<okb-annotations version=\"1\" layout=\"x\">"
                                "<item page=\"4\"><text lang=\"zh\" block=\"0\" from=\"16\" to=\"20\"/>"
                                "<annotation type=\"4\"><base author=\"Reader\" contents=\"注 -- 一\"/><hl type=\"2\"/></annotation></item>"
                                "<item page=\"1\"><at lang=\"en\" block=\"0\" offset=\"0\" dx=\"0\" dy=\"0\"/>"
                                "<annotation type=\"1\"><base contents=\"check\"/><text icon=\"Note\"/></annotation></item>"
                                "</okb-annotations>"_s;
        QTemporaryDir dir;
        QFile out(dir.filePath(u"annotated.txt"_s));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(Okb::withAnnotationTrailer(bytes, payload));
        out.close();
        const Run r = runCliCommand(u"annotations"_s, {u"--json"_s, out.fileName()}, 60000);
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out).object()[u"annotations"_s].toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject()[u"kind"_s].toString(), u"Underline"_s);
        QCOMPARE(list[0].toObject()[u"text"_s].toString(), u"美国政府"_s);
        QCOMPARE(list[0].toObject()[u"contents"_s].toString(), u"注 -- 一"_s);
        QCOMPARE(list[1].toObject()[u"kind"_s].toString(), u"Note"_s);
        QVERIFY(list[1].toObject()[u"near"_s].toString().startsWith(u"Xinhua News"_s));
        // Plain text too; and a file without annotations says so.
        const Run text = runCliCommand(u"annotations"_s, {out.fileName()}, 60000);
        QVERIFY(QString::fromUtf8(text.out).contains(u"1. Underline (zh) by Reader: “美国政府”"_s));
        const Run none = runCliCommand(u"annotations"_s, {dataPath(u"samples/1950-01-01_补注.md"_s)}, 60000);
        QCOMPARE(none.exitCode, 0);
        QVERIFY(QString::fromUtf8(none.out).startsWith(u"No annotations saved"_s));
    }

    void warningsShown()
    {
        const Run r = runCli({dataPath(u"variants/missing_original_1950_addendum.md"_s)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QString::fromUtf8(r.out).contains(u"Warnings:\n  - The file has no Chinese original"_s));
    }

    void exitCodes()
    {
        QCOMPARE(runCli({dataPath(u"samples/no-such-file.md"_s)}).exitCode, 66);
        const Run notArticle = runCli({dataPath(u"samples/README.md"_s)});
        QCOMPARE(notArticle.exitCode, 65);
        QVERIFY(notArticle.err.contains("not a bilingual"));
        QCOMPARE(runCli({}).exitCode, 64);
        QCOMPARE(runCli({u"a.md"_s, u"b.md"_s}).exitCode, 64);
        QCOMPARE(runCli({u"--no-such-option"_s, dataPath(u"samples/1950-01-01_补注.md"_s)}).exitCode, 64);
        QCOMPARE(runCli({u"--help"_s}).exitCode, 0);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile empty(dir.filePath(u"empty.md"_s));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const Run e = runCli({u"--json"_s, empty.fileName()});
        QCOMPARE(e.exitCode, 65);
        QCOMPARE(QJsonDocument::fromJson(e.out).object()[u"error"_s].toString(), u"The file is empty."_s);
    }
};

QTEST_GUILESS_MAIN(InfoCommandTest)

#include "tst_infocommand.moc"
