"""The team load run, shared by ``bench.team`` and ``tests/test_team_load.py``.

:func:`run_team` starts the peers (:mod:`bench.team_peers`), lets ``desk
serve`` sync and cluster the demo mailbox, measures the bare-connection
baseline, then starts the agents (:mod:`bench.team_agent`: worker processes
of agent threads) and injects the faults as the answering progresses, never
on a timer: worker processes SIGKILLed and started again, the service
SIGKILLed and started again, PostgreSQL restarted. It ends when every agent
has stopped (nothing is left to answer) and the outbox is empty, and hands
back what :mod:`bench.team_report` needs to count, from the servers' own
records, what was answered how many times.
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import select

from bench.team_peers import ROOT, Peers, team_peers
from bench.team_report import StoreRecord, count_store
from desk.demo.generator import demo_messages
from desk.queue.priority import waiting_for_answer
from desk.replies.defaults import install_default_templates
from desk.store.database import open_store
from desk.store.models import ClusterMember, Message
from tests.support.smtp import ReceivedMessage


@dataclass(frozen=True)
class Plan:
    """How big the run is and which faults it injects (at these fractions answered)."""

    agents: int = 80
    processes: int = 8
    messages: int = 26_000
    seed: int = 2020
    lease_s: float = 20.0  # claims' lease in this run (the window's default is 2 min)
    think_s: float = 0.0  # an agent's mean reading time before confirming (0: the stress case)
    smtp_delay_s: float = 0.01  # DATA is answered after uniform(0, this)
    faults: bool = True
    worker_kills_at: tuple[float, ...] = (0.2, 0.65)
    service_kill_at: float = 0.35
    postgres_restart_at: float = 0.5
    service_workers: int | None = None  # desk serve --workers (parser processes)
    baseline_iterations: int = 2000
    give_up_s: float = 3600.0  # a safety net against a hang, never a measure


@dataclass
class Fault:
    """One fault injected: what, at which fraction answered, after how long, and its details."""

    what: str
    at_fraction: float
    at_s: float
    detail: str = ""


@dataclass
class Outcome:
    """Everything a run leaves for the report (counts are read from the store by the report)."""

    plan: Plan
    db_url: str
    answerable: set[int] = field(default_factory=set)  # waiting in a cluster at the start
    clusters: int = 0
    store: StoreRecord | None = None
    sync_s: float = 0.0
    drain_s: float = 0.0
    queued_s: float = 0.0
    baseline: list[float] = field(default_factory=list)  # the bare loop alone on the server
    baseline_loaded: list[float] = field(default_factory=list)  # the same, while agents work
    latencies: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    peak_connections: int = 0
    peak_all_backends: int = 0
    waits: dict[str, int] = field(default_factory=dict)  # active backends' wait events, sampled
    statements: list[tuple[float, int, str]] = field(default_factory=list)  # ms, calls, query
    slow_plans: list[str] = field(default_factory=list)  # auto_explain's, the slowest first
    received: list[ReceivedMessage] = field(default_factory=list)
    sent_folder: int = 0
    service_log: str = ""
    worker_failures: list[str] = field(default_factory=list)


class Probe:
    """A plain psycopg connection of the conductor's, reconnecting after PostgreSQL restarts."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    def value(self, sql: str) -> int:
        for _ in range(600):
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=5)
                row = self._conn.execute(sql).fetchone()  # type: ignore[arg-type]
                return int(row[0]) if row and row[0] is not None else 0  # type: ignore[call-overload]
            except psycopg.OperationalError:
                self._conn = None
                time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not come back for {sql!r}")

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        """Every row of ``sql``; nothing while the server is away (the sampler's use)."""
        try:
            if self._conn is None or self._conn.closed:
                self._conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=5)
            return list(self._conn.execute(sql))  # type: ignore[arg-type]
        except psycopg.OperationalError:
            self._conn = None
            return []

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def libpq_dsn(url: str) -> str:
    """``postgresql+psycopg://user@host:port/db`` as a libpq connection string."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def wait_synced(peers: Peers, probe: Probe, expected: int, give_up_s: float) -> None:
    """Until the service stored and clustered every message (features and a cluster each)."""
    deadline = time.monotonic() + give_up_s
    while True:
        features = probe.value("SELECT count(*) FROM message_features")
        members = probe.value("SELECT count(*) FROM cluster_member")
        if features >= expected and members >= features:
            return
        process = peers.service.process
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"desk serve stopped:\n{peers.service.log_text()}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"the service did not sync:\n{peers.service.log_text()}")
        time.sleep(0.2)


class ConnectionSampler(threading.Thread):
    """``pg_stat_activity`` sampled every 0.2 s: the peak of client connections to the store."""

    def __init__(self, dsn: str, database: str) -> None:
        super().__init__(name="pg-sampler", daemon=True)
        self.probe = Probe(dsn)
        self.database = database
        self.peak = 0
        self.peak_all = 0
        self.waits: Counter[str] = Counter()  # what the store's active backends were doing
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            clients = self.probe.value(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                f"AND datname = '{self.database}' AND pid <> pg_backend_pid()"
            )
            every = self.probe.value("SELECT count(*) - 1 FROM pg_stat_activity")
            self.peak = max(self.peak, clients)
            self.peak_all = max(self.peak_all, every)
            for kind, event, n in self.probe.rows(
                "SELECT coalesce(wait_event_type, 'CPU'), coalesce(wait_event, 'running'), "
                "count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                f"AND datname = '{self.database}' AND state = 'active' "
                "AND pid <> pg_backend_pid() GROUP BY 1, 2"
            ):
                self.waits[f"{kind}:{event}"] += int(n)  # type: ignore[call-overload]
        self.probe.close()


class Workers:
    """The agents' worker processes: started, SIGKILLed and started again by index."""

    def __init__(self, peers: Peers, plan: Plan) -> None:
        self.peers = peers
        self.plan = plan
        logins = [f"agent-{n:02d}" for n in range(1, plan.agents + 1)]
        crowd, solo = (logins[:-1], logins[-1:]) if plan.agents > 1 else (logins, [])
        per = -(-len(crowd) // plan.processes)
        self.logins = [crowd[i : i + per] for i in range(0, len(crowd), per)]
        # The last agent works alone in a process of its own, as at their own computer: its
        # latencies are the database's and the load's, without the crowd's shared GIL.
        self.solo = len(self.logins) if solo else -1
        self.logins += [solo] if solo else []
        self.processes: list[subprocess.Popen[bytes]] = []
        self.incarnations = [0] * len(self.logins)
        self.killed_agents = 0

    def start(self, index: int) -> subprocess.Popen[bytes]:
        self.incarnations[index] += 1
        tag = f"{'solo-' if index == self.solo else ''}{index}-{self.incarnations[index]}"
        work = self.peers.work
        with (work / f"worker-{tag}.log").open("wb") as sink:
            return subprocess.Popen(
                [sys.executable, "-m", "bench.team_agent", "--db", self.peers.db_url,
                 "--logins", ",".join(self.logins[index]), "--lease", str(self.plan.lease_s),
                 "--think", str(self.plan.think_s),
                 "--latencies", str(work / f"lat-{tag}.tsv"),
                 "--counts", str(work / f"counts-{tag}.tsv")],
                stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT,
            )  # fmt: skip

    def start_all(self) -> None:
        self.processes = [self.start(i) for i in range(len(self.logins))]

    def kill_and_restart(self, index: int) -> str:
        victim = self.processes[index]
        if victim.poll() is not None:
            return f"worker {index} had already finished"
        victim.kill()
        victim.wait()
        self.killed_agents += len(self.logins[index])
        self.processes[index] = self.start(index)
        return f"worker {index} (pid {victim.pid}, {len(self.logins[index])} agents) killed"

    def all_done(self) -> bool:
        return all(p.poll() is not None for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()


BARE_SCHEMA = (
    "CREATE TABLE claim (message_id integer PRIMARY KEY, agent_id integer NOT NULL, "
    "claimed_at timestamptz NOT NULL, expires_at timestamptz NOT NULL)",
    "CREATE TABLE reply (id bigserial PRIMARY KEY, message_id integer NOT NULL, "
    "to_addr text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL)",
)


def _bare_claim_and_insert(conn: psycopg.Connection[tuple[object, ...]], ids: list[int]) -> float:
    """One iteration of the bare loop: claim the messages, insert one reply; its seconds."""
    started = time.perf_counter()
    with conn.transaction():
        conn.execute(
            "INSERT INTO claim SELECT m, 1, now(), now() + interval '20 seconds' "
            "FROM unnest(%s::integer[]) AS m ON CONFLICT DO NOTHING",
            (ids,),
        )
        conn.execute(
            "INSERT INTO reply (message_id, to_addr, body, created_at) VALUES (%s, %s, %s, now())",
            (ids[0], "parent@example.org", "Bonjour,\n\nNous avons bien reçu."),
        )
    return time.perf_counter() - started


def bare_baseline(
    peers: Peers, clusters: Sequence[Sequence[int]], iterations: int
) -> tuple[str, list[float]]:
    """One bare psycopg connection: claim a cluster's messages and insert a reply-like row,
    one transaction per cluster, on tables of its own in a database of its own; alone on
    the server. The database (for :class:`BareLoop`) and the durations."""
    url = peers.postgres.create_database()
    samples: list[float] = []
    with psycopg.connect(libpq_dsn(url), autocommit=True) as conn:
        for statement in BARE_SCHEMA:
            conn.execute(statement)  # type: ignore[arg-type]
        work = list(clusters) * (1 + iterations // max(1, len(clusters)))
        for n, members in enumerate(work[:iterations]):
            offset = (n // max(1, len(clusters))) * 10_000_000  # a repeat claims anew
            samples.append(_bare_claim_and_insert(conn, [m + offset for m in members]))
    return url, samples


class BareLoop(threading.Thread):
    """The bare loop again while the agents work, 20 times a second: the same statements on
    the same server under the same load, the baseline a loaded machine allows."""

    def __init__(self, url: str, clusters: Sequence[Sequence[int]], pace_s: float = 0.05) -> None:
        super().__init__(name="bare-loop", daemon=True)
        self.dsn = libpq_dsn(url)
        self.clusters = list(clusters)
        self.pace_s = pace_s
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            try:
                with psycopg.connect(self.dsn, autocommit=True, connect_timeout=5) as conn:
                    while not self.stop.wait(self.pace_s):
                        members = self.clusters[n % len(self.clusters)]
                        # Ids no other iteration used (integer columns: under 2**31).
                        offset = 200_000_000 + (n % 19_000) * 100_000
                        n += 1
                        self.samples.append(
                            _bare_claim_and_insert(conn, [m + offset for m in members])
                        )
            except psycopg.OperationalError:  # PostgreSQL restarting: as the agents, again
                self.stop.wait(0.2)


def top_statements(url: str, limit: int = 8) -> list[tuple[float, int, str]]:
    """The statements the server spent most time on (pg_stat_statements): total ms, calls."""
    with psycopg.connect(libpq_dsn(url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT total_exec_time, calls, regexp_replace(query, '\\s+', ' ', 'g') "
            "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT %s",
            (limit,),
        ).fetchall()
    return [(float(ms), int(calls), str(query)) for ms, calls, query in rows]


def slow_plans(log: Path, keep: int = 2) -> list[str]:
    """The plans auto_explain logged for the slowest statements (their text cut short)."""
    if not log.exists():
        return []
    found: list[tuple[float, str]] = []
    text = log.read_text(errors="replace")
    for chunk in text.split("LOG:  duration: ")[1:]:
        ms, _, rest = chunk.partition(" ms  plan:")
        with contextlib.suppress(ValueError):
            found.append((float(ms), ms + " ms" + rest[:6000]))
    return [plan for _, plan in sorted(found, reverse=True)[:keep]]


def answerable_clusters(url: str) -> list[list[int]]:
    """The clusters the queue offers at the start, with their messages waiting for an answer;
    the default templates are installed first (a team lead's first step)."""
    store = open_store(url, migrate=False)
    try:
        with store.sessions.begin() as session:
            install_default_templates(session, "fr")
            rows = session.execute(
                select(ClusterMember.cluster_id, Message.id)
                .join(Message, Message.id == ClusterMember.message_id)
                .where(waiting_for_answer())
                .order_by(ClusterMember.cluster_id, Message.id)
            ).all()
    finally:
        store.close()
    clusters: dict[int, list[int]] = {}
    for cluster_id, message_id in rows:
        clusters.setdefault(cluster_id, []).append(message_id)
    return list(clusters.values())


def read_latencies(work: Path) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for path in sorted(work.glob("lat-*.tsv")):
        prefix = "solo:" if path.name.startswith("lat-solo-") else ""
        for line in path.read_text(encoding="utf-8").splitlines():
            call, _, seconds = line.partition("\t")
            if seconds:
                found.setdefault(prefix + call, []).append(float(seconds))
    return found


def read_counts(work: Path) -> dict[str, int]:
    total: dict[str, int] = {}
    for path in sorted(work.glob("counts-*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            total[key] = total.get(key, 0) + int(value)
    return total


def run_team(plan: Plan, say: Callable[[str], None] = print) -> Outcome:
    """The whole run of the module docstring; the report counts from what it returns."""
    rng = random.Random(plan.seed)
    mail = [raw for raw, _, _ in demo_messages(plan.messages, plan.seed)]
    with team_peers(
        mail, smtp_delay=plan.smtp_delay_s, seed=plan.seed, service_workers=plan.service_workers
    ) as peers:
        outcome = Outcome(plan, peers.db_url)
        say(f"Mailbox: {len(mail)} demo messages in Dovecot's INBOX; PostgreSQL, SMTP up.")
        probe = Probe(libpq_dsn(peers.db_url))
        started = time.monotonic()
        peers.service.start()
        wait_synced(peers, probe, len(mail), plan.give_up_s)
        outcome.sync_s = time.monotonic() - started
        clusters = answerable_clusters(peers.db_url)
        total = sum(map(len, clusters))
        outcome.answerable = {m for members in clusters for m in members}
        outcome.clusters = len(clusters)
        say(f"desk serve synced and clustered it in {outcome.sync_s:.1f} s: "
            f"{total} messages to answer in {len(clusters)} clusters.")  # fmt: skip
        bare_url, outcome.baseline = bare_baseline(peers, clusters, plan.baseline_iterations)
        bare_loop = BareLoop(bare_url, clusters)
        bare_loop.start()
        sampler = ConnectionSampler(libpq_dsn(peers.db_url), peers.db_url.rsplit("/", 1)[1])
        sampler.start()
        workers = Workers(peers, plan)
        try:
            _conduct(plan, peers, probe, workers, outcome, total, rng, say)
        finally:
            workers.stop()
            sampler.stop.set()
            bare_loop.stop.set()
            bare_loop.join()
            outcome.baseline_loaded = bare_loop.samples
            sampler.join()
            probe.close()
        outcome.peak_connections, outcome.peak_all_backends = sampler.peak, sampler.peak_all
        outcome.waits = dict(sampler.waits)
        outcome.latencies = read_latencies(peers.work)
        outcome.counts = read_counts(peers.work)
        outcome.counts["agents_killed"] = workers.killed_agents
        peers.service.stop()
        outcome.service_log = peers.service.log_text()
        outcome.received = peers.smtp.messages
        outcome.sent_folder = peers.mailbox.status("Sent")["messages"]
        count_store(outcome)  # the store is read before it goes
        outcome.statements = top_statements(peers.db_url)
        outcome.slow_plans = slow_plans(peers.postgres.root / "log")
    return outcome


def _conduct(
    plan: Plan,
    peers: Peers,
    probe: Probe,
    workers: Workers,
    outcome: Outcome,
    total: int,
    rng: random.Random,
    say: Callable[[str], None],
) -> None:
    """Agents on, faults as the fraction answered passes each mark, until all is sent."""
    pending: list[tuple[float, str]] = []
    if plan.faults:
        pending = sorted(
            [(at, "kill agents") for at in plan.worker_kills_at]
            + [(plan.service_kill_at, "kill service"), (plan.postgres_restart_at, "restart pg")]
        )
    started = time.monotonic()
    workers.start_all()
    say(f"{plan.agents} agents in {len(workers.logins)} worker processes started (one alone).")
    while True:
        answered = probe.value("SELECT count(DISTINCT message_id) FROM reply_message")
        fraction = answered / total if total else 1.0
        while pending and fraction >= pending[0][0]:
            _mark, what = pending.pop(0)
            at = time.monotonic() - started
            fault = Fault(what, fraction, at)
            if what == "kill agents":
                crowd = [i for i in range(len(workers.processes)) if i != workers.solo]
                fault.detail = workers.kill_and_restart(rng.choice(crowd))
            elif what == "kill service":
                fault.detail = _kill_service(peers)
            else:
                down = time.monotonic()
                peers.postgres.restart()
                fault.detail = f"pg_ctl restart -m fast took {time.monotonic() - down:.1f} s"
            outcome.faults.append(fault)
            say(f"  {at:6.1f} s, {fraction:5.1%} answered: {what}: {fault.detail}")
        for index, process in enumerate(workers.processes):
            if process.poll() not in (None, 0):
                outcome.worker_failures.append(f"worker {index} exited {process.returncode}")
                workers.processes[index] = workers.start(index)
        if workers.all_done() and not outcome.queued_s:
            outcome.queued_s = time.monotonic() - started
            say(f"  {outcome.queued_s:6.1f} s: every agent stopped, nothing left to answer.")
        if outcome.queued_s and not pending:
            unsent = probe.value("SELECT count(*) FROM reply WHERE state IN ('queued', 'sending')")
            if unsent == 0:  # the server records a message before the outbox says "sent"
                outcome.drain_s = time.monotonic() - started
                return
        if time.monotonic() - started > plan.give_up_s:
            raise TimeoutError(f"no end after {plan.give_up_s} s:\n{diagnose(peers)}")
        time.sleep(0.1)


def _kill_service(peers: Peers) -> str:
    """SIGKILL ``desk serve`` while the SMTP server holds a reply it was handed (the final "."
    sent, no 250 yet: the outbox's worst case), then start it again."""
    in_data, release = peers.smtp.hold_next_data()
    caught = in_data.wait(60)  # agents keep queueing, so the outbox sends soon
    peers.service.kill()
    release.set()
    peers.service.start()
    where = 'between a reply\'s final "." and its 250' if caught else "(nothing being sent)"
    return f"desk serve pid {peers.service.kills[-1]} killed {where}, started again"


def diagnose(peers: Peers) -> str:
    """What a stuck run looks like: unsent replies, live claims, the service's output."""
    lines = []
    with psycopg.connect(libpq_dsn(peers.db_url), autocommit=True) as conn:
        for sql in (
            "SELECT state, count(*) FROM reply GROUP BY state",
            "SELECT id, state, attempts, lease_owner, lease_until, sending_from, not_before, "
            "last_error FROM reply WHERE state <> 'sent' ORDER BY id LIMIT 20",
            "SELECT agent_id, count(*), min(expires_at) FROM claim GROUP BY agent_id",
            "SELECT pid, state, wait_event_type, left(query, 120) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend'",
        ):
            lines.append(sql)
            lines += [f"  {row}" for row in conn.execute(sql)]  # type: ignore[arg-type]
    logs = sorted((peers.work / "home").rglob("*.log"))
    for path in logs:
        lines.append(f"--- {path}")
        lines.append(path.read_text(errors="replace")[-4000:])
    for path in sorted(peers.work.glob("worker-*.log")):
        text = path.read_text(errors="replace")
        if text.strip():
            lines += [f"--- {path.name}", text[-3000:]]
    return "\n".join(lines) + "\n" + peers.service.log_text()
