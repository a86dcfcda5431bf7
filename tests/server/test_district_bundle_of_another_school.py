"""A coordinator importing a bundle of an assessment another school holds in the district.

The assessment is not there for them (row-level security), so the import looks like an addition
until the database refuses the row: that must end as a refusal in one line, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.bundles.errors import BundleError
from app.bundles.importing import import_bundle
from app.bundles.writing import export_bundle
from app.checklists import Checklist
from app.services import answers, assessments
from app.values import AnswerValue
from tests.server.district import RIVERSIDE, District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def _count(district: District, table: str) -> object:
    with district.admin() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608


def test_a_bundle_of_another_schools_assessment_is_refused_in_one_line(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    ben = district.login("ben")
    with district.session("ben") as session:
        snap = assessments.create_assessment(
            session,
            scoring_checklist,
            title="Spring review",
            organisation=RIVERSIDE,
            assessor=ben,
            scope={"platform": "teams", "under13": "no"},
            actor=ben,
        )
        item = next(i for i in snap.checklist.items if snap.in_scope(i))
        answers.record_answer(session, snap.id, item.id, value=AnswerValue.YES, actor=ben)
    bundle = tmp_path / "riverside.cdbundle"
    with district.session("ben") as session:
        export_bundle(session, snap.id, bundle)
    before = {t: _count(district, t) for t in ("assessments", "answers", "audit_events")}

    with pytest.raises(BundleError) as refused, district.session("ada") as session:
        import_bundle(session, bundle, actor=district.login("ada"))
    message = str(refused.value)
    assert snap.id in message and "\n" not in message
    assert "duplicate key" not in message and "pk_assessments" not in message
    assert {t: _count(district, t) for t in before} == before
