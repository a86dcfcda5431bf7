"""On the district an auditor reads everything and is offered nothing that writes.

Every entry that would write is disabled before it is tried, saying why in the services' own
words, and the open assessment's banner says the auditor is reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication

from app.checklists import Checklist
from app.paths import Paths
from app.services import actions, assessments, audit, recycle_bin, signoffs
from app.signing.identities import create_identity
from app.values import ActionStatus
from app.workspace import Workspace, open_workspace
from tests.postgres_server import PostgresServer
from tests.server.district import HILLSIDE, District, new_assessment, set_up_district
from tests.ui.test_report_export import choose_pdf

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

AUDITOR = "an auditor reads assessments and changes none"


def read_only(assessment_id: str) -> str:
    """What the services refuse an auditor's change to the assessment with."""
    return (
        f"you may read assessment {assessment_id} but not change it: your role in the district "
        "workspace is read-only"
    )


@pytest.fixture
def district(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> Iterator[District]:
    made = set_up_district(postgres_server, postgres_database, tmp_path / "evidence")
    try:
        yield made
    finally:
        made.dispose()


@pytest.fixture
def draft(district: District, scoring_checklist: Checklist) -> tuple[str, str]:
    """Hillside's draft, answered by ada, with one planned action: (its id, the action's item)."""
    made = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=True)
    with district.session("ada") as session:
        snap = assessments.get_assessment(session, made)
        item = next(i.id for i in snap.checklist.items if snap.in_scope(i))
        actions.add_action(
            session,
            made,
            item,
            title="Turn on the waiting room",
            owner="IT desk",
            due=date(2030, 1, 31),
            actor=district.login("ada"),
        )
    return made, item


@pytest.fixture
def signed(district: District, draft: tuple[str, str]) -> tuple[str, str]:
    """The draft signed off by the DPO, dora."""
    with district.session("dora") as session:
        signoffs.sign_off(session, draft[0], name="Dora District", role="DPO")
    return draft


@pytest.fixture
def signed_in_as(district: District, tmp_path: Path) -> Iterator[dict[str, Workspace]]:
    """Workspaces opened as district people (by `open_as`), each closed when the test ends."""
    opened: dict[str, Workspace] = {}
    try:
        yield opened
    finally:
        for workspace in opened.values():
            workspace.close()


def open_as(opened: dict[str, Workspace], district: District, who: str, tmp_path: Path):
    url = district.server.url(district.database, district.login(who))
    opened[who] = open_workspace(replace(Paths(tmp_path / who), workspace_url=url))
    return opened[who]


def test_an_auditor_reading_a_draft_is_told_so_and_offered_no_change(
    qtbot, make_window, district: District, draft, signed_in_as, tmp_path: Path
) -> None:
    assessment_id, item = draft
    window = make_window(open_as(signed_in_as, district, "otto", tmp_path))
    window.open_assessment(assessment_id)
    view = window.view
    reason = read_only(assessment_id)
    assert view.status_label.text().startswith("Read only: you are signed in as an auditor")
    assert "saved as you go" not in view.status_label.text()
    view.select_item(item)
    panel = view.panel
    assert not panel.risk_check.isEnabled() and panel.risk_check.toolTip() == reason
    page = panel.actions_page
    assert page.shown_actions and page.shown_actions[0].title == "Turn on the waiting room"
    for button in (page.add_button, page.edit_button):
        assert not button.isEnabled() and button.toolTip() == reason
    page.actions_table.doubleClicked.emit(page.actions_table.currentIndex())
    assert view.action_dialog is None  # a double click opens no form to be refused
    evidence = panel.evidence_page
    for control in (evidence.attach_button, evidence.applies_on_field, evidence.valid_until_field):
        assert not control.isEnabled() and control.toolTip() == reason
    assert not view.undo_button.isEnabled() and view.undo_button.toolTip() == reason


def test_an_auditor_reading_a_signed_off_assessment_records_no_progress_or_next_review(
    qtbot, make_window, district: District, signed, signed_in_as, tmp_path: Path
) -> None:
    assessment_id, item = signed
    window = make_window(open_as(signed_in_as, district, "otto", tmp_path))
    window.open_assessment(assessment_id)
    view = window.view
    reason = read_only(assessment_id)
    status = view.status_label.text()
    assert status.startswith("Signed off by Dora District (DPO) on ")
    assert "Read only: you are signed in as an auditor" in status
    assert "except how the actions are going" not in status
    button = view.next_review_button
    assert button.isVisible() and not button.isEnabled() and button.toolTip() == reason
    view.open_next_review()  # as a stray call would: no dialog, the reason said
    assert view.next_review_dialog is None
    view.select_item(item)
    view.panel.tabs.setCurrentIndex(view.panel.actions_tab)
    page = view.panel.actions_page
    assert page.progress_box.isVisible()
    for editor in (page.progress_status_combo, page.progress_note_edit, page.save_progress_button):
        assert not editor.isEnabled() and editor.toolTip() == reason
    page.progress_note_edit.setText("Ordered")
    qtbot.keyClick(page.progress_note_edit, Qt.Key.Key_Return)  # Enter saves, for the others
    with district.session("ada") as session:
        action = assessments.get_assessment(session, assessment_id).actions[0]
    assert action.status is ActionStatus.OPEN and action.progress_note == ""


