// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "layout/typesetter.h"

#include <QFile>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGlyphRun>
#include <QGuiApplication>
#include <QMutex>
#include <QRawFont>
#include <QSet>
#include <QtEndian>
#include <QTextLayout>

#include <fontconfig/fontconfig.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

namespace Okb::Detail
{

namespace
{
// Paragraphs longer than this (UTF-16 units) are typeset in windows (typesetLong); no real
// paragraph comes near it.
constexpr int kLongParagraph = 40000;

std::atomic<bool> g_callObserving{false};
QMutex g_callObserverMutex;
std::function<void(const TypesetCall &)> g_callObserver;
}

void setTypesetObserver(std::function<void(const TypesetCall &)> observer)
{
    QMutexLocker lock(&g_callObserverMutex);
    g_callObserver = std::move(observer);
    g_callObserving = bool(g_callObserver);
}

int shareFontFiles(const QStringList &families)
{
    static const bool off = qEnvironmentVariableIsSet("OKB_SHARE_FONTS") && qEnvironmentVariableIntValue("OKB_SHARE_FONTS") == 0;
    if (off || !qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        return 0;
    }
    constexpr qint64 kShareFrom = 4 * 1024 * 1024; // smaller files: a second mapping costs little
    static QMutex mutex;
    static QSet<QString> tried; // families and files looked at already (shared or not)
    QMutexLocker lock(&mutex);
    // The files (and faces in them) of each family as fontconfig lists them: Qt's font database
    // is built from the same list, and does not tell the files.
    QList<std::pair<QString, QList<int>>> files;
    for (const QString &family : families) {
        if (family.isEmpty() || tried.contains(QStringLiteral("family:") + family)) {
            continue;
        }
        tried.insert(QStringLiteral("family:") + family);
        const QByteArray name = family.toUtf8();
        FcPattern *pattern = FcPatternCreate();
        FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8 *>(name.constData()));
        // The upright faces: body text and headings, what every thread sets.
        FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
        FcObjectSet *objects = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_WEIGHT, nullptr);
        FcFontSet *set = FcFontList(nullptr, pattern, objects);
        FcObjectSetDestroy(objects);
        FcPatternDestroy(pattern);
        if (!set) {
            continue;
        }
        for (int i = 0; i < set->nfont; ++i) {
            FcChar8 *file = nullptr;
            int index = 0;
            int weight = 0;
            if (FcPatternGetInteger(set->fonts[i], FC_WEIGHT, 0, &weight) != FcResultMatch || (weight != FC_WEIGHT_REGULAR && weight != FC_WEIGHT_BOLD)) {
                continue; // regular and bold: what the layout uses
            }
            if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch || !file
                || FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index) != FcResultMatch || index < 0 || index > 0xFFFF) {
                continue; // (index > 0xFFFF: a named instance of a variable font)
            }
            const QString path = QFile::decodeName(reinterpret_cast<const char *>(file));
            auto it = std::find_if(files.begin(), files.end(), [&](const auto &f) {
                return f.first == path;
            });
            if (it == files.end()) {
                files.append({path, {index}});
            } else if (!it->second.contains(index)) {
                it->second.append(index);
            }
        }
        FcFontSetDestroy(set);
    }
    if (!files.isEmpty()) {
        // Qt's font database fills itself on first use; an application font registered before
        // that would be replaced by the system entry of the same family and style.
        (void)QFontDatabase::families();
    }
    int shared = 0;
    for (auto &[path, faces] : files) {
        if (tried.contains(path)) {
            continue;
        }
        tried.insert(path);
        QFile file(path);
        const qint64 size = file.size();
        if (size < kShareFrom || !file.open(QIODevice::ReadOnly)) {
            continue;
        }
        // A private mapping for the rest of the process (the font stays registered); QFile::map
        // would unmap it with the QFile. Writable for the collection header below (its page
        // becomes the process's own copy), read-only after that.
        void *map = mmap(nullptr, size_t(size), PROT_READ | PROT_WRITE, MAP_PRIVATE, file.handle(), 0);
        if (map == MAP_FAILED) {
            continue;
        }
        auto *bytes = static_cast<uchar *>(map);
        // A font collection (.ttc: Simplified, Traditional, Japanese, Korean... faces sharing their
        // glyphs) lists only the family's faces: Qt reads the character set of every face it is
        // given (~9 ms for each CJK face). The header is the tag, the version, the number of faces
        // and each face's offset from the file's start; the faces' own table directories, and
        // every table, stay where they are.
        if (size >= 12 && memcmp(bytes, "ttcf", 4) == 0) {
            const quint32 count = qFromBigEndian<quint32>(bytes + 8);
            std::sort(faces.begin(), faces.end());
            if (count > 1 && 12 + qint64(count) * 4 <= size && faces.last() < qint64(count) && faces.size() < qsizetype(count)) {
                QList<quint32> offsets;
                for (int face : std::as_const(faces)) {
                    offsets.append(qFromBigEndian<quint32>(bytes + 12 + 4 * face));
                }
                qToBigEndian<quint32>(quint32(offsets.size()), bytes + 8);
                for (qsizetype k = 0; k < offsets.size(); ++k) {
                    qToBigEndian<quint32>(offsets.at(k), bytes + 12 + 4 * k);
                }
            }
        }
        mprotect(map, size_t(size), PROT_READ);
        // fromRawData: no copy; the application font and every FreeType face made from it read
        // these pages (QFreetypeFace::getFace: FT_New_Memory_Face on the data of ":qmemoryfonts/N").
        const int id = QFontDatabase::addApplicationFontFromData(QByteArray::fromRawData(static_cast<const char *>(map), qsizetype(size)));
        if (id < 0) {
            munmap(map, size_t(size));
            continue;
        }
        ++shared;
    }
    if (shared > 0) {
        Typesetter::releaseKeptCaches(); // (the engines of the faces just replaced)
    }
    return shared;
}

