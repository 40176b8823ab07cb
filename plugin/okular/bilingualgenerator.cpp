// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "bilingualgenerator.h"
#include "annotationstore.h"
#include "inkboundingbox.h"
#include "bilingualsettings.h"
#include "settingspage.h"

#include "align/aligner.h"
#include "align/dictionary.h"
#include "export/pdfexporter.h"
#include "export/tmxwriter.h"
#include "layout/layoutengine.h"
#include "layout/textanchor.h"
#include "model/opentrace.h"
#include "paint/annotationpainter.h"
#include "paint/pagepainter.h"
#include "paint/painterpool.h"
#include "parse/annotationtrailer.h"
#include "parse/articleparser.h"

#include <okular/core/annotations.h>
#include <okular/core/fileprinter.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>
#include <okular/core/textpage.h>

#include <KConfigDialog>
#include <KLocalizedString>
#include <KPluginFactory>

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusReply>
#include <QCoreApplication>
#include <QThread>
#include <QTimer>

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QImage>
#include <QMimeDatabase>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <QPainter>
#include <QPrinter>

#include <algorithm>

K_PLUGIN_CLASS_WITH_JSON(BilingualGenerator, "libokularGenerator_bilingual.json")

using namespace Qt::StringLiterals;

namespace
{
// Okular page geometry is in pixels at the generator's DPI; our layout is in points.
QSizeF pixelSize(const QSizeF &points, const QSizeF &dpi)
{
    const double dx = dpi.width() > 0 ? dpi.width() : 72.0;
    const double dy = dpi.height() > 0 ? dpi.height() : 72.0;
    return QSizeF(points.width() / 72.0 * dx, points.height() / 72.0 * dy);
}

// Annotations are drawn by Okular and saved by us (save()): nothing to do when they change, but
// saying so makes Okular treat them as part of the document (File → Save, the close prompt).
class ArticleAnnotationProxy : public Okular::AnnotationProxy
{
public:
    bool supports(Capability) const override
    {
        return true;
    }
    void notifyAddition(Okular::Annotation *, int) override
    {
    }
    void notifyModification(const Okular::Annotation *, int, bool) override
    {
    }
    void notifyRemoval(Okular::Annotation *, int) override
    {
    }
};

QString modeLabel(Okb::LayoutMode mode)
{
    switch (mode) {
    case Okb::LayoutMode::SourceOrder:
        return i18nc("reading mode", "Source order");
    case Okb::LayoutMode::Interlinear:
        return i18nc("reading mode", "Interlinear");
    case Okb::LayoutMode::SideBySide:
        return i18nc("reading mode", "Side by side");
    case Okb::LayoutMode::FacingPages:
        return i18nc("reading mode", "Facing pages");
    case Okb::LayoutMode::EnglishOnly:
        return i18nc("reading mode", "English only");
    case Okb::LayoutMode::ChineseOnly:
        return i18nc("reading mode", "Chinese only");
    }
    return QString();
}

// The 版 as a reader writes it: "第2版" (the section, 栏目, has its own row), not the archive's
// raw "第1版()" with its empty brackets.
QString chinesePageLabel(const Okb::ChineseHeader &zh)
{
    if (zh.pageNumber > 0) {
        return u"第%1版"_s.arg(zh.pageNumber); // the paper's own label, in Chinese in every locale
    }
    QString label = zh.pageLabel.trimmed();
    label.remove(u"()"_s);
    label.remove(u"（）"_s);
    return label;
}

// Where the text at `anchor` is in the other language: the start of the first sentence aligned with
// the sentence that holds it (the article is aligned here if `alignment` has no pairs: the layout
// showed one language only). Invalid if that sentence has no counterpart.
Okb::TextAnchor counterpartAnchor(const Okb::Article &article, const Okb::Alignment &alignment, const Okb::TextAnchor &anchor)
{
    if (!anchor.isValid() || !article.hasEnglish() || !article.hasChinese()) {
        return {};
    }
    Okb::Alignment aligned;
    const Okb::Alignment *al = &alignment;
    if (alignment.pairs.isEmpty()) {
        Okb::AlignOptions options;
        options.level = Okb::AlignLevel::Sentence;
        aligned = Okb::alignArticle(article, options);
        al = &aligned;
    }
    const bool english = anchor.language == Okb::Language::English;
    const QList<Okb::Segment> &from = english ? al->english : al->chinese;
    const QList<Okb::Segment> &to = english ? al->chinese : al->english;
    // The segment holding the anchor, else the last one before it.
    int segment = -1;
    for (int i = 0; i < from.size(); ++i) {
        const Okb::Segment &sg = from.at(i);
        if (sg.block < anchor.block || (sg.block == anchor.block && sg.start <= anchor.offset)) {
            segment = i;
        } else {
            break;
        }
    }
    if (segment < 0) {
        return {};
    }
    // Its pair, or the nearest pair before it with a counterpart.
    int best = -1;
    for (const Okb::AlignedPair &pair : al->pairs) {
        const QList<int> &mine = english ? pair.english : pair.chinese;
        const QList<int> &theirs = english ? pair.chinese : pair.english;
        if (!mine.isEmpty() && mine.first() > segment) {
            break;
        }
        if (!theirs.isEmpty()) {
            best = theirs.first();
        }
    }
    if (best < 0 || best >= to.size()) {
        return {};
    }
    return Okb::TextAnchor{english ? Okb::Language::Chinese : Okb::Language::English, to.at(best).block, to.at(best).start};
}

QString languageLabel(const Okb::Article &a)
{
    if (a.hasEnglish() && a.hasChinese()) {
        return i18nc("document language", "English (machine translation) and Chinese");
    }
    return a.hasChinese() ? i18nc("document language", "Chinese") : i18nc("document language", "English");
}
} // namespace

