"""Suggestion coverage: how much of a mailbox Desk could suggest a template for, and how well.

Each labelled mailbox is replayed in date order, in blocks of BLOCK messages
(a batch of arrivals). Before each block, the messages before it are answered,
each with the template of its intent (one template per intent); Desk suggests
a template for each message of the block from them (:mod:`desk.cluster.suggest`).
Coverage at precision *p* is the largest share
of the messages whose suggestions, taken best score first, are right at least
*p* of the time. Two histories: every earlier answer known, and only the
first 3 answers of each template known (a team's first hour on a new surge).

Requests only, and only those asking one thing: a message labelled with two
intents has no single template (the window flags it "asks more"). Mail the
demo generator did not write is scored beside the demo: the hand-written sets
and ../shared's CLINC150 and MInDS-14.

Run: ``.venv/bin/python -m bench.suggest [--size 2600]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

import numpy as np

from bench.quality import independent_sets, labelled, mailbox
from desk.cluster.clusterer import Mail
from desk.cluster.nonrequest import Kind
from desk.cluster.service import prepare_many
from desk.cluster.suggest import Classifier, Space, Suggestion
from desk.mail.parse import ParsedMessage

PRECISIONS = (0.95, 0.98)
FIRST_ANSWERS = 3
# Messages arriving between two computations of the suggestions.
BLOCK = 100


def _when(message: ParsedMessage, order: int) -> tuple[float, int]:
    """A message's place in date order (its date, then its place in the set)."""
    return (message.date.timestamp() if message.date else 0.0), order


def requests(
    messages: dict[str, ParsedMessage], labels: list[dict[str, str | None]]
) -> tuple[list[str], list[str]]:
    """Single-intent requests in date order: (compared texts, intents)."""
    keys = list(messages)
    mails = [
        Mail(k, m.subject, m.text, m.from_name, m.from_addr, m.is_auto, m.message_id_header,
             m.in_reply_to)
        for k, m in messages.items()
    ]  # fmt: skip
    prepared = {p.key: p for p in prepare_many(mails, workers=2)}
    intent = {str(r["file"]): str(r["intent"]) for r in labels}
    place = {key: index for index, key in enumerate(keys)}
    ordered = sorted(keys, key=lambda k: _when(messages[k], place[k]))
    texts, intents = [], []
    for key in ordered:
        item = prepared[key]
        if item.kind is Kind.REQUEST and "+" not in intent[key]:
            texts.append(item.features.body or item.features.subject)
            intents.append(intent[key])
    return texts, intents


def replay(
    texts: Sequence[str], intents: Sequence[str], first: int | None
) -> list[Suggestion | None]:
    """Each message's suggestion from the answers before its block (``first`` per template)."""
    vectors = Space(texts).vectors(texts)
    known = np.zeros(len(texts), bool)
    answers: dict[str, int] = {}
    for index, intent in enumerate(intents):
        if first is None or answers.get(intent, 0) < first:
            known[index] = True
        answers[intent] = answers.get(intent, 0) + 1
    found: list[Suggestion | None] = [None] * min(BLOCK, len(texts))
    for start in range(BLOCK, len(texts), BLOCK):
        # Most recent first, as the store gives them.
        history = np.flatnonzero(known[:start])[::-1]
        classifier = Classifier(vectors[history], [intents[j] for j in history.tolist()])
        found.extend(classifier.suggest(vectors[start : start + BLOCK]))
    return found


def coverage(found: Sequence[Suggestion | None], intents: Sequence[str]) -> dict[float, float]:
    """Largest share of messages suggested best-first at each precision of PRECISIONS."""
    scored = [(s.score, s.template == intents[i]) for i, s in enumerate(found) if s is not None]
    scored.sort(key=lambda pair: -pair[0])
    right = np.cumsum([ok for _, ok in scored]) / np.arange(1, len(scored) + 1)
    result = {}
    for precision in PRECISIONS:
        ok = np.flatnonzero(right >= precision)
        result[precision] = (int(ok.max()) + 1) / len(intents) if len(ok) else 0.0
    return result


def main() -> None:
    """Print the coverage table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2600)
    args = parser.parse_args()
    sets = [(f"demo {args.size}", *mailbox(args.size, 1))]
    sets += [(name, *labelled(labels, folder)) for name, labels, folder in independent_sets()]
    heading = "set                 messages  history        " + "  ".join(
        f"cov@P{p:.2f}" for p in PRECISIONS
    )
    print(heading)
    for name, messages, labels in sets:
        texts, intents = requests(messages, labels)
        for first in (None, FIRST_ANSWERS):
            started = time.perf_counter()
            result = coverage(replay(texts, intents, first), intents)
            history = "all earlier" if first is None else f"first {first}/template"
            cells = "  ".join(f"{result[p]:10.3f}" for p in PRECISIONS)
            print(
                f"{name:20s}{len(texts):8d}  {history:14s} {cells}  "
                f"({time.perf_counter() - started:.1f} s)"
            )


if __name__ == "__main__":
    main()
