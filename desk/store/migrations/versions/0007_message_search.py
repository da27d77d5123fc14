"""message search

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Full-text search over a message's sender (name and address), subject and text,
for ``desk.store.search``: answers in milliseconds on 100,000 messages where a
``LIKE '%word%'`` scan reads every text.

SQLite: ``message_fts``, an FTS5 table over ``message`` that stores only the
index (``content='message'``: the words are read back from ``message``), kept
in step by three triggers (the external-content pattern of the FTS5 manual,
which removes a row's old words with the ``'delete'`` command), and filled
from the messages already there by ``'rebuild'``. Its tokenizer folds case and
accents (``remove_diacritics 2``: "reponse" finds "réponse").

PostgreSQL: ``message_search``, one ``tsvector`` per message kept by a trigger,
with a GIN index. Stored rather than an index on an expression because ranking
and phrase checks read the vector of every candidate: recomputing it from the
text costs tens of microseconds a row, reading it a few. It carries a copy of
the message's status (the trigger follows it too) so a search within a state
filters the candidates themselves: joined to ``message`` for it, the planner
would read every message in that state. The vector comes from
``desk_search_text``: accents folded by ``unaccent`` when the server has that
extension (contrib; else by ``translate`` over the accented Latin letters),
punctuation turned into spaces so an address, a
reference or a hyphenated word splits into the same words as on SQLite (the
``simple`` parser would keep ``parent@example.org`` whole and find no part of
it); then the ``simple`` configuration (lower case, no stemming, no stop
words: the mail is in several languages). Sender words weigh ``A``, the
subject ``B``, the text ``D``, so ``ts_rank`` puts a subject hit above a hit
deep in a long text.

A later migration that rebuilds ``message`` (a SQLite batch operation copies
it into a new table) drops the SQLite triggers with it: it must create them
again and rebuild ``message_fts``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("from_name", "from_addr", "subject", "text")
_NEW = ", ".join(f"new.{name}" for name in COLUMNS)
_OLD = ", ".join(f"old.{name}" for name in COLUMNS)
_NAMES = ", ".join(COLUMNS)

SQLITE_UPGRADE = (
    f"""CREATE VIRTUAL TABLE message_fts USING fts5(
        {_NAMES}, content='message', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2")""",
    f"""CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN
        INSERT INTO message_fts (rowid, {_NAMES}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
        INSERT INTO message_fts (message_fts, rowid, {_NAMES}) VALUES ('delete', old.id, {_OLD});
    END""",
    f"""CREATE TRIGGER message_fts_update AFTER UPDATE OF {_NAMES} ON message BEGIN
        INSERT INTO message_fts (message_fts, rowid, {_NAMES}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO message_fts (rowid, {_NAMES}) VALUES (new.id, {_NEW});
    END""",
    "INSERT INTO message_fts (message_fts) VALUES ('rebuild')",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS message_fts_update",
    "DROP TRIGGER IF EXISTS message_fts_delete",
    "DROP TRIGGER IF EXISTS message_fts_insert",
    "DROP TABLE IF EXISTS message_fts",
)

# The comment that marks an unaccent extension this migration created (and its downgrade drops).
CREATED_UNACCENT = "desk 0007: created the unaccent extension"


