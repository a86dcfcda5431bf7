"""Signing the report on export, and verifying a report, from the window."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.report.pdf import REVIEWER_FIELD
from app.services import audit
from app.services.signed_reports import write_signed_report
from app.signing.identities import create_identity
from app.signing.sign import SignerSpec
from app.signing.verify import verify_report, workspace_trust
from app.values import EventKind
from tests.ui.test_report_export import choose_pdf

AUTHORITY = "authority-secret"


@pytest.fixture
def signed_off(make_signed_off):
    return make_signed_off("Zoë Öztürk")


@pytest.fixture
def people(paths):
    made = {}
    for name, role, passphrase in (
        ("Łukasz Nowak", "IT coordinator", "assessor-pass"),
        ("Zoë Öztürk", "Data protection officer", "reviewer-pass"),
    ):
        made[name] = create_identity(
            paths, name=name, role=role, passphrase=passphrase, authority_passphrase=AUTHORITY
        )
    return made


def export_with_dialog(qtbot, make_window, prompt_log, target: Path, assessment_id: str):
    window = make_window()
    window.open_assessment(assessment_id)
    prompt_log.save_paths.append(target)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    choose_pdf(qtbot, window)
    dialog = window.view.report_bar.sign_dialog
    assert dialog is not None and dialog.isVisible()
    return window, dialog


def tick(qtbot, box) -> None:
    """Click the box itself (the centre of a full-width check box row is not on it)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def press_ok(qtbot, dialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_the_reviewer_signs_on_export(
    qtbot, make_window, workspace, paths, signed_off, people, prompt_log, tmp_path
) -> None:
    target = tmp_path / "signed.pdf"
    window, dialog = export_with_dialog(qtbot, make_window, prompt_log, target, signed_off.id)
    # The reviewer offered is the one who signed off; the assessor does not sign unless asked.
    assert dialog.reviewer_combo.currentText().startswith("Zoë Öztürk")
    assert not dialog.assessor_check.isChecked() and not dialog.assessor_pass.isEnabled()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Sign and export"
    qtbot.waitUntil(dialog.reviewer_pass.hasFocus)  # typing goes to the passphrase at once

    qtbot.keyClicks(dialog.reviewer_pass, "wrong")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "passphrase" in dialog.error_label.text()
    assert not target.exists()

    dialog.reviewer_pass.clear()
    qtbot.keyClicks(dialog.reviewer_pass, "reviewer-pass")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert target.exists()
    data = target.read_bytes()
    verdict = verify_report(data, workspace_trust(paths))
    assert verdict.ok, verdict.reason
    assert [s.signer for s in verdict.signatures] == ["Zoë Öztürk"]
    assert verdict.assessment_id == signed_off.id
    view = window.view
    assert view.report_bar.label.text() == f"Signed report (Zoë Öztürk) saved to {target}"
    assert view.report_bar.open_button.isVisible() and view.report_bar.last_report == target
    with workspace.read() as session:
        events = audit.history(session, signed_off.id)
    signed = [e for e in events if e.kind == EventKind.REPORT_SIGNED]
    assert len(signed) == 1
    assert signed[0].detail["sha256"] == hashlib.sha256(data).hexdigest()
    assert signed[0].detail["file"] == "signed.pdf" and signed[0].actor == "Zoë Öztürk"


def test_a_refused_signed_export_leaves_no_file_and_no_event(
    qtbot, make_window, workspace, paths, signed_off, people, prompt_log, tmp_path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report\u202efdp.pdf"  # shown reversed: the trail won't keep such a name
    _window, dialog = export_with_dialog(qtbot, make_window, prompt_log, target, signed_off.id)
    qtbot.keyClicks(dialog.reviewer_pass, "reviewer-pass")
    press_ok(qtbot, dialog)
    assert prompt_log.errors and prompt_log.errors[-1][0] == "Report not written"
    assert (
        "file name must not contain characters that change the direction"
        in (prompt_log.errors[-1][1])
    )
    assert list(out.iterdir()) == []
    assert not paths.staging_dir.exists() or list(paths.staging_dir.iterdir()) == []
    with workspace.read() as session:
        kinds = [e.kind for e in audit.history(session, signed_off.id)]
    assert EventKind.REPORT_SIGNED not in kinds


def test_the_assessor_can_sign_first(
    qtbot, make_window, paths, signed_off, people, prompt_log, tmp_path
) -> None:
    target = tmp_path / "both.pdf"
    _window, dialog = export_with_dialog(qtbot, make_window, prompt_log, target, signed_off.id)
    tick(qtbot, dialog.assessor_check)
    assert dialog.assessor_pass.isEnabled()
    assert dialog.assessor_combo.currentText().startswith("Łukasz Nowak")
    qtbot.keyClicks(dialog.reviewer_pass, "reviewer-pass")
    qtbot.keyClicks(dialog.assessor_pass, "not-it")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "passphrase" in dialog.error_label.text()
    dialog.assessor_pass.clear()
    qtbot.keyClicks(dialog.assessor_pass, "assessor-pass")
    press_ok(qtbot, dialog)
    verdict = verify_report(target.read_bytes(), workspace_trust(paths))
    assert verdict.ok, verdict.reason
    assert [s.signer for s in verdict.signatures] == ["Łukasz Nowak", "Zoë Öztürk"]


def choose(combo, name: str) -> None:
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemText(i).startswith(name))
    )


