"""A real SMTP peer for the outbox tests: aiosmtpd on a free 127.0.0.1 port, in a thread.

It records every accepted message, can answer 4xx/5xx on demand (for the next N
messages, or for given recipients), optionally requires AUTH PLAIN/LOGIN and offers
STARTTLS with a self-signed certificate, and counts connections.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import shutil
import ssl
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support.dovecot import free_port, make_certificate


@dataclass(frozen=True)
class ReceivedMessage:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    message: EmailMessage
    connection: int  #: 1-based number of the connection it came on
    authenticated_as: str | None = None
    tls: bool = False


@dataclass(frozen=True)
class Rejection:
    """One reply the server gave instead of accepting (MAIL, RCPT or DATA stage)."""

    stage: str
    code: int
    mail_from: str | None
    rcpt_to: str | None
    connection: int


@dataclass
class _Failure:
    remaining: int
    code: int
    text: str
    stage: str


@dataclass
class _ConnectionState:
    number: int
    user: str | None = None


class _CountingController(Controller):
    """A Controller whose protocol factory counts (and remembers) connections."""

    def __init__(self, owner: SmtpServer, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owner = owner

    def factory(self) -> SMTP:
        smtpd: SMTP = super().factory()  # type: ignore[no-untyped-call]
        self._owner._connection_opened(smtpd)
        return smtpd


class SmtpServer:
    """aiosmtpd on 127.0.0.1, recording messages; see the module docstring."""

    host = "127.0.0.1"

    def __init__(
        self,
        *,
        auth: tuple[str, str] | None = None,
        starttls: bool = False,
        require_starttls: bool = False,
        cert_names: tuple[str, ...] = ("localhost", "127.0.0.1"),
        hostname: str = "localhost",
    ) -> None:
        self.auth = auth
        self.starttls = starttls or require_starttls
        self.require_starttls = require_starttls
        self.cert_names = cert_names
        self.hostname = hostname
        self.port = 0
        self._cert_dir: Path | None = None
        self._controller: _CountingController | None = None
        self._cond = threading.Condition()
        self._messages: list[ReceivedMessage] = []
        self._rejections: list[Rejection] = []
        self._failures: list[_Failure] = []
        self._rejected_rcpts: dict[str, tuple[int, str]] = {}
        self._connections = 0
        self._protocols: weakref.WeakSet[SMTP] = weakref.WeakSet()
        self._states: weakref.WeakKeyDictionary[SMTP, _ConnectionState] = (
            weakref.WeakKeyDictionary()
        )

    # ------------------------------------------------------------------ lifecycle

    @property
    def cert_path(self) -> Path:
        """The self-signed certificate (PEM) offered by STARTTLS."""
        if self._cert_dir is None:
            raise RuntimeError("STARTTLS is off or the server is not started")
        return self._cert_dir / "cert.pem"

    def ssl_context(self) -> ssl.SSLContext:
        """A verifying client context trusting :attr:`cert_path`."""
        return ssl.create_default_context(cafile=str(self.cert_path))

    def _tls_context(self) -> ssl.SSLContext | None:
        if not self.starttls:
            return None
        self._cert_dir = Path(tempfile.mkdtemp(prefix="smtp-"))
        cert, key = make_certificate(self._cert_dir, self.cert_names)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        return context

    def start(self) -> None:
        """Start on a free port (a few tries in case another process takes it first)."""
        if self._controller is not None:
            raise RuntimeError("the SMTP server is already running")
        tls_context = self._tls_context()
        kwargs: dict[str, Any] = {
            "hostname": self.host,
            "server_hostname": self.hostname,
            "ready_timeout": 10.0,
            "tls_context": tls_context,
            "require_starttls": self.require_starttls,
        }
        if self.auth is not None:
            # AUTH is advertised without TLS too (loopback test peer); "auth required" is
            # enforced in handle_MAIL so that aiosmtpd's auth_required warning never fires.
            kwargs["authenticator"] = self._authenticate
            kwargs["auth_require_tls"] = False
        last_error: Exception | None = None
        try:
            for _ in range(5):
                self.port = free_port()
                controller = _CountingController(self, _Handler(self), port=self.port, **kwargs)
                try:
                    controller.start()
                except OSError as exc:  # port taken between the probe and the bind
                    last_error = exc
                    self._discard(controller)
                    continue
                with self._cond:
                    self._connections = 0  # Controller.start() made a probe connection
                self._controller = controller
                return
        except BaseException:
            self._remove_cert()
            raise
        self._remove_cert()
        raise RuntimeError(f"the SMTP server did not start: {last_error}")

    @staticmethod
    def _discard(controller: _CountingController) -> None:
        with contextlib.suppress(Exception):
            controller.stop(no_assert=True)
        if not controller.loop.is_closed():
            controller.loop.close()

    def stop(self) -> None:
        """Close client connections, stop the loop and join its thread."""
        controller, self._controller = self._controller, None
        try:
            if controller is not None:
                if controller.loop.is_running():
                    future = asyncio.run_coroutine_threadsafe(
                        self._close_connections(), controller.loop
                    )
                    with contextlib.suppress(Exception):
                        future.result(timeout=5)
                controller.stop()
                if not controller.loop.is_closed():
                    controller.loop.close()
        finally:
            self._remove_cert()

    async def _close_connections(self) -> None:
        for protocol in list(self._protocols):
            transport = protocol.transport
            if transport is not None and not transport.is_closing():
                transport.close()
        for _ in range(3):  # let connection_lost() callbacks run
            await asyncio.sleep(0)

    def _remove_cert(self) -> None:
        if self._cert_dir is not None:
            shutil.rmtree(self._cert_dir, ignore_errors=True)
            self._cert_dir = None

    def __enter__(self) -> SmtpServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ what tests look at

    @property
    def messages(self) -> list[ReceivedMessage]:
        """A snapshot of the accepted messages, in arrival order."""
        with self._cond:
            return list(self._messages)

    @property
    def rejections(self) -> list[Rejection]:
        """A snapshot of the 4xx/5xx replies given so far."""
        with self._cond:
            return list(self._rejections)

    @property
    def connections(self) -> int:
        """How many SMTP connections clients opened since start() (or reset())."""
        with self._cond:
            return self._connections

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Wait until at least ``count`` messages arrived; returns them (TimeoutError if not)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"{len(self._messages)} message(s) received, {count} expected"
                    )
                self._cond.wait(left)
            return list(self._messages)

    def reset(self) -> None:
        """Forget messages, rejections, pending failures and the connection count."""
        with self._cond:
            self._messages.clear()
            self._rejections.clear()
            self._failures.clear()
            self._rejected_rcpts.clear()
            self._connections = 0

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self,
        count: int = 1,
        code: int = 451,
        text: str = "4.3.0 Try again later",
        *,
        stage: str = "DATA",
    ) -> None:
        """Answer ``code text`` to the next ``count`` transactions, at MAIL, RCPT or DATA.

        At DATA (the default) the reply comes after the message body, the usual place
        for a server to defer or refuse a message. Rules queue up: the first one is
        used until exhausted.
        """
        stage = stage.upper()
        if stage not in {"MAIL", "RCPT", "DATA"}:
            raise ValueError("stage must be MAIL, RCPT or DATA")
        if not 400 <= code <= 599 or count < 1:
            raise ValueError("code must be 4xx or 5xx, count at least 1")
        with self._cond:
            self._failures.append(_Failure(count, code, text, stage))

    def reject_recipient(
        self, address: str, code: int = 550, text: str = "5.1.1 No such user"
    ) -> None:
        """Answer ``code text`` to every ``RCPT TO`` this address (case-insensitive)."""
        if not 400 <= code <= 599:
            raise ValueError("code must be 4xx or 5xx")
        with self._cond:
            self._rejected_rcpts[address.lower()] = (code, text)

    def accept_recipient(self, address: str) -> None:
        """Undo :meth:`reject_recipient`."""
        with self._cond:
            self._rejected_rcpts.pop(address.lower(), None)

    def clear_failures(self) -> None:
        """Drop pending :meth:`fail_next` rules and recipient rejections."""
        with self._cond:
            self._failures.clear()
            self._rejected_rcpts.clear()

    def _take_failure(self, stage: str) -> tuple[int, str] | None:
        with self._cond:
            if not self._failures or self._failures[0].stage != stage:
                return None
            failure = self._failures[0]
            failure.remaining -= 1
            if failure.remaining == 0:
                self._failures.pop(0)
            return failure.code, failure.text

    # ------------------------------------------------------------------ aiosmtpd hooks

    def _connection_opened(self, smtpd: SMTP) -> None:
        with self._cond:
            self._connections += 1
            self._protocols.add(smtpd)
            self._states[smtpd] = _ConnectionState(self._connections)

    def _state(self, server: SMTP) -> _ConnectionState:
        with self._cond:
            return self._states.get(server) or _ConnectionState(0)

    def _reject(
        self, server: SMTP, stage: str, code: int, text: str, envelope: Envelope, rcpt: str | None
    ) -> str:
        with self._cond:
            self._rejections.append(
                Rejection(stage, code, envelope.mail_from, rcpt, self._state(server).number)
            )
        return f"{code} {text}"

    def _authenticate(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        if self.auth is None or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = self.auth
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        if ok:
            self._state(server).user = user
        return AuthResult(success=ok, handled=False)

    # ------------------------------------------------------------------ SMTP hooks
    # (subclasses may override them and call super(); _Handler forwards to them)

    async def handle_MAIL(  # noqa: N802 (aiosmtpd hook name)
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        if self.auth is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        failure = self._take_failure("MAIL")
        if failure is not None:
            envelope.mail_from = None
            return self._reject(server, "MAIL", *failure, envelope, None)
        return "250 2.1.0 OK"

    async def handle_RCPT(  # noqa: N802
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        with self._cond:
            rejected = self._rejected_rcpts.get(address.lower())
        if rejected is not None:
            return self._reject(server, "RCPT", *rejected, envelope, address)
        failure = self._take_failure("RCPT")
        if failure is not None:
            return self._reject(server, "RCPT", *failure, envelope, address)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        failure = self._take_failure("DATA")
        if failure is not None:
            return self._reject(server, "DATA", *failure, envelope, None)
        content = envelope.original_content or envelope.content or b""
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        state = self._state(server)
        parsed = email.message_from_bytes(data, policy=email.policy.default)
        received = ReceivedMessage(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=data,
            message=parsed,
            connection=state.number,
            authenticated_as=state.user,
            tls=session.ssl is not None,
        )
        with self._cond:
            self._messages.append(received)
            number = len(self._messages)
            self._cond.notify_all()
        return f"250 2.0.0 OK queued as {number}"


class _Handler:
    """The object given to aiosmtpd: it inspects every attribute of its handler (so the
    properties of SmtpServer would run), hence this thin forwarder."""

    def __init__(self, owner: SmtpServer) -> None:
        self._owner = owner

    async def handle_MAIL(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        return await self._owner.handle_MAIL(server, session, envelope, address, options)

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        return await self._owner.handle_RCPT(server, session, envelope, address, options)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        return await self._owner.handle_DATA(server, session, envelope)
