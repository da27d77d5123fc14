"""The window as one of a team: live changes, presence and claims kept alive, a dropped database.

On PostgreSQL a listener thread hands the window what others changed
(LISTEN/NOTIFY: claims, new mail, answers, regroupings, presence …) as
:class:`~desk.workbench.team.Change` lists, so the window updates only what
changed and never polls. A heartbeat every 30 s keeps the agent present and
renews their claims (a window that dies stops beating: its claims lapse).

Whatever the store, a task that failed because the database could not be
reached puts the window in *reconnecting*: the status bar says when the next
try is, claiming and sending are disabled, and a probe retries with backoff
(1, 2, 4 … 30 s). When it answers again, the window reloads what it shows.
Nothing the agent prepared is touched meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.queue.claims import HEARTBEAT_EVERY
from desk.ui.error_text import error_sentence
from desk.ui.tasks import TaskRunner
from desk.workbench.answering import AgentInfo
from desk.workbench.dispatch import KeptAlive
from desk.workbench.team import (
    Change,
    ChangeListener,
    ListenerState,
    Phase,
    beat,
    connection_lost,
    leave_team,
    listener_for,
    reach_database,
)

log = logging.getLogger(__name__)

PROBE_FIRST_S = 1
PROBE_MAX_S = 30
_SCHEMA_REFUSALS = {ErrorCode.DB_TOO_NEW, ErrorCode.DB_NEEDS_UPGRADE}
WAIT_SLICE_S = 1.0  # how long the listener thread blocks before looking at its stop flag


def listen(
    listener: ChangeListener,
    stopping: threading.Event,
    deliver: Callable[[list[Change]], object],
) -> None:
    """The listener's thread: hand every batch of changes on (a signal: queued to the GUI)."""
    try:
        listener.start()
    except Exception as exc:  # it keeps retrying inside wait()
        log.warning("listening for the team's changes failed (%s); retrying", exc)
    while not stopping.is_set():
        try:
            changes = listener.wait(WAIT_SLICE_S)
        except Exception:
            log.exception("the team listener failed")
            return
        if changes and not stopping.is_set():
            deliver(changes)


class TeamController(QObject):
    """Live changes, heartbeat and the database's reachability, for one window."""

    changed = Signal(object)  # list[Change]
    # "ok", or "reconnecting" with the seconds until the next try as the detail
    database_state = Signal(str, str)
    _listener_state = Signal(object)  # ListenerState, from the listener's thread

    def __init__(self, app: App, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.agent: AgentInfo | None = None
        self.reachable = True
        self._listener: ChangeListener | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._token: str | None = None
        self._failures = 0
        self._probe_timer = QTimer(self)
        self._probe_timer.setSingleShot(True)
        self._probe_timer.timeout.connect(self._probe)
        self._heartbeat_timer = QTimer(self)
        self._heartbeat_timer.setInterval(int(HEARTBEAT_EVERY.total_seconds() * 1000))
        self._heartbeat_timer.timeout.connect(self.beat)
        self._listener_state.connect(self._listener_changed)
        runner.failed.connect(self._task_failed)

    @property
    def shared(self) -> bool:
        """True for a team's database (PostgreSQL): others change it too."""
        return self.app.store.engine.dialect.name == "postgresql"

    # ---------------------------------------------------------------- start and stop
    def start(self, agent: AgentInfo) -> None:
        """Listen (before the window's first load, so nothing slips between), join, beat."""
        self.agent = agent
        if self.shared and self._thread is None:
            self._listener = listener_for(self.app.store, on_state=self._listener_state.emit)
            if self._listener is not None:
                self._thread = threading.Thread(
                    target=listen,
                    args=(self._listener, self._stopping, self.changed.emit),
                    name="desk-listen",
                    daemon=True,
                )
                self._thread.start()
        self.beat()
        self._heartbeat_timer.start()

    def stop(self) -> None:
        """Stop listening and beating; say goodbye to the team (at closing)."""
        self._heartbeat_timer.stop()
        self._probe_timer.stop()
        self._stopping.set()
        if self._listener is not None:
            self._listener.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._listener = self._thread = None
        token, self._token = self._token, None
        if token is not None and self.reachable:
            self.runner.run(
                "leave the team",
                leave_team,
                self.app.store.sessions,
                token,
                on_error=lambda _exc: None,
            )

    # ---------------------------------------------------------------- listening
    def _listener_changed(self, state: ListenerState) -> None:
        if state.phase is Phase.RECONNECTING and self.reachable:
            self._lost(state.retry_in_s or PROBE_FIRST_S)

    # ---------------------------------------------------------------- heartbeat
    def beat(self) -> None:
        """Keep the agent present and their claims alive (every 30 s, on a worker)."""
        if self.agent is None or not self.reachable:
            return
        self.runner.run(
            "heartbeat",
            beat,
            self.app.store.sessions,
            self.agent,
            self._token,
            on_done=self._beaten,
            on_error=lambda _exc: None,  # a dropped database is noticed through `failed`
        )

    def _beaten(self, kept: KeptAlive) -> None:
        self._token = kept.token

    # ---------------------------------------------------------------- reachability
    def _task_failed(self, name: str, exc: BaseException) -> None:
        if connection_lost(exc) and self.reachable:
            log.warning("database unreachable (%s failed: %s)", name, exc)
            self._lost(PROBE_FIRST_S)

    def _lost(self, first_try_s: float) -> None:
        self.reachable = False
        self._failures = 1
        self._schedule(first_try_s)

    def _schedule(self, seconds: float) -> None:
        self.database_state.emit("reconnecting", str(round(seconds)))
        self._probe_timer.start(int(seconds * 1000))

    def _probe(self) -> None:
        self.runner.run(
            "reach the database",
            reach_database,
            self.app.store,
            on_done=self._back,
            on_error=self._still_down,
        )

    def _still_down(self, exc: BaseException) -> None:
        if isinstance(exc, DeskError) and exc.code in _SCHEMA_REFUSALS:
            # No retry will mend it: said in the window's language.
            self.database_state.emit("refused", error_sentence(exc, doing="reaching the database"))
            return
        self._failures += 1
        self._schedule(min(PROBE_MAX_S, PROBE_FIRST_S * 2 ** (self._failures - 1)))

    def _back(self, _result: object) -> None:
        self.reachable = True
        self._failures = 0
        self.database_state.emit("ok", "")
        self.beat()
        self.changed.emit([Change("resync", None)])  # what others did meanwhile is unknown
