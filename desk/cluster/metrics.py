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

# How many offending item ids an error message names: enough to find them, not a flood.
_SHOWN_IDS = 5


@dataclass(frozen=True)
class Scores:
    """How a predicted clustering compares with the gold classes.

    Ratios are in [0, 1]. ``impure_clusters`` and ``near_miss_mixed`` count
    predicted clusters that would send one answer to people who asked
    different things; ``actions_saved`` counts only pure clusters, because an
    impure one saves nothing (its answer is wrong for part of it).
    """

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
    """Unordered pairs among ``n`` items: C(n, 2)."""
    return n * (n - 1) // 2


def _f1(precision: float, recall: float) -> float:
    """Harmonic mean, 0.0 when both are 0 (rather than dividing by zero)."""
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _split_intents(label: str) -> frozenset[str]:
    """The intents a gold label asks: the generator writes multi-intent labels "a+b"."""
    return frozenset(label.split("+"))


def _check_items(predicted: Mapping[str, str], name: str, other: Mapping[str, str]) -> None:
    """Refuse mappings over different items, naming a few ids on each side.

    Scoring silently over the intersection would hide a clusterer that drops
    or invents messages, which is exactly the kind of bug a benchmark must show.
    """
    if predicted.keys() == other.keys():
        return
    problems = []
    missing = sorted(set(predicted) - set(other))
    if missing:
        problems.append(f"{len(missing)} missing from {name}, e.g. {missing[:_SHOWN_IDS]}")
    extra = sorted(set(other) - set(predicted))
    if extra:
        problems.append(f"{len(extra)} missing from predicted, e.g. {extra[:_SHOWN_IDS]}")
    raise ValueError(f"predicted and {name} cover different items: " + "; ".join(problems))


def _mixes_near_miss(asked: list[frozenset[str]], partners: Mapping[str, set[str]]) -> bool:
    """Whether a cluster's intent sets mix the two sides of a near-miss pair.

    ``asked`` holds one intent set per distinct gold label in the cluster. The
    union must hold both sides, and no single set may: an item asking both
    legitimately carries both, so its cluster is not a wrong merge by itself.
    """
    union = frozenset().union(*asked)
    for intent in union:
        for partner in partners.get(intent, ()):
            if partner in union and not any(intent in s and partner in s for s in asked):
                return True
    return False


def score(
    predicted: Mapping[str, str],
    gold: Mapping[str, str],
    reference: Mapping[str, str] | None = None,
    near_miss_pairs: Iterable[tuple[str, str]] = (),
    gold_of_key: Callable[[str], frozenset[str]] | None = None,
) -> Scores:
    """Score ``predicted`` (item → cluster) against ``gold`` (item → class).

    ``reference`` (default ``gold``) is the ideal grouping for "actions saved":
    callers pass the generator's base text. ``near_miss_pairs`` are intents
    that look alike but need different answers (order within a pair does not
    matter). ``gold_of_key`` gives the intents a gold label asks (default:
    split "a+b" on "+"); a cluster mixes a near-miss pair when its items
    together ask both sides and no single item asks both (an item asking
    both legitimately carries both). Purity uses the plain gold string, so an
    "a+b" item is a class of its own.

    Raises ``ValueError`` on empty input or when the mappings cover different items.
    """
    if not predicted and not gold:
        raise ValueError("nothing to score: no items")
    reference = gold if reference is None else reference
    _check_items(predicted, "gold", gold)
    _check_items(predicted, "reference", reference)
    intents_of = gold_of_key or _split_intents

    # The contingency table: items per (predicted cluster, gold class) cell.
    cells: Counter[tuple[str, str]] = Counter((predicted[i], gold[i]) for i in predicted)
    cluster_sizes: Counter[str] = Counter(predicted.values())
    class_sizes: Counter[str] = Counter(gold.values())
    total = len(predicted)

    # Pairs together in a cell are together in both; rows and columns give the rest.
    same_both = sum(_pairs(n) for n in cells.values())
    same_cluster = sum(_pairs(n) for n in cluster_sizes.values())
    same_class = sum(_pairs(n) for n in class_sizes.values())
    pairwise_precision = same_both / same_cluster if same_cluster else 1.0
    pairwise_recall = same_both / same_class if same_class else 1.0

    # B-cubed: each of the n items of a cell has precision n/|cluster| and
    # recall n/|class|, so a cell contributes n*n/|cluster| and n*n/|class|.
    bcubed_precision = sum(n * n / cluster_sizes[c] for (c, _), n in cells.items()) / total
    bcubed_recall = sum(n * n / class_sizes[g] for (_, g), n in cells.items()) / total

    classes_in: defaultdict[str, list[str]] = defaultdict(list)
    for cluster, label in cells:
        classes_in[cluster].append(label)
    impure = {cluster for cluster, labels in classes_in.items() if len(labels) > 1}

    # Near-miss partners per intent, so each cluster only checks the pairs its
    # intents belong to (not every pair for every cluster).
    partners: defaultdict[str, set[str]] = defaultdict(set)
    for first, second in near_miss_pairs:
        if first != second:
            partners[first].add(second)
            partners[second].add(first)
    mixed = 0
    if partners:
        asked = {label: intents_of(label) for label in class_sizes}  # once per distinct label
        for labels in classes_in.values():
            if len(labels) > 1 and _mixes_near_miss([asked[label] for label in labels], partners):
                mixed += 1

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
    """The rows of a demo mailbox's ``labels.jsonl``, in file order (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# Short column headings keep a dozen scores readable in a terminal.
_HEADINGS = {
    "pairwise_precision": "pw P", "pairwise_recall": "pw R", "pairwise_f1": "pw F1",
    "bcubed_precision": "B3 P", "bcubed_recall": "B3 R", "bcubed_f1": "B3 F1",
    "clusters": "clusters", "impure_clusters": "impure", "near_miss_mixed": "near-miss",
    "actions_saved": "saved", "ideal_actions_saved": "ideal", "actions_saved_ratio": "saved/ideal",
}  # fmt: skip


def _cell(value: object) -> str:
    """A score as printed: ratios with 3 decimals, counts as integers."""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def format_table(rows: Sequence[tuple[str, Scores]]) -> str:
    """A fixed-width table, one row per named run, every score as a column.

    Columns are as wide as their heading or widest value, so runs line up
    whatever the mailbox size; the run name is left-aligned, numbers right.
    """
    names = [field.name for field in fields(Scores)]
    table = [[_cell(getattr(scores, name)) for name in names] for _, scores in rows]
    first = max([len("run"), *(len(run) for run, _ in rows)])
    widths = [
        max([len(_HEADINGS[name]), *(len(line[column]) for line in table)])
        for column, name in enumerate(names)
    ]
    headings = (_HEADINGS[name].rjust(width) for name, width in zip(names, widths, strict=True))
    lines = ["run".ljust(first) + "  " + "  ".join(headings)]
    for (run, _), line in zip(rows, table, strict=True):
        cells = "  ".join(text.rjust(width) for text, width in zip(line, widths, strict=True))
        lines.append(run.ljust(first) + "  " + cells)
    return "\n".join(lines)
