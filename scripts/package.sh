#!/usr/bin/env bash
# Desk for Linux workstations, from this checkout: the PyInstaller one-folder bundle
# (build.spec), then from it
#   dist/desk-<version>-linux-x86_64.tar.gz   the bundle, for any distribution
#   dist/desk_<version>_amd64.deb             /opt/desk, /usr/bin/desk, a menu entry and icon
# and the sizes of each. The version is pyproject.toml's. Building needs no network once
# the venv has PyInstaller (the [package] extra, installed when missing).
#   scripts/package.sh               build all three
#   scripts/package.sh --check       build, then check the .deb in a clean Debian 12 root
#   scripts/package.sh --check-only  check the .deb already in dist/ (no build)
# The check (root only; needs deb.debian.org): a debootstrap --variant=minbase root of
# bookworm, made once and kept as build/cleanroot/bookworm-minbase-<arch>.tar (delete it to
# make a new one), is unpacked afresh; apt installs the .deb (its Depends resolved from the
# mirror, downloads kept in build/cleanroot/apt-archives), xvfb and xauth, without
# recommends. Then, in that root: no python3 at all; `desk --version` says pyproject's
# version; `desk demo --selftest` (under Xvfb, QT_DEBUG_PLUGINS=1) exits 0, its own check
# having found no module and no Qt plugin from outside the bundle, and Qt reporting no
# plugin folder or plugin loaded outside /opt/desk; `desk cluster` writes one JSON line per
# message of tests/fixtures/mail. /proc, /sys, /dev/pts and /dev/shm are mounted in the
# root and unmounted on any exit. Minutes long: not part of scripts/test.sh (CI); the
# `package` pytest test (tests/test_package.py, `pytest -m package`) runs --check-only.
# Not yet: the Windows installer.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

build=1 check=""
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  --check-only) build="" check=1 ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: scripts/package.sh [--check | --check-only]" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "usage: scripts/package.sh [--check | --check-only]" >&2; exit 2; }

[ -x "$VENV/bin/python" ] || { echo "no $VENV yet: run scripts/install.sh" >&2; exit 1; }
command -v dpkg-deb >/dev/null || ensure_debs dpkg

