// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// A document's pages are kept as recipes and made again when read (PageList): what they hold must
// be exactly what the eager layout (LayoutSettings::PageStorage::Eager) puts on them, in every mode, read
// in any order and from several threads at once.

#include "../common/samplefiles.h"
#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "layout/textanchor.h"
#include "paint/pagepainter.h"
#include "parse/articleparser.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <numeric>

using namespace Okb;
using namespace Qt::StringLiterals;
using OkbTest::sampleFiles;
using OkbTest::samplesDir;

namespace
{
const LayoutMode kModes[] = {LayoutMode::SourceOrder,
                             LayoutMode::Interlinear,
                             LayoutMode::SideBySide,
                             LayoutMode::FacingPages,
                             LayoutMode::EnglishOnly,
                             LayoutMode::ChineseOnly};

QString rectText(const QRectF &r)
{
    return u"(%1,%2 %3x%4)"_s.arg(r.x(), 0, 'g', 17).arg(r.y(), 0, 'g', 17).arg(r.width(), 0, 'g', 17).arg(r.height(), 0, 'g', 17);
}

// Empty if the two pages hold the same; else what differs first.
QString pageDiff(const LaidOutPage &a, const LaidOutPage &b)
{
    if (a.glyphs.size() != b.glyphs.size()) {
        return u"glyph runs %1 != %2"_s.arg(a.glyphs.size()).arg(b.glyphs.size());
    }
    for (qsizetype i = 0; i < a.glyphs.size(); ++i) {
        const GlyphItem &x = a.glyphs.at(i);
        const GlyphItem &y = b.glyphs.at(i);
        if (x.run.glyphIndexes() != y.run.glyphIndexes()) {
            return u"run %1: glyph ids differ"_s.arg(i);
        }
        if (x.run.positions() != y.run.positions()) {
            return u"run %1: positions differ"_s.arg(i);
        }
        if (x.run.boundingRect() != y.run.boundingRect()) {
            return u"run %1: bounding rect %2 != %3"_s.arg(i).arg(rectText(x.run.boundingRect()), rectText(y.run.boundingRect()));
        }
        if (x.run.flags() != y.run.flags() || x.color != y.color || x.pixelSize != y.pixelSize || x.font.family() != y.font.family()
            || x.font.styleName() != y.font.styleName() || x.font.weight() != y.font.weight() || x.font.style() != y.font.style()) {
            return u"run %1: flags, colour or face differ (%2 / %3)"_s.arg(i).arg(x.font.family(), y.font.family());
        }
        if (x.run.rawFont().familyName() != y.run.rawFont().familyName() || x.run.rawFont().pixelSize() != y.run.rawFont().pixelSize()) {
            return u"run %1: raw font differs"_s.arg(i);
        }
    }
    if (a.rules.size() != b.rules.size()) {
        return u"rules %1 != %2"_s.arg(a.rules.size()).arg(b.rules.size());
    }
    for (qsizetype i = 0; i < a.rules.size(); ++i) {
        if (a.rules.at(i).rect != b.rules.at(i).rect || a.rules.at(i).color != b.rules.at(i).color) {
            return u"rule %1 differs"_s.arg(i);
        }
    }
    if (a.text.size() != b.text.size()) {
        return u"text boxes %1 != %2"_s.arg(a.text.size()).arg(b.text.size());
    }
    if (!(a.text == b.text)) {
        for (qsizetype i = 0; i < a.text.size(); ++i) {
            if (a.text.charAt(i) != b.text.charAt(i) || a.text.rectAt(i) != b.text.rectAt(i)) {
                return u"text box %1: %2 %3 != %4 %5"_s.arg(i).arg(a.text.textAt(i), rectText(a.text.rectAt(i)), b.text.textAt(i), rectText(b.text.rectAt(i)));
            }
        }
        return u"text differs"_s;
    }
    if (a.pairs.size() != b.pairs.size()) {
        return u"pair regions %1 != %2"_s.arg(a.pairs.size()).arg(b.pairs.size());
    }
    for (qsizetype i = 0; i < a.pairs.size(); ++i) {
        const PairRegion &x = a.pairs.at(i);
        const PairRegion &y = b.pairs.at(i);
        if (x.pair != y.pair || x.english != y.english || x.chinese != y.chinese) {
            return u"pair region %1 differs"_s.arg(i);
        }
    }
    return QString();
}

// Reads every page of `lazy` in `order` and compares it with `eager`; the first difference.
QString comparePages(const LaidOutDocument &lazy, const QList<LaidOutPage> &eager, const QList<int> &order)
{
    for (int p : order) {
        const LaidOutPage page = lazy.pages.at(p);
        const QString d = pageDiff(page, eager.at(p));
        if (!d.isEmpty()) {
            return u"page %1: %2"_s.arg(p).arg(d);
        }
        if (lazy.pages.textSize(p) != page.text.size()) {
            return u"page %1: textSize() %2 != %3"_s.arg(p).arg(lazy.pages.textSize(p)).arg(page.text.size());
        }
    }
    return QString();
}

QString docDiff(const LaidOutDocument &a, const LaidOutDocument &b)
{
    if (a.pageSize != b.pageSize || a.facingPages != b.facingPages || a.firstPageIsRight != b.firstPageIsRight) {
        return u"document settings differ"_s;
    }
    if (a.pages.size() != b.pages.size()) {
        return u"pages %1 != %2"_s.arg(a.pages.size()).arg(b.pages.size());
    }
    if (a.toc.size() != b.toc.size()) {
        return u"toc entries differ"_s;
    }
    for (qsizetype i = 0; i < a.toc.size(); ++i) {
        const TocEntry &x = a.toc.at(i);
        const TocEntry &y = b.toc.at(i);
        if (x.title != y.title || x.level != y.level || x.page != y.page || x.y != y.y) {
            return u"toc entry %1 differs"_s.arg(i);
        }
    }
    if (a.blocks.size() != b.blocks.size()) {
        return u"blocks %1 != %2"_s.arg(a.blocks.size()).arg(b.blocks.size());
    }
    for (qsizetype i = 0; i < a.blocks.size(); ++i) {
        const LaidOutBlock &x = a.blocks.at(i);
        const LaidOutBlock &y = b.blocks.at(i);
        if (x.language != y.language || x.block != y.block || x.offset != y.offset || x.pair != y.pair || x.kind != y.kind || x.page != y.page || x.y != y.y
            || x.textIndex != y.textIndex || x.length != y.length || x.spans.size() != y.spans.size()) {
            return u"block %1 differs"_s.arg(i);
        }
        for (qsizetype k = 0; k < x.spans.size(); ++k) {
            const TextSpan &s = x.spans.at(k);
            const TextSpan &t = y.spans.at(k);
            if (s.page != t.page || s.index != t.index || s.count != t.count || s.units != t.units) {
                return u"block %1 span %2 differs"_s.arg(i).arg(k);
            }
        }
    }
    return QString();
}
} // namespace

