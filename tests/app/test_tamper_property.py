"""Property: any change to any row of a signed-off assessment is reported by `history --verify`.

One value of one row is changed in the SQLite file, as anyone who can write it could: a row of
the assessment, its answers, actions, evidence (and the stored files), sign-offs, audit events
or checklist copy. `history ID --verify` must then exit 1 with what is wrong, never 0 (missed)
and never 3 (crashed).

Some columns are left out, as they carry nothing: `audit_events.id`, a row number no check or
screen uses (events are ordered and linked by their number and hash); likewise the `id` of
actions, evidence and sign-offs, whose `number` is what the trail, people and other workspaces
know them by; `evidence_blobs.stored_at`, when a file's content was first stored (for any
assessment); and `assessments.school_id`, the school of a district workspace the assessment
belongs to, which decides who may reach it, not what it says (a laptop's is always empty).

The columns of migration 0005 (the link to a previous review, the recycle bin, carried-over
answers, evidence dates) are left out until the work that sets them records it in the trail:
until then no check can tell a changed value from the one stored.

Hypothesis samples cells; `test_every_column_is_checked` changes one value of every column once,
so a column no check covers fails every run rather than now and then.

The suite tries 120 changes (a few seconds); set TAMPER_EXAMPLES=5000 to search harder.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.checklists import Checklist
from app.cli.main import run
from app.cli.parser import build_parser
from app.paths import Paths
from app.services import actions, answers, assessments, evidence, loading, signoffs
from app.services.reports import SignedCopy, record_signed_report
from app.values import ActionStatus, AnswerValue
from app.workspace import open_workspace

# Columns whose change means nothing (see the module's docstring).
LEFT_OUT = {
    ("audit_events", "id"),
    ("actions", "id"),
    ("evidence", "id"),
    ("signoffs", "id"),
    ("evidence_blobs", "stored_at"),
    ("assessments", "school_id"),
    # Not recorded by the trail yet (see the module's docstring).
    ("assessments", "previous_id"),
    ("assessments", "deleted_at"),
    ("assessments", "deleted_by"),
    ("assessments", "deleted_reason"),
    ("answers", "carried_over"),
    ("evidence", "applies_on"),
    ("evidence", "valid_until"),
}


@dataclass(frozen=True)
class Cell:
    """One stored value of one row: where it is, its declared type, what it holds."""

    table: str
    rowid: int
    column: str
    declared: str
    value: Any


def build_signed_off(data: Path, checklist: Checklist) -> str:
    """A signed-off assessment with something in every table, through the services."""
    workspace = open_workspace(Paths(data))
    try:
        with workspace.write() as session:
            snap = assessments.create_assessment(
                session,
                checklist,
                title="Spring review",
                organisation="Hillside School",
                assessor="Ada",
                scope={"platform": "teams", "under13": "no"},
                actor="Ada",
            )
            for item in snap.checklist.items:
                if snap.in_scope(item):
                    value = {"a2": AnswerValue.NO, "a3": AnswerValue.PARTIAL}.get(
                        item.id, AnswerValue.YES
                    )
                    answers.record_answer(
                        session, snap.id, item.id, value=value, note=f"on {item.id}", actor="Ada"
                    )
            answers.record_answer(
                session, snap.id, "a3", risk_accepted=True, note="Accepted: low use", actor="Bo"
            )
            action = actions.add_action(
                session,
                snap.id,
                "a2",
                title="Fix a2",
                owner="IT",
                due=date(2030, 1, 31),
                actor="Ada",
            )
            evidence.add_evidence(
                session,
                snap.id,
                "a1",
                name="policy.pdf",
                data=b"%PDF policy",
                note="p",
                actor="Ada",
            )
            wrong = evidence.add_evidence(
                session, snap.id, "a1", name="old.txt", data=b"old", actor="Ada"
            )
            evidence.remove_evidence(session, snap.id, wrong.id, reason="outdated", actor="Ada")
            signoffs.sign_off(session, snap.id, name="Bo", role="Head")
            signoffs.reopen(session, snap.id, reason="One more look", actor="Bo")
            signoffs.sign_off(session, snap.id, name="Dana", role="DPO")
            actions.update_action(
                session,
                snap.id,
                action.id,
                status=ActionStatus.DONE,
                progress_note="Done in May",
                actor="IT",
            )
            record_signed_report(
                session,
                snap.id,
                sha256="0" * 64,
                file_name="report.pdf",
                fingerprint=snap.fingerprint,
                signatures=[SignedCopy("reviewer-signature", "Dana", "c" * 64)],
                actor="Dana",
            )
        with workspace.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        workspace.close()
    return snap.id


def cells_of(file: Path, assessment_id: str) -> list[Cell]:
    """Every stored value of every row that belongs to the assessment."""
    owned = {
        "assessments": ("id = ?", (assessment_id,)),
        "answers": ("assessment_id = ?", (assessment_id,)),
        "actions": ("assessment_id = ?", (assessment_id,)),
        "evidence": ("assessment_id = ?", (assessment_id,)),
        "signoffs": ("assessment_id = ?", (assessment_id,)),
        "audit_events": ("assessment_id = ?", (assessment_id,)),
        "evidence_blobs": (
            "sha256 IN (SELECT blob_sha256 FROM evidence WHERE assessment_id = ?)",
            (assessment_id,),
        ),
        "checklist_copies": (
            "sha256 = (SELECT checklist_sha256 FROM assessments WHERE id = ?)",
            (assessment_id,),
        ),
    }
    found = []
    with contextlib.closing(sqlite3.connect(file)) as db:
        for table, (where, params) in owned.items():
            columns = [(r[1], r[2].upper()) for r in db.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(name for name, _type in columns)
            for row in db.execute(f"SELECT rowid, {names} FROM {table} WHERE {where}", params):  # noqa: S608
                for (name, declared), value in zip(columns, row[1:], strict=True):
                    if (table, name) not in LEFT_OUT:
                        found.append(Cell(table, row[0], name, declared, value))
    return found


def stored_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def edits(value: Any) -> st.SearchStrategy[Any]:
    """Small edits of a value as stored: a character changed, added or dropped."""
    if isinstance(value, bytes):
        text = value.decode("latin-1")
        return edits(text).map(lambda t: t.encode("latin-1", "replace"))
    if not isinstance(value, str) or not value:
        return st.nothing()
    return st.tuples(
        st.integers(0, len(value) - 1), st.sampled_from(["flip", "add", "drop"]), st.characters()
    ).map(
        lambda e: (
            value[: e[0]] + e[2] + value[e[0] + 1 :]
            if e[1] == "flip"
            else value[: e[0]] + e[2] + value[e[0] :]
            if e[1] == "add"
            else value[: e[0]] + value[e[0] + 1 :]
        )
    )


def new_values(cell: Cell) -> st.SearchStrategy[Any]:
    """What a hand could write into the cell: values of its kind, edits of it, anything."""
    anything = st.one_of(
        st.none(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=20), st.binary(max_size=8)
    )
    kind: st.SearchStrategy[Any]
    if cell.declared in ("INTEGER", "BOOLEAN"):
        kind = st.integers(-3, 2**40) | st.sampled_from([0, 1])
    elif cell.declared == "DATETIME":
        kind = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(stored_time)
    elif cell.declared == "DATE":
        kind = st.dates(date(2000, 1, 1), date(2100, 1, 1)).map(date.isoformat)
    elif cell.declared == "BLOB":
        kind = st.binary(max_size=16)
    else:
        kind = st.text(max_size=40) | st.sampled_from(
            ["yes", "no", "partial", "na", "unanswered", "open", "done", "draft", "signed", ""]
        )
    return st.one_of(kind, edits(cell.value), anything)


@dataclass
class Template:
    data: Path
    assessment_id: str
    cells: list[Cell]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, scoring_checklist: Checklist) -> Template:
    data = tmp_path_factory.mktemp("template") / "data"
    assessment_id = build_signed_off(data, scoring_checklist)
    return Template(data, assessment_id, cells_of(data / "workspace.sqlite", assessment_id))


def verify(data: Path, assessment_id: str) -> tuple[int, str]:
    """`compliance-desk history ID --verify`, run in this process: exit status and errors."""
    loading._checklists.clear()  # as a new process: no checklist parsed before the change
    args = build_parser().parse_args(
        ["--data-dir", str(data), "history", assessment_id, "--verify"]
    )
    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        status = run(args)
    return status, errors.getvalue()


def test_the_untouched_template_verifies(template: Template) -> None:
    assert verify(template.data, template.assessment_id) == (0, "")
    tables = {c.table for c in template.cells}
    assert tables == {
        "assessments",
        "answers",
        "actions",
        "evidence",
        "signoffs",
        "audit_events",
        "evidence_blobs",
        "checklist_copies",
    }


@settings(
    max_examples=int(os.environ.get("TAMPER_EXAMPLES", "120")),
    database=None,  # the template differs from run to run (ids, times): nothing to replay
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_change_to_any_row_is_reported_by_verify(
    template: Template, data: st.DataObject
) -> None:
    cell = data.draw(st.sampled_from(template.cells), label="cell")
    value = data.draw(new_values(cell), label="new value")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(template.data, copy)
        file = copy / "workspace.sqlite"
        with contextlib.closing(sqlite3.connect(file)) as db:
            try:
                with db:
                    db.execute(
                        f'UPDATE "{cell.table}" SET "{cell.column}" = ? WHERE rowid = ?',  # noqa: S608
                        (value, cell.rowid),
                    )
            except sqlite3.IntegrityError:
                assume(False)  # NOT NULL, UNIQUE: the file refuses this change itself
            found = (
                db.execute(
                    f'SELECT "{cell.column}" FROM "{cell.table}" WHERE rowid = ?',  # noqa: S608
                    (cell.rowid,),
                ).fetchone()
                or db.execute(  # an INTEGER PRIMARY KEY is the row's number itself
                    f'SELECT "{cell.column}" FROM "{cell.table}" WHERE "{cell.column}" = ?',  # noqa: S608
                    (value,),
                ).fetchone()
            )
            (stored,) = found
        assume((type(stored), stored) != (type(cell.value), cell.value))
        status, errors = verify(copy, template.assessment_id)
    assert status == 1, f"{cell.table}.{cell.column} = {stored!r} was not reported"
    assert errors.startswith("error: "), errors
    assert "unexpected failure" not in errors


def _changed_value(cell: Cell) -> Any:
    """One plausible value that differs from the stored one, of the column's kind."""
    if cell.declared in ("INTEGER", "BOOLEAN"):
        return (cell.value or 0) + 1 if isinstance(cell.value, int) else 1
    if cell.declared == "DATETIME":
        return "2001-02-03 04:05:06.000000"
    if cell.declared == "DATE":
        return "2001-02-03"
    if cell.declared == "BLOB":
        return (cell.value or b"") + b"x"
    return (cell.value or "") + "x"


def test_every_column_is_checked(template: Template) -> None:
    columns: dict[tuple[str, str], Cell] = {}
    for cell in template.cells:
        columns.setdefault((cell.table, cell.column), cell)
    missed = []
    for (table, column), cell in sorted(columns.items()):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "data"
            shutil.copytree(template.data, copy)
            with contextlib.closing(sqlite3.connect(copy / "workspace.sqlite")) as db:
                try:
                    with db:
                        db.execute(
                            f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?',  # noqa: S608
                            (_changed_value(cell), cell.rowid),
                        )
                except sqlite3.IntegrityError:
                    continue
            status, errors = verify(copy, template.assessment_id)
        if status != 1 or "unexpected failure" in errors:
            missed.append(f"{table}.{column}")
    assert missed == []
