"""``desk serve``: the team's headless service, next to the database.

It does for the whole team what no agent's window should have to: it holds
the shared mailbox's sync (IDLE, new mail clustered as it arrives) and sends
every agent's replies through the exactly-once outbox. Agents' windows then
connect to PostgreSQL only and never need the mailbox password: they see the
service in ``presence`` and follow it.

Nothing stops it but a signal: a mailbox or database that drops is waited out
with backoff, a lost sync lock is taken again when free, and a second service
started by mistake waits behind the first until it goes. Replies go out as soon
as they are due: a NOTIFY of the outbox wakes the sender when the database
sends one, and it looks again every few seconds regardless.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Callable
from datetime import datetime

from desk.app import App
from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.core.processes import this_host
from desk.mail.account import AccountConfig, account_passwords
from desk.mail.handover import journal_path
from desk.mail.leader import SyncLeadership
from desk.mail.outbox import Outbox, SendReport
from desk.mail.sync import FolderReport, MailboxSync, backoff_delay
from desk.mail.watch import watch
from desk.mailjobs import NewMailClusterer, account_config, account_flags, stop_on_signals
from desk.queue import presence
from desk.store.notify import listener_for
from desk.workbench.answering import next_due

log = logging.getLogger(__name__)

HEARTBEAT_S = 10.0  # presence and the sync lock's heartbeat
LEAD_RETRY_S = 5.0  # while another client syncs: how often to try the lock
OUTBOX_LOOK_S = 5.0  # the sender looks for due replies at least this often
SERVICE_LOGIN = "desk-service"


def add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve`` to the ``desk`` command's subparsers."""
    serve = commands.add_parser(
        "serve",
        help="the team's service: sync the shared mailbox and send every reply (headless)",
        description="Runs until stopped (SIGTERM or Ctrl+C): syncs the account with IDLE, "
        "clusters new mail, and sends the replies agents queue, each exactly once. "
        "Run one next to the team's PostgreSQL (docs/team.md).",
    )
    serve.add_argument(
        "--poll", type=float, default=60.0, metavar="SECONDS", help="poll interval without IDLE"
    )
    serve.add_argument(
        "--workers", type=int, default=None, help="parser processes (default: one per core)"
    )
    account_flags(serve, smtp=True)


def run_serve(app: App, args: argparse.Namespace) -> int:
    """``desk serve``: run the service until a signal stops it."""
    config = account_config(app, args)
    if config.smtp is None:
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account=config.name,
            reason="no SMTP server: set [account] smtp_host or give --smtp HOST:PORT",
        )
    imap_password, smtp_password = account_passwords(config, dict(os.environ))
    service = TeamService(
        app, config, imap_password, smtp_password, poll_seconds=args.poll, workers=args.workers
    )
    with stop_on_signals() as stop:
        service.run(stop)
    print("Stopped.", flush=True)
    return 0


def _say(text: str) -> None:
    print(text, flush=True)
    log.info("%s", text)