class LazyPagesTest : public QObject
{
    Q_OBJECT

private:

    // Lays `a` out lazily and eagerly and checks that both are the same, page by page, read in
    // order, backwards, shuffled and from two threads at once.
    static void checkSame(const Article &a, const Alignment *al, LayoutSettings s, const QString &what, int *pagesChecked)
    {
        s.pageStorage = LayoutSettings::PageStorage::Eager;
        const LaidOutDocument eager = layoutArticle(a, al, s);
        s.pageStorage = LayoutSettings::PageStorage::Lazy;
        const LaidOutDocument lazy = layoutArticle(a, al, s);
        QVERIFY2(!eager.pages.isLazy(), qPrintable(what));
        QVERIFY2(lazy.pages.isLazy(), qPrintable(what));
        const QString d = docDiff(lazy, eager);
        QVERIFY2(d.isEmpty(), qPrintable(what + u": "_s + d));
        const QList<LaidOutPage> ref = eager.pages.toList();
        const int n = int(ref.size());
        *pagesChecked += n;

        QList<int> forward(n);
        std::iota(forward.begin(), forward.end(), 0);
        QList<int> backward = forward;
        std::reverse(backward.begin(), backward.end());
        QList<int> shuffled = forward;
        std::shuffle(shuffled.begin(), shuffled.end(), *QRandomGenerator::global());
        QString diff = comparePages(lazy, ref, backward);
        QVERIFY2(diff.isEmpty(), qPrintable(what + u" (backwards): "_s + diff));
        // A copy of the document shares its pages (and is read the same).
        const LaidOutDocument copy = lazy;
        diff = comparePages(copy, ref, shuffled);
        QVERIFY2(diff.isEmpty(), qPrintable(what + u" (shuffled): "_s + diff));
        // Two threads at once, each with its own order (and its own typesetter and caches).
        QFuture<QString> f1 = QtConcurrent::run([&] {
            return comparePages(lazy, ref, forward);
        });
        QFuture<QString> f2 = QtConcurrent::run([&] {
            return comparePages(lazy, ref, shuffled);
        });
        diff = f1.result();
        QVERIFY2(diff.isEmpty(), qPrintable(what + u" (thread 1): "_s + diff));
        diff = f2.result();
        QVERIFY2(diff.isEmpty(), qPrintable(what + u" (thread 2): "_s + diff));
        // The anchor index needs no page made for its spans and finds the same places.
        const AnchorIndex li(lazy);
        const AnchorIndex ei(eager);
        for (int p = 0; p < n; p += std::max(1, n / 5)) {
            for (int b = 0; b < ref.at(p).text.size(); b += 37) {
                const TextAnchor x = li.anchorAt(p, b);
                QVERIFY2(x == ei.anchorAt(p, b), qPrintable(what + u" anchor on page %1"_s.arg(p)));
                int lp = -1, lbx = -1, ep = -1, ebx = -1;
                QCOMPARE(li.locate(x, &lp, &lbx), ei.locate(x, &ep, &ebx));
                QCOMPARE(lp, ep);
                QCOMPARE(lbx, ebx);
            }
        }
        // And it paints the same pixels (first and last page).
        for (int p : {0, n - 1}) {
            QVERIFY2(renderPageImage(lazy, p, 300, 424) == renderPageImage(eager, p, 300, 424), qPrintable(what + u" painted page %1"_s.arg(p)));
        }
    }

private Q_SLOTS:
    // Every sample in all six modes, with default settings and with pair numbers, a smaller page
    // and unequal margins (facing pages mirror their left-hand pages then).
    void samplesAllModes()
    {
        const QStringList files = sampleFiles();
        QVERIFY(files.size() >= 10);
        int pagesChecked = 0;
        int mirrored = 0;
        for (const QString &f : files) {
            const ParseResult r = parseArticleFile(f);
            QVERIFY2(r.ok, qPrintable(f));
            const Article &a = r.article;
            const Alignment al = alignArticle(a, AlignOptions());
            for (LayoutMode mode : kModes) {
                for (int variant = 0; variant < 2; ++variant) {
                    LayoutSettings s;
                    s.mode = mode;
                    if (variant == 1) {
                        s.sentenceNumbers = true;
                        s.pageSize = QPageSize(QPageSize::A5);
                        s.marginsMm = QMarginsF(26, 18, 14, 20);
                        mirrored += mode == LayoutMode::FacingPages && a.hasEnglish() && a.hasChinese();
                    }
                    const QString what = QFileInfo(f).fileName().left(24) + u" mode "_s + QString::number(int(mode)) + u" variant "_s + QString::number(variant);
                    checkSame(a, al.pairs.isEmpty() ? nullptr : &al, s, what, &pagesChecked);
                    if (QTest::currentTestFailed()) {
                        return;
                    }
                }
            }
        }
        qInfo("%d pages compared (%d mirrored facing-pages layouts)", pagesChecked, mirrored);
        QVERIFY(pagesChecked > 500);
        QVERIFY(mirrored > 5);
    }

