"""Child process for the durability test: answers items in a loop, reporting each committed one.

    python -m tests.app.durability_child DATA_DIR ASSESSMENT_ID ITEM_ID...

It never stops by itself; the test kills it with SIGKILL.
"""

from __future__ import annotations

import sys
from itertools import count
from pathlib import Path

from app.paths import Paths
from app.services import answers
from app.values import AnswerValue
from app.workspace import open_workspace


def main() -> None:
    """Answer forever; print `ITEM NOTE` only once the answer is committed."""
    data_dir, assessment_id, *items = sys.argv[1:]
    workspace = open_workspace(Paths(Path(data_dir)))
    for round_number in count():
        for item in items:
            note = f"round {round_number}"
            with workspace.write() as session:
                answers.record_answer(
                    session, assessment_id, item, value=AnswerValue.YES, note=note, actor="child"
                )
            print(item, note, flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
