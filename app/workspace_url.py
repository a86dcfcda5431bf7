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


def check_options(url: URL) -> None:
    """Refuse options (`?name=value`) that libpq doesn't know, before connecting with them.

    Connecting would fail anyway, but as a programming error rather than a refusal of the URL.

    Raises:
        UserError: an option is not one of libpq's connection options.
    """
    from psycopg import pq

    known = {option.keyword.decode("ascii") for option in pq.Conninfo.get_defaults()}
    unknown = sorted(key for key in url.query if key not in known)
    if unknown:
        raise UserError(
            _("{url}: {option} is not a connection option PostgreSQL knows").format(
                url=masked(url), option=repr(unknown[0])[:80]
            ),
        )


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
            options.append(f"{key}={'***' if key.lower() == 'password' else one}")
    return shown + ("?" + "&".join(options) if options else "")


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
