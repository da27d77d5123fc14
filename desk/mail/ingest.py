"""Ingest a local source into the store: idempotent, resumable, parsed on every core.

Messages go in windows: while the pool parses one window, the calling process
reads the next files and writes the previous window, each window in its own
transaction. An interruption loses at most the window in flight, and the next
run skips every key already stored without reading its file, which is what
makes re-ingesting cheap.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.core.progress import NULL_PROGRESS, Progress
from desk.mail.parse import ParsedMessage, parse_message
from desk.mail.sources import LocalSource, SourceItem
from desk.store.models import Folder, Message, MessageRaw, MessageStatus

WINDOW = 1000
POOL_THRESHOLD = 300  # below this many messages a pool costs more than it saves


@dataclass
class IngestReport:
    """What one ingest did, for the CLI summary and the tests."""

    folder_id: int
    seen: int = 0
    added: int = 0
    skipped: int = 0
    with_warnings: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


def folder_for(session: Session, source: LocalSource) -> Folder:
    """The store's folder for this source, created on first ingest."""
    folder = session.scalars(select(Folder).where(Folder.locator == source.locator)).first()
    if folder is None:
        folder = Folder(kind=source.kind, name=str(source.root), locator=source.locator)
        session.add(folder)
        session.flush()
    return folder


def _message_row(
    folder_id: int, item: SourceItem, parsed: ParsedMessage, now: Any
) -> dict[str, Any]:
    warnings = [*item.warnings, *parsed.warnings]
    date = parsed.date
    if date is None:
        date = item.internal_date or now
    return {
        "folder_id": folder_id,
        "source_key": item.key,
        "source_path": item.path,
        "message_id": parsed.message_id,
        "message_id_header": parsed.message_id_header,
        "in_reply_to": parsed.in_reply_to,
        "references": parsed.references,
        "subject": parsed.subject,
        "from_name": parsed.from_name,
        "from_addr": parsed.from_addr,
        "reply_to_addr": parsed.reply_to_addr,
        "to_addrs": parsed.to_addrs,
        "cc_addrs": parsed.cc_addrs,
        "date": date,
        "date_from_header": parsed.date is not None,
        "internal_date": item.internal_date,
        "ingested_at": now,
        "text": parsed.text,
        "html": parsed.html,
        "attachments": [asdict(a) for a in parsed.attachments],
        "parse_warnings": warnings,
        "is_auto": parsed.is_auto,
        "size": parsed.size,
        "status": MessageStatus.OPEN,
    }


def store_parsed(
    session: Session,
    folder_id: int,
    batch: Sequence[tuple[SourceItem, bytes, ParsedMessage]],
) -> int:
    """Insert parsed messages with their raw bytes; returns how many carried warnings."""
    if not batch:
        return 0
    now = utc_now()
    rows = [_message_row(folder_id, item, parsed, now) for item, _, parsed in batch]
    ids = session.scalars(
        insert(Message).returning(Message.id, sort_by_parameter_order=True), rows
    ).all()
    session.execute(
        insert(MessageRaw),
        [
            {"message_id": message_id, "sha256": parsed.sha256, "data": raw}
            for message_id, (_, raw, parsed) in zip(ids, batch, strict=True)
        ],
    )
    return sum(1 for row in rows if row["parse_warnings"])


def _windows(items: Iterable[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


class _InProcess(Executor):
    """An executor that runs the work at once, for small sources."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def _parse_many(raws: list[bytes]) -> list[ParsedMessage]:
    return [parse_message(raw) for raw in raws]


def _executor(pending: int, workers: int | None) -> Executor:
    if pending < POOL_THRESHOLD or workers == 0:
        return _InProcess()
    count = workers or max(1, min(os.cpu_count() or 1, 8))
    # spawn: safe when called from a Qt worker thread, and the same on Windows.
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))


def ingest_source(
    sessions: sessionmaker[Session],
    source: LocalSource,
    *,
    progress: Progress = NULL_PROGRESS,
    workers: int | None = None,
    window: int = WINDOW,
) -> IngestReport:
    """Add every message of ``source`` the store does not have yet.

    Unreadable files are reported (path and reason) and skipped; they are
    picked up by a later run once readable. ``workers`` 0 parses in-process.
    """
    with sessions.begin() as session:
        folder_id = folder_for(session, source).id
        known = set(
            session.scalars(select(Message.source_key).where(Message.folder_id == folder_id))
        )
    report = IngestReport(folder_id=folder_id)
    all_items = list(source.items())
    report.seen = len(all_items)
    todo = [item for item in all_items if item.key not in known]
    report.skipped = report.seen - len(todo)
    progress.tick(report.skipped, report.seen)
    if not todo:
        return report

    chunk = max(1, window // 16)
    with _executor(len(todo), workers) as executor:
        previous: _Window | None = None
        for items in _windows(todo, window):
            if progress.cancelled():
                report.cancelled = True
                break
            current = _Window.submit(executor, source, items, chunk, report)
            if previous is not None:
                previous.write(sessions, folder_id, report, progress)
            previous = current
        if previous is not None:
            previous.write(sessions, folder_id, report, progress)
    return report


@dataclass
class _Window:
    """Messages read from the source and handed to the parser, awaiting their write."""

    readable: list[tuple[SourceItem, bytes]]
    futures: list[Future[list[ParsedMessage]]]

    @classmethod
    def submit(
        cls,
        executor: Executor,
        source: LocalSource,
        items: list[SourceItem],
        chunk: int,
        report: IngestReport,
    ) -> _Window:
        """Read the window's files and start parsing them."""
        readable: list[tuple[SourceItem, bytes]] = []
        for item in items:
            try:
                readable.append((item, source.read(item)))
            except OSError as exc:
                report.unreadable.append((item.path, exc.strerror or type(exc).__name__))
        futures = [
            executor.submit(_parse_many, [raw for _, raw in readable[i : i + chunk]])
            for i in range(0, len(readable), chunk)
        ]
        return cls(readable, futures)

    def write(
        self,
        sessions: sessionmaker[Session],
        folder_id: int,
        report: IngestReport,
        progress: Progress,
    ) -> None:
        """Wait for the parses and store the window in one transaction."""
        parsed = [message for future in self.futures for message in future.result()]
        batch = [(item, raw, p) for (item, raw), p in zip(self.readable, parsed, strict=True)]
        with sessions.begin() as session:
            report.with_warnings += store_parsed(session, folder_id, batch)
        report.added += len(batch)
        progress.tick(report.skipped + report.added + len(report.unreadable), report.seen)
