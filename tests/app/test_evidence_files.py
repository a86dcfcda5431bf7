"""The evidence store: immutable files named by their SHA-256, written whole or not at all."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.errors import WorkspaceError
from app.evidence_files import EvidenceFiles
from app.evidence_store import EvidenceFileError
from tests.conftest import ROOT


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def names_in(folder: Path) -> list[str]:
    """The files under `folder`, but for the ledger of hashed files (`app.evidence_proofs`)."""
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != ".hashed"
    )


def test_a_file_goes_in_by_its_hash_and_comes_back_whole(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    data = os.urandom(3 * 1024 * 1024 + 17)
    pieces = [data[i : i + 65536] for i in range(0, len(data), 65536)]
    stored = store.put(pieces)
    assert (stored.sha256, stored.size) == (sha(data), len(data))
    path = store.path(stored.sha256)
    assert path == tmp_path / "evidence" / stored.sha256[:2] / stored.sha256
    assert path.read_bytes() == data
    assert store.read(stored.sha256) == data
    assert b"".join(store.chunks(stored.sha256, 1000)) == data
    assert store.exists(stored.sha256) and store.problem(stored.sha256) is None
    assert list(store.stored()) == [stored.sha256]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o400  # never changed in place
    assert names_in(store.folder) == [f"{stored.sha256[:2]}/{stored.sha256}"]  # no temp left


def test_the_same_content_is_stored_once(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    first = store.put_bytes(b"the same policy")
    inode = store.path(first.sha256).stat().st_ino
    second = store.put([b"the same ", b"policy"], expected=first.sha256)
    assert second == first
    assert store.path(first.sha256).stat().st_ino == inode  # the first file kept, not replaced
    assert names_in(store.folder) == [f"{first.sha256[:2]}/{first.sha256}"]


def test_content_of_another_hash_than_expected_leaves_nothing(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    claimed = sha(b"what the bundle said")
    with pytest.raises(EvidenceFileError) as caught:
        store.put_bytes(b"what it held", expected=claimed)
    assert caught.value.sha256 == claimed
    assert names_in(store.folder) == []


def test_a_source_failing_half_way_leaves_nothing(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")

    def broken() -> Iterator[bytes]:
        yield b"x" * 100_000
        raise OSError("the stick was pulled out")

    with pytest.raises(OSError, match="stick"):
        store.put(broken())
    assert names_in(store.folder) == []


_KILLED_WRITER = """
import sys
from pathlib import Path
from app.evidence_files import EvidenceFiles

def pieces():
    yield b"a" * 1_000_000
    print("written", flush=True)
    sys.stdin.readline()  # waits here until killed
    yield b"b"

