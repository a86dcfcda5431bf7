"""Checks of the free-text fields and dates a user types, shared by every caller."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.errors import RuleError
from app.i18n import _

NAME_MAX = 200
NOTE_MAX = 20_000


def clean_text(
    value: str,
    *,
    field: str,
    max_length: int = NAME_MAX,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Trim a typed value and check it.

    Args:
        value: what the user typed.
        field: the field's name as the user knows it, for the message.
        max_length: the most characters allowed.
        required: whether an empty value is refused.
        multiline: whether line breaks and tabs are allowed (notes).

    Raises:
        RuleError: empty when required, too long, or holding control characters.
    """
    cleaned = value.strip()
    if required and not cleaned:
        raise RuleError(_("{field} must not be empty").format(field=field))
    if len(cleaned) > max_length:
        raise RuleError(
            _("{field} must be at most {n} characters (it has {length})").format(
                field=field, n=max_length, length=len(cleaned)
            )
        )
    allowed = "\n\t" if multiline else ""
    if any((ord(c) < 32 and c not in allowed) or ord(c) == 127 for c in cleaned):
        raise RuleError(_("{field} must not contain control characters").format(field=field))
    return cleaned


def parse_date(text: str, *, field: str) -> date:
    """Read a date written YYYY-MM-DD.

    Raises:
        RuleError: not such a date.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise RuleError(
            _(
                "{field} must be a date written YYYY-MM-DD, such as 2027-01-31 (got '{text}')"
            ).format(field=field, text=text)
        ) from exc


def utcnow() -> datetime:
    """The current time, aware, in UTC: every stored time comes from here."""
    return datetime.now(UTC)
