"""The agent's decisions on replies in doubt, and the list of replies whose last attempt failed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from desk.core.clock import utc_now
from desk.store.database import Store
from desk.store.models import Reply, ReplyState
from desk.workbench.answering import outbox_counts
from desk.workbench.in_doubt import failed_replies, mark_went, replies_in_doubt, send_again

NOW = utc_now()


def _add(store: Store, rows: list[tuple[ReplyState, str | None]]) -> list[int]:
    with store.sessions.begin() as session:
        replies = [
            Reply(
                message_id_header=f"<w{n}@desk.test>",
                to_addr=f"p{n}@example.org",
                subject=f"Re: {n}",
                body_text="b",
                state=state,
                attempts=1,
                last_error=error,
                last_error_at=NOW if error else None,
                attempted_at=NOW - timedelta(hours=n) if state is ReplyState.IN_DOUBT else None,
                lease_owner="gone:1:x",
            )
            for n, (state, error) in enumerate(rows, start=1)
        ]
        session.add_all(replies)
        session.flush()
        return [reply.id for reply in replies]


def test_the_two_decisions_change_only_replies_in_doubt(store: Store) -> None:
    doubt_a, doubt_b, sent, queued = _add(
        store,
        [
            (ReplyState.IN_DOUBT, "may have left"),
            (ReplyState.IN_DOUBT, "may have left"),
            (ReplyState.SENT, None),
            (ReplyState.QUEUED, None),
        ],
    )
    with store.sessions.begin() as session:
        assert [r.reply_id for r in replies_in_doubt(session)] == [doubt_a, doubt_b]
        counts = outbox_counts(session)
        assert (counts.in_doubt, counts.waiting) == (2, 1)
        assert send_again(session, [doubt_a, sent, queued]) == 1
        assert mark_went(session, [doubt_b, sent, queued], NOW) == 1
        assert send_again(session, [doubt_b]) == 0 and mark_went(session, [doubt_a], NOW) == 0
    with store.sessions.begin() as session:
        again, went, *_ = session.scalars(select(Reply).order_by(Reply.id)).all()
        assert again.state is ReplyState.QUEUED
        assert (again.last_error, again.lease_owner, again.not_before) == (None, None, None)
        assert went.state is ReplyState.SENT and went.last_error is None
        assert went.sent_at == went.attempted_at  # counted when it was handed over
        assert went.filed_at is None  # the outbox's next run files its Sent copy
        assert outbox_counts(session).in_doubt == 0
        assert replies_in_doubt(session) == []


def test_failed_replies_are_those_whose_last_attempt_failed_with_why(store: Store) -> None:
    refused, retrying, _sent, _queued, _doubt = _add(
        store,
        [
            (ReplyState.FAILED, "550 no such user"),
            (ReplyState.QUEUED, "sending failed: the SMTP server refused the login"),
            (ReplyState.SENT, None),
            (ReplyState.QUEUED, None),
            (ReplyState.IN_DOUBT, "may have left"),
        ],
    )
    with store.sessions.begin() as session:
        failed = failed_replies(session)
    assert [(f.reply_id, f.state, f.reason) for f in failed] == [
        (refused, ReplyState.FAILED, "550 no such user"),
        (retrying, ReplyState.QUEUED, "sending failed: the SMTP server refused the login"),
    ]
    assert all(f.when == NOW for f in failed)
