"""Signing a report on export: who signs, and the passphrases that unlock their keys.

The reviewer signs; the assessor may sign first. The keys are unlocked here, before any work
starts, so a wrong passphrase is said at once, beside the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.name_keys import same_person
from app.signing.identities import Identity
from ui.dialogs.refusal_line import refusal_line

# Returns an error to show, or None when the passphrases unlock the keys.
Checker = Callable[[Identity, str, Identity | None, str], str | None]


class SignReportDialog(QDialog):
    """Choose to sign, the identities and passphrases; `checker` unlocks the keys."""

    def __init__(
        self,
        parent: QWidget | None,
        identities: Sequence[Identity],
        checker: Checker,
        *,
        reviewer_name: str,
        assessor_name: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign the report"))
        self._identities = list(identities)
        self._checker = checker
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "The report of a signed-off assessment can carry digital signatures that "
                "anyone can check later with Verify a report. Signing adds nothing to the "
                "assessment."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.sign_check = QCheckBox(self.tr("&Sign the report"))
        self.sign_check.setChecked(True)
        form.addRow(self.sign_check)
        self.reviewer_combo = self._combo(self.tr("Reviewer's identity"), reviewer_name)
        self.reviewer_pass = self._secret(self.tr("Reviewer's passphrase"))
        form.addRow(self.tr("&Reviewer:"), self.reviewer_combo)
        form.addRow(self.tr("&Passphrase:"), self.reviewer_pass)
        self.assessor_check = QCheckBox(self.tr("The &assessor signs too (first)"))
        form.addRow(self.assessor_check)
        self.assessor_combo = self._combo(self.tr("Assessor's identity"), assessor_name)
        self.assessor_pass = self._secret(self.tr("Assessor's passphrase"))
        form.addRow(self.tr("Assess&or:"), self.assessor_combo)
        form.addRow(self.tr("Pass&phrase:"), self.assessor_pass)
        self.error_label = refusal_line()
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for control in (self.sign_check, self.assessor_check):
            control.toggled.connect(self._update)
        self._update()
        self.reviewer_pass.setFocus()  # what is typed first is the passphrase, not a tick

    def _combo(self, accessible: str, preferred: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        for identity in self._identities:
            combo.addItem(f"{identity.name} — {identity.role} ({identity.id})", identity.id)
        match = next(
            (n for n, i in enumerate(self._identities) if same_person(i.name, preferred)),
            0,
        )
        combo.setCurrentIndex(match)
        return combo

    def _secret(self, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(accessible)
        return edit

    def _update(self) -> None:
        signing = self.sign_check.isChecked()
        for widget in (self.reviewer_combo, self.reviewer_pass, self.assessor_check):
            widget.setEnabled(signing)
        both = signing and self.assessor_check.isChecked()
        self.assessor_combo.setEnabled(both)
        self.assessor_pass.setEnabled(both)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign and export") if signing else self.tr("Export unsigned"))

    def _identity(self, combo: QComboBox) -> Identity:
        wanted = combo.currentData()
        return next(i for i in self._identities if i.id == wanted)

    @property
    def signing(self) -> bool:
        """Whether the report is to be signed."""
        return self.sign_check.isChecked()

    def choices(self) -> tuple[Identity, str, Identity | None, str]:
        """Reviewer identity and passphrase; assessor identity (or None) and passphrase."""
        assessor = self._identity(self.assessor_combo) if self.assessor_check.isChecked() else None
        return (
            self._identity(self.reviewer_combo),
            self.reviewer_pass.text(),
            assessor,
            self.assessor_pass.text(),
        )

    def _on_ok(self) -> None:
        if self.signing:
            error = self._checker(*self.choices())
            if error:
                self.error_label.setText(error)
                self.error_label.show()
                return
        self.accept()