bool isCjk(char32_t c)
{
    if (c < 0x2E80) {
        return false;
    }
    return (c >= 0x2E80 && c <= 0x2FDF) // radicals
        || (c >= 0x3000 && c <= 0x303F) // CJK symbols and punctuation
        || (c >= 0x3040 && c <= 0x30FF) // kana
        || (c >= 0x3100 && c <= 0x31BF) // bopomofo
        || (c >= 0x3200 && c <= 0x9FFF) // enclosed, compatibility, Ext A, URO
        || (c >= 0xF900 && c <= 0xFAFF) // compatibility ideographs
        || (c >= 0xFE30 && c <= 0xFE4F) // compatibility forms
        || (c >= 0xFF00 && c <= 0xFFEF) // full-width forms
        || (c >= 0x20000 && c <= 0x3FFFF); // supplementary ideographs
}

QString boxText(const QChar *units, int count)
{
    if (count != 1) {
        return QString(units, count);
    }
    // 4096 blocks of 16 one-unit strings, each block made on first use and published atomically
    // (a racing thread's spare block is dropped); never freed. Small blocks: the Chinese of one
    // page touches a few hundred of them (blocks of 256 made 20k strings, 3.9M instructions, for
    // the 1.6k characters of the reference sample's first interlinear text page).
    constexpr int kBlock = 16;
    static std::atomic<QString *> blocks[0x10000 / kBlock] = {};
    const char16_t u = units->unicode();
    std::atomic<QString *> &slot = blocks[u / kBlock];
    QString *block = slot.load(std::memory_order_acquire);
    if (!block) {
        auto *made = new QString[kBlock];
        const char16_t first = u - u % kBlock;
        for (int i = 0; i < kBlock; ++i) {
            made[i] = QString(QChar(char16_t(first + i)));
        }
        QString *expected = nullptr;
        if (slot.compare_exchange_strong(expected, made, std::memory_order_acq_rel)) {
            block = made;
        } else {
            delete[] made;
            block = expected;
        }
    }
    return block[u % kBlock];
}

