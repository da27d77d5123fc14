"""Watching the mailbox: new mail arrives by IDLE (or polling), outages are waited out."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from desk.core.errors import DeskError, ErrorCode
from desk.mail.sync import FolderReport, MailboxSync
from desk.mail.watch import watch
from desk.store.database import Store
from desk.store.models import Message
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message
from tests.support.proxy import DroppingProxy


def stored(store: Store) -> int:
    with store.sessions.begin() as session:
        return int(session.scalar(select(func.count()).select_from(Message)) or 0)


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@contextmanager
def watching(
    engine: MailboxSync, **kwargs: object
) -> Iterator[tuple[list[FolderReport], list[str]]]:
    """Run ``watch`` in a thread; stop it (and surface its failure) at the end."""
    passes: list[FolderReport] = []
    offline: list[str] = []
    failure: list[BaseException] = []
    stop = threading.Event()

    def run() -> None:
        try:
            watch(
                engine,
                stop,
                passes.extend,
                on_offline=lambda exc, delay: offline.append(str(exc)),
                **kwargs,  # type: ignore[arg-type]
            )
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield passes, offline
    finally:
        stop.set()
        thread.join(timeout=30)
        assert not thread.is_alive()
    if failure:
        raise failure[0]


def test_new_mail_arrives_through_idle(store: Store, imap_account: ImapAccount) -> None:
    imap_account.write_messages([simple_message(1)])
    with (
        MailboxSync(
            store.sessions, account_for(imap_account), imap_account.password, workers=0
        ) as engine,
        watching(engine, poll_seconds=600) as (passes, _),
    ):
        wait_until(lambda: stored(store) == 1)
        imap_account.append(simple_message(2))
        wait_until(lambda: stored(store) == 2)  # IDLE woke it: the poll is 600 s away
        wait_until(lambda: any(report.new == 1 and report.bodies == 1 for report in passes[1:]))


def test_mail_arriving_between_a_pass_and_idle_is_not_left_waiting(
    store: Store, imap_account: ImapAccount
) -> None:
    # The message lands while the first pass is being handed over (where the service
    # clusters and stores), after its fetch and before IDLE: IDLE never announces it.
    imap_account.write_messages([simple_message(1)])
    passes: list[FolderReport] = []
    appended = threading.Event()

    def on_pass(reports: list[FolderReport]) -> None:
        passes.extend(reports)
        if not appended.is_set():
            imap_account.append(simple_message(2))
            appended.set()

    stop = threading.Event()
    with MailboxSync(
        store.sessions, account_for(imap_account), imap_account.password, workers=0
    ) as engine:
        thread = threading.Thread(
            target=watch, args=(engine, stop, on_pass), kwargs={"poll_seconds": 600}, daemon=True
        )
        thread.start()
        try:
            wait_until(lambda: stored(store) == 2)  # the poll is 600 s away, IDLE says nothing
        finally:
            stop.set()
            thread.join(timeout=30)
    assert not thread.is_alive()


def test_without_idle_the_watch_polls(
    store: Store, imap_account: ImapAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.mail.imap import ImapConnection

    monkeypatch.setattr(ImapConnection, "has_idle", property(lambda self: False))
    with (
        MailboxSync(
            store.sessions, account_for(imap_account), imap_account.password, workers=0
        ) as engine,
        watching(engine, poll_seconds=0.2) as (passes, _),
    ):
        wait_until(lambda: len(passes) >= 2)
        imap_account.append(simple_message(7))
        wait_until(lambda: stored(store) == 1)


def test_an_outage_is_waited_out(
    store: Store,
    imap_account: ImapAccount,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import desk.mail.watch

    monkeypatch.setattr(desk.mail.watch, "backoff_delay", lambda failures: 0.1)
    proxy = dropping_proxy((imap_account.host, imap_account.port))
    config = account_for(imap_account, imap_port=proxy.address[1])
    with (
        MailboxSync(store.sessions, config, imap_account.password, workers=0) as engine,
        watching(engine, poll_seconds=600) as (_, offline),
    ):
        wait_until(lambda: proxy.connections >= 1)
        proxy.refuse(True)
        proxy.drop_all()
        wait_until(lambda: len(offline) >= 2)  # retried, still offline, still watching
        # A drop seen mid-response reads as EOF; a refused reconnection as unreachable.
        reasons = ("cannot be reached", "connection lost", "EOF")
        assert all(any(r in text for r in reasons) for text in offline), offline
        imap_account.append(simple_message(3))
        proxy.refuse(False)
        wait_until(lambda: stored(store) == 1)


def test_a_wrong_password_ends_the_watch(store: Store, imap_account: ImapAccount) -> None:
    engine = MailboxSync(store.sessions, account_for(imap_account), "wrong", workers=0)
    with pytest.raises(DeskError) as caught, watching(engine, poll_seconds=600):
        time.sleep(3)  # the thread ends at once; its error is raised on leaving
    assert caught.value.code is ErrorCode.LOGIN_FAILED
    engine.close()
