"""The window's language: French or English, following the system unless the settings say.

Translators are installed before any widget is built (strings made earlier
stay untranslated). Desk's own ``.qm`` files are built from ``i18n/*.ts`` at
install and build time; Qt's own (dialog buttons) ship with PySide6.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desk.core.i18n import WINDOW_LANGUAGES, pick_language

LANGUAGES = WINDOW_LANGUAGES


def i18n_dir() -> Path:
    """Where the compiled translations are: the frozen bundle's, else the first that has them of
    the checkout's ``i18n/`` (or an editable install's) and ``<prefix>/share/desk/i18n`` (a
    wheel installs them there); else the checkout's, whose missing files are then reported."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "i18n"
    candidates = [
        Path(__file__).resolve().parents[2] / "i18n",
        Path(sys.prefix) / "share" / "desk" / "i18n",
    ]
    for candidate in candidates:
        if any(candidate.glob("desk_*.qm")):
            return candidate
    return candidates[0]


def choose_language(setting: str | None, system: QLocale | None = None) -> str:
    """The settings' language, else the system's when Desk speaks it, else French."""
    return pick_language(setting, (system or QLocale.system()).name())


def ui_locale(language: str) -> QLocale:
    """The locale the window formats dates and numbers with: its language's, not the process's.

    A French window on a machine whose ``LANG`` is ``C`` or English still
    writes "lundi 16 mars 2020" and "136,1".
    """
    if language == "fr":
        return QLocale("fr_FR")
    return QLocale("en_US")


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Desk's and Qt's translations for ``language``; returns them (keep them alive).

    The default ``QLocale`` becomes the language's too, so every ``QLocale()``
    the window builds formats in the language it speaks. English is the
    source language, so its file only matters when present; a missing French
    file is logged, and the window then shows English.
    """
    QLocale.setDefault(ui_locale(language))
    installed = []
    ours = QTranslator(app)
    if ours.load(f"desk_{language}", str(i18n_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
