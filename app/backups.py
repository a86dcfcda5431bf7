"""Backups of the workspace: made, listed, pruned, looked into and restored.

A backup is a whole copy of the workspace made with SQLite's backup API and checked with
`integrity_check` (`app/workspace.backup_workspace`), kept in the data folder's `backups/` as
`workspace.LABEL.TIME[.STATE].sqlite`; the evidence files it names are copied once each into
the backups' own store, `backups/evidence/` (`app.backup_evidence`), independent of the data
folder's. Backups made while evidence lived inside the workspace are the one file, and those
made with hard links beside them have a folder of the same stem; they list and restore all the
same. The label says why
it was made (`BackupReason`); a backup taken before a migration is labelled with the schema
revision it was taken at, as the app has always named those.

They are made before every migration, after every sign-off, on the first start of each day
(the window's start, or a command line's first change that day), before a restore, before the
recycle bin is emptied, and when asked. The newest `Settings.backups_kept` are kept; beyond
them only the daily and manual ones are removed: a sign-off's backup, a migration's, and those
made before a restore or a purge stay until the user removes them.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.backup_evidence import (
    UnsoundEvidence,
    orphan_folders,
    prune_store,
    registered_files,
    remove_evidence_folder,
)
from app.errors import (
    DamagedWorkspaceError,
    NotFoundError,
    NotOnServerError,
    UserError,
    WorkspaceChangedError,
    WorkspaceError,
)
from app.i18n import _
from app.migrations import HEAD_REVISION
from app.models import Assessment
from app.paths import Paths
from app.settings import load_settings
from app.sqlite.copies import (
    BACKUP_TIME_FORMAT,
    binned_heads,
    foreign_objects,
    integrity_problem,
    make_backup,
    newest_signed_off,
    read_workspace_file,
)
from app.sqlite.copies import (
    StoredAssessment as StoredAssessment,  # named by the window, with what a restore removes
)
from app.sqlite.restore import restore_workspace
from app.workspace import Workspace

log = logging.getLogger(__name__)

# workspace.LABEL.TIME[.STATE].sqlite, as `backup_workspace` names them.
_NAME = re.compile(
    r"workspace\.(?P<label>[0-9a-z-]{1,40})\.(?P<time>[0-9]{8}T[0-9]{12}Z)"
    r"(?:\.(?P<state>[0-9a-f]{16}))?\.sqlite"
)
_REVISION = re.compile(r"[0-9]{4}")
# What a restore shows of a backup: enough to recognise it, not a whole workspace.
CONTENTS_SHOWN = 200
# How often a restore starts again when another program keeps changing the workspace.
RESTORE_ATTEMPTS = 3


class BackupReason(StrEnum):
    """Why a backup was made."""

    MIGRATION = "migration"
    SIGN_OFF = "sign-off"
    DAILY = "daily"
    MANUAL = "manual"
    BEFORE_RESTORE = "before-restore"
    BEFORE_PURGE = "before-purge"

    @property
    def prunable(self) -> bool:
        """Whether keeping only the newest backups may remove one made for this reason."""
        return self in (BackupReason.DAILY, BackupReason.MANUAL)


@dataclass(frozen=True)
class BackupInfo:
    """One backup in `backups/`.

    Attributes:
        name: the file's name, which is what a restore takes.
        created: when it was made (UTC, from its name).
        size: its size in bytes.
        reason: why it was made.
        revision: for a backup made before a migration, the schema revision it holds.
        path: where it is.
        unsound_evidence: for a backup just made, the evidence files it could not keep
            (missing from the data folder, or altered there); the rest of it is sound.
    """

    name: str
    created: datetime
    size: int
    reason: BackupReason
    revision: str | None
    path: Path
    unsound_evidence: tuple[UnsoundEvidence, ...] = ()


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds: its schema and its assessments (the first `CONTENTS_SHOWN`).

    `needs_update` is true for a backup of an older schema: restoring it migrates it.
    """

    info: BackupInfo
    revision: str
    needs_update: bool
    assessments: tuple[StoredAssessment, ...]
    assessment_count: int


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: what it put back, the backup of the state before, a damaged file kept.

    `before` is None when there was no workspace to back up, or it was too damaged to copy; the
    damaged file is then kept whole as `damaged_kept`. `missing_evidence` names the evidence
    files (SHA-256) the restored workspace registers that neither the data folder nor the
    backup held (none, normally): checking the history names what they belonged to.
    """

    contents: BackupContents
    before: BackupInfo | None
    damaged_kept: Path | None
    missing_evidence: tuple[str, ...] = ()


# The years a backup's name may give: the app did not exist before, and after it the calendar
# runs out for local times.
_EARLIEST, _LATEST = 2000, 9000


def _parsed(path: Path, size: int) -> BackupInfo | None:
    match = _NAME.fullmatch(path.name)
    if match is None:
        return None
    label = match["label"]
    try:
        created = datetime.strptime(match["time"], BACKUP_TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    if not _EARLIEST <= created.year <= _LATEST:
        # No backup of this app was made then; at the ends of the calendar a local time
        # can't even be computed (0001-01-01 in New York is before year 1).
        return None
    if _REVISION.fullmatch(label):
        return BackupInfo(path.name, created, size, BackupReason.MIGRATION, label, path)
    try:
        reason = BackupReason(label)
    except ValueError:
        return None  # not a backup: a damaged workspace kept aside, or someone else's file
    if reason is BackupReason.MIGRATION:
        return None
    return BackupInfo(path.name, created, size, reason, None, path)


def list_backups(paths: Paths) -> list[BackupInfo]:
    """Every backup in `backups/`, newest last. Only regular files named as backups count."""
    found = []
    try:
        entries = list(os.scandir(paths.backups_dir))
    except OSError:
        return []
    for entry in entries:
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            size = entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue
        info = _parsed(Path(entry.path), size)
        if info is not None:
            found.append(info)
    found.sort(key=lambda b: (b.created, b.name))
    return found


def refuse_on_server(paths: Paths) -> None:
    """Refuse what is done to the workspace file when the workspace is on a server.

    A server's database is backed up and restored by the district's IT with PostgreSQL's own
    tools, which see every school's work at once; the app's backups are copies of one file.

    Raises:
        NotOnServerError: `paths` names a workspace on a server.
    """
    if paths.on_server:
        raise NotOnServerError(
            _(
                "the workspace is on a server, which is backed up and restored there with "
                "pg_dump and pg_restore (see docs/district.md), not by the app"
            )
        )


def create_backup(paths: Paths, reason: BackupReason, *, prune: bool = True) -> BackupInfo:
    """Back the workspace up now, then keep only what the preference says (see the module).

    Evidence files missing from the data folder or altered there can't be kept: the backup is
    made of the rest, and names them (`BackupInfo.unsound_evidence`).

    Raises:
        NotOnServerError: the workspace is on a server (`refuse_on_server`).
        DamagedWorkspaceError: the copy fails `integrity_check`: the workspace is damaged.
        UserError: there is no workspace, it is busy, or the backup can't be written.
    """
    if reason is BackupReason.MIGRATION:
        raise ValueError("backups before a migration are made by the migration")
    refuse_on_server(paths)
    made = make_backup(paths.workspace_file, paths, reason.value)
    parsed = _parsed(made.path, made.path.stat().st_size)
    assert parsed is not None
    info = replace(parsed, unsound_evidence=made.evidence.unsound)
    log.info(
        "backed up the workspace (%s): %s, %d evidence files newly copied",
        reason.value,
        made.path.name,
        made.evidence.copied,
    )
    for unsound in info.unsound_evidence:
        log.info("backup %s lacks an evidence file: %s", made.path.name, unsound.text())
    if prune:
        prune_backups(paths, sparing=info.name)
    return info


def prune_backups(
    paths: Paths, keep: int | None = None, *, sparing: str | None = None
) -> list[BackupInfo]:
    """Remove daily and manual backups beyond the newest `keep` (the preference by default).

    `sparing` names a backup never removed: the one just made, which a clock set back since
    older backups were made would otherwise name as the oldest, and remove at once. Returns
    what was removed. A backup that can't be removed is left (and logged). The
    evidence files no kept backup needs go from the backups' store (when every kept backup
    could be read: else none go), as do evidence folders a killed backup left without its file.
    """
    wanted = load_settings(paths).backups_kept if keep is None else keep
    # Only daily and manual backups count: the safety backups a restore or a purge makes are
    # always kept, and counted here they would push out a manual backup made to come back to.
    prunable = [b for b in list_backups(paths) if b.reason.prunable]
    newest = {b.name for b in prunable[-wanted:]} if wanted > 0 else set()
    removed = []
    for backup in prunable:
        if backup.name in newest or backup.name == sparing:
            continue
        try:
            backup.path.unlink()
        except OSError as exc:
            log.info("could not remove the old backup %s: %s", backup.path, exc)
            continue
        removed.append(backup)
        _remove_folder(backup.path)
    for orphan in orphan_folders(paths.backups_dir):
        _remove_folder(orphan.with_suffix(".sqlite"))
    needed: set[str] = set()
    try:
        for backup in list_backups(paths):
            needed.update(registered_files(backup.path))
    except sqlite3.Error as exc:
        log.info("kept every backed-up evidence file: a backup can't be read (%s)", exc)
    else:
        prune_store(paths.backups_dir, needed)
    return removed


def _remove_folder(backup: Path) -> None:
    try:
        remove_evidence_folder(backup)
    except OSError as exc:
        log.info("could not remove the evidence folder of %s: %s", backup, exc)


def find_backup(paths: Paths, name: str) -> BackupInfo:
    """The backup called `name`, as the list gives it; anything else is refused.

    A name is never used as a path: it must be one of the listed names, so one holding a
    folder, `..` or a name not listed can't reach any other file.

    Raises:
        UserError: the name holds a folder or `..`.
        NotFoundError: no backup has that name.
    """
    if any(c in name for c in "/\\\0") or ".." in name or name != name.strip():
        raise UserError(
            _("'{name}' is not a backup's name: give a name as the backup list shows it").format(
                name=name
            )
        )
    for backup in list_backups(paths):
        if backup.name == name:
            return backup
    raise NotFoundError(
        _("there is no backup '{name}' in {folder}").format(name=name, folder=paths.backups_dir)
    )


def backup_contents(paths: Paths, name: str) -> BackupContents:
    """Check a backup and say what it holds (read-only: the file is not changed).

    Raises:
        UserError, NotFoundError: the name is not a listed backup's.
        WorkspaceError: it fails `integrity_check`, holds a trigger or a view, is not a
            workspace, or was made by a newer version of the app.
    """
    info = find_backup(paths, name)
    problem = integrity_problem(info.path)
    if problem is not None:
        raise WorkspaceError(
            _("the backup {name} is damaged ({problem}); it can't be restored").format(
                name=name, problem=problem
            )
        )
    foreign = foreign_objects(info.path)
    if foreign:
        raise WorkspaceError(
            _(
                "the backup {name} holds {what}, which Compliance Desk never makes (code that "
                "would run on later changes); it can't be restored"
            ).format(name=name, what=", ".join(foreign))
        )
    held = read_workspace_file(info.path, limit=CONTENTS_SHOWN)
    if not held.known_revision:
        raise WorkspaceError(
            _(
                "the backup {name} was made by a newer version of Compliance Desk (schema "
                "{revision}); update the app to restore it"
            ).format(name=name, revision=held.revision)
        )
    return BackupContents(
        info=info,
        revision=held.revision,
        needs_update=held.revision != HEAD_REVISION,
        assessments=held.assessments,
        assessment_count=held.assessment_count,
    )


def restore_backup(
    paths: Paths, name: str, *, workspace: Workspace | None = None, actor: str = ""
) -> RestoreResult:
    """Put a backup back as the workspace, after backing up the workspace as it is now.

    A backup of an older schema is migrated on the way in. `workspace`, when the caller holds
    it open (the window), lets go of its connections first and reconnects on next use: it is
    then the restored workspace, in place. Refused, nothing changes.

    Every assessment's trail in the restored workspace says, in the same swap, that a backup
    made at that time was restored, by `actor` (by default the name in the settings, else the
    system's login name): see `app.services.restore_marks`.

    A change another program commits after the backup of the state before, and before the
    swap, would be in no backup: the swap is then abandoned, and the restore starts again
    with a new backup of the state before (at most `RESTORE_ATTEMPTS` times).

    Raises:
        WorkspaceChangedError: the workspace changed during every attempt; nothing restored.
        UserError, NotFoundError, WorkspaceError: see `backup_contents`; or the workspace is
            busy, or the data folder can't be written.
    """
    refuse_on_server(paths)
    contents = backup_contents(paths, name)
    if workspace is not None and workspace.read_only:
        raise WorkspaceError(
            _("the data folder {folder} is read-only: nothing can be restored there").format(
                folder=paths.data_dir
            )
        )
    by = actor or _restorer(paths)
    for attempt in range(1, RESTORE_ATTEMPTS + 1):
        try:
            return _restore_once(paths, contents, workspace=workspace, actor=by)
        except WorkspaceChangedError:
            # Another program committed after the backup of the state before: that backup
            # lacks its change, so a new one is made and the restore tried again.
            if attempt == RESTORE_ATTEMPTS:
                raise
            log.info("the workspace changed during the restore of %s: trying again", name)
    raise AssertionError("unreachable")


def _restore_once(
    paths: Paths, contents: BackupContents, *, workspace: Workspace | None, actor: str
) -> RestoreResult:
    """Back the workspace up, then put the backup back unless the workspace changed since."""
    name = contents.info.name
    before: BackupInfo | None = None
    damaged = False
    if paths.workspace_file.exists():
        try:
            before = create_backup(paths, BackupReason.BEFORE_RESTORE, prune=False)
        except DamagedWorkspaceError as exc:
            log.info("restoring over a damaged workspace (kept as it is): %s", exc)
            damaged = True
    if workspace is not None:
        workspace.close()
    from app.services.restore_marks import mark_restored_copy

    at = datetime.now(UTC)

    def mark(copy: Path) -> None:
        mark_restored_copy(
            copy,
            backup=name,
            made=contents.info.created,
            before=before.name if before is not None else None,
            actor=actor,
            at=at,
        )

    restored = restore_workspace(
        contents.info.path,
        paths,
        damaged=damaged,
        prepare=mark,
        unchanged_since=before.path if before is not None else None,
    )
    log.info("restored the workspace from %s", name)
    prune_backups(paths)
    return RestoreResult(contents, before, restored.damaged_kept, restored.missing_evidence)


def _restorer(paths: Paths) -> str:
    """Who restores when no name is given: the name in the settings, else the login name."""
    named = load_settings(paths).actor
    if named:
        return named
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name to be had (a bare container)
        return _("unknown")


def daily_backup_if_due(paths: Paths, *, today: date | None = None) -> BackupInfo | None:
    """Make the day's backup unless one was made today (local time); None when not due.

    The check reads the names in `backups/` only, so every start can afford it.

    Raises:
        DamagedWorkspaceError: the copy fails `integrity_check`: the workspace is damaged.
        UserError: the backup can't be made.
    """
    if paths.on_server:
        return None  # the server's backups are its own (`refuse_on_server`)
    day = date.today() if today is None else today
    for backup in list_backups(paths):
        if backup.reason is BackupReason.DAILY and backup.created.astimezone().date() == day:
            return None
    if not paths.workspace_file.exists():
        return None
    return create_backup(paths, BackupReason.DAILY)


def backup_after_sign_off(paths: Paths) -> str | None:
    """Back up the workspace just signed off; a warning to show when that failed, else None.

    Called once the sign-off is committed: a backup that fails never undoes it. A workspace
    on a server is backed up there (`refuse_on_server`): nothing to do, nothing to say.
    """
    if paths.on_server:
        return None
    try:
        create_backup(paths, BackupReason.SIGN_OFF)
    except UserError as exc:
        log.info("no backup after the sign-off: %s", exc)
        return _("the sign-off is recorded, but no backup of it could be made: {reason}").format(
            reason=exc
        )
    return None


def signed_off_in(backup: BackupInfo) -> StoredAssessment | None:
    """The assessment a sign-off's backup was made for; None for other backups, or unknown.

    Read from the backup itself (its newest sign-off), so it holds whatever the workspace
    has become since, a restore of an older state included.
    """
    if backup.reason is not BackupReason.SIGN_OFF:
        return None
    return newest_signed_off(backup.path)


def binned_in(backup: BackupInfo) -> dict[str, str]:
    """The ids of the assessments in the backup's recycle bin, each with its trail's head.

    Raises:
        WorkspaceError: the backup can't be read.
    """
    try:
        return binned_heads(backup.path)
    except sqlite3.Error as exc:
        raise WorkspaceError(
            _("the backup {name} can't be read: {reason}").format(name=backup.name, reason=exc)
        ) from exc


def newest_good_backup(paths: Paths) -> BackupInfo | None:
    """The newest backup that passes `integrity_check` and this version can restore."""
    for backup in reversed(list_backups(paths)):
        try:
            backup_contents(paths, backup.name)
        except UserError as exc:
            log.info("backup %s can't be offered: %s", backup.name, exc)
            continue
        return backup
    return None


def reason_word(reason: BackupReason) -> str:
    """Why a backup was made, in words."""
    words = {
        BackupReason.MIGRATION: _("before an update"),
        BackupReason.SIGN_OFF: _("at a sign-off"),
        BackupReason.DAILY: _("daily"),
        BackupReason.MANUAL: _("made by hand"),
        BackupReason.BEFORE_RESTORE: _("before a restore"),
        BackupReason.BEFORE_PURGE: _("before emptying the recycle bin"),
    }
    return words[reason]


def missing_from_backup(session: Session, contents: BackupContents) -> list[StoredAssessment]:
    """The assessments the workspace holds now that the backup does not: a restore removes them.

    They are not lost (the restore backs the workspace up first), but the person restoring
    should see them named before saying yes. Empty when the backup's list was cut short.
    """
    if contents.assessment_count > len(contents.assessments):
        return []  # no sure answer
    in_backup = {a.id for a in contents.assessments}
    rows = session.execute(
        select(
            Assessment.id,
            Assessment.title,
            Assessment.organisation,
            Assessment.status,
            Assessment.deleted_at,
        ).order_by(Assessment.updated_at.desc(), Assessment.id)
    ).all()
    return [
        StoredAssessment(r[0], r[1], r[2], r[3], r[4] is not None)
        for r in rows
        if r[0] not in in_backup
    ]
