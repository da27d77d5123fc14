"""``desk cluster PATH --jsonl OUT``: the contract evaluations outside the suite rely on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desk.cli import EXIT_ERROR, EXIT_OK, run
from desk.cluster.metrics import load_labels, score
from desk.demo.generator import generate_mailbox
from desk.demo.intents import INTENTS
from desk.jobs import cluster_path

NEAR_MISS = [(i.key, i.near_miss_of) for i in INTENTS if i.near_miss_of]


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same 400 messages as a Maildir, an mbox file and a folder of .eml files."""
    roots = {}
    for layout in ("maildir", "mbox", "eml"):
        generated = generate_mailbox(
            tmp_path_factory.mktemp(layout), size=400, seed=7, layout=layout
        )
        roots[layout] = generated.mailbox
        roots[f"{layout}-labels"] = generated.labels
    return roots


@pytest.mark.parametrize("layout", ["maildir", "mbox", "eml"])
def test_one_line_per_message_with_the_labels_ids_and_files(
    demo: dict[str, Path], layout: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert run(["cluster", str(demo[layout]), "--jsonl", str(out), "--workers", "0"]) == EXIT_OK
    lines = _lines(out)
    labels = load_labels(demo[f"{layout}-labels"])
    assert len(lines) == len(labels) == 400
    assert all(set(line) == {"message_id", "file", "cluster"} for line in lines)
    by_file = {str(line["file"]): line for line in lines}
    for label in labels:
        line = by_file[str(label["file"])]
        # The Message-ID as written, brackets included (none: null).
        assert line["message_id"] == label["message_id"]
    if layout == "mbox":
        assert [line["file"] for line in lines] == list(range(400))
    gold = {str(r["file"]): str(r["intent"]) for r in labels}
    base = {str(r["file"]): str(r["base_id"]) for r in labels}
    predicted = {str(line["file"]): str(line["cluster"]) for line in lines}
    result = score(predicted, gold, reference=base, near_miss_pairs=NEAR_MISS)
    assert result.bcubed_precision >= 0.99
    assert result.near_miss_mixed == 0
    assert result.actions_saved_ratio >= 0.8
    err = capsys.readouterr().err
    for stage in ("read and parse", "normalise", "cluster", "write"):
        assert f"desk cluster: {stage}:" in err


def test_non_requests_have_clusters_of_their_own(demo: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    cluster_path(demo["maildir"], out, workers=0)
    kinds = {str(r["file"]): str(r["kind"]) for r in load_labels(demo["maildir-labels"])}
    clusters_of: dict[str, set[str]] = {}
    for line in _lines(out):
        clusters_of.setdefault(str(line["cluster"]), set()).add(kinds[str(line["file"])])
    auto = {c for c, k in clusters_of.items() if k <= {"auto-reply", "bounce"}}
    assert auto, "auto-replies and bounces got no cluster of their own"
    for cluster, found in clusters_of.items():
        if found & {"auto-reply", "bounce"}:
            assert found <= {"auto-reply", "bounce"}, (cluster, found)
            assert not cluster.isdigit(), "non-request cluster ids say what they hold"


def test_threshold_changes_the_grouping_and_is_checked(
    demo: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strict, loose = tmp_path / "strict.jsonl", tmp_path / "loose.jsonl"
    path = str(demo["maildir"])
    assert run(["cluster", path, "--threshold", "99", "--jsonl", str(strict)]) == EXIT_OK
    assert run(["cluster", path, "--threshold", "80", "--jsonl", str(loose)]) == EXIT_OK
    assert len({line["cluster"] for line in _lines(strict)}) > len(
        {line["cluster"] for line in _lines(loose)}
    )
    capsys.readouterr()
    for bad in ("101", "12", "nan", "x"):
        with pytest.raises(SystemExit) as exit_info:
            run(["cluster", path, "--threshold", bad, "--jsonl", str(tmp_path / "o")])
        assert exit_info.value.code == EXIT_ERROR
        assert "--threshold" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_path_that_is_no_mailbox_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not mail at all\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(["cluster", str(notes), "--jsonl", str(out)]) == EXIT_ERROR
    assert "is not a Maildir, an mbox file" in capsys.readouterr().err
    assert run(["cluster", str(tmp_path / "missing"), "--jsonl", str(out)]) == EXIT_ERROR
    assert "No mailbox found" in capsys.readouterr().err
    assert not out.exists()


def test_an_empty_mailbox_gives_an_empty_file(tmp_path: Path) -> None:
    root = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    out = tmp_path / "out.jsonl"
    assert run(["cluster", str(root), "--jsonl", str(out)]) == EXIT_OK
    assert out.read_text() == ""


def test_no_user_database_is_created_or_read(demo: dict[str, Path], tmp_path: Path) -> None:
    home = Path(os.environ["DESK_HOME"])
    run(["cluster", str(demo["eml"]), "--jsonl", str(tmp_path / "o.jsonl"), "--workers", "0"])
    assert not list(home.rglob("*.sqlite3"))


def test_message_id_is_kept_as_written(tmp_path: Path) -> None:
    chunks = []
    for index, header in enumerate(["<a@x>", "  <padded@x>  ", None, "<a@x>"]):
        lines = [
            f"From p{index}@example.org Mon Mar 16 09:00:00 2020",
            f"From: P{index} <p{index}@example.org>",
        ]
        if header is not None:
            lines.append(f"Message-ID:{header}")
        lines += ["Subject: livres", "Content-Type: text/plain; charset=utf-8", ""]
        lines += ["Je n'ai pas reçu les livres de mon fils, pouvez-vous vérifier ?", ""]
        chunks.append("\n".join(lines))
    (tmp_path / "box.mbox").write_bytes("\n".join(chunks).encode())
    out = tmp_path / "out.jsonl"
    cluster_path(tmp_path / "box.mbox", out, workers=0)
    lines = _lines(out)
    assert [line["message_id"] for line in lines] == ["<a@x>", "<padded@x>", None, "<a@x>"]
    assert [line["file"] for line in lines] == [0, 1, 2, 3]
    # Same words from four people, two with the same Message-ID: one cluster, four lines.
    assert len({line["cluster"] for line in lines}) == 1


@pytest.mark.parametrize(("workers", "expected"), [(0, 0), (1, 1), (None, os.cpu_count() or 1)])
def test_workers_are_passed_on_as_asked(
    demo: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: int | None,
    expected: int,
) -> None:
    import desk.jobs

    seen: list[int | None] = []
    real = desk.jobs.ingest_source

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(kwargs["workers"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(desk.jobs, "ingest_source", recording)
    cluster_path(demo["eml"], tmp_path / "o.jsonl", workers=workers)
    assert seen == [expected]
