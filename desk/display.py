"""Whether the window can open here, asked before Qt loads.

On Linux without a display, Qt's xcb plugin aborts the whole process (exit
134, "Reinstalling the application may fix this problem"), which tells an
agent on a server or an SSH session nothing useful. ``desk`` and ``desk demo``
ask :func:`missing_display` first and, when no display answers, say so in the
agent's language (:func:`no_display_message`) and exit 2.

A display is there when a Wayland compositor's socket exists or an X server
answers on ``DISPLAY`` (its socket, the abstract one Xorg also listens on, or
TCP for a forwarded ``host:N``). A ``QT_QPA_PLATFORM`` that needs no display
(``offscreen``, ``vnc``, ``eglfs``…) is taken at its word; Windows and macOS
always have one.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from desk.core.i18n import pick_language

X11_DIR = Path("/tmp/.X11-unix")
X11_TCP_BASE = 6000
CONNECT_TIMEOUT_S = 1.0
DISPLAY_PLATFORMS = frozenset({"", "xcb", "wayland", "wayland-egl"})
_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$")
HEADLESS_COMMANDS = "sync, send, cluster, ingest, stats, team, serve"


class MissingDisplay(NamedTuple):
    """Why no window can open: ``kind`` is "unset" (no DISPLAY, no WAYLAND_DISPLAY),
    "wayland" (no compositor at ``value``), "x11" (no X server answers at ``value``) or
    "no-x" (Qt told to use X, and no DISPLAY)."""

    kind: str
    value: str = ""


def missing_display(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> MissingDisplay | None:
    """None when a window can open here; else what is missing."""
    env = os.environ if environ is None else environ
    if platform in ("win32", "darwin"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if qpa not in DISPLAY_PLATFORMS:
        return None  # offscreen, minimal, vnc, eglfs, linuxfb: no display needed
    wayland, display = env.get("WAYLAND_DISPLAY", ""), env.get("DISPLAY", "")
    if qpa != "xcb" and wayland and _wayland_socket(wayland, env).exists():
        return None
    if qpa.startswith("wayland"):  # Qt is told to use Wayland alone
        return MissingDisplay("wayland", wayland)
    if display:
        return None if _x_server_answers(display) else MissingDisplay("x11", display)
    if qpa == "xcb":
        return MissingDisplay("no-x")
    return MissingDisplay("wayland", wayland) if wayland else MissingDisplay("unset")


def _wayland_socket(name: str, env: Mapping[str, str]) -> Path:
    path = Path(name)
    if path.is_absolute():
        return path
    return Path(env.get("XDG_RUNTIME_DIR", f"/run/user/{_uid()}")) / name


def _uid() -> int:
    getuid = getattr(os, "getuid", None)  # POSIX only; this module asks on Linux alone
    return int(getuid()) if getuid is not None else 0


def _x_server_answers(display: str) -> bool:
    """Whether something accepts a connection where ``display``'s X server listens."""
    found = _DISPLAY.match(display)
    if found is None:
        return False
    host, number = found["host"], int(found["number"])
    if host in ("", "unix"):
        path = str(X11_DIR / f"X{number}")
        return _connects(socket.AF_UNIX, "\0" + path) or _connects(socket.AF_UNIX, path)
    return _connects(socket.AF_INET, (host, X11_TCP_BASE + number))


def _connects(family: int, address: str | tuple[str, int]) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(CONNECT_TIMEOUT_S)
            probe.connect(address)
    except OSError:
        return False
    return True


def message_language(setting: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The window's own choice (:func:`~desk.core.i18n.pick_language`), made without Qt: the
    system's language is the first locale variable set of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``."""
    env = os.environ if environ is None else environ
    system = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    return pick_language(setting, system)


_REASONS = {
    "en": {
        "unset": "neither DISPLAY nor WAYLAND_DISPLAY is set",
        "wayland": "no Wayland compositor at WAYLAND_DISPLAY={value}",
        "x11": "no X server answers at DISPLAY={value}",
        "no-x": "QT_QPA_PLATFORM=xcb and DISPLAY is not set",
    },
    "fr": {
        "unset": "ni DISPLAY ni WAYLAND_DISPLAY n’est défini",
        "wayland": "aucun compositeur Wayland à WAYLAND_DISPLAY={value}",
        "x11": "aucun serveur X ne répond à DISPLAY={value}",
        "no-x": "QT_QPA_PLATFORM=xcb et DISPLAY n’est pas défini",
    },
}


def no_display_message(language: str, missing: MissingDisplay) -> str:
    """What ``desk`` says instead of opening a window it cannot show (French or English)."""
    reason = _REASONS["en" if language == "en" else "fr"][missing.kind].format(value=missing.value)
    if language == "en":
        return (
            "desk: the window needs a desktop session, and there is no display here "
            f"({reason}). Without one, “desk demo --no-window” and the commands without a "
            f"window ({HEADLESS_COMMANDS}) work."
        )
    return (
        "desk\u00a0: la fenêtre a besoin d’une session de bureau, et il n’y a pas d’affichage "
        f"ici ({reason}). Sans affichage, «\u00a0desk demo --no-window\u00a0» et les commandes "
        f"sans fenêtre ({HEADLESS_COMMANDS}) fonctionnent."
    )
