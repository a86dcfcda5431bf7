"""The recycle bin through the services: in, hidden, refused, recorded, out, and emptied on purpose."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from app.audit_replay import replay
from app.backups import BackupReason, create_backup, list_backups
from app.errors import RuleError
from app.fields import utcnow
from app.models import (
    Action,
    Answer,
    Assessment,
    AuditEvent,
    Evidence,
    EvidenceBlob,
    SignOff,
)
from app.services import (
    actions,
    answers,
    assessments,
    audit,
    evidence,
    recycle_bin,
    signoffs,
)
from app.services.loading import InRecycleBinError
from app.sqlite.copies import read_workspace_file
from app.trail_verdict import ProblemKind
from app.values import AnswerValue, EventKind


def listed(workspace) -> list[str]:
    with workspace.read() as session:
        return [s.id for s in assessments.list_assessments(session)]


def bin_it(workspace, assessment_id: str, reason: str = "made by mistake") -> None:
    with workspace.write() as session:
        recycle_bin.move_to_bin(session, assessment_id, reason=reason, actor="Ada")


def test_a_draft_in_the_bin_is_hidden_refused_and_recorded(workspace, make_assessment) -> None:
    kept = make_assessment(title="Kept")
    snap = make_assessment(title="Mistake")
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.NO, actor="Ada")
        actions.add_action(
            session, snap.id, "a1", title="Fix", owner="IT", due=date(2027, 1, 1), actor="Ada"
        )
        fingerprint = assessments.get_assessment(session, snap.id).fingerprint
        binned = recycle_bin.move_to_bin(
            session, snap.id, reason="  Started twice  ", actor="Ada Lovelace"
        )
    assert (binned.id, binned.title, binned.entry.reason) == (snap.id, "Mistake", "Started twice")
    assert binned.entry.deleted_by == "Ada Lovelace"
    assert listed(workspace) == [kept.id]
    with workspace.read() as session:
        (in_bin,) = recycle_bin.binned_assessments(session)
        assert in_bin == binned
        assert actions.open_actions(session, today=date(2027, 6, 1)) == []
        with pytest.raises(InRecycleBinError, match="is in the recycle bin; restore it first"):
            assessments.get_assessment(session, snap.id)
        shown = assessments.get_assessment(session, snap.id, binned=True)
        assert shown.binned == binned.entry
        assert shown.fingerprint == fingerprint  # the bin is not part of what is sealed
        events = audit.history(session, snap.id)
        assert events[-1].kind == EventKind.MOVED_TO_BIN
        assert events[-1].detail == {"reason": "Started twice"}
        assert events[-1].actor == "Ada Lovelace"
        assert audit.verify_history(session, snap.id).intact
    refused = [
        lambda s: answers.record_answer(s, snap.id, "a2", value=AnswerValue.YES, actor="Ada"),
        lambda s: actions.add_action(
            s, snap.id, "a2", title="x", owner="y", due=date(2027, 1, 1), actor="Ada"
        ),
        lambda s: evidence.add_evidence(
            s, snap.id, "a1", name="p.txt", data=b"x", actor="Ada", max_bytes=100
        ),
        lambda s: signoffs.sign_off(s, snap.id, name="Dana", role="DPO"),
        lambda s: assessments.duplicate_assessment(s, snap.id, title="Copy", actor="Ada"),
        lambda s: assessments.edit_details(s, snap.id, actor="Ada", title="Renamed"),
        lambda s: recycle_bin.move_to_bin(s, snap.id, reason="again", actor="Ada"),
    ]
    for change in refused:
        with pytest.raises(RuleError, match="recycle bin"), workspace.write() as session:
            change(session)
    with workspace.read() as session:
        assert len(audit.history(session, snap.id)) == len(events)  # nothing more recorded


def test_a_signed_off_assessment_can_t_be_deleted_until_reopened_on_record(
    workspace, make_signed_off
) -> None:
    snap = make_signed_off("Dana")
    with pytest.raises(RuleError, match=r"signed off and can't be deleted: reopen it first"):
        bin_it(workspace, snap.id)
    assert listed(workspace) == [snap.id]
    with workspace.write() as session:
        signoffs.reopen(session, snap.id, reason="Started over", actor="Dana")
    bin_it(workspace, snap.id)
    with workspace.read() as session:
        kinds = [e.kind for e in audit.history(session, snap.id)]
        assert kinds[-2:] == [EventKind.REOPENED, EventKind.MOVED_TO_BIN]
        assert audit.verify_history(session, snap.id).intact
        shown = assessments.get_assessment(session, snap.id, binned=True)
        assert shown.signoff is None  # a deleted draft has no sign-off in force


def test_restoring_from_the_bin_is_recorded_and_the_trail_replays(
    workspace, make_assessment
) -> None:
    snap = make_assessment()
    with pytest.raises(RuleError, match="is not in the recycle bin"), workspace.write() as s:
        recycle_bin.restore_from_bin(s, snap.id, actor="Ada")
    bin_it(workspace, snap.id)
    with workspace.write() as session:
        assert recycle_bin.restore_from_bin(session, snap.id[:6], actor="Bo") == snap.id
    assert listed(workspace) == [snap.id]
    with workspace.read() as session:
        events = audit.history(session, snap.id)
        assert [e.kind for e in events][-2:] == [
            EventKind.MOVED_TO_BIN,
            EventKind.RESTORED_FROM_BIN,
        ]
        assert audit.verify_history(session, snap.id).intact
        assert assessments.get_assessment(session, snap.id).binned is None
        assert recycle_bin.binned_assessments(session) == []
    state = replay(events)[("assessment", "")]
    assert (state["deleted_at"], state["deleted_by"], state["deleted_reason"]) == (None,) * 3
    with workspace.write() as session:  # and it takes answers again
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="Ada")


def test_the_bin_columns_changed_outside_the_app_are_caught(workspace, make_assessment) -> None:
    hidden = make_assessment(title="Hidden by hand")
    sealed_snap = make_assessment(
        title="Signed", scope={"platform": "teams", "under13": "no"}, assessor="Łukasz"
    )
    with workspace.write() as session:
        for item in sealed_snap.checklist.items:
            if sealed_snap.in_scope(item):
                answers.record_answer(
                    session, sealed_snap.id, item.id, value=AnswerValue.YES, actor="t"
                )
        signoffs.sign_off(session, sealed_snap.id, name="Dana", role="DPO")
    db = sqlite3.connect(workspace.paths.workspace_file)
    db.execute(
        "UPDATE assessments SET deleted_at = '2026-01-01 00:00:00.000000', deleted_by = 'x', "
        "deleted_reason = 'hide it'"
    )
    db.commit()
    db.close()
    # A signed-off assessment is never in the bin: marked so by hand, it stays in sight.
    assert listed(workspace) == [sealed_snap.id]
    with workspace.read() as session:
        for assessment_id in (hidden.id, sealed_snap.id):
            verdict = audit.verify_history(session, assessment_id)
            assert not verdict.intact
            assert any(
                p.kind is ProblemKind.STATE and "deleted" in p.reason for p in verdict.problems
            ), verdict.problems


def test_emptying_removes_only_what_was_deleted_long_enough_ago(workspace, make_assessment) -> None:
    old = make_assessment(title="Deleted long ago")
    recent = make_assessment(title="Deleted today")
    kept = make_assessment(title="In use")
    shared = b"policy shared by two assessments"
    with workspace.write() as session:
        for snap in (old, kept):
            evidence.add_evidence(
                session, snap.id, "a1", name="shared.txt", data=shared, actor="A", max_bytes=1000
            )
        evidence.add_evidence(
            session, old.id, "a2", name="own.txt", data=b"only old", actor="A", max_bytes=1000
        )
        actions.add_action(
            session, old.id, "a1", title="Fix", owner="IT", due=date(2027, 1, 1), actor="A"
        )
        answers.record_answer(session, old.id, "a1", value=AnswerValue.NO, actor="A")
    bin_it(workspace, old.id)
    bin_it(workspace, recent.id)
    with workspace.write() as session:  # as if it went to the bin ten days ago
        session.execute(
            text("UPDATE assessments SET deleted_at = :at WHERE id = :id"),
            {"at": (utcnow() - timedelta(days=10)).strftime("%Y-%m-%d %H:%M:%S.%f"), "id": old.id},
        )
    with pytest.raises(RuleError, match="between 0 and"):
        recycle_bin.empty_recycle_bin(workspace, older_than_days=-1)
    nothing = recycle_bin.empty_recycle_bin(workspace, older_than_days=30)
    assert (nothing.removed, nothing.backup) == (0, None)
    assert list_backups(workspace.paths) == []
    emptied = recycle_bin.empty_recycle_bin(workspace, older_than_days=7)
    assert emptied.removed == 1 and emptied.backup is not None
    assert emptied.backup.reason is BackupReason.BEFORE_PURGE
    # The backup made first still holds what went.
    held = read_workspace_file(emptied.backup.path)
    assert old.id in {a.id for a in held.assessments}
    with workspace.read() as session:
        for table in (Answer, Action, Evidence, AuditEvent, SignOff):
            count = session.scalar(
                select(func.count()).select_from(table).where(table.assessment_id == old.id)
            )
            assert count == 0, table.__tablename__
        assert session.get(Assessment, old.id) is None
        blobs = set(session.scalars(select(EvidenceBlob.sha256)))
        assert len(blobs) == 1  # the shared file stays for the one still using it, the other went
    assert list(workspace.evidence.stored()) == sorted(blobs)  # its file went with its row
    own = hashlib.sha256(b"only old").hexdigest()
    backed_up = workspace.paths.backups_dir / "evidence" / own[:2] / own
    assert backed_up.read_bytes() == b"only old"
    with workspace.read() as session:
        assert [b.id for b in recycle_bin.binned_assessments(session)] == [recent.id]
        assert audit.verify_history(session, kept.id).intact
        assert audit.verify_history(session, recent.id).intact
    assert listed(workspace) == [kept.id]
    with workspace.read() as session:
        (attached,) = assessments.get_assessment(session, kept.id).evidence
        _found, data = evidence.evidence_content(session, kept.id, attached.id)
    assert data == shared


def test_emptying_the_bin_removes_files_only_after_its_rows_are_gone(
    workspace, make_assessment
) -> None:
    """A commit that fails (a full disk) leaves the rows, so it must leave their files too."""
    from sqlalchemy import Connection, event

    from app.errors import WorkspaceError

    snap = make_assessment()
    with workspace.write() as session:
        sha = evidence.add_evidence(
            session, snap.id, "a1", name="only.txt", data=b"the only copy", actor="A"
        ).sha256
    bin_it(workspace, snap.id)

    def disk_full(connection: Connection) -> None:
        if connection.get_execution_options().get("compliance_desk_begin") == "IMMEDIATE":
            raise sqlite3.OperationalError("database or disk is full")  # writes only

    backups_made = len(list_backups(workspace.paths))
    event.listen(workspace.engine, "commit", disk_full)
    try:
        with pytest.raises(WorkspaceError, match="is full"):
            recycle_bin.empty_recycle_bin(workspace, older_than_days=0)
    finally:
        event.remove(workspace.engine, "commit", disk_full)
    assert len(list_backups(workspace.paths)) == backups_made + 1
    with workspace.read() as session:  # the rows stayed, and so did their file
        assert session.get(EvidenceBlob, sha) is not None
        assert session.scalar(select(func.count()).select_from(Evidence)) == 1
    assert workspace.evidence.read(sha) == b"the only copy"
    emptied = recycle_bin.empty_recycle_bin(workspace, older_than_days=0)
    assert emptied.removed == 1
    assert not workspace.evidence.exists(sha)  # once the rows are gone, the file goes too


def test_a_purge_in_another_program_while_a_backup_is_restored_leaves_its_files(
    workspace, make_assessment
) -> None:
    """The purge can remove a file between the restore's check of it and the swap."""
    from app.paths import Paths
    from app.sqlite.restore import restore_workspace
    from app.workspace import open_workspace

    snap = make_assessment(title="Binned")
    with workspace.write() as session:
        sha = evidence.add_evidence(
            session, snap.id, "a1", name="only.txt", data=b"the only copy", actor="A"
        ).sha256
    bin_it(workspace, snap.id)
    made = create_backup(workspace.paths, BackupReason.MANUAL)
    other = open_workspace(Paths(workspace.paths.data_dir))  # the other program
    purged: list[int] = []

    def purge_meanwhile(_copy: object) -> None:
        purged.append(recycle_bin.empty_recycle_bin(other, older_than_days=0).removed)

    try:
        restored = restore_workspace(made.path, workspace.paths, prepare=purge_meanwhile)
    finally:
        other.close()
    assert purged == [1]
    assert restored.missing_evidence == ()
    with workspace.read() as session:  # the backup's state, its file with it
        assert session.get(EvidenceBlob, sha) is not None
    assert workspace.evidence.read(sha) == b"the only copy"


