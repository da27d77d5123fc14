"""The throwaway Dovecot: loading mail, TLS, UIDVALIDITY changes, the extensions Desk uses."""

from __future__ import annotations

import contextlib
import imaplib
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from tests.support import dovecot as dovecot_module
from tests.support.dovecot import DovecotServer, DovecotUnavailableError, ImapAccount
from tests.support.mail import simple_message
from tests.support.required import missing

REPO = Path(__file__).resolve().parents[2]


def dated_message(n: int, date: str) -> bytes:
    return (
        f"From: Parent {n} <parent{n}@example.org>\n"
        "To: contact@example-edu.fr\n"
        f"Subject: Message {n}\n"
        f"Message-ID: <dated{n}@example.org>\n"
        f"Date: {date}\n"
        "\n"
        f"Body {n}\n"
    ).encode()


def fetch_items(client: imaplib.IMAP4, uids: str, items: str) -> list[tuple[bytes, bytes]]:
    """(FETCH metadata line, literal) pairs of a ``UID FETCH``."""
    status, data = client.uid("FETCH", uids, items)
    assert status == "OK", data
    return [item for item in data if isinstance(item, tuple)]


def uid_of(meta: bytes) -> int:
    match = re.search(rb"UID (\d+)", meta)
    assert match, meta
    return int(match.group(1))


def message_ids(client: imaplib.IMAP4) -> dict[int, str]:
    pairs = fetch_items(client, "1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    return {uid_of(meta): body.decode().split(":", 1)[1].strip() for meta, body in pairs}


def capabilities(client: imaplib.IMAP4) -> set[str]:
    status, data = client.capability()
    assert status == "OK"
    return set(data[0].decode().upper().split())


def test_refuses_a_dovecot_other_than_2_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dovecot_module, "dovecot_version", lambda binary=None: "2.4.1 (abc)")
    if dovecot_module.find_binary("dovecot") is None:
        missing("dovecot not installed (scripts/test.sh installs dovecot-imapd)")
    with pytest.raises(DovecotUnavailableError, match=r"2\.4\.1.*only 2\.3\.x"):
        DovecotServer()


def test_says_clearly_when_dovecot_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dovecot_module, "find_binary", lambda name: None)
    with pytest.raises(DovecotUnavailableError, match=r"not installed.*dovecot-imapd"):
        DovecotServer()


def test_server_listens_on_loopback_with_the_extensions_desk_needs(
    dovecot: DovecotServer, imap_account: ImapAccount
) -> None:
    assert dovecot.host == "127.0.0.1"
    assert dovecot.version.startswith("2.3.")
    assert dovecot.running
    conf = dovecot.conf_path.read_text()
    assert "mail_max_userip_connections = 500" in conf
    assert "listen = 127.0.0.1" in conf
    with imap_account.imap() as client:
        caps = capabilities(client)  # after LOGIN (imaplib keeps the pre-login list)
        assert {"CONDSTORE", "QRESYNC", "IDLE", "ENABLE", "UIDPLUS", "MOVE"} <= caps
        assert {"ESEARCH", "SPECIAL-USE", "LITERAL+"} <= caps
        assert "STARTTLS" in client.capabilities  # offered before login on the plain port


def test_many_connections_from_one_address(imap_account: ImapAccount) -> None:
    """Dovecot's default limit is 10 per user and IP; the fixture allows 500."""
    clients = []
    try:
        for _ in range(15):
            client = imap_account.imap()
            clients.append(client)
            assert client.select("INBOX")[0] == "OK"
    finally:
        for client in clients:
            client.logout()


