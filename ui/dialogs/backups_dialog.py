"""File > Backups: the workspace's backups, one made now, and a restore after saying what it holds.

The rules (names, checks, what is kept, the backup made before a restore) live in
`app.backups`; the window does the restore itself (`restore`), so that it can show the
restored workspace in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QPushButton,
    QWidget,
)
from typing_extensions import override

from app import backups
from app.backups import BackupContents, BackupInfo, BackupReason, RestoreResult, StoredAssessment
from app.errors import UserError
from app.locale_text import local_stamp, number
from app.paths import Paths
from app.wording import stored_status_word
from app.workspace import Workspace
from ui import prompts
from ui.dialogs.list_dialog import ListDialog

# How many of a backup's assessments the confirmation names; the rest are counted.
NAMED_IN_CONFIRMATION = 12


def size_words(size: int) -> str:
    """A file size as a person reads it."""
    if size < 1024 * 1024:
        return QCoreApplication.translate("BackupsDialog", "%1 KiB").replace(
            "%1", number(max(size, 1) / 1024, 0)
        )
    return QCoreApplication.translate("BackupsDialog", "%1 MiB").replace(
        "%1", number(size / (1024 * 1024), 1)
    )


def reason_words(reason: BackupReason) -> str:
    """Why a backup was made, for the list's column."""
    words = {
        BackupReason.MIGRATION: QCoreApplication.translate("BackupsDialog", "Before an update"),
        BackupReason.SIGN_OFF: QCoreApplication.translate("BackupsDialog", "At a sign-off"),
        BackupReason.DAILY: QCoreApplication.translate("BackupsDialog", "Daily"),
        BackupReason.MANUAL: QCoreApplication.translate("BackupsDialog", "Made by hand"),
        BackupReason.BEFORE_RESTORE: QCoreApplication.translate(
            "BackupsDialog", "Before a restore"
        ),
        BackupReason.BEFORE_PURGE: QCoreApplication.translate(
            "BackupsDialog", "Before emptying the recycle bin"
        ),
    }
    return words[reason]


def when_words(backup: BackupInfo) -> str:
    """When a backup was made, in local time, to the second (several may be made a minute)."""
    return local_stamp(backup.created, seconds=True)


def why_words(backup: BackupInfo) -> str:
    """Why a backup was made; a sign-off's names the assessment it was made for."""
    signed = backups.signed_off_in(backup)
    if signed is None:
        return reason_words(backup.reason)
    return QCoreApplication.translate("BackupsDialog", "At the sign-off of “%1”").replace(
        "%1", signed.title
    )


def holds_words(contents: BackupContents) -> str:
    """What a backup holds: one line per assessment (the first few), for a confirmation."""
    lines = []
    for held in contents.assessments[:NAMED_IN_CONFIRMATION]:
        status = stored_status_word(held.status)
        if held.in_bin:
            status = QCoreApplication.translate("BackupsDialog", "%1, in the recycle bin").replace(
                "%1", status
            )
        lines.append(f"• {held.title} — {held.organisation} ({status})")
    more = contents.assessment_count - min(len(contents.assessments), NAMED_IN_CONFIRMATION)
    if more > 0:
        lines.append(
            QCoreApplication.translate("BackupsDialog", "… and %1 more").replace("%1", str(more))
        )
    if not lines:
        lines.append(QCoreApplication.translate("BackupsDialog", "(no assessments)"))
    return "\n".join(lines)


def restore_question(contents: BackupContents, missing: Sequence[StoredAssessment] = ()) -> str:
    """The confirmation a restore asks: what comes back, what leaves the list, the way back."""
    text = (
        QCoreApplication.translate(
            "BackupsDialog",
            "Restore the backup made %1 (%2)? It holds %n assessment(s):",
            None,
            contents.assessment_count,
        )
        .replace("%1", when_words(contents.info))
        .replace("%2", reason_words(contents.info.reason).lower())
    )
    text += "\n\n" + holds_words(contents) + "\n\n"
    if missing:
        text += (
            QCoreApplication.translate(
                "BackupsDialog", "Not in this backup, so they leave the list:"
            )
            + "\n"
            + "\n".join(f"  {a.title} — {a.organisation} ({a.id})" for a in missing)
            + "\n\n"
        )
    text += QCoreApplication.translate(
        "BackupsDialog",
        "The workspace as it is now is backed up first, so this restore can be undone "
        "by restoring that backup.",
    )
    if contents.needs_update:
        text += "\n\n" + QCoreApplication.translate(
            "BackupsDialog",
            "It was made by an earlier version of Compliance Desk and is updated as it is "
            "restored.",
        )
    return text


