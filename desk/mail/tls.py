"""TLS for the mail servers: verified by default, one pinned certificate per account otherwise.

There is no global "accept any certificate" switch. A corporate server with a
self-signed certificate is accepted only when its SHA-256 fingerprint is
pinned for that account: the context then skips CA and name checks but refuses
any other certificate right after the handshake, before a password is sent.
Both imaplib and smtplib wrap their sockets through ``context.wrap_socket``,
implicit TLS and STARTTLS alike, which is where the pin is checked.
"""

from __future__ import annotations

import hashlib
import imaplib
import smtplib
import socket
import ssl
from typing import Any, Literal

from desk.mail.account import Endpoint

HANDSHAKE_TIMEOUT_S = 15.0


class CertificateMismatchError(ssl.SSLError):
    """The server's certificate is not the one pinned for the account."""

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"certificate SHA-256 {actual} is not the pinned {expected}")
        self.expected = expected
        self.actual = actual

    def __str__(self) -> str:
        # ssl.SSLError prints its args tuple when it has no errno/strerror pair.
        return f"its SHA-256 fingerprint {self.actual} is not the pinned {self.expected}"


def fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint of a DER certificate, as 64 lower-case hex digits."""
    return hashlib.sha256(der).hexdigest()


class PinnedContext(ssl.SSLContext):
    """A client context that accepts exactly one certificate, named by its fingerprint."""

    pinned_sha256: str

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        """Handshake, then refuse the connection unless the peer's certificate is the pinned one."""
        wrapped = super().wrap_socket(*args, **kwargs)
        der = wrapped.getpeercert(binary_form=True)
        actual = fingerprint(der) if der else "(none)"
        if actual != self.pinned_sha256:
            wrapped.close()
            raise CertificateMismatchError(self.pinned_sha256, actual)
        return wrapped


def client_context(endpoint: Endpoint) -> ssl.SSLContext:
    """The context to talk to ``endpoint``: pinned when a fingerprint is set, else verified."""
    if endpoint.pinned_sha256:
        pinned = PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
        pinned.check_hostname = False
        pinned.verify_mode = ssl.CERT_NONE
        pinned.minimum_version = ssl.TLSVersion.TLSv1_2
        pinned.pinned_sha256 = endpoint.pinned_sha256
        return pinned
    # The system's CAs first, then the account's own CA on top: a CA file adds
    # trust (a private CA for the mail server) and takes none away.
    context = ssl.create_default_context()
    if endpoint.ca_file:
        context.load_verify_locations(cafile=endpoint.ca_file)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _unverified() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def server_fingerprint(
    host: str,
    port: int,
    *,
    timeout: float = HANDSHAKE_TIMEOUT_S,
    starttls: Literal["imap", "smtp"] | None = None,
) -> str:
    """The SHA-256 fingerprint of the certificate a server presents, unverified.

    For the account dialog and for the "refused certificate" message: the user
    compares it with what their IT department published before pinning it.
    ``starttls`` names the protocol to speak before the handshake (IMAP or SMTP
    STARTTLS); without it the server speaks TLS at once (IMAPS, SMTPS).
    """
    context = _unverified()
    der: bytes | None
    if starttls == "imap":
        imap = imaplib.IMAP4(host, port, timeout=timeout)
        try:
            imap.starttls(ssl_context=context)
            der = imap.sock.getpeercert(binary_form=True)  # type: ignore[attr-defined]
        finally:
            imap.shutdown()
    elif starttls == "smtp":
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            smtp.starttls(context=context)
            der = smtp.sock.getpeercert(binary_form=True)  # type: ignore[union-attr]
    else:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host) as wrapped,
        ):
            der = wrapped.getpeercert(binary_form=True)
    return fingerprint(der) if der else ""


def describe_tls_error(exc: ssl.SSLError) -> str:
    """A short reason for a refused certificate, for error messages."""
    if isinstance(exc, CertificateMismatchError):
        return str(exc)
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return str(exc.verify_message)
    if exc.reason:
        return str(exc.reason)
    return exc.strerror or " ".join(str(a) for a in exc.args) or type(exc).__name__
