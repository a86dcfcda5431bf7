"""Inspecting and importing a bundle: what it holds, and what importing it here would do.

An import compares the two audit trails of the assessment, the bundle's and this workspace's.
Events are chained, so both hold the same first N events exactly when their Nth hashes agree:
that shared start is where the two copies parted. Then:

- the assessment is not here: *added*, with its id, trail and sign-offs as they are;
- the bundle has no event past the shared start: *unchanged*;
- this workspace has none past it: *updated*, by appending the bundle's further events and
  taking the rows they lead to (sign-offs and reopenings included);
- both have: both copies changed since they parted, and are *merged* (`merging`), unless
  this workspace's copy was signed off after they parted (refused with the way forward: reopen
  here, then import). A trail also knows the events its merge events carry: a bundle holding
  nothing this copy knows is *unchanged*, and one that knows every event of this copy (it
  merged this copy's work) *updates* it, through a merge that takes its state whole.

Every check runs before anything is kept: the bundle's structure and manifest on opening, its
contents (`checks`), this workspace's own copy, then each evidence file's size and SHA-256 as
it is read into the evidence store (where it is flushed under its hash name before the rows
naming it are written), and the rows into the open transaction, which the caller rolls back on
any refusal. A refused import may leave evidence files no row names: the store sweeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.bundles.checks import check_checklist_format, check_contents, other_content
from app.bundles.errors import BundleError
from app.bundles.line_keeping import keep_line_events
from app.bundles.manifest import BundleContents
from app.bundles.merging import Conflict, Side, Taken
from app.bundles.reading import BundleReader
from app.checklists.model import Checklist, checklist_from_canonical
from app.evidence_files import EvidenceFileError, evidence_files
from app.fields import utcnow
from app.i18n import _
from app.models import (
    Action,
    Answer,
    Assessment,
    AuditEvent,
    ChecklistCopy,
    Evidence,
    EvidenceBlob,
    SignOff,
)
from app.scoring import tally
from app.services.audit import trail_line, verify_history
from app.services.line_store import stored_line_events
from app.services.summary import refresh_summary
from app.trail_lines import Line, LineStore, known_hashes, line_events, line_to
from app.values import AnswerValue, AssessmentStatus

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class Outcome(StrEnum):
    """What importing a bundle does (or would do) to this workspace."""

    ADDED = "added"
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    MERGED = "merged"


@dataclass(frozen=True)
class TrailComparison:
    """How two trails of one assessment relate: the events they share, and how many each has.

    `shared` events are the same on both sides (equal hashes at the same number, so equal all
    the way back). The rest are what each side alone has: ours `shared + 1 ... ours`, theirs
    `shared + 1 ... theirs`.
    """

    shared: int
    ours: int
    theirs: int

    @property
    def ours_only(self) -> int:
        """Events only this workspace has."""
        return self.ours - self.shared

    @property
    def theirs_only(self) -> int:
        """Events only the bundle has."""
        return self.theirs - self.shared


def compare_trails(ours: Sequence[str], theirs: Sequence[str]) -> TrailComparison:
    """Compare two trails given as their events' hashes, oldest first."""
    shared = 0
    for mine, other in zip(ours, theirs, strict=False):
        if mine != other:
            break
        shared += 1
    return TrailComparison(shared, len(ours), len(theirs))


@dataclass(frozen=True)
class ImportPlan:
    """What importing would do: the outcome and how the trails compare (None when added).

    `merge`: written as a merge event (`merging`), the outcome `merged`, or `updated` when the
    bundle knows every event here (`ancestor`).
    """

    outcome: Outcome
    comparison: TrailComparison | None
    merge: bool = False
    ancestor: bool = False


