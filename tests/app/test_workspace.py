"""Opening, migrating and refusing workspaces; the connection settings that keep answers safe."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text

import app.sqlite.workspace as workspace_module
from app.errors import WorkspaceError
from app.migrations import HEAD_REVISION, SCRIPT_LOCATION
from app.models import Base
from app.paths import WORKSPACE_FILE as WORKSPACE_FILE_NAME
from app.paths import Paths
from app.services import actions, answers, assessments, audit, signoffs
from app.sqlite.copies import backup_workspace
from app.values import ActionStatus, AnswerValue
from app.workspace import open_workspace
from tests.conftest import FIXTURES, ROOT, run_cli
from tests.raw_sqlite import raw_sqlite

FIXTURE_DBS = sorted((FIXTURES / "db").glob("workspace-*.sqlite"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        differences: list[object] = compare_metadata(
            MigrationContext.configure(conn), Base.metadata
        )
        return differences


def test_head_revision_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD_REVISION]


def test_new_workspace_has_the_models_schema_and_safe_settings(workspace) -> None:
    assert schema_differences(workspace.engine) == []
    with workspace.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        )


def test_migration_scripts_from_nothing_build_the_models_schema(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'scripted.sqlite'}")
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(SCRIPT_LOCATION))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        assert schema_differences(engine) == []
    finally:
        engine.dispose()  # its pooled connection closed now, not whenever it is collected


def row_counts(file: Path) -> dict[str, int]:
    with raw_sqlite(file) as db:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    db.close()
    return counts


@pytest.mark.parametrize("fixture", FIXTURE_DBS, ids=[p.stem for p in FIXTURE_DBS])
def test_workspace_of_every_released_schema_opens_with_its_rows(
    fixture: Path, tmp_path: Path
) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(fixture, paths.workspace_file)
    revision = fixture.stem.removeprefix("workspace-")
    before = row_counts(paths.workspace_file)
    assert before["answers"] > 0 and before["audit_events"] > 0
    ws = open_workspace(paths)
    try:
        assert schema_differences(ws.engine) == []
        after = row_counts(paths.workspace_file)
        assert {t: after[t] for t in before} == before  # every row survived
        with ws.read() as session:
            ids = list(session.execute(text("SELECT id FROM assessments")).scalars())
            for assessment_id in ids:
                assert audit.verify_history(session, assessment_id).intact
                snap = assessments.get_assessment(session, assessment_id)
                if snap.signoff is not None:  # the seal still fits what it sealed
                    assert snap.signoff.fingerprint == snap.fingerprint
        with ws.write() as session:  # and a draft still takes answers
            draft = (
                session.execute(
                    text("SELECT id FROM assessments WHERE status = 'draft' ORDER BY id")
                )
                .scalars()
                .first()
            )
            assert draft is not None
            answers.record_answer(session, draft, "a2", value=AnswerValue.YES, actor="t")
    finally:
        ws.close()
    backups = list(paths.backups_dir.glob("*.sqlite"))
    if revision == HEAD_REVISION:
        assert backups == []
    else:
        (backup,) = backups
        assert backup.name.split(".")[1] == revision
        assert row_counts(backup) == before  # the copy is the workspace as it was


def test_a_signed_off_workspace_of_0002_keeps_its_seal_through_0003(
    workspace, make_assessment
) -> None:
    """Downgrade a fresh signed-off workspace to 0002, as an older app made it, and open it."""
    snap = make_assessment(scope={"platform": "teams", "under13": "no"})
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                value = AnswerValue.NO if item.id == "a2" else AnswerValue.YES
                answers.record_answer(session, snap.id, item.id, value=value, actor="t")
        actions.add_action(
            session, snap.id, "a2", title="Fix", owner="IT", due=date(2027, 1, 1), actor="t"
        )
        sealed = signoffs.sign_off(session, snap.id, name="Dana", role="DPO")
    paths = workspace.paths
    workspace.close()
    engine = create_engine(f"sqlite:///{paths.workspace_file}")
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(SCRIPT_LOCATION))
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")
    finally:
        engine.dispose()
    before = row_counts(paths.workspace_file)
    with raw_sqlite(paths.workspace_file) as db:
        columns = {r[1] for r in db.execute("PRAGMA table_info(actions)")}
    db.close()
    assert "status_now" not in columns

    ws = open_workspace(paths)
    try:
        assert schema_differences(ws.engine) == []
        after = row_counts(paths.workspace_file)
        assert {t: after[t] for t in before} == before  # tables added since start empty
        assert all(after[t] == 0 for t in after.keys() - before.keys())
        with ws.read() as session:
            now = assessments.get_assessment(session, snap.id)
            assert audit.verify_history(session, snap.id).intact
        assert now.signoff is not None and now.signoff.fingerprint == sealed.fingerprint
        assert now.fingerprint == sealed.fingerprint and not now.signoff.self_review
        (action,) = now.actions
        assert (action.status, action.status_at_signoff, action.progress_note) == (
            ActionStatus.OPEN,
            ActionStatus.OPEN,
            "",
        )
        with ws.write() as session:  # and remediation goes on after the sign-off
            actions.update_action(session, snap.id, action.id, status=ActionStatus.DONE, actor="t")
        with ws.read() as session:
            assert assessments.get_assessment(session, snap.id).fingerprint == sealed.fingerprint
    finally:
        ws.close()
    assert len(list(paths.backups_dir.glob("workspace.0002.*.sqlite"))) == 1


def test_newer_workspace_is_refused_untouched(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(FIXTURE_DBS[-1], paths.workspace_file)
    with raw_sqlite(paths.workspace_file) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    db.close()
    before = digest(paths.workspace_file)
    with pytest.raises(
        WorkspaceError,
        match=r"was made by a newer version of Compliance Desk \(schema 9999_from_the_future\); update the app",
    ):
        open_workspace(paths)
    assert digest(paths.workspace_file) == before
    assert list(paths.backups_dir.iterdir()) == []
    result = run_cli("list", data_dir=paths.data_dir)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "newer version" in result.stderr
    assert "Traceback" not in result.stderr


def test_files_that_are_not_workspaces_are_refused(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    paths.workspace_file.write_bytes(b"this is a text file, not a database\n" * 10)
    with pytest.raises(WorkspaceError, match="not a Compliance Desk workspace"):
        open_workspace(paths)
    paths.workspace_file.unlink()
    with raw_sqlite(paths.workspace_file) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    db.close()
    with pytest.raises(
        WorkspaceError, match="an SQLite database but not a Compliance Desk workspace"
    ):
        open_workspace(paths)


def test_damaged_workspace_gets_a_message(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(FIXTURE_DBS[-1], paths.workspace_file)
    data = bytearray(paths.workspace_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the first page after the header
    paths.workspace_file.write_bytes(bytes(data))
    result = run_cli("list", data_dir=paths.data_dir)
    assert result.returncode == 1, result.stderr
    assert "damaged" in result.stderr and "Traceback" not in result.stderr


def test_busy_workspace_gets_a_message(workspace, make_assessment, monkeypatch) -> None:
    snap = make_assessment()
    monkeypatch.setattr(workspace_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    busy_paths = workspace.paths
    blocker = sqlite3.connect(busy_paths.workspace_file, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        other = open_workspace(busy_paths)
        with (
            pytest.raises(WorkspaceError, match="is busy in another program"),
            other.write() as session,
        ):
            answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="t")
        other.close()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_backup_is_a_consistent_copy(workspace, make_assessment) -> None:
    snap = make_assessment()
    copy = backup_workspace(workspace.paths.workspace_file, workspace.paths, "manual")
    assert copy.parent == workspace.paths.backups_dir
    with raw_sqlite(copy) as db:
        assert db.execute("SELECT id FROM assessments").fetchall() == [(snap.id,)]
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


def test_reading_commands_do_not_create_a_workspace(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    assert run_cli("list", data_dir=data_dir).returncode == 0
    shown = run_cli("show", "abcdef", data_dir=data_dir)
    assert (
        shown.returncode == 1
        and shown.stderr == "error: no assessment 'abcdef' in this workspace\n"
    )
    assert not (data_dir / "workspace.sqlite").exists()


def test_data_folder_with_url_characters_keeps_its_workspace_inside(tmp_path: Path) -> None:
    for name in ("School?2025", "50% off", "a#b&c=d"):
        data = tmp_path / name
        made = run_cli(
            "new",
            "--checklist",
            "e2ee-calls-meetings",
            "--org",
            "Hillside",
            "--title",
            name,
            "--scope",
            "platform=teams",
            "--by",
            "Ada",
            data_dir=data,
        )
        assert made.returncode == 0, made.stderr
        assert (data / WORKSPACE_FILE_NAME).is_file(), sorted(p.name for p in tmp_path.iterdir())
        listed = run_cli("show", made.stdout.strip(), "--json", data_dir=data)
        assert listed.returncode == 0, listed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["50% off", "School?2025", "a#b&c=d"]


def test_a_failed_migration_says_which_revision_and_keeps_one_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    paths = Paths(data)
    paths.ensure()
    shutil.copyfile(FIXTURES / "db" / "workspace-0001.sqlite", paths.workspace_file)
    # A workspace damaged by hand: revision 0002 can't find the table it changes.
    with raw_sqlite(paths.workspace_file) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("ALTER TABLE answers RENAME TO answers_moved")

    def content() -> list[str]:
        with raw_sqlite(paths.workspace_file) as conn:
            return list(conn.iterdump())

    before = content()
    for _attempt in range(2):
        result = run_cli("list", data_dir=data)
        assert result.returncode == 1, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith("error: ")
        assert "0002" in line and "left as it was" in line
        assert "SELECT" not in line and "INSERT" not in line
    assert content() == before
    (backup,) = paths.backups_dir.glob("*.sqlite")
    assert backup.name.split(".")[1] == "0001"


@pytest.mark.posix  # permission bits
def test_workspace_files_are_private_even_in_a_world_readable_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    paths = Paths(data)
    ws = open_workspace(paths)
    try:
        with ws.write() as session:
            session.execute(text("SELECT 1"))
        backup = backup_workspace(paths.workspace_file, paths, "manual")
    finally:
        ws.close()
    for path in [paths.workspace_file, backup, *data.glob("workspace.sqlite-*")]:
        assert path.stat().st_mode & 0o077 == 0, (path.name, oct(path.stat().st_mode))


def _on_read_only_folder(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line with `data` mounted read-only (a private mount namespace)."""
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && shift && exec "$@"'
    return subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-c",
            script,
            str(data),
            "ignored",
            sys.executable,
            "-m",
            "ui",
            *args,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, COMPLIANCE_DESK_DATA=str(data)),
        cwd=ROOT,
        timeout=60,
        check=False,
    )