BilingualGenerator::BilingualGenerator(QObject *parent, const QVariantList &args)
    : Okular::Generator(parent, args)
    , m_annotationProxy(std::make_unique<ArticleAnnotationProxy>())
    , m_painters(std::make_unique<Okb::PagePainterPool>())
{
    // KI18n sets itself up at the first translation in the process, with an event filter on the
    // application object that can only be made in the application's thread: here, not in the
    // painter thread, where the layout translates its labels (a host that has translated nothing
    // yet, e.g. a test or okb-bench, would lose the filter).
    (void)i18n("Bilingual");
    // image() and textPage() only read an immutable snapshot (m_doc), so they can run on Okular's
    // worker thread; rendering big tiles at high zoom keeps memory bounded.
    setFeature(Threaded);
    setFeature(TextExtraction);
    setFeature(TiledRendering);
    setFeature(PrintNative);
    setFeature(PrintToFile);
    setFeature(SwapBackingFile);
}

BilingualGenerator::~BilingualGenerator() = default;

bool BilingualGenerator::loadDocument(const QString &fileName, QList<Okular::Page *> &pages)
{
    // Read the settings file afresh: a reload (after the settings page changed the layout, or
    // after another Okular window did) must lay out with what is on disk now.
    Okb::OpenTrace::begin();
    Okb::OpenTrace::Phase callerPhase("caller-settings");
    BilingualSettings::self()->load();
    const Okb::LayoutSettings settings = layoutSettingsFromConfig();
    auto doc = std::make_shared<Loaded>();
    Okb::ParseResult parsed;
    bool restoring = false;
    AnnotationStore::Restored restored;
    int readingPage = -1;
    const Okb::LayoutMode mode = settings.mode;
    const bool paired = mode == Okb::LayoutMode::Interlinear || mode == Okb::LayoutMode::SideBySide || mode == Okb::LayoutMode::FacingPages;
    const bool twoCores = std::thread::hardware_concurrency() > 1;
    bool reading = false;
    // Parses the file into doc; false when it is not an article.
    const auto parseFile = [&] {
        Okb::OpenTrace::Phase phase("parse");
        parsed = Okb::parseArticleFile(fileName);
        if (!parsed.ok) {
            return false;
        }
        doc->article = std::move(parsed.article);
        doc->settings = settings;
        doc->signature = AnnotationStore::layoutSignature(doc->article, doc->settings);
        restoring = !doc->article.annotationData.isEmpty();
        reading = m_readingPosition.isValid() && fileName == m_fileName && m_readingClosed.isValid() && m_readingClosed.elapsed() < 30000
            && m_readingLayout != doc->signature;
        return true;
    };
    // Whether the parsed article is aligned (a paired mode, both languages); its size.
    const auto needsAlignment = [&] {
        return paired && doc->article.hasEnglish() && doc->article.hasChinese();
    };
    const auto alignOptions = [&] {
        Okb::AlignOptions options;
        options.level = doc->settings.alignLevel;
        return options;
    };
    const auto characters = [&] {
        return Okb::Article::textSize(doc->article.english) + Okb::Article::textSize(doc->article.chinese);
    };
    // Longer articles align in the painter thread after the warm-up: the aligner's working memory,
    // in another thread's malloc arena that the layout does not reuse, raised the open's peak by
    // 3.2 MB for the 43k-character statistics report (main thread -6 ms) and 4-6 MB for the 1 MB
    // and 10 MB synthetic articles (where the overlap saves at most the warm-up, ~15 ms of
    // seconds); up to 20k characters (the samples but that one) it is +0.1-0.8 MB.
    constexpr qsizetype kAlignBesideMaxChars = 20000;
    // The layout and what the open reads of it (painter thread); `loader` (line breaking's data,
    // if loading) is joined after the layout.
    const auto layOut = [&](std::thread *loader) {
        Okb::OpenTrace::Phase phase("layout");
        doc->layout = Okb::layoutArticle(doc->article, doc->alignment.pairs.isEmpty() ? nullptr : &doc->alignment, doc->settings);
        phase.next("breaking-join-wait");
        if (loader && loader->joinable()) {
            loader->join();
        }
        phase.next("after-layout");
        // The glyph runs hold raw fonts of this thread: nothing outside it may use them.
        Okb::PagePainterPool::releaseThreadFonts(doc->layout);
        if (restoring && !doc->layout.pages.isEmpty()) {
            restored = AnnotationStore::restore(doc->article.annotationData, doc->layout, doc->signature);
        }
        if (reading) {
            const Okb::AnchorIndex index(doc->layout);
            int box = -1;
            if (!index.locate(m_readingPosition, &readingPage, &box)) {
                // Its language is not shown (English only <-> Chinese only): the sentence paired with it.
                const Okb::TextAnchor other = counterpartAnchor(doc->article, doc->alignment, m_readingPosition);
                if (!other.isValid() || !index.locate(other, &readingPage, &box)) {
                    readingPage = -1;
                }
            }
        }
    };
    // A longer article's alignment in the painter thread, after the body faces' warm-up, with the
    // dictionary loaded beside it (and line breaking's data beside the alignment, into `loader`).
    const auto alignLonger = [&](std::thread *loader, bool warm) {
        Okb::OpenTrace::Phase phase("dictionary-and-warm-up");
        std::thread dictionaryLoader([] {
            Okb::ChineseEnglishDictionary::shared();
        });
        // The body faces only, as before: nothing runs beside the title faces here (the layout
        // pays them), and warmed before the alignment they added to its peak (+1.2 MB, the
        // statistics report); for long articles see warmUpLayout().
        if (warm) {
            Okb::warmUpLayout(doc->settings, false);
        }
        dictionaryLoader.join();
        *loader = std::thread([&doc] {
            Okb::OpenTrace::Phase breakingPhase("preload-breaking");
            Okb::preloadLineBreaking(doc->article, doc->settings);
        });
        phase.next("align");
        doc->alignment = Okb::alignArticle(doc->article, alignOptions());
    };

    // A paired mode and a short file: this thread parses and aligns while the painter thread pays
    // the fonts' first-use costs (warmUpLayout(): the faces the layout needs do not depend on the
    // article), and hands the article and its alignment over; then it loads line breaking's data
    // while the painter thread lays out. No thread is started, and the warm-up no longer waits for
    // the parse. The caller (Okular's GUI thread) waited for the painter thread all along; the
    // parse's and the alignment's memory is in its malloc arena (open peak unchanged on the
    // samples). Reference sample, first open: the warm-up starts at ~0.4 ms instead of ~1.1 ms
    // (after the parse); the aligner thread's fresh arena and stack are gone (-25 faults in the
    // alignment, -16 in the parse). A file under kEarlyMaxBytes may still hold
    // kAlignBesideMaxChars characters or more (UTF-8: a character is 1-3 bytes): the painter
    // thread then aligns it after the warm-up (okular-modestest covers that case; the 60 KB
    // statistics report takes the path below).
    constexpr qint64 kEarlyMaxBytes = 48 * 1024;
    const qint64 bytes = paired && twoCores ? QFileInfo(fileName).size() : 0;
    bool early = bytes > 0 && bytes < kEarlyMaxBytes;
    if (early) {
        std::mutex mutex;
        std::condition_variable handed;
        bool articleReady = false; // parsed (and aligned when short), by this thread
        bool painterDone = false;
        bool alignedHere = false;
        const std::thread::id self = std::this_thread::get_id();
        callerPhase.next("caller-post");
        m_painters->post([&] {
            if (std::this_thread::get_id() == self) {
                early = false; // no painter thread (post() ran this here): everything below, here
                return;
            }
            std::thread loader;
            {
                Okb::OpenTrace::Phase phase("warm-up");
                Okb::warmUpLayout(settings);
                phase.next("article-wait");
                std::unique_lock<std::mutex> lock(mutex);
                handed.wait(lock, [&] {
                    return articleReady;
                });
            }
            if (parsed.ok) {
                if (needsAlignment() && !alignedHere) {
                    alignLonger(&loader, false);
                }
                layOut(&loader);
            }
            std::lock_guard<std::mutex> lock(mutex);
            painterDone = true;
            handed.notify_all();
        });
        if (early) {
            const bool ok = parseFile();
            if (ok && needsAlignment() && characters() < kAlignBesideMaxChars) {
                callerPhase.next("caller-dictionary");
                Okb::ChineseEnglishDictionary::shared();
                callerPhase.next("caller-align");
                doc->alignment = Okb::alignArticle(doc->article, alignOptions());
                alignedHere = true;
            }
            {
                std::lock_guard<std::mutex> lock(mutex);
                articleReady = true;
                handed.notify_all();
            }
            if (alignedHere) {
                callerPhase.next("caller-preload-breaking");
                Okb::preloadLineBreaking(doc->article, doc->settings);
            }
            callerPhase.next("caller-waits-painter");
            std::unique_lock<std::mutex> lock(mutex);
            handed.wait(lock, [&] {
                return painterDone;
            });
        }
    }
    // All font work of the open (the layout's typesetting, and a lazy document's pages read for the
    // annotations and the reading position) runs in the painter thread, which paints the pages
    // afterwards: Qt's font engines and FreeType faces are per thread, so the faces are loaded
    // once in the process and are warm for the first page (Okular's page view has each page
    // painted there, and image() and textPage() hand everything else to it too). This thread
    // waits meanwhile, as it did for its own layout. The parse runs there too (but for a short
    // file in a paired mode, above): memory it frees is then reused by the layout, in the same
    // malloc arena (parsed here, a 10 MB article's open peak was 4 MiB higher).
    if (!early) {
        callerPhase.next("caller-waits-painter");
        m_painters->run([&] {
            if (!parseFile()) {
                return;
            }
            struct Aligned {
                std::mutex mutex;
                std::condition_variable cv;
                bool done = false;
            } aligned; // (outlives `loader`, which layOut() joins)
            std::thread loader;
            if (needsAlignment()) {
                if (twoCores && characters() >= kAlignBesideMaxChars) {
                    alignLonger(&loader, true);
                } else if (twoCores) {
                    // Only reads doc->article (as this thread does) and writes doc->alignment, which
                    // nothing reads before `aligned` is set. The same thread then loads line
                    // breaking's data, which the layout needs from its first loose line.
                    loader = std::thread([&doc, &alignOptions, &aligned] {
                        Okb::OpenTrace::Phase alignPhase("aligner-dictionary");
                        Okb::ChineseEnglishDictionary::shared();
                        alignPhase.next("aligner-align");
                        doc->alignment = Okb::alignArticle(doc->article, alignOptions());
                        {
                            std::lock_guard<std::mutex> lock(aligned.mutex);
                            aligned.done = true;
                            aligned.cv.notify_all();
                        }
                        alignPhase.next("preload-breaking");
                        Okb::preloadLineBreaking(doc->article, doc->settings);
                    });
                    Okb::OpenTrace::Phase phase("warm-up");
                    Okb::warmUpLayout(doc->settings);
                    phase.next("aligner-wait");
                    std::unique_lock<std::mutex> lock(aligned.mutex);
                    aligned.cv.wait(lock, [&aligned] {
                        return aligned.done;
                    });
                } else {
                    doc->alignment = Okb::alignArticle(doc->article, alignOptions());
                }
            }
            layOut(&loader);
        });
    }
    callerPhase.next("caller-pages");
    if (!parsed.ok) {
        Q_EMIT error(parsed.error.isEmpty() ? i18n("This file is not a bilingual article.") : parsed.error, -1);
        return false;
    }
    if (doc->layout.pages.isEmpty()) {
        Q_EMIT error(i18n("The article has no text to show."), -1);
        return false;
    }

    const QSizeF size = pixelSize(doc->layout.pageSize, dpi());
    pages.reserve(doc->layout.pages.size());
    for (int i = 0; i < doc->layout.pages.size(); ++i) {
        pages.append(new Okular::Page(i, size.width(), size.height(), Okular::Rotation0));
    }
    // The reader's saved annotations, placed on this layout's pages.
    m_hiddenAnnotations.clear();
    if (restoring) {
        for (const auto &[page, annotation] : std::as_const(restored.placed)) {
            pages.at(page)->addAnnotation(annotation);
        }
        m_hiddenAnnotations = restored.kept;
        if (restored.unreadable > 0) {
            Q_EMIT warning(i18np("One saved annotation could not be read.", "%1 saved annotations could not be read.", restored.unreadable), -1);
        }
    }

    // Reopened right after closing (a relayout, a reload) in another layout: back to the text the
    // reader was at. The part restores its old viewport (a page number) right after this returns,
    // so go there afterwards, with the part's own goToPage. In the same layout Okular's own
    // restore is exact already.
    if (readingPage >= 0) {
        QTimer::singleShot(0, this, [this, readingPage] {
            callParts(u"goToPage"_s, {QVariant::fromValue(uint(readingPage + 1))});
        });
    }
    m_readingPosition = {};

    m_synopsis.reset();
    m_doc = std::move(doc);
    m_fileName = fileName;
    if (m_asyncPixmaps.load()) {
        // A viewer that asks for pixmaps asynchronously (Okular's page view; this generator has
        // had such requests before: a reload, a re-layout): the painter thread makes the first
        // page now (a long document's is typeset again) and takes its faces (loaded by the
        // layout), while the viewer sets itself up. (Before the layout ran in the painter thread,
        // doing this at every open loaded the faces a second time for a viewer whose requests
        // were synchronous: +5 MB open peak. Not measured again since.)
        m_painters->warmUp(std::shared_ptr<const Okb::LaidOutDocument>(m_doc, &m_doc->layout), 1);
    }
    return true;
}

