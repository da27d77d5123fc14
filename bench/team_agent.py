"""Headless agents: what an agent's window does against the team's PostgreSQL, in a loop.

A worker process (``python -m bench.team_agent``) runs one thread per agent,
each with its own engine (pool of one connection, ``pool_pre_ping`` on, as
every window has), and each agent answers until nothing is left to answer:

1. **next for me** (:func:`~desk.workbench.dispatch.take_next`) claims the best
   free cluster of the process's ranking, under a short lease;
2. **preview**: the template of the cluster's category (a generic one
   otherwise) rendered for its open messages, one draft per sender;
   then, with ``--think``, a pause as the agent reads it (uniform, half to one
   and a half times the mean; none by default: the stress case);
3. **claim**: the claims renewed just before answering, as the window does
   (:func:`~desk.queue.claims.claim_messages`); if one lapsed and a colleague
   took it, the agent leaves the cluster to them;
4. **queue**: :func:`~desk.workbench.answering.queue_answer` with no undo
   window; the send-time check may refuse it, then the agent moves on;
5. whatever is still claimed is released.

The ranking is the priority queue computed once per process, then filtered
every few seconds to the clusters that still wait for an answer (cheap), as
a window refreshes its queue without recomputing every score. A step that
meets a dropped connection (PostgreSQL restarting) is retried until it goes
through. Each call's duration goes to the process's latency file (only the
attempt that succeeded: the retries are counted apart).
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO, TypeVar

from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desk.queue.claims import claim_messages, release
from desk.queue.priority import build_queue, waiting_for_answer
from desk.replies.templates import TemplateData, list_templates
from desk.store.models import Account, ClusterMember, Message
from desk.workbench.answering import current_agent, preview, queue_answer
from desk.workbench.dispatch import TakenCluster, take_next

T = TypeVar("T")
REFRESH_S = 5.0  # how often a process filters its ranking to what still waits
IDLE_S = 0.5  # nothing free for me: look again after this (a colleague's claim may lapse)
GENERIC = TemplateData(
    name="Accusé de réception",
    body_text="Bonjour,\n\nNous avons bien reçu votre message et y répondons au plus vite.\n",
)


def now() -> datetime:
    """The wall clock, as the window passes it."""
    return datetime.now(UTC)


class Ranking:
    """One process's queue order: the full priority once, then filtered on a cadence."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._order: list[int] = []
        self.category: dict[int, str] = {}
        self._at = -1e9

    def get(self, session: Session, *, force: bool = False) -> list[int]:
        """The cluster ids in queue order, refreshed when stale (or ``force``)."""
        with self._lock:
            if self._at < 0:
                items = build_queue(session, now())
                self._order = [i.cluster_id for i in items if i.cluster_id is not None]
                self.category = {
                    i.cluster_id: i.categories[0].name
                    for i in items
                    if i.cluster_id is not None and i.categories
                }
                self._at = time.monotonic()
            elif force or time.monotonic() - self._at > REFRESH_S:
                waiting = set(
                    session.scalars(
                        select(ClusterMember.cluster_id)
                        .join(Message, Message.id == ClusterMember.message_id)
                        .where(waiting_for_answer())
                        .distinct()
                    )
                )
                known = set(self._order)
                self._order = [c for c in self._order if c in waiting] + sorted(waiting - known)
                self._at = time.monotonic()
            return list(self._order)


class Latencies:
    """The process's latency file: ``call<TAB>seconds`` lines, flushed as they come."""

    def __init__(self, path: Path) -> None:
        self._file: TextIO = path.open("a", buffering=1, encoding="utf-8")
        self._lock = threading.Lock()

    def record(self, call: str, seconds: float) -> None:
        with self._lock:
            self._file.write(f"{call}\t{seconds:.6f}\n")

    def close(self) -> None:
        self._file.close()


def retryable(exc: DBAPIError) -> bool:
    """A dropped or refused connection, a server shutting down, a deadlock: try the step again."""
    name = type(exc.orig).__name__ if exc.orig is not None else ""
    return exc.connection_invalidated or name in {
        "OperationalError",
        "InterfaceError",
        "AdminShutdown",
        "CannotConnectNow",
        "DeadlockDetected",
        "SerializationFailure",
    }


