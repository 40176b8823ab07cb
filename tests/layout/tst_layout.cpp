// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "../common/samplefiles.h"
#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "layout/typesetter.h"
#include "paint/pagepainter.h"
#include "parse/articleparser.h"

#include <QDir>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QElapsedTimer>
#include <QMutex>
#include <QRawFont>
#include <QTest>
#include <QTextLayout>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <bit>
#include <cstdlib>
#include <ctime>

using namespace Okb;
using namespace Qt::StringLiterals;
using OkbTest::sampleFiles;
using OkbTest::samplesDir;

class LayoutTest : public QObject
{
    Q_OBJECT

private:
    static Article load(const QString &path)
    {
        const ParseResult r = parseArticleFile(path);
        if (!r.ok) {
            qWarning("parse failed: %s: %s", qPrintable(path), qPrintable(r.error));
        }
        return r.article;
    }
    // A headline of several parts (ChineseHeader::titleLines) takes its English title from the
    // Title: line, the whole headline: the English body's repeats of it (its leading Title blocks,
    // "Zibo Prefecture" / "Cultivating a Large Number of Teachers") are used up, not laid out.
    static int englishTitleBlocksUsedUp(const Article &a)
    {
        if (a.zh.titleLines.size() < 2 || a.en.titleLines.isEmpty() || a.english.isEmpty() || a.english.first().text == a.en.titleLines.first()) {
            return 0; // (a body title that is the Title: line is laid out as the title: 1949)
        }
        int n = 0;
        while (n < a.english.size() && a.english.at(n).kind == BlockKind::Title) {
            ++n;
        }
        return n;
    }
    static double cpuSeconds()
    {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
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
    // PageText keeps a top and height per row of characters that share them: every box reads back
    // bit for bit as it was given and moved (a plain list of float boxes is the reference), across
    // rows, a move from the middle of a row, -0 tops and appending another page text.
    void pageTextRows()
    {
        struct Ref {
            char32_t c;
            float x, y, w, h;
        };
        QList<Ref> ref;
        PageText text;
        const auto add = [&](char32_t c, double x, double y, double w, double h) {
            text.append(c, QRectF(x, y, w, h));
            ref.append(Ref{c, float(x), float(y), float(w), float(h)});
        };
        const auto bits = [](float f) {
            return std::bit_cast<quint32>(f);
        };
        const auto check = [&](const PageText &t, const QList<Ref> &r) {
            QCOMPARE(t.size(), r.size());
            for (qsizetype i = 0; i < r.size(); ++i) {
                const PageText::Box b = t.boxAt(i);
                QCOMPARE(t.charAt(i), r.at(i).c);
                QVERIFY2(bits(b.x) == bits(r.at(i).x) && bits(b.y) == bits(r.at(i).y) && bits(b.width) == bits(r.at(i).w)
                             && bits(b.height) == bits(r.at(i).h),
                         qPrintable(QString::number(i)));
                QCOMPARE(t.rectAt(i), QRectF(r.at(i).x, r.at(i).y, r.at(i).w, r.at(i).h));
            }
        };
        std::srand(7);
        double y = 0;
        for (int line = 0; line < 40; ++line) {
            const double h = line % 5 == 3 ? 14.25 : 11.5;
            for (int i = 0; i < 1 + std::rand() % 60; ++i) {
                add(char32_t('a' + i % 26), 72.0 + i * 5.3, y, 5.3 + (std::rand() % 7) / 3.0, h);
            }
            if (line % 7 == 0) {
                add(U'\n', 72.0, y, 0, h);
            }
            y = line == 10 ? -0.0 : y + h * 1.3; // a -0 top too
        }
        check(text, ref);
        const auto move = [&](QList<Ref> &r, double dx, double dy, qsizetype from) {
            for (qsizetype i = from; i < r.size(); ++i) {
                r[i].x = float(r[i].x + dx);
                r[i].y = float(r[i].y + dy);
            }
        };
        PageText copy = text;
        QVERIFY(copy == text);
        text.translate(3.25, 0, 0);
        move(ref, 3.25, 0, 0); // (adding 0 turns the -0 top to +0)
        check(text, ref);
        const qsizetype mid = ref.size() / 2 + 3; // (in the middle of a row)
        text.translate(-1.5, 17.125, mid);
        move(ref, -1.5, 17.125, mid);
        check(text, ref);
        QVERIFY(!(copy == text));
        // Appending another page text (its first row goes on where it matches the last one).
        PageText tail;
        QList<Ref> tailRef;
        for (int i = 0; i < 30; ++i) {
            const Ref r{char32_t(0x4E00 + i), float(10.0 + i), i < 10 ? ref.last().y : 400.5f, 11.0f, i < 10 ? ref.last().h : 13.0f};
            tail.append(r.c, QRectF(r.x, r.y, r.w, r.h));
            tailRef.append(r);
        }
        text.append(tail);
        ref.append(tailRef);
        check(text, ref);
        QCOMPARE(text.text(ref.size() - 30, 3), QStringLiteral(u"\u4E00\u4E01\u4E02"));
    }

    void everyCharacterOnce_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("mode");
        for (const QString &f : sampleFiles()) {
            for (LayoutMode m : {LayoutMode::SourceOrder, LayoutMode::EnglishOnly, LayoutMode::ChineseOnly}) {
                QTest::newRow(qPrintable(QDir(samplesDir()).relativeFilePath(f) + u'/' + QString::number(int(m)))) << f << int(m);
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

        // The page texts, concatenated, are exactly the laid-out paragraphs one after the other,
        // each ended by "\n"; the paragraphs that come from the model carry their block's text
        // unchanged; every block of the shown language(s) is there once, in order.
        QList<TextBox> boxes;
        QList<int> pageStart;
        for (const LaidOutPage &p : doc.pages) {
            pageStart << boxes.size();
            boxes += p.text.toList();
        }
        int next = 0;
        const int usedUp = englishTitleBlocksUsedUp(a);
        int lastEn = usedUp - 1;
        int lastZh = -1;
        int blocksSeen = 0;
        for (const LaidOutBlock &lb : doc.blocks) {
            QVERIFY(lb.page >= 0 && lb.page < doc.pages.size());
            QCOMPARE(pageStart.at(lb.page) + lb.textIndex, next);
            QString got;
            for (int k = next; k < next + lb.length; ++k) {
                QVERIFY(k < boxes.size());
                QVERIFY(!boxes.at(k).text.isEmpty() && boxes.at(k).text.size() <= 2);
                got += boxes.at(k).text;
            }
            next += lb.length;
            QVERIFY(got.endsWith(u'\n'));
            if (lb.block < 0) {
                continue;
            }
            const QList<Block> &blocks = lb.language == Language::English ? a.english : a.chinese;
            QCOMPARE(got, blocks.at(lb.block).text + u'\n');
            int &last = lb.language == Language::English ? lastEn : lastZh;
            QCOMPARE(lb.block, last + 1);
            last = lb.block;
            ++blocksSeen;
        }
        QCOMPARE(next, boxes.size());
        int expectedBlocks = 0;
        if (s.mode != LayoutMode::ChineseOnly) {
            expectedBlocks += a.english.size() - usedUp;
        }
        if (s.mode != LayoutMode::EnglishOnly) {
            expectedBlocks += a.chinese.size();
        }
        QCOMPARE(blocksSeen, expectedBlocks);
        Q_UNUSED(allText(doc));

        // Inside the margins.
        const double mm = 72.0 / 25.4;
        const QRectF body(s.marginsMm.left() * mm,
                          s.marginsMm.top() * mm,
                          doc.pageSize.width() - (s.marginsMm.left() + s.marginsMm.right()) * mm,
                          doc.pageSize.height() - (s.marginsMm.top() + s.marginsMm.bottom()) * mm);
        const QRectF slack = body.adjusted(-0.5, -0.5, 0.5, 0.5);
        for (int p = 0; p < doc.pages.size(); ++p) {
            // Glyph ink too (body text; running heads are centred on the same measure). A
            // line-initial “ may hang its blank half into the margin, not its ink.
            for (const GlyphItem &g : doc.pages.at(p).glyphs) {
                const QRawFont raw = g.run.rawFont();
                const QList<quint32> idx = g.run.glyphIndexes();
                const QList<QPointF> pos = g.run.positions();
                for (int k = 0; k < idx.size(); ++k) {
                    const QRectF ink = raw.boundingRect(idx.at(k)).translated(pos.at(k));
                    if (ink.isEmpty()) {
                        continue; // a space
                    }
                    QVERIFY2(ink.left() >= slack.left() - 1 && ink.right() <= slack.right() + 1,
                             qPrintable(u"glyph ink outside the measure on page %1 at x=%2..%3"_s.arg(p).arg(ink.left()).arg(ink.right())));
                }
            }
            for (const TextBox &b : doc.pages.at(p).text) {
                QVERIFY2(b.rect.left() >= slack.left() && b.rect.right() <= slack.right() && b.rect.top() >= slack.top() && b.rect.bottom() <= slack.bottom(),
                         qPrintable(u"box outside body on page %1: '%2' %3,%4 %5x%6"_s.arg(p)
                                        .arg(b.text)
                                        .arg(b.rect.x())
                                        .arg(b.rect.y())
                                        .arg(b.rect.width())
                                        .arg(b.rect.height())));
            }
        }
    }

    // Page counts stay in a sane range and every page has its running header and footer: glyphs
    // above and below the text block, none of them in the page text.
    void pagesAndRunningHeads_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &f : sampleFiles()) {
            QTest::newRow(qPrintable(QDir(samplesDir()).relativeFilePath(f))) << f;
        }
    }
    void pagesAndRunningHeads()
    {
        QFETCH(QString, file);
        const Article a = load(file);
        LayoutSettings s;
        const LaidOutDocument doc = layoutArticle(a, nullptr, s);
        int chars = 0;
        for (const Block &b : a.english) {
            chars += b.text.size();
        }
        for (const Block &b : a.chinese) {
            chars += b.text.size() * 2; // a Han character is about two Latin ones wide
        }
        // A4 page holds roughly 3,000-4,500 Latin characters of body text.
        const int expectMin = std::max(1, chars / 6000);
        const int expectMax = chars / 1500 + 3;
        QVERIFY2(doc.pages.size() >= expectMin && doc.pages.size() <= expectMax, qPrintable(u"%1 pages for %2 chars"_s.arg(doc.pages.size()).arg(chars)));
        const double mm = 72.0 / 25.4;
        const double top = s.marginsMm.top() * mm;
        const double bottom = doc.pageSize.height() - s.marginsMm.bottom() * mm;
        for (int p = 0; p < doc.pages.size(); ++p) {
            bool head = false;
            bool foot = false;
            for (const GlyphItem &g : doc.pages.at(p).glyphs) {
                const QRectF r = g.run.boundingRect();
                head = head || r.bottom() < top;
                foot = foot || r.top() > bottom;
            }
            // A page that opens with a title (page 1, the Chinese original's part) has no
            // running head; every other page has one.
            bool opensWithTitle = p == 0;
            for (const TocEntry &e : doc.toc) {
                opensWithTitle |= e.level == 0 && e.page == p && e.y < top + s.latinPointSize * s.lineSpacing * 3;
            }
            QVERIFY2(head == !opensWithTitle && foot, qPrintable(u"page %1"_s.arg(p)));
            if (!opensWithTitle) {
                QVERIFY(!doc.pages.at(p).rules.isEmpty()); // the header's hairline
            }
        }
        // The TOC starts with the title on page 0 and points inside the document.
        QVERIFY(!doc.toc.isEmpty());
        QCOMPARE(doc.toc.first().page, 0);
        for (const TocEntry &e : doc.toc) {
            QVERIFY(e.page >= 0 && e.page < doc.pages.size());
            QVERIFY(!e.title.isEmpty());
        }
    }

