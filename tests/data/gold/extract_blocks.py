#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
"""Draft a gold file's blocks from a sample (independent of the C++ parser).

    extract_blocks.py SAMPLE > NAME.blocks.json
then `okb-align-bench draft NAME.blocks.json > NAME.gold.json` adds the aligner's sentences and
pairs, which are corrected by hand (see README.md)."""
import json, re, sys

ENUM_ZH = re.compile(r'^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|[甲乙丙丁戊]、|\d+、)')
ENUM_EN = re.compile(r'^(\(?[IVX]+\.|[A-H]\.|\d+\.)\s')

def main(path):
    t = open(path, encoding='utf-8-sig').read().replace('\r\n', '\n')
    en_part, zh_part = t.split('<hr />', 1)
    lines = en_part.split('\n')
    header = {}
    i = 0
    while i < len(lines) and (lines[i].strip() == '' or re.match(r'^(Title|Author|Date|Page|Edition|Column):', lines[i])):
        m = re.match(r'^(\w+):\s*(.*)$', lines[i])
        if m:
            header[m.group(1)] = m.group(2).strip()
        i += 1
    body = lines[i:]
    glossary = []
    if '**Named Entities**' in '\n'.join(body):
        k = next(j for j, l in enumerate(body) if l.strip() == '**Named Entities**')
        for l in body[k + 1:]:
            l = l.strip()
            if not l or l.startswith('<br'):
                continue
            parts = re.split(r'\t| {2,}', l, maxsplit=1)
            if len(parts) == 2:
                glossary.append({'term': parts[0].strip(), 'gloss': parts[1].strip()})
        body = body[:k]
    english = []
    chunk = []
    def flush():
        if not chunk:
            return
        if all(re.match(r'^\s', l) for l in chunk) or len(chunk) == 1:
            for l in chunk:
                english.append(l)
        else:
            english.append(' '.join(l.strip() for l in chunk))
        chunk.clear()
    for l in body:
        if l.strip() == '':
            flush()
        else:
            chunk.append(l)
    flush()
    en_blocks = []
    for raw in english:
        text = raw.strip().strip('\u3000')
        kind = 'Paragraph'
        if len(raw) - len(raw.lstrip()) >= 20:
            kind = 'Signature'
        elif not en_blocks and text == header.get('Title', ''):
            kind = 'Title'
        en_blocks.append({'kind': kind, 'text': text})
    # Chinese
    zl = zh_part.split('\n')
    k = next(j for j, l in enumerate(zl) if l.startswith('专栏'))
    zh_title = next(l[4:].strip() for l in zl if l.startswith('### '))
    zh_blocks = []
    for raw in zl[k + 1:]:
        if raw.strip() == '':
            continue
        text = raw.strip().strip('\u3000')
        indent = len(raw) - len(raw.lstrip())
        # a short quoted line that ends the previous sentence is a hard wrap ("‘恶劣的影响’。")
        if zh_blocks and (indent == 0 or (len(text) < 12 and text[0] in '‘“' and text[-1] in '。！？'
                                          and zh_blocks[-1]['text'][-1] not in '。！？”：')):
            zh_blocks[-1]['text'] += text
            continue
        kind = 'Paragraph'
        if indent >= 20:
            kind = 'Signature'
        elif not zh_blocks and text == zh_title:
            kind = 'Title'
        zh_blocks.append({'kind': kind, 'text': text})
    name = path.rsplit('/', 1)[-1]
    json.dump({'sample': name, 'english': en_blocks, 'chinese': zh_blocks, 'glossary': glossary},
              sys.stdout, ensure_ascii=False, indent=1)
    print()

main(sys.argv[1])
