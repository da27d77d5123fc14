"""The outbox against real peers: Dovecot for the mailbox, aiosmtpd for submission."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlalchemy import event, select, update

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.core.processes import ProcessToken, this_host
from desk.mail.account import AccountConfig
from desk.mail.drafts import ReplyDraft
from desk.mail.handover import HandoverJournal, process_journal
from desk.mail.outbox import (
    COPY_MARK,
    Outbox,
    OutboxListener,
    RateLimiter,
    alive_while_sending,
    retry_delay,
)
from desk.mail.queueing import cancel_replies, compose, queue_replies
from desk.mail.sync import MailboxSync
from desk.store.database import Store
from desk.store.models import Account, Message, MessageStatus, Reply, ReplyState
from desk.workbench.answering import outbox_counts
from desk.workbench.in_doubt import mark_went, replies_in_doubt, send_again
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.filing import FilingSmtpServer
from tests.support.mail import simple_message
from tests.support.proxy import DroppingProxy
from tests.support.smtp import SmtpServer


class Clock:
    """A settable clock for not_before and backoff."""

    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def synced(store: Store, config: AccountConfig, password: str) -> list[int]:
    """Sync the mailbox into the store; the store ids of its messages in UID order."""
    with MailboxSync(store.sessions, config, password, workers=0) as engine:
        engine.sync_once()
    with store.sessions.begin() as session:
        return list(session.scalars(select(Message.id).order_by(Message.uid)))


def drafts_for(store: Store, ids: list[int], body: str = "Voici la réponse.") -> list[ReplyDraft]:
    with store.sessions.begin() as session:
        rows = session.execute(
            select(Message.id, Message.from_addr, Message.from_name).where(Message.id.in_(ids))
        ).all()
    return [ReplyDraft((mid,), addr, name, f"{body} ({addr})") for mid, addr, name in rows]


def queue(store: Store, config: AccountConfig, drafts: list[ReplyDraft], **kw: object) -> list[int]:
    with store.sessions.begin() as session:
        account_id = session.scalars(select(Account.id).where(Account.name == config.name)).one()
        result = queue_replies(session, account_id, drafts, **kw)  # type: ignore[arg-type]
    assert not result.refused, result.refused
    return result.queued


def outbox(store: Store, config: AccountConfig, mailbox: ImapAccount, **kw: object) -> Outbox:
    return Outbox(
        store.sessions,
        config,
        imap_password=mailbox.password,
        smtp_password=None,
        sleep=lambda _s: None,
        **kw,  # type: ignore[arg-type]
    )


def states(store: Store) -> list[ReplyState]:
    with store.sessions.begin() as session:
        return list(session.scalars(select(Reply.state).order_by(Reply.id)))


def server_flags(mailbox: ImapAccount, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
    """UID → flags, read with imapclient (it speaks modified UTF-7 folder names)."""
    with IMAPClient(mailbox.host, port=mailbox.port, ssl=False) as client:
        client.login(mailbox.user, mailbox.password)
        client.select_folder(folder, readonly=True)
        return {
            uid: data[b"FLAGS"] for uid, data in client.fetch(client.search(), ["FLAGS"]).items()
        }


def sent_folder_ids(mailbox: ImapAccount, folder: str = "Sent") -> list[str]:
    with mailbox.session(folder) as client:
        _, data = client.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    ids = []
    for item in data:
        if isinstance(item, tuple):
            ids.append(item[1].decode().split(":", 1)[1].strip())
    return ids


@pytest.fixture
def setup(
    store: Store, imap_account: ImapAccount, smtp_server: SmtpServer
) -> Iterator[tuple[AccountConfig, list[int]]]:
    imap_account.write_messages([simple_message(n) for n in range(1, 6)])
    config = account_for(imap_account, smtp_server)
    yield config, synced(store, config, imap_account.password)


def test_a_batch_goes_out_once_over_one_connection_and_is_filed(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
) -> None:
    config, ids = setup
    queued = queue(store, config, drafts_for(store, ids[:3]))

    report = outbox(store, config, imap_account).run()

    assert (report.sent, report.failed, report.filed) == (3, 0, 3)
    assert smtp_server.connections == 1
    received = smtp_server.messages
    assert sorted(m.rcpt_tos[0] for m in received) == [f"parent{n}@example.org" for n in (1, 2, 3)]
    with store.sessions.begin() as session:
        replies = session.scalars(select(Reply).where(Reply.id.in_(queued))).all()
        by_header = {r.message_id_header: r for r in replies}
        statuses = dict(session.execute(select(Message.uid, Message.status)).all())
    for got in received:
        message = got.message
        reply = by_header[message["Message-ID"]]
        assert message["From"] == "Service contact <contact@example-edu.fr>"
        assert message["Subject"] == "Re: Mot de passe oublié"
        assert message["In-Reply-To"] == reply.in_reply_to
        assert message["References"].endswith(reply.in_reply_to or "")
        assert got.mail_from == "contact@example-edu.fr"
        assert reply.state is ReplyState.SENT and reply.sent_at is not None
    assert [statuses[u] for u in (1, 2, 3, 4)] == [MessageStatus.ANSWERED] * 3 + [
        MessageStatus.OPEN
    ]
    flags = server_flags(imap_account)
    assert all(b"\\Answered" in flags[u] for u in (1, 2, 3))
    assert b"\\Answered" not in flags[4]
    assert sorted(sent_folder_ids(imap_account)) == sorted(by_header)

    again = outbox(store, config, imap_account).run()
    assert (again.sent, again.filed) == (0, 0)
    assert len(smtp_server.messages) == 3


def test_the_undo_window_holds_and_cancel_takes_back(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    clock: Clock,
) -> None:
    config, ids = setup
    held = queue(store, config, drafts_for(store, ids[:2]), hold_seconds=10, now=clock.now)
    box = outbox(store, config, imap_account, clock=clock)
    assert box.run().sent == 0
    with store.sessions.begin() as session:
        assert cancel_replies(session, held[:1]) == 1
    clock.now += timedelta(seconds=11)
    assert box.run().sent == 1
    assert [m.rcpt_tos for m in smtp_server.messages] == [("parent2@example.org",)]
    with store.sessions.begin() as session:
        assert cancel_replies(session, held) == 0  # the sent one is not taken back


def test_4xx_retries_later_and_5xx_fails_with_the_reason(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    clock: Clock,
) -> None:
    config, ids = setup
    smtp_server.reject_recipient("parent2@example.org", 550, "5.1.1 No such user")
    queued = queue(store, config, drafts_for(store, ids[:3]))
    smtp_server.fail_next(1, code=451, text="4.3.0 Try again later")
    box = outbox(store, config, imap_account, clock=clock)

    report = box.run()

    assert (report.sent, report.failed, report.postponed) == (1, 1, 1)
    with store.sessions.begin() as session:
        replies = {r.to_addr: r for r in session.scalars(select(Reply))}
    assert replies["parent2@example.org"].state is ReplyState.FAILED
    assert "550" in (replies["parent2@example.org"].last_error or "")
    assert "No such user" in (replies["parent2@example.org"].last_error or "")
    postponed = replies["parent1@example.org"]
    assert postponed.state is ReplyState.QUEUED and postponed.attempts == 1
    assert "451" in (postponed.last_error or "")
    assert postponed.not_before is not None and postponed.not_before > clock.now

    assert box.run().sent == 0  # not before the backoff
    clock.now += retry_delay(1) + timedelta(seconds=1)
    assert box.run().sent == 1
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [
        "parent1@example.org",
        "parent3@example.org",
    ]
    assert len(queued) == 3


def test_offline_keeps_replies_queued_until_the_server_is_back(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
) -> None:
    imap_account.write_messages([simple_message(n) for n in range(1, 4)])
    smtp_proxy = dropping_proxy((smtp_server.host, smtp_server.port))
    imap_proxy = dropping_proxy((imap_account.host, imap_account.port))
    config = account_for(
        imap_account, smtp_server, imap_port=imap_proxy.address[1], smtp_port=smtp_proxy.address[1]
    )
    ids = synced(store, config, imap_account.password)
    smtp_proxy.refuse(True)
    imap_proxy.refuse(True)
    queue(store, config, drafts_for(store, ids))  # agents keep preparing answers offline

    report = outbox(store, config, imap_account).run()

    assert report.sent == 0 and report.offline is not None
    assert "cannot be reached" in report.offline
    assert states(store) == [ReplyState.QUEUED] * 3
    smtp_proxy.refuse(False)
    imap_proxy.refuse(False)
    back = outbox(store, config, imap_account).run()
    assert (back.sent, back.filed) == (3, 3)
    assert len(smtp_server.messages) == 3


def test_a_reply_whose_250_was_lost_is_found_in_sent_not_sent_twice(
    store: Store, imap_account: ImapAccount
) -> None:
    with imap_account.session() as client:
        client.create("Sent")
    imap_account.write_messages([simple_message(n) for n in range(1, 5)])
    with FilingSmtpServer(imap_account, lose_reply_to=frozenset({2})) as smtp:
        config = account_for(imap_account, smtp)
        ids = synced(store, config, imap_account.password)
        queue(store, config, drafts_for(store, ids))

        cut = outbox(store, config, imap_account).run()
        assert (cut.sent, cut.in_doubt) == (1, 1)
        assert states(store)[:2] == [ReplyState.SENT, ReplyState.SENDING]

        resumed = outbox(store, config, imap_account).run()
        assert (resumed.recovered_sent, resumed.sent) == (1, 2)
        recipients = sorted(m.rcpt_tos[0] for m in smtp.messages)
    assert recipients == [f"parent{n}@example.org" for n in range(1, 5)]  # once each
    assert states(store) == [ReplyState.SENT] * 4
    assert sorted(sent_folder_ids(imap_account)) == sorted(
        r.message_id_header for r in _replies(store)
    )


def _replies(store: Store) -> list[Reply]:
    with store.sessions.begin() as session:
        return list(session.scalars(select(Reply).order_by(Reply.id)))


@pytest.mark.parametrize("server_files", [True, False, None])
def test_recovery_of_replies_interrupted_after_being_handed_over(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    server_files: bool | None,
) -> None:
    """Found in Sent: sent. Not found: sent again if this server files what it accepts,
    else in doubt (a server that keeps no copy, or of unknown habits, cannot tell): never
    taken as sent without evidence, never sent again on the outbox's own."""
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:2]))
    with store.sessions.begin() as session:
        replies = session.scalars(select(Reply).order_by(Reply.id)).all()
        account = session.scalars(select(Account)).one()
        account.smtp_files_sent = server_files
        for reply in replies:
            reply.state = ReplyState.SENDING  # as a killed process leaves them
            reply.attempts = 1
        already = compose(replies[0], account, "Parent 1")
    with imap_account.session() as client:
        client.create("Sent")
    imap_account.append(already, "Sent", ("\\Seen",))  # the server had filed the first one

    report = outbox(store, config, imap_account).run()

    if server_files:
        assert states(store) == [ReplyState.SENT, ReplyState.SENT]
        assert len(sent_folder_ids(imap_account)) == 2  # no second copy of the first
        assert (report.recovered_sent, report.recovered_requeued, report.sent) == (1, 1, 1)
        assert [m.rcpt_tos[0] for m in smtp_server.messages] == ["parent2@example.org"]
    else:
        assert states(store) == [ReplyState.SENT, ReplyState.IN_DOUBT]
        assert len(sent_folder_ids(imap_account)) == 1  # no second copy of the first
        assert (report.recovered_sent, report.held_in_doubt, report.sent) == (1, 1, 0)
        assert smtp_server.messages == []
        second = _replies(store)[1]
        assert "may have left" in (second.last_error or "") and second.last_error_at is not None
        assert second.sent_at is None
        again = outbox(store, config, imap_account).run()  # in doubt: never sent on its own
        assert (again.sent, again.held_in_doubt, smtp_server.messages) == (0, 0, [])
        assert states(store) == [ReplyState.SENT, ReplyState.IN_DOUBT]


