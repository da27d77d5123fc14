"""Reading one message safely, and seeing how a cluster member differs from its representative.

The reading pane gets a :class:`MessageDetail`: headers, the text (capped for
very long messages so the view stays fast; :func:`full_text` has the rest),
the HTML passed through :func:`~desk.mail.html.sanitise_html` once more at
read time (rows stored by an older parser get today's allow-list), and the
attachments as the parser listed them. Attachment bytes and the raw source
come from the exact bytes the message arrived as (:class:`MessageRaw`).

:func:`differences` marks the words of a member that are not in the
cluster's representative, so an agent answering a whole cluster with one
template sees at a glance what this person added or asked differently.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes
from email.message import Message as EmailMessage
from email.policy import compat32
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session, sessionmaker

from desk.mail.html import sanitise_html
from desk.mail.parse import _Bodies
from desk.replies.handoffs import HandoffNote, handoff_notes
from desk.store.models import Message, MessageRaw
from desk.workbench.asks_more import LocatedRequest, extra_request, locate_request

SHOWN_CHARS = 200_000  # text (and HTML markup) shown at once; the rest on request
SHOWN_LINES = 5_000  # a QTextDocument lays out a few thousand blocks instantly, not 100,000
DIFF_TOKEN_LIMIT = 2_000  # SequenceMatcher is quadratic on repetitive text: compare this many
DEFAULT_FILENAME = "attachment"
MAX_FILENAME_BYTES = 200  # well under the 255 bytes every file system allows

SpanKind = Literal["inserted", "changed", "unknown"]


class NotAvailableError(LookupError):
    """What was asked for is not in the store: ``what`` is message, source or attachment."""

    def __init__(self, what: str, message_id: int, index: int | None = None) -> None:
        super().__init__(what, message_id, index)
        self.what = what
        self.message_id = message_id
        self.index = index


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """An attachment as the reading pane lists it; ``index`` is its place in the parser's list."""

    index: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class MessageDetail:
    """One message as the reading pane shows it.

    ``text`` is at most ``SHOWN_CHARS`` characters and ``SHOWN_LINES`` lines
    (``truncated`` says it was cut; ``line_count`` counts the whole text) and
    ``safe_html`` at most ``SHOWN_CHARS`` characters of markup, sanitised
    after cutting. ``body_fetched`` is False for a row the IMAP sync has only
    the headers of so far: its text and attachments are still empty.
    """

    id: int
    subject: str
    from_name: str
    from_addr: str
    reply_to: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: datetime
    status: str
    text: str
    safe_html: str | None
    attachments: tuple[AttachmentInfo, ...]
    body_fetched: bool
    line_count: int
    truncated: bool


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``text[start:end]`` that differ from the representative.

    ``kind`` is ``inserted`` (words the representative does not have there),
    ``changed`` (words in place of others) or ``unknown`` (beyond what was
    compared: see :func:`differences`).
    """

    start: int
    end: int
    kind: SpanKind


def _normalise_newlines(text: str) -> str:
    """One line break character, so positions in the text are positions in the view."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def count_lines(text: str) -> int:
    """Lines of ``text`` as the view shows them (a final line break opens no new line)."""
    if not text:
        return 0
    return text.rstrip("\n").count("\n") + 1


def _head(text: str, max_chars: int, max_lines: int) -> str:
    """The beginning of ``text``: at most ``max_lines`` lines and ``max_chars`` characters."""
    end = min(len(text), max_chars)
    position = -1
    for _ in range(max_lines):
        position = text.find("\n", position + 1, end)
        if position < 0:
            return text[:end]
    return text[:position]


def _message(session: Session, message_id: int) -> Message:
    row = session.get(Message, message_id)
    if row is None:
        raise NotAvailableError("message", message_id)
    return row


def _attachments(row: Message) -> tuple[AttachmentInfo, ...]:
    infos = []
    for index, entry in enumerate(row.attachments or []):
        data: dict[str, Any] = entry if isinstance(entry, dict) else {}
        infos.append(
            AttachmentInfo(
                index=index,
                filename=str(data.get("filename") or ""),
                content_type=str(data.get("content_type") or "application/octet-stream"),
                size=int(data.get("size") or 0),
            )
        )
    return tuple(infos)


def message_detail(
    session: Session,
    message_id: int,
    max_chars: int = SHOWN_CHARS,
    max_lines: int = SHOWN_LINES,
) -> MessageDetail:
    """The message as the reading pane shows it; raises :class:`NotAvailableError` if it is gone."""
    row = _message(session, message_id)
    text = _normalise_newlines(row.text or "")
    shown = _head(text, max_chars, max_lines)
    truncated = len(shown) < len(text)
    safe_html = None
    if row.html:
        markup = row.html
        if len(markup) > max_chars:
            markup = markup[:max_chars]  # cut first: the sanitiser closes what the cut left open
            truncated = True
        safe_html = sanitise_html(markup)
    return MessageDetail(
        id=row.id,
        subject=row.subject,
        from_name=row.from_name,
        from_addr=row.from_addr,
        reply_to=row.reply_to_addr,
        to=tuple(str(a) for a in row.to_addrs or ()),
        cc=tuple(str(a) for a in row.cc_addrs or ()),
        date=row.date,
        status=row.status.value,
        text=shown,
        safe_html=safe_html,
        attachments=_attachments(row),
        body_fetched=bool(row.body_fetched),
        line_count=count_lines(text),
        truncated=truncated,
    )


