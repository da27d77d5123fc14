"""Stay connected and sync when mail arrives: IDLE when the server has it, polling otherwise.

Each wake-up runs an ordinary incremental pass, so watching adds no second
way of storing mail. A drop or an unreachable server is waited out with
backoff (1, 2, 4 … 60 s) and never ends the watch; a wrong password or a
refused certificate does, since waiting will not fix them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlalchemy import select

from desk.core.errors import DeskError, ErrorCode
from desk.mail.folder_sync import folder_locator
from desk.mail.imap import NETWORK_ERRORS, FolderState
from desk.mail.sync import FolderReport, MailboxSync, backoff_delay
from desk.store.models import Folder

log = logging.getLogger(__name__)

IDLE_RESTART_S = 25 * 60  # RFC 2177: re-issue IDLE before the server's 30-minute timeout
IDLE_SLICE_S = 1.0  # how often a waiting watch looks at its stop flag
# After this long with nothing heard, IDLE is ended (DONE) and a NOOP sent: a live
# server answers both, a dead link does not. Silence alone proves nothing: Dovecot
# says "still here" every 2 minutes, Courier and Cyrus say nothing at all.
IDLE_CHECK_S = 4 * 60.0
_WAKING = frozenset({b"EXISTS", b"EXPUNGE", b"FETCH", b"VANISHED"})


def _arrived_since_the_pass(sync: MailboxSync, state: FolderState) -> bool:
    """Whether mail arrived after the last pass read the folder (its UIDNEXT moved on).

    Between a pass's fetch and the IDLE command (clustering and storing sit in
    between) a message can arrive; the server counts it in the EXAMINE before
    IDLE but never announces it during IDLE, so it would wait for the next
    message or the next restart of IDLE (25 minutes).
    """
    if state.uidnext is None:
        return False
    locator = folder_locator(sync.config.name, state.name)
    with sync.sessions() as session:
        stored = session.scalar(select(Folder.uidnext).where(Folder.locator == locator))
    return stored is not None and stored != state.uidnext


def wait_for_change(
    sync: MailboxSync,
    stop: threading.Event,
    *,
    poll_seconds: float,
    idle_seconds: float,
    check_seconds: float = IDLE_CHECK_S,
) -> None:
    """Return when the first folder changes (IDLE), when it is time to poll, or on stop.

    IDLE watches one folder; with several, the others are looked at every
    ``poll_seconds``. Every ``check_seconds`` of silence the link is checked
    (DONE, then NOOP) and IDLE issued again: a quiet server is not a dead one.
    A link is lost only when the server fails to answer those commands
    (ConnectionLostError, raised through the connection's translation).
    """
    connection = sync.connection
    if not connection.has_idle:
        stop.wait(poll_seconds)
        return
    limit = idle_seconds if len(sync.config.folders) == 1 else min(idle_seconds, poll_seconds)
    state = connection.examine(sync.config.folders[0])
    if _arrived_since_the_pass(sync, state):
        return  # IDLE reports what arrives after it starts, not what came just before
    deadline = time.monotonic() + limit
    with connection.translated():
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return  # time to re-issue IDLE (RFC 2177) after an ordinary pass
            if _idle_round(connection.client, stop, min(check_seconds, left)):
                return


def _wakes(responses: Sequence[Any]) -> bool:
    return any(len(r) > 1 and r[1] in _WAKING for r in responses)


def _idle_round(client: IMAPClient, stop: threading.Event, seconds: float) -> bool:
    """One IDLE of at most ``seconds``, then DONE and NOOP; True when the folder changed.

    Ends early when the server announces a change, when ``stop`` is set, or
    when the socket turns readable with no whole response (how a closed
    connection reads). DONE and NOOP then tell a live link from a dead one:
    a live server answers both, and a failure to answer propagates.
    """
    client.idle()
    responses: list[Any] = []  # none yet: stop may already be set
    try:
        end = time.monotonic() + seconds
        while not stop.is_set():
            asked = time.monotonic()
            if asked >= end:
                break
            wait = min(IDLE_SLICE_S, end - asked)
            responses = client.idle_check(timeout=wait)
            if _wakes(responses):
                break
            if not responses and time.monotonic() - asked < wait / 2:
                break  # readable, yet nothing whole to read: let the server answer below
    except BaseException:
        with suppress(*NETWORK_ERRORS, IMAPClientError):
            client.idle_done()
        raise
    else:
        if _wakes(responses):
            with suppress(*NETWORK_ERRORS, IMAPClientError):
                client.idle_done()  # the pass that follows reconnects if this failed
            return True
    _done, tail = client.idle_done()  # a dead link fails here ...
    if _wakes(tail) or stop.is_set():
        return _wakes(tail)
    _noop, answer = client.noop()  # ... or here, never on silence alone
    return _wakes(answer)


def watch(
    sync: MailboxSync,
    stop: threading.Event,
    on_pass: Callable[[list[FolderReport]], None],
    *,
    poll_seconds: float = 60.0,
    idle_seconds: float = IDLE_RESTART_S,
    check_seconds: float = IDLE_CHECK_S,
    on_offline: Callable[[BaseException, float], None] | None = None,
) -> None:
    """Sync, wait for a change, sync again … until ``stop`` is set.

    ``idle_seconds`` bounds one IDLE (re-issued after a pass, as RFC 2177 asks
    before 29 minutes); ``check_seconds`` is how long silence lasts before the
    link is checked with DONE and NOOP.
    """
    failures = 0
    while not stop.is_set():
        try:
            on_pass(sync.sync_once())
            failures = 0
            wait_for_change(
                sync,
                stop,
                poll_seconds=poll_seconds,
                idle_seconds=idle_seconds,
                check_seconds=check_seconds,
            )
        except DeskError as exc:
            if exc.code is not ErrorCode.SERVER_UNREACHABLE:
                raise
            failures += 1
            _wait_out(sync, stop, exc, failures, on_offline)
        except NETWORK_ERRORS as exc:
            failures += 1
            _wait_out(sync, stop, exc, failures, on_offline)


def _wait_out(
    sync: MailboxSync,
    stop: threading.Event,
    exc: BaseException,
    failures: int,
    on_offline: Callable[[BaseException, float], None] | None,
) -> None:
    sync.drop_connection()
    delay = backoff_delay(failures)
    log.warning("mailbox unreachable (%s); next try in %.0f s", exc, delay)
    if on_offline is not None:
        on_offline(exc, delay)
    stop.wait(delay)
