"""The template editor's work without a window: search, save, delete, duplicate, import, export.

Each function opens its own session from the factory it is given and
returns plain data (:class:`~desk.replies.templates.TemplateData`,
:class:`ImportOutcome`, a count), so the editor runs them on a worker
thread and shows the answer on the GUI thread. The helpers that compare
or read a template's text (:func:`same_fields`, :func:`used_keys`) are
pure and cheap: the editor calls them as the agent types.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from desk.replies.syntax import Slot, parse
from desk.replies.templates import (
    TemplateData,
    create_template,
    delete_template,
    duplicate_template,
    get_template,
    list_templates,
    search_templates,
    update_template,
)
from desk.replies.wordexport import write_docx
from desk.replies.wordimport import WordImportResult, import_docx

Sessions = sessionmaker[Session]


@dataclass(frozen=True)
class ImportOutcome:
    """What an import stored, as the editor reports it."""

    result: WordImportResult
    templates: tuple[TemplateData, ...]


def search(sessions: Sessions, query: str) -> list[TemplateData]:
    """The templates whose name, category or text hold every word of ``query``."""
    with sessions() as session:
        return search_templates(session, query)


def save(sessions: Sessions, data: TemplateData) -> TemplateData:
    """Create the template (``data.id`` None) or update it; the template as stored comes back."""
    with sessions.begin() as session:
        if data.id is None:
            new_id = create_template(
                session,
                data.name,
                data.body_text,
                body_html=data.body_html,
                category=data.category,
                language=data.language,
                fallbacks=data.fallbacks,
            )
            return get_template(session, new_id)
        return update_template(
            session,
            data.id,
            name=data.name,
            body_text=data.body_text,
            body_html=data.body_html,
            category=data.category,
            language=data.language,
            fallbacks=data.fallbacks,
        )


def delete(sessions: Sessions, template_id: int) -> None:
    """Delete a template (replies already sent keep their text)."""
    with sessions.begin() as session:
        delete_template(session, template_id)


def duplicate(sessions: Sessions, template_id: int) -> TemplateData:
    """Store a copy of a template under a free name and return the copy."""
    with sessions.begin() as session:
        return get_template(session, duplicate_template(session, template_id))


def import_word(sessions: Sessions, path: Path, language: str) -> ImportOutcome:
    """Store the templates of a .docx file; what was kept, renamed and left out comes back."""
    with sessions.begin() as session:
        result = import_docx(session, path, language=language)
        created = tuple(get_template(session, t) for t in result.created)
    return ImportOutcome(result, created)


def export_word(sessions: Sessions, path: Path) -> int:
    """Write every template to a .docx file; how many were written."""
    with sessions() as session:
        templates = list_templates(session)
    write_docx(templates, path)
    return len(templates)


def same_fields(one: TemplateData, other: TemplateData) -> bool:
    """Whether two versions of a template say the same (ids and dates aside)."""
    return (one.name, one.body_text, one.category, one.language, dict(one.fallbacks)) == (
        other.name, other.body_text, other.category, other.language, dict(other.fallbacks),
    )  # fmt: skip


def used_keys(body: str) -> list[str]:
    """The placeholders a text uses, by canonical key, in order of first use."""
    keys: list[str] = []
    for piece in parse(body).pieces:
        if isinstance(piece, Slot) and piece.key not in keys:
            keys.append(piece.key)
    return keys
