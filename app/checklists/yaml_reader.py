"""Read a checklist file's YAML safely, remembering the line of every value.

PyYAML's safe loader already refuses Python object tags, but it forgets where values came from,
expands aliases without limit and reads `yes`/`no`/`on`/`off` as booleans. So the file is only
*composed* here (a node tree with positions) and turned into plain data by our own walk, which
refuses the hostile cases of the format page and keeps a line for every path in the document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from app.errors import ChecklistError, Problem
from app.i18n import _

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ALIAS_EXPANSION = 10_000
# Text the walk may produce, counting every alias expansion: twice the largest file, so a file
# without aliases always fits and one that multiplies a long text through aliases never does.
MAX_EXPANDED_CHARS = 2 * MAX_FILE_BYTES
MAX_DEPTH = 64

JsonPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


class _Loader(yaml.SafeLoader):
    """Safe loader resolving only `true`/`false` as booleans (YAML 1.2), so `yes` stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != f"{_TAG}bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    f"{_TAG}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CONSTRUCTOR = yaml.SafeLoader("")


@dataclass(frozen=True)
class LocatedDocument:
    """Plain data read from YAML, with the line each value and each key starts on."""

    data: Any
    value_lines: Mapping[JsonPath, int]
    key_lines: Mapping[JsonPath, int]

    def line_of(self, path: JsonPath) -> int:
        """Line of the value at `path`, or of its nearest enclosing value that has one."""
        for end in range(len(path), -1, -1):
            line = self.value_lines.get(path[:end])
            if line is not None:
                return line
        return 1

    def key_line_of(self, path: JsonPath) -> int:
        """Line of the key that introduces `path` (falls back to the value's line)."""
        return self.key_lines.get(path) or self.line_of(path)


