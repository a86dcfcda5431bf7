"""Signing identities: who can sign reports, making a new one, importing one, handing out a cert.

The rules (names, passphrase length, the authority, certificate validity) live in
`app.signing.identities`; these dialogs gather the input, check that a new passphrase was typed
the same twice, and show the core's refusal beside the fields.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from typing_extensions import override

from app.errors import UserError
from app.fields import utcnow
from app.locale_text import day
from app.paths import Paths
from app.signing.authority import authority_certificate
from app.signing.identities import (
    DEFAULT_DAYS,
    MAX_DAYS,
    Identity,
    create_identity,
    export_certificate,
    import_identity,
    list_identities,
)
from ui import prompts
from ui.dialogs.list_dialog import ListDialog
from ui.dialogs.refusal_line import refusal_line


def _secret_edit(accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    return edit


class _BusyCursor:
    """Keys are sealed with a deliberately slow function: show that work is under way."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class NewIdentityDialog(QDialog):
    """Name, role, e-mail, validity and passphrase of a new identity; the authority's passphrase.

    The first identity of a workspace also makes the workspace's sign-off authority, so its
    passphrase is then chosen (typed twice) rather than asked for.
    """

    def __init__(self, parent: QWidget | None, paths: Paths) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New signing identity"))
        self._paths = paths
        self._first = authority_certificate(paths) is None
        self.created: Identity | None = None
        form = QFormLayout(self)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName(self.tr("Role"))
        self.role_edit.setPlaceholderText(self.tr("e.g. Data protection officer"))
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(self.tr("E-mail (optional)"))
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, MAX_DAYS)
        self.days_spin.setValue(DEFAULT_DAYS)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setAccessibleName(self.tr("Certificate valid for"))
        self.pass_edit = _secret_edit(self.tr("Passphrase"))
        self.repeat_edit = _secret_edit(self.tr("Passphrase again"))
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Role:"), self.role_edit)
        form.addRow(self.tr("&E-mail:"), self.email_edit)
        form.addRow(self.tr("&Valid for:"), self.days_spin)
        form.addRow(self.tr("&Passphrase:"), self.pass_edit)
        form.addRow(self.tr("&Again:"), self.repeat_edit)
        self.authority_edit = _secret_edit(self.tr("Authority passphrase"))
        self.authority_repeat = _secret_edit(self.tr("Authority passphrase again"))
        if self._first:
            note = QLabel(
                self.tr(
                    "This is the workspace's first identity, so it also makes the workspace's "
                    "sign-off authority, which issues every identity's certificate. Choose its "
                    "passphrase and give it to whoever looks after the workspace."
                )
            )
            note.setWordWrap(True)
            form.addRow(note)
            form.addRow(self.tr("Au&thority passphrase:"), self.authority_edit)
            form.addRow(self.tr("A&gain:"), self.authority_repeat)
        else:
            form.addRow(self.tr("Au&thority passphrase:"), self.authority_edit)
            self.authority_repeat.hide()
        self.error_label = refusal_line()
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Create"))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _on_ok(self) -> None:
        if self.pass_edit.text() != self.repeat_edit.text():
            self._show_error(self.tr("The two passphrases differ; type the same one twice."))
            self.repeat_edit.setFocus()
            return
        if self._first and self.authority_edit.text() != self.authority_repeat.text():
            self._show_error(
                self.tr("The two authority passphrases differ; type the same one twice.")
            )
            self.authority_repeat.setFocus()
            return
        try:
            with _BusyCursor():
                self.created = create_identity(
                    self._paths,
                    name=self.name_edit.text(),
                    role=self.role_edit.text(),
                    email=self.email_edit.text().strip(),
                    passphrase=self.pass_edit.text(),
                    authority_passphrase=self.authority_edit.text(),
                    days=self.days_spin.value(),
                )
        except UserError as exc:
            self._show_error(str(exc))
            return
        self.accept()


class ImportIdentityDialog(QDialog):
    """The .p12 file's passphrase, the role if the certificate names none, and a new passphrase."""

    def __init__(self, parent: QWidget | None, paths: Paths, file: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a signing identity"))
        self._paths = paths
        self._file = file
        self.created: Identity | None = None
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("From %1").replace("%1", str(file))))
        self.file_pass_edit = _secret_edit(self.tr("Passphrase of the file"))
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName(self.tr("Role"))
        self.role_edit.setPlaceholderText(self.tr("As the certificate says"))
        self.pass_edit = _secret_edit(self.tr("New passphrase"))
        self.repeat_edit = _secret_edit(self.tr("New passphrase again"))
        form.addRow(self.tr("File's &passphrase:"), self.file_pass_edit)
        form.addRow(self.tr("&Role:"), self.role_edit)
        form.addRow(self.tr("&Keep it with:"), self.pass_edit)
        form.addRow(self.tr("&Again:"), self.repeat_edit)
        self.error_label = refusal_line()
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _on_ok(self) -> None:
        if self.pass_edit.text() != self.repeat_edit.text():
            self.error_label.setText(
                self.tr("The two passphrases differ; type the same one twice.")
            )
            self.error_label.show()
            return
        role = self.role_edit.text().strip()
        try:
            with _BusyCursor():
                self.created = import_identity(
                    self._paths,
                    self._file,
                    file_passphrase=self.file_pass_edit.text(),
                    role=role or None,
                    passphrase=self.pass_edit.text(),
                )
        except UserError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.accept()


