"""A signed-off assessment changed in the file, past the app, reads as altered since sign-off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import RuleError
from app.report.pdf import REVIEWER_FIELD, render_report
from app.services import answers, assessments, audit, signoffs
from app.services.signed_reports import write_signed_report
from app.signing.identities import create_identity
from app.signing.sign import SignerSpec
from app.signoff_gate import BlockerKind
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite

REVIEWER = "Dana Okafor"


def tamper(workspace, sql: str, *params: object) -> None:
    """Change the workspace file as anyone who can write it could, outside the app."""
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(sql, params)
    db.close()


@pytest.fixture
def altered(workspace, make_signed_off):
    """A signed-off assessment whose note on a1 was then changed by hand in the file."""
    signed = make_signed_off(REVIEWER)
    tamper(
        workspace,
        "UPDATE answers SET note = 'Quietly changed' WHERE assessment_id = ? AND item_id = 'a1'",
        signed.id,
    )
    return signed


def test_an_edit_of_a_signed_off_assessment_reads_as_altered(workspace, altered) -> None:
    with workspace.read() as session:
        now = assessments.get_assessment(session, altered.id)
        (listed,) = assessments.list_assessments(session)
    assert now.note_of("a1") == "Quietly changed"
    assert now.signoff is not None and now.signoff.fingerprint == altered.fingerprint
    assert now.fingerprint != altered.fingerprint
    assert now.altered_since_signoff
    assert listed.id == altered.id and listed.altered_since_signoff


def test_untouched_and_draft_assessments_are_not_altered(
    workspace, make_signed_off, make_assessment
) -> None:
    signed = make_signed_off(REVIEWER)
    draft = make_assessment()
    tamper(  # a draft edited by hand has no sign-off to differ from
        workspace,
        "UPDATE answers SET note = 'x' WHERE assessment_id = ?",
        draft.id,
    )
    with workspace.read() as session:
        assert not assessments.get_assessment(session, signed.id).altered_since_signoff
        assert not assessments.get_assessment(session, draft.id).altered_since_signoff
        listed = {s.id: s.altered_since_signoff for s in assessments.list_assessments(session)}
    assert listed == {signed.id: False, draft.id: False}


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE assessments SET title = 'Other' WHERE id = ?",
        'UPDATE assessments SET scope_json = \'{"platform":"zoom","under13":"no"}\' WHERE id = ?',
        "UPDATE answers SET value = 'no' WHERE assessment_id = ? AND item_id = 'a2'",
        "UPDATE answers SET risk_accepted = 1 WHERE assessment_id = ? AND item_id = 'a2'",
        "DELETE FROM answers WHERE assessment_id = ? AND item_id = 'b1'",
        "INSERT INTO actions (assessment_id, number, item_id, title, owner, due, status, "
        "progress_note, created_at, created_by, updated_at) VALUES (?, 99, 'a1', 'Slipped in', 'IT', "
        "'2030-01-01', 'open', '', '2026-01-01 00:00:00', 'x', '2026-01-01 00:00:00')",
    ],
    ids=["title", "scope", "value", "risk", "deleted answer", "added action"],
)
def test_the_list_and_show_agree_on_every_kind_of_edit(workspace, make_signed_off, sql) -> None:
    signed = make_signed_off(REVIEWER)
    tamper(workspace, sql, signed.id)
    with workspace.read() as session:
        shown = assessments.get_assessment(session, signed.id).altered_since_signoff
        (listed,) = assessments.list_assessments(session)
    assert shown and listed.altered_since_signoff


def test_the_gate_names_it(workspace, altered) -> None:
    with workspace.read() as session:
        found = signoffs.sign_off_blockers(session, altered.id)
    altered_blockers = [b for b in found if b.kind is BlockerKind.ALTERED_SINCE_SIGNOFF]
    assert len(altered_blockers) == 1
    assert "altered since sign-off" in altered_blockers[0].message
    assert altered.fingerprint[:12] in altered_blockers[0].message


def test_signing_or_exporting_it_as_signed_off_is_refused(
    paths, workspace, altered, tmp_path: Path
) -> None:
    reviewer = create_identity(
        paths,
        name=REVIEWER,
        role="DPO",
        passphrase="reviewer-pass",
        authority_passphrase="authority-pass",
    )
    with workspace.read() as session:
        now = assessments.get_assessment(session, altered.id)
    signed_pdf = tmp_path / "signed.pdf"
    with pytest.raises(RuleError, match="altered since sign-off"):
        write_signed_report(
            workspace, now, signed_pdf, [SignerSpec(REVIEWER_FIELD, reviewer, "wrong")]
        )
    plain_pdf = tmp_path / "plain.pdf"
    with pytest.raises(RuleError, match="altered since sign-off"):
        render_report(now, plain_pdf)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == []


def cli(data_dir: Path, *args: str, code: int = 0):
    result = run_cli(*args, data_dir=data_dir)
    assert result.returncode == code, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def test_the_command_line_says_so_wherever_it_shows_the_assessment(
    workspace, altered, tmp_path: Path
) -> None:
    data = workspace.paths.data_dir
    shown = cli(data, "show", altered.id).stdout
    assert "ALTERED SINCE SIGN-OFF" in shown
    assert altered.fingerprint in shown
    as_json = json.loads(cli(data, "show", altered.id, "--json").stdout)
    assert as_json["altered_since_signoff"] is True
    assert as_json["signoff"]["fingerprint"] != as_json["fingerprint"]

    (row,) = cli(data, "list").stdout.splitlines()[1:]
    assert row.startswith(altered.id) and "altered since sign-off" in row
    (listed,) = json.loads(cli(data, "list", "--json").stdout)
    assert listed["altered_since_signoff"] is True

    verified = cli(data, "history", altered.id, "--verify", code=1)
    assert "altered since sign-off" in verified.stderr
    assert "note" in verified.stderr and "Quietly changed" in verified.stderr
    assert verified.stdout == ""

    check = cli(data, "signoff", altered.id, "--check", code=1)
    assert "altered since sign-off" in check.stderr


def test_the_command_line_refuses_to_export_it(
    workspace, altered, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = workspace.paths.data_dir
    monkeypatch.setenv("COMPLIANCE_DESK_AUTHORITY_PASSPHRASE", "authority-pass")
    monkeypatch.setenv("COMPLIANCE_DESK_PASSPHRASE", "reviewer-pass")
    cli(data, "identity", "create", "--name", REVIEWER, "--role", "DPO")
    out = tmp_path / "report.pdf"
    refused = cli(data, "export", altered.id, "--pdf", str(out), "--sign", code=1)
    assert "altered since sign-off" in refused.stderr
    plain = cli(data, "export", altered.id, "--pdf", str(out), code=1)
    assert "altered since sign-off" in plain.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_an_altered_assessment_is_reopened_and_mended_through_the_app(workspace, altered) -> None:
    with workspace.write() as session:
        signoffs.reopen(session, altered.id, reason="Altered in the file", actor="Ivo")
    with workspace.read() as session:
        found = signoffs.sign_off_blockers(session, altered.id)
    assert [b.kind for b in found] == [BlockerKind.BROKEN_TRAIL]
    assert "the answer to item a1: note is 'Quietly changed' in the workspace" in found[0].message
    with workspace.write() as session:
        answers.record_answer(session, altered.id, "a1", note="Checked again", actor="Ivo")
        assert signoffs.sign_off_blockers(session, altered.id) == ()
        signed = signoffs.sign_off(session, altered.id, name=REVIEWER, role="DPO")
    with workspace.read() as session:
        now = assessments.get_assessment(session, altered.id)
        assert audit.verify_history(session, altered.id).intact
    assert not now.altered_since_signoff and signed.fingerprint == now.fingerprint
