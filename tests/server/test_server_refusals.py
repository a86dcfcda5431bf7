"""Connecting to the district server: each way it fails is its own sentence, chosen by kind.

Before a connection is made the server's refusal carries no code: what the attempt did tells
the kinds apart (no password given, one given and refused, no server answering, one turning
the login away unasked). The server's own words go to the log, never into the sentence.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from app.district.directory import revoke_role
from app.errors import PasswordNeededError, ServerRefusedError, ServerUnavailableError
from app.paths import Paths
from app.workspace import open_workspace
from tests.postgres_server import PostgresServer
from tests.server.conftest import OpenServerWorkspace
from tests.server.district import PASSWORD, District

pytestmark = pytest.mark.posix  # a throwaway PostgreSQL server, run as nobody under root


def place(district: District) -> str:
    return f"{district.server.socket_dir}:5432/{district.database}"


def login_url(district: District, who: str, password: str | None = None) -> str:
    return district.server.url(district.database, district.login(who), password)


def test_a_wrong_password_is_said_as_such_and_the_servers_words_are_logged(
    district: District, open_on_server: OpenServerWorkspace, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.postgres")
    district.server.require_password(district.login("ada"))
    with pytest.raises(ServerRefusedError) as raised:
        open_on_server(login_url(district, "ada", "not the password"))
    assert str(raised.value) == (
        f"The district server {place(district)} refused the login {district.login('ada')}: "
        "check the user name, the password and the database's name (after the last /), and if "
        "all three are right, ask the district's IT whether this login may use the database."
    )
    assert "password authentication failed" in caplog.text  # the server's words: the log's
    assert "not the password" not in caplog.text + str(raised.value)


def test_no_password_given_is_asked_for_not_refused(
    district: District, open_on_server: OpenServerWorkspace
) -> None:
    district.server.require_password(district.login("ada"))
    with pytest.raises(PasswordNeededError) as raised:
        open_on_server(login_url(district, "ada"))
    said = raised.value
    assert (said.server, said.user) == (place(district), district.login("ada"))
    assert "pgpass" not in str(said) and "pgpass" not in said.for_command_line()
    assert "PGPASSWORD" in said.for_command_line()
    # With the password, the same login opens it.
    assert open_on_server(login_url(district, "ada", PASSWORD)).person_name == "Ada Lovelace"


def test_a_server_turning_the_login_away_unasked_is_not_said_unreachable(
    district: District, postgres_server: PostgresServer, open_on_server: OpenServerWorkspace
) -> None:
    # A full server, for this login: its connection limit is reached before any password.
    postgres_server.psql("postgres", f'ALTER ROLE "{district.login("otto")}" CONNECTION LIMIT 0')
    with pytest.raises(ServerRefusedError) as raised:
        open_on_server(login_url(district, "otto"))
    said = str(raised.value)
    assert said.startswith(
        f"The district server {place(district)} turned the login {district.login('otto')} away "
        "before asking for a password: "
    )
    assert "too many" not in said and "\n" not in said


def test_no_server_answering_is_said_unreachable(tmp_path: Path, paths: Paths) -> None:
    url = f"postgresql://ada:{PASSWORD}@db.invalid:6543/district"
    with pytest.raises(ServerUnavailableError) as raised:
        open_workspace(replace(paths, workspace_url=url))
    assert str(raised.value).startswith(
        "Can't reach the district server db.invalid:6543/district: "
    )
    assert PASSWORD not in str(raised.value)


def test_a_person_with_no_role_is_told_so_on_connecting(
    district: District, open_on_server: OpenServerWorkspace
) -> None:
    with district.admin() as conn:
        revoke_role(conn, district.login("otto"), "auditor", None)
    with pytest.raises(ServerRefusedError) as raised:
        open_on_server(login_url(district, "otto"))
    assert str(raised.value) == (
        f"The login {district.login('otto')} has no role in the district workspace on "
        f"{place(district)}: ask the district's IT to give you one."
    )


def test_a_superuser_is_let_in_with_a_warning_and_a_person_without_one(
    district: District, open_on_server: OpenServerWorkspace
) -> None:
    superuser = open_on_server(district.admin_url)
    assert superuser.connection_warning == (
        f"The login postgres is a superuser of the district server {place(district)}, and a "
        "superuser bypasses the schools' access rules: connect with your own login, which the "
        "district's IT makes with server add-user."
    )
    assert open_on_server(login_url(district, "ada")).connection_warning == ""
