"""What the reading pane's workers run: a message and its marks, a whole one, source, files."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.store.database import Store
from desk.workbench.reading import (
    SHOWN_LINES,
    NotAvailableError,
    read_message,
    read_whole_message,
    save_attachment,
    source_text,
)
from tests.support.mail import simple_message
from tests.workbench.test_reading import ATTACHED, ATTACHED_RAW, ingest_messages, long_message

REPRESENTATIVE = "Bonjour, mon fils n'arrive pas à se connecter. Merci."
MEMBER = "Bonjour, ma fille n'arrive pas à se connecter. Merci."


@pytest.fixture
def ids(store: Store, tmp_path: Path) -> dict[str, int]:
    """A member of a cluster, a long message and one with attachments, by Message-ID."""
    messages = [simple_message(1, body=MEMBER), long_message(), ATTACHED_RAW]
    return ingest_messages(store, tmp_path, messages)


def test_a_message_comes_with_its_differences_from_the_representative(
    store: Store, ids: dict[str, int]
) -> None:
    shown = read_message(store.sessions, ids["<msg1@example.org>"], REPRESENTATIVE)
    assert shown.detail.text.rstrip("\n") == MEMBER
    assert [MEMBER[s.start : s.end] for s in shown.spans] == ["ma fille"]
    assert shown.request is None  # it asks nothing beyond its cluster
    alone = read_message(store.sessions, ids["<msg1@example.org>"], None)
    assert alone.spans == ()


def test_a_long_message_is_cut_then_read_whole(store: Store, ids: dict[str, int]) -> None:
    message_id = ids["<long@example.org>"]
    cut = read_message(store.sessions, message_id, None)
    assert cut.detail.truncated and cut.detail.text.count("\n") < SHOWN_LINES
    whole = read_whole_message(store.sessions, message_id, None)
    assert whole.text.rstrip("\n").endswith("Ligne 9999 : erreur")
    assert whole.spans == () and whole.request is None


def test_the_source_and_an_attachment_are_the_bytes_that_arrived(
    store: Store, ids: dict[str, int], tmp_path: Path
) -> None:
    message_id = ids["<attachments@example.org>"]
    source = source_text(store.sessions, message_id)
    assert source.startswith("From: Paul Martin <paul@example.org>")
    assert "\r\n" not in source
    out = tmp_path / "saved.pdf"
    assert save_attachment(store.sessions, message_id, 1, str(out)) == len(ATTACHED[1][1])
    assert out.read_bytes() == ATTACHED[1][1]


def test_what_is_not_in_the_store_says_so(store: Store, ids: dict[str, int]) -> None:
    missing = max(ids.values()) + 1000
    with pytest.raises(NotAvailableError):
        read_message(store.sessions, missing, None)
    with pytest.raises(NotAvailableError):
        source_text(store.sessions, missing)
