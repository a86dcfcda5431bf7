"""Every check an import makes of a bundle's contents: each one, failing alone, is named.

The hash chain is no secret: anyone can recompute it. So most bundles here are forged with their
chain recomputed, and it is the other checks that must catch them: the rows against the replayed
trail, each sign-off against the state it signed, the seal, the checklist copy, items, texts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.audit_chain import event_hash
from app.bundles.errors import BundleError
from app.bundles.importing import import_bundle
from app.bundles.inspection import inspect_bundle
from app.bundles.manifest import parse_time
from app.bundles.writing import export_bundle
from app.checklists.model import canonical_json
from app.services import assessments, signoffs
from tests.app.bundle_support import fill, rewrite
from tests.conftest import alter_evidence_file, run_cli
from tests.raw_sqlite import raw_sqlite

Manifest = dict[str, Any]


@pytest.fixture
def good(workspace, make_assessment, tmp_path: Path) -> Path:
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bundle = tmp_path / "good.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    return bundle


def events_of(data: Manifest, kind: str) -> list[dict[str, Any]]:
    return [e for e in data["events"] if e["kind"] == kind]


def edit_detail(event: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> None:
    detail = json.loads(event["detail"])
    change(detail)
    event["detail"] = canonical_json(detail)


def answer_event(data: Manifest, item: str) -> dict[str, Any]:
    return [e for e in events_of(data, "answer.changed") if e["item"] == item][-1]


def answer_row(data: Manifest, item: str) -> dict[str, Any]:
    return next(a for a in data["answers"] if a["item"] == item)


def edited_event_unchained(data: Manifest) -> None:
    edit_detail(answer_event(data, "a2"), lambda d: d["new"].update(value="yes"))


def edited_row(data: Manifest) -> None:
    answer_row(data, "a2")["note"] = "added in the file"


def edited_before_sign_off(data: Manifest) -> None:
    # Forged consistently (event and row), but the sign-off approved the state before it.
    edit_detail(answer_event(data, "a3"), lambda d: d["new"].update(note="forged"))
    answer_row(data, "a3")["note"] = "forged"


def changed_after_sign_off(data: Manifest) -> None:
    # A change appended after the sign-off without a reopening, trail and rows consistent.
    last = data["events"][-1]
    event = dict(last)
    event.update(
        seq=last["seq"] + 1,
        kind="answer.changed",
        item="a2",
        detail=canonical_json(
            {
                "old": {"value": "no", "note": "", "risk_accepted": False},
                "new": {"value": "yes", "note": "", "risk_accepted": False},
            }
        ),
    )
    data["events"].append(event)
    row = answer_row(data, "a2")
    row.update(value="yes", answered_by=event["actor"], answered_at=event["at"])
    data["assessment"]["updated_at"] = event["at"]


def signed_again_after_a_change(data: Manifest) -> None:
    # The change above, then a second sign-off, as if the first had never been in force.
    changed_after_sign_off(data)
    signed = events_of(data, "signoff.signed")[0]
    again = dict(signed)
    again["seq"] = data["events"][-1]["seq"] + 1
    edit_detail(again, lambda d: d.update(signoff=2, name="Mallory"))
    data["events"].append(again)
    data["signoffs"].append(
        {**data["signoffs"][0], "number": 2, "name": "Mallory", "trail_seq": again["seq"] - 1}
    )


def reopened_while_a_draft(data: Manifest) -> None:
    # A reopening recorded before the sign-off it names.
    first = data["events"][1]
    reopen = dict(first)
    reopen.update(
        kind="signoff.reopened",
        item=None,
        detail=canonical_json({"signoff": 1, "reason": "forged"}),
    )
    data["events"].insert(1, reopen)
    for n, event in enumerate(data["events"], start=1):
        event["seq"] = n
    for signoff in data["signoffs"]:
        signoff["trail_seq"] += 1


def signed_past_the_gate(data: Manifest) -> None:
    # The answer to a3 never given: the sign-off was of an unfinished assessment.
    data["events"] = [
        e for e in data["events"] if not (e["kind"] == "answer.changed" and e["item"] == "a3")
    ]
    data["answers"] = [a for a in data["answers"] if a["item"] != "a3"]
    renumber(data)


def self_review_passed_off(data: Manifest) -> None:
    # The reviewer made the assessor, the sign-off not saying it reviews their own work.
    edit_detail(data["events"][0], lambda d: d.update(assessor="Dana Okafor"))
    data["assessment"]["assessor"] = "Dana Okafor"


def renumber(data: Manifest) -> None:
    """Number the events 1, 2, ... again, and the sign-offs' heads with them."""
    old_to_new = {}
    for n, event in enumerate(data["events"], start=1):
        old_to_new[event["seq"]] = n
        event["seq"] = n
    for signoff in data["signoffs"]:
        signoff["trail_seq"] = old_to_new[signoff["trail_seq"] + 1] - 1


