"""Whether the window can open, asked before Qt loads: no display means a clear sentence, exit 2.

Without it, Qt's xcb plugin aborted ``desk`` and ``desk demo`` with exit 134
("Reinstalling the application may fix this problem"). The X servers here are
real: an Xvfb, and sockets that accept or refuse like a server's.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.display import (
    X11_TCP_BASE,
    MissingDisplay,
    message_language,
    missing_display,
    no_display_message,
)
from tests.support.required import missing

NO_DISPLAY = {"PATH": "/usr/bin:/bin"}


@pytest.fixture
def x_over_tcp() -> Iterator[str]:
    """A listener where a forwarded X display ``127.0.0.1:N`` would be (as ``ssh -X`` makes)."""
    for number in range(50, 100):
        listener = socket.socket()
        try:
            listener.bind(("127.0.0.1", X11_TCP_BASE + number))
        except OSError:
            listener.close()
            continue
        listener.listen()
        try:
            yield f"127.0.0.1:{number}.0"
        finally:
            listener.close()
        return
    pytest.fail("no free port between 6050 and 6099 for a fake forwarded display")


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A real X server (Xvfb) on a display number it picks; its DISPLAY."""
    if shutil.which("Xvfb") is None:
        missing("Xvfb is not installed (scripts/test.sh installs it)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "640x480x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as announced:
            number = announced.readline().strip()  # written once the server accepts clients
        assert number, "Xvfb did not announce its display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_nothing_set_means_no_display() -> None:
    assert missing_display(NO_DISPLAY, "linux") == MissingDisplay("unset")


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_always_have_one(platform: str) -> None:
    assert missing_display(NO_DISPLAY, platform) is None


@pytest.mark.parametrize("qpa", ["offscreen", "minimal", "vnc:size=800x600", "eglfs"])
def test_a_platform_needing_no_display_is_taken_at_its_word(qpa: str) -> None:
    assert missing_display({**NO_DISPLAY, "QT_QPA_PLATFORM": qpa}, "linux") is None


def test_a_real_x_server_is_found(xvfb: str) -> None:
    assert missing_display({**NO_DISPLAY, "DISPLAY": xvfb}, "linux") is None
    as_x = {**NO_DISPLAY, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    assert missing_display(as_x, "linux") is None


def test_a_display_nobody_answers_on_is_missing(xvfb: str) -> None:
    gone = f":{int(xvfb[1:]) + 40}"  # a number no server here holds
    assert missing_display({**NO_DISPLAY, "DISPLAY": gone}, "linux") == MissingDisplay("x11", gone)
    assert missing_display({**NO_DISPLAY, "DISPLAY": "not a display"}, "linux") == MissingDisplay(
        "x11", "not a display"
    )


def test_a_forwarded_display_answers_over_tcp(x_over_tcp: str) -> None:
    assert missing_display({**NO_DISPLAY, "DISPLAY": x_over_tcp}, "linux") is None


def test_a_wayland_compositor_is_found_by_its_socket(tmp_path: Path) -> None:
    env = {**NO_DISPLAY, "XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-0"}
    assert missing_display(env, "linux") == MissingDisplay("wayland", "wayland-0")
    with socket.socket(socket.AF_UNIX) as compositor:
        compositor.bind(str(tmp_path / "wayland-0"))
        assert missing_display(env, "linux") is None
        # Told to use X alone, Qt would not look at the compositor.
        assert missing_display({**env, "QT_QPA_PLATFORM": "xcb"}, "linux") == MissingDisplay("no-x")
    (tmp_path / "wayland-0").unlink()  # the compositor is gone; Qt is told to use Wayland
    absent = {**env, "QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}
    assert missing_display(absent, "linux") == MissingDisplay("wayland", "wayland-0")


def test_every_reason_is_said_in_both_languages() -> None:
    for kind in ("unset", "wayland", "x11", "no-x"):
        french = no_display_message("fr", MissingDisplay(kind, ":7"))
        english = no_display_message("en", MissingDisplay(kind, ":7"))
        assert french.startswith("desk\u00a0: la fenêtre") and english.startswith("desk: the")
        assert "{" not in french + english


@pytest.mark.parametrize(
    ("setting", "env", "language"),
    [
        ("en", {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        (None, {"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": "de_DE.UTF-8"}, "fr"),  # a language Desk does not speak: French
        (None, {"LANG": "C.UTF-8"}, "fr"),
        (None, {}, "fr"),
    ],
)
def test_the_sentence_speaks_the_windows_language(
    setting: str | None, env: dict[str, str], language: str
) -> None:
    assert message_language(setting, env) == language


def _desk(*args: str, home: Path, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update({"DESK_HOME": str(home), "LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""})
    return subprocess.run(
        [sys.executable, "-m", "desk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_desk_without_a_display_says_so_and_exits_2(tmp_path: Path) -> None:
    done = _desk(home=tmp_path, lang="fr_FR.UTF-8")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == no_display_message("fr", MissingDisplay("unset"))
    assert "Reinstalling" not in done.stderr


def test_desk_demo_without_a_display_stops_before_generating_anything(tmp_path: Path) -> None:
    done = _desk("demo", "--size", "600", home=tmp_path, lang="en_US.UTF-8")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == no_display_message("en", MissingDisplay("unset"))
    assert "desk demo --no-window" in done.stderr
    assert not (tmp_path / "cache").exists(), "no demo mailbox generated for a window never shown"


def test_the_commands_without_a_window_need_no_display(tmp_path: Path) -> None:
    done = _desk("demo", "--size", "600", "--no-window", home=tmp_path, lang="en_US.UTF-8")
    assert done.returncode == 0, done.stderr
    assert "Clusters:" in done.stdout
