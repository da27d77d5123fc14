"""The template editor's work without a window, over an empty migrated store (both databases)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.replies.templates import TemplateData
from desk.store.database import Store
from desk.workbench.templates import (
    delete,
    duplicate,
    export_word,
    import_word,
    same_fields,
    save,
    search,
    used_keys,
)


def test_save_creates_then_updates_and_search_finds_without_case_or_accents(store: Store) -> None:
    created = save(
        store.sessions,
        TemplateData(
            name="  Réinitialisation   du mot de passe ",
            body_text="Bonjour {prénom}, voici le lien.",
            category="compte",
            language="fr",
            fallbacks={"first_name": "Madame, Monsieur"},
        ),
    )
    assert created.id is not None
    assert created.name == "Réinitialisation du mot de passe"  # spaces tidied as stored
    assert dict(created.fallbacks) == {"first_name": "Madame, Monsieur"}

    changed = TemplateData(
        name=created.name,
        body_text="Bonjour, voici le lien.",
        category="compte",
        language="fr",
        id=created.id,
    )
    updated = save(store.sessions, changed)
    assert updated.id == created.id and updated.body_text == "Bonjour, voici le lien."
    assert [t.name for t in search(store.sessions, "REINITIALISATION")] == [created.name]
    assert search(store.sessions, "nulle part") == []


def test_a_taken_name_is_refused_and_nothing_is_stored(store: Store) -> None:
    save(store.sessions, TemplateData(name="Examens", body_text="Juin."))
    with pytest.raises(DeskError) as raised:
        save(store.sessions, TemplateData(name="EXAMENS", body_text="Autre."))
    assert raised.value.code is ErrorCode.TEMPLATE_NAME_TAKEN
    assert [t.name for t in search(store.sessions, "")] == ["Examens"]


def test_duplicate_then_delete(store: Store) -> None:
    source = save(store.sessions, TemplateData(name="Attestation", body_text="Voici."))
    assert source.id is not None
    copy = duplicate(store.sessions, source.id)
    assert copy.name == "Attestation (copie)" and copy.body_text == "Voici."
    delete(store.sessions, source.id)
    assert [t.name for t in search(store.sessions, "")] == ["Attestation (copie)"]
    with pytest.raises(DeskError) as raised:
        delete(store.sessions, source.id)
    assert raised.value.code is ErrorCode.TEMPLATE_NOT_FOUND


def test_export_then_import_gives_the_templates_back_under_free_names(
    store: Store, tmp_path: Path
) -> None:
    save(
        store.sessions,
        TemplateData(name="Inscription", body_text="Bonjour {prénom},\n\nC'est fait."),
    )
    path = tmp_path / "modèles.docx"
    assert export_word(store.sessions, path) == 1
    docx.Document(str(path))  # a real Word file

    outcome = import_word(store.sessions, path, "fr")
    assert [t.name for t in outcome.templates] == ["Inscription (2)"]
    assert outcome.result.renamed == {"Inscription": "Inscription (2)"}
    assert outcome.templates[0].body_text == "Bonjour {prénom},\n\nC'est fait."


def test_same_fields_ignores_ids_and_dates_and_used_keys_keeps_first_use_order() -> None:
    one = TemplateData(name="A", body_text="x", fallbacks={"first_name": "M."})
    assert same_fields(
        one, TemplateData(name="A", body_text="x", fallbacks={"first_name": "M."}, id=4)
    )
    assert not same_fields(
        one, TemplateData(name="A", body_text="y", fallbacks={"first_name": "M."})
    )
    assert used_keys("{prénom} {nom} {{x}} {prénom} {first_name}") == ["first_name", "last_name"]
    assert used_keys("{inconnu} {") == []
