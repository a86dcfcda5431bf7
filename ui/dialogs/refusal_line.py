"""The line a form shows its refusal on, under its fields and above its buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def refusal_line() -> QLabel:
    """A bold, wrapping line, hidden until a refusal is shown on it.

    Hidden, it takes no room, so a form that is never refused keeps its size.
    """
    label = QLabel()
    label.setObjectName("inlineMessage")
    label.setWordWrap(True)
    label.hide()
    return label
