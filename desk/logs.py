"""Logging to a rotating file in the user's log folder, and warnings to the terminal."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "desk.log"


def setup_logging(log_dir: Path, level: str = "INFO", *, verbose: bool = False) -> Path:
    """Send Desk's logs to ``log_dir/desk.log`` (5 files of 2 MB) and problems to stderr.

    Returns the log file's path so the CLI can point the user at it.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger("desk")
    root.setLevel(logging.DEBUG if verbose else level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    file_handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s")
    )
    root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("desk: %(levelname)s: %(message)s"))
    root.addHandler(console)
    root.propagate = False
    return path
