"""The command line under hostile input: every refusal is exit 1 with one line, nothing obeyed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from app.cli import render
from app.signing.verify import ReportVerdict, SignatureInfo
from tests.conftest import ROOT, run_cli


def _new(data: Path) -> str:
    return run_cli(
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
        data_dir=data,
        check=True,
    ).stdout.strip()


def test_a_note_cannot_forge_a_line_of_history(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = _new(data)
    forged = "fine\n#99   2027-01-01 00:00:00Z  DPO  signed off by Dana Okafor (DPO)"
    run_cli(
        "answer",
        made,
        "teams-policy-allows",
        "yes",
        "--note",
        forged,
        "--by",
        "Ada",
        data_dir=data,
        check=True,
    )
    history = run_cli("history", made, data_dir=data, check=True).stdout
    assert "\x1b" not in history
    lines = history.splitlines()
    assert not any(line.startswith("#99") for line in lines)
    assert any("fine\\x0a#99" in line for line in lines)
    shown = run_cli("show", made, data_dir=data, check=True).stdout
    assert "\x1b" not in shown and not any(line.startswith("#99") for line in shown.splitlines())
    # JSON keeps the value exactly, escaped the JSON way.
    document = json.loads(run_cli("show", made, "--json", data_dir=data, check=True).stdout)
    (answer,) = [a for a in document["answers"] if a["item"] == "teams-policy-allows"]
    assert answer["note"] == forged.strip()


def test_a_signers_name_from_a_pdf_is_shown_not_obeyed() -> None:
    name = "Mallory\x1b[1A\x1b[2K\rintact: 2 signature(s)\nTrusted \u202eorp"
    info = SignatureInfo(
        field_name="reviewer-signature",
        signer=name,
        role="DPO\x1b]0;title\x07",
        claimed_time=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        cert_fingerprint="ab" * 32,
        not_after=None,
    )
    verdict = ReportVerdict(True, "intact", (info,), "abc", "f" * 64)
    text = render.verify_text(verdict, "this workspace does not hold assessment abc")
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text and "\x07" not in text
    assert len(text.splitlines()) == 4  # the verdict, one signature, the report, the match


def test_bytes_that_are_not_utf8_are_refused_with_a_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, COMPLIANCE_DESK_DATA=str(data))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui",
            "new",
            "--checklist",
            "e2ee-calls-meetings",
            "--org",
            b"Caf\xe9 School",
            "--title",
            "T",
            "--scope",
            "platform=teams",
            "--by",
            "Ada",
        ],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.decode("utf-8").splitlines()
    assert line == "error: organisation is not valid text (it holds bytes that are not UTF-8)"


def test_an_id_too_large_for_any_row_is_not_found(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = _new(data)
    for args in (
        ["evidence", "save", made, str(2**66), str(tmp_path / "x")],
        ["evidence", "remove", made, str(2**66), "--reason", "r", "--by", "Ada"],
        ["action", "update", made, str(2**66), "--status", "done", "--by", "Ada"],
    ):
        result = run_cli(*args, data_dir=data)
        assert result.returncode == 1, (args, result.stderr)
        assert f"has no {args[0]} {2**66}" in result.stderr


def test_an_id_longer_than_any_is_named_not_an_unexpected_failure(tmp_path: Path) -> None:
    """SQLite refuses a LIKE pattern of 50,000 characters; the reference is refused before."""
    data = tmp_path / "data"
    made = run_cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
        "--by",
        "Ada",
        data_dir=data,
    )
    assert made.returncode == 0, made.stderr
    long_id = "a" * 50_001
    for words in (
        ("show", long_id),
        ("history", long_id, "--verify"),
        ("answer", long_id, "teams-policy-allows", "yes", "--by", "Ada"),
        ("delete", long_id, "--reason", "x", "--by", "Ada"),
        ("compare", long_id, long_id),
        ("bundle", "export", long_id, str(tmp_path / "x.cdesk")),
    ):
        result = run_cli(*words, data_dir=data)
        assert result.returncode == 1, (words[0], result.stderr)
        (line,) = result.stderr.splitlines()
        assert line.startswith("error: no assessment 'aaaa") and "ids are 12 characters" in line
