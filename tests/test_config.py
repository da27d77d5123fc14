"""Settings: defaults, the file, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.config import AppDirs, Settings, load_settings
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
