"""Colours come from the palette: dark and high-contrast themes keep their contrast.

The style sheet and the widgets name no colour of their own; the answers in the tree are told
apart by shape and words, not only colour; and in a dark palette the marks and their words
stand out from the background by at least WCAG's 4.5:1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from app.values import AnswerValue
from tests.conftest import ROOT
from tests.ui.palettes import dark_palette
from tests.ui.test_assessment_workflow import open_view
from ui.models.checklist_tree_model import Column, answer_marker
from ui.resources import stylesheet

# A hex colour, a colour function or a named colour: what a theme can't change.
COLOUR_LITERAL = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hsva?)\s*\(|"
    r"\b(?:white|black|red|green|blue|yellow|orange|gray|grey|darkred|darkgreen)\b",
)
# In Python: a colour made from a literal, or one of Qt's fixed colours (transparent is none).
PYTHON_COLOUR = re.compile(
    r"QColor\(\s*[\"'\d]|Qt\.GlobalColor\.(?!transparent)\w+|[\"']#[0-9a-fA-F]{3,8}[\"']"
)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.1's contrast ratio, 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    before = qapp.palette()
    palette = dark_palette()
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(before)


def python_sources() -> Iterator[Path]:
    yield from sorted((ROOT / "ui").rglob("*.py"))


def test_the_style_sheet_names_no_colour() -> None:
    qss = (ROOT / "resources" / "style.qss").read_text("utf-8")
    without_comments = re.sub(r"/\*.*?\*/", "", qss, flags=re.DOTALL)
    assert COLOUR_LITERAL.findall(without_comments) == []
    # Focus frames are the style's: nothing hides them.
    assert not re.search(r"outline\s*:\s*(none|0)", without_comments)
    assert ":focus" not in without_comments or "outline" not in without_comments


def test_the_widgets_name_no_colour() -> None:
    found = {
        f"{path.relative_to(ROOT)}:{number}": line.strip()
        for path in python_sources()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if PYTHON_COLOUR.search(line) and not line.lstrip().startswith("#")
    }
    assert found == {}


def test_answers_are_told_apart_by_shape_not_only_colour(qapp) -> None:
    ink = QColor(qapp.palette().color(QPalette.ColorRole.Text))
    shapes = []
    for value in (AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO, AnswerValue.NA):
        marker = answer_marker(value, ink)
        assert marker is not None
        shapes.append(marker.pixmap(12, 12).toImage())
    for i, first in enumerate(shapes):
        for second in shapes[i + 1 :]:
            assert first != second  # one colour, four shapes
    assert answer_marker(AnswerValue.UNANSWERED) is None


def strongest(image: QImage, area: QRect, background: QColor) -> list[float]:
    """The contrast of each pixel in `area` that is not the background, against it."""
    ratios = []
    for x in range(area.left(), area.right() + 1):
        for y in range(area.top(), area.bottom() + 1):
            pixel = image.pixelColor(x, y)
            if pixel != background:
                ratios.append(contrast(pixel, background))
    return ratios


def test_answer_marks_keep_their_contrast_in_a_dark_palette(
    qtbot, make_window, vc_assessment, dark
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    tree = view.tree
    tree.setAlternatingRowColors(False)
    values = (AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO, AnswerValue.NA)
    answered = [i for i in view.model.item_ids() if view.model.in_scope(i)][: len(values)]
    for item_id, value in zip(answered, values, strict=True):
        assert view.controller.answer(item_id, value, "Checked with the vendor.")
    tree.setCurrentIndex(view.proxy.index(0, 0))  # a section: no answered row is selected
    tree.clearSelection()
    tree.setFocus()
    qtbot.waitUntil(lambda: tree.viewport().isVisible())
    image = tree.viewport().grab().toImage()
    background = dark.color(QPalette.ColorRole.Base)
    assert contrast(dark.color(QPalette.ColorRole.Text), background) >= 4.5
    for item_id, value in zip(answered, values, strict=True):
        index = view.proxy.mapFromSource(view.model.item_index(item_id, Column.ANSWER))
        cell = tree.visualRect(index)
        assert cell.isValid() and image.rect().contains(cell.center())
        assert image.pixelColor(cell.right() - 1, cell.top() + 1) == background
        icon_side = tree.iconSize().height() if tree.iconSize().isValid() else 16
        mark = QRect(cell.left(), cell.top(), min(icon_side + 6, cell.width()), cell.height())
        ratios = strongest(image, mark, background)
        solid = [r for r in ratios if r >= 4.5]
        assert len(solid) >= 8, f"{value}: the mark hardly stands out ({max(ratios, default=0)})"
        words = QRect(mark.right() + 1, cell.top(), cell.width() - mark.width(), cell.height())
        assert max(strongest(image, words, background)) >= 4.5, f"{value}: the answer's words"
        spoken = view.model.data(
            view.model.item_index(item_id, Column.ANSWER), Qt.ItemDataRole.DisplayRole
        )
        assert spoken  # said in words too, beside the mark


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_focus_is_visible_wherever_tab_goes(
    qtbot, make_window, vc_assessment, qapp, palette
) -> None:
    """Each control Tab reaches looks different while it has the focus than once Tab moves on."""
    before = qapp.palette()
    if palette == "dark":
        qapp.setPalette(dark_palette())
    qapp.setStyleSheet(stylesheet())  # as the application sets it: it must not hide focus
    try:
        window = make_window()
        view = open_view(qtbot, window, vc_assessment.id)
        view.panel.request_answer(AnswerValue.NO)  # the risk box takes focus only when usable
        view.tree.setFocus()
        unseen, visited = [], []
        widget = QApplication.focusWidget()
        for _ in range(80):
            assert widget is not None
            with_focus = widget.grab().toImage()
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
            after = QApplication.focusWidget()
            if after is widget:
                continue  # Tab went to the label's next link: framed there in turn
            if widget.grab().toImage() == with_focus:
                unseen.append(f"{type(widget).__name__} {widget.accessibleName()!r}")
            visited.append(widget)
            widget = after
            if widget is view.tree:
                break
        assert len(visited) > 10
        assert not unseen, "\n".join(unseen)
    finally:
        qapp.setStyleSheet("")
        qapp.setPalette(before)
