"""What the command line prints: JSON documents and plain-text tables.

Every text here is a block for `app.cli.output.out`: its lines are the renderer's, and each
value in them is escaped (`lines_text`, `table`), so a line break in a value can't make a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from app.audit_text import describe_event
from app.backups import BackupContents, BackupInfo, reason_word
from app.checklists.library import LibraryEntry
from app.checklists.model import Checklist
from app.comparison import Comparison
from app.dto import (
    ActionSnapshot,
    AssessmentSnapshot,
    AssessmentSummary,
    AuditEventSnapshot,
    BinEntry,
    BinnedAssessment,
    EvidenceSnapshot,
    SignOffSnapshot,
)
from app.i18n import _, ngettext
from app.paths import Paths
from app.scoring import Tally
from app.services.reviews import NextReview
from app.settings import Settings
from app.terminal import for_terminal
from app.trail_verdict import HistoryVerdict
from app.values import AnswerValue, ItemChange, ReviewMark
from app.wording import (
    action_status_word,
    answer_word,
    assessment_status_word,
    item_label,
    score_words,
    severity_word,
    stored_status_word,
)


def iso(moment: datetime) -> str:
    """An aware time as ISO 8601 in UTC, to the second."""
    return moment.isoformat(timespec="seconds")


def score_text(score: float | None) -> str:
    """A score for people: "87.5%", or a dash when there is none."""
    return "-" if score is None else f"{score:.1f}%"


def lines_text(lines: Sequence[str]) -> str:
    """Lines joined for printing, each kept to one line.

    A value holding a line break or an escape sequence is shown escaped, so it can't forge a line
    of its own.
    """
    return "\n".join(for_terminal(line) for line in lines)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """Columns padded to their content, each cut to its maximum width."""

    def cut(text: str, limit: int) -> str:
        return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"

    cells = [
        [cut(for_terminal(c), w) for c, w in zip(row, widths, strict=True)]
        for row in [headers, *rows]
    ]
    sizes = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


# Checklists


def checklist_json(entry: LibraryEntry) -> dict[str, Any]:
    """One library entry for `checklists --json`."""
    c = entry.checklist
    return {
        "id": c.id,
        "version": c.version,
        "title": c.title,
        "items": c.item_count,
        "sections": len(c.sections),
        "sha256": c.sha256,
        "origin": entry.origin.value,
        "path": str(entry.path),
        "scope": [
            {"id": q.id, "question": q.question, "options": [o.id for o in q.options]}
            for q in c.scope
        ],
    }


def checklists_text(entries: Sequence[LibraryEntry]) -> str:
    """The library as a table."""
    if not entries:
        return _("No checklists available.")
    rows = [
        [
            e.checklist.id,
            e.checklist.version,
            str(e.checklist.item_count),
            e.origin.value,
            e.checklist.title,
        ]
        for e in entries
    ]
    return table(
        [_("ID"), _("VERSION"), _("ITEMS"), _("ORIGIN"), _("TITLE")], rows, [40, 16, 6, 9, 70]
    )


# Assessments


def summary_json(s: AssessmentSummary) -> dict[str, Any]:
    """One assessment for `list --json`."""
    return {
        "id": s.id,
        "title": s.title,
        "organisation": s.organisation,
        "assessor": s.assessor,
        "checklist": {
            "id": s.checklist_id,
            "version": s.checklist_version,
            "title": s.checklist_title,
        },
        "status": s.status.value,
        "progress": {"answered": s.answered, "applicable": s.applicable, "total": s.total},
        "score": s.score,
        "created_at": iso(s.created_at),
        "updated_at": iso(s.updated_at),
        "altered_since_signoff": s.altered_since_signoff,
    }


def summaries_text(summaries: Sequence[AssessmentSummary]) -> str:
    """The assessments as a table."""
    if not summaries:
        return _("No assessments yet. Create one with: compliance-desk new --checklist ID ...")
    rows = [
        [
            s.id,
            s.organisation,
            s.title,
            f"{s.checklist_id} {s.checklist_version}",
            f"{s.answered}/{s.applicable}",
            score_text(s.score),
            _("altered since sign-off")
            if s.altered_since_signoff
            else assessment_status_word(s.status),
            s.updated_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for s in summaries
    ]
    headers = [
        _("ID"),
        _("ORGANISATION"),
        _("TITLE"),
        _("CHECKLIST"),
        _("ANSWERED"),
        _("SCORE"),
        _("STATUS"),
        _("UPDATED (UTC)"),
    ]
    return table(headers, rows, [12, 30, 40, 40, 9, 6, 22, 16])


def _tally_json(t: Tally) -> dict[str, Any]:
    return {
        "applicable": t.applicable,
        "answered": t.answered,
        "total": t.total,
        "score": t.score,
        "points": float(t.points),
        "weight": t.weight,
        "counts": {v.value: t.count(v) for v in AnswerValue},
    }


def action_json(a: ActionSnapshot) -> dict[str, Any]:
    """One action as JSON."""
    return {
        "id": a.id,
        "item": a.item_id,
        "title": a.title,
        "owner": a.owner,
        "due": a.due.isoformat(),
        "status": a.status.value,
        "status_at_signoff": a.status_at_signoff.value if a.status_at_signoff else None,
        "progress_note": a.progress_note,
        "created_at": iso(a.created_at),
        "updated_at": iso(a.updated_at),
    }


def action_progress_lines(a: ActionSnapshot) -> list[str]:
    """What moved on since the sign-off, and the progress note, for people (may be none)."""
    lines = []
    if a.status_at_signoff is not None and a.status is not a.status_at_signoff:
        lines.append(
            _("status at sign-off: {then}; status now: {now}").format(
                then=action_status_word(a.status_at_signoff), now=action_status_word(a.status)
            )
        )
    if a.progress_note:
        lines.append(_("progress: {note}").format(note=a.progress_note.replace("\n", " ")))
    return lines


def evidence_json(e: EvidenceSnapshot) -> dict[str, Any]:
    """One attached file as JSON."""
    return {
        "id": e.id,
        "item": e.item_id,
        "name": e.name,
        "size": e.size,
        "sha256": e.sha256,
        "note": e.note,
        "added_by": e.added_by,
        "added_at": iso(e.added_at),
        "applies_on": e.dated.isoformat(),
        "valid_until": e.valid_until.isoformat() if e.valid_until else None,
        "expired": e.expired(date.today()),
        "carried_over": e.carried_over,
    }


def evidence_dates_text(e: EvidenceSnapshot) -> str:
    """When an attached file applies, until when it counts, and whether it came with a review."""
    text = _("applies on {on}").format(on=e.dated.isoformat())
    if e.valid_until is not None:
        text += "; " + _("valid until {until}").format(until=e.valid_until.isoformat())
        if e.expired(date.today()):
            text += " " + _("(EXPIRED)")
    if e.carried_over:
        text += "; " + _("carried over from the last review")
    return text


def evidence_text(attached: Sequence[EvidenceSnapshot]) -> str:
    """Attached files as a table."""
    if not attached:
        return _("No evidence attached.")
    today = date.today()
    rows = [
        [
            str(e.id),
            e.item_id,
            e.name,
            str(e.size),
            e.sha256[:16],
            e.added_by,
            e.dated.isoformat(),
            (e.valid_until.isoformat() if e.valid_until else "-")
            + (" " + _("EXPIRED") if e.expired(today) else ""),
        ]
        for e in attached
    ]
    return table(
        [
            _("ID"),
            _("ITEM"),
            _("NAME"),
            _("BYTES"),
            _("SHA-256"),
            _("ADDED BY"),
            _("APPLIES ON"),
            _("VALID UNTIL"),
        ],
        rows,
        [6, 36, 40, 10, 16, 30, 10, 20],
    )


def signoff_json(s: SignOffSnapshot) -> dict[str, Any]:
    """A sign-off as JSON."""
    return {
        "id": s.id,
        "name": s.name,
        "role": s.role,
        "at": iso(s.signed_at),
        "statement": s.statement,
        "fingerprint": s.fingerprint,
        "void": s.void,
        "voided_at": iso(s.voided_at) if s.voided_at else None,
        "voided_by": s.voided_by,
        "void_reason": s.void_reason,
        "self_review": s.self_review,
        "trail": {"seq": s.trail_seq, "hash": s.trail_hash} if s.trail_seq is not None else None,
    }


def assessment_json(snap: AssessmentSnapshot) -> dict[str, Any]:
    """`show --json`: the keys of the command-line contract, plus sections and times."""
    sheet = snap.score_sheet
    answers = []
    for item in snap.checklist.items:
        answer = snap.answers.get(item.id)
        answers.append(
            {
                "item": item.id,
                "section": snap.checklist.section_of(item.id).id,  # type: ignore[union-attr]
                "severity": item.severity.value,
                "value": snap.value_of(item.id).value,
                "note": snap.note_of(item.id),
                "in_scope": snap.in_scope(item),
                "answered_by": answer.answered_by if answer else None,
                "answered_at": iso(answer.answered_at) if answer else None,
                "carried_over": snap.carried_over(item.id),
                "review_mark": mark.value if (mark := snap.review_mark(item.id)) else None,
            }
        )
    return {
        "id": snap.id,
        "title": snap.title,
        "organisation": snap.organisation,
        "assessor": snap.assessor,
        "checklist": {
            "id": snap.checklist.id,
            "version": snap.checklist.version,
            "sha256": snap.checklist.sha256,
            "title": snap.checklist.title,
        },
        "scope": dict(snap.scope),
        "status": snap.status.value,
        "progress": {
            "answered": sheet.overall.answered,
            "applicable": sheet.overall.applicable,
            "total": sheet.overall.total,
        },
        "score": sheet.overall.score,
        "sections": [
            {"id": st.section.id, "title": st.section.title, **_tally_json(st.tally)}
            for st in sheet.sections
        ],
        "answers": answers,
        "actions": [action_json(a) for a in snap.actions],
        "evidence": [evidence_json(e) for e in snap.evidence if e.active],
        "signoff": signoff_json(snap.signoff) if snap.signoff else None,
        "signoffs": [signoff_json(s) for s in snap.signoffs],
        "fingerprint": snap.fingerprint,
        "altered_since_signoff": snap.altered_since_signoff,
        "recycle_bin": bin_entry_json(snap.binned),
        "created_at": iso(snap.created_at),
        "updated_at": iso(snap.updated_at),
        "previous": snap.previous_id,
        "review": review_json(snap),
    }


def review_json(snap: AssessmentSnapshot) -> dict[str, Any] | None:
    """What a next review was started from: the last review, changed, new and dropped items."""
    review = snap.review
    if review is None:
        return None
    return {
        "previous": review.previous_id,
        "previous_title": review.previous_title,
        "previous_checklist_version": review.previous_version,
        "awaiting_confirmation": sorted(k for k, a in snap.answers.items() if a.carried_over),
        "changed": sorted(review.changed),
        "new": sorted(review.new),
        "dropped": [
            {"item": d.item_id, "question": d.question, "value": d.value.value, "note": d.note}
            for d in review.dropped
        ],
    }


def _altered_lines(snap: AssessmentSnapshot) -> list[str]:
    signoff = snap.signoff
    if signoff is None or not snap.altered_since_signoff:
        return []
    return [
        _(
            "ALTERED SINCE SIGN-OFF: this is not what {name} approved on {at}. Its fingerprint "
            "is now {now}; the sign-off approved {then}. The workspace was changed outside "
            "Compliance Desk; history --verify names what differs."
        ).format(
            name=signoff.name,
            at=iso(signoff.signed_at),
            now=snap.fingerprint,
            then=signoff.fingerprint,
        )
    ]


def review_mark_text(mark: ReviewMark) -> str:
    """A next review's mark on an item, in words."""
    return {
        ReviewMark.CARRIED: _("carried over from the last review; confirm or change it"),
        ReviewMark.CHANGED: _("question changed since the last review: answer it anew"),
        ReviewMark.NEW: _("new in this checklist version"),
    }[mark]


