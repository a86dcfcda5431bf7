"""What a replayed sign-off must have met: the gate, and a self-review said as such.

The app signs off only past the gate (`app/signoff_gate.py`), and records a review by the
assessor as a self-review. A trail written by other means could hold a sign-off of an
unfinished assessment, or a self-review passed off as independent; replaying the trail with
this check names such a sign-off, in `history --verify` and in a bundle's checks.
"""

from __future__ import annotations

from app.audit_replay import SignOffCheck
from app.checklists.model import Checklist
from app.dto import AuditEventSnapshot
from app.i18n import _
from app.name_keys import name_key, same_person
from app.replay_state import ASSESSMENT, State
from app.signoff_gate import GateAnswer, item_blockers
from app.values import ActionStatus, AnswerValue


def _answers(state: State) -> dict[str, GateAnswer]:
    return {
        key: GateAnswer(
            AnswerValue(values["value"]),
            str(values["note"]),
            bool(values.get("risk_accepted", False)),
            bool(values.get("carried_over", False)),
        )
        for (kind, key), values in state.items()
        if kind == "answer"
    }


def _planned(state: State) -> set[str]:
    return {
        str(values["item_id"])
        for (kind, _key), values in state.items()
        if kind == "action"
        and not ActionStatus(values["status"]).is_closed
        and str(values["owner"]).strip()
        and values["due"] is not None
    }


def signoff_check(checklist: Checklist) -> SignOffCheck:
    """The check of each sign-off of an assessment of `checklist`, for `replay`."""

    def check(state: State, event: AuditEventSnapshot) -> str | None:
        head = state[ASSESSMENT]
        blockers = item_blockers(
            checklist, head.get("scope") or {}, _answers(state), _planned(state)
        )
        if blockers:
            return _("event {n} is a sign-off the gate did not allow: {blocker}").format(
                n=event.seq, blocker=blockers[0].message
            )
        name = str(event.detail["name"])
        assessor = str(head.get("assessor") or "")
        author = assessor if name_key(assessor) else str(head.get("created_by", ""))
        if same_person(author, name) and not event.detail.get("self_review", False):
            return _(
                "event {n} is a sign-off by the assessor, {name}, not recorded as a self-review"
            ).format(n=event.seq, name=name)
        return None

    return check
