"""Full-text search over messages: sender, subject and text, best match first.

What an agent types is parsed here, never handed to the database as query
syntax: :class:`SearchQuery` keeps only the words (runs of letters and digits,
folded to lower case without accents) and rebuilds the query from them, every
word quoted. So quotes, parentheses, asterisks, colons, ``NEAR`` or ``-`` in a
search can never be a syntax error, only words or separators. The words of a
search are all required (AND); each matches as a prefix ("inscri" finds
"inscription") so results follow the typing, except words of one or two
letters (see :data:`MIN_PREFIX`); ``"quoted words"`` are an exact phrase; and a
chunk with punctuation inside (an address, ``l'inscription``, a reference
like ``2020-1234``) is a phrase of its words, the last one a prefix.

The index is the one migration 0007 creates: on SQLite the FTS5 table
``message_fts`` (ranked by ``bm25``), on PostgreSQL the ``message_search``
vectors (ranked by ``ts_rank``, divided by the log of the length as bm25
does). Both fold accents and split on punctuation alike, so a search finds
the same messages on either.

A word as common as "bonjour" matches most of a mailbox; ranking all of them
reads every candidate's statistics, for an order nobody reads past the first
screen. So only the newest :data:`RANK_POOL` matches are ranked: every match
is ranked when there are fewer, which a useful search has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from desk.store.models import MessageStatus

MIN_PREFIX = 3
"""Shorter words match only themselves: "de" as a prefix would ask SQLite for the
positions of every word starting with "de" (de, des, demande, depuis…), a large part of
the index, and a sentence pasted into the search box has many such words."""

RANK_POOL = 5000
"""How many of the newest matches are ranked (all of them when fewer match)."""

MAX_WORD_BYTES = 2047
"""PostgreSQL indexes no longer word (and refuses one in a query): such a search finds nothing."""

# bm25 weights of message_fts's columns: from_name, from_addr, subject, text.
BM25_WEIGHTS = (10.0, 10.0, 4.0, 1.0)

# Letters and digits, not "_": what both indexes keep as word characters.
_WORD = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# A quoted phrase (an unclosed quote runs to the end: the agent is still typing), or the rest.
_SEGMENT = re.compile(r'"([^"]*)("?)|([^"]+)')


def _is_word_char(char: str) -> bool:
    """A letter or digit of Unicode 3.2, which Python ships beside its current tables.

    SQLite's tokenizer has tables of its own (Unicode 6.1) and treats some
    newer characters otherwise; on these, checked over every code point, it
    agrees with :func:`fold`: each word handed to FTS5 is one token, itself.
    A newer letter separates words here (a search is then narrower, never wider).
    """
    return unicodedata.ucd_3_2_0.category(char)[0] in "LN"


def fold(typed: str) -> str:
    """Lower case without accents, as the indexes fold text ("Réponse" -> "reponse").

    The ligatures are spelled out ("cœur" -> "coeur"), as PostgreSQL's
    ``unaccent`` does; SQLite's tokenizer keeps them, so :meth:`Term.fts5`
    asks for both spellings.
    """
    decomposed = unicodedata.normalize("NFD", typed.casefold())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare).translate(_LIGATURES)


def words(typed: str) -> list[str]:
    """The folded words of a text, in order: its runs of letters and digits."""
    found: list[str] = []
    for run in _WORD.findall(fold(typed)):
        found.extend(w for w in "".join(c if _is_word_char(c) else " " for c in run).split())
    return found


def _long(word: str) -> bool:
    """Whether a word is long enough to match as a prefix."""
    return len(word) >= MIN_PREFIX


@dataclass(frozen=True)
class Term:
    """One required part of a search: a word, or a phrase of consecutive words.

    ``prefix``: the last word may be the start of a longer one.
    """

    words: tuple[str, ...]
    prefix: bool

    def fts5(self) -> str:
        """This term in FTS5 syntax: a quoted string, so nothing in it is an operator.

        With "oe" or "ae" in it, the ligature spelling too (SQLite's tokenizer
        does not spell out "œ"): ``("coeur" OR "cœur")``.
        """
        spelled = " ".join(self.words)
        variants = dict.fromkeys((spelled, spelled.replace("oe", "œ").replace("ae", "æ")))
        star = "*" if self.prefix else ""
        quoted = ['"' + v.replace('"', '""') + '"' + star for v in variants]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


@dataclass(frozen=True)
class SearchQuery:
    """A search as typed, parsed into terms that are all required."""

    terms: tuple[Term, ...]

    @classmethod
    def parse(cls, typed: str) -> SearchQuery:
        """Parse what an agent typed; never fails, whatever the text.

        ``"..."`` is an exact phrase (while its closing quote is not typed, its
        last word a prefix); otherwise each whitespace-separated chunk is a
        prefix word, or a phrase (last word a prefix) when punctuation splits
        it into several words. Chunks with no letter or digit vanish.
        """
        terms: list[Term] = []
        for match in _SEGMENT.finditer(typed):
            quoted, closing, bare = match.groups()
            if bare is None:
                found = words(quoted)
                if found:
                    terms.append(Term(tuple(found), prefix=not closing and _long(found[-1])))
                continue
            for chunk in bare.split():
                found = words(chunk)
                if found:
                    terms.append(Term(tuple(found), prefix=_long(found[-1])))
        return cls(tuple(dict.fromkeys(terms)))

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def too_long(self) -> bool:
        """Whether a word is longer than any index keeps: then nothing can match."""
        return any(len(w.encode()) > MAX_WORD_BYTES for t in self.terms for w in t.words)

    def fts5(self) -> str:
        """The SQLite FTS5 ``MATCH`` expression: every term, quoted, ANDed."""
        return " AND ".join(term.fts5() for term in self.terms)

    def tsquery(self, folded: Sequence[Sequence[str]]) -> str | None:
        """The PostgreSQL ``to_tsquery`` text, from each term's words as the server folds them.

        ``folded`` holds, term by term, the words after ``desk_search_text``
        (the server's ``unaccent`` may turn "œ" into "oe" or one word into
        two). Each word is quoted; a phrase joins its words with ``<->``.
        None when a term lost every word (it can match nothing).
        """
        parts: list[str] = []
        for term, term_words in zip(self.terms, folded, strict=True):
            if not term_words:
                return None
            quoted = [_tsquery_word(w) for w in term_words]
            if term.prefix:
                quoted[-1] += ":*"
            parts.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
        return " & ".join(parts)


def _tsquery_word(word: str) -> str:
    """A word as a quoted ``tsquery`` lexeme (quotes and backslashes doubled)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


