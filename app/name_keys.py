"""The key two person names are compared by: one key for every way of writing the same name.

A rule about people (the assessor must confirm reviewing their own work, the reviewer signs
the report of their own sign-off, the assessor's signature is not the reviewer's) is defeated if
"Anna Smith" and a name that looks the same on screen count as two people. Names can be made to
look alike many ways: fullwidth letters, invisible characters inside or between words, extra
spaces, a different case, or letters from another script drawn the same (Cyrillic "А" is not
Latin "A"). The key undoes those ways, and only for comparing: names are stored and shown as
typed.

Spaces are left out of the key entirely rather than collapsed: an invisible character can sit
inside a word as well as between words, and "AnnaSmith" names no one else than "Anna Smith".
"""

from __future__ import annotations

import unicodedata

from app.fields import BLANKS

# Cyrillic and Greek letters drawn exactly like a Latin one in common fonts, with that letter.
_LOOK_ALIKES = (
    ("АВЕКМНОРСТХЅІЈ", "ABEKMHOPCTXSIJ"),  # Cyrillic capitals
    ("аеорсухіјѕһԁԛԝӏ", "aeopcyxijshdqwl"),  # Cyrillic small letters
    ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"),  # Greek capitals
    ("ο", "o"),  # Greek small omicron
)
# Compared after case folding: "АННА" looks like "AHHA", so its folded "анна" must give the
# same key as "ahha", or a name's case would decide whether it is a look-alike.
_CONFUSABLES = str.maketrans(
    {
        foreign.casefold(): latin.casefold()
        for letters, latins in _LOOK_ALIKES
        for foreign, latin in zip(letters, latins, strict=True)
    }
)


def _variation_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _shows_nothing(char: str) -> bool:
    """Whether a character adds nothing to how a name looks (it is left out of the key)."""
    return (
        char.isspace()
        or char in BLANKS
        or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")
        or _variation_selector(char)
    )


def name_key(name: str) -> str:
    """The form of `name` that two names are compared in; "" for a name that shows nothing.

    NFKC folds fullwidth and other compatibility forms; invisible characters, spaces and
    combining marks with no letter to sit on are left out; case is folded; look-alike
    Cyrillic and Greek letters become the Latin ones.
    """
    kept: list[str] = []
    on_letter = False  # whether a mark here would sit on a character that shows
    for char in unicodedata.normalize("NFKC", name):
        if _shows_nothing(char):
            on_letter = False
        elif unicodedata.category(char).startswith("M"):
            if on_letter:  # else a mark alone, with nothing to sit on
                kept.append(char)
        else:
            kept.append(char)
            on_letter = True
    # Folding can decompose (e.g. "İ"); compose again so one spelling gives one key.
    folded = unicodedata.normalize("NFKC", "".join(kept).casefold())
    return folded.translate(_CONFUSABLES)


def same_person(first: str, second: str) -> bool:
    """Whether two names are one person's: their keys are equal and name someone."""
    key = name_key(first)
    return bool(key) and key == name_key(second)
