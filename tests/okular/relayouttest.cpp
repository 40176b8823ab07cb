// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Settings that change the layout reach an open document: Okular calls the generator's
// reparseConfig() when its settings dialog applies; the generator then asks the Okular part that
// shows the file to reload through the part's D-Bus interface (org.kde.okular at /okular, in the
// same process). A stand-in part object is registered here, as okular's Part does; the test runs
// in its own D-Bus session (dbus-run-session).

#include <okular/core/document.h>
#include <okular/core/generator.h>
#include <okular/core/page.h>
#include <okular/core/area.h>
#include <okular/core/textpage.h>
#include <okular/core/settings_core.h>
#include <okular/interfaces/configinterface.h>

#include <KConfigDialog>
#include <KConfigSkeleton>
#include <KPluginFactory>
#include <KPluginMetaData>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QSet>
#include <QPushButton>

#include <QDBusConnection>
#include <QDir>
#include <QFile>
#include <QMimeDatabase>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

class FakePart : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.okular")

public:
    QString document;
    int reloads = 0;

public Q_SLOTS:
    Q_SCRIPTABLE QString currentDocument()
    {
        return QUrl::fromLocalFile(document).toString();
    }
    Q_SCRIPTABLE void reload()
    {
        ++reloads;
        Q_EMIT reloaded();
    }
    Q_SCRIPTABLE void goToPage(uint page)
    {
        Q_EMIT wentToPage(page);
    }

Q_SIGNALS:
    void reloaded();
    void wentToPage(uint page);
};

static QString latin(const QString &s)
{
    QString out;
    for (const QChar c : s) {
        if (c.script() == QChar::Script_Latin) {
            out += c;
        }
    }
    return out;
}

static const QString s_reference = QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt");

static Okular::Document::OpenResult openReference(Okular::Document &doc)
{
    return doc.openDocument(s_reference, QUrl::fromLocalFile(s_reference), QMimeDatabase().mimeTypeForFile(s_reference));
}

// The stand-in part on the session bus at /okular, showing the reference sample, for the length of
// a test (also when a check fails half-way, so the next test can register again).
struct PartOnBus {
    FakePart part;
    bool registered = false;
    PartOnBus()
    {
        part.document = s_reference;
        registered = QDBusConnection::sessionBus().registerObject(u"/okular"_s, &part, QDBusConnection::ExportScriptableSlots);
    }
    ~PartOnBus()
    {
        QDBusConnection::sessionBus().unregisterObject(u"/okular"_s);
    }
};

class RelayoutTest : public QObject
{
    Q_OBJECT

private:
    static void writeMode(const QString &mode)
    {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QVERIFY(QDir().mkpath(dir));
        QFile rc(dir + u"/okular-generator-bilingualrc"_s);
        QVERIFY(rc.open(QIODevice::WriteOnly | QIODevice::Truncate));
        rc.write("[Layout]\nMode=" + mode.toLatin1() + "\n");
    }