@pytest.mark.parametrize("witness_filed_by", ["server", "desk"])
def test_recovery_learns_whether_the_server_files_from_replies_already_sent(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    witness_filed_by: str,
) -> None:
    """A run killed before it learnt the server's habit: the recovery learns it from Sent.

    Reply 1 was sent and not yet copied by Desk; reply 2 was handed over when
    the process died and is not in Sent. If reply 1 is in Sent without Desk's
    mark, the server files what it accepts, so it threw reply 2 away: sent
    again, not assumed sent (the loss CI once caught with four outboxes). When
    the only copy bears Desk's mark (another outbox filed it), the server keeps
    none: nothing tells whether the handed-over reply left, so it is in doubt.
    """
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:2]))
    with store.sessions.begin() as session:
        first, second = session.scalars(select(Reply).order_by(Reply.id)).all()
        account = session.scalars(select(Account)).one()
        assert account.smtp_files_sent is None
        first.state, first.attempts, first.sent_at = ReplyState.SENT, 1, utc_now()
        second.state, second.attempts = ReplyState.SENDING, 1
        copy = compose(first, account, "Parent 1")
    with imap_account.session() as client:
        client.create("Sent")
    mark = COPY_MARK if witness_filed_by == "desk" else b""
    imap_account.append(mark + copy, "Sent", ("\\Seen",))

    report = outbox(store, config, imap_account).run()

    if witness_filed_by == "server":
        assert states(store) == [ReplyState.SENT, ReplyState.SENT]
        assert (report.recovered_requeued, report.held_in_doubt, report.sent) == (1, 0, 1)
        assert [m.rcpt_tos[0] for m in smtp_server.messages] == ["parent2@example.org"]
    else:
        assert states(store) == [ReplyState.SENT, ReplyState.IN_DOUBT]
        assert (report.recovered_requeued, report.held_in_doubt, report.sent) == (0, 1, 0)
        assert smtp_server.messages == []
        with store.sessions.begin() as session:
            learnt = session.scalars(select(Account.smtp_files_sent)).one()
        assert learnt is False  # a sent reply that only Desk copied: the server keeps none


