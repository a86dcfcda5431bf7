"""Where the data folder is, and how it is made."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.errors import UserError
from app.paths import DATA_DIR_ENV, Paths, default_data_dir, resolve_paths
from tests.conftest import run_cli


def test_flag_then_environment_then_default(tmp_path: Path) -> None:
    env = {DATA_DIR_ENV: str(tmp_path / "env")}
    assert resolve_paths(tmp_path / "flag", env).data_dir == tmp_path / "flag"
    assert resolve_paths(None, env).data_dir == tmp_path / "env"
    assert resolve_paths(None, {}).data_dir == default_data_dir()
    assert default_data_dir().name == "compliance-desk"


def test_default_is_under_the_isolated_home(tmp_path_factory) -> None:
    import os

    assert str(default_data_dir()).startswith(os.environ["XDG_DATA_HOME"])


@pytest.mark.posix  # permission bits
def test_ensure_makes_private_folders(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    for folder in (paths.data_dir, paths.backups_dir, paths.checklists_dir, paths.logs_dir):
        assert folder.is_dir()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="is a file, not a folder"):
        Paths(blocker).ensure()


@pytest.mark.parametrize("below", ["", "sub"])
def test_a_data_dir_that_is_a_file_is_refused_not_listed_as_empty(
    tmp_path: Path, below: str
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("someone's notes")
    given = blocker / below if below else blocker
    with pytest.raises(UserError) as refused:
        resolve_paths(given, {})
    # The window shows it without the flag; the command line says which flag mends it.
    assert str(refused.value) == (
        f"the data folder {given} can't be used: {blocker} is a file, not a folder"
    )
    assert refused.value.for_command_line() == f"{refused.value}; give a folder with --data-dir"
    for args in (["list"], ["list", "--json"], ["identity", "list"]):
        result = run_cli(*args, data_dir=given)
        assert result.returncode == 1, result.stdout
        assert result.stdout == ""
        assert result.stderr == f"error: {refused.value.for_command_line()}\n"
    assert blocker.read_text() == "someone's notes"


@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_data_dir_is_refused_not_taken_as_the_default(tmp_path: Path, given: str) -> None:
    with pytest.raises(UserError, match="the data folder given is empty"):
        resolve_paths(given, {})
    result = run_cli("--data-dir", given, "list")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("error: the data folder given is empty")
    assert not default_data_dir().exists()
