"""A write based on a stale view of an answer is refused, saying who changed it and when.

Two people can have the same assessment open (a district workspace on a server, or a window
left open while the command line answers). Each writes what they decided after seeing the
answer as it was; if someone else changed it since, writing over it would lose their change
without anyone knowing. So a writer says what it last saw (`SeenAnswer`), and a write whose
basis no longer holds is refused (`AnswerChangedError`), naming who changed it, how long ago,
and what the answer is now, so the person can look again and decide.

What is compared is the answer's content (value, note, accepted risk), not who wrote it or
when: a change that was taken back before the write leaves nothing to lose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.checklists.model import Item
from app.dto import AnswerSnapshot
from app.errors import RuleError
from app.i18n import _, ngettext
from app.values import AnswerValue
from app.wording import answer_word, item_label, shorten

NOTE_SHOWN = 60  # characters of the current note quoted in the refusal


@dataclass(frozen=True)
class SeenAnswer:
    """What a writer last saw of an item's answer: its value, note and accepted-risk flag."""

    value: AnswerValue = AnswerValue.UNANSWERED
    note: str = ""
    risk_accepted: bool = False

    @classmethod
    def of(cls, answer: AnswerSnapshot | None) -> SeenAnswer:
        """What `answer` shows; no answer at all is seen as unanswered, without a note."""
        if answer is None:
            return cls()
        return cls(answer.value, answer.note, answer.risk_accepted)


class AnswerChangedError(RuleError):
    """The answer was changed by someone else since the writer saw it; nothing was written.

    `current` is the answer as it is now, for the caller to show in place of the stale one.
    """

    def __init__(self, item: Item, current: AnswerSnapshot, now: datetime) -> None:
        self.item_id = item.id
        self.current = current
        shown = answer_word(current.value)
        if current.note:
            now_is = _("it is now {value}, with the note “{note}”").format(
                value=shown, note=shorten(current.note, NOTE_SHOWN)
            )
        else:
            now_is = _("it is now {value}").format(value=shown)
        super().__init__(
            _("{item} was changed by {who} {when}: {now_is}; your change was not saved").format(
                item=item_label(item),
                who=current.answered_by or _("someone"),
                when=how_long_ago(current.answered_at, now),
                now_is=now_is,
            )
        )


def check_seen(
    item: Item, stored: AnswerSnapshot | None, seen: SeenAnswer | None, now: datetime
) -> None:
    """Refuse a write based on `seen` when the stored answer no longer says that.

    `seen` None: the writer doesn't say what it saw (the command line, a script), and its
    write stands as before.

    Raises:
        AnswerChangedError: the stored answer differs from what was seen.
    """
    if seen is None or SeenAnswer.of(stored) == seen:
        return
    if stored is None:  # seen as answered, yet no row: nothing the app does removes one
        stored = AnswerSnapshot(
            item_id=item.id,
            value=AnswerValue.UNANSWERED,
            note="",
            answered_by="",
            answered_at=now,
            risk_accepted=False,
            carried_over=False,
        )
    raise AnswerChangedError(item, stored, now)


def how_long_ago(then: datetime, now: datetime) -> str:
    """`then` said as a time before `now`, as roughly as a person says it: "3 minutes ago"."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return _("a moment ago")
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("{n} minute ago", "{n} minutes ago", minutes).format(n=minutes)
    hours = minutes // 60
    if hours < 24:
        return ngettext("{n} hour ago", "{n} hours ago", hours).format(n=hours)
    days = hours // 24
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)
