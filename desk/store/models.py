"""The typed ORM models: every table Desk keeps, written the SQLAlchemy 2 way.

Times are aware UTC (:class:`~desk.store.types.UTCDateTime`). Enumerations are
stored as their string values (non-native enums) so migrations stay plain on
both SQLite and PostgreSQL. The raw bytes of each message live in their own
table so that listing and clustering never drag megabytes of MIME along.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desk.core.clock import utc_now
from desk.store.types import UTCDateTime

# Constraint names decided once, so migrations can refer to them (Alembic naming.rst).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
str200 = Annotated[str, mapped_column(String(200))]
JsonList = Annotated[list[Any], mapped_column(JSON)]


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention and the UTC datetime mapping."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy's API


def _enum(cls: type[StrEnum]) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=False,
    )


class FolderKind(StrEnum):
    """Where a folder's messages come from."""

    IMAP = "imap"
    MAILDIR = "maildir"
    MBOX = "mbox"
    EML = "eml"


class MessageStatus(StrEnum):
    """Where a message stands in the agents' work."""

    OPEN = "open"  # waiting for an answer
    ANSWERED = "answered"
    CLOSED = "closed"  # handled without an answer (duplicate, no action needed)
    NON_REQUEST = "non_request"  # auto-reply, bounce, spam: never in the queue, never deleted
    GONE = "gone"  # removed from the server while still open: kept, out of the queue
    WAITING = "waiting"  # handed to another service (Handoff): back in the queue when it answers


class ReplyState(StrEnum):
    """The outbox's states: queued → sending → sent | failed | in_doubt.

    ``in_doubt``: interrupted after it was handed over to a server that keeps no
    copy in Sent (or whose habit is unknown), and not found there: it may have
    left or not. The outbox never sends it on its own; an agent decides
    (:mod:`desk.workbench.in_doubt`): send again (→ queued) or it went (→ sent).
    """

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    IN_DOUBT = "in_doubt"


# A reply in these states may reach (or may have reached) its recipients: its messages are
# not waiting for another answer, and nobody may answer them again meanwhile.
REPLY_ON_ITS_WAY = (ReplyState.QUEUED, ReplyState.SENDING, ReplyState.IN_DOUBT)


class EventKind(StrEnum):
    """Agent actions recorded for handling-time statistics."""

    CLAIM = "claim"
    OPEN = "open"
    READ = "read"
    CHOOSE_TEMPLATE = "choose_template"
    EDIT = "edit"
    SEND = "send"
    SKIP = "skip"
    RELEASE = "release"


class Account(Base):
    """A shared mailbox: where mail is read (IMAP) and sent from (SMTP). No secrets here."""

    __tablename__ = "account"

    id: Mapped[intpk]
    name: Mapped[str200] = mapped_column(unique=True)
    address: Mapped[str200]
    display_name: Mapped[str200] = mapped_column(default="")
    imap_host: Mapped[str200]
    imap_port: Mapped[int]
    imap_security: Mapped[str] = mapped_column(String(10))
    imap_user: Mapped[str200]
    smtp_host: Mapped[str200]
    smtp_port: Mapped[int]
    smtp_security: Mapped[str] = mapped_column(String(10))
    smtp_user: Mapped[str200]
    pinned_cert_sha256: Mapped[str | None] = mapped_column(String(64))
    smtp_pinned_cert_sha256: Mapped[str | None] = mapped_column(String(64))
    # Folders synced, where sent replies are filed, where answered mail optionally goes.
    sync_folders: Mapped[JsonList] = mapped_column(default=lambda: ["INBOX"])
    sent_folder: Mapped[str] = mapped_column(Text, default="Sent", server_default="Sent")
    processed_folder: Mapped[str | None] = mapped_column(Text)
    # Providers cap submissions: at most this many messages per minute (None: no cap).
    rate_limit_per_minute: Mapped[int | None]
    # Whether the submission server files what it accepts into Sent (learnt by watching):
    # it decides what a reply interrupted mid-send most likely became.
    smtp_files_sent: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    folders: Mapped[list[Folder]] = relationship(back_populates="account")


