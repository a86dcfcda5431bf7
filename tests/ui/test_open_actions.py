"""View > Open actions: every open action of every assessment, sortable, opening its item."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from app.services import actions, assessments
from app.values import ActionStatus, AnswerValue
from ui.models.open_actions_model import ActionColumn

TODAY = date.today()


@pytest.fixture
def planned(workspace, vc_assessment, vc_checklist):
    """Two assessments with actions: overdue, due later, in progress, and one done."""
    with workspace.write() as session:
        other = assessments.create_assessment(
            session,
            vc_checklist,
            title="Autumn review",
            organisation="Bayview College",
            assessor="Ada",
            actor="tester",
            scope=dict(vc_assessment.scope),
        )

        def add(ref: str, item: str, title: str, owner: str, days: int) -> int:
            return actions.add_action(
                session,
                ref,
                item,
                title=title,
                owner=owner,
                due=TODAY + timedelta(days=days),
                actor="tester",
            ).id

        add(vc_assessment.id, "vendor-risk-assessment", "Ask for the risk assessment", "Zed", 20)
        add(other.id, "vendor-security-lead", "Name a security contact", "Amy", -3)
        busy = add(vc_assessment.id, "vendor-security-lead", "Write to the vendor", "Bob", 30)
        done = add(other.id, "vendor-risk-assessment", "Already sorted", "Cy", -10)
        actions.update_action(
            session, vc_assessment.id, busy, actor="tester", status=ActionStatus.IN_PROGRESS
        )
        actions.update_action(session, other.id, done, actor="tester", status=ActionStatus.DONE)
    return other


def test_open_actions_lists_every_open_action_soonest_due_first(
    qtbot, make_window, planned, vc_checklist
) -> None:
    window = make_window()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_A, ctrl_shift)
    dialog = window.open_actions_dialog
    assert dialog is not None and dialog.isVisible()
    assert [row.action.title for row in dialog.shown_rows()] == [
        "Name a security contact",
        "Ask for the risk assessment",
        "Write to the vendor",
    ]
    assert dialog.summary_label.text() == "Open actions: 3; overdue: 1."
    model = dialog.proxy

    def cell(row: int, column: ActionColumn, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, column), role)

    assert cell(0, ActionColumn.STATUS) == "Open, overdue"  # in words, not only in colour
    assert cell(0, ActionColumn.DUE, Qt.ItemDataRole.ForegroundRole) is None  # the palette's
    assert cell(0, ActionColumn.DUE, Qt.ItemDataRole.FontRole).bold()
    assert cell(0, ActionColumn.DUE) == (TODAY - timedelta(days=3)).isoformat()
    assert cell(0, ActionColumn.ASSESSMENT) == "Autumn review — Bayview College"
    assert cell(1, ActionColumn.STATUS) == "Open"
    assert cell(1, ActionColumn.OWNER) == "Zed"
    assert cell(2, ActionColumn.STATUS) == "In progress"
    assert cell(0, ActionColumn.ITEM) == vc_checklist.item("vendor-security-lead").question


def test_open_actions_sort_by_owner_assessment_and_status(qtbot, make_window, planned) -> None:
    window = make_window()
    window.open_actions_action.trigger()
    dialog = window.open_actions_dialog
    header = dialog.table.horizontalHeader()

    def titles() -> list[str]:
        return [row.action.title for row in dialog.shown_rows()]

    owner_header = QPoint(header.sectionViewportPosition(ActionColumn.OWNER) + 5, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=owner_header)
    assert [row.action.owner for row in dialog.shown_rows()] == ["Amy", "Bob", "Zed"]
    dialog.table.sortByColumn(ActionColumn.ASSESSMENT, Qt.SortOrder.AscendingOrder)
    assert titles()[0] == "Name a security contact"  # Autumn review before Spring review
    assert titles()[1:] == ["Ask for the risk assessment", "Write to the vendor"]  # then by due
    dialog.table.sortByColumn(ActionColumn.STATUS, Qt.SortOrder.AscendingOrder)
    # Overdue first, then in progress, then open.
    assert titles() == [
        "Name a security contact",
        "Write to the vendor",
        "Ask for the risk assessment",
    ]
    dialog.table.sortByColumn(ActionColumn.DUE, Qt.SortOrder.DescendingOrder)
    assert titles() == [
        "Write to the vendor",
        "Ask for the risk assessment",
        "Name a security contact",
    ]


def test_enter_opens_the_assessment_at_the_actions_item(
    qtbot, make_window, planned, vc_assessment
) -> None:
    window = make_window()
    window.open_actions_action.trigger()
    dialog = window.open_actions_dialog
    table = dialog.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # "Ask for the risk assessment", Spring review
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    view = window.assessment_view
    assert view is not None
    assert view.controller.snapshot.id == vc_assessment.id
    assert view.current_item_id() == "vendor-risk-assessment"

    window.show_assessments()
    window.open_actions_action.trigger()
    again = window.open_actions_dialog
    where = again.table.visualRect(again.proxy.index(0, ActionColumn.ACTION)).center()
    qtbot.mouseClick(again.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(again.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.assessment_view.controller.snapshot.id == planned.id
    assert window.assessment_view.current_item_id() == "vendor-security-lead"


def test_no_open_actions_says_so(qtbot, make_window, vc_assessment) -> None:
    window = make_window()
    window.open_actions_action.trigger()
    dialog = window.open_actions_dialog
    assert dialog.shown_rows() == [] and not dialog.table.isVisibleTo(dialog)
    assert dialog.summary_label.text().startswith("No open actions")


def test_going_to_an_action_of_the_open_assessment_keeps_its_place_and_undo(
    qtbot, make_window, planned, vc_assessment
) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    view = window.assessment_view
    assert view is not None
    controller = view.controller
    view.select_item("access-authenticated-join")
    view.answer_shown(AnswerValue.YES)
    assert view.undo_button.isEnabled()
    window.open_item(vc_assessment.id, "vendor-risk-assessment")
    assert window.assessment_view is view and view.controller is controller
    assert view.undo_button.isEnabled()
    assert view.current_item_id() == "vendor-risk-assessment"
    assert view.panel.tabs.currentIndex() == view.panel.actions_tab


def test_the_sign_off_offers_the_name_saved_in_preferences_meanwhile(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    window.ctx.update_settings(dataclasses.replace(window.ctx.settings, user_name="Dana Okafor"))
    window.assessment_view.open_signoff()
    dialog = window.assessment_view.signoff_dialog
    assert dialog is not None
    assert dialog.name_edit.text() == "Dana Okafor"
    dialog.reject()
