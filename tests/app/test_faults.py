"""Fault injection: every interruptible write path, killed at random points, loses nothing said.

Each test runs the command line in a child process (tests/app/durability_child.py, `cli` mode),
one command after another as a script would, and kills it with SIGKILL after a random short
delay, a bounded number of times. After each kill, and after a later run has cleaned up:

- `PRAGMA integrity_check` says ok and `history --verify` says the trail is intact;
- every write whose acknowledgement the child printed before it died is there, and nothing
  else changed but the one command in flight;
- no stray files: no partial PDF, no temporary file beside a target, nothing left in the data
  folder's staging area, and every signed report that exists is in the trail.

The delays are drawn from a seeded generator; a failure names its seed, and FAULT_SEED=N runs
the same delays again (the machine's speed still moves where they land). FAULT_ROUNDS=N kills
each path N times instead of 3, to hunt rather than to guard.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app import backups
from app.bundles.inspection import inspect_bundle
from app.cli.main import run
from app.cli.parser import build_parser
from app.paths import DATA_DIR_ENV, Paths
from app.services import assessments, audit, evidence
from app.signing.identities import create_identity
from app.signing.verify import verify_report, workspace_trust
from app.values import EventKind
from tests.conftest import ROOT

pytestmark = pytest.mark.posix  # kills with SIGKILL

PASSPHRASE = "reviewer-pass"
# Kills per write path: each costs a process start (about a second) and its random delay.
ROUNDS = int(os.environ.get("FAULT_ROUNDS", "3"))
STRAY = re.compile(r"\.(part|pending|new|unsigned)$")


@pytest.fixture
def seed() -> int:
    return int(os.environ.get("FAULT_SEED") or random.randrange(2**32))


@dataclass
class Killed:
    """What one killed child said: commands started, their acknowledgements, exit codes."""

    pid: int
    started: list[int] = field(default_factory=list)
    said: dict[int, list[str]] = field(default_factory=dict)
    exits: dict[int, int] = field(default_factory=dict)

    @property
    def in_flight(self) -> int | None:
        """The command started but not finished when the kill came, if any."""
        last = self.started[-1] if self.started else None
        return last if last is not None and last not in self.exits else None

    def acknowledged(self) -> list[int]:
        """Commands that printed their acknowledgement (a whole line) before the kill."""
        return [n for n in self.started if self.said.get(n)]


def kill_at_random(
    kind: str, paths: Paths, assessment_id: str, items: list[str], scratch: Path, delay: float
) -> Killed:
    """Start a `cli` loop of `kind`, let it work for `delay` seconds, then SIGKILL it."""
    scratch.mkdir(exist_ok=True)
    errors = scratch.parent / f"{kind}-stderr.txt"
    with errors.open("ab") as stderr:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.app.durability_child",
                "cli",
                kind,
                str(paths.data_dir),
                assessment_id,
                ",".join(items),
                str(scratch),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env={
                **os.environ,
                "PYTHONUNBUFFERED": "1",
                "COMPLIANCE_DESK_PASSPHRASE": PASSPHRASE,
            },
        )
    assert child.stdout is not None
    try:
        ready = child.stdout.readline()
        assert ready == b"ready\n", (ready, errors.read_text())
        try:
            # Waits for the child up to `delay`: returning early means it died by itself.
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            pass
        else:
            raise AssertionError(f"the child stopped by itself: {errors.read_text()}")
        child.send_signal(signal.SIGKILL)
        child.wait()
        output = child.stdout.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return parse(child.pid, output)


def parse(pid: int, output: bytes) -> Killed:
    """Split the child's output into commands; a last line without its newline was not said."""
    killed = Killed(pid)
    current: int | None = None
    for line in output.decode("utf-8").split("\n")[:-1]:
        if match := re.fullmatch(r"run (\d+)", line):
            current = int(match[1])
            killed.started.append(current)
        elif match := re.fullmatch(r"done (\d+) (-?\d+)", line):
            killed.exits[int(match[1])] = int(match[2])
        else:
            assert current is not None, line
            killed.said.setdefault(current, []).append(line)
    assert all(code == 0 for code in killed.exits.values()), killed
    return killed


