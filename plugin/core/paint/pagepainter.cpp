// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "paint/pagepainter.h"

#include <QHash>
#include <QImage>
#include <QPainter>
#include <QRawFont>

#include <cmath>

namespace Okb
{

namespace
{
// Raw fonts are bound to the thread that created them, so every call re-creates the faces it
// needs in the calling thread. The font is asked for at its exact size on a 72 dpi device (one
// pixel = one point), so that Qt's per-thread font cache hands back the same engine on every call
// and its rasterised glyphs are reused from page to page (QRawFont::setPixelSize() would clone a
// fresh engine with empty glyph caches each time).
class FaceCache
{
public:
    FaceCache()
        : m_device(1, 1, QImage::Format_ARGB32_Premultiplied)
    {
        const int dpm = qRound(72.0 / 0.0254);
        m_device.setDotsPerMeterX(dpm);
        m_device.setDotsPerMeterY(dpm);
    }

    QRawFont get(const GlyphItem &item)
    {
        const QString key = item.font.key() + QLatin1Char('@') + QString::number(item.pixelSize, 'g', 8);
        auto it = m_faces.constFind(key);
        if (it != m_faces.constEnd()) {
            return *it;
        }
        QRawFont raw;
        if (item.pixelSize > 0 && m_device.logicalDpiY() == 72) {
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
        m_faces.insert(key, raw);
        return raw;
    }

private:
    QImage m_device;
    QHash<QString, QRawFont> m_faces;
};
} // namespace

void paintPage(QPainter *painter, const LaidOutDocument &doc, int index)
{
    if (!painter || index < 0 || index >= doc.pages.size()) {
        return;
    }
    const LaidOutPage &page = doc.pages.at(index);
    painter->save();
    for (const RuleItem &r : page.rules) {
        painter->fillRect(r.rect, r.color);
    }
    FaceCache faces;
    QPen pen;
    for (const GlyphItem &g : page.glyphs) {
        QGlyphRun run;
        run.setRawFont(faces.get(g));
        run.setGlyphIndexes(g.run.glyphIndexes());
        run.setPositions(g.run.positions());
        run.setFlags(g.run.flags());
        if (!run.rawFont().isValid()) {
            continue;
        }
        if (pen.color() != g.color) {
            pen.setColor(g.color);
        }
        painter->setPen(pen);
        painter->drawGlyphRun(QPointF(0, 0), run);
    }
    painter->restore();
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

} // namespace Okb
