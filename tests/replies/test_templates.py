"""Templates in the store, on SQLite and PostgreSQL: CRUD, unique names, search, usage counts."""

from __future__ import annotations

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.replies.templates import (
    create_template,
    delete_template,
    duplicate_template,
    get_template,
    list_templates,
    record_template_use,
    search_templates,
    update_template,
)
from desk.store.database import Store


def test_create_edit_and_read_back(store: Store) -> None:
    with store.sessions.begin() as session:
        template_id = create_template(
            session,
            "  Mot de passe   élève ",
            "Bonjour {prénom},",
            body_html="<p>Bonjour {prénom},</p>",
            category="account",
            fallbacks={"{Prénom}": "cher parent"},
        )
    with store.sessions.begin() as session:
        saved = get_template(session, template_id)
        assert saved.name == "Mot de passe élève"
        assert saved.fallbacks == {"first_name": "cher parent"}
        assert saved.language == "fr" and saved.usage_count == 0
        edited = update_template(session, template_id, body_text="Hello {first_name},",
                                 language="en", fallbacks={})  # fmt: skip
    assert edited.body_text == "Hello {first_name}," and edited.language == "en"
    assert edited.body_html == "<p>Bonjour {prénom},</p>" and edited.fallbacks == {}
    with store.sessions() as session:
        assert get_template(session, template_id) == edited


def test_a_name_used_in_any_case_or_accents_is_refused_with_a_clear_error(store: Store) -> None:
    with store.sessions.begin() as session:
        create_template(session, "Mot de passe élève", "a")
        other = create_template(session, "Autre", "b")
    for attempt in ("MOT DE PASSE ELEVE", "mot de passe élève"):
        with store.sessions.begin() as session, pytest.raises(DeskError) as raised:
            create_template(session, attempt, "c")
        assert raised.value.code is ErrorCode.TEMPLATE_NAME_TAKEN
        assert "Mot de passe élève" in raised.value.describe()
    with store.sessions.begin() as session, pytest.raises(DeskError) as raised:
        update_template(session, other, name="Mot de passe eleve")
    assert raised.value.code is ErrorCode.TEMPLATE_NAME_TAKEN
    with store.sessions.begin() as session:  # renaming to its own name in another case is fine
        assert update_template(session, other, name="AUTRE").name == "AUTRE"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"language": "de"}, "language"),
        ({"category": "c" * 51}, "category"),
        ({"fallbacks": {"pré nom!": "x"}}, "fallbacks"),
    ],
)
def test_invalid_fields_are_refused(store: Store, fields: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {"name": "Modèle", "body_text": "x", **fields}
    with store.sessions.begin() as session, pytest.raises(DeskError) as raised:
        create_template(session, **arguments)  # type: ignore[arg-type]
    assert raised.value.code is ErrorCode.TEMPLATE_INVALID
    assert raised.value.params["field"] == field


def test_duplicate_gets_a_free_name_and_no_uses(store: Store) -> None:
    with store.sessions.begin() as session:
        original = create_template(session, "Retard colis", "texte", category="shipping")
        record_template_use(session, original)
        first = duplicate_template(session, original)
        second = duplicate_template(session, original)
        named = duplicate_template(session, original, "Retard colis (été)")
    with store.sessions() as session:
        names = [get_template(session, i).name for i in (first, second, named)]
        copy = get_template(session, first)
    assert names == ["Retard colis (copie)", "Retard colis (copie 2)", "Retard colis (été)"]
    assert copy.usage_count == 0 and copy.category == "shipping" and copy.body_text == "texte"


def test_delete_and_missing_templates(store: Store) -> None:
    with store.sessions.begin() as session:
        template_id = create_template(session, "A", "x")
        delete_template(session, template_id)
    with store.sessions.begin() as session:
        for call in (get_template, delete_template, record_template_use):
            with pytest.raises(DeskError) as raised:
                call(session, template_id)
            assert raised.value.code is ErrorCode.TEMPLATE_NOT_FOUND
        assert list_templates(session) == []


def test_search_ignores_case_and_accents_and_ranks_names_first(store: Store) -> None:
    with store.sessions.begin() as session:
        body = create_template(session, "Colis", "Nous allons réinitialiser votre accès")
        named = create_template(session, "Réinitialisation", "texte", category="account")
        category = create_template(session, "Autre", "texte", category="Réinitialiser")
        create_template(session, "Sans rapport", "rien", language="en")
        record_template_use(session, body, uses=5)
    with store.sessions() as session:
        found = [t.id for t in search_templates(session, "REINITIALIS")]
        assert found == [named, category, body]
        assert [t.id for t in search_templates(session, "colis réinitialiser")] == [body]
        assert [t.name for t in search_templates(session, "", language="en")] == ["Sans rapport"]
        assert search_templates(session, "introuvable") == []
        assert search_templates(session, "")[0].id == body  # most used first


def test_usage_counts_add_up_across_sessions(store: Store) -> None:
    with store.sessions.begin() as session:
        template_id = create_template(session, "A", "x")
    for _ in range(3):
        with store.sessions.begin() as session:
            record_template_use(session, template_id)
    with store.sessions.begin() as session:
        record_template_use(session, template_id, uses=2)
        assert get_template(session, template_id).usage_count == 5


def test_list_is_by_name_ignoring_case_and_accents(store: Store) -> None:
    with store.sessions.begin() as session:
        for name in ("banane", "Éclair", "Abricot", "cerise"):
            create_template(session, name, "x", category="fruit" if name != "cerise" else "")
    with store.sessions() as session:
        assert [t.name for t in list_templates(session)] == [
            "Abricot", "banane", "cerise", "Éclair",
        ]  # fmt: skip
        assert len(list_templates(session, category="fruit")) == 3