// The annotations on every page, in page points, for printing and PDF export.
QList<Okb::PageAnnotation> BilingualGenerator::pageAnnotations() const
{
    QList<Okb::PageAnnotation> out;
    if (!m_doc || !document()) {
        return out;
    }
    for (uint i = 0; i < document()->pages(); ++i) {
        const QList<Okular::Annotation *> annotations = document()->page(i)->annotations();
        for (const Okular::Annotation *a : annotations) {
            Okb::PageAnnotation pa;
            if (AnnotationStore::toPageAnnotation(a, int(i), m_doc->layout.pageSize, &pa)) {
                out.append(pa);
            }
        }
    }
    return out;
}

Okular::Generator::SwapBackingFileResult BilingualGenerator::swapBackingFile(const QString &newFileName, QVector<Okular::Page *> &newPagesVector)
{
    Q_UNUSED(newPagesVector)
    const std::shared_ptr<const Loaded> doc = m_doc;
    if (!doc) {
        return SwapBackingFileError;
    }
    // Only the same article text (its annotations may differ): anything else is a real reload.
    const Okb::ParseResult parsed = Okb::parseArticleFile(newFileName);
    if (!parsed.ok || AnnotationStore::layoutSignature(parsed.article, doc->settings) != doc->signature) {
        return SwapBackingFileError;
    }
    m_fileName = newFileName;
    return SwapBackingFileNoOp;
}

