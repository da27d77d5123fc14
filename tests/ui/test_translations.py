"""The window's translations: complete, faithful, current with the code, and really loaded.

``i18n/desk_fr.ts`` and ``i18n/desk_en.ts`` are the Qt Linguist sources (``scripts/i18n.sh``
refreshes them with ``pyside6-lupdate`` and builds the ``.qm`` files with ``pyside6-lrelease``).
An entry left "unfinished" is silently dropped by lrelease, a ``{placeholder}`` renamed in a
translation makes ``str.format`` raise at run time, and a string added to the code without
being translated shows English in a French window: each has a test here that names the
strings at fault. The ``.qm`` files are built by the tests themselves, never taken as found.
"""

from __future__ import annotations

import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QModelIndex, Qt, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk.app import App
from desk.ui import translation
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from desk.ui.translation import choose_language, install_translators
from tests.ui.conftest import run_tool, settle, tool

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "i18n"
LANGUAGES = ("fr", "en")
BAD_TYPES = {"unfinished", "vanished", "obsolete"}
QT_TOKEN = re.compile(r"%(?:L?\d+|[vmpn])")  # %1, %L1, %v, %m, %p, %n
MNEMONIC = re.compile(r"&([^&\s])")
NBSP = "\u00a0"


@dataclass(frozen=True)
class Entry:
    """One message of a .ts file."""

    context: str
    source: str
    translations: tuple[str, ...]  # one, or the numerus forms
    kind: str | None  # the translation's type attribute (unfinished, vanished, obsolete)


def read_ts(path: Path) -> list[Entry]:
    """Every message of a Qt Linguist file, in file order."""
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation_node = message.find("translation")
            assert translation_node is not None, (
                f"{path.name}: {name}: a message without translation"
            )
            forms = translation_node.findall("numerusform")
            texts = (
                tuple(form.text or "" for form in forms)
                if message.get("numerus") == "yes"
                else (translation_node.text or "",)
            )
            entries.append(
                Entry(name, message.findtext("source") or "", texts, translation_node.get("type"))
            )
    return entries


def ts_path(language: str) -> Path:
    return I18N / f"desk_{language}.ts"


def format_fields(text: str) -> list[str] | None:
    """The ``{name}`` fields ``str.format`` fills, sorted (None: not a valid format string)."""
    try:
        return sorted(field for _, field, _, _ in Formatter().parse(text) if field is not None)
    except ValueError:
        return None


def mnemonic(text: str) -> str | None:
    """The keyboard mnemonic letter (``&File`` → ``f``; ``&&`` is a literal ampersand)."""
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


# ------------------------------------------------------------------ the .ts files themselves


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language: str) -> None:
    """No entry unfinished, vanished or obsolete, none empty: lrelease would drop them."""
    entries = read_ts(ts_path(language))
    root = ET.parse(ts_path(language)).getroot()
    assert (root.get("language") or "").startswith(language)
    assert len(entries) > 100, "the .ts file lost its entries"
    unfinished = [(e.context, e.source) for e in entries if e.kind in BAD_TYPES]
    assert not unfinished, f"not finished in desk_{language}.ts: {unfinished}"
    empty = [(e.context, e.source) for e in entries if not all(t.strip() for t in e.translations)]
    assert not empty, f"empty translations in desk_{language}.ts: {empty}"


def test_english_translates_each_string_to_itself() -> None:
    """English is the source language: its file only makes every entry finished, and gives
    a plural (``%n``) string its singular and plural forms."""
    entries = read_ts(ts_path("en"))
    different = [
        (e.context, e.source, e.translations)
        for e in entries
        if "%n" not in e.source and e.translations != (e.source,)
    ]
    assert not different
    plurals = [e for e in entries if "%n" in e.source]
    unfinished = [
        (e.context, e.source, e.translations)
        for e in plurals
        if len(e.translations) != 2
        or any("%n" not in form or "(" in form.split("%n")[1][:12] for form in e.translations)
    ]
    assert not unfinished


def test_both_files_hold_the_same_strings() -> None:
    """Each language has exactly the strings of the other (a string missing from one shows
    English there)."""
    fr = {(e.context, e.source) for e in read_ts(ts_path("fr"))}
    en = {(e.context, e.source) for e in read_ts(ts_path("en"))}
    assert sorted(fr - en) == [] and sorted(en - fr) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_qt_tokens_survive_translation(language: str) -> None:
    """``{name}`` fields and ``%v``/``%m``/``%1`` tokens are exactly those of the source."""
    wrong = []
    for entry in read_ts(ts_path(language)):
        fields = format_fields(entry.source)
        tokens = Counter(QT_TOKEN.findall(entry.source))
        for text in entry.translations:
            if format_fields(text) != fields:
                wrong.append((entry.context, entry.source, text, "fields"))
            if Counter(QT_TOKEN.findall(text)) != tokens:
                wrong.append((entry.context, entry.source, text, "%-tokens"))
    assert not wrong, "\n".join(map(repr, wrong))


