"""Hostile and damaged bundles are refused, named, before anything is written.

Each bundle here is built by hand with zipfile from a good one, the way an attacker or a broken
copy would make it; each is refused by import and by inspect, and the workspace stays as it was.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.bundles.errors import BundleError
from app.bundles.format import MANIFEST_ENTRY, evidence_entry
from app.bundles.importing import import_bundle
from app.bundles.inspection import inspect_bundle
from app.bundles.writing import export_bundle
from app.errors import UserError
from app.services import evidence
from app.workspace import Workspace
from tests.app.bundle_support import fill, rewrite
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite

Entries = list[tuple[zipfile.ZipInfo, bytes]]


@pytest.fixture
def good(workspace, make_assessment, tmp_path: Path) -> Path:
    """A bundle as the app writes it: signed off, with evidence (one file removed)."""
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bundle = tmp_path / "good.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    return bundle


def state(ws: Workspace) -> bytes:
    """Everything the workspace holds, as one digest.

    SQLite's own dump, and every file in the evidence store, temporary ones included.
    """
    with raw_sqlite(ws.paths.workspace_file) as db:
        dump = "\n".join(db.iterdump())
    db.close()
    files = sorted(
        str(p.relative_to(ws.paths.data_dir))
        for p in ws.paths.evidence_dir.rglob("*")
        if not p.is_dir()
    )
    return hashlib.sha256("\n".join([dump, *files]).encode()).digest()


def refused(ws: Workspace, bundle: Path, words: str) -> None:
    """Import and inspect both refuse `bundle` with `words`; the workspace is unchanged."""
    before = state(ws)
    with pytest.raises(UserError, match=words), ws.write() as session:
        import_bundle(session, bundle)
    assert state(ws) == before
    with pytest.raises(UserError, match=words):
        inspect_bundle(bundle)
    with pytest.raises(UserError, match=words), ws.read() as session:
        import_bundle(session, bundle, dry_run=True)


def added(info_name: str, data: bytes, **attrs: Any) -> Callable[[Entries], None]:
    def edit(items: Entries) -> None:
        info = zipfile.ZipInfo(info_name)
        info.compress_type = zipfile.ZIP_DEFLATED
        for key, value in attrs.items():
            setattr(info, key, value)
        items.append((info, data))

    return edit


def evidence_of(items: Entries) -> int:
    return next(i for i, (info, _d) in enumerate(items) if info.filename.startswith("evidence/"))


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../escape.txt", r"climbs out of the bundle"),
        ("evidence/../../escape.txt", r"climbs out of the bundle"),
        ("/etc/cron.d/evil", r"absolute path"),
        ("C:/Windows/evil.dll", r"names a drive"),
        ("evidence\\..\\evil", r"backslash"),
        ("evidence/", r"is a folder"),
        ("notes.txt", r"entry its manifest doesn't name: 'notes.txt'"),
        (evidence_entry("0" * 64), r"entry its manifest doesn't name"),
    ],
    ids=[
        "dotdot",
        "nested-dotdot",
        "absolute",
        "drive",
        "backslash",
        "folder",
        "unknown",
        "unnamed",
    ],
)
def test_entries_with_unsafe_or_unknown_names_are_refused(
    other, good: Path, tmp_path: Path, name: str, words: str
) -> None:
    bundle = rewrite(good, tmp_path / "bad.cdesk", entries=added(name, b"payload"))
    refused(other, bundle, words)


def test_a_symbolic_link_entry_is_refused(other, good: Path, tmp_path: Path) -> None:
    def link(items: Entries) -> None:
        at = evidence_of(items)
        info, data = items[at]
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        items[at] = (info, data)

    refused(other, rewrite(good, tmp_path / "bad.cdesk", entries=link), r"symbolic link")


def test_a_device_entry_is_refused(other, good: Path, tmp_path: Path) -> None:
    def device(items: Entries) -> None:
        info, data = items[evidence_of(items)]
        info.external_attr = (stat.S_IFCHR | 0o666) << 16

    refused(other, rewrite(good, tmp_path / "bad.cdesk", entries=device), r"not a regular file")


def test_an_entry_given_twice_is_refused(other, good: Path, tmp_path: Path) -> None:
    def twice(items: Entries) -> None:
        info, data = items[evidence_of(items)]
        items.append((zipfile.ZipInfo(info.filename), data))

    with warnings.catch_warnings():  # zipfile warns of the duplicate it is told to write
        warnings.simplefilter("ignore")
        bundle = rewrite(good, tmp_path / "bad.cdesk", entries=twice)
    refused(other, bundle, r"appears twice")


def test_an_entry_the_manifest_names_but_the_bundle_lacks_is_refused(
    other, good: Path, tmp_path: Path
) -> None:
    def drop(items: Entries) -> None:
        del items[evidence_of(items)]

    refused(other, rewrite(good, tmp_path / "bad.cdesk", entries=drop), r"which the bundle lacks")


def test_a_size_the_manifest_does_not_declare_is_refused(other, good: Path, tmp_path: Path) -> None:
    def longer(items: Entries) -> None:
        at = evidence_of(items)
        info, data = items[at]
        items[at] = (info, data + b"!")

    refused(
        other,
        rewrite(good, tmp_path / "bad.cdesk", entries=longer),
        r"holds \d+ bytes, but the manifest says \d+",
    )


def test_other_bytes_of_the_declared_size_are_refused_by_their_hash(
    other, good: Path, tmp_path: Path
) -> None:
    def swapped(items: Entries) -> None:
        at = evidence_of(items)
        info, data = items[at]
        items[at] = (info, bytes(reversed(data)))

    refused(
        other,
        rewrite(good, tmp_path / "bad.cdesk", entries=swapped),
        r"is not the one the manifest names: its SHA-256",
    )


def test_files_stored_before_a_later_one_fails_its_hash_are_taken_away(
    other, good: Path, tmp_path: Path
) -> None:
    def last_swapped(items: Entries) -> None:
        at = max(i for i, (info, _d) in enumerate(items) if info.filename.startswith("evidence/"))
        assert at != evidence_of(items)  # another file is read, and stored, before it
        info, data = items[at]
        items[at] = (info, bytes(reversed(data)))

    own = list(other.evidence.stored())
    refused(
        other,
        rewrite(good, tmp_path / "bad.cdesk", entries=last_swapped),
        r"is not the one the manifest names: its SHA-256",
    )
    assert list(other.evidence.stored()) == own


def _bomb(tmp_path: Path, good: Path, size: int) -> Path:
    """A bundle whose manifest names a file of `size` zero bytes, deflated (a zip bomb)."""
    zeros = bytes(size)
    sha = hashlib.sha256(zeros).hexdigest()
    declared = size

    def manifest(data: dict[str, Any]) -> None:
        data["evidence"][0]["size"] = declared
        data["evidence"][0]["sha256"] = sha
        data["evidence"][0]["entry"] = evidence_entry(sha)

    def entries(items: Entries) -> None:
        del items[evidence_of(items)]
        info = zipfile.ZipInfo(evidence_entry(sha))
        info.compress_type = zipfile.ZIP_DEFLATED
        items.append((info, zeros))

    return rewrite(good, tmp_path / "bomb.cdesk", manifest=manifest, entries=entries)


def _patch_header(bundle: Path, name: str, *, local: int, central: int, value: bytes) -> None:
    """Overwrite a field of the local and central headers of entry `name`, at these offsets."""
    raw = bytearray(bundle.read_bytes())
    encoded = name.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", local, 30), (b"PK\x01\x02", central, 46)):
        at = 0
        while (at := raw.find(signature, at)) >= 0:
            if raw[at + name_at : at + name_at + len(encoded)] == encoded:
                raw[at + offset : at + offset + len(value)] = value
            at += 4
    bundle.write_bytes(bytes(raw))


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_read(
    other, good: Path, tmp_path: Path
) -> None:
    bundle = _bomb(tmp_path, good, 64 * 1024 * 1024)
    assert bundle.stat().st_size < 1024 * 1024
    refused(other, bundle, r"expands more than \d+ times: a zip bomb")


def test_headers_that_understate_an_entry_stop_it_where_they_said(
    workspace, make_assessment, other, tmp_path: Path
) -> None:
    # The evidence is 4,000 zero bytes; the entry's data is swapped for 8 MiB of zeros, and its
    # headers still claim 4,000. Reading stops a byte past 4,000: refused as damaged, without
    # inflating the rest.
    snap = make_assessment()
    with workspace.write() as session:
        evidence.add_evidence(session, snap.id, "a1", name="z.bin", data=bytes(4000), actor="t")
    good = tmp_path / "good.cdesk"
    with workspace.read() as session:
        export_bundle(session, snap.id, good)
    name = evidence_entry(hashlib.sha256(bytes(4000)).hexdigest())

    def inflated(items: Entries) -> None:
        at = evidence_of(items)
        items[at] = (items[at][0], bytes(8 * 1024 * 1024))

    bundle = rewrite(good, tmp_path / "bomb.cdesk", entries=inflated)
    _patch_header(bundle, name, local=22, central=24, value=struct.pack("<I", 4000))
    refused(other, bundle, r"is damaged or cut short \(it holds more than the 4000 bytes")


def _random_evidence_bundle(workspace, make_assessment, tmp_path: Path) -> tuple[Path, str]:
    """A bundle of one evidence file of 20,000 random bytes, and its entry's name."""
    snap = make_assessment()
    data = os.urandom(20_000)
    with workspace.write() as session:
        evidence.add_evidence(session, snap.id, "a1", name="r.bin", data=data, actor="t")
    bundle = tmp_path / "good.cdesk"
    with workspace.read() as session:
        export_bundle(session, snap.id, bundle)
    return bundle, evidence_entry(hashlib.sha256(data).hexdigest())