def other_checklist_content(data: Manifest) -> None:
    data["checklist"]["content"] = data["checklist"]["content"].replace("Scoring", "Sc0ring", 1)


def checklist_not_a_checklist(data: Manifest) -> None:
    content = canonical_json({"format": 1, "id": "x"})
    sha = hashlib.sha256(content.encode()).hexdigest()
    data["checklist"].update(content=content, sha256=sha)
    data["assessment"]["checklist_sha256"] = sha
    edit_detail(data["events"][0], lambda d: d["checklist"].update(sha256=sha))


def bidi_in_a_note(data: Manifest) -> None:
    text = "fine\u202eexe.txt"
    edit_detail(answer_event(data, "a1"), lambda d: d["new"].update(note=text))
    answer_row(data, "a1")["note"] = text


def control_in_a_detail(data: Manifest) -> None:
    edit_detail(data["events"][0], lambda d: d.update(extra="\x1b[2J"))


def path_as_a_file_name(data: Manifest) -> None:
    added = events_of(data, "evidence.added")[0]
    edit_detail(added, lambda d: d.update(name="../../etc/passwd"))
    data["evidence"][0]["name"] = "../../etc/passwd"


def dots_as_a_file_name(data: Manifest) -> None:
    added = events_of(data, "evidence.added")[0]
    edit_detail(added, lambda d: d.update(name=".."))
    data["evidence"][0]["name"] = ".."


def unknown_item(data: Manifest) -> None:
    event = answer_event(data, "a1")
    event["item"] = "zz-not-there"
    data["answers"].append({**answer_row(data, "a1"), "item": "zz-not-there"})
    previous = [e for e in events_of(data, "answer.changed") if e["item"] == "a1"]
    if not previous:  # the row of a1 came from this event alone
        data["answers"] = [a for a in data["answers"] if a["item"] != "a1"]


def lone_surrogate(data: Manifest) -> None:
    data["events"][0]["actor"] = "\ud800"  # it would not even hash


def row_twice(data: Manifest) -> None:
    data["answers"].append(dict(data["answers"][0]))


def time_not_utc(data: Manifest) -> None:
    data["exported_at"] = data["exported_at"].replace("+00:00", "+01:00")


CASES = [
    (edited_event_unchained, False, r"audit trail is broken at event \d+: event \d+ was changed"),
    (edited_row, False, r"rows are not what its audit trail records: the answer to item a2"),
    (edited_before_sign_off, True, r"sign-off 1 by Dana Okafor does not match the state it signed"),
    (changed_after_sign_off, True, r"event \d+ \(answer.changed\) changes the assessment while "),
    (signed_again_after_a_change, True, r"changes the assessment while it is signed off, with no "),
    (signed_past_the_gate, True, r"event \d+ is a sign-off the gate did not allow: .*\(a3\)"),
    (self_review_passed_off, True, r"by the assessor, Dana Okafor, not recorded as a self-review"),
    (reopened_while_a_draft, True, r"event \d+ reopens the assessment, which is not signed off"),
    (other_checklist_content, False, r"checklist copy does not match its SHA-256"),
    (checklist_not_a_checklist, True, r"checklist copy breaks the checklist format"),
    (bidi_in_a_note, True, r"text the app does not accept: .*direction"),
    (control_in_a_detail, True, r"event 1 holds characters the app does not accept"),
    (path_as_a_file_name, True, r"file name holding a path"),
    (dots_as_a_file_name, True, r"file name holding a path"),
    (unknown_item, True, r"for item zz-not-there, which its checklist lacks"),
    (lone_surrogate, False, r"manifest holds text that is not UTF-8"),
    (row_twice, False, r"lists the answer to item .* twice"),
    (time_not_utc, False, r"does not fit the bundle format: \$\.exported_at"),
]


