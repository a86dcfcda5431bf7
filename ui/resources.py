"""Reading the app's shipped resources: icons and the style sheet."""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

# The body text size the style sheet's point sizes were chosen beside.
SHEET_BODY_PT = 10.0
_POINT_SIZE = re.compile(r"(\d+(?:\.\d+)?)pt\b")


@cache
def icon(name: str) -> QIcon:
    """An icon from `resources/icons/<name>.svg` (an empty icon if it is missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def stylesheet(font: QFont | None = None) -> str:
    """The one style sheet: shapes and spacing (colours come from the palette).

    Its headings are sized in points beside a 10 pt body; someone who sets a larger font
    (200% for low vision, say) gets headings larger in step, not left smaller than the text
    under them. `font` is the application's font by default.
    """
    path = resources_dir() / "style.qss"
    sheet = path.read_text("utf-8") if path.exists() else ""
    body = font if font is not None else QApplication.font()
    scale = max(1.0, body.pointSizeF() / SHEET_BODY_PT)  # a font set in pixels has -1 points
    if scale == 1.0:
        return sheet
    return _POINT_SIZE.sub(lambda m: f"{float(m.group(1)) * scale:g}pt", sheet)