class Folder(Base):
    """A container of messages: an IMAP folder of an account, or a local Maildir/mbox/.eml folder.

    ``locator`` identifies it uniquely (``imap:<account>:<name>`` or
    ``maildir:<absolute path>``), so the same source is never ingested twice.
    """

    __tablename__ = "folder"

    id: Mapped[intpk]
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    kind: Mapped[FolderKind] = mapped_column(_enum(FolderKind))
    name: Mapped[str] = mapped_column(Text)
    locator: Mapped[str] = mapped_column(Text, unique=True)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    highest_modseq: Mapped[int | None] = mapped_column(BigInteger)
    uidnext: Mapped[int | None] = mapped_column(BigInteger)
    synced_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    account: Mapped[Account | None] = relationship(back_populates="folders")


class Message(Base):
    """One received email, parsed; its raw bytes are in :class:`MessageRaw`.

    Identity is (folder, ``source_key``): for IMAP ``"<uidvalidity>:<uid>"``, for
    local sources the file's stable name or the mbox index. ``message_id`` is the
    Message-ID header when present, else a synthetic id derived from the bytes;
    it is not unique (senders reuse them).
    """

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("folder_id", "source_key"),
        Index("ix_message_status_date", "status", "date"),
        # Open messages counted per sender (the queue, the "By sender" list): index only.
        Index("ix_message_status_sender", "status", "sender"),
        # A sender's messages in time order: sender groups, re-contacts in the statistics.
        Index("ix_message_sender_date", "sender", "date"),
    )

    id: Mapped[intpk]
    folder_id: Mapped[int] = mapped_column(ForeignKey("folder.id", ondelete="CASCADE"))
    source_key: Mapped[str] = mapped_column(String(500))
    source_path: Mapped[str | None] = mapped_column(Text)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[str] = mapped_column(String(998), index=True)
    message_id_header: Mapped[str | None] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(Text)
    references: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text, default="")
    from_name: Mapped[str] = mapped_column(Text, default="")
    from_addr: Mapped[str] = mapped_column(String(320), default="", index=True)
    reply_to_addr: Mapped[str | None] = mapped_column(String(320))
    to_addrs: Mapped[JsonList] = mapped_column(default=list)
    cc_addrs: Mapped[JsonList] = mapped_column(default=list)
    date: Mapped[datetime]
    date_from_header: Mapped[bool] = mapped_column(default=True)
    internal_date: Mapped[datetime | None]
    ingested_at: Mapped[datetime] = mapped_column(default=utc_now)
    text: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[JsonList] = mapped_column(default=list)
    parse_warnings: Mapped[JsonList] = mapped_column(default=list)
    is_auto: Mapped[bool] = mapped_column(default=False)
    # The person it is from (Reply-To for web forms), folded: groups one sender's messages.
    sender: Mapped[str] = mapped_column(String(320), default="", server_default="", index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[MessageStatus] = mapped_column(_enum(MessageStatus), default=MessageStatus.OPEN)
    # IMAP flags as last seen on the server (\Seen, \Answered, keywords).
    flags: Mapped[JsonList] = mapped_column(default=list)
    # False while only the headers are stored (initial sync fetches headers first).
    body_fetched: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    # When the server no longer had it (expunged); the store keeps it.
    gone_at: Mapped[datetime | None]

    folder: Mapped[Folder] = relationship()
    raw: Mapped[MessageRaw] = relationship(back_populates="message", cascade="all, delete-orphan")


class MessageRaw(Base):
    """The exact bytes a message arrived as, kept forever so nothing is lost."""

    __tablename__ = "message_raw"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[Message] = relationship(back_populates="raw")


class Agent(Base):
    """Someone who answers: their name goes into signatures and statistics."""

    __tablename__ = "agent"

    id: Mapped[intpk]
    login: Mapped[str200] = mapped_column(unique=True)
    display_name: Mapped[str200]
    signature: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Cluster(Base):
    """A group of messages asking the same thing, answered by one reply.

    ``merged_into_id`` records an agent's merge: the cluster stays for history
    while its members move to the target.
    """

    __tablename__ = "cluster"

    id: Mapped[intpk]
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("message.id", ondelete="SET NULL")
    )
    label: Mapped[str] = mapped_column(Text, default="")
    # What it asks, from its representative (desk.cluster.titles); ``titled_from`` is the
    # message the title was worked out from, so a new representative gets a new title.
    title: Mapped[str] = mapped_column(Text, default="", server_default="")
    titled_from: Mapped[int | None]
    category: Mapped[str | None] = mapped_column(String(50))
    # "request", or the kind of non-request (auto-reply, bounce, spam) it gathers.
    kind: Mapped[str] = mapped_column(String(20), default="request", server_default="request")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class MessageFeatures(Base):
    """What clustering computed for a message, kept so it is computed once.

    ``kind`` is request, auto-reply, bounce or spam; ``source`` says whether
    ``body`` is the sender's own words, the request a generic follow-up
    quotes, or nothing comparable (empty ``body``).
    """

    __tablename__ = "message_features"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)


