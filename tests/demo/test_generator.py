"""The demo mailbox: deterministic, labelled truthfully, realistic in its variety."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import mailbox
from collections import Counter
from pathlib import Path

import pytest

from desk.demo.generator import generate_mailbox
from desk.demo.intents import INTENTS

LABEL_KEYS = {"file", "message_id", "intent", "base_id", "kind", "lang", "sender", "channel",
              "thread_of"}  # fmt: skip


def _labels(path: Path) -> list[dict[str, str | None]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str | None]]]:
    generated = generate_mailbox(tmp_path_factory.mktemp("big"), size=5000, seed=11)
    return generated.mailbox, _labels(generated.labels)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = generate_mailbox(tmp_path / "a", size=300, seed=7)
    b = generate_mailbox(tmp_path / "b", size=300, seed=7)
    c = generate_mailbox(tmp_path / "c", size=300, seed=8)
    assert _tree_digest(a.root) == _tree_digest(b.root)
    assert _tree_digest(a.root) != _tree_digest(c.root)
    first = next((a.mailbox / "cur").iterdir())
    assert first.stat().st_mtime == (b.mailbox / "cur" / first.name).stat().st_mtime


@pytest.mark.parametrize("size", [99, 200_001, 0, -5])
def test_sizes_out_of_range_are_refused(tmp_path: Path, size: int) -> None:
    with pytest.raises(ValueError, match="100 to 200000"):
        generate_mailbox(tmp_path, size=size)


def test_labels_match_the_files(big: tuple[Path, list[dict[str, str | None]]]) -> None:
    root, labels = big
    assert len(labels) == 5000
    assert len(list((root / "cur").iterdir())) == 5000
    for label in labels:
        assert set(label) == LABEL_KEYS
        raw = (root / str(label["file"])).read_bytes()
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        assert message["Message-ID"] == label["message_id"]
        if label["message_id"] is not None:
            assert f"Message-ID: {label['message_id']}\n".encode() in raw


def test_every_message_parses_with_both_stdlib_policies(
    big: tuple[Path, list[dict[str, str | None]]],
) -> None:
    root, labels = big
    for label in labels[:2000]:
        raw = (root / str(label["file"])).read_bytes()
        for policy in (email.policy.default, email.policy.compat32):
            message = email.message_from_bytes(raw, policy=policy)
            assert message["From"] is not None


def test_kinds_languages_and_channels_in_realistic_proportions(
    big: tuple[Path, list[dict[str, str | None]]],
) -> None:
    _, labels = big
    kinds = Counter(label["kind"] for label in labels)
    share = {kind: count / len(labels) for kind, count in kinds.items()}
    assert 0.60 < share["original"] < 0.76
    assert 0.06 < share["follow-up"] < 0.12
    for kind in ("forward", "multi", "singleton", "auto-reply", "bounce", "spam"):
        assert 0.005 < share[kind] < 0.09, kind
    french = sum(1 for label in labels if label["lang"] == "fr") / len(labels)
    assert 0.8 < french < 0.95
    web = [label for label in labels if label["channel"] == "web-form"]
    assert 0.03 < len(web) / len(labels) < 0.1


def test_many_intents_and_near_misses_appear(
    big: tuple[Path, list[dict[str, str | None]]],
) -> None:
    _, labels = big
    seen = {label["intent"] for label in labels if label["kind"] == "original"}
    assert len(seen & {intent.key for intent in INTENTS}) >= 40
    for intent in INTENTS:
        if intent.near_miss_of and intent.weight >= 2:
            assert intent.key in seen and intent.near_miss_of in seen, intent.key
    singletons = [label["intent"] for label in labels if label["kind"] == "singleton"]
    assert len(singletons) == len(set(singletons))


def test_follow_ups_point_to_an_earlier_message_of_the_same_sender(
    big: tuple[Path, list[dict[str, str | None]]],
) -> None:
    _, labels = big
    # Some senders reuse Message-IDs: threads to those are ambiguous by design.
    reused = {i for i, n in Counter(lb["message_id"] for lb in labels).items() if i and n > 1}
    earlier: dict[str, dict[str, str | None]] = {}
    checked = 0
    for label in labels:
        thread = label["thread_of"]
        if label["kind"] == "follow-up" and thread in earlier and thread not in reused:
            original = earlier[str(label["thread_of"])]
            assert original["sender"] == label["sender"]
            assert original["intent"] == label["intent"]
            checked += 1
        if label["message_id"]:
            earlier.setdefault(str(label["message_id"]), label)
    assert checked > 200


def test_web_form_messages_reply_to_the_person(
    big: tuple[Path, list[dict[str, str | None]]],
) -> None:
    root, labels = big
    for label in [lb for lb in labels if lb["channel"] == "web-form"][:50]:
        message = email.message_from_bytes(
            (root / str(label["file"])).read_bytes(), policy=email.policy.default
        )
        assert "noreply@formulaires.example-edu.fr" in str(message["From"])
        assert message["Reply-To"].addresses[0].addr_spec.lower() == label["sender"]
        assert "Nouveau message depuis le formulaire de contact" in message.get_body().get_content()


def test_mime_variety_is_there(big: tuple[Path, list[dict[str, str | None]]]) -> None:
    root, labels = big
    seen: Counter[str] = Counter()
    for label in labels:
        raw = (root / str(label["file"])).read_bytes()
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        types = {part.get_content_type() for part in message.walk()}
        encodings = {
            str(part.get("Content-Transfer-Encoding", "")).lower() for part in message.walk()
        }
        charsets = {str(part.get_param("charset") or "") for part in message.walk()}
        seen.update(
            {
                "html-only": "text/html" in types and "text/plain" not in types,
                "alternative": "multipart/alternative" in types,
                "base64": "base64" in encodings,
                "quoted-printable": "quoted-printable" in encodings,
                "iso-8859-1": "iso-8859-1" in charsets,
                "windows-1252": "windows-1252" in charsets,
                "odd charset": bool(charsets & {"utf8", "latin1", "x-user-defined"}),
                "encoded subject": "=?" in str(message.get("Subject", "")),
                "attachment": any(
                    part.get_content_disposition() == "attachment" for part in message.walk()
                ),
                "no message-id": message.get("Message-ID") is None,
                "auto-submitted": message.get("Auto-Submitted") == "auto-replied",
                "bounce report": message.get_content_type() == "multipart/report",
                "in-reply-to": message.get("In-Reply-To") is not None,
                "quoted with >": b"\n> " in raw,
                "outlook quote": b"De : " in raw and b"Objet : " in raw,
            }
        )
    missing = [feature for feature in seen if seen[feature] == 0]
    assert not missing


def test_mbox_layout_round_trips(tmp_path: Path) -> None:
    generated = generate_mailbox(tmp_path, size=400, seed=2, layout="mbox")
    box = mailbox.mbox(generated.mailbox)
    try:
        count = len(box)
    finally:
        box.close()
    labels = _labels(generated.labels)
    assert count == len(labels) == 400
    assert [label["file"] for label in labels] == [str(i) for i in range(400)]


def test_eml_layout(tmp_path: Path) -> None:
    generated = generate_mailbox(tmp_path, size=150, seed=2, layout="eml")
    labels = _labels(generated.labels)
    assert sorted(p.name for p in generated.mailbox.iterdir()) == [lb["file"] for lb in labels]