    // Our generator, from the same plugin Okular loads; null (and *error) if it does not load.
    static std::unique_ptr<Okular::Generator> ourGenerator(QString *error)
    {
        const KPluginMetaData md(QStringLiteral(OKB_PLUGIN_PATH));
        auto factory = KPluginFactory::loadFactory(md);
        if (!factory.plugin) {
            *error = factory.errorString;
            return nullptr;
        }
        return std::unique_ptr<Okular::Generator>(factory.plugin->create<Okular::Generator>());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QDBusConnection::sessionBus().isConnected(), "run under dbus-run-session");
        Okular::SettingsCore::instance(u"okb-relayouttest"_s);
    }

    void settingsChangeReloadsThePart()
    {
        writeMode(u"SourceOrder"_s);
        PartOnBus bus;
        QVERIFY(bus.registered);
        FakePart &part = bus.part;

        Okular::Document doc(nullptr);
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        const uint sourcePages = doc.pages();

        // A setting that does not change the layout: no reload.
        doc.reparseConfig();
        QTest::qWait(200);
        QCOMPARE(part.reloads, 0);

        // The reading mode changes: the part is asked to reload, once.
        writeMode(u"Interlinear"_s);
        QSignalSpy reloaded(&part, &FakePart::reloaded);
        doc.reparseConfig();
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(part.reloads, 1);

        // What the part's reload does: close and open again; the new layout has other pages.
        doc.closeDocument();
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        QVERIFY2(doc.pages() != sourcePages, qPrintable(u"%1 pages in both modes"_s.arg(sourcePages)));
        doc.closeDocument();
    }

    // After a relayout the reader is taken to the page where the text they were reading went.
    void relayoutKeepsTheReadingPosition()
    {
        writeMode(u"SourceOrder"_s);
        PartOnBus bus;
        QVERIFY(bus.registered);
        FakePart &part = bus.part;
        Okular::Document doc(nullptr);
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        const int readingPage = 2; // English, in source order
        QVERIFY(int(doc.pages()) > readingPage);
        doc.setViewportPage(readingPage);
        doc.requestTextPage(readingPage);
        const QString atTop = latin(doc.page(readingPage)->text()).left(40);
        QVERIFY(atTop.size() == 40);

        writeMode(u"Interlinear"_s);
        QSignalSpy reloaded(&part, &FakePart::reloaded);
        QSignalSpy went(&part, &FakePart::wentToPage);
        doc.reparseConfig();
        QVERIFY(reloaded.wait(5000));
        doc.closeDocument();
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        QVERIFY(went.wait(5000));
        const uint page = went.at(0).at(0).toUInt(); // 1-based, as Okular's goToPage
        QVERIFY(page >= 1 && page <= doc.pages());
        QVERIFY(int(page - 1) != readingPage); // interlinear pages hold less English: a later page
        doc.requestTextPage(page - 1);
        QVERIFY2(latin(doc.page(page - 1)->text()).contains(atTop),
                 qPrintable(u"page %1 does not hold the text that topped page %2: %3"_s.arg(page).arg(readingPage + 1).arg(atTop)));
        doc.closeDocument();
    }

    // At the top of the first page (the titles) in a mode that shows both languages there, a new
    // layout opens at the start of the article too: not where the Chinese title went (source
    // order has it pages later).
    void startOfTheArticleStaysAtTheStart_data()
    {
        QTest::addColumn<QString>("from");
        QTest::newRow("side by side") << u"SideBySide"_s;
        QTest::newRow("interlinear") << u"Interlinear"_s;
        QTest::newRow("facing pages") << u"FacingPages"_s;
    }
    void startOfTheArticleStaysAtTheStart()
    {
        QFETCH(QString, from);
        writeMode(from);
        PartOnBus bus;
        QVERIFY(bus.registered);
        FakePart &part = bus.part;
        Okular::Document doc(nullptr);
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        doc.setViewportPage(0);

        writeMode(u"SourceOrder"_s);
        QSignalSpy reloaded(&part, &FakePart::reloaded);
        QSignalSpy went(&part, &FakePart::wentToPage);
        doc.reparseConfig();
        QVERIFY(reloaded.wait(5000));
        doc.closeDocument();
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        QVERIFY(went.wait(5000));
        QCOMPARE(went.at(0).at(0).toUInt(), 1u); // 1-based: the first page
        doc.closeDocument();
    }


    // English only -> Chinese only (neither shows the other's text): the reader is taken to the
    // Chinese of the sentence they were reading, not left on the old page number.
    void englishOnlyToChineseOnlyGoesToTheTranslation()
    {
        writeMode(u"EnglishOnly"_s);
        PartOnBus bus;
        QVERIFY(bus.registered);
        FakePart &part = bus.part;
        Okular::Document doc(nullptr);
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        const QString english = u"A. Regarding the Korean situation."_s;
        int page = -1;
        double top = 0;
        for (uint i = 0; i < doc.pages() && page < 0; ++i) {
            doc.requestTextPage(i);
            if (std::unique_ptr<Okular::RegularAreaRect> found(doc.page(i)->findText(0, english, Okular::FromTop, Qt::CaseSensitive)); found && !found->isEmpty()) {
                page = int(i);
                top = found->first().top;
            }
        }
        QVERIFY2(page >= 1, "the sentence is on a later page in English only");
        Okular::DocumentViewport vp(page);
        vp.rePos.enabled = true;
        vp.rePos.normalizedX = 0;
        vp.rePos.normalizedY = top;
        vp.rePos.pos = Okular::DocumentViewport::TopLeft;
        doc.setViewport(vp);

        writeMode(u"ChineseOnly"_s);
        QSignalSpy reloaded(&part, &FakePart::reloaded);
        QSignalSpy went(&part, &FakePart::wentToPage);
        doc.reparseConfig();
        QVERIFY(reloaded.wait(5000));
        doc.closeDocument();
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        QVERIFY2(went.wait(10000), "no page to go to");
        const uint target = went.at(0).at(0).toUInt(); // 1-based
        QVERIFY(target >= 1 && target <= doc.pages());
        doc.requestTextPage(target - 1);
        QVERIFY2(doc.page(target - 1)->text().contains(u"甲、关于朝鲜局势。"_s), qPrintable(u"page %1"_s.arg(target)));
        doc.closeDocument();
    }

    // The backend page in a settings dialog, as Okular shows it (Settings → Configure Backends):
    // choosing a mode and pressing Apply writes the setting, and the open document is laid out
    // again in that mode.
    void settingsDialogChangesTheOpenDocument()
    {
        writeMode(u"SourceOrder"_s);
        PartOnBus bus;
        QVERIFY(bus.registered);
        FakePart &part = bus.part;
        Okular::Document doc(nullptr);
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        const uint sourcePages = doc.pages();
        QCOMPARE(doc.documentInfo().get(u"ReadingMode"_s), u"Source order"_s);

        // Our generator's page, from the same plugin Okular loaded.
        QString error;
        const std::unique_ptr<Okular::Generator> gen = ourGenerator(&error);
        QVERIFY2(gen, qPrintable(error));
        auto *config = qobject_cast<Okular::ConfigInterface *>(gen.get());
        QVERIFY(config);
        KConfigSkeleton dialogConfig(u"okb-relayouttest-dialogrc"_s);
        KConfigDialog dialog(nullptr, u"okb_backend_settings"_s, &dialogConfig);
        config->addPages(&dialog);
        auto *mode = dialog.findChild<QComboBox *>(u"kcfg_Mode"_s);
        QVERIFY(mode);
        QCOMPARE(mode->currentIndex(), 0); // source order, from the settings file
        QVERIFY(dialog.findChild<QCheckBox *>(u"kcfg_SentenceNumbers"_s));
        QVERIFY(dialog.findChild<QComboBox *>(u"kcfg_PaperSize"_s));
        // What Okular does when the dialog applies: reparse the configuration of the document.
        connect(&dialog, &KConfigDialog::settingsChanged, &doc, [&doc] {
            doc.reparseConfig();
        });
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // As a user does (the dialog manager listens to the combo's "activated"): two steps down.
        mode->setFocus();
        QTest::keyClick(mode, Qt::Key_Down);
        QTest::keyClick(mode, Qt::Key_Down);
        QCOMPARE(mode->currentIndex(), 2); // side by side
        QDialogButtonBox *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons && buttons->button(QDialogButtonBox::Apply));
        QTRY_VERIFY(buttons->button(QDialogButtonBox::Apply)->isEnabled());
        QSignalSpy reloaded(&part, &FakePart::reloaded);
        buttons->button(QDialogButtonBox::Apply)->click();

        // Written to the backend's settings file ...
        QFile rc(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/okular-generator-bilingualrc"_s);
        QVERIFY(rc.open(QIODevice::ReadOnly));
        const QByteArray written = rc.readAll();
        QVERIFY2(written.contains("Mode=SideBySide"), written.constData());
        // ... and the part showing the file reloads it, now in two columns.
        QVERIFY(reloaded.wait(5000));
        doc.closeDocument();
        QCOMPARE(openReference(doc), Okular::Document::OpenSuccess);
        QCOMPARE(doc.documentInfo().get(u"ReadingMode"_s), u"Side by side"_s);
        qInfo("source order: %u pages, side by side: %u pages", sourcePages, doc.pages());
        dialog.close();
    }

    // The backend page as a reader sees it: the fields of its three groups (Reading, Page, Fonts)
    // start at one x, and sizes read as they are set ("10.5 pt", not "10.50 pt").
    void settingsPageLooksLikeOneForm()
    {
        writeMode(u"SourceOrder"_s);
        QString error;
        const std::unique_ptr<Okular::Generator> gen = ourGenerator(&error);
        QVERIFY2(gen, qPrintable(error));
        auto *config = qobject_cast<Okular::ConfigInterface *>(gen.get());
        QVERIFY(config);
        KConfigSkeleton dialogConfig(u"okb-relayouttest-dialogrc"_s);
        KConfigDialog dialog(nullptr, u"okb_backend_settings_look"_s, &dialogConfig);
        config->addPages(&dialog);
        dialog.resize(900, 900);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSet<int> lefts;
        for (const QString &name : {u"kcfg_Mode"_s, u"kcfg_AlignLevel"_s, u"kcfg_PaperSize"_s, u"kcfg_MarginTop"_s, u"kcfg_LatinFamily"_s, u"kcfg_LatinSize"_s, u"kcfg_LineSpacing"_s}) {
            auto *w = dialog.findChild<QWidget *>(name);
            QVERIFY2(w, qPrintable(name));
            lefts.insert(w->mapTo(&dialog, QPoint(0, 0)).x());
        }
        QCOMPARE(lefts.size(), 1);
        auto *size = dialog.findChild<QDoubleSpinBox *>(u"kcfg_LatinSize"_s);
        QVERIFY(size);
        QCOMPARE(size->text(), u"10.5 pt"_s);
        auto *spacing = dialog.findChild<QDoubleSpinBox *>(u"kcfg_LineSpacing"_s);
        QVERIFY(spacing);
        QCOMPARE(spacing->text(), u"1.45"_s);
        dialog.close();
    }
};

QTEST_MAIN(RelayoutTest)
#include "relayouttest.moc"
