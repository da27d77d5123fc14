"""Star join: every member is within the threshold of its centre, so clusters never chain."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.cluster.join import star_join
from desk.cluster.pairs import IntArray, PairScores


def scores(edges: dict[tuple[int, int], float]) -> PairScores:
    """PairScores from {(a, b): score} with a < b."""
    ordered = sorted(edges)
    return PairScores(
        np.array([a for a, _ in ordered], np.int64),
        np.array([b for _, b in ordered], np.int64),
        np.array([edges[p] for p in ordered], np.float32),
    )


def clusters(centre: IntArray) -> list[set[int]]:
    groups: dict[int, set[int]] = {}
    for node, head in enumerate(centre.tolist()):
        groups.setdefault(head, set()).add(node)
    return list(groups.values())


def together(centre: IntArray, a: int, b: int) -> bool:
    return bool(centre[a] == centre[b])


def check_stars(centre: IntArray, edges: dict[tuple[int, int], float], threshold: float) -> None:
    """Every node has a centre that is its own centre and, for members, a close pair with it."""
    count = len(centre)
    assert centre.shape == (count,)
    for node, head in enumerate(centre.tolist()):
        assert 0 <= head < count
        assert centre[head] == head, f"{node}'s centre {head} is not a centre"
        if head != node:
            score = edges.get((min(node, head), max(node, head)))
            assert score is not None, f"{node} joined {head} without a pair"
            assert score >= threshold, f"{node} joined {head} at {score} < {threshold}"


# ------------------------------------------------------------------ chaining


def test_a_b_c_joins_around_the_middle_one() -> None:
    # The design promise is closeness to the representative (the issue: "every member
    # stays close to its cluster's representative, not only to a neighbour of a
    # neighbour"): A and C may share B's cluster because each is close to B, the one
    # the agent reads; what must never happen is A joining through C's neighbours.
    a, b, c = 0, 1, 2
    edges = {(a, b): 90.0, (b, c): 90.0, (a, c): 70.0}
    centre = star_join([1, 1, 1], scores(edges), 85)
    check_stars(centre, edges, 85)
    assert centre.tolist() == [b, b, b]


def test_the_ends_of_a_longer_chain_are_never_together() -> None:
    # 0 ~ 1 ~ 2 ~ 3 ~ 4 ~ 5, each only close to its neighbours: union-find would make one
    # cluster; star join keeps every member next to its centre, so clusters span ≤ 2 hops.
    count = 6
    edges = {(i, i + 1): 90.0 for i in range(count - 1)}
    edges.update({(i, j): 60.0 for i in range(count) for j in range(i + 2, count)})
    centre = star_join([1] * count, scores(edges), 85)
    check_stars(centre, edges, 85)
    for group in clusters(centre):
        assert max(group) - min(group) <= 2
    assert len(clusters(centre)) >= 2


@st.composite
def graphs(
    draw: st.DrawFn,
) -> tuple[list[int], dict[tuple[int, int], float], float, list[int]]:
    count = draw(st.integers(0, 14))
    weights = draw(st.lists(st.integers(1, 6), min_size=count, max_size=count))
    possible = [(a, b) for a in range(count) for b in range(a + 1, count)]
    chosen = draw(st.lists(st.sampled_from(possible), unique=True)) if possible else []
    edges = {p: draw(st.floats(50, 100, width=32)) for p in chosen}
    # Scores are float32: a threshold of float32 precision keeps ">=" unambiguous.
    threshold = draw(st.floats(50, 100, width=32))
    preferred = draw(st.lists(st.integers(0, count - 1), unique=True)) if count else []
    return weights, edges, threshold, preferred


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_every_member_is_within_the_threshold_of_its_centre(
    graph: tuple[list[int], dict[tuple[int, int], float], float, list[int]],
) -> None:
    weights, edges, threshold, preferred = graph
    centre = star_join(weights, scores(edges), threshold, preferred)
    check_stars(centre, edges, threshold)
    # Each member sits with the closest of the centres it is close to.
    is_centre = {int(c) for c in centre.tolist()}
    for node, head in enumerate(centre.tolist()):
        if head == node:
            continue
        close = [
            s
            for (a, b), s in edges.items()
            if node in (a, b) and (b if a == node else a) in is_centre and s >= threshold
        ]
        assert edges[(min(node, head), max(node, head))] == max(close)


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_nodes_without_a_close_pair_are_alone(
    graph: tuple[list[int], dict[tuple[int, int], float], float, list[int]],
) -> None:
    weights, edges, threshold, preferred = graph
    centre = star_join(weights, scores(edges), threshold, preferred)
    linked = {n for (a, b), s in edges.items() if s >= threshold for n in (a, b)}
    for node in range(len(weights)):
        if node not in linked:
            assert centre[node] == node
            assert (centre == node).sum() == 1


# ------------------------------------------------------------------ who becomes the centre


def test_weights_favour_the_centre() -> None:
    # 0 ~ 1 ~ 2 ~ 3. Alone, the messages make 1 the centre (most neighbours, oldest).
    edges = {(0, 1): 90.0, (1, 2): 95.0, (2, 3): 90.0}
    assert star_join([1, 1, 1, 1], scores(edges), 85).tolist() == [1, 1, 1, 3]
    # When 3 stands for ten identical messages, the centre is next to them: 2 takes 1 and 3
    # (0 is left alone: its only neighbour, 1, was already taken).
    assert star_join([1, 1, 1, 10], scores(edges), 85).tolist() == [0, 2, 2, 2]


def test_the_middle_of_a_chain_becomes_the_centre_without_preference() -> None:
    edges = {(0, 1): 95.0, (1, 2): 90.0}
    assert star_join([1, 1, 1], scores(edges), 85).tolist() == [1, 1, 1]


def test_preferred_nodes_become_centres() -> None:
    edges = {(0, 1): 95.0, (1, 2): 90.0}
    centre = star_join([1, 1, 1], scores(edges), 85, preferred=[0])
    assert centre.tolist() == [0, 0, 2]  # 2 cannot join 0: it is only close to 1
    # 2 is a centre and takes 1 first; the last pass then moves 1 to its closest centre, 0.
    centre = star_join([1, 1, 1], scores(edges), 85, preferred=[2])
    assert centre.tolist() == [0, 0, 2]


def test_a_preferred_node_beats_a_heavier_one() -> None:
    edges = {(0, 1): 90.0}
    assert star_join([50, 1], scores(edges), 85, preferred=[1]).tolist() == [1, 1]


def test_a_member_moves_to_the_closest_centre() -> None:
    # 0 (preferred) and 2 (preferred) are centres; 1 is close to both, closer to 2.
    edges = {(0, 1): 86.0, (1, 2): 97.0}
    centre = star_join([1, 1, 1], scores(edges), 85, preferred=[0, 2])
    assert centre.tolist() == [0, 2, 2]


# ------------------------------------------------------------------ edges of the input


def test_empty_input() -> None:
    centre = star_join([], PairScores.empty(), 85)
    assert centre.shape == (0,)
    assert star_join(np.array([], np.int64), PairScores.empty(), 85, preferred=()).size == 0


def test_no_pairs_every_node_alone() -> None:
    assert star_join([3, 1, 2], PairScores.empty(), 85).tolist() == [0, 1, 2]


def test_pairs_below_the_threshold_join_nothing() -> None:
    edges = {(0, 1): 84.99, (1, 2): 60.0}
    assert star_join([1, 1, 1], scores(edges), 85).tolist() == [0, 1, 2]


@pytest.mark.parametrize("weights", [[1, 1, 1, 1], [1, 9, 1, 9]])
def test_threshold_100_joins_only_exact_matches(weights: Sequence[int]) -> None:
    edges = {(0, 1): 100.0, (1, 2): 99.99, (2, 3): 99.5, (0, 3): 100.0}
    centre = star_join(weights, scores(edges), 100)
    check_stars(centre, edges, 100)
    groups = sorted(sorted(g) for g in clusters(centre))
    assert [2] in groups
    assert not together(centre, 1, 2) and not together(centre, 2, 3)
