"""Text that a spreadsheet would run as a formula, made inert.

Excel, LibreOffice and Google Sheets treat a cell typed as `=`, `+`, `-` or `@` as a formula,
and some read a leading tab or carriage return past to the character after it. An answer's note
such as `=HYPERLINK("http://evil.example", "click")` must stay text in every working copy.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula (by its first character)."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(text: str) -> str:
    """`text` for a CSV cell: a leading apostrophe before a risky first character.

    The apostrophe is what a spreadsheet shows for "typed as text", the usual defence (OWASP);
    everything after it is kept as it was.
    """
    return "'" + text if needs_guard(text) else text


# Control characters other than tab, line feed and carriage return (C0, DEL and C1), and the
# code points XML has no place for (lone surrogates, U+FFFE, U+FFFF). The app refuses them in
# what people type, but a workspace changed outside it may hold them: the workbook's and the
# Word file's XML can't carry them at all, and in a CSV file a terminal would run them.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def shown_text(text: str) -> str:
    """`text` with each character no copy can hold replaced by U+FFFD, so the copy is made.

    The replacement character shows where something was, rather than dropping it silently or
    refusing the whole copy over one character.
    """
    return _UNSHOWABLE.sub(REPLACEMENT, text)
