// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The interface between okbcore's PDF exporter and the module that post-processes its PDF with
// qpdf (okb_pdfexport.so, loaded on the first export only: libqpdf costs ~1.2 MiB resident and
// its relocations on every open otherwise). Both sides are built from this one header in one
// build; kAbi guards against a module from another build.
//
// The module gets everything as plain Qt values (no okbcore code runs in it); the annotation
// geometry, which is okbcore code, comes as function pointers.

#pragma once

#include "paint/annotationpainter.h"
#include "paint/pageannotation.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSizeF>
#include <QString>

namespace Okb::PdfModule
{

constexpr int kAbi = 1;

// The module's file name, and the folder (under a Qt plugin directory) it is installed in.
inline constexpr char kFileName[] = "okb_pdfexport.so";
inline constexpr char kFolder[] = "okular_bilingual";
// The function it exports (extern "C", type PostProcessFunction).
inline constexpr char kSymbol[] = "okb_pdf_postprocess";

struct OutlineItem {
    QString title;
    int level = 0;
    int page = 0; // 0-based, already clamped to the pages
    double top = 0; // PDF user space (y up) of the destination's top
};

struct Input {
    const QByteArray *raw = nullptr; // QPdfWriter's file: the pages, then one page per free text
    int pageCount = 0; // the document's pages (without the free-text pages)
    QSizeF pageSize; // points
    QList<OutlineItem> outline;
    QByteArray pageLayout; // "/TwoPageRight", "/TwoPageLeft" or empty
    QString lang;
    QString title;
    QString author; // may be empty
    QString subject;
    QHash<char32_t, char32_t> twins; // CJK twin -> the document's character (ToUnicode fix)
    const QList<PageAnnotation> *annotations = nullptr;
    QList<int> freeTextPages; // for each extra page in order, its annotation's index

    // okbcore's annotation geometry (annotationpainter.h).
    QRectF (*annotationBounds)(const PageAnnotation &) = nullptr;
    bool (*annotationIsDrawable)(const PageAnnotation &) = nullptr;
    QList<QPolygonF> (*annotationQuads)(const PageAnnotation &) = nullptr;
    QList<QPolygonF> (*annotationPaths)(const PageAnnotation &) = nullptr;
    QList<AnnotationLayer> (*annotationLayers)(const PageAnnotation &) = nullptr;
};

struct Output {
    QByteArray pdf; // empty on failure
    QString error;
    int writtenAnnotations = 0;
    int skippedAnnotations = 0;
};

// Returns false (without touching `out`) when `abi` is not the module's kAbi.
using PostProcessFunction = bool (*)(int abi, const Input *in, Output *out);

} // namespace Okb::PdfModule
