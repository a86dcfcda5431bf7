"""A signed report anchors the audit trail outside the file: a rewritten or cut history shows.

Anyone who can write the workspace file can recompute every hash of its trail, so no check
inside the file can tell a careful rewrite from the truth. The sign-off records the trail's head
(its newest event's number and hash), the report prints it and carries it in its signed
keywords, and `verify` of that report says whether this workspace's trail still has that head.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.audit_chain import GENESIS_HASH, event_hash
from app.checklists.model import canonical_json
from app.report.pdf import REVIEWER_FIELD, render_report
from app.report.signoff_claim import TrailAnchor, signoff_claim
from app.services import assessments, audit
from app.services.reports import match_text
from app.services.signed_reports import write_signed_report
from app.services.stored_rows import stored_time
from app.signing.authority import authority_certificate
from app.signing.identities import create_identity
from app.signing.sign import SignerSpec
from app.signing.verify import ReportVerdict, verify_report
from app.values import EventKind
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite

REVIEWER = "Dana Okafor"
INTACT = "the history this report was signed on is intact here"


def flat_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.fixture
def signed(workspace, make_signed_off):
    return make_signed_off(REVIEWER)


@pytest.fixture
def report(paths, workspace, signed, tmp_path: Path) -> Path:
    reviewer = create_identity(
        paths,
        name=REVIEWER,
        role="DPO",
        passphrase="reviewer-pass",
        authority_passphrase="authority-pass",
    )
    out = tmp_path / "signed.pdf"
    write_signed_report(
        workspace, signed, out, [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")]
    )
    return out


def verdict_of(paths, report: Path) -> ReportVerdict:
    authority = authority_certificate(paths)
    assert authority is not None
    verdict = verify_report(report.read_bytes(), [authority])
    assert verdict.ok, verdict.reason
    return verdict


def says(workspace, verdict: ReportVerdict) -> str:
    with workspace.read() as session:
        return match_text(session, verdict.assessment_id, verdict.fingerprint, verdict.signoff)


def test_the_sign_off_records_the_head_of_the_trail(workspace, signed) -> None:
    with workspace.read() as session:
        events = audit.history(session, signed.id)
    signed_off = events[-1]
    assert signed_off.kind == EventKind.SIGNED_OFF
    before = events[-2]
    assert signed_off.detail["trail"] == {"seq": before.seq, "hash": before.hash}
    assert signed.signoff is not None
    assert (signed.signoff.trail_seq, signed.signoff.trail_hash) == (before.seq, before.hash)


def test_the_report_prints_it_and_signs_it_in_its_keywords(paths, signed, report) -> None:
    assert signed.signoff is not None
    anchor = f"event {signed.signoff.trail_seq}, SHA-256 {signed.signoff.trail_hash}"
    assert f"Audit trail at sign-off {anchor}" in flat_text(report)
    claim = verdict_of(paths, report).signoff
    assert claim is not None
    assert claim.trail == TrailAnchor(
        signed.signoff.trail_seq or 0, signed.signoff.trail_hash or ""
    )


def test_verify_says_the_history_is_intact_here(paths, workspace, signed, report) -> None:
    text = says(workspace, verdict_of(paths, report))
    assert text.startswith(f"this workspace holds the matching sign-off by {REVIEWER} (DPO) of ")
    n = signed.signoff.trail_seq or 0
    assert text.endswith(
        f"; {INTACT} (events 1 to {n} are unchanged, and event {n + 1} is its sign-off)"
    )


def rehash(db: sqlite3.Connection, assessment_id: str) -> None:
    """What a careful forger does after editing events: recompute every hash and the head."""
    rows = db.execute(
        "SELECT id, seq, at, actor, kind, item_id, detail FROM audit_events "
        "WHERE assessment_id = ? ORDER BY seq",
        (assessment_id,),
    ).fetchall()
    previous = GENESIS_HASH
    for row_id, seq, at, actor, kind, item_id, detail in rows:
        moment = stored_time(at)
        assert moment is not None
        digest = event_hash(
            assessment_id=assessment_id,
            seq=seq,
            at=moment,
            actor=actor,
            kind=kind,
            item_id=item_id,
            detail=detail,
            prev_hash=previous,
        )
        db.execute(
            "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?",
            (previous, digest, row_id),
        )
        previous = digest
    db.execute(
        "UPDATE assessments SET audit_seq = ?, audit_head = ? WHERE id = ?",
        (len(rows), previous, assessment_id),
    )


def forge_a_note(workspace, assessment_id: str, note: str) -> None:
    """Change a1's note everywhere: the row, its event, the fingerprint signed, every hash."""
    file = workspace.paths.workspace_file
    with raw_sqlite(file) as db:
        db.execute(
            "UPDATE answers SET note = ? WHERE assessment_id = ? AND item_id = 'a1'",
            (note, assessment_id),
        )
        row_id, detail = db.execute(
            "SELECT id, detail FROM audit_events WHERE assessment_id = ? AND item_id = 'a1' "
            "AND kind = 'answer.changed'",
            (assessment_id,),
        ).fetchone()
        changed = json.loads(detail)
        changed["new"]["note"] = note
        db.execute(
            "UPDATE audit_events SET detail = ? WHERE id = ?", (canonical_json(changed), row_id)
        )
    db.close()
    with workspace.read() as session:
        fingerprint = assessments.get_assessment(session, assessment_id).fingerprint
    with raw_sqlite(file) as db:
        db.execute("UPDATE signoffs SET fingerprint = ?", (fingerprint,))
        row_id, detail = db.execute(
            "SELECT id, detail FROM audit_events WHERE kind = 'signoff.signed'"
        ).fetchone()
        sealed = json.loads(detail)
        sealed["fingerprint"] = fingerprint
        db.execute(
            "UPDATE audit_events SET detail = ? WHERE id = ?", (canonical_json(sealed), row_id)
        )
        rehash(db, assessment_id)
        seq, digest = db.execute(
            "SELECT seq, hash FROM audit_events WHERE assessment_id = ? AND seq = ("
            "SELECT seq - 1 FROM audit_events WHERE kind = 'signoff.signed')",
            (assessment_id,),
        ).fetchone()
        sealed["trail"] = {"seq": seq, "hash": digest}
        db.execute(
            "UPDATE audit_events SET detail = ? WHERE id = ?", (canonical_json(sealed), row_id)
        )
        db.execute("UPDATE signoffs SET trail_seq = ?, trail_hash = ?", (seq, digest))
        rehash(db, assessment_id)
    db.close()


