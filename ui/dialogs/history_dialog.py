"""The audit trail of one assessment: who did what, when, and whether the chain is intact."""

from __future__ import annotations

from collections.abc import Sequence

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

from app.audit_text import describe_event
from app.checklists.model import Checklist
from app.dto import AuditEventSnapshot
from app.locale_text import local_stamp
from app.trail_verdict import HistoryVerdict

# The first problems say what happened; the command line's `history --verify --json` has all.
MAX_PROBLEMS_SHOWN = 8


class HistoryDialog(QDialog):
    """A read-only table of events, newest last, with the chain's verdict above it."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        events: Sequence[AuditEventSnapshot],
        verdict: HistoryVerdict,
        checklist: Checklist | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of %1").replace("%1", title))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("inlineMessage")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setAccessibleName(self.tr("Audit trail check"))
        if verdict.intact:
            self.verdict_label.setText(
                self.tr(
                    "The audit trail is intact: %n event(s), each linked to the one before it.",
                    "",
                    verdict.events,
                )
            )
        else:
            shown = [p.message for p in verdict.problems[:MAX_PROBLEMS_SHOWN]]
            if len(verdict.problems) > MAX_PROBLEMS_SHOWN:
                shown.append(
                    self.tr("… and %1 more.").replace(
                        "%1", str(len(verdict.problems) - MAX_PROBLEMS_SHOWN)
                    )
                )
            self.verdict_label.setText(
                self.tr(
                    "The workspace was changed outside Compliance Desk; what its history "
                    "records can't be trusted as it stands:"
                )
                + "\n"
                + "\n".join(shown)
            )
        layout.addWidget(self.verdict_label)
        self.table = QTableWidget(len(events), 4)
        self.table.setAccessibleName(self.tr("Audit trail"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("#"), self.tr("When"), self.tr("Who"), self.tr("What")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, event in enumerate(events):
            cells = [
                str(event.seq),
                local_stamp(event.at, seconds=True),
                event.actor,
                describe_event(event, checklist),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if column == 3 else f"SHA-256 {event.hash}")
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        if events:
            self.table.scrollToBottom()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
