"""Message search on both backends: folding, prefixes, phrases, ranking, sync, hostile input."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, select, text, update

from desk.store.database import Store, open_store
from desk.store.engine import sqlite_url
from desk.store.migrate import alembic_config
from desk.store.models import Folder, FolderKind, Message, MessageStatus
from desk.store.search import SearchQuery, Term, fold, search_messages, words
from tests.support.postgres import PostgresServer

WHEN = datetime(2020, 3, 16, 9, 0, tzinfo=UTC)


def _add(
    store: Store,
    *,
    subject: str = "",
    body: str = "",
    name: str = "",
    addr: str = "parent@example.org",
    status: MessageStatus = MessageStatus.OPEN,
) -> int:
    """Store one message (in the one test folder) and return its id."""
    with store.sessions.begin() as session:
        folder = session.scalars(select(Folder)).first()
        if folder is None:
            folder = Folder(kind=FolderKind.MAILDIR, name="in", locator="maildir:in")
        number = session.scalar(select(Message.id).order_by(Message.id.desc()).limit(1)) or 0
        message = Message(
            folder=folder,
            source_key=f"k{number + 1}",
            message_id=f"<{number + 1}@example.org>",
            subject=subject,
            from_name=name,
            from_addr=addr,
            sender=addr,
            text=body,
            date=WHEN,
            size=len(body),
            status=status,
        )
        session.add(message)
        session.flush()
        return message.id


def _search(
    store: Store, typed: str, limit: int = 500, statuses: Collection[MessageStatus] | None = None
) -> list[int]:
    with store.sessions() as session:
        return search_messages(session, typed, limit=limit, statuses=statuses)


def _check_sqlite_index(store: Store) -> None:
    """FTS5's own check that message_fts holds exactly the words of message (SQLite only)."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)")
            )


# ------------------------------------------------------------------ parsing


def test_words_are_prefixes_and_quotes_make_exact_phrases() -> None:
    query = SearchQuery.parse('Inscri "mot de  passe" jean.dupont@orange.fr')
    assert query.terms == (
        Term(("inscri",), prefix=True),
        Term(("mot", "de", "passe"), prefix=False),
        Term(("jean", "dupont", "orange", "fr"), prefix=False),  # "fr": too short for a prefix
    )
    assert query.fts5() == '"inscri"* AND "mot de passe" AND "jean dupont orange fr"'


def test_operators_and_punctuation_are_only_separators() -> None:
    query = SearchQuery.parse('NEAR(a b) OR c:d -e ^f* NOT:near "ggg')
    assert [t.words for t in query.terms] == [
        ("near", "a"), ("b",), ("or",), ("c", "d"), ("e",), ("f",), ("not", "near"), ("ggg",)
    ]  # fmt: skip
    assert query.terms[-2].prefix
    assert query.terms[-1].prefix  # an unclosed quote: still typing
    assert not SearchQuery.parse(' " * ( ) : - \' ^ " ')
    assert not SearchQuery.parse("")


def test_folding_drops_case_accents_and_ligatures() -> None:
    assert fold("Réponse À L'ÉLÈVE") == "reponse a l'eleve"
    assert words("Cœur, ÆTHER; naïve") == ["coeur", "aether", "naive"]
    assert SearchQuery.parse("coeur").fts5() == '("coeur"* OR "cœur"*)'


def test_words_of_one_or_two_letters_are_no_prefixes() -> None:
    assert SearchQuery.parse("m de mot").fts5() == '"m" AND "de" AND "mot"*'
    assert SearchQuery.parse("2020-12 ab@cd.fr").fts5() == '"2020 12" AND "ab cd fr"'
    assert SearchQuery.parse('"de l').fts5() == '"de l"'


def test_repeated_terms_are_asked_once() -> None:
    assert len(SearchQuery.parse("mot Mot MOT").terms) == 1


# ------------------------------------------------------------------ both backends


