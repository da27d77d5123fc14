"""IMAP sync and SMTP send speed against named baselines, in one run.

Mailbox: the demo mailbox (26,000 messages by default) written straight into
a private Dovecot's Maildir (tests/support/dovecot.py), plain IMAP on 127.0.0.1.

Baselines, measured in the same run:
* **mbsync** (isync) downloading the same INBOX into a fresh Maildir on tmpfs:
  the floor (it does no parsing). Aims: Desk's full initial sync (fetch,
  parse, store into a new SQLite store) ≤ 10 × mbsync; the queue (headers of
  every message stored) ready ≤ 2 × mbsync.
* **smtplib**, the same 1,000 replies sent bare over one connection: the floor
  for the outbox, which adds the exactly-once bookkeeping (two commits per
  reply). Aim: ≥ 500 replies per second.
Incremental sync on the open connection: nothing new (aim ≤ 50 ms), 100 new
messages appended by IMAP (aim ≤ 0.5 s).

Durability (what surviving a power cut costs a reply): the same outbox, store
and hand-over journal on a real disk (not tmpfs, where ``fsync`` is free),
sending ``--durable-replies`` replies three ways, taking turns ``--runs``
times, against the bare smtplib baseline of the same run: nothing forced to
the disk (the outbox before: journal written, SQLite ``synchronous=NORMAL``);
the journal's line ``fsync``ed; and today's outbox, journal ``fsync``ed and the
"sending" commit made with ``synchronous=FULL``. Printed: the disk's own
append+fsync latency, median ms per reply, the cost per reply of each over
the first, and the ratios to bare smtplib.

Run: ``.venv/bin/python -m bench.sync [--size 26000] [--seed 2020] [--runs 3]``
(as root or a user who can run Dovecot; needs dovecot-imapd and isync);
``--durability-only`` runs the last part alone (mbsync not needed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select

import desk.mail.outbox as outbox_module
from desk.demo.generator import demo_messages
from desk.mail.account import AccountConfig, Endpoint, Security
from desk.mail.drafts import ReplyDraft
from desk.mail.outbox import Outbox
from desk.mail.queueing import compose, queue_replies
from desk.mail.sync import MailboxSync, QuietListener, Stage
from desk.store.database import open_store
from desk.store.engine import durable_transaction, sqlite_url
from desk.store.models import Account, Message, Reply
from tests.support.dovecot import DovecotServer

USER, PASSWORD = "bench", "bench-password"
TMPFS = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())


def median_time(run: Callable[[], object], times: int) -> tuple[float, list[float]]:
    """The median wall time of ``times`` runs, and all of them."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), samples


def mbsync_once(server: DovecotServer, work: Path) -> float:
    """One full mbsync download of INBOX into a never-used Maildir on tmpfs."""
    target = Path(tempfile.mkdtemp(prefix="mbsync-", dir=TMPFS))
    config = work / f"mbsyncrc-{target.name}"
    config.write_text(
        f"IMAPAccount bench\nHost {server.host}\nPort {server.port}\nUser {USER}\n"
        f"Pass {PASSWORD}\nSSLType None\nAuthMechs LOGIN\n\n"
        "IMAPStore remote\nAccount bench\n\n"
        f"MaildirStore local\nPath {target}/\nInbox {target}/INBOX\n\n"
        "Channel bench\nFar :remote:\nNear :local:\nPatterns INBOX\nSync Pull\nCreate Near\n"
        f"SyncState {target}/state/\n",
        encoding="utf-8",
    )
    (target / "state").mkdir()
    started = time.perf_counter()
    subprocess.run(["mbsync", "-q", "-c", str(config), "bench"], check=True, timeout=600)
    elapsed = time.perf_counter() - started
    count = len(list((target / "INBOX" / "cur").iterdir())) + len(
        list((target / "INBOX" / "new").iterdir())
    )
    shutil.rmtree(target, ignore_errors=True)
    print(f"  mbsync: {elapsed:.2f} s for {count} messages")
    time.sleep(1.1)  # recipe pitfall 19: mbsync sleeps after a recent directory change
    return elapsed


