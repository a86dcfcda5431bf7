"""Verifying a signed report offline: intact, covering the whole file, from a trusted signer.

"Intact" means more here than pyHanko's bottom line, which also passes a file whose metadata was
changed, or that had bytes appended, after the last signature. A report passes only when every
signature's digest and signature are sound, the last signature covers the entire file (nothing
was added after it), each earlier one was followed only by later signatures filling their
fields, and every signer's certificate is valid now and chains to a trusted authority.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from app.fields import utcnow
from app.i18n import _
from app.paths import Paths
from app.report.signoff_claim import SignOffClaim, signoff_claim
from app.signing.report_shape import report_shape

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignatureInfo:
    """What one signature says about itself."""

    field_name: str
    signer: str
    role: str
    claimed_time: dt.datetime | None
    cert_fingerprint: str
    not_after: dt.datetime | None
    not_before: dt.datetime | None = None


@dataclass(frozen=True)
class ReportVerdict:
    """The outcome: `ok`, or the one line saying why not; and what the report claims."""

    ok: bool
    reason: str
    signatures: tuple[SignatureInfo, ...] = ()
    assessment_id: str | None = None
    fingerprint: str | None = None
    keywords: tuple[str, ...] = field(default=(), repr=False)
    # What to type to mend it, for the command line only (the window shows `reason` alone).
    command_hint: str = field(default="", compare=False)

    @property
    def signers(self) -> tuple[tuple[str, str], ...]:
        """Each signature's field and signer's name, for comparing with the workspace."""
        return tuple((s.field_name, s.signer) for s in self.signatures)

    @property
    def signoff(self) -> SignOffClaim | None:
        """The sign-off the report says it was made for (None for older reports that don't say)."""
        return signoff_claim(self.keywords)


def _certificates(trust: Sequence[x509.Certificate]) -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)) for cert in trust
    ]


def _info(embedded: object) -> SignatureInfo:
    cert = getattr(embedded, "signer_cert", None)
    subject = cert.subject.native if cert is not None else {}
    validity = cert["tbs_certificate"]["validity"] if cert is not None else None
    not_after = validity["not_after"].native if validity is not None else None
    not_before = validity["not_before"].native if validity is not None else None
    claimed = getattr(embedded, "self_reported_timestamp", None)
    return SignatureInfo(
        field_name=str(getattr(embedded, "field_name", "?")),
        signer=str(subject.get("common_name", _("unknown signer"))),
        role=str(subject.get("title", "")),
        claimed_time=claimed,
        cert_fingerprint=cert.sha256.hex() if cert is not None else "",
        not_after=not_after,
        not_before=not_before,
    )


# A report's keywords name its assessment, fingerprint and sign-off: a few hundred characters.
MAX_KEYWORDS_CHARS = 4096


def _claims(reader: object) -> tuple[str | None, str | None, tuple[str, ...]]:
    try:
        info = reader.trailer["/Info"]  # type: ignore[attr-defined]
        value = info.get("/Keywords", "")
    except Exception:  # hostile metadata (even nested past recursion) claims nothing
        return None, None, ()
    if not isinstance(value, str):
        return None, None, ()
    raw = value[:MAX_KEYWORDS_CHARS]
    words = tuple(w.strip() for w in raw.split(",") if w.strip())
    assessment = next((w.split(":", 1)[1] for w in words if w.startswith("assessment:")), None)
    fingerprint = next((w.split(":", 1)[1] for w in words if w.startswith("fingerprint:")), None)
    return assessment, fingerprint, words


def verify_report(data: bytes, trust: Sequence[x509.Certificate]) -> ReportVerdict:
    """Check a report's signatures against the trusted certificates; never raises for a bad file."""
    try:
        return _verify(data, trust)
    except RecursionError:
        return ReportVerdict(False, _("not a PDF (or damaged beyond reading: nested too deeply)"))


