"""Dates and numbers as the run's language writes them, for the window, the reports and the CLI.

One home, so a score reads the same everywhere: "76.5%" in English, "76,5 %" in German (with a
no-break space, as German writes it), and big numbers carry the language's thousands separator
("12,345" / "12.345"). The language is the run's (`app.i18n.current_language`). Dates: English
keeps the unambiguous ISO form (2027-01-31), other languages their own (31.01.2027 in German).
Times are UTC, said so.

Other languages take their forms from Babel's locale data; English, the source language, is
written here in the same form without it, since loading Babel costs about a tenth of a second
that a window opening in English would otherwise wait for.

Machine-read output (the command line's `--json`, CSV files, workbook cells) never comes here:
it keeps plain figures a program can parse.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from app.i18n import SOURCE_LANGUAGE, current_language

if TYPE_CHECKING:  # Babel is imported when first needed: it costs start-up time
    from babel.numbers import NumberPattern

Figure = int | float | Decimal


def day(value: date) -> str:
    """A date as the run's language writes it."""
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return value.isoformat()
    from babel.dates import format_date

    return format_date(value, format="medium", locale=language)


def stamp(moment: datetime) -> str:
    """A moment to the minute, in UTC."""
    moment = moment.astimezone(UTC) if moment.tzinfo is not None else moment
    return f"{day(moment.date())} {moment:%H:%M} UTC"


def local_stamp(moment: datetime, *, seconds: bool = False) -> str:
    """A moment as the window shows it: in this computer's time zone, to the minute or second."""
    local = moment.astimezone()
    return (
        f"{day(local.date())} {local:%H:%M:%S}" if seconds else f"{day(local.date())} {local:%H:%M}"
    )


def _decimal(value: Figure) -> Decimal:
    # str() first: Decimal(0.1) would carry the float's binary tail into the rounding.
    return value if isinstance(value, Decimal) else Decimal(str(value))


@lru_cache(maxsize=16)
def _pattern(language: str, kind: str, places: int | None) -> NumberPattern:
    """The language's decimal or percent pattern, with `places` decimals (None: up to three)."""
    from babel import Locale
    from babel.numbers import parse_pattern

    locale = Locale.parse(language)
    formats = locale.percent_formats if kind == "percent" else locale.decimal_formats
    pattern = parse_pattern(formats[None].pattern)
    if places is not None:
        pattern.frac_prec = (places, places)
    return pattern


def number(value: Figure, places: int | None = None) -> str:
    """A number with the language's separators: "1,234.5" / "1.234,5".

    Args:
        value: the number.
        places: decimals always shown ("12.0"); None shows up to three and drops trailing
            zeros, so a weight of 2.0 reads "2".
    """
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return _english(_decimal(value), places)
    return str(_pattern(language, "decimal", places).apply(_decimal(value), language))


def _english(value: Decimal, places: int | None) -> str:
    """Babel's English form, "#,##0.###" or with `places` fixed decimals, without Babel."""
    if places is not None:
        return f"{value:,.{places}f}"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def signed(value: Figure, places: int = 1) -> str:
    """A change, always with its sign unless it is zero: "+12.5", "-25.0", "0.0"."""
    shown = _decimal(value).quantize(Decimal(1).scaleb(-places))
    if shown == 0:
        return number(0, places)  # never "-0.0" for a change that rounds away
    return ("+" if shown > 0 else "") + number(shown, places)


def percent(score: Figure, places: int = 1) -> str:
    """A score in percent (0-100), with one decimal unless told: "62.5%" / "62,5 %"."""
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return _english(_decimal(score), places) + "%"
    return str(_pattern(language, "percent", places).apply(_decimal(score) / 100, language))


def count(value: int) -> str:
    """A count, separated in thousands when big: "1,234" / "1.234"."""
    return number(value)
