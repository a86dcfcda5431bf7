"""The district login the window asks for, and the URL the settings keep (never a password)."""

from __future__ import annotations

import pytest

from app.district_login import DistrictLogin, checked_login, login_of_url
from app.errors import UserError
from app.settings import Settings, load_settings, save_settings
from app.workspace_url import has_password, masked


def test_a_login_on_the_network_and_one_on_a_socket_make_urls_without_a_password() -> None:
    network = DistrictLogin("db.district.example", "compliance_desk", "ada.lovelace")
    assert network.url() == "postgresql://ada.lovelace@db.district.example/compliance_desk"
    assert DistrictLogin("db", "cd", "ada", port=6543).url() == "postgresql://ada@db:6543/cd"
    socket = DistrictLogin("/var/run/postgresql", "cd", "ada", port=5433)
    assert login_of_url(socket.url()) == socket
    assert masked(socket.url()) == "postgresql://ada@/cd?host=/var/run/postgresql&port=5433"
    assert socket.shown == "cd@/var/run/postgresql (ada)"
    assert not has_password(network.url())


def test_the_password_goes_into_the_url_opened_only() -> None:
    login = DistrictLogin("db", "cd", "ada", options=(("sslmode", "verify-full"),))
    opened = login.url_with_password("p@ss:w/rd")
    assert has_password(opened) and not has_password(login.url())
    assert masked(opened) == "postgresql://ada:***@db/cd?sslmode=verify-full"
    assert login.url_with_password("") == login.url()  # libpq's ~/.pgpass then


def test_options_of_a_saved_url_are_kept_and_a_password_in_one_is_not() -> None:
    found = login_of_url("postgresql://ada:secret@db/cd?sslmode=verify-full&password=x")
    assert found == DistrictLogin("db", "cd", "ada", options=(("sslmode", "verify-full"),))
    assert login_of_url("postgresql:///cd") is None  # no server or user: nothing to fill in
    assert login_of_url("not a url") is None


def test_the_settings_keep_the_url_of_a_login(tmp_path) -> None:
    from app.paths import Paths

    paths = Paths(tmp_path)
    login = DistrictLogin("/tmp/socket dir", "cd", "ada")
    save_settings(paths, Settings(database_url=login.url()))
    assert login_of_url(load_settings(paths).database_url) == login


@pytest.mark.parametrize(
    ("host", "port", "database", "user", "said"),
    [
        ("", 5432, "cd", "ada", "server"),
        ("db example", 5432, "cd", "ada", "is no server name"),
        ("ada@db", 5432, "cd", "ada", "is no server name"),
        ("db", 5432, "", "ada", "database"),
        ("db", 5432, "cd", "ada@evil", "is no database or user name"),
        ("db", 5432, "c/d", "ada", "is no database or user name"),
        ("db", 0, "cd", "ada", "the port must be between 1 and 65535"),
        ("db\x1b[2J", 5432, "cd", "ada", "server"),
    ],
)
def test_what_no_server_takes_is_refused_in_one_line(host, port, database, user, said) -> None:
    with pytest.raises(UserError) as refused:
        checked_login(host, port, database, user)
    assert said in str(refused.value) and "\n" not in str(refused.value)


def test_only_a_keyring_that_encrypts_keeps_a_password() -> None:
    import keyring
    from keyring.backends import fail, null

    from app.server_passwords import keyring_available, remember_password, stored_password
    from tests.ui.memory_keyring import MemoryKeyring

    class PlainFile(MemoryKeyring):
        """As keyrings.alt's PlaintextKeyring, which keeps passwords in a plain file."""

    PlainFile.__module__ = "keyrings.alt.file"
    try:
        for backend in (fail.Keyring(), null.Keyring(), PlainFile()):
            keyring.set_keyring(backend)
            assert not keyring_available()
            assert not remember_password("postgresql://ada@db/cd", "secret")
            assert stored_password("postgresql://ada@db/cd") is None
        kept = MemoryKeyring()
        keyring.set_keyring(kept)
        assert keyring_available()
        assert remember_password("postgresql://ada@db/cd", "secret")
        assert stored_password("postgresql://ada@db/cd") == "secret"
    finally:
        keyring.set_keyring(fail.Keyring())
