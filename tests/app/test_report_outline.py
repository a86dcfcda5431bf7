"""The PDF says what language it is in and lists its headings as bookmarks (read with pypdf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.i18n import use_language
from app.report.pdf import ReportOptions, render_report
from tests.app.test_report import REPORT_DAY, build, squash


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(entries: list[Any], level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
            else:
                page = reader.get_destination_page_number(entry)
                assert page is not None, entry.title
                found.append((level, entry.title, page + 1))

    walk(reader.outline, 0)
    return found


def report(workspace, make_assessment, tmp_path: Path, *, sign: bool) -> tuple[Any, PdfReader]:
    snap = build(workspace, make_assessment, sign=sign)
    out = render_report(snap, tmp_path / "report.pdf", ReportOptions(generated_at=REPORT_DAY))
    return snap, PdfReader(out)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_document_language_is_the_reports(
    workspace, make_assessment, tmp_path, language
) -> None:
    use_language([language, "en"])
    _snap, reader = report(workspace, make_assessment, tmp_path, sign=False)
    assert str(reader.root_object["/Lang"]) == language


def test_the_bookmarks_are_the_headings_each_on_its_page(
    workspace, make_assessment, tmp_path
) -> None:
    snap, reader = report(workspace, make_assessment, tmp_path, sign=True)
    marks = outline(reader)
    sections = [st.section.title for st in snap.score_sheet.sections]
    assert [(level, title) for level, title, _page in marks] == [
        (0, snap.title),
        (0, "Executive summary"),
        (1, "Answers"),
        (1, "How the score is worked out"),
        (0, "Gaps, worst first"),
        (1, "Remediation plan"),
        (0, "The checklist, item by item"),
        *((1, title) for title in sections),
        (0, "Items out of scope"),
        (0, "What the chosen controls cost"),
        (0, "Evidence register"),
        (0, "Sign-off"),
        (1, "Attestation"),
    ]
    pages = [squash(page.extract_text()) for page in reader.pages]
    for _level, title, page in marks:
        assert title in pages[page - 1], f"{title!r} is not on page {page}"
    assert [page for _level, _title, page in marks] == sorted(page for *_rest, page in marks)
    assert str(reader.root_object["/PageMode"]) == "/UseOutlines"


def test_german_bookmarks_are_the_german_headings(workspace, make_assessment, tmp_path) -> None:
    use_language(["de", "en"])
    _snap, reader = report(workspace, make_assessment, tmp_path, sign=False)
    titles = [title for level, title, _page in outline(reader) if level == 0]
    assert titles[1:3] == ["Zusammenfassung für die Leitung", "Lücken, die schwersten zuerst"]
    assert "Freigabe" in titles and "Executive summary" not in titles
