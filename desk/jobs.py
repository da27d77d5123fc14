"""Headless jobs composed from the services, for scripts and evaluations. No Qt here.

:func:`cluster_path` is the engine behind ``desk cluster PATH --jsonl OUT``, a
contract kept stable because evaluations outside the test suite call it: it
reads a Maildir, an mbox file or a folder of ``.eml`` files into a temporary
store (the user's database is never touched, no configuration is needed),
clusters it with the app's own code and default threshold, and writes one
JSON object per message.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from desk.cluster.clusterer import DEFAULT_THRESHOLD, check_threshold
from desk.cluster.service import ClusterService
from desk.core.errors import DeskError, ErrorCode
from desk.mail.ingest import ingest_source
from desk.mail.sources import LocalSource, MboxSource, open_source
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import Cluster, ClusterMember, Folder, FolderKind, Message


@dataclass
class ClusterRunReport:
    """What :func:`cluster_path` wrote."""

    messages: int = 0
    clusters: int = 0
    non_request_clusters: int = 0
    unreadable: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def mailbox_source(path: Path) -> LocalSource:
    """The source at ``path``, which must be a Maildir, an mbox file or a folder."""
    source = open_source(path)
    if path.is_file() and not isinstance(source, MboxSource):
        raise DeskError(ErrorCode.SOURCE_UNKNOWN_KIND, path=str(path))
    return source


def cluster_path(
    path: Path,
    out: Path,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
    log: TextIO | None = None,
) -> ClusterRunReport:
    """Cluster the mailbox at ``path`` and write ``out`` (JSON Lines, in source order).

    Each line is ``{"message_id": <Message-ID header as written, or null>,
    "file": <path relative to PATH, or the message's index in an mbox>,
    "cluster": <cluster id>}``. Non-requests (auto-replies, bounces, spam) get
    clusters of their own. Timings per stage go to ``log``.
    """
    check_threshold(threshold)
    source = mailbox_source(path)
    processes = (os.cpu_count() or 1) if workers is None else workers
    report = ClusterRunReport()

    def stage(name: str, started: float) -> float:
        now = time.perf_counter()
        report.seconds[name] = now - started
        if log is not None:
            print(f"desk cluster: {name}: {now - started:.2f} s", file=log)
        return now

    with tempfile.TemporaryDirectory(prefix="desk-cluster-") as scratch:
        started = time.perf_counter()
        store = open_store(sqlite_url(Path(scratch) / "cluster.sqlite3"))
        try:
            ingested = ingest_source(store.sessions, source, workers=processes)
            report.unreadable = [f"{p}: {reason}" for p, reason in ingested.unreadable]
            started = stage("read and parse", started)
            service = ClusterService(store.sessions, threshold, workers=processes)
            update = service.update()
            report.seconds["normalise"] = update.seconds_normalising
            report.seconds["cluster"] = update.seconds_clustering
            report.seconds["store"] = update.seconds_storing
            if log is not None:
                for name in ("normalise", "cluster", "store"):
                    print(f"desk cluster: {name}: {report.seconds[name]:.2f} s", file=log)
            started = time.perf_counter()
            with store.sessions() as session:
                rows: list[tuple[str | None, str | None, int, str]] = [
                    (row[0], row[1], row[2], row[3])
                    for row in session.execute(
                        select(
                            Message.message_id_header,
                            Message.source_path,
                            ClusterMember.cluster_id,
                            Cluster.kind,
                        )
                        .join(ClusterMember, ClusterMember.message_id == Message.id)
                        .join(Cluster, Cluster.id == ClusterMember.cluster_id)
                        .join(Folder, Folder.id == Message.folder_id)
                        .where(Folder.locator == source.locator)
                    )
                ]
            mbox = source.kind is FolderKind.MBOX
            rows.sort(key=lambda r: int(r[1] or 0) if mbox else str(r[1]))
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("w", encoding="utf-8") as handle:
                for header_id, file, cluster_id, kind in rows:
                    file_value: str | int = int(file or 0) if mbox else str(file)
                    name = str(cluster_id) if kind == "request" else f"{kind}-{cluster_id}"
                    handle.write(
                        json.dumps(
                            {
                                "message_id": header_id.strip() if header_id else None,
                                "file": file_value,
                                "cluster": name,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
            report.messages = len(rows)
            report.clusters = len({r[2] for r in rows})
            report.non_request_clusters = len({r[2] for r in rows if r[3] != "request"})
            stage("write", started)
        finally:
            store.close()
    return report
