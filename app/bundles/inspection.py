"""What a bundle holds, as `bundle inspect` shows it: read and checked, no workspace touched."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.bundles.checks import check_contents
from app.bundles.errors import BundleError
from app.bundles.manifest import BundleContents
from app.bundles.reading import BundleReader
from app.checklists.model import Checklist
from app.i18n import _
from app.scoring import tally
from app.values import AnswerValue, AssessmentStatus

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class BundledSignOff:
    """A sign-off a bundle carries, as `bundle inspect` lists it."""

    number: int
    name: str
    role: str
    signed_at: datetime
    void: bool


@dataclass(frozen=True)
class BundleSummary:
    """What a bundle holds, as `bundle inspect` shows it; every check passed to make one."""

    path: Path
    format_version: int
    app_version: str
    exported_at: datetime
    assessment_id: str
    title: str
    organisation: str
    assessor: str
    checklist_id: str
    checklist_version: str
    checklist_title: str
    status: AssessmentStatus
    answered: int
    applicable: int
    total: int
    actions: int
    evidence_files: int
    evidence_bytes: int
    events: int
    signoffs: tuple[BundledSignOff, ...]


def bundle_summary(path: Path, contents: BundleContents, checklist: Checklist) -> BundleSummary:
    """What `contents` (checked, of the bundle at `path`) holds, as `bundle inspect` shows it."""
    head = contents.assessment
    values = {a["item_id"]: AnswerValue(a["value"]) for a in contents.answers}
    counted = tally(checklist.items, json.loads(head["scope_json"]), values)
    return BundleSummary(
        path=path,
        format_version=contents.format_version,
        app_version=contents.app_version,
        exported_at=contents.exported_at,
        assessment_id=contents.assessment_id,
        title=head["title"],
        organisation=head["organisation"],
        assessor=head["assessor"],
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        checklist_title=checklist.title,
        status=AssessmentStatus(head["status"]),
        answered=counted.answered,
        applicable=counted.applicable,
        total=counted.total,
        actions=len(contents.actions),
        evidence_files=len([e for e in contents.evidence if e["removed_at"] is None]),
        evidence_bytes=contents.evidence_bytes,
        events=len(contents.events),
        signoffs=tuple(
            BundledSignOff(
                s["number"], s["name"], s["role"], s["signed_at"], s["voided_at"] is not None
            )
            for s in contents.signoffs
        ),
    )


def inspect_bundle(
    path: Path, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> BundleSummary:
    """What the bundle at `path` holds, once every check passed; no workspace is touched.

    Raises:
        UserError: the file can't be read as a bundle of a sane size.
        BundleError: a check failed (named).
    """
    with BundleReader(path) as reader:
        checklist = checked_contents(reader, known_checklist=False)
        reader.check_files(progress=progress, cancelled=cancelled)
        return bundle_summary(path, reader.contents, checklist)


def checked_contents(reader: BundleReader, *, known_checklist: bool) -> Checklist:
    """The open bundle's manifest against the schema, then `check_contents` of it.

    A refusal names the bundle's path.
    """
    reader.check_schema()
    try:
        return check_contents(reader.contents, known_checklist=known_checklist)
    except BundleError as exc:
        raise BundleError(_("{path}: {reason}").format(path=reader.path, reason=exc)) from exc
