"""The headless mailbox commands: ``desk sync`` (once or ``--watch``) and ``desk send``.

For servers and scripts: the same sync engine and outbox the window drives.
The account comes from ``[account]`` in desk.toml, with flags taking over key
by key, so a script needs no settings file at all:
``desk sync --imap HOST:PORT --security ssl --user USER --password-env VAR``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from desk.app import App
from desk.cluster.service import ClusterService
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import (
    AccountConfig,
    account_from_mapping,
    account_passwords,
    find_password,
    store_password,
)
from desk.mail.handover import journal_path
from desk.mail.outbox import Outbox, OutboxListener, SendReport
from desk.mail.sync import FolderReport, MailboxSync, Stage
from desk.mail.watch import watch
from desk.replies.after_pass import after_sync_pass

EXIT_OK = 0
EXIT_PARTIAL = 1


def _host_port(text: str) -> tuple[str, int | None]:
    host, sep, port = text.rpartition(":")
    if not sep:
        return text, None
    if not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: expected HOST:PORT")
    return host.strip("[]"), int(port)


def account_flags(parser: argparse.ArgumentParser, *, smtp: bool) -> None:
    group = parser.add_argument_group("account (overrides [account] in the settings file)")
    group.add_argument("--db", dest="command_db", metavar="URL", help="database URL")
    group.add_argument("--name", help="the account's name in Desk")
    group.add_argument("--imap", type=_host_port, metavar="HOST:PORT", help="IMAP server")
    group.add_argument(
        "--security",
        choices=["ssl", "starttls", "none"],
        help="IMAP protection (none: only towards this machine)",
    )
    group.add_argument("--user", help="IMAP user name")
    group.add_argument(
        "--password-env", metavar="VAR", help="read the password from this environment variable"
    )
    group.add_argument(
        "--folder",
        action="append",
        dest="folders",
        metavar="NAME",
        help="folder to sync (repeat for several; default INBOX)",
    )
    group.add_argument("--pin-cert", metavar="SHA256", help="accept exactly this certificate")
    group.add_argument("--ca-file", metavar="PEM", help="also trust this CA")
    if smtp:
        group.add_argument("--smtp", type=_host_port, metavar="HOST:PORT", help="SMTP server")
        group.add_argument("--smtp-security", choices=["ssl", "starttls", "none"])
        group.add_argument("--smtp-user", help="SMTP user name (none: no login)")
        group.add_argument("--smtp-password-env", metavar="VAR")
        group.add_argument("--address", help="the shared mailbox's address (From)")
        group.add_argument("--display-name", help="the shared mailbox's display name")
        group.add_argument("--sent-folder", help="where copies of replies go (default Sent)")
        group.add_argument("--processed-folder", help="move answered mail here")
        group.add_argument(
            "--rate-limit", type=int, metavar="N", help="at most N messages a minute"
        )


def add_mail_commands(commands: Any) -> None:
    """Add ``sync`` and ``send`` to the ``desk`` command's subparsers."""
    sync = commands.add_parser(
        "sync",
        help="fetch new mail from the shared mailbox (IMAP) into the store",
        description="One pass over the account's folders: headers first, then bodies; "
        "the new mail is clustered. Nothing is changed on the server.",
    )
    sync.add_argument(
        "--watch", action="store_true", help="stay connected and sync as mail arrives (IDLE)"
    )
    sync.add_argument(
        "--poll", type=float, default=60.0, metavar="SECONDS", help="poll interval without IDLE"
    )
    sync.add_argument(
        "--workers", type=int, default=None, help="parser processes (default: one per core)"
    )
    account_flags(sync, smtp=False)
    send = commands.add_parser(
        "send",
        help="send the outbox's queued replies (SMTP) and file them (IMAP)",
        description="Recover replies a crash left in 'sending' (looked up in the Sent folder), "
        "send those due, file copies in Sent and flag the originals \\Answered.",
    )
    account_flags(send, smtp=True)
    password = commands.add_parser(
        "password",
        help="keep the account's password in the system keyring",
        description="Asks for the password (or reads one line from standard input when it "
        "is not a terminal) and keeps it in the system keyring for the account.",
    )
    password.add_argument(
        "--server",
        choices=["imap", "smtp"],
        default="imap",
        help="whose password (default imap; SMTP falls back to it when it has none)",
    )
    account_flags(password, smtp=False)


