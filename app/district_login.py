"""Connecting a laptop to the district workspace: where it is, who logs in, and opening it.

The window's File > Connect to district workspace asks for a server, port, database and user
name and a password; `DistrictLogin` holds the first four and makes the URL that is saved in
the settings, which never carries the password (the settings are a plain file). The password
travels only in the URL the workspace is opened with (`Paths.workspace_url`, kept out of reprs
and shown masked everywhere), and, when the person asks, in the system keyring
(`app.server_passwords`).

SQLAlchemy is imported only when a URL is made or read: the window's start, which reads no
URL unless one is saved, loads no database code before its first window is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.errors import UserError
from app.fields import clean_text
from app.i18n import _
from app.paths import Paths

if TYPE_CHECKING:
    from app.workspace import Workspace

DEFAULT_PORT = 5432
# A host name (RFC 1123: 253 characters) or a socket folder's path; a database or user name
# (PostgreSQL's identifiers: 63 bytes).
_HOST_MAX = 253
_NAME_MAX = 63


@dataclass(frozen=True)
class DistrictLogin:
    """Where the district workspace is and who logs in; never the password.

    `host` is the server's name or address, or a folder holding its Unix socket (a path
    starting with /), as libpq takes it. `options`: the URL's other settings, kept as they
    were given (`sslmode=verify-full`, say); the dialog does not ask for them.
    """

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    options: tuple[tuple[str, str], ...] = ()

    @property
    def on_socket(self) -> bool:
        """Whether `host` is the folder of a Unix socket, not a name on the network."""
        return self.host.startswith("/")

    def url(self) -> str:
        """The URL without a password, as the settings keep it.

        A socket folder goes in the `host` option (`postgresql://ada@/db?host=/run/pg`): a
        path can't stand in a URL's host part.
        """
        from sqlalchemy.engine import URL

        query = dict(self.options)
        if self.on_socket:
            query["host"] = self.host
            if self.port != DEFAULT_PORT:
                query["port"] = str(self.port)
            url = URL.create("postgresql", username=self.user, database=self.database, query=query)
        else:
            port = None if self.port == DEFAULT_PORT else self.port
            url = URL.create(
                "postgresql",
                username=self.user,
                host=self.host,
                port=port,
                database=self.database,
                query=query,
            )
        return url.render_as_string(hide_password=False)

    def url_with_password(self, password: str) -> str:
        """The URL the workspace is opened with: `url()` carrying `password` (if not empty)."""
        from sqlalchemy.engine import make_url

        url = make_url(self.url())
        if password:
            url = url.set(password=password)
        return url.render_as_string(hide_password=False)

    @property
    def shown(self) -> str:
        """How the window names it: `database@host (user)`."""
        return f"{self.database}@{self.host} ({self.user})"


def checked_login(
    host: str,
    port: int,
    database: str,
    user: str,
    options: tuple[tuple[str, str], ...] = (),
) -> DistrictLogin:
    """A `DistrictLogin` of what the person typed, checked; `options` kept from the URL saved.

    Raises:
        UserError: a field is empty, too long, or holds what no server name, database or user
            name holds (control characters, spaces in a host, an `@` or `/` in a name).
    """
    host = clean_text(host, field=_("server"), max_length=_HOST_MAX)
    if not host.startswith("/") and any(c in host for c in " /@?#"):
        raise UserError(
            _(
                "{host} is no server name; give the server's name or address, or the folder "
                "of its socket (starting with /)"
            ).format(host=host)
        )
    database = clean_text(database, field=_("database"), max_length=_NAME_MAX)
    user = clean_text(user, field=_("user name"), max_length=_NAME_MAX)
    for value in (database, user):
        if any(c in value for c in "/@?#:"):
            raise UserError(
                _("{name} is no database or user name PostgreSQL takes here").format(name=value)
            )
    if not 1 <= port <= 65535:
        raise UserError(_("the port must be between 1 and 65535"))
    return DistrictLogin(host=host, database=database, user=user, port=port, options=options)


def login_of_url(text: str) -> DistrictLogin | None:
    """The login a saved URL names (the dialog shows it again); None if it names none."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except ArgumentError:
        return None
    query_host = url.query.get("host")
    host = url.host or (query_host if isinstance(query_host, str) else "")
    query_port = url.query.get("port")
    port = url.port or DEFAULT_PORT
    if isinstance(query_port, str) and query_port.isdigit():
        port = int(query_port)
    if not (host and url.database and url.username):
        return None
    options = tuple(
        (key, value)
        for key, value in sorted(url.query.items())
        if key not in ("host", "port") and key.lower() != "password" and isinstance(value, str)
    )
    return DistrictLogin(
        host=host, database=url.database, user=url.username, port=port, options=options
    )


def open_district(paths: Paths, login: DistrictLogin, password: str) -> Workspace:
    """Open the district workspace `login` names, logging in with `password`.

    `paths` is the laptop's (its data folder keeps the settings, identities and logs);
    the workspace returned carries them with the district's URL.

    Raises:
        WorkspaceError: the server can't be reached, refuses the login or the account's
            rights, or holds no workspace this version can open (one line, naming the server
            without the password).
    """
    from app.postgres.workspace import open_postgres_workspace

    return open_postgres_workspace(replace(paths, workspace_url=login.url_with_password(password)))


def check_district(login: DistrictLogin, password: str) -> str:
    """Try the login without opening the workspace; what was found, as one line.

    Raises:
        WorkspaceError: as `open_district`.
    """
    from app.migrations import HEAD_REVISION
    from app.postgres.workspace import probe_server

    current, warning = probe_server(login.url_with_password(password))
    if current == HEAD_REVISION:
        said = _("Connected to {login}: the workspace is ready.").format(login=login.shown)
        return f"{said} {warning}" if warning else said
    if current is None:
        return _(
            "Connected to {login}: the database holds no workspace yet; connecting sets it up "
            "(or ask the district's IT to run server init)."
        ).format(login=login.shown)
    return _(
        "Connected to {login}: the workspace is at schema {revision}; connecting brings it up "
        "to date, or says why it can't."
    ).format(login=login.shown, revision=current)
