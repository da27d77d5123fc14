"""One IMAP connection to a shared mailbox, on imapclient, with failures turned into DeskErrors.

imapclient parses FETCH responses, IDLE and CONDSTORE for us; this module adds
what Desk needs around it: TLS as the account says (verified or pinned),
the capabilities read again after login (servers announce CONDSTORE and
friends only then), folder state as a small dataclass, and network failures
sorted into "cannot reach", "refused the login", "refused the certificate" and
"lost the connection" (the sync engine retries only the last).
"""

from __future__ import annotations

import ast
import imaplib
import logging
import re
import smtplib
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import AccountConfig, Endpoint, Security
from desk.mail.tls import (
    CertificateMismatchError,
    client_context,
    describe_tls_error,
    server_fingerprint,
)

CONNECT_TIMEOUT_S = 30.0
# imaplib refuses response lines over 1 MB; ``UID SEARCH ALL`` on 150,000
# messages is about that long (shared/recipes/dovecot.md, pitfall 18).
setattr(imaplib, "_MAXLINE", 50_000_000)  # noqa: B010 - a private knob, not in the stubs


class ConnectionLostError(Exception):
    """The connection dropped in the middle of a command; a new one may carry on."""


# How a dropped connection shows itself in the socket, TLS and imaplib layers.
_TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (OSError, IMAPClientAbortError, EOFError)
# The exceptions that mean the connection is gone (not that the server said no).
NETWORK_ERRORS: tuple[type[BaseException], ...] = (*_TRANSPORT_ERRORS, ConnectionLostError)


@dataclass(slots=True)
class Fetched:
    """One message's FETCH response: the metadata asked for, and its one literal (or None)."""

    uid: int
    flags: list[str] | None = None
    internal_date: datetime | None = None
    size: int | None = None
    literal: bytes | None = None


