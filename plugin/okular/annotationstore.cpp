// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "annotationstore.h"

#include "layout/textanchor.h"

#include <okular/core/annotations.h>
#include <okular/core/area.h>

#include <QCryptographicHash>
#include <QDomDocument>
#include <QDomElement>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace AnnotationStore
{

namespace
{
const auto kRoot = u"okb-annotations"_s;
const auto kItem = u"item"_s;

QString langName(Okb::Language l)
{
    return l == Okb::Language::Chinese ? u"zh"_s : u"en"_s;
}
Okb::Language langOf(const QString &s)
{
    return s == u"zh"_s ? Okb::Language::Chinese : Okb::Language::English;
}

QRectF normalized(const QRectF &pt, const QSizeF &page)
{
    return QRectF(pt.x() / page.width(), pt.y() / page.height(), pt.width() / page.width(), pt.height() / page.height());
}

int unitsOf(const Okb::TextBox &b)
{
    return b.text == u"\n" ? 0 : int(b.text.size());
}

// The boxes of a page whose centres lie inside the annotation's quads (text markup).
QList<int> boxesUnderQuads(const Okular::HighlightAnnotation *h, const Okb::LaidOutPage &page, const QSizeF &pageSize)
{
    QList<QRectF> quads;
    for (const Okular::HighlightAnnotation::Quad &q : h->highlightQuads()) {
        double l = 1;
        double t = 1;
        double r = 0;
        double b = 0;
        for (int i = 0; i < 4; ++i) {
            l = std::min(l, q.point(i).x);
            r = std::max(r, q.point(i).x);
            t = std::min(t, q.point(i).y);
            b = std::max(b, q.point(i).y);
        }
        quads.append(QRectF(QPointF(l, t), QPointF(r, b)));
    }
    QList<int> out;
    for (int i = 0; i < page.text.size(); ++i) {
        const Okb::TextBox &box = page.text.at(i);
        if (unitsOf(box) == 0 || box.rect.width() <= 0) {
            continue;
        }
        const QPointF c = normalized(box.rect, pageSize).center();
        for (const QRectF &q : std::as_const(quads)) {
            if (q.contains(c)) {
                out.append(i);
                break;
            }
        }
    }
    return out;
}

// The box nearest to a point (normalized page coordinates), preferring the article's own text.
int nearestBox(const Okb::LaidOutPage &page, const QSizeF &pageSize, const QPointF &p, const Okb::AnchorIndex &index, int pageNo)
{
    int best = -1;
    double bestD = 1e18;
    for (int i = 0; i < page.text.size(); ++i) {
        const Okb::TextBox &box = page.text.at(i);
        if (box.rect.isEmpty() && box.rect.width() <= 0 && box.rect.height() <= 0) {
            continue;
        }
        const QRectF r = normalized(box.rect, pageSize);
        const double dx = p.x() < r.left() ? r.left() - p.x() : (p.x() > r.right() ? p.x() - r.right() : 0);
        const double dy = p.y() < r.top() ? r.top() - p.y() : (p.y() > r.bottom() ? p.y() - r.bottom() : 0);
        const double d = dx * dx + dy * dy;
        if (d < bestD && index.anchorAt(pageNo, i).isValid()) {
            bestD = d;
            best = i;
        }
    }
    return best;
}

// Text lines over a run of boxes: consecutive boxes on the same line are united.
QList<QRectF> lineRects(const Okb::LaidOutPage &page, const QList<int> &boxes)
{
    QList<QRectF> lines;
    double lastRight = -1;
    for (int i : boxes) {
        const QRectF r = page.text.at(i).rect;
        if (r.width() <= 0 || r.height() <= 0) {
            continue;
        }
        if (!lines.isEmpty()) {
            QRectF &cur = lines.last();
            const bool sameLine = r.center().y() > cur.top() && r.center().y() < cur.bottom() && r.left() >= lastRight - r.width();
            if (sameLine) {
                cur = cur.united(r);
                lastRight = r.right();
                continue;
            }
        }
        lines.append(r);
        lastRight = r.right();
    }
    return lines;
}

Okular::Annotation *create(const QDomElement &item)
{
    const QDomElement e = item.firstChildElement(u"annotation"_s);
    if (e.isNull()) {
        return nullptr;
    }
    Okular::Annotation *a = Okular::AnnotationUtils::createAnnotation(e);
    if (a) {
        // Stored in the document: Okular lets the generator's proxy edit and remove it.
        a->setFlags(a->flags() | Okular::Annotation::External);
    }
    return a;
}

QString itemXml(const QDomElement &item)
{
    QDomDocument d;
    d.appendChild(d.importNode(item, true));
    return d.toString(-1);
}
} // namespace

QString layoutSignature(const Okb::Article &a, const Okb::LayoutSettings &s)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    for (const QList<Okb::Block> *blocks : {&a.english, &a.chinese}) {
        for (const Okb::Block &b : *blocks) {
            h.addData(QByteArrayView(reinterpret_cast<const char *>(b.text.constData()), b.text.size() * 2));
            h.addData("\x1f");
        }
    }
    const QSizeF paper = s.pageSize.size(QPageSize::Point);
    const QString key = u"%1|%2|%3x%4|%5,%6,%7,%8|%9|%10|%11|%12|%13|%14|%15|%16"_s.arg(int(s.mode))
                            .arg(int(s.alignLevel))
                            .arg(paper.width())
                            .arg(paper.height())
                            .arg(s.marginsMm.left())
                            .arg(s.marginsMm.top())
                            .arg(s.marginsMm.right())
                            .arg(s.marginsMm.bottom())
                            .arg(s.latinFamily, s.cjkFamily)
                            .arg(s.latinPointSize)
                            .arg(s.cjkPointSize)
                            .arg(s.lineSpacing)
                            .arg(int(s.chineseFirstInColumns))
                            .arg(int(s.faultMarks))
                            .arg(int(s.hyphenate));
    h.addData(key.toUtf8());
    return QString::fromLatin1(h.result().toHex().left(20));
}

