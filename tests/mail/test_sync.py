"""IMAP sync against a real Dovecot: headers first, bodies next, resumable, never duplicating."""

from __future__ import annotations

import itertools
import ssl
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlalchemy import func, select

from desk.core.errors import DeskError, ErrorCode
from desk.demo.generator import demo_messages
from desk.mail.account import Security
from desk.mail.sync import FolderReport, MailboxSync, QuietListener, Stage
from desk.mail.tls import fingerprint
from desk.store.database import Store, open_store
from desk.store.models import Folder, Message, MessageRaw, MessageStatus
from tests.support.accounts import account_for
from tests.support.dovecot import DovecotServer, ImapAccount
from tests.support.mail import simple_message
from tests.support.proxy import DroppingProxy


def demo(count: int, seed: int = 5) -> list[bytes]:
    """``count`` demo-mailbox messages (realistic MIME, several charsets)."""
    return [raw for raw, _, _ in itertools.islice(demo_messages(max(count, 100), seed), count)]


def keys(store: Store) -> list[tuple[str, int | None, bool]]:
    with store.sessions.begin() as session:
        return [
            (key, uid, fetched)
            for key, uid, fetched in session.execute(
                select(Message.source_key, Message.uid, Message.body_fetched).order_by(Message.uid)
            )
        ]


