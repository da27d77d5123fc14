"""Helpers for the change-listener tests: a team store, exact "what did this write send".

Each write is followed by a committed "sentinel" notification. PostgreSQL
delivers notifications in commit order, so once the sentinel is in, everything
the write sent is in too, and a write that must send nothing is checked without
waiting for a time-out.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from desk.store.database import Store
from desk.store.models import Account, Agent, Folder, FolderKind, Message, MessageStatus
from desk.store.notify import Change, ChangeListener, Phase

NOW = datetime(2020, 3, 16, 9, 0, tzinfo=UTC)
SAFETY_S = 30.0  # only ever reached when a test fails
SENTINEL = "sentinel"
_sentinels = itertools.count(1)

Changes = dict[str, frozenset[int] | None]


class SteppedClock:
    """A clock that moves only when the test says so: the reconnection schedule is exact."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def populate(store: Store) -> None:
    """Two agents (ids 1, 2), an account (1) and a folder (1)."""
    with store.sessions.begin() as session:
        session.add_all(Agent(login=login, display_name=login) for login in ("amina", "bruno"))
        session.add(Folder(kind=FolderKind.MAILDIR, name="x", locator="maildir:x"))
        session.add(
            Account(
                name="support", address="support@x.fr", imap_host="imap", imap_port=993,
                imap_security="tls", imap_user="u", smtp_host="smtp", smtp_port=465,
                smtp_security="tls", smtp_user="u",
            )
        )  # fmt: skip


def add_messages(store: Store, count: int) -> list[int]:
    """``count`` open messages in folder 1, written in one INSERT statement; their ids."""
    with store.sessions.begin() as session:
        start = session.scalar(text("SELECT coalesce(max(id), 0) FROM message")) or 0
        rows = [
            {
                "folder_id": 1, "source_key": f"k{start + i}", "message_id": f"<{start + i}@x>",
                "date": NOW, "size": 1, "status": MessageStatus.OPEN,
            }
            for i in range(count)
        ]  # fmt: skip
        ids = session.scalars(insert(Message).returning(Message.id), rows).all()
    return sorted(ids)


def send_sentinel(store: Store) -> int:
    """Commit a notification of kind ``sentinel``; returns its number."""
    number = next(_sentinels)
    with store.engine.begin() as conn:
        payload = f'{{"kind": "{SENTINEL}", "ids": [{number}]}}'
        conn.execute(text("SELECT pg_notify('desk_events', :p)"), {"p": payload})
    return number


def collect(
    listener: ChangeListener, until: Callable[[Changes], bool], *, step_s: float = 1.0
) -> Changes:
    """Everything received (merged by kind) until ``until`` holds; fails after SAFETY_S."""
    got: Changes = {}
    deadline = time.monotonic() + SAFETY_S
    while not until(got):
        if time.monotonic() > deadline:
            pytest.fail(f"nothing more came in {SAFETY_S} s; received {got}")
        for change in listener.wait(step_s):
            known = Change(change.kind, got[change.kind]) if change.kind in got else change
            got[change.kind] = known.merged(change).ids
    return got


def changes_after(store: Store, listener: ChangeListener, write: Callable[[], object]) -> Changes:
    """What the listener received for ``write`` (which commits), and nothing else."""
    write()
    number = send_sentinel(store)
    got = collect(listener, lambda seen: number in (seen.get(SENTINEL) or ()))
    del got[SENTINEL]
    return got


def in_session(store: Store, work: Callable[[Session], object]) -> Callable[[], object]:
    """A write that runs ``work`` in a committed session."""

    def run() -> object:
        with store.sessions.begin() as session:
            return work(session)

    return run


def in_connection(store: Store, sql: str, **params: object) -> Callable[[], object]:
    """A write that runs plain SQL in a committed transaction."""

    def run() -> None:
        with store.engine.begin() as conn:
            conn.execute(text(sql), params)

    return run


def wait_for_phase(listener: ChangeListener, phase: Phase) -> list[Change]:
    """Call ``wait`` until the listener is in ``phase``; what it handed out meanwhile."""
    received: list[Change] = []
    deadline = time.monotonic() + SAFETY_S
    while listener.state.phase is not phase:
        assert time.monotonic() < deadline, f"still {listener.state} after {SAFETY_S} s"
        received += listener.wait(0.1)
    return received
