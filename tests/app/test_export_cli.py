"""`export --xlsx | --csv | --docx` on the command line, as the contract words it."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from app.paths import DATA_DIR_ENV
from tests.conftest import FIXTURES, ROOT, run_cli

GREEK = "Η Αθηνά έλεγξε τις ρυθμίσεις"


def test_export_working_copies(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = tmp_path / "out"
    out.mkdir()

    def cli(*args: str, code: int = 0):
        result = run_cli(*args, data_dir=data)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    cli("settings", "--name", "Zoë")
    cli("checklist", "import", str(FIXTURES / "checklists" / "good" / "scoring.yaml"))
    made = (
        cli(
            "new",
            "--checklist",
            "scoring-sample",
            "--org",
            "Дмитрий School",
            "--title",
            "Review",
            "--scope",
            "platform=zoom",
            "--scope",
            "under13=yes",
        )
        .stdout.strip()
        .split()[-1]
    )
    # The window fills Assessor from the saved name; `new` without --assessor does too.
    assert '"assessor": "Zoë"' in cli("show", made, "--json").stdout
    cli("answer", made, "a1", "no", "--note", f"=1+1 {GREEK}", "--by", "Zoë")
    cli(
        "action", "add", made, "a1", "--title", "Fix it", "--owner", "Łukasz", "--due", "2027-01-31"
    )

    said = cli("export", made, "--xlsx", str(out / "copy")).stdout
    assert "not the signed record" in said and str(out / "copy.xlsx") in said
    wb = load_workbook(out / "copy.xlsx")
    assert wb["Answers"]["F2"].value == f"=1+1 {GREEK}" and wb["Answers"]["F2"].data_type == "s"
    assert wb["Actions"]["D2"].value == "Łukasz"

    said = cli("export", made, "--csv", str(out / "plan.csv")).stdout
    assert str(out / "plan-actions.csv") in said
    with (out / "plan.csv").open(encoding="utf-8-sig", newline="") as handle:
        answers = list(csv.reader(handle))
    assert answers[1][5] == f"'=1+1 {GREEK}"
    assert (out / "plan-actions.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    cli("export", made, "--docx", str(out / "copy.docx"), "--paper", "Letter")
    document = docx.Document(str(out / "copy.docx"))
    assert document.paragraphs[0].text == "Working copy — not the signed record"
    width = document.sections[0].page_width
    assert width is not None and round(width.mm) == 216

    refused = cli("export", made, "--xlsx", str(out / "s.xlsx"), "--sign", code=1)
    assert refused.stderr.startswith("error: only the PDF report is signed")
    missing = cli("export", made, "--docx", str(tmp_path / "gone" / "c.docx"), code=1)
    assert missing.stderr.startswith("error: the folder")
    (out / "adir").mkdir()
    for flag, name, said in [
        ("--xlsx", "", "error: give a file name"),
        ("--csv", ".", "error: . is a folder"),
        ("--docx", f"{out / 'adir'}/", f"error: {out / 'adir'} is a folder"),
        ("--docx", str(out / "adir"), f"error: {out / 'adir'} is a folder"),
        ("--xlsx", str(out / "two\nlines"), "error: a file name can't hold a line break"),
        (
            "--docx",
            str(out / "plan.csv" / "c"),
            f"error: {out / 'plan.csv'} is a file, not a folder",
        ),
        ("--pdf", str(out / "two\nlines.pdf"), "error: a file name can't hold a line break"),
    ]:
        refused = cli("export", made, flag, name, code=1)
        assert refused.stderr.startswith(said), (flag, name, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1
    refused = cli("export", made, "--csv", str(out / "p.csv"), "--paper", "A4", code=1)
    assert refused.stderr.startswith("error: --paper goes with --pdf or --docx")
    (out / "adir").rmdir()
    cli("export", made, "--xlsx", str(out / "a.xlsx"), "--csv", str(out / "a.csv"), code=2)
    cli("export", made, code=2)
    assert sorted(p.name for p in out.iterdir()) == [
        "copy.docx",
        "copy.xlsx",
        "plan-actions.csv",
        "plan.csv",
    ]


def test_a_draft_report_marks_evidence_missing_or_altered_and_the_cli_warns(
    tmp_path: Path,
) -> None:
    import hashlib
    import re

    from pypdf import PdfReader

    from app.paths import Paths
    from tests.conftest import alter_evidence_file

    data = tmp_path / "data"

    def cli(*args: str) -> tuple[str, str]:
        result = run_cli(*args, data_dir=data)
        assert result.returncode == 0, result.stderr
        return result.stdout, result.stderr

    cli("settings", "--name", "Ada")
    assessment_id = cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
    )[0].strip()
    for name, body in (("gone.pdf", b"gone"), ("changed.pdf", b"changed"), ("sound.pdf", b"ok")):
        (tmp_path / name).write_bytes(body)
        cli("evidence", "add", assessment_id, "teams-policy-allows", str(tmp_path / name))
    gone, changed = hashlib.sha256(b"gone").hexdigest(), hashlib.sha256(b"changed").hexdigest()
    alter_evidence_file(Paths(data), gone, None)
    alter_evidence_file(Paths(data), changed, b"CHANGED")
    report = tmp_path / "report.pdf"
    out, err = cli("export", assessment_id, "--pdf", str(report))
    assert "written to" in out
    assert err.splitlines() == [
        f"warning: evidence 1 (gone.pdf) is damaged: the evidence file evidence/{gone[:2]}/{gone} "
        "is missing from the data folder; the report marks it",
        f"warning: evidence 2 (changed.pdf) is damaged: the evidence file "
        f"evidence/{changed[:2]}/{changed} no longer matches its SHA-256 (it was changed outside "
        "the app); the report marks it",
    ]
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(report).pages))
    assert "2 files marked MISSING or ALTERED are no longer held as attached" in text
    assert text.count("MISSING from the data folder") == 2  # item page and register
    assert text.count("ALTERED: no longer matches its SHA-256") == 2


def _small_files_only() -> None:
    """In the child: a file grown past 40 kB fails as on a full disk (the workspace's fit)."""
    import resource  # POSIX only, as the test that uses this
    import signal

    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead of killing


@pytest.mark.posix  # resource limits and signals
def test_a_copy_that_cant_be_written_whole_says_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = tmp_path / "out"
    out.mkdir()
    run_cli("settings", "--name", "Zoë", data_dir=data, check=True)
    run_cli(
        "checklist",
        "import",
        str(FIXTURES / "checklists" / "good" / "scoring.yaml"),
        data_dir=data,
        check=True,
    )
    made = run_cli(
        "new",
        "--checklist",
        "scoring-sample",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=zoom",
        "--scope",
        "under13=yes",
        data_dir=data,
        check=True,
    ).stdout.split()[-1]
    shown = json.loads(run_cli("show", made, "--json", data_dir=data, check=True).stdout)
    letters = random.Random(15)
    for answer in shown["answers"]:
        if answer["in_scope"]:  # notes that don't compress, so each copy outgrows the limit
            note = "".join(letters.choice(GREEK) for _ in range(20_000))
            run_cli("answer", made, answer["item"], "no", "--note", note, data_dir=data, check=True)
    for flag in ("--xlsx", "--docx"):
        result = subprocess.run(
            [sys.executable, "-m", "ui", "export", made, flag, str(out / "copy")],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, DATA_DIR_ENV: str(data)},
            cwd=ROOT,
            check=False,
            preexec_fn=_small_files_only,
        )
        assert result.returncode == 1, (flag, result.stderr)
        assert result.stderr.startswith(f"error: can't write {out / 'copy'}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert list(out.iterdir()) == []


def test_no_name_or_a_folder_is_refused_with_a_file_name_of_the_format(
    workspace, make_assessment, tmp_path: Path
) -> None:
    """Each format's refusal suggests a name that format is written to, not the PDF's."""
    snap = make_assessment()
    folder = tmp_path / "out"
    folder.mkdir()
    for command, example in [
        (["export", snap.id, "--pdf"], "report.pdf"),
        (["export", snap.id, "--xlsx"], "report.xlsx"),
        (["export", snap.id, "--csv"], "answers.csv"),
        (["export", snap.id, "--docx"], "report.docx"),
        (["bundle", "export", snap.id], "assessment.cdesk"),
    ]:
        for given, said in [
            (str(folder), f"error: {folder} is a folder; give a file name such as {example}\n"),
            ("", f"error: give a file name, such as {example}\n"),
        ]:
            refused = run_cli(*command, given, data_dir=workspace.paths.data_dir)
            assert (refused.returncode, refused.stderr) == (1, said), command
    assert list(folder.iterdir()) == []
