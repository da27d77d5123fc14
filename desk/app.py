"""The composition root: settings in, an opened store and the services out. No Qt here."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desk.cluster.clusterer import DEFAULT_THRESHOLD, check_threshold
from desk.config import CONFIG_FILE, AppDirs, Settings
from desk.core.errors import DeskError, ErrorCode
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.errors import safe_url
from desk.store.models import Account

log = logging.getLogger(__name__)
DEFAULT_DB_FILE = "desk.sqlite3"


def default_db_url(dirs: AppDirs) -> str:
    """The embedded SQLite database in the user's data folder."""
    return sqlite_url(dirs.data / DEFAULT_DB_FILE)


@dataclass
class App:
    """What the CLI and the UI drive: the settings, the folders and the store."""

    settings: Settings
    dirs: AppDirs
    store: Store
    # The file the settings came from when ``--config`` named one.
    config_file: Path | None = None

    @property
    def settings_file(self) -> Path:
        """Where the settings are read from and where the window writes them back."""
        return self.config_file or self.dirs.config / CONFIG_FILE

    def cluster_threshold(self) -> float:
        """The similarity the app groups at: ``[cluster] threshold`` or the default, checked."""
        try:
            return check_threshold(self.settings.cluster_threshold or DEFAULT_THRESHOLD)
        except ValueError as exc:
            raise DeskError(ErrorCode.CONFIG_INVALID, path="[cluster]", reason=str(exc)) from exc

    def mailbox_name(self, given: str | None = None) -> str:
        """The mailbox a command is about: ``given``, else ``[account] name``, else the one
        account in the store; a clear error when none can be told."""
        named = given or dict(self.settings.account).get("name")
        if isinstance(named, str) and named:
            return named
        with self.store.sessions() as session:
            names = list(session.scalars(select(Account.name)))
        if len(names) == 1:
            return names[0]
        raise DeskError(
            ErrorCode.ACCOUNT_INVALID,
            account="?",
            reason="name the mailbox with --account (or [account] name in the settings)",
        )

    def close(self) -> None:
        """Release the database."""
        self.store.close()


def build_app(
    settings: Settings, dirs: AppDirs | None = None, config_file: Path | None = None
) -> App:
    """Open (and migrate) the store the settings point at."""
    dirs = dirs or AppDirs.discover()
    url = settings.db_url or default_db_url(dirs)
    log.info("opening store %s", safe_url(url))
    return App(settings=settings, dirs=dirs, store=open_store(url), config_file=config_file)
