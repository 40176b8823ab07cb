// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The Okular adapter: a thin Okular::Generator over okbcore. Everything about the article
// (parsing, alignment, typesetting, painting) lives in the core library; this class only maps the
// laid-out document onto Okular's pages, text pages, synopsis, document info, printing and export.

#pragma once

#include "align/alignment.h"
#include "layout/layoutsettings.h"
#include "layout/pagemodel.h"
#include "layout/textanchor.h"
#include "model/article.h"
#include "paint/pageannotation.h"

#include <okular/core/document.h>
#include <okular/core/generator.h>
#include <okular/interfaces/configinterface.h>
#include <okular/interfaces/saveinterface.h>

#include <QElapsedTimer>

#include <atomic>
#include <memory>

namespace Okb
{
class PagePainterPool;
}

class BilingualGenerator : public Okular::Generator, public Okular::ConfigInterface, public Okular::SaveInterface
{
    Q_OBJECT
    Q_INTERFACES(Okular::Generator Okular::ConfigInterface Okular::SaveInterface)

public:
    BilingualGenerator(QObject *parent, const QVariantList &args);
    ~BilingualGenerator() override;

    bool loadDocument(const QString &fileName, QList<Okular::Page *> &pages) override;

    Okular::DocumentInfo generateDocumentInfo(const QSet<Okular::DocumentInfo::Key> &keys) const override;
    const Okular::DocumentSynopsis *generateDocumentSynopsis() override;
    Okular::Generator::PageLayout defaultPageLayout() const override;
    Okular::Generator::PageSizeMetric pagesSizeMetric() const override;
    QVariant metaData(const QString &key, const QVariant &option) const override;

    Okular::Document::PrintError print(QPrinter &printer) override;
    Okular::ExportFormat::List exportFormats() const override;
    bool exportTo(const QString &fileName, const Okular::ExportFormat &format) override;

    // ConfigInterface
    bool reparseConfig() override;
    void addPages(KConfigDialog *dialog) override;

    // SaveInterface: File → Save writes the reader's annotations into the article file (an HTML
    // comment after the text, see core parse/annotationtrailer.h), anchored to the text.
    bool supportsOption(SaveOption option) const override;
    bool save(const QString &fileName, SaveOptions options, QString *errorText) override;
    Okular::AnnotationProxy *annotationProxy() const override;
    // After File → Save / Save As Okular moves the document onto the written file; it is the same
    // article (plus the annotations just saved), so nothing is reloaded and the undo history stays.
    SwapBackingFileResult swapBackingFile(const QString &newFileName, QVector<Okular::Page *> &newPagesVector) override;

    // The layout settings from the KConfig XT settings (BilingualSettings).
    static Okb::LayoutSettings layoutSettingsFromConfig();

protected:
    bool doCloseDocument() override;
    void generatePixmap(Okular::PixmapRequest *request) override;
    QImage image(Okular::PixmapRequest *request) override;
    Okular::TextPage *textPage(Okular::TextRequest *request) override;

private:
    void requestRelayout();
    void callParts(const QString &method, const QVariantList &arguments);
    QList<Okb::PageAnnotation> pageAnnotations() const;

    QString m_fileName;
    // Immutable once built: image()/textPage() read it from Okular's worker thread.
    struct Loaded {
        Okb::Article article;
        Okb::Alignment alignment;
        Okb::LayoutSettings settings;
        Okb::LaidOutDocument layout;
        QString signature; // AnnotationStore::layoutSignature(article, settings): text + layout
    };
    std::shared_ptr<const Loaded> m_doc;
    // Where the reader was when the document was last closed (doCloseDocument), in which layout, when.
    Okb::TextAnchor m_readingPosition;
    QString m_readingLayout;
    QElapsedTimer m_readingClosed;
    QStringList m_hiddenAnnotations; // saved annotations with no place in this layout, kept for the next save
    std::unique_ptr<Okular::AnnotationProxy> m_annotationProxy;
    std::unique_ptr<Okular::DocumentSynopsis> m_synopsis;
    // Owns all font work of the document: the open's layout (loadDocument()), every pixmap
    // (image(), asynchronous or not) and a long document's pages read for text, in one thread of
    // its own, so that the faces are loaded once in the process and fonts and glyph caches stay
    // warm from the open to the first page and from page to page (Okular starts a new thread per
    // asynchronous pixmap). Printing and export paint in the caller's thread.
    std::unique_ptr<Okb::PagePainterPool> m_painters;
    std::atomic<bool> m_asyncPixmaps{false}; // image() has had asynchronous requests (painted by m_painters)
};
