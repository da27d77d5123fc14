"""Local sources: recognised by shape, stable keys, nothing dropped from messy mboxes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.mail.parse import parse_message
from desk.mail.sources import EmlFolderSource, MaildirSource, MboxSource, open_source
from desk.store.models import FolderKind
from tests.conftest import FIXTURES
from tests.support.mail import simple_message, write_maildir, write_mbox


def test_kinds_are_recognised(tmp_path: Path) -> None:
    maildir = write_maildir(tmp_path / "Maildir", [simple_message(1)])
    mbox = write_mbox(tmp_path / "inbox.mbox", [simple_message(1)])
    eml_dir = tmp_path / "eml"
    eml_dir.mkdir()
    (eml_dir / "a.eml").write_bytes(simple_message(1))
    assert open_source(maildir).kind is FolderKind.MAILDIR
    assert open_source(mbox).kind is FolderKind.MBOX
    assert open_source(eml_dir).kind is FolderKind.EML
    single = open_source(eml_dir / "a.eml")
    assert [item.path for item in single.items()] == ["a.eml"]


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DeskError) as caught:
        open_source(tmp_path / "nowhere")
    assert caught.value.code is ErrorCode.SOURCE_NOT_FOUND
    assert "nowhere" in caught.value.describe()


def test_maildir_key_ignores_flags_and_reads_new_and_cur(tmp_path: Path) -> None:
    root = write_maildir(tmp_path / "Maildir", [simple_message(1)])
    (root / "new" / "999.test.host").write_bytes(simple_message(2))
    (root / "tmp" / "777.test.host").write_bytes(simple_message(3))
    source = MaildirSource(root)
    items = list(source.items())
    assert [(i.key, i.path) for i in items] == [
        ("999.test.host", "new/999.test.host"),
        ("000000.test.host", "cur/000000.test.host:2,S"),
    ]
    (root / "cur" / "000000.test.host:2,S").rename(root / "cur" / "000000.test.host:2,RS")
    assert {i.key for i in MaildirSource(root).items()} == {"999.test.host", "000000.test.host"}
    assert source.read(items[0]) == simple_message(2)


def test_maildir_internal_date_is_the_file_mtime(tmp_path: Path) -> None:
    import os

    root = write_maildir(tmp_path / "Maildir", [simple_message(1)])
    when = datetime(2020, 3, 16, 8, 0, tzinfo=UTC)
    os.utime(root / "cur" / "000000.test.host:2,S", (when.timestamp(), when.timestamp()))
    (item,) = MaildirSource(root).items()
    assert item.internal_date == when


def test_eml_folder_takes_every_message_file_and_skips_hidden_and_data(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.EML").write_bytes(simple_message(2))
    (tmp_path / "a.eml").write_bytes(simple_message(1))
    (tmp_path / "msg_01.txt").write_bytes(simple_message(3))
    (tmp_path / "m0001").write_bytes(simple_message(4))
    (tmp_path / "labels.jsonl").write_text("{}\n")
    (tmp_path / "README.md").write_text("notes\n")
    (tmp_path / ".hidden.eml").write_bytes(simple_message(5))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    assert [i.path for i in EmlFolderSource(tmp_path).items()] == [
        "a.eml",
        "m0001",
        "msg_01.txt",
        "sub/b.EML",
    ]


def test_mbox_round_trip_and_envelope_dates(tmp_path: Path) -> None:
    messages = [simple_message(i) for i in range(3)]
    source = MboxSource(write_mbox(tmp_path / "in.mbox", messages))
    items = list(source.items())
    assert [i.path for i in items] == ["0", "1", "2"]
    assert [source.read(i) for i in items] == messages
    assert items[0].internal_date == datetime(2020, 3, 16, 9, 12, tzinfo=UTC)
    assert all(not i.warnings for i in items)


def test_mbox_keys_survive_deleting_a_message(tmp_path: Path) -> None:
    messages = [simple_message(i) for i in range(3)]
    full = {i.key for i in MboxSource(write_mbox(tmp_path / "a.mbox", messages)).items()}
    fewer = {i.key for i in MboxSource(write_mbox(tmp_path / "b.mbox", messages[1:])).items()}
    assert fewer < full


def test_mbox_identical_messages_are_both_kept(tmp_path: Path) -> None:
    source = MboxSource(write_mbox(tmp_path / "dup.mbox", [simple_message(1)] * 2))
    keys = [i.key for i in source.items()]
    assert len(keys) == 2
    assert len(set(keys)) == 2


def test_mbox_with_broken_from_lines_loses_nothing(tmp_path: Path) -> None:
    body_with_from = simple_message(2, body="Voici mon texte.\nFrom the start I said so.\nFin.")
    data = (
        simple_message(0)  # text before any From line
        + b"\nFrom \n"  # a From line with no sender or date
        + simple_message(1)
        + b"\nFrom parent@example.org Mon Mar 16 09:12:00 2020\n"
        + body_with_from
    )
    path = tmp_path / "broken.mbox"
    path.write_bytes(b"X" + data[1:])  # the file does not start with "From "
    source = MboxSource(path)
    items = list(source.items())
    assert len(items) == 3
    assert items[0].warnings == ("mbox-no-from-line",)
    assert items[1].warnings == ("mbox-malformed-from-line",)
    assert items[1].internal_date is None
    assert source.read(items[1]) == simple_message(1)
    assert source.read(items[2]) == body_with_from
    assert b"".join(source.read(i) for i in items).count(b"Message-ID") == 3


def test_empty_mbox_has_no_messages(tmp_path: Path) -> None:
    path = tmp_path / "empty.mbox"
    path.write_bytes(b"")
    assert list(MboxSource(path).items()) == []


HELDOUT = FIXTURES / "mail" / "heldout"


@pytest.mark.parametrize(
    ("name", "subjects"),
    [("bom.mbox", ["Demande 1", "Demande 2"]), ("leading-blank.mbox", ["Demande 3", "Demande 4"])],
)
def test_mbox_starting_with_a_byte_order_mark_or_blank_lines_is_an_mbox(
    tmp_path: Path, name: str, subjects: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes((HELDOUT / name).read_bytes())
    source = open_source(path)
    assert isinstance(source, MboxSource)
    items = list(source.items())
    assert all(not item.warnings for item in items)
    assert [parse_message(source.read(item)).subject for item in items] == subjects
    assert [item.internal_date is not None for item in items] == [True, True]


def test_an_eml_starting_with_a_byte_order_mark_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "bom.eml").write_bytes((HELDOUT / "bom.eml").read_bytes())
    source = open_source(tmp_path / "bom.eml")
    assert source.kind is FolderKind.EML
    (item,) = source.items()
    assert parse_message(source.read(item)).subject == "Attestation de réussite"


def test_mbox_splits_on_dateless_separators_without_a_blank_line() -> None:
    source = MboxSource(HELDOUT / "dateless-separators.mbox")
    items = list(source.items())
    parsed = [parse_message(source.read(item)) for item in items]
    assert [p.subject for p in parsed] == ["Demande 5", "Demande 6", "Demande 7", "Demande 8"]
    assert [i.warnings for i in items] == [(), *[("mbox-malformed-from-line",)] * 3]
    assert [i.internal_date is None for i in items] == [False, True, True, True]
    # Body lines beginning "From " that are prose stay in their message, escaped or not.
    assert parsed[0].text == (
        "Mon fils n'a pas reçu ses identifiants.\n"
        "From here on, I will write from my own address.\n"
        ">From the start, nothing worked.\n"
    )
    assert parsed[1].text.endswith("\n\nFrom here on, we wait.\nMerci.\n")
    assert all(p.text.count("Subject:") == 0 for p in parsed)


@pytest.mark.parametrize(
    ("line", "separates"),
    [
        (b"From -", True),
        (b"From - ", True),
        (b"From ", True),
        (b"From sender", True),
        (b"From MAILER-DAEMON", True),
        (b"From someone@example.org", True),
        (b"From someone@example.org Mon, 16 Mar 2020 09:12:00 +0100", True),
        (b"From sender 2020-03-16 09:12", True),
        (b"From here on, we wait.", False),
        (b"From now on: 10:30 every day", False),
        (b"From the start I said so.", False),
    ],
)
def test_a_dateless_from_line_separates_when_envelope_shaped_before_a_header(
    tmp_path: Path, line: bytes, separates: bool
) -> None:
    first, second = simple_message(1), simple_message(2)
    path = tmp_path / "m.mbox"
    path.write_bytes(
        b"From a@example.org Mon Mar 16 09:12:00 2020\n" + first + line + b"\n" + second
    )
    items = list(MboxSource(path).items())
    assert len(items) == (2 if separates else 1)


def test_a_from_line_after_a_blank_line_needs_a_shape_or_a_header_after_it(
    tmp_path: Path,
) -> None:
    body = "Bonjour.\n\nFrom here on, I write in English.\n\nFrom - \nNot a header line.\nFin."
    message = simple_message(1, body=body)
    path = tmp_path / "m.mbox"
    path.write_bytes(b"From a@example.org Mon Mar 16 09:12:00 2020\n" + message)
    source = MboxSource(path)
    items = list(source.items())
    # "From - " after a blank line is an envelope line (the existing rule); prose is not.
    assert len(items) == 2
    assert b"From here on, I write in English." in source.read(items[0])
