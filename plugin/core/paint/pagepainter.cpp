// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "paint/pagepainter.h"
#include "paint/facecache_p.h"

#include "layout/typesetter.h"

#include <QFontDatabase>
#include <QImage>
#include <QPainter>
#include <QRawFont>

#include <algorithm>
#include <cmath>

namespace Okb
{

namespace Detail
{

FaceCache::FaceCache()
    : m_device(1, 1, QImage::Format_ARGB32_Premultiplied)
{
    const int dpm = qRound(72.0 / 0.0254);
    m_device.setDotsPerMeterX(dpm);
    m_device.setDotsPerMeterY(dpm);
}

QRawFont FaceCache::get(const GlyphItem &item)
{
    if (item.pixelSize == m_lastSize && item.font == m_lastFont) {
        return m_last;
    }
    const QString key = faceSizeKey(item.font, item.pixelSize);
    auto it = m_faces.constFind(key);
    if (it == m_faces.constEnd()) {
        QRawFont raw;
        LayoutFaceRequest request;
        if (item.pixelSize > 0 && m_device.logicalDpiY() == 72 && layoutFaceRequest(item.font, item.pixelSize, &request)) {
            // Asked as the layout asked (see LayoutFaceRequest): in the thread that laid the page
            // out, Qt's font cache has that engine already. Taken only if it is the item's face.
            QFont asked(item.font, &m_device);
            asked.setFamilies(request.families);
            asked.setStyleName(QString());
            asked.setWeight(QFont::Weight(request.weight));
            asked.setStyle(QFont::Style(request.style));
            asked.setStyleStrategy(QFont::StyleStrategy(request.strategy));
            asked.setPointSizeF(item.pixelSize);
            raw = QRawFont::fromFont(asked, QFontDatabase::WritingSystem(request.writingSystem));
            if (!raw.isValid() || std::abs(raw.pixelSize() - item.pixelSize) > 1e-6 || raw.familyName() != item.font.family()
                || raw.styleName() != item.font.styleName() || raw.weight() != item.font.weight() || raw.style() != item.font.style()) {
                raw = QRawFont();
            }
        }
        if (!raw.isValid() && item.pixelSize > 0 && m_device.logicalDpiY() == 72) {
            QFont sized(item.font, &m_device);
            sized.setPointSizeF(item.pixelSize);
            raw = QRawFont::fromFont(sized);
        }
        if (!raw.isValid() || std::abs(raw.pixelSize() - item.pixelSize) > 1e-6) {
            raw = QRawFont::fromFont(item.font);
            if (raw.isValid() && item.pixelSize > 0) {
                raw.setPixelSize(item.pixelSize);
            }
        }
        it = m_faces.insert(key, {raw, int(m_faces.size())});
    }
    m_lastFont = item.font;
    m_lastSize = item.pixelSize;
    m_last = it->first;
    m_lastIndex = it->second;
    return m_last;
}

void GlyphTally::add(int face, double emPt, const QList<quint32> &glyphs)
{
    const double em = emPt * m_scale; // device pixels
    // Qt's raster engine draws glyphs this large as paths, without caching them.
    if (face < 0 || em >= 64 || em <= 0) {
        return;
    }
    const quint64 size = quint64(std::lround(em * 16)) & 0xffff;
    const quint64 base = (quint64(face & 0xffff) << 48) | (size << 32);
    // One alpha map in each of the two caches, a little larger than the em square.
    const qint64 perGlyph = 2 * qint64(std::ceil(em * 1.2) * std::ceil(em * 1.2));
    for (const quint32 g : glyphs) {
        if (!m_seen.contains(base | g)) {
            m_seen.insert(base | g);
            m_bytes += perGlyph;
        }
    }
}

void paintLaidOutPage(QPainter *painter, const LaidOutPage &page, FaceCache &faces, const QRectF &visible, GlyphTally *tally)
{
    const bool cull = !visible.isNull();
    painter->save();
    for (const RuleItem &r : page.rules) {
        if (cull && !r.rect.normalized().adjusted(-1, -1, 1, 1).intersects(visible)) {
            continue;
        }
        painter->fillRect(r.rect, r.color);
    }
    QPen pen;
    for (const GlyphItem &g : page.glyphs) {
        const QList<QPointF> positions = g.run.positions();
        if (cull && !positions.isEmpty()) {
            // Where the run's ink can be: its glyph origins, widened by a generous em box (more
            // than any glyph of our faces reaches above, below or beside its origin and advance).
            double minX = positions.first().x();
            double maxX = minX;
            double minY = positions.first().y();
            double maxY = minY;
            for (const QPointF &p : positions) {
                minX = std::min(minX, p.x());
                maxX = std::max(maxX, p.x());
                minY = std::min(minY, p.y());
                maxY = std::max(maxY, p.y());
            }
            const double em = std::max(g.pixelSize, 1.0);
            if (!QRectF(QPointF(minX - em, minY - 1.5 * em), QPointF(maxX + 2.5 * em, maxY + em)).intersects(visible)) {
                continue;
            }
        }
        QGlyphRun run;
        run.setRawFont(faces.get(g));
        if (!run.rawFont().isValid()) {
            continue;
        }
        const QList<quint32> glyphs = g.run.glyphIndexes();
        if (tally) {
            tally->add(faces.lastIndex(), g.pixelSize, glyphs);
        }
        run.setGlyphIndexes(glyphs);
        run.setPositions(positions);
        run.setFlags(g.run.flags());
        if (pen.color() != g.color) {
            pen.setColor(g.color);
        }
        painter->setPen(pen);
        painter->drawGlyphRun(QPointF(0, 0), run);
    }
    painter->restore();
}

QRect requestedPart(const LaidOutDocument &doc, int index, QSize fullSize, QRect target)
{
    if (index < 0 || index >= doc.pages.size() || fullSize.isEmpty() || doc.pageSize.isEmpty()) {
        return QRect();
    }
    if (target.isNull()) {
        target = QRect(QPoint(0, 0), fullSize);
    }
    if (target.isEmpty() || target.width() > 20000 || target.height() > 20000) {
        return QRect();
    }
    return target;
}

QTransform pageToTarget(const LaidOutDocument &doc, QSize fullSize, const QRect &target)
{
    QTransform t;
    t.translate(-target.left(), -target.top());
    t.scale(fullSize.width() / doc.pageSize.width(), fullSize.height() / doc.pageSize.height());
    return t;
}

QRectF beginPagePart(QPainter &painter, const LaidOutDocument &doc, QSize fullSize, const QRect &target, const QRectF &deviceArea)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    const QTransform toDevice = pageToTarget(doc, fullSize, target);
    painter.setTransform(toDevice, true);
    return toDevice.inverted().mapRect(deviceArea);
}

} // namespace Detail