class TeamService:
    """The sync and the outbox of one account, for a whole team, until ``stop`` is set."""

    def __init__(
        self,
        app: App,
        config: AccountConfig,
        imap_password: str,
        smtp_password: str | None,
        *,
        poll_seconds: float = 60.0,
        workers: int | None = None,
        clock: Callable[[], datetime] = utc_now,
        say: Callable[[str], None] = _say,
    ) -> None:
        self.app = app
        self.config = config
        self._imap_password = imap_password
        self._smtp_password = smtp_password
        self._poll = poll_seconds
        self._workers = workers
        self._clock = clock
        self._say = say
        self.wake_outbox = threading.Event()  # set when replies may be due
        self._token: str | None = None
        self._leadership: SyncLeadership | None = None

    # ---------------------------------------------------------------- the whole
    def run(self, stop: threading.Event) -> None:
        """Join the team, then sync and send until ``stop``; leave cleanly."""
        self._join()
        threads = [
            threading.Thread(target=self._beat, args=(stop,), name="heartbeat", daemon=True),
            threading.Thread(target=self._send_loop, args=(stop,), name="outbox", daemon=True),
            threading.Thread(target=self._listen, args=(stop,), name="listen", daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            self._sync_loop(stop)
        finally:
            stop.set()
            self.wake_outbox.set()
            for thread in threads:
                thread.join()
            if self._leadership is not None:
                self._leadership.release()
            self._leave()

    # ---------------------------------------------------------------- presence
    def _join(self) -> None:
        with self.app.store.sessions.begin() as session:
            self._token = presence.join(
                session, None, SERVICE_LOGIN, "service", this_host(), self._clock()
            )

    def _leave(self) -> None:
        if self._token is None:
            return
        try:
            with self.app.store.sessions.begin() as session:
                presence.leave(session, self._token)
        except Exception:  # the database is gone: the row goes stale by itself
            log.warning("could not say goodbye to the team's database", exc_info=True)

    def _beat(self, stop: threading.Event) -> None:
        while not stop.wait(HEARTBEAT_S):
            try:
                with self.app.store.sessions.begin() as session:
                    if self._token is None or not presence.heartbeat(
                        session, self._token, self._clock()
                    ):
                        self._token = presence.join(
                            session, None, SERVICE_LOGIN, "service", this_host(), self._clock()
                        )
                    # Windows that died leave stale rows: the service tidies for the team.
                    presence.sweep(session, self._clock(), presence.STALE_AFTER)
                if self._leadership is not None and self._leadership.leading:
                    self._leadership.heartbeat()
            except Exception as exc:
                log.warning("heartbeat failed (%s); trying again", exc)

    def _listen(self, stop: threading.Event) -> None:
        """Wake the sender as soon as an agent queues a reply (NOTIFY), not at its next look."""
        listener = listener_for(self.app.store)
        if listener is None:
            return
        try:
            listener.start()
            while not stop.is_set():
                changes = listener.wait(1.0)
                if any(change.kind in ("outbox", "resync") for change in changes):
                    self.wake_outbox.set()
        except Exception as exc:  # the sender still looks every few seconds
            log.warning("listening for queued replies stopped (%s)", exc)
        finally:
            listener.close()

    # ---------------------------------------------------------------- sync
    def _sync_loop(self, stop: threading.Event) -> None:
        cluster_new = NewMailClusterer(self.app, say=self._say, account_name=self.config.name)
        failures = 0
        while not stop.is_set():
            try:
                with MailboxSync(
                    self.app.store.sessions,
                    self.config,
                    self._imap_password,
                    workers=self._workers,
                ) as engine:
                    self._leadership = engine.leadership = SyncLeadership(
                        self.app.store.engine,
                        engine.account_id,
                        self.config.name,
                        f"service@{this_host()}",
                        "service",
                        self._clock,
                    )
                    if not self._wait_to_lead(stop):
                        return
                    self._say(f"Syncing {', '.join(self.config.folders)} of {self.config.name}.")
                    failures = 0

                    def on_pass(reports: list[FolderReport]) -> None:
                        cluster_new(reports)
                        self.wake_outbox.set()  # a pass may bring replies' originals back

                    watch(engine, stop, on_pass, poll_seconds=self._poll, on_offline=self._offline)
            except DeskError as exc:
                if exc.code is ErrorCode.SYNC_BUSY:
                    self._say(f"Another client took the sync ({exc.params.get('holder')}).")
                    continue
                failures += 1
                self._wait_out(stop, exc, failures)
            except Exception as exc:  # the database restarting, a VPN cut: wait and retry
                failures += 1
                self._wait_out(stop, exc, failures)
            finally:
                if self._leadership is not None:
                    self._leadership.release()

    def _wait_to_lead(self, stop: threading.Event) -> bool:
        """Take the account's sync lock, waiting while another client holds it."""
        assert self._leadership is not None
        told = False
        while not stop.is_set():
            if self._leadership.try_lead():
                return True
            if not told:
                self._say("Another client syncs this account; waiting for it to stop.")
                told = True
            stop.wait(LEAD_RETRY_S)
        return False

    def _offline(self, exc: BaseException, delay: float) -> None:
        self._say(f"Mailbox offline ({exc}); retrying in {delay:.0f} s.")

    def _wait_out(self, stop: threading.Event, exc: BaseException, failures: int) -> None:
        delay = backoff_delay(failures)
        text = exc.describe() if isinstance(exc, DeskError) else f"{type(exc).__name__}: {exc}"
        self._say(f"Sync stopped ({text}); starting again in {delay:.0f} s.")
        log.debug("sync failure", exc_info=exc)
        stop.wait(delay)

    # ---------------------------------------------------------------- send
    def _send_loop(self, stop: threading.Event) -> None:
        journal = journal_path(self.app.dirs.data, self.app.store.url, self.config.name)
        failures = 0
        while not stop.is_set():
            self.wake_outbox.clear()
            try:
                report = Outbox(
                    self.app.store.sessions,
                    self.config,
                    imap_password=self._imap_password,
                    smtp_password=self._smtp_password,
                    journal=journal,
                ).run()
                self._report(report)
                failures = failures + 1 if report.offline else 0
                wait = self._next_look(report, failures)
            except Exception as exc:
                failures += 1
                wait = backoff_delay(failures)
                self._say(f"Sending stopped ({exc}); starting again in {wait:.0f} s.")
            self.wake_outbox.wait(wait)

    def _next_look(self, report: SendReport, failures: int) -> float:
        if report.offline:
            return backoff_delay(failures)
        with self.app.store.sessions() as session:
            due = next_due(session, self._clock())
        return OUTBOX_LOOK_S if due is None else max(0.05, min(OUTBOX_LOOK_S, due))

    def _report(self, report: SendReport) -> None:
        if report.sent or report.failed or report.recovered_sent or report.recovered_requeued:
            self._say(
                f"Sent {report.sent}, failed {report.failed}, filed {report.filed}"
                + (
                    f"; recovered {report.recovered_sent} already sent, "
                    f"{report.recovered_requeued} sent again"
                    if report.recovered_sent or report.recovered_requeued
                    else ""
                )
                + "."
            )
        for reply_id, to, reason in report.errors:
            print(f"  reply {reply_id} to {to} failed: {reason}", file=sys.stderr, flush=True)
        if report.offline:
            self._say(f"Outbox offline: {report.offline}")
