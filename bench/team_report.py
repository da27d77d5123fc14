"""Counting a team load run from the servers' own records, and the table it prints.

Two independent records say what was answered:

* **the store**: ``reply_message`` links each reply to the received messages
  it answers; a message is answered exactly once when exactly one reply
  covers it, that reply is ``sent`` and the message is ``answered``;
* **the SMTP server**: what aiosmtpd accepted. Each accepted message is
  matched to its reply by Message-ID (a copy accepted twice is a duplicate);
  its recipient and In-Reply-To must be the reply's; and no original may be
  named in the In-Reply-To of two different accepted replies.

"All" is defined from the store at the start: every message waiting for an
answer in a cluster once ``desk serve`` had synced and clustered the
mailbox (open, no reply on its way). Auto-replies, bounces and spam are not
requests and never offered.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from desk.store.database import open_store
from desk.store.models import Message, MessageStatus, Reply, ReplyMessage, ReplyState

if TYPE_CHECKING:
    from bench.team_harness import Outcome


@dataclass
class StoreRecord:
    """What the store says at the end."""

    messages: int = 0
    non_requests: int = 0
    reply_states: dict[str, int] = field(default_factory=dict)
    covers: dict[int, list[int]] = field(default_factory=dict)  # reply id → messages
    state: dict[int, str] = field(default_factory=dict)  # reply id → state
    by_header: dict[str, tuple[int, str, str | None]] = field(default_factory=dict)
    status: dict[int, str] = field(default_factory=dict)  # answerable message → status
    header_of: dict[str, int] = field(default_factory=dict)  # original Message-ID → id
    reused: set[str] = field(default_factory=set)  # Message-IDs on several answerable messages


def count_store(outcome: Outcome) -> None:
    """Read the store's record into ``outcome.store`` (before the server goes)."""
    record = StoreRecord()
    store = open_store(outcome.db_url, migrate=False)
    try:
        with store.sessions() as session:
            record.messages = session.scalar(select(func.count(Message.id))) or 0
            record.non_requests = (
                session.scalar(
                    select(func.count(Message.id)).where(
                        Message.status == MessageStatus.NON_REQUEST
                    )
                )
                or 0
            )
            for reply_id, state, header, to, in_reply_to in session.execute(
                select(Reply.id, Reply.state, Reply.message_id_header, Reply.to_addr,
                       Reply.in_reply_to)
            ):  # fmt: skip
                record.state[reply_id] = ReplyState(state).value
                record.by_header[header] = (reply_id, to, in_reply_to)
            record.reply_states = dict(Counter(record.state.values()))
            for reply_id, message_id in session.execute(
                select(ReplyMessage.reply_id, ReplyMessage.message_id)
            ):
                record.covers.setdefault(reply_id, []).append(message_id)
            for message_id, status, header in session.execute(
                select(Message.id, Message.status, Message.message_id_header)
            ):
                if message_id in outcome.answerable:
                    record.status[message_id] = MessageStatus(status).value
                    if header:
                        if header in record.header_of:
                            record.reused.add(header)  # senders do reuse them
                        record.header_of[header] = message_id
    finally:
        store.close()
    outcome.store = record


@dataclass
class Counts:
    """The exact counts; :attr:`exact` says whether the run passes."""

    answerable: int
    answered_once: int  # by the store: one reply, sent, message answered
    store_duplicates: int  # messages covered by more than one sent reply
    store_losses: int  # messages with no sent reply
    outside: int  # replies covering a message that was not to be answered
    unsent: int  # replies still queued, sending or failed
    smtp_accepted: int
    smtp_copies_twice: int  # a Message-ID accepted more than once
    smtp_unknown: int  # accepted messages no reply of the store matches
    smtp_mismatched: int  # recipient or In-Reply-To not the reply's
    smtp_answered_once: int  # answerable messages covered by exactly one accepted reply
    smtp_duplicates: int  # covered by two or more accepted replies
    smtp_losses: int  # covered by none
    in_reply_to_twice: int  # originals named by two accepted replies' In-Reply-To

    @property
    def exact(self) -> bool:
        return (
            self.answered_once == self.answerable == self.smtp_answered_once
            and not self.store_duplicates + self.store_losses + self.outside + self.unsent
            and not self.smtp_copies_twice + self.smtp_unknown + self.smtp_mismatched
            and not self.smtp_duplicates + self.smtp_losses + self.in_reply_to_twice
        )


