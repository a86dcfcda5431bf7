"""The whole command-line flow in real child processes, as a script or a DPO would use it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, ROOT, run_cli


def test_full_flow(tmp_path: Path) -> None:
    data = tmp_path / "data"

    def cli(*args: str, code: int = 0):
        result = run_cli(*args, data_dir=data)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    # The library: shipped checklists, then an import.
    listed = json.loads(cli("checklists", "--json").stdout)
    assert {c["id"] for c in listed if c["origin"] == "shipped"} == {
        "vc-security-privacy",
        "e2ee-calls-meetings",
    }
    scoring = FIXTURES / "checklists" / "good" / "scoring.yaml"
    assert (
        "imported scoring-sample 2.0.0 (10 items)"
        in cli("checklist", "import", str(scoring)).stdout
    )
    assert "already in your library" in cli("checklist", "import", str(scoring)).stdout
    assert (data / "checklists" / "scoring-sample-2.0.0.yaml").read_bytes() == scoring.read_bytes()

    # A new assessment, with scope.
    made = cli(
        "new",
        "--checklist",
        "scoring-sample",
        "--org",
        "Zoë Łukasiewicz-Öztürk Academy",
        "--title",
        "Autumn review",
        "--assessor",
        "Ada",
        "--scope",
        "platform=zoom",
        "--scope",
        "under13=yes",
        "--by",
        "Ada",
    )
    assessment = made.stdout.strip()
    assert len(assessment) == 12

    # Answers, notes, an action.
    first = cli(
        "answer", assessment, "a1", "yes", "--note", "Locked in the admin portal", "--by", "Ada"
    )
    assert first.stdout == "A one (a1): Yes. Score so far 100.0% (1 of 9 answered).\n"
    # Without --by and without a saved name, nobody is recorded: refused, and how to mend it.
    nameless = cli("answer", assessment, "a2", "partial", code=1)
    assert nameless.stderr == (
        "error: say who is doing this: add --by NAME, or save your name once with: "
        "compliance-desk settings --name NAME\n"
    )
    assert "Your name: Ben Adeyemi" in cli("settings", "--name", "Ben Adeyemi").stdout
    cli("answer", assessment, "a2", "partial")
    cli("answer", assessment, "a3", "no")
    taken = cli("answer", assessment, "a4", "na")
    reminder = [line for line in taken.stdout.splitlines() if line.startswith("reminder:")]
    assert reminder == [
        f"reminder: n/a needs a note saying why before sign-off; add it with: "
        f"compliance-desk answer {assessment} a4 na --note TEXT"
    ]
    blocked = cli("signoff", assessment, "--check", code=1)
    assert "A four (a4): answered Not applicable without a note saying why" in blocked.stderr
    cli("answer", assessment, "a4", "n/a", "--note", "No such accounts")
    out_of_scope = cli("answer", assessment, "b3", "yes", code=1)
    assert "out of scope" in out_of_scope.stderr
    cli(
        "action",
        "add",
        assessment,
        "a3",
        "--title",
        "Turn on waiting rooms",
        "--owner",
        "IT desk",
        "--due",
        "2027-01-31",
    )
    bad_date = cli(
        "action",
        "add",
        assessment,
        "a3",
        "--title",
        "x",
        "--owner",
        "y",
        "--due",
        "31/01/2027",
        code=1,
    )
    assert "--due must be a date written YYYY-MM-DD" in bad_date.stderr

    # What show --json says, as the contract specifies.
    shown = json.loads(cli("show", assessment, "--json").stdout)
    assert shown["id"] == assessment
    assert shown["organisation"] == "Zoë Łukasiewicz-Öztürk Academy"
    assert shown["assessor"] == "Ada"
    assert shown["checklist"]["id"] == "scoring-sample" and shown["checklist"]["version"] == "2.0.0"
    assert len(shown["checklist"]["sha256"]) == 64
    assert shown["scope"] == {"platform": "zoom", "under13": "yes"}
    assert shown["status"] == "draft"
    assert shown["progress"] == {"answered": 4, "applicable": 9, "total": 10, "carried_over": 0}
    # a1 yes (3), a2 partial (2 x 0.5), a3 no (1 x 0): 4 / 6
    assert shown["score"] == 66.7
    answers = {a["item"]: a for a in shown["answers"]}
    assert answers["a1"]["value"] == "yes" and answers["a1"]["answered_by"] == "Ada"
    assert (
        answers["a1"]["note"] == "Locked in the admin portal" and answers["a1"]["in_scope"] is True
    )
    assert answers["a4"]["value"] == "na" and answers["b3"]["in_scope"] is False
    assert answers["a5"]["value"] == "unanswered"
    assert shown["actions"] == [
        {
            "id": 1,
            "item": "a3",
            "title": "Turn on waiting rooms",
            "owner": "IT desk",
            "due": "2027-01-31",
            "status": "open",
            "status_at_signoff": None,
            "progress_note": "",
            "created_at": shown["actions"][0]["created_at"],
            "updated_at": shown["actions"][0]["updated_at"],
        }
    ]
    assert shown["signoff"] is None
    assert len(shown["fingerprint"]) == 64
    # The same in words for people: values, severities and items by their question.
    text = cli("show", assessment).stdout.splitlines()
    assert "Assessment " + assessment + " (Draft); assessor: Ada" in text
    assert "Score so far 66.7% (4 of 9 answered)" in text
    assert "  Yes            High    A one (a1)" in text
    assert "  Not applicable High    A four (a4)" in text
    assert "  Unanswered     Medium  A five (a5)" in text
    assert "  Out of scope   Medium  B three, Teams only (b3)" in text
    assert "  #1 [Open] Turn on waiting rooms (owner IT desk, due 2027-01-31)" in text
    assert "      for A three (a3)" in text

    # The list, in text and JSON, and the history.
    (row,) = json.loads(cli("list", "--json").stdout)
    assert row["id"] == assessment and row["score"] == 66.7
    assert row["progress"] == {"answered": 4, "applicable": 9, "total": 10, "carried_over": 0}
    assert row["school"] is None and shown["school"] is None  # a laptop's has no schools
    listed_text = cli("list").stdout
    assert "Zoë Łukasiewicz-Öztürk Academy" in listed_text and "Draft" in listed_text
    assert "SCHOOL" not in listed_text and not any(line.startswith("School") for line in text)
    history = cli("history", assessment).stdout.splitlines()
    # created, four answers and the note a4's n/a was given after, one action; refusals left no trace
    assert len(history) == 7
    assert history[1].endswith(
        "Ada  A one (a1): answer Unanswered -> Yes; note (none) -> 'Locked in the admin portal'"
    )
    assert history[4].endswith("Ben Adeyemi  A four (a4): answer Unanswered -> Not applicable")
    assert history[5].endswith("Ben Adeyemi  A four (a4): note (none) -> 'No such accounts'")
    raw = json.loads(cli("history", assessment, "--json").stdout)
    assert raw[4]["detail"]["new"] == {"value": "na", "note": ""}  # JSON keeps raw values
    assert "intact: 7 events" in cli("history", assessment, "--verify").stdout

    # Usage errors are exit 2 with argparse's message, never a traceback.
    usage = cli("answer", assessment, "a1", "maybe", code=2)
    assert "'maybe' is not an answer" in usage.stderr
    assert "usage:" in cli("new", "--org", "x", code=2).stderr


def test_answers_survive_a_restart_of_the_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    example = "e2ee-calls-meetings"
    assessment = run_cli(
        "new",
        "--checklist",
        example,
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=zoom",
        "--by",
        "Ada",
        data_dir=data,
        check=True,
    ).stdout.strip()
    run_cli(
        "answer",
        assessment,
        "zoom-e2ee-allowed",
        "yes",
        "--note",
        "kept",
        "--by",
        "Ada",
        data_dir=data,
        check=True,
    )
    # A different process, started afresh, finds it.
    shown = json.loads(run_cli("show", assessment, "--json", data_dir=data, check=True).stdout)
    answer = next(a for a in shown["answers"] if a["item"] == "zoom-e2ee-allowed")
    assert (answer["value"], answer["note"]) == ("yes", "kept")


def test_data_dir_flag_wins_over_the_environment(tmp_path: Path) -> None:
    env_dir, flag_dir = tmp_path / "env", tmp_path / "flag"
    run_cli(
        "--data-dir",
        str(flag_dir),
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
        data_dir=env_dir,
        check=True,
    )
    assert (flag_dir / "workspace.sqlite").exists()
    assert not env_dir.exists()


def test_bad_import_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = FIXTURES / "checklists" / "bad" / "item-bad-severity.yaml"
    result = run_cli("checklist", "import", str(bad), data_dir=data)
    assert result.returncode == 1
    assert f"error: {bad}:24: item 'a-1': severity must be high, medium or low" in result.stderr
    assert not (data / "checklists").exists() or list((data / "checklists").iterdir()) == []


def test_conflicting_import_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    original = FIXTURES / "checklists" / "good" / "scoring.yaml"
    run_cli("checklist", "import", str(original), data_dir=data, check=True)
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        original.read_text("utf-8").replace("Check A one.", "Check A one again."), "utf-8"
    )
    result = run_cli("checklist", "import", str(changed), data_dir=data)
    assert result.returncode == 1
    assert "already exists with different content" in result.stderr
    assert (data / "checklists" / "scoring-sample-2.0.0.yaml").read_bytes() == original.read_bytes()


def test_unexpected_failure_goes_to_the_log_not_the_screen(tmp_path: Path) -> None:
    code = (
        "import app.services.assessments as a\n"
        "def boom(*args, **kwargs): raise ZeroDivisionError('simulated bug')\n"
        "a.list_assessments = boom\n"
        "from ui.launcher import main\n"
        f"raise SystemExit(main(['--data-dir', {str(tmp_path)!r}, 'new', '--checklist', 'e2ee-calls-meetings', '--org', 'o', '--title', 't', '--scope', 'platform=zoom', '--by', 'x']) or main(['--data-dir', {str(tmp_path)!r}, 'list']))\n"
    )
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "unexpected failure (ZeroDivisionError: simulated bug)" in result.stderr
    log = (tmp_path / "logs" / "compliance-desk.log").read_text("utf-8")
    assert "Traceback" in log and "simulated bug" in log


def test_who_is_the_name_given_or_saved_never_the_login(tmp_path: Path) -> None:
    data = tmp_path / "data"

    def cli(*args: str, code: int = 0):
        result = run_cli(*args, data_dir=data)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    new = ["new", "--checklist", "e2ee-calls-meetings", "--org", "O", "--title", "T"]
    new += ["--scope", "platform=teams"]
    shown = cli("settings").stdout
    assert "Your name: not set (set it with: compliance-desk settings --name NAME)" in shown
    assert f"Data folder: {data}" in shown
    assert json.loads(cli("settings", "--json").stdout)["name"] == ""
    refused = cli(*new, code=1)
    assert refused.stderr.startswith("error: say who is doing this: add --by NAME")
    assert not (data / "workspace.sqlite").exists()  # refused before anything was opened

    saved = json.loads(cli("settings", "--name", "  Zoë Öztürk ", "--json").stdout)
    assert saved["name"] == "Zoë Öztürk" and saved["page_size"] == "A4"
    assert json.loads((data / "settings.json").read_text("utf-8"))["user_name"] == "Zoë Öztürk"
    made = cli(*new).stdout.strip()
    cli("answer", made, "teams-policy-allows", "yes")
    cli("answer", made, "teams-admin-role", "no", "--by", "Dana Okafor")
    actors = [e["actor"] for e in json.loads(cli("history", made, "--json").stdout)]
    assert actors == ["Zoë Öztürk", "Zoë Öztürk", "Dana Okafor"]

    assert "error: your name" in cli("settings", "--name", "x" * 300, code=1).stderr
    assert json.loads(cli("settings", "--json").stdout)["name"] == "Zoë Öztürk"
    cli("settings", "--name", "")
    assert json.loads(cli("settings", "--json").stdout)["name"] == ""
    cli("answer", made, "teams-policy-allows", "no", code=1)
