"""User preferences, kept as JSON in the data folder and checked when read."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from app.atomic_files import write_bytes_atomically
from app.errors import UserError
from app.fields import NAME_MAX, clean_text
from app.i18n import LANGUAGES, _
from app.paths import Paths
from app.user_files import read_user_file

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
# The file holds three short values; anything much larger was not written by the app.
SETTINGS_LIMIT = 64 * 1024
PAGE_SIZES = ("A4", "Letter")
MAX_BACKUPS_KEPT = 1000


@dataclass(frozen=True)
class Settings:
    """Preferences.

    Attributes:
        user_name: the person's name, recorded with every change they make; "" until they give
            it. Never the computer's login: a trail that says "admin" or "jsmith2" tells a
            reviewer nothing, so the app asks for the name and the command line takes `--by`.
        page_size: paper for reports, "A4" or "Letter".
        evidence_limit_mb: the largest evidence file accepted, in MB (1 to 500).
        backups_kept: how many daily and manual backups are kept, the newest (1 to 1000);
            those made at sign-offs, migrations, restores and purges are kept always
            (`app/backups`).
        language: the language of the window, messages and reports, one of `app.i18n.LANGUAGES`;
            "" follows the system. `COMPLIANCE_DESK_LANG` overrides it (`resolve_languages`).
        database_url: the workspace on a PostgreSQL server (`app.workspace_url`), "" for the
            SQLite file in the data folder. Never with a password: this file is plain text, so
            libpq's `~/.pgpass` (or `PGPASSWORD`) keeps that.
    """

    user_name: str = ""
    page_size: str = "A4"
    evidence_limit_mb: int = 25
    backups_kept: int = 20
    language: str = ""
    database_url: str = ""

    @property
    def evidence_limit_bytes(self) -> int:
        """The evidence limit in bytes."""
        return self.evidence_limit_mb * 1024 * 1024

    @property
    def has_name(self) -> bool:
        """Whether the person has given their name yet."""
        return bool(self.user_name)

    @property
    def actor(self) -> str:
        """Who is acting: the person's name ("" while not given; the services refuse that)."""
        return self.user_name


def _checked(data: dict[str, Any]) -> Settings:
    types = {f.name: type(getattr(Settings(), f.name)) for f in fields(Settings)}
    values = {
        k: v
        for k, v in data.items()
        if k in types and isinstance(v, types[k]) and not isinstance(v, bool)
    }
    settings = Settings(**values)
    if settings.page_size not in PAGE_SIZES:
        raise UserError(_("page size must be A4 or Letter"))
    if not 1 <= settings.evidence_limit_mb <= 500:
        raise UserError(_("the evidence size limit must be between 1 and 500 MB"))
    if settings.language and settings.language not in LANGUAGES:
        raise UserError(
            _("unknown language {code}; the app speaks {known}").format(
                code=settings.language, known=", ".join(sorted(LANGUAGES))
            )
        )
    if settings.database_url:
        from app.workspace_url import has_password, server_url

        if has_password(settings.database_url):
            raise UserError(
                _(
                    "a database URL with a password is not saved (the settings are a plain "
                    "file); keep the password in ~/.pgpass or PGPASSWORD instead"
                )
            )
        server_url(settings.database_url)  # a PostgreSQL URL, or refused
    if not 1 <= settings.backups_kept <= MAX_BACKUPS_KEPT:
        raise UserError(
            _("the number of backups kept must be between 1 and {n}").format(n=MAX_BACKUPS_KEPT)
        )
    return replace(
        settings,
        user_name=clean_text(
            settings.user_name, field=_("your name"), max_length=NAME_MAX, required=False
        ),
    )


def _unsaid(message: str, *args: object) -> None:
    """A warning not given (see `load_settings`'s `quiet`)."""


def load_settings(paths: Paths, *, quiet: bool = False) -> Settings:
    """The saved settings; defaults when there are none or the file is damaged (logged).

    `quiet` reads without logging, for a glance ahead of the command (the run's language), so
    a damaged file is reported once, by the command that reads it.
    """
    warn = _unsaid if quiet else log.warning
    path = paths.data_dir / SETTINGS_FILE
    if not os.path.lexists(path):
        return Settings()
    try:
        # Bounded: a pipe, a device or a huge file planted in the data folder is refused unread.
        data = json.loads(read_user_file(path, limit=SETTINGS_LIMIT))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("language") not in (None, "", *LANGUAGES):
            # A language this version doesn't speak (written by a newer one): the system's.
            warn("ignoring the unknown language %r in %s", data["language"], path)
            data["language"] = ""
    except (ValueError, UserError, RecursionError) as exc:  # RecursionError: nested too deep
        reason = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
        warn("ignoring unreadable settings: %s", reason)
        return Settings()
    try:
        return _checked(data)
    except UserError:
        return _each_checked(data, path, warn)


def _each_checked(data: dict[str, Any], path: Path, warn: Callable[..., None]) -> Settings:
    """The settings whose values pass, each on its own; the others at their defaults (logged).

    A value an earlier version let through and this one refuses (a name with a hidden
    character, a database URL with an option no longer taken) costs that setting alone, not
    the person's name, language and district with it.
    """
    settings = Settings()
    for name in (f.name for f in fields(Settings)):
        if name not in data:
            continue
        try:
            settings = _checked({**asdict(settings), name: data[name]})
        except UserError as exc:
            warn("ignoring the saved %s in %s: %s", name, path, exc)
    return settings


def save_settings(paths: Paths, settings: Settings) -> Settings:
    """Check and save the settings; returns them as saved.

    Raises:
        UserError: a value is not allowed, or the file can't be written.
    """
    checked = _checked(asdict(settings))
    paths.ensure()
    payload = json.dumps(asdict(checked), indent=2, ensure_ascii=False) + "\n"
    write_bytes_atomically(paths.data_dir / SETTINGS_FILE, payload.encode("utf-8"))
    return checked
