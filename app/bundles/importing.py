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
What a bundle holds is told by `inspection`; the writing itself is `import_writing`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bundles.checks import check_checklist_format, other_content
from app.bundles.errors import BundleError
from app.bundles.import_writing import refuse_held_out_of_sight, store_import
from app.bundles.inspection import checked_contents
from app.bundles.manifest import BundleContents
from app.bundles.merging import Conflict, Side, Taken
from app.bundles.reading import BundleReader
from app.checklists.library import shipped_version
from app.checklists.model import Checklist, checklist_from_canonical
from app.collection_pause import paused_collection
from app.fields import utcnow
from app.i18n import _
from app.models import Assessment, AuditEvent, ChecklistCopy, SignOff
from app.services.audit import trail_line, verify_history
from app.services.line_store import stored_line_events
from app.services.loading import locked_assessment
from app.services.schools import (
    SchoolChoiceError,
    placer,
    record_school_at_start,
    school_choices,
    school_for_new,
    school_of_assessment,
)
from app.signed_in_person import may_sign_off, signed_in
from app.thread_handoff import quick_handoffs
from app.trail_lines import Line, LineStore, known_hashes, line_events, line_to
from app.values import AssessmentStatus

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
    # The school of a district an added assessment was put in (None: none, or not added).
    school: str | None = None
    # Added to a district workspace in no school (the district's own: the DPO's and auditors').
    in_no_school: bool = False

    @property
    def settled(self) -> bool:
        """Nothing is left to settle (a dry run lists the conflicts it found)."""
        return not self.conflicts


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
    """A bundle opened and being checked as far as it can be without a workspace.

    Made by `prepare_import`; use as a context manager (it holds the bundle open, and the
    thread checking it). The bundle's structure is checked on opening; its manifest against the
    schema and what its contents say (`check_contents`) on a thread of its own meanwhile, so
    that an import reads the evidence files into the store while their rows are being proved.
    `run` waits for those checks before it writes a row (before it compares trails, when the
    assessment is here already), and a refusal they raise is the one given, whatever else went
    wrong while they ran. A caller that must refuse a bad bundle before it opens, or creates, a
    workspace waits for them with `checked`.
    """

    def __init__(self, path: Path) -> None:
        with paused_collection():  # the manifest is read into a hundred thousand objects
            self._reader = BundleReader(path)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-checks")
        # The checklist's format is checked in `run` (on the same thread), unless the
        # workspace has the copy.
        self._checking: Future[Checklist] = self._pool.submit(
            checked_contents, self._reader, known_checklist=True
        )
        self._format: Future[None] | None = None

    def __enter__(self) -> PreparedImport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Wait for the checking thread (a check under way runs to its end), close the bundle."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._reader.close()

    @property
    def contents(self) -> BundleContents:
        """What the bundle holds: sure only once `checked` returned (see `BundleReader`)."""
        return self._reader.contents

    @property
    def reader(self) -> BundleReader:
        """The open bundle, for reading its evidence files."""
        return self._reader

    @property
    def checklist(self) -> Checklist:
        """The bundle's checklist, once every check of its contents passed (waits for them)."""
        return self.checked()

    def checked(self) -> Checklist:
        """Wait for the checks of the bundle's contents; the bundle's checklist when they pass.

        Raises:
            BundleError: a check failed (named).
        """
        checklist = self._checking.result()
        if self._format is not None:
            self._format.result()
        return checklist

    def _refusal(self) -> BaseException | None:
        """What the checks refused, once they ended (they are waited for); None if they passed."""
        for future in (self._checking, self._format):
            if future is not None and not future.cancelled():
                error = future.exception()
                if error is not None:
                    return error
        return None

    def _refused(self) -> bool:
        """Whether a check failed already (asked while evidence streams in, to stop early)."""
        return any(
            future is not None
            and future.done()
            and not future.cancelled()
            and future.exception() is not None
            for future in (self._checking, self._format)
        )

    def _check_format(self) -> None:
        try:
            check_checklist_format(self.contents.checklist.content)
        except BundleError as exc:
            raise BundleError(
                _("{path}: {reason}").format(path=self._reader.path, reason=exc)
            ) from exc

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
        school: str | None = None,
    ) -> ImportResult:
        """Import into the workspace of `session` (None: an empty workspace, dry runs only).

        A merge's conflicts are settled by `choices` (conflict key to side), the rest by
        `take`; `actor` is who merges (the merge event names them). A dry run lists the
        conflicts left in the result; an import raises `MergeConflictError` listing them.

        In a district workspace an added assessment is put in the school named `school` (by
        default the coordinator's only one; see `app.services.schools.school_for_new`); one
        that is there already keeps its school, which `school`, if given, must name.

        Writes only in the caller's unit of work, which commits it; any refusal raised here
        must roll it back (as `Workspace.write()` does), so that a refused import changes
        nothing. With `dry_run`, or when nothing would change, every check is still made and
        nothing is written.

        Raises:
            BundleError: a check failed, or the import is refused (named; see `plan_import`).
        """
        with quick_handoffs(), paused_collection():
            try:
                return self._run(
                    session, dry_run, take, choices, actor, progress, cancelled, school
                )
            except BaseException as exc:
                # A failed check of the bundle comes first: what went wrong after may follow
                # from what it found.
                refusal = self._refusal()
                if refusal is not None and refusal is not exc:
                    raise refusal from None
                raise

    def _run(
        self,
        session: Session | None,
        dry_run: bool,
        take: Side | None,
        choices: Mapping[str, Side] | None,
        actor: str | None,
        progress: Progress | None,
        cancelled: Cancelled | None,
        school: str | None,
    ) -> ImportResult:
        reader, contents = self._reader, self.contents
        copy = None if session is None else session.get(ChecklistCopy, contents.checklist.sha256)
        if copy is not None and copy.content != contents.checklist.content:
            raise BundleError(
                _(
                    "this workspace's copy of checklist {id} {version} no longer matches its "
                    "SHA-256 {sha} (it was changed outside the app); nothing was imported"
                ).format(id=copy.checklist_id, version=copy.version, sha=copy.sha256)
            )
        if copy is None and self._format is None and not _ships(contents):
            self._format = self._pool.submit(self._check_format)
        if copy is None and session is not None:
            _refuse_other_copy_of_the_version(session, contents)
        if session is None:
            if not dry_run:
                raise ValueError("an import needs a workspace; only a dry run can do without")
            plan = ImportPlan(Outcome.ADDED, None)
        else:
            if session.get(Assessment, contents.assessment_id) is not None:
                # Only an added assessment goes on while its contents are checked: comparing
                # trails needs the bundle's proved first.
                self.checked()
                if not dry_run:
                    # Held until the import commits: no other writer moves the trail between
                    # comparing it with the bundle's and writing (see `locked_assessment`).
                    locked_assessment(session, contents.assessment_id)
            plan = plan_import(session, contents)
            if plan.outcome is not Outcome.UNCHANGED:
                _refuse_sign_offs_unless_dpo(session, contents)
            if dry_run and plan.outcome is Outcome.ADDED:
                refuse_held_out_of_sight(session, contents)
        placing = None
        in_no_school = False
        if session is not None and plan.outcome is Outcome.ADDED:
            placing = school_for_new(session, school)
            in_no_school = placing is None and school_choices(session).has_schools
        elif session is not None and school is not None:
            _refuse_other_school(session, contents.assessment_id, school)
        already = plan.comparison.ours if plan.comparison is not None else 0
        result = ImportResult(
            outcome=plan.outcome,
            assessment_id=contents.assessment_id,
            title=contents.assessment["title"],
            organisation=contents.assessment["organisation"],
            events_added=max(0, len(contents.events) - already),
            evidence_files=len(contents.files),
            dry_run=dry_run,
            school=placing.name if placing is not None else None,
            in_no_school=in_no_school,
        )
        if plan.merge and session is not None:
            from app.bundles.merge_writing import Settling, run_merge  # builds on this module

            self.checked()
            settling = Settling(take, choices, actor, dry_run)
            return run_merge(self, session, plan, result, settling, progress, cancelled)

        def stop() -> bool:
            return self._refused() or (cancelled is not None and cancelled())

        if dry_run or plan.outcome is Outcome.UNCHANGED or session is None:
            reader.check_files(progress=progress, cancelled=stop)
            self.checked()
            return result
        checking = [f for f in (self._checking, self._format) if f is not None]
        store_import(
            session,
            reader,
            contents,
            checking,
            self.checked,
            already,
            progress,
            stop,
            school_id=placing.id if placing is not None else None,
        )
        if placing is not None:
            row = session.get(Assessment, contents.assessment_id)
            assert row is not None
            record_school_at_start(session, row, placing, actor=placer(session, actor), at=utcnow())
        return result