def test_in_doubt_replies_wait_when_the_mailbox_is_unreachable(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
) -> None:
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:1]))
    with store.sessions.begin() as session:
        session.scalars(select(Reply)).one().state = ReplyState.SENDING
    proxy = dropping_proxy((imap_account.host, imap_account.port))
    proxy.refuse(True)
    offline = account_for(imap_account, smtp_server, imap_port=proxy.address[1])
    report = outbox(store, offline, imap_account).run()
    assert report.in_doubt == 1 and report.sent == 0
    assert smtp_server.messages == []
    assert states(store) == [ReplyState.SENDING]


def test_answered_mail_moves_to_the_processed_folder(
    store: Store, imap_account: ImapAccount, smtp_server: SmtpServer
) -> None:
    imap_account.write_messages([simple_message(n) for n in range(1, 4)])
    config = account_for(imap_account, smtp_server, processed_folder="Traité")
    ids = synced(store, config, imap_account.password)
    queue(store, config, drafts_for(store, ids[:2]))
    report = outbox(store, config, imap_account).run()
    assert report.filed == 2
    assert imap_account.status()["messages"] == 1
    assert len(server_flags(imap_account, "Traité")) == 2
    moved = server_flags(imap_account, "Traité")
    assert all(b"\\Answered" in f for f in moved.values())
    with MailboxSync(store.sessions, config, imap_account.password, workers=0) as engine:
        [inbox] = engine.sync_once()
    assert inbox.gone == 2
    with store.sessions.begin() as session:
        statuses = sorted(s.value for s in session.scalars(select(Message.status)))
    assert statuses == ["answered", "answered", "open"]  # answered, then moved: still answered


