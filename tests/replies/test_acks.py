"""Acknowledgements of receipt: who gets one (RFC 3834), once per person, with a time that holds."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from desk.cluster.service import ClusterService
from desk.mail.drafts import ReplyDraft
from desk.mail.ingest import ingest_source
from desk.mail.outbox import mark_sent
from desk.mail.queueing import queue_replies
from desk.mail.sources import open_source
from desk.replies.acks import (
    AckSettings,
    acknowledge_new_mail,
    auto_reply_refusal,
    expected_answer,
    guess_language,
    headers_of,
    read_ack_settings,
    when_phrase,
    write_ack_settings,
)
from desk.store.database import Store
from desk.store.models import (
    Account,
    Acknowledgement,
    Message,
    MessageStatus,
    Reply,
    ReplyKind,
    ReplyMessage,
)
from tests.support.accounts import add_account_row
from tests.support.mail import write_maildir
from tests.support.team import pg_store, pg_url

__all__ = ["pg_store", "pg_url"]  # fixtures, used by name

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)  # a Monday, 10:30 in Paris
_numbers = itertools.count(1)


def mail(
    sender: str = "parent@example.org",
    *,
    body: str = "Bonjour, mon fils n'arrive pas à se connecter à son compte. Merci de votre aide.",
    subject: str = "Mot de passe oublié",
    headers: str = "",
    when: datetime = NOW - timedelta(minutes=5),
    name: str = "Marie Dupont",
) -> bytes:
    n = next(_numbers)
    return (
        f"From: {name} <{sender}>\nTo: contact@example-edu.fr\nSubject: {subject}\n"
        f"Message-ID: <ack{n}@example.org>\nDate: {format_datetime(when)}\n{headers}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: 8bit\n\n{body}\n"
    ).encode()


def arrive(store: Store, tmp_path: Path, messages: list[bytes]) -> list[int]:
    """Ingest and cluster, as a sync does; the new messages' ids."""
    with store.sessions() as session:
        before = set(session.scalars(select(Message.id)))
    root = tmp_path / f"Maildir{next(_numbers)}"
    ingest_source(store.sessions, open_source(write_maildir(root, messages)), workers=0)
    with store.sessions() as session:
        new = sorted(set(session.scalars(select(Message.id))) - before)
    ClusterService(store.sessions, 85.0, workers=0).update()
    return new


def switch_on(store: Store, **changes: object) -> None:
    settings = AckSettings(enabled=True, **changes)  # type: ignore[arg-type]
    with store.sessions.begin() as session:
        write_ack_settings(session, "scolarite", settings, "lead", NOW)


def acks(store: Store) -> list[Reply]:
    with store.sessions() as session:
        return list(
            session.scalars(select(Reply).where(Reply.kind == ReplyKind.ACKNOWLEDGEMENT.value))
        )


def acknowledge(store: Store, ids: list[int], now: datetime = NOW) -> int:
    return len(
        acknowledge_new_mail(store.sessions, "scolarite", ids, promise_hours=48, now=now).queued
    )


# ---------------------------------------------------------------------------------- RFC 3834
@pytest.mark.parametrize(
    ("header", "refused"),
    [
        ("", False),
        ("Auto-Submitted: no\n", False),
        ("Auto-Submitted: auto-replied\n", True),
        ("Auto-Submitted: auto-generated; owner-email=x@y\n", True),
        ("Precedence: bulk\n", True),
        ("Precedence: list\n", True),
        ("Precedence: junk\n", True),
        ("List-Id: <parents.example.org>\n", True),
        ("List-Unsubscribe: <mailto:leave@example.org>\n", True),
        ("X-Auto-Response-Suppress: OOF, AutoReply\n", True),
        ("X-Auto-Response-Suppress: DR\n", False),
        ("Return-Path: <>\n", True),
        ("Return-Path: <parent@example.org>\n", False),
        ("X-Spam-Flag: YES\n", True),
    ],
)
def test_rfc_3834_says_what_may_not_be_answered_automatically(header: str, refused: bool) -> None:
    assert (auto_reply_refusal(headers_of(mail(headers=header))) is not None) is refused


# ---------------------------------------------------------------------------------- language
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, je n'arrive pas à me connecter. Merci", "fr"),
        ("Hello, I cannot log in to my account, can you help me please?", "en"),
        ("Salut j ai pa recu le code", "fr"),
        ("", "fr"),
    ],
)
def test_the_language_of_a_request_is_told_by_its_common_words(text: str, language: str) -> None:
    assert guess_language(text) == language


# ---------------------------------------------------------------------------------- when
@pytest.mark.parametrize(
    ("hours", "fr", "en"),
    [
        (1, "dans la matinée", "this morning"),
        (4, "dans l'après-midi", "this afternoon"),
        (9, "d'ici ce soir", "this evening"),
        (24, "demain matin", "by tomorrow morning"),
        (53, "mercredi après-midi", "by Wednesday afternoon"),
        (24 * 4 + 10, "vendredi soir", "by Friday evening"),
        (24 * 10, "d'ici le 17 décembre 2026", "by 17 December 2026"),
    ],
)
def test_the_expected_time_is_said_as_a_person_says_it(hours: int, fr: str, en: str) -> None:
    at = NOW + timedelta(hours=hours)
    assert when_phrase(at, NOW, PARIS, "fr") == fr
    assert when_phrase(at, NOW, PARIS, "en") == en