Typesetter::Typesetter(Caches caches)
    : m_device(1, 1, QImage::Format_ARGB32_Premultiplied)
{
    // Layout happens on this 72 dpi device so that one logical unit is one PostScript point,
    // whatever the screen's resolution is (QTextLayout scales fonts by the device's logical dpi).
    const int dpm = qRound(72.0 / 0.0254);
    m_device.setDotsPerMeterX(dpm);
    m_device.setDotsPerMeterY(dpm);
    m_dpi = m_device.logicalDpiY();
    if (caches == Caches::ThreadKept) {
        takeKeptCaches();
    }
}

double Typesetter::tabScale(const QFont &font)
{
    // QTextEngine scales tab positions by device dpi / screen dpi; measured once per process
    // (the first time a tab is laid out: most documents have none), so tab stops can be given
    // in points. Thread-safe initialisation of a function-local static. Measured with the
    // paragraph's font, which is loaded already: the stop does not depend on the font (only on
    // its dpi, the device's), and QFont() loaded the default family (two engines, and
    // fontconfig's fallback list for it) for this alone.
    static const double scale = [this, &font] {
        QTextLayout probe(QStringLiteral("\tx"), fontFor(font, u"\tx"), const_cast<QImage *>(&m_device));
        QTextOption opt;
        opt.setTabs({QTextOption::Tab(100, QTextOption::LeftTab)});
        probe.setTextOption(opt);
        probe.beginLayout();
        QTextLine line = probe.createLine();
        line.setLineWidth(1000);
        probe.endLayout();
        const double x = line.cursorToX(1);
        return x > 1 ? 100.0 / x : 1.0;
    }();
    return scale;
}

double Typesetter::fontPointSize(double pt) const
{
    return pt * 72.0 / m_dpi;
}

namespace
{
// Whether QFont::operator== tells fonts apart by their features (Qt 6.8 does); if not, they are
// compared one by one (QFont::featureTags() costs ~3k instructions: every paragraph's font is a
// private copy, see layoutengine.cpp).
bool equalSeesFeatures()
{
    static const bool sees = [] {
        QFont a;
        a.setFeature(QFont::Tag("liga"), 0);
        QFont other = a;
        other.setFeature(QFont::Tag("liga"), 1);
        QFont more = a;
        more.setFeature(QFont::Tag("tnum"), 1);
        return !(a == other) && !(a == more);
    }();
    return sees;
}

} // namespace

// The same font in every respect that shaping sees (QFont::operator== plus what it may not look at).
bool sameFont(const QFont &a, const QFont &b)
{
    if (a.isCopyOf(b)) {
        return true;
    }
    if (!(a == b) || a.families() != b.families() || a.hintingPreference() != b.hintingPreference() || a.capitalization() != b.capitalization()) {
        return false;
    }
    if (equalSeesFeatures()) {
        return true; // (variable axes: compared by operator== too, in the request)
    }
    const QList<QFont::Tag> tags = a.featureTags();
    if (tags != b.featureTags()) {
        return false;
    }
    for (const QFont::Tag t : tags) {
        if (a.featureValue(t) != b.featureValue(t)) {
            return false;
        }
    }
    return a.variableAxisTags().isEmpty() && b.variableAxisTags().isEmpty();
}

namespace
{

const bool g_primaryFamily = !qEnvironmentVariableIsSet("OKB_PRIMARY_FAMILY") || qEnvironmentVariableIntValue("OKB_PRIMARY_FAMILY") != 0;
} // namespace

