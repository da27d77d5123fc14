"""Alembic environment: runs on the connection Desk hands over, never on an ini URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from desk.store.models import Base
from desk.store.search import include_name

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The full-text index's tables are the database's own, not models to autogenerate.
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the connection given in ``config.attributes`` (Desk), else the ini URL (tools)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    assert url, "no connection given and no sqlalchemy.url set"
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    raise SystemExit("Desk migrations run online only")
run_migrations_online()