def count(outcome: Outcome) -> Counts:
    """Check the store's record against the SMTP server's; every count of :class:`Counts`."""
    record = outcome.store
    assert record is not None, "count_store(outcome) first"
    answerable = outcome.answerable
    sent_per_message: Counter[int] = Counter()
    outside = 0
    for reply_id, messages in record.covers.items():
        outside += any(m not in answerable for m in messages)
        if record.state[reply_id] == ReplyState.SENT.value:
            sent_per_message.update(messages)
    answered_once = sum(
        1
        for m in answerable
        if sent_per_message[m] == 1 and record.status.get(m) == MessageStatus.ANSWERED.value
    )
    copies = Counter(str(r.message["Message-ID"] or "").strip() for r in outcome.received)
    unknown = mismatched = 0
    smtp_per_message: Counter[int] = Counter()
    in_reply_to: defaultdict[str, set[str]] = defaultdict(set)
    for received in outcome.received:
        header = str(received.message["Message-ID"] or "").strip()
        found = record.by_header.get(header)
        if found is None:
            unknown += 1
            continue
        reply_id, to, parent = found
        said_parent = str(received.message["In-Reply-To"] or "").strip() or None
        if received.rcpt_tos != (to,) or said_parent != parent:
            mismatched += 1
        if said_parent:
            in_reply_to[said_parent].add(header)
    for header in copies:
        found = record.by_header.get(header)
        if found is not None:
            smtp_per_message.update(record.covers.get(found[0], []))
    return Counts(
        answerable=len(answerable),
        answered_once=answered_once,
        store_duplicates=sum(1 for m in answerable if sent_per_message[m] > 1),
        store_losses=sum(1 for m in answerable if sent_per_message[m] == 0),
        outside=outside,
        unsent=sum(n for s, n in record.reply_states.items() if s != ReplyState.SENT.value),
        smtp_accepted=len(outcome.received),
        smtp_copies_twice=sum(1 for n in copies.values() if n > 1),
        smtp_unknown=unknown,
        smtp_mismatched=mismatched,
        smtp_answered_once=sum(1 for m in answerable if smtp_per_message[m] == 1),
        smtp_duplicates=sum(1 for m in answerable if smtp_per_message[m] > 1),
        smtp_losses=sum(1 for m in answerable if smtp_per_message[m] == 0),
        in_reply_to_twice=sum(
            1
            for parent, headers in in_reply_to.items()
            if len(headers) > 1 and parent not in record.reused
        ),
    )


def percentile(samples: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of the samples, nearest rank; 0 without samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def render(outcome: Outcome, counts: Counts) -> str:
    """The report's table, as printed and saved in bench/results/team.txt."""
    plan, store = outcome.plan, outcome.store
    assert store is not None, "count_store(outcome) first"
    lines = [
        "",
        f"Team load: {plan.agents} agents in {plan.processes} worker processes "
        f"({-(-plan.agents // plan.processes)} agent threads each, one PostgreSQL connection "
        f"per agent), {plan.messages} demo messages (seed {plan.seed}), claims' lease "
        f"{plan.lease_s:.0f} s, SMTP DATA delayed 0–{plan.smtp_delay_s * 1000:.0f} ms, "
        + (
            f"agents read each preview {plan.think_s:g} s on average before confirming."
            if plan.think_s
            else "agents confirm at once (the stress case: no reading time)."
        ),
        f"To answer: {counts.answerable} messages in {outcome.clusters} clusters, every message "
        "waiting for an answer in a cluster once desk serve had synced and clustered "
        f"({store.messages} stored, {store.non_requests} auto-replies/bounces/spam never "
        "offered).",
        "",
        "Faults injected (at the fraction answered):",
    ]
    for fault in outcome.faults or []:
        lines.append(
            f"  {fault.at_s:7.1f} s  {fault.at_fraction:6.1%}  {fault.what}: {fault.detail}"
        )
    if not outcome.faults:
        lines.append("  none (--no-faults)")
    rows = [
        ("answered exactly once (store: one sent reply)", counts.answered_once),
        ("answered exactly once (SMTP: one accepted reply)", counts.smtp_answered_once),
        ("duplicates (store / SMTP)", f"{counts.store_duplicates} / {counts.smtp_duplicates}"),
        ("losses (store / SMTP)", f"{counts.store_losses} / {counts.smtp_losses}"),
        ("Message-IDs accepted twice by SMTP", counts.smtp_copies_twice),
        ("originals in two replies' In-Reply-To", counts.in_reply_to_twice),
        ("  (Message-IDs several messages share: not counted)", len(store.reused)),
        ("accepted with wrong recipient/In-Reply-To", counts.smtp_mismatched),
        ("accepted, unknown to the store", counts.smtp_unknown),
        ("replies not sent at the end", counts.unsent),
        ("replies: sent / SMTP accepted", f"{store.reply_states.get('sent', 0)} / "
                                          f"{counts.smtp_accepted}"),
        ("Sent folder copies", outcome.sent_folder),
    ]  # fmt: skip
    lines += ["", f"{'count':<52}{'value':>14}"]
    lines += [f"{name:<52}{value!s:>14}" for name, value in rows]
    lines += ["", f"{'time':<52}{'value':>14}"]
    lines += [
        f"{'sync + cluster by desk serve':<52}{outcome.sync_s:>12.1f} s",
        f"{'agents: all answers queued':<52}{outcome.queued_s:>12.1f} s",
        f"{'drain (agents start → last reply accepted)':<52}{outcome.drain_s:>12.1f} s",
    ]
    lines += ["", f"{'latency (successful attempts)':<36}{'n':>8}{'p50 ms':>11}{'p99 ms':>11}"]
    for who, prefix in (("the crowd's threads", ""), ("the agent alone in its process", "solo:")):
        lines.append(f"  {who}")
        for call in ("next_for_me", "claim", "queue_answer"):
            samples = outcome.latencies.get(prefix + call, [])
            lines.append(
                f"{call:<36}{len(samples):>8}{percentile(samples, 0.5) * 1000:>11.1f}"
                f"{percentile(samples, 0.99) * 1000:>11.1f}"
            )
    base, loaded = outcome.baseline, outcome.baseline_loaded
    for name, samples in (
        ("baseline: bare claim+insert, alone", base),
        ("baseline: the same, under the load", loaded),
    ):
        lines.append(
            f"{name:<36}{len(samples):>8}{percentile(samples, 0.5) * 1000:>11.1f}"
            f"{percentile(samples, 0.99) * 1000:>11.1f}"
        )
    lines.append("")
    for who, prefix in (("the crowd", ""), ("the agent alone", "solo:")):
        mine = percentile(outcome.latencies.get(prefix + "next_for_me", []), 0.99)
        for floor_name, samples in (("alone", base), ("under the load", loaded)):
            floor = percentile(samples, 0.99)
            ratio = mine / floor if floor else float("inf")
            lines.append(
                f"p99 next-for-me under {plan.agents} agents ({who}) = {ratio:.1f} × the bare "
                f"loop's p99 ({floor_name}); aim ≤ 10 ×."
            )
    lines += [
        f"PostgreSQL connections: peak {outcome.peak_connections} client connections to the "
        f"store (pg_stat_activity, sampled every 0.2 s); {outcome.peak_all_backends} backends "
        "of every kind.",
        "Where the store's active backends were (samples every 0.2 s): "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcome.waits.items(), key=lambda i: -i[1])[:6]),
        "The server's time by statement (pg_stat_statements; total ms, calls, query):",
        *(f"  {ms:10.0f} {calls:8d}  {query[:150]}" for ms, calls, query in outcome.statements),
        "Agents' record: " + ", ".join(f"{k} {v}" for k, v in sorted(outcome.counts.items())),
        "",
        "COUNTS EXACT" if counts.exact else "COUNTS NOT EXACT",
    ]
    if outcome.slow_plans:
        lines.insert(-1, "The slowest statements' plans, as run under the load (auto_explain):")
        for plan_text in outcome.slow_plans:
            lines.insert(-1, "  " + plan_text.replace("\n", "\n  "))
    if outcome.worker_failures:
        lines.insert(-1, "Worker failures: " + "; ".join(outcome.worker_failures))
    if base:
        lines.insert(-1, f"(bare loop mean {statistics.fmean(base) * 1000:.2f} ms)")
    return "\n".join(lines)