def test_a_careful_rewrite_fools_the_workspace_but_not_the_report(
    paths, workspace, signed, report
) -> None:
    forge_a_note(workspace, signed.id, "Checked by the vendor in person")
    with workspace.read() as session:
        inside = audit.verify_history(session, signed.id)
        now = assessments.get_assessment(session, signed.id)
    # Inside the file everything holds together: the rewrite recomputed every hash.
    assert inside.intact, [p.message for p in inside.problems]
    assert not now.altered_since_signoff and now.note_of("a1") == "Checked by the vendor in person"
    # The report, kept elsewhere, still names the head of the trail it was signed on.
    text = says(workspace, verdict_of(paths, report))
    assert signed.signoff is not None
    assert (
        f"the history this report was signed on was rewritten here: event "
        f"{signed.signoff.trail_seq} is not the event the report was signed on"
    ) in text
    assert INTACT not in text


def test_a_history_cut_short_shows(paths, workspace, signed, report) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute("DELETE FROM audit_events WHERE assessment_id = ? AND seq > 3", (signed.id,))
        rehash(db, signed.id)
    db.close()
    text = says(workspace, verdict_of(paths, report))
    assert signed.signoff is not None
    assert (
        f"the history this report was signed on was cut here: the trail ends at event 3, "
        f"before event {signed.signoff.trail_seq} the report was signed on"
    ) in text


