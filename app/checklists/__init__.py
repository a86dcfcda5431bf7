"""Checklists: the file format, its loader, and the library of shipped and imported files."""

from __future__ import annotations

from app.checklists.loader import LoadedChecklist, load_checklist_bytes, load_checklist_file
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
