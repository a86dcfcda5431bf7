"""The words of the commands that write and check reports.

Each parser is bound to its function in `app.cli.commands.reports`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.reports"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser(
        "export",
        help=_("write the assessment's PDF report, or a working copy (Excel, CSV, Word)"),
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_export"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--pdf", metavar=_("FILE"), help=_("where to write the report"))
    where.add_argument(
        "--xlsx", metavar=_("FILE"), help=_("write an Excel working copy (not the signed record)")
    )
    where.add_argument(
        "--csv",
        metavar=_("FILE"),
        help=_("write the answers as CSV to FILE and the actions beside it (FILE-actions.csv)"),
    )
    where.add_argument(
        "--docx", metavar=_("FILE"), help=_("write a Word working copy (not the signed record)")
    )
    p.add_argument(
        "--paper",
        choices=["A4", "Letter"],
        help=_(
            "paper size of the PDF or Word file (default: your preference, A4); "
            "refused with --xlsx and --csv"
        ),
    )
    p.add_argument(
        "--sign", action="store_true", help=_("sign the report (signed-off assessments only)")
    )
    p.add_argument(
        "--identity",
        metavar=_("ID"),
        help=_("the reviewer's signing identity (default: the only one)"),
    )
    p.add_argument(
        "--assessor-identity", metavar=_("ID"), help=_("the assessor signs too, with this identity")
    )
    p = sub.add_parser("verify", help=_("check a signed report"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_verify"))
    p.add_argument("file", metavar=_("FILE"))
    p.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar=_("CERT.pem"),
        help=_("also trust this certificate (repeat for more)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
