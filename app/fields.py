"""Checks of the free-text fields and dates a user types, shared by every caller."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime

from app.errors import RuleError
from app.i18n import _

NAME_MAX = 200
NOTE_MAX = 20_000

# Embeddings, overrides, isolates and marks: they can show "rtl<RLO>txt.exe" as "rtlexe.txt".
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Categories of characters that show nothing: format characters (zero-width space, joiners,
# byte-order mark), separators and controls.
_INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc"})


def clean_text(
    value: str,
    *,
    field: str,
    max_length: int = NAME_MAX,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Trim a typed value and check it.

    Text that shows nothing (spaces and invisible characters only, such as a zero-width space)
    counts as empty: otherwise an invisible note would satisfy "n/a needs a note".

    Args:
        value: what the user typed.
        field: the field's name as the user knows it, for the message.
        max_length: the most characters allowed.
        required: whether an empty value is refused.
        multiline: whether line breaks and tabs are allowed (notes).

    Raises:
        RuleError: empty when required, too long, holding control characters (C0 or C1), or
            holding characters that reorder how text is shown (bidi overrides and isolates).
    """
    cleaned = value.strip()
    if not any(unicodedata.category(c) not in _INVISIBLE for c in cleaned):
        cleaned = ""
    if required and not cleaned:
        raise RuleError(_("{field} must not be empty").format(field=field))
    if len(cleaned) > max_length:
        raise RuleError(
            _("{field} must be at most {n} characters (it has {length})").format(
                field=field, n=max_length, length=len(cleaned)
            )
        )
    if any(unicodedata.category(c) == "Cs" for c in cleaned):
        raise RuleError(
            _("{field} is not valid text (it holds bytes that are not UTF-8)").format(field=field)
        )
    allowed = "\n\t" if multiline else ""
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in cleaned):
        raise RuleError(_("{field} must not contain control characters").format(field=field))
    if any(c in BIDI_CONTROLS for c in cleaned):
        raise RuleError(
            _(
                "{field} must not contain characters that change the direction text is shown in"
            ).format(field=field)
        )
    return cleaned


def parse_date(text: str, *, field: str) -> date:
    """Read a date written YYYY-MM-DD.

    Raises:
        RuleError: not such a date.
    """
    written = text.strip()
    try:
        # fromisoformat alone would also take 20270115 and week dates such as 2027-W03-5.
        if not _PLAIN_DATE.fullmatch(written):
            raise ValueError(written)
        return date.fromisoformat(written)
    except ValueError as exc:
        raise RuleError(
            _(
                "{field} must be a date written YYYY-MM-DD, such as 2027-01-31 (got '{text}')"
            ).format(field=field, text=text)
        ) from exc


def utcnow() -> datetime:
    """The current time, aware, in UTC: every stored time comes from here."""
    return datetime.now(UTC)
