"""Statistics speed for a year of a large centre, before and after, against a bare COUNT(*).

A synthetic year (2020) of a large contact centre is loaded with bulk inserts
(not the ORM one row at a time): 200,000 messages (26,000 of them in the
five-day March peak), about 70,000 replies answering them in groups, and
1,000,000 handling events with the messages they concerned; 80 agents, 60
templates, 4,000 clusters with categories. On SQLite (a temporary file) and
on PostgreSQL (a throwaway server, as in the tests), in the same run:

- baseline: ``SELECT COUNT(*) FROM handling_event``;
- ``compute_kpis`` for the whole year, before (``bench.stats_before``, the
  code as it was) and after, with their ratio, and whether they agree;
- the per-message CSV for the year (200,000 rows, streamed), before and after;
- the Word report for the year: ``write_docx`` of those KPIs (charts included).

Each timing is the best of 3 (the median in brackets). Aims (issue 18, item
6): KPIs ≤ 1 s and the CSV ≤ 3 s on each database; "MET" or "MISSED" says
which were reached in this run.

Run: ``.venv/bin/python -m bench.stats [--events 1000000] [--messages 200000]
[--only sqlite|postgresql] [--keep DIR] [--postgresql-url URL]``. ``--keep``
keeps the loaded SQLite year in ``DIR`` and measures it again without
reloading on later runs; ``--postgresql-url`` measures a database already
loaded instead of starting a server.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, insert, text

from bench import stats_before as before
from bench.backends import throwaway_postgres_store
from desk.stats.csvx import write_message_rows
from desk.stats.kpis import Kpis, compute_kpis
from desk.stats.period import Period
from desk.stats.report import write_docx
from desk.stats.rows import per_message_rows
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.models import Base

YEAR = Period(date(2020, 1, 1), date(2020, 12, 31), ZoneInfo("Europe/Paris"))
AS_OF = datetime(2021, 1, 15, tzinfo=UTC)
START = datetime(2020, 1, 1, tzinfo=UTC)
PEAK = datetime(2020, 3, 16, tzinfo=UTC)
AGENTS, TEMPLATES, CLUSTERS = 80, 60, 4000
CATEGORIES = ("complaint", "accessibility", "exam", "payment", "urgent", None, None)
TIMED_RUNS = 3
KPIS_AIM_S = 1.0  # issue 6, restated by issue 18 item 6
CSV_AIM_S = 3.0  # issue 18 item 6

Rows = dict[str, list[tuple[Any, ...]]]


def generate(messages: int, events: int, seed: int = 2020) -> tuple[dict[str, list[str]], Rows]:
    """Columns and rows of every table, ids included, for a year of ``messages`` and ``events``."""
    rng = random.Random(seed)
    columns: dict[str, list[str]] = {}
    rows: Rows = {}
    columns["folder"] = ["id", "kind", "name", "locator", "created_at"]
    rows["folder"] = [(1, "maildir", "in", "maildir:in", START)]
    columns["agent"] = ["id", "login", "display_name", "signature", "created_at"]
    rows["agent"] = [(i, f"agent{i}", f"Agent {i}", "", START) for i in range(1, AGENTS + 1)]
    columns["template"] = [
        "id", "name", "category", "language", "body_text", "usage_count", "created_at",
        "updated_at",
    ]  # fmt: skip
    rows["template"] = [
        (i, f"Modèle {i}", "", "fr", "...", 0, START, START) for i in range(1, TEMPLATES + 1)
    ]
    columns["cluster"] = ["id", "label", "category", "kind", "created_at", "updated_at"]
    rows["cluster"] = [
        (i, f"cluster {i}", rng.choice(CATEGORIES), "request", START, START)
        for i in range(1, CLUSTERS + 1)
    ]
    peak = messages * 13 // 100
    dates = sorted(
        (PEAK + timedelta(days=rng.random() * 5))
        if n < peak
        else START + timedelta(days=rng.random() * 366)
        for n in range(messages)
    )
    columns["message"] = [
        "id", "folder_id", "source_key", "message_id", "subject", "from_name", "from_addr",
        "to_addrs", "cc_addrs", "date", "date_from_header", "ingested_at", "text", "attachments",
        "parse_warnings", "is_auto", "sender", "size", "status",
    ]  # fmt: skip
    rows["message"] = []
    columns["cluster_member"] = ["message_id", "cluster_id", "score", "manual", "assigned_at"]
    rows["cluster_member"] = []
    answerable: list[tuple[int, datetime, int]] = []
    for number, received in enumerate(dates, start=1):
        sender = f"p{rng.randrange(messages * 3 // 4)}@x.fr"
        draw = rng.random()
        status = "non_request" if draw < 0.04 else "closed" if draw < 0.06 else "answered"
        cluster = min(int(rng.paretovariate(0.6)), CLUSTERS)
        if status == "answered" and rng.random() < 0.03:
            status = "open"
        rows["message"].append(
            (number, 1, str(number), f"<{number}@x.fr>", "Question", "", sender,
             "[]", "[]", received, True, received, "", "[]", "[]", False, sender, 1, status)
        )  # fmt: skip
        rows["cluster_member"].append((number, cluster, 1.0, False, received))
        if status == "answered":
            answerable.append((number, received, cluster))
    columns["reply"] = [
        "id", "message_id_header", "agent_id", "cluster_id", "template_id", "to_addr", "subject",
        "body_text", "state", "attempts", "created_at", "sent_at",
    ]  # fmt: skip
    rows["reply"], rows["reply_message"] = [], []
    columns["reply_message"] = ["reply_id", "message_id"]
    groups: list[tuple[int, datetime, int, int, list[int]]] = []
    index = 0
    while index < len(answerable):
        size = min(1 + int(rng.expovariate(1 / 2.0)), 40)
        group = answerable[index : index + size]
        index += size
        reply_id = len(groups) + 1
        delay = timedelta(hours=min(rng.lognormvariate(math.log(12), 1.0), 400))
        sent = max(m[1] for m in group) + delay
        agent = rng.randint(1, AGENTS)
        template = rng.randint(1, TEMPLATES)
        ids = [m[0] for m in group]
        rows["reply"].append(
            (reply_id, f"<r{reply_id}@desk>", agent, group[0][2], template, "x@x.fr", "Re",
             "...", "sent", 1, sent, sent)
        )  # fmt: skip
        rows["reply_message"].extend((reply_id, m) for m in ids)
        groups.append((agent, sent, group[0][2], template, ids))
    columns["handling_event"] = [
        "id", "agent_id", "kind", "started_at", "ended_at", "active_ms", "cluster_id",
        "template_id", "message_count",
    ]  # fmt: skip
    columns["event_message"] = ["event_id", "message_id"]
    rows["handling_event"], rows["event_message"] = [], []
    per_group, extra = divmod(events, len(groups))
    event_id = 0
    for number, (agent, sent, cluster, template, ids) in enumerate(groups):
        count = per_group + (1 if number < extra else 0)
        kinds = ["claim", "open", *["read"] * max(count - 5, 0), "choose_template", "edit", "send"]
        kinds = kinds[-count:] if count < len(kinds) else kinds
        moment = sent - timedelta(seconds=45 * len(kinds))
        for kind in kinds:
            event_id += 1
            active = rng.randint(3_000, 60_000)
            whole = kind in ("claim", "choose_template", "edit", "send")
            concerned = ids if whole else ids[:1]
            chosen = template if kind in ("choose_template", "edit", "send") else None
            rows["handling_event"].append(
                (event_id, agent, kind, moment, moment + timedelta(milliseconds=active), active,
                 cluster, chosen, len(concerned))
            )  # fmt: skip
            rows["event_message"].extend((event_id, m) for m in concerned)
            moment += timedelta(seconds=45)
    return columns, rows


def load(store: Store, columns: dict[str, list[str]], rows: Rows) -> None:
    """Bulk-insert every table: one executemany per 50,000 rows on SQLite, COPY on PostgreSQL."""
    with store.engine.begin() as conn:
        for table, names in columns.items():
            if conn.dialect.name == "postgresql":
                _copy(conn, table, names, rows[table])
            else:
                table_ = Base.metadata.tables[table]
                data = rows[table]
                for offset in range(0, len(data), 50_000):
                    chunk = data[offset : offset + 50_000]
                    conn.execute(insert(table_), [dict(zip(names, r, strict=True)) for r in chunk])
    with store.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("ANALYZE"))


def _copy(
    conn: Connection, table: str, names: Sequence[str], data: Iterable[tuple[Any, ...]]
) -> None:
    raw: Any = conn.connection.driver_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy,
    ):
        for row in data:
            copy.write_row(row)


def timings(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """The best and the median of ``runs`` timings of ``work`` (seconds)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def _verdict(seconds: float, aim_s: float) -> str:
    return "MET" if seconds <= aim_s else "MISSED"


