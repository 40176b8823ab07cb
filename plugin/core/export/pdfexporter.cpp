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

#include <QRegularExpression>
#include <QHash>
#include <QRawFont>
#include <QTextLayout>
#include <QSet>

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


// Qt writes each font's ToUnicode CMap from a reverse cmap lookup, and CJK fonts map both a
// unified ideograph and its Kangxi / CJK radical or compatibility twin to one glyph: 大 then reads
// back as ⼤ (U+2F24), 长 as ⻓ (U+2ED3). Find, in the fonts the pages use, the twins that share a
// glyph with a character of the document, so the CMap can name the document's character.
bool isCjkTwin(char32_t c)
{
    return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0xF900 && c <= 0xFAFF);
}

QHash<char32_t, char32_t> twinReplacements(const LaidOutDocument &doc, const Article &article)
{
    QSet<char32_t> used;
    const auto add = [&used](const QString &s) {
        for (const char32_t c : s.toUcs4()) {
            used.insert(c);
        }
    };
    for (const LaidOutPage &page : doc.pages) {
        for (const TextBox &box : page.text) {
            add(box.text);
        }
    }
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
    QSet<QString> seenFonts;
    for (const LaidOutPage &page : doc.pages) {
        for (const GlyphItem &g : page.glyphs) {
            const QRawFont raw = g.run.rawFont();
            const QString key = raw.familyName() + u'/' + raw.styleName();
            if (!raw.isValid() || seenFonts.contains(key)) {
                continue;
            }
            seenFonts.insert(key);
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
            shaper.setFont(g.font);
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
                    if (run.rawFont().familyName() == raw.familyName() && run.glyphIndexes().size() == 1) {
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
        if (const auto twins = twinReplacements(doc, article); !twins.isEmpty()) {
            fixCjkTwins(pdf, twins);
        }

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