QString save(const QList<QList<Okular::Annotation *>> &perPage, const QStringList &kept, const Okb::LaidOutDocument &layout, const QString &signature)
{
    QDomDocument doc;
    QDomElement root = doc.createElement(kRoot);
    root.setAttribute(u"version"_s, 1);
    root.setAttribute(u"layout"_s, signature);
    doc.appendChild(root);
    const Okb::AnchorIndex index(layout);
    const QSizeF pageSize = layout.pageSize;
    int count = 0;
    for (int pg = 0; pg < perPage.size() && pg < layout.pages.size(); ++pg) {
        const Okb::LaidOutPage &page = layout.pages.at(pg);
        for (const Okular::Annotation *a : perPage.at(pg)) {
            QDomElement item = doc.createElement(kItem);
            item.setAttribute(u"page"_s, pg);
            int anchorBox = -1;
            if (a->subType() == Okular::Annotation::AHighlight) {
                // The characters under the quads, as ranges per block.
                QList<Okb::TextAnchor> chars;
                for (int i : boxesUnderQuads(static_cast<const Okular::HighlightAnnotation *>(a), page, pageSize)) {
                    const Okb::TextAnchor t = index.anchorAt(pg, i);
                    if (t.isValid()) {
                        chars.append(t);
                        if (anchorBox < 0) {
                            anchorBox = i;
                        }
                    }
                }
                std::sort(chars.begin(), chars.end(), [](const Okb::TextAnchor &x, const Okb::TextAnchor &y) {
                    return std::tuple(int(x.language), x.block, x.offset) < std::tuple(int(y.language), y.block, y.offset);
                });
                for (int i = 0; i < chars.size();) {
                    int j = i + 1;
                    // A box may stand for two UTF-16 units (a surrogate pair): accept a gap of 2.
                    while (j < chars.size() && chars.at(j).language == chars.at(i).language && chars.at(j).block == chars.at(i).block
                           && chars.at(j).offset - chars.at(j - 1).offset <= 2) {
                        ++j;
                    }
                    QDomElement t = doc.createElement(u"text"_s);
                    t.setAttribute(u"lang"_s, langName(chars.at(i).language));
                    t.setAttribute(u"block"_s, chars.at(i).block);
                    t.setAttribute(u"from"_s, chars.at(i).offset);
                    // The range ends after the last character (which may be a surrogate pair).
                    int page2 = 0;
                    int box2 = 0;
                    int end = chars.at(j - 1).offset + 1;
                    if (index.locate(chars.at(j - 1), &page2, &box2)) {
                        end = chars.at(j - 1).offset + std::max(1, unitsOf(layout.pages.at(page2).text.at(box2)));
                    }
                    t.setAttribute(u"to"_s, end);
                    item.appendChild(t);
                    i = j;
                }
            }
            const Okular::NormalizedRect br = a->boundingRectangle();
            const QPointF topLeft(br.left, br.top);
            if (anchorBox < 0) {
                anchorBox = nearestBox(page, pageSize, topLeft, index, pg);
            }
            if (anchorBox >= 0) {
                const Okb::TextAnchor t = index.anchorAt(pg, anchorBox);
                const QRectF r = normalized(page.text.at(anchorBox).rect, pageSize);
                QDomElement at = doc.createElement(u"at"_s);
                at.setAttribute(u"lang"_s, langName(t.language));
                at.setAttribute(u"block"_s, t.block);
                at.setAttribute(u"offset"_s, t.offset);
                at.setAttribute(u"dx"_s, QString::number(topLeft.x() - r.left(), 'g', 9));
                at.setAttribute(u"dy"_s, QString::number(topLeft.y() - r.top(), 'g', 9));
                item.appendChild(at);
            }
            QDomElement ann = doc.createElement(u"annotation"_s);
            Okular::AnnotationUtils::storeAnnotation(a, ann, doc);
            item.appendChild(ann);
            root.appendChild(item);
            ++count;
        }
    }
    for (const QString &xml : kept) {
        QDomDocument d;
        if (d.setContent(xml)) {
            root.appendChild(doc.importNode(d.documentElement(), true));
            ++count;
        }
    }
    return count ? doc.toString(1) : QString();
}