bool Typesetter::FaceCover::lookUp(char16_t u)
{
    quint16 &b = blockOf[u >> 8];
    if (!b) {
        blocks.emplace_back(); // nothing looked up yet
        b = quint16(blocks.size());
    }
    const quint64 bit = quint64(1) << (u & 63);
    const int word = (u >> 6) & 3;
    if (blocks[b - 1].asked[word] & bit) {
        return blocks[b - 1].has[word] & bit;
    }
    bool found = false;
    if (u == u'\n') {
        found = has(u' '); // typesetFine() shapes a space there, typesetQt() a line separator (never a fallback)
    } else if (QChar::isSurrogate(u)) {
        found = false; // (astral characters: not looked at)
    } else {
        // QRawFont::supportsCharacter() is the engine's glyphIndex() != 0: the very test on
        // which Qt's fallback engine turns to its other families.
        found = raw.isValid() && raw.supportsCharacter(QChar(u));
    }
    Block &k = blocks[b - 1]; // (has(u' ') above may have added a block)
    k.asked[word] |= bit;
    if (found) {
        k.has[word] |= bit;
    }
    return found;
}

Typesetter::PrimaryFont *Typesetter::primaryFont(const QFont &font)
{
    for (PrimaryFont &p : m_primaryFonts) {
        if (font.isCopyOf(p.font)) {
            return &p;
        }
    }
    for (PrimaryFont &p : m_primaryFonts) {
        if (sameFont(font, p.font)) {
            return &p;
        }
    }
    PrimaryFont p;
    p.font = font;
    p.primary = font;
    p.primary.setFamilies({font.families().value(0, font.family())});
    p.face = faceCover(p.primary);
    m_primaryFonts.push_back(std::move(p));
    return &m_primaryFonts.back();
}

int Typesetter::faceCover(const QFont &font)
{
    // The family's engine at the font's size on this device: the one shaping uses.
    const QRawFont raw = QRawFont::fromFont(QFont(font, &m_device));
    const QString face = raw.familyName() + QLatin1Char('\x1f') + raw.styleName();
    auto it = std::find_if(m_faceCovers.begin(), m_faceCovers.end(), [&](const FaceCover &c) {
        return c.face == face;
    });
    if (it == m_faceCovers.end()) {
        FaceCover &c = m_faceCovers.emplace_back();
        c.face = face;
        c.raw = raw;
        it = m_faceCovers.end() - 1;
    }
    return int(it - m_faceCovers.begin());
}

bool Typesetter::splitFonts(const QFont &font, QStringView text)
{
    static const bool on = !qEnvironmentVariableIsSet("OKB_SPLIT_FAMILIES") || qEnvironmentVariableIntValue("OKB_SPLIT_FAMILIES") != 0;
    // Short: one chunk of typesetFine() (no format characters looked for); upright: the second
    // face may have no italic of its own, and Qt's fallback engine would slant it its own way.
    if (!on || !g_primaryFamily || font.families().size() < 2 || font.style() != QFont::StyleNormal || text.isEmpty() || text.size() > 160) {
        return false;
    }
    PrimaryFont *p = primaryFont(font);
    if (p->secondFace < 0) {
        p->second = font;
        p->second.setFamilies({font.families().at(1)});
        const int face = faceCover(p->second);
        p = primaryFont(font); // (found again: the list did not grow)
        p->secondFace = face;
    }
    const QFont::Capitalization caps = font.capitalization();
    const bool upper = caps == QFont::AllUppercase || caps == QFont::SmallCaps;
    FaceCover &first = m_faceCovers[p->face];
    FaceCover &second = m_faceCovers[p->secondFace];
    // Pieces as typesetFine() cuts them: after a run of spaces, between two CJK characters.
    const int n = int(text.size());
    m_splitWhich.assign(n, 0);
    bool anySecond = false;
    for (int a = 0; a < n;) {
        int b = a + 1;
        while (b < n && !((text[b - 1] == u' ' && text[b] != u' ') || (isCjk(text[b - 1].unicode()) && isCjk(text[b].unicode())))) {
            ++b;
        }
        bool inFirst = true;
        bool inSecond = true;
        for (int i = a; i < b; ++i) {
            const char16_t u = text[i].unicode();
            if (u == u'\n' || u == u'\t') {
                return false;
            }
            const bool has = first.has(u) && (!upper || first.has(QChar::toUpper(u)));
            inFirst = inFirst && has;
            inSecond = inSecond && !first.has(u) && isCjk(u) && second.has(u);
        }
        if (!inFirst && !inSecond) {
            return false;
        }
        m_splitWhich[a] = inFirst ? 1 : 2;
        anySecond = anySecond || !inFirst;
        a = b;
    }
    if (!anySecond) {
        return false; // (fontFor() had it)
    }
    m_splitFirst = p->primary;
    m_splitSecond = p->second;
    return true;
}

