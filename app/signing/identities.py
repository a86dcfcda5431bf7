"""Signing identities: keys and certificates kept in the data folder, keys encrypted.

The workspace's sign-off authority (`authority`) issues each person an EC P-256 certificate
valid for a set period, so a report's signature can be checked offline against one trust
anchor, and an expired certificate really counts as expired. A certificate from the school's
own PKI can be imported from a PKCS#12 file instead.

Layout under `identities/`: `authority/` (cert.pem, key.json) and one folder per identity, named
by its id (the first 12 hex digits of its certificate's SHA-256), holding cert.pem, key.json (the
key sealed with its owner's passphrase, see `keystore`), chain.pem (the issuers) and
identity.json (name, role, e-mail, where it came from).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.atomic_files import replacing, write_bytes_atomically
from app.errors import NotFoundError, RuleError, UserError
from app.fields import NAME_MAX, clean_text, utcnow
from app.i18n import _
from app.paths import Paths
from app.signing.authority import (
    AUTHORITY,
    authority_certificate,
    authority_folder,
    create_authority,
    identities_folder,
    unreadable_identities,
)
from app.signing.certificates import (
    KEY_FILE,
    certificate_fingerprint,
    check_passphrase,
    key_usage,
    load_key,
    pem,
    subject_name,
)
from app.signing.keystore import seal_key
from app.user_files import KEY_FILE_LIMIT, read_user_file

DEFAULT_DAYS = 365
MAX_DAYS = 3650
# Shorter RSA keys are breakable and refused by current PDF validators.
MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class Identity:
    """A person who can sign reports."""

    id: str
    name: str
    role: str
    email: str
    source: str  # "local" (issued by the workspace's authority) or "imported"
    fingerprint: str  # SHA-256 of the certificate, hex
    not_before: dt.datetime
    not_after: dt.datetime
    folder: Path

    @property
    def cert_file(self) -> Path:
        """The certificate (PEM)."""
        return self.folder / "cert.pem"

    @property
    def key_file(self) -> Path:
        """The private key, sealed with the owner's passphrase."""
        return self.folder / KEY_FILE

    @property
    def chain_file(self) -> Path:
        """The issuers' certificates (PEM, possibly empty)."""
        return self.folder / "chain.pem"

    def expired(self, at: dt.datetime) -> bool:
        """Whether the certificate is outside its validity at `at`."""
        return not self.not_before <= at <= self.not_after


# Identities


