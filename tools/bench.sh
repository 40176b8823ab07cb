#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the benchmarks against the build tree: the Okular generator against Okular's txt generator
# (okb-bench) and, when built, the aligner's quality and speed benchmark (okb-align-bench).
# usage: bench.sh BUILD_DIR [okb-bench options]
set -euo pipefail
build=$1
shift
export QT_PLUGIN_PATH="$build/lib" XDG_DATA_DIRS="$build/share:/usr/local/share:/usr/share" QT_QPA_PLATFORM=offscreen
echo "== Okular generators: ours vs txt (same run, same files)"
"$build/bin/okb-bench" "$@"
if [ -x "$build/bin/okb-align-bench" ]; then
    echo
    echo "== Aligner: quality (gold alignments) and speed"
    "$build/bin/okb-align-bench"
fi
