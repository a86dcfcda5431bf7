"""How the report cuts text.

Its dates and numbers come from `app.locale_text`, its words for values from `app.wording`.
"""

from __future__ import annotations


def truncate(text: str, limit: int) -> str:
    """Text cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
