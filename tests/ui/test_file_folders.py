"""File dialogs open in Documents first, then where the last file was chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ui import prompts
from ui.context import UI_STATE_FILE
from ui.file_folders import LAST_FOLDER_KEY, FolderMemory, documents_folder, starting_folder


def test_starting_folder_prefers_the_last_folder_then_documents_then_home(tmp_path) -> None:
    home = tmp_path / "home"
    documents = home / "Documents"
    last = tmp_path / "reports"
    home.mkdir()
    assert starting_folder(None, documents, home) == home  # no Documents folder yet
    documents.mkdir()
    assert starting_folder(None, documents, home) == documents
    assert starting_folder("", documents, home) == documents
    assert starting_folder(str(last), documents, home) == documents  # gone: not offered
    last.mkdir()
    assert starting_folder(str(last), documents, home) == last
    assert starting_folder(42, documents, home) == documents  # a damaged INI value


def test_folder_memory_keeps_the_last_folder_in_the_ini(tmp_path) -> None:
    ini = tmp_path / "state.ini"
    documents = documents_folder()
    documents.mkdir(parents=True)
    memory = FolderMemory(QSettings(str(ini), QSettings.Format.IniFormat))
    assert memory.start() == documents
    chosen = tmp_path / "evidence" / "policy.pdf"
    chosen.parent.mkdir()
    chosen.write_bytes(b"%PDF")
    memory.remember(chosen)
    assert f"last_folder={chosen.parent}" in ini.read_text("utf-8")
    again = FolderMemory(QSettings(str(ini), QSettings.Format.IniFormat))  # a new start
    assert again.start() == chosen.parent
    memory.remember(tmp_path)  # a folder is remembered as itself
    assert memory.start() == tmp_path


def test_every_part_of_the_window_finds_the_same_memory(
    qtbot, make_window, vc_assessment, workspace
) -> None:
    window = make_window()
    documents = documents_folder()
    documents.mkdir(parents=True)
    window.open_assessment(vc_assessment.id)
    view = window.assessment_view
    assert prompts.folder_memory(view.panel) is window.folders
    window.edit_identities()
    assert prompts.folder_memory(window.identities_dialog) is window.folders
    assert prompts.start_path(view) == str(documents)
    assert prompts.start_path(view, "report.pdf") == str(documents / "report.pdf")
    exports = Path(workspace.paths.data_dir).parent / "exports"
    exports.mkdir()
    assert prompts.note_chosen(view, "") is None  # cancelled: nothing remembered
    assert prompts.start_path(view) == str(documents)
    chosen = prompts.note_chosen(view, str(exports / "Hillside - Spring review.pdf"))
    assert chosen == exports / "Hillside - Spring review.pdf"
    assert prompts.start_path(window.identities_dialog, "a.pem") == str(exports / "a.pem")
    state = QSettings(str(workspace.paths.data_dir / UI_STATE_FILE), QSettings.Format.IniFormat)
    assert state.value(LAST_FOLDER_KEY) == str(exports)


def test_a_widget_outside_any_window_still_starts_in_documents(qtbot) -> None:
    documents = documents_folder()
    documents.mkdir(parents=True)
    assert prompts.folder_memory(None) is None
    assert prompts.start_path(None, "x.pdf") == str(documents / "x.pdf")
