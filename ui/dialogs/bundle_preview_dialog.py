"""Before a bundle is imported: what it holds, that it passed every check, and what importing does.

The bundle was read and checked, and the import tried as a dry run, before this opens: the
dialog only shows the outcome, so "Import" is offered only when importing would change
something, and a refusal is shown as the one line that says why. An import that adds the
assessment to a district workspace asks for its school, where there is a choice.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bundles.importing import ImportResult, Outcome
from app.bundles.inspection import BundleSummary
from app.locale_text import local_stamp, number
from app.user_files import MIB, size_text
from ui.labels import assessment_status_label
from ui.widgets.school_combo import SchoolCombo, SchoolField

# The outcomes an import is worth offering for: anything else changes nothing here.
_CHANGES = (Outcome.ADDED, Outcome.UPDATED, Outcome.MERGED)


class BundlePreviewDialog(QDialog):
    """A checked bundle's contents and the dry run's outcome; Import or Cancel.

    `schools`: the district schools the added assessment may go to; Import waits for one.
    """

    def __init__(
        self,
        parent: QWidget | None,
        summary: BundleSummary,
        result: ImportResult | None,
        refusal: str | None,
        *,
        schools: SchoolField | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a bundle"))
        self.setMinimumWidth(600)
        self.summary = summary
        self.plan = result
        layout = QVBoxLayout(self)
        self.file_label = self._value(summary.path.name, self.tr("Bundle file"))
        self.file_label.setObjectName("sectionHeading")
        layout.addWidget(self.file_label)
        self.checks_label = self._value(
            self.tr(
                "✔ Every check passed: the archive, the manifest, the history's hash chain, "
                "the checklist copy, each sign-off and every evidence file."
            ),
            self.tr("Checks"),
        )
        layout.addWidget(self.checks_label)
        held = QGroupBox(self.tr("What the bundle holds"))
        form = QFormLayout(held)
        self.rows: dict[str, QLabel] = {}
        for key, label, text in self._held_rows(summary):
            value = self._value(text, label.replace("&", "").rstrip(":"))
            self.rows[key] = value
            form.addRow(label, value)
        layout.addWidget(held)
        does = QGroupBox(self.tr("What importing does"))
        does_layout = QVBoxLayout(does)
        self.can_import = result is not None and refusal is None and result.outcome in _CHANGES
        self.outcome_label = self._value(
            self._outcome_text(result, refusal), self.tr("What importing does")
        )
        if refusal is not None:
            self.outcome_label.setObjectName("inlineMessage")
        does_layout.addWidget(self.outcome_label)
        self.school_combo: SchoolCombo | None = None
        adds = self.can_import and result is not None and result.outcome is Outcome.ADDED
        if adds and schools is not None:
            self.school_combo = SchoolCombo(schools)
            school_form = QFormLayout()
            school_form.addRow(self.tr("&School:"), self.school_combo)
            does_layout.addLayout(school_form)
        layout.addWidget(does)
        self.buttons = QDialogButtonBox()
        self.import_button: QPushButton | None = None
        if self.can_import:
            self.import_button = QPushButton(self.tr("&Import"))
            self.import_button.setAccessibleName(self.tr("Import the bundle"))
            self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.import_button.setDefault(True)
            self.cancel_button = QPushButton(self.tr("Cancel"))
            self.cancel_button.setAccessibleName(self.tr("Cancel; nothing is imported"))
        else:
            self.cancel_button = QPushButton(self.tr("Close"))
            self.cancel_button.setAccessibleName(self.tr("Close; nothing is imported"))
            self.cancel_button.setDefault(True)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setAccessibleDescription(self.outcome_label.text())
        # Wrapped labels guess their height for a narrower width: size for the real one.
        height = self.heightForWidth(self.minimumWidth())
        if height > 0:
            self.resize(self.minimumWidth(), height)
        if self.school_combo is not None:
            self.school_combo.currentIndexChanged.connect(self._update_import)
            self._update_import()
        (self.school_combo or self.import_button or self.cancel_button).setFocus()

    def school(self) -> str | None:
        """The school chosen for the added assessment; None: none asked, or the district's own."""
        return self.school_combo.school() if self.school_combo is not None else None

    def _update_import(self) -> None:
        """Import waits for a school to be chosen, and says so."""
        if self.import_button is None or self.school_combo is None:
            return
        chosen = self.school_combo.chosen
        self.import_button.setEnabled(chosen)
        self.import_button.setToolTip("" if chosen else self.tr("Choose the school it is for."))

    def _value(self, text: str, name: str) -> QLabel:
        """A label for text that may come from the bundle: plain text, selectable, named."""
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a title such as "<b>x</b>" stays as typed
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(name)
        return label

    def _size(self, size: int) -> str:
        """A size in kB below a megabyte, where 0.0 MB would say nothing."""
        if size < MIB:
            return self.tr("%1 kB").replace("%1", number(size / 1024, 1))
        return size_text(size)

    def _files(self, files: int, size: int) -> str:
        if files == 0:
            return self.tr("None")
        text = self.tr("1 file (%2)") if files == 1 else self.tr("%1 files (%2)")
        return text.replace("%1", str(files)).replace("%2", self._size(size))

    def _count(self, events: int, *, new: bool) -> str:
        """A number of events, in words that agree with it."""
        if new:
            text = self.tr("1 new event") if events == 1 else self.tr("%1 new events")
        else:
            text = self.tr("1 event") if events == 1 else self.tr("%1 events")
        return text.replace("%1", str(events))

    def _held_rows(self, s: BundleSummary) -> list[tuple[str, str, str]]:
        """The form's rows: a key (for tests), the label, the value."""
        if s.signoffs:
            signers = []
            for signoff in s.signoffs:
                line = (
                    self.tr("%1 (%2), %3")
                    .replace("%1", signoff.name)
                    .replace("%2", signoff.role)
                    .replace("%3", local_stamp(signoff.signed_at))
                )
                if signoff.void:
                    line += " " + self.tr("(void: reopened since)")
                signers.append(line)
            signed = "\n".join(signers)
        else:
            signed = self.tr("Nobody yet")
        return [
            ("title", self.tr("Assessment:"), s.title),
            ("organisation", self.tr("Organisation:"), s.organisation),
            ("assessor", self.tr("Assessor:"), s.assessor or "—"),
            (
                "checklist",
                self.tr("Checklist:"),
                self.tr("%1 (%2, version %3)")
                .replace("%1", s.checklist_title)
                .replace("%2", s.checklist_id)
                .replace("%3", s.checklist_version),
            ),
            ("status", self.tr("Status:"), assessment_status_label(s.status)),
            (
                "progress",
                self.tr("Progress:"),
                self.tr("%1 of %2 applicable items answered (%3 items)")
                .replace("%1", str(s.answered))
                .replace("%2", str(s.applicable))
                .replace("%3", str(s.total)),
            ),
            ("actions", self.tr("Actions:"), str(s.actions)),
            ("evidence", self.tr("Evidence:"), self._files(s.evidence_files, s.evidence_bytes)),
            ("history", self.tr("History:"), self._count(s.events, new=False)),
            ("signed", self.tr("Signed off by:"), signed),
            (
                "made",
                self.tr("Made:"),
                self.tr("%1 with Compliance Desk %2 (bundle format %3)")
                .replace("%1", local_stamp(s.exported_at))
                .replace("%2", s.app_version)
                .replace("%3", str(s.format_version)),
            ),
        ]

    def _outcome_text(self, result: ImportResult | None, refusal: str | None) -> str:
        if refusal is not None or result is None:
            return self.tr("It can't be imported here: %1").replace("%1", refusal or "")
        n = result.events_added
        texts = {
            Outcome.ADDED: self.tr(
                "Adds this assessment here, as it is: its id, its history (%1) and its sign-offs."
            ).replace("%1", self._count(n, new=False)),
            Outcome.UPDATED: self.tr(
                "Brings the copy here up to date: %1 from the bundle, with the answers, "
                "actions, evidence and sign-offs they lead to."
            ).replace("%1", self._count(n, new=True)),
            Outcome.MERGED: self.tr(
                "Brings the bundle's changes together with this copy's: %1."
            ).replace("%1", self._count(n, new=True)),
            Outcome.UNCHANGED: self.tr(
                "Nothing: this workspace already holds everything the bundle holds."
            ),
        }
        return texts[result.outcome]