bool BilingualGenerator::supportsOption(SaveOption option) const
{
    return option == SaveChanges;
}

Okular::AnnotationProxy *BilingualGenerator::annotationProxy() const
{
    return m_annotationProxy.get();
}

bool BilingualGenerator::save(const QString &fileName, SaveOptions options, QString *errorText)
{
    Q_UNUSED(options)
    const std::shared_ptr<const Loaded> doc = m_doc;
    if (!doc || m_fileName.isEmpty()) {
        return false;
    }
    // The article as it is on disk, with the annotations of every page after it.
    QFile in(m_fileName);
    if (!in.open(QIODevice::ReadOnly)) {
        if (errorText) {
            *errorText = i18n("Cannot read “%1”: %2", m_fileName, in.errorString());
        }
        return false;
    }
    if (in.size() > Okb::maxArticleFileSize()) {
        if (errorText) {
            *errorText = i18n("“%1” has grown too large to be an article since it was opened.", m_fileName);
        }
        return false;
    }
    const QByteArray bytes = in.readAll();
    in.close();
    QList<QList<Okular::Annotation *>> perPage;
    for (uint i = 0; i < document()->pages(); ++i) {
        perPage.append(document()->page(i)->annotations());
    }
    QString payload;
    const auto anchor = [&] {
        payload = AnnotationStore::save(perPage, m_hiddenAnnotations, doc->layout, doc->signature);
    };
    if (doc->layout.pages.isLazy()) {
        m_painters->run(anchor); // reads the pages, typeset again: in the painter thread, with its fonts
    } else {
        anchor();
    }
    QSaveFile out(fileName);
    if (!out.open(QIODevice::WriteOnly) || out.write(Okb::withAnnotationTrailer(bytes, payload)) < 0 || !out.commit()) {
        if (errorText) {
            *errorText = out.errorString();
        }
        return false;
    }
    return true;
}

