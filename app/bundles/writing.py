"""Exporting one assessment as a bundle: checked first, streamed, and placed whole or not at all.

Before a byte is written, the manifest made from the workspace goes through the very checks an
import makes, so a bundle that would be refused on the other laptop is never made. The zip is
written to a temporary file beside the target (noted in the staging area, so a killed process
leaves nothing a later run can't sweep), evidence streamed from the data folder's evidence store
in pieces and hashed on the way, then flushed to disk and renamed over the target.
"""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app.atomic_files import stage_file
from app.bundles.checks import check_contents
from app.bundles.errors import BundleError
from app.bundles.format import (
    CHUNK_BYTES,
    MANIFEST_ENTRY,
    MANIFEST_MAX_BYTES,
    manifest_quick_check,
    manifest_validator,
)
from app.bundles.manifest import BundleContents, build_manifest, read_contents
from app.evidence_files import evidence_files
from app.evidence_store import EvidenceFileError
from app.i18n import _
from app.services.loading import assessment_row
from app.user_files import size_text

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
# Entries are plain files, readable by all once extracted by a tool that honours the mode.
_FILE_MODE = (stat.S_IFREG | 0o644) << 16


@dataclass(frozen=True)
class ExportedBundle:
    """What was written: where, which assessment, and how much."""

    path: Path
    assessment_id: str
    title: str
    organisation: str
    events: int
    evidence_files: int
    evidence_bytes: int
    size: int


def _entry(name: str, size: int, moment: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = _FILE_MODE
    info.file_size = size  # so zipfile picks zip64 headers for a large entry up front
    return info


def _checked_contents(session: Session, assessment_id: str) -> tuple[bytes, BundleContents]:
    """The manifest's bytes and contents, having passed every check an import makes."""
    data = build_manifest(session, assessment_id)

    def refusal(reason: str) -> BundleError:
        return BundleError(
            _("assessment {id} can't be exported: {reason}").format(
                id=assessment_id, reason=reason
            ),
            command_hint=_("history {id} --verify says more").format(id=assessment_id),
            window_hint=_("its history says more"),
        )

    if data["checklist"] is None:
        raise refusal(_("its checklist copy is missing"))
    passed = manifest_quick_check().passes(data)
    error = None if passed else next(iter(manifest_validator().iter_errors(data)), None)
    if error is not None:
        reason = _("{path}: {message}").format(path=error.json_path, message=error.message)
        raise refusal(reason[:300])
    try:
        contents = read_contents(data)
        check_contents(contents, known_checklist=True)
    except BundleError as exc:
        raise refusal(str(exc)) from exc
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(raw) > MANIFEST_MAX_BYTES:
        # Never write a bundle an import refuses: its manifest would be over the limit.
        raise BundleError(
            _(
                "assessment {id} can't be exported: its manifest would be {size}, over the "
                "{limit} a bundle may hold, so no workspace could import it"
            ).format(
                id=assessment_id, size=size_text(len(raw)), limit=size_text(MANIFEST_MAX_BYTES)
            )
        )
    return raw, contents


def export_bundle(
    session: Session,
    ref: str,
    target: Path,
    *,
    staging: Path | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportedBundle:
    """Write the assessment `ref` names, whole, as a bundle at `target` (replacing it).

    Runs in one read transaction, so the bundle is one consistent state of the assessment.

    Raises:
        NotFoundError: no such assessment.
        BundleError: the assessment fails a check an import would make (named), an evidence
            file is missing or no longer matches its SHA-256, or `cancelled` said stop; no
            file is left.
        UserError: the target can't be written.
    """
    row = assessment_row(session, ref, binned=True)
    if row.deleted_at is not None:
        raise BundleError(
            _("assessment {id} is in the recycle bin; restore it before handing it over").format(
                id=row.id
            )
        )
    raw, contents = _checked_contents(session, row.id)
    total = len(raw) + contents.evidence_bytes
    done = 0
    moment = datetime.now(UTC)
    store = evidence_files(session)
    staged = stage_file(target, shareable=True, staging=staging, detail={"kind": "bundle"})
    try:
        try:
            with zipfile.ZipFile(staged.part, "w", allowZip64=True) as archive:
                archive.writestr(_entry(MANIFEST_ENTRY, len(raw), moment), raw)
                done += len(raw)
                for bundled in contents.files:
                    with archive.open(_entry(bundled.entry, bundled.size, moment), "w") as out:
                        # The store checks the hash after the last piece: damage stops it.
                        for chunk in store.chunks(bundled.sha256, CHUNK_BYTES, size=bundled.size):
                            out.write(chunk)
                            done += len(chunk)
                            if cancelled is not None and cancelled():
                                raise BundleError(_("export stopped; no bundle was written"))
                            if progress is not None:
                                progress(done, total)
        except EvidenceFileError as exc:
            raise BundleError(
                _("assessment {id} can't be exported: {problem}").format(id=row.id, problem=exc),
                command_hint=_("history {id} --verify says which evidence it is").format(id=row.id),
                window_hint=_("its history says which evidence it is"),
            ) from exc
        except OSError as exc:
            raise BundleError(
                _("can't write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
            ) from exc
        size = staged.part.stat().st_size
        staged.place()
    finally:
        staged.discard()
    return ExportedBundle(
        path=target,
        assessment_id=row.id,
        title=row.title,
        organisation=row.organisation,
        events=len(contents.events),
        evidence_files=len(contents.files),
        evidence_bytes=contents.evidence_bytes,
        size=size,
    )
