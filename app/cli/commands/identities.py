"""Commands for signing identities."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import render
from app.cli.context import report_target
from app.cli.output import out, out_line, print_json, warn
from app.cli.passphrases import AUTHORITY_ENV, IDENTITY_ENV, P12_ENV, passphrase
from app.i18n import _
from app.paths import Paths

if TYPE_CHECKING:
    pass


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
