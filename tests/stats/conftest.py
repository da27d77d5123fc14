"""A small, hand-built world whose KPIs are worked out by hand in the tests.

Two agents, two templates, two clusters (one with a category), nine messages
around the period 2020-03-16..17 (UTC), five replies (three sent, one failed,
one queued) and five handling events. Times are exact, so every expected
figure in the tests can be checked on paper; the comments in
``tests/stats/test_kpis.py`` do the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from desk.stats.events import record_event
from desk.store.database import Store
from desk.store.models import (
    Agent,
    Cluster,
    ClusterMember,
    EventKind,
    Folder,
    FolderKind,
    Message,
    MessageStatus,
    Reply,
    ReplyMessage,
    ReplyState,
    Template,
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of March 2020, UTC."""
    return datetime(2020, 3, day, hour, minute, tzinfo=UTC)


AS_OF = at(19, 12)


@dataclass(frozen=True)
class World:
    """Ids of what the fixture stored, by the names the tests use."""

    messages: dict[str, int]
    agents: dict[str, int]
    templates: dict[str, int]
    clusters: dict[str, int]


# name: (received, sender, status)
MESSAGES = {
    "m1": (at(15, 10), "p1@x.fr", MessageStatus.ANSWERED),
    "m2": (at(16, 8), "p2@x.fr", MessageStatus.ANSWERED),
    "m3": (at(16, 8, 30), "p3@x.fr", MessageStatus.ANSWERED),
    "m4": (at(16, 12), "p4@x.fr", MessageStatus.ANSWERED),
    "m5": (at(17, 9), "p5@x.fr", MessageStatus.OPEN),
    "m6": (at(17, 23), "p2@x.fr", MessageStatus.OPEN),  # m2's sender again
    "m7": (at(16, 9), "robot@x.fr", MessageStatus.NON_REQUEST),
    "m8": (at(16, 11), "p8@x.fr", MessageStatus.CLOSED),
    "m9": (at(14, 10), "p9@x.fr", MessageStatus.OPEN),
}


def build_world(store: Store) -> World:
    """Store the world and return its ids."""
    with store.sessions.begin() as session:
        folder = Folder(kind=FolderKind.MAILDIR, name="in", locator="maildir:in")
        agents = {
            "amina": Agent(login="amina", display_name="Amina Diallo"),
            "bruno": Agent(login="bruno", display_name="Bruno Petit"),
        }
        templates = {"t1": Template(name="Mot de passe"), "t2": Template(name="Examens")}
        clusters = {"c1": Cluster(label="examens", category="exam"), "c2": Cluster(label="divers")}
        messages = {
            name: Message(
                folder=folder,
                source_key=name,
                message_id=f"<{name}@x.fr>",
                date=received,
                sender=sender,
                from_addr=sender,
                status=status,
                size=1,
            )
            for name, (received, sender, status) in MESSAGES.items()
        }
        session.add_all([*agents.values(), *templates.values(), *clusters.values()])
        session.add_all(messages.values())
        session.flush()
        m = {name: msg.id for name, msg in messages.items()}
        a = {name: agent.id for name, agent in agents.items()}
        t = {name: tpl.id for name, tpl in templates.items()}
        c = {name: cl.id for name, cl in clusters.items()}
        session.add_all(
            [
                ClusterMember(message_id=m["m2"], cluster_id=c["c1"]),
                ClusterMember(message_id=m["m3"], cluster_id=c["c1"]),
                ClusterMember(message_id=m["m4"], cluster_id=c["c2"]),
            ]
        )
        replies = [
            # (agent, template, cluster, state, sent_at, messages)
            ("amina", "t1", None, ReplyState.SENT, at(16, 9), ["m1"]),
            ("amina", "t1", "c1", ReplyState.SENT, at(16, 10), ["m2", "m3"]),
            ("bruno", "t2", "c2", ReplyState.SENT, at(18, 13), ["m4"]),
            ("bruno", "t2", None, ReplyState.FAILED, None, ["m5"]),
            ("amina", "t1", None, ReplyState.QUEUED, None, ["m6"]),
        ]
        for number, (agent, template, cluster, state, sent_at, answered) in enumerate(replies):
            reply = Reply(
                message_id_header=f"<r{number}@desk>",
                agent_id=a[agent],
                template_id=t[template],
                cluster_id=c[cluster] if cluster else None,
                to_addr="x@x.fr",
                subject="Re",
                body_text="...",
                state=state,
                sent_at=sent_at,
            )
            session.add(reply)
            session.flush()
            session.add_all(ReplyMessage(reply_id=reply.id, message_id=m[n]) for n in answered)
        events = [
            # (agent, kind, messages, start, end, activity, cluster, template)
            (
                "amina",
                EventKind.OPEN,
                ["m2", "m3"],
                at(16, 9, 30),
                at(16, 9, 35),
                "1min",
                "c1",
                None,
            ),
            ("amina", EventKind.SEND, ["m2", "m3"], at(16, 9, 58), at(16, 10), "", "c1", "t1"),
            ("bruno", EventKind.READ, ["m4"], at(16, 12, 30), at(16, 12, 31), "", "c2", None),
            ("bruno", EventKind.SEND, ["m4"], at(18, 13), at(18, 13, 1), "", "c2", "t2"),
            ("amina", EventKind.SEND, ["m1"], at(16, 8, 59), at(16, 9), "", None, "t1"),
        ]
        for agent, kind, concerned, start, end, activity, cluster, template in events:
            moments = (
                [start.replace(minute=start.minute + k) for k in range(1, 5)] if activity else []
            )
            record_event(
                session,
                a[agent],
                kind,
                [m[n] for n in concerned],
                start,
                end,
                activity=moments,
                cluster_id=c[cluster] if cluster else None,
                template_id=t[template] if template else None,
            )
        return World(messages=m, agents=a, templates=t, clusters=c)


@pytest.fixture
def world(store: Store) -> World:
    """The hand-built world on the current backend."""
    return build_world(store)
