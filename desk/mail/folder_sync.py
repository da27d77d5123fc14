"""One folder, IMAP to store: headers first, bodies next, resumable, read-only on the server.

A message is known by (folder, UIDVALIDITY, UID), never by Message-ID alone.
One pass over a folder:

1. EXAMINE it (read-only: nothing Desk does while syncing can change the
   server; bodies are fetched with BODY.PEEK so \\Seen stays as it was).
2. A changed UIDVALIDITY voids every stored UID. Stored messages are matched
   to the new UIDs by (Message-ID header, size, INTERNALDATE) and re-keyed in
   place, so agents' work stays attached and nothing is duplicated; the rest
   is fetched as new.
3. Nothing changed (same UIDNEXT, HIGHESTMODSEQ and count, no body pending):
   stop there. That is the incremental sync with nothing new.
4. Expunged messages are marked gone (kept; open ones leave the queue).
5. Flags that changed since the stored HIGHESTMODSEQ (CONDSTORE), or all of
   them on a server without it and after a UIDVALIDITY change (whose new
   mod-sequences cannot be compared with the stored one).
6. New messages: headers, flags, INTERNALDATE and size in batches, stored at
   once so the queue can show them; then the bodies in batches bounded by
   bytes, parsed in a process pool while the next batch downloads.

Every batch commits on its own, so an interrupted pass (dropped connection,
closed laptop, killed process) resumes where it stopped: what is stored is
skipped, header-only rows get their bodies. :mod:`desk.mail.sync` runs
these passes for an account and reconnects after a drop.
"""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Integer, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.mail.imap import Fetched, FolderState, ImapConnection
from desk.mail.ingest import parsed_columns, parser_pool
from desk.mail.parse import parse_headers, parse_message
from desk.store.bulk import KEY_PARAM, EncodedRow, RowEncoder, encoder_for, updater_for
from desk.store.models import Folder, FolderKind, Message, MessageStatus

log = logging.getLogger(__name__)

HEADER_BATCH = 500  # UIDs per header FETCH (measured at 26,000: a little faster than 1,000)
FLAGS_BATCH = 5000
BODY_BATCH_BYTES = 8_000_000  # a 25 MB message goes alone
BODY_BATCH_COUNT = 400
# Batches handed to the pool before the oldest is stored: every worker stays busy
# while this process downloads and writes (one in flight kept one worker idle).
IN_FLIGHT = 4
# What the queue lists, and no more: the server sends less and there is less to parse
# (the Received lines alone are most of a header). The body fills in the rest.
LISTED_FIELDS = "FROM REPLY-TO SUBJECT DATE MESSAGE-ID CONTENT-TYPE"
HEADER_ITEMS = f"FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS ({LISTED_FIELDS})]"


class Stage(StrEnum):
    """Where a folder's sync stands, for progress bars and the status line."""

    CONNECTING = "connecting"
    CHECKING = "checking"
    HEADERS = "headers"
    BODIES = "bodies"
    DONE = "done"


class SyncListener(Protocol):
    """Told how a sync progresses; may ask it to stop at the next batch."""

    def stage(self, folder: str, stage: Stage, done: int, total: int) -> None:
        """``done`` of ``total`` units of ``stage`` finished in ``folder``."""

    def cancelled(self) -> bool:
        """True when the sync should stop at the next safe point."""


class QuietListener:
    """A listener that ignores everything and never cancels."""

    def stage(self, folder: str, stage: Stage, done: int, total: int) -> None:
        """Ignore."""

    def cancelled(self) -> bool:
        """Never."""
        return False


@dataclass
class FolderReport:
    """What one pass over one folder did."""

    folder: str
    new: int = 0
    bodies: int = 0
    gone: int = 0
    flags_changed: int = 0
    uidvalidity_changed: bool = False
    rekeyed: int = 0
    unchanged: bool = False
    cancelled: bool = False
    # Store ids whose bodies arrived: clustering takes exactly these.
    completed_ids: list[int] = field(default_factory=list)


def folder_locator(account: str, folder: str) -> str:
    """The store's unique name for an account's IMAP folder."""
    return f"imap:{account}:{folder}"


