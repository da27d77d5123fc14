"""The second hand-written mailbox (tests/fixtures/handwritten2): whole, parseable, reproducible."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from collections import Counter
from email import policy
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "handwritten2"
MAKE = ROOT / "make.py"
KEYS = {"file", "message_id", "intent", "base_id", "kind", "lang", "sender", "channel", "thread_of"}
KINDS = {"original", "multi", "singleton", "follow-up", "fyi", "auto-reply", "bounce", "spam"}


def _labels() -> list[dict[str, str | None]]:
    with (ROOT / "labels.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _files(root: Path) -> list[str]:
    cur = root / "Maildir" / "cur"
    return sorted(f"cur/{path.name}" for path in cur.iterdir() if not path.name.startswith("."))


def _parse(name: str) -> EmailMessage:
    with (ROOT / "Maildir" / name).open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _file(label: dict[str, str | None]) -> str:
    name = label["file"]
    assert name is not None
    return name


def test_one_label_per_maildir_file_and_back() -> None:
    labels = _labels()
    names = [_file(label) for label in labels]
    assert len(labels) >= 320
    assert names == _files(ROOT), "labels.jsonl lists the Maildir files, in file order"
    assert len(set(names)) == len(names)
    for label in labels:
        assert set(label) == KEYS
    for sub in ("new", "tmp"):
        assert [p.name for p in (ROOT / "Maildir" / sub).iterdir()] == [".gitkeep"]


def test_every_file_parses_and_has_a_text_part() -> None:
    for label in _labels():
        name = _file(label)
        raw = (ROOT / "Maildir" / name).read_bytes()
        head, _, _ = raw.partition(b"\n\n")
        assert b"\r" not in raw, name
        assert head.isascii(), f"{name}: non-ASCII headers are RFC 2047 encoded"
        message = _parse(name)
        for header in ("From", "To", "Date", "Message-ID"):
            assert message[header], f"{name} has no {header}"
        assert message.get_content_type() in {
            "text/plain",
            "multipart/alternative",
            "multipart/report",
        }, name
        body = message.get_body(preferencelist=("plain",))
        assert body is not None, name
        text = body.get_content()
        assert isinstance(text, str)
        # Even the web forms sent with an empty message field keep the form's own lines.
        assert text.strip(), f"{name} has an empty text part"


def test_message_ids_match_the_files() -> None:
    for label in _labels():
        message = _parse(_file(label))
        assert message["Message-ID"] == label["message_id"]


def test_thread_of_points_at_an_earlier_message_of_the_set() -> None:
    labels = _labels()
    position = {label["message_id"]: index for index, label in enumerate(labels)}
    by_id = {label["message_id"]: label for label in labels}
    for index, label in enumerate(labels):
        parent = label["thread_of"]
        assert (parent is not None) == (label["kind"] == "follow-up"), label["file"]
        if parent is None:
            continue
        assert position[parent] < index, label["file"]
        assert by_id[parent]["base_id"] == label["base_id"]
        assert by_id[parent]["intent"] == label["intent"]
        in_reply_to = _parse(_file(label))["In-Reply-To"]
        assert in_reply_to is None or in_reply_to == parent


def test_labels_are_consistent() -> None:
    labels = _labels()
    groups = Counter(label["base_id"] for label in labels)
    for label in labels:
        kind, intent, base_id = label["kind"], label["intent"], label["base_id"]
        assert kind in KINDS
        assert label["channel"] in {"mail", "webform"}
        assert label["lang"] in {"fr", "en", "ar", "zh"}
        assert base_id is not None and base_id.startswith("h2/")
        assert intent is not None
        if kind == "multi":
            parts = intent.split("+")
            assert len(parts) == 2 and parts == sorted(parts), intent
        if kind == "singleton":
            assert intent.startswith("singleton:h2-") and groups[base_id] == 1
        if kind in {"auto-reply", "bounce", "spam"}:
            assert intent == kind
        if kind == "original":
            assert 3 <= groups[base_id] <= 12, base_id
            assert base_id == f"h2/{intent}/{base_id.rsplit('/', 1)[1]}"
    langs = Counter(label["lang"] for label in labels)
    assert langs["fr"] > 2 * langs["en"] > 0


def test_make_reproduces_the_same_bytes_and_times(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(MAKE), str(tmp_path)], check=True, capture_output=True, text=True
    )
    assert (tmp_path / "labels.jsonl").read_bytes() == (ROOT / "labels.jsonl").read_bytes()
    assert _files(tmp_path) == _files(ROOT)
    for name in _files(ROOT):
        ours, theirs = ROOT / "Maildir" / name, tmp_path / "Maildir" / name
        assert theirs.read_bytes() == ours.read_bytes(), name
        # The mtime is the Date (checked on the fresh copy: git does not keep file times).
        date = _parse(name)["Date"]
        assert theirs.stat().st_mtime == date.datetime.timestamp(), name