EvidenceFiles(Path(sys.argv[1])).put(pieces())
"""


def test_a_writer_killed_half_way_leaves_no_file_under_a_hash_name(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(store.folder)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "written\n"
        child.kill()
    finally:
        child.wait()
        assert child.stdin is not None
        child.stdin.close()
        assert child.stdout is not None
        child.stdout.close()
    assert list(store.stored()) == []
    (temp,) = store.folder.iterdir()
    assert temp.name.startswith(".incoming.") and temp.stat().st_size == 1_000_000
    assert store.sweep_abandoned() == [temp]  # its writer's lock died with it
    assert list(store.folder.iterdir()) == []


def test_a_live_writer_s_file_is_never_swept(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    other = EvidenceFiles(store.folder)  # another start of the app, say
    found: list[list[Path] | list[str]] = []

    def pieces() -> Iterator[bytes]:
        yield b"half"
        found.append(other.sweep_abandoned())
        found.append(other.sweep(set(), older_than=timedelta(0)))
        yield b" and the rest"

    stored = store.put(pieces())
    assert found == [[], []]
    assert store.read(stored.sha256) == b"half and the rest"


def test_missing_and_altered_files_are_named(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    kept = store.put_bytes(b"signed contract").sha256
    lost = store.put_bytes(b"screenshot").sha256
    store.remove(lost)
    with pytest.raises(EvidenceFileError, match="is missing from the data folder") as missing:
        store.read(lost)
    assert missing.value.missing and f"evidence/{lost[:2]}/{lost}" in str(missing.value)
    path = store.path(kept)
    path.chmod(0o600)
    path.write_bytes(b"signed contrac!")
    with pytest.raises(EvidenceFileError, match="no longer matches its SHA-256") as altered:
        store.read(kept)
    assert not altered.value.missing
    assert store.problem(kept) is not None and store.problem(lost) is not None


@pytest.mark.posix  # a named pipe
def test_a_link_or_pipe_under_a_hash_name_is_not_followed(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    secret = tmp_path / "secret"
    secret.write_bytes(b"elsewhere")
    linked = sha(b"elsewhere")
    store.path(linked).parent.mkdir(parents=True)
    store.path(linked).symlink_to(secret)
    assert not store.exists(linked)
    with pytest.raises(EvidenceFileError, match="missing"):
        store.read(linked)
    piped = sha(b"pipe")
    store.path(piped).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(store.path(piped))
    with pytest.raises(EvidenceFileError, match="missing"):
        store.read(piped)  # refused at once, not waited on


def test_sweep_removes_old_unnamed_files_only(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    named = store.put_bytes(b"named").sha256
    orphan = store.put_bytes(b"orphan").sha256
    young = store.put_bytes(b"young").sha256
    old = time.time() - timedelta(days=2).total_seconds()
    for digest in (named, orphan):
        os.utime(store.path(digest), (old, old))
    assert store.sweep({named}) == [orphan]
    assert sorted(store.stored()) == sorted([named, young])
    # Storing the same content again makes an old orphan young: a sweep leaves it to its writer.
    os.utime(store.path(young), (old, old))
    store.put_bytes(b"young")
    assert store.sweep({named}) == []


def test_a_store_that_cant_be_written_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "evidence"
    blocker.write_text("a file where the folder goes")
    with pytest.raises(WorkspaceError, match="can't store evidence"):
        EvidenceFiles(blocker).put_bytes(b"x")


def test_a_file_comes_back_from_a_copy_only_when_it_matches(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    digest = store.put_bytes(b"kept in a backup").sha256
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / digest).write_bytes(b"kept in a backup")
    store.remove(digest)
    assert store.bring_in(backup / digest, digest)
    assert store.read(digest) == b"kept in a backup"
    # A copy, not a link: the two stay independent.
    assert os.stat(backup / digest).st_ino != os.stat(store.path(digest)).st_ino
    store.remove(digest)
    wrong = tmp_path / "wrong"
    wrong.write_bytes(b"something else")
    assert not store.bring_in(wrong, digest)
    assert not store.bring_in(tmp_path / "nothing", digest)
    assert not store.exists(digest)


def test_names_read_from_altered_rows_are_never_used_as_paths(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    outside = tmp_path / "outside"
    outside.write_bytes(b"not evidence")
    for name in ("../outside", b"\x00abc", 42, "A" * 64, ""):
        assert not store.exists(name)  # type: ignore[arg-type]
        with pytest.raises(EvidenceFileError, match="is missing from the data folder"):
            store.read(name)  # type: ignore[arg-type]
        assert not store.bring_in(outside, name)  # type: ignore[arg-type]
        store.remove(name)  # type: ignore[arg-type]
    assert outside.read_bytes() == b"not evidence"


@pytest.mark.posix  # a sparse file: Windows would write the 64 GiB
def test_a_file_grown_behind_the_app_s_back_is_refused_before_it_is_read(
    tmp_path: Path,
) -> None:
    """A huge sparse file planted under a hash name: its size gives it away, nothing is read."""
    store = EvidenceFiles(tmp_path / "evidence")
    kept = store.put_bytes(b"signed contract")
    path = store.path(kept.sha256)
    path.chmod(0o600)
    with path.open("r+b") as handle:
        handle.truncate(64 * 1024**3)  # 64 GiB, sparse: reading it would take minutes or memory
    with pytest.raises(EvidenceFileError, match="no longer matches its SHA-256"):
        store.read(kept.sha256, size=kept.size)
    problem = store.problem(kept.sha256, size=kept.size)
    assert problem is not None and not problem.missing


def test_a_file_that_cant_be_removed_is_a_refusal_naming_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only evidence folder (a mount, say): emptying the bin must say so, not crash."""
    import errno

    store = EvidenceFiles(tmp_path / "evidence")
    kept = store.put_bytes(b"signed contract").sha256

    def read_only(self: Path, missing_ok: bool = False) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "unlink", read_only)
    with pytest.raises(WorkspaceError, match="can't remove evidence from .*Read-only file system"):
        store.remove(kept)
    monkeypatch.undo()
    assert store.read(kept) == b"signed contract"


@pytest.mark.posix  # a symbolic link: Windows makes one only with a privilege
def test_a_shard_folder_that_is_a_link_is_refused_for_writing_and_reading(tmp_path: Path) -> None:
    """A link in place of `evidence/ab` could lead writes and reads outside the data folder."""
    store = EvidenceFiles(tmp_path / "data" / "evidence")
    data = b"kept inside"
    digest = hashlib.sha256(data).hexdigest()
    outside = tmp_path / "outside"
    outside.mkdir()
    store.folder.mkdir(parents=True)
    (store.folder / digest[:2]).symlink_to(outside, target_is_directory=True)
    shown = f"evidence/{digest[:2]}"
    with pytest.raises(WorkspaceError, match=f"{shown} is a link"):
        store.put_bytes(data)
    assert list(outside.iterdir()) == []
    (outside / digest).write_bytes(data)  # planted where the link leads
    with pytest.raises(EvidenceFileError, match=f"{shown} is a link") as caught:
        store.read(digest)
    assert caught.value.sha256 == digest
    assert not store.exists(digest)
    store.remove(digest)
    assert (outside / digest).read_bytes() == data  # not removed through the link


def test_a_shard_folder_replaced_by_a_file_is_named(tmp_path: Path) -> None:
    store = EvidenceFiles(tmp_path / "evidence")
    data = b"needs its folder"
    digest = hashlib.sha256(data).hexdigest()
    store.folder.mkdir()
    (store.folder / digest[:2]).write_bytes(b"a file where the folder goes")
    with pytest.raises(WorkspaceError, match=f"evidence/{digest[:2]} is not a folder"):
        store.put_bytes(data)
