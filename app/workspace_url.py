"""Which workspace to open: the SQLite file in the data folder, or a database on a server.

The choice, strongest first: `--database-url`, then `COMPLIANCE_DESK_DATABASE`, then the
`database_url` setting; without any, the SQLite file in the data folder. A PostgreSQL URL may
carry a password (`postgresql://user:secret@host/db`): it is used to connect and never shown,
in a message or a log, because a message ends up in a screenshot or a ticket. The setting never
holds one (it is a plain file): libpq's own `~/.pgpass` or `PGPASSWORD` keeps it instead.

SQLAlchemy, which reads the URLs, is imported only when one is given: a command run on the
data folder's file (or `--help`) loads no database code before it needs it.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError
from app.i18n import _
from app.paths import WORKSPACE_FILE, Paths

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DATABASE_ENV = "COMPLIANCE_DESK_DATABASE"

# The URL schemes taken for PostgreSQL; every one is opened through psycopg 3.
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")


def server_url(text: str) -> URL:
    """The SQLAlchemy URL of a PostgreSQL workspace given as `text`, on psycopg 3.

    Raises:
        UserError: `text` is no URL, or names another kind of database.
    """
    url = _parsed(text)
    if url.drivername not in _POSTGRES_SCHEMES:
        raise _unsupported(url)
    check_options(url)
    return url.set(drivername="postgresql+psycopg")


# The options a workspace URL may carry: where the server is (a socket folder, several hosts),
# how its certificate and the connection are checked, and how long connecting may take
# (docs/district.md). Others would change who connects (`user`, `service`), what each
# connection runs (`options`), or how text travels (`client_encoding`): the app decides those.
ALLOWED_OPTIONS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "sslnegotiation",
        "ssl_min_protocol_version",
        "ssl_max_protocol_version",
        "requirepeer",
        "require_auth",
        "channel_binding",
        "gssencmode",
        "krbsrvname",
        "connect_timeout",
        "application_name",
        "target_session_attrs",
        "load_balance_hosts",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "passfile",
    }
)
# Options that say what the URL's own parts say: one place for each, the one the app shows.
_OWN_PLACES = {"user": "login", "dbname": "database"}
_PORT_MAX = 65535


def check_options(url: URL) -> None:
    """Refuse options (`?name=value`) the app does not take, or values it can't connect with.

    Checked before connecting: connecting would otherwise fail as a programming error, or
    succeed as someone other than the login the window names (`?user=`), or with a search
    path the workspace's tables are not on (`?options=-c search_path=...`). Options are
    compared as given: libpq's are lower case, and `?User=` is no option of libpq's either.

    Raises:
        UserError: an option is not one the app takes (`ALLOWED_OPTIONS`), is given more
            than once, says the login, database or password, says the server or port the
            URL says already, or has a value that is no port or number.
    """
    for key in sorted(url.query):
        if key.lower() == "password":
            raise _refused(
                url,
                _(
                    "a password is never given in the URL; keep it in ~/.pgpass or "
                    "PGPASSWORD, or let the window's keyring keep it"
                ),
            )
        if key in _OWN_PLACES:
            raise _refused(url, _own_place(key))
        if key not in ALLOWED_OPTIONS:
            raise _refused(
                url,
                _("the option {option} is not one a workspace URL takes; leave it out").format(
                    option=repr(key)[:80]
                ),
            )
        if key != "host" and not isinstance(url.query[key], str):
            raise _refused(
                url, _("the option {option} is given more than once").format(option=repr(key))
            )
    _check_where(url)
    timeout = url.query.get("connect_timeout")
    if isinstance(timeout, str) and not (timeout.isascii() and timeout.isdecimal()):
        raise _refused(
            url,
            _("connect_timeout is a number of seconds, not {value}").format(
                value=repr(timeout)[:40]
            ),
        )


def _own_place(key: str) -> str:
    if key == "user":
        return _(
            "the login is said in its own place in the URL "
            "(postgresql://login@server/database), not as ?user="
        )
    return _(
        "the database is said in its own place in the URL "
        "(postgresql://login@server/database), not as ?dbname="
    )


def _check_where(url: URL) -> None:
    """Refuse a server or port said twice, a port that is no port, or ports that don't match."""
    if url.host and "host" in url.query:
        raise _refused(url, _("the server is said twice, in the URL and as ?host=; say it once"))
    if url.port and "port" in url.query:
        raise _refused(
            url, _("the port is said twice, after the server and as ?port=; say it once")
        )
    hosts = _option(url, "host")
    said = _option(url, "port")
    if len(hosts) > 1 and any(host.count(":") > 1 for host in hosts):
        raise _refused(
            url,
            _(
                "several servers are given as ?host=name:port, one for each; an IPv6 "
                "address can't be one of them"
            ),
        )
    if len(hosts) == 1:
        hosts = hosts[0].split(",")
    # As SQLAlchemy reads them: `host=name:port` for each of several hosts, or a single host
    # named with its port (an IPv6 address, with more colons, is a host alone); else the
    # ports are `?port=`, one for each host.
    ports = [host.split(":")[1] for host in hosts if host.count(":") == 1 and not said]
    if said:
        ports = said[0].split(",")
    for port in ports:
        if not (port.isascii() and port.isdecimal() and 1 <= int(port) <= _PORT_MAX):
            raise _refused(
                url,
                _("the port {port} is no number from 1 to {most}").format(
                    port=repr(port)[:40], most=_PORT_MAX
                ),
            )
    if said and len(ports) != max(len(hosts), 1):
        raise _refused(
            url,
            _("the number of ports is not the number of servers; give one port for each server"),
        )


