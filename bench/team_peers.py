"""The real peers of a team load run: PostgreSQL, Dovecot, a filing SMTP server, ``desk serve``.

Everything listens on 127.0.0.1 and lives in throwaway folders; :func:`team_peers`
stops all of it on the way out, whether the run ends, fails or is interrupted
(Ctrl+C). The SMTP server files what it accepts into Dovecot's Sent folder
before saying 250, as Gmail or Exchange do, which is what makes the outbox's
crash recovery exact, and it answers DATA after a small random delay so that
a killed service is often caught in the middle of a transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import imaplib
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from desk.store.database import open_store
from tests.support.dovecot import DovecotServer, ImapAccount
from tests.support.filing import FilingSmtpServer
from tests.support.postgres import PostgresServer, find_bin_dir
from tests.support.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = "contact@example-edu.fr"
PASSWORD_ENV = "DESK_TEAM_PASSWORD"
# Where the server's time goes, per statement: read at the end of the run for the report.
STATEMENT_STATS = (
    "-c shared_preload_libraries=pg_stat_statements,auto_explain "
    "-c pg_stat_statements.track=top -c pg_stat_statements.max=1000 "
    # The plans of statements slower than this, as the server chose them under the load
    # (log_analyze would add their row counts, and its instrumentation to every query).
    "-c auto_explain.log_min_duration=250"
)


class _SentFolder:
    """One IMAP connection kept open to append to Sent (a login per message would cost more
    than the rest of the SMTP transaction); reconnects once if Dovecot dropped it."""

    def __init__(self, mailbox: ImapAccount) -> None:
        self._mailbox = mailbox
        self._client: imaplib.IMAP4 | None = None
        self._lock = threading.Lock()

    def append(self, data: bytes) -> None:
        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._client is None:
                        self._client = self._mailbox.imap()
                    status, response = self._client.append("Sent", "(\\Seen)", None, data)
                    if status != "OK":
                        raise RuntimeError(f"APPEND to Sent failed: {response!r}")
                    return
                except (OSError, imaplib.IMAP4.abort):
                    self._client = None
                    if attempt == 2:
                        raise

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                with contextlib.suppress(Exception):
                    self._client.logout()
                self._client = None


class DelayedFilingSmtp(FilingSmtpServer):
    """Takes each message at its final ".", files it into Sent, then answers 250 after
    ``uniform(0, max_delay)`` seconds, as a busy provider does.

    A real server delivers what it took even when the client vanishes before the
    250 (RFC 1047's duplicate window); aiosmtpd would cancel the handler instead, so
    the message is recorded and filed first, and only the answer waits.
    :meth:`hold_next_data` catches the sender at its worst moment: the next
    message taken, its 250 held until the caller (who kills the sender
    meanwhile) lets it go.
    """

    def __init__(self, mailbox: ImapAccount, max_delay: float, seed: int) -> None:
        super().__init__(mailbox)
        self.max_delay = max_delay
        self._rng = random.Random(seed)
        self._sent = _SentFolder(mailbox)
        self._held: tuple[threading.Event, threading.Event] | None = None

    def hold_next_data(self) -> tuple[threading.Event, threading.Event]:
        """(taken, release): the first is set once a message is taken and its 250 held; set
        the second to let the answer go."""
        held = (threading.Event(), threading.Event())
        self._held = held
        return held

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.original_content or envelope.content
        self._sent.append(content)
        answer = await SmtpServer.handle_DATA(self, server, session, envelope)
        held, self._held = self._held, None
        if held is not None:
            held[0].set()
            await asyncio.get_running_loop().run_in_executor(None, held[1].wait)
        await asyncio.sleep(self._rng.uniform(0, self.max_delay))
        return answer

    def stop(self) -> None:
        try:
            super().stop()
        finally:
            self._sent.close()


@dataclass
class Service:
    """``desk serve`` as a subprocess: the real command line, its output in a log file."""

    db_url: str
    mailbox: ImapAccount
    smtp: SmtpServer
    home: Path
    logs: Path
    workers: int | None = None
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    kills: list[int] = field(default_factory=list)

    def command(self) -> list[str]:
        workers = [] if self.workers is None else ["--workers", str(self.workers)]
        return [
            sys.executable, "-m", "desk", "serve", "--db", self.db_url, *workers,
            "--imap", f"{self.mailbox.host}:{self.mailbox.port}", "--security", "none",
            "--user", self.mailbox.user, "--password-env", PASSWORD_ENV, "--name", "contact",
            "--smtp", f"{self.smtp.host}:{self.smtp.port}", "--smtp-security", "none",
            "--address", ADDRESS, "--display-name", "Service contact",
        ]  # fmt: skip

    def start(self) -> None:
        """Start (or start again) the service; each start logs to its own file."""
        self.starts += 1
        env = {**os.environ, "DESK_HOME": str(self.home), PASSWORD_ENV: self.mailbox.password}
        with (self.logs / f"serve-{self.starts}.log").open("wb") as sink:
            self.process = subprocess.Popen(
                self.command(), env=env, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT
            )

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no goodbye, no cleanup."""
        if self.process is not None and self.process.poll() is None:
            self.kills.append(self.process.pid)
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> int | None:
        """SIGTERM and wait (SIGKILL after 60 s); the exit status, None if never started."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def log_text(self) -> str:
        """Every start's output, for a failure message."""
        return "\n".join(
            f"--- serve-{n}.log\n" + (self.logs / f"serve-{n}.log").read_text(errors="replace")
            for n in range(1, self.starts + 1)
        )


@dataclass
class Peers:
    """What a run talks to; ``work`` is its scratch folder (latency files, logs, journals)."""

    postgres: PostgresServer
    db_url: str
    dovecot: DovecotServer
    mailbox: ImapAccount
    smtp: DelayedFilingSmtp
    service: Service
    work: Path


@contextlib.contextmanager
def team_peers(
    messages: Iterable[bytes], *, smtp_delay: float, seed: int, service_workers: int | None
) -> Iterator[Peers]:
    """Start PostgreSQL (a migrated store), Dovecot (``messages`` in INBOX, an empty Sent) and
    the SMTP server; yield them with the service ready to start; stop everything at the end."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (scripts/test.sh installs it)")
    work = Path(tempfile.mkdtemp(prefix="desk-team-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, work, True)
        postgres = PostgresServer(bin_dir)
        stack.callback(postgres.stop)
        postgres.start(STATEMENT_STATS)
        db_url = postgres.create_database()
        open_store(db_url).close()  # the store's schema, as `desk db upgrade`
        with psycopg.connect(
            db_url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True
        ) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        dovecot = stack.enter_context(DovecotServer())
        user, password = "contact", secrets.token_urlsafe(12)
        dovecot.add_user(user, password)
        mailbox = ImapAccount(dovecot, user, password)
        mailbox.write_messages(messages)
        with mailbox.session() as client:
            client.create("Sent")
            client.select("INBOX")  # index once, as any first client would
        smtp = DelayedFilingSmtp(mailbox, smtp_delay, seed)
        smtp.start()
        stack.callback(smtp.stop)
        (work / "home").mkdir()
        service = Service(db_url, mailbox, smtp, work / "home", work, service_workers)
        stack.callback(service.stop)
        yield Peers(postgres, db_url, dovecot, mailbox, smtp, service, work)
