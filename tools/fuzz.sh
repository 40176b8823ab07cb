#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Coverage-guided fuzzing of the core (tests/fuzz) with libFuzzer, AddressSanitizer and UBSan.
# Runs inside the development root (./dev fuzz). usage:
#   fuzz.sh SRC [TARGET] [SECONDS]     fuzz TARGET (pipeline | trailer; default pipeline) for
#                                       SECONDS (default 600)
#   fuzz.sh SRC TARGET FILE...         run the target once on each FILE (reproduce a crash)
# Extra libFuzzer options: OKB_FUZZ_ARGS (e.g. "-minimize_crash=1 -runs=2000" with one FILE).
#
# clang is not part of the root's package list (the normal build needs none): the first run
# installs clang-19, its runtime libraries (libFuzzer, sanitizers) and llvm-symbolizer with apt-get.
# The build: SRC/build-fuzz (clang, -DOKB_FUZZ=ON). Corpus kept between runs:
# build-fuzz/fuzz/corpus-TARGET; crashes, timeouts, leaks and out-of-memory inputs:
# build-fuzz/fuzz/artifacts-TARGET/ (crash-*, timeout-*, leak-*, oom-*, slow-unit-*).
set -euo pipefail
src=$1
target=${2:-pipeline}
shift $(($# >= 2 ? 2 : $#))
build=${OKB_FUZZ_BUILD_DIR:-$src/build-fuzz}
log() { printf '[fuzz] %s\n' "$*" >&2; }

case "$target" in
pipeline | trailer) ;;
*)
    log "unknown target '$target' (pipeline or trailer)"
    exit 2
    ;;
esac

if ! command -v clang++-19 >/dev/null || [ ! -f /usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.fuzzer-x86_64.a ] ||
    [ ! -x /usr/lib/llvm-19/bin/llvm-symbolizer ]; then
    log "installing clang-19, libclang-rt-19-dev (libFuzzer, sanitizers) and llvm-19 (llvm-symbolizer) (first use)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-19 libclang-rt-19-dev llvm-19 >&2
fi
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-19/bin/llvm-symbolizer

if [ ! -f "$build/build.ninja" ]; then
    log "configuring $build (clang-19, libFuzzer + ASan + UBSan)"
    CC=clang-19 CXX=clang++-19 cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON -DOKB_FUZZ=ON >&2
fi
cmake --build "$build" --target "okb-fuzz-$target" okb_pdfexport -j"$(nproc)" >&2
bin="$build/bin/okb-fuzz-$target"

export QT_QPA_PLATFORM=offscreen
# Qt, KF, ICU and fontconfig are built with GCC and not instrumented: ASan still sees their heap
# through malloc. Precise suppressions for what is theirs: tests/fuzz/*.supp.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:allocator_may_return_null=1:handle_abort=1:symbolize=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$src/tests/fuzz/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$src/tests/fuzz/ubsan.supp"
# shellcheck disable=SC2206
extra=(${OKB_FUZZ_ARGS:-})

if [ $# -gt 0 ] && [ -f "$1" ]; then
    "$bin" "${extra[@]}" "$@"
    exit
fi
seconds=${1:-600}

work="$build/fuzz"
seeds="$work/seeds-$target"
corpus="$work/corpus-$target"
artifacts="$work/artifacts-$target"
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
data="$src/tests/data"
mapfile -t files < <(find "$data/samples" "$data/variants" "$data"/unseen* "$data"/gold* -type f \( -name '*.md' -o -name '*.txt' \) \
    ! -name README.md | sort)
i=0
for f in "${files[@]}"; do
    name=$(basename "$f")
    if [ "$target" = pipeline ]; then
        # Option bytes (tests/fuzz/pipelinefuzzer.cpp): the file as is with the default settings,
        # and two variations (encoding, paper, margins, sizes, spacing, flags) that differ per file.
        printf '\x00\x00\x88\x07' | cat - "$f" >"$seeds/$i-default-$name"
        printf "\\x$(printf %02x $((i * 37 % 256)))\\x$(printf %02x $((i * 11 % 256)))\\x$(printf %02x $((i * 53 % 256)))\\x$(printf %02x $((i * 29 % 256)))" |
            cat - "$f" >"$seeds/$i-a-$name"
        printf "\\x$(printf %02x $((128 + i * 5 % 128)))\\x$(printf %02x $((i * 3 % 64)))\\x$(printf %02x $((i * 7 % 256)))\\x$(printf %02x $((i * 13 % 128)))" |
            cat - "$f" >"$seeds/$i-b-$name"
    else
        cp "$f" "$seeds/$i-$name"
    fi
    i=$((i + 1))
done
[ -d "$data/fuzz-regressions/$target" ] && cp "$data/fuzz-regressions/$target"/* "$seeds/" 2>/dev/null || true

dict=()
[ -f "$src/tests/fuzz/$target.dict" ] && dict=(-dict="$src/tests/fuzz/$target.dict")
case "$target" in
pipeline) maxlen=32772 ;; # 4 option bytes + 32 KiB (the harness takes up to 64 KiB; half keeps runs fast under ASan)
trailer) maxlen=16384 ;;
esac
log "fuzzing $target for $seconds s (corpus $corpus, seeds $seeds, crashes to $artifacts/)"
cd "$work"
"$bin" -max_len=$maxlen -timeout=10 -rss_limit_mb=4096 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" -report_slow_units=2 "${dict[@]}" "${extra[@]}" "$corpus" "$seeds" || {
    status=$?
    log "the fuzzer stopped (exit $status): see the report above and $artifacts/"
    exit $status
}
