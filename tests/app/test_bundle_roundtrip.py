"""A bundle carries an assessment whole: the other laptop shows, verifies and signs it the same."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.bundles.errors import BundleError
from app.bundles.format import MANIFEST_ENTRY, evidence_entry
from app.bundles.importing import Outcome, import_bundle
from app.bundles.inspection import inspect_bundle
from app.bundles.writing import export_bundle
from app.report.pdf import REVIEWER_FIELD
from app.services import assessments, audit, evidence, recycle_bin, reviews
from app.services.reports import match_report
from app.services.signed_reports import write_signed_report
from app.signing.authority import authority_certificate
from app.signing.identities import create_identity
from app.signing.sign import SignerSpec
from app.signing.verify import verify_report
from tests.app.bundle_support import PDF, PNG, fill, show_json
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite

AUTHORITY = "authority-secret"


def test_export_then_import_into_an_empty_workspace_gives_the_same_assessment(
    workspace, make_assessment, tmp_path: Path, other_paths
) -> None:
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bundle = tmp_path / "hand-over.cdesk"
    with workspace.read() as session:
        written = export_bundle(session, assessment_id, bundle)
    assert written.path == bundle and bundle.stat().st_size == written.size

    result = run_cli("bundle", "import", str(bundle), "--json", data_dir=other_paths.data_dir)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outcome"] == "added"
    assert json.loads(result.stdout)["id"] == assessment_id

    mine = run_cli("show", assessment_id, "--json", data_dir=workspace.paths.data_dir, check=True)
    theirs = run_cli("show", assessment_id, "--json", data_dir=other_paths.data_dir, check=True)
    assert json.loads(theirs.stdout) == json.loads(mine.stdout)  # the fingerprint included
    verified = run_cli("history", assessment_id, "--verify", data_dir=other_paths.data_dir)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_evidence_bytes_arrive_unchanged_and_removed_files_travel_too(
    workspace, make_assessment, tmp_path: Path, other
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bundle = tmp_path / "b.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(MANIFEST_ENTRY))
    assert names[0] == MANIFEST_ENTRY
    assert sorted(names[1:]) == sorted({evidence_entry(e["sha256"]) for e in manifest["evidence"]})
    assert [e["name"] for e in manifest["evidence"]] == ["lobby.png", "policy.pdf", "old.pdf"]
    with other.write() as session:
        assert import_bundle(session, bundle).outcome is Outcome.ADDED
    with other.read() as session:
        snap = assessments.get_assessment(session, assessment_id)
        contents = {
            e.name: evidence.evidence_content(session, assessment_id, e.id)[1]
            for e in snap.evidence
        }
        assert audit.verify_history(session, assessment_id).intact  # files hashed again too
    assert contents == {"lobby.png": PNG, "policy.pdf": PDF, "old.pdf": PDF[:-1]}


def test_imported_rows_keep_their_numbers_though_their_row_ids_differ(
    workspace, make_assessment, tmp_path: Path, other
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bundle = tmp_path / "b.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    with other.write() as session:
        import_bundle(session, bundle)
    with raw_sqlite(other.paths.workspace_file) as db:
        rows = db.execute(
            "SELECT id, number FROM actions WHERE assessment_id = ?", (assessment_id,)
        ).fetchall()
        files = db.execute(
            "SELECT id, number FROM evidence WHERE assessment_id = ? ORDER BY number",
            (assessment_id,),
        ).fetchall()
    db.close()
    assert [number for _id, number in rows] == [1]
    assert rows[0][0] != 1  # the other laptop's own actions took the first ids
    assert [number for _id, number in files] == [1, 2, 3]
    assert show_json(other, assessment_id)["actions"][0]["id"] == 1


def test_a_signed_report_made_on_either_laptop_verifies_and_matches_on_both(
    paths, workspace, make_signed_off, tmp_path: Path, other_paths, other
) -> None:
    signed = make_signed_off("Dana Okafor")
    bundle = tmp_path / "b.cdesk"
    with workspace.read() as session:
        export_bundle(session, signed.id, bundle)
    with other.write() as session:
        import_bundle(session, bundle)
    reports = {}
    for name, (where, ws) in {"here": (paths, workspace), "there": (other_paths, other)}.items():
        identity = create_identity(
            where,
            name="Dana Okafor",
            role="DPO",
            passphrase="pass-" + name,
            authority_passphrase=AUTHORITY,
        )
        with ws.read() as session:
            snap = assessments.get_assessment(session, signed.id)
        out = tmp_path / f"{name}.pdf"
        write_signed_report(ws, snap, out, [SignerSpec(REVIEWER_FIELD, identity, "pass-" + name)])
        authority = authority_certificate(where)
        assert authority is not None
        reports[name] = (out, authority)
    for out, authority in reports.values():
        verdict = verify_report(out.read_bytes(), [authority])
        assert verdict.ok, verdict.reason
        for ws in (workspace, other):
            with ws.read() as session:
                match = match_report(
                    session, verdict.assessment_id, verdict.fingerprint, verdict.signoff
                )
            assert "holds the matching sign-off by Dana Okafor" in match.text, match.text
            assert match.history is not None and match.history.value == "intact", match.text


def test_inspect_shows_what_the_bundle_holds_and_touches_no_workspace(
    workspace, make_assessment, tmp_path: Path, other_paths
) -> None:
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bundle = tmp_path / "b.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    before = bundle.read_bytes()
    summary = inspect_bundle(bundle)
    assert (summary.assessment_id, summary.title, summary.status.value) == (
        assessment_id,
        "Spring review",
        "signed",
    )
    assert (summary.answered, summary.applicable, summary.actions, summary.evidence_files) == (
        9,
        9,
        1,
        2,
    )
    assert [(s.name, s.void) for s in summary.signoffs] == [("Dana Okafor", False)]
    result = run_cli("bundle", "inspect", str(bundle), "--json", data_dir=other_paths.data_dir)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["checks"] == "passed" and shown["signoffs"][0]["name"] == "Dana Okafor"
    assert shown["checklist"]["id"] == "scoring-sample"
    text = run_cli("bundle", "inspect", str(bundle), data_dir=other_paths.data_dir, check=True)
    assert "every check passed" in text.stdout and "Dana Okafor (DPO)" in text.stdout
    assert not other_paths.data_dir.exists()  # no workspace was made, or opened
    assert bundle.read_bytes() == before


def test_export_adds_the_suffix_and_replaces_an_older_bundle_whole(
    workspace, make_assessment, tmp_path: Path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    data_dir = workspace.paths.data_dir
    first = run_cli(
        "bundle", "export", assessment_id, str(tmp_path / "hand-over"), data_dir=data_dir
    )
    assert first.returncode == 0, first.stderr
    target = tmp_path / "hand-over.cdesk"
    assert target.exists() and "hand-over.cdesk" in first.stdout
    again = run_cli("bundle", "export", assessment_id, str(target), data_dir=data_dir)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    inspect_bundle(target)
    missing = run_cli(
        "bundle", "export", assessment_id, str(tmp_path / "no" / "x.cdesk"), data_dir=data_dir
    )
    assert missing.returncode == 1 and missing.stderr.startswith("error: ")


def test_a_cancelled_export_leaves_no_file_and_a_cancelled_import_writes_nothing(
    workspace, make_assessment, tmp_path: Path, other
) -> None:
    assessment_id = fill(workspace, make_assessment())
    target = tmp_path / "out" / "b.cdesk"
    target.parent.mkdir()
    seen: list[tuple[int, int]] = []
    with pytest.raises(BundleError, match="stopped"), workspace.read() as session:
        export_bundle(
            session,
            assessment_id,
            target,
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: len(seen) >= 1,
        )
    assert list(target.parent.iterdir()) == []  # neither the bundle nor a temporary file
    bundle = tmp_path / "b.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    with other.read() as session:
        before = assessments.list_assessments(session)
    with pytest.raises(BundleError, match="stopped"), other.write() as session:
        import_bundle(session, bundle, cancelled=lambda: True)
    with other.read() as session:
        assert assessments.list_assessments(session) == before


def test_review_links_carried_answers_and_evidence_dates_travel_as_they_are(
    workspace, make_assessment, tmp_path: Path, other
) -> None:
    last = make_assessment()
    fill(workspace, last, sign="Dana")
    with workspace.write() as session:  # a next review, with a file dated and limited
        review = reviews.start_next_review(session, last.id, last.checklist, actor="t").snapshot
        evidence.add_evidence(
            session,
            review.id,
            "a1",
            name="dated.txt",
            data=b"dated",
            actor="t",
            applies_on=date(2026, 9, 1),
            valid_until=date(2027, 6, 30),
        )
    assessment_id = review.id
    bundle = tmp_path / "b.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    with other.write() as session:
        import_bundle(session, bundle)

    def rows(ws) -> list[tuple[object, ...]]:
        with raw_sqlite(ws.paths.workspace_file) as db:
            found = [
                *db.execute("SELECT previous_id FROM assessments WHERE id = ?", (assessment_id,)),
                *db.execute(
                    "SELECT item_id, carried_over FROM answers WHERE assessment_id = ? "
                    "ORDER BY item_id",
                    (assessment_id,),
                ),
                *db.execute(
                    "SELECT number, applies_on, valid_until FROM evidence WHERE assessment_id = ? "
                    "ORDER BY number",
                    (assessment_id,),
                ),
            ]
        db.close()
        return found

    assert rows(other) == rows(workspace)
    assert (last.id,) in rows(other) and ("a3", 1) in rows(other)
    assert ("2026-09-01", "2027-06-30") in [r[1:] for r in rows(other) if len(r) == 3]


def test_an_assessment_in_the_recycle_bin_is_restored_before_it_travels(
    workspace, make_assessment, tmp_path: Path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    with workspace.write() as session:
        recycle_bin.move_to_bin(session, assessment_id, reason="Started twice", actor="t")
    with pytest.raises(BundleError, match="in the recycle bin"), workspace.read() as session:
        export_bundle(session, assessment_id, tmp_path / "b.cdesk")
    assert not (tmp_path / "b.cdesk").exists()
