// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later

#include "settingspage.h"

#include <KLocalizedString>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace
{
QComboBox *combo(const QString &name, const QStringList &items)
{
    auto *c = new QComboBox;
    c->setObjectName(name);
    c->addItems(items);
    return c;
}

QDoubleSpinBox *spin(const QString &name, double min, double max, double step, const QString &suffix)
{
    auto *s = new QDoubleSpinBox;
    s->setObjectName(name);
    s->setRange(min, max);
    s->setSingleStep(step);
    // As many decimals as the step has: "10.5 pt", "1.45", "20 mm".
    s->setDecimals(step >= 1 ? 0 : (step >= 0.1 ? 1 : 2));
    s->setSuffix(suffix);
    return s;
}

QFontComboBox *fontCombo(const QString &name, QFontDatabase::WritingSystem ws)
{
    auto *f = new QFontComboBox;
    f->setObjectName(name);
    f->setWritingSystem(ws);
    // The setting stores a family name, not a QFont: manage the combo's text.
    f->setProperty("kcfg_property", QByteArray("currentText"));
    f->setProperty("kcfg_propertyNotify", QByteArray(SIGNAL(currentTextChanged(QString))));
    return f;
}

QCheckBox *check(const QString &name, const QString &text)
{
    auto *c = new QCheckBox(text);
    c->setObjectName(name);
    return c;
}
} // namespace

SettingsPage::SettingsPage(QWidget *parent)
    : QWidget(parent)
{
    auto *top = new QVBoxLayout(this);

    auto *reading = new QGroupBox(i18n("Reading"));
    auto *rf = new QFormLayout(reading);
    rf->addRow(i18n("Mode:"),
               combo(u"kcfg_Mode"_s,
                     {i18n("Source order (English, then the Chinese original)"),
                      i18n("Interlinear (each English sentence followed by its Chinese)"),
                      i18n("Side by side (synchronised columns)"),
                      i18n("Facing pages (English left, Chinese right)"),
                      i18n("English only"),
                      i18n("Chinese only")}));
    rf->addRow(i18n("Pair by:"), combo(u"kcfg_AlignLevel"_s, {i18n("Sentence"), i18n("Paragraph")}));
    rf->addRow(QString(), check(u"kcfg_ChineseFirst"_s, i18n("Chinese in the left column")));
    rf->addRow(QString(), check(u"kcfg_FaultMarks"_s, i18n("Mark translation faults and doubtful pairs in the margin")));
    rf->addRow(QString(), check(u"kcfg_SentenceNumbers"_s, i18n("Number the sentence pairs")));
    top->addWidget(reading);

    auto *page = new QGroupBox(i18n("Page"));
    auto *pf = new QFormLayout(page);
    pf->addRow(i18n("Paper size:"), combo(u"kcfg_PaperSize"_s, {i18n("A4"), i18n("US Letter"), i18n("A5")}));
    const QString mm = i18nc("millimetre suffix", " mm");
    pf->addRow(i18n("Top margin:"), spin(u"kcfg_MarginTop"_s, 5, 60, 1, mm));
    pf->addRow(i18n("Bottom margin:"), spin(u"kcfg_MarginBottom"_s, 5, 60, 1, mm));
    pf->addRow(i18n("Left margin:"), spin(u"kcfg_MarginInner"_s, 5, 60, 1, mm));
    pf->addRow(i18n("Right margin:"), spin(u"kcfg_MarginOuter"_s, 5, 60, 1, mm));
    top->addWidget(page);

    auto *fonts = new QGroupBox(i18n("Fonts"));
    auto *ff = new QFormLayout(fonts);
    const QString pt = i18nc("point size suffix", " pt");
    ff->addRow(i18n("English font:"), fontCombo(u"kcfg_LatinFamily"_s, QFontDatabase::Latin));
    ff->addRow(i18n("English size:"), spin(u"kcfg_LatinSize"_s, 6, 24, 0.5, pt));
    ff->addRow(i18n("Chinese font:"), fontCombo(u"kcfg_CjkFamily"_s, QFontDatabase::SimplifiedChinese));
    ff->addRow(i18n("Chinese size:"), spin(u"kcfg_CjkSize"_s, 6, 24, 0.5, pt));
    ff->addRow(i18n("Line spacing:"), spin(u"kcfg_LineSpacing"_s, 1.0, 3.0, 0.05, QString()));
    top->addWidget(fonts);

    // The three groups' fields start at one x, as in one form: each group's labels as wide as the
    // widest of all.
    int labelWidth = 0;
    const QList<QFormLayout *> forms = {rf, pf, ff};
    for (QFormLayout *form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget()) {
                labelWidth = std::max(labelWidth, item->widget()->sizeHint().width());
            }
        }
    }
    for (QFormLayout *form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget()) {
                item->widget()->setMinimumWidth(labelWidth);
            }
        }
    }

    auto *note = new QLabel(i18n("Changing the mode, the page set-up or the fonts lays the document out again: Okular reloads it (annotations you have not saved are kept only if you save them when asked)."));
    note->setWordWrap(true);
    top->addWidget(note);
    top->addStretch(1);
}