@pytest.mark.parametrize(
    ("forge", "rechain", "words"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_a_forged_bundle_is_refused_naming_the_check(
    other, good: Path, tmp_path: Path, forge, rechain: bool, words: str
) -> None:
    bundle = rewrite(good, tmp_path / "forged.cdesk", manifest=forge, rechain=rechain)
    with pytest.raises(BundleError, match=words):
        inspect_bundle(bundle)
    with other.read() as session:
        before = [
            tuple(r)
            for r in session.connection().exec_driver_sql(
                "SELECT count(*) FROM assessments UNION ALL SELECT count(*) FROM audit_events"
            )
        ]
    with pytest.raises(BundleError, match=words), other.write() as session:
        import_bundle(session, bundle)
    with other.read() as session:
        after = [
            tuple(r)
            for r in session.connection().exec_driver_sql(
                "SELECT count(*) FROM assessments UNION ALL SELECT count(*) FROM audit_events"
            )
        ]
    assert after == before


def test_the_command_line_says_which_check_failed_in_one_line(
    other_paths, good: Path, tmp_path: Path
) -> None:
    bundle = rewrite(good, tmp_path / "forged.cdesk", manifest=edited_before_sign_off, rechain=True)
    for words in (("bundle", "inspect", str(bundle)), ("bundle", "import", str(bundle))):
        result = run_cli(*words, data_dir=other_paths.data_dir)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
        assert "does not match the state it signed" in result.stderr
    assert not other_paths.workspace_file.exists()  # refused before a workspace was made


def test_an_assessment_that_fails_its_checks_is_not_exported(
    workspace, make_assessment, tmp_path: Path
) -> None:

    assessment_id = fill(workspace, make_assessment())
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute("UPDATE answers SET note = 'slipped in' WHERE item_id = 'a3'")
    db.close()
    target = tmp_path / "x.cdesk"
    with (
        pytest.raises(BundleError, match=r"can't be exported: the bundle's rows are not what"),
        workspace.read() as session,
    ):
        export_bundle(session, assessment_id, target)
    assert list(tmp_path.glob("*.cdesk")) == [] and list(tmp_path.glob(".*")) == []


def test_damaged_evidence_is_not_exported(workspace, make_assessment, tmp_path: Path) -> None:

    assessment_id = fill(workspace, make_assessment())
    with raw_sqlite(workspace.paths.workspace_file) as db:
        blobs = db.execute("SELECT sha256, size FROM evidence_blobs").fetchall()
    db.close()
    for sha256, size in blobs:
        alter_evidence_file(workspace.paths, sha256, bytes(size))
    with (
        pytest.raises(BundleError, match=r"evidence file evidence/../[0-9a-f]+ no longer matches"),
        workspace.read() as session,
    ):
        export_bundle(session, assessment_id, tmp_path / "x.cdesk")
    assert sorted(p.name for p in tmp_path.iterdir() if "cdesk" in p.name) == []


def altered_questions(data: Manifest) -> None:
    """The checklist copy given other words under its own id and version, hashes made to fit."""
    content = json.loads(data["checklist"]["content"])
    first = content["sections"][0]["items"][0]
    first["question"] = "Is the office coffee machine switched on?"
    first["severity"] = "low"
    text = canonical_json(content)
    sha = hashlib.sha256(text.encode()).hexdigest()
    data["checklist"].update(content=text, sha256=sha)
    data["assessment"]["checklist_sha256"] = sha
    edit_detail(data["events"][0], lambda d: d["checklist"].update(sha256=sha))


def test_a_copy_of_a_shipped_version_with_other_words_is_refused(
    workspace, other, tmp_path: Path
) -> None:
    from app.checklists.library import find_checklist

    shipped = find_checklist(workspace.paths, "e2ee-calls-meetings")
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            shipped,
            title="Calls",
            organisation="Hillside",
            scope={"platform": "teams"},
            actor="Ada",
        )
        export_bundle(session, snap.id, tmp_path / "good.cdesk")
    forged = rewrite(
        tmp_path / "good.cdesk", tmp_path / "forged.cdesk", manifest=altered_questions, rechain=True
    )
    words = rf"says it is e2ee-calls-meetings {shipped.version} but differs from the one this app"
    with pytest.raises(BundleError, match=words):
        inspect_bundle(forged)
    with pytest.raises(BundleError, match=words), other.write() as session:
        import_bundle(session, forged)


def test_a_copy_that_differs_from_this_workspace_s_copy_of_the_version_is_refused(
    workspace, make_assessment, other, tmp_path: Path
) -> None:
    # `other` holds the scoring checklist as its own assessment uses it; the bundle another.
    draft = fill(workspace, make_assessment())
    with workspace.read() as session:
        export_bundle(session, draft, tmp_path / "draft.cdesk")
    forged = rewrite(
        tmp_path / "draft.cdesk",
        tmp_path / "forged.cdesk",
        manifest=altered_questions,
        rechain=True,
    )
    with other.read() as session:
        before = session.connection().exec_driver_sql("SELECT count(*) FROM assessments").scalar()
    with (
        pytest.raises(BundleError, match=r"differs from this workspace's copy of that version"),
        other.write() as session,
    ):
        import_bundle(session, forged)
    with other.read() as session:
        after = session.connection().exec_driver_sql("SELECT count(*) FROM assessments").scalar()
    assert after == before


def _forged_event(
    assessment_id: str, seq: int, prev: str, kind: str, detail: dict[str, Any], at: str
) -> dict[str, Any]:
    from app.audit_chain import event_hash
    from app.bundles.manifest import parse_time

    text = canonical_json(detail)
    return {
        "seq": seq,
        "at": at,
        "actor": "Mallory",
        "kind": kind,
        "item": None,
        "detail": text,
        "prev_hash": prev,
        "hash": event_hash(
            assessment_id=assessment_id,
            seq=seq,
            at=parse_time(at, "at"),
            actor="Mallory",
            kind=kind,
            item_id=None,
            detail=text,
            prev_hash=prev,
        ),
    }


def unsealed_by_a_merge(data: Manifest) -> None:
    """A merge event whose carried line is one made-up event, and whose changes reopen."""
    events, assessment_id = data["events"], data["assessment"]["id"]
    head, base = events[-1], events[-2]
    at = head["at"]
    carried = _forged_event(
        assessment_id,
        base["seq"] + 1,
        base["hash"],
        "action.progress",
        {"action": 1, "new": {"note": "x"}, "old": {"note": ""}},
        at,
    )
    signoff = next(s for s in data["signoffs"] if s["voided_at"] is None)
    voided = {"voided_at": at, "voided_by": "Mallory", "void_reason": "merged"}
    detail = {
        "agreed": {"mine": head["seq"], "theirs": carried["seq"]},
        "base": {"seq": base["seq"], "hash": base["hash"]},
        "bundle": "x.cdesk",
        "carried": [carried],
        "changes": [
            {"entity": "signoff", "key": str(signoff["number"]), "values": voided},
            {"entity": "assessment", "key": "", "values": {"status": "draft"}},
        ],
        "conflicts": [],
        "mine": {"seq": head["seq"], "hash": head["hash"]},
        "renumbered": {},
        "renumbered_side": None,
        "theirs": {"seq": carried["seq"], "hash": carried["hash"]},
    }
    merged = _forged_event(
        assessment_id, head["seq"] + 1, head["hash"], "bundle.merged", detail, at
    )
    events.append(merged)
    signoff.update(voided)
    data["assessment"].update(
        status="draft", audit_seq=merged["seq"], audit_head=merged["hash"], updated_at=at
    )


def unsealed_by_a_merge_naming_hashes(data: Manifest) -> None:
    """The same forged merge, naming its carried event by hash, the event a line event."""
    unsealed_by_a_merge(data)
    merge = data["events"][-1]
    detail = json.loads(merge["detail"])
    (carried,) = detail["carried"]
    digest = carried.pop("hash")
    detail["carried"] = [digest]
    data["line_events"] = {digest: carried}
    data["format_version"] = 2
    merge["detail"] = canonical_json(detail)
    merge["hash"] = event_hash(
        assessment_id=data["assessment"]["id"],
        seq=merge["seq"],
        at=parse_time(merge["at"], "at"),
        actor=merge["actor"],
        kind=merge["kind"],
        item_id=None,
        detail=merge["detail"],
        prev_hash=merge["prev_hash"],
    )
    data["assessment"]["audit_head"] = merge["hash"]


@pytest.mark.parametrize(
    "forge", [unsealed_by_a_merge, unsealed_by_a_merge_naming_hashes], ids=["whole", "hashes"]
)
def test_a_merge_event_that_reopens_without_a_reopening_is_refused(
    other, good: Path, tmp_path: Path, forge: Callable[[Manifest], None]
) -> None:
    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=forge)
    with pytest.raises(BundleError, match=r"reopens the signed-off assessment, but the other"):
        inspect_bundle(forged)


