"""The real window under Xvfb (xcb, not offscreen), as the README's picture is taken."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.support.required import missing

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_window_shows_in_a_real_x_display(tmp_path: Path, desk_home: Path) -> None:
    if not all(shutil.which(tool) for tool in ("Xvfb", "import", "convert")):
        missing("Xvfb and ImageMagick are not installed (scripts/test.sh installs them)")
    out = tmp_path / "window.png"
    env = {**os.environ, "DESK_HOME": str(desk_home), "DESK_DEMO_SIZE": "300"}
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "screenshot.sh"), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # Not a blank screen: the window painted (text, lists, the preview).
    assert int(done.stdout.strip().rsplit(" ", 2)[-2]) > 100
