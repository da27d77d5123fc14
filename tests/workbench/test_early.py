"""The desk and its queue read on a thread before the window's code loads (``desk gui``).

What the early reading gives the window must be what the window would have
loaded itself; what it raises, the window must get to report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from desk.app import App
from desk.config import AppDirs, Settings
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.models import Message
from desk.workbench.early import EarlyOpening
from desk.workbench.worklist import weights_from_settings
from desk.workbench.worklist_tasks import load_worklists

WAIT_S = 60  # a safety net against a hang: result() returns when the reading ends


def _app(store: Store, settings: Settings | None = None) -> App:
    return App(settings=settings or Settings(), dirs=AppDirs.discover(), store=store)


def test_the_early_reading_gives_the_queue_the_window_would_load(demo_store: Store) -> None:
    app = _app(demo_store)
    opened = EarlyOpening(app, demo=True, login="ana").result(WAIT_S)
    with demo_store.sessions() as session:
        last = session.scalar(select(func.max(Message.date)))
    assert opened.agent.login == "ana" and opened.last_message_at == last
    assert opened.worklists is not None
    assert opened.worklists.now == last, "the demo's queue is seen as at its last message"
    assert opened.worklists.senders == [], "the sender list follows, as after any load"
    assert last is not None
    own = load_worklists(
        demo_store.sessions,
        last,
        opened.agent.id,
        weights_from_settings(app.settings),
        with_senders=False,
    )
    assert [r.key for r in opened.worklists.queue] == [r.key for r in own.queue]
    assert opened.worklists.queue == own.queue


def test_outside_the_demo_the_queue_is_seen_as_now(demo_store: Store) -> None:
    opened = EarlyOpening(_app(demo_store), demo=False, login="ana").result(WAIT_S)
    assert opened.last_message_at is None and opened.worklists is not None
    with demo_store.sessions() as session:
        last = session.scalar(select(func.max(Message.date)))
    assert last is not None and opened.worklists.now > last


def test_a_failed_reading_is_raised_to_whoever_waits_for_it(tmp_path: Path) -> None:
    store = open_store(sqlite_url(tmp_path / "desk.sqlite3"))
    try:
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE cluster_member"))  # the queue's query cannot run
        early = EarlyOpening(_app(store), demo=False, login="ana")
        with pytest.raises(OperationalError, match="cluster_member"):
            early.result(WAIT_S)
    finally:
        store.close()


def test_a_bad_account_is_left_to_the_window_and_the_desk_still_opens(demo_store: Store) -> None:
    settings = Settings(account=(("name", "scolarite"), ("imap_port", "not a port")))
    opened = EarlyOpening(_app(demo_store, settings), demo=True, login="ana").result(WAIT_S)
    assert opened.account_id is None and opened.worklists is not None
