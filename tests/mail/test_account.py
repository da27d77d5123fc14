"""Account settings: checked once, passwords only in the keyring or a named variable."""

from __future__ import annotations

import socket
import ssl

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import select

from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import (
    AccountConfig,
    Endpoint,
    Security,
    account_from_mapping,
    account_passwords,
    config_from_row,
    find_password,
    is_loopback,
    normalise_fingerprint,
    save_account,
    store_password,
)
from desk.mail.tls import client_context, fingerprint, server_fingerprint
from desk.store.database import Store
from desk.store.models import Account
from tests.support.dovecot import ImapAccount
from tests.support.team import commit_once_it_waits

BASE = {"imap_host": "imap.example-edu.fr", "imap_user": "contact@example-edu.fr"}


def test_defaults_are_the_safe_ones() -> None:
    config = account_from_mapping(BASE)
    assert config.imap.security is Security.SSL and config.imap.port == 993
    assert config.name == "contact@example-edu.fr@imap.example-edu.fr"
    assert config.address == "contact@example-edu.fr"
    assert config.folders == ("INBOX",) and config.sent_folder == "Sent"
    assert config.smtp is None
    with_smtp = account_from_mapping({**BASE, "smtp_host": "smtp.example-edu.fr"})
    assert with_smtp.smtp is not None
    assert (with_smtp.smtp.security, with_smtp.smtp.port) == (Security.STARTTLS, 587)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"imap_security": "none"}, "only allowed towards this machine"),
        ({"imap_security": "tls13"}, "ssl, starttls or none"),
        ({"imap_port": 70000}, "between 1 and 65535"),
        ({"imap_port": "imap"}, "whole number"),
        ({"imap_pinned_sha256": "12:34"}, "SHA-256"),
        ({"folders": []}, "no folder"),
        ({"folders": [1, 2]}, "list of names"),
        ({"rate_limit_per_minute": 0}, "at least 1"),
        ({"address": "contact"}, "not an email address"),
        ({"imap_hots": "typo"}, "unknown setting(s) imap_hots"),
        ({"imap_host": None}, "no IMAP server"),
    ],
)
def test_bad_settings_are_named(changes: dict[str, object], words: str) -> None:
    with pytest.raises(DeskError) as caught:
        account_from_mapping({**BASE, **changes})
    assert caught.value.code is ErrorCode.ACCOUNT_INVALID
    assert words in caught.value.describe()


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "[::1]", "localhost", "127.8.9.1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "imap.example-edu.fr", "localhost.example"])
def test_other_hosts(host: str) -> None:
    assert not is_loopback(host)


def test_fingerprints_are_normalised() -> None:
    written = ":".join(["AB"] * 32)
    assert normalise_fingerprint(written) == "ab" * 32


def test_passwords_from_the_keyring_or_a_named_variable() -> None:
    store_password("scolarite", "imap", "s3cret")
    assert find_password("scolarite", "imap", None, {}) == "s3cret"
    assert find_password("scolarite", "imap", "PW", {"PW": "from-env"}) == "from-env"
    with pytest.raises(DeskError) as caught:
        find_password("scolarite", "smtp", None, {})
    assert caught.value.code is ErrorCode.PASSWORD_MISSING
    with pytest.raises(DeskError) as caught:
        find_password("scolarite", "imap", "NOPE", {})
    assert "$NOPE" in caught.value.describe()


def test_a_machine_without_keyring_says_what_to_do() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(DeskError) as caught:
            find_password("scolarite", "imap", None, {})
        assert caught.value.code is ErrorCode.KEYRING_UNAVAILABLE
        assert "--password-env" in caught.value.describe()
        with pytest.raises(DeskError):
            store_password("scolarite", "imap", "x")
    finally:
        keyring.set_keyring(previous)


def test_the_account_row_follows_the_settings(store: Store) -> None:
    first = account_from_mapping({**BASE, "name": "scolarite", "smtp_host": "smtp.example-edu.fr"})
    with store.sessions.begin() as session:
        account_id = save_account(session, first).id
    second = account_from_mapping(
        {**BASE, "name": "scolarite", "folders": ["INBOX", "Parents"], "rate_limit_per_minute": 60}
    )
    with store.sessions.begin() as session:
        assert save_account(session, second).id == account_id
    with store.sessions.begin() as session:
        row = session.scalars(select(Account)).one()
        assert row.sync_folders == ["INBOX", "Parents"] and row.rate_limit_per_minute == 60
        assert row.smtp_host == ""  # no SMTP server any more


