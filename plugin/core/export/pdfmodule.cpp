// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okb_pdfexport.so: the qpdf half of the PDF export (outline, document information, the reader's
// annotations, ToUnicode fixes), loaded by pdfexporter.cpp on the first export so that opening a
// document never loads libqpdf.
//
// Compiled with -fexceptions (qpdf reports errors by throwing); every qpdf call is inside one
// try block that catches everything, so no exception leaves this file.

#include "export/pdfmodule.h"

#include <KLocalizedString>

#include <QDateTime>
#include <QLineF>
#include <QPainterPath>
#include <QRegularExpression>

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace Okb::PdfModule
{
namespace
{
// The export being post-processed on this thread (its geometry functions are okbcore's).
thread_local const Input *t_input = nullptr;

QList<AnnotationLayer> layersOf(const PageAnnotation &a)
{
    return t_input->annotationLayers(a);
}
QRectF boundsOf(const PageAnnotation &a)
{
    return t_input->annotationBounds(a);
}
QList<QPolygonF> quadsOf(const PageAnnotation &a)
{
    return t_input->annotationQuads(a);
}
QList<QPolygonF> pathsOf(const PageAnnotation &a)
{
    return t_input->annotationPaths(a);
}
bool isDrawable(const PageAnnotation &a)
{
    return t_input->annotationIsDrawable(a);
}

std::string utf8(const QString &s)
{
    const QByteArray b = s.toUtf8();
    return std::string(b.constData(), size_t(b.size()));
}

QString pdfDate(const QDateTime &dt)
{
    // D:YYYYMMDDHHmmSSZ
    return dt.toUTC().toString(u"'D:'yyyyMMddHHmmss'Z'"_s);
}

struct OutlineNode {
    int entry = -1;
    std::vector<OutlineNode> children;
};

// Builds /Outlines items for `nodes` under `parent`; returns {first, last} and adds to *count.
std::pair<QPDFObjectHandle, QPDFObjectHandle> makeOutline(QPDF &pdf,
                                                          const std::vector<OutlineNode> &nodes,
                                                          QPDFObjectHandle parent,
                                                          const QList<OutlineItem> &items,
                                                          const std::vector<QPDFObjectHandle> &pages,
                                                          int *count)
{
    QPDFObjectHandle first;
    QPDFObjectHandle prev;
    for (const OutlineNode &n : nodes) {
        const OutlineItem &e = items.at(n.entry);
        QPDFObjectHandle item = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
        item.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(utf8(e.title)));
        item.replaceKey("/Parent", parent);
        const int page = std::clamp(e.page, 0, int(pages.size()) - 1);
        QPDFObjectHandle dest = QPDFObjectHandle::newArray();
        dest.appendItem(pages.at(size_t(page)));
        dest.appendItem(QPDFObjectHandle::newName("/XYZ"));
        dest.appendItem(QPDFObjectHandle::newNull());
        dest.appendItem(QPDFObjectHandle::newReal(e.top, 2));
        dest.appendItem(QPDFObjectHandle::newNull());
        item.replaceKey("/Dest", dest);
        if (!n.children.empty()) {
            int sub = 0;
            auto [f, l] = makeOutline(pdf, n.children, item, items, pages, &sub);
            item.replaceKey("/First", f);
            item.replaceKey("/Last", l);
            item.replaceKey("/Count", QPDFObjectHandle::newInteger(sub)); // open
            *count += sub;
        }
        if (prev.isInitialized()) {
            prev.replaceKey("/Next", item);
            item.replaceKey("/Prev", prev);
        } else {
            first = item;
        }
        prev = item;
        ++*count;
    }
    return {first, prev};
}

// Rewrites the <XXXX> destination tokens of a ToUnicode CMap; returns true if anything changed.
bool fixToUnicode(std::string &cmap, const QHash<char32_t, char32_t> &twins)
{
    bool changed = false;
    static const QRegularExpression token(u"<([0-9A-Fa-f]{4,8})>"_s);
    QString text = QString::fromLatin1(cmap.data(), qsizetype(cmap.size()));
    QString out;
    out.reserve(text.size());
    const QStringList lines = text.split(u'\n');
    for (qsizetype li = 0; li < lines.size(); ++li) {
        const QString &line = lines.at(li);
        // Destinations: inside [...] of a bfrange, or the last token of a bfchar/bfrange line.
        const qsizetype bracket = line.indexOf(u'[');
        qsizetype pos = 0;
        QString fixed;
        auto it = token.globalMatch(line);
        int index = 0;
        int total = 0;
        for (auto c = token.globalMatch(line); c.hasNext(); c.next()) {
            ++total;
        }
        while (it.hasNext()) {
            const auto m = it.next();
            const bool destination = bracket >= 0 ? m.capturedStart() > bracket : (total >= 2 && index == total - 1);
            ++index;
            fixed += QStringView(line).mid(pos, m.capturedStart() - pos);
            pos = m.capturedEnd();
            const QString hex = m.captured(1);
            bool ok = false;
            const uint value = hex.toUInt(&ok, 16);
            const auto twin = destination && ok && hex.size() == 4 ? twins.constFind(value) : twins.constEnd();
            if (twin != twins.constEnd() && twin.value() <= 0xFFFF) {
                fixed += u"<%1>"_s.arg(uint(twin.value()), 4, 16, QLatin1Char('0')).toUpper();
                changed = true;
                continue;
            }
            fixed += m.captured(0);
        }
        fixed += QStringView(line).mid(pos);
        out += fixed;
        if (li + 1 < lines.size()) {
            out += u'\n';
        }
    }
    if (changed) {
        const QByteArray bytes = out.toLatin1();
        cmap.assign(bytes.constData(), size_t(bytes.size()));
    }
    return changed;
}

void fixCjkTwins(QPDF &pdf, const QHash<char32_t, char32_t> &twins)
{
    for (QPDFObjectHandle obj : pdf.getAllObjects()) {
        if (!obj.isDictionary() || !obj.hasKey("/ToUnicode")) {
            continue;
        }
        QPDFObjectHandle stream = obj.getKey("/ToUnicode");
        if (!stream.isStream()) {
            continue;
        }
        std::shared_ptr<Buffer> data = stream.getStreamData(qpdf_dl_generalized);
        std::string cmap(reinterpret_cast<const char *>(data->getBuffer()), data->getSize());
        if (fixToUnicode(cmap, twins)) {
            stream.replaceStreamData(cmap, QPDFObjectHandle::newNull(), QPDFObjectHandle::newNull());
        }
    }
}

// ---- The reader's annotations ----------------------------------------------------------------

// Page points (top-left origin, what PageAnnotation uses) to the PDF user space of one page: its
// MediaBox, y up. QPdfWriter writes the MediaBox in points with the page size we gave it and zero
// margins, but the scale is taken from the box so that a different writer setup still maps right.
struct PageMapping {
    double llx = 0;
    double ury = 0;
    double sx = 1;
    double sy = 1;

    QPointF map(const QPointF &p) const
    {
        return QPointF(llx + p.x() * sx, ury - p.y() * sy);
    }
    QRectF map(const QRectF &r) const
    {
        return QRectF(map(r.topLeft()), map(r.bottomRight())).normalized();
    }
};

PageMapping mappingFor(QPDFObjectHandle page, const QSizeF &pageSize)
{
    PageMapping m;
    QPDFObjectHandle box = QPDFPageObjectHelper(page).getMediaBox();
    if (!box.isRectangle() || pageSize.isEmpty()) {
        m.ury = pageSize.height();
        return m;
    }
    const QPDFObjectHandle::Rectangle r = box.getArrayAsRectangle();
    m.llx = std::min(r.llx, r.urx);
    m.ury = std::max(r.lly, r.ury);
    m.sx = std::abs(r.urx - r.llx) / pageSize.width();
    m.sy = std::abs(r.ury - r.lly) / pageSize.height();
    return m;
}

// A number for a content stream: at most 3 decimals, no trailing zeros.
std::string num(double v)
{
    if (!std::isfinite(v)) {
        v = 0;
    }
    QByteArray b = QByteArray::number(v, 'f', 3);
    while (b.contains('.') && (b.endsWith('0') || b.endsWith('.'))) {
        b.chop(1);
    }
    if (b == "-0") {
        b = "0";
    }
    return b.toStdString();
}

QPDFObjectHandle real(double v)
{
    return QPDFObjectHandle::newReal(std::isfinite(v) ? v : 0.0, 3);
}

QPDFObjectHandle rectArray(const QRectF &r)
{
    QPDFObjectHandle a = QPDFObjectHandle::newArray();
    for (const double v : {r.left(), r.top(), r.right(), r.bottom()}) { // PDF space: top() is lly
        a.appendItem(real(v));
    }
    return a;
}

QPDFObjectHandle colorArray(const QColor &c)
{
    const QColor rgb = c.toRgb();
    QPDFObjectHandle a = QPDFObjectHandle::newArray();
    for (const double v : {rgb.redF(), rgb.greenF(), rgb.blueF()}) {
        a.appendItem(real(v));
    }
    return a;
}

std::string colorOps(const QColor &c, const char *op)
{
    const QColor rgb = c.toRgb();
    return num(rgb.redF()) + ' ' + num(rgb.greenF()) + ' ' + num(rgb.blueF()) + ' ' + op + '\n';
}

// QPainterPath (page points) to PDF path construction operators (PDF space).
std::string pathOps(const QPainterPath &path, const PageMapping &m)
{
    std::string out;
    const auto pt = [&m](const QPointF &p) {
        const QPointF q = m.map(p);
        return num(q.x()) + ' ' + num(q.y());
    };
    QPointF start;
    QPointF current;
    int segments = 0;
    const auto closeIfBack = [&]() {
        if (segments >= 2 && QLineF(start, current).length() < 1e-6) {
            out += "h\n"; // a closed outline gets a join at its start, not two caps
        }
    };
    for (int i = 0; i < path.elementCount(); ++i) {
        const QPainterPath::Element e = path.elementAt(i);
        if (e.isMoveTo()) {
            closeIfBack();
            start = current = QPointF(e);
            segments = 0;
            out += pt(current) + " m\n";
        } else if (e.isLineTo()) {
            current = QPointF(e);
            ++segments;
            out += pt(current) + " l\n";
        } else if (e.isCurveTo() && i + 2 < path.elementCount()) {
            const QPointF c2 = path.elementAt(i + 1);
            current = path.elementAt(i + 2);
            i += 2;
            ++segments;
            out += pt(QPointF(e)) + ' ' + pt(c2) + ' ' + pt(current) + " c\n";
        }
    }
    closeIfBack();
    return out;
}

// The normal appearance of a vector annotation: its layers, in PDF space, with the annotation's
// opacity (and multiply for highlights) in an ExtGState. /BBox is the annotation's /Rect in the
// same space, so the form maps onto the page without any transformation.
QPDFObjectHandle vectorAppearance(QPDF &pdf, const PageAnnotation &a, const PageMapping &m, const QRectF &pdfRect, double opacity)
{
    std::string content = "q\n";
    bool multiply = false;
    for (const AnnotationLayer &layer : layersOf(a)) {
        multiply = multiply || layer.multiply;
        content += layer.multiply ? "/GSm gs\n" : "/GSn gs\n";
        if (layer.fill.isValid()) {
            content += colorOps(layer.fill, "rg");
        }
        if (layer.stroke.isValid()) {
            content += colorOps(layer.stroke, "RG");
            content += num(layer.width * (m.sx + m.sy) / 2) + " w\n";
            content += layer.roundCaps ? "1 J 1 j\n" : "0 J 0 j\n";
        }
        content += pathOps(layer.path, m);
        content += layer.fill.isValid() && layer.stroke.isValid() ? "B\n" : layer.fill.isValid() ? "f\n" : "S\n";
    }
    content += "Q\n";

    QPDFObjectHandle form = pdf.newStream(content);
    QPDFObjectHandle dict = form.getDict();
    dict.replaceKey("/Type", QPDFObjectHandle::newName("/XObject"));
    dict.replaceKey("/Subtype", QPDFObjectHandle::newName("/Form"));
    dict.replaceKey("/BBox", rectArray(pdfRect));
    QPDFObjectHandle gsNormal = QPDFObjectHandle::newDictionary();
    gsNormal.replaceKey("/Type", QPDFObjectHandle::newName("/ExtGState"));
    gsNormal.replaceKey("/CA", real(opacity));
    gsNormal.replaceKey("/ca", real(opacity));
    QPDFObjectHandle states = QPDFObjectHandle::newDictionary();
    states.replaceKey("/GSn", gsNormal);
    if (multiply) {
        QPDFObjectHandle gsMultiply = gsNormal.shallowCopy();
        gsMultiply.replaceKey("/BM", QPDFObjectHandle::newName("/Multiply"));
        states.replaceKey("/GSm", gsMultiply);
    }
    QPDFObjectHandle resources = QPDFObjectHandle::newDictionary();
    resources.replaceKey("/ExtGState", states);
    dict.replaceKey("/Resources", resources);
    return form;
}

const char *subtypeOf(const PageAnnotation &a)
{
    switch (a.kind) {
    case PageAnnotation::Kind::Highlight:
        return "/Highlight";
    case PageAnnotation::Kind::Underline:
        return "/Underline";
    case PageAnnotation::Kind::StrikeOut:
        return "/StrikeOut";
    case PageAnnotation::Kind::Squiggly:
        return "/Squiggly";
    case PageAnnotation::Kind::Note:
        return "/Text";
    case PageAnnotation::Kind::FreeText:
        return "/FreeText";
    case PageAnnotation::Kind::Ink:
        return "/Ink";
    case PageAnnotation::Kind::Line:
        return pathsOf(a).first().size() > 2 ? "/PolyLine" : "/Line";
    case PageAnnotation::Kind::Square:
        return "/Square";
    case PageAnnotation::Kind::Circle:
        return "/Circle";
    }
    return "/Square";
}

// Writes `a` onto `page` as an annotation with a normal appearance. `freeTextForm` is the
// appearance painted for a free text (see paintPdf), else uninitialized. False if `a` has no
// geometry to write.
bool addAnnotation(QPDF &pdf, QPDFObjectHandle page, const PageMapping &m, const PageAnnotation &a, QPDFObjectHandle freeTextForm)
{
    const QRectF bounds = boundsOf(a);
    if (!isDrawable(a) || bounds.isEmpty()) {
        return false;
    }
    if (a.kind == PageAnnotation::Kind::FreeText && !freeTextForm.isStream()) {
        return false;
    }
    const QRectF pdfRect = m.map(bounds);
    const double opacity = std::isfinite(a.opacity) ? std::clamp(a.opacity, 0.0, 1.0) : 1.0;
    QColor color = a.color.isValid() ? a.color.toRgb() : QColor(255, 255, 0);

    QPDFObjectHandle annot = QPDFObjectHandle::newDictionary();
    annot.replaceKey("/Type", QPDFObjectHandle::newName("/Annot"));
    annot.replaceKey("/Subtype", QPDFObjectHandle::newName(subtypeOf(a)));
    annot.replaceKey("/Rect", rectArray(pdfRect));
    annot.replaceKey("/P", page);
    annot.replaceKey("/F", QPDFObjectHandle::newInteger(4)); // Print
    annot.replaceKey("/C", colorArray(color));
    annot.replaceKey("/CA", real(opacity));
    if (!a.contents.isEmpty() || a.kind == PageAnnotation::Kind::Note || a.kind == PageAnnotation::Kind::FreeText) {
        annot.replaceKey("/Contents", QPDFObjectHandle::newUnicodeString(utf8(a.contents)));
    }
    if (!a.author.isEmpty()) {
        annot.replaceKey("/T", QPDFObjectHandle::newUnicodeString(utf8(a.author)));
    }
    if (!a.uniqueName.isEmpty()) {
        annot.replaceKey("/NM", QPDFObjectHandle::newUnicodeString(utf8(a.uniqueName)));
    }
    const QDateTime modified = a.modified.isValid() ? a.modified : a.created;
    if (modified.isValid()) {
        annot.replaceKey("/M", QPDFObjectHandle::newUnicodeString(utf8(pdfDate(modified))));
    }
    if (a.created.isValid()) {
        annot.replaceKey("/CreationDate", QPDFObjectHandle::newUnicodeString(utf8(pdfDate(a.created))));
    }
    const double width = std::isfinite(a.width) && a.width > 0 ? std::min(a.width, 100.0) : 1.0;
    const auto borderStyle = [&]() {
        QPDFObjectHandle bs = QPDFObjectHandle::newDictionary();
        bs.replaceKey("/Type", QPDFObjectHandle::newName("/Border"));
        bs.replaceKey("/W", real(width * (m.sx + m.sy) / 2));
        bs.replaceKey("/S", QPDFObjectHandle::newName("/S"));
        return bs;
    };
    const auto pointList = [&m](const QPolygonF &points) {
        QPDFObjectHandle list = QPDFObjectHandle::newArray();
        for (const QPointF &p : points) {
            const QPointF q = m.map(p);
            list.appendItem(real(q.x()));
            list.appendItem(real(q.y()));
        }
        return list;
    };

    switch (a.kind) {
    case PageAnnotation::Kind::Highlight:
    case PageAnnotation::Kind::Underline:
    case PageAnnotation::Kind::StrikeOut:
    case PageAnnotation::Kind::Squiggly: {
        // Our quads are top-left, top-right, bottom-right, bottom-left; /QuadPoints are written
        // in the order every viewer reads (Acrobat's): upper-left, upper-right, lower-left,
        // lower-right, in PDF space.
        QPDFObjectHandle quads = QPDFObjectHandle::newArray();
        for (const QPolygonF &q : quadsOf(a)) {
            for (const int i : {0, 1, 3, 2}) {
                const QPointF p = m.map(q.at(i));
                quads.appendItem(real(p.x()));
                quads.appendItem(real(p.y()));
            }
        }
        annot.replaceKey("/QuadPoints", quads);
        break;
    }
    case PageAnnotation::Kind::Note:
        annot.replaceKey("/Name", QPDFObjectHandle::newName("/Note"));
        annot.replaceKey("/Open", QPDFObjectHandle::newBool(false));
        break;
    case PageAnnotation::Kind::FreeText: {
        const QColor text = a.textColor.isValid() ? a.textColor.toRgb() : QColor(0, 0, 0);
        const double size = std::isfinite(a.fontSize) && a.fontSize > 0 ? std::min(a.fontSize, 200.0) : 10.0;
        // /DA is what a viewer regenerating the appearance would use; ours is in /AP.
        const std::string da = "/Helv " + num(size) + " Tf " + num(text.redF()) + ' ' + num(text.greenF()) + ' ' + num(text.blueF()) + " rg";
        annot.replaceKey("/DA", QPDFObjectHandle::newString(da));
        annot.replaceKey("/Q", QPDFObjectHandle::newInteger(0));
        QPDFObjectHandle border = QPDFObjectHandle::newDictionary();
        // The border the appearance has (none for a typewriter's width 0), in PDF units.
        const double borderWidth = std::isfinite(a.width) && a.width > 0 ? std::min(a.width, 100.0) : 0.0;
        border.replaceKey("/W", real(borderWidth * (m.sx + m.sy) / 2));
        border.replaceKey("/S", QPDFObjectHandle::newName("/S"));
        annot.replaceKey("/BS", border);
        break;
    }
    case PageAnnotation::Kind::Ink: {
        QPDFObjectHandle inkList = QPDFObjectHandle::newArray();
        for (const QPolygonF &p : pathsOf(a)) {
            inkList.appendItem(pointList(p));
        }
        annot.replaceKey("/InkList", inkList);
        annot.replaceKey("/BS", borderStyle());
        break;
    }
    case PageAnnotation::Kind::Line: {
        const QPolygonF points = pathsOf(a).first();
        if (points.size() > 2) {
            annot.replaceKey("/Vertices", pointList(points));
        } else {
            annot.replaceKey("/L", pointList(points));
        }
        annot.replaceKey("/BS", borderStyle());
        break;
    }
    case PageAnnotation::Kind::Square:
    case PageAnnotation::Kind::Circle:
        annot.replaceKey("/BS", borderStyle());
        if (a.interiorColor.isValid() && a.interiorColor.alpha() > 0) {
            annot.replaceKey("/IC", colorArray(a.interiorColor));
        }
        break;
    }

    QPDFObjectHandle appearance;
    if (a.kind == PageAnnotation::Kind::FreeText) {
        appearance = freeTextForm;
        appearance.getDict().replaceKey("/BBox", rectArray(pdfRect));
        appearance.getDict().removeKey("/Matrix"); // same space as the page it came from
    } else {
        appearance = vectorAppearance(pdf, a, m, pdfRect, opacity);
    }
    QPDFObjectHandle ap = QPDFObjectHandle::newDictionary();
    ap.replaceKey("/N", appearance);
    annot.replaceKey("/AP", ap);

    QPDFObjectHandle annots = page.getKey("/Annots");
    if (!annots.isArray()) {
        annots = QPDFObjectHandle::newArray();
        page.replaceKey("/Annots", annots);
    }
    annots.appendItem(pdf.makeIndirectObject(annot));
    return true;
}

bool postProcess(const Input &in, Output *out)
{
    try {
        const QList<PageAnnotation> &annotations = *in.annotations;
        const QList<int> &freeTextPages = in.freeTextPages;
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processMemoryFile("okular-bilingual", in.raw->constData(), size_t(in.raw->size()));
        std::vector<QPDFObjectHandle> pages;
        QPDFPageDocumentHelper pageHelper(pdf);
        const std::vector<QPDFPageObjectHelper> allPages = pageHelper.getAllPages();
        if (allPages.size() != size_t(in.pageCount + freeTextPages.size())) {
            throw std::runtime_error("unexpected page count from the PDF writer");
        }
        for (size_t i = 0; i < allPages.size(); ++i) {
            if (i < size_t(in.pageCount)) {
                pages.push_back(allPages.at(i).getObjectHandle());
            }
        }
        // The free-text appearances painted after the document's pages become form XObjects.
        QHash<int, QPDFObjectHandle> freeTextForms; // annotation index -> form
        for (qsizetype i = 0; i < freeTextPages.size(); ++i) {
            QPDFPageObjectHelper extra = allPages.at(size_t(in.pageCount + i));
            freeTextForms.insert(freeTextPages.at(i), extra.getFormXObjectForPage(false));
            pageHelper.removePage(extra);
        }
        int written = 0;
        int skipped = 0;
        for (qsizetype i = 0; i < annotations.size(); ++i) {
            const PageAnnotation &a = annotations.at(i);
            const bool onPage = a.page >= 0 && size_t(a.page) < pages.size();
            if (onPage && addAnnotation(pdf, pages.at(size_t(a.page)), mappingFor(pages.at(size_t(a.page)), in.pageSize), a, freeTextForms.value(int(i)))) {
                ++written;
            } else {
                ++skipped;
            }
        }
        QPDFObjectHandle root = pdf.getRoot();
        if (!in.twins.isEmpty()) {
            fixCjkTwins(pdf, in.twins);
        }

        // Outline from the TOC: levels nest under the nearest shallower entry.
        if (!in.outline.isEmpty() && !pages.empty()) {
            std::vector<OutlineNode> top;
            std::vector<std::pair<int, std::vector<OutlineNode> *>> stack; // level, container
            for (int i = 0; i < in.outline.size(); ++i) {
                const int level = std::max(0, in.outline.at(i).level);
                while (!stack.empty() && stack.back().first >= level) {
                    stack.pop_back();
                }
                std::vector<OutlineNode> *container = stack.empty() ? &top : &stack.back().second->back().children;
                container->push_back(OutlineNode{i, {}});
                stack.emplace_back(level, container);
            }
            QPDFObjectHandle outlines = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
            outlines.replaceKey("/Type", QPDFObjectHandle::newName("/Outlines"));
            int count = 0;
            auto [f, l] = makeOutline(pdf, top, outlines, in.outline, pages, &count);
            outlines.replaceKey("/First", f);
            outlines.replaceKey("/Last", l);
            outlines.replaceKey("/Count", QPDFObjectHandle::newInteger(count));
            root.replaceKey("/Outlines", outlines);
            root.replaceKey("/PageMode", QPDFObjectHandle::newName("/UseOutlines"));
        }
        if (!in.pageLayout.isEmpty()) {
            root.replaceKey("/PageLayout", QPDFObjectHandle::newName(in.pageLayout.toStdString()));
        }
        root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString(utf8(in.lang)));

        // Document information.
        QPDFObjectHandle trailer = pdf.getTrailer();
        QPDFObjectHandle info = trailer.getKey("/Info");
        if (!info.isDictionary()) {
            info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
            trailer.replaceKey("/Info", info);
        }
        info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(utf8(in.title)));
        if (!in.author.isEmpty()) {
            info.replaceKey("/Author", QPDFObjectHandle::newUnicodeString(utf8(in.author)));
        }
        info.replaceKey("/Subject", QPDFObjectHandle::newUnicodeString(utf8(in.subject)));
        info.replaceKey("/Creator", QPDFObjectHandle::newUnicodeString("okular-bilingual"));
        info.replaceKey("/Producer", QPDFObjectHandle::newUnicodeString("okular-bilingual (Qt QPdfWriter, qpdf)"));
        info.replaceKey("/Keywords", QPDFObjectHandle::newUnicodeString("bilingual; English; Chinese; 人民日报"));
        const QString now = pdfDate(QDateTime::currentDateTimeUtc());
        info.replaceKey("/CreationDate", QPDFObjectHandle::newUnicodeString(utf8(now)));
        info.replaceKey("/ModDate", QPDFObjectHandle::newUnicodeString(utf8(now)));

        QPDFWriter w(pdf);
        w.setOutputMemory();
        w.setCompressStreams(true);
        w.setObjectStreamMode(qpdf_o_generate);
        w.write();
        std::shared_ptr<Buffer> buf = w.getBufferSharedPointer();
        out->pdf = QByteArray(reinterpret_cast<const char *>(buf->getBuffer()), qsizetype(buf->getSize()));
        out->writtenAnnotations = written;
        out->skippedAnnotations = skipped;
        return true;
    } catch (const std::exception &e) {
        out->error = i18n("PDF post-processing failed: %1", QString::fromUtf8(e.what()));
    } catch (...) {
        out->error = i18n("PDF post-processing failed.");
    }
    return false;
}
} // namespace
} // namespace Okb::PdfModule

// The module's one entry point (pdfmodule.h: PostProcessFunction).
extern "C" Q_DECL_EXPORT bool okb_pdf_postprocess(int abi, const Okb::PdfModule::Input *in, Okb::PdfModule::Output *out)
{
    if (abi != Okb::PdfModule::kAbi || !in || !out || !in->raw || !in->annotations) {
        return false;
    }
    Okb::PdfModule::t_input = in;
    const bool ok = Okb::PdfModule::postProcess(*in, out);
    Okb::PdfModule::t_input = nullptr;
    if (!ok) {
        out->pdf.clear();
    }
    return true;
}
