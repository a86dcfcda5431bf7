"""A value holding a line break or an escape sequence can't forge a line of the program's output.

Each command's message puts values into a sentence: a file name, a path, a person's name, a
title. Those values come from arguments, from the data folder or from the workspace file, and
any of them can hold a line break or ESC. Each message must stay the lines the program laid
out, with the value's line break shown escaped and no escape sequence reaching the terminal.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.main import run
from app.cli.parser import build_parser
from app.services import loading
from tests.conftest import FIXTURES
from tests.raw_sqlite import raw_sqlite

HOSTILE = "x\n\x1b[2Kok: forged"
SHOWN = "x\\x0a\\x1b[2Kok: forged"
ITEM = "teams-policy-allows"


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli(data: Path, *words: str) -> Result:
    loading._checklists.clear()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(build_parser().parse_args(["--data-dir", str(data), *words]))
    return Result(code, out.getvalue(), err.getvalue())


def lines_of(result: Result, count: int) -> list[str]:
    """The command's output, checked: it worked, in `count` lines, the value shown escaped."""
    assert result.code == 0, result
    assert "\x1b" not in result.out and "\r" not in result.out
    lines = result.out.splitlines()
    assert len(lines) == count, lines
    assert SHOWN in result.out, result.out
    return lines


@pytest.fixture
def passphrases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_DESK_PASSPHRASE", "dana-secret-1")
    monkeypatch.setenv("COMPLIANCE_DESK_AUTHORITY_PASSPHRASE", "authority-secret-1")


def new(data: Path) -> str:
    made = cli(
        data,
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "Hillside",
        "--title",
        "Calls",
        "--scope",
        "platform=teams",
        "--by",
        "Ada",
    )
    assert made.code == 0, made
    return made.out.strip()


def signed_off(data: Path) -> str:
    made = new(data)
    shown = json.loads(cli(data, "show", made, "--json").out)
    for answer in shown["answers"]:
        if answer["in_scope"]:
            assert cli(data, "answer", made, answer["item"], "yes", "--by", "Ada").code == 0
    done = cli(data, "signoff", made, "--name", "Dana Okafor", "--role", "DPO")
    assert done.code == 0, done
    return made


def tamper(data: Path, sql: str, *values: object) -> None:
    with raw_sqlite(data / "workspace.sqlite") as db:
        db.execute(sql, values)
    db.close()


def test_checklist_file_names(tmp_path: Path) -> None:
    named = tmp_path / f"{HOSTILE}.yaml"
    shutil.copyfile(FIXTURES / "checklists" / "good" / "scoring.yaml", named)
    lines_of(cli(tmp_path / "data", "checklist", "validate", str(named)), 1)
    other = tmp_path / f"{HOSTILE}-data"
    lines_of(cli(other, "checklist", "import", str(named)), 1)
    lines_of(cli(other, "checklist", "import", str(named)), 1)  # already there