def test_write_messages_gives_uids_in_write_order_and_internaldate_from_date(
    imap_account: ImapAccount,
) -> None:
    # Dates deliberately out of order: the UIDs must follow the write order, not the dates.
    dates = [
        "Mon, 16 Mar 2020 09:12:00 +0100",
        "Sun, 01 Mar 2020 23:59:59 -0500",
        "Tue, 31 Dec 2019 08:00:00 +0000",
        "Wed, 18 Mar 2020 10:00:00 +0200",
    ]
    first = [dated_message(i, dates[i % len(dates)]) for i in range(40)]
    assert imap_account.write_messages(first) == 40
    second = [dated_message(100 + i, dates[i % len(dates)]) for i in range(5)]
    assert imap_account.write_messages(iter(second)) == 5  # any iterable, even a generator

    with imap_account.session("INBOX") as client:
        ids = message_ids(client)
        assert sorted(ids) == list(range(1, 46))
        expected = [f"<dated{i}@example.org>" for i in [*range(40), *range(100, 105)]]
        assert [ids[uid] for uid in sorted(ids)] == expected

        status, lines = client.uid("FETCH", "1:4", "(UID INTERNALDATE)")
        assert status == "OK"
        for index, line in enumerate(lines):
            assert isinstance(line, bytes)
            internal = imaplib.Internaldate2tuple(line)
            assert internal is not None, line
            assert time.mktime(internal) == parsedate_to_datetime(dates[index]).timestamp()


def test_write_messages_sizes_and_flags(imap_account: ImapAccount) -> None:
    crlf = b"Subject: crlf\r\nMessage-ID: <crlf@example.org>\r\n\r\nline one\r\nline two\r\n"
    lf = simple_message(1)
    imap_account.write_messages([lf, crlf], flags="S")
    imap_account.write_messages([simple_message(2)], flags=("\\Flagged", "\\Answered"))
    imap_account.write_messages([simple_message(3)])
    names = sorted(path.name for path in (imap_account.maildir() / "cur").iterdir())
    lf_wire = len(lf) + lf.count(b"\n")
    assert names[0].endswith(f",S={len(lf)},W={lf_wire}:2,S")
    assert names[1].endswith(f",S={len(crlf)},W={len(crlf)}:2,S")
    assert names[2].endswith(":2,FR")
    assert names[3].endswith(":2,")
    with imap_account.session("INBOX") as client:
        status, data = client.uid("FETCH", "1:*", "(UID FLAGS RFC822.SIZE)")
        assert status == "OK"
        lines = [item.decode() for item in data if isinstance(item, bytes)]
        assert "\\Seen" in lines[0] and f"RFC822.SIZE {lf_wire}" in lines[0]
        assert f"RFC822.SIZE {len(crlf)}" in lines[1]
        assert "\\Flagged" in lines[2] and "\\Answered" in lines[2]
        assert re.search(r"FLAGS \((\\Recent)?\)", lines[3]), lines[3]
        assert client.uid("FETCH", "2", "(BODY.PEEK[])")[1][0][1] == crlf


def test_write_messages_to_a_sent_folder(imap_account: ImapAccount) -> None:
    assert imap_account.write_messages([simple_message(1), simple_message(2)], folder="Sent") == 2
    sent = imap_account.maildir("Sent")
    assert sent == imap_account.maildir() / ".Sent"  # Maildir++ layout
    assert (sent / "maildirfolder").exists()
    assert imap_account.status("Sent")["messages"] == 2
    assert imap_account.status("INBOX")["messages"] == 0
    with imap_account.session() as client:
        status, listing = client.list()
        assert status == "OK"
        sent_line = next(line for line in listing if line.endswith(b" Sent"))
        assert b"\\Sent" in sent_line  # special-use, so a client can find it
        assert any(line.endswith(b" Sent") for line in client.lsub()[1])
        assert client.select("Sent") == ("OK", [b"2"])