def test_the_dialog_refuses_a_reviewer_who_did_not_sign_off_and_the_reviewer_as_assessor(
    qtbot, make_window, workspace, paths, signed_off, people, prompt_log, tmp_path
) -> None:
    target = tmp_path / "r.pdf"
    _window, dialog = export_with_dialog(qtbot, make_window, prompt_log, target, signed_off.id)
    nowak = people["Łukasz Nowak"]
    choose(dialog.reviewer_combo, "Łukasz Nowak")
    qtbot.keyClicks(dialog.reviewer_pass, "assessor-pass")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert dialog.error_label.text() == (
        f"identity {nowak.id} is Łukasz Nowak, but Zoë Öztürk signed assessment "
        f"{signed_off.id} off: the reviewer's signature must be Zoë Öztürk's; choose their "
        "identity (or create one in their name)"
    )
    assert not target.exists()

    choose(dialog.reviewer_combo, "Zoë Öztürk")
    dialog.reviewer_pass.clear()
    qtbot.keyClicks(dialog.reviewer_pass, "reviewer-pass")
    tick(qtbot, dialog.assessor_check)
    choose(dialog.assessor_combo, "Zoë Öztürk")
    qtbot.keyClicks(dialog.assessor_pass, "reviewer-pass")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    reviewer = people["Zoë Öztürk"]
    assert dialog.error_label.text().startswith(
        f"identity {reviewer.id} (Zoë Öztürk) is the reviewer's: the assessor's signature must "
        "be another person's"
    )
    assert not target.exists()
    with workspace.read() as session:
        kinds = [e.kind for e in audit.history(session, signed_off.id)]
    assert EventKind.REPORT_SIGNED not in kinds

    choose(dialog.assessor_combo, "Łukasz Nowak")
    dialog.assessor_pass.clear()
    qtbot.keyClicks(dialog.assessor_pass, "assessor-pass")
    press_ok(qtbot, dialog)
    qtbot.waitUntil(target.exists)
    verdict = verify_report(target.read_bytes(), workspace_trust(paths))
    assert [s.signer for s in verdict.signatures] == ["Łukasz Nowak", "Zoë Öztürk"]


def test_exporting_unsigned_is_a_choice(
    qtbot, make_window, workspace, paths, signed_off, people, prompt_log, tmp_path
) -> None:
    target = tmp_path / "plain.pdf"
    _window, dialog = export_with_dialog(qtbot, make_window, prompt_log, target, signed_off.id)
    tick(qtbot, dialog.sign_check)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Export unsigned" and not dialog.reviewer_pass.isEnabled()
    press_ok(qtbot, dialog)
    assert verify_report(target.read_bytes(), workspace_trust(paths)).reason.startswith("unsigned")
    with workspace.read() as session:
        kinds = [e.kind for e in audit.history(session, signed_off.id)]
    assert EventKind.REPORT_SIGNED not in kinds


