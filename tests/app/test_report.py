"""The PDF report, read back: every item, answer, note, action, out-of-scope item and the sign-off."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.checklists import load_checklist_file
from app.dto import AssessmentSnapshot
from app.errors import UserError
from app.report import content
from app.report.pdf import (
    ASSESSOR_FIELD,
    REVIEWER_FIELD,
    ReportCancelledError,
    ReportOptions,
    render_report,
)
from app.services import actions, answers, assessments, evidence, signoffs
from app.values import ActionStatus
from app.values import AnswerValue as V
from app.wording import answer_word
from tests.conftest import ROOT

NAME = "Zoë Łukasiewicz-Öztürk"
GREEK = "Η Αθηνά έλεγξε τις ρυθμίσεις"
CYRILLIC = "Дмитрий проверил настройки"
REPORT_DAY = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


def build(workspace, make_assessment, *, sign: bool):
    snap = make_assessment(
        organisation=f"{NAME} Academy", assessor=NAME, scope={"platform": "zoom", "under13": "yes"}
    )
    plan = {
        "a1": (V.YES, f"Checked by {NAME}"),
        "a2": (V.PARTIAL, GREEK),
        "a3": (V.NO, CYRILLIC),
        "a4": (V.NA, "No such accounts"),
        "a5": (V.YES, ""),
        "b1": (V.NO, "Budget next year"),
        "b2": (V.YES, "Fine"),
        "b4": (V.PARTIAL, "Half done"),
        "c1": (V.YES, ""),
    }
    with workspace.write() as session:
        for item, (value, note) in plan.items():
            answers.record_answer(session, snap.id, item, value=value, note=note, actor="t")
        actions.add_action(
            session,
            snap.id,
            "a3",
            title="Turn on waiting rooms everywhere",
            owner=NAME,
            due=date(2026, 10, 1),
            actor="t",
        )  # overdue on the report day
        done = actions.add_action(
            session,
            snap.id,
            "a2",
            title="Write the retention rule",
            owner="IT desk",
            due=date(2026, 9, 1),
            actor="t",
        )
        actions.update_action(session, snap.id, done.id, status=ActionStatus.DONE, actor="t")
        actions.add_action(
            session,
            snap.id,
            "b4",
            title="Finish the rollout",
            owner="IT desk",
            due=date(2027, 3, 1),
            actor="t",
        )
        answers.record_answer(
            session,
            snap.id,
            "b1",
            risk_accepted=True,
            actor="t",
            note="Budget next year; accepted by the head",
        )
        answers.record_answer(session, snap.id, "a2", risk_accepted=True, actor="t")
        evidence.add_evidence(
            session, snap.id, "a1", name="policy.pdf", data=b"%PDF- proof", actor="t"
        )
        if sign:
            signoffs.sign_off(
                session,
                snap.id,
                name="Dana Okafor",
                role="Data protection officer",
                statement=f"Approved for {NAME}.",
            )
        return assessments.get_assessment(session, snap.id)


def text_of(path: Path) -> tuple[list[str], str]:
    pages = [page.extract_text() for page in PdfReader(path).pages]
    return pages, "\n".join(pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def signed_report(workspace, make_assessment, tmp_path):
    snap = build(workspace, make_assessment, sign=True)
    out = render_report(snap, tmp_path / "signed.pdf", ReportOptions(generated_at=REPORT_DAY))
    return snap, out


def test_every_page_says_page_n_of_m_and_the_organisation(signed_report) -> None:
    snap, out = signed_report
    pages, _all = text_of(out)
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"{NAME} Academy" in page
        assert snap.fingerprint[:16] in page


def test_every_in_scope_item_appears_with_its_answer_and_note(signed_report) -> None:
    snap, out = signed_report
    _pages, text = text_of(out)
    flat = squash(text)
    detail = flat[flat.index("The checklist, item by item") :]
    for item in snap.checklist.items:
        assert item.id in detail
        after = detail[detail.index(item.id) :][:700]
        if snap.in_scope(item):
            assert answer_word(snap.value_of(item.id)) in after, item.id
            note = snap.note_of(item.id)
            if note:
                assert squash(note)[:40] in after, item.id
        else:
            assert "Out of scope" in after, item.id
    assert "Evidence: policy.pdf, SHA-256" in detail
    assert evidence_sha(snap) in flat.replace(" ", "")


def evidence_sha(snap: AssessmentSnapshot) -> str:
    (attached,) = [e for e in snap.evidence if e.active]
    return attached.sha256


def test_non_latin_text_survives(signed_report) -> None:
    _snap, out = signed_report
    _pages, text = text_of(out)
    flat = squash(text)
    for phrase in (NAME, GREEK, CYRILLIC):
        assert phrase in flat


def test_actions_gaps_out_of_scope_and_costs(signed_report) -> None:
    snap, out = signed_report
    _pages, text = text_of(out)
    flat = squash(text)
    plan = flat[flat.index("Remediation plan") : flat.index("The checklist, item by item")]
    for action in snap.actions:
        assert action.title in plan
    assert "Turn on waiting rooms everywhere" in plan and "OVERDUE" in plan
    assert plan.count("OVERDUE") == 1  # done actions and future ones are not overdue
    gaps = flat[flat.index("Gaps, worst first") : flat.index("Remediation plan")]
    # high no (b1), high partial (b4), low no (a3), medium partial (a2): severity, then answer
    order = [gaps.index(i) for i in ("b1", "b4", "a2", "a3")]
    assert order == sorted(order)
    assert "Risk accepted" in gaps
    scope = flat[flat.index("Items out of scope") :]
    assert (
        "b3" in scope
        and "applies only when the answer to “Which platform?” is “Microsoft Teams” or “Both”"
        in scope
    )
    costs = flat[flat.index("What the chosen controls cost") :]
    assert (
        "No control with a known cost is in place." in costs
    )  # b3 (with trade-offs) is out of scope


def test_summary_prints_the_formula_and_the_sums(signed_report) -> None:
    snap, out = signed_report
    _pages, text = text_of(out)
    flat = squash(text)
    summary = flat[flat.index("Executive summary") : flat.index("Gaps, worst first")]
    assert f"{snap.score_sheet.overall.score:.1f}%" in summary
    assert "Score = sum(weight × value) ÷ sum(weight)" in summary
    for st in snap.score_sheet.sections:
        assert st.section.title in summary
    overall = snap.score_sheet.overall
    assert f"Whole assessment {overall.applicable} {overall.answered}" in summary
    # Complete: the score stands alone, on the cover too; nothing says "so far".
    assert f"Score {overall.score:.1f}%" in squash(text_of(out)[0][0])
    assert "so far" not in flat


def test_a_score_resting_on_few_answers_says_so(workspace, make_assessment, tmp_path) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=V.YES, actor="t")
        snap = assessments.get_assessment(session, snap.id)
    out = render_report(snap, tmp_path / "early.pdf", ReportOptions(generated_at=REPORT_DAY))
    pages, text = text_of(out)
    expected = "Score so far 100.0% (1 of 9 answered)"
    assert expected in squash(pages[0])  # the cover
    flat = squash(text)
    assert expected in flat[flat.index("Executive summary") : flat.index("Gaps, worst first")]


def test_sign_off_block_and_empty_signature_fields(signed_report) -> None:
    snap, out = signed_report
    pages, text = text_of(out)
    last = squash(pages[-1])
    assert "Sign-off" in last and "Attestation" in last and f"Approved for {NAME}." in last
    assert "Dana Okafor" in last and "Data protection officer" in last
    assert snap.signoff is not None and snap.signoff.fingerprint in last.replace(" ", "")
    assert "DRAFT" not in squash(text)
    reader = PdfReader(out)
    fields = reader.get_fields()
    assert fields is not None
    assert set(fields) == {ASSESSOR_FIELD, REVIEWER_FIELD}
    for name in (ASSESSOR_FIELD, REVIEWER_FIELD):
        assert fields[name].get("/FT") == "/Sig" and fields[name].get("/V") is None
    annots = [a.get_object() for a in reader.pages[-1].get("/Annots", [])]
    assert {a["/T"] for a in annots if a.get("/FT") == "/Sig"} == {ASSESSOR_FIELD, REVIEWER_FIELD}


def test_fonts_are_embedded_and_metadata_set(signed_report) -> None:
    snap, out = signed_report
    reader = PdfReader(out)
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]
            assert "DejaVu" in font["/BaseFont"]
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"{snap.title} — {NAME} Academy"
    assert meta.author == NAME
    assert meta.subject == "Compliance assessment against Scoring sample 2.0.0"
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.28, abs=0.1)  # A4


def test_a_draft_says_draft_on_every_page_and_prints_on_letter(
    workspace, make_assessment, tmp_path
) -> None:
    snap = build(workspace, make_assessment, sign=False)
    out = render_report(
        snap, tmp_path / "draft.pdf", ReportOptions(page_size="Letter", generated_at=REPORT_DAY)
    )
    pages, text = text_of(out)
    assert all("DRAFT" in page for page in pages)
    assert "DRAFT — this assessment has not been signed off." in squash(pages[-1])
    reader = PdfReader(out)
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (
        612,
        792,
    )


def test_a_cancelled_export_leaves_no_file_and_keeps_the_old_one(
    workspace, make_assessment, tmp_path
) -> None:
    snap = build(workspace, make_assessment, sign=False)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the previous report")
    calls = 0

    def cancel_soon() -> bool:
        nonlocal calls
        calls += 1
        return calls > 12

    with pytest.raises(ReportCancelledError):
        render_report(snap, target, cancelled=cancel_soon)
    assert target.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]

    def broken_progress(done: int, total: int) -> None:
        if done > 20:
            raise OSError(28, "No space left on device")

    fresh = tmp_path / "fresh.pdf"
    with pytest.raises(UserError, match="No space left on device"):
        render_report(snap, fresh, progress=broken_progress)
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_progress_rises_to_its_total(workspace, make_assessment, tmp_path) -> None:
    snap = build(workspace, make_assessment, sign=False)
    seen: list[tuple[int, int]] = []
    render_report(snap, tmp_path / "r.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_content_helpers(workspace, make_assessment) -> None:
    snap = build(workspace, make_assessment, sign=False)
    assert [g.item.id for g in content.gaps(snap)] == ["b1", "b4", "a2", "a3"]
    planned = content.planned_actions(snap, date(2026, 11, 28))
    assert [(p.item.id, p.overdue) for p in planned] == [("a2", False), ("a3", True), ("b4", False)]
    assert [o.item.id for o in content.out_of_scope(snap)] == ["b3"]
    assert content.scope_rows(snap) == [
        ("Which platform?", "Zoom"),
        ("Do children under 13 take part?", "Yes"),
    ]


@pytest.mark.posix  # permission bits and the umask
def test_an_exported_report_has_ordinary_permissions(workspace, make_assessment, tmp_path) -> None:
    import os
    import stat

    snap = build(workspace, make_assessment, sign=False)
    out = render_report(snap, tmp_path / "shared.pdf")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_item_ids_break_only_after_a_hyphen(workspace, tmp_path) -> None:
    """Long ids in the narrow id column wrap at their hyphens, never inside a word."""
    checklist = load_checklist_file(ROOT / "checklists" / "vc-security-privacy.yaml").checklist
    scope = {"platform": "zoom", "students": "under13", "recording": "yes", "jurisdiction": "us-ny"}
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session, checklist, title="T", organisation="O", assessor="A", scope=scope, actor="t"
        )
        for item in checklist.items:  # every item a gap: each id is in the gaps table too
            if item.applies(scope):
                answers.record_answer(session, snap.id, item.id, value=V.NO, actor="t")
        longest = "students-zoom-education-status"
        actions.add_action(
            session, snap.id, longest, title="Ask", owner="IT", due=date(2027, 1, 1), actor="t"
        )
        evidence.add_evidence(session, snap.id, longest, name="a.pdf", data=b"%PDF", actor="t")
        snap = assessments.get_assessment(session, snap.id)
    _pages, text = text_of(render_report(snap, tmp_path / "ids.pdf"))
    unbroken = re.sub(r"\s+", "", text)
    wrapped = [item.id for item in checklist.items if len(item.id) > 21]  # wider than a line
    assert longest in wrapped and len(wrapped) > 10
    for item_id in wrapped:
        # However it is laid out, every appearance reads whole or split right after a hyphen.
        at_hyphens = r"-\s*".join(re.escape(part) for part in item_id.split("-"))
        appearances = unbroken.count(item_id)
        assert appearances >= 2, item_id
        assert len(re.findall(at_hyphens, text)) == appearances, item_id


def test_id_lines_fill_each_line_and_cut_a_word_only_when_it_alone_is_too_wide() -> None:
    from app.report.fonts import register_fonts
    from app.report.styles import id_lines

    register_fonts()
    assert id_lines("gov-vendor-review") == ["gov-vendor-review"]
    assert id_lines("students-zoom-education-status") == ["students-zoom-", "education-status"]
    assert id_lines("a-b-c", width=8) == ["a-", "b-", "c"]  # two characters a line
    too_wide = "x" * 40 + "-end"  # 21 characters fit a line
    assert id_lines(too_wide) == ["x" * 21, "x" * 19 + "-", "end"]
