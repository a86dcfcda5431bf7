"""Make the sample reports in docs/ and pictures of their pages for the README.

    .venv/bin/python docs/sample_report.py

Builds the demonstration workspace in a temporary folder, signs off the finished end-to-end
encryption assessment, and writes:
- docs/sample-report-signed.pdf: signed off, A4, digitally signed by the assessor and the DPO
  with demonstration identities (their certificate authority is made afresh each run, so verify it
  with --trust docs/sample-authority.pem);
- docs/sample-report-draft.pdf, a draft;
- docs/report-page-*.png, one picture of each kind of page, rendered with QtPdf.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.serialization import Encoding  # noqa: E402
from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402

from app.paths import Paths  # noqa: E402
from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD, render_report  # noqa: E402
from app.services import assessments, signoffs  # noqa: E402
from app.services.signed_reports import write_signed_report  # noqa: E402
from app.signing.identities import authority_certificate  # noqa: E402
from app.signing.sign import SignerSpec  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from docs.demo_workspace import (  # noqa: E402
    DEMO_PASSPHRASES,
    seed_complete_e2ee,
    seed_demo,
    seed_identities,
)

DOCS = Path(__file__).resolve().parent
DPI = 80


def picture(pdf: Path, page: int, name: str) -> None:
    """Save one page of a PDF as docs/<name>.png."""
    document = QPdfDocument()
    document.load(str(pdf))
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * DPI / 72), round(points.height() * DPI / 72))
    document.render(page, size).save(str(DOCS / f"{name}.png"))


def poppler_picture(pdf: Path, page: int, name: str) -> None:
    """Save one page with poppler's pdftoppm, which draws signature stamps (QtPdf does not)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        picture(pdf, page, name)
        return
    out = DOCS / name
    subprocess.run(
        [tool, "-png", "-singlefile", "-r", str(DPI), "-f", str(page + 1), "-l", str(page + 1)]
        + [str(pdf), str(out)],
        check=True,
    )


def main() -> None:
    """Build the demo, write both reports and the page pictures."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        workspace = open_workspace(paths)
        draft = seed_demo(workspace, paths)
        ready = seed_complete_e2ee(workspace, paths)
        with workspace.write() as session:
            signoffs.sign_off(session, ready.id, name="Dana Okafor", role="Data protection officer")
            signed = assessments.get_assessment(session, ready.id)
        people = seed_identities(paths)
        specs = [
            SignerSpec(field, people[name], DEMO_PASSPHRASES[name])
            for field, name in ((ASSESSOR_FIELD, "Łukasz Nowak"), (REVIEWER_FIELD, "Dana Okafor"))
        ]
        target = DOCS / "sample-report-signed.pdf"
        signed_pdf = write_signed_report(workspace, signed, target, specs).path
        workspace.close()
        authority = authority_certificate(paths)
        assert authority is not None
        (DOCS / "sample-authority.pem").write_bytes(authority.public_bytes(Encoding.PEM))
    draft_pdf = render_report(draft, DOCS / "sample-report-draft.pdf")
    for page, name in (
        (0, "report-page-cover"),
        (1, "report-page-summary"),
        (2, "report-page-gaps"),
        (3, "report-page-items"),
    ):
        picture(draft_pdf, page, name)
    count = QPdfDocument()
    count.load(str(signed_pdf))
    picture(signed_pdf, count.pageCount() - 2, "report-page-costs")
    poppler_picture(signed_pdf, count.pageCount() - 1, "report-page-signoff")
    del app
    print("wrote docs/sample-report-*.pdf, docs/sample-authority.pem and docs/report-page-*.png")  # noqa: T201


if __name__ == "__main__":
    main()