def _refused(url: URL, reason: str) -> UserError:
    return UserError(_("{url}: {reason}").format(url=masked(url), reason=reason))


def masked(url: URL | str) -> str:
    """`url` as it may be shown: any password (in its place or as `?password=`) left as ***.

    Written out by hand rather than by SQLAlchemy, which would escape the stars and a socket
    folder's slashes (`%2A`, `%2F`) and so show something no one typed.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return _("(a database URL that can't be read)")
    shown = url.drivername.split("+")[0] + "://"
    if url.username:
        shown += url.username + (":***" if url.password is not None else "") + "@"
    shown += url.host or ""
    if url.port:
        shown += f":{url.port}"
    shown += "/" + (url.database or "")
    options = []
    for key, value in sorted(url.query.items()):
        for one in (value,) if isinstance(value, str) else value:
            value = "***" if key.lower() == "password" else one
            options.append(f"{_shown(key)}={_shown(value)}")
    return shown + ("?" + "&".join(options) if options else "")


def _shown(text: str) -> str:
    """`text` with the characters that show nothing or break a line written as escapes.

    An option is decoded from the URL (`%0A` is a line break): shown as it is, it could split
    a refusal's one line, or hide part of itself.
    """
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char)[0] in "CZ" and char != " "
        else char
        for char in text
    )


def server_name(url: URL | str) -> str:
    """How a refusal names the server of `url`: `host:port/database`, never a login or password.

    A socket folder (`?host=/run/postgresql`) stands as the host; several hosts are joined by
    commas, as libpq takes them. The port is always said (5432 when none is given), so the
    district's IT reads at once which server, and which instance of it, was meant.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return _("(a database URL that can't be read)")
    hosts = [url.host] if url.host else _option(url, "host")
    ports = [str(url.port)] if url.port else _option(url, "port")
    port = ports[0] if ports else "5432"
    return f"{','.join(hosts) or 'localhost'}:{port}/{url.database or ''}"


def _option(url: URL, key: str) -> list[str]:
    value = url.query.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def has_password(text: str) -> bool:
    """Whether the URL `text` carries a password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        return False
    return url.password is not None or any(key.lower() == "password" for key in url.query)


def with_workspace(
    paths: Paths,
    given: str | None,
    setting: str = "",
    environ: Mapping[str, str] | None = None,
) -> Paths:
    """`paths` naming the workspace chosen: `given` (the flag), else the environment or `setting`.

    A PostgreSQL URL is checked and kept in `Paths.workspace_url`; an SQLite URL names the
    workspace file (`sqlite:///FOLDER/workspace.sqlite`, whose folder becomes the data folder)
    or, with no path (`sqlite://`), the data folder's own: the default, for undoing a setting
    or an environment's choice for one command.

    Raises:
        UserError: the URL given is empty, unreadable, of another database, or an SQLite file
            not named as a workspace is.
    """
    env = os.environ if environ is None else environ
    if given is not None and not given.strip():
        # A script's unset variable ("--database-url $URL") must not fall back to another.
        raise UserError(
            _("the database URL given is empty"),
            command_hint=_("give one, or leave --database-url out"),
        )
    chosen = given or env.get(DATABASE_ENV) or setting
    if not chosen:
        return paths
    url = _parsed(chosen)
    if url.drivername in _SQLITE_SCHEMES:
        if not url.database:
            return replace(paths, workspace_url=None)
        file = Path(url.database).expanduser().absolute()
        if file.name != WORKSPACE_FILE:
            raise UserError(
                _(
                    "an SQLite workspace is the file {name} in a data folder; {file} is not one"
                ).format(name=WORKSPACE_FILE, file=file),
                command_hint=_("name its folder with --data-dir instead"),
            )
        return Paths(file.parent)
    return replace(paths, workspace_url=server_url(chosen).render_as_string(hide_password=False))


def _parsed(text: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(text.strip())
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is no number
        raise UserError(
            _(
                "{url} is not a database URL; give one such as postgresql://user@server/database"
            ).format(url=_shown_unparsed(text)),
            # libpq's host list (host1:5432,host2:5432) is written as options here.
            command_hint=_("give several hosts as ?host=one:5432&host=two:5432")
            if "," in text
            else "",
        ) from exc


def _shown_unparsed(text: str) -> str:
    """An unreadable URL as it may be shown: whatever could be a password left out."""
    if "@" in text:
        return _("(a database URL that can't be read)")
    return repr(text.strip()[:80])


def _unsupported(url: URL) -> UserError:
    return UserError(
        _(
            "{url} is neither a PostgreSQL nor an SQLite database; the workspace can be "
            "one of those two only"
        ).format(url=masked(url))
    )
