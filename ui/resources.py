"""Reading the app's shipped resources: icons and the style sheet."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from app.paths import resources_dir


@cache
def icon(name: str) -> QIcon:
    """An icon from `resources/icons/<name>.svg` (an empty icon if it is missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def stylesheet() -> str:
    """The one style sheet: shapes and spacing (colours come from the palette)."""
    path = resources_dir() / "style.qss"
    return path.read_text("utf-8") if path.exists() else ""
