"""The `server` commands through the real entry point: what they print, change and refuse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.migrations import HEAD_REVISION
from tests.conftest import ROOT
from tests.postgres_server import PostgresServer

PASSWORD = "a long enough password"

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


class Server:
    """`compliance-desk server ...` against one database, in a child process."""

    def __init__(self, server: PostgresServer, database: str, data: Path) -> None:
        self.server = server
        self.database = database
        self.data = data
        self.suffix = database.rsplit("_", 1)[-1]

    @property
    def url(self) -> str:
        return self.server.url(self.database)

    def login(self, who: str) -> str:
        return f"{who}_{self.suffix}"

    def run(
        self, *words: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "COMPLIANCE_DESK_DATA": str(self.data), **(env or {})}
        environment.setdefault("COMPLIANCE_DESK_DATABASE", self.url)
        return subprocess.run(
            [sys.executable, "-m", "ui", "server", *words],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environment,
            cwd=ROOT,
            check=False,
        )

    def ok(self, *words: str, stdin: str | None = None) -> str:
        result = self.run(*words, stdin=stdin)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        return result.stdout

    def refused(
        self, *words: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> str:
        """The one `error:` line of a refusal (exit 1), and nothing printed on standard output."""
        result = self.run(*words, stdin=stdin, env=env)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert line.startswith("error: ")
        return line

    def sql(self, statement: str) -> str:
        return self.server.psql(self.database, statement).strip()


@pytest.fixture
def server(postgres_server: PostgresServer, postgres_database: str, tmp_path: Path) -> Server:
    return Server(postgres_server, postgres_database, tmp_path / "data")


def test_init_sets_up_once_and_then_says_it_is_ready(server: Server) -> None:
    first = server.ok("init")
    assert f"created the tables (schema {HEAD_REVISION})" in first
    assert f"the district workspace {server.database} is ready" in first
    second = server.ok("init", "--database-url", server.url)
    assert "created" not in second
    assert second.splitlines() == [
        f"the district workspace {server.database} is ready: schema {HEAD_REVISION}, access rules in place"
    ]
    assert server.sql("SELECT count(*) FROM pg_policies WHERE tablename = 'assessments'") == "4"


def test_schools_people_and_grants(server: Server) -> None:
    server.ok("init")
    ada = server.login("ada")
    assert server.ok("add-school", "  Hillside School ") == "added the school Hillside School\n"
    assert server.refused("add-school", "Hillside School") == (
        "error: a school named Hillside School exists already"
    )
    assert server.refused("add-school", "\u0397illside School") == (
        "error: a school named Hillside School exists already"
    )
    said = server.ok(
        "add-user", "Ada Lovelace", "--login", ada, "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert (
        said == f"added Ada Lovelace with the login {ada}; give them a role with 'server grant'\n"
    )
    # A member of the person role, with a password hashed before it left the command.
    assert (
        server.sql(
            f"SELECT rolcanlogin, rolsuper, rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid"
            f" WHERE rolname = '{ada}'"
        )
        == "t|f|t"
    )
    assert server.sql(f"SELECT pg_has_role('{ada}', 'compliance_desk_person', 'MEMBER')") == "t"
    assert server.sql(f"SELECT pg_has_role('{ada}', 'compliance_desk_app', 'MEMBER')") == "f"
    assert server.sql(f"SELECT name FROM people WHERE login = '{ada}'") == "Ada Lovelace"
    granted = server.ok("grant", ada, "--role", "coordinator", "--school", "Hillside School")
    assert granted == f"{ada} coordinates Hillside School\n"
    again = server.ok("grant", ada, "--role", "coordinator", "--school", "Hillside School")
    assert again == f"{ada} coordinates Hillside School already; nothing changed\n"
    assert (
        server.ok("grant", ada, "--role", "auditor") == f"{ada} is auditor of the whole district\n"
    )
    assert server.sql("SELECT count(*) FROM grants") == "2"


REFUSALS = [
    (("grant", "{ada}", "--role", "coordinator"), "names the school they coordinate"),
    (("grant", "{ada}", "--role", "dpo", "--school", "Hillside School"), "names no school"),
    (("grant", "nobody", "--role", "dpo"), "no person with the login nobody"),
    (("grant", "{ada}", "--role", "coordinator", "--school", "Nowhere"), "no school named"),
    (("add-school", "\u202eloohcS"), "the school's name"),
    (("add-school", " \u200b "), "must not be empty"),
    (("add-school", "Hill\u00adside"), "must not contain invisible characters such as U+00AD"),
    (("add-user", "Eve", "--login", "Eve; DROP TABLE people", "--password-stdin"), "a login must"),
    (("add-user", "Eve", "--login", "pg_eve", "--password-stdin"), "reserved"),
    (("add-user", "Eve", "--login", "compliance_desk_app", "--password-stdin"), "reserved"),
    (("add-user", "Eve", "--login", "postgres", "--password-stdin"), "exists already"),
    (("add-user", "Eve", "--login", "e" * 64, "--password-stdin"), "a login must"),
    (("add-user", "Eve", "--login", "{ada}", "--password-stdin"), "is Ada's login"),
    (("add-user", "Ada", "--login", "{ada}", "--password-stdin"), "is Ada's login already"),
    (("revoke", "nobody", "--role", "dpo"), "no person with the login nobody"),
    (("revoke", "{ada}", "--role", "auditor"), "is not auditor of the district"),
    (("revoke", "{ada}", "--role", "coordinator"), "names the school they coordinate"),
    (("revoke", "{ada}", "--role", "coordinator", "--school", "Hillside School"), "does not"),
    (("remove-user", "nobody"), "no person with the login nobody"),
    (("remove-user", "postgres"), "no person with the login postgres"),
    (("add-user", "\x1b[2J", "--login", "{eve}", "--password-stdin"), "the person's name"),
    (("add-user", "ADA", "--login", "{eve}", "--password-stdin"), "a person named Ada exists"),
    (("add-user", "\u0410da", "--login", "{eve}", "--password-stdin"), "named Ada exists"),
    (("add-user", "A\u200bda", "--login", "{eve}", "--password-stdin"), "invisible characters"),
]


def test_refusals_are_one_line_and_change_nothing(server: Server) -> None:
    server.ok("init")
    server.ok("add-school", "Hillside School")
    ada, eve = server.login("ada"), server.login("eve")
    server.ok("add-user", "Ada", "--login", ada, "--password-stdin", stdin=PASSWORD)
    counts = (
        "SELECT (SELECT count(*) FROM schools), (SELECT count(*) FROM people),"
        " (SELECT count(*) FROM grants), (SELECT count(*) FROM pg_roles)"
    )
    before = server.sql(counts)
    for words, message in REFUSALS:
        line = server.refused(*(w.format(ada=ada, eve=eve) for w in words), stdin=PASSWORD)
        assert message in line, (words, line)
    assert server.sql(counts) == before


def test_access_is_taken_away_and_listed(server: Server) -> None:
    server.ok("init")
    ada, dora = server.login("ada"), server.login("dora")
    server.ok("add-school", "Hillside School")
    server.ok("add-school", "Riverside School")
    server.ok("add-user", "Ada Lovelace", "--login", ada, "--password-stdin", stdin=PASSWORD)
    server.ok("add-user", "Dora Fischer", "--login", dora, "--password-stdin", stdin=PASSWORD)
    server.ok("grant", ada, "--role", "coordinator", "--school", "Hillside School")
    server.ok("grant", ada, "--role", "coordinator", "--school", "Riverside School")
    assert server.ok("grant", dora, "--role", "dpo") == f"{dora} is DPO of the whole district\n"
    # A misspelt school is refused with the schools there are, as `new --school` does.
    assert server.refused("grant", ada, "--role", "coordinator", "--school", "Hilside School") == (
        "error: there is no school named Hilside School; choose one of: Hillside School, "
        "Riverside School"
    )
    assert server.ok("list").splitlines() == [
        "Schools:",
        "  Hillside School",
        "  Riverside School",
        "People:",
        f"  {ada} (Ada Lovelace): coordinator of Hillside School, coordinator of Riverside School",
        f"  {dora} (Dora Fischer): DPO",
    ]
    said = server.ok("revoke", ada, "--role", "coordinator", "--school", " Riverside School")
    assert said == f"{ada} no longer coordinates Riverside School\n"
    assert "without a DPO" in server.refused("revoke", dora, "--role", "dpo")
    assert "without a DPO" in server.refused("remove-user", dora)
    said = server.ok("remove-user", ada)
    assert said == f"removed Ada Lovelace: the login {ada} can no longer connect\n"
    assert "removed already" in server.refused("remove-user", ada)
    assert server.sql(f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{ada}'") == "f"
    assert server.sql("SELECT count(*) FROM grants") == "1"
    assert server.ok("list").splitlines()[-2:] == [
        f"  {ada} (Ada Lovelace): removed",
        f"  {dora} (Dora Fischer): DPO",
    ]
    server.ok("add-user", "Ada Lovelace", "--login", ada, "--password-stdin", stdin=PASSWORD)
    assert server.ok("list").splitlines()[-2] == f"  {ada} (Ada Lovelace): no role"
    assert server.sql(f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{ada}'") == "t"


def test_a_password_is_asked_for_never_taken_as_a_word(server: Server) -> None:
    server.ok("init")
    eve = server.login("eve")
    assert "a password is needed" in server.refused("add-user", "Eve", "--login", eve)
    assert "at least 12 characters" in server.refused(
        "add-user", "Eve", "--login", eve, "--password-stdin", stdin="short\n"
    )
    result = server.run("add-user", "Eve", "--login", eve, "--password", PASSWORD)
    assert result.returncode == 2  # no such option
    assert server.sql(f"SELECT count(*) FROM pg_roles WHERE rolname = '{eve}'") == "0"


def test_without_a_usable_database_the_commands_say_why(server: Server, tmp_path: Path) -> None:
    assert "give the district's database" in server.refused(
        "init", env={"COMPLIANCE_DESK_DATABASE": ""}
    )
    assert "PostgreSQL database URL" in server.refused(
        "init", "--database-url", f"sqlite:///{tmp_path / 'w.sqlite'}"
    )
    nowhere = f"postgresql://postgres@/{server.database}?host={tmp_path / 'no-server'}"
    line = server.refused("init", "--database-url", nowhere)
    assert line.startswith(
        f"error: Can't reach the district server {tmp_path / 'no-server'}:5432/{server.database}: "
    )
    server.ok("init")
    server.ok("add-user", "Ada", "--login", server.login("ada"), "--password-stdin", stdin=PASSWORD)
    as_ada = server.server.url(server.database, server.login("ada"))
    assert "need a superuser" in server.refused("add-school", "X", "--database-url", as_ada)
