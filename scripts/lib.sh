# Shared by install.sh and test.sh: Debian packages when missing, and the venv.
# shellcheck shell=bash

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$REPO/.venv"

say() { printf '\n==> %s\n' "$*"; }

# Qt's offscreen and xcb platform plugins need these at run time; fonts so text is not boxes.
QT_RUNTIME_DEBS="libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-sync1
  libxcb-xkb1 fonts-dejavu-core"

# Install the Debian packages that are missing; a prepared machine skips apt entirely.
# Services are not started by the packages (policy-rc.d): tests start private servers.
ensure_debs() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  say "Installing Debian packages: ${missing[*]}"
  local made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local status=0
  { $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq \
      && $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
           "${missing[@]}"; } || status=$?
  [ -n "$made_policy" ] && $sudo rm -f /usr/sbin/policy-rc.d
  return $status
}

# The project's virtual environment with Desk installed in editable mode (EXTRAS: e.g. "[test]").
ensure_venv() {
  local extras=${1:-}
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "Desk needs Python 3.11 or newer; found $(python3 --version)" >&2; return 1; }
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv --help >/dev/null 2>&1 || ensure_debs python3-venv
    say "Creating $VENV"
    python3 -m venv "$VENV"
  fi
  say "Installing Desk$extras into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$REPO$extras"
}

# The window's languages: i18n/desk_<lang>.ts are committed; the .qm files the window loads
# are built from them (scripts/i18n.sh, install.sh, test.sh) and never committed.
I18N_LANGUAGES="fr en"

# Refresh the .ts files from every translatable string under desk/ (English is the source
# language): translations already made are kept, strings gone from the code are dropped.
i18n_update() {
  local sources=() files=() lang
  mapfile -t sources < <(cd "$REPO" && find desk -name '*.py' | LC_ALL=C sort)
  for lang in $I18N_LANGUAGES; do files+=("i18n/desk_$lang.ts"); done
  (cd "$REPO" && "$VENV/bin/pyside6-lupdate" -source-language en -no-obsolete \
    -locations relative "${sources[@]}" -ts "${files[@]}")
}

# Build i18n/desk_<lang>.qm from each .ts (an entry still "unfinished" is left out of it).
i18n_release() {
  local lang
  for lang in $I18N_LANGUAGES; do
    "$VENV/bin/pyside6-lrelease" "$REPO/i18n/desk_$lang.ts" -qm "$REPO/i18n/desk_$lang.qm"
  done
}
