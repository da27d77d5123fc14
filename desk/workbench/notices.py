"""The window's side of what Desk sends by itself: acknowledgements, status updates, services.

Read and written on a worker for the team lead's dialog
(:mod:`desk.ui.notices_dialog`); in a team PostgreSQL lets only leads write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from desk.core.clock import utc_now
from desk.replies.acks import (
    DEFAULT_TEXTS,
    DEFAULT_UPDATE_TEXTS,
    UPDATE_PREFIX,
    AckSettings,
    read_ack_settings,
    write_ack_settings,
)
from desk.replies.handoffs import Service, read_services, write_services
from desk.team.guard import lead_only
from desk.team.identity import connected_login

__all__ = [
    "DEFAULT_TEXTS",
    "DEFAULT_UPDATE_TEXTS",
    "UPDATE_PREFIX",
    "AckSettings",
    "NoticeSettings",
    "Service",
    "read_notice_settings",
    "save_notice_settings",
]


@dataclass(frozen=True)
class NoticeSettings:
    """A mailbox's acknowledgements and the team's services, as the dialog edits them."""

    acks: AckSettings
    services: tuple[Service, ...]


def read_notice_settings(sessions: sessionmaker[Session], account_name: str) -> NoticeSettings:
    """What is saved now."""
    with sessions() as session:
        return NoticeSettings(
            read_ack_settings(session, account_name), tuple(read_services(session))
        )


def save_notice_settings(
    sessions: sessionmaker[Session],
    account_name: str,
    acks: AckSettings,
    services: Sequence[Service],
    by: str,
) -> None:
    """Save both at once; a login that may not (an agent in a team) is told so, nothing saved."""
    with sessions.begin() as session:
        login = connected_login(session) or by
        with lead_only(login, "change the acknowledgements"):
            write_ack_settings(session, account_name, acks, login, utc_now())
            write_services(session, services, login, utc_now())
            session.flush()
