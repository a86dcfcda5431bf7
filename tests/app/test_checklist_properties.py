"""Property tests of the checklist loader: whatever the bytes, its own error with file and line.

`load_checklist_bytes` reads files people download and edit by hand. On any input it either
loads a checklist that can be stored and read back, or raises `ChecklistError` whose every
problem names the file and a line of it. Inputs: arbitrary bytes and text, and the shipped and
good fixture checklists mutated byte by byte, line by line, and key by key.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.checklists.loader import load_checklist_bytes
from app.checklists.model import checklist_from_canonical
from app.errors import ChecklistError
from tests.conftest import FIXTURES, ROOT

NAME = "fuzzed/checklist.yaml"
SEEDS = {
    p.name: p.read_bytes()
    for p in [
        *sorted((ROOT / "checklists").glob("*.yaml")),
        *sorted((FIXTURES / "checklists" / "good").glob("*.yaml")),
    ]
}
# Bounded so each property runs in seconds: a shipped checklist takes tens of ms to validate.
# CHECKLIST_FUZZ_SCALE=50 runs fifty times as many examples, to hunt rather than to guard.
SCALE = int(os.environ.get("CHECKLIST_FUZZ_SCALE", "1"))
FEW = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=300 * SCALE, deadline=None)

# Where YAML starts a new line; a problem's line must be one of the file's lines.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def line_count(raw: bytes) -> int:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.count(b"\n") + 1
    return max(len(_BREAKS.split(text)), raw.count(b"\n") + 1)


def loads_or_refuses_with_file_and_line(raw: bytes) -> None:
    """The property: a checklist that round-trips, or ChecklistError naming file and line."""
    try:
        loaded = load_checklist_bytes(raw, NAME)
    except ChecklistError as exc:
        assert exc.problems, "a refusal must say what is wrong"
        last = line_count(raw)
        for problem in exc.problems:
            assert problem.file == NAME, problem
            assert problem.line >= 1 and problem.line <= last, (problem, last)
            assert problem.message.strip(), problem
            assert str(problem).startswith(f"{NAME}:{problem.line}: ")
        return
    checklist = loaded.checklist
    # What is accepted is stored as canonical JSON and read back at every start: it must come back.
    assert checklist_from_canonical(checklist.canonical, checklist.sha256) == checklist
    for warning in loaded.warnings:
        assert warning.file == NAME and warning.line >= 1, warning


# Arbitrary input


@MANY
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(raw: bytes) -> None:
    loads_or_refuses_with_file_and_line(raw)


YAMLISH = st.text(
    alphabet=st.sampled_from(
        list("abcxyz019 -:#&*!|>?{}[],'\"\\%@`\t\n") + ["\r", "\x00", "\x85", "\u2028", "\ufeff"]
    ),
    max_size=400,
)


@MANY
@given(YAMLISH)
def test_arbitrary_yaml_punctuation(text: str) -> None:
    loads_or_refuses_with_file_and_line(text.encode("utf-8", "surrogatepass"))


TAGS = ["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp", "!!binary", "!!set"]
SCALAR_TEXT = st.text(alphabet=st.sampled_from(list("0123456789+-_.:xobeEinfaTt ")), max_size=12)


@st.composite
def tagged_scalars(draw: st.DrawFn) -> str:
    """A scalar with an explicit tag, whose text may not be of that type at all."""
    text = draw(SCALAR_TEXT)
    quoted = draw(st.sampled_from(["{}", '"{}"', "'{}'"])).format(text)
    return f"{draw(st.sampled_from(TAGS))} {quoted}"


@MANY
@given(
    st.lists(st.tuples(st.sampled_from(["format", "id", "title"]), tagged_scalars()), max_size=4)
)
def test_explicitly_tagged_scalars(pairs: list[tuple[str, str]]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in dict(pairs).items())
    loads_or_refuses_with_file_and_line(text.encode("utf-8"))


# Mutated valid checklists

SNIPPETS = [
    "&a [*a]",
    "*nowhere",
    "!!python/object/apply:os.system ['true']",
    "!custom tag",
    "<<: {a: 1}",
    "? [complex, key]\n: value",
    "- stray item",
    "key: |\n  block",
    "\tindented: with a tab",
    "%YAML 1.1",
    "---",
    "...",
    "{",
    "]",
    "'unterminated",
    '"\\ud800"',
    '"\\x00\\x1b[2J"',
    "123456789012345678901234567890",
    "1e400",
    ".nan",
    "2024-02-30",
    "~",
    "yes",
    "on",
    "0x1F",
    "0o777",
    "id: a1",
    "severity: high",
    "format: 2",
]


@st.composite
def byte_mutants(draw: st.DrawFn) -> bytes:
    raw = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(raw)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        byte = draw(st.integers(0, 255))
        if kind == "flip" and at < len(raw):
            raw[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            raw[at:at] = bytes([byte])
        elif kind == "delete":
            del raw[at : at + draw(st.integers(1, 16))]
        elif kind == "truncate":
            del raw[at:]
    return bytes(raw)


@st.composite
def line_mutants(draw: st.DrawFn) -> bytes:
    lines = SEEDS[draw(st.sampled_from(sorted(SEEDS)))].decode("utf-8").split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "snippet", "value"])
        )
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip()
        elif kind == "snippet":
            lines.insert(
                i,
                lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                + draw(st.sampled_from(SNIPPETS)),
            )
        elif kind == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(SNIPPETS) | tagged_scalars())}"
    return "\n".join(lines).encode("utf-8")


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.sampled_from(
            ["", " ", "high", "zoom", "src-a", "\u202e", "\x1b[2J", "\ud800", "x" * 5000]
        ),
    )


VALUES = st.recursive(
    scalars(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths_in(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, (*at, index))
    return found


def node_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def key_mutants(draw: st.DrawFn) -> bytes:
    data = yaml.safe_load(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths_in(data)[1:]))
        parent, last = node_at(data, path[:-1]), path[-1]
        kind = draw(st.sampled_from(["delete", "replace", "rename", "copy"]))
        if kind == "delete":
            del parent[last]
        elif kind == "replace":
            parent[last] = draw(VALUES)
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = parent.pop(last)
        elif kind == "copy":
            # An element copied elsewhere: duplicate ids, a section's item inside another.
            target = node_at(data, draw(st.sampled_from(paths_in(data))))
            if isinstance(target, list):
                target.append(json.loads(json.dumps(parent[last], default=str)))
    # JSON is YAML too, and writes text that is not a character as an escape (\ud800).
    if draw(st.booleans()):
        text = json.dumps(data, default=str, indent=draw(st.sampled_from([None, 2])))
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return text.encode("utf-8", "surrogatepass")


@FEW
@given(byte_mutants())
def test_checklists_mutated_byte_by_byte(raw: bytes) -> None:
    loads_or_refuses_with_file_and_line(raw)


@FEW
@given(line_mutants())
def test_checklists_mutated_line_by_line(raw: bytes) -> None:
    loads_or_refuses_with_file_and_line(raw)


@FEW
@given(key_mutants())
def test_checklists_mutated_key_by_key(raw: bytes) -> None:
    loads_or_refuses_with_file_and_line(raw)


def test_the_seeds_load() -> None:
    for name, raw in SEEDS.items():
        assert load_checklist_bytes(raw, name).checklist.item_count > 0, name
    assert isinstance(Path(NAME), Path)
