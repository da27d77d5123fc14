"""Clustering scores: hand-computed cases, the B-cubed constraints, and brute force agreement.

Every expected value below is worked out by hand in a comment, so a failure
says which side (the arithmetic or the code) to doubt.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import astuple, fields
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.cluster.metrics import Scores, format_table, load_labels, score


def _by_index(predicted: list[str], gold: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Item i is predicted[i] / gold[i]: the small examples read as two aligned lists."""
    keys = [str(i) for i in range(len(predicted))]
    return dict(zip(keys, predicted, strict=True)), dict(zip(keys, gold, strict=True))


# ------------------------------------------------------------------ hand-computed


def test_hand_computed_example_every_metric() -> None:
    # Gold: a={0,1,2} b={3,4} c={5}.  Predicted: X={0,1} Y={2,3,4,5}.
    # Contingency: X: a=2 | Y: a=1, b=2, c=1.
    predicted, gold = _by_index(["X", "X", "Y", "Y", "Y", "Y"], ["a", "a", "a", "b", "b", "c"])
    result = score(predicted, gold)
    # Same cluster: C(2,2)+C(4,2) = 1+6 = 7; same cell: C(2,2)+C(2,2) = 2 -> P = 2/7.
    assert result.pairwise_precision == pytest.approx(2 / 7)
    # Same class: C(3,2)+C(2,2) = 4 -> R = 2/4.
    assert result.pairwise_recall == pytest.approx(1 / 2)
    # F1 = 2*(2/7)*(1/2) / (2/7+1/2) = (2/7) / (11/14) = 4/11.
    assert result.pairwise_f1 == pytest.approx(4 / 11)
    # B-cubed P: items 0,1: 2/2; item 2: 1/4; items 3,4: 2/4; item 5: 1/4
    #   -> (1+1+1/4+1/2+1/2+1/4)/6 = 3.5/6 = 7/12.
    assert result.bcubed_precision == pytest.approx(7 / 12)
    # B-cubed R: items 0,1: 2/3; item 2: 1/3; items 3,4: 2/2; item 5: 1/1
    #   -> (2/3+2/3+1/3+1+1+1)/6 = (14/3)/6 = 7/9.
    assert result.bcubed_recall == pytest.approx(7 / 9)
    # F1 = 2*(7/12)*(7/9) / (7/12+7/9) = (49/54) / (49/36) = 36/54 = 2/3.
    assert result.bcubed_f1 == pytest.approx(2 / 3)
    assert result.clusters == 2
    assert result.impure_clusters == 1  # Y holds a, b and c
    assert result.near_miss_mixed == 0  # no pairs given
    # Only X is pure: saves 2-1 = 1; ideal by gold: (3-1)+(2-1)+(1-1) = 3.
    assert (result.actions_saved, result.ideal_actions_saved) == (1, 3)
    assert result.actions_saved_ratio == pytest.approx(1 / 3)


def test_perfect_clustering_scores_one_everywhere() -> None:
    gold_labels = ["a", "a", "b", "b", "b", "c"]
    # Cluster names need not match class names: only the partition counts.
    result = score(*_by_index(["1", "1", "2", "2", "2", "3"], gold_labels))
    assert result.pairwise_precision == result.pairwise_recall == result.pairwise_f1 == 1.0
    assert result.bcubed_precision == result.bcubed_recall == result.bcubed_f1 == 1.0
    assert (result.clusters, result.impure_clusters, result.near_miss_mixed) == (3, 0, 0)
    # (2-1)+(3-1)+(1-1) = 3 saved, all of the ideal.
    assert (result.actions_saved, result.ideal_actions_saved) == (3, 3)
    assert result.actions_saved_ratio == 1.0


