#!/usr/bin/env bash
# The window's translations: refresh i18n/desk_<lang>.ts from the code (lupdate), then build
# the i18n/desk_<lang>.qm files the window loads (lrelease). Running it again changes nothing.
#   scripts/i18n.sh            both
#   scripts/i18n.sh --update   the .ts files only (after adding or changing strings)
#   scripts/i18n.sh --release  the .qm files only (install.sh and test.sh do this)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
update=1 release=1
case "${1:-}" in
  "") ;;
  --update) release=0 ;;
  --release) update=0 ;;
  -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--update | --release]" >&2; exit 2 ;;
esac
[ -x "$VENV/bin/pyside6-lupdate" ] || { echo "no $VENV yet: run scripts/install.sh" >&2; exit 1; }
if [ "$update" = 1 ]; then
  say "Updating the .ts files from desk/"
  i18n_update
  for lang in $I18N_LANGUAGES; do
    left=$(grep -c 'type="unfinished"' "$REPO/i18n/desk_$lang.ts" || true)
    [ "$left" = 0 ] || echo "i18n/desk_$lang.ts: $left string(s) to translate (type=\"unfinished\")"
  done
fi
if [ "$release" = 1 ]; then
  say "Building the .qm files"
  i18n_release
fi
