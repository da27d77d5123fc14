"""What the 0008 triggers send, as the change listener hands it out, on a real PostgreSQL.

Every write goes through Desk's own code where there is some (claims, clusters,
templates), plain SQL otherwise; ``changes_after`` gives exactly what it sent.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from desk.cluster.service import ClusterService
from desk.mail.queueing import cancel_replies
from desk.queue.claims import DEFAULT_LEASE, claim_messages, release
from desk.replies.templates import create_template, delete_template, update_template
from desk.store.database import Store
from desk.store.models import (
    Cluster,
    ClusterMember,
    Message,
    MessageStatus,
    Presence,
    Reply,
    ReplyState,
    SyncLeader,
    TeamSetting,
)
from desk.store.notify import Change, ChangeListener
from tests.support.changes import (
    NOW,
    SAFETY_S,
    SENTINEL,
    add_messages,
    changes_after,
    in_connection,
    in_session,
    send_sentinel,
)

pytestmark = pytest.mark.postgres

# ---------------------------------------------------------------------- every kind


def test_claims_taken_renewed_and_released(team_store: Store, listener: ChangeListener) -> None:
    ids: list[int] = []
    setup = changes_after(team_store, listener, lambda: ids.extend(add_messages(team_store, 3)))
    assert setup == {"mail": frozenset(ids)}
    take = in_session(team_store, lambda s: claim_messages(s, 1, ids[:2], NOW))
    assert changes_after(team_store, listener, take) == {"claims": frozenset(ids[:2])}
    renew = in_session(team_store, lambda s: claim_messages(s, 1, ids[:1], NOW))
    assert changes_after(team_store, listener, renew) == {}  # the holder did not change
    refused = in_session(team_store, lambda s: claim_messages(s, 2, ids[:2], NOW))
    assert changes_after(team_store, listener, refused) == {}
    lapsed = NOW + DEFAULT_LEASE + timedelta(seconds=1)
    takeover = in_session(team_store, lambda s: claim_messages(s, 2, ids[:1], lapsed))
    assert changes_after(team_store, listener, takeover) == {"claims": frozenset(ids[:1])}
    give_back = in_session(team_store, lambda s: release(s, 1))
    assert changes_after(team_store, listener, give_back) == {"claims": frozenset(ids[1:2])}


def test_new_mail_and_status_changes(team_store: Store, listener: ChangeListener) -> None:
    ids: list[int] = []
    assert changes_after(team_store, listener, lambda: ids.extend(add_messages(team_store, 3))) == {
        "mail": frozenset(ids)
    }
    answered = in_connection(
        team_store, "UPDATE message SET status = 'answered' WHERE id = :id", id=ids[0]
    )
    assert changes_after(team_store, listener, answered) == {"messages": frozenset(ids[:1])}
    flags_only = in_connection(team_store, """UPDATE message SET flags = '["\\\\Seen"]'""")
    assert changes_after(team_store, listener, flags_only) == {}


def test_outbox_insert_state_change_and_cancel(team_store: Store, listener: ChangeListener) -> None:
    def queue(session: Session, n: int) -> int:
        reply = Reply(
            message_id_header=f"<r{n}@x.fr>", account_id=1, agent_id=1, to_addr="a@x.fr",
            subject="Re: x", body_text="Bonjour", state=ReplyState.QUEUED,
        )  # fmt: skip
        session.add(reply)
        session.flush()
        return reply.id

    ids: list[int] = []
    both = in_session(team_store, lambda s: ids.extend([queue(s, 1), queue(s, 2)]))
    assert changes_after(team_store, listener, both) == {"outbox": frozenset(ids)}
    leased = in_connection(
        team_store, "UPDATE reply SET lease_owner = 'me', lease_until = now() WHERE id = :id",
        id=ids[0],
    )  # fmt: skip
    assert changes_after(team_store, listener, leased) == {}
    sending = in_session(
        team_store,
        lambda s: s.execute(
            update(Reply).where(Reply.id == ids[0]).values(state=ReplyState.SENDING)
        ),
    )
    assert changes_after(team_store, listener, sending) == {"outbox": frozenset(ids[:1])}
    # The undo button deletes a queued reply: the other windows must learn it too.
    undo = in_session(team_store, lambda s: cancel_replies(s, ids))
    assert changes_after(team_store, listener, undo) == {"outbox": frozenset(ids[1:])}


def test_cluster_members_moved_and_clusters_merged(
    team_store: Store, listener: ChangeListener
) -> None:
    ids = add_messages(team_store, 4)

    def two_clusters(session: Session) -> list[int]:
        clusters = [Cluster(label="a"), Cluster(label="b")]
        session.add_all(clusters)
        session.flush()
        session.add_all(
            ClusterMember(message_id=m, cluster_id=clusters[i // 2].id) for i, m in enumerate(ids)
        )
        return [c.id for c in clusters]

    first, second = in_session(team_store, two_clusters)()  # type: ignore[misc]
    assert changes_after(team_store, listener, lambda: None) == {
        "mail": frozenset(ids),
        "clusters": frozenset({first, second}),
    }
    service = ClusterService(team_store.sessions)
    moved_to: list[int] = []
    moved = changes_after(team_store, listener, lambda: moved_to.append(service.move_out(ids[0])))
    assert moved == {"clusters": frozenset({first, moved_to[0]})}
    merged = changes_after(team_store, listener, lambda: service.merge(second, first))
    assert merged == {"clusters": frozenset({first, second})}
    unmerge = in_connection(
        team_store, "UPDATE cluster SET merged_into_id = NULL WHERE id = :id", id=second
    )
    assert changes_after(team_store, listener, unmerge) == {"clusters": frozenset({first, second})}
    leave = in_connection(team_store, "DELETE FROM cluster_member WHERE message_id = :m", m=ids[1])
    assert changes_after(team_store, listener, leave) == {"clusters": frozenset({first})}


def test_presence_of_agents_and_of_the_service(team_store: Store, listener: ChangeListener) -> None:
    arrive = in_session(
        team_store,
        lambda s: s.add_all(
            [
                Presence(id="w1", agent_id=2, login="bruno", kind="window", host="pc"),
                Presence(id="svc", agent_id=None, login="desk", kind="service", host="srv"),
            ]
        ),
    )
    assert changes_after(team_store, listener, arrive) == {"presence": frozenset({2, 0})}
    heartbeat = in_connection(team_store, "UPDATE presence SET heartbeat_at = now()")
    assert changes_after(team_store, listener, heartbeat) == {}
    leave = in_connection(team_store, "DELETE FROM presence WHERE id = 'w1'")
    assert changes_after(team_store, listener, leave) == {"presence": frozenset({2})}


def test_sync_leader_upserted_and_gone(team_store: Store, listener: ChangeListener) -> None:
    def upsert(session: Session) -> None:
        row = {"account_id": 1, "holder": "service", "kind": "service", "host": "srv"}
        statement = pg_insert(SyncLeader).values(**row, since=NOW, heartbeat_at=datetime.now(UTC))
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[SyncLeader.account_id],
                set_={"heartbeat_at": statement.excluded.heartbeat_at},
            )
        )

    assert changes_after(team_store, listener, in_session(team_store, upsert)) == {
        "sync": frozenset({1})
    }
    assert changes_after(team_store, listener, in_session(team_store, upsert)) == {
        "sync": frozenset({1})
    }
    gone = in_connection(team_store, "DELETE FROM sync_leader")
    assert changes_after(team_store, listener, gone) == {"sync": frozenset({1})}


def test_templates_and_team_settings(team_store: Store, listener: ChangeListener) -> None:
    made: list[int] = []
    create = in_session(team_store, lambda s: made.append(create_template(s, "Mot de passe", "x")))
    assert changes_after(team_store, listener, create) == {"templates": frozenset(made)}
    edit = in_session(team_store, lambda s: update_template(s, made[0], body_text="y"))
    assert changes_after(team_store, listener, edit) == {"templates": frozenset(made)}
    drop = in_session(team_store, lambda s: delete_template(s, made[0]))
    assert changes_after(team_store, listener, drop) == {"templates": frozenset(made)}
    weights = in_session(
        team_store,
        lambda s: s.add(TeamSetting(key="queue.weights", value={"age": 1}, updated_by="lead")),
    )
    assert changes_after(team_store, listener, weights) == {"settings": frozenset({0})}


# ---------------------------------------------------------------------- how many, when


def test_more_than_500_rows_say_reload_all(team_store: Store, listener: ChangeListener) -> None:
    five_hundred: list[int] = []
    grow = lambda: five_hundred.extend(add_messages(team_store, 500))  # noqa: E731
    assert changes_after(team_store, listener, grow) == {"mail": frozenset(five_hundred)}
    assert changes_after(team_store, listener, lambda: add_messages(team_store, 600)) == {
        "mail": None
    }
    close_all = in_connection(team_store, "UPDATE message SET status = 'closed'")
    assert changes_after(team_store, listener, close_all) == {"messages": None}


def test_a_rolled_back_transaction_sends_nothing(
    team_store: Store, listener: ChangeListener
) -> None:
    def rolled_back() -> None:
        with team_store.sessions() as session:
            create_template(session, "Jamais", "x")
            session.execute(update(Message).values(status=MessageStatus.CLOSED))
            session.rollback()

    add_messages(team_store, 2)
    assert changes_after(team_store, listener, lambda: None) != {}
    assert changes_after(team_store, listener, rolled_back) == {}


def test_changes_are_coalesced_by_kind(team_store: Store, listener: ChangeListener) -> None:
    ids = add_messages(team_store, 4)
    for message_id in ids[:3]:  # three transactions, three notifications
        in_session(team_store, lambda s, m=message_id: claim_messages(s, 1, [m], NOW))()
    in_connection(team_store, "UPDATE message SET status = 'closed' WHERE id = :id", id=ids[3])()
    in_connection(team_store, "UPDATE message SET status = 'closed'")()  # 4 rows, 1 changed
    number = send_sentinel(team_store)
    batches: list[list[Change]] = []
    deadline = time.monotonic() + SAFETY_S
    while not any(c.kind == SENTINEL and number in (c.ids or ()) for b in batches for c in b):
        assert time.monotonic() < deadline, f"the sentinel never came: {batches}"
        batches.append(listener.wait(1.0))
    for batch in batches:
        kinds = [change.kind for change in batch]
        assert len(kinds) == len(set(kinds)), f"one change per kind in a batch: {batch}"
    claims = [c.ids for b in batches for c in b if c.kind == "claims"]
    assert frozenset().union(*(ids or () for ids in claims)) == frozenset(ids[:3])
    statuses = [c.ids for b in batches for c in b if c.kind == "messages"]
    assert frozenset().union(*(ids or () for ids in statuses)) == frozenset(ids)
