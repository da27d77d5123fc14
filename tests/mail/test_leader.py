"""One client syncs the mailbox for the team; the others follow and take over when it goes."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk.core.clock import utc_now
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig, Endpoint, Security, save_account
from desk.mail.leader import SyncLeadership, current_leader, service_present
from desk.mail.sync import MailboxSync
from desk.store.database import Store, open_store
from desk.store.models import Account, Presence
from desk.workbench.clustering import Clustering
from desk.workbench.mailbox import MailboxSession
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message


def _account(store: Store, name: str = "scolarite") -> int:
    imap = Endpoint("imap.example-edu.fr", 993, Security.SSL, "contact")
    config = AccountConfig(name=name, address="contact@example-edu.fr", imap=imap)
    with store.sessions.begin() as session:
        return save_account(session, config).id


def _leadership(store: Store, account_id: int, holder: str, kind: str = "window") -> SyncLeadership:
    return SyncLeadership(store.engine, account_id, "scolarite", holder, kind)


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_one_leads_the_other_follows_and_takes_over_when_it_is_released(store: Store) -> None:
    account_id = _account(store)
    alice, bruno = _leadership(store, account_id, "Alice"), _leadership(store, account_id, "Bruno")
    assert alice.try_lead() and alice.leading
    assert not bruno.try_lead() and not bruno.leading
    with store.sessions() as session:
        leader = current_leader(session, account_id)
    assert leader is not None and (leader.holder, leader.kind) == ("Alice", "window")
    assert alice.try_lead()  # still ours: a heartbeat
    alice.release()
    assert bruno.try_lead()
    with store.sessions() as session:
        assert current_leader(session, account_id).holder == "Bruno"  # type: ignore[union-attr]
    bruno.release()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_killed_holder_is_taken_over_once_the_server_drops_its_session(store: Store) -> None:
    """The server frees the lock when it notices the dead connection: soon, not instantly."""
    account_id = _account(store)
    code = (
        "import sys\n"
        "from desk.store.database import open_store\n"
        "from desk.mail.leader import SyncLeadership\n"
        "store = open_store(sys.argv[1])\n"
        "lead = SyncLeadership(store.engine, int(sys.argv[2]), 'scolarite', 'Chloé', 'window')\n"
        "assert lead.try_lead()\n"
        "print('leading', flush=True)\n"
        "sys.stdin.read()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, store.url, str(account_id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "leading"
        follower = _leadership(store, account_id, "Bruno")
        assert not follower.try_lead()
        holder.kill()
        holder.wait()
        deadline = time.monotonic() + 60  # a safety net against a hang, never a measure
        while not follower.try_lead():  # the backend ends once it reads the closed socket
            assert time.monotonic() < deadline, "the dead holder's lock was never freed"
            time.sleep(0.02)
    follower.release()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_holder_whose_connection_dropped_knows_it_lost_the_lead(store: Store) -> None:
    account_id = _account(store)
    alice, bruno = _leadership(store, account_id, "Alice"), _leadership(store, account_id, "Bruno")
    assert alice.try_lead()
    with store.engine.begin() as connection:  # the VPN dropped: the server ends her session
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND pid <> pg_backend_pid()"
            )
        )
    assert bruno.try_lead()
    assert not alice.heartbeat() and not alice.leading
    assert not alice.try_lead()  # Bruno has it now
    bruno.release()


def test_on_sqlite_the_only_client_always_leads(tmp_path: Path) -> None:
    from desk.store.engine import sqlite_url

    store = open_store(sqlite_url(tmp_path / "one.sqlite3"))
    try:
        account_id = _account(store)
        lead = _leadership(store, account_id, "Alice")
        assert lead.try_lead() and not lead.shared
        lead.record_pass("IMAP server unreachable")
        with store.sessions() as session:
            leader = current_leader(session, account_id)
        assert leader is not None and leader.last_error == "IMAP server unreachable"
    finally:
        store.close()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_sync_that_does_not_lead_names_who_does(store: Store, imap_account: ImapAccount) -> None:
    config = account_for(imap_account)
    with MailboxSync(store.sessions, config, imap_account.password, workers=0) as first:
        first.leadership = SyncLeadership(
            store.engine, first.account_id, config.name, "Alice", "window"
        )
        first.sync_once()
        with MailboxSync(store.sessions, config, imap_account.password, workers=0) as second:
            second.leadership = SyncLeadership(
                store.engine, second.account_id, config.name, "Bruno", "window"
            )
            with pytest.raises(DeskError) as refused:
                second.sync_once()
        assert refused.value.code is ErrorCode.SYNC_BUSY
        assert refused.value.params["holder"] == "Alice"
        first.leadership.release()


def took_over_account(store: Store) -> int:
    with store.sessions() as session:
        return int(session.scalars(select(Account.id)).one())


def _window(
    store: Store, config: AccountConfig, password: str | None, holder: str
) -> MailboxSession:
    return MailboxSession(
        store,
        config,
        password,
        None,
        clustering=Clustering(store.sessions, 85, workers=0),
        workers=0,
        holder=holder,
    )


def _progress(done: int, total: int, text: str) -> None:
    pass


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_windows_share_one_sync_follow_it_and_step_aside_for_the_service(
    store: Store, imap_account: ImapAccount
) -> None:
    imap_account.write_messages([simple_message(n) for n in range(1, 4)])
    config = account_for(imap_account)
    alice = _window(store, config, imap_account.password, "Alice")
    bruno = _window(store, config, imap_account.password, "Bruno")
    agent = _window(store, config, None, "Chloé")  # no mailbox password: follows only
    try:
        synced = alice.sync(_progress, lambda: False)
        assert (synced.new, synced.following) == (3, False)
        followed = bruno.sync(_progress, lambda: False)
        assert followed.following and followed.leader is not None
        assert followed.leader.holder == "Alice" and followed.leader.last_sync_at is not None
        assert agent.sync(_progress, lambda: False).leader.holder == "Alice"  # type: ignore[union-attr]

        alice.close()  # Alice quits: Bruno takes over at his next try
        imap_account.write_messages([simple_message(4)])
        took_over = bruno.sync(_progress, lambda: False)
        assert (took_over.following, took_over.new) == (False, 1)

        now = utc_now()
        with store.sessions.begin() as session:  # the team's service starts
            session.add(Presence(id="svc", login="desk", kind="service", host="srv",
                                 connected_at=now, heartbeat_at=now))  # fmt: skip
            assert service_present(session, now)
            assert not service_present(session, now + timedelta(minutes=5))
        # The lock is free (this service is not syncing): Bruno covers, then gives it back.
        assert not bruno.sync(_progress, lambda: False).following
        other = SyncLeadership(store.engine, took_over_account(store), config.name, "X", "service")
        assert other.try_lead()  # what the service does when it comes back
        assert bruno.sync(_progress, lambda: False).following
        assert bruno.send(_progress, lambda: False).by_service
        other.release()
    finally:
        for window in (alice, bruno, agent):
            window.close()