def _review_lines(snap: AssessmentSnapshot) -> list[str]:
    review = snap.review
    if review is None:
        if snap.previous_id:
            return [_("Next review of {id}").format(id=snap.previous_id)]
        return []
    waiting = sum(1 for a in snap.answers.values() if a.carried_over)
    lines = [
        _("Next review of {id}, '{title}' (checklist version {version})").format(
            id=review.previous_id, title=review.previous_title, version=review.previous_version
        ),
        _(
            "  {waiting} carried-over answers await confirmation; {changed} items changed, "
            "{new} new, {dropped} dropped"
        ).format(
            waiting=waiting,
            changed=len(review.changed),
            new=len(review.new),
            dropped=len(review.dropped),
        ),
    ]
    if review.dropped:
        lines.append(_("  Dropped by this checklist version (answered in the last review):"))
        lines.extend(
            "    "
            + _("{item}: {question} (was {value})").format(
                item=d.item_id, question=d.question, value=answer_word(d.value)
            )
            for d in review.dropped
        )
    return lines


def assessment_text(snap: AssessmentSnapshot) -> str:
    """`show`: a readable account of the assessment."""
    sheet = snap.score_sheet
    c = snap.checklist
    scope = ", ".join(f"{k}={v}" for k, v in snap.scope.items()) or _("none")
    lines = [
        f"{snap.title} — {snap.organisation}",
        _("Assessment {id} ({status}); assessor: {assessor}").format(
            id=snap.id, status=assessment_status_word(snap.status), assessor=snap.assessor or "-"
        ),
        *_altered_lines(snap),
        *([bin_entry_line(snap.id, snap.binned)] if snap.binned is not None else []),
        _("Checklist: {title} ({id} {version}, sha256 {sha})").format(
            title=c.title, id=c.id, version=c.version, sha=c.sha256[:12]
        ),
        _("Scope: {scope}").format(scope=scope),
        _("Progress: {answered} of {applicable} applicable items answered ({total} in all)").format(
            answered=sheet.overall.answered,
            applicable=sheet.overall.applicable,
            total=sheet.overall.total,
        ),
        score_words(sheet.overall.score, sheet.overall.answered, sheet.overall.applicable),
        _("Fingerprint: {fp}").format(fp=snap.fingerprint),
        *_review_lines(snap),
        "",
    ]
    rows = [
        [
            st.section.title,
            f"{st.tally.answered}/{st.tally.applicable}",
            f"{st.tally.points}/{st.tally.weight}",
            score_text(st.tally.score),
        ]
        for st in sheet.sections
    ]
    lines.extend(
        table(
            [_("SECTION"), _("ANSWERED"), _("POINTS"), _("SCORE")], rows, [50, 9, 12, 6]
        ).splitlines()
    )
    lines.append("")
    for section in c.sections:
        lines.append(f"[{section.title}]")
        for item in section.items:
            value = (
                answer_word(snap.value_of(item.id)) if snap.in_scope(item) else _("Out of scope")
            )
            lines.append(f"  {value:<14} {severity_word(item.severity):<6}  {item_label(item)}")
            mark = snap.review_mark(item.id)
            if mark is not None:
                lines.append("      " + review_mark_text(mark))
            note = snap.note_of(item.id)
            if note:
                lines.append("      " + _("note: {note}").format(note=note.replace("\n", " ")))
            answer = snap.answers.get(item.id)
            if answer is not None and answer.risk_accepted:
                lines.append("      " + _("risk accepted"))
            for e in snap.evidence_for(item.id):
                lines.append(
                    "      "
                    + _("evidence {id}: {name} (sha256 {sha}); {dates}").format(
                        id=e.id, name=e.name, sha=e.sha256[:16], dates=evidence_dates_text(e)
                    )
                )
    lines.append("")
    if snap.actions:
        lines.append(_("Actions:"))
        for a in snap.actions:
            lines.append(
                f"  #{a.id} [{action_status_word(a.status)}] {a.title} "
                + _("(owner {owner}, due {due})").format(owner=a.owner, due=a.due)
            )
            planned_for = c.item(a.item_id)
            named = item_label(planned_for) if planned_for else a.item_id
            lines.append("      " + _("for {item}").format(item=named))
            lines.extend("      " + line for line in action_progress_lines(a))
    else:
        lines.append(_("Actions: none"))
    signoff = snap.signoff
    if signoff is None:
        lines.append(_("Sign-off: none (draft)"))
    else:
        lines.append(
            _("Signed off by {name} ({role}) at {at}").format(
                name=signoff.name, role=signoff.role, at=iso(signoff.signed_at)
            )
        )
        if signoff.self_review:
            lines.append(_("  reviewed by the assessor (a self-review)"))
        lines.append(_("  fingerprint then: {fp}").format(fp=signoff.fingerprint))
        if signoff.trail_seq is not None:
            lines.append(
                _("  audit trail then: event {n}, SHA-256 {hash}").format(
                    n=signoff.trail_seq, hash=signoff.trail_hash
                )
            )
    for old in (s for s in snap.signoffs if s.void):
        lines.append(
            _("Void sign-off by {name} of {at}: reopened by {by}: {reason}").format(
                name=old.name, at=iso(old.signed_at), by=old.voided_by, reason=old.void_reason
            )
        )
    return lines_text(lines)


