"""`dev.py` compiles the translations from their sources, only when a source is newer."""

from __future__ import annotations

import gettext
import importlib.util
import os
import shutil
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QTranslator

from tests.conftest import ROOT


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Unanswered"
msgstr "Unbeantwortet"
"""

TS = """\
<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
</context>
</TS>
"""


def test_sources_are_compiled_once_and_again_when_changed(tmp_path: Path) -> None:
    dev = _dev()
    po = tmp_path / "resources" / "locale" / "de" / "LC_MESSAGES" / "compliance-desk.po"
    ts = tmp_path / "resources" / "i18n" / "compliance-desk_de.ts"
    po.parent.mkdir(parents=True)
    ts.parent.mkdir(parents=True)
    po.write_text(PO, "utf-8")
    ts.write_text(TS, "utf-8")
    mo, qm = po.with_suffix(".mo"), ts.with_suffix(".qm")

    assert dev.build_catalogues(tmp_path) == [mo, qm]
    with mo.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Unanswered") == "Unbeantwortet"
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("PreferencesDialog", "Preferences") == "Einstellungen"

    assert dev.build_catalogues(tmp_path) == []  # nothing newer: nothing built
    later = mo.stat().st_mtime + 10
    os.utime(po, (later, later))
    assert dev.build_catalogues(tmp_path) == [mo]


def test_the_shipped_sources_compile(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "resources" / "locale", tmp_path / "resources" / "locale")
    for old in (tmp_path / "resources" / "locale").rglob("*.mo"):
        old.unlink()
    built = _dev().build_catalogues(tmp_path)
    assert {path.name for path in built} == {"compliance-desk.mo", "argparse.mo"}