def test_live_append_is_seen_by_a_connected_client(imap_account: ImapAccount) -> None:
    imap_account.write_messages([simple_message(1)])
    with imap_account.session("INBOX") as watcher:
        date = "Fri, 20 Mar 2020 14:30:00 +0100"
        uid = imap_account.append(dated_message(7, date), flags=("\\Seen",))
        assert uid == 2
        status, _ = watcher.noop()
        assert status == "OK"
        assert watcher.response("EXISTS")[1][-1] == b"2"
        meta, body = fetch_items(watcher, "2", "(UID FLAGS INTERNALDATE BODY.PEEK[])")[0]
        assert b"\\Seen" in meta
        internal = imaplib.Internaldate2tuple(meta)
        assert internal is not None
        assert time.mktime(internal) == parsedate_to_datetime(date).timestamp()
        assert body == dated_message(7, date).replace(b"\n", b"\r\n")


def test_imaps_and_starttls_verify_the_self_signed_certificate(
    dovecot: DovecotServer, imap_account: ImapAccount
) -> None:
    context = ssl.create_default_context(cafile=str(dovecot.cert_path))
    with imaplib.IMAP4_SSL(dovecot.host, dovecot.ssl_port, ssl_context=context) as client:
        client.login(imap_account.user, imap_account.password)
        assert client.select("INBOX")[0] == "OK"
        assert client.sock.version() in {"TLSv1.2", "TLSv1.3"}
    with imaplib.IMAP4_SSL("localhost", dovecot.ssl_port, ssl_context=context) as client:
        client.login(imap_account.user, imap_account.password)  # DNS:localhost also in the SAN
    with imaplib.IMAP4(dovecot.host, dovecot.port) as client:
        client.starttls(ssl_context=context)
        client.login(imap_account.user, imap_account.password)
        assert client.select("INBOX")[0] == "OK"
    # A default context (system CAs only) does not trust it.
    with pytest.raises(ssl.SSLCertVerificationError):
        imaplib.IMAP4_SSL(dovecot.host, dovecot.ssl_port, ssl_context=ssl.create_default_context())


def test_a_certificate_for_another_name_is_refused() -> None:
    with DovecotServer(cert_names=("other.example",)) as server:
        server.add_user("someone", "secret")
        context = server.ssl_context()
        with pytest.raises(ssl.SSLCertVerificationError, match="mismatch"):
            imaplib.IMAP4_SSL(server.host, server.ssl_port, ssl_context=context)
        client = imaplib.IMAP4(server.host, server.port)
        with pytest.raises(ssl.SSLCertVerificationError, match="mismatch"):
            client.starttls(ssl_context=context)
        with contextlib.suppress(OSError):  # the failed handshake left the socket detached
            client.shutdown()
        # Same certificate, right name: the chain itself is fine.
        with (
            socket.create_connection((server.host, server.ssl_port)) as raw,
            context.wrap_socket(raw, server_hostname="other.example") as tls,
        ):
            assert tls.recv(100).startswith(b"* OK")


def test_set_uidvalidity_keeps_the_uids(imap_account: ImapAccount) -> None:
    imap_account.write_messages([simple_message(i) for i in range(3)])
    before = imap_account.status()
    imap_account.set_uidvalidity(1234567)
    after = imap_account.status()
    assert before["uidvalidity"] != 1234567
    assert after["uidvalidity"] == 1234567
    with imap_account.session() as client:
        status, data = client.status("INBOX", "(UIDVALIDITY UIDNEXT)")
        assert status == "OK"
        assert b"UIDVALIDITY 1234567" in data[0]
        client.select("INBOX")
        assert client.response("UIDVALIDITY")[1] == [b"1234567"]
        assert sorted(message_ids(client)) == [1, 2, 3]


