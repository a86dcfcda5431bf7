"""Take the README's screenshots from a demonstration workspace.

    .venv/bin/python docs/screenshots.py

Runs offscreen by default (set QT_QPA_PLATFORM=xcb under a real or virtual display to see it),
builds a demonstration workspace in a temporary folder, and saves the window as PNG files in
docs/: the assessments list, the assessment view with an item selected, the review and the
signed report, File > Backups and the recycle bin, a next review (with its carried-over
marks) and its comparison with the last one, a hand-over between laptops (a bundle being
exported, and the import's preview of a new assessment and of an update), the merge dialog
(alone: `docs/screenshots.py merge`) and the Export dialog's format choice (alone:
`docs/screenshots.py export`).

`docs/screenshots.py access` (`docs/access_screenshots.py`) takes the main screens three more
ways, to look for cut-off words and lost contrast: in the pseudo-language (every word 40% longer
and accented), in a dark palette, and with the text at 200%. Under Xvfb:

    xvfb-run -s "-screen 0 1920x1200x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python docs/screenshots.py access

`docs/screenshots.py german` takes the same screens in German.

`docs/screenshots.py district` starts a throwaway PostgreSQL server (as the tests do; Debian's
`postgresql` package), sets a district up on it, and takes File > Connect to district workspace
and the window connected to it, with its title bar when a window manager draws one; then, as
the district's DPO, the assessments list with its School column and Move to school…:

    xvfb-run -s "-screen 0 1920x1200x24" sh -c 'openbox & sleep 1; \
        QT_QPA_PLATFORM=xcb exec .venv/bin/python docs/screenshots.py district'
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSize  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402

from app.backups import BackupReason, create_backup, daily_backup_if_due  # noqa: E402
from app.bundles.importing import import_bundle  # noqa: E402
from app.bundles.writing import export_bundle  # noqa: E402
from app.checklists.library import import_checklist, load_library  # noqa: E402
from app.dto import AssessmentSnapshot  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.report.pdf import render_report  # noqa: E402
from app.services import answers, assessments, evidence, signoffs  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import Workspace, open_workspace  # noqa: E402
from docs.access_screenshots import access_pictures, german_pictures  # noqa: E402
from docs.demo_workspace import (  # noqa: E402
    DEMO_PASSPHRASES,
    seed_complete_e2ee,
    seed_demo,
    seed_identities,
    seed_recycle_bin,
)
from docs.district_screenshots import district_pictures  # noqa: E402
from ui import prompts  # noqa: E402
from ui.application import _application  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tasks import InlineTaskRunner, ProgressCallback  # noqa: E402

DOCS = Path(__file__).resolve().parent
# The version 1.0.0 kept beside the tests: the last review was made on it.
OLD_CHECKLIST = DOCS.parent / "tests" / "fixtures" / "checklists" / "vc-security-privacy-1.0.0.yaml"
SIZE = (1280, 800)


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def _last_year(workspace: Workspace, paths: Paths) -> AssessmentSnapshot:
    """A review signed off a year ago on version 1.0.0 of the security checklist."""
    import_checklist(paths, OLD_CHECKLIST)
    old = load_library(paths).find("vc-security-privacy@1.0.0")
    scope = {"platform": "zoom", "students": "under13", "recording": "yes", "jurisdiction": "us-ny"}
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            old,
            title="Video-conferencing review 2025-26",
            organisation="Hillside Primary School",
            assessor="Zoë Martin",
            scope=scope,
            actor="Zoë Martin",
        )
        for n, item in enumerate(i for i in old.items if snap.in_scope(i)):
            answers.record_answer(
                session,
                snap.id,
                item.id,
                value=AnswerValue.PARTIAL if n % 9 == 4 else AnswerValue.YES,
                note="Checked in the admin console." if n % 3 == 0 else "",
                actor="Zoë Martin",
            )
        for n, item in enumerate(i for i in old.items if snap.in_scope(i)):
            if n % 9 == 4:
                answers.record_answer(
                    session,
                    snap.id,
                    item.id,
                    note="Accepted for this year: the vendor has it on its roadmap.",
                    risk_accepted=True,
                    actor="Zoë Martin",
                )
        evidence.add_evidence(
            session,
            snap.id,
            "vendor-independent-assessment",
            name="SOC 2 type II report 2025.pdf",
            data=b"%PDF-1.4 SOC 2 report (demonstration)",
            actor="Zoë Martin",
            applies_on=date(2025, 9, 1),
            valid_until=date(2026, 8, 31),
        )
        signoffs.sign_off(session, snap.id, name="Dana Okafor", role="Data protection officer")
        return assessments.get_assessment(session, snap.id)


class _HeldRunner(InlineTaskRunner):
    """Keeps a task until `release`, so its progress can be pictured while it runs."""

    held: Callable[[], None] | None = None

    def run(
        self,
        fn: Callable[[ProgressCallback], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Hold the task."""
        self.held = lambda: InlineTaskRunner.run(
            self, fn, on_success=on_success, on_failure=on_failure, on_progress=on_progress
        )

    def release(self) -> None:
        """Run the task held."""
        assert self.held is not None
        self.held()
        self.held = None


