"""Translation markers usable in the core without importing Qt.

``pyside6-lupdate`` extracts calls by the name ``QT_TRANSLATE_NOOP``; the UI
translates the marked text with ``QCoreApplication.translate`` on the GUI thread.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name lupdate looks for
    """Mark ``text`` for translation in ``context`` and return it unchanged."""
    del context
    return text


# The languages Desk's window speaks; French first, for an agent whose system speaks neither.
WINDOW_LANGUAGES = ("fr", "en")
FALLBACK_LANGUAGE = "fr"


def pick_language(setting: str | None, system: str) -> str:
    """The settings' language, else the system's (a locale name: ``fr_FR``, ``en_GB.UTF-8``)
    when Desk speaks it, else French: one rule for the window (Qt's system locale) and for
    what is said before Qt loads (the locale variables)."""
    if setting in WINDOW_LANGUAGES:
        return setting
    spoken = system[:2]
    return spoken if spoken in WINDOW_LANGUAGES else FALLBACK_LANGUAGE
