"""The outbox: every answer sent once, across crashes, dropped connections and restarts.

A reply is written to the store with a deterministic Message-ID (and its
bytes, composed once) before anything goes out (:mod:`desk.mail.queueing`). Its states are
queued → sending → sent | failed | in_doubt, with the attempts and the last error kept:

* ``queued``: waiting (``not_before`` holds the undo window or a 4xx backoff).
* ``sending``: committed before the SMTP transaction starts, by a conditional
  update that only one outbox can win, with a lease: which process
  (``lease_owner``) and until when (``lease_until``). Any number of outboxes
  (the service, windows, several machines) may run at once; a reply in
  ``sending`` is recovered by another only when its lease has run out or its
  process is known to be gone (same machine: the process has ended; on
  PostgreSQL: the owner's liveness lock, held while it sends, is free), so no
  outbox re-queues or re-sends what a live one is sending. The "sending"
  commit is durable (SQLite: ``synchronous=FULL`` for it, see
  :func:`desk.store.engine.durable_transaction`), and just before the final
  "." that makes the server accept the message, a line goes to the hand-over
  journal (:mod:`desk.mail.handover`: a local file, forced to the disk, not a
  database round trip); after the server's 250, a second line says it took it.
  A reply found ``sending`` at start-up was interrupted:
  - not in the journal: the "." never left, the server threw the transaction
    away; it is queued again (no mailbox needed to know that). Each process
    writes its own journal file, named in ``sending_from``, so any later
    process of the same machine can read a dead one's;
  - accepted in the journal: the server said 250; it left;
  - handed over in the journal: it is looked up in the Sent folder by
    Message-ID. Found: it left. Not found, on a server known to file what it
    accepts into Sent (Gmail, Exchange, most corporate servers; learnt by
    watching): it did not leave, send it again. Not found on a server that
    keeps no copy, or whose habit is not known yet: nothing tells whether it
    left. It goes ``in_doubt``, never sent again on its own and never taken as
    sent: an agent decides (:mod:`desk.workbench.in_doubt`). Without the
    mailbox it waits in ``sending``: never sent blind.
  What is left to chance is the instant between the journal's line reaching
  the disk and the "." itself; a reply caught there is judged as above.
* ``sent``: then *filed*: a copy appended to the Sent folder (unless the
  server already put one there), the originals flagged \\Answered and, when
  the account says so, moved to the "processed" folder. "sent" is committed
  with the next reply's "sending" (one commit a reply); a crash in between
  leaves it ``sending``, which the recovery finds left.
* ``failed``: a 5xx answer (or too many 4xx), with the server's reason.
* ``in_doubt``: see above; the agent's "send again" queues it, "it went" marks it sent.

Every failure is kept on the reply rows it concerns (``last_error``,
``last_error_at``), a refusal as well as a whole run that failed (a refused
login, a lost database), so a window opened later can show what failed and why.

Offline, only :class:`Outbox` needs the network: agents queue replies and the
outbox sends them when the servers are back.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.core.processes import ProcessToken, this_host, this_process, token_dead_here
from desk.mail.account import AccountConfig, save_account
from desk.mail.handover import HandoverJournal, process_journal, stale_journals
from desk.mail.imap import ConnectionLostError, ImapConnection, imap_date
from desk.mail.queueing import compose
from desk.mail.smtp import (
    SmtpConnection,
    SmtpConnectionLostError,
    SmtpInDoubtError,
    SmtpRefusedError,
)
from desk.store.engine import durable_transaction
from desk.store.models import (
    Account,
    Folder,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
)

log = logging.getLogger(__name__)
# A process sends through one outbox run at a time: what it leased earlier is then
# known not to be on the wire, and its hand-over journal has one writer.
_ONE_RUN_PER_PROCESS = threading.Lock()

MAX_ATTEMPTS = 8
RETRY_BASE_S = 30.0
RETRY_CAP_S = 3600.0
SENT_LOOKBACK = timedelta(days=2)
APPEND_BATCH = 100  # Sent copies per MULTIAPPEND (one round trip with LITERAL+)
ANSWERED = "\\Answered"
SEEN = "\\Seen"
# Desk's own copies in Sent carry this header, so a copy without it was filed by the
# server: the witness that tells whether the server files what it accepts, exact even
# while another outbox of the team is copying replies into Sent.
COPY_MARK = b"X-Desk-Copy: sent-folder\r\n"
# How long a reply taken for sending stays its outbox's: far longer than one SMTP
# transaction may take (each of its steps is bounded by the connection's timeout).
DEFAULT_LEASE = timedelta(minutes=10)
LEASE_PER_TIMEOUT = 4  # a lease covers at least this many socket timeouts


# ----------------------------------------------------------------- sending
SEND_CHUNK = 200  # replies loaded from the store at a time


@dataclass(frozen=True, slots=True)
class _Outgoing:
    reply_id: int
    to_addr: str
    attempts: int  # counting this one
    messages: tuple[int, ...]  # the received messages it answers
    payload: bytes


# Built once: sending runs them for every reply (building them each time cost more
# than executing them).
_STARTED = (
    update(Reply)
    .where(Reply.id == bindparam("reply"), Reply.state == ReplyState.QUEUED)
    .values(
        state=ReplyState.SENDING,
        attempts=bindparam("attempts"),
        sending_from=bindparam("sending_from"),
        lease_owner=bindparam("owner"),
        lease_until=bindparam("until"),
        attempted_at=bindparam("started"),
    )
)
_MARK_SENT = (
    update(Reply)
    .where(Reply.id == bindparam("reply"))
    .values(state=ReplyState.SENT, sent_at=bindparam("when"), last_error=None, last_error_at=None)
)
# By id list, not by a subquery: SQLite then walked every open message (0.8 ms a reply
# at 26,000 messages) instead of looking the few up by primary key.
_MARK_ANSWERED = (
    update(Message)
    .where(
        Message.id.in_(bindparam("messages", expanding=True)),
        Message.status == MessageStatus.OPEN,
    )
    .values(status=MessageStatus.ANSWERED)
)
_ANSWERED_BY = select(ReplyMessage.message_id).where(ReplyMessage.reply_id == bindparam("reply"))


def _liveness_key(token: str) -> int:
    """The PostgreSQL advisory-lock key an outbox holds while it may be sending."""
    digest = hashlib.sha256(f"desk-outbox:{token}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def alive_while_sending(engine: Engine, token: str) -> Iterator[None]:
    """On PostgreSQL, hold this outbox's liveness lock: others see it free once we are gone.

    The lock lives on its own connection, so it is released by the server the
    moment the process dies (its connection closes), wherever it ran.
    """
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _liveness_key(token)})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _liveness_key(token)})
            connection.commit()


def _sender_gone(connection: Connection, owner: str | None) -> bool:
    """True when the outbox that holds a lease is known to have nothing on the wire."""
    token = ProcessToken.parse(owner)
    if token is None:
        return False
    if token == this_process():
        return True  # ours: a process runs one outbox at a time, and this one is recovering
    if token_dead_here(token):
        return True
    if connection.dialect.name != "postgresql":
        return False
    key = _liveness_key(owner or "")
    if connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        return True
    return False


def _payload(session: Session, reply: Reply, account: Account) -> bytes:
    """The reply's bytes: as composed when queued, or composed now for a row that has none."""
    if reply.raw is not None:
        return reply.raw
    to_name = session.scalar(
        select(Message.from_name)
        .join(ReplyMessage, ReplyMessage.message_id == Message.id)
        .where(ReplyMessage.reply_id == reply.id)
        .limit(1)
    )
    return compose(reply, account, to_name or "")


