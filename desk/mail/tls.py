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
import socket
import ssl
from typing import Any

from desk.mail.account import Endpoint

HANDSHAKE_TIMEOUT_S = 15.0


class CertificateMismatchError(ssl.SSLError):
    """The server's certificate is not the one pinned for the account."""

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"certificate SHA-256 {actual} is not the pinned {expected}")
        self.expected = expected
        self.actual = actual


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
    context = ssl.create_default_context(cafile=endpoint.ca_file)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def server_fingerprint(host: str, port: int, *, timeout: float = HANDSHAKE_TIMEOUT_S) -> str:
    """The SHA-256 fingerprint of the certificate an implicit-TLS server presents, unverified.

    For the account dialog: it shows this to the user, who compares it with
    what their IT department published before pinning it.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
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
    if isinstance(exc, ssl.SSLCertVerificationError):
        return exc.verify_message or str(exc)
    return exc.reason or str(exc)