class BackupsDialog(ListDialog):
    """The backups, newest first: make one now, or restore the chosen one (after asking)."""

    def __init__(
        self,
        parent: QWidget | None,
        paths: Paths,
        restore: Callable[[str], RestoreResult],
        workspace: Workspace | None = None,
    ) -> None:
        super().__init__(
            parent,
            intro=QCoreApplication.translate(
                "BackupsDialog",
                "Whole copies of the workspace, each checked when it was made. One is made "
                "every day the app is first used, at every sign-off and before every update; "
                "the newest are kept, and those of sign-offs and updates always.",
            ),
            list_name=QCoreApplication.translate("BackupsDialog", "Backups"),
            headers=[
                QCoreApplication.translate("BackupsDialog", "Made"),
                QCoreApplication.translate("BackupsDialog", "Why"),
                QCoreApplication.translate("BackupsDialog", "Size"),
                QCoreApplication.translate("BackupsDialog", "Name"),
            ],
            stretched=3,
        )
        self.setWindowTitle(self.tr("Backups"))
        self.resize(760, 440)
        self._paths = paths
        self._restore = restore
        self._workspace = workspace  # to name what a restore would take out of the list
        # Return on a row goes to the default button, Restore; the row's own activation is
        # left alone, since the key would pass on from it to the default button as well.
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_chosen())
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.create_button = QPushButton(self.tr("&Back up now"))
        self.create_button.clicked.connect(self.create_now)
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.restore_button.clicked.connect(self.restore_chosen)
        self.restore_button.setDefault(True)  # not "Back up now", which Return used to press
        self.add_buttons(self.create_button, self.restore_button)
        self._listed: dict[str, BackupInfo] = {}
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Read the backups again, newest first; choose `select` (a name), or the newest."""
        self.tree.clear()
        found = backups.list_backups(self._paths)
        self._listed = {b.name: b for b in found}
        for backup in reversed(found):
            item = self.add_row(
                [
                    when_words(backup),
                    why_words(backup),
                    size_words(backup.size),
                    backup.name,
                ],
                backup.name,
            )
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if backup.name == select:
                self.tree.setCurrentItem(item)
        self.finish_rows(range(3))
        if not found:
            self.message_label.setText(self.tr("No backups yet. Back up now makes one."))
        self._update_buttons()

    @override
    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.current_backup() is not None)

    def current_backup(self) -> BackupInfo | None:
        """The chosen backup."""
        key = self.current_key()
        return None if key is None else self._listed.get(key)

    def create_now(self) -> None:
        """Back the workspace up now."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            made = backups.create_backup(self._paths, BackupReason.MANUAL)
        except UserError as exc:
            prompts.show_error(self, self.tr("No backup made"), str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.refresh(select=made.name)
        text = (
            self.tr("Backed up and checked: %1 (%2).")
            .replace("%1", made.name)
            .replace("%2", size_words(made.size))
        )
        if made.unsound_evidence:
            lines = [u.text() for u in made.unsound_evidence]
            text += "\n" + self.tr(
                "The backup lacks these evidence files, missing or altered in the data folder:"
            )
            text += "".join(f"\n• {line}" for line in lines)
        self.message_label.setText(text)

    def restore_chosen(self) -> None:
        """Say what the chosen backup holds and, once confirmed, restore it."""
        chosen = self.current_backup()
        if chosen is None:
            return
        try:
            contents = backups.backup_contents(self._paths, chosen.name)
        except UserError as exc:
            prompts.show_error(self, self.tr("This backup can't be restored"), str(exc))
            return
        missing: list[StoredAssessment] = []
        if self._workspace is not None:
            try:
                with self._workspace.read() as session:
                    missing = backups.missing_from_backup(session, contents)
            except UserError:
                pass  # the question still says what comes back
        question = restore_question(contents, missing)
        if not prompts.confirm(self, self.tr("Restore this backup?"), question):
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self._restore(chosen.name)
        except UserError as exc:
            prompts.show_error(self, self.tr("Nothing was restored"), str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.refresh(select=chosen.name)
        text = self.tr("Restored the backup made %1.").replace("%1", when_words(chosen))
        if result.before is not None:
            text += " " + self.tr("The workspace as it was is backed up as %1.").replace(
                "%1", result.before.name
            )
        if result.damaged_kept is not None:
            text += " " + self.tr("The damaged workspace is kept as %1.").replace(
                "%1", str(result.damaged_kept)
            )
        if result.missing_evidence:
            text += " " + self.tr(
                "%1 evidence files it names were in neither the data folder nor the backup; "
                "the history of the assessment they belong to names them."
            ).replace("%1", str(len(result.missing_evidence)))
        self.message_label.setText(text)
