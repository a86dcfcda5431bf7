"""A pseudo-language: every word accented and 40% longer, to find cut-off and untranslated text.

German runs about a third longer than English, and other languages longer still. With
`COMPLIANCE_DESK_LANG=pseudo` every string that goes through a catalogue (the window's and the
core's) shows as `[Ŝàvé ~~~]`: a label that cuts its text short loses the closing bracket, a
string that doesn't go through a catalogue stays plain English, and accented letters show whether
the fonts have them. What the program fills in or reads is kept as it is: Qt's placeholders
(%1, %n), Python's (`{name}`, `{n:,}`, `%(name)s`, `%s`), markup, entities and keyboard
mnemonics, so the words still work and keep their keys.

Pure text, without Qt: the core's catalogue (`app.i18n`) uses it as the window's does.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping

PSEUDO = "pseudo"
LENGTHENING = 0.4

_ACCENTED = str.maketrans(
    "AaCcEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)
# What must come through unchanged: markup, Qt's placeholders, Python's (a format field may hold
# one more inside it: `{value:<{width}}`), escaped braces, entities and a mnemonic's letter.
_KEPT = re.compile(
    r"<[^>]*>|%L?\d+|%n|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifgr]|%[sdifr%]"
    r"|\{\{|\}\}|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|&[a-zA-Z]+;|&&|&."
)


def pseudo_text(text: str) -> str:
    """`text` accented, 40% longer and bracketed; placeholders, markup and mnemonics kept."""
    if not text.strip():
        return text
    parts: list[str] = []
    last = 0
    for kept in _KEPT.finditer(text):
        parts.append(text[last : kept.start()].translate(_ACCENTED))
        parts.append(kept.group())
        last = kept.end()
    parts.append(text[last:].translate(_ACCENTED))
    accented = "".join(parts)
    padding = max(1, math.ceil(len(text) * LENGTHENING) - 3)  # the brackets and space count
    lines = accented.split("\n")
    lines[0] = f"[{lines[0]}"
    lines[-1] = f"{lines[-1]} {'~' * padding}]"
    return "\n".join(lines)


def pseudo_asked(environ: Mapping[str, str] | None = None) -> bool:
    """Whether `COMPLIANCE_DESK_LANG` asks for the pseudo-language (in any letter case)."""
    value = (os.environ if environ is None else environ).get("COMPLIANCE_DESK_LANG", "")
    return value.strip().lower() == PSEUDO
