"""The evidence side of one open assessment: attaching, removing, opening and saving files.

The item panel's Evidence tab asks these of the open assessment. The rules (size limit, hashes,
dates, what a removal records) live in `app.services.evidence`; a change goes through the
controller's unit of work, after which the controller reads the assessment again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.atomic_files import write_bytes_atomically
from app.dto import EvidenceSnapshot
from app.errors import UserError
from app.services import evidence
from ui.context import AppContext

if TYPE_CHECKING:
    from ui.assessment_controller import AssessmentController


class AssessmentEvidence:
    """Evidence files of the assessment `controller` holds open."""

    def __init__(self, ctx: AppContext, controller: AssessmentController) -> None:
        self._ctx = ctx
        self._controller = controller

    def add_evidence(
        self,
        item_id: str,
        path: Path,
        applies_on: date | None = None,
        valid_until: date | None = None,
    ) -> EvidenceSnapshot | None:
        """Attach a file (dated today unless `applies_on`); None if refused (too large...)."""
        limit = self._ctx.settings.evidence_limit_bytes
        assessment_id = self._controller.snapshot.id
        try:
            added = self._ctx.workspace.run_write(
                lambda session: evidence.add_evidence_file(
                    session,
                    assessment_id,
                    item_id,
                    path=path,
                    actor=self._ctx.actor,
                    max_bytes=limit,
                    applies_on=applies_on or date.today(),
                    valid_until=valid_until,
                )
            )
        except UserError as exc:
            self._controller.refused.emit(item_id, str(exc))
            return None
        self._controller.after_evidence_change(item_id, added.added_at)
        return added

    def remove_evidence(self, evidence_id: int, reason: str) -> bool:
        """Detach a file, recording why; False if refused."""
        snap = self._controller.snapshot
        item_id = next((e.item_id for e in snap.evidence if e.id == evidence_id), "")
        removed = self._controller.write_for(
            item_id,
            lambda session: evidence.remove_evidence(
                session, snap.id, evidence_id, reason=reason, actor=self._ctx.actor
            ),
        )
        if removed is None:
            return False
        assert removed.removed_at is not None
        self._controller.after_evidence_change(item_id, removed.removed_at)
        return True

    def extract_evidence(self, evidence_id: int) -> Path | None:
        """Write a checked copy of an attached file into the data folder, to open it."""
        try:
            with self._ctx.workspace.read() as session:
                snap, data = evidence.evidence_content(
                    session, self._controller.snapshot.id, evidence_id
                )
            folder = self._ctx.paths.data_dir / "opened" / snap.sha256[:16]
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = folder / evidence.save_name(snap.name, snap.id)
            write_bytes_atomically(target, data)
        except (UserError, OSError) as exc:
            self._controller.refused.emit("", str(exc))
            return None
        return target

    def save_evidence_copy(self, evidence_id: int, target: Path) -> Path | None:
        """Save a copy of an attached file where the user chose (checked against its hash).

        The save dialog asked before a file already there is replaced. Returns where the copy
        went; None when refused (the reason is emitted through the controller's `refused`).
        """
        try:
            with self._ctx.workspace.read() as session:
                _snap, saved = evidence.save_copy(
                    session,
                    self._controller.snapshot.id,
                    evidence_id,
                    target,
                    staging=self._ctx.paths.staging_dir,
                    replace=True,
                )
        except UserError as exc:
            self._controller.refused.emit("", str(exc))
            return None
        return saved
