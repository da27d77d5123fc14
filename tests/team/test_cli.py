"""``desk team``: the owner's commands, what they print, and what they refuse."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.cli import EXIT_ERROR, EXIT_OK, run
from desk.store.engine import sqlite_url
from tests.team.conftest import PASSWORD, Team

pytestmark = pytest.mark.postgres


def test_init_add_list_role_remove(
    team: Team,
    desk_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ana, lea = team.name("ana"), team.name("lea")
    monkeypatch.setenv("ANA_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))  # not a terminal: one line
    commands = [
        ["team", "init", "--db", team.url],
        ["--db", team.url, "team", "add", ana, "--role", "agent", "--password-env", "ANA_PASSWORD"],
        ["team", "add", lea, "--role", "lead", "--display-name", "Léa Martin", "--db", team.url],
        ["team", "role", ana, "lead", "--db", team.url],
        ["team", "list", "--db", team.url],
        ["team", "remove", lea, "--db", team.url],
        ["team", "list", "--db", team.url],
    ]
    outputs = []
    for command in commands:
        assert run(command) == EXIT_OK, command
        captured = capsys.readouterr()
        assert PASSWORD not in captured.out + captured.err
        outputs.append(captured.out)
    assert "set up" in outputs[0]
    assert f"{ana} can now connect as a team agent." in outputs[1]
    assert f"{ana} is now a team lead." in outputs[3]
    assert outputs[4].splitlines() == [f"{ana}\tlead\tnever seen", f"{lea}\tlead\tnever seen"]
    assert "their answers and statistics are kept" in outputs[5]
    assert outputs[6].splitlines() == [f"{ana}\tlead\tnever seen"]
    assert PASSWORD not in (desk_home / "logs" / "desk.log").read_text(encoding="utf-8")
    with team.connect(ana).sessions() as session:
        assert session.scalar(text("SELECT session_user")) == ana


def test_refusals(
    team: Team, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ana, _ = team.add("ana")
    monkeypatch.setenv("PW", PASSWORD)
    db = ["--db", team.url]
    cases = [
        (["team", "add", "x; drop table agent", "--role", "agent", "--password-env", "PW"],
         "cannot be a team member's login"),
        (["team", "add", "", "--role", "agent", "--password-env", "PW"], "it is empty"),
        (["team", "add", "a" * 64, "--role", "agent", "--password-env", "PW"], "longer than 63"),
        (["team", "add", ana, "--role", "agent", "--password-env", "PW"], "already exists"),
        (["team", "add", team.name("bo"), "--role", "agent", "--password-env", "UNSET_VAR"],
         "UNSET_VAR is not set"),
        (["team", "remove", team.name("nobody")], "is not a member of the team"),
        (["team", "role", team.name("nobody"), "lead"], "is not a member of the team"),
    ]  # fmt: skip
    for command, message in cases:
        assert run([*db, *command]) == EXIT_ERROR, command
        assert message in capsys.readouterr().err, command
    with team.owner.sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM agent")) == 1
    # An agent is not the owner.
    assert run(["--db", team.url_as(ana), "team", "add", team.name("eve"), "--role", "lead",
                "--password-env", "PW"]) == EXIT_ERROR  # fmt: skip
    assert "may not manage the team: it lacks CREATEROLE" in capsys.readouterr().err


def test_an_empty_password_from_standard_input_is_refused(
    team: Team, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert run(["--db", team.url, "team", "add", team.name("ana"), "--role", "agent"]) == EXIT_ERROR
    assert "No usable password" in capsys.readouterr().err


def test_team_mode_on_sqlite_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = sqlite_url(tmp_path / "desk.sqlite3")
    for command in (["team", "init"], ["team", "list"], ["team", "remove", "ana"]):
        assert run(["--db", db, *command]) == EXIT_ERROR
        assert "Team mode needs a PostgreSQL database" in capsys.readouterr().err


def test_queue_weights_are_the_teams_set_by_a_lead_refused_to_an_agent(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    ana, _ = team.add("ana")
    lea, _ = team.add("lea", role="lead")
    assert run(["team", "weights", "deadline_weight=60", "--db", team.url_as(lea)]) == EXIT_OK
    assert "deadline_weight = 60" in capsys.readouterr().out

    assert run(["team", "weights", "size_weight=99", "--db", team.url_as(ana)]) == EXIT_ERROR
    refused = capsys.readouterr().err
    assert f"{ana} may not change the queue's weights" in refused
    assert run(["team", "weights", "--db", team.url_as(ana)]) == EXIT_OK  # reading is fine
    shown = capsys.readouterr().out
    assert "deadline_weight = 60" in shown and "size_weight = 25" in shown

    for bad in ("size_weight=-1", "sise_weight=3", "size_weight"):
        assert run(["team", "weights", bad, "--db", team.url_as(lea)]) == EXIT_ERROR, bad
        assert "desk team weights" in capsys.readouterr().err
    with team.owner.sessions() as session:
        stored = session.scalar(text("SELECT value FROM team_setting"))
    assert stored["deadline_weight"] == 60 and stored["size_weight"] == 25


def test_acknowledgements_are_switched_on_by_a_lead_refused_to_an_agent(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    ana, _ = team.add("ana")
    lea, _ = team.add("lea", role="lead")
    command = ["acks", "--account", "scolarite"]
    assert run(["--db", team.url_as(ana), *command, "on"]) == EXIT_ERROR
    refused = capsys.readouterr().err
    assert f"{ana} may not change the acknowledgements (only team leads may)" in refused
    assert run(["--db", team.url_as(lea), *command, "on", "--period", "48"]) == EXIT_OK
    capsys.readouterr()
    assert run(["--db", team.url_as(ana), *command, "show"]) == EXIT_OK  # reading is fine
    assert "scolarite: on, with status updates; one per person per 48 h" in capsys.readouterr().out


def test_the_services_for_hand_offs_are_a_leads_to_change(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    ana, _ = team.add("ana")
    lea, _ = team.add("lea", role="lead")
    add = ["handoff", "add-service", "Examens", "examens@example-edu.fr"]
    assert run(["--db", team.url_as(ana), *add]) == EXIT_ERROR
    assert f"{ana} may not change the list of services" in capsys.readouterr().err
    assert run(["--db", team.url_as(lea), *add]) == EXIT_OK
    assert "Examens <examens@example-edu.fr>" in capsys.readouterr().out
