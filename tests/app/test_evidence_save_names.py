r"""`evidence save ASSESSMENT ID FOLDER` writes inside FOLDER, whatever name the workspace holds.

The stored name of an attached file is only a name: someone editing the workspace file can make
it a path (`../x`, an absolute path, `a/b`, `C:\x`), a name that is no file's (`.`, `..`, ""),
or one with controls. Only its last part is used, and a name that can't be one is replaced by
`evidence-ID`: nothing is ever written outside the folder asked for.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from app.cli.main import run
from app.cli.parser import build_parser
from tests.app.test_one_line_messages import new
from tests.raw_sqlite import raw_sqlite

ITEM = "teams-policy-allows"


def cli(data: Path, *words: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(build_parser().parse_args(["--data-dir", str(data), *words]))
    return code, out.getvalue(), err.getvalue()


def everything_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@pytest.mark.parametrize(
    ("stored", "saved_as"),
    [
        ("../x.txt", "x.txt"),
        ("../../x.txt", "x.txt"),
        ("{outside}/x.txt", "x.txt"),  # an absolute path (to a folder of this test)
        ("a/b.txt", "b.txt"),
        ("C:\\x.txt", "x.txt"),
        ("C:x.txt", "x.txt"),
        ("..\\..\\x.txt", "x.txt"),
        ("..", "evidence-1"),
        (".", "evidence-1"),
        ("", "evidence-1"),
        ("a/", "evidence-1"),
        ("a/..", "evidence-1"),
        ("nul\x00.txt", "evidence-1"),
        ("line\nbreak.txt", "evidence-1"),
        ("CON", "evidence-1"),
        ("Meeting 10:30.png", "Meeting 10:30.png"),
    ],
)
def test_a_stored_name_never_leads_outside_the_folder(
    tmp_path: Path, stored: str, saved_as: str
) -> None:
    data = tmp_path / "data"
    made = new(data)
    attached = tmp_path / "policy.txt"
    attached.write_text("the policy\n", "utf-8")
    assert cli(data, "evidence", "add", made, ITEM, str(attached), "--by", "Ada")[0] == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    with raw_sqlite(data / "workspace.sqlite") as db:
        db.execute("UPDATE evidence SET name = ?", (stored.format(outside=outside),))
    db.close()
    folder = tmp_path / "deep" / "er" / "folder"
    folder.mkdir(parents=True)
    before = everything_under(tmp_path) - everything_under(data)
    code, out, err = cli(data, "evidence", "save", made, "1", str(folder))
    assert (code, err) == (0, ""), err
    written = everything_under(tmp_path) - everything_under(data) - before
    assert written == {folder / saved_as}
    assert (folder / saved_as).read_text("utf-8") == "the policy\n"
    assert str(folder / saved_as) in out


def test_the_name_to_save_under() -> None:
    from app.services.evidence import save_name

    assert save_name("report.pdf", 7) == "report.pdf"
    assert save_name("../../etc/passwd", 7) == "passwd"
    assert save_name("..", 7) == "evidence-7"
    assert save_name("rtl\u202etxt.exe", 7) == "evidence-7"
    assert save_name("aux.txt", 7) == "evidence-7"
