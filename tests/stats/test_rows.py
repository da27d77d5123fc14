"""Per-message rows of the hand-built world, worked out by hand, on both backends."""

from __future__ import annotations

import threading
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.stats import rows as rows_module
from desk.stats.period import Period
from desk.stats.rows import per_message_rows
from desk.stats.sql import alongside
from desk.store.database import Store
from desk.store.models import Message
from tests.stats.conftest import AS_OF, World, at

PERIOD = Period(date(2020, 3, 16), date(2020, 3, 17), ZoneInfo("UTC"))


def test_one_row_per_request_received_in_the_period(store: Store, world: World) -> None:
    with store.sessions() as session:
        rows = list(per_message_rows(session, PERIOD, as_of=AS_OF))
    name = {v: k for k, v in world.messages.items()}
    # Oldest first; m7 (auto-reply) and m1, m9 (received before) are not listed.
    assert [name[r.message_id] for r in rows] == ["m2", "m3", "m8", "m4", "m5", "m6"]
    by_name = {name[r.message_id]: r for r in rows}
    m2 = by_name["m2"]
    assert m2.received_at == at(16, 8)
    assert m2.first_answer_at == at(16, 10)
    assert m2.response_s == pytest.approx(7200)
    assert m2.within_deadline is True
    assert (m2.agent, m2.template, m2.category) == ("Amina Diallo", "Mot de passe", "exam")
    assert m2.cluster_id == world.clusters["c1"]
    # Open 5 min + send 2 min, each shared between m2 and m3.
    assert m2.handling_ms == 210_000
    assert m2.recontacts == 1  # m6, from the same sender 37 h after the answer
    m4 = by_name["m4"]
    assert (m4.agent, m4.template, m4.category) == ("Bruno Petit", "Examens", None)
    assert m4.within_deadline is False  # 49 h
    assert m4.handling_ms == 120_000  # read 1 min + send 1 min (on the 18th: still its time)
    assert m4.recontacts == 0
    assert by_name["m5"].within_deadline is False  # unanswered, due the 19th at 09:00
    assert by_name["m6"].within_deadline is None  # unanswered, still inside its 48 h
    assert by_name["m8"].within_deadline is None  # closed: nothing owed
    assert by_name["m5"].first_answer_at is None
    assert by_name["m5"].agent is None  # its failed reply is no answer
    assert by_name["m5"].handling_ms == 0


def test_no_rows_for_a_period_without_messages(store: Store, world: World) -> None:
    empty = Period(date(2021, 1, 1), date(2021, 1, 31), ZoneInfo("UTC"))
    with store.sessions() as session:
        assert list(per_message_rows(session, empty, as_of=AS_OF)) == []


def _readers() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("desk-stats")]


def test_rows_left_early_stop_their_reader_and_leave_the_session_usable(
    store: Store, world: World
) -> None:
    with store.sessions() as session:
        rows = per_message_rows(session, PERIOD, as_of=AS_OF)
        assert next(rows).message_id == world.messages["m2"]
        rows.close()
        assert _readers() == []
        assert session.scalar(select(func.count()).select_from(Message)) == len(world.messages)
        # The temporary tables are gone: the same rows can be read again on this session.
        assert len(list(per_message_rows(session, PERIOD, as_of=AS_OF))) == 6


def test_an_error_while_reading_ahead_reaches_the_reader(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> list[object]:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(rows_module, "_fetched", broken)
    monkeypatch.setattr(rows_module, "_streamed", broken)
    with store.sessions() as session, pytest.raises(RuntimeError, match="on fire"):
        list(per_message_rows(session, PERIOD, as_of=AS_OF))
    assert _readers() == []


def test_work_alongside_raises_where_its_result_is_asked_for(store: Store) -> None:
    def broken(_session: Session) -> int:
        raise RuntimeError("no")

    with store.sessions() as session, alongside(session, broken) as later:
        with pytest.raises(RuntimeError, match="no"):
            later()
        assert session.scalar(select(func.count()).select_from(Message)) == 0