def fallback_fold_sql(argument: str) -> str:
    """SQL folding the accents of Latin letters with ``translate``, for a server without unaccent.

    The letters of Latin-1 and Latin Extended-A/B that decompose into an ASCII
    letter and accents lose the accents, and the French ligatures are spelled
    out, as ``desk.store.search.fold`` does to what is typed.
    """
    accented, bare = [], []
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            accented.append(chr(code))
            bare.append(base)
    folded = f"translate({argument}, '{''.join(accented)}', '{''.join(bare)}')"
    for ligature, spelled in (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE")):
        folded = f"replace({folded}, '{ligature}', '{spelled}')"
    return folded


def _unaccent_schema(conn: Connection) -> str | None:
    """Install ``unaccent`` if the server has it and we may; the schema it is in, else None.

    The attempt runs in a savepoint: without the contrib files or the right to
    create extensions, PostgreSQL aborts the statement, not the migration.
    """
    installed = conn.scalar(
        text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
    )
    if installed is not None:
        return str(installed)
    available = conn.scalar(text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'"))
    if available is None:
        return None
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION unaccent"))
    except DBAPIError:  # no right to create it: search without folding accents
        return None
    conn.execute(text(f"COMMENT ON EXTENSION unaccent IS '{CREATED_UNACCENT}'"))
    return _unaccent_schema(conn)


def _postgresql_upgrade(conn: Connection) -> None:
    preparer = conn.dialect.identifier_preparer
    schema = preparer.quote(str(conn.scalar(text("SELECT current_schema()"))))
    ext_schema = _unaccent_schema(conn)
    if ext_schema is None:
        fold = fallback_fold_sql("$1")
    else:
        # unaccent is STABLE (its dictionary could change); named explicitly it is safe to
        # call IMMUTABLE, which the trigger does not need but an index would.
        quoted = preparer.quote(ext_schema)
        dictionary = f"{quoted}.unaccent".replace("'", "''")
        fold = f"{quoted}.unaccent('{dictionary}', $1)"
    statements = (
        f"""CREATE FUNCTION {schema}.desk_unaccent(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {fold} $$""",
        f"""CREATE FUNCTION {schema}.desk_search_text(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT regexp_replace({schema}.desk_unaccent($1), '[^[:alnum:]]+', ' ', 'g') $$""",
        f"""CREATE FUNCTION {schema}.desk_message_tsvector(
                from_name text, from_addr text, subject text, body text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT setweight(to_tsvector('simple', {schema}.desk_search_text(
                       coalesce(from_name, '') || ' ' || coalesce(from_addr, ''))), 'A')
                || setweight(to_tsvector('simple',
                       {schema}.desk_search_text(coalesce(subject, ''))), 'B')
                || setweight(to_tsvector('simple',
                       {schema}.desk_search_text(coalesce(body, ''))), 'D') $$""",
        """CREATE TABLE message_search (
            id integer PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,
            status varchar(20) NOT NULL,
            document tsvector NOT NULL)""",
        f"""CREATE FUNCTION {schema}.desk_message_search_sync() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND (NEW.from_name, NEW.from_addr, NEW.subject, NEW.text)
                        IS NOT DISTINCT FROM (OLD.from_name, OLD.from_addr, OLD.subject, OLD.text)
                THEN
                    UPDATE {schema}.message_search SET status = NEW.status WHERE id = NEW.id;
                ELSE
                    INSERT INTO {schema}.message_search (id, status, document)
                    VALUES (NEW.id, NEW.status, {schema}.desk_message_tsvector(
                        NEW.from_name, NEW.from_addr, NEW.subject, NEW.text))
                    ON CONFLICT (id) DO UPDATE
                    SET status = EXCLUDED.status, document = EXCLUDED.document;
                END IF;
                RETURN NULL;
            END $$""",
        f"""CREATE TRIGGER message_search_sync AFTER INSERT OR UPDATE OF {_NAMES}, status
            ON message FOR EACH ROW EXECUTE FUNCTION desk_message_search_sync()""",
        f"""INSERT INTO message_search (id, status, document)
            SELECT id, status, desk_message_tsvector({_NAMES}) FROM message""",
        "CREATE INDEX ix_message_search_document ON message_search USING gin (document)",
    )
    for statement in statements:
        conn.execute(text(statement))


def _postgresql_downgrade(conn: Connection) -> None:
    for statement in (
        "DROP TRIGGER IF EXISTS message_search_sync ON message",
        "DROP TABLE IF EXISTS message_search",
        "DROP FUNCTION IF EXISTS desk_message_search_sync()",
        "DROP FUNCTION IF EXISTS desk_message_tsvector(text, text, text, text)",
        "DROP FUNCTION IF EXISTS desk_search_text(text)",
        "DROP FUNCTION IF EXISTS desk_unaccent(text)",
    ):
        conn.execute(text(statement))
    created = conn.scalar(
        text("SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = :n"),
        {"n": "unaccent"},
    )
    if created == CREATED_UNACCENT:
        conn.execute(text("DROP EXTENSION IF EXISTS unaccent"))


def upgrade() -> None:
    """Create the search index of the database in use and fill it from the messages there."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_UPGRADE:
            conn.execute(text(statement))
    elif conn.dialect.name == "postgresql":
        _postgresql_upgrade(conn)


def downgrade() -> None:
    """Drop the index, its triggers and functions (and unaccent, if this migration added it)."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DOWNGRADE:
            conn.execute(text(statement))
    elif conn.dialect.name == "postgresql":
        _postgresql_downgrade(conn)