# Next reviews and comparisons


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
        _("  carried over (to confirm or change): {n} answers, {files} evidence files").format(
            n=len(result.carried_answers), files=result.carried_evidence
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
    """What `compare --json` prints."""
    return {
        "old": old_id,
        "new": new_id,
        "items": [
            {
                "item": i.item_id,
                "old": _value_json(i.old),
                "new": _value_json(i.new),
                "change": i.change.value,
                "question_changed": i.question_changed,
                "section": i.section,
            }
            for i in comparison.items
        ],
        "score": {"old": comparison.old_score, "new": comparison.new_score},
        "sections": [
            {"id": s.section_id, "title": s.title, "old": s.old, "new": s.new}
            for s in comparison.sections
        ],
        "counts": {change.value: n for change, n in comparison.counts.items()},
    }


def _value_text(value: AnswerValue | None) -> str:
    return "-" if value is None else answer_word(value)


def comparison_text(comparison: Comparison, old_id: str, new_id: str) -> str:
    """What `compare` prints: scores, sections, then the items by kind of change."""
    counts = comparison.counts
    lines = [
        _("{old} -> {new}: score {before} -> {after}").format(
            old=old_id,
            new=new_id,
            before=score_text(comparison.old_score),
            after=score_text(comparison.new_score),
        ),
        _(
            "{improved} improved, {regressed} regressed, {unchanged} unchanged, {new} new, "
            "{removed} removed"
        ).format(**{c.value: counts[c] for c in ItemChange}),
        "",
    ]
    rows = [[s.title, score_text(s.old), score_text(s.new)] for s in comparison.sections]
    lines.extend(table([_("SECTION"), _("BEFORE"), _("AFTER")], rows, [50, 8, 8]).splitlines())
    headings = {
        ItemChange.REGRESSED: _("Regressed:"),
        ItemChange.IMPROVED: _("Improved:"),
        ItemChange.NEW: _("New:"),
        ItemChange.REMOVED: _("Removed:"),
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
    return lines_text(lines)


# History


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
        _(
            "audit trail of {id} is intact: {n} events, each linked to the one before; "
            "replaying them gives the answers, notes, actions, evidence and sign-offs stored"
        ).format(id=assessment_id, n=verdict.events)
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
            ).format(n=hidden)
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


# Signing


def identity_json(identity: Any) -> dict[str, Any]:
    """A signing identity as JSON."""
    return {
        "id": identity.id,
        "name": identity.name,
        "role": identity.role,
        "email": identity.email,
        "source": identity.source,
        "valid_from": iso(identity.not_before),
        "valid_until": iso(identity.not_after),
        "certificate_sha256": identity.fingerprint,
    }


def identities_text(found: Sequence[Any]) -> str:
    """Signing identities as a table."""
    if not found:
        return _(
            "No signing identities yet. Create one with: compliance-desk identity create "
            "--name NAME --role ROLE"
        )
    rows = [
        [i.id, i.name, i.role, i.not_after.date().isoformat(), i.source, i.fingerprint[:16]]
        for i in found
    ]
    return table(
        [_("ID"), _("NAME"), _("ROLE"), _("VALID UNTIL"), _("SOURCE"), _("CERTIFICATE")],
        rows,
        [12, 40, 30, 11, 8, 16],
    )


def verdict_json(
    verdict: Any, match: str, history: str | None = None, reviewer: str | None = None
) -> dict[str, Any]:
    """A verification's result as JSON.

    `history` is what became of the audit trail the report was signed on, in this workspace:
    `intact`, `rewritten`, `cut` or `changed`; null when the report or workspace can't tell.
    `reviewer` is `match` when the report's reviewer signature is that of its sign-off's
    reviewer here, `mismatch` when it is someone else's or missing; null when not compared.
    """
    return {
        "ok": verdict.ok,
        "reason": verdict.reason,
        "assessment": verdict.assessment_id,
        "fingerprint": verdict.fingerprint,
        "workspace": match,
        "history": history,
        "reviewer": reviewer,
        "signatures": [
            {
                "field": s.field_name,
                "signer": s.signer,
                "role": s.role,
                "claimed_time": iso(s.claimed_time) if s.claimed_time else None,
                "certificate_sha256": s.cert_fingerprint,
            }
            for s in verdict.signatures
        ],
    }


def verify_text(verdict: Any, match: str) -> str:
    """A passed verification, in words."""
    lines = [
        _(
            "intact: {n} signature(s); the last covers the whole file; every certificate is "
            "in date and trusted"
        ).format(n=len(verdict.signatures))
    ]
    for s in verdict.signatures:
        when = s.claimed_time.strftime("%Y-%m-%d %H:%M UTC") if s.claimed_time else "?"
        role = f" ({s.role})" if s.role else ""
        lines.append(
            _(
                "  {field}: {signer}{role}, signed {when} (as the signer's computer "
                "claims), certificate SHA-256 {fp}"
            ).format(
                field=s.field_name, signer=s.signer, role=role, when=when, fp=s.cert_fingerprint
            )
        )
    lines.append(
        _("report of assessment {id}, fingerprint {fp}").format(
            id=verdict.assessment_id or "?", fp=verdict.fingerprint or "?"
        )
    )
    lines.append(match)
    return lines_text(lines)


# Settings


def settings_json(settings: Settings, paths: Paths) -> dict[str, Any]:
    """The saved settings as JSON; `name` is "" until it is set."""
    return {
        "name": settings.user_name,
        "page_size": settings.page_size,
        "evidence_limit_mb": settings.evidence_limit_mb,
        "backups_kept": settings.backups_kept,
        "data_dir": str(paths.data_dir),
    }


def settings_text(settings: Settings, paths: Paths) -> str:
    """The saved settings, one per line."""
    name = (
        settings.user_name
        if settings.has_name
        else _("not set (set it with: compliance-desk settings --name NAME)")
    )
    return lines_text(
        [
            _("Your name: {name}").format(name=name),
            _("Report paper: {size}").format(size=settings.page_size),
            _("Largest evidence file: {mb} MB").format(mb=settings.evidence_limit_mb),
            _("Backups kept: the newest {n}, and every sign-off's and update's").format(
                n=settings.backups_kept
            ),
            _("Data folder: {path}").format(path=paths.data_dir),
        ]
    )


# Backups and the recycle bin


def size_text(size: int) -> str:
    """A file size in words a person reads at a glance."""
    if size < 1024:
        return _("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return _("{n} KiB").format(n=f"{size / 1024:.0f}")
    return _("{n} MiB").format(n=f"{size / (1024 * 1024):.1f}")


def backup_json(b: BackupInfo) -> dict[str, Any]:
    """One backup for `backup list --json`."""
    return {
        "name": b.name,
        "created": iso(b.created),
        "size": b.size,
        "reason": b.reason.value,
    }


def backups_text(found: Sequence[BackupInfo], paths: Paths) -> str:
    """The backups as a table, newest last."""
    if not found:
        return _("No backups yet in {folder}. Make one with: compliance-desk backup create").format(
            folder=paths.backups_dir
        )
    rows = [
        [
            b.name,
            b.created.astimezone().strftime("%Y-%m-%d %H:%M"),
            reason_word(b.reason),
            size_text(b.size),
        ]
        for b in found
    ]
    return table([_("NAME"), _("MADE"), _("WHY"), _("SIZE")], rows, [60, 16, 32, 12])


def backup_contents_json(c: BackupContents) -> dict[str, Any]:
    """What a backup holds, for `backup show --json`."""
    return {
        **backup_json(c.info),
        "schema": c.revision,
        "needs_update": c.needs_update,
        "assessment_count": c.assessment_count,
        "assessments": [
            {
                "id": a.id,
                "title": a.title,
                "organisation": a.organisation,
                "status": a.status,
                "in_recycle_bin": a.in_bin,
            }
            for a in c.assessments
        ],
    }


def backup_contents_text(c: BackupContents) -> str:
    """What a backup holds, in words: one line per assessment."""
    lines = [
        ngettext(
            "The backup {name} ({why}, made {at}) holds {n} assessment:",
            "The backup {name} ({why}, made {at}) holds {n} assessments:",
            c.assessment_count,
        ).format(
            name=c.info.name,
            why=reason_word(c.info.reason),
            at=c.info.created.astimezone().strftime("%Y-%m-%d %H:%M"),
            n=c.assessment_count,
        )
    ]
    for a in c.assessments:
        status = stored_status_word(a.status)
        if a.in_bin:
            status = _("{status}, in the recycle bin").format(status=status)
        lines.append(f"  {a.id}  {a.title} — {a.organisation} ({status})")
    if c.assessment_count > len(c.assessments):
        lines.append("  " + _("... and {n} more").format(n=c.assessment_count - len(c.assessments)))
    if c.needs_update:
        lines.append(
            _(
                "It was made by an earlier version (schema {revision}); restoring updates it."
            ).format(revision=c.revision)
        )
    return lines_text(lines)


def binned_json(b: BinnedAssessment) -> dict[str, Any]:
    """One assessment in the recycle bin, for `trash list --json`."""
    return {
        "id": b.id,
        "title": b.title,
        "organisation": b.organisation,
        "deleted_at": iso(b.entry.deleted_at),
        "deleted_by": b.entry.deleted_by,
        "reason": b.entry.reason,
    }


def binned_text(found: Sequence[BinnedAssessment]) -> str:
    """The recycle bin as a table."""
    if not found:
        return _("The recycle bin is empty.")
    rows = [
        [
            b.id,
            b.organisation,
            b.title,
            b.entry.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            b.entry.deleted_by,
            b.entry.reason.replace("\n", " "),
        ]
        for b in found
    ]
    headers = [_("ID"), _("ORGANISATION"), _("TITLE"), _("DELETED"), _("BY"), _("REASON")]
    return table(headers, rows, [12, 30, 40, 16, 24, 50])


def bin_entry_json(entry: BinEntry | None) -> dict[str, Any] | None:
    """Where `show --json` says an assessment is in the recycle bin (null when it isn't)."""
    if entry is None:
        return None
    return {
        "deleted_at": iso(entry.deleted_at),
        "deleted_by": entry.deleted_by,
        "reason": entry.reason,
    }


def bin_entry_line(id_: str, entry: BinEntry) -> str:
    """One line saying an assessment is in the recycle bin, and how to take it out."""
    return _(
        "IN THE RECYCLE BIN: deleted by {by} at {at}: {reason}. Restore it with: "
        "compliance-desk trash restore {id}"
    ).format(by=entry.deleted_by, at=iso(entry.deleted_at), reason=entry.reason, id=id_)
