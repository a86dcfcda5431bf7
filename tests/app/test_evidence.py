"""Evidence files: kept by hash in the data folder's store, limits, removal, damage detection."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import NotFoundError, RuleError, UserError
from app.evidence_files import EvidenceFiles
from app.models import AuditEvent, Evidence, EvidenceBlob
from app.paths import Paths
from app.services import assessments, evidence
from tests.conftest import alter_evidence_file, new_teams_assessment, run_cli


def attach(workspace, assessment_id, item="a1", name="policy.pdf", data=b"%PDF- pretend", **kw):
    with workspace.write() as session:
        return evidence.add_evidence(
            session, assessment_id, item, name=name, data=data, actor="t", **kw
        )


def counts(workspace) -> tuple[int, int, int]:
    with workspace.read() as session:
        return (
            session.scalar(select(func.count()).select_from(EvidenceBlob)),
            session.scalar(select(func.count()).select_from(Evidence)),
            session.scalar(select(func.count()).select_from(AuditEvent)),
        )


def test_attach_records_name_size_hash_who_and_when(workspace, make_assessment) -> None:
    snap = make_assessment()
    added = attach(
        workspace, snap.id, note="Section 4 covers it", name="C:\\Users\\ada\\policy.pdf"
    )
    assert (added.name, added.size, added.sha256) == (
        "policy.pdf",
        13,
        hashlib.sha256(b"%PDF- pretend").hexdigest(),
    )
    assert added.added_by == "t" and added.note == "Section 4 covers it"
    with workspace.read() as session:
        current = assessments.get_assessment(session, snap.id)
        (shown,) = current.evidence_for("a1")
        stored, data = evidence.evidence_content(session, snap.id, added.id)
    assert shown == added and data == b"%PDF- pretend"


def test_one_file_backs_several_items_and_is_stored_once(workspace, make_assessment) -> None:
    snap = make_assessment()
    attach(workspace, snap.id, item="a1")
    attach(workspace, snap.id, item="a2")
    assert counts(workspace)[:2] == (1, 2)
    with pytest.raises(RuleError, match=r"already attached to A one \(a1\) as 'policy.pdf'"):
        attach(workspace, snap.id, item="a1", name="copy.pdf")


def test_oversize_and_empty_files_are_refused_with_nothing_stored(
    workspace, make_assessment
) -> None:
    snap = make_assessment()
    before = counts(workspace)
    with pytest.raises(RuleError, match=r"big.bin is 0.0 MB, larger than the 0.0 MB limit"):
        attach(workspace, snap.id, name="big.bin", data=b"x" * 11, max_bytes=10)
    with pytest.raises(RuleError, match="empty"):
        attach(workspace, snap.id, data=b"")
    assert counts(workspace) == before


def test_reading_files_respects_the_limit_and_reports_missing_ones(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(UserError, match="larger than the 0.0 MB limit"):
        evidence.read_evidence_file(big, max_bytes=1024)
    assert evidence.read_evidence_file(big, max_bytes=4096) == b"x" * 2048
    with pytest.raises(UserError, match="is a folder, not a file"):
        evidence.read_evidence_file(tmp_path)
    with pytest.raises(UserError, match="no such file"):
        evidence.read_evidence_file(tmp_path / "missing.pdf")


def test_an_unreadable_file_is_refused_with_nothing_stored(
    workspace, make_assessment, tmp_path: Path, monkeypatch
) -> None:
    # Tests run as root here, where permission bits don't stop reads: simulate the OS refusing.
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"secret")
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    make_assessment()
    before = counts(workspace)
    with pytest.raises(UserError, match=r"locked.pdf: can't read the file \(Permission denied\)"):
        evidence.read_evidence_file(locked)
    assert counts(workspace) == before


def test_removal_is_recorded_and_the_file_kept(workspace, make_assessment) -> None:
    snap = make_assessment()
    added = attach(workspace, snap.id)
    with workspace.write() as session:
        removed = evidence.remove_evidence(
            session, snap.id, added.id, reason="Wrong file", actor="t"
        )
    assert removed.removed_at is not None and removed.removal_reason == "Wrong file"
    with workspace.read() as session:
        current = assessments.get_assessment(session, snap.id)
    assert current.evidence_for("a1") == ()
    assert counts(workspace)[:2] == (1, 1)
    with pytest.raises(RuleError, match="already removed"), workspace.write() as session:
        evidence.remove_evidence(session, snap.id, added.id, reason="again", actor="t")
    with pytest.raises(RuleError, match="reason must not be empty"), workspace.write() as session:
        evidence.remove_evidence(session, snap.id, added.id, reason=" ", actor="t")
    with pytest.raises(NotFoundError), workspace.write() as session:
        evidence.remove_evidence(session, snap.id, 999, reason="x", actor="t")


def test_damaged_content_is_detected_by_its_hash(workspace, make_assessment) -> None:
    snap = make_assessment()
    added = attach(workspace, snap.id)
    alter_evidence_file(workspace.paths, added.sha256, b"%PDF- altered")
    shown = f"evidence/{added.sha256[:2]}/{added.sha256}"
    with workspace.read() as session:
        with pytest.raises(UserError, match=r"evidence \d+ \(policy.pdf\) is damaged") as caught:
            evidence.evidence_content(session, snap.id, added.id)
        assert f"the evidence file {shown} no longer matches its SHA-256" in str(caught.value)
        assert [e.id for e in evidence.damaged_evidence(session, snap.id)] == [added.id]
    alter_evidence_file(workspace.paths, added.sha256, None)
    with workspace.read() as session:
        with pytest.raises(UserError) as caught:
            evidence.evidence_content(session, snap.id, added.id)
        assert str(caught.value) == (
            f"evidence {added.id} (policy.pdf) is damaged: the evidence file {shown} is missing "
            "from the data folder"
        )
        assert [e.id for e in evidence.damaged_evidence(session, snap.id)] == [added.id]


def test_out_of_scope_item_takes_no_evidence(workspace, make_assessment) -> None:
    snap = make_assessment(scope={"platform": "zoom", "under13": "no"})
    with pytest.raises(RuleError, match="out of scope"):
        attach(workspace, snap.id, item="b4")


def test_command_line_add_list_save_remove(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proof = tmp_path / "Zoë's screenshot.png"
    proof.write_bytes(b"\x89PNG pretend")
    run_cli("settings", "--name", "Zoë Martin", data_dir=data, check=True)
    made = new_teams_assessment(data)
    added = run_cli(
        "evidence",
        "add",
        made,
        "teams-policy-allows",
        str(proof),
        "--note",
        "admin centre",
        data_dir=data,
        check=True,
    )
    assert (
        "evidence 1 attached to item teams-policy-allows: Zoë's screenshot.png (12 bytes"
        in added.stdout
    )
    listed = run_cli("evidence", "list", made, "--json", data_dir=data, check=True).stdout
    assert '"sha256": "' + hashlib.sha256(b"\x89PNG pretend").hexdigest() in listed
    copy = tmp_path / "copy.png"
    run_cli("evidence", "save", made, "1", str(copy), data_dir=data, check=True)
    assert copy.read_bytes() == b"\x89PNG pretend"
    shown = run_cli("show", made, "--json", data_dir=data, check=True).stdout
    assert '"evidence": [' in shown and "Zoë's screenshot.png" in shown
    missing = run_cli(
        "evidence", "add", made, "teams-policy-allows", str(tmp_path / "nope.png"), data_dir=data
    )
    assert (
        missing.returncode == 1
        and missing.stderr.startswith("error: ")
        and "no such file" in missing.stderr
    )
    removed = run_cli(
        "evidence", "remove", made, "1", "--reason", "replaced", data_dir=data, check=True
    )
    assert "removed" in removed.stdout
    assert (
        "No evidence attached."
        in run_cli("evidence", "list", made, data_dir=data, check=True).stdout
    )


def test_command_line_refuses_an_oversize_file_with_nothing_stored(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(
        '{"evidence_limit_mb": 1, "user_name": "Zoë Martin"}', "utf-8"
    )
    big = tmp_path / "video.mp4"
    big.write_bytes(b"\0" * (1024 * 1024 + 1))
    made = new_teams_assessment(data)
    result = run_cli("evidence", "add", made, "teams-policy-allows", str(big), data_dir=data)
    assert result.returncode == 1
    assert "larger than the 1.0 MB limit for evidence" in result.stderr
    assert (
        "No evidence attached."
        in run_cli("evidence", "list", made, data_dir=data, check=True).stdout
    )


def test_evidence_save_never_overwrites_without_force(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = new_teams_assessment(data, by="Ada")
    attached = tmp_path / "policy.txt"
    attached.write_text("the policy", "utf-8")
    run_cli(
        "evidence",
        "add",
        made,
        "teams-policy-allows",
        str(attached),
        "--by",
        "Ada",
        data_dir=data,
        check=True,
    )
    existing = tmp_path / "mine.txt"
    existing.write_text("keep me", "utf-8")
    refused = run_cli("evidence", "save", made, "1", str(existing), data_dir=data)
    assert refused.returncode == 1
    assert "exists; give another name; --force replaces it" in refused.stderr
    assert existing.read_text("utf-8") == "keep me"
    run_cli("evidence", "save", made, "1", str(existing), "--force", data_dir=data, check=True)
    assert existing.read_text("utf-8") == "the policy"


@pytest.mark.parametrize("name", ["..", "folder/..", "."])
def test_a_name_that_names_no_file_is_refused(workspace, make_assessment, name: str) -> None:
    snap = make_assessment()
    with pytest.raises(RuleError), workspace.write() as session:
        evidence.add_evidence(session, snap.id, "a1", name=name, data=b"x", actor="t")
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id).evidence == ()


def test_the_content_lies_in_the_store_before_its_rows_commit(workspace, make_assessment) -> None:
    snap = make_assessment()
    data = b"%PDF- in the store"
    digest = hashlib.sha256(data).hexdigest()
    with workspace.write() as session:
        evidence.add_evidence(session, snap.id, "a1", name="p.pdf", data=data, actor="t")
        assert workspace.evidence.path(digest).read_bytes() == data  # flushed, named, not yet
        assert counts(workspace)[0] == 0  # committed: another reader sees no row
    assert counts(workspace)[0] == 1
    with workspace.read() as session:
        (row,) = session.scalars(select(EvidenceBlob)).all()
    assert (row.sha256, row.size) == (digest, len(data))


def test_a_unit_of_work_that_fails_takes_its_new_files_away(workspace, make_assessment) -> None:
    snap = make_assessment()
    kept = attach(workspace, snap.id, "a1", data=b"kept before")
    with pytest.raises(RuntimeError, match="power cut"), workspace.write() as session:
        evidence.add_evidence(session, snap.id, "a2", name="new.pdf", data=b"new", actor="t")
        evidence.add_evidence(
            session, snap.id, "a3", name="same.pdf", data=b"kept before", actor="t"
        )
        raise RuntimeError("power cut")
    assert list(workspace.evidence.stored()) == [kept.sha256]  # the file there before stays
    assert counts(workspace)[:2] == (1, 1)


def test_files_no_row_names_are_swept_once_old(workspace, make_assessment) -> None:
    snap = make_assessment()
    named = attach(workspace, snap.id).sha256
    orphan = workspace.evidence.put_bytes(b"left by a killed import").sha256
    old = time.time() - 2 * 86400
    for digest in (named, orphan):
        os.utime(workspace.evidence.path(digest), (old, old))
    with workspace.write() as session:
        assert evidence.sweep_unregistered_files(session) == [orphan]
    assert list(workspace.evidence.stored()) == [named]


def test_the_day_s_first_change_sweeps_what_a_killed_writer_left(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_cli("settings", "--name", "Zoë", data_dir=data, check=True)
    orphan = EvidenceFiles(Paths(data).evidence_dir).put_bytes(b"unregistered")
    old = time.time() - 2 * 86400
    os.utime(Paths(data).evidence_dir / orphan.sha256[:2] / orphan.sha256, (old, old))
    run_cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
        data_dir=data,
        check=True,
    )
    assert list(EvidenceFiles(Paths(data).evidence_dir).stored()) == []


def test_a_commit_that_fails_removes_the_files_its_unit_of_work_placed(
    workspace, make_assessment
) -> None:
    """A full disk at the commit itself: the rows never come, so the new file goes too."""
    import sqlite3

    from sqlalchemy import event

    from app.errors import WorkspaceError

    snap = make_assessment()
    known = attach(workspace, snap.id, "a1", data=b"stored before").sha256
    before = counts(workspace)

    def disk_full(_connection: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    event.listen(workspace.engine, "commit", disk_full)
    try:
        with pytest.raises(WorkspaceError, match="is full"), workspace.write() as session:
            for item, data in (("a2", b"stored before"), ("a3", b"new in this unit")):
                evidence.add_evidence(
                    session, snap.id, item, name=f"{item}.txt", data=data, actor="t"
                )
    finally:
        event.remove(workspace.engine, "commit", disk_full)
    assert list(workspace.evidence.stored()) == [known]  # the file it did not place stays
    assert counts(workspace) == before


def test_a_large_file_is_attached_in_pieces_with_memory_bounded(
    workspace, make_assessment, tmp_path: Path
) -> None:
    """Hashed and written in pieces from the file itself: never held whole in memory."""
    import tracemalloc

    snap = make_assessment()
    size = 50 * 1024 * 1024
    source = tmp_path / "recording.mp4"
    digest = hashlib.sha256()
    with source.open("wb") as handle:
        for _n in range(size // (1024 * 1024)):
            piece = os.urandom(1024 * 1024)
            digest.update(piece)
            handle.write(piece)
    tracemalloc.start()
    try:
        with workspace.write() as session:
            added = evidence.add_evidence_file(
                session, snap.id, "a1", path=source, actor="t", max_bytes=size
            )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a 50 MiB file"
    assert (added.name, added.size, added.sha256) == ("recording.mp4", size, digest.hexdigest())
    assert workspace.evidence.problem(added.sha256, size=size) is None


def test_a_file_attached_from_disk_is_refused_when_empty_too_large_or_a_duplicate(
    workspace, make_assessment, tmp_path: Path
) -> None:
    snap = make_assessment()
    empty, big, policy = tmp_path / "empty.txt", tmp_path / "big.bin", tmp_path / "policy.pdf"
    empty.write_bytes(b"")
    big.write_bytes(b"x" * 2000)
    policy.write_bytes(b"%PDF- pretend")
    for path, words in ((empty, "is empty"), (big, "larger than")):
        with pytest.raises(UserError, match=words), workspace.write() as session:
            evidence.add_evidence_file(session, snap.id, "a1", path=path, actor="t", max_bytes=1000)
    with workspace.write() as session:
        evidence.add_evidence_file(session, snap.id, "a1", path=policy, actor="t")
    with pytest.raises(RuleError, match="already attached"), workspace.write() as session:
        evidence.add_evidence_file(session, snap.id, "a1", path=policy, actor="t")
    assert counts(workspace)[:2] == (1, 1)
    assert len(list(workspace.evidence.stored())) == 1


@pytest.mark.linux  # os.wait4, and ru_maxrss counted in KiB as Linux counts it
def test_the_command_line_attaches_a_large_file_without_holding_it(tmp_path: Path) -> None:
    """The child's peak memory grows by far less than the file's size."""
    from dataclasses import replace

    from app.settings import load_settings, save_settings

    data = tmp_path / "data"
    run_cli("settings", "--name", "Ada", data_dir=data, check=True)
    save_settings(Paths(data), replace(load_settings(Paths(data)), evidence_limit_mb=100))
    assessment_id = new_teams_assessment(data)
    small, large = tmp_path / "small.bin", tmp_path / "large.bin"
    small.write_bytes(os.urandom(1024))
    with large.open("wb") as handle:
        for _n in range(60):
            handle.write(os.urandom(1024 * 1024))
    peaks = []
    for file in (small, large):
        peaks.append(
            peak_memory_of_cli(
                data, "evidence", "add", assessment_id, "teams-policy-allows", str(file)
            )
        )
    assert peaks[1] - peaks[0] < 25 * 1024 * 1024, [p / 2**20 for p in peaks]


def peak_memory_of_cli(data: Path, *args: str) -> int:
    """Run the command line in a child and return its peak resident memory in bytes (Linux)."""
    import subprocess
    import sys

    from app.paths import DATA_DIR_ENV
    from tests.conftest import ROOT

    child = subprocess.Popen(
        [sys.executable, "-m", "ui", *args],
        env=dict(os.environ, **{DATA_DIR_ENV: str(data)}),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    assert child.returncode == 0, child.stderr.read()
    child.stderr.close()
    return usage.ru_maxrss * 1024
