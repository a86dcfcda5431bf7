"""Assessments as `list` and `show` print them, with their actions, evidence and sign-offs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from app.checklists.model import Severity
from app.cli.render.basics import iso, lines_text, score_text, table
from app.cli.render.recycle_bin import bin_entry_json, bin_entry_line
from app.dto import (
    ActionSnapshot,
    AssessmentSnapshot,
    AssessmentSummary,
    EvidenceSnapshot,
    SignOffSnapshot,
)
from app.i18n import _
from app.locale_text import count, number
from app.scoring import Tally
from app.values import AnswerValue, ReviewMark
from app.wording import (
    action_status_word,
    answer_word,
    assessment_status_word,
    item_label,
    severity_word,
    tally_words,
)


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
        "progress": {
            "answered": s.answered,
            "applicable": s.applicable,
            "total": s.total,
            "carried_over": s.carried,  # awaiting confirmation, not in `answered`
        },
        "score": s.score,
        "created_at": iso(s.created_at),
        "updated_at": iso(s.updated_at),
        "altered_since_signoff": s.altered_since_signoff,
        "school": s.school,  # null: no school (always so on a laptop)
    }


def _school_word(school: str | None) -> str:
    """The school an assessment of a district belongs to, in words ("-" for none)."""
    return school if school is not None else "-"


def summaries_text(summaries: Sequence[AssessmentSummary], *, schools: bool = False) -> str:
    """The assessments as a table; with `schools` (a district workspace), a SCHOOL column."""
    if not summaries:
        return _("No assessments yet. Create one with: compliance-desk new --checklist ID ...")
    rows = [
        [
            s.id,
            s.organisation,
            *([_school_word(s.school)] if schools else []),
            s.title,
            f"{s.checklist_id} {s.checklist_version}",
            f"{count(s.answered)}/{count(s.applicable)}",
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
        *([_("SCHOOL")] if schools else []),
        _("TITLE"),
        _("CHECKLIST"),
        _("ANSWERED"),
        _("SCORE"),
        _("STATUS"),
        _("UPDATED (UTC)"),
    ]
    widths = [12, 30, *([30] if schools else []), 40, 40, 9, 6, 22, 16]
    return table(headers, rows, widths)


def _tally_json(t: Tally) -> dict[str, Any]:
    return {
        "applicable": t.applicable,
        "answered": t.answered,
        "carried_over": t.carried,
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
            count(e.size),
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
        "school": snap.school,  # null: no school (always so on a laptop)
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
            "carried_over": sheet.overall.carried,  # awaiting confirmation, not in `answered`
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
        "awaiting_confirmation": sorted(snap.awaiting_confirmation()),
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
    waiting = len(snap.awaiting_confirmation())
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


def _school_lines(snap: AssessmentSnapshot, schools: bool) -> list[str]:
    if not schools:
        return []
    if snap.school is None:
        return [_("School: none (the district's own)")]
    return [_("School: {school}").format(school=snap.school)]


def assessment_text(snap: AssessmentSnapshot, *, schools: bool = False) -> str:
    """`show`: a readable account of the assessment; `schools`: say its school (a district's)."""
    sheet = snap.score_sheet
    c = snap.checklist
    scope = ", ".join(f"{k}={v}" for k, v in snap.scope.items()) or _("none")
    lines = [
        f"{snap.title} — {snap.organisation}",
        _("Assessment {id} ({status}); assessor: {assessor}").format(
            id=snap.id, status=assessment_status_word(snap.status), assessor=snap.assessor or "-"
        ),
        *_school_lines(snap, schools),
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
        tally_words(sheet.overall),
        _("Fingerprint: {fp}").format(fp=snap.fingerprint),
        *_review_lines(snap),
        "",
    ]
    rows = [
        [
            st.section.title,
            f"{count(st.tally.answered)}/{count(st.tally.applicable)}",
            f"{number(st.tally.points)}/{count(st.tally.weight)}",
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
    # Columns as wide as the longest word in this language ("Außerhalb des Geltungsbereichs").
    words = [*(answer_word(v) for v in AnswerValue), _("Out of scope")]
    value_width = max(14, *(len(w) for w in words))
    severity_width = max(6, *(len(severity_word(level)) for level in Severity))
    for section in c.sections:
        lines.append(f"[{section.title}]")
        for item in section.items:
            value = (
                answer_word(snap.value_of(item.id)) if snap.in_scope(item) else _("Out of scope")
            )
            severity = severity_word(item.severity)
            lines.append(
                f"  {value:<{value_width}} {severity:<{severity_width}}  {item_label(item)}"
            )
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
