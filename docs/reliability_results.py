"""Fill the "Last result" column of docs/reliability.md from a JUnit XML file of a test run.

    python3 dev.py test --junitxml=results.xml
    .venv/bin/python docs/reliability_results.py results.xml

A row names a test (`tests/app/test_faults.py::test_answers_killed_at_random`, every case of a
parametrized one) or a whole file (`tests/app/test_audit_chain.py`). A row the run did not
reach says so, so a renamed test shows up instead of keeping an old result.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parent / "reliability.md"
ROW = re.compile(r"^\| `(?P<key>tests/[^`]+)` \|(?P<what>.*)\| (?P<result>[^|]*) \|$")
RUN_LINE = re.compile(r"^Last full run: .*$", re.MULTILINE)


@dataclass(frozen=True)
class Case:
    """One test case of the run: `path::name` without parameters, outcome and seconds."""

    path: str
    name: str
    outcome: str
    seconds: float


def cases(junit: Path) -> tuple[list[Case], str]:
    """Every case in the file, and when the run started."""
    root = ET.parse(junit).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    assert suite is not None, "not a JUnit file"
    found = []
    for case in suite.iter("testcase"):
        path = case.get("classname", "").replace(".", "/") + ".py"
        name = case.get("name", "").split("[", 1)[0]
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped" and outcome == "passed":
                outcome = "skipped"
        found.append(Case(path, name, outcome, float(case.get("time", "0"))))
    return found, suite.get("timestamp", "")[:10]


def result_of(key: str, run: list[Case]) -> str:
    """The words for a row: passed with the number of cases and the time, or what went wrong."""
    path, _, name = key.partition("::")
    mine = [c for c in run if c.path == path and (not name or c.name == name)]
    if not mine:
        return "not run"
    failed = sum(c.outcome == "failed" for c in mine)
    skipped = sum(c.outcome == "skipped" for c in mine)
    seconds = sum(c.seconds for c in mine)
    if failed:
        return f"**FAILED** {failed} of {len(mine)}"
    if skipped == len(mine):
        return "skipped"
    count = f"{len(mine)} cases, " if len(mine) > 1 else ""
    return f"passed ({count}{seconds:.1f} s)"


def main() -> None:
    """Rewrite the result column and the line saying which run it comes from."""
    run, day = cases(Path(sys.argv[1]))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    lines = []
    for line in DOC.read_text("utf-8").splitlines():
        match = ROW.match(line)
        if match:
            line = f"| `{match['key']}` |{match['what']}| {result_of(match['key'], run)} |"
        lines.append(line)
    text = "\n".join(lines) + "\n"
    passed = sum(c.outcome == "passed" for c in run)
    text = RUN_LINE.sub(
        f"Last full run: {day}, commit {commit}, {passed} of {len(run)} tests passed.", text
    )
    DOC.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
