"""The recycle bin as `trash` and `delete` print it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.cli.render.basics import iso, table
from app.dto import (
    BinEntry,
    BinnedAssessment,
)
from app.i18n import _


def binned_json(b: BinnedAssessment) -> dict[str, Any]:
    """One assessment in the recycle bin, for `trash list --json`."""
    return {
        "id": b.id,
        "title": b.title,
        "organisation": b.organisation,
        "deleted_at": iso(b.entry.deleted_at),
        "deleted_by": b.entry.deleted_by,
        "reason": b.entry.reason,
    }


def binned_text(found: Sequence[BinnedAssessment]) -> str:
    """The recycle bin as a table."""
    if not found:
        return _("The recycle bin is empty.")
    rows = [
        [
            b.id,
            b.organisation,
            b.title,
            b.entry.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            b.entry.deleted_by,
            b.entry.reason.replace("\n", " "),
        ]
        for b in found
    ]
    headers = [_("ID"), _("ORGANISATION"), _("TITLE"), _("DELETED"), _("BY"), _("REASON")]
    return table(headers, rows, [12, 30, 40, 16, 24, 50])


def bin_entry_json(entry: BinEntry | None) -> dict[str, Any] | None:
    """Where `show --json` says an assessment is in the recycle bin (null when it isn't)."""
    if entry is None:
        return None
    return {
        "deleted_at": iso(entry.deleted_at),
        "deleted_by": entry.deleted_by,
        "reason": entry.reason,
    }


def bin_entry_line(id_: str, entry: BinEntry) -> str:
    """One line saying an assessment is in the recycle bin, and how to take it out."""
    return _(
        "IN THE RECYCLE BIN: deleted by {by} at {at}: {reason}. Restore it with: "
        "compliance-desk trash restore {id}"
    ).format(by=entry.deleted_by, at=iso(entry.deleted_at), reason=entry.reason, id=id_)