version=$("$VENV/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
dist="$REPO/dist"
bundle="$dist/desk"
deb="$dist/desk_${version}_${arch}.deb"

# What the EXIT trap undoes: the .deb's staging folder, the clean root's copies (their
# mounts first). INT and TERM exit through it too.
stage="" scratch=()
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cleanup() {
  local dir
  [ -z "$stage" ] || rm -rf "$stage"
  for dir in ${scratch[@]+"${scratch[@]}"}; do remove_root "$dir" || true; done
}

# The mount points under DIR, deepest first (paths here have no spaces: /proc/self/mounts
# would escape them).
mounts_under() {
  awk -v dir="$1" '$2 == dir || index($2, dir "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

# End what still runs in the root DIR (its own processes: their root is DIR), unmount
# everything under DIR, then delete it; kept (and said) if a mount would not go.
remove_root() {
  local dir=$1 proc pid target left
  [ -d "$dir" ] || return 0
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    target=$(readlink "$proc/root" 2>/dev/null) || continue
    case "$target" in "$dir" | "$dir"/*) kill -KILL "$pid" 2>/dev/null || true ;; esac
  done
  for target in $(mounts_under "$dir"); do
    umount "$target" 2>/dev/null || umount --lazy "$target" || true
  done
  left=$(mounts_under "$dir")
  if [ -n "$left" ]; then
    echo "still mounted, $dir kept: $left" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}

# The .deb installed in a fresh copy of a clean Debian 12 root, and Desk run there.
clean_root_check() {
  local suite=bookworm mirror=http://deb.debian.org/debian
  local cache="$REPO/build/cleanroot" started=$SECONDS t
  local cached="$cache/$suite-minbase-$arch.tar"
  [ -f "$deb" ] || { echo "no $deb: run scripts/package.sh first (or --check)" >&2; return 1; }
  [ "$(id -u)" -eq 0 ] || { echo "the clean-root check needs root (debootstrap, chroot, mount)" >&2; return 1; }
  command -v debootstrap >/dev/null || ensure_debs debootstrap
  mkdir -p "$cache/apt-archives/partial"

  if [ -f "$cached" ]; then
    say "The clean $suite root: $cached (cached; delete it for a new one)"
  else
    say "Making a clean $suite root: debootstrap --variant=minbase (kept as $cached)"
    t=$SECONDS
    local fresh
    fresh=$(mktemp -d "$cache/debootstrap.XXXXXX")
    scratch+=("$fresh")
    chmod 0755 "$fresh"  # the root's /, which mktemp made 0700: _apt and users walk it
    debootstrap --variant=minbase --arch="$arch" "$suite" "$fresh" "$mirror" \
      >"$cache/debootstrap.log" 2>&1 || { tail -n 30 "$cache/debootstrap.log" >&2; return 1; }
    tar --numeric-owner -C "$fresh" -cf "$cached.partial" .
    mv "$cached.partial" "$cached"
    remove_root "$fresh"
    echo "  debootstrap and its tarball: $((SECONDS - t)) s"
  fi

  say "Installing $(basename "$deb") in a fresh copy of it"
  t=$SECONDS
  local work root
  work=$(mktemp -d "$cache/run.XXXXXX")
  scratch+=("$work")
  root="$work/root"
  mkdir "$root"
  tar --numeric-owner -C "$root" -xpf "$cached"
  chmod 0755 "$root"
  mount -t proc proc "$root/proc"
  mount -t sysfs -o ro sysfs "$root/sys"
  mkdir -p "$root/dev/pts" "$root/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
  ln -sf pts/ptmx "$root/dev/ptmx"
  mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
  mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  if [ ! -s "$root/etc/apt/sources.list" ] && ! ls "$root"/etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    echo "deb $mirror $suite main" >"$root/etc/apt/sources.list"
  fi
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"  # no service starts
  chmod 0755 "$root/usr/sbin/policy-rc.d"
  cp "$deb" "$root/tmp/"
  in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
  }
  in_root apt-get -qq -o Acquire::Retries=3 update
  in_root sh -c "cd /tmp && apt-get install -y -qq -o Acquire::Retries=3 \
    --no-install-recommends ./$(basename "$deb") xvfb xauth" >"$work/apt.log" 2>&1 \
    || { tail -n 30 "$work/apt.log" >&2; return 1; }
  echo "  installed in $((SECONDS - t)) s: $(in_root dpkg-query -W -f='${Version}' desk)," \
    "$(in_root dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -c '^ii') packages in the root"

  say "Checking Desk in the clean root"
  t=$SECONDS
  local fail=0 found
  if found=$(in_root sh -c 'command -v python3 || ls /usr/bin/python3* /usr/local/bin/python3*' 2>/dev/null); then
    echo "FAIL: the root has a Python ($found): the bundle must carry its own" >&2; fail=1
  else
    echo "  no python3 in the root"
  fi

  found=$(in_root desk --version) || found="(exit $?)"
  if [ "$found" = "desk $version" ]; then
    echo "  desk --version: $found"
  else
    echo "FAIL: desk --version said '$found', not 'desk $version'" >&2; fail=1
  fi

  local status=0
  in_root env DESK_HOME=/tmp/deskhome QT_DEBUG_PLUGINS=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" desk demo --selftest --size 100 \
    >"$work/selftest.out" 2>"$work/selftest.err" || status=$?
  local loaded outside
  loaded=$(sed -n 's/^qt\.core\.library: "\(.*\)" loaded library$/\1/p' "$work/selftest.err")
  outside=$( { echo "$loaded"
    sed -n 's/^qt\.core\.plugin\.factoryloader: checking directory path "\(.*\)" \.\.\.$/\1/p' \
      "$work/selftest.err"; } | grep -v -e '^/opt/desk/' -e '^$' || true)
  if [ "$status" -ne 0 ]; then
    echo "FAIL: desk demo --selftest exited $status:" >&2
    grep -v '^qt\.' "$work/selftest.err" | tail -n 30 >&2; fail=1
  elif ! grep -q 'all from the bundle' "$work/selftest.out"; then
    echo "FAIL: the self-test did not check the bundle (not a frozen build?)" >&2; fail=1
  else
    echo "  desk demo --selftest: exit 0; $(grep 'all from the bundle' "$work/selftest.out" | sed 's/^desk: self-test: //')"
  fi
  if [ -n "$outside" ]; then
    echo "FAIL: Qt looked for or loaded plugins outside /opt/desk:" >&2
    echo "$outside" | sed 's/^/  /' >&2; fail=1
  elif ! echo "$loaded" | grep -q '/platforms/libqxcb\.so$'; then
    echo "FAIL: QT_DEBUG_PLUGINS did not show the xcb platform plugin loaded" >&2; fail=1
  else
    echo "  Qt plugins loaded, all under /opt/desk:"
    echo "$loaded" | sed 's|^/opt/desk/_internal/PySide6/Qt/plugins/|    |'
  fi

  mkdir "$root/tmp/mail"
  cp tests/fixtures/mail/*.eml "$root/tmp/mail/"
  local messages lines
  messages=$(find "$root/tmp/mail" -name '*.eml' | wc -l)
  status=0
  in_root env DESK_HOME=/tmp/deskhome desk cluster /tmp/mail --jsonl /tmp/clusters.jsonl \
    >"$work/cluster.log" 2>&1 || status=$?
  lines=$(grep -c '"cluster"' "$root/tmp/clusters.jsonl" 2>/dev/null || true)
  if [ "$status" -ne 0 ] || [ "${lines:-0}" -ne "$messages" ]; then
    echo "FAIL: desk cluster exited $status with ${lines:-0} line(s) for $messages messages:" >&2
    tail -n 20 "$work/cluster.log" >&2; fail=1
  else
    echo "  desk cluster: $(tail -n 1 "$work/cluster.log")"
  fi
  echo "  checks: $((SECONDS - t)) s; clean-root check in all: $((SECONDS - started)) s"

  remove_root "$work"
  [ "$fail" -eq 0 ] || { echo "the clean-root check FAILED" >&2; return 1; }
  say "The .deb passed the clean-root check"
}

if [ -z "$build" ]; then
  clean_root_check
  exit
fi

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

[ -z "$check" ] || clean_root_check