def _unsealed_carrying(
    data: Manifest, reopening: Callable[[Manifest, dict[str, Any]], dict[str, Any]], base: int
) -> None:
    """A merge voiding the sign-off in force, carrying by hash one made-up event.

    The event is `reopening` (given the sign-off), chained from `events[base]`.
    """
    events, assessment_id = data["events"], data["assessment"]["id"]
    head, parted = events[-1], events[base]
    at = head["at"]
    signoff = next(s for s in data["signoffs"] if s["voided_at"] is None)
    carried = _forged_event(
        assessment_id,
        parted["seq"] + 1,
        parted["hash"],
        "signoff.reopened",
        reopening(data, signoff),
        at,
    )
    _append_unsealing_merge(data, [carried], parted, signoff, at)


def _append_unsealing_merge(
    data: Manifest,
    carried: list[dict[str, Any]],
    parted: dict[str, Any],
    signoff: dict[str, Any],
    at: str,
) -> None:
    events, assessment_id = data["events"], data["assessment"]["id"]
    head = events[-1]
    voided = {"voided_at": at, "voided_by": "Mallory", "void_reason": "merged"}
    answer = {
        "value": "yes",
        "note": "",
        "risk_accepted": False,
        "answered_by": "Mallory",
        "answered_at": at,
        "carried_over": False,
    }
    line_events = {}
    for event in carried:
        body = dict(event)
        line_events[body.pop("hash")] = body
    detail = {
        "agreed": {"mine": head["seq"], "theirs": carried[-1]["seq"]},
        "base": {"seq": parted["seq"], "hash": parted["hash"]},
        "bundle": "x.cdesk",
        "carried": [event["hash"] for event in carried],
        "changes": [
            {"entity": "answer", "key": "a2", "values": answer},
            {"entity": "signoff", "key": str(signoff["number"]), "values": voided},
            {"entity": "assessment", "key": "", "values": {"status": "draft"}},
        ],
        "conflicts": [],
        "mine": {"seq": head["seq"], "hash": head["hash"]},
        "renumbered": {},
        "renumbered_side": None,
        "theirs": {"seq": carried[-1]["seq"], "hash": carried[-1]["hash"]},
    }
    merged = _forged_event(
        assessment_id, head["seq"] + 1, head["hash"], "bundle.merged", detail, at
    )
    events.append(merged)
    signoff.update(voided)
    answer_row(data, "a2").update(value="yes", answered_by="Mallory", answered_at=at)
    data["line_events"] = {
        k: v for k, v in line_events.items() if k not in {e["hash"] for e in events}
    }
    data["format_version"] = 2
    data["assessment"].update(
        status="draft", audit_seq=merged["seq"], audit_head=merged["hash"], updated_at=at
    )


