"""Killing a process mid-way loses nothing it reported as saved, and leaves a sound file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from app.services import audit
from app.workspace import open_workspace
from tests.conftest import ROOT
from tests.raw_sqlite import raw_sqlite

pytestmark = pytest.mark.posix  # kills with SIGKILL

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

    with raw_sqlite(paths.workspace_file) as db:
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


def test_writers_in_several_processes_at_once_lose_nothing_reported(
    workspace, make_assessment
) -> None:
    """Three processes answer at once (each its own items), queueing on the write lock; all killed."""
    snap = make_assessment()
    items = [i.id for i in snap.checklist.items if snap.in_scope(i)]
    shares = [items[n::3] for n in range(3)]
    paths = workspace.paths
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.app.durability_child",
                "answers",
                str(paths.data_dir),
                snap.id,
                *share,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for share in shares
    ]
    reported: list[tuple[str, str]] = []
    try:
        for child in children:  # each has been heard from, so all three write at once
            assert child.stdout is not None
            for _ in range(REPORTS_BEFORE_KILL // 5):
                line = child.stdout.readline()
                assert line, child.stderr.read() if child.stderr else ""
                reported.append(tuple(line.rstrip("\n").split(" ", 1)))  # type: ignore[arg-type]
        for child in children:
            os.kill(child.pid, signal.SIGKILL)
        for child in children:
            child.wait()
            assert child.stdout is not None
            reported.extend(tuple(line.rstrip("\n").split(" ", 1)) for line in child.stdout)  # type: ignore[misc]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
            for stream in (child.stdout, child.stderr):
                if stream:
                    stream.close()
    assert all(child.returncode == -signal.SIGKILL for child in children)

    with raw_sqlite(paths.workspace_file) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = dict(
            db.execute(
                "SELECT item_id, note FROM answers WHERE assessment_id = ?", (snap.id,)
            ).fetchall()
        )
    db.close()
    for item, note in dict(reported).items():
        round_number = int(note.removeprefix("round "))
        assert stored[item] in (note, f"round {round_number + 1}"), (item, note, stored[item])
    with workspace.read() as session:
        assert audit.verify_history(session, snap.id).intact
