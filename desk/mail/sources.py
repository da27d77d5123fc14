"""Local mail sources: a Maildir, an mbox file, a folder of .eml files, or one .eml file.

Each source lists its messages cheaply (names, offsets) with a stable ``key``
so that ingesting twice adds nothing, and reads one message's bytes on demand.

Keys: a Maildir message is keyed by the unique part of its file name (the
flags after ``:2,`` change when it is read); an .eml file by its relative path;
an mbox message by the SHA-256 of its bytes and how many identical messages
came before it, because positions shift when messages are deleted from an mbox.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol

from desk.core.errors import DeskError, ErrorCode
from desk.store.models import FolderKind


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One message of a source, before it is read."""

    key: str
    path: str
    internal_date: datetime | None
    warnings: tuple[str, ...] = field(default=())
    span: tuple[int, int] | None = None  # byte range in an mbox file


class LocalSource(Protocol):
    """A place messages are read from; lists cheaply, reads on demand."""

    kind: FolderKind
    root: Path

    @property
    def locator(self) -> str:
        """A string naming this source uniquely (the folder's identity in the store)."""

    def items(self) -> Iterator[SourceItem]:
        """Every message, in a stable order."""

    def read(self, item: SourceItem) -> bytes:
        """The message's bytes; raises OSError when it cannot be read."""


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, ValueError, OverflowError):
        return None


@dataclass
class MaildirSource:
    """A Maildir: messages are files in ``cur/`` and ``new/``; ``tmp/`` is work in progress."""

    root: Path
    kind: FolderKind = FolderKind.MAILDIR

    @property
    def locator(self) -> str:
        """``maildir:<absolute path>``."""
        return f"maildir:{self.root.resolve()}"

    def items(self) -> Iterator[SourceItem]:
        """Messages of ``new/`` then ``cur/``, by name; delivery time from the file's mtime."""
        for sub in ("new", "cur"):
            folder = self.root / sub
            if not folder.is_dir():
                continue
            for name in sorted(entry.name for entry in os.scandir(folder)):
                if name.startswith("."):
                    continue
                unique = re.split(r"[:!]", name, maxsplit=1)[0]
                yield SourceItem(unique, f"{sub}/{name}", _mtime(folder / name))

    def read(self, item: SourceItem) -> bytes:
        """Read the file (raises OSError when unreadable or a directory)."""
        return (self.root / item.path).read_bytes()


# Files that sit beside messages but never hold one (labels, notes, exports).
NOT_MAIL_SUFFIXES = frozenset(
    {".jsonl", ".json", ".md", ".csv", ".tsv", ".log", ".db", ".sqlite", ".sqlite3", ".py"}
)


@dataclass
class EmlFolderSource:
    """A folder of message files, searched recursively: every plain file is a message.

    Mail saved by hand comes as ``.eml``, ``.txt``, ``.msg`` or no extension at
    all, so no extension is required; hidden files and the few data-file
    extensions in :data:`NOT_MAIL_SUFFIXES` are skipped.
    """

    root: Path
    only: Path | None = None
    kind: FolderKind = FolderKind.EML

    @property
    def locator(self) -> str:
        """``eml:<absolute path>`` of the folder (or of the single file)."""
        return f"eml:{(self.only or self.root).resolve()}"

    def _files(self) -> list[Path]:
        if self.only is not None:
            return [self.only]
        return sorted(
            p
            for p in self.root.rglob("*")
            if not any(part.startswith(".") for part in p.relative_to(self.root).parts)
            and p.suffix.lower() not in NOT_MAIL_SUFFIXES
            and (p.is_file() or p.is_symlink())
        )

    def items(self) -> Iterator[SourceItem]:
        """Files by relative path."""
        for file in self._files():
            relative = file.relative_to(self.root).as_posix()
            yield SourceItem(relative, relative, _mtime(file))

    def read(self, item: SourceItem) -> bytes:
        """Read the file."""
        return (self.root / item.path).read_bytes()


_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
_FIRST_FROM_LINE = re.compile(rb"From [^\n]*\n")
_WELL_FORMED_FROM = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +[A-Z][a-z]{2} +\d{1,2} +\d"
)
# "From", then nothing, "-", an address or one word, then nothing or a date:
# the envelope lines clients write without a date ("From - ", "From sender").
_DATE = (
    rb"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
    rb"|\d)[^\n]*(?:\d:\d\d|\d{4})"
)
_ENVELOPE_SHAPED = re.compile(
    rb"From (?:(?:-|\S*@\S*)(?:[ \t][^\n]*)?|\S*(?:[ \t]+" + _DATE + rb")?)[ \t]*\r?\n"
)
_HEADER_LINE = re.compile(rb"[\x21-\x39\x3b-\x7e]+[ \t]*:")
# What may come before the first From line of an mbox: a UTF-8 byte-order mark, blank lines.
_PREAMBLE = re.compile(rb"(?:\xef\xbb\xbf)?(?:[ \t]*\r?\n)*")


def _mbox_start(head: bytes) -> int:
    """Where an mbox's first ``From `` line starts, past a byte-order mark and blank lines."""
    match = _PREAMBLE.match(head)
    return match.end() if match else 0


