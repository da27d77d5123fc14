"""Clustering speed and memory against named baselines measured in the same run.

On the demo mailbox (26,000 messages by default), ingested into a fresh SQLite
store first (not timed here: ``bench.ingest`` measures it):

- Desk: ``ClusterService.update()`` — read the texts from the store, classify
  and normalise them (one process per core), find candidates, score them,
  join without chaining, store features and clusters. Its stages are shown.
- baseline (a), all pairs: rapidfuzz ``process.cdist`` with the same scorer
  (``fuzz.ratio``) on the same normalised texts, every pair, on a 2,600
  subset, extrapolated quadratically to all compared texts; same cores.
- baseline (b), the floor: read the same texts from the same store and
  tokenise them (lower case, regex words), one process.
- baseline (b'), the files floor: read the same message files, parse them
  (Desk's parser, one process) and tokenise: what getting words out of a
  mailbox costs at all.
- candidate search: prefix filtering against MinHash LSH (datasketch, the
  ``bench`` extra) on 2,600 texts: recall of the pairs all-pairs finds, time.
- regroup: another threshold from the kept pair scores, in memory and stored.
- incremental: 200 held-out messages added one by one to the clusters of the
  rest, in memory (normalise + candidates + scores + join) and through the
  store (``update()`` per message, database writes included): medians.
- memory: the peak resident memory of the whole process tree while a child
  process clusters a store of ``--memory-size`` messages (default 100,000).

``--text varied`` runs the same on mail the generator did not write: a mailbox of
``--size`` messages built from the public labelled sets in
``../shared/corpora/intents`` and the two hand-written sets (6,165 distinct
messages), each used again with another sender and one swapped pair of letters
until the size is reached — as varied as a surge of people writing in their own
words, far more than the demo's few hundred base texts.

The all-pairs baseline counts the *distinct* compared texts: identical texts are
one node in Desk, so counting every copy would inflate it.

Run: ``.venv/bin/python -m bench.cluster [--size 26000] [--memory-size 100000]
[--text demo|varied]``
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import select

from bench.ingest import run_measured
from desk.cluster.clusterer import Clusterer, Mail, prepare
from desk.cluster.features import tokens_of
from desk.cluster.pairs import candidate_pairs
from desk.cluster.service import ClusterService
from desk.demo.generator import generate_mailbox
from desk.mail.ingest import ingest_source
from desk.mail.parse import parse_message
from desk.mail.sources import MaildirSource
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import Message, MessageFeatures

OUT = Path(__file__).resolve().parent / "out"
SUBSET = 2600
HELD_OUT = 200
WORKERS = 2
_WORDS = re.compile(r"\w+")


def demo(size: int, seed: int = 1) -> Path:
    """The demo Maildir of that size (cached in bench/out)."""
    root = OUT / f"quality-{size}-{seed}"
    if not (root / ".complete").exists():
        generate_mailbox(root, size=size, seed=seed)
        (root / ".complete").write_text("ok")
    return root / "Maildir"


ROOT = Path(__file__).resolve().parent.parent
VARIED_SOURCES = [
    ROOT.parent / "shared" / "corpora" / "intents" / "clinc150",
    ROOT.parent / "shared" / "corpora" / "intents" / "minds14_fr",
    ROOT / "tests" / "fixtures" / "handwritten" / "Maildir" / "cur",
    ROOT / "tests" / "fixtures" / "handwritten2" / "Maildir" / "cur",
]
_FROM = re.compile(rb"^From: .*$", re.MULTILINE)
_MESSAGE_ID = re.compile(rb"^Message-ID: .*$", re.MULTILINE | re.IGNORECASE)


def _varied_copy(raw: bytes, copy: int, rng: random.Random) -> bytes:
    """Another person's copy: another sender and Message-ID, two letters of the body swapped."""
    if copy == 0:
        return raw
    raw = _FROM.sub(f"From: person{copy}-{rng.randrange(10**6)}@example.net".encode(), raw, 1)
    raw = _MESSAGE_ID.sub(f"Message-ID: <copy{copy}-{rng.randrange(10**9)}@bench>".encode(), raw, 1)
    head, _, body = raw.partition(b"\n\n")
    letters = [i for i in range(len(body) - 1) if body[i : i + 2].isalpha()]
    if letters:
        at = rng.choice(letters)
        body = body[:at] + body[at + 1 : at + 2] + body[at : at + 1] + body[at + 2 :]
    return head + b"\n\n" + body


