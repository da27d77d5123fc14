"""The ``desk`` command: ingest, db, demo, and the errors a user sees."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desk.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, run
from desk.store.engine import sqlite_url
from tests.support.mail import simple_message, write_maildir


def test_ingest_then_reingest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_maildir(tmp_path / "Maildir", [simple_message(i) for i in range(5)])
    db = sqlite_url(tmp_path / "d.sqlite3")
    assert run(["--db", db, "ingest", str(root)]) == EXIT_OK
    assert "5 messages in source, 5 added, 0 already in the store" in capsys.readouterr().out
    assert run(["--db", db, "ingest", str(root)]) == EXIT_OK
    assert "5 messages in source, 0 added, 5 already in the store" in capsys.readouterr().out


def test_ingest_of_a_missing_path_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["ingest", str(tmp_path / "nope")]) == EXIT_ERROR
    assert "No mailbox found at" in capsys.readouterr().err


def test_unreadable_files_give_a_partial_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_maildir(tmp_path / "Maildir", [simple_message(1)])
    (root / "cur" / "9.x:2,S").symlink_to(tmp_path / "missing")
    assert run(["ingest", str(root)]) == EXIT_PARTIAL
    err = capsys.readouterr().err
    assert "could not read cur/9.x:2,S" in err
    assert "run again once they are readable" in err


def test_default_database_lives_in_the_data_folder(desk_home: Path) -> None:
    assert run(["db", "upgrade"]) == EXIT_OK
    assert (desk_home / "data" / "desk.sqlite3").exists()
    assert (desk_home / "logs" / "desk.log").exists()


def test_db_status_and_upgrade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = sqlite_url(tmp_path / "d.sqlite3")
    assert run(["--db", db, "db", "upgrade"]) == EXIT_OK
    assert "Database at revision" in capsys.readouterr().out
    assert run(["--db", db, "db", "status"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "(up to date)" in out
    assert "Store: 0 messages" in out


def test_newer_database_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = sqlite_url(tmp_path / "d.sqlite3")
    assert run(["--db", db, "db", "upgrade"]) == EXIT_OK
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'abcdef999999'"))
    engine.dispose()
    assert run(["--db", db, "db", "status"]) == EXIT_ERROR
    assert "created by a newer version of Desk" in capsys.readouterr().err


def test_config_file_selects_the_database(tmp_path: Path, desk_home: Path) -> None:
    target = tmp_path / "from-config.sqlite3"
    config = desk_home / "config" / "desk.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[database]\nurl = "{sqlite_url(target)}"\n', encoding="utf-8")
    assert run(["db", "upgrade"]) == EXIT_OK
    assert target.exists()


def test_invalid_config_is_a_clear_error(
    desk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = desk_home / "config" / "desk.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[database\nurl = 3\n", encoding="utf-8")
    assert run(["db", "status"]) == EXIT_ERROR
    assert "settings file" in capsys.readouterr().err


def test_demo_generates_once_ingests_and_summarises(
    desk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["demo", "--size", "120", "--seed", "5", "--no-window"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Generating the demo mailbox (120 messages)" in out
    assert "120 added" in out
    assert "Store: 120 messages" in out
    assert re.search(r"Clusters: \d+ \(\d+ new auto-replies, bounces or spam", out)
    assert "score" in out and "deadline:" in out  # the head of the queue, explained
    assert run(["demo", "--size", "120", "--seed", "5", "--no-window"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Generating" not in out
    assert "0 added, 120 already in the store" in out
    assert "(0 new auto-replies" in out  # clustering resumes from stored features


def test_demo_with_an_out_of_range_threshold_is_a_clear_error(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "desk.toml"
    config.write_text("[cluster]\nthreshold = 30\n", encoding="utf-8")
    assert run(["--config", str(config), "demo", "--size", "100", "--no-window"]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "between 60 and 100" in captured.err
    assert "Generating" not in captured.out  # refused before any work


def test_demo_with_bad_queue_weights_is_a_clear_error(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "desk.toml"
    config.write_text("[queue]\nsize_weight = -3\n", encoding="utf-8")
    assert run(["--config", str(config), "demo", "--size", "100", "--no-window"]) == EXIT_ERROR
    assert "size_weight" in capsys.readouterr().err


def test_demo_size_out_of_range_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run(["demo", "--size", "50"])
    assert caught.value.code == 2
    assert "100 to 200000" in capsys.readouterr().err


def test_console_entry_point_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desk", "--db", sqlite_url(tmp_path / "x.sqlite3"), "db", "status"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_demo_opens_the_window_on_the_demo_mailbox(desk_home: Path) -> None:
    """``desk demo`` ends in the agent's window; its self-test waits for the queue and quits."""
    env = {**os.environ, "DESK_HOME": str(desk_home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "desk", "demo", "--size", "120", "--seed", "5", "--selftest"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Clusters:" in done.stdout


def test_version_is_pyprojects(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    with (Path(__file__).resolve().parents[1] / "pyproject.toml").open("rb") as project:
        version = tomllib.load(project)["project"]["version"]
    with pytest.raises(SystemExit) as exited:
        run(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"desk {version}"
