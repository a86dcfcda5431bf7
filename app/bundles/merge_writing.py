"""Settling and writing a merge: the conflicts' choices, the seal, the rows, the one event.

`merging.plan_merge` says what a merge takes, keeps and leaves to settle; this module settles it
(`choices` per conflict, `take` for the rest), refuses one that would change a signed-off
assessment, writes the rows it changes and the `bundle.merged` event that records them, and
runs the whole step for an import (`run_merge`), dry runs included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.audit_chain import ChainedEvent, event_hash
from app.audit_replay import replay
from app.bundles.checks import bundle_known, state_fingerprint
from app.bundles.errors import BundleError
from app.bundles.import_writing import store_files
from app.bundles.line_keeping import keep_line_events
from app.bundles.manifest import BundleContents
from app.bundles.merge_base import ASSESSMENT_FIELDS
from app.bundles.merging import (
    MergePlan,
    Side,
    differs,
    plan_merge,
    settled_state,
)
from app.checklists.model import Checklist, canonical_json
from app.dto import AuditEventSnapshot
from app.errors import RuleError
from app.fields import clean_text, utcnow
from app.i18n import _
from app.models import Action, Answer, Assessment, Evidence, SignOff
from app.replay_state import ASSESSMENT, Entity, ReplayError, State, encode_values
from app.services.audit import record_event, trail_line, verify_history
from app.services.line_store import stored_line_events
from app.services.summary import refresh_summary
from app.trail_lines import CarriedLineError, LineEvent, known_events, named_events
from app.trail_verdict import ProblemKind, broken_at
from app.values import AssessmentStatus, EventKind

if TYPE_CHECKING:
    from app.bundles.importing import Cancelled, ImportPlan, ImportResult, PreparedImport, Progress


def settlements(
    plan: MergePlan, *, take: Side | None = None, choices: Mapping[str, Side] | None = None
) -> list[dict[str, Any]]:
    """How each conflict was settled, as the merge event records it."""
    chosen = dict(choices or {})
    return [
        {
            "key": c.key,
            "item": c.item,
            "mine": c.mine,
            "theirs": c.theirs,
            "took": str(chosen.get(c.key, take)),
        }
        for c in plan.conflicts
    ]


def has_changes(plan: MergePlan, merged: State) -> bool:
    """Whether the merged state differs from this copy's in any row."""
    return any(differs(plan.mine_state.get(entity), values) for entity, values in merged.items())


def check_seal(plan: MergePlan, merged: State, checklist: Checklist) -> None:
    """A merge never leaves a signed-off assessment other than its sign-off approved.

    Raises:
        BundleError: the merged copy would be signed off but hold changes that sign-off did not
            see, or be a draft with a sign-off in force.
    """
    in_force = [
        (int(key), values)
        for (kind, key), values in merged.items()
        if kind == "signoff" and values.get("voided_at") is None
    ]
    status = merged[ASSESSMENT]["status"]
    if status != AssessmentStatus.SIGNED:
        if in_force:
            raise BundleError(
                _(
                    "merging would leave assessment {id} a draft with a sign-off in force; "
                    "nothing was imported: reopen it where it is signed off, carry that copy "
                    "across, then import again"
                ).format(id=plan.assessment_id)
            )
        return
    if not in_force:
        raise BundleError(
            _(
                "merging would leave assessment {id} signed off by no sign-off in force; nothing "
                "was imported: reopen it where it is signed off, carry that copy across, then "
                "import again"
            ).format(id=plan.assessment_id)
        )
    _number, current = max(in_force, key=lambda pair: pair[0])
    if state_fingerprint(merged, plan.assessment_id, checklist) != current["fingerprint"]:
        raise BundleError(
            _(
                "the copies of assessment {id} can't be merged: it is signed off by {name}, and "
                "the other copy holds changes that sign-off did not see; reopen it where it was "
                "signed off, carry that copy across, then import again"
            ).format(id=plan.assessment_id, name=current["name"])
        )


