#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
"""Build the held-out gold files from the samples, by hand-written rules and hand-decided pairs.

    make_heldout.py blocks NAME  # print the blocks and sentences, numbered, for reading
    make_heldout.py show NAME    # print every sentence pair with its blocks, for reading
    make_heldout.py write        # write every NAME.gold.json next to this script

Nothing here runs or reads the aligner: the blocks come from the sample's lines, the sentences from
the rules in seg_en()/seg_zh() (checked by reading), and the pairs from SPEC below, decided by
reading both languages (see README.md)."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, '..', 'samples')

# --- sentence segmentation (my rules, checked by reading) -----------------------------------
ABBR = re.compile(r'(\b(Mr|Mrs|Ms|Dr|St|No|Co|Ltd|vs|etc)|\b[A-Z]|\bU\.S|^[IVX]+)\.$')

def seg_en(text):
    out, start = [], 0
    for m in re.finditer(r'[.!?]["\u201d\u2019)]*(?= +["\u201c(\[]?[A-Z0-9])', text):
        head = text[start:m.end()]
        if ABBR.search(head.rstrip('"\u201d\u2019)')):
            continue
        out.append(head.strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out

def seg_zh(text):
    out, start = [], 0
    for m in re.finditer(r'(……|[。！？])[”’」）]*', text):
        if m.end() < len(text) or True:
            out.append(text[start:m.end()])
            start = m.end()
    if text[start:].strip():
        out.append(text[start:])
    return [s for s in out if s.strip()]

# rows of the run-on Chinese industry table: name U+3000 value U+3000 change
ZH_ROW = re.compile(r'(.+?)\u3000(\S+?)\u3000(－?\d+(?:\.\d+)?|持平)(?=\D|$)')

def zh_run_on_table(line):
    """'主要工业品产量如下： 1988年　比上年增长百分比纱　454万吨　3.9布　…' -> sentences."""
    out = []
    m = re.match(r'^(.*?：) (1988年\u3000比上年增长百分比)', line)
    if m:
        out += [m.group(1), m.group(2)]
        line = line[m.end():]
    pos = 0
    for r in ZH_ROW.finditer(line):
        out.append(line[pos:r.end()])
        pos = r.end()
    assert pos == len(line), line[pos:]
    return out

# --- block extraction ----------------------------------------------------------------------
def load_from(folder, name):
    """The English and the Chinese lines of an article file (split at its <hr />)."""
    t = open(os.path.join(folder, name), encoding='utf-8-sig').read().replace('\r\n', '\n')
    en, zh = t.split('<hr />', 1)
    return en.split('\n'), zh.split('\n')

def load(name):
    return load_from(SAMPLES, name)

def en_body(lines):
    i = 0
    while i < len(lines) and (lines[i].strip() == '' or re.match(r'^(Title|Author|Date|Page|Edition|Column):', lines[i])):
        i += 1
    body = lines[i:]
    if '**Named Entities**' in body:
        body = body[:body.index('**Named Entities**')]
    return [l for l in body if l.strip() and not l.strip().startswith('<br')]

def zh_body(lines):
    k = next(j for j, l in enumerate(lines) if l.startswith('专栏'))
    return [l for l in lines[k + 1:] if l.strip()]

def blk(kind, sentences):
    return {'kind': kind, 'sentences': sentences}

def clean(l):
    return l.strip().strip('\u3000').strip()

def zibo():
    name = '1946-05-16_淄博专区_培养大批师资.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 3 and len(z) == 3
    english = [blk('Title', [clean(e[0]) + ' ' + clean(e[1])]), blk('Paragraph', seg_en(clean(e[2])))]
    chinese = [blk('Title', [clean(z[0]) + '\u3000' + clean(z[1])]), blk('Paragraph', seg_zh(clean(z[2])))]
    return name, english, chinese

def buzhu():
    name = '1950-01-01_补注.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 2 and len(z) == 2
    return name, [blk('Title', [clean(e[0])]), blk('Paragraph', seg_en(clean(e[1])))], \
        [blk('Title', [clean(z[0])]), blk('Paragraph', seg_zh(clean(z[1])))]

def mingdan():
    name = '1956-03-02_中国国民党革命委员会中央委员和候补中央委员名单.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    assert len(e) == 5 and len(z) == 6, (len(e), len(z))
    # a name list has no sentences: each printed line is one segment
    english = [blk('Paragraph', [clean(l)]) for l in e]
    chinese = [blk('Title', [clean(z[0])])] + [blk('Paragraph', [clean(l)]) for l in z[1:]]
    return name, english, chinese

def gongbao():
    name = '1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    # the excerpt: introduction and sections I-III, both cut before section IV
    e = e[:e.index('IV. Transportation and Postal Services')]
    z = z[:next(i for i, l in enumerate(z) if clean(l) == '四、运输邮电')]
    english = []
    for l in e:
        if '\t\t' in l:
            english.append(blk('TableRow', [re.sub(r'\t+', '\t', l.strip('\t'))]))
        elif re.match(r'^[IVX]+\. ', l):
            english.append(blk('Heading', [l.strip()]))
        else:
            english.append(blk('Paragraph', seg_en(l.strip())))
    # three headline lines (title, institution, date) -> one title, as the ### line has them
    chinese = [blk('Title', ['\u3000'.join(clean(l) for l in z[:3])])]
    for l in z[3:]:
        c = clean(l)
        if re.match(r'^[一二三四五六七八九十]+、', c):
            chinese.append(blk('Heading', [c]))
        elif ' 1988年\u3000' in c or c.startswith('其中：') and re.search(r'\u3000\d', c) and '\u3000\u3000' not in c:
            # section II's table, printed as four run-on lines of text: one segment per row
            chinese.append(blk('Paragraph', zh_run_on_table(c)))
        elif '\u3000\u3000' in c or c.startswith('１９８８年\u3000比上年增长百分比'):
            chinese.append(blk('TableRow', [re.sub(r'[\u3000 ]+', '\u3000', c)]))
        else:
            chinese.append(blk('Paragraph', seg_zh(c)))
    return name, english, chinese

# rows of section IV's table, where a line can hold two rows: '输油输气管道　６３７亿吨公里　２．０旅客周转量　…'
ZH_FW_ROW = re.compile(r'[^\u3000]+\u3000[^\u3000]+\u3000－?[０-９]+(?:．[０-９]+)?(?=[^０-９．]|$)')

def zh_glued_rows(line):
    line = re.sub(r'[\u3000 ]+', '\u3000', line)
    out = []
    m = re.match(r'^１９８８年\u3000比上年增长百分比', line)
    if m:
        out.append(m.group(0))
        line = line[m.end():]
    pos = 0
    for r in ZH_FW_ROW.finditer(line):
        assert r.start() == pos, (line, pos)
        out.append(line[pos:r.end()])
        pos = r.end()
    assert pos == len(line), line[pos:]
    return out

def gongbao_iv_vi(first_en='IV. Transportation and Postal Services', stop_en='VII. Education, Science and Technology, and Culture',
                  first_zh='四、运输邮电', stop_zh='七、教育、科技和文化'):
    name = '1989-03-01_１９８８年国民经济和社会发展统计公报_中华人民共和国国家统计局_（１９８９年２月２８日）.md'
    en, zh = load(name)
    e, z = en_body(en), zh_body(zh)
    # the second excerpt: sections IV-VI, both cut before section VII
    e = e[e.index(first_en):e.index(stop_en) if stop_en else len(e)]
    zc = [clean(l) for l in z]
    z = z[zc.index(first_zh):zc.index(stop_zh) if stop_zh else len(z)]
    english = []
    for l in e:
        if '\t\t' in l:
            english.append(blk('TableRow', [re.sub(r'\t+', '\t', l.strip('\t'))]))
        elif re.match(r'^[IVX]+\. ', l):
            english.append(blk('Heading', [l.strip()]))
        else:
            english.append(blk('Paragraph', seg_en(l.strip())))
    chinese = []
    for l in z:
        c = clean(l)
        if re.match(r'^[一二三四五六七八九十]+、', c):
            chinese.append(blk('Heading', [c]))
        elif c.startswith('（新华社'):
            chinese.append(blk('Signature', [c]))  # right-aligned sign-off, no English
        elif '\u3000\u3000' in c:
            # a table line; three of them hold two rows each: one segment per row
            chinese.append(blk('TableRow', zh_glued_rows(c)))
        else:
            chinese.append(blk('Paragraph', seg_zh(c)))
    return name, english, chinese

def gongbao_vii_end():
    # the third excerpt: section VII to the end (notes and footnotes included)
    return gongbao_iv_vi('VII. Education, Science and Technology, and Culture', None, '七、教育、科技和文化', None)

FILES = {'1989-03-01_tongji_gongbao_VII-end': gongbao_vii_end, '1989-03-01_tongji_gongbao_IV-VI': gongbao_iv_vi, '1946-05-16_zibo_shizi': zibo, '1950-01-01_buzhu': buzhu,
         '1956-03-02_minge_mingdan': mingdan, '1989-03-01_tongji_gongbao_I-III': gongbao}

# --- pairs, decided by reading (see README.md) ---------------------------------------------
# 'paragraphs': (english blocks, chinese blocks) per pair, in order.
# 'sentences': per paragraph pair index, (english sentences, chinese sentences) groups; a
# paragraph pair not listed pairs its sentences 1-1 (only allowed when the counts are equal).
SPEC = {
    '1946-05-16_zibo_shizi': {'paragraphs': [(1, 1), (1, 1)], 'sentences': {1: [(5, 1)]}},
    '1950-01-01_buzhu': {'paragraphs': [(1, 1), (1, 1)], 'sentences': {}},
    '1956-03-02_minge_mingdan': {'paragraphs': [(0, 1)] + [(1, 1)] * 5, 'sentences': {}},
    # title; introduction; I (heading .. rural economy); II; its table (English rows vs the four
    # run-on Chinese lines); II's last two paragraphs; III (heading + 7 paragraphs)
    '1989-03-01_tongji_gongbao_I-III': {
        'paragraphs': [(0, 1)] + [(1, 1)] * 34 + [(13, 1), (9, 1), (11, 1), (5, 1)] + [(1, 1)] * 10,
        'sentences': {1: [(2, 1), (1, 1), (1, 1), (1, 1)], 3: [(2, 1)], 4: [(3, 1), (1, 1)],
                      29: [(1, 1), (2, 1)], 31: [(1, 1), (2, 1)]}},
    # IV heading, lead-in; the table (three Chinese lines hold two rows each: 2-1 block pairs);
    # then 17 paragraphs and headings to the end of VI; every sentence 1-1 (read and checked)
    '1989-03-01_tongji_gongbao_IV-VI': {
        'paragraphs': [(1, 1), (1, 1), (2, 1)] + [(1, 1)] * 4 + [(2, 1)] + [(1, 1)] * 3 + [(2, 1)] + [(1, 1)] * 17,
        'sentences': {}},
    # VII to the end: every block 1-1 except the Chinese sign-off (0-1); one 2-1 sentence pair
    # (初中…小学…，已有１３２６个县… ↔ two English sentences)
    '1989-03-01_tongji_gongbao_VII-end': {
        'paragraphs': [(1, 1)] * 28 + [(0, 1)],
        'sentences': {3: [(2, 1), (1, 1), (1, 1)]}},
}

def pairs_from_spec(key, english, chinese, spec):
    """Paragraph and sentence pairs (id lists) from a SPEC entry; asserts the counts add up."""
    ppairs, spairs = [], []
    eb = zb = es = zs = 0
    for k, (ne, nz) in enumerate(spec['paragraphs']):
        ppairs.append([list(range(eb, eb + ne)), list(range(zb, zb + nz))])
        se = sum(len(b['sentences']) for b in english[eb:eb + ne])
        sz = sum(len(b['sentences']) for b in chinese[zb:zb + nz])
        groups = spec['sentences'].get(k)
        if groups is None:
            if ne == 0 or nz == 0:
                groups = [(1, 0)] * se if nz == 0 else [(0, 1)] * sz
            else:
                assert se == sz, (key, k, se, sz)
                groups = [(1, 1)] * se
        assert sum(g[0] for g in groups) == se and sum(g[1] for g in groups) == sz, (key, k, groups, se, sz)
        for a, b in groups:
            spairs.append([list(range(es, es + a)), list(range(zs, zs + b))])
            es += a
            zs += b
        eb += ne
        zb += nz
    assert eb == len(english) and zb == len(chinese), (key, eb, len(english), zb, len(chinese))
    return ppairs, spairs

def build(key):
    name, english, chinese = FILES[key]()
    ppairs, spairs = pairs_from_spec(key, english, chinese, SPEC[key])
    return {'sample': name, 'english': english, 'chinese': chinese, 'glossary': [],
            'sentencePairs': spairs, 'paragraphPairs': ppairs}

def print_blocks(english, chinese):
    """Every block and its numbered sentences, for reading."""
    for lang, blocks in (('EN', english), ('ZH', chinese)):
        n = 0
        for i, b in enumerate(blocks):
            print(f'{lang} block {i} {b["kind"]}')
            for s in b['sentences']:
                print(f'   {n}: {s}')
                n += 1

def print_pairs(g):
    """Every gold sentence pair with its blocks, for reading."""
    sent = {'EN': [], 'ZH': []}
    for lang, blocks in (('EN', g['english']), ('ZH', g['chinese'])):
        for i, b in enumerate(blocks):
            for s in b['sentences']:
                sent[lang].append((i, b['kind'], s))
    for p in g['sentencePairs']:
        print('-' * 60)
        for i in p[0]:
            print('  EN', i, sent['EN'][i][0], sent['EN'][i][1], '|', sent['EN'][i][2])
        for i in p[1]:
            print('  ZH', i, sent['ZH'][i][0], sent['ZH'][i][1], '|', sent['ZH'][i][2])
    print('paragraph pairs:', g['paragraphPairs'] if len(g['paragraphPairs']) < 20 else len(g['paragraphPairs']))

def main(here, files, spec, build):
    """The command line shared by the gold scripts: blocks KEY | show KEY | write."""
    if sys.argv[1] == 'blocks':
        name, english, chinese = files[sys.argv[2]]()
        print_blocks(english, chinese)
    elif sys.argv[1] == 'show':
        print_pairs(build(sys.argv[2]))
    else:
        for key in spec:
            with open(os.path.join(here, key + '.gold.json'), 'w', encoding='utf-8') as f:
                json.dump(build(key), f, ensure_ascii=False, indent=1)
                f.write('\n')

if __name__ == '__main__':
    main(HERE, FILES, SPEC, build)
