"""Settings: a frozen dataclass loaded from a TOML file in the platform's config folder.

Secrets never go here (passwords live in the OS keyring). ``DESK_HOME`` moves
every folder Desk uses (config, data, logs, cache) under one directory, for
tests and portable installs. The window's dialogs write changes back with
:func:`save_settings`, which keeps the user's comments and key order.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomlkit
from platformdirs import PlatformDirs
from tomlkit.exceptions import TOMLKitError

from desk.core.errors import DeskError, ErrorCode

APP_NAME = "desk"
CONFIG_FILE = "desk.toml"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_KIND_WORDS = {int: "a whole number", str: "text in quotes"}
DEFAULT_UNDO_SECONDS = 10.0
MAX_UNDO_SECONDS = 120


@dataclass(frozen=True)
class AppDirs:
    """Where Desk keeps its files."""

    config: Path
    data: Path
    logs: Path
    cache: Path

    @classmethod
    def discover(cls) -> AppDirs:
        """``DESK_HOME`` when set, else the platform's user folders."""
        home = os.environ.get("DESK_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs", root / "cache")
        dirs = PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            Path(dirs.user_config_dir),
            Path(dirs.user_data_dir),
            Path(dirs.user_log_dir),
            Path(dirs.user_cache_dir),
        )


@dataclass(frozen=True)
class Settings:
    """Everything a user or team lead can set.

    ``db_url``: SQLAlchemy URL of the store; None means the SQLite file in the
    data folder. ``language``: "fr", "en" or None to follow the system.
    ``deadline_hours``: the answer-time promise the queue and statistics use.
    ``queue_weights``: the other ``[queue]`` keys, (name, number) pairs in file
    order; :class:`desk.queue.priority.QueueWeights` checks the names (this
    layer sits below the queue and does not know them).
    ``cluster_threshold``: ``[cluster] threshold``, the similarity (percent) the
    app groups at; None means the clusterer's default, which ``desk cluster``
    always uses (it reads no configuration).
    ``undo_seconds``: ``[ui] undo_seconds``, how long a reply waits in the
    outbox before it goes, so the agent can take it back (0 to 120; 0 sends at once).
    """

    db_url: str | None = None
    language: str | None = None
    log_level: str = "INFO"
    deadline_hours: int = 48
    queue_weights: tuple[tuple[str, float], ...] = ()
    cluster_threshold: float | None = None
    # ``[account]`` as written, (key, value) pairs: desk.mail.account checks them
    # (this layer sits below the mail package and does not know accounts).
    account: tuple[tuple[str, object], ...] = ()
    undo_seconds: float = DEFAULT_UNDO_SECONDS

    def with_db_url(self, url: str | None) -> Settings:
        """A copy using ``url`` when given (the ``--db`` flag wins over the file)."""
        return replace(self, db_url=url) if url else self