    // Bilingual modes: per language, the paragraphs' boxes (via their spans) spell out every block
    // once, in order; every box on every page belongs to exactly one paragraph; each aligned pair
    // starts at the same height in both columns (side by side) or on both pages of a spread.
    // A headline part the archive glued to the first body line ("周恩来总理的讲话尊敬的…同志们：",
    // header "在机场上欢迎巴德尔王太子  周恩来总理的讲话") is set once, in the title area, in every
    // paired mode and at both levels: not again as the body's first line.
    void gluedHeadlinePartSetOnce_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("level");
        for (const LayoutMode m : {LayoutMode::Interlinear, LayoutMode::SideBySide, LayoutMode::FacingPages}) {
            for (const AlignLevel l : {AlignLevel::Sentence, AlignLevel::Paragraph}) {
                QTest::addRow("mode %d level %d", int(m), int(l)) << int(m) << int(l);
            }
        }
    }
    void gluedHeadlinePartSetOnce()
    {
        QFETCH(int, mode);
        QFETCH(int, level);
        const Article a = load(QStringLiteral(OKB_TEST_DATA_DIR "/unseen2/1958-01-01_在机场上欢迎巴德尔王太子_周恩来总理的讲话.md"));
        QCOMPARE(a.zh.titleLines, (QStringList{u"在机场上欢迎巴德尔王太子"_s, u"周恩来总理的讲话"_s}));
        AlignOptions ao;
        ao.level = AlignLevel(level);
        const Alignment al = alignArticle(a, ao);
        QVERIFY(!al.pairs.isEmpty());
        LayoutSettings s;
        s.mode = LayoutMode(mode);
        s.alignLevel = AlignLevel(level);
        const LaidOutDocument doc = layoutArticle(a, &al, s);
        const QString text = allText(doc);
        QCOMPARE(text.count(u"周恩来总理的讲话"_s), 1);
        QCOMPARE(text.count(u"尊敬的穆罕默德·巴德尔王太子殿下，朋友们，同志们："_s), 1);
        // The body's first Chinese paragraph starts where the glued part ends, as a paragraph does.
        const qsizetype title = text.indexOf(u"周恩来总理的讲话"_s);
        const qsizetype body = text.indexOf(u"尊敬的"_s);
        QVERIFY(title >= 0 && body > title);
    }
    void bilingual_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("level");
        for (const QString &f : sampleFiles()) {
            if (f.contains(u"original-only"_s)) {
                continue;
            }
            for (LayoutMode m : {LayoutMode::Interlinear, LayoutMode::SideBySide, LayoutMode::FacingPages}) {
                const AlignLevel level = m == LayoutMode::Interlinear ? AlignLevel::Sentence : AlignLevel::Paragraph;
                QTest::newRow(qPrintable(QDir(samplesDir()).relativeFilePath(f) + u'/' + QString::number(int(m)))) << f << int(m) << int(level);
            }
        }
        const QString ref = samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s;
        QTest::newRow("reference/side-by-side/sentences") << ref << int(LayoutMode::SideBySide) << int(AlignLevel::Sentence);
        QTest::newRow("reference/facing/sentences") << ref << int(LayoutMode::FacingPages) << int(AlignLevel::Sentence);
        QTest::newRow("reference/interlinear/paragraphs") << ref << int(LayoutMode::Interlinear) << int(AlignLevel::Paragraph);
    }
    void bilingual()
    {
        QFETCH(QString, file);
        QFETCH(int, mode);
        QFETCH(int, level);
        const Article a = load(file);
        QVERIFY(!a.english.isEmpty() && !a.chinese.isEmpty());
        AlignOptions ao;
        ao.level = AlignLevel(level);
        const Alignment al = alignArticle(a, ao);
        QVERIFY(!al.pairs.isEmpty());
        LayoutSettings s;
        s.mode = LayoutMode(mode);
        s.alignLevel = AlignLevel(level);
        const LaidOutDocument doc = layoutArticle(a, &al, s);
        QCOMPARE(doc.facingPages, s.mode == LayoutMode::FacingPages);
        if (doc.facingPages) {
            QVERIFY(doc.pages.size() % 2 == 0);
        }

        QList<QList<int>> used(doc.pages.size());
        for (int p = 0; p < doc.pages.size(); ++p) {
            used[p].fill(0, doc.pages.at(p).text.size());
        }
        QString lang[2];
        for (const LaidOutBlock &lb : doc.blocks) {
            QString got;
            int count = 0;
            for (const TextSpan &sp : lb.spans) {
                QVERIFY(sp.page >= 0 && sp.page < doc.pages.size());
                QVERIFY(sp.index >= 0 && sp.index + sp.count <= doc.pages.at(sp.page).text.size());
                for (int k = sp.index; k < sp.index + sp.count; ++k) {
                    got += doc.pages.at(sp.page).text.at(k).text;
                    ++used[sp.page][k];
                }
                count += sp.count;
            }
            QCOMPARE(count, lb.length);
            if (lb.block < 0) {
                continue;
            }
            const QList<Block> &blocks = lb.language == Language::English ? a.english : a.chinese;
            QVERIFY(lb.block < blocks.size());
            const QString full = blocks.at(lb.block).text + u'\n';
            QCOMPARE(got, full.mid(lb.offset, got.size()));
            lang[lb.language == Language::English ? 0 : 1] += got;
        }
        for (int p = 0; p < used.size(); ++p) {
            for (int k = 0; k < used.at(p).size(); ++k) {
                QVERIFY2(used.at(p).at(k) == 1, qPrintable(u"page %1 box %2 used %3 times"_s.arg(p).arg(k).arg(used.at(p).at(k))));
            }
        }
        for (int L = 0; L < 2; ++L) {
            QString expect;
            const QList<Block> &blocks = L == 0 ? a.english : a.chinese;
            for (int i = L == 0 ? englishTitleBlocksUsedUp(a) : 0; i < blocks.size(); ++i) {
                expect += blocks.at(i).text + u'\n';
            }
            QCOMPARE(lang[L], expect);
        }

        // Nothing outside the text block, and in side by side no box crosses the gutter's middle
        // into the other column... of its own paragraph's language.
        const double mm = 72.0 / 25.4;
        const QRectF body(s.marginsMm.left() * mm,
                          s.marginsMm.top() * mm,
                          doc.pageSize.width() - (s.marginsMm.left() + s.marginsMm.right()) * mm,
                          doc.pageSize.height() - (s.marginsMm.top() + s.marginsMm.bottom()) * mm);
        for (int p = 0; p < doc.pages.size(); ++p) {
            for (const TextBox &b : doc.pages.at(p).text) {
                QVERIFY2(b.rect.left() >= body.left() - 0.5 && b.rect.right() <= body.right() + 0.5 && b.rect.top() >= body.top() - 0.5
                             && b.rect.bottom() <= body.bottom() + 0.5,
                         qPrintable(u"box outside body on page %1: '%2'"_s.arg(p).arg(b.text)));
            }
        }

        // Pair regions and synchronisation.
        int pairsSeen = 0;
        QSet<int> started;
        for (int p = 0; p < doc.pages.size(); ++p) {
            for (const PairRegion &r : doc.pages.at(p).pairs) {
                QVERIFY(r.pair >= 0 && r.pair < al.pairs.size());
                ++pairsSeen;
                if (started.contains(r.pair)) {
                    continue;
                }
                if (s.mode == LayoutMode::SideBySide && !r.english.isNull() && !r.chinese.isNull()) {
                    started.insert(r.pair);
                    QVERIFY2(qAbs(r.english.top() - r.chinese.top()) < 1.0,
                             qPrintable(u"pair %1 on page %2: en %3 zh %4"_s.arg(r.pair).arg(p).arg(r.english.top()).arg(r.chinese.top())));
                    QVERIFY2(r.english.right() <= r.chinese.left() + 0.5, // English left
                             qPrintable(u"pair %1 page %2: en right %3 zh left %4"_s.arg(r.pair).arg(p).arg(r.english.right()).arg(r.chinese.left())));
                }
                if (s.mode == LayoutMode::FacingPages && p % 2 == 0 && !r.english.isNull()) {
                    started.insert(r.pair);
                    for (const PairRegion &o : doc.pages.at(p + 1).pairs) {
                        if (o.pair == r.pair && !o.chinese.isNull()) {
                            QVERIFY2(qAbs(r.english.top() - o.chinese.top()) < 1.0, qPrintable(u"pair %1 spread %2"_s.arg(r.pair).arg(p / 2)));
                        }
                    }
                    QVERIFY(r.chinese.isNull()); // Chinese never on the left page
                }
                if (s.mode == LayoutMode::Interlinear && !r.english.isNull() && !r.chinese.isNull()) {
                    started.insert(r.pair);
                    QVERIFY(r.english.top() < r.chinese.top()); // English first
                }
            }
        }
        QVERIFY(pairsSeen > 0);
    }

    // No widows or orphans (a paragraph broken over pages leaves >= 2 lines on each), no
    // heading at the foot of a page (it stays with what follows).
    void widowsOrphansHeadings_data()
    {
        pagesAndRunningHeads_data();
    }
    void widowsOrphansHeadings()
    {
        QFETCH(QString, file);
        const Article a = load(file);
        const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
        int broken = 0;
        for (int i = 0; i < doc.blocks.size(); ++i) {
            const LaidOutBlock &lb = doc.blocks.at(i);
            if (lb.spans.size() > 1) {
                ++broken;
                for (const TextSpan &sp : lb.spans) {
                    QSet<int> tops;
                    for (int k = sp.index; k < sp.index + sp.count; ++k) {
                        tops.insert(qRound(doc.pages.at(sp.page).text.at(k).rect.top() * 10));
                    }
                    QVERIFY2(tops.size() >= 2, qPrintable(u"paragraph %1 leaves %2 line(s) on page %3"_s.arg(i).arg(tops.size()).arg(sp.page)));
                }
            }
            if ((lb.kind == BlockKind::Heading || lb.kind == BlockKind::Title) && i + 1 < doc.blocks.size()) {
                QCOMPARE(doc.blocks.at(i + 1).page, lb.page);
            }
        }
        Q_UNUSED(broken);
    }

    // clreq kinsoku on the laid-out lines: no line starts with 。，、；：？！”’）》 etc., none ends
    // with “‘（《, and —— / …… are never split. Lines are read back from the TextBoxes.
    void kinsoku_data()
    {
        pagesAndRunningHeads_data();
    }
    void kinsoku()
    {
        QFETCH(QString, file);
        const Article a = load(file);
        const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
        int lines = 0;
        for (int p = 0; p < doc.pages.size(); ++p) {
            const PageText &t = doc.pages.at(p).text;
            int i = 0;
            while (i < t.size()) {
                int j = i;
                while (j + 1 < t.size() && qAbs(t.at(j + 1).rect.top() - t.at(i).rect.top()) < 0.01 && t.at(j).text != u"\n"_s) {
                    ++j;
                }
                // [i, j] is one line. First and last visible characters:
                QString line;
                for (int k = i; k <= j; ++k) {
                    line += t.at(k).text;
                }
                const QString trimmed = line.trimmed();
                if (!trimmed.isEmpty()) {
                    ++lines;
                    const char32_t first = trimmed.toUcs4().first();
                    const char32_t last = trimmed.toUcs4().last();
                    QVERIFY2(!Detail::isNoLineStart(first), qPrintable(u"page %1 line starts badly: "_s.arg(p) + line));
                    // A block may end with an opening mark only if that is its last character.
                    if (t.at(j).text != u"\n"_s) {
                        QVERIFY2(!Detail::isNoLineEnd(last), qPrintable(u"page %1 line ends badly: "_s.arg(p) + line));
                        for (const QString &pair : {u"——"_s, u"……"_s}) {
                            const QString next = j + 1 < t.size() ? t.at(j + 1).text : QString();
                            QVERIFY2(!(line.endsWith(pair.at(0)) && next == pair.at(1)), qPrintable(u"split "_s + pair + u": "_s + line));
                        }
                    }
                }
                i = j + 1;
            }
        }
        QVERIFY(lines > 3);
    }

    // Han next to Latin gets a quarter em, punctuation pairs are compressed: measured on boxes.
    void hanLatinSpacingAndCompression()
    {
        Article a;
        Block b;
        b.language = Language::Chinese;
        b.text = u"全国GDP增长了。“好”（完）"_s;
        a.chinese.append(b);
        LayoutSettings s;
        s.mode = LayoutMode::ChineseOnly;
        const LaidOutDocument doc = layoutArticle(a, nullptr, s);
        QList<TextBox> boxes;
        for (const LaidOutPage &p : doc.pages) {
            boxes += p.text.toList();
        }
        auto boxOf = [&](const QString &c, int nth = 0) {
            for (const TextBox &tb : boxes) {
                if (tb.text == c && nth-- == 0) {
                    return tb.rect;
                }
            }
            return QRectF();
        };
        const double em = s.cjkPointSize;
        // 国|G: gap of ~1/4 em between the Han box's right edge and the G box.
        const double gapHanLatin = boxOf(u"G"_s).left() - boxOf(u"国"_s).right();
        QVERIFY2(qAbs(gapHanLatin - em / 4) < 0.3, qPrintable(QString::number(gapHanLatin)));
        const double gapLatinHan = boxOf(u"增"_s).left() - boxOf(u"P"_s).right();
        QVERIFY2(qAbs(gapLatinHan - em / 4) < 0.3, qPrintable(QString::number(gapLatinHan)));
        // 。“ takes 1.5 em instead of 2.
        const double pair = boxOf(u"“"_s).left() - boxOf(u"。"_s).left();
        QVERIFY2(qAbs(pair - em / 2) < 0.3, qPrintable(QString::number(pair)));
    }

    // A supplementary-plane character is one TextBox; Han inside English text is drawn from the
    // SC face; a hard "\n" inside a block is kept as a box.
    void surrogatesAndMixedScript()
    {
        Article a;
        Block en;
        en.language = Language::English;
        en.text =
            u"The name \U00020BB7 (Ji) and Beijing (北京) appear here; this paragraph is long enough to wrap over more than one line of the page, "
            u"so that the line breaker has to make a few choices on the way.\nA hard line break stays."_s;
        a.english.append(en);
        Block zh;
        zh.language = Language::Chinese;
        zh.text = u"𠮷野家在北京。𠀀𠀁𠀂"_s;
        a.chinese.append(zh);
        Block row;
        row.language = Language::Chinese;
        row.kind = BlockKind::TableRow;
        row.text = u"𠮷\t1988\t3.5"_s;
        a.chinese.append(row);
        const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
        QList<TextBox> boxes;
        for (const LaidOutPage &p : doc.pages) {
            boxes += p.text.toList();
        }
        QString all;
        int pairs = 0;
        for (const TextBox &b : boxes) {
            QVERIFY(b.text.size() == 1 || (b.text.size() == 2 && b.text.at(0).isHighSurrogate() && b.text.at(1).isLowSurrogate()));
            pairs += b.text.size() == 2;
            all += b.text;
        }
        QCOMPARE(pairs, 6);
        QVERIFY(all.contains(en.text + u'\n'));
        QVERIFY(all.contains(zh.text + u'\n'));
        QVERIFY(all.contains(row.text + u'\n'));
        // Han in the English paragraph: which face drew 北?
        bool sawHanInEnglish = false;
        for (const LaidOutPage &p : doc.pages) {
            for (const GlyphItem &g : p.glyphs) {
                const QList<quint32> bei = g.run.rawFont().glyphIndexesForString(u"北"_s);
                if (!bei.isEmpty() && g.run.glyphIndexes().contains(bei.first()) && bei.first() != 0) {
                    QCOMPARE(g.run.rawFont().familyName(), u"Noto Serif CJK SC"_s);
                    sawHanInEnglish = true;
                }
            }
        }
        QVERIFY(sawHanInEnglish);
    }

    // Table rows break between their cells, not inside one: a name like "Ye Houfang" (cells
    // separated by U+3000) is never split over two lines, and never hyphenated.
    void tableRowsBreakBetweenCells()
    {
        QDir unseen(QStringLiteral(OKB_TEST_DATA_DIR "/unseen"));
        const QStringList lists = unseen.entryList({u"*寻找革命军人名单*.md"_s});
        QCOMPARE(lists.size(), 1);
        const Article a = load(unseen.filePath(lists.first()));
        LayoutSettings s;
        s.mode = LayoutMode::EnglishOnly;
        const LaidOutDocument doc = layoutArticle(a, nullptr, s);
        static const QRegularExpression sep(u"[\u3000]+| {2,}"_s);
        int rows = 0;
        int wrapped = 0;
        for (const LaidOutBlock &lb : doc.blocks) {
            if (lb.block < 0 || lb.language != Language::English || a.english.at(lb.block).kind != BlockKind::TableRow) {
                continue;
            }
            ++rows;
            // The row's boxes with their line tops, in text order.
            QString text;
            QList<double> tops;
            QList<double> widths;
            for (const TextSpan &sp : lb.spans) {
                for (int i = sp.index; i < sp.index + sp.count; ++i) {
                    const TextBox b = doc.pages.at(sp.page).text.at(i);
                    text += b.text;
                    tops.append(b.rect.top());
                    widths.append(b.rect.width());
                }
            }
            // Every cell (between separators) that fits the measure lies on one line.
            const double measure = doc.pageSize.width() - (s.marginsMm.left() + s.marginsMm.right()) * 72.0 / 25.4 - s.latinPointSize * 1.5;
            qsizetype start = 0;
            auto check = [&](qsizetype end) {
                double width = 0;
                for (qsizetype i = start; i < end && i < widths.size(); ++i) {
                    width += widths.at(i);
                }
                if (width > measure) {
                    return; // wider than a line: it has to wrap inside
                }
                for (qsizetype i = start + 1; i < end && i < tops.size(); ++i) {
                    QVERIFY2(qAbs(tops.at(i) - tops.at(start)) < 0.5, qPrintable(u"cell split over lines: "_s + text.mid(start, end - start)));
                }
            };
            for (auto it = sep.globalMatch(text); it.hasNext();) {
                const QRegularExpressionMatch m = it.next();
                check(m.capturedStart());
                start = m.capturedEnd();
            }
            check(text.endsWith(u'\n') ? text.size() - 1 : text.size());
            wrapped += qAbs(tops.first() - tops.last()) > 0.5 ? 1 : 0;
        }
        QVERIFY(rows > 100);
        QVERIFY(wrapped > 0); // long rows do wrap: between cells
    }

    // A Chinese title breaks between words (ICU's dictionary), never inside one: "苏联" stays whole.
    void chineseTitleBreaksBetweenWords()
    {
        const Article a = load(samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s);
        const Alignment al = alignArticle(a, AlignOptions{AlignLevel::Paragraph, QString()});
        LayoutSettings s;
        s.mode = LayoutMode::FacingPages; // the Chinese title opens the right-hand page, set large
        const LaidOutDocument doc = layoutArticle(a, &al, s);
        QVERIFY(doc.pages.size() >= 2);
        const QString title = a.zh.title;
        QVERIFY(title.size() > 12);
        // The title's boxes on the right-hand first page, split into lines by their y.
        const PageText &boxes = doc.pages.at(1).text;
        QString joined;
        QList<double> ys;
        for (int i = 0; i < boxes.size() && joined.size() < title.size(); ++i) {
            if (boxes.at(i).text == u"\n"_s) {
                break;
            }
            joined += boxes.at(i).text;
            ys.append(boxes.at(i).rect.center().y());
        }
        QCOMPARE(joined, title);
        int breaks = 0;
        for (int i = 1; i < ys.size(); ++i) {
            if (ys.at(i) > ys.at(i - 1) + 1) {
                ++breaks;
                const QString around = title.mid(i - 1, 2);
                for (const QString &word : {u"苏联"_s, u"朝鲜"_s, u"局势"_s, u"政府"_s, u"美国"_s, u"关系"_s, u"声明"_s}) {
                    QVERIFY2(around != word, qPrintable(u"title broken inside %1"_s.arg(word)));
                }
            }
        }
        QVERIFY(breaks >= 1); // long enough to need two lines at title size
    }

    // Pair numbers: a small number in the outer margin at each aligned pair, counted in reading
    // order; the page text, the pages and the pairs' places do not change.
    void pairNumbers_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("interlinear") << int(LayoutMode::Interlinear);
        QTest::newRow("side-by-side") << int(LayoutMode::SideBySide);
        QTest::newRow("facing") << int(LayoutMode::FacingPages);
    }
    void pairNumbers()
    {
        QFETCH(int, mode);
        const Article a = load(samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s);
        const Alignment al = alignArticle(a, AlignOptions{AlignLevel::Sentence, QString()});
        LayoutSettings s;
        s.mode = LayoutMode(mode);
        const LaidOutDocument plain = layoutArticle(a, &al, s);
        s.sentenceNumbers = true;
        const LaidOutDocument numbered = layoutArticle(a, &al, s);
        QCOMPARE(numbered.pages.size(), plain.pages.size());
        QCOMPARE(allText(numbered), allText(plain));
        const double mm = 72.0 / 25.4;
        const double bodyLeft = s.marginsMm.left() * mm;
        const double bodyRight = numbered.pageSize.width() - s.marginsMm.right() * mm;
        auto inMargin = [&](const GlyphItem &g) {
            const QRectF r = g.run.boundingRect();
            return r.right() < bodyLeft || r.left() > bodyRight;
        };
        QHash<int, int> numberOf;
        int numbersSeen = 0;
        for (int pg = 0; pg < numbered.pages.size(); ++pg) {
            const LaidOutPage &page = numbered.pages.at(pg);
            QCOMPARE(page.pairs.size(), plain.pages.at(pg).pairs.size());
            for (const GlyphItem &g : plain.pages.at(pg).glyphs) {
                QVERIFY(!inMargin(g));
            }
            // Expected labels on this page: pairs starting here (facing pages: every pair here).
            int digits = 0;
            QList<QRectF> places;
            QSet<int> here;
            for (const PairRegion &r : page.pairs) {
                if (here.contains(r.pair)) {
                    continue;
                }
                here.insert(r.pair);
                const bool first = !numberOf.contains(r.pair);
                if (first) {
                    numberOf.insert(r.pair, numberOf.size() + 1);
                }
                if (first || numbered.facingPages) {
                    digits += QString::number(numberOf.value(r.pair)).size();
                    places.append(r.english.isNull() ? r.chinese : r.english);
                }
            }
            int glyphs = 0;
            for (const GlyphItem &g : page.glyphs) {
                if (!inMargin(g)) {
                    continue;
                }
                ++numbersSeen;
                glyphs += g.run.glyphIndexes().size();
                // Beside the first line of its pair.
                const double mid = g.run.boundingRect().center().y();
                bool beside = false;
                for (const QRectF &p : std::as_const(places)) {
                    beside |= mid >= p.top() - 1 && mid <= p.top() + s.latinPointSize * s.lineSpacing * 1.2;
                }
                QVERIFY2(beside, qPrintable(u"page %1: number at y %2 beside no pair start"_s.arg(pg).arg(mid)));
            }
            QCOMPARE(glyphs, digits);
        }
        QVERIFY(numbersSeen >= numberOf.size());
        QVERIFY(numberOf.size() > 20);
    }

    // The fault bars' legend keys their colours: each kind of fault in the document is named in
    // the colour of its bars (one kind in grey text, as before, left the colours unexplained).
    void faultLegendKeysTheBarColours_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("interlinear") << int(LayoutMode::Interlinear);
        QTest::newRow("side-by-side") << int(LayoutMode::SideBySide);
        QTest::newRow("facing") << int(LayoutMode::FacingPages);
    }
    void faultLegendKeysTheBarColours()
    {
        QFETCH(int, mode);
        const Article a = load(samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s);
        Alignment al = alignArticle(a, AlignOptions{AlignLevel::Sentence, QString()});
        QVERIFY(al.pairs.size() > 20);
        for (const AlignedPair &p : std::as_const(al.pairs)) {
            QCOMPARE(p.faults, unsigned(NoFault)); // the reference sample has none of its own
        }
        al.pairs[3].faults = Truncated;
        al.pairs[12].faults = Omitted;
        al.pairs[18].faults = Invented | LowConfidence; // shown in the colour of the first
        LayoutSettings s;
        s.mode = LayoutMode(mode);
        const LaidOutDocument marked = layoutArticle(a, &al, s);
        s.faultMarks = false;
        const LaidOutDocument unmarked = layoutArticle(a, &al, s);
        // The legend is drawn, not text (facing pages may spread the text differently: compare
        // the characters).
        QString markedText = allText(marked);
        QString unmarkedText = allText(unmarked);
        std::sort(markedText.begin(), markedText.end());
        std::sort(unmarkedText.begin(), unmarkedText.end());
        QCOMPARE(markedText, unmarkedText);

        QSet<QRgb> bars;
        QSet<QRgb> texts;
        for (const LaidOutPage &page : marked.pages) {
            for (const RuleItem &r : page.rules) {
                if (r.rect.width() > 2 && r.rect.width() < 4 && r.rect.height() > 5) { // a bar, not a hairline
                    bars.insert(r.color.rgb());
                }
            }
            for (const GlyphItem &g : page.glyphs) {
                texts.insert(g.color.rgb());
            }
        }
        QCOMPARE(bars.size(), 3);
        for (const QRgb c : std::as_const(bars)) {
            QVERIFY2(texts.contains(c), qPrintable(u"no legend text in the bars' colour #%1"_s.arg(uint(c & 0xffffff), 6, 16, QChar(u'0'))));
        }
        // The low-confidence pair's bar is purple (its first fault); grey is named for it too.
        QVERIFY(texts.contains(QColor(0x9e, 0x9e, 0x9e).rgb()));
    }

    // Facing pages mirror the margins: inner margin next to the spine on both pages.
    void facingMargins()
    {
        const Article a = load(samplesDir() + u"/1954-09-02_意共中央关于召开全国代表会议的决议.md"_s);
        const Alignment al = alignArticle(a, AlignOptions{AlignLevel::Paragraph, QString()});
        LayoutSettings s;
        s.mode = LayoutMode::FacingPages;
        s.marginsMm = QMarginsF(30, 20, 15, 22); // inner 30, outer 15
        const LaidOutDocument doc = layoutArticle(a, &al, s);
        QVERIFY(doc.facingPages && doc.pages.size() >= 2);
        const double mm = 72.0 / 25.4;
        auto extent = [](const LaidOutPage &p) {
            QRectF r;
            for (const TextBox &b : p.text) {
                r = r.isNull() ? b.rect : r.united(b.rect);
            }
            return r;
        };
        const QRectF left = extent(doc.pages.at(0));
        const QRectF right = extent(doc.pages.at(1));
        QVERIFY2(left.left() >= 15 * mm - 0.5 && left.right() <= doc.pageSize.width() - 30 * mm + 0.5, qPrintable(QString::number(left.right())));
        QVERIFY(left.right() > doc.pageSize.width() - 30 * mm - 20); // the English fills its measure
        QVERIFY(right.left() >= 30 * mm - 0.5 && right.right() <= doc.pageSize.width() - 15 * mm + 0.5);
    }

    // Degenerate input and settings: no crash, at least one page, every character still there.
    void degenerate()
    {
        {
            const LaidOutDocument doc = layoutArticle(Article(), nullptr, LayoutSettings());
            QCOMPARE(doc.pages.size(), 1);
            QVERIFY(doc.pages.first().text.isEmpty());
        }
        Article a;
        a.en.title = u"T"_s;
        for (const QString &t : {QString(), u" "_s, u"\t"_s, u"\n\n"_s, u"“"_s, u"。"_s, u"——"_s, QString(QChar(0xD842))}) {
            Block b;
            b.language = Language::English;
            b.text = t;
            a.english.append(b);
            b.language = Language::Chinese;
            a.chinese.append(b);
        }
        Alignment al; // empty alignment: the bilingual modes still show everything
        for (LayoutMode m : {LayoutMode::SourceOrder,
                             LayoutMode::Interlinear,
                             LayoutMode::SideBySide,
                             LayoutMode::FacingPages,
                             LayoutMode::EnglishOnly,
                             LayoutMode::ChineseOnly}) {
            for (int variant = 0; variant < 4; ++variant) {
                LayoutSettings s;
                s.mode = m;
                if (variant == 1) {
                    s.pageSize = QPageSize(QPageSize::A7);
                    s.marginsMm = QMarginsF(40, 40, 40, 40); // more than the page: ignored
                } else if (variant == 2) {
                    s.latinPointSize = -3;
                    s.cjkPointSize = 0;
                    s.lineSpacing = 0;
                } else if (variant == 3) {
                    s.latinFamily = u"No Such Font 123"_s;
                    s.cjkFamily = QString();
                    s.pageSize = QPageSize();
                }
                const LaidOutDocument doc = layoutArticle(a, &al, s);
                QVERIFY(doc.pages.size() >= 1);
                QVERIFY(doc.pageSize.width() > 100);
                qsizetype fromBlocks = 0;
                qsizetype expect = 0;
                for (const LaidOutBlock &lb : doc.blocks) {
                    fromBlocks += lb.block >= 0 ? lb.length : 0;
                }
                for (const Block &b : a.english) {
                    expect += m == LayoutMode::ChineseOnly ? 0 : b.text.size() + 1;
                }
                for (const Block &b : a.chinese) {
                    expect += m == LayoutMode::EnglishOnly ? 0 : b.text.size() + 1;
                }
                QCOMPARE(fromBlocks, expect);
                QVERIFY(!renderPageImage(doc, 0, 100, 141).isNull());
            }
        }
    }

    // Pathological input: huge paragraphs without break opportunities or with many, one long
    // run of spaces. Must stay fast (linear) and keep every character.
    void hugeParagraphs()
    {
        Article a;
        const QString texts[] = {
            QString(120000, u'x'),
            u"word "_s.repeated(30000),
            u"中文，"_s.repeated(40000),
            u"a"_s + QString(50000, u' ') + u"b"_s,
        };
        for (const QString &t : texts) {
            Block b;
            b.language = t.contains(u'中') ? Language::Chinese : Language::English;
            b.text = t;
            (b.language == Language::English ? a.english : a.chinese).append(b);
        }
        QElapsedTimer timer;
        timer.start();
        const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
        const qint64 ms = timer.elapsed();
        qInfo("huge paragraphs: %lld pages in %lld ms", qlonglong(doc.pages.size()), ms);
        QVERIFY2(ms < 20000, qPrintable(QString::number(ms)));
        qsizetype boxes = 0;
        for (const LaidOutPage &p : doc.pages) {
            boxes += p.text.size();
        }
        qsizetype expect = 0;
        for (const QString &t : texts) {
            expect += t.size() + 1;
        }
        qsizetype fromBlocks = 0;
        qsizetype all = 0;
        for (const LaidOutBlock &lb : doc.blocks) {
            all += lb.length;
            fromBlocks += lb.block >= 0 ? lb.length : 0;
        }
        QCOMPARE(fromBlocks, expect);
        QCOMPARE(boxes, all); // plus the made-up "Original" divider, nothing else
    }

    // Bad input (issue #2): one enormous unbreakable run, and other multi-megabyte one-line
    // paragraphs. Cost must be linear: emergency breaks at the measure, no rescans from the
    // paragraph start; every character still comes out exactly once, in order.
    void enormousRuns_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("language");
        QTest::newRow("8 MiB of a") << QString(8 * 1024 * 1024, u'a') << int(Language::English);
        QString han;
        han.reserve(2 * 1024 * 1024);
        for (int i = 0; i < 2 * 1024 * 1024; ++i) {
            han += QChar(char16_t(0x4E00 + (qint64(i) * 7919) % 20000));
        }
        QTest::newRow("2 Mi Han without punctuation") << han << int(Language::Chinese);
        QTest::newRow("4 MiB of 'a '") << u"a "_s.repeated(2 * 1024 * 1024) << int(Language::English);
        QString junk;
        junk.reserve(4 * 1024 * 1024);
        quint32 x = 12345;
        for (int i = 0; i < 4 * 1024 * 1024; ++i) {
            x = x * 1103515245u + 12345u;
            const quint32 r = (x >> 8) % 100;
            char16_t c = char16_t(0x21 + (x >> 16) % 94); // ASCII
            if (r < 10) {
                c = u' ';
            } else if (r < 14) {
                c = char16_t(0x4E00 + (x >> 12) % 20000); // Han
            } else if (r < 16) {
                c = u"，。、“”（）《》—…\t\u00AD\u200B\uFFFD"[(x >> 20) % 16];
            } else if (r < 17) {
                junk += QChar::highSurrogate(0x20000 + (x >> 10) % 1000);
                c = QChar::lowSurrogate(0x20000 + (x >> 10) % 1000);
            }
            junk += QChar(c);
        }
        QTest::newRow("4 Mi mixed junk") << junk << int(Language::English);
    }
    void enormousRuns()
    {
        QFETCH(QString, text);
        QFETCH(int, language);
        Article a;
        a.en.title = u"Long"_s;
        Block b;
        b.language = Language(language);
        b.text = text;
        (b.language == Language::English ? a.english : a.chinese).append(b);
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = cpuSeconds();
        const LaidOutDocument doc = layoutArticle(a, nullptr, LayoutSettings());
        const qint64 ms = timer.elapsed();
        const double cpu = cpuSeconds() - cpu0;
        qInfo("%lld units: %lld pages in %lld ms (%.1f s CPU)", qlonglong(text.size()), qlonglong(doc.pages.size()), ms, cpu);
        // CPU time, so that a busy shared machine does not fail it; a superlinear engine takes
        // minutes here.
        QVERIFY2(cpu < 20, qPrintable(QString::number(cpu)));
        // The block's text, in order, exactly once (plus its "\n").
        const LaidOutBlock *body = nullptr;
        for (const LaidOutBlock &lb : doc.blocks) {
            if (lb.block == 0) {
                body = &lb;
            }
        }
        QVERIFY(body);
        const qsizetype pairs = std::count_if(text.cbegin(), text.cend(), [](QChar c) {
            return c.isHighSurrogate();
        });
        QCOMPARE(qsizetype(body->length), text.size() + 1 - pairs);
        QString got;
        got.reserve(text.size() + 1);
        for (const TextSpan &sp : body->spans) {
            const PageText &boxes = doc.pages.at(sp.page).text;
            for (int i = sp.index; i < sp.index + sp.count; ++i) {
                got += boxes.at(i).text;
            }
        }
        QCOMPARE(got.size(), text.size() + 1);
        QVERIFY(got.startsWith(text.left(1000)));
        QVERIFY(got == text + u'\n');
        // Lines stay inside the text block.
        const double right = doc.pageSize.width() - 22 / 25.4 * 72 + 0.01;
        double widest = 0;
        for (const LaidOutPage &p : doc.pages) {
            for (const TextBox &tb : p.text) {
                widest = std::max(widest, tb.rect.right());
            }
        }
        QVERIFY2(widest <= right, qPrintable(QString::number(widest)));
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

    // A line-end hyphen is set at the size of its line's text, and its run is as wide as the
    // hyphen is at that size (it was measured at Qt's default resolution, 96 dpi, not on the
    // typesetter's 72-dpi device: drawn and reserved 4/3 too large).
    void lineEndHyphens()
    {
        const Article a = load(samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s);
        LayoutSettings s;
        const LaidOutDocument doc = layoutArticle(a, nullptr, s);
        int hyphens = 0;
        for (const LaidOutPage &p : doc.pages) {
            for (qsizetype k = 1; k < p.glyphs.size(); ++k) {
                const GlyphItem &g = p.glyphs.at(k);
                const GlyphItem &before = p.glyphs.at(k - 1);
                const QList<quint32> glyphs = g.run.glyphIndexes();
                const QList<QPointF> at = g.run.positions();
                const QList<QPointF> beforeAt = before.run.positions();
                if (glyphs.size() != 1 || at.isEmpty() || beforeAt.isEmpty() || !qFuzzyCompare(at.first().y(), beforeAt.last().y())) {
                    continue;
                }
                QFont sized(g.font);
                sized.setPixelSize(100);
                const QRawFont raw = QRawFont::fromFont(sized);
                const QList<quint32> soft = raw.glyphIndexesForString(QString(QChar(0x00AD)));
                const QList<quint32> hard = raw.glyphIndexesForString(u"-"_s);
                if (!(glyphs.first() == soft.value(0, 0) || glyphs.first() == hard.value(0, 0)) || glyphs.first() == 0) {
                    continue;
                }
                ++hyphens;
                QCOMPARE(g.pixelSize, before.pixelSize);
                QRawFont atSize = raw;
                atSize.setPixelSize(g.pixelSize);
                const double advance = atSize.advancesForGlyphIndexes(glyphs, QRawFont::UseDesignMetrics).value(0).x();
                QVERIFY2(std::abs(g.run.boundingRect().width() - advance) < 1e-6, qPrintable(u"%1 vs %2"_s.arg(g.run.boundingRect().width()).arg(advance)));
            }
        }
        QVERIFY2(hyphens >= 3, qPrintable(QString::number(hyphens))); // the sample has several
    }

    // Typesetter::fontFor() and the split paragraph: a text all in the Latin face is set with that
    // family alone, one with Han in the font of two families; "Original · 原文" (the divider's
    // style) is shaped piece by piece with each family alone, and gives the glyphs Qt gives it with
    // both families (its fallback engine): the same faces, glyphs and advances.
    void primaryFamilyAndSplit()
    {
        Detail::Typesetter ts;
        QFont two;
        two.setFamilies({u"Noto Serif"_s, u"Noto Serif CJK SC"_s});
        two.setPointSizeF(ts.fontPointSize(10.5));
        two.setHintingPreference(QFont::PreferNoHinting);
        two.setKerning(true);
        two.setFeature(QFont::Tag("liga"), 0);
        two.setFeature(QFont::Tag("clig"), 0);
        QCOMPARE(ts.fontFor(two, u"Plain English, \u201Cquoted\u201D \u2014 1951.").families(), QStringList{u"Noto Serif"_s});
        QCOMPARE(ts.fontFor(two, u"English with \u4E2D\u6587").families(), two.families());
        QFont cjk = two;
        cjk.setFamilies({u"Noto Serif CJK SC"_s, u"Noto Serif"_s});
        QCOMPARE(ts.fontFor(cjk, u"\u4E2D\u6587\uFF0C1951\u5E74\u3002").families(), QStringList{u"Noto Serif CJK SC"_s});

        QFont divider = two;
        divider.setCapitalization(QFont::AllUppercase);
        divider.setLetterSpacing(QFont::PercentageSpacing, 115);
        const QString text = u"Original \u00B7 \u539F\u6587"_s;
        Detail::ParaStyle style;
        style.font = divider;
        style.align = Detail::ParaAlign::Left;
        style.pitch = 15;
        const QList<Detail::TypesetLine> lines = ts.typeset(text, style, 400, false);
        QCOMPARE(lines.size(), 1);
        // Qt alone, with both families.
        QTextLayout qt(text, divider, const_cast<QPaintDevice *>(ts.device()));
        QTextOption opt;
        opt.setWrapMode(QTextOption::NoWrap);
        opt.setUseDesignMetrics(true);
        qt.setTextOption(opt);
        qt.beginLayout();
        QTextLine line = qt.createLine();
        line.setLineWidth(1e6);
        qt.endLayout();
        QStringList ours;
        QStringList theirs;
        QList<double> ourX;
        QList<double> theirX;
        QSet<QString> ourFaces;
        for (const GlyphItem &g : lines.first().glyphs) {
            ourFaces.insert(g.run.rawFont().familyName());
            const QList<quint32> idx = g.run.glyphIndexes();
            const QList<QPointF> pos = g.run.positions();
            for (qsizetype k = 0; k < idx.size(); ++k) {
                ours << g.run.rawFont().familyName() + u':' + QString::number(g.run.rawFont().pixelSize()) + u':' + QString::number(idx.at(k));
                ourX << pos.at(k).x();
            }
        }
        for (const QGlyphRun &r : line.glyphRuns()) {
            const QList<quint32> idx = r.glyphIndexes();
            const QList<QPointF> pos = r.positions();
            for (qsizetype k = 0; k < idx.size(); ++k) {
                theirs << r.rawFont().familyName() + u':' + QString::number(r.rawFont().pixelSize()) + u':' + QString::number(idx.at(k));
                theirX << pos.at(k).x();
            }
        }
        QCOMPARE(ourFaces, (QSet<QString>{u"Noto Serif"_s, u"Noto Serif CJK SC"_s}));
        QCOMPARE(ours, theirs);
        QCOMPARE(ourX.size(), theirX.size());
        for (qsizetype k = 1; k < ourX.size(); ++k) {
            QVERIFY2(std::abs((ourX.at(k) - ourX.first()) - (theirX.at(k) - theirX.first())) < 1e-9, qPrintable(QString::number(k)));
        }
    }

    // Total-fit line breaking (Knuth-Plass) against the old greedy line choice, on every sample in
    // source order and interlinear: English word spaces on justified lines relative to their
    // natural width (mean, p95, max; lines wider than 1.5x and 2x), hyphenated lines, lines, pages,
    // layout time (best of 3, no observer). Total fit: no justified English line with spaces wider
    // than 2x, fewer loose lines than greedy overall, the same text in the same order.
    void totalFitJustification()
    {
        struct Stats {
            QList<double> ratios; // one per word space of a justified English line
            double max = 1;
            int over15 = 0;
            int over2 = 0;
            int hyphens = 0;
            int hyphenPairs = 0; // two hyphenated lines in a row
            int hyphenBeforeLast = 0; // a hyphen on the line before a paragraph's last
            int hyphenLadders = 0; // three hyphenated lines in a row
            int lines = 0;
            int greedyLines = 0; // total fit fell back to greedy
            int enLines = 0; // justified English lines with word spaces
            int strictOver2 = 0; // lines wider than 2x in paragraphs without the emergency pass
            double zhExtra = 0; // Chinese justified lines: extra space between characters (em), sum
            double zhMax = 0;
            int zhLines = 0;
            int pages = 0;
            qint64 ms = 0;
            void add(const Stats &o)
            {
                ratios += o.ratios;
                max = std::max(max, o.max);
                over15 += o.over15;
                over2 += o.over2;
                hyphens += o.hyphens;
                hyphenPairs += o.hyphenPairs;
                hyphenBeforeLast += o.hyphenBeforeLast;
                hyphenLadders += o.hyphenLadders;
                lines += o.lines;
                greedyLines += o.greedyLines;
                strictOver2 += o.strictOver2;
                enLines += o.enLines;
                zhExtra += o.zhExtra;
                zhMax = std::max(zhMax, o.zhMax);
                zhLines += o.zhLines;
                pages += o.pages;
                ms += o.ms;
            }
            QString row() const
            {
                QList<double> r = ratios;
                std::sort(r.begin(), r.end());
                double mean = 0;
                for (double x : r) {
                    mean += x;
                }
                mean = r.isEmpty() ? 1 : mean / r.size();
                const double p95 = r.isEmpty() ? 1 : r.at(std::min<qsizetype>(r.size() - 1, qsizetype(r.size() * 0.95)));
                return u"mean %1 p95 %2 max %3 | >1.5x %4 >2x %5 | hyph %6 (%11 pairs, %15 triples, %12 before last) | lines %7 (greedy %8) | pages %9 | %10 ms | zh extra %13/%14 em"_s.arg(mean, 0, 'f', 3)
                    .arg(p95, 0, 'f', 3)
                    .arg(max, 0, 'f', 3)
                    .arg(over15, 3)
                    .arg(over2, 3)
                    .arg(hyphens, 3)
                    .arg(lines, 5)
                    .arg(greedyLines)
                    .arg(pages, 3)
                    .arg(ms, 4)
                    .arg(hyphenPairs)
                    .arg(hyphenBeforeLast)
                    .arg(zhLines ? zhExtra / zhLines : 0.0, 0, 'f', 3)
                    .arg(zhMax, 0, 'f', 3)
                    .arg(hyphenLadders);
            }
        };
        Stats current;
        QMutex mutex;
        bool recording = true; // off while timing
        Detail::setJustifiedLineObserver([&](const Detail::JustifiedLineInfo &info) {
            // (called serialised already; the mutex only orders it with the reads below)
            QMutexLocker lock(&mutex);
            if (!recording) {
                return;
            }
            ++current.lines;
            current.hyphens += info.hyphen ? 1 : 0;
            current.hyphenPairs += info.hyphen && info.afterHyphen ? 1 : 0;
            current.hyphenBeforeLast += info.hyphen && info.beforeLast ? 1 : 0;
            current.hyphenLadders += info.hyphen && info.afterTwoHyphens ? 1 : 0;
            current.greedyLines += info.greedy && Detail::lineBreaking() == Detail::LineBreaking::TotalFit ? 1 : 0;
            if (info.language == Language::Chinese && !info.last) {
                ++current.zhLines;
                current.zhExtra += info.cjkExtra;
                current.zhMax = std::max(current.zhMax, info.cjkExtra);
            }
            if (info.language != Language::English || info.last || info.wordSpaces == 0) {
                return;
            }
            ++current.enLines;
            for (int k = 0; k < info.wordSpaces; ++k) {
                current.ratios << info.spaceRatio;
            }
            current.max = std::max(current.max, info.maxSpaceRatio);
            current.over15 += info.maxSpaceRatio > 1.5 ? 1 : 0;
            current.over2 += info.maxSpaceRatio > 2.0 + 1e-6 ? 1 : 0;
            current.strictOver2 += info.maxSpaceRatio > 2.0 + 1e-6 && !info.emergency && !info.greedy ? 1 : 0;
        });
        Stats sum[2];
        for (LayoutMode mode : {LayoutMode::SourceOrder, LayoutMode::Interlinear}) {
            for (const QString &file : sampleFiles()) {
                const Article a = load(file);
                Alignment al;
                if (mode == LayoutMode::Interlinear) {
                    if (a.english.isEmpty() || a.chinese.isEmpty()) {
                        continue;
                    }
                    al = alignArticle(a, AlignOptions());
                }
                LayoutSettings s;
                s.mode = mode;
                // each line observed once: a lazy page would typeset its lines again when read
                s.pageStorage = LayoutSettings::PageStorage::Eager;
                QString texts[2];
                Stats greedy;
                for (int alg = 0; alg < 2; ++alg) {
                    Detail::setLineBreaking(alg == 0 ? Detail::LineBreaking::Greedy : Detail::LineBreaking::TotalFit);
                    {
                        QMutexLocker lock(&mutex);
                        current = Stats();
                    }
                    const LaidOutDocument doc = layoutArticle(a, mode == LayoutMode::Interlinear ? &al : nullptr, s);
                    texts[alg] = allText(doc);
                    Stats st;
                    {
                        QMutexLocker lock(&mutex);
                        st = current;
                    }
                    st.pages = doc.pages.size();
                    st.ms = std::numeric_limits<qint64>::max();
                    {
                        QMutexLocker lock(&mutex);
                        recording = false;
                    }
                    for (int r = 0; r < 3; ++r) {
                        QElapsedTimer t;
                        t.start();
                        const LaidOutDocument again = layoutArticle(a, mode == LayoutMode::Interlinear ? &al : nullptr, s);
                        st.ms = std::min(st.ms, t.elapsed());
                        QCOMPARE(again.pages.size(), doc.pages.size());
                    }
                    {
                        QMutexLocker lock(&mutex);
                        recording = true;
                    }
                    qInfo("%-11s %-7s %-24s %s",
                          mode == LayoutMode::Interlinear ? "interlinear" : "source",
                          alg == 0 ? "greedy" : "totalfit",
                          qPrintable(QFileInfo(file).completeBaseName().left(24)),
                          qPrintable(st.row()));
                    sum[alg].add(st);
                    if (alg == 0) {
                        greedy = st;
                    }
                    if (alg == 0) {
                        continue;
                    }
                    // Total fit: spaces never beyond 2x unless the paragraph has no way through at
                    // that (then its emergency pass), and never looser or longer than greedy.
                    QVERIFY2(st.strictOver2 == 0, qPrintable(file + u": "_s + st.row()));
                    QCOMPARE(st.greedyLines, 0);
                    QVERIFY2(st.over2 <= greedy.over2 && st.over15 <= greedy.over15 && st.max <= greedy.max + 0.01,
                             qPrintable(file + u"\n greedy   "_s + greedy.row() + u"\n totalfit "_s + st.row()));
                    QVERIFY(st.pages <= greedy.pages);
                    QVERIFY(st.lines <= greedy.lines);
                }
                QCOMPARE(texts[1], texts[0]);
            }
        }
        Detail::setJustifiedLineObserver({});
        Detail::setLineBreaking(Detail::LineBreaking::TotalFit);
        qInfo("ALL         greedy   %s", qPrintable(sum[0].row()));
        qInfo("ALL         totalfit %s", qPrintable(sum[1].row()));
        QVERIFY(sum[1].ratios.size() > 1000);
        // Overall: far fewer loose lines; lines beyond 2x (emergency paragraphs) under 1 %.
        QVERIFY2(sum[1].over15 * 2 < sum[0].over15, qPrintable(sum[1].row()));
        QVERIFY2(sum[1].over2 * 100 < sum[1].enLines, qPrintable(sum[1].row()));
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
        t.restart();
        for (int i = 0; i < 3; ++i) {
            QVERIFY(!renderPageImage(doc, i, 1240, 1754).isNull());
        }
        qInfo("painting at 150 dpi: %lld ms per page", t.elapsed() / 3);
        QVERIFY(doc.pages.size() > 15 && doc.pages.size() < 80);

        // Linear cost: four times the text takes about four times as long (best of 3 runs each;
        // generous bound for a shared machine).
        Article big = a;
        for (int k = 0; k < 3; ++k) {
            big.english += a.english;
            big.chinese += a.chinese;
        }
        auto best = [&](const Article &art) -> qint64 {
            qint64 b = std::numeric_limits<qint64>::max();
            for (int r = 0; r < 3; ++r) {
                QElapsedTimer tt;
                tt.start();
                const LaidOutDocument d = layoutArticle(art, nullptr, s);
                b = std::min(b, tt.elapsed());
                if (d.pages.isEmpty()) {
                    return -1;
                }
            }
            return std::max<qint64>(b, 1);
        };
        const qint64 one = best(a);
        const qint64 four = best(big);
        qInfo("x1: %lld ms, x4: %lld ms", one, four);
        QVERIFY(one > 0 && four > 0);
        QVERIFY2(four < one * 8 + 50, qPrintable(u"x1 %1 ms, x4 %2 ms"_s.arg(one).arg(four)));
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

    // Two layouts at once in worker threads give the same result as one in the main thread.
    void layoutInThreads()
    {
        const Article a = load(samplesDir() + u"/000_7d941ea5db1c98f2.txt"_s);
        const LaidOutDocument ref = layoutArticle(a, nullptr, LayoutSettings());
        auto run = [&a]() {
            return layoutArticle(a, nullptr, LayoutSettings());
        };
        QFuture<LaidOutDocument> f1 = QtConcurrent::run(run);
        QFuture<LaidOutDocument> f2 = QtConcurrent::run(run);
        const LaidOutDocument d1 = f1.result();
        const LaidOutDocument d2 = f2.result();
        for (const LaidOutDocument *d : {&d1, &d2}) {
            QCOMPARE(d->pages.size(), ref.pages.size());
            QCOMPARE(allText(*d), allText(ref));
            for (int p = 0; p < ref.pages.size(); ++p) {
                QCOMPARE(d->pages.at(p).text.size(), ref.pages.at(p).text.size());
                QCOMPARE(d->pages.at(p).text.last().rect, ref.pages.at(p).text.last().rect);
            }
        }
        // And a document laid out in a worker paints in the main thread.
        const QImage img = renderPageImage(d1, 0, 400, 566);
        QVERIFY(!img.isNull());
        QVERIFY(img != renderPageImage(d1, 1, 400, 566));
    }

    // Typesetter::advanceBound() (running heads are elided through Qt only when it says a title
    // may not fit): never below Qt's own advance, for every sample's titles and first body
    // paragraph; it knows every Chinese title (the face is met by then); -1 for a font with
    // spacing or capitals (the English running head's).
    void advanceBoundAboveQt()
    {
        int known = 0;
        for (const QString &file : sampleFiles()) {
            const Article a = load(file);
            Detail::Typesetter ts;
            for (const Language lang : {Language::English, Language::Chinese}) {
                const QList<Block> &blocks = lang == Language::English ? a.english : a.chinese;
                if (blocks.isEmpty()) {
                    continue;
                }
                Detail::ParaStyle style;
                style.language = lang;
                LayoutSettings s;
                style.font.setFamilies({lang == Language::English ? s.latinFamily : s.cjkFamily});
                style.font.setPointSizeF(ts.fontPointSize(8.4));
                style.font.setHintingPreference(QFont::PreferNoHinting);
                QVERIFY(!ts.typeset(blocks.first().text, style, 400).isEmpty()); // the face is met
                const QString title = (lang == Language::English ? a.en.title : a.zh.title).simplified();
                for (const QString &text : {title, blocks.first().text.left(200)}) {
                    if (text.isEmpty()) {
                        continue;
                    }
                    const double bound = ts.advanceBound(text, style.font);
                    const double qt = QFontMetricsF(style.font, ts.device()).horizontalAdvance(text);
                    if (bound >= 0) {
                        ++known;
                        QVERIFY2(bound >= qt, qPrintable(u"%1: %2 < %3"_s.arg(text).arg(bound).arg(qt)));
                        QVERIFY2(bound <= qt + text.size() * 1.5, qPrintable(text)); // and not far above it
                    } else {
                        QVERIFY2(lang == Language::English || text != title, qPrintable(text));
                    }
                }
                QFont spaced = style.font;
                spaced.setLetterSpacing(QFont::PercentageSpacing, 104);
                QCOMPARE(ts.advanceBound(title, spaced), -1.0);
            }
        }
        QVERIFY2(known >= 20, qPrintable(QString::number(known)));
    }

    // ICU's Chinese word dictionary (~1.1 MiB resident) is preloaded for a Chinese title only when
    // it may not fit on one line: every layout that segments a title was predicted to, and most
    // samples' titles fit (in source order and interlinear none of them needs it).
    void chineseWordsPreloadedOnlyWhenNeeded()
    {
        int predicted[4] = {0, 0, 0, 0};
        int needed[4] = {0, 0, 0, 0};
        int laidOut = 0;
        const LayoutMode modes[4] = {LayoutMode::SourceOrder, LayoutMode::Interlinear, LayoutMode::SideBySide, LayoutMode::FacingPages};
        for (const QString &file : sampleFiles()) {
            const Article a = load(file);
            if (!a.hasChinese()) {
                continue;
            }
            const bool paired = a.hasEnglish();
            const Alignment al = paired ? alignArticle(a, AlignOptions()) : Alignment();
            for (int k = 0; k < 4; ++k) {
                if (k > 0 && !paired) {
                    continue;
                }
                LayoutSettings s;
                s.mode = modes[k];
                const bool mayNeed = Detail::chineseTitleMayNeedWords(a, s);
                const int before = Detail::chineseWordSegmentations();
                const LaidOutDocument doc = layoutArticle(a, paired ? &al : nullptr, s);
                QVERIFY(!doc.pages.isEmpty());
                const bool segmented = Detail::chineseWordSegmentations() > before;
                if (segmented && !mayNeed) {
                    QFAIL(qPrintable(u"%1 in mode %2: the title was segmented, not predicted"_s.arg(QFileInfo(file).fileName()).arg(k)));
                }
                predicted[k] += mayNeed ? 1 : 0;
                needed[k] += segmented ? 1 : 0;
                ++laidOut;
            }
        }
        qInfo("titles predicted / segmented: source order %d/%d, interlinear %d/%d, side by side %d/%d, facing %d/%d",
              predicted[0], needed[0], predicted[1], needed[1], predicted[2], needed[2], predicted[3], needed[3]);
        QVERIFY(laidOut >= 40);
        QCOMPARE(predicted[0], 0);
        QCOMPARE(predicted[1], 0);
        QVERIFY(needed[2] >= 5); // narrow columns: most long titles wrap there
        QCOMPARE(predicted[2], needed[2]);
    }

    // With OKB_LAYOUT_DUMP=dir: writes every page of every sample for looking at.
    // Text no installed font covers (Thaana here), set in a family that is not installed (a
    // configured font since removed): Qt shapes it with a font engine that has no face (no
    // family, no font file), whose QRawFont::familyName() crashed the layout (found by fuzzing,
    // tests/data/fuzz-regressions/pipeline/faceless-font-thaana.md). The layout draws those glyphs
    // as missing-glyph boxes of a real face instead, in the fast path (words) and in Qt's (tabs),
    // and pages paint.
    void uncoveredScriptInMissingFamily_data()
    {
        QTest::addColumn<QString>("paragraph");
        QTest::newRow("words") << u"In the previous issue \u0780\u0781\u0782 was wrong."_s;
        QTest::newRow("tab (Qt's layout)") << u"Name\t\u0780\u0781\tvalue"_s;
    }
    void uncoveredScriptInMissingFamily()
    {
        QFETCH(QString, paragraph);
        const QByteArray bytes = u"Title: Addendum \u0780\u0781\nDate: 1950-01-01\n\n"_s.toUtf8() + paragraph.toUtf8() + "\n";
        const ParseResult r = parseArticle(bytes);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(QRawFont::fromFont(QFont(u"Noto Serif"_s)).supportedWritingSystems().contains(QFontDatabase::Latin));
        for (const QString &family : {u"No Such Family Okb"_s, u"Noto Serif"_s}) {
            LayoutSettings settings;
            settings.latinFamily = family;
            const LaidOutDocument doc = layoutArticle(r.article, nullptr, settings);
            QCOMPARE(doc.pages.size(), 1);
            const LaidOutPage page = doc.pages.at(0);
            QVERIFY(page.text.text().contains(u"\u0780\u0781"_s));
            int boxes = 0;
            for (const GlyphItem &g : page.glyphs) {
                QVERIFY(g.run.rawFont().isValid());
                QVERIFY(!Detail::isFacelessFont(g.run.rawFont()));
                QVERIFY2(!g.run.rawFont().familyName().isEmpty(), qPrintable(family));
                QVERIFY(!g.font.family().isEmpty());
                boxes += int(g.run.glyphIndexes().count(0));
            }
            QVERIFY2(boxes >= 4, qPrintable(family)); // the Thaana letters of title and text, at least
            const QImage image = renderPageImage(doc, 0, 300, 424);
            QCOMPARE(image.size(), QSize(300, 424));
        }
    }

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
