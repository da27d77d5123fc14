"""Acknowledgements end to end: `desk acks on`, `desk sync` (Dovecot), `desk send` (aiosmtpd)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.cli import run
from desk.store.database import open_store
from desk.store.engine import sqlite_url
from desk.store.models import Message, MessageStatus
from tests.support.dovecot import DovecotServer, ImapAccount
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


def test_two_desks_acknowledging_each_other_do_not_loop(
    db_url: str,
    imap_account: ImapAccount,
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    password: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The institution's Desk, and a family whose own mailbox runs a Desk-like responder.

    Mail between them is carried by the test: what one SMTP-submits is appended to the
    other's mailbox, as delivery would. Ours says Auto-Submitted, so the other Desk does
    not answer it; a naive responder that answers anyway gets nothing back within the day.
    """
    family_user = f"family{secrets.token_hex(3)}"
    family_password = secrets.token_urlsafe(12)
    dovecot.add_user(family_user, family_password)
    family = ImapAccount(dovecot, family_user, family_password)
    monkeypatch.setenv("DESK_FAMILY_PASSWORD", family_password)
    family_db = sqlite_url(tmp_path / "family.sqlite3")
    family_flags = [
        "--imap", f"{family.host}:{family.port}", "--security", "none", "--user", family_user,
        "--password-env", "DESK_FAMILY_PASSWORD", "--name", "family",
    ]  # fmt: skip
    family_smtp = [
        "--smtp", f"{smtp_server.host}:{smtp_server.port}", "--smtp-security", "none",
        "--address", "amina@example.org",
    ]  # fmt: skip
    try:
        for db, name, flags in (
            (db_url, "contact", imap_flags(imap_account)),
            (family_db, "family", family_flags),
        ):
            assert run(["--db", db, "sync", *flags]) == 0
            assert run(["--db", db, "acks", "--account", name, "on"]) == 0
        capsys.readouterr()

        ours_send = ["--db", db_url, "send", *imap_flags(imap_account), *smtp_flags(smtp_server)]
        asking = request(21, "amina@example.org", "Bonjour, mon inscription ?")
        imap_account.write_messages([asking])
        assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
        assert "Queued 1 acknowledgement(s)" in capsys.readouterr().out
        assert run(ours_send) == 0
        [ours] = smtp_server.messages
        family.write_messages([ours.data])  # delivered to the family's mailbox
        capsys.readouterr()

        assert run(["--db", family_db, "sync", *family_flags]) == 0
        assert "Queued" not in capsys.readouterr().out  # Auto-Submitted: not acknowledged back
        assert run(["--db", family_db, "send", *family_flags, *family_smtp]) == 0
        assert len(smtp_server.messages) == 1
        capsys.readouterr()

        naive = request(22, "amina@example.org", "Réponse automatique : je suis absente.")
        imap_account.write_messages([naive])  # a responder that ignores RFC 3834
        assert run(["--db", db_url, "sync", *imap_flags(imap_account)]) == 0
        assert "Queued" not in capsys.readouterr().out  # acknowledged within the day already
        assert run(ours_send) == 0
        assert len(smtp_server.messages) == 1
    finally:
        dovecot.remove_user_mail(family_user)