def syncer(store: Store, mailbox: ImapAccount, **kwargs: object) -> MailboxSync:
    return MailboxSync(
        store.sessions,
        account_for(mailbox),
        mailbox.password,
        workers=0,
        sleep=lambda _s: None,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def sync(store: Store, imap_account: ImapAccount) -> Iterator[MailboxSync]:
    with syncer(store, imap_account) as engine:
        yield engine


@pytest.fixture
def any_sync(store: Store, mailbox: ImapAccount) -> Iterator[MailboxSync]:
    """A sync of ``mailbox``: Dovecot, then Courier-IMAP."""
    with syncer(store, mailbox) as engine:
        yield engine


def test_first_sync_stores_every_message_with_its_body_and_changes_nothing_on_the_server(
    store: Store, mailbox: ImapAccount, any_sync: MailboxSync
) -> None:
    imap_account, sync = mailbox, any_sync
    messages = demo(40)
    imap_account.write_messages(messages)
    before = imap_account.status()

    [report] = sync.sync_once()

    assert (report.new, report.bodies) == (40, 40)
    assert sorted(report.completed_ids) == sorted(report.completed_ids[:40])
    stored = keys(store)
    validity = before["uidvalidity"]
    assert [k for k, _, _ in stored] == [f"{validity}:{uid}" for uid in range(1, 41)]
    assert all(fetched for _, _, fetched in stored)
    with store.sessions.begin() as session:
        raws = session.scalars(select(MessageRaw.data).order_by(MessageRaw.message_id)).all()
        texts = session.scalars(select(Message.text)).all()
    # Byte for byte as the server holds them (IMAP speaks CRLF), in server order.
    assert [r.replace(b"\r\n", b"\n") for r in raws] == messages
    assert all(texts)
    # Read-only: nobody's \Seen flag was set by Desk, nothing moved or deleted.
    with imap_account.session("INBOX") as client:
        _, data = client.uid("SEARCH", "UNSEEN")
    assert len(data[0].split()) == 40
    assert imap_account.status()["messages"] == 40


def test_nothing_new_is_noticed_without_fetching(
    store: Store, mailbox: ImapAccount, any_sync: MailboxSync
) -> None:
    mailbox.write_messages(demo(5))
    any_sync.sync_once()
    [again] = any_sync.sync_once()
    assert (again.new, again.bodies, again.gone, again.flags_changed) == (0, 0, 0, 0)
    # With CONDSTORE (Dovecot) nothing is even fetched; without it (Courier) the flags
    # must be read to know, but UIDNEXT (from STATUS: Courier's SELECT omits it) is kept.
    assert again.unchanged is any_sync.connection.has_condstore
    with store.sessions.begin() as session:
        assert session.scalar(select(Folder.uidnext)) == mailbox.status()["uidnext"]


def test_new_mail_flags_and_expunges_are_picked_up(
    store: Store, mailbox: ImapAccount, any_sync: MailboxSync
) -> None:
    imap_account, sync = mailbox, any_sync
    imap_account.write_messages([simple_message(n) for n in range(1, 6)])
    sync.sync_once()
    for n in (6, 7):
        imap_account.append(simple_message(n))
    with imap_account.session("INBOX") as client:
        client.uid("STORE", "2", "+FLAGS", "(\\Flagged)")
        client.uid("STORE", "3", "+FLAGS", "(\\Deleted)")
        client.expunge()

    [report] = sync.sync_once()

    assert (report.new, report.bodies, report.gone) == (2, 2, 1)
    assert report.flags_changed >= 1
    with store.sessions.begin() as session:
        rows = {m.uid: m for m in session.scalars(select(Message)).all()}
        assert "\\Flagged" in rows[2].flags
        assert rows[3].gone_at is not None and rows[3].status is MessageStatus.GONE
        assert rows[1].status is MessageStatus.OPEN
        assert sorted(rows) == [1, 2, 3, 4, 5, 6, 7]  # the expunged one is kept


def test_empty_mailbox(store: Store, imap_account: ImapAccount, sync: MailboxSync) -> None:
    [report] = sync.sync_once()
    assert (report.new, report.bodies, report.gone) == (0, 0, 0)
    with store.sessions.begin() as session:
        folder = session.scalars(select(Folder)).one()
        assert folder.uidvalidity == imap_account.status()["uidvalidity"]
    [again] = sync.sync_once()
    assert again.unchanged


def test_same_message_id_twice_and_none_at_all_are_all_kept(
    store: Store, imap_account: ImapAccount, sync: MailboxSync
) -> None:
    first = simple_message(1, body="Première demande.")
    second = simple_message(1, body="Seconde demande, même Message-ID.")
    anonymous = simple_message(2).replace(b"Message-ID: <msg2@example.org>\n", b"")
    imap_account.write_messages([first, second, anonymous])

    sync.sync_once()

    with store.sessions.begin() as session:
        rows = session.execute(
            select(Message.message_id, Message.message_id_header, Message.text).order_by(
                Message.uid
            )
        ).all()
    assert len(rows) == 3
    assert rows[0].message_id == rows[1].message_id == "<msg1@example.org>"
    assert rows[0].text != rows[1].text
    assert rows[2].message_id_header is None and rows[2].message_id  # a synthetic id


def test_a_25_mb_message_arrives_whole(
    store: Store, imap_account: ImapAccount, sync: MailboxSync
) -> None:
    line = b"A" * 76 + b"\n"
    big = simple_message(1, subject="Pièce jointe volumineuse").replace(
        b"Content-Type: text/plain; charset=utf-8\n",
        b"Content-Type: text/plain; charset=us-ascii\n",
    ) + line * (25_000_000 // len(line))
    imap_account.write_messages([simple_message(0), big, simple_message(2)])

    [report] = sync.sync_once()

    assert report.bodies == 3
    with store.sessions.begin() as session:
        sizes = session.execute(
            select(Message.uid, func.length(MessageRaw.data))
            .join(MessageRaw, MessageRaw.message_id == Message.id)
            .order_by(Message.uid)
        ).all()
    crlf = [m.count(b"\n") + len(m) for m in (simple_message(0), big, simple_message(2))]
    assert [size for _, size in sizes] == crlf


class StopAfter(QuietListener):
    """Cancels the sync once a stage starts."""

    def __init__(self, stage: Stage) -> None:
        self.stop_at = stage
        self.seen: list[tuple[Stage, int, int]] = []
        self.stop = False

    def stage(self, folder: str, stage: Stage, done: int, total: int) -> None:
        self.seen.append((stage, done, total))
        if stage is self.stop_at:
            self.stop = True

    def cancelled(self) -> bool:
        return self.stop


def test_headers_come_first_and_an_interrupted_sync_resumes(
    store: Store, imap_account: ImapAccount
) -> None:
    imap_account.write_messages(demo(30))
    listener = StopAfter(Stage.BODIES)
    with syncer(store, imap_account, listener=listener) as first:
        [report] = first.sync_once()
    assert report.cancelled and report.new == 30 and report.bodies == 0
    stored = keys(store)
    assert len(stored) == 30 and not any(fetched for _, _, fetched in stored)
    listing = select(Message.uid, Message.subject, Message.from_addr, Message.date).order_by(
        Message.uid
    )
    with store.sessions.begin() as session:
        headers_only = session.execute(listing).all()  # what the queue can list already
    assert all(row.from_addr and row.date for row in headers_only)

    with syncer(store, imap_account) as second:
        [resumed] = second.sync_once()
    assert (resumed.new, resumed.bodies) == (0, 30)
    assert [k for k, _, _ in keys(store)] == [k for k, _, _ in stored]
    assert all(fetched for _, _, fetched in keys(store))
    with store.sessions.begin() as session:
        assert session.execute(listing).all() == headers_only  # the bodies agree


def test_a_changed_uidvalidity_rekeys_without_duplicates(
    store: Store, imap_account: ImapAccount, sync: MailboxSync
) -> None:
    imap_account.write_messages(demo(12))
    sync.sync_once()
    with store.sessions.begin() as session:
        before = dict(session.execute(select(Message.message_id, Message.id)).all())
        session.execute(
            Message.__table__.update().where(Message.uid == 4).values(status="answered")
        )
    new_validity = imap_account.reset_uidvalidity(first_uid=100)
    sync.drop_connection()
    imap_account.append(simple_message(99))

    [report] = sync.sync_once()

    assert report.uidvalidity_changed
    assert report.rekeyed == 12 and report.new == 1 and report.gone == 0
    with store.sessions.begin() as session:
        rows = session.execute(
            select(Message.message_id, Message.id, Message.uidvalidity, Message.status)
        ).all()
    assert len(rows) == 13
    assert {r.uidvalidity for r in rows} == {new_validity}
    for message_id, store_id in before.items():
        assert any(r.id == store_id and r.message_id == message_id for r in rows)
    assert sum(1 for r in rows if r.status is MessageStatus.ANSWERED) == 1  # work kept


def test_a_message_expunged_while_bodies_are_fetched(
    store: Store, imap_account: ImapAccount
) -> None:
    imap_account.write_messages(demo(20))

    class ExpungeOnBodies(QuietListener):
        done = False

        def stage(self, folder: str, stage: Stage, done: int, total: int) -> None:
            if stage is Stage.BODIES and not self.done:
                self.done = True
                with imap_account.session("INBOX") as client:
                    client.uid("STORE", "7", "+FLAGS", "(\\Deleted)")
                    client.expunge()

    with syncer(store, imap_account, listener=ExpungeOnBodies()) as engine:
        engine.sync_once()
        engine.sync_once()
    with store.sessions.begin() as session:
        rows = {m.uid: m for m in session.scalars(select(Message))}
    assert sorted(rows) == list(range(1, 21))
    assert rows[7].gone_at is not None
    assert all(m.body_fetched for uid, m in rows.items() if uid != 7)


def test_a_connection_cut_mid_sync_completes_with_no_duplicate_and_no_gap(
    store: Store,
    imap_account: ImapAccount,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
) -> None:
    messages = demo(60)
    imap_account.write_messages(messages)
    proxy = dropping_proxy((imap_account.host, imap_account.port))
    proxy.drop_after_bytes(60_000)  # in the middle of the bodies
    config = account_for(imap_account, imap_port=proxy.address[1])
    with MailboxSync(
        store.sessions, config, imap_account.password, workers=0, sleep=lambda _s: None
    ) as engine:
        [report] = engine.sync_once()
    assert proxy.drops >= 1 and proxy.connections >= 2
    assert report.bodies == 60
    stored = keys(store)
    assert [uid for _, uid, _ in stored] == list(range(1, 61))
    with store.sessions.begin() as session:
        raws = session.scalars(select(MessageRaw.data).order_by(MessageRaw.message_id)).all()
    assert sorted(r.replace(b"\r\n", b"\n") for r in raws) == sorted(messages)


def test_a_server_that_keeps_dropping_gives_a_clear_error(
    store: Store,
    imap_account: ImapAccount,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
) -> None:
    imap_account.write_messages(demo(20))
    proxy = dropping_proxy((imap_account.host, imap_account.port))
    proxy.drop_after_bytes(3_000, once=False)
    config = account_for(imap_account, imap_port=proxy.address[1])
    with (
        MailboxSync(
            store.sessions, config, imap_account.password, retries=2, sleep=lambda _s: None
        ) as engine,
        pytest.raises(DeskError) as caught,
    ):
        engine.sync_once()
    assert caught.value.code is ErrorCode.SERVER_UNREACHABLE
    assert "dropped" in caught.value.describe()


def test_offline_is_a_clear_error_and_the_store_keeps_working(
    store: Store,
    imap_account: ImapAccount,
    dropping_proxy: Callable[[tuple[str, int]], DroppingProxy],
) -> None:
    imap_account.write_messages(demo(5))
    proxy = dropping_proxy((imap_account.host, imap_account.port))
    config = account_for(imap_account, imap_port=proxy.address[1])
    with MailboxSync(store.sessions, config, imap_account.password, workers=0) as engine:
        engine.sync_once()
        engine.drop_connection()
        proxy.refuse(True)
        with pytest.raises(DeskError) as caught:
            engine.sync_once()
        assert caught.value.code is ErrorCode.SERVER_UNREACHABLE
        with store.sessions.begin() as session:  # reading goes on
            assert session.scalar(select(func.count()).select_from(Message)) == 5
        proxy.refuse(False)
        imap_account.append(simple_message(42))
        [report] = engine.sync_once()
        assert report.new == 1


def test_wrong_password_names_the_account(store: Store, imap_account: ImapAccount) -> None:
    config = account_for(imap_account, name="Scolarité")
    with (
        MailboxSync(store.sessions, config, "not-the-password") as engine,
        pytest.raises(DeskError) as caught,
    ):
        engine.sync_once()
    assert caught.value.code is ErrorCode.LOGIN_FAILED
    assert "Scolarité" in caught.value.describe()
    assert imap_account.user in caught.value.describe()


def test_imaps_with_a_pinned_certificate(store: Store, imap_account: ImapAccount) -> None:
    der = ssl.PEM_cert_to_DER_cert(imap_account.cert_path.read_text())
    imap_account.write_messages(demo(3))
    pinned = account_for(imap_account, security=Security.SSL, pinned=fingerprint(der))
    with MailboxSync(store.sessions, pinned, imap_account.password, workers=0) as engine:
        [report] = engine.sync_once()
    assert report.bodies == 3


def test_starttls_with_the_server_ca(store: Store, imap_account: ImapAccount) -> None:
    config = account_for(
        imap_account, security=Security.STARTTLS, ca_file=str(imap_account.cert_path)
    )
    with MailboxSync(store.sessions, config, imap_account.password, workers=0) as engine:
        assert isinstance(engine.sync_once()[0], FolderReport)


@pytest.mark.parametrize("how", ["self-signed, not pinned", "another pin"])
def test_a_certificate_that_does_not_match_is_refused(
    store: Store, imap_account: ImapAccount, how: str
) -> None:
    pinned = "ab" * 32 if how == "another pin" else None
    config = account_for(imap_account, security=Security.SSL, pinned=pinned)
    with (
        MailboxSync(store.sessions, config, imap_account.password) as engine,
        pytest.raises(DeskError) as caught,
    ):
        engine.sync_once()
    assert caught.value.code is ErrorCode.CERT_REFUSED
    message = caught.value.describe()
    assert "pin" in message and "Nothing was sent" in message
    served = fingerprint(ssl.PEM_cert_to_DER_cert(imap_account.cert_path.read_text()))
    assert served in message  # the fingerprint to compare with what IT published


@pytest.mark.parametrize("security", [Security.SSL, Security.STARTTLS])
def test_a_certificate_for_another_name_is_refused(store: Store, security: Security) -> None:
    """A CA the account trusts, but a certificate issued to another host: refused."""
    with DovecotServer(cert_names=("other.example",)) as server:
        server.add_user("desk", "secret")
        server.write_messages("desk", [simple_message(1)])
        mailbox = ImapAccount(server, "desk", "secret")
        config = account_for(mailbox, security=security, ca_file=str(server.cert_path))
        with (
            MailboxSync(store.sessions, config, "secret") as engine,
            pytest.raises(DeskError) as caught,
        ):
            engine.sync_once()
    assert caught.value.code is ErrorCode.CERT_REFUSED
    assert "mismatch" in caught.value.describe().lower()
    with store.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 0


def test_plain_imap_is_refused_towards_another_machine(imap_account: ImapAccount) -> None:
    with pytest.raises(DeskError) as caught:
        account_for(imap_account, host="mail.example-edu.fr")
    assert caught.value.code is ErrorCode.ACCOUNT_INVALID
    assert "TLS" in caught.value.describe()


def test_a_missing_folder_is_named(store: Store, imap_account: ImapAccount) -> None:
    config = account_for(imap_account, folders=("INBOX", "Archives 2019"))
    with (
        MailboxSync(store.sessions, config, imap_account.password) as engine,
        pytest.raises(DeskError) as caught,
    ):
        engine.sync_once()
    assert caught.value.code is ErrorCode.FOLDER_NOT_FOUND
    assert "Archives 2019" in caught.value.describe()


def test_internal_dates_are_utc(store: Store, imap_account: ImapAccount, sync: MailboxSync) -> None:
    imap_account.write_messages([simple_message(3)])
    sync.sync_once()
    with store.sessions.begin() as session:
        internal = session.scalar(select(Message.internal_date))
    assert isinstance(internal, datetime) and internal.utcoffset() is not None
    assert internal.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


@pytest.mark.postgres
def test_only_one_client_syncs_an_account_on_postgresql(
    postgres_server: object, imap_account: ImapAccount, request: pytest.FixtureRequest
) -> None:
    """Team mode: a second Desk syncing the same account is told, and stores nothing."""
    from tests.support.postgres import PostgresServer

    assert isinstance(postgres_server, PostgresServer)
    url = postgres_server.create_database(template=request.getfixturevalue("postgres_template"))
    first, second = open_store(url), open_store(url)
    try:
        imap_account.write_messages([simple_message(1)])
        config = account_for(imap_account)
        with (
            MailboxSync(first.sessions, config, imap_account.password) as holder,
            holder._exclusive(),  # as if the first were in the middle of a pass
            MailboxSync(second.sessions, config, imap_account.password) as other,
            pytest.raises(DeskError) as caught,
        ):
            other.sync_once()
        assert caught.value.code is ErrorCode.SYNC_BUSY
        with MailboxSync(second.sessions, config, imap_account.password) as other:
            [report] = other.sync_once()  # the lock was released
        assert report.new == 1
    finally:
        first.close()
        second.close()


def test_folder_list_for_the_account_dialog(imap_account: ImapAccount) -> None:
    from desk.mail.imap import probe

    with imap_account.session() as client:
        client.create("Archives")
    assert {"INBOX", "Archives"} <= set(probe(account_for(imap_account), imap_account.password))


def test_after_a_uidvalidity_change_flags_are_refreshed_and_gone_mail_stays_gone_once(
    store: Store, imap_account: ImapAccount, sync: MailboxSync
) -> None:
    """CONDSTORE (Dovecot): the new folder's mod-sequences start over, so every flag is read
    once and HIGHESTMODSEQ re-established; a message that left before keeps its ``gone_at``."""
    imap_account.write_messages([simple_message(n) for n in range(1, 7)])
    sync.sync_once()
    with imap_account.session("INBOX") as client:
        client.uid("STORE", "6", "+FLAGS", "(\\Deleted)")
        client.expunge()
    [first] = sync.sync_once()
    assert first.gone == 1
    with store.sessions.begin() as session:
        left_at = session.scalar(select(Message.gone_at).where(Message.uid == 6))
    assert left_at is not None
    with imap_account.session("INBOX") as client:  # while Desk is not looking
        client.uid("STORE", "2", "+FLAGS", "(\\Flagged)")
        client.uid("STORE", "3", "+FLAGS", "(\\Seen \\Answered)")
    sync.drop_connection()
    imap_account.reset_uidvalidity(first_uid=100)

    [report] = sync.sync_once()

    assert report.uidvalidity_changed and report.rekeyed == 5
    assert report.gone == 0  # nothing new left the server
    assert report.flags_changed == 2

    def flags() -> dict[str | None, list[str]]:
        with store.sessions.begin() as session:
            rows = session.execute(
                select(Message.message_id, Message.flags).where(Message.gone_at.is_(None))
            ).all()
        return {mid: sorted(f) for mid, f in rows}

    assert flags()["<msg2@example.org>"] == ["\\Flagged"]
    assert flags()["<msg3@example.org>"] == ["\\Answered", "\\Seen"]
    with store.sessions.begin() as session:
        gone = session.execute(select(Message.gone_at, Message.status).where(Message.uid == 6))
        assert gone.one() == (left_at, MessageStatus.GONE)
        highest = session.scalar(select(Folder.highest_modseq))
    assert highest == imap_account.status()["highestmodseq"]

    # And CONDSTORE carries on from the re-established base.
    with imap_account.session("INBOX") as client:
        client.uid("STORE", "100", "+FLAGS", "(\\Flagged)")  # msg1
    [after] = sync.sync_once()
    assert not after.unchanged and after.flags_changed == 1
    assert flags()["<msg2@example.org>"] == ["\\Flagged"]
    assert flags()["<msg1@example.org>"] == ["\\Flagged"]
    [quiet] = sync.sync_once()
    assert quiet.unchanged and quiet.gone == 0
