"""The locks under claims and answers: the database's clock, locked reads, SQLite's one writer."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy.exc import OperationalError

from desk.core.clock import utc_now
from desk.queue.claims import claim_messages
from desk.queue.locks import database_now, hold_writer, lock_messages
from desk.store.database import Store, open_store
from desk.store.models import MessageStatus
from tests.support.team import NOW, add_agents, add_messages


def test_the_database_clock_is_aware_utc(store: Store) -> None:
    with store.sessions() as session:
        now = database_now(session)
    # The test server runs on this machine: its clock is ours, give or take.
    assert now.tzinfo is UTC and abs(now - utc_now()) < timedelta(minutes=1)


def test_locked_messages_are_read_back_and_missing_ones_left_out(store: Store) -> None:
    senders = ["ana@example.org", "ben@example.org"]
    with store.sessions.begin() as session:
        ids = add_messages(session, 2, senders=senders, status=MessageStatus.CLOSED)
        assert lock_messages(session, [ids[1], ids[0], 99_999, ids[0]]) == {
            ids[0]: (MessageStatus.CLOSED, senders[0], senders[0]),
            ids[1]: (MessageStatus.CLOSED, senders[1], senders[1]),
        }


@pytest.mark.parametrize("backend", ["sqlite"])
def test_on_sqlite_holding_the_writer_keeps_every_other_writer_out(
    store: Store, db_url: str
) -> None:
    with store.sessions.begin() as session:
        [agent] = add_agents(session, "Amina")
        ids = add_messages(session, 1)
    other = open_store(db_url, migrate=False, busy_timeout_s=0.05)
    try:
        with store.sessions.begin() as holding:
            hold_writer(holding)
            with other.sessions.begin() as session, pytest.raises(OperationalError, match="locked"):
                claim_messages(session, agent, ids, NOW)
        with other.sessions.begin() as session:  # released at commit
            assert claim_messages(session, agent, ids, NOW).claimed == set(ids)
    finally:
        other.close()