def test_everything_in_one_cluster() -> None:
    # Gold a={0,1} b={2,3} c={4}, all in cluster x.
    result = score(*_by_index(["x"] * 5, ["a", "a", "b", "b", "c"]))
    # Pairs together: C(5,2) = 10; also same class: 1+1 = 2 -> P = 2/10, R = 2/2.
    assert result.pairwise_precision == pytest.approx(1 / 5)
    assert result.pairwise_recall == 1.0
    # F1 = 2*(1/5)*1 / (6/5) = 1/3.
    assert result.pairwise_f1 == pytest.approx(1 / 3)
    # B-cubed P: a,a: 2/5; b,b: 2/5; c: 1/5 -> (9/5)/5 = 9/25; R = 1.
    assert result.bcubed_precision == pytest.approx(9 / 25)
    assert result.bcubed_recall == 1.0
    # F1 = 2*(9/25) / (34/25) = 18/34 = 9/17.
    assert result.bcubed_f1 == pytest.approx(9 / 17)
    assert (result.clusters, result.impure_clusters) == (1, 1)
    # The one cluster is impure: nothing saved of the ideal (2-1)+(2-1) = 2.
    assert (result.actions_saved, result.ideal_actions_saved) == (0, 2)
    assert result.actions_saved_ratio == 0.0


def test_every_item_alone() -> None:
    result = score(*_by_index(["0", "1", "2", "3", "4"], ["a", "a", "b", "b", "c"]))
    # No predicted pairs: precision 1.0 by convention; none of the 2 gold pairs found.
    assert result.pairwise_precision == 1.0
    assert result.pairwise_recall == 0.0
    assert result.pairwise_f1 == 0.0
    # B-cubed P: 1 each; R: a,a: 1/2; b,b: 1/2; c: 1 -> 3/5. F1 = 2*(3/5)/(8/5) = 3/4.
    assert result.bcubed_precision == 1.0
    assert result.bcubed_recall == pytest.approx(3 / 5)
    assert result.bcubed_f1 == pytest.approx(3 / 4)
    assert (result.clusters, result.impure_clusters, result.actions_saved) == (5, 0, 0)
    assert result.actions_saved_ratio == 0.0  # 0 of an ideal of 2


def test_all_singletons_in_gold_too_use_the_conventions() -> None:
    # No pairs on either side: P = R = 1.0 by convention; ideal 0 -> ratio 1.0.
    result = score(*_by_index(["x", "y", "z"], ["a", "b", "c"]))
    assert result.pairwise_f1 == result.bcubed_f1 == 1.0
    assert (result.ideal_actions_saved, result.actions_saved_ratio) == (0, 1.0)


def test_single_item() -> None:
    result = score({"m": "x"}, {"m": "a"})
    assert astuple(result) == (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1, 0, 0, 0, 0, 1.0)


# ------------------------------------------------------------------ Amigó et al. (2009)
# The four formal constraints B-cubed satisfies ("A comparison of extrinsic clustering
# evaluation metrics based on formal constraints", Information Retrieval 12(4)).


def test_cluster_homogeneity() -> None:
    # Splitting a cluster that mixes two classes into its pure parts must help.
    gold = ["a", "a", "b", "b"]
    mixed = score(*_by_index(["x", "x", "x", "y"], gold))  # {a,a,b} {b}
    split = score(*_by_index(["x", "x", "z", "y"], gold))  # {a,a} {b} {b}
    # P: mixed (2/3+2/3+1/3+1)/4 = 2/3 < split 1.0; R: both (1+1+1/2+1/2)/4 = 3/4.
    assert mixed.bcubed_precision == pytest.approx(2 / 3)
    assert split.bcubed_precision == 1.0
    assert split.bcubed_recall == pytest.approx(mixed.bcubed_recall)
    assert split.bcubed_f1 > mixed.bcubed_f1


def test_cluster_completeness() -> None:
    # Joining two pure clusters of the same class must help.
    gold = ["a", "a", "a", "b"]
    apart = score(*_by_index(["x", "x", "y", "z"], gold))  # {a,a} {a} {b}
    joined = score(*_by_index(["x", "x", "x", "z"], gold))  # {a,a,a} {b}
    # R: apart (2/3+2/3+1/3+1)/4 = 2/3 < joined 1.0; P: both 1.0.
    assert apart.bcubed_recall == pytest.approx(2 / 3)
    assert joined.bcubed_recall == 1.0
    assert joined.bcubed_precision == apart.bcubed_precision == 1.0
    assert joined.bcubed_f1 > apart.bcubed_f1


