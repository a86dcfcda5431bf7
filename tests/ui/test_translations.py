"""The window in German: the catalogue is whole and sound, and real widgets show its words.

The `.ts` sources are compiled with `pyside6-lrelease` into a temporary folder, as the build does,
and installed with a QTranslator before the widgets are made (their words are set as they are
built).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app.checklists.library import import_checklist, load_library
from app.services import reviews
from tests.app.test_reviews import KEPT, KEPT_GAP, OLD_FILE, signed_last_year
from tests.conftest import ROOT
from tests.ui.catalogues import catalogue_source, compile_catalogue, install_catalogue
from ui.main_window import MainWindow

PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def _messages(language: str) -> list[tuple[str, ET.Element]]:
    """Every message of a catalogue, with the name of its context."""
    root = ET.parse(catalogue_source(language)).getroot()
    return [
        (context.findtext("name") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _translations(message: ET.Element) -> list[str]:
    """A message's translation, or each of its plural forms."""
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def _mnemonic(text: str) -> str | None:
    """The letter Alt presses for a text ("&Datei" -> "d"); None without one."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _clashes(texts: list[str]) -> dict[str, list[str]]:
    """Texts whose mnemonics share a letter."""
    by_letter: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        letter = _mnemonic(text)
        if letter is not None:
            by_letter[letter].append(text)
    return {letter: shown for letter, shown in by_letter.items() if len(shown) > 1}


def _visible_mnemonic_texts(top: QWidget) -> list[str]:
    """The texts with a mnemonic that Alt can reach in `top` as it is shown now."""
    texts: list[str] = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top):
            continue
        if (
            isinstance(widget, QAbstractButton)
            or isinstance(widget, QLabel)
            and widget.buddy() is not None
        ):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
    return texts


@pytest.fixture
def german(tmp_path: Path) -> Iterator[None]:
    """The German catalogue installed while the test builds and reads its widgets."""
    translator = install_catalogue(compile_catalogue("de", tmp_path))
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_entry_is_finished_and_keeps_its_placeholders(language: str) -> None:
    messages = _messages(language)
    assert messages
    for context, message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        forms = _translations(message)
        if message.get("numerus") == "yes":
            assert len(forms) == 2, (context, source)  # German and English: one, and many
        for text in forms:
            assert text.strip(), (context, source)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                context,
                source,
                text,
            )
            assert (_mnemonic(text) is None) == (_mnemonic(source) is None), (context, text)


def test_german_mnemonics_are_unique_within_each_window_part() -> None:
    """A context is one dialog or one part of the window: two entries there can't share Alt+x.

    The main window's menus (MainWindow, ListCommands) are checked menu by menu on the real
    window below. The status banner shows either a draft's buttons (sign off, compare) or a
    signed-off one's (reopen, next review), never both: those pairs may share a letter, and the
    tests on the real window below check what is shown at once.
    """
    by_context: dict[str, list[str]] = defaultdict(list)
    for context, message in _messages("de"):
        if context not in {"MainWindow", "ListCommands"}:
            by_context[context].extend(set(_translations(message)))
    clashes = {c: found for c, texts in by_context.items() if (found := _clashes(texts))}
    assert clashes == {
        "StatusBanner": {
            "f": ["&Freigeben…", "Wieder ö&ffnen…"],
            "g": ["Fol&geprüfung beginnen…", "Mit letzter Überprüfung ver&gleichen…"],
        }
    }


def test_the_catalogue_holds_every_string_of_the_window(tmp_path: Path) -> None:
    """The `.ts` is refreshed from `ui/` (README, Translations): nothing new is left out of it."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [str(lupdate), "-locations", "none", "-no-obsolete", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    found = {
        (context.findtext("name"), message.findtext("source"))
        for context in ET.parse(fresh).getroot().iter("context")
        for message in context.iter("message")
    }
    held = {(context, message.findtext("source")) for context, message in _messages("de")}
    assert found - held == set(), "refresh the catalogue (README, Translations) and translate"
    assert held - found == set(), "the catalogue holds words the window no longer uses"


