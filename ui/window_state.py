"""What the main window remembers between starts: its size and the list's columns and layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

from ui.opening_window import DEFAULT_SIZE
from ui.widgets.assessments_page import LIST_HEADER_KEY

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def restore_window_state(window: MainWindow) -> None:
    """Give the window the size and the list the columns they had when last closed."""
    geometry = window.ctx.ui_state.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    header = window.ctx.ui_state.value(LIST_HEADER_KEY)
    if isinstance(header, QByteArray):
        window.assessments_page.restore_header(header)


def save_window_state(window: MainWindow) -> None:
    """Remember the window's size and layout (the open assessment's split too)."""
    state = window.ctx.ui_state
    state.setValue("window/geometry", window.saveGeometry())
    state.setValue(LIST_HEADER_KEY, window.assessments_page.table.horizontalHeader().saveState())
    if window.view.loaded:
        state.setValue("view/splitter", window.view.splitter.saveState())
    state.sync()
