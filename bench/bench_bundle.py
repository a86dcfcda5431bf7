"""Benchmark: bundle export and import of a 1,000-item assessment with 200 MiB of evidence.

Targets (issue "Hand-over between laptops"): export and import each at most 1.5x the time of
Python's own zipfile writing and reading the same files (the manifest and the evidence, deflated
alike) in the same run, and a peak memory under 150 MiB above the idle process. Every
measurement is a fresh process (bench/bundle_child.py); imports go into a new, empty workspace.

The import unpacks the evidence into the data folder's store as files, as zipfile does, but
hashes each on the way and flushes it to disk before the rows naming it commit (SQLite, WAL,
synchronous=FULL), which a plain unpacking does not. So two more baselines are measured for
context: the same unpacking with each file flushed to disk, and zipfile reading the same entries
into an SQLite file set up as a workspace (what keeping the content inside the workspace cost,
with no check at all).

Evidence is 200 files of 1 MiB: three in four random bytes (as photos, screenshots and PDFs are:
already compressed), one in four text that compresses.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.bundles.format import MANIFEST_ENTRY  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.services import actions, answers, assessments, evidence  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import ROOT, generated_checklist  # noqa: E402

RUNS = 5
FILES = 200
FILE_BYTES = 1024 * 1024
CHILD = str(ROOT / "bench" / "bundle_child.py")
WORDS = [
    "camera",
    "microphone",
    "recording",
    "consent",
    "retention",
    "lobby",
    "waiting",
    "room",
    "host",
    "link",
]


def _content(n: int, rng: random.Random) -> bytes:
    if n % 4 == 3:
        words = " ".join(rng.choice(WORDS) for _ in range(FILE_BYTES // 6))
        return words.encode()[:FILE_BYTES]
    return rng.randbytes(FILE_BYTES)


def build(folder: Path, files: Path) -> str:
    """A 1,000-item assessment, every item answered with a note, actions and the evidence.

    The evidence files are also written to `files`, beside the manifest, for the baseline.
    """
    checklist = generated_checklist(1000, sections=20)
    workspace = open_workspace(Paths(folder))
    values = [AnswerValue.YES, AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO]
    rng = random.Random(13)
    items = list(checklist.items)
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session, checklist, title="Benchmark", organisation="Zoë's School", scope={}, actor="b"
        )
        for n, item in enumerate(items):
            value = values[n % len(values)]
            answers.record_answer(
                session,
                snap.id,
                item.id,
                value=value,
                note=f"Checked in the admin console on visit {n}; screenshot filed.",
                actor="bench",
            )
            if value is AnswerValue.NO and n % 20 == 3:
                actions.add_action(
                    session,
                    snap.id,
                    item.id,
                    title=f"Fix control {n}",
                    owner="IT desk",
                    due=date(2027, 1, 1),
                    actor="bench",
                )
    files.mkdir()
    for n in range(FILES):
        data = _content(n, rng)
        item = items[(n * 5) % len(items)]
        with workspace.write() as session:
            evidence.add_evidence(
                session, snap.id, item.id, name=f"screenshot-{n}.png", data=data, actor="bench"
            )
        (files / f"{n:04d}").write_bytes(data)
    workspace.close()
    return snap.id


Sample = tuple[float, float, float]


def run(mode: str, data: Path, assessment_id: str, file: Path) -> Sample:
    """One measured run of `mode` in a fresh process: seconds, peak MiB, CPU seconds."""
    result = subprocess.run(
        [sys.executable, CHILD, mode, str(data), assessment_id, str(file)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds, mib, cpu = result.stdout.split()
    return float(seconds), float(mib), float(cpu)


def _seconds(samples: list[Sample]) -> str:
    return ", ".join(f"{t:.2f}" for t, _m, _c in samples)


def _report(name: str, ours: list[Sample], base: list[Sample], what: str) -> bool:
    ours_s = statistics.median(t for t, _m, _c in ours)
    base_s = statistics.median(t for t, _m, _c in base)
    ratio = ours_s / base_s
    ours_cpu = statistics.median(c for _t, _m, c in ours)
    base_cpu = statistics.median(c for _t, _m, c in base)
    peak = max(m for _t, m, _c in ours)
    time_met = ratio <= 1.5
    memory_met = peak < 150
    print(
        f"{name}: median {ours_s:.2f} s ({_seconds(ours)}), peak {peak:.0f} MiB above idle; "
        f"{what} median {base_s:.2f} s ({_seconds(base)}), peak "
        f"{max(m for _t, m, _c in base):.0f} MiB; ratio {ratio:.2f}x (target <= 1.5x: "
        f"{'met' if time_met else 'NOT met'}; memory < 150 MiB: "
        f"{'met' if memory_met else 'NOT met'}); CPU time median {ours_cpu:.2f} s against "
        f"{base_cpu:.2f} s, ratio {ours_cpu / base_cpu:.2f}x"
    )
    return time_met and memory_met


def main() -> None:
    """Build once, then alternate ours and the baseline, RUNS times each."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source, files = root / "source", root / "files"
        assessment_id = build(source, files)
        bundle = root / "bench.cdesk"
        run("export", source, assessment_id, bundle)
        with zipfile.ZipFile(bundle) as archive:  # the baseline zips the same manifest too
            (files / MANIFEST_ENTRY).write_bytes(archive.read(MANIFEST_ENTRY))
        exports, zip_writes, imports, zip_reads, flushed, floors = [], [], [], [], [], []
        for n in range(RUNS):
            exports.append(run("export", source, assessment_id, root / f"out-{n}.cdesk"))
            zip_writes.append(run("zip-write", files, "-", root / f"out-{n}.zip"))
            target = root / f"target-{n}"
            open_workspace(Paths(target)).close()  # an empty workspace, as on a new laptop
            imports.append(run("import", target, "-", bundle))
            zip_reads.append(run("zip-read", files, "-", root / f"out-{n}.zip"))
            flushed.append(run("zip-read-flushed", files, "-", root / f"out-{n}.zip"))
            floors.append(run("zip-sqlite", root / f"floor-{n}", "-", root / f"out-{n}.zip"))
            shutil.rmtree(root / f"floor-{n}")
            for leftover in (root / f"out-{n}.cdesk", root / f"out-{n}.zip"):
                leftover.unlink()
            shutil.rmtree(target)
        size = os.path.getsize(bundle) / 1024 / 1024
    print(
        f"bundle of a 1,000-item assessment with {FILES} evidence files "
        f"({FILES * FILE_BYTES // 1024 // 1024} MiB): {size:.0f} MiB"
    )
    met = _report("export", exports, zip_writes, "zipfile writing the same files")
    met = _report("import", imports, zip_reads, "zipfile reading them out to files") and met
    _report("import", imports, flushed, "zipfile reading them out to files flushed to disk")
    _report("import", imports, floors, "zipfile reading them into an SQLite workspace file")
    print("all targets met" if met else "a target was NOT met (against zipfile to files)")


if __name__ == "__main__":
    main()