_META = re.compile(
    rb'UID (?P<uid>\d+)|FLAGS \((?P<flags>[^)]*)\)|INTERNALDATE "(?P<date>[^"]+)"'
    rb"|RFC822\.SIZE (?P<size>\d+)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def internal_date(text: str) -> datetime | None:
    """An IMAP INTERNALDATE (``17-Mar-2020 10:00:00 +0100``) in UTC; locale-independent."""
    try:
        day, month, rest = text.strip().split("-", 2)
        year, clock, zone = rest.split(" ")
        hour, minute, second = (int(x) for x in clock.split(":"))
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        local = datetime(int(year), _MONTHS[month.title()], int(day), hour, minute, second)
        return (local - offset).replace(tzinfo=UTC)
    except (ValueError, KeyError, IndexError):
        return None


def imap_date(day: date) -> str:
    """A date as IMAP SEARCH writes it (``17-Mar-2020``), whatever the locale."""
    month = next(name for name, number in _MONTHS.items() if number == day.month)
    return f"{day.day}-{month}-{day.year}"


def uid_set(uids: Sequence[int]) -> str:
    """UIDs as an IMAP set with ranges (``1:500,502``): short command lines."""
    ordered = sorted(set(uids))
    parts: list[str] = []
    start = previous = ordered[0]
    for uid in ordered[1:]:
        if uid != previous + 1:
            parts.append(f"{start}:{previous}" if previous != start else str(start))
            start = uid
        previous = uid
    parts.append(f"{start}:{previous}" if previous != start else str(start))
    return ",".join(parts)


def _parse_fetch(data: list[Any]) -> dict[int, Fetched]:
    """imaplib's FETCH data, one entry per message that carried a UID."""
    found: dict[int, Fetched] = {}
    meta = b""
    literal: bytes | None = None

    def flush() -> None:
        if not meta:
            return
        item: Fetched | None = None
        for match in _META.finditer(meta):
            if match["uid"]:
                item = Fetched(uid=int(match["uid"]), literal=literal)
                break
        if item is None:
            return  # an unsolicited update without a UID
        for match in _META.finditer(meta):
            if match["flags"] is not None:
                flags = match["flags"].decode("utf-8", "replace").split()
                # \Recent belongs to one session, not to the message: never stored.
                item.flags = sorted(f for f in flags if f.lower() != "\\recent")
            elif match["date"]:
                item.internal_date = internal_date(match["date"].decode("ascii", "replace"))
            elif match["size"]:
                item.size = int(match["size"])
        found[item.uid] = item

    for element in data:
        if isinstance(element, tuple):
            flush()
            meta, literal = element[0], element[1]
        elif isinstance(element, bytes) and element[:1].isdigit():
            flush()
            meta, literal = element, None
        elif isinstance(element, bytes):
            meta += element  # the rest of the response after its literal
    flush()
    return found


@dataclass(frozen=True, slots=True)
class FolderState:
    """What SELECT/EXAMINE told about a folder."""

    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int
    highest_modseq: int | None


def _fingerprint_or_unknown(exc: ssl.SSLError, kind: str, endpoint: Endpoint) -> str:
    """The SHA-256 of the certificate the server presented, for the user to compare and pin.

    A wrong pin already names it; otherwise a second, unverified handshake reads
    it, over STARTTLS too (the refused handshake does not keep the certificate).
    """
    if isinstance(exc, CertificateMismatchError):
        return exc.actual
    starttls: Literal["imap", "smtp"] | None = None
    if endpoint.security is Security.STARTTLS:
        starttls = "imap" if kind == "IMAP" else "smtp"
    try:
        found = server_fingerprint(endpoint.host, endpoint.port, timeout=5, starttls=starttls)
    except (OSError, ssl.SSLError, imaplib.IMAP4.error, smtplib.SMTPException):
        return "(unknown)"
    return found or "(unknown)"


def refused_certificate(
    exc: ssl.SSLError, kind: str, endpoint: Endpoint, account: str
) -> DeskError:
    """The DeskError for a certificate that did not pass, naming what to pin."""
    return DeskError(
        ErrorCode.CERT_REFUSED,
        kind=kind,
        server=endpoint.describe(),
        account=account,
        reason=plain_reason(describe_tls_error(exc)),
        fingerprint=_fingerprint_or_unknown(exc, kind, endpoint),
    )


_BYTES_REPR = re.compile(r"""^b(['"]).*\1$""", re.DOTALL)
_RESPONSE_CODE = re.compile(r"^\[[A-Z][A-Z0-9.-]*(?: [^\]]*)?\]\s*")


def plain_reason(value: object) -> str:
    """A server's or library's reason as plain words for a sentence, whatever it came as.

    imaplib hands the server's text over as bytes and imapclient wraps that in
    ``str()``, so a refused login reads ``b'Login failed.'``; an exception's
    args print as a tuple. This decodes bytes (and their repr), joins tuples,
    drops a leading response code (``[AUTHENTICATIONFAILED]``) and the final
    full stop, which the message around it supplies.
    """
    if isinstance(value, bytes):
        text = value.decode("utf-8", "replace")
    elif isinstance(value, (tuple, list)):
        text = " ".join(plain_reason(part) for part in value)
    elif isinstance(value, BaseException):
        text = plain_reason(value.args) if value.args else ""
        text = text or type(value).__name__
    else:
        text = str(value)
    text = text.strip()
    if _BYTES_REPR.match(text):
        try:
            literal = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            literal = None
        if isinstance(literal, bytes):
            text = literal.decode("utf-8", "replace").strip()
    text = _RESPONSE_CODE.sub("", text)
    return text.rstrip(" .") or text


class ImapConnection:
    """A logged-in IMAP session for one account; use as a context manager."""

    def __init__(
        self, config: AccountConfig, password: str, *, timeout: float = CONNECT_TIMEOUT_S
    ) -> None:
        self.config = config
        self.endpoint = config.imap
        self._password = password
        self._timeout = timeout
        self._client: IMAPClient | None = None
        self.capabilities: frozenset[str] = frozenset()

    # ------------------------------------------------------------- lifecycle
    def open(self) -> ImapConnection:
        """Connect, protect and log in; every failure is a DeskError that says which."""
        endpoint = self.endpoint
        context = client_context(endpoint) if endpoint.security is not Security.NONE else None
        try:
            client = IMAPClient(
                endpoint.host,
                port=endpoint.port,
                ssl=endpoint.security is Security.SSL,
                ssl_context=context,
                timeout=self._timeout,
            )
        except ssl.SSLError as exc:
            raise refused_certificate(exc, "IMAP", endpoint, self.config.name) from exc
        except OSError as exc:
            raise self._unreachable(exc) from exc
        client.normalise_times = False  # aware datetimes, converted to UTC by the caller
        no_delay(client.socket())
        if not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG):
            # imapclient turns imaplib's tracing to its maximum and sends it to a logger;
            # imaplib then formats the repr of every response, message bodies included,
            # before the logger drops it: 1.3 s of a 26,000-message sync, measured.
            client._imap.debug = 0
        try:
            if endpoint.security is Security.STARTTLS:
                client.starttls(context)
            client.login(endpoint.user, self._password)
            self.capabilities = frozenset(
                c.decode("ascii", "replace").upper() for c in client.capabilities()
            )
            if "CONDSTORE" in self.capabilities:
                client.enable("CONDSTORE")  # before SELECT (recipe pitfall 16)
        except ssl.SSLError as exc:
            _close_quietly(client)
            raise refused_certificate(exc, "IMAP", endpoint, self.config.name) from exc
        except LoginError as exc:
            _close_quietly(client)
            raise DeskError(
                ErrorCode.LOGIN_FAILED,
                kind="IMAP",
                server=endpoint.describe(),
                user=endpoint.user,
                account=self.config.name,
                reason=plain_reason(exc),
            ) from exc
        except (OSError, IMAPClientAbortError) as exc:
            _close_quietly(client)
            raise self._unreachable(exc) from exc
        except IMAPClientError as exc:
            _close_quietly(client)
            raise DeskError(
                ErrorCode.SERVER_ERROR,
                kind="IMAP",
                server=endpoint.describe(),
                reason=plain_reason(exc),
            ) from exc
        self._client = client
        return self

    def close(self) -> None:
        """Log out (best effort: the connection may already be gone)."""
        if self._client is not None:
            client, self._client = self._client, None
            try:
                client.logout()
            except (*NETWORK_ERRORS, IMAPClientError):
                _close_quietly(client)

    def __enter__(self) -> ImapConnection:
        return self.open() if self._client is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _unreachable(self, exc: BaseException) -> DeskError:
        return DeskError(
            ErrorCode.SERVER_UNREACHABLE,
            kind="IMAP",
            server=self.endpoint.describe(),
            account=self.config.name,
            reason=plain_reason(exc),
        )

    # ------------------------------------------------------------- commands
    @property
    def client(self) -> IMAPClient:
        """The imapclient session (opened)."""
        if self._client is None:
            raise ConnectionLostError("not connected")
        return self._client

    @property
    def has_condstore(self) -> bool:
        """True when the server can tell which flags changed since a modification sequence."""
        return "CONDSTORE" in self.capabilities

    @property
    def has_idle(self) -> bool:
        """True when the server can push new mail (IDLE)."""
        return "IDLE" in self.capabilities

    def examine(self, folder: str) -> FolderState:
        """Select ``folder`` read-only (nothing the sync does can change it) and read its state."""
        return self._select(folder, readonly=True)

    def select(self, folder: str) -> FolderState:
        """Select ``folder`` read-write (for flagging and moving answered mail)."""
        return self._select(folder, readonly=False)

    def _select(self, folder: str, *, readonly: bool) -> FolderState:
        with self.translated():
            try:
                info = self.client.select_folder(folder, readonly=readonly)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                if not self.client.folder_exists(folder):
                    raise DeskError(
                        ErrorCode.FOLDER_NOT_FOUND,
                        folder=folder,
                        server=self.endpoint.describe(),
                        account=self.config.name,
                    ) from exc
                raise
        modseq = info.get(b"HIGHESTMODSEQ")
        uidnext = info.get(b"UIDNEXT")
        if uidnext is None:
            # Courier-IMAP leaves UIDNEXT out of SELECT/EXAMINE; STATUS has it. Without
            # it every pass would list the whole folder, and the watch could not tell
            # that mail came between a pass and IDLE.
            with self.translated():
                uidnext = self.client.folder_status(folder, [b"UIDNEXT"]).get(b"UIDNEXT")
        return FolderState(
            name=folder,
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(uidnext) if uidnext is not None else None,
            exists=int(info[b"EXISTS"]),
            highest_modseq=int(modseq) if modseq is not None and self.has_condstore else None,
        )

    def fetch_bulk(self, uids: Sequence[int], items: str) -> dict[int, Fetched]:
        """``UID FETCH`` of many messages at once, parsed by us.

        imapclient's response parser is pure Python and costs more than the
        download itself (measured: 0.35 ms a message for headers, over a
        third of the headers-first phase); imaplib, under it, returns the
        raw lines, of which only UID, FLAGS, INTERNALDATE, RFC822.SIZE and
        one literal are read here. ``items`` is an IMAP list without
        parentheses, e.g. ``"FLAGS RFC822.SIZE BODY.PEEK[HEADER]"``.
        """
        if not uids:
            return {}
        with self.translated():
            imap = self.client._imap  # imapclient's imaplib connection, for the raw lines
            typ, data = imap.uid("FETCH", uid_set(uids), f"(UID {items})")
        if typ == "NO":
            # "Some messages could not be FETCHed": expunged meanwhile. The others came.
            data = [d for d in data if isinstance(d, tuple) or (d and d[:1].isdigit())]
        elif typ != "OK":
            raise DeskError(
                ErrorCode.SERVER_ERROR,
                kind="IMAP",
                server=self.endpoint.describe(),
                reason=plain_reason([d for d in data if d]),
            )
        return _parse_fetch(list(data))

    def search(self, criteria: Sequence[str | int]) -> list[int]:
        """``UID SEARCH`` in the selected folder."""
        with self.translated():
            return [int(uid) for uid in self.client.search(list(criteria))]

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Turn a dropped connection into ConnectionLostError (the engine reconnects)."""
        try:
            yield
        except DeskError:
            raise
        except _TRANSPORT_ERRORS as exc:
            raise ConnectionLostError(
                f"connection lost: {_text(exc) or type(exc).__name__}"
            ) from exc
        except IMAPClientError as exc:
            raise DeskError(
                ErrorCode.SERVER_ERROR,
                kind="IMAP",
                server=self.endpoint.describe(),
                reason=plain_reason(exc),
            ) from exc


def no_delay(sock: socket.socket) -> None:
    """Send small writes at once (TCP_NODELAY).

    IMAP and SMTP clients write a command, then its tail, then wait for the
    answer; with Nagle's algorithm each such exchange can stall on the peer's
    delayed ACK (40 ms on Linux): measured, the outbox sent 16 replies a
    second instead of hundreds.
    """
    with suppress(OSError):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _text(exc: BaseException) -> str:
    parts = [a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in exc.args]
    return " ".join(p for p in parts if p).strip()


def _close_quietly(client: IMAPClient) -> None:
    with suppress(OSError, IMAPClientError):
        client.shutdown()


def probe(config: AccountConfig, password: str, *, timeout: float = 15.0) -> list[str]:
    """Log in and list the folders: the account dialog's "Test connection"."""
    with ImapConnection(config, password, timeout=timeout) as connection, connection.translated():
        return [name for _flags, _sep, name in connection.client.list_folders()]
