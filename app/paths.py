"""Where things live: the user's data folder and the files shipped with the app.

The data folder holds the workspace, its backups, imported checklists, signing identities and logs;
nothing is written anywhere else except files the user asks for. It is the platform's per-user,
non-roaming data directory unless `--data-dir` or `COMPLIANCE_DESK_DATA` names another (the flag
wins), because WAL-mode SQLite must not sit on a network share.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import platformdirs

from app.errors import UserError
from app.i18n import _

APP_NAME = "compliance-desk"
DATA_DIR_ENV = "COMPLIANCE_DESK_DATA"
WORKSPACE_FILE = "workspace.sqlite"
EVIDENCE_FOLDER = "evidence"

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    """Every location inside one data folder, and the workspace's database when it is elsewhere.

    `workspace_url`: a PostgreSQL URL (`app.workspace_url`) when the workspace lives on a
    server, else None: the SQLite file in the data folder. It may hold a password, so it is
    left out of the dataclass's repr (a logged `Paths` must not show it).
    """

    data_dir: Path
    workspace_url: str | None = field(default=None, repr=False)

    @property
    def on_server(self) -> bool:
        """Whether the workspace is a database on a server rather than the file here."""
        return self.workspace_url is not None

    @property
    def workspace_file(self) -> Path:
        """The SQLite workspace."""
        return self.data_dir / WORKSPACE_FILE

    @property
    def backups_dir(self) -> Path:
        """Copies of the workspace taken before each migration."""
        return self.data_dir / "backups"

    @property
    def checklists_dir(self) -> Path:
        """Checklists the user imported."""
        return self.data_dir / "checklists"

    @property
    def identities_dir(self) -> Path:
        """Signing identities (keys and certificates)."""
        return self.data_dir / "identities"

    @property
    def evidence_dir(self) -> Path:
        """Evidence content: immutable files named by their SHA-256 (`app.evidence_files`)."""
        return self.data_dir / EVIDENCE_FOLDER

    @property
    def staging_dir(self) -> Path:
        """Notes of files being written elsewhere: a later run clears what a killed one left."""
        return self.data_dir / "staging"

    @property
    def logs_dir(self) -> Path:
        """Log files, including the details of unexpected failures."""
        return self.data_dir / "logs"

    def ensure(self) -> None:
        """Create the data folder and its subfolders, private to the user (mode 0700).

        The logs folder is made when it can be, but something else in its place is left alone:
        logging is never the reason a command fails (configure_logging then writes no log).

        Raises:
            UserError: a folder the workspace needs can't be created or is not a folder.
        """
        for folder in (self.data_dir, self.backups_dir, self.checklists_dir):
            if folder.exists() and not folder.is_dir():
                raise UserError(_("data folder {path} is a file, not a folder").format(path=folder))
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(
                    _("can't create the data folder {path}: {reason}").format(
                        path=folder, reason=exc.strerror or exc
                    )
                ) from exc
        with contextlib.suppress(OSError):  # a file or link in the way: no log, no failure
            self.logs_dir.mkdir(mode=0o700, exist_ok=True)


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Paths:
    """Pick the data folder: the explicit argument, then the environment, then the default.

    Raises:
        UserError: the folder given is empty, or it, or the nearest part of its path that
            exists, is not a folder (a regular file given by mistake would otherwise read as
            an empty workspace).
    """
    env = os.environ if environ is None else environ
    if data_dir is not None and not str(data_dir).strip():
        # A script's unset variable ("--data-dir $DIR") must not fall back to the real one.
        raise UserError(
            _("the data folder given is empty"),
            command_hint=_("name a folder, or leave --data-dir out"),
        )
    chosen = data_dir or env.get(DATA_DIR_ENV) or default_data_dir()
    folder = Path(chosen).expanduser().absolute()
    _refuse_a_file_in_the_way(folder)
    return Paths(folder)


def _refuse_a_file_in_the_way(folder: Path) -> None:
    """Refuse when the folder, or its nearest existing ancestor, is something else."""
    for part in (folder, *folder.parents):
        try:
            if not part.exists():
                continue
            if part.is_dir():
                return
        except OSError:
            return  # can't look: opening the folder says why, in its own words
        raise UserError(
            _("the data folder {folder} can't be used: {path} is a file, not a folder").format(
                folder=folder, path=part
            ),
            command_hint=_("give a folder with --data-dir"),
        )


def default_data_dir() -> Path:
    """The platform's per-user, non-roaming data directory for the app."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def _shipped(name: str) -> Path:
    """A folder shipped with the app: inside the installed package, or the source checkout.

    A wheel carries `checklists/` and `resources/` as `app/shipped/...` (see pyproject.toml); an
    editable install or a checkout runs them from the project root.
    """
    packaged = Path(str(files("app"))) / "shipped" / name
    return packaged if packaged.is_dir() else _PROJECT_ROOT / name


def shipped_checklists_dir() -> Path:
    """The checklists that come with the app."""
    return _shipped("checklists")


def resources_dir() -> Path:
    """Icons, styles, fonts and translations."""
    return _shipped("resources")
