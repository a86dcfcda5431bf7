"""The line a form shows its refusal on, under its fields and above its buttons."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel
from typing_extensions import override

from ui.announcements import announce


class RefusalLine(QLabel):
    """A label that also says its refusal out loud, at once, to a screen reader.

    A refusal is shown where the eye is, under the fields; someone who can't see it would
    otherwise press the button again and hear nothing. Assertive: what they just did did not
    happen.
    """

    @override
    def setText(self, text: str, /) -> None:
        super().setText(text)
        announce(self, text, assertive=True)


def refusal_line() -> QLabel:
    """A bold, wrapping line, hidden until a refusal is shown on it.

    Hidden, it takes no room, so a form that is never refused keeps its size.
    """
    label = RefusalLine()
    label.setObjectName("inlineMessage")
    label.setWordWrap(True)
    label.setAccessibleName(QCoreApplication.translate("RefusalLine", "Refused"))
    label.hide()
    return label