    // Paragraphs too long to typeset again per page keep their lines as they were; they mix with
    // lazily made ones on the same pages.
    void hugeParagraphs()
    {
        Article a;
        const QString texts[] = {
            u"A short opening paragraph before the long ones, set as usual."_s,
            u"word "_s.repeated(12000),
            u"Between the long paragraphs."_s,
            QString(50000, u'x'),
            u"中文，"_s.repeated(20000),
            u"短段落。"_s,
        };
        for (const QString &t : texts) {
            Block b;
            b.language = t.contains(u'中') || t.contains(u'短') ? Language::Chinese : Language::English;
            b.text = t;
            (b.language == Language::English ? a.english : a.chinese).append(b);
        }
        int pagesChecked = 0;
        for (LayoutMode mode : {LayoutMode::SourceOrder, LayoutMode::EnglishOnly}) {
            LayoutSettings s;
            s.mode = mode;
            checkSame(a, nullptr, s, u"huge paragraphs, mode %1"_s.arg(int(mode)), &pagesChecked);
        }
        QVERIFY(pagesChecked > 40);
    }

    // The whole point: a lazy document holds far less than an eager one. Measured as what its
    // pages hold when read (glyphs and boxes) against what the recipes keep: not the heap, but a
    // check that the lazy pages do not quietly keep their content.
    void lazyPagesAreMadeAgain()
    {
        const QStringList files = sampleFiles();
        QString biggest;
        qint64 size = 0;
        for (const QString &f : files) {
            if (QFileInfo(f).size() > size) {
                size = QFileInfo(f).size();
                biggest = f;
            }
        }
        const ParseResult r = parseArticleFile(biggest);
        QVERIFY(r.ok);
        const LaidOutDocument doc = layoutArticle(r.article, nullptr, LayoutSettings());
        QVERIFY(doc.pages.isLazy());
        QVERIFY(doc.pages.size() > 10);
        // Two reads of one page are equal, but not the same lists once the cache has moved on.
        const LaidOutPage first = doc.pages.at(0);
        for (int i = 1; i < doc.pages.size(); ++i) {
            (void)doc.pages.at(i);
        }
        const LaidOutPage again = doc.pages.at(0);
        QVERIFY(pageDiff(first, again).isEmpty());
        QVERIFY(first.glyphs.constData() != again.glyphs.constData());
    }
};

QTEST_MAIN(LazyPagesTest)

#include "tst_lazypages.moc"
