"""Checklist files are parsed once per content: later loads rebuild them from the cache."""

from __future__ import annotations

from pathlib import Path

from app.checklists.library import find_checklist, import_checklist, load_library
from app.checklists.loader import load_checklist_file
from app.checklists.parsed_cache import load_checklist_cached
from app.paths import Paths, shipped_checklists_dir
from app.workspace import open_workspace

SHIPPED = shipped_checklists_dir() / "e2ee-calls-meetings.yaml"


def entries(paths: Paths) -> list[Path]:
    folder = paths.data_dir / "cache" / "checklists"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_cached_load_is_the_same_checklist(paths: Paths) -> None:
    open_workspace(paths).close()
    parsed = load_checklist_file(SHIPPED).checklist
    first = load_checklist_cached(paths, SHIPPED)
    (entry,) = entries(paths)
    assert entry.read_text("utf-8") == parsed.canonical
    again = load_checklist_cached(paths, SHIPPED)
    assert again == parsed == first
    assert again.sha256 == parsed.sha256 and list(again.items) == list(parsed.items)


def test_a_damaged_entry_is_ignored_and_replaced(paths: Paths) -> None:
    open_workspace(paths).close()
    parsed = load_checklist_cached(paths, SHIPPED)
    (entry,) = entries(paths)
    for damage in (b"", b"{not json", b'{"sections": 1}', b"[" * 100_000, b"\xff\xfe"):
        entry.write_bytes(damage)
        assert load_checklist_cached(paths, SHIPPED) == parsed
        assert entry.read_text("utf-8") == parsed.canonical


def test_changed_bytes_are_parsed_anew(paths: Paths, tmp_path: Path) -> None:
    open_workspace(paths).close()
    source = tmp_path / "copy.yaml"
    text = SHIPPED.read_text("utf-8")
    source.write_text(text, "utf-8")
    before = load_checklist_cached(paths, source)
    source.write_text(text.replace("title: End-to-end", "title: Changed end-to-end", 1), "utf-8")
    after = load_checklist_cached(paths, source)
    assert after.title.startswith("Changed") and after.sha256 != before.sha256
    assert len(entries(paths)) == 2


def test_no_data_folder_is_made_for_the_cache(paths: Paths) -> None:
    library = load_library(paths)
    assert {e.checklist.id for e in library.entries} >= {"e2ee-calls-meetings"}
    assert not paths.data_dir.exists()
    paths.ensure()  # a data folder, but no workspace in it (yet, or refused)
    load_library(paths)
    assert entries(paths) == []


def test_the_library_and_find_use_the_cache(paths: Paths, tmp_path: Path) -> None:
    open_workspace(paths).close()
    source = tmp_path / "mine.yaml"
    source.write_text(
        SHIPPED.read_text("utf-8").replace("id: e2ee-calls-meetings", "id: mine", 1), "utf-8"
    )
    import_checklist(paths, source)
    kept = entries(paths)  # importing parsed the file, and looked at the library
    listed = {e.checklist.key: e.checklist for e in load_library(paths).entries}
    assert entries(paths) == kept and len(kept) == len(listed)
    assert find_checklist(paths, "mine") == listed["mine@1.1.0"]
