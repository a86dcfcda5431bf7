"""Signed reports: identities, signing, and verification against every kind of tampering."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

import app.signing.sign as sign_module
from app.errors import NotFoundError, RuleError, UserError
from app.paths import Paths
from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD, render_report
from app.services.signed_reports import write_signed_report
from app.signing.authority import authority_certificate
from app.signing.identities import (
    certificate_pem,
    create_identity,
    import_identity,
    list_identities,
    load_identity,
)
from app.signing.keystore import SealedKeyError, unseal_key
from app.signing.sign import SignerSpec
from app.signing.verify import verify_report
from tests.conftest import ROOT, write_p12

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
def signed_pdf(workspace, signed_off, people, tmp_path: Path) -> Path:
    reviewer, _assessor = people
    out = tmp_path / "signed.pdf"
    write_signed_report(
        workspace, signed_off, out, [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")]
    )
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
    with pytest.raises(UserError, match="the certificate names no role; give one$") as refused:
        import_identity(paths, p12, file_passphrase="p12-pass", passphrase="kept-with-this")
    assert refused.value.for_command_line().endswith("names no role; give one with --role")


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


def test_the_signed_report_keeps_its_language_and_bookmarks(paths, signed_pdf) -> None:
    assert verify_report(signed_pdf.read_bytes(), trusted(paths)).ok
    reader = PdfReader(signed_pdf)
    assert str(reader.root_object["/Lang"]) == "en"
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert "Executive summary" in titles and "Sign-off" in titles


def test_two_signatures_assessor_then_reviewer_both_verify(
    paths, workspace, signed_off, people, tmp_path
) -> None:
    reviewer, assessor = people
    out = tmp_path / "two.pdf"
    result = write_signed_report(
        workspace,
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
        write_signed_report(
            workspace,
            draft,
            tmp_path / "d.pdf",
            [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")],
        )
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_wrong_passphrase_is_refused_before_anything_is_written(
    workspace, signed_off, people, tmp_path
) -> None:
    reviewer, _assessor = people
    target = tmp_path / "r.pdf"
    with pytest.raises(UserError, match=r"wrong passphrase for Zoë Łukasiewicz-Öztürk \("):
        write_signed_report(
            workspace, signed_off, target, [SignerSpec(REVIEWER_FIELD, reviewer, "not-the-one")]
        )
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


@pytest.mark.parametrize(
    ("cost", "says"),
    [
        ({"n": 2**30}, "asks for scrypt costs above the limit"),
        ({"n": 2**15, "r": 8, "p": 2**12}, "asks for scrypt costs above the limit"),
        ({"n": 3000}, "is damaged: its scrypt costs are not valid"),
    ],
)
def test_a_key_file_asking_for_refused_costs_says_so_not_wrong_passphrase(
    workspace, signed_off, people, tmp_path, cost, says
) -> None:
    reviewer, _assessor = people
    document = json.loads(reviewer.key_file.read_text("ascii"))
    document["kdf"].update(cost)
    reviewer.key_file.write_text(json.dumps(document), "ascii")
    target = tmp_path / "r.pdf"
    with pytest.raises(UserError) as refused:
        write_signed_report(
            workspace, signed_off, target, [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")]
        )
    message = str(refused.value)
    assert message.startswith(f"the key file of Zoë Łukasiewicz-Öztürk ({reviewer.id}) {says}")
    assert "wrong passphrase" not in message
    assert not target.exists()


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


def test_an_expired_certificate(paths, workspace, signed_off, tmp_path, monkeypatch) -> None:
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    old = create_identity(  # the reviewer's earlier certificate, long expired
        paths,
        name="Zoë Łukasiewicz-Öztürk",
        role="DPO",
        passphrase="former-pass",
        authority_passphrase=AUTHORITY,
        days=10,
        not_before=long_ago,
    )
    with pytest.raises(RuleError, match="can't sign now"):
        write_signed_report(
            workspace,
            signed_off,
            tmp_path / "x.pdf",
            [SignerSpec(REVIEWER_FIELD, old, "former-pass")],
        )
    # Signed back while it was valid (the signer's clock said so), checked today: expired.
    monkeypatch.setattr(sign_module, "utcnow", lambda: long_ago + dt.timedelta(days=1))
    out = tmp_path / "old.pdf"
    write_signed_report(
        workspace, signed_off, out, [SignerSpec(REVIEWER_FIELD, old, "former-pass")]
    )
    verdict = verify_report(out.read_bytes(), trusted(paths))
    assert not verdict.ok and verdict.reason.startswith(
        "expired certificate: the certificate of Zoë Łukasiewicz-Öztürk expired on"
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


def test_creating_the_authority_twice_at_once_keeps_the_first(paths) -> None:
    # Two first `identity create` that both saw no authority: the loser must not replace it.
    from app.signing.authority import create_authority

    paths.ensure()
    paths.identities_dir.mkdir(mode=0o700, exist_ok=True)
    assert create_authority(paths, b"authority-pass-1", "School") is True
    first = authority_certificate(paths)
    assert create_authority(paths, b"authority-pass-2", "School") is False
    assert authority_certificate(paths) == first
    assert [p.name for p in paths.identities_dir.iterdir()] == ["authority"]


def test_two_first_identities_made_at_once_share_one_authority(tmp_path) -> None:
    data = tmp_path / "data"
    env = dict(
        os.environ,
        COMPLIANCE_DESK_DATA=str(data),
        COMPLIANCE_DESK_PASSPHRASE="correct horse battery",
        COMPLIANCE_DESK_AUTHORITY_PASSPHRASE="authority staple",
    )
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "ui", "identity", "create", "--name", name, "--role", "DPO"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Dana Okafor", "Ravi Menon", "Lea Braun")
    ]
    outcomes = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], outcomes
    # Only the one that made the authority says so; one that meant to and lost says it used it.
    said = [out.splitlines()[0] if "authority" in out else "" for out, _err in outcomes]
    assert said.count("created this workspace's sign-off authority") == 1, said
    assert set(said) <= {
        "created this workspace's sign-off authority",
        "used this workspace's sign-off authority, which another identity create made at the "
        "same time",
        "",
    }, said
    authority = authority_certificate(Paths(data))
    assert authority is not None
    identities = list_identities(Paths(data))
    assert len(identities) == 3
    authority_key = authority.public_key()
    assert isinstance(authority_key, ec.EllipticCurvePublicKey)
    for identity in identities:
        cert = x509.load_pem_x509_certificate(identity.cert_file.read_bytes())
        assert cert.issuer == authority.subject
        assert cert.signature_hash_algorithm is not None
        authority_key.verify(
            cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm)
        )


def test_first_identities_made_at_once_with_different_authority_passphrases(tmp_path) -> None:
    """One makes the authority; the others are refused with a line and make nothing."""
    data = tmp_path / "data"
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "ui", "identity", "create", "--name", name, "--role", "DPO"],
            env=dict(
                os.environ,
                COMPLIANCE_DESK_DATA=str(data),
                COMPLIANCE_DESK_PASSPHRASE="correct horse battery",
                COMPLIANCE_DESK_AUTHORITY_PASSPHRASE=f"authority of {name}",
            ),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Dana Okafor", "Ravi Menon", "Lea Braun")
    ]
    outcomes = [(child.communicate(timeout=120), child.returncode) for child in children]
    made = [out for (out, _err), code in outcomes if code == 0]
    assert len(made) == 1, outcomes
    assert made[0].startswith("created this workspace's sign-off authority\n")
    for (out, err), code in outcomes:
        if code == 0:
            continue
        assert (code, out) == (1, ""), err
        assert err in (
            "error: wrong passphrase for the sign-off authority\n",
            "error: another identity create made this workspace's sign-off authority at the "
            "same time, with another passphrase; nothing was made: run again with that "
            "authority's passphrase\n",
        ), err
    assert len(list_identities(Paths(data))) == 1


def test_a_certificate_not_yet_valid(paths, workspace, signed_off, tmp_path, monkeypatch) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    future = create_identity(  # the reviewer's next certificate, not valid yet
        paths,
        name="Zoë Łukasiewicz-Öztürk",
        role="DPO",
        passphrase="next-pass-1",
        authority_passphrase=AUTHORITY,
        days=30,
        not_before=later,
    )
    monkeypatch.setattr(sign_module, "utcnow", lambda: later + dt.timedelta(days=1))
    out = tmp_path / "early.pdf"
    write_signed_report(
        workspace, signed_off, out, [SignerSpec(REVIEWER_FIELD, future, "next-pass-1")]
    )
    verdict = verify_report(out.read_bytes(), trusted(paths))
    assert not verdict.ok
    assert verdict.reason.startswith(
        "certificate not yet valid: the certificate of Zoë Łukasiewicz-Öztürk is valid only "
        f"from {later.date()}"
    )


@pytest.mark.parametrize(
    ("make_key", "why"),
    [
        (lambda: ed25519.Ed25519PrivateKey.generate(), "Ed25519"),
        (lambda: ed448.Ed448PrivateKey.generate(), "Ed448"),
        (lambda: dsa.generate_private_key(2048), "DSA"),
        (lambda: rsa.generate_private_key(65537, 1024), "1024-bit RSA"),
    ],
)
def test_keys_that_cannot_sign_pades_here_are_refused_at_import(
    paths, tmp_path, make_key, why
) -> None:
    key = make_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Dana Okafor"),
            x509.NameAttribute(NameOID.TITLE, "DPO"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    algorithm = None if why.startswith("Ed") else hashes.SHA256()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, algorithm)
    )
    p12 = tmp_path / "odd.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"dana", key, cert, None, serialization.BestAvailableEncryption(b"file-pass")
        )
    )
    with pytest.raises(UserError, match=f"{why}.*can't sign"):
        import_identity(paths, p12, file_passphrase="file-pass", passphrase="dana-secret-1")
    assert list_identities(paths) == []


def minimal_pdf(info: bytes) -> bytes:
    """A one-page PDF written by hand, with `info` as its document information dictionary."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        info,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize(
    "info",
    [
        b"<< /Keywords " + b"[" * 5000 + b"]" * 5000 + b" >>",
        b"<< /Keywords [(assessment:abc) 5] >>",
        b"<< /Keywords 42 >>",
        b"[1 2 3]",
    ],
)
def test_hostile_metadata_is_a_verdict_not_a_crash(info: bytes, tmp_path) -> None:
    verdict = verify_report(minimal_pdf(info), [])
    assert not verdict.ok
    assert verdict.reason == "unsigned: the file carries no signature"
    assert verdict.assessment_id is None


