"""The licence list of Help > About: read from the installed distributions, never typed."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from app import __version__
from app.licences import (
    BundledPart,
    LicenceText,
    bundled_licences,
    collect_licences,
    from_json,
    normalise,
    runtime_distributions,
    to_json,
)
from tests.conftest import ROOT


def _by_name(parts: list[BundledPart]) -> dict[str, BundledPart]:
    return {normalise(p.name): p for p in parts}


def test_every_runtime_dependency_is_listed_with_its_installed_version() -> None:
    parts = _by_name(collect_licences())
    for requirement in metadata.requires("compliance-desk") or []:
        if "extra ==" in requirement:
            continue
        name = normalise(requirement.split(";")[0].split("[")[0].split("<")[0].split(">")[0])
        assert name in parts, name
        assert parts[name].version == metadata.version(name)
        assert parts[name].licence
    # Reached through other packages, and through pyHanko[opentype]'s extra.
    for name in ("shiboken6", "asn1crypto", "uharfbuzz", "fonttools"):
        assert name in parts, name


def test_test_and_build_tools_are_not_listed() -> None:
    names = {normalise(d.metadata["Name"]) for d in runtime_distributions()}
    assert "compliance-desk" in names
    assert not names & {"pytest", "pytest-qt", "mypy", "ruff", "hypothesis", "pyinstaller"}


def test_declared_licences_are_read_from_the_metadata() -> None:
    parts = _by_name(collect_licences())
    assert parts["cryptography"].licence == "Apache-2.0 OR BSD-3-Clause"
    assert parts["sqlalchemy"].licence == "MIT"
    assert parts["reportlab"].licence == "BSD License"  # its License field is a sentence
    assert any("Permission is hereby granted" in t.text for t in parts["sqlalchemy"].texts)
    assert [t.name for t in parts["cryptography"].texts] == [
        "LICENSE",
        "LICENSE.APACHE",
        "LICENSE.BSD",
    ]


def test_the_app_python_qt_and_the_fonts_come_first() -> None:
    parts = collect_licences()
    assert [p.kind for p in parts[:4]] == ["application", "python", "qt", "font"]
    app, python, qt, fonts = parts[:4]
    assert (app.name, app.version, app.licence) == ("compliance-desk", __version__, "MIT")
    assert python.licence == "PSF-2.0"
    assert qt.licence == "LGPL-3.0-only"
    assert qt.version == metadata.version("PySide6-Essentials")
    assert "replaced" in qt.note
    assert [t.name for t in qt.texts] == ["LGPL-3.0.txt", "GPL-3.0.txt"]
    assert qt.texts[0].text.lstrip().startswith("GNU LESSER GENERAL PUBLIC LICENSE")
    assert fonts.name == "DejaVu fonts"
    assert fonts.texts[0].text == (ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt").read_text(
        "utf-8"
    )
    # Qt's bindings ship no licence file: they carry Qt's texts.
    essentials = _by_name(parts)["pyside6-essentials"]
    assert essentials.texts == qt.texts


def test_the_shipped_list_reads_back_as_written(tmp_path: Path) -> None:
    parts = [
        BundledPart(
            "Zoë's lib",
            "1.0",
            "MIT",
            "package",
            "https://example.org",
            (LicenceText("LICENSE", "Permission is hereby granted — Ω"),),
        ),
        BundledPart("Qt", "6.12.0", "LGPL-3.0-only", "qt", note="can be replaced"),
    ]
    shipped = tmp_path / "licences.json"
    shipped.write_text(to_json(parts), encoding="utf-8")
    assert from_json(shipped.read_text("utf-8")) == parts
    assert bundled_licences(shipped) == parts


def test_a_missing_or_damaged_shipped_list_falls_back_to_the_live_one(tmp_path: Path) -> None:
    live = collect_licences()
    assert bundled_licences(tmp_path / "absent.json") == live
    for damaged in ('{"format": 99, "parts": []}', '{"format": 1, "parts": [{"name": 1}]}', "{"):
        (tmp_path / "bad.json").write_text(damaged, encoding="utf-8")
        assert bundled_licences(tmp_path / "bad.json") == live
