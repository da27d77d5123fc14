"""Templates suggested for open clusters, from the templates agents used on answered messages.

Every reply records its template and the messages it answers, so each
answered message says which template fit it. An open cluster whose
representative is like answered messages gets their template as a
suggestion (:mod:`desk.cluster.suggest`), with a confidence calibrated on the
answered messages themselves: each suggested by a classifier trained without
it, the share of right suggestions at that score or above (a lower bound).
The window shows it and can group open clusters by suggested template; an
agent confirms, never the machine.

Only the answers the classifier learns from are turned into vectors (at most
100 recent ones per template). 20,000 answered demo messages and 600 open
clusters: 12 s on 2 cores, against 28-29 s in the same run when every answer
was vectorised (the same 599 suggestions shown); the former nearest-answers
vote took 2.5 times as long as the latter. Run it off the GUI thread, after
the clusters are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.cluster.suggest import Calibration, Classifier, Space, cross_scores, learnt_rows
from desk.store.models import (
    Cluster,
    ClusterMember,
    Message,
    MessageFeatures,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)

# The most recent answers learnt from: enough to know every template many times over, few
# enough to keep the computation to seconds.
MAX_ANSWERED = 20_000
# Below this calibrated confidence nothing is suggested.
MIN_CONFIDENCE = 0.9
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ClusterSuggestion:
    """The template suggested for an open cluster, and how often such suggestions were right."""

    cluster_id: int
    template_id: int
    template_name: str
    confidence: float


def answered_examples(session: Session, limit: int = MAX_ANSWERED) -> list[tuple[str, int]]:
    """(compared text, template id) of the most recently answered messages.

    A message counts once, with the template of its latest reply; failed
    replies and replies written without a template teach nothing.
    """
    latest = (
        select(ReplyMessage.message_id, func.max(Reply.id).label("reply_id"))
        .join(Reply, Reply.id == ReplyMessage.reply_id)
        .where(Reply.template_id.is_not(None), Reply.state != ReplyState.FAILED)
        .group_by(ReplyMessage.message_id)
        .subquery()
    )
    rows = session.execute(
        select(MessageFeatures.body, Reply.template_id)
        .join(latest, latest.c.message_id == MessageFeatures.message_id)
        .join(Reply, Reply.id == latest.c.reply_id)
        .where(MessageFeatures.body != "")
        .order_by(latest.c.reply_id.desc())
        .limit(limit)
    ).all()
    return [(body, int(template)) for body, template in rows if template is not None]


def _open_representatives(
    session: Session, cluster_ids: Sequence[int] | None
) -> list[tuple[int, str]]:
    """(cluster id, representative's compared text) of clusters with open messages."""
    open_clusters = (
        select(ClusterMember.cluster_id)
        .join(Message, Message.id == ClusterMember.message_id)
        .where(Message.status == MessageStatus.OPEN)
        .distinct()
        .subquery()
    )
    query = (
        select(Cluster.id, MessageFeatures.body)
        .join(open_clusters, open_clusters.c.cluster_id == Cluster.id)
        .join(MessageFeatures, MessageFeatures.message_id == Cluster.representative_id)
        .where(MessageFeatures.body != "", Cluster.kind == "request")
    )
    if cluster_ids is None:
        return [(int(c), body) for c, body in session.execute(query)]
    found: list[tuple[int, str]] = []
    for start in range(0, len(cluster_ids), _CHUNK):
        chunk = cluster_ids[start : start + _CHUNK]
        found.extend((int(c), b) for c, b in session.execute(query.where(Cluster.id.in_(chunk))))
    return found


def suggest_templates(
    session: Session,
    cluster_ids: Sequence[int] | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> dict[int, ClusterSuggestion]:
    """Open cluster id → its suggested template, when the confidence reaches ``min_confidence``."""
    examples = answered_examples(session)
    targets = _open_representatives(session, cluster_ids)
    if not examples or not targets:
        return {}
    rows = learnt_rows([template for _, template in examples])
    texts = [examples[row][0] for row in rows]
    templates = [examples[row][1] for row in rows]
    space = Space(texts + [body for _, body in targets])
    answered = space.vectors(texts)
    calibration = Calibration(*cross_scores(answered, templates))
    names = {row[0]: row[1] for row in session.execute(select(Template.id, Template.name))}
    found: dict[int, ClusterSuggestion] = {}
    queries = space.vectors([body for _, body in targets])
    classifier = Classifier(answered, templates)
    for (cluster_id, _), suggestion in zip(targets, classifier.suggest(queries), strict=True):
        if suggestion is None:
            continue
        confidence = calibration.confidence(suggestion.score)
        template = int(suggestion.template)  # type: ignore[call-overload]
        if confidence >= min_confidence and template in names:
            found[cluster_id] = ClusterSuggestion(cluster_id, template, names[template], confidence)
    return found
