"""The words of the commands for signing identities.

Each parser is bound to its function in `app.cli.commands.identities`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.identities"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    identity = sub.add_parser("identity", help=_("signing identities"))
    identity_sub = identity.add_subparsers(dest="identity_command", metavar=_("ACTION"))
    identity_sub.required = True
    p = identity_sub.add_parser("create", help=_("make a key and a certificate"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_identity_create"))
    p.add_argument("--name", required=True, metavar=_("NAME"))
    p.add_argument("--role", required=True, metavar=_("ROLE"))
    p.add_argument("--email", default="", metavar=_("EMAIL"))
    p.add_argument(
        "--days",
        type=int,
        default=365,
        metavar=_("N"),
        help=_("how long the certificate is valid (default 365)"),
    )
    p = identity_sub.add_parser("import", help=_("import a key and certificate from a .p12 file"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_identity_import"))
    p.add_argument("file", metavar=_("FILE.p12"))
    p.add_argument(
        "--role",
        metavar=_("ROLE"),
        help=_("the role on the stamp (default: the certificate's title)"),
    )
    p = identity_sub.add_parser("list", help=_("list signing identities"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_identity_list"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = identity_sub.add_parser("export-cert", help=_("write a certificate for verifiers"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_identity_export_cert"))
    p.add_argument("identity_id", metavar=_("ID"))
    p.add_argument("file", metavar=_("FILE.pem"))