def varied(size: int, seed: int = 1) -> Path:
    """A Maildir of ``size`` messages from the sets we did not write (cached in bench/out)."""
    root = OUT / f"varied-{size}-{seed}"
    if (root / ".complete").exists():
        return root / "Maildir"
    sources = sorted(
        path
        for folder in VARIED_SOURCES
        for path in folder.iterdir()
        if path.is_file() and (path.suffix == ".eml" or path.name.startswith("h"))
    )
    if not sources:
        raise SystemExit(f"no labelled sets found in {VARIED_SOURCES[0].parent}")
    rng = random.Random(seed)
    cur = root / "Maildir" / "cur"
    cur.mkdir(parents=True, exist_ok=True)
    for folder in ("new", "tmp"):
        (root / "Maildir" / folder).mkdir(exist_ok=True)
    for index in range(size):
        raw = sources[index % len(sources)].read_bytes()
        (cur / f"v{index:06d}:2,").write_bytes(_varied_copy(raw, index // len(sources), rng))
    (root / ".complete").write_text("ok")
    return root / "Maildir"


def fresh_store(maildir: Path, folder: Path) -> str:
    """A new SQLite store holding the mailbox; its URL."""
    url = sqlite_url(folder / "bench.sqlite3")
    store = open_store(url)
    try:
        ingest_source(store.sessions, MaildirSource(maildir), workers=WORKERS)
    finally:
        store.close()
    return url


def floor_store(url: str) -> tuple[float, int]:
    """Read subject and text of every message from the store and tokenise them."""
    store = open_store(url)
    try:
        started = time.perf_counter()
        words = 0
        with store.sessions() as session:
            for subject, text in session.execute(select(Message.subject, Message.text)):
                words += len(_WORDS.findall(f"{subject}\n{text}".lower()))
        return time.perf_counter() - started, words
    finally:
        store.close()


def floor_files(maildir: Path) -> float:
    """Read, parse and tokenise every message file, one process."""
    started = time.perf_counter()
    for path in sorted((maildir / "cur").iterdir()):
        parsed = parse_message(path.read_bytes())
        _WORDS.findall(f"{parsed.subject}\n{parsed.text}".lower())
    return time.perf_counter() - started


def all_pairs(bodies: list[str], total: int) -> tuple[float, float]:
    """cdist on a subset; (seconds measured, seconds extrapolated to ``total`` texts)."""
    subset = bodies[:SUBSET]
    started = time.perf_counter()
    process.cdist(subset, subset, scorer=fuzz.ratio, workers=WORKERS, score_cutoff=50)
    elapsed = time.perf_counter() - started
    return elapsed, elapsed * (total / len(subset)) ** 2


def candidate_search(bodies: list[str], threshold: float = 85.0) -> list[str]:
    """Prefix filtering against MinHash LSH (datasketch) on the 2,600-text subset.

    Truth: every pair that all-pairs ``cdist`` scores at ``threshold`` or more.
    Each method's candidates are judged by the share of those pairs they find
    (recall) and by their time (index words, build, query), both on the same
    word sets (``tokens_of``).
    """
    from datasketch import MinHash, MinHashLSH  # noqa: PLC0415 - bench extra only

    subset = list(dict.fromkeys(bodies))[:SUBSET]  # distinct texts, as the clusterer's nodes
    matrix = process.cdist(subset, subset, scorer=fuzz.ratio, workers=WORKERS)
    rows, columns = (matrix >= threshold).nonzero()
    truth = {(int(a), int(b)) for a, b in zip(rows, columns, strict=True) if a < b}
    words = [tokens_of(body) for body in subset]
    lines = [
        f"candidate search on {len(subset)} distinct texts, {len(truth)} pairs >= {threshold:g}"
    ]

    started = time.perf_counter()
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(w, len(vocabulary)) for w in text] for text in words]
    found = {(int(a), int(b)) for a, b in candidate_pairs(ids, len(vocabulary)).tolist()}
    elapsed = time.perf_counter() - started
    lines.append(
        f"  prefix filtering (Desk): {elapsed * 1000:7.0f} ms, {len(found)} candidates, "
        f"recall {len(truth & found) / max(1, len(truth)):.4f}"
    )
    for jaccard in (0.3, 0.5):
        started = time.perf_counter()
        sketches = MinHash.bulk([[w.encode() for w in text] for text in words], num_perm=128)
        index = MinHashLSH(threshold=jaccard, num_perm=128)
        for key, sketch in enumerate(sketches):
            index.insert(key, sketch)
        found = set()
        for key, sketch in enumerate(sketches):
            found.update((min(key, o), max(key, o)) for o in index.query(sketch) if o != key)
        elapsed = time.perf_counter() - started
        lines.append(
            f"  MinHash LSH, Jaccard {jaccard}, 128 perms: {elapsed * 1000:7.0f} ms, "
            f"{len(found)} candidates, recall {len(truth & found) / max(1, len(truth)):.4f}"
        )
    return lines


