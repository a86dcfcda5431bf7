"""Notes that could not be written, kept per item while their assessment is open.

A note typed while the workspace can't take writes (the server stopped, the file held by
another program, the disk full) would otherwise be gone as soon as the person chose another
item. It is kept here, with why it was refused and the answer it was typed over, written again
with the next change that can be, and asked about before the assessment is left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.dto import AnswerSnapshot
from ui import prompts


@dataclass(frozen=True)
class UnsavedNote:
    """A note refused by the workspace: the text typed, why, and what it was typed over.

    `seen` is the item's answer as shown when the note was first typed, so that writing it
    again later does not replace a note someone else wrote meanwhile (the window may have
    read theirs since).
    """

    item_id: str
    text: str
    reason: str
    seen: AnswerSnapshot | None


class UnsavedNotes(QObject):
    """The notes of one open assessment that wait to be written, by item.

    Signals:
        changed(int): how many notes wait now, after one was kept, written or let go.
    """

    changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notes: dict[str, UnsavedNote] = {}

    def __len__(self) -> int:
        return len(self._notes)

    def get(self, item_id: str) -> UnsavedNote | None:
        """The note kept for the item, if one waits."""
        return self._notes.get(item_id)

    def notes(self) -> list[UnsavedNote]:
        """Every note that waits, in the order they were first kept."""
        return list(self._notes.values())

    def keep(self, item_id: str, text: str, reason: str, seen: AnswerSnapshot | None) -> None:
        """Keep the note typed; one kept before for the item keeps what it was typed over."""
        earlier = self._notes.get(item_id)
        over = earlier.seen if earlier is not None else seen
        self._notes[item_id] = UnsavedNote(item_id, text, reason, over)
        self.changed.emit(len(self._notes))

    def rebase(self, item_id: str, answer: AnswerSnapshot) -> None:
        """This window changed the item's answer itself: the kept note is typed over that."""
        earlier = self._notes.get(item_id)
        if earlier is not None:
            self._notes[item_id] = UnsavedNote(item_id, earlier.text, earlier.reason, answer)

    def drop(self, item_id: str) -> None:
        """The item's note was written, or gave way to one changed elsewhere."""
        if self._notes.pop(item_id, None) is not None:
            self.changed.emit(len(self._notes))

    def clear(self) -> None:
        """Let every kept note go (the person chose to leave without them)."""
        if self._notes:
            self._notes.clear()
            self.changed.emit(0)


def waiting_status(count: int) -> str:
    """What the status bar's save status says while notes wait to be written."""
    return QCoreApplication.translate(
        "UnsavedNotes", "Not saved: %n note(s) wait(s) to be written", None, count
    )


def not_saved_yet(reason: str) -> str:
    """What the item panel says under the answer buttons of an item whose note waits."""
    return QCoreApplication.translate("UnsavedNotes", "Not saved yet: %1").replace("%1", reason)


def may_leave_without(
    parent: QWidget, notes: list[UnsavedNote], label: Callable[[str], str]
) -> bool:
    """Ask before leaving notes that could not be written; True to leave without them.

    No (stay) is the default. Leaving puts the notes' text on the clipboard, to paste
    somewhere safe; staying leaves the clipboard as it was. `label` names an item.
    """
    if not notes:
        return True
    reason = notes[0].reason
    if len(notes) == 1:
        text = QCoreApplication.translate(
            "UnsavedNotes",
            "A note you typed could not be saved (%1). Leave without it?\n\n"
            "If you leave, its text is put on the clipboard, to paste somewhere safe.",
        )
    else:
        text = QCoreApplication.translate(
            "UnsavedNotes",
            "%n notes you typed could not be saved (%1). Leave without them?\n\n"
            "If you leave, their text is put on the clipboard, to paste somewhere safe.",
            None,
            len(notes),
        )
    question = text.replace("%1", reason)
    if not prompts.confirm(
        parent, QCoreApplication.translate("UnsavedNotes", "Note not saved"), question
    ):
        return False
    if len(notes) == 1:
        QApplication.clipboard().setText(notes[0].text)
    else:
        QApplication.clipboard().setText(
            "\n\n".join(f"{label(note.item_id)}\n{note.text}" for note in notes)
        )
    return True