class Agent(threading.Thread):
    """One agent at their window: its own engine and connection, the loop of the module doc."""

    def __init__(
        self,
        url: str,
        login: str,
        ranking: Ranking,
        lease: timedelta,
        latencies: Latencies,
        think_s: float = 0.0,
    ) -> None:
        super().__init__(name=login, daemon=True)
        self.engine = create_engine(url, pool_pre_ping=True, pool_size=1, max_overflow=0)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.login = login
        self.ranking = ranking
        self.lease = lease
        self.latencies = latencies
        self.think_s = think_s
        self.rng = random.Random(login)
        self.counts: Counter[str] = Counter()
        self.agent_id = 0
        self.account_id = 0
        self.templates: dict[str, TemplateData] = {}

    def step(self, call: str, work: Callable[[Session], T]) -> T:
        """``work`` in one transaction, retried on a connection error; its duration recorded."""
        delay = 0.1
        while True:
            started = time.perf_counter()
            try:
                with self.sessions.begin() as session:
                    result = work(session)
            except DBAPIError as exc:
                if not retryable(exc):
                    raise
                self.counts[f"retry:{type(exc.orig).__name__}"] += 1
                time.sleep(delay)
                delay = min(2.0, delay * 2)
                continue
            if call:
                self.latencies.record(call, time.perf_counter() - started)
            return result

    def _setup(self, session: Session) -> None:
        me = current_agent(session, self.login, self.login.replace("-", " ").title())
        self.agent_id = me.id
        self.account_id = session.scalars(select(Account.id)).one()
        for template in list_templates(session, language="fr"):
            self.templates.setdefault(template.category, template)

    def run(self) -> None:
        self.step("", self._setup)
        try:
            while self.answer_one():
                pass
        finally:
            self.step("", lambda s: release(s, self.agent_id))
            self.engine.dispose()

    def answer_one(self) -> bool:
        """Take, preview, claim, queue, release one cluster; False when nothing is left."""
        ranked = self.step("", self.ranking.get)
        got = self.step(
            "next_for_me", lambda s: take_next(s, self.agent_id, ranked, now(), lease=self.lease)
        )
        if got is None:
            ranked = self.step("", lambda s: self.ranking.get(s, force=True))
            if not ranked:
                left = self.step(
                    "", lambda s: s.scalar(select(func.count()).where(waiting_for_answer()))
                )
                self.counts["waiting_at_exit"] = int(left or 0)
                return False
            self.counts["nothing_free"] += 1
            time.sleep(IDLE_S)
            return True
        self.counts["taken"] += 1
        self.answer(got, now())
        self.step("", lambda s: release(s, self.agent_id, got.member_ids))
        return True

    def answer(self, got: TakenCluster, opened_at: datetime) -> None:
        """Preview, renew the claims, queue; counts say how it went."""
        category = self.ranking.category.get(got.cluster_id, "")
        template = self.templates.get(category, GENERIC)
        ids = list(got.claimed)
        rendered = self.step("", lambda s: preview(s, template, ids, self.agent_id, got.cluster_id))
        if not rendered.report.can_send:
            self.counts["generic_template"] += 1
            template = GENERIC
            rendered = self.step(
                "", lambda s: preview(s, template, ids, self.agent_id, got.cluster_id)
            )
        if self.think_s:  # the agent reads the preview and confirms, as a person would
            time.sleep(self.rng.uniform(0.5 * self.think_s, 1.5 * self.think_s))
        if rendered.report.skipped:
            self.counts["skipped_in_preview"] += len(rendered.report.skipped)
        if not rendered.drafts:
            self.counts["nothing_to_send"] += 1
            return
        claimed = self.step(
            "claim", lambda s: claim_messages(s, self.agent_id, ids, now(), self.lease)
        )
        if claimed.held_by_others:
            self.counts["lost_to_colleague"] += 1
            return
        queued = self.step(
            "queue_answer",
            lambda s: queue_answer(
                s,
                self.account_id,
                rendered.drafts,
                agent_id=self.agent_id,
                template_id=template.id,
                cluster_id=got.cluster_id,
                hold_seconds=0,
                opened_at=opened_at,
                activity=[opened_at, now()],
                now=now(),
            ),
        )
        if queued.conflicts:
            self.counts["refused"] += 1
            for conflict in queued.conflicts:
                self.counts[f"refused:{conflict.reason.value}"] += 1
            return
        self.counts["answers"] += 1
        self.counts["replies"] += len(queued.reply_ids)
        self.counts["refused_drafts"] += len(queued.refused)


def main() -> None:
    """A worker process: ``--logins`` agents as threads until none has work left."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--logins", required=True, help="comma-separated agent logins")
    parser.add_argument("--lease", type=float, required=True, help="claim lease, seconds")
    parser.add_argument("--think", type=float, default=0.0, help="mean reading time, seconds")
    parser.add_argument("--latencies", type=Path, required=True)
    parser.add_argument("--counts", type=Path, required=True)
    args = parser.parse_args()
    ranking = Ranking()
    latencies = Latencies(args.latencies)
    agents = [
        Agent(args.db, login, ranking, timedelta(seconds=args.lease), latencies, args.think)
        for login in args.logins.split(",")
    ]
    for agent in agents:
        agent.start()
    for agent in agents:
        agent.join()
    latencies.close()
    total: Counter[str] = Counter()
    for agent in agents:
        total.update(agent.counts)
    args.counts.write_text(
        "".join(f"{key}\t{value}\n" for key, value in sorted(total.items())), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