Restored restore(const QString &payload, const Okb::LaidOutDocument &layout, const QString &signature)
{
    Restored out;
    if (payload.trimmed().isEmpty()) {
        return out;
    }
    QDomDocument doc;
    if (!doc.setContent(payload) || doc.documentElement().tagName() != kRoot) {
        out.unreadable = 1;
        return out;
    }
    const QDomElement root = doc.documentElement();
    const bool sameLayout = root.attribute(u"layout"_s) == signature;
    const Okb::AnchorIndex index(layout);
    const QSizeF pageSize = layout.pageSize;
    for (QDomElement item = root.firstChildElement(kItem); !item.isNull(); item = item.nextSiblingElement(kItem)) {
        std::unique_ptr<Okular::Annotation> a(create(item));
        if (!a) {
            ++out.unreadable;
            continue;
        }
        const int savedPage = item.attribute(u"page"_s, u"-1"_s).toInt();
        if (sameLayout && savedPage >= 0 && savedPage < layout.pages.size()) {
            out.placed.append({savedPage, a.release()});
            continue;
        }
        // Text markup: rebuild over its characters in this layout, one annotation per page.
        if (a->subType() == Okular::Annotation::AHighlight && !item.firstChildElement(u"text"_s).isNull()) {
            QMap<int, QList<int>> boxesByPage; // page -> boxes in text order
            QList<int> pageOrder;
            for (QDomElement t = item.firstChildElement(u"text"_s); !t.isNull(); t = t.nextSiblingElement(u"text"_s)) {
                const QList<Okb::TextSpan> spans = index.spansOf(langOf(t.attribute(u"lang"_s)), t.attribute(u"block"_s).toInt(), t.attribute(u"from"_s).toInt(), t.attribute(u"to"_s).toInt());
                for (const Okb::TextSpan &s : spans) {
                    if (!boxesByPage.contains(s.page)) {
                        pageOrder.append(s.page);
                    }
                    for (int i = s.index; i < s.index + s.count; ++i) {
                        boxesByPage[s.page].append(i);
                    }
                }
            }
            if (boxesByPage.isEmpty()) {
                out.kept.append(itemXml(item));
                continue;
            }
            for (int pg : std::as_const(pageOrder)) {
                const QList<QRectF> lines = lineRects(layout.pages.at(pg), boxesByPage.value(pg));
                if (lines.isEmpty()) {
                    continue;
                }
                std::unique_ptr<Okular::Annotation> piece(pg == pageOrder.first() ? a.release() : create(item));
                if (!piece) {
                    continue;
                }
                auto *h = static_cast<Okular::HighlightAnnotation *>(piece.get());
                h->highlightQuads().clear();
                QRectF all;
                for (const QRectF &pt : lines) {
                    const QRectF r = normalized(pt, pageSize);
                    all = all.isNull() ? r : all.united(r);
                    Okular::HighlightAnnotation::Quad q;
                    q.setCapStart(false);
                    q.setCapEnd(false);
                    q.setFeather(1.0);
                    q.setPoint(Okular::NormalizedPoint(r.left(), r.bottom()), 0);
                    q.setPoint(Okular::NormalizedPoint(r.right(), r.bottom()), 1);
                    q.setPoint(Okular::NormalizedPoint(r.right(), r.top()), 2);
                    q.setPoint(Okular::NormalizedPoint(r.left(), r.top()), 3);
                    h->highlightQuads().append(q);
                }
                h->setBoundingRectangle(Okular::NormalizedRect(all.left(), all.top(), all.right(), all.bottom()));
                out.placed.append({pg, piece.release()});
            }
            continue;
        }
        // Anything else moves with the character it was next to.
        const QDomElement at = item.firstChildElement(u"at"_s);
        int pg = -1;
        int box = -1;
        if (!at.isNull()
            && index.locate(Okb::TextAnchor{langOf(at.attribute(u"lang"_s)), at.attribute(u"block"_s).toInt(), at.attribute(u"offset"_s).toInt()}, &pg, &box)) {
            const QRectF r = normalized(layout.pages.at(pg).text.at(box).rect, pageSize);
            const Okular::NormalizedRect br = a->boundingRectangle();
            const auto finite = [](double v) {
                return std::isfinite(v) ? v : 0.0;
            };
            const double x = std::clamp(r.left() + finite(at.attribute(u"dx"_s).toDouble()), 0.0, std::max(0.0, 1.0 - br.width()));
            const double y = std::clamp(r.top() + finite(at.attribute(u"dy"_s).toDouble()), 0.0, std::max(0.0, 1.0 - br.height()));
            a->translate(Okular::NormalizedPoint(x - br.left, y - br.top));
            out.placed.append({pg, a.release()});
            continue;
        }
        out.kept.append(itemXml(item));
    }
    return out;
}

