"""Load and validate checklist files: the JSON Schema first, then the rules a schema can't say.

Every problem names the file, the line and the rule, in the words of the format page, e.g.
`checklists/x.yaml:41: item 'a-3': severity must be high, medium or low`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.checklists.model import Checklist, canonical_json, checklist_from_data
from app.checklists.yaml_reader import MAX_FILE_BYTES, JsonPath, LocatedDocument, read_yaml
from app.errors import ChecklistError, Problem, UserError
from app.fields import BIDI_CONTROLS
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
    # Every kind of problem in one run: the rules are checked wherever the structure still
    # allows, so mending the schema's problems doesn't reveal a second list of others.
    problems = sorted(
        {*_schema_problems(doc, name), *_text_problems(doc, name), *_rule_problems(doc, name)},
        key=lambda p: (p.line, p.message),
    )
    if problems:
        raise ChecklistError(problems)
    warnings = list(_unused_warnings(doc, name))
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
    found = set() if schema_checked else set(_schema_problems(doc, name))
    found |= {*_text_problems(doc, name), *_rule_problems(doc, name)}
    return sorted({Problem(p.file, 0, p.message) for p in found}, key=lambda p: p.message)


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
        # A list's element by its position; a mapping where the list should be (`refs: {k: v}`)
        # is described by its keys like any other field.
        if (
            isinstance(step, str)
            and step in _ELEMENT_NAMES
            and i + 1 < len(path)
            and isinstance(path[i + 1], int)
        ):
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


# Text that would mislead once shown


def _text_problems(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    """Control and direction-changing characters in any text of the checklist.

    A checklist's words reach the window, the PDF report and the terminal as they are: an
    escape sequence, a C1 control or a bidi override in a question could clear a terminal or
    show a report's text reordered. Titles and labels are one line; other texts may hold line
    breaks and tabs.
    """
    for path, text in _strings(doc.data, ()):
        field = next((step for step in reversed(path) if isinstance(step, str)), "")
        rule = _text_rule(text, multiline=field not in _ONE_LINE_FIELDS)
        if rule:
            yield _problem(doc, name, path, rule)


# Fields shown on one line: a line break in them is a mistake, or a forged line.
_ONE_LINE_FIELDS = frozenset({"title", "label", "id", "version", "language", "url", "date"})


def _strings(data: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every text value in the data, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _text_rule(text: str, *, multiline: bool) -> str | None:
    """What is wrong with the characters of `text`, read after the field's name; or None."""
    for char in text:
        if char == "\n" and not multiline:
            return _("must be one line (it holds a line break)")
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\n\t"):
            return _("must not contain control characters (U+{code:04X})").format(code=ord(char))
        if char in BIDI_CONTROLS:
            return _(
                "must not contain characters that change the direction text is shown in "
                "(U+{code:04X})"
            ).format(code=ord(char))
    return None


# Rules a schema can't say


def _elements(data: Any, path: JsonPath) -> list[tuple[int, Mapping[str, Any]]]:
    """The mappings of the list at `path`, with their indexes; none where that isn't a list.

    The rules below run on documents the schema may have refused, so they look only at the
    parts that have the shape the rule needs, and skip the rest (the schema reports it).
    """
    node = data
    for step in path:
        if isinstance(step, str) and isinstance(node, dict):
            node = node.get(step)
        elif isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
        else:
            return []
    if not isinstance(node, list):
        return []
    return [(index, element) for index, element in enumerate(node) if isinstance(element, dict)]


def _text_ids(values: Any) -> list[str]:
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def _items(data: Any) -> Iterator[tuple[JsonPath, Mapping[str, Any]]]:
    for si, _section in _elements(data, ("sections",)):
        for ii, item in _elements(data, ("sections", si, "items")):
            yield ("sections", si, "items", ii), item


