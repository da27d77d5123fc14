#!/usr/bin/env bash
# Unpack Courier-IMAP for the tests, without installing it.
#
# courier-imap conflicts with dovecot-imapd (both provide imap-server): installing it
# removes Dovecot. The tests need both, so the package is downloaded with apt-get and
# unpacked into DESK_COURIER_ROOT (default /opt/desk-courier-imap), where
# tests/support/courier.py finds imaplogin and imapd. Its other dependencies
# (courier-base, courier-authdaemon, courier-authlib-userdb, gamin, libidn12) install
# normally: see the ensure_debs line of scripts/test.sh. Idempotent.
set -euo pipefail
root=${DESK_COURIER_ROOT:-/opt/desk-courier-imap}
if [ -x "$root/usr/bin/imapd" ] && [ -x "$root/usr/lib/courier/courier/imaplogin" ]; then
  exit 0
fi
work=$(mktemp -d)
chmod 755 "$work"  # apt-get download runs as _apt where it can
trap 'rm -rf "$work"' EXIT
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
(cd "$work" && apt-get download -qq courier-imap)
$sudo mkdir -p "$root"
$sudo dpkg-deb -x "$work"/courier-imap_*.deb "$root"
echo "Courier-IMAP unpacked into $root"
