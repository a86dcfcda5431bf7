"""Verify names the sign-off a report was made for, even after a reopening and a new sign-off."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bundles.importing import import_bundle
from app.bundles.writing import export_bundle
from app.dto import SignOffSnapshot
from app.report.pdf import REVIEWER_FIELD
from app.report.signoff_claim import SignOffClaim, signoff_claim, signoff_keywords
from app.services import assessments, signoffs
from app.services.reports import match_signoff, match_text
from app.services.signed_reports import write_signed_report
from app.signing.authority import authority_certificate
from app.signing.identities import create_identity
from app.signing.sign import SignerSpec
from app.signing.verify import ReportVerdict, verify_report
from tests.app.bundle_support import fill
from tests.conftest import run_cli

AUTHORITY = "authority-secret"
FIRST = "Zoë Łukasiewicz-Öztürk"
SECOND = "Dana Okafor"


def at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@pytest.fixture
def first_report(paths, workspace, make_signed_off, tmp_path: Path) -> Path:
    """The report signed for the first sign-off, made before any reopening."""
    signed = make_signed_off(FIRST)
    reviewer = create_identity(
        paths, name=FIRST, role="DPO", passphrase="first-pass", authority_passphrase=AUTHORITY
    )
    out = tmp_path / "first.pdf"
    write_signed_report(
        workspace, signed, out, [SignerSpec(REVIEWER_FIELD, reviewer, "first-pass")]
    )
    return out


def verdict_of(paths, report: Path) -> ReportVerdict:
    authority = authority_certificate(paths)
    assert authority is not None
    verdict = verify_report(report.read_bytes(), [authority])
    assert verdict.ok, verdict.reason
    return verdict


def test_the_report_records_the_sign_off_it_was_made_for(paths, workspace, first_report) -> None:
    verdict = verdict_of(paths, first_report)
    with workspace.read() as session:
        snap = assessments.get_assessment(session, verdict.assessment_id or "")
    assert snap.signoff is not None
    claim = verdict.signoff
    assert claim is not None
    assert (claim.id, claim.name) == (snap.signoff.id, FIRST)
    assert claim.signed_at.replace(microsecond=0) == snap.signoff.signed_at.replace(microsecond=0)


def test_after_reopening_and_a_second_sign_off_the_first_report_names_the_first(
    paths, workspace, first_report
) -> None:
    verdict = verdict_of(paths, first_report)
    assessment_id = verdict.assessment_id or ""
    with workspace.write() as session:
        first = assessments.get_assessment(session, assessment_id).signoff
        signoffs.reopen(session, assessment_id, reason="The vendor changed its terms", actor="Ivo")
        second = signoffs.sign_off(session, assessment_id, name=SECOND, role="Head teacher")
    assert first is not None
    assert second.fingerprint == first.fingerprint  # nothing changed in between

    with workspace.read() as session:
        match = match_signoff(session, assessment_id, verdict.fingerprint or "", verdict.signoff)
        text = match_text(session, assessment_id, verdict.fingerprint, verdict.signoff)
        voided = assessments.get_assessment(session, assessment_id).signoffs[0]
    assert match.signoff is not None and match.signoff.id == first.id and match.signoff.void
    assert voided.voided_at is not None
    assert text == (
        f"this workspace holds the matching sign-off by {FIRST} (DPO) of {at(first.signed_at)}; "
        f"it was voided on {at(voided.voided_at)} by Ivo: The vendor changed its terms; the "
        f"assessment was since signed off again by {SECOND} (Head teacher) on "
        f"{at(second.signed_at)}; the history this report was signed on is intact here "
        f"(events 1 to {first.trail_seq} are unchanged, and event 11 is its sign-off)"
    )
    assert SECOND not in text.split(";")[0]

    # A report that does not record its sign-off is matched by its fingerprint alone.
    with workspace.read() as session:
        assert match_signoff(session, assessment_id, second.fingerprint).signoff == second


def test_a_voided_sign_off_of_an_assessment_still_a_draft(paths, workspace, first_report) -> None:
    verdict = verdict_of(paths, first_report)
    assessment_id = verdict.assessment_id or ""
    with workspace.write() as session:
        signoffs.reopen(session, assessment_id, reason="Wrong scope", actor="Ivo")
    with workspace.read() as session:
        text = match_text(session, assessment_id, verdict.fingerprint, verdict.signoff)
    assert text.startswith(f"this workspace holds the matching sign-off by {FIRST} (DPO) of ")
    assert text.endswith(
        "by Ivo: Wrong scope; the assessment is a draft now; the history this report was "
        "signed on is intact here (events 1 to 10 are unchanged, and event 11 is its sign-off)"
    )


def test_a_sign_off_this_workspace_does_not_hold(paths, workspace, first_report) -> None:
    verdict = verdict_of(paths, first_report)
    claim = verdict.signoff
    assert claim is not None
    other = replace(claim, name="Somebody Else")
    with workspace.read() as session:
        text = match_text(session, verdict.assessment_id, verdict.fingerprint, other)
        older = match_text(
            session, verdict.assessment_id, verdict.fingerprint, replace(other, trail=None)
        )
    assert text == (
        f"this workspace holds assessment {verdict.assessment_id}, but not the sign-off by "
        f"Somebody Else of {at(claim.signed_at)} that the report was made for; the history "
        "this report was signed on was rewritten here: event 11 is not the sign-off the report "
        "was made for"
    )
    assert older.endswith(  # a report of an earlier version names no trail
        "that the report was made for; the report does not name the audit trail it was signed "
        "on (it was made by an earlier version), so its history can't be compared"
    )


def test_command_line_verify_names_the_first_sign_off(tmp_path: Path) -> None:
    data = tmp_path / "data"

    def cli(*args: str, code: int = 0, passphrase: str | None = None):
        env = {"COMPLIANCE_DESK_AUTHORITY_PASSPHRASE": AUTHORITY}
        if passphrase:
            env["COMPLIANCE_DESK_PASSPHRASE"] = passphrase
        os.environ.update(env)
        try:
            result = run_cli(*args, data_dir=data)
        finally:
            for key in env:
                os.environ.pop(key, None)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    cli("settings", "--name", "Ivo Ilić")
    made = cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
    ).stdout.strip()
    for entry in json.loads(cli("show", made, "--json").stdout)["answers"]:
        if entry["in_scope"]:
            cli("answer", made, entry["item"], "yes")
    cli("signoff", made, "--name", FIRST, "--role", "DPO")
    cli("identity", "create", "--name", FIRST, "--role", "DPO", passphrase="first-pass-1")
    cli("identity", "create", "--name", SECOND, "--role", "Head", passphrase="second-pass-1")
    ids = {
        line.split()[0]: line
        for line in cli("identity", "list").stdout.splitlines()[1:]
        if line.strip()
    }
    first_id = next(i for i, line in ids.items() if FIRST in line)
    second_id = next(i for i, line in ids.items() if SECOND in line)
    first_pdf = tmp_path / "first.pdf"
    cli(
        "export",
        made,
        "--pdf",
        str(first_pdf),
        "--sign",
        "--identity",
        first_id,
        passphrase="first-pass-1",
    )
    cli("reopen", made, "--reason", "Checked twice", "--by", "Ivo")
    cli("signoff", made, "--name", SECOND, "--role", "Head")
    second_pdf = tmp_path / "second.pdf"
    cli(
        "export",
        made,
        "--pdf",
        str(second_pdf),
        "--sign",
        "--identity",
        second_id,
        passphrase="second-pass-1",
    )

    first_says = cli("verify", str(first_pdf)).stdout.splitlines()[-1]
    assert first_says.startswith(f"this workspace holds the matching sign-off by {FIRST} (DPO) of ")
    assert "by Ivo: Checked twice" in first_says
    assert f"; the assessment was since signed off again by {SECOND} (Head) on " in first_says
    second_says = cli("verify", str(second_pdf)).stdout.splitlines()[-1]
    assert second_says.startswith(
        f"this workspace holds the matching sign-off by {SECOND} (Head) of "
    )
    assert "voided" not in second_says


def test_the_claim_survives_commas_and_odd_names_and_refuses_garbage() -> None:
    when = datetime(2027, 1, 2, 3, 4, 5, 678, tzinfo=UTC)
    signoff = SignOffSnapshot(7, "Okafor, Dana % 100", "DPO", "ok", when, "f" * 64)
    words = ["compliance-desk", "assessment:abc", *signoff_keywords(signoff)]
    assert signoff_claim(words) == SignOffClaim(7, "Okafor, Dana % 100", when)
    assert signoff_claim(words[:-1]) is None
    assert signoff_claim([*words[:-1], "signoff-at:yesterday"]) is None
    assert signoff_claim([*words[:2], "signoff:x", *words[3:]]) is None


def test_a_sign_off_made_earlier_on_the_other_copy_is_not_said_to_come_since(
    workspace, other, make_assessment, tmp_path: Path
) -> None:
    """Dana signed there first; here Zoë signed later, then reopened.

    Merged, Dana's is in force and numbered first: verify must not say the assessment was
    signed off again since Zoë's.
    """
    assessment_id = fill(workspace, make_assessment())
    start = tmp_path / "start.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, start)
    with other.write() as session:
        import_bundle(session, start, actor="Dana")
        dana = signoffs.sign_off(session, assessment_id, name=SECOND, role="Head")
    with workspace.write() as session:
        zoe = signoffs.sign_off(session, assessment_id, name=FIRST, role="DPO")
        signoffs.reopen(session, assessment_id, reason="A second look", actor="Ivo")
    theirs = tmp_path / "theirs.cdesk"
    with other.read() as session:
        export_bundle(session, assessment_id, theirs)
    with workspace.write() as session:
        import_bundle(session, theirs, actor="Ivo")
    claim = SignOffClaim(zoe.id, FIRST, zoe.signed_at)
    with workspace.read() as session:
        snap = assessments.get_assessment(session, assessment_id)
        match = match_signoff(session, assessment_id, zoe.fingerprint, claim)
        text = match_text(session, assessment_id, zoe.fingerprint, claim)
    assert snap.signoff is not None and snap.signoff.name == SECOND
    assert [(s.id, s.name) for s in snap.signoffs] == [(1, SECOND), (2, FIRST)]
    assert match.signoff is not None and match.signoff.name == FIRST and match.signoff.void
    assert match.in_force is not None and match.in_force.signed_at < match.signoff.signed_at
    assert "since signed off again" not in text
    assert (
        f"; the sign-off in force is an earlier one, by {SECOND} (Head) on "
        f"{at(dana.signed_at)}, that a merge of two copies kept" in text
    )
