"""Signed reports: identities, signing, and verification against every kind of tampering."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

import app.signing.sign as sign_module
from app.errors import NotFoundError, RuleError, UserError
from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD, render_report
from app.signing.identities import (
    authority_certificate,
    certificate_pem,
    create_identity,
    import_identity,
    list_identities,
    load_identity,
)
from app.signing.keystore import SealedKeyError, unseal_key
from app.signing.sign import SignerSpec, export_signed_report
from app.signing.verify import verify_report
from tests.conftest import write_p12

AUTHORITY = "authority-secret"


@pytest.fixture
def signed_off(make_signed_off):
    return make_signed_off("Zoë Łukasiewicz-Öztürk")


@pytest.fixture
def people(paths):
    reviewer = create_identity(
        paths,
        name="Zoë Łukasiewicz-Öztürk",
        role="Data protection officer",
        passphrase="reviewer-pass",
        authority_passphrase=AUTHORITY,
    )
    assessor = create_identity(
        paths,
        name="Łukasz Nowak",
        role="IT coordinator",
        passphrase="assessor-pass",
        authority_passphrase=AUTHORITY,
    )
    return reviewer, assessor


@pytest.fixture
def signed_pdf(paths, signed_off, people, tmp_path: Path) -> Path:
    reviewer, _assessor = people
    out = tmp_path / "signed.pdf"
    export_signed_report(signed_off, out, [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")])
    return out


def trusted(paths):
    return [authority_certificate(paths)]


# Identities


def test_identities_are_kept_encrypted_with_a_certificate_from_the_authority(paths, people) -> None:
    reviewer, assessor = people
    assert [i.name for i in list_identities(paths)] == ["Zoë Łukasiewicz-Öztürk", "Łukasz Nowak"]
    sealed = reviewer.key_file.read_bytes()
    assert b"PRIVATE KEY" not in sealed and json.loads(sealed)["kdf"]["name"] == "scrypt"
    with pytest.raises(SealedKeyError):
        unseal_key(sealed, b"reviewer-pas")
    key = unseal_key(sealed, b"reviewer-pass")
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    cert = x509.load_pem_x509_certificate(reviewer.cert_file.read_bytes())
    authority = authority_certificate(paths)
    assert authority is not None and cert.issuer == authority.subject
    cert.verify_directly_issued_by(authority)
    assert cert.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Data protection officer"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 365
    assert load_identity(paths, reviewer.id[:6]) == reviewer
    pem = certificate_pem(reviewer)
    assert pem.count(b"BEGIN CERTIFICATE") == 2  # the certificate and its issuer


def test_identity_rules(paths, people) -> None:
    with pytest.raises(RuleError, match="at least 8 characters"):
        create_identity(
            paths, name="A", role="B", passphrase="short", authority_passphrase=AUTHORITY
        )
    with pytest.raises(UserError, match="wrong passphrase for the sign-off authority"):
        create_identity(
            paths, name="A", role="B", passphrase="long-enough", authority_passphrase="nope-nope"
        )
    with pytest.raises(RuleError, match="1 to 3650 days"):
        create_identity(
            paths,
            name="A",
            role="B",
            passphrase="long-enough",
            authority_passphrase=AUTHORITY,
            days=0,
        )
    with pytest.raises(RuleError, match="not an e-mail address"):
        create_identity(
            paths,
            name="A",
            role="B",
            email="nobody",
            passphrase="long-enough",
            authority_passphrase=AUTHORITY,
        )
    with pytest.raises(NotFoundError, match="no signing identity 'zzz'"):
        load_identity(paths, "zzz")
    assert len(list_identities(paths)) == 2  # nothing half-made was left behind


def test_import_from_pkcs12(paths, tmp_path) -> None:
    p12 = tmp_path / "school.p12"
    write_p12(p12, "Αθηνά Παπαδοπούλου")
    with pytest.raises(UserError, match="wrong passphrase, or not a PKCS#12 file"):
        import_identity(
            paths, p12, file_passphrase="nope", role="Head", passphrase="kept-with-this"
        )
    made = import_identity(
        paths, p12, file_passphrase="p12-pass", role="Head", passphrase="kept-with-this"
    )
    assert (made.name, made.role, made.source) == ("Αθηνά Παπαδοπούλου", "Head", "imported")
    with pytest.raises(UserError, match="the certificate names no role; give one with --role"):
        import_identity(paths, p12, file_passphrase="p12-pass", passphrase="kept-with-this")


def test_import_takes_the_role_from_the_certificate_title(paths, tmp_path) -> None:
    p12 = tmp_path / "dana.p12"
    write_p12(p12, "Dana Okafor", title="Data protection officer")
    made = import_identity(paths, p12, file_passphrase="p12-pass", passphrase="kept-with-this")
    assert (made.name, made.role) == ("Dana Okafor", "Data protection officer")


# Signing


def test_sign_and_verify(paths, signed_off, signed_pdf) -> None:
    verdict = verify_report(signed_pdf.read_bytes(), trusted(paths))
    assert verdict.ok, verdict.reason
    (signature,) = verdict.signatures
    assert (signature.field_name, signature.signer, signature.role) == (
        REVIEWER_FIELD,
        "Zoë Łukasiewicz-Öztürk",
        "Data protection officer",
    )
    assert verdict.assessment_id == signed_off.id and verdict.fingerprint == signed_off.fingerprint
    stamp = " ".join(p.extract_text() for p in PdfReader(signed_pdf).pages)
    assert "Zoë Łukasiewicz-Öztürk" in stamp


def test_two_signatures_assessor_then_reviewer_both_verify(
    paths, signed_off, people, tmp_path
) -> None:
    reviewer, assessor = people
    out = tmp_path / "two.pdf"
    result = export_signed_report(
        signed_off,
        out,
        [
            SignerSpec(ASSESSOR_FIELD, assessor, "assessor-pass"),
            SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass"),
        ],
    )
    verdict = verify_report(out.read_bytes(), trusted(paths))
    assert verdict.ok, verdict.reason
    assert [(s.field_name, s.signer) for s in verdict.signatures] == [
        (ASSESSOR_FIELD, "Łukasz Nowak"),
        (REVIEWER_FIELD, "Zoë Łukasiewicz-Öztürk"),
    ]
    import hashlib

    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


def test_a_draft_cannot_be_signed(workspace, make_assessment, people, tmp_path) -> None:
    reviewer, _assessor = people
    draft = make_assessment()
    with pytest.raises(RuleError, match="is a draft"):
        export_signed_report(
            draft, tmp_path / "d.pdf", [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")]
        )
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_wrong_passphrase_is_refused_before_anything_is_written(
    signed_off, people, tmp_path
) -> None:
    reviewer, _assessor = people
    target = tmp_path / "r.pdf"
    with pytest.raises(UserError, match=r"wrong passphrase for Zoë Łukasiewicz-Öztürk \("):
        export_signed_report(
            signed_off, target, [SignerSpec(REVIEWER_FIELD, reviewer, "not-the-one")]
        )
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


# Tampering


def altered(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] = ord("X") if changed[offset] != ord("X") else ord("Y")
    return bytes(changed)


def test_one_byte_changed(paths, signed_pdf) -> None:
    data = signed_pdf.read_bytes()
    at = data.index(b"Hillside Primary") if b"Hillside Primary" in data else len(data) // 3
    verdict = verify_report(altered(data, at), trusted(paths))
    assert not verdict.ok
    assert verdict.reason.startswith(("altered after signing", "signature damaged", "not a PDF"))


def test_one_byte_changed_in_the_signed_page_content(paths, signed_pdf) -> None:
    data = signed_pdf.read_bytes()
    # Somewhere in the first third (page content), far from the signature itself.
    verdict = verify_report(altered(data, len(data) // 4), trusted(paths))
    assert not verdict.ok and "altered after signing" in verdict.reason


def test_an_incremental_update_adding_page_content(paths, signed_pdf, tmp_path) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf.read_bytes()))
    writer.add_stream_to_page(
        0,
        writer.add_object(
            generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (APPROVED) Tj ET")
        ),
    )
    out = io.BytesIO()
    writer.write(out)
    verdict = verify_report(out.getvalue(), trusted(paths))
    assert not verdict.ok and verdict.reason.startswith("altered after signing")


def test_an_appended_update_changing_only_metadata_is_not_intact(paths, signed_pdf) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf.read_bytes()))
    info = writer.trailer_view["/Info"]
    info[generic.pdf_name("/Title")] = generic.pdf_string("A different title")
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    verdict = verify_report(out.getvalue(), trusted(paths))
    assert not verdict.ok and verdict.reason.startswith("altered after signing")


def test_bytes_appended_after_the_end(paths, signed_pdf) -> None:
    verdict = verify_report(signed_pdf.read_bytes() + b"\n% appended\n", trusted(paths))
    assert not verdict.ok and verdict.reason.startswith("altered after signing")


def test_a_truncated_file(paths, signed_pdf) -> None:
    data = signed_pdf.read_bytes()
    verdict = verify_report(data[: len(data) - 4000], trusted(paths))
    assert not verdict.ok
    assert "\n" not in verdict.reason


def test_a_damaged_signature_blob(paths, signed_pdf) -> None:
    data = signed_pdf.read_bytes()
    start = data.index(b"/Contents <") + len(b"/Contents <") + 200
    blob = bytearray(data)
    blob[start : start + 40] = b"00" * 20
    verdict = verify_report(bytes(blob), trusted(paths))
    assert not verdict.ok and verdict.reason.startswith("signature damaged")


def test_an_unsigned_pdf_and_a_non_pdf(paths, signed_off, tmp_path) -> None:
    unsigned = render_report(signed_off, tmp_path / "plain.pdf")
    assert (
        verify_report(unsigned.read_bytes(), trusted(paths)).reason
        == "unsigned: the file carries no signature"
    )
    assert verify_report(b"hello, not a pdf", trusted(paths)).reason == "not a PDF"
    assert verify_report(b"%PDF-1.7 then garbage", trusted(paths)).reason.startswith("not a PDF")


def test_an_untrusted_signer(paths, signed_pdf, tmp_path) -> None:
    verdict = verify_report(signed_pdf.read_bytes(), [])
    assert not verdict.ok and verdict.reason.startswith("untrusted signer: the certificate of Zoë")
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Some other authority")])
    now = dt.datetime.now(dt.UTC)
    stranger = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(stranger_key.public_key())
        .serial_number(7)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=9))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(stranger_key, hashes.SHA256())
    )
    assert verify_report(signed_pdf.read_bytes(), [stranger]).reason.startswith("untrusted signer")


def test_an_expired_certificate(paths, signed_off, tmp_path, monkeypatch) -> None:
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    old = create_identity(
        paths,
        name="Former DPO",
        role="DPO",
        passphrase="former-pass",
        authority_passphrase=AUTHORITY,
        days=10,
        not_before=long_ago,
    )
    with pytest.raises(RuleError, match="can't sign now"):
        export_signed_report(
            signed_off, tmp_path / "x.pdf", [SignerSpec(REVIEWER_FIELD, old, "former-pass")]
        )
    # Signed back while it was valid (the signer's clock said so), checked today: expired.
    monkeypatch.setattr(sign_module, "utcnow", lambda: long_ago + dt.timedelta(days=1))
    out = tmp_path / "old.pdf"
    export_signed_report(signed_off, out, [SignerSpec(REVIEWER_FIELD, old, "former-pass")])
    verdict = verify_report(out.read_bytes(), trusted(paths))
    assert not verdict.ok and verdict.reason.startswith(
        "expired certificate: the certificate of Former DPO expired on"
    )


def test_command_line_identity_sign_and_verify(tmp_path) -> None:
    import json
    import os

    from tests.conftest import run_cli

    data = tmp_path / "data"
    env = {
        "COMPLIANCE_DESK_AUTHORITY_PASSPHRASE": AUTHORITY,
        "COMPLIANCE_DESK_PASSPHRASE": "dana-secret-1",
    }

    def cli(*args, code=0, extra=None):
        os.environ.update(extra or {})
        try:
            result = run_cli(*args, data_dir=data)
        finally:
            for key in extra or {}:
                os.environ.pop(key, None)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    cli("settings", "--name", "Dana Okafor")
    made = cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--assessor",
        "Ben Adeyemi",
        "--scope",
        "platform=teams",
    ).stdout.strip()
    shown = json.loads(cli("show", made, "--json").stdout)
    for entry in shown["answers"]:
        if entry["in_scope"]:
            cli("answer", made, entry["item"], "yes")
    report = tmp_path / "report.pdf"
    assert "is a draft" in cli("export", made, "--pdf", str(report), "--sign", code=1).stderr
    cli("signoff", made, "--name", "Dana Okafor", "--role", "DPO")
    created = cli("identity", "create", "--name", "Dana Okafor", "--role", "DPO", extra=env).stdout
    assert "created this workspace's sign-off authority" in created
    no_terminal = cli("export", made, "--pdf", str(report), "--sign", code=1)
    assert (
        no_terminal.stderr.strip()
        == "error: a passphrase is needed: set COMPLIANCE_DESK_PASSPHRASE, or run the command in a terminal"
    )
    wrong = cli(
        "export",
        made,
        "--pdf",
        str(report),
        "--sign",
        code=1,
        extra={"COMPLIANCE_DESK_PASSPHRASE": "not-it-at-all"},
    )
    assert (
        wrong.stderr.startswith("error: wrong passphrase for Dana Okafor") and not report.exists()
    )
    signed = cli("export", made, "--pdf", str(report), "--sign", extra=env).stdout
    assert "reviewer-signature: Dana Okafor (DPO)" in signed
    verified = cli("verify", str(report)).stdout
    assert verified.startswith("intact: 1 signature(s)")
    assert "this workspace holds the matching sign-off by Dana Okafor (DPO)" in verified
    assert "signed report 'report.pdf' written" in cli("history", made).stdout
    cert = tmp_path / "dana.pem"
    identity_id = json.loads(cli("identity", "list", "--json").stdout)[0]["id"]
    cli("identity", "export-cert", identity_id, str(cert))
    elsewhere = run_cli("verify", str(report), data_dir=tmp_path / "elsewhere")
    assert elsewhere.returncode == 1 and elsewhere.stderr.startswith("error: untrusted signer")
    trusted_run = run_cli(
        "verify", str(report), "--trust", str(cert), data_dir=tmp_path / "elsewhere"
    )
    assert (
        trusted_run.returncode == 0
        and "there is no workspace here to compare with" in trusted_run.stdout
    )
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(report.read_bytes() + b"% appended")
    result = cli("verify", str(tampered), code=1)
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(
        "error: altered after signing"
    )
    not_pdf = tmp_path / "notes.txt"
    not_pdf.write_text("hello")
    assert cli("verify", str(not_pdf), code=1).stderr == "error: not a PDF\n"
    bad_trust = cli("verify", str(report), "--trust", str(not_pdf), code=1)
    assert "not a certificate" in bad_trust.stderr
