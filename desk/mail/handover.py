"""The hand-over journal: which replies this machine let go of, on the disk before the ".".

The outbox must know, after a crash, whether a reply's final "." left. A
database commit just before it is a round trip (PostgreSQL: a fraction of a
millisecond) during which a crash leaves the database saying "handed over"
while nothing was: measured, a SIGKILL landed there about one time in three
in the 200-reply test. Appending one line to a local file is a single write
system call; once it returns, the line survives the process being killed
(the kernel has it). So the reply is marked ``sending`` in the database
*before* the transaction starts, and this journal records the hand-over
right before the "." goes out.

A killed process is not a power cut: lines the kernel holds but has not
written to the disk are lost with the power. So the hand-over line is made
durable (``os.fsync`` of the file, and of its folder the first time the file
is opened, where the folder's entry must survive too) before :meth:`record`
returns, that is before the "." leaves. After the server's 250 a second line,
``<reply id> <attempt> accepted``, says the server took it: the recovery then
knows it left without asking the Sent folder. That one is not forced to the
disk: lost with the power, the reply is judged as handed over, never assumed.

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


ACCEPTED = "accepted"


def _sync_folder(folder: Path) -> None:
    """Make a new file's entry in ``folder`` durable (POSIX); on Windows the file's own
    flush is all there is: a folder cannot be opened for ``fsync`` there, and NTFS keeps
    its metadata in its own journal."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class HandoverJournal:
    """Append-only lines ``<reply id> <attempt>``: the hand-overs since the journal was cleared.

    A hand-over line is on the disk when :meth:`record` returns (see the module).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            # The file may be new (or made by clear(), whose entry nothing forced out):
            # its entry in the folder must reach the disk before a line in it counts.
            _sync_folder(self.path.parent)
        return self._fd

    def record(self, reply_id: int, attempt: int) -> None:
        """Note, durably, that ``attempt`` of reply ``reply_id`` is being handed over now."""
        fd = self._open()
        os.write(fd, f"{reply_id} {attempt}\n".encode())
        os.fsync(fd)  # on the disk before the "." goes: a power cut cannot undo it

    def record_accepted(self, reply_id: int, attempt: int) -> None:
        """Note that the server answered 250 to ``attempt`` of ``reply_id`` (not forced out:
        lost with the power, the reply is judged as handed over, which is safe)."""
        os.write(self._open(), f"{reply_id} {attempt} {ACCEPTED}\n".encode())

    def entries(self) -> set[tuple[int, int]] | None:
        """Every (reply id, attempt) handed over; None when there is no journal to go by."""
        found = self.read()
        return None if found is None else found[0]

    def read(self) -> tuple[set[tuple[int, int]], set[tuple[int, int]]] | None:
        """(handed over, accepted by the server): each a set of (reply id, attempt); None
        when there is no journal to go by."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return None
        handed: set[tuple[int, int]] = set()
        accepted: set[tuple[int, int]] = set()
        for line in text.splitlines():
            parts = line.split()
            if len(parts) in (2, 3) and parts[0].isdigit() and parts[1].isdigit():
                if len(parts) == 2:
                    handed.add((int(parts[0]), int(parts[1])))
                elif parts[2] == ACCEPTED:
                    accepted.add((int(parts[0]), int(parts[1])))
        return handed, accepted

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
