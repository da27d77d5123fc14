"""The packaged Desk against the venv's: start to the queue shown, on the same store, in one run.

Both run ``desk --db URL gui --selftest`` (``QT_QPA_PLATFORM=offscreen``),
which opens the window, waits until the queue is shown and quits: the time is
from the spawn to the process's exit, the same for both, so the ratio is what
packaging costs or saves. The venv's runs as installed (``python -m desk``,
bytecode written by the warm-up); the bundle is ``dist/desk/desk`` from
``scripts/package.sh``. Each run gets a private copy of the cached demo store
(bench/ui_store.py; 100,000 messages unless ``--size``).

Aim (issue 17): the bundle ≤ 1.2 × the venv. Also printed: the bundle's and
the ``.deb``'s sizes when they are there.

Run: ``.venv/bin/python -m bench.package [--runs 3] [--size 100000]`` after
``bash scripts/package.sh``. Exit status 0 whatever the figures; a missed aim
says MISSED.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ui_store import clustered_store, remove_store, scratch_copy

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "desk" / "desk"
AIM_RATIO = 1.2


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed as a user has it: bytecode kept
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DESK_HOME"] = str(home)
    return env


def start_once(command: list[str], store: Path) -> float:
    """Seconds from spawn to the exit of one ``gui --selftest`` on a copy of ``store``."""
    copy = scratch_copy(store, "package")
    home = Path(tempfile.mkdtemp(prefix="desk-package-home-"))
    try:
        started = time.monotonic()
        done = subprocess.run(
            [*command, "--db", f"sqlite:///{copy}", "gui", "--selftest"],
            env=_env(home),
            cwd=home,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        seconds = time.monotonic() - started
    finally:
        remove_store(copy)
        shutil.rmtree(home, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def _size(path: Path) -> str:
    if path.is_dir():
        files = (p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
        total = sum(p.stat().st_size for p in files)
    else:
        total = path.stat().st_size
    return f"{total / 1e6:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    if not BUNDLE.exists():
        sys.exit(f"no {BUNDLE.relative_to(ROOT)}: run bash scripts/package.sh first")
    store = clustered_store(args.size)
    commands = {"venv": [sys.executable, "-m", "desk"], "bundle": [str(BUNDLE)]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(args.runs + 1):  # run 0 warms the page cache and writes bytecode
        line = []
        for name, command in commands.items():
            seconds = start_once(command, store)
            line.append(f"{name} {seconds:.2f} s")
            if run:
                times[name].append(seconds)
        print(f"  {'warm-up' if run == 0 else f'run {run}'}: {', '.join(line)}", flush=True)
    venv, bundle = (statistics.median(times[name]) for name in ("venv", "bundle"))
    ratio = bundle / venv
    print(
        f"\nstart to queue shown and exit, {args.size} messages (median of {args.runs}):\n"
        f"  venv {venv:.2f} s, bundle {bundle:.2f} s: {ratio:.2f} × "
        f"(aim ≤ {AIM_RATIO} ×) {'met' if ratio <= AIM_RATIO else 'MISSED'}"
    )
    print(f"  bundle {_size(BUNDLE.parent)}", end="")
    for deb in sorted((ROOT / "dist").glob("desk_*.deb")):
        print(f", {deb.name} {_size(deb)}", end="")
    print()


if __name__ == "__main__":
    main()