def test_reset_uidvalidity_renumbers_every_message(imap_account: ImapAccount) -> None:
    imap_account.write_messages([simple_message(i) for i in range(5)])
    with imap_account.session("INBOX") as client:
        old_ids = message_ids(client)
        client.uid("STORE", "2", "+FLAGS.SILENT", "(\\Seen)")
    before = imap_account.status()

    new_validity = imap_account.reset_uidvalidity()

    after = imap_account.status()
    assert new_validity == before["uidvalidity"] + 1 == after["uidvalidity"]
    assert after["messages"] == 5
    with imap_account.session("INBOX") as client:
        assert client.response("UIDVALIDITY")[1] == [str(new_validity).encode()]
        new_ids = message_ids(client)
        assert sorted(new_ids) == list(range(6, 11))  # from the old UIDNEXT on: no UID reused
        assert list(new_ids.values()) == list(old_ids.values())  # same messages, same order
        flags = client.uid("FETCH", "7", "(FLAGS)")[1][0]
        assert b"\\Seen" in flags  # flags live in the file names, so they survive
    # And the classic rebuild: UIDs from 1 again, under an explicit UIDVALIDITY.
    assert imap_account.reset_uidvalidity(uidvalidity=42, first_uid=1) == 42
    with imap_account.session("INBOX") as client:
        assert client.response("UIDVALIDITY")[1] == [b"42"]
        assert sorted(message_ids(client)) == [1, 2, 3, 4, 5]


def test_status_reports_modseq_changes(imap_account: ImapAccount) -> None:
    imap_account.write_messages([simple_message(i) for i in range(3)])
    first = imap_account.status()
    assert (first["messages"], first["uidnext"], first["unseen"]) == (3, 4, 3)
    with imap_account.session("INBOX") as client:
        client.uid("STORE", "1", "+FLAGS.SILENT", "(\\Seen)")
    second = imap_account.status()
    assert second["highestmodseq"] > first["highestmodseq"]
    assert second["unseen"] == 2


def test_condstore_qresync_and_idle_work(imap_account: ImapAccount) -> None:
    imap_account.write_messages([simple_message(i) for i in range(4)])
    with imap_account.imap() as client:
        status, data = client._simple_command("ENABLE", "QRESYNC")
        assert status == "OK"
        assert client.untagged_responses.get("ENABLED") == [b"QRESYNC"]
        client.select("INBOX")
        modseq = int(client.response("HIGHESTMODSEQ")[1][0])
        validity = int(client.response("UIDVALIDITY")[1][0])
        client.uid("STORE", "2", "+FLAGS.SILENT", "(\\Flagged)")
        client.uid("STORE", "4", "+FLAGS.SILENT", "(\\Deleted)")
        client.expunge()
        status, data = client.uid("FETCH", "1:*", f"(FLAGS) (CHANGEDSINCE {modseq})")
        assert status == "OK"
        changed = [item for item in data if item]
        assert len(changed) == 1 and b"UID 2 " in changed[0]  # only the flagged one
        client.close()

        # QRESYNC SELECT reports the expunged UID as VANISHED (EARLIER).
        tag = client._new_tag().decode()
        client.send(f"{tag} SELECT INBOX (QRESYNC ({validity} {modseq}))\r\n".encode())
        lines = []
        while True:
            line = client.readline()
            lines.append(line)
            if line.startswith(tag.encode()):
                break
        assert lines[-1].startswith(f"{tag} OK".encode()), lines
        assert any(line.startswith(b"* VANISHED (EARLIER) 4") for line in lines), lines

        # IDLE: an APPEND from elsewhere arrives as EXISTS without polling.
        tag = client._new_tag().decode()
        client.send(f"{tag} IDLE\r\n".encode())
        assert client.readline().startswith(b"+")
        imap_account.append(simple_message(99))
        client.sock.settimeout(10)
        assert client.readline() == b"* 4 EXISTS\r\n"
        client.send(b"DONE\r\n")
        while not (line := client.readline()).startswith(tag.encode()):
            pass
        assert line.startswith(f"{tag} OK".encode())


def test_accounts_do_not_see_each_other(dovecot: DovecotServer, imap_account: ImapAccount) -> None:
    imap_account.write_messages([simple_message(1)])
    dovecot.add_user(imap_account.user + "-other", "pw-other")
    with dovecot.imap(imap_account.user + "-other", "pw-other") as client:
        assert client.select("INBOX") == ("OK", [b"0"])
    with pytest.raises(imaplib.IMAP4.error):
        dovecot.imap(imap_account.user, "wrong password")