def _section(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise DeskError(ErrorCode.CONFIG_INVALID, path=str(path), reason=f"[{name}] is not a table")
    return value


def _typed(value: Any, kind: type, key: str, path: Path) -> Any:
    wrong_type = value is not None and not isinstance(value, kind)
    if wrong_type or (isinstance(value, bool) and kind is int):
        raise DeskError(
            ErrorCode.CONFIG_INVALID, path=str(path), reason=f"{key} must be {_KIND_WORDS[kind]}"
        )
    return value


def _number(value: Any, key: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DeskError(ErrorCode.CONFIG_INVALID, path=str(path), reason=f"{key} must be a number")
    return float(value)


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file (missing file: defaults). Invalid content is a clear error."""
    path = path or default_settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DeskError(ErrorCode.CONFIG_INVALID, path=str(path), reason=str(exc)) from exc
    return _settings_from(data, path)


def default_settings_path() -> Path:
    """``desk.toml`` in the user's config folder (``DESK_HOME/config`` when that is set)."""
    return AppDirs.discover().config / CONFIG_FILE


def _settings_from(data: dict[str, Any], path: Path) -> Settings:
    """Check parsed TOML and build the settings; ``path`` only names the file in errors."""
    database = _section(data, "database", path)
    ui = _section(data, "ui", path)
    logging_ = _section(data, "logging", path)
    queue = _section(data, "queue", path)
    cluster = _section(data, "cluster", path)
    account = _section(data, "account", path)
    settings = Settings(
        db_url=_typed(database.get("url"), str, "database.url", path),
        language=_typed(ui.get("language"), str, "ui.language", path),
        log_level=_typed(logging_.get("level", "INFO"), str, "logging.level", path).upper(),
        deadline_hours=_typed(queue.get("deadline_hours", 48), int, "queue.deadline_hours", path),
        queue_weights=tuple(
            (key, _number(value, f"queue.{key}", path))
            for key, value in queue.items()
            if key != "deadline_hours"
        ),
        cluster_threshold=(
            _number(cluster["threshold"], "cluster.threshold", path)
            if "threshold" in cluster
            else None
        ),
        account=tuple(account.items()),
        undo_seconds=_number(ui.get("undo_seconds", DEFAULT_UNDO_SECONDS), "ui.undo_seconds", path),
    )
    if settings.log_level not in LOG_LEVELS:
        raise DeskError(
            ErrorCode.CONFIG_INVALID,
            path=str(path),
            reason=f"logging.level must be one of {', '.join(LOG_LEVELS)}",
        )
    if settings.language not in (None, "fr", "en"):
        raise DeskError(
            ErrorCode.CONFIG_INVALID, path=str(path), reason='ui.language: "fr" or "en"'
        )
    if not 1 <= settings.deadline_hours <= 24 * 30:
        raise DeskError(
            ErrorCode.CONFIG_INVALID, path=str(path), reason="queue.deadline_hours: 1 to 720"
        )
    if not 0 <= settings.undo_seconds <= MAX_UNDO_SECONDS:
        raise DeskError(
            ErrorCode.CONFIG_INVALID,
            path=str(path),
            reason=f"ui.undo_seconds: 0 to {MAX_UNDO_SECONDS} seconds",
        )
    return settings


def save_settings(values: Mapping[str, Mapping[str, object]], path: Path | None = None) -> None:
    """Write ``{section: {key: value}}`` into the settings file; a None value removes the key.

    The rest of the file is kept as the user wrote it (comments, order, other
    keys), via tomlkit. The result is checked like :func:`load_settings` checks
    a file before anything is written, so a bad value is refused and the file
    stays as it was. The new content goes to a temporary file beside it that
    replaces the old one in one step (``os.replace``): a crash or a full disk
    never leaves a half-written desk.toml. Missing folders and file are created.
    """
    path = path or default_settings_path()
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, TOMLKitError) as exc:
        raise DeskError(ErrorCode.CONFIG_INVALID, path=str(path), reason=str(exc)) from exc
    for name, keys in values.items():
        _update_section(document, name, keys, path)
    new_text = tomlkit.dumps(document)
    _settings_from(tomllib.loads(new_text), path)  # refuse what load_settings would refuse
    write_atomically(path, new_text)


def start_settings_file(path: Path, header: str) -> None:
    """Create the settings file with only ``header`` as comments, unless it exists already.

    The first start's choice to work alone needs no key (every default is
    right); the file's presence records that the choice was made.
    """
    if path.exists():
        return
    text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    write_atomically(path, text)


def _update_section(
    document: tomlkit.TOMLDocument, name: str, keys: Mapping[str, object], path: Path
) -> None:
    if name not in document:
        if all(value is None for value in keys.values()):
            return  # only removals in a section that is not there: nothing to do
        document.add(name, tomlkit.table())
    section = document[name]
    if not isinstance(section, dict):
        raise DeskError(ErrorCode.CONFIG_INVALID, path=str(path), reason=f"[{name}] is not a table")
    for key, value in keys.items():
        if value is None:
            section.pop(key, None)
        else:
            section[key] = list(value) if isinstance(value, tuple) else value


def write_atomically(path: Path, text: str, *, private: bool = False) -> None:
    """Replace ``path`` with ``text`` in one step; on failure the old file is untouched.

    ``private``: readable by its owner only (0600), whatever the old file's mode was.
    """
    temp: Path | None = None
    if path.is_symlink():  # a dotfiles manager links it: write where the link points
        path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temp = Path(name)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if private:
            os.chmod(temp, 0o600)
        elif path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)  # keep the user's permissions
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise DeskError(
            ErrorCode.CONFIG_INVALID,
            path=str(path),
            reason=f"it cannot be written ({exc.strerror or exc}); it was left as it was",
        ) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