def test_the_menus_are_german_with_one_mnemonic_per_letter(german, make_window) -> None:
    window = make_window()
    bar = window.menuBar()
    titles = [action.text() for action in bar.actions()]
    assert titles == ["&Datei", "&Bearbeiten", "Be&wertung", "&Ansicht", "&Hilfe"]
    assert _clashes(titles) == {}
    menus = {action.text(): action.menu() for action in bar.actions()}
    for title, menu in menus.items():
        assert isinstance(menu, QMenu)
        entries = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert all(_mnemonic(text) for text in entries), (title, entries)
        assert _clashes(entries) == {}, title
    file_entries = [a.text() for a in menus["&Datei"].actions() if not a.isSeparator()]
    assert file_entries[:2] == ["&Neue Bewertung…", "Prüfliste &importieren…"]
    assert "&Beenden" in file_entries and "Papier&korb…" in file_entries
    assert window.assessments_page.empty_label.text() == (
        "Noch keine Bewertungen. Beginnen Sie eine mit „Neue Bewertung“ (Strg+N)."
    )


def _assert_one_thing_per_letter_on_every_tab(window: MainWindow) -> None:
    """Alt+letter reaches one control or menu, whichever of the item's tabs is shown.

    The menu bar's titles count: a button sharing a menu's letter takes Alt+letter from the
    menu, and the menu can then be reached from the keyboard only through F10.
    """
    menus = [action.text() for action in window.menuBar().actions()]
    (tabs,) = [t for t in window.findChildren(QTabWidget) if t.isVisibleTo(window)]
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        assert _clashes(menus + _visible_mnemonic_texts(window)) == {}, tabs.tabText(index)


def test_an_open_assessment_is_german_and_alt_reaches_one_thing(
    german, make_window, vc_assessment
) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    shown = _visible_mnemonic_texts(window)
    assert {"&Ja", "&Teilweise", "&Nein", "&Freigeben…"} <= set(shown)
    (tabs,) = [t for t in window.findChildren(QTabWidget) if t.isVisibleTo(window)]
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Über diesen &Punkt",
        "Nachweise (0)",
        "Maßnahmen (0)",
    ]
    _assert_one_thing_per_letter_on_every_tab(window)


def test_a_signed_off_assessment_and_its_next_review_keep_letters_apart(
    german, make_window, workspace
) -> None:
    """A signed-off assessment, then the next review's draft started from it.

    Signed off: reopen, next review and the actions' progress show. The draft: compare, and
    the confirm button of a carried-over answer.
    """
    import_checklist(workspace.paths, OLD_FILE)
    last = signed_last_year(workspace, workspace.paths)
    window = make_window()
    window.open_assessment(last.id)
    window.view.select_item(KEPT_GAP)  # a partial answer, with actions whose progress goes on
    buttons = {b.text() for b in window.findChildren(QPushButton) if b.isVisibleTo(window)}
    assert {"Wieder ö&ffnen…", "Fol&geprüfung beginnen…"} <= buttons
    _assert_one_thing_per_letter_on_every_tab(window)
    with workspace.write() as session:
        library = load_library(workspace.paths)
        draft = reviews.start_next_review(
            session, last.id, library.find("vc-security-privacy"), actor="ada"
        ).snapshot
    window.open_assessment(draft.id)
    window.view.select_item(KEPT)
    buttons = {b.text() for b in window.findChildren(QPushButton) if b.isVisibleTo(window)}
    assert {"Bestätigen", "Mit letzter Überprüfung ver&gleichen…"} <= buttons
    _assert_one_thing_per_letter_on_every_tab(window)


def test_a_dialog_and_the_list_dialog_it_builds_on_speak_german(german, make_window) -> None:
    """The backups dialog's own buttons, and Close, which its base class (ListDialog) adds."""
    window = make_window()
    window.backups_action.trigger()
    dialog = window.workspace_actions.backups_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Sicherungen"
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert {"Jetzt &sichern", "&Wiederherstellen…", "Schließen"} <= set(buttons)
    assert _clashes(buttons) == {}
    dialog.close()


