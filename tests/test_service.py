"""``desk serve``: the team's service syncs and sends for everybody; windows follow it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.store.database import open_store
from desk.store.models import Message, Presence, Reply, ReplyState
from desk.workbench.clustering import Clustering
from desk.workbench.mailbox import MailboxSession
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message
from tests.support.postgres import PostgresServer
from tests.support.smtp import SmtpServer
from tests.test_mailjobs import imap_flags, queue_all, smtp_flags

pytestmark = pytest.mark.postgres


@pytest.fixture
def team_db(postgres_server: PostgresServer, postgres_template: str) -> str:
    return postgres_server.create_database(template=postgres_template)


def _count(team_db: str, what: Callable[[], object]) -> int:
    store = open_store(team_db, migrate=False)
    try:
        with store.sessions() as session:
            return int(session.scalar(what()) or 0)  # type: ignore[call-overload]
    finally:
        store.close()


def _until(check: Callable[[], bool], log: Path, what: str) -> None:
    """Wait for an effect of the service; the deadline only guards against a hang."""
    deadline = time.monotonic() + 120
    while not check():
        assert time.monotonic() < deadline, f"{what}; service said:\n{log.read_text()}"
        time.sleep(0.05)


@pytest.fixture
def serve(
    team_db: str,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    tmp_path: Path,
    desk_home: Path,
) -> Iterator[Callable[[], tuple[subprocess.Popen[bytes], Path]]]:
    started: list[subprocess.Popen[bytes]] = []
    env = {**os.environ, "DESK_HOME": str(desk_home), "DESK_TEST_PASSWORD": imap_account.password}

    def start() -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / f"serve-{len(started)}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "desk", "serve", "--db", team_db, "--workers", "0",
                 *imap_flags(imap_account), *smtp_flags(smtp_server)],
                env=env, stdout=sink, stderr=subprocess.STDOUT,
            )  # fmt: skip
        started.append(process)
        return process, log

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()


def _progress(done: int, total: int, text: str) -> None:
    pass


def test_the_service_syncs_sends_and_windows_without_the_password_follow_it(
    team_db: str,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    serve: Callable[[], tuple[subprocess.Popen[bytes], Path]],
) -> None:
    imap_account.write_messages([simple_message(n) for n in range(1, 4)])
    with imap_account.session() as client:
        client.create("Sent")
    service, log = serve()
    messages = lambda: _count(team_db, lambda: select(func.count(Message.id)))  # noqa: E731
    _until(lambda: messages() == 3, log, "the service did not sync the mailbox")

    store = open_store(team_db, migrate=False)
    window = MailboxSession(
        store,
        account_for(imap_account, name="contact"),
        None,  # an agent's window: no mailbox password
        None,
        clustering=Clustering(store.sessions, 85, workers=0),
        holder="Alice",
    )
    try:
        followed = window.sync(_progress, lambda: False)
        assert followed.following and followed.leader is not None
        assert followed.leader.kind == "service" and followed.leader.holder.startswith("service@")
        assert window.send(_progress, lambda: False).by_service
        with store.sessions() as session:
            assert session.scalar(select(Presence.kind)) == "service"

        assert queue_all(team_db) == 3  # agents answer; the service sends
        smtp_server.wait_for(3, timeout=120)
        sent = lambda: _count(  # noqa: E731
            team_db, lambda: select(func.count(Reply.id)).where(Reply.state == ReplyState.SENT)
        )
        _until(lambda: sent() == 3, log, "the service did not record the replies sent")

        imap_account.append(simple_message(4))  # new mail: IDLE wakes the service
        _until(lambda: messages() == 4, log, "the service did not pick up new mail")
    finally:
        window.close()
        store.close()
    service.send_signal(signal.SIGTERM)
    assert service.wait(timeout=60) == 0, log.read_text()
    assert "Stopped." in log.read_text()
    assert _count(team_db, lambda: select(func.count(Presence.id))) == 0  # it said goodbye
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [
        f"parent{n}@example.org" for n in range(1, 4)
    ]


def test_a_second_service_waits_and_takes_over_when_the_first_is_killed(
    team_db: str,
    imap_account: ImapAccount,
    serve: Callable[[], tuple[subprocess.Popen[bytes], Path]],
) -> None:
    imap_account.write_messages([simple_message(1)])
    first, first_log = serve()
    _until(lambda: "Syncing" in first_log.read_text(), first_log, "the first did not start")
    second, second_log = serve()
    _until(
        lambda: "waiting for it to stop" in second_log.read_text(),
        second_log,
        "the second did not wait",
    )
    first.kill()
    first.wait()
    _until(lambda: "Syncing" in second_log.read_text(), second_log, "the second did not take over")
    imap_account.append(simple_message(2))
    messages = lambda: _count(team_db, lambda: select(func.count(Message.id)))  # noqa: E731
    _until(lambda: messages() == 2, second_log, "the second did not sync")
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=60) == 0
