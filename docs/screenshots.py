"""Take the README's screenshots from a demonstration workspace.

    .venv/bin/python docs/screenshots.py

Runs offscreen by default (set QT_QPA_PLATFORM=xcb under a real or virtual display to see it),
builds a demonstration workspace in a temporary folder, and saves the window as PNG files in
docs/: the assessments list, the assessment view with an item selected, the review and the
signed report, File > Backups and the recycle bin.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from app.backups import BackupReason, create_backup, daily_backup_if_due  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from docs.demo_workspace import (  # noqa: E402
    DEMO_PASSPHRASES,
    seed_complete_e2ee,
    seed_demo,
    seed_identities,
    seed_recycle_bin,
)
from ui import prompts  # noqa: E402
from ui.application import _application  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tasks import InlineTaskRunner  # noqa: E402

DOCS = Path(__file__).resolve().parent
SIZE = (1280, 800)


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def main() -> None:
    """Build the demo, open it, and save the pictures."""
    app = _application()
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        workspace = open_workspace(paths)
        daily_backup_if_due(paths)  # as the app's start makes it
        snap = seed_demo(workspace, paths)
        ready = seed_complete_e2ee(workspace, paths)
        ctx = AppContext(paths, workspace, Settings(user_name="Zoë Martin"), InlineTaskRunner())
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        _settle()
        window.grab().save(str(DOCS / "screenshot-assessments.png"))
        window.new_assessment()
        _settle()
        assert window.new_dialog is not None
        window.new_dialog.grab().save(str(DOCS / "screenshot-new-assessment.png"))
        window.new_dialog.reject()
        window.show_open_actions()
        _settle()
        assert window.open_actions_dialog is not None
        window.open_actions_dialog.grab().save(str(DOCS / "screenshot-open-actions.png"))
        window.open_actions_dialog.reject()
        window.show_shortcuts()
        _settle()
        assert window.shortcuts_dialog is not None
        window.shortcuts_dialog.grab().save(str(DOCS / "screenshot-shortcuts.png"))
        window.shortcuts_dialog.reject()
        window.open_assessment(snap.id)
        view = window.view
        view.splitter.setSizes([700, 560])
        view.select_item("students-central-account")
        _settle()
        window.grab().save(str(DOCS / "screenshot-assessment.png"))
        view.panel.tabs.setCurrentIndex(view.panel.actions_tab)
        _settle()
        window.grab().save(str(DOCS / "screenshot-item-actions.png"))
        view.panel.tabs.setCurrentIndex(0)

        # The review: the gate with its blockers, then the history.
        view.open_signoff()
        _settle()
        dialog = view.signoff_dialog
        assert dialog is not None
        dialog.role_edit.setText("Data protection officer")
        _settle()
        dialog.grab().save(str(DOCS / "screenshot-signoff-gate.png"))
        dialog.reject()
        view.open_history()
        _settle()
        assert view.history_dialog is not None
        view.history_dialog.grab().save(str(DOCS / "screenshot-history.png"))
        view.history_dialog.reject()

        # A finished assessment: the gate is clear, the DPO signs, the view turns read-only.
        window.open_assessment(ready.id)
        view.select_item("zoom-e2ee-locked")
        view.open_signoff()
        _settle()
        dialog = view.signoff_dialog
        assert dialog is not None
        dialog.name_edit.setText("Dana Okafor")
        dialog.role_edit.setText("Data protection officer")
        _settle()
        dialog.grab().save(str(DOCS / "screenshot-signoff-ready.png"))
        dialog.sign_button.click()
        _settle()
        window.grab().save(str(DOCS / "screenshot-signed.png"))
        planned = next(a for a in view.controller.snapshot.actions)
        view.select_item(planned.item_id)
        view.panel.tabs.setCurrentIndex(view.panel.actions_tab)
        _settle()
        window.grab().save(str(DOCS / "screenshot-progress-after-signoff.png"))

        # Export signed by the DPO, then verify the file.
        seed_identities(paths)
        window.edit_identities()
        _settle()
        window.identities_dialog.grab().save(str(DOCS / "screenshot-identities.png"))
        window.identities_dialog.reject()
        report = Path(tmp) / "Encrypted calls - signed.pdf"
        prompts.ask_save_path = lambda *_args: report  # type: ignore[assignment]
        prompts.ask_open_path = lambda *_args: report  # type: ignore[assignment]
        view.export_report()
        _settle()
        sign = view.report_bar.sign_dialog
        assert sign is not None
        sign.reviewer_pass.setText(DEMO_PASSPHRASES["Dana Okafor"])
        sign.resize(620, sign.sizeHint().height())
        _settle()
        sign.grab().save(str(DOCS / "screenshot-sign-report.png"))
        sign.buttons.accepted.emit()
        _settle()
        assert report.exists()
        window.verify_report_file()
        _settle()
        window.verify_dialog.grab().save(str(DOCS / "screenshot-verify.png"))
        window.verify_dialog.reject()

        # Backups (the sign-off above made one) and the recycle bin.
        window.show_assessments()
        seed_recycle_bin(workspace)
        window.refresh_assessments()
        create_backup(paths, BackupReason.MANUAL)
        window.show_backups()
        _settle()
        assert window.backups_dialog is not None
        window.backups_dialog.grab().save(str(DOCS / "screenshot-backups.png"))
        window.backups_dialog.reject()
        window.show_recycle_bin()
        _settle()
        assert window.recycle_bin_dialog is not None
        window.recycle_bin_dialog.grab().save(str(DOCS / "screenshot-recycle-bin.png"))
        window.recycle_bin_dialog.reject()
        window.close()
        workspace.close()
    app.quit()
    print("saved the screenshots in docs/")  # noqa: T201


if __name__ == "__main__":
    main()
