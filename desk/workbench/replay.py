"""A surge replayed with a simulated agent: how many answer commands a labelled mailbox takes.

``desk replay PATH --labels FILE --json OUT`` measures what Desk is for: how few
actions answer a flood, and how few people get the wrong answer. The mailbox
(Maildir, mbox or folder of ``.eml``, as ``desk cluster`` reads it) arrives in
date order, SLICES slices of it, into a temporary store (the user's database
is never touched), and is clustered as the app clusters arriving mail. After
each slice, a simulated agent answers everything open, knowing from the labels
file (JSON Lines with ``file`` and ``intent``) the right template for each
message, one template per intent:

- for each template suggested for open clusters (:mod:`desk.workbench.suggestions`),
  one action: the agent reviews each of those clusters' representative only,
  leaves out the clusters whose representative needs another template, and
  answers the rest, members unseen;
- then every open cluster left, one action each, answered with its
  representative's template;
- members flagged "asks more" are left out of their cluster's answer (as the
  window does by default) and answered one by one, correctly.

A message answered with a template other than its intent is a wrong answer
(a member of another intent in a cluster, or a two-request message answered
for one). Answers are recorded as replies with their template, so later
suggestions learn from them, and are never sent.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.cluster.clusterer import DEFAULT_THRESHOLD, check_threshold
from desk.cluster.service import ClusterService
from desk.jobs import mailbox_source
from desk.mail.ingest import ingest_source
from desk.mail.sources import LocalSource, SourceItem
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import (
    Cluster,
    ClusterMember,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)
from desk.workbench.suggestions import suggest_templates

# The mailbox arrives in this many slices, in date order; the agent answers after each.
SLICES = 20
# Suggestions the simulated agent takes: the window shows those at this confidence or more.
SUGGESTION_CONFIDENCE = 0.9


@dataclass
class ReplayReport:
    """What ``desk replay`` writes (the contract), and how long it took (not written)."""

    messages: int = 0
    actions: int = 0
    representatives_reviewed: int = 0
    wrong_answers: int = 0
    unanswered: int = 0
    seconds: float = field(default=0.0, compare=False)

    def contract(self) -> dict[str, int]:
        """The JSON object ``--json OUT`` receives."""
        found = asdict(self)
        del found["seconds"]
        return found


def read_labels(path: Path) -> dict[str, str]:
    """``file`` → ``intent`` from a JSON Lines labels file, with clear errors on bad input."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ValueError(f"cannot read the labels file {path}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise ValueError(f"the labels file {path} is not UTF-8 text") from error
    labels: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}, line {number}: not JSON ({error.msg})") from error
        if not isinstance(row, dict) or "file" not in row or "intent" not in row:
            raise ValueError(f'{path}, line {number}: needs "file" and "intent"')
        labels[str(row["file"])] = str(row["intent"])
    if not labels:
        raise ValueError(f"the labels file {path} has no labels")
    return labels


def record_answer(
    session: Session, message_ids: Sequence[int], template_id: int, message_id_header: str
) -> None:
    """Record that these messages were answered with this template, as if the reply went.

    What suggestions learn from (:mod:`desk.workbench.suggestions`): a sent
    reply with its template and the messages it answers, now answered. Nothing
    is composed or sent.
    """
    reply = Reply(
        message_id_header=message_id_header,
        template_id=template_id,
        to_addr="replay@desk.invalid",
        subject="replay",
        body_text="",
        state=ReplyState.SENT,
    )
    session.add(reply)
    session.flush()
    for message_id in message_ids:
        session.add(ReplyMessage(reply_id=reply.id, message_id=message_id))
        session.get_one(Message, message_id).status = MessageStatus.ANSWERED


class _Arrived:
    """The part of a source that has arrived so far (a source itself, for the ingest)."""

    def __init__(self, source: LocalSource) -> None:
        self._source = source
        self.kind = source.kind
        self.root = source.root
        self.keys: set[str] = set()

    @property
    def locator(self) -> str:
        return self._source.locator

    def items(self) -> Iterator[SourceItem]:
        return (item for item in self._source.items() if item.key in self.keys)

    def read(self, item: SourceItem) -> bytes:
        return self._source.read(item)


def _in_date_order(source: LocalSource) -> list[str]:
    """The source's item keys, oldest Date first (items without a readable Date first)."""
    parser = BytesHeaderParser()
    dated: list[tuple[float, int, str]] = []
    for order, item in enumerate(source.items()):
        when = 0.0
        try:
            header = parser.parsebytes(source.read(item)).get("Date")
            if header:
                when = parsedate_to_datetime(str(header)).timestamp()
        except (OSError, TypeError, ValueError, IndexError):
            when = item.internal_date.timestamp() if item.internal_date else 0.0
        dated.append((when, order, item.key))
    dated.sort()
    return [key for _, _, key in dated]


