"""The core's message catalogue: every user-visible string of `app/` goes through `_()`.

The core can't use Qt's translator, so it uses gettext with one domain. Catalogues (`.mo`) live in
`resources/locale/<lang>/LC_MESSAGES/compliance-desk.mo`; without one the English source text is
used, so nothing breaks when a language is missing.
"""

from __future__ import annotations

import gettext

DOMAIN = "compliance-desk"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def use_language(languages: list[str]) -> None:
    """Switch the core's messages to the first of `languages` that has a catalogue."""
    global _translation
    from app.paths import resources_dir  # late import: paths imports this module's users

    _translation = gettext.translation(
        DOMAIN, localedir=resources_dir() / "locale", languages=languages, fallback=True
    )


def _(message: str) -> str:
    """Translate one message of the core."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _translation.ngettext(singular, plural, count)
