"""The window's translation catalogues, built for tests as the build builds them.

The `.ts` sources in `resources/i18n/` are compiled with `pyside6-lrelease` (beside the
Python running the tests) into a temporary folder; compiled `.qm` files are never committed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from tests.conftest import ROOT

TRANSLATIONS = ROOT / "resources" / "i18n"


def catalogue_source(language: str) -> Path:
    """The `.ts` source of the window's words in `language`."""
    return TRANSLATIONS / f"compliance-desk_{language}.ts"


def lrelease() -> Path:
    """The `pyside6-lrelease` of the environment running the tests."""
    folder = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (folder / name).exists():
            return folder / name
    raise AssertionError(f"pyside6-lrelease is not in {folder}")


def compile_catalogue(language: str, folder: Path) -> Path:
    """Compile the `.ts` of `language` into `folder`; returns the `.qm` file."""
    target = folder / f"compliance-desk_{language}.qm"
    subprocess.run(
        [str(lrelease()), str(catalogue_source(language)), "-qm", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def install_catalogue(qm: Path) -> QTranslator:
    """Load a compiled catalogue and install it on the running application."""
    translator = QTranslator()
    assert translator.load(str(qm)), f"{qm} did not load"
    assert QCoreApplication.installTranslator(translator)
    return translator
