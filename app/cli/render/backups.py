"""Backups as `backup list` and `backup show` print them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.cli.render.basics import iso, lines_text, size_text, table
from app.i18n import _, ngettext
from app.paths import Paths
from app.wording import (
    stored_status_word,
)

if TYPE_CHECKING:
    from app.backups import BackupContents, BackupInfo


def backup_json(b: BackupInfo) -> dict[str, Any]:
    """One backup for `backup list --json`."""
    return {
        "name": b.name,
        "created": iso(b.created),
        "size": b.size,
        "reason": b.reason.value,
    }


def backups_text(found: Sequence[BackupInfo], paths: Paths) -> str:
    """The backups as a table, newest last."""
    if not found:
        return _("No backups yet in {folder}. Make one with: compliance-desk backup create").format(
            folder=paths.backups_dir
        )
    rows = [
        [
            b.name,
            b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            backup_reason_text(b),
            size_text(b.size),
        ]
        for b in found
    ]
    return table([_("NAME"), _("MADE"), _("WHY"), _("SIZE")], rows, [60, 19, 48, 12])


def backup_reason_text(b: BackupInfo) -> str:
    """Why a backup was made; a sign-off's names the assessment signed off."""
    from app.backups import reason_word, signed_off_in

    signed = signed_off_in(b)
    if signed is None:
        return reason_word(b.reason)
    return _("at the sign-off of '{title}'").format(title=signed.title)


def backup_contents_json(c: BackupContents) -> dict[str, Any]:
    """What a backup holds, for `backup show --json`."""
    return {
        **backup_json(c.info),
        "schema": c.revision,
        "needs_update": c.needs_update,
        "assessment_count": c.assessment_count,
        "assessments": [
            {
                "id": a.id,
                "title": a.title,
                "organisation": a.organisation,
                "status": a.status,
                "in_recycle_bin": a.in_bin,
            }
            for a in c.assessments
        ],
    }


def backup_contents_text(c: BackupContents) -> str:
    """What a backup holds, in words: one line per assessment."""
    from app.backups import reason_word

    heading = ngettext(
        "The backup {name} ({why}, made {at}) holds {n} assessment:",
        "The backup {name} ({why}, made {at}) holds {n} assessments:",
        c.assessment_count,
    )
    if not c.assessment_count:
        heading = _("The backup {name} ({why}, made {at}) holds no assessments.")
    lines = [
        heading.format(
            name=c.info.name,
            why=reason_word(c.info.reason),
            at=c.info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            n=c.assessment_count,
        )
    ]
    for a in c.assessments:
        status = stored_status_word(a.status)
        if a.in_bin:
            status = _("{status}, in the recycle bin").format(status=status)
        lines.append(f"  {a.id}  {a.title} — {a.organisation} ({status})")
    if c.assessment_count > len(c.assessments):
        lines.append("  " + _("... and {n} more").format(n=c.assessment_count - len(c.assessments)))
    # Every BackupContents was checked whole before it was made (app.backups.backup_contents).
    lines.append(_("Checked with integrity_check: the file is sound."))
    if c.needs_update:
        lines.append(
            _(
                "It was made by an earlier version (schema {revision}); restoring updates it."
            ).format(revision=c.revision)
        )
    return lines_text(lines)
