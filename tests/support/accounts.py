"""Account settings pointing Desk at the test peers (Dovecot, aiosmtpd)."""

from __future__ import annotations

from desk.mail.account import AccountConfig, Endpoint, Security
from desk.store.database import Store
from desk.store.models import Account
from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer


def account_for(
    mailbox: ImapAccount,
    smtp: SmtpServer | None = None,
    *,
    name: str = "support",
    imap_port: int | None = None,
    smtp_port: int | None = None,
    security: Security = Security.NONE,
    pinned: str | None = None,
    ca_file: str | None = None,
    host: str = "127.0.0.1",
    **settings: object,
) -> AccountConfig:
    """The shared mailbox of ``mailbox``'s user, submitting through ``smtp`` when given."""
    port = imap_port or (mailbox.ssl_port if security is Security.SSL else mailbox.port)
    imap = Endpoint(host, port, security, mailbox.user, pinned, ca_file)
    submission = (
        Endpoint("127.0.0.1", smtp_port or smtp.port, Security.NONE, "")
        if smtp is not None
        else None
    )
    return AccountConfig(
        name=name,
        address="contact@example-edu.fr",
        display_name="Service contact",
        imap=imap,
        smtp=submission,
        **settings,  # type: ignore[arg-type]
    )


def add_account_row(store: Store) -> int:
    """An account row for tests that queue replies without a server (its id)."""
    with store.sessions.begin() as session:
        account = Account(
            name="scolarite",
            address="contact@example-edu.fr",
            imap_host="127.0.0.1",
            imap_port=143,
            imap_security="none",
            imap_user="contact",
            smtp_host="127.0.0.1",
            smtp_port=25,
            smtp_security="none",
            smtp_user="",
        )
        session.add(account)
        session.flush()
        return account.id
