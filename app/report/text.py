"""How the report writes times, numbers and cut text (words for values come from app.wording).

Dates follow the run's language (`app.i18n.current_language`): English keeps the unambiguous
ISO form (2027-01-31), other languages their own (31.01.2027 in German). Times are UTC, said so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from app.i18n import SOURCE_LANGUAGE, current_language


def day(value: date) -> str:
    """A date as the report's language writes it."""
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return value.isoformat()
    from babel.dates import format_date  # late: only reports in another language need it

    return format_date(value, format="medium", locale=language)


def stamp(moment: datetime) -> str:
    """A moment to the minute, in UTC."""
    moment = moment.astimezone(UTC) if moment.tzinfo is not None else moment
    return f"{day(moment.date())} {moment:%H:%M} UTC"


def num(value: Any) -> str:
    """A number without a trailing ".0"."""
    text = f"{value}"
    return text[:-2] if text.endswith(".0") else text


def truncate(text: str, limit: int) -> str:
    """Text cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