def test_rag_bag() -> None:
    # Gold: a={0,1,2}, then b, c, d, e each alone.  A stray item (e) does less
    # harm in a rag bag that is already mixed than in a clean cluster.
    gold = ["a", "a", "a", "b", "c", "d", "e"]
    into_bag = score(*_by_index(["x", "x", "x", "bag", "bag", "bag", "bag"], gold))
    into_clean = score(*_by_index(["x", "x", "x", "bag", "bag", "bag", "x"], gold))
    # P: into_bag (1+1+1 + 4*(1/4))/7 = 4/7; into_clean (3*(3/4) + 1/4 + 3*(1/3))/7 = 1/2.
    assert into_bag.bcubed_precision == pytest.approx(4 / 7)
    assert into_clean.bcubed_precision == pytest.approx(1 / 2)
    assert into_bag.bcubed_recall == into_clean.bcubed_recall == 1.0
    assert into_bag.bcubed_f1 > into_clean.bcubed_f1


def test_size_versus_quantity() -> None:
    # Gold: a big class of 6 and four classes of 2.  One small error in the big
    # cluster must cost less than many small errors in the small clusters.
    gold = ["a"] * 6 + ["b", "b", "c", "c", "d", "d", "e", "e"]
    one_error = ["A"] * 5 + ["A'"] + ["b", "b", "c", "c", "d", "d", "e", "e"]
    many_errors = ["A"] * 6 + [str(i) for i in range(8)]  # every small class split up
    one = score(*_by_index(one_error, gold))
    many = score(*_by_index(many_errors, gold))
    # R: one (5*(5/6) + 1/6 + 8*1)/14 = (13/3 + 8)/14 = 37/42; many (6 + 8*(1/2))/14 = 5/7.
    assert one.bcubed_recall == pytest.approx(37 / 42)
    assert many.bcubed_recall == pytest.approx(5 / 7)
    assert one.bcubed_precision == many.bcubed_precision == 1.0
    assert one.bcubed_f1 > many.bcubed_f1
    # Pair counting fails this constraint (as Amigó et al. note): gold pairs 15+4 = 19,
    # found 10+4 = 14 vs 15+0 = 15, so it prefers the many small errors.
    assert one.pairwise_recall == pytest.approx(14 / 19)
    assert many.pairwise_recall == pytest.approx(15 / 19)


# ------------------------------------------------------------------ near-miss pairs

PAIRS = [("teacher", "pupil")]  # written the other way round from most gold: order is irrelevant


def _near_miss(clusters: list[list[str]], pairs: list[tuple[str, str]] = PAIRS) -> int:
    """near_miss_mixed for clusters given as lists of gold labels."""
    predicted: dict[str, str] = {}
    gold: dict[str, str] = {}
    for number, labels in enumerate(clusters):
        for label in labels:
            item = str(len(predicted))
            predicted[item], gold[item] = f"c{number}", label
    return score(predicted, gold, near_miss_pairs=pairs).near_miss_mixed


def test_near_miss_mix_is_counted_once_per_cluster() -> None:
    assert _near_miss([["pupil", "teacher"]]) == 1
    assert _near_miss([["pupil", "teacher", "exam"], ["teacher", "pupil"], ["pupil"]]) == 2
    # Both sides of two different pairs in one cluster: still one cluster.
    pairs = [("pupil", "teacher"), ("refund", "payment")]
    assert _near_miss([["pupil", "teacher", "refund", "payment"]], pairs) == 1


def test_near_miss_needs_both_sides_in_the_same_cluster() -> None:
    assert _near_miss([["pupil", "pupil"], ["teacher"]]) == 0
    assert _near_miss([["pupil", "exam"]]) == 0  # impure, but not a near-miss pair
    assert _near_miss([["pupil", "teacher"]], pairs=[]) == 0
    assert _near_miss([["pupil", "teacher"]], pairs=[("pupil", "pupil")]) == 0  # degenerate


