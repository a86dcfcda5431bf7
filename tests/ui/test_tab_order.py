"""In every dialog, Tab reaches every control, in the order they are read: down, then across.

The chain is walked with real Tab presses on the focused widget, so a control that keeps Tab
for itself (a table moving between cells, a text box typing a tab) shows up as a trap.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QRadioButton,
    QWidget,
)

from app.values import AnswerValue
from tests.ui.gallery import NOT_IN_GALLERY, dialog_builders, fresh_snapshot, shown_dialogs
from tests.ui.test_assessment_workflow import open_view

MAX_STEPS = 80


def global_rect(widget: QWidget) -> QRect:
    """Where the widget is on screen, with its label: a field is read from its label on."""
    rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.isVisible():
            rect = rect.united(QRect(label.mapToGlobal(QPoint(0, 0)), label.size()))
    return rect


def reads_before(a: QWidget, b: QWidget) -> bool:
    """Whether `a` is read before `b`: above it, or beside it on its left.

    Beside means their heights overlap: a tall list at the left of a form is read before the
    form's fields, as the eye takes the columns.
    """
    if a.isAncestorOf(b) or b.isAncestorOf(a):
        return False  # a box of text and a link in it: the box is entered, then the link
    ra, rb = global_rect(a), global_rect(b)
    overlap = min(ra.bottom(), rb.bottom()) - max(ra.top(), rb.top())
    if overlap > 2:
        return ra.center().x() < rb.center().x()
    return ra.top() < rb.top()


def focusable(dialog: QWidget) -> set[QWidget]:
    """The controls Tab should stop at: shown, enabled, taking focus by Tab.

    A group of exclusive radio buttons is one stop, at its checked button; arrows move in it.
    """
    found = set()
    for widget in dialog.findChildren(QWidget):
        if widget.window() is not dialog or not widget.isVisibleTo(dialog):
            continue
        if not widget.isEnabled() or widget.focusProxy() is not None:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if isinstance(widget, QRadioButton) and not widget.isChecked():
            group = widget.group()
            if (group is not None and group.exclusive()) or widget.autoExclusive():
                continue
        found.add(widget)
    return found


def tab_chain(qtbot, dialog: QWidget) -> list[QWidget]:
    """The controls real Tab presses visit from the first one, once round."""
    qtbot.waitUntil(dialog.isActiveWindow)
    start = QApplication.focusWidget()
    assert start is not None and dialog.isAncestorOf(start), "nothing in the dialog has focus"
    chain = [start]
    for _ in range(MAX_STEPS):
        qtbot.keyClick(chain[-1], Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if now is chain[0]:
            return chain
        if now is chain[-1]:
            continue  # a label's next link: the same stop
        assert not any(now is seen for seen in chain), f"Tab is caught in a loop at {describe(now)}"
        chain.append(now)
    raise AssertionError(f"Tab never came back round: {[describe(w) for w in chain]}")


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__}({widget.accessibleName() or text or widget.objectName()})"


def rotated_to_reading_start(chain: list[QWidget]) -> list[QWidget]:
    """The same cycle, begun at the control read first (focus may open further down)."""
    first = min(
        range(len(chain)),
        key=lambda i: (global_rect(chain[i]).top(), global_rect(chain[i]).left()),
    )
    for i, widget in enumerate(chain):
        if all(not reads_before(other, widget) for other in chain if other is not widget):
            first = i
            break
    return chain[first:] + chain[:first]


def test_every_dialog_is_in_the_gallery(qtbot, make_window, ctx, vc_assessment) -> None:
    from pathlib import Path

    import ui.dialogs

    window = make_window()
    built = set(dialog_builders(window, ctx, vc_assessment))
    declared = set()
    for path in Path(ui.dialogs.__file__).parent.glob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("class ") and "Dialog" in line.split("(")[0]:
                declared.add(line.split()[1].split("(")[0])
    assert declared - built - set(NOT_IN_GALLERY) == set()


@pytest.fixture
def gallery(qtbot, make_window, ctx, vc_assessment):
    window = make_window()
    open_view(qtbot, window, vc_assessment.id)
    return window, ctx, fresh_snapshot(ctx, vc_assessment.id)


def test_tab_follows_the_reading_order_in_every_dialog(qtbot, gallery) -> None:
    window, ctx, snapshot = gallery
    problems: list[str] = []
    for name, dialog in shown_dialogs(qtbot, window, ctx, snapshot):
        chain = tab_chain(qtbot, dialog)
        missed = focusable(dialog) - set(chain)
        if missed:
            problems.append(f"{name}: Tab never reaches {sorted(map(describe, missed))}")
        ordered = rotated_to_reading_start(chain)
        for i, earlier in enumerate(ordered):
            later = next((w for w in ordered[i + 1 :] if reads_before(w, earlier)), None)
            if later is not None:
                problems.append(
                    f"{name}: Tab reaches {describe(earlier)} before {describe(later)}, "
                    "which is read first: " + " → ".join(describe(w) for w in ordered)
                )
                break
    assert not problems, "\n".join(problems)


def test_tab_follows_the_reading_order_in_the_open_assessment(qtbot, gallery) -> None:
    window, _ctx, _snapshot = gallery
    view = window.assessment_view
    view.panel.request_answer(AnswerValue.NO)  # every control of the item usable
    view.tree.setFocus()
    qtbot.waitUntil(view.tree.hasFocus)
    chain = tab_chain(qtbot, window)
    shown = {w for w in focusable(window) if w.isVisible()}
    assert shown - set(chain) == set(), sorted(map(describe, shown - set(chain)))
    ordered = rotated_to_reading_start(chain)
    assert ordered[0] is view.back_button
    for i, earlier in enumerate(ordered):
        later = next((w for w in ordered[i + 1 :] if reads_before(w, earlier)), None)
        assert later is None, f"{describe(earlier)} before {describe(later)}: " + " → ".join(
            describe(w) for w in ordered
        )
