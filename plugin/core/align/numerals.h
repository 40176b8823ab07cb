// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Numbers as alignment anchors: Chinese numerals (一九五一, 二百一十三万零九十五, 十月十八日),
// full-width digits (８．５％) and English numbers (2,130,095, 38th, October, seven) all become
// canonical decimal strings so that both sides can be compared.

#pragma once

#include "okbcore_export.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace Okb
{

// Value of a run of Chinese numeral characters (〇零一二两三四五六七八九十百千万亿), -1 if not a
// number. Runs without unit characters of length >= 3 read digit by digit (一九五一 = 1951).
OKBCORE_EXPORT qint64 chineseNumeralValue(QStringView run);

// Full-width digits, letters and punctuation to ASCII (NFKC), e.g. "８．５％" -> "8.5%".
OKBCORE_EXPORT QString foldWidth(const QString &text);

// Canonical number tokens ("1951", "8.5", "10", "18", "2130095") found in Chinese text.
// Month and day numbers of dates count as numbers; a lone 一 only when it is clearly a number
// (一、, 第一, 一月).
// *mentions (if given) receives the number of numbers in the text (a mention may yield several tokens).
OKBCORE_EXPORT QList<QString> chineseNumbers(const QString &text, int *mentions = nullptr);

// Canonical number tokens in English text: digits with grouping commas, ordinals (18th),
// decimals, month names (October = 10) and number words (one .. twenty, thirty .. ninety, hundred).
OKBCORE_EXPORT QList<QString> englishNumbers(const QString &text, int *mentions = nullptr);

// Leading enumerator value: "一、" "（一）" "甲、" "1、" "I." "A." "1." "(1)" -> 1..; 0 if none.
OKBCORE_EXPORT int chineseEnumerator(const QString &text);
OKBCORE_EXPORT int englishEnumerator(const QString &text);

} // namespace Okb
