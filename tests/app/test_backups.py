"""Backups through the services: made, checked, listed, kept or pruned, looked into, restored."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app import backups
from app.atomic_files import stage_file
from app.backups import BackupReason
from app.checklists import load_checklist_file
from app.errors import (
    DamagedWorkspaceError,
    NotFoundError,
    UserError,
    WorkspaceChangedError,
    WorkspaceError,
)
from app.migrations import HEAD_REVISION
from app.paths import Paths
from app.services import answers, assessments, audit, signoffs
from app.services.signed_reports import settle_interrupted
from app.settings import Settings, save_settings
from app.sqlite import restore as restore_module
from app.sqlite.copies import backup_workspace
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.conftest import FIXTURES, run_cli

FIXTURE_0004 = FIXTURES / "db" / "workspace-0004.sqlite"
FIXTURE_0004_NAME = "workspace.0004.20240301T120000000000Z.sqlite"


def titles(workspace: Workspace) -> list[str]:
    with workspace.read() as session:
        return sorted(s.title for s in assessments.list_assessments(session))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wreck(path: Path, table: str = "audit_events") -> None:
    """Overwrite the first page of a table with junk; the file's header stays sound."""
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        (page,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        (size,) = db.execute("PRAGMA page_size").fetchone()
    finally:
        db.close()
    data = bytearray(path.read_bytes())
    start = size * (page - 1)
    data[start : start + size] = b"\xa5" * size
    path.write_bytes(bytes(data))


def row_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def test_a_backup_is_checked_private_whole_and_listed(workspace, make_assessment) -> None:
    make_assessment(title="Spring")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    assert made.reason is BackupReason.MANUAL and made.revision is None
    assert made.name.startswith("workspace.manual.") and made.name.endswith(".sqlite")
    assert made.path.parent == workspace.paths.backups_dir
    assert made.size == made.path.stat().st_size > 0
    if os.name == "posix":
        assert made.path.stat().st_mode & 0o077 == 0
    # One self-contained file: rollback journal, so reading it makes no -wal or -shm.
    assert made.path.read_bytes()[18:20] == b"\x01\x01"
    db = sqlite3.connect(made.path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert [r[0] for r in db.execute("SELECT title FROM assessments")] == ["Spring"]
    finally:
        db.close()
    assert sorted(p.name for p in workspace.paths.backups_dir.iterdir()) == [made.name]
    assert list(workspace.paths.staging_dir.iterdir()) == []
    second = backups.create_backup(workspace.paths, BackupReason.DAILY)
    assert [b.name for b in backups.list_backups(workspace.paths)] == [made.name, second.name]


def test_a_backup_holds_what_was_committed_only(workspace, make_assessment) -> None:
    """A write in progress elsewhere is neither copied nor stopped by the backup."""
    make_assessment(title="Committed")
    other = sqlite3.connect(workspace.paths.workspace_file, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE assessments SET title = 'Half-way'")
        made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
        other.execute("COMMIT")
    finally:
        other.close()
    held = backups.backup_contents(workspace.paths, made.name)
    assert [a.title for a in held.assessments] == ["Committed"]


def test_the_newest_are_kept_and_sign_off_migration_and_safety_backups_always(
    workspace, make_assessment
) -> None:
    paths = workspace.paths
    make_assessment()
    save_settings(paths, replace(Settings(user_name="Ada"), backups_kept=3))
    shutil.copyfile(FIXTURE_0004, paths.backups_dir / FIXTURE_0004_NAME)
    kept_always = [
        backups.create_backup(paths, BackupReason.SIGN_OFF, prune=False),
        backups.create_backup(paths, BackupReason.BEFORE_RESTORE, prune=False),
        backups.create_backup(paths, BackupReason.BEFORE_PURGE, prune=False),
    ]
    made = [
        backups.create_backup(paths, reason, prune=False)
        for reason in [BackupReason.DAILY, BackupReason.MANUAL] * 4
    ]
    assert len(backups.list_backups(paths)) == 12
    removed = backups.prune_backups(paths)
    left = [b.name for b in backups.list_backups(paths)]
    assert [b.name for b in removed] == [b.name for b in made[:-3]]
    assert left == [FIXTURE_0004_NAME, *[b.name for b in kept_always], *[b.name for b in made[-3:]]]
    # Making one prunes on its own: still the newest three, and the kept ones.
    newest = backups.create_backup(paths, BackupReason.DAILY)
    left = [b.name for b in backups.list_backups(paths)]
    assert left[-3:] == [made[-2].name, made[-1].name, newest.name]
    assert {b.name for b in kept_always} | {FIXTURE_0004_NAME} <= set(left)
    assert made[-3].name not in left


def test_a_restore_backs_up_first_and_puts_the_backup_back(workspace, make_assessment) -> None:
    paths = workspace.paths
    snap = make_assessment(title="Kept")
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="Ada")
    made = backups.create_backup(paths, BackupReason.MANUAL)
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.NO, actor="Ada")
    make_assessment(title="Made after")
    other = open_workspace(paths)  # another window or process, open throughout
    try:
        assert other.changed_elsewhere() is False
        result = backups.restore_backup(paths, made.name, workspace=workspace)
        assert result.contents.info.name == made.name
        assert [a.title for a in result.contents.assessments] == ["Kept"]
        assert result.damaged_kept is None and result.before is not None
        assert result.before.reason is BackupReason.BEFORE_RESTORE
        # Both this workspace and the other connection see the backup's state, at once.
        for ws in (workspace, other):
            assert titles(ws) == ["Kept"]
            with ws.read() as session:
                restored = assessments.get_assessment(session, snap.id)
                assert restored.value_of("a1") is AnswerValue.YES
                assert audit.verify_history(session, snap.id).intact
        assert other.changed_elsewhere() is True
        with workspace.write() as session:  # and it takes changes again
            answers.record_answer(session, snap.id, "a2", value=AnswerValue.YES, actor="Ada")
    finally:
        other.close()
    # The state before the restore is in its backup, whole.
    before = backups.backup_contents(paths, result.before.name)
    assert sorted(a.title for a in before.assessments) == ["Kept", "Made after"]
    db = sqlite3.connect(paths.workspace_file)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        db.close()
    assert list(paths.staging_dir.iterdir()) == []
    assert not [p for p in paths.data_dir.iterdir() if p.name.endswith(".part")]


def test_a_restore_is_recorded_in_every_trail_and_changes_nothing_else(
    workspace, make_assessment, make_signed_off
) -> None:
    paths = workspace.paths
    draft = make_assessment(title="Draft")
    signed = make_signed_off("Dana")
    made = backups.create_backup(paths, BackupReason.MANUAL)
    make_assessment(title="After the backup")
    with workspace.read() as session:
        then = {a.id: a.updated_at for a in assessments.list_assessments(session)}
    result = backups.restore_backup(paths, made.name, workspace=workspace, actor="Ada Admin")
    assert result.before is not None
    with workspace.read() as session:
        for snap in (draft, signed):
            trail = audit.history(session, snap.id)
            last = trail[-1]
            assert (last.kind, last.actor) == ("workspace.restored", "Ada Admin")
            assert last.detail == {
                "backup": made.name,
                "made": made.created.isoformat(),
                "before": result.before.name,
            }
            assert audit.verify_history(session, snap.id).intact
            now = assessments.get_assessment(session, snap.id)
            assert now.updated_at == then[snap.id]  # "Last change" is the backup's
        stays = assessments.get_assessment(session, signed.id)
        assert stays.signoff is not None and not stays.altered_since_signoff
    text_out = run_cli("history", draft.id, data_dir=paths.data_dir, check=True).stdout
    when = made.created.strftime("%Y-%m-%d %H:%M:%S UTC")
    assert f"the workspace was restored from the backup made {when} ({made.name})" in text_out
    verified = run_cli("history", signed.id, "--verify", data_dir=paths.data_dir)
    assert verified.returncode == 0, verified.stderr


def test_a_backup_from_before_a_migration_is_migrated_as_it_is_restored(
    workspace, make_assessment
) -> None:
    paths = workspace.paths
    make_assessment(title="Newer work")
    placed = paths.backups_dir / FIXTURE_0004_NAME
    shutil.copyfile(FIXTURE_0004, placed)
    (listed,) = backups.list_backups(paths)
    assert (listed.reason, listed.revision) == (BackupReason.MIGRATION, "0004")
    contents = backups.backup_contents(paths, FIXTURE_0004_NAME)
    assert contents.revision == "0004" and contents.needs_update
    expected = row_counts(FIXTURE_0004)
    result = backups.restore_backup(paths, FIXTURE_0004_NAME, workspace=workspace)
    assert result.contents.needs_update
    with workspace.read() as session:
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            HEAD_REVISION
        )
        ids = list(session.execute(text("SELECT id FROM assessments")).scalars())
        for assessment_id in ids:
            assert audit.verify_history(session, assessment_id).intact
            snap = assessments.get_assessment(session, assessment_id)
            if snap.signoff is not None:
                assert snap.signoff.fingerprint == snap.fingerprint
    after = row_counts(paths.workspace_file)
    expected["audit_events"] += len(ids)  # and each trail says it was restored
    assert {t: after[t] for t in expected} == expected  # every row came back
    assert "Newer work" not in titles(workspace)
    assert digest(placed) == digest(FIXTURE_0004)  # the backup itself is left as it was


