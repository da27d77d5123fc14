"""The priority queue on SQLite and PostgreSQL: order, explanations, weights, exclusions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from desk.demo.generator import generate_mailbox
from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.queue.priority import (
    CATEGORIES,
    CategoryMatch,
    QueueItem,
    QueueWeights,
    build_queue,
    detect_categories,
    non_requests,
    score_parts,
    total,
)
from desk.store.database import Store
from desk.store.models import Cluster, ClusterMember, Folder, FolderKind, Message, MessageStatus

NOW = datetime(2020, 3, 20, 12, 0, tzinfo=UTC)


@dataclass
class Mail:
    """A message to store: its age, sender, words and status."""

    hours_ago: float
    sender: str = ""
    subject: str = "Question"
    text: str = "Bonjour, je voudrais une information."
    status: MessageStatus = MessageStatus.OPEN


@dataclass
class Group:
    """A cluster to store, or lone messages when ``cluster`` is False."""

    mails: list[Mail]
    cluster: bool = True
    category: str | None = None
    representative: int | None = None  # index into ``mails``
    ids: list[int] = field(default_factory=list)
    cluster_id: int | None = None


def _fill(store: Store, groups: Sequence[Group]) -> None:
    """Write the groups; each gets its message ids and cluster id back."""
    with store.sessions.begin() as session:
        folder = Folder(kind=FolderKind.MAILDIR, name="inbox", locator="maildir:inbox")
        session.add(folder)
        serial = 0
        for group in groups:
            messages = []
            for mail in group.mails:
                serial += 1
                messages.append(
                    Message(
                        folder=folder,
                        source_key=f"k{serial}",
                        message_id=f"<{serial}@x>",
                        date=NOW - timedelta(hours=mail.hours_ago),
                        size=1,
                        subject=mail.subject,
                        text=mail.text,
                        from_addr=mail.sender or f"anon{serial}@example.org",
                        sender=mail.sender,
                        status=mail.status,
                    )
                )
            session.add_all(messages)
            session.flush()
            group.ids = [m.id for m in messages]
            if group.cluster:
                rep = None if group.representative is None else group.ids[group.representative]
                cluster = Cluster(category=group.category, representative_id=rep)
                session.add(cluster)
                session.flush()
                session.add_all(
                    ClusterMember(message_id=i, cluster_id=cluster.id) for i in group.ids
                )
                group.cluster_id = cluster.id


def _queue(store: Store, weights: QueueWeights | None = None) -> list[QueueItem]:
    with store.sessions() as session:
        return build_queue(session, NOW, weights)


def _order(items: list[QueueItem], *groups: Group) -> list[int]:
    """The positions of these clusters in the queue, in the order given."""
    where = {item.cluster_id: position for position, item in enumerate(items)}
    return [where[g.cluster_id] for g in groups]


def _part(item: QueueItem, name: str) -> float:
    return next(p.points for p in item.breakdown if p.name == name)


# ------------------------------------------------------------------ empty, exclusions


def test_an_empty_store_gives_an_empty_queue(store: Store) -> None:
    assert _queue(store) == []
    with store.sessions() as session:
        assert non_requests(session) == []


def test_non_requests_stay_out_of_the_queue_and_are_listed_newest_first(store: Store) -> None:
    auto = MessageStatus.NON_REQUEST
    mixed = Group([Mail(5), Mail(30, subject="Réponse automatique", status=auto), Mail(3)])
    only_noise = Group([Mail(10, subject="Undeliverable", status=auto)])
    lone_noise = Group([Mail(1, subject="Gagnez un iPhone", status=auto)], cluster=False)
    _fill(store, [mixed, only_noise, lone_noise])
    items = _queue(store)
    assert [(i.cluster_id, i.open_count) for i in items] == [(mixed.cluster_id, 2)]
    assert items[0].oldest == NOW - timedelta(hours=5)  # the 30-hour-old auto-reply is not counted
    with store.sessions() as session:
        listed = non_requests(session)
        kept = session.scalar(select(func.count(Message.id)))
    assert [n.id for n in listed] == [lone_noise.ids[0], only_noise.ids[0], mixed.ids[1]]
    assert [n.subject for n in listed] == [
        "Gagnez un iPhone",
        "Undeliverable",
        "Réponse automatique",
    ]
    assert listed[0].date == NOW - timedelta(hours=1)
    assert listed[0].from_addr.endswith("@example.org")
    assert kept == 5  # listed apart, never deleted


def test_answered_and_closed_messages_do_not_count(store: Store) -> None:
    done = [Mail(40, status=MessageStatus.ANSWERED), Mail(39, status=MessageStatus.CLOSED)]
    partly = Group([*done, Mail(2)])
    finished = Group([Mail(45, status=MessageStatus.ANSWERED)])
    lone_answered = Group([Mail(47, status=MessageStatus.ANSWERED)], cluster=False)
    _fill(store, [partly, finished, lone_answered])
    items = _queue(store)
    assert [i.cluster_id for i in items] == [partly.cluster_id]
    assert items[0].open_count == 1
    assert items[0].oldest == NOW - timedelta(hours=2)
    assert items[0].time_left == timedelta(hours=46)


def test_messages_with_an_answer_on_its_way_leave_the_queue(store: Store) -> None:
    """Queued (in the undo window), being sent, or in doubt (it may have left): nobody else
    should start on them."""
    from desk.store.models import Reply, ReplyMessage, ReplyState

    cluster = Group([Mail(5), Mail(4), Mail(3), Mail(1)])
    lone = Group([Mail(2)], cluster=False)
    _fill(store, [cluster, lone])
    with store.sessions.begin() as session:
        for n, (message_id, state) in enumerate(
            [
                (cluster.ids[0], ReplyState.QUEUED),
                (cluster.ids[1], ReplyState.FAILED),  # failed: still to answer
                (lone.ids[0], ReplyState.SENDING),
                (cluster.ids[3], ReplyState.IN_DOUBT),
            ]
        ):
            reply = Reply(
                message_id_header=f"<r{n}@x>", to_addr="a@x", subject="Re:", body_text="",
                state=state,
            )  # fmt: skip
            session.add(reply)
            session.flush()
            session.add(ReplyMessage(reply_id=reply.id, message_id=message_id))
    items = _queue(store)
    assert [i.cluster_id for i in items] == [cluster.cluster_id]
    assert items[0].open_count == 2
    assert items[0].oldest == NOW - timedelta(hours=4)


def test_unclustered_open_messages_are_items_of_one(store: Store) -> None:
    lone = Group([Mail(30), Mail(1)], cluster=False)
    cluster = Group([Mail(10), Mail(12)])
    _fill(store, [lone, cluster])
    items = _queue(store)
    singles = [i for i in items if i.cluster_id is None]
    assert sorted(i.message_id for i in singles) == sorted(lone.ids)  # type: ignore[type-var]
    assert all(i.open_count == 1 for i in singles)
    clustered = [i for i in items if i.cluster_id is not None]
    assert [(i.cluster_id, i.message_id, i.open_count) for i in clustered] == [
        (cluster.cluster_id, None, 2)
    ]
    # The 30-hour-old lone message leads: it is the closest to its deadline.
    assert items[0].message_id == lone.ids[0]


def test_every_open_demo_message_is_in_exactly_one_item(store: Store, tmp_path: Path) -> None:
    generated = generate_mailbox(tmp_path / "demo", size=200, seed=3)
    ingest_source(store.sessions, open_source(generated.mailbox), workers=0)
    with store.sessions.begin() as session:
        ids = list(session.scalars(select(Message.id).order_by(Message.id)))
        cluster = Cluster(label="demo")
        session.add(cluster)
        session.flush()
        session.add_all(ClusterMember(message_id=i, cluster_id=cluster.id) for i in ids[:50])
        now = session.scalar(select(func.max(Message.date)))
        assert now is not None
        opened = session.scalar(
            select(func.count(Message.id)).where(Message.status == MessageStatus.OPEN)
        )
    with store.sessions() as session:
        items = build_queue(session, now)
    assert sum(i.open_count for i in items) == opened
    assert len([i for i in items if i.cluster_id == cluster.id]) == 1
    scores = [i.score for i in items]
    assert scores == sorted(scores, reverse=True)


# ------------------------------------------------------------------ ordering and weights


def test_deadline_pressure_orders_and_its_weight_at_zero_removes_it(store: Store) -> None:
    near_deadline = Group([Mail(44)])
    big_and_fresh = Group([Mail(1) for _ in range(10)])
    _fill(store, [near_deadline, big_and_fresh])
    assert _order(_queue(store), near_deadline, big_and_fresh) == [0, 1]
    items = _queue(store, QueueWeights(deadline_weight=0))
    assert _order(items, big_and_fresh, near_deadline) == [0, 1]
    assert all(_part(i, "deadline") == 0 for i in items)


def test_cluster_size_orders_and_its_weight_at_zero_removes_it(store: Store) -> None:
    big = Group([Mail(10) for _ in range(50)])
    older_single = Group([Mail(20)])
    _fill(store, [big, older_single])
    assert _order(_queue(store), big, older_single) == [0, 1]
    items = _queue(store, QueueWeights(size_weight=0))
    assert _order(items, older_single, big) == [0, 1]
    assert all(_part(i, "size") == 0 for i in items)


def test_repeat_contacts_order_and_their_weight_at_zero_removes_them(store: Store) -> None:
    insistent = Group([Mail(6, sender="pat@example.org")])
    their_others = Group([Mail(3, sender="pat@example.org") for _ in range(3)])
    answered_too = Group([Mail(4, sender="pat@example.org", status=MessageStatus.ANSWERED)])
    first_timer = Group([Mail(8, sender="sam@example.org")])
    _fill(store, [insistent, their_others, answered_too, first_timer])
    items = _queue(store)
    by_cluster = {i.cluster_id: i for i in items}
    # Four open messages from pat in the store (the answered one does not count).
    assert by_cluster[insistent.cluster_id].sender_messages == 4
    assert by_cluster[first_timer.cluster_id].sender_messages == 1
    assert _part(by_cluster[insistent.cluster_id], "repeat") == pytest.approx(15.0)
    ahead, behind = _order(items, insistent, first_timer)
    assert ahead < behind
    items = _queue(store, QueueWeights(repeat_weight=0))
    ahead, behind = _order(items, first_timer, insistent)
    assert ahead < behind
    assert all(_part(i, "repeat") == 0 for i in items)


def test_messages_without_a_known_sender_are_not_repeat_contacts(store: Store) -> None:
    anonymous = Group([Mail(5), Mail(5), Mail(5)], cluster=False)
    _fill(store, [anonymous])
    assert [i.sender_messages for i in _queue(store)] == [1, 1, 1]


@pytest.mark.parametrize(
    ("category", "subject", "text"),
    [
        ("complaint", "Réclamation", "C'est INADMISSIBLE, je veux déposer une plainte."),
        ("accessibility", "Aménagement", "Mon fils est dyslexique, dossier MDPH en cours."),
        ("exam", "Date d’examen", "Quand a lieu l'épreuve du brevet ?"),
        ("payment", "Prélèvement", "Je demande le remboursement de la facture."),
        ("urgent", "URGENT", "Merci de me répondre au plus vite."),
    ],
)
def test_each_category_orders_and_its_weight_at_zero_removes_it(
    store: Store, category: str, subject: str, text: str
) -> None:
    flagged = Group([Mail(5, subject=subject, text=text)])
    older_plain = Group([Mail(15)])
    _fill(store, [flagged, older_plain])
    items = _queue(store)
    assert _order(items, flagged, older_plain) == [0, 1]
    assert [c.name for c in items[0].categories] == [category]
    assert len(items[0].categories[0].words) >= 2  # the explanation shows what was found
    items = _queue(store, QueueWeights.from_mapping({f"{category}_weight": 0}))
    assert _order(items, older_plain, flagged) == [0, 1]
    assert _part(items[1], category) == 0


def test_with_every_weight_at_zero_the_oldest_comes_first(store: Store) -> None:
    groups = [
        Group([Mail(3, subject="URGENT réclamation")]),
        Group([Mail(30) for _ in range(20)]),
        Group([Mail(7)], cluster=False),
        Group([Mail(50)]),
    ]
    _fill(store, groups)
    zero = {f"{name}_weight": 0 for name in ("deadline", "size", "repeat", *CATEGORIES)}
    items = _queue(store, QueueWeights.from_mapping(zero))
    assert all(i.score == 0 for i in items)
    assert [i.oldest for i in items] == sorted(i.oldest for i in items)
    assert items[0].cluster_id == groups[3].cluster_id


def test_overdue_clusters_lead_on_deadline_pressure(store: Store) -> None:
    overdue = Group([Mail(60)])
    almost = Group([Mail(47.5)])
    _fill(store, [overdue, almost])
    items = _queue(store)
    assert _order(items, overdue, almost) == [0, 1]
    late = items[0]
    assert late.overdue
    assert late.deadline == NOW - timedelta(hours=12)
    assert late.time_left == timedelta(hours=-12)
    assert _part(late, "deadline") == pytest.approx(40 * 60 / 48)
    assert _part(late, "deadline") > _part(items[1], "deadline")
    assert "overdue by 12.0 h" in late.explain()
    assert not items[1].overdue
    # A longer promise: nothing is overdue any more.
    relaxed = _queue(store, QueueWeights(deadline_hours=72))
    assert not any(i.overdue for i in relaxed)
    assert relaxed[0].time_left == timedelta(hours=12)


# ------------------------------------------------------------------ categories


def test_the_cluster_category_column_wins_over_the_words(store: Store) -> None:
    complaint_words = Mail(2, subject="Réclamation", text="Scandaleux")
    labelled = Group([complaint_words], category="paiement")
    unweighed = Group([Mail(2, subject="Réclamation", text="Scandaleux")], category="inscription")
    _fill(store, [labelled, unweighed])
    by_cluster = {i.cluster_id: i for i in _queue(store)}
    assert by_cluster[labelled.cluster_id].categories == (CategoryMatch("payment", ("paiement",)),)
    assert by_cluster[unweighed.cluster_id].categories == ()
    assert [p.name for p in by_cluster[unweighed.cluster_id].breakdown][-1] == "category"


def test_words_come_from_the_representative_else_the_oldest_open_message(store: Store) -> None:
    urgent = Mail(1, subject="Urgent")
    plain_old = Mail(9)
    answered_older = Mail(20, subject="Remboursement", status=MessageStatus.ANSWERED)
    with_rep = Group([plain_old, urgent], representative=1)
    without_rep = Group([answered_older, Mail(3, subject="Facture"), Mail(2, subject="Urgent")])
    _fill(store, [with_rep, without_rep])
    by_cluster = {i.cluster_id: i for i in _queue(store)}
    assert [c.name for c in by_cluster[with_rep.cluster_id].categories] == ["urgent"]
    assert [c.name for c in by_cluster[without_rep.cluster_id].categories] == ["payment"]


def test_quoted_history_does_not_raise_a_category(store: Store) -> None:
    follow_up = (
        "Merci pour votre réponse.\n\nLe 12 mars 2020, Service <s@x.fr> a écrit :\n"
        "> Votre réclamation concernant le remboursement est enregistrée."
    )
    _fill(store, [Group([Mail(2, subject="Re: dossier", text=follow_up)], cluster=False)])
    assert _queue(store)[0].categories == ()


def test_detection_folds_case_and_accents_and_matches_whole_words() -> None:
    found = detect_categories("RÉCLAMATIONS : épreuves du BAC, handicapée ; A.S.A.P. asap")
    assert found == (
        CategoryMatch("complaint", ("reclamation",)),
        CategoryMatch("accessibility", ("handicapee",)),
        CategoryMatch("exam", ("epreuve", "bac")),
        CategoryMatch("urgent", ("asap",)),
    )
    assert detect_categories("une bactérie, un abacus, examinateur, paiements") == (
        CategoryMatch("payment", ("paiement",)),
    )
    assert detect_categories("Date d’examen ?") == (CategoryMatch("exam", ("date d'examen",)),)
    assert detect_categories("") == ()


# ------------------------------------------------------------------ explanations


def test_breakdown_sums_to_the_score_and_explain_names_every_part(store: Store) -> None:
    groups = [
        Group([Mail(30, sender="a@x.org", subject="Plainte urgente"), Mail(2, sender="a@x.org")]),
        Group([Mail(50) for _ in range(120)], category="exam"),
        Group([Mail(1)], cluster=False),
    ]
    _fill(store, groups)
    items = _queue(store)
    assert len(items) == 3
    for item in items:
        assert item.score == pytest.approx(sum(p.points for p in item.breakdown))
        assert item.score == total(item.breakdown)
        names = [p.name for p in item.breakdown]
        assert names[:3] == ["deadline", "size", "repeat"]
        text = item.explain()
        assert f"score {item.score:.1f}" in text
        for part in item.breakdown:
            assert f"{part.name}: " in text
            assert f"{part.points:.1f} pts" in text
    first = next(i for i in items if i.cluster_id == groups[0].cluster_id)
    assert [(c.name, c.words) for c in first.categories] == [
        ("complaint", ("plainte",)),
        ("urgent", ("urgente",)),
    ]
    assert "complaint: plainte" in first.explain()
    assert "2 open messages from one sender" in first.explain()
    big = next(i for i in items if i.cluster_id == groups[1].cluster_id)
    assert "120 open messages" in big.explain()
    assert _part(big, "size") == pytest.approx(25 * math.log10(120) / 2)
    lone = next(i for i in items if i.cluster_id is None)
    assert lone.explain().startswith(f"message {lone.message_id}: score")
    assert "category: none" in lone.explain()


# ------------------------------------------------------------------ weights


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"size_weight": -1}, r"queue\.size_weight must be 0 or more"),
        ({"urgent_weight": math.nan}, r"queue\.urgent_weight must be a finite number"),
        ({"deadline_weight": math.inf}, r"queue\.deadline_weight must be a finite number"),
        ({"exam_weight": "high"}, r"queue\.exam_weight must be a number, not 'high'"),
        ({"repeat_weight": True}, r"queue\.repeat_weight must be a number"),
        ({"deadline_hours": 0}, r"queue\.deadline_hours must be more than 0 hours, not 0"),
        ({"deadline_hours": -48}, r"queue\.deadline_hours must be more than 0 hours"),
        ({"size": 3}, r"unknown queue setting 'size'; known: accessibility_weight, "),
    ],
)
def test_bad_weights_are_refused_with_a_clear_message(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        QueueWeights.from_mapping(values)


def test_bad_weights_are_refused_by_the_constructor_too() -> None:
    with pytest.raises(ValueError, match="payment_weight must be 0 or more"):
        QueueWeights(payment_weight=-0.5)
    with pytest.raises(ValueError, match="deadline_hours must be more than 0"):
        QueueWeights(deadline_hours=0)


# ------------------------------------------------------------------ monotonicity

_weight = st.floats(min_value=0, max_value=1000, allow_nan=False)
_weights = st.builds(
    QueueWeights,
    deadline_weight=_weight,
    size_weight=_weight,
    repeat_weight=_weight,
    complaint_weight=_weight,
    accessibility_weight=_weight,
    exam_weight=_weight,
    payment_weight=_weight,
    urgent_weight=_weight,
    deadline_hours=st.floats(min_value=1, max_value=720),
)
_hours = st.floats(min_value=-2000, max_value=2000, allow_nan=False)
_counts = st.integers(min_value=1, max_value=100_000)
_categories = st.lists(st.sampled_from(CATEGORIES), unique=True).map(
    lambda names: tuple(CategoryMatch(n, (n,)) for n in sorted(names, key=CATEGORIES.index))
)


def _score(
    hours_left: float, size: int, sender: int, cats: tuple[CategoryMatch, ...], w: QueueWeights
) -> float:
    return total(score_parts(timedelta(hours=hours_left), size, sender, cats, w))


@given(_weights, _hours, _hours, _counts, _counts, _categories)
def test_less_time_left_never_lowers_the_score(
    weights: QueueWeights,
    a: float,
    b: float,
    size: int,
    sender: int,
    cats: tuple[CategoryMatch, ...],
) -> None:
    less, more = sorted((a, b))
    assert _score(less, size, sender, cats, weights) >= _score(more, size, sender, cats, weights)


@given(_weights, _hours, _counts, _counts, _counts, _categories)
def test_a_bigger_cluster_or_a_more_insistent_sender_never_lowers_the_score(
    weights: QueueWeights,
    hours: float,
    a: int,
    b: int,
    sender: int,
    cats: tuple[CategoryMatch, ...],
) -> None:
    small, big = sorted((a, b))
    assert _score(hours, big, sender, cats, weights) >= _score(hours, small, sender, cats, weights)
    assert _score(hours, sender, big, cats, weights) >= _score(hours, sender, small, cats, weights)


@given(_weights, st.floats(min_value=0, max_value=2000), st.floats(min_value=1e-3, max_value=2000))
def test_overdue_always_leads_on_deadline_pressure(
    weights: QueueWeights, on_time: float, overdue: float
) -> None:
    def deadline_points(hours_left: float) -> float:
        return score_parts(timedelta(hours=hours_left), 1, 1, (), weights)[0].points

    assert deadline_points(-overdue) >= deadline_points(on_time)
    assert deadline_points(0) == pytest.approx(weights.deadline_weight)


@given(_weights, _hours, _counts, _counts, _categories)
def test_the_score_is_the_sum_of_its_parts_and_never_negative(
    weights: QueueWeights, hours: float, size: int, sender: int, cats: tuple[CategoryMatch, ...]
) -> None:
    parts = score_parts(timedelta(hours=hours), size, sender, cats, weights)
    assert all(p.points >= 0 for p in parts)
    deadline, size_part, repeat, *_ = parts
    assert deadline.points <= 2 * weights.deadline_weight + 1e-9
    assert size_part.points <= 2 * weights.size_weight + 1e-9
    assert repeat.points <= 2 * weights.repeat_weight + 1e-9
    assert total(parts) == pytest.approx(sum(p.points for p in parts))
    assert {p.name for p in parts} >= {"deadline", "size", "repeat"}
