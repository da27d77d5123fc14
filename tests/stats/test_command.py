"""``desk stats export``: files written, and clear errors (exit 2) for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk.cli import EXIT_ERROR, EXIT_OK, run
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from tests.stats.conftest import build_world


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    store = open_store(url)
    try:
        build_world(store)
    finally:
        store.close()
    return url


def export(db: str, *args: str) -> int:
    return run(["--db", db, "stats", "export", "--tz", "UTC", *args])


def test_csv_of_the_days_with_semicolons(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "jours.csv"
    code = export(
        db,
        "--from",
        "2020-03-16",
        "--to",
        "2020-03-17",
        "--format",
        "csv",
        "--out",
        str(out),
        "--delimiter",
        ";",
        "--language",
        "fr",
    )
    assert code == EXIT_OK
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        "Jour;Messages reçus;Messages répondus;Stock en fin de journée",
        "2020-03-16;4;3;2",
        "2020-03-17;2;0;4",
    ]
    assert "2 rows" in capsys.readouterr().out


def test_per_message_xlsx_and_docx(db: str, tmp_path: Path) -> None:
    rows = tmp_path / "rows.xlsx"
    assert (
        export(
            db,
            "--from",
            "2020-03-16",
            "--to",
            "2020-03-17",
            "--format",
            "xlsx",
            "--out",
            str(rows),
            "--per-message",
        )
        == EXIT_OK
    )
    assert load_workbook(rows).worksheets[0].max_row == 7  # header + 6 messages
    report = tmp_path / "report.docx"
    assert (
        export(
            db,
            "--from",
            "2020-03-16",
            "--to",
            "2020-03-17",
            "--format",
            "docx",
            "--out",
            str(report),
        )
        == EXIT_OK
    )
    assert report.stat().st_size > 10_000
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("16/03/2020", "2020-03-17", "'16/03/2020' is not a date; write it as YYYY-MM-DD"),
        ("2020-03-17", "2020-03-16", "The period ends (2020-03-16) before it starts (2020-03-17)"),
    ],
)
def test_bad_dates_are_a_clear_error(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str, last: str, message: str
) -> None:
    out = tmp_path / "x.csv"
    assert (
        export(db, "--from", first, "--to", last, "--format", "csv", "--out", str(out))
        == EXIT_ERROR
    )
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_bad_format_is_refused(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        export(
            db,
            "--from",
            "2020-03-16",
            "--to",
            "2020-03-17",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x"),
        )
    assert caught.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_per_message_rows_do_not_go_to_word(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = export(
        db,
        "--from",
        "2020-03-16",
        "--to",
        "2020-03-17",
        "--format",
        "docx",
        "--out",
        str(tmp_path / "x.docx"),
        "--per-message",
    )
    assert code == EXIT_ERROR
    assert "use --format csv or xlsx" in capsys.readouterr().err


def test_an_unwritable_output_is_a_clear_error(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-folder" / "x.csv"
    code = export(
        db, "--from", "2020-03-16", "--to", "2020-03-17", "--format", "csv", "--out", str(out)
    )
    assert code == EXIT_ERROR
    assert f"Cannot write {out}: no such folder" in capsys.readouterr().err
    directory = tmp_path / "a-directory.csv"
    directory.mkdir()
    code = export(
        db, "--from", "2020-03-16", "--to", "2020-03-17", "--format", "csv", "--out", str(directory)
    )
    assert code == EXIT_ERROR
    assert f"Cannot write {directory}" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.part"))
