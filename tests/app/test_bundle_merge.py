"""Merging two copies that both changed since they parted: taken, kept, conflicts, settled."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.bundles.errors import BundleError
from app.bundles.importing import Outcome, import_bundle
from app.bundles.merging import MergeConflictError, Side
from app.bundles.writing import export_bundle
from app.errors import UserError
from app.paths import Paths
from app.services import (
    actions,
    answers,
    assessments,
    audit,
    evidence,
    line_store,
    recycle_bin,
    signoffs,
)
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.app.bundle_support import fill, rewrite, show_json
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite


def export(ws: Workspace, assessment_id: str, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, assessment_id, path)
    return path


def bring(ws: Workspace, bundle: Path, **options: Any):
    with ws.write() as session:
        return import_bundle(session, bundle, actor=options.pop("actor", "Merger"), **options)


def same_state(ws: Workspace, assessment_id: str) -> dict[str, Any]:
    """`show --json` without what only says when this laptop last wrote."""
    shown = show_json(ws, assessment_id)
    shown.pop("updated_at")
    return shown


def verified(ws: Workspace, assessment_id: str) -> bool:
    with ws.read() as session:
        verdict = audit.verify_history(session, assessment_id)
    assert verdict.intact, verdict.problems
    return True


@pytest.fixture
def parted(workspace, make_assessment, tmp_path, other) -> str:
    """One assessment on both laptops, the same on each."""
    assessment_id = fill(workspace, make_assessment())
    bring(other, export(workspace, assessment_id, tmp_path / "start.cdesk"))
    return assessment_id


def test_changes_on_both_sides_that_do_not_collide_are_merged_the_same_both_ways(
    workspace, other, parted, tmp_path
) -> None:
    with workspace.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.PARTIAL, actor="Ida")
        actions.add_action(
            session, parted, "a3", title="Mine", owner="IT", due=date(2027, 2, 1), actor="Ida"
        )
        evidence.add_evidence(session, parted, "a3", name="mine.txt", data=b"mine", actor="Ida")
    with other.write() as session:
        answers.record_answer(session, parted, "a1", note="checked again", actor="Dana")
        actions.update_action(session, parted, 1, actor="Dana", owner="Facilities")
        actions.add_action(
            session, parted, "a1", title="Theirs", owner="DPO", due=date(2027, 3, 1), actor="Dana"
        )
        evidence.add_evidence(session, parted, "a1", name="theirs.txt", data=b"th", actor="Dana")
    a_bundle = export(workspace, parted, tmp_path / "a.cdesk")
    b_bundle = export(other, parted, tmp_path / "b.cdesk")

    result = bring(workspace, b_bundle)
    assert result.outcome is Outcome.MERGED and result.events_added == 1
    back = bring(other, a_bundle)
    assert back.outcome is Outcome.MERGED
    assert verified(workspace, parted) and verified(other, parted)
    mine = same_state(workspace, parted)
    assert mine == same_state(other, parted)
    assert {a["title"] for a in mine["actions"]} == {"Turn on the lobby", "Mine", "Theirs"}
    assert mine["answers"][1]["value"] == "partial"

    with workspace.read() as session:
        merge = audit.history(session, parted)[-1]
    assert merge.kind == "bundle.merged" and merge.actor == "Merger"
    detail = merge.detail
    assert detail["renumbered"]["action"] and detail["renumbered"]["evidence"]
    with workspace.read() as session:  # named by hash, kept once as line events
        kept = line_store.stored_line_events(session, parted)
    assert [kept[digest].chained.seq for digest in detail["carried"]] == list(
        range(detail["base"]["seq"] + 1, detail["theirs"]["seq"] + 1)
    )
    assert detail["carried"][-1] == detail["theirs"]["hash"]
    assert {a["title"] for a in mine["actions"]} == {"Turn on the lobby", "Mine", "Theirs"}
    assert [a["id"] for a in mine["actions"]] == [1, 2, 3]
    assert {e["name"] for e in mine["evidence"]} >= {"mine.txt", "theirs.txt"}
    first = next(a for a in mine["actions"] if a["id"] == 1)
    assert first["owner"] == "Facilities"
    by_item = {a["item"]: a for a in mine["answers"]}
    assert by_item["a2"]["value"] == "partial" and by_item["a1"]["note"] == "checked again"
    with workspace.read() as session:
        _snap, content = evidence.evidence_content(session, parted, _number(mine, "theirs.txt"))
    assert content == b"th"


def _number(shown: dict[str, Any], name: str) -> int:
    return int(next(e["id"] for e in shown["evidence"] if e["name"] == name))


def _diverge_on_a2(workspace: Workspace, other: Workspace, assessment_id: str) -> None:
    with workspace.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.PARTIAL, actor="Ida")
        answers.record_answer(session, assessment_id, "a3", note="only here", actor="Ida")
    with other.write() as session:
        answers.record_answer(
            session, assessment_id, "a2", value=AnswerValue.NA, note="n/a for us", actor="Dana"
        )
        actions.update_action(session, assessment_id, 1, actor="Dana", title="Lobby on")


def test_conflicts_are_listed_side_by_side_and_nothing_is_written(
    workspace, other, parted, tmp_path
) -> None:
    _diverge_on_a2(workspace, other, parted)
    bundle = export(other, parted, tmp_path / "b.cdesk")
    before = show_json(workspace, parted)
    with pytest.raises(MergeConflictError) as raised:
        bring(workspace, bundle)
    (conflict,) = raised.value.conflicts
    assert (conflict.item, conflict.what, conflict.mine, conflict.theirs) == (
        "a2",
        "answer",
        "partial",
        "na",
    )
    assert (conflict.mine_by, conflict.theirs_by) == ("Ida", "Dana")
    assert conflict.mine_at is not None and conflict.theirs_at is not None
    assert show_json(workspace, parted) == before

    data_dir = workspace.paths.data_dir
    shown = run_cli("bundle", "import", str(bundle), "--by", "Ida", data_dir=data_dir)
    assert shown.returncode == 1 and shown.stderr.startswith("error: ")
    assert "1 conflict:" in shown.stdout and "'partial' (Ida," in shown.stdout
    assert "'na' (Dana," in shown.stdout
    as_json = run_cli("bundle", "import", str(bundle), "--json", "--by", "Ida", data_dir=data_dir)
    assert as_json.returncode == 1
    listed = json.loads(as_json.stdout)
    assert listed["id"] == parted and listed["outcome"] == "merged"
    assert [(c["item"], c["mine"], c["theirs"]) for c in listed["conflicts"]] == [
        ("a2", "partial", "na")
    ]
    assert show_json(workspace, parted) == before


def test_take_theirs_settles_every_conflict_and_keeps_what_did_not_collide(
    workspace, other, parted, tmp_path
) -> None:
    _diverge_on_a2(workspace, other, parted)
    bundle = export(other, parted, tmp_path / "b.cdesk")
    done = run_cli(
        "bundle",
        "import",
        str(bundle),
        "--take",
        "theirs",
        "--by",
        "Ida",
        data_dir=workspace.paths.data_dir,
    )
    assert done.returncode == 0, done.stderr
    assert "merged assessment" in done.stdout
    assert "  settled, took the bundle's: a2, answer: 'partial' (Ida, " in done.stdout
    assert "| 'na' (Dana, " in done.stdout and "kept from this copy: a3, note" in done.stdout
    shown = show_json(workspace, parted)
    by_item = {a["item"]: a for a in shown["answers"]}
    assert (by_item["a2"]["value"], by_item["a2"]["note"]) == ("na", "n/a for us")
    assert by_item["a2"]["answered_by"] == "Dana"
    assert by_item["a3"]["note"] == "only here"
    assert shown["actions"][0]["title"] == "Lobby on"
    assert verified(workspace, parted)
    with workspace.read() as session:
        merge = audit.history(session, parted)[-1]
    assert [(c["key"], c["took"]) for c in merge.detail["conflicts"]] == [
        ("answer/a2/value", "theirs")
    ]


def test_each_conflict_is_settled_by_its_own_choice(workspace, other, parted, tmp_path) -> None:
    with workspace.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.PARTIAL, actor="Ida")
        answers.record_answer(session, parted, "a3", value=AnswerValue.NO, actor="Ida")
    with other.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.NA, actor="Dana")
        answers.record_answer(session, parted, "a3", value=AnswerValue.PARTIAL, actor="Dana")
    bundle = export(other, parted, tmp_path / "b.cdesk")
    with pytest.raises(MergeConflictError) as raised:
        bring(workspace, bundle, choices={"answer/a2/value": Side.MINE})
    assert [c.key for c in raised.value.conflicts] == ["answer/a3/value"]
    with pytest.raises(BundleError, match="no conflict of this merge is named nonsense"):
        bring(workspace, bundle, choices={"nonsense": Side.MINE})
    result = bring(
        workspace,
        bundle,
        choices={"answer/a2/value": Side.MINE, "answer/a3/value": Side.THEIRS},
    )
    assert result.outcome is Outcome.MERGED
    by_item = {a["item"]: a for a in show_json(workspace, parted)["answers"]}
    assert (by_item["a2"]["value"], by_item["a3"]["value"]) == ("partial", "partial")
    assert (by_item["a2"]["answered_by"], by_item["a3"]["answered_by"]) == ("Ida", "Dana")
    assert verified(workspace, parted)


def test_a_dry_run_says_what_a_merge_takes_keeps_and_leaves_to_settle(
    workspace, other, parted, tmp_path
) -> None:
    _diverge_on_a2(workspace, other, parted)
    bundle = export(other, parted, tmp_path / "b.cdesk")
    before = show_json(workspace, parted)
    dry = bring(workspace, bundle, dry_run=True)
    assert (dry.outcome, dry.dry_run, dry.settled) == (Outcome.MERGED, True, False)
    assert [t.key for t in dry.taken] == ["action/1/title", "answer/a2/note"]
    assert [k.key for k in dry.kept] == ["answer/a3/note"]
    assert [c.key for c in dry.conflicts] == ["answer/a2/value"]
    data_dir = workspace.paths.data_dir
    listed = run_cli("bundle", "import", str(bundle), "--dry-run", data_dir=data_dir)
    assert listed.returncode == 1 and "1 conflict:" in listed.stdout
    assert "would merge" in listed.stdout and "kept from this copy: a3, note" in listed.stdout
    as_json = run_cli("bundle", "import", str(bundle), "--dry-run", "--json", data_dir=data_dir)
    shown = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and shown["written"] is False and shown["dry_run"] is True
    assert [c["key"] for c in shown["conflicts"]] == ["answer/a2/value"]
    assert [t["key"] for t in shown["taken"]] == ["action/1/title", "answer/a2/note"]
    settled = run_cli(
        "bundle", "import", str(bundle), "--dry-run", "--take", "mine", data_dir=data_dir
    )
    assert settled.returncode == 0, settled.stderr
    assert "would merge" in settled.stdout and "taken from the bundle" in settled.stdout
    assert show_json(workspace, parted) == before


def test_a_merge_needs_to_know_who_merges(workspace, other, parted, tmp_path) -> None:
    _diverge_on_a2(workspace, other, parted)
    bundle = export(other, parted, tmp_path / "b.cdesk")
    before = show_json(workspace, parted)
    with pytest.raises(BundleError, match="say who is merging"):
        bring(workspace, bundle, take=Side.THEIRS, actor=None)
    with pytest.raises(UserError, match="name"):
        bring(workspace, bundle, take=Side.THEIRS, actor="Ida\u202e")
    assert show_json(workspace, parted) == before
    renamed = bundle.rename(tmp_path / "from\x1bdana.cdesk")
    bring(workspace, renamed, take=Side.THEIRS, actor="  Ida  ")
    with workspace.read() as session:
        merge = audit.history(session, parted)[-1]
    assert (merge.actor, merge.detail["bundle"]) == ("Ida", "")


def test_a_bundle_signed_off_after_they_parted_is_refused_when_this_copy_changed(
    workspace, other, parted, tmp_path
) -> None:
    with other.write() as session:
        signoffs.sign_off(session, parted, name="Dana Okafor", role="DPO")
    with workspace.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.YES, actor="Ida")
    before = show_json(workspace, parted)
    with pytest.raises(BundleError, match="signed off by Dana Okafor.*reopen it where it was"):
        bring(workspace, export(other, parted, tmp_path / "b.cdesk"))
    assert show_json(workspace, parted) == before


def test_exchanging_again_after_a_merge_is_an_update_then_nothing(
    workspace, other, parted, tmp_path
) -> None:
    _diverge_on_a2(workspace, other, parted)
    bring(workspace, export(other, parted, tmp_path / "b1.cdesk"), take=Side.MINE)
    # The other laptop takes the merged copy back: it knows every event there.
    back = bring(other, export(workspace, parted, tmp_path / "a1.cdesk"))
    assert back.outcome is Outcome.UPDATED
    assert same_state(other, parted) == same_state(workspace, parted)
    assert verified(other, parted)
    again = bring(workspace, export(other, parted, tmp_path / "b2.cdesk"))
    assert again.outcome is Outcome.UNCHANGED
    assert bring(other, export(workspace, parted, tmp_path / "a2.cdesk")).outcome is (
        Outcome.UNCHANGED
    )
    # Work goes on over there and comes back as an update, without conflicts.
    with other.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.NO, actor="Dana")
    later = bring(workspace, export(other, parted, tmp_path / "b3.cdesk"))
    assert later.outcome is Outcome.UPDATED
    assert same_state(other, parted) == same_state(workspace, parted)
    assert verified(workspace, parted)


def test_the_other_copys_sign_off_and_its_line_are_kept_and_verifiable(
    workspace, other, parted, tmp_path
) -> None:
    with other.write() as session:
        signoffs.sign_off(session, parted, name="Dana Okafor", role="DPO")
        signoffs.reopen(session, parted, reason="one more fix", actor="Dana Okafor")
        answers.record_answer(session, parted, "a3", note="fixed", actor="Dana")
    with workspace.write() as session:
        answers.record_answer(session, parted, "a1", note="seen here", actor="Ida")
    result = bring(workspace, export(other, parted, tmp_path / "b.cdesk"))
    assert result.outcome is Outcome.MERGED
    shown = show_json(workspace, parted)
    assert [(s["name"], s["void"]) for s in shown["signoffs"]] == [("Dana Okafor", True)]
    assert verified(workspace, parted)
    with other.read() as session:
        theirs = audit.history(session, parted)
    signed = next(e for e in theirs if e.kind == "signoff.signed")
    before = theirs[signed.seq - 2]
    claim = audit.ClaimedSignOff("Dana Okafor", signed.at, signed.detail["fingerprint"])
    with workspace.read() as session:
        found = audit.check_anchor(session, parted, before.seq, before.hash, claim)
    assert found.state is audit.AnchorState.INTACT, found.text
    # The merged copy travels on: its bundle passes every check, the carried line included.
    ws3 = open_workspace(Paths(tmp_path / "third"))
    try:
        added = bring(ws3, export(workspace, parted, tmp_path / "merged.cdesk"))
        assert added.outcome is Outcome.ADDED
        assert show_json(ws3, parted) == show_json(workspace, parted)
        assert verified(ws3, parted)
    finally:
        ws3.close()


def _merged_copy(
    workspace: Workspace, other: Workspace, assessment_id: str, tmp_path: Path
) -> Path:
    _diverge_on_a2(workspace, other, assessment_id)
    bring(workspace, export(other, assessment_id, tmp_path / "b.cdesk"), take=Side.MINE)
    return export(workspace, assessment_id, tmp_path / "merged.cdesk")


def test_a_merge_reads_in_the_history(workspace, other, parted, tmp_path) -> None:
    _merged_copy(workspace, other, parted, tmp_path)
    shown = run_cli("history", parted, data_dir=workspace.paths.data_dir)
    assert shown.returncode == 0
    assert "merged with another copy" in shown.stdout and "1 conflict settled" in shown.stdout


def test_a_forged_event_in_a_merges_carried_line_is_refused(
    workspace, other, parted, tmp_path
) -> None:
    bundle = _merged_copy(workspace, other, parted, tmp_path)

    def forge(data: dict[str, Any]) -> None:
        merge = data["events"][-1]
        detail = json.loads(merge["detail"])
        carried = data["line_events"][detail["carried"][0]]
        inner = json.loads(carried["detail"])
        inner["new"]["value"] = "yes"  # what the other laptop answered, rewritten
        carried["detail"] = json.dumps(inner, sort_keys=True, separators=(",", ":"))

    forged = rewrite(bundle, tmp_path / "forged.cdesk", manifest=forge, rechain=True)
    third = open_workspace(Paths(tmp_path / "third"))
    try:
        with pytest.raises(
            BundleError, match="broken at event .*was changed after it was recorded"
        ):
            bring(third, forged)
    finally:
        third.close()


def test_a_bundle_signed_off_since_merges_when_this_copy_changed_nothing_it_sealed(
    workspace, other, parted, tmp_path
) -> None:
    with other.write() as session:
        signoffs.sign_off(session, parted, name="Dana Okafor", role="DPO")
    with workspace.write() as session:  # a progress note: not part of what a sign-off seals
        actions.update_action(session, parted, 1, actor="Ida", progress_note="vendor called")
    result = bring(workspace, export(other, parted, tmp_path / "b.cdesk"))
    assert result.outcome is Outcome.MERGED
    shown = show_json(workspace, parted)
    assert shown["status"] == "signed" and shown["signoff"]["name"] == "Dana Okafor"
    assert shown["actions"][0]["progress_note"] == "vendor called"
    assert not shown["altered_since_signoff"]
    assert verified(workspace, parted)
    # The signed copy takes the merged one back as an update that changes nothing it sealed.
    back = bring(other, export(workspace, parted, tmp_path / "a.cdesk"))
    assert back.outcome is Outcome.UPDATED
    assert same_state(other, parted) == same_state(workspace, parted)


def test_history_verify_checks_the_line_a_merge_carries(workspace, other, parted, tmp_path) -> None:
    _merged_copy(workspace, other, parted, tmp_path)
    with workspace.read() as session:
        merge = audit.history(session, parted)[-1]
    first = merge.detail["carried"][0]
    with raw_sqlite(workspace.paths.workspace_file) as db:  # the line event kept, rewritten
        changed = db.execute(
            "UPDATE line_events SET actor = 'Someone else' WHERE assessment_id = ? AND hash = ?",
            (parted, first),
        ).rowcount
    db.close()
    assert changed == 1
    with workspace.read() as session:
        verdict = audit.verify_history(session, parted)
    assert not verdict.intact and verdict.first_broken == merge.seq
    assert "was changed after it was recorded" in verdict.problems[0].reason


def test_after_each_copy_merged_the_other_later_work_merges_without_false_conflicts(
    workspace, other, parted, tmp_path
) -> None:
    with workspace.write() as session:
        actions.add_action(
            session, parted, "a3", title="Mine", owner="IT", due=date(2027, 2, 1), actor="Ida"
        )
    with other.write() as session:
        actions.add_action(
            session, parted, "a1", title="Theirs", owner="DPO", due=date(2027, 3, 1), actor="Dana"
        )
    a1, b1 = (
        export(workspace, parted, tmp_path / "a1.cdesk"),
        export(other, parted, tmp_path / "b1.cdesk"),
    )
    bring(workspace, b1)
    bring(other, a1)  # each merged the other's older bundle
    assert same_state(workspace, parted) == same_state(other, parted)
    mine = next(a for a in show_json(workspace, parted)["actions"] if a["title"] == "Mine")
    with workspace.write() as session:
        actions.update_action(session, parted, mine["id"], actor="Ida", owner="Facilities")
    with other.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.PARTIAL, actor="Dana")
    a2, b2 = (
        export(workspace, parted, tmp_path / "a2.cdesk"),
        export(other, parted, tmp_path / "b2.cdesk"),
    )
    here = bring(workspace, b2)
    there = bring(other, a2)
    assert (here.outcome, there.outcome) == (Outcome.MERGED, Outcome.MERGED)
    assert (here.conflicts, there.conflicts) == ((), ())
    assert same_state(workspace, parted) == same_state(other, parted)
    shown = show_json(workspace, parted)
    assert [a["title"] for a in shown["actions"]].count("Mine") == 1
    assert next(a for a in shown["actions"] if a["title"] == "Mine")["owner"] == "Facilities"
    assert verified(workspace, parted) and verified(other, parted)


def test_an_accepted_risk_does_not_survive_on_an_answer_that_is_no_gap(
    workspace, other, parted, tmp_path
) -> None:
    """Here a2 became yes; there its no got a risk accepted: merged, yes keeps no acceptance."""
    with workspace.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.YES, actor="Ida")
    with other.write() as session:
        answers.record_answer(
            session,
            parted,
            "a2",
            value=AnswerValue.NO,
            note="Lobby can't be on for assemblies",
            risk_accepted=True,
            actor="Dana",
        )
    mine = export(workspace, parted, tmp_path / "mine.cdesk")
    theirs = export(other, parted, tmp_path / "theirs.cdesk")
    bring(workspace, theirs)
    bring(other, mine)
    for ws in (workspace, other):
        with ws.read() as session:
            a2 = assessments.get_assessment(session, parted).answers["a2"]
        assert (a2.value, a2.risk_accepted) == (AnswerValue.YES, False)
        assert verified(ws, parted)
    assert same_state(workspace, parted) == same_state(other, parted)


def test_emptying_the_bin_takes_a_merged_assessments_line_events_with_it(
    workspace, other, parted, tmp_path
) -> None:
    _merged_copy(workspace, other, parted, tmp_path)
    with workspace.read() as session:
        assert line_store.stored_line_events(session, parted)
    with workspace.write() as session:
        recycle_bin.move_to_bin(session, parted, reason="made by mistake", actor="Ida")
        assert recycle_bin.purge_binned(session, older_than_days=0).removed == 1
    with raw_sqlite(workspace.paths.workspace_file) as db:
        left = db.execute(
            "SELECT count(*) FROM line_events WHERE assessment_id = ?", (parted,)
        ).fetchone()[0]
    db.close()
    assert left == 0


def _crossed(workspace: Workspace, other: Workspace, assessment_id: str, folder: Path, n: int):
    """One round of crossed exchange: each laptop exports, then imports the other's bundle."""
    mine = export(workspace, assessment_id, folder / f"a{n}.cdesk")
    theirs = export(other, assessment_id, folder / f"b{n}.cdesk")
    return bring(workspace, theirs), bring(other, mine)


