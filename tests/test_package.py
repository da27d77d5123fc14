"""The built .deb installs and runs in a clean Debian 12 root (``scripts/package.sh --check-only``).

Minutes long and root only (debootstrap, chroot, mounts), with deb.debian.org
reachable: it runs only when asked, ``pytest -m package``, never in the
default run (``scripts/test.sh``, which CI runs). It checks the .deb already
in ``dist/``: build it first with ``scripts/package.sh`` (or run
``scripts/package.sh --check``, which builds and checks in one go).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 1800

pytestmark = pytest.mark.package


def _asked_for(config: pytest.Config) -> bool:
    """Whether the mark expression names ``package`` (``-m package``), not ``not package``."""
    expression = str(config.getoption("markexpr", "") or "")
    return re.search(r"(?<!not )\bpackage\b", expression) is not None


def _deb() -> Path:
    with (ROOT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    architecture = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return ROOT / "dist" / f"desk_{version}_{architecture}.deb"


def test_the_deb_runs_in_a_clean_debian_root(request: pytest.FixtureRequest) -> None:
    if not _asked_for(request.config):
        pytest.skip("minutes long: runs only with -m package (scripts/package.sh --check)")
    if not sys.platform.startswith("linux") or shutil.which("dpkg") is None:
        pytest.skip("a Debian package check: needs Linux with dpkg")
    if os.geteuid() != 0:
        pytest.skip("needs root: debootstrap, chroot and mounts")
    if shutil.which("debootstrap") is None:
        pytest.skip("no debootstrap: apt-get install debootstrap (scripts/package.sh --check does)")
    deb = _deb()
    if not deb.exists():
        pytest.skip(f"no {deb.relative_to(ROOT)}: build it with scripts/package.sh")
    # Its own process group: on a timeout, SIGINT reaches the script and what it runs in the
    # root, and its trap unmounts and deletes the root (a SIGKILL would leave the mounts).
    check = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "package.sh"), "--check-only"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = check.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(check.pid, signal.SIGINT)
        stdout, stderr = check.communicate(timeout=300)
        pytest.fail(f"scripts/package.sh --check-only took over {TIMEOUT_S} s:\n{stdout[-6000:]}")
    report = f"{stdout[-6000:]}\n--- stderr ---\n{stderr[-6000:]}"
    assert check.returncode == 0, report
    assert "The .deb passed the clean-root check" in stdout, report
