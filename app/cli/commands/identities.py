"""Commands for signing identities."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import render
from app.cli.context import report_target
from app.cli.output import out, out_line, print_json, warn
from app.cli.passphrases import AUTHORITY_ENV, IDENTITY_ENV, P12_ENV, passphrase
from app.cli.registry import Subparsers
from app.i18n import _
from app.paths import Paths

if TYPE_CHECKING:
    pass


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    identity = sub.add_parser("identity", help=_("signing identities"))
    identity_sub = identity.add_subparsers(dest="identity_command", metavar=_("ACTION"))
    identity_sub.required = True
    p = identity_sub.add_parser("create", help=_("make a key and a certificate"))
    p.set_defaults(run=cmd_identity_create)
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
    p.set_defaults(run=cmd_identity_import)
    p.add_argument("file", metavar=_("FILE.p12"))
    p.add_argument(
        "--role",
        metavar=_("ROLE"),
        help=_("the role on the stamp (default: the certificate's title)"),
    )
    p = identity_sub.add_parser("list", help=_("list signing identities"))
    p.set_defaults(run=cmd_identity_list)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = identity_sub.add_parser("export-cert", help=_("write a certificate for verifiers"))
    p.set_defaults(run=cmd_identity_export_cert)
    p.add_argument("identity_id", metavar=_("ID"))
    p.add_argument("file", metavar=_("FILE.pem"))


def cmd_identity_create(args: argparse.Namespace, paths: Paths) -> int:
    """Make a key pair and a certificate from the workspace's authority."""
    from app.signing.authority import authority_certificate
    from app.signing.identities import issue_identity

    first = authority_certificate(paths) is None
    authority_prompt = (
        _("Choose a passphrase for this workspace's sign-off authority")
        if first
        else _("Passphrase of this workspace's sign-off authority")
    )
    authority_secret = passphrase(AUTHORITY_ENV, authority_prompt, confirm=first)
    secret = passphrase(
        IDENTITY_ENV, _("Choose a passphrase for {name}").format(name=args.name), confirm=True
    )
    issued = issue_identity(
        paths,
        name=args.name,
        role=args.role,
        email=args.email,
        passphrase=secret,
        authority_passphrase=authority_secret,
        days=args.days,
    )
    made = issued.identity
    if issued.made_authority:
        out_line(_("created this workspace's sign-off authority"))
    elif first:
        out_line(
            _(
                "used this workspace's sign-off authority, which another identity create made "
                "at the same time"
            )
        )
    out_line(
        _("identity {id}: {name} ({role}), valid until {until}, certificate SHA-256 {fp}").format(
            id=made.id,
            name=made.name,
            role=made.role,
            until=made.not_after.date().isoformat(),
            fp=made.fingerprint,
        )
    )
    return 0


def cmd_identity_import(args: argparse.Namespace, paths: Paths) -> int:
    """Import a key and certificate from a PKCS#12 file."""
    from app.signing.identities import import_identity

    file_secret = passphrase(P12_ENV, _("Passphrase of {file}").format(file=args.file))
    secret = passphrase(IDENTITY_ENV, _("Choose a passphrase to keep the key with"), confirm=True)
    made = import_identity(
        paths, Path(args.file), file_passphrase=file_secret, role=args.role, passphrase=secret
    )
    out_line(
        _("identity {id}: {name} ({role}), valid until {until}, certificate SHA-256 {fp}").format(
            id=made.id,
            name=made.name,
            role=made.role,
            until=made.not_after.date().isoformat(),
            fp=made.fingerprint,
        )
    )
    return 0


def cmd_identity_list(args: argparse.Namespace, paths: Paths) -> int:
    """List signing identities."""
    from app.signing.identities import list_identities

    problems: list[str] = []
    found = list_identities(paths, problems)
    for problem in problems:
        warn(problem)
    if args.json:
        print_json([render.identity_json(i) for i in found])
    else:
        out(render.identities_text(found))
    return 0


def cmd_identity_export_cert(args: argparse.Namespace, paths: Paths) -> int:
    """Write an identity's certificate and its issuers, for whoever must verify."""
    from app.signing.identities import export_certificate, load_identity

    identity = load_identity(paths, args.identity_id)
    target = report_target(args.file, suffix=".pem")
    export_certificate(identity, target, staging=paths.staging_dir)
    out_line(
        _("wrote the certificate of {name} and its issuer to {path}").format(
            name=identity.name, path=target
        )
    )
    return 0