class ClusterMember(Base):
    """A message's place in a cluster; ``manual`` marks an agent's decision re-clustering keeps.

    ``asks_more`` is what the message asks beyond its cluster's request (one
    sentence per line), when it joined the cluster as asking more; null
    otherwise.
    """

    __tablename__ = "cluster_member"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), primary_key=True
    )
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(default=1.0)
    manual: Mapped[bool] = mapped_column(default=False)
    assigned_at: Mapped[datetime] = mapped_column(default=utc_now)
    asks_more: Mapped[str | None] = mapped_column(Text)


class Template(Base):
    """A reply template with placeholders, in plain text and HTML.

    ``fallbacks`` maps a placeholder's canonical key (``first_name``) to the text
    used for a recipient it has no value for ("Madame, Monsieur"): with one set,
    a missing value is no longer an error before sending.
    """

    __tablename__ = "template"

    id: Mapped[intpk]
    name: Mapped[str200] = mapped_column(unique=True)
    category: Mapped[str] = mapped_column(String(50), default="")
    language: Mapped[str] = mapped_column(String(10), default="fr")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str | None] = mapped_column(Text)
    fallbacks: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    usage_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Reply(Base):
    """An answer in the outbox, with its Message-ID fixed before sending (exactly once)."""

    __tablename__ = "reply"

    id: Mapped[intpk]
    message_id_header: Mapped[str] = mapped_column(String(998), unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("template.id", ondelete="SET NULL"))
    to_addr: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(Text)
    references: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    state: Mapped[ReplyState] = mapped_column(
        _enum(ReplyState), default=ReplyState.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # When ``last_error`` was written: the failure is shown to agents after a restart.
    last_error_at: Mapped[datetime | None]
    # When the last attempt to send it started (its "sending" commit).
    attempted_at: Mapped[datetime | None]
    not_before: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    sent_at: Mapped[datetime | None]
    # When the copy went to the Sent folder and the originals were flagged \Answered.
    filed_at: Mapped[datetime | None]
    # The message exactly as it goes out, composed once when queued.
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Which outbox (machine and hand-over journal) last started sending it.
    sending_from: Mapped[str | None] = mapped_column(Text)
    # The lease of the outbox process sending it now: nobody else touches the reply
    # while ``lease_until`` is ahead (see desk.mail.outbox).
    lease_owner: Mapped[str | None] = mapped_column(Text)
    lease_until: Mapped[datetime | None]
    # "answer", or mail Desk sends on its own (ReplyKind): those answer no message.
    kind: Mapped[str] = mapped_column(String(20), default="answer", server_default="answer")
    # Whether the agent changed the template's text (None: not known, or not an answer).
    edited: Mapped[bool | None]


class ReplyKind(StrEnum):
    """What a reply is: an agent's answer, or mail Desk sends by itself (RFC 3834 auto-replies)."""

    ANSWER = "answer"
    ACKNOWLEDGEMENT = "ack"
    STATUS_UPDATE = "update"
    HANDOFF = "handoff"  # a request forwarded to another service
    HANDOFF_NOTICE = "handoff_notice"  # telling the person it was handed on


class Acknowledgement(Base):
    """A request Desk acknowledged (or updated) by itself, and the answer time it promised.

    At most one of each kind per message (a unique key: two senders racing
    cannot both send one); ``sender`` lets a person who writes five times get
    one acknowledgement. ``reply_id`` is None for a request deliberately not
    acknowledged (the sender had one recently): it is decided once.
    """

    __tablename__ = "acknowledgement"
    __table_args__ = (
        UniqueConstraint("message_id", "kind"),
        Index("ix_acknowledgement_sender", "sender", "created_at"),
    )

    id: Mapped[intpk]
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("reply.id", ondelete="SET NULL"))
    sender: Mapped[str] = mapped_column(String(320))
    expected_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Handoff(Base):
    """A request handed to another service: forwarded, waiting, then answered, overdue or failed.

    Every message of one hand-off shares its ``reference`` (``H-…``, in the
    forward's subject), which the service's answer is threaded back by.
    """

    __tablename__ = "handoff"

    id: Mapped[intpk]
    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(40), index=True)
    service: Mapped[str200]
    address: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("reply.id", ondelete="SET NULL"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    due_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    failure: Mapped[str | None] = mapped_column(Text)


class ReplyMessage(Base):
    """Which received messages a reply answers (one reply may answer a sender's several)."""

    __tablename__ = "reply_message"

    reply_id: Mapped[int] = mapped_column(
        ForeignKey("reply.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Claim(Base):
    """An agent's lease on a message: nobody else may answer it until it expires."""

    __tablename__ = "claim"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), primary_key=True
    )
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id", ondelete="CASCADE"), index=True)
    claimed_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class HandlingEvent(Base):
    """One agent action, with its active duration, for the statistics."""

    __tablename__ = "handling_event"
    __table_args__ = (
        Index("ix_handling_event_agent_started", "agent_id", "started_at"),
        # Covers the statistics' grouping (agent, template, cluster) with no table lookups.
        Index(
            "ix_handling_event_stats",
            "agent_id",
            "template_id",
            "cluster_id",
            "started_at",
            "kind",
            "active_ms",
        ),
    )

    id: Mapped[intpk]
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id", ondelete="CASCADE"))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    started_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime]
    active_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("template.id", ondelete="SET NULL"))
    message_count: Mapped[int] = mapped_column(default=0)


class EventMessage(Base):
    """Which messages an event concerned."""

    __tablename__ = "event_message"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("handling_event.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SyncLeader(Base):
    """Who syncs an account's mailbox for the whole team, and how that is going.

    Written only by the holder of the account's sync lock (a PostgreSQL
    advisory lock): the others read it to say "synced by …" instead of "offline".
    """

    __tablename__ = "sync_leader"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(Text)  # who, as people read it
    kind: Mapped[str] = mapped_column(String(10))  # "service" or "window"
    host: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[datetime] = mapped_column(default=utc_now)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_sync_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class Presence(Base):
    """One running Desk (a window or the service), kept alive by its heartbeat."""

    __tablename__ = "presence"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # a session's own token
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id", ondelete="CASCADE"))
    login: Mapped[str] = mapped_column(Text)  # the database login it connected as
    kind: Mapped[str] = mapped_column(String(10))  # "window", "service", "bench"
    host: Mapped[str] = mapped_column(Text, default="")
    connected_at: Mapped[datetime] = mapped_column(default=utc_now)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)


class TeamSetting(Base):
    """A setting the whole team shares (the queue's weights): team leads write them."""

    __tablename__ = "team_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    updated_by: Mapped[str] = mapped_column(Text, default="")
