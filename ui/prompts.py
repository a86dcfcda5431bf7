"""Every modal question the GUI asks goes through here, so tests can answer them.

Tests replace these functions with monkeypatch; the rest of the GUI never calls
`QMessageBox`/`QFileDialog` statics directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.file_folders import FolderMemory, documents_folder, starting_folder


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Tell the user something failed and what to do about it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # paths, to copy
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something worked."""
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, *, yes_by_default: bool = False) -> bool:
    """Ask a yes/no question; True for yes. The text is shown as plain text, never markup.

    Questions quote what people typed (titles, organisations); read as markup, a title such
    as "<b>Q1</b>" would change how the question looks. No is the default button unless
    `yes_by_default` (see `question_box`).
    """
    box = question_box(parent, title, text, yes_by_default=yes_by_default)
    return box.exec() == QMessageBox.StandardButton.Yes


def question_box(
    parent: QWidget | None, title: str, text: str, *, yes_by_default: bool = False
) -> QMessageBox:
    """The yes/no box `confirm` shows, in plain text; No is the default unless told.

    No is the safe answer to most questions (it changes nothing); where No is the drastic
    one (quitting the app), the caller makes Yes the default.
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(
        QMessageBox.StandardButton.Yes if yes_by_default else QMessageBox.StandardButton.No
    )
    return box


def folder_memory(parent: QWidget | None) -> FolderMemory | None:
    """The folder memory of the window `parent` belongs to (through dialogs on top of it)."""
    widget = parent
    while widget is not None:
        memory = widget.findChild(FolderMemory, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if isinstance(memory, FolderMemory):
            return memory
        widget = widget.parentWidget()
    return None


def start_path(parent: QWidget | None, suggested: str = "") -> str:
    """Where a file dialog opened from `parent` starts: a folder, or a suggested file in it."""
    memory = folder_memory(parent)
    folder = memory.start() if memory else starting_folder(None, documents_folder(), Path.home())
    return str(folder / suggested) if suggested else str(folder)


def note_chosen(parent: QWidget | None, name: str) -> Path | None:
    """The path a file dialog returned (None when cancelled), remembering its folder."""
    if not name:
        return None
    path = Path(name)
    memory = folder_memory(parent)
    if memory is not None:
        memory.remember(path)
    return path


def ask_open_path(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    """Ask for an existing file; None when cancelled. Opens where the last file was chosen."""
    name, _selected = QFileDialog.getOpenFileName(parent, title, start_path(parent), name_filter)
    return note_chosen(parent, name)


def ask_save_path(
    parent: QWidget | None,
    title: str,
    suggested: str,
    name_filter: str,
    *,
    ask_replace: bool = True,
) -> Path | None:
    """Ask where to save a file; None when cancelled. Opens where the last file was chosen.

    With `ask_replace` false the dialog doesn't ask about a file already there: for a caller
    that adds an ending to the name or writes more than one file, and asks itself about every
    file it would replace (`confirm_replace`).
    """
    options = QFileDialog.Option(0)
    if not ask_replace:
        options = QFileDialog.Option.DontConfirmOverwrite
    name, _selected = QFileDialog.getSaveFileName(
        parent, title, start_path(parent, suggested), name_filter, options=options
    )
    return note_chosen(parent, name)


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    """Let the user choose and set up a printer in the system's print dialog; None if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer
