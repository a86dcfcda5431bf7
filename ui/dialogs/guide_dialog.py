"""Help > How an assessment works: the whole job on one page, from scope to report."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


class GuideDialog(QDialog):
    """A short, plain account of an assessment's life, for someone doing it the first time.

    Not modal, so it can stay open beside the window while the user works.
    """

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("How an assessment works"))
        self.resize(660, 620)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("How an assessment works"))
        self.browser.setOpenLinks(False)
        self.browser.setHtml(self._html())
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def sections(self) -> list[tuple[str, str]]:
        """The page's headings and paragraphs, in order."""
        return [
            (
                self.tr("Scope"),
                self.tr(
                    "A new assessment starts from a checklist and a few scope questions: which "
                    "platform, whether children take part, whether meetings are recorded. The "
                    "answers decide which items apply; the others are shown greyed and do not "
                    "count. While the assessment is a draft its scope can still be changed; "
                    "answers of items that drop out are kept, in case they come back."
                ),
            ),
            (
                self.tr("Answering"),
                self.tr(
                    "Each item asks one question and says how to check it. Answer Yes, Partial, "
                    "No or Not applicable with the buttons or Ctrl+1 to Ctrl+4. Every answer is "
                    "saved the moment it is given; there is no Save button. The score weighs "
                    "items by severity (high 3, medium 2, low 1) and counts Yes as 1, Partial as "
                    "a half and No as 0; Not applicable and unanswered items are left out. Until "
                    "every item is answered the score says how much it rests on."
                ),
            ),
            (
                self.tr("Notes"),
                self.tr(
                    "The note under the answers says what you found and where. Not applicable "
                    "always needs a note saying why, and a gap you decide to live with needs a "
                    "note accepting the risk. Notes are saved as you type."
                ),
            ),
            (
                self.tr("Actions"),
                self.tr(
                    "A No or Partial is a gap. Plan its fix as an action: what will be done, who "
                    "does it and by when. Actions stay open, in progress or done; an action past "
                    "its due date is marked overdue. View > Open actions lists them across every "
                    "assessment."
                ),
            ),
            (
                self.tr("Evidence"),
                self.tr(
                    "Attach files that back an answer: a screenshot of a setting, a contract, a "
                    "policy. Each is copied into the workspace with its name, size and "
                    "fingerprint, so a file changed later shows as damaged. Removing one asks "
                    "for a reason, which is recorded."
                ),
            ),
            (
                self.tr("The gate"),
                self.tr(
                    "Before anyone can sign off, the gate lists what still stands in the way: "
                    "unanswered items, Not applicable without a reason, gaps with neither an "
                    "open action (with an owner and a due date) nor a note accepting the risk, "
                    "answers carried over from the last review and not yet confirmed, damaged "
                    "evidence, or a history that no longer checks out. Each entry takes you to "
                    "its item."
                ),
            ),
            (
                self.tr("Sign-off"),
                self.tr(
                    "When the gate is clear, the reviewer (usually the data protection officer) "
                    "signs off with their name, role and a statement. The sign-off seals the "
                    "answers, notes and plan as they are. Work on the actions goes on afterwards: "
                    "their progress can still be recorded. If the reviewer is also the assessor, "
                    "the app asks them to confirm it, and the report says so."
                ),
            ),
            (
                self.tr("Reopen"),
                self.tr(
                    "To change anything that was sealed, reopen the assessment and give a "
                    "reason. The old sign-off stays on record, marked void, and a new sign-off "
                    "is needed at the end."
                ),
            ),
            (
                self.tr("Reports"),
                self.tr(
                    "Export the report (Ctrl+E) as a PDF or print it (Ctrl+P): a summary with "
                    "the score and how it was worked out, the gaps worst first, the action plan, "
                    "every item with its answer and note, and the sign-off page. A draft says "
                    "DRAFT on every page. A signed-off assessment's report can carry digital "
                    "signatures, which File > Verify a report checks; each person who signs "
                    "needs a signing identity first, made in Edit > Signing identities. Export "
                    "also makes working copies to edit: an Excel workbook, CSV files or a Word "
                    "document, each marked as not the signed record."
                ),
            ),
            (
                self.tr("History"),
                self.tr(
                    "Every change is recorded with who made it and when (Ctrl+H shows it). The "
                    "records are chained together, so one edited or deleted behind the app's "
                    "back shows."
                ),
            ),
            (
                self.tr("The next review"),
                self.tr(
                    "A year on, Start next review… in a signed-off assessment starts the next "
                    "cycle's draft, on the newest version of its checklist. Answers to unchanged "
                    "questions come with their notes and evidence, marked carried over until "
                    "someone confirms them (Ctrl+K, or the same answer again) or changes them; "
                    "changed and new questions start unanswered. Ctrl+U goes to the next item "
                    "still to answer, then to the next answer still to confirm. Compare with "
                    "last review shows what improved and what regressed. Evidence can say until "
                    "when it is valid: expired files are listed by the gate and marked in the "
                    "report."
                ),
            ),
            (
                self.tr("Nothing is lost"),
                self.tr(
                    "The whole workspace is backed up every day it is used and at every "
                    "sign-off; File > Backups makes one now or restores one, after backing up "
                    "what is there. Deleting a draft moves it to File > Recycle bin, from which "
                    "it can be restored. Ctrl+Z takes back the last answer or note."
                ),
            ),
        ]

    def _html(self) -> str:
        parts = [
            "<p>"
            + escape(
                self.tr(
                    "An assessment takes one checklist through to a signed-off report. This is "
                    "the whole path."
                )
            )
            + "</p>"
        ]
        for heading, text in self.sections():
            parts.append(f"<h3>{escape(heading)}</h3><p>{escape(text)}</p>")
        return "".join(parts)
