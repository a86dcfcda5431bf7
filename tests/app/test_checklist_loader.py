"""The checklist loader: every format rule refused with file, line and rule; good files load."""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path

import pytest

from app.checklists import Checklist, Severity, load_checklist_bytes, load_checklist_file
from app.checklists.yaml_reader import MAX_FILE_BYTES
from app.cli.main import run
from app.cli.parser import build_parser
from app.errors import ChecklistError
from tests.conftest import FIXTURES, ROOT, run_cli

BAD = sorted((FIXTURES / "checklists" / "bad").glob("*.yaml"))


def expectation(path: Path) -> str:
    """The `# expect: LINE: MESSAGE` header each bad fixture carries."""
    raw = path.read_bytes()
    for encoding in ("utf-8", "utf-16", "latin-1"):
        try:
            first = raw.decode(encoding).splitlines()[0]
        except UnicodeDecodeError:
            continue
        if "# expect: " in first:
            return first.split("# expect: ", 1)[1]
    raise AssertionError(f"{path.name} has no expectation header")


def validate(*files: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args: argparse.Namespace = build_parser().parse_args(["checklist", "validate", *files])
    code = run(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_there_are_at_least_twenty_distinct_bad_files() -> None:
    assert len(BAD) >= 20
    assert len({expectation(p).split(": ", 1)[1] for p in BAD}) >= 20


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_is_refused_with_file_line_and_rule(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = str(path.relative_to(ROOT))
    code, out, err = validate(name, capsys=capsys)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines, "no message"
    assert all(line.startswith(f"error: {name}:") for line in lines), err
    assert f"error: {name}:{expectation(path)}" in err
    assert "Traceback" not in err


def test_oversized_file_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.yaml"
    line = b"# " + b"x" * 98 + b"\n"
    big.write_bytes(line * (MAX_FILE_BYTES // len(line) + 2))
    code, _out, err = validate(str(big), capsys=capsys)
    assert code == 1
    expected_line = MAX_FILE_BYTES // len(line) + 1
    assert f"error: {big}:{expected_line}: file is larger than 2 MiB" in err


def test_all_bad_files_at_once_in_a_real_process() -> None:
    names = [str(p.relative_to(ROOT)) for p in BAD]
    result = run_cli("checklist", "validate", *names)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name in names:
        assert f"error: {name}:" in result.stderr


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = validate(str(tmp_path / "nope.yaml"), str(tmp_path), capsys=capsys)
    assert code == 1
    assert f"error: {tmp_path / 'nope.yaml'}: no such file" in err
    assert f"error: {tmp_path}: is a folder, not a file" in err


def test_every_shipped_checklist_loads_without_warnings() -> None:
    files = sorted((ROOT / "checklists").glob("*.yaml"))
    assert files
    for path in files:
        loaded = load_checklist_file(path)
        assert loaded.warnings == (), loaded.warnings


def test_good_file_builds_immutable_objects(scoring_checklist: Checklist) -> None:
    c = scoring_checklist
    assert (c.id, c.version, c.item_count, len(c.sections)) == ("scoring-sample", "2.0.0", 10, 3)
    b4 = c.item("b4")
    assert b4 is not None
    assert b4.severity is Severity.HIGH and b4.evidence_hint == "A screenshot"
    assert {cond.question: cond.options for cond in b4.applies_if} == {
        "platform": frozenset({"zoom", "both"}),
        "under13": frozenset({"yes"}),
    }
    assert c.item("b3").tradeoffs == ("Recording is lost", "Live captions are lost")  # type: ignore[union-attr]
    assert c.source("src-a").date == "2020-05-07"  # type: ignore[union-attr]
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.title = "changed"  # type: ignore[misc]


def test_yes_and_no_stay_text_and_strings_are_trimmed() -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_bytes()
    unquoted = raw.replace(b'{id: "yes", label: "Yes"}', b"{id: yes, label:   Yes   }")
    unquoted = unquoted.replace(b'under13: ["yes"]', b"under13: [yes]")
    checklist = load_checklist_bytes(unquoted, "x.yaml").checklist
    question = checklist.scope_question("under13")
    assert question is not None
    assert [(o.id, o.label) for o in question.options] == [("yes", "Yes"), ("no", "No")]


def test_hash_ignores_comments_and_layout_but_not_content() -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_bytes()
    base = load_checklist_bytes(raw, "a.yaml").checklist
    reformatted = load_checklist_bytes(
        b"# another comment\n"
        + raw.replace(b"title: Scoring sample", b"title:    Scoring sample   "),
        "b.yaml",
    ).checklist
    changed = load_checklist_bytes(
        raw.replace(b"Check A one.", b"Check A one!"), "c.yaml"
    ).checklist
    assert base.sha256 == reformatted.sha256
    assert base.sha256 != changed.sha256


def test_warnings_for_unused_sources_and_scope_questions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_text("utf-8")
    raw = raw.replace(
        "  - id: src-b\n    title: Source B\n",
        "  - id: src-b\n    title: Source B\n  - id: src-c\n    title: Never cited\n",
    )
    path = tmp_path / "warn.yaml"
    path.write_text(raw, "utf-8")
    code, out, err = validate(str(path), capsys=capsys)
    assert code == 0
    assert "ok:" in out
    assert f"warning: {path}:" in err and "source 'src-c': is not cited by any item" in err


def test_loader_refuses_without_raising_anything_but_checklist_error() -> None:
    for payload in [b"\x00\x01", b"[", b"{a: 1}", b"format: 1\n" * 3, "é".encode("utf-16")]:
        with pytest.raises(ChecklistError):
            load_checklist_bytes(payload, "x.yaml")


def test_aliases_of_a_large_text_are_refused_by_their_expanded_size() -> None:
    # One 1 MB string referenced 40 times: few aliases, but 40 MB once expanded.
    big = "x" * (1024 * 1024)
    aliases = "\n".join("  - *big" for _ in range(40))
    raw = f"big: &big {big}\nrefs:\n{aliases}\n".encode()
    assert len(raw) < MAX_FILE_BYTES
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(raw, "bomb.yaml")
    (problem,) = caught.value.problems
    assert problem.file == "bomb.yaml"
    assert "expand" in problem.message


def test_a_lone_surrogate_escape_is_a_format_error_with_its_line() -> None:
    raw = b'format: 1\nid: x\ntitle: "bad \\ud800 text"\n'
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(raw, "surrogate.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("surrogate.yaml", 3)


def test_each_problem_is_listed_once(tmp_path: Path) -> None:
    """A `required` error comes once per missing key, each naming all; each shows once."""
    bad = FIXTURES / "checklists" / "bad" / "item-missing-several-keys.yaml"
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(bad, "several.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "several.yaml:19: section 'sec-a': missing required key 'title'",
        "several.yaml:21: item 'a-1': missing required key 'guidance'",
        "several.yaml:21: item 'a-1': missing required key 'refs'",
        "several.yaml:21: item 'a-1': missing required key 'severity'",
    ]
    imported = run_cli("checklist", "import", str(bad), data_dir=tmp_path / "data")
    assert imported.returncode == 1
    lines = imported.stderr.splitlines()
    assert len(lines) == 4 and len(set(lines)) == 4
    assert lines.count(f"error: {bad}:21: item 'a-1': missing required key 'refs'") == 1


@pytest.mark.parametrize(
    "value", ['!!int ""', '!!float ""', '!!int "-"', "!!int 0x", "!!float 1:x"]
)
def test_a_tagged_value_not_of_its_type_is_refused_with_its_line(value: str) -> None:
    raw = f"# a file\nformat: {value}\n".encode()
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(raw, "tagged.yaml")
    (problem,) = caught.value.problems
    tag = value.split()[0]
    assert (problem.file, problem.line) == ("tagged.yaml", 2)
    assert problem.message.endswith(f"can't be read as {tag}")


def test_a_mapping_where_a_list_goes_is_described_by_its_keys() -> None:
    good = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_text("utf-8")
    raw = good.replace("refs: [{source: src-a}]}", 'refs: {"x\\u00ady": "bell\\u0007"}}', 1)
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(raw.encode(), "mapped.yaml")
    messages = [p.message for p in caught.value.problems]
    assert any(m.startswith("item 'a1': refs x\u00ady ") for m in messages), messages


@pytest.mark.posix  # named pipes and /dev/zero
def test_validate_refuses_a_pipe_a_device_and_a_huge_file_unread(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024 * 1024)
    for target in (fifo, Path("/dev/zero"), huge):
        result = run_cli("checklist", "validate", str(target), data_dir=tmp_path / "data")
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(f"error: {target}:"), result.stderr


TEXT_FIELDS = [  # how the text is introduced, the text, and how a problem names it
    ("title: ", "Scoring sample", "title"),
    (
        "summary: ",
        "Items of every severity across three sections, some depending on scope.",
        "summary",
    ),
    ("    title: ", "Source A", "source 'src-a': title"),
    ("question: ", "Which platform?", "scope question 'platform': question"),
    ("label: ", "Microsoft Teams", "scope question 'platform': option 'teams': label"),
    ("    title: ", "Section A", "section 'sec-a': title"),
    ("question: ", "A one", "item 'a1': question"),
    ("guidance: ", "Check A two.", "item 'a2': guidance"),
    ("locator: ", "Teams", "item 'b3': ref 1: locator"),
    ("tradeoffs: [", "Recording is lost", "item 'b3': trade-off 1:"),
]
# ESC, another C0 control, C1 controls (CSI, NEL), and each kind of direction change.
HOSTILE = ["\\e", "\\x07", "\\x9b", "\\x85", "\\u202e", "\\u2066", "\\u200f", "\\u061c"]


@pytest.mark.parametrize("char", HOSTILE)
@pytest.mark.parametrize(
    ("key", "text", "field"), TEXT_FIELDS, ids=[f for _k, _t, f in TEXT_FIELDS]
)
def test_every_text_of_a_checklist_refuses_controls_and_direction_changes(
    key: str, text: str, field: str, char: str
) -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_text("utf-8")
    written = f"{key}{text}"
    assert written in raw
    changed = raw.replace(written, f'{key}"{text[:3]}{char}{text[3:]}"', 1)
    line = raw[: raw.index(written)].count("\n") + 1
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(changed.encode("utf-8"), "hostile.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("hostile.yaml", line)
    assert problem.message.startswith(f"{field} must not contain")
    assert "(U+" in problem.message


def test_long_texts_keep_line_breaks_and_tabs_titles_do_not() -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_text("utf-8")
    multi = raw.replace("guidance: Check A two.", 'guidance: "Check\\n\\tA two."')
    item = load_checklist_bytes(multi.encode(), "x.yaml").checklist.item("a2")
    assert item is not None and item.guidance == "Check\n\tA two."
    for title in ('"Section\\tA"', '"Section\\nA"', "|\n      Section\n      A"):
        bad = raw.replace("    title: Section A", f"    title: {title}", 1)
        with pytest.raises(ChecklistError) as caught:
            load_checklist_bytes(bad.encode(), "x.yaml")
        assert [p.message.split(" must")[0] for p in caught.value.problems] == [
            "section 'sec-a': title"
        ]


def test_an_imported_checklist_with_an_escape_is_refused_and_not_kept(tmp_path: Path) -> None:
    bad = FIXTURES / "checklists" / "bad" / "title-escape.yaml"
    data = tmp_path / "data"
    imported = run_cli("checklist", "import", str(bad), data_dir=data)
    assert imported.returncode == 1
    assert imported.stderr == (
        f"error: {bad}:5: title must not contain control characters (U+001B)\n"
    )
    assert not list((data / "checklists").glob("*")) if (data / "checklists").exists() else True


def test_schema_and_rule_problems_are_reported_together() -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_text("utf-8")
    broken = (
        raw.replace(
            "severity: high, refs: [{source: src-a}]}",
            "severity: urgent, refs: [{source: src-a}]}",
            1,
        )
        .replace("{id: a2,", "{id: a1,", 1)
        .replace("refs: [{source: src-b}]}", "refs: [{source: src-z}]}", 1)
        .replace("applies_if: {platform: [teams, both]}", "applies_if: {platform: [teams, webex]}")
    )
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(broken.encode(), "both.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        "both.yaml:30: item 'a1': severity must be high, medium or low",
        "both.yaml:31: item 'a1': id is already used on line 30; ids must be unique",
        "both.yaml:32: item 'a3': ref 1: source names 'src-z', which is not one of the "
        "checklist's sources (src-a, src-b)",
        "both.yaml:45: item 'b3': applies_if 'platform' lists 'webex', which is not an option "
        "of that question (zoom, teams, both)",
    ]


def test_rules_are_checked_where_the_structure_still_allows() -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_text("utf-8")
    # The sources are not a list (a schema problem): the refs can't be checked against them,
    # but the items' ids and their applies_if still can.
    broken = raw.replace(
        "sources:\n  - id: src-a\n    title: Source A\n    date: 2020-05-07\n"
        "    url: https://example.org/a\n  - id: src-b\n    title: Source B\n",
        "sources: none\n",
    ).replace("{id: b2,", "{id: b1,", 1)
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(broken.encode(), "broken.yaml")
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "sources must be a list",
        "item 'b1': id is already used on line 32; ids must be unique",
    ]


@pytest.mark.parametrize(
    "damage",
    [
        ("sections:\n", "sections: 3\nnot_sections:\n"),
        ("  - id: sec-a\n", "  - 7\n  - id: sec-a\n"),
        ("refs: [{source: src-a}]}", "refs: 5}"),
        ("refs: [{source: src-a}]}", "refs: [7, {source: 9}]}"),
        ("applies_if: {platform: [teams, both]}", "applies_if: [teams]"),
        ("applies_if: {platform: [teams, both]}", "applies_if: {platform: teams}"),
        ("applies_if: {platform: [teams, both]}", "applies_if: {platform: [3, {a: b}]}"),
        ("options:\n", "options: 4\n  was_options:\n"),
        ("      - {id: zoom, label: Zoom}\n", "      - zoom\n"),
        ("  - id: platform\n", "  - id: 5\n"),
        ("scope:\n", "scope: {}\nwas_scope:\n"),
    ],
)
def test_rules_on_a_broken_structure_raise_only_checklist_errors(damage) -> None:
    raw = (FIXTURES / "checklists" / "good" / "scoring.yaml").read_text("utf-8")
    old, new = damage
    assert old in raw
    with pytest.raises(ChecklistError) as caught:
        load_checklist_bytes(raw.replace(old, new).encode(), "broken.yaml")
    assert caught.value.problems
