"""The working-copy formats, and one call that writes any of them.

The window and the command line both come through `export_copy`; each format's module is
imported only when it is asked for (openpyxl and python-docx take a moment to load).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path

from app.dto import AssessmentSnapshot
from app.exports.writing import Cancelled, Progress
from app.fields import utcnow
from app.i18n import _


class CopyFormat(StrEnum):
    """An editable working copy's format (the signed record is the PDF)."""

    XLSX = "xlsx"
    CSV = "csv"
    DOCX = "docx"

    @property
    def suffix(self) -> str:
        """The file name's ending, with its dot."""
        return f".{self.value}"

    @property
    def label(self) -> str:
        """The format in words, for choosing it."""
        return {
            CopyFormat.XLSX: _("Excel workbook (.xlsx)"),
            CopyFormat.CSV: _("CSV files (.csv): answers, and actions beside them"),
            CopyFormat.DOCX: _("Word document (.docx)"),
        }[self]


def with_suffix(path: Path, fmt: CopyFormat) -> Path:
    """`path` with the format's ending added when it has another (or none)."""
    if path.suffix.lower() == fmt.suffix:
        return path
    return path.with_name(path.name + fmt.suffix)


def export_copy(
    snap: AssessmentSnapshot,
    fmt: CopyFormat,
    out: Path,
    *,
    generated_at: datetime | None = None,
    page_size: str = "A4",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    staging: Path | None = None,
) -> list[Path]:
    """Write the working copy of `snap` in `fmt` to `out`; return every file written.

    CSV writes two files (the answers to `out`, the actions beside it); the others one.

    Raises:
        ExportCancelledError: cancelled; nothing was written.
        AlteredSinceSignOffError: the assessment no longer holds what its sign-off approved.
        UserError: a file can't be written.
    """
    moment = generated_at or utcnow()
    if fmt is CopyFormat.XLSX:
        from app.exports.workbook import export_xlsx

        return [
            export_xlsx(
                snap,
                out,
                generated_at=moment,
                progress=progress,
                cancelled=cancelled,
                staging=staging,
            )
        ]
    if fmt is CopyFormat.CSV:
        from app.exports.csv_files import export_csv

        return export_csv(
            snap,
            out,
            generated_at=moment,
            progress=progress,
            cancelled=cancelled,
            staging=staging,
        )
    from app.exports.word import export_docx

    return [
        export_docx(
            snap,
            out,
            generated_at=moment,
            page_size=page_size,
            progress=progress,
            cancelled=cancelled,
            staging=staging,
        )
    ]