def header_row(folder_id: int, uidvalidity: int, item: Fetched, now: datetime) -> dict[str, Any]:
    """Every ``message`` column from a header FETCH: the queue can list it; the body comes later."""
    header = item.literal or b""
    parsed = parse_headers(header)
    row = {
        "folder_id": folder_id,
        "source_key": f"{uidvalidity}:{item.uid}",
        "source_path": None,
        "uidvalidity": uidvalidity,
        "uid": item.uid,
        "internal_date": item.internal_date,
        "ingested_at": now,
        "status": MessageStatus.OPEN,
        "flags": item.flags or [],
        "body_fetched": False,
        "gone_at": None,
        **parsed_columns(parsed, item.internal_date or now, []),
    }
    row["size"] = item.size or len(header)
    # A header-only parse warns about the missing body; the full parse decides later.
    row["parse_warnings"] = []
    return row


def header_rows(
    backend: str, folder_id: int, uidvalidity: int, items: list[Fetched], now: datetime
) -> list[EncodedRow]:
    """Header rows encoded for the store's insert (runs in a pool worker)."""
    encoder = encoder_for(backend, "message")
    return [encoder.encode(header_row(folder_id, uidvalidity, item, now)) for item in items]


# What the body adds to a header-only row. The listed columns are not rewritten: the
# header-only parse agrees with the full one (tested on the real corpus and the demo
# mailbox), and leaving them out spares the writer most of the message indexes.
# ``message_id`` is in: without a Message-ID header it is derived from all the bytes.
BODY_COLUMNS = (
    "message_id",
    "to_addrs",
    "cc_addrs",
    "in_reply_to",
    "references",
    "is_auto",
    "text",
    "html",
    "attachments",
    "parse_warnings",
    "sender",
    "body_fetched",
)


def body_updates(
    backend: str, items: list[tuple[int, bytes, datetime | None]], now: datetime
) -> list[tuple[EncodedRow, int, str]]:
    """Parse full messages (runs in a pool worker): encoded updates, store ids, SHA-256s."""
    updater = updater_for(backend, "message", BODY_COLUMNS)
    updates = []
    for message_id, raw, internal in items:
        parsed = parse_message(raw)
        columns = parsed_columns(parsed, internal or now, [])
        columns["body_fetched"] = True
        columns[KEY_PARAM] = message_id
        columns = {name: columns[name] for name in (*BODY_COLUMNS, KEY_PARAM)}
        updates.append((updater.encode(columns), message_id, parsed.sha256))
    return updates


def _on_server(folder_id: int, uidvalidity: int) -> tuple[ColumnElement[bool], ...]:
    """The folder's stored messages of this UIDVALIDITY that the server still has."""
    return (
        Message.folder_id == folder_id,
        Message.uidvalidity == uidvalidity,
        Message.gone_at.is_(None),
    )


