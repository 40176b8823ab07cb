// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The pages are painted here (Qt's QPdfWriter); what only qpdf can do (outline, document
// information, annotations, ToUnicode fixes) is done by okb_pdfexport.so, a module loaded on the
// first export (pdfmodule.h): nothing that opens a document links libqpdf.

#include "export/pdfexporter.h"
#include "export/pdfmodule.h"
#include "layout/typesetter.h"
#include "paint/annotationpainter.h"
#include "paint/pagepainter.h"

#include <KLocalizedString>

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>
#include <QMutex>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <QHash>
#include <QRawFont>
#include <QSet>
#include <QTextLayout>

#include <dlfcn.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Okb
{
namespace
{
constexpr int kResolution = 1200; // QPdfWriter user units per inch

// Free text needs fonts in its appearance, so its appearance is painted by QPainter (the same
// paintAnnotations() as for printing) on an extra page after the document's pages; the module
// turns that page into the annotation's appearance stream and removes it. `freeTextPages` gets,
// for each extra page in order, the index of its annotation in `annotations`.
QByteArray paintPdf(const LaidOutDocument &doc, const Article &article, const QList<PageAnnotation> &annotations, QList<int> *freeTextPages, QString *error)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(kResolution);
        writer.setPageSize(QPageSize(doc.pageSize, QPageSize::Point, QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(article.displayTitle());
        writer.setCreator(u"okular-bilingual"_s);
        QPainter painter;
        if (!painter.begin(&writer)) {
            if (error) {
                *error = i18n("Cannot start the PDF writer.");
            }
            return QByteArray();
        }
        const double scale = kResolution / 72.0;
        for (int i = 0; i < doc.pages.size(); ++i) {
            if (i > 0) {
                writer.newPage();
            }
            painter.save();
            painter.scale(scale, scale);
            paintPage(&painter, doc, i);
            painter.restore();
        }
        for (int i = 0; i < annotations.size(); ++i) {
            const PageAnnotation &a = annotations.at(i);
            if (a.kind != PageAnnotation::Kind::FreeText || a.page < 0 || a.page >= doc.pages.size() || !annotationIsDrawable(a)) {
                continue;
            }
            writer.newPage();
            painter.save();
            painter.scale(scale, scale);
            paintAnnotations(&painter, {a}, a.page);
            painter.restore();
            freeTextPages->append(i);
        }
        painter.end();
    }
    buffer.close();
    return data;
}

// Qt writes each font's ToUnicode CMap from a reverse cmap lookup, and CJK fonts map both a
// unified ideograph and its Kangxi / CJK radical or compatibility twin to one glyph: 大 then reads
// back as ⼤ (U+2F24), 长 as ⻓ (U+2ED3). Find, in the fonts the pages use, the twins that share a
// glyph with a character of the document, so the CMap can name the document's character.
bool isCjkTwin(char32_t c)
{
    return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0xF900 && c <= 0xFAFF);
}

QHash<char32_t, char32_t> twinReplacements(const LaidOutDocument &doc, const Article &article, const QString &extraText)
{
    QSet<char32_t> used;
    const auto add = [&used](const QString &s) {
        for (const char32_t c : s.toUcs4()) {
            used.insert(c);
        }
    };
    // One pass over the pages (a long document's pages are made again when read): the characters,
    // and each font where it is first used.
    QList<std::pair<QRawFont, QFont>> fonts;
    QSet<QString> seenFonts;
    QFont lastFont;
    QRawFont lastRaw;
    for (const LaidOutPage &page : doc.pages) {
        for (qsizetype i = 0; i < page.text.size(); ++i) {
            used.insert(page.text.charAt(i));
        }
        for (const GlyphItem &g : page.glyphs) {
            // A document laid out in another thread (the Okular generator lays out in its painter
            // thread) carries no raw fonts: they belong to the thread that made them. Then the
            // face of the item's font, in this thread (the face painting uses too).
            QRawFont raw = g.run.rawFont();
            if (!raw.isValid()) {
                if (!lastRaw.isValid() || !(g.font == lastFont)) {
                    lastFont = g.font;
                    lastRaw = QRawFont::fromFont(g.font);
                }
                raw = lastRaw;
            }
            const QString key = raw.familyName() + u'/' + raw.styleName();
            if (!raw.isValid() || seenFonts.contains(key)) {
                continue;
            }
            seenFonts.insert(key);
            fonts.append({raw, g.font});
        }
    }
    add(extraText); // free-text annotations are painted with the same fonts
    add(article.en.title + article.zh.title + article.en.author + article.zh.author + article.zh.pageLabel + article.zh.column);

    QString twins;
    for (char32_t c = 0x2E80; c <= 0x2FDF; ++c) {
        twins += QString::fromUcs4(&c, 1);
    }
    for (char32_t c = 0xF900; c <= 0xFAFF; ++c) {
        twins += QString::fromUcs4(&c, 1);
    }
    QString han;
    for (const char32_t c : std::as_const(used)) {
        if (QChar::script(c) == QChar::Script_Han && !isCjkTwin(c)) {
            han += QString::fromUcs4(&c, 1);
        }
    }
    QHash<char32_t, char32_t> map;
    for (const auto &[raw, font] : std::as_const(fonts)) {
        {
            const QList<quint32> twinGlyphs = raw.glyphIndexesForString(twins);
            QMultiHash<quint32, char32_t> byGlyph; // several twins may share one glyph
            const QList<uint> twinCodes = twins.toUcs4();
            for (qsizetype i = 0; i < twinGlyphs.size() && i < twinCodes.size(); ++i) {
                if (twinGlyphs.at(i) != 0 && !used.contains(twinCodes.at(i))) {
                    byGlyph.insert(twinGlyphs.at(i), twinCodes.at(i));
                }
            }
            const QList<uint> hanCodes = han.toUcs4();
            const auto match = [&](const QList<quint32> &hanGlyphs) {
                for (qsizetype i = 0; i < hanGlyphs.size() && i < hanCodes.size(); ++i) {
                    for (auto it = byGlyph.constFind(hanGlyphs.at(i)); it != byGlyph.constEnd() && it.key() == hanGlyphs.at(i); ++it) {
                        map.insert(it.value(), hanCodes.at(i));
                    }
                }
            };
            // The cmap glyph of each character, and the glyph shaping really draws (GSUB 'locl'
            // and friends may pick another glyph that the cmap only reaches through a twin).
            match(raw.glyphIndexesForString(han));
            QTextLayout shaper;
            shaper.setFont(font);
            QList<quint32> shaped;
            shaped.reserve(hanCodes.size());
            for (const uint code : hanCodes) {
                const char32_t c = code;
                shaper.setText(QString::fromUcs4(&c, 1));
                shaper.beginLayout();
                QTextLine line = shaper.createLine();
                line.setLineWidth(1e6);
                shaper.endLayout();
                quint32 glyph = 0;
                for (const QGlyphRun &run : line.glyphRuns()) {
                    if (!Detail::isFacelessFont(run.rawFont()) && run.rawFont().familyName() == raw.familyName() && run.glyphIndexes().size() == 1) {
                        glyph = run.glyphIndexes().constFirst();
                    }
                }
                shaped.append(glyph);
            }
            match(shaped);
        }
    }
    return map;
}

// Where okb_pdfexport.so may be, in order: $OKB_PDF_MODULE (a file); relative to the binary
// holding this code, as installed (the plugin in <plugins>/okular_generators/, the CLI in <bin>;
// the module in <plugins>/okular_bilingual/) and as built (bin/ and lib/okular_generators/; the
// module in lib/okular_bilingual/); Qt's plugin directories ($QT_PLUGIN_PATH, Qt's own); the
// configured install prefix's.
QStringList moduleCandidates()
{
    QStringList out;
    const QString explicitPath = qEnvironmentVariable("OKB_PDF_MODULE");
    if (!explicitPath.isEmpty()) {
        return {explicitPath};
    }
    const QString name = QLatin1String(PdfModule::kFolder) + u'/' + QLatin1String(PdfModule::kFileName);
    Dl_info info;
    if (dladdr(reinterpret_cast<void *>(&moduleCandidates), &info) && info.dli_fname) {
        const QDir here = QFileInfo(QString::fromLocal8Bit(info.dli_fname)).absoluteDir();
        out << here.filePath(u"../"_s + name) << here.filePath(u"../lib/"_s + name);
#ifdef OKB_BIN_TO_PLUGIN_DIR
        out << here.filePath(QStringLiteral(OKB_BIN_TO_PLUGIN_DIR) + u'/' + name);
#endif
    }
    const QStringList pluginDirs = QCoreApplication::libraryPaths();
    for (const QString &dir : pluginDirs) {
        out << QDir(dir).filePath(name);
    }
#ifdef OKB_INSTALL_PLUGIN_DIR
    out << QDir(QStringLiteral(OKB_INSTALL_PLUGIN_DIR)).filePath(name);
#endif
    for (QString &path : out) {
        path = QDir::cleanPath(path);
    }
    out.removeDuplicates();
    return out;
}

// Loads the module once per process (kept loaded); null with *error set when it cannot.
PdfModule::PostProcessFunction postProcessFunction(QString *error)
{
    static QMutex mutex;
    static PdfModule::PostProcessFunction function = nullptr;
    static QString failure;
    QMutexLocker lock(&mutex);
    if (!function && failure.isEmpty()) {
        const QStringList candidates = moduleCandidates();
        QString tried;
        for (const QString &path : candidates) {
            if (!QFileInfo::exists(path)) {
                continue;
            }
            QLibrary library(QFileInfo(path).absoluteFilePath());
            if (!library.load()) {
                tried += u"\n"_s + library.errorString();
                continue;
            }
            function = reinterpret_cast<PdfModule::PostProcessFunction>(library.resolve(PdfModule::kSymbol));
            if (function) {
                break;
            }
            tried += u"\n"_s + i18n("%1 has no %2.", path, QLatin1String(PdfModule::kSymbol));
        }
        if (!function) {
            failure = i18n("PDF export needs the module %1, which is not installed (looked in: %2).%3",
                           QLatin1String(PdfModule::kFileName),
                           candidates.join(u", "_s),
                           tried);
        }
    }
    if (!function && error) {
        *error = failure;
    }
    return function;
}

// What the module writes besides the pages: outline, page layout, language, document information.
void describe(const LaidOutDocument &doc, const Article &article, PdfModule::Input *in)
{
    in->pageCount = int(doc.pages.size());
    in->pageSize = doc.pageSize;
    for (const TocEntry &e : doc.toc) {
        in->outline.append({e.title, e.level, std::clamp(e.page, 0, in->pageCount - 1), doc.pageSize.height() - e.y + 4});
    }
    if (doc.facingPages) {
        in->pageLayout = doc.firstPageIsRight ? "/TwoPageRight" : "/TwoPageLeft";
    }
    in->lang = article.hasChinese() && !article.hasEnglish() ? u"zh-CN"_s : u"en"_s;

    QString title = article.en.title.simplified();
    const QString zhTitle = article.zh.headline().simplified(); // the whole headline, its parts joined
    if (title.isEmpty()) {
        title = zhTitle;
    } else if (!zhTitle.isEmpty()) {
        title += u" / "_s + zhTitle;
    }
    in->title = title;
    in->author = article.en.author.trimmed();
    if (in->author.isEmpty()) {
        in->author = article.zh.author.trimmed();
    }
    QStringList subject;
    subject << u"People's Daily"_s;
    const QString date = article.en.dateText.trimmed().isEmpty() ? article.zh.dateText.trimmed() : article.en.dateText.trimmed();
    if (!date.isEmpty()) {
        subject << date;
    }
    if (article.zh.pageNumber > 0) {
        QString label = u"第%1版"_s.arg(article.zh.pageNumber);
        if (!article.zh.pageSection.trimmed().isEmpty()) {
            label += u"（"_s + article.zh.pageSection.trimmed() + u"）"_s;
        }
        subject << label;
    } else if (!article.en.page.isEmpty()) {
        subject << u"Page "_s + article.en.page;
    }
    in->subject = subject.join(u", "_s);
}

// Hands `in` (its pages, text and metadata filled in) to the PDF module with the annotation
// painters' callbacks; the module's PDF, or empty with *error set.
QByteArray runPostProcess(PdfModule::PostProcessFunction postProcess, PdfModule::Input *in, PdfModule::Output *out, QString *error)
{
    in->annotationBounds = &annotationBounds;
    in->annotationIsDrawable = &annotationIsDrawable;
    in->annotationQuads = &annotationQuads;
    in->annotationPaths = &annotationPaths;
    in->annotationLayers = &annotationLayers;
    if (!postProcess(PdfModule::kAbi, in, out)) {
        if (error) {
            *error = i18n("The PDF export module %1 is from another build.", QLatin1String(PdfModule::kFileName));
        }
        return QByteArray();
    }
    if (out->pdf.isEmpty() && error) {
        *error = out->error;
    }
    return out->pdf;
}
} // namespace