def test_compressed_data_that_ends_before_its_content_is_refused_as_cut_short(
    workspace, make_assessment, other, tmp_path: Path
) -> None:
    # The headers say the deflated data is half as long as it is: the stream ends unfinished.
    bundle, name = _random_evidence_bundle(workspace, make_assessment, tmp_path)
    with zipfile.ZipFile(bundle) as archive:
        half = archive.getinfo(name).compress_size // 2
    _patch_header(bundle, name, local=18, central=20, value=struct.pack("<I", half))
    refused(other, bundle, r"is damaged or cut short \(its compressed data ends before")


def test_an_entry_whose_local_header_names_another_is_refused(
    workspace, make_assessment, other, tmp_path: Path
) -> None:
    # The directory points at the entry's local header, which names another file.
    bundle, name = _random_evidence_bundle(workspace, make_assessment, tmp_path)
    raw = bytearray(bundle.read_bytes())
    at = next(
        i
        for i in range(len(raw))
        if raw[i : i + 4] == b"PK\x03\x04" and raw[i + 30 : i + 30 + len(name)] == name.encode()
    )
    raw[at + 30 + len(name) - 1] ^= 0x01
    bundle.write_bytes(bytes(raw))
    refused(other, bundle, r"has a local header that is not its own")


def test_a_bundle_over_the_total_is_refused_unread(other, good: Path, tmp_path: Path) -> None:
    from app.bundles import format as bundle_format

    def huge(data: dict[str, Any]) -> None:
        data["evidence"][0]["size"] = bundle_format.ENTRY_MAX_BYTES + 1

    refused(
        other,
        rewrite(good, tmp_path / "bad.cdesk", manifest=huge),
        r"does not fit the bundle format: .*size",
    )


