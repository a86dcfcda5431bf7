"""Make DejaVuSans-Stamp.ttf: DejaVu Sans rescaled to 1000 units per em, for signature stamps.

    .venv/bin/python resources/fonts/make_stamp_font.py

pyHanko lays out stamp text as if every font had 1000 units per em; DejaVu has 2048, so its
glyphs came out about twice too wide. Rescaling the outlines and metrics to 1000 units per em
fixes the spacing without changing how the letters look. (Done once and shipped: rescaling takes
over a second, too long to repeat at every signature.) The FFTM table, a FontForge timestamp that
the subsetter can't handle, is dropped.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Rescale DejaVuSans.ttf into DejaVuSans-Stamp.ttf beside it."""
    font = TTFont(HERE / "DejaVuSans.ttf")
    scale_upem(font, 1000)
    if "FFTM" in font:
        del font["FFTM"]
    font.save(HERE / "DejaVuSans-Stamp.ttf")
    print("wrote", HERE / "DejaVuSans-Stamp.ttf")  # noqa: T201


if __name__ == "__main__":
    main()
