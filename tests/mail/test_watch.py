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


#: Only a guard against a hung test: waits end on the event they wait for, however
#: slow a loaded machine is; this is how long before a wait is taken as stuck.
HANG_GUARD_S = 300.0


#: The watch threads of the running test: a wait ends at once if its watch died.
_watches: list[threading.Thread] = []


def wait_until(condition: Callable[[], bool], guard: float = HANG_GUARD_S) -> None:
    """Wait for ``condition`` (what the watch stored, what crossed the wire) to come true."""
    deadline = time.monotonic() + guard
    while not condition():
        assert all(t.is_alive() for t in _watches), "the watch ended (its error follows)"
        assert time.monotonic() < deadline, f"still waiting after {guard:.0f} s: stuck"
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
    _watches.append(thread)
    try:
        yield passes, offline
    except AssertionError:
        if failure:
            raise failure[0] from None  # the watch's own error says more
        raise
    finally:
        _watches.remove(thread)
        stop.set()
        thread.join(timeout=30)
        assert not thread.is_alive()
    if failure:
        raise failure[0]


def test_new_mail_arrives_through_idle(store: Store, mailbox: ImapAccount) -> None:
    mailbox.write_messages([simple_message(1)])
    with (
        MailboxSync(store.sessions, account_for(mailbox), mailbox.password, workers=0) as engine,
        watching(engine, poll_seconds=600) as (passes, offline),
    ):
        wait_until(lambda: len(passes) >= 1)  # the first pass is over, whatever the load
        assert stored(store) == 1
        mailbox.append(simple_message(2))
        # IDLE woke it (the poll is 600 s away): a pass that brought the one new message.
        wait_until(lambda: any(report.new == 1 and report.bodies == 1 for report in passes[1:]))
        assert stored(store) == 2 and not offline


@pytest.mark.parametrize("silent_rounds", [4])
def test_a_quiet_server_is_not_called_offline_and_mail_still_arrives(
    store: Store,
    mailbox: ImapAccount,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
    silent_rounds: int,
) -> None:
    """Courier and Cyrus say nothing while idling: each quiet interval ends with DONE and a
    NOOP the server answers, never with "offline"; the one connection stays up."""
    mailbox.write_messages([simple_message(1)])
    proxy = dropping_proxy((mailbox.host, mailbox.port))
    config = account_for(mailbox, imap_port=proxy.address[1])
    with (
        MailboxSync(store.sessions, config, mailbox.password, workers=0) as engine,
        watching(engine, poll_seconds=600, check_seconds=0.2) as (_passes, offline),
    ):
        wait_until(lambda: proxy.sent_count(b" NOOP\r\n") >= silent_rounds)
        assert offline == [] and proxy.connections == 1
        mailbox.append(simple_message(2))
        wait_until(lambda: stored(store) == 2)
        seen = proxy.sent_count(b" NOOP\r\n")
        wait_until(lambda: proxy.sent_count(b" NOOP\r\n") >= seen + silent_rounds)
        assert offline == [] and proxy.connections == 1
        assert proxy.sent_count(b" IDLE\r\n") > 2 * silent_rounds  # IDLE issued again each time


def test_a_cut_link_during_idle_is_noticed(
    store: Store,
    mailbox: ImapAccount,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import desk.mail.watch

    monkeypatch.setattr(desk.mail.watch, "backoff_delay", lambda failures: 0.1)
    proxy = dropping_proxy((mailbox.host, mailbox.port))
    config = account_for(mailbox, imap_port=proxy.address[1])
    with (
        MailboxSync(store.sessions, config, mailbox.password, workers=0) as engine,
        watching(engine, poll_seconds=600, check_seconds=0.2) as (_passes, offline),
    ):
        wait_until(lambda: proxy.sent_count(b" NOOP\r\n") >= 1)  # idling, link checked once
        proxy.drop_all()
        wait_until(lambda: len(offline) >= 1)  # noticed by DONE/NOOP failing, not by a clock
        mailbox.append(simple_message(5))
        wait_until(lambda: stored(store) == 1)  # reconnected on its own
        assert proxy.connections >= 2


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
