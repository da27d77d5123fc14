"""Full-text search for the window: the message ids matching what the agent typed."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from desk.store.search import search_messages

__all__ = ["find_messages", "search_messages"]


def find_messages(sessions: sessionmaker[Session], query: str) -> list[int]:
    """Ids of the messages matching ``query`` (sender, subject, text), best first."""
    with sessions() as session:
        return search_messages(session, query)
