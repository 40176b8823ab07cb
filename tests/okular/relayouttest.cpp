// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Settings that change the layout reach an open document: Okular calls the generator's
// reparseConfig() when its settings dialog applies; the generator then asks the Okular part that
// shows the file to reload through the part's D-Bus interface (org.kde.okular at /okular, in the
// same process). A stand-in part object is registered here, as okular's Part does; the test runs
// in its own D-Bus session (dbus-run-session).

#include <okular/core/document.h>
#include <okular/core/settings_core.h>

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

Q_SIGNALS:
    void reloaded();
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

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QDBusConnection::sessionBus().isConnected(), "run under dbus-run-session");
        Okular::SettingsCore::instance(u"okb-relayouttest"_s);
    }

    void settingsChangeReloadsThePart()
    {
        const QString path = QStringLiteral(OKB_TEST_DATA_DIR "/samples/000_7d941ea5db1c98f2.txt");
        writeMode(u"SourceOrder"_s);
        FakePart part;
        part.document = path;
        QVERIFY(QDBusConnection::sessionBus().registerObject(u"/okular"_s, &part, QDBusConnection::ExportScriptableSlots));

        Okular::Document doc(nullptr);
        QCOMPARE(doc.openDocument(path, QUrl::fromLocalFile(path), QMimeDatabase().mimeTypeForFile(path)), Okular::Document::OpenSuccess);
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
        QCOMPARE(doc.openDocument(path, QUrl::fromLocalFile(path), QMimeDatabase().mimeTypeForFile(path)), Okular::Document::OpenSuccess);
        QVERIFY2(doc.pages() != sourcePages, qPrintable(u"%1 pages in both modes"_s.arg(sourcePages)));
        QDBusConnection::sessionBus().unregisterObject(u"/okular"_s);
    }
};

QTEST_MAIN(RelayoutTest)
#include "relayouttest.moc"
