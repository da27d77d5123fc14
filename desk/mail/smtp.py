"""One SMTP submission connection, reused for a batch, with the server's answers sorted.

A 4xx answer means "later" (the outbox retries with backoff), a 5xx means
"never" (the reply fails with the server's reason for the agent to read), a
dropped connection means "unknown" (the reply stays in ``sending`` until the
Sent folder says whether it left).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable

from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig, Endpoint, Security
from desk.mail.imap import no_delay, plain_reason, refused_certificate
from desk.mail.tls import client_context


class SmtpConnectionLostError(Exception):
    """The connection dropped before the message was handed over: it was not sent."""


class SmtpInDoubtError(Exception):
    """The connection dropped after the final ".": the server may have taken the message."""


class SmtpRefusedError(Exception):
    """The server answered a message with an error code."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason

    @property
    def permanent(self) -> bool:
        """5xx: retrying will not help."""
        return self.code >= 500

    def __str__(self) -> str:
        return f"{self.code} {self.reason}"


def _decoded(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


_LINE_END = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT = re.compile(rb"(?m)^\.")


def _data_block(message: bytes) -> bytes:
    """The message as DATA carries it: CRLF lines, leading dots doubled, no final ".\r\n"."""
    block = _LEADING_DOT.sub(b"..", _LINE_END.sub(b"\r\n", message))
    return block if block.endswith(b"\r\n") else block + b"\r\n"


class SmtpConnection:
    """A logged-in submission session; use as a context manager."""

    def __init__(
        self, config: AccountConfig, password: str | None, *, timeout: float = 30.0
    ) -> None:
        if config.smtp is None:
            raise DeskError(
                ErrorCode.ACCOUNT_INVALID, account=config.name, reason="no SMTP server set"
            )
        self.config = config
        self.endpoint: Endpoint = config.smtp
        self._password = password
        self._timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> SmtpConnection:
        """Connect, protect and log in; failures are DeskErrors that say which."""
        endpoint = self.endpoint
        context = client_context(endpoint) if endpoint.security is not Security.NONE else None
        smtp: smtplib.SMTP | None = None
        try:
            if endpoint.security is Security.SSL:
                smtp = smtplib.SMTP_SSL(
                    endpoint.host, endpoint.port, timeout=self._timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(endpoint.host, endpoint.port, timeout=self._timeout)
                if endpoint.security is Security.STARTTLS:
                    smtp.starttls(context=context)
            if smtp.sock is not None:
                no_delay(smtp.sock)
            smtp.ehlo_or_helo_if_needed()
            if endpoint.user and self._password is not None:
                smtp.login(endpoint.user, self._password)
        except ssl.SSLError as exc:
            _quit(smtp)
            raise refused_certificate(exc, "SMTP", endpoint, self.config.name) from exc
        except smtplib.SMTPAuthenticationError as exc:
            _quit(smtp)
            raise DeskError(
                ErrorCode.LOGIN_FAILED,
                kind="SMTP",
                server=endpoint.describe(),
                user=endpoint.user,
                account=self.config.name,
                reason=f"{exc.smtp_code} {plain_reason(exc.smtp_error)}",
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            _quit(smtp)
            raise DeskError(
                ErrorCode.SERVER_UNREACHABLE,
                kind="SMTP",
                server=endpoint.describe(),
                account=self.config.name,
                reason=plain_reason(exc),
            ) from exc
        self._smtp = smtp
        return self

    def send(
        self, sender: str, recipient: str, message: bytes, handed_over: Callable[[], None]
    ) -> None:
        """Submit one message; ``handed_over`` runs just before the final "." goes out.

        Before that dot the server discards an interrupted transaction, so a
        failure there (SmtpConnectionLostError) means "not sent". After it the
        server may have taken the message: a failure to read its answer is
        SmtpInDoubtError. ``handed_over`` is where the outbox notes that the
        reply is leaving (its hand-over journal); if it raises, no dot is sent.
        """
        smtp = self._smtp
        if smtp is None:
            raise SmtpConnectionLostError("not connected")
        try:
            for command, expected in (
                (f"MAIL FROM:<{sender}>", 250),
                (f"RCPT TO:<{recipient}>", 250),
            ):
                code, reply = smtp.docmd(command)
                if code != expected and not (expected == 250 and code == 251):
                    self._reset()
                    raise SmtpRefusedError(code, _decoded(reply))
            code, reply = smtp.docmd("DATA")
            if code != 354:
                self._reset()
                raise SmtpRefusedError(code, _decoded(reply))
            smtp.send(_data_block(message))
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self._smtp = None
            raise SmtpConnectionLostError(str(exc) or type(exc).__name__) from exc
        try:
            handed_over()
        except BaseException:
            self._abandon()  # no dot: the server throws the transaction away
            raise
        try:
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self._smtp = None
            raise SmtpInDoubtError(str(exc) or type(exc).__name__) from exc
        if code != 250:
            raise SmtpRefusedError(code, _decoded(reply))

    def _abandon(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def _reset(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self._smtp = None

    @property
    def connected(self) -> bool:
        """False once the connection dropped."""
        return self._smtp is not None

    def close(self) -> None:
        """Say goodbye (best effort)."""
        smtp, self._smtp = self._smtp, None
        _quit(smtp)

    def __enter__(self) -> SmtpConnection:
        return self.open() if self._smtp is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _quit(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
