"""Mail-test fixtures: PostgreSQL stores that race two transactions, and a second IMAP server.

``mailbox`` runs a test against Dovecot and against Courier-IMAP: Dovecot has
CONDSTORE and says "still here" while idling; Courier has neither and does not
send UIDNEXT when a folder is selected. Both are real servers started privately
on 127.0.0.1 (see ``tests/support/dovecot.py`` and ``tests/support/courier.py``).
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator

import pytest

from tests.support.courier import CourierServer
from tests.support.dovecot import ImapAccount
from tests.support.team import pg_store, pg_url

__all__ = ["courier_account", "mailbox", "pg_store", "pg_url"]

_courier_users = itertools.count(1)


@pytest.fixture
def courier_account(courier: CourierServer) -> Iterator[ImapAccount]:
    """A fresh user (own Maildir) on the shared Courier; its mail is deleted afterwards."""
    user = f"courier{next(_courier_users)}"
    password = secrets.token_urlsafe(12)
    courier.add_user(user, password)
    try:
        yield ImapAccount(courier, user, password)
    finally:
        courier.remove_user_mail(user)


@pytest.fixture(params=["dovecot", "courier"])
def mailbox(request: pytest.FixtureRequest) -> ImapAccount:
    """A fresh mailbox on each real IMAP server in turn: the test runs once per server."""
    name = "imap_account" if request.param == "dovecot" else "courier_account"
    account: ImapAccount = request.getfixturevalue(name)
    return account
