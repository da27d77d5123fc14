#!/usr/bin/env bash
# Install what the tests need (Debian packages of the real servers, test tools), then run
# every check: lint, formatting, types, import walls, and the whole test suite.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2086
# dovecot-imapd: the real IMAP peer; isync: mbsync, the sync benchmark's floor;
# LibreOffice + poppler: the Word report is converted to PDF and read back;
# Xvfb + ImageMagick: the window in a real X display, and its picture (scripts/screenshot.sh);
# courier-*: the second IMAP server's parts (courier-imap itself conflicts with Dovecot's
# package, so scripts/courier_imap.sh unpacks it beside, uninstalled).
ensure_debs $QT_RUNTIME_DEBS postgresql e2fsprogs dovecot-imapd isync openssl \
  courier-base courier-authdaemon courier-authlib-userdb gamin libidn12 \
  libreoffice-writer-nogui poppler-utils fonts-crosextra-carlito xvfb xauth imagemagick
bash "$(dirname "$0")/courier_imap.sh"
ensure_venv "[test]"
cd "$REPO"
export DESK_REQUIRE_POSTGRES=1

say "ruff (lint)";          "$VENV/bin/ruff" check desk tests bench scripts
say "ruff (format)";        "$VENV/bin/ruff" format --check desk tests bench scripts
say "mypy --strict";        "$VENV/bin/mypy"
say "import contracts";     "$VENV/bin/lint-imports"
say "translations (.qm)";   i18n_release
say "pytest"
# pytest exits 5 when it collects nothing; set -e makes that (like any failure) fail the run.
"$VENV/bin/python" -m pytest -p no:cacheprovider "$@"