@pytest.fixture
def mailbox(store: Store) -> Iterator[dict[str, int]]:
    """A few messages with distinct words in each field."""
    yield {
        "reponse": _add(
            store,
            subject="Réponse à ma demande d'inscription",
            body="Bonjour, je n'ai reçu aucune réponse. Mon numéro est EL-2020-004512.",
            name="Jean Dupont",
            addr="jean.dupont@orange.fr",
        ),
        "password": _add(
            store,
            subject="Mot de passe oublié",
            body="Ma fille a oublié son mot de passe, pouvez-vous le réinitialiser ?",
            name="Camille Martin",
            addr="camille.martin@free.fr",
            status=MessageStatus.ANSWERED,
        ),
        "plain": _add(
            store,
            subject="reponse sans accent",
            body="mot passe de secours, un coeur gros comme ça",
            name="Zoé Durand",
            addr="zoe@orange.fr",
        ),
    }


def test_accents_fold_both_ways(store: Store, mailbox: dict[str, int]) -> None:
    both = {mailbox["reponse"], mailbox["plain"]}
    assert set(_search(store, "reponse")) == both
    assert set(_search(store, "réponse")) == both
    assert set(_search(store, "RÉPONSE")) == both
    assert _search(store, "reinitialiser") == [mailbox["password"]]
    assert _search(store, "zoe") == [mailbox["plain"]]
    assert _search(store, "cœur") == [mailbox["plain"]]


def test_ligature_in_the_text_is_found_spelled_out(store: Store) -> None:
    heart = _add(store, body="Ma sœur a le cœur brisé")
    assert _search(store, "coeur") == [heart]
    assert _search(store, "soeur") == [heart]


def test_a_word_is_a_prefix(store: Store, mailbox: dict[str, int]) -> None:
    assert _search(store, "inscri") == [mailbox["reponse"]]
    assert _search(store, "oubl") == [mailbox["password"]]
    assert _search(store, '"inscri"') == []
    assert _search(store, '"inscription"') == [mailbox["reponse"]]
    assert _search(store, "mo") == []  # too short to be a prefix: only the word "mo"
    assert set(_search(store, "ma")) == {mailbox["reponse"], mailbox["password"]}


def test_all_words_are_required(store: Store, mailbox: dict[str, int]) -> None:
    assert set(_search(store, "mot passe")) == {mailbox["password"], mailbox["plain"]}
    assert _search(store, "mot passe fille") == [mailbox["password"]]
    assert _search(store, "mot passe girafe") == []


def test_a_quoted_phrase_keeps_its_order(store: Store, mailbox: dict[str, int]) -> None:
    assert _search(store, '"mot de passe"') == [mailbox["password"]]
    assert _search(store, '"passe de mot"') == []
    assert _search(store, '"mot passe"') == [mailbox["plain"]]


def test_sender_address_name_subject_and_body(store: Store, mailbox: dict[str, int]) -> None:
    assert _search(store, "jean.dupont@orange.fr") == [mailbox["reponse"]]
    assert _search(store, "dupont@orange") == [mailbox["reponse"]]
    assert set(_search(store, "orange.fr")) == {mailbox["reponse"], mailbox["plain"]}
    assert _search(store, "camille.martin@orange.fr") == []
    assert _search(store, "Camille Martin") == [mailbox["password"]]
    assert _search(store, "demande") == [mailbox["reponse"]]
    assert _search(store, "secours") == [mailbox["plain"]]
    assert _search(store, "EL-2020-004512") == [mailbox["reponse"]]
    assert _search(store, "2020-0045") == [mailbox["reponse"]]
    assert _search(store, "l'inscription") == []  # the text says "d'inscription"
    assert _search(store, "d'inscription") == [mailbox["reponse"]]