def test_an_answer_changed_again_on_one_side_after_crossed_rounds_is_no_conflict(
    workspace, other, parted, tmp_path
) -> None:
    """Round 2 Dana answers a2; round 3 Ida answers it again: taken, not a conflict with Dana."""
    with workspace.write() as session:
        answers.record_answer(session, parted, "a1", note="round one here", actor="Ida")
    with other.write() as session:
        answers.record_answer(session, parted, "a3", note="round one there", actor="Dana")
    _crossed(workspace, other, parted, tmp_path, 1)
    with workspace.write() as session:
        answers.record_answer(session, parted, "a1", note="round two here", actor="Ida")
    with other.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.PARTIAL, actor="Dana")
    _crossed(workspace, other, parted, tmp_path, 2)
    assert same_state(workspace, parted) == same_state(other, parted)
    with workspace.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.YES, actor="Ida")
    with other.write() as session:
        answers.record_answer(session, parted, "a3", note="round three there", actor="Dana")
    here, there = _crossed(workspace, other, parted, tmp_path, 3)
    assert (here.outcome, there.outcome) == (Outcome.MERGED, Outcome.MERGED)
    assert (here.conflicts, there.conflicts) == ((), ())
    assert [k.key for k in here.kept] == ["answer/a2/value"]
    assert [t.key for t in there.taken] == ["answer/a2/value"]
    assert same_state(workspace, parted) == same_state(other, parted)
    by_item = {a["item"]: a for a in show_json(workspace, parted)["answers"]}
    assert (by_item["a2"]["value"], by_item["a2"]["answered_by"]) == ("yes", "Ida")
    assert by_item["a3"]["note"] == "round three there"
    # A fourth round, each side changing what the other changed last, is still no conflict.
    with workspace.write() as session:
        answers.record_answer(session, parted, "a3", note="round four here", actor="Ida")
    with other.write() as session:
        answers.record_answer(session, parted, "a2", value=AnswerValue.NO, actor="Dana")
    here, there = _crossed(workspace, other, parted, tmp_path, 4)
    assert (here.conflicts, there.conflicts) == ((), ())
    assert same_state(workspace, parted) == same_state(other, parted)
    by_item = {a["item"]: a for a in show_json(other, parted)["answers"]}
    assert (by_item["a2"]["value"], by_item["a3"]["note"]) == ("no", "round four here")
    assert verified(workspace, parted) and verified(other, parted)


