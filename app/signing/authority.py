"""The workspace's sign-off authority, and the folder the signing identities are kept in.

A workspace has a small local "sign-off authority" (a CA) created on first use. It issues each
person a certificate (`identities.issue_identity`), so a report's signature can be checked
offline against one trust anchor. It lives in `identities/authority/` (cert.pem, key.json).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.atomic_files import write_bytes_atomically
from app.errors import UserError
from app.fields import utcnow
from app.i18n import _
from app.paths import Paths
from app.signing.certificates import KEY_FILE, key_usage, pem
from app.signing.keystore import seal_key
from app.user_files import KEY_FILE_LIMIT, read_user_file

AUTHORITY = "authority"
AUTHORITY_DAYS = 3650


def identities_folder(paths: Paths) -> Path:
    """The identities folder, made private if new.

    Raises:
        UserError: it can't be made, or something that is not a folder is in its place.
    """
    paths.ensure()
    folder = paths.identities_dir
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except FileExistsError as exc:
        raise UserError(
            _("{path} should be the folder of signing identities, but it is a file").format(
                path=folder
            )
        ) from exc
    except OSError as exc:
        raise UserError(
            _("can't create {path}: {reason}").format(path=folder, reason=exc.strerror or exc)
        ) from exc
    return folder


def unreadable_identities(folder: Path, exc: OSError) -> UserError:
    """The refusal for a folder of identities that can't be read."""
    return UserError(
        _("can't read the signing identities in {folder}: {reason}").format(
            folder=folder, reason=(exc.strerror or str(exc)).lower()
        )
    )


def authority_folder(paths: Paths) -> Path:
    """Where the workspace's sign-off authority is kept."""
    return paths.identities_dir / AUTHORITY


def authority_certificate(paths: Paths) -> x509.Certificate | None:
    """The authority's certificate, or None before the first identity was created.

    Raises:
        UserError: the certificate file is there but damaged or unreadable.
    """
    cert_file = authority_folder(paths) / "cert.pem"
    try:
        if not os.path.lexists(cert_file):
            os.stat(paths.identities_dir)  # lexists hides a folder this user may not open
            return None
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise unreadable_identities(paths.identities_dir, exc) from exc
    try:
        return x509.load_pem_x509_certificate(read_user_file(cert_file, limit=KEY_FILE_LIMIT))
    except ValueError as exc:
        raise UserError(
            _(
                "the sign-off authority's certificate {path} is damaged; restore it from a backup "
                "of the data folder"
            ).format(path=cert_file)
        ) from exc


def create_authority(paths: Paths, passphrase: bytes, organisation: str) -> bool:
    """Make the workspace's authority; False when another process made one first (it is kept)."""
    now = utcnow()
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, _("Compliance Desk sign-off authority")),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=AUTHORITY_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    # Made whole in a private folder, then renamed into place: renaming onto a folder that
    # another process made meanwhile fails, so exactly one authority wins and the loser uses it.
    folder = authority_folder(paths)
    staging = Path(tempfile.mkdtemp(prefix=".authority-", dir=paths.identities_dir))
    try:
        write_bytes_atomically(staging / KEY_FILE, seal_key(key, passphrase))
        write_bytes_atomically(staging / "cert.pem", pem(cert))
        set_aside_unfinished(folder)
        try:
            staging.rename(folder)
        except OSError:
            if authority_certificate(paths) is None:
                raise
            return False
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def set_aside_unfinished(folder: Path) -> None:
    """Move an authority folder without a certificate (an interrupted creation) out of the way.

    It is kept beside, renamed, not deleted: it may hold a key someone wants back.
    """
    if folder.exists() and not (folder / "cert.pem").exists():
        with contextlib.suppress(OSError):
            folder.rename(folder.with_name(f".{folder.name}-unfinished-{secrets.token_hex(4)}"))