def full_text(session: Session, message_id: int) -> str:
    """The whole text of the message (what ``message_detail`` may have cut)."""
    return _normalise_newlines(_message(session, message_id).text or "")


def full_html(session: Session, message_id: int) -> str | None:
    """The whole HTML of the message, sanitised, or None when it has none."""
    html = _message(session, message_id).html
    return sanitise_html(html) if html else None


def raw_source(session: Session, message_id: int) -> bytes:
    """The exact bytes the message arrived as (none yet for a header-only row)."""
    raw = session.get(MessageRaw, message_id)
    if raw is None:
        raise NotAvailableError("source", message_id)
    return bytes(raw.data)


class _AttachmentParts(_Bodies):
    """The parser's own MIME walk, keeping the parts it lists as attachments.

    Reusing the walk (not re-implementing it) is what makes index ``i`` here
    the ``i``-th entry of the stored ``attachments`` list, whatever the rules
    for "body or attachment" become.
    """

    def __init__(self) -> None:
        super().__init__([])
        self.parts: list[EmailMessage] = []

    def payload_text(self, part: EmailMessage) -> str:
        return ""  # bodies are not needed here; decoding them would only cost time

    def attachment(self, part: EmailMessage, inline: bool) -> None:
        super().attachment(part, inline)
        self.parts.append(part)


def _part_bytes(part: EmailMessage) -> bytes:
    """An attachment's content: transfer encoding undone, or the enclosed message's bytes."""
    if part.is_multipart():
        children = part.get_payload()
        if isinstance(children, list) and children and isinstance(children[0], EmailMessage):
            # A forwarded message (message/rfc822): written back as it was, unfolded.
            return children[0].as_bytes(policy=compat32.clone(max_line_length=0))
        return b""
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    text = part.get_payload()
    return text.encode("utf-8", "surrogateescape") if isinstance(text, str) else b""


def attachment_bytes(session: Session, message_id: int, index: int) -> tuple[str, bytes]:
    """An attachment's file name (as sent, not yet made safe) and exact content.

    The raw message is parsed as the parser read it (``compat32``, the same
    walk), so ``index`` names the same part the stored list described.
    Raises :class:`NotAvailableError` for a missing message, raw source or index.
    """
    listed = _attachments(_message(session, message_id))
    if not 0 <= index < len(listed):
        raise NotAvailableError("attachment", message_id, index)
    walker = _AttachmentParts()
    walker.walk(message_from_bytes(raw_source(session, message_id), policy=compat32))
    if index >= len(walker.parts):
        raise NotAvailableError("attachment", message_id, index)
    part = walker.parts[index]
    if part.get_content_type() != listed[index].content_type:
        raise NotAvailableError("attachment", message_id, index)  # stored list from another parse
    name = listed[index].filename or walker.attachments[index].filename
    return name, _part_bytes(part)


_SEPARATORS = re.compile(r"[/\\]+")
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}
    | {f"com{n}" for n in "123456789¹²³"}
    | {f"lpt{n}" for n in "123456789¹²³"}
)


