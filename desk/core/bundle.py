"""Whether a frozen (PyInstaller) Desk runs on what it carries, not on the machine's Python or Qt.

A bundle that quietly imports a module from ``/usr/lib/python3`` or loads a
Qt plugin from ``/usr/lib/…/qt6/plugins`` works on the build machine and
breaks on the first one without them (or with other versions). ``desk demo
--selftest`` asks these functions, once the window has shown its queue, and
fails naming what came from outside. Nothing here imports Qt: the window's
own check (``desk.ui.launch``) hands in Qt's library paths and reads the
process's mapped files with :func:`mapped_files`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

MAPS = Path("/proc/self/maps")
# A shared library is Qt's own (not a system library Qt links to, such as libxcb) when its
# name says so or when it sits in a folder of these names (Qt's plugins, PySide6's tree).
QT_LIBRARY_PREFIXES = ("libQt", "libpyside", "libshiboken")
QT_FOLDERS = frozenset({"plugins", "PySide6", "shiboken6"})


@dataclass(frozen=True, slots=True)
class Stray:
    """One thing the frozen program took from outside its bundle: a ``kind`` of ``name``."""

    kind: str
    name: str
    path: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.path}"


def bundle_roots() -> tuple[Path, ...]:
    """Where a frozen Desk's files are: ``sys._MEIPASS`` and the executable's folder.

    Empty when not frozen (a source checkout or a wheel uses the machine's
    Python by design). A one-folder bundle keeps its modules in ``_MEIPASS``
    (``_internal``) under the executable's folder, which Qt also lists as a
    library path.
    """
    if not getattr(sys, "frozen", False):
        return ()
    roots: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        roots.append(Path(os.path.realpath(meipass)))
    executable = Path(os.path.realpath(sys.executable)).parent
    if executable not in roots:
        roots.append(executable)
    return tuple(roots)


def inside(path: str | os.PathLike[str], roots: Sequence[Path]) -> bool:
    """Whether ``path`` (symbolic links followed) lies in one of ``roots``."""
    real = Path(os.path.realpath(path))
    return any(real == root or root in real.parents for root in roots)


def outside_modules(
    roots: Sequence[Path], modules: Mapping[str, ModuleType] | None = None
) -> list[Stray]:
    """The loaded modules (``sys.modules`` by default) whose file lies outside ``roots``.

    Built-in and frozen modules and namespace packages (no file), and modules
    with a relative file name (embedded: the bootloader's own, shiboken's
    signature support compiled into its library) are no place on disk and
    are skipped. No roots (not frozen): nothing.
    """
    if not roots:
        return []
    loaded = sys.modules if modules is None else modules
    strays: list[Stray] = []
    for name, module in sorted(dict(loaded).items()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and os.path.isabs(file) and not inside(file, roots):
            strays.append(Stray("module", name, file))
    return strays


def outside_paths(kind: str, paths: Iterable[str], roots: Sequence[Path]) -> list[Stray]:
    """The ``paths`` (e.g. Qt's plugin folders) outside ``roots``. No roots: nothing."""
    if not roots:
        return []
    return [Stray(kind, path, path) for path in paths if path and not inside(path, roots)]


def mapped_files(maps: Path = MAPS) -> list[str]:
    """The files this process has mapped (its shared libraries), where the system tells.

    Linux's ``/proc/self/maps``; elsewhere (no such file) nothing, and the
    Qt check relies on Qt's own paths alone.
    """
    try:
        text = maps.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    files: dict[str, None] = {}  # in order, once each (a library maps several regions)
    for line in text.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].startswith("/"):
            files[fields[5]] = None
    return list(files)


def is_qt_library(path: str) -> bool:
    """Whether a mapped file is Qt's own: a Qt or PySide library, or a file in a plugin folder."""
    parts = Path(path).parts
    return parts[-1].startswith(QT_LIBRARY_PREFIXES) or any(p in QT_FOLDERS for p in parts[:-1])


def outside_qt_libraries(files: Iterable[str], roots: Sequence[Path]) -> list[Stray]:
    """The Qt libraries and plugins among ``files`` loaded from outside ``roots``.

    System libraries Qt links to (libc, libxcb, libGL…) are the package's
    declared dependencies and are not reported. No roots: nothing.
    """
    if not roots:
        return []
    return [
        Stray("Qt library", Path(file).name, file)
        for file in files
        if is_qt_library(file) and not inside(file, roots)
    ]