@pytest.mark.parametrize(
    "name",
    [
        "../workspace.sqlite",
        "/etc/passwd",
        "..",
        "backups/workspace.manual.20260101T000000000000Z.sqlite",
        "workspace.manual.20260101T000000000000Z.sqlite\0",
        " workspace.manual.20260101T000000000000Z.sqlite",
    ],
)
def test_a_name_that_is_a_path_is_refused(workspace, make_assessment, name: str) -> None:
    make_assessment(title="Here")
    with pytest.raises(UserError, match="is not a backup's name"):
        backups.restore_backup(workspace.paths, name, workspace=workspace)
    assert titles(workspace) == ["Here"]
    assert list(workspace.paths.backups_dir.iterdir()) == []


@pytest.mark.posix  # a symbolic link: Windows makes one only with a privilege
def test_only_listed_backups_are_restored(workspace, make_assessment, tmp_path) -> None:
    paths = workspace.paths
    make_assessment(title="Here")
    elsewhere = backup_workspace(paths.workspace_file, paths, "manual")
    moved = tmp_path / elsewhere.name
    elsewhere.rename(moved)
    link = paths.backups_dir / "workspace.manual.20260101T000000000000Z.sqlite"
    link.symlink_to(moved)  # named like a backup, but a link to a file elsewhere
    (paths.backups_dir / "workspace.unknown.20260101T000000000000Z.sqlite").write_bytes(b"")
    assert backups.list_backups(paths) == []
    for name in (link.name, "workspace.unknown.20260101T000000000000Z.sqlite", "nothing.sqlite"):
        with pytest.raises(NotFoundError, match="there is no backup"):
            backups.restore_backup(paths, name, workspace=workspace)
    assert titles(workspace) == ["Here"]


