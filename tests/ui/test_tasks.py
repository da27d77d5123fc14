"""The task runner: results and errors come back on the GUI thread; discarded ones never do."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.mail.outbox import Outbox, SendReport
from desk.store.database import Store
from desk.store.models import Reply, ReplyState
from desk.ui.tasks import Job, TaskRunner
from desk.workbench.in_doubt import failed_replies
from tests.mail.test_outbox import drafts_for, queue, synced
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message
from tests.support.smtp import SmtpServer
from tests.ui.conftest import settle


def test_a_result_arrives_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[tuple[int, bool]] = []
    worker_threads: list[int] = []

    def work(x: int) -> int:
        worker_threads.append(threading.get_ident())
        return x * 2

    def done(value: int) -> None:
        app = QApplication.instance()
        assert app is not None
        seen.append((value, QThread.currentThread() is app.thread()))

    runner.run("double", work, 21, on_done=done)
    settle(qtbot, runner)
    assert seen == [(42, True)]
    assert worker_threads and worker_threads[0] != threading.get_ident()


def test_an_error_goes_to_its_callback_or_to_unhandled(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[str] = []
    unhandled: list[str] = []
    runner.unhandled.connect(lambda name, exc: unhandled.append(f"{name}: {exc}"))

    def fail() -> None:
        raise ValueError("no such thing")

    runner.run("first", fail, on_error=lambda exc: errors.append(str(exc)))
    runner.run("second", fail)
    settle(qtbot, runner)
    assert errors == ["no such thing"]
    assert unhandled == ["second: no such thing"]


def test_a_discarded_task_calls_nothing_back(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    called: list[object] = []
    task = runner.run("slow", lambda: release.wait(10), on_done=called.append)
    task.discard()
    release.set()
    settle(qtbot, runner)
    assert called == [] and task.finished


def test_a_job_reports_progress_and_stops_when_asked(qtbot: QtBot, runner: TaskRunner) -> None:
    progress: list[tuple[int, int]] = []
    started = threading.Event()

    def count(job: Job) -> int:
        done = 0
        started.set()
        while not job.stopping and done < 10_000:
            done += 1
            if done <= 3:
                job.progress(done, 10_000)
            job_wait = threading.Event()
            job_wait.wait(0.001)
        return done

    results: list[int] = []
    task = runner.run_job(
        "count",
        count,
        on_done=results.append,
        on_progress=lambda done, total, _text: progress.append((done, total)),
    )
    assert started.wait(5)
    qtbot.waitUntil(lambda: len(progress) == 3, timeout=5_000)
    assert task.job is not None
    task.job.stop()
    settle(qtbot, runner)
    assert progress == [(1, 10_000), (2, 10_000), (3, 10_000)]
    assert results and results[0] < 10_000


def test_a_send_job_failing_after_its_window_went_is_logged_and_kept_on_the_reply(
    qtbot: QtBot,
    runner: TaskRunner,
    store: Store,
    imap_account: ImapAccount,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The window closed (its tasks discarded) while an outbox run was starting; the run
    fails (the SMTP server refuses the login). The failure is in the log, and on the
    reply row, where the next start finds it (desk.workbench.in_doubt.failed_replies)."""
    imap_account.write_messages([simple_message(1)])
    with SmtpServer(auth=(imap_account.user, "the-right-password")) as smtp:
        config = account_for(imap_account, smtp)
        assert config.smtp is not None
        config = replace(config, smtp=replace(config.smtp, user=imap_account.user))
        [reply_id] = queue(
            store, config, drafts_for(store, synced(store, config, imap_account.password))
        )
        closing = threading.Event()
        errors: list[BaseException] = []

        def send(_job: Job) -> SendReport:
            assert closing.wait(30)  # the window closes first
            box = Outbox(store.sessions, config, imap_password=None, smtp_password="wrong")
            return box.run()

        caplog.set_level(logging.ERROR)
        task = runner.run_job("Send the outbox", send, on_error=errors.append)
        task.discard()  # the window closed
        closing.set()
        qtbot.waitUntil(lambda: task.finished, timeout=20_000)

    assert errors == []  # nobody left to tell
    logged = [r for r in caplog.records if r.name == "desk.ui.tasks"]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert "Send the outbox failed" in logged[0].getMessage()
    assert "refused the login" in logged[0].getMessage()
    with store.sessions.begin() as session:
        reply = session.get_one(Reply, reply_id)
        assert reply.state is ReplyState.QUEUED  # it goes again by itself
        assert "refused the login" in (reply.last_error or "")
        assert reply.last_error_at is not None
        failed = failed_replies(session)
    assert [(f.reply_id, f.to_addr) for f in failed] == [(reply_id, "parent1@example.org")]
    assert "refused the login" in failed[0].reason
