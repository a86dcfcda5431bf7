"""Signing a report: PAdES signatures in the report's own empty fields, with a visible stamp.

The fields were made with the report, so signing only fills them; the assessor (when they sign)
signs first and the reviewer second, each an approval signature, and the second leaves the first
valid. The signing time is the signer's own claim: there is no time-stamp authority offline.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from asn1crypto import keys  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.dto import AssessmentSnapshot
from app.errors import RuleError, UserError
from app.fields import clean_text, utcnow
from app.i18n import _
from app.paths import resources_dir
from app.report.pdf import Cancelled, Progress, ReportOptions, report_pdf
from app.signing.certificates import load_key
from app.signing.identities import Identity
from app.signoff_gate import refuse_if_altered
from app.user_files import KEY_FILE_LIMIT, read_user_file

# fontTools reports, at warning level, tables it drops while subsetting the stamp font.
logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True)
class SignerSpec:
    """Who signs which field, and the passphrase that unlocks their key."""

    field_name: str
    identity: Identity
    passphrase: str


@dataclass(frozen=True)
class SignedPdf:
    """A signed report in memory: its bytes, their SHA-256, and who signed which field."""

    data: bytes
    sha256: str
    signers: tuple[tuple[str, Identity], ...]


@dataclass(frozen=True)
class SignedReport:
    """A signed report as written: where, its SHA-256, and who signed which field."""

    path: Path
    sha256: str
    signers: tuple[tuple[str, Identity], ...]


@dataclass(frozen=True)
class _ReadySigner:
    spec: SignerSpec
    signer: signers.SimpleSigner


def _asn1(cert: x509.Certificate) -> Any:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def prepare_signers(specs: Sequence[SignerSpec]) -> list[_ReadySigner]:
    """Unlock every key first, so a wrong passphrase is reported before any work is done.

    Raises:
        UserError: a passphrase is wrong.
        RuleError: a certificate has expired or is not yet valid, or a name or role is not
            text that can be shown (control or direction-changing characters).
    """
    ready = []
    now = utcnow()
    for spec in specs:
        identity = spec.identity
        # The name and role go on the stamp and into the audit trail: checked before signing,
        # so a name the trail would refuse can't leave a signed report behind.
        clean_text(identity.name, field=_("the name of identity {id}").format(id=identity.id))
        clean_text(
            identity.role,
            field=_("the role of identity {id}").format(id=identity.id),
            required=False,
        )
        what = _("{name} ({id})").format(name=identity.name, id=identity.id)
        if identity.expired(now):
            raise RuleError(
                _(
                    "the certificate of {what} is valid from {start} to {end}; it can't sign now"
                ).format(what=what, start=identity.not_before.date(), end=identity.not_after.date())
            )
        key = load_key(identity.key_file, spec.passphrase.encode("utf-8"), what)
        try:
            der = key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            cert = _asn1(
                x509.load_pem_x509_certificate(
                    read_user_file(identity.cert_file, limit=KEY_FILE_LIMIT)
                )
            )
            registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
            chain = b""
            if os.path.lexists(identity.chain_file):
                chain = read_user_file(identity.chain_file, limit=KEY_FILE_LIMIT)
            if chain:
                issuers = x509.load_pem_x509_certificates(chain)
                registry.register_multiple([_asn1(c) for c in issuers])
        except ValueError as exc:
            raise UserError(
                _("the key or certificate of {what} can't be loaded").format(what=what)
            ) from exc
        signer = signers.SimpleSigner(
            signing_cert=cert,
            signing_key=keys.PrivateKeyInfo.load(der),
            cert_registry=registry,
        )
        ready.append(_ReadySigner(spec, signer))
    return ready


@cache
def _stamp_font_bytes() -> bytes:
    return (resources_dir() / "fonts" / "DejaVuSans-Stamp.ttf").read_bytes()


def _stamp_style() -> object:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    class StampFont(GlyphAccumulatorFactory):
        # WORKAROUND: pyHanko 0.38's factory opens the font file and never closes it; the
        # same engine, fed the font from memory, leaves no file handle behind.
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(_stamp_font_bytes()),
                font_size=self.font_size,
                obj_stream=obj_stream,
            )

    # The stamp font is DejaVu rescaled to 1000 units per em (see resources/fonts): pyHanko
    # spaces glyphs as if every font had 1000, and DejaVu's 2048 came out twice too wide.
    font = resources_dir() / "fonts" / "DejaVuSans-Stamp.ttf"
    return TextStampStyle(
        stamp_text="%(signer)s\n%(role)s\n" + _("Signed %(ts)s"),
        text_box_style=TextBoxStyle(font=StampFont(str(font)), font_size=9),
        border_width=1,
        timestamp_format="%Y-%m-%d %H:%M UTC",
    )


def sign_pdf(pdf: bytes, ready: Sequence[_ReadySigner], *, reason: str) -> bytes:
    """Fill the named signature fields, one incremental update per signer, in order.

    Raises:
        UserError: the PDF has no such empty field.
    """
    style = _stamp_style()
    for entry in ready:
        meta = signers.PdfSignatureMetadata(
            field_name=entry.spec.field_name,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            reason=reason,
            name=entry.spec.identity.name,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = io.BytesIO()
        try:
            signers.PdfSigner(meta, entry.signer, stamp_style=style).sign_pdf(  # type: ignore[arg-type]
                writer,
                existing_fields_only=True,
                output=out,
                appearance_text_params={"role": entry.spec.identity.role},
            )
        except SigningError as exc:
            raise UserError(
                _("the report has no empty signature field '{field}' to sign ({reason})").format(
                    field=entry.spec.field_name, reason=exc
                )
            ) from exc
        pdf = out.getvalue()
    return pdf


def sign_report(
    snapshot: AssessmentSnapshot,
    specs: Sequence[SignerSpec],
    options: ReportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> SignedPdf:
    """Make the report of a signed-off assessment and sign it, all in memory.

    Nothing is written here: putting a signed report in a file is for
    `app.services.signed_reports`, which records it in the audit trail first.

    Raises:
        RuleError: the assessment is a draft or was altered since its sign-off, or a
            certificate can't sign now.
        UserError: a passphrase is wrong, or a signer's name can't be shown.
        ReportCancelledError: `cancelled` said so while the report was laid out.
    """
    refuse_if_altered(snapshot)
    if snapshot.signoff is None:
        raise RuleError(
            _(
                "assessment {id} is a draft; only the report of a signed-off assessment can be "
                "signed"
            ).format(id=snapshot.id)
        )
    if not specs:
        raise RuleError(_("no one to sign the report"))
    ready = prepare_signers(specs)
    signed = sign_pdf(
        report_pdf(snapshot, options, progress=progress, cancelled=cancelled),
        ready,
        reason=_("Sign-off of assessment {id}, fingerprint {fp}").format(
            id=snapshot.id, fp=snapshot.fingerprint
        ),
    )
    return SignedPdf(
        data=signed,
        sha256=hashlib.sha256(signed).hexdigest(),
        signers=tuple((spec.field_name, spec.identity) for spec in specs),
    )
