"""Ingest speed and memory against the stdlib parser, in one run.

Baseline: ``email.message_from_bytes(raw, policy=email.policy.default)`` over
the same files, single process (reading the files included). Measured: Desk's
whole ingest into a new SQLite store (reading, parsing in the process pool,
database writes), then the same ingest again (everything already stored).
The ingest runs in a child process whose whole process tree's resident memory
is polled, so the parser workers count toward the peak.

Run: ``.venv/bin/python -m bench.ingest [--size 26000] [--seed 2020]``
Aims (issue 3): ingest ≤ 0.3 × baseline, re-ingest ≤ 5 % of ingest, peak < 500 MB.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desk.demo.generator import generate_mailbox
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.store.database import open_store
from desk.store.engine import sqlite_url

OUT = Path(__file__).resolve().parent / "out"


def demo_mailbox(size: int, seed: int) -> Path:
    """The demo Maildir of ``size`` messages, generated once and cached in bench/out."""
    root = OUT / f"demo-{size}-{seed}"
    if not (root / ".complete").exists():
        started = time.perf_counter()
        generated = generate_mailbox(root, size=size, seed=seed)
        (root / ".complete").write_text(str(generated.count))
        print(f"generated {generated.count} messages in {time.perf_counter() - started:.1f} s")
    return root / "Maildir"


def baseline(maildir: Path) -> tuple[float, int]:
    """Seconds to read and parse every file with the stdlib's default policy."""
    files = sorted(p for sub in ("new", "cur") for p in (maildir / sub).iterdir())
    started = time.perf_counter()
    for path in files:
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return time.perf_counter() - started, len(files)


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_measured(module: str, *args: str) -> tuple[str, float]:
    """Run ``python -m module --child args…``; its output and its tree's peak RSS (MB)."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--child", *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.05)
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"{module} child failed ({process.returncode}): {output}")
    return output, peak / 1024


def run_child(maildir: Path, db: Path) -> tuple[dict[str, float], float]:
    """Run one ingest in a child process; its report and the tree's peak RSS (MB)."""
    output, peak = run_measured("bench.ingest", str(maildir), str(db))
    return json.loads(output.strip().splitlines()[-1]), peak


def child(maildir: Path, db: Path) -> None:
    """In the child: open the store, time the ingest alone, print the figures as JSON."""
    started = time.perf_counter()
    store = open_store(sqlite_url(db))
    opened = time.perf_counter()
    report = ingest_source(store.sessions, open_source(maildir))
    done = time.perf_counter()
    store.close()
    print(
        json.dumps(
            {
                "open_s": opened - started,
                "ingest_s": done - opened,
                "added": report.added,
                "skipped": report.skipped,
            }
        )
    )


def main() -> None:
    """Run baseline, ingest and re-ingest, print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=26_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--child", nargs=2, metavar=("MAILDIR", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return

    maildir = demo_mailbox(args.size, args.seed)
    base_s, count = baseline(maildir)
    print(f"baseline  stdlib policy.default parse, 1 process: {base_s:7.2f} s for {count} files")
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        first, first_peak = run_child(maildir, db)
        again, again_peak = run_child(maildir, db)
        db_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
    cores = os.cpu_count()
    print(
        f"ingest    Desk, {cores} cores, SQLite writes included:  {first['ingest_s']:7.2f} s "
        f"({first['added']:.0f} added; store opened in {first['open_s']:.2f} s; "
        f"peak RSS of the process tree {first_peak:.0f} MB; database {db_mb:.0f} MB)"
    )
    print(
        f"re-ingest same source, all already stored:       {again['ingest_s']:7.2f} s "
        f"({again['skipped']:.0f} skipped; peak RSS {again_peak:.0f} MB)"
    )
    print(f"ratio ingest / baseline:     {first['ingest_s'] / base_s:.3f}   (aim <= 0.30)")
    print(
        f"ratio re-ingest / ingest:    {again['ingest_s'] / first['ingest_s']:.3f}   (aim <= 0.05)"
    )
    print(f"peak memory:                 {max(first_peak, again_peak):.0f} MB  (aim < 500)")


if __name__ == "__main__":
    main()
