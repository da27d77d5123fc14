"""Several outboxes on one PostgreSQL at once: every reply leaves exactly once, whoever sends it.

The team's set-up: the service and agents' windows each run an outbox against
the same store. These tests run real ``desk send`` processes side by side
against aiosmtpd (filing what it accepts into Dovecot's Sent folder, as
providers do) and kill them at random.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk.cli import run
from desk.store.database import open_store
from desk.store.models import Reply, ReplyState
from tests.support.dovecot import ImapAccount
from tests.support.filing import FilingSmtpServer
from tests.support.mail import simple_message
from tests.support.postgres import PostgresServer
from tests.test_mailjobs import imap_flags, queue_all, smtp_flags

pytestmark = pytest.mark.postgres


class SlowFilingSmtpServer(FilingSmtpServer):
    """Files into Sent and answers DATA after a delay; a closed gate holds every DATA."""

    def __init__(self, mailbox: ImapAccount, delay: Callable[[], float] = lambda: 0.0) -> None:
        super().__init__(mailbox)
        self.delay = delay
        self.gate = threading.Event()
        self.gate.set()
        self.in_data = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.in_data.set()
        await asyncio.sleep(self.delay())
        await asyncio.get_running_loop().run_in_executor(None, self.gate.wait)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def team_db(postgres_server: PostgresServer, postgres_template: str) -> str:
    """A fresh migrated PostgreSQL database: the team's store."""
    return postgres_server.create_database(template=postgres_template)


def _prepare(team_db: str, mailbox: ImapAccount, count: int) -> None:
    with mailbox.session() as client:
        client.create("Sent")
    mailbox.write_messages([simple_message(n) for n in range(1, count + 1)])
    assert run(["sync", "--db", team_db, *imap_flags(mailbox)]) == 0
    assert queue_all(team_db) == count


def _send(
    team_db: str, mailbox: ImapAccount, smtp: FilingSmtpServer, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    command = ["send", "--db", team_db, *imap_flags(mailbox), *smtp_flags(smtp)]
    with log.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "desk", *command], env=env, stdout=sink, stderr=sink
        )


def _reply_states(team_db: str) -> dict[ReplyState, int]:
    store = open_store(team_db, migrate=False)
    try:
        with store.sessions.begin() as session:
            return dict(
                session.execute(select(Reply.state, func.count()).group_by(Reply.state)).all()  # type: ignore[arg-type]
            )
    finally:
        store.close()


def test_a_second_outbox_leaves_a_reply_another_is_sending_alone(
    team_db: str, imap_account: ImapAccount, password: str, desk_home: Path, tmp_path: Path
) -> None:
    """The reported double send: outbox A is in DATA (a slow server) when outbox B starts.

    B's start-up recovery used to take A's reply for interrupted and send it
    again. Now A holds it under a live lease: B leaves it, A finishes, one copy.
    """
    _prepare(team_db, imap_account, 1)
    env = {**os.environ, "DESK_HOME": str(desk_home), "DESK_TEST_PASSWORD": password}
    with SlowFilingSmtpServer(imap_account) as smtp:
        smtp.gate.clear()
        first = _send(team_db, imap_account, smtp, env, tmp_path / "a.log")
        try:
            assert smtp.in_data.wait(60), (tmp_path / "a.log").read_text()
            second = subprocess.run(
                [sys.executable, "-m", "desk", "send", "--db", team_db,
                 *imap_flags(imap_account), *smtp_flags(smtp)],
                env=env, capture_output=True, timeout=120, check=False,
            )  # fmt: skip
            assert second.returncode == 0, second.stderr.decode()
            assert _reply_states(team_db) == {ReplyState.SENDING: 1}  # untouched by B
        finally:
            smtp.gate.set()
            assert first.wait(timeout=120) == 0, (tmp_path / "a.log").read_text()
        assert [m.rcpt_tos[0] for m in smtp.messages] == ["parent1@example.org"]
    assert _reply_states(team_db) == {ReplyState.SENT: 1}
    assert imap_account.status("Sent")["messages"] == 1


@pytest.fixture
def password(imap_account: ImapAccount, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DESK_TEST_PASSWORD", imap_account.password)
    return imap_account.password


@pytest.mark.slow
def test_four_outboxes_killed_at_random_send_1000_replies_exactly_once(
    team_db: str, imap_account: ImapAccount, password: str, desk_home: Path, tmp_path: Path
) -> None:
    """4 ``desk send`` processes at once, SIGKILLed at random and restarted, on one store.

    Every recipient gets exactly one reply and none is lost; the server's own
    record (what aiosmtpd received, what Dovecot's Sent holds) says so.
    """
    replies, slots, kills = 1000, 4, 8
    rng = random.Random(14)
    _prepare(team_db, imap_account, replies)
    env = {**os.environ, "DESK_HOME": str(desk_home), "DESK_TEST_PASSWORD": password}
    kill_at = sorted(rng.sample(range(50, replies - 50), kills))
    killed = 0
    with SlowFilingSmtpServer(imap_account, delay=lambda: rng.uniform(0, 0.02)) as smtp:
        logs = [tmp_path / f"outbox-{n}.log" for n in range(slots)]
        running = [_send(team_db, imap_account, smtp, env, log) for log in logs]
        deadline = time.monotonic() + 600  # a safety net against a hang, never a measure
        try:
            while True:
                assert time.monotonic() < deadline, "the outboxes made no progress"
                if killed < kills and len(smtp.messages) >= kill_at[killed]:
                    victim = rng.randrange(slots)
                    if running[victim].poll() is None:
                        os.kill(running[victim].pid, signal.SIGKILL)
                        running[victim].wait()
                    killed += 1
                exited = [n for n, process in enumerate(running) if process.poll() is not None]
                if len(exited) == slots:
                    states = _reply_states(team_db)
                    if states == {ReplyState.SENT: replies}:
                        break
                    running = [_send(team_db, imap_account, smtp, env, log) for log in logs]
                    continue
                for n in exited:
                    if killed < kills:  # keep four going while kills remain
                        running[n] = _send(team_db, imap_account, smtp, env, logs[n])
                time.sleep(0.005)
        finally:
            for process in running:
                if process.poll() is None:
                    process.kill()
                process.wait()
        recipients = Counter(m.rcpt_tos[0] for m in smtp.messages)

    assert killed == kills
    assert len(recipients) == replies  # none lost
    assert set(recipients.values()) == {1}  # none twice
    assert imap_account.status("Sent")["messages"] == replies
