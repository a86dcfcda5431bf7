"""Reading the workspace again into the window: the list, the open assessment, and who may write.

The window reads again after a change elsewhere (the watcher), a restored backup, the recycle
bin, an import, and a write the workspace refused. Each read of the list also reads who is
signed in (`app.signed_in_person`), so the window locks what writes for a login that may
change nothing (`ChangeLocks`): an auditor's, or one whose grants the district's IT took away
while the window was open. The latter is told so once, in the words the command line uses on
connecting (`no_role`), and its list says why it is empty rather than inviting a new
assessment its login may not make.

A read that fails is said in the status bar until one succeeds again (`MessageBar`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.bundles.importing import ImportResult
from app.errors import ServerUnavailableError, UserError
from app.services import assessments
from app.signed_in_person import no_role, signed_in, start_refusal
from app.workspace_url import server_name
from ui.announcements import announce
from ui.models.assessment_list_model import AssessmentListModel
from ui.workspace_watcher import place_kept

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class ListRefresh(QObject):
    """Shows `window` the workspace as stored now, and what its login may do in it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        # What was said about the login's role being gone ("": nothing, it has one).
        self.role_gone_said = ""

    def refresh(self) -> None:
        """Read the assessments list again (kept as it was, and why said, if it can't be)."""
        window = self._window
        try:
            with window.ctx.workspace.read() as session:
                person = signed_in(session)
                # A login left with no role may not read the assessments at all (its group
                # roles went with its grants): there is nothing to list.
                gone = person is not None and not person.has_role
                rows = [] if gone else assessments.list_assessments(session)
        except UserError as exc:
            window.message_bar.show_failure(str(exc))
            # An empty list would invite starting one; it says why it is empty instead.
            window.assessments_page.set_empty_text(
                self.tr("The list can't be read just now: %1").replace("%1", str(exc))
            )
            return
        window.message_bar.succeeded()
        page = window.assessments_page
        page.set_assessments(rows, schools=window.ctx.workspace.on_server)
        page.set_empty_text(
            self.tr("Nothing to show: your login has no role in the district workspace any more.")
            if gone
            else ""
        )
        # An auditor, or a login whose role is gone, starts, imports and changes nothing:
        # each entry says so up front.
        window.locks.show(start_refusal(person))
        if gone and person is not None:
            self._say_role_gone(person.login)
        elif self.role_gone_said:  # given a role again (or another workspace): it is over
            self.role_gone_said = ""
            page.show_notice("")

    def _say_role_gone(self, login: str) -> None:
        """Close the open assessment and say, once, that the login has no role left."""
        if self.role_gone_said:
            return
        window = self._window
        server = server_name(window.ctx.paths.workspace_url or "")
        said = (
            no_role(login, server)
            + " "
            + self.tr(
                "Until then there is nothing here to read or change; File > Use this laptop's "
                "workspace goes back to this laptop's own."
            )
        )
        self.role_gone_said = said  # before leaving the view, whose closing reads the list
        if window.view.loaded:
            window.show_assessments()
        # Above the list, wrapped: the status bar would cut a sentence this long short.
        window.assessments_page.show_notice(said)
        window.message_bar.clearMessage()
        announce(window.message_bar, said)

    def role_maybe_gone(self, why: object = None) -> None:
        """The watcher's question went unanswered: on the district, see whether the role went.

        A login whose grants are gone may not read the assessments any more, so the question
        is refused rather than finding a change; who is signed in is still readable, and says
        so. A server that doesn't answer at all (`ServerUnavailableError`) isn't asked again:
        that would double the wait on the window's thread.
        """
        window = self._window
        if (
            not window.ctx.workspace.on_server
            or self.role_gone_said
            or isinstance(why, ServerUnavailableError)
        ):
            return
        try:
            with window.ctx.workspace.read() as session:
                person = signed_in(session)
        except UserError:
            return  # the server itself doesn't answer: the watcher says so as it is
        if person is not None and not person.has_role:
            self.refresh()

    def write_refused(self, _item_id: str = "", _why: str = "") -> None:
        """A write was refused: on the district, the login's role may be what went.

        Looked at once the view has said the refusal: leaving the view then, from inside the
        handler of the change it refused, would pull the assessment from under it.
        """
        if self._window.ctx.workspace.on_server and not self.role_gone_said:
            QTimer.singleShot(0, self, self.refresh)

    def changed_elsewhere(self) -> None:
        """Another window, the command line or an import changed the workspace: show it.

        The open assessment is read again when it (or the review it follows) may be among
        the assessments changed; on a server, where others answer other schools'
        assessments all day, not for every change anyone makes.
        """
        window = self._window
        with place_kept(window.assessments_page.table, AssessmentListModel.IdRole):
            self.refresh()
        if window.view.loaded:
            shown = window.view.controller.snapshot
            watcher = window.workspace_watcher
            if not (watcher.touches(shown.id) or watcher.touches(shown.previous_id)):
                return
        self.refresh_open_view()

    def refresh_open_view(self) -> str:
        """Show the open assessment as stored now; back to the list if it is gone or binned.

        Returns what was said about leaving it ("" when it is still shown).
        """
        window = self._window
        if not window.view.loaded:
            return ""
        shown = window.view.controller.snapshot
        try:
            with window.ctx.workspace.read() as session:
                assessments.get_assessment(session, shown.id)
        except UserError as exc:
            window.show_assessments()
            if window.view.loaded:  # a note that can't be saved: the person stayed with it
                return ""
            said = (
                self.tr("“%1” can't be shown any more: %2")
                .replace("%1", shown.title)
                .replace("%2", str(exc))
            )
            # Above the list, wrapped: the status bar would cut a sentence this long short.
            window.assessments_page.show_notice(said)
            window.message_bar.showMessage(
                self.tr("The open assessment was closed; the list says why."), 15000
            )
            announce(window.message_bar, said)
            return said
        window.view.refresh()
        return ""

    def backup_restored(self, name: str) -> None:
        """Show the restored workspace in place: the open assessment as the backup has it.

        The list is shown instead when the backup does not hold it.
        """
        window = self._window
        window.workspace_watcher.check()  # take the restore as seen: it is shown next
        window.list_commands.forget_undo()
        window.undo_notice.hide()
        window.view.forget_undo()  # its steps would take back changes the restore replaced
        with place_kept(window.assessments_page.table, AssessmentListModel.IdRole):
            self.refresh()
        left = self.refresh_open_view()
        said = self.tr("Restored the backup %1.").replace("%1", name)
        window.assessments_page.show_notice(f"{said} {left}" if left else "")
        window.message_bar.showMessage(said, 15000)

    def recycle_bin_changed(self, restored: str) -> None:
        """The recycle bin emptied or gave an assessment back: the list shows it (chosen)."""
        window = self._window
        window.list_commands.forget_undo()
        window.undo_notice.hide()
        self.refresh()
        if restored:
            window.assessments_page.select_assessment(restored)

    def bundle_imported(self, result: ImportResult) -> None:
        """Show what the import wrote: the list, and the open view when it is that assessment.

        The import committed through this window's own workspace, which the watcher takes as
        seen, so nothing else would show it.
        """
        window = self._window
        with place_kept(window.assessments_page.table, AssessmentListModel.IdRole):
            self.refresh()
        self.refresh_open_view()
        if window.stack.currentWidget() is window.assessments_page:
            window.assessments_page.select_assessment(result.assessment_id)
