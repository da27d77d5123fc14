"""The throwaway Courier-IMAP: a folder's UIDVALIDITY is fixed before any client selects it."""

from __future__ import annotations

import secrets
import time

from tests.support.courier import CourierServer
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message


def _next_second() -> None:
    """Return once the clock's whole second has changed (Courier's UIDVALIDITY is the time)."""
    start = int(time.time())
    while int(time.time()) == start:
        time.sleep(0.01)


def test_status_before_the_first_select_reports_the_uidvalidity_select_will_see(
    courier: CourierServer,
) -> None:
    # Courier answers STATUS on a never-selected folder with the current time and writes
    # nothing; the fixture selects each folder it creates, so the value holds.
    password = secrets.token_urlsafe(12)
    courier.add_user("uidv1", password)
    account = ImapAccount(courier, "uidv1", password)
    account.write_messages([simple_message(n) for n in range(3)])

    before = account.status()
    _next_second()
    again = account.status()
    with account.session("INBOX") as client:
        selected = client.response("UIDVALIDITY")[1]

    assert before["messages"] == 3
    assert again["uidvalidity"] == before["uidvalidity"]
    assert selected == [str(before["uidvalidity"]).encode()]


def test_a_folder_written_later_also_keeps_its_uidvalidity(courier: CourierServer) -> None:
    password = secrets.token_urlsafe(12)
    courier.add_user("uidv2", password)
    account = ImapAccount(courier, "uidv2", password)
    account.write_messages([simple_message(1)], folder="Archive")

    # Courier names the Maildir++ folder ".Archive" INBOX.Archive.
    before = account.status("INBOX.Archive")
    _next_second()

    assert before["messages"] == 1
    assert account.status("INBOX.Archive")["uidvalidity"] == before["uidvalidity"]