def test_a_huge_manifest_is_refused_before_it_is_parsed(other, good: Path, tmp_path: Path) -> None:
    def padded(items: Entries) -> None:
        at = next(i for i, (info, _d) in enumerate(items) if info.filename == MANIFEST_ENTRY)
        info, data = items[at]
        items[at] = (info, data[:-1] + b', "padding": "' + b" " * (33 * 1024 * 1024) + b'"}')

    refused(
        other,
        rewrite(good, tmp_path / "bad.cdesk", entries=padded),
        r"manifest is larger than the 32.0 MB a manifest may be",
    )


def test_an_event_detail_nested_past_any_limit_is_refused(
    other, good: Path, tmp_path: Path
) -> None:
    def nested(data: dict[str, Any]) -> None:
        data["events"][1]["detail"] = "[" * 5000 + "]" * 5000

    refused(
        other,
        rewrite(good, tmp_path / "bad.cdesk", manifest=nested),
        r"event 2 of the bundle's trail has a detail that is not a JSON object",
    )


def test_a_truncated_bundle_is_refused(other, good: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.cdesk"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(other, cut, r"not a bundle: not a zip file, or one cut short")


def test_a_directory_entry_asking_for_a_newer_zip_version_is_refused(
    other, good: Path, tmp_path: Path
) -> None:
    """An entry asking for a zip version zipfile does not know (it raises NotImplementedError)."""
    data = bytearray(good.read_bytes())
    at = data.rfind(b"PK\x01\x02")  # the last entry of the zip directory
    data[at + 6 : at + 8] = (1020).to_bytes(2, "little")  # needs zip version 102.0
    odd = tmp_path / "odd.cdesk"
    odd.write_bytes(bytes(data))
    refused(other, odd, r"not a bundle: a damaged or truncated zip file")


def test_a_file_that_is_not_a_zip_is_refused(other, tmp_path: Path) -> None:
    fake = tmp_path / "report.cdesk"
    fake.write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    refused(other, fake, r"not a bundle")
    empty = tmp_path / "empty.cdesk"
    empty.write_bytes(b"")
    refused(other, empty, r"not a bundle")


def test_an_encrypted_entry_is_refused(other, good: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bad.cdesk"
    bundle.write_bytes(good.read_bytes())
    with zipfile.ZipFile(bundle) as archive:
        name = next(n for n in archive.namelist() if n.startswith("evidence/"))
    _patch_header(bundle, name, local=6, central=8, value=struct.pack("<H", 0x1))
    refused(other, bundle, r"is encrypted")


def test_a_bundle_of_a_newer_format_asks_for_a_newer_app(
    other, other_paths, good: Path, tmp_path: Path
) -> None:
    def newer(data: dict[str, Any]) -> None:
        data["format_version"] = 3
        data["something_new"] = {"the future": True}

    bundle = rewrite(good, tmp_path / "new.cdesk", manifest=newer)
    refused(other, bundle, r"made by a newer Compliance Desk .*update the app")
    result = run_cli("bundle", "import", str(bundle), data_dir=other_paths.data_dir)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "update the app" in result.stderr


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"not json", r"manifest is not valid JSON"),
        (b'{"format": "compliance-desk-bundle", "format": "x"}', r"appears twice"),
        (b'{"format": "compliance-desk-bundle", "n": NaN}', r"not a number JSON allows"),
        (b"[" * 100000 + b"]" * 100000, r"not valid JSON"),
        (b'{"format": "something-else"}', r"not a Compliance Desk bundle"),
        (b"\xff\xfe{}", r"not valid JSON"),
    ],
    ids=["text", "duplicate-key", "nan", "deep", "other-format", "not-utf8"],
)
def test_a_manifest_that_is_not_the_format_is_refused(
    other, good: Path, tmp_path: Path, raw: bytes, words: str
) -> None:
    def replaced(items: Entries) -> None:
        at = next(i for i, (info, _d) in enumerate(items) if info.filename == MANIFEST_ENTRY)
        items[at] = (items[at][0], raw)

    refused(other, rewrite(good, tmp_path / "bad.cdesk", entries=replaced), words)


