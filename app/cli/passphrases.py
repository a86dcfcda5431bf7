"""Passphrases on the command line: from the environment for scripts, else asked for, unechoed."""

from __future__ import annotations

import getpass
import os
import sys

from app.errors import UserError
from app.i18n import _

IDENTITY_ENV = "COMPLIANCE_DESK_PASSPHRASE"
ASSESSOR_ENV = "COMPLIANCE_DESK_ASSESSOR_PASSPHRASE"
AUTHORITY_ENV = "COMPLIANCE_DESK_AUTHORITY_PASSPHRASE"
P12_ENV = "COMPLIANCE_DESK_P12_PASSPHRASE"


def passphrase(env: str, prompt: str, *, confirm: bool = False) -> str:
    """The passphrase in `env`, or one typed at the terminal (twice when `confirm`).

    Raises:
        UserError: not in the environment and there is no terminal to ask, or the two typings
            differ.
    """
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            _("a passphrase is needed: set {env}, or run the command in a terminal").format(env=env)
        )
    first = getpass.getpass(prompt + ": ")
    if confirm and getpass.getpass(_("The same passphrase again") + ": ") != first:
        raise UserError(_("the two passphrases differ; nothing was changed"))
    return first
