"""Search and filters never leave a hidden item answerable: the item panel follows the tree."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import Answer
from app.values import AnswerValue
from tests.ui.test_assessment_workflow import open_view, stored
from ui.models.checklist_filter_proxy import ItemFilter


def visible(view, item_id: str) -> bool:
    return bool(view.proxy.mapFromSource(view.model.item_index(item_id)).isValid())


def test_a_search_that_hides_the_current_item_moves_the_panel_and_keys_off_it(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.select_item("vendor-risk-assessment")
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.search_edit, "attention")
    assert not visible(view, "vendor-risk-assessment")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, "vendor-risk-assessment") is None
    # Whatever the key answered, it was an item the tree shows.
    with workspace.read() as session:
        answered = session.scalars(
            select(Answer.item_id).where(Answer.assessment_id == vc_assessment.id)
        ).all()
    assert answered and all(visible(view, item_id) for item_id in answered)
    # The panel shows what the tree shows: the first item the search left.
    assert view.current_item_id() == "sharing-no-attention-tracking"
    assert view.tree.currentIndex().isValid()
    assert stored(workspace, vc_assessment.id, "sharing-no-attention-tracking") == (
        "partial",
        "",
    )


def test_a_search_that_hides_everything_shows_nothing_and_disables_the_answers(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    first = view.current_item_id()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.search_edit, "no item says this")
    assert view.proxy.rowCount() == 0
    assert view.current_item_id() is None
    assert not any(b.isEnabled() for b in view.panel.answer_buttons.values())
    assert not view.panel.clear_button.isEnabled()
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_0):
        qtbot.keyClick(view.search_edit, key, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, first) is None

    # Escape clears the search: every item is back, and the panel shows one again.
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Escape)
    assert view.search_edit.text() == ""
    assert view.proxy.rowCount() > 0
    assert view.current_item_id() is not None and visible(view, view.current_item_id())
    assert view.panel.answer_buttons[AnswerValue.YES].isEnabled()


def test_answering_an_item_out_of_the_filter_moves_to_the_next_one_shown(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(ItemFilter.UNANSWERED))
    first = view.current_item_id()
    assert first == "vendor-security-lead"
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, first) == ("yes", "")
    assert not visible(view, first)
    following = view.current_item_id()
    assert following is not None and following != first and visible(view, following)
    assert view.tree.currentIndex().isValid()


def test_escape_after_typing_a_search_comes_back_to_the_item_the_user_chose(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.select_item("access-authenticated-join")
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    # Each letter narrows the tree; the panel moves to matches the user never picked.
    qtbot.keyClicks(view.search_edit, "zzqqx")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Escape)
    assert view.search_edit.text() == ""
    assert view.current_item_id() == "access-authenticated-join"


def test_ctrl_u_in_the_search_box_goes_to_an_unanswered_item_and_keeps_the_search(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.search_edit, "passcode")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert view.search_edit.text() == "passcode"
    current = view.current_item_id()
    assert current is not None and visible(view, current)
    assert view.model.value_of(current) is AnswerValue.UNANSWERED


def test_ctrl_u_after_a_search_that_matches_nothing_never_lands_on_an_answered_item(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.search_edit, "zzqqx")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    current = view.current_item_id()
    assert current is not None and visible(view, current)
    assert view.model.value_of(current) is AnswerValue.UNANSWERED