def test_an_auditor_finds_the_lists_and_the_windows_writing_entries_locked(
    qtbot, make_window, district: District, signed, signed_in_as, tmp_path: Path
) -> None:
    window = make_window(open_as(signed_in_as, district, "otto", tmp_path))
    assert window.assessments_page.select_assessment(signed[0])
    commands = window.list_commands
    assert commands.open_action.isEnabled()  # reading is theirs
    for action in (
        commands.rename_action,
        commands.edit_details_action,
        commands.duplicate_action,
        commands.next_review_action,
        commands.delete_action,
        commands.undo_delete_action,
        window.import_bundle_action,
        window.new_action,
    ):
        assert not action.isEnabled() and action.toolTip() == AUDITOR, action.text()
    assert not commands.school_move.action.isEnabled()
    assert window.export_bundle_action.isEnabled()  # a copy to read elsewhere writes nothing
    # The status bar doesn't speak of saving what they can't change.
    assert window.status_text == "Read only: you change nothing here"
    window.open_assessment(signed[0])
    assert window.status_text == "Read only: you change nothing here"


def drag_of_bundle(tmp_path: Path) -> tuple[QMimeData, QDragEnterEvent]:
    """A drag carrying a bundle file, with its data (which must outlive the event)."""
    bundle = tmp_path / "handed-over.cdesk"
    bundle.write_bytes(b"PK")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle))])
    return mime, QDragEnterEvent(
        QPointF(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_a_bundle_dragged_onto_an_auditors_window_is_not_taken(
    qtbot, make_window, district: District, signed_in_as, tmp_path: Path
) -> None:
    coordinators = make_window(open_as(signed_in_as, district, "ada", tmp_path))
    _carried, offered = drag_of_bundle(tmp_path)
    QApplication.sendEvent(coordinators, offered)
    assert offered.isAccepted()  # the same drag, to someone who may import
    auditors = make_window(open_as(signed_in_as, district, "otto", tmp_path))
    _carried_too, refused = drag_of_bundle(tmp_path)
    QApplication.sendEvent(auditors, refused)
    assert not refused.isAccepted()


def test_an_auditor_reads_the_recycle_bin_and_restores_nothing(
    qtbot, make_window, district: District, draft, signed_in_as, tmp_path: Path
) -> None:
    with district.session("ada") as session:
        recycle_bin.move_to_bin(
            session, draft[0], reason="Started twice", actor=district.login("ada")
        )
    window = make_window(open_as(signed_in_as, district, "otto", tmp_path))
    window.recycle_bin_action.trigger()
    dialog = window.workspace_actions.recycle_bin_dialog
    assert dialog is not None and dialog.tree.topLevelItemCount() == 1
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    for button in (dialog.restore_button, dialog.empty_button):
        assert not button.isEnabled() and button.toolTip() == AUDITOR
    dialog.reject()


def test_a_coordinator_keeps_the_list_commands_and_import(
    qtbot, make_window, district: District, draft, signed_in_as, tmp_path: Path
) -> None:
    window = make_window(open_as(signed_in_as, district, "ada", tmp_path))
    assert window.assessments_page.select_assessment(draft[0])
    commands = window.list_commands
    for action in (commands.rename_action, commands.duplicate_action, window.import_bundle_action):
        assert action.isEnabled() and action.toolTip() != AUDITOR
    window.open_assessment(draft[0])
    view = window.view
    assert view.status_label.text() == "Draft: answers are saved as you go."
    assert view.panel.actions_page.add_button.isEnabled()
    assert "saved" in window.status_text and "Read only" not in window.status_text


def test_an_auditor_exports_the_signed_off_report_without_being_offered_to_sign_it(
    qtbot, make_window, prompt_log, district: District, signed, signed_in_as, tmp_path: Path
) -> None:
    """Signing a copy records it in the trail, a change an auditor may not make: not offered."""
    assessment_id = signed[0]
    workspace = open_as(signed_in_as, district, "otto", tmp_path)
    create_identity(
        workspace.paths,
        name="Otto Auditor",
        role="Auditor",
        passphrase="auditor-pass",
        authority_passphrase="authority-secret",
    )
    with district.session("dora") as session:
        before = len(audit.history(session, assessment_id))
    window = make_window(workspace)
    window.open_assessment(assessment_id)
    target = tmp_path / "read.pdf"
    prompt_log.save_paths.append(target)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    choose_pdf(qtbot, window)
    assert window.view.report_bar.sign_dialog is None
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    assert "signing identity" not in window.view.report_bar.label.text()
    assert prompt_log.errors == []
    with district.session("dora") as session:
        assert len(audit.history(session, assessment_id)) == before