def _chunks(values: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class FolderSync:
    """One pass over one folder, on an open connection, into the store."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        connection: ImapConnection,
        account_id: int,
        account_name: str,
        listener: SyncListener,
        workers: int | None,
    ) -> None:
        self.sessions = sessions
        self.connection = connection
        self.account_id = account_id
        self.account_name = account_name
        self.listener = listener
        self.workers = workers
        bind = sessions.kw["bind"]
        self.backend = f"{bind.dialect.name}+{bind.dialect.driver}://"

    # ------------------------------------------------------------- the pass
    def run(self, name: str) -> FolderReport:
        """Bring the store's copy of folder ``name`` up to date with the server."""
        report = FolderReport(folder=name)
        self.listener.stage(name, Stage.CHECKING, 0, 0)
        state = self.connection.examine(name)
        folder_id, stored_validity, stored_next, stored_modseq = self._folder(name)
        if stored_validity is not None and stored_validity != state.uidvalidity:
            report.uidvalidity_changed = True
            self._uidvalidity_changed(folder_id, stored_validity, state, report)
            stored_next = stored_modseq = None
        elif stored_validity is None:
            with self.sessions.begin() as session:
                session.execute(
                    update(Folder)
                    .where(Folder.id == folder_id)
                    .values(uidvalidity=state.uidvalidity)
                )
        live, pending = self._counts(folder_id, state.uidvalidity)
        if (
            stored_next is not None
            and stored_next == state.uidnext
            and stored_modseq is not None
            and stored_modseq == state.highest_modseq
            and live == state.exists
            and pending == 0
        ):
            report.unchanged = True
            self.listener.stage(name, Stage.DONE, state.exists, state.exists)
            return report

        stored = self._stored_uids(folder_id, state.uidvalidity)
        if stored_next is not None and state.uidnext is not None:
            recent = self.connection.search(["UID", f"{stored_next}:*"])
            new_uids = sorted(u for u in recent if u >= stored_next and u not in stored)
            expunge_suspected = live + len(new_uids) != state.exists
        else:
            new_uids, expunge_suspected = [], True
        if expunge_suspected or stored_next is None:
            on_server = set(self.connection.search(["ALL"])) if state.exists else set()
            new_uids = sorted(on_server - stored.keys())
            gone = stored.keys() - on_server
            if gone:
                report.gone = self._mark_gone(folder_id, [stored[u] for u in gone])

        if stored and stored_modseq is not None and self.connection.has_condstore:
            report.flags_changed = self._changed_flags(folder_id, stored, stored_modseq)
        elif stored:
            # No CONDSTORE, or no mod-sequence to start from (a UIDVALIDITY change voided
            # the old one, or the pass that re-keyed was cut short): read every flag once;
            # the HIGHESTMODSEQ stored at the end of the pass is then a true base.
            report.flags_changed = self._all_flags(folder_id, stored)

        with parser_pool(len(new_uids) + pending, self.workers) as pool:
            if new_uids:
                self._headers(pool, name, folder_id, state.uidvalidity, new_uids, report)
            if not report.cancelled:
                self._bodies(pool, name, folder_id, state.uidvalidity, report)
        if not report.cancelled:
            with self.sessions.begin() as session:
                session.execute(
                    update(Folder)
                    .where(Folder.id == folder_id)
                    .values(
                        uidnext=state.uidnext,
                        highest_modseq=state.highest_modseq,
                        synced_at=utc_now(),
                    )
                )
            self.listener.stage(name, Stage.DONE, state.exists, state.exists)
        return report

    # ------------------------------------------------------------- store reads
    def _folder(self, name: str) -> tuple[int, int | None, int | None, int | None]:
        locator = folder_locator(self.account_name, name)
        with self.sessions.begin() as session:
            folder = session.scalars(select(Folder).where(Folder.locator == locator)).first()
            if folder is None:
                folder = Folder(
                    account_id=self.account_id, kind=FolderKind.IMAP, name=name, locator=locator
                )
                session.add(folder)
                session.flush()
            return folder.id, folder.uidvalidity, folder.uidnext, folder.highest_modseq

    def _counts(self, folder_id: int, uidvalidity: int) -> tuple[int, int]:
        with self.sessions.begin() as session:
            live, pending = session.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(func.cast(~Message.body_fetched, Integer())), 0),
                ).where(
                    *_on_server(folder_id, uidvalidity),
                )
            ).one()
        return int(live), int(pending)

    def _stored_uids(self, folder_id: int, uidvalidity: int) -> dict[int, int]:
        """UID → store id of the folder's messages still on the server."""
        with self.sessions.begin() as session:
            rows = session.execute(
                select(Message.uid, Message.id).where(
                    *_on_server(folder_id, uidvalidity),
                )
            ).all()
        return {int(uid): int(mid) for uid, mid in rows if uid is not None}

    # ------------------------------------------------------------- changes
    def _mark_gone(self, folder_id: int, ids: Sequence[int]) -> int:
        """Mark messages gone from the server; how many were not known gone already.

        A message already gone keeps its first ``gone_at``: that is when it left.
        """
        now = utc_now()
        marked = 0
        with self.sessions.begin() as session:
            for chunk in _chunks(list(ids), 900):
                fresh = session.scalars(
                    select(Message.id).where(Message.id.in_(chunk), Message.gone_at.is_(None))
                ).all()
                if not fresh:
                    continue
                session.execute(update(Message).where(Message.id.in_(fresh)).values(gone_at=now))
                session.execute(
                    update(Message)
                    .where(Message.id.in_(fresh), Message.status == MessageStatus.OPEN)
                    .values(status=MessageStatus.GONE)
                )
                marked += len(fresh)
        if marked:
            log.info("folder %s: %d message(s) no longer on the server", folder_id, marked)
        return marked

    def _store_flags(self, fetched: dict[int, Fetched], stored: dict[int, int]) -> int:
        """Write the flags that differ from the stored ones; how many messages changed."""
        seen = {stored[uid]: item.flags or [] for uid, item in fetched.items() if uid in stored}
        if not seen:
            return 0
        with self.sessions.begin() as session:
            current = dict(
                session.execute(select(Message.id, Message.flags).where(Message.id.in_(seen))).all()
            )
            rows = [
                {"id": mid, "flags": flags}
                for mid, flags in seen.items()
                if current.get(mid) != flags
            ]
            if rows:
                session.execute(update(Message), rows)
        return len(rows)

    def _changed_flags(self, folder_id: int, stored: dict[int, int], modseq: int) -> int:
        # SEARCH MODSEQ n finds mod-sequences >= n: the stored highest one is already known.
        changed = [u for u in self.connection.search(["MODSEQ", str(modseq + 1)]) if u in stored]
        total = 0
        for chunk in _chunks(changed, FLAGS_BATCH):
            total += self._store_flags(self.connection.fetch_bulk(chunk, "FLAGS"), stored)
        return total

    def _all_flags(self, folder_id: int, stored: dict[int, int]) -> int:
        total = 0
        for chunk in _chunks(sorted(stored), FLAGS_BATCH):
            total += self._store_flags(self.connection.fetch_bulk(chunk, "FLAGS"), stored)
        return total

    def _uidvalidity_changed(
        self, folder_id: int, old_validity: int, state: FolderState, report: FolderReport
    ) -> None:
        """Re-key stored messages to the new UIDs where they can be recognised; the rest is gone.

        Recognised by (Message-ID header, size, INTERNALDATE): a rebuilt server
        index keeps all three, and two different messages sharing all three
        are as good as identical for the agents.
        """
        log.warning(
            "folder %s: UIDVALIDITY changed from %s to %s; matching stored messages",
            state.name,
            old_validity,
            state.uidvalidity,
        )
        with self.sessions.begin() as session:
            old_rows = session.execute(
                select(
                    Message.id, Message.message_id_header, Message.size, Message.internal_date
                ).where(
                    Message.folder_id == folder_id,
                    Message.uidvalidity == old_validity,
                    Message.gone_at.is_(None),  # already known gone: nothing to match or mark
                )
            ).all()
        waiting: dict[tuple[str | None, int, datetime | None], list[int]] = defaultdict(list)
        for mid, header_id, size, internal in old_rows:
            waiting[(header_id, int(size), _second(internal))].append(int(mid))
        uids = self.connection.search(["ALL"]) if state.exists else []
        moves: list[dict[str, Any]] = []
        for chunk in _chunks(uids, HEADER_BATCH):
            fetched = self.connection.fetch_bulk(
                chunk, "RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
            )
            for uid in chunk:
                item = fetched.get(uid)
                if item is None:
                    continue
                key = (
                    parse_headers(item.literal or b"").message_id_header,
                    item.size or 0,
                    _second(item.internal_date),
                )
                if waiting.get(key):
                    moves.append(
                        {
                            "id": waiting[key].pop(0),
                            "uidvalidity": state.uidvalidity,
                            "uid": uid,
                            "source_key": f"{state.uidvalidity}:{uid}",
                        }
                    )
        with self.sessions.begin() as session:
            if moves:
                session.execute(update(Message), moves)
            session.execute(
                update(Folder)
                .where(Folder.id == folder_id)
                .values(uidvalidity=state.uidvalidity, uidnext=None, highest_modseq=None)
            )
        unmatched = [mid for ids in waiting.values() for mid in ids]
        report.rekeyed = len(moves)
        if unmatched:
            report.gone += self._mark_gone(folder_id, unmatched)

    # ------------------------------------------------------------- new mail
    def _headers(
        self,
        pool: Executor,
        name: str,
        folder_id: int,
        uidvalidity: int,
        uids: Sequence[int],
        report: FolderReport,
    ) -> None:
        """Headers, flags, dates and sizes of new mail, stored batch by batch (the queue shows)."""
        encoder = encoder_for(self.backend, "message")
        total = len(uids)
        self.listener.stage(name, Stage.HEADERS, 0, total)
        in_flight: deque[Future[list[EncodedRow]]] = deque()
        for chunk in _chunks(uids, HEADER_BATCH):
            if self.listener.cancelled():
                report.cancelled = True
                break
            fetched = self.connection.fetch_bulk(chunk, HEADER_ITEMS)
            items = [fetched[uid] for uid in chunk if uid in fetched and fetched[uid].literal]
            in_flight.append(
                pool.submit(header_rows, self.backend, folder_id, uidvalidity, items, utc_now())
            )
            while len(in_flight) > IN_FLIGHT:
                self._store_headers(encoder, in_flight.popleft(), name, total, report)
        while in_flight:
            self._store_headers(encoder, in_flight.popleft(), name, total, report)

    def _store_headers(
        self,
        encoder: RowEncoder,
        future: Future[list[EncodedRow]],
        name: str,
        total: int,
        report: FolderReport,
    ) -> None:
        rows = future.result()
        with self.sessions.begin() as session:
            encoder.write(session.connection(), rows)
        report.new += len(rows)
        self.listener.stage(name, Stage.HEADERS, report.new, total)

    def _pending(
        self, folder_id: int, uidvalidity: int
    ) -> list[tuple[int, int, int, datetime | None]]:
        """(id, UID, size, INTERNALDATE) of the messages whose body is still to fetch."""
        with self.sessions.begin() as session:
            rows = session.execute(
                select(Message.id, Message.uid, Message.size, Message.internal_date)
                .where(
                    *_on_server(folder_id, uidvalidity),
                    ~Message.body_fetched,
                )
                .order_by(Message.uid)
            ).all()
        return [(int(m), int(u), int(s), d) for m, u, s, d in rows if u is not None]

    @staticmethod
    def _body_batches(
        pending: list[tuple[int, int, int, datetime | None]],
    ) -> Iterator[list[tuple[int, int, int, datetime | None]]]:
        batch: list[tuple[int, int, int, datetime | None]] = []
        size = 0
        for item in pending:
            if batch and (size + item[2] > BODY_BATCH_BYTES or len(batch) >= BODY_BATCH_COUNT):
                yield batch
                batch, size = [], 0
            batch.append(item)
            size += item[2]
        if batch:
            yield batch

    def _bodies(
        self, pool: Executor, name: str, folder_id: int, uidvalidity: int, report: FolderReport
    ) -> None:
        """Bodies in byte-bounded batches, parsed in the pool while the next batch downloads."""
        pending = self._pending(folder_id, uidvalidity)
        if not pending:
            return
        total = len(pending)
        self.listener.stage(name, Stage.BODIES, 0, total)
        in_flight: deque[tuple[dict[int, bytes], Future[list[tuple[EncodedRow, int, str]]]]]
        in_flight = deque()
        for batch in self._body_batches(pending):
            if self.listener.cancelled():
                report.cancelled = True
                break
            fetched = self.connection.fetch_bulk([uid for _, uid, _, _ in batch], "BODY.PEEK[]")
            work: list[tuple[int, bytes, datetime | None]] = []
            missing: list[int] = []
            for mid, uid, _size, internal in batch:
                item = fetched.get(uid)
                if item is None or item.literal is None:
                    missing.append(mid)  # expunged while we were fetching
                else:
                    work.append((mid, item.literal, internal))
            if missing:
                report.gone += self._mark_gone(folder_id, missing)
            future = pool.submit(body_updates, self.backend, work, utc_now())
            in_flight.append(({mid: raw for mid, raw, _ in work}, future))
            while len(in_flight) > IN_FLIGHT:
                self._store_bodies(*in_flight.popleft(), name, total, report)
        while in_flight:
            self._store_bodies(*in_flight.popleft(), name, total, report)

    def _store_bodies(
        self,
        raws: dict[int, bytes],
        future: Future[list[tuple[EncodedRow, int, str]]],
        name: str,
        total: int,
        report: FolderReport,
    ) -> None:
        parsed = future.result()
        if not parsed:
            return
        updater = updater_for(self.backend, "message", BODY_COLUMNS)
        raw_encoder = encoder_for(self.backend, "message_raw")
        raw_rows = [
            raw_encoder.encode({"message_id": mid, "sha256": sha, "data": raws[mid]})
            for _, mid, sha in parsed
        ]
        with self.sessions.begin() as session:
            connection = session.connection()
            updater.write(connection, [row for row, _, _ in parsed])
            raw_encoder.write(connection, raw_rows)
        report.bodies += len(parsed)
        report.completed_ids.extend(mid for _, mid, _ in parsed)
        self.listener.stage(name, Stage.BODIES, report.bodies, total)


def _second(value: datetime | None) -> datetime | None:
    return value.replace(microsecond=0) if value is not None else None