def test_what_a_purge_removes_is_in_the_backup_made_before_it(workspace, make_assessment) -> None:
    """Another program answers and bins an assessment between the purge's backup and its purge."""
    import threading
    import time

    from app.paths import Paths
    from app.workspace import open_workspace

    snap = make_assessment(title="Binned elsewhere")
    other = open_workspace(Paths(workspace.paths.data_dir))  # the other program
    outcome: list[object] = []

    def empty() -> None:
        try:
            outcome.append(recycle_bin.empty_recycle_bin(workspace, older_than_days=0))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=empty, daemon=True)
    try:
        bin_it(workspace, make_assessment(title="Long gone").id)
        with other.write() as session:
            answers.record_answer(
                session, snap.id, "a1", value=AnswerValue.NO, note="last words", actor="Bo"
            )
            recycle_bin.move_to_bin(session, snap.id, reason="done with it", actor="Bo")
            worker.start()
            deadline = time.monotonic() + 60
            while not [b for b in list_backups(workspace.paths)]:
                assert time.monotonic() < deadline and worker.is_alive()
                time.sleep(0.01)
        worker.join(timeout=60)
    finally:
        other.close()
    assert not worker.is_alive()
    (emptied,) = outcome
    assert isinstance(emptied, recycle_bin.EmptiedBin) and emptied.backup is not None
    db = sqlite3.connect(f"{emptied.backup.path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        kept = db.execute("SELECT note FROM answers WHERE assessment_id = ?", (snap.id,)).fetchall()
    finally:
        db.close()
    with workspace.read() as session:
        here = session.get(Assessment, snap.id) is not None
    assert here or kept == [("last words",)]
    assert emptied.removed == 1 and here  # left in the bin for a later purge, which takes it
    assert recycle_bin.empty_recycle_bin(workspace, older_than_days=0).removed == 1
