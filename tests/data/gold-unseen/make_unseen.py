#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
"""Build the unseen-set gold files from tests/data/unseen, by hand-written rules and hand-decided pairs.

    make_unseen.py blocks KEY   # print the blocks and sentences, numbered, for reading
    make_unseen.py show KEY     # print every sentence pair with its blocks, for reading
    make_unseen.py write        # write every KEY.gold.json next to this script

Made like ../gold-heldout/make_heldout.py, whose sentence rules (seg_en/seg_zh) it reuses unchanged.
Nothing here runs or reads the aligner: the blocks come from the article's lines, the sentences from
those rules (checked by reading), and the pairs from SPEC below, decided by reading both languages
(see README.md). The articles were chosen and this gold committed before the aligner was run on them."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ARTICLES = os.path.join(HERE, '..', 'unseen')
sys.path.insert(0, os.path.join(HERE, '..', 'gold-heldout'))
from make_heldout import seg_en, seg_zh, en_body, zh_body, blk, clean, pairs_from_spec, load_from, main  # noqa: E402  same rules as the held-out gold


def load(name):
    return load_from(ARTICLES, name)


def paragraphs(lines):
    return [blk('Paragraph', seg_en(l.strip())) for l in lines]


# --- the six articles ----------------------------------------------------------------------

def linfen():
    name = '1948-06-02_临汾市府宣布施政纲领_保障人民生命财产安全保护工商业.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 1 and len(z) == 3, (len(e), len(z))
    # the English body has no headline (only the Title: header); the Chinese two-line headline is one Title
    return name, paragraphs(e), [blk('Title', [clean(z[0]) + '\u3000' + clean(z[1])]), blk('Paragraph', seg_zh(clean(z[2])))]


def jiangci():
    name = '1953-01-01_苏联驻华大使潘友新的讲词.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 6 and len(z) == 14, (len(e), len(z))
    return name, paragraphs(e), [blk('Title', [clean(z[0])])] + [blk('Paragraph', seg_zh(clean(l))) for l in z[1:]]


def en_rows(lines):
    return [l.strip() for l in lines]


# found by reading: address cells that run into the seeker (the last 3 characters here are the seeker)
MISSING_SEPARATOR = ['西裱褙胡同二五号薛练柔']


def zh_list_rows(line, english_rows):
    """The Chinese list is one run-on line: title, header, then rows 'name　address　seeker' with each
    seeker glued to the next row's name. Cut it into [title, header, row...]. Cells are split at
    U+3000; a one-character cell is half of a two-character name padded with U+3000 ('李　英') and
    joins its neighbour. Each 'seeker+next name' cell is cut after the seeker, whose length is read
    off the English seeker's pinyin (surname + one character per vowel group of the given name).
    Every row was then read against its English row (make_unseen.py show 1953-01-01_xunzhao_mingdan)."""
    title = '寻找革命军人名单'
    assert line.startswith(title)
    rest = line[len(title):]
    header_end = rest.index('寻找者') + len('寻找者')
    body = rest[header_end:]
    for glued in MISSING_SEPARATOR:  # the source has no U+3000 between an address and its seeker here
        assert body.count(glued) == 1, glued
        body = body.replace(glued, glued[:-3] + '\u3000' + glued[-3:])
    header, cells = rest[:header_end], body.split('\u3000')
    seekers = [r.split('\u3000')[-1] for r in english_rows]

    def zh_len(pinyin):
        given = ''.join(pinyin.split()[1:]).lower().replace("'", ' ')
        return 1 + len(re.findall(r'[aeiouv]+', given))

    def take():
        nonlocal k
        c = cells[k]
        k += 1
        return c

    rows, k = [], 0
    name = take()
    for r, seeker in enumerate(seekers):
        addr = take()
        cell = take()
        if len(cell) == 1:  # padded seeker: '李', '氏万瑞清'
            cell += '\u3000' + take()
        if k < len(cells) and len(cells[k]) == 1:  # padded next name: '王福英李', '英'
            cell += '\u3000' + take()
        if r == len(seekers) - 1:
            seek, nxt = cell, None
        else:
            n, cut = zh_len(seeker), 0
            while n:
                if cell[cut] != '\u3000':
                    n -= 1
                cut += 1
            seek, nxt = cell[:cut], cell[cut:]
        rows.append(name + '\u3000' + addr + '\u3000' + seek)
        name = nxt
    assert k == len(cells), (k, len(cells))
    return [title, header] + rows


def mingdan():
    name = '1953-01-01_寻找革命军人名单.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 108 and len(z) == 2, (len(e), len(z))
    # Editor's note; the list's title; the header row; 105 rows (one per line, cells in U+3000 runs)
    english = [blk('Paragraph', seg_en(e[0].strip())), blk('Heading', [e[1].strip()])] + \
              [blk('TableRow', [l]) for l in en_rows(e[2:])]
    chinese = [blk('Paragraph', [clean(z[0])]),
               blk('Paragraph', zh_list_rows(clean(z[1]), en_rows(e[3:])))]
    return name, english, chinese


def chengsheng():
    name = '1967-01-04_乘胜前进_革命到底.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 7 and len(z) == 9, (len(e), len(z))
    chinese = [blk('Title', [clean(z[0])])] + [blk('Paragraph', seg_zh(clean(l))) for l in z[1:8]] + \
              [blk('Signature', [clean(z[8])])]  # right-aligned author's name; the English has it only as Author:
    return name, paragraphs(e), chinese


def feiji():
    name = '1967-01-04_美国飞机侵入海南岛地区领空_我提出第四百二十次严重警告.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 1 and len(z) == 3, (len(e), len(z))
    return name, paragraphs(e), [blk('Title', [clean(z[0]) + '\u3000' + clean(z[1])]), blk('Paragraph', seg_zh(clean(z[2])))]


def pingpang():
    name = '1989-04-01_国际乒联公布最新世界运动员排名表.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 4 and len(z) == 5, (len(e), len(z))
    return name, paragraphs(e), [blk('Title', [clean(z[0])])] + [blk('Paragraph', seg_zh(clean(l))) for l in z[1:]]


FILES = {'1948-06-02_linfen_shizheng': linfen, '1953-01-01_pan_jiangci': jiangci,
         '1953-01-01_xunzhao_mingdan': mingdan, '1967-01-04_chengsheng_qianjin': chengsheng,
         '1967-01-04_hainan_jinggao': feiji, '1989-04-01_pingpang_paiming': pingpang}

# --- pairs, decided by reading (see README.md) ---------------------------------------------
# 'paragraphs': (english blocks, chinese blocks) per pair, in order.
# 'sentences': per paragraph pair index, (english sentences, chinese sentences) groups; a
# paragraph pair not listed pairs its sentences 1-1 (only allowed when the counts are equal).
SPEC = {
    # Chinese headline without English body title (0-1); one paragraph: (一)…(六) inline, the
    # English splits four Chinese sentences in two
    '1948-06-02_linfen_shizheng': {
        'paragraphs': [(0, 1), (1, 1)],
        'sentences': {1: [(1, 1), (1, 1), (2, 1), (2, 1), (1, 1), (1, 1), (1, 1), (1, 1), (2, 1), (2, 1), (1, 1)]}},
    # Chinese title 0-1; the Chinese first line holds the dateline sentence and the salutation, which
    # the English prints as two lines (2-1 block pair, 1-1 sentences); the English stops mid-sentence
    # ("… peoples. This") in the fifth paragraph: "This" is the start of 这个条约…; the last eight
    # Chinese paragraphs have no English (0-1)
    '1953-01-01_pan_jiangci': {
        'paragraphs': [(0, 1), (2, 1), (1, 1), (1, 1), (1, 1), (1, 1)] + [(0, 1)] * 8,
        'sentences': {}},
    # editor's note 1-1; the list (title, header, 105 rows on their own lines) <-> one run-on Chinese
    # line; every row 1-1 (each row read against the English: name, address, seeker)
    '1953-01-01_xunzhao_mingdan': {
        'paragraphs': [(1, 1), (107, 1)],
        'sentences': {}},
    # Chinese title 0-1; seven paragraphs, one 2-1 sentence pair (如果说…样子，他们打着红旗…共产党。
    # <-> two English sentences); the right-aligned signature 仰泽 has no English body line (0-1)
    '1967-01-04_chengsheng_qianjin': {
        'paragraphs': [(0, 1)] + [(1, 1)] * 7 + [(0, 1)],
        'sentences': {5: [(2, 1), (1, 1), (1, 1), (1, 1)]}},
    # two-line Chinese headline 0-1; three sentences 1-1 (the dateline 新华社三日讯 is not translated)
    '1967-01-04_hainan_jinggao': {
        'paragraphs': [(0, 1), (1, 1)],
        'sentences': {}},
    # Chinese title 0-1; the first Chinese sentence (dateline + ranking) is two English sentences
    '1989-04-01_pingpang_paiming': {
        'paragraphs': [(0, 1)] + [(1, 1)] * 4,
        'sentences': {1: [(2, 1), (1, 1)]}},
}


def build(key):
    name, english, chinese = FILES[key]()
    ppairs, spairs = pairs_from_spec(key, english, chinese, SPEC[key])
    return {'sample': name, 'english': english, 'chinese': chinese, 'glossary': [],
            'sentencePairs': spairs, 'paragraphPairs': ppairs}


if __name__ == '__main__':
    main(HERE, FILES, SPEC, build)