def test_report_and_evidence_paths(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = new(data)
    # A report name with a line break or an escape is refused, in one plain line.
    refused = cli(data, "export", made, "--pdf", str(tmp_path / f"{HOSTILE}.pdf"))
    assert refused.code == 1 and refused.out == ""
    assert (
        refused.err == "error: a file name can't hold a line break or another control character\n"
    )
    assert not list(tmp_path.glob("x*"))
    attached = tmp_path / "policy.txt"
    attached.write_text("policy\n", "utf-8")
    assert cli(data, "evidence", "add", made, ITEM, str(attached), "--by", "Ada").code == 0
    folder = tmp_path / HOSTILE
    folder.mkdir()
    lines_of(cli(data, "evidence", "save", made, "1", str(folder)), 1)


def test_names_kept_in_the_workspace(tmp_path: Path) -> None:
    """Values a hand-edited workspace holds: an evidence name, an action's title, a reviewer."""
    data = tmp_path / "data"
    made = signed_off(data)
    assert cli(data, "reopen", made, "--reason", "more to do", "--by", "Ada").code == 0
    attached = tmp_path / "policy.txt"
    attached.write_text("policy\n", "utf-8")
    assert cli(data, "evidence", "add", made, ITEM, str(attached), "--by", "Ada").code == 0
    words = ("--title", "Fix", "--owner", "IT", "--due", "2030-01-31", "--by", "Ada")
    assert cli(data, "action", "add", made, ITEM, *words).code == 0
    tamper(data, "UPDATE evidence SET name = ?", HOSTILE)
    tamper(data, "UPDATE actions SET title = ?", HOSTILE)
    out = tmp_path / "out"
    out.mkdir()
    lines_of(cli(data, "evidence", "save", made, "1", str(out)), 1)
    lines_of(cli(data, "action", "update", made, "1", "--status", "done", "--by", "Ada"), 1)
    lines_of(cli(data, "evidence", "remove", made, "1", "--reason", "old", "--by", "Ada"), 1)
    again = signed_off(data)
    tamper(data, "UPDATE signoffs SET name = ? WHERE assessment_id = ?", HOSTILE, again)
    lines_of(cli(data, "reopen", again, "--reason", "more to do", "--by", "Ada"), 1)


def test_identity_names_and_certificate_paths(tmp_path: Path, passphrases: None) -> None:
    data = tmp_path / "data"
    made = signed_off(data)
    created = cli(data, "identity", "create", "--name", "Dana Okafor", "--role", "DPO")
    assert created.code == 0, created
    report = tmp_path / HOSTILE / "report.pdf"
    report.parent.mkdir()
    lines_of(cli(data, "export", made, "--pdf", str(report), "--sign"), 3)
    (folder,) = [p for p in (data / "identities").iterdir() if p.name != "authority"]
    facts = json.loads((folder / "identity.json").read_text("utf-8"))
    facts["name"] = HOSTILE
    (folder / "identity.json").write_text(json.dumps(facts), "utf-8")
    lines_of(cli(data, "identity", "export-cert", folder.name, str(tmp_path / "a.pem")), 1)
    lines_of(cli(data, "identity", "export-cert", folder.name, str(tmp_path / f"{HOSTILE}.pem")), 1)


def test_the_data_folder_in_the_settings(tmp_path: Path) -> None:
    lines_of(
        cli(tmp_path / HOSTILE, "settings"), 6
    )  # name, paper, evidence limit, backups kept, folder, workspace


def test_every_message_is_printed_as_one_line_and_only_renderers_print_blocks() -> None:
    """`out` keeps line breaks, so it takes only a renderer's block, whose values are escaped.

    Everything else a command prints is a message, printed with `out_line`: a new message that
    used `out` with a value in it would let that value's line breaks through.
    """
    import ast

    from tests.conftest import ROOT

    offenders = []
    for module in sorted((ROOT / "app" / "cli" / "commands").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "out"):
                continue
            (argument,) = node.args
            rendered = (
                isinstance(argument, ast.Call)
                and isinstance(argument.func, ast.Attribute)
                and getattr(argument.func.value, "id", None) == "render"
            )
            if not rendered:
                offenders.append(f"{module.name}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize(
    "words",
    [
        ("answer", "abc", ITEM, HOSTILE),
        ("new", "--checklist", "c", "--org", "O", "--title", "T", "--scope", HOSTILE),
        ("evidence", "save", "abc", HOSTILE, "out"),
    ],
    ids=["answer value", "scope pair", "evidence id"],
)
def test_words_the_parser_refuses_are_shown_escaped(tmp_path: Path, words: tuple[str, ...]) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["--data-dir", str(tmp_path), *words])
    assert stopped.value.code == 2
    assert "\x1b" not in err.getvalue()
    last = err.getvalue().splitlines()[-1]  # the value, whole, on the error line
    assert last.startswith("compliance-desk") and "ok: forged'" in last
