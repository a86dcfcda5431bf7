"""At 200% text size nothing is cut off: every label and button gets the room its text needs.

The application's font is set twice as large, as a person with low vision sets it, and the
style sheet is applied as the app applies it; then every shown label and button of the main
screens and of every dialog is checked against the size its text asks for.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QSizePolicy, QWidget

from app.dto import AssessmentSnapshot
from app.services import assessments
from tests.ui.gallery import fresh_snapshot, shown_dialogs
from tests.ui.test_assessment_workflow import open_view
from ui.resources import stylesheet
from ui.text_fit import TextFitter


@pytest.fixture
def large_text(qapp: QApplication) -> Iterator[QFont]:
    before_font, before_sheet = qapp.font(), qapp.styleSheet()
    font = QFont(before_font)
    font.setPointSizeF(before_font.pointSizeF() * 2)
    qapp.setFont(font)
    qapp.setStyleSheet(stylesheet(font))
    fitter = TextFitter(qapp)  # as the application installs it
    qapp.installEventFilter(fitter)
    yield font
    qapp.removeEventFilter(fitter)
    qapp.setStyleSheet(before_sheet)
    qapp.setFont(before_font)


def cut_off(root: QWidget) -> list[str]:
    """The shown labels and buttons under `root` smaller than their text needs."""
    QApplication.processEvents()  # the layout requests of text just set, as on screen
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        if widget.height() + 1 < widget.minimumHeight():  # a fixed-height box, squeezed
            found.append(f"{type(widget).__name__} {widget.accessibleName()!r}: squeezed")
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        text = widget.text()
        if not text.strip():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed_height = widget.heightForWidth(widget.width())
            if widget.height() + 1 < needed_height:
                found.append(f"{text[:50]!r}: {widget.height()} high of {needed_height}")
            continue
        ignored = widget.sizePolicy().horizontalPolicy() is QSizePolicy.Policy.Ignored
        if isinstance(widget, QLabel) and ignored:
            continue  # chosen to be cut rather than widen its pane (a long item id)
        hint = widget.minimumSizeHint() if isinstance(widget, QLabel) else widget.sizeHint()
        if widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height():
            found.append(
                f"{type(widget).__name__} {text[:50]!r}: {widget.width()}×{widget.height()} "
                f"of {hint.width()}×{hint.height()}"
            )
    return found


@pytest.fixture
def long_titled(workspace, vc_checklist) -> AssessmentSnapshot:
    """An assessment named as schools name them, at full length."""
    with workspace.write() as session:
        return assessments.create_assessment(
            session,
            vc_checklist,
            title="Video-conferencing review, autumn term 2026",
            organisation="Hillside Primary School and Nursery",
            assessor="Zoë Martin",
            actor="tester",
            scope={
                "platform": "zoom",
                "students": "under13",
                "recording": "yes",
                "jurisdiction": "us-ny",
            },
        )


def test_the_main_screens_at_200_percent(qtbot, make_window, long_titled, large_text) -> None:
    window = make_window()
    window.resize(1280, 800)
    problems = [f"list: {p}" for p in cut_off(window)]
    view = open_view(qtbot, window, long_titled.id)
    for tab in range(view.panel.tabs.count()):
        view.panel.tabs.setCurrentIndex(tab)
        problems += [f"assessment, tab {tab}: {p}" for p in cut_off(window)]
    assert not problems, "\n".join(problems)


def test_every_dialog_at_200_percent(qtbot, make_window, ctx, vc_assessment, large_text) -> None:
    window = make_window()
    open_view(qtbot, window, vc_assessment.id)
    problems: list[str] = []
    for name, dialog in shown_dialogs(qtbot, window, ctx, fresh_snapshot(ctx, vc_assessment.id)):
        problems += [f"{name}: {p}" for p in cut_off(dialog)]
    assert not problems, "\n".join(problems)
