"""What the bundle tests share: a second laptop's workspace, a full assessment, zips by hand."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.audit_chain import GENESIS_HASH, event_hash
from app.bundles.manifest import parse_time
from app.checklists.model import canonical_json
from app.cli.render import assessment_json
from app.dto import AssessmentSnapshot
from app.services import actions, answers, assessments, evidence, signoffs
from app.values import AnswerValue
from app.workspace import Workspace

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
PDF = b"%PDF-1.7\n" + b"policy text " * 500


def fill(workspace: Workspace, snap: AssessmentSnapshot, *, sign: str | None = None) -> str:
    """Answer every applicable item (a2 a gap with an action), attach and remove evidence."""
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                value = AnswerValue.NO if item.id == "a2" else AnswerValue.YES
                note = "Zoë checked the console\nsecond line" if item.id == "a1" else ""
                answers.record_answer(session, snap.id, item.id, value=value, note=note, actor="t")
        actions.add_action(
            session,
            snap.id,
            "a2",
            title="Turn on the lobby",
            owner="IT",
            due=date(2027, 1, 31),
            actor="t",
        )
        evidence.add_evidence(session, snap.id, "a1", name="lobby.png", data=PNG, actor="t")
        kept = evidence.add_evidence(
            session, snap.id, "a2", name="policy.pdf", data=PDF, note="v2", actor="t"
        )
        gone = evidence.add_evidence(
            session, snap.id, "a2", name="old.pdf", data=PDF[:-1], actor="t"
        )
        evidence.remove_evidence(session, snap.id, gone.id, reason="superseded", actor="t")
        assert kept.id
        if sign:
            signoffs.sign_off(session, snap.id, name=sign, role="DPO")
    return snap.id


def show_json(workspace: Workspace, assessment_id: str) -> dict[str, Any]:
    with workspace.read() as session:
        return assessment_json(assessments.get_assessment(session, assessment_id))


def rewrite(
    source: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    rechain: bool = False,
    entries: Callable[[list[tuple[zipfile.ZipInfo, bytes]]], None] | None = None,
) -> Path:
    """A copy of a bundle changed by hand, as a hostile or damaged one would be.

    `manifest` edits the manifest's JSON; `rechain` then recomputes every event's hash and the
    head, as someone forging a trail would; `entries` edits the list of entries as written.
    """
    with zipfile.ZipFile(source) as archive:
        items = [(info, archive.read(info)) for info in archive.infolist()]
    if manifest is not None:
        at = next(i for i, (info, _data) in enumerate(items) if info.filename == "manifest.json")
        data = json.loads(items[at][1])
        manifest(data)
        if rechain:
            chain(data)
        items[at] = (items[at][0], json.dumps(data).encode())  # \u escapes: any text fits
    if entries is not None:
        entries(items)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            archive.writestr(info, data)
    return target


def chain(data: dict[str, Any]) -> None:
    """Recompute a manifest's event hashes and head (a forger can; the other checks must hold)."""
    previous = GENESIS_HASH
    heads = {0: GENESIS_HASH}
    for event in data["events"]:
        if event["kind"] == "signoff.signed":  # a sign-off names the head before it
            detail = json.loads(event["detail"])
            detail["trail"] = {"seq": event["seq"] - 1, "hash": previous}
            event["detail"] = canonical_json(detail)
        event["prev_hash"] = previous
        event["hash"] = event_hash(
            assessment_id=data["assessment"]["id"],
            seq=event["seq"],
            at=parse_time(event["at"], "at"),
            actor=event["actor"],
            kind=event["kind"],
            item_id=event["item"],
            detail=event["detail"],
            prev_hash=previous,
        )
        previous = event["hash"]
        heads[event["seq"]] = previous
    for signoff in data["signoffs"]:
        signoff["trail_hash"] = heads[signoff["trail_seq"]]
    data["assessment"]["audit_seq"] = len(data["events"])
    data["assessment"]["audit_head"] = previous
