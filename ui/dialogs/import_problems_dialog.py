"""Every problem found in a checklist file that could not be imported, ready to copy."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import Problem


def distinct_lines(problems: Sequence[Problem]) -> list[str]:
    """Each problem's `file:line: rule` once, in the order found.

    A rule can be reported twice for the same place (one missing key per schema error, each
    naming every missing key); a repeated line only makes the list look longer than it is.
    """
    return list(dict.fromkeys(str(p) for p in problems))


class ImportProblemsDialog(QDialog):
    """Lists `file:line: rule` for each problem, once each; nothing was imported."""

    def __init__(self, parent: QWidget | None, file_name: str, problems: Sequence[Problem]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Checklist not imported"))
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        lines = distinct_lines(problems)
        count = len(lines)
        self.summary_label = QLabel(
            self.tr("%1 can't be imported. Problems found: %2. Nothing was changed.")
            .replace("%1", file_name)
            .replace("%2", str(count))
        )
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.problems_text = QPlainTextEdit("\n".join(lines))
        self.problems_text.setReadOnly(True)
        self.problems_text.setAccessibleName(self.tr("Problems found"))
        self.problems_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.problems_text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
