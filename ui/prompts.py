"""Every modal question the GUI asks goes through here, so tests can answer them.

Tests replace these functions with monkeypatch; the rest of the GUI never calls
`QMessageBox`/`QFileDialog` statics directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Tell the user something failed and what to do about it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something worked."""
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; True for yes."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_open_path(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    """Ask for an existing file; None when cancelled."""
    name, _selected = QFileDialog.getOpenFileName(parent, title, "", name_filter)
    return Path(name) if name else None


def ask_save_path(
    parent: QWidget | None, title: str, suggested: str, name_filter: str
) -> Path | None:
    """Ask where to save a file; None when cancelled."""
    name, _selected = QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
    return Path(name) if name else None


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    """Let the user choose and set up a printer in the system's print dialog; None if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer
