"""Untrusted text reaches the terminal as text: no escape sequence, forged line or reversal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.fields import BIDI_CONTROLS
from app.terminal import for_terminal


def test_escape_sequences_and_line_breaks_are_shown_not_obeyed() -> None:
    forged = "Mallory\x1b[1A\x1b[2K\rintact: trusted signer\nsigned off by DPO"
    shown = for_terminal(forged)
    assert shown == ("Mallory\\x1b[1A\\x1b[2K\\x0dintact: trusted signer\\x0asigned off by DPO")
    assert for_terminal("rtl\u202etxt.exe") == "rtl\\u202etxt.exe"
    assert for_terminal("C1\x9b31m") == "C1\\x9b31m"
    assert for_terminal("bad byte \udcff") == "bad byte \\udcff"


def test_ordinary_text_is_left_alone() -> None:
    for text in ("Zoë Łukasiewicz-Öztürk", "سارا رضایی", "Ελένη", "😀 ok"):
        assert for_terminal(text) == text


def test_our_own_line_breaks_can_be_kept() -> None:
    assert for_terminal("one\ntwo\x1b", keep_newlines=True) == "one\ntwo\\x1b"


@given(st.text())
def test_nothing_unsafe_gets_through(text: str) -> None:
    shown = for_terminal(text)
    for char in shown:
        assert unicodedata.category(char) not in {"Cc", "Cs", "Zl", "Zp"}, repr(char)
        assert char not in BIDI_CONTROLS
    shown.encode("utf-8")  # always printable as UTF-8


def test_the_quick_check_refuses_exactly_the_characters_the_rule_names() -> None:
    """The one-pass character class matches the category rule at every code point."""
    from app.terminal import _UNSAFE, _UNSAFE_BUT_NEWLINE, _unsafe

    for code in range(0x110000):
        char = chr(code)
        assert (_UNSAFE.match(char) is not None) == _unsafe(char, ""), hex(code)
        assert (_UNSAFE_BUT_NEWLINE.match(char) is not None) == _unsafe(char, "\n"), hex(code)
