#!/usr/bin/env bash
# A picture of the real window under Xvfb: the demo mailbox, in French, a cluster and its
# preview open. Usage: bash scripts/screenshot.sh [OUT.png]   (default docs/window-fr.png)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out=${1:-$REPO/docs/window-fr.png}
# shellcheck disable=SC2086
ensure_debs xvfb xauth imagemagick
"$VENV/bin/desk" demo --no-window --size "${DESK_DEMO_SIZE:-2000}" >/dev/null
bash "$REPO/scripts/i18n.sh" --release >/dev/null

dfile=$(mktemp)
ready=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$dfile" 2>/dev/null &
xpid=$!
apid=
trap 'kill $apid 2>/dev/null || true; kill $xpid 2>/dev/null || true; rm -f "$dfile" "$ready"' EXIT
for _ in $(seq 50); do [ -s "$dfile" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$dfile")"
QT_QPA_PLATFORM=xcb LANG=fr_FR.UTF-8 "$VENV/bin/python" "$REPO/scripts/screenshot.py" >"$ready" &
apid=$!
for _ in $(seq 600); do grep -q READY "$ready" && break; kill -0 "$apid"; sleep 0.1; done
grep -q READY "$ready" || { echo "the window never got ready" >&2; exit 1; }
sleep 0.5                                   # let the last paint reach the screen
import -window root "$out"
kill -0 "$apid"                             # the app is still alive
colours=$(convert "$out" -format '%k' info:)
echo "$out: $colours colours"
[ "$colours" -gt 100 ]
