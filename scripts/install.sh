#!/usr/bin/env bash
# Install Desk and what it needs to run on Debian/Ubuntu: Qt's system libraries and a venv.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2086
ensure_debs $QT_RUNTIME_DEBS
ensure_venv "${DESK_EXTRAS:-}"
say "Desk installed: $VENV/bin/desk"
