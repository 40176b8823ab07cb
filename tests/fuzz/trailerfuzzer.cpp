// SPDX-FileCopyrightText: 2026 okular-bilingual developers
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzz target for the annotation trailer (parse/annotationtrailer.h): the HTML comment after the
// article text that holds the reader's annotations. The whole input is a file's bytes (any
// encoding: the trailer follows a UTF-16 BOM). Checks what saving relies on:
// - findAnnotationTrailer() stays inside the bytes, and what it calls content is a prefix;
// - saving "no annotations" gives back exactly the content (the original file);
// - saving a payload (made from the input: any characters) and finding it again gives the payload
//   as asciiXml() wrote it, and the content before it unchanged;
// - saving twice does not grow the file (the old trailer is replaced, not stacked);
// - asciiXml() output is ASCII without "--" (it sits in an HTML comment).
//
// Built with libFuzzer (./dev fuzz trailer) and, without it, into tst_fuzzreplay_trailer, which
// replays tests/data/fuzz-regressions/trailer/ in the normal test pass.

#include "fuzzsupport.h"

#include "parse/annotationtrailer.h"

#include <QStringDecoder>

#include <cstdint>

using namespace Qt::StringLiterals;

namespace
{
constexpr size_t kMaxInput = 256 * 1024;

void checkAsciiXml(const QString &xml)
{
    const QString ascii = Okb::asciiXml(xml);
    OKB_FUZZ_CHECK(!ascii.contains(u"--"_s));
    for (QChar c : ascii) {
        OKB_FUZZ_CHECK(c.unicode() < 0x7F);
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > kMaxInput) {
        return 0;
    }
    OkbFuzz::ensureApplication();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    const Okb::AnnotationTrailer found = Okb::findAnnotationTrailer(bytes);
    OKB_FUZZ_CHECK(found.contentSize >= 0 && found.contentSize <= bytes.size());
    OKB_FUZZ_CHECK(found.present || found.contentSize == bytes.size());
    const QByteArray content = bytes.left(found.contentSize);

    // Saving without annotations restores the article bytes.
    OKB_FUZZ_CHECK(Okb::withAnnotationTrailer(bytes, QString()) == content);

    // A payload with any characters: the found one (what a re-save writes back), else the input
    // read as UTF-8 (a stand-in for annotation XML with the reader's text in it).
    QString payload = found.present ? found.payload : QString::fromUtf8(bytes.right(std::min<qsizetype>(bytes.size(), 512)));
    checkAsciiXml(payload);
    if (payload.trimmed().isEmpty()) {
        return 0;
    }
    const QByteArray saved = Okb::withAnnotationTrailer(bytes, payload);
    OKB_FUZZ_CHECK(saved.startsWith(content));
    const Okb::AnnotationTrailer again = Okb::findAnnotationTrailer(saved);
    OKB_FUZZ_CHECK(again.present);
    OKB_FUZZ_CHECK(again.contentSize == content.size());
    // The payload comes back as written: escaped, with the file's line ending.
    QString expected = Okb::asciiXml(payload.trimmed());
    QString back = again.payload;
    back.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
    expected.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
    OKB_FUZZ_CHECK(back == expected.trimmed());
    // Saved again (the next save of the same annotations): the same bytes.
    OKB_FUZZ_CHECK(Okb::withAnnotationTrailer(saved, payload) == saved);
    OKB_FUZZ_CHECK(Okb::withAnnotationTrailer(saved, QString()) == content);
    return 0;
}
