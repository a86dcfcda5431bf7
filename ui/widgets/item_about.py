"""The item panel's first tab: how to check the item, what it weighs and costs, its sources."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.checklists.model import Checklist, Item
from ui.labels import severity_label


class ItemAbout(QWidget):
    """What the checklist says about an item, each part under its heading.

    A part the checklist leaves empty is hidden with its heading, so a short item reads short.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.guidance_label = self._text_block(layout, self.tr("How to check"))
        self.severity_label = self._text_block(layout, self.tr("Severity"))
        self.tradeoffs_label = self._text_block(layout, self.tr("What it costs"))
        self.evidence_label = self._text_block(layout, self.tr("Evidence to keep"))
        self.sources_label = self._text_block(layout, self.tr("Sources"))
        self.sources_label.setOpenExternalLinks(True)
        # Its links are reached by Tab, each framed as it gets the focus; the other parts are
        # plain text, read where they stand, and take no Tab stop that would show nothing.
        self.sources_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addStretch(1)

    def show_nothing(self) -> None:
        """Hide every part: no item is chosen."""
        for label in (
            self.guidance_label,
            self.severity_label,
            self.tradeoffs_label,
            self.evidence_label,
            self.sources_label,
        ):
            self._show_block(label, "")

    def show_item(self, checklist: Checklist, item: Item) -> None:
        """Show what the checklist says about this item."""
        self._show_block(self.guidance_label, escape(item.guidance).replace("\n", " "))
        self._show_block(
            self.severity_label,
            self.tr("%1 (weight %2)")
            .replace("%1", severity_label(item.severity))
            .replace("%2", str(item.severity.weight)),
        )
        self._show_block(
            self.tradeoffs_label,
            "".join(f"• {escape(t)}<br>" for t in item.tradeoffs),
        )
        self._show_block(self.evidence_label, escape(item.evidence_hint or ""))
        self._show_block(self.sources_label, self._sources_html(checklist, item))

    def _text_block(self, layout: QVBoxLayout, heading: str) -> QLabel:
        title = QLabel(heading)
        title.setObjectName("sectionHeading")
        text = QLabel()
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)  # callers escape what they show
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setAccessibleName(heading)
        layout.addWidget(title)
        layout.addWidget(text)
        text.setProperty("heading", title)
        return text

    def _show_block(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        heading = label.property("heading")
        if isinstance(heading, QLabel):
            heading.setVisible(bool(text))

    def _sources_html(self, checklist: Checklist, item: Item) -> str:
        parts = []
        for ref in item.refs:
            source = checklist.source(ref.source)
            if source is None:
                continue
            title = escape(source.title)
            if source.url:
                title = f'<a href="{escape(source.url)}">{title}</a>'
            locator = f" — {escape(ref.locator)}" if ref.locator else ""
            parts.append(f"• {title}{locator}")
        return "<br>".join(parts)
