"""The pseudo-language: every word 40% longer and accented, and still nothing cut off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QApplication

from tests.ui.gallery import fresh_snapshot, shown_dialogs
from tests.ui.test_assessment_workflow import open_view
from tests.ui.test_large_text import cut_off
from ui.pseudo_locale import install_pseudo_locale_if_asked, pseudo_text
from ui.text_fit import TextFitter


def test_pseudo_text_is_longer_accented_and_keeps_what_the_window_needs() -> None:
    source = "&Save %1 of %2 to <b>%3</b> &amp; close"
    said = pseudo_text(source)
    assert said.startswith("[") and said.endswith("]")
    assert len(said) >= 1.4 * len(source)
    for kept in ("&S", "%1", "%2", "<b>", "%3", "</b>", "&amp;"):
        assert kept in said
    assert "é" in said and "Save" not in said
    assert pseudo_text("") == "" and pseudo_text("%n event(s)").count("%n") == 1


def test_only_the_setting_turns_it_on(qapp, monkeypatch) -> None:
    monkeypatch.setenv("COMPLIANCE_DESK_LANG", "de")
    assert install_pseudo_locale_if_asked(qapp) is None
    monkeypatch.setenv("COMPLIANCE_DESK_LANG", "Pseudo")
    translator = install_pseudo_locale_if_asked(qapp)
    assert translator is not None
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == pseudo_text("&File")
    finally:
        QCoreApplication.removeTranslator(translator)


@pytest.fixture
def pseudo(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COMPLIANCE_DESK_LANG", "pseudo")
    translator = install_pseudo_locale_if_asked(qapp)
    assert translator is not None
    fitter = TextFitter(qapp)  # as the application installs it
    qapp.installEventFilter(fitter)
    yield
    qapp.removeEventFilter(fitter)
    QCoreApplication.removeTranslator(translator)


def test_the_main_screens_in_the_pseudo_language(qtbot, make_window, vc_assessment, pseudo) -> None:
    window = make_window()
    problems = [f"list: {p}" for p in cut_off(window)]
    view = open_view(qtbot, window, vc_assessment.id)
    for tab in range(view.panel.tabs.count()):
        view.panel.tabs.setCurrentIndex(tab)
        problems += [f"assessment, tab {tab}: {p}" for p in cut_off(window)]
    # Every button's words come from the catalogue: none stays plain English.
    plain = [
        button.text()
        for button in window.findChildren(QAbstractButton)
        if button.isVisibleTo(window) and button.text().strip() and "[" not in button.text()
    ]
    assert not problems, "\n".join(problems)
    assert plain == []


def test_every_dialog_in_the_pseudo_language(
    qtbot, make_window, ctx, vc_assessment, pseudo
) -> None:
    window = make_window()
    open_view(qtbot, window, vc_assessment.id)
    problems: list[str] = []
    for name, dialog in shown_dialogs(qtbot, window, ctx, fresh_snapshot(ctx, vc_assessment.id)):
        problems += [f"{name}: {p}" for p in cut_off(dialog)]
    assert not problems, "\n".join(problems)