def test_multi_intent_items() -> None:
    # An item asking both sides legitimately carries both: not a mix.
    assert _near_miss([["pupil+teacher"]]) == 0
    assert _near_miss([["pupil+teacher", "pupil+teacher"]]) == 0
    assert _near_miss([["pupil+teacher", "pupil"]]) == 0
    # The union counts through multi-intent labels: pupil (from pupil+exam) meets teacher.
    assert _near_miss([["pupil+exam", "teacher"]]) == 1
    assert _near_miss([["pupil+exam", "exam+teacher"]]) == 1
    # As specified: once one item asks both, the cluster is not counted as a mix.
    assert _near_miss([["pupil", "teacher", "pupil+teacher"]]) == 0


def test_custom_gold_of_key() -> None:
    predicted = {"1": "A", "2": "A", "3": "B"}
    gold = {"1": "pupil|exam", "2": "teacher", "3": "pupil|teacher"}

    def bars(label: str) -> frozenset[str]:
        return frozenset(label.split("|"))

    result = score(predicted, gold, near_miss_pairs=PAIRS, gold_of_key=bars)
    assert result.near_miss_mixed == 1  # A: pupil + teacher; B asks both
    # With the default "+" split, "pupil|exam" is one unknown intent: no mix.
    assert score(predicted, gold, near_miss_pairs=PAIRS).near_miss_mixed == 0


# ------------------------------------------------------------------ purity and actions saved


def test_actions_saved_counts_only_pure_clusters() -> None:
    # P1 = {a,a,a} pure (saves 2); P2 = {b,b,b,c} impure (saves 0, though it has
    # 3 b's); P3 = {c} alone (0); P4 = {d,d} pure (1) -> 3.
    predicted = ["P1"] * 3 + ["P2"] * 4 + ["P3"] + ["P4"] * 2
    gold = ["a"] * 3 + ["b", "b", "b", "c"] + ["c"] + ["d", "d"]
    result = score(*_by_index(predicted, gold))
    assert (result.clusters, result.impure_clusters) == (4, 1)
    # Ideal by gold: a (3-1) + b (3-1) + c (2-1) + d (2-1) = 6.
    assert (result.actions_saved, result.ideal_actions_saved) == (3, 6)
    assert result.actions_saved_ratio == pytest.approx(1 / 2)


def test_purity_uses_the_plain_gold_string() -> None:
    # "a+b" is its own class: grouped with "a" it makes the cluster impure.
    result = score(*_by_index(["x", "x", "y", "y"], ["a+b", "a", "a+b", "a+b"]))
    assert result.impure_clusters == 1
    assert result.actions_saved == 1  # only y = {a+b, a+b}


def test_reference_grouping_sets_the_ideal() -> None:
    # All one intent, written from two base texts: the ideal is two groups of 2,
    # so (2-1)+(2-1) = 2, not the 4-1 = 3 grouping by gold would give.
    predicted, gold = _by_index(["x", "x", "y", "y"], ["a", "a", "a", "a"])
    base = dict(zip(predicted, ["a/fr/1", "a/fr/1", "a/fr/2", "a/fr/2"], strict=True))
    result = score(predicted, gold, reference=base)
    assert (result.actions_saved, result.ideal_actions_saved) == (2, 2)
    assert result.actions_saved_ratio == 1.0
    assert score(predicted, gold).ideal_actions_saved == 3
    # Purity still follows gold, not the reference.
    assert result.impure_clusters == 0


# ------------------------------------------------------------------ bad input


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValueError, match="no items"):
        score({}, {})