def _reopening_of_the_sign_off(data: Manifest, signoff: dict[str, Any]) -> dict[str, Any]:
    return {"fingerprint": signoff["fingerprint"], "reason": "x", "signoff": signoff["number"]}


def _made_up_detail(data: Manifest, signoff: dict[str, Any]) -> dict[str, Any]:
    return {"bogus": True}


def reopening_alone(data: Manifest) -> None:
    """The other copy's line: the reopening of the sign-off in force, but never the sign-off."""
    _unsealed_carrying(data, _reopening_of_the_sign_off, -2)


def reopening_of_made_up_detail(data: Manifest) -> None:
    """The other copy's line: one event of the reopening's kind whose detail names nothing."""
    _unsealed_carrying(data, _made_up_detail, -2)


@pytest.mark.parametrize(
    "forge", [reopening_alone, reopening_of_made_up_detail], ids=["no-signoff", "bogus-detail"]
)
def test_a_merge_carrying_a_reopening_of_a_sign_off_the_other_copy_never_had_is_refused(
    other, other_paths, good: Path, tmp_path: Path, forge: Callable[[Manifest], None]
) -> None:
    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=forge)
    with pytest.raises(BundleError, match=r"records no reopening of sign-off 1 in force here"):
        inspect_bundle(forged)
    shown = run_cli("bundle", "import", str(forged), data_dir=other_paths.data_dir)
    assert shown.returncode == 1
    assert shown.stderr.count("\n") == 1 and "records no reopening of sign-off 1" in shown.stderr


