"""The services on both backends: the SQLite file and a workspace on a PostgreSQL server.

Every test here takes `backend_workspace`, which is each of the two in turn, and works through the
real services as the window and the command line do. Bundles go from a laptop's SQLite workspace
(`workspace`) into the backend's and back.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.bundles.importing import Outcome, import_bundle
from app.bundles.writing import export_bundle
from app.checklists import Checklist
from app.dto import AssessmentSnapshot
from app.errors import RuleError
from app.evidence_files import evidence_files
from app.models import EvidenceChunk
from app.services import actions, answers, assessments, audit, evidence, reviews, signoffs
from app.values import AnswerValue, EventKind, ItemChange
from app.workspace import Workspace
from tests.app.bundle_support import fill, show_json

MIB = 1024 * 1024

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def create(ws: Workspace, checklist: Checklist, **overrides: Any) -> AssessmentSnapshot:
    fields: dict[str, Any] = {
        "title": "Spring review",
        "organisation": "Hillside School",
        "assessor": "Ada Assessor",
        "scope": {"platform": "teams", "under13": "no"},
        "actor": "tester",
    }
    fields.update(overrides)
    with ws.write() as session:
        return assessments.create_assessment(session, checklist, **fields)


def answer_all(ws: Workspace, snap: AssessmentSnapshot) -> None:
    with ws.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                answers.record_answer(session, snap.id, item.id, value=AnswerValue.YES, actor="t")


def export(ws: Workspace, assessment_id: str, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, assessment_id, path)
    return path


def bring(ws: Workspace, bundle: Path) -> Any:
    with ws.write() as session:
        return import_bundle(session, bundle, actor="Merger")


def verified(ws: Workspace, assessment_id: str) -> bool:
    with ws.read() as session:
        verdict = audit.verify_history(session, assessment_id)
    assert verdict.intact, verdict.problems
    return True


def test_an_assessment_goes_from_draft_to_sign_off_and_back(
    backend_workspace: Workspace, scoring_checklist: Checklist
) -> None:
    ws = backend_workspace
    snap = create(ws, scoring_checklist)
    with ws.write() as session:
        answers.record_answer(
            session, snap.id, "a1", value=AnswerValue.PARTIAL, note="Zoë: lobby off", actor="Ida"
        )
        actions.add_action(
            session,
            snap.id,
            "a1",
            title="Turn on the lobby",
            owner="IT",
            due=date(2027, 1, 31),
            actor="Ida",
        )
        evidence.add_evidence(session, snap.id, "a1", name="lobby.png", data=b"png", actor="Ida")
    answer_all(ws, snap)
    with ws.write() as session:
        signed = signoffs.sign_off(session, snap.id, name="Dana DPO", role="DPO")
    assert signed.name == "Dana DPO"
    with ws.write() as session, pytest.raises(RuleError):
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.NO, actor="Ida")
    with ws.write() as session:
        signoffs.reopen(session, snap.id, reason="a new platform", actor="Dana DPO")
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.NO, actor="Ida")

    shown = show_json(ws, snap.id)
    by_item = {a["item"]: a for a in shown["answers"]}
    assert by_item["a1"]["value"] == "no" and by_item["a1"]["note"] == "Zoë: lobby off"
    assert [a["title"] for a in shown["actions"]] == ["Turn on the lobby"]
    assert [e["name"] for e in shown["evidence"]] == ["lobby.png"]
    assert verified(ws, snap.id)
    with ws.read() as session:
        kinds = [event.kind for event in audit.history(session, snap.id)]
    assert kinds.count(EventKind.SIGNED_OFF) == 1 and kinds.count(EventKind.REOPENED) == 1


def test_twenty_mib_of_evidence_go_in_and_come_out_streamed(
    backend_workspace: Workspace, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    ws = backend_workspace
    snap = create(ws, scoring_checklist)
    source = tmp_path / "recording.bin"
    content = os.urandom(20 * MIB + 123)
    source.write_bytes(content)
    with ws.write() as session:
        added = evidence.add_evidence_file(
            session, snap.id, "a1", path=source, actor="Ida", max_bytes=50 * MIB
        )
    digest = hashlib.sha256(content).hexdigest()
    with ws.read() as session:
        pieces = list(evidence_files(session).chunks(digest, size=len(content)))
        _shown, whole = evidence.evidence_content(session, snap.id, added.id)
    assert max(len(piece) for piece in pieces) <= MIB
    assert b"".join(pieces) == content == whole
    if ws.paths.on_server:  # kept as rows of at most 1 MiB, never one value
        with ws.read() as session:
            rows, largest = session.execute(
                select(func.count(), func.max(func.octet_length(EvidenceChunk.data))).where(
                    EvidenceChunk.sha256 == digest
                )
            ).one()
        assert (rows, largest) == (21, MIB)
    assert verified(ws, snap.id)


def test_content_stored_by_a_refused_unit_of_work_is_not_kept(
    backend_workspace: Workspace,
) -> None:
    ws = backend_workspace
    data = b"a file whose rows never came"
    with pytest.raises(RuntimeError), ws.write() as session:
        stored = evidence_files(session).put_bytes(data)
        assert evidence_files(session).exists(stored.sha256)
        raise RuntimeError("refused")
    with ws.read() as session:
        assert not evidence_files(session).exists(hashlib.sha256(data).hexdigest())


def test_bundles_from_a_laptop_are_added_updated_and_merged(
    backend_workspace: Workspace, workspace: Workspace, make_assessment, tmp_path: Path
) -> None:
    laptop, district = workspace, backend_workspace
    assessment_id = fill(laptop, make_assessment())
    assert bring(district, export(laptop, assessment_id, tmp_path / "1.cdesk")).outcome is (
        Outcome.ADDED
    )
    with laptop.write() as session:
        answers.record_answer(session, assessment_id, "a3", note="seen again", actor="Ida")
    assert bring(district, export(laptop, assessment_id, tmp_path / "2.cdesk")).outcome is (
        Outcome.UPDATED
    )
    with laptop.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.PARTIAL, actor="Ida")
        evidence.add_evidence(session, assessment_id, "a3", name="mine.txt", data=b"m", actor="I")
    with district.write() as session:
        answers.record_answer(session, assessment_id, "a1", note="the district's", actor="Dana")
        evidence.add_evidence(session, assessment_id, "a1", name="ours.txt", data=b"o", actor="D")
    merged = bring(district, export(laptop, assessment_id, tmp_path / "3.cdesk"))
    assert merged.outcome is Outcome.MERGED
    back = bring(laptop, export(district, assessment_id, tmp_path / "4.cdesk"))
    assert back.outcome is Outcome.UPDATED
    assert verified(district, assessment_id) and verified(laptop, assessment_id)
    ours, theirs = show_json(district, assessment_id), show_json(laptop, assessment_id)
    ours.pop("updated_at"), theirs.pop("updated_at")
    assert ours == theirs
    assert {e["name"] for e in ours["evidence"]} >= {"lobby.png", "mine.txt", "ours.txt"}
    with district.read() as session:
        number = next(e["id"] for e in ours["evidence"] if e["name"] == "mine.txt")
        assert evidence.evidence_content(session, assessment_id, number)[1] == b"m"


def test_the_next_review_starts_from_a_sign_off_and_compares_with_it(
    backend_workspace: Workspace, scoring_checklist: Checklist
) -> None:
    ws = backend_workspace
    snap = create(ws, scoring_checklist)
    answer_all(ws, snap)
    with ws.write() as session:
        signoffs.sign_off(session, snap.id, name="Dana DPO", role="DPO")
        started = reviews.start_next_review(session, snap.id, scoring_checklist, actor="Ida")
    following = started.snapshot
    with ws.write() as session:
        answers.record_answer(session, following.id, "a1", value=AnswerValue.NO, actor="Ida")
    with ws.read() as session:
        comparison = reviews.compare_assessments(session, snap.id, following.id)
        assert reviews.next_reviews_of(session, snap.id) == [following.id]
    changed = {entry.item_id for entry in comparison.of(ItemChange.REGRESSED)}
    assert "a1" in changed
    assert verified(ws, following.id)
