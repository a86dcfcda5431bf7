"""The canonical fingerprint of an assessment: what a sign-off approves.

It covers the checklist as used (id, version and the SHA-256 of its copy), the assessment's
identity, organisation, title and assessor, the scope answers, every answer, note and accepted
risk, every action, and the name and SHA-256 of every attached evidence file. It leaves out who
typed what when (that is the audit trail's job), so re-saving an unchanged answer never changes
it, while any change to a covered field always does.

An action's status counts as sealed at sign-off: remediation recorded after the sign-off (the
status now, progress notes) is not what the reviewer approved, so it leaves the fingerprint alone.

The covered fields are gathered as plain values (`SealedContent`) so that the same hash can be
made from a snapshot or, for many assessments at once, straight from the rows (the list does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from app.checklists.model import canonical_json

if TYPE_CHECKING:
    from app.dto import AssessmentSnapshot

FINGERPRINT_VERSION = 2


class SealedAnswer(NamedTuple):
    """An answer as covered: its value, note and accepted risk (a tuple: the list makes many)."""

    item_id: str
    value: str
    note: str
    risk_accepted: bool


class SealedAction(NamedTuple):
    """An action as covered; `status` is the one sealed at sign-off (the status, in a draft)."""

    id: int
    item_id: str
    title: str
    owner: str
    due: str
    status: str


@dataclass(frozen=True)
class SealedContent:
    """Every covered field of one assessment, as plain values.

    `answers` holds every answer row (unanswered ones without a note are left out of the hash);
    `evidence` holds (item, name, SHA-256) of the files still attached.
    """

    assessment_id: str
    organisation: str
    title: str
    assessor: str
    checklist_id: str
    checklist_version: str
    checklist_sha256: str
    scope: Mapping[str, str]
    answers: Sequence[SealedAnswer]
    actions: Sequence[SealedAction]
    evidence: Sequence[tuple[str, str, str]]


def sealed_content(snapshot: AssessmentSnapshot) -> SealedContent:
    """The covered fields of a snapshot."""
    return SealedContent(
        assessment_id=snapshot.id,
        organisation=snapshot.organisation,
        title=snapshot.title,
        assessor=snapshot.assessor,
        checklist_id=snapshot.checklist.id,
        checklist_version=snapshot.checklist.version,
        checklist_sha256=snapshot.checklist.sha256,
        scope=snapshot.scope,
        answers=[
            SealedAnswer(a.item_id, a.value.value, a.note, a.risk_accepted)
            for a in snapshot.answers.values()
        ],
        actions=[
            SealedAction(
                a.id, a.item_id, a.title, a.owner, a.due.isoformat(), a.sealed_status.value
            )
            for a in snapshot.actions
        ],
        evidence=[(e.item_id, e.name, e.sha256) for e in snapshot.evidence if e.active],
    )


def canonical_content(content: SealedContent) -> dict[str, Any]:
    """The covered fields as plain, ordered data."""
    return {
        "fingerprint_version": FINGERPRINT_VERSION,
        "assessment": content.assessment_id,
        "organisation": content.organisation,
        "title": content.title,
        "assessor": content.assessor,
        "checklist": {
            "id": content.checklist_id,
            "version": content.checklist_version,
            "sha256": content.checklist_sha256,
        },
        "scope": dict(sorted(content.scope.items())),
        "answers": {
            answer.item_id: {
                "value": answer.value,
                "note": answer.note,
                "risk_accepted": answer.risk_accepted,
            }
            for answer in sorted(content.answers, key=lambda a: a.item_id)
            if answer.value != "unanswered" or answer.note or answer.risk_accepted
        },
        "actions": [
            {
                "item": action.item_id,
                "title": action.title,
                "owner": action.owner,
                "due": action.due,
                "status": action.status,
            }
            for action in sorted(content.actions, key=lambda a: a.id)
        ],
        "evidence": sorted(
            [{"item": item, "name": name, "sha256": sha} for item, name, sha in content.evidence],
            key=lambda e: (e["item"], e["sha256"], e["name"]),
        ),
    }


def fingerprint_of(content: SealedContent) -> str:
    """SHA-256 hex of the canonical content."""
    return hashlib.sha256(canonical_json(canonical_content(content)).encode("utf-8")).hexdigest()


def fingerprint(snapshot: AssessmentSnapshot) -> str:
    """SHA-256 hex of a snapshot's canonical content."""
    return fingerprint_of(sealed_content(snapshot))
