"""Refused certificates and logins read as plain sentences, for IMAP and SMTP alike.

The user acts on these messages: a refused self-signed certificate must name
the SHA-256 fingerprint to compare and pin (over STARTTLS as over implicit
TLS), a wrong pin must say which certificate came, and a refused login must
quote the server in words, not as ``b'...'`` or a Python tuple.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig, Endpoint, Security
from desk.mail.imap import ImapConnection, plain_reason
from desk.mail.smtp import SmtpConnection
from desk.mail.tls import fingerprint
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer

WRONG_PIN = "ab" * 32


def served(cert: Path) -> str:
    return fingerprint(ssl.PEM_cert_to_DER_cert(cert.read_text()))


def assert_plain(message: str) -> None:
    """No Python repr leaked into a sentence meant for a person."""
    for leak in ("b'", 'b"', "('", "',)", "\\r", "\\n"):
        assert leak not in message, message


@pytest.mark.parametrize("security", [Security.SSL, Security.STARTTLS])
@pytest.mark.parametrize("pinned", [None, WRONG_PIN], ids=["not pinned", "another pin"])
def test_a_refused_imap_certificate_names_its_fingerprint(
    imap_account: ImapAccount, security: Security, pinned: str | None
) -> None:
    config = account_for(imap_account, security=security, pinned=pinned)
    with pytest.raises(DeskError) as caught:
        ImapConnection(config, imap_account.password).open()
    assert caught.value.code is ErrorCode.CERT_REFUSED
    message = caught.value.describe()
    assert_plain(message)
    assert f"SHA-256 {served(imap_account.cert_path)})" in message
    if pinned:
        assert f"is not the pinned {WRONG_PIN}" in message


def test_a_refused_imap_login_quotes_the_server_in_words(imap_account: ImapAccount) -> None:
    with pytest.raises(DeskError) as caught:
        ImapConnection(account_for(imap_account), "not-the-password").open()
    assert caught.value.code is ErrorCode.LOGIN_FAILED
    message = caught.value.describe()
    assert_plain(message)
    # Dovecot's own words, without its response code, and one full stop.
    assert ": Authentication failed. Check the user name" in message


def smtp_account(server: SmtpServer, security: Security, pinned: str | None) -> AccountConfig:
    mailbox = Endpoint("127.0.0.1", 993, Security.SSL, "desk")
    smtp = Endpoint("127.0.0.1", server.port, security, "desk", pinned)
    return AccountConfig(name="support", address="contact@example-edu.fr", imap=mailbox, smtp=smtp)


@pytest.mark.parametrize("pinned", [None, WRONG_PIN], ids=["not pinned", "another pin"])
def test_a_refused_smtp_starttls_certificate_names_its_fingerprint(pinned: str | None) -> None:
    with SmtpServer(starttls=True) as server:
        config = smtp_account(server, Security.STARTTLS, pinned)
        with pytest.raises(DeskError) as caught:
            SmtpConnection(config, "secret").open()
        expected = served(server.cert_path)
    assert caught.value.code is ErrorCode.CERT_REFUSED
    message = caught.value.describe()
    assert_plain(message)
    assert f"SHA-256 {expected})" in message


def test_a_refused_smtp_login_quotes_the_server_in_words() -> None:
    with SmtpServer(auth=("desk", "secret")) as server:
        config = smtp_account(server, Security.NONE, None)
        with pytest.raises(DeskError) as caught:
            SmtpConnection(config, "wrong").open()
    assert caught.value.code is ErrorCode.LOGIN_FAILED
    message = caught.value.describe()
    assert_plain(message)
    assert ": 535 " in message


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        (b"Login failed.", "Login failed"),
        ("b'Login failed.'", "Login failed"),
        ("b'[AUTHENTICATIONFAILED] Authentication failed.'", "Authentication failed"),
        (("certificate is not the pinned one",), "certificate is not the pinned one"),
        ([b"Some messages", b"could not be FETCHed"], "Some messages could not be FETCHed"),
        (OSError("connection reset"), "connection reset"),
        ("", ""),
    ],
)
def test_reasons_become_plain_words(raw: object, plain: str) -> None:
    assert plain_reason(raw) == plain
