"""Signing identities from the window: make the first (and the authority), more, import, export."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.signing.authority import authority_certificate
from app.signing.identities import list_identities
from tests.conftest import write_p12


def open_identities(make_window):
    window = make_window()
    window.identities_action.trigger()
    dialog = window.identities_dialog
    assert dialog.isVisible()
    return window, dialog


def press_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def fill_new(qtbot, form, name, role, passphrase, again, authority="", authority_again=None):
    for edit, text in (
        (form.name_edit, name),
        (form.role_edit, role),
        (form.pass_edit, passphrase),
        (form.repeat_edit, again),
        (form.authority_edit, authority),
    ):
        edit.clear()
        if text.isascii():
            qtbot.keyClicks(edit, text)
        else:  # QTest can only type Latin-1 characters
            edit.setText(text)
    if authority_again is not None:
        form.authority_repeat.clear()
        qtbot.keyClicks(form.authority_repeat, authority_again)


def test_the_first_identity_makes_the_authority(qtbot, make_window, paths) -> None:
    _window, dialog = open_identities(make_window)
    assert (
        dialog.tree.topLevelItemCount() == 0 and "No identities yet" in dialog.message_label.text()
    )
    assert not dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    form = dialog.sub_dialog
    assert form.isVisible() and form.authority_repeat.isVisibleTo(form)

    fill_new(
        qtbot,
        form,
        "Dana Okafor",
        "DPO",
        "dana-secret",
        "dana-secreT",
        "auth-secret",
        "auth-secret",
    )
    press_ok(qtbot, form)
    assert form.isVisible() and "two passphrases differ" in form.error_label.text()
    fill_new(
        qtbot,
        form,
        "Dana Okafor",
        "DPO",
        "dana-secret",
        "dana-secret",
        "auth-secret",
        "other-secret",
    )
    press_ok(qtbot, form)
    assert "authority passphrases differ" in form.error_label.text()
    fill_new(qtbot, form, "Dana Okafor", "DPO", "short", "short", "auth-secret", "auth-secret")
    press_ok(qtbot, form)
    assert "at least 8 characters" in form.error_label.text()
    assert authority_certificate(paths) is None and list_identities(paths) == []

    fill_new(
        qtbot,
        form,
        "Dana Okafor",
        "DPO",
        "dana-secret",
        "dana-secret",
        "auth-secret",
        "auth-secret",
    )
    press_ok(qtbot, form)
    assert not form.isVisible()
    assert authority_certificate(paths) is not None
    (made,) = list_identities(paths)
    assert (made.name, made.role) == ("Dana Okafor", "DPO")
    row = dialog.tree.currentItem()
    assert [row.text(c) for c in (0, 1, 2, 4)] == ["Dana Okafor", "DPO", "local", made.id]
    assert dialog.message_label.text().startswith("Made Dana Okafor (DPO), valid until")


def test_later_identities_need_the_authority_passphrase(qtbot, make_window, paths) -> None:
    _window, dialog = open_identities(make_window)
    dialog.new_identity()
    fill_new(
        qtbot,
        dialog.sub_dialog,
        "Dana Okafor",
        "DPO",
        "dana-secret",
        "dana-secret",
        "auth-secret",
        "auth-secret",
    )
    press_ok(qtbot, dialog.sub_dialog)
    dialog.new_identity()
    form = dialog.sub_dialog
    assert not form.authority_repeat.isVisibleTo(form)
    fill_new(
        qtbot,
        form,
        "Łukasz Nowak",
        "IT coordinator",
        "lukasz-secret",
        "lukasz-secret",
        "wrong-secret",
    )
    press_ok(qtbot, form)
    assert (
        form.isVisible()
        and "wrong passphrase for the sign-off authority" in form.error_label.text()
    )
    assert len(list_identities(paths)) == 1
    fill_new(
        qtbot,
        form,
        "Łukasz Nowak",
        "IT coordinator",
        "lukasz-secret",
        "lukasz-secret",
        "auth-secret",
    )
    press_ok(qtbot, form)
    assert [i.name for i in list_identities(paths)] == ["Dana Okafor", "Łukasz Nowak"]
    assert dialog.tree.currentItem().text(0) == "Łukasz Nowak"


def test_export_certificate_writes_it_with_its_issuer(
    qtbot, make_window, paths, prompt_log, tmp_path
) -> None:
    _window, dialog = open_identities(make_window)
    dialog.new_identity()
    fill_new(
        qtbot,
        dialog.sub_dialog,
        "Dana Okafor",
        "DPO",
        "dana-secret",
        "dana-secret",
        "auth-secret",
        "auth-secret",
    )
    press_ok(qtbot, dialog.sub_dialog)
    prompt_log.save_paths.append(tmp_path / "dana")  # .pem is added
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "dana.pem"
    certs = x509.load_pem_x509_certificates(target.read_bytes())
    assert certs[0].subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Dana Okafor"
    assert certs[1] == authority_certificate(paths)
    if os.name == "posix":  # handed out: readable like any file made
        assert target.stat().st_mode & stat.S_IROTH
    assert str(target) in dialog.message_label.text()


def test_import_a_p12(qtbot, make_window, paths, prompt_log, tmp_path) -> None:
    p12 = tmp_path / "athena.p12"
    write_p12(p12, "Αθηνά Παπαδοπούλου")
    _window, dialog = open_identities(make_window)
    prompt_log.open_paths.append(p12)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    form = dialog.sub_dialog
    for edit, text in (
        (form.file_pass_edit, "p12-pass"),
        (form.pass_edit, "kept-with-this"),
        (form.repeat_edit, "kept-with-this"),
    ):
        qtbot.keyClicks(edit, text)
    press_ok(qtbot, form)
    assert form.isVisible() and "names no role" in form.error_label.text()
    qtbot.keyClicks(form.role_edit, "Head teacher")
    press_ok(qtbot, form)
    assert not form.isVisible()
    (made,) = list_identities(paths)
    assert (made.name, made.role, made.source) == ("Αθηνά Παπαδοπούλου", "Head teacher", "imported")
    assert dialog.tree.currentItem().text(2) == "imported"


def test_cancelling_an_import_changes_nothing(qtbot, make_window, paths, prompt_log) -> None:
    _window, dialog = open_identities(make_window)
    prompt_log.open_paths.append(None)
    dialog.import_identity_file()
    assert dialog.sub_dialog is None and list_identities(paths) == []


def _identities_unreadable(monkeypatch, paths) -> None:
    """The identities folder refuses to be listed, as another user's 0700 folder does."""
    real = Path.iterdir

    def iterdir(self: Path):
        if self == paths.identities_dir:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)


def test_an_unreadable_identities_folder_is_said_not_crashed_on(
    qtbot, make_window, paths, monkeypatch
) -> None:
    paths.identities_dir.mkdir(parents=True, exist_ok=True)
    _identities_unreadable(monkeypatch, paths)
    _window, dialog = open_identities(make_window)
    assert dialog.tree.topLevelItemCount() == 0
    text = dialog.message_label.text()
    assert "can't read the signing identities" in text and "permission denied" in text
    assert not dialog.new_button.isEnabled() and not dialog.import_button.isEnabled()