def later_run(paths: Paths, assessment_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A later command: it clears what the killed ones left, then verifies the trail."""
    os.environ[DATA_DIR_ENV] = str(paths.data_dir)
    try:
        code = run(build_parser().parse_args(["history", assessment_id, "--verify"]))
    finally:
        del os.environ[DATA_DIR_ENV]
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "intact" in captured.out, captured.out
    return captured.err


def integrity_ok(paths: Paths) -> None:
    db = sqlite3.connect(paths.workspace_file)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()


def no_stray_files(paths: Paths, *folders: Path) -> None:
    """Nothing half-made or temporary anywhere, and the staging area empty."""
    staging = paths.staging_dir
    assert not staging.exists() or list(staging.iterdir()) == []
    for folder in (paths.data_dir, *folders):
        stray = [p for p in folder.rglob("*") if STRAY.search(p.name)]
        assert stray == []
    for folder in folders:
        hidden = [p.name for p in folder.iterdir() if p.name.startswith(".")]
        assert hidden == []


def complete_pdf(path: Path) -> int:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
    return len(PdfReader(path).pages)


@pytest.fixture
def in_scope_items(workspace, make_assessment) -> Iterator[tuple[str, list[str]]]:
    snap = make_assessment()
    yield snap.id, [i.id for i in snap.checklist.items if snap.in_scope(i)]


def test_answers_killed_at_random(workspace, in_scope_items, tmp_path, seed, capsys) -> None:
    rng = random.Random(seed)
    assessment_id, items = in_scope_items
    paths = workspace.paths
    for round_number in range(ROUNDS):
        killed = kill_at_random(
            "answer", paths, assessment_id, items[:5], tmp_path / "scratch", rng.uniform(0.05, 0.5)
        )
        integrity_ok(paths)
        with workspace.read() as session:
            answered = assessments.get_assessment(session, assessment_id).answers
            stored = {item: a.note for item, a in answered.items()}
        newest: dict[str, str] = {}
        for n in killed.acknowledged():
            newest[items[:5][n % 5]] = f"note {killed.pid}-{n}"
        flight = killed.in_flight
        for item, note in newest.items():
            allowed = {note}
            if flight is not None and items[:5][flight % 5] == item:
                allowed.add(f"note {killed.pid}-{flight}")
            assert stored[item] in allowed, (seed, round_number, item, stored[item], allowed)
    later_run(paths, assessment_id, capsys)
    no_stray_files(paths, tmp_path / "scratch")


def test_evidence_killed_at_random(workspace, in_scope_items, tmp_path, seed, capsys) -> None:
    rng = random.Random(seed)
    assessment_id, items = in_scope_items
    paths = workspace.paths
    scratch = tmp_path / "scratch"
    for round_number in range(ROUNDS):
        killed = kill_at_random(
            "evidence", paths, assessment_id, items[:1], scratch, rng.uniform(0.05, 0.5)
        )
        integrity_ok(paths)
        with workspace.read() as session:
            kept = {
                e.name: e.sha256
                for e in assessments.get_assessment(session, assessment_id).evidence
                if e.name.startswith(f"evidence-{killed.pid}-")
            }
        acked = {f"evidence-{killed.pid}-{n}.txt" for n in killed.acknowledged()}
        flight = killed.in_flight
        maybe = {f"evidence-{killed.pid}-{flight}.txt"} if flight is not None else set()
        assert acked <= set(kept) <= acked | maybe, (seed, round_number, acked, kept)
        for name, sha in kept.items():
            assert sha == hashlib.sha256((scratch / name).read_bytes()).hexdigest()
    later_run(paths, assessment_id, capsys)
    no_stray_files(paths, tmp_path / "scratch")


def test_exports_killed_at_random(workspace, in_scope_items, tmp_path, seed, capsys) -> None:
    rng = random.Random(seed)
    assessment_id, _items = in_scope_items
    paths = workspace.paths
    scratch = tmp_path / "scratch"
    for round_number in range(ROUNDS):
        killed = kill_at_random("export", paths, assessment_id, [], scratch, rng.uniform(0.1, 1.2))
        for n in killed.acknowledged():
            assert complete_pdf(scratch / f"report-{killed.pid}-{n}.pdf") > 0, (seed, round_number)
        flight = killed.in_flight
        if flight is not None and (scratch / f"report-{killed.pid}-{flight}.pdf").exists():
            complete_pdf(scratch / f"report-{killed.pid}-{flight}.pdf")
    said = later_run(paths, assessment_id, capsys)
    no_stray_files(paths, scratch)
    for report in scratch.iterdir():
        assert complete_pdf(report) > 0, (seed, report, said)


def test_signed_exports_killed_at_random(
    workspace, make_signed_off, tmp_path, seed, capsys
) -> None:
    rng = random.Random(seed)
    signed_off = make_signed_off("Zoë Öztürk")
    paths = workspace.paths
    create_identity(
        paths,
        name="Zoë Öztürk",
        role="DPO",
        passphrase=PASSPHRASE,
        authority_passphrase="authority-secret",
    )
    scratch = tmp_path / "scratch"
    for round_number in range(ROUNDS):
        killed = kill_at_random("sign", paths, signed_off.id, [], scratch, rng.uniform(0.2, 2.2))
        for n in killed.acknowledged():
            assert (scratch / f"signed-{killed.pid}-{n}.pdf").exists(), (seed, round_number, n)
    later_run(paths, signed_off.id, capsys)
    integrity_ok(paths)
    no_stray_files(paths, scratch)

    with workspace.read() as session:
        events = [
            (e.kind, e.detail)
            for e in audit.history(session, signed_off.id)
            if e.kind in (EventKind.REPORT_SIGNED, EventKind.REPORT_NOT_WRITTEN)
        ]
    recorded = {d["sha256"]: d["file"] for kind, d in events if kind == EventKind.REPORT_SIGNED}
    denied = {d["sha256"] for kind, d in events if kind == EventKind.REPORT_NOT_WRITTEN}
    trust = workspace_trust(paths)
    # Every signed report that exists is sound and in the trail ...
    for report in scratch.iterdir():
        data = report.read_bytes()
        assert verify_report(data, trust).ok, (seed, report)
        sha = hashlib.sha256(data).hexdigest()
        assert recorded.get(sha) == report.name, (seed, report.name, json.dumps(recorded))
        assert sha not in denied
    # ... and every one the trail lists exists, or the trail says it was never written.
    for sha, name in recorded.items():
        on_disk = scratch / name
        there = on_disk.exists() and hashlib.sha256(on_disk.read_bytes()).hexdigest() == sha
        assert there != (sha in denied), (seed, name, there)


def test_bundle_exports_killed_at_random(workspace, in_scope_items, tmp_path, seed, capsys) -> None:
    """A bundle that was said to be written is whole; one in flight is whole or not there."""
    rng = random.Random(seed)
    assessment_id, items = in_scope_items
    paths = workspace.paths
    scratch = tmp_path / "scratch"
    with_evidence(workspace, assessment_id, items[0])
    for round_number in range(ROUNDS):
        killed = kill_at_random("bundle", paths, assessment_id, [], scratch, rng.uniform(0.1, 4.0))
        for n in killed.acknowledged():
            made = scratch / f"bundle-{killed.pid}-{n}.cdesk"
            assert inspect_bundle(made).assessment_id == assessment_id, (seed, round_number)
    later_run(paths, assessment_id, capsys)
    no_stray_files(paths, scratch)
    for made in scratch.iterdir():  # the one in flight too, if it got as far as its place
        assert inspect_bundle(made).evidence_files == 3, (seed, made)


def test_bundle_imports_killed_at_random(workspace, in_scope_items, tmp_path, seed, capsys) -> None:
    """An import killed half way leaves its workspace without the assessment or with all of it."""
    rng = random.Random(seed)
    assessment_id, items = in_scope_items
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with_evidence(workspace, assessment_id, items[0])
    code = run(
        build_parser().parse_args(
            ["--data-dir", str(workspace.paths.data_dir), "bundle", "export", assessment_id]
            + [str(scratch / "source.cdesk")]
        )
    )
    assert code == 0
    capsys.readouterr()
    for round_number in range(ROUNDS):
        killed = kill_at_random(
            "import", workspace.paths, assessment_id, [], scratch, rng.uniform(0.1, 4.0)
        )
        for folder in sorted(scratch.glob(f"ws-{killed.pid}-*")):
            n = int(folder.name.rsplit("-", 1)[1])
            target = Paths(folder)
            listed = cli_json(target, "list", capsys)
            if n in killed.acknowledged():
                assert [a["id"] for a in listed] == [assessment_id], (seed, round_number, n)
            assert [a["id"] for a in listed] in ([], [assessment_id]), (seed, round_number, n)
            if listed:
                later_run(target, assessment_id, capsys)
                integrity_ok(target)
                assert len(cli_json(target, "show", capsys, assessment_id)["evidence"]) == 3
            no_stray_files(target)


def with_evidence(workspace, assessment_id: str, item: str) -> None:
    """Three evidence files of a few megabytes, so that a bundle takes a moment to write."""
    rng = random.Random(0)
    for n in range(3):
        with workspace.write() as session:
            evidence.add_evidence(
                session,
                assessment_id,
                item,
                name=f"evidence-{n}.bin",
                data=rng.randbytes(3 * 1024 * 1024),
                actor="Ada",
            )


def cli_json(paths: Paths, command: str, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    """A read command's --json output for the workspace in `paths`."""
    code = run(
        build_parser().parse_args(["--data-dir", str(paths.data_dir), command, *args, "--json"])
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_backups_killed_at_random(workspace, in_scope_items, tmp_path, seed, capsys) -> None:
    """A backup said to be made is listed and whole; one in flight is whole or swept away."""
    rng = random.Random(seed)
    assessment_id, items = in_scope_items
    paths = workspace.paths
    with_evidence(workspace, assessment_id, items[0])
    before = {b.name for b in backups.list_backups(paths)}
    said: set[str] = set()
    for _round in range(ROUNDS):
        killed = kill_at_random("backup", paths, assessment_id, [], tmp_path / "s", rng.random())
        said |= {name for n in killed.acknowledged() for name in backup_names(killed.said[n])}
    later_run(paths, assessment_id, capsys)
    no_stray_files(paths)
    listed = {b.name for b in backups.list_backups(paths)} - before
    # Older ones may have been pruned (the newest are kept), never the newest said to be made.
    assert not said or max(said) in listed, (seed, max(said), listed)
    for name in listed:
        assert backups.backup_contents(paths, name).assessments, (seed, name)


def backup_names(lines: list[str]) -> list[str]:
    """The file names a `backup create` acknowledgement mentions."""
    return re.findall(r"workspace\.[a-z-]+\.[0-9TZ]+\.sqlite", " ".join(lines))