Okb::LayoutSettings BilingualGenerator::layoutSettingsFromConfig()
{
    const BilingualSettings *c = BilingualSettings::self();
    Okb::LayoutSettings s;
    static constexpr Okb::LayoutMode modes[] = {Okb::LayoutMode::SourceOrder,
                                                Okb::LayoutMode::Interlinear,
                                                Okb::LayoutMode::SideBySide,
                                                Okb::LayoutMode::FacingPages,
                                                Okb::LayoutMode::EnglishOnly,
                                                Okb::LayoutMode::ChineseOnly};
    s.mode = modes[std::clamp(c->mode(), 0, int(std::size(modes)) - 1)];
    s.alignLevel = c->alignLevel() == BilingualSettings::EnumAlignLevel::Paragraph ? Okb::AlignLevel::Paragraph : Okb::AlignLevel::Sentence;
    switch (c->paperSize()) {
    case BilingualSettings::EnumPaperSize::Letter:
        s.pageSize = QPageSize(QPageSize::Letter);
        break;
    case BilingualSettings::EnumPaperSize::A5:
        s.pageSize = QPageSize(QPageSize::A5);
        break;
    default:
        s.pageSize = QPageSize(QPageSize::A4);
        break;
    }
    s.marginsMm = QMarginsF(c->marginInner(), c->marginTop(), c->marginOuter(), c->marginBottom());
    s.latinFamily = c->latinFamily();
    s.latinPointSize = c->latinSize();
    s.cjkFamily = c->cjkFamily();
    s.cjkPointSize = c->cjkSize();
    s.lineSpacing = c->lineSpacing();
    s.chineseFirstInColumns = c->chineseFirst();
    s.faultMarks = c->faultMarks();
    s.sentenceNumbers = c->sentenceNumbers();
    return s;
}

void BilingualGenerator::addPages(KConfigDialog *dialog)
{
    dialog->addPage(new SettingsPage(dialog), BilingualSettings::self(), i18n("Bilingual"), u"format-text-direction-symbolic"_s, i18n("Bilingual Article Backend"));
}

static bool sameLayout(const Okb::LayoutSettings &a, const Okb::LayoutSettings &b)
{
    return a.mode == b.mode && a.alignLevel == b.alignLevel && a.pageSize.isEquivalentTo(b.pageSize) && a.marginsMm == b.marginsMm
        && a.latinFamily == b.latinFamily && a.cjkFamily == b.cjkFamily && qFuzzyCompare(a.latinPointSize, b.latinPointSize)
        && qFuzzyCompare(a.cjkPointSize, b.cjkPointSize) && qFuzzyCompare(a.lineSpacing, b.lineSpacing)
        && a.chineseFirstInColumns == b.chineseFirstInColumns && a.faultMarks == b.faultMarks && a.sentenceNumbers == b.sentenceNumbers
        && a.hyphenate == b.hyphenate;
}

bool BilingualGenerator::reparseConfig()
{
    BilingualSettings::self()->load();
    if (!m_doc || sameLayout(m_doc->settings, layoutSettingsFromConfig())) {
        return false;
    }
    // New settings change the page count, which Okular fixes at load time: the document has to be
    // opened again. Ask the hosting Okular part to reload (its own "reload" D-Bus method, the same
    // path as when the file changes on disk); loadDocument() then lays out with the new settings.
    QTimer::singleShot(0, this, &BilingualGenerator::requestRelayout);
    return true;
}

void BilingualGenerator::requestRelayout()
{
    callParts(u"reload"_s, {});
}

// Calls a method of Okular's part D-Bus interface (org.kde.okular) on every part of this process
// that shows our file: each part registers /okular, /okular2, ... (tabs may show other documents).
void BilingualGenerator::callParts(const QString &method, const QVariantList &arguments)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || m_fileName.isEmpty()) {
        return;
    }
    const QString service = bus.baseService();
    for (int i = 1; i <= 32; ++i) {
        const QString path = i == 1 ? u"/okular"_s : u"/okular%1"_s.arg(i);
        QDBusMessage ask = QDBusMessage::createMethodCall(service, path, u"org.kde.okular"_s, u"currentDocument"_s);
        const QDBusReply<QString> current = bus.call(ask, QDBus::Block, 2000);
        if (!current.isValid()) {
            if (i > 1) {
                break;
            }
            continue;
        }
        if (QUrl(current.value()).toLocalFile() == m_fileName || current.value() == m_fileName) {
            QDBusMessage call = QDBusMessage::createMethodCall(service, path, u"org.kde.okular"_s, method);
            call.setArguments(arguments);
            bus.send(call);
        }
    }
}

bool BilingualGenerator::doCloseDocument()
{
    // Where the reader is, as a place in the text: if the document is opened again right away in
    // another layout (a relayout or any other reload), loadDocument() takes them back there.
    m_readingPosition = {};
    const std::shared_ptr<const Loaded> doc = m_doc;
    if (doc && document()) {
        const Okular::DocumentViewport vp = document()->viewport();
        if (vp.pageNumber >= 0 && vp.pageNumber < doc->layout.pages.size()) {
            const double y = (vp.rePos.enabled ? vp.rePos.normalizedY : 0.0) * doc->layout.pageSize.height();
            const auto find = [&] {
                const Okb::PageText boxes = doc->layout.pages.at(vp.pageNumber).text;
                const Okb::AnchorIndex index(doc->layout);
                // The first character of the article's text at or below that height (else the page's last).
                bool first = true;
                for (int i = 0; i < boxes.size(); ++i) {
                    const Okb::TextAnchor a = index.anchorAt(vp.pageNumber, i);
                    if (a.isValid()) {
                        m_readingPosition = a;
                        if (boxes.at(i).rect.bottom() >= y) {
                            break;
                        }
                        first = false;
                    }
                }
                // Above the first page's first text (its titles): the reader is at the start of the
                // article, which every layout begins with. (The first anchored text of a page that
                // shows both titles may be the Chinese one, which source order puts pages later.)
                if (vp.pageNumber == 0 && first && m_readingPosition.isValid()) {
                    const bool english = !doc->article.english.isEmpty();
                    m_readingPosition = Okb::TextAnchor{english ? Okb::Language::English : Okb::Language::Chinese, 0, 0};
                }
            };
            if (doc->layout.pages.isLazy()) {
                m_painters->run(find); // the pages are typeset again: in the painter thread, with its fonts
            } else {
                find();
            }
            m_readingLayout = doc->signature;
            m_readingClosed.start();
        }
    }
    m_doc.reset();
    m_synopsis.reset();
    return true;
}

