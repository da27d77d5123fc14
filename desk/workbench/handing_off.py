"""The window's side of hand-offs: the team's services, and handing the chosen messages on.

Both run on a worker (:class:`~desk.ui.tasks.TaskRunner`); the rules are
:mod:`desk.replies.handoffs`'.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.replies.handoffs import HandoffResult, Service, hand_off, read_services
from desk.store.models import Account


def team_services(sessions: sessionmaker[Session]) -> list[Service]:
    """The services requests can be handed to (the team's list)."""
    with sessions() as session:
        return read_services(session)


def hand_off_messages(
    sessions: sessionmaker[Session],
    account_id: int,
    message_ids: Sequence[int],
    service: Service,
    *,
    note: str,
    tell_person: bool,
    agent_id: int | None,
) -> HandoffResult:
    """Hand these messages to ``service`` now, in a transaction of its own."""
    with sessions.begin() as session:
        return hand_off(
            session,
            session.get_one(Account, account_id),
            message_ids,
            service,
            note=note,
            tell_person=tell_person,
            agent_id=agent_id,
            now=utc_now(),
        )