def _refuse_other_school(session: Session, assessment_id: str, school: str) -> None:
    """Refuse to name, for an assessment the workspace holds, a school it is not in.

    The import keeps the school an assessment is in; moving it is a change of its own.
    """
    held = school_of_assessment(session, assessment_id)
    named = school_for_new(session, school)
    if named is not None and (held is None or held.id != named.id):
        raise SchoolChoiceError(
            _(
                "assessment {id} is in this workspace already, in {held}: the import keeps its "
                "school"
            ).format(id=assessment_id, held=held.name if held is not None else _("no school")),
            command_hint=_(
                "import it without --school, then move it with: compliance-desk move {id} "
                '--school "{school}"'
            ).format(id=assessment_id, school=named.name),
            window_hint=_("moving it to {school} is a step of its own, after the import").format(
                school=named.name
            ),
        )


def _refuse_sign_offs_unless_dpo(session: Session, contents: BundleContents) -> None:
    """On the district, refuse a bundle bringing sign-offs (or reopenings) unless the DPO imports.

    Only the DPO signs off there, and the database refuses anyone else's sign-off rows: a
    laptop's sign-off made offline is theirs to take in. Sign-offs the workspace holds as they
    are in the bundle are no change, so a coordinator may still bring back their work on an
    assessment the DPO signed off.

    Raises:
        BundleError: on the district, the login holds no DPO grant and the bundle would add a
            sign-off or void one.
    """
    if may_sign_off(signed_in(session)):
        return
    held: dict[int, bool] = {
        number: in_force
        for number, in_force in session.execute(
            select(SignOff.number, SignOff.voided_at.is_(None)).where(
                SignOff.assessment_id == contents.assessment_id
            )
        )
    }
    changed = any(
        held.get(signoff["number"]) != (signoff["voided_at"] is None)
        for signoff in contents.signoffs
    )
    if changed:
        raise BundleError(
            _(
                "the bundle of assessment {id} carries a sign-off, and on the district "
                "workspace only the data protection officer signs off; ask the district's DPO "
                "to import it; nothing was imported"
            ).format(id=contents.assessment_id)
        )


def _ships(contents: BundleContents) -> bool:
    """Whether the app ships the bundle's checklist copy: the same id, version and SHA-256.

    Its format then needs no second look: the shipped file passed the loader, and the copy's
    content is checked against its SHA-256 (`check_contents`).
    """
    bundled = contents.checklist
    shipped = shipped_version(bundled.checklist_id, bundled.version)
    return shipped is not None and shipped.sha256 == bundled.sha256


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
    school: str | None = None,
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
            school=school,
        )
