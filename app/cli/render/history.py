"""An assessment's history and its verdict as `history` prints them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.audit_text import describe_event
from app.checklists.model import Checklist
from app.cli.render.basics import lines_text
from app.dto import (
    AuditEventSnapshot,
)
from app.i18n import ngettext
from app.locale_text import count
from app.terminal import for_terminal
from app.trail_verdict import HistoryVerdict


def event_json(e: AuditEventSnapshot) -> dict[str, Any]:
    """One audit event as JSON."""
    return {
        "seq": e.seq,
        "at": e.at.isoformat(timespec="microseconds"),
        "actor": e.actor,
        "kind": e.kind,
        "item": e.item_id,
        "detail": dict(e.detail),
        "hash": e.hash,
    }


def history_text(events: Sequence[AuditEventSnapshot], checklist: Checklist) -> str:
    """The audit trail, one event per line; items named by their question in `checklist`."""
    return lines_text(
        [
            f"#{e.seq:<4} {e.at.strftime('%Y-%m-%d %H:%M:%S')}Z  {e.actor}  "
            + describe_event(e, checklist)
            for e in events
        ]
    )


def verdict_text(assessment_id: str, verdict: HistoryVerdict) -> str:
    """A passed verification, for people."""
    return for_terminal(
        ngettext(
            "audit trail of {id} is intact: {n} event; replaying it gives the answers, notes, "
            "actions, evidence and sign-offs stored",
            "audit trail of {id} is intact: {n} events, each linked to the one before; "
            "replaying them gives the answers, notes, actions, evidence and sign-offs stored",
            verdict.events,
        ).format(id=assessment_id, n=count(verdict.events))
    )


# More lines than this would bury the first; `--json` lists every problem.
MAX_PROBLEM_LINES = 20


def problem_lines(verdict: HistoryVerdict) -> list[str]:
    """Each problem a verification found, as a line of its own (the first ones only)."""
    lines = [p.message for p in verdict.problems[:MAX_PROBLEM_LINES]]
    hidden = len(verdict.problems) - MAX_PROBLEM_LINES
    if hidden > 0:
        lines.append(
            ngettext(
                "and {n} more problem (history --verify --json lists them all)",
                "and {n} more problems (history --verify --json lists them all)",
                hidden,
            ).format(n=count(hidden))
        )
    return lines


def history_verdict_json(assessment_id: str, verdict: HistoryVerdict) -> dict[str, Any]:
    """A verification's result as JSON: intact, or every problem found."""
    return {
        "assessment": assessment_id,
        "intact": verdict.intact,
        "events": verdict.events,
        "altered_since_signoff": verdict.altered_since_signoff,
        "problems": [
            {"kind": p.kind.value, "event": p.seq, "message": p.message} for p in verdict.problems
        ],
    }
