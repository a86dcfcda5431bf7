"""The command line loads only what a command uses: quick to answer, in real child processes.

Each child makes the libraries a command must not need unimportable (`sys.modules[name] = None`
makes any import of them raise), then runs the real entry point: if the command reached for one,
it fails instead of answering.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from app.paths import Paths
from tests.conftest import ROOT, MakeAssessment

DATABASE = ("sqlalchemy", "alembic")
HEAVY = (*DATABASE, "reportlab", "pyhanko", "PySide6")
# Not for the parser either: the commands' code, what they print with, the checklist files.
COMMANDS_CODE = ("app.cli.commands", "app.cli.render", "app.checklists", "app.dto", "yaml")


def run_without(blocked: tuple[str, ...], *words: str) -> subprocess.CompletedProcess[str]:
    """Run `compliance-desk WORDS` in a child where the `blocked` packages can't be imported."""
    code = (
        "import sys\n"
        f"for name in {blocked!r}:\n"
        "    sys.modules[name] = None\n"
        "from ui.launcher import main\n"
        "try:\n"
        f"    status = main({list(words)!r})\n"
        "except SystemExit as done:  # argparse's --help\n"
        "    status = done.code\n"
        f"loaded = [n for n in {blocked!r} if sys.modules.get(n) is not None]\n"
        "print('loaded:', ','.join(loaded), file=sys.stderr)\n"
        "raise SystemExit(status)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )


def test_version_touches_no_database_report_signing_or_qt_code() -> None:
    result = run_without(HEAVY, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "compliance-desk 0.1.0\n"
    assert result.stderr == "loaded: \n"


def test_version_among_other_words_says_the_same_through_the_parser(tmp_path: Path) -> None:
    result = run_without(HEAVY, "--data-dir", str(tmp_path), "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "compliance-desk 0.1.0\n"
    assert not (tmp_path / "workspace.sqlite").exists()


def test_help_lists_every_command_without_database_report_signing_or_qt_code() -> None:
    result = run_without((*HEAVY, *COMMANDS_CODE), "--help")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("    ")}
    assert {"new", "answer", "export", "verify", "signoff", "backup", "bundle"} <= listed
    assert result.stderr == "loaded: \n"


def test_a_commands_own_help_needs_no_database_code_either() -> None:
    result = run_without((*DATABASE, *COMMANDS_CODE), "export", "--help")
    assert result.returncode == 0, result.stderr
    assert "--pdf FILE" in result.stdout


def test_a_draft_report_loads_no_other_commands_code(
    paths: Paths, make_assessment: MakeAssessment, tmp_path: Path
) -> None:
    draft = make_assessment()
    # Modules of other commands, and libraries only they use: none is needed for the report.
    blocked = (
        "app.cli.commands.bundles",
        "app.cli.commands.server",
        "app.cli.commands.identities",
        "app.cli.commands.backups",
        "app.checklists.loader",  # the report reads the checklist stored with the assessment
        "yaml",
        "alembic",
        "jsonschema",
        "jsonschema_rs",
    )
    out = tmp_path / "draft.pdf"
    result = run_without(
        blocked, "--data-dir", str(paths.data_dir), "export", draft.id, "--pdf", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "loaded: \n"


def test_a_draft_report_is_written_without_pyhanko(
    paths: Paths, make_assessment: MakeAssessment, tmp_path: Path
) -> None:
    draft = make_assessment()
    out = tmp_path / "draft.pdf"
    result = run_without(
        ("pyhanko",), "--data-dir", str(paths.data_dir), "export", draft.id, "--pdf", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert f"report of {draft.id} (draft) written to {out}" in result.stdout
    reader = PdfReader(out)
    assert "DRAFT" in reader.pages[0].extract_text()
    assert reader.get_fields() is None  # a draft is never signed: no empty signature fields


def test_a_signed_off_report_keeps_its_empty_signature_fields(
    paths: Paths, make_signed_off, tmp_path: Path
) -> None:
    snap = make_signed_off("Zoë Öztürk")
    out = tmp_path / "signed-off.pdf"
    result = run_without(
        (), "--data-dir", str(paths.data_dir), "export", snap.id, "--pdf", str(out)
    )
    assert result.returncode == 0, result.stderr
    fields = PdfReader(out).get_fields() or {}
    assert {name: field.get("/FT") for name, field in fields.items()} == {
        "assessor-signature": "/Sig",
        "reviewer-signature": "/Sig",
    }
