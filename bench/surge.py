"""The surge in agent actions: ``desk replay`` on the demo and on mail we did not write.

For each labelled mailbox: messages, actions (one per cluster answered, or per
pass over the clusters sharing a suggested template), representatives
reviewed, wrong answers and messages left unanswered, from
:func:`desk.workbench.replay.replay_path` (the engine behind ``desk replay``).
Aim on 26,000 demo messages: at most 1,500 actions, wrong answers at most 0.5 %.

Run: ``.venv/bin/python -m bench.surge [--sizes 2600 26000] [--slices 20]``
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.cluster import demo
from bench.quality import independent_sets
from desk.workbench.replay import SLICES, read_labels, replay_path


def _labelled_only(folder: Path, labels: Path, scratch: Path) -> Path:
    """A folder of ``.eml`` files holding only the labelled ones (links, same names).

    The public sets sit beside their LICENSE and labels file, which desk replay
    would read as messages without labels (an error, rightly). A Maildir is
    taken as it is.
    """
    if (folder / "cur").is_dir():
        return folder
    for name in read_labels(labels):
        (scratch / name).parent.mkdir(parents=True, exist_ok=True)
        (scratch / name).symlink_to(folder / name)
    return scratch


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2600, 26000])
    parser.add_argument("--slices", type=int, default=SLICES)
    args = parser.parse_args()
    runs: list[tuple[str, Path, Path]] = []
    for size in args.sizes:
        maildir = demo(size)
        runs.append((f"demo {size}", maildir, maildir.parent / "labels.jsonl"))
    runs += [(name, folder, labels) for name, labels, folder in independent_sets()]
    print(
        f"{'mailbox':18s} {'messages':>8s} {'actions':>8s} {'reviewed':>9s} {'wrong':>6s} "
        f"{'wrong %':>8s} {'unanswered':>10s} {'seconds':>8s}   ({args.slices} slices)"
    )
    for name, path, labels in runs:
        with tempfile.TemporaryDirectory(prefix="desk-surge-") as scratch:
            report = replay_path(
                _labelled_only(path, labels, Path(scratch)), labels, slices=args.slices, workers=2
            )
        share = 100 * report.wrong_answers / max(1, report.messages)
        print(
            f"{name:18s} {report.messages:8d} {report.actions:8d} "
            f"{report.representatives_reviewed:9d} {report.wrong_answers:6d} {share:7.2f}% "
            f"{report.unanswered:10d} {report.seconds:8.1f}"
        )


if __name__ == "__main__":
    main()
