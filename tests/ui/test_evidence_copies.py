"""Save a copy of an evidence file from the item panel: its row menu, Ctrl+S, a checked copy."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence


def _attach(qtbot, window, prompt_log, tmp_path, assessment_id: str):
    proof = tmp_path / "policy.odt"
    proof.write_bytes(b"the policy, signed")
    window.open_assessment(assessment_id)
    panel = window.view.panel
    prompt_log.open_paths.append(proof)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    assert panel.evidence_list.count() == 1
    return panel


def test_ctrl_s_in_the_evidence_list_saves_a_checked_copy(
    qtbot, make_window, vc_assessment, workspace, prompt_log, tmp_path
) -> None:
    window = make_window()
    panel = _attach(qtbot, window, prompt_log, tmp_path, vc_assessment.id)
    page = panel.evidence_page
    menu = [a.text() for a in panel.evidence_list.actions()]
    assert menu == ["&Open file", "&Save a copy…", "&Remove…"]
    assert page.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert page.save_action.isEnabled() and panel.save_evidence_button.isEnabled()
    target = tmp_path / "out" / "copy of policy.odt"
    target.parent.mkdir()
    prompt_log.save_paths.append(target)
    panel.tabs.setCurrentIndex(panel.evidence_tab)
    panel.evidence_list.setFocus()
    qtbot.keyClick(panel.evidence_list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes() == b"the policy, signed"
    said = f"Saved a copy of policy.odt (SHA-256 checked) to {target}."
    assert panel.message_label.text() == said
    assert window.statusBar().currentMessage() == said
    assert not prompt_log.errors
    # Cancelled: nothing is written.
    prompt_log.save_paths.append(None)
    page.save_action.trigger()
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy of policy.odt"]


def test_a_copy_of_a_file_altered_in_the_store_is_refused(
    qtbot, make_window, vc_assessment, workspace, prompt_log, tmp_path
) -> None:
    window = make_window()
    panel = _attach(qtbot, window, prompt_log, tmp_path, vc_assessment.id)
    (stored,) = window.view.controller.snapshot.evidence
    (blob,) = [p for p in workspace.paths.evidence_dir.rglob("*") if stored.sha256 in p.name]
    os.chmod(blob, 0o600)
    blob.write_bytes(b"the policy, altered")
    target = tmp_path / "copy.odt"
    prompt_log.save_paths.append(target)
    qtbot.mouseClick(panel.save_evidence_button, Qt.MouseButton.LeftButton)
    assert not target.exists()
    assert "is damaged" in panel.message_label.text()
