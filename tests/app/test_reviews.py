"""Next reviews and comparisons, driven by the real move of vc-security-privacy from 1.0.0 to 1.1.0."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.checklists import Checklist
from app.checklists.library import import_checklist, load_library
from app.comparison import change_of
from app.dto import AssessmentSnapshot
from app.errors import RuleError
from app.paths import Paths, shipped_checklists_dir
from app.services import actions, answers, assessments, audit, evidence, reviews, signoffs
from app.signoff_gate import BlockerKind, gate_summary
from app.values import ActionStatus, AnswerValue, ItemChange, ReviewMark
from app.wording import score_figure, tally_words
from app.workspace import Workspace
from tests.conftest import FIXTURES, run_cli

OLD_FILE = FIXTURES / "checklists" / "vc-security-privacy-1.0.0.yaml"
SCOPE = {"platform": "zoom", "students": "under13", "recording": "yes", "jurisdiction": "us-ny"}
KEPT = "vendor-security-lead"  # same id and question in 1.0.0 and 1.1.0
CHANGED = "vendor-code-review"  # split: the question changed
NEW = "vendor-updates-keep-protections"  # added in 1.1.0
DROPPED = "access-abuse-handling"  # removed in 1.1.0
KEPT_GAP = "vendor-risk-assessment"  # unchanged; answered partial with actions


@pytest.fixture
def library_paths(paths: Paths) -> Paths:
    """A data folder whose library holds 1.0.0 (imported) beside the shipped 1.1.0."""
    import_checklist(paths, OLD_FILE)
    return paths


def _old(paths: Paths) -> Checklist:
    return load_library(paths).find("vc-security-privacy@1.0.0")


def _new(paths: Paths) -> Checklist:
    return load_library(paths).find("vc-security-privacy")


def signed_last_year(workspace: Workspace, paths: Paths) -> AssessmentSnapshot:
    """A signed-off 1.0.0 assessment: all yes, one partial with actions, one file that expired."""
    old = _old(paths)
    with workspace.write() as s:
        snap = assessments.create_assessment(
            s,
            old,
            title="2025-26 review",
            organisation="Hillside School",
            assessor="Ada Assessor",
            scope=SCOPE,
            actor="ada",
        )
        for item in old.items:
            if snap.in_scope(item):
                answers.record_answer(s, snap.id, item.id, value=AnswerValue.YES, actor="ada")
        answers.record_answer(
            s, snap.id, KEPT, value=AnswerValue.YES, note="Named in the SOC 2 report", actor="ada"
        )
        answers.record_answer(s, snap.id, KEPT_GAP, value=AnswerValue.PARTIAL, actor="ada")
        still = actions.add_action(
            s,
            snap.id,
            KEPT_GAP,
            title="Ask for the risk assessment",
            owner="Bo",
            due=date(2027, 3, 1),
            actor="ada",
        )
        actions.update_action(
            s,
            snap.id,
            still.id,
            status=ActionStatus.IN_PROGRESS,
            progress_note="Asked on 3 March",
            actor="ada",
        )
        done = actions.add_action(
            s,
            snap.id,
            KEPT_GAP,
            title="Read the summary",
            owner="Bo",
            due=date(2027, 1, 1),
            actor="ada",
        )
        actions.update_action(s, snap.id, done.id, status=ActionStatus.DONE, actor="ada")
        actions.add_action(
            s,
            snap.id,
            DROPPED,
            title="Write the abuse procedure",
            owner="Cy",
            due=date(2027, 2, 1),
            actor="ada",
        )
        evidence.add_evidence(
            s,
            snap.id,
            KEPT,
            name="soc2.pdf",
            data=b"%PDF soc2",
            actor="ada",
            applies_on=date(2025, 9, 1),
            valid_until=date(2026, 8, 31),
        )
        signoffs.sign_off(s, snap.id, name="Dee Reviewer", role="DPO")
        return assessments.get_assessment(s, snap.id)


def test_next_review_carries_unchanged_items_and_flags_the_rest(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        result = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada")
    snap = result.snapshot
    assert snap.previous_id == last.id
    assert snap.checklist.version == "1.1.0"
    assert (snap.title, snap.organisation, snap.assessor) == (
        "2025-26 review (next review)",
        "Hillside School",
        "Ada Assessor",
    )
    assert dict(snap.scope) == SCOPE
    carried = snap.answers[KEPT]
    assert (carried.value, carried.note, carried.carried_over) == (
        AnswerValue.YES,
        "Named in the SOC 2 report",
        True,
    )
    assert snap.review_mark(KEPT) is ReviewMark.CARRIED
    assert CHANGED not in snap.answers and snap.review_mark(CHANGED) is ReviewMark.CHANGED
    assert NEW not in snap.answers and snap.review_mark(NEW) is ReviewMark.NEW
    assert CHANGED in result.changed and NEW in result.new
    assert [d.item_id for d in result.dropped] == [
        i.id for i in last.checklist.items if snap.checklist.item(i.id) is None
    ]
    assert DROPPED in {d.item_id for d in snap.review.dropped}  # type: ignore[union-attr]
    # Every unchanged, answered item came over, and nothing else.
    kept = {
        i.id
        for i in snap.checklist.items
        if (b := last.checklist.item(i.id)) is not None and b.question == i.question
    }
    assert set(result.carried_answers) == {k for k in kept if k in last.answers}
    assert all(a.carried_over for a in snap.answers.values())
    # The list counts the carried answers apart, as the assessment does: none is answered yet.
    with workspace.read() as s:
        listed = next(x for x in assessments.list_assessments(s) if x.id == snap.id)
    overall = snap.score_sheet.overall
    assert (listed.answered, listed.carried, listed.score) == (0, overall.carried, None)
    assert overall.carried == len(snap.awaiting_confirmation()) > 0


def test_carried_evidence_keeps_its_file_and_dates(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
    (before,) = last.evidence_for(KEPT)
    (after,) = snap.evidence_for(KEPT)
    assert after.id == before.id == 1  # numbered within each assessment
    assert (after.sha256, after.name, after.applies_on, after.valid_until) == (
        before.sha256,
        "soc2.pdf",
        date(2025, 9, 1),
        date(2026, 8, 31),
    )
    assert after.carried_over and not before.carried_over
    with workspace.read() as s:
        _snap, data = evidence.evidence_content(s, snap.id, after.id)
    assert data == b"%PDF soc2"


def test_open_actions_carry_with_their_progress_and_done_ones_stay(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        result = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada")
    (moved,) = result.snapshot.actions
    assert (moved.item_id, moved.title, moved.status, moved.progress_note) == (
        KEPT_GAP,
        "Ask for the risk assessment",
        ActionStatus.IN_PROGRESS,
        "Asked on 3 March",
    )
    assert [a.title for a in result.left_actions] == ["Write the abuse procedure"]
    with workspace.read() as s:
        events = audit.history(s, result.snapshot.id)
    carried = [e for e in events if e.kind == "action.carried"]
    assert carried[0].detail["from"]["assessment"] == last.id


def test_trails_of_both_verify_and_record_the_link(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
    with workspace.read() as s:
        assert audit.verify_history(s, snap.id).intact
        assert audit.verify_history(s, last.id).intact  # its seal still holds
        first = audit.history(s, snap.id)[0]
        last_events = audit.history(s, last.id)
    assert first.detail["previous"]["assessment"] == last.id
    assert first.detail["answers"][KEPT]["carried_over"] is True
    assert last_events[-1].kind == "assessment.next_review"
    assert last_events[-1].detail["next"] == snap.id
    # Starting it changed nothing of the last review: its "Last change" stays where it was.
    with workspace.read() as s:
        listed = {a.id: a.updated_at for a in assessments.list_assessments(s)}
        assert assessments.get_assessment(s, last.id).updated_at == last.updated_at
    assert listed[last.id] == last.updated_at < last_events[-1].at


def test_replay_catches_a_carried_flag_cleared_in_the_file(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
    with workspace.write() as s:
        s.execute(
            __import__("sqlalchemy").text(
                "UPDATE answers SET carried_over = 0 WHERE assessment_id = :a AND item_id = :i"
            ),
            {"a": snap.id, "i": KEPT},
        )
    with workspace.read() as s:
        verdict = audit.verify_history(s, snap.id)
    assert not verdict.intact
    assert any("carried_over" in p.message for p in verdict.problems)


def test_gate_blocks_until_carried_answers_are_confirmed(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
    with workspace.read() as s:
        blockers = signoffs.sign_off_blockers(s, snap.id)
    unconfirmed = {
        b.item_id for b in blockers if b.kind is BlockerKind.UNCONFIRMED_CARRIED and b.item_id
    }
    assert KEPT in unconfirmed
    with workspace.write() as s:
        confirmed = answers.confirm_answer(s, snap.id, KEPT, actor="bo")
        assert not confirmed.carried_over and confirmed.value is AnswerValue.YES
        # The same answer given again confirms too; a changed one clears the mark.
        same = answers.record_answer(s, snap.id, KEPT_GAP, value=AnswerValue.PARTIAL, actor="bo")
        assert not same.carried_over
        other = next(k for k in sorted(unconfirmed) if k not in (KEPT, KEPT_GAP))
        changed = answers.record_answer(s, snap.id, other, value=AnswerValue.NO, actor="bo")
        assert not changed.carried_over
        with pytest.raises(RuleError, match="nothing to confirm"):
            answers.confirm_answer(s, snap.id, KEPT, actor="bo")
    with workspace.read() as s:
        left = {
            b.item_id
            for b in signoffs.sign_off_blockers(s, snap.id)
            if b.kind is BlockerKind.UNCONFIRMED_CARRIED
        }
        assert left == unconfirmed - {KEPT, KEPT_GAP, other}
        assert audit.verify_history(s, snap.id).intact
        kinds = [e.kind for e in audit.history(s, snap.id)]
    assert kinds.count("answer.confirmed") == 2


def test_score_so_far_and_gate_count_carried_answers_apart(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
    waiting = len(snap.awaiting_confirmation())
    overall = snap.score_sheet.overall
    unanswered = overall.applicable - waiting
    assert waiting > 10 and unanswered > 0
    # Everything carried, nothing settled yet: no score, however good last year's answers were.
    assert (overall.answered, overall.carried, overall.score) == (0, waiting, None)
    assert tally_words(overall) == f"No score yet ({waiting} carried over to confirm)"
    with workspace.write() as s:
        answers.confirm_answer(s, snap.id, KEPT, actor="bo")
        answers.record_answer(s, snap.id, NEW, value=AnswerValue.NO, actor="bo")
        now = assessments.get_assessment(s, snap.id)
        comparison = reviews.compare_assessments(s, last.id, snap.id)
        blockers = signoffs.sign_off_blockers(s, snap.id)
    overall = now.score_sheet.overall
    assert (overall.answered, overall.carried) == (2, waiting - 1)
    # KEPT yes (medium, 2) and NEW no (high, 3): 2 / 5 = 40%, not the carried answers' 100%.
    weights = {i: now.checklist.item(i).severity.weight for i in (KEPT, NEW)}  # type: ignore[union-attr]
    assert overall.score == round(100 * weights[KEPT] / (weights[KEPT] + weights[NEW]), 1)
    assert tally_words(overall) == (
        f"Score so far {overall.score:.1f}% (2 of {overall.applicable} answered, "
        f"{waiting - 1} carried over to confirm)"
    )
    assert comparison.new_score == overall.score
    sections = {s.section_id: s for s in comparison.sections}
    for st in now.score_sheet.sections:
        assert sections[st.section.id].new == st.tally.score
    kept_section = now.checklist.section_of(KEPT)
    assert kept_section is not None and kept_section == now.checklist.section_of(NEW)
    assert sections[kept_section.id].new == overall.score  # both settled answers are there
    untouched = [
        st.section.id
        for st in now.score_sheet.sections
        if not {KEPT, NEW} & {i.id for i in st.section.items}
    ]
    assert untouched and all(sections[i].new is None for i in untouched)
    # The gate counts what needs an answer apart from what needs a confirmation.
    kinds = [b.kind for b in blockers]
    assert kinds.count(BlockerKind.UNCONFIRMED_CARRIED) == waiting - 1
    assert kinds.count(BlockerKind.UNANSWERED) == unanswered - 1
    summary = gate_summary(blockers)
    assert f"{unanswered - 1} unanswered" in summary.split(", ")
    assert f"{waiting - 1} carried over to confirm" in summary.split(", ")
    assert str(signoffs.SignOffBlockedError(snap.id, blockers)).endswith(f"({summary})")


def test_a_draft_cannot_start_a_next_review(workspace: Workspace, library_paths: Paths) -> None:
    with workspace.write() as s:
        draft = assessments.create_assessment(
            s, _old(library_paths), title="Draft", organisation="O", scope=SCOPE, actor="a"
        )
    with workspace.write() as s, pytest.raises(RuleError, match="is a draft"):
        reviews.start_next_review(s, draft.id, _new(library_paths), actor="a")


def test_expired_evidence_is_a_warning_not_a_blocker(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
    with workspace.read() as s:
        warnings = signoffs.sign_off_warnings(s, snap.id, today=date(2026, 9, 1))
        blockers = signoffs.sign_off_blockers(s, snap.id)
        earlier = signoffs.sign_off_warnings(s, snap.id, today=date(2026, 8, 31))
    assert [(w.kind, w.item_id) for w in warnings] == [(BlockerKind.EXPIRED_EVIDENCE, KEPT)]
    assert "expired on 2026-08-31" in warnings[0].message
    assert not any(b.kind is BlockerKind.EXPIRED_EVIDENCE for b in blockers)
    assert earlier == ()


def test_evidence_valid_until_before_applies_on_is_refused(make_assessment, workspace) -> None:
    snap = make_assessment()
    item = next(i for i in snap.checklist.items if snap.in_scope(i))
    with workspace.write() as s, pytest.raises(RuleError, match="before the date it applies on"):
        evidence.add_evidence(
            s,
            snap.id,
            item.id,
            name="x.pdf",
            data=b"x",
            actor="t",
            applies_on=date(2026, 1, 2),
            valid_until=date(2026, 1, 1),
        )


def test_compare_classifies_every_item(workspace: Workspace, library_paths: Paths) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
        answers.record_answer(s, snap.id, KEPT, value=AnswerValue.NO, actor="bo")
        answers.record_answer(s, snap.id, KEPT_GAP, value=AnswerValue.YES, actor="bo")
        answers.record_answer(s, snap.id, NEW, value=AnswerValue.YES, actor="bo")
        comparison = reviews.compare_assessments(s, last.id, snap.id)
    by_item = {i.item_id: i for i in comparison.items}
    assert by_item[KEPT].change is ItemChange.REGRESSED
    assert by_item[KEPT_GAP].change is ItemChange.IMPROVED
    assert by_item[NEW].change is ItemChange.NEW and by_item[NEW].old is None
    assert by_item[DROPPED].change is ItemChange.REMOVED and by_item[DROPPED].new is None
    assert by_item[CHANGED].question_changed
    assert comparison.old_score == last.score_sheet.overall.score
    assert [c.item_id for c in comparison.of(ItemChange.REGRESSED)] == [KEPT]


def test_compare_keeps_unconfirmed_carried_answers_apart_from_unchanged_ones(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
        waiting = snap.awaiting_confirmation()
        answers.confirm_answer(s, snap.id, KEPT, actor="bo")
        comparison = reviews.compare_assessments(s, last.id, snap.id)
    by_item = {i.item_id: i for i in comparison.items}
    assert KEPT in waiting and len(waiting) > 2
    assert by_item[KEPT].change is ItemChange.UNCHANGED  # confirmed: a finding of this review
    carried = [i.item_id for i in comparison.of(ItemChange.CARRIED)]
    assert carried == [i for i in waiting if i != KEPT]
    assert all(by_item[i].old == by_item[i].new for i in carried)
    assert comparison.counts[ItemChange.CARRIED] == len(waiting) - 1
    assert comparison.counts[ItemChange.UNCHANGED] == len(comparison.of(ItemChange.UNCHANGED))
    assert by_item[CHANGED].change is not ItemChange.CARRIED


def test_compare_counts_items_out_of_scope_apart(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
        comparison = reviews.compare_assessments(s, last.id, snap.id)
    applies_now = {i.id for i in snap.checklist.items if snap.in_scope(i)}
    applied_then = {i.id for i in last.checklist.items if last.in_scope(i)}
    outside = {i.item_id for i in comparison.out_of_scope}
    everything = {i.item_id for i in comparison.items}
    assert outside and outside == everything - applies_now - applied_then
    assert all(not i.in_scope for i in comparison.out_of_scope)
    unchanged = comparison.of(ItemChange.UNCHANGED)
    assert not {i.item_id for i in unchanged} & outside
    assert comparison.counts[ItemChange.UNCHANGED] == len(unchanged)
    assert sum(comparison.counts.values()) + len(outside) == len(comparison.items)


def test_a_second_next_review_gets_a_title_of_its_own(
    workspace: Workspace, library_paths: Paths
) -> None:
    last = signed_last_year(workspace, library_paths)
    titles = []
    with workspace.write() as s:
        for _n in range(3):
            made = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada")
            titles.append(made.snapshot.title)
        named = reviews.start_next_review(
            s, last.id, _new(library_paths), actor="ada", title="2025-26 review (next review)"
        )
    assert titles == [
        "2025-26 review (next review)",
        "2025-26 review (next review) (2)",
        "2025-26 review (next review) (3)",
    ]
    assert named.snapshot.title == "2025-26 review (next review)"  # a title given is kept
    with workspace.read() as s:
        later = reviews.later_reviews(s, last.id)
    assert reviews.suggested_title(last.title, later) == "2025-26 review (next review) (4)"
    assert reviews.suggested_title("x" * 200, later) == reviews.default_title("x" * 200)


def test_compare_the_wrong_way_round_is_said(workspace: Workspace, library_paths: Paths) -> None:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
    with workspace.read() as s:
        assert reviews.order_warning(s, last.id, snap.id) is None
        assert reviews.order_warning(s, snap.id, snap.id) is None
        hint = reviews.order_warning(s, snap.id, last.id)
    assert hint is not None and f"compare {last.id} {snap.id}" in hint


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        (AnswerValue.NO, AnswerValue.PARTIAL, ItemChange.IMPROVED),
        (AnswerValue.PARTIAL, AnswerValue.YES, ItemChange.IMPROVED),
        (AnswerValue.NO, AnswerValue.NA, ItemChange.IMPROVED),
        (AnswerValue.YES, AnswerValue.NO, ItemChange.REGRESSED),
        (AnswerValue.NA, AnswerValue.PARTIAL, ItemChange.REGRESSED),
        (AnswerValue.YES, AnswerValue.NA, ItemChange.UNCHANGED),
        (AnswerValue.UNANSWERED, AnswerValue.UNANSWERED, ItemChange.UNCHANGED),
        (AnswerValue.UNANSWERED, AnswerValue.NO, ItemChange.NEW),
        (AnswerValue.YES, AnswerValue.UNANSWERED, ItemChange.REMOVED),
        (None, AnswerValue.UNANSWERED, ItemChange.NEW),
        (AnswerValue.YES, None, ItemChange.REMOVED),
    ],
)
def test_change_rules(old: AnswerValue | None, new: AnswerValue | None, change: ItemChange) -> None:
    assert change_of(old, new) is change


# The command line


def _cli_last_year(data: Path) -> str:
    import_checklist(Paths(data), OLD_FILE)
    scope = [f"--scope={k}={v}" for k, v in SCOPE.items()]
    made = run_cli(
        "new",
        "--checklist",
        "vc-security-privacy@1.0.0",
        "--org",
        "Hillside School",
        "--title",
        "2025-26",
        "--by",
        "ada",
        *scope,
        data_dir=data,
        check=True,
    )
    assessment = made.stdout.strip()
    shown = json.loads(run_cli("show", assessment, "--json", data_dir=data, check=True).stdout)
    with open_ws(data) as workspace, workspace.write() as s:
        for row in shown["answers"]:
            if row["in_scope"]:
                answers.record_answer(s, assessment, row["item"], value=AnswerValue.YES, actor="a")
    run_cli(
        "evidence",
        "add",
        assessment,
        KEPT,
        str(OLD_FILE),
        "--applies-on",
        "2025-09-01",
        "--valid-until",
        "2025-12-31",
        "--by",
        "ada",
        data_dir=data,
        check=True,
    )
    run_cli("signoff", assessment, "--name", "Dee", "--role", "DPO", data_dir=data, check=True)
    return assessment


class open_ws:  # noqa: N801 - a context manager used like a function
    """The workspace of a data folder, opened and closed around a block."""

    def __init__(self, data: Path) -> None:
        from app.workspace import open_workspace

        self.workspace = open_workspace(Paths(data))

    def __enter__(self) -> Workspace:
        return self.workspace

    def __exit__(self, *exc: object) -> None:
        self.workspace.close()


def test_cli_review_next_show_confirm_and_compare(tmp_path: Path) -> None:
    data = tmp_path / "data"
    last = _cli_last_year(data)
    draft_refused = run_cli("review", "next", "nosuch", "--by", "ada", data_dir=data)
    assert draft_refused.returncode == 1 and draft_refused.stderr.startswith("error: ")
    made = run_cli("review", "next", last, "--by", "ada", "--json", data_dir=data, check=True)
    result = json.loads(made.stdout)
    new_id = result["id"]
    assert result["previous"] == last
    assert result["checklist"] == {
        "id": "vc-security-privacy",
        "version": "1.1.0",
        "previous_version": "1.0.0",
    }
    assert KEPT in result["carried"] and CHANGED in result["changed"] and NEW in result["new"]
    assert DROPPED in [d["item"] for d in result["dropped"]]
    assert result["evidence_carried"] == 1
    assert made.stderr == ""
    again = run_cli("review", "next", last, "--by", "ada", data_dir=data, check=True)
    (warned,) = again.stderr.splitlines()
    assert warned.startswith(f"warning: {new_id} (") and warned.endswith("this starts another")
    carried_line = again.stdout.splitlines()[2]
    assert carried_line.endswith(" answers, 1 evidence file"), carried_line  # one file, not "files"

    shown = json.loads(run_cli("show", new_id, "--json", data_dir=data, check=True).stdout)
    assert shown["previous"] == last
    rows = {r["item"]: r for r in shown["answers"]}
    assert rows[KEPT]["carried_over"] is True and rows[KEPT]["value"] == "yes"
    waiting = sum(1 for r in rows.values() if r["carried_over"] and r["in_scope"])
    assert shown["progress"]["carried_over"] == waiting > 0
    assert shown["progress"]["answered"] == 0 and shown["score"] is None
    assert rows[CHANGED]["carried_over"] is False and rows[CHANGED]["review_mark"] == "changed"
    assert rows[NEW]["review_mark"] == "new"
    assert DROPPED in [d["item"] for d in shown["review"]["dropped"]]
    (file,) = shown["evidence"]
    assert (file["applies_on"], file["valid_until"], file["expired"], file["carried_over"]) == (
        "2025-09-01",
        "2025-12-31",
        True,
        True,
    )
    text = run_cli("show", new_id, data_dir=data, check=True).stdout
    assert "carried over from the last review" in text
    assert f"Next review of {last}" in text and DROPPED in text

    check = run_cli("signoff", new_id, "--check", data_dir=data)
    assert check.returncode == 1
    assert "expired on 2025-12-31" in check.stderr  # listed, as a warning

    confirm = run_cli("confirm", new_id, KEPT, "--by", "bo", data_dir=data, check=True)
    assert "confirmed" in confirm.stdout
    run_cli("answer", new_id, KEPT_GAP, "no", "--by", "bo", data_dir=data, check=True)
    again = json.loads(run_cli("show", new_id, "--json", data_dir=data, check=True).stdout)
    rows = {r["item"]: r for r in again["answers"]}
    assert rows[KEPT]["carried_over"] is False and rows[KEPT_GAP]["carried_over"] is False
    assert run_cli("history", new_id, "--verify", data_dir=data).returncode == 0

    compared = json.loads(
        run_cli("compare", last, new_id, "--json", data_dir=data, check=True).stdout
    )
    items = {i["item"]: i for i in compared["items"]}
    assert items[KEPT_GAP] == {
        "item": KEPT_GAP,
        "old": "yes",
        "new": "no",
        "change": "regressed",
        "carried_over": False,
        "question_changed": False,
        "in_scope": True,
        "section": items[KEPT_GAP]["section"],
    }
    assert items[DROPPED]["change"] == "removed" and items[NEW]["change"] == "new"
    assert set(compared["score"]) == {"old", "new"}
    assert compared["score"]["old"] == 100.0
    assert items[KEPT]["change"] == "unchanged"  # confirmed
    assert not items[KEPT]["carried_over"]
    # The contract's five words for `change`; unconfirmed carried answers are marked beside it.
    assert {row["change"] for row in items.values()} <= {
        "improved",
        "regressed",
        "unchanged",
        "new",
        "removed",
    }
    carried = [i for i, row in items.items() if row["carried_over"]]
    assert carried and all(items[i]["change"] == "unchanged" for i in carried)
    assert all(rows[i]["carried_over"] for i in carried)
    assert compared["counts"]["carried"] == len(carried)
    plain = run_cli("compare", last, new_id, data_dir=data, check=True).stdout
    assert "Regressed:" in plain and KEPT_GAP in plain
    assert f"{len(carried)} carried over and not yet confirmed" in plain
    listed = plain[plain.index("Carried over, not yet confirmed:") : plain.index("Unchanged:")]
    assert all(f"  {i}: Yes -> Yes" in listed for i in carried)
    # The unchanged ones the count line counts are listed too, each once.
    unchanged = plain[plain.index("Unchanged:") :].splitlines()[1:]
    same = [
        i
        for i, row in items.items()
        if row["change"] == "unchanged" and not row["carried_over"] and row["in_scope"]
    ]
    listed_same = plain[plain.index("Unchanged:") : plain.index("Out of scope in both")]
    assert f"{len(same)} unchanged" in plain and len(listed_same.splitlines()[1:-1]) == len(same)
    assert f"  {KEPT}: Yes -> Yes" in unchanged
    # Items neither scope includes are counted apart, and listed last.
    outside = [i for i, row in items.items() if not row["in_scope"]]
    assert outside and compared["counts"]["out_of_scope"] == len(outside)
    assert f"out of scope: {len(outside)}" in plain
    assert sum(compared["counts"].values()) == len(items)
    assert plain.rstrip().endswith(f"  {outside[-1]}")
    # Given the other way round, it still compares, but says so.
    swapped = run_cli("compare", new_id, last, "--json", data_dir=data, check=True)
    assert json.loads(swapped.stdout)["old"] == new_id
    (hint,) = swapped.stderr.splitlines()
    assert hint.startswith(f"warning: {last} was started before {new_id}")
    assert hint.endswith(f"compare {last} {new_id}")


def test_cli_review_next_refuses_a_draft(tmp_path: Path) -> None:
    data = tmp_path / "data"
    import_checklist(Paths(data), OLD_FILE)
    scope = [f"--scope={k}={v}" for k, v in SCOPE.items()]
    draft = run_cli(
        "new",
        "--checklist",
        "vc-security-privacy@1.0.0",
        "--org",
        "O",
        "--title",
        "T",
        "--by",
        "a",
        *scope,
        data_dir=data,
        check=True,
    ).stdout.strip()
    refused = run_cli("review", "next", draft, "--by", "a", data_dir=data)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"error: assessment {draft} is a draft: a next review starts from a signed-off "
        "assessment; sign it off first"
    ]
    listed = json.loads(run_cli("list", "--json", data_dir=data, check=True).stdout)
    assert [a["id"] for a in listed] == [draft]  # nothing was made


def test_cli_evidence_dates(tmp_path: Path, scoring_checklist: Checklist) -> None:
    data = tmp_path / "data"
    with open_ws(data) as workspace, workspace.write() as s:
        snap = assessments.create_assessment(
            s,
            scoring_checklist,
            title="T",
            organisation="O",
            scope={"platform": "zoom", "under13": "yes"},
            actor="a",
        )
    item = next(i for i in snap.checklist.items if snap.in_scope(i)).id
    file = tmp_path / "cert.pdf"
    file.write_bytes(b"certificate")
    bad = run_cli(
        "evidence",
        "add",
        snap.id,
        item,
        str(file),
        "--valid-until",
        "31/12/2026",
        "--by",
        "a",
        data_dir=data,
    )
    assert bad.returncode == 1 and "--valid-until must be a date" in bad.stderr
    added = run_cli(
        "evidence",
        "add",
        snap.id,
        item,
        str(file),
        "--applies-on",
        "2020-01-15",
        "--valid-until",
        "2020-06-30",
        "--by",
        "a",
        data_dir=data,
    )
    assert added.returncode == 0, added.stderr
    assert "applies on 2020-01-15" in added.stdout and "EXPIRED" in added.stdout
    listed = json.loads(run_cli("evidence", "list", snap.id, "--json", data_dir=data).stdout)
    assert listed[0]["applies_on"] == "2020-01-15" and listed[0]["expired"] is True
    today = run_cli("evidence", "add", snap.id, item, str(OLD_FILE), "--by", "a", data_dir=data)
    assert f"applies on {date.today().isoformat()}" in today.stdout


def one_regressed_one_improved(
    workspace: Workspace, library_paths: Paths
) -> tuple[AssessmentSnapshot, AssessmentSnapshot]:
    """Last year's signed-off assessment and a next review where KEPT got worse, KEPT_GAP better."""
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        snap = reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot
        answers.record_answer(s, snap.id, KEPT, value=AnswerValue.NO, actor="bo")
        answers.record_answer(s, snap.id, KEPT_GAP, value=AnswerValue.YES, actor="bo")
        snap = assessments.get_assessment(s, snap.id)
    return last, snap


