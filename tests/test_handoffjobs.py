"""Hand-offs end to end: `desk handoff`, `desk send` (aiosmtpd), the answer through `desk sync`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import select

from desk.cli import run
from desk.store.database import open_store
from desk.store.models import Message, MessageStatus
from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer
from tests.test_mailjobs import imap_flags, password, smtp_flags

__all__ = ["password"]  # the fixture, used by name


def request(n: int, sender: str, subject: str = "Note manquante", extra: str = "") -> bytes:
    when = datetime.now(UTC) - timedelta(minutes=30 - n)
    return (
        f"From: Person {n} <{sender}>\nTo: contact@example-edu.fr\nSubject: {subject}\n"
        f"Message-ID: <e2e-handoff{n}@example.org>\nDate: {format_datetime(when)}\n{extra}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n"
        f"Hello, my exam mark {n} is missing from my record. Thanks.\n"
    ).encode()


def statuses(db_url: str) -> dict[int, MessageStatus]:
    store = open_store(db_url)
    try:
        with store.sessions() as session:
            return {i: s for i, s in session.execute(select(Message.id, Message.status))}
    finally:
        store.close()


def test_a_request_goes_to_the_service_and_its_answer_comes_back(
    db_url: str,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    password: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    imap_account.write_messages([request(1, "amina@example.org"), request(2, "john@example.org")])
    assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
    add = ["--db", db_url, "handoff", "add-service", "Examens", "examens@example-edu.fr"]
    assert run([*add, "--delay", "24"]) == 0
    assert "Examens <examens@example-edu.fr>, expected within 24 h" in capsys.readouterr().out
    ids = sorted(statuses(db_url))
    command = ["--db", db_url, "handoff", "send", "--service", "examens", "--account", "contact"]
    assert run([*command, "--note", "Two marks missing", *map(str, ids)]) == 0
    handed = capsys.readouterr().out
    reference = handed.split(" as ")[1].split(";")[0]
    assert set(statuses(db_url).values()) == {MessageStatus.WAITING}
    assert run(["--db", db_url, "handoff", "list"]) == 0
    assert reference in capsys.readouterr().out

    assert run(["--db", db_url, "send", *imap_flags(imap_account), *smtp_flags(smtp_server)]) == 0
    [sent] = smtp_server.messages
    assert sent.rcpt_tos == ("examens@example-edu.fr",)
    assert f"[Desk {reference}]" in sent.message["Subject"]
    assert [part.get_content_type() for part in sent.message.iter_attachments()] == [
        "message/rfc822",
        "message/rfc822",
    ]
    answer = request(3, "examens@example-edu.fr", f"Re: [Desk {reference}] Note manquante")
    imap_account.write_messages([answer])
    capsys.readouterr()
    assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
    assert f"Hand-off(s) answered by their service: {reference}." in capsys.readouterr().out
    now = statuses(db_url)
    assert [now[i] for i in ids] == [MessageStatus.OPEN, MessageStatus.OPEN]
    assert MessageStatus.CLOSED in now.values()  # the service's answer, out of the queue


def test_a_service_address_the_server_refuses_brings_the_request_back(
    db_url: str,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    password: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    imap_account.write_messages([request(1, "amina@example.org")])
    assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
    assert run(["--db", db_url, "handoff", "add-service", "Bourses", "gone@example-edu.fr"]) == 0
    [message_id] = statuses(db_url)
    send = ["--db", db_url, "handoff", "send", "--service", "Bourses", "--account", "contact"]
    assert run([*send, str(message_id)]) == 0
    smtp_server.reject_recipient("gone@example-edu.fr", 550, "5.1.1 no such user")
    run(["--db", db_url, "send", *imap_flags(imap_account), *smtp_flags(smtp_server)])
    capsys.readouterr()
    assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
    assert "Hand-off(s) refused or bounced" in capsys.readouterr().out
    assert statuses(db_url)[message_id] is MessageStatus.OPEN


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add-service", "Examens", "not an address"], "not an email address"),
        (["add-service", "Examens", "e@x.fr", "--delay", "0"], "1 to 720"),
        (["remove-service", "Nobody"], "no service named"),
        (["send", "--service", "Nobody", "1"], "no service named"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    db_url: str, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert run(["--db", db_url, "handoff", *args]) == 2
    error = capsys.readouterr().err
    assert words in error and "nothing was changed" in error
    assert run(["--db", db_url, "handoff", "services"]) == 0
    assert "No services yet" in capsys.readouterr().out