def test_status_filter(store: Store, mailbox: dict[str, int]) -> None:
    assert _search(store, "mot", statuses=[MessageStatus.OPEN]) == [mailbox["plain"]]
    assert _search(store, "mot", statuses={MessageStatus.ANSWERED}) == [mailbox["password"]]
    assert set(_search(store, "mot", statuses=list(MessageStatus))) == {
        mailbox["password"],
        mailbox["plain"],
    }
    assert _search(store, "mot", statuses=[]) == []


def test_limit(store: Store, mailbox: dict[str, int]) -> None:
    assert len(_search(store, "orange", limit=1)) == 1
    assert _search(store, "orange", limit=0) == []


def test_blank_query_finds_nothing(store: Store, mailbox: dict[str, int]) -> None:
    for typed in ("", "   ", "\n\t", '""', "*", "-", "()"):
        assert _search(store, typed) == []


def test_a_subject_hit_outranks_a_hit_deep_in_a_long_text(store: Store) -> None:
    filler = " ".join(["nous attendons toujours le colis des manuels scolaires"] * 40)
    in_subject = _add(store, subject="Certificat de scolarité", body="Bonjour, merci.")
    deep = _add(store, subject="Question", body=f"{filler} et un certificat aussi. {filler}")
    assert _search(store, "certificat") == [in_subject, deep]


def test_an_edited_text_is_found_by_its_new_words_only(
    store: Store, mailbox: dict[str, int]
) -> None:
    with store.sessions.begin() as session:
        message = session.get(Message, mailbox["plain"])
        assert message is not None
        message.text = "Le colis est arrivé abîmé"
        message.subject = "Livraison"
    assert _search(store, "secours") == []
    assert _search(store, "sans accent") == []
    assert _search(store, "abime") == [mailbox["plain"]]
    assert _search(store, "livraison") == [mailbox["plain"]]
    with store.sessions.begin() as session:  # columns outside the index change nothing
        session.execute(
            update(Message)
            .where(Message.id == mailbox["plain"])
            .values(status=MessageStatus.CLOSED, is_auto=True)
        )
    assert _search(store, "livraison") == [mailbox["plain"]]
    assert _search(store, "livraison", statuses=[MessageStatus.CLOSED]) == [mailbox["plain"]]
    assert _search(store, "livraison", statuses=[MessageStatus.OPEN]) == []
    _check_sqlite_index(store)


def test_deleted_messages_are_not_found(store: Store, mailbox: dict[str, int]) -> None:
    with store.sessions.begin() as session:
        message = session.get(Message, mailbox["password"])
        session.delete(message)
    assert _search(store, "oublie") == []
    assert set(_search(store, "mot")) == {mailbox["plain"]}
    _check_sqlite_index(store)
    with store.sessions.begin() as session:  # the folder's cascade takes its messages
        session.execute(delete(Folder))
    assert _search(store, "orange") == []
    _check_sqlite_index(store)


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "**",
    "NEAR(",
    "NEAR(mot passe, 2)",
    "a:b",
    "subject:mot",
    ")",
    "(",
    "-",
    "-mot",
    "'",
    "mot' OR '1'='1",
    "mot AND OR NOT",
    "^mot",
    "mot + passe",
    "{subject text}: mot",
    "\\",
    "\x00mot\x00",
    "%_%",
    "$1 :* & | ! <-> <2>",
    "😀 mot",
    "日本語 العربية ελληνικά",
    "ǅ ß ﬁ ſ İ",
    "e\u0301le\u0300ve",
    "\u200b\u202e\ufeff",
    "a" * 10_000,
    "mot " * 2_500,
    "é" * 3000,
    " ".join(f"w{n}" for n in range(2000)),
    "x" * 2047 + " mot",
]


