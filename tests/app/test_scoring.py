"""Progress and score against hand-computed examples, sections included.

The scoring checklist (tests/fixtures/checklists/good/scoring.yaml) has, by section:
  A: a1 high, a2 medium, a3 low, a4 high, a5 medium
  B: b1 high, b2 low, b3 medium (Teams only), b4 high (Zoom with under-13s)
  C: c1 low
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.scoring import percent, score_sheet
from app.services import answers, assessments
from app.values import AnswerValue as V
from app.wording import score_words, tally_words

ZOOM_KIDS = {"platform": "zoom", "under13": "yes"}
ANSWERS = {
    "a1": V.YES,
    "a2": V.PARTIAL,
    "a3": V.NO,
    "a4": V.NA,  # a5 unanswered
    "b1": V.PARTIAL,
    "b2": V.YES,
    "b4": V.NO,
    "c1": V.NA,
}


def test_hand_computed_example(scoring_checklist) -> None:
    sheet = score_sheet(scoring_checklist, ZOOM_KIDS, ANSWERS)
    a, b, c = (s.tally for s in sheet.sections)
    # A: weights 3+2+1 = 6 over yes/partial/no; points 3*1 + 2*0.5 + 1*0 = 4; 4/6 = 66.67%
    assert (a.weight, a.points, a.score) == (6, Decimal(4), 66.7)
    assert (a.applicable, a.answered, a.total) == (5, 4, 5)
    # B: b3 is out of scope; weights 3+1+3 = 7; points 1.5 + 1 + 0 = 2.5; 2.5/7 = 35.71%
    assert (b.weight, b.points, b.score) == (7, Decimal("2.5"), 35.7)
    assert (b.applicable, b.answered, b.total) == (3, 3, 4)
    # C: only n/a, so no score at all
    assert (c.weight, c.score, c.answered) == (0, None, 1)
    # Overall: 6.5 / 13 = 50%; 9 of 10 items apply, 8 answered
    overall = sheet.overall
    assert (overall.weight, overall.points, overall.score) == (13, Decimal("6.5"), 50.0)
    assert (overall.applicable, overall.answered, overall.total) == (9, 8, 10)
    assert overall.count(V.NA) == 2 and overall.count(V.UNANSWERED) == 1
    assert [i.id for i in sheet.out_of_scope] == ["b3"]


def test_no_counted_answer_means_no_score(scoring_checklist) -> None:
    sheet = score_sheet(scoring_checklist, ZOOM_KIDS, {"a1": V.NA})
    assert sheet.overall.score is None
    assert sheet.overall.answered == 1


def test_unconfirmed_carried_answers_are_counted_apart_not_scored(scoring_checklist) -> None:
    # a1 yes and a3 no came over from the last review, unconfirmed; a2 partial was given now.
    values = {"a1": V.YES, "a2": V.PARTIAL, "a3": V.NO}
    sheet = score_sheet(scoring_checklist, ZOOM_KIDS, values, carried={"a1", "a3", "b3"})
    a = sheet.sections[0].tally
    # Only a2 counts: 2 * 0.5 / 2 = 50%; a1 and a3 wait apart (b3 is out of scope: no count).
    assert (a.answered, a.carried, a.weight, a.score) == (1, 2, 2, 50.0)
    assert a.count(V.YES) == 0 and a.count(V.PARTIAL) == 1
    assert (sheet.overall.answered, sheet.overall.carried) == (1, 2)
    assert score_words(a.score, a.answered, a.applicable, a.carried) == (
        "Score so far 50.0% (1 of 5 answered, 2 carried over to confirm)"
    )
    only_carried = score_sheet(scoring_checklist, ZOOM_KIDS, {"a1": V.YES}, carried={"a1"})
    assert only_carried.overall.score is None
    assert tally_words(only_carried.overall) == "No score yet (1 carried over to confirm)"


@pytest.mark.parametrize(
    ("half_points", "weight", "expected"),
    [(1, 40, 1.3), (5, 8, 31.3), (1, 3, 16.7), (2, 3, 33.3), (0, 5, 0.0), (10, 5, 100.0)],
)
def test_percent_rounds_half_up_to_one_decimal(half_points, weight, expected) -> None:
    assert percent(half_points, weight) == expected


def test_percent_without_weight_is_none() -> None:
    assert percent(0, 0) is None


def test_scope_decides_which_items_count(scoring_checklist) -> None:
    teams = score_sheet(scoring_checklist, {"platform": "teams", "under13": "yes"}, {})
    assert [i.id for i in teams.out_of_scope] == ["b4"]
    both_no_kids = score_sheet(scoring_checklist, {"platform": "both", "under13": "no"}, {})
    assert [i.id for i in both_no_kids.out_of_scope] == ["b4"]
    both_kids = score_sheet(scoring_checklist, {"platform": "both", "under13": "yes"}, {})
    assert both_kids.out_of_scope == ()
    assert both_kids.overall.applicable == 10


def test_stored_summary_matches_the_full_computation(workspace, make_assessment) -> None:
    snap = make_assessment(scope=ZOOM_KIDS)
    with workspace.write() as session:
        for item, value in ANSWERS.items():
            note = "does not apply" if value is V.NA else None
            answers.record_answer(session, snap.id, item, value=value, note=note, actor="t")
    with workspace.read() as session:
        (listed,) = assessments.list_assessments(session)
        full = assessments.get_assessment(session, snap.id).score_sheet.overall
    assert (listed.answered, listed.applicable, listed.total, listed.score) == (8, 9, 10, 50.0)
    assert (full.answered, full.applicable, full.total, full.score) == (8, 9, 10, 50.0)
