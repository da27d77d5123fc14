"""The shipped templates: found, well-formed, installed once, and they render for demo senders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.replies.defaults import install_default_templates, load_default_templates, resources_dir
from desk.replies.render import check_template
from desk.replies.templates import TemplateData, list_templates
from desk.store.database import Store


def test_resources_are_found_from_the_source_checkout() -> None:
    assert (resources_dir() / "templates" / "fr.json").is_file()


def test_an_environment_variable_points_at_another_resources_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "templates").mkdir()
    monkeypatch.setenv("DESK_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path


@pytest.mark.parametrize("language", ["fr", "en"])
def test_defaults_are_eight_to_twelve_well_formed_templates(language: str) -> None:
    templates = load_default_templates(language)
    assert 8 <= len(templates) <= 12
    assert len({t.name for t in templates}) == len(templates)
    for template in templates:
        data = TemplateData(template.name, template.body_text, language=language)
        assert check_template(data) == (), template.name
        assert "{salutation}" in template.body_text
        assert template.category


@pytest.mark.parametrize("language", ["fr", "en"])
def test_installing_twice_adds_nothing_the_second_time(store: Store, language: str) -> None:
    with store.sessions.begin() as session:
        created = install_default_templates(session, language)
    with store.sessions.begin() as session:
        assert install_default_templates(session, language) == []
        stored = list_templates(session, language=language)
    assert len(created) == len(stored) == len(load_default_templates(language))


def test_both_languages_live_side_by_side(store: Store) -> None:
    with store.sessions.begin() as session:
        install_default_templates(session, "fr")
        install_default_templates(session, "en")
        assert {t.language for t in list_templates(session)} == {"fr", "en"}


def test_a_broken_or_unknown_defaults_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "fr.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DeskError) as raised:
        load_default_templates("fr", tmp_path)
    assert raised.value.code is ErrorCode.TEMPLATE_FILE_UNREADABLE
    with pytest.raises(DeskError) as raised:
        load_default_templates("de", tmp_path)
    assert raised.value.code is ErrorCode.TEMPLATE_INVALID


def test_the_files_are_plain_json_a_team_lead_can_edit() -> None:
    for language in ("fr", "en"):
        path = resources_dir() / "templates" / f"{language}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["language"] == language
