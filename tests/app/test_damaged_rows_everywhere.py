"""Every command against every kind of damaged row: a line and exit 1, never a crash (exit 3).

The rows are damaged as someone editing the SQLite file would: a value the app never writes in
an answer, a scope that is not JSON or not an object of texts, an unknown status. A command
that would change the workspace changes nothing when it refuses. And the command line's own
input, an id that is not UTF-8, or a signed report's keywords at the edge of the calendar, are
refused or reported the same way.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli.main import run
from app.cli.parser import build_parser
from app.report.signoff_claim import signoff_claim
from app.services import loading
from tests.app.test_signing import minimal_pdf
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite

ITEM = "teams-policy-allows"
OTHER_ITEM = "teams-policy-assigned"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error: ")]


def cli(data: Path, *words: str) -> Result:
    """`compliance-desk WORDS`, run in this process through the real parser and runner."""
    loading._checklists.clear()  # as a new process: no checklist parsed before the damage
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(build_parser().parse_args(["--data-dir", str(data), *words]))
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder holding a draft with an answer, a note, an action and evidence."""
    data = tmp_path_factory.mktemp("template") / "data"
    made = run_cli(
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
    evidence = data.parent / "policy.txt"
    evidence.write_text("policy\n", "utf-8")
    for words in (
        ("answer", made, ITEM, "no", "--note", "not yet", "--by", "Ada"),
        ("action", "add", made, ITEM, "--title", "Fix", "--owner", "IT", "--due", "2030-01-31"),
        ("evidence", "add", made, ITEM, str(evidence), "--by", "Ada"),
    ):
        assert cli(data, *words, *(("--by", "Ada") if words[0] == "action" else ())).code == 0
    return data, made


DAMAGE = {
    "answer value": "UPDATE answers SET value = 'maybe'",
    "scope not JSON": "UPDATE assessments SET scope_json = '{bad'",
    "scope a list": "UPDATE assessments SET scope_json = '[1]'",
    "scope of numbers": "UPDATE assessments SET scope_json = '{\"platform\": 5}'",
    "scope null": "UPDATE assessments SET scope_json = 'null'",
    "status unknown": "UPDATE assessments SET status = 'archived'",
    # Nested past the recursion limit, and on a signed-off row, whose seal the list checks.
    "scope nested deep": "UPDATE assessments SET status = 'signed', "
    "scope_json = replace(hex(zeroblob(50000)), '00', '[[')",
}


def reading(made: str, out: Path) -> list[tuple[str, ...]]:
    return [
        ("show", made),
        ("show", made, "--json"),
        ("history", made),
        ("history", made, "--json"),
        ("evidence", "list", made),
        ("evidence", "list", made, "--json"),
        ("evidence", "save", made, "1", str(out / "saved.txt")),
        ("export", made, "--pdf", str(out / "report.pdf")),
        ("signoff", made, "--check"),
    ]


def writing(made: str, out: Path) -> list[tuple[str, ...]]:
    evidence = out / "more.txt"
    evidence.write_text("more\n", "utf-8")
    return [
        ("answer", made, OTHER_ITEM, "yes", "--by", "Ada"),
        ("answer", made, ITEM, "yes", "--by", "Ada"),
        ("action", "add", made, ITEM, "--title", "T", "--owner", "O", "--due", "2030-01-31")
        + ("--by", "Ada"),
        ("action", "update", made, "1", "--status", "done", "--by", "Ada"),
        ("evidence", "add", made, ITEM, str(evidence), "--by", "Ada"),
        ("evidence", "remove", made, "1", "--reason", "wrong file", "--by", "Ada"),
        ("signoff", made, "--name", "Dana Okafor", "--role", "DPO"),
        ("reopen", made, "--reason", "r", "--by", "Ada"),
    ]


def dump(workspace: Path) -> list[tuple[str, list[str]]]:
    """Every row of every table, to show that a refused command changed nothing."""
    with raw_sqlite(workspace) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = [(t, sorted(map(repr, db.execute(f'SELECT * FROM "{t}"')))) for t in tables]  # noqa: S608
    db.close()
    return rows


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_every_command_refuses_a_damaged_row_with_a_line(
    template: tuple[Path, str], tmp_path: Path, damage: str
) -> None:
    source, made = template
    data = tmp_path / "data"
    shutil.copytree(source, data)
    with raw_sqlite(data / "workspace.sqlite") as db:
        db.execute(damage)
    db.close()
    before = dump(data / "workspace.sqlite")
    for words in reading(made, tmp_path) + writing(made, tmp_path):
        result = cli(data, *words)
        assert result.code == 1, (words, result)
        assert len(result.errors) == 1, (words, result.err)
        (line,) = result.errors
        assert "unexpected failure" not in line
        assert f"assessment {made} can't be read" in line, (words, line)
        assert dump(data / "workspace.sqlite") == before, words
    assert not (tmp_path / "report.pdf").exists() and not (tmp_path / "saved.txt").exists()
    for words in (("list",), ("list", "--json")):  # summaries, which the damage may spare
        listed = cli(data, *words)
        assert listed.code in (0, 1) and "unexpected failure" not in listed.err, listed
    verified = cli(data, "history", made, "--verify")
    assert verified.code == 1 and verified.errors and "unexpected failure" not in verified.err


# The command line's own input


NOT_UTF8 = "\udcff"  # how Python hands over the byte 0xff of an argument


@pytest.mark.parametrize(
    "words",
    [
        ("show", NOT_UTF8),
        ("history", NOT_UTF8),
        ("history", NOT_UTF8, "--verify"),
        ("evidence", "list", NOT_UTF8),
        ("export", NOT_UTF8, "--pdf", "r.pdf"),
        ("signoff", NOT_UTF8, "--check"),
        ("answer", NOT_UTF8, ITEM, "yes", "--by", "Ada"),
        ("action", "update", NOT_UTF8, "1", "--status", "done", "--by", "Ada"),
        ("reopen", NOT_UTF8, "--reason", "r", "--by", "Ada"),
    ],
    ids=lambda words: " ".join(words[:2]),
)
def test_an_assessment_id_that_is_not_utf8_is_not_found(
    template: tuple[Path, str], words: tuple[str, ...]
) -> None:
    data, _made = template
    result = cli(data, *words)
    assert result.code == 1, result
    assert result.errors == [
        "error: no assessment '\\udcff' in this workspace (the id given holds bytes that are "
        "not UTF-8)"
    ]


@pytest.mark.parametrize(
    "words",
    [
        ("answer", "{made}", NOT_UTF8, "yes", "--by", "Ada"),
        ("action", "add", "{made}", NOT_UTF8, "--title", "T", "--owner", "O")
        + ("--due", "2030-01-31", "--by", "Ada"),
        ("evidence", "add", "{made}", NOT_UTF8, "{file}", "--by", "Ada"),
    ],
    ids=["answer", "action add", "evidence add"],
)
def test_an_item_id_that_is_not_utf8_is_not_found(
    template: tuple[Path, str], tmp_path: Path, words: tuple[str, ...]
) -> None:
    source, made = template
    data = tmp_path / "data"
    shutil.copytree(source, data)
    evidence = tmp_path / "e.txt"
    evidence.write_text("e\n", "utf-8")
    before = dump(data / "workspace.sqlite")
    result = cli(data, *(w.format(made=made, file=evidence) for w in words))
    assert result.code == 1, result
    (line,) = result.errors
    assert line.startswith("error: checklist e2ee-calls-meetings 1.1.0 has no item '\\udcff'")
    assert dump(data / "workspace.sqlite") == before


# A signed report's keywords


@pytest.mark.parametrize(
    "claim",
    [
        "signoff-at:0001-01-01T00:00:00+23:59",
        "signoff-at:9999-12-31T23:59:59-23:59",
        "signoff-at:0001-01-01T00:00:00+00:00,signoff:" + "9" * 30,
        "signoff-at:2027-01-01T00:00:00+00:00,signoff:" + "9" * 5000,
    ],
    ids=["year 1, ahead of UTC", "year 9999, behind UTC", "huge id", "id too long to read"],
)
def test_verify_of_a_report_claiming_an_edge_of_the_calendar_never_crashes(
    template: tuple[Path, str], tmp_path: Path, claim: str
) -> None:
    data, made = template
    words = f"assessment:{made},fingerprint:abc,signoff-by:Rita,signoff:1,{claim}"
    report = tmp_path / "claim.pdf"
    report.write_bytes(minimal_pdf(b"<< /Keywords (" + words.encode() + b") >>"))
    for extra in ((), ("--json",)):
        result = cli(data, "verify", str(report), *extra)
        assert result.code == 1, result
        assert result.errors == ["error: unsigned: the file carries no signature"]


def test_verify_against_a_workspace_whose_rows_are_damaged_still_gives_its_verdict(
    template: tuple[Path, str], tmp_path: Path
) -> None:
    source, made = template
    data = tmp_path / "data"
    shutil.copytree(source, data)
    with raw_sqlite(data / "workspace.sqlite") as db:
        db.execute("UPDATE assessments SET updated_at = 'later', status = 'archived'")
    db.close()
    words = f"assessment:{made},fingerprint:abc,signoff-by:Rita,signoff:1"
    words += ",signoff-at:2027-01-01T00:00:00+00:00"
    report = tmp_path / "claim.pdf"
    report.write_bytes(minimal_pdf(b"<< /Keywords (" + words.encode() + b") >>"))
    result = cli(data, "verify", str(report), "--json")
    assert result.code == 1, result
    assert result.errors == ["error: unsigned: the file carries no signature"]
    said = json.loads(result.out)["workspace"]
    assert said.startswith(f"this workspace's rows of assessment {made} can't be read"), said


ISO_TIMES = st.builds(
    lambda moment, offset: moment.isoformat() + offset,
    st.datetimes(),
    st.sampled_from(["", "Z", "+00:00", "+23:59", "-23:59", "+05:30"]),
)


@settings(max_examples=300, deadline=None)
@given(
    at=st.one_of(ISO_TIMES, st.text(alphabet="0123456789-+:TZ. ", max_size=40)),
    signoff=st.text(alphabet="0123456789-+ ", max_size=40),
)
def test_the_claim_in_keywords_never_raises(at: str, signoff: str) -> None:
    claim = signoff_claim([f"signoff-at:{at}", f"signoff:{signoff}", "signoff-by:Rita"])
    assert claim is None or claim.signed_at.tzinfo is not None


def test_a_signed_off_row_nested_past_the_recursion_limit_is_listed_as_altered(
    tmp_path: Path,
) -> None:
    from tests.app.test_one_line_messages import signed_off

    data = tmp_path / "data"
    made = signed_off(data)
    with raw_sqlite(data / "workspace.sqlite") as db:
        db.execute("UPDATE assessments SET scope_json = replace(hex(zeroblob(50000)), '00', '[[')")
    db.close()
    listed = cli(data, "list", "--json")
    assert listed.code == 0, listed
    assert json.loads(listed.out)[0]["altered_since_signoff"] is True
    shown = cli(data, "show", made)
    assert shown.code == 1 and len(shown.errors) == 1, shown
    assert "unexpected failure" not in shown.err
