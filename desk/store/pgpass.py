"""The team database's password where libpq looks for it: the user's password file.

A team member's ``desk.toml`` names the database and their login, never a
password (docs/team.md). libpq reads the password from ``PGPASSFILE``, else
``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf`` on Windows), at every
connection, which covers Desk's reconnections on a shaky VPN and the
command line alike, with no Desk code on the connecting path. The first-start
set-up writes the line there. On POSIX the file must be readable by its owner
only, or libpq ignores it: it is written with mode 0600.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from desk.config import write_atomically
from desk.core.errors import DeskError, ErrorCode

ENV_VAR = "PGPASSFILE"


def pgpass_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where libpq reads passwords for this user (what it would read, not a Desk choice)."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR])
    if sys.platform == "win32":
        return Path(environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escaped(field: str) -> str:
    """A field as the file writes it: ``\\`` and ``:`` escaped with a backslash."""
    return field.replace("\\", "\\\\").replace(":", "\\:")


def _fields(line: str) -> list[str]:
    """A line's fields with their escapes undone (what libpq compares)."""
    fields, current, escaped = [], [], False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def pgpass_line(host: str, port: int, database: str, login: str, password: str) -> str:
    """One line of the password file for exactly this server, database and login."""
    return ":".join(_escaped(part) for part in (host, str(port), database, login, password))


def save_pgpass(
    host: str, port: int, database: str, login: str, password: str, path: Path | None = None
) -> Path:
    """Put the password for this login on that database in the password file; its path.

    A line for the same host, port, database and login is replaced; every
    other line (comments and wildcards included) is kept as it was. libpq
    takes the first line that matches, so the new line goes first. The file is
    replaced in one step: a crash leaves the old file or the new one.
    """
    path = path or pgpass_path()
    key = [host, str(port), database, login]
    try:
        old = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    except (OSError, UnicodeDecodeError) as exc:
        raise DeskError(
            ErrorCode.CONFIG_INVALID, path=str(path), reason=f"it cannot be read ({exc})"
        ) from exc
    kept = [line for line in old if line.startswith("#") or _fields(line)[:4] != key or not line]
    text = "\n".join([pgpass_line(host, port, database, login, password), *kept]) + "\n"
    write_atomically(path, text, private=True)
    return path
