"""The item panel keeps the question in view and the chosen answer plain to see."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.values import AnswerValue
from tests.ui.test_assessment_workflow import open_view
from ui.widgets.answer_buttons import CHOSEN_MARK


def button_top(panel, value: AnswerValue) -> int:
    panel.layout().activate()
    return int(panel.answer_buttons[value].mapTo(panel, QPoint(0, 0)).y())


def test_the_chosen_answer_stands_out_by_its_look_weight_and_a_mark(
    qtbot, make_window, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    panel = view.panel
    assert panel.answer_state_label.text() == "Not answered yet"
    qtbot.keyClick(view.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    chosen = panel.answer_buttons[AnswerValue.PARTIAL]
    assert chosen.isChecked() and chosen.text().startswith(CHOSEN_MARK)
    assert chosen.font().bold()
    assert chosen.styleSheet() == ""  # the palette's colours, in any theme
    assert chosen.accessibleDescription() == "Chosen"
    for value in (AnswerValue.YES, AnswerValue.NO, AnswerValue.NA):
        other = panel.answer_buttons[value]
        assert not other.isChecked() and CHOSEN_MARK not in other.text()
        assert not other.font().bold() and other.styleSheet() == ""
    assert panel.answer_state_label.text() == f"Answer: {CHOSEN_MARK} Partial"
    qtbot.keyClick(view.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert panel.answer_buttons[AnswerValue.NO].text().startswith(CHOSEN_MARK)
    assert not panel.answer_buttons[AnswerValue.PARTIAL].isChecked()
    assert panel.answer_state_label.text() == f"Answer: {CHOSEN_MARK} No"


def test_answer_buttons_stay_put_whatever_the_question_length(
    qtbot, make_window, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    panel = view.panel
    snap = view.controller.snapshot
    first = next(iter(snap.checklist.items))
    short = dataclasses.replace(first, question="Short?")
    long = dataclasses.replace(first, question=" ".join(["A very long question"] * 40) + "?")
    panel.show_item(snap.checklist, short, None, (), True, "")
    top_short = button_top(panel, AnswerValue.YES)
    panel.show_item(snap.checklist, long, None, (), True, "")
    assert button_top(panel, AnswerValue.YES) == top_short
    # The long question scrolls in its own box.
    qtbot.waitUntil(lambda: panel.question_box.verticalScrollBar().maximum() > 0)
    assert button_top(panel, AnswerValue.YES) == top_short


def test_each_item_opens_at_its_top(qtbot, make_window, vc_assessment) -> None:
    window = make_window()
    window.resize(900, 560)
    view = open_view(qtbot, window, vc_assessment.id)
    panel = view.panel
    view.select_item("vendor-security-lead")
    bar = panel.about_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    panel.question_box.verticalScrollBar().setValue(
        panel.question_box.verticalScrollBar().maximum()
    )
    view.select_item("vendor-risk-assessment")
    assert bar.value() == 0
    assert panel.question_box.verticalScrollBar().value() == 0


def test_evidence_and_actions_show_their_counts(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    panel = view.panel
    tab_texts = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    assert tab_texts == ["A&bout this item", "Evidence (0)", "Actions (0)"]
    proof = tmp_path / "policy.txt"
    proof.write_text("Security lead: Ada", encoding="utf-8")
    prompt_log.open_paths.append(proof)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    view.controller.add_action(
        view.current_item_id(), "Ask the vendor", "IT desk", date(2031, 1, 31)
    )
    assert panel.tabs.tabText(panel.evidence_tab) == "Evidence (1)"
    assert panel.tabs.tabText(panel.actions_tab) == "Actions (1)"
    view.select_item("vendor-risk-assessment")
    assert panel.tabs.tabText(panel.evidence_tab) == "Evidence (0)"


def test_an_out_of_scope_item_says_why_in_the_checklist_words(
    qtbot, make_window, make_assessment
) -> None:
    snap = make_assessment(scope={"platform": "zoom", "under13": "no"})
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("b4")  # Zoom with children under 13
    text = view.panel.scope_label.text()
    assert text.startswith("Out of scope for this assessment, so it takes no answer: ")
    assert text.endswith("it applies when “Do children under 13 take part?” is Yes; here: No.")


def test_alt_1_2_3_bring_the_tabs_forward(qtbot, make_window, vc_assessment) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    panel = view.panel
    for key, tab in ((Qt.Key.Key_3, panel.actions_tab), (Qt.Key.Key_2, panel.evidence_tab)):
        qtbot.keyClick(view.tree, key, Qt.KeyboardModifier.AltModifier)
        assert panel.tabs.currentIndex() == tab
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert panel.tabs.currentIndex() == 0


def test_evidence_dates_typed_for_one_item_are_not_kept_for_the_next(
    qtbot, make_window, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    panel = view.panel
    view.select_item("vendor-security-lead")
    panel.applies_on_field.edit.setText("2020-01-15")
    panel.valid_until_field.edit.setText("2020-06-30")
    view.select_item("vendor-risk-assessment")
    assert panel.applies_on_field.edit.text() == date.today().isoformat()
    assert panel.valid_until_field.edit.text() == ""


def test_the_panel_is_never_cut_at_its_side_whatever_the_window_size(
    qtbot, make_window, vc_assessment
) -> None:
    # The splitter used to hand the panel's pane less than the panel's own minimum width, so
    # its right edge (the end of the question, Clear, Calendar...) sat under the pane's edge
    # behind a sideways scroll bar, at the first start's size and maximised alike.
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    panel, pane = view.panel, view.panel_scroll
    for width, height in ((1200, 780), (1280, 800), (1920, 1080)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        panel.layout().activate()
        for tab in range(panel.tabs.count()):
            panel.tabs.setCurrentIndex(tab)
            QApplication.processEvents()
            bar = pane.horizontalScrollBar()
            assert bar.maximum() == 0, (width, tab, view.splitter.sizes())
            assert panel.width() <= pane.viewport().width(), (width, tab)
