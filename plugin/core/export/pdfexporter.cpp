// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Compiled with -fexceptions (qpdf reports errors by throwing); every qpdf call is inside one
// try block that catches everything, so no exception leaves this file.

#include "export/pdfexporter.h"
#include "paint/pagepainter.h"

#include <KLocalizedString>

#include <QBuffer>
#include <QDateTime>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <exception>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace Okb
{
namespace
{
constexpr int kResolution = 1200; // QPdfWriter user units per inch

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

QByteArray paintPdf(const LaidOutDocument &doc, const Article &article, QString *error)
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
        painter.end();
    }
    buffer.close();
    return data;
}

struct OutlineNode {
    int entry = -1;
    std::vector<OutlineNode> children;
};

// Builds /Outlines items for `nodes` under `parent`; returns {first, last} and adds to *count.
std::pair<QPDFObjectHandle, QPDFObjectHandle> makeOutline(QPDF &pdf,
                                                          const std::vector<OutlineNode> &nodes,
                                                          QPDFObjectHandle parent,
                                                          const LaidOutDocument &doc,
                                                          const std::vector<QPDFObjectHandle> &pages,
                                                          int *count)
{
    QPDFObjectHandle first;
    QPDFObjectHandle prev;
    for (const OutlineNode &n : nodes) {
        const TocEntry &e = doc.toc.at(n.entry);
        QPDFObjectHandle item = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
        item.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(utf8(e.title)));
        item.replaceKey("/Parent", parent);
        const int page = std::clamp(e.page, 0, int(pages.size()) - 1);
        QPDFObjectHandle dest = QPDFObjectHandle::newArray();
        dest.appendItem(pages.at(size_t(page)));
        dest.appendItem(QPDFObjectHandle::newName("/XYZ"));
        dest.appendItem(QPDFObjectHandle::newNull());
        dest.appendItem(QPDFObjectHandle::newReal(doc.pageSize.height() - e.y + 4, 2));
        dest.appendItem(QPDFObjectHandle::newNull());
        item.replaceKey("/Dest", dest);
        if (!n.children.empty()) {
            int sub = 0;
            auto [f, l] = makeOutline(pdf, n.children, item, doc, pages, &sub);
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

QByteArray postProcess(const QByteArray &in, const LaidOutDocument &doc, const Article &article, QString *error)
{
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processMemoryFile("okular-bilingual", in.constData(), size_t(in.size()));
        std::vector<QPDFObjectHandle> pages;
        for (auto &p : QPDFPageDocumentHelper(pdf).getAllPages()) {
            pages.push_back(p.getObjectHandle());
        }
        QPDFObjectHandle root = pdf.getRoot();

        // Outline from the TOC: levels nest under the nearest shallower entry.
        if (!doc.toc.isEmpty() && !pages.empty()) {
            std::vector<OutlineNode> top;
            std::vector<std::pair<int, std::vector<OutlineNode> *>> stack; // level, container
            for (int i = 0; i < doc.toc.size(); ++i) {
                const int level = std::max(0, doc.toc.at(i).level);
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
            auto [f, l] = makeOutline(pdf, top, outlines, doc, pages, &count);
            outlines.replaceKey("/First", f);
            outlines.replaceKey("/Last", l);
            outlines.replaceKey("/Count", QPDFObjectHandle::newInteger(count));
            root.replaceKey("/Outlines", outlines);
            root.replaceKey("/PageMode", QPDFObjectHandle::newName("/UseOutlines"));
        }
        if (doc.facingPages) {
            root.replaceKey("/PageLayout", QPDFObjectHandle::newName(doc.firstPageIsRight ? "/TwoPageRight" : "/TwoPageLeft"));
        }
        if (article.hasChinese() && !article.hasEnglish()) {
            root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString("zh-CN"));
        } else {
            root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString("en"));
        }

        // Document information.
        QPDFObjectHandle trailer = pdf.getTrailer();
        QPDFObjectHandle info = trailer.getKey("/Info");
        if (!info.isDictionary()) {
            info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
            trailer.replaceKey("/Info", info);
        }
        QString title = article.en.title.simplified();
        const QString zhTitle = article.zh.title.simplified();
        if (title.isEmpty()) {
            title = zhTitle;
        } else if (!zhTitle.isEmpty()) {
            title += u" / "_s + zhTitle;
        }
        QString author = article.en.author.trimmed();
        if (author.isEmpty()) {
            author = article.zh.author.trimmed();
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
        info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(utf8(title)));
        if (!author.isEmpty()) {
            info.replaceKey("/Author", QPDFObjectHandle::newUnicodeString(utf8(author)));
        }
        info.replaceKey("/Subject", QPDFObjectHandle::newUnicodeString(utf8(subject.join(u", "_s))));
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
        return QByteArray(reinterpret_cast<const char *>(buf->getBuffer()), qsizetype(buf->getSize()));
    } catch (const std::exception &e) {
        if (error) {
            *error = i18n("PDF post-processing failed: %1", QString::fromUtf8(e.what()));
        }
    } catch (...) {
        if (error) {
            *error = i18n("PDF post-processing failed.");
        }
    }
    return QByteArray();
}
} // namespace

QByteArray exportPdfData(const LaidOutDocument &doc, const Article &article, QString *error)
{
    if (doc.pages.isEmpty()) {
        if (error) {
            *error = i18n("The document has no pages.");
        }
        return QByteArray();
    }
    const QByteArray raw = paintPdf(doc, article, error);
    if (raw.isEmpty()) {
        if (error && error->isEmpty()) {
            *error = i18n("The PDF writer produced no output.");
        }
        return QByteArray();
    }
    return postProcess(raw, doc, article, error);
}

bool exportPdf(const LaidOutDocument &doc, const Article &article, const QString &path, QString *error)
{
    const QByteArray data = exportPdfData(doc, article, error);
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
