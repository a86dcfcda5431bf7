"""The canonical fingerprint of an assessment: what a sign-off approves.

It covers the checklist as used (id, version and the SHA-256 of its copy), the assessment's
identity, organisation, title and assessor, the scope answers, every answer, note and accepted
risk, every action, and the name and SHA-256 of every attached evidence file. It leaves out who
typed what when (that is the audit trail's job), so re-saving an unchanged answer never changes
it, while any change to a covered field always does.

An action's status counts as sealed at sign-off: remediation recorded after the sign-off (the
status now, progress notes) is not what the reviewer approved, so it leaves the fingerprint alone.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from app.checklists.model import canonical_json

if TYPE_CHECKING:
    from app.dto import AssessmentSnapshot

FINGERPRINT_VERSION = 2


def canonical_content(snapshot: AssessmentSnapshot) -> dict[str, Any]:
    """The covered fields as plain, ordered data."""
    return {
        "fingerprint_version": FINGERPRINT_VERSION,
        "assessment": snapshot.id,
        "organisation": snapshot.organisation,
        "title": snapshot.title,
        "assessor": snapshot.assessor,
        "checklist": {
            "id": snapshot.checklist.id,
            "version": snapshot.checklist.version,
            "sha256": snapshot.checklist.sha256,
        },
        "scope": dict(sorted(snapshot.scope.items())),
        "answers": {
            item_id: {
                "value": answer.value.value,
                "note": answer.note,
                "risk_accepted": answer.risk_accepted,
            }
            for item_id, answer in sorted(snapshot.answers.items())
            if answer.value.is_answered or answer.note or answer.risk_accepted
        },
        "actions": [
            {
                "item": action.item_id,
                "title": action.title,
                "owner": action.owner,
                "due": action.due.isoformat(),
                "status": action.sealed_status.value,
            }
            for action in sorted(snapshot.actions, key=lambda a: a.id)
        ],
        "evidence": sorted(
            [
                {"item": e.item_id, "name": e.name, "sha256": e.sha256}
                for e in snapshot.evidence
                if e.active
            ],
            key=lambda e: (e["item"], e["sha256"], e["name"]),
        ),
    }


def fingerprint(snapshot: AssessmentSnapshot) -> str:
    """SHA-256 hex of the canonical content."""
    return hashlib.sha256(canonical_json(canonical_content(snapshot)).encode("utf-8")).hexdigest()
