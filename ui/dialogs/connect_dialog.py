"""File > Connect to district workspace…: where the district's database is, and who logs in.

The dialog asks; `ui.district_actions` connects. Test connection logs in and says what it found
without opening anything; Connect opens the workspace in the window. A refusal (no server,
wrong password, no rights) is one line under the fields, said out loud, and the dialog stays
open with what was typed. The password field never shows what is typed and is never filled in
from anywhere: a kept password stays in the keyring.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.district_login import DEFAULT_PORT, DistrictLogin, checked_login
from app.errors import UserError
from ui.announcements import announce
from ui.dialogs.refusal_line import refusal_line
from ui.text_fit import fit_to_text

# The intro's narrowest: this many average characters a line, so it reads as a paragraph.
INTRO_CHARS = 60
# Connect: the login, the password and whether to keep it; returns a refusal, or None (done).
Connector = Callable[[DistrictLogin, str, bool], str | None]
# Test: the login and password; returns what was found, or raises UserError.
Tester = Callable[[DistrictLogin, str], str]


class ConnectDialog(QDialog):
    """Server, port, database, user name and password; Test connection and Connect.

    `keyring`: whether a system keyring can keep the password. Without one the dialog says
    that the password will be asked for each time, and offers no box to tick.
    """

    def __init__(
        self,
        parent: QWidget | None,
        connect: Connector,
        test: Tester,
        *,
        login: DistrictLogin | None = None,
        keyring: bool = False,
        remembered: bool = False,
    ) -> None:
        super().__init__(parent)
        self._connect = connect
        self._test = test
        self._options = login.options if login else ()
        self.setWindowTitle(self.tr("Connect to district workspace"))
        # The wrapped lines (the intro, the keyring's, the results) above and under the form,
        # not in rows of it: the form does not give a spanning row of wrapped text its height.
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.explanation_label = QLabel(
            self.tr(
                "Open the district's shared workspace on its PostgreSQL server, with your own "
                "login. The district's IT gives you these details. This laptop's workspace "
                "stays as it is: File > Use this laptop's workspace goes back to it."
            )
        )
        self.explanation_label.setWordWrap(True)
        # Never wider than most of the screen: at a large font it wraps more instead.
        self.explanation_label.setMinimumWidth(
            min(
                self.explanation_label.fontMetrics().averageCharWidth() * INTRO_CHARS,
                self.screen().availableGeometry().width() * 3 // 4,
            )
        )
        outer.addWidget(self.explanation_label)
        outer.addLayout(form)
        self.host_edit = QLineEdit(login.host if login else "")
        self.host_edit.setAccessibleName(self.tr("Server"))
        self.host_edit.setPlaceholderText(self.tr("e.g. db.district.example, or a socket folder"))
        self.host_edit.setMaxLength(253)
        form.addRow(self.tr("&Server:"), self.host_edit)
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(login.port if login else DEFAULT_PORT)
        self.port_spin.setAccessibleName(self.tr("Port"))
        form.addRow(self.tr("P&ort:"), self.port_spin)
        self.database_edit = QLineEdit(login.database if login else "compliance_desk")
        self.database_edit.setAccessibleName(self.tr("Database"))
        self.database_edit.setMaxLength(63)
        form.addRow(self.tr("&Database:"), self.database_edit)
        self.user_edit = QLineEdit(login.user if login else "")
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.user_edit.setPlaceholderText(self.tr("your own login, e.g. ada.lovelace"))
        self.user_edit.setMaxLength(63)
        form.addRow(self.tr("&User name:"), self.user_edit)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        form.addRow(self.tr("Pass&word:"), self.password_edit)
        self.remember_box = QCheckBox(self.tr("&Remember password in the system keyring"))
        self.remember_box.setChecked(remembered)
        self.keyring_label = QLabel(
            self.tr(
                "No system keyring is available here, so the password will not be remembered: "
                "it is asked for each time you connect."
            )
        )
        self.keyring_label.setWordWrap(True)
        if keyring:
            outer.addWidget(self.remember_box)
            self.keyring_label.hide()
        else:
            self.remember_box.setChecked(False)
            self.remember_box.hide()
            outer.addWidget(self.keyring_label)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.clicked.connect(self._on_test)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        outer.addLayout(test_row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(self.tr("Connection test"))
        self.result_label.hide()
        outer.addWidget(self.result_label)
        self.error_label = refusal_line()
        outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("&Connect"))
        self.buttons.accepted.connect(self._on_connect)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        for edit in (self.host_edit, self.database_edit, self.user_edit):
            edit.textChanged.connect(self._update_buttons)
        self._update_buttons()
        self._fitted = False
        first_empty = next(
            (
                w
                for w in (self.host_edit, self.database_edit, self.user_edit, self.password_edit)
                if not w.text()
            ),
            self.password_edit,
        )
        first_empty.setFocus()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """Grow to the wrapped intro's height the first time, whoever shows the dialog.

        A window's layout does not make it taller for text that wraps onto more lines; the
        app's `TextFitter` does it for every dialog, but this one must not depend on it: at a
        large font or in German the intro would otherwise lose its last lines on first show.
        """
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            fit_to_text(self)

    @property
    def remember(self) -> bool:
        """Whether the password is to be kept in the system keyring."""
        return self.remember_box.isVisible() and self.remember_box.isChecked()

    def login(self) -> DistrictLogin:
        """What was typed, checked (raises UserError with the first thing wrong)."""
        return checked_login(
            self.host_edit.text(),
            self.port_spin.value(),
            self.database_edit.text(),
            self.user_edit.text(),
            self._options,
        )

    def _on_test(self) -> None:
        self._show_result("")
        try:
            found = self._test(self.login(), self.password_edit.text())
        except UserError as exc:
            self._refuse(str(exc))
            return
        self._show_result(found)

    def _on_connect(self) -> None:
        self._show_result("")
        try:
            login = self.login()
        except UserError as exc:
            self._refuse(str(exc))
            return
        refused = self._connect(login, self.password_edit.text(), self.remember)
        if refused:
            self._refuse(refused)
            return
        self.password_edit.clear()
        self.accept()

    def show_refusal(self, text: str) -> None:
        """Say why connecting did not happen (or, at start, why the dialog is shown)."""
        self._refuse(text)

    def _refuse(self, text: str) -> None:
        self.result_label.hide()
        self.error_label.setText(text)
        self.error_label.show()
        fit_to_text(self)  # a long line wraps: the dialog grows to show it whole

    def _show_result(self, text: str) -> None:
        self.error_label.hide()
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))
        fit_to_text(self)
        announce(self.result_label, text)

    def _update_buttons(self) -> None:
        filled = all(
            edit.text().strip() for edit in (self.host_edit, self.database_edit, self.user_edit)
        )
        self.connect_button.setEnabled(filled)
        self.test_button.setEnabled(filled)
