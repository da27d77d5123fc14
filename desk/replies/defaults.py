"""The reply templates Desk ships, in French and English, for the peak week's most common requests.

They live in ``resources/templates/<language>.json`` (one file per language:
``{"language": "fr", "templates": [{"name", "category", "body_text",
"fallbacks"}, …]}``), so a team lead can read and adapt them without touching
code. Installing is idempotent: a template whose name is already taken (any
case or accents) is left as the team edited it.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desk.cluster.normalise import fold
from desk.core.errors import DeskError, ErrorCode
from desk.replies.templates import LANGUAGES, create_template, existing_names

RESOURCES_ENV = "DESK_RESOURCES"


def resources_dir() -> Path:
    """Where Desk's ``resources/`` folder is: frozen build, source checkout or installed share.

    In order: ``$DESK_RESOURCES``; the PyInstaller bundle (``build.spec`` puts
    ``resources`` at its root); beside the ``desk`` package (a source checkout
    or an editable install); ``<prefix>/share/desk/resources``.
    """
    candidates: list[Path] = []
    if os.environ.get(RESOURCES_ENV):
        candidates.append(Path(os.environ[RESOURCES_ENV]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parents[2] / "resources")
    candidates.append(Path(sys.prefix) / "share" / "desk" / "resources")
    for candidate in candidates:
        if (candidate / "templates").is_dir():
            return candidate
    return candidates[0]


@dataclass(frozen=True, slots=True)
class DefaultTemplate:
    """One shipped template, as read from its file."""

    name: str
    category: str
    body_text: str
    fallbacks: dict[str, str]


def load_default_templates(language: str, folder: Path | None = None) -> list[DefaultTemplate]:
    """The shipped templates of ``language`` ("fr" or "en"), read from ``resources/templates``."""
    if language not in LANGUAGES:
        raise DeskError(ErrorCode.TEMPLATE_INVALID, field="language", value=language)
    path = (folder or resources_dir() / "templates") / f"{language}.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DeskError(
            ErrorCode.TEMPLATE_FILE_UNREADABLE, path=str(path), reason=str(error)
        ) from error
    return [
        DefaultTemplate(
            name=item["name"],
            category=item.get("category", ""),
            body_text=item["body_text"],
            fallbacks=dict(item.get("fallbacks", {})),
        )
        for item in data["templates"]
    ]


def install_default_templates(
    session: Session, language: str, folder: Path | None = None
) -> list[int]:
    """Add the shipped templates of ``language`` that are not there yet; return the new ids.

    Running it again adds nothing: names already present are skipped.
    """
    taken = existing_names(session)
    created: list[int] = []
    for template in load_default_templates(language, folder):
        if fold(template.name) in taken:
            continue
        created.append(
            create_template(
                session,
                template.name,
                template.body_text,
                category=template.category,
                language=language,
                fallbacks=template.fallbacks,
            )
        )
        taken[fold(template.name)] = template.name
    return created
