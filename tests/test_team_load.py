"""The team load run, small: agents, ``desk serve`` and PostgreSQL killed or restarted mid-run.

The same harness as ``bench.team`` (80 agents on 26,000 messages), at a
size the test run affords: 12 agents in 3 worker processes answering 600
demo messages while a worker is SIGKILLed twice, the service once between a
reply's final "." and its 250, and PostgreSQL is restarted once. Every
message waiting at the start is answered exactly once, by the store's record
and by the SMTP server's; nothing is left unsent.
"""

from __future__ import annotations

import pytest

from bench.team_harness import Plan, run_team
from bench.team_report import count, render

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_a_small_team_with_every_fault_answers_each_message_exactly_once() -> None:
    plan = Plan(
        agents=12,
        processes=3,
        messages=600,
        seed=14,
        lease_s=5.0,
        service_workers=0,
        baseline_iterations=200,
        give_up_s=600.0,  # a safety net against a hang, never a measure
    )
    outcome = run_team(plan, say=lambda _line: None)
    counts = count(outcome)
    table = render(outcome, counts)
    assert [fault.what for fault in outcome.faults] == [
        "kill agents",
        "kill service",
        "restart pg",
        "kill agents",
    ], table
    assert counts.answerable > 0, table
    assert counts.exact, table
    assert counts.smtp_accepted == outcome.store.reply_states.get("sent", 0), table  # type: ignore[union-attr]
    assert not outcome.worker_failures, table
