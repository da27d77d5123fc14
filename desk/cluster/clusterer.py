"""The clusterer: messages in, clusters out, in memory, in batches or one by one.

It holds, for every message it was given, the compared text (see
:mod:`desk.cluster.features`), the candidate index and the scored pairs, so:

- a batch of 26,000 messages is clustered without comparing all pairs
  (:mod:`desk.cluster.pairs`) and without chaining (:mod:`desk.cluster.join`);
- a new message is scored against its candidates only and joins the cluster
  whose centre it is closest to, or starts its own (:meth:`Clusterer.add`);
- another threshold regroups everything from the kept pair scores
  (:meth:`Clusterer.regroup`), without scoring anything again.

Messages with identical compared text are one node of the graph (5,000 copies
of one message cost one comparison). The compared text is the message's
features without the mailbox's learned boilerplate (:mod:`desk.cluster.boilerplate`).
A message asking its cluster's request and something more joins that cluster
flagged (:meth:`Clusterer.asks_more`), never gathering others. Non-requests (auto-replies, bounces,
spam) are clustered among themselves, never with requests; a message with
nothing specific to compare stays alone unless it replies to a known message,
in which case it joins that message's cluster.

Nothing here touches the database: :mod:`desk.cluster.store` persists.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field

import numpy as np

from desk.cluster.boilerplate import Boilerplate
from desk.cluster.features import MAX_COMPARED_CHARS, Features, Source, features, tokens_of
from desk.cluster.join import attach_askers, star_join
from desk.cluster.nonrequest import Kind, classify
from desk.cluster.pairs import (
    LONG_LIST,
    MIN_KEPT_SCORE,
    Extra,
    PairScores,
    Scored,
    candidate_pairs,
    compare_texts,
    prefix_length,
    score_against,
    score_pairs,
)

DEFAULT_THRESHOLD = 85.0
MIN_THRESHOLD = MIN_KEPT_SCORE  # no pair below it is kept, so no lower threshold means anything
MAX_THRESHOLD = 100.0
# Candidates a new message is scored against, per index word: the newest first.
INCREMENTAL_CANDIDATES = 200


def check_threshold(threshold: float) -> float:
    """``threshold`` if it is a similarity the clusterer can use, else a clear ValueError."""
    if not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        raise ValueError(
            f"similarity threshold must be between {MIN_THRESHOLD:g} and {MAX_THRESHOLD:g} "
            f"(percent), not {threshold:g}"
        )
    return threshold


@dataclass(frozen=True, slots=True)
class Mail:
    """What the clusterer needs to know about one message."""

    key: Hashable
    subject: str
    text: str
    from_name: str = ""
    from_addr: str = ""
    is_auto: bool = False
    message_id: str | None = None
    in_reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A message's kind and compared text: computed once, storable, reusable after restart."""

    key: Hashable
    kind: Kind
    features: Features
    message_id: str | None = None
    in_reply_to: str | None = None


def prepare(mail: Mail) -> Prepared:
    """Classify and normalise one message (the costly step; safe to run in worker processes)."""
    kind = classify(
        subject=mail.subject, text=mail.text, from_addr=mail.from_addr, is_auto=mail.is_auto
    )
    names = [mail.from_name] if mail.from_name else []
    return Prepared(
        mail.key, kind, features(mail.subject, mail.text, names), mail.message_id, mail.in_reply_to
    )


@dataclass
class _Graph:
    """One partition (requests, or one kind of non-request): nodes, index and pairs."""

    bodies: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    weights: list[int] = field(default_factory=list)
    tokens: list[list[int]] = field(default_factory=list)
    node_of_body: dict[str, int] = field(default_factory=dict)
    postings: dict[int, list[int]] = field(default_factory=dict)
    kept: PairScores = field(default_factory=PairScores.empty)
    # Pairs added one message at a time, joined to ``kept`` when all are needed at once
    # (copying every kept pair for each new message would cost O(pairs) per message).
    pending: list[PairScores] = field(default_factory=list)
    # Pairs where one text asks more than the other (first = the asker), kept the same way.
    asks_more_kept: PairScores = field(default_factory=PairScores.empty)
    asks_more_pending: list[PairScores] = field(default_factory=list)
    # Nodes placed in their cluster as "asks more" at the current threshold.
    flagged: set[int] = field(default_factory=set)
    # The centre of each node at the current threshold, kept up to date by add().
    centre: list[int] = field(default_factory=list)
    # The first message placed on each node: it names the node's cluster.
    first_key: list[Hashable] = field(default_factory=list)

    @property
    def pairs(self) -> PairScores:
        """Every kept pair of this partition."""
        if self.pending:
            for more in self.pending:
                self.kept = self.kept.concat(more)
            self.pending.clear()
        return self.kept

    @property
    def asks_more(self) -> PairScores:
        """Every kept "asks more" pair of this partition."""
        if self.asks_more_pending:
            for more in self.asks_more_pending:
                self.asks_more_kept = self.asks_more_kept.concat(more)
            self.asks_more_pending.clear()
        return self.asks_more_kept

    def keep(self, scored: Scored) -> None:
        """Add newly scored pairs."""
        self.pending.append(scored.plain)
        self.asks_more_pending.append(scored.asks_more)

    def node(
        self, key: Hashable, feature: Features, vocabulary: dict[str, int]
    ) -> tuple[int, bool]:
        """The node for this text, and whether it is new."""
        existing = self.node_of_body.get(feature.body)
        if existing is not None:
            self.weights[existing] += 1
            return existing, False
        node = len(self.bodies)
        self.node_of_body[feature.body] = node
        self.bodies.append(feature.body)
        self.subjects.append(feature.subject)
        self.weights.append(1)
        ids = [vocabulary.setdefault(word, len(vocabulary)) for word in feature.tokens]
        self.tokens.append(ids)
        for token in ids:
            self.postings.setdefault(token, []).append(node)
        self.centre.append(node)
        self.first_key.append(key)
        return node, True


