"""0010: a reply can be ``in_doubt`` on both databases, and keeps when it failed and was tried.

``reply.state`` was created in 0001 as a VARCHAR(20) without a CHECK
constraint nor a PostgreSQL enum type: the new state needs no DDL. These
tests hold that true on a real SQLite and a real PostgreSQL, upgrading a
database with a reply in it, and that a downgrade leaves no state an older
outbox does not know.
"""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from desk.store.migrate import alembic_config


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def _state_checks(url: str) -> list[str]:
    """CHECK constraints on reply, and (PostgreSQL) the type of its state column."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            checks = [str(c.get("sqltext")) for c in inspect(conn).get_check_constraints("reply")]
            if conn.dialect.name == "postgresql":
                kind = conn.scalar(
                    text(
                        "SELECT data_type FROM information_schema.columns "
                        "WHERE table_name = 'reply' AND column_name = 'state'"
                    )
                )
                checks.append(f"type {kind}")
            return checks
    finally:
        engine.dispose()


def test_a_reply_in_doubt_is_stored_after_0010_and_sent_back_to_sending_by_a_downgrade(
    empty_db_url: str,
) -> None:
    _migrate(empty_db_url, "0009")
    engine = create_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO reply (message_id_header, to_addr, subject, body_text, state, "
                    "attempts, created_at) VALUES ('<r1@x>', 'a@x.fr', 'Re: x', 'b', 'sending', "
                    "1, CURRENT_TIMESTAMP)"
                )
            )
    finally:
        engine.dispose()
    _migrate(empty_db_url, "head")
    checks = _state_checks(empty_db_url)
    assert not [check for check in checks if "state" in check and "in_doubt" not in check]
    if empty_db_url.startswith("postgresql"):
        assert "type character varying" in checks  # no enum type to ALTER
    engine = create_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE reply SET state = 'in_doubt', last_error_at = CURRENT_TIMESTAMP, "
                    "attempted_at = CURRENT_TIMESTAMP"
                )
            )
            row = conn.execute(
                text("SELECT state, last_error_at IS NOT NULL, attempted_at IS NOT NULL FROM reply")
            ).one()
        assert tuple(row) == ("in_doubt", True, True)
    finally:
        engine.dispose()
    _migrate(empty_db_url, "0009", down=True)
    engine = create_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT state FROM reply")) == "sending"
            columns = {c["name"] for c in inspect(conn).get_columns("reply")}
        assert not {"last_error_at", "attempted_at"} & columns
    finally:
        engine.dispose()
