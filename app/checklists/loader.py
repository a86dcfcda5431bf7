"""Load and validate checklist files: the JSON Schema first, then the rules a schema can't say.

Every problem names the file, the line and the rule, in the words of the format page, e.g.
`checklists/x.yaml:41: item 'a-3': severity must be high, medium or low`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.checklists.model import Checklist, canonical_json, checklist_from_data
from app.checklists.yaml_reader import MAX_FILE_BYTES, JsonPath, LocatedDocument, read_yaml
from app.errors import ChecklistError, Problem, UserError
from app.i18n import _
from app.user_files import read_user_file

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

# What an element of each list is called in messages.
_ELEMENT_NAMES = {
    "sources": "source",
    "scope": "scope question",
    "options": "option",
    "sections": "section",
    "items": "item",
    "refs": "ref",
    "tradeoffs": "trade-off",
}
_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys to values",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


@dataclass(frozen=True)
class LoadedChecklist:
    """A valid checklist and the warnings found while loading it (they don't block use)."""

    checklist: Checklist
    warnings: tuple[Problem, ...] = ()


# Read at most this much of a named file: enough to report the 2 MiB limit with its line.
READ_LIMIT = 4 * MAX_FILE_BYTES


@cache
def checklist_schema() -> dict[str, Any]:
    """The JSON Schema of checklist format 1, kept beside this module."""
    text = files("app.checklists").joinpath("checklist-v1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    # Imported here: jsonschema is slow to import and only checklist files need it.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        checklist_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def read_checklist_file(path: Path, name: str | None = None) -> bytes:
    """Read a checklist file's bytes, bounded: a pipe, a device or a huge file is refused unread.

    Files a little over the format's limit are read, so the size problem can name its line.

    Raises:
        ChecklistError: missing, a folder, not a regular file, far too large, or unreadable
            (named as `name`, or the path).
    """
    shown = name or str(path)
    try:
        return read_user_file(path, limit=READ_LIMIT)
    except UserError as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        raise ChecklistError([Problem(shown, 0, reason)]) from exc


def load_checklist_file(path: Path, name: str | None = None) -> LoadedChecklist:
    """Read, validate and build one checklist file.

    Args:
        path: the file.
        name: how to call the file in messages (defaults to the path as given).

    Raises:
        ChecklistError: the file can't be read or breaks the format; lists every problem.
    """
    return load_checklist_bytes(read_checklist_file(path, name), name or str(path))


def load_checklist_bytes(raw: bytes, name: str) -> LoadedChecklist:
    """Validate and build a checklist from a file's bytes; `name` is used in messages."""
    doc = read_yaml(raw, name)
    problems = sorted(_schema_problems(doc, name), key=lambda p: (p.line, p.message))
    if problems:
        raise ChecklistError(problems)
    errors, warnings = _rule_problems(doc, name)
    if errors:
        raise ChecklistError(sorted(errors, key=lambda p: (p.line, p.message)))
    canonical = canonical_json(doc.data)
    sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    checklist = checklist_from_data(doc.data, sha256, canonical)
    return LoadedChecklist(checklist, tuple(sorted(warnings, key=lambda p: p.line)))


def checklist_data_problems(data: Any, name: str, *, schema_checked: bool = False) -> list[Problem]:
    """What checklist data, parsed from JSON rather than read from a file, breaks.

    The schema and the format's rules, as for a file; there are no lines to name. For checklist
    copies that arrive as canonical JSON (in a bundle) rather than as a file someone wrote.
    `schema_checked` says the caller found it valid against the schema already.
    """
    doc = LocatedDocument(data, {}, {})
    problems = [] if schema_checked else list(_schema_problems(doc, name))
    if not problems:
        problems, _warnings = _rule_problems(doc, name)
    return [Problem(p.file, 0, p.message) for p in problems]


# Schema problems


def _schema_problems(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    """The schema's findings in the format's words, each problem once.

    jsonschema reports a `required` rule once per missing key, and every one of those errors
    carries the whole list of required keys; other rules can repeat through `$ref`s too. The
    person mending the file needs each problem once.
    """
    if not isinstance(doc.data, dict):
        yield Problem(
            name,
            doc.line_of(()),
            _("the file must be a mapping of keys (format, id, version, ...)"),
        )
        return
    seen: set[Problem] = set()
    for error in _validator().iter_errors(doc.data):
        for problem in _translate(error, doc, name):
            if problem not in seen:
                seen.add(problem)
                yield problem


def _translate(error: ValidationError, doc: LocatedDocument, name: str) -> Iterator[Problem]:
    """Turn one jsonschema error into messages that name the object, the field and the rule."""
    path: JsonPath = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(schema.get("properties", {}))
        for key in error.instance:
            if key in known:
                continue
            hint = difflib.get_close_matches(key, known, n=1)
            extra = _(" (did you mean '{key}'?)").format(key=hint[0]) if hint else ""
            yield _problem(
                doc,
                name,
                (*path, key),
                _("unknown key '{key}'{hint}").format(key=key, hint=extra),
                about=path,
                key_line=True,
            )
        return
    if kind == "required":  # one error per missing key, each naming them all: see above
        missing = [k for k in expected if k not in instance]
        for key in missing:
            yield _problem(doc, name, path, _("missing required key '{key}'").format(key=key))
        return
    custom = schema.get("errorMessage")
    if custom and kind in ("type", "pattern", "format", "const"):
        rule = _(custom)
    elif kind == "enum":
        rule = _("must be {choices}").format(choices=_or_list([str(v) for v in expected]))
    elif kind == "type":
        rule = _("must be {kind}").format(kind=_TYPE_WORDS.get(str(expected), expected))
    elif kind == "minLength" and expected == 1:
        rule = _("must not be empty")
    elif kind == "maxLength":
        rule = _("must be at most {n} characters").format(n=expected)
    elif kind == "minItems":
        rule = _("must list at least {n}").format(n=expected)
    elif kind == "minProperties":
        rule = _("must name at least {n} scope question").format(n=expected)
    elif kind == "uniqueItems":
        rule = _("lists the same value twice")
    else:
        rule = error.message
    yield _problem(doc, name, path, rule)


def _or_list(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return _("{first} or {last}").format(first=", ".join(words[:-1]), last=words[-1])


def _problem(
    doc: LocatedDocument,
    name: str,
    at: JsonPath,
    rule: str,
    *,
    about: JsonPath | None = None,
    key_line: bool = False,
) -> Problem:
    """A problem on the line of `at`, described by the object and field at `about`.

    Args:
        doc: the document, for lines and ids.
        name: the file's name for the message.
        at: the path whose line is reported.
        rule: what is wrong, read after the field's name ("must be ...").
        about: the path that names the object and field (defaults to `at`).
        key_line: report the line of the key introducing `at` rather than its value's.
    """
    context, field_name = _describe(doc.data, at if about is None else about)
    text = f"{field_name} {rule}" if field_name else rule
    message = f"{context}: {text}" if context else text
    line = doc.key_line_of(at) if key_line else doc.line_of(at)
    return Problem(name, line, message)


def _describe(data: Any, path: JsonPath) -> tuple[str, str]:
    """Name the innermost object on `path` ("item 'a-3'") and the rest of the path ("severity")."""
    contexts: list[str] = []
    rest: list[str] = []
    node = data
    i = 0
    while i < len(path):
        step = path[i]
        if isinstance(step, str) and step in _ELEMENT_NAMES and i + 1 < len(path):
            index = path[i + 1]
            container = node.get(step) if isinstance(node, dict) else None
            element = (
                container[index]
                if isinstance(container, list) and isinstance(index, int) and index < len(container)
                else None
            )
            label = _ELEMENT_NAMES[step]
            ident = element.get("id") if isinstance(element, dict) else None
            words = (
                f"{label} '{ident}'"
                if isinstance(ident, str) and ident
                else f"{label} {int(index) + 1}"
            )
            if step == "items":
                contexts = [c for c in contexts if not c.startswith("section ")]
            contexts.append(words)
            rest = []
            node = element
            i += 2
            continue
        rest.append(str(step))
        node = node.get(step) if isinstance(node, dict) and isinstance(step, str) else None
        i += 1
    return ": ".join(contexts), " ".join(rest)


# Rules a schema can't say


def _items(data: Mapping[str, Any]) -> Iterator[tuple[JsonPath, Mapping[str, Any]]]:
    for si, section in enumerate(data["sections"]):
        for ii, item in enumerate(section["items"]):
            yield ("sections", si, "items", ii), item


def _duplicate_ids(doc: LocatedDocument, name: str, lists: Sequence[JsonPath]) -> Iterator[Problem]:
    """Ids repeated within one namespace; `lists` are the lists that share it."""
    seen: dict[str, int] = {}
    for list_path in lists:
        elements = _at(doc.data, list_path)
        for index, element in enumerate(elements):
            id_path = (*list_path, index, "id")
            if element["id"] in seen:
                rule = _("id is already used on line {line}; ids must be unique")
                yield _problem(
                    doc,
                    name,
                    id_path,
                    rule.format(line=seen[element["id"]]),
                    about=(*list_path, index),
                )
            else:
                seen[element["id"]] = doc.line_of(id_path)


def _at(data: Any, path: JsonPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _unique_id_problems(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    data = doc.data
    yield from _duplicate_ids(doc, name, [("sources",)])
    questions = data.get("scope") or []
    yield from _duplicate_ids(doc, name, [("scope",)] if questions else [])
    for qi in range(len(questions)):
        yield from _duplicate_ids(doc, name, [("scope", qi, "options")])
    yield from _duplicate_ids(doc, name, [("sections",)])
    item_lists = [("sections", si, "items") for si in range(len(data["sections"]))]
    yield from _duplicate_ids(doc, name, item_lists)


def _reference_problems(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    """Refs must name sources; applies_if must name scope questions and their options."""
    source_ids = [s["id"] for s in doc.data["sources"]]
    options_of = {q["id"]: [o["id"] for o in q["options"]] for q in doc.data.get("scope") or []}
    for item_path, item in _items(doc.data):
        for ri, ref in enumerate(item["refs"]):
            if ref["source"] not in source_ids:
                rule = _("names '{source}', which is not one of the checklist's sources ({known})")
                yield _problem(
                    doc,
                    name,
                    (*item_path, "refs", ri, "source"),
                    rule.format(source=ref["source"], known=", ".join(source_ids)),
                )
        for question_id, option_ids in (item.get("applies_if") or {}).items():
            at = (*item_path, "applies_if", question_id)
            if question_id not in options_of:
                rule = _("applies_if names '{question}', which is not a scope question ({known})")
                known = ", ".join(options_of) or _("the checklist has none")
                yield _problem(
                    doc,
                    name,
                    at,
                    rule.format(question=question_id, known=known),
                    about=item_path,
                    key_line=True,
                )
                continue
            for option_id in option_ids:
                if option_id in options_of[question_id]:
                    continue
                rule = _(
                    "applies_if '{question}' lists '{option}', which is not an option of that "
                    "question ({known})"
                )
                known = ", ".join(options_of[question_id])
                yield _problem(
                    doc,
                    name,
                    at,
                    rule.format(question=question_id, option=option_id, known=known),
                    about=item_path,
                )


def _unused_warnings(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    """Sources nobody cites and scope questions no item depends on: allowed, but likely slips."""
    cited = {ref["source"] for _path, item in _items(doc.data) for ref in item["refs"]}
    used = {q for _path, item in _items(doc.data) for q in item.get("applies_if") or {}}
    for index, source in enumerate(doc.data["sources"]):
        if source["id"] not in cited:
            yield _problem(doc, name, ("sources", index), _("is not cited by any item"))
    for index, question in enumerate(doc.data.get("scope") or []):
        if question["id"] not in used:
            yield _problem(doc, name, ("scope", index), _("is not used by any item's applies_if"))


def _rule_problems(doc: LocatedDocument, name: str) -> tuple[list[Problem], list[Problem]]:
    errors = [*_unique_id_problems(doc, name), *_reference_problems(doc, name)]
    return errors, list(_unused_warnings(doc, name))
