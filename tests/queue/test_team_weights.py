"""The team's queue weights: one lead sets them, every window uses them."""

from __future__ import annotations

import pytest

from desk.core.clock import utc_now
from desk.queue.priority import QueueWeights
from desk.queue.team_weights import set_team_weights, team_weights
from desk.store.database import Store


def test_unset_then_set_in_parts_then_read_back(store: Store) -> None:
    with store.sessions() as session:
        assert team_weights(session) is None
    with store.sessions.begin() as session:
        set_team_weights(session, {"deadline_weight": 60}, "bruno", utc_now())
    with store.sessions.begin() as session:
        set_team_weights(session, {"size_weight": 5}, "bruno", utc_now())
    with store.sessions() as session:
        weights = team_weights(session)
    assert weights == QueueWeights(deadline_weight=60, size_weight=5)


@pytest.mark.parametrize(
    "bad", [{"deadline_wieght": 1}, {"size_weight": -1}, {"size_weight": float("nan")}]
)
def test_a_bad_weight_is_refused_and_nothing_changes(store: Store, bad: dict[str, float]) -> None:
    with pytest.raises(ValueError), store.sessions.begin() as session:
        set_team_weights(session, bad, "bruno", utc_now())
    with store.sessions() as session:
        assert team_weights(session) is None
