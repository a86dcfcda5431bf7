"""The words of the commands that carry an assessment between workspaces (bundles).

Each parser is bound to its function in `app.cli.commands.bundles`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _
from app.values import Side

COMMANDS = "app.cli.commands.bundles"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    bundle = sub.add_parser("bundle", help=_("carry an assessment to another workspace"))
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar=_("ACTION"))
    bundle_sub.required = True
    p = bundle_sub.add_parser(
        "export", help=_("write one assessment, whole, as a bundle file (.cdesk)")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_bundle_export"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("file", metavar=_("FILE"))
    p = bundle_sub.add_parser(
        "inspect", help=_("what a bundle holds and whether every check passes")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_bundle_inspect"))
    p.add_argument("file", metavar=_("FILE"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = bundle_sub.add_parser(
        "import", help=_("add a bundle's assessment here, or bring this copy up to date")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_bundle_import"))
    p.add_argument("file", metavar=_("FILE"))
    p.add_argument("--dry-run", action="store_true", help=_("say what would happen; write nothing"))
    p.add_argument(
        "--take",
        choices=[side.value for side in Side],
        help=_("settle every conflict of a merge: keep this copy's value (mine) or the bundle's"),
    )
    p.add_argument("--by", metavar=_("NAME"), help=_("who is merging (default: your saved name)"))
    p.add_argument(
        "--school",
        metavar=_("NAME"),
        help=_(
            "in a district workspace: the school an added assessment belongs to (default: the "
            "one you coordinate)"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
