"""The checklists a user can start an assessment from: shipped ones plus their imports.

Shipped checklists live in the project's `checklists/`; imported ones are copied into the data
folder's `checklists/`. A checklist is named by its id (the newest version) or `id@version`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from app.atomic_files import write_bytes_atomically
from app.checklists.loader import (
    LoadedChecklist,
    load_checklist_bytes,
    read_checklist_file,
)
from app.checklists.model import Checklist
from app.checklists.parsed_cache import load_checklist_cached, remember_checklist
from app.errors import ChecklistError, NotFoundError, Problem, UserError
from app.i18n import _
from app.paths import Paths, shipped_checklists_dir

_PATTERNS = ("*.yaml", "*.yml")


class Origin(StrEnum):
    """Where a checklist in the library comes from."""

    SHIPPED = "shipped"
    IMPORTED = "imported"


@dataclass(frozen=True)
class LibraryEntry:
    """One checklist version available to new assessments."""

    checklist: Checklist
    path: Path
    origin: Origin


@dataclass(frozen=True)
class Library:
    """Every loadable checklist, and the problems of files that could not be loaded."""

    entries: tuple[LibraryEntry, ...]
    problems: tuple[Problem, ...]

    def find(self, ref: str) -> Checklist:
        """The checklist named `id` (newest version) or `id@version`.

        Raises:
            NotFoundError: no such checklist or version; the message lists what there is.
        """
        wanted_id, _sep, wanted_version = ref.partition("@")
        versions = [e.checklist for e in self.entries if e.checklist.id == wanted_id]
        if not versions:
            known = ", ".join(sorted({e.checklist.id for e in self.entries})) or _("none")
            raise NotFoundError(
                _("no checklist '{id}'; available: {known}").format(id=wanted_id, known=known)
            )
        if not wanted_version:
            return max(versions, key=lambda c: version_key(c.version))
        for checklist in versions:
            if checklist.version == wanted_version:
                return checklist
        raise NotFoundError(
            _("checklist '{id}' has no version {version}; available: {known}").format(
                id=wanted_id,
                version=wanted_version,
                known=", ".join(sorted((c.version for c in versions), key=version_key)),
            )
        )


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for semantic versions: numbers numerically; a pre-release before its release."""
    core, _dash, pre = version.partition("+")[0].partition("-")
    numbers = tuple((0, int(part)) for part in core.split(".") if part.isdigit())
    tail: tuple[tuple[int, int | str], ...] = ((1, ""),) if not pre else ((0, pre),)
    return numbers + tail


def _files(folder: Path) -> list[Path]:
    """The checklist files in `folder`, and anything else named like one but a folder.

    A pipe, a device or a link to one is listed too, so that loading it reports it (the loader
    refuses it unread) instead of it vanishing without a word.

    Raises:
        OSError: the folder can't be listed (it belongs to another user, say).
    """
    try:
        if not folder.is_dir():
            return []
    except OSError:
        return []
    found = {p for pattern in _PATTERNS for p in folder.glob(pattern)}
    return sorted(p for p in found if not p.is_dir())


def _listed(folder: Path, problems: list[Problem]) -> list[Path]:
    try:
        # glob hides a folder it can't read, so ask for the listing itself first.
        os.listdir(folder)
        return _files(folder)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        problems.append(Problem(str(folder), 0, _("is a file, not a folder of checklists")))
    except OSError as exc:
        problems.append(
            Problem(
                str(folder),
                0,
                _("the folder can't be read ({reason})").format(reason=exc.strerror or exc),
            )
        )
    return []


def load_library(paths: Paths) -> Library:
    """Load the shipped and imported checklists; broken files are reported, not fatal.

    A file that can't be read (a pipe, a device, a huge file, a folder that can't be listed) is
    one of the problems, with the file skipped.
    """
    entries: list[LibraryEntry] = []
    problems: list[Problem] = []
    for origin, folder in (
        (Origin.SHIPPED, shipped_checklists_dir()),
        (Origin.IMPORTED, paths.checklists_dir),
    ):
        for path in _listed(folder, problems):
            try:
                checklist = load_checklist_cached(paths, path)
            except ChecklistError as exc:
                problems.extend(exc.problems)
                continue
            entries.append(LibraryEntry(checklist, path, origin))
    entries.sort(key=lambda e: (e.checklist.id, version_key(e.checklist.version)))
    return Library(tuple(entries), tuple(problems))