@pytest.mark.parametrize("typed", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(store: Store, mailbox: dict[str, int], typed: str) -> None:
    found = _search(store, typed)
    assert set(found) <= set(mailbox.values())


def test_hostile_input_still_finds_the_words_in_it(store: Store, mailbox: dict[str, int]) -> None:
    assert _search(store, "NEAR(inscri*") == []  # "near" is a word too, and no one wrote it
    assert _search(store, "(inscri*)") == [mailbox["reponse"]]
    assert _search(store, "subject:mot") == []  # a phrase "subject mot"
    assert _search(store, '"mot de passe" -fille') == [mailbox["password"]]  # '-' is no NOT


@pytest.fixture
def messages_before_0007(empty_db_url: str) -> Iterator[str]:
    """A database at revision 0006 holding two messages, not yet indexed."""
    engine = create_engine(empty_db_url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO folder (kind, name, locator, created_at) "
                "VALUES ('maildir', 'x', 'maildir:x', CURRENT_TIMESTAMP)"
            )
        )
        for key, subject, body in (
            ("a", "Réponse attendue", "Toujours rien reçu"),
            ("b", "Inscription", "Mon fils est inscrit en CM2"),
        ):
            conn.execute(
                text(
                    "INSERT INTO message (folder_id, source_key, message_id, subject, from_name, "
                    "from_addr, to_addrs, cc_addrs, date, date_from_header, ingested_at, text, "
                    "attachments, parse_warnings, is_auto, size, status, sender) "
                    "VALUES (1, :key, :key, :subject, 'Parent', 'parent@x.fr', '[]', '[]', "
                    "CURRENT_TIMESTAMP, true, CURRENT_TIMESTAMP, :body, '[]', '[]', false, 1, "
                    "'open', 'parent@x.fr')"
                ),
                {"key": key, "subject": subject, "body": body},
            )
    engine.dispose()
    yield empty_db_url


def test_upgrade_indexes_the_messages_already_there(messages_before_0007: str) -> None:
    store = open_store(messages_before_0007)
    try:
        with store.sessions() as session:
            keys = {
                row.id: row.source_key
                for row in session.execute(select(Message.id, Message.source_key))
            }
        assert [keys[i] for i in _search(store, "reponse")] == ["a"]
        assert [keys[i] for i in _search(store, "inscri")] == ["b"]
        assert [keys[i] for i in _search(store, "parent@x.fr")] in (["a", "b"], ["b", "a"])
        _check_sqlite_index(store)
        later = _add(store, subject="Nouvelle réponse")  # and the triggers are in place
        assert _search(store, "nouvelle") == [later]
    finally:
        store.close()


def test_downgrade_removes_every_trace(db_url: str) -> None:
    engine = create_engine(db_url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            left = conn.scalars(
                text("SELECT name FROM sqlite_master WHERE name LIKE 'message_fts%'")
            ).all()
        else:
            left = conn.scalars(
                text(
                    "SELECT proname FROM pg_proc WHERE proname LIKE 'desk%' UNION ALL "
                    "SELECT relname FROM pg_class WHERE relname LIKE 'message_search%' UNION ALL "
                    "SELECT extname FROM pg_extension WHERE extname = 'unaccent'"
                )
            ).all()
    assert left == []
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_folds_accents_with_unaccent(store: Store) -> None:
    """The test server has contrib: accents fold through unaccent, not only our own fold."""
    with store.engine.connect() as conn:
        assert conn.scalar(text("SELECT desk_unaccent('Œuvre réçue')")) == "OEuvre recue"
        assert conn.scalar(text("SELECT desk_search_text('jean.dupont@x.fr')")) == (
            "jean dupont x fr"
        )


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_without_unaccent_latin_accents_still_fold(store: Store) -> None:
    """The migration's fallback for a server without contrib folds as search.fold does."""
    migration = importlib.import_module("desk.store.migrations.versions.0007_message_search")
    typed = "Réponse à l'élève: Œuvre, cœur, Ægée, Ångström, naïve, Noël, çà"
    with store.engine.connect() as conn:
        folded = conn.scalar(
            text(f"SELECT {migration.fallback_fold_sql('CAST(:t AS text)')}"), {"t": typed}
        )
    assert fold(folded) == fold(typed)
    assert folded == "Reponse a l'eleve: OEuvre, coeur, AEgee, Angstrom, naive, Noel, ca"


@pytest.mark.postgres
def test_a_role_that_may_not_create_extensions_still_folds_accents(
    postgres_server: PostgresServer,
) -> None:
    """Without the right to install unaccent the migration goes on, folding with translate."""
    url = postgres_server.create_database()
    database = url.rsplit("/", 1)[1]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS desk_limited"))
        conn.execute(text("CREATE ROLE desk_limited LOGIN"))
        conn.execute(text(f"REVOKE CREATE ON DATABASE {database} FROM PUBLIC"))
        conn.execute(text("GRANT ALL ON SCHEMA public TO desk_limited"))
    admin.dispose()
    store = open_store(url.replace("//postgres@", "//desk_limited@"))
    try:
        with store.engine.connect() as conn:
            assert (
                conn.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'unaccent'"))
                == 0
            )
        reponse = _add(store, subject="Réponse à l'élève", body="Œuvre complète")
        assert _search(store, "reponse eleve") == [reponse]
        assert _search(store, "oeuvre complete") == [reponse]
    finally:
        store.close()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("REASSIGN OWNED BY desk_limited TO postgres"))
        conn.execute(text("DROP OWNED BY desk_limited"))
        conn.execute(text("DROP ROLE desk_limited"))
    admin.dispose()


