"""Child process for the killed-export test: builds a workbook and stops, blocked, mid-way.

    python -m tests.app.export_child DATA_DIR ASSESSMENT_ID TARGET

Prints `streaming` at the first progress report (the summary sheet is streaming into its
temporary file by then), then waits on its standard input, which the test never closes: the
test kills it there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.exports.formats import CopyFormat, export_copy
from app.paths import Paths
from app.services import assessments
from app.workspace import open_workspace


def main() -> None:
    data_dir, ref, target = sys.argv[1:4]
    paths = Paths(Path(data_dir))
    workspace = open_workspace(paths)
    with workspace.read() as session:
        snap = assessments.get_assessment(session, ref)

    def progress(_done: int, _total: int) -> None:
        print("streaming", flush=True)  # noqa: T201 - the test reads it
        sys.stdin.readline()

    export_copy(snap, CopyFormat.XLSX, Path(target), progress=progress, staging=paths.staging_dir)


if __name__ == "__main__":
    main()
