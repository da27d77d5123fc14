"""Open the agent's window on the demo mailbox, in French, with a cluster and its preview shown.

Run by ``scripts/screenshot.sh`` under Xvfb (a real X window, the xcb
platform): it prints READY once the window shows what the README's picture
should show, then waits to be stopped. ``desk demo --no-window`` must have
prepared the demo store first (the script does that).
"""

from __future__ import annotations

import sys
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desk.app import build_app
from desk.config import AppDirs, load_settings
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from desk.ui.translation import install_translators

TEMPLATE = "Mot de passe"


def _first(window: MainWindow) -> str:
    item = window.answer.templates.item(0)
    return item.text() if item is not None else ""


def main() -> int:
    # The store `desk demo --no-window` prepared: the default database.
    settings = replace(load_settings(), language="fr")
    app = build_app(settings, AppDirs.discover())
    qt_app = QApplication(sys.argv[:1])
    install_translators(qt_app, "fr")
    runner = TaskRunner(qt_app)
    window = MainWindow(app, runner, demo=True)
    window.resize(1280, 800)
    window.move(0, 0)
    window.show()
    window.start()
    state = {"step": "queue"}

    def drive() -> None:
        step = state["step"]
        if step == "queue" and window.queue_loaded and window.queue_model.rowCount():
            row = next((i for i, r in enumerate(window.queue_model.rows) if r.open_count >= 3), 0)
            window._select(window.queue_view, row)
            state["step"] = "templates"
        elif step == "templates" and window.answer.templates.count() and not runner.pending:
            window.answer.search.setText(TEMPLATE)
            state["step"] = "choose"
        elif step == "choose" and _first(window).startswith(TEMPLATE):
            window.answer.templates.setCurrentRow(0)
            state["step"] = "preview"
        elif step == "preview" and window.answer.rendered and not window.answer.rendering:
            window.answer.step(1)
            window.messages_view.setCurrentIndex(window.messages_model.index(1, 1))
            state["step"] = "settle"
        elif step == "settle" and not runner.pending:
            print("READY", flush=True)
            return
        QTimer.singleShot(100, drive)

    QTimer.singleShot(100, drive)
    code = qt_app.exec()
    runner.stop_all()
    runner.wait(10_000)
    app.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
