"""The section chart as a PNG picture, for documents that can't draw it themselves (Word).

The PDF draws its chart with reportlab's vector graphics; reportlab's bitmap renderer needs
Cairo, which is not always there, so this draws the same bars (each section's score, 0-100 %,
first section on top) with Pillow and the report's DejaVu font.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from app.paths import resources_dir
from app.wording import score_figure, shorten

_SCALE = 2  # drawn at twice the size it is shown, so it stays sharp when printed
_BAR = "#2f5d8a"
_AXIS = "#8a9099"
_TEXT = "#1f2328"


def chart_png(scores: list[tuple[str, float | None]], width: int = 800) -> bytes:
    """Horizontal bars of each (title, score); a section with no score gets no bar and a dash."""
    s = _SCALE
    font = ImageFont.truetype(str(resources_dir() / "fonts" / "DejaVuSans.ttf"), 13 * s)
    small = ImageFont.truetype(str(resources_dir() / "fonts" / "DejaVuSans.ttf"), 11 * s)
    bar, gap, top, bottom = 22 * s, 10 * s, 10 * s, 30 * s
    label_width = 260 * s
    right = 70 * s
    w = width * s
    h = top + len(scores) * (bar + gap) + bottom
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    x0, x1 = label_width, w - right
    span = x1 - x0
    axis_y = top + len(scores) * (bar + gap)
    for tick in range(0, 101, 20):
        x = x0 + span * tick // 100
        draw.line([(x, top - 4 * s), (x, axis_y)], fill="#e3e6ea", width=s)
        draw.text((x, axis_y + 6 * s), f"{tick}%", font=small, fill=_AXIS, anchor="mt")
    draw.line([(x0, top - 4 * s), (x0, axis_y)], fill=_AXIS, width=s)
    draw.line([(x0, axis_y), (x1, axis_y)], fill=_AXIS, width=s)
    for n, (title, score) in enumerate(scores):
        y = top + n * (bar + gap)
        middle = y + bar // 2
        draw.text((x0 - 8 * s, middle), shorten(title, 38), font=font, fill=_TEXT, anchor="rm")
        end = x0 + int(span * (score or 0) / 100)
        if score:
            draw.rectangle([(x0, y), (end, y + bar)], fill=_BAR)
        draw.text((end + 6 * s, middle), score_figure(score), font=font, fill=_TEXT, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def chart_description(scores: list[tuple[str, float | None]]) -> str:
    """The chart in words, for its alternative text: each section with its score."""
    return "; ".join(f"{title}: {score_figure(score)}" for title, score in scores)
