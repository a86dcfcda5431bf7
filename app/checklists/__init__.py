"""Checklists: the file format, its loader, and the library of shipped and imported files.

The loader (YAML, the schema checks) is imported when one of its names is first used, not with
the package: an assessment read from the workspace carries its checklist in canonical form
(`checklist_from_canonical`), and a command that only reads one, such as a report, never parses
a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.checklists.model import (
    Checklist,
    Condition,
    Item,
    Ref,
    ScopeOption,
    ScopeQuestion,
    Section,
    Severity,
    Source,
    checklist_from_canonical,
)

__all__ = [
    "Checklist",
    "Condition",
    "Item",
    "LoadedChecklist",
    "Ref",
    "ScopeOption",
    "ScopeQuestion",
    "Section",
    "Severity",
    "Source",
    "checklist_from_canonical",
    "load_checklist_bytes",
    "load_checklist_file",
]

if TYPE_CHECKING:
    from app.checklists.loader import LoadedChecklist, load_checklist_bytes, load_checklist_file

_LOADER_NAMES = {"LoadedChecklist", "load_checklist_bytes", "load_checklist_file"}


def __getattr__(name: str) -> Any:
    """The loader's names, imported on first use."""
    if name in _LOADER_NAMES:
        from app.checklists import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