def _duplicate_ids(doc: LocatedDocument, name: str, lists: Sequence[JsonPath]) -> Iterator[Problem]:
    """Ids repeated within one namespace; `lists` are the lists that share it."""
    seen: dict[str, int] = {}
    for list_path in lists:
        for index, element in _elements(doc.data, list_path):
            ident = element.get("id")
            if not isinstance(ident, str):
                continue
            id_path = (*list_path, index, "id")
            if ident in seen:
                rule = _("id is already used on line {line}; ids must be unique")
                yield _problem(
                    doc,
                    name,
                    id_path,
                    rule.format(line=seen[ident]),
                    about=(*list_path, index),
                )
            else:
                seen[ident] = doc.line_of(id_path)


def _unique_id_problems(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    data = doc.data
    yield from _duplicate_ids(doc, name, [("sources",)])
    yield from _duplicate_ids(doc, name, [("scope",)])
    for qi, _question in _elements(data, ("scope",)):
        yield from _duplicate_ids(doc, name, [("scope", qi, "options")])
    yield from _duplicate_ids(doc, name, [("sections",)])
    item_lists = [("sections", si, "items") for si, _section in _elements(data, ("sections",))]
    yield from _duplicate_ids(doc, name, item_lists)


def _scope_options(data: Any) -> dict[str, list[str] | None] | None:
    """Each scope question's option ids, None where its options aren't a list.

    None as a whole when the scope itself isn't a list: references to it can't be checked.
    """
    scope = data.get("scope") if isinstance(data, dict) else None
    if scope is not None and not isinstance(scope, list):
        return None
    found: dict[str, list[str] | None] = {}
    for qi, question in _elements(data, ("scope",)):
        ident = question.get("id")
        if isinstance(ident, str):
            options = question.get("options")
            found[ident] = (
                [
                    o["id"]
                    for _oi, o in _elements(data, ("scope", qi, "options"))
                    if isinstance(o.get("id"), str)
                ]
                if isinstance(options, list)
                else None
            )
    return found


def _reference_problems(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    """Refs must name sources; applies_if must name scope questions and their options."""
    data = doc.data
    # Refs are checked only against a list of sources: else every ref would be "unknown".
    refs_checked = isinstance(data, dict) and isinstance(data.get("sources"), list)
    source_ids = [
        s["id"] for _i, s in _elements(data, ("sources",)) if isinstance(s.get("id"), str)
    ]
    options_of = _scope_options(data)
    for item_path, item in _items(data):
        for ri, ref in _elements(data, (*item_path, "refs")) if refs_checked else []:
            source = ref.get("source")
            if isinstance(source, str) and source not in source_ids:
                rule = _("names '{source}', which is not one of the checklist's sources ({known})")
                yield _problem(
                    doc,
                    name,
                    (*item_path, "refs", ri, "source"),
                    rule.format(source=source, known=", ".join(source_ids)),
                )
        applies_if = item.get("applies_if")
        if options_of is None or not isinstance(applies_if, dict):
            continue
        for question_id, option_ids in applies_if.items():
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
            options = options_of[question_id]
            if options is None:
                continue
            for option_id in _text_ids(option_ids):
                if option_id in options:
                    continue
                rule = _(
                    "applies_if '{question}' lists '{option}', which is not an option of that "
                    "question ({known})"
                )
                yield _problem(
                    doc,
                    name,
                    at,
                    rule.format(question=question_id, option=option_id, known=", ".join(options)),
                    about=item_path,
                )


def _unused_warnings(doc: LocatedDocument, name: str) -> Iterator[Problem]:
    """Sources nobody cites and scope questions no item depends on: allowed, but likely slips.

    Only asked of a valid document.
    """
    cited = {ref["source"] for _path, item in _items(doc.data) for ref in item["refs"]}
    used = {q for _path, item in _items(doc.data) for q in item.get("applies_if") or {}}
    for index, source in enumerate(doc.data["sources"]):
        if source["id"] not in cited:
            yield _problem(doc, name, ("sources", index), _("is not cited by any item"))
    for index, question in enumerate(doc.data.get("scope") or []):
        if question["id"] not in used:
            yield _problem(doc, name, ("scope", index), _("is not used by any item's applies_if"))


def _rule_problems(doc: LocatedDocument, name: str) -> list[Problem]:
    """What breaks the rules a schema can't say, wherever the structure lets them be checked."""
    return [*_unique_id_problems(doc, name), *_reference_problems(doc, name)]