def test_a_history_cut_just_after_the_anchor_loses_the_sign_off(
    paths, workspace, signed, report
) -> None:
    assert signed.signoff is not None
    n = signed.signoff.trail_seq
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute("DELETE FROM audit_events WHERE assessment_id = ? AND seq > ?", (signed.id, n))
        rehash(db, signed.id)
    db.close()
    text = says(workspace, verdict_of(paths, report))
    assert (
        f"the history this report was signed on was cut here: the trail ends at event {n}: the "
        f"sign-off the report was made for (event {(n or 0) + 1}) is gone"
    ) in text


def test_a_sign_off_event_rewritten_after_the_anchor_shows(
    paths, workspace, signed, report
) -> None:
    assert signed.signoff is not None
    with raw_sqlite(workspace.paths.workspace_file) as db:
        row_id, detail = db.execute(
            "SELECT id, detail FROM audit_events WHERE kind = 'signoff.signed'"
        ).fetchone()
        sealed = json.loads(detail)
        sealed["name"] = "Somebody Else"
        db.execute(
            "UPDATE audit_events SET detail = ? WHERE id = ?", (canonical_json(sealed), row_id)
        )
        rehash(db, signed.id)
    db.close()
    text = says(workspace, verdict_of(paths, report))
    assert (
        f"the history this report was signed on was rewritten here: event "
        f"{(signed.signoff.trail_seq or 0) + 1} is not the sign-off the report was made for"
    ) in text


def test_an_event_edited_without_rehashing_shows_where(paths, workspace, signed, report) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(
            "UPDATE audit_events SET actor = 'mallory' WHERE assessment_id = ? AND seq = 2",
            (signed.id,),
        )
    db.close()
    text = says(workspace, verdict_of(paths, report))
    assert (
        "the history this report was signed on was changed here: event 2 was changed after it "
        "was recorded"
    ) in text


def test_a_report_without_an_anchor_says_so(paths, workspace, signed) -> None:
    """A report of an earlier version names its sign-off but not the trail's head."""
    claim = signoff_claim(
        ["signoff:1", f"signoff-by:{REVIEWER}", "signoff-at:2026-01-01T00:00+00:00"]
    )
    assert claim is not None and claim.trail is None


def test_the_command_line_verify_says_it(
    paths, workspace, signed, report, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = workspace.paths.data_dir
    intact = run_cli("verify", str(report), data_dir=data)
    assert intact.returncode == 0, intact.stderr
    assert INTACT in intact.stdout.splitlines()[-1]
    as_json = json.loads(run_cli("verify", str(report), "--json", data_dir=data).stdout)
    assert as_json["history"] == "intact"
    forge_a_note(workspace, signed.id, "Forged")
    rewritten = run_cli("verify", str(report), data_dir=data)
    assert rewritten.returncode == 0  # the report itself is sound; the workspace is not
    assert "was rewritten here" in rewritten.stdout
    as_json = json.loads(run_cli("verify", str(report), "--json", data_dir=data).stdout)
    assert as_json["history"] == "rewritten"


def test_the_report_itself_is_plain_about_what_it_anchors(signed, tmp_path: Path) -> None:
    out = render_report(signed, tmp_path / "plain.pdf")
    text = flat_text(out)
    assert "Keep this signed report outside the data folder" in text


def test_a_sign_off_of_an_earlier_version_gets_its_anchor_from_its_trail(tmp_path: Path) -> None:
    from app.paths import Paths
    from app.workspace import open_workspace
    from tests.conftest import copy_fixture

    paths = Paths(tmp_path / "data")
    paths.ensure()
    copy_fixture("db/workspace-0003.sqlite", paths.workspace_file)
    ws = open_workspace(paths)
    try:
        with ws.read() as session:
            (signed_id,) = [
                s.id for s in assessments.list_assessments(session) if s.status == "signed"
            ]
            snap = assessments.get_assessment(session, signed_id)
            events = audit.history(session, signed_id)
            assert audit.verify_history(session, signed_id).intact
    finally:
        ws.close()
    assert snap.signoff is not None
    (signed_off,) = [e for e in events if e.kind == EventKind.SIGNED_OFF]
    before = events[signed_off.seq - 2]
    assert (snap.signoff.trail_seq, snap.signoff.trail_hash) == (before.seq, before.hash)
