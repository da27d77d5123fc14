"""Opening the agent's desk, headless: who the agent is, their rights, templates, the account.

The window runs :func:`open_desk` on a worker when it starts and gets back
plain values it then applies on the GUI thread: nothing here reads or writes
the window. The mailbox account and the settings file are read here too, so
the window reaches the store and the settings only through the workbench.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desk.config import Settings, load_settings
from desk.mail.account import AccountConfig, account_from_mapping, save_account
from desk.queue.priority import QueueWeights
from desk.replies.defaults import install_default_templates
from desk.replies.templates import list_templates
from desk.store.models import Message
from desk.team.identity import connected_login, team_role
from desk.workbench.answering import AgentInfo, OutboxCounts, current_agent, outbox_counts
from desk.workbench.worklist_tasks import Worklists, load_worklists

Sessions = sessionmaker[Session]
RELEASING_ROLES = (None, "lead", "owner")  # None: one agent alone, on SQLite


@dataclass(frozen=True, slots=True)
class DeskOpened:
    """What the window needs to start working."""

    agent: AgentInfo
    counts: OutboxCounts
    account_id: int | None  # the mailbox account's row, None without an account
    can_release: bool  # may give back others' claims (a lead, the owner, one agent alone)
    last_message_at: datetime | None  # the demo's clock: its queue is seen as at this moment
    # The queue, when it was read with the rest (:func:`open_desk_with_queue`).
    worklists: Worklists | None = None


def open_desk(
    sessions: Sessions, login: str, *, demo: bool, config: AccountConfig | None
) -> DeskOpened:
    """Who the agent is (in a team, the database login), default templates, the account row."""
    last = None
    with sessions.begin() as session:
        if demo:
            last = session.scalar(select(func.max(Message.date)))
        # In a team the agent is the database login: what PostgreSQL checks "who" against.
        agent = current_agent(session, connected_login(session) or login)
        role = team_role(session)
        if not list_templates(session) and role != "agent":  # an agent may not write them
            # The mailbox writes in French whatever the agent's screen speaks: both sets.
            for language in ("fr", "en"):
                install_default_templates(session, language)
        counts = outbox_counts(session)
    account_id = save_account_row(sessions, config) if config is not None else None
    return DeskOpened(agent, counts, account_id, role in RELEASING_ROLES, last)


def open_desk_with_queue(
    sessions: Sessions,
    login: str,
    *,
    demo: bool,
    config: AccountConfig | None,
    weights: QueueWeights,
) -> DeskOpened:
    """:func:`open_desk`, then the agent's queue (without the sender list) read at once.

    The queue is seen as at the demo's last message, or now; what the window
    does with it is what it does with any queue it loads.
    """
    opened = open_desk(sessions, login, demo=demo, config=config)
    now = opened.last_message_at if opened.last_message_at is not None else datetime.now(UTC)
    worklists = load_worklists(sessions, now, opened.agent.id, weights, with_senders=False)
    return replace(opened, worklists=worklists)


def save_account_row(sessions: Sessions, config: AccountConfig) -> int:
    """Record the mailbox account (created or updated by name); its row's id."""
    with sessions.begin() as session:
        return save_account(session, config).id


def account_config(settings: Settings) -> AccountConfig | None:
    """The mailbox account the settings describe, or None when none is set up (raises if bad)."""
    if not settings.account:
        return None
    return account_from_mapping(dict(settings.account))


def reread_settings(path: Path, db_url: str | None) -> Settings:
    """The settings file as it is now, on the database the window already uses."""
    return load_settings(path).with_db_url(db_url)