def _hand_over(window: MainWindow, demo: AssessmentSnapshot, folder: Path) -> None:
    """The coordinator exports a bundle; the DPO's laptop sends back an update and a new one."""
    ctx = window.ctx
    window.show_assessments()
    window.assessments_page.select_assessment(demo.id)
    handover = folder / "Hillside Primary School - Autumn term review.cdesk"
    prompts.ask_save_path = lambda *_args, **_options: handover  # type: ignore[assignment]
    held = _HeldRunner()
    ctx.runner = held
    window.export_bundle()
    progress = window.bundles.progress_dialog
    assert progress is not None
    progress.set_progress(420, 1000)
    _settle()
    progress.grab().save(str(DOCS / "screenshot-bundle-export.png"))
    held.release()
    ctx.runner = InlineTaskRunner()
    assert handover.exists()

    # The DPO's laptop: the bundle imported, reviewed, and a new assessment of their own.
    dpo_paths = Paths(folder / "dpo")
    dpo = open_workspace(dpo_paths)
    dana = "Dana Okafor"
    with dpo.write() as session:
        import_bundle(session, handover)
        for item_id, note in (
            ("vendor-deletion-at-end", "Contract clause 14.2: deleted within 30 days of the end."),
            ("vendor-deletion-on-request", "Tested on 24 November with a test pupil account."),
            ("vendor-updates-keep-protections", "Release notes checked for the last year."),
        ):
            answers.record_answer(
                session, demo.id, item_id, value=AnswerValue.YES, note=note, actor=dana
            )
    own = seed_complete_e2ee(dpo, dpo_paths)
    with dpo.write() as session:
        assessments.edit_details(
            session, own.id, actor=dana, title="Encrypted calls for the staff room"
        )
        signoffs.sign_off(session, own.id, name=dana, role="Data protection officer")
    reviewed = folder / "Autumn term review - reviewed.cdesk"
    staff_room = folder / "Hillside Primary School - Encrypted calls for the staff room.cdesk"
    with dpo.read() as session:
        export_bundle(session, demo.id, reviewed)
        export_bundle(session, own.id, staff_room)
    dpo.close()

    for bundle, picture in (
        (staff_room, "screenshot-bundle-import-added.png"),
        (reviewed, "screenshot-bundle-import-updated.png"),
    ):
        prompts.ask_open_path = lambda *_args, at=bundle: at  # type: ignore[misc]
        window.import_bundle()
        _settle()
        preview = window.bundles.preview_dialog
        assert preview is not None and preview.import_button is not None
        preview.grab().save(str(DOCS / picture))
        preview.import_button.click()
        _settle()


