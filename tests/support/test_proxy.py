"""The dropping proxy: forwards faithfully, then cuts, resets and refuses on demand."""

from __future__ import annotations

import imaplib
import smtplib
import socket
import threading
from collections.abc import Callable, Iterator
from email.message import EmailMessage

import pytest

from tests.support.dovecot import ImapAccount, free_port
from tests.support.mail import simple_message
from tests.support.proxy import DroppingProxy
from tests.support.smtp import SmtpServer

MakeProxy = Callable[[tuple[str, int]], DroppingProxy]


class ChattyServer:
    """A tiny TCP server: greets with ``hello\\n``; ``send N\\n`` makes it send N bytes."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = ("127.0.0.1", int(self.listener.getsockname()[1]))
        self.threads: list[threading.Thread] = []
        self.accepter = threading.Thread(target=self._accept, daemon=True)
        self.accepter.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    @staticmethod
    def _serve(conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as lines:
            try:
                conn.sendall(b"hello\n")
                for line in lines:
                    count = int(line.split()[1])
                    conn.sendall(b"x" * count)
            except OSError:
                pass

    def close(self) -> None:
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.accepter.join(5)
        for thread in self.threads:
            thread.join(5)


@pytest.fixture
def chatty() -> Iterator[ChattyServer]:
    server = ChattyServer()
    try:
        yield server
    finally:
        server.close()


def read_exactly(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            break
        data += chunk
    return data


def read_to_eof(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_forwards_both_ways_and_counts(chatty: ChattyServer, dropping_proxy: MakeProxy) -> None:
    proxy = dropping_proxy(chatty.address)
    assert proxy.address[0] == "127.0.0.1"
    for expected_connections in (1, 2):
        with socket.create_connection(proxy.address, timeout=5) as sock:
            assert read_exactly(sock, 6) == b"hello\n"
            sock.sendall(b"send 300000\n")
            assert read_exactly(sock, 300000) == b"x" * 300000
            assert proxy.connections == expected_connections
            assert proxy.active == 1
    assert proxy.drops == 0


def test_drop_all_cuts_every_connection(chatty: ChattyServer, dropping_proxy: MakeProxy) -> None:
    proxy = dropping_proxy(chatty.address)
    socks = [socket.create_connection(proxy.address, timeout=5) for _ in range(3)]
    try:
        for sock in socks:
            assert read_exactly(sock, 6) == b"hello\n"
        assert proxy.drop_all() == 3
        for sock in socks:
            assert read_to_eof(sock) == b""  # clean EOF
        assert proxy.active == 0 and proxy.drops == 3
    finally:
        for sock in socks:
            sock.close()
    with socket.create_connection(proxy.address, timeout=5) as sock:  # reconnecting works
        assert read_exactly(sock, 6) == b"hello\n"


def test_drop_all_with_reset(chatty: ChattyServer, dropping_proxy: MakeProxy) -> None:
    proxy = dropping_proxy(chatty.address)
    with socket.create_connection(proxy.address, timeout=5) as sock:
        assert read_exactly(sock, 6) == b"hello\n"
        proxy.drop_all(reset=True)
        with pytest.raises(ConnectionResetError):
            sock.recv(10)


def test_drop_after_bytes_cuts_exactly_there_once(
    chatty: ChattyServer, dropping_proxy: MakeProxy
) -> None:
    proxy = dropping_proxy(chatty.address)
    with socket.create_connection(proxy.address, timeout=5) as sock:
        assert read_exactly(sock, 6) == b"hello\n"
        proxy.drop_after_bytes(100_000)  # counted from now on this open connection
        sock.sendall(b"send 250000\n")
        assert len(read_to_eof(sock)) == 100_000
    assert proxy.drops == 1
    with socket.create_connection(proxy.address, timeout=5) as sock:  # disarmed after one
        sock.sendall(b"send 250000\n")
        assert len(read_exactly(sock, 250_006)) == 250_006


def test_drop_after_bytes_on_every_new_connection(
    chatty: ChattyServer, dropping_proxy: MakeProxy
) -> None:
    proxy = dropping_proxy(chatty.address)
    proxy.drop_after_bytes(1000, once=False)
    for _ in range(2):
        with socket.create_connection(proxy.address, timeout=5) as sock:
            sock.sendall(b"send 5000\n")
            assert len(read_to_eof(sock)) == 1000  # greeting included
    assert proxy.drops == 2
    proxy.drop_after_bytes(None)
    with socket.create_connection(proxy.address, timeout=5) as sock:
        sock.sendall(b"send 5000\n")
        assert len(read_exactly(sock, 5006)) == 5006


def test_refuse_makes_the_server_unreachable(
    chatty: ChattyServer, dropping_proxy: MakeProxy
) -> None:
    proxy = dropping_proxy(chatty.address)
    with socket.create_connection(proxy.address, timeout=5) as kept:
        assert read_exactly(kept, 6) == b"hello\n"
        proxy.refuse(True)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(proxy.address, timeout=5)
        kept.sendall(b"send 10\n")  # open connections keep working
        assert read_exactly(kept, 10) == b"x" * 10
        proxy.refuse(False)
        with socket.create_connection(proxy.address, timeout=5) as sock:
            assert read_exactly(sock, 6) == b"hello\n"
    assert proxy.connections == 2


def test_target_down_gives_an_immediate_eof(dropping_proxy: MakeProxy) -> None:
    proxy = dropping_proxy(("127.0.0.1", free_port()))
    with socket.create_connection(proxy.address, timeout=5) as sock:
        assert read_to_eof(sock) == b""
    assert proxy.upstream_failures == 1


def test_stop_joins_threads_and_closes_sockets(chatty: ChattyServer) -> None:
    proxy = DroppingProxy(chatty.address)
    proxy.start()
    sock = socket.create_connection(proxy.address, timeout=5)
    try:
        assert read_exactly(sock, 6) == b"hello\n"
        proxy.stop()
        assert read_to_eof(sock) == b""
    finally:
        sock.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("proxy-")]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(proxy.address, timeout=5)
    proxy.stop()  # idempotent


def test_cut_imap_in_the_middle_of_a_fetch(
    imap_account: ImapAccount, dropping_proxy: MakeProxy
) -> None:
    imap_account.write_messages([simple_message(i, body="y" * 3000) for i in range(200)])
    proxy = dropping_proxy((imap_account.host, imap_account.port))
    client = imaplib.IMAP4(*proxy.address, timeout=10)
    try:
        client.login(imap_account.user, imap_account.password)
        client.select("INBOX")
        proxy.drop_after_bytes(50_000)
        with pytest.raises((imaplib.IMAP4.abort, OSError)):
            client.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
    finally:
        client.shutdown()
    assert proxy.drops == 1
    with imaplib.IMAP4(*proxy.address, timeout=10) as client:  # the next sync gets through
        client.login(imap_account.user, imap_account.password)
        client.select("INBOX")
        status, data = client.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
        assert status == "OK"
        assert len([item for item in data if isinstance(item, tuple)]) == 200


def test_smtp_through_the_proxy_and_a_drop(
    smtp_server: SmtpServer, dropping_proxy: MakeProxy
) -> None:
    proxy = dropping_proxy((smtp_server.host, smtp_server.port))
    message = EmailMessage()
    message["From"] = "contact@example-edu.fr"
    message["To"] = "parent@example.org"
    message["Subject"] = "Re: bonjour"
    message.set_content("Réponse")
    client = smtplib.SMTP(*proxy.address, timeout=10)
    try:
        client.send_message(message)
        proxy.drop_all()
        with pytest.raises(smtplib.SMTPServerDisconnected):
            client.send_message(message)
    finally:
        client.close()
    assert len(smtp_server.wait_for(1)) == 1
    assert smtp_server.connections == 1 and proxy.connections == 1