class Clusterer:
    """Clusters of near-duplicate messages, kept up to date as messages arrive."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, workers: int = 1) -> None:
        self.threshold = check_threshold(threshold)
        self.workers = workers
        self._vocabulary: dict[str, int] = {}
        self._graphs: dict[Kind, _Graph] = {}
        # key → (kind, node) for compared messages; key → key of the message it follows up.
        self._node: dict[Hashable, tuple[Kind, int]] = {}
        self._follows: dict[Hashable, Hashable] = {}
        self._key_of_message_id: dict[str, Hashable] = {}
        self._prepared: dict[Hashable, Prepared] = {}
        self.boilerplate = Boilerplate()

    def __len__(self) -> int:
        return len(self._prepared)

    def prepared(self, key: Hashable) -> Prepared:
        """What was computed for one message."""
        return self._prepared[key]

    # ------------------------------------------------------------------ adding
    def _place(self, item: Prepared) -> tuple[_Graph, int, bool] | None:
        if item.key in self._prepared:
            raise ValueError(f"message {item.key!r} was already clustered")
        self._prepared[item.key] = item
        if item.message_id:
            self._key_of_message_id.setdefault(item.message_id, item.key)
        if item.features.source is Source.NONE:
            parent = self._key_of_message_id.get(item.in_reply_to or "")
            if item.kind is Kind.REQUEST and parent is not None and parent != item.key:
                self._follows[item.key] = parent
            return None  # otherwise alone: its own cluster (see cluster_of)
        graph = self._graphs.setdefault(item.kind, _Graph())
        node, new = graph.node(item.key, self._compared(item.features), self._vocabulary)
        self._node[item.key] = (item.kind, node)
        return graph, node, new

    def _compared(self, feature: Features) -> Features:
        """What the message is compared on: its features without the mailbox's boilerplate."""
        body = self.boilerplate.strip(feature.body)[:MAX_COMPARED_CHARS]
        if body == feature.body:
            return feature
        return Features(body, feature.subject, feature.source, tokens_of(body))

    def add_batch(self, items: Iterable[Prepared], executor: Executor | None = None) -> None:
        """Add many messages and recluster everything at the current threshold.

        ``executor`` (processes) shares the reading of many pairs' sentences.

        Message-IDs are learnt first, so a follow-up listed before what it
        replies to still finds it.
        """
        batch = list(items)
        self.boilerplate.learn(item.features.body for item in batch)
        for item in batch:
            if item.message_id:
                self._key_of_message_id.setdefault(item.message_id, item.key)
        for item in batch:
            self._place(item)
        for graph in self._graphs.values():
            pairs = candidate_pairs(graph.tokens, len(self._vocabulary))
            known = {
                (int(a), int(b)) for a, b in zip(graph.pairs.first, graph.pairs.second, strict=True)
            }
            if known:
                fresh = [tuple(p) not in known for p in pairs.tolist()]
                pairs = pairs[np.asarray(fresh, bool)]
            graph.keep(
                score_pairs(
                    graph.bodies, graph.subjects, pairs, workers=self.workers, executor=executor
                )
            )
        self._rejoin(self.threshold)

    def add(self, item: Prepared) -> Hashable:
        """Add one message; it joins the closest cluster or starts one. Returns its cluster."""
        self.boilerplate.learn([item.features.body])
        placed = self._place(item)
        if placed is None:
            return self.cluster_of(item.key)
        graph, node, new = placed
        if not new:
            return self.cluster_of(item.key)
        candidates = self._candidates(graph, node)
        if candidates:
            scores, extra = score_against(
                graph.bodies[node],
                graph.subjects[node],
                [graph.bodies[c] for c in candidates],
                [graph.subjects[c] for c in candidates],
            )
            kept = scores >= MIN_KEPT_SCORE
            others = np.asarray(candidates, np.int64)[kept]
            values, extra = scores[kept], extra[kept]
            mine = np.full(len(others), node, np.int64)
            plain = extra == Extra.NONE
            mine_more = extra == Extra.FIRST
            theirs_more = extra == Extra.SECOND
            graph.keep(
                Scored(
                    PairScores(
                        np.minimum(mine, others)[plain],
                        np.maximum(mine, others)[plain],
                        values[plain],
                    ),
                    PairScores(
                        np.concatenate([mine[mine_more], others[theirs_more]]),
                        np.concatenate([others[mine_more], mine[theirs_more]]),
                        np.concatenate([values[mine_more], values[theirs_more]]),
                    ),
                )
            )
            graph.centre[node] = self._closest_centre(graph, node, others[plain], values[plain])
            if graph.centre[node] == node:
                asked = self._closest_centre(graph, node, others[mine_more], values[mine_more])
                if asked != node:
                    graph.centre[node] = asked
                    graph.flagged.add(node)
        return self.cluster_of(item.key)

    def _closest_centre(
        self, graph: _Graph, node: int, others: np.ndarray, values: np.ndarray
    ) -> int:
        """The centre closest to ``node`` among ``others`` at the threshold, else ``node``."""
        best_score, best_centre = -1.0, node
        for other, value in zip(others.tolist(), values.tolist(), strict=True):
            is_centre = graph.centre[other] == other and other not in graph.flagged
            if is_centre and value >= self.threshold and value > best_score:
                best_score, best_centre = value, other
        return best_centre

    def _candidates(self, graph: _Graph, node: int) -> list[int]:
        """Nodes sharing one of this node's rarest index words (newest first, capped)."""
        ids = [t for t in graph.tokens[node] if len(graph.postings.get(t, ())) > 1]
        ids.sort(key=lambda t: (len(graph.postings[t]), t))
        found: dict[int, None] = {}
        for token in ids[: prefix_length(len(ids))]:
            posting = graph.postings[token]
            newest = posting[-INCREMENTAL_CANDIDATES - 1 :]
            if len(posting) > LONG_LIST:
                newest = [*posting[: INCREMENTAL_CANDIDATES // 4], *newest]
            for other in newest:
                if other != node:
                    found.setdefault(other)
        return list(found)

    # ------------------------------------------------------------------ grouping
    def _rejoin(self, threshold: float) -> None:
        """Star join of every partition.

        Deliberately without preferring the previous centres: the same pairs
        and threshold always give the same clusters, so moving the slider away
        and back restores what the agent saw. Stored cluster ids stay stable
        through :mod:`desk.cluster.service`, which maps groups to ids by members.
        """
        for graph in self._graphs.values():
            centre = star_join(graph.weights, graph.pairs, threshold)
            flagged = attach_askers(centre, graph.asks_more, threshold)
            graph.centre = centre.tolist()
            graph.flagged = set(np.flatnonzero(flagged).tolist())

    def regroup(self, threshold: float) -> None:
        """Regroup every message at another threshold from the kept pair scores."""
        self.threshold = check_threshold(threshold)
        self._rejoin(threshold)

    def cluster_of(self, key: Hashable) -> Hashable:
        """The cluster of one message: the key of its centre's first message.

        A generic follow-up takes the cluster of what it replies to; a message
        with nothing to compare is its own cluster.
        """
        seen = 0
        while key in self._follows and seen < 50:
            key, seen = self._follows[key], seen + 1
        placed = self._node.get(key)
        if placed is None:
            return key
        kind, node = placed
        graph = self._graphs[kind]
        return graph.first_key[graph.centre[node]]

    def assignments(self) -> dict[Hashable, Hashable]:
        """Every message → its cluster (see :meth:`cluster_of`)."""
        return {key: self.cluster_of(key) for key in self._prepared}

    def asks_more(self, key: Hashable) -> tuple[str, ...] | None:
        """What a message asks beyond its cluster's request, when it was placed as "asks more".

        ``None`` for a message that asks what its cluster asks; otherwise the
        extra sentences, in its compared (folded) text, for the window to show.
        """
        placed = self._node.get(key)
        if placed is None:
            return None
        kind, node = placed
        graph = self._graphs[kind]
        if node not in graph.flagged:
            return None
        compared = compare_texts(graph.bodies[node], graph.bodies[graph.centre[node]])
        return compared.asked_by_first or (graph.bodies[node],)

    def kind_of(self, key: Hashable) -> Kind:
        """Whether a message is a request or which kind of non-request."""
        return self._prepared[key].kind

    def pair_count(self) -> int:
        """How many scored pairs are kept (for the benchmark and the status line)."""
        return sum(len(g.pairs) for g in self._graphs.values())