def save_merge_dialog(folder: Path) -> None:
    """The merge dialog, for two laptops that changed the demonstration assessment apart.

    Run alone with `docs/screenshots.py merge`.
    """
    from app.bundles.importing import import_bundle
    from app.bundles.merging import MergeConflictError, Side
    from app.bundles.writing import export_bundle
    from app.services import actions
    from ui.dialogs.merge_dialog import MergeDialog

    coordinator = Paths(folder / "coordinator")
    dpo = Paths(folder / "dpo")
    here, there = open_workspace(coordinator), open_workspace(dpo)
    try:
        snap = seed_demo(here, coordinator)
        start = folder / "Autumn term review.cdesk"
        with here.read() as session:
            export_bundle(session, snap.id, start)
        with there.write() as session:
            import_bundle(session, start)
        first = snap.actions[0]
        with here.write() as session:
            answers.record_answer(
                session,
                snap.id,
                "students-central-account",
                value=AnswerValue.PARTIAL,
                note="Year 6 still join with personal e-mail addresses.",
                actor="Zoë Martin",
            )
            actions.update_action(session, snap.id, first.id, owner="IT office", actor="Zoë Martin")
        with there.write() as session:
            answers.record_answer(
                session,
                snap.id,
                "students-central-account",
                value=AnswerValue.YES,
                note="Every pupil account is made by the school since September.",
                actor="Dana Okafor",
            )
            actions.update_action(
                session, snap.id, first.id, owner="Deputy head", actor="Dana Okafor"
            )
        bundle = folder / "Autumn term review - Dana.cdesk"
        with there.read() as session:
            export_bundle(session, snap.id, bundle)
        try:
            with here.write() as session:
                import_bundle(session, bundle, actor="Zoë Martin")
        except MergeConflictError as exc:
            conflicts = exc.conflicts
        else:
            raise AssertionError("the two copies were meant to conflict")
        dialog = MergeDialog(None, conflicts, checklist=snap.checklist, bundle_name=bundle.name)
        dialog.resize(1180, 320)
        dialog.show()
        dialog.choose(conflicts[0].key, Side.MINE)
        _settle()
        dialog.grab().save(str(DOCS / "screenshot-merge.png"))
        dialog.reject()
        dialog.deleteLater()  # gone before the application is, not when Python exits
        _settle()
    finally:
        here.close()
        there.close()


def save_export_dialog(window: MainWindow, assessment_id: str) -> None:
    """The Export dialog with a working copy chosen: the PDF, Excel, CSV or Word."""
    from app.exports.formats import CopyFormat

    window.open_assessment(assessment_id)
    window.view.choose_export()
    _settle()
    dialog = window.view.report_bar.export_dialog
    assert dialog is not None
    dialog.choose(CopyFormat.XLSX.value)
    dialog.buttons[CopyFormat.XLSX.value].setFocus()
    _settle()
    dialog.grab().save(str(DOCS / "screenshot-export-dialog.png"))
    dialog.reject()


def _export_only() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        workspace = open_workspace(paths)
        snap = seed_demo(workspace, paths)
        ctx = AppContext(paths, workspace, Settings(user_name="Zoë Martin"), InlineTaskRunner())
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        save_export_dialog(window, snap.id)
        window.close()
        workspace.close()


