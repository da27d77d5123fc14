"""The recording SMTP peer: what it records, the failures it injects, AUTH, STARTTLS."""

from __future__ import annotations

import gc
import smtplib
import ssl
import threading
from email.message import EmailMessage
from typing import Any

import pytest

from tests.support.smtp import SmtpServer


def reply(n: int, to: str = "parent@example.org") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Contact <contact@example-edu.fr>"
    message["To"] = to
    message["Subject"] = f"Re: Mot de passe oublié ({n})"
    message["Message-ID"] = f"<reply{n}@example-edu.fr>"
    message.set_content(f"Bonjour, voici la marche à suivre. Réponse {n}.")
    return message


def test_records_envelope_raw_bytes_and_parsed_message(smtp_server: SmtpServer) -> None:
    assert smtp_server.host == "127.0.0.1"
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        refused = client.send_message(
            reply(1), from_addr="bounces@example-edu.fr", to_addrs=["a@example.org", "b@x.org"]
        )
    assert refused == {}
    [received] = smtp_server.wait_for(1)
    assert received.mail_from == "bounces@example-edu.fr"
    assert received.rcpt_tos == ("a@example.org", "b@x.org")
    assert received.message["Subject"] == "Re: Mot de passe oublié (1)"  # decoded
    assert received.message.get_content().strip() == (
        "Bonjour, voici la marche à suivre. Réponse 1."
    )
    assert b"Message-ID: <reply1@example-edu.fr>" in received.data
    assert received.connection == 1
    assert received.authenticated_as is None and not received.tls
    assert smtp_server.connections == 1


def test_counts_connections(smtp_server: SmtpServer) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        for n in range(5):
            client.send_message(reply(n))
    assert smtp_server.connections == 1
    assert {message.connection for message in smtp_server.wait_for(5)} == {1}
    for n in range(3):
        with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
            client.send_message(reply(10 + n))
    messages = smtp_server.wait_for(8)
    assert smtp_server.connections == 4
    assert [message.connection for message in messages[5:]] == [2, 3, 4]
    smtp_server.reset()
    assert smtp_server.connections == 0 and smtp_server.messages == []


def test_fail_next_answers_451_then_accepts(smtp_server: SmtpServer) -> None:
    smtp_server.fail_next(2, code=451, text="4.3.0 Try again later")
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        for n in range(2):
            with pytest.raises(smtplib.SMTPDataError) as caught:
                client.send_message(reply(n))
            assert caught.value.smtp_code == 451
            assert caught.value.smtp_error == b"4.3.0 Try again later"
        client.send_message(reply(2))  # the same connection is still usable
    [accepted] = smtp_server.wait_for(1)
    assert accepted.message["Message-ID"] == "<reply2@example-edu.fr>"
    rejections = smtp_server.rejections
    assert [(r.stage, r.code) for r in rejections] == [("DATA", 451), ("DATA", 451)]


def test_fail_next_at_mail_from_with_a_permanent_error(smtp_server: SmtpServer) -> None:
    smtp_server.fail_next(1, code=554, text="5.7.1 Sender blocked", stage="MAIL")
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        with pytest.raises(smtplib.SMTPSenderRefused) as caught:
            client.send_message(reply(1))
        assert caught.value.smtp_code == 554
        client.send_message(reply(2))
    assert len(smtp_server.wait_for(1)) == 1


def test_reject_recipient(smtp_server: SmtpServer) -> None:
    smtp_server.reject_recipient("Gone@Example.org")
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        refused = client.send_message(reply(1), to_addrs=["gone@example.org", "ok@example.org"])
        assert refused == {"gone@example.org": (550, b"5.1.1 No such user")}
        with pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
            client.send_message(reply(2), to_addrs=["gone@example.org"])
        assert caught.value.recipients == {"gone@example.org": (550, b"5.1.1 No such user")}
    [received] = smtp_server.wait_for(1)
    assert received.rcpt_tos == ("ok@example.org",)
    smtp_server.reject_recipient("full@example.org", code=452, text="4.2.2 Mailbox full")
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        refused = client.send_message(reply(3), to_addrs=["full@example.org", "ok@example.org"])
    assert refused == {"full@example.org": (452, b"4.2.2 Mailbox full")}
    assert [r.rcpt_to for r in smtp_server.rejections] == [
        "gone@example.org",
        "gone@example.org",
        "full@example.org",
    ]


def test_wait_for_times_out(smtp_server: SmtpServer) -> None:
    with pytest.raises(TimeoutError, match="0 message"):
        smtp_server.wait_for(1, timeout=0.1)


def test_wait_for_wakes_up_when_a_message_arrives(smtp_server: SmtpServer) -> None:
    def send() -> None:
        with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
            client.send_message(reply(1))

    sender = threading.Thread(target=send)
    sender.start()
    try:
        assert len(smtp_server.wait_for(1, timeout=5)) == 1
    finally:
        sender.join()


def test_auth_plain_and_login() -> None:
    with SmtpServer(auth=("desk", "s3cret")) as server:
        with smtplib.SMTP(server.host, server.port) as client:
            client.ehlo()
            assert {"PLAIN", "LOGIN"} <= set(client.esmtp_features["auth"].upper().split())
            with pytest.raises(smtplib.SMTPSenderRefused) as caught:
                client.send_message(reply(0))  # not logged in
            assert caught.value.smtp_code == 530
            with pytest.raises(smtplib.SMTPAuthenticationError):
                client.login("desk", "wrong")
        for mechanism in ("PLAIN", "LOGIN"):
            with smtplib.SMTP(server.host, server.port) as client:
                client.ehlo()
                client.esmtp_features["auth"] = mechanism  # make smtplib use this one
                client.login("desk", "s3cret")
                client.send_message(reply(1))
        messages = server.wait_for(2)
        assert [m.authenticated_as for m in messages] == ["desk", "desk"]


def test_starttls_with_a_verified_self_signed_certificate() -> None:
    with SmtpServer(starttls=True, require_starttls=True) as server:
        with smtplib.SMTP(server.host, server.port) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as caught:
                client.send_message(reply(0))  # plain text refused
            assert caught.value.smtp_code == 530
        with smtplib.SMTP(server.host, server.port) as client:
            client.starttls(context=ssl.create_default_context(cafile=str(server.cert_path)))
            client.send_message(reply(1))
        [received] = server.wait_for(1)
        assert received.tls
        client = smtplib.SMTP(server.host, server.port)
        try:
            with pytest.raises(ssl.SSLCertVerificationError):
                client.starttls(context=ssl.create_default_context())
        finally:
            client.close()


def test_stop_with_a_client_still_connected_is_clean() -> None:
    server = SmtpServer()
    server.start()
    client = smtplib.SMTP(server.host, server.port)
    client.ehlo()
    try:
        server.stop()
        with pytest.raises(smtplib.SMTPServerDisconnected):
            client.noop()
    finally:
        client.close()
    gc.collect()  # any unclosed transport would warn (and fail) here
    with pytest.raises(OSError):
        smtplib.SMTP(server.host, server.port, timeout=2)


def test_subclasses_can_wrap_the_hooks() -> None:
    class Tagging(SmtpServer):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            self.seen.append(envelope.mail_from)
            return await super().handle_DATA(server, session, envelope)

    with Tagging() as server, smtplib.SMTP(server.host, server.port) as client:
        client.send_message(reply(1))
        assert server.seen == ["contact@example-edu.fr"]
        assert len(server.wait_for(1)) == 1