def test_a_damaged_backup_is_refused_and_nothing_changes(workspace, make_assessment) -> None:
    paths = workspace.paths
    make_assessment(title="Old")
    made = backups.create_backup(paths, BackupReason.MANUAL)
    make_assessment(title="New")
    wreck(made.path)
    with pytest.raises(WorkspaceError, match=rf"the backup {made.name} is damaged"):
        backups.backup_contents(paths, made.name)
    with pytest.raises(WorkspaceError, match="is damaged"):
        backups.restore_backup(paths, made.name, workspace=workspace)
    assert titles(workspace) == ["New", "Old"]
    assert [b.name for b in backups.list_backups(paths)] == [made.name]  # no safety copy made
    assert backups.newest_good_backup(paths) is None


def test_a_backup_of_a_newer_app_or_no_workspace_at_all_is_refused(
    workspace, make_assessment
) -> None:
    paths = workspace.paths
    make_assessment(title="Here")
    newer = backups.create_backup(paths, BackupReason.MANUAL)
    db = sqlite3.connect(newer.path)
    db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.commit()
    db.close()
    with pytest.raises(WorkspaceError, match=r"made by a newer version .*schema 9999"):
        backups.restore_backup(paths, newer.name, workspace=workspace)
    recipes = paths.backups_dir / "workspace.daily.20260101T000000000000Z.sqlite"
    db = sqlite3.connect(recipes)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(WorkspaceError, match="not a Compliance Desk workspace"):
        backups.restore_backup(paths, recipes.name, workspace=workspace)
    assert titles(workspace) == ["Here"]
    assert len(backups.list_backups(paths)) == 2


