// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// okb-open-profile: where the time of opening one article goes (parse, align, lay out), the first
// time in a fresh process and again in the same process (what is start-up cost, what is work).
//   ./dev exec build/bin/okb-open-profile FILE [MODE] [REPEATS]
// MODE: SourceOrder (default), Interlinear, SideBySide, FacingPages, EnglishOnly, ChineseOnly.

#include "align/aligner.h"
#include "align/dictionary.h"
#include "layout/layoutengine.h"
#include "layout/typesetter.h"
#include "paint/pagepainter.h"
#include "parse/articleparser.h"

#include <KLocalizedString>

#include <malloc.h>

#include <QFontDatabase>
#include <QRawFont>
#include <QImage>
#include <QPainter>
#include <QTextLayout>

#include <thread>

#include <time.h>

#include <unicode/ubrk.h>

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QElapsedTimer total;
    total.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    const double appMs = total.nsecsElapsed() / 1e6;
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: okb-open-profile FILE [MODE] [REPEATS]\n";
        return 2;
    }
    const QString mode = args.value(2, u"SourceOrder"_s);
    const int repeats = std::max(1, args.value(3, u"2"_s).toInt());
    Okb::LayoutSettings settings;
    const QStringList names = {u"SourceOrder"_s, u"Interlinear"_s, u"SideBySide"_s, u"FacingPages"_s, u"EnglishOnly"_s, u"ChineseOnly"_s};
    settings.mode = Okb::LayoutMode(std::max(0, int(names.indexOf(mode))));
    QTextStream out(stdout);
    out << "QGuiApplication: " << appMs << " ms\n";
    if (qEnvironmentVariableIntValue("OKB_PROFILE_STEPS")) {
        // The start-up costs one by one, each before anything else touched it.
        const auto anonKiB = [] {
            QFile f(u"/proc/self/status"_s);
            const QString st = f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()) : QString();
            const qsizetype at = st.indexOf(u"RssAnon:"_s);
            return at < 0 ? -1 : st.mid(at + 8, st.indexOf(u'\n', at) - at - 8).simplified().split(u' ').value(0).toLongLong();
        };
        const auto step = [&](const char *what, auto &&f) {
            QElapsedTimer t;
            t.start();
            const qint64 before = anonKiB();
            f();
            out << "  " << what << ": " << t.nsecsElapsed() / 1e6 << " ms, heap +" << (anonKiB() - before) << " KiB\n";
        };
        step("QFontDatabase::families", [] {
            (void)QFontDatabase::families();
        });
        step("QRawFont Noto Serif", [] {
            QFont f(u"Noto Serif"_s);
            f.setPointSizeF(10.5);
            (void)QRawFont::fromFont(f).glyphIndexesForString(u"The"_s);
        });
        step("QRawFont Noto Serif CJK SC", [] {
            QFont f(u"Noto Serif CJK SC"_s);
            f.setPointSizeF(10.5);
            (void)QRawFont::fromFont(f).glyphIndexesForString(u"中国"_s);
        });
        // a line of text laid out in a font of these families (size 0: the default), bold or not
        const auto layOut = [](const QStringList &families, qreal pointSize, bool bold, const QString &text) {
            QFont f;
            f.setFamilies(families);
            if (pointSize > 0) {
                f.setPointSizeF(pointSize);
            }
            if (bold) {
                f.setWeight(QFont::Bold);
            }
            QTextLayout l(text, f);
            l.beginLayout();
            l.createLine().setLineWidth(300);
            l.endLayout();
            (void)l.glyphRuns();
        };
        const auto rawFont = [](const QString &family, qreal pointSize, const QString &text) {
            QFont f(family);
            f.setPointSizeF(pointSize);
            (void)QRawFont::fromFont(f).glyphIndexesForString(text);
        };
        step("QTextLayout Latin+CJK", [&] {
            layOut({u"Noto Serif"_s, u"Noto Serif CJK SC"_s}, 0, false, u"The 中国 people."_s);
        });
        step("QRawFont Noto Serif 12 (a second size)", [&] {
            rawFont(u"Noto Serif"_s, 12, u"The"_s);
        });
        step("QTextLayout Latin+CJK 12 pt (a second size)", [&] {
            layOut({u"Noto Serif"_s, u"Noto Serif CJK SC"_s}, 12, false, u"The 中国 people."_s);
        });
        step("QTextLayout CJK bold 16 pt", [&] {
            layOut({u"Noto Serif CJK SC"_s, u"Noto Serif"_s}, 16, true, u"中国人民"_s);
        });
        step("QTextLayout CJK bold 17 pt (a second size)", [&] {
            layOut({u"Noto Serif CJK SC"_s, u"Noto Serif"_s}, 17, true, u"中国人民"_s);
        });
        step("ubrk_open line zh", [] {
            UErrorCode status = U_ZERO_ERROR;
            UBreakIterator *bi = ubrk_open(UBRK_LINE, "zh", nullptr, 0, &status);
            ubrk_close(bi);
        });
        step("hyphenation dictionary", [] {
            Okb::Detail::preloadHyphenation();
        });
        step("i18n", [] {
            (void)i18nc("fault legend", "omitted in English");
        });
        step("CC-CEDICT", [] {
            (void)Okb::ChineseEnglishDictionary::shared();
        });
        step("Typesetter()", [] {
            Okb::Detail::Typesetter ts;
        });
        step("Typesetter() again", [] {
            Okb::Detail::Typesetter ts;
        });
    }
    // Memory: resident now, its peak so far, and the heap in use (mallinfo2: what is allocated, not
    // what malloc keeps free), in MiB.
    const auto memory = [&out](const char *when) {
        QFile status(u"/proc/self/status"_s);
        qint64 rss = 0;
        qint64 hwm = 0;
        qint64 anon = 0;
        qint64 file = 0;
        if (status.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : status.readAll().split('\n')) {
                const QList<QByteArray> f = line.simplified().split(' ');
                if (f.size() >= 2 && f.at(0) == "VmRSS:") {
                    rss = f.at(1).toLongLong();
                } else if (f.size() >= 2 && f.at(0) == "VmHWM:") {
                    hwm = f.at(1).toLongLong();
                } else if (f.size() >= 2 && f.at(0) == "RssAnon:") {
                    anon = f.at(1).toLongLong();
                } else if (f.size() >= 2 && f.at(0) == "RssFile:") {
                    file = f.at(1).toLongLong();
                }
            }
        }
        const struct mallinfo2 mi = mallinfo2();
        out << "  memory " << when << ": rss " << rss / 1024 << " MiB, peak " << hwm / 1024 << " MiB (anonymous " << anon / 1024 << ", files " << file / 1024 << "), heap in use " << qint64(mi.uordblks + mi.hblkhd) / (1024 * 1024)
            << " MiB\n";
        out.flush();
    };
    memory("before");
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer t;
        t.start();
        Okb::ParseResult parsed = Okb::parseArticleFile(args.at(1));
        const double parseMs = t.nsecsElapsed() / 1e6;
        if (!parsed.ok) {
            out << "parse error: " << parsed.error << '\n';
            return 1;
        }
        memory("after parse");
        t.restart();
        Okb::Alignment alignment;
        const bool paired = settings.mode == Okb::LayoutMode::Interlinear || settings.mode == Okb::LayoutMode::SideBySide
            || settings.mode == Okb::LayoutMode::FacingPages;
        if (paired && parsed.article.hasEnglish() && parsed.article.hasChinese()) {
            alignment = Okb::alignArticle(parsed.article, {});
        }
        const double alignMs = t.nsecsElapsed() / 1e6;
        memory("after align");
        const auto processCpuMs = [] {
            timespec ts{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
            return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
        };
        const double layoutCpu0 = processCpuMs();
        t.restart();
        Okb::LaidOutDocument doc = Okb::layoutArticle(parsed.article, alignment.pairs.isEmpty() ? nullptr : &alignment, settings);
        const double layoutMs = t.nsecsElapsed() / 1e6;
        const double layoutCpuMs = processCpuMs() - layoutCpu0;
        memory("after layout");
        if (qEnvironmentVariableIntValue("OKB_MALLOC_STATS") == 1) {
            malloc_stats();
            // The largest resident file mappings (fonts, dictionaries, libraries).
            QFile smaps(u"/proc/self/smaps"_s);
            if (smaps.open(QIODevice::ReadOnly)) {
                QHash<QString, qint64> byFile;
                QString current;
                for (const QByteArray &line : smaps.readAll().split('\n')) {
                    const QList<QByteArray> f = line.simplified().split(' ');
                    if (f.size() >= 6 && f.at(0).contains('-')) {
                        current = QString::fromUtf8(f.at(5));
                    } else if (f.size() >= 2 && f.at(0) == "Rss:" && !current.isEmpty()) {
                        byFile[current] += f.at(1).toLongLong();
                    }
                }
                QList<std::pair<qint64, QString>> sorted;
                for (auto it = byFile.cbegin(); it != byFile.cend(); ++it) {
                    sorted.append({it.value(), it.key()});
                }
                std::sort(sorted.begin(), sorted.end(), std::greater<>());
                for (qsizetype i = 0; i < std::min<qsizetype>(10, sorted.size()); ++i) {
                    out << "  resident " << sorted.at(i).first / 1024 << " MiB: " << sorted.at(i).second << '\n';
                }
            }
        }
        qsizetype boxes = 0;
        qsizetype runs = 0;
        qsizetype glyphs = 0;
        for (const auto &p : doc.pages) {
            boxes += p.text.size();
            runs += p.glyphs.size();
            for (const auto &g : p.glyphs) {
                glyphs += g.run.glyphIndexes().size();
            }
        }
        if (const QString dump = qEnvironmentVariable("OKB_PROFILE_DUMP"); !dump.isEmpty() && r == 0) {
            QFile f(dump);
            if (f.open(QIODevice::WriteOnly)) {
                QTextStream d(&f);
                for (int pg = 0; pg < doc.pages.size(); ++pg) {
                    const auto &page = doc.pages.at(pg);
                    for (qsizetype i = 0; i < page.text.size(); ++i) {
                        const QRectF r = page.text.rectAt(i);
                        d << pg << ' ' << uint(page.text.charAt(i)) << ' ' << r.x() << ' ' << r.y() << ' ' << r.width() << ' ' << r.height() << '\n';
                    }
                    for (const auto &g : page.glyphs) {
                        d << "g " << g.run.glyphIndexes().size() << ' ' << g.run.positions().value(0).x() << ' ' << g.run.positions().value(0).y();
                        if (qEnvironmentVariableIntValue("OKB_PROFILE_DUMP_ALL") == 1) {
                            // Everything a glyph run paints (for checking that output did not change).
                            d << ' ' << g.font.key() << ' ' << g.pixelSize << ' ' << g.color.name(QColor::HexArgb) << ' ' << g.run.rawFont().familyName();
                            const QList<quint32> idx = g.run.glyphIndexes();
                            const QList<QPointF> pos = g.run.positions();
                            for (qsizetype k = 0; k < idx.size(); ++k) {
                                d << ' ' << idx.at(k) << '@' << pos.value(k).x() << ',' << pos.value(k).y();
                            }
                        }
                        d << '\n';
                    }
                    if (qEnvironmentVariableIntValue("OKB_PROFILE_DUMP_ALL") == 1) {
                        for (const auto &r : page.rules) {
                            d << "r " << r.rect.x() << ' ' << r.rect.y() << ' ' << r.rect.width() << ' ' << r.rect.height() << ' ' << r.color.name() << '\n';
                        }
                        for (const auto &pr : page.pairs) {
                            d << "p " << pr.pair << ' ' << pr.english.x() << ' ' << pr.english.y() << ' ' << pr.english.width() << ' ' << pr.english.height() << ' '
                              << pr.chinese.x() << ' ' << pr.chinese.y() << ' ' << pr.chinese.width() << ' ' << pr.chinese.height() << '\n';
                        }
                    }
                }
                for (const auto &b : doc.blocks) {
                    d << "b " << b.page << ' ' << b.y << ' ' << b.textIndex << ' ' << b.length << ' ' << b.spans.size();
                    if (qEnvironmentVariableIntValue("OKB_PROFILE_DUMP_ALL") == 1) {
                        d << ' ' << int(b.language) << ' ' << b.block << ' ' << b.offset << ' ' << b.pair << ' ' << int(b.kind);
                        for (const auto &sp : b.spans) {
                            d << ' ' << sp.page << ':' << sp.index << ':' << sp.count << ':' << sp.units;
                        }
                    }
                    d << '\n';
                }
                for (const auto &t : doc.toc) {
                    d << "t " << t.title << ' ' << t.page << ' ' << t.y << '\n';
                }
            }
        }
        memory("after reading every page");
        if (qEnvironmentVariableIntValue("OKB_PROFILE_RENDER") == 1) {
            // What Okular's pixmap thread pays per page: a thread of its own (cold font engines, as
            // Okular's), each page built from its recipe, then painted 800 px wide.
            std::thread([&] {
                for (int pg = 0; pg < std::min<int>(4, int(doc.pages.size())); ++pg) {
                    // thread CPU time: what the work costs, also on a loaded machine
                    const auto cpuMs = [] {
                        timespec ts{};
                        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
                        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
                    };
                    const double t0 = cpuMs();
                    const Okb::LaidOutPage page = doc.pages.at(pg);
                    const double buildMs = cpuMs() - t0;
                    const double t1 = cpuMs();
                    QImage img(800, qRound(800 * doc.pageSize.height() / doc.pageSize.width()), QImage::Format_ARGB32_Premultiplied);
                    img.fill(Qt::white);
                    QPainter painter(&img);
                    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
                    painter.scale(800 / doc.pageSize.width(), 800 / doc.pageSize.width());
                    Okb::paintPage(&painter, doc, pg);
                    painter.end();
                    out << "  page " << (pg + 1) << " in a new thread: build " << buildMs << " ms (" << page.text.size() << " boxes), paint " << cpuMs() - t1
                        << " ms (thread CPU)\n";
                }
            }).join();
        }
        if (qEnvironmentVariableIntValue("OKB_MALLOC_STATS") == 1) {
            // What the finished document holds, part by part (heap in use after dropping each).
            const qsizetype pageCount = doc.pages.size();
            doc.blocks = {};
            memory("without blocks");
            doc.toc = {};
            doc.pages = Okb::PageList();
            memory("without pages");
            doc.pages = QList<Okb::LaidOutPage>(pageCount); // for the summary line below
        }
        out << "open " << (r + 1) << ": parse " << parseMs << " ms, align " << alignMs << " ms, layout " << layoutMs << " ms (process CPU " << layoutCpuMs << " ms); " << doc.pages.size()
            << " pages, " << boxes << " text boxes, " << runs << " glyph runs, " << glyphs << " glyphs\n";
    }
    out << "total " << total.nsecsElapsed() / 1e6 << " ms\n";
    return 0;
}
