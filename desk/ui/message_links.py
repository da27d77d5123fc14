"""Links in a message: which ones may open, how they are shown, and the question asked first.

A link's text and address are the sender's to choose, so the question
before opening shows them as plain text (a ``<b>`` in a URL is not bold,
an ``<img>`` loads nothing), and the address is shown as it really is:
the host in punycode, so a look-alike domain shows as such. The sentences
keep the translation context ``MessageView`` they were first written in,
so their translations carry over.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})


def visible_url(url: QUrl) -> str:
    """The URL as it really is: host in punycode, so a look-alike domain shows as such."""
    return bytes(url.toEncoded().data()).decode("ascii", errors="replace")


def openable(url: QUrl) -> bool:
    """True for a web page or an email address; never a file, a script or a relative link."""
    return not url.isRelative() and url.scheme().lower() in OPENABLE_SCHEMES


def hover_text(url: QUrl) -> str:
    """Where the link under the pointer leads (empty when there is none)."""
    if url.isEmpty():
        return ""
    return QCoreApplication.translate("MessageView", "Link to {url}").format(url=visible_url(url))


def unopenable_text() -> str:
    """Why a link was not opened."""
    return QCoreApplication.translate(
        "MessageView",
        "This link cannot be opened: it leads neither to a web page nor to an email address.",
    )


def link_question(parent: QWidget | None, url: QUrl) -> QMessageBox:
    """The question before leaving Desk for ``url``: Open or Cancel (the default), plain text."""
    if url.scheme().lower() == "mailto":
        text = QCoreApplication.translate(
            "MessageView", "This link writes to {address}. Open it in your mail program?"
        ).format(address=url.path())
    else:
        text = QCoreApplication.translate(
            "MessageView", "This link leads to {url}. Open it in your web browser?"
        ).format(url=visible_url(url))
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("MessageView", "Open the link?"),
        text,
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box
