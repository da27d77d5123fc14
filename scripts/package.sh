#!/usr/bin/env bash
# Desk for Linux workstations, from this checkout: the PyInstaller one-folder bundle
# (build.spec), then from it
#   dist/desk-<version>-linux-x86_64.tar.gz   the bundle, for any distribution
#   dist/desk_<version>_amd64.deb             /opt/desk, /usr/bin/desk, a menu entry and icon
# and the sizes of each. The version is pyproject.toml's. Nothing here needs the network
# once the venv has PyInstaller (the [package] extra, installed when missing).
#   scripts/package.sh            build all three
# Not yet: the clean-root check of the .deb (issue 17), the Windows installer.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
[ -x "$VENV/bin/python" ] || { echo "no $VENV yet: run scripts/install.sh" >&2; exit 1; }
command -v dpkg-deb >/dev/null || ensure_debs dpkg

version=$("$VENV/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
dist="$REPO/dist"
bundle="$dist/desk"

if ! "$VENV/bin/python" -c 'import PyInstaller' 2>/dev/null; then
  say "Installing PyInstaller into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$REPO[package]"
fi

say "Building the translations and the bundle (PyInstaller, build.spec)"
i18n_release
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$REPO/build/pyinstaller" build.spec
# libpython from pyenv keeps its debug symbols (16 MB); strip only what is known to carry
# them: stripping everything breaks NumPy's OpenBLAS ("ELF load command ... not page-aligned").
if command -v strip >/dev/null; then
  for lib in "$bundle"/_internal/libpython3*.so*; do
    [ -L "$lib" ] || strip --strip-debug "$lib"
  done
fi
"$bundle/desk" --version

say "The .tar.gz"
tarball="$dist/desk-$version-linux-$(uname -m).tar.gz"
tar -C "$dist" -czf "$tarball" desk

say "The .deb"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/desk"
cp -a "$bundle" "$stage/opt/desk"
ln -s /opt/desk/desk "$stage/usr/bin/desk"
install -m 0644 packaging/linux/desk.desktop "$stage/usr/share/applications/desk.desktop"
install -m 0644 packaging/linux/desk.svg "$stage/usr/share/icons/hicolor/scalable/apps/desk.svg"
{
  echo "Desk $version"
  echo "Licence: $("$VENV/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["license"])')"
  echo "The bundled libraries keep their own licences; their notices are under /opt/desk/_internal."
} >"$stage/usr/share/doc/desk/copyright"
installed_kb=$(du -sk "$stage" | cut -f1)
# Qt's xcb platform plugin loads these from the system (scripts/lib.sh: QT_RUNTIME_DEBS).
depends=$(echo "$QT_RUNTIME_DEBS" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /, /g')
cat >"$stage/DEBIAN/control" <<EOF
Package: desk
Version: $version
Architecture: $arch
Maintainer: Desk team <desk@localhost>
Installed-Size: $installed_kb
Depends: libc6, $depends
Section: mail
Priority: optional
Description: answer a flood of similar emails from a shared mailbox
 Desk connects to a shared mailbox (IMAP/SMTP), groups near-duplicate
 requests and answers a whole group with one reply template, exactly once,
 alone on SQLite or as a team on PostgreSQL. In French and English.
EOF
deb="$dist/desk_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null

say "Sizes"
printf '  bundle      %s\n' "$(du -sh "$bundle" | cut -f1)"
printf '  installed   %s MB (the .deb unpacked)\n' "$((installed_kb / 1024))"
printf '  .tar.gz     %s\n' "$(du -h "$tarball" | cut -f1)"
printf '  .deb        %s\n' "$(du -h "$deb" | cut -f1)"
echo "  largest parts of the bundle:"
# awk reads to the end (head would close the pipe early: SIGPIPE under pipefail).
du -sk "$bundle"/_internal/* 2>/dev/null | sort -rn \
  | awk -v root="$bundle/" 'NR <= 8 { sub(root, "", $2); printf "    %6.1f MB  %s\n", $1 / 1024, $2 }'
