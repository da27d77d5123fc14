"""Acknowledgements end to end: `desk acks on`, `desk sync` (Dovecot), `desk send` (aiosmtpd)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli import run
from desk.store.database import open_store
from desk.store.models import Message, MessageStatus
from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer
from tests.test_mailjobs import imap_flags, password, smtp_flags

__all__ = ["password"]  # the fixture, used by name


def request(n: int, sender: str, body: str, headers: str = "") -> bytes:
    when = datetime.now(UTC) - timedelta(minutes=30 - n)
    return (
        f"From: Person {n} <{sender}>\nTo: contact@example-edu.fr\nSubject: Inscription\n"
        f"Message-ID: <e2e-ack{n}@example.org>\nDate: {format_datetime(when)}\n{headers}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: 8bit\n\n{body}\n"
    ).encode()


def test_new_requests_are_acknowledged_once_per_person_through_the_outbox(
    db_url: str,
    imap_account: ImapAccount,
    smtp_server: SmtpServer,
    password: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    imap_account.write_messages(
        [
            request(1, "amina@example.org", "Bonjour, je ne trouve pas mon inscription. Merci"),
            request(2, "amina@example.org", "Bonjour, toujours pas d'inscription, merci"),
            request(3, "john@example.org", "Hello, I cannot find my enrolment, can you help?"),
            request(4, "news@example.org", "Bonjour, notre lettre du mois.", "List-Id: <n.ex>\n"),
        ]
    )
    assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
    assert "Queued" not in capsys.readouterr().out  # off until switched on
    assert run(["--db", db_url, "acks", "--account", "contact", "on"]) == 0
    assert "Acknowledgements for contact: on, with status updates" in capsys.readouterr().out

    imap_account.write_messages(
        [
            request(11, "amina@example.org", "Bonjour, je ne trouve pas mon inscription. Merci"),
            request(12, "amina@example.org", "Bonjour, toujours pas d'inscription, merci"),
            request(13, "john@example.org", "Hello, I cannot find my enrolment, can you help?"),
            request(14, "news@example.org", "Bonjour, notre lettre.", "List-Id: <n.ex>\n"),
        ]
    )
    assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
    assert "Queued 2 acknowledgement(s) of receipt." in capsys.readouterr().out
    assert run(["--db", db_url, "send", *imap_flags(imap_account), *smtp_flags(smtp_server)]) == 0
    assert "Sent 2, failed 0" in capsys.readouterr().out

    received = {m.rcpt_tos[0]: m.message for m in smtp_server.messages}
    assert set(received) == {"amina@example.org", "john@example.org"}
    for message in received.values():
        assert message["Auto-Submitted"] == "auto-replied"
    assert "Nous prévoyons de vous répondre" in received["amina@example.org"].get_content()
    assert "We expect to answer you" in received["john@example.org"].get_content()
    assert imap_account.status("Sent")["messages"] == 2
    store = open_store(db_url)
    try:
        with store.sessions() as session:
            statuses = set(session.scalars(select(Message.status)))
    finally:
        store.close()
    assert MessageStatus.ANSWERED not in statuses  # an acknowledgement answers nothing


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["text", "de", "x.txt"], "fr or en"),
        (["text", "fr", "missing.txt"], "cannot read"),
        (["on", "--zone", "Mars/Olympus"], "not a known time zone"),
        (["on", "--period", "0"], "1 to 720"),
        (["text", "fr", "bad.txt"], "unknown"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_text("Bonjour {nom_qui_n_existe_pas}", encoding="utf-8")
    assert run(["--db", db_url, "acks", "--account", "contact", *args]) == 2
    error = capsys.readouterr().err
    assert words in error and "nothing was changed" in error
    assert run(["--db", db_url, "acks", "--account", "contact", "show"]) == 0
    assert "contact: off" in capsys.readouterr().out


def test_a_text_is_set_from_a_file_and_put_back_to_default(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "exam.txt"
    text.write_text("{salutation},\nBien reçu ; réponse {réponse_prévue}.\n", encoding="utf-8")
    assert run(["--db", db_url, "acks", "--account", "contact", "text", "fr:exam", str(text)]) == 0
    shown = capsys.readouterr().out
    assert "[fr:exam] (custom, category exam)" in shown and "Bien reçu" in shown
    command = ["--db", db_url, "acks", "--account", "contact", "text", "fr:exam", "--default"]
    assert run(command) == 0
    assert "[fr:exam]" not in capsys.readouterr().out


def test_status_updates_can_be_switched_off_and_their_text_set(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["--db", db_url, "acks", "--account", "contact"]
    assert run([*command, "on", "--no-updates"]) == 0
    assert "contact: on, without status updates" in capsys.readouterr().out
    text = tmp_path / "update.txt"
    text.write_text("{salutation}, encore un peu de patience : {réponse_prévue}.", encoding="utf-8")
    assert run([*command, "text", "update:fr", str(text)]) == 0
    assert "[update:fr] (custom)" in capsys.readouterr().out
