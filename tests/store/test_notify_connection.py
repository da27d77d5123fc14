"""The change listener's life: closing, losing the connection, reconnecting, its set-up."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from desk.queue.claims import claim_messages
from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.notify import (
    RESYNC,
    Backoff,
    Change,
    ChangeListener,
    ListenerState,
    Phase,
    coalesce,
    conninfo_for,
    listener_for,
)
from tests.support.changes import (
    NOW,
    SAFETY_S,
    SteppedClock,
    add_messages,
    changes_after,
    in_session,
    wait_for_phase,
)
from tests.support.proxy import DroppingProxy


@pytest.mark.postgres
def test_close_from_another_thread_wakes_a_waiting_wait(listener: ChangeListener) -> None:
    returned: list[list[Change]] = []
    waiter = threading.Thread(target=lambda: returned.append(listener.wait(3600)))
    waiter.start()
    deadline = time.monotonic() + SAFETY_S
    while not listener._lock.locked():  # the waiter is inside wait()
        assert time.monotonic() < deadline, "the waiter never started waiting"
        time.sleep(0.01)
    listener.close()
    waiter.join(SAFETY_S)
    assert not waiter.is_alive(), "close() did not wake wait()"
    assert returned == [[]]
    assert listener.state.phase is Phase.CLOSED
    assert listener.backend_pid is None
    assert listener.wait(3600) == []  # closed for good: returns at once


@pytest.mark.postgres
def test_a_terminated_backend_is_replaced_and_says_resync(team_store: Store) -> None:
    clock = SteppedClock()
    states: list[ListenerState] = []
    found = listener_for(team_store, clock=clock, on_state=states.append)
    assert found is not None
    with found as listener:
        old_pid = listener.backend_pid
        assert old_pid is not None and listener.state.phase is Phase.CONNECTED
        with team_store.engine.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": old_pid})
        assert wait_for_phase(listener, Phase.RECONNECTING) == []
        assert listener.state.retry_in_s == 1.0
        assert listener.state.failures == 1 and listener.state.error
        clock.advance(1.0)
        assert listener.wait(SAFETY_S) == [Change(RESYNC, None)]
        assert listener.state == ListenerState(Phase.CONNECTED)
        assert listener.backend_pid not in {None, old_pid}
        assert changes_after(team_store, listener, lambda: add_messages(team_store, 1)) == {
            "mail": frozenset({1})
        }
    assert [s.phase for s in states] == [
        Phase.CONNECTED, Phase.RECONNECTING, Phase.CONNECTED, Phase.CLOSED,
    ]  # fmt: skip


def _through(proxy: DroppingProxy, url: str) -> str:
    return make_url(url).set(host=proxy.host, port=proxy.port).render_as_string(False)


@pytest.mark.postgres
def test_a_dropped_network_backs_off_then_resyncs(
    team_store: Store, dropping_proxy: Callable[[tuple[str, int]], DroppingProxy]
) -> None:
    parsed = make_url(team_store.url)
    proxy = dropping_proxy((str(parsed.host), int(parsed.port or 5432)))
    clock = SteppedClock()
    listener = ChangeListener.for_url(
        _through(proxy, team_store.url), clock=clock, backoff=Backoff(first_s=1, cap_s=4)
    )
    listener.start()
    try:
        assert listener.state.phase is Phase.CONNECTED
        proxy.refuse(True)
        proxy.drop_all()
        assert wait_for_phase(listener, Phase.RECONNECTING) == []
        delays = [listener.state.retry_in_s]
        for _ in range(4):  # every attempt is refused: 1, 2, 4, then capped at 4
            failures = listener.state.failures
            clock.advance(listener.state.retry_in_s or 0.0)
            assert listener.wait(0.2) == []
            assert listener.state.failures == failures + 1
            delays.append(listener.state.retry_in_s)
        assert delays == [1.0, 2.0, 4.0, 4.0, 4.0]
        assert listener.state.phase is Phase.RECONNECTING
        assert "refused" in (listener.state.error or "").lower()
        # Meanwhile the team went on: that notification is lost, hence the resync.
        add_messages(team_store, 1)
        proxy.refuse(False)
        clock.advance(4.0)
        assert listener.wait(SAFETY_S) == [Change(RESYNC, None)]
        assert listener.state.phase is Phase.CONNECTED
        claim = in_session(team_store, lambda s: claim_messages(s, 1, [1], NOW))
        assert changes_after(team_store, listener, claim) == {"claims": frozenset({1})}
    finally:
        listener.close()


@pytest.mark.postgres
def test_a_listener_that_cannot_connect_at_start_keeps_trying(
    team_store: Store, dropping_proxy: Callable[[tuple[str, int]], DroppingProxy]
) -> None:
    parsed = make_url(team_store.url)
    proxy = dropping_proxy((str(parsed.host), int(parsed.port or 5432)))
    proxy.refuse(True)
    clock = SteppedClock()
    listener = ChangeListener.for_url(_through(proxy, team_store.url), clock=clock)
    try:
        listener.start()  # no exception: the window keeps working, the status bar says why
        assert listener.state.phase is Phase.RECONNECTING
        assert listener.state.retry_in_s == 1.0
        proxy.refuse(False)
        clock.advance(1.0)
        # Whatever changed before the first connection is unknown: reload.
        assert listener.wait(SAFETY_S) == [Change(RESYNC, None)]
    finally:
        listener.close()


def test_sqlite_has_nothing_to_listen_to(tmp_path: Path) -> None:
    store = open_store(sqlite_url(tmp_path / "desk.sqlite3"))
    try:
        assert listener_for(store) is None
    finally:
        store.close()


def test_the_connection_keeps_the_url_options_and_adds_keepalives() -> None:
    info = psycopg.conninfo.conninfo_to_dict(
        conninfo_for(
            "postgresql+psycopg://agent:s3cr%40t@db.example:6432/desk"
            "?sslmode=require&keepalives_idle=5"
        )
    )
    assert info["host"] == "db.example" and info["port"] == "6432"
    assert info["user"] == "agent" and info["password"] == "s3cr@t"
    assert info["dbname"] == "desk" and info["sslmode"] == "require"
    assert info["keepalives"] == "1" and info["keepalives_idle"] == "5"
    assert int(info["keepalives_interval"]) > 0 and int(info["keepalives_count"]) > 0


def test_the_password_stays_out_of_states_logs_and_repr(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with DroppingProxy(("127.0.0.1", 9)) as closed:
        closed.refuse(True)
        url = f"postgresql+psycopg://agent:s3cret-pw@127.0.0.1:{closed.port}/desk"
        listener = ChangeListener.for_url(url)
        try:
            listener.start()
            assert listener.state.phase is Phase.RECONNECTING
            assert listener.state.error
            assert "s3cret" not in (listener.state.error or "")
            assert "s3cret" not in repr(listener) and "s3cret" not in listener.label
        finally:
            listener.close()
    assert "s3cret" not in caplog.text
    assert "change listener" in caplog.text  # it did log the failure


def test_backoff_doubles_up_to_its_cap() -> None:
    backoff = Backoff(first_s=1, factor=2, cap_s=30)
    assert [backoff.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    assert Backoff().delay(1) == 1.0


def test_merging_changes() -> None:
    merged = coalesce(
        [
            Change("claims", frozenset({1})),
            Change("mail", frozenset({7})),
            Change("claims", frozenset({2, 3})),
            Change("mail", None),
            Change("mail", frozenset({8})),
        ]
    )
    assert merged == [Change("claims", frozenset({1, 2, 3})), Change("mail", None)]
    with pytest.raises(ValueError, match="cannot merge"):
        Change("mail", None).merged(Change("claims", None))
