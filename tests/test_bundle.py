"""A frozen Desk names what it took from outside its bundle (``desk.core.bundle``).

The frozen case is simulated: ``sys.frozen`` and ``sys._MEIPASS`` set by
monkeypatch, and fake modules whose ``__file__`` lies inside or outside the
pretended bundle. The real frozen run is ``scripts/package.sh --check``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from desk.core.bundle import (
    Stray,
    bundle_roots,
    inside,
    is_qt_library,
    mapped_files,
    outside_modules,
    outside_paths,
    outside_qt_libraries,
)


def _module(name: str, file: str | None) -> ModuleType:
    module = ModuleType(name)
    if file is not None:
        module.__file__ = file
    return module


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pretended one-folder bundle: tmp/desk/desk (the executable) and tmp/desk/_internal."""
    folder = tmp_path / "desk"
    meipass = folder / "_internal"
    meipass.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "desk"))
    return meipass


def test_not_frozen_has_no_bundle_and_reports_nothing(tmp_path: Path) -> None:
    assert not getattr(sys, "frozen", False)
    assert bundle_roots() == ()
    stranger = {"stranger": _module("stranger", str(tmp_path / "stranger.py"))}
    assert outside_modules(bundle_roots(), stranger) == []
    assert outside_modules(bundle_roots()) == []  # the test run's own modules: not a bundle
    assert outside_paths("Qt library path", ["/usr/lib/qt6/plugins"], ()) == []
    assert outside_qt_libraries(["/usr/lib/libQt6Core.so.6"], ()) == []


def test_frozen_roots_are_meipass_and_the_executables_folder(frozen: Path) -> None:
    assert bundle_roots() == (frozen.resolve(), frozen.parent.resolve())


def test_a_module_from_outside_the_bundle_is_reported(frozen: Path, tmp_path: Path) -> None:
    outside = tmp_path / "site-packages" / "stranger.py"
    modules = {
        "desk.app": _module("desk.app", str(frozen / "desk" / "app.py")),  # in the PYZ: virtual
        "numpy.core._multiarray_umath": _module(
            "numpy.core._multiarray_umath", str(frozen / "numpy" / "core" / "_m.so")
        ),
        "sys": _module("sys", None),  # built in: no file
        "pyimod02_importers": _module("pyimod02_importers", "pyimod02_importers.py"),  # embedded
        "stranger": _module("stranger", str(outside)),
    }
    assert outside_modules(bundle_roots(), modules) == [Stray("module", "stranger", str(outside))]


def test_sys_modules_is_read_by_default(frozen: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stranger = _module("desk_test_stranger", "/usr/lib/python3/dist-packages/stranger.py")
    monkeypatch.setitem(sys.modules, "desk_test_stranger", stranger)
    names = {stray.name for stray in outside_modules(bundle_roots())}
    assert "desk_test_stranger" in names
    assert "desk.core.bundle" in names  # this test run is not frozen: all of it is outside


def test_a_symbolic_link_out_of_the_bundle_is_outside(frozen: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    (frozen / "linked").symlink_to(real)
    assert not inside(frozen / "linked" / "mod.py", bundle_roots())
    assert inside(frozen / "desk" / "mod.py", bundle_roots())
    assert not inside(f"{frozen.parent}-other/mod.py", bundle_roots())  # a prefix, not a parent


def test_qt_paths_outside_are_reported_and_the_executables_folder_is_not(frozen: Path) -> None:
    paths = [str(frozen / "PySide6" / "Qt" / "plugins"), str(frozen.parent), "/usr/lib/qt6/plugins"]
    assert outside_paths("Qt library path", paths, bundle_roots()) == [
        Stray("Qt library path", "/usr/lib/qt6/plugins", "/usr/lib/qt6/plugins")
    ]


def test_qt_libraries_from_outside_are_reported_not_the_system_ones(frozen: Path) -> None:
    files = [
        str(frozen / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6"),
        str(frozen / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"),
        "/usr/lib/x86_64-linux-gnu/libxcb.so.1",  # a declared dependency of the package
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/lib/x86_64-linux-gnu/qt6/plugins/platforms/libqxcb.so",
        "/usr/lib/x86_64-linux-gnu/libQt6Gui.so.6",
    ]
    strays = outside_qt_libraries(files, bundle_roots())
    assert [stray.path for stray in strays] == files[-2:]
    assert str(strays[0]) == (
        "Qt library libqxcb.so: /usr/lib/x86_64-linux-gnu/qt6/plugins/platforms/libqxcb.so"
    )


def test_what_counts_as_qt() -> None:
    assert is_qt_library("/x/libQt6Widgets.so.6")
    assert is_qt_library("/x/libpyside6.abi3.so.6.11")
    assert is_qt_library("/x/plugins/imageformats/libqjpeg.so")
    assert not is_qt_library("/usr/lib/x86_64-linux-gnu/libGLX.so.0")
    assert not is_qt_library("/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so")


def test_mapped_files_reads_the_maps_format(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text(
        "55d0-55d1 r--p 00000000 fd:00 1 /opt/desk/desk\n"
        "7f00-7f01 r-xp 00001000 fd:00 2 /opt/desk/_internal/libQt6Core.so.6\n"
        "7f01-7f02 r--p 00002000 fd:00 2 /opt/desk/_internal/libQt6Core.so.6\n"
        "7f02-7f03 rw-p 00000000 00:00 0 \n"
        "7ffd-7ffe rw-p 00000000 00:00 0                          [stack]\n",
        encoding="utf-8",
    )
    assert mapped_files(maps) == ["/opt/desk/desk", "/opt/desk/_internal/libQt6Core.so.6"]
    assert mapped_files(tmp_path / "absent") == []


def test_this_process_maps_its_python_on_linux() -> None:
    if not Path("/proc/self/maps").exists():
        pytest.skip("no /proc/self/maps on this system")
    assert any("python" in Path(file).name or ".so" in file for file in mapped_files())
