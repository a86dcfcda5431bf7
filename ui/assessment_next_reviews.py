"""The next review of one open assessment: starting it, and comparing it with the last.

The next review dialog and the comparison ask these of the open assessment; they read its
snapshot through the controller and never change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.checklists.model import Checklist
from app.comparison import Comparison, compare, previous_side, side_of
from app.errors import UserError
from app.services import reviews
from ui.context import AppContext

if TYPE_CHECKING:
    from app.services.reviews import LaterReview
    from ui.assessment_controller import AssessmentController


class NextReviews:
    """The next reviews of the assessment `controller` holds open."""

    def __init__(self, ctx: AppContext, controller: AssessmentController) -> None:
        self._ctx = ctx
        self._controller = controller

    def later_reviews(self) -> list[LaterReview]:
        """The next reviews already started from this assessment."""
        with self._ctx.workspace.read() as session:
            return reviews.later_reviews(session, self._controller.snapshot.id)

    def library_versions(self) -> list[Checklist]:
        """The versions of this assessment's checklist in the library, newest first."""
        from app.checklists.library import load_library, version_key

        versions = [
            entry.checklist
            for entry in load_library(self._ctx.paths).entries
            if entry.checklist.id == self._controller.snapshot.checklist.id
        ]
        return sorted(versions, key=lambda c: version_key(c.version), reverse=True)

    def start_next_review(
        self, checklist: Checklist, title: str, scope: dict[str, str]
    ) -> tuple[str | None, str | None]:
        """Start the next review from this signed-off assessment: (its id, None) or (None, why)."""
        try:
            made = self._ctx.workspace.run_write(
                lambda session: reviews.start_next_review(
                    session,
                    self._controller.snapshot.id,
                    checklist,
                    actor=self._ctx.actor,
                    title=title,
                    scope=scope,
                )
            )
        except UserError as exc:
            return None, str(exc)
        return made.snapshot.id, None

    def comparison_with_previous(self) -> Comparison | None:
        """This next review against the last one (as in the workspace, else as recorded)."""
        snap = self._controller.snapshot
        if snap.previous_id is None:
            return None
        try:
            with self._ctx.workspace.read() as session:
                return reviews.compare_assessments(session, snap.previous_id, snap.id)
        except UserError:
            earlier = previous_side(snap)
            return compare(earlier, side_of(snap)) if earlier is not None else None