SEARCH_TABLES = ("message_fts", "message_search")
"""The index's tables (on SQLite with FTS5's ``message_fts_*`` shadows): no model has them."""


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: leave the search index out of model comparisons.

    The index is built by migration 0007 in SQL the models cannot express
    (an FTS5 virtual table, triggers), so autogenerate and the test that the
    migrations match the models would otherwise see tables to drop.
    """
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLES))


def search_messages(
    session: Session,
    query: str,
    limit: int = 500,
    statuses: Collection[MessageStatus] | None = None,
) -> list[int]:
    """Ids of the messages matching ``query``, best match first (at most ``limit``).

    ``query`` is what the agent typed (see :class:`SearchQuery`); an empty or
    blank one finds nothing. ``statuses`` keeps only messages in those states.
    Runs on the session's connection, within its transaction.
    """
    parsed = SearchQuery.parse(query)
    if not parsed or parsed.too_long or limit <= 0 or (statuses is not None and not statuses):
        return []
    values = None if statuses is None else sorted({MessageStatus(s).value for s in statuses})
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _search_sqlite(session, parsed, limit, values)
    if dialect == "postgresql":
        return _search_postgresql(session, parsed, limit, values)
    raise NotImplementedError(f"no message search on {dialect}")


def _search_sqlite(
    session: Session, parsed: SearchQuery, limit: int, values: list[str] | None
) -> list[int]:
    """FTS5: score the newest ``RANK_POOL`` matches with bm25, return the best.

    FTS5 walks its matches in rowid order by itself and computes bm25 only for
    the rows the inner query returns; bm25's statistics are the whole table's,
    whatever the pool.
    """
    join = "JOIN message ON message.id = message_fts.rowid" if values is not None else ""
    where = "AND message.status IN :statuses" if values is not None else ""
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    statement = text(
        "SELECT id FROM ("
        f"  SELECT message_fts.rowid AS id, bm25(message_fts, {weights}) AS score"
        f"  FROM message_fts {join}"
        f"  WHERE message_fts MATCH :match {where}"
        f"  ORDER BY message_fts.rowid DESC LIMIT {RANK_POOL:d}) "
        "ORDER BY score, id DESC LIMIT :limit"
    )
    params: dict[str, Any] = {"match": parsed.fts5(), "limit": limit}
    if values is not None:
        statement = statement.bindparams(bindparam("statuses", expanding=True))
        params["statuses"] = values
    return list(session.scalars(statement, params))


def _search_postgresql(
    session: Session, parsed: SearchQuery, limit: int, values: list[str] | None
) -> list[int]:
    """``message_search``: fold the words as the index did, then rank the newest matches."""
    flat = [w for term in parsed.terms for w in term.words]
    folded_flat = session.scalars(
        text(
            "SELECT desk_search_text(w) FROM unnest(CAST(:words AS text[])) "
            "WITH ORDINALITY AS t(w, n) ORDER BY n"
        ),
        {"words": flat},
    ).all()
    folded: list[list[str]] = []
    position = 0
    for term in parsed.terms:
        pieces = folded_flat[position : position + len(term.words)]
        position += len(term.words)
        folded.append([w for piece in pieces for w in _WORD.findall(piece or "")])
    if any(len(w.encode()) > MAX_WORD_BYTES for term_words in folded for w in term_words):
        return []
    tsquery = parsed.tsquery(folded)
    if tsquery is None:
        return []
    where = "AND s.status IN :statuses" if values is not None else ""
    # The words are a constant of the statement and the limits literals, so the planner sees
    # how common the words are (PostgreSQL keeps statistics of the vectors' words): for a
    # common word it walks the newest ids and stops after RANK_POOL matches, for a rare one it
    # asks the GIN index. psycopg prepares a statement run often, and PostgreSQL may then
    # plan it once for any words (the index every time: slower for common words), so custom
    # plans are asked for, for this statement only.
    previous = session.scalar(text("SELECT current_setting('plan_cache_mode')"))
    session.execute(text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"))
    statement = text(
        "WITH pool AS MATERIALIZED ("
        "  SELECT s.id FROM message_search s"
        f"  WHERE s.document @@ to_tsquery('simple', :tsquery) {where}"
        f"  ORDER BY s.id DESC LIMIT {RANK_POOL:d}) "
        "SELECT s.id FROM pool JOIN message_search s ON s.id = pool.id "
        "ORDER BY ts_rank(s.document, to_tsquery('simple', :tsquery), 1) DESC, s.id DESC "
        f"LIMIT {int(limit):d}"
    )
    params: dict[str, Any] = {"tsquery": tsquery}
    if values is not None:
        statement = statement.bindparams(bindparam("statuses", expanding=True))
        params["statuses"] = values
    found = list(session.scalars(statement, params))
    session.execute(text("SELECT set_config('plan_cache_mode', :v, true)"), {"v": previous})
    return found