def test_cancelling_the_sign_dialog_writes_nothing(
    qtbot, make_window, signed_off, people, prompt_log, tmp_path
) -> None:
    window, dialog = export_with_dialog(
        qtbot, make_window, prompt_log, tmp_path / "never.pdf", signed_off.id
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert list(tmp_path.glob("*.pdf")) == []
    assert not window.view.report_running and window.view.export_button.isEnabled()


def test_drafts_and_workspaces_without_identities_export_without_asking(
    qtbot, make_window, signed_off, make_assessment, people, prompt_log, tmp_path
) -> None:
    draft = make_assessment()
    window = make_window()
    window.open_assessment(draft.id)
    prompt_log.save_paths.append(tmp_path / "draft.pdf")
    window.view.export_report()
    assert window.view.report_bar.sign_dialog is None
    assert (tmp_path / "draft.pdf").exists()
    assert "signing identity" not in window.view.report_bar.label.text()  # drafts are never signed


def test_signed_off_without_identities_exports_without_asking(
    qtbot, make_window, signed_off, prompt_log, tmp_path
) -> None:
    window = make_window()
    window.open_assessment(signed_off.id)
    prompt_log.save_paths.append(tmp_path / "unsigned.pdf")
    window.view.export_report()
    assert window.view.report_bar.sign_dialog is None
    assert (tmp_path / "unsigned.pdf").exists()
    assert "make a signing identity first (Edit > Signing identities)" in (
        window.view.report_bar.label.text()
    )


# Verify a report


def signed_copy(workspace, signed_off, people, tmp_path: Path) -> Path:
    out = tmp_path / "evidence.pdf"
    spec = SignerSpec(REVIEWER_FIELD, people["Zoë Öztürk"], "reviewer-pass")
    write_signed_report(workspace, signed_off, out, [spec])
    return out


def test_verify_says_a_sound_report_is_trusted_and_matches(
    qtbot, make_window, workspace, signed_off, people, prompt_log, tmp_path
) -> None:
    report = signed_copy(workspace, signed_off, people, tmp_path)
    window = make_window()
    prompt_log.open_paths.append(report)
    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.file_checks.verify_dialog
    assert dialog.isVisible()
    assert dialog.verdict_label.text() == "✔ evidence.pdf is intact and signed by trusted people."
    details = dialog.details_label.text()
    assert "Zoë Öztürk (Data protection officer) signed on" in details
    assert signed_off.fingerprint in details
    assert "This workspace holds the matching sign-off by Zoë Öztürk (DPO)" in details


def test_verify_says_why_a_changed_report_cannot_be_trusted(
    qtbot, make_window, workspace, signed_off, people, prompt_log, tmp_path
) -> None:
    report = signed_copy(workspace, signed_off, people, tmp_path)
    report.write_bytes(report.read_bytes() + b"\n% a line added after signing\n")
    window = make_window()
    prompt_log.open_paths.append(report)
    window.verify_action.trigger()
    dialog = window.file_checks.verify_dialog
    assert dialog.verdict_label.text() == "✘ evidence.pdf can't be trusted."
    assert "Why:" in dialog.details_label.text()
    assert "matching sign-off" not in dialog.details_label.text()


def test_verify_of_a_missing_file_says_so(qtbot, make_window, prompt_log, tmp_path) -> None:
    window = make_window()
    prompt_log.open_paths.append(tmp_path / "gone.pdf")
    window.verify_action.trigger()
    assert prompt_log.errors and prompt_log.errors[0][0] == "Report not verified"
    assert prompt_log.errors[0][1] == f"{tmp_path / 'gone.pdf'}: no such file"
    assert window.file_checks.verify_dialog is None


@pytest.mark.posix  # a named pipe
def test_verify_with_a_planted_authority_certificate_says_so(
    qtbot, make_window, workspace, signed_off, people, prompt_log, tmp_path
) -> None:
    """The authority's certificate replaced by a pipe: a message, not a crash or a hang."""
    import os

    report = signed_copy(workspace, signed_off, people, tmp_path)
    cert = workspace.paths.identities_dir / "authority" / "cert.pem"
    cert.unlink()
    os.mkfifo(cert)
    window = make_window()
    prompt_log.open_paths.append(report)
    window.verify_action.trigger()
    assert prompt_log.errors and prompt_log.errors[0][0] == "Report not verified"
    assert prompt_log.errors[0][1] == f"{cert}: is not a regular file (a device, pipe or socket)"
    assert window.file_checks.verify_dialog is None


def test_verify_in_the_window_names_the_sign_off_the_report_was_made_for(
    qtbot, make_window, paths, workspace, signed_off, people, prompt_log, tmp_path
) -> None:
    from app.services import signoffs

    report = signed_copy(workspace, signed_off, people, tmp_path)
    with workspace.write() as session:
        signoffs.reopen(session, signed_off.id, reason="New vendor terms", actor="Ivo Petrov")
        signoffs.sign_off(session, signed_off.id, name="Dana Okafor", role="Head teacher")
    window = make_window()
    prompt_log.open_paths.append(report)
    window.verify_action.trigger()
    details = window.file_checks.verify_dialog.details_label.text()
    assert "Zoë Öztürk" in details and "voided" in details
    assert "matching sign-off by Dana Okafor" not in details


def test_verify_says_whether_the_history_it_was_signed_on_is_intact_here(
    qtbot, make_window, workspace, paths, signed_off, people, prompt_log, tmp_path
) -> None:
    from tests.app.test_trail_anchor import forge_a_note

    report = signed_copy(workspace, signed_off, people, tmp_path)
    window = make_window()
    prompt_log.open_paths.append(report)
    window.verify_action.trigger()
    details = window.file_checks.verify_dialog.details_label.text()
    assert "the history this report was signed on is intact here" in details
    window.file_checks.verify_dialog.close()

    forge_a_note(workspace, signed_off.id, "Rewritten, every hash recomputed")
    prompt_log.open_paths.append(report)
    window.verify_action.trigger()
    details = window.file_checks.verify_dialog.details_label.text()
    assert "the history this report was signed on was rewritten here" in details
    assert "intact here" not in details


def test_an_unreadable_identities_folder_stops_the_export_with_its_reason(
    qtbot, make_window, prompt_log, signed_off, people, paths, tmp_path, monkeypatch
) -> None:
    real = Path.iterdir

    def iterdir(self: Path):
        if self == paths.identities_dir:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    window = make_window()
    window.open_assessment(signed_off.id)
    target = tmp_path / "report.pdf"
    prompt_log.save_paths.append(target)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    choose_pdf(qtbot, window)
    assert window.view.report_bar.sign_dialog is None
    assert [text for _title, text in prompt_log.errors] == [
        f"can't read the signing identities in {paths.identities_dir}: permission denied"
    ]
    assert not target.exists() and not window.view.report_bar.running
