"""Temporary files beside a target: noted in the staging area, and swept only when abandoned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.atomic_files import replacing, stage_file, sweep_staged
from app.errors import UserError


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    return tmp_path / "data" / "staging"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_staged_file_is_noted_and_placed_leaving_nothing(staging: Path, out: Path) -> None:
    staged = stage_file(out / "report.pdf", staging=staging, detail={"what": "a report"})
    assert len(list(staging.iterdir())) == 1
    staged.part.write_bytes(b"whole")
    staged.place()
    assert sorted(p.name for p in out.iterdir()) == ["report.pdf"]
    assert (out / "report.pdf").read_bytes() == b"whole"
    assert list(staging.iterdir()) == []


def test_a_live_writers_file_is_never_swept(staging: Path, out: Path) -> None:
    staged = stage_file(out / "report.pdf", staging=staging)
    staged.part.write_bytes(b"half")
    assert sweep_staged(staging) == []
    assert staged.part.exists() and len(list(staging.iterdir())) == 1
    staged.discard()
    assert list(out.iterdir()) == [] and list(staging.iterdir()) == []


def test_failing_inside_replacing_leaves_the_old_file_and_nothing_else(
    staging: Path, out: Path
) -> None:
    target = out / "settings.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target, staging=staging) as tmp:
        tmp.write_text("new, half")
        raise RuntimeError("stopped")
    assert target.read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == ["settings.json"]
    assert list(staging.iterdir()) == []


def test_an_abandoned_note_is_swept_with_its_file(staging: Path, out: Path) -> None:
    part = out / ".report.pdf.0123456789abcdef.part"
    part.write_bytes(b"left behind")
    staging.mkdir(parents=True)
    (staging / "0123456789abcdef.pending").write_text(
        json.dumps({"part": str(part), "detail": {"kind": "test"}})
    )
    settled: list[object] = []
    (left,) = sweep_staged(staging, settled.append)
    assert left.part == part and left.detail == {"kind": "test"} and settled == [left]
    assert list(out.iterdir()) == [] and list(staging.iterdir()) == []


def test_a_note_can_remove_only_a_temporary_file_of_its_own(staging: Path, out: Path) -> None:
    """A damaged or forged note naming any other file removes nothing but itself."""
    precious = out / "precious.txt"
    precious.write_text("keep me")
    other = out / ".x.fedcba9876543210.part"
    other.write_text("another note's")
    staging.mkdir(parents=True)
    (staging / "0123456789abcdef.pending").write_text(json.dumps({"part": str(precious)}))
    (staging / "1111111111111111.pending").write_text(json.dumps({"part": str(other)}))
    (staging / "2222222222222222.pending").write_text("not json")
    assert sweep_staged(staging) == []
    assert precious.read_text() == "keep me" and other.read_text() == "another note's"
    assert list(staging.iterdir()) == []


def test_when_settling_fails_the_note_and_file_wait_for_a_later_run(
    staging: Path, out: Path
) -> None:
    part = out / ".r.pdf.0123456789abcdef.part"
    part.write_bytes(b"signed")
    staging.mkdir(parents=True)
    (staging / "0123456789abcdef.pending").write_text(json.dumps({"part": str(part)}))

    def busy(_note: object) -> None:
        raise UserError("the workspace is busy")

    assert sweep_staged(staging, busy) == []
    assert part.exists() and len(list(staging.iterdir())) == 1
    assert len(sweep_staged(staging)) == 1
    assert not part.exists()


def test_an_unwritable_folder_is_said_before_any_work(staging: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="can't write"):
        stage_file(tmp_path / "missing" / "r.pdf", staging=staging)
    assert list(staging.iterdir()) == []


@pytest.mark.parametrize("name", ["ü" * 120 + ".pdf", "📄" * 60 + ".pdf"])
def test_a_long_target_name_still_gets_a_temporary_file(
    staging: Path, out: Path, name: str
) -> None:
    target = out / name  # near 255 bytes: the temporary name must not pass that
    staged = stage_file(target, staging=staging)
    staged.part.write_bytes(b"x")
    staged.place()
    assert target.read_bytes() == b"x"


def test_a_file_that_cant_be_placed_is_kept_until_given_up(staging: Path, out: Path) -> None:
    target = out / "r.pdf"
    staged = stage_file(target, staging=staging)
    staged.part.write_bytes(b"signed")
    target.mkdir()
    (target / "inside").write_text("x")
    with pytest.raises(UserError, match="can't write"):
        staged.place()
    assert staged.part.exists()
    staged.abandon()  # its writer can't settle it now: a later run will
    settled: list[object] = []
    (left,) = sweep_staged(staging, settled.append)
    assert settled == [left] and not staged.part.exists()
    assert list(staging.iterdir()) == []


def test_a_file_named_relative_to_one_folder_is_swept_from_another(
    staging: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export ID --docx out/copy.docx` killed, then the next start from another folder."""
    monkeypatch.chdir(out.parent)
    staged = stage_file(Path("out") / "copy.docx", staging=staging)
    staged.part.write_bytes(b"half")
    staged.abandon()  # as a killed process leaves it
    elsewhere = out.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (left,) = sweep_staged(staging)
    assert left.part == out / staged.part.name
    assert list(out.iterdir()) == [] and list(staging.iterdir()) == []