@pytest.fixture
def signed_twice(workspace, make_assessment, tmp_path: Path) -> Path:
    """Signed off, reopened, signed off again: the trail holds a real reopening of sign-off 1."""
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    with workspace.write() as session:
        signoffs.reopen(session, assessment_id, reason="one more look", actor="Dana Okafor")
        signoffs.sign_off(session, assessment_id, name="Ida Berg", role="DPO")
    bundle = tmp_path / "twice.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    return bundle


def own_earlier_reopening(data: Manifest) -> None:
    """The carried "other copy's" line is this trail's own reopening of the older sign-off."""
    events = data["events"]
    reopened = next(e for e in events if e["kind"] == "signoff.reopened")
    parted = events[reopened["seq"] - 2]
    signoff = next(s for s in data["signoffs"] if s["voided_at"] is None)
    _append_unsealing_merge(data, [dict(reopened)], parted, signoff, events[-1]["at"])


def test_a_merge_carrying_this_trails_own_reopening_of_an_older_sign_off_is_refused(
    other, other_paths, signed_twice: Path, tmp_path: Path
) -> None:
    forged = rewrite(signed_twice, tmp_path / "forged.cdesk", manifest=own_earlier_reopening)
    with pytest.raises(BundleError, match=r"carries this copy's own events as the other copy's"):
        inspect_bundle(forged)
    shown = run_cli("bundle", "import", str(forged), data_dir=other_paths.data_dir)
    assert shown.returncode == 1 and "own events as the other copy's" in shown.stderr


def test_a_merge_whose_base_is_not_on_the_trail_is_refused(
    other, good: Path, tmp_path: Path
) -> None:
    def elsewhere(data: Manifest) -> None:
        reopening_alone(data)
        merge = data["events"][-1]
        detail = json.loads(merge["detail"])
        detail["base"]["hash"] = "0" * 64
        merge["detail"] = canonical_json(detail)
        _rehash_from(data, len(data["events"]) - 1)

    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=elsewhere)
    with pytest.raises(BundleError, match=r"where the copies parted an event this trail lacks"):
        inspect_bundle(forged)


def _rehash_from(data: Manifest, index: int) -> None:
    events, assessment_id = data["events"], data["assessment"]["id"]
    for event in events[index:]:
        event["prev_hash"] = events[event["seq"] - 2]["hash"]
        event["hash"] = event_hash(
            assessment_id=assessment_id,
            seq=event["seq"],
            at=parse_time(event["at"], "at"),
            actor=event["actor"],
            kind=event["kind"],
            item_id=event["item"],
            detail=event["detail"],
            prev_hash=event["prev_hash"],
        )
    data["assessment"]["audit_head"] = events[-1]["hash"]


def test_a_line_event_no_merge_names_is_refused(other, good: Path, tmp_path: Path) -> None:
    def stowaway(data: Manifest) -> None:
        unsealed_by_a_merge_naming_hashes(data)
        extra = dict(data["events"][0])
        digest = extra.pop("hash")
        data["line_events"][digest] = extra  # on the trail already: not kept twice

    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=stowaway)
    with pytest.raises(BundleError, match=r"line event .* is not one a merge of the trail needs"):
        inspect_bundle(forged)


def test_a_merge_naming_an_event_the_bundle_lacks_is_refused(
    other, good: Path, tmp_path: Path
) -> None:
    def lost(data: Manifest) -> None:
        unsealed_by_a_merge_naming_hashes(data)
        (digest,) = data["line_events"]
        data["line_events"] = {"0" * 64: data["line_events"][digest]}

    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=lost)
    with pytest.raises(BundleError, match=r"is not among the line events kept"):
        inspect_bundle(forged)


def test_a_format_1_manifest_holding_line_events_does_not_fit_the_format(
    other, good: Path, tmp_path: Path
) -> None:
    def older(data: Manifest) -> None:
        unsealed_by_a_merge_naming_hashes(data)
        data["format_version"] = 1

    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=older)
    with pytest.raises(BundleError) as refused:
        inspect_bundle(forged)
    assert str(refused.value).endswith(": format 1 bundles can't hold line_events")