def safe_filename(name: str, default: str = DEFAULT_FILENAME) -> str:
    """A file name safe to create in any folder on Windows and Linux.

    Only the last path component is kept (no separators, so no ``..`` walk
    out of the folder); control and invisible formatting characters go (a
    right-to-left override can disguise ``.exe`` as ``.pdf``), as do the
    characters Windows refuses; leading and trailing dots and spaces are
    stripped (no hidden files, no names Windows silently changes); a
    Windows device name (``CON``, ``NUL.txt``, ``COM1``) gets a ``_`` first;
    long names are cut to ``MAX_FILENAME_BYTES`` UTF-8 bytes keeping the
    extension. An empty result becomes ``default``.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    parts = [p for p in _SEPARATORS.split(text) if p.strip(" .")]
    text = parts[-1] if parts else ""
    text = _WINDOWS_FORBIDDEN.sub("_", text).strip(" .")
    if not text:
        return default
    stem, dot, extension = text.partition(".")
    if stem.rstrip(" ").casefold() in _WINDOWS_RESERVED:
        text = "_" + text
    if len(text.encode("utf-8")) > MAX_FILENAME_BYTES:
        stem, dot, extension = text.rpartition(".")
        if not dot or len(extension) > 16:
            stem, dot, extension = text, "", ""
        budget = MAX_FILENAME_BYTES - len((dot + extension).encode("utf-8"))
        stem = stem.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(" .")
        text = (stem or default) + dot + extension
    return text


_TOKEN = re.compile(r"\w+|[^\w\s]")


def differences(representative: str, text: str, limit: int = DIFF_TOKEN_LIMIT) -> list[Span]:
    """Where ``text`` differs from ``representative``, word by word, as sorted disjoint spans.

    Tokens are words and single punctuation marks (white space never counts);
    matching is exact (case and accents matter). The common beginning and
    end are skipped first (cheap, and most of a near-duplicate); the middle is
    compared with ``difflib.SequenceMatcher`` (no auto-junk, so frequent words
    still anchor). That comparison is quadratic on repetitive text, so only
    the first ``limit`` tokens of each middle are compared: the rest of the
    middle of ``text`` is one ``unknown`` span (not compared, shown unmarked).
    Words of the representative that ``text`` lacks leave no span: there is
    nothing of ``text`` to mark.
    """
    ours = list(_TOKEN.finditer(text))
    theirs = [m.group() for m in _TOKEN.finditer(representative)]
    words = [m.group() for m in ours]
    prefix = 0
    shortest = min(len(words), len(theirs))
    while prefix < shortest and words[prefix] == theirs[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shortest - prefix and words[len(words) - 1 - suffix] == theirs[-1 - suffix]:
        suffix += 1
    middle = words[prefix : len(words) - suffix]
    other = theirs[prefix : len(theirs) - suffix]
    if not middle:
        return []
    compared = middle[:limit]
    matcher = difflib.SequenceMatcher(None, other[:limit], compared, autojunk=False)
    spans: list[Span] = []
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in {"replace", "insert"}:
            start = ours[prefix + j1].start()
            end = ours[prefix + j2 - 1].end()
            spans.append(Span(start, end, "inserted" if tag == "insert" else "changed"))
    if len(middle) > limit:
        start = ours[prefix + limit].start()
        end = ours[prefix + len(middle) - 1].end()
        spans.append(Span(start, end, "unknown"))
    return spans


# ------------------------------------------------------- what the reading pane's workers run
# Module-level functions over plain values (a session factory, ids, a path): the reading
# pane hands them to its task runner, and nothing here knows about widgets.

Sessions = sessionmaker[Session]


@dataclass(frozen=True, slots=True)
class ShownMessage:
    """A message as the pane first shows it: its detail, differences and extra request."""

    detail: MessageDetail
    spans: tuple[Span, ...]  # from the representative, when one was given and the body is here
    request: LocatedRequest | None  # what it asks beyond its cluster, found in its text
    handoffs: tuple[HandoffNote, ...] = ()  # handed to other services, and their answers
    hint: tuple[str, ...] = ()  # hand-offs this message may answer (from a service's address)


@dataclass(frozen=True, slots=True)
class WholeMessage:
    """The whole text and HTML of a message the pane showed cut, marked again over all of it."""

    text: str
    safe_html: str | None
    spans: tuple[Span, ...]
    request: LocatedRequest | None


def _spans(representative: str | None, text: str) -> tuple[Span, ...]:
    return () if representative is None else tuple(differences(representative, text))


def _located(request: str | None, text: str) -> LocatedRequest | None:
    return None if request is None else locate_request(text, request)


def read_message(sessions: Sessions, message_id: int, representative: str | None) -> ShownMessage:
    """The message as shown, its differences from ``representative``, its extra request.

    Raises :class:`NotAvailableError` when the message is no longer in the store.
    """
    with sessions.begin() as session:
        detail = message_detail(session, message_id)
        request = extra_request(session, message_id)
        notes, hint = handoff_notes(session, _message(session, message_id))
    text = detail.text if detail.body_fetched else ""
    spans = _spans(representative, text) if text else ()
    return ShownMessage(detail, spans, _located(request, text), tuple(notes), tuple(hint))


def read_whole_message(
    sessions: Sessions, message_id: int, representative: str | None
) -> WholeMessage:
    """All of a long message's text and HTML, with its marks over the whole text."""
    with sessions.begin() as session:
        text = full_text(session, message_id)
        html = full_html(session, message_id)
        request = extra_request(session, message_id)
    return WholeMessage(text, html, _spans(representative, text), _located(request, text))


def source_text(sessions: Sessions, message_id: int) -> str:
    """The raw message as text: UTF-8, undecodable bytes shown as replacement characters."""
    with sessions.begin() as session:
        raw = raw_source(session, message_id)
    return raw.decode("utf-8", errors="replace").replace("\r\n", "\n")


def save_attachment(sessions: Sessions, message_id: int, index: int, path: str) -> int:
    """Write an attachment's exact bytes to ``path``; the number of bytes written."""
    with sessions.begin() as session:
        _, data = attachment_bytes(session, message_id, index)
    Path(path).write_bytes(data)
    return len(data)
