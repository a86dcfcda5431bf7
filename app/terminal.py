"""Text on its way to a terminal: untrusted strings shown as text, never obeyed as commands.

A name read from a PDF, a note typed on another laptop or a checklist title can hold escape
sequences (which move the cursor, clear the screen or rewrite a line), carriage returns and line
breaks (which forge whole lines of output), and direction overrides (which show `rtl‮txt.exe`
reversed). Every string the command line prints passes through `for_terminal`, which writes such
characters as visible escapes instead.
"""

from __future__ import annotations

import re
import unicodedata

from app.fields import BIDI_CONTROLS

# What `_unsafe` refuses, as one character class, so a long text is checked in one pass of the
# regular expression engine instead of one Python call per character (a 1,000-item `show` spent a
# quarter of a second here). Cc is U+0000-001F and U+007F-009F, Cs the surrogates, Zl U+2028 and
# Zp U+2029 (tests/app/test_terminal.py checks every code point against the categories).
_CLASS = "\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029" + "".join(sorted(BIDI_CONTROLS))
_UNSAFE = re.compile(f"[\n{_CLASS}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[{_CLASS}]")


def _escaped(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _unsafe(char: str, keep: str) -> bool:
    if char in keep:
        return False
    category = unicodedata.category(char)
    # Cc: C0 and C1 controls, DEL; Cs: lone surrogates (bytes that were not UTF-8); Zl, Zp: the
    # line and paragraph separators some terminals break lines on.
    return category in {"Cc", "Cs", "Zl", "Zp"} or char in BIDI_CONTROLS


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control, direction override and lone surrogate written as an escape.

    `keep_newlines` lets line breaks through, for text the program itself laid out in lines;
    values from outside (names, notes, titles) are shown on one line.
    """
    pattern = _UNSAFE_BUT_NEWLINE if keep_newlines else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda found: _escaped(found.group()), text)


def json_for_terminal(document: str) -> str:
    """A JSON document with the same characters escaped the JSON way, as four-digit escapes.

    It stays valid JSON that reads back to the same values, and shows nothing a terminal obeys.
    """
    return _UNSAFE_BUT_NEWLINE.sub(lambda found: f"\\u{ord(found.group()):04x}", document)
