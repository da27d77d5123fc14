"""Logs go to a rotating file in the log folder; only problems reach the terminal."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from desk.logs import setup_logging


def test_rotating_file_and_quiet_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup_logging(tmp_path / "logs", "INFO")
    log = logging.getLogger("desk.test")
    log.info("ingest started")
    log.warning("disk almost full")
    for handler in logging.getLogger("desk").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "ingest started" in text
    assert "disk almost full" in text
    err = capsys.readouterr().err
    assert "disk almost full" in err
    assert "ingest started" not in err
    rotating = [h for h in logging.getLogger("desk").handlers if isinstance(h, RotatingFileHandler)]
    assert len(rotating) == 1
    assert rotating[0].maxBytes > 0
    assert rotating[0].backupCount > 0


def test_calling_twice_does_not_duplicate_lines(tmp_path: Path) -> None:
    setup_logging(tmp_path, "INFO")
    path = setup_logging(tmp_path, "INFO")
    logging.getLogger("desk.x").info("once")
    for handler in logging.getLogger("desk").handlers:
        handler.flush()
    assert path.read_text(encoding="utf-8").count("once") == 1


def test_the_file_rotates(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, "DEBUG")
    handler = next(
        h for h in logging.getLogger("desk").handlers if isinstance(h, RotatingFileHandler)
    )
    handler.maxBytes = 2000
    for i in range(200):
        logging.getLogger("desk.x").debug("line %d %s", i, "x" * 40)
    handler.flush()
    assert (tmp_path / f"{path.name}.1").exists()
