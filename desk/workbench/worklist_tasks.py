"""The window's worklist work, one call per task: each opens its own session from the factory.

The window runs these on its task runner's workers. They take plain values
(the session factory, ids, rows, weights) and return plain values, so no
worker ever reads or writes the window: the window keeps its state on the
GUI thread and hands each call what it needs when it submits it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy.orm import Session, sessionmaker

from desk.queue.locks import database_now
from desk.queue.priority import QueueWeights
from desk.queue.team_weights import team_weights
from desk.workbench.answering import claim_for_answer, release_claims
from desk.workbench.dispatch import TakenCluster, take_next
from desk.workbench.worklist import (
    MessageRow,
    QueueRow,
    holders_by_row,
    load_queue,
    load_senders,
    message_rows,
    representative_text,
    row_members,
)

Sessions = sessionmaker[Session]


@dataclass(frozen=True, slots=True)
class Worklists:
    """The queue and the sender list, as loaded at ``now`` (what the waits are counted from)."""

    queue: list[QueueRow]
    senders: list[QueueRow]
    now: datetime


class OpenedRow(NamedTuple):
    """A queue row opened: its messages, those this agent now holds, its representative text."""

    ids: list[int]
    claimed: list[int]
    representative: str | None


def load_worklists(
    sessions: Sessions,
    now: datetime,
    agent_id: int | None,
    weights: QueueWeights,
    *,
    with_senders: bool = True,
) -> Worklists:
    """The queue by priority (a team's own weights win over ``weights``) and the sender list.

    ``with_senders=False`` leaves the sender list empty: the window loads the
    queue first (what the agent sees at once) and the senders next
    (:func:`load_sender_rows`), so a big mailbox shows its queue sooner.
    """
    with sessions() as session:
        chosen = team_weights(session) or weights  # a team works one order
        return Worklists(
            load_queue(session, now, chosen, agent_id),
            load_senders(session, datetime.now(UTC), agent_id) if with_senders else [],
            now,
        )


def load_sender_rows(sessions: Sessions, agent_id: int | None) -> list[QueueRow]:
    """People with several open messages (the "By sender" list), loaded after the queue."""
    with sessions() as session:
        return load_senders(session, datetime.now(UTC), agent_id)


def open_row(sessions: Sessions, row: QueueRow, agent_id: int | None) -> OpenedRow:
    """The row's messages, claiming for the agent those nobody else holds (none without one)."""
    with sessions.begin() as session:
        ids = row_members(session, row)
        claimed: list[int] = []
        if agent_id is not None:
            result = claim_for_answer(session, agent_id, ids, database_now(session))
            claimed = sorted(result.claimed)
        return OpenedRow(ids, claimed, representative_text(session, row.cluster_id))


def claim_again(sessions: Sessions, agent_id: int, ids: Sequence[int]) -> list[int]:
    """Claim the shown messages again (given back while the agent looked): those now held."""
    with sessions.begin() as session:
        result = claim_for_answer(session, agent_id, ids, database_now(session))
        return sorted(result.claimed)


def give_back(sessions: Sessions, agent_id: int, ids: Sequence[int]) -> int:
    """Release what the agent opened and left without answering; how many claims ended."""
    with sessions.begin() as session:
        return release_claims(session, agent_id, ids)


def fetch_message_rows(
    sessions: Sessions, agent_id: int | None, ids: Sequence[int]
) -> list[MessageRow]:
    """One page of a message list: the lines of these messages, others' claims named."""
    with sessions() as session:
        return message_rows(session, ids, datetime.now(UTC), agent_id)


def live_holders(
    sessions: Sessions, rows: Sequence[QueueRow], agent_id: int
) -> dict[str, tuple[str, int]]:
    """Row key → (another agent holding some of it, how many), as the database sees it now."""
    with sessions() as session:
        return holders_by_row(session, rows, agent_id, database_now(session))


def take_next_cluster(
    sessions: Sessions, agent_id: int, ranked: Sequence[int], leaving: Sequence[int]
) -> TakenCluster | None:
    """Give back ``leaving``, then claim the most urgent cluster of ``ranked`` nobody holds."""
    with sessions.begin() as session:
        return take_next(session, agent_id, ranked, database_now(session), leaving=leaving)