def test_plural_forms_follow_the_number(german) -> None:
    source = "The audit trail is intact: %n event(s), each linked to the one before it."
    one = QCoreApplication.translate("HistoryDialog", source, "", 1)
    many = QCoreApplication.translate("HistoryDialog", source, "", 2)
    assert one == "Das Änderungsprotokoll ist unversehrt: 1 Ereignis, der Anfang der Kette."
    assert many == (
        "Das Änderungsprotokoll ist unversehrt: 2 Ereignisse, jedes mit dem vorigen verknüpft."
    )
    printed = QCoreApplication.translate("ReportBar", "Sent %n page(s) to the printer.", "", 1)
    assert printed == "1 Seite an den Drucker gesendet."


def test_english_plurals_read_as_english() -> None:
    """The English catalogue (only plural forms) turns "page(s)" into "page" or "pages"."""
    source = "Sent %n page(s) to the printer."
    assert QCoreApplication.translate("ReportBar", source, "", 1) == "Sent 1 page to the printer."
    assert QCoreApplication.translate("ReportBar", source, "", 3) == "Sent 3 pages to the printer."


def test_the_trees_columns_hold_their_german_titles(german, make_window, vc_assessment) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    tree = window.view.navigator.tree
    header = tree.header()
    for column in (1, 2):
        title = str(tree.model().headerData(column, Qt.Orientation.Horizontal))
        assert title in {"Antwort", "Gewichtung"}
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title


def test_the_german_item_panel_fits_its_width_at_the_usual_size(
    german, make_window, vc_assessment, qtbot
) -> None:
    """The list's wider German filters no longer squeeze the panel into scrolling sideways."""
    from ui.widgets.assessment_view import AssessmentView

    window = make_window()
    window.resize(1200, 760)
    window.open_assessment(vc_assessment.id)
    (view,) = window.findChildren(AssessmentView)
    scroll = view.panel_scroll
    qtbot.waitUntil(lambda: view.panel.width() <= scroll.viewport().width())
    assert scroll.viewport().width() >= view.panel.minimumSizeHint().width()
    assert not scroll.horizontalScrollBar().isVisible()
    buttons = view.panel.answer_buttons
    right = max(b.mapTo(view.panel, b.rect().topRight()).x() for b in buttons.values())
    assert right < scroll.viewport().width()


def test_in_english_alt_reaches_one_thing_in_a_draft(make_window, vc_assessment) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    _assert_one_thing_per_letter_on_every_tab(window)


def test_in_english_a_signed_off_assessment_and_its_next_review_keep_letters_apart(
    make_window, workspace
) -> None:
    import_checklist(workspace.paths, OLD_FILE)
    last = signed_last_year(workspace, workspace.paths)
    window = make_window()
    window.open_assessment(last.id)
    window.view.select_item(KEPT_GAP)
    _assert_one_thing_per_letter_on_every_tab(window)
    with workspace.write() as session:
        library = load_library(workspace.paths)
        draft = reviews.start_next_review(
            session, last.id, library.find("vc-security-privacy"), actor="ada"
        ).snapshot
    window.open_assessment(draft.id)
    window.view.select_item(KEPT)
    _assert_one_thing_per_letter_on_every_tab(window)


def test_the_window_writes_dates_as_the_language_does(
    german, make_window, vc_assessment, workspace
) -> None:
    """An action's due date reads 31.01.2027 in German (the list sorts by the date itself)."""
    from datetime import date

    from app.i18n import use_language
    from app.services import actions

    item = next(iter(vc_assessment.checklist.items)).id
    with workspace.write() as session:
        actions.add_action(
            session,
            vc_assessment.id,
            item,
            title="Move the accounts",
            owner="IT",
            due=date(2027, 1, 31),
            actor="t",
        )
    use_language(["de"])
    window = make_window()
    window.open_assessment(vc_assessment.id)
    window.view.select_item(item)
    table = window.view.panel.actions_page.actions_table
    due = [table.item(0, c).text() for c in range(table.columnCount()) if table.item(0, c)]
    assert "31.01.2027" in due and "2027-01-31" not in due
