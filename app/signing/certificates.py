"""Certificates and keys as the signing identities use them: names, key usage, sealed keys.

Shared by the sign-off authority (`authority`) and the identities it issues (`identities`), so
both make and read certificates and keys the same way.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID

from app.errors import RuleError, UserError
from app.i18n import _
from app.signing.keystore import DamagedKeyFileError, KeyCostError, SealedKeyError, unseal_key
from app.user_files import KEY_FILE_LIMIT, read_user_file

MIN_PASSPHRASE = 8
KEY_FILE = "key.json"


def certificate_fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of a certificate's DER encoding, hex: what people compare by eye."""
    return cert.fingerprint(hashes.SHA256()).hex()


def check_passphrase(passphrase: str) -> bytes:
    """A new passphrase, checked.

    Raises:
        RuleError: shorter than 8 characters.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise RuleError(
            _("the passphrase must be at least {n} characters").format(n=MIN_PASSPHRASE)
        )
    return passphrase.encode("utf-8")


def subject_name(common_name: str, title: str | None = None, email: str | None = None) -> x509.Name:
    """A certificate subject: the person's name, and their role and e-mail where given."""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(attributes)


def key_usage(*, signing: bool) -> x509.KeyUsage:
    """What a certificate's key may do: sign reports (a person) or certificates (the authority)."""
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def pem(cert: x509.Certificate) -> bytes:
    """A certificate as PEM, the form kept in the data folder."""
    return cert.public_bytes(serialization.Encoding.PEM)


def load_key(key_file: Path, passphrase: bytes, what: str) -> PrivateKeyTypes:
    """Decrypt a private key.

    Raises:
        UserError: the passphrase is wrong, the file is missing or damaged, or it asks for
            scrypt costs that are refused (said as such: no passphrase would help).
    """
    try:
        data = read_user_file(key_file, limit=KEY_FILE_LIMIT)
    except UserError as exc:
        raise UserError(
            _("can't read the key of {what}: {reason}").format(what=what, reason=exc)
        ) from exc
    try:
        return unseal_key(data, passphrase)
    except KeyCostError as exc:
        if exc.above_limit:
            reason = _(
                "the key file of {what} asks for scrypt costs above the limit (n={n}, r={r}, "
                "p={p}): it was changed or not made here; restore it from a backup of the data "
                "folder"
            )
        else:
            reason = _(
                "the key file of {what} is damaged: its scrypt costs are not valid (n={n}, "
                "r={r}, p={p}); restore it from a backup of the data folder"
            )
        raise UserError(reason.format(what=what, n=exc.n, r=exc.r, p=exc.p)) from exc
    except DamagedKeyFileError as exc:
        raise UserError(
            _(
                "the key file of {what} is damaged (not a sealed key: {reason}); restore it from "
                "a backup of the data folder"
            ).format(what=what, reason=exc)
        ) from exc
    except SealedKeyError as exc:
        raise UserError(_("wrong passphrase for {what}").format(what=what)) from exc
