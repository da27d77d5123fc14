"""Word export: a template set written to .docx and imported back comes back the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.replies.defaults import install_default_templates
from desk.replies.templates import (
    TemplateData,
    create_template,
    delete_template,
    get_template,
    list_templates,
)
from desk.replies.wordexport import write_docx
from desk.replies.wordimport import import_docx, read_docx
from desk.store.database import Store

RICH_HTML = (
    "<p>Bonjour {prénom},</p>\n"
    "<p>Votre accès est <strong>réinitialisé</strong>, <em>actif</em> et <u>vérifié</u>.</p>\n"
    "<ul>\n<li>Connectez-vous</li>\n<li>Puis<ul>\n<li>imbriqué</li></ul>\n</li></ul>\n"
    "<ol>\n<li>Premier</li>\n<li>Second</li></ol>\n"
    '<p>Aide : <a href="https://example-edu.fr/aide?a=1&amp;b=2">le <strong>site</strong></a>'
    "</p>\n<p>Ligne un<br>\nligne deux &amp; {{accolades}}</p>\n"
)


def test_a_template_set_round_trips_through_word(store: Store, tmp_path: Path) -> None:
    with store.sessions.begin() as session:
        install_default_templates(session, "fr")
        create_template(session, "Riche", "texte brut", body_html=RICH_HTML, category="account",
                        language="en", fallbacks={"prénom": "cher parent"})  # fmt: skip
        originals = list_templates(session)
    path = tmp_path / "modeles.docx"
    write_docx(originals, path)
    read = read_docx(path)
    assert read.dropped == {}
    assert [t.name for t in read.templates] == [t.name for t in originals]
    rich = next(t for t in read.templates if t.name == "Riche")
    assert rich.body_html == RICH_HTML
    assert (rich.category, rich.language, rich.fallbacks) == (
        "account", "en", {"first_name": "cher parent"},
    )  # fmt: skip
    for original, imported in zip(originals, read.templates, strict=True):
        if original.name != "Riche":
            assert imported.body_text == original.body_text
            assert imported.body_html is None
            assert imported.category == original.category
    with store.sessions.begin() as session:
        for template in originals:
            assert template.id is not None
            delete_template(session, template.id)
        result = import_docx(session, path)
        assert not result.renamed
        again = [get_template(session, i) for i in result.created]
    kept = ("name", "body_text", "body_html", "category", "language", "fallbacks")
    for original, restored in zip(originals, again, strict=True):
        for name in kept:
            if original.name == "Riche" and name == "body_text":
                continue  # an HTML template's text version is rebuilt from its HTML
            assert getattr(restored, name) == getattr(original, name), (original.name, name)


def test_an_unwritable_destination_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DeskError) as raised:
        write_docx([TemplateData("a", "b")], tmp_path / "no such folder" / "x.docx")
    assert raised.value.code is ErrorCode.EXPORT_UNWRITABLE