@pytest.mark.parametrize("with_smtp", [True, False])
def test_a_row_gives_back_the_account_saved_in_it(store: Store, with_smtp: bool) -> None:
    """What a team member's first start reads instead of having the mailbox typed again."""
    values: dict[str, object] = {
        **BASE,
        "name": "scolarite",
        "display_name": "Scolarité",
        "imap_pinned_sha256": "ab" * 32,
        "folders": ["INBOX", "Parents"],
        "sent_folder": "Envoyés",
        "processed_folder": "Traités",
        "rate_limit_per_minute": 30,
    }
    if with_smtp:
        values.update(smtp_host="smtp.example-edu.fr", smtp_port=587, smtp_user="relay")
    config = account_from_mapping(values)
    with store.sessions.begin() as session:
        row = save_account(session, config)
        assert config_from_row(row) == config


@pytest.mark.postgres
def test_two_first_starts_at_once_share_one_account_row(pg_store: Store) -> None:
    """``desk serve``'s sync and outbox both save the account on a first start; the one that
    meets the other's uncommitted row waits, then takes that row instead of failing."""
    config = account_from_mapping({**BASE, "name": "scolarite", "smtp_host": "smtp.example.fr"})
    first = pg_store.sessions()
    first.begin()
    first_id = save_account(first, config).id
    second_id = commit_once_it_waits(pg_store, first, lambda s: save_account(s, config).id)
    assert second_id == first_id
    with pg_store.sessions() as session:
        assert session.scalars(select(Account.id)).all() == [first_id]


def test_the_presented_certificate_fingerprint(imap_account: ImapAccount) -> None:
    """What the account dialog shows before pinning: the certificate the server presents."""
    der = ssl.PEM_cert_to_DER_cert(imap_account.cert_path.read_text())
    assert server_fingerprint(imap_account.host, imap_account.ssl_port) == fingerprint(der)


def test_the_smtp_password_falls_back_to_the_mailboxs_only_when_missing() -> None:
    def account(smtp_user: str) -> AccountConfig:
        return account_from_mapping(
            {
                "name": "scolarite",
                "address": "contact@example-edu.fr",
                "imap_host": "imap.example-edu.fr",
                "imap_user": "contact",
                "smtp_host": "smtp.example-edu.fr",
                "smtp_user": smtp_user,
            }
        )

    store_password("scolarite", "imap", "mailbox-secret")
    assert account_passwords(account(""), {}) == ("mailbox-secret", None)
    assert account_passwords(account("relay"), {}) == ("mailbox-secret", "mailbox-secret")
    store_password("scolarite", "smtp", "relay-secret")
    assert account_passwords(account("relay"), {}) == ("mailbox-secret", "relay-secret")
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(DeskError) as refused:
        account_passwords(account("relay"), {})
    assert refused.value.code is ErrorCode.KEYRING_UNAVAILABLE


def test_an_account_ca_file_adds_to_the_systems_cas(imap_account: ImapAccount) -> None:
    """The private CA of the account is trusted on top of the system's, not instead of them."""
    endpoint = Endpoint(
        imap_account.host,
        imap_account.ssl_port,
        Security.SSL,
        imap_account.user,
        ca_file=str(imap_account.cert_path),
    )
    context = client_context(endpoint)
    trusted = set(context.get_ca_certs(binary_form=True))
    system = set(ssl.create_default_context().get_ca_certs(binary_form=True))
    private = ssl.PEM_cert_to_DER_cert(imap_account.cert_path.read_text())
    assert system, "this machine has no system CA store (ca-certificates) to compare with"
    assert private not in system
    assert system <= trusted and private in trusted
    # And the server whose certificate that CA issued is accepted, name checked.
    with (
        socket.create_connection((imap_account.host, imap_account.ssl_port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=imap_account.host) as wrapped,
    ):
        assert wrapped.getpeercert(binary_form=True) == private
