"""One mail server of the account dialog (IMAP or SMTP): host, port, security, login, pin.

The port follows the security (993/143 for IMAP, 465/587 for SMTP) until the
agent types one; emptying it makes it follow again.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from desk.mail.account import DEFAULT_PORTS, Security


def as_text(value: object) -> str:
    """A settings value as a field shows it (nothing for None)."""
    return "" if value is None else str(value)


class ServerBox(QGroupBox):
    """The fields of one server; ``kind`` is ``"imap"`` or ``"smtp"`` (the keys' prefix)."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        imap = kind == "imap"
        super().__init__(
            self.tr("Incoming mail (IMAP)") if imap else self.tr("Outgoing mail (SMTP)"), parent
        )
        self.kind = kind
        self.host = QLineEdit()
        self.port = QLineEdit()
        self.security = QComboBox()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin = QLineEdit()
        self.port_typed = False
        for widget, part in (
            (self.host, "host"),
            (self.port, "port"),
            (self.security, "security"),
            (self.user, "user"),
            (self.password, "password"),
            (self.pin, "pin"),
        ):
            widget.setObjectName(f"{kind}_{part}")
        for security, text in (
            (Security.SSL, self.tr("SSL/TLS")),
            (Security.STARTTLS, self.tr("STARTTLS")),
            (Security.NONE, self.tr("None (this computer only)")),
        ):
            self.security.addItem(text, security.value)
        self.pin.setPlaceholderText(self.tr("Optional: 64 hexadecimal digits"))
        if imap:
            self._build_imap()
        else:
            self._build_smtp()
        # The drop-down list a screen reader meets when the combo box opens.
        self.security.view().setAccessibleName(self.tr("Security choices"))
        self.security.view().setAccessibleDescription(
            self.tr("SSL/TLS, STARTTLS, or no protection (this computer only).")
        )
        self.port.textEdited.connect(self._port_edited)
        self.security.currentIndexChanged.connect(self._security_changed)

    # ------------------------------------------------------------------ layout
    def _rows(self, rows: tuple[tuple[str, QWidget, str, str], ...]) -> None:
        form = QFormLayout(self)
        for text, field, name, description in rows:
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(name)
            field.setAccessibleDescription(description)
            form.addRow(label, field)

    def _build_imap(self) -> None:
        self._rows(
            (
                (
                    self.tr("&Host:"),
                    self.host,
                    self.tr("IMAP server"),
                    self.tr("The name or address of the incoming mail server."),
                ),
                (
                    self.tr("P&ort:"),
                    self.port,
                    self.tr("IMAP port"),
                    self.tr(
                        "Follows the security unless you type one: 993 (SSL/TLS) or 143 (STARTTLS)."
                    ),
                ),
                (
                    self.tr("Securit&y:"),
                    self.security,
                    self.tr("IMAP security"),
                    self.tr(
                        "How the connection is protected; no protection only towards this computer."
                    ),
                ),
                (
                    self.tr("&User:"),
                    self.user,
                    self.tr("IMAP user"),
                    self.tr("The user name to log in to the incoming mail server."),
                ),
                (
                    self.tr("Pass&word:"),
                    self.password,
                    self.tr("IMAP password"),
                    self.tr("Kept in the system keyring, never in the settings file."),
                ),
                (
                    self.tr("Certificate p&in:"),
                    self.pin,
                    self.tr("IMAP certificate pin"),
                    self.tr(
                        "Accept exactly the certificate with this SHA-256 fingerprint (optional)."
                    ),
                ),
            )
        )

    def _build_smtp(self) -> None:
        self.host.setPlaceholderText(self.tr("Optional"))
        self.password.setPlaceholderText(self.tr("Same as IMAP"))
        self._rows(
            (
                (
                    self.tr("Ser&ver:"),
                    self.host,
                    self.tr("SMTP server"),
                    self.tr("The name or address of the outgoing mail server (optional)."),
                ),
                (
                    self.tr("Po&rt:"),
                    self.port,
                    self.tr("SMTP port"),
                    self.tr(
                        "Follows the security unless you type one: 465 (SSL/TLS) or 587 (STARTTLS)."
                    ),
                ),
                (
                    self.tr("Se&curity:"),
                    self.security,
                    self.tr("SMTP security"),
                    self.tr(
                        "How the connection is protected; no protection only towards this computer."
                    ),
                ),
                (
                    self.tr("U&ser:"),
                    self.user,
                    self.tr("SMTP user"),
                    self.tr("The user name to log in to the outgoing server; empty: no login."),
                ),
                (
                    self.tr("P&assword:"),
                    self.password,
                    self.tr("SMTP password"),
                    self.tr("Empty: the IMAP password is used. Kept in the system keyring."),
                ),
                (
                    self.tr("Certificate pi&n:"),
                    self.pin,
                    self.tr("SMTP certificate pin"),
                    self.tr(
                        "Accept exactly the certificate with this SHA-256 fingerprint (optional)."
                    ),
                ),
            )
        )

    # ------------------------------------------------------------------ values
    def chosen_security(self) -> Security:
        """The security chosen (SSL/TLS when nothing is)."""
        data = self.security.currentData()
        return Security(data) if data else Security.SSL

    def default_port(self) -> int:
        """The usual port of this server for the chosen security."""
        return DEFAULT_PORTS[(self.kind, self.chosen_security())]

    def _port_edited(self, text: str) -> None:
        # An emptied port follows the security again; a typed one stays as typed.
        self.port_typed = bool(text.strip())

    def _security_changed(self, _index: int) -> None:
        if not self.port_typed:
            self.port.setText(str(self.default_port()))

    def prefill(self, data: Mapping[str, object], default_security: Security) -> None:
        """Show this server's keys of ``[account]``."""
        prefix = self.kind
        self.host.setText(as_text(data.get(f"{prefix}_host")))
        self.user.setText(as_text(data.get(f"{prefix}_user")))
        self.pin.setText(as_text(data.get(f"{prefix}_pinned_sha256")))
        security = as_text(data.get(f"{prefix}_security")).lower() or default_security.value
        index = self.security.findData(security)
        self.security.setCurrentIndex(index if index >= 0 else 0)
        port = as_text(data.get(f"{prefix}_port"))
        self.port_typed = bool(port)
        self.port.setText(port or str(self.default_port()))

    def values(self) -> dict[str, object]:
        """This server's keys of ``[account]`` as the fields say (before checking)."""
        prefix = self.kind
        port = self.port.text().strip()
        return {
            f"{prefix}_host": self.host.text().strip(),
            f"{prefix}_port": port or None,
            f"{prefix}_security": self.chosen_security().value,
            f"{prefix}_user": self.user.text().strip(),
            f"{prefix}_pinned_sha256": self.pin.text().strip(),
        }
