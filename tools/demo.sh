#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Opens the bundled reference sample in Okular with the plugin from the build tree. Without a
# display, renders the sample's pages to PNG instead and prints where they are.
# usage: demo.sh BUILD_DIR [FILE] [--mode MODE]
set -euo pipefail
build=$1
shift
src="$(cd "$(dirname "$0")/.." && pwd)"
file="$src/tests/data/samples/000_7d941ea5db1c98f2.txt"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then file=$1; shift; fi

export QT_PLUGIN_PATH="$build/lib${QT_PLUGIN_PATH:+:$QT_PLUGIN_PATH}"
export XDG_DATA_DIRS="$build/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v okular >/dev/null; then
    echo "Opening $file in Okular (plugin from $build/lib)"
    exec okular "$file"
fi

out="$build/demo"
rm -rf "$out" && mkdir -p "$out"
echo "No display: rendering the pages of $(basename "$file") to PNG"
"$build/bin/okular-bilingual" render "$file" --dpi 110 -o "$out" "$@" >/dev/null
echo "$(ls "$out"/*.png | wc -l) pages rendered; they are in: $out"
ls -1 "$out"/*.png
