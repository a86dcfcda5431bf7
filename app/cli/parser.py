"""The command line's words: every command and option of `compliance-desk`."""

from __future__ import annotations

import argparse

from app import __version__
from app.i18n import _
from app.values import AnswerValue, parse_choice


def scope_pair(text: str) -> tuple[str, str]:
    """Read `QUESTION=OPTION` for `--scope`."""
    question, sep, option = text.partition("=")
    if not sep or not question.strip() or not option.strip():
        raise argparse.ArgumentTypeError(
            _("'{text}' is not QUESTION=OPTION (e.g. platform=zoom)").format(text=text)
        )
    return question.strip(), option.strip()


def answer_value(text: str) -> AnswerValue:
    """Read an answer value; `n/a` is accepted for `na`."""
    value = parse_choice(AnswerValue, "na" if text.strip().lower() == "n/a" else text)
    if value is None:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not an answer; use one of {choices}").format(
                text=text, choices=", ".join(v.value for v in AnswerValue)
            )
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; a missing command means "start the GUI"."""
    parser = argparse.ArgumentParser(
        prog="compliance-desk",
        description=_(
            "Compliance checklists for video conferencing, kept in a local workspace. "
            "Without a command, the desktop app starts."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("data folder to use (default: $COMPLIANCE_DESK_DATA, else the per-user folder)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", help=_("start the desktop app (the default)"))

    p = sub.add_parser("checklists", help=_("list the checklists available"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    checklist = sub.add_parser("checklist", help=_("validate or import checklist files"))
    checklist_sub = checklist.add_subparsers(dest="checklist_command", metavar="ACTION")
    checklist_sub.required = True
    p = checklist_sub.add_parser("validate", help=_("check files against the format; no changes"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p = checklist_sub.add_parser("import", help=_("validate a file, then add it to your library"))
    p.add_argument("file", metavar="FILE")

    p = sub.add_parser("new", help=_("create an assessment and print its id"))
    p.add_argument("--checklist", required=True, metavar="ID", help=_("checklist id or id@version"))
    p.add_argument("--org", required=True, metavar="NAME", help=_("organisation assessed"))
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument("--assessor", default="", metavar="NAME")
    p.add_argument(
        "--scope",
        action="append",
        type=scope_pair,
        default=[],
        metavar="QUESTION=OPTION",
        help=_("answer to a scope question; repeat for each question"),
    )
    p.add_argument(
        "--by",
        metavar="NAME",
        help=_("who is doing this (default: your saved name; see 'settings')"),
    )
    p.add_argument("--json", action="store_true", help=_("print the new assessment as JSON"))

    p = sub.add_parser("list", help=_("list assessments"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = sub.add_parser("answer", help=_("answer an item (or clear it with 'unanswered')"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("item", metavar="ITEM")
    p.add_argument(
        "value", type=answer_value, metavar="VALUE", help="yes | partial | no | na | unanswered"
    )
    p.add_argument(
        "--note",
        metavar="TEXT",
        help=_("note (n/a needs one saying why before sign-off); '' clears it"),
    )
    risk = p.add_mutually_exclusive_group()
    risk.add_argument(
        "--accept-risk",
        dest="risk_accepted",
        action="store_const",
        const=True,
        help=_("accept the risk of a 'no' or 'partial' answer (the note says why)"),
    )
    risk.add_argument(
        "--withdraw-risk",
        dest="risk_accepted",
        action="store_const",
        const=False,
        help=_("withdraw an accepted risk"),
    )
    p.add_argument(
        "--by", metavar="NAME", help=_("who answers (default: your saved name; see 'settings')")
    )

    action = sub.add_parser("action", help=_("remediation actions"))
    action_sub = action.add_subparsers(dest="action_command", metavar="ACTION")
    action_sub.required = True
    p = action_sub.add_parser("add", help=_("plan an action for an item"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument("--owner", required=True, metavar="NAME")
    p.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    p.add_argument(
        "--by", metavar="NAME", help=_("who plans it (default: your saved name; see 'settings')")
    )
    p = action_sub.add_parser(
        "update",
        help=_("change an action; after sign-off only its status and progress note"),
    )
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("action_id", type=int, metavar="ACTION")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--owner", metavar="NAME")
    p.add_argument("--due", metavar="YYYY-MM-DD")
    p.add_argument(
        "--status",
        metavar="STATUS",
        help=_("open | in_progress | done | cancelled (also after sign-off)"),
    )
    p.add_argument(
        "--progress-note",
        metavar="TEXT",
        help=_("how the work is going (also after sign-off); '' clears it"),
    )
    p.add_argument(
        "--by", metavar="NAME", help=_("who changes it (default: your saved name; see 'settings')")
    )

    evidence = sub.add_parser("evidence", help=_("files kept as evidence for items"))
    evidence_sub = evidence.add_subparsers(dest="evidence_command", metavar="ACTION")
    evidence_sub.required = True
    p = evidence_sub.add_parser("add", help=_("attach a file to an item"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("item", metavar="ITEM")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument(
        "--by", metavar="NAME", help=_("who attaches it (default: your saved name; see 'settings')")
    )
    p = evidence_sub.add_parser("list", help=_("the files attached to an assessment"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = evidence_sub.add_parser("remove", help=_("detach a file (the removal is recorded)"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("evidence_id", type=int, metavar="EVIDENCE")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument(
        "--by", metavar="NAME", help=_("who removes it (default: your saved name; see 'settings')")
    )
    p = evidence_sub.add_parser("save", help=_("save a copy of an attached file"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("evidence_id", type=int, metavar="EVIDENCE")
    p.add_argument("file", metavar="FILE")

    p = sub.add_parser("signoff", help=_("sign an assessment off and lock it"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("--name", metavar="NAME", help=_("the reviewer's name"))
    p.add_argument(
        "--role", metavar="ROLE", help=_("the reviewer's role, e.g. Data protection officer")
    )
    p.add_argument("--statement", metavar="TEXT", help=_("attestation (default: the standard one)"))
    p.add_argument(
        "--self-review",
        action="store_true",
        help=_("confirm that the reviewer is the assessment's own assessor"),
    )
    p.add_argument("--check", action="store_true", help=_("only list what blocks sign-off"))

    p = sub.add_parser("reopen", help=_("make a signed-off assessment a draft again"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument(
        "--by", metavar="NAME", help=_("who reopens it (default: your saved name; see 'settings')")
    )

    p = sub.add_parser("export", help=_("write the assessment's PDF report"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("--pdf", required=True, metavar="FILE", help=_("where to write the report"))
    p.add_argument(
        "--paper", choices=["A4", "Letter"], help=_("paper size (default: your preference, A4)")
    )
    p.add_argument(
        "--sign", action="store_true", help=_("sign the report (signed-off assessments only)")
    )
    p.add_argument(
        "--identity",
        metavar="ID",
        help=_("the reviewer's signing identity (default: the only one)"),
    )
    p.add_argument(
        "--assessor-identity", metavar="ID", help=_("the assessor signs too, with this identity")
    )

    p = sub.add_parser("verify", help=_("check a signed report"))
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CERT.pem",
        help=_("also trust this certificate (repeat for more)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    identity = sub.add_parser("identity", help=_("signing identities"))
    identity_sub = identity.add_subparsers(dest="identity_command", metavar="ACTION")
    identity_sub.required = True
    p = identity_sub.add_parser("create", help=_("make a key and a certificate"))
    p.add_argument("--name", required=True, metavar="NAME")
    p.add_argument("--role", required=True, metavar="ROLE")
    p.add_argument("--email", default="", metavar="EMAIL")
    p.add_argument(
        "--days",
        type=int,
        default=365,
        metavar="N",
        help=_("how long the certificate is valid (default 365)"),
    )
    p = identity_sub.add_parser("import", help=_("import a key and certificate from a .p12 file"))
    p.add_argument("file", metavar="FILE.p12")
    p.add_argument(
        "--role", metavar="ROLE", help=_("the role on the stamp (default: the certificate's title)")
    )
    p = identity_sub.add_parser("list", help=_("list signing identities"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = identity_sub.add_parser("export-cert", help=_("write a certificate for verifiers"))
    p.add_argument("identity_id", metavar="ID")
    p.add_argument("file", metavar="FILE.pem")

    p = sub.add_parser(
        "settings", help=_("show your settings; --name saves the name recorded with your changes")
    )
    p.add_argument(
        "--name",
        metavar="NAME",
        help=_("your name, recorded with every change you make ('' clears it)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = sub.add_parser("show", help=_("progress, score, answers, actions, sign-off"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = sub.add_parser("history", help=_("the audit trail"))
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("--verify", action="store_true", help=_("check the trail's hash chain"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    return parser