# ---------------------------------------------------------------------------------- settings
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"period_hours": 0}, "1 to 720"),
        ({"time_zone": "Mars/Olympus"}, "not a known time zone"),
        ({"texts": {"de": "Hallo"}}, "fr or en"),
        ({"texts": {"fr": "Bonjour {nom_inconnu}"}}, "unknown"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(changes: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        AckSettings(**changes)  # type: ignore[arg-type]


def test_settings_are_per_mailbox_and_off_until_turned_on(store: Store) -> None:
    with store.sessions.begin() as session:
        assert not read_ack_settings(session, "scolarite").enabled
        saved = AckSettings(enabled=True, period_hours=12, texts={"en:exam": "Exam {salutation}"})
        write_ack_settings(session, "scolarite", saved, "lead", NOW)
    with store.sessions() as session:
        assert read_ack_settings(session, "scolarite") == saved
        assert not read_ack_settings(session, "other mailbox").enabled


# ---------------------------------------------------------------------------------- expected
def test_the_expected_time_follows_the_backlog_and_the_days_pace(
    store: Store, tmp_path: Path
) -> None:
    account = add_account_row(store)
    ids = arrive(store, tmp_path, [mail(f"p{i}@example.org", name=f"P {i}") for i in range(6)])
    with store.sessions() as session:
        assert expected_answer(session, NOW, 48) == NOW + timedelta(hours=48)  # no pace yet
    with store.sessions.begin() as session:  # 2 answered in the last day; 4 left open
        result = queue_replies(
            session,
            account,
            [ReplyDraft((m,), f"p{i}@example.org", "", "ok") for i, m in enumerate(ids[:2])],
        )
        for reply_id in result.queued:
            mark_sent(session, reply_id, NOW - timedelta(hours=3))
    with store.sessions() as session:
        # 4 open requests at 2 a day (1/12 per hour): 48 hours.
        assert expected_answer(session, NOW, 48) == NOW + timedelta(hours=48)
        assert expected_answer(session, NOW, 10) == NOW + timedelta(hours=48)  # not the promise


# ---------------------------------------------------------------------------------- deciding
def test_a_new_request_gets_one_acknowledgement_that_answers_nothing(
    store: Store, tmp_path: Path
) -> None:
    add_account_row(store)
    switch_on(store)
    [message_id] = arrive(store, tmp_path, [mail()])
    assert acknowledge(store, [message_id]) == 1
    [ack] = acks(store)
    assert ack.to_addr == "parent@example.org"
    sent = message_from_bytes(ack.raw or b"")
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent["In-Reply-To"] is not None and ack.subject == "Re: Mot de passe oublié"
    body = ack.body_text
    assert body.startswith("Marie Dupont,") and "Nous prévoyons de vous répondre mercredi" in body
    with store.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(ReplyMessage)) == 0
        [decision] = session.scalars(select(Acknowledgement)).all()
        assert decision.reply_id == ack.id and decision.expected_at == NOW + timedelta(hours=48)
        mark_sent(session, ack.id, NOW)  # it left: the request still waits for its answer
    with store.sessions.begin() as session:
        assert session.get_one(Message, message_id).status is MessageStatus.OPEN
        account = session.scalars(select(Account.id)).one()
        queued = queue_replies(
            session, account, [ReplyDraft((message_id,), "parent@example.org", "", "x")]
        )
        assert queued.queued and not queued.refused  # an agent's answer is never held back


def test_english_mail_gets_the_english_text(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    switch_on(store)
    ids = arrive(store, tmp_path, [mail(body="Hello, I cannot log in to my account, please help.")])
    acknowledge(store, ids)
    assert "We expect to answer you by Wednesday" in acks(store)[0].body_text


def test_a_person_who_writes_five_times_gets_one_per_period(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    switch_on(store, period_hours=24)
    first = arrive(
        store, tmp_path, [mail(body=f"Bonjour, ma demande numéro {i}, merci.") for i in range(5)]
    )
    assert acknowledge(store, first) == 1
    assert acknowledge(store, first) == 0  # decided once: a second pass changes nothing
    later = arrive(
        store,
        tmp_path,
        [mail(body="Bonjour, toujours rien, merci.", when=NOW + timedelta(hours=2))],
    )
    assert acknowledge(store, later, NOW + timedelta(hours=3)) == 0
    next_day = arrive(
        store, tmp_path, [mail(body="Bonjour, encore moi, merci.", when=NOW + timedelta(hours=25))]
    )
    assert acknowledge(store, next_day, NOW + timedelta(hours=26)) == 1
    assert len(acks(store)) == 2


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (mail(headers="Auto-Submitted: auto-replied\n"), "not open"),  # kept out of the queue
        (mail(headers="List-Id: <parents.example.org>\n"), "mailing list"),
        (mail(headers="Return-Path: <>\n"), "null return path"),
        (mail("noreply@example.org", name="Robot"), "no address"),
        (mail("contact@example-edu.fr"), "own address"),
        (mail(when=NOW - timedelta(days=3)), "older than two days"),
        (mail("mailer-daemon@example.org", subject="Undelivered Mail Returned to Sender"), "not"),
    ],
    ids=["auto-submitted", "list", "null-return-path", "no-reply", "own", "old", "bounce"],
)
def test_what_must_not_be_acknowledged_is_passed_over_with_why(
    store: Store, tmp_path: Path, message: bytes, reason: str
) -> None:
    add_account_row(store)
    switch_on(store)
    ids = arrive(store, tmp_path, [message])
    report = acknowledge_new_mail(store.sessions, "scolarite", ids, promise_hours=48, now=NOW)
    assert not report.queued
    assert any(reason in why for why in report.passed_over), report.passed_over


def test_nothing_is_sent_while_switched_off(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail()])
    assert acknowledge(store, ids) == 0 and acks(store) == []


