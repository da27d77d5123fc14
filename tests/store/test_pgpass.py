"""The team database's password in libpq's password file: where, how written, what is kept."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.store.pgpass import pgpass_line, pgpass_path, save_pgpass


def test_the_path_is_pgpassfile_when_set_else_libpqs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pgpass_path({"PGPASSFILE": str(tmp_path / "x")}) == tmp_path / "x"
    assert pgpass_path({}) == Path.home() / ".pgpass"
    monkeypatch.setattr(sys, "platform", "win32")
    roaming = tmp_path / "Roaming"
    assert pgpass_path({"APPDATA": str(roaming)}) == roaming / "postgresql" / "pgpass.conf"


def test_colons_and_backslashes_are_escaped_as_libpq_reads_them() -> None:
    line = pgpass_line("db.example.fr", 5432, "desk", "amina", r"a:b\c")
    assert line == r"db.example.fr:5432:desk:amina:a\:b\\c"


def test_a_new_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = save_pgpass("db", 5432, "desk", "amina", "secret", tmp_path / "sub" / "pgpass")
    assert path.read_text(encoding="utf-8") == "db:5432:desk:amina:secret\n"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_same_login_is_replaced_and_every_other_line_kept(tmp_path: Path) -> None:
    path = tmp_path / "pgpass"
    path.write_text(
        "# my own notes\n"
        "*:*:*:postgres:admin\n"
        "db:5432:desk:amina:old\n"
        "db:5432:other:amina:elsewhere\n"
        r"db:5432:desk:amina\:x:not-her" + "\n",
        encoding="utf-8",
    )
    save_pgpass("db", 5432, "desk", "amina", "new", path)
    assert path.read_text(encoding="utf-8").splitlines() == [
        "db:5432:desk:amina:new",  # first: libpq takes the first line that matches
        "# my own notes",
        "*:*:*:postgres:admin",
        "db:5432:other:amina:elsewhere",
        r"db:5432:desk:amina\:x:not-her",
    ]


def test_an_unreadable_file_is_a_clear_error_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "pgpass"
    path.write_bytes(b"\xff\xfe not text")
    with pytest.raises(DeskError) as caught:
        save_pgpass("db", 5432, "desk", "amina", "new", path)
    assert caught.value.code is ErrorCode.CONFIG_INVALID
    assert path.read_bytes() == b"\xff\xfe not text"


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        save_pgpass("db", 5432, "desk", "amina", "new", blocker / "pgpass")
    assert "cannot be written" in caught.value.describe()
