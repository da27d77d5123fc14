"""Account settings pointing Desk at the test peers (Dovecot, aiosmtpd)."""

from __future__ import annotations

from desk.mail.account import AccountConfig, Endpoint, Security
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
