"""Help > About: the version, the data folder, and whose code and fonts the app contains.

The list of parts and their licences comes from `app.licences` (made at build time in a built
app, read from the installed distributions when running from source): nothing here is typed by
hand except the words around it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.licences import BundledPart, bundled_licences
from ui.resources import icon


def _t(text: str) -> str:
    return QCoreApplication.translate("about", text)


def kind_words(kind: str) -> str:
    """What a part is, in words: `BundledPart.kind` for a reader."""
    return {
        "application": _t("This app"),
        "python": _t("Interpreter"),
        "qt": _t("Window toolkit"),
        "font": _t("Fonts"),
        "package": _t("Python package"),
    }.get(kind, kind)


class AboutDialog(QDialog):
    """The app's name, version and data folder, and a table of every part with its licence.

    Choosing a row shows that part's licence texts below the table, with where its source
    lives and anything its licence asks the reader to know (Qt's LGPL).
    """

    def __init__(self, parent: QWidget | None, data_dir: Path, parts: list[BundledPart]) -> None:
        super().__init__(parent)
        self.parts = parts
        self.setWindowTitle(self.tr("About Compliance Desk"))
        self.resize(760, 620)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        picture = QLabel()
        picture.setPixmap(icon("app").pixmap(64, 64))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(picture)
        self.title_label = QLabel(
            "<b>" + self.tr("Compliance Desk %1").replace("%1", __version__) + "</b>"
        )
        self.title_label.setAccessibleName(self.tr("Name and version"))
        words = QLabel(
            self.tr(
                "Compliance checklists for video conferencing, kept in a local workspace, with "
                "signed-off reports. It works offline and sends nothing anywhere."
            )
        )
        words.setWordWrap(True)
        self.data_label = QLabel(self.tr("Data folder: %1").replace("%1", str(data_dir)))
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts = QVBoxLayout()
        for widget in (self.title_label, words, self.data_label):
            texts.addWidget(widget)
        top.addLayout(texts, 1)
        layout.addLayout(top)

        made_of = QLabel(
            self.tr(
                "Compliance Desk is MIT-licensed and is made with the work of others, each under "
                "its own licence. Choose a row to read the licence."
            )
        )
        made_of.setWordWrap(True)
        layout.addWidget(made_of)

        self.table = QTableWidget(len(parts), 4)
        self.table.setAccessibleName(self.tr("What the app contains"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Version"), self.tr("Licence"), self.tr("What it is")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        for row, part in enumerate(parts):
            for column, text in enumerate(
                (part.name, part.version, part.licence, kind_words(part.kind))
            ):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)

        self.licence_text = QPlainTextEdit()
        self.licence_text.setReadOnly(True)
        self.licence_text.setAccessibleName(self.tr("Licence text"))
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.licence_text)
        splitter.setSizes([300, 220])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.table.currentCellChanged.connect(lambda row, *_: self.show_licence(row))
        if parts:
            self.table.selectRow(0)

    def show_licence(self, row: int) -> None:
        """Show the licence texts of the part in `row` below the table."""
        if not 0 <= row < len(self.parts):
            self.licence_text.clear()
            return
        part = self.parts[row]
        lines = [f"{part.name} {part.version}", self.tr("Licence: %1").replace("%1", part.licence)]
        if part.homepage:
            lines.append(self.tr("Home page: %1").replace("%1", part.homepage))
        if part.note:
            lines += ["", part.note]
        for text in part.texts:
            lines += ["", f"——— {text.name} ———", "", text.text.rstrip()]
        if not part.texts:
            lines += ["", self.tr("Its distribution ships no licence file.")]
        self.licence_text.setPlainText("\n".join(lines))

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The table's rows as text: name, version, licence, what it is."""

        def text(row: int, column: int) -> str:
            cell = self.table.item(row, column)
            return cell.text() if cell is not None else ""

        return [
            (text(r, 0), text(r, 1), text(r, 2), text(r, 3)) for r in range(self.table.rowCount())
        ]


def show_about(parent: QWidget, data_dir: Path) -> AboutDialog:
    """Show the About box (not modal), or bring the one already open to the front."""
    dialog = parent.findChild(AboutDialog)
    if dialog is None:
        dialog = AboutDialog(parent, data_dir, bundled_licences())
    dialog.show()
    dialog.activateWindow()
    return dialog