def _verify(data: bytes, trust: Sequence[x509.Certificate]) -> ReportVerdict:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if data.lstrip()[:5] != b"%PDF-":
        return ReportVerdict(False, _("not a PDF"))
    problem = report_shape(data).problem
    if problem is not None:  # refused before pyHanko builds it in memory
        return ReportVerdict(False, problem)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # any parse failure means the file is not a readable PDF
        log.debug("unreadable PDF: %s", exc)
        return ReportVerdict(
            False, _("not a PDF (or damaged beyond reading: {reason})").format(reason=exc)
        )
    assessment, fingerprint, words = _claims(reader)
    if not embedded:
        return ReportVerdict(
            False,
            _("unsigned: the file carries no signature"),
            assessment_id=assessment,
            fingerprint=fingerprint,
            keywords=words,
        )
    context = ValidationContext(trust_roots=_certificates(trust), allow_fetching=False)
    now = utcnow()
    infos: list[SignatureInfo] = []
    for number, sig in enumerate(embedded, start=1):
        last = number == len(embedded)
        try:
            info = _info(sig)
        except Exception as exc:  # a signature whose certificate can't be read is damaged
            log.debug("unreadable signature: %s", exc)
            return ReportVerdict(
                False,
                _("signature damaged: the signature in field '{field}' can't be read").format(
                    field=sig.field_name
                ),
            )
        infos.append(info)

        def refused(
            reason: str, *, who: SignatureInfo = info, command_hint: str = ""
        ) -> ReportVerdict:
            return ReportVerdict(
                False, reason, tuple(infos), assessment, fingerprint, words, command_hint
            )

        try:
            status = validate_pdf_signature(sig, context)
        except Exception as exc:  # pyHanko raises on a corrupted signature blob
            log.debug("signature validation raised: %s", exc)
            return refused(
                _(
                    "signature damaged: the signature of {who} in field '{field}' can't be checked"
                ).format(who=info.signer, field=info.field_name)
            )
        if not status.intact:
            return refused(
                _("altered after signing: the signed content changed after {who} signed").format(
                    who=info.signer
                )
            )
        if not status.valid:
            return refused(
                _(
                    "signature damaged: the signature of {who} does not match the signed content"
                ).format(who=info.signer)
            )
        allowed = (
            (ModificationLevel.NONE,)
            if last
            else (
                ModificationLevel.NONE,
                ModificationLevel.LTA_UPDATES,
                ModificationLevel.FORM_FILLING,
            )
        )
        whole = (
            SignatureCoverageLevel.ENTIRE_FILE if last else SignatureCoverageLevel.ENTIRE_REVISION
        )
        if (
            status.coverage is not whole
            or status.modification_level not in allowed
            or not status.docmdp_ok
        ):
            return refused(
                _(
                    "altered after signing: the file was changed or added to after {who} signed"
                ).format(who=info.signer)
            )
        if info.not_after is not None and info.not_after < now:
            return refused(
                _("expired certificate: the certificate of {who} expired on {date}").format(
                    who=info.signer, date=info.not_after.date().isoformat()
                )
            )
        if info.not_before is not None and info.not_before > now:
            return refused(
                _(
                    "certificate not yet valid: the certificate of {who} is valid only from {date}"
                ).format(who=info.signer, date=info.not_before.date().isoformat())
            )
        if not status.trusted:
            return refused(
                _(
                    "untrusted signer: the certificate of {who} does not chain to a "
                    "trusted authority"
                ).format(who=info.signer),
                command_hint=_("give the issuer's certificate with --trust"),
            )
    return ReportVerdict(True, _("intact"), tuple(infos), assessment, fingerprint, words)


def load_trust_file(data: bytes, name: str) -> list[x509.Certificate]:
    """Certificates from a PEM (one or more) or DER file given with --trust.

    Raises:
        ValueError: no certificate in it.
    """
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def workspace_trust(paths: Paths) -> list[x509.Certificate]:
    """The certificates a workspace trusts by itself: its sign-off authority, once made.

    Raises:
        UserError: the authority's certificate is damaged, or the identities can't be read.
    """
    from app.signing.authority import authority_certificate

    authority = authority_certificate(paths)
    return [authority] if authority is not None else []
