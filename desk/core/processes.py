"""Whether a process of this machine still runs: how an outbox tells a dead sender's lease.

A reply being sent is leased to one outbox process. When that process is known
to be gone, nothing of it can still be on the wire, so its replies may be
recovered at once rather than when the lease runs out. "Known" matters: a
process we cannot see (another machine, no permission) counts as alive.
"""

from __future__ import annotations

import ctypes
import os
import socket
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProcessToken:
    """One running process, as other processes (and other machines) see it."""

    host: str
    pid: int
    nonce: str

    def __str__(self) -> str:
        return f"{self.host}|{self.pid}|{self.nonce}"

    @classmethod
    def parse(cls, text: str | None) -> ProcessToken | None:
        """The token written by :meth:`__str__`, or None for anything else."""
        parts = (text or "").rsplit("|", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        return cls(parts[0], int(parts[1]), parts[2])


def this_host() -> str:
    """This machine's name, as tokens and hand-over journals record it."""
    return socket.gethostname()


_TOKEN = ProcessToken(this_host(), os.getpid(), uuid.uuid4().hex[:12])


def this_process() -> ProcessToken:
    """The token of the running process (a forked child gets its own)."""
    global _TOKEN  # noqa: PLW0603 - refreshed once after a fork
    if _TOKEN.pid != os.getpid():
        _TOKEN = ProcessToken(this_host(), os.getpid(), uuid.uuid4().hex[:12])
    return _TOKEN


def pid_alive(pid: int) -> bool:
    """True unless the process is known to have ended (unknown counts as alive)."""
    if pid <= 0:
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows
    synchronize, wait_timeout = 0x00100000, 0x00000102
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return False
    try:
        return bool(kernel32.WaitForSingleObject(handle, 0) == wait_timeout)
    finally:
        kernel32.CloseHandle(handle)


def token_dead_here(token: ProcessToken | None) -> bool:
    """True when the token names a process of this machine that has ended."""
    if token is None or token.host != this_host():
        return False
    if token.pid == os.getpid():
        return token != this_process()  # an earlier process that had our pid
    return not pid_alive(token.pid)
