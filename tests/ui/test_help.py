"""Help: the keyboard shortcuts page (F1), read from the window, and how an assessment works."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from ui.main_window import MainWindow


def _defined_keys(window: MainWindow) -> set[str]:
    """Every key sequence an action or shortcut under the window answers to."""
    keys = {
        s.toString(QKeySequence.SequenceFormat.NativeText)
        for action in window.findChildren(QAction)
        for s in action.shortcuts()
    }
    keys |= {
        k.toString(QKeySequence.SequenceFormat.NativeText)
        for s in window.findChildren(QShortcut)
        for k in s.keys()  # noqa: SIM118 - key sequences, not a dict
    }
    return {k for k in keys if k}


def test_f1_lists_every_shortcut_the_window_defines(qtbot, make_window, vc_assessment) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)  # the view's keys exist whether shown or not
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    listed = {keys for keys, _does, _where in rows}
    defined = _defined_keys(window)
    assert defined and defined <= listed
    assert all(does for _keys, does, _where in rows), [r for r in rows if not r[1]]
    assert ("Ctrl+N", "New assessment", "Anywhere") in rows
    assert ("F1", "Keyboard shortcuts", "Anywhere") in rows
    assert ("Ctrl+1", "Answer Yes", "In an assessment") in rows
    assert ("Ctrl+4", "Answer Not applicable", "In an assessment") in rows
    assert ("Enter", "Open the chosen assessment", "In the assessments list") in rows
    assert ("F2", "Rename", "In the assessments list") in rows
    assert ("Shift+F10", "Actions for the chosen assessment", "In the assessments list") in rows
    assert (
        "Ctrl+Return",
        "Give the reason typed, as its OK button does (Return starts a new line)",
        "In a box that asks why",
    ) in rows


def test_a_shortcut_added_later_shows_on_the_page(qtbot, make_window) -> None:
    window = make_window()
    shortcut = QShortcut(QKeySequence("Ctrl+Alt+J"), window.view)
    shortcut.setWhatsThis("Jump somewhere")
    window.shortcuts_action.trigger()
    assert ("Ctrl+Alt+J", "Jump somewhere", "In an assessment") in window.shortcuts_dialog.rows()


def test_how_an_assessment_works_covers_the_whole_path(qtbot, make_window) -> None:
    window = make_window()
    window.guide_action.trigger()
    dialog = window.guide_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    headings = [heading for heading, _text in dialog.sections()]
    assert headings[:9] == [
        "Scope",
        "Answering",
        "Notes",
        "Actions",
        "Evidence",
        "The gate",
        "Sign-off",
        "Reopen",
        "Reports",
    ]
    for heading, paragraph in dialog.sections():
        assert heading in text and paragraph in text
    assert "answers of items that drop out are kept" in text


def test_the_guide_tells_a_newcomer_about_signing_the_next_review_and_backups(
    qtbot, make_window
) -> None:
    # A first-time user found nothing in Help on signing identities, the year after (carried
    # answers, Ctrl+K, compare, evidence that expires) or getting things back.
    window = make_window()
    window.guide_action.trigger()
    dialog = window.guide_dialog
    assert dialog is not None
    sections = dict(dialog.sections())
    assert [h for h, _ in dialog.sections()][-2:] == ["The next review", "Nothing is lost"]
    assert "Edit > Signing identities" in sections["Reports"]
    assert "carried over" in sections["The gate"]
    following = sections["The next review"]
    for words in ("Start next review", "Ctrl+K", "Ctrl+U", "Compare with last review", "expired"):
        assert words in following, words
    for words in ("File > Backups", "File > Recycle bin", "Ctrl+Z"):
        assert words in sections["Nothing is lost"], words
