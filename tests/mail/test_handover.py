"""The hand-over journal: one line per reply let go of, kept across a killed process."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desk.mail.handover import HandoverJournal, journal_path, process_journal, stale_journals


def test_records_survive_a_killed_writer(tmp_path: Path) -> None:
    path = tmp_path / "outbox.journal"
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from desk.mail.handover import HandoverJournal\n"
        "j = HandoverJournal(Path(sys.argv[1]))\n"
        "j.record(7, 1)\nj.record(8, 2)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, str(path)], check=False)
    assert killed.returncode == -9
    assert HandoverJournal(path).entries() == {(7, 1), (8, 2)}


def test_no_journal_is_not_an_empty_one(tmp_path: Path) -> None:
    journal = HandoverJournal(tmp_path / "not-yet-made" / "none.journal")
    assert journal.entries() is None  # nothing to go by
    journal.clear()
    assert journal.entries() == set()  # known: nothing was handed over


def test_garbage_lines_are_ignored_and_clear_starts_afresh(tmp_path: Path) -> None:
    journal = HandoverJournal(tmp_path / "j")
    journal.record(3, 1)
    journal.close()
    with (tmp_path / "j").open("a", encoding="ascii") as handle:
        handle.write("4 x\npartial")
    assert journal.entries() == {(3, 1)}
    journal.clear()
    journal.record(5, 1)
    journal.close()
    assert journal.entries() == {(5, 1)}
    assert oct(os.stat(tmp_path / "j").st_mode & 0o777) in ("0o600", "0o644")


def test_one_journal_per_database_and_account(tmp_path: Path) -> None:
    a = journal_path(tmp_path, "sqlite:///a.sqlite3", "scolarite")
    assert a == journal_path(tmp_path, "sqlite:///a.sqlite3", "scolarite")
    assert a != journal_path(tmp_path, "sqlite:///b.sqlite3", "scolarite")
    assert a != journal_path(tmp_path, "sqlite:///a.sqlite3", "examens")
    assert a.parent == tmp_path


def test_each_process_writes_its_own_journal_and_dead_ones_are_found(tmp_path: Path) -> None:
    base = journal_path(tmp_path, "postgresql://db/desk", "scolarite")
    own = process_journal(base)
    assert own.parent == base.parent and own != base and own.name.startswith(base.stem)
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from desk.mail.handover import HandoverJournal, process_journal\n"
        "path = process_journal(Path(sys.argv[1]))\n"
        "HandoverJournal(path).record(1, 1)\nprint(path)\n"
    )
    ended = subprocess.run(
        [sys.executable, "-c", code, str(base)], capture_output=True, text=True, check=True
    )
    dead = Path(ended.stdout.strip())
    assert dead != own and HandoverJournal(dead).entries() == {(1, 1)}
    HandoverJournal(own).record(2, 1)
    base.write_text("")  # the one shared file older versions wrote
    assert set(stale_journals(base)) == {dead, base}  # never a live process's own


class _FsyncLog:
    """Every ``os.fsync`` of this process, by what it synced: (inode, is a folder, content).

    A power cut cannot be simulated here; what can be checked is that the
    journal asks the kernel to put the line on the disk, and when.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, file: Path) -> None:
        self.calls: list[tuple[int, bool, bytes]] = []
        real = os.fsync

        def fsync(fd: int) -> None:
            info = os.fstat(fd)
            folder = stat.S_ISDIR(info.st_mode)
            content = file.read_bytes() if not folder and file.exists() else b""
            self.calls.append((info.st_ino, folder, content))
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)


def test_a_hand_over_line_is_synced_to_the_disk_and_a_new_files_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journals" / "outbox.journal"
    synced = _FsyncLog(monkeypatch, path)
    journal = HandoverJournal(path)
    journal.record(7, 1)
    folder, file = path.parent.stat().st_ino, path.stat().st_ino
    if os.name == "posix":  # the new file's entry in its folder, before the line counts
        assert (folder, True, b"") in synced.calls
    assert synced.calls[-1] == (file, False, b"7 1\n")  # the line itself, once written
    journal.record_accepted(7, 1)  # after the 250: not forced (lost, it is judged safely)
    journal.record(8, 1)
    assert synced.calls[-1] == (file, False, b"7 1\n7 1 accepted\n8 1\n")
    folder_syncs = [call for call in synced.calls if call[1]]
    assert len(folder_syncs) == (1 if os.name == "posix" else 0)
    journal.close()
    assert journal.read() == ({(7, 1), (8, 1)}, {(7, 1)})
    assert journal.entries() == {(7, 1), (8, 1)}
