"""One template × many received messages → a draft per recipient, and what is wrong before sending.

The agent picks a template for a cluster (perhaps leaving some members out);
each person gets one answer, even when they wrote several times (their
messages are answered together), addressed to their Reply-To when they set
one. The drafts are exactly what the outbox will send, so the preview shows
them as they are. Nothing here raises for bad template text or missing
values: everything is in the :class:`RenderReport`, and
:attr:`RenderReport.can_send` says whether the drafts may go.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.mail.drafts import ReplyDraft
from desk.replies.htmltext import text_to_html
from desk.replies.placeholders import BY_KEY
from desk.replies.syntax import Filled, Parsed, SyntaxProblem, escape_html, fill, parse
from desk.replies.templates import TemplateData, get_template
from desk.replies.values import Context, MessageFacts, recipient_values, reply_address
from desk.store.models import Account, Agent, Folder, Message, MessageStatus

_CHUNK = 500  # ids per IN (...) query: well under every backend's parameter limit


class SkipReason(StrEnum):
    """Why a message given to the renderer gets no reply."""

    NOT_FOUND = "not_found"  # no such message (deleted meanwhile)
    NOT_OPEN = "not_open"  # already answered, closed, or not a request
    NO_ADDRESS = "no_address"  # nobody to write back to


@dataclass(frozen=True, slots=True)
class Skipped:
    """A message left out, with why; ``status`` is its status when it was not open."""

    message_id: int
    reason: SkipReason
    status: str | None = None


@dataclass(frozen=True, slots=True)
class MissingValue:
    """A placeholder with no value for some recipients (named by address, with their messages).

    ``fallback`` is the template's text used instead, or None when there is
    none, in which case those replies cannot be sent as they are.
    """

    key: str
    name: str
    recipients: tuple[str, ...]
    message_ids: tuple[int, ...]
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class RenderReport:
    """Everything to tell the agent before sending."""

    syntax: tuple[SyntaxProblem, ...] = ()
    missing: tuple[MissingValue, ...] = ()
    fallbacks_used: tuple[MissingValue, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @property
    def can_send(self) -> bool:
        """True when no brace problem and no value without fallback stands in the way."""
        return not self.syntax and not self.missing


@dataclass(frozen=True, slots=True)
class RenderedReplies:
    """The drafts, one per recipient in the order their messages were given, and the report."""

    drafts: tuple[ReplyDraft, ...]
    report: RenderReport


@dataclass(frozen=True, slots=True)
class _Compiled:
    text: Parsed
    html: Parsed | None
    signature_text: Parsed
    signature_html: Parsed

    @property
    def problems(self) -> tuple[SyntaxProblem, ...]:
        html = self.html.problems if self.html else ()
        return (*self.text.problems, *html, *self.signature_text.problems)


def check_template(template: TemplateData, signature: str = "") -> tuple[SyntaxProblem, ...]:
    """The brace problems of a template and signature, for the editor to show as the agent types."""
    return _compile(template, signature).problems


def _compile(template: TemplateData, signature: str) -> _Compiled:
    return _Compiled(
        text=parse(template.body_text, "text"),
        html=parse(template.body_html, "html", is_html=True) if template.body_html else None,
        signature_text=parse(signature, "signature"),
        signature_html=parse(text_to_html(signature), "signature", is_html=True),
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _load(session: Session, ids: Sequence[int]) -> dict[int, tuple[MessageFacts, MessageStatus]]:
    loaded: dict[int, tuple[MessageFacts, MessageStatus]] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(
                Message.id, Message.date, Message.subject, Message.from_name, Message.from_addr,
                Message.reply_to_addr, Message.sender, Message.text, Message.status,
                Account.display_name, Account.name,
            )
            .join(Folder, Folder.id == Message.folder_id)
            .outerjoin(Account, Account.id == Folder.account_id)
            .where(Message.id.in_(chunk))
        )  # fmt: skip
        for row in rows:
            facts = MessageFacts(
                id=row.id, date=row.date, subject=row.subject, from_name=row.from_name,
                from_addr=row.from_addr, reply_to_addr=row.reply_to_addr, sender=row.sender,
                text=row.text, mailbox=row.display_name or row.name or None,
            )  # fmt: skip
            loaded[row.id] = (facts, row.status)
    return loaded


def _groups(
    ids: Sequence[int], loaded: dict[int, tuple[MessageFacts, MessageStatus]]
) -> tuple[list[list[MessageFacts]], list[Skipped]]:
    """Open messages grouped by sender (in order of first appearance), and the rest skipped."""
    groups: dict[str, list[MessageFacts]] = {}
    skipped: list[Skipped] = []
    for message_id in dict.fromkeys(ids):
        if message_id not in loaded:
            skipped.append(Skipped(message_id, SkipReason.NOT_FOUND))
            continue
        facts, status = loaded[message_id]
        if status != MessageStatus.OPEN:
            skipped.append(Skipped(message_id, SkipReason.NOT_OPEN, str(status)))
            continue
        groups.setdefault(facts.sender or f"#{facts.id}", []).append(facts)
    for group in groups.values():
        group.sort(key=lambda m: (m.date, m.id))
    return list(groups.values()), skipped


def _body(main: Filled, signature: Filled, *, is_html: bool) -> str:
    if not signature.text.strip():
        return main.text
    if is_html:
        return main.text.rstrip() + "\n" + signature.text
    return main.text.rstrip("\n") + "\n\n" + signature.text


def render_replies(
    session: Session,
    template: TemplateData | int,
    message_ids: Sequence[int],
    agent_id: int,
    *,
    cluster_id: int | None = None,
    mailbox: str | None = None,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> RenderedReplies:
    """Render ``template`` for the senders of ``message_ids`` (store ids), one draft per sender.

    ``template`` is a stored template's id or a :class:`TemplateData` being
    edited (its id may be None). The agent's signature is appended. Messages
    that are not open, or gone, are skipped and listed in the report.
    ``mailbox`` overrides the shared mailbox's name (default: the account the
    message came in through); ``today`` and ``tz`` (default: the computer's
    zone) fix how dates are written.
    """
    data = get_template(session, template) if isinstance(template, int) else template
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise DeskError(ErrorCode.AGENT_NOT_FOUND, agent_id=agent_id)
    compiled = _compile(data, agent.signature)
    context = Context(
        language=data.language,
        agent_name=agent.display_name,
        today=today or utc_now().astimezone(tz).date(),
        mailbox=mailbox,
        tz=tz,
    )
    groups, skipped = _groups(message_ids, _load(session, list(message_ids)))
    drafts: list[ReplyDraft] = []
    missing: dict[str, list[list[MessageFacts]]] = defaultdict(list)
    fell_back: dict[str, list[list[MessageFacts]]] = defaultdict(list)
    for group in groups:
        address = next((a for a in map(reply_address, reversed(group)) if a), "")
        if not address:
            skipped.extend(Skipped(m.id, SkipReason.NO_ADDRESS) for m in group)
            continue
        values, name = recipient_values(group, context)
        parts = [
            fill(compiled.text, values, data.fallbacks),
            fill(compiled.signature_text, values, data.fallbacks),
        ]
        body_html = None
        if compiled.html is not None:
            parts.append(fill(compiled.html, values, data.fallbacks, escape=escape_html))
            parts.append(fill(compiled.signature_html, values, data.fallbacks, escape=escape_html))
            body_html = _body(parts[2], parts[3], is_html=True)
        for key in set().union(*(p.missing for p in parts)):
            missing[key].append(group)
        for key in set().union(*(p.fell_back for p in parts)):
            fell_back[key].append(group)
        drafts.append(
            ReplyDraft(
                message_ids=tuple(m.id for m in group),
                to_addr=address,
                to_name=name.full or "",
                body_text=_body(parts[0], parts[1], is_html=False),
                body_html=body_html,
                template_id=data.id,
                cluster_id=cluster_id,
                agent_id=agent_id,
            )
        )
    report = RenderReport(
        syntax=compiled.problems,
        missing=_missing(missing, data, with_fallback=False),
        fallbacks_used=_missing(fell_back, data, with_fallback=True),
        skipped=tuple(sorted(skipped, key=lambda s: s.message_id)),
    )
    return RenderedReplies(tuple(drafts), report)


def _missing(
    by_key: dict[str, list[list[MessageFacts]]],
    template: TemplateData,
    *,
    with_fallback: bool,
) -> tuple[MissingValue, ...]:
    order = {p: i for i, p in enumerate(BY_KEY)}
    result = []
    for key in sorted(by_key, key=order.__getitem__):
        groups = by_key[key]
        result.append(
            MissingValue(
                key=key,
                name=BY_KEY[key].token(template.language),
                recipients=tuple(
                    next(a for a in map(reply_address, reversed(g)) if a) for g in groups
                ),
                message_ids=tuple(m.id for g in groups for m in g),
                fallback=template.fallbacks.get(key) if with_fallback else None,
            )
        )
    return tuple(result)
