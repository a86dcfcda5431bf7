"""The shipped checklists: they load cleanly, read well, and the coverage page matches them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from app.checklists import Checklist, Item, load_checklist_file
from tests.conftest import FIXTURES, ROOT

FILES = sorted((ROOT / "checklists").glob("*.yaml"))
COVERAGE = ROOT / "docs" / "checklists.md"
CHANGELOG = ROOT / "checklists" / "CHANGELOG.md"
VERSION = "1.1.0"


@pytest.fixture(scope="module")
def shipped() -> list[Checklist]:
    loaded = [load_checklist_file(path) for path in FILES]
    assert all(result.warnings == () for result in loaded)
    return [result.checklist for result in loaded]


def by_id(shipped: list[Checklist], checklist_id: str) -> Checklist:
    return next(c for c in shipped if c.id == checklist_id)


def item_of(checklist: Checklist, item_id: str) -> Item:
    item = checklist.item(item_id)
    assert item is not None, item_id
    return item


def previous(checklist_id: str) -> Checklist:
    """The 1.0.0 file as it shipped, kept under tests/fixtures for assessments made with it."""
    path = FIXTURES / "checklists" / f"{checklist_id}-1.0.0.yaml"
    return load_checklist_file(path).checklist


def test_the_two_checklists_ship(shipped: list[Checklist]) -> None:
    assert {c.id for c in shipped} == {"vc-security-privacy", "e2ee-calls-meetings"}


def test_both_are_at_the_current_version(shipped: list[Checklist]) -> None:
    assert {c.id: c.version for c in shipped} == {
        "vc-security-privacy": VERSION,
        "e2ee-calls-meetings": VERSION,
    }
    for checklist in shipped:
        assert previous(checklist.id).version == "1.0.0"


def test_no_item_without_a_ref_and_a_locator(shipped: list[Checklist]) -> None:
    missing = [
        f"{c.id}:{i.id}"
        for c in shipped
        for i in c.items
        if not i.refs or not all(ref.locator and ref.locator.strip() for ref in i.refs)
    ]
    assert missing == []


def _text(item: Item) -> str:
    return " ".join([item.question, item.guidance, *item.tradeoffs]).lower()


def test_every_allegation_cites_the_complaint_and_not_the_order(shipped: list[Checklist]) -> None:
    """What the FTC complaint says is an allegation, settled without admission, not a finding."""
    vc = by_id(shipped, "vc-security-privacy")
    complaint, order = vc.source("ftc-complaint-2020"), vc.source("ftc-order-2021")
    assert complaint is not None and order is not None
    assert "complaint" in complaint.title.lower() and "without admission" in complaint.title
    assert complaint.date == "2020-11-09" and order.date == "2021-02-01"
    alleging = []
    for checklist in shipped:
        for item in checklist.items:
            cited = {ref.source for ref in item.refs}
            says = "alleg" in _text(item)
            if says:
                alleging.append(item.id)
                assert "ftc-complaint-2020" in cited, item.id
                assert "ftc-order-2021" not in cited, item.id
            if "ftc-complaint-2020" in cited:
                assert says, f"{item.id} cites the complaint without saying it alleges"
    assert {"crypto-transit-rest", "clients-no-hidden-services"} <= set(alleging)


def test_vendor_internal_items_say_what_evidence_counts(shipped: list[Checklist]) -> None:
    """A school can't see inside the vendor: a report or statement is a yes, its absence partial."""
    vc = by_id(shipped, "vc-security-privacy")
    for item_id in (
        "vendor-security-lead",
        "vendor-risk-assessment",
        "vendor-code-review",
        "vendor-updates-keep-protections",
        "vendor-credential-protection",
        "vendor-signin-rate-limits",
        "vendor-vulnerability-management",
        "vendor-abuse-investigation",
        "crypto-transit-rest",
        "crypto-current-protocols",
        "sharing-sdk-review",
    ):
        guidance = " ".join(item_of(vc, item_id).guidance.split())
        assert re.search(r"written (statement|commitment|description|list)", guidance), item_id
        assert "partial, not no" in guidance, item_id


def test_items_about_what_people_know_say_how_to_check(shipped: list[Checklist]) -> None:
    knowing = re.compile(r"^(Do|Can) (staff|hosts|teachers|organisers)\b.*\b(know|say)\b")
    found = 0
    for checklist in shipped:
        for item in checklist.items:
            if knowing.search(item.question):
                found += 1
                assert "ask three" in item.guidance.lower(), f"{checklist.id}:{item.id}"
    assert found >= 8


def test_severities_the_review_set(shipped: list[Checklist]) -> None:
    vc, e2ee = by_id(shipped, "vc-security-privacy"), by_id(shipped, "e2ee-calls-meetings")
    assert item_of(vc, "access-mute-rename").severity.value == "medium"
    assert item_of(vc, "students-parent-information").severity.value == "medium"
    assert item_of(e2ee, "teams-compliance-recording").severity.value == "medium"


