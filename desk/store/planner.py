"""Fresh planner statistics after mail arrives in bulk, so the team's queries keep their plans.

PostgreSQL plans each query from table statistics that autovacuum refreshes
in the background, a minute or more after a change. Right after a first sync
or a morning's thousands of messages, the statistics still describe a nearly
empty store: measured in the team load run (6,000 demo messages), "next for
me" then hashed every open message for each call (6.5 ms a call on a quiet
server, 59 ms on average under 80 agents) instead of following the indexes
from the candidate clusters (0.5 ms). So whoever stores many messages at once
refreshes the statistics of the tables the queue reads before the agents
start on them. SQLite plans without such statistics; nothing to do there.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

ANALYZE_MIN = 50  # fewer new messages than this never make the statistics stale
ANALYZE_SHARE = 0.1  # ... nor fewer than this share of what the planner believes is there
# The tables the queue, "next for me" and the send-time check read.
QUEUE_TABLES = ("message", "cluster", "cluster_member", "message_features", "claim")
_BELIEVED = text("SELECT reltuples FROM pg_class WHERE oid = 'message'::regclass")


def refresh_statistics(session: Session, new_messages: int) -> bool:
    """``ANALYZE`` the queue's tables on PostgreSQL if ``new_messages`` made them stale.

    Stale, as autovacuum judges it (50 rows and 10 % of the table) but at
    once: the new messages are at least :data:`ANALYZE_SHARE` of what the
    planner believes the store holds, or it was never analysed. A role that
    does not own the tables (an agent's window covering for the service) gets
    a warning from the server and no error: the service or autovacuum will do
    it. Whether it ran.
    """
    if new_messages < ANALYZE_MIN or session.get_bind().dialect.name != "postgresql":
        return False
    believed = float(session.execute(_BELIEVED).scalar_one())
    if believed >= 0 and new_messages < ANALYZE_SHARE * believed:
        return False
    session.execute(text("ANALYZE " + ", ".join(QUEUE_TABLES)))
    log.info("planner statistics refreshed after %d new messages", new_messages)
    return True