void BilingualGenerator::generatePixmap(Okular::PixmapRequest *request)
{
    // Okular's synchronous path (Generator::generatePixmap()) paints, hands the pixmap over and,
    // the first time a page is painted whole, scans the image for the page's bounding box with
    // Utils::imageBoundingBox(). The same steps here, with the same box found by inkBoundingBox().
    // Asynchronous requests (Okular's threads scan there) and the rest go to Okular.
    if ((request->asynchronous() && hasFeature(Threaded)) || request->isTile() || request->page()->isBoundingBoxKnown()) {
        Okular::Generator::generatePixmap(request);
        return;
    }
    const QImage img = image(request);
    Okular::Page *page = request->page();
    page->setPixmap(request->observer(), new QPixmap(QPixmap::fromImage(img)), request->normalizedRect());
    signalPixmapRequestDone(request); // deletes the request
    updatePageBoundingBox(page->number(), OkbOkular::inkBoundingBox(img, Okular::SettingsCore::paperColor().rgb()));
}

QImage BilingualGenerator::image(Okular::PixmapRequest *request)
{
    const std::shared_ptr<const Loaded> doc = m_doc;
    const int index = request->pageNumber();
    if (!doc || index < 0 || index >= doc->layout.pages.size()) {
        return QImage();
    }
    const int fullW = request->width();
    const int fullH = request->height();
    QRect target(0, 0, fullW, fullH);
    if (request->isTile()) {
        target = request->normalizedRect().geometry(fullW, fullH);
    }
    if (target.isEmpty()) {
        return QImage();
    }
    // Our painter thread paints every pixmap, with the fonts the layout loaded there and the glyphs
    // of the pages before. An asynchronous request comes in a thread Okular starts for this one
    // request, whose fonts would be loaded and glyphs rasterised for this page alone; a
    // synchronous one in the thread that asked, which would load the faces a second time in the
    // process. The job holds the document, which a close or re-layout meanwhile does not take away.
    if (request->asynchronous()) {
        m_asyncPixmaps.store(true);
    }
    QImage page = m_painters->render(std::shared_ptr<const Okb::LaidOutDocument>(doc, &doc->layout), index, QSize(fullW, fullH), target);
    // The page is opaque (white, and ink drawn over it): handed over as RGB32, the same bytes.
    // QPixmap::fromImage() in Okular's GUI thread takes that as it is; an image with an alpha
    // channel it first scanned for alpha pixels and then copied (3.6 MB for a page 800 px wide),
    // for every pixmap.
    page.reinterpretAsFormat(QImage::Format_RGB32);
    return page;
}

Okular::TextPage *BilingualGenerator::textPage(Okular::TextRequest *request)
{
    const std::shared_ptr<const Loaded> doc = m_doc;
    auto *tp = new Okular::TextPage;
    const int index = request->page()->number();
    if (!doc || index < 0 || index >= doc->layout.pages.size()) {
        return tp;
    }
    const double w = doc->layout.pageSize.width();
    const double h = doc->layout.pageSize.height();
    // A long document's pages are typeset again when read. Okular asks for the text in a thread
    // it starts for the request (beside the pixmap's), or in the GUI thread: there the page would
    // be typeset with fonts loaded for it alone (the layout loaded them in the painter thread),
    // and once more for the pixmap. Our painter thread makes it instead, once for both, with warm
    // fonts. A short document's text is all there: no font work.
    const Okb::PageText boxes = doc->layout.pages.isLazy()
        ? m_painters->pageText(std::shared_ptr<const Okb::LaidOutDocument>(doc, &doc->layout), index)
        : doc->layout.pages.at(index).text;
    // Read field by field (charAt/rectAt): a TextBox per character would build a QString each.
    const qsizetype n = boxes.size();
    const auto sameLine = [](const QRectF &a, const QRectF &b) {
        return qAbs(b.center().y() - a.center().y()) < a.height() / 2;
    };
    QList<std::pair<QString, QRectF>> entities;
    entities.reserve(n);
    // The " " entities (spaces inside lines) are handed to Okular after every other one. Okular's
    // text layout analysis (Page::setTextPage(), on the GUI thread for the text page made beside
    // each asynchronous pixmap) first removes every " " entity, one QList::erase() at a time: each
    // moves all the entities after it, about 137k string and rect copies for the 1.6k characters
    // of the reference sample's first interlinear page. Everything after that works on the other
    // entities in their order (words are runs of them, spaces are re-inserted from the gaps
    // between words), so where the " " entities stood does not change what it makes; at the end
    // of the list only other spaces follow them.
    for (qsizetype i = 0; i < n; ++i) {
        const char32_t c = boxes.charAt(i);
        QRectF r = boxes.rectAt(i);
        const bool hasNext = i + 1 < n;
        const QRectF next = hasNext ? boxes.rectAt(i + 1) : QRectF();
        const bool nextOnLine = hasNext && sameLine(r, next);
        // Okular's text layout analysis drops every " " entity and re-inserts spaces only between
        // words of one line, so the space of a soft line wrap would vanish from copied text and
        // from search ("Foreign Minister\nVyshinsky" must match "Minister Vyshinsky"). Keep it
        // attached to the last character of its line.
        if (c == U' ' && !entities.isEmpty() && !nextOnLine) {
            entities.last().first += u' ';
            continue;
        }
        // Okular also inserts a space wherever two boxes of a line leave a gap. Justified Chinese,
        // Han–Latin spacing and compressed punctuation leave gaps (or overlaps) between characters
        // that are not word breaks, so each box reaches to the next one on its line; real spaces
        // are boxes of their own.
        if (nextOnLine && next.left() > r.left() && c != U'\n' && boxes.charAt(i + 1) != U'\n') {
            r.setRight(next.left());
        }
        entities.append({boxes.textAt(i), r});
    }
    const auto append = [&](const QString &text, const QRectF &r) {
        tp->append(text, Okular::NormalizedRect(r.left() / w, r.top() / h, r.right() / w, r.bottom() / h));
    };
    const QString space(u' ');
    for (const auto &[text, r] : std::as_const(entities)) {
        if (text != space) {
            append(text, r);
        }
    }
    for (const auto &[text, r] : std::as_const(entities)) {
        if (text == space) {
            append(text, r);
        }
    }
    return tp;
}

