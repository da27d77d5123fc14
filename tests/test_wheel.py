"""``pip install`` of the built wheel (not editable) gives a whole Desk: templates, both languages.

Before, an installed Desk looked for ``resources/`` beside ``site-packages``
and found no default templates, and no compiled translations either. The
wheel now carries them to ``<prefix>/share/desk`` (pyproject's data-files).

The wheel is built from a copy of the sources (the checkout is left as it
is) and installed by its own pip into a fresh venv that sees the test
venv's libraries through a ``.pth`` line, but not its editable Desk: the
probe must find Desk, its templates and its translations in the fresh venv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from tests.support.required import missing

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
import desk
from PySide6.QtCore import QCoreApplication, QTranslator
from desk.replies.defaults import load_default_templates, resources_dir
from desk.ui.translation import i18n_dir

app = QCoreApplication([])
loaded = {}
for language in ("fr", "en"):
    translator = QTranslator(app)
    loaded[language] = translator.load(f"desk_{language}", str(i18n_dir()))
    if language == "fr":
        app.installTranslator(translator)
print(json.dumps({
    "desk": desk.__file__,
    "version": desk.__version__,
    "resources": str(resources_dir()),
    "templates": {lang: len(load_default_templates(lang)) for lang in ("fr", "en")},
    "i18n": str(i18n_dir()),
    "loaded": loaded,
    "help": QCoreApplication.translate("MainWindow", "&Help"),
}))
"""


def _sources(target: Path) -> None:
    """What the wheel is built from, copied: the package, its data, and what pyproject names."""
    qm = sorted((ROOT / "i18n").glob("desk_*.qm"))
    if not qm:
        missing("no compiled translations: run scripts/i18n.sh --release (test.sh does)")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "desk", target / "desk", ignore=ignore)
    shutil.copytree(ROOT / "resources", target / "resources", ignore=ignore)
    (target / "i18n").mkdir()
    for path in qm:
        shutil.copy2(path, target / "i18n" / path.name)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
def test_the_installed_wheel_has_its_templates_and_both_translations(tmp_path: Path) -> None:
    running = _installed_desk()
    sources = tmp_path / "src"
    sources.mkdir()
    _sources(sources)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ".",
         cwd=sources)  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("desk-*.whl")

    fresh = tmp_path / "fresh"
    _run(sys.executable, "-m", "venv", fresh, cwd=tmp_path)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # The fresh venv's own pip: the running one, given --prefix, first uninstalls the Desk
    # this suite runs from (it did, once).
    _run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel, cwd=tmp_path)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(fresh)}))
    # The libraries Desk needs, from the test venv; a .pth line does not run that venv's own
    # .pth files, so its editable Desk stays out of sight.
    (site / "libraries.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DESK_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    found = json.loads(_run(python, "-c", PROBE, cwd=tmp_path, env=env))

    with (ROOT / "pyproject.toml").open("rb") as project:
        version = tomllib.load(project)["project"]["version"]
    assert Path(found["desk"]).is_relative_to(fresh), "Desk came from the wheel, not the checkout"
    assert found["version"] == version
    assert Path(found["resources"]) == fresh / "share" / "desk" / "resources"
    assert found["templates"]["fr"] > 0 and found["templates"]["en"] > 0
    assert Path(found["i18n"]) == fresh / "share" / "desk" / "i18n"
    assert found["loaded"] == {"fr": True, "en": True}
    assert found["help"] == "&Aide", "the window speaks French from the installed files"
    assert _installed_desk() == running, "the suite's own Desk is installed as it was"


def _installed_desk() -> list[str]:
    """The suite's venv's record of Desk (its dist-info files), to see it left untouched."""
    site = Path(sysconfig.get_path("purelib"))
    return sorted(
        p.name for p in site.iterdir() if p.name.lower().startswith(("desk", "__editable__.desk"))
    )