@pytest.mark.parametrize("language", LANGUAGES)
def test_mnemonics_are_kept(language: str) -> None:
    """A string with a keyboard mnemonic (``&File``) keeps exactly one in translation."""
    wrong = [
        (e.context, e.source, text)
        for e in read_ts(ts_path(language))
        for text in e.translations
        if (mnemonic(e.source) is None) != (mnemonic(text) is None)
        or text.replace("&&", "").count("&") > 1
    ]
    assert not wrong, "\n".join(map(repr, wrong))


def test_french_mnemonics_clash_only_where_english_ones_do() -> None:
    """Within a context, two French strings share a mnemonic letter only if the English do."""
    clashes = []
    entries = read_ts(ts_path("fr"))
    for context, group in itertools.groupby(
        sorted(entries, key=lambda e: e.context), key=lambda e: e.context
    ):
        marked = [
            (e.source, e.translations[0], mnemonic(e.source), mnemonic(e.translations[0]))
            for e in group
            if mnemonic(e.source) and mnemonic(e.translations[0])
        ]
        for one, other in itertools.combinations(marked, 2):
            if one[3] == other[3] and one[2] != other[2]:
                clashes.append((context, one[1], other[1]))
    assert not clashes, "\n".join(map(repr, clashes))


def test_french_typography() -> None:
    """French typography: no-break spaces before : ; ? ! and inside « », … (not ...), no “ ”."""
    wrong = []
    for entry in read_ts(ts_path("fr")):
        text = entry.translations[0]
        problems = [
            ("plain space before punctuation", re.search(r" [:;?!»]", text)),
            ("plain space after «", "« " in text),
            ("no space before punctuation", re.search(r"[\w)}»][;?!]|\w:(?=\s|$)", text)),
            ("three dots instead of …", "..." in text),
            ("English quotes", re.search("[“”]", text)),
        ]
        wrong += [(entry.source, text, what) for what, found in problems if found]
    assert not wrong, "\n".join(map(repr, wrong))


def test_ts_files_are_up_to_date_with_the_code(tmp_path: Path) -> None:
    """lupdate over today's desk/**/*.py finds exactly the strings the files hold.

    A string added (or changed) in the code without being translated is listed here:
    run ``scripts/i18n.sh --update``, translate it in both files, then ``scripts/i18n.sh``.
    """
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "desk").rglob("*.py"))
    committed = read_ts(ts_path("fr"))
    copy = tmp_path / "desk_fr.ts"
    shutil.copyfile(ts_path("fr"), copy)
    run_tool(
        tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)
    )
    current = read_ts(copy)
    in_code = {(e.context, e.source) for e in current}
    in_file = {(e.context, e.source) for e in committed}
    missing = sorted(in_code - in_file)
    stale = sorted(in_file - in_code)
    assert not missing and not stale, (
        f"strings in the code but not in i18n/*.ts (translate them): {missing}\n"
        f"strings in i18n/*.ts no longer in the code (run scripts/i18n.sh --update): {stale}"
    )
    assert not [(e.context, e.source) for e in current if e.kind in BAD_TYPES]


# ------------------------------------------------------------------ the compiled translations


