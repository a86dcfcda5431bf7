"""Odd database URLs and logins given to the command line: one clear line, never a password.

A URL is pasted from a wiki, a libpq connection string or a colleague's mail: a host list, a
broken IPv6 address, an option libpq doesn't know, the password as `?password=`. Each is refused
(or fails to connect) in one line that shows no password, for the workspace commands and the
`server` commands alike. Logins that SQL reads as something other than a role name are refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.district.directory import DirectoryError, add_person, check_login
from tests.conftest import ROOT
from tests.server.district import PASSWORD as PERSON_PASSWORD
from tests.server.district import District

PASSWORD = "pa55-w0rd-never-shown"

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COMPLIANCE_DESK_DATA": str(data)}
    environ.pop("COMPLIANCE_DESK_DATABASE", None)
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        cwd=ROOT,
        check=False,
    )


def _odd_urls(folder: Path) -> list[str]:
    nowhere = folder / "no-socket"
    return [
        f"postgresql://ida:{PASSWORD}@db1:5432,db2:5432/district",  # libpq's host list
        f"postgresql://ida:{PASSWORD}@[::1/district",  # an IPv6 address never closed
        f"postgresql://ida:{PASSWORD}@db:54x32/district",  # a port that is no number
        f"postgresql://ida@/district?host={nowhere}&password={PASSWORD}",
        f"postgresql://ida:{PASSWORD}@/district?host={nowhere}&no_such_option=1",
        # libpq knows these, but they would run the connection another way than the app's.
        f"postgresql://ida:{PASSWORD}@/district?host={nowhere}&options=-c%20search_path%3Dx",
        f"postgresql://ida:{PASSWORD}@/district?host={nowhere}&port=abc",
        f"postgresql://ida:{PASSWORD}@/district?host={nowhere}&user=dora",
    ]


@pytest.mark.parametrize("command", [("list",), ("server", "init")])
def test_odd_urls_are_refused_in_one_line_without_the_password(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    for url in _odd_urls(tmp_path):
        result = run("--database-url", url, *command, data=tmp_path / "laptop")
        assert result.returncode == 1, (url, result.stderr)
        assert result.stderr.startswith("error: "), (url, result.stderr)
        assert result.stderr.count("\n") == 1, (url, result.stderr)
        assert PASSWORD not in result.stderr, (url, result.stderr)
        assert "unexpected failure" not in result.stderr, (url, result.stderr)


@pytest.mark.parametrize(
    "login", ["public", "none", "current_user", "current_role", "session_user", "user", "all"]
)
def test_logins_sql_reads_as_something_else_are_refused(login: str) -> None:
    # `ALTER ROLE current_user ...` typed by the administrator would change their own role.
    with pytest.raises(DirectoryError):
        check_login(login)


def test_a_login_that_is_an_sql_keyword_is_refused_by_add_user(district: District) -> None:
    with district.admin() as conn, pytest.raises(DirectoryError):
        add_person(conn, "Sel Ect", "select", PERSON_PASSWORD)