def test_rate_limit_spaces_sends() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(30, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert waits == [2.0, 2.0, 2.0]
    RateLimiter(None, clock=lambda: 0.0, sleep=sleep).wait()
    assert len(waits) == 3


def test_smtp_without_a_server_is_an_account_error(store: Store, imap_account: ImapAccount) -> None:
    config = account_for(imap_account)
    with pytest.raises(DeskError) as caught:
        Outbox(store.sessions, config, imap_password=None, smtp_password=None).run()
    assert caught.value.code in (ErrorCode.ACCOUNT_INVALID,)


def test_a_reply_cancelled_while_the_batch_runs_is_not_sent(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
) -> None:
    """Loaded for sending, then taken back (undo): the server never gets its final "."."""
    config, ids = setup
    queued = queue(store, config, drafts_for(store, ids[:3]))

    class UndoSecond(OutboxListener):
        def sent(self, done: int, total: int) -> None:
            if done == 1:
                with store.sessions.begin() as session:
                    assert cancel_replies(session, [queued[1]]) == 1

    report = outbox(store, config, imap_account, listener=UndoSecond()).run()

    assert report.sent == 2
    assert len(smtp_server.messages) == 2
    assert "parent2@example.org" not in {m.rcpt_tos[0] for m in smtp_server.messages}
    assert states(store) == [ReplyState.SENT, ReplyState.SENT]


def test_a_reopened_message_can_be_answered_again_with_a_new_message_id(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
) -> None:
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:1]))
    assert outbox(store, config, imap_account).run().sent == 1
    with store.sessions.begin() as session:  # an agent reopens it: the parent wrote back
        session.execute(
            update(Message).where(Message.id == ids[0]).values(status=MessageStatus.OPEN)
        )
    queue(store, config, drafts_for(store, ids[:1], body="Complément de réponse."))
    assert outbox(store, config, imap_account).run().sent == 1
    first, second = (m.message for m in smtp_server.messages)
    assert first["Message-ID"] != second["Message-ID"]
    assert first["In-Reply-To"] == second["In-Reply-To"]