def test_mismatched_ids_are_named() -> None:
    with pytest.raises(ValueError, match="gold") as error:
        score({"1": "x", "2": "x"}, {"1": "a", "3": "a"})
    assert "'2'" in str(error.value) and "'3'" in str(error.value)
    with pytest.raises(ValueError, match=r"missing from gold.*'2'"):
        score({"1": "x", "2": "x"}, {"1": "a"})
    with pytest.raises(ValueError, match=r"missing from predicted.*'9'"):
        score({"1": "x"}, {"1": "a", "9": "a"})
    with pytest.raises(ValueError, match=r"missing from predicted.*'1'"):
        score({}, {"1": "a"})
    with pytest.raises(ValueError, match=r"reference.*'2'"):
        score({"1": "x", "2": "x"}, {"1": "a", "2": "a"}, reference={"1": "b"})


def test_mismatch_names_only_a_few_ids() -> None:
    predicted = {str(i): "x" for i in range(1000)}
    with pytest.raises(ValueError, match="1000 missing from gold") as error:
        score(predicted, {"other": "a"})
    assert len(str(error.value)) < 300


# ------------------------------------------------------------------ brute force


def _intents(label: str) -> frozenset[str]:
    return frozenset(label.split("+"))


def _brute(
    predicted: dict[str, str],
    gold: dict[str, str],
    reference: dict[str, str],
    pairs: list[tuple[str, str]],
) -> tuple[float | int, ...]:
    """Every score straight from its definition: all pairs, per-item loops, per-cluster sets."""
    keys = list(predicted)
    together = [(i, j) for i, j in combinations(keys, 2) if predicted[i] == predicted[j]]
    same = [(i, j) for i, j in combinations(keys, 2) if gold[i] == gold[j]]
    both = [(i, j) for i, j in together if gold[i] == gold[j]]
    pp = len(both) / len(together) if together else 1.0
    pr = len(both) / len(same) if same else 1.0
    bp_items, br_items = [], []
    for i in keys:
        cluster = [j for j in keys if predicted[j] == predicted[i]]
        klass = [j for j in keys if gold[j] == gold[i]]
        correct = [j for j in cluster if gold[j] == gold[i]]
        bp_items.append(len(correct) / len(cluster))
        br_items.append(len(correct) / len(klass))
    bp, br = sum(bp_items) / len(keys), sum(br_items) / len(keys)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    members: dict[str, list[str]] = {}
    for i in keys:
        members.setdefault(predicted[i], []).append(i)
    impure = [c for c, items in members.items() if len({gold[i] for i in items}) > 1]
    mixed = 0
    for items in members.values():
        asked = [_intents(gold[i]) for i in items]
        for a, b in pairs:
            if a == b:
                continue
            in_union = any(a in s for s in asked) and any(b in s for s in asked)
            carried = any(a in s and b in s for s in asked)
            if in_union and not carried:
                mixed += 1
                break
    saved = sum(len(items) - 1 for c, items in members.items() if c not in impure)
    ideal = sum(n - 1 for n in Counter(reference.values()).values())
    return (
        pp, pr, f1(pp, pr), bp, br, f1(bp, br),
        len(members), len(impure), mixed, saved, ideal, saved / ideal if ideal else 1.0,
    )  # fmt: skip


_LABELS = st.sampled_from(["a", "b", "c", "d", "a+b", "b+c", "a+d"])
_PAIR = st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd"))


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(
        st.tuples(st.sampled_from("XYZW"), _LABELS, st.sampled_from("123")), min_size=1, max_size=30
    ),
    pairs=st.lists(_PAIR, max_size=3),
)
def test_contingency_counts_agree_with_brute_force(
    items: list[tuple[str, str, str]], pairs: list[tuple[str, str]]
) -> None:
    predicted = {str(i): cluster for i, (cluster, _, _) in enumerate(items)}
    gold = {str(i): label for i, (_, label, _) in enumerate(items)}
    reference = {str(i): label + base for i, (_, label, base) in enumerate(items)}
    result = score(predicted, gold, reference=reference, near_miss_pairs=pairs)
    assert astuple(result) == pytest.approx(_brute(predicted, gold, reference, pairs))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=30))
