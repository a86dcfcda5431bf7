"""Pieces every command's output is made of: times, scores, escaped lines and tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.i18n import _
from app.locale_text import count, number, percent
from app.terminal import for_terminal


def iso(moment: datetime) -> str:
    """An aware time as ISO 8601 in UTC, to the second."""
    return moment.isoformat(timespec="seconds")


def score_text(score: float | None) -> str:
    """A score for people: "87.5%" ("87,5 %" in German), or a dash when there is none."""
    return "-" if score is None else percent(score)


def lines_text(lines: Sequence[str]) -> str:
    """Lines joined for printing, each kept to one line.

    A value holding a line break or an escape sequence is shown escaped, so it can't forge a line
    of its own.
    """
    return "\n".join(for_terminal(line) for line in lines)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """Columns padded to their content, each value cut to its column's maximum width.

    Headings are never cut: a translated one ("ERGEBNIS" for "SCORE") widens its column instead.
    """

    def cut(text: str, limit: int) -> str:
        return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"

    cells = [[for_terminal(h) for h in headers]] + [
        [cut(for_terminal(c), max(w, len(h))) for c, w, h in zip(row, widths, headers, strict=True)]
        for row in rows
    ]
    sizes = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


def size_text(size: int) -> str:
    """A file size in words a person reads at a glance."""
    if size < 1024:
        return _("{n} bytes").format(n=count(size))
    if size < 1024 * 1024:
        return _("{n} KiB").format(n=number(size / 1024, 0))
    return _("{n} MiB").format(n=number(size / (1024 * 1024), 1))
