"""A small TCP proxy on 127.0.0.1 that can cut connections, for network-failure tests.

Put it between a client and a real server (Dovecot, the SMTP peer), then
:meth:`DroppingProxy.drop_all` (the network went away), :meth:`~DroppingProxy.drop_after_bytes`
(the connection dies in the middle of a FETCH) or :meth:`~DroppingProxy.refuse`
(the server is unreachable: connections are refused). What clients sent is kept
(the first :data:`SENT_KEPT` bytes of each connection), so a test can count the
commands that crossed the wire (:meth:`DroppingProxy.sent_count`).
"""

from __future__ import annotations

import contextlib
import queue
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

_CHUNK = 65536
#: Client-to-server bytes kept per connection for :meth:`DroppingProxy.sent_count`.
SENT_KEPT = 1_000_000


@dataclass(eq=False)
class _Link:
    """One proxied connection: a client socket and the matching upstream socket."""

    number: int
    client: socket.socket
    upstream: socket.socket
    budget: int | None = None  # server->client bytes still allowed before the cut
    cut_requested: bool = False
    reset: bool = False
    to_client: int = 0
    to_server: int = 0
    thread: threading.Thread | None = field(default=None, repr=False)


class DroppingProxy:
    """Forward 127.0.0.1:``port`` to ``target``, with ways to break the connection."""

    host = "127.0.0.1"

    def __init__(self, target: tuple[str, int], *, connect_timeout: float = 5.0) -> None:
        self.target = target
        self.connect_timeout = connect_timeout
        self.port = 0
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._wake_r, self._wake_w = socket.socketpair()
        self._commands: queue.Queue[tuple[str, threading.Event]] = queue.Queue()
        self._lock = threading.Lock()
        self._links: list[_Link] = []
        self._finished: list[threading.Thread] = []
        self._budget: int | None = None
        self._once = True
        self._reset = False
        self._connections = 0
        self._drops = 0
        self._upstream_failures = 0
        self._refusing = False
        self._closed = False
        self._sent: dict[int, bytearray] = {}

    # ------------------------------------------------------------------ lifecycle

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    def _bind(self, port: int = 0) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, port))
            sock.listen(64)
        except BaseException:
            sock.close()
            raise
        return sock

    def start(self) -> None:
        """Listen on a free port and start accepting."""
        if self._thread is not None or self._closed:
            raise RuntimeError("the proxy is already started (or stopped for good)")
        self._listener = self._bind()
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._accept_loop, name="proxy-accept", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, cut every connection, join all threads, close all sockets."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._command("stop")
            self._thread.join(timeout=10)
            self._thread = None
        if self._listener is not None:  # never started, or the thread died
            self._listener.close()
            self._listener = None
        self.drop_all()
        with self._lock:
            threads = [link.thread for link in self._links if link.thread] + self._finished
            self._finished = []
        for thread in threads:
            thread.join(timeout=10)
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> DroppingProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _command(self, name: str) -> None:
        done = threading.Event()
        self._commands.put((name, done))
        self._wake_w.send(b"x")
        if not done.wait(10):
            raise RuntimeError(f"the proxy did not handle {name!r}")

    # ------------------------------------------------------------------ what tests use

    @property
    def connections(self) -> int:
        """How many client connections were accepted since start()."""
        with self._lock:
            return self._connections

    @property
    def active(self) -> int:
        """How many proxied connections are open now."""
        with self._lock:
            return len(self._links)

    @property
    def drops(self) -> int:
        """How many connections the proxy cut (drop_all, drop_after_bytes)."""
        with self._lock:
            return self._drops

    @property
    def upstream_failures(self) -> int:
        """Accepted connections closed at once because the target refused them."""
        with self._lock:
            return self._upstream_failures

    def sent_count(self, command: bytes) -> int:
        """How many times ``command`` (e.g. ``b" NOOP\\r\\n"``) went client->server, all links."""
        with self._lock:
            return sum(bytes(sent).count(command) for sent in self._sent.values())

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> None:
        """Wait until ``count`` connections were accepted (TimeoutError if not)."""
        deadline = time.monotonic() + timeout
        while self.connections < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.connections} connection(s), {count} expected")
            time.sleep(0.01)

    def drop_all(self, *, reset: bool = False) -> int:
        """Cut every open connection now; returns how many. ``reset`` sends a TCP RST."""
        with self._lock:
            links = list(self._links)
            for link in links:
                if not link.cut_requested:
                    link.cut_requested = True
                    link.reset = reset
                    self._drops += 1
        for link in links:
            # Wakes the link's thread (it sees EOF upstream); it then closes the client
            # (with SO_LINGER 0 for a reset, so no FIN may be sent before).
            with contextlib.suppress(OSError):
                link.upstream.shutdown(socket.SHUT_RDWR)
            if not reset:
                with contextlib.suppress(OSError):
                    link.client.shutdown(socket.SHUT_RDWR)
        for link in links:
            if link.thread is not None and link.thread is not threading.current_thread():
                link.thread.join(timeout=10)
        return len(links)

    def drop_after_bytes(
        self, count: int | None, *, once: bool = True, reset: bool = False
    ) -> None:
        """Cut a connection once ``count`` more bytes went server->client on it.

        Applies to the open connections (counting from now) and to new ones (counting
        from their start). With ``once`` (the default) the rule is disarmed after the
        first cut, so a reconnection then works. ``None`` disarms it.
        """
        if count is not None and count < 0:
            raise ValueError("count must be >= 0")
        with self._lock:
            self._budget = count
            self._once = once
            self._reset = reset
            for link in self._links:
                link.budget = count
        if count == 0:  # nothing more may flow: cut the open connections now
            with self._lock:
                links = [link for link in self._links if link.budget == 0]
            for link in links:
                self._request_cut(link)

    def refuse(self, flag: bool = True) -> None:
        """While on, new connections are refused (the port is closed); open ones stay."""
        if self._thread is None:
            raise RuntimeError("the proxy is not started")
        self._command("refuse" if flag else "accept")

    # ------------------------------------------------------------------ internals

    def _request_cut(self, link: _Link) -> None:
        with self._lock:
            if link.cut_requested:
                return
            link.cut_requested = True
            link.reset = self._reset
            self._drops += 1
            if self._once:
                self._budget = None
                for other in self._links:
                    other.budget = None
        with contextlib.suppress(OSError):
            link.upstream.shutdown(socket.SHUT_RDWR)

    def _accept_loop(self) -> None:
        while True:
            watched: list[socket.socket] = [self._wake_r]
            if self._listener is not None:
                watched.append(self._listener)
            readable, _, _ = select.select(watched, [], [])
            if self._wake_r in readable:
                with contextlib.suppress(OSError):
                    self._wake_r.recv(1024)
                while True:
                    try:
                        name, done = self._commands.get_nowait()
                    except queue.Empty:
                        break
                    stop = self._handle_command(name)
                    done.set()
                    if stop:
                        return
                continue
            if self._listener is not None and self._listener in readable:
                try:
                    client, _ = self._listener.accept()
                except OSError:
                    continue
                self._open_link(client)

    def _handle_command(self, name: str) -> bool:
        if name in {"refuse", "stop"}:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            self._refusing = name == "refuse"
            return name == "stop"
        if name == "accept" and self._listener is None:
            self._listener = self._bind(self.port)  # same port (SO_REUSEADDR)
            self._refusing = False
        return False

    def _open_link(self, client: socket.socket) -> None:
        with self._lock:
            self._connections += 1
            number = self._connections
        try:
            upstream = socket.create_connection(self.target, timeout=self.connect_timeout)
        except OSError:
            with self._lock:
                self._upstream_failures += 1
            client.close()
            return
        upstream.settimeout(None)
        client.settimeout(None)
        with self._lock:
            link = _Link(number, client, upstream, budget=self._budget)
            link.thread = threading.Thread(
                target=self._pump, args=(link,), name=f"proxy-link-{number}", daemon=True
            )
            self._links.append(link)
        link.thread.start()

    def _pump(self, link: _Link) -> None:
        try:
            while True:
                readable, _, _ = select.select([link.client, link.upstream], [], [])
                if link.cut_requested:  # set by another thread, which then woke us up
                    break
                if link.upstream in readable:
                    data = link.upstream.recv(_CHUNK)
                    if not data:
                        break
                    # Charge the budget before sending: a rule armed after the client
                    # saw these bytes must not count them.
                    with self._lock:
                        budget = link.budget
                        if budget is not None and len(data) < budget:
                            link.budget = budget - len(data)
                    if budget is not None and len(data) >= budget:
                        link.client.sendall(data[:budget])
                        link.to_client += budget
                        self._request_cut(link)
                        break
                    link.client.sendall(data)
                    link.to_client += len(data)
                if link.client in readable:
                    data = link.client.recv(_CHUNK)
                    if not data:
                        break
                    link.upstream.sendall(data)
                    link.to_server += len(data)
                    with self._lock:
                        sent = self._sent.setdefault(link.number, bytearray())
                        sent += data[: max(0, SENT_KEPT - len(sent))]
        except OSError:
            pass
        finally:
            if link.reset:
                with contextlib.suppress(OSError):
                    link.client.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
            else:
                with contextlib.suppress(OSError):
                    link.client.shutdown(socket.SHUT_RDWR)
            link.client.close()
            link.upstream.close()
            with self._lock:
                if link in self._links:
                    self._links.remove(link)
                if link.thread is not None:
                    self._finished.append(link.thread)
