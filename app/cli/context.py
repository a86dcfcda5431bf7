"""What commands need before they act: the workspace, who is acting, where a file goes."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.output import warn
from app.errors import DamagedWorkspaceError, NotFoundError, UserError
from app.fields import clean_text
from app.file_names import is_a_folder, no_name
from app.i18n import _
from app.paths import Paths
from app.settings import load_settings

if TYPE_CHECKING:
    from app.workspace import Workspace

log = logging.getLogger(__name__)


def damaged_with_offer(paths: Paths, exc: DamagedWorkspaceError) -> DamagedWorkspaceError:
    """The damage, said with the newest good backup and the command that restores it."""
    from app.backups import newest_good_backup

    good = newest_good_backup(paths)
    if good is None:
        return DamagedWorkspaceError(
            _("{problem}; no good backup was found in {folder}").format(
                problem=exc.damage, folder=paths.backups_dir
            )
        )
    return DamagedWorkspaceError(
        _(
            "{problem}; the newest good backup is {name} of {at}: restore it with: "
            "compliance-desk backup restore {name}"
        ).format(
            problem=exc.damage,
            name=good.name,
            at=good.created.astimezone().strftime("%Y-%m-%d %H:%M"),
        )
    )


def _daily_backup(paths: Paths, workspace: Workspace) -> None:
    """The day's first backup, made before a command's first change (see `Workspace`).

    With it, evidence files a killed process left unregistered are swept (once a day).
    """
    from app.backups import daily_backup_if_due
    from app.services import evidence

    try:
        made = daily_backup_if_due(paths)
    except DamagedWorkspaceError:
        raise  # the command stops; `workspace_of` says which backup to restore
    except UserError as exc:
        warn(
            _("the day's backup could not be made: {reason}").format(reason=exc.for_command_line())
        )
        return
    if made is not None:
        log.info("made the day's backup %s", made.name)
        workspace.run_write(evidence.sweep_unregistered_files)


@contextmanager
def workspace_of(paths: Paths, *, create: bool) -> Iterator[Workspace | None]:
    """The open workspace, or None when it doesn't exist and `create` is false.

    Reading commands don't create a workspace: a refused or empty command changes nothing.
    The first change a command makes on a day no backup was made yet makes one first.
    A damaged workspace is refused with the newest good backup and how to restore it.
    """
    from app.services.signed_reports import settle_interrupted
    from app.workspace import open_workspace, workspace_exists

    if not create and not workspace_exists(paths):
        yield None
        return
    try:
        workspace = open_workspace(paths)
    except DamagedWorkspaceError as exc:
        raise damaged_with_offer(paths, exc) from exc
    if workspace.connection_warning:
        warn(workspace.connection_warning)
    if workspace.read_only:
        warn(
            _("{folder} is read-only: showing it, but nothing can be changed").format(
                folder=paths.data_dir
            )
        )
    elif not workspace.on_server:  # a server's database is backed up there, with pg_dump
        workspace.before_first_write(lambda: _daily_backup(paths, workspace))
    try:
        for line in settle_interrupted(workspace):
            warn(line)
        yield workspace
    except DamagedWorkspaceError as exc:
        raise damaged_with_offer(paths, exc) from exc
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

    On the district it is the signed-in person's name from the people table (see
    `Workspace.person_name`), so the trail says who made each change. There `--by` naming
    someone else is refused rather than ignored: a script that asks for another name learns
    at once that it will not be recorded, instead of finding the trail saying something else.

    Called before anything is written, so a command refused for want of a name changes
    nothing.

    Raises:
        UserError: neither is given; the message says how to give one. On the district,
            `--by` names someone other than the person signed in.
    """
    given = getattr(args, "by", None)
    if paths.on_server:
        person = _district_person(paths)
        if person is not None:
            if given and clean_text(str(given), field=_("name")) != person:
                raise UserError(
                    _(
                        "on the district workspace changes are recorded under the name of the "
                        "person signed in, {name}: leave out --by"
                    ).format(name=person)
                )
            return person
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


def _district_person(paths: Paths) -> str | None:
    """The name of the person signed in to the district workspace `paths` names, if any."""
    from app.workspace import open_workspace

    workspace = open_workspace(paths)
    try:
        return workspace.person_name
    finally:
        workspace.close()


def export_target(text: str, *, suffix: str) -> Path:
    """Check the name an export is to be written to: `report_target`, and a name at all.

    `suffix` is the ending of the file being written (".pdf", ".xlsx", ...): a refusal
    suggests a name with it.

    Raises:
        UserError: no name, a file name with a line break or another control character (a
            pasted path gone wrong, never a name anyone means; an existing folder may be
            named so), a folder, or a missing folder.
    """
    if not text.strip():
        raise no_name(suffix)
    if any(ch < " " or ch == "\x7f" for ch in Path(text).name):  # the name made, not its folder
        raise UserError(_("a file name can't hold a line break or another control character"))
    return report_target(text, suffix=suffix)


def report_target(text: str, *, suffix: str) -> Path:
    """Check where a file is to be written: a file in a folder that exists.

    `suffix` is the ending of the file being written: a refusal of a folder suggests a name
    with it.

    Raises:
        UserError: the folder is missing or is a file, or the path is a folder.
    """
    target = Path(text).expanduser()
    if target.is_dir():
        raise is_a_folder(target, suffix)
    if not target.parent.is_dir():
        if target.parent.exists():  # "does not exist" would send someone looking for it
            raise UserError(
                _("{folder} is a file, not a folder; give a folder that exists").format(
                    folder=target.parent
                )
            )
        raise UserError(_("the folder {folder} does not exist").format(folder=target.parent))
    return target