class HeadersClock(QuietListener):
    """Notes when every header is stored (the queue can show) during a full sync."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.headers_done: float | None = None

    def stage(self, folder: str, stage: Stage, done: int, total: int) -> None:
        if stage is Stage.BODIES and self.headers_done is None:
            self.headers_done = time.perf_counter() - self.started


def account(server: DovecotServer, smtp: _Peer | None = None) -> AccountConfig:
    """The benchmark's shared mailbox."""
    submission = Endpoint(smtp.host, smtp.port, Security.NONE, "") if smtp else None
    return AccountConfig(
        name="bench",
        address="contact@example-edu.fr",
        display_name="Service contact",
        imap=Endpoint(server.host, server.port, Security.NONE, USER),
        smtp=submission,
    )


def desk_full_sync(server: DovecotServer, work: Path, run: int) -> tuple[float, float, Path]:
    """A full initial sync into a new SQLite store; (total, headers ready, store path)."""
    path = TMPFS / f"desk-bench-{run}-{time.monotonic_ns()}.sqlite3"
    store = open_store(sqlite_url(path))
    try:
        started = time.perf_counter()
        clock = HeadersClock(started)
        with MailboxSync(store.sessions, account(server), PASSWORD, listener=clock) as engine:
            [report] = engine.sync_once()
        total = time.perf_counter() - started
    finally:
        store.close()
    headers = clock.headers_done or total
    print(
        f"  Desk full sync: {total:.2f} s ({report.new} messages, headers stored after "
        f"{headers:.2f} s)"
    )
    return total, headers, path


def incremental(server: DovecotServer, store_path: Path, size: int, seed: int) -> None:
    """Incremental passes on an open connection: nothing new, then 100 new messages."""
    store = open_store(sqlite_url(store_path))
    try:
        with MailboxSync(store.sessions, account(server), PASSWORD, workers=0) as engine:
            engine.sync_once()  # connected, up to date
            nothing, samples = median_time(engine.sync_once, 20)
            print(
                f"  incremental, nothing new: median {nothing * 1000:.1f} ms "
                f"(min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f}) — aim ≤ 50 ms"
            )
            extra = [raw for raw, _, _ in demo_messages(size + 100, seed + 1)][:100]
            with server.imap(USER, PASSWORD) as client:
                client.select("INBOX")
                for raw in extra:
                    client.append("INBOX", None, None, raw.replace(b"\n", b"\r\n"))
            started = time.perf_counter()
            [report] = engine.sync_once()
            elapsed = time.perf_counter() - started
            print(
                f"  incremental, {report.new} new: {elapsed * 1000:.0f} ms "
                f"({report.bodies} bodies) — aim ≤ 500 ms"
            )
    finally:
        store.close()


@dataclass(frozen=True)
class _Peer:
    host: str
    port: int


