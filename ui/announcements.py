"""Saying an outcome to screen readers as it happens, not only when someone looks for it."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str) -> None:
    """Have assistive technology read `text` out, as coming from `widget`.

    A message in the status bar is only seen; a person who can't see it learns of a finished
    export or import from this. Polite: it waits until what is being read now is finished.
    """
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