Okular::DocumentInfo BilingualGenerator::generateDocumentInfo(const QSet<Okular::DocumentInfo::Key> &keys) const
{
    Okular::DocumentInfo info;
    if (!m_doc) {
        return info;
    }
    const Okb::Article &a = m_doc->article;
    const auto want = [&keys](Okular::DocumentInfo::Key k) {
        return keys.contains(k);
    };
    if (want(Okular::DocumentInfo::Title)) {
        info.set(Okular::DocumentInfo::Title, a.displayTitle());
    }
    if (want(Okular::DocumentInfo::Subject) && !a.zh.title.isEmpty() && !a.en.title.isEmpty()) {
        info.set(Okular::DocumentInfo::Subject, a.zh.headline());
    }
    if (want(Okular::DocumentInfo::Author)) {
        const QString author = !a.en.author.isEmpty() ? a.en.author : a.zh.author;
        if (!author.isEmpty()) {
            info.set(Okular::DocumentInfo::Author, author);
        }
    }
    if (want(Okular::DocumentInfo::CreationDate) && a.date().isValid()) {
        info.set(Okular::DocumentInfo::CreationDate, QLocale().toString(a.date(), QLocale::LongFormat));
    }
    if (want(Okular::DocumentInfo::MimeType)) {
        info.set(Okular::DocumentInfo::MimeType, u"text/x-bilingual-article"_s);
    }
    if (want(Okular::DocumentInfo::Producer)) {
        info.set(Okular::DocumentInfo::Producer, i18n("People's Daily (人民日报)"));
    }
    if (want(Okular::DocumentInfo::CustomKeys)) {
        if (!a.en.title.isEmpty()) {
            info.set(u"EnglishTitle"_s, a.en.title, i18n("English title"));
        }
        if (!a.zh.title.isEmpty()) {
            info.set(u"ChineseTitle"_s, a.zh.headline(), i18n("Chinese title"));
        }
        if (a.date().isValid()) {
            info.set(u"PublicationDate"_s, a.date().toString(Qt::ISODate), i18n("Publication date"));
        }
        if (!a.zh.pageLabel.isEmpty()) {
            info.set(u"NewspaperPage"_s, chinesePageLabel(a.zh), i18n("Page (版)"));
        } else if (!a.en.page.isEmpty()) {
            info.set(u"NewspaperPage"_s, a.en.page, a.en.pageKey.isEmpty() ? i18n("Page") : a.en.pageKey);
        }
        if (!a.zh.pageSection.isEmpty()) {
            info.set(u"PageSection"_s, a.zh.pageSection, i18n("Page section (栏目)"));
        }
        const QString column = !a.zh.column.isEmpty() ? a.zh.column : a.en.column;
        if (!column.isEmpty()) {
            info.set(u"Column"_s, a.en.column.isEmpty() || a.zh.column.isEmpty() ? column : a.zh.column + u" / "_s + a.en.column, i18n("Column (专栏)"));
        }
        info.set(u"Languages"_s, languageLabel(a), i18n("Languages"));
        info.set(u"ReadingMode"_s, modeLabel(m_doc->settings.mode), i18n("Reading mode"));
        info.set(u"Encoding"_s, a.encoding, i18n("Encoding"));
        if (!a.glossary.isEmpty()) {
            info.set(u"Glossary"_s, QString::number(a.glossary.size()), i18n("Named entities"));
        }
    }
    return info;
}

const Okular::DocumentSynopsis *BilingualGenerator::generateDocumentSynopsis()
{
    if (!m_doc) {
        return nullptr;
    }
    if (m_synopsis) {
        return m_synopsis.get();
    }
    m_synopsis = std::make_unique<Okular::DocumentSynopsis>();
    const double pageHeight = m_doc->layout.pageSize.height();
    // Stack of open parents by level: an entry nests under the nearest entry of a lower level.
    QList<std::pair<int, QDomElement>> stack;
    for (const Okb::TocEntry &e : m_doc->layout.toc) {
        QDomElement item = m_synopsis->createElement(e.title);
        Okular::DocumentViewport vp(e.page);
        vp.rePos.enabled = true;
        vp.rePos.normalizedX = 0.0;
        vp.rePos.normalizedY = pageHeight > 0 ? std::clamp(e.y / pageHeight, 0.0, 1.0) : 0.0;
        vp.rePos.pos = Okular::DocumentViewport::TopLeft;
        item.setAttribute(u"Viewport"_s, vp.toString());
        while (!stack.isEmpty() && stack.last().first >= e.level) {
            stack.removeLast();
        }
        if (stack.isEmpty()) {
            m_synopsis->appendChild(item);
        } else {
            stack.last().second.appendChild(item);
        }
        stack.append({e.level, item});
    }
    return m_synopsis.get();
}

Okular::Generator::PageLayout BilingualGenerator::defaultPageLayout() const
{
    return m_doc && m_doc->layout.facingPages ? Okular::Generator::TwoPageLeft : Okular::Generator::NoLayout;
}

Okular::Generator::PageSizeMetric BilingualGenerator::pagesSizeMetric() const
{
    // Pages are given to Okular in pixels at its dpi() (pixelSize()): so Okular's size in mm
    // (File → Properties) divides by that dpi, not by 72.
    return Okular::Generator::Pixels;
}