void paintPage(QPainter *painter, const LaidOutDocument &doc, int index)
{
    if (!painter || index < 0 || index >= doc.pages.size()) {
        return;
    }
    Detail::FaceCache faces;
    Detail::paintLaidOutPage(painter, doc.pages.at(index), faces, QRectF());
}

QImage renderPageImage(const LaidOutDocument &doc, int index, int widthPx, int heightPx)
{
    if (widthPx <= 0 || heightPx <= 0 || widthPx > 20000 || heightPx > 20000) {
        return QImage();
    }
    QImage image(widthPx, heightPx, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    if (index < 0 || index >= doc.pages.size() || doc.pageSize.isEmpty()) {
        return image;
    }
    QPainter p(&image);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    p.scale(widthPx / doc.pageSize.width(), heightPx / doc.pageSize.height());
    paintPage(&p, doc, index);
    p.end();
    return image;
}

QImage renderPagePart(const LaidOutDocument &doc, int index, QSize fullSize, QRect target)
{
    target = Detail::requestedPart(doc, index, fullSize, target);
    if (target.isEmpty()) {
        return QImage();
    }
    QImage image(target.size(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        return image;
    }
    image.fill(Qt::white);
    QPainter p(&image);
    const QRectF visible = Detail::beginPagePart(p, doc, fullSize, target, QRectF(QPointF(0, 0), QSizeF(target.size())));
    Detail::FaceCache faces;
    Detail::paintLaidOutPage(&p, doc.pages.at(index), faces, visible);
    p.end();
    return image;
}

} // namespace Okb
