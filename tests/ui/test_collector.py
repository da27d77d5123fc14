"""The window's collector policy: paused under heavy work, long-lived data frozen."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from desk.ui.collector import CollectorPolicy
from desk.ui.tasks import TaskRunner


def test_inactive_the_policy_changes_nothing(qtbot: QtBot, runner: TaskRunner) -> None:
    policy = CollectorPolicy(runner)
    with policy.paused():
        assert gc.isenabled()
    policy.settled()
    assert gc.get_freeze_count() == 0


def test_heavy_work_pauses_collection_until_the_last_ends(qtbot: QtBot, runner: TaskRunner) -> None:
    policy = CollectorPolicy(runner)
    policy.start()
    inside = threading.Event()
    leave = threading.Event()
    try:

        def heavy() -> None:
            with policy.paused():
                inside.set()
                leave.wait(10)

        worker = threading.Thread(target=heavy)
        worker.start()
        assert inside.wait(10)
        with policy.paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the worker's work still runs"
        kept = [[i] for i in range(1000)]
        leave.set()
        worker.join(10)
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept), "what survived is frozen"
        policy.settled()
    finally:
        policy.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0
