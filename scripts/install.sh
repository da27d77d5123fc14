#!/usr/bin/env bash
# Install Desk and what it needs to run on Debian/Ubuntu: Qt's system libraries, a venv, and
# the window's compiled translations.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2086
ensure_debs $QT_RUNTIME_DEBS
ensure_venv "${DESK_EXTRAS:-}"
say "Building the window's translations (i18n/*.qm)"
i18n_release
say "Desk installed: $VENV/bin/desk"
