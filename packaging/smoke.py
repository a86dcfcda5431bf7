"""Smoke test of the built app folder: the program alone, with no Python and no network to lean on.

    python3 packaging/smoke.py [dist/compliance-desk]

Runs with any Python 3.11+, standard library only, but every step calls only the built
`compliance-desk` program, with a PATH holding no Python, none of Python's variables, a fresh HOME
and data folder, and (where `unshare -n` works, as for root in CI) no network at all. It creates an
assessment, answers it, exports a draft PDF and an Excel, CSV and Word copy, makes a signing
identity, signs off, exports and verifies a signed report (and sees a tampered copy refused),
checks the audit trail's hash chain, makes a backup and a bundle, and opens the window offscreen.
Prints one line per step and `N passed, N failed` last; exits 1 if any step failed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "smoke-test passphrase"
TIMEOUT = 300  # seconds for one command: far more than any should take


class StepFailedError(Exception):
    """One step did not do what it should; the message says what it did instead."""


class Smoke:
    """The built program, run in a bare environment inside one scratch folder."""

    def __init__(self, program: Path, scratch: Path) -> None:
        self.program = program
        self.scratch = scratch
        empty_bin = scratch / "bin"  # a PATH with nothing on it: no python, no shell tools
        empty_bin.mkdir()
        self.env = {
            "PATH": str(empty_bin),
            "HOME": str(scratch / "home"),
            "LANG": "C.UTF-8",
            "COMPLIANCE_DESK_DATA": str(scratch / "data"),
            "COMPLIANCE_DESK_PASSPHRASE": PASSPHRASE,
            "COMPLIANCE_DESK_AUTHORITY_PASSPHRASE": PASSPHRASE,
        }
        # Windows starts no program without these; none of them leads to a Python.
        for name in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP"):
            if name in os.environ:
                self.env[name] = os.environ[name]
        (scratch / "home").mkdir()
        self.isolate = self._network_isolation()
        self.results: list[tuple[str, str | None]] = []

    @staticmethod
    def _network_isolation() -> list[str]:
        """`unshare -n` (a new network namespace with no way out) where this user may use it."""
        unshare = shutil.which("unshare")
        if unshare is None:
            return []
        probe = subprocess.run([unshare, "-n", "true"], capture_output=True, check=False)
        return [unshare, "-n"] if probe.returncode == 0 else []

    def run(
        self, *args: str, code: int = 0, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run the program; a different exit status than `code` fails the step."""
        result = subprocess.run(
            [*self.isolate, str(self.program), *args],
            cwd=self.scratch,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )
        if result.returncode != code:
            raise StepFailedError(
                f"`compliance-desk {' '.join(args)}` exited {result.returncode}, not {code}\n"
                f"stdout: {result.stdout.strip()}\nstderr: {result.stderr.strip()}"
            )
        return result

    def step(self, name: str, action: Callable[[], None]) -> None:
        """Run one step and record how it went."""
        try:
            action()
        except (StepFailedError, subprocess.TimeoutExpired, OSError, ValueError, KeyError) as exc:
            self.results.append((name, str(exc)))
            print(f"FAIL {name}\n     {str(exc).replace(chr(10), chr(10) + '     ')}", flush=True)
        else:
            self.results.append((name, None))
            print(f"ok   {name}", flush=True)


def expect(condition: bool, message: str) -> None:
    """Fail the step with `message` unless `condition` holds."""
    if not condition:
        raise StepFailedError(message)


def expect_file(path: Path, starts: bytes) -> None:
    """The file exists and begins with the bytes its format begins with."""
    expect(path.is_file(), f"{path.name} was not written")
    expect(path.read_bytes().startswith(starts), f"{path.name} does not start with {starts!r}")


def expect_zip_member(path: Path, member: str) -> None:
    """An Office file (a zip) holding `member`."""
    expect_file(path, b"PK")
    with zipfile.ZipFile(path) as archive:
        expect(member in archive.namelist(), f"{path.name} has no {member}")


