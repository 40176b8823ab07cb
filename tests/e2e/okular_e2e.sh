#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end: the real `okular` binary, under Xvfb with its own D-Bus session, opens a sample with
# the built plugin (QT_PLUGIN_PATH) and MIME package (XDG_DATA_DIRS). Okular's D-Bus interface then
# proves that our generator was used (only it reports the ChineseTitle document-info key and its
# page count), and a screenshot is kept as an artefact.
#
# usage: okular_e2e.sh BUILD_DIR SAMPLE EXPECTED_CHINESE_TITLE ARTIFACT_PNG [MODE [NEW_MODE]]
# With OKB_EXPECT_COLOR=#RRGGBB in the environment, the first screenshot must show at least 300
# pixels of that colour (a saved highlight annotation drawn by Okular on the first page).
# MODE is a reading mode of the backend settings (SourceOrder, Interlinear, SideBySide, ...).
# With NEW_MODE, the settings file is then changed and Okular's own reload (the path the backend
# takes after its settings page changes the layout) must bring the new layout and page count into
# the open window; a second screenshot is kept.
set -euo pipefail
build=$1 sample=$2 expected=$3 shot=$4 mode=${5:-} newmode=${6:-}
mkdir -p "$(dirname "$shot")"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

export QT_PLUGIN_PATH="$build/lib"
export XDG_DATA_DIRS="$build/share:/usr/local/share:/usr/share"
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM
# Okular would otherwise show its first-run/tips dialogs or restore a session.
mkdir -p "$XDG_CONFIG_HOME" && printf '[General]\nShouldShowTipOfDay=false\n' > "$XDG_CONFIG_HOME/okularrc"
# The backend's own settings (KConfig XT, the same file its settings page writes).
[ -n "$mode" ] && printf '[Layout]\nMode=%s\n' "$mode" > "$XDG_CONFIG_HOME/okular-generator-bilingualrc"

display=:$((90 + RANDOM % 400))
Xvfb "$display" -screen 0 1400x1000x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
export DISPLAY=$display
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

export OKB_NEW_MODE="$newmode"
dbus-run-session -- bash -s "$sample" "$expected" "$shot" <<'INNER'
set -euo pipefail
sample=$1 expected=$2 shot=$3
okular -qwindowgeometry 1400x1000+0+0 "$sample" >"$XDG_RUNTIME_DIR/okular.log" 2>&1 &
pid=$!
service=org.kde.okular-$pid
title=""
for _ in $(seq 150); do
    title=$(qdbus6 "$service" /okular documentMetaData ChineseTitle 2>/dev/null || true)
    [ -n "$title" ] && break
    kill -0 $pid 2>/dev/null || { echo "okular exited early"; cat "$XDG_RUNTIME_DIR/okular.log"; exit 1; }
    sleep 0.2
done
pages=$(qdbus6 "$service" /okular pages 2>/dev/null || echo 0)
mime=$(qdbus6 "$service" /okular documentMetaData mimeType 2>/dev/null || true)
doc=$(qdbus6 "$service" /okular currentDocument 2>/dev/null || true)
echo "okular pid=$pid document=$doc pages=$pages mime=$mime chineseTitle=$title"
sleep 2 # let the first page paint
import -window root "$shot"
if [ -n "$OKB_NEW_MODE" ]; then
    # Read on page 3, then switch: the reader must land where that text went (a later page in
    # the bilingual modes), not on page 3 of the new layout.
    qdbus6 "$service" /okular goToPage 3 >/dev/null 2>&1 || true
    sleep 1
    printf '[Layout]\nMode=%s\n' "$OKB_NEW_MODE" > "$XDG_CONFIG_HOME/okular-generator-bilingualrc"
    qdbus6 "$service" /okular reload >/dev/null 2>&1 || true
    newpages=$pages
    for _ in $(seq 50); do
        newpages=$(qdbus6 "$service" /okular pages 2>/dev/null || echo 0)
        [ "$newpages" != "$pages" ] && [ "$newpages" != 0 ] && break
        sleep 0.2
    done
    sleep 2
    current=$(qdbus6 "$service" /okular currentPage 2>/dev/null || echo 0)
    echo "after switching to $OKB_NEW_MODE and reloading: pages=$newpages, reading page $current (was 3)"
    import -window root "${shot%.png}-after-$OKB_NEW_MODE.png"
    if [ "$current" -le 3 ] 2>/dev/null; then
        echo "FAIL: the reading position was not carried into the new layout (page $current)"
        kill $pid 2>/dev/null || true
        exit 1
    fi
    if [ "$newpages" = "$pages" ] || [ "$newpages" = 0 ]; then
        echo "FAIL: the page count did not change after the new layout ($pages -> $newpages)"
        kill $pid 2>/dev/null || true
        exit 1
    fi
fi
kill $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
fail=0
[ "$title" = "$expected" ] || { echo "FAIL: ChineseTitle via D-Bus is '$title', expected '$expected' (our generator not used?)"; fail=1; }
[ "$mime" = "text/x-bilingual-article" ] || { echo "FAIL: mime type '$mime'"; fail=1; }
[ "$pages" -ge 1 ] 2>/dev/null || { echo "FAIL: page count '$pages'"; fail=1; }
[ -s "$shot" ] || { echo "FAIL: no screenshot"; fail=1; }
if [ $fail -ne 0 ]; then cat "$XDG_RUNTIME_DIR/okular.log" | tail -30; exit 1; fi
if [ -n "${OKB_EXPECT_COLOR:-}" ]; then
    # Pixels within 6 % of the colour (Okular multiplies the highlight over white paper).
    count=$(convert "$shot" -alpha off -fuzz 6% -fill black +opaque "$OKB_EXPECT_COLOR" -fill white -opaque "$OKB_EXPECT_COLOR" \
        -format '%[fx:round(mean*w*h)]' info:)
    echo "pixels of $OKB_EXPECT_COLOR in the screenshot: $count"
    [ "$count" -ge 300 ] || { echo "FAIL: the saved highlight is not on screen"; exit 1; }
fi
echo "screenshot: $shot"
INNER