def _csv(
    path: Path,
    store: Store,
    rows: Callable[..., Iterable[object]],
    write: Callable[..., int],
) -> int:
    with store.sessions() as session:
        return write(path, rows(session, YEAR, as_of=AS_OF), YEAR, language="fr", delimiter=";")


def measure(name: str, store: Store, scratch: Path) -> dict[str, float]:
    """Baseline, KPIs and per-message CSV before and after, and the report, on one store."""
    engine: Engine = store.engine

    def count() -> object:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT COUNT(*) FROM handling_event"))

    def kpis_before() -> Kpis:
        with store.sessions() as session:
            return before.compute_kpis(session, YEAR, as_of=AS_OF)

    def kpis_after() -> Kpis:
        with store.sessions() as session:
            return compute_kpis(session, YEAR, as_of=AS_OF)

    old_csv, new_csv = scratch / f"{name}-before.csv", scratch / f"{name}-after.csv"
    base_s, base_med = timings(TIMED_RUNS, count)
    old_kpi_s, old_kpi_med = timings(TIMED_RUNS, kpis_before)
    new_kpi_s, new_kpi_med = timings(TIMED_RUNS, kpis_after)
    same_kpis = kpis_before() == kpis_after()
    old_csv_s, old_csv_med = timings(
        TIMED_RUNS, lambda: _csv(old_csv, store, before.per_message_rows, before.write_message_rows)
    )
    new_csv_s, new_csv_med = timings(
        TIMED_RUNS, lambda: _csv(new_csv, store, per_message_rows, write_message_rows)
    )
    written = _csv(new_csv, store, per_message_rows, write_message_rows)
    differing = _differing_lines(old_csv, new_csv)
    figures = kpis_after()
    docx = scratch / f"{name}.docx"
    started = time.perf_counter()
    write_docx(docx, figures, language="fr")
    report_s = time.perf_counter() - started
    print(f"{name}  (best of {TIMED_RUNS}; median in brackets)")
    print(f"  baseline  SELECT COUNT(*) FROM handling_event      "
          f"{base_s * 1000:8.1f} ms ({base_med * 1000:.0f})")  # fmt: skip
    for label, old, old_med, new, new_med, aim in (
        ("compute_kpis, year 2020", old_kpi_s, old_kpi_med, new_kpi_s, new_kpi_med, KPIS_AIM_S),
        (f"per-message CSV, {written} rows", old_csv_s, old_csv_med, new_csv_s, new_csv_med,
         CSV_AIM_S),
    ):  # fmt: skip
        print(f"  {label}:")
        print(f"    before  {old * 1000:8.1f} ms ({old_med * 1000:.0f})   "
              f"{old / base_s:6.1f} x baseline")  # fmt: skip
        print(f"    after   {new * 1000:8.1f} ms ({new_med * 1000:.0f})   "
              f"{new / base_s:6.1f} x baseline   {old / new:4.1f} x faster   "
              f"aim <= {aim:.0f} s: {_verdict(new, aim)}")  # fmt: skip
    print(f"  same KPIs before and after: {'yes' if same_kpis else 'NO'}; CSV lines that differ: "
          f"{differing}{_ties_note(differing)}")  # fmt: skip
    print(f"  write_docx, year 2020 (charts included): {report_s * 1000:8.1f} ms "
          f"({docx.stat().st_size // 1024} KiB)")  # fmt: skip
    return {
        "count": base_s,
        "kpis_before": old_kpi_s,
        "kpis": new_kpi_s,
        "csv_before": old_csv_s,
        "csv": new_csv_s,
        "report": report_s,
    }


