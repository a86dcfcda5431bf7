"""The report's fonts: DejaVu, shipped in resources/fonts and embedded in every PDF.

The 14 standard PDF fonts only cover Latin-1, so names like "Zoë Łukasiewicz-Öztürk" or Greek and
Cyrillic text need an embedded TrueType font. Registered once per process, under a lock, because
reportlab's font registry is global.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
MONO = "DejaVuSansMono"

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the report fonts with reportlab (idempotent, thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = resources_dir() / "fonts"
        for name, file in (
            (SANS, "DejaVuSans.ttf"),
            (SANS_BOLD, "DejaVuSans-Bold.ttf"),
            (MONO, "DejaVuSansMono.ttf"),
        ):
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        _registered = True
