"""The top of an open assessment: what it is, how far it got, and where it stands in review."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)
from typing_extensions import override

from app.dto import AssessmentSnapshot
from app.locale_text import local_stamp
from app.wording import answer_word, tally_words

# The widest the progress bar and the score beside the title get.
PROGRESS_WIDTH = 420


class ScoreLabel(QLabel):
    """The score, wrapped, always as tall as two of its lines, whether it fills one or two.

    "No score yet" takes one line and the first answer's "Score so far … (1 of 9 answered)"
    often two: a label that grew with it would push the tree down under the pointer, and the
    next click would land on the row above the one meant. So the room is kept from the start.
    """

    def _two_lines(self) -> int:
        margins = self.contentsMargins()
        return 2 * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    @override
    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self._two_lines())

    @override
    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._two_lines()))

    @override
    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._two_lines()))


class AssessmentHeader(QHBoxLayout):
    """Back to the list, the title and checklist, the progress bar and the score.

    A layout, not a widget, for the view to add to its own: a widget between them would settle
    its word-wrapped subtitle a layout pass later, and what the tree scrolls to on opening an
    assessment would depend on that.

    Signals:
        back_requested(): the user wants the assessments list.
    """

    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.back_button = QPushButton(self.tr("◀ Assessments"))
        self.back_button.setAccessibleName(self.tr("Back to the assessments list"))
        self.back_button.setToolTip(self.tr("Back to the assessments list (Ctrl+L)"))
        self.back_button.clicked.connect(self.back_requested)
        titles = QVBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("viewTitle")
        self.title_label.setWordWrap(True)  # a long title, or large text, wraps: never cut
        self.subtitle_label = QLabel()
        self.subtitle_label.setWordWrap(True)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        progress_box = QVBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setMinimumWidth(220)
        self.score_label = ScoreLabel()
        self.score_label.setObjectName("scoreLabel")
        self.score_label.setAccessibleName(self.tr("Score"))
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        # A score so far says what it rests on ("… 31 carried over to confirm"): wrapped
        # beside the title rather than pushing it out of the window.
        self.score_label.setWordWrap(True)
        self.score_label.setMinimumWidth(PROGRESS_WIDTH * 3 // 4)
        self.score_label.setMaximumWidth(PROGRESS_WIDTH)
        self.progress.setMaximumWidth(PROGRESS_WIDTH)
        progress_box.addWidget(self.progress)
        progress_box.addWidget(self.score_label)
        self.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        self.addLayout(titles, 1)
        self.addLayout(progress_box)

    def show_assessment(self, snap: AssessmentSnapshot) -> None:
        """Show this assessment's title, checklist, scope, assessor, school, progress and score."""
        overall = snap.score_sheet.overall
        self.title_label.setText(f"{snap.title} — {snap.organisation}")
        labels = [
            option.label
            for question in snap.checklist.scope
            if (option := question.option(snap.scope.get(question.id, ""))) is not None
        ]
        subtitle = (
            self.tr("%1, version %2")
            .replace("%1", snap.checklist.title)
            .replace("%2", snap.checklist.version)
        )
        if labels:
            subtitle += " · " + self.tr("Scope: %1").replace("%1", " · ".join(labels))
        if snap.assessor:
            subtitle += " · " + self.tr("Assessor: %1").replace("%1", snap.assessor)
        if snap.school is not None:  # filed under a school of a district workspace
            subtitle += " · " + self.tr("School: %1").replace("%1", snap.school)
        self.subtitle_label.setText(subtitle)
        self.progress.setMaximum(max(overall.applicable, 1))
        self.progress.setValue(overall.answered)
        self.progress.setFormat(
            self.tr("%1 of %2 answered")
            .replace("%1", str(overall.answered))
            .replace("%2", str(overall.applicable))
        )
        # Until every applicable item is answered the score says what it rests on.
        self.score_label.setText(tally_words(overall))