QByteArray exportPdfData(const LaidOutDocument &doc, const Article &article, QString *error)
{
    return exportPdfData(doc, article, PdfExportOptions(), error);
}

bool exportPdf(const LaidOutDocument &doc, const Article &article, const QString &path, QString *error)
{
    return exportPdf(doc, article, path, PdfExportOptions(), error);
}

QByteArray exportPdfData(const LaidOutDocument &doc, const Article &article, const PdfExportOptions &options, QString *error, PdfExportResult *result)
{
    if (doc.pages.isEmpty()) {
        if (error) {
            *error = i18n("The document has no pages.");
        }
        return QByteArray();
    }
    // The module first: without it there is nothing to paint for.
    const PdfModule::PostProcessFunction postProcess = postProcessFunction(error);
    if (!postProcess) {
        return QByteArray();
    }
    PdfModule::Input in;
    const QByteArray raw = paintPdf(doc, article, options.annotations, &in.freeTextPages, error);
    if (raw.isEmpty()) {
        if (error && error->isEmpty()) {
            *error = i18n("The PDF writer produced no output.");
        }
        return QByteArray();
    }
    in.raw = &raw;
    in.annotations = &options.annotations;
    describe(doc, article, &in);
    QString freeText;
    for (const int i : std::as_const(in.freeTextPages)) {
        freeText += options.annotations.at(i).contents;
    }
    in.twins = twinReplacements(doc, article, freeText);
    PdfModule::Output out;
    if (runPostProcess(postProcess, &in, &out, error).isEmpty()) {
        return QByteArray();
    }
    if (result) {
        result->writtenAnnotations = out.writtenAnnotations;
        result->skippedAnnotations = out.skippedAnnotations;
    }
    return out.pdf;
}

