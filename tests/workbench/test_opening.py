"""Opening the desk, headless: the agent, their rights, default templates, the account row.

``open_desk`` returns what the window applies on the GUI thread; the window's
old worker wrote ``_demo_anchor`` and ``_can_release`` on the window from the
worker thread instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from desk.config import Settings
from desk.core.errors import DeskError
from desk.mail.account import AccountConfig
from desk.replies.templates import list_templates
from desk.store.database import Store
from desk.store.models import Message, Template
from desk.workbench.opening import account_config, open_desk, reread_settings, save_account_row

ACCOUNT = {
    "name": "scolarite",
    "address": "contact@example-edu.fr",
    "imap_host": "127.0.0.1",
    "imap_port": 1143,
    "imap_security": "none",
    "imap_user": "contact",
    "smtp_host": "127.0.0.1",
    "smtp_port": 1025,
    "smtp_security": "none",
}


def test_the_demo_desk_opens_on_its_last_message_with_templates(demo_store: Store) -> None:
    with demo_store.sessions.begin() as session:
        session.execute(delete(Template))
    opened = open_desk(demo_store.sessions, "ana", demo=True, config=None)
    with demo_store.sessions() as session:
        last = session.scalar(select(func.max(Message.date)))
        templates = list_templates(session)
    assert opened.agent.login == "ana" and opened.account_id is None
    assert opened.last_message_at == last
    assert opened.can_release, "one agent alone on SQLite may give claims back"
    assert templates, "the default templates are installed for a desk without any"
    assert opened.counts.waiting == 0
    again = open_desk(demo_store.sessions, "ana", demo=False, config=None)
    assert again.agent == opened.agent and again.last_message_at is None


def test_the_account_row_is_saved_once_by_name(demo_store: Store) -> None:
    config = account_config(Settings(account=tuple(ACCOUNT.items())))
    assert isinstance(config, AccountConfig)
    opened = open_desk(demo_store.sessions, "ana", demo=False, config=config)
    assert opened.account_id is not None
    assert save_account_row(demo_store.sessions, config) == opened.account_id
    assert account_config(Settings()) is None
    with pytest.raises(DeskError):
        account_config(Settings(account=(("name", "broken"),)))


def test_the_settings_are_read_again_on_the_same_database(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text("[ui]\nundo_seconds = 12\n", encoding="utf-8")
    settings = reread_settings(path, "sqlite:///elsewhere.sqlite3")
    assert settings.undo_seconds == 12 and settings.db_url == "sqlite:///elsewhere.sqlite3"
