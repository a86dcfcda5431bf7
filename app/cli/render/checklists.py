"""The checklist library as `checklists` prints it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.cli.render.basics import table
from app.i18n import _
from app.locale_text import count

if TYPE_CHECKING:
    from app.checklists.library import LibraryEntry  # the library loads with its commands


def checklist_json(entry: LibraryEntry) -> dict[str, Any]:
    """One library entry for `checklists --json`."""
    c = entry.checklist
    return {
        "id": c.id,
        "version": c.version,
        "title": c.title,
        "items": c.item_count,
        "sections": len(c.sections),
        "sha256": c.sha256,
        "origin": entry.origin.value,
        "path": str(entry.path),
        "scope": [
            {"id": q.id, "question": q.question, "options": [o.id for o in q.options]}
            for q in c.scope
        ],
    }


def checklists_text(entries: Sequence[LibraryEntry]) -> str:
    """The library as a table."""
    if not entries:
        return _("No checklists available.")
    rows = [
        [
            e.checklist.id,
            e.checklist.version,
            count(e.checklist.item_count),
            e.origin.value,
            e.checklist.title,
        ]
        for e in entries
    ]
    return table(
        [_("ID"), _("VERSION"), _("ITEMS"), _("ORIGIN"), _("TITLE")], rows, [40, 16, 6, 9, 70]
    )