def test_an_acknowledgement_coming_back_is_not_acknowledged(store: Store, tmp_path: Path) -> None:
    """Two Desks acknowledging each other would loop; Auto-Submitted stops the second one."""
    add_account_row(store)
    switch_on(store)
    ids = arrive(store, tmp_path, [mail()])
    acknowledge(store, ids)
    ours = (acks(store)[0].raw or b"").replace(b"To: Marie", b"X-Was-To: Marie")
    echoed = ours.replace(b"From: ", b"To: contact@example-edu.fr\nFrom: ", 1)
    back = arrive(store, tmp_path, [echoed])
    report = acknowledge_new_mail(store.sessions, "scolarite", back, promise_hours=48, now=NOW)
    assert not report.queued


@pytest.mark.postgres
def test_two_syncers_racing_send_one_acknowledgement(pg_store: Store, tmp_path: Path) -> None:
    add_account_row(pg_store)
    switch_on(pg_store)
    ids = arrive(pg_store, tmp_path, [mail()])
    barrier = threading.Barrier(2)
    queued: list[int] = []

    def syncer() -> None:
        barrier.wait()
        queued.extend(
            acknowledge_new_mail(
                pg_store.sessions, "scolarite", ids, promise_hours=48, now=NOW
            ).queued
        )

    threads = [threading.Thread(target=syncer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(queued) == 1 and len(acks(pg_store)) == 1


# ---------------------------------------------------------------------------------- updates
def updates(store: Store) -> list[Reply]:
    with store.sessions() as session:
        return list(
            session.scalars(select(Reply).where(Reply.kind == ReplyKind.STATUS_UPDATE.value))
        )


def acknowledged_and_sent(store: Store, tmp_path: Path, **settings: object) -> int:
    """A request acknowledged at NOW (promise 48 h, no pace) whose acknowledgement left."""
    add_account_row(store)
    switch_on(store, **settings)
    [message_id] = arrive(store, tmp_path, [mail()])
    report = acknowledge_new_mail(
        store.sessions, "scolarite", [message_id], promise_hours=48, now=NOW
    )
    with store.sessions.begin() as session:
        mark_sent(session, report.queued[0], NOW)
    return message_id


def later(store: Store, hours: float) -> list[int]:
    at = NOW + timedelta(hours=hours)
    return acknowledge_new_mail(store.sessions, "scolarite", [], promise_hours=48, now=at).updates


def test_a_request_still_open_past_its_time_gets_one_update(store: Store, tmp_path: Path) -> None:
    acknowledged_and_sent(store, tmp_path)
    assert later(store, 47) == []  # not yet due
    [update] = later(store, 49)
    assert later(store, 50) == [] and later(store, 200) == []  # once
    [sent] = updates(store)
    assert sent.id == update
    assert "toujours en cours de traitement" in sent.body_text
    assert "Nous prévoyons désormais de vous répondre" in sent.body_text
    assert message_from_bytes(sent.raw or b"")["Auto-Submitted"] == "auto-replied"


def test_no_update_once_answered_or_when_switched_off(store: Store, tmp_path: Path) -> None:
    message_id = acknowledged_and_sent(store, tmp_path, updates=False)
    assert later(store, 49) == []
    switch_on(store, updates=True)
    with store.sessions.begin() as session:
        account = session.scalars(select(Account.id)).one()
        answer = queue_replies(
            session, account, [ReplyDraft((message_id,), "parent@example.org", "", "x")]
        )
        mark_sent(session, answer.queued[0], NOW + timedelta(hours=20))
    assert later(store, 49) == [] and updates(store) == []


def test_no_update_before_the_acknowledgement_left(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    switch_on(store)
    ids = arrive(store, tmp_path, [mail()])
    acknowledge(store, ids)  # queued, never sent (the outbox is offline)
    assert later(store, 49) == []
