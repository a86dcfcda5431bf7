"""The checklist as immutable objects: what the loader returns, what assessments keep."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Severity(StrEnum):
    """How much an item weighs in the score."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def weight(self) -> int:
        """The item's weight in the score: high 3, medium 2, low 1."""
        return _WEIGHTS[self]


_WEIGHTS = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


@dataclass(frozen=True)
class Source:
    """A document the checklist's items cite."""

    id: str
    title: str
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ScopeOption:
    """One possible answer to a scope question."""

    id: str
    label: str


@dataclass(frozen=True)
class ScopeQuestion:
    """A question put when an assessment is created; its answer decides which items apply."""

    id: str
    question: str
    options: tuple[ScopeOption, ...]

    def option(self, option_id: str) -> ScopeOption | None:
        """The option with this id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Ref:
    """A citation of one of the checklist's sources."""

    source: str
    locator: str | None = None


@dataclass(frozen=True)
class Condition:
    """Part of `applies_if`: the item applies when this question's answer is among `options`."""

    question: str
    options: frozenset[str]


@dataclass(frozen=True)
class Item:
    """One thing to verify."""

    id: str
    question: str
    guidance: str
    severity: Severity
    refs: tuple[Ref, ...]
    applies_if: tuple[Condition, ...] = ()
    evidence_hint: str | None = None
    tradeoffs: tuple[str, ...] = ()

    def applies(self, scope: Mapping[str, str]) -> bool:
        """Whether the item is in scope for these scope answers (no condition: always)."""
        return all(scope.get(c.question) in c.options for c in self.applies_if)


@dataclass(frozen=True)
class Section:
    """A titled group of items."""

    id: str
    title: str
    items: tuple[Item, ...]
    description: str | None = None


@dataclass(frozen=True)
class Checklist:
    """A whole checklist, identified by id and version, fingerprinted by `sha256`.

    `canonical` is the checklist's content as compact, key-sorted JSON: assessments keep it as
    their copy of the checklist as used, and `sha256` is its hash, so comments and layout in the
    YAML file never change a checklist's identity.
    """

    format: int
    id: str
    version: str
    title: str
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    canonical: str = field(repr=False)
    sha256: str
    summary: str | None = None
    language: str = "en"
    scope: tuple[ScopeQuestion, ...] = ()

    @property
    def items(self) -> Iterator[Item]:
        """Every item, in file order."""
        for section in self.sections:
            yield from section.items

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def _section_of(self) -> dict[str, Section]:
        return {item.id: section for section in self.sections for item in section.items}

    @property
    def item_count(self) -> int:
        """How many items the checklist has."""
        return len(self._items_by_id)

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if any."""
        return self._items_by_id.get(item_id)

    def section_of(self, item_id: str) -> Section | None:
        """The section holding this item, if any."""
        return self._section_of.get(item_id)

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if any."""
        return next((s for s in self.sources if s.id == source_id), None)

    def scope_question(self, question_id: str) -> ScopeQuestion | None:
        """The scope question with this id, if any."""
        return next((q for q in self.scope if q.id == question_id), None)

    @property
    def key(self) -> str:
        """`id@version`, the way the command line names one version of a checklist."""
        return f"{self.id}@{self.version}"


def canonical_json(data: Any) -> str:
    """Compact, key-sorted JSON: the one serialisation that hashes are taken over."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checklist_from_data(data: Mapping[str, Any], sha256: str, canonical: str) -> Checklist:
    """Build the immutable checklist from already validated, trimmed data."""

    def opt(mapping: Mapping[str, Any], key: str) -> str | None:
        value = mapping.get(key)
        return None if value is None else str(value)

    sources = tuple(
        Source(id=s["id"], title=s["title"], date=opt(s, "date"), url=opt(s, "url"))
        for s in data["sources"]
    )
    scope = tuple(
        ScopeQuestion(
            id=q["id"],
            question=q["question"],
            options=tuple(ScopeOption(id=o["id"], label=o["label"]) for o in q["options"]),
        )
        for q in data.get("scope") or ()
    )
    sections = tuple(
        Section(
            id=s["id"],
            title=s["title"],
            description=opt(s, "description"),
            items=tuple(
                Item(
                    id=i["id"],
                    question=i["question"],
                    guidance=i["guidance"],
                    severity=Severity(i["severity"]),
                    refs=tuple(
                        Ref(source=r["source"], locator=opt(r, "locator")) for r in i["refs"]
                    ),
                    applies_if=tuple(
                        Condition(question=q, options=frozenset(opts))
                        for q, opts in sorted((i.get("applies_if") or {}).items())
                    ),
                    evidence_hint=opt(i, "evidence_hint"),
                    tradeoffs=tuple(i.get("tradeoffs") or ()),
                )
                for i in s["items"]
            ),
        )
        for s in data["sections"]
    )
    return Checklist(
        format=int(data["format"]),
        id=data["id"],
        version=data["version"],
        title=data["title"],
        summary=opt(data, "summary"),
        language=data.get("language") or "en",
        sources=sources,
        scope=scope,
        sections=sections,
        canonical=canonical,
        sha256=sha256,
    )


def checklist_from_canonical(canonical: str, sha256: str) -> Checklist:
    """Rebuild a checklist from the copy an assessment keeps (already validated when stored)."""
    return checklist_from_data(json.loads(canonical), sha256, canonical)