def test_both_copies_reopening_one_sign_off_are_told_the_way_out_the_command_line_has(
    workspace, other, make_assessment, tmp_path
) -> None:
    """Both reopened it, and there it was signed again: taking this copy's side is refused.

    The refusal names what the command line can do: reopen where it is signed off, carry
    that copy across.
    """
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bring(other, export(workspace, assessment_id, tmp_path / "start.cdesk"))
    with workspace.write() as session:
        signoffs.reopen(session, assessment_id, reason="fix a2", actor="Ida")
        answers.record_answer(session, assessment_id, "a3", note="rechecked", actor="Ida")
    with other.write() as session:
        signoffs.reopen(session, assessment_id, reason="one more look", actor="Dana Okafor")
        signoffs.sign_off(session, assessment_id, name="Dana Okafor", role="DPO")
    before = show_json(workspace, assessment_id)
    with pytest.raises(BundleError) as refused:
        bring(workspace, export(other, assessment_id, tmp_path / "b1.cdesk"), take=Side.MINE)
    message = str(refused.value)
    assert "alike" not in message
    assert "reopen it where it is signed off, carry that copy across, then import again" in (
        message
    )
    assert show_json(workspace, assessment_id) == before
    shown = run_cli(
        "bundle",
        "import",
        str(tmp_path / "b1.cdesk"),
        "--take",
        "mine",
        "--by",
        "Ida",
        data_dir=workspace.paths.data_dir,
    )
    assert shown.returncode == 1 and "reopen it where it is signed off" in shown.stderr
    # The way out, followed: reopened where it is signed off, that copy carried across.
    with other.write() as session:
        signoffs.reopen(session, assessment_id, reason="merge Ida's fix", actor="Dana Okafor")
    result = bring(workspace, export(other, assessment_id, tmp_path / "b2.cdesk"), take=Side.MINE)
    assert result.outcome is Outcome.MERGED
    shown_after = show_json(workspace, assessment_id)
    assert shown_after["status"] == "draft" and shown_after["signoff"] is None
    assert verified(workspace, assessment_id)


