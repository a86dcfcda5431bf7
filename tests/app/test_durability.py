"""Killing a process mid-way loses nothing it reported as saved, and leaves a sound file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

from app.services import audit
from app.workspace import open_workspace
from tests.conftest import ROOT

REPORTS_BEFORE_KILL = 150


def test_sigkill_mid_way_loses_no_reported_answer(workspace, make_assessment) -> None:
    snap = make_assessment()
    items = [i.id for i in snap.checklist.items if snap.in_scope(i)]
    paths = workspace.paths
    workspace.close()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.app.durability_child",
            "answers",
            str(paths.data_dir),
            snap.id,
            *items,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reported: list[tuple[str, str]] = []
    try:
        while len(reported) < REPORTS_BEFORE_KILL:
            line = child.stdout.readline()
            assert line, f"child stopped early: {child.stderr.read() if child.stderr else ''}"
            item, note = line.rstrip("\n").split(" ", 1)
            reported.append((item, note))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        reported.extend(tuple(line.rstrip("\n").split(" ", 1)) for line in child.stdout)  # type: ignore[misc]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(paths.workspace_file) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = dict(
            db.execute(
                "SELECT item_id, note FROM answers WHERE assessment_id = ?", (snap.id,)
            ).fetchall()
        )
    db.close()

    last_reported = dict(reported)  # the newest report per item wins
    behind = []
    for item, note in last_reported.items():
        round_number = int(note.removeprefix("round "))
        # At most one answer may be newer than its report: committed, then killed before printing.
        assert stored[item] in (note, f"round {round_number + 1}"), (item, note, stored[item])
        if stored[item] != note:
            behind.append(item)
    assert len(behind) <= 1

    reopened = open_workspace(paths)
    try:
        with reopened.read() as session:
            assert audit.verify_history(session, snap.id).intact
    finally:
        reopened.close()
