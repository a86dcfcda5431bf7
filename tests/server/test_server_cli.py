"""The command line on a server workspace, end to end in child processes: `--database-url`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT
from tests.postgres_server import PostgresServer

PASSWORD = "pa55-w0rd-never-shown"

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def run(
    *args: str, data: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COMPLIANCE_DESK_DATA": str(data), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        cwd=ROOT,
        check=False,
    )


def test_a_whole_assessment_on_the_server_from_the_command_line(
    tmp_path: Path, postgres_server: PostgresServer, postgres_database: str
) -> None:
    url = postgres_server.url(postgres_database, password=PASSWORD)
    data = tmp_path / "laptop"

    def cli(*args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        result = run("--database-url", url, *args, data=data)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert PASSWORD not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result

    made = cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "Hillside School",
        "--title",
        "District review",
        "--scope",
        "platform=teams",
        "--by",
        "Ada",
    ).stdout.strip()
    shown = json.loads(cli("show", made, "--json").stdout)
    item = shown["answers"][0]["item"]
    cli("answer", made, item, "yes", "--note", "checked on the server", "--by", "Ada")
    shown = json.loads(cli("show", made, "--json").stdout)
    assert shown["answers"][0]["value"] == "yes"
    assert shown["answers"][0]["note"] == "checked on the server"
    report = tmp_path / "report.pdf"
    cli("export", made, "--pdf", str(report))
    text = "".join(page.extract_text() for page in PdfReader(report).pages)
    assert "District review" in text and "Hillside School" in text
    assert "intact" in cli("history", made, "--verify").stdout.lower()

    # The workspace is the server's: nothing of it is in the data folder, and no day's backup.
    assert not (data / "workspace.sqlite").exists()
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())
    # The same, chosen by the environment; the data folder's own file with `sqlite://`.
    listed = run("list", "--json", data=data, env={"COMPLIANCE_DESK_DATABASE": url})
    assert [a["id"] for a in json.loads(listed.stdout)] == [made]
    local = run("--database-url", "sqlite://", "list", "--json", data=data)
    assert local.returncode == 0 and json.loads(local.stdout) == []


def test_what_belongs_to_a_file_is_refused_on_the_server_in_one_line(
    tmp_path: Path, postgres_server: PostgresServer, postgres_database: str
) -> None:
    url = postgres_server.url(postgres_database, password=PASSWORD)
    data = tmp_path / "laptop"
    for words in (["backup", "create"], ["backup", "restore", "x"]):
        result = run("--database-url", url, *words, data=data)
        assert result.returncode == 1, result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "pg_dump" in lines[0] and "docs/district.md" in lines[0]
        assert PASSWORD not in result.stderr


def test_a_database_url_is_checked_and_its_password_never_shown(tmp_path: Path) -> None:
    data = tmp_path / "laptop"
    unreachable = f"postgresql://ida:{PASSWORD}@/district?host={tmp_path / 'no-socket'}"
    result = run("--database-url", unreachable, "list", data=data)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"error: Can't reach the district server {tmp_path / 'no-socket'}:5432/district: "
    )
    assert PASSWORD not in result.stderr and "Traceback" not in result.stderr
    other = run("--database-url", f"mysql://ida:{PASSWORD}@db/x", "list", data=data)
    assert other.returncode == 1
    assert other.stderr == (
        "error: mysql://ida:***@db/x is neither a PostgreSQL nor an SQLite database; the "
        "workspace can be one of those two only\n"
    )
    empty = run("--database-url", "", "list", data=data)
    assert empty.returncode == 1 and "the database URL given is empty" in empty.stderr