def test_a_dry_run_refuses_a_merge_the_import_would_refuse_by_its_final_check(
    workspace, other, parted, tmp_path, monkeypatch
) -> None:
    """Merges nested past the limit: the import and its dry run refuse alike.

    The dry run writes nothing, but makes the import's final check of the trail it would write.
    """
    import app.trail_lines as trail_lines

    with workspace.write() as session:
        answers.record_answer(session, parted, "a2", note="mine", actor="Ida")
    with other.write() as session:
        answers.record_answer(session, parted, "a1", note="theirs", actor="Dana")
    bring(workspace, export(other, parted, tmp_path / "theirs.cdesk"))  # one merge deep
    with other.write() as session:
        answers.record_answer(session, parted, "a3", note="theirs again", actor="Dana")
    mine = export(workspace, parted, tmp_path / "mine.cdesk")
    monkeypatch.setattr(trail_lines, "MAX_NESTING", 1)  # as a trail 32 merges deep already
    with other.read() as session:
        before = audit.history(session, parted)
    with (
        pytest.raises(BundleError, match=r"failing its checks .*nested more than 1 deep"),
        other.read() as session,
    ):
        import_bundle(session, mine, dry_run=True, actor="Dana")
    with pytest.raises(BundleError, match=r"failing its checks .*nested more than 1 deep"):
        bring(other, mine, actor="Dana")
    with other.read() as session:
        assert audit.history(session, parted) == before