def test_a_format_version_written_as_a_fraction_is_refused(
    other, good: Path, tmp_path: Path
) -> None:
    def fraction(data: Manifest) -> None:
        data["format_version"] = 2.0

    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=fraction)
    with pytest.raises(BundleError, match=r"its format_version is not a whole number$"):
        inspect_bundle(forged)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda d: d["assessment"].update(title={"smuggled": "SECRET" * 50}),
            r"\$\.assessment\.title: is not of type string$",
        ),
        (lambda d: d.update(extra="SECRET"), r"\$: holds what the format does not have: extra$"),
        (lambda d: d.pop("signoffs"), r"\$: lacks signoffs$"),
        (
            lambda d: d["answers"][0].update(item="SECRET" * 100),
            r"\$\.answers\[0\]\.item: breaks the rule pattern \^",
        ),
    ],
    ids=["type", "extra", "lacking", "too-long"],
)
def test_a_schema_refusal_names_where_and_never_quotes_the_manifest(
    other, good: Path, tmp_path: Path, change: Callable[[Manifest], Any], words: str
) -> None:
    forged = rewrite(good, tmp_path / "forged.cdesk", manifest=change)
    with pytest.raises(BundleError, match=r"does not fit the bundle format: " + words) as refused:
        inspect_bundle(forged)
    assert "SECRET" not in str(refused.value) and "\n" not in str(refused.value)


def test_an_export_an_import_would_refuse_for_its_size_is_not_written(
    workspace, make_assessment, tmp_path: Path, monkeypatch
) -> None:
    import app.bundles.writing as writing

    assessment_id = fill(workspace, make_assessment())
    monkeypatch.setattr(writing, "MANIFEST_MAX_BYTES", 1000)  # as a trail grown past the limit
    target = tmp_path / "x.cdesk"
    with (
        pytest.raises(
            BundleError, match=r"its manifest would be .*, over the .* a bundle may hold"
        ),
        workspace.read() as session,
    ):
        export_bundle(session, assessment_id, target)
    assert list(tmp_path.glob("*.cdesk")) == [] and list(tmp_path.glob(".*")) == []


def test_evidence_read_in_while_the_contents_are_checked_goes_when_a_check_fails(
    other, good: Path, tmp_path: Path
) -> None:
    # The evidence streams into the store while the rows are proved: none of it may stay.
    bundle = rewrite(good, tmp_path / "forged.cdesk", manifest=edited_row)
    own = sorted(other.evidence.stored())
    words = r"rows are not what its audit trail records"
    with pytest.raises(BundleError, match=words), other.write() as session:
        import_bundle(session, bundle)
    assert sorted(other.evidence.stored()) == own


def test_a_failed_check_of_the_contents_is_named_before_a_damaged_evidence_file(
    other, good: Path, tmp_path: Path
) -> None:
    def reversed_evidence(items: list[tuple[Any, bytes]]) -> None:
        for at, (info, data) in enumerate(items):
            if info.filename.startswith("evidence/"):
                assert data != bytes(reversed(data))
                items[at] = (info, bytes(reversed(data)))

    bundle = rewrite(
        good, tmp_path / "forged.cdesk", manifest=edited_row, entries=reversed_evidence
    )
    own = sorted(other.evidence.stored())
    words = r"rows are not what its audit trail records"
    with pytest.raises(BundleError, match=words), other.write() as session:
        import_bundle(session, bundle)
    with pytest.raises(BundleError, match=words), other.read() as session:
        import_bundle(session, bundle, dry_run=True)
    assert sorted(other.evidence.stored()) == own


def size_as_text(data: Manifest) -> None:
    data["evidence"][0]["size"] = str(data["evidence"][0]["size"])


def answers_not_a_list(data: Manifest) -> None:
    data["answers"] = 5


@pytest.mark.parametrize(
    ("forge", "words"),
    [
        (size_as_text, r"does not fit the bundle format: \$\.evidence\[0\]\.size"),
        (answers_not_a_list, r"does not fit the bundle format: \$\.answers: is not of type"),
    ],
    ids=["size_as_text", "answers_not_a_list"],
)
def test_what_the_schema_refuses_is_named_before_what_follows_from_it(
    other, good: Path, tmp_path: Path, forge, words: str
) -> None:
    # The schema is checked beside the reading of the evidence; a manifest that can't be read
    # into rows, or whose entries then disagree with it, is still refused by the schema.
    bundle = rewrite(good, tmp_path / "forged.cdesk", manifest=forge)
    with pytest.raises(BundleError, match=words):
        inspect_bundle(bundle)
    own = sorted(other.evidence.stored())
    with pytest.raises(BundleError, match=words), other.write() as session:
        import_bundle(session, bundle)
    assert sorted(other.evidence.stored()) == own
