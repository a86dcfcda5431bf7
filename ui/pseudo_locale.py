"""A pseudo-language: every word of the window accented and 40% longer, to find cut-off text.

German runs about a third longer than English, and other languages longer still. Run the app
with `COMPLIANCE_DESK_LANG=pseudo` and every string that goes through the window's catalogue
shows as `[Ŝàvé ~~~]`: a label that cuts its text short loses the closing bracket, a string
that doesn't go through the catalogue stays plain English, and accented letters show whether
the fonts have them. Placeholders (%1, %n), markup and keyboard mnemonics are kept as they are,
so the window still works and keeps its keys.
"""

from __future__ import annotations

import math
import os
import re

from PySide6.QtCore import QCoreApplication, QTranslator
from typing_extensions import override

PSEUDO = "pseudo"
LENGTHENING = 0.4

_ACCENTED = str.maketrans(
    "AaCcEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)
# What must come through unchanged: markup, placeholders, entities and a mnemonic's letter.
_KEPT = re.compile(r"<[^>]*>|%L?\d+|%n|&[a-zA-Z]+;|&&|&.")


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


class PseudoTranslator(QTranslator):
    """Answers every lookup of the window's words with the pseudo-language."""

    @override
    def translate(
        self,
        context: str,
        sourceText: str,  # noqa: N803 - Qt's own name
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        return pseudo_text(sourceText)

    @override
    def isEmpty(self) -> bool:
        return False


def install_pseudo_locale_if_asked(app: QCoreApplication) -> QTranslator | None:
    """Install the pseudo-language when `COMPLIANCE_DESK_LANG` is `pseudo`; None otherwise.

    Installed last, it is asked first, so it covers whichever catalogue the setting chose.
    """
    if os.environ.get("COMPLIANCE_DESK_LANG", "").strip().lower() != PSEUDO:
        return None
    translator = PseudoTranslator(app)
    QCoreApplication.installTranslator(translator)
    return translator
