"""Team-mode test helpers: agents, messages, clusters, replies, PostgreSQL stores, lock waits."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from desk.store.database import Store, open_store
from desk.store.models import (
    Agent,
    Cluster,
    ClusterMember,
    Folder,
    FolderKind,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
)
from tests.support.postgres import PostgresServer

T = TypeVar("T")
NOW = datetime(2020, 3, 16, 9, 0, tzinfo=UTC)
_folders = itertools.count(1)


def add_agents(session: Session, *names: str) -> list[int]:
    """Agents named ``names`` (login = name in lower case); their ids."""
    agents = [Agent(login=name.lower(), display_name=name) for name in names]
    session.add_all(agents)
    session.flush()
    return [a.id for a in agents]


def add_messages(
    session: Session,
    count: int,
    *,
    senders: Sequence[str] = (),
    status: MessageStatus = MessageStatus.OPEN,
    ingested_at: datetime = NOW - timedelta(hours=1),
) -> list[int]:
    """``count`` messages (sender ``p<i>@example.org`` unless given); their ids."""
    number = next(_folders)
    folder = Folder(kind=FolderKind.MAILDIR, name="x", locator=f"maildir:/x{number}")
    session.add(folder)
    messages = []
    for i in range(count):
        sender = senders[i] if i < len(senders) else f"p{number}-{i}@example.org"
        messages.append(
            Message(
                folder=folder,
                source_key=f"k{i}",
                message_id=f"<{number}.{i}@x>",
                date=NOW - timedelta(hours=2),
                ingested_at=ingested_at,
                size=1,
                sender=sender,
                from_addr=sender,
                status=status,
            )
        )
    session.add_all(messages)
    session.flush()
    return [m.id for m in messages]


def add_cluster(session: Session, message_ids: Sequence[int], label: str = "") -> int:
    """A cluster of these messages; its id."""
    cluster = Cluster(label=label, representative_id=message_ids[0] if message_ids else None)
    session.add(cluster)
    session.flush()
    session.add_all(ClusterMember(message_id=m, cluster_id=cluster.id) for m in message_ids)
    session.flush()
    return cluster.id


def add_reply(session: Session, message_ids: Sequence[int], state: ReplyState) -> int:
    """A reply answering these messages, in ``state``; its id."""
    reply = Reply(
        message_id_header=f"<r{'.'.join(map(str, message_ids))}.{state.value}@x>",
        to_addr="someone@example.org",
        subject="Re: x",
        body_text="x",
        state=state,
    )
    session.add(reply)
    session.flush()
    session.add_all(ReplyMessage(reply_id=reply.id, message_id=m) for m in message_ids)
    session.flush()
    return reply.id


@pytest.fixture
def pg_url(postgres_server: PostgresServer, postgres_template: str) -> str:
    """A fresh migrated PostgreSQL database, for the tests only PostgreSQL can run."""
    return postgres_server.create_database(template=postgres_template)


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    """An opened store on a fresh PostgreSQL database."""
    opened = open_store(pg_url)
    try:
        yield opened
    finally:
        opened.close()


def _backend_pid(session: Session) -> int:
    """The PostgreSQL server process serving this session's connection."""
    return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _wait_until_blocked(store: Store, pid: int, done: threading.Event, limit_s: float = 30) -> bool:
    """Wait until backend ``pid`` waits on a lock (True) or ``done`` is set first (False).

    Asked of the server itself (``pg_stat_activity``): a test interleaves two
    transactions on what PostgreSQL says, not on sleeps.
    """
    deadline = threading.Event()
    timer = threading.Timer(limit_s, deadline.set)
    timer.start()
    try:
        while not deadline.is_set():
            with store.sessions() as session:
                waiting = session.execute(
                    text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                    {"pid": pid},
                ).scalar_one_or_none()
            if waiting == "Lock":
                return True
            if done.wait(0.005):
                return False
        raise AssertionError(f"backend {pid} neither finished nor waited on a lock in {limit_s} s")
    finally:
        timer.cancel()


def commit_once_it_waits(store: Store, holding: Session, work: Callable[[Session], T]) -> T:
    """Run ``work`` in a transaction of its own on another thread; once PostgreSQL says it
    waits on a lock, commit ``holding`` (and close it); return what ``work`` gave.

    Interleaves two transactions deterministically: if ``work`` finishes
    without ever waiting (the lock it should meet is not there), the test fails.
    """
    result: list[T] = []
    errors: list[BaseException] = []
    pid: list[int] = []
    started, done = threading.Event(), threading.Event()

    def run() -> None:
        try:
            with store.sessions.begin() as session:
                pid.append(_backend_pid(session))
                started.set()
                result.append(work(session))
        except BaseException as exc:
            errors.append(exc)
        finally:
            started.set()
            done.set()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert started.wait(30) and pid, errors
        waited = _wait_until_blocked(store, pid[0], done)
    finally:
        holding.commit()
        holding.close()
        thread.join(60)
    assert not errors, errors
    assert waited, "it never waited for the transaction holding the lock"
    return result[0]