def incremental(maildir: Path, folder: Path) -> tuple[float, float]:
    """Median seconds to add one new message to the clusters of all the others.

    The last ``HELD_OUT`` messages are held back; the rest are ingested and
    clustered. Then each held-back message arrives alone: in memory it is
    normalised and added to the clusterer; through the store it is ingested
    (not timed) and ``update()`` clusters it and writes it (timed).
    """
    files = sorted((maildir / "cur").iterdir())
    early = folder / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (early / sub).mkdir(parents=True)
    for path in files[:-HELD_OUT]:
        (early / "cur" / path.name).symlink_to(path)
    url = fresh_store(early, folder)
    store = open_store(url)
    try:
        service = ClusterService(store.sessions, workers=WORKERS)
        service.update()
        in_memory = Clusterer(workers=WORKERS)
        with store.sessions() as session:
            in_memory.add_batch(service.stored_prepared(session))
        memory: list[float] = []
        for index, path in enumerate(files[-HELD_OUT:]):
            parsed = parse_message(path.read_bytes())
            mail = Mail(
                f"new-{index}", parsed.subject, parsed.text, parsed.from_name,
                parsed.from_addr, parsed.is_auto, parsed.message_id_header, parsed.in_reply_to,
            )  # fmt: skip
            started = time.perf_counter()
            in_memory.add(prepare(mail))
            memory.append(time.perf_counter() - started)
        through_store: list[float] = []
        source = MaildirSource(early)
        for path in files[-HELD_OUT:]:
            (early / "cur" / path.name).symlink_to(path)
            added = ingest_source(store.sessions, source, workers=0).added_ids
            started = time.perf_counter()
            service.update(new_ids=added)
            through_store.append(time.perf_counter() - started)
        return statistics.median(memory), statistics.median(through_store)
    finally:
        store.close()


def memory_child(url: str) -> None:
    """Cluster the store (the child side of :func:`peak_memory`); prints a JSON report."""
    store = open_store(url)
    try:
        report = ClusterService(store.sessions, workers=WORKERS).update()
        print(json.dumps({"messages": report.clustered, "clusters": report.clusters}))
    finally:
        store.close()