def test_the_journal_tells_a_reply_that_never_left_even_offline(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    tmp_path: Path,
) -> None:
    """'sending' in the store but not in the hand-over journal: the "." never went out."""
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:3]))
    journal = tmp_path / "outbox.journal"
    here = f"{socket.gethostname()}:{journal}"
    with store.sessions.begin() as session:
        first, second, third = session.scalars(select(Reply).order_by(Reply.id)).all()
        for reply, started_by in ((first, here), (second, here), (third, "other-pc:/x")):
            reply.state, reply.attempts, reply.sending_from = ReplyState.SENDING, 1, started_by
        first_id = first.id
    HandoverJournal(journal).record(first_id, 1)  # only the first was handed over
    box = Outbox(store.sessions, config, imap_password=None, smtp_password=None, journal=journal)
    report = box.run()
    # No mailbox: the first (handed over) and the third (another machine's, which this
    # journal cannot speak for) stay in doubt; the second never left, so it goes now.
    assert (report.recovered_requeued, report.in_doubt, report.sent) == (1, 2, 1)
    assert [m.rcpt_tos[0] for m in smtp_server.messages] == ["parent2@example.org"]
    assert states(store) == [ReplyState.SENDING, ReplyState.SENT, ReplyState.SENDING]


@pytest.mark.parametrize("lease_left", [timedelta(minutes=5), timedelta(seconds=-1)])
def test_a_reply_under_another_live_outboxs_lease_is_left_until_it_runs_out(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    clock: Clock,
    lease_left: timedelta,
) -> None:
    """Another process (alive, on this machine) is sending it: untouched while its lease runs."""
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:1]))
    with subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                          stdin=subprocess.PIPE) as other:  # fmt: skip
        owner = str(ProcessToken(this_host(), other.pid, "live"))
        with store.sessions.begin() as session:
            reply = session.scalars(select(Reply)).one()
            reply.state, reply.attempts = ReplyState.SENDING, 1
            reply.lease_owner, reply.lease_until = owner, clock.now + lease_left
        with alive_while_sending(store.engine, owner):  # as the other outbox holds it
            report = outbox(store, config, imap_account, clock=clock).run()
        assert other.stdin is not None
        other.stdin.close()
    if lease_left > timedelta(0):
        assert (report.recovered_requeued, report.recovered_sent, report.sent) == (0, 0, 0)
        assert states(store) == [ReplyState.SENDING]
        assert smtp_server.messages == []
    else:  # ran out: recovered (not in Sent, on a server of unknown habits: in doubt)
        assert report.held_in_doubt == 1 and states(store) == [ReplyState.IN_DOUBT]
        assert smtp_server.messages == []


def test_a_dead_outboxs_reply_is_recovered_at_once_from_its_own_journal(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    clock: Clock,
    tmp_path: Path,
) -> None:
    """A killed process's lease still runs, but the process is gone: its journal decides now."""
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:1]))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    dead = ProcessToken(this_host(), int(ended.stdout), "killed")
    journal = tmp_path / "outbox-x.1-killed.journal"
    HandoverJournal(journal).entries()  # none yet: the "." never went out
    journal.write_text("")
    with store.sessions.begin() as session:
        reply = session.scalars(select(Reply)).one()
        reply.state, reply.attempts = ReplyState.SENDING, 1
        reply.lease_owner, reply.lease_until = str(dead), clock.now + timedelta(minutes=9)
        reply.sending_from = f"{this_host()}:{journal}"
    report = outbox(
        store, config, imap_account, clock=clock, journal=tmp_path / "outbox-x.journal"
    ).run()
    assert (report.recovered_requeued, report.sent) == (1, 1)
    assert [m.rcpt_tos[0] for m in smtp_server.messages] == ["parent1@example.org"]


