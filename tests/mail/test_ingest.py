"""Ingest into the store: everything kept, idempotent, resumable, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.cli import EXIT_OK, run
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.models import Message, MessageRaw
from tests.conftest import FIXTURES
from tests.support.mail import simple_message, write_maildir, write_mbox


class RecordingProgress:
    """Records ticks; cancels once ``cancel_after`` ticks have been seen."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.ticks: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def tick(self, done: int, total: int) -> None:
        self.ticks.append((done, total))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.ticks) > self.cancel_after


def _count(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count(Message.id))) or 0


def _raw_by_path(store: Store) -> dict[str, bytes]:
    with store.sessions() as session:
        rows = session.execute(select(Message.source_path, MessageRaw.data).join(MessageRaw)).all()
    return {str(path): bytes(data) for path, data in rows}


def test_maildir_ingest_keeps_raw_bytes_and_is_idempotent(store: Store, tmp_path: Path) -> None:
    messages = [simple_message(i) for i in range(25)]
    root = write_maildir(tmp_path / "Maildir", messages)
    progress = RecordingProgress()
    first = ingest_source(store.sessions, open_source(root), progress=progress, window=10)
    assert (first.seen, first.added, first.skipped) == (25, 25, 0)
    assert progress.ticks[-1] == (25, 25)
    assert [done for done, _ in progress.ticks] == sorted(done for done, _ in progress.ticks)
    stored = _raw_by_path(store)
    for i, raw in enumerate(messages):
        assert stored[f"cur/{i:06d}.test.host:2,S"] == raw

    again = ingest_source(store.sessions, open_source(root))
    assert (again.seen, again.added, again.skipped) == (25, 0, 25)
    assert _count(store) == 25


def test_interrupted_ingest_resumes_without_duplicates(store: Store, tmp_path: Path) -> None:
    root = write_maildir(tmp_path / "Maildir", [simple_message(i) for i in range(40)])
    partial = ingest_source(
        store.sessions, open_source(root), progress=RecordingProgress(cancel_after=1), window=10
    )
    assert partial.cancelled
    assert 0 < partial.added < 40
    assert _count(store) == partial.added
    rest = ingest_source(store.sessions, open_source(root), window=10)
    assert rest.skipped == partial.added
    assert rest.added == 40 - partial.added
    assert _count(store) == 40
    with store.sessions() as session:
        keys = session.scalars(select(Message.source_key)).all()
    assert len(set(keys)) == 40


def test_parallel_parsing_gives_the_same_rows_as_in_process(store: Store, tmp_path: Path) -> None:
    messages = [simple_message(i, body=f"Texte numéro {i} é") for i in range(320)]
    pooled_root = write_maildir(tmp_path / "pooled", messages)
    plain_root = write_maildir(tmp_path / "plain", messages)
    pooled = ingest_source(store.sessions, open_source(pooled_root), workers=2, window=100)
    plain = ingest_source(store.sessions, open_source(plain_root), workers=0)
    assert pooled.added == plain.added == 320

    def rows(folder_id: int) -> list[tuple[str, str, str, datetime]]:
        with store.sessions() as session:
            return [
                tuple(row)  # type: ignore[misc]
                for row in session.execute(
                    select(Message.source_key, Message.subject, Message.text, Message.date)
                    .where(Message.folder_id == folder_id)
                    .order_by(Message.source_key)
                )
            ]

    assert rows(pooled.folder_id) == rows(plain.folder_id)


def test_unreadable_files_are_reported_and_picked_up_later(store: Store, tmp_path: Path) -> None:
    root = write_maildir(tmp_path / "Maildir", [simple_message(i) for i in range(3)])
    dangling = root / "cur" / "100.test.host:2,S"
    dangling.symlink_to(tmp_path / "gone.eml")
    (root / "cur" / "200.test.host:2,S").mkdir()  # a folder where a message should be
    report = ingest_source(store.sessions, open_source(root))
    assert report.added == 3
    assert sorted(path for path, _ in report.unreadable) == [
        "cur/100.test.host:2,S",
        "cur/200.test.host:2,S",
    ]
    assert all(reason for _, reason in report.unreadable)
    (tmp_path / "gone.eml").write_bytes(simple_message(100))
    later = ingest_source(store.sessions, open_source(root))
    assert later.added == 1
    assert _count(store) == 4


def test_missing_date_falls_back_to_the_delivery_time(store: Store, tmp_path: Path) -> None:
    raw = b"From: a@example.org\nSubject: sans date\nMessage-ID: <nodate@x>\n\ncorps\n"
    root = write_maildir(tmp_path / "Maildir", [raw])
    when = datetime(2020, 3, 17, 21, 30, tzinfo=UTC)
    path = root / "cur" / "000000.test.host:2,S"
    os.utime(path, (when.timestamp(), when.timestamp()))
    ingest_source(store.sessions, open_source(root))
    with store.sessions() as session:
        message = session.scalars(select(Message)).one()
    assert message.date == when
    assert message.date_from_header is False
    assert "date-missing" in message.parse_warnings


