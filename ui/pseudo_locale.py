"""The pseudo-language in the window's catalogue (the text itself: `app.pseudo_text`).

Run the app with `COMPLIANCE_DESK_LANG=pseudo` and every word of the window, and every message of
the core it shows (`app.i18n` does the same for its own catalogue), is accented and 40% longer.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from typing_extensions import override

from app.pseudo_text import PSEUDO, pseudo_asked, pseudo_text

__all__ = ["PSEUDO", "PseudoTranslator", "install_pseudo_locale_if_asked", "pseudo_text"]


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
    if not pseudo_asked():
        return None
    translator = PseudoTranslator(app)
    QCoreApplication.installTranslator(translator)
    return translator