@contextmanager
def smtp_peer() -> Iterator[_Peer]:
    """aiosmtpd in its own process, as a real server is: in this one it would share the GIL
    with the client being measured (measured: the bare baseline halved)."""
    child = subprocess.Popen(
        [sys.executable, "-c", _SMTP_CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        yield _Peer("127.0.0.1", port)
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()


_SMTP_CHILD = """
import sys
from tests.support.smtp import SmtpServer
with SmtpServer() as server:
    print(server.port, flush=True)
    sys.stdin.read()
"""


def sending(server: DovecotServer, store_path: Path, count: int = 1000) -> None:
    """1,000 replies through one SMTP connection: Desk's outbox against bare smtplib."""
    store = open_store(sqlite_url(store_path))
    try:
        with smtp_peer() as smtp:
            config = account(server, smtp)
            with store.sessions.begin() as session:
                rows = session.execute(
                    select(Message.id, Message.from_addr, Message.from_name)
                    .where(Message.from_addr != "")
                    .order_by(Message.id)
                    .limit(count)
                ).all()
            outbox = Outbox(store.sessions, config, imap_password=None, smtp_password=None)
            with store.sessions.begin() as session:
                account_id = session.scalars(select(Account.id)).one()
                result = queue_replies(
                    session,
                    account_id,
                    [
                        ReplyDraft((m,), a, n, f"Bonjour,\n\nVoici la réponse.\n\n{n}")
                        for m, a, n in rows
                    ],
                )
                queued = result.queued
                account_row = session.get_one(Account, account_id)
                payloads = [
                    compose(r, account_row)
                    for r in session.scalars(select(Reply).where(Reply.id.in_(queued)))
                ]
            started = time.perf_counter()
            with smtplib.SMTP(smtp.host, smtp.port) as bare:
                for payload, (_, address, _) in zip(payloads, rows, strict=True):
                    bare.sendmail(config.address, [address], payload)
            baseline = time.perf_counter() - started
            started = time.perf_counter()
            report = outbox.run()
            elapsed = time.perf_counter() - started
            rate = report.sent / elapsed
            print(
                f"  bare smtplib, {len(payloads)} messages, one connection: {baseline:.2f} s "
                f"({len(payloads) / baseline:.0f}/s)"
            )
            print(
                f"  Desk outbox, {report.sent} replies (exactly-once bookkeeping): {elapsed:.2f} s "
                f"({rate:.0f}/s, {elapsed / baseline:.2f} × bare) — aim ≥ 500/s"
            )
            filing = Outbox(store.sessions, config, imap_password=PASSWORD, smtp_password=None)
            started = time.perf_counter()
            filed = filing.run()
            print(
                f"  filing {filed.filed} replies (Sent copies, \\Answered flags): "
                f"{time.perf_counter() - started:.2f} s"
            )
    finally:
        store.close()


@contextmanager
def _durability(journal_fsync: bool, full_commit: bool) -> Iterator[None]:
    """The outbox with its journal's ``fsync`` and its FULL "sending" commits on or off."""
    real_fsync = os.fsync
    patched = vars(outbox_module)  # the outbox's own name for the helper

    def plain(engine: Engine) -> AbstractContextManager[Connection]:
        return engine.begin()

    def no_fsync(_fd: object) -> None:
        return None

    if not journal_fsync:
        vars(os)["fsync"] = no_fsync  # the journal's is the only fsync of a send
    patched["durable_transaction"] = durable_transaction if full_commit else plain
    try:
        yield
    finally:
        vars(os)["fsync"] = real_fsync
        patched["durable_transaction"] = durable_transaction


DURABILITY = (  # (name, journal fsync'd, "sending" committed FULL)
    ("nothing forced to the disk (before)", False, False),
    ("journal line fsync'd", True, False),
    ("journal fsync'd + FULL 'sending' commit (now)", True, True),
)


def _fsync_latency(folder: Path, times: int = 200) -> float:
    """The median cost of appending one line to a file and ``fsync``ing it, on ``folder``'s disk."""
    path = folder / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    samples = []
    try:
        for n in range(times):
            started = time.perf_counter()
            os.write(fd, f"{n} 1\n".encode())
            os.fsync(fd)
            samples.append(time.perf_counter() - started)
    finally:
        os.close(fd)
        path.unlink()
    return statistics.median(samples)


def durability(server: DovecotServer, size: int, count: int, rounds: int, work: Path) -> None:
    """What an ``fsync``'d hand-over and a FULL commit cost a reply, on a real disk.

    The three ways take turns, ``rounds`` times, ``count`` replies each (medians
    printed): the machine's other load falls on all three alike.
    """
    disk = Path(tempfile.mkdtemp(prefix="desk-durable-", dir=work))
    store_path = disk / "desk.sqlite3"
    store = open_store(sqlite_url(store_path))
    needed = count * len(DURABILITY) * rounds
    try:
        print(f"  one line appended and fsync'd on this disk: {_fsync_latency(disk) * 1000:.3f} ms")
        with MailboxSync(store.sessions, account(server), PASSWORD, workers=0) as engine:
            engine.sync_once()
        with store.sessions.begin() as session:
            rows = session.execute(
                select(Message.id, Message.from_addr, Message.from_name)
                .where(Message.from_addr != "")
                .order_by(Message.id)
                .limit(needed)
            ).all()
        if len(rows) < needed:
            raise SystemExit(f"--size {size} gives {len(rows)} messages: {needed} needed")
        with smtp_peer() as smtp:
            config = account(server, smtp)
            with store.sessions.begin() as session:
                account_id = session.scalars(select(Account.id)).one()
            per_reply: dict[int, list[float]] = {n: [] for n in range(len(DURABILITY))}
            bare_times: list[float] = []
            batches = iter(range(0, needed, count))
            for _ in range(rounds):
                for n, (_name, journal_fsync, full) in enumerate(DURABILITY):
                    start = next(batches)
                    batch = rows[start : start + count]
                    with store.sessions.begin() as session:
                        queued = queue_replies(
                            session,
                            account_id,
                            [
                                ReplyDraft((m,), a, w, f"Bonjour,\n\nVoici.\n\n{w}")
                                for m, a, w in batch
                            ],
                        ).queued
                        account_row = session.get_one(Account, account_id)
                        payloads = [
                            (r.to_addr, compose(r, account_row))
                            for r in session.scalars(select(Reply).where(Reply.id.in_(queued)))
                        ]
                    if n == 0:  # the named baseline: the same replies, bare, one connection
                        started = time.perf_counter()
                        with smtplib.SMTP(smtp.host, smtp.port) as bare:
                            for address, payload in payloads:
                                bare.sendmail(config.address, [address], payload)
                        bare_times.append((time.perf_counter() - started) / len(payloads))
                    outbox = Outbox(
                        store.sessions,
                        config,
                        imap_password=None,
                        smtp_password=None,
                        journal=disk / f"outbox-{n}.journal",
                    )
                    with _durability(journal_fsync, full):
                        started = time.perf_counter()
                        report = outbox.run()
                        elapsed = time.perf_counter() - started
                    assert report.sent == len(batch), report
                    per_reply[n].append(elapsed / report.sent)
            baseline = statistics.median(bare_times)
            print(
                f"  bare smtplib (baseline): median {baseline * 1000:.3f} ms per message "
                f"({1 / baseline:.0f}/s)"
            )
            medians = [statistics.median(per_reply[n]) for n in range(len(DURABILITY))]
            for n, (name, _, _) in enumerate(DURABILITY):
                extra = (medians[n] - medians[0]) * 1000
                print(
                    f"  Desk outbox, {name}: median {medians[n] * 1000:.3f} ms per reply "
                    f"({1 / medians[n]:.0f}/s, {medians[n] / baseline:.2f} × bare"
                    + (f", {extra:+.3f} ms per reply" if n else "")
                    + f"; rounds: {', '.join(f'{t * 1000:.2f}' for t in per_reply[n])} ms)"
                )
            print(
                f"  durability costs {(medians[-1] - medians[0]) * 1000:+.3f} ms per reply "
                f"({medians[-1] / medians[0]:.2f} × the outbox that forced nothing to the disk)"
            )
    finally:
        store.close()
        shutil.rmtree(disk, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=26_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--durable-replies", type=int, default=200)
    parser.add_argument("--durability-only", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    with DovecotServer() as server:
        server.add_user(USER, PASSWORD)
        started = time.perf_counter()
        written = server.write_messages(
            USER, (raw for raw, _, _ in demo_messages(args.size, args.seed))
        )
        print(f"Mailbox: {written} demo messages written in {time.perf_counter() - started:.1f} s")
        with server.imap(USER, PASSWORD) as client:  # index once, as any first client would
            client.select("INBOX")
        if args.durability_only:
            print("\nDurability (store and journal on a real disk):")
            durability(server, args.size, args.durable_replies, args.runs, work)
            shutil.rmtree(work, ignore_errors=True)
            return

        floors = [mbsync_once(server, work) for _ in range(args.runs)]
        results = [desk_full_sync(server, work, run) for run in range(args.runs)]
        floor = statistics.median(floors)
        total = statistics.median(r[0] for r in results)
        headers = statistics.median(r[1] for r in results)
        print(f"\nmbsync (floor): median {floor:.2f} s")
        print(f"Desk full sync: median {total:.2f} s = {total / floor:.1f} × mbsync (aim ≤ 10 ×)")
        print(
            f"Queue ready (all headers stored): median {headers:.2f} s = "
            f"{headers / floor:.1f} × mbsync (aim ≤ 2 ×)"
        )
        store_path = results[-1][2]
        print("\nIncremental sync (open connection):")
        incremental(server, store_path, args.size, args.seed)
        print("\nSending:")
        sending(server, store_path)
        print("\nDurability (store and journal on a real disk):")
        durability(server, args.size, args.durable_replies, args.runs, work)
        for _, _, path in results:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
