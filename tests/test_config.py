"""Settings: defaults, the file, validation."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desk.config import AppDirs, Settings, load_settings, save_settings
from desk.core.errors import DeskError, ErrorCode


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(
        '[database]\nurl = "sqlite:///x"\n[ui]\nlanguage = "en"\n'
        '[logging]\nlevel = "debug"\n[queue]\ndeadline_hours = 72\n',
        encoding="utf-8",
    )
    assert load_settings(path) == Settings("sqlite:///x", "en", "DEBUG", 72)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[database\n", "Expected"),
        ('database = "x"\n', "[database] is not a table"),
        ("[queue]\ndeadline_hours = true\n", "queue.deadline_hours must be a whole number"),
        ("[queue]\ndeadline_hours = 0\n", "1 to 720"),
        ('[ui]\nlanguage = "de"\n', "ui.language"),
        ('[logging]\nlevel = "loud"\n', "logging.level must be one of"),
        ("[database]\nurl = 5\n", "database.url must be text in quotes"),
        ('[cluster]\nthreshold = "high"\n', "cluster.threshold must be a number"),
        ("cluster = 85\n", "[cluster] is not a table"),
    ],
)
def test_invalid_files_are_clear_errors(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        load_settings(path)
    assert caught.value.code is ErrorCode.CONFIG_INVALID
    assert reason in caught.value.describe()
    assert str(path) in caught.value.describe()


def test_cluster_threshold_is_read(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text("[cluster]\nthreshold = 90\n", encoding="utf-8")
    assert load_settings(path).cluster_threshold == 90.0
    path.write_text("[cluster]\n", encoding="utf-8")
    assert load_settings(path).cluster_threshold is None


def test_flag_wins_over_file() -> None:
    assert Settings(db_url="sqlite:///a").with_db_url("sqlite:///b").db_url == "sqlite:///b"
    assert Settings(db_url="sqlite:///a").with_db_url(None).db_url == "sqlite:///a"


def test_desk_home_moves_every_folder(desk_home: Path) -> None:
    dirs = AppDirs.discover()
    assert {dirs.config, dirs.data, dirs.logs, dirs.cache} == {
        desk_home / "config",
        desk_home / "data",
        desk_home / "logs",
        desk_home / "cache",
    }


def test_undo_seconds_is_read(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    assert load_settings(path).undo_seconds == 10.0
    path.write_text("[ui]\nundo_seconds = 0\n", encoding="utf-8")
    assert load_settings(path).undo_seconds == 0.0
    path.write_text("[ui]\nundo_seconds = 37.5\n", encoding="utf-8")
    assert load_settings(path).undo_seconds == 37.5


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[ui]\nundo_seconds = 121\n", "ui.undo_seconds: 0 to 120"),
        ("[ui]\nundo_seconds = -1\n", "ui.undo_seconds: 0 to 120"),
        ('[ui]\nundo_seconds = "ten"\n', "ui.undo_seconds must be a number"),
        ("[ui]\nundo_seconds = true\n", "ui.undo_seconds must be a number"),
    ],
)
def test_bad_undo_seconds_are_refused(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        load_settings(path)
    assert caught.value.code is ErrorCode.CONFIG_INVALID
    assert reason in caught.value.describe()


COMMENTED = """\
# Desk settings for the scolarité team
[ui]
language = "fr"          # the agents are French

[queue]
# the promise made on the web site
deadline_hours = 48
size_weight = 25

[account]
name = "scolarite"
imap_host = "imap.example-edu.fr"   # TLS by default
"""


def test_save_keeps_comments_order_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    save_settings(
        {"ui": {"undo_seconds": 20}, "queue": {"deadline_hours": 72}, "cluster": {"threshold": 90}},
        path,
    )
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# Desk settings for the scolarité team",
        'language = "fr"          # the agents are French',
        "# the promise made on the web site",
        'imap_host = "imap.example-edu.fr"   # TLS by default',
    ):
        assert kept in text
    assert text.index("[ui]") < text.index("[queue]") < text.index("[account]")
    assert text.index("deadline_hours") < text.index("size_weight")
    settings = load_settings(path)
    assert (settings.language, settings.undo_seconds) == ("fr", 20.0)
    assert (settings.deadline_hours, settings.cluster_threshold) == (72, 90.0)
    assert settings.queue_weights == (("size_weight", 25.0),)
    assert dict(settings.account) == {"name": "scolarite", "imap_host": "imap.example-edu.fr"}


def test_none_removes_a_key(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    save_settings({"ui": {"language": None}, "database": {"url": None}}, path)
    text = path.read_text(encoding="utf-8")
    assert "language" not in text and "[database]" not in text
    assert "# the promise made on the web site" in text
    assert load_settings(path).language is None


def test_save_creates_the_file_and_its_folders(desk_home: Path) -> None:
    save_settings({"account": {"folders": ("INBOX", "Archives"), "imap_port": 993}})
    path = desk_home / "config" / "desk.toml"
    assert dict(load_settings(path).account) == {"folders": ["INBOX", "Archives"], "imap_port": 993}


def test_a_refused_value_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        save_settings({"ui": {"undo_seconds": 500}, "queue": {"deadline_hours": 24}}, path)
    assert "ui.undo_seconds: 0 to 120" in caught.value.describe()
    assert path.read_text(encoding="utf-8") == COMMENTED
    assert [p.name for p in tmp_path.iterdir()] == ["desk.toml"]


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(COMMENTED, encoding="utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # The disk fills up after the new text went to the temporary file, before it is on disk.
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DeskError) as caught:
        save_settings({"ui": {"undo_seconds": 30}}, path)
    assert caught.value.code is ErrorCode.CONFIG_INVALID
    assert "cannot be written" in caught.value.describe()
    assert path.read_text(encoding="utf-8") == COMMENTED
    assert [p.name for p in tmp_path.iterdir()] == ["desk.toml"]


def test_a_broken_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text("[ui\nlanguage = 'fr'\n", encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        save_settings({"ui": {"undo_seconds": 5}}, path)
    assert caught.value.code is ErrorCode.CONFIG_INVALID
    assert path.read_text(encoding="utf-8") == "[ui\nlanguage = 'fr'\n"


def test_a_linked_settings_file_stays_linked(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "desk.toml"
    target.parent.mkdir()
    target.write_text(COMMENTED, encoding="utf-8")
    link = tmp_path / "desk.toml"
    link.symlink_to(target)
    save_settings({"ui": {"undo_seconds": 15}}, link)
    assert link.is_symlink()
    assert load_settings(target).undo_seconds == 15.0