def test_the_day_s_backup_is_made_once_a_day(workspace, make_assessment) -> None:
    paths = workspace.paths
    empty = Paths(paths.data_dir.parent / "elsewhere")
    assert backups.daily_backup_if_due(empty) is None  # no workspace, nothing to back up
    make_assessment()
    first = backups.daily_backup_if_due(paths)
    assert first is not None and first.reason is BackupReason.DAILY
    assert backups.daily_backup_if_due(paths) is None
    tomorrow = backups.daily_backup_if_due(paths, today=date.today() + timedelta(days=1))
    assert tomorrow is not None
    assert [b.reason for b in backups.list_backups(paths)] == [BackupReason.DAILY] * 2


def test_a_failed_sign_off_backup_warns_and_the_sign_off_stands(workspace, make_signed_off) -> None:
    paths = workspace.paths
    snap = make_signed_off("Dana")
    assert backups.backup_after_sign_off(paths) is None
    (made,) = backups.list_backups(paths)
    assert made.reason is BackupReason.SIGN_OFF
    shutil.rmtree(paths.backups_dir)
    paths.backups_dir.write_text("a file where the folder was")
    problem = backups.backup_after_sign_off(paths)
    assert problem is not None and problem.startswith("the sign-off is recorded, but no backup")
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id).signoff is not None


def test_a_damaged_workspace_is_found_and_the_newest_good_backup_restored_over_it(
    tmp_path,
) -> None:
    paths = Paths(tmp_path / "data")
    ws = open_workspace(paths)
    try:
        checklist = load_checklist_file(FIXTURES / "checklists" / "good" / "scoring.yaml")
        with ws.write() as session:
            snap = assessments.create_assessment(
                session,
                checklist.checklist,
                title="Good",
                organisation="Hillside",
                scope={"platform": "zoom", "under13": "yes"},
                actor="Ada",
            )
            for n in range(40):  # enough pages that one can be damaged past the schema
                answers.record_answer(
                    session, snap.id, "a1", value=AnswerValue.YES, note=f"n{n}" * 200, actor="A"
                )
        good = backups.create_backup(paths, BackupReason.MANUAL)
        damaged_backup = backups.create_backup(paths, BackupReason.DAILY)
    finally:
        ws.close()
    wreck(damaged_backup.path)
    wreck(paths.workspace_file)
    wrecked = digest(paths.workspace_file)
    with pytest.raises(DamagedWorkspaceError, match="is damaged"):
        backups.daily_backup_if_due(paths, today=date.today() + timedelta(days=1))
    assert backups.newest_good_backup(paths) == good  # the newer one fails its check
    result = backups.restore_backup(paths, good.name)
    assert result.before is None  # too damaged to copy: kept whole instead
    assert result.damaged_kept is not None and digest(result.damaged_kept) == wrecked
    assert result.damaged_kept.name not in {b.name for b in backups.list_backups(paths)}
    ws = open_workspace(paths)
    try:
        assert titles(ws) == ["Good"]
        with ws.read() as session:
            assert audit.verify_history(session, snap.id).intact
    finally:
        ws.close()