def test_take_lists_the_conflicts_it_settled_in_json_as_well(
    workspace, other, parted, tmp_path
) -> None:
    _diverge_on_a2(workspace, other, parted)
    bundle = export(other, parted, tmp_path / "b.cdesk")
    data_dir = workspace.paths.data_dir
    for extra in (["--dry-run"], []):
        done = run_cli(
            "bundle",
            "import",
            str(bundle),
            "--take",
            "mine",
            "--json",
            "--by",
            "Ida",
            *extra,
            data_dir=data_dir,
        )
        assert done.returncode == 0, done.stderr
        shown = json.loads(done.stdout)
        assert shown["dry_run"] is bool(extra)
        assert [
            (c["item"], c["what"], c["mine"], c["theirs"], c["took"]) for c in shown["conflicts"]
        ] == [("a2", "answer", "partial", "na", "mine")]
        assert [t["key"] for t in shown["taken"]] == ["action/1/title", "answer/a2/note"]
        assert [k["key"] for k in shown["kept"]] == ["answer/a3/note"]
    by_item = {a["item"]: a for a in show_json(workspace, parted)["answers"]}
    assert by_item["a2"]["value"] == "partial"


def _mixed(carried: list[Any], bodies: dict[str, Any]) -> list[Any]:
    """The carried list with its first hash replaced by the event it names, carried whole."""
    first = {**bodies[carried[0]], "hash": carried[0]}
    return [first, *carried[1:]]


