"""Text that a spreadsheet would run as a formula, made inert.

Excel, LibreOffice and Google Sheets treat a cell typed as `=`, `+`, `-` or `@` as a formula,
and some read a leading tab or carriage return past to the character after it. An answer's note
such as `=HYPERLINK("http://evil.example", "click")` must stay text in every working copy.
"""

from __future__ import annotations

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
