"""The report of a signed-off assessment: status at sign-off beside status now, self-review."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from pypdf import PdfReader

from app.dto import AssessmentSnapshot
from app.report.pdf import ReportOptions, render_report
from app.report.signoff_claim import signoff_claim
from app.services import actions, answers, assessments, signoffs
from app.values import ActionStatus, AnswerValue
from app.workspace import Workspace

TEAMS = {"platform": "teams", "under13": "no"}
REPORT_DAY = datetime(2027, 2, 15, 9, 0, tzinfo=UTC)


def flat_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def planned(workspace: Workspace, make_assessment, **assessment) -> tuple[str, int, int]:
    """Every applicable item yes but two gaps, each with an action: one to finish, one late."""
    snap = make_assessment(scope=TEAMS, **assessment)
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                value = {"a2": AnswerValue.NO, "a3": AnswerValue.PARTIAL}.get(
                    item.id, AnswerValue.YES
                )
                answers.record_answer(session, snap.id, item.id, value=value, actor="t")
        finished = actions.add_action(
            session, snap.id, "a2", title="Turn on MFA", owner="IT", due=date(2027, 3, 1), actor="t"
        )
        late = actions.add_action(
            session,
            snap.id,
            "a3",
            title="Write the retention rule",
            owner="DPO office",
            due=date(2027, 1, 31),
            actor="t",
        )
    return snap.id, finished.id, late.id


def report(workspace: Workspace, assessment_id: str, out: Path) -> tuple[AssessmentSnapshot, str]:
    with workspace.read() as session:
        snap = assessments.get_assessment(session, assessment_id)
    render_report(snap, out, ReportOptions(generated_at=REPORT_DAY))
    return snap, flat_text(out)


def test_signed_report_shows_status_at_sign_off_and_now(
    workspace, make_assessment, tmp_path
) -> None:
    assessment_id, finished, _late = planned(workspace, make_assessment, assessor="Ada")
    with workspace.write() as session:
        signoffs.sign_off(session, assessment_id, name="Dana Okafor", role="DPO")
        actions.update_action(
            session,
            assessment_id,
            finished,
            status=ActionStatus.DONE,
            progress_note="Licences bought and rolled out",
            actor="Ivo",
        )
    snap, text = report(workspace, assessment_id, tmp_path / "signed.pdf")
    plan = between(text, "Remediation plan", "The checklist, item by item")
    assert "Status at sign-off Status now" in plan
    signed_on = snap.signoff.signed_at.date().isoformat() if snap.signoff else "?"
    assert (
        f"The sign-off of {signed_on} sealed each action's status; the status now is the "
        "remediation recorded since (1 changed)." in plan
    )
    assert re.search(
        r"Turn on MFA Progress: Licences bought and rolled out IT 2027-03-01 Open Done", plan
    ), plan
    assert re.search(r"Write the retention rule DPO office 2027-01-31 Open Open, OVERDUE", plan), (
        plan
    )
    gaps = between(text, "Gaps, worst first", "Remediation plan")
    assert "Actions done: 1" in gaps and "Open actions: 1" in gaps
    assert "Reviewed by the assessor" not in text
    # The report is still the one of the state signed off: same fingerprint, same sign-off.
    assert snap.signoff is not None and snap.fingerprint == snap.signoff.fingerprint
    metadata = PdfReader(tmp_path / "signed.pdf").metadata
    assert metadata is not None
    keywords = str(metadata["/Keywords"]).split(",")
    claim = signoff_claim([w.strip() for w in keywords])
    assert claim is not None and (claim.id, claim.name) == (snap.signoff.id, "Dana Okafor")


def test_a_draft_report_has_one_status_column(workspace, make_assessment, tmp_path) -> None:
    assessment_id, finished, _late = planned(workspace, make_assessment)
    with workspace.write() as session:
        actions.update_action(
            session, assessment_id, finished, progress_note="Ordered", actor="Ivo"
        )
    _snap, text = report(workspace, assessment_id, tmp_path / "draft.pdf")
    plan = between(text, "Remediation plan", "The checklist, item by item")
    assert "Status at sign-off" not in plan and "Status now" not in plan
    assert "Due Status" in plan
    assert "Turn on MFA Progress: Ordered IT 2027-03-01 Open" in plan
    assert "Reviewed by the assessor" not in text


def test_a_self_review_says_so_on_the_sign_off_page(workspace, make_assessment, tmp_path) -> None:
    assessment_id, _finished, _late = planned(workspace, make_assessment, assessor="Ada Lovelace")
    with workspace.write() as session:
        signoffs.sign_off(
            session, assessment_id, name="Ada Lovelace", role="DPO", self_review_confirmed=True
        )
    _snap, text = report(workspace, assessment_id, tmp_path / "self.pdf")
    page = text[text.rindex("Sign-off") :]
    assert "Reviewer Ada Lovelace" in page
    assert (
        "Reviewed by the assessor: the reviewer who signed off is the person who carried out "
        "this assessment, and confirmed so at sign-off." in page
    )
