"""Child process for bench_bundle.py: one export, import, or baseline; prints seconds and MiB.

Each run is a fresh process, so memory is this run's alone: the peak resident size while it
works, less the resident size at idle (everything imported and opened, nothing done yet). It
prints the wall-clock seconds, the MiB, and the CPU seconds the process used meanwhile (all its
threads, user and system): on a machine shared with other work the wall clock also counts the
time others held the processors, the CPU time does not.

    python bench/bundle_child.py export DATA_DIR ASSESSMENT_ID OUT.cdesk
    python bench/bundle_child.py import DATA_DIR - IN.cdesk
    python bench/bundle_child.py zip-write FILES_DIR - OUT.zip
    python bench/bundle_child.py zip-read FILES_DIR - IN.zip
    python bench/bundle_child.py zip-read-flushed FILES_DIR - IN.zip
    python bench/bundle_child.py zip-sqlite FOLDER - IN.zip
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jsonschema  # noqa: E402, F401  (imported before timing, as in a running app)

from app.bundles.importing import prepare_import  # noqa: E402
from app.bundles.writing import export_bundle  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.sqlite.workspace import PAGE_SIZE  # noqa: E402
from app.workspace import open_workspace  # noqa: E402

CHUNK = 1024 * 1024


def resident_mib() -> float:
    """The resident size now, from /proc."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def zip_write(files: Path, out: Path) -> None:
    """The baseline: zipfile writes the manifest and every file, deflated, as the bundle does."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files.iterdir()):
            archive.write(path, path.name)


def unpacking_target(files: Path) -> Path:
    """An empty folder for `zip_read` (made before the timing, as the import's workspace is)."""
    target = files.with_name("unpacked")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    return target


def zip_read(target: Path, source: Path, *, flush: bool = False) -> None:
    """The baseline: zipfile reads every entry out into files in `target`, in pieces.

    With `flush`, each file is flushed to disk as it is closed, as anything that must survive a
    power cut is (the import's commit is, with synchronous=FULL).
    """
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            with archive.open(info) as entry, (target / info.filename).open("wb") as out:
                shutil.copyfileobj(entry, out, CHUNK)
                if flush:
                    out.flush()
                    os.fsync(out.fileno())


def zip_sqlite(folder: Path, source: Path) -> None:
    """Context: zipfile reads every entry into an SQLite file set up as a workspace is.

    The workspace's page size, WAL, synchronous=FULL, one transaction, each entry written in
    pieces: what keeping the same bytes durably inside the workspace cost, as evidence was kept
    before it moved out into files, with no check at all.
    """
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    db.execute(f"PRAGMA page_size={PAGE_SIZE}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE blobs (name TEXT PRIMARY KEY, size INTEGER, content BLOB)")
    db.execute("BEGIN IMMEDIATE")
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            cursor = db.execute(
                "INSERT INTO blobs VALUES (?, ?, zeroblob(?))",
                (info.filename, info.file_size, info.file_size),
            )
            assert cursor.lastrowid is not None
            with (
                archive.open(info) as entry,
                db.blobopen("blobs", "content", cursor.lastrowid) as blob,
            ):
                while chunk := entry.read(CHUNK):
                    blob.write(chunk)
    db.execute("COMMIT")
    db.close()


def main() -> None:
    """Prepare, then time only the operation itself."""
    mode, data, assessment_id, file = sys.argv[1:]
    folder, path = Path(data), Path(file)
    workspace = open_workspace(Paths(folder)) if mode in ("export", "import") else None
    # The last run's files are removed before the timing: the import, too, starts in an empty
    # workspace made beforehand.
    unpacked = unpacking_target(folder) if mode.startswith("zip-read") else None
    idle = resident_mib()
    start = time.perf_counter()
    cpu_start = _cpu_seconds()
    if mode == "export":
        assert workspace is not None
        with workspace.read() as session:
            export_bundle(session, assessment_id, path)
    elif mode == "import":
        assert workspace is not None
        with prepare_import(path) as prepared, workspace.write() as session:
            prepared.run(session)
    elif mode == "zip-write":
        zip_write(folder, path)
    elif mode == "zip-sqlite":
        zip_sqlite(folder, path)
    elif mode == "zip-read-flushed":
        assert unpacked is not None
        zip_read(unpacked, path, flush=True)
    else:
        assert unpacked is not None
        zip_read(unpacked, path)
    elapsed = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if workspace is not None:
        workspace.close()
    print(f"{elapsed:.4f} {max(peak - idle, 0.0):.1f} {cpu:.4f}")


def _cpu_seconds() -> float:
    """User and system CPU time of this process so far, all its threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
