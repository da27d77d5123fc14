"""Small message builders for tests that need mail on disk."""

from __future__ import annotations

from pathlib import Path


def simple_message(n: int, subject: str = "Mot de passe oublié", body: str = "") -> bytes:
    """A short, valid French message numbered ``n`` (distinct bytes per ``n``)."""
    text = body or f"Bonjour, mon fils n'arrive pas à se connecter. Numéro {n}."
    return (
        f"From: Parent {n} <parent{n}@example.org>\n"
        "To: contact@example-edu.fr\n"
        f"Subject: {subject}\n"
        f"Message-ID: <msg{n}@example.org>\n"
        f"Date: Mon, 16 Mar 2020 09:{n % 60:02d}:00 +0100\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        f"{text}\n"
    ).encode()


def write_maildir(root: Path, messages: list[bytes]) -> Path:
    """A Maildir with the messages in ``cur/`` (seen) and returns its path."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for i, raw in enumerate(messages):
        (root / "cur" / f"{i:06d}.test.host:2,S").write_bytes(raw)
    return root


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    """An mbox file in the classic format (From_ line, blank line between messages)."""
    with path.open("wb") as handle:
        for raw in messages:
            handle.write(b"From parent@example.org Mon Mar 16 09:12:00 2020\n")
            handle.write(raw if raw.endswith(b"\n") else raw + b"\n")
            handle.write(b"\n")
    return path