QFont Typesetter::fontFor(const QFont &font, QStringView text)
{
    if (!g_primaryFamily || font.families().size() < 2 || text.isEmpty()) {
        return font;
    }
    PrimaryFont *p = primaryFont(font);
    FaceCover &face = m_faceCovers[p->face];
    auto covers = [&face](QStringView s) {
        return std::all_of(s.begin(), s.end(), [&face](QChar c) {
            return face.has(c.unicode());
        });
    };
    if (!covers(text)) {
        return font;
    }
    const QFont::Capitalization caps = font.capitalization();
    if ((caps == QFont::AllUppercase || caps == QFont::SmallCaps) && !covers(text.toString().toUpper())) {
        return font;
    }
    return p->primary;
}

void Typesetter::metrics(const QFont &font, double *ascent, double *descent)
{
    const QString key = font.key();
    auto it = m_metrics.constFind(key);
    if (it == m_metrics.constEnd()) {
        // The first family's ascent and descent (Qt's fallback engine gives engine 0's), asked
        // without the fallback families (see fontFor()).
        const QFontMetricsF fm(font.families().size() < 2 || !g_primaryFamily ? font : primaryFont(font)->primary, &m_device);
        it = m_metrics.insert(key, qMakePair(fm.ascent(), fm.descent()));
    }
    *ascent = it->first;
    *descent = it->second;
}

bool isFacelessFont(const QRawFont &raw)
{
    // Every TrueType/OpenType face has a 'head' table; the box engine has no tables at all.
    return raw.isValid() && raw.fontTable("head").isEmpty();
}

QRawFont Typesetter::standInFace(const QRawFont &raw, const QFont &requested)
{
    QRawFont face = QRawFont::fromFont(requested);
    if (!face.isValid() || isFacelessFont(face)) {
        return QRawFont();
    }
    face.setPixelSize(raw.pixelSize());
    return face;
}

QFont Typesetter::faceFont(const QRawFont &raw)
{
    const QString key = raw.familyName() + QLatin1Char('\x1f') + raw.styleName() + QLatin1Char('\x1f') + QString::number(raw.weight()) + QLatin1Char('\x1f')
        + QString::number(int(raw.style()));
    auto it = m_faceFonts.constFind(key);
    if (it != m_faceFonts.constEnd()) {
        return *it;
    }
    QFont f(raw.familyName());
    f.setStyleName(raw.styleName());
    f.setWeight(QFont::Weight(raw.weight()));
    f.setStyle(raw.style());
    f.setHintingPreference(QFont::PreferNoHinting);
    f.setStyleStrategy(QFont::NoFontMerging);
    m_faceFonts.insert(key, f);
    return f;
}

namespace
{
QMutex g_faceRequestsMutex;
QHash<QString, LayoutFaceRequest> g_faceRequests; // by GlyphItem::font's key() and pixel size
}

QString faceSizeKey(const QFont &face, double pixelSize)
{
    return face.key() + QLatin1Char('@') + QString::number(pixelSize, 'g', 8);
}

