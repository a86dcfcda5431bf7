"""The right-hand side of the assessment view: one item, its answer, note and actions."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.checklists.model import Checklist, Item
from app.dto import ActionSnapshot, AnswerSnapshot, EarlierAnswer, EvidenceSnapshot
from app.values import AnswerValue, ReviewMark
from ui.announcements import announce
from ui.unsaved_notes import not_saved_yet
from ui.widgets.actions_tab import ActionsTab
from ui.widgets.answer_buttons import AnswerButtons
from ui.widgets.evidence_tab import EvidenceTab
from ui.widgets.item_about import ItemAbout
from ui.widgets.review_mark_row import ReviewMarkRow

NOTE_SAVE_DELAY_MS = 600
QUESTION_LINES = 4  # the question's box holds this many lines; a longer question scrolls in it
NOTE_LINES = 4  # the note box shows this many lines before it scrolls


class ItemPanel(QWidget):
    """Shows one item and lets the user answer it, write a note and manage its actions.

    The note is saved while typing (after a short pause), when the field loses focus, when
    another item is chosen and when the window closes: `flush_note()` does it at once.

    Signals:
        answer_requested(str, object, str): item id, AnswerValue, the note as typed.
        note_edited(str, str): item id and note, after a pause in typing or on leaving.
        add_action_requested(str): item id.
        edit_action_requested(int): action id.
        risk_toggled(str, bool, str): item id, accepted or not, the note as typed.
        attach_requested(str): item id.
        open_evidence_requested(int): evidence id.
        save_evidence_requested(int): evidence id.
        remove_evidence_requested(int): evidence id.
        progress_requested(int, object, str): action id, ActionStatus and progress note, on a
            signed-off assessment (remediation goes on after sign-off).
    """

    answer_requested = Signal(str, object, str)
    note_edited = Signal(str, str)
    add_action_requested = Signal(str)
    edit_action_requested = Signal(int)
    risk_toggled = Signal(str, bool, str)
    attach_requested = Signal(str)
    open_evidence_requested = Signal(int)
    save_evidence_requested = Signal(int)
    remove_evidence_requested = Signal(int)
    progress_requested = Signal(int, object, str)
    confirm_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: Item | None = None
        self._value = AnswerValue.UNANSWERED
        self._stored_note = ""
        self._unsaved = False  # the note shown was refused by the workspace: it waits
        self._read_only = False
        self._refusal: str | None = None
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self._save_note)
        self._build()
        self.setMinimumWidth(440)  # room for the answer buttons in one row
        self.show_nothing()

    # Building

    def _build(self) -> None:
        # The question, the answer buttons, the note and the tabs keep their places: only the
        # question's box and the tabs scroll, so the buttons never move with a long question.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.item_id_label = QLabel()
        self.item_id_label.setObjectName("itemId")
        self.item_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A long id must not force the panel wider than its pane.
        self.item_id_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.item_id_label)
        self.question_label = QLabel()
        self.question_label.setObjectName("itemQuestion")
        self.question_label.setWordWrap(True)
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question_box = self._scroller(self.question_label)
        self.question_box.setAccessibleName(self.tr("Question"))
        layout.addWidget(self.question_box)

        self.answer_row = AnswerButtons()
        self.answer_row.answer_clicked.connect(self._on_answer_clicked)
        self.answer_buttons = self.answer_row.answer_buttons
        self.clear_button = self.answer_row.clear_button
        self.answer_state_label = self.answer_row.state_label
        layout.addWidget(self.answer_row)
        # A next review's mark: carried over (to confirm), question changed, or new.
        self.review_row = ReviewMarkRow()
        self.review_row.confirm_clicked.connect(self._on_confirm)
        self.review_label = self.review_row.review_label
        self.confirm_button = self.review_row.confirm_button
        self.earlier_label = self.review_row.earlier_label
        layout.addWidget(self.review_row)

        self.scope_label = QLabel()
        self.scope_label.setWordWrap(True)
        layout.addWidget(self.scope_label)
        self.message_label = QLabel()
        self.message_label.setObjectName("inlineMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Message"))
        self.message_label.hide()
        layout.addWidget(self.message_label)

        note_heading = QLabel(self.tr("N&ote (saved as you type)"))
        note_heading.setObjectName("sectionHeading")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName(self.tr("Note"))
        self._note_hint = self.tr("What you checked, where, and anything that explains the answer")
        self._reason_hint = self.tr("Why this item does not apply here (sign-off needs it)")
        self.note_edit.setPlaceholderText(self._note_hint)
        self.note_edit.setTabChangesFocus(True)
        self._fit_note_box()
        self.note_edit.textChanged.connect(self._on_note_text_changed)
        self.note_edit.installEventFilter(self)
        note_heading.setBuddy(self.note_edit)
        layout.addWidget(note_heading)
        layout.addWidget(self.note_edit)
        # Short, so it fits the panel at any text size; what it means wraps under it.
        self.risk_check = QCheckBox(self.tr("Ris&k accepted"))
        self.risk_check.setAccessibleName(self.tr("Risk accepted"))
        risk_meaning = QLabel(self.tr("the note says why this gap is acceptable"))
        risk_meaning.setWordWrap(True)
        self.risk_check.setAccessibleDescription(risk_meaning.text())
        self._risk_tip = self.tr(
            "Sign-off needs every 'no' or 'partial' answer to have an open action, or its "
            "risk accepted with a note saying why"
        )
        self.risk_check.setToolTip(self._risk_tip)
        self.risk_check.clicked.connect(self._on_risk_clicked)
        layout.addWidget(self.risk_check, 0, Qt.AlignmentFlag.AlignLeft)  # clicked on its words
        layout.addWidget(risk_meaning)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("About the item, its evidence and its actions"))
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        self.about = ItemAbout()
        self.about_scroll = self._scroller(self.about)
        self.about_scroll.setAccessibleName(self.tr("About this item"))
        self.tabs.addTab(self.about_scroll, self.tr("A&bout this item"))

        self.evidence_page = EvidenceTab()
        self.evidence_page.attach_requested.connect(self._on_attach)
        self.evidence_page.open_requested.connect(self.open_evidence_requested)
        self.evidence_page.save_requested.connect(self.save_evidence_requested)
        self.evidence_page.remove_requested.connect(self._on_remove_evidence)
        self.evidence_list = self.evidence_page.evidence_list
        self.applies_on_field = self.evidence_page.applies_on_field
        self.valid_until_field = self.evidence_page.valid_until_field
        self.attach_button = self.evidence_page.attach_button
        self.open_evidence_button = self.evidence_page.open_button
        self.save_evidence_button = self.evidence_page.save_button
        self.remove_evidence_button = self.evidence_page.remove_button
        # Each tab scrolls rather than squeeze its controls when the text is set large.
        self.evidence_tab = self.tabs.addTab(self._scroller(self.evidence_page, reading=False), "")

        self.actions_page = ActionsTab()
        self.actions_page.add_requested.connect(self._on_add_action)
        self.actions_page.edit_requested.connect(self.edit_action_requested)
        self.actions_page.progress_requested.connect(self.progress_requested)
        self.actions_table = self.actions_page.actions_table
        self.add_action_button = self.actions_page.add_button
        self.edit_action_button = self.actions_page.edit_button
        self.progress_box = self.actions_page.progress_box
        self.progress_status_combo = self.actions_page.progress_status_combo
        self.progress_note_edit = self.actions_page.progress_note_edit
        self.save_progress_button = self.actions_page.save_progress_button
        self.progress_hint = self.actions_page.progress_hint
        self.actions_tab = self.tabs.addTab(self._scroller(self.actions_page, reading=False), "")
        for index, keys in (
            (0, "Alt+1"),
            (self.evidence_tab, "Alt+2"),
            (self.actions_tab, "Alt+3"),
        ):
            self.tabs.setTabToolTip(index, keys)
        self._update_tab_titles()
        self._fit_question_box()

    def show_tab(self, index: int) -> None:
        """Bring a tab forward (Alt+1, 2, 3) and put the focus on its first control."""
        if not 0 <= index < self.tabs.count():
            return
        self.tabs.setCurrentIndex(index)
        self.tabs.tabBar().setFocus()

    def _scroller(self, body: QWidget, *, reading: bool = True) -> QScrollArea:
        """`body` in a scroll area; one of text to read takes a Tab stop, one of controls not.

        Text to read is scrolled with the arrows, so its box takes the focus and is framed
        while it has it; a page of controls leaves the focus to its controls.
        """
        scroll = QScrollArea()
        if reading:
            scroll.setObjectName("readingBox")  # the style sheet frames it when focused
        else:
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        # Text wraps to the panel's width instead of scrolling sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    def _fit_note_box(self) -> None:
        """Room for a few lines of the note at whatever size the text is set."""
        self.note_edit.ensurePolished()
        lines = self.note_edit.fontMetrics().lineSpacing() * NOTE_LINES
        self.note_edit.setMaximumHeight(lines + 12)

    def _fit_question_box(self) -> None:
        """Room for a few lines of the question; a longer one scrolls inside its box."""
        self.question_label.ensurePolished()
        lines = self.question_label.fontMetrics().lineSpacing() * QUESTION_LINES
        self.question_box.setFixedHeight(lines + 2 * self.question_label.margin() + 4)

    @override
    def changeEvent(self, event: QEvent) -> None:
        built = hasattr(self, "question_box")  # style changes also come while building
        if built and event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_question_box()
            self._fit_note_box()
        super().changeEvent(event)

    def _update_tab_titles(self) -> None:
        self.tabs.setTabText(
            self.evidence_tab,
            self.tr("Evidence (%1)").replace("%1", str(len(self.evidence_page.shown_evidence))),
        )
        self.tabs.setTabText(
            self.actions_tab,
            self.tr("Actions (%1)").replace("%1", str(len(self.actions_page.shown_actions))),
        )

    def _show_chosen(self, value: AnswerValue) -> None:
        self.answer_row.show_chosen(value, item_shown=self._item is not None)

    # Showing

    @property
    def item_id(self) -> str | None:
        """The item shown, if any."""
        return self._item.id if self._item is not None else None

    def show_nothing(self) -> None:
        """No item chosen: say how to begin."""
        self.flush_note()
        self._unsaved = False
        self._item = None
        self.item_id_label.setText("")
        self.question_label.setText(self.tr("Choose an item on the left to answer it."))
        self.scope_label.hide()
        self.about.show_nothing()
        self._set_note_text("")
        self._value = AnswerValue.UNANSWERED
        self._show_chosen(AnswerValue.UNANSWERED)
        self._show_actions(())
        self._show_evidence(())
        self._show_mark(None)
        self._show_earlier(None)
        self._update_enabled(in_scope=False)
        self.message_label.hide()
        self._scroll_to_top()

    def show_item(
        self,
        checklist: Checklist,
        item: Item,
        answer: AnswerSnapshot | None,
        actions: tuple[ActionSnapshot, ...],
        in_scope: bool,
        scope_text: str,
        evidence: tuple[EvidenceSnapshot, ...] = (),
        mark: ReviewMark | None = None,
        earlier: EarlierAnswer | None = None,
    ) -> None:
        """Show an item; saves the note of the item shown before, if it changed.

        `mark` says how the item stands against the last review, in a next review; `earlier`
        is the last review's answer when the question changed since, to answer it anew.
        """
        if self._item is not None and self._item.id != item.id:
            self.flush_note()
            self.message_label.hide()
            self._unsaved = False
        same_item = self._item is not None and self._item.id == item.id
        if not same_item:
            self.evidence_page.reset_dates()  # dates typed for one item's file aren't another's
        self._item = item
        self.item_id_label.setText(f"{checklist.id}:{item.id}")
        self.question_label.setText(item.question)
        self.scope_label.setVisible(not in_scope)
        self.scope_label.setText(
            self.tr("Out of scope for this assessment, so it takes no answer: %1.").replace(
                "%1", scope_text
            )
        )
        self.about.show_item(checklist, item)
        value = AnswerValue.UNANSWERED if answer is None else answer.value
        self._value = value
        self._show_chosen(value)
        self.note_edit.setPlaceholderText(
            self._reason_hint if value is AnswerValue.NA else self._note_hint
        )
        self.risk_check.setChecked(answer is not None and answer.risk_accepted)
        note = "" if answer is None else answer.note
        typed = self.note_edit.toPlainText()
        # Never disturb a note being typed: after an autosave the stored text is the typed text
        # (trimmed), and resetting it would move the cursor or drop a trailing space. A note
        # changed elsewhere replaces the text shown only when nothing typed is unsaved.
        unsaved = typed.strip() != self._stored_note
        editing = same_item and (
            self._note_timer.isActive() or (self.note_edit.hasFocus() and unsaved)
        )
        if not same_item or (typed.strip() != note and not editing):
            self._set_note_text(note)
        self._stored_note = note
        self._show_actions(actions)
        self._show_evidence(evidence)
        self._show_mark(mark)
        self._show_earlier(earlier if mark is ReviewMark.CHANGED else None)
        self._update_enabled(in_scope=in_scope)
        if not same_item:  # each item opens at its top: the question first
            self._scroll_to_top()

    def _scroll_to_top(self) -> None:
        for area in (self.question_box, self.about_scroll):
            area.verticalScrollBar().setValue(0)
        self.evidence_list.scrollToTop()
        self.actions_table.scrollToTop()

    def _show_actions(self, actions: tuple[ActionSnapshot, ...]) -> None:
        self.actions_page.show_actions(actions)
        self._update_tab_titles()

    def _show_mark(self, mark: ReviewMark | None) -> None:
        self.review_row.show_mark(mark)

    def _show_earlier(self, earlier: EarlierAnswer | None) -> None:
        self.review_row.show_earlier(earlier)

    @property
    def mark(self) -> ReviewMark | None:
        """The next review's mark on the item shown."""
        return self.review_row.mark

    def evidence_dates(self) -> tuple[datetime.date | None, datetime.date | None] | None:
        """The dates for the next file attached: (applies on, valid until), None if unreadable.

        An empty "applies on" means today; an empty "valid until" means no end.
        """
        return self.evidence_page.evidence_dates()

    def _on_confirm(self) -> None:
        if self._item is not None and self.review_row.mark is ReviewMark.CARRIED:
            self.flush_note()
            self.confirm_requested.emit(self._item.id)

    def request_confirm(self) -> str | None:
        """Confirm the carried-over answer shown (what Ctrl+K does), when there is one.

        Returns why nothing was confirmed, for the status bar, or None.
        """
        refusal = self.review_row.confirm_refusal()
        if refusal is None:
            self._on_confirm()
        return refusal

    def _show_evidence(self, evidence: tuple[EvidenceSnapshot, ...]) -> None:
        self.evidence_page.show_evidence(evidence)
        self._update_tab_titles()

    def _update_enabled(self, *, in_scope: bool) -> None:
        usable = (
            self._item is not None and in_scope and not self._read_only and self._refusal is None
        )
        self.answer_row.set_usable(usable)
        self.note_edit.setReadOnly(not usable)
        self.risk_check.setEnabled(usable and self._value in (AnswerValue.NO, AnswerValue.PARTIAL))
        self.actions_page.set_usable(usable)
        self.evidence_page.set_usable(usable)
        self.review_row.set_usable(usable)

    def set_read_only(self, read_only: bool) -> None:
        """Lock every control of a signed-off assessment, except actions' progress."""
        self._read_only = read_only
        self.actions_page.set_read_only(read_only)
        in_scope = self._item is not None and self.scope_label.isHidden()
        self._update_enabled(in_scope=in_scope)

    def show_refusal(self, refusal: str | None) -> None:
        """Lock every control that changes the item for a login that may change nothing.

        The answer, note, risk, actions, evidence and confirmation each say why: the refusal
        is the services' own words (an auditor's, on the district), shown as their tips; None
        lets the controls be used as the item allows.
        """
        self._refusal = refusal
        self.answer_row.show_refusal(refusal)
        self.note_edit.setToolTip(refusal or "")
        self.risk_check.setToolTip(refusal or self._risk_tip)
        self.actions_page.show_refusal(refusal)
        self.evidence_page.show_refusal(refusal)
        self.review_row.show_refusal(refusal)
        in_scope = self._item is not None and self.scope_label.isHidden()
        self._update_enabled(in_scope=in_scope)

    def ask_for_reason(self) -> None:
        """N/A was recorded without a note: put the cursor in the note and ask why."""
        said = self.tr("Not applicable recorded. Say in the note why it does not apply here.")
        self.show_message(said)
        self.note_edit.setFocus()
        announce(self.note_edit, said)

    def show_message(self, text: str) -> None:
        """Show why a change was refused, beside the controls."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # Notes

    def show_unsaved_note(self, text: str | None, reason: str = "") -> None:
        """Show the item's note kept since the workspace refused it, or that none waits (None).

        The text kept is put back in the box unless the person is typing there, and the
        message line says it is not saved yet, and why.
        """
        self._unsaved = text is not None
        said = self.message_label.text()
        if text is None:
            if said.startswith(not_saved_yet("")):  # written or let go: no longer so
                self.show_message("")
            return
        shown = self.note_edit.toPlainText()
        typing = self._note_timer.isActive() or (
            self.note_edit.hasFocus() and shown.strip() != self._stored_note
        )
        if not typing and shown != text:
            self._set_note_text(text)
        self.show_message(not_saved_yet(reason))

    def _set_note_text(self, text: str) -> None:
        self._note_timer.stop()
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(text)
        self.note_edit.blockSignals(False)

    def _on_note_text_changed(self) -> None:
        if self._item is not None and not self.note_edit.isReadOnly():
            self._note_timer.start()

    @property
    def note_pending(self) -> bool:
        """Whether typed text is waiting to be saved."""
        return self._note_timer.isActive()

    def flush_note(self) -> bool:
        """Save the note now if typing, or a note refused before, waits; whether it did."""
        if self._note_timer.isActive() or self._unsaved:
            self._note_timer.stop()
            return self._save_note()
        return False

    def _save_note(self) -> bool:
        """Say the note typed is to be saved, if it differs from the one stored; whether said."""
        if self._item is None:
            return False
        text = self.note_edit.toPlainText()
        # A note kept since it was refused is said again even when typed back to what is
        # stored: it is then let go, not written later.
        if text.strip() == self._stored_note and not self._unsaved:
            return False
        self.note_edited.emit(self._item.id, text)
        return True

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self.flush_note()
        return super().eventFilter(watched, event)

    # Requests

    def request_answer(self, value: AnswerValue) -> None:
        """Answer the shown item (what the buttons and shortcuts do)."""
        if self._item is None or not self.answer_row.usable:
            return
        self._on_answer_clicked(value)

    def _on_answer_clicked(self, value: AnswerValue) -> None:
        if self._item is None:
            return
        self._note_timer.stop()  # the note travels with the answer
        self.answer_requested.emit(self._item.id, value, self.note_edit.toPlainText())

    def _on_risk_clicked(self, checked: bool) -> None:
        if self._item is None:
            return
        self._note_timer.stop()
        self.risk_toggled.emit(self._item.id, checked, self.note_edit.toPlainText())

    def _on_attach(self) -> None:
        if self._item is not None:
            self.attach_requested.emit(self._item.id)

    def _on_remove_evidence(self, evidence_id: int) -> None:
        if not self._read_only:
            self.remove_evidence_requested.emit(evidence_id)

    def _on_add_action(self) -> None:
        if self._item is not None:
            self.add_action_requested.emit(self._item.id)
