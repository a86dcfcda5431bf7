"""What every page of one report shares: the snapshot, options, styles and what is set aside."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.dto import AssessmentSnapshot
from app.fields import utcnow
from app.report.signature_fields import SignatureBox
from app.report.styles import Styles


@dataclass(frozen=True)
class ReportOptions:
    """How to print: paper, and the moment the report describes (for 'overdue' and the footer)."""

    page_size: str = "A4"
    generated_at: datetime = field(default_factory=utcnow)

    @property
    def today(self) -> date:
        """The report's date, in UTC."""
        return self.generated_at.date()


@dataclass
class ReportContext:
    """One report being built: the page builders read it and add long notes and signature boxes."""

    snap: AssessmentSnapshot
    options: ReportOptions
    width: float
    s: Styles = field(default_factory=Styles)
    boxes: list[SignatureBox] = field(default_factory=list)
    long_notes: list[tuple[str, str]] = field(default_factory=list)