QVariant BilingualGenerator::metaData(const QString &key, const QVariant &option) const
{
    Q_UNUSED(option)
    if (!m_doc) {
        return QVariant();
    }
    if (key == QLatin1String("DocumentTitle")) {
        return m_doc->article.displayTitle();
    }
    if (key == QLatin1String("OpenTOC")) {
        return m_doc->layout.toc.size() > 1;
    }
    return QVariant();
}

Okular::Document::PrintError BilingualGenerator::print(QPrinter &printer)
{
    const std::shared_ptr<const Loaded> doc = m_doc;
    if (!doc) {
        return Okular::Document::UnknownPrintError;
    }
    const int count = doc->layout.pages.size();
    const QList<int> wanted = Okular::FilePrinter::pageList(printer, count, document()->currentPage() + 1, document()->bookmarkedPageList());
    QPainter painter;
    if (!painter.begin(&printer)) {
        return Okular::Document::UnknownPrintError;
    }
    const QRectF paper = printer.pageLayout().fullRectPixels(printer.resolution());
    const QList<Okb::PageAnnotation> annotations = pageAnnotations();
    bool first = true;
    int printed = 0;
    for (int number : wanted) { // 1-based
        if (number < 1 || number > count) {
            continue;
        }
        if (!first) {
            printer.newPage();
        }
        first = false;
        painter.save();
        // Fit the page into the paper, keeping the aspect ratio (paper may differ from our layout).
        const QSizeF pt = doc->layout.pageSize;
        const double scale = std::min(paper.width() / pt.width(), paper.height() / pt.height());
        painter.translate(-printer.pageLayout().paintRectPixels(printer.resolution()).topLeft());
        painter.translate((paper.width() - pt.width() * scale) / 2, (paper.height() - pt.height() * scale) / 2);
        painter.scale(scale, scale);
        // The reader's annotations too (highlights under the text: PDF and print engines do not
        // blend, see paintPageWithAnnotations()).
        Okb::paintPageWithAnnotations(&painter, doc->layout, number - 1, annotations);
        painter.restore();
        ++printed;
    }
    painter.end();
    // Printed to a PDF file (Okular's "Print to File (PDF)"): Qt's PDF engine maps some ideographs
    // to the Kangxi radical that shares their glyph (十 reads back as ⼗): the exporter's fix, on
    // the file Qt wrote. If it fails, Qt's file stays as it is.
    if (printer.outputFormat() == QPrinter::PdfFormat && !printer.outputFileName().isEmpty() && printed > 0) {
        QFile file(printer.outputFileName());
        QByteArray pdf;
        if (file.open(QIODevice::ReadOnly)) {
            pdf = file.readAll();
            file.close();
        }
        QString notes;
        for (const Okb::PageAnnotation &a : annotations) {
            if (a.kind == Okb::PageAnnotation::Kind::FreeText) {
                notes += a.contents;
            }
        }
        QString error;
        if (!pdf.isEmpty() && Okb::fixPrintedPdf(doc->layout, doc->article, printed, notes, &pdf, &error)) {
            QSaveFile out(printer.outputFileName());
            if (out.open(QIODevice::WriteOnly) && out.write(pdf) == pdf.size()) {
                out.commit();
            }
        } else if (!error.isEmpty()) {
            qWarning("okular-bilingual: the printed PDF's text was not corrected: %s", qPrintable(error));
        }
    }
    return Okular::Document::NoPrintError;
}

Okular::ExportFormat::List BilingualGenerator::exportFormats() const
{
    Okular::ExportFormat::List formats;
    formats << Okular::ExportFormat::standardFormat(Okular::ExportFormat::PDF);
    formats << Okular::ExportFormat::standardFormat(Okular::ExportFormat::PlainText);
    if (m_doc && m_doc->article.hasEnglish() && m_doc->article.hasChinese()) {
        const QMimeType tmx = QMimeDatabase().mimeTypeForName(u"application/x-tmx+xml"_s);
        formats << Okular::ExportFormat(i18n("Translation memory (TMX)…"), tmx.isValid() ? tmx : QMimeDatabase().mimeTypeForName(u"application/xml"_s));
    }
    return formats;
}

bool BilingualGenerator::exportTo(const QString &fileName, const Okular::ExportFormat &format)
{
    const std::shared_ptr<const Loaded> doc = m_doc;
    if (!doc) {
        return false;
    }
    if (format.mimeType().name() == u"application/pdf"_s) {
        QString error;
        // With the reader's annotations as real PDF annotations (highlights, notes, ink, ...).
        Okb::PdfExportOptions options;
        options.annotations = pageAnnotations();
        if (!Okb::exportPdf(doc->layout, doc->article, fileName, options, &error)) {
            Q_EMIT this->error(i18n("Could not export the PDF: %1", error), -1);
            return false;
        }
        return true;
    }
    if (format.description() == i18n("Translation memory (TMX)…")) {
        Okb::AlignOptions options;
        options.level = doc->settings.alignLevel;
        const Okb::Alignment alignment = doc->alignment.pairs.isEmpty() ? Okb::alignArticle(doc->article, options) : doc->alignment;
        QSaveFile out(fileName);
        if (!out.open(QIODevice::WriteOnly) || !Okb::writeTmx(doc->article, alignment, &out) || !out.commit()) {
            Q_EMIT this->error(i18n("Could not export the translation memory: %1", out.errorString()), -1);
            return false;
        }
        return true;
    }
    if (format.mimeType().inherits(u"text/plain"_s)) {
        QFile out(fileName);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            return false;
        }
        QString text;
        for (const Okb::LaidOutPage &page : doc->layout.pages) {
            for (const Okb::TextBox &box : page.text) {
                text += box.text;
            }
        }
        return out.write(text.toUtf8()) >= 0;
    }
    return false;
}

#include "bilingualgenerator.moc"
