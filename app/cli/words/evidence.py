"""The words of the commands for the files kept as evidence.

Each parser is bound to its function in `app.cli.commands.evidence`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.evidence"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    evidence = sub.add_parser("evidence", help=_("files kept as evidence for items"))
    evidence_sub = evidence.add_subparsers(dest="evidence_command", metavar=_("ACTION"))
    evidence_sub.required = True
    p = evidence_sub.add_parser("add", help=_("attach a file to an item"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_evidence_add"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("item", metavar=_("ITEM"))
    p.add_argument("file", metavar=_("FILE"))
    p.add_argument("--note", default="", metavar=_("TEXT"))
    p.add_argument(
        "--applies-on",
        metavar=_("YYYY-MM-DD"),
        help=_("the date the file shows the state of things (default: today)"),
    )
    p.add_argument(
        "--valid-until",
        metavar=_("YYYY-MM-DD"),
        help=_("the last day the file counts as current (a certificate's or contract's end)"),
    )
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who attaches it (default: your saved name; see 'settings')"),
    )
    p = evidence_sub.add_parser("list", help=_("the files attached to an assessment"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_evidence_list"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = evidence_sub.add_parser("remove", help=_("detach a file (the removal is recorded)"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_evidence_remove"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("evidence_id", type=int, metavar=_("EVIDENCE"))
    p.add_argument("--reason", required=True, metavar=_("TEXT"))
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who removes it (default: your saved name; see 'settings')"),
    )
    p = evidence_sub.add_parser("save", help=_("save a copy of an attached file"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_evidence_save"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("evidence_id", type=int, metavar=_("EVIDENCE"))
    p.add_argument("file", metavar=_("FILE"))
    p.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
