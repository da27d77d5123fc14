"""Clusters in the store, on SQLite and PostgreSQL: incremental, stable, corrected by agents."""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desk.cluster import service as service_module
from desk.cluster.metrics import load_labels, score
from desk.cluster.service import ClusterService
from desk.demo.generator import generate_mailbox
from desk.demo.intents import INTENTS
from desk.mail.ingest import IngestReport, ingest_source
from desk.mail.sources import MaildirSource
from desk.store import planner
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.models import Cluster, ClusterMember, Message, MessageFeatures, MessageStatus

NEAR_MISS = [(i.key, i.near_miss_of) for i in INTENTS if i.near_miss_of]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str | None]]]:
    generated = generate_mailbox(tmp_path_factory.mktemp("demo"), size=500, seed=11)
    return generated.mailbox, load_labels(generated.labels)


def _ingest(store: Store, maildir: Path) -> None:
    ingest_source(store.sessions, MaildirSource(maildir), workers=0)


def _copy(source: Path, target: Path, files: list[str]) -> None:
    for sub in ("cur", "new", "tmp"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copy2(source / name, target / name)


def _first_mail_clustered(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]], tmp_path: Path, count: int
) -> tuple[ClusterService, Callable[[], IngestReport]]:
    """The demo's first ``count`` messages ingested and clustered; and how the rest arrive."""
    maildir, labels = demo
    files = [str(r["file"]) for r in labels]
    inbox = tmp_path / "Maildir"
    _copy(maildir, inbox, files[:count])
    _ingest(store, inbox)
    service = ClusterService(store.sessions)
    service.update()

    def rest_arrives() -> IngestReport:
        _copy(maildir, inbox, files[count:])
        return ingest_source(store.sessions, MaildirSource(inbox), workers=0)

    return service, rest_arrives


def _membership(store: Store) -> dict[str, int]:
    """File (Maildir-relative path) → cluster id."""
    with store.sessions() as session:
        rows = session.execute(
            select(Message.source_path, ClusterMember.cluster_id).join(
                ClusterMember, ClusterMember.message_id == Message.id
            )
        ).all()
    return {str(path): cluster for path, cluster in rows}


def _as_answered(store: Store) -> dict[str, str]:
    """File → cluster as the cluster's reply answers it: members asking more are left out."""
    with store.sessions() as session:
        rows = session.execute(
            select(Message.source_path, ClusterMember.cluster_id, ClusterMember.asks_more).join(
                ClusterMember, ClusterMember.message_id == Message.id
            )
        ).all()
    return {
        str(path): (f"asks more {path}" if asks_more else str(cluster))
        for path, cluster, asks_more in rows
    }


def _scores(store: Store, labels: list[dict[str, str | None]]) -> object:
    membership = _as_answered(store)
    present = [r for r in labels if str(r["file"]) in membership]
    return score(
        {str(r["file"]): str(membership[str(r["file"])]) for r in present},
        {str(r["file"]): str(r["intent"]) for r in present},
        reference={str(r["file"]): str(r["base_id"]) for r in present},
        near_miss_pairs=NEAR_MISS,
    )


def test_every_message_gets_a_cluster_and_non_requests_stay_apart(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]], tmp_path: Path
) -> None:
    maildir, labels = demo
    _ingest(store, maildir)
    report = ClusterService(store.sessions).update()
    assert report.prepared == report.clustered == 500
    membership = _membership(store)
    assert len(membership) == 500
    result = _scores(store, labels)
    assert result.bcubed_precision >= 0.99  # type: ignore[attr-defined]
    assert result.near_miss_mixed == 0  # type: ignore[attr-defined]
    kinds = {str(r["file"]): str(r["kind"]) for r in labels}
    with store.sessions() as session:
        cluster_kind = dict(session.execute(select(Cluster.id, Cluster.kind)).all())
        status = dict(session.execute(select(Message.source_path, Message.status)).all())
        features = session.scalar(select(func.count()).select_from(MessageFeatures))
    assert features == 500
    for file, cluster in membership.items():
        if kinds[file] in ("auto-reply", "bounce"):
            assert cluster_kind[cluster] != "request"
            assert status[file] is MessageStatus.NON_REQUEST
        elif kinds[file] in ("original", "follow-up", "multi", "singleton", "forward"):
            assert cluster_kind[cluster] == "request", file
    # No cluster mixes requests and non-requests (by what the labels say they are).
    automatic = {"auto-reply", "bounce"}
    members_kinds: defaultdict[int, set[bool]] = defaultdict(set)
    for file, cluster in membership.items():
        if kinds[file] != "spam":  # the demo's spam may read like a request: either is fine
            members_kinds[cluster].add(kinds[file] in automatic)
    assert all(len(k) == 1 for k in members_kinds.values())


