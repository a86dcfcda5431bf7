"""The merge dialog: both copies' values side by side, a choice per conflict, then the import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from app.bundles.importing import Outcome, import_bundle
from app.bundles.merging import Conflict, MergeConflictError, Side
from app.bundles.writing import export_bundle
from app.services import answers
from app.values import AnswerValue
from app.workspace import Workspace
from tests.app.bundle_support import fill, show_json
from ui.dialogs.merge_dialog import MergeDialog


def _export(ws: Workspace, assessment_id: str, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, assessment_id, path)
    return path


@pytest.fixture
def conflicted(
    workspace, make_assessment, other, tmp_path
) -> tuple[str, Path, tuple[Conflict, ...]]:
    """Two copies that answered a2 and a3 differently; the bundle of the other laptop."""
    assessment_id = fill(workspace, make_assessment())
    with other.write() as session:
        import_bundle(session, _export(workspace, assessment_id, tmp_path / "start.cdesk"))
    with workspace.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.PARTIAL, actor="Ida")
        answers.record_answer(session, assessment_id, "a3", note="seen here", actor="Ida")
    with other.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.NA, actor="Dana")
        answers.record_answer(session, assessment_id, "a3", note="seen there", actor="Dana")
    bundle = _export(other, assessment_id, tmp_path / "dana.cdesk")
    with pytest.raises(MergeConflictError) as raised, workspace.write() as session:
        import_bundle(session, bundle, actor="Ida")
    return assessment_id, bundle, raised.value.conflicts


def _cell(dialog: MergeDialog, row: int, column: int) -> str:
    found = dialog.grid.itemAtPosition(row, column)
    assert found is not None
    label = found.widget()
    assert isinstance(label, QLabel)
    return label.text()


def test_conflicts_are_side_by_side_and_ok_waits_for_every_choice(
    qtbot, workspace, conflicted, scoring_checklist
) -> None:
    assessment_id, bundle, conflicts = conflicted
    dialog = MergeDialog(None, conflicts, checklist=scoring_checklist, bundle_name=bundle.name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert [c.key for c in conflicts] == ["answer/a2/value", "answer/a3/note"]
    assert _cell(dialog, 1, 0).startswith("a2: ")
    assert (_cell(dialog, 1, 1), _cell(dialog, 1, 2), _cell(dialog, 1, 4)) == (
        "answer",
        "Partial",
        "Not applicable",
    )
    assert _cell(dialog, 1, 3).startswith("Ida\n") and _cell(dialog, 1, 5).startswith("Dana\n")
    assert (_cell(dialog, 2, 2), _cell(dialog, 2, 4)) == ("seen here", "seen there")
    assert not dialog.ok_button.isEnabled()
    assert dialog.count_label.text() == "2 of 2 left to choose"

    # By keyboard: the first row's choice, one step down is this copy's value.
    first = dialog.combos["answer/a2/value"]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert first.currentData() == "mine"
    assert not dialog.ok_button.isEnabled()
    second = dialog.combos["answer/a3/note"]
    qtbot.keyClick(second, Qt.Key.Key_Down)
    qtbot.keyClick(second, Qt.Key.Key_Down)
    assert second.currentData() == "theirs"
    assert dialog.ok_button.isEnabled() and dialog.count_label.text() == "0 of 2 left to choose"
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    choices = dialog.choices()
    assert choices == {"answer/a2/value": Side.MINE, "answer/a3/note": Side.THEIRS}

    # What the dialog returns is what the import takes.
    with workspace.write() as session:
        done = import_bundle(session, bundle, choices=choices, actor="Ida")
    assert done.outcome is Outcome.MERGED
    by_item = {a["item"]: a for a in show_json(workspace, assessment_id)["answers"]}
    assert (by_item["a2"]["value"], by_item["a3"]["note"]) == ("partial", "seen there")


def test_take_all_settles_every_row_and_a_row_can_still_change(qtbot, conflicted) -> None:
    _assessment_id, _bundle, conflicts = conflicted
    dialog = MergeDialog(None, conflicts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _cell(dialog, 1, 0) == "a2"  # without the checklist: the item's id
    dialog.all_theirs_button.click()
    assert set(dialog.choices().values()) == {Side.THEIRS}
    assert dialog.ok_button.isEnabled()
    dialog.choose("answer/a3/note", Side.MINE)
    assert dialog.choices() == {"answer/a2/value": Side.THEIRS, "answer/a3/note": Side.MINE}
    dialog.all_mine_button.click()
    assert set(dialog.choices().values()) == {Side.MINE}
    dialog.combos["answer/a2/value"].setCurrentIndex(0)  # back to "Choose…"
    assert not dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.rejected):
        dialog.buttons.rejected.emit()


def test_tab_goes_from_the_buttons_through_each_rows_choice(qtbot, conflicted) -> None:
    _assessment_id, _bundle, conflicts = conflicted
    dialog = MergeDialog(None, conflicts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.all_mine_button.setFocus()
    qtbot.waitUntil(dialog.all_mine_button.hasFocus)
    expected = [
        dialog.all_theirs_button,
        dialog.combos["answer/a2/value"],
        dialog.combos["answer/a3/note"],
    ]
    for widget in expected:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(widget.hasFocus)
    assert dialog.combos["answer/a2/value"].accessibleName().startswith("Keep for a2")


def test_the_assessment_named_in_a_conflict_of_its_details(qtbot) -> None:
    conflict = Conflict(
        key="assessment//title",
        item=None,
        what="title",
        mine="Spring review",
        theirs="Spring review 2027",
        mine_by=None,
        mine_at=None,
        theirs_by="Dana",
        theirs_at=None,
    )
    dialog = MergeDialog(None, [conflict])
    qtbot.addWidget(dialog)
    assert _cell(dialog, 1, 0) == "The assessment"
    assert (_cell(dialog, 1, 3), _cell(dialog, 1, 5)) == ("–", "–")