@pytest.mark.linux  # mount namespaces
def test_a_read_only_data_folder_is_read_and_writes_are_refused_plainly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = run_cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "Hillside",
        "--title",
        "Calls",
        "--scope",
        "platform=teams",
        "--by",
        "Ada",
        data_dir=data,
        check=True,
    ).stdout.strip()
    listed = _on_read_only_folder(data, "list")
    assert listed.returncode == 0, listed.stderr
    assert "Calls" in listed.stdout
    assert "read-only" in listed.stderr
    shown = _on_read_only_folder(data, "show", made, "--json")
    assert shown.returncode == 0, shown.stderr
    answered = _on_read_only_folder(
        data, "answer", made, "teams-policy-allows", "yes", "--by", "Ada"
    )
    assert answered.returncode == 1
    (line,) = answered.stderr.strip().splitlines()[-1:]
    assert line.startswith("error: ") and "read-only" in line, answered.stderr
    # Reading is all a report needs: it is written where asked, with nothing kept in the folder.
    report = tmp_path / "report.pdf"
    exported = _on_read_only_folder(data, "export", made, "--pdf", str(report))
    assert exported.returncode == 0, exported.stderr
    assert report.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "report.pdf"]


def test_changed_elsewhere_counts_other_writers_only(workspace, make_assessment) -> None:
    snap = make_assessment()
    assert workspace.changed_elsewhere() is False  # the first call starts watching
    assert workspace.changed_elsewhere() is False
    with workspace.write() as session:  # our own commits don't count
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="t")
    with workspace.read() as session:
        audit.history(session, snap.id)
    assert workspace.changed_elsewhere() is False

    other = open_workspace(workspace.paths)  # another window or process on the same file
    try:
        with other.write() as session:
            answers.record_answer(session, snap.id, "a1", value=AnswerValue.NO, actor="t")
        assert workspace.changed_elsewhere() is True
        assert workspace.changed_elsewhere() is False

        # Another writer, then one of ours before anyone asked: the other one still counts.
        with other.write() as session:
            answers.record_answer(session, snap.id, "a1", note="from the CLI", actor="t")
        with workspace.write() as session:
            answers.record_answer(session, snap.id, "a2", value=AnswerValue.YES, actor="t")
        assert workspace.changed_elsewhere() is True
        assert workspace.changed_elsewhere() is False
    finally:
        other.close()