@dataclass(frozen=True)
class SettledConflict:
    """A conflict a merge settled (by `--take` or a choice), and the side it took."""

    conflict: Conflict
    took: Side


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with `dry_run`, would do)."""

    outcome: Outcome
    assessment_id: str
    title: str
    organisation: str
    events_added: int
    evidence_files: int
    dry_run: bool
    taken: tuple[Taken, ...] = ()
    kept: tuple[Taken, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    # The conflicts settled, with the side each took (listed so the caller can say so).
    settled_conflicts: tuple[SettledConflict, ...] = ()
    renumbered: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    renumbered_side: Side | None = None

    @property
    def settled(self) -> bool:
        """Nothing is left to settle (a dry run lists the conflicts it found)."""
        return not self.conflicts


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


def _summary(path: Path, contents: BundleContents, checklist: Checklist) -> BundleSummary:
    import json

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
        checklist = _checked(reader, known_checklist=False)
        reader.check_files(progress=progress, cancelled=cancelled)
        return _summary(path, reader.contents, checklist)


def _checked(reader: BundleReader, *, known_checklist: bool) -> Checklist:
    try:
        return check_contents(reader.contents, known_checklist=known_checklist)
    except BundleError as exc:
        raise BundleError(_("{path}: {reason}").format(path=reader.path, reason=exc)) from exc


def _trail_hashes(session: Session, assessment_id: str) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.hash)
            .where(AuditEvent.assessment_id == assessment_id)
            .order_by(AuditEvent.seq)
        )
    )


def plan_import(session: Session, contents: BundleContents) -> ImportPlan:
    """What importing `contents` (already checked) would do to this workspace.

    Raises:
        BundleError: this workspace holds another assessment of that id, its own copy fails
            its checks, or both copies changed since they parted (named, with the way forward
            when this copy was signed off since).
    """
    assessment_id = contents.assessment_id
    local = session.get(Assessment, assessment_id)
    if local is None:
        return ImportPlan(Outcome.ADDED, None)
    theirs = [event.hash for event in contents.events]
    comparison = compare_trails(_trail_hashes(session, assessment_id), theirs)
    if comparison.shared == 0:
        raise BundleError(
            _(
                "this workspace holds another assessment with the id {id} (their trails share "
                "no event); it can't be imported here"
            ).format(id=assessment_id)
        )
    verdict = verify_history(session, assessment_id, check_evidence=False)
    if not verdict.intact:
        raise BundleError(
            _(
                "assessment {id} in this workspace fails its own checks ({reason}); nothing was "
                "imported"
            ).format(id=assessment_id, reason=verdict.reason),
            command_hint=_("history {id} --verify says more").format(id=assessment_id),
            window_hint=_("its history says more"),
        )
    if comparison.theirs_only == 0:
        return ImportPlan(Outcome.UNCHANGED, comparison)
    if comparison.ours_only == 0:
        return ImportPlan(Outcome.UPDATED, comparison)
    ours = trail_line(session, assessment_id)
    store = stored_line_events(session, assessment_id)
    theirs_line = line_events(contents.events, contents.event_details)
    if theirs_line[-1].chained.hash in known_hashes(assessment_id, ours, store):
        return ImportPlan(Outcome.UNCHANGED, comparison)
    known_there = known_hashes(assessment_id, theirs_line, contents.line_events)
    if ours[-1].chained.hash in known_there:
        return ImportPlan(Outcome.UPDATED, comparison, merge=True, ancestor=True)
    _refuse_signed_since(session, local, ours, store, known_there)
    return ImportPlan(Outcome.MERGED, comparison, merge=True)


def _refuse_signed_since(
    session: Session, local: Assessment, ours: Line, store: LineStore, known_there: set[str]
) -> None:
    """Refuse, with the way forward, when this copy's sign-off in force is one the bundle lacks.

    A bundle that holds the sign-off's event (shared before they parted, or merged since) saw
    it: merging it is checked against that sign-off's fingerprint instead.
    """
    if local.status != AssessmentStatus.SIGNED:
        return
    current = session.scalars(
        select(SignOff)
        .where(SignOff.assessment_id == local.id, SignOff.voided_at.is_(None))
        .order_by(SignOff.number.desc())
    ).first()
    if current is None or current.trail_seq is None or current.trail_hash is None:
        return
    line = line_to(local.id, ours, current.trail_seq, current.trail_hash, store)
    seen = line is not None and len(line) > current.trail_seq
    if seen and line is not None and line[current.trail_seq].chained.hash in known_there:
        return
    raise BundleError(
        _(
            "assessment {id} is signed off here by {name}, and the bundle holds changes that "
            "sign-off did not see: reopen it here first, then import the bundle"
        ).format(id=local.id, name=current.name)
    )


class PreparedImport:
    """A bundle opened and checked as far as it can be without a workspace, ready to import.

    Made by `prepare_import`; use as a context manager (it holds the bundle open). Checking
    first lets a caller refuse a bad bundle before it opens, or creates, a workspace.
    """

    def __init__(self, path: Path) -> None:
        self._reader = BundleReader(path)
        try:
            # The checklist's format is checked in `run`, unless the workspace has the copy.
            self._checklist = _checked(self._reader, known_checklist=True)
        except BaseException:
            self._reader.close()
            raise

    def __enter__(self) -> PreparedImport:
        return self

    def __exit__(self, *exc: object) -> None:
        self._reader.close()

    @property
    def contents(self) -> BundleContents:
        """What the bundle holds."""
        return self._reader.contents

    @property
    def reader(self) -> BundleReader:
        """The open bundle, for reading its evidence files."""
        return self._reader

    @property
    def checklist(self) -> Checklist:
        """The bundle's checklist, checked."""
        return self._checklist

    def run(
        self,
        session: Session | None,
        *,
        dry_run: bool = False,
        take: Side | None = None,
        choices: Mapping[str, Side] | None = None,
        actor: str | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportResult:
        """Import into the workspace of `session` (None: an empty workspace, dry runs only).

        A merge's conflicts are settled by `choices` (conflict key to side), the rest by
        `take`; `actor` is who merges (the merge event names them). A dry run lists the
        conflicts left in the result; an import raises `MergeConflictError` listing them.

        Writes only in the caller's unit of work, which commits it; any refusal raised here
        must roll it back (as `Workspace.write()` does), so that a refused import changes
        nothing. With `dry_run`, or when nothing would change, every check is still made and
        nothing is written.

        Raises:
            BundleError: a check failed, or the import is refused (named; see `plan_import`).
        """
        reader, contents = self._reader, self.contents
        copy = None if session is None else session.get(ChecklistCopy, contents.checklist.sha256)
        if copy is not None and copy.content != contents.checklist.content:
            raise BundleError(
                _(
                    "this workspace's copy of checklist {id} {version} no longer matches its "
                    "SHA-256 {sha} (it was changed outside the app); nothing was imported"
                ).format(id=copy.checklist_id, version=copy.version, sha=copy.sha256)
            )
        if copy is None and session is not None:
            _refuse_other_copy_of_the_version(session, contents)
        if copy is None:
            try:
                check_checklist_format(contents.checklist.content)
            except BundleError as exc:
                raise BundleError(
                    _("{path}: {reason}").format(path=reader.path, reason=exc)
                ) from exc
        if session is None:
            if not dry_run:
                raise ValueError("an import needs a workspace; only a dry run can do without")
            plan = ImportPlan(Outcome.ADDED, None)
        else:
            plan = plan_import(session, contents)
        already = plan.comparison.ours if plan.comparison is not None else 0
        result = ImportResult(
            outcome=plan.outcome,
            assessment_id=contents.assessment_id,
            title=contents.assessment["title"],
            organisation=contents.assessment["organisation"],
            events_added=max(0, len(contents.events) - already),
            evidence_files=len(contents.files),
            dry_run=dry_run,
        )
        if plan.merge and session is not None:
            from app.bundles.merge_writing import Settling, run_merge  # builds on this module

            settling = Settling(take, choices, actor, dry_run)
            return run_merge(self, session, plan, result, settling, progress, cancelled)
        if dry_run or plan.outcome is Outcome.UNCHANGED or session is None:
            reader.check_files(progress=progress, cancelled=cancelled)
            return result
        _store(session, reader, contents, self._checklist, already, progress, cancelled)
        return result


def _refuse_other_copy_of_the_version(session: Session, contents: BundleContents) -> None:
    """Refuse a checklist copy when this workspace holds that id and version with other content."""
    bundled = contents.checklist
    ours = session.scalars(
        select(ChecklistCopy.sha256).where(
            ChecklistCopy.checklist_id == bundled.checklist_id,
            ChecklistCopy.version == bundled.version,
            ChecklistCopy.sha256 != bundled.sha256,
        )
    ).first()
    if ours is not None:
        checklist = checklist_from_canonical(bundled.content, bundled.sha256)
        raise other_content(checklist, _("this workspace's copy of that version"), ours)


def prepare_import(path: Path) -> PreparedImport:
    """Open the bundle at `path` and make every check that needs no workspace.

    Raises:
        UserError: the file can't be read as a bundle of a sane size.
        BundleError: a check failed (named).
    """
    return PreparedImport(path)


def import_bundle(
    session: Session | None,
    path: Path,
    *,
    dry_run: bool = False,
    take: Side | None = None,
    choices: Mapping[str, Side] | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Import the bundle at `path` into the workspace of `session`, or say what would happen.

    `prepare_import` and `PreparedImport.run` in one.

    Raises:
        UserError: the file can't be read as a bundle of a sane size.
        BundleError: a check failed, or the import is refused (named; see `plan_import`).
    """
    with prepare_import(path) as prepared:
        return prepared.run(
            session,
            dry_run=dry_run,
            take=take,
            choices=choices,
            actor=actor,
            progress=progress,
            cancelled=cancelled,
        )


def _store(
    session: Session,
    reader: BundleReader,
    contents: BundleContents,
    checklist: Checklist,
    already: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Write the bundle's assessment into the session's transaction, then check the result."""
    now = utcnow()
    copy = contents.checklist
    if session.get(ChecklistCopy, copy.sha256) is None:
        session.add(
            ChecklistCopy(
                sha256=copy.sha256,
                checklist_id=copy.checklist_id,
                version=copy.version,
                title=copy.title,
                item_count=copy.item_count,
                content=copy.content,
            )
        )
    store_files(session, reader, contents, now, progress, cancelled)
    row = session.get(Assessment, contents.assessment_id)
    columns = dict(contents.assessment)
    if row is None:
        row = Assessment(**columns)
        session.add(row)
    else:
        for key, value in columns.items():
            setattr(row, key, value)
    session.flush()
    _upsert(session, Answer, "item_id", contents.answers, row.id)
    _upsert(session, Action, "number", contents.actions, row.id)
    _upsert(session, Evidence, "number", contents.evidence, row.id)
    _upsert(session, SignOff, "number", contents.signoffs, row.id)
    new_events = [
        {
            "assessment_id": row.id,
            "seq": event.seq,
            "at": event.at,
            "actor": event.actor,
            "kind": event.kind,
            "item_id": event.item_id,
            "detail": event.detail,
            "prev_hash": event.prev_hash,
            "hash": event.hash,
        }
        for event in contents.events[already:]
    ]
    if new_events:
        session.execute(insert(AuditEvent), new_events)
    refresh_summary(session, row, checklist)
    session.flush()
    keep_line_events(session, contents)
    session.flush()
    if already == 0:
        # Added: the rows written are the bundle's, which its trail was proved to give.
        return
    # Updated: the rows kept from before and those written must hold together as one.
    verdict = verify_history(session, row.id, check_evidence=False)
    if not verdict.intact:
        raise BundleError(
            _(
                "importing {path} would leave assessment {id} failing its checks ({reason}); "
                "nothing was imported"
            ).format(path=reader.path, id=row.id, reason=verdict.reason)
        )


def store_files(
    session: Session,
    reader: BundleReader,
    contents: BundleContents,
    now: datetime,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Each evidence file, checked as it is read, into the store; registered unless it is.

    A file the store holds already is read through all the same (the bundle must be whole)
    and kept; one registered here but missing from the store is put back.
    """
    total = contents.evidence_bytes
    done = 0

    def counted(chunks: Iterable[bytes]) -> Iterable[bytes]:
        nonlocal done
        for chunk in chunks:
            done += len(chunk)
            if cancelled is not None and cancelled():
                raise BundleError(_("import stopped; nothing was imported"))
            if progress is not None:
                progress(done, total)
            yield chunk

    store = evidence_files(session)
    wanted = {bundled.sha256 for bundled in contents.files}
    registered = set(
        session.scalars(select(EvidenceBlob.sha256).where(EvidenceBlob.sha256.in_(wanted)))
    )
    with store.batch():  # each file flushed while the next is read; all in place at the end
        for bundled in contents.files:
            if store.exists(bundled.sha256):
                for _chunk in counted(reader.chunks(bundled)):  # the bundle must be whole
                    pass
            else:
                try:  # the store hashes what it stores: it checks the manifest's hash
                    store.put(counted(reader.sized_chunks(bundled)), expected=bundled.sha256)
                except EvidenceFileError as exc:
                    raise reader.other_content(bundled, exc.actual or "?") from exc
            if bundled.sha256 not in registered:
                registered.add(bundled.sha256)
                session.add(EvidenceBlob(sha256=bundled.sha256, size=bundled.size, stored_at=now))


def _upsert(
    session: Session,
    kind: type[Answer | Action | Evidence | SignOff],
    key: str,
    rows: Sequence[Any],
    assessment_id: str,
) -> None:
    """Make the assessment's rows of `kind` hold `rows`, matched by `key`."""
    existing = {
        getattr(found, key): found
        for found in session.scalars(select(kind).where(kind.assessment_id == assessment_id))
    }
    new = []
    for values in rows:
        found = existing.get(values[key])
        if found is None:
            new.append({"assessment_id": assessment_id, **values})
        else:
            for column, value in values.items():
                setattr(found, column, value)
    if new:  # one statement for all (an added assessment has thousands of rows)
        session.execute(insert(kind), new)
