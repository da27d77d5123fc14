"""What PostgreSQL itself lets an agent and a lead do, connected as them (no client-side checks)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk.core.clock import utc_now
from desk.mail.drafts import ReplyDraft
from desk.mail.queueing import queue_replies
from desk.queue.claims import claim_messages, release
from desk.replies.templates import (
    create_template,
    delete_template,
    get_template,
    record_template_use,
    update_template,
)
from desk.stats.events import record_event
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import (
    Account,
    Claim,
    EventKind,
    EventMessage,
    HandlingEvent,
    Reply,
    ReplyState,
    TeamSetting,
    Template,
)
from desk.team import connected_login, init_team, team_role
from desk.team.roles import POLICIES, RIGHTS
from desk.workbench.answering import (
    claim_for_answer,
    current_agent,
    preview,
    queue_answer,
    undo_answer,
)
from desk.workbench.worklist import load_queue, row_members
from tests.team.conftest import Team, refused, seed_mail

pytestmark = pytest.mark.postgres


def _account_id(team: Team) -> int:
    with team.owner.sessions.begin() as session:
        return session.scalars(select(Account.id)).one()


def test_every_table_has_its_rights_decided(team: Team) -> None:
    """A table a migration adds must get an entry in RIGHTS: a decision, not a default."""
    with team.owner.engine.connect() as conn:
        tables = set(
            conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        )
    assert tables == set(RIGHTS)


def test_init_team_again_restores_exactly_the_rights(
    team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    with team.owner.engine.begin() as conn:
        conn.execute(text("GRANT INSERT, UPDATE ON team_setting TO desk_agent"))
        conn.execute(text("DROP POLICY desk_release ON claim"))
        conn.execute(text("ALTER TABLE handling_event DISABLE ROW LEVEL SECURITY"))
        # What a later migration adds: readable by agents at once, writable by nobody yet.
        conn.execute(text("CREATE TABLE later_table (id serial PRIMARY KEY, note text)"))
    with caplog.at_level(logging.WARNING, logger="desk.team.roles"):
        init_team(team.owner.engine)
        init_team(team.owner.engine)
    assert "no rights decided for table later_table" in caplog.text

    def can(role: str, table: str, privilege: str) -> bool:
        return bool(
            conn.scalar(
                text("SELECT has_table_privilege(:r, :t, :p)"),
                {"r": role, "t": table, "p": privilege},
            )
        )

    with team.owner.engine.connect() as conn:
        assert not can("desk_agent", "team_setting", "INSERT")
        assert not can("desk_agent", "team_setting", "UPDATE")
        assert can("desk_lead", "team_setting", "INSERT")
        assert can("desk_agent", "later_table", "SELECT")
        assert not can("desk_agent", "later_table", "INSERT")
        template_columns = dict(
            conn.execute(
                text(
                    "SELECT column_name, has_column_privilege('desk_agent', 'template',"
                    " column_name, 'UPDATE') FROM information_schema.columns"
                    " WHERE table_name = 'template'"
                )
            ).all()
        )
        assert {c for c, allowed in template_columns.items() if allowed} == {"usage_count"}
        policies = set(conn.execute(text("SELECT tablename, policyname FROM pg_policies")).all())
        secured = set(conn.scalars(text("SELECT relname FROM pg_class WHERE relrowsecurity")).all())
    assert policies == {(table, name) for table, name, *_ in POLICIES}
    assert secured == {"claim", "handling_event", "event_message", "reply"}


def test_an_agent_counts_template_uses_but_writes_no_template_or_setting(team: Team) -> None:
    with team.owner.sessions.begin() as session:
        template_id = create_template(session, "Mot de passe", "Bonjour,\nVoici le lien.")
        session.add(TeamSetting(key="queue.weights", value={"deadline": 3}, updated_by="lead"))
    ana, _ = team.add("ana")
    as_ana = team.connect(ana)
    attempts: dict[str, Callable[[Session], object]] = {
        "change a setting": lambda s: s.execute(update(TeamSetting).values(value={})),
        "add a setting": lambda s: s.execute(insert(TeamSetting).values(key="k", value=1)),
        "delete a setting": lambda s: s.execute(delete(TeamSetting)),
        "add a template": lambda s: create_template(s, "À moi", "texte"),
        "edit a template": lambda s: update_template(s, template_id, body_text="Autre."),
        "rename a template": lambda s: s.execute(update(Template).values(name="x")),
        "delete a template": lambda s: delete_template(s, template_id),
    }
    for what, attempt in attempts.items():
        with pytest.raises(DBAPIError) as caught, as_ana.sessions.begin() as session:
            attempt(session)
            session.flush()
        assert refused(caught.value), what
    with as_ana.sessions.begin() as session:
        record_template_use(session, template_id, 2)
        assert get_template(session, template_id).usage_count == 2
    with team.owner.sessions.begin() as session:
        kept = get_template(session, template_id)
        assert (kept.name, kept.body_text, kept.usage_count) == (
            "Mot de passe",
            "Bonjour,\nVoici le lien.",
            2,
        )
        assert session.scalars(select(TeamSetting.value)).all() == [{"deadline": 3}]


def test_a_lead_writes_templates_and_team_settings(team: Team) -> None:
    lea, _ = team.add("lea", "lead")
    as_lea = team.connect(lea)
    with as_lea.sessions.begin() as session:
        template_id = create_template(session, "Inscription", "Bonjour,\nC'est fait.")
        update_template(session, template_id, body_text="Bonjour,\nC'est fait !")
        session.add(TeamSetting(key="queue.weights", value={"deadline": 5}, updated_by=lea))
        session.flush()
        session.execute(update(TeamSetting).values(value={"deadline": 4}))
        spare = create_template(session, "Brouillon", "texte")
        delete_template(session, spare)
    with team.owner.sessions.begin() as session:
        assert get_template(session, template_id).body_text == "Bonjour,\nC'est fait !"
        assert session.scalars(select(TeamSetting.value)).all() == [{"deadline": 4}]


def test_a_live_claim_is_its_holders_an_expired_one_anyone_s(team: Team, tmp_path: Path) -> None:
    live, stale, free = seed_mail(team.owner, tmp_path)[:3]
    (ana, ana_id), (bob, bob_id) = team.add("ana"), team.add("bob")
    as_ana, as_bob = team.connect(ana), team.connect(bob)
    now = utc_now()
    with as_ana.sessions.begin() as session:
        assert claim_messages(session, ana_id, [live], now).claimed == {live}
        # Claimed an hour ago for fifteen minutes: run out.
        assert claim_messages(session, ana_id, [stale], now - timedelta(hours=1)).claimed == {stale}
    with as_bob.sessions.begin() as session:
        taken = claim_messages(session, bob_id, [live, stale, free], utc_now())
        assert taken.claimed == {stale, free} and taken.held_by_others == {live: ana_id}
        # Around the claims code, straight at the table: Ana's live claim stays hers.
        assert session.execute(delete(Claim).where(Claim.message_id == live)).rowcount == 0
        steal = update(Claim).where(Claim.message_id == live).values(agent_id=bob_id)
        assert session.execute(steal).rowcount == 0
        assert release(session, ana_id) == 0
        assert release(session, bob_id, [free]) == 1
    # An upsert that overwrites unconditionally meets the database's own condition.
    upsert = postgresql.insert(Claim).values(
        message_id=live, agent_id=bob_id, claimed_at=now, expires_at=now + timedelta(hours=1)
    )
    with pytest.raises(DBAPIError) as caught, as_bob.sessions.begin() as session:
        session.execute(
            upsert.on_conflict_do_update(
                index_elements=[Claim.message_id], set_={"agent_id": upsert.excluded.agent_id}
            )
        )
    assert refused(caught.value)
    # Nor may Bob claim in Ana's name.
    with pytest.raises(DBAPIError) as caught, as_bob.sessions.begin() as session:
        claim_messages(session, ana_id, [free], utc_now())
    assert refused(caught.value)
    with team.owner.sessions.begin() as session:
        holders = dict(session.execute(select(Claim.message_id, Claim.agent_id)).all())
    assert holders == {live: ana_id, stale: bob_id}
    with as_ana.sessions.begin() as session:
        assert release(session, ana_id, [live]) == 1


def test_a_lead_releases_anyone_s_claim(team: Team, tmp_path: Path) -> None:
    ids = seed_mail(team.owner, tmp_path)[:2]
    (ana, ana_id), (lea, _) = team.add("ana"), team.add("lea", "lead")
    with team.connect(ana).sessions.begin() as session:
        assert claim_messages(session, ana_id, ids, utc_now()).claimed == set(ids)
    with team.connect(lea).sessions.begin() as session:
        assert release(session, ana_id) == 2
    with team.owner.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_an_agent_answers_a_cluster_end_to_end(team: Team, tmp_path: Path) -> None:
    seed_mail(team.owner, tmp_path)
    account_id = _account_id(team)
    with team.owner.sessions.begin() as session:
        template_id = create_template(session, "Mot de passe", "Bonjour,\nVoici le lien.")
    (ana, ana_id), (bob, _) = team.add("ana"), team.add("bob")
    as_ana = team.connect(ana)
    now = utc_now()
    with as_ana.sessions.begin() as session:
        me = current_agent(session, connected_login(session) or "")
        assert me.id == ana_id
        row = next(r for r in load_queue(session, now) if r.cluster_id is not None)
        members = row_members(session, row)
        assert claim_for_answer(session, me.id, members, now).claimed == frozenset(members)
        rendered = preview(session, template_id, members, me.id, row.cluster_id)
        assert rendered.report.can_send and rendered.drafts
        queued = queue_answer(
            session,
            account_id,
            rendered.drafts,
            agent_id=me.id,
            template_id=template_id,
            cluster_id=row.cluster_id,
            hold_seconds=30,
            opened_at=now - timedelta(minutes=1),
            activity=[],
            now=now,
        )
        assert len(queued.reply_ids) == len(rendered.drafts) > 1 and not queued.refused
    # Only its author takes a reply back.
    with team.connect(bob).sessions.begin() as session:
        taken = session.execute(delete(Reply).where(Reply.id.in_(queued.reply_ids)))
        assert taken.rowcount == 0
    with as_ana.sessions.begin() as session:
        assert undo_answer(session, queued.reply_ids[:1]) == 1
    with team.owner.sessions.begin() as session:
        authors = session.scalars(select(Reply.agent_id)).all()
        assert authors == [ana_id] * (len(queued.reply_ids) - 1)
        event = session.scalars(select(HandlingEvent)).one()
        assert (event.agent_id, event.kind, event.message_count) == (
            ana_id,
            EventKind.SEND,
            len(members),
        )
        assert get_template(session, template_id).usage_count == len(queued.reply_ids)


def test_who_did_it_cannot_be_forged(team: Team, tmp_path: Path) -> None:
    ids = seed_mail(team.owner, tmp_path)
    account_id = _account_id(team)
    (ana, ana_id), (bob, bob_id) = team.add("ana"), team.add("bob")
    as_ana, as_bob = team.connect(ana), team.connect(bob)
    now = utc_now()
    with as_ana.sessions.begin() as session:
        ana_event = record_event(session, ana_id, EventKind.OPEN, ids[:1], now, now)

    def in_anas_name(session: Session) -> object:
        return record_event(session, ana_id, EventKind.SEND, ids[1:2], now, now)

    def onto_anas_event(session: Session) -> object:
        return session.execute(insert(EventMessage).values(event_id=ana_event, message_id=ids[2]))

    def reply_as_ana(session: Session) -> object:
        draft = ReplyDraft((ids[3],), "parent3@example.org", "", "Réponse.", agent_id=ana_id)
        return queue_replies(session, account_id, [draft], now=now)

    def behind_a_temporary_agent_table(session: Session) -> object:
        # pg_temp comes first in the search path for tables: the identity check must not.
        session.execute(text("CREATE TEMP TABLE agent (id integer, login text)"))
        session.execute(text("INSERT INTO agent VALUES (:a, :me)"), {"a": ana_id, "me": bob})
        return in_anas_name(session)

    for forgery in (in_anas_name, onto_anas_event, reply_as_ana, behind_a_temporary_agent_table):
        with pytest.raises(DBAPIError) as caught, as_bob.sessions.begin() as session:
            forgery(session)
            session.flush()
        assert refused(caught.value), forgery.__name__
    with as_bob.sessions.begin() as session:
        record_event(session, bob_id, EventKind.SEND, ids[1:2], now, now)
    with team.owner.sessions.begin() as session:
        recorded = session.execute(
            select(HandlingEvent.agent_id, HandlingEvent.kind).order_by(HandlingEvent.id)
        ).all()
        assert session.scalar(select(func.count()).select_from(Reply)) == 0
    assert recorded == [(ana_id, EventKind.OPEN), (bob_id, EventKind.SEND)]


def test_an_agent_sees_only_their_own_events_a_lead_everyone_s(team: Team, tmp_path: Path) -> None:
    ids = seed_mail(team.owner, tmp_path)
    people = {"ana": "agent", "bob": "agent", "lea": "lead"}
    added = {base: team.add(base, role) for base, role in people.items()}
    now = utc_now()
    for n, (name, agent_id) in enumerate(added.values()):
        with team.connect(name).sessions.begin() as session:
            record_event(session, agent_id, EventKind.SEND, ids[n : n + 2], now, now)

    def seen(name: str) -> tuple[list[int], int]:
        with team.connect(name).sessions.begin() as session:
            agents = session.scalars(select(HandlingEvent.agent_id).order_by(HandlingEvent.id))
            links = session.scalar(select(func.count()).select_from(EventMessage))
            return list(agents), int(links or 0)

    ana_id, bob_id, lea_id = (agent_id for _, agent_id in added.values())
    assert seen(added["ana"][0]) == ([ana_id], 2)
    assert seen(added["bob"][0]) == ([bob_id], 2)
    assert seen(added["lea"][0]) == ([ana_id, bob_id, lea_id], 6)


def test_the_window_learns_who_is_connected_and_as_what(team: Team, tmp_path: Path) -> None:
    (ana, _), (lea, _) = team.add("ana"), team.add("lea", "lead")
    for store, login, role in (
        (team.owner, "postgres", "owner"),
        (team.connect(ana), ana, "agent"),
        (team.connect(lea), lea, "lead"),
    ):
        with store.sessions() as session:
            assert (connected_login(session), team_role(session)) == (login, role)
    single = open_store(sqlite_url(tmp_path / "desk.sqlite3"))
    try:
        with single.sessions() as session:
            assert (connected_login(session), team_role(session)) == (None, None)
    finally:
        single.close()


def test_a_team_made_before_replies_could_be_in_doubt_keeps_sending_after_the_upgrade(
    team: Team, tmp_path: Path
) -> None:
    """0010 adds two reply columns the outbox writes; a team initialised at 0009 (column
    grants on reply) must let its agents write them once upgraded, without a new init."""
    from alembic import command

    from desk.store.migrate import alembic_config

    def migrate(revision: str, down: bool) -> None:
        with team.owner.engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)

    migrate("0009", down=True)  # the columns go, and their grants with them: a 0009 team
    migrate("head", down=False)
    seed_mail(team.owner, tmp_path)
    account_id = _account_id(team)
    with team.owner.sessions.begin() as session:
        reply = Reply(
            account_id=account_id,
            message_id_header="<r@desk.test>",
            to_addr="a@example.org",
            subject="Re:",
            body_text="",
            state=ReplyState.QUEUED,
        )
        session.add(reply)
        session.flush()
        reply_id = reply.id
    ana, _ = team.add("ana")
    now = utc_now()
    with team.connect(ana).sessions.begin() as session:
        done = session.execute(
            update(Reply)
            .where(Reply.id == reply_id)
            .values(state=ReplyState.SENDING, attempted_at=now, last_error_at=now)
        )
        assert done.rowcount == 1