def test_next_review_report_has_since_the_last_review_and_marks_expired_evidence(
    workspace: Workspace, library_paths: Paths, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from app.report.pdf import ReportOptions, render_report

    last, snap = one_regressed_one_improved(workspace, library_paths)
    out = render_report(snap, tmp_path / "next.pdf", ReportOptions(generated_at=snap.updated_at))
    pages = [page.extract_text() for page in PdfReader(out).pages]
    since = next(i for i, text in enumerate(pages) if "Since the last review" in text)
    text = "".join(pages[since : since + 2]).replace("\n", "")
    assert last.id in text and "1.0.0" in text
    assert "Items regressed: 1; improved: 1;" in text
    waiting = len(snap.awaiting_confirmation())
    assert waiting > 0
    assert f"; unchanged: 0; carried over and not yet confirmed: {waiting};" in " ".join(
        " ".join(pages[since : since + 2]).split()
    )
    from app.report.content import since_last_review

    since_content = since_last_review(snap)
    assert since_content is not None
    outside = len(since_content.comparison.out_of_scope)
    assert f"out of scope in both: {outside}." in " ".join(
        " ".join(pages[since : since + 2]).split()
    )
    regressed = text.index("Items that regressed")
    improved = text.index("Items that improved")
    assert regressed < text.index(KEPT) < improved < text.index(KEPT_GAP)
    assert DROPPED in text[text.index("dropped") :]
    register = next(t for t in pages if "Evidence register" in t)
    assert "EXPIRED" in register and "2025-09-01" in register
    assert "carried over from the last review" in register.replace("\n", " ")
    # A report of an assessment that is no next review has no such section.
    plain = render_report(last, tmp_path / "last.pdf")
    assert not any("Since the last review" in p.extract_text() for p in PdfReader(plain).pages)


def test_next_review_word_copy_has_since_the_last_review(
    workspace: Workspace, library_paths: Paths, tmp_path: Path
) -> None:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from app.exports.formats import CopyFormat, export_copy
    from app.report.content import since_last_review
    from tests.app.test_exports import header_words_fit

    last, snap = one_regressed_one_improved(workspace, library_paths)
    since = since_last_review(snap)
    assert since is not None
    (out,) = export_copy(snap, CopyFormat.DOCX, tmp_path / "next.docx")
    document = docx.Document(str(out))
    body = list(document.iter_inner_content())

    def heading(text: str, level: int) -> int:
        found = [
            n
            for n, part in enumerate(body)
            if isinstance(part, Paragraph)
            and part.text == text
            and part.style is not None
            and part.style.name == f"Heading {level}"
        ]
        assert len(found) == 1, f"one heading {level} {text!r}"
        return found[0]

    def table_after(n: int) -> list[list[str]]:
        table = next(part for part in body[n:] if isinstance(part, Table))
        header = table.rows[0]
        assert header._tr.trPr is not None and header._tr.trPr.xpath("./w:tblHeader")
        assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
        return [[c.text for c in row.cells] for row in table.rows]

    # In the PDF's place: after the executive summary, before the gaps.
    since_at = heading("Since the last review", 1)
    assert heading("Executive summary", 1) < since_at < heading("Gaps, worst first", 1)
    said = " ".join(p.text for p in body[since_at + 1 : since_at + 3] if isinstance(p, Paragraph))
    assert last.id in said and "version 1.0.0" in said
    assert "Items regressed: 1; improved: 1;" in said

    chart_at = heading("Score per section, then and now", 2)
    regressed_at = heading("Items that regressed", 2)
    improved_at = heading("Items that improved", 2)
    dropped_at = heading("Items this checklist version dropped", 2)
    assert since_at < chart_at < regressed_at < improved_at < dropped_at

    # The chart of both reviews, with alternative text naming each section then and now.
    picture = next(
        p
        for p in body[chart_at:regressed_at]
        if isinstance(p, Paragraph) and p._p.xpath(".//pic:pic")
    )
    (doc_pr,) = picture._p.xpath(".//wp:docPr")
    assert doc_pr.get("title") == "Score per section, then and now"
    described = doc_pr.get("descr")
    assert described.startswith("Bar chart of each section's score at the last review")
    for st in since.comparison.sections:
        assert st.title in described
    assert len(document.inline_shapes) == 2  # the section chart and this one

    scores = table_after(chart_at)
    assert scores[0] == ["Section", "Last review (%)", "This review (%)", "Change (points)"]
    assert [r[0] for r in scores[1:]] == [st.title for st in since.comparison.sections]
    for row, st in zip(scores[1:], since.comparison.sections, strict=True):
        assert row[1] == score_figure(st.old) and row[2] == score_figure(st.new)
        if st.old is not None and st.new is not None:
            points = round(st.new - st.old, 1)
            assert row[3] == (f"{points:+.1f}" if points else "0.0")
        else:
            assert row[3] == "—"
    moved = next(
        (row, st)
        for row, st in zip(scores[1:], since.comparison.sections, strict=True)
        if st.old != st.new
    )
    assert moved[0][3] not in ("+0.0", "—")

    regressed = table_after(regressed_at)
    assert regressed[0] == ["Item", "Question", "Then", "Now"]
    assert [(r[0], r[2], r[3]) for r in regressed[1:]] == [(KEPT, "Yes", "No")]
    improved = table_after(improved_at)
    assert [(r[0], r[2], r[3]) for r in improved[1:]] == [(KEPT_GAP, "Partial", "Yes")]
    dropped = table_after(dropped_at)
    assert dropped[0] == ["Item", "Question", "Last answer"]
    assert DROPPED in [r[0] for r in dropped[1:]]

    assert header_words_fit(document) == []
    # An assessment that is no next review has no such section.
    (plain,) = export_copy(last, CopyFormat.DOCX, tmp_path / "last.docx")
    assert "Since the last review" not in [p.text for p in docx.Document(str(plain)).paragraphs]


def test_find_checklist_reads_only_what_it_needs_and_agrees_with_the_library(
    library_paths: Paths,
) -> None:
    from app.checklists.library import find_checklist
    from app.errors import NotFoundError

    library = load_library(library_paths)
    for ref in ("vc-security-privacy", "vc-security-privacy@1.0.0", "e2ee-calls-meetings"):
        assert find_checklist(library_paths, ref).sha256 == library.find(ref).sha256
    for ref in ("nosuch", "vc-security-privacy@9.9.9"):
        with pytest.raises(NotFoundError) as found:
            find_checklist(library_paths, ref)
        with pytest.raises(NotFoundError) as listed:
            library.find(ref)
        assert str(found.value) == str(listed.value)
    # A newer file that claims the id but is broken is skipped, as the library skips it.
    broken = library_paths.checklists_dir / "vc-security-privacy-9.0.0.yaml"
    broken.write_text("format: 1\nid: vc-security-privacy\nversion: 9.0.0\n", encoding="utf-8")
    assert find_checklist(library_paths, "vc-security-privacy").version == "1.1.0"


def test_answers_carried_to_items_the_new_scope_leaves_out_await_nothing(
    workspace: Workspace, library_paths: Paths
) -> None:
    """Narrowing the scope in a next review: those answers are neither counted nor confirmable."""
    last = signed_last_year(workspace, library_paths)
    narrower = {**SCOPE, "students": "none"}
    with workspace.write() as s:
        snap = reviews.start_next_review(
            s, last.id, _new(library_paths), actor="ada", scope=narrower
        ).snapshot
    left_out = [
        item.id
        for item in snap.checklist.items
        if snap.carried_over(item.id) and not snap.in_scope(item)
    ]
    assert left_out, "the narrower scope leaves some carried answers out"
    waiting = snap.awaiting_confirmation()
    assert waiting and not set(left_out) & set(waiting)
    with workspace.read() as s:
        blocked = {
            b.item_id
            for b in signoffs.sign_off_blockers(s, snap.id)
            if b.kind is BlockerKind.UNCONFIRMED_CARRIED
        }
    assert blocked == set(waiting)
    with (
        pytest.raises(RuleError, match="out of scope .* needs no confirmation"),
        workspace.write() as s,
    ):
        answers.confirm_answer(s, snap.id, left_out[0], actor="bo")
    from app.cli.render import assessment_json

    assert assessment_json(snap)["review"]["awaiting_confirmation"] == sorted(waiting)


def test_a_next_review_moved_by_bundle_compares_with_a_shipped_last_version(
    workspace: Workspace, other: Workspace, tmp_path: Path
) -> None:
    """The bundle carries the new version's copy only; the earlier one the app ships is used."""
    from app.bundles.importing import import_bundle
    from app.bundles.writing import export_bundle
    from app.checklists.library import find_checklist, import_checklist
    from app.comparison import previous_side

    paths = workspace.paths
    shipped = find_checklist(paths, "e2ee-calls-meetings")
    newer_file = tmp_path / "e2ee-next.yaml"
    text = (shipped_checklists_dir() / "e2ee-calls-meetings.yaml").read_text("utf-8")
    newer_file.write_text(text.replace(f"version: {shipped.version}", "version: 9.0.0", 1))
    newer = import_checklist(paths, newer_file).loaded.checklist
    with workspace.write() as s:
        last = assessments.create_assessment(
            s,
            shipped,
            title="Calls",
            organisation="Hillside",
            scope={"platform": "teams"},
            actor="ada",
        )
        for item in shipped.items:
            if last.in_scope(item):
                answers.record_answer(s, last.id, item.id, value=AnswerValue.YES, actor="ada")
        signoffs.sign_off(s, last.id, name="Dee Reviewer", role="DPO")
        nxt = reviews.start_next_review(s, last.id, newer, actor="ada").snapshot
        export_bundle(s, nxt.id, tmp_path / "next.cdesk")
    with other.write() as s:
        import_bundle(s, tmp_path / "next.cdesk")
    from app.services import loading

    loading._checklists.clear()  # as on the other laptop: this process never read that copy
    with other.read() as s:
        moved = assessments.get_assessment(s, nxt.id)
        copies = s.connection().exec_driver_sql("SELECT sha256 FROM checklist_copies").scalars()
        assert shipped.sha256 not in set(copies)
    earlier = previous_side(moved)
    assert earlier is not None and earlier.checklist.sha256 == shipped.sha256


def test_the_report_says_the_scope_changed_and_which_questions_did(
    workspace: Workspace, library_paths: Paths, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from app.report.pdf import ReportOptions, render_report

    last = signed_last_year(workspace, library_paths)
    narrower = {**SCOPE, "students": "none"}
    with workspace.write() as s:
        snap = reviews.start_next_review(
            s, last.id, _new(library_paths), actor="ada", scope=narrower
        ).snapshot
        answers.record_answer(s, snap.id, CHANGED, value=AnswerValue.NO, actor="bo")
        snap = assessments.get_assessment(s, snap.id)
    out = render_report(snap, tmp_path / "next.pdf", ReportOptions(generated_at=snap.updated_at))
    text = " ".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", " ")
    assert "The scope changed since the last review" in text
    assert "Students, including children under 13 then, No students" in text
    regressed = text[text.index("Items that regressed") : text.index("Items that improved")]
    assert CHANGED in regressed and "(question changed)" in regressed


def test_the_default_title_does_not_grow_from_one_review_to_the_next(
    workspace: Workspace, make_assessment
) -> None:
    """Year after year of next reviews: the default title stays one the app accepts."""
    long_title = "Hillside School, video conferencing and remote teaching: " + "x" * 120
    first = make_assessment(title=long_title)
    with workspace.write() as s:
        for item in first.checklist.items:
            if first.in_scope(item):
                answers.record_answer(s, first.id, item.id, value=AnswerValue.YES, actor="t")
        signoffs.sign_off(s, first.id, name="Dee Reviewer", role="DPO")
    previous, titles = first.id, []
    for _year in range(3):
        with workspace.write() as s:
            started = reviews.start_next_review(s, previous, first.checklist, actor="ada").snapshot
            for item in started.awaiting_confirmation():
                answers.confirm_answer(s, started.id, item, actor="ada")
            signoffs.sign_off(s, started.id, name="Dee Reviewer", role="DPO")
        previous = started.id
        titles.append(started.title)
    assert titles == [f"{long_title} (next review)"] * 3
    # A title too long to take the mark is kept as it is, rather than refused.
    assert reviews.default_title(long_title + "y" * 10) == long_title + "y" * 10
