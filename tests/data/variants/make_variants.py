#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regenerates the derived variant files in this folder from ../samples (run from this folder).
# The hand-written variants (*.md without a generator entry below) are edited by hand.
# Output bytes are committed; tests read them, they never run this script.
import pathlib

here = pathlib.Path(__file__).resolve().parent
samples = here.parent / "samples"


def sample(name):
    return (samples / name).read_bytes().decode("utf-8")


notice = sample("1966-05-01_重要通知.md")
addendum = sample("1950-01-01_补注.md")
drugs = sample("1957-06-01_十五种重要药品售价降低.md")
italy = sample("1954-09-02_意共中央关于召开全国代表会议的决议.md")
zibo_raw = (samples / "original-only" / "1946-05-16_淄博专区_培养大批师资.md").read_bytes().decode("utf-8")

# Legacy encodings: strict GBK (a subset of GB18030) so the file is valid in both.
(here / "gbk_1966_notice.md").write_bytes(notice.encode("gbk"))
(here / "gbk_raw_1946_zibo.md").write_bytes(zibo_raw.encode("gbk"))
# UTF-16 with BOM, both byte orders.
(here / "utf16le_bom_1950_addendum.md").write_bytes(b"\xff\xfe" + addendum.encode("utf-16-le"))
(here / "utf16be_bom_1950_addendum.md").write_bytes(b"\xfe\xff" + addendum.encode("utf-16-be"))
# UTF-8 with BOM.
(here / "utf8_bom_1954_italy.md").write_bytes(b"\xef\xbb\xbf" + italy.encode("utf-8"))
# Line endings.
(here / "crlf_1957_drugs.md").write_bytes(drugs.replace("\n", "\r\n").encode("utf-8"))
(here / "cr_1957_drugs.md").write_bytes(drugs.replace("\n", "\r").encode("utf-8"))
# No "<hr />"/"Original:": English only.
english_only = addendum[: addendum.index("<hr />")]
(here / "missing_original_1950_addendum.md").write_bytes(english_only.encode("utf-8"))