def test_a_manifest_outside_the_schema_is_refused_naming_where(
    other, good: Path, tmp_path: Path
) -> None:
    def extra(data: dict[str, Any]) -> None:
        data["answers"][0]["smuggled"] = "x"

    refused(
        other,
        rewrite(good, tmp_path / "bad.cdesk", manifest=extra),
        r"does not fit the bundle format: \$\.answers\[0\]",
    )


@pytest.mark.posix  # a named pipe
def test_a_bundle_path_that_is_not_a_regular_file_is_refused(other, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.cdesk"
    os.mkfifo(pipe)
    with pytest.raises(UserError, match="not a regular file"):
        inspect_bundle(pipe)
    with pytest.raises(UserError, match="is a folder"):
        inspect_bundle(tmp_path)
    with pytest.raises(UserError, match="no such file"):
        inspect_bundle(tmp_path / "missing.cdesk")


def test_nothing_is_extracted_anywhere(other, good: Path, tmp_path: Path) -> None:
    bundle = rewrite(good, tmp_path / "bad.cdesk", entries=added("../../escaped.txt", b"x"))
    listing = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(BundleError):
        inspect_bundle(bundle)
    assert sorted(p.name for p in tmp_path.rglob("*")) == listing
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_the_writer_compresses_with_deflate_only(good: Path) -> None:
    with zipfile.ZipFile(good) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert all(stat.S_ISREG(i.external_attr >> 16) for i in archive.infolist())
    assert zlib  # deflate is what every zip tool reads