def test_a_lease_shorter_than_a_few_timeouts_is_refused(
    store: Store, imap_account: ImapAccount, setup: tuple[AccountConfig, list[int]]
) -> None:
    config, _ = setup
    with pytest.raises(ValueError, match="lease"):
        outbox(store, config, imap_account, timeout=30.0, lease=timedelta(seconds=60))


class LosingSmtpServer(SmtpServer):
    """A server that keeps no copy in Sent and, for the messages numbered in ``lose_reply_to``,
    takes the message then drops the connection before its 250 (it did leave)."""

    def __init__(self, lose_reply_to: frozenset[int]) -> None:
        super().__init__()
        self.lose_reply_to = lose_reply_to

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) in self.lose_reply_to:
            server.transport.abort()
        return answer


@pytest.mark.parametrize("decision", ["it went", "send again"])
def test_a_reply_interrupted_after_the_hand_over_on_a_server_keeping_no_copy_is_in_doubt(
    store: Store, imap_account: ImapAccount, tmp_path: Path, clock: Clock, decision: str
) -> None:
    """Sent by the server, its 250 lost, on a server that keeps no copy: nothing can tell
    whether it left. In doubt, never sent again by the outbox; the agent's word settles it."""
    with imap_account.session() as client:
        client.create("Sent")
    imap_account.write_messages([simple_message(n) for n in range(1, 4)])
    journal = tmp_path / "outbox.journal"
    with LosingSmtpServer(lose_reply_to=frozenset({2})) as smtp:
        config = account_for(imap_account, smtp)
        ids = synced(store, config, imap_account.password)
        _, second, _ = queue(store, config, drafts_for(store, ids))

        cut = outbox(store, config, imap_account, journal=journal, clock=clock).run()
        assert (cut.sent, cut.in_doubt, cut.filed) == (1, 1, 1)  # filing learnt: keeps no copy
        assert states(store) == [ReplyState.SENT, ReplyState.SENDING, ReplyState.QUEUED]

        resumed = outbox(store, config, imap_account, journal=journal, clock=clock).run()
        assert (resumed.held_in_doubt, resumed.recovered_sent, resumed.sent) == (1, 0, 1)
        assert states(store) == [ReplyState.SENT, ReplyState.IN_DOUBT, ReplyState.SENT]
        for _ in range(2):  # in doubt: the outbox never sends it on its own
            again = outbox(store, config, imap_account, journal=journal, clock=clock).run()
            assert (again.sent, again.held_in_doubt, again.recovered_requeued) == (0, 0, 0)
        assert sorted(m.rcpt_tos[0] for m in smtp.messages) == [
            f"parent{n}@example.org" for n in (1, 2, 3)
        ]
        with store.sessions.begin() as session:
            [doubtful] = replies_in_doubt(session)
            assert (doubtful.reply_id, doubtful.to_addr) == (second, "parent2@example.org")
            assert doubtful.subject.startswith("Re:") and "may have left" in doubtful.reason
            assert outbox_counts(session).in_doubt == 1
            assert session.get_one(Message, ids[1]).status is MessageStatus.OPEN

        clock.now += timedelta(minutes=5)
        with store.sessions.begin() as session:
            if decision == "it went":
                assert mark_went(session, [second], clock.now) == 1
            else:
                assert send_again(session, [second]) == 1
        with store.sessions.begin() as session:  # a second agent deciding too: nothing left
            assert (mark_went(session, [second], clock.now), send_again(session, [second])) == (
                0,
                0,
            )
            assert replies_in_doubt(session) == []
            assert outbox_counts(session).in_doubt == 0
        after = outbox(store, config, imap_account, journal=journal, clock=clock).run()
        recipients = sorted(m.rcpt_tos[0] for m in smtp.messages)

    assert states(store) == [ReplyState.SENT] * 3
    second_row = _replies(store)[1]
    with store.sessions.begin() as session:
        answered = session.get_one(Message, ids[1]).status
    assert answered is MessageStatus.ANSWERED
    assert second_row.filed_at is not None and second_row.last_error is None
    if decision == "it went":
        assert after.sent == 0 and recipients.count("parent2@example.org") == 1
        assert second_row.sent_at == second_row.attempted_at  # counted when it was handed over
        assert second_row.sent_at is not None and second_row.sent_at < clock.now
    else:  # the agent's explicit choice: the same Message-ID goes out once more
        assert after.sent == 1 and recipients.count("parent2@example.org") == 2
        assert second_row.sent_at == clock.now
    assert sorted(sent_folder_ids(imap_account)) == sorted(
        r.message_id_header for r in _replies(store)
    )