def test_zoom_education_status_for_under_18s_anywhere_consent_for_us_under_13s(
    shipped: list[Checklist],
) -> None:
    vc = by_id(shipped, "vc-security-privacy")
    status = item_of(vc, "students-zoom-education-status")
    consent = item_of(vc, "students-zoom-education-consent")
    abroad_teens = {"platform": "zoom", "students": "over13", "jurisdiction": "outside-us"}
    us_children = {"platform": "zoom", "students": "under13", "jurisdiction": "us-other"}
    abroad_children = {**us_children, "jurisdiction": "outside-us"}
    assert status.applies(abroad_teens) and status.applies(us_children)
    assert not status.applies({**abroad_teens, "students": "none"})
    assert consent.applies(us_children)
    assert not consent.applies(abroad_children) and not consent.applies(abroad_teens)


def test_new_york_breach_notice_gives_the_days_of_121_10(shipped: list[Checklist]) -> None:
    item = item_of(by_id(shipped, "vc-security-privacy"), "vendor-breach-notice")
    guidance = " ".join(item.guidance.split())
    for words in ("within 7 calendar days", "within 10 calendar days", "within 60 calendar days"):
        assert words in guidance
    assert "good is a contract that says 7 days" in guidance


def _changelog_sections() -> dict[tuple[str, str], str]:
    """CHANGELOG.md cut into (checklist, heading) -> text, for the current version's entries."""
    text = CHANGELOG.read_text("utf-8")
    sections: dict[tuple[str, str], str] = {}
    for block in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        title, _nl, body = block.partition("\n")
        if not title.endswith(VERSION):
            continue
        checklist_id = title.split()[0]
        for part in re.split(r"^### ", body, flags=re.MULTILINE)[1:]:
            heading, _nl, entries = part.partition("\n")
            sections[(checklist_id, heading.strip())] = entries
    return sections


def _named(text: str) -> set[str]:
    return set(re.findall(r"^- `([a-z0-9-]+)`", text, flags=re.MULTILINE))


def test_changelog_names_every_item_that_differs_from_1_0_0(shipped: list[Checklist]) -> None:
    """Added, removed and re-worded ids are computed from the files, and each is in the changelog."""
    sections = _changelog_sections()
    for checklist in shipped:
        old = {i.id: i for i in previous(checklist.id).items}
        new = {i.id: i for i in checklist.items}
        added = set(new) - set(old)
        removed = set(old) - set(new)
        reworded = {i for i in set(old) & set(new) if old[i].question != new[i].question}
        touched = {i for i in set(old) & set(new) if old[i] != new[i]} - reworded
        assert added and removed and reworded, checklist.id
        assert _named(sections[(checklist.id, "Added")]) == added, checklist.id
        assert _named(sections[(checklist.id, "Removed")]) == removed, checklist.id
        assert _named(sections[(checklist.id, "Changed")]) == reworded, checklist.id
        guidance = sections[(checklist.id, "Guidance, refs or severity")]
        mentioned = set(re.findall(r"`([a-z0-9-]+)`", guidance))
        assert touched <= mentioned, (checklist.id, sorted(touched - mentioned))
        # Every other item kept its id and its question word for word.
        for item_id in set(old) - removed - reworded:
            assert new[item_id].question == old[item_id].question


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
    meetings = " ".join(
        t for i in e2ee.items for t in i.tradeoffs if t.startswith("Teams meetings")
    )
    for feature in ("200 participants", "web", "recorded", "breakout rooms", "captions"):
        assert feature in meetings, feature


def test_each_zoom_tradeoff_has_its_date_and_whether_it_still_holds(
    shipped: list[Checklist],
) -> None:
    """The launch list of October 2020, and what came back since (reactions and chat in 5.5)."""
    e2ee = by_id(shipped, "e2ee-calls-meetings")
    zoom = [t for i in e2ee.items for t in i.tradeoffs if t.startswith("Zoom")]
    assert len(zoom) >= 9
    for tradeoff in zoom:
        assert re.search(r"\(\w+ \d{4}\)", tradeoff), tradeoff
        assert ("still holds" in tradeoff) != ("no longer holds" in tradeoff), tradeoff

    def status(feature: str) -> str:
        (line,) = [t for t in zoom if feature in t]
        return "no longer holds" if "no longer holds" in line else "still holds"

    assert status("join before host") == "still holds"
    assert status("cloud recording") == "still holds"
    assert status("meeting reactions") == "no longer holds"
    assert status("one-to-one private chat") == "no longer holds"
    assert status("breakout rooms") == "no longer holds"
    assert "5.5" in next(t for t in zoom if "meeting reactions" in t)


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
