"""Open the agent's window: the only door from the command line into Qt.

``desk`` (or ``desk gui``) and ``desk demo`` end here once the store is
ready. The application object, its translators and the window are made in
that order, so every string the window builds is already translated.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desk import __version__
from desk.app import App
from desk.config import Settings
from desk.core.bundle import (
    Stray,
    bundle_roots,
    mapped_files,
    outside_modules,
    outside_paths,
    outside_qt_libraries,
)
from desk.ui.main_window import MainWindow
from desk.ui.tasks import TaskRunner
from desk.ui.translation import choose_language, install_translators
from desk.workbench.early import EarlyOpening

log = logging.getLogger(__name__)
EXIT_WAIT_MS = 30_000
# How long a thread may keep the GIL while another waits for it. Python's 5 ms made the
# GUI thread queue behind busy workers at every call into Qt (100 ms stalls measured by
# bench.ui during a regroup); 1 ms hands it back sooner, at a small cost to the workers.
GIL_SWITCH_S = 0.001
SELFTEST_LIMIT_MS = 60_000


def _application(language_setting: str | None) -> QApplication:
    """The application object, named and translated once per process."""
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    if qt_app.property("desk_language"):
        return qt_app
    qt_app.setApplicationName("Desk")
    qt_app.setApplicationVersion(__version__)
    qt_app.setOrganizationName("Desk")
    language = choose_language(language_setting)
    translators = install_translators(qt_app, language)
    qt_app.setProperty("desk_language", language)
    log.info(
        "window language %s (%d translator(s)), locale %s",
        language,
        len(translators),
        QLocale().name(),
    )
    return qt_app


@dataclass(frozen=True)
class FirstStart:
    """What the first start's set-up saved: the settings, and whether this computer works alone."""

    settings: Settings
    alone: bool


def run_first_start(
    settings_path: Path, data_dir: Path, language_setting: str | None
) -> FirstStart | None:
    """Ask how this computer works and save it (:mod:`desk.ui.first_start_dialog`).

    None when the person cancelled: nothing was written, the next start asks again.
    """
    from desk.ui.first_start_dialog import FirstStartWizard  # noqa: PLC0415 - first start only

    qt_app = _application(language_setting)
    runner = TaskRunner(qt_app)
    wizard = FirstStartWizard(runner, settings_path, data_dir)
    try:
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
    finally:
        runner.stop_all()
        runner.wait(EXIT_WAIT_MS)
    if not accepted or wizard.settings is None:
        return None
    return FirstStart(settings=wizard.settings, alone=wizard.works_alone)


def run_window(
    app: App,
    *,
    demo: bool = False,
    selftest: bool = False,
    early: EarlyOpening | None = None,
    set_up_mailbox: bool = False,
) -> int:
    """Show the window and run until it closes; returns the exit status.

    ``demo``: the store holds the demo mailbox (a week of 2020), whose queue
    is seen as at its last message. ``selftest``: open the window, wait
    until the queue is shown, and quit (0) or fail (1): the check a packaged
    build runs. ``early``: the desk and its queue, being read since before Qt
    loaded (``desk gui``). ``set_up_mailbox``: open the mailbox account's
    set-up as soon as the window shows (the first start chose to work alone).
    """
    qt_app = _application(app.settings.language)
    runner = TaskRunner(qt_app)
    window = MainWindow(app, runner, demo=demo)
    sys.setswitchinterval(GIL_SWITCH_S)
    window.collector.start()
    window.show()
    window.start(early)
    if set_up_mailbox:
        QTimer.singleShot(0, window.dialogs.open_account)
    status = {"code": 0}
    if selftest:

        def check() -> None:
            if window.queue_loaded:
                if not bundle_selftest():
                    status["code"] = 1
                qt_app.quit()
            else:
                QTimer.singleShot(100, check)

        def give_up() -> None:
            status["code"] = 1
            print("desk: self-test: the queue did not load", file=sys.stderr)
            qt_app.quit()

        QTimer.singleShot(100, check)
        QTimer.singleShot(SELFTEST_LIMIT_MS, give_up)
    code = qt_app.exec()
    window.close()
    runner.stop_all()
    if not runner.wait(EXIT_WAIT_MS):
        log.warning("background work still running at exit")
    return status["code"] or int(code)


def bundle_selftest() -> bool:
    """A frozen Desk's self-test: False, naming each, if anything came from outside its bundle."""
    roots = bundle_roots()
    if not roots:
        return True
    where = ", ".join(str(root) for root in roots)
    strays = outside_bundle()
    if not strays:
        print(f"desk: self-test: modules and Qt plugins all from the bundle ({where})")
        return True
    print(f"desk: self-test: the bundle reached outside itself ({where}):", file=sys.stderr)
    for stray in strays:
        print(f"  {stray}", file=sys.stderr)
    return False


def outside_bundle() -> list[Stray]:
    """What a frozen Desk took from outside its bundle: modules, Qt's paths and libraries.

    Asked by the self-test once the queue is shown, so the window's modules
    and Qt's platform plugin are loaded. Not frozen: nothing.
    """
    roots = bundle_roots()
    if not roots:
        return []
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    return [
        *outside_modules(roots),
        *outside_paths("Qt plugin folder", [plugins], roots),
        *outside_paths("Qt library path", QCoreApplication.libraryPaths(), roots),
        *outside_qt_libraries(mapped_files(), roots),
    ]
