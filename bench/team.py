"""The team load run: 80 agents on one PostgreSQL, faults injected, every answer counted.

What it runs (all real, all on 127.0.0.1, see :mod:`bench.team_peers`):
PostgreSQL, Dovecot holding the demo mailbox, an SMTP server that files
what it accepts into Sent and answers DATA after a random delay, and
``desk serve`` (the team's service: sync with IDLE, clustering, the outbox).
Then the agents (:mod:`bench.team_agent`): worker processes of agent
threads, one PostgreSQL connection per agent as each window has, pressing
"next for me", previewing, claiming and queueing answers until nothing is
left. Faults come as the answering progresses: a worker process SIGKILLed
twice (its agents vanish mid-answer; their claims must lapse), ``desk serve``
SIGKILLed once between a reply's final "." and its 250, and PostgreSQL
restarted once (``pg_ctl restart -m fast``: every connection cut).

What it counts (:mod:`bench.team_report`), from the servers' own records
and not from Desk's: every message waiting for an answer at the start is
answered exactly once, in the store and at the SMTP server; no duplicate, no
loss, no reply unsent at the end.

The named baseline, measured in the same run: one bare psycopg connection
claiming a cluster's messages and inserting one row per cluster, alone on a
quiet server. The ratio printed is the p99 of "next for me" under the whole
team against that loop's p99.

Run: ``.venv/bin/python -m bench.team [--agents 80] [--processes 8] [--messages 26000]``
(as root or a user who can run PostgreSQL and Dovecot; ``scripts/test.sh`` installs them).
The table is also written to ``--out`` (``bench/results/team.txt`` by default).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.team_harness import Plan, run_team
from bench.team_report import count, render

RESULTS = Path(__file__).resolve().parent / "results" / "team.txt"


def main() -> None:
    """Run the plan given on the command line; exit 1 unless the counts are exact."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=80)
    parser.add_argument("--processes", type=int, default=8, help="agent worker processes")
    parser.add_argument("--messages", type=int, default=26_000, help="demo messages")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--lease", type=float, default=20.0, help="claims' lease, seconds")
    parser.add_argument(
        "--think", type=float, default=0.0, help="agents' mean reading time, s (0: stress)"
    )
    parser.add_argument("--smtp-delay", type=float, default=0.01, help="max DATA delay, s")
    parser.add_argument("--no-faults", action="store_true", help="no kills, no restart")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the table goes")
    args = parser.parse_args()
    plan = Plan(
        agents=args.agents,
        processes=args.processes,
        messages=args.messages,
        seed=args.seed,
        lease_s=args.lease,
        think_s=args.think,
        smtp_delay_s=args.smtp_delay,
        faults=not args.no_faults,
    )
    started = time.monotonic()
    outcome = run_team(plan)
    counts = count(outcome)
    table = render(outcome, counts)
    table += f"\n(whole run, peers' start-up included: {time.monotonic() - started:.0f} s)\n"
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table.lstrip("\n"), encoding="utf-8")
    sys.exit(0 if counts.exact else 1)


if __name__ == "__main__":
    main()