class StatusBanner(QVBoxLayout):
    """Where the assessment stands (draft, signed off, altered) and the review's buttons.

    Under them, for a next review, what it was started from, what awaits confirmation and
    what was dropped. The owner connects the buttons; this only shows and hides them. A layout
    for the view's own, as the header is.
    """

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusBanner")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Review status"))
        self.signoff_button = QPushButton(self.tr("&Sign off…"))
        self.signoff_button.setAccessibleName(self.tr("Check and sign off this assessment"))
        self.signoff_button.setToolTip(self._signoff_tip())
        self.reopen_button = QPushButton(self.tr("&Reopen…"))
        self.reopen_button.setAccessibleName(self.tr("Reopen this signed-off assessment"))
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setAccessibleName(self.tr("Show the audit trail"))
        self.history_button.setToolTip(self.tr("Who changed what, and when (Ctrl+H)"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setAccessibleName(self.tr("Export the report or a working copy"))
        self.export_button.setToolTip(
            self.tr("Save the PDF report, or an Excel, CSV or Word working copy (Ctrl+E)")
        )
        self.print_button = QPushButton(self.tr("Print report…"))
        self.print_button.setAccessibleName(self.tr("Print the report"))
        self.print_button.setToolTip(self.tr("Print the report (Ctrl+P)"))
        self.next_review_button = QPushButton(self.tr("Start ne&xt review…"))
        self.next_review_button.setAccessibleName(
            self.tr("Start the next review from this signed-off assessment")
        )
        self.next_review_button.setToolTip(self._next_review_tip())
        self.compare_button = QPushButton(self.tr("Compare &with last review…"))
        self.compare_button.setAccessibleName(self.tr("Compare with the last review"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the last answer or note change"))
        row.addWidget(self.status_label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.export_button)
        row.addWidget(self.print_button)
        row.addWidget(self.history_button)
        row.addWidget(self.compare_button)
        row.addWidget(self.next_review_button)
        row.addWidget(self.reopen_button)
        row.addWidget(self.signoff_button)
        self.addLayout(row)
        self.review_label = QLabel()
        self.review_label.setObjectName("reviewBanner")
        self.review_label.setWordWrap(True)
        self.review_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_label.setAccessibleName(self.tr("Since the last review"))
        self.review_label.hide()
        self.addWidget(self.review_label)

    def _signoff_tip(self) -> str:
        return self.tr("Check what blocks sign-off, then sign (Ctrl+Shift+S)")

    def _next_review_tip(self) -> str:
        return self.tr("The next cycle's assessment, started from this one")

    def show_change_refusal(self, refusal: str | None) -> None:
        """Disable Start next review… for a login that may change nothing, saying why.

        The refusal is the services' own words (an auditor's, on the district); None offers it.
        """
        self.next_review_button.setEnabled(refusal is None)
        self.next_review_button.setToolTip(refusal or self._next_review_tip())

    def show_signing_refusal(self, signing: str | None, reopening: str | None) -> None:
        """Disable Sign off… and Reopen… for a login that may not (on the district), saying why.

        The refusals are the services' own words (`app.signed_in_person`), so the button
        says what signing off would be refused with.
        """
        self.signoff_button.setEnabled(signing is None)
        self.signoff_button.setToolTip(signing or self._signoff_tip())
        self.reopen_button.setEnabled(reopening is None)
        self.reopen_button.setToolTip(reopening or "")

    def show_status(self, snap: AssessmentSnapshot, *, reading: bool = False) -> None:
        """Say whether the assessment is a draft, signed off or altered since its sign-off.

        `reading`: the person signed in reads only (an auditor on the district), so the
        banner says they are reading rather than what their changes would do.
        Only the buttons that can act on that state are shown.
        """
        signoff = snap.signoff
        self._set_alert(snap.altered_since_signoff)
        if signoff is None and reading:
            self.status_label.setText(
                self.tr(
                    "Read only: you are signed in as an auditor, so you can read this draft "
                    "but not change it."
                )
            )
        elif signoff is None:
            self.status_label.setText(self.tr("Draft: answers are saved as you go."))
        elif snap.altered_since_signoff:
            self.status_label.setText(
                self.tr(
                    "Altered since sign-off: this is not what %1 approved on %2. The workspace "
                    "was changed outside Compliance Desk: its fingerprint is now %3, the "
                    "sign-off approved %4. History… names what differs; reports of it are "
                    "refused until it is reopened, checked and signed off again."
                )
                .replace("%1", signoff.name)
                .replace("%2", local_stamp(signoff.signed_at))
                .replace("%3", snap.fingerprint[:16])
                .replace("%4", signoff.fingerprint[:16])
            )
        elif reading:
            self.status_label.setText(
                self.tr(
                    "Signed off by %1 (%2) on %3. Read only: you are signed in as an auditor, "
                    "so you can read it but not change it."
                )
                .replace("%1", signoff.name)
                .replace("%2", signoff.role)
                .replace("%3", local_stamp(signoff.signed_at))
            )
        else:
            self.status_label.setText(
                self.tr(
                    "Signed off by %1 (%2) on %3. Read-only, except how the actions are going: "
                    "reopen it to change anything else."
                )
                .replace("%1", signoff.name)
                .replace("%2", signoff.role)
                .replace("%3", local_stamp(signoff.signed_at))
            )
        self.signoff_button.setVisible(signoff is None)
        self.reopen_button.setVisible(signoff is not None)
        self.next_review_button.setVisible(signoff is not None and not snap.altered_since_signoff)

    def _set_alert(self, alert: bool) -> None:
        """Show the status in red (an alteration) or plain; restyled only when it changes."""
        name = "alertBanner" if alert else "statusBanner"
        if self.status_label.objectName() != name:
            self.status_label.setObjectName(name)
            self.status_label.style().unpolish(self.status_label)
            self.status_label.style().polish(self.status_label)

    def show_review(self, snap: AssessmentSnapshot) -> None:
        """Say what a next review came from, what awaits confirmation and what was dropped."""
        review = snap.review
        self.compare_button.setVisible(snap.previous_id is not None)
        if review is None:
            self.review_label.hide()
            return
        waiting = len(snap.awaiting_confirmation())
        text = (
            self.tr("Next review of “%1” (checklist version %2).")
            .replace("%1", review.previous_title)
            .replace("%2", review.previous_version)
        )
        if waiting:
            text += " " + self.tr(
                "Carried-over answers awaiting confirmation: %1 (Ctrl+K confirms the one shown)."
            ).replace("%1", str(waiting))
        if review.changed or review.new:
            text += " " + self.tr("Questions changed: %1; new items: %2.").replace(
                "%1", str(len(review.changed))
            ).replace("%2", str(len(review.new)))
        if review.dropped:
            text += " " + self.tr("Dropped by version %1: %2.").replace(
                "%1", snap.checklist.version
            ).replace(
                "%2",
                "; ".join(f"{d.item_id} ({answer_word(d.value)})" for d in review.dropped),
            )
        self.review_label.setText(text)
        self.review_label.setToolTip(
            "\n".join(f"{d.item_id}: {d.question}" for d in review.dropped)
        )
        self.review_label.show()

    def set_report_running(self, running: bool) -> None:
        """While a report is made, another can't be started."""
        self.export_button.setEnabled(not running)
        self.print_button.setEnabled(not running)
