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
ZWNJ = "\u200c"
ZWJ = "\u200d"
# Scripts whose letters join, where a zero-width non-joiner between two letters is spelling
# (Persian "می‌خواهم"), named as the first word of their letters' Unicode names.
_JOINING_SCRIPTS = frozenset(
    {"ARABIC", "SYRIAC", "NKO", "MANDAIC", "MONGOLIAN", "PHAGS-PA", "ADLAM", "HANIFI"}
)
_VIRAMA = 9  # the canonical combining class of a virama (Indic scripts' half forms)


def _is_tag(char: str) -> bool:
    """Tag characters spell hidden ASCII; outside emoji flags they only ever hide text."""
    return 0xE0000 <= ord(char) <= 0xE007F


def _base_before(text: str, index: int) -> str:
    """The character before `index` that the marks and modifiers in between sit on; "" if none."""
    while index > 0:
        index -= 1
        if unicodedata.category(text[index]) not in ("Mn", "Mc", "Me", "Sk"):
            return text[index]
    return ""


def _joiner_is_spelling(text: str, index: int) -> bool:
    """Whether the joiner at `index` is part of how the text is written, not a hidden character.

    As IDNA allows them (RFC 5892, appendix A): either joiner after a virama, a non-joiner
    between two letters of a joining script; and, for emoji, a joiner between two symbols
    (a family or a profession drawn as one picture).
    """
    char = text[index]
    after = text[index + 1] if index + 1 < len(text) else ""
    if not after or index == 0:
        return False
    if unicodedata.combining(text[index - 1]) == _VIRAMA:
        return True
    before = _base_before(text, index)
    if char == ZWNJ:
        scripts = {unicodedata.name(c, "").split(" ", 1)[0] for c in (before, after)}
        letters = all(unicodedata.category(c).startswith("L") for c in (before, after))
        return letters and scripts <= _JOINING_SCRIPTS
    return unicodedata.category(before) == "So" and unicodedata.category(after) == "So"


def hidden_character(text: str) -> str | None:
    """The first character of `text` that shows nothing where it stands inside a name; or None.

    Format characters (zero-width spaces and joiners, the soft hyphen, the byte-order mark,
    word joiners) and letters drawn as nothing (the braille blank, the Hangul fillers): two
    names that differ only by one look the same, and a name can hide one to pass for another.
    A joiner where a script or an emoji needs it is spelling, not hidden.
    """
    for index, char in enumerate(text):
        if char in BLANKS:
            return char
        if unicodedata.category(char) == "Cf" and not (
            char in (ZWNJ, ZWJ) and _joiner_is_spelling(text, index)
        ):
            return char
    return None


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
            in a single-line value (a name, a title), also line or paragraph separators, tag
            characters and hidden characters (`hidden_character`): a name is read and
            compared by how it looks, and a hidden character makes two that look the same.
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
    hidden = None if multiline else hidden_character(cleaned)
    if hidden is not None:
        raise RuleError(
            _("{field} must not contain invisible characters such as {code}").format(
                field=field, code=f"U+{ord(hidden):04X}"
            )
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