def _row_columns(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """A state's values as the columns of the row they stand for."""
    columns = dict(values)
    if kind == "action":
        columns["due"] = date.fromisoformat(columns["due"])
    if kind == "evidence":
        columns["blob_sha256"] = columns.pop("sha256")
        columns.pop("size", None)
        for name in ("applies_on", "valid_until"):
            if columns.get(name) is not None:
                columns[name] = date.fromisoformat(columns[name])
    return columns


_MODELS: dict[str, tuple[type[Answer | Action | Evidence | SignOff], str]] = {
    "answer": (Answer, "item_id"),
    "action": (Action, "number"),
    "evidence": (Evidence, "number"),
    "signoff": (SignOff, "number"),
}


def merge_detail(
    plan: MergePlan,
    merged: State,
    *,
    take: Side | None,
    choices: Mapping[str, Side] | None,
    source: str,
) -> dict[str, Any]:
    """The detail of the merge event that writing `merged` records (what it changed, from where)."""
    changes = [
        {"entity": entity[0], "key": entity[1], "values": encode_values(merged[entity])}
        for entity in sorted(merged)
        if differs(plan.mine_state.get(entity), merged[entity])
    ]
    return {
        "base": {"seq": plan.base[0], "hash": plan.base[1]},
        "mine": {"seq": plan.mine[0], "hash": plan.mine[1]},
        "theirs": {"seq": plan.theirs[0], "hash": plan.theirs[1]},
        "agreed": {"mine": plan.agreed[0], "theirs": plan.agreed[1]},
        "carried": plan.carried,
        "changes": changes,
        "conflicts": settlements(plan, take=take, choices=choices),
        "renumbered": plan.renumbered,
        "renumbered_side": None if plan.renumbered_side is None else str(plan.renumbered_side),
        "bundle": _file_name(source),
    }


def check_merged_trail(
    session: Session,
    contents: BundleContents,
    plan: MergePlan,
    detail: Mapping[str, Any],
    *,
    actor: str,
) -> None:
    """Check the trail a merge would leave, without writing it (a dry run's final check).

    The merge event is made as it would be recorded, after this copy's trail, and the trail's
    lines (with the bundle's events, which the merge would keep) are followed and replayed:
    a merge the import would refuse by its final check (nested too deep, say) is refused here.

    Raises:
        BundleError: the merged trail would fail its checks.
    """
    assessment_id = plan.assessment_id
    main = trail_line(session, assessment_id)
    head = main[-1].chained
    at = utcnow()
    text = canonical_json(dict(detail))
    kind = EventKind.BUNDLE_MERGED.value
    digest = event_hash(
        assessment_id=assessment_id,
        seq=head.seq + 1,
        at=at,
        actor=actor,
        kind=kind,
        item_id=None,
        detail=text,
        prev_hash=head.hash,
    )
    chained = ChainedEvent(
        assessment_id, head.seq + 1, at, actor, kind, None, text, head.hash, digest
    )
    read = AuditEventSnapshot(head.seq + 1, at, actor, kind, None, dict(detail), digest)
    line = [*main, LineEvent(chained, read)]
    store = {**stored_line_events(session, assessment_id), **bundle_known(contents)}
    try:
        named_events(assessment_id, line, store)
        replay([event.read for event in line], known=known_events(line, store))
    except (CarriedLineError, ReplayError) as exc:
        reason = broken_at(assessment_id, ProblemKind.CHAIN, exc.seq, exc.reason).reason
        raise BundleError(
            _(
                "merging would leave assessment {id} failing its checks ({reason}); nothing was "
                "imported"
            ).format(id=assessment_id, reason=reason)
        ) from exc


def write_merge(
    session: Session,
    contents: BundleContents,
    plan: MergePlan,
    checklist: Checklist,
    *,
    actor: str,
    take: Side | None = None,
    choices: Mapping[str, Side] | None = None,
    source: str = "",
) -> int:
    """Write the merge of `contents` into the session's transaction: rows, the merge event.

    The events the merge names by hash (the bundle's since the parting), and those its lines
    name further, are kept among the line events.

    Returns how many rows it changed. The caller's unit of work commits it; any refusal raised
    here must roll it back.

    Raises:
        MergeConflictError: a conflict is left unsettled.
        BundleError: the merge would change a signed-off assessment, or would leave the
            assessment failing its checks.
    """
    actor = clean_text(actor, field=_("name"))
    merged = settled_state(plan, take=take, choices=choices)
    check_seal(plan, merged, checklist)
    row = session.get(Assessment, plan.assessment_id)
    assert row is not None
    detail = merge_detail(plan, merged, take=take, choices=choices, source=source)
    for change in detail["changes"]:
        entity = (change["entity"], change["key"])
        _write_row(session, row, entity, merged[entity])
    session.flush()
    record_event(
        session, row, kind=EventKind.BUNDLE_MERGED, actor=actor, at=utcnow(), detail=detail
    )
    refresh_summary(session, row, checklist)
    session.flush()
    keep_line_events(session, contents)  # the bundle's events the merge names, and theirs
    session.flush()
    verdict = verify_history(session, row.id, check_evidence=False)
    if not verdict.intact:
        raise BundleError(
            _(
                "merging would leave assessment {id} failing its checks ({reason}); nothing was "
                "imported"
            ).format(id=row.id, reason=verdict.reason)
        )
    return len(detail["changes"])


def _file_name(name: str) -> str:
    """The bundle's file name as the trail keeps it: text the app accepts, else nothing."""
    try:
        return clean_text(name, field=_("file name"), required=False)
    except RuleError:
        return ""  # a name holding controls says nothing worth keeping in the trail


def _write_row(
    session: Session, row: Assessment, entity: Entity, values: Mapping[str, Any]
) -> None:
    kind, key = entity
    if kind == "assessment":
        for name in ASSESSMENT_FIELDS:
            if name == "scope":
                row.scope_json = canonical_json(values["scope"])
            else:
                setattr(row, name, values[name])
        return
    model, column = _MODELS[kind]
    match = key if column == "item_id" else int(key)
    found = session.scalars(
        select(model).where(model.assessment_id == row.id, getattr(model, column) == match)
    ).one_or_none()
    columns = _row_columns(kind, values)
    if found is None:
        session.execute(insert(model), [{"assessment_id": row.id, column: match, **columns}])
    else:
        for name, value in columns.items():
            setattr(found, name, value)


@dataclass(frozen=True)
class Settling:
    """How a merge's conflicts are settled, who merges, and whether only to say what happens."""

    take: Side | None
    choices: Mapping[str, Side] | None
    actor: str | None
    dry_run: bool


def run_merge(
    prepared: PreparedImport,
    session: Session,
    plan: ImportPlan,
    result: ImportResult,
    settling: Settling,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ImportResult:
    """Merge the bundle's copy with this one, or say what merging would do (a dry run).

    A dry run lists the conflicts left unsettled in the result; an import refuses them
    (`MergeConflictError`). Either way every evidence file is checked as it is read.

    Raises:
        MergeConflictError: an import with conflicts left unsettled.
        BundleError: a choice names no conflict, the merge would change a signed-off
            assessment, nobody is named as merging, or a check failed.
    """
    from app.bundles.importing import Outcome, SettledConflict

    assert plan.comparison is not None
    merge = plan_merge(session, prepared.contents, plan.comparison.shared, ancestor=plan.ancestor)
    choices = dict(settling.choices or {})
    settled = settling.take is not None or all(c.key in choices for c in merge.conflicts)
    outcome, events = plan.outcome, 1
    if settled:
        merged = settled_state(merge, take=settling.take, choices=choices)
        check_seal(merge, merged, prepared.checklist)
        if not merge.conflicts and not has_changes(merge, merged):
            outcome, events = Outcome.UNCHANGED, 0  # nothing to take: the same state
    result = replace(
        result,
        outcome=outcome,
        events_added=events,
        taken=merge.taken,
        kept=merge.kept,
        conflicts=() if settled else merge.conflicts,
        settled_conflicts=tuple(
            SettledConflict(c, choices.get(c.key) or settling.take or Side.MINE)
            for c in merge.conflicts
        )
        if settled
        else (),
        renumbered=merge.renumbered,
        renumbered_side=merge.renumbered_side,
    )
    reader = prepared.reader
    if settling.dry_run and settled and outcome is not Outcome.UNCHANGED:
        detail = merge_detail(
            merge, merged, take=settling.take, choices=choices, source=reader.path.name
        )
        check_merged_trail(
            session, prepared.contents, merge, detail, actor=settling.actor or _("(dry run)")
        )
    if settling.dry_run or outcome is Outcome.UNCHANGED:
        reader.check_files(progress=progress, cancelled=cancelled)
        return result
    if not settled:
        settled_state(merge, take=settling.take, choices=choices)  # raises, listing them
    if settling.actor is None:
        raise BundleError(
            _("say who is merging these copies"),
            command_hint=_(
                "add --by NAME, or save your name once with: compliance-desk settings --name NAME"
            ),
            window_hint=_("give your name in the preferences"),
        )
    store_files(session, reader, prepared.contents, utcnow(), progress, cancelled)
    write_merge(
        session,
        prepared.contents,
        merge,
        prepared.checklist,
        actor=settling.actor,
        take=settling.take,
        choices=choices,
        source=reader.path.name,
    )
    return result
