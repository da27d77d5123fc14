"""Fixtures for the real IMAP/SMTP peers: Dovecot, Courier, aiosmtpd and a dropping proxy.

Register them from the root conftest with ``pytest_plugins = ["tests.support.fixtures"]``.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from tests.support.courier import CourierServer, CourierUnavailableError
from tests.support.dovecot import DovecotServer, DovecotUnavailableError, ImapAccount
from tests.support.proxy import DroppingProxy
from tests.support.required import missing
from tests.support.smtp import SmtpServer

_user_numbers = itertools.count(1)
Server = TypeVar("Server", bound=DovecotServer)


def _running(make: Callable[[], Server], unavailable: type[Exception]) -> Iterator[Server]:
    """A started server, stopped afterwards; a skip (or a failure in CI) when it cannot run."""
    try:
        server = make()
    except unavailable as exc:
        missing(str(exc))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One private Dovecot for the whole run (plain + IMAPS on 127.0.0.1), stopped at the end.

    Skipped when Dovecot 2.3 is not installed, unless DESK_REQUIRE_SERVERS or CI is set.
    """
    yield from _running(DovecotServer, DovecotUnavailableError)


@pytest.fixture(scope="session")
def courier() -> Iterator[CourierServer]:
    """One private Courier-IMAP for the whole run, stopped at the end.

    Skipped when Courier cannot run here, unless DESK_REQUIRE_SERVERS or CI is set:
    then a missing server fails the run, as a missing Dovecot does.
    """
    yield from _running(CourierServer, CourierUnavailableError)


@pytest.fixture
def imap_account(dovecot: DovecotServer) -> Iterator[ImapAccount]:
    """A fresh user (own mailbox) on the shared Dovecot; its mail is deleted afterwards."""
    user = f"user{next(_user_numbers)}"
    password = secrets.token_urlsafe(12)
    dovecot.add_user(user, password)
    try:
        yield ImapAccount(dovecot, user, password)
    finally:
        dovecot.remove_user_mail(user)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A fresh recording SMTP peer on 127.0.0.1 (no AUTH, no TLS), stopped after the test.

    For AUTH or STARTTLS, build ``SmtpServer(auth=(user, password), starttls=True)``
    in the test, inside ``with``.
    """
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dropping_proxy() -> Iterator[Callable[[tuple[str, int]], DroppingProxy]]:
    """A factory: ``dropping_proxy((host, port))`` starts a proxy; all are stopped after."""
    proxies: list[DroppingProxy] = []

    def make(target: tuple[str, int]) -> DroppingProxy:
        proxy = DroppingProxy(target)
        proxies.append(proxy)
        proxy.start()
        return proxy

    try:
        yield make
    finally:
        errors = []
        for proxy in proxies:
            try:
                proxy.stop()
            except Exception as exc:  # stop them all, then report
                errors.append(exc)
        if errors:
            raise errors[0]