def test_a_workspace_that_is_not_a_database_any_more_is_replaced_and_kept(
    workspace, make_assessment
) -> None:
    paths = workspace.paths
    make_assessment(title="Good")
    good = backups.create_backup(paths, BackupReason.MANUAL)
    workspace.close()
    paths.workspace_file.write_bytes(b"overwritten by something else entirely\n" * 100)
    with pytest.raises(DamagedWorkspaceError, match="not an SQLite database"):
        open_workspace(paths)
    result = backups.restore_backup(paths, good.name)
    assert result.damaged_kept is not None
    assert result.damaged_kept.read_bytes().startswith(b"overwritten")
    ws = open_workspace(paths)
    try:
        assert titles(ws) == ["Good"]
    finally:
        ws.close()


def test_a_backup_killed_half_way_is_swept_by_the_next_start(workspace, make_assessment) -> None:
    """The temporary copy of a killed backup is noted; the next start removes it and says so."""
    paths = workspace.paths
    make_assessment()
    target = paths.backups_dir / "workspace.daily.20260101T000000000000Z.sqlite"
    staged = stage_file(target, staging=paths.staging_dir, detail={"kind": "backup"})
    staged.part.write_bytes(b"SQLite format 3\x00 half a copy")
    staged.abandon()  # as a killed process leaves it: the note's lock is free
    assert backups.list_backups(paths) == []  # never listed under its temporary name
    (line,) = settle_interrupted(workspace)
    assert "left by a backup or restore that was interrupted" in line
    assert not staged.part.exists() and list(paths.staging_dir.iterdir()) == []


def test_sign_offs_elsewhere_do_not_stop_a_restore_reading_its_backup(
    workspace, make_signed_off
) -> None:
    """A signed-off assessment restored keeps its seal: the fingerprint still matches."""
    snap = make_signed_off("Dana")
    made = backups.create_backup(workspace.paths, BackupReason.SIGN_OFF)
    with workspace.write() as session:
        signoffs.reopen(session, snap.id, reason="Vendor changed", actor="Dana")
    backups.restore_backup(workspace.paths, made.name, workspace=workspace)
    with workspace.read() as session:
        restored = assessments.get_assessment(session, snap.id)
        assert restored.signoff is not None and not restored.altered_since_signoff
        assert audit.verify_history(session, snap.id).intact
    assert os.path.exists(made.path)