void noteLayoutFace(const QFont &face, const QString &faceFamily, double pixelSize, const QFont &requested)
{
    const QString key = faceSizeKey(face, pixelSize);
    QMutexLocker lock(&g_faceRequestsMutex);
    if (g_faceRequests.contains(key)) {
        return;
    }
    LayoutFaceRequest r;
    r.weight = requested.weight();
    r.style = int(requested.style());
    const QStringList families = requested.families();
    if (!families.isEmpty() && families.first() == faceFamily && !(requested.styleStrategy() & QFont::NoFontMerging)) {
        // The first family's face: engine 0 of the font's fallback engine, which QRawFont::fromFont
        // hands out for a Latin writing system (no sample character looked up in the fallbacks).
        r.families = families;
        r.strategy = int(requested.styleStrategy());
        r.writingSystem = int(QFontDatabase::Latin);
    } else {
        // A fallback face: Qt asked for it with that one family and no font merging.
        r.families = QStringList{faceFamily};
        r.strategy = int(requested.styleStrategy() | QFont::NoFontMerging);
        r.writingSystem = int(QFontDatabase::Any);
    }
    g_faceRequests.insert(key, r);
}

bool layoutFaceRequest(const QFont &face, double pixelSize, LayoutFaceRequest *out)
{
    const QString key = faceSizeKey(face, pixelSize);
    QMutexLocker lock(&g_faceRequestsMutex);
    const auto it = g_faceRequests.constFind(key);
    if (it == g_faceRequests.constEnd()) {
        return false;
    }
    *out = *it;
    return true;
}

