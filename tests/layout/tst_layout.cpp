// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "crudeloader.h"
#include "layout/layoutengine.h"
#include "paint/pagepainter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRawFont>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace Okb;
using namespace Qt::StringLiterals;

class LayoutTest : public QObject
{
    Q_OBJECT

private:
    static QString samplesDir()
    {
        return QStringLiteral(OKB_TEST_DATA_DIR "/samples");
    }
    static QStringList sampleFiles()
    {
        QDir d(samplesDir());
        QStringList files;
        const auto list = d.entryList({u"*.md"_s, u"*.txt"_s}, QDir::Files, QDir::Name);
        for (const QString &f : list) {
            if (f != u"README.md"_s) {
                files << d.filePath(f);
            }
        }
        return files;
    }
    static Article load(const QString &path)
    {
        return OkbTest::crudeLoad(path);
    }
    static QString allText(const LaidOutDocument &doc)
    {
        QString s;
        for (const LaidOutPage &p : doc.pages) {
            for (const TextBox &b : p.text) {
                s += b.text;
            }
        }
        return s;
    }

private Q_SLOTS:
    void everyCharacterOnce_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("mode");
        for (const QString &f : sampleFiles()) {
            for (LayoutMode m : {LayoutMode::SourceOrder, LayoutMode::EnglishOnly, LayoutMode::ChineseOnly}) {
                QTest::newRow(qPrintable(QFileInfo(f).fileName() + u'/' + QString::number(int(m)))) << f << int(m);
            }
        }
    }

    // Every character of every block is in the page text exactly once, in order, each block
    // ended by "\n"; no TextBox outside the text block of the page.
    void everyCharacterOnce()
    {
        QFETCH(QString, file);
        QFETCH(int, mode);
        const Article a = load(file);
        QVERIFY(!a.english.isEmpty() || !a.chinese.isEmpty());
        LayoutSettings s;
        s.mode = LayoutMode(mode);
        const LaidOutDocument doc = layoutArticle(a, nullptr, s);
        QVERIFY(doc.pages.size() >= 1);
        const QString text = allText(doc);

        // Blocks: each laid-out paragraph maps to its place in the text.
        int pos = 0;
        int blocksSeen = 0;
        for (const LaidOutBlock &lb : doc.blocks) {
            QVERIFY(lb.page >= 0 && lb.page < doc.pages.size());
            if (lb.length > 0) {
                // textIndex is relative to its page: recompute the global offset.
                int global = 0;
                for (int p = 0; p < lb.page; ++p) {
                    global += doc.pages.at(p).text.size();
                }
                global += lb.textIndex;
                // global counts boxes, pos counts UTF-16 units; compare via boxes.
                Q_UNUSED(global);
            }
            if (lb.block < 0) {
                continue;
            }
            const QList<Block> &blocks = lb.language == Language::English ? a.english : a.chinese;
            const QString expect = blocks.at(lb.block).text + u'\n';
            const int at = text.indexOf(expect, pos);
            QVERIFY2(at >= 0, qPrintable(u"block text missing: "_s + expect.left(60)));
            pos = at + expect.size();
            ++blocksSeen;
        }
        int expectedBlocks = 0;
        if (s.mode != LayoutMode::ChineseOnly) {
            expectedBlocks += a.english.size();
        }
        if (s.mode != LayoutMode::EnglishOnly) {
            expectedBlocks += a.chinese.size();
        }
        QCOMPARE(blocksSeen, expectedBlocks);

        // Exactly the laid-out paragraphs, nothing more: total length matches.
        int total = 0;
        for (const LaidOutBlock &lb : doc.blocks) {
            total += lb.length;
        }
        int boxes = 0;
        for (const LaidOutPage &p : doc.pages) {
            boxes += p.text.size();
        }
        QCOMPARE(boxes, total);

        // Inside the margins.
        const double mm = 72.0 / 25.4;
        const QRectF body(s.marginsMm.left() * mm, s.marginsMm.top() * mm, doc.pageSize.width() - (s.marginsMm.left() + s.marginsMm.right()) * mm,
                          doc.pageSize.height() - (s.marginsMm.top() + s.marginsMm.bottom()) * mm);
        const QRectF slack = body.adjusted(-0.5, -0.5, 0.5, 0.5);
        for (int p = 0; p < doc.pages.size(); ++p) {
            for (const TextBox &b : doc.pages.at(p).text) {
                QVERIFY2(b.rect.left() >= slack.left() && b.rect.right() <= slack.right() && b.rect.top() >= slack.top() && b.rect.bottom() <= slack.bottom(), qPrintable(u"box outside body on page %1: '%2' %3,%4 %5x%6"_s.arg(p).arg(b.text).arg(b.rect.x()).arg(b.rect.y()).arg(b.rect.width()).arg(b.rect.height())));
            }
        }
    }

    // Han glyphs come from the Simplified Chinese face, not from the JP fallback.
    void chineseFace()
    {
        const Article a = load(samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s);
        LayoutSettings s;
        const LaidOutDocument doc = layoutArticle(a, nullptr, s);
        QSet<QString> families;
        for (const LaidOutPage &p : doc.pages) {
            for (const GlyphItem &g : p.glyphs) {
                families.insert(g.run.rawFont().familyName());
            }
        }
        QVERIFY2(families.contains(u"Noto Serif CJK SC"_s), qPrintable(QStringList(families.values()).join(u", "_s)));
        QVERIFY2(families.contains(u"Noto Serif"_s), qPrintable(QStringList(families.values()).join(u", "_s)));
        for (const QString &f : families) {
            QVERIFY2(!f.contains(u"JP"_s) && !f.contains(u"Sans"_s), qPrintable(f));
        }
    }

    void bigSampleTiming()
    {
        const QString file = samplesDir() + u"/1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md"_s;
        const Article a = load(file);
        QVERIFY(a.chinese.size() > 50);
        LayoutSettings s;
        QElapsedTimer t;
        t.start();
        const LaidOutDocument doc = layoutArticle(a, nullptr, s);
        const qint64 ms = t.elapsed();
        qInfo("big sample: %lld pages in %lld ms", qlonglong(doc.pages.size()), ms);
        QVERIFY(doc.pages.size() > 15 && doc.pages.size() < 80);
    }

    // Paints in another thread than the one that laid out.
    void paintOtherThread()
    {
        const Article a = load(samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s);
        const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
        QFuture<QImage> f = QtConcurrent::run([&doc]() {
            return renderPageImage(doc, 0, 827, 1169);
        });
        const QImage img = f.result();
        QCOMPARE(img.size(), QSize(827, 1169));
        int dark = 0;
        for (int y = 0; y < img.height(); y += 3) {
            for (int x = 0; x < img.width(); x += 3) {
                dark += qGray(img.pixel(x, y)) < 128;
            }
        }
        QVERIFY2(dark > 2000, qPrintable(QString::number(dark)));
    }

    // With OKB_LAYOUT_DUMP=dir: writes every page of every sample for looking at.
    void dump()
    {
        const QString dir = qEnvironmentVariable("OKB_LAYOUT_DUMP");
        if (dir.isEmpty()) {
            return;
        }
        QDir().mkpath(dir);
        for (const QString &f : sampleFiles()) {
            const Article a = load(f);
            const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
            for (int i = 0; i < doc.pages.size(); ++i) {
                const int w = qRound(doc.pageSize.width() / 72.0 * 100);
                const int h = qRound(doc.pageSize.height() / 72.0 * 100);
                renderPageImage(doc, i, w, h).save(dir + u'/' + QFileInfo(f).completeBaseName().left(14) + u"-p"_s + QString::number(i + 1) + u".png"_s);
            }
        }
    }
};

QTEST_MAIN(LayoutTest)
#include "tst_layout.moc"
