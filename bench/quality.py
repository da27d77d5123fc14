"""Clustering quality on labelled mail: one table row per clusterer and mailbox.

Gold classes are the labels' intents; the ideal for "actions saved" groups by
the generator's base text (a perfect near-duplicate detector) where the set
has one, else by intent. Rows: Desk's clusterer at the default threshold (all
messages, then requests only — what agents answer), and reference points:
every message alone, identical subjects grouped, identical bodies grouped.

A member Desk places in a cluster as "asks more" (it asks the cluster's request
and something else) is scored as answered apart: the window flags it and the
reply leaves it out by default. Below the table, per Desk row: how many were
flagged and how many of those really ask two things (labels "a+b").

Mailboxes: the demo generator's (sizes × seeds); then mail the generator did
not write: the two hand-written sets in ``tests/fixtures/handwritten`` and
``handwritten2``, and the public labelled request sets in
``../shared/corpora/intents`` (CLINC150 in English, MInDS-14 in French; skipped
with a note when ``../shared`` is absent). A change that helps the demo and
hurts these is not an improvement.

Run: ``.venv/bin/python -m bench.quality [--sizes 2600 26000] [--seeds 1 2 3]``
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from desk.cluster.clusterer import DEFAULT_THRESHOLD, Clusterer, Mail
from desk.cluster.metrics import Scores, format_table, load_labels, score
from desk.cluster.nonrequest import Kind
from desk.cluster.service import prepare_many
from desk.demo.generator import generate_mailbox
from desk.demo.intents import INTENTS
from desk.mail.parse import ParsedMessage, parse_message

OUT = Path(__file__).resolve().parent / "out"
ClusterFunction = Callable[[dict[str, ParsedMessage]], dict[str, str]]
ROOT = Path(__file__).resolve().parent.parent
HANDWRITTEN = ROOT / "tests" / "fixtures" / "handwritten"
HANDWRITTEN_2 = ROOT / "tests" / "fixtures" / "handwritten2"
INTENTS_CORPORA = ROOT.parent / "shared" / "corpora" / "intents"
_PREFIX = re.compile(r"^(?:\s*(?:re|tr|fwd?|aw|wg|relance)\s*:\s*)+", re.IGNORECASE)


def every_message_alone(messages: dict[str, ParsedMessage]) -> dict[str, str]:
    """No clustering at all: the lower bound on actions saved, the upper bound on precision."""
    return {key: key for key in messages}


def same_subject(messages: dict[str, ParsedMessage]) -> dict[str, str]:
    """What a helpdesk's 'similar subject' view does: exact subject after Re:/Fwd: prefixes."""
    return {
        key: _PREFIX.sub("", m.subject).strip().lower() or f"(none) {key}"
        for key, m in messages.items()
    }


def same_body(messages: dict[str, ParsedMessage]) -> dict[str, str]:
    """Exact duplicates only: identical body text (whitespace and case folded)."""
    return {
        key: " ".join(m.text.lower().split()) or f"(empty) {key}" for key, m in messages.items()
    }


def desk_clusterer(messages: dict[str, ParsedMessage]) -> dict[str, str]:
    """Desk's own clusterer, default threshold, normalising on two processes."""
    mails = [
        Mail(key, m.subject, m.text, m.from_name, m.from_addr, m.is_auto, m.message_id_header,
             m.in_reply_to)
        for key, m in messages.items()
    ]  # fmt: skip
    clusterer = Clusterer(DEFAULT_THRESHOLD, workers=2)
    clusterer.add_batch(prepare_many(mails, workers=2))
    _REQUESTS.clear()
    _REQUESTS.update(str(k) for k in messages if clusterer.kind_of(k) is Kind.REQUEST)
    _ASKS_MORE.clear()
    _ASKS_MORE.update(str(k) for k in messages if clusterer.asks_more(k) is not None)
    return {
        str(key): f"asks more {key}" if str(key) in _ASKS_MORE else f"c{cluster}"
        for key, cluster in clusterer.assignments().items()
    }


_REQUESTS: set[str] = set()
_ASKS_MORE: set[str] = set()
NOTES: list[str] = []

CLUSTERERS: dict[str, ClusterFunction] = {
    "desk": desk_clusterer,
    "alone": every_message_alone,
    "same subject": same_subject,
    "same body": same_body,
}