def run_all(smoke: Smoke, version: str) -> None:
    """Every step, in the order a person would take them."""
    state: dict[str, str] = {}
    out = smoke.scratch

    def check_version() -> None:
        printed = smoke.run("--version").stdout.strip()
        expect(printed == f"compliance-desk {version}", f"--version printed {printed!r}")

    def check_python_absent() -> None:
        if os.name == "nt":
            smoke.run("--help")
            return
        probe = subprocess.run(
            ["/bin/sh", "-c", "command -v python3 python"],
            env=smoke.env,
            capture_output=True,
            text=True,
            check=False,
        )
        expect(probe.stdout.strip() == "", f"the smoke PATH finds {probe.stdout.strip()}")
        smoke.run("--help")

    def checklists() -> None:
        listed = json.loads(smoke.run("checklists", "--json").stdout)
        ids = {entry["id"] for entry in listed}
        expect({"e2ee-calls-meetings", "vc-security-privacy"} <= ids, f"checklists: {ids}")
        smoke.run("checklist", "validate", str(ROOT / "checklists" / "e2ee-calls-meetings.yaml"))

    def create() -> None:
        smoke.run("settings", "--name", "Smoke Tester")
        state["id"] = smoke.run(
            "new",
            "--checklist",
            "e2ee-calls-meetings",
            "--org",
            "Hillside School",
            "--title",
            "Smoke test",
            "--assessor",
            "Zoë Łukasz",
            "--scope",
            "platform=zoom",
        ).stdout.strip()
        expect(len(state["id"]) >= 8, f"new printed {state['id']!r}")

    def answer() -> None:
        shown = json.loads(smoke.run("show", state["id"], "--json").stdout)
        items = [a["item"] for a in shown["answers"] if a["in_scope"]]
        expect(len(items) > 5, f"only {len(items)} items in scope")
        for item in items:
            smoke.run("answer", state["id"], item, "yes", "--note", f"Checked {item} — Ğ, Ω, Ж")
        shown = json.loads(smoke.run("show", state["id"], "--json").stdout)
        progress = shown["progress"]
        expect(progress["answered"] == progress["applicable"], f"progress {progress}")
        expect(shown["score"] == 100, f"score {shown['score']}")

    def export() -> None:
        smoke.run("export", state["id"], "--pdf", "draft.pdf")
        expect_file(out / "draft.pdf", b"%PDF-")
        smoke.run("export", state["id"], "--xlsx", "copy.xlsx")
        expect_zip_member(out / "copy.xlsx", "xl/workbook.xml")
        smoke.run("export", state["id"], "--docx", "copy.docx")
        expect_zip_member(out / "copy.docx", "word/document.xml")
        smoke.run("export", state["id"], "--csv", "answers.csv")
        expect((out / "answers.csv").stat().st_size > 100, "answers.csv is nearly empty")

    def german() -> None:
        # Dates and numbers in German come from Babel's locale data, trimmed in the build to the
        # app's languages: a Word copy in German shows both.
        smoke.run("export", state["id"], "--docx", "kopie.docx", env={"COMPLIANCE_DESK_LANG": "de"})
        with zipfile.ZipFile(out / "kopie.docx") as docx:
            text = docx.read("word/document.xml").decode("utf-8")
        expect(re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", text) is not None, "no German date")
        german_percent = re.search(r"\b100(,0)?\u00a0%", text) is not None
        expect(german_percent, "no German percentage (100 % or 100,0 %, with a no-break space)")

    def sign() -> None:
        smoke.run("identity", "create", "--name", "Dana Data", "--role", "DPO")
        smoke.run("signoff", state["id"], "--name", "Dana Data", "--role", "DPO")
        shown = json.loads(smoke.run("show", state["id"], "--json").stdout)
        expect(shown["status"] == "signed", f"status {shown['status']}")
        smoke.run("export", state["id"], "--pdf", "signed.pdf", "--sign")
        expect_file(out / "signed.pdf", b"%PDF-")

    def verify() -> None:
        printed = smoke.run("verify", "signed.pdf").stdout
        expect(printed.strip() != "", "verify printed nothing")
        tampered = bytearray((out / "signed.pdf").read_bytes())
        middle = len(tampered) // 3
        tampered[middle] = (tampered[middle] + 1) % 256
        (out / "tampered.pdf").write_bytes(bytes(tampered))
        smoke.run("verify", "tampered.pdf", code=1)

    def history() -> None:
        printed = smoke.run("history", state["id"], "--verify").stdout
        expect(printed.strip() != "", "history --verify printed nothing")

    def backup_and_bundle() -> None:
        smoke.run("backup", "create")
        expect(len(json.loads(smoke.run("backup", "list", "--json").stdout)) >= 1, "no backup")
        smoke.run("bundle", "export", state["id"], "smoke.cdesk")
        smoke.run("bundle", "inspect", "smoke.cdesk")

    def window() -> None:
        smoke.run("gui", "--quit-after-start", env={"QT_QPA_PLATFORM": "offscreen"})
        logs = (out / "data" / "logs").glob("*.log*")
        text = "".join(path.read_text("utf-8", errors="replace") for path in logs)
        expect("started on" in text, "the window's start is not in the log")

    steps: Sequence[tuple[str, Callable[[], None]]] = [
        ("--version", check_version),
        ("no python on the PATH; --help", check_python_absent),
        ("shipped checklists listed and validated", checklists),
        ("create an assessment", create),
        ("answer every item in scope", answer),
        ("export PDF, Excel, Word, CSV", export),
        ("German dates and numbers in a Word copy", german),
        ("signing identity, sign-off, signed PDF", sign),
        ("verify the signed PDF; a tampered copy refused", verify),
        ("history --verify", history),
        ("backup and bundle", backup_and_bundle),
        ("window opens offscreen", window),
    ]
    for name, action in steps:
        smoke.step(name, action)  # after a failed `create` the rest fail on the missing id


def main(argv: list[str]) -> int:
    """Run the smoke test on the app folder named (default dist/compliance-desk)."""
    folder = Path(argv[0]).resolve() if argv else ROOT / "dist" / "compliance-desk"
    program = folder / ("compliance-desk.exe" if os.name == "nt" else "compliance-desk")
    if not program.is_file():
        print(f"error: {program} is missing; build it first: python3 dev.py build", file=sys.stderr)
        return 1
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    with tempfile.TemporaryDirectory(prefix="compliance-desk-smoke-") as scratch:
        smoke = Smoke(program, Path(scratch))
        where = "with no network" if smoke.isolate else "(network not isolated: no unshare -n)"
        print(f"Smoke test of {program} {where}", flush=True)
        run_all(smoke, version)
    failed = sum(1 for _, problem in smoke.results if problem is not None)
    print(f"smoke: {len(smoke.results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
