// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The hyphenation automaton's cache file ($XDG_CACHE_HOME/okular-bilingual/hyph-*.bin): the
// points it gives are libhyphen's own, whether the cache is absent, present, damaged or off. The
// automaton is loaded once per process, so each case runs this program again as a child (in its
// own cache folder) that prints the points of every word of a real article.

#include "layout/typesetter.h"
#include "parse/articleparser.h"

#include <hyphen.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace
{
constexpr char kDictionary[] = "/usr/share/hyphen/hyph_en_US.dic";

// The English words (5-60 ASCII letters) of the reference sample, each once, in order.
QStringList sampleWords()
{
    const Okb::ParseResult r = Okb::parseArticleFile(QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt"));
    QStringList words;
    QSet<QString> seen;
    for (const Okb::Block &b : r.article.english) {
        static const QRegularExpression word(u"\\b[A-Za-z]{5,60}\\b"_s);
        for (auto it = word.globalMatch(b.text); it.hasNext();) {
            const QString w = it.next().captured(0);
            if (!seen.contains(w)) {
                seen.insert(w);
                words << w;
            }
        }
    }
    return words;
}

// "word 2,5" per word: from okbcore (child mode) or from libhyphen directly (the reference).
QByteArray listPoints(const QStringList &words, bool reference)
{
    HyphenDict *dict = reference ? hnj_hyphen_load(kDictionary) : nullptr;
    QByteArray out;
    for (const QString &w : words) {
        QList<int> points;
        if (reference) {
            const QByteArray lower = w.toLower().toLatin1();
            QByteArray hyphens(lower.size() + 5, '\0');
            char **rep = nullptr;
            int *pos = nullptr;
            int *cut = nullptr;
            if (hnj_hyphen_hyphenate3(dict, lower.constData(), int(lower.size()), hyphens.data(), nullptr, &rep, &pos, &cut, 2, 3, 2, 3) == 0) {
                for (int i = 0; i + 1 < lower.size(); ++i) {
                    if (hyphens.at(i) & 1) {
                        points << i + 1;
                    }
                }
            }
            if (rep) {
                for (int i = 0; i < lower.size(); ++i) {
                    free(rep[i]);
                }
                free(rep);
            }
            free(pos);
            free(cut);
        } else {
            points = Okb::Detail::hyphenationPoints(w);
        }
        out += w.toLatin1() + ' ';
        for (int i = 0; i < points.size(); ++i) {
            out += (i ? "," : "") + QByteArray::number(points.at(i));
        }
        out += '\n';
    }
    if (dict) {
        hnj_hyphen_free(dict);
    }
    return out;
}
} // namespace

class HyphenationCacheTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_cache;
    QByteArray m_reference;
    QByteArray m_childErr; // the last child's stderr: how its cache file was mapped

    QByteArray runChild(const QByteArray &extraEnv = QByteArray())
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"OKB_HYPHENATION_CHILD"_s, u"1"_s);
        env.insert(u"XDG_CACHE_HOME"_s, m_cache.path());
        if (!extraEnv.isEmpty()) {
            env.insert(QString::fromLatin1(extraEnv.split('=').first()), QString::fromLatin1(extraEnv.split('=').last()));
        }
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        if (!child.waitForFinished(60000) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
            return "child failed: " + child.readAllStandardError();
        }
        m_childErr = child.readAllStandardError();
        return child.readAllStandardOutput();
    }
    QStringList cacheFiles() const
    {
        return QDir(m_cache.filePath(u"okular-bilingual"_s)).entryList({u"hyph-*.bin"_s}, QDir::Files);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QString::fromLatin1(kDictionary)), "hyphen-en-us is part of the development environment");
        QVERIFY(m_cache.isValid());
        m_reference = listPoints(sampleWords(), true);
        QVERIFY(m_reference.count('\n') > 200);
        QVERIFY2(m_reference.contains("government 3,6\n"), m_reference.left(300).constData()); // gov-ern-ment
    }

    void withoutCacheWritesOne()
    {
        QVERIFY(cacheFiles().isEmpty());
        QCOMPARE(runChild(), m_reference);
        QCOMPARE(cacheFiles().size(), 1);
    }

    void fromCache()
    {
        const QString file = m_cache.filePath(u"okular-bilingual/"_s + cacheFiles().value(0));
        const QDateTime written = QFileInfo(file).lastModified();
        QCOMPARE(runChild(), m_reference);
        QCOMPARE(QFileInfo(file).lastModified(), written); // read, not written again
        // Mapped from the file at the address it was stored at: nothing of it written (no
        // anonymous page), i.e. not relocated.
        QVERIFY2(m_childErr.contains("cache mapping: anonymous 0 kB"), m_childErr.constData());
    }

    // The block mapped elsewhere (OKB_HYPHENATION_NO_HINT=1): its pointers moved in a private
    // copy, the same points.
    void fromCacheRelocated()
    {
        const QString file = m_cache.filePath(u"okular-bilingual/"_s + cacheFiles().value(0));
        const QDateTime written = QFileInfo(file).lastModified();
        QCOMPARE(runChild("OKB_HYPHENATION_NO_HINT=1"), m_reference);
        QCOMPARE(QFileInfo(file).lastModified(), written);
        QVERIFY2(m_childErr.contains("cache mapping: anonymous ") && !m_childErr.contains("cache mapping: anonymous 0 kB"), m_childErr.constData());
    }

    // Damaged files (bytes changed in the middle, cut short, garbage of the right size): the
    // points are still libhyphen's, and the file is made again.
    void damagedCache_data()
    {
        QTest::addColumn<int>("damage");
        QTest::newRow("bytes changed") << 0;
        QTest::newRow("cut short") << 1;
        QTest::newRow("garbage") << 2;
    }
    void damagedCache()
    {
        QFETCH(int, damage);
        const QString file = m_cache.filePath(u"okular-bilingual/"_s + cacheFiles().value(0));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray data = f.readAll();
        const QByteArray good = data;
        if (damage == 0) {
            for (qsizetype i = data.size() / 3; i < data.size() / 3 + 64; ++i) {
                data[i] = char(data.at(i) ^ 0x5A);
            }
        } else if (damage == 1) {
            data.chop(data.size() / 2);
        } else {
            for (qsizetype i = 8; i < data.size(); ++i) {
                data[i] = char((i * 7919) & 0xFF);
            }
        }
        f.resize(0);
        f.seek(0);
        f.write(data);
        f.close();
        QCOMPARE(runChild(), m_reference);
        QFile again(file);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll().size(), good.size()); // rebuilt
        QCOMPARE(runChild(), m_reference);
    }

    void cacheOff()
    {
        QDir(m_cache.filePath(u"okular-bilingual"_s)).removeRecursively();
        QCOMPARE(runChild("OKB_NO_HYPHENATION_CACHE=1"), m_reference);
        QVERIFY(cacheFiles().isEmpty());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIntValue("OKB_HYPHENATION_CHILD") == 1) {
        const QByteArray out = listPoints(sampleWords(), false);
        fwrite(out.constData(), 1, size_t(out.size()), stdout);
        // The cache file's mapping, if any: its anonymous (written) part, from smaps.
        QFile smaps(u"/proc/self/smaps"_s);
        if (smaps.open(QIODevice::ReadOnly)) {
            bool inCache = false;
            for (const QByteArray &line : smaps.readAll().split('\n')) {
                const QByteArray first = line.left(line.indexOf(' '));
                if (first.contains('-') && !first.endsWith(':')) { // a mapping's first line: "start-end perms offset dev inode path"
                    inCache = line.contains("/okular-bilingual/hyph-");
                } else if (inCache && line.startsWith("Anonymous:")) {
                    fprintf(stderr, "cache mapping: anonymous %d kB\n", line.mid(10).trimmed().split(' ').value(0).toInt());
                }
            }
        }
        return 0;
    }
    HyphenationCacheTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hyphenationcache.moc"