def test_accepted_in_the_journal_is_sent_without_the_mailbox(
    store: Store,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    setup: tuple[AccountConfig, list[int]],
    tmp_path: Path,
) -> None:
    """Killed after the server's 250, before "sent" was committed: the journal's second line
    says the server took it, so it is sent, even with no mailbox to look in."""
    config, ids = setup
    queue(store, config, drafts_for(store, ids[:2]))
    journal = tmp_path / "outbox.journal"
    here = f"{this_host()}:{journal}"
    with store.sessions.begin() as session:
        first, second = session.scalars(select(Reply).order_by(Reply.id)).all()
        for reply in (first, second):
            reply.state, reply.attempts, reply.sending_from = ReplyState.SENDING, 1, here
        first_id, second_id = first.id, second.id
    written = HandoverJournal(journal)
    written.record(first_id, 1)
    written.record_accepted(first_id, 1)  # the 250 came
    written.record(second_id, 1)  # the "." went, no answer
    written.close()
    box = Outbox(store.sessions, config, imap_password=None, smtp_password=None, journal=journal)
    report = box.run()
    assert (report.recovered_sent, report.in_doubt, report.sent) == (1, 1, 0)
    assert states(store) == [ReplyState.SENT, ReplyState.SENDING]
    assert smtp_server.messages == []


class WatchingSmtpServer(SmtpServer):
    """Notes, when a message's final "." arrives, what the client had made durable by then."""

    def __init__(self, store: Store, fsynced: list[bytes], full_commits: list[bool]) -> None:
        super().__init__()
        self.store = store
        self.fsynced = fsynced
        self.full_commits = full_commits
        self.seen: list[tuple[list[bytes], list[ReplyState], list[bool]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        commits = list(self.full_commits)  # before states() below commits itself
        self.seen.append((list(self.fsynced), states(self.store), commits))
        return await super().handle_DATA(server, session, envelope)


def test_the_hand_over_line_and_the_sending_commit_are_durable_before_the_final_dot(
    store: Store,
    imap_account: ImapAccount,
    setup: tuple[AccountConfig, list[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server, on receiving a message's ".", looks at what the outbox had forced to the
    disk by then: the journal's line for it (``os.fsync``), and, on SQLite, the "sending"
    commit made with ``synchronous=FULL``. A power cut cannot be simulated; the order can."""
    _, ids = setup
    journal = tmp_path / "outbox.journal"
    fsynced: list[bytes] = []  # the journal's content at each fsync of it
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        own = process_journal(journal)
        if own.exists() and os.fstat(fd).st_ino == own.stat().st_ino:
            fsynced.append(own.read_bytes())
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    full_commits: list[bool] = []
    if store.engine.dialect.name == "sqlite":

        @event.listens_for(store.engine, "commit")
        def _synchronous(connection: Any) -> None:
            level = connection.exec_driver_sql("PRAGMA synchronous").scalar()
            full_commits.append(level == 2)  # FULL

    watching = WatchingSmtpServer(store, fsynced, full_commits)
    with watching as smtp:
        config = account_for(imap_account, smtp)
        first, second = queue(store, config, drafts_for(store, ids[:2]))
        report = outbox(store, config, imap_account, journal=journal).run()
    seen = watching.seen
    assert report.sent == 2
    (lines_1, states_1, commits_1), (lines_2, states_2, commits_2) = seen
    assert lines_1 and lines_1[-1].endswith(f"{first} 1\n".encode())
    assert lines_2 and lines_2[-1].endswith(f"{second} 1\n".encode())
    assert states_1[0] is ReplyState.SENDING and states_2[1] is ReplyState.SENDING
    if store.engine.dialect.name == "sqlite":  # the last commit before each ".": "sending"
        assert commits_1[-1] and commits_2[-1], (commits_1, commits_2, full_commits)
        assert not all(full_commits)  # the rest of the store stays NORMAL
