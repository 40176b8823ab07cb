#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
"""Build the unseen2-set gold files from tests/data/unseen2, by hand-written rules and hand-decided pairs.

    make_unseen2.py blocks KEY   # print the blocks and their sentences, numbered, for reading
    make_unseen2.py show KEY     # print every sentence pair with its block, for reading
    make_unseen2.py write        # write every KEY.gold.json next to this script

Made like ../gold-unseen/make_unseen.py: the sentence rules (seg_en/seg_zh) and the pair builder are
imported unchanged from ../gold-heldout/make_heldout.py. Nothing here runs or reads the aligner or any
of the project's C++ code: the blocks come from the article's lines, the sentences from those rules
(checked by reading; the few places where a reader cuts differently are listed below, each with its
reason), and the pairs from SPEC, decided by reading both languages (see README.md). The articles
were chosen and this gold committed before the aligner was run on them."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ARTICLES = os.path.join(HERE, '..', 'unseen2')
sys.path.insert(0, os.path.join(HERE, '..', 'gold-heldout'))
from make_heldout import seg_en, seg_zh, en_body, zh_body, blk, clean, pairs_from_spec, load_from, main  # noqa: E402  same rules as the held-out gold


def load(name):
    return load_from(ARTICLES, name)


def seg_en_items(text):
    """seg_en, but an item number alone ('1.' before 'Register by…') stays with its sentence:
    the held-out rules have no abbreviation entry for a bare digit."""
    out = []
    for s in seg_en(text):
        if out and re.fullmatch(r'\d+\.', out[-1]):
            out[-1] += ' ' + s
        else:
            out.append(s)
    return out


def para_en(line):
    return blk('Paragraph', seg_en_items(line.strip()))


def para_zh(line):
    return blk('Paragraph', seg_zh(clean(line)))


def split_after(sentences, index, head):
    """Cut sentence `index` after its prefix `head` (a lead-in such as '学习内容：' or a salutation
    glued to the line before it), where the English has the two parts in different blocks."""
    s = sentences[index]
    assert s.startswith(head) and len(s) > len(head), (s, head)
    return sentences[:index] + [head, s[len(head):]] + sentences[index + 1:]


# --- the eight articles --------------------------------------------------------------------

def jining():
    name = '1946-05-17_济宁日报创刊.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 2 and len(z) == 2, (len(e), len(z))
    return name, [blk('Title', [clean(e[0])]), para_en(e[1])], [blk('Title', [clean(z[0])]), para_zh(z[1])]


def jiceng():
    name = '1955-01-02_改进城市基层政权工作的重要措施.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    # 'Editorial:' is the column label (专栏：社论) printed under the header keys, not a body block
    assert e[0].strip() == 'Editorial:'
    e = e[1:]
    # one Chinese paragraph is wrapped in the source: its second line starts with 2 spaces in the
    # middle of a sentence ('…并按照' / '  “大家的事情大家办”的原则，…'); a reader sees one paragraph
    k = next(i for i, l in enumerate(z) if l.endswith('并按照'))
    assert z[k + 1].startswith('  “')
    z = z[:k] + [z[k] + z[k + 1].strip()] + z[k + 2:]
    assert len(e) == 10 and len(z) == 11, (len(e), len(z))
    return name, [para_en(l) for l in e], [blk('Title', [clean(z[0])])] + [para_zh(l) for l in z[1:]]


def jichang():
    name = '1958-01-01_在机场上欢迎巴德尔王太子_周恩来总理的讲话.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 7 and len(z) == 8, (len(e), len(z))
    # the second Chinese headline line runs into the salutation: '周恩来总理的讲话尊敬的…同志们：'
    line2 = blk('Paragraph', split_after([clean(z[1])], 0, '周恩来总理的讲话'))
    return name, [para_en(l) for l in e], [blk('Title', [clean(z[0])]), line2] + [para_zh(l) for l in z[2:]]


def yemen():
    name = '1958-01-01_也门王太子及其随行人员名单.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 8 and len(z) == 9, (len(e), len(z))
    # the rows: English 'name, office' lines; Chinese 'name　office' two-column rows (U+3000 or two
    # spaces between the columns, stray spaces inside two offices kept as printed)
    english = [para_en(e[0])] + [blk('Paragraph', [l.strip()]) for l in e[1:]]
    chinese = [blk('Title', [clean(z[0])]), para_zh(z[1])] + [blk('TableRow', [clean(l)]) for l in z[2:]]
    return name, english, chinese


def tiyu():
    name = '1960-01-01_体育事业空前丰收_一年打破十八次世界纪录取得一项世界冠军.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 6 and len(z) == 8, (len(e), len(z))
    return name, [para_en(l) for l in e], [blk('Title', [clean(z[0]) + '\u3000' + clean(z[1])])] + [para_zh(l) for l in z[2:]]


def abude():
    name = '1960-01-01_周恩来总理致电阿布德.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 6 and len(z) == 6, (len(e), len(z))
    english = [para_en(l) for l in e[:4]] + [blk('Signature', [l.strip()]) for l in e[4:]]
    # the dateline line also holds '电报全文如下：' and the telegram's salutation, which the English
    # prints as a sentence of its first paragraph and a line of its own
    first = seg_zh(clean(z[1]))
    assert len(first) == 2, first
    first = split_after(first, 1, '电报全文如下：')
    chinese = [blk('Title', [clean(z[0])]), blk('Paragraph', first)] + [para_zh(l) for l in z[2:4]] + \
              [blk('Signature', [clean(l)]) for l in z[4:]]
    return name, english, chinese


def zhaosheng():
    name = '1989-05-01_人民日报社新闻智力开发中心_函授部第三期招生简章.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 22 and len(z) == 17, (len(e), len(z))
    english = [blk('Title', [clean(e[0]) + ' ' + clean(e[1])])]
    for l in e[2:]:
        if l.strip().endswith(':'):
            english.append(blk('Heading', [l.strip()]))  # 'Course Content:', 'Notes:' on lines of their own
        else:
            english.append(para_en(l))
    chinese = [blk('Title', [clean(z[0]) + '\u3000' + clean(z[1])])]
    for l in z[2:]:
        b = para_zh(l)
        for head in ('学习内容：', '注意事项：'):  # the lead-in the English prints as a line of its own
            if b['sentences'][0].startswith(head):
                b['sentences'] = split_after(b['sentences'], 0, head)
        chinese.append(b)
    return name, english, chinese


def tianjin():
    name = '1989-05-01_天津反盗斗争稳准狠_７７５９人自首_２５０１名盗窃者被查获.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 5 and len(z) == 5, (len(e), len(z))
    return name, [blk('Title', [clean(e[0]) + ' ' + clean(e[1])])] + [para_en(l) for l in e[2:]], \
        [blk('Title', [clean(z[0]) + '\u3000' + clean(z[1])])] + [para_zh(l) for l in z[2:]]


FILES = {'1946-05-17_jining_chuangkan': jining, '1955-01-02_jiceng_zhengquan': jiceng,
         '1958-01-01_jichang_jianghua': jichang, '1958-01-01_yemen_mingdan': yemen,
         '1960-01-01_tiyu_fengshou': tiyu, '1960-01-01_zhidian_abude': abude,
         '1989-05-01_hanshou_zhaosheng': zhaosheng, '1989-05-01_tianjin_fandao': tianjin}

# --- pairs, decided by reading (see README.md) ---------------------------------------------
# 'paragraphs': (english blocks, chinese blocks) per pair, in order.
# 'sentences': per paragraph pair index, (english sentences, chinese sentences) groups; a
# paragraph pair not listed pairs its sentences 1-1 (only allowed when the counts are equal).
SPEC = {
    # headline 1-1; the one Chinese sentence (dateline, launch, issue count, ceremony) is two English sentences
    '1946-05-17_jining_chuangkan': {
        'paragraphs': [(1, 1), (1, 1)],
        'sentences': {1: [(2, 1)]}},
    # Chinese headline 0-1 (the English has it only as Title:); ten paragraphs 1-1, the wrapped Chinese
    # paragraph read as one; three English splits: 过去一般城市…防碍着工作的深入开展。 <-> three
    # sentences, 街道办事处是…派出机关，它的任务是… <-> two, 在已经建立…所有居民委员会委员，大多数只任一职… <-> two
    '1955-01-02_jiceng_zhengquan': {
        'paragraphs': [(0, 1)] + [(1, 1)] * 10,
        'sentences': {6: [(3, 1), (1, 1), (1, 1), (1, 1)],
                      7: [(2, 1)] + [(1, 1)] * 5,
                      9: [(1, 1), (1, 1), (2, 1), (1, 1), (1, 1), (1, 1), (1, 1)]}},
    # first headline line 0-1; the second line = rest of the headline (周恩来总理的讲话, 0-1) + the
    # salutation, which is the English first line (1-1); then every paragraph and sentence 1-1
    '1958-01-01_jichang_jianghua': {
        'paragraphs': [(0, 1), (1, 1)] + [(1, 1)] * 6,
        'sentences': {1: [(0, 1), (1, 1)]}},
    # title 0-1; the dateline sentence is two English sentences (Xinhua News Agency, 31st. / The list…);
    # seven rows 1-1
    '1958-01-01_yemen_mingdan': {
        'paragraphs': [(0, 1), (1, 1)] + [(1, 1)] * 7,
        'sentences': {1: [(2, 1)]}},
    # two-line Chinese headline 0-1; six paragraphs 1-1; in the first, two Chinese sentences are two
    # English sentences each (…服务，因此…蓬勃。 and 最近以来…，室内、室外…活动。)
    '1960-01-01_tiyu_fengshou': {
        'paragraphs': [(0, 1)] + [(1, 1)] * 6,
        'sentences': {1: [(1, 1), (1, 1), (2, 1), (2, 1), (1, 1)]}},
    # title 0-1; the Chinese dateline line (dateline sentence + 电报全文如下： + salutation) is the
    # English first paragraph and the salutation line (2-1 blocks): the dateline sentence is two
    # English sentences; the rest and the two signature lines 1-1
    '1960-01-01_zhidian_abude': {
        'paragraphs': [(0, 1), (2, 1), (1, 1), (1, 1), (1, 1), (1, 1)],
        'sentences': {1: [(2, 1), (1, 1), (1, 1)]}},
    # headline 1-1 (two lines on both sides); 'Course Content:' and the items (1)-(4) on five English
    # lines <-> one Chinese line 学习内容：（１）…（４）… (5-1 blocks, sentences 1-1); 'Notes:' + item 1
    # <-> 注意事项：１、… (2-1 blocks); 2-1 sentence pairs in notes 1, 2 and 5
    '1989-05-01_hanshou_zhaosheng': {
        'paragraphs': [(1, 1), (1, 1), (1, 1), (5, 1)] + [(1, 1)] * 6 + [(2, 1)] + [(1, 1)] * 5,
        'sentences': {10: [(1, 1), (2, 1), (2, 1), (1, 1), (1, 1)],
                      11: [(2, 1), (1, 1), (1, 1)],
                      14: [(2, 1)]}},
    # headline 1-1; dateline paragraph 1-1; …折合２４４万余元，刑事案件大幅度下降。 <-> two English
    # sentences; 广大群众…深为痛恨，两个月就…威慑力。 <-> two
    '1989-05-01_tianjin_fandao': {
        'paragraphs': [(1, 1)] * 4,
        'sentences': {2: [(1, 1), (1, 1), (1, 1), (2, 1)], 3: [(2, 1), (1, 1), (1, 1), (1, 1)]}},
}


def glossary(name):
    """The article's own **Named Entities** rows ('汉字<TAB>gloss'), as the parser gives them to the aligner."""
    en, _ = load(name)
    if '**Named Entities**' not in en:
        return []
    rows = [l.split('\t', 1) for l in en[en.index('**Named Entities**') + 1:] if '\t' in l]
    return [{'term': t.strip(), 'gloss': g.strip()} for t, g in rows]


def build(key):
    name, english, chinese = FILES[key]()
    ppairs, spairs = pairs_from_spec(key, english, chinese, SPEC[key])
    return {'sample': name, 'english': english, 'chinese': chinese, 'glossary': glossary(name),
            'sentencePairs': spairs, 'paragraphPairs': ppairs}


if __name__ == '__main__':
    main(HERE, FILES, SPEC, build)
