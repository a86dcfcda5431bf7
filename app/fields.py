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
# byte-order mark), separators and controls. Combining marks (variation selectors among them)
# show only on a character that does.
_INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Mc", "Me"})
# Letters and symbols that are drawn as nothing: the braille blank and the Hangul fillers.
BLANKS = frozenset("\u2800\u3164\u115f\u1160\uffa0")
# Unicode's own line and paragraph separators: a line break to a reader.
_LINE_SEPARATORS = "\u2028\u2029"
# Printable ASCII (and, in a note, line breaks and tabs): text none of the character checks
# can refuse, and which shows something once trimmed, unless empty. Most text is; it is
# passed without looking at each character again (an import checks thousands of texts).
_PLAIN_LINE = re.compile(r"[\x20-\x7e]*")
_PLAIN_NOTE = re.compile(r"[\x20-\x7e\n\t]*")


def _is_tag(char: str) -> bool:
    """Tag characters spell hidden ASCII; outside emoji flags they only ever hide text."""
    return 0xE0000 <= ord(char) <= 0xE007F


def shows_something(text: str) -> bool:
    """Whether any character of `text` is one a reader sees (a letter, digit, sign or mark)."""
    return any(unicodedata.category(c) not in _INVISIBLE and c not in BLANKS for c in text)


def clean_text(
    value: str,
    *,
    field: str,
    max_length: int = NAME_MAX,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Trim a typed value and check it.

    Text that shows nothing (spaces and invisible characters only, such as a zero-width space,
    a braille blank, a Hangul filler, variation selectors or accents with no letter) counts as
    empty: otherwise an invisible note would satisfy "n/a needs a note".

    Args:
        value: what the user typed.
        field: the field's name as the user knows it, for the message.
        max_length: the most characters allowed.
        required: whether an empty value is refused.
        multiline: whether line breaks and tabs are allowed (notes). Unicode's line and
            paragraph separators become newlines there.

    Raises:
        RuleError: empty when required, too long, holding control characters (C0 or C1), or
            holding characters that reorder how text is shown (bidi overrides and isolates);
            in a single-line value, also line or paragraph separators and tag characters.
    """
    if multiline:
        value = value.translate({ord(c): "\n" for c in _LINE_SEPARATORS})
    cleaned = value.strip()
    plain = (_PLAIN_NOTE if multiline else _PLAIN_LINE).fullmatch(cleaned) is not None
    if not plain and not shows_something(cleaned):
        cleaned = ""
    if required and not cleaned:
        raise RuleError(_("{field} must not be empty").format(field=field))
    if len(cleaned) > max_length:
        raise RuleError(
            _("{field} must be at most {n} characters (it has {length})").format(
                field=field, n=max_length, length=len(cleaned)
            )
        )
    if plain:
        return cleaned
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
    if not multiline and any(c in _LINE_SEPARATORS for c in cleaned):
        raise RuleError(_("{field} must not contain line breaks").format(field=field))
    if not multiline and any(_is_tag(c) for c in cleaned):
        raise RuleError(
            _("{field} must not contain tag characters (they hide text)").format(field=field)
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