def test_scores_stay_in_range_and_are_symmetric(items: list[tuple[int, int]]) -> None:
    predicted, gold = _by_index([str(p) for p, _ in items], [str(g) for _, g in items])
    forward, backward = score(predicted, gold), score(gold, predicted)
    for name in ("pairwise", "bcubed"):
        for part in ("precision", "recall", "f1"):
            assert 0.0 <= getattr(forward, f"{name}_{part}") <= 1.0
        # Swapping prediction and gold swaps precision and recall.
        precision = getattr(forward, f"{name}_precision")
        assert precision == pytest.approx(getattr(backward, f"{name}_recall"))
    assert 0 <= forward.actions_saved <= len(items) - forward.clusters


# ------------------------------------------------------------------ scale


def test_two_hundred_thousand_items() -> None:
    size = 200_000
    predicted = {f"m{i}": f"c{i // 7}" for i in range(size)}
    gold: dict[str, str] = {}
    for i in range(size):
        gold[f"m{i}"] = f"g{i // 5}" if i % 97 else f"g{i // 5}+g{i // 5 + 1}"
    reference = {item: f"{label}/{i % 3}" for i, (item, label) in enumerate(gold.items())}
    pairs = [(f"g{i}", f"g{i + 1}") for i in range(0, size // 5, 2)]
    result = score(predicted, gold, reference=reference, near_miss_pairs=pairs)
    assert 0 < result.bcubed_f1 < 1
    assert result.clusters == -(-size // 7)
    assert result.near_miss_mixed > 0


# ------------------------------------------------------------------ labels and table


def test_load_labels_reads_generator_rows(tmp_path: Path) -> None:
    rows = [
        {"file": "cur/000000.demo.desk:2,", "message_id": "<1@x>", "intent": "password_pupil",
         "base_id": "password_pupil/fr/3", "kind": "original"},
        {"file": "cur/000001.demo.desk:2,S", "message_id": "<2@x>",
         "intent": "password_pupil+virtual_class_recording",
         "base_id": "virtual_class_recording/fr/2+password_pupil/fr/3", "kind": "multi"},
        {"file": "cur/000002.demo.desk:2,", "message_id": None, "intent": "bounce",
         "base_id": "bounce/fr/0", "kind": "bounce"},
    ]  # fmt: skip
    path = tmp_path / "labels.jsonl"
    text = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    path.write_text(text + "\n\n", encoding="utf-8")
    assert load_labels(path) == rows


def test_format_table_has_every_field_and_lines_up() -> None:
    good = score(*_by_index(["x", "x"], ["a", "a"]))
    bad = score(*_by_index(["y"] * 3, ["a", "b", "c"]))
    wide = Scores(
        pairwise_precision=0.5, pairwise_recall=0.5, pairwise_f1=0.5,
        bcubed_precision=0.5, bcubed_recall=0.5, bcubed_f1=0.5,
        clusters=1_234_567, impure_clusters=2, near_miss_mixed=3,
        actions_saved=4, ideal_actions_saved=5, actions_saved_ratio=2 / 3,
    )  # fmt: skip
    table = format_table([("seed 1, 2,600", good), ("one cluster", bad), ("big", wide)])
    header, *lines = table.splitlines()
    assert len(lines) == 3
    for heading in ("run", "pw P", "pw R", "pw F1", "B3 P", "B3 R", "B3 F1", "clusters",
                    "impure", "near-miss", "saved", "ideal", "saved/ideal"):  # fmt: skip
        assert heading in header
    assert len({len(line) for line in (header, *lines)}) == 1  # fixed width
    assert lines[0].startswith("seed 1, 2,600")
    assert lines[0].split()[-12:] == ["1.000"] * 6 + ["1", "0", "0", "1", "1", "1.000"]
    assert lines[2].split()[-12:] == ["0.500"] * 6 + ["1234567", "2", "3", "4", "5", "0.667"]
    # One heading per field, besides "run".
    assert len(fields(Scores)) == 12


def test_format_table_without_runs_is_the_header() -> None:
    table = format_table([])
    assert table.startswith("run  ") and table.endswith("saved/ideal")
    assert "\n" not in table
