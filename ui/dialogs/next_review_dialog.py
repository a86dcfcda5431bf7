"""Start the next review of a signed-off assessment: its title, checklist version and scope."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.checklists.model import Checklist
from app.dto import AssessmentSnapshot
from app.locale_text import day
from app.services.reviews import LaterReview, carried_scope, suggested_title
from ui.dialogs.scope_form_dialog import ScopeFormDialog


@dataclass(frozen=True)
class NextReviewChoice:
    """What the user chose: the title, the checklist version and every scope answer."""

    title: str
    checklist: Checklist
    scope: dict[str, str]


NextReviewStarter = Callable[[NextReviewChoice], str | None]


class NextReviewDialog(ScopeFormDialog):
    """The organisation (kept), a title, the version to move to (newest first) and the scope.

    A line says what will carry over, what changed, what is new and what the version dropped,
    for the version chosen, before anything is made. `start` makes it, returning an error.
    """

    def __init__(
        self,
        parent: QWidget | None,
        previous: AssessmentSnapshot,
        versions: Sequence[Checklist],
        start: NextReviewStarter,
        *,
        later: Sequence[LaterReview] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start the next review"))
        self.resize(760, 480)
        self._previous = previous
        self._start = start
        self._versions = list(versions)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A new draft for the next cycle, linked to “%1”. Answers to items whose question "
                "is unchanged carry over with their notes and evidence, marked until someone "
                "confirms or changes them; actions still to do carry over too."
            ).replace("%1", previous.title)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        # Another may be wanted (a first attempt abandoned), but not by a slip.
        self.later_label = QLabel(
            self.tr("A next review was already started from it: %1. This starts another.").replace(
                "%1",
                "; ".join(f"“{r.title}” ({r.id}, {day(r.created_at.date())})" for r in later),
            )
        )
        self.later_label.setObjectName("inlineMessage")
        self.later_label.setWordWrap(True)
        self.later_label.setVisible(bool(later))
        layout.addWidget(self.later_label)
        form = QFormLayout()
        self.organisation_label = QLabel(previous.organisation)
        self.organisation_label.setAccessibleName(self.tr("Organisation"))
        self.title_edit = QLineEdit(suggested_title(previous.title, later))
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setMaxLength(200)
        self.version_combo = QComboBox()
        self.version_combo.setAccessibleName(self.tr("Checklist version"))
        for checklist in self._versions:
            text = checklist.version
            if checklist.version == previous.checklist.version:
                text = self.tr("%1 (the version of the last review)").replace("%1", text)
            elif checklist is self._versions[0]:
                text = self.tr("%1 (the newest)").replace("%1", text)
            self.version_combo.addItem(text, checklist.version)
        form.addRow(self.tr("Organisation:"), self.organisation_label)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("Checklist &version:"), self.version_combo)
        layout.addLayout(form)
        self.add_scope_block(
            layout, effect_name=self.tr("What carries over"), ok_text=self.tr("&Start")
        )
        self.title_edit.textChanged.connect(self.update_form)
        self.version_combo.currentIndexChanged.connect(self._on_version_changed)
        self._on_version_changed()

    @property
    def checklist(self) -> Checklist:
        """The version chosen."""
        return self._versions[max(self.version_combo.currentIndex(), 0)]

    def choice(self) -> NextReviewChoice:
        """What the form says now."""
        return NextReviewChoice(self.title_edit.text(), self.checklist, self.scope.answers())

    def _on_version_changed(self) -> None:
        checklist = self.checklist
        chosen = self.scope.answers() or carried_scope(self._previous, checklist)
        self.scope.set_questions(checklist.scope, chosen)
        self.update_form()

    @override
    def effect(self) -> str:
        """What the version chosen carries, changes, adds and drops, in words."""
        old, new = self._previous.checklist, self.checklist
        kept = changed = added = 0
        for item in new.items:
            before = old.item(item.id)
            if before is None:
                added += 1
            elif before.question != item.question:
                changed += 1
            elif item.id in self._previous.answers:
                kept += 1
        dropped = sum(1 for item in old.items if new.item(item.id) is None)
        return (
            self.tr(
                "Answers that carry over, to confirm: %1. Questions changed: %2; new items: %3 "
                "(they start unanswered). Items of version %5 no longer in version %6: %4."
            )
            .replace("%1", str(kept))
            .replace("%2", str(changed))
            .replace("%3", str(added))
            .replace("%4", str(dropped))
            .replace("%5", old.version)
            .replace("%6", new.version)
        )

    @override
    def missing_field(self) -> str:
        if self.title_edit.text().strip():
            return ""
        return self.tr("Give the next review a title.")

    @override
    def submit(self) -> str | None:
        return self._start(self.choice())