class RateLimiter:
    """At most ``per_minute`` sends a minute, spaced evenly."""

    def __init__(
        self,
        per_minute: int | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0

    def wait(self) -> None:
        """Block until the next send is allowed."""
        if not self.interval:
            return
        now = self._clock()
        if now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


class OutboxListener:
    """Told how sending progresses; may cancel between two replies."""

    def sent(self, done: int, total: int) -> None:
        """``done`` of ``total`` replies handled (sent, failed or postponed)."""

    def cancelled(self) -> bool:
        """True to stop after the reply being sent."""
        return False


@dataclass
class SendReport:
    """What one :meth:`Outbox.run` did."""

    sent: int = 0
    failed: int = 0
    postponed: int = 0
    recovered_sent: int = 0  # found in Sent, or accepted (250) by the journal's word
    recovered_requeued: int = 0
    held_in_doubt: int = 0  # put in the ``in_doubt`` state for an agent to decide
    in_doubt: int = 0  # interrupted after the hand-over, waiting in ``sending`` for the mailbox
    filed: int = 0
    cancelled: bool = False
    by_service: bool = False  # nothing done here: the team's service sends
    offline: str | None = None  # why the run could not reach a server
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # reply id, to, reason
    sent_ids: list[int] = field(default_factory=list)


def mark_sent(
    session: Session | Connection,
    reply_id: int,
    when: datetime,
    messages: Sequence[int] | None = None,
) -> None:
    """The reply left: sent at ``when``, and the messages it answers are answered.

    The outbox's own record of a reply that left, and an agent's "it went" for
    a reply in doubt (:mod:`desk.workbench.in_doubt`): the same rows change, so
    the statistics count both alike. Filing (the Sent copy, \\Answered) follows
    at the outbox's next run, as for any reply sent and not yet filed.
    """
    session.execute(_MARK_SENT, {"reply": reply_id, "when": when})
    if messages is None:
        messages = list(session.execute(_ANSWERED_BY, {"reply": reply_id}).scalars())
    if messages:
        session.execute(_MARK_ANSWERED, {"messages": list(messages)})


def retry_delay(attempts: int) -> timedelta:
    """Backoff after a 4xx: 30 s, 1 min, 2 min … capped at an hour."""
    return timedelta(seconds=min(RETRY_CAP_S, RETRY_BASE_S * 2 ** max(0, attempts - 1)))


class Outbox:
    """Sends an account's queued replies and files them; one run per call of :meth:`run`."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: AccountConfig,
        *,
        imap_password: str | None,
        smtp_password: str | None,
        listener: OutboxListener | None = None,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], object] = time.sleep,
        timeout: float = 30.0,
        journal: Path | None = None,
        lease: timedelta = DEFAULT_LEASE,
    ) -> None:
        """``journal``: where this account's hand-over journals live (see
        :mod:`desk.mail.handover`; this process writes its own file beside it); without
        one, a reply interrupted while being sent is judged by the Sent folder alone.
        ``lease``: how long a reply taken for sending is this outbox's alone."""
        if lease < timedelta(seconds=LEASE_PER_TIMEOUT * timeout):
            raise ValueError(
                f"a sending lease of {lease} does not cover {LEASE_PER_TIMEOUT} timeouts "
                f"of {timeout} s"
            )
        if config.smtp is None:
            raise DeskError(
                ErrorCode.ACCOUNT_INVALID, account=config.name, reason="no SMTP server set"
            )
        self.sessions = sessions
        self.config = config
        self._imap_password = imap_password
        self._smtp_password = smtp_password
        self.listener = listener or OutboxListener()
        self._clock = clock
        self._timeout = timeout
        self._limiter = RateLimiter(config.rate_limit_per_minute, sleep=sleep)
        # Replies the server accepted whose "sent" is not committed yet (see _send_one).
        self._unrecorded: list[tuple[int, datetime, tuple[int, ...]]] = []
        self._lease = lease
        self._token = str(this_process())
        self._journal_base = journal
        own_journal = process_journal(journal) if journal is not None else None
        self._journal = HandoverJournal(own_journal) if own_journal is not None else None
        # A journal speaks only for the replies its process sent: the file is named here.
        self._owner = f"{this_host()}:{own_journal}" if own_journal is not None else None
        with sessions.begin() as session:
            self.account_id = save_account(session, config).id

    # ------------------------------------------------------------- the run
    def run(self) -> SendReport:
        """Recover interrupted replies, send what is due, file what was sent.

        A run that fails (an exception) first writes why on the replies it was to
        send, so the failure outlives the window that started it.
        """
        report = SendReport()
        with _ONE_RUN_PER_PROCESS:
            try:
                return self._run(report)
            except Exception as exc:
                self._record_run_failure(exc)
                raise

    def _record_run_failure(self, exc: Exception) -> None:
        """Write ``exc`` on the account's due replies and on any this run left ``sending``."""
        reason = exc.describe() if isinstance(exc, DeskError) else f"{type(exc).__name__}: {exc}"
        now = self._clock()
        try:
            with self.sessions.kw["bind"].begin() as connection:
                marked = connection.execute(
                    update(Reply)
                    .where(
                        Reply.account_id == self.account_id,
                        (
                            (Reply.state == ReplyState.QUEUED)
                            & ((Reply.not_before.is_(None)) | (Reply.not_before <= now))
                        )
                        | (
                            (Reply.state == ReplyState.SENDING) & (Reply.lease_owner == self._token)
                        ),
                    )
                    .values(last_error=f"sending failed: {reason}", last_error_at=now)
                ).rowcount
            log.error("outbox run failed; noted on %d repl(y/ies): %s", marked, reason)
        except Exception:  # the store itself may be what failed: the log keeps the trace
            log.exception("outbox run failed (%s) and the failure could not be noted", reason)

    def _run(self, report: SendReport) -> SendReport:
        imap = self._imap(report)
        try:
            with alive_while_sending(self.sessions.kw["bind"], self._token):
                self._recover(imap, report)
                self._send_due(report)
            if imap is not None and not report.cancelled:
                self._file(imap, report)
        finally:
            if imap is not None:
                imap.close()
            if self._journal is not None:
                self._journal.close()
        return report

    def _imap(self, report: SendReport) -> ImapConnection | None:
        if self._imap_password is None:
            return None
        try:
            return ImapConnection(self.config, self._imap_password, timeout=self._timeout).open()
        except DeskError as exc:
            if exc.code is not ErrorCode.SERVER_UNREACHABLE:
                raise
            report.offline = exc.describe()
            return None

    # ------------------------------------------------------------- recovery
    def _recover(self, imap: ImapConnection | None, report: SendReport) -> None:
        doubtful = self._take_over_interrupted()
        if self._journal is not None and not self._references_own_journal():
            self._journal.clear()  # nothing of ours in doubt: our journal starts afresh
            self._forget_dead_journals()
        never: list[int] = []
        accepted: list[int] = []
        journals: dict[str | None, tuple[set[tuple[int, int]], set[tuple[int, int]]] | None] = {}
        for row in doubtful:
            if row.sending_from not in journals:
                journals[row.sending_from] = self._journal_of(row.sending_from)
            journal = journals[row.sending_from]
            if journal is None:
                continue
            handed, took = journal
            if (row.id, row.attempts) in took:
                accepted.append(row.id)  # the server answered 250: it left
            elif (row.id, row.attempts) not in handed:
                never.append(row.id)  # never handed over: the server threw it away
        if never or accepted:
            settled_at = self._clock()
            with self.sessions.begin() as session:
                if never:
                    session.execute(
                        update(Reply).where(Reply.id.in_(never)).values(state=ReplyState.QUEUED)
                    )
                for reply_id in accepted:
                    self._mark_sent(session, reply_id, settled_at)
            report.recovered_requeued += len(never)
            report.recovered_sent += len(accepted)
            settled = {*never, *accepted}
            doubtful = [row for row in doubtful if row.id not in settled]
        if not doubtful:
            return
        if imap is None:
            # Without the Sent folder we cannot know: leave them; never risk a second copy.
            report.in_doubt = len(doubtful)
            return
        oldest = min(row.created_at for row in doubtful)
        try:
            in_sent = self._sent_message_ids(imap, oldest)
        except ConnectionLostError as exc:
            report.in_doubt = len(doubtful)
            report.offline = str(exc)
            return
        now = self._clock()
        with self.sessions.begin() as session:
            account = session.get_one(Account, self.account_id)
            if account.smtp_files_sent is None:
                account.smtp_files_sent = self._server_files_judging_by(session, in_sent, oldest)
            server_files = account.smtp_files_sent
            for reply_id, header, *_ in doubtful:
                if header in in_sent:
                    self._mark_sent(session, reply_id, now)
                    report.recovered_sent += 1
                elif server_files:
                    # This server files what it accepts before saying so: it did not take it.
                    session.execute(
                        update(Reply).where(Reply.id == reply_id).values(state=ReplyState.QUEUED)
                    )
                    report.recovered_requeued += 1
                else:
                    # Handed over (the final "." was on its way) to a server that keeps no
                    # copy, or whose habit is unknown: nothing says whether it left. Never
                    # assumed either way: an agent decides.
                    habit = "keeps no copy" if server_files is False else "may keep no copy"
                    session.execute(
                        update(Reply)
                        .where(Reply.id == reply_id)
                        .values(
                            state=ReplyState.IN_DOUBT,
                            last_error=(
                                "interrupted after it was handed over to the server; not in "
                                f"the Sent folder, and the server {habit}: it may have left"
                            ),
                            last_error_at=now,
                        )
                    )
                    report.held_in_doubt += 1
        log.info(
            "outbox recovery: %d found in Sent, %d sent again, %d in doubt (an agent decides)",
            report.recovered_sent,
            report.recovered_requeued,
            report.held_in_doubt,
        )

    def _take_over_interrupted(self) -> list[Any]:
        """The account's replies left ``sending`` by an outbox that is no longer sending them.

        A lease that ran out, a process known to be gone, or a row from before
        leases: each is taken over by a conditional update on its current
        owner, so two recovering outboxes never both judge (and re-send) it.
        """
        now = self._clock()
        until = now + self._lease
        taken = []
        with self.sessions.kw["bind"].connect() as connection:
            rows = connection.execute(
                select(
                    Reply.id,
                    Reply.message_id_header,
                    Reply.created_at,
                    Reply.attempts,
                    Reply.sending_from,
                    Reply.lease_owner,
                    Reply.lease_until,
                ).where(Reply.account_id == self.account_id, Reply.state == ReplyState.SENDING)
            ).all()
            connection.commit()
            gone: dict[str | None, bool] = {}
            for row in rows:
                expired = row.lease_until is None or row.lease_until <= now
                if not expired:
                    if row.lease_owner not in gone:
                        gone[row.lease_owner] = _sender_gone(connection, row.lease_owner)
                        connection.commit()
                    if not gone[row.lease_owner]:
                        continue  # a live outbox is sending it: never touched
                owner_then = (
                    Reply.lease_owner.is_(None)
                    if row.lease_owner is None
                    else Reply.lease_owner == row.lease_owner
                )
                won = connection.execute(
                    update(Reply)
                    .where(
                        Reply.id == row.id,
                        Reply.state == ReplyState.SENDING,
                        owner_then,
                        Reply.attempts == row.attempts,
                    )
                    .values(lease_owner=self._token, lease_until=until)
                ).rowcount
                connection.commit()
                if won == 1:
                    taken.append(row)
        return taken

    def _references_own_journal(self) -> bool:
        """Whether a reply in ``sending`` names this process's journal (then it must stay)."""
        with self.sessions.begin() as session:
            return (
                session.scalar(
                    select(Reply.id)
                    .where(Reply.state == ReplyState.SENDING, Reply.sending_from == self._owner)
                    .limit(1)
                )
                is not None
            )

    def _journal_of(
        self, sending_from: str | None
    ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]] | None:
        """What the journal named in ``sending_from`` says: (handed over, accepted by the
        server), or None when there is no journal to go by.

        Only a journal of this machine can be read; another machine's replies are
        judged by the Sent folder alone.
        """
        if self._journal_base is None or not sending_from:
            return None
        host, _, path = sending_from.partition(":")
        if host != this_host() or not path:
            return None
        return HandoverJournal(Path(path)).read()

    def _forget_dead_journals(self) -> None:
        """Delete old journals of ended processes that no reply in ``sending`` names."""
        if self._journal_base is None:
            return
        with self.sessions.begin() as session:
            named = set(
                session.scalars(select(Reply.sending_from).where(Reply.state == ReplyState.SENDING))
            )
        for path in stale_journals(self._journal_base):
            if f"{this_host()}:{path}" not in named:
                path.unlink(missing_ok=True)

    def _server_files_judging_by(
        self, session: Session, in_sent: dict[str, bool], since: datetime
    ) -> bool | None:
        """Whether the server files what it accepts, told by replies already sent (None: no clue).

        A reply sent but not yet copied by Desk that is in Sent anyway, without
        Desk's mark, was filed by the server. Asked at recovery when an earlier
        run was killed before it could learn it: taking "unknown" for "keeps no
        copy" assumed a reply sent that a filing server had thrown away.
        """
        witnesses = session.scalars(
            select(Reply.message_id_header).where(
                Reply.account_id == self.account_id,
                Reply.state == ReplyState.SENT,
                Reply.filed_at.is_(None),
                Reply.sent_at >= since,
            )
        ).all()
        if not witnesses:
            return None
        return any(header in in_sent and not in_sent[header] for header in witnesses)

    def _sent_message_ids(self, imap: ImapConnection, since: datetime) -> dict[str, bool]:
        """The Message-IDs in Sent from ``since`` (a day early for time zones) on: Desk's copy?"""
        if not self._folder_exists(imap, self.config.sent_folder):
            return {}
        imap.select(self.config.sent_folder)
        uids = imap.search(["SINCE", imap_date((since - SENT_LOOKBACK).date())])
        found: dict[str, bool] = {}
        mark = COPY_MARK.split(b":")[0].decode().lower()
        for start in range(0, len(uids), 1000):
            fetched = imap.fetch_bulk(
                uids[start : start + 1000],
                f"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID {mark.upper()})]",
            )
            for item in fetched.values():
                raw = (item.literal or b"").decode("ascii", "replace")
                ours = mark in raw.lower()
                for header in re.findall(r"<[^<>\s]+>", raw):
                    found[header] = found.get(header, True) and ours
        return found

    @staticmethod
    def _folder_exists(imap: ImapConnection, name: str) -> bool:
        with imap.translated():
            return bool(imap.client.folder_exists(name))

    # ------------------------------------------------------------- sending
    def _due(self) -> list[int]:
        now = self._clock()
        with self.sessions.begin() as session:
            return list(
                session.scalars(
                    select(Reply.id)
                    .where(
                        Reply.account_id == self.account_id,
                        Reply.state == ReplyState.QUEUED,
                        (Reply.not_before.is_(None)) | (Reply.not_before <= now),
                    )
                    .order_by(Reply.id)
                )
            )

    def _send_due(self, report: SendReport) -> None:
        due = self._due()
        if not due:
            return
        try:
            smtp = SmtpConnection(self.config, self._smtp_password, timeout=self._timeout).open()
        except DeskError as exc:
            if exc.code is not ErrorCode.SERVER_UNREACHABLE:
                raise
            report.offline = exc.describe()
            return
        with self.sessions.begin() as session:
            account = session.get_one(Account, self.account_id)
            sender = account.address
        done = 0
        try:
            for start in range(0, len(due), SEND_CHUNK):
                for outgoing in self._load(due[start : start + SEND_CHUNK]):
                    if self.listener.cancelled():
                        report.cancelled = True
                        return
                    if not smtp.connected:
                        smtp = SmtpConnection(
                            self.config, self._smtp_password, timeout=self._timeout
                        ).open()
                    self._limiter.wait()
                    if not self._send_one(smtp, sender, outgoing, report):
                        return
                    done += 1
                    self.listener.sent(done, len(due))
        finally:
            smtp.close()
            self._flush_sent()

    def _record_sent(self, connection: Connection) -> None:
        """Mark the replies accepted since the last commit as sent, in this transaction."""
        for reply_id, when, messages in self._unrecorded:
            self._mark_sent(connection, reply_id, when, messages)

    def _flush_sent(self) -> None:
        if self._unrecorded:
            with durable_transaction(self.sessions.kw["bind"]) as connection:
                self._record_sent(connection)
            self._unrecorded.clear()

    def _load(self, ids: Sequence[int]) -> list[_Outgoing]:
        """The replies' bytes (composed when queued; composed now for older rows)."""
        with self.sessions.begin() as session:
            rows = session.execute(
                select(Reply.id, Reply.to_addr, Reply.attempts, Reply.raw)
                .where(Reply.id.in_(ids), Reply.state == ReplyState.QUEUED)
                .order_by(Reply.id)
            ).all()
            answers: dict[int, list[int]] = defaultdict(list)
            for reply_id, message_id in session.execute(
                select(ReplyMessage.reply_id, ReplyMessage.message_id).where(
                    ReplyMessage.reply_id.in_([row.id for row in rows])
                )
            ):
                answers[reply_id].append(message_id)
            missing = [row.id for row in rows if row.raw is None]
            composed: dict[int, bytes] = {}
            if missing:
                account = session.get_one(Account, self.account_id)
                for reply in session.scalars(select(Reply).where(Reply.id.in_(missing))):
                    composed[reply.id] = _payload(session, reply, account)
        return [
            _Outgoing(
                row.id,
                row.to_addr,
                row.attempts + 1,
                tuple(answers[row.id]),
                row.raw or composed[row.id],
            )
            for row in rows
        ]

    def _send_one(
        self, smtp: SmtpConnection, sender: str, outgoing: _Outgoing, report: SendReport
    ) -> bool:
        """Send one reply; False when the connection is gone and the batch must stop."""
        reply_id, attempts = outgoing.reply_id, outgoing.attempts
        engine = self.sessions.kw["bind"]
        # "sending" before the transaction starts, with the previous reply's "sent" in the
        # same commit: one commit a reply, on the disk before the "." (a power cut must
        # not bring back "queued" a reply the server was handed).
        started = self._clock()
        with durable_transaction(engine) as connection:
            self._record_sent(connection)
            taken = connection.execute(
                _STARTED,
                {
                    "reply": reply_id,
                    "attempts": attempts,
                    "sending_from": self._owner,
                    "owner": self._token,
                    "until": started + self._lease,
                    "started": started,
                },
            ).rowcount
        self._unrecorded.clear()
        if taken != 1:
            return True  # cancelled (or taken by another sender) meanwhile

        def handed_over() -> None:
            if self._journal is not None:
                self._journal.record(reply_id, attempts)

        try:
            smtp.send(sender, outgoing.to_addr, outgoing.payload, handed_over)
        except SmtpRefusedError as refusal:
            with self.sessions.begin() as session:
                reply = session.get_one(Reply, reply_id)
                reply.last_error = str(refusal)
                reply.last_error_at = self._clock()
                if refusal.permanent or attempts >= MAX_ATTEMPTS:
                    reply.state = ReplyState.FAILED
                    report.failed += 1
                    report.errors.append((reply_id, outgoing.to_addr, str(refusal)))
                else:
                    reply.state = ReplyState.QUEUED
                    reply.not_before = self._clock() + retry_delay(attempts)
                    report.postponed += 1
            return True
        except SmtpConnectionLostError as exc:
            # Lost before the final ".": the server threw the transaction away.
            report.offline = f"SMTP connection lost: {exc}"
            with self.sessions.begin() as session:
                reply = session.get_one(Reply, reply_id)
                reply.state = ReplyState.QUEUED
                reply.last_error = report.offline
                reply.last_error_at = self._clock()
            return False
        except SmtpInDoubtError as exc:
            # The server may have it: "sending" until the recovery decides.
            report.in_doubt += 1
            report.offline = f"SMTP connection lost after handing a reply over: {exc}"
            return False
        # Recorded in the next reply's commit (or at the end of the batch). Should the
        # process die first, the reply is "sending", and the journal's "accepted" line
        # (or, without it, the Sent folder) tells the recovery it left.
        if self._journal is not None:
            self._journal.record_accepted(reply_id, attempts)
        self._unrecorded.append((reply_id, self._clock(), outgoing.messages))
        report.sent += 1
        report.sent_ids.append(reply_id)
        return True

    @staticmethod
    def _mark_sent(
        session: Session | Connection,
        reply_id: int,
        when: datetime,
        messages: Sequence[int] | None = None,
    ) -> None:
        """See :func:`mark_sent`."""
        mark_sent(session, reply_id, when, messages)

    # ------------------------------------------------------------- filing
    def _file(self, imap: ImapConnection, report: SendReport) -> None:
        with self.sessions.begin() as session:
            unfiled = list(
                session.scalars(
                    select(Reply)
                    .where(
                        Reply.account_id == self.account_id,
                        Reply.state == ReplyState.SENT,
                        Reply.filed_at.is_(None),
                    )
                    .order_by(Reply.id)
                )
            )
            if not unfiled:
                return
            account = session.get_one(Account, self.account_id)
            copies = []
            for reply in unfiled:
                copies.append(
                    (
                        reply.id,
                        reply.message_id_header,
                        reply.sent_at,
                        _payload(session, reply, account),
                    )
                )
            originals = session.execute(
                select(
                    ReplyMessage.reply_id,
                    Message.id,
                    Message.uid,
                    Message.uidvalidity,
                    Folder.name,
                    Folder.uidvalidity,
                )
                .join(Message, Message.id == ReplyMessage.message_id)
                .join(Folder, Folder.id == Message.folder_id)
                .where(
                    ReplyMessage.reply_id.in_([r.id for r in unfiled]),
                    Folder.account_id == self.account_id,
                    Message.gone_at.is_(None),
                )
            ).all()
        try:
            filed_by_server = self._append_to_sent(imap, copies, set(report.sent_ids))
            self._flag_originals(imap, originals)
        except ConnectionLostError as exc:
            report.offline = f"IMAP connection lost while filing: {exc}"
            return
        now = self._clock()
        with self.sessions.begin() as session:
            session.execute(
                update(Reply).where(Reply.id.in_([c[0] for c in copies])).values(filed_at=now)
            )
            if filed_by_server is not None:
                session.get_one(Account, self.account_id).smtp_files_sent = filed_by_server
        report.filed += len(copies)

    def _append_to_sent(
        self,
        imap: ImapConnection,
        copies: Sequence[tuple[int, str, datetime | None, bytes]],
        sent_now: set[int],
    ) -> bool | None:
        """Copy replies into Sent unless already there; whether the server files them itself.

        Replies sent in this very run tell: found in Sent before Desk copied
        them means the server files what it accepts (None: nothing to tell by).
        """
        folder = self.config.sent_folder
        if not self._folder_exists(imap, folder):
            with imap.translated():
                imap.client.create_folder(folder)
        oldest = min((sent or self._clock()) for _, _, sent, _ in copies)
        present = self._sent_message_ids(imap, oldest)  # also selects it: faster APPEND
        witnesses = [
            header in present and not present[header]
            for reply_id, header, _, _ in copies
            if reply_id in sent_now
        ]
        missing = [
            {"msg": COPY_MARK + payload, "flags": (SEEN,), **({"date": sent_at} if sent_at else {})}
            for _, header, sent_at, payload in copies
            if header not in present  # else the server filed it itself, or an earlier run did
        ]
        for start in range(0, len(missing), APPEND_BATCH):
            with imap.translated():
                if "MULTIAPPEND" in imap.capabilities:
                    imap.client.multiappend(folder, missing[start : start + APPEND_BATCH])
                else:
                    for item in missing[start : start + APPEND_BATCH]:
                        imap.client.append(folder, item["msg"], item["flags"], item.get("date"))
        return all(witnesses) if witnesses else None

    def _flag_originals(
        self,
        imap: ImapConnection,
        originals: Sequence[tuple[int, int, int | None, int | None, str, int | None]],
    ) -> None:
        by_folder: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for _reply_id, message_id, uid, validity, folder, folder_validity in originals:
            if uid is not None and validity is not None and validity == folder_validity:
                by_folder[folder].append((message_id, uid))
        processed = self.config.processed_folder
        for folder, items in by_folder.items():
            state = imap.select(folder)
            uids = [uid for _, uid in items]
            with imap.translated():
                imap.client.add_flags(uids, [ANSWERED], silent=True)
            flagged = [mid for mid, _ in items]
            with self.sessions.begin() as session:
                for message in session.scalars(select(Message).where(Message.id.in_(flagged))):
                    if ANSWERED not in message.flags:
                        message.flags = sorted({*message.flags, ANSWERED})
            if processed and processed != folder and state.uidvalidity:
                if not self._folder_exists(imap, processed):
                    with imap.translated():
                        imap.client.create_folder(processed)
                with imap.translated():
                    if "MOVE" in imap.capabilities:
                        imap.client.move(uids, processed)
                    else:
                        imap.client.copy(uids, processed)
                        imap.client.delete_messages(uids)
                        imap.client.uid_expunge(uids)
