"""Dates and numbers in the run's language: English as it always read, German as German writes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import use_language
from app.locale_text import count, day, number, percent, signed, stamp

NBSP = "\xa0"


def test_english_keeps_its_plain_figures() -> None:
    assert percent(76.5) == "76.5%"
    assert percent(100.0) == "100.0%"
    assert percent(0.0) == "0.0%"
    assert number(2.0) == "2"
    assert number(0.5) == "0.5"
    assert number(12.345, 1) == "12.3"
    assert count(12_345_678) == "12,345,678"
    assert signed(12.5) == "+12.5"
    assert signed(-25) == "-25.0"
    assert signed(-0.04) == "0.0"  # a change that rounds away has no sign
    assert day(date(2027, 1, 31)) == "2027-01-31"
    assert stamp(datetime(2027, 1, 31, 9, 5, tzinfo=UTC)) == "2027-01-31 09:05 UTC"


def test_german_writes_its_own() -> None:
    use_language(["de", "en"])
    assert percent(76.5) == f"76,5{NBSP}%"
    assert percent(100.0) == f"100,0{NBSP}%"
    assert number(0.5) == "0,5"
    assert number(1234.5, 1) == "1.234,5"
    assert count(12_345_678) == "12.345.678"
    assert signed(12.5) == "+12,5"
    assert signed(-25) == "-25,0"
    assert day(date(2027, 1, 31)) == "31.01.2027"
    assert stamp(datetime(2027, 1, 31, 9, 5, tzinfo=UTC)) == "31.01.2027 09:05 UTC"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_english_without_babel_is_babels_english(value: Decimal) -> None:
    """English skips loading Babel (start-up time) and must still read as Babel writes it."""
    use_language(["en"])
    if value.quantize(Decimal("0.001")) != 0:  # Babel writes "-0" for a tiny negative
        assert number(value) == format_decimal(value, locale="en")
    assert number(value, 1) == format_decimal(value, format="#,##0.0", locale="en")
    assert percent(value) == format_percent(value / 100, format="#,##0.0%", locale="en")


@pytest.mark.parametrize("value", [0, 7, 999, 1000, 65_536])
def test_a_count_reads_back_as_the_number(value: int) -> None:
    use_language(["de", "en"])
    assert int(count(value).replace(".", "")) == value
