"""A report's verification, in plain words: can it be trusted, who signed, what it shows."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.locale_text import stamp
from app.signing.verify import ReportVerdict


class VerifyDialog(QDialog):
    """Shows the verdict first, then the signatures and what the report claims."""

    def __init__(
        self, parent: QWidget | None, file_name: str, verdict: ReportVerdict, match: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify a report"))
        self.resize(640, 380)
        layout = QVBoxLayout(self)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdictTrusted" if verdict.ok else "verdictRefused")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setAccessibleName(self.tr("Verdict"))
        if verdict.ok:
            self.verdict_label.setText(
                self.tr("✔ %1 is intact and signed by trusted people.").replace("%1", file_name)
            )
        else:
            self.verdict_label.setText(self.tr("✘ %1 can't be trusted.").replace("%1", file_name))
        layout.addWidget(self.verdict_label)
        parts = []
        if verdict.ok:
            parts.append(
                escape(
                    self.tr(
                        "Every signature is sound, the last one covers the whole file, so "
                        "nothing was changed or added after signing, and every certificate is "
                        "in date and issued by a trusted authority."
                    )
                )
            )
        else:
            parts.append("<b>" + escape(self.tr("Why: %1").replace("%1", verdict.reason)) + "</b>")
        if verdict.signatures:
            parts.append("<b>" + escape(self.tr("Signatures")) + "</b>")
            for s in verdict.signatures:
                when = stamp(s.claimed_time) if s.claimed_time else "?"
                role = f" ({s.role})" if s.role else ""
                parts.append(
                    escape(
                        self.tr(
                            "%1%2 signed on %3, by their computer's clock. Certificate SHA-256 %4"
                        )
                        .replace("%1", s.signer)
                        .replace("%2", role)
                        .replace("%3", when)
                        .replace("%4", s.cert_fingerprint)
                    )
                )
        if verdict.fingerprint:
            parts.append(
                escape(
                    self.tr("The report shows assessment %1 with fingerprint %2.")
                    .replace("%1", verdict.assessment_id or "?")
                    .replace("%2", verdict.fingerprint)
                )
            )
        if verdict.ok:
            parts.append(escape(match[:1].upper() + match[1:] + "."))
        self.details_label = QLabel("<br><br>".join(parts))
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setWordWrap(True)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setAccessibleName(self.tr("Details"))
        layout.addWidget(self.details_label, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
