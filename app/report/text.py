"""How the report writes times, numbers and cut text (words for values come from app.wording)."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def stamp(moment: datetime) -> str:
    """A moment to the minute, in UTC."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def num(value: Any) -> str:
    """A number without a trailing ".0"."""
    text = f"{value}"
    return text[:-2] if text.endswith(".0") else text


def truncate(text: str, limit: int) -> str:
    """Text cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
