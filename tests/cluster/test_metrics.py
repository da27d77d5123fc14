"""Clustering scores: hand-computed cases, the B-cubed constraints, and brute force agreement."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.cluster.metrics import Scores, format_table, load_labels, score


def _by_index(predicted: list[str], gold: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    keys = [str(i) for i in range(len(predicted))]
    return dict(zip(keys, predicted, strict=True)), dict(zip(keys, gold, strict=True))


def test_hand_computed_example() -> None:
    # Clusters X={a,a,b} Y={b,b}: gold classes a={0,1} b={2,3,4}.
    predicted, gold = _by_index(["X", "X", "X", "Y", "Y"], ["a", "a", "b", "b", "b"])
    result = score(predicted, gold)
    # Pairs in the same cluster: C(3,2)+C(2,2) = 4; of those same class: (0,1) and (3,4) = 2.
    assert result.pairwise_precision == pytest.approx(2 / 4)
    # Pairs in the same class: C(2,2)+C(3,2) = 4; found together: 2.
    assert result.pairwise_recall == pytest.approx(2 / 4)
    # B-cubed precision: items 0,1: 2/3; item 2: 1/3; items 3,4: 2/2 -> (2/3+2/3+1/3+1+1)/5.
    assert result.bcubed_precision == pytest.approx((2 / 3 * 2 + 1 / 3 + 2) / 5)
    # B-cubed recall: items 0,1: 2/2; item 2: 1/3; items 3,4: 2/3 -> (1+1+1/3+2/3+2/3)/5.
    assert result.bcubed_recall == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    assert result.clusters == 2
    assert result.impure_clusters == 1
    # Only Y is pure: it saves 1 answer; ideal (by gold): (2-1)+(3-1) = 3.
    assert (result.actions_saved, result.ideal_actions_saved) == (1, 3)
    assert result.actions_saved_ratio == pytest.approx(1 / 3)


def test_perfect_all_in_one_and_all_alone() -> None:
    gold_labels = ["a", "a", "b", "b", "c"]
    perfect = score(*_by_index(gold_labels, gold_labels))
    assert perfect.pairwise_f1 == perfect.bcubed_f1 == perfect.actions_saved_ratio == 1.0
    together = score(*_by_index(["x"] * 5, gold_labels))
    assert together.bcubed_recall == 1.0
    assert together.pairwise_precision == pytest.approx(2 / 10)
    assert together.actions_saved == 0
    alone = score(*_by_index([str(i) for i in range(5)], gold_labels))
    assert alone.bcubed_precision == alone.pairwise_precision == 1.0
    assert alone.pairwise_recall == 0.0
    assert alone.actions_saved == 0


# The four formal constraints of Amigó et al. (2009): B-cubed satisfies all of them.
def test_cluster_homogeneity() -> None:
    gold = ["a", "a", "b", "b"]
    mixed = score(*_by_index(["x", "x", "x", "y"], gold))
    split = score(*_by_index(["x", "x", "y", "z"], gold))
    assert split.bcubed_precision > mixed.bcubed_precision


def test_cluster_completeness() -> None:
    gold = ["a", "a", "a", "b"]
    apart = score(*_by_index(["x", "x", "y", "z"], gold))
    joined = score(*_by_index(["x", "x", "x", "z"], gold))
    assert joined.bcubed_recall > apart.bcubed_recall


def test_rag_bag() -> None:
    gold = ["a", "a", "a", "b", "c", "d"]
    clean_bag = score(*_by_index(["x", "x", "x", "bag", "bag", "bag"], gold))
    dirty_clean = score(*_by_index(["x", "x", "bag", "bag", "bag", "bag"], gold))
    assert clean_bag.bcubed_f1 > dirty_clean.bcubed_f1


def test_size_versus_quantity() -> None:
    # Gold: one big class of 6 and four classes of 2.
    gold = ["a"] * 6 + ["b", "b", "c", "c", "d", "d", "e", "e"]
    # One small error in the big cluster: one of its items split off alone.
    split_one = ["A"] * 5 + ["A2"] + ["b", "b", "c", "c", "d", "d", "e", "e"]
    # Many small errors: the small clusters merged two by two.
    merge_smalls = ["A"] * 6 + ["bc"] * 4 + ["de"] * 4
    one_error = score(*_by_index(split_one, gold))
    many_errors = score(*_by_index(merge_smalls, gold))
    assert one_error.bcubed_f1 > many_errors.bcubed_f1
    assert one_error.bcubed_precision > many_errors.bcubed_precision


def test_near_miss_mixes_are_counted_but_a_two_question_item_is_not_one() -> None:
    gold = {"1": "pupil", "2": "teacher", "3": "pupil+teacher", "4": "pupil", "5": "exam"}
    pairs = [("teacher", "pupil")]
    mixed = score({"1": "A", "2": "A", "3": "B", "4": "B", "5": "C"}, gold, near_miss_pairs=pairs)
    assert mixed.near_miss_mixed == 1  # A mixes them; B holds a message that asks both
    clean = score({"1": "A", "2": "B", "3": "C", "4": "A", "5": "D"}, gold, near_miss_pairs=pairs)
    assert clean.near_miss_mixed == 0


def test_reference_grouping_sets_the_ideal() -> None:
    predicted, gold = _by_index(["x", "x", "y", "y"], ["a", "a", "a", "a"])
    base = dict(zip(predicted, ["b1", "b1", "b2", "b2"], strict=True))
    result = score(predicted, gold, reference=base)
    assert (result.actions_saved, result.ideal_actions_saved) == (2, 2)


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="no items"):
        score({}, {})
    with pytest.raises(ValueError, match="different items"):
        score({"1": "x", "2": "x"}, {"1": "a", "3": "a"})


def _brute(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float, float]:
    keys = list(predicted)
    together = [(i, j) for i, j in combinations(keys, 2) if predicted[i] == predicted[j]]
    same = [(i, j) for i, j in combinations(keys, 2) if gold[i] == gold[j]]
    both = [p for p in together if gold[p[0]] == gold[p[1]]]
    pp = len(both) / len(together) if together else 1.0
    pr = len(both) / len(same) if same else 1.0
    bp = sum(
        sum(1 for j in keys if predicted[j] == predicted[i] and gold[j] == gold[i])
        / sum(1 for j in keys if predicted[j] == predicted[i])
        for i in keys
    ) / len(keys)
    br = sum(
        sum(1 for j in keys if predicted[j] == predicted[i] and gold[j] == gold[i])
        / sum(1 for j in keys if gold[j] == gold[i])
        for i in keys
    ) / len(keys)
    return pp, pr, bp, br


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("XYZW"), st.sampled_from("abc")), min_size=1, max_size=30)
)
def test_contingency_counts_agree_with_brute_force(items: list[tuple[str, str]]) -> None:
    predicted, gold = _by_index([p for p, _ in items], [g for _, g in items])
    result = score(predicted, gold)
    expected = _brute(predicted, gold)
    got = (result.pairwise_precision, result.pairwise_recall, result.bcubed_precision,
           result.bcubed_recall)  # fmt: skip
    assert got == pytest.approx(expected)


def test_two_hundred_thousand_items() -> None:
    predicted = {str(i): str(i // 7) for i in range(200_000)}
    gold = {str(i): str(i // 5) for i in range(200_000)}
    assert 0 < score(predicted, gold).bcubed_f1 < 1


def test_labels_and_table(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text('{"file": "a", "intent": "x"}\n\n{"file": "b", "intent": null}\n')
    assert load_labels(path) == [{"file": "a", "intent": "x"}, {"file": "b", "intent": None}]
    scores = score(*_by_index(["x", "x"], ["a", "a"]))
    table = format_table([("seed 1, 2,600", scores)])
    header, row = table.splitlines()
    assert "B3 P" in header and "near-miss" in header
    assert row.startswith("seed 1, 2,600")
    assert "1.000" in row
    assert isinstance(scores, Scores)
