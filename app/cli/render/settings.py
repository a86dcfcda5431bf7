"""The settings as `settings` prints them."""

from __future__ import annotations

from typing import Any

from app.cli.render.basics import lines_text
from app.i18n import _
from app.paths import Paths
from app.settings import Settings
from app.workspace_url import masked


def settings_json(settings: Settings, paths: Paths) -> dict[str, Any]:
    """The saved settings as JSON; `name` is "" until it is set."""
    return {
        "name": settings.user_name,
        "page_size": settings.page_size,
        "evidence_limit_mb": settings.evidence_limit_mb,
        "backups_kept": settings.backups_kept,
        "data_dir": str(paths.data_dir),
        "database_url": settings.database_url,
    }


def settings_text(settings: Settings, paths: Paths) -> str:
    """The saved settings, one per line."""
    name = (
        settings.user_name
        if settings.has_name
        else _("not set (set it with: compliance-desk settings --name NAME)")
    )
    return lines_text(
        [
            _("Your name: {name}").format(name=name),
            _("Report paper: {size}").format(size=settings.page_size),
            _("Largest evidence file: {mb} MB").format(mb=settings.evidence_limit_mb),
            _("Backups kept: the newest {n}, and every sign-off's and update's").format(
                n=settings.backups_kept
            ),
            _("Data folder: {path}").format(path=paths.data_dir),
            _("Workspace: {where}").format(
                where=masked(paths.workspace_url)
                if paths.workspace_url
                else _("the file in the data folder")
            ),
        ]
    )
