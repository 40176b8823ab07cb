// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Every reading mode through Okular::Document, as Okular shows it: the pages are the core
// layout's pages with the same text in the same order, Okular's search finds phrases of each
// language the mode shows (also over line ends) and none of a language it hides, and a highlight
// made from a search result covers exactly the phrase.

#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "parse/articleparser.h"

#include "../common/okularmarkup.h"

#include <okular/core/annotations.h>
#include <okular/core/area.h>
#include <okular/core/document.h>
#include <okular/core/page.h>
#include <okular/core/settings_core.h>
#include <okular/core/textpage.h>

#include <QDir>
#include <QFile>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Okular::Document::SearchStatus)

namespace
{
const QString s_reference = QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt");
const QString s_longFile = QStringLiteral(OKB_TEST_DATA_DIR "/samples/1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md");

struct Mode {
    const char *config;
    Okb::LayoutMode mode;
    const char *label;
    bool english;
    bool chinese;
};
const Mode s_modes[] = {
    {"SourceOrder", Okb::LayoutMode::SourceOrder, "Source order", true, true},
    {"Interlinear", Okb::LayoutMode::Interlinear, "Interlinear", true, true},
    {"SideBySide", Okb::LayoutMode::SideBySide, "Side by side", true, true},
    {"FacingPages", Okb::LayoutMode::FacingPages, "Facing pages", true, true},
    {"EnglishOnly", Okb::LayoutMode::EnglishOnly, "English only", true, false},
    {"ChineseOnly", Okb::LayoutMode::ChineseOnly, "Chinese only", false, true},
};

// One language's letters (Han or Latin), in order: page text from Okular and from the layout differ in
// spaces and line ends, and Okular reads side-by-side columns one after the other (its own
// reading-order analysis of the page), while the layout lists them pair by pair.
QString letters(const QString &s, bool han)
{
    QString out;
    for (const QChar c : s) {
        if (c.script() == (han ? QChar::Script_Han : QChar::Script_Latin)) {
            out += c;
        }
    }
    return out;
}
} // namespace

class ModesTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_longInShortFile;

    std::unique_ptr<Okular::Document> openIn(const Mode &m, const QString &file = s_reference)
    {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QDir().mkpath(dir);
        QFile rc(dir + u"/okular-generator-bilingualrc"_s);
        if (!rc.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            return nullptr;
        }
        rc.write(QByteArray("[Layout]\nMode=") + m.config + "\n");
        rc.close();
        auto doc = std::make_unique<Okular::Document>(nullptr);
        if (doc->openDocument(file, QUrl::fromLocalFile(file), QMimeDatabase().mimeTypeForFile(file)) != Okular::Document::OpenSuccess) {
            return nullptr;
        }
        for (uint i = 0; i < doc->pages(); ++i) {
            doc->requestTextPage(i);
        }
        return doc;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Okular::Document::SearchStatus>();
        Okular::SettingsCore::instance(u"okb-modestest"_s);
        // The reference sample with its English body twice: over 20k characters in a file under
        // 48 KiB, which the generator parses and starts on as a short file, then aligns as a
        // longer article (BilingualGenerator::loadDocument()).
        QVERIFY(m_tmp.isValid());
        QFile in(s_reference);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(in.readAll());
        const qsizetype body = text.indexOf(u"\n\n"_s) + 2; // after the header lines
        const qsizetype rule = text.indexOf(u"<hr />"_s);
        QVERIFY(body > 2 && rule > body);
        m_longInShortFile = m_tmp.filePath(u"long-in-a-short-file.txt"_s);
        QFile out(m_longInShortFile);
        QVERIFY(out.open(QIODevice::WriteOnly));
        const QByteArray bytes = (text.left(rule) + text.mid(body, rule - body) + text.mid(rule)).toUtf8();
        QVERIFY(bytes.size() < 48 * 1024);
        out.write(bytes);
        out.close();
        const Okb::ParseResult parsed = Okb::parseArticleFile(m_longInShortFile);
        QVERIFY(parsed.ok);
        QVERIFY(Okb::Article::textSize(parsed.article.english) + Okb::Article::textSize(parsed.article.chinese) >= 20000);
    }

    void pagesAreTheLayoutsPages_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("file");
        for (int i = 0; i < int(std::size(s_modes)); ++i) {
            QTest::newRow(s_modes[i].config) << i << s_reference;
        }
        // The generator's other ways to an alignment: a longer article in a short file (above), and
        // a file over 48 KiB (the statistics report: parsed and aligned in the painter thread).
        for (int i = 1; i <= 3; ++i) {
            QTest::addRow("%s, long in a short file", s_modes[i].config) << i << m_longInShortFile;
            QTest::addRow("%s, long file", s_modes[i].config) << i << s_longFile;
        }
    }
    void pagesAreTheLayoutsPages()
    {
        QFETCH(int, index);
        QFETCH(QString, file);
        const Mode &m = s_modes[index];
        auto doc = openIn(m, file);
        QVERIFY(doc);
        QCOMPARE(doc->documentInfo().get(u"ReadingMode"_s), QString::fromUtf8(m.label));

        // The same layout made by the core library directly, with the backend's default settings.
        const Okb::ParseResult parsed = Okb::parseArticleFile(file);
        QVERIFY(parsed.ok);
        Okb::LayoutSettings settings;
        settings.mode = m.mode;
        Okb::Alignment alignment;
        const bool paired = m.mode == Okb::LayoutMode::Interlinear || m.mode == Okb::LayoutMode::SideBySide || m.mode == Okb::LayoutMode::FacingPages;
        if (paired) {
            alignment = Okb::alignArticle(parsed.article, Okb::AlignOptions{settings.alignLevel, QString()});
        }
        const Okb::LaidOutDocument layout = Okb::layoutArticle(parsed.article, paired ? &alignment : nullptr, settings);
        QCOMPARE(int(doc->pages()), int(layout.pages.size()));
        for (int i = 0; i < layout.pages.size(); ++i) {
            QString expected;
            for (const Okb::TextBox &b : layout.pages.at(i).text) {
                expected += b.text;
            }
            QCOMPARE(letters(doc->page(i)->text(), false), letters(expected, false));
            QCOMPARE(letters(doc->page(i)->text(), true), letters(expected, true));
        }
    }

    void searchAndHighlight_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("phrase");
        QTest::addColumn<bool>("chinese");
        const QString phrases[][2] = {
            {u"en"_s, u"armistice negotiations"_s},
            {u"en"_s, u"visited Soviet Foreign Minister Vyshinsky, on behalf of the U.S. government, to present an oral statement"_s},
            {u"zh"_s, u"美国政府"_s},
            {u"zh"_s, u"苏联政府同意在美国政府的参加下，审查一切尚未解决的重要问题"_s},
        };
        for (int i = 0; i < int(std::size(s_modes)); ++i) {
            for (const auto &p : phrases) {
                QTest::newRow(qPrintable(QString::fromLatin1(s_modes[i].config) + u'/' + p[1].left(12))) << i << p[1] << (p[0] == u"zh"_s);
            }
        }
    }
    void searchAndHighlight()
    {
        QFETCH(int, index);
        QFETCH(QString, phrase);
        QFETCH(bool, chinese);
        const Mode &m = s_modes[index];
        auto doc = openIn(m);
        QVERIFY(doc);
        const bool shown = chinese ? m.chinese : m.english;

        // Okular's search (the Find bar).
        QSignalSpy spy(doc.get(), &Okular::Document::searchFinished);
        doc->searchText(1, phrase, true, Qt::CaseSensitive, Okular::Document::NextMatch, false, Qt::yellow);
        QVERIFY(spy.count() == 1 || spy.wait(10000));
        QCOMPARE(spy.at(0).at(1).value<Okular::Document::SearchStatus>(), shown ? Okular::Document::MatchFound : Okular::Document::NoMatchFound);
        if (!shown) {
            return;
        }
        // A highlight over the first match covers exactly the phrase (possibly over two lines).
        int pageNo = -1;
        std::unique_ptr<Okular::RegularAreaRect> area;
        for (uint i = 0; i < doc->pages() && !area; ++i) {
            area.reset(doc->page(i)->findText(0, phrase, Okular::FromTop, Qt::CaseSensitive));
            pageNo = int(i);
        }
        QVERIFY(area);
        doc->addPageAnnotation(pageNo, OkbTest::markupOver(*area));
        QCOMPARE(doc->page(pageNo)->annotations().size(), 1);
        static const QRegularExpression ws(u"\\s+"_s);
        QString under = OkbTest::textUnder(doc->page(pageNo), doc->page(pageNo)->annotations().constFirst());
        under.replace(ws, u" "_s);
        QCOMPARE(under.trimmed(), phrase);
    }
};

QTEST_MAIN(ModesTest)
#include "modestest.moc"
