"""The icon set the build draws from the one SVG: every size, and the Windows and macOS files."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from PIL import Image
from PySide6.QtGui import QImage

from tests.conftest import ROOT


def _prepare() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prepare", ROOT / "packaging" / "prepare.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_size_is_drawn_from_the_svg(qapp, tmp_path: Path) -> None:
    prepare = _prepare()
    prepare.make_icons(tmp_path)
    hicolor = tmp_path / "icons" / "hicolor"
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(hicolor / f"{size}x{size}" / "apps" / "compliance-desk.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() == 0  # the rounded corner is transparent
        assert image.pixelColor(size // 2, size // 8).name() == "#2f5d8a"  # the SVG's blue
    svg = hicolor / "scalable" / "apps" / "compliance-desk.svg"
    assert svg.read_bytes() == (ROOT / "resources" / "icons" / "app.svg").read_bytes()
    with Image.open(tmp_path / "compliance-desk.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    with Image.open(tmp_path / "compliance-desk.icns") as icns:
        assert icns.format == "ICNS"