def test_ids_survive_a_restart_and_new_mail_joins_incrementally(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]], tmp_path: Path
) -> None:
    _, labels = demo
    files = [str(r["file"]) for r in labels]
    _, rest_arrives = _first_mail_clustered(store, demo, tmp_path, 300)
    first = _membership(store)

    # A restart: a new service, the same store; nothing moves.
    restarted = ClusterService(store.sessions)
    report = restarted.update()
    assert report.prepared == 0
    assert _membership(store) == first

    # New mail arrives: added one by one, old messages keep their clusters.
    rest_arrives()
    report = restarted.update()
    assert report.prepared == 200
    after = _membership(store)
    assert {f: after[f] for f in first} == first
    assert len(after) == 500
    result = _scores(store, labels)
    assert result.bcubed_precision >= 0.99  # type: ignore[attr-defined]
    assert result.near_miss_mixed == 0  # type: ignore[attr-defined]
    # New messages did join existing clusters, not only clusters of their own.
    old_clusters = set(first.values())
    assert sum(1 for f in files[300:] if after[f] in old_clusters) >= 50


def test_regrouping_keeps_the_ids_of_the_big_clusters(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]]
) -> None:
    maildir, _ = demo
    _ingest(store, maildir)
    service = ClusterService(store.sessions)
    before = service.update().clusters
    assert before is not None
    membership = _membership(store)
    biggest = [c for c, _ in Counter(membership.values()).most_common(5)]
    stricter = service.regroup(99)
    assert stricter > before
    back = service.regroup(85)
    assert back == before
    again = _membership(store)
    for cluster in biggest:
        assert {f for f, c in membership.items() if c == cluster} == {
            f for f, c in again.items() if c == cluster
        }


def test_manual_moves_and_merges_survive_reclustering(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]], tmp_path: Path
) -> None:
    _, labels = demo
    files = [str(r["file"]) for r in labels]
    service, rest_arrives = _first_mail_clustered(store, demo, tmp_path, 300)
    membership = _membership(store)
    base_of = {str(r["file"]): str(r["base_id"]) for r in labels}
    late_bases = {base_of[f] for f in files[300:]}
    sizes = Counter(membership.values())
    big = sizes.most_common(1)[0][0]
    # The biggest other cluster whose request comes again in later mail.
    other = next(
        c
        for c, _ in sizes.most_common()
        if c != big and any(base_of[f] in late_bases for f, x in membership.items() if x == c)
    )
    with store.sessions() as session:
        ids = dict(session.execute(select(Message.source_path, Message.id)).all())
    moved_file = next(f for f, c in membership.items() if c == big)
    own = service.move_out(ids[moved_file])
    service.merge(other, big)
    merged_files = {f for f, c in membership.items() if c == other}

    # After a regroup and a restart, the agent's decisions stand.
    service.regroup(90)
    service.regroup(85)
    restarted = ClusterService(store.sessions)
    restarted.update()
    now = _membership(store)
    assert now[moved_file] == own
    assert all(now[f] == big for f in merged_files)
    with store.sessions() as session:
        assert session.get(Cluster, other).merged_into_id == big  # type: ignore[union-attr]

    # New mail like the merged cluster's follows the merge.
    rest_arrives()
    restarted.update()
    final = _membership(store)
    merged_bases = {base_of[f] for f in merged_files}
    late_alike = [f for f in files[300:] if base_of[f] in merged_bases]
    assert late_alike, "the demo has later mail like the merged cluster's"
    assert sum(final[f] == big for f in late_alike) >= max(1, len(late_alike) // 2)
    assert all(final[f] != other for f in files[300:]), "nothing joins a merged-away cluster"


def test_bad_corrections_are_refused_clearly(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]]
) -> None:
    maildir, _ = demo
    _ingest(store, maildir)
    service = ClusterService(store.sessions)
    service.update()
    with store.sessions() as session:
        request = session.scalar(select(Cluster.id).where(Cluster.kind == "request"))
        automatic = session.scalar(select(Cluster.id).where(Cluster.kind != "request"))
    assert request is not None and automatic is not None
    with pytest.raises(ValueError, match="into itself"):
        service.merge(request, request)
    with pytest.raises(ValueError, match="does not exist"):
        service.merge(request, 10**9)
    with pytest.raises(ValueError, match="cannot merge"):
        service.merge(automatic, request)
    with pytest.raises(ValueError, match="in no cluster"):
        service.move_out(10**9)


