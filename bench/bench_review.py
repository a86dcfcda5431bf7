"""Benchmark: `compliance-desk review next` of a 1,000-item assessment (target under 1 s wall).

The whole process a user waits for: the command in a child process, from start to exit, on a
signed-off assessment whose every item is answered and a tenth of them carry evidence, moving to
a newer version of the checklist in which 50 questions changed, 50 items are new and 50 were
dropped. The newer version was imported, so its parsed form is in the data folder's cache
(as after `checklist import`). Baselines in the same run: `show` of the same assessment (the
same start, one read of 1,000 items) and a bare Python start.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.checklists.library import find_checklist, import_checklist, load_library  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.services import answers, assessments, evidence, reviews, signoffs  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import ROOT, median_ms, timed  # noqa: E402

ITEMS = 1000
SECTIONS = 10
MOVED = 50  # questions changed, items added and items dropped in the newer version
RUNS = 5


def checklist_yaml(version: str) -> str:
    """A 1,000-item checklist; the newer version changes, adds and drops `MOVED` items each."""
    newer = version != "1.0.0"
    lines = [
        "format: 1",
        "id: bench-review",
        f"version: {version}",
        "title: Benchmark checklist for next reviews",
        "sources:",
        "  - {id: src, title: Benchmark source}",
        "sections:",
    ]
    per_section = ITEMS // SECTIONS
    for s in range(SECTIONS):
        lines += [f"  - id: s{s}", f"    title: Section {s + 1}", "    items:"]
        for i in range(per_section):
            number = s * per_section + i
            if newer and number < MOVED:
                continue  # dropped
            changed = newer and MOVED <= number < 2 * MOVED
            question = f"Is control {s}.{i} in place and checked every term?"
            if changed:
                question = f"Is control {s}.{i} in place, checked every term and written down?"
            lines += [
                f"      - id: s{s}-i{i}",
                f"        question: {question}",
                "        guidance: Open the admin console, find the setting and take a screenshot.",
                f"        severity: {('high', 'medium', 'low')[i % 3]}",
                "        refs: [{source: src, locator: Clause 4}]",
            ]
        if newer and s == SECTIONS - 1:
            for n in range(MOVED):
                lines += [
                    f"      - id: new-{n}",
                    f"        question: Is the new control {n} in place?",
                    "        guidance: Check it.",
                    "        severity: medium",
                    "        refs: [{source: src}]",
                ]
    return "\n".join(lines) + "\n"


def build(data_dir: Path, tmp: Path) -> str:
    """The library with both versions, and a signed-off assessment on the older one."""
    paths = Paths(data_dir)
    for version in ("1.0.0", "1.1.0"):
        source = tmp / f"bench-review-{version}.yaml"
        source.write_text(checklist_yaml(version), encoding="utf-8")
        import_checklist(paths, source)
    old = load_library(paths).find("bench-review@1.0.0")
    workspace = open_workspace(paths)
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session, old, title="Bench", organisation="Bench school", scope={}, actor="bench"
        )
        for n, item in enumerate(old.items):
            answers.record_answer(
                session, snap.id, item.id, value=AnswerValue.YES, note=f"note {n}", actor="b"
            )
            if n % 10 == 0:
                evidence.add_evidence(
                    session, snap.id, item.id, name=f"e{n}.txt", data=f"{n}".encode(), actor="b"
                )
        signoffs.sign_off(session, snap.id, name="Bench Reviewer", role="DPO")
    workspace.close()
    return snap.id


def main() -> None:
    """Build, then time the command against its baselines."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        assessment = build(data_dir, Path(tmp))
        python = sys.executable

        def command(*args: str) -> bytes:
            result = subprocess.run(
                [python, "-m", "ui", "--data-dir", str(data_dir), *args],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            return result.stdout

        first = command("review", "next", assessment, "--by", "bench").decode()
        assert f"changed questions, to answer anew: {MOVED}" in first, first[:400]
        review = timed(lambda: command("review", "next", assessment, "--by", "bench"), RUNS)
        show = timed(lambda: command("show", assessment), RUNS)
        bare = timed(lambda: subprocess.run([python, "-c", "pass"], check=True), RUNS)
        # Where the time goes, in this process: reading the new version from its YAML file,
        # and the service's unit of work (snapshots, carried rows, trail events, commit).
        paths = Paths(data_dir)
        cache = data_dir / "cache"

        def parse_anew() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            find_checklist(paths, "bench-review")

        parse = timed(parse_anew, RUNS)
        cached = timed(lambda: find_checklist(paths, "bench-review"), RUNS)
        newer = find_checklist(paths, "bench-review")
        workspace = open_workspace(paths)

        def service() -> None:
            with workspace.write() as session:
                reviews.start_next_review(session, assessment, newer, actor="bench")

        service_times = timed(service, RUNS)
        workspace.close()

    figure = median_ms(review)
    print(
        f"compliance-desk review next, {ITEMS} items ({ITEMS - 2 * MOVED} answers and "
        f"{(ITEMS - 2 * MOVED) // 10} evidence files carried, {MOVED} changed, {MOVED} new, "
        f"{MOVED} dropped): median {figure:.0f} ms "
        f"(target < 1000 ms: {'met' if figure < 1000 else 'NOT met'})"
    )
    print(
        f"baseline: compliance-desk show of the same assessment {median_ms(show):.0f} ms; "
        f"bare python start {median_ms(bare):.0f} ms"
    )
    print(
        f"in process: reading the {ITEMS}-item version from YAML {median_ms(parse):.0f} ms, "
        f"again from the parsed cache {median_ms(cached):.0f} ms; "
        f"the service's unit of work {median_ms(service_times):.0f} ms"
    )


if __name__ == "__main__":
    main()