def peak_memory(url: str) -> tuple[float, str]:
    """Peak RSS (MB) of a child process tree clustering the store at ``url``."""
    output, peak = run_measured("bench.cluster", url)
    return peak, output.strip()


def main() -> None:
    """Print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=26000)
    parser.add_argument("--memory-size", type=int, default=100000)
    parser.add_argument("--text", choices=("demo", "varied"), default="demo")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        memory_child(args.child)
        return
    mailbox = demo if args.text == "demo" else varied
    maildir = mailbox(args.size)
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as scratch:
        url = fresh_store(maildir, Path(scratch))
        floor_s, words = floor_store(url)
        store = open_store(url)
        try:
            service = ClusterService(store.sessions, workers=WORKERS)
            started = time.perf_counter()
            report = service.update()
            desk_s = time.perf_counter() - started
            started = time.perf_counter()
            service.clusterer.regroup(90)
            regroup_memory_s = time.perf_counter() - started
            started = time.perf_counter()
            regrouped = service.regroup(80)
            regroup_store_s = time.perf_counter() - started
            service.regroup(85)
            with store.sessions() as session:
                bodies = list(
                    session.scalars(
                        select(MessageFeatures.body)
                        .where(MessageFeatures.body != "", MessageFeatures.kind == "request")
                        .order_by(MessageFeatures.message_id)
                    )
                )
        finally:
            store.close()
        distinct = list(dict.fromkeys(bodies))
        pairs_s, pairs_extrapolated = all_pairs(distinct, len(distinct))
        search = candidate_search(bodies)
        files_s = floor_files(maildir)
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as scratch:
        memory_add, store_add = incremental(maildir, Path(scratch))

    print(
        f"{args.size} {args.text} messages; {report.clusters} clusters; {len(bodies)} compared "
        f"texts, {len(distinct)} distinct"
    )
    print(
        f"Desk update()          {desk_s:7.2f} s  (normalise {report.seconds_normalising:.2f} s on "
        f"{WORKERS} processes, cluster {report.seconds_clustering:.2f} s, "
        f"store {report.seconds_storing:.2f} s)"
    )
    print(
        f"(a) all pairs cdist    {pairs_extrapolated:7.1f} s  extrapolated from {pairs_s:.2f} s "
        f"on {SUBSET}, to the {len(distinct)} distinct texts"
    )
    print(f"(b) floor, store       {floor_s:7.2f} s  ({words} words tokenised)")
    print(f"(b') floor, files      {files_s:7.2f} s  (read + parse + tokenise, 1 process)")
    print(
        f"ratios: all pairs / Desk clustering stage = "
        f"{pairs_extrapolated / report.seconds_clustering:.0f}x; "
        f"all pairs / Desk update = {pairs_extrapolated / desk_s:.0f}x; "
        f"Desk update / floor (b) = {desk_s / floor_s:.1f}x; "
        f"Desk update / floor (b') = {desk_s / files_s:.2f}x"
    )
    print("\n".join(search))
    print(
        f"regroup at another threshold: {regroup_memory_s * 1000:.0f} ms in memory (85 -> 90); "
        f"{regroup_store_s:.2f} s with every membership stored (-> 80: {regrouped} clusters)"
    )
    print(
        f"incremental add, median of {HELD_OUT}: {memory_add * 1000:.2f} ms in memory "
        f"(normalise + candidates + scores + placement); {store_add * 1000:.2f} ms through "
        f"the store (update(): read, normalise, place, write)"
    )
    if args.memory_size:
        big = mailbox(args.memory_size)
        with tempfile.TemporaryDirectory(prefix="desk-bench-") as scratch:
            url = fresh_store(big, Path(scratch))
            peak, output = peak_memory(url)
        print(
            f"memory: {args.memory_size} messages clustered, peak RSS of the tree "
            f"{peak:.0f} MB ({output})"
        )


if __name__ == "__main__":
    main()