def main() -> None:
    """Build the demo, open it, and save the pictures."""
    app = _application()
    if sys.argv[1:] == ["district"]:
        district_pictures(DOCS, SIZE, _settle)
        app.quit()
        return
    if sys.argv[1:] == ["german"]:
        german_pictures(DOCS, SIZE, _settle)
        app.quit()
        return
    if sys.argv[1:] == ["access"]:
        access_pictures(DOCS, SIZE, _settle)
        app.quit()
        return
    if sys.argv[1:] == ["merge"]:
        with tempfile.TemporaryDirectory() as tmp:
            save_merge_dialog(Path(tmp))
        app.quit()
        return
    if sys.argv[1:] == ["export"]:
        _export_only()
        app.quit()
        return
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
        save_export_dialog(window, snap.id)
        view = window.view

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
        prompts.ask_save_path = lambda *_args, **_options: report  # type: ignore[assignment]
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
        window.file_checks.verify_report_file()
        _settle()
        window.file_checks.verify_dialog.grab().save(str(DOCS / "screenshot-verify.png"))
        window.file_checks.verify_dialog.reject()

        # Backups (the sign-off above made one) and the recycle bin.
        window.show_assessments()
        seed_recycle_bin(workspace)
        window.refresh_assessments()
        before_review = create_backup(paths, BackupReason.MANUAL)
        actions = window.workspace_actions
        actions.show_backups()
        _settle()
        assert actions.backups_dialog is not None
        actions.backups_dialog.grab().save(str(DOCS / "screenshot-backups.png"))
        actions.backups_dialog.reject()
        actions.show_recycle_bin()
        _settle()
        assert actions.recycle_bin_dialog is not None
        actions.recycle_bin_dialog.grab().save(str(DOCS / "screenshot-recycle-bin.png"))
        actions.recycle_bin_dialog.reject()
        # The next review: last year's review on version 1.0.0 moves to 1.1.0.
        last = _last_year(workspace, paths)
        window.open_assessment(last.id)
        view.open_next_review()
        _settle()
        starter = view.next_review_dialog
        assert starter is not None
        starter.title_edit.setText("Video-conferencing review 2026-27")
        _settle()
        starter.grab().save(str(DOCS / "screenshot-next-review-dialog.png"))
        starter.buttons.accepted.emit()
        _settle()
        review = view.controller.snapshot
        assert review.previous_id == last.id
        with workspace.write() as session:
            answers.confirm_answer(session, review.id, "vendor-security-lead", actor="Zoë Martin")
            answers.record_answer(
                session,
                review.id,
                "vendor-risk-assessment",
                value=AnswerValue.YES,
                note="Risk assessment received 12 May 2026, summary seen by the board.",
                actor="Zoë Martin",
            )
            answers.record_answer(
                session,
                review.id,
                "crypto-transit-rest",
                value=AnswerValue.PARTIAL,
                note="Cloud recordings are now kept outside the encrypted store.",
                actor="Zoë Martin",
            )
        view.refresh()
        view.splitter.setSizes([700, 560])
        view.select_item("vendor-independent-assessment")
        _settle()
        window.grab().save(str(DOCS / "screenshot-next-review.png"))
        view.open_compare()
        _settle()
        assert view.compare_dialog is not None
        view.compare_dialog.grab().save(str(DOCS / "screenshot-compare.png"))
        view.compare_dialog.reject()
        # Its gate: answers to give, apart from carried-over answers to confirm.
        view.open_signoff()
        _settle()
        assert view.signoff_dialog is not None
        view.signoff_dialog.grab().save(str(DOCS / "screenshot-next-review-gate.png"))
        view.signoff_dialog.reject()
        # The next review's report: its "Since the last review" page.
        with workspace.read() as session:
            current = assessments.get_assessment(session, review.id)
        _since_last_page(render_report(current, Path(tmp) / "next-review.pdf"))
        _hand_over(window, snap, Path(tmp))
        # A restore of a backup from before the next review, with the review open: the
        # list says, whole, what became of it.
        window.open_assessment(review.id)
        actions.restore_backup(before_review.name)
        _settle()
        window.grab().save(str(DOCS / "screenshot-restored.png"))
        window.close()
        workspace.close()
        save_merge_dialog(Path(tmp))
    app.quit()
    print("saved the screenshots in docs/")  # noqa: T201


def _since_last_page(pdf: Path) -> None:
    """Save the page of the report that starts "Since the last review" as a picture."""
    reader = PdfReader(pdf)
    (page,) = [
        n for n, p in enumerate(reader.pages) if "Since the last review" in (p.extract_text() or "")
    ][:1]
    document = QPdfDocument()
    document.load(str(pdf))
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * 80 / 72), round(points.height() * 80 / 72))
    document.render(page, size).save(str(DOCS / "report-page-since-last.png"))


if __name__ == "__main__":
    main()
