"""Hand-offs: forwarded with the originals, waiting, answered, refused, bounced, overdue."""

from __future__ import annotations

import threading
from datetime import timedelta
from email import message_from_bytes, policy
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from desk.mail.drafts import ReplyDraft
from desk.mail.queueing import queue_replies
from desk.replies.acks import AckSettings, write_ack_settings
from desk.replies.after_pass import after_sync_pass
from desk.replies.handoffs import (
    REFERENCE,
    Service,
    hand_off,
    handoffs_of,
    read_services,
    service_hint,
    waiting_by_service,
    write_services,
)
from desk.store.database import Store
from desk.store.models import (
    Account,
    Agent,
    Claim,
    Handoff,
    Message,
    MessageStatus,
    Reply,
    ReplyKind,
    ReplyState,
)
from tests.replies.test_acks import NOW, arrive, mail
from tests.support.accounts import add_account_row
from tests.support.team import pg_store, pg_url

__all__ = ["pg_store", "pg_url"]  # fixtures, used by name

EXAMS = Service("Service des examens", "examens@example-edu.fr", 72)


def hand(store: Store, ids: list[int], **options: object) -> tuple[str, list[int]]:
    with store.sessions.begin() as session:
        account = session.scalars(select(Account)).one()
        result = hand_off(session, account, ids, EXAMS, now=NOW, **options)  # type: ignore[arg-type]
    return result.reference, result.waiting


def statuses(store: Store, ids: list[int]) -> set[MessageStatus]:
    with store.sessions() as session:
        return set(session.scalars(select(Message.status).where(Message.id.in_(ids))))


def forward(store: Store) -> Reply:
    with store.sessions() as session:
        return session.scalars(select(Reply).where(Reply.kind == ReplyKind.HANDOFF.value)).one()


def after(store: Store, ids: list[int], hours: float = 1):  # type: ignore[no-untyped-def]
    now = NOW + timedelta(hours=hours)
    return after_sync_pass(store.sessions, "scolarite", ids, promise_hours=48, now=now)


def answer_from_service(reference: str | None, *, in_reply_to: str = "", sender: str = "") -> bytes:
    subject = f"Re: [Desk {reference}] Mot de passe oublié" if reference else "Votre demande"
    headers = f"In-Reply-To: {in_reply_to}\n" if in_reply_to else ""
    return mail(
        sender or "examens@example-edu.fr",
        name="Service des examens",
        subject=subject,
        headers=headers,
        body="Bonjour, le dossier est réglé : la note a été saisie hier.",
        when=NOW + timedelta(minutes=30),
    )


# ---------------------------------------------------------------------------------- services
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("", "a@b.fr", 48), "cannot be a service's name"),
        (("Examens", "pas une adresse", 48), "not an email address"),
        (("Examens", "a@b.fr", 0), "1 to 720"),
    ],
)
def test_a_bad_service_is_refused(args: tuple[str, str, int], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Service(*args)


def test_services_are_the_teams_list(store: Store) -> None:
    with store.sessions.begin() as session:
        write_services(session, [EXAMS, Service("Bourses", "bourses@example-edu.fr")], "lea", NOW)
    with store.sessions() as session:
        assert [s.name for s in read_services(session)] == ["Service des examens", "Bourses"]
        with pytest.raises(ValueError, match="same name"):
            write_services(session, [EXAMS, EXAMS], "lea", NOW)


# ---------------------------------------------------------------------------------- handing on
def test_requests_are_forwarded_with_their_originals_and_wait(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    seven_bit = {"subject": "Password", "body": "Hello, my son cannot log in. Thanks."}
    ids = arrive(
        store,
        tmp_path,
        [mail(f"p{i}@example.org", name=f"Parent {i}", **seven_bit) for i in range(2)],  # type: ignore[arg-type]
    )
    reference, waiting = hand(store, ids, note="Deux notes manquantes.")
    assert waiting == ids and REFERENCE.fullmatch(f"[Desk {reference}]")
    assert statuses(store, ids) == {MessageStatus.WAITING}
    sent = forward(store)
    assert sent.to_addr == "examens@example-edu.fr" and sent.state is ReplyState.QUEUED
    parsed = message_from_bytes(sent.raw or b"", policy=policy.default)
    assert parsed["Subject"] == f"[Desk {reference}] Password"
    attached = [part for part in parsed.iter_attachments()]
    assert len(attached) == 2
    assert all(part.get_content_type() == "message/rfc822" for part in attached)
    assert "Deux notes manquantes." in parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    with store.sessions() as session:
        assert waiting_by_service(session) == {"Service des examens": 2}
        [state] = handoffs_of(session, ids[0])
        assert state.reference == reference and state.due_at == NOW + timedelta(hours=72)


def test_an_original_in_8_bit_is_attached_as_an_eml_file(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail(body="Bonjour, élève inscrit à l'épreuve, merci.")])
    hand(store, ids)
    parsed = message_from_bytes(forward(store).raw or b"", policy=policy.default)
    [part] = list(parsed.iter_attachments())
    assert part.get_filename() == f"message-{ids[0]}.eml"
    assert "épreuve" in part.get_content().decode()


def test_what_cannot_be_handed_on_is_refused_with_why(store: Store, tmp_path: Path) -> None:
    account_id = add_account_row(store)
    ids = arrive(store, tmp_path, [mail(f"p{i}@example.org", name=f"P {i}") for i in range(4)])
    with store.sessions.begin() as session:
        queue_replies(session, account_id, [ReplyDraft((ids[0],), "p0@example.org", "", "x")])
        session.execute(update(Message).where(Message.id == ids[1]).values(status="closed"))
        bruno, ana = (
            Agent(login="bruno", display_name="Bruno"),
            Agent(login="ana", display_name="Ana"),
        )
        session.add_all([bruno, ana])
        session.flush()
        session.add(
            Claim(message_id=ids[2], agent_id=bruno.id, expires_at=NOW + timedelta(hours=1))
        )
        result = hand_off(
            session, session.get_one(Account, account_id), ids, EXAMS, agent_id=ana.id, now=NOW
        )
    assert result.waiting == [ids[3]]
    assert dict(result.refused) == {
        ids[0]: "an answer is already on its way",
        ids[1]: "no longer open",
        ids[2]: "claimed by another agent",
    }


def test_the_person_can_be_told_once(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail(), mail(body="Bonjour, et aussi ma fille, merci.")])
    hand(store, ids, tell_person=True)
    with store.sessions() as session:
        [notice] = session.scalars(
            select(Reply).where(Reply.kind == ReplyKind.HANDOFF_NOTICE.value)
        ).all()
    assert notice.to_addr == "parent@example.org"
    assert "transmise au service « Service des examens »" in notice.body_text


