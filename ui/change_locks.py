"""What the window locks for a login that may change nothing: an auditor, or one without a role.

On the district, an auditor; or a person whose last role was taken away while the window was
open (`ui.list_refresh` finds it out).

The services refuse an auditor's every write (`app.signed_in_person`); the window does not
wait for that refusal. Each entry that would write is disabled up front, with the services'
own words as its tip, so the person sees why before they try: New assessment…, Import
bundle… (and a bundle dropped on the window), and the list's rename, edit, duplicate, next
review, move to the recycle bin and undo. The open assessment locks its own controls
(`AssessmentController.change_refusal`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class ChangeLocks(QObject):
    """Keeps the window's writing entries locked while the login signed in may change nothing."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._refusal: str | None = None

    @property
    def refusal(self) -> str | None:
        """Why the login signed in may change nothing (an auditor's, or one without a role)."""
        return self._refusal

    def show(self, refusal: str | None) -> None:
        """Lock (or unlock, None) the window's writing entries, each saying why."""
        self._refusal = refusal
        window = self._window
        for entry in (window.new_action, window.assessments_page.new_button):
            entry.setEnabled(refusal is None)
            entry.setToolTip(refusal or "")
        window.list_commands.set_change_refusal(refusal)
        window.update_bundle_actions()
        window.save_status.show_again()  # nothing of theirs is saved: it says they read only
