"""Child process for the durability and fault tests: writes in a loop until it is killed.

    python -m tests.app.durability_child answers DATA_DIR ASSESSMENT_ID ITEM_ID...
    python -m tests.app.durability_child cli KIND DATA_DIR ASSESSMENT_ID ITEM_ID,... SCRATCH
    python -m tests.app.durability_child signed-stop DATA_DIR ASSESSMENT_ID IDENTITY TARGET STOP

`answers` answers items through the service, printing `ITEM NOTE` once each is committed.

`cli` runs one command-line command after another, in this process, as a user's script would:
KIND is `answer`, `evidence`, `export`, `sign`, `backup`, `bundle` (export one) or `import`
(the bundle SCRATCH/source.cdesk into a new data folder SCRATCH/ws-PID-N each time). Before each it prints `run N`, then the command
prints what it prints (the acknowledgement), then `done N EXIT`. Run it with PYTHONUNBUFFERED=1:
what the test has read is then exactly what the process had said when it died. Names and notes
carry the process id and N (`note PID-N`, `evidence-PID-N.txt`, `report-PID-N.pdf`,
`signed-PID-N.pdf`, `bundle-PID-N.cdesk`).

`signed-stop` makes a signed report and stops, blocked, at STOP: `staged` (written beside the
target, not recorded) or `recorded` (recorded in the trail, not yet in place), printing STOP
there; the test kills it.

None of them stops by itself; the tests kill them with SIGKILL.
"""

from __future__ import annotations

import os
import sys
from itertools import count
from pathlib import Path

from app.paths import Paths
from app.services import answers
from app.values import AnswerValue
from app.workspace import open_workspace


def answer_forever(data_dir: str, assessment_id: str, items: list[str]) -> None:
    """Answer forever; print `ITEM NOTE` only once the answer is committed."""
    workspace = open_workspace(Paths(Path(data_dir)))
    for round_number in count():
        for item in items:
            note = f"round {round_number}"
            with workspace.write() as session:
                answers.record_answer(
                    session, assessment_id, item, value=AnswerValue.YES, note=note, actor="child"
                )
            print(item, note, flush=True)  # noqa: T201


def command(kind: str, n: int, assessment_id: str, items: list[str], scratch: Path) -> list[str]:
    """The n-th command of a `cli` loop; names and notes carry the process id, so are unique."""
    tag = f"{os.getpid()}-{n}"
    if kind == "answer":
        item = items[n % len(items)]
        return ["answer", assessment_id, item, "yes", "--note", f"note {tag}", "--by", "child"]
    if kind == "evidence":
        attached = scratch / f"evidence-{tag}.txt"
        attached.write_text(f"evidence {tag}\n" * 50, "utf-8")
        return ["evidence", "add", assessment_id, items[0], str(attached), "--by", "child"]
    if kind == "export":
        return ["export", assessment_id, "--pdf", str(scratch / f"report-{tag}.pdf")]
    if kind == "sign":
        return ["export", assessment_id, "--pdf", str(scratch / f"signed-{tag}.pdf"), "--sign"]
    if kind == "backup":
        return ["backup", "create"]
    if kind == "bundle":
        return ["bundle", "export", assessment_id, str(scratch / f"bundle-{tag}.cdesk")]
    if kind == "import":
        folder = scratch / f"ws-{tag}"
        return ["--data-dir", str(folder), "bundle", "import", str(scratch / "source.cdesk")]
    raise SystemExit(f"unknown kind {kind}")


def cli_forever(kind: str, data_dir: str, assessment_id: str, items: str, scratch: str) -> None:
    """Run command-line commands of one kind forever, each reported before and after."""
    from app.cli.main import run
    from app.cli.parser import build_parser

    if kind in ("export", "sign"):  # loaded now, so that kills land in the work itself
        import app.report.pdf
        import app.signing.sign  # noqa: F401

    os.environ["COMPLIANCE_DESK_DATA"] = data_dir
    parser = build_parser()
    print("ready", flush=True)  # noqa: T201
    for n in count():
        words = command(kind, n, assessment_id, items.split(","), Path(scratch))
        print(f"run {n}", flush=True)  # noqa: T201
        code = run(parser.parse_args(words))
        print(f"done {n} {code}", flush=True)  # noqa: T201


def signed_stop(
    data_dir: str, assessment_id: str, identity_id: str, target: str, stop: str
) -> None:
    """Make a signed report and block at `stop`, holding its staging note, until killed."""
    from app.report.pdf import REVIEWER_FIELD
    from app.services import assessments
    from app.services.reports import SignedCopy, record_signed_report
    from app.services.signed_reports import stage_signed_report
    from app.signing.identities import load_identity
    from app.signing.sign import SignerSpec

    paths = Paths(Path(data_dir))
    workspace = open_workspace(paths)
    with workspace.read() as session:
        snap = assessments.get_assessment(session, assessment_id)
    identity = load_identity(paths, identity_id)
    spec = SignerSpec(REVIEWER_FIELD, identity, os.environ["COMPLIANCE_DESK_PASSPHRASE"])
    staged = stage_signed_report(workspace, snap, Path(target), [spec])
    if stop == "recorded":  # what place_signed_report does first, and nothing after it
        with workspace.write() as session:
            record_signed_report(
                session,
                assessment_id,
                sha256=staged.sha256,
                file_name=staged.target.name,
                fingerprint=staged.fingerprint,
                actor=staged.actor,
                signatures=[SignedCopy(REVIEWER_FIELD, identity.name, identity.fingerprint)],
            )
    print(stop, flush=True)  # noqa: T201
    sys.stdin.read()  # the test kills this process while it waits here


def main() -> None:
    """Dispatch on the first argument."""
    mode, *rest = sys.argv[1:]
    if mode == "answers":
        answer_forever(rest[0], rest[1], rest[2:])
    elif mode == "cli":
        cli_forever(*rest)
    elif mode == "signed-stop":
        signed_stop(*rest)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
