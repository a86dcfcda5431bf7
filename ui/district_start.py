"""Starting on the district workspace the settings (or the environment) name.

The password comes from the system keyring when one keeps it, else libpq finds its own
(its password file, `PGPASSWORD`) or the server needs none. When the server can't be reached or
refuses, the person is not left without a window: this laptop's workspace opens instead, after
asking when something is wrong with the server, or at once when only the password is missing
(no keyring keeps it), and the window then asks for it (`DistrictStart.ask_password`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication

from app.district_login import login_of_url
from app.errors import PasswordNeededError, WorkspaceError
from app.paths import Paths
from app.server_passwords import stored_password
from app.workspace import Workspace, open_workspace
from app.workspace_url import has_password

log = logging.getLogger(__name__)


@dataclass
class DistrictStart:
    """The workspace the start opened, and what the window says or asks about it.

    `said`: a line for the status bar ("" for none). `ask_password`: why the window should
    show the connection dialog at once ("" for not at all).
    """

    workspace: Workspace
    said: str = ""
    ask_password: str = ""


def open_at_start(paths: Paths) -> DistrictStart:
    """Open the district workspace `paths` names, or this laptop's when it can't be.

    Raises:
        WorkspaceError: neither can be opened, or the person chose not to open the laptop's.
    """
    from ui import prompts

    url = paths.workspace_url
    assert url is not None
    login = login_of_url(url)
    kept = None
    if login is not None and not has_password(url):
        kept = stored_password(login.url())
        if kept:
            url = login.url_with_password(kept)
    try:
        opened = open_workspace(replace(paths, workspace_url=url))
    except WorkspaceError as exc:
        failure = exc
    else:
        # A superuser is let in, but told: the schools' access rules do not narrow them.
        return DistrictStart(opened, said=opened.connection_warning)
    log.warning("could not open the district workspace: %s", failure)
    laptop = replace(paths, workspace_url=None)
    if isinstance(failure, PasswordNeededError) and not kept and not has_password(url):
        # The password is asked for each time (no keyring keeps it): the window asks, once,
        # in its connection dialog, whose fields say the rest.
        return DistrictStart(
            open_workspace(laptop),
            ask_password=QCoreApplication.translate(
                "district_start", "Type your password to open the district workspace."
            ),
        )
    offer = (
        QCoreApplication.translate(
            "district_start",
            "%1\n\nOpen this laptop's workspace instead? File > Connect to district workspace "
            "tries the district again.",
        )
    ).replace("%1", str(failure))
    # Yes is the default: No quits the app, so Enter must not leave someone without a window.
    if not prompts.confirm(
        None,
        QCoreApplication.translate("district_start", "District workspace not available"),
        offer,
        yes_by_default=True,
    ):
        raise failure
    return DistrictStart(
        open_workspace(laptop),
        said=QCoreApplication.translate(
            "district_start",
            "The district workspace could not be opened; this laptop's workspace is open.",
        ),
    )