bool fixPrintedPdf(const LaidOutDocument &doc, const Article &article, int pageCount, const QString &extraText, QByteArray *pdf, QString *error)
{
    if (!pdf || pdf->isEmpty() || pageCount <= 0) {
        if (error) {
            *error = i18n("The PDF writer produced no output.");
        }
        return false;
    }
    const PdfModule::PostProcessFunction postProcess = postProcessFunction(error);
    if (!postProcess) {
        return false;
    }
    const QList<PageAnnotation> none;
    PdfModule::Input in;
    in.raw = pdf;
    in.annotations = &none;
    describe(doc, article, &in);
    in.pageCount = pageCount;
    in.outline.clear();
    in.pageLayout.clear();
    in.twins = twinReplacements(doc, article, extraText);
    PdfModule::Output out;
    const QByteArray fixed = runPostProcess(postProcess, &in, &out, error);
    if (fixed.isEmpty()) {
        return false;
    }
    *pdf = fixed;
    return true;
}

bool exportPdf(const LaidOutDocument &doc,
               const Article &article,
               const QString &path,
               const PdfExportOptions &options,
               QString *error,
               PdfExportResult *result)
{
    const QByteArray data = exportPdfData(doc, article, options, error, result);
    if (data.isEmpty()) {
        return false;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        if (error) {
            *error = i18n("Cannot write %1: %2", path, f.errorString());
        }
        return false;
    }
    return true;
}

} // namespace Okb
