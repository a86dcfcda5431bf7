"""An assessment made on a checklist's 1.0.0 keeps 1.0.0 after the shipped file moved to 1.1.0.

The workspace stores its own copy of the checklist each assessment was started with, so a new
version neither changes an assessment under way nor breaks one that was signed off: it opens with
the old items, its report prints the old questions, and its fingerprint and trail still verify.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from app.checklists import load_checklist_file
from app.checklists.library import import_checklist, load_library
from app.fingerprint import fingerprint
from app.paths import Paths
from app.report.pdf import render_report
from app.services import answers, assessments, audit, signoffs
from app.values import AnswerValue
from app.workspace import open_workspace
from tests.conftest import FIXTURES, ROOT

OLD_FILE = FIXTURES / "checklists" / "vc-security-privacy-1.0.0.yaml"
SCOPE = {"platform": "zoom", "students": "under13", "recording": "yes", "jurisdiction": "us-ny"}
# Re-worded in 1.1.0 (its meaning changed), and removed in 1.1.0.
REWORDED = "students-school-official"
REMOVED = "students-education-settings"


def squashed_pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def test_an_assessment_made_on_1_0_0_opens_reports_and_verifies_unchanged(
    paths: Paths, tmp_path: Path
) -> None:
    old = load_checklist_file(OLD_FILE).checklist
    shipped = load_checklist_file(ROOT / "checklists" / "vc-security-privacy.yaml").checklist
    assert (old.version, shipped.version) == ("1.0.0", "1.1.0")
    old_question = old.item(REWORDED).question  # type: ignore[union-attr]
    new_question = shipped.item(REWORDED).question  # type: ignore[union-attr]
    assert old_question != new_question and shipped.item(REMOVED) is None

    # The 1.0.0 file is in the library beside the shipped 1.1.0: both can be chosen.
    import_checklist(paths, OLD_FILE)
    library = load_library(paths)
    assert library.find("vc-security-privacy").version == "1.1.0"
    chosen = library.find("vc-security-privacy@1.0.0")
    assert chosen.sha256 == old.sha256

    workspace = open_workspace(paths)
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            chosen,
            title="Spring review",
            organisation="Hillside School",
            assessor="Ada",
            scope=SCOPE,
            actor="Ada",
        )
        for item in chosen.items:
            if item.applies(SCOPE):
                note = "Checked the annual notice." if item.id == REWORDED else ""
                answers.record_answer(
                    session, snap.id, item.id, value=AnswerValue.YES, note=note, actor="Ada"
                )
        signed = signoffs.sign_off(session, snap.id, name="Dana Okafor", role="DPO")
        before = assessments.get_assessment(session, snap.id)
        draft = assessments.create_assessment(
            session,
            chosen,
            title="Autumn draft",
            organisation="Hillside School",
            assessor="Ada",
            scope=SCOPE,
            actor="Ada",
        )
        answers.record_answer(
            session, draft.id, REWORDED, value=AnswerValue.PARTIAL, note="Ask legal.", actor="Ada"
        )
    workspace.close()
    assert signed.fingerprint == fingerprint(before)

    # The old file leaves the library; only the shipped 1.1.0 is left to start from.
    for path in paths.checklists_dir.glob("*.yaml"):
        path.unlink()
    assert [
        e.checklist.version for e in load_library(paths).entries if e.checklist.id == old.id
    ] == ["1.1.0"]

    # Opened again, the assessment still holds 1.0.0: its items, questions and answers.
    workspace = open_workspace(paths)
    try:
        with workspace.read() as session:
            again = assessments.get_assessment(session, snap.id)
            verdict = audit.verify_history(session, snap.id)
            draft_again = assessments.get_assessment(session, draft.id)
            draft_verdict = audit.verify_history(session, draft.id)
    finally:
        workspace.close()
    assert again.checklist == old
    assert [i.id for i in again.checklist.items] == [i.id for i in old.items]
    assert again.checklist.item(REWORDED).question == old_question  # type: ignore[union-attr]
    assert again.checklist.item(REMOVED) is not None
    assert again.answers[REMOVED].value is AnswerValue.YES
    assert fingerprint(again) == fingerprint(before) == signed.fingerprint
    assert verdict.intact, verdict.problems
    assert draft_again.checklist == old and draft_verdict.intact, draft_verdict.problems

    # Its report prints the 1.0.0 questions, the removed item included, not the new wording.
    text = squashed_pdf_text(render_report(again, tmp_path / "spring.pdf"))
    assert old_question in text
    assert new_question not in text
    assert REMOVED in text.replace(" ", "") and "Checked the annual notice." in text
    assert "vc-security-privacy" in text and "1.0.0" in text
    assert "DRAFT" not in text  # signed off: the final report

    # A draft made on 1.0.0 reports the same way, marked as a draft.
    text = squashed_pdf_text(render_report(draft_again, tmp_path / "autumn.pdf"))
    assert "DRAFT" in text
    assert old_question in text and new_question not in text
    assert "Ask legal." in text
