"""Fixtures for the window's tests: a clustered demo store, the app around it, a task runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.cluster.service import ClusterService
from desk.config import AppDirs, Settings
from desk.demo.generator import generate_mailbox
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.ui import translation
from desk.ui.tasks import TaskRunner
from desk.ui.translation import LANGUAGES, install_translators

if TYPE_CHECKING:
    from desk.ui.asks_more import LeaveOut
    from desk.ui.main_window import MainWindow

DEMO_SIZE = 400
REPO = Path(__file__).resolve().parents[2]


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


def tool(name: str) -> str:
    """A Qt tool of this environment's PySide6 (beside the interpreter, else on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: PySide6 ships it; is the venv complete?")
    return found


def run_tool(*args: str) -> str:
    done = subprocess.run(args, check=False, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{Path(args[0]).name} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding desk_fr.qm and desk_en.qm, built now by lrelease from the .ts files."""
    folder = tmp_path_factory.mktemp("qm")
    lrelease = tool("pyside6-lrelease")
    for language in LANGUAGES:
        source = REPO / "i18n" / f"desk_{language}.ts"
        run_tool(lrelease, str(source), "-qm", str(folder / f"desk_{language}.qm"))
    return folder


@pytest.fixture
def french(
    qapp: QApplication, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[QTranslator]]:
    """Desk's and Qt's French translators and locale installed as the app does, removed
    afterwards (the process's default locale restored)."""
    monkeypatch.setattr(translation, "i18n_dir", lambda: compiled)
    before = QLocale()
    installed = install_translators(qapp, "fr")
    try:
        yield installed
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)