def test_a_merge_carrying_hashes_and_whole_events_at_once_is_refused(
    workspace, other, parted, tmp_path
) -> None:
    _diverge_on_a2(workspace, other, parted)
    bring(workspace, export(other, parted, tmp_path / "b.cdesk"), take=Side.THEIRS)
    merged = export(workspace, parted, tmp_path / "merged.cdesk")

    def mixed(data: dict[str, Any]) -> None:
        merge = data["events"][-1]
        detail = json.loads(merge["detail"])
        assert len(detail["carried"]) > 1
        detail["carried"] = _mixed(detail["carried"], data["line_events"])
        merge["detail"] = json.dumps(detail, sort_keys=True, separators=(",", ":"))

    forged = rewrite(merged, tmp_path / "forged.cdesk", manifest=mixed, rechain=True)
    third = open_workspace(Paths(tmp_path / "third"))
    try:
        with pytest.raises(BundleError, match="neither all hashes nor all whole events"):
            bring(third, forged)
    finally:
        third.close()

    # The same merge event, so changed in the workspace: history --verify names it.
    from sqlalchemy import select

    from app.audit_chain import event_hash
    from app.models import Assessment, AuditEvent

    with workspace.write() as session:
        event = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.assessment_id == parted)
            .order_by(AuditEvent.seq.desc())
        ).first()
        assert event is not None and event.kind == "bundle.merged"
        detail = json.loads(event.detail)
        bodies = {
            e.chained.hash: {
                "seq": e.chained.seq,
                "at": e.chained.at.isoformat(timespec="microseconds"),
                "actor": e.chained.actor,
                "kind": e.chained.kind,
                "item": e.chained.item_id,
                "detail": e.chained.detail,
                "prev_hash": e.chained.prev_hash,
            }
            for e in line_store.stored_line_events(session, parted).values()
        }
        detail["carried"] = _mixed(detail["carried"], bodies)
        event.detail = json.dumps(detail, sort_keys=True, separators=(",", ":"))
        event.hash = event_hash(
            assessment_id=parted,
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            kind=event.kind,
            item_id=event.item_id,
            detail=event.detail,
            prev_hash=event.prev_hash,
        )
        row = session.get(Assessment, parted)
        assert row is not None
        row.audit_head = event.hash
    with workspace.read() as session:
        verdict = audit.verify_history(session, parted)
    assert "neither all hashes nor all whole events" in verdict.reason


