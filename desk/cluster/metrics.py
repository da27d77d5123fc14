"""Clustering quality against labels: pairwise and B-cubed scores, purity, actions saved.

A wrong merge sends the wrong answer to hundreds of people, so the figures
that matter are precision (B-cubed, pairwise), the number of impure clusters,
clusters that mix the two sides of a near-miss pair, and how many answers the
clustering saves compared with an ideal near-duplicate detector.

Everything is computed from contingency counts (items per predicted cluster ×
gold class), never by enumerating pairs, so 200,000 items score in well
under a second.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class Scores:
    """How a predicted clustering compares with the gold classes."""

    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    clusters: int
    impure_clusters: int
    near_miss_mixed: int
    actions_saved: int
    ideal_actions_saved: int
    actions_saved_ratio: float


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _split_intents(label: str) -> frozenset[str]:
    return frozenset(label.split("+"))


def _check_items(predicted: Mapping[str, str], *others: Mapping[str, str]) -> None:
    if not predicted:
        raise ValueError("nothing to score: no items")
    for other in others:
        if other.keys() != predicted.keys():
            missing = sorted(set(predicted) ^ set(other))[:5]
            raise ValueError(f"predicted and labels cover different items, e.g. {missing}")


def score(
    predicted: Mapping[str, str],
    gold: Mapping[str, str],
    reference: Mapping[str, str] | None = None,
    near_miss_pairs: Iterable[tuple[str, str]] = (),
    gold_of_key: Callable[[str], frozenset[str]] | None = None,
) -> Scores:
    """Score ``predicted`` (item → cluster) against ``gold`` (item → class).

    ``reference`` (default ``gold``) is the ideal grouping for "actions saved":
    callers pass the generator's base text. ``gold_of_key`` gives the intents a
    gold label asks (default: split "a+b" on "+"); an item asking both sides of
    a near-miss pair does not make its cluster a near-miss mix by itself.
    """
    reference = gold if reference is None else reference
    _check_items(predicted, gold, reference)
    intents_of = gold_of_key or _split_intents

    cells: Counter[tuple[str, str]] = Counter((predicted[i], gold[i]) for i in predicted)
    cluster_sizes: Counter[str] = Counter(predicted.values())
    class_sizes: Counter[str] = Counter(gold.values())
    total = len(predicted)

    same_both = sum(_pairs(n) for n in cells.values())
    same_cluster = sum(_pairs(n) for n in cluster_sizes.values())
    same_class = sum(_pairs(n) for n in class_sizes.values())
    pairwise_precision = same_both / same_cluster if same_cluster else 1.0
    pairwise_recall = same_both / same_class if same_class else 1.0

    # B-cubed: every item of a cell shares that cell's precision and recall.
    bcubed_precision = sum(n * n / cluster_sizes[c] for (c, _), n in cells.items()) / total
    bcubed_recall = sum(n * n / class_sizes[g] for (_, g), n in cells.items()) / total

    classes_in: defaultdict[str, set[str]] = defaultdict(set)
    for cluster, label in cells:
        classes_in[cluster].add(label)
    impure = {cluster for cluster, labels in classes_in.items() if len(labels) > 1}

    pairs = [frozenset(pair) for pair in near_miss_pairs if pair[0] != pair[1]]
    mixed = 0
    if pairs:
        for labels in classes_in.values():
            if len(labels) < 2:
                continue
            sets = [intents_of(label) for label in labels]
            union = frozenset().union(*sets)
            for pair in pairs:
                both_sides = pair <= union
                if both_sides and not any(pair <= asked for asked in sets):
                    mixed += 1
                    break

    actions_saved = sum(cluster_sizes[c] - 1 for c in cluster_sizes if c not in impure)
    ideal = sum(n - 1 for n in Counter(reference.values()).values())
    return Scores(
        pairwise_precision=pairwise_precision,
        pairwise_recall=pairwise_recall,
        pairwise_f1=_f1(pairwise_precision, pairwise_recall),
        bcubed_precision=bcubed_precision,
        bcubed_recall=bcubed_recall,
        bcubed_f1=_f1(bcubed_precision, bcubed_recall),
        clusters=len(cluster_sizes),
        impure_clusters=len(impure),
        near_miss_mixed=mixed,
        actions_saved=actions_saved,
        ideal_actions_saved=ideal,
        actions_saved_ratio=actions_saved / ideal if ideal else 1.0,
    )


def load_labels(path: Path) -> list[dict[str, str | None]]:
    """The rows of a demo mailbox's ``labels.jsonl``."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


_HEADINGS = {
    "pairwise_precision": "pw P", "pairwise_recall": "pw R", "pairwise_f1": "pw F1",
    "bcubed_precision": "B3 P", "bcubed_recall": "B3 R", "bcubed_f1": "B3 F1",
    "clusters": "clusters", "impure_clusters": "impure", "near_miss_mixed": "near-miss",
    "actions_saved": "saved", "ideal_actions_saved": "ideal", "actions_saved_ratio": "saved/ideal",
}  # fmt: skip


def format_table(rows: Sequence[tuple[str, Scores]]) -> str:
    """A fixed-width table, one row per named run, every score as a column."""
    names = [field.name for field in fields(Scores)]
    first = max([len("run"), *(len(name) for name, _ in rows)])
    widths = [max(len(_HEADINGS[n]), 8) for n in names]
    lines = [
        "run".ljust(first)
        + "  "
        + "  ".join(_HEADINGS[n].rjust(w) for n, w in zip(names, widths, strict=True))
    ]
    for run, scores in rows:
        cells = []
        for name, width in zip(names, widths, strict=True):
            value = getattr(scores, name)
            cells.append((f"{value:.3f}" if isinstance(value, float) else str(value)).rjust(width))
        lines.append(run.ljust(first) + "  " + "  ".join(cells))
    return "\n".join(lines)
