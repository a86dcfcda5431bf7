"""Backups and the recycle bin on the command line: the words of the contract, refusals, exits."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app.services import signoffs
from tests.conftest import FIXTURES, ROOT, run_cli, wreck_second_page


def cli(data: Path, *args: str, code: int = 0) -> tuple[str, str]:
    result = run_cli(*args, data_dir=data)
    assert result.returncode == code, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout, result.stderr


def new(data: Path, title: str) -> str:
    out, _err = cli(
        data,
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "Hillside",
        "--title",
        title,
        "--scope",
        "platform=teams",
        "--by",
        "Ada",
    )
    return out.strip()


def _with_read_only_folder(
    folder: Path, data: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run the command line with `folder` mounted read-only (a private mount namespace)."""
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && shift && exec "$@"'
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, str(folder), "ignored"]
        + [sys.executable, "-m", "ui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, COMPLIANCE_DESK_DATA=str(data)),
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def backups_of(data: Path) -> list[dict[str, object]]:
    out, _err = cli(data, "backup", "list", "--json")
    listed: list[dict[str, object]] = json.loads(out)
    return listed


def titles(data: Path) -> list[str]:
    out, _err = cli(data, "list", "--json")
    return sorted(a["title"] for a in json.loads(out))


def test_backups_on_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out, _err = cli(data, "backup", "list")
    assert out.startswith("No backups yet")
    first = new(data, "First")
    # The day's first change made the day's backup; reading makes none.
    (daily,) = backups_of(data)
    assert daily["reason"] == "daily" and set(daily) == {"name", "created", "size", "reason"}
    cli(data, "list")
    assert len(backups_of(data)) == 1
    out, _err = cli(data, "backup", "create")
    assert out.startswith("backed up to workspace.manual.") and "integrity_check" in out
    listed = backups_of(data)
    manual = listed[-1]
    assert [b["reason"] for b in listed] == ["daily", "manual"]  # newest last
    assert str(listed[0]["created"]) <= str(manual["created"])
    assert manual["size"] == (data / "backups" / str(manual["name"])).stat().st_size
    new(data, "Second")
    out, _err = cli(data, "backup", "show", str(manual["name"]))
    assert "holds 1 assessment" in out and "First — Hillside (Draft)" in out
    assert "Checked with integrity_check: the file is sound." in out
    shown = json.loads(cli(data, "backup", "show", str(manual["name"]), "--json")[0])
    assert [a["id"] for a in shown["assessments"]] == [first]
    out, _err = cli(data, "backup", "restore", str(manual["name"]))
    assert "First — Hillside" in out and "is backed up as workspace.before-restore." in out
    assert titles(data) == ["First"]
    before = backups_of(data)[-1]
    assert before["reason"] == "before-restore"
    cli(data, "backup", "restore", str(before["name"]))  # and back again
    assert titles(data) == ["First", "Second"]

    # A backup taken before a migration: restoring it updates it.
    shutil.copyfile(
        FIXTURES / "db" / "workspace-0004.sqlite",
        data / "backups" / "workspace.0004.20240301T120000000000Z.sqlite",
    )
    listed = backups_of(data)
    assert listed[0]["reason"] == "migration"
    out, _err = cli(data, "backup", "restore", "workspace.0004.20240301T120000000000Z.sqlite")
    assert "updated it from schema 0004" in out
    assert titles(data) == ["Fixture review", "Signed review"]
    for row in json.loads(cli(data, "list", "--json")[0]):
        assert "intact" in cli(data, "history", row["id"], "--verify")[0]

    # Refusals: one error line, exit 1, nothing changed.
    count = len(backups_of(data))
    for name, says in (
        ("../workspace.sqlite", "is not a backup's name"),
        ("/etc/passwd", "is not a backup's name"),
        ("workspace.manual.20990101T000000000000Z.sqlite", "there is no backup"),
    ):
        _out, err = cli(data, "backup", "restore", name, code=1)
        assert err.startswith("error: ") and says in err and len(err.splitlines()) == 1
    damaged = data / "backups" / str(listed[-1]["name"])
    wreck_second_page(damaged)
    _out, err = cli(data, "backup", "restore", damaged.name, code=1)
    assert f"the backup {damaged.name} is damaged" in err and len(err.splitlines()) == 1
    assert titles(data) == ["Fixture review", "Signed review"]
    assert len(backups_of(data)) == count


def test_a_damaged_workspace_names_its_newest_good_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    new(data, "Safe")
    cli(data, "backup", "create")
    good = backups_of(data)[-1]["name"]
    workspace = data / "workspace.sqlite"
    content = bytearray(workspace.read_bytes())
    content[100:4096] = b"\xff" * (4096 - 100)  # wreck the first page after the header
    workspace.write_bytes(bytes(content))
    _out, err = cli(data, "list", code=1)
    (line,) = err.splitlines()
    assert line.startswith("error: the workspace ") and "is damaged" in line
    assert f"the newest good backup is {good}" in line
    assert f"compliance-desk backup restore {good}" in line
    out, _err = cli(data, "backup", "restore", str(good))
    assert "The damaged workspace is kept as" in out
    assert titles(data) == ["Safe"]


def test_a_sign_off_makes_a_backup_the_list_names(workspace, make_signed_off) -> None:
    data = workspace.paths.data_dir
    ready = make_signed_off("Dana")
    with workspace.write() as session:
        signoffs.reopen(session, ready.id, reason="One more look", actor="Dana")
    cli(data, "signoff", ready.id, "--name", "Dana", "--role", "DPO")
    assert [b["reason"] for b in backups_of(data)] == ["daily", "sign-off"]
    # The list names what a sign-off's backup was made for, and its time to the second.
    made = backups_of(data)[-1]
    text, _err = cli(data, "backup", "list")
    (line,) = [row for row in text.splitlines() if row.startswith(str(made["name"]))]
    assert f"at the sign-off of '{ready.title}'" in line
    when = datetime.fromisoformat(str(made["created"])).astimezone()
    assert when.strftime("%Y-%m-%d %H:%M:%S") in line


@pytest.mark.linux  # mount namespaces
def test_a_sign_off_whose_backup_cannot_be_made_only_warns(workspace, make_signed_off) -> None:
    data = workspace.paths.data_dir
    ready = make_signed_off("Dana")
    with workspace.write() as session:
        signoffs.reopen(session, ready.id, reason="One more look", actor="Dana")
    cli(data, "signoff", ready.id, "--name", "Dana", "--role", "DPO")  # today's backups made
    with workspace.write() as session:
        signoffs.reopen(session, ready.id, reason="And another", actor="Dana")
    before = backups_of(data)
    result = _with_read_only_folder(
        data / "backups", data, "signoff", ready.id, "--name", "Dana", "--role", "DPO"
    )
    out, err = result.stdout, result.stderr
    assert result.returncode == 0, err
    assert out.startswith("signed off by Dana")
    assert "warning: the sign-off is recorded, but no backup of it could be made" in err
    shown = json.loads(cli(data, "show", ready.id, "--json")[0])
    assert shown["status"] == "signed"
    assert backups_of(data) == before


def test_the_recycle_bin_on_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out, _err = cli(data, "trash", "list")
    assert out.strip() == "The recycle bin is empty."
    keep = new(data, "Keep")
    gone = new(data, "Mistake")
    cli(data, "answer", keep, "teams-policy-allows", "yes", "--by", "Ada")
    _out, err = cli(data, "delete", gone, code=2)  # --reason is required
    out, _err = cli(data, "delete", gone, "--reason", "Started twice", "--by", "Bo")
    assert f"moved {gone} (Mistake) to the recycle bin" in out
    assert titles(data) == ["Keep"]
    (binned,) = json.loads(cli(data, "trash", "list", "--json")[0])
    assert set(binned) == {"id", "title", "organisation", "deleted_at", "deleted_by", "reason"}
    assert (binned["id"], binned["title"], binned["organisation"]) == (gone, "Mistake", "Hillside")
    assert (binned["deleted_by"], binned["reason"]) == ("Bo", "Started twice")
    # show and history say where it is; changing it is refused.
    out, _err = cli(data, "show", gone)
    assert "IN THE RECYCLE BIN: deleted by Bo" in out
    shown = json.loads(cli(data, "show", gone, "--json")[0])
    assert shown["recycle_bin"]["reason"] == "Started twice"
    assert json.loads(cli(data, "show", keep, "--json")[0])["recycle_bin"] is None
    out, _err = cli(data, "history", gone)
    assert out.startswith("IN THE RECYCLE BIN") and "moved to the recycle bin: Started twice" in out
    assert "intact" in cli(data, "history", gone, "--verify")[0]
    _out, err = cli(data, "answer", gone, "teams-policy-allows", "yes", "--by", "Ada", code=1)
    assert err == f"error: assessment {gone} is in the recycle bin; restore it first\n"
    _out, err = cli(data, "delete", gone, "--reason", "again", "--by", "Bo", code=1)
    assert "already in the recycle bin" in err
    out, _err = cli(data, "trash", "restore", gone, "--by", "Bo")
    assert out.strip() == f"restored {gone} from the recycle bin"
    assert titles(data) == ["Keep", "Mistake"]
    _out, err = cli(data, "trash", "restore", gone, "--by", "Bo", code=1)
    assert "is not in the recycle bin" in err

    # Emptying: only what was deleted long enough ago goes, after a backup.
    cli(data, "delete", gone, "--reason", "Really", "--by", "Bo")
    out, _err = cli(data, "trash", "empty", "--older-than", "30")
    assert out.startswith("nothing was removed")
    assert "before-purge" not in {b["reason"] for b in backups_of(data)}
    _out, err = cli(data, "trash", "empty", "--older-than", "-3", code=2)
    out, _err = cli(data, "trash", "empty", "--older-than", "0")
    assert out.startswith("removed 1 assessment from the recycle bin for good")
    assert backups_of(data)[-1]["reason"] == "before-purge"
    assert json.loads(cli(data, "trash", "list", "--json")[0]) == []
    _out, err = cli(data, "show", gone, code=1)
    assert "no assessment" in err
    db = sqlite3.connect(data / "workspace.sqlite")
    try:
        assert db.execute(
            "SELECT count(*) FROM audit_events WHERE assessment_id = ?", (gone,)
        ).fetchone() == (0,)
    finally:
        db.close()


def test_a_signed_off_assessment_is_refused_by_delete(workspace, make_signed_off) -> None:
    data = workspace.paths.data_dir
    signed = make_signed_off("Dana")
    _out, err = cli(data, "delete", signed.id, "--reason", "x", "--by", "Bo", code=1)
    assert err == (
        f"error: assessment {signed.id} is signed off and can't be deleted: reopen it first "
        "(the reopen is on record)\n"
    )
    assert titles(data) == ["Spring review"]


def test_backup_commands_clear_what_a_killed_backup_left(tmp_path: Path) -> None:
    from app.atomic_files import stage_file
    from app.paths import Paths

    data = tmp_path / "data"
    new(data, "Kept")
    paths = Paths(data)
    target = paths.backups_dir / "workspace.manual.20260101T000000000000Z.sqlite"
    for command in (("backup", "list"), ("backup", "create")):
        staged = stage_file(target, staging=paths.staging_dir, detail={"kind": "backup"})
        staged.part.write_bytes(b"SQLite format 3\x00 half a copy")
        staged.abandon()  # as a killed process leaves it
        _out, err = cli(data, *command)
        assert "left by a backup or restore that was interrupted" in err
        assert not staged.part.exists() and list(paths.staging_dir.iterdir()) == []


def test_backup_create_names_evidence_it_could_not_keep(tmp_path: Path) -> None:
    import hashlib

    from app.paths import Paths
    from tests.conftest import alter_evidence_file

    data = tmp_path / "data"
    assessment_id = new(data, "Spring review")
    for name, body in (("gone.txt", b"gone"), ("sound.txt", b"sound")):
        (tmp_path / name).write_bytes(body)
        cli(
            data,
            "evidence",
            "add",
            assessment_id,
            "teams-policy-allows",
            str(tmp_path / name),
            "--by",
            "Ada",
        )
    gone = hashlib.sha256(b"gone").hexdigest()
    alter_evidence_file(Paths(data), gone, None)
    out, err = cli(data, "backup", "create")
    assert "backed up to workspace.manual." in out
    assert err.splitlines() == [
        "warning: the backup lacks an evidence file: evidence 1 (gone.txt) of 'Spring review': "
        f"the evidence file evidence/{gone[:2]}/{gone} is missing from the data folder"
    ]
    sound = hashlib.sha256(b"sound").hexdigest()
    assert (data / "backups" / "evidence" / sound[:2] / sound).read_bytes() == b"sound"