class _Walker:
    """Turns a composed node tree into plain data, refusing what the format forbids."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._value_lines: dict[JsonPath, int] = {}
        self._key_lines: dict[JsonPath, int] = {}
        self._seen: set[int] = set()
        self._active: set[int] = set()
        self._expanded = 0
        self._chars = 0

    def _problem(self, node: Node, message: str) -> ChecklistError:
        return ChecklistError([Problem(self._name, node.start_mark.line + 1, message)])

    def document(self, root: Node) -> LocatedDocument:
        data = self._walk(root, (), 0)
        return LocatedDocument(data, self._value_lines, self._key_lines)

    def _walk(self, node: Node, path: JsonPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self._problem(node, _("nested more than {n} levels deep").format(n=MAX_DEPTH))
        if id(node) in self._active:
            raise self._problem(node, _("an alias refers to itself (recursive alias)"))
        if id(node) in self._seen:
            self._expanded += 1
            if self._expanded > MAX_ALIAS_EXPANSION:
                raise self._problem(
                    node,
                    _(
                        "aliases expand to more than {n} values; anchors and aliases may not be "
                        "used to blow up the file's size"
                    ).format(n=MAX_ALIAS_EXPANSION),
                )
        self._seen.add(id(node))
        self._value_lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            self._count(node)
            return self._scalar(node)
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self._require_tag(node, f"{_TAG}seq")
                return [
                    self._walk(child, (*path, i), depth + 1) for i, child in enumerate(node.value)
                ]
            if isinstance(node, MappingNode):
                self._require_tag(node, f"{_TAG}map")
                return self._mapping(node, path, depth)
        finally:
            self._active.discard(id(node))
        raise self._problem(node, _("unsupported YAML node"))  # pragma: no cover - composer limits

    def _count(self, node: ScalarNode) -> None:
        """Add a scalar's text to the running total, refusing before the data grows too big."""
        self._chars += len(node.value)
        if self._chars > MAX_EXPANDED_CHARS:
            raise self._problem(
                node,
                _(
                    "aliases expand the file to more than {n} characters of text; anchors and "
                    "aliases may not be used to blow up the file's size"
                ).format(n=MAX_EXPANDED_CHARS),
            )

    def _require_encodable(self, node: ScalarNode) -> None:
        """Refuse text that UTF-8 cannot hold: a lone surrogate written as an escape in YAML."""
        try:
            node.value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise self._problem(
                node,
                _("text holds an escape that is not a character (U+{code:04X})").format(
                    code=ord(node.value[exc.start])
                ),
            ) from exc

    def _mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                raise self._problem(key_node, _("YAML merge keys (<<) are not allowed"))
            if not isinstance(key_node, ScalarNode) or key_node.tag != f"{_TAG}str":
                raise self._problem(key_node, _("keys must be plain text"))
            key = key_node.value
            self._count(key_node)
            self._require_encodable(key_node)
            if key in result:
                raise self._problem(
                    key_node, _("key '{key}' appears twice in the same mapping").format(key=key)
                )
            child_path = (*path, key)
            self._key_lines.setdefault(child_path, key_node.start_mark.line + 1)
            result[key] = self._walk(value_node, child_path, depth + 1)
        return result

    def _require_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise self._problem(
                node, _("YAML tag '{tag}' is not allowed").format(tag=_short_tag(node.tag))
            )

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self._problem(
                node, _("YAML tag '{tag}' is not allowed").format(tag=_short_tag(tag))
            )
        kind = tag.removeprefix(_TAG)
        if kind == "str":
            self._require_encodable(node)
            return node.value.strip()
        if kind == "null":
            return None
        if kind == "bool":
            return node.value.lower() == "true"
        if kind == "timestamp":
            # Kept as written: the schema checks dates, and says which field is wrong.
            return node.value
        try:
            value = _CONSTRUCTOR.construct_object(node)
        # PyYAML reads the first character of an explicitly tagged number without looking:
        # `!!int ""` raises IndexError, not ValueError.
        except (ValueError, IndexError, OverflowError, yaml.YAMLError) as exc:
            raise self._problem(
                node,
                _("'{text}' can't be read as {tag}").format(
                    text=node.value[:40], tag=_short_tag(tag)
                ),
            ) from exc
        return value


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def decode_checklist_bytes(raw: bytes, name: str) -> str:
    """Check size and encoding, returning the text.

    Raises:
        ChecklistError: too large, empty or not UTF-8 (naming the line of the first bad byte).
    """
    if len(raw) > MAX_FILE_BYTES:
        line = raw[:MAX_FILE_BYTES].count(b"\n") + 1
        raise ChecklistError(
            [
                Problem(
                    name,
                    line,
                    _(
                        "file is larger than 2 MiB ({size} bytes); the limit is passed on this line"
                    ).format(size=len(raw)),
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ChecklistError(
            [
                Problem(
                    name,
                    line,
                    _("file is not UTF-8 text (byte 0x{byte:02x} at offset {offset})").format(
                        byte=raw[exc.start], offset=exc.start
                    ),
                )
            ]
        ) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ChecklistError([Problem(name, 1, _("file is empty"))])
    return text


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's context and problem as one phrase."""
    parts = [p for p in (exc.context, exc.problem) if p]
    if len(parts) == 2:
        return (
            f"{parts[0]}, {parts[1]}" if parts[1].startswith("but ") else f"{parts[0]}: {parts[1]}"
        )
    return parts[0] if parts else str(exc)


def read_yaml(raw: bytes, name: str) -> LocatedDocument:
    """Parse one checklist file's bytes into plain data with line numbers.

    Raises:
        ChecklistError: the file is too large, not UTF-8, not valid YAML, or uses a refused
            construct (tags, merge keys, alias bombs, duplicate keys, non-text keys).
    """
    text = decode_checklist_bytes(raw, name)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = _yaml_reason(exc)
        raise ChecklistError(
            [Problem(name, line, _("not valid YAML: {reason}").format(reason=reason))]
        ) from exc
    except yaml.YAMLError as exc:
        raise ChecklistError(
            [Problem(name, 1, _("not valid YAML: {reason}").format(reason=exc))]
        ) from exc
    except RecursionError as exc:
        raise ChecklistError(
            [Problem(name, 1, _("nested more than {n} levels deep").format(n=MAX_DEPTH))]
        ) from exc
    if root is None:
        raise ChecklistError([Problem(name, 1, _("file is empty"))])
    return _Walker(name).document(root)