# ------------------------------------------------------------------ property (SQLite)

VOCABULARY = [
    "réponse", "inscription", "inscrit", "mot", "de", "passe", "oublié", "élève", "cœur",
    "Noël", "CM2", "2020", "jean", "dupont", "orange", "fr", "l'école", "aujourd'hui",
    "Ça", "NEAR", "AND", "OR", "NOT", "a", "à", "e", "é", "über", "naïve",
]  # fmt: skip
PUNCTUATION = ['"', "*", "(", ")", ":", "-", "'", "^", "+", "@", ".", ",", "{", "}", "\\", " "]


def _documents() -> list[tuple[str, str, str, str]]:
    """(name, address, subject, text) of a small mailbox made from the vocabulary."""
    docs = []
    for n in range(40):
        chosen = [VOCABULARY[(n * 7 + k * 3) % len(VOCABULARY)] for k in range(n % 9 + 1)]
        punctuation = PUNCTUATION[n % len(PUNCTUATION)]
        docs.append(
            (
                f"{VOCABULARY[n % len(VOCABULARY)]} Dupont",
                f"{VOCABULARY[(n * 5) % len(VOCABULARY)].lower()}{n}@orange.fr",
                " ".join(chosen[:3]),
                punctuation.join(chosen),
            )
        )
    return docs


typed_text = st.one_of(
    st.text(),
    st.lists(
        st.one_of(
            st.sampled_from(VOCABULARY),
            st.sampled_from(PUNCTUATION),
            st.text(max_size=4),
            st.sampled_from(VOCABULARY).map(lambda w: w[: max(1, len(w) // 2)]),
        ),
        max_size=8,
    ).map("".join),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4).map(" ".join),
)


def test_any_text_never_raises_and_finds_only_messages_with_its_words(
    sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "property.sqlite3"
    shutil.copyfile(sqlite_template, path)
    store = open_store(sqlite_url(path))
    try:
        folded: dict[int, str] = {}
        for name, addr, subject, body in _documents():
            message_id = _add(store, name=name, addr=addr, subject=subject, body=body)
            folded[message_id] = fold(" ".join((name, addr, subject, body)))
        found_any: list[bool] = []

        @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(typed=typed_text)
        def check(typed: str) -> None:
            found = _search(store, typed)
            assert len(found) == len(set(found))
            query = SearchQuery.parse(typed)
            for message_id in found:
                for term in query.terms:
                    for word in term.words:
                        assert word in folded[message_id], (typed, word, message_id)
            found_any.append(bool(found))

        check()
        assert any(found_any)  # the property was not only checked on empty answers
    finally:
        store.close()
