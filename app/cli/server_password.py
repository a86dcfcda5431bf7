"""The district server's password on the command line: the keyring's, else asked for once.

A command on the district workspace whose URL carries no password uses the one the window keeps
in the system keyring for that login (`app.server_passwords`); libpq's own `PGPASSWORD` or
password file serve as ever. When the server still asks for one, it is asked for at the
terminal, unechoed, once; without a terminal (a script, a pipe) nothing is asked and the
refusal says how to give it.
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import replace

from app.errors import PasswordNeededError
from app.i18n import _
from app.paths import Paths


def with_kept_password(paths: Paths) -> Paths:
    """`paths` whose district URL carries the password the keyring keeps for it, if any."""
    from app.district_login import login_of_url
    from app.server_passwords import stored_password
    from app.workspace_url import has_password

    url = paths.workspace_url
    if url is None or has_password(url):
        return paths
    login = login_of_url(url)
    kept = stored_password(login.url()) if login is not None else None
    if not kept or login is None:
        return paths
    return replace(paths, workspace_url=login.url_with_password(kept))


def ask_server_password(refusal: PasswordNeededError) -> str:
    """The password typed at the terminal for the login the server asked about, unechoed.

    Raises:
        PasswordNeededError: `refusal` itself, when there is no terminal to ask at, or nothing
            was typed.
    """
    if not sys.stdin.isatty():
        raise refusal
    typed = getpass.getpass(
        _("Password of {user} on {server}").format(user=refusal.user, server=refusal.server) + ": "
    )
    if not typed:
        raise refusal
    return typed


def with_typed_password(paths: Paths, refusal: PasswordNeededError) -> Paths:
    """`paths` whose district URL carries the password typed for it (`ask_server_password`)."""
    from sqlalchemy.engine import make_url

    assert paths.workspace_url is not None
    url = make_url(paths.workspace_url).set(password=ask_server_password(refusal))
    return replace(paths, workspace_url=url.render_as_string(hide_password=False))
