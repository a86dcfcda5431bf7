"""The command line on the district: the password asked for once at a terminal, else explained.

A superuser's connection is let in with a warning on standard error: the schools' access rules
don't narrow a superuser.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli.main import run
from app.cli.parser import build_parser
from app.district.connection import admin_connection, server_url
from app.errors import PasswordNeededError
from tests.conftest import ROOT
from tests.server.district import PASSWORD, District

pytestmark = pytest.mark.posix  # a throwaway PostgreSQL server, run as nobody under root


def child(*words: str, data: Path) -> subprocess.CompletedProcess[str]:
    """The command line in a child process with no terminal (standard input is empty)."""
    environ = {**os.environ, "COMPLIANCE_DESK_DATA": str(data)}
    environ.pop("PGPASSWORD", None)
    environ.pop("COMPLIANCE_DESK_DATABASE", None)
    return subprocess.run(
        [sys.executable, "-m", "ui", *words],
        input="",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        cwd=ROOT,
        check=False,
    )


def test_without_a_terminal_nothing_is_asked_and_the_refusal_says_how_to_give_it(
    district: District, tmp_path: Path
) -> None:
    ada = district.login("ada")
    district.server.require_password(ada)
    url = district.server.url(district.database, ada)
    result = child("--database-url", url, "list", data=tmp_path / "laptop")
    assert result.returncode == 1 and result.stdout == ""
    place = f"{district.server.socket_dir}:5432/{district.database}"
    assert result.stderr == (
        f"error: The district server {place} needs the password of the login {ada}: set it in "
        "PGPASSWORD, or connect once in the window (File > Connect to district workspace) with "
        "Remember password ticked, so that the system keyring keeps it.\n"
    )


def test_at_a_terminal_the_password_is_asked_for_once_unechoed(
    district: District,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ada = district.login("ada")
    district.server.require_password(ada)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.setattr(getpass, "getpass", typed)
    url = district.server.url(district.database, ada)
    args = build_parser().parse_args(
        ["--data-dir", str(tmp_path / "laptop"), "--database-url", url, "list", "--json"]
    )
    assert run(args) == 0
    place = f"{district.server.socket_dir}:5432/{district.database}"
    assert prompts == [f"Password of {ada} on {place}: "]
    out, err = capsys.readouterr()
    assert out.strip() == "[]" and err == ""
    assert PASSWORD not in out + err


def test_a_superuser_is_warned_on_standard_error(district: District, tmp_path: Path) -> None:
    result = child("--database-url", district.admin_url, "list", data=tmp_path / "laptop")
    assert result.returncode == 0, result.stderr
    place = f"{district.server.socket_dir}:5432/{district.database}"
    assert result.stderr == (
        f"warning: The login postgres is a superuser of the district server {place}, and a "
        "superuser bypasses the schools' access rules: connect with your own login, which the "
        "district's IT makes with server add-user.\n"
    )


def test_the_server_commands_connection_asks_for_a_missing_password_once(
    district: District,
) -> None:
    admin = f"admin_{district.database.rsplit('_', 1)[-1]}"
    district.server.psql(
        "postgres", f"CREATE ROLE \"{admin}\" SUPERUSER LOGIN PASSWORD '{PASSWORD}'"
    )
    district.server.require_password(admin)
    url = server_url(district.server.url(district.database, admin))
    with pytest.raises(PasswordNeededError), admin_connection(url):
        pass
    asked: list[tuple[str, str]] = []

    def typed(refusal: PasswordNeededError) -> str:
        asked.append((refusal.server, refusal.user))
        return PASSWORD

    with admin_connection(url, typed) as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one() == admin
    assert asked == [(f"{district.server.socket_dir}:5432/{district.database}", admin)]
