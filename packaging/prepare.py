"""Make what the build adds to the app folder from the sources: the icon set and the licence list.

Run by `python3 dev.py build` inside `.venv` before PyInstaller, with the output folder as its
argument. Nothing it makes is committed: the icons come from the one SVG in `resources/icons/`,
and the licence list from the distributions installed from the lock file, so both always match
the sources and the pins of this build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.licences import collect_licences, to_json  # noqa: E402 - after the path is set

APP_ID = "compliance-desk"
SVG = ROOT / "resources" / "icons" / "app.svg"
# The freedesktop icon theme's usual sizes, and the ones Windows and macOS icon files hold.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render_png(renderer: QSvgRenderer, size: int, path: Path) -> None:
    """Draw the SVG at `size` pixels square, smoothly, on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):  # PNG, from the suffix
        raise SystemExit(f"error: could not write {path}")


def make_icons(out: Path) -> None:
    """The hicolor PNG set, the SVG itself, and a Windows .ico and a macOS .icns."""
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"error: {SVG} is not a valid SVG")
    hicolor = out / "icons" / "hicolor"
    for size in PNG_SIZES:
        render_png(renderer, size, hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SVG.read_bytes())
    largest = Image.open(hicolor / "512x512" / "apps" / f"{APP_ID}.png")
    largest.save(out / f"{APP_ID}.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(out / f"{APP_ID}.icns", sizes=[(s, s) for s in ICNS_SIZES])


def main() -> int:
    """Write the icons and `licences.json` into the folder named on the command line."""
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # drawing needs no display
    app = QGuiApplication(sys.argv[:1])
    make_icons(out)
    parts = collect_licences()
    (out / "licences.json").write_text(to_json(parts), encoding="utf-8")
    print(f"icons in {out / 'icons'}; licences of {len(parts)} parts in {out / 'licences.json'}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
