"""Help > Keyboard shortcuts: every key the window answers to, read from the window itself.

The list is built from the live QActions and QShortcuts under the main window, so a key added
anywhere shows here without anyone remembering to document it. Keys handled in a widget's own
key handling (Enter in a list) have no object to read and are listed by hand in `_fixed_keys`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShortcutEntry:
    """One key and what it does."""

    keys: str
    does: str
    where: str


def anywhere_area() -> str:
    """Where the main window's own keys work."""
    return QCoreApplication.translate("shortcuts", "Anywhere")


def list_area() -> str:
    """Where the assessments list's keys work."""
    return QCoreApplication.translate("shortcuts", "In the assessments list")


def assessment_area() -> str:
    """Where an open assessment's keys work."""
    return QCoreApplication.translate("shortcuts", "In an assessment")


def _described_keys() -> dict[str, str]:
    """What the keys of shortcuts that carry no description of their own do.

    A QShortcut has no text; one with `whatsThis` set describes itself and needs no entry here.
    """
    return {
        "Ctrl+1": QCoreApplication.translate("shortcuts", "Answer Yes"),
        "Ctrl+2": QCoreApplication.translate("shortcuts", "Answer Partial"),
        "Ctrl+3": QCoreApplication.translate("shortcuts", "Answer No"),
        "Ctrl+4": QCoreApplication.translate("shortcuts", "Answer Not applicable"),
        "Ctrl+0": QCoreApplication.translate("shortcuts", "Clear the answer"),
        "Ctrl+K": QCoreApplication.translate(
            "shortcuts", "Confirm the answer carried over from the last review"
        ),
        "Ctrl+U": QCoreApplication.translate("shortcuts", "Go to the next unanswered item"),
        "Ctrl+F": QCoreApplication.translate("shortcuts", "Search the items and notes"),
        "Ctrl+Shift+S": QCoreApplication.translate("shortcuts", "Check the gate and sign off"),
        "Ctrl+E": QCoreApplication.translate(
            "shortcuts", "Export (and sign) the report, or a working copy"
        ),
        "Ctrl+P": QCoreApplication.translate("shortcuts", "Print the report"),
        "Ctrl+H": QCoreApplication.translate("shortcuts", "Show the assessment's history"),
        "Ctrl+Z": QCoreApplication.translate("shortcuts", "Undo the last answer or note change"),
        "Alt+1": QCoreApplication.translate("shortcuts", "Show how to check the item"),
        "Alt+2": QCoreApplication.translate("shortcuts", "Show the item's evidence"),
        "Alt+3": QCoreApplication.translate("shortcuts", "Show the item's actions"),
    }


def _fixed_keys() -> list[ShortcutEntry]:
    """Keys a widget handles itself: there is no action or shortcut object to read them from."""
    return [
        ShortcutEntry(
            QCoreApplication.translate("shortcuts", "Enter"),
            QCoreApplication.translate("shortcuts", "Open the chosen assessment"),
            list_area(),
        ),
        ShortcutEntry(
            QCoreApplication.translate("shortcuts", "Escape in the search box"),
            QCoreApplication.translate("shortcuts", "Clear the search"),
            assessment_area(),
        ),
        ShortcutEntry(
            QCoreApplication.translate("shortcuts", "Tab, Shift+Tab"),
            QCoreApplication.translate("shortcuts", "Move to the next or previous field"),
            anywhere_area(),
        ),
        ShortcutEntry(
            QCoreApplication.translate("shortcuts", "Alt+underlined letter"),
            QCoreApplication.translate("shortcuts", "Press that button or menu"),
            anywhere_area(),
        ),
        ShortcutEntry(
            QCoreApplication.translate("shortcuts", "Escape"),
            QCoreApplication.translate("shortcuts", "Close a dialog without changing anything"),
            anywhere_area(),
        ),
        ShortcutEntry(
            QCoreApplication.translate("shortcuts", "Ctrl+Return"),
            QCoreApplication.translate(
                "shortcuts",
                "Give the reason typed, as its OK button does (Return starts a new line)",
            ),
            QCoreApplication.translate("shortcuts", "In a box that asks why"),
        ),
    ]


def _plain(text: str) -> str:
    """A menu entry's text as a sentence: no mnemonic ampersand, no trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _native(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def _where(obj: QObject, areas: dict[QWidget, str], default: str) -> str:
    """The area an action or shortcut belongs to: the nearest listed widget among its parents."""
    parent = obj.parent()
    while parent is not None:
        if isinstance(parent, QWidget) and parent in areas:
            return areas[parent]
        parent = parent.parent()
    return default


def collect_shortcuts(window: QWidget, areas: dict[QWidget, str]) -> list[ShortcutEntry]:
    """Every shortcut defined under `window`, with what it does and where it works.

    Args:
        window: the main window; its own actions work anywhere.
        areas: widgets whose shortcuts work only there, with the name of the place.
    """
    anywhere = anywhere_area()
    described = _described_keys()
    entries: list[ShortcutEntry] = []
    seen: set[tuple[str, str]] = set()

    def add(sequence: QKeySequence, does: str, where: str) -> None:
        keys = _native(sequence)
        if not keys or (keys, where) in seen:
            return
        seen.add((keys, where))
        entries.append(ShortcutEntry(keys, does, where))

    for action in window.findChildren(QAction):
        text = _plain(action.text()) or action.whatsThis()
        for sequence in action.shortcuts():
            add(sequence, text, _where(action, areas, anywhere))
    for shortcut in window.findChildren(QShortcut):
        # A standard key (Undo) may bind several sequences on a platform: list each.
        for sequence in shortcut.keys():  # noqa: SIM118 - a list of key sequences, not a dict
            portable = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            does = shortcut.whatsThis() or described.get(portable, "")
            add(sequence, does, _where(shortcut, areas, anywhere))
    order = {anywhere: 0, list_area(): 1, assessment_area(): 2}
    entries.extend(_fixed_keys())
    entries.sort(key=lambda e: order.get(e.where, 3))  # stable: each area keeps its own order
    return entries


class ShortcutsDialog(QDialog):
    """A table of keys, what they do and where they work; not modal, so it can stay open."""

    def __init__(self, parent: QWidget | None, entries: list[ShortcutEntry]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Every key the window answers to, and where it works. On a Mac, Ctrl is the "
                "Command key."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(entries), 3)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Keys"), self.tr("What it does"), self.tr("Where")]
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for row, entry in enumerate(entries):
            for column, text in enumerate((entry.keys, entry.does, entry.where)):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's rows as text (keys, what it does, where)."""

        def text(row: int, column: int) -> str:
            cell = self.table.item(row, column)
            return cell.text() if cell is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]
