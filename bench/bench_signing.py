"""Benchmark: signing and verifying the report of a signed-off assessment of about 50 pages.

Target (issue "Signed reports"): signing adds under 300 ms and verifying takes under 150 ms
(medians), beyond the export itself. The baseline is that export, measured in the same run:
the unsigned report of the same assessment. Signing is measured end to end (unlocking the key
with its passphrase, rendering, signing, writing) and as its parts.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.paths import Paths  # noqa: E402
from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD, render_report  # noqa: E402
from app.services import answers, assessments, signoffs  # noqa: E402
from app.services.signed_reports import write_signed_report  # noqa: E402
from app.signing.identities import create_identity  # noqa: E402
from app.signing.sign import SignerSpec, prepare_signers, sign_pdf  # noqa: E402
from app.signing.verify import verify_report, workspace_trust  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import generated_checklist, median_ms, timed  # noqa: E402

ITEMS = 1150  # about 50 pages
RUNS = 7


def main() -> None:
    """Build a signed-off assessment and two identities, then time export, sign and verify."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        workspace = open_workspace(paths)
        checklist = generated_checklist(ITEMS, sections=20)
        with workspace.write() as session:
            snap = assessments.create_assessment(
                session,
                checklist,
                title="Benchmark",
                organisation="Zoë's School",
                scope={},
                assessor="Łukasz Nowak",
                actor="bench",
            )
            for n, item in enumerate(checklist.items):
                answers.record_answer(
                    session,
                    snap.id,
                    item.id,
                    value=AnswerValue.YES,
                    note=f"Checked on visit {n}; screenshot filed.",
                    actor="bench",
                )
            signoffs.sign_off(session, snap.id, name="Zoë Öztürk", role="DPO")
            snap = assessments.get_assessment(session, snap.id)
        workspace.close()
        reviewer = create_identity(
            paths,
            name="Zoë Öztürk",
            role="Data protection officer",
            passphrase="reviewer-pass",
            authority_passphrase="authority",
        )
        assessor = create_identity(
            paths,
            name="Łukasz Nowak",
            role="IT coordinator",
            passphrase="assessor-pass",
            authority_passphrase="authority",
        )
        one = [SignerSpec(REVIEWER_FIELD, reviewer, "reviewer-pass")]
        two = [SignerSpec(ASSESSOR_FIELD, assessor, "assessor-pass"), *one]
        out = Path(tmp)
        plain = out / "plain.pdf"
        render_report(snap, plain)  # warm up fonts and imports for everyone alike
        ws = open_workspace(paths)  # a signed report is recorded in the trail, as in use
        export, signed_one, signed_two = [], [], []
        for _ in range(RUNS):
            export += timed(lambda: render_report(snap, plain), 1)
            signed_one += timed(lambda: write_signed_report(ws, snap, out / "one.pdf", one), 1)
            signed_two += timed(lambda: write_signed_report(ws, snap, out / "two.pdf", two), 1)
        unsigned = plain.read_bytes()
        pages = unsigned.count(b"/Type /Page\n")
        unlock = timed(lambda: prepare_signers(one), RUNS)
        ready = prepare_signers(one)
        sign_only = timed(lambda: sign_pdf(unsigned, ready, reason="bench"), RUNS)
        trust = workspace_trust(paths)
        data_one = (out / "one.pdf").read_bytes()
        data_two = (out / "two.pdf").read_bytes()
        assert verify_report(data_one, trust).ok and verify_report(data_two, trust).ok
        verify_one = timed(lambda: verify_report(data_one, trust), RUNS)
        verify_two = timed(lambda: verify_report(data_two, trust), RUNS)
        ws.close()

    base = median_ms(export)
    extra_one = median_ms(signed_one) - base
    extra_two = median_ms(signed_two) - base
    v1, v2 = median_ms(verify_one), median_ms(verify_two)
    print(f"report of {ITEMS} items, {pages} pages; medians of {RUNS} runs")
    print(f"baseline: unsigned export {base:.0f} ms")
    print(
        f"signed export, reviewer only: {median_ms(signed_one):.0f} ms "
        f"(+{extra_one:.0f} ms, {median_ms(signed_one) / base:.2f}x the export)"
    )
    print(
        f"signed export, assessor then reviewer: {median_ms(signed_two):.0f} ms "
        f"(+{extra_two:.0f} ms, {median_ms(signed_two) / base:.2f}x)"
    )
    print(
        f"  parts: unlocking a key {median_ms(unlock):.0f} ms, "
        f"one signature {median_ms(sign_only):.0f} ms"
    )
    print(f"verify: one signature {v1:.0f} ms, two signatures {v2:.0f} ms")
    print(
        f"targets: signing adds < 300 ms: {'met' if extra_one < 300 else 'NOT met'} "
        f"(two signers: {'met' if extra_two < 300 else 'NOT met'}); "
        f"verify < 150 ms: {'met' if max(v1, v2) < 150 else 'NOT met'}"
    )
    spread = statistics.pstdev(export) * 1000
    print(f"(export spread {spread:.0f} ms: the machine's noise, for reading the differences)")


if __name__ == "__main__":
    main()
