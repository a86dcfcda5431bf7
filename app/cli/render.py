"""What the command line prints: JSON documents and plain-text tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app.audit_text import describe_event
from app.checklists.library import LibraryEntry
from app.checklists.model import Checklist
from app.dto import (
    ActionSnapshot,
    AssessmentSnapshot,
    AssessmentSummary,
    AuditEventSnapshot,
    EvidenceSnapshot,
    SignOffSnapshot,
)
from app.i18n import _, ngettext
from app.paths import Paths
from app.scoring import Tally
from app.settings import Settings
from app.terminal import for_terminal
from app.trail_verdict import HistoryVerdict
from app.values import AnswerValue
from app.wording import (
    action_status_word,
    answer_word,
    assessment_status_word,
    item_label,
    score_words,
    severity_word,
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
    }


def evidence_text(attached: Sequence[EvidenceSnapshot]) -> str:
    """Attached files as a table."""
    if not attached:
        return _("No evidence attached.")
    rows = [
        [str(e.id), e.item_id, e.name, str(e.size), e.sha256[:16], e.added_by] for e in attached
    ]
    return table(
        [_("ID"), _("ITEM"), _("NAME"), _("BYTES"), _("SHA-256"), _("ADDED BY")],
        rows,
        [6, 36, 40, 10, 16, 30],
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
        "created_at": iso(snap.created_at),
        "updated_at": iso(snap.updated_at),
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
            note = snap.note_of(item.id)
            if note:
                lines.append("      " + _("note: {note}").format(note=note.replace("\n", " ")))
            answer = snap.answers.get(item.id)
            if answer is not None and answer.risk_accepted:
                lines.append("      " + _("risk accepted"))
            for e in snap.evidence_for(item.id):
                lines.append(
                    "      "
                    + _("evidence {id}: {name} (sha256 {sha})").format(
                        id=e.id, name=e.name, sha=e.sha256[:16]
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
    return _(
        "audit trail of {id} is intact: {n} events, each linked to the one before; replaying "
        "them gives the answers, notes, actions, evidence and sign-offs stored"
    ).format(id=assessment_id, n=verdict.events)


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
        "data_dir": str(paths.data_dir),
    }


def settings_text(settings: Settings, paths: Paths) -> str:
    """The saved settings, one per line."""
    name = (
        settings.user_name
        if settings.has_name
        else _("not set (set it with: compliance-desk settings --name NAME)")
    )
    return "\n".join(
        [
            _("Your name: {name}").format(name=name),
            _("Report paper: {size}").format(size=settings.page_size),
            _("Largest evidence file: {mb} MB").format(mb=settings.evidence_limit_mb),
            _("Data folder: {path}").format(path=paths.data_dir),
        ]
    )