@pytest.mark.parametrize(
    "name",
    [
        "workspace.daily.00010101T000000000000Z.sqlite",
        "workspace.manual.00010101T000000000000Z.sqlite",
        "workspace.manual.99991231T235959999999Z.sqlite",
    ],
)
def test_a_backup_named_at_the_ends_of_the_calendar_is_no_backup(
    workspace, make_assessment, name: str, monkeypatch
) -> None:
    """Planted names whose local time can't be computed are not listed, and break nothing."""
    import time

    make_assessment(title="Here")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    (workspace.paths.backups_dir / name).write_bytes(made.path.read_bytes())
    for zone in ("America/New_York", "Pacific/Kiritimati", "Asia/Tokyo"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        listed = [b.name for b in backups.list_backups(workspace.paths)]
        assert made.name in listed and name not in listed
        backups.daily_backup_if_due(workspace.paths)
        result = run_cli("backup", "list", data_dir=workspace.paths.data_dir)
        assert result.returncode == 0, result.stderr
        assert name not in result.stdout
    monkeypatch.delenv("TZ")
    time.tzset()


def test_a_backup_holding_a_trigger_is_not_restored(workspace, make_assessment) -> None:
    """A trigger would run its author's SQL inside the app's later writes."""
    make_assessment(title="Here")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    db = sqlite3.connect(made.path)
    db.execute(
        "CREATE TRIGGER quietly AFTER INSERT ON audit_events "
        "BEGIN UPDATE answers SET value = 'no'; END"
    )
    db.commit()
    db.close()
    count = len(backups.list_backups(workspace.paths))
    with pytest.raises(
        WorkspaceError,
        match=r"holds trigger quietly, which Compliance Desk never makes .*can't be restored",
    ):
        backups.restore_backup(workspace.paths, made.name, workspace=workspace)
    assert titles(workspace) == ["Here"]
    assert len(backups.list_backups(workspace.paths)) == count
    db = sqlite3.connect(workspace.paths.workspace_file)
    try:
        triggers = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone() == (0,)
    finally:
        db.close()


def test_a_restore_into_a_workspace_another_program_is_writing_says_it_is_busy(
    workspace, make_assessment, monkeypatch
) -> None:
    """The copy into the live file waits as long as any write would, then gives up."""
    make_assessment(title="Backed up")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    make_assessment(title="Since")
    monkeypatch.setattr(restore_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    blocker = sqlite3.connect(workspace.paths.workspace_file, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    outcome: list[BaseException | None] = []

    def restore() -> None:
        try:
            backups.restore_backup(workspace.paths, made.name)
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=restore, daemon=True)
    try:
        worker.start()
        worker.join(timeout=30)
        hung = worker.is_alive()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        worker.join(timeout=30)
    assert not hung, "the restore waited for the other program for ever"
    assert len(outcome) == 1 and isinstance(outcome[0], WorkspaceError)
    assert "is busy in another program" in str(outcome[0])
    assert titles(workspace) == ["Backed up", "Since"]


def test_an_answer_committed_elsewhere_during_a_restore_is_kept_in_a_backup(
    workspace, make_assessment
) -> None:
    """Another program commits after the backup of the state before, before the swap."""
    paths = workspace.paths
    snap = make_assessment(title="Kept")
    made = backups.create_backup(paths, BackupReason.MANUAL)
    other = open_workspace(paths)  # the command line, answering while the window restores
    outcome: list[BaseException | None] = []

    def restore() -> None:
        try:
            backups.restore_backup(paths, made.name)
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=restore, daemon=True)
    try:
        with other.write() as session:
            answers.record_answer(
                session, snap.id, "a1", value=AnswerValue.NO, note="said elsewhere", actor="Bo"
            )
            worker.start()
            deadline = time.monotonic() + 60
            while not [
                b for b in backups.list_backups(paths) if b.reason is BackupReason.BEFORE_RESTORE
            ]:
                assert time.monotonic() < deadline and worker.is_alive()
                time.sleep(0.01)
        # committed: after the backup of the state before, before the restore's swap
        worker.join(timeout=60)
    finally:
        other.close()
    assert not worker.is_alive()
    assert outcome == [None]
    befores = [b for b in backups.list_backups(paths) if b.reason is BackupReason.BEFORE_RESTORE]
    assert len(befores) == 2  # the first lacks the answer: the restore started again
    held = []
    for backup in befores:
        db = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            held.append(
                db.execute("SELECT note FROM answers WHERE item_id = 'a1'").fetchone() is not None
            )
        finally:
            db.close()
    assert held == [False, True]
    with workspace.read() as session:  # the backup's state, as asked
        assert assessments.get_assessment(session, snap.id).value_of("a1") is AnswerValue.UNANSWERED


def test_a_restore_is_not_swapped_in_over_changes_made_since_the_backup_before(
    workspace, make_assessment
) -> None:
    paths = workspace.paths
    snap = make_assessment(title="Kept")
    made = backups.create_backup(paths, BackupReason.MANUAL)
    before = backups.create_backup(paths, BackupReason.BEFORE_RESTORE, prune=False)
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.NO, actor="Bo")
    with pytest.raises(WorkspaceChangedError, match="changed in another program"):
        restore_module.restore_workspace(made.path, paths, unchanged_since=before.path)
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id).value_of("a1") is AnswerValue.NO
    again = backups.create_backup(paths, BackupReason.BEFORE_RESTORE, prune=False)
    restore_module.restore_workspace(made.path, paths, unchanged_since=again.path)
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id).value_of("a1") is AnswerValue.UNANSWERED