def test_damaged_identity_files_are_refused_or_skipped_never_a_crash(tmp_path) -> None:
    from tests.conftest import run_cli

    data = tmp_path / "data"
    env_keys = {
        "COMPLIANCE_DESK_AUTHORITY_PASSPHRASE": AUTHORITY,
        "COMPLIANCE_DESK_PASSPHRASE": "dana-secret-1",
    }
    os.environ.update(env_keys)
    try:

        def cli(*args: str, code: int = 0):
            result = run_cli(*args, data_dir=data)
            assert result.returncode == code, (args, result.stdout, result.stderr)
            return result

        # `identities` is a file where the folder should be.
        data.mkdir()
        (data / "identities").write_text("not a folder", "utf-8")
        refused = cli("identity", "create", "--name", "Dana", "--role", "DPO", code=1)
        assert "is a file" in refused.stderr
        (data / "identities").unlink()

        cli("identity", "create", "--name", "Dana", "--role", "DPO")
        (dana,) = [p for p in (data / "identities").iterdir() if p.name != "authority"]
        # Another identity's facts are not an object: it is skipped, others still work.
        odd = data / "identities" / "0123456789ab"
        shutil.copytree(dana, odd)
        (odd / "identity.json").write_text("[1, 2]", "utf-8")
        listed = cli("identity", "list").stdout
        assert "Dana" in listed and "0123456789ab" not in listed
        cli("identity", "create", "--name", "Ravi", "--role", "DPO")

        # A damaged authority certificate: refused with a line, nothing written.
        before = sorted(p.name for p in (data / "identities").iterdir())
        (data / "identities" / "authority" / "cert.pem").write_bytes(
            b"-----BEGIN CERTIFICATE-----\nxx"
        )
        damaged = cli("identity", "create", "--name", "Lea", "--role", "DPO", code=1)
        assert "certificate" in damaged.stderr and "damaged" in damaged.stderr
        assert sorted(p.name for p in (data / "identities").iterdir()) == before
        report = tmp_path / "r.pdf"
        report.write_bytes(minimal_pdf(b"<< >>"))
        assert "damaged" in cli("verify", str(report), code=1).stderr
    finally:
        for key in env_keys:
            os.environ.pop(key, None)


def test_an_identity_that_can_t_be_read_is_named_by_identity_list(paths, tmp_path) -> None:
    from tests.conftest import run_cli

    made = create_identity(
        paths,
        name="Dana Okafor",
        role="DPO",
        passphrase="dana-secret-1",
        authority_passphrase="authority-secret-1",
    )
    (paths.identities_dir / made.id / "identity.json").write_text("[1, 2]")
    result = run_cli("identity", "list", data_dir=paths.data_dir)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("warning: the identity in ") and "it is left out" in line
