"""The window's collector policy: off while it runs, young generations at quiet moments."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from desk.ui.collector import CollectorPolicy
from desk.ui.tasks import TaskRunner
from tests.ui.conftest import settle


def test_the_policy_takes_the_collector_and_gives_it_back(qtbot: QtBot, runner: TaskRunner) -> None:
    policy = CollectorPolicy(runner)
    assert gc.isenabled()
    policy.settled()  # inactive: changes nothing
    assert gc.get_freeze_count() == 0
    policy.start()
    try:
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
        policy.settled()
        assert gc.get_freeze_count() >= len(kept), "what survived the load is frozen"
    finally:
        policy.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_no_collection_while_background_work_runs(qtbot: QtBot, runner: TaskRunner) -> None:
    policy = CollectorPolicy(runner)
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    release = threading.Event()
    gc.callbacks.append(count)
    policy.start()
    try:
        runner.run("busy", release.wait, 10)
        policy._tick()
        assert collections == []
        release.set()
        settle(qtbot, runner)
        policy._tick()
        assert collections == [1]
    finally:
        policy.stop()
        gc.callbacks.remove(count)
