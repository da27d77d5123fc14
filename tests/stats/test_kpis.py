"""KPIs of the hand-built world (tests/stats/conftest.py), worked out by hand, on both backends."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from desk.stats.kpis import compute_kpis
from desk.stats.period import Period
from desk.store.database import Store
from tests.stats.conftest import AS_OF, World

UTC_ZONE = ZoneInfo("UTC")
PERIOD = Period(date(2020, 3, 16), date(2020, 3, 17), UTC_ZONE)


def test_volumes_backlog_and_days(store: Store, world: World) -> None:
    with store.sessions() as session:
        kpis = compute_kpis(session, PERIOD, as_of=AS_OF)
    # Received on the 16th and 17th: m2 m3 m4 m8 | m5 m6 (m7 is an auto-reply).
    assert kpis.received == 6
    # First answers on the 16th: m1 (09:00), m2 and m3 (10:00); m4's is on the 18th.
    assert kpis.answered == 3
    # Waiting at the start: m1 and m9 (m9 never answered).
    assert kpis.backlog_start == 2
    # 2 + 5 arrivals that stay until answered (m8 was closed) - 3 answered = m4 m5 m6 m9.
    assert kpis.backlog_end == 4
    assert [(p.start.date(), p.received, p.answered, p.backlog) for p in kpis.days] == [
        (date(2020, 3, 16), 4, 3, 2),
        (date(2020, 3, 17), 2, 0, 4),
    ]
    hours = {h.hour: (h.received, h.answered) for h in kpis.hours if h.received or h.answered}
    assert hours == {8: (2, 0), 9: (1, 1), 10: (0, 2), 11: (1, 0), 12: (1, 0), 23: (1, 0)}
    assert kpis.has_data


def test_first_response_times_and_the_deadline(store: Store, world: World) -> None:
    with store.sessions() as session:
        kpis = compute_kpis(session, PERIOD, deadline_hours=48, as_of=AS_OF)
    response = kpis.response
    # Received in the period and answered by the 19th at noon: m3 1.5 h, m2 2 h, m4 49 h.
    assert response.answered == 3
    assert response.median_s == pytest.approx(7200)
    # p90 of [5400, 7200, 176400]: rank 0.9 * 2 = 1.8 -> 7200 + 0.8 * 169200.
    assert response.p90_s == pytest.approx(142560)
    # In time: m2, m3. Late: m4 (49 h) and m5 (unanswered, due the 19th at 09:00).
    # Pending: m6 (due the 19th at 23:00). m8 was closed: nothing owed.
    assert (response.within_deadline, response.late, response.pending) == (2, 2, 1)
    assert response.share_within_deadline == pytest.approx(0.5)
    # Bins (h): <=1, 1-4, 4-8, 8-24, 24-48, 48-72, 72-168, >168.
    assert response.distribution == (0, 2, 0, 0, 0, 1, 0, 0)


def test_a_longer_deadline_moves_the_late_answer_in_time(store: Store, world: World) -> None:
    with store.sessions() as session:
        kpis = compute_kpis(session, PERIOD, deadline_hours=72, as_of=AS_OF)
    # m4 (49 h) is now in time; m5 is due the 20th at 09:00 and m6 later: both pending.
    assert (kpis.response.within_deadline, kpis.response.late, kpis.response.pending) == (3, 0, 2)
    assert kpis.response.share_within_deadline == 1.0


def test_effort_and_recontacts(store: Store, world: World) -> None:
    with store.sessions() as session:
        kpis = compute_kpis(session, PERIOD, as_of=AS_OF)
    # Events started in the period: open 5 min, send 2 min, read 1 min, send 1 min.
    assert (kpis.actions, kpis.sends, kpis.active_ms) == (4, 2, 540_000)
    assert kpis.answered_per_action == pytest.approx(3 / 4)
    assert kpis.answered_per_send == pytest.approx(3 / 2)
    assert kpis.ms_per_answer == pytest.approx(180_000)
    # m2's sender wrote again (m6) 37 h after the answer.
    assert kpis.recontacted == 1
    assert kpis.recontact_share == pytest.approx(1 / 3)


def test_tables_per_agent_template_and_category(store: Store, world: World) -> None:
    with store.sessions() as session:
        kpis = compute_kpis(session, PERIOD, as_of=AS_OF)
    assert [(a.name, a.actions, a.sends, a.active_ms, a.answered) for a in kpis.agents] == [
        ("Amina Diallo", 3, 2, 480_000, 3),
        ("Bruno Petit", 1, 0, 60_000, 0),
    ]
    assert kpis.agents[0].ms_per_answer == pytest.approx(160_000)
    assert kpis.agents[1].ms_per_answer is None
    assert [(t.key, t.replies, t.answered, t.active_ms) for t in kpis.templates] == [
        ("Mot de passe", 2, 3, 180_000),
        (None, 0, 0, 360_000),
    ]
    assert [(c.key, c.replies, c.answered, c.active_ms) for c in kpis.categories] == [
        ("exam", 1, 2, 420_000),
        (None, 1, 1, 120_000),
    ]


def test_local_days_follow_the_time_zone(store: Store, world: World) -> None:
    paris = Period(date(2020, 3, 16), date(2020, 3, 16), ZoneInfo("Europe/Paris"))
    with store.sessions() as session:
        kpis = compute_kpis(session, paris, as_of=AS_OF)
    # Paris (UTC+1) 16 March = 15 March 23:00 to 16 March 23:00 UTC: m2 m3 m4 m8.
    assert kpis.received == 4
    hours = {h.hour: h.received for h in kpis.hours if h.received}
    assert hours == {9: 2, 12: 1, 13: 1}  # local hours


def test_a_period_with_no_data_gives_zeros_and_no_ratios(store: Store, world: World) -> None:
    empty = Period(date(2021, 1, 4), date(2021, 1, 10), UTC_ZONE)
    with store.sessions() as session:
        kpis = compute_kpis(session, empty, as_of=AS_OF)
    assert (kpis.received, kpis.answered, kpis.actions) == (0, 0, 0)
    # m5, m6 and m9 were still waiting (m4 was answered on the 18th).
    assert kpis.backlog_start == kpis.backlog_end == 3
    assert kpis.response.median_s is None
    assert kpis.response.p90_s is None
    assert kpis.response.share_within_deadline is None
    assert kpis.answered_per_action is None
    assert kpis.recontact_share is None
    assert len(kpis.days) == 7


def test_an_empty_store_has_no_data(store: Store) -> None:
    with store.sessions() as session:
        kpis = compute_kpis(session, PERIOD, as_of=AS_OF)
    assert not kpis.has_data
    assert kpis.agents == kpis.templates == kpis.categories == ()
    assert [p.backlog for p in kpis.days] == [0, 0]


def test_answers_after_as_of_are_not_counted_yet(store: Store, world: World) -> None:
    with store.sessions() as session:
        kpis = compute_kpis(session, PERIOD, as_of=AS_OF.replace(day=16, hour=9, minute=30))
    # At 09:30 on the 16th only m1 had its answer (09:00).
    assert kpis.answered == 1


def test_a_non_positive_deadline_is_refused(store: Store) -> None:
    with store.sessions() as session, pytest.raises(ValueError, match="deadline_hours"):
        compute_kpis(session, PERIOD, deadline_hours=0)
