"""The core's message catalogue: every user-visible string of `app/` goes through `_()`.

The core can't use Qt's translator, so it uses gettext with one domain. Catalogues (`.mo`) live in
`resources/locale/<lang>/LC_MESSAGES/compliance-desk.mo`, compiled from the `.po` beside them when
the app is built (`python3 dev.py catalogues`); without one the English source text is used, so
nothing breaks when a language is missing.

One language is chosen for a whole run (`resolve_languages`): `COMPLIANCE_DESK_LANG` if it names
a language the app has, else the preference saved in the settings, else the system's locale, else
English. The window, the command line and the reports all follow it; the checklists keep their own
language, and `--json` output stays neutral. `COMPLIANCE_DESK_LANG=pseudo` puts every message in
the pseudo-language (`app.pseudo_text`), to find words cut off or left out of the catalogue.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping, Sequence

from app.pseudo_text import pseudo_asked, pseudo_text

DOMAIN = "compliance-desk"
# argparse's own words ("usage:", "options") come from this domain; see `app.cli.parser`.
ARGPARSE_DOMAIN = "argparse"
LANGUAGE_ENV = "COMPLIANCE_DESK_LANG"
SOURCE_LANGUAGE = "en"
# The languages the app speaks, each named in its own language (as a language menu shows it).
LANGUAGES: Mapping[str, str] = {"en": "English", "de": "Deutsch"}
# Where POSIX systems name the locale, in gettext's order: the first one set decides.
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Windows names locales in English words ("German_Germany").
_LANGUAGE_WORDS = {"english": "en", "german": "de", "deutsch": "de"}


class PseudoTranslations(gettext.NullTranslations):
    """Every message in the pseudo-language, whatever catalogue there is."""

    def gettext(self, message: str) -> str:
        """`message` in the pseudo-language."""
        return pseudo_text(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The singular or plural form for `n`, in the pseudo-language."""
        return pseudo_text(msgid1 if n == 1 else msgid2)


_translation: gettext.NullTranslations = gettext.NullTranslations()
_argparse_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def language_code(name: str) -> str | None:
    """The app's language a locale name means (`de_DE.UTF-8@euro` -> "de"), or None.

    "C" and "POSIX" are the untranslated locale: English. Anything the app doesn't speak, or
    that is not a locale name at all, is None.
    """
    name = name.strip()
    if name in ("C", "POSIX") or name.startswith(("C.", "POSIX.")):
        return SOURCE_LANGUAGE
    base = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    base = _LANGUAGE_WORDS.get(base, base)
    return base if base in LANGUAGES else None


def _codes(names: Iterable[str]) -> list[str]:
    found: list[str] = []
    for name in names:
        code = language_code(name)
        if code is not None and code not in found:
            found.append(code)
    return found


def _system_names(environ: Mapping[str, str], system: Sequence[str]) -> list[str]:
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            # LANGUAGE may list several ("de:en"); the others hold one locale name each.
            return value.split(":") if variable == "LANGUAGE" else [value]
    return list(system)


def resolve_languages(
    setting: str | None, environ: Mapping[str, str], system: Sequence[str] = ()
) -> list[str]:
    """The languages to speak, best first; English is always among them, last unless chosen.

    Args:
        setting: the language saved in the preferences; "" or None for the system's.
        environ: the process environment: `COMPLIANCE_DESK_LANG` overrides the setting, and the
            POSIX locale variables (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`) name the
            system's language.
        system: the system's languages where the environment doesn't name them (Windows and
            macOS keep them elsewhere), e.g. from `locale.getlocale()` or Qt's `QLocale`.

    The first of override, setting and system locale that names a language the app speaks
    decides; a name the app doesn't know ("fr", "xx", garbage) is passed over, so at worst the
    app speaks English.
    """
    sources = [
        environ.get(LANGUAGE_ENV, "").split(":"),
        [setting or ""],
        _system_names(environ, system),
    ]
    for names in sources:
        codes = _codes(names)
        if codes:
            return codes if SOURCE_LANGUAGE in codes else [*codes, SOURCE_LANGUAGE]
    return [SOURCE_LANGUAGE]


def use_language(languages: list[str]) -> None:
    """Switch the core's messages to the first of `languages` that has a catalogue."""
    global _translation, _argparse_translation, _language
    from app.paths import resources_dir  # late import: paths imports this module's users

    localedir = resources_dir() / "locale"
    _translation = gettext.translation(
        DOMAIN, localedir=localedir, languages=languages, fallback=True
    )
    _argparse_translation = gettext.translation(
        ARGPARSE_DOMAIN, localedir=localedir, languages=languages, fallback=True
    )
    _language = next(
        (code for code in languages if code == SOURCE_LANGUAGE or _has_catalogue(code)),
        SOURCE_LANGUAGE,
    )
    if pseudo_asked():
        _translation = PseudoTranslations()
        _argparse_translation = PseudoTranslations()


def _has_catalogue(code: str) -> bool:
    from app.paths import resources_dir

    return gettext.find(DOMAIN, str(resources_dir() / "locale"), [code]) is not None


def current_language() -> str:
    """The language the messages are in now ("en" until `use_language` found a catalogue)."""
    return _language


def _(message: str) -> str:
    """Translate one message of the core."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _translation.ngettext(singular, plural, count)


def argparse_gettext(message: str) -> str:
    """Translate one of argparse's own messages ("usage: ", "show this help message and exit")."""
    return _argparse_translation.gettext(message)


def argparse_ngettext(singular: str, plural: str, count: int) -> str:
    """Translate one of argparse's own messages that depends on a count."""
    return _argparse_translation.ngettext(singular, plural, count)
