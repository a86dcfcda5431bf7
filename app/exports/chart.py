"""The section charts as PNG pictures, for documents that can't draw them themselves (Word).

The PDF draws its charts with reportlab's vector graphics; reportlab's bitmap renderer needs
Cairo, which is not always there, so this draws the same bars (each section's score, 0-100 %,
first section on top; for a next review, the last review's score above this one's) with Pillow
and the report's DejaVu font.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from app.i18n import _
from app.paths import resources_dir
from app.wording import score_figure, shorten

_SCALE = 2  # drawn at twice the size it is shown, so it stays sharp when printed
_BAR = "#2f5d8a"
_BEFORE = "#a7b4c2"  # the last review's bars, as the PDF's chart colours them
_AXIS = "#8a9099"
_TEXT = "#1f2328"
_FONT = "DejaVuSans.ttf"


def _fonts(s: int) -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]:
    path = str(resources_dir() / "fonts" / _FONT)
    return ImageFont.truetype(path, 13 * s), ImageFont.truetype(path, 11 * s)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def chart_png(scores: list[tuple[str, float | None]], width: int = 800) -> bytes:
    """Horizontal bars of each (title, score); a section with no score gets no bar and a dash."""
    s = _SCALE
    font, small = _fonts(s)
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
    return _png(image)


def chart_description(scores: list[tuple[str, float | None]]) -> str:
    """The chart in words, for its alternative text: each section with its score."""
    return "; ".join(f"{title}: {score_figure(score)}" for title, score in scores)


def comparison_chart_png(
    sections: list[tuple[str, float | None, float | None]], width: int = 800
) -> bytes:
    """Each (title, last review's score, this review's) as two bars, the last review's on top.

    As the PDF's chart of a next review draws them: a lighter bar for the last review above
    a darker one for this review, each with its figure, and a key below. A side without a
    score (a section it lacks, or nothing answered) gets no bar and a dash.
    """
    s = _SCALE
    font, small = _fonts(s)
    bar, pair_gap, top, bottom = 16 * s, 12 * s, 10 * s, 58 * s
    label_width, right = 260 * s, 70 * s
    w = width * s
    pair = 2 * bar
    h = top + len(sections) * (pair + pair_gap) + bottom
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    x0, x1 = label_width, w - right
    span = x1 - x0
    axis_y = top + len(sections) * (pair + pair_gap)
    for tick in range(0, 101, 20):
        x = x0 + span * tick // 100
        draw.line([(x, top - 4 * s), (x, axis_y)], fill="#e3e6ea", width=s)
        draw.text((x, axis_y + 6 * s), f"{tick}%", font=small, fill=_AXIS, anchor="mt")
    draw.line([(x0, top - 4 * s), (x0, axis_y)], fill=_AXIS, width=s)
    draw.line([(x0, axis_y), (x1, axis_y)], fill=_AXIS, width=s)
    for n, (title, before, after) in enumerate(sections):
        y = top + n * (pair + pair_gap)
        draw.text((x0 - 8 * s, y + bar), shorten(title, 38), font=font, fill=_TEXT, anchor="rm")
        for row, (score, colour) in enumerate(((before, _BEFORE), (after, _BAR))):
            y_bar = y + row * bar
            end = x0 + int(span * (score or 0) / 100)
            if score:
                draw.rectangle([(x0, y_bar + s), (end, y_bar + bar - s)], fill=colour)
            figure = score_figure(score)
            draw.text((end + 6 * s, y_bar + bar // 2), figure, font=small, fill=_TEXT, anchor="lm")
    key_y = axis_y + 32 * s
    x = x0
    for label, colour in ((_("Last review"), _BEFORE), (_("This review"), _BAR)):
        draw.rectangle([(x, key_y - 6 * s), (x + 12 * s, key_y + 6 * s)], fill=colour)
        draw.text((x + 18 * s, key_y), label, font=font, fill=_TEXT, anchor="lm")
        x += 18 * s + int(draw.textlength(label, font=font)) + 30 * s
    return _png(image)


def comparison_description(sections: list[tuple[str, float | None, float | None]]) -> str:
    """The comparison chart in words, for its alternative text: each section then and now."""
    return "; ".join(
        _("{section}: {then} then, {now} now").format(
            section=title, then=score_figure(before), now=score_figure(after)
        )
        for title, before, after in sections
    )
