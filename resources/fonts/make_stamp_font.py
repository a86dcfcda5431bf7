"""Make DejaVuSans-Stamp.ttf: DejaVu Sans rescaled to 1000 units per em, for signature stamps.

    .venv/bin/python resources/fonts/make_stamp_font.py

pyHanko lays out stamp text as if every font had 1000 units per em; DejaVu has 2048, so its
glyphs came out about twice too wide. Rescaling the outlines and metrics to 1000 units per em
fixes the spacing without changing how the letters look. (Done once and shipped: rescaling takes
over a second, too long to repeat at every signature.) The FFTM table, a FontForge timestamp that
the subsetter can't handle, is dropped. So are GPOS, kern and MATH: pyHanko subsets the font at
each signature, and reading GPOS alone took about 60 ms of it; the three lines of a stamp lose
only kerning, and GSUB stays for the scripts that need letter forms chosen.
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
    for table in ("FFTM", "GPOS", "kern", "MATH"):
        if table in font:
            del font[table]
    font.save(HERE / "DejaVuSans-Stamp.ttf")
    print("wrote", HERE / "DejaVuSans-Stamp.ttf")  # noqa: T201


if __name__ == "__main__":
    main()
