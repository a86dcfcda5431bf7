"""A workspace URL's options (`?name=value`): those the app needs, each said once, or refused.

libpq takes many more options than the app needs, and some of them change who connects
(`user=` behind the URL's own login, which the status bar names), what the connection runs
(`options=-c search_path=...`), or fail only when connecting, as a programming error
(`port=abc`). Each is refused before connecting, in one line naming the option.
"""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.workspace_url import server_url

SECRET = "hunter2-Secret"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ada@db.example/cd?sslmode=verify-full",
        "postgresql://ada@db.example/cd?sslmode=verify-full&sslrootcert=/etc/ca.crt"
        "&sslcert=/home/ada/.postgresql/ada.crt&sslkey=/home/ada/.postgresql/ada.key",
        "postgresql://ada@db.example/cd?connect_timeout=5&application_name=desk",
        "postgresql://ada@/cd?host=/var/run/postgresql",
        "postgresql://ada@/cd?host=/var/run/postgresql&port=5433",
        "postgresql://ada@/cd?host=one:5432&host=two:5433",
        "postgresql://ada@/cd?host=one,two&port=5432,5433",
        "postgresql://ada@/cd?host=::1",
        "postgresql://ada@/cd?host=db.example:5433",
        "postgresql://ada@db.example:5433/cd?target_session_attrs=read-write",
    ],
)
def test_the_options_the_app_needs_are_taken(url: str) -> None:
    assert server_url(url).drivername == "postgresql+psycopg"


def test_what_an_option_hides_is_shown_escaped_in_the_one_line() -> None:
    with pytest.raises(UserError) as refused:
        server_url("postgresql://ada@db/cd?sslmode=require&evil%0Aline=x%E2%80%AEy")
    assert str(refused.value) == (
        "postgresql://ada@db/cd?evil\\nline=x\\u202ey&sslmode=require: the option "
        "'evil\\nline' is not one a workspace URL takes; leave it out"
    )
    with pytest.raises(UserError, match="the port '٥٤٣٢' is no number"):
        server_url("postgresql://ada@/cd?host=/run/pg&port=٥٤٣٢")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "postgresql://ada@db/cd?options=-c%20search_path%3Dx",
            "postgresql://ada@db/cd?options=-c search_path=x: the option 'options' is not "
            "one a workspace URL takes; leave it out",
        ),
        (
            "postgresql://ada@db/cd?service=district",
            "postgresql://ada@db/cd?service=district: the option 'service' is not one a "
            "workspace URL takes; leave it out",
        ),
        (
            "postgresql://ada@db/cd?client_encoding=latin1",
            "postgresql://ada@db/cd?client_encoding=latin1: the option 'client_encoding' is "
            "not one a workspace URL takes; leave it out",
        ),
        (
            "postgresql://ada@db/cd?user=dora",
            "postgresql://ada@db/cd?user=dora: the login is said in its own place in the URL "
            "(postgresql://login@server/database), not as ?user=",
        ),
        (
            "postgresql://ada@db/cd?dbname=other",
            "postgresql://ada@db/cd?dbname=other: the database is said in its own place in "
            "the URL (postgresql://login@server/database), not as ?dbname=",
        ),
        (
            f"postgresql://ada@db/cd?password={SECRET}",
            "postgresql://ada@db/cd?password=***: a password is never given in the URL; keep "
            "it in ~/.pgpass or PGPASSWORD, or let the window's keyring keep it",
        ),
        (
            "postgresql://ada@/cd?host=/run/pg&port=abc",
            "postgresql://ada@/cd?host=/run/pg&port=abc: the port 'abc' is no number from 1 "
            "to 65535",
        ),
        (
            "postgresql://ada@/cd?host=/run/pg&port=70000",
            "postgresql://ada@/cd?host=/run/pg&port=70000: the port '70000' is no number "
            "from 1 to 65535",
        ),
        (
            "postgresql://ada@/cd?host=one:5432&host=two:x",
            "postgresql://ada@/cd?host=one:5432&host=two:x: the port 'x' is no number from 1 "
            "to 65535",
        ),
        (
            "postgresql://ada@/cd?host=one:5432&host=::1",
            "postgresql://ada@/cd?host=one:5432&host=::1: several servers are given as "
            "?host=name:port, one for each; an IPv6 address can't be one of them",
        ),
        (
            "postgresql://ada@db:5432/cd?port=5433",
            "postgresql://ada@db:5432/cd?port=5433: the port is said twice, after the server "
            "and as ?port=; say it once",
        ),
        (
            "postgresql://ada@db/cd?host=other",
            "postgresql://ada@db/cd?host=other: the server is said twice, in the URL and as "
            "?host=; say it once",
        ),
        (
            "postgresql://ada@db/cd?sslmode=disable&sslmode=verify-full",
            "postgresql://ada@db/cd?sslmode=disable&sslmode=verify-full: the option 'sslmode' "
            "is given more than once",
        ),
        (
            "postgresql://ada@db/cd?connect_timeout=soon",
            "postgresql://ada@db/cd?connect_timeout=soon: connect_timeout is a number of "
            "seconds, not 'soon'",
        ),
        (
            "postgresql://ada@/cd?host=one,two&port=1,2,3",
            "postgresql://ada@/cd?host=one,two&port=1,2,3: the number of ports is not the "
            "number of servers; give one port for each server",
        ),
    ],
)
def test_other_options_and_odd_values_are_refused_in_one_line(url: str, said: str) -> None:
    with pytest.raises(UserError) as refused:
        server_url(url)
    assert str(refused.value) == said
    assert SECRET not in str(refused.value)
