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
from collections.abc import Callable
from contextlib import suppress

from sqlalchemy import select

from desk.core.errors import DeskError, ErrorCode
from desk.mail.folder_sync import folder_locator
from desk.mail.imap import NETWORK_ERRORS, ConnectionLostError, FolderState
from desk.mail.sync import FolderReport, MailboxSync, backoff_delay
from desk.store.models import Folder

log = logging.getLogger(__name__)

IDLE_RESTART_S = 25 * 60  # RFC 2177: re-issue IDLE before the server's 30-minute timeout
IDLE_SLICE_S = 1.0  # how often a waiting watch looks at its stop flag
IDLE_SILENCE_S = 5 * 60.0  # Dovecot says "still here" every 2 minutes
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
    sync: MailboxSync, stop: threading.Event, *, poll_seconds: float, idle_seconds: float
) -> None:
    """Return when the first folder changes (IDLE), when it is time to poll, or on stop.

    IDLE watches one folder; with several, the others are looked at every
    ``poll_seconds``.
    """
    connection = sync.connection
    if not connection.has_idle:
        stop.wait(poll_seconds)
        return
    limit = idle_seconds if len(sync.config.folders) == 1 else min(idle_seconds, poll_seconds)
    state = connection.examine(sync.config.folders[0])
    if _arrived_since_the_pass(sync, state):
        return  # IDLE reports what arrives after it starts, not what came just before
    client = connection.client
    with connection.translated():
        client.idle()
        try:
            now = time.monotonic()
            deadline, heard = now + limit, now
            while not stop.is_set() and time.monotonic() < deadline:
                asked = time.monotonic()
                responses = client.idle_check(timeout=IDLE_SLICE_S)
                now = time.monotonic()
                if responses:
                    heard = now
                elif now - asked < IDLE_SLICE_S / 2:
                    # Readable but nothing to read: the server closed the connection.
                    raise ConnectionLostError("connection lost: the server closed it during IDLE")
                if now - heard > IDLE_SILENCE_S:
                    # Servers say "still here" every few minutes; a VPN that died does not.
                    raise ConnectionLostError(
                        f"connection lost: nothing heard for {IDLE_SILENCE_S:.0f} s"
                    )
                if any(len(r) > 1 and r[1] in _WAKING for r in responses):
                    return
        finally:
            with suppress(*NETWORK_ERRORS):
                client.idle_done()


def watch(
    sync: MailboxSync,
    stop: threading.Event,
    on_pass: Callable[[list[FolderReport]], None],
    *,
    poll_seconds: float = 60.0,
    idle_seconds: float = IDLE_RESTART_S,
    on_offline: Callable[[BaseException, float], None] | None = None,
) -> None:
    """Sync, wait for a change, sync again … until ``stop`` is set."""
    failures = 0
    while not stop.is_set():
        try:
            on_pass(sync.sync_once())
            failures = 0
            wait_for_change(sync, stop, poll_seconds=poll_seconds, idle_seconds=idle_seconds)
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
