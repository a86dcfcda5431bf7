"""`verify` refuses, before pyHanko parses it, a PDF no report of this app could be.

A 90 MB PDF with 1.4 million form fields took 3.9 GB in pyHanko. A report of 1,000 items is a
few MB with a handful of fields, so the size limit is lowered to what covers one with margin,
and the file's shape is counted first: objects, dictionaries, form fields, and compressed
object streams (which this app's reports never hold, and which pyHanko inflates whole).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest

from app.cli.main import run
from app.cli.parser import build_parser
from app.paths import Paths
from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD
from app.services import actions, answers, assessments, signoffs
from app.services.signed_reports import write_signed_report
from app.signing.authority import authority_certificate
from app.signing.identities import create_identity
from app.signing.report_shape import (
    MAX_DICTIONARIES,
    MAX_FIELDS,
    MAX_OBJECTS,
    MAX_VALUES,
    report_shape,
)
from app.signing.sign import SignerSpec
from app.signing.verify import verify_report
from app.user_files import MIB, REPORT_LIMIT
from app.values import AnswerValue
from app.workspace import open_workspace
from bench.common import generated_checklist


def verify_cli(data: Path, report: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["--data-dir", str(data), "verify", str(report)])
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(args)
    return code, out.getvalue(), err.getvalue()


def pdf(bodies: list[bytes], *, catalog_extra: bytes = b"") -> bytes:
    """A PDF written by hand: a catalog, one page, then `bodies` as objects 4, 5, ..."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *bodies,
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
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def many_fields(count: int, *, field: bytes = b"<</FT/Tx/T(a)>>") -> bytes:
    """The hostile file, smaller: `count` text fields, each an object of its own."""
    refs = b" ".join(b"%d 0 R" % (n + 4) for n in range(count))
    return pdf([field] * count, catalog_extra=b" /AcroForm << /Fields [" + refs + b"] >>")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (many_fields(MAX_FIELDS + 1), f"{MAX_FIELDS + 1:,} form fields"),
        # A field's type written with an escape in its name is still a field's type.
        (many_fields(MAX_FIELDS + 1, field=b"<</#46#54/Tx/T(a)>>"), "form fields"),
        (pdf([b"<< >>"] * MAX_OBJECTS), f"{MAX_OBJECTS + 3:,} objects"),
        # Values need neither: numbers in one array cost pyHanko a few hundred bytes each.
        (
            pdf([], catalog_extra=b" /AcroForm << /Fields [" + b"1 " * MAX_VALUES + b"] >>"),
            "values (the limit is",
        ),
        # Fields need not be objects: dictionaries written straight into the array.
        (
            pdf([], catalog_extra=b" /AcroForm << /Fields [" + b"<</T(a)>>" * MAX_DICTIONARIES)
            + b"] >>",
            "dictionaries",
        ),
        (
            pdf([b"<< /Type /ObjStm /N 1 /First 4 /Length 8 >>\nstream\n4 0 << >>\nendstream"]),
            "compressed object streams",
        ),
    ],
    ids=["fields", "escaped fields", "objects", "values", "direct dictionaries", "object stream"],
)
def test_a_pdf_no_report_could_be_is_refused_before_parsing(
    tmp_path: Path, data: bytes, said: str
) -> None:
    report = tmp_path / "hostile.pdf"
    report.write_bytes(data)
    code, out, err = verify_cli(tmp_path / "data", report)
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert line.startswith("error: not a report this app writes: "), line
    assert said in line
    assert verify_report(data, []).reason == line.removeprefix("error: ")


def test_a_file_over_the_report_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    """40 MB: under the old limit of 100 MB, over what any report of 1,000 items needs."""
    report = tmp_path / "big.pdf"
    with report.open("wb") as handle:  # sparse: costs nothing on disk
        handle.write(b"%PDF-1.7\n")
        handle.truncate(40 * MIB)
    code, _out, err = verify_cli(tmp_path / "data", report)
    assert code == 1
    limit = f"{REPORT_LIMIT / MIB:.1f} MB"
    assert err == f"error: {report}: the file is 40.0 MB, larger than the {limit} limit\n"


def test_a_report_of_a_thousand_items_is_well_within_every_limit(tmp_path: Path) -> None:
    """The limits are set from reports of this size (see app/signing/report_shape.py)."""
    paths = Paths(tmp_path / "data")
    workspace = open_workspace(paths)
    checklist = generated_checklist(1000, sections=20)
    values = [AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO, AnswerValue.NA]
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session, checklist, title="Thousand", organisation="Hillside", scope={}, actor="t"
        )
        for n, item in enumerate(checklist.items):
            value = values[n % 4]
            gap = value in (AnswerValue.NO, AnswerValue.PARTIAL)
            answers.record_answer(
                session,
                snap.id,
                item.id,
                value=value,
                note=f"Checked on visit {n}: "
                + "the setting, its lock and who may change it. " * 8,
                risk_accepted=gap or None,
                actor="t",
            )
            if gap:
                actions.add_action(
                    session,
                    snap.id,
                    item.id,
                    title=f"Fix control {n} and record the change",
                    owner="IT coordinator",
                    due=dt.date(2030, 1, 31),
                    actor="t",
                )
        signoffs.sign_off(session, snap.id, name="Dana Okafor", role="DPO")
        snap = assessments.get_assessment(session, snap.id)
    people = [
        create_identity(
            paths, name=name, role="DPO", passphrase="person-pass", authority_passphrase="a" * 10
        )
        for name in ("Ada Assessor", "Dana Okafor")
    ]
    report = tmp_path / "thousand.pdf"
    write_signed_report(
        workspace,
        snap,
        report,
        [
            SignerSpec(ASSESSOR_FIELD, people[0], "person-pass"),
            SignerSpec(REVIEWER_FIELD, people[1], "person-pass"),
        ],
    )
    workspace.close()
    data = report.read_bytes()
    shape = report_shape(data)
    assert shape.problem is None
    assert len(data) * 8 < REPORT_LIMIT
    assert shape.objects * 8 < MAX_OBJECTS and shape.dictionaries * 8 < MAX_DICTIONARIES
    assert shape.fields * 8 < MAX_FIELDS and shape.values * 8 < MAX_VALUES
    assert shape.object_streams == 0
    authority = authority_certificate(paths)
    assert authority is not None
    assert verify_report(data, [authority]).ok
