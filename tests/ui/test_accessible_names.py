"""What a screen reader hears: every control has a name, the tree reads its rows whole.

Checked through Qt's accessibility tree (`QAccessible.queryAccessibleInterface`), as assistive
technology reads it, not through the widgets' own properties.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.values import AnswerValue
from tests.ui.gallery import fresh_snapshot, shown_dialogs
from tests.ui.test_assessment_workflow import open_view
from ui.announcements import announcer

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid()
    return interface.text(QAccessible.Text.Name).strip()


def nameless(root: QWidget) -> list[str]:
    """The controls under `root`, shown, that a screen reader would announce without a name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root.window()):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), (QComboBox, QAbstractSpinBox)
        ):
            continue  # an editable combo's or a spin box's own line: the box is named
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(
            widget, QAbstractButton
        ):
            continue  # a scroll bar's or a header's parts: not reached as controls
        if not spoken_name(widget):
            found.append(
                f"{type(widget).__name__} {widget.objectName()!r} in {type(root).__name__}"
            )
    return found


def test_every_control_of_the_main_screens_has_a_name(
    qtbot, make_window, ctx, vc_assessment
) -> None:
    window = make_window()
    problems = nameless(window)  # the assessments list
    view = open_view(qtbot, window, vc_assessment.id)
    for tab in range(view.panel.tabs.count()):  # each tab of the item panel
        view.panel.tabs.setCurrentIndex(tab)
        problems += nameless(window)
    problems += nameless(view.panel.actions_page.progress_box)
    assert not problems, "\n".join(problems)


def test_every_control_of_every_dialog_has_a_name(qtbot, make_window, ctx, vc_assessment) -> None:
    window = make_window()
    open_view(qtbot, window, vc_assessment.id)
    problems: list[str] = []
    for _name, dialog in shown_dialogs(qtbot, window, ctx, fresh_snapshot(ctx, vc_assessment.id)):
        problems += nameless(dialog)
    assert not problems, "\n".join(problems)


def tree_cell_names(view) -> list[str]:
    """What the tree's accessibility interface says for each of its cells, in order."""
    tree = QAccessible.queryAccessibleInterface(view.tree)
    assert tree is not None
    cells = (tree.child(i) for i in range(tree.childCount()))
    return [cell.text(QAccessible.Text.Name) for cell in cells if cell is not None]


def test_the_tree_says_item_answer_and_section_progress(qtbot, make_window, vc_assessment) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    model = view.model
    first = model.item_ids()[0]
    assert view.controller.answer(first, AnswerValue.YES, "")
    section = model.parent(model.item_index(first))
    answered = sum(
        1
        for row in range(model.rowCount(section))
        if model.data(model.index(row, 0, section), model.ValueRole) != "unanswered"
    )
    applicable = sum(
        1
        for row in range(model.rowCount(section))
        if model.data(model.index(row, 0, section), model.InScopeRole)
    )
    question = model.data(model.item_index(first), Qt.ItemDataRole.DisplayRole)
    title = model.data(section, Qt.ItemDataRole.DisplayRole)
    names = tree_cell_names(view)
    row = names.index(
        f"{first}, {question}, Answered: Yes, section {answered} of {applicable} answered"
    )
    assert names[row + 1] == "Answered: Yes"
    assert names[row + 2].startswith("Severity: ")
    second = model.item_ids()[1]
    second_question = model.data(model.item_index(second), Qt.ItemDataRole.DisplayRole)
    assert (
        f"{second}, {second_question}, Not answered, section {answered} of {applicable} answered"
        in names
    )
    assert f"Section {title}, {answered} of {applicable} answered" in names


def test_saves_and_refusals_are_said_not_only_shown(qtbot, make_window, vc_assessment) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    said: list[tuple[str, bool]] = []
    announcer.said.connect(lambda text, assertive: said.append((text, assertive)))
    try:
        qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert said[-1] == ("Saved: Yes", False)
        qtbot.keyClick(view.tree, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert said[-1] == ("Answer cleared", False)
        # A note the core refuses: said at once, as the panel shows it.
        item_id = view.current_item_id()
        refused_before = len(said)
        view.panel.note_edit.setFocus()
        view.panel.note_edit.insertPlainText("ok\u0007")  # pasted: no key types a bell
        view.panel.flush_note()
        assert view.panel.message_label.isVisible()
        assert (view.panel.message_label.text(), False) in said[refused_before:]
        assert view.controller.snapshot.note_of(item_id) == ""  # nothing of it stored
        # A form's refusal is assertive: the new assessment dialog refused by the core.
        window.new_assessment()
        dialog = window.new_dialog
        dialog.checklist_list.setCurrentRow(0)
        dialog.organisation_edit.setText("Hillside\u0007")
        dialog.title_edit.setText("T")
        for combo in dialog.scope_combos.values():
            combo.setCurrentIndex(1)
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
        assert dialog.error_label.isVisible()
        assert said[-1] == (dialog.error_label.text(), True)
    finally:
        announcer.said.disconnect()
