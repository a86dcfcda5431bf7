"""The ledger of hashed evidence files: it vouches for a file only while nothing has touched it."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from app.evidence_files import EvidenceFiles
from app.evidence_proofs import ledger_path, load, supported, vouches


def stored(tmp_path: Path, data: bytes = b"the signed contract") -> tuple[EvidenceFiles, Path]:
    store = EvidenceFiles(tmp_path / "evidence")
    return store, store.path(store.put_bytes(data).sha256)


def test_a_file_the_store_names_is_vouched_for(tmp_path: Path) -> None:
    store, path = stored(tmp_path)
    known = load(store.folder)
    assert supported() == (os.name == "posix")
    if not supported():  # Windows: the change time is the creation time, which vouches nothing
        assert known == {}
        return
    assert list(known) == [path.name]
    assert vouches(known[path.name], os.stat(path))
    assert known[path.name].size == path.stat().st_size


def rewrite_keeping_size_and_times(path: Path) -> None:
    """Change the content behind the app's back, and put its size, times and rights back."""
    before = os.stat(path)
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[4:10] = b"forged"
    path.write_bytes(bytes(data))
    path.chmod(0o400)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def replace_by_copy(path: Path) -> None:
    """Another file under the name, with the same bytes and times: not the file hashed."""
    spare = path.with_name("spare")
    os.replace(path, spare)
    shutil.copy2(spare, path)


TOUCHES: dict[str, Callable[[Path], None]] = {
    "rewritten, size and times put back": rewrite_keeping_size_and_times,
    "times set to what they were": lambda p: os.utime(
        p, ns=(os.stat(p).st_atime_ns, os.stat(p).st_mtime_ns)
    ),
    "rights set to what they were": lambda p: p.chmod(0o400),
    "replaced by a copy of itself": lambda p: replace_by_copy(p),
}


@pytest.mark.parametrize("touch", list(TOUCHES))
def test_anything_done_to_the_file_ends_the_vouching(tmp_path: Path, touch: str) -> None:
    store, path = stored(tmp_path)
    TOUCHES[touch](path)
    assert not vouches(load(store.folder).get(path.name), os.stat(path))


def test_content_stored_under_a_hash_it_does_not_match_is_never_vouched_for(
    tmp_path: Path,
) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    claimed = hashlib.sha256(b"what the workspace registered").hexdigest()
    store.put_as(claimed, [b"what the old workspace held instead"])
    assert store.exists(claimed)
    assert claimed not in load(store.folder)


@pytest.mark.posix  # a symbolic link (Windows needs a privilege for one)
def test_lines_the_app_did_not_write_are_skipped(tmp_path: Path) -> None:
    store, path = stored(tmp_path)
    ledger = ledger_path(store.folder)
    good = ledger.read_bytes()
    other = hashlib.sha256(b"other").hexdigest()
    ledger.write_bytes(
        b"not a line at all\n"
        + other.encode()
        + b" 1 2 3 4\n"  # a field short
        + other.encode()
        + b" 1 2 3 4 x5\n"  # not a number
        + other.upper().encode()
        + b" 1 2 3 4 5\n"  # not how the app writes a hash
        + good
        + other.encode()[:30]  # torn by a writer that died
    )
    assert list(load(store.folder)) == ([path.name] if supported() else [])
    ledger.unlink()
    ledger.symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_bytes(good)
    assert load(store.folder) == {}  # a link is not followed


def test_the_sweep_keeps_the_ledger_to_files_still_stored(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    kept = store.put_bytes(b"named by a row").sha256
    orphan = store.put_bytes(b"named by no row").sha256
    old = time.time() - 3 * 86400
    os.utime(store.path(orphan), (old, old))
    assert store.sweep({kept}, older_than=timedelta(days=1)) == [orphan]
    assert list(load(store.folder)) == ([kept] if supported() else [])