class IdentitiesDialog(ListDialog):
    """The workspace's signing identities, with New, Import and Export certificate."""

    def __init__(self, parent: QWidget | None, paths: Paths) -> None:
        super().__init__(
            parent,
            intro=QCoreApplication.translate(
                "IdentitiesDialog",
                "An identity is a person's key, kept here under their passphrase, and a "
                "certificate. Reports of signed-off assessments can be signed with them; give "
                "a certificate to whoever must check the reports elsewhere.",
            ),
            list_name=QCoreApplication.translate("IdentitiesDialog", "Signing identities"),
            headers=[
                QCoreApplication.translate("IdentitiesDialog", "Name"),
                QCoreApplication.translate("IdentitiesDialog", "Role"),
                QCoreApplication.translate("IdentitiesDialog", "Source"),
                QCoreApplication.translate("IdentitiesDialog", "Valid until"),
                QCoreApplication.translate("IdentitiesDialog", "ID"),
            ],
            stretched=0,
        )
        self.setWindowTitle(self.tr("Signing identities"))
        self._paths = paths
        self.resize(760, 380)
        self.new_button = QPushButton(self.tr("&New identity…"))
        self.new_button.clicked.connect(self.new_identity)
        self.import_button = QPushButton(self.tr("&Import .p12…"))
        self.import_button.clicked.connect(self.import_identity_file)
        self.export_button = QPushButton(self.tr("&Export certificate…"))
        self.export_button.clicked.connect(self.export_certificate)
        self.add_buttons(self.new_button, self.import_button, self.export_button)
        self.sub_dialog: QDialog | None = None
        self._listed: dict[str, Identity] = {}  # as shown, by id
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Reload the list; select the identity `select` (an id), or the first."""
        self.tree.clear()
        now = utcnow()
        try:
            self._listed = {i.id: i for i in list_identities(self._paths)}
        except UserError as exc:  # the folder can't be read: nothing here can work on it
            self._listed = {}
            self.message_label.setText(str(exc))
            self.new_button.setEnabled(False)
            self.import_button.setEnabled(False)
            self._update_buttons()
            return
        self.new_button.setEnabled(True)
        self.import_button.setEnabled(True)
        for identity in self._listed.values():
            until = day(identity.not_after.date())
            if identity.expired(now):
                until = self.tr("%1 (expired)").replace("%1", until)
            source = self.tr("imported") if identity.source == "imported" else self.tr("local")
            item = self.add_row(
                [identity.name, identity.role, source, until, identity.id], identity.id
            )
            if identity.id == select:
                self.tree.setCurrentItem(item)
        self.finish_rows(range(1, 5))
        if not self.tree.topLevelItemCount():
            self.message_label.setText(
                self.tr("No identities yet. New identity makes one for a person in this workspace.")
            )
        self._update_buttons()

    @override
    def _update_buttons(self) -> None:
        self.export_button.setEnabled(self.tree.currentItem() is not None)

    def current_identity(self) -> Identity | None:
        """The selected identity."""
        key = self.current_key()
        return None if key is None else self._listed.get(key)

    def _made(self, dialog: NewIdentityDialog | ImportIdentityDialog) -> None:
        made = dialog.created
        if made is None:
            return
        self.refresh(select=made.id)
        self.message_label.setText(
            self.tr("Made %1 (%2), valid until %3.")
            .replace("%1", made.name)
            .replace("%2", made.role)
            .replace("%3", day(made.not_after.date()))
        )

    def new_identity(self) -> None:
        """Open the form for a new identity."""
        dialog = NewIdentityDialog(self, self._paths)
        dialog.accepted.connect(lambda: self._made(dialog))
        self.sub_dialog = dialog
        dialog.open()

    def import_identity_file(self) -> None:
        """Ask for a .p12 file, then for its passphrase and a new one."""
        path = prompts.ask_open_path(
            self,
            self.tr("Import a signing identity"),
            self.tr("PKCS#12 files (*.p12 *.pfx);;All files (*)"),
        )
        if path is None:
            return
        dialog = ImportIdentityDialog(self, self._paths, path)
        dialog.accepted.connect(lambda: self._made(dialog))
        self.sub_dialog = dialog
        dialog.open()

    def export_certificate(self) -> None:
        """Write the selected identity's certificate and its issuers to a PEM file."""
        identity = self.current_identity()
        if identity is None:
            return
        suggested = "".join(c if c.isalnum() or c in "-_ " else "_" for c in identity.name)
        path = prompts.ask_save_path(
            self,
            self.tr("Export the certificate"),
            f"{suggested.strip() or identity.id}.pem",
            self.tr("Certificates (*.pem)"),
        )
        if path is None:
            return
        if path.suffix.lower() not in {".pem", ".crt"}:
            path = path.with_name(path.name + ".pem")
        try:
            export_certificate(identity, path, staging=self._paths.staging_dir)
        except UserError as exc:
            prompts.show_error(self, self.tr("Certificate not written"), str(exc))
            return
        self.message_label.setText(
            self.tr(
                "Wrote the certificate of %1 and its issuer to %2. Whoever trusts it can verify "
                "reports signed by anyone in this workspace."
            )
            .replace("%1", identity.name)
            .replace("%2", str(path))
        )