def _write_identity(
    paths: Paths,
    cert: x509.Certificate,
    key: PrivateKeyTypes,
    chain: list[x509.Certificate],
    passphrase: bytes,
    meta: dict[str, str],
) -> Identity:
    identity_id = certificate_fingerprint(cert)[:12]
    folder = paths.identities_dir / identity_id
    if folder.exists():
        raise RuleError(_("identity {id} already exists").format(id=identity_id))
    staging = paths.identities_dir / f".{identity_id}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700, parents=True)
    try:
        write_bytes_atomically(staging / KEY_FILE, seal_key(key, passphrase))
        write_bytes_atomically(staging / "cert.pem", pem(cert))
        write_bytes_atomically(staging / "chain.pem", b"".join(pem(c) for c in chain))
        write_bytes_atomically(
            staging / "identity.json",
            (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        )
        _read_identity(staging)  # what is written reads back, before it appears
        staging.rename(folder)  # the identity appears whole or not at all
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return _read_identity(folder)


@dataclass(frozen=True)
class NewIdentity:
    """An identity just made, and whether making it also made the workspace's authority."""

    identity: Identity
    made_authority: bool


def create_identity(
    paths: Paths,
    *,
    name: str,
    role: str,
    email: str = "",
    passphrase: str,
    authority_passphrase: str,
    organisation: str = "",
    days: int = DEFAULT_DAYS,
    not_before: dt.datetime | None = None,
) -> Identity:
    """Make a key pair and a certificate issued by the workspace's authority (`issue_identity`)."""
    return issue_identity(
        paths,
        name=name,
        role=role,
        email=email,
        passphrase=passphrase,
        authority_passphrase=authority_passphrase,
        organisation=organisation,
        days=days,
        not_before=not_before,
    ).identity


def issue_identity(
    paths: Paths,
    *,
    name: str,
    role: str,
    email: str = "",
    passphrase: str,
    authority_passphrase: str,
    organisation: str = "",
    days: int = DEFAULT_DAYS,
    not_before: dt.datetime | None = None,
) -> NewIdentity:
    """Make a key pair and a certificate issued by the workspace's authority.

    The authority is created on first use, protected by `authority_passphrase`; later it must be
    unlocked with the same passphrase to issue more certificates. When two first identities are
    made at once, one makes the authority and the other uses it: only the first says it made it
    (`made_authority`), so a person is never told a passphrase they chose protects it when
    another one does.

    Raises:
        RuleError: a field or passphrase is not acceptable, or the period is out of range.
        UserError: the authority's passphrase is wrong.
    """
    name = clean_text(name, field=_("name"), max_length=NAME_MAX)
    role = clean_text(role, field=_("role"), max_length=NAME_MAX)
    email = clean_text(email, field=_("e-mail"), max_length=NAME_MAX, required=False)
    if email and ("@" not in email or " " in email):
        raise RuleError(_("'{email}' is not an e-mail address").format(email=email))
    if not 1 <= days <= MAX_DAYS:
        raise RuleError(_("a certificate is valid for 1 to {n} days").format(n=MAX_DAYS))
    secret = check_passphrase(passphrase)
    authority_secret = authority_passphrase.encode("utf-8")
    identities_folder(paths)
    made_authority = lost_race = False
    if authority_certificate(paths) is None:
        check_passphrase(authority_passphrase)
        made_authority = create_authority(
            paths, authority_secret, organisation or _("Compliance Desk workspace")
        )
        lost_race = not made_authority
    issuer_cert = authority_certificate(paths)
    assert issuer_cert is not None
    try:
        issuer_key = load_key(
            authority_folder(paths) / KEY_FILE, authority_secret, _("the sign-off authority")
        )
    except UserError as exc:
        if not lost_race:
            raise
        raise UserError(
            _(
                "another identity create made this workspace's sign-off authority at the same "
                "time, with another passphrase; nothing was made: run again with that "
                "authority's passphrase"
            )
        ) from exc
    if not isinstance(issuer_key, ec.EllipticCurvePrivateKey):
        raise UserError(_("the sign-off authority's key is not an EC key"))
    start = not_before or utcnow() - dt.timedelta(minutes=5)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject_name(name, role, email or None))
        .issuer_name(issuer_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage(signing=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    meta = {
        "name": name,
        "role": role,
        "email": email,
        "source": "local",
        "created_at": utcnow().isoformat(timespec="seconds"),
    }
    return NewIdentity(
        _write_identity(paths, cert, key, [issuer_cert], secret, meta), made_authority
    )


def import_identity(
    paths: Paths,
    p12_file: Path,
    *,
    file_passphrase: str,
    role: str | None = None,
    passphrase: str,
) -> Identity:
    """Import a key and certificate from a PKCS#12 (.p12, .pfx) file of the school's own PKI.

    The key is stored encrypted with `passphrase` (which may be the file's own). The role printed
    in the stamp is `role`, else the certificate's title: a stamp without a role says too little.

    Raises:
        UserError: the file can't be read, its passphrase is wrong, it holds no key, or no role
            is given and the certificate names none.
    """
    if role is not None:
        role = clean_text(role, field=_("role"), max_length=NAME_MAX)
    secret = check_passphrase(passphrase)
    data = read_user_file(p12_file, limit=KEY_FILE_LIMIT)
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, file_passphrase.encode("utf-8"))
    except ValueError as exc:
        raise UserError(
            _("{path}: wrong passphrase, or not a PKCS#12 file").format(path=p12_file)
        ) from exc
    if key is None or cert is None:
        raise UserError(_("{path}: the file holds no key and certificate").format(path=p12_file))
    problem = _unsupported_key(key)
    if problem:
        raise UserError(
            _(
                "{path}: {problem} can't sign PDF reports here (use an EC or 2048-bit RSA key)"
            ).format(path=p12_file, problem=problem)
        )
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    emails = cert.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)
    if role is None:
        titles = cert.subject.get_attributes_for_oid(NameOID.TITLE)
        if not titles or not str(titles[0].value).strip():
            raise UserError(
                _("{path}: the certificate names no role").format(path=p12_file),
                command_hint=_("give one with --role"),
                window_hint=_("give one"),
            )
        role = clean_text(str(titles[0].value), field=_("role"), max_length=NAME_MAX)
    meta = {
        "name": clean_text(
            str(names[0].value) if names else p12_file.stem,
            field=_("the certificate's name"),
            max_length=NAME_MAX,
        ),
        "role": role,
        "email": str(emails[0].value) if emails else "",
        "source": "imported",
        "created_at": utcnow().isoformat(timespec="seconds"),
    }
    identities_folder(paths)
    return _write_identity(paths, cert, key, list(extra or []), secret, meta)