QList<TypesetLine> Typesetter::typeset(const QString &text, const ParaStyle &style, double columnWidth, bool endMark, const QString &layoutText, bool measureOnly)
{
    if (const QFont font = fontFor(style.font, layoutText.size() == text.size() ? layoutText : text); !font.isCopyOf(style.font)) {
        ParaStyle own = style;
        own.font = font;
        return typeset(text, own, columnWidth, endMark, layoutText, measureOnly);
    }
    if (g_callObserving.load(std::memory_order_relaxed)) {
        QMutexLocker lock(&g_callObserverMutex);
        if (g_callObserver) {
            g_callObserver(TypesetCall{text, style, columnWidth, endMark, layoutText});
        }
    }
    // A split paragraph (splitFonts()): for the typesetFine() calls below.
    struct SplitScope {
        Typesetter *t = nullptr;
        ~SplitScope()
        {
            if (t) {
                t->m_split = false;
            }
        }
    } splitScope;
    if (!m_split && layoutText.isEmpty() && splitFonts(style.font, text)) {
        m_split = true;
        splitScope.t = this;
    }
    if (!endMark && text.endsWith(QLatin1Char('\n'))) {
        // The text carries its own end mark: lay out the rest and mark the end as usual.
        return typeset(text.chopped(1), style, columnWidth, true, layoutText.isEmpty() ? QString() : layoutText.chopped(1), measureOnly);
    }
    if (text.isEmpty() && !endMark) {
        return {};
    }
    if (text.size() > kLongParagraph) {
        return typesetLong(text, style, columnWidth, endMark);
    }
    if (layoutText.isEmpty() && !text.contains(QLatin1Char('\t')) && !text.isEmpty()) {
        QList<TypesetLine> lines = typesetFine(text, style, columnWidth, endMark, false, measureOnly && !(style.balance && text.size() < 400));
        if (style.balance && lines.size() > 1 && text.size() < 400) {
            // Narrowest measure that keeps the line count, centred in the column.
            const double full = columnWidth - style.leftIndent - style.rightIndent;
            double lo = full * 0.4;
            double hi = full;
            for (int i = 0; i < 9; ++i) {
                const double mid = (lo + hi) / 2;
                ParaStyle narrow = style;
                narrow.rightIndent += full - mid;
                if (typesetFine(text, narrow, columnWidth, endMark).size() <= lines.size()) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            ParaStyle narrow = style;
            narrow.leftIndent += (full - hi) / 2;
            narrow.rightIndent += (full - hi) / 2;
            narrow.balance = false;
            lines = typesetFine(text, narrow, columnWidth, endMark);
        }
        return lines;
    }
    return typesetQt(text, style, columnWidth, endMark, layoutText);
}

QList<TypesetLine> Typesetter::typesetLong(const QString &text, const ParaStyle &style, double columnWidth, bool endMark)
{
    // A window of kWindow units is typeset; its lines are kept up to kMargin units before the
    // window's end (a line's choice looks ahead about one line, one word and an em), and the next
    // window starts where the kept lines end. A window that keeps nothing (one line longer than
    // the window: zero-width characters, a huge run of spaces) is doubled.
    constexpr int kWindow = 16384;
    constexpr int kMargin = 4096;
    QList<TypesetLine> out;
    const int n = text.size();
    int a = 0;
    int window = kWindow;
    while (a < n) {
        int b = a + window;
        if (b >= n - kMargin) {
            b = n;
        } else if (text.at(b).isLowSurrogate()) {
            ++b;
        }
        QList<TypesetLine> lines = typesetFine(text.mid(a, b - a), style, columnWidth, b == n && endMark, a > 0);
        for (TypesetLine &l : lines) {
            for (LineBox &box : l.boxes) {
                box.offset += box.offset >= 0 ? a : 0;
            }
        }
        if (b == n) {
            out.reserve(out.size() + lines.size());
            for (TypesetLine &l : lines) {
                out.append(std::move(l));
            }
            break;
        }
        int used = 0;
        int keep = 0;
        while (keep < lines.size() && a + used + lines.at(keep).length <= b - kMargin) {
            used += lines.at(keep).length;
            ++keep;
        }
        if (keep == 0 || used == 0) {
            window *= 2;
            continue;
        }
        for (int i = 0; i < keep; ++i) {
            out.append(std::move(lines[i]));
        }
        a += used;
        window = kWindow;
    }
    return out;
}

QList<TypesetLine> Typesetter::typesetQt(const QString &text, const ParaStyle &style, double columnWidth, bool endMark, const QString &layoutText)
{
    QList<TypesetLine> out;
    // A working copy for layout: hard line breaks become U+2028 so that QTextLayout breaks there;
    // the TextBoxes keep the original characters.
    QString work = layoutText.size() == text.size() ? layoutText : text;
    work.replace(QLatin1Char('\n'), QChar::LineSeparator);

    QTextLayout layout(work, style.font, &m_device);
    QTextOption opt;
    opt.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    opt.setUseDesignMetrics(true);
    switch (style.align) {
    case ParaAlign::Justify:
        opt.setAlignment(Qt::AlignJustify);
        break;
    case ParaAlign::Left:
        opt.setAlignment(Qt::AlignLeft);
        break;
    case ParaAlign::Center:
        opt.setAlignment(Qt::AlignHCenter);
        break;
    case ParaAlign::Right:
        opt.setAlignment(Qt::AlignRight);
        break;
    }
    if (!style.tabs.isEmpty()) {
        QList<QTextOption::Tab> tabs = style.tabs;
        // A table measured for a wider measure (a narrow column): squeeze its stops in.
        const double avail = columnWidth - style.leftIndent - style.rightIndent;
        const double lastStop = tabs.constLast().position;
        const double squeeze = lastStop > avail * 0.8 ? avail * 0.8 / lastStop : 1.0;
        for (QTextOption::Tab &t : tabs) {
            t.position *= squeeze * tabScale(style.font);
        }
        opt.setTabs(tabs);
    } else {
        opt.setTabStopDistance(style.font.pointSizeF() * m_dpi / 72.0 * 4 * tabScale(style.font));
    }
    layout.setTextOption(opt);
    layout.setCacheEnabled(true);

    double ascent = 0;
    double descent = 0;
    metrics(style.font, &ascent, &descent);
    // Baseline inside the line's cell: the font's box centred in the pitch.
    const double boxHeight = std::min(ascent + descent, style.pitch);
    const double scale = boxHeight / std::max(1e-6, ascent + descent);
    const double boxAscent = ascent * scale;
    const double baseline = (style.pitch - boxHeight) / 2 + boxAscent;

    layout.beginLayout();
    int lineNo = 0;
    for (;;) {
        QTextLine line = layout.createLine();
        if (!line.isValid()) {
            break;
        }
        const double indent = style.leftIndent + (lineNo == 0 ? style.firstIndent : style.restIndent);
        const double width = std::max(10.0, columnWidth - indent - style.rightIndent);
        line.setLineWidth(width);
        line.setPosition(QPointF(indent, baseline - line.ascent()));
        ++lineNo;
    }
    layout.endLayout();

    const int n = layout.lineCount();
    out.reserve(n);
    QList<double> xs;
    QRawFont noted;
    QRawFont notedFace; // noted, or the face that stands in for it (isFacelessFont())
    bool notedFaceless = false;
    for (int li = 0; li < n; ++li) {
        const QTextLine line = layout.lineAt(li);
        TypesetLine tl;
        tl.pitch = style.pitch;
        tl.length = line.textLength();
        const QList<QGlyphRun> runs = line.glyphRuns();
        for (QGlyphRun run : runs) {
            if (run.glyphIndexes().isEmpty()) {
                continue;
            }
            if (!(run.rawFont() == noted)) { // (a face and size once per paragraph: a key string and a lock)
                noted = run.rawFont();
                notedFaceless = isFacelessFont(noted);
                notedFace = notedFaceless ? standInFace(noted, style.font) : noted;
                if (!notedFaceless || notedFace.isValid()) {
                    noteLayoutFace(faceFont(notedFace), notedFace.familyName(), notedFace.pixelSize(), style.font);
                }
            }
            if (notedFaceless) { // its glyphs: the stand-in face's missing-glyph box
                if (!notedFace.isValid()) {
                    continue; // no installed font can draw them (their text boxes stay)
                }
                run.setRawFont(notedFace);
                run.setGlyphIndexes(QList<quint32>(run.glyphIndexes().size(), 0));
            }
            GlyphItem item;
            item.run = run;
            item.color = style.color;
            item.font = faceFont(notedFace);
            item.pixelSize = notedFace.pixelSize();
            tl.glyphs.append(item);
        }
        const int start = line.textStart();
        const int len = line.textLength();
        const double lineLeft = line.x();
        const double lineRight = line.x() + line.width();
        xs.resize(len + 1);
        for (int k = 0; k <= len; ++k) {
            xs[k] = std::clamp(line.cursorToX(start + k), lineLeft, lineRight);
        }
        tl.boxes.reserve(len + 1);
        const double top = baseline - boxAscent;
        tl.boxTop = top;
        tl.boxHeight = boxHeight;
        for (int k = 0; k < len; ++k) {
            int step = 1;
            if (text.at(start + k).isHighSurrogate() && k + 1 < len && text.at(start + k + 1).isLowSurrogate()) {
                step = 2;
            }
            double x0 = xs[k];
            double x1 = xs[k + step];
            if (x1 < x0) {
                std::swap(x0, x1);
            }
            tl.boxes.push_back(LineBox{float(x0), float(x1 - x0), start + k, step});
            k += step - 1;
        }
        if (li == n - 1 && endMark) {
            const double x = tl.boxes.empty() ? lineLeft : tl.boxes.back().x + tl.boxes.back().width;
            tl.boxes.push_back(LineBox{float(x), 0, -1, 0});
        }
        out.append(std::move(tl));
    }
    if (out.isEmpty()) {
        // Empty paragraph: one empty line carrying the end mark.
        TypesetLine tl;
        tl.pitch = style.pitch;
        tl.boxTop = baseline - boxAscent;
        tl.boxHeight = boxHeight;
        if (endMark) {
            tl.boxes.push_back(LineBox{float(style.leftIndent), 0, -1, 0});
        }
        out.append(tl);
    }
    return out;
}

} // namespace Okb::Detail