def test_bad_input_is_stored_and_listed_with_raw_kept(store: Store, tmp_path: Path) -> None:
    bad = {
        "png.eml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "prose.eml": "Ceci n'est pas un courriel, juste une note écrite à la main.\n".encode(),
        "nul.eml": b"From: a@b\nSubject: nul\x00here\n\nbody\x00with nul\n",
        "empty.eml": b"",
        "truncated.eml": (
            b'From: a@b\nContent-Type: multipart/mixed; boundary="XX"\n\n--XX\n'
            b"Content-Type: text/plain\n\nd\xe9but du texte"
        ),
    }
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, raw in bad.items():
        (folder / name).write_bytes(raw)
    report = ingest_source(store.sessions, open_source(folder))
    assert report.added == len(bad)
    stored = _raw_by_path(store)
    assert stored == bad
    with store.sessions() as session:
        warnings = {
            str(path): list(found)
            for path, found in session.execute(select(Message.source_path, Message.parse_warnings))
        }
    assert "not-an-email:binary" in warnings["png.eml"]
    assert "no-headers" in warnings["prose.eml"]


def test_mbox_ingest_counts_match_and_rerun_adds_nothing(store: Store, tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "in.mbox", [simple_message(i) for i in range(12)])
    assert ingest_source(store.sessions, open_source(path)).added == 12
    assert ingest_source(store.sessions, open_source(path)).added == 0
    assert sorted(_raw_by_path(store), key=int) == [str(i) for i in range(12)]


def test_every_real_corpus_message_is_stored_with_raw_bytes(store: Store, realmail: Path) -> None:
    folder = realmail / "messages"
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    report = ingest_source(store.sessions, open_source(folder), workers=0)
    assert report.added == len(files) == 266
    assert not report.unreadable
    assert _raw_by_path(store) == files


@pytest.mark.parametrize("kind", ["maildir", "mbox", "eml"])
def test_demo_mailbox_ingests_whole(store: Store, tmp_path: Path, kind: str) -> None:
    from desk.demo.generator import generate_mailbox

    generated = generate_mailbox(tmp_path / "demo", size=150, seed=3, layout=kind)  # type: ignore[arg-type]
    report = ingest_source(store.sessions, open_source(generated.mailbox))
    assert report.added == generated.count == 150
    assert not report.unreadable


def test_heldout_shapes_survive_the_whole_ingest_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``desk ingest`` of an mbox that begins with a byte-order mark and whose
    separators carry no date, holding the held-out shapes of the parser's faults."""
    heldout = FIXTURES / "mail" / "heldout"
    names = [
        "folded-boundary.eml",
        "gb2312-declared-utf8.eml",
        "iso2022jp-vendor-chars.eml",
        "addresses-run-together.eml",
        "from-name-stray-byte.eml",
    ]
    separators = [b"From a@example.org Mon Mar 16 09:12:00 2020\n", b"From - \n", b"From sender\n"]
    mbox = tmp_path / "heldout.mbox"
    mbox.write_bytes(
        b"\xef\xbb\xbf"
        + b"".join(
            separators[min(i, 2)] + (heldout / name).read_bytes() for i, name in enumerate(names)
        )
    )
    db = sqlite_url(tmp_path / "d.sqlite3")
    assert run(["--db", db, "ingest", str(mbox)]) == EXIT_OK
    assert "5 messages in source, 5 added" in capsys.readouterr().out

    store = open_store(db)
    try:
        with store.sessions() as session:
            rows = session.execute(
                select(Message.source_path, Message.subject, Message.from_name,
                       Message.from_addr, Message.text, Message.attachments)
                .order_by(Message.source_path)
            ).all()  # fmt: skip
            raw = _raw_by_path(store)
    finally:
        store.close()
    assert [r.subject for r in rows] == [
        "Inscription en seconde : pieces jointes",
        "Registration question",
        "№12 お問い合わせ",
        "Booking",
        "Test",
    ]
    assert rows[0].text.startswith("Bonjour, je joins le certificat")
    assert [a["filename"] for a in rows[0].attachments] == ["certificat.pdf"]
    assert rows[1].text.startswith("您好！我想咨询一下")
    assert rows[2].text.strip() == "① 申し込み"
    assert rows[3].from_addr == "tim@example.com"
    assert (rows[4].from_name, rows[4].from_addr) == ("Юникод Сервис\ufffd", "service@example.ru")
    assert [raw[str(i)] for i in range(5)] == [(heldout / n).read_bytes() for n in names]
