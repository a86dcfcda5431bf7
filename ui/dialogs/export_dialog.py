"""Export: choose the PDF report (the record) or an editable working copy, then where to save.

The formats are radio buttons in one group, so the arrow keys move between them and Enter
goes on; the PDF is chosen first, as the file that is signed and kept.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.exports.formats import CopyFormat

PDF = "pdf"


class ExportDialog(QDialog):
    """The format of an export: "pdf" or a `CopyFormat` value, read by `chosen()`."""

    def __init__(self, parent: QWidget | None, *, signed_off: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("What do you want to save?"))
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        choices = [
            (
                PDF,
                self.tr("&PDF report — the record, signed when you choose"),
                self.tr("PDF report"),
            ),
            (
                CopyFormat.XLSX.value,
                self.tr("E&xcel workbook — answers, actions and evidence to sort and filter"),
                self.tr("Excel workbook, a working copy"),
            ),
            (
                CopyFormat.CSV.value,
                self.tr("&CSV files — the answers, and the actions in a second file"),
                self.tr("CSV files, a working copy"),
            ),
            (
                CopyFormat.DOCX.value,
                self.tr("&Word document — the report's content to edit"),
                self.tr("Word document, a working copy"),
            ),
        ]
        for key, text, name in choices:
            button = QRadioButton(text)
            button.setAccessibleName(name)
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        self.buttons[PDF].setChecked(True)
        self.note_label = QLabel(
            self.tr(
                "Excel, CSV and Word files are working copies: each says it is not the signed "
                "record and gives the assessment's fingerprint, so it can be matched to the PDF."
            )
            + (
                ""
                if signed_off
                else " " + self.tr("This assessment is a draft: every copy says so.")
            )
        )
        self.note_label.setWordWrap(True)
        self.note_label.setMinimumWidth(self.note_label.fontMetrics().averageCharWidth() * 60)
        self.note_label.setAccessibleName(self.tr("About working copies"))
        layout.addWidget(self.note_label)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.box.button(QDialogButtonBox.StandardButton.Ok)
        # Its key is S: P, X, C and W choose the formats above.
        self.ok_button.setText(self.tr("Choose where to &save…"))
        self.ok_button.setAccessibleName(self.tr("Choose where to save the export"))
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self.buttons[PDF].setFocus()

    def chosen(self) -> str:
        """The choice: `PDF` ("pdf") or the value of the working copy's `CopyFormat`."""
        return next(key for key, button in self.buttons.items() if button.isChecked())

    def choose(self, key: str) -> None:
        """Select a format (as a click on its button would)."""
        self.buttons[key].setChecked(True)
