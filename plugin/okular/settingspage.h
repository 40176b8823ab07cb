// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#pragma once

#include <QWidget>

// The backend page in Okular's settings (Settings → Configure Backends → Bilingual). Its widgets
// are named kcfg_<Entry>, so KConfigDialog manages them against BilingualSettings (KConfig XT).
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPage(QWidget *parent = nullptr);
};