def test_changed_elsewhere_sees_the_command_line(workspace, make_assessment) -> None:
    snap = make_assessment()
    workspace.changed_elsewhere()
    run_cli(
        "answer", snap.id, "a1", "yes", "--by", "Ivo", data_dir=workspace.paths.data_dir, check=True
    )
    assert workspace.changed_elsewhere() is True


def test_0005_dates_old_evidence_by_the_day_it_was_attached(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(FIXTURES / "db" / "workspace-0004.sqlite", paths.workspace_file)
    open_workspace(paths).close()
    with raw_sqlite(paths.workspace_file) as conn:
        rows = conn.execute("SELECT added_at, applies_on, valid_until FROM evidence").fetchall()
        assert rows and all(on == added[:10] and until is None for added, on, until in rows)
        assert conn.execute("SELECT count(*) FROM answers WHERE carried_over").fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM assessments WHERE deleted_at IS NOT NULL OR previous_id IS NOT NULL"
        ).fetchone() == (0,)


def page_size(file: Path) -> int:
    db = sqlite3.connect(f"{file.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(db.execute("PRAGMA page_size").fetchone()[0])
    finally:
        db.close()


def test_a_new_workspace_has_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    """Large pages make a backup of evidence about as quick as a copy; old files stay as made."""
    new = Paths(tmp_path / "new")
    open_workspace(new).close()
    assert page_size(new.workspace_file) == workspace_module.PAGE_SIZE == 65536
    old = Paths(tmp_path / "old")
    old.ensure()
    shutil.copyfile(FIXTURE_DBS[0], old.workspace_file)
    assert page_size(old.workspace_file) == 4096
    open_workspace(old).close()  # migrated to the newest schema, page size untouched
    assert page_size(old.workspace_file) == 4096