def _envelope_date(line: bytes) -> datetime | None:
    """The delivery date written on an mbox ``From `` line, if readable."""
    parts = line.decode("latin-1").split(None, 2)
    if len(parts) < 3:
        return None
    words = parts[2].split()
    # asctime: "Mon Mar 16 09:12:00 2020" (optionally followed by a zone).
    if len(words) < 5:
        return None
    try:
        parsed = parsedate_to_datetime(
            f"{words[0]}, {words[2]} {words[1]} {words[4]} {words[3]} +0000"
        )
    except (ValueError, TypeError, IndexError):
        return None
    return parsed.astimezone(UTC)


@dataclass
class MboxSource:
    """An mbox file, split on ``From `` lines that start a message.

    A line beginning ``From `` starts a message when

    1. it is the file's first line (after a UTF-8 byte-order mark or blank lines);
    2. it is a well-formed envelope line, ``From <sender> <asctime date>``, as
       every mbox writer writes them;
    3. it is envelope-shaped, ``From`` then nothing, ``-``, an address or one
       word, then nothing or a date (``From - ``, ``From sender``, as some
       clients write them), and a blank line comes before it or a header line
       (``Name: value``) comes after it; or
    4. a blank line comes before it and a header line after it.

    Writers escape body lines beginning "From " as ">From " (mboxo, mboxrd),
    and ``>From`` lines are left as they are (they are the message's bytes).
    A body line left unescaped by a sloppy writer is prose, "From here on, we…":
    a word followed by more words that are no date, not followed by a header
    line, so it stays in its message; Python's ``mailbox`` module would split
    there. Text before the first separator is kept as a message of its own,
    with a warning.
    """

    root: Path
    kind: FolderKind = FolderKind.MBOX

    @property
    def locator(self) -> str:
        """``mbox:<absolute path>``."""
        return f"mbox:{self.root.resolve()}"

    def _separators(self, data: mmap.mmap | bytes, begin: int) -> Iterator[re.Match[bytes]]:
        first = _FIRST_FROM_LINE.match(data, begin)
        if first is not None:
            yield first
        for match in _FROM_LINE.finditer(data, first.end() if first is not None else begin):
            line = match.group(0)
            if _WELL_FORMED_FROM.match(line):
                yield match
                continue
            start = match.start()
            after_blank = data[max(0, start - 4) : start].endswith((b"\n\n", b"\r\n\r\n"))
            header_next = _HEADER_LINE.match(data, match.end()) is not None
            if (after_blank or header_next) and (
                _ENVELOPE_SHAPED.fullmatch(line) or (after_blank and header_next)
            ):
                yield match

    def items(self) -> Iterator[SourceItem]:
        """Messages in file order; ``path`` is the 0-based index as a string."""
        if self.root.stat().st_size == 0:
            return
        with (
            self.root.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            seen: dict[str, int] = {}
            pieces: list[tuple[int, int, datetime | None, tuple[str, ...]]] = []
            begin = _mbox_start(data[:4096])
            separators = list(self._separators(data, begin))
            if not separators or separators[0].start() > begin:
                end = separators[0].start() if separators else len(data)
                if data[begin:end].strip():
                    pieces.append((begin, end, None, ("mbox-no-from-line",)))
            for i, match in enumerate(separators):
                end = separators[i + 1].start() if i + 1 < len(separators) else len(data)
                line = match.group(0)
                date = _envelope_date(line)
                warnings: tuple[str, ...] = (
                    () if _WELL_FORMED_FROM.match(line) else ("mbox-malformed-from-line",)
                )
                pieces.append((match.end(), end, date, warnings))
            for index, (start, end, date, warnings) in enumerate(pieces):
                body = data[start:end]
                # The blank line before the next From line belongs to the mbox,
                # not to the message; a message's own last line break stays.
                if body.endswith(b"\r\n\r\n"):
                    body = body[:-2]
                elif body.endswith(b"\n\n"):
                    body = body[:-1]
                digest = hashlib.sha256(body).hexdigest()
                occurrence = seen.get(digest, 0)
                seen[digest] = occurrence + 1
                key = f"{digest}:{occurrence}"
                yield SourceItem(key, str(index), date, warnings, (start, start + len(body)))

    def read(self, item: SourceItem) -> bytes:
        """The message's bytes, without its ``From `` line and separator blank line."""
        if item.span is None:
            raise FileNotFoundError(f"no position for mbox message {item.path}")
        start, end = item.span
        with self.root.open("rb") as handle:
            handle.seek(start)
            return handle.read(end - start)


def open_source(path: Path) -> LocalSource:
    """Recognise what ``path`` holds and return the matching source."""
    if not path.exists() and not path.is_symlink():
        raise DeskError(ErrorCode.SOURCE_NOT_FOUND, path=str(path))
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return MaildirSource(path)
        return EmlFolderSource(path)
    if path.is_file():
        with path.open("rb") as handle:
            head = handle.read(4096)
        # An mbox may begin with a byte-order mark or blank lines before its first From line.
        if head[_mbox_start(head) :].startswith(b"From "):
            return MboxSource(path)
        return EmlFolderSource(path.parent, only=path)
    raise DeskError(ErrorCode.SOURCE_UNKNOWN_KIND, path=str(path))
