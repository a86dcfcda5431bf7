"""Why an item is out of scope, said with the checklist's own scope questions and options."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.checklists.model import Item
from app.dto import AssessmentSnapshot


def why_out_of_scope(snap: AssessmentSnapshot, item: Item) -> str:
    """The scope answers that leave the item out, in the checklist's own words."""
    reasons = []
    for condition in item.applies_if:
        chosen = snap.scope.get(condition.question, "")
        if chosen in condition.options:
            continue
        question = next((q for q in snap.checklist.scope if q.id == condition.question), None)
        if question is None:
            continue
        wanted = [option.label for option in question.options if option.id in condition.options]
        answered = question.option(chosen)
        reasons.append(
            QCoreApplication.translate("ScopeReasons", "it applies when “%1” is %2; here: %3")
            .replace("%1", question.question)
            .replace("%2", QCoreApplication.translate("ScopeReasons", " or ").join(wanted))
            .replace("%3", answered.label if answered is not None else "—")
        )
    return "; ".join(reasons)
