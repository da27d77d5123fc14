"""The agent's desk and queue read while the window's code is still loading.

Opening the window means importing Qt and the window's modules, about half a
second, and only then asking a worker for the agent's desk and queue: another
half second on 100,000 messages, so the queue showed 0.5 s after the window
(bench.ui). None of that reading needs Qt. :class:`EarlyOpening` starts it on
a thread of its own before the window's modules load; the database does most
of its work meanwhile (SQLite and psycopg let go of the GIL while they work),
and the window takes the result as its first "open the desk" answer.

Anything the reading raises is kept and raised again by :meth:`result`, so the
window reports it exactly as it reports a failed opening of its own.
"""

from __future__ import annotations

import getpass
import logging
import threading
from concurrent.futures import Future

from desk.app import App
from desk.core.errors import DeskError
from desk.mail.account import AccountConfig
from desk.workbench.opening import DeskOpened, account_config, open_desk_with_queue
from desk.workbench.worklist import weights_from_settings

log = logging.getLogger(__name__)


class EarlyOpening:
    """One reading of the desk and its queue, started at once on a daemon thread."""

    def __init__(self, app: App, *, demo: bool, login: str | None = None) -> None:
        self.login = login or getpass.getuser()
        self.demo = demo
        self._app = app
        self._future: Future[DeskOpened] = Future()
        self._thread = threading.Thread(target=self._read, name="desk-early-opening", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            opened = open_desk_with_queue(
                self._app.store.sessions,
                self.login,
                demo=self.demo,
                config=self._config(),
                weights=weights_from_settings(self._app.settings),
            )
        except BaseException as exc:  # handed to whoever waits for the result
            self._future.set_exception(exc)
        else:
            self._future.set_result(opened)

    def _config(self) -> AccountConfig | None:
        """The account to record; a bad ``[account]`` is the window's to report, not this."""
        try:
            return account_config(self._app.settings)
        except DeskError:
            return None

    def result(self, timeout: float | None = None) -> DeskOpened:
        """The desk and its queue (waits for them); raises what the reading raised."""
        return self._future.result(timeout)