@pytest.mark.postgres
def test_two_agents_handing_the_same_request_at_once_hand_it_once(
    pg_store: Store, tmp_path: Path
) -> None:
    add_account_row(pg_store)
    ids = arrive(pg_store, tmp_path, [mail()])
    barrier = threading.Barrier(2)
    waiting: list[list[int]] = []

    def agent() -> None:
        with pg_store.sessions.begin() as session:
            account = session.scalars(select(Account)).one()
            barrier.wait()
            waiting.append(hand_off(session, account, ids, EXAMS, now=NOW).waiting)

    threads = [threading.Thread(target=agent) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waiting) == [[], ids]
    with pg_store.sessions() as session:
        assert len(session.scalars(select(Reply).where(Reply.kind == "handoff")).all()) == 1


# ---------------------------------------------------------------------------------- following up
def test_the_services_answer_by_reference_brings_the_requests_back_and_is_not_acknowledged(
    store: Store, tmp_path: Path
) -> None:
    add_account_row(store)
    with store.sessions.begin() as session:
        write_ack_settings(session, "scolarite", AckSettings(enabled=True), "lea", NOW)
    ids = arrive(store, tmp_path, [mail(f"p{i}@example.org", name=f"P {i}") for i in range(2)])
    reference, _ = hand(store, ids)
    [answer] = arrive(store, tmp_path, [answer_from_service(reference)])
    report = after(store, [answer])
    assert report.handoffs.answered == [reference] and not report.acks.queued
    assert statuses(store, ids) == {MessageStatus.OPEN}
    assert statuses(store, [answer]) == {MessageStatus.CLOSED}
    with store.sessions() as session:
        assert handoffs_of(session, ids[0])[0].answer_id == answer
    assert after(store, [], hours=100).handoffs.overdue == []  # answered: no reminder


def test_an_answer_without_the_reference_is_threaded_by_in_reply_to(
    store: Store, tmp_path: Path
) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail()])
    reference, _ = hand(store, ids)
    header = forward(store).message_id_header
    [answer] = arrive(store, tmp_path, [answer_from_service(None, in_reply_to=header)])
    assert after(store, [answer]).handoffs.answered == [reference]


def test_an_answer_naming_nothing_stays_a_request_with_a_hint(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail()])
    reference, _ = hand(store, ids)
    [answer] = arrive(store, tmp_path, [answer_from_service(None)])
    assert after(store, [answer]).handoffs.answered == []
    assert statuses(store, ids) == {MessageStatus.WAITING}
    with store.sessions() as session:
        assert service_hint(session, session.get_one(Message, answer)) == [reference]


def test_a_refused_forward_flags_the_handoff_and_brings_the_requests_back(
    store: Store, tmp_path: Path
) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail()])
    reference, _ = hand(store, ids)
    with store.sessions.begin() as session:  # what the outbox does on a 550
        session.execute(
            update(Reply)
            .where(Reply.kind == "handoff")
            .values(state=ReplyState.FAILED, last_error="550 no such user")
        )
    assert after(store, []).handoffs.failed == [reference]
    assert statuses(store, ids) == {MessageStatus.OPEN}
    with store.sessions() as session:
        assert handoffs_of(session, ids[0])[0].failure == "550 no such user"


def test_a_bounce_quoting_the_forward_flags_it(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail()])
    reference, _ = hand(store, ids)
    header = forward(store).message_id_header
    bounce = (
        "From: MAILER-DAEMON@example-edu.fr\nTo: contact@example-edu.fr\n"
        "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn1@example-edu.fr>\n"
        f"Date: {format_datetime(NOW + timedelta(minutes=5))}\nAuto-Submitted: auto-replied\n"
        "Content-Type: text/plain\n\nThe mail system: <examens@example-edu.fr>: unknown user\n"
        f"Original Message-ID: {header}\n"
    ).encode()
    [dsn] = arrive(store, tmp_path, [bounce])
    assert after(store, [dsn]).handoffs.failed == [reference]
    assert statuses(store, ids) == {MessageStatus.OPEN}


def test_overdue_requests_come_back_once_with_a_reminder(store: Store, tmp_path: Path) -> None:
    add_account_row(store)
    ids = arrive(store, tmp_path, [mail()])
    reference, _ = hand(store, ids)
    assert after(store, [], hours=71).handoffs.overdue == []
    assert after(store, [], hours=73).handoffs.overdue == [reference]
    assert statuses(store, ids) == {MessageStatus.OPEN}
    assert after(store, [], hours=80).handoffs.overdue == []
    with store.sessions() as session:
        assert handoffs_of(session, ids[0])[0].reminded_at == NOW + timedelta(hours=73)
        assert session.scalars(select(Handoff.reminded_at)).all()
