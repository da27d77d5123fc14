"""``desk replay``: a labelled mailbox answered by a simulated agent, and its bad inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desk.cli import EXIT_ERROR, run
from desk.core.errors import DeskError
from desk.demo.generator import generate_mailbox
from desk.workbench.replay import read_labels, replay_path

CONTRACT = {"messages", "actions", "representatives_reviewed", "wrong_answers", "unanswered"}


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A labelled demo mailbox of 300 messages (Maildir and labels.jsonl)."""
    root = tmp_path_factory.mktemp("replay")
    generate_mailbox(root, size=300, seed=5)
    return root


def test_a_surge_is_answered_in_fewer_actions_than_messages_and_without_wrong_answers(
    mailbox: Path,
) -> None:
    report = replay_path(mailbox / "Maildir", mailbox / "labels.jsonl", slices=4)
    assert report.messages == 300
    assert report.unanswered == 0
    assert report.wrong_answers == 0
    requests = sum(1 for row in read_labels(mailbox / "labels.jsonl").values() if ":" not in row)
    assert 0 < report.actions < requests  # clusters and passes save actions
    assert set(report.contract()) == CONTRACT


def test_a_member_labelled_otherwise_is_counted_as_a_wrong_answer(
    mailbox: Path, tmp_path: Path
) -> None:
    # Relabel the later copies of one base text: Desk still groups them with the first,
    # and the agent, who looks at representatives only, answers them all the same way.
    rows = [json.loads(line) for line in (mailbox / "labels.jsonl").read_text().splitlines()]
    by_base: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["kind"] == "original":
            by_base.setdefault(row["base_id"], []).append(row)
    copies = max(by_base.values(), key=len)
    assert len(copies) >= 3
    for row in copies[1:]:
        row["intent"] = "another_intent"
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    report = replay_path(mailbox / "Maildir", labels, slices=1)
    assert report.wrong_answers >= len(copies) - 1


def test_the_command_writes_the_contract(mailbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "replay.json"
    status = run(
        [
            "replay",
            str(mailbox / "Maildir"),
            "--labels",
            str(mailbox / "labels.jsonl"),
            "--json",
            str(out),
            "--slices",
            "2",
            "--workers",
            "0",
        ]
    )
    assert status == 0
    written = json.loads(out.read_text())
    assert set(written) == CONTRACT and written["messages"] == 300


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "has no labels"),
        ('{"file": "cur/x"}\n', 'needs "file" and "intent"'),
        ("not json\n", "line 1: not JSON"),
        ('["file", "intent"]\n', 'needs "file" and "intent"'),
    ],
)
def test_a_bad_labels_file_is_a_clear_error(
    mailbox: Path, tmp_path: Path, content: str, message: str
) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        replay_path(mailbox / "Maildir", labels)


def test_missing_or_unreadable_labels_and_a_message_without_label(
    mailbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError, match="cannot read the labels file"):
        replay_path(mailbox / "Maildir", tmp_path / "absent.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match="not UTF-8"):
        replay_path(mailbox / "Maildir", binary)
    # One message lost its label: named, not answered with a guess.
    lines = (mailbox / "labels.jsonl").read_text().splitlines()
    partial = tmp_path / "partial.jsonl"
    partial.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    first = json.loads(lines[0])["file"]
    status = run(
        [
            "replay",
            str(mailbox / "Maildir"),
            "--labels",
            str(partial),
            "--json",
            str(tmp_path / "o"),
        ]
    )
    assert status == EXIT_ERROR
    assert f"no label for {first}" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_path_that_is_no_mailbox_is_refused(mailbox: Path, tmp_path: Path) -> None:
    with pytest.raises(DeskError):
        replay_path(tmp_path / "nowhere", mailbox / "labels.jsonl")
    empty = tmp_path / "empty"
    (empty / "cur").mkdir(parents=True)
    (empty / "new").mkdir()
    (empty / "tmp").mkdir()
    with pytest.raises(ValueError, match="holds no messages"):
        replay_path(empty, mailbox / "labels.jsonl")
    with pytest.raises(ValueError, match="slices"):
        replay_path(mailbox / "Maildir", mailbox / "labels.jsonl", slices=0)
    shutil.rmtree(empty)