class _Agent:
    """The simulated agent: answers what is open, as the module docstring says."""

    def __init__(self, labels: dict[str, str], report: ReplayReport) -> None:
        self.labels = labels
        self.report = report
        self._templates: dict[str, int] = {}
        self._replies = 0
        self._intents: dict[int, str] = {}

    def _intent(self, session: Session, message_id: int) -> str:
        if message_id not in self._intents:
            path = session.scalar(select(Message.source_path).where(Message.id == message_id))
            intent = self.labels.get(str(path))
            if intent is None:
                raise ValueError(f"no label for {path} in the labels file")
            self._intents[message_id] = intent
        return self._intents[message_id]

    def _template(self, session: Session, intent: str) -> int:
        if intent not in self._templates:
            template = Template(name=intent, body_text=intent)
            session.add(template)
            session.flush()
            self._templates[intent] = template.id
        return self._templates[intent]

    def _answer(self, session: Session, message_ids: list[int], intent: str) -> None:
        """Record one reply with the intent's template for these messages (never sent)."""
        self._replies += 1
        record_answer(
            session,
            message_ids,
            self._template(session, intent),
            f"<replay-{self._replies}@desk.invalid>",
        )
        for message_id in message_ids:
            if self._intent(session, message_id) != intent:
                self.report.wrong_answers += 1

    def _open_clusters(self, session: Session) -> dict[int, tuple[list[int], list[int]]]:
        """Open request clusters → (open members to answer, open members asking more)."""
        found: defaultdict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for cluster_id, message_id, asks_more in session.execute(
            select(ClusterMember.cluster_id, Message.id, ClusterMember.asks_more)
            .join(Message, Message.id == ClusterMember.message_id)
            .join(Cluster, Cluster.id == ClusterMember.cluster_id)
            .where(Message.status == MessageStatus.OPEN, Cluster.kind == "request")
            .order_by(Message.id)
        ):
            found[cluster_id][1 if asks_more else 0].append(message_id)
        return dict(found)

    def _representative(self, session: Session, cluster_id: int, members: list[int]) -> int:
        chosen = session.scalar(select(Cluster.representative_id).where(Cluster.id == cluster_id))
        return chosen if chosen is not None else members[0]

    def answer_everything(self, session: Session) -> None:
        """Suggested passes first, then each cluster left, then members that ask more."""
        clusters = self._open_clusters(session)
        suggested = suggest_templates(
            session, [c for c, (plain, _) in clusters.items() if plain], SUGGESTION_CONFIDENCE
        )
        by_template: defaultdict[int, list[int]] = defaultdict(list)
        for cluster_id, suggestion in suggested.items():
            by_template[suggestion.template_id].append(cluster_id)
        names = {template_id: intent for intent, template_id in self._templates.items()}
        done: set[int] = set()
        for template_id, cluster_ids in sorted(by_template.items()):
            intent = names.get(template_id)
            if intent is None:
                continue
            self.report.actions += 1
            for cluster_id in cluster_ids:
                plain = clusters[cluster_id][0]
                self.report.representatives_reviewed += 1
                representative = self._representative(session, cluster_id, plain)
                if self._intent(session, representative) == intent:
                    self._answer(session, plain, intent)
                    done.add(cluster_id)
        for cluster_id, (plain, _) in sorted(clusters.items()):
            if plain and cluster_id not in done:
                self.report.actions += 1
                representative = self._representative(session, cluster_id, plain)
                self._answer(session, plain, self._intent(session, representative))
        for _, asking_more in clusters.values():
            for message_id in asking_more:
                self.report.actions += 1
                self._answer(session, [message_id], self._intent(session, message_id))


def replay_path(
    path: Path,
    labels_file: Path,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
    slices: int = SLICES,
    log: TextIO | None = None,
) -> ReplayReport:
    """Replay the mailbox at ``path`` with a simulated agent (see the module docstring)."""
    check_threshold(threshold)
    if slices < 1:
        raise ValueError(f"slices must be 1 or more, not {slices}")
    labels = read_labels(labels_file)
    source = mailbox_source(path)
    order = _in_date_order(source)
    if not order:
        raise ValueError(f"{path} holds no messages to replay")
    report = ReplayReport(messages=len(order))
    agent = _Agent(labels, report)
    arrived = _Arrived(source)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="desk-replay-") as scratch:
        store = open_store(sqlite_url(Path(scratch) / "replay.sqlite3"))
        try:
            service = ClusterService(store.sessions, threshold, workers=workers or 0)
            size = -(-len(order) // slices)
            for start in range(0, len(order), size):
                arrived.keys.update(order[start : start + size])
                ingested = ingest_source(store.sessions, arrived, workers=workers or 0)
                service.update(new_ids=ingested.added_ids)
                with store.sessions.begin() as session:
                    agent.answer_everything(session)
                if log is not None:
                    print(
                        f"desk replay: {len(arrived.keys)}/{len(order)} messages, "
                        f"{report.actions} actions, {report.wrong_answers} wrong",
                        file=log,
                    )
            with store.sessions() as session:
                report.unanswered = len(
                    session.scalars(
                        select(Message.id).where(Message.status == MessageStatus.OPEN)
                    ).all()
                )
        finally:
            store.close()
    report.seconds = time.perf_counter() - started
    return report
