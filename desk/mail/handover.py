"""The hand-over journal: which replies this machine let go of, written in microseconds.

The outbox must know, after a crash, whether a reply's final "." left. A
database commit just before it is a round trip (PostgreSQL: a fraction of a
millisecond) during which a crash leaves the database saying "handed over"
while nothing was: measured, a SIGKILL landed there about one time in three
in the 200-reply test. Appending one line to a local file is a single write
system call; once it returns, the line survives the process being killed
(the kernel has it). So the reply is marked ``sending`` in the database
*before* the transaction starts, and this journal records the hand-over
right before the "." goes out.

Each process writes a journal file of its own (:func:`process_journal`), so
two outboxes on one machine (the service and a window, two windows) never
clear each other's lines; the reply row names the file it was sent under,
and whichever process recovers it later reads that file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from desk.core.processes import ProcessToken, this_host, this_process, token_dead_here


def journal_path(folder: Path, database_url: str, account: str) -> Path:
    """The journal of one account's outbox on one database, in ``folder`` (the data folder)."""
    key = hashlib.sha256(f"{database_url}|{account}".encode()).hexdigest()[:16]
    return folder / f"outbox-{key}.journal"


def process_journal(base: Path) -> Path:
    """This process's own journal beside ``base`` (a :func:`journal_path`)."""
    token = this_process()
    return base.with_name(f"{base.stem}.{token.pid}-{token.nonce}{base.suffix}")


def stale_journals(base: Path) -> Iterator[Path]:
    """Journals beside ``base`` left by ended processes of this machine (and the old shared one)."""
    if base.exists():
        yield base  # written by Desk before journals were per process
    for path in base.parent.glob(f"{base.stem}.*{base.suffix}"):
        pid, _, nonce = path.name[len(base.stem) + 1 : -len(base.suffix)].partition("-")
        if pid.isdigit() and token_dead_here(ProcessToken(this_host(), int(pid), nonce)):
            yield path


class HandoverJournal:
    """Append-only lines ``<reply id> <attempt>``: the hand-overs since the journal was cleared."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def record(self, reply_id: int, attempt: int) -> None:
        """Note that ``attempt`` of reply ``reply_id`` is being handed over now."""
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(self._fd, f"{reply_id} {attempt}\n".encode())

    def entries(self) -> set[tuple[int, int]] | None:
        """Every (reply id, attempt) recorded; None when there is no journal to go by."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return None
        found: set[tuple[int, int]] = set()
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
                found.add((int(parts[0]), int(parts[1])))
        return found

    def clear(self) -> None:
        """Start afresh (nothing is in doubt any more)."""
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "w", encoding="ascii"):
            pass

    def close(self) -> None:
        """Release the file."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
