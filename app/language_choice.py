"""Choosing the language of a run before anything is said, the command line's help included.

The saved preference lives in the data folder, which `--data-dir` may name; the parser's help is
written in the chosen language, so the choice is made from the raw words before they are parsed.
"""

from __future__ import annotations

import locale
import logging
import sys
from collections.abc import Mapping, Sequence

from app.errors import UserError
from app.i18n import resolve_languages, use_language
from app.paths import resolve_paths
from app.settings import load_settings

log = logging.getLogger(__name__)


def data_dir_argument(argv: Sequence[str]) -> str | None:
    """The folder `--data-dir DIR` or `--data-dir=DIR` names in the raw words, if any."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--data-dir" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--data-dir="):
            return word.split("=", 1)[1]
    return None


def saved_language(data_dir: str | None, environ: Mapping[str, str]) -> str:
    """The language saved in the preferences of that data folder; "" when none can be read."""
    try:
        return load_settings(resolve_paths(data_dir, environ), quiet=True).language
    except (UserError, OSError):  # the command itself says what is wrong with the folder
        return ""


def system_languages() -> list[str]:
    """The system's language where the environment doesn't name it (Windows, macOS apps)."""
    if sys.platform not in ("win32", "darwin"):
        return []  # the POSIX locale variables name it; `resolve_languages` reads them
    name = locale.getlocale()[0]
    return [name] if name else []


def choose_language(argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """Resolve this run's language and switch the core's messages to it; returns the choice."""
    languages = resolve_languages(
        saved_language(data_dir_argument(argv), environ), environ, system_languages()
    )
    use_language(languages)
    return languages
