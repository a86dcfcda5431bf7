"""Choosing the workspace: the flag, the environment, the setting; URLs checked and masked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.errors import UserError
from app.paths import Paths
from app.settings import Settings, load_settings, save_settings
from app.workspace_url import DATABASE_ENV, has_password, masked, server_name, with_workspace
from tests.conftest import run_cli

SECRET = "hunter2-Secret"


def test_the_flag_wins_over_the_environment_and_the_setting(paths: Paths) -> None:
    env = {DATABASE_ENV: "postgresql://env@db/district"}
    chosen = with_workspace(paths, "postgresql://flag@db/district", "postgresql://s@db/x", env)
    assert chosen.workspace_url == "postgresql+psycopg://flag@db/district"
    assert with_workspace(paths, None, "postgresql://s@db/x", env).workspace_url == (
        "postgresql+psycopg://env@db/district"
    )
    assert with_workspace(paths, None, "postgresql://s@db/x", {}).workspace_url == (
        "postgresql+psycopg://s@db/x"
    )
    assert with_workspace(paths, None, "", {}) == paths
    assert not paths.on_server and chosen.on_server and chosen.data_dir == paths.data_dir


def test_sqlite_urls_name_the_data_folders_file(paths: Paths, tmp_path: Path) -> None:
    on_server = replace(paths, workspace_url="postgresql+psycopg://a@db/x")
    assert with_workspace(on_server, "sqlite://", "", {}).workspace_url is None
    elsewhere = with_workspace(paths, f"sqlite:///{tmp_path}/other/workspace.sqlite", "", {})
    assert elsewhere == Paths(tmp_path / "other")
    with pytest.raises(UserError, match="an SQLite workspace is the file workspace.sqlite"):
        with_workspace(paths, f"sqlite:///{tmp_path}/notes.db", "", {})


def test_other_databases_and_empty_words_are_refused_without_the_password(paths: Paths) -> None:
    with pytest.raises(UserError) as raised:
        with_workspace(paths, f"mysql://ida:{SECRET}@db/x", "", {})
    assert str(raised.value).startswith("mysql://ida:***@db/x is neither a PostgreSQL")
    with pytest.raises(UserError, match="the database URL given is empty"):
        with_workspace(paths, " ", "", {})
    with pytest.raises(UserError) as unreadable:
        with_workspace(paths, f"ida:{SECRET}@nowhere", "", {})
    assert SECRET not in str(unreadable.value)


def test_a_password_is_masked_wherever_it_is_written() -> None:
    assert masked(f"postgresql://ida:{SECRET}@db.example:5433/district") == (
        "postgresql://ida:***@db.example:5433/district"
    )
    assert masked(f"postgresql://ida@/district?host=/run/pg&password={SECRET}") == (
        "postgresql://ida@/district?host=/run/pg&password=***"
    )
    assert masked("postgresql://ida@db/district") == "postgresql://ida@db/district"
    assert has_password(f"postgresql://ida:{SECRET}@db/x")
    assert has_password(f"postgresql://ida@db/x?password={SECRET}")
    assert not has_password("postgresql://ida@db/x")
    assert SECRET not in repr(Paths(Path("/d"), workspace_url=f"postgresql://i:{SECRET}@db/x"))


def test_the_setting_keeps_a_url_but_never_a_password(paths: Paths) -> None:
    saved = save_settings(paths, Settings(database_url="postgresql://ida@db/district"))
    assert load_settings(paths).database_url == saved.database_url
    with pytest.raises(UserError, match="a database URL with a password is not saved"):
        save_settings(paths, Settings(database_url=f"postgresql://ida:{SECRET}@db/district"))
    with pytest.raises(UserError, match="is neither a PostgreSQL nor an SQLite database"):
        save_settings(paths, Settings(database_url="mysql://ida@db/district"))
    assert SECRET not in (paths.data_dir / "settings.json").read_text("utf-8")


def test_the_settings_command_saves_and_shows_the_server(paths: Paths) -> None:
    said = run_cli(
        "settings",
        "--database-url",
        "postgresql://ida@db.example/district",
        data_dir=paths.data_dir,
        check=True,
    )
    assert "Workspace: postgresql://ida@db.example/district" in said.stdout
    refused = run_cli(
        "settings", "--database-url", f"postgresql://ida:{SECRET}@db/x", data_dir=paths.data_dir
    )
    assert refused.returncode == 1 and SECRET not in refused.stderr + refused.stdout
    assert (
        "Workspace: the file in the data folder"
        in run_cli(
            "--database-url", "sqlite://", "settings", data_dir=paths.data_dir, check=True
        ).stdout
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ada:secret@db.example:5433/cd", "db.example:5433/cd"),
        ("postgresql://ada@db.example/cd?sslmode=verify-full", "db.example:5432/cd"),
        ("postgresql://ada@/cd?host=/run/postgresql&port=6000", "/run/postgresql:6000/cd"),
        ("postgresql://ada@/cd?host=one&host=two&password=secret", "one,two:5432/cd"),
    ],
)
def test_refusals_name_the_server_as_host_port_and_database_only(url: str, shown: str) -> None:
    assert server_name(url) == shown
