"""A signed report exists only once the audit trail records it; nothing else is ever left.

A refused, failed, cancelled or killed signed export leaves no signed report the history doesn't
know, and no copy of the report (signed or not) beside the target or anywhere else.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import run
from app.cli.parser import build_parser
from app.errors import RuleError, UserError
from app.paths import DATA_DIR_ENV
from app.report.pdf import REVIEWER_FIELD, ReportCancelledError, ReportOptions
from app.services import audit, signoffs
from app.services.signed_reports import (
    place_signed_report,
    stage_signed_report,
    write_signed_report,
)
from app.signing.identities import create_identity
from app.signing.sign import SignerSpec
from app.signing.verify import verify_report, workspace_trust
from app.values import EventKind
from tests.conftest import ROOT

AUTHORITY = "authority-secret"
REVIEWER = "Zoë Öztürk"
PASS = "reviewer-pass"


@pytest.fixture
def signed_off(make_signed_off):
    return make_signed_off(REVIEWER)


@pytest.fixture
def reviewer(paths):
    return create_identity(
        paths, name=REVIEWER, role="DPO", passphrase=PASS, authority_passphrase=AUTHORITY
    )


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def report_events(workspace, assessment_id: str) -> list[tuple[str, Mapping[str, Any]]]:
    with workspace.read() as session:
        return [
            (e.kind, e.detail)
            for e in audit.history(session, assessment_id)
            if e.kind in (EventKind.REPORT_SIGNED, EventKind.REPORT_NOT_WRITTEN)
        ]


def intact(workspace, assessment_id: str) -> bool:
    with workspace.read() as session:
        return audit.verify_history(session, assessment_id).intact


def staged_notes(paths) -> list[str]:
    folder = paths.staging_dir
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# Refused before anything is signed


def export_signed(data: Path, made: str, target: str | bytes):
    """`export --sign` in a child process; `target` may be bytes that are not UTF-8."""
    return subprocess.run(
        [sys.executable, "-m", "ui", "export", made, "--pdf", target, "--sign"],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "COMPLIANCE_DESK_PASSPHRASE": PASS, "COMPLIANCE_DESK_DATA": str(data)},
        check=False,
    )


@pytest.mark.posix  # file names that are not UTF-8
def test_a_file_name_the_trail_cant_keep_is_refused_before_signing(
    workspace, signed_off, reviewer, out_dir
) -> None:
    data = workspace.paths.data_dir
    result = export_signed(data, signed_off.id, os.fsencode(out_dir) + b"/report-\xff.pdf")
    assert result.returncode == 1, result.stderr
    assert result.stderr.decode().startswith("error: the report's file name is not valid text")
    assert list(out_dir.iterdir()) == []
    assert report_events(workspace, signed_off.id) == []
    assert staged_notes(workspace.paths) == []


def test_a_signer_name_the_trail_would_refuse_is_refused_before_signing(
    workspace, signed_off, reviewer, out_dir
) -> None:
    meta_file = reviewer.folder / "identity.json"
    meta = json.loads(meta_file.read_text("utf-8"))
    meta["name"] = f"{REVIEWER}\u202e"
    meta_file.write_text(json.dumps(meta), "utf-8")
    result = export_signed(workspace.paths.data_dir, signed_off.id, str(out_dir / "report.pdf"))
    assert result.returncode == 1, result.stderr
    assert "change the direction text is shown in" in result.stderr.decode()
    assert list(out_dir.iterdir()) == []
    assert report_events(workspace, signed_off.id) == []


# Recorded, then in place


def test_the_trail_records_the_report_before_it_is_in_place(
    workspace, signed_off, reviewer, out_dir
) -> None:
    target = out_dir / "report.pdf"
    staged = stage_signed_report(
        workspace, signed_off, target, [SignerSpec(REVIEWER_FIELD, reviewer, PASS)]
    )
    # Made and signed, but neither recorded nor where it was asked to go.
    assert not target.exists()
    assert report_events(workspace, signed_off.id) == []
    assert [p.name.startswith(".report.pdf.") for p in out_dir.iterdir()] == [True]
    assert len(staged_notes(workspace.paths)) == 1

    signed = place_signed_report(workspace, staged)
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.pdf"]
    assert staged_notes(workspace.paths) == []
    data = target.read_bytes()
    assert signed.sha256 == hashlib.sha256(data).hexdigest()
    assert verify_report(data, workspace_trust(workspace.paths)).ok
    ((kind, detail),) = report_events(workspace, signed_off.id)
    assert kind == EventKind.REPORT_SIGNED and detail["sha256"] == signed.sha256
    assert detail["file"] == "report.pdf"


def test_no_unsigned_copy_is_ever_written(workspace, signed_off, reviewer, out_dir) -> None:
    write_signed_report(
        workspace, signed_off, out_dir / "r.pdf", [SignerSpec(REVIEWER_FIELD, reviewer, PASS)]
    )
    assert sorted(p.name for p in out_dir.iterdir()) == ["r.pdf"]
    everything = [p for p in workspace.paths.data_dir.rglob("*") if p.is_file()]
    assert not [p for p in everything if p.suffix in (".pdf", ".unsigned", ".part")]


def test_a_reopening_while_the_report_was_made_records_and_writes_nothing(
    workspace, signed_off, reviewer, out_dir
) -> None:
    staged = stage_signed_report(
        workspace, signed_off, out_dir / "r.pdf", [SignerSpec(REVIEWER_FIELD, reviewer, PASS)]
    )
    with workspace.write() as session:
        signoffs.reopen(session, signed_off.id, reason="A late answer", actor="Ivo Petrov")
    with pytest.raises(RuleError, match="was reopened or signed off again"):
        place_signed_report(workspace, staged)
    assert list(out_dir.iterdir()) == []
    assert staged_notes(workspace.paths) == []
    assert report_events(workspace, signed_off.id) == []


def test_a_reopening_and_new_sign_off_while_a_worker_signs_leaves_nothing(
    workspace, signed_off, reviewer, out_dir
) -> None:
    """The window's path: the report is made on a worker thread.

    Meanwhile the assessment is reopened and signed off again, unchanged and by the same
    reviewer: the report names a sign-off no longer in force, so it must not be recorded.
    """
    laying_out, reopened = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def progress(_done: int, _total: int) -> None:
        if not laying_out.is_set():
            laying_out.set()
            assert reopened.wait(timeout=60)

    def export() -> None:
        try:
            staged = stage_signed_report(
                workspace,
                signed_off,
                out_dir / "r.pdf",
                [SignerSpec(REVIEWER_FIELD, reviewer, PASS)],
                ReportOptions(),
                progress=progress,
            )
            outcome["placed"] = place_signed_report(workspace, staged)
        except BaseException as exc:  # handed to the test thread
            outcome["error"] = exc

    worker = threading.Thread(target=export)
    worker.start()
    try:
        assert laying_out.wait(timeout=60)
        with workspace.write() as session:
            signoffs.reopen(session, signed_off.id, reason="A late answer", actor="Ivo Petrov")
            again = signoffs.sign_off(session, signed_off.id, name=REVIEWER, role="DPO")
    finally:
        reopened.set()
        worker.join(timeout=120)
    assert again.fingerprint == signed_off.fingerprint  # the same state: only the sign-off differs
    assert "placed" not in outcome
    error = outcome["error"]
    assert isinstance(error, RuleError)
    assert str(error) == (
        f"assessment {signed_off.id} was reopened or signed off again while the report was being "
        "made; nothing was written: export it again"
    )
    assert list(out_dir.iterdir()) == []
    assert staged_notes(workspace.paths) == []
    assert report_events(workspace, signed_off.id) == []
    assert intact(workspace, signed_off.id)


def test_when_the_file_cant_be_put_in_place_the_trail_says_so(
    workspace, signed_off, reviewer, out_dir
) -> None:
    target = out_dir / "r.pdf"
    staged = stage_signed_report(
        workspace, signed_off, target, [SignerSpec(REVIEWER_FIELD, reviewer, PASS)]
    )
    target.mkdir()  # something took the name meanwhile: the rename can't replace a folder
    (target / "keep.txt").write_text("someone else's")
    with pytest.raises(UserError, match="the history now says so"):
        place_signed_report(workspace, staged)
    assert sorted(p.name for p in out_dir.iterdir()) == ["r.pdf"]
    assert target.is_dir() and (target / "keep.txt").read_text() == "someone else's"
    assert staged_notes(workspace.paths) == []
    (signed_kind, signed), (not_kind, denied) = report_events(workspace, signed_off.id)
    assert (signed_kind, not_kind) == (EventKind.REPORT_SIGNED, EventKind.REPORT_NOT_WRITTEN)
    assert denied["sha256"] == signed["sha256"] and denied["file"] == "r.pdf"
    assert intact(workspace, signed_off.id)
    with workspace.read() as session:
        from app.audit_text import describe_event

        last = audit.history(session, signed_off.id)[-1]
    assert describe_event(last).startswith("signed report 'r.pdf' (SHA-256 ")
    assert "was not written, so no such file exists" in describe_event(last)


def test_a_cancelled_signed_export_leaves_nothing(workspace, signed_off, reviewer, out_dir) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelledError):
        stage_signed_report(
            workspace,
            signed_off,
            out_dir / "r.pdf",
            [SignerSpec(REVIEWER_FIELD, reviewer, PASS)],
            ReportOptions(),
            cancelled=cancel.is_set,
        )
    assert list(out_dir.iterdir()) == []
    assert staged_notes(workspace.paths) == []


# Killed: the next run clears up, and the trail says what became of a recorded report


def list_in_process(paths, capsys: pytest.CaptureFixture[str]) -> str:
    """`compliance-desk list`, run in this process as a later run; returns what it warned."""
    os.environ[DATA_DIR_ENV] = str(paths.data_dir)
    try:
        assert run(build_parser().parse_args(["list"])) == 0
    finally:
        del os.environ[DATA_DIR_ENV]
    return capsys.readouterr().err


@pytest.mark.posix  # SIGKILL
@pytest.mark.parametrize("stop", ["staged", "recorded"])
def test_a_signed_export_killed_midway_is_settled_by_the_next_run(
    workspace, signed_off, reviewer, out_dir, stop: str, capsys
) -> None:
    paths = workspace.paths
    target = out_dir / "r.pdf"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.app.durability_child",
            "signed-stop",
            str(paths.data_dir),
            signed_off.id,
            reviewer.id,
            str(target),
            stop,
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COMPLIANCE_DESK_PASSPHRASE": PASS},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == stop, child.stderr.read() if child.stderr else ""
        # While its writer lives, another run leaves its file alone.
        assert list_in_process(paths, capsys) == ""
        assert len(list(out_dir.iterdir())) == 1
    finally:
        child.kill()
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    assert not target.exists()
    (part,) = out_dir.iterdir()
    assert part.name.startswith(".r.pdf.") and part.name.endswith(".part")

    later = list_in_process(paths, capsys)
    assert later == f"warning: removed {part}, left by an export that was interrupted\n"
    assert list(out_dir.iterdir()) == []
    assert staged_notes(paths) == []
    events = report_events(workspace, signed_off.id)
    if stop == "staged":
        assert events == []  # never recorded, and no signed report exists
    else:
        (signed_kind, signed), (not_kind, denied) = events
        assert (signed_kind, not_kind) == (EventKind.REPORT_SIGNED, EventKind.REPORT_NOT_WRITTEN)
        assert denied["sha256"] == signed["sha256"]
        assert denied["reason"] == "the export was interrupted before the file was put in place"
    assert intact(workspace, signed_off.id)
    assert list_in_process(paths, capsys) == ""
    assert len(report_events(workspace, signed_off.id)) == len(events)
