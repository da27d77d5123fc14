"""Clusters in the store: computed once, updated as mail arrives, stable, corrected by agents.

The :class:`ClusterService` owns a :class:`~desk.cluster.clusterer.Clusterer`
for the store it serves:

- :meth:`ClusterService.update` normalises the messages that have no features
  yet (in worker processes when there are many), stores the features, and
  either clusters everything (first run, or after a restart) or adds the new
  messages one by one to the clusters in memory;
- cluster ids are stable: a recomputed group keeps the id of the stored cluster
  most of its members already belonged to, so a restart, a new batch or another
  threshold never renames the clusters agents are working on;
- agents' corrections win: a message moved out of its cluster or a merge is
  stored with ``manual`` set, and re-clustering never moves a manual member.
  A group whose only link to a stored cluster is a manual member (the target of
  a merge) joins that cluster, so later mail follows the agent's merge;
- non-requests (auto-replies, bounces, spam) get the NON_REQUEST status and
  clusters of their own kind, so they never reach the agents' queue.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from desk.cluster.clusterer import (
    DEFAULT_THRESHOLD,
    Clusterer,
    Mail,
    Prepared,
    check_threshold,
    prepare,
)
from desk.cluster.features import Features, Source, tokens_of
from desk.cluster.nonrequest import Kind
from desk.cluster.titles import message_title
from desk.core.clock import utc_now
from desk.core.progress import NULL_PROGRESS, Progress
from desk.store.models import Cluster, ClusterMember, Message, MessageFeatures, MessageStatus
from desk.store.planner import refresh_statistics

log = logging.getLogger(__name__)
# Core tables for plain executemany inserts (the ORM's bulk path regroups rows).
_MEMBER_TABLE = cast(Table, ClusterMember.__table__)
# The start of a representative's text read for its title: its own words come first.
TITLE_SOURCE_CHARS = 8000
_FEATURES_TABLE = cast(Table, MessageFeatures.__table__)

# Below this many new messages, normalising in-process beats starting worker processes.
PARALLEL_FROM = 2000
_CHUNK = 500
_BATCH = 5000


@dataclass(frozen=True)
class UpdateReport:
    """What :meth:`ClusterService.update` did, and how long each stage took (seconds)."""

    prepared: int
    clustered: int
    clusters: int | None  # None after a few new messages (counting scans every membership)
    non_requests: int
    seconds_normalising: float = 0.0
    seconds_clustering: float = 0.0
    seconds_storing: float = 0.0


def title_sources(
    session: Session, message_ids: Sequence[int]
) -> list[tuple[int, str | None, str | None, str | None, str | None]]:
    """What a message's title is made from: (id, subject, text start, compared body, source).

    Batched; ``body`` and ``source`` are None for a message not clustered yet.
    """
    found: list[tuple[int, str | None, str | None, str | None, str | None]] = []
    for start in range(0, len(message_ids), 900):
        for row in session.execute(
            select(
                Message.id,
                Message.subject,
                func.substr(Message.text, 1, TITLE_SOURCE_CHARS),
                MessageFeatures.body,
                MessageFeatures.source,
            )
            .outerjoin(MessageFeatures, MessageFeatures.message_id == Message.id)
            .where(Message.id.in_(message_ids[start : start + 900]))
        ):
            found.append((row[0], row[1], row[2], row[3], row[4]))
    return found


def _id(key: Hashable) -> int:
    """A store message id (the clusterer's keys are message ids here)."""
    if not isinstance(key, int):
        raise TypeError(f"expected a message id, got {key!r}")
    return key


def _prepare_chunk(mails: list[Mail]) -> list[Prepared]:
    return [prepare(mail) for mail in mails]


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn: safe from a Qt worker thread, and the same on Windows.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


class _Workers:
    """One process pool for a whole update, started when first needed.

    Starting a spawn pool costs most of a second on 2 cores (bench.cluster):
    normalising and clustering the same update share one.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = _pool(self.count)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _submit(pool: Executor | None, mails: Sequence[Mail]) -> list[Future[list[Prepared]]]:
    """Start preparing ``mails`` in ``pool`` (or right here without one)."""
    if pool is None:
        done: Future[list[Prepared]] = Future()
        done.set_result(_prepare_chunk(list(mails)))
        return [done]
    return [
        pool.submit(_prepare_chunk, list(mails[i : i + _CHUNK]))
        for i in range(0, len(mails), _CHUNK)
    ]


def _collect(futures: Sequence[Future[list[Prepared]]]) -> list[Prepared]:
    return [item for future in futures for item in future.result()]


def prepare_many(mails: Sequence[Mail], workers: int = 0) -> list[Prepared]:
    """Classify and normalise messages, in ``workers`` processes when it pays."""
    if workers <= 1 or len(mails) < PARALLEL_FROM:
        return _prepare_chunk(list(mails))
    with _pool(workers) as pool:
        return _collect(_submit(pool, mails))


def _mail_rows(session: Session, ids: Sequence[int]) -> list[Mail]:
    """The messages ``ids`` as the clusterer takes them, in the order of ``ids``."""
    rows = session.execute(
        select(
            Message.id,
            Message.subject,
            Message.text,
            Message.from_name,
            Message.from_addr,
            Message.is_auto,
            Message.message_id_header,
            Message.in_reply_to,
        ).where(Message.id.in_(ids))
    ).all()
    rank = {message_id: index for index, message_id in enumerate(ids)}
    return sorted((Mail(*row) for row in rows), key=lambda mail: rank[_id(mail.key)])


def _without_features(session: Session, among: Sequence[int] | None = None) -> list[int]:
    """Messages that have no features yet, in date order; only those in ``among`` if given."""
    query = (
        select(Message.id, Message.date)
        .outerjoin(MessageFeatures, MessageFeatures.message_id == Message.id)
        .where(MessageFeatures.message_id.is_(None))
    )
    if among is None:
        rows = list(session.execute(query.order_by(Message.date, Message.id)))
    else:
        ids = sorted(set(among))
        rows = []
        for start in range(0, len(ids), 900):
            rows.extend(session.execute(query.where(Message.id.in_(ids[start : start + 900]))))
        rows.sort(key=lambda row: (row[1], row[0]))
    return [row[0] for row in rows]


def _merged_targets(session: Session) -> dict[int, int]:
    """Cluster → the cluster an agent merged it into, for every merged cluster."""
    return {
        row[0]: row[1]
        for row in session.execute(
            select(Cluster.id, Cluster.merged_into_id).where(Cluster.merged_into_id.is_not(None))
        )
        if row[1] is not None
    }


def _follow_merges(cluster_id: int, merged: Mapping[int, int]) -> int:
    """The cluster that ``cluster_id`` ended up in after agents' merges (chains bounded)."""
    for _ in range(100):
        target = merged.get(cluster_id)
        if target is None:
            break
        cluster_id = target
    return cluster_id


def _prepared_from_row(
    message_id: int,
    kind: str,
    source: str,
    body: str,
    subject: str,
    header_id: str | None,
    in_reply_to: str | None,
) -> Prepared:
    feature = Features(body, subject, Source(source), tokens_of(body) if body else ())
    return Prepared(message_id, Kind(kind), feature, header_id, in_reply_to)


class ClusterService:
    """Keeps the store's clusters up to date (see the module docstring)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        threshold: float = DEFAULT_THRESHOLD,
        workers: int = 0,
    ) -> None:
        self.sessions = sessions
        self.workers = workers
        self.clusterer = Clusterer(threshold, workers=max(1, workers))
        self._loaded = False

    @property
    def threshold(self) -> float:
        """The similarity threshold in use (percent)."""
        return self.clusterer.threshold

    # ------------------------------------------------------------------ features
    def _prepare_missing(
        self, progress: Progress, workers: _Workers, among: Sequence[int] | None = None
    ) -> list[Prepared]:
        """Features for every message that has none yet, stored; returned in date order.

        ``among`` limits the look to these messages (the ids an ingest or a
        sync just added), which spares scanning the whole store for one mail.
        """
        with self.sessions() as session:
            missing = _without_features(session, among)
        batches = [missing[i : i + _BATCH] for i in range(0, len(missing), _BATCH)]
        parallel = self.workers > 1 and len(missing) >= PARALLEL_FROM
        pool = workers.pool() if parallel else None
        done: list[Prepared] = []
        # The next batch is being normalised in the workers while this process stores
        # the previous one.
        pending = self._start(pool, batches[0]) if batches else []
        for following in [*batches[1:], None]:
            prepared = _collect(pending)
            if following is not None:
                pending = self._start(pool, following)
            self._store_features(prepared)
            done.extend(prepared)  # batch order, each in date order (_mail_rows keeps it)
            progress.tick(len(done), len(missing))
        return done

    def _start(self, pool: Executor | None, ids: Sequence[int]) -> list[Future[list[Prepared]]]:
        with self.sessions() as session:
            mails = _mail_rows(session, ids)
        return _submit(pool, mails)

    def _store_features(self, prepared: Sequence[Prepared]) -> None:
        """Store features and mark non-requests, in one transaction."""
        with self.sessions.begin() as session:
            self._insert_features(session, prepared)

    @staticmethod
    def _insert_features(session: Session, prepared: Sequence[Prepared]) -> None:
        if prepared:
            session.execute(
                insert(_FEATURES_TABLE),
                [
                    {
                        "message_id": p.key,
                        "kind": p.kind.value,
                        "source": p.features.source.value,
                        "body": p.features.body,
                        "subject": p.features.subject,
                    }
                    for p in prepared
                ],
            )
            non_requests = [p.key for p in prepared if p.kind is not Kind.REQUEST]
            if non_requests:
                session.execute(
                    update(Message)
                    .where(Message.id.in_(non_requests), Message.status == MessageStatus.OPEN)
                    .values(status=MessageStatus.NON_REQUEST)
                )

    def stored_prepared(
        self, session: Session, fresh: Mapping[Hashable, Prepared] | None = None
    ) -> list[Prepared]:
        """Every stored message's features, in date order, as the clusterer takes them.

        ``fresh`` holds features just computed: those are used as they are.
        """
        fresh = fresh or {}
        rows = session.execute(
            select(
                MessageFeatures.message_id,
                MessageFeatures.kind,
                MessageFeatures.source,
                MessageFeatures.body,
                MessageFeatures.subject,
                Message.message_id_header,
                Message.in_reply_to,
            )
            .join(Message, Message.id == MessageFeatures.message_id)
            .order_by(Message.date, Message.id)
        ).all()
        return [fresh.get(row[0]) or _prepared_from_row(*row) for row in rows]

    # ------------------------------------------------------------------ updating
    def update(
        self, progress: Progress = NULL_PROGRESS, new_ids: Sequence[int] | None = None
    ) -> UpdateReport:
        """Bring clusters up to date with the store (see the module docstring).

        ``new_ids``: the messages just added (an ingest's or a sync's report),
        when the caller knows them; otherwise the whole store is looked at.
        The first update of a service always looks at the whole store.
        """
        started = time.perf_counter()
        try:
            if self._loaded and new_ids is not None and len(new_ids) < PARALLEL_FROM:
                return self._update_few(new_ids, started)
            return self._update(progress, new_ids, started)
        except BaseException:
            # The clusterer in memory may hold what the store does not: start afresh
            # from the store at the next update rather than drift from it.
            self.clusterer = Clusterer(self.threshold, workers=max(1, self.workers))
            self._loaded = False
            raise

    def _update_few(self, new_ids: Sequence[int], started: float) -> UpdateReport:
        """A few new messages: read, normalise, place and store in one transaction."""
        with self.sessions.begin() as session:
            new = _prepare_chunk(_mail_rows(session, _without_features(session, new_ids)))
            normalised = time.perf_counter()
            self._insert_features(session, new)
            for item in new:
                self.clusterer.add(item)
            clustered = time.perf_counter()
            clusters = self._write_new(session, [p.key for p in new], count=False)
        with self.sessions.begin() as session:
            refresh_statistics(session, len(new))
        return self._report(new, clusters, started, normalised, clustered)

    def _update(
        self, progress: Progress, new_ids: Sequence[int] | None, started: float
    ) -> UpdateReport:
        workers = _Workers(self.workers)
        try:
            new = self._prepare_missing(progress, workers, new_ids if self._loaded else None)
            normalised = time.perf_counter()
            if not self._loaded:
                with self.sessions() as session:
                    everything = self.stored_prepared(session, {p.key: p for p in new})
                if self.workers > 1 and len(everything) >= PARALLEL_FROM:
                    self.clusterer.add_batch(everything, executor=workers.pool())
                else:
                    self.clusterer.add_batch(everything)
                self._loaded = True
                changed: list[Hashable] = [p.key for p in everything]
                full = True
            else:
                for item in new:
                    self.clusterer.add(item)
                changed = [p.key for p in new]
                full = False
        finally:
            workers.close()
        clustered = time.perf_counter()
        clusters: int | None
        with self.sessions.begin() as session:
            if full:
                clusters = self._write(session, changed, full=True)
            else:
                clusters = self._write_new(session, changed)
        with self.sessions.begin() as session:
            refresh_statistics(session, len(new))
        return self._report(new, clusters, started, normalised, clustered)

    def _report(
        self,
        new: Sequence[Prepared],
        clusters: int | None,
        started: float,
        normalised: float,
        clustered: float,
    ) -> UpdateReport:
        """What an update did; the stage times end at normalised, clustered and now."""
        return UpdateReport(
            prepared=len(new),
            clustered=len(self.clusterer),
            clusters=clusters,
            non_requests=sum(1 for p in new if p.kind is not Kind.REQUEST),
            seconds_normalising=normalised - started,
            seconds_clustering=clustered - normalised,
            seconds_storing=time.perf_counter() - clustered,
        )

    def regroup(self, threshold: float) -> int:
        """Regroup everything at another threshold and store it; returns the cluster count."""
        if not self._loaded:
            self.clusterer.threshold = check_threshold(threshold)
            self.update()
            with self.sessions() as session:
                return self._cluster_count(session)
        self.clusterer.regroup(threshold)
        with self.sessions.begin() as session:
            return self._write(session, None, full=True)

    # ------------------------------------------------------------------ writing
    def _write(self, session: Session, keys: Iterable[Hashable] | None, full: bool) -> int:
        """Store the clusterer's grouping of ``keys`` (None: every message).

        Ids stay stable and manual members stay where agents put them.
        """
        assignment = self.clusterer.assignments()
        keys = assignment if keys is None else list(keys)
        members: dict[int, tuple[int, bool]] = {}
        flagged_before: dict[int, str | None] = {}
        for row in session.execute(
            select(
                ClusterMember.message_id,
                ClusterMember.cluster_id,
                ClusterMember.manual,
                ClusterMember.asks_more,
            )
        ):
            members[row.message_id] = (row.cluster_id, row.manual)
            flagged_before[row.message_id] = row.asks_more
        groups: defaultdict[Hashable, list[int]] = defaultdict(list)
        touched: set[Hashable] = {assignment[key] for key in keys}
        for key, group in assignment.items():
            if group in touched:
                groups[group].append(_id(key))
        merged = _merged_targets(session)
        taken: set[int] = set()
        target_of: dict[Hashable, int] = {}
        # Biggest groups choose first: they keep the ids agents know.
        for group, ids in sorted(groups.items(), key=lambda item: -len(item[1])):
            votes = Counter(
                members[i][0] for i in ids if i in members and not members[i][1]
            ).most_common()
            chosen = next((c for c, _ in votes if c not in taken), None)
            if chosen is None:
                manual_votes = Counter(members[i][0] for i in ids if i in members and members[i][1])
                if manual_votes:
                    chosen = manual_votes.most_common(1)[0][0]
            if chosen is not None:
                chosen = _follow_merges(chosen, merged)
                taken.add(chosen)
                target_of[group] = chosen
        new_groups = [g for g in groups if g not in target_of]
        kinds = {g: self.clusterer.kind_of(g).value for g in groups}
        if new_groups:
            created = [Cluster(representative_id=_id(g), kind=kinds[g]) for g in new_groups]
            session.add_all(created)
            session.flush()
            target_of.update(zip(new_groups, (c.id for c in created), strict=True))

        now = utc_now()
        inserts: list[dict[str, object]] = []
        moves: defaultdict[int, list[int]] = defaultdict(list)
        flags: list[dict[str, object]] = []
        for group, ids in groups.items():
            cluster_id = target_of[group]
            for message_id in ids:
                current = members.get(message_id)
                asks_more = self._asks_more(message_id)
                if current is None:
                    inserts.append(
                        {
                            "message_id": message_id,
                            "cluster_id": cluster_id,
                            "assigned_at": now,
                            "asks_more": asks_more,
                        }
                    )
                    continue
                if current[1]:
                    continue  # where an agent put it, as the agent left it
                if current[0] != cluster_id:
                    moves[cluster_id].append(message_id)
                if flagged_before[message_id] != asks_more:
                    flags.append({"id": message_id, "asks_more": asks_more})
        for cluster_id, ids in moves.items():
            for start in range(0, len(ids), 900):
                session.execute(
                    update(ClusterMember)
                    .where(ClusterMember.message_id.in_(ids[start : start + 900]))
                    .values(cluster_id=cluster_id, assigned_at=now)
                )
        if inserts:
            session.execute(insert(_MEMBER_TABLE), inserts)
        if flags:
            session.execute(
                update(_MEMBER_TABLE)
                .where(_MEMBER_TABLE.c.message_id == bindparam("id"))
                .values(asks_more=bindparam("asks_more")),
                flags,
            )
        # Representatives follow the centres (a centre is the group's key).
        merged_ids = set(merged)
        changes = [
            {"id": cluster_id, "representative_id": _id(group), "kind": kinds[group]}
            for group, cluster_id in target_of.items()
            if cluster_id not in merged_ids and (full or group in new_groups)
        ]
        if changes:
            session.execute(update(Cluster), changes)
        if full:
            # Clusters left empty by regrouping, never answered from, go.
            session.execute(
                delete(Cluster).where(
                    Cluster.merged_into_id.is_(None),
                    ~Cluster.id.in_(select(ClusterMember.cluster_id).distinct()),
                    ~Cluster.id.in_(
                        select(Cluster.merged_into_id).where(Cluster.merged_into_id.is_not(None))
                    ),
                )
            )
        self._retitle(session)
        return self._cluster_count(session)

    def _write_new(
        self, session: Session, keys: Sequence[Hashable], count: bool = True
    ) -> int | None:
        """Store the clusters of newly added messages: each joins its centre's cluster.

        Cheaper than :meth:`_write` (which reads every membership): a new
        message's cluster is the stored cluster of the message at its centre,
        or a new cluster when it is a centre itself. Returns the number of
        clusters when ``count`` is asked (a scan of every membership).
        """
        if not keys:
            return self._cluster_count(session) if count else None
        groups = {key: self.clusterer.cluster_of(key) for key in keys}
        centres = sorted({_id(g) for g in groups.values()})
        stored: dict[int, int] = {}
        raced_with_a_merge = False
        for start in range(0, len(centres), 900):
            for message_id, member_of, merged_into in session.execute(
                select(ClusterMember.message_id, ClusterMember.cluster_id, Cluster.merged_into_id)
                .join(Cluster, Cluster.id == ClusterMember.cluster_id)
                .where(ClusterMember.message_id.in_(centres[start : start + 900]))
            ):
                stored[message_id] = member_of
                raced_with_a_merge |= merged_into is not None
        # Merges move members, so a centre sits in a merged cluster only in a race with one.
        merged = _merged_targets(session) if raced_with_a_merge else {}
        now = utc_now()
        created: dict[Hashable, int] = {}
        rows: list[dict[str, object]] = []
        for key in keys:
            group = groups[key]
            found = stored.get(_id(group))
            if found is None:
                found = created.get(group)
            if found is None:
                cluster = Cluster(
                    representative_id=_id(group), kind=self.clusterer.kind_of(group).value
                )
                session.add(cluster)
                session.flush()
                found = created[group] = cluster.id
            rows.append(
                {
                    "message_id": _id(key),
                    "cluster_id": _follow_merges(found, merged),
                    "assigned_at": now,
                    "asks_more": self._asks_more(_id(key)),
                }
            )
        session.execute(insert(_MEMBER_TABLE), rows)
        self._retitle(session, sorted(created.values()))
        return self._cluster_count(session) if count else None

    @staticmethod
    def _retitle(session: Session, among: Sequence[int] | None = None) -> int:
        """Title every cluster whose representative changed since its title was worked out.

        One scan of the clusters (thousands of short rows) finds them; titles
        are computed here, once per representative, so the queue reads a
        short string per row (see migration 0009). Returns how many changed.
        """
        query = select(Cluster.id, Cluster.representative_id).where(
            Cluster.representative_id.is_not(None),
            or_(Cluster.titled_from.is_(None), Cluster.titled_from != Cluster.representative_id),
        )
        stale: list[tuple[int, int | None]] = []
        if among is None:
            stale = [(row[0], row[1]) for row in session.execute(query)]
        else:
            for start in range(0, len(among), 900):
                chosen = query.where(Cluster.id.in_(among[start : start + 900]))
                stale.extend((row[0], row[1]) for row in session.execute(chosen))
        if not stale:
            return 0
        titles = {
            message_id: message_title(subject, text, body, source)
            for message_id, subject, text, body, source in title_sources(
                session, sorted({m for _, m in stale if m is not None})
            )
        }
        session.execute(
            update(Cluster),
            [
                {"id": cluster_id, "title": titles.get(rep or 0, ""), "titled_from": rep}
                for cluster_id, rep in stale
            ],
        )
        return len(stale)

    def _asks_more(self, message_id: int) -> str | None:
        """The stored form of what a message asks beyond its cluster (see ClusterMember)."""
        asked = self.clusterer.asks_more(message_id)
        return None if asked is None else "\n".join(asked)

    @staticmethod
    def _cluster_count(session: Session) -> int:
        return int(session.scalar(select(func.count(func.distinct(ClusterMember.cluster_id)))) or 0)

    # ------------------------------------------------------------------ agents' corrections
    def move_out(self, message_id: int) -> int:
        """Take a message out of its cluster into a new one of its own; returns the new id."""
        with self.sessions.begin() as session:
            member = session.get(ClusterMember, message_id)
            if member is None:
                raise ValueError(f"message {message_id} is in no cluster")
            kind = session.scalar(select(Cluster.kind).where(Cluster.id == member.cluster_id))
            cluster = Cluster(representative_id=message_id, kind=kind or Kind.REQUEST.value)
            session.add(cluster)
            session.flush()
            member.cluster_id, member.manual, member.assigned_at = cluster.id, True, utc_now()
            member.asks_more = None  # alone, it asks only what it asks
            session.flush()
            self._retitle(session, [cluster.id])
            return cluster.id

    def merge(self, source_id: int, target_id: int) -> None:
        """Merge cluster ``source_id`` into ``target_id``: its members move, as manual ones."""
        if source_id == target_id:
            raise ValueError("a cluster cannot be merged into itself")
        with self.sessions.begin() as session:
            source, target = session.get(Cluster, source_id), session.get(Cluster, target_id)
            if source is None or target is None:
                missing = source_id if source is None else target_id
                raise ValueError(f"cluster {missing} does not exist")
            if target.merged_into_id is not None:
                raise ValueError(f"cluster {target_id} was itself merged into another")
            if source.kind != target.kind:
                raise ValueError(
                    f"cannot merge a {source.kind} cluster into a {target.kind} cluster"
                )
            session.execute(
                update(ClusterMember)
                .where(ClusterMember.cluster_id == source_id)
                .values(cluster_id=target_id, manual=True, assigned_at=utc_now())
            )
            source.merged_into_id = target_id
