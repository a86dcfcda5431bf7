"""Sign-off: what is being approved, what still blocks it, and the reviewer's attestation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.dto import AssessmentSnapshot
from app.fields import utcnow
from app.locale_text import count
from app.services.signoffs import is_self_review
from app.signoff_gate import Blocker, gate_summary, gate_warnings
from app.values import AnswerValue
from app.wording import tally_words
from ui.dialogs.refusal_line import refusal_line
from ui.labels import answer_label

# name, role, attestation, self-review confirmed -> the refusal's message, or None when signed
Signer = Callable[[str, str, str, bool], str | None]


class SignOffDialog(QDialog):
    """Shows the summary and the gate; signs through `signer`, which returns an error or None.

    Signals:
        item_requested(str): the user chose a blocker; the id of its item.
    """

    item_requested = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        snapshot: AssessmentSnapshot,
        blockers: Sequence[Blocker],
        signer: Signer,
        *,
        statement: str,
        reviewer: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign off the assessment"))
        self.resize(720, 640)
        self._blockers: list[Blocker] = []
        self._snapshot = snapshot
        self._signer = signer
        layout = QVBoxLayout(self)

        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)

        gate = QGroupBox(self.tr("What blocks sign-off"))
        self.gate_box = gate
        gate_layout = QVBoxLayout(gate)
        self.gate_label = QLabel()
        self.gate_label.setWordWrap(True)
        self.blocker_list = QListWidget()
        self.blocker_list.setAccessibleName(self.tr("What blocks sign-off"))
        self.blocker_list.setWordWrap(True)
        self.blocker_list.itemActivated.connect(self._on_blocker_activated)
        # Warnings don't block (expired evidence, say), but the reviewer signs knowing them.
        self.warning_label = QLabel()
        self.warning_label.setObjectName("inlineMessage")
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName(self.tr("To know before signing off"))
        gate_layout.addWidget(self.gate_label)
        gate_layout.addWidget(self.blocker_list)
        gate_layout.addWidget(self.warning_label)
        layout.addWidget(gate, 1)
        self._layout = layout

        form = QFormLayout()
        self.name_edit = QLineEdit(reviewer)
        self.name_edit.setAccessibleName(self.tr("Reviewer's name"))
        self.name_edit.setMaxLength(200)
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName(self.tr("Reviewer's role"))
        self.role_edit.setPlaceholderText(self.tr("e.g. Data protection officer"))
        self.role_edit.setMaxLength(200)
        self.statement_edit = QPlainTextEdit(statement)
        self.statement_edit.setAccessibleName(self.tr("Attestation"))
        self.statement_edit.setTabChangesFocus(True)
        self.statement_edit.setMaximumHeight(100)
        form.addRow(self.tr("Reviewer's &name:"), self.name_edit)
        form.addRow(self.tr("&Role:"), self.role_edit)
        form.addRow(self.tr("&Attestation:"), self.statement_edit)
        layout.addLayout(form)
        # Signing off one's own assessment is allowed (a small school may have one person for
        # both), but only as a conscious choice, which the sign-off and the report record.
        self.self_review_label = QLabel(
            self.tr(
                "You are the assessor of this assessment: signing off means reviewing your own "
                "work. The sign-off and the report will say the assessor reviewed it."
            )
        )
        self.self_review_label.setObjectName("inlineMessage")
        self.self_review_label.setWordWrap(True)
        self.self_review_check = QCheckBox(
            self.tr("I review my &own assessment, and want that recorded")
        )
        self.self_review_check.setAccessibleName(self.tr("Confirm reviewing your own assessment"))
        self.self_review_check.toggled.connect(self._update_ok)
        layout.addWidget(self.self_review_label)
        layout.addWidget(self.self_review_check)
        self.error_label = refusal_line()
        layout.addWidget(self.error_label)
        # With nothing blocking, the gate's box is one line and the room left goes here.
        self._room = QWidget()
        layout.addWidget(self._room)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(self.tr("&Sign off and lock"))
        self.buttons.accepted.connect(self._on_sign)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.name_edit, self.role_edit):
            edit.textChanged.connect(self._update_ok)
        self.statement_edit.textChanged.connect(self._update_ok)
        self.show_state(snapshot, blockers)

    def show_state(self, snapshot: AssessmentSnapshot, blockers: Sequence[Blocker]) -> None:
        """Show the assessment and its blockers as they are now (also after changes elsewhere)."""
        self._snapshot = snapshot
        self._blockers = list(blockers)
        overall = snapshot.score_sheet.overall
        counts = ", ".join(
            f"{answer_label(v)} {overall.count(v)}"
            for v in (AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO, AnswerValue.NA)
        )
        open_actions = sum(1 for a in snapshot.actions if not a.status.is_closed)
        evidence = sum(1 for e in snapshot.evidence if e.active)
        self.summary_label.setText(
            "<b>"
            + escape(f"{snapshot.title} — {snapshot.organisation}")
            + "</b><br>"
            + escape(
                self.tr("%1, version %2")
                .replace("%1", snapshot.checklist.title)
                .replace("%2", snapshot.checklist.version)
            )
            + "<br>"
            + escape(
                self.tr("%1 of %2 applicable items answered (%3). %4")
                .replace("%1", count(overall.answered))
                .replace("%2", count(overall.applicable))
                .replace("%3", counts)
                .replace("%4", tally_words(overall))
            )
            + "<br>"
            + escape(
                self.tr("Open remediation actions: %1 · Evidence files: %2")
                .replace("%1", count(open_actions))
                .replace("%2", count(evidence))
            )
            + "<br>"
            + escape(
                self.tr("Fingerprint of what you approve: %1").replace("%1", snapshot.fingerprint)
            )
        )
        self.blocker_list.clear()
        for blocker in self._blockers:
            row = QListWidgetItem(blocker.message)
            row.setData(Qt.ItemDataRole.UserRole, blocker.item_id)
            self.blocker_list.addItem(row)
        if self._blockers:
            self.gate_label.setText(
                self.tr(
                    "To mend before signing off: %n (%1). Choose one to go to its item.",
                    None,
                    len(self._blockers),
                ).replace("%1", gate_summary(self._blockers))
            )
        else:
            self.gate_label.setText(self.tr("Nothing blocks sign-off."))
        self.blocker_list.setVisible(bool(self._blockers))
        self._fit_gate(bool(self._blockers))
        warnings = gate_warnings(snapshot, utcnow().date())
        self.warning_label.setText(
            self.tr("To know before signing off (this does not block it):")
            + "\n"
            + "\n".join(f"• {w.message}" for w in warnings)
            if warnings
            else ""
        )
        self.warning_label.setVisible(bool(warnings))
        self._update_ok()

    def _fit_gate(self, blocked: bool) -> None:
        """Let the gate's box take the room only while it lists blockers (else: one line)."""
        self.gate_box.setSizePolicy(
            QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Expanding if blocked else QSizePolicy.Policy.Maximum,
        )
        self._room.setSizePolicy(
            QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Ignored if blocked else QSizePolicy.Policy.Expanding,
        )
        self._layout.setStretchFactor(self.gate_box, 1 if blocked else 0)
        self._layout.setStretchFactor(self._room, 0 if blocked else 1)

    @property
    def self_review(self) -> bool:
        """Whether the reviewer's name is the assessor's."""
        return is_self_review(self._snapshot, self.name_edit.text())

    def _update_ok(self) -> None:
        own = self.self_review
        self.self_review_label.setVisible(own)
        self.self_review_check.setVisible(own)
        self.sign_button.setEnabled(
            not self._blockers
            and bool(self.name_edit.text().strip())
            and bool(self.role_edit.text().strip())
            and bool(self.statement_edit.toPlainText().strip())
            and (not own or self.self_review_check.isChecked())
        )

    def _on_blocker_activated(self, row: QListWidgetItem) -> None:
        item_id = row.data(Qt.ItemDataRole.UserRole)
        if isinstance(item_id, str) and item_id:
            self.reject()
            self.item_requested.emit(item_id)

    def _on_sign(self) -> None:
        own = self.self_review
        if own and not self.self_review_check.isChecked():
            return
        error = self._signer(
            self.name_edit.text(),
            self.role_edit.text(),
            self.statement_edit.toPlainText(),
            own and self.self_review_check.isChecked(),
        )
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        self.accept()