def _planner_rows(store: Store, table: str) -> float | None:
    """What PostgreSQL's planner believes a table holds (-1: never analysed); None on SQLite."""
    if store.engine.dialect.name != "postgresql":
        return None
    with store.engine.connect() as connection:
        return float(
            connection.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}
            ).scalar_one()
        )


@pytest.mark.parametrize("first_look", ["whole store", "new mail named"])
def test_a_bulk_of_new_mail_leaves_the_planner_statistics_fresh(
    store: Store,
    demo: tuple[Path, list[dict[str, str | None]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    first_look: str,
) -> None:
    """The team's queries are planned from statistics of the store as it now is, at once."""
    if first_look == "whole store":
        _ingest(store, demo[0])
        ClusterService(store.sessions).update()
    else:
        service, rest_arrives = _first_mail_clustered(store, demo, tmp_path, 50)
        service.update(new_ids=rest_arrives().added_ids)
    with store.sessions() as session:
        members = session.scalar(select(func.count()).select_from(ClusterMember))
    believed = _planner_rows(store, "cluster_member")
    if believed is not None:  # PostgreSQL: ANALYZE counted them (else -1, never analysed)
        assert believed == members
    with store.sessions() as session:
        stored = session.scalar(select(func.count()).select_from(Message)) or 0
    monkeypatch.setattr(planner, "ANALYZE_MIN", 1)
    with store.sessions.begin() as session:  # under a tenth more: not stale; SQLite: never
        assert not planner.refresh_statistics(session, stored // 10 - 1)
        assert planner.refresh_statistics(session, stored // 10 + 1) is (believed is not None)


def test_an_empty_store_clusters_nothing(store: Store) -> None:
    report = ClusterService(store.sessions).update()
    assert (report.prepared, report.clustered, report.clusters) == (0, 0, 0)


def test_a_regroup_out_of_range_is_refused_before_anything_changes(store: Store) -> None:
    service = ClusterService(store.sessions)
    with pytest.raises(ValueError, match="between 60 and 100"):
        service.regroup(40)
    assert service.threshold == 85


def test_new_mail_named_by_the_ingest_is_clustered_without_a_full_look(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]], tmp_path: Path
) -> None:
    _, labels = demo
    files = [str(r["file"]) for r in labels]
    service, rest_arrives = _first_mail_clustered(store, demo, tmp_path, 450)
    report = rest_arrives()
    assert len(report.added_ids) == report.added == 50
    with store.sessions() as session:
        by_path = dict(session.execute(select(Message.source_path, Message.id)).all())
    assert sorted(report.added_ids) == sorted(by_path[f] for f in files[450:])
    # Only the named messages are looked at: one left out stays unclustered...
    left_out = report.added_ids[0]
    update = service.update(new_ids=report.added_ids[1:])
    assert update.prepared == 49
    membership = _membership(store)
    assert len(membership) == 499
    # ...until a plain update looks at the whole store.
    assert service.update().prepared == 1
    assert len(_membership(store)) == 500
    with store.sessions() as session:
        assert session.get(ClusterMember, left_out) is not None


def test_a_failed_write_leaves_nothing_half_done(
    store: Store,
    demo: tuple[Path, list[dict[str, str | None]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, labels = demo
    service, rest_arrives = _first_mail_clustered(store, demo, tmp_path, 480)
    added = rest_arrives().added_ids

    def broken(*args: object, **kwargs: object) -> int:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(ClusterService, "_write_new", broken)
        with pytest.raises(OSError, match="disk full"):
            service.update(new_ids=added)
    # The transaction rolled back: no features, no membership for the 20 new ones...
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(MessageFeatures)) == 480
    assert len(_membership(store)) == 480
    # ...and the next update starts from the store again and clusters everything.
    report = service.update(new_ids=added)
    assert report.prepared == 20
    assert len(_membership(store)) == 500
    result = _scores(store, labels)
    assert result.bcubed_precision >= 0.99  # type: ignore[attr-defined]


def test_the_queue_shows_request_clusters_only_and_lists_non_requests_apart(
    store: Store, demo: tuple[Path, list[dict[str, str | None]]]
) -> None:
    from desk.queue.priority import build_queue, non_requests

    maildir, labels = demo
    _ingest(store, maildir)
    ClusterService(store.sessions).update()
    kinds = {str(r["file"]): str(r["kind"]) for r in labels}
    with store.sessions() as session:
        now = session.scalar(select(func.max(Message.date)))
        assert now is not None
        queue = build_queue(session, now)
        listed = non_requests(session)
        request_clusters = set(
            session.scalars(
                select(ClusterMember.cluster_id)
                .join(Cluster, Cluster.id == ClusterMember.cluster_id)
                .join(Message, Message.id == ClusterMember.message_id)
                .where(Cluster.kind == "request", Message.status == MessageStatus.OPEN)
            )
        )
        paths = dict(session.execute(select(Message.id, Message.source_path)).all())
    assert {item.cluster_id for item in queue} == request_clusters
    assert sum(item.open_count for item in queue) == sum(
        1 for r in labels if str(r["file"]) in set(paths.values())
    ) - len(listed)
    assert {kinds[str(paths[m.id])] for m in listed} <= {"auto-reply", "bounce", "spam"}
    automatic = {f for f, kind in kinds.items() if kind in ("auto-reply", "bounce")}
    assert automatic
    assert automatic <= {str(paths[m.id]) for m in listed}


def test_worker_processes_group_as_this_process_does_from_one_pool(
    demo: tuple[Path, list[dict[str, str | None]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Normalising and clustering share one pool: starting a spawn pool costs about a second.
    started: list[int] = []
    real_pool = service_module._pool

    def counted_pool(workers: int) -> ProcessPoolExecutor:
        started.append(workers)
        return real_pool(workers)

    monkeypatch.setattr(service_module, "_pool", counted_pool)
    monkeypatch.setattr(service_module, "PARALLEL_FROM", 100)  # the demo's 500 messages
    maildir, _ = demo
    partitions = []
    for workers in (0, 2):
        store = open_store(sqlite_url(tmp_path / f"workers{workers}.sqlite3"))
        try:
            _ingest(store, maildir)
            ClusterService(store.sessions, workers=workers).update()
            by_cluster: defaultdict[int, set[str]] = defaultdict(set)
            for path, cluster in _membership(store).items():
                by_cluster[cluster].add(path)
            partitions.append({frozenset(files) for files in by_cluster.values()})
        finally:
            store.close()
    assert partitions[0] == partitions[1]
    assert started == [2]
