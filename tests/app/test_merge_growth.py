"""Laptops that all work and exchange every round: bundles grow with the work, not faster.

A merge names the other copy's events by hash and the events travel once, as line events, so
a bundle holds each event of every line once however often the lines crossed. Two laptops
that both work and exchange both ways every round, and three passing the work round a ring,
keep bundles whose size grows about as the work does, and every copy verifies at every step.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.bundles.importing import ImportResult, Outcome, import_bundle
from app.bundles.writing import export_bundle
from app.paths import Paths
from app.services import actions, answers, audit, line_store
from app.workspace import Workspace, open_workspace
from tests.app.bundle_support import fill, show_json
from tests.conftest import run_cli


def export(ws: Workspace, assessment_id: str, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, assessment_id, path)
    return path


def bring(ws: Workspace, bundle: Path) -> ImportResult:
    with ws.write() as session:
        return import_bundle(session, bundle, actor="Merger")


def manifest(bundle: Path) -> bytes:
    with zipfile.ZipFile(bundle) as archive:
        return archive.read("manifest.json")


def state(ws: Workspace, assessment_id: str) -> dict[str, Any]:
    shown = show_json(ws, assessment_id)
    shown.pop("updated_at")  # when this laptop last wrote
    return shown


def verified(ws: Workspace, assessment_id: str) -> bool:
    with ws.read() as session:
        verdict = audit.verify_history(session, assessment_id)
    assert verdict.intact, verdict.problems
    return True


def work(ws: Workspace, assessment_id: str, who: str, item: str, n: int) -> None:
    """A round's work on one laptop: a note on its own item, and the action's progress."""
    with ws.write() as session:
        answers.record_answer(
            session, assessment_id, item, note=f"{who}: checked in round {n}", actor=who
        )
        if item == "a3":
            actions.update_action(
                session, assessment_id, 1, actor=who, progress_note=f"{who}: round {n}"
            )


@pytest.fixture
def third(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(Paths(tmp_path / "third"))
    yield ws
    ws.close()


def add_action(ws: Workspace, assessment_id: str, who: str, item: str, n: int) -> None:
    """A round's work that adds a row: each laptop's new actions get numbers of their own."""
    with ws.write() as session:
        actions.add_action(
            session,
            assessment_id,
            item,
            title=f"{who}'s step {n}",
            owner=who,
            due=date(2027, 1, 1) + timedelta(days=n),
            actor=who,
        )


@pytest.mark.parametrize("crossed", [False, True], ids=["one-after-the-other", "crossed"])
def test_two_laptops_exchanging_both_ways_every_round_keep_bundles_growing_with_the_work(
    workspace, other, make_assessment, tmp_path, crossed: bool
) -> None:
    """Each round both laptops work, then each takes the other's work.

    One after the other: this laptop merges the other's bundle, and the other takes the merged
    copy back (an update). Crossed: both export first and each merges the other's bundle, so
    each merge carries a line holding the other's merge of older work. Crossed rounds add
    rows (editing one answer again after crossed merges can be reported as a conflict; see
    docs/bundle-format.md, "Limits of merging today").
    """
    assessment_id = fill(workspace, make_assessment())
    bring(other, export(workspace, assessment_id, tmp_path / "start.cdesk"))
    sizes = []
    for n in range(1, 21):
        if crossed:
            add_action(workspace, assessment_id, "Ida", "a1", n)
            add_action(other, assessment_id, "Dana", "a3", n)
        else:
            work(workspace, assessment_id, "Ida", "a1", n)
            work(other, assessment_id, "Dana", "a3", n)
        mine = export(workspace, assessment_id, tmp_path / f"a{n}.cdesk")
        theirs = export(other, assessment_id, tmp_path / f"b{n}.cdesk")
        sizes.append(len(manifest(mine)))
        here = bring(workspace, theirs)
        assert here.outcome is Outcome.MERGED and here.conflicts == (), n
        if not crossed:
            mine = export(workspace, assessment_id, tmp_path / f"merged{n}.cdesk")
        there = bring(other, mine)
        assert there.outcome is (Outcome.MERGED if crossed else Outcome.UPDATED), n
        assert there.conflicts == ()
        assert verified(workspace, assessment_id) and verified(other, assessment_id)
        assert state(workspace, assessment_id) == state(other, assessment_id), n
    assert sizes[19] < 3 * sizes[9], sizes
    # Each round adds about what the round before added: the growth is not compounding.
    assert sizes[19] - sizes[18] < 2 * (sizes[10] - sizes[9]), sizes
    assert sizes[19] < 600_000, sizes

    last = json.loads(manifest(export(workspace, assessment_id, tmp_path / "last.cdesk")))
    assert last["format_version"] == 2
    merges = [e for e in last["events"] if e["kind"] == "bundle.merged"]
    assert len(merges) == 20
    for event in merges:  # each merge names only what its copy did not know yet
        carried = json.loads(event["detail"])["carried"]
        assert all(isinstance(digest, str) for digest in carried)
        assert len(carried) <= 3, carried
    with workspace.read() as session:
        kept = line_store.stored_line_events(session, assessment_id)
    assert set(last["line_events"]) == set(kept)
    for ws in (workspace, other):
        shown = run_cli("history", assessment_id, "--verify", data_dir=ws.paths.data_dir)
        assert shown.returncode == 0, shown.stderr


def test_a_ring_of_three_laptops_passing_the_work_on_keeps_bundles_growing_with_the_work(
    workspace, other, third, make_assessment, tmp_path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    start = export(workspace, assessment_id, tmp_path / "start.cdesk")
    laptops = [workspace, other, third]
    for ws in laptops[1:]:
        bring(ws, start)
    items, names = ["a1", "a2", "a3"], ["Ida", "Dana", "Omar"]
    sizes = []
    for hop in range(1, 19):
        sender, receiver = (hop - 1) % 3, hop % 3
        work(laptops[sender], assessment_id, names[sender], items[sender], hop)
        work(laptops[receiver], assessment_id, names[receiver], items[receiver], hop)
        bundle = export(laptops[sender], assessment_id, tmp_path / f"hop{hop}.cdesk")
        sizes.append(len(manifest(bundle)))
        result = bring(laptops[receiver], bundle)
        assert result.outcome is Outcome.MERGED and result.conflicts == (), hop
        assert verified(laptops[receiver], assessment_id)
    assert sizes[17] < 3 * sizes[8], sizes
    assert sizes[17] - sizes[16] < 2 * (sizes[9] - sizes[8]), sizes
    # Passed on round the ring with no more work, every copy comes to the same assessment.
    for hop in range(18, 23):
        sender, receiver = hop % 3, (hop + 1) % 3
        bundle = export(laptops[sender], assessment_id, tmp_path / f"pass{hop}.cdesk")
        assert bring(laptops[receiver], bundle).outcome in (Outcome.UPDATED, Outcome.UNCHANGED)
    states = [state(ws, assessment_id) for ws in laptops]
    assert states[0] == states[1] == states[2]
    assert all(verified(ws, assessment_id) for ws in laptops)