def test_counts_in_a_merge_refusal_take_the_catalogues_plural_form(
    workspace, other, parted, tmp_path
) -> None:
    _diverge_on_a2(workspace, other, parted)
    with pytest.raises(MergeConflictError) as raised:
        bring(workspace, export(other, parted, tmp_path / "b.cdesk"))
    shown, said = str(raised.value), raised.value.for_command_line()
    assert shown.endswith(
        "(1 conflict); nothing was imported; settle it when you import the bundle"
    )
    assert said.endswith(
        "(1 conflict); nothing was imported; settle it with --take mine or "
        "--take theirs, or in the window"
    )
    assert "conflicts" not in shown + said


@pytest.mark.parametrize(
    ("column", "value"), [("detail", "{not json"), ("at", "yesterday")], ids=["detail", "time"]
)
def test_a_line_event_row_that_cannot_be_read_is_named_damaged_not_missing(
    workspace, other, parted, tmp_path, column: str, value: str
) -> None:
    _diverge_on_a2(workspace, other, parted)
    bring(workspace, export(other, parted, tmp_path / "b.cdesk"), take=Side.THEIRS)
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(f"UPDATE line_events SET {column} = ? WHERE rowid = 1", (value,))
    db.close()
    with workspace.read() as session:
        verdict = audit.verify_history(session, parted)
    assert not verdict.intact
    assert "kept for its merges is damaged: its time or detail can't be read" in verdict.reason
    assert "not among the line events kept" not in verdict.reason