def test_write_a_thousand_messages(imap_account: ImapAccount) -> None:
    """The helper fills a mailbox in one go (its speed is bench.sync's business, not a test's)."""
    messages = [simple_message(i, body="x" * 2000) for i in range(1000)]
    imap_account.write_messages(messages)
    with imap_account.session("INBOX") as client:
        assert client.response("EXISTS")[1] == [b"1000"]


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_rootless_mode_as_nobody(tmp_path: Path) -> None:
    """The same helper, run by an unprivileged user (what a developer's laptop does)."""
    if dovecot_module.find_binary("dovecot") is None:
        missing("dovecot not installed (scripts/test.sh installs dovecot-imapd)")
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": "/tmp"}
    probe = subprocess.run(
        [*as_nobody, "-c", "import tests.support.dovecot"],
        cwd="/tmp",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if probe.returncode != 0:
        # A clone under a private folder (mktemp -d is 0700): nobody cannot reach the
        # venv's Python or the repository, whatever the helper does.
        pytest.skip(f"user nobody cannot run this checkout's Python: {probe.stderr.strip()[-200:]}")
    script = (
        "import os, ssl, imaplib\n"
        "from tests.support.dovecot import DovecotServer\n"
        "from tests.support.mail import simple_message\n"
        "server = DovecotServer()\n"
        "assert not server.root_mode\n"
        "with server:\n"
        "    server.add_user('u', 'p')\n"
        "    server.write_messages('u', [simple_message(i) for i in range(3)])\n"
        "    server.write_messages('u', [simple_message(9)], folder='Sent')\n"
        "    with server.imaps('u', 'p') as client:\n"
        "        assert client.select('INBOX') == ('OK', [b'3']), client\n"
        "    server.append('u', 'p', simple_message(4))\n"
        "    assert server.status('u')['messages'] == 4\n"
        "    assert server.reset_uidvalidity('u') > 0\n"
        "    try:\n"
        "        server.imap('u', 'wrong')\n"
        "    except imaplib.IMAP4.error:\n"
        "        pass\n"
        "    server.imap('u', 'p').logout()\n"
        "    owner = os.stat(server.maildir('u') / 'cur').st_uid\n"
        "    print('ok', owner, server.dir)\n"
    )
    result = subprocess.run(
        [*as_nobody, "-c", script],
        cwd="/tmp",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    words = result.stdout.split()
    assert words[:2] == ["ok", "65534"]
    assert not Path(words[2]).exists()  # stop() removed the instance folder


def test_restart_keeps_mail_users_and_ports(imap_account: ImapAccount) -> None:
    server = DovecotServer()
    server.start()
    try:
        server.add_user("keeper", "pw")
        server.write_messages("keeper", [simple_message(1)])
        ports = (server.port, server.ssl_port)
        client = server.imap("keeper", "pw")
        try:
            client.select("INBOX")
            server.restart()
            with pytest.raises((imaplib.IMAP4.abort, OSError)):
                client.noop()
        finally:
            with contextlib.suppress(OSError):
                client.shutdown()
        assert (server.port, server.ssl_port) == ports
        with server.imap("keeper", "pw") as again:
            assert again.select("INBOX") == ("OK", [b"1"])
    finally:
        server.stop()


def test_stop_removes_everything() -> None:
    server = DovecotServer()
    server.start()
    folder = server.dir
    assert folder is not None and folder.parent == Path("/tmp") and len(str(folder)) <= 60
    pid_file = folder / "run" / "master.pid"
    master_pid = int(pid_file.read_text().split()[0])
    server.stop()
    assert not folder.exists()
    assert not server.running
    with pytest.raises(ProcessLookupError):
        os.kill(master_pid, 0)
