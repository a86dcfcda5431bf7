"""When nothing on the computer can open a folder or file, the window says so and where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.raw_sqlite import raw_sqlite
from ui import desktop


@pytest.fixture
def nothing_opens(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A desktop with no file manager or viewer: every open fails, as QDesktopServices reports."""
    tried: list[Path] = []

    def open_path(path: Path) -> bool:
        tried.append(path)
        return False

    monkeypatch.setattr(desktop, "open_path", open_path)
    return tried


def test_open_data_folder_says_where_it_is_when_nothing_opens_folders(
    qtbot, make_window, workspace, prompt_log, nothing_opens
) -> None:
    window = make_window()
    window.data_folder_action.trigger()
    assert nothing_opens == [workspace.paths.data_dir]
    ((title, text),) = prompt_log.errors
    assert title == "Can't open the folder"
    assert "No application on this computer could open the folder" in text
    assert str(workspace.paths.data_dir) in text


def test_open_data_folder_is_quiet_when_it_opens(
    qtbot, make_window, workspace, prompt_log, monkeypatch
) -> None:
    opened: list[Path] = []

    def open_path(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(desktop, "open_path", open_path)
    window = make_window()
    window.data_folder_action.trigger()
    assert opened == [workspace.paths.data_dir] and prompt_log.errors == []


def test_evidence_that_nothing_can_open_is_named_with_its_path(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path, nothing_opens
) -> None:
    proof = tmp_path / "policy.odt"
    proof.write_bytes(b"policy")
    window = make_window()
    window.open_assessment(vc_assessment.id)
    panel = window.view.panel
    prompt_log.open_paths.append(proof)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.open_evidence_button, Qt.MouseButton.LeftButton)
    (copy,) = nothing_opens
    ((title, text),) = prompt_log.errors
    assert title == "Can't open the file"
    assert f"could open the file. It is here:\n\n{copy}" in text
    assert copy.read_bytes() == b"policy"


def test_a_saved_report_that_nothing_can_open_is_named_with_its_path(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path, nothing_opens
) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    report = tmp_path / "report.pdf"
    prompt_log.save_paths.append(report)
    bar = window.view.report_bar
    window.view.export_report()
    qtbot.waitUntil(lambda: report.exists() and not bar.running, timeout=30_000)
    assert bar.open_button.isVisible()
    qtbot.mouseClick(bar.open_button, Qt.MouseButton.LeftButton)
    assert nothing_opens == [report]
    ((_title, text),) = prompt_log.errors
    assert str(report) in text


def test_evidence_whose_stored_name_is_a_path_is_opened_from_inside_the_data_folder(
    qtbot, make_window, vc_assessment, workspace, prompt_log, tmp_path, nothing_opens
) -> None:
    """A name changed in the workspace file to climb out of the folder stays a name."""
    proof = tmp_path / "policy.odt"
    proof.write_bytes(b"policy")
    window = make_window()
    window.open_assessment(vc_assessment.id)
    panel = window.view.panel
    prompt_log.open_paths.append(proof)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute("UPDATE evidence SET name = '../../../../escaped.odt'")
    db.close()
    qtbot.mouseClick(panel.open_evidence_button, Qt.MouseButton.LeftButton)
    (copy,) = nothing_opens
    assert copy.name == "escaped.odt"
    assert copy.parent.parent == workspace.paths.data_dir / "opened"
    assert copy.read_bytes() == b"policy"
    assert list(tmp_path.rglob("escaped.odt")) == [copy]
