"""The shipped checklists: they load cleanly, read well, and the coverage page matches them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from app.checklists import Checklist, load_checklist_file
from tests.conftest import ROOT

FILES = sorted((ROOT / "checklists").glob("*.yaml"))
COVERAGE = ROOT / "docs" / "checklists.md"


@pytest.fixture(scope="module")
def shipped() -> list[Checklist]:
    loaded = [load_checklist_file(path) for path in FILES]
    assert all(result.warnings == () for result in loaded)
    return [result.checklist for result in loaded]


def test_the_two_checklists_ship(shipped: list[Checklist]) -> None:
    assert {c.id for c in shipped} == {"vc-security-privacy", "e2ee-calls-meetings"}


def test_no_two_items_share_a_question(shipped: list[Checklist]) -> None:
    questions = Counter(" ".join(i.question.lower().split()) for c in shipped for i in c.items)
    assert [q for q, n in questions.items() if n > 1] == []


def test_every_item_is_complete(shipped: list[Checklist]) -> None:
    for checklist in shipped:
        for item in checklist.items:
            where = f"{checklist.id}:{item.id}"
            assert item.question.endswith("?"), where
            assert len(item.guidance) >= 80, where
            assert "Good:" in item.guidance, f"{where}: guidance must say what good looks like"
            assert item.refs and all(ref.locator for ref in item.refs), where


def test_every_source_is_cited_and_dated_sources_have_real_dates(shipped: list[Checklist]) -> None:
    for checklist in shipped:
        cited = {ref.source for item in checklist.items for ref in item.refs}
        assert cited == {s.id for s in checklist.sources}, checklist.id


def test_e2ee_tradeoffs_name_every_feature_lost_in_teams_calls(shipped: list[Checklist]) -> None:
    e2ee = next(c for c in shipped if c.id == "e2ee-calls-meetings")
    teams = " ".join(t for i in e2ee.items for t in i.tradeoffs if t.startswith("Teams"))
    for feature in (
        "recorded",
        "live captions and transcription",
        "another device",
        "added",
        "parked",
        "transferred",
        "merged",
    ):
        assert feature in teams, feature
    zoom = " ".join(t for i in e2ee.items for t in i.tradeoffs if t.startswith("Zoom"))
    for feature in ("cloud recording", "live transcription", "breakout rooms", "polling"):
        assert feature in zoom, feature


def test_numbers_that_change_carry_their_date(shipped: list[Checklist]) -> None:
    e2ee = next(c for c in shipped if c.id == "e2ee-calls-meetings")
    limit = e2ee.item("zoom-participant-limit")
    assert limit is not None
    assert "200" in limit.guidance and "October 2020" in limit.guidance
    feature_lists = [t for i in e2ee.items for t in i.tradeoffs if t.startswith(("Teams", "Zoom"))]
    assert feature_lists
    assert all(re.search(r"\((\w+ )?\d{4}\)|current", t) for t in feature_lists)


def test_coverage_page_ids_match_the_files(shipped: list[Checklist]) -> None:
    text = COVERAGE.read_text("utf-8")
    named = set(re.findall(r"`([a-z0-9-]+:[a-z0-9-]+)`", text))
    existing = {f"{c.id}:{i.id}" for c in shipped for i in c.items}
    assert named - existing == set(), "the coverage page names items that don't exist"
    assert existing - named == set(), "items missing from the coverage page"
    for row in re.findall(r"^\| (?!Measure|---|Checklist)(.+)$", text, flags=re.MULTILINE):
        cells = [c.strip() for c in row.split("|")]
        if len(cells) >= 2 and ":" not in cells[0] and "checklists/" not in row:
            assert re.search(r"`[a-z0-9-]+:[a-z0-9-]+`", row), f"row without items: {row}"