def mailbox(size: int, seed: int) -> tuple[dict[str, ParsedMessage], list[dict[str, str | None]]]:
    """The demo mailbox of that size and seed (cached in bench/out), parsed, with its labels."""
    root = OUT / f"quality-{size}-{seed}"
    if not (root / ".complete").exists():
        generate_mailbox(root, size=size, seed=seed)
        (root / ".complete").write_text("ok")
    labels = load_labels(root / "labels.jsonl")
    messages = {
        str(row["file"]): parse_message((root / "Maildir" / str(row["file"])).read_bytes())
        for row in labels
    }
    return messages, labels


def _score_all(
    name: str, messages: dict[str, ParsedMessage], labels: list[dict[str, str | None]]
) -> list[tuple[str, Scores]]:
    pairs = [(i.key, i.near_miss_of) for i in INTENTS if i.near_miss_of]
    gold = {str(r["file"]): str(r["intent"]) for r in labels}
    base = {str(r["file"]): str(r.get("base_id") or r["intent"]) for r in labels}
    rows: list[tuple[str, Scores]] = []
    for clusterer_name, clusterer in CLUSTERERS.items():
        started = time.perf_counter()
        predicted = clusterer(messages)
        elapsed = time.perf_counter() - started
        rows.append(
            (
                f"{clusterer_name} | {name} | {elapsed:.2f}s",
                score(predicted, gold, reference=base, near_miss_pairs=pairs),
            )
        )
        if clusterer is desk_clusterer:
            two = sum(1 for key in _ASKS_MORE if "+" in gold[key])
            NOTES.append(
                f"{name}: {len(_ASKS_MORE)} members flagged 'asks more', {two} of them "
                f"labelled with two requests; {sum('+' in g for g in gold.values())} such "
                "messages in the set"
            )
            keep = _REQUESTS
            rows.append(
                (
                    f"desk, requests only | {name}",
                    score(
                        {k: v for k, v in predicted.items() if k in keep},
                        {k: v for k, v in gold.items() if k in keep},
                        reference={k: v for k, v in base.items() if k in keep},
                        near_miss_pairs=pairs,
                    ),
                )
            )
    return rows


def labelled(
    labels_file: Path, folder: Path
) -> tuple[dict[str, ParsedMessage], list[dict[str, str | None]]]:
    """A labelled set (``labels.jsonl`` rows name files under ``folder``), parsed."""
    labels = load_labels(labels_file)
    messages = {str(row["file"]): parse_message((folder / str(row["file"])).read_bytes())
                for row in labels}  # fmt: skip
    return messages, labels


def handwritten() -> tuple[dict[str, ParsedMessage], list[dict[str, str | None]]]:
    """The first hand-written set, parsed, with its labels."""
    return labelled(HANDWRITTEN / "labels.jsonl", HANDWRITTEN / "Maildir")


def independent_sets() -> list[tuple[str, Path, Path]]:
    """(name, labels file, folder) of every labelled set the generator did not write."""
    sets = [
        ("hand-written", HANDWRITTEN / "labels.jsonl", HANDWRITTEN / "Maildir"),
        ("hand-written 2", HANDWRITTEN_2 / "labels.jsonl", HANDWRITTEN_2 / "Maildir"),
    ]
    for corpus in ("clinc150", "minds14_fr"):
        folder = INTENTS_CORPORA / corpus
        if (folder / "labels.jsonl").exists():
            sets.append((corpus, folder / "labels.jsonl", folder))
        else:
            NOTES.append(f"{corpus}: skipped, {folder} not found (../shared beside the repo)")
    return sets


def run(sizes: list[int], seeds: list[int]) -> list[tuple[str, Scores]]:
    """Score every clusterer on every (size, seed), then on the sets we did not write."""
    rows: list[tuple[str, Scores]] = []
    for size in sizes:
        for seed in seeds:
            messages, labels = mailbox(size, seed)
            rows.extend(_score_all(f"{size} | seed {seed}", messages, labels))
    for name, labels_file, folder in independent_sets():
        messages, labels = labelled(labels_file, folder)
        rows.extend(_score_all(f"{name} {len(labels)}", messages, labels))
    return rows


def main() -> None:
    """Print the quality table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2600, 26000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    print(format_table(run(args.sizes, args.seeds)))
    print()
    print("\n".join(NOTES))


if __name__ == "__main__":
    main()
