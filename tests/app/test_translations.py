"""German for the core, the command line and the reports: complete, faithful to placeholders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pypdf import PdfReader

from app.cli.render import score_text, size_text
from app.exports.formats import CopyFormat
from app.i18n import LANGUAGE_ENV, LANGUAGES, _, use_language
from app.report.pdf import ReportOptions, render_report
from tests.app.test_exports import docx_cells, export, header_words_fit
from tests.app.test_report import REPORT_DAY, build, squash, text_of
from tests.conftest import ROOT, run_cli

LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "compliance-desk.pot"
# {name}, {n:,}, %s, %(prog)s, and the &P / &N of a spreadsheet's page footer.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdr]|%[sdr]|&[PN]")


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _sources() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_every_language_the_app_offers_has_its_catalogue() -> None:
    assert {p.parts[-3] for p in _sources()} == set(LANGUAGES) - {"en"}


def test_the_template_holds_every_message_of_the_core() -> None:
    """The .pot is refreshed (`python3 dev.py messages`) whenever app/ says something new."""
    extracted = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "app"), keywords={"_": None, "ngettext": (1, 2)}
        )
    }
    template = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(TEMPLATE) if m.id}
    assert sorted(extracted - template) == [], "messages missing from the template"
    assert sorted(template - extracted) == [], "messages the core no longer says"


@pytest.mark.parametrize("source", _sources(), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_message_is_translated_with_the_same_placeholders(source: Path) -> None:
    catalogue = _catalogue(source)
    if source.stem == "compliance-desk":
        wanted = {m.id for m in _catalogue(TEMPLATE) if m.id}
        assert {m.id for m in catalogue if m.id} == wanted
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids, strings = _forms(message.id), _forms(message.string)
        if message.fuzzy or not all(strings) or len(strings) != len(ids):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for translated in strings:
            # Every plural form keeps the placeholders of the English plural.
            if _placeholders(translated) != _placeholders(ids[-1]):
                problems.append(f"placeholders differ: {ids[-1]!r} -> {translated!r}")
    assert problems == []


def test_the_core_speaks_german_and_back() -> None:
    use_language(["de", "en"])
    assert _("Page {n} of {m}").format(n=1, m=3) == "Seite 1 von 3"
    assert _("DRAFT") == "ENTWURF"
    use_language(["en"])
    assert _("DRAFT") == "DRAFT"


def test_the_command_lines_help_and_errors_speak_german(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "de")
    helped = run_cli("--help", data_dir=tmp_path / "data")
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("Aufruf: compliance-desk")
    assert "Optionen:" in helped.stdout
    assert "eine Bewertung anlegen und ihre ID ausgeben" in helped.stdout
    assert "diese Hilfe zeigen und beenden" in helped.stdout
    assert "--data-dir ORDNER" in helped.stdout and "DIR" not in helped.stdout
    answer_help = run_cli("answer", "--help", data_dir=tmp_path / "data").stdout
    assert "BEWERTUNG PUNKT WERT" in answer_help and "--by NAME" in answer_help
    assert "ASSESSMENT" not in answer_help

    refused = run_cli("show", "nope", data_dir=tmp_path / "data")
    assert refused.returncode == 1
    # The prefix is the contract's, for scripts; the sentence is German.
    assert refused.stderr == "error: keine Bewertung 'nope' in diesem Arbeitsbereich\n"

    wrong = run_cli("answer", data_dir=tmp_path / "data")
    assert wrong.returncode == 2
    assert "diese Argumente fehlen: BEWERTUNG, PUNKT, WERT" in wrong.stderr


def test_the_command_lines_english_help_keeps_the_contracts_words(tmp_path: Path) -> None:
    """The placeholders of /work/shared/spec/cli.md: `answer ASSESSMENT ITEM VALUE [--note TEXT]`."""
    answer_help = run_cli("answer", "--help", data_dir=tmp_path / "data").stdout
    assert "ASSESSMENT ITEM VALUE" in answer_help and "--note TEXT" in answer_help
    action_help = run_cli("action", "add", "--help", data_dir=tmp_path / "data").stdout
    assert "--due YYYY-MM-DD" in action_help


def test_json_output_stays_neutral_in_german(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    data = tmp_path / "data"
    made = run_cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "Schule am Hang",
        "--title",
        "Videokonferenzen",
        "--scope",
        "platform=teams",
        "--by",
        "Ada Lovelace",
        data_dir=data,
        check=True,
    ).stdout.strip()
    english = json.loads(run_cli("show", made, "--json", data_dir=data, check=True).stdout)
    monkeypatch.setenv(LANGUAGE_ENV, "de")
    german = json.loads(run_cli("show", made, "--json", data_dir=data, check=True).stdout)
    assert german == english
    shown = run_cli("show", made, data_dir=data, check=True).stdout
    assert "Fortschritt" in shown and "Unbeantwortet" in shown
    # A heading longer in German widens its column rather than being cut.
    assert re.search(r"^ABSCHNITT +BEANTWORTET +PUNKTZAHL +ERGEBNIS$", shown, re.MULTILINE)
    # The items' questions line up, whatever the length of the German severity ("Niedrig").
    starts = {
        match.end() - match.start() - 1
        for match in re.finditer(r"^  Unbeantwortet +(Hoch|Mittel|Niedrig) +\S", shown, re.M)
    }
    assert len(starts) == 1


def test_a_german_report_reads_german(workspace, make_assessment, tmp_path) -> None:
    use_language(["de", "en"])
    snap = build(workspace, make_assessment, sign=False)
    out = render_report(snap, tmp_path / "entwurf.pdf", ReportOptions(generated_at=REPORT_DAY))
    pages, text = text_of(out)
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
        assert "ENTWURF" in page
    assert "DRAFT" not in text and "Page 1 of" not in text
    flat = squash(text)
    assert "ENTWURF — diese Bewertung ist nicht freigegeben." in squash(pages[-1])
    assert "Bericht zur Compliance-Bewertung" in flat
    assert "Zusammenfassung für die Leitung" in flat
    assert "28.11.2026 09:30 UTC" in flat  # the date as German writes it
    assert "01.10.2026" in flat  # the overdue action's due date
    assert "2026-11-28" not in flat
    overall = snap.score_sheet.overall.score
    assert overall is not None
    german_score = f"{overall:.1f}".replace(".", ",") + " %"  # a no-break space, squashed
    assert f"Zusammenfassung für die Leitung {german_score}" in flat
    assert f"{overall:.1f}%" not in flat
    assert "teilweise 0,5" in flat  # the formula's values, too
    # The checklist keeps its own language: its questions are as written.
    first = next(iter(snap.checklist.items))
    assert " ".join(first.question.split()[:3]) in flat
    assert PdfReader(out).metadata is not None


def test_an_english_report_keeps_iso_dates(workspace, make_assessment, tmp_path) -> None:
    snap = build(workspace, make_assessment, sign=False)
    out = render_report(snap, tmp_path / "draft.pdf", ReportOptions(generated_at=REPORT_DAY))
    flat = squash(text_of(out)[1])
    assert "2026-11-28 09:30 UTC" in flat and "2026-10-01" in flat
    assert f"Executive summary {snap.score_sheet.overall.score:.1f}% " in flat
    assert "partial 0.5" in flat


def test_the_word_copy_writes_german_figures(workspace, make_assessment, tmp_path) -> None:
    use_language(["de", "en"])
    snap = build(workspace, make_assessment, sign=False)
    (out,) = export(snap, CopyFormat.DOCX, tmp_path)
    text = docx_cells(out)
    overall, first = snap.score_sheet.overall.score, snap.score_sheet.sections[0].tally.score
    assert overall is not None and first is not None
    assert f"Ergebnis {overall:.1f}\xa0%".replace(".", ",") in text
    assert f"\n{first:.1f}\xa0%\n".replace(".", ",") in text  # the section table's cell
    assert "teilweise 0,5" in text
    assert f"{overall:.1f}%" not in text


def test_the_word_copy_keeps_english_figures_in_english(
    workspace, make_assessment, tmp_path
) -> None:
    snap = build(workspace, make_assessment, sign=False)
    (out,) = export(snap, CopyFormat.DOCX, tmp_path)
    text = docx_cells(out)
    assert f"Score {snap.score_sheet.overall.score:.1f}%" in text
    assert "partial 0.5" in text


def test_the_command_lines_human_figures_follow_the_language() -> None:
    assert (score_text(87.5), size_text(11 * 512 * 1024)) == ("87.5%", "5.5 MiB")
    assert size_text(1000) == "1,000 bytes"
    use_language(["de", "en"])
    assert (score_text(87.5), size_text(11 * 512 * 1024)) == ("87,5\xa0%", "5,5 MiB")
    assert size_text(1000) == "1.000 Bytes"
    assert score_text(None) == "-"


def test_the_german_word_copy_keeps_its_longer_words_whole(
    workspace, make_assessment, tmp_path
) -> None:
    """Columns grow to their German words ("Schweregrad", "Geltungsbereich"), others giving room.

    The sections' score table has ten columns and can't hold all of its German headings at
    9 pt; every other table can.
    """
    use_language(["de", "en"])
    snap = build(workspace, make_assessment, sign=False)
    (out,) = export(snap, CopyFormat.DOCX, tmp_path)
    document = docx.Document(str(out))
    sections_table = {c.text for c in document.tables[1].rows[0].cells}
    assert "Σ Gewicht" in sections_table  # it is the one
    document.tables[1]._tbl.getparent().remove(document.tables[1]._tbl)
    assert header_words_fit(document) == []
    assert "Nicht im Geltungsbereich" in docx_cells(out)
