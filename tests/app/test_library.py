"""The library: shipped and imported checklists, versions, conflicts and broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checklists.library import Origin, import_checklist, load_library, version_key
from app.errors import ChecklistError, NotFoundError, UserError
from tests.conftest import FIXTURES

SCORING = FIXTURES / "checklists" / "good" / "scoring.yaml"


def test_import_then_find_by_id_and_version(paths) -> None:
    result = import_checklist(paths, SCORING)
    assert not result.already_present
    assert result.path == paths.checklists_dir / "scoring-sample-2.0.0.yaml"
    newer = paths.checklists_dir.parent / "newer.yaml"
    newer.write_text(
        SCORING.read_text("utf-8").replace("version: 2.0.0", "version: 2.10.0"), "utf-8"
    )
    import_checklist(paths, newer)
    library = load_library(paths)
    assert library.find("scoring-sample").version == "2.10.0"
    assert library.find("scoring-sample@2.0.0").version == "2.0.0"
    assert {e.origin for e in library.entries} == {Origin.SHIPPED, Origin.IMPORTED}
    with pytest.raises(
        NotFoundError,
        match=r"checklist 'scoring-sample' has no version 9.9.9; available: 2.0.0, 2.10.0",
    ):
        library.find("scoring-sample@9.9.9")
    with pytest.raises(NotFoundError, match="no checklist 'nope'; available: .*scoring-sample"):
        library.find("nope")


def test_import_is_idempotent_and_conflicts_are_refused(paths, tmp_path: Path) -> None:
    import_checklist(paths, SCORING)
    assert import_checklist(paths, SCORING).already_present
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        SCORING.read_text("utf-8").replace("Check A one.", "Check A one again."), "utf-8"
    )
    with pytest.raises(UserError, match="already exists with different content"):
        import_checklist(paths, changed)


def test_a_shipped_checklist_can_not_be_shadowed(paths, tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "checklists" / "e2ee-calls-meetings.yaml"
    tweaked = tmp_path / "tweaked.yaml"
    tweaked.write_text(
        shipped.read_text("utf-8").replace(
            "Feature lists and limits change", "Features and limits change"
        ),
        "utf-8",
    )
    with pytest.raises(UserError, match="e2ee-calls-meetings 1.1.0 already exists"):
        import_checklist(paths, tweaked)


def test_bad_import_writes_nothing(paths) -> None:
    with pytest.raises(ChecklistError):
        import_checklist(paths, FIXTURES / "checklists" / "bad" / "python-tag.yaml")
    assert not paths.checklists_dir.exists() or list(paths.checklists_dir.iterdir()) == []


def test_a_broken_imported_file_is_reported_not_fatal(paths) -> None:
    paths.ensure()
    (paths.checklists_dir / "broken.yaml").write_text("format: 1\nid: [", "utf-8")
    library = load_library(paths)
    assert any(e.checklist.id == "e2ee-calls-meetings" for e in library.entries)
    (problem,) = library.problems
    assert problem.file.endswith("broken.yaml") and problem.line == 2


def test_versions_sort_numerically_with_prereleases_first() -> None:
    versions = ["1.10.0", "1.2.0", "1.2.0-rc.1", "0.9.9", "1.2.1"]
    assert sorted(versions, key=version_key) == ["0.9.9", "1.2.0-rc.1", "1.2.0", "1.2.1", "1.10.0"]
