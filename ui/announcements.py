"""Saying an outcome to screen readers as it happens, not only when someone looks for it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


class Announcer(QObject):
    """Tells whoever listens what was announced: the window's tests, and a log if wanted.

    Assistive technology hears the announcement through Qt's accessibility bridge; nothing in
    the process can read that back, so this signal is how the announcements are checked.

    Signals:
        said(str, bool): the text, and whether it was assertive (interrupting).
    """

    said = Signal(str, bool)


announcer = Announcer()


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have assistive technology read `text` out, as coming from `widget`.

    A message in the status bar is only seen; a person who can't see it learns of a finished
    export or import from this. Polite by default: it waits until what is being read now is
    finished. A refusal is assertive: what the person just did did not happen, and the next
    thing they do may depend on knowing that at once.
    """
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
    announcer.said.emit(text, assertive)
