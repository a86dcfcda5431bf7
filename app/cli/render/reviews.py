"""Next reviews and comparisons as `review next` and `compare` print them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.cli.render.assessments import action_json
from app.cli.render.basics import lines_text, score_text, table
from app.comparison import Comparison
from app.i18n import _, ngettext
from app.values import AnswerValue, ItemChange
from app.wording import (
    answer_word,
)

if TYPE_CHECKING:
    from app.services.reviews import NextReview


def next_review_json(result: NextReview) -> dict[str, Any]:
    """What `review next --json` prints: the new assessment, and what was carried or left."""
    return {
        "id": result.snapshot.id,
        "previous": result.previous.id,
        "title": result.snapshot.title,
        "checklist": {
            "id": result.snapshot.checklist.id,
            "version": result.snapshot.checklist.version,
            "previous_version": result.previous.checklist.version,
        },
        "scope": dict(result.snapshot.scope),
        "carried": list(result.carried_answers),
        "changed": list(result.changed),
        "new": list(result.new),
        "dropped": [
            {"item": d.item_id, "question": d.question, "value": d.value.value, "note": d.note}
            for d in result.dropped
        ],
        "actions": {
            "carried": [action_json(a) for a in result.carried_actions],
            "left_behind": [action_json(a) for a in result.left_actions],
        },
        "evidence_carried": result.carried_evidence,
    }


def next_review_text(result: NextReview) -> str:
    """What `review next` prints after the new id: what was carried, changed, new, dropped."""
    snap, previous = result.snapshot, result.previous
    lines = [
        _("Next review of {old}: checklist {id} {then} -> {now}, scope {scope}").format(
            old=previous.id,
            id=snap.checklist.id,
            then=previous.checklist.version,
            now=snap.checklist.version,
            scope=", ".join(f"{k}={v}" for k, v in snap.scope.items()) or _("none"),
        ),
        _("  carried over (to confirm or change): {answers}, {files}").format(
            answers=ngettext("{n} answer", "{n} answers", len(result.carried_answers)).format(
                n=len(result.carried_answers)
            ),
            files=ngettext(
                "{n} evidence file", "{n} evidence files", result.carried_evidence
            ).format(n=result.carried_evidence),
        ),
        _("  actions carried over: {n}; done or cancelled ones stay with {old}").format(
            n=len(result.carried_actions), old=previous.id
        ),
        _("  changed questions, to answer anew: {n}").format(n=len(result.changed)),
        *("    " + item_id for item_id in result.changed),
        _("  new items: {n}").format(n=len(result.new)),
        *("    " + item_id for item_id in result.new),
        _("  dropped by this version: {n}").format(n=len(result.dropped)),
        *(
            "    "
            + _("{item}: {question} (was {value})").format(
                item=d.item_id, question=d.question, value=answer_word(d.value)
            )
            for d in result.dropped
        ),
    ]
    for action in result.left_actions:
        lines.append(
            "  "
            + _("action #{id} '{title}' stays with {old}: its item was dropped").format(
                id=action.id, title=action.title, old=previous.id
            )
        )
    return lines_text(lines)


def _value_json(value: AnswerValue | None) -> str | None:
    return None if value is None else value.value


def comparison_json(comparison: Comparison, old_id: str, new_id: str) -> dict[str, Any]:
    """What `compare --json` prints.

    `change` keeps to the contract's five words: an answer carried over and not yet confirmed
    is `unchanged` there, with `carried_over: true` beside it (and its own count). `in_scope`
    is false for an item neither assessment's scope includes; such items are counted apart
    (`counts.out_of_scope`), not in the count of their change.
    """
    return {
        "old": old_id,
        "new": new_id,
        "items": [
            {
                "item": i.item_id,
                "old": _value_json(i.old),
                "new": _value_json(i.new),
                "change": (
                    ItemChange.UNCHANGED.value if i.change is ItemChange.CARRIED else i.change.value
                ),
                "carried_over": i.change is ItemChange.CARRIED,
                "question_changed": i.question_changed,
                "in_scope": i.in_scope,
                "section": i.section,
            }
            for i in comparison.items
        ],
        "score": {"old": comparison.old_score, "new": comparison.new_score},
        "sections": [
            {"id": s.section_id, "title": s.title, "old": s.old, "new": s.new}
            for s in comparison.sections
        ],
        "counts": {change.value: n for change, n in comparison.counts.items()}
        | {"out_of_scope": len(comparison.out_of_scope)},
    }


def _value_text(value: AnswerValue | None) -> str:
    return "-" if value is None else answer_word(value)


def comparison_text(comparison: Comparison, old_id: str, new_id: str) -> str:
    """What `compare` prints: scores, sections, then the items by kind of change.

    Every kind the count line counts is listed, the unchanged ones last, so each figure can
    be checked against the items it stands for.
    """
    counts = comparison.counts
    lines = [
        _("{old} -> {new}: score {before} -> {after}").format(
            old=old_id,
            new=new_id,
            before=score_text(comparison.old_score),
            after=score_text(comparison.new_score),
        ),
        _(
            "{improved} improved, {regressed} regressed, {unchanged} unchanged, {carried} "
            "carried over and not yet confirmed, {new} new, {removed} removed, out of scope: "
            "{out_of_scope}"
        ).format(
            **{c.value: counts[c] for c in ItemChange},
            out_of_scope=len(comparison.out_of_scope),
        ),
        "",
    ]
    rows = [[s.title, score_text(s.old), score_text(s.new)] for s in comparison.sections]
    lines.extend(table([_("SECTION"), _("BEFORE"), _("AFTER")], rows, [50, 8, 8]).splitlines())
    headings = {
        ItemChange.REGRESSED: _("Regressed:"),
        ItemChange.IMPROVED: _("Improved:"),
        ItemChange.NEW: _("New:"),
        ItemChange.REMOVED: _("Removed:"),
        ItemChange.CARRIED: _("Carried over, not yet confirmed:"),
        ItemChange.UNCHANGED: _("Unchanged:"),
    }
    for change, heading in headings.items():
        found = comparison.of(change)
        if not found:
            continue
        lines += ["", heading]
        lines.extend(
            f"  {i.item_id}: {_value_text(i.old)} -> {_value_text(i.new)}"
            + (" " + _("(question changed)") if i.question_changed else "")
            for i in found
        )
    if comparison.out_of_scope:
        lines += ["", _("Out of scope in both (not counted as unchanged):")]
        lines.extend(f"  {i.item_id}" for i in comparison.out_of_scope)
    return lines_text(lines)