bool toPageAnnotation(const Okular::Annotation *a, int page, const QSizeF &pagePt, Okb::PageAnnotation *out)
{
    using Kind = Okb::PageAnnotation::Kind;
    auto pt = [&](const Okular::NormalizedPoint &p) {
        return QPointF(p.x * pagePt.width(), p.y * pagePt.height());
    };
    Okb::PageAnnotation r;
    r.page = page;
    const Okular::NormalizedRect br = a->boundingRectangle();
    r.rect = QRectF(QPointF(br.left * pagePt.width(), br.top * pagePt.height()), QPointF(br.right * pagePt.width(), br.bottom * pagePt.height()));
    r.color = a->style().color();
    r.opacity = a->style().opacity();
    r.width = a->style().width();
    r.contents = a->contents();
    r.author = a->author();
    r.uniqueName = a->uniqueName();
    r.created = a->creationDate();
    r.modified = a->modificationDate();
    switch (a->subType()) {
    case Okular::Annotation::AHighlight: {
        const auto *h = static_cast<const Okular::HighlightAnnotation *>(a);
        switch (h->highlightType()) {
        case Okular::HighlightAnnotation::Underline:
            r.kind = Kind::Underline;
            break;
        case Okular::HighlightAnnotation::StrikeOut:
            r.kind = Kind::StrikeOut;
            break;
        case Okular::HighlightAnnotation::Squiggly:
            r.kind = Kind::Squiggly;
            break;
        default:
            r.kind = Kind::Highlight;
            break;
        }
        for (const Okular::HighlightAnnotation::Quad &q : h->highlightQuads()) {
            // Okular: points 0,1 bottom edge, 2,3 top edge; ours: top-left, top-right, bottom-right, bottom-left.
            r.quads.append(QPolygonF({pt(q.point(3)), pt(q.point(2)), pt(q.point(1)), pt(q.point(0))}));
        }
        break;
    }
    case Okular::Annotation::AText: {
        const auto *t = static_cast<const Okular::TextAnnotation *>(a);
        r.kind = t->textType() == Okular::TextAnnotation::InPlace ? Kind::FreeText : Kind::Note;
        if (r.kind == Kind::FreeText) {
            if (t->textColor().isValid()) {
                r.textColor = t->textColor();
            }
            if (t->textFont().pointSizeF() > 0) {
                r.fontSize = t->textFont().pointSizeF();
            }
        }
        break;
    }
    case Okular::Annotation::AInk:
        r.kind = Kind::Ink;
        for (const QList<Okular::NormalizedPoint> &path : static_cast<const Okular::InkAnnotation *>(a)->inkPaths()) {
            QPolygonF poly;
            for (const Okular::NormalizedPoint &p : path) {
                poly.append(pt(p));
            }
            r.paths.append(poly);
        }
        break;
    case Okular::Annotation::ALine: {
        r.kind = Kind::Line;
        QPolygonF poly;
        for (const Okular::NormalizedPoint &p : static_cast<const Okular::LineAnnotation *>(a)->linePoints()) {
            poly.append(pt(p));
        }
        r.paths.append(poly);
        break;
    }
    case Okular::Annotation::AGeom:
        r.kind = static_cast<const Okular::GeomAnnotation *>(a)->geometricalType() == Okular::GeomAnnotation::InscribedCircle ? Kind::Circle : Kind::Square;
        r.interiorColor = static_cast<const Okular::GeomAnnotation *>(a)->geometricalInnerColor();
        break;
    default:
        return false;
    }
    *out = r;
    return true;
}

} // namespace AnnotationStore