def command_db(args: argparse.Namespace) -> str | None:
    """The ``--db`` given after the command (the issue's spelling), if any."""
    value = getattr(args, "command_db", None)
    return value if isinstance(value, str) else None


def account_config(app: App, args: argparse.Namespace) -> AccountConfig:
    """The account: the settings file's ``[account]``, then the flags over it."""
    data: dict[str, object] = dict(app.settings.account)
    if args.imap:
        data["imap_host"], port = args.imap
        if port:
            data["imap_port"] = port
    flag_keys = {
        "name": "name",
        "security": "imap_security",
        "user": "imap_user",
        "password_env": "password_env",
        "folders": "folders",
        "pin_cert": "imap_pinned_sha256",
        "ca_file": "imap_ca_file",
        "smtp_security": "smtp_security",
        "smtp_user": "smtp_user",
        "smtp_password_env": "smtp_password_env",
        "address": "address",
        "display_name": "display_name",
        "sent_folder": "sent_folder",
        "processed_folder": "processed_folder",
        "rate_limit": "rate_limit_per_minute",
    }
    for flag, key in flag_keys.items():
        value = getattr(args, flag, None)
        if value is not None:
            data[key] = value
    if getattr(args, "smtp", None):
        data["smtp_host"], smtp_port = args.smtp
        if smtp_port:
            data["smtp_port"] = smtp_port
    return account_from_mapping(data)


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT/SIGTERM, so a watch ends between two passes."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


class _StderrListener:
    """Progress lines on stderr for the sync stages."""

    def stage(self, folder: str, stage: Stage, done: int, total: int) -> None:
        if stage in (Stage.HEADERS, Stage.BODIES) and total and done in (0, total):
            print(f"  {folder}: {stage.value} {done}/{total}", file=sys.stderr)

    def cancelled(self) -> bool:
        return False


def _print_reports(reports: list[FolderReport]) -> None:
    for report in reports:
        if report.unchanged:
            print(f"{report.folder}: up to date.")
            continue
        extra = (
            f" (UIDVALIDITY changed: {report.rekeyed} re-keyed)"
            if report.uidvalidity_changed
            else ""
        )
        print(
            f"{report.folder}: {report.new} new, {report.bodies} bodies fetched, "
            f"{report.gone} gone from the server, {report.flags_changed} flag changes{extra}."
        )


class NewMailClusterer:
    """Clusters what each pass brought, with one service for the whole run.

    The service loads the store's clusters once; a watch that built a new one
    for every pass would reload them all each time mail arrives.
    """

    def __init__(
        self, app: App, say: Callable[[str], None] = print, account_name: str | None = None
    ) -> None:
        """``account_name``: acknowledge the new requests of this mailbox (when switched on)."""
        self.app = app
        self.account_name = account_name
        self.threshold = app.cluster_threshold()  # a bad setting fails before syncing
        self._service: ClusterService | None = None
        self._say = say

    def __call__(self, reports: list[FolderReport]) -> None:
        new_ids = [mid for report in reports for mid in report.completed_ids]
        if new_ids:
            if self._service is None:
                self._service = ClusterService(
                    self.app.store.sessions, self.threshold, workers=os.cpu_count() or 1
                )
            self._service.update(new_ids=new_ids)
            self._say(f"Clustered {len(new_ids)} new message(s).")
        if self.account_name is not None:  # every pass: overdue requests get their update
            after = after_sync_pass(
                self.app.store.sessions,
                self.account_name,
                new_ids,
                promise_hours=self.app.settings.deadline_hours,
            )
            acks, handoffs = after.acks, after.handoffs
            for what, references in (
                ("answered by their service", handoffs.answered),
                ("refused or bounced", handoffs.failed),
                ("overdue, back in the queue", handoffs.overdue),
            ):
                if references:
                    self._say(f"Hand-off(s) {what}: {', '.join(references)}.")
            if acks.queued:
                self._say(f"Queued {len(acks.queued)} acknowledgement(s) of receipt.")
            if acks.updates:
                self._say(f"Queued {len(acks.updates)} status update(s) of overdue requests.")


def run_sync(app: App, args: argparse.Namespace) -> int:
    """``desk sync`` and ``desk sync --watch``."""
    config = account_config(app, args)
    password = find_password(config.name, "imap", config.password_env, dict(os.environ))
    cluster_new = NewMailClusterer(app, account_name=config.name)
    with MailboxSync(
        app.store.sessions, config, password, workers=args.workers, listener=_StderrListener()
    ) as engine:
        if not args.watch:
            reports = engine.sync_once()
            _print_reports(reports)
            cluster_new(reports)
            return EXIT_OK

        def on_pass(reports: list[FolderReport]) -> None:
            if any(not r.unchanged for r in reports):
                _print_reports(reports)
                cluster_new(reports)
            sys.stdout.flush()

        def on_offline(exc: BaseException, delay: float) -> None:
            print(f"offline ({exc}); retrying in {delay:.0f} s", file=sys.stderr)

        print(f"Watching {', '.join(config.folders)} of {config.name} (Ctrl+C to stop).")
        sys.stdout.flush()
        with stop_on_signals() as stop:
            watch(engine, stop, on_pass, poll_seconds=args.poll, on_offline=on_offline)
    print("Stopped.")
    return EXIT_OK


class _SendProgress(OutboxListener):
    def sent(self, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            print(f"  sent {done}/{total}", file=sys.stderr)


def _print_send(report: SendReport) -> None:
    print(
        f"Sent {report.sent}, failed {report.failed}, retry later {report.postponed}; "
        f"filed {report.filed} in Sent."
    )
    if report.recovered_sent or report.recovered_requeued:
        print(
            f"Recovered after an interruption: {report.recovered_sent} had already left "
            f"(found in Sent), {report.recovered_requeued} sent again."
        )
    for reply_id, to, reason in report.errors:
        print(f"  reply {reply_id} to {to} failed: {reason}", file=sys.stderr)
    if report.in_doubt:
        print(
            f"{report.in_doubt} repl(y/ies) interrupted while sending wait until the mailbox "
            "can be checked; they will not be sent twice.",
            file=sys.stderr,
        )
    if report.held_in_doubt:
        print(
            f"{report.held_in_doubt} repl(y/ies) may have left before the connection broke and "
            "the server keeps no copy to check: they are in doubt and will not be sent again "
            "by Desk. An agent decides in the window (Replies to check).",
            file=sys.stderr,
        )
    if report.offline:
        print(f"offline: {report.offline}", file=sys.stderr)


def run_password(app: App, args: argparse.Namespace) -> int:
    """``desk password``: store the account's password in the OS keyring."""
    config = account_config(app, args)
    server: str = args.server
    if sys.stdin.isatty():
        secret = getpass.getpass(f"{server.upper()} password for {config.name}: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise DeskError(ErrorCode.PASSWORD_MISSING, account=config.name, where="the input")
    store_password(config.name, server, secret)
    print(f"The {server.upper()} password of {config.name} is in the system keyring.")
    return EXIT_OK


def run_send(app: App, args: argparse.Namespace) -> int:
    """``desk send``: flush the outbox."""
    config = account_config(app, args)
    if config.smtp is None:
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account=config.name,
            reason="no SMTP server: set [account] smtp_host or give --smtp HOST:PORT",
        )
    imap_password, smtp_password = account_passwords(config, dict(os.environ))
    report = Outbox(
        app.store.sessions,
        config,
        imap_password=imap_password,
        smtp_password=smtp_password,
        listener=_SendProgress(),
        journal=journal_path(app.dirs.data, app.store.url, config.name),
    ).run()
    _print_send(report)
    troubled = report.failed or report.in_doubt or report.held_in_doubt or report.offline
    return EXIT_PARTIAL if troubled else EXIT_OK