# A checklist file's own `id:` and `version:` lines: top-level keys start a line, unindented
# (an item's `id:` is indented, and a block scalar's text is too).
_HEADER = re.compile(r"""^(id|version):[ \t]*["']?([^"'#\s]+)""", re.MULTILINE)


def _header(path: Path) -> tuple[str, str] | None:
    """The id and version a checklist file states, read without parsing it; None if unclear."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    found: dict[str, str] = {}
    for match in _HEADER.finditer(text):
        found.setdefault(match[1], match[2])
    if "id" not in found or "version" not in found:
        return None
    return found["id"], found["version"]


def find_checklist(paths: Paths, ref: str) -> Checklist:
    """The checklist named `id` (newest version) or `id@version`, as `Library.find` gives it.

    Only the files that say they hold that checklist are parsed (a big checklist takes a
    second to parse and check), newest first; the first that loads and is what it said is the
    one. Whenever a file can't be told apart this way, the whole library is loaded instead.

    Raises:
        NotFoundError: no such checklist or version; the message lists what there is.
    """
    wanted_id, _sep, wanted_version = ref.partition("@")
    candidates: list[tuple[str, Path]] = []
    for folder in (shipped_checklists_dir(), paths.checklists_dir):
        for path in _files(folder):
            header = _header(path)
            if header is None:
                return load_library(paths).find(ref)
            if header[0] == wanted_id and wanted_version in ("", header[1]):
                candidates.append((header[1], path))
    candidates.sort(key=lambda c: version_key(c[0]), reverse=True)
    for version, path in candidates:
        try:
            checklist = load_checklist_cached(paths, path)
        except ChecklistError:
            continue  # the library skips a broken file too, and offers the next version
        if (checklist.id, checklist.version) != (wanted_id, version):
            return load_library(paths).find(ref)
        return checklist
    return load_library(paths).find(ref)


@cache
def shipped_version(checklist_id: str, version: str) -> Checklist | None:
    """The checklist of this id and version that the app ships, if it ships one.

    Only a file whose own lines name that id and version is parsed, once per process (shipped
    files don't change while the app runs).
    """
    for path in _files(shipped_checklists_dir()):
        if _header(path) == (checklist_id, version):
            try:
                return load_checklist_bytes(read_checklist_file(path), str(path)).checklist
            except ChecklistError:
                return None
    return None


@dataclass(frozen=True)
class ImportResult:
    """What importing a file did."""

    loaded: LoadedChecklist
    path: Path
    already_present: bool


def import_checklist(paths: Paths, source: Path, name: str | None = None) -> ImportResult:
    """Validate a checklist file and copy it into the user's library.

    The same id and version with the same content is already there (nothing to do); with other
    content it is a conflict, refused, because assessments name checklists by id and version.

    Raises:
        ChecklistError: the file breaks the format.
        UserError: a conflicting version exists, or the file can't be written.
    """
    shown = name or str(source)
    raw = read_checklist_file(source, shown)
    loaded = load_checklist_bytes(raw, shown)
    checklist = loaded.checklist
    for entry in load_library(paths).entries:
        if entry.checklist.id != checklist.id or entry.checklist.version != checklist.version:
            continue
        if entry.checklist.sha256 == checklist.sha256:
            return ImportResult(loaded, entry.path, already_present=True)
        raise UserError(
            _(
                "{file}: checklist {id} {version} already exists with different content "
                "({where}); give the changed file a new version"
            ).format(file=shown, id=checklist.id, version=checklist.version, where=entry.path)
        )
    paths.ensure()
    target = paths.checklists_dir / f"{checklist.id}-{checklist.version}.yaml"
    write_bytes_atomically(target, raw)
    remember_checklist(paths, raw, checklist)
    return ImportResult(loaded, target, already_present=False)
