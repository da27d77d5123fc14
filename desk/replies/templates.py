"""Reply templates in the store: create, edit, duplicate, delete, search, count their uses.

Functions take the caller's :class:`~sqlalchemy.orm.Session` and never open or
commit one. What they return is a frozen :class:`TemplateData`, never an ORM
instance, so it can cross to the GUI thread. Names are unique ignoring case
and accents ("Mot de passe" and "MOT DE PASSE" would confuse an agent picking
from a list).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, column, select, table, update
from sqlalchemy.orm import Session

from desk.cluster.normalise import fold
from desk.core.errors import DeskError, ErrorCode
from desk.replies.placeholders import lookup
from desk.store.models import Template

LANGUAGES = ("fr", "en")
NAME_MAX = 200
CATEGORY_MAX = 50
_UNSET: Any = object()
# The template table seen as its usage counter alone: an UPDATE through it sets nothing
# else (the mapped table would also stamp ``updated_at``, its ``onupdate``).
_USAGE = table("template", column("id", Integer), column("usage_count", Integer))


@dataclass(frozen=True, slots=True)
class TemplateData:
    """A template as the UI shows and the renderer uses it (a plain copy, safe across threads).

    ``id`` is None for a template being edited and not saved yet: it can still
    be previewed.
    """

    name: str
    body_text: str
    body_html: str | None = None
    category: str = ""
    language: str = "fr"
    fallbacks: Mapping[str, str] = field(default_factory=dict)
    id: int | None = None
    usage_count: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None


def _data(row: Template) -> TemplateData:
    return TemplateData(
        name=row.name,
        body_text=row.body_text,
        body_html=row.body_html,
        category=row.category,
        language=row.language,
        fallbacks=dict(row.fallbacks or {}),
        id=row.id,
        usage_count=row.usage_count,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise DeskError(ErrorCode.TEMPLATE_INVALID, field="name", value=name[: NAME_MAX + 20])
    return cleaned


def _check_fields(category: str, language: str) -> None:
    if len(category) > CATEGORY_MAX:
        raise DeskError(ErrorCode.TEMPLATE_INVALID, field="category", value=category)
    if language not in LANGUAGES:
        raise DeskError(ErrorCode.TEMPLATE_INVALID, field="language", value=language)


def clean_fallbacks(fallbacks: Mapping[str, str] | None) -> dict[str, str]:
    """Fallbacks keyed by canonical placeholder key, whatever name they were given by.

    ``{"prénom": "cher parent"}`` becomes ``{"first_name": "cher parent"}``; a name
    that is no placeholder is an error, not something silently kept.
    """
    cleaned: dict[str, str] = {}
    for name, text in (fallbacks or {}).items():
        placeholder = lookup(name.strip("{} "))
        if placeholder is None or not isinstance(text, str):
            raise DeskError(ErrorCode.TEMPLATE_INVALID, field="fallbacks", value=name)
        cleaned[placeholder.key] = text
    return cleaned


def _ensure_name_free(session: Session, name: str, except_id: int | None = None) -> None:
    wanted = fold(name)
    for other_id, other_name in session.execute(select(Template.id, Template.name)):
        if other_id != except_id and fold(other_name) == wanted:
            raise DeskError(ErrorCode.TEMPLATE_NAME_TAKEN, name=name, existing=other_name)


def _row(session: Session, template_id: int) -> Template:
    row = session.get(Template, template_id)
    if row is None:
        raise DeskError(ErrorCode.TEMPLATE_NOT_FOUND, template_id=template_id)
    return row


def create_template(
    session: Session,
    name: str,
    body_text: str,
    *,
    body_html: str | None = None,
    category: str = "",
    language: str = "fr",
    fallbacks: Mapping[str, str] | None = None,
) -> int:
    """Store a new template, return its id; a name already used (any case, accents) is refused."""
    name = _clean_name(name)
    _check_fields(category, language)
    _ensure_name_free(session, name)
    row = Template(
        name=name,
        body_text=body_text,
        body_html=body_html,
        category=category,
        language=language,
        fallbacks=clean_fallbacks(fallbacks),
    )
    session.add(row)
    session.flush()
    return row.id


def update_template(
    session: Session,
    template_id: int,
    *,
    name: str = _UNSET,
    body_text: str = _UNSET,
    body_html: str | None = _UNSET,
    category: str = _UNSET,
    language: str = _UNSET,
    fallbacks: Mapping[str, str] = _UNSET,
) -> TemplateData:
    """Change the given fields of a template (others stay) and return it as saved."""
    row = _row(session, template_id)
    if name is not _UNSET:
        name = _clean_name(name)
        _ensure_name_free(session, name, except_id=template_id)
        row.name = name
    _check_fields(
        row.category if category is _UNSET else category,
        row.language if language is _UNSET else language,
    )
    if category is not _UNSET:
        row.category = category
    if language is not _UNSET:
        row.language = language
    if body_text is not _UNSET:
        row.body_text = body_text
    if body_html is not _UNSET:
        row.body_html = body_html
    if fallbacks is not _UNSET:
        row.fallbacks = clean_fallbacks(fallbacks)
    session.flush()
    return _data(row)


def duplicate_template(session: Session, template_id: int, name: str | None = None) -> int:
    """Copy a template under ``name``, or "<name> (copie)"/"(copy)" numbered until free.

    The copy starts with no uses: counts belong to what was actually sent.
    """
    source = _row(session, template_id)
    if name is None:
        suffix = "copie" if source.language == "fr" else "copy"
        taken = {fold(n) for n in session.scalars(select(Template.name))}
        base = source.name[: NAME_MAX - len(suffix) - 8]
        name = f"{base} ({suffix})"
        number = 2
        while fold(name) in taken:
            name = f"{base} ({suffix} {number})"
            number += 1
    return create_template(
        session,
        name,
        source.body_text,
        body_html=source.body_html,
        category=source.category,
        language=source.language,
        fallbacks=source.fallbacks,
    )


def delete_template(session: Session, template_id: int) -> None:
    """Delete a template; replies and statistics that used it keep their rows (link cleared)."""
    session.delete(_row(session, template_id))
    session.flush()


def get_template(session: Session, template_id: int) -> TemplateData:
    """One template by id (:class:`DeskError` ``TEMPLATE_NOT_FOUND`` if it is gone)."""
    return _data(_row(session, template_id))


def list_templates(
    session: Session, *, language: str | None = None, category: str | None = None
) -> list[TemplateData]:
    """Templates by name (ignoring case and accents), optionally of one language or category."""
    query = select(Template)
    if language is not None:
        query = query.where(Template.language == language)
    if category is not None:
        query = query.where(Template.category == category)
    rows = [_data(row) for row in session.scalars(query)]
    return sorted(rows, key=lambda t: (fold(t.name), t.name))


def search_templates(
    session: Session, query: str, *, language: str | None = None
) -> list[TemplateData]:
    """Templates whose name, category or body contain every word of ``query``.

    Case and accents are ignored ("reinitialiser" finds "Réinitialiser"). Matches
    in the name come first, then in the category, then in the body only; within
    each, the most used first. An empty query lists everything, most used first.
    """
    words = fold(query).split()
    ranked: list[tuple[int, int, str, TemplateData]] = []
    for template in list_templates(session, language=language):
        name, category = fold(template.name), fold(template.category)
        body: str | None = None
        rank = 0
        for word in words:
            if word in name:
                continue
            if word in category:
                rank = max(rank, 1)
                continue
            if body is None:
                body = fold(template.body_text)
            if word not in body:
                break
            rank = 2
        else:
            ranked.append((rank, -template.usage_count, fold(template.name), template))
    ranked.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in ranked]


def record_template_use(session: Session, template_id: int, uses: int = 1) -> None:
    """Count a use of a template: the outbox calls this when it queues replies made from it.

    One use is one decision to answer with it (a cluster answered at once counts
    once); the replies themselves are counted by the statistics. Done as one
    ``UPDATE … SET usage_count = usage_count + n`` so two agents never lose a count.
    Only that column is written: a use is not an edit, so ``updated_at`` stays,
    and in team mode an agent holds the right to that one column only.
    """
    row = _row(session, template_id)
    session.execute(
        update(_USAGE)
        .where(_USAGE.c.id == template_id)
        .values(usage_count=_USAGE.c.usage_count + uses)
    )
    session.expire(row, ["usage_count"])  # read back the count the database now holds


def existing_names(session: Session) -> dict[str, str]:
    """Folded name → name, for callers that must avoid clashes in bulk (imports, defaults)."""
    return {fold(name): name for name in session.scalars(select(Template.name))}


def template_ids(session: Session, names: Sequence[str]) -> dict[str, int]:
    """Ids of the templates with these names (compared ignoring case and accents)."""
    wanted = {fold(n): n for n in names}
    found: dict[str, int] = {}
    for template_id, name in session.execute(select(Template.id, Template.name)):
        if fold(name) in wanted:
            found[wanted[fold(name)]] = template_id
    return found
