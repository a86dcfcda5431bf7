"""Checklist files parsed once: the checked form of each file, kept by the hash of its bytes.

Reading a checklist file is the slow part of starting from one: YAML in pure Python and the
schema check take about a second for a 1,000-item checklist, paid again by every command that
names it (`new`, `review next`, `checklists`). The result of a successful load is its canonical
JSON, from which the checklist is rebuilt in a few milliseconds, so that is what is kept, in
the data folder's `cache/checklists/`, named by the SHA-256 of the file's bytes and of this
app's version (a newer app may read the same bytes differently).

The cache is only ever a shortcut: an entry that can't be read, is too large or doesn't rebuild
is ignored and the file is parsed as if it were not there. It can't make a bad file pass: an
entry exists only for bytes that loaded cleanly, and whoever can write it can write the
workspace itself. Warnings about a file are not kept (`checklist validate` and `import` parse
the file themselves and show them).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from app import __version__
from app.atomic_files import write_bytes_atomically
from app.checklists.loader import load_checklist_bytes, read_checklist_file
from app.checklists.model import Checklist, checklist_from_data
from app.errors import UserError
from app.paths import Paths
from app.user_files import MIB, read_user_file

# Canonical JSON is smaller than the YAML it came from, which may be at most 2 MiB.
_ENTRY_LIMIT = 4 * MIB


def _cache_dir(paths: Paths) -> Path:
    return paths.data_dir / "cache" / "checklists"


def _entry(paths: Paths, raw: bytes) -> Path:
    key = hashlib.sha256(__version__.encode("utf-8") + b"\0" + raw).hexdigest()
    return _cache_dir(paths) / f"{key}.json"


def _cached(entry: Path) -> Checklist | None:
    """The checklist kept in `entry`, or None when there is none that rebuilds."""
    try:
        canonical = read_user_file(entry, limit=_ENTRY_LIMIT).decode("utf-8")
        data = json.loads(canonical)
        sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return checklist_from_data(data, sha256, canonical)
    except (UserError, ValueError, LookupError, TypeError, AttributeError, RecursionError):
        return None


def remember_checklist(paths: Paths, raw: bytes, checklist: Checklist) -> None:
    """Keep the checklist just loaded from `raw`, so that the next load of those bytes is quick."""
    _remember(paths, _entry(paths, raw), checklist)


def _remember(paths: Paths, entry: Path, checklist: Checklist) -> None:
    """Keep the checked form, if the data folder exists; failing to is not a problem."""
    try:
        beside_a_workspace = paths.workspace_file.is_file()
    except OSError:  # a folder this user may not enter
        beside_a_workspace = False
    if not beside_a_workspace:
        # Only beside a working workspace: never make a data folder for a shortcut, nor add
        # to one whose workspace is missing or refused (a command refused changes nothing).
        return
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_bytes_atomically(entry, checklist.canonical.encode("utf-8"))
    except (OSError, UserError):
        return


def load_checklist_cached(paths: Paths, path: Path, name: str | None = None) -> Checklist:
    """The checklist in the file at `path`, from the cache when its bytes were loaded before.

    Raises:
        ChecklistError: the file can't be read or breaks the format (as `load_checklist_file`).
    """
    raw = read_checklist_file(path, name)
    entry = _entry(paths, raw)
    checklist = _cached(entry)
    if checklist is None:
        checklist = load_checklist_bytes(raw, name or str(path)).checklist
        _remember(paths, entry, checklist)
    return checklist