def _unsupported_key(key: PrivateKeyTypes) -> str:
    """What is wrong with a key for PAdES signing here, in words; "" when it can sign."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return ""
    if isinstance(key, rsa.RSAPrivateKey):
        bits = key.key_size
        return "" if bits >= MIN_RSA_BITS else _("a {bits}-bit RSA key").format(bits=bits)
    kinds = {
        ed25519.Ed25519PrivateKey: "Ed25519",
        ed448.Ed448PrivateKey: "Ed448",
        dsa.DSAPrivateKey: "DSA",
    }
    kind = next((name for cls, name in kinds.items() if isinstance(key, cls)), type(key).__name__)
    return _("a key of type {kind}").format(kind=kind)


def load_identity(paths: Paths, identity_id: str) -> Identity:
    """The identity with this id (or a unique start of it).

    Raises:
        NotFoundError: no such identity.
    """
    wanted = identity_id.strip()
    candidates = [i for i in list_identities(paths) if i.id.startswith(wanted)] if wanted else []
    exact = [i for i in candidates if i.id == wanted]
    if exact:
        return exact[0]
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        raise UserError(
            _("'{id}' is the start of several identity ids; give more of it").format(id=identity_id)
        )
    raise NotFoundError(
        _("no signing identity '{id}'").format(id=identity_id),
        command_hint=_("list them with: compliance-desk identity list"),
    )


def _read_identity(folder: Path) -> Identity:
    """One identity folder's certificate and facts.

    Raises:
        OSError, ValueError: unreadable or damaged (callers skip or refuse it).
    """
    cert = x509.load_pem_x509_certificate(read_user_file(folder / "cert.pem", limit=KEY_FILE_LIMIT))
    try:
        meta = json.loads(read_user_file(folder / "identity.json", limit=KEY_FILE_LIMIT))
    except RecursionError as exc:  # nested deeper than any identity.json the app writes
        raise ValueError("identity.json is nested too deeply") from exc
    if not isinstance(meta, dict):
        raise ValueError("identity.json is not an object")

    def text(key: str, default: str = "") -> str:
        value = meta.get(key, default)
        if not isinstance(value, str):
            raise ValueError(f"identity.json: {key} is not text")
        return value

    return Identity(
        id=folder.name,
        name=text("name"),
        role=text("role"),
        email=text("email"),
        source=text("source", "local"),
        fingerprint=certificate_fingerprint(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        folder=folder,
    )


def list_identities(paths: Paths, problems: list[str] | None = None) -> list[Identity]:
    """Every identity in the data folder, by name (unreadable folders are skipped).

    A folder that should hold an identity but can't be read is skipped, and said in
    `problems` when given (a list to append to), so it doesn't vanish without a word.

    Raises:
        UserError: the folder of identities can't be read (another user's, say).
    """
    folder = paths.identities_dir
    try:
        if not folder.is_dir():
            return []
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise unreadable_identities(folder, exc) from exc
    found = []
    for entry in entries:
        try:
            if not entry.is_dir() or entry.name == AUTHORITY or entry.name.startswith("."):
                continue
            found.append(_read_identity(entry))
        except (OSError, ValueError, UserError) as exc:
            if problems is not None:
                problems.append(
                    _("the identity in {folder} can't be read ({reason}); it is left out").format(
                        folder=entry, reason=exc
                    )
                )
            continue
    return sorted(found, key=lambda i: (i.name.casefold(), i.id))


def certificate_pem(identity: Identity, *, with_chain: bool = True) -> bytes:
    """The identity's certificate, and its issuers, as PEM: what a verifier needs.

    Raises:
        UserError: a file is not a regular file of at most `KEY_FILE_LIMIT`, or unreadable.
    """
    data = read_user_file(identity.cert_file, limit=KEY_FILE_LIMIT)
    if with_chain and os.path.lexists(identity.chain_file):
        data += read_user_file(identity.chain_file, limit=KEY_FILE_LIMIT)
    return data


def export_certificate(identity: Identity, target: Path, *, staging: Path | None = None) -> None:
    """Write the certificate and its issuers to `target`, readable as any file the user makes.

    `staging` (the data folder's staging area) lets a later run remove the temporary file if
    this process is killed mid-way.

    Raises:
        UserError: the file can't be written.
    """
    with replacing(target, shareable=True, staging=staging) as tmp:
        tmp.write_bytes(certificate_pem(identity))
