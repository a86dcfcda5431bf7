"""What commands need before they act: the workspace, who is acting, where a file goes."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.cli.output import warn
from app.errors import NotFoundError, UserError
from app.i18n import _
from app.paths import Paths
from app.services.signed_reports import settle_interrupted
from app.settings import load_settings
from app.workspace import Workspace, open_workspace, workspace_exists


@contextmanager
def workspace_of(paths: Paths, *, create: bool) -> Iterator[Workspace | None]:
    """The open workspace, or None when it doesn't exist and `create` is false.

    Reading commands don't create a workspace: a refused or empty command changes nothing.
    """
    if not create and not workspace_exists(paths):
        yield None
        return
    workspace = open_workspace(paths)
    if workspace.read_only:
        warn(
            _("{folder} is read-only: showing it, but nothing can be changed").format(
                folder=paths.data_dir
            )
        )
    try:
        for line in settle_interrupted(workspace):
            warn(line)
        yield workspace
    finally:
        workspace.close()


def _existing(paths: Paths, ref: str) -> Iterator[Workspace]:
    with workspace_of(paths, create=False) as workspace:
        if workspace is None:
            raise NotFoundError(_("no assessment '{ref}' in this workspace").format(ref=ref))
        yield workspace


existing_workspace = contextmanager(_existing)


def actor_of(args: argparse.Namespace, paths: Paths) -> str:
    """Who is acting: `--by NAME`, else the name saved with `settings --name`.

    Called before anything is opened or written, so a command refused for want of a name
    changes nothing.

    Raises:
        UserError: neither is given; the message says how to give one.
    """
    given = getattr(args, "by", None)
    if given:
        return str(given)
    settings = load_settings(paths)
    if settings.has_name:
        return settings.actor
    raise UserError(
        _(
            "say who is doing this: add --by NAME, or save your name once with: "
            "compliance-desk settings --name NAME"
        )
    )


def report_target(text: str) -> Path:
    """Check where a report is to be written: a file in a folder that exists.

    Raises:
        UserError: the folder is missing, or the path is a folder.
    """
    target = Path(text).expanduser()
    if target.is_dir():
        raise UserError(
            _("{path} is a folder; give a file name such as report.pdf").format(path=target)
        )
    if not target.parent.is_dir():
        raise UserError(_("the folder {folder} does not exist").format(folder=target.parent))
    return target
