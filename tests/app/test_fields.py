"""Typed text is checked once for every caller: controls, direction tricks and invisible text."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import RuleError
from app.fields import BIDI_CONTROLS, clean_text, parse_date


@pytest.mark.parametrize(
    "value",
    [
        "rtl\u202etxt.exe",  # shows as "rtlexe.txt"
        "name\u2067hidden\u2069",
        "C1\x85control",
        "C1\x9bcsi",
        "esc\x1b[2Jcleared",
    ],
)
def test_names_with_controls_or_direction_overrides_are_refused(value: str) -> None:
    with pytest.raises(RuleError, match="file name must not contain"):
        clean_text(value, field="file name")


@pytest.mark.parametrize("value", ["\u200b", "\u200b\u200c\ufeff", " \u2060 ", "\u00a0\u200b"])
def test_invisible_only_text_is_empty(value: str) -> None:
    assert clean_text(value, field="note", required=False, multiline=True) == ""
    with pytest.raises(RuleError, match="must not be empty"):
        clean_text(value, field="name")


def test_real_text_in_any_script_is_kept() -> None:
    for value in ("Zoë Łukasiewicz-Öztürk", "سارا رضایی", "नमस्ते", "Ελένη", "שרה כהן"):
        assert clean_text(value, field="name") == value
    # A zero-width joiner inside a word is part of how some scripts are written.
    assert clean_text("می\u200cخواهم", field="name") == "می\u200cخواهم"
    assert clean_text("line one\nline two\tend", field="note", multiline=True)


@given(st.text(max_size=200))
def test_whatever_it_returns_holds_no_controls(value: str) -> None:
    try:
        cleaned = clean_text(value, field="note", max_length=1000, required=False, multiline=True)
    except RuleError:
        return
    for char in cleaned:
        assert char in "\n\t" or unicodedata.category(char) != "Cc", repr(char)
        assert char not in BIDI_CONTROLS, repr(char)
    assert cleaned == "" or any(
        unicodedata.category(c) not in {"Cf", "Zs", "Zl", "Zp", "Cc"} for c in cleaned
    )


@pytest.mark.parametrize(
    "text", ["20270115", "2027-W03-5", "2027-015", "２０２７-01-15", "2027-1-5"]
)
def test_dates_are_only_written_year_month_day(text: str) -> None:
    with pytest.raises(RuleError, match="YYYY-MM-DD"):
        parse_date(text, field="due date")


def test_a_plain_date_is_read() -> None:
    assert parse_date(" 2027-01-15 ", field="due date") == date(2027, 1, 15)
    with pytest.raises(RuleError, match="YYYY-MM-DD"):
        parse_date("2027-02-30", field="due date")
