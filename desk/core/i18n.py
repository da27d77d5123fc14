"""Translation markers usable in the core without importing Qt.

``pyside6-lupdate`` extracts calls by the name ``QT_TRANSLATE_NOOP``; the UI
translates the marked text with ``QCoreApplication.translate`` on the GUI thread.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name lupdate looks for
    """Mark ``text`` for translation in ``context`` and return it unchanged."""
    del context
    return text
