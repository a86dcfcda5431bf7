"""A damaged workspace at start: say so, and offer to restore the newest good backup."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication

from app.backups import backup_contents, newest_good_backup, restore_backup
from app.errors import DamagedWorkspaceError, UserError
from app.paths import Paths
from ui import prompts
from ui.dialogs.backups_dialog import holds_words, reason_words, when_words

log = logging.getLogger(__name__)


def offer_good_backup(paths: Paths, damage: DamagedWorkspaceError) -> bool:
    """Offer the newest backup that passes its checks in place of a damaged workspace.

    The damaged file is kept (in `backups/`), never written over. Returns True once a backup
    is restored (the caller opens the workspace again); False when there is none, the user
    says no, or the restore is refused (each said in a message).
    """
    title = QCoreApplication.translate("damaged_start", "The workspace is damaged")
    good = newest_good_backup(paths)
    if good is None:
        prompts.show_error(
            None,
            title,
            QCoreApplication.translate(
                "damaged_start", "%1\n\nNo backup that passes its checks was found in %2."
            )
            .replace("%1", damage.damage)
            .replace("%2", str(paths.backups_dir)),
        )
        return False
    try:
        contents = backup_contents(paths, good.name)
    except UserError as exc:  # changed since it was checked a moment ago
        prompts.show_error(None, title, str(exc))
        return False
    question = (
        QCoreApplication.translate(
            "damaged_start",
            "%1\n\nThe newest good backup was made %2 (%3). It holds:\n\n%4\n\nRestore it? "
            "The damaged workspace is kept in the backups folder, not written over.",
        )
        .replace("%1", damage.damage)
        .replace("%2", when_words(good))
        .replace("%3", reason_words(good.reason).lower())
        .replace("%4", holds_words(contents))
    )
    if not prompts.confirm(None, title, question):
        return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = restore_backup(paths, good.name)
    except UserError as exc:
        prompts.show_error(
            None, QCoreApplication.translate("damaged_start", "Nothing was restored"), str(exc)
        )
        return False
    finally:
        QGuiApplication.restoreOverrideCursor()
    log.warning("restored %s over a damaged workspace", good.name)
    kept = result.damaged_kept or (result.before.path if result.before else None)
    text = QCoreApplication.translate("damaged_start", "Restored the backup made %1.").replace(
        "%1", when_words(good)
    )
    if kept is not None:
        text += " " + QCoreApplication.translate(
            "damaged_start", "The damaged workspace is kept as %1."
        ).replace("%1", str(kept))
    prompts.show_info(None, QCoreApplication.translate("damaged_start", "Backup restored"), text)
    return True
