"""Stores for the window benchmark (bench/ui.py), built once and cached under bench/out/.

* ``ui-store-<size>-<seed>.sqlite3``: the demo mailbox of ``size`` messages,
  ingested and clustered at 85 % (what ``desk demo`` leaves behind), about
  3–4 minutes for 100,000 messages. The Maildir is bench/quality.py's when it
  is already there (``quality-<size>-<seed>``), else it is generated.
* ``ui-empty.sqlite3``: a migrated store with nothing in it (a sync fills it).

Each measurement works on a private copy on tmpfs (:func:`scratch_copy`): the
window writes (agent, templates, claims, regroups, replies).

Run alone to build the cache: ``.venv/bin/python -m bench.ui_store [--size 100000]``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from desk.cluster.service import ClusterService
from desk.demo.generator import generate_mailbox
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.store.database import open_store
from desk.store.engine import sqlite_url

OUT = Path(__file__).resolve().parent / "out"
TMPFS = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
THRESHOLD = 85.0


def maildir(size: int, seed: int) -> Path:
    """The demo Maildir of that size and seed, shared with bench/quality.py's cache."""
    root = OUT / f"quality-{size}-{seed}"
    if not (root / ".complete").exists():
        print(f"Generating the demo mailbox ({size} messages) in {root} ...", flush=True)
        generate_mailbox(root, size=size, seed=seed)
        (root / ".complete").write_text("ok")
    return root / "Maildir"


def clustered_store(size: int = 100_000, seed: int = 1, workers: int = 2) -> Path:
    """The cached SQLite store of the demo mailbox, ingested and clustered (built when missing)."""
    path = OUT / f"ui-store-{size}-{seed}.sqlite3"
    marker = path.with_suffix(".complete")
    if path.exists() and marker.exists():
        # A store cached by an older Desk is migrated here once, not in every measured start.
        open_store(sqlite_url(path)).close()
        return path
    source = maildir(size, seed)
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    store = open_store(sqlite_url(building))
    try:
        started = time.perf_counter()
        report = ingest_source(store.sessions, open_source(source), workers=workers)
        print(
            f"  ingested {report.added} messages in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        started = time.perf_counter()
        clusters = ClusterService(store.sessions, THRESHOLD, workers=workers).update()
        print(
            f"  {clusters.clusters} clusters in {time.perf_counter() - started:.0f} s", flush=True
        )
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    building.rename(path)
    marker.write_text("ok")
    return path


def empty_store() -> Path:
    """A cached migrated store holding nothing."""
    path = OUT / "ui-empty.sqlite3"
    if not path.exists():
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        open_store(sqlite_url(building)).close()
        building.rename(path)
    open_store(sqlite_url(path)).close()  # at the current schema (cached by an older Desk?)
    return path


def scratch_copy(path: Path, name: str) -> Path:
    """A private copy of a cached store on tmpfs (remove it with :func:`remove_store`)."""
    target = TMPFS / f"desk-ui-{name}-{time.monotonic_ns()}.sqlite3"
    shutil.copyfile(path, target)
    return target


def remove_store(path: Path) -> None:
    """Delete a SQLite store and its journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    path = clustered_store(args.size, args.seed)
    print(f"{path}: {path.stat().st_size / 1e6:.0f} MB ({time.perf_counter() - started:.0f} s)")
    print(empty_store())


if __name__ == "__main__":
    main()
