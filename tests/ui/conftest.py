"""Fixtures for the window's tests: a clustered demo store, the app around it, a task runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.cluster.service import ClusterService
from desk.config import AppDirs, Settings
from desk.demo.generator import generate_mailbox
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desk.ui.asks_more import LeaveOut
    from desk.ui.main_window import MainWindow

DEMO_SIZE = 400


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding a clustered demo mailbox, copied by each test that needs one."""
    root = tmp_path_factory.mktemp("ui-demo")
    generate_mailbox(root / "mailbox", size=DEMO_SIZE, seed=7)
    path = root / "demo.sqlite3"
    store = open_store(sqlite_url(path))
    try:
        ingest_source(store.sessions, open_source(root / "mailbox" / "Maildir"), workers=0)
        ClusterService(store.sessions, 85.0, workers=0).update()
    finally:
        store.close()
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the clustered demo store."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    store = open_store(sqlite_url(path))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def desk_app(demo_store: Store) -> App:
    """The app over the demo store, with default settings and the test's own folders."""
    return App(settings=Settings(), dirs=AppDirs.discover(), store=demo_store)


@pytest.fixture(autouse=True)
def leave_out_answered_by_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sending to messages that ask more asks the agent, in a modal dialog that offscreen
    would wait forever: a test meeting it must answer (``window.ask_leave_out = …``)."""
    from desk.ui.main_window import MainWindow  # here: the workbench's tests share this file

    def unanswered(self: MainWindow, flagged: int, total: int, who: Sequence[str]) -> LeaveOut:
        raise AssertionError(
            f"{flagged} of these {total} messages ask more ({', '.join(who)}): "
            "the test must answer whether to leave them out"
        )

    monkeypatch.setattr(MainWindow, "ask_leave_out", unanswered)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner whose workers are all finished when the test ends."""
    tasks = TaskRunner()
    yield tasks
    tasks.stop_all()
    assert tasks.wait(30_000), "a background task was still running after 30 s"


def settle(qtbot: QtBot, runner: TaskRunner, timeout: int = 20_000) -> None:
    """Wait until every background task finished and its answer reached the window."""
    qtbot.waitUntil(lambda: not runner.pending, timeout=timeout)


@pytest.fixture
def empty_store(sqlite_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A migrated SQLite store with nothing in it (a mailbox sync fills it)."""
    path = tmp_path / "empty.sqlite3"
    shutil.copyfile(sqlite_template, path)
    store = open_store(sqlite_url(path))
    try:
        yield store
    finally:
        store.close()