def test_safety_backups_made_later_do_not_push_the_kept_manual_ones_out(
    workspace, make_assessment
) -> None:
    """Keeping the newest N counts daily and manual backups only.

    Restores and purges make safety backups of their own, which are always kept; were they
    counted among the newest N, a few restores in a row would prune the very manual backup
    someone made to come back to.
    """
    paths = workspace.paths
    make_assessment()
    save_settings(paths, replace(Settings(user_name="Ada"), backups_kept=2))
    manual = [backups.create_backup(paths, BackupReason.MANUAL, prune=False) for _ in range(2)]
    for _ in range(3):
        backups.create_backup(paths, BackupReason.BEFORE_RESTORE, prune=False)
    backups.create_backup(paths, BackupReason.SIGN_OFF, prune=False)
    removed = backups.prune_backups(paths)
    left = {b.name for b in backups.list_backups(paths)}
    assert removed == []
    assert {b.name for b in manual} <= left
    # A third manual one pushes the oldest manual one out, and nothing else.
    third = backups.create_backup(paths, BackupReason.MANUAL)
    left = {b.name for b in backups.list_backups(paths)}
    assert manual[0].name not in left
    assert {manual[1].name, third.name} <= left
    assert len(left) == 6


def test_a_backup_just_made_is_kept_when_the_clock_was_set_back(workspace, make_assessment) -> None:
    """Backups named later than now (the clock ran ahead, then was put right) are not newer."""
    paths = workspace.paths
    make_assessment(title="Then")
    save_settings(paths, replace(Settings(user_name="Ada"), backups_kept=2))
    earlier = backups.create_backup(paths, BackupReason.DAILY)
    for day in (1, 2):
        shutil.copyfile(
            earlier.path, paths.backups_dir / f"workspace.daily.2031010{day}T120000000000Z.sqlite"
        )
    make_assessment(title="Now")
    made = backups.create_backup(paths, BackupReason.MANUAL)
    assert made.path.exists()
    assert made.name in [b.name for b in backups.list_backups(paths)]
    assert sorted(a.title for a in backups.backup_contents(paths, made.name).assessments) == [
        "Now",
        "Then",
    ]


def test_a_restore_whose_copy_vanished_before_the_swap_changes_nothing(
    workspace, make_assessment
) -> None:
    """Opening a missing copy would make an empty database, and swap that in."""
    paths = workspace.paths
    make_assessment(title="Here")
    made = backups.create_backup(paths, BackupReason.MANUAL)

    def vanish(copy: Path) -> None:
        copy.unlink()

    with pytest.raises(WorkspaceError, match="nothing was restored"):
        restore_module.restore_workspace(made.path, paths, prepare=vanish)
    assert titles(workspace) == ["Here"]


def test_a_restore_into_a_workspace_left_in_rollback_journal_mode_goes_through(
    workspace, make_assessment
) -> None:
    """As a restore over a damaged workspace leaves it, until the app next opens it."""
    paths = workspace.paths
    make_assessment(title="Backed up")
    made = backups.create_backup(paths, BackupReason.MANUAL)
    make_assessment(title="Since")
    workspace.close()
    db = sqlite3.connect(paths.workspace_file)
    try:
        assert db.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    finally:
        db.close()
    result = backups.restore_backup(paths, made.name)
    assert result.before is not None
    assert sorted(
        a.title for a in backups.backup_contents(paths, result.before.name).assessments
    ) == [
        "Backed up",
        "Since",
    ]
    assert titles(workspace) == ["Backed up"]
