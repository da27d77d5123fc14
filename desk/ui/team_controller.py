"""The window as one of a team: live changes, presence and claims kept alive, a dropped database.

On PostgreSQL a listener thread hands the window what others changed
(LISTEN/NOTIFY: claims, new mail, answers, regroupings, presence …) as
:class:`~desk.store.notify.Change` lists, so the window updates only what
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

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import text

from desk.app import App
from desk.core.errors import DeskError, ErrorCode
from desk.core.processes import this_host
from desk.queue.claims import HEARTBEAT_EVERY
from desk.queue.locks import database_now
from desk.store.errors import connection_lost
from desk.store.migrate import check_schema
from desk.store.notify import Change, ChangeListener, ListenerState, Phase, listener_for
from desk.ui.tasks import TaskRunner
from desk.workbench.answering import AgentInfo
from desk.workbench.dispatch import KeptAlive, keep_alive

log = logging.getLogger(__name__)

PROBE_FIRST_S = 1
PROBE_MAX_S = 30
_SCHEMA_REFUSALS = {ErrorCode.DB_TOO_NEW, ErrorCode.DB_NEEDS_UPGRADE}
WAIT_SLICE_S = 1.0  # how long the listener thread blocks before looking at its stop flag


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
                    target=self._listen, args=(self._listener,), name="desk-listen", daemon=True
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
            self.runner.run("leave the team", self._leave, token, on_error=lambda _exc: None)

    def _leave(self, token: str) -> None:
        from desk.queue.presence import leave  # noqa: PLC0415 - only at closing

        with self.app.store.sessions.begin() as session:
            leave(session, token)

    # ---------------------------------------------------------------- listening
    def _listen(self, listener: ChangeListener) -> None:
        """The listener's thread: hand every batch of changes to the GUI thread."""
        try:
            listener.start()
        except Exception as exc:  # it keeps retrying inside wait()
            log.warning("listening for the team's changes failed (%s); retrying", exc)
        while not self._stopping.is_set():
            try:
                changes = listener.wait(WAIT_SLICE_S)
            except Exception:
                log.exception("the team listener failed")
                return
            if changes and not self._stopping.is_set():
                self.changed.emit(changes)

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
            self._beat,
            self.agent,
            self._token,
            on_done=self._beaten,
            on_error=lambda _exc: None,  # a dropped database is noticed through `failed`
        )

    def _beat(self, agent: AgentInfo, token: str | None) -> KeptAlive:
        with self.app.store.sessions.begin() as session:
            return keep_alive(
                session,
                token,
                agent_id=agent.id,
                login=agent.login,
                host=this_host(),
                now=database_now(session),
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
            "reach the database", self._ping, on_done=self._back, on_error=self._still_down
        )

    def _ping(self) -> None:
        with self.app.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        # Back, but maybe upgraded meanwhile by a newer Desk: never write to a newer schema.
        check_schema(self.app.store.engine)

    def _still_down(self, exc: BaseException) -> None:
        if isinstance(exc, DeskError) and exc.code in _SCHEMA_REFUSALS:
            self.database_state.emit("refused", exc.describe())  # no retry will mend it
            return
        self._failures += 1
        self._schedule(min(PROBE_MAX_S, PROBE_FIRST_S * 2 ** (self._failures - 1)))

    def _back(self, _result: object) -> None:
        self.reachable = True
        self._failures = 0
        self.database_state.emit("ok", "")
        self.beat()
        self.changed.emit([Change("resync", None)])  # what others did meanwhile is unknown
