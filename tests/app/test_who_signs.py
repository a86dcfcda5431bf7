"""Who may sign a report: the reviewer of the sign-off in force, and an assessor who is not them.

A signed report says "this person approved this state". Signed by an identity that is not the
sign-off's reviewer, or with the reviewer's own identity (or name) in the assessor's field, it
would say something the workspace never recorded, and `verify` would have called it a match.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import RuleError
from app.report.signer_fields import ASSESSOR_FIELD, REVIEWER_FIELD
from app.services import audit
from app.services.reports import match_text
from app.services.signed_reports import check_signers, stage_signed_report, write_signed_report
from app.signing.identities import create_identity
from app.signing.sign import SignerSpec, sign_report
from app.signing.verify import verify_report, workspace_trust
from app.values import EventKind
from tests.conftest import run_cli

AUTHORITY = "authority-secret"
REVIEWER = "Zoë Öztürk"
ASSESSOR = "Łukasz Nowak"


@pytest.fixture
def signed_off(make_signed_off):
    return make_signed_off(REVIEWER)


def identity(paths, name: str, passphrase: str, role: str = "DPO"):
    return create_identity(
        paths, name=name, role=role, passphrase=passphrase, authority_passphrase=AUTHORITY
    )


@pytest.fixture
def reviewer(paths):
    return identity(paths, REVIEWER, "reviewer-pass")


@pytest.fixture
def other(paths):
    return identity(paths, "Dana Okafor", "other-pass", "Head teacher")


@pytest.fixture
def assessor(paths):
    return identity(paths, ASSESSOR, "assessor-pass", "IT coordinator")


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def nothing_left(workspace, assessment_id: str, out_dir: Path) -> None:
    assert list(out_dir.iterdir()) == []
    staging = workspace.paths.staging_dir
    assert not staging.exists() or list(staging.iterdir()) == []
    with workspace.read() as session:
        kinds = [e.kind for e in audit.history(session, assessment_id)]
    assert EventKind.REPORT_SIGNED not in kinds


# The reviewer's signature


def test_an_identity_that_is_not_the_reviewer_is_refused(
    workspace, signed_off, reviewer, other, out_dir
) -> None:
    with pytest.raises(RuleError) as refused:
        stage_signed_report(
            workspace,
            signed_off,
            out_dir / "r.pdf",
            [SignerSpec(REVIEWER_FIELD, other, "other-pass")],
        )
    assert str(refused.value) == (
        f"identity {other.id} is Dana Okafor, but {REVIEWER} signed assessment {signed_off.id} "
        f"off: the reviewer's signature must be {REVIEWER}'s; choose their identity (or create "
        "one in their name)"
    )
    assert "\n" not in str(refused.value)
    nothing_left(workspace, signed_off.id, out_dir)


@pytest.mark.parametrize("written", ["ZOË  ÖZTÜRK", "Zoë\u00a0Öztürk", "Ｚｏë Öztürk"])
def test_the_reviewers_name_written_another_way_is_the_reviewer(
    paths, workspace, signed_off, out_dir, written: str
) -> None:
    same = identity(paths, written, "same-pass")
    signed = write_signed_report(
        workspace, signed_off, out_dir / "r.pdf", [SignerSpec(REVIEWER_FIELD, same, "same-pass")]
    )
    assert signed.path.exists()


def test_a_look_alike_of_another_name_is_still_another_person(
    paths, workspace, signed_off, out_dir
) -> None:
    junior = identity(paths, "Zoë Öztürk Jr", "x-pass-word")
    with pytest.raises(RuleError, match="the reviewer's signature must be"):
        check_signers(signed_off, reviewer=junior, assessor=None)


# The assessor's signature


def test_the_assessor_signs_with_their_own_identity(
    workspace, paths, signed_off, reviewer, assessor, out_dir
) -> None:
    signed = write_signed_report(
        workspace,
        signed_off,
        out_dir / "r.pdf",
        [
            SignerSpec(ASSESSOR_FIELD, assessor, "assessor-pass"),
            SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass"),
        ],
    )
    verdict = verify_report(signed.path.read_bytes(), workspace_trust(paths))
    assert verdict.ok and [s.signer for s in verdict.signatures] == [ASSESSOR, REVIEWER]


def test_the_reviewers_identity_cant_sign_as_the_assessor(
    workspace, signed_off, reviewer, out_dir
) -> None:
    with pytest.raises(RuleError) as refused:
        stage_signed_report(
            workspace,
            signed_off,
            out_dir / "r.pdf",
            [
                SignerSpec(ASSESSOR_FIELD, reviewer, "reviewer-pass"),
                SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass"),
            ],
        )
    assert str(refused.value) == (
        f"identity {reviewer.id} ({REVIEWER}) is the reviewer's: the assessor's signature must "
        "be another person's; choose the assessor's own identity, or leave their signature out"
    )
    nothing_left(workspace, signed_off.id, out_dir)


def test_another_identity_naming_the_reviewer_cant_sign_as_the_assessor(
    paths, workspace, signed_off, reviewer, out_dir
) -> None:
    second = identity(paths, "ZOË  ÖZTÜRK", "second-pass")
    with pytest.raises(RuleError) as refused:
        stage_signed_report(
            workspace,
            signed_off,
            out_dir / "r.pdf",
            [
                SignerSpec(ASSESSOR_FIELD, second, "second-pass"),
                SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass"),
            ],
        )
    assert str(refused.value) == (
        f"identity {second.id} names the reviewer, {REVIEWER}: the assessor's signature must "
        "be another person's; choose the assessor's own identity, or leave their signature out"
    )
    nothing_left(workspace, signed_off.id, out_dir)


# The command line


def export_signed(data: Path, made: str, target: Path, *extra: str, env, monkeypatch):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return run_cli("export", made, "--pdf", str(target), "--sign", *extra, data_dir=data)


def test_export_sign_with_another_identity_is_refused(
    workspace, signed_off, reviewer, other, out_dir, monkeypatch
) -> None:
    result = export_signed(
        workspace.paths.data_dir,
        signed_off.id,
        out_dir / "r.pdf",
        "--identity",
        other.id,
        env={"COMPLIANCE_DESK_PASSPHRASE": "other-pass"},
        monkeypatch=monkeypatch,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"error: identity {other.id} is Dana Okafor, but {REVIEWER} signed assessment "
        f"{signed_off.id} off: the reviewer's signature must be {REVIEWER}'s; choose their "
        "identity (or create one in their name)\n"
    )
    assert "warning" not in result.stderr
    nothing_left(workspace, signed_off.id, out_dir)


def test_export_sign_with_the_reviewer_as_assessor_is_refused(
    workspace, signed_off, reviewer, out_dir, monkeypatch
) -> None:
    result = export_signed(
        workspace.paths.data_dir,
        signed_off.id,
        out_dir / "r.pdf",
        "--identity",
        reviewer.id,
        "--assessor-identity",
        reviewer.id,
        env={
            "COMPLIANCE_DESK_PASSPHRASE": "reviewer-pass",
            "COMPLIANCE_DESK_ASSESSOR_PASSPHRASE": "reviewer-pass",
        },
        monkeypatch=monkeypatch,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"error: identity {reviewer.id} ({REVIEWER}) is the reviewer")
    assert len(result.stderr.splitlines()) == 1
    nothing_left(workspace, signed_off.id, out_dir)


# Verify: a report signed by someone else is no match


@pytest.fixture
def signed_by_other(workspace, signed_off, other, out_dir: Path) -> Path:
    """A report of the sign-off signed by someone else than its reviewer.

    Made without the service, as an earlier version, or a forger holding a valid identity, could.
    """
    made = sign_report(signed_off, [SignerSpec(REVIEWER_FIELD, other, "other-pass")])
    target = out_dir / "forged.pdf"
    target.write_bytes(made.data)
    return target


def test_verify_says_a_report_signed_by_another_is_a_mismatch(
    paths, workspace, signed_off, signed_by_other
) -> None:
    verdict = verify_report(signed_by_other.read_bytes(), workspace_trust(paths))
    assert verdict.ok  # the signature itself is sound and trusted
    signers = [(s.field_name, s.signer) for s in verdict.signatures]
    with workspace.read() as session:
        text = match_text(
            session, verdict.assessment_id, verdict.fingerprint, verdict.signoff, signers
        )
    assert text.startswith(
        f"mismatch: the report is signed as reviewer by Dana Okafor, but the sign-off it was "
        f"made for is by {REVIEWER} (DPO) of "
    )
    assert "holds the matching sign-off" not in text


def test_verify_says_a_report_not_signed_by_the_reviewer_at_all_is_a_mismatch(
    paths, workspace, signed_off, assessor
) -> None:
    made = sign_report(signed_off, [SignerSpec(ASSESSOR_FIELD, assessor, "assessor-pass")])
    verdict = verify_report(made.data, workspace_trust(paths))
    assert verdict.ok
    signers = [(s.field_name, s.signer) for s in verdict.signatures]
    with workspace.read() as session:
        text = match_text(
            session, verdict.assessment_id, verdict.fingerprint, verdict.signoff, signers
        )
    assert text.startswith(
        f"mismatch: the report is not signed by the reviewer of the sign-off it was made for, "
        f"{REVIEWER} (DPO) of "
    )


def test_verify_on_the_command_line_reports_the_mismatch(
    workspace, signed_off, signed_by_other
) -> None:
    result = run_cli("verify", str(signed_by_other), data_dir=workspace.paths.data_dir)
    assert "mismatch: the report is signed as reviewer by Dana Okafor" in result.stdout
    assert "matching sign-off" not in result.stdout
    shown = run_cli("verify", str(signed_by_other), "--json", data_dir=workspace.paths.data_dir)
    assert json.loads(shown.stdout)["reviewer"] == "mismatch"


def test_verify_of_a_report_the_reviewer_signed_is_a_match(
    paths, workspace, signed_off, reviewer, out_dir
) -> None:
    signed = write_signed_report(
        workspace,
        signed_off,
        out_dir / "r.pdf",
        [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")],
    )
    result = run_cli("verify", str(signed.path), "--json", data_dir=paths.data_dir)
    shown = json.loads(result.stdout)
    assert shown["reviewer"] == "match"
    assert shown["workspace"].startswith(
        f"this workspace holds the matching sign-off by {REVIEWER}"
    )
