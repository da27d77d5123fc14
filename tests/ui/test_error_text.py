"""The window's one error presenter: every code has a sentence, in the window's language."""

from __future__ import annotations

import logging
import re
from string import Formatter

import pytest
from PySide6.QtCore import QTranslator

from desk.core.errors import _DESCRIPTIONS, DeskError, ErrorCode
from desk.ui.error_text import error_sentence, known_codes

ENGLISH_WORDS = re.compile(r"\b(the|was|cannot|nothing|please|already|server|account)\b", re.I)


def params_of(code: ErrorCode) -> dict[str, str]:
    """A value for every parameter the core gives this code (its English template's fields)."""
    fields = {field for _, field, _, _ in Formatter().parse(_DESCRIPTIONS[code]) if field}
    return {field: f"«{field.upper()}»" for field in fields}


def test_every_code_has_a_sentence() -> None:
    """A code added to the core without its sentence here would show English in the window."""
    assert known_codes() == set(ErrorCode)


@pytest.mark.parametrize("code", list(ErrorCode))
def test_each_sentence_is_french_in_a_french_window(
    code: ErrorCode, french: list[QTranslator]
) -> None:
    """No English from ``describe()``: the sentence is translated and its details filled."""
    error = DeskError(code, **params_of(code))
    sentence = error_sentence(error)
    assert sentence != error.describe()
    assert "{" not in sentence
    without_details = re.sub(r"«[A-Z_]+»", "", sentence)
    assert not ENGLISH_WORDS.search(without_details), sentence


def test_details_read_as_text_not_python() -> None:
    """Bytes from a server and tuples from ssl read as words, not ``b'…'`` or ``('…',)``."""
    login = DeskError(
        ErrorCode.LOGIN_FAILED,
        kind="IMAP",
        server="imap.example.org:993",
        user="ana",
        account="main",
        reason=b"Login failed.",
    )
    pinned = DeskError(
        ErrorCode.CERT_REFUSED,
        kind="IMAP",
        server="imap.example.org:993",
        account="main",
        reason=("certificate pin mismatch", "ab:cd"),
        fingerprint="AB:CD",
    )
    assert "Login failed." in error_sentence(login) and "b'" not in error_sentence(login)
    assert "certificate pin mismatch, ab:cd" in error_sentence(pinned)
    assert "(" not in error_sentence(pinned).split("refused:")[1].split(".")[0]


def test_a_missing_parameter_reads_as_nothing_rather_than_failing() -> None:
    assert error_sentence(DeskError(ErrorCode.SOURCE_NOT_FOUND)) == "No mailbox found at ."


def test_other_errors_are_said_plainly_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="desk.ui.error_text")
    missing = FileNotFoundError(2, "No such file or directory", "/tmp/gone.csv")
    assert error_sentence(missing, doing="export") == "No such file or directory: /tmp/gone.csv"
    assert error_sentence(RuntimeError()) == "Unexpected error: RuntimeError"
    assert "export" in caplog.text and "gone.csv" in caplog.text
    error = DeskError(ErrorCode.DB_UNREACHABLE, url="postgresql://db/desk", reason="timeout")
    error_sentence(error, doing="reload")
    assert "postgresql://db/desk" in caplog.text  # the technical detail is in the log
