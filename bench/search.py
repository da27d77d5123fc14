"""Message search speed on 100,000 messages, against a primary-key lookup in the same run.

A synthetic mailbox of French (and some English) requests is built from the
demo's intents and phrases (greeting, request, sign-off, signature; subjects
with references and children's names; addresses like the demo's) and loaded
with bulk inserts: an ``executemany`` on SQLite (a temporary file), ``COPY``
on PostgreSQL (a throwaway server, as in the tests); the search index is kept
by the migration's triggers as rows arrive, as in production. Then, on each:

- baseline: ``SELECT id FROM message WHERE id = ?`` (median of 20);
- ``search_messages`` for typical searches (median of 20 each): a common word,
  a rare word, a prefix, two words, a sender's address, a phrase, a word
  without its accent, a search restricted to open messages;
- reference: the naive scan ``LIKE '%word%'`` over sender, subject and text
  for the same searches' first word (median of 5).

Run: ``.venv/bin/python -m bench.search [--messages 100000] [--only sqlite]``
Aim: every search ≤ 100 ms on 100,000 messages, on each database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bench.backends import throwaway_postgres_store
from bench.stats import _copy
from desk.demo import phrases
from desk.demo.intents import INTENTS
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.models import Base, MessageStatus
from desk.store.search import SearchQuery, search_messages

START = datetime(2020, 3, 16, tzinfo=UTC)
RUNS, LIKE_RUNS = 20, 5
AIM_MS = 100.0
PASTED = "je ne parviens plus à me connecter à mon espace, le mot de passe est refusé"
COLUMNS = [
    "id", "folder_id", "source_key", "message_id", "subject", "from_name", "from_addr",
    "to_addrs", "cc_addrs", "date", "date_from_header", "ingested_at", "text", "attachments",
    "parse_warnings", "is_auto", "sender", "size", "status", "flags", "body_fetched",
]  # fmt: skip


def _ascii(word: str) -> str:
    return SearchQuery.parse(word).terms[0].words[0] if SearchQuery.parse(word) else "x"


def generate(count: int, seed: int = 2020) -> list[tuple[Any, ...]]:
    """``count`` message rows (ids 1..count), one folder (id 1), dated over five days."""
    rng = random.Random(seed)
    weights = [intent.weight for intent in INTENTS]
    rows: list[tuple[Any, ...]] = []
    for number in range(1, count + 1):
        first, last = rng.choice(phrases.FIRST_NAMES), rng.choice(phrases.LAST_NAMES)
        address = (
            f"{_ascii(first)}.{_ascii(last)}{rng.randrange(100)}@{rng.choice(phrases.MAIL_DOMAINS)}"
        )
        intent = rng.choices(INTENTS, weights)[0]
        english = rng.random() < 0.1 and bool(intent.bases_en)
        slots = {
            "child": rng.choice(phrases.CHILD_NAMES),
            "level": rng.choice(phrases.LEVELS),
            "ref": f"EL-2020-{rng.randrange(10**6):06d}",
            "date": f"{rng.randrange(9, 31)} mars",
            "course": rng.choice(phrases.COURSES),
            "email": address,
            "phone": f"06 {rng.randrange(10**8):08d}",
            "city": rng.choice(phrases.CITIES),
            "name": f"{first} {last}",
        }
        subject = rng.choice(intent.subjects_en if english else intent.subjects_fr)
        parts = [
            rng.choice(phrases.GREETINGS_EN if english else phrases.GREETINGS_FR),
            rng.choice(intent.bases_en if english else intent.bases_fr),
        ]
        if rng.random() < 0.3:
            parts.append(rng.choice(intent.bases_en if english else intent.bases_fr))
        parts.append(rng.choice(phrases.SIGNOFFS_EN if english else phrases.SIGNOFFS_FR))
        parts.append(rng.choice(phrases.SIGNATURES) if rng.random() < 0.5 else "{name}")
        if rng.random() < 0.15:
            parts.append(rng.choice(phrases.MOBILE_FOOTERS))
        if rng.random() < 0.2:
            parts.append(rng.choice(phrases.DISCLAIMERS))
        if rng.random() < 0.15:  # a follow-up quoting the first request
            quoted = "\n".join("> " + line for line in "\n\n".join(parts).splitlines())
            parts = [rng.choice(phrases.FOLLOW_UPS_FR), "{name}",
                     f"Le {{date}} à 10:12, {{name}} <{{email}}> a écrit :\n{quoted}"]  # fmt: skip
            subject = "RE: " + subject
        body = "\n\n".join(parts).format_map(slots)
        when = START + timedelta(seconds=number * 432_000 // count)
        status = rng.choice(("open", "open", "answered", "answered", "answered", "closed"))
        rows.append(
            (number, 1, str(number), f"<{number}@bench>", subject.format_map(slots),
             f"{first} {last}", address, "[]", "[]", when, True, when, body, "[]", "[]", False,
             address, len(body), status, "[]", True)
        )  # fmt: skip
    return rows


def load(store: Store, rows: list[tuple[Any, ...]]) -> None:
    """Bulk-insert the folder and the messages (the search triggers fire on each row)."""
    folder = {
        "id": 1,
        "kind": "maildir",
        "name": "in",
        "locator": "maildir:in",
        "created_at": START,
    }
    with store.engine.begin() as conn:
        conn.execute(insert(Base.metadata.tables["folder"]), [folder])
        if conn.dialect.name == "postgresql":
            _copy(conn, "message", COLUMNS, rows)
        else:
            table = Base.metadata.tables["message"]
            for offset in range(0, len(rows), 20_000):
                chunk = rows[offset : offset + 20_000]
                conn.execute(insert(table), [dict(zip(COLUMNS, r, strict=True)) for r in chunk])
    with store.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("ANALYZE"))
        if conn.dialect.name == "postgresql":
            conn.execute(text("VACUUM message_search"))


def searches(rows: list[tuple[Any, ...]]) -> list[tuple[str, str, str]]:
    """(label, what is typed, the word the LIKE reference scans for), from the data itself."""
    counts: dict[str, int] = {}
    for row in rows:
        for word in set(row[12].split()):
            if word.isalpha() and len(word) > 6:
                counts[word] = counts.get(word, 0) + 1
    rare = min((w for w, n in counts.items() if n >= 3), key=lambda w: (counts[w], w))
    sender = rows[len(rows) // 2][6]
    return [
        ("common word", "bonjour", "bonjour"),
        (f"rare word ({counts[rare]} msgs)", rare, rare),
        ("prefix", "inscri", "inscri"),
        ("two words", "mot passe", "passe"),
        ("sender address", sender, sender),
        ("phrase", '"mot de passe oublié"', "mot de passe oublié"),
        ("accent-free", "reinitialiser", "réinitialiser"),
        ("open only", "certificat", "certificat"),
        ("no hit", "zzyzx", "zzyzx"),
        ("3-letter prefix", "con", "con"),
        ("pasted sentence (12 words)", PASTED, "mot de passe"),
    ]


def median_ms(runs: int, work: Callable[[], object]) -> float:
    """The median of ``runs`` timings of ``work``, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(name: str, store: Store, rows: list[tuple[Any, ...]]) -> dict[str, float]:
    """Baseline, searches and LIKE scans on one store; prints and returns the figures (ms)."""
    figures: dict[str, float] = {}
    rng = random.Random(1)
    with store.sessions() as session:

        def lookup() -> object:
            return session.scalar(text("SELECT id FROM message WHERE id = :id"),
                                  {"id": rng.randint(1, len(rows))})  # fmt: skip

        lookup()
        base = median_ms(RUNS, lookup)
        print(f"{name}:")
        print(f"  baseline SELECT id FROM message WHERE id = ?: {base:8.3f} ms")
        print(f"  {'search':<28} {'hits':>6} {'ms':>8} {'x base':>8}   {'LIKE ms':>8} {'x':>6}")
        for label, typed, word in searches(rows):
            statuses = [MessageStatus.OPEN] if label == "open only" else None
            hits = len(search_messages(session, typed, statuses=statuses))
            took = median_ms(RUNS, lambda t=typed, s=statuses: search_messages(session, t, 500, s))
            pattern = f"%{word}%"

            def like(p: str = pattern) -> object:
                return session.scalars(
                    text(
                        "SELECT id FROM message WHERE from_name LIKE :p OR from_addr LIKE :p "
                        "OR subject LIKE :p OR text LIKE :p"
                    ),
                    {"p": p},
                ).all()

            like_ms = median_ms(LIKE_RUNS, like)
            flag = "" if took <= AIM_MS else "   MISSES the 100 ms aim"
            print(
                f"  {label:<28} {hits:>6} {took:8.2f} {took / base:8.0f}   {like_ms:8.1f} "
                f"{like_ms / took:5.0f}x slower{flag}"
            )
            figures[label] = took
    return figures


def main() -> None:
    """Generate the mailbox, load it into each database, print the figures and ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    started = time.perf_counter()
    rows = generate(args.messages)
    size = sum(len(r[12]) for r in rows) / len(rows)
    print(f"generated {len(rows)} messages (text {size:.0f} chars on average) "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
        if args.only in (None, "sqlite"):
            store = open_store(sqlite_url(Path(tmp) / "search.sqlite3"))
            try:
                started = time.perf_counter()
                load(store, rows)
                print(f"SQLite loaded (and indexed) in {time.perf_counter() - started:.1f} s")
                measure("SQLite", store, rows)
            finally:
                store.close()
        if args.only in (None, "postgresql"):
            with throwaway_postgres_store() as store:
                if store is None:
                    return
                started = time.perf_counter()
                load(store, rows)
                print(f"PostgreSQL loaded (and indexed) in {time.perf_counter() - started:.1f} s")
                measure("PostgreSQL", store, rows)


if __name__ == "__main__":
    main()