@pytest.mark.parametrize("language", LANGUAGES)
def test_lrelease_output_translates_every_entry(
    qapp: QApplication, compiled: Path, language: str
) -> None:
    """Loaded into the application, the .qm gives each entry's translation (none dropped)."""
    translator = QTranslator()
    assert translator.load(str(compiled / f"desk_{language}.qm"))
    assert not translator.isEmpty()
    qapp.installTranslator(translator)
    try:
        if language == "fr":
            assert QCoreApplication.translate("MainWindow", "&File") == "&Fichier"
            assert QCoreApplication.translate("MainWindow", "&Quit") == "&Quitter"
            assert QCoreApplication.translate("MessageView", "(no subject)") == "(sans objet)"
        untranslated = [
            (e.context, e.source)
            for e in read_ts(ts_path(language))
            if QCoreApplication.translate(e.context, e.source) != e.translations[0]
        ]
        assert not untranslated
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def _window_texts(window: QWidget) -> set[str]:
    """Every string the window shows or tells a screen reader: titles, labels, buttons, tabs,
    placeholders, headers, menus and their actions (text, tip, status tip)."""
    texts = {window.windowTitle()}
    for action in window.findChildren(QAction):
        texts |= {action.text(), action.toolTip(), action.statusTip()}
    for widget in [window, *window.findChildren(QWidget)]:
        texts |= {widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()}
        if isinstance(widget, QLabel | QAbstractButton):
            texts.add(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            texts.add(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            texts.add(widget.title())
        if isinstance(widget, QTabWidget):
            texts |= {widget.tabText(i) for i in range(widget.count())}
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            columns = model.columnCount(QModelIndex())
            headers = (model.headerData(c, Qt.Orientation.Horizontal) for c in range(columns))
            texts |= {header for header in headers if isinstance(header, str)}
    return {t for t in texts if t}


def test_the_window_speaks_french(
    qtbot: QtBot, french: list[QTranslator], desk_app: App, runner: TaskRunner
) -> None:
    """Built after the French translators, the window shows French and no English string."""
    assert french and french[0].filePath().endswith("desk_fr.qm")
    window = MainWindow(desk_app, runner, login="ana", demo=True)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.queue_loaded, timeout=20_000)
    settle(qtbot, runner)
    try:
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus[0] == "&Fichier"
        assert "&Aide" in menus
        assert window.quit_action.text() == "&Quitter"
        assert window.move_button.text() == QCoreApplication.translate(
            "MainWindow", "Move &out of cluster"
        )
        assert window.move_button.text() != "Move &out of cluster"
        assert window.windowTitle().startswith("Desk — ")
        assert window.windowTitle().endswith(" à traiter")

        entries = read_ts(ts_path("fr"))
        french_texts = {t for e in entries for t in e.translations}
        english_only = {
            e.source
            for e in entries
            if e.translations[0] != e.source and e.source not in french_texts
        }
        shown = _window_texts(window)
        assert len(shown) > 50
        assert sorted(shown & english_only) == []
    finally:
        window.mailbox.stop()
        settle(qtbot, runner)


def test_english_needs_no_file(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any .qm the window stays in English: install_translators loads nothing of ours."""
    monkeypatch.setattr(translation, "i18n_dir", lambda: tmp_path)
    installed = install_translators(qapp, "en")
    try:
        assert not any(t.filePath().startswith(str(tmp_path)) for t in installed)
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


@pytest.mark.parametrize(
    ("setting", "system", "chosen"),
    [
        ("en", "fr_FR", "en"),  # the setting wins over the system
        ("fr", "en_GB", "fr"),
        (None, "en_US", "en"),  # no setting: the system's language when Desk speaks it
        (None, "fr_CA", "fr"),
        ("", "en_GB", "en"),
        (None, "de_DE", "fr"),  # neither French nor English: French
        ("de", "en_GB", "en"),  # a setting Desk does not speak is ignored
        ("de", "es_ES", "fr"),
    ],
)
def test_choose_language(setting: str | None, system: str, chosen: str) -> None:
    """The settings' language, else the system's when French or English, else French."""
    assert choose_language(setting, QLocale(system)) == chosen


def test_a_french_window_formats_dates_and_numbers_in_french(
    french: list[QTranslator],
) -> None:
    """Whatever the process's locale (``LANG=C`` in CI), French text gets French formats."""
    locale = QLocale()
    assert locale.toString(136.1, "f", 1) == "136,1"
    long_date = locale.toString(QDate(2020, 3, 16), QLocale.FormatType.LongFormat)
    assert "lundi" in long_date and "mars" in long_date


def test_counts_use_plural_forms_not_parentheses() -> None:
    """A count reads "1 message" / "2 messages" (Qt's %n forms), never "message(s)"."""
    parenthesised = [
        (e.context, e.source)
        for e in read_ts(ts_path("en"))
        if re.search(r"\w\((s|es|ies|y/ies)\)", e.source) and "%n" not in e.source
    ]
    assert parenthesised == []


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 message"), (1, "1 message"), (2, "2 messages")]
)
def test_french_plural_forms_follow_the_count(
    french: list[QTranslator], count: int, expected: str
) -> None:
    """French uses the singular for 0 and 1 (Qt's numerus rules for French)."""
    assert QCoreApplication.translate("TeamPanel", "%n message(s)", "", count) == expected