def _differing_lines(first: Path, second: Path) -> int:
    with first.open(encoding="utf-8-sig") as a, second.open(encoding="utf-8-sig") as b:
        return sum(1 for x, y in zip(a, b, strict=True) if x != y)


def _ties_note(differing: int) -> str:
    if not differing:
        return ""
    return (
        " (handling time at a half-millisecond tie: PostgreSQL adds the shares in"
        " whatever order its plan reads them, before as after)"
    )


def _sqlite_store(scratch: Path, keep: Path | None) -> tuple[Store, bool]:
    """The SQLite store to measure, and whether it still has to be loaded."""
    path = (keep or scratch) / "year.sqlite3"
    loaded = path.exists()
    return open_store(sqlite_url(path)), not loaded


def main() -> None:
    """Generate the year, load it into each database, print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument(
        "--keep",
        type=Path,
        help="folder where the loaded SQLite year is kept and, on later runs, reused",
    )
    parser.add_argument(
        "--postgresql-url", help="measure this already loaded database instead of a new server"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    columns, rows = generate(args.messages, args.events)
    print(
        f"generated {len(rows['message'])} messages, {len(rows['reply'])} replies, "
        f"{len(rows['handling_event'])} events, {len(rows['event_message'])} event-message links "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
        scratch = Path(tmp)
        if args.only in (None, "sqlite"):
            store, empty = _sqlite_store(scratch, args.keep)
            try:
                if empty:
                    started = time.perf_counter()
                    load(store, columns, rows)
                    print(f"SQLite loaded in {time.perf_counter() - started:.1f} s")
                measure("SQLite", store, scratch)
            finally:
                store.close()
        if args.only in (None, "postgresql"):
            if args.postgresql_url:
                store = open_store(args.postgresql_url)
                try:
                    measure("PostgreSQL", store, scratch)
                finally:
                    store.close()
                return
            with throwaway_postgres_store() as server_store:
                if server_store is None:
                    return
                started = time.perf_counter()
                load(server_store, columns, rows)
                print(f"PostgreSQL loaded in {time.perf_counter() - started:.1f} s")
                measure("PostgreSQL", server_store, scratch)


if __name__ == "__main__":
    main()
