"""Content every school shares (evidence stored once by hash, checklist copies): no one spoils it.

Evidence content and checklist copies are kept once by their hash, whichever school stored them
first, so a row planted under a hash would be what every other school reads under it. The
database checks that what is kept under a hash is that content: a coordinator's hand-written
SQL can neither add pieces to content another school attaches, nor claim a hash in advance
with other bytes, nor store a checklist copy that is not what its hash says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.checklists import Checklist
from app.evidence_files import SESSION_KEY
from app.postgres.evidence import ChunkedEvidence
from app.services import assessments, audit, evidence
from tests.server.district import HILLSIDE, District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

VENDOR_DPA = b"the video platform vendor's data processing agreement, as published\n"


@contextmanager
def chunked_session(district: District, who: str) -> Iterator[Session]:
    """One unit of work as `who`, keeping evidence in the database as a server workspace does."""
    with Session(district.engine(who), expire_on_commit=False) as session, session.begin():
        session.info[SESSION_KEY] = ChunkedEvidence(session, "the district")
        yield session


def _assessment(district: District, who: str, checklist: Checklist) -> str:
    login = district.login(who)
    with chunked_session(district, who) as session:
        snap = assessments.create_assessment(
            session,
            checklist,
            title="Spring review",
            organisation=HILLSIDE,
            assessor=login,
            scope={"platform": "teams", "under13": "no"},
            actor=login,
        )
    return snap.id


def _attach(district: District, who: str, assessment_id: str, checklist: Checklist) -> str:
    login = district.login(who)
    with chunked_session(district, who) as session:
        snap = assessments.get_assessment(session, assessment_id)
        item = next(i for i in checklist.items if snap.in_scope(i))
        added = evidence.add_evidence(
            session, assessment_id, item.id, name="dpa.txt", data=VENDOR_DPA, actor=login
        )
    return added.sha256


def _refused(district: District, who: str, sql: str, **params: object) -> str:
    with pytest.raises(DBAPIError) as raised, district.engine(who).begin() as conn:
        conn.execute(text(sql), params)
    return str(raised.value.orig)


def _intact(district: District, who: str, assessment_id: str) -> None:
    with chunked_session(district, who) as session:
        verdict = audit.verify_history(session, assessment_id)
    assert verdict.intact, verdict.problems


ADD_PIECE = "INSERT INTO evidence_chunks (sha256, seq, data) VALUES (:sha, :seq, :data)"


def test_no_one_adds_pieces_to_content_another_school_attaches(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _assessment(district, "ada", scoring_checklist)
    sha = _attach(district, "ada", hillside, scoring_checklist)
    # Riverside's coordinator knows the vendor's public file, so its hash: a piece after the
    # last, or before the first, would make Hillside's evidence no longer match it.
    for seq in (1, -1, 7):
        _refused(district, "ben", ADD_PIECE, sha=sha, seq=seq, data=b"spoiled")
    with district.admin() as conn:
        pieces = conn.execute(
            text("SELECT count(*) FROM evidence_chunks WHERE sha256 = :sha"), {"sha": sha}
        ).scalar()
    assert pieces == 1
    _intact(district, "ada", hillside)


def test_no_one_claims_a_hash_in_advance_with_other_content(
    district: District, scoring_checklist: Checklist
) -> None:
    sha = hashlib.sha256(VENDOR_DPA).hexdigest()
    # Riverside's coordinator plants other bytes under the hash of a file Hillside will attach,
    # and a register entry of the wrong size.
    _refused(district, "ben", ADD_PIECE, sha=sha, seq=0, data=b"spoiled")
    with district.engine("ben").begin() as conn:
        conn.execute(
            text("INSERT INTO evidence_blobs (sha256, size, stored_at) VALUES (:sha, 1, now())"),
            {"sha": sha},
        )
    hillside = _assessment(district, "ada", scoring_checklist)
    assert _attach(district, "ada", hillside, scoring_checklist) == sha
    with district.admin() as conn:
        size = conn.execute(
            text("SELECT size FROM evidence_blobs WHERE sha256 = :sha"), {"sha": sha}
        ).scalar()
    assert size == len(VENDOR_DPA)
    _intact(district, "ada", hillside)


def _copy_values(checklist: Checklist, **changed: object) -> dict[str, object]:
    values: dict[str, object] = {
        "sha": checklist.sha256,
        "id": checklist.id,
        "version": checklist.version,
        "title": checklist.title,
        "items": checklist.item_count,
        "content": checklist.canonical,
    }
    return values | changed


ADD_COPY = (
    "INSERT INTO checklist_copies (sha256, checklist_id, version, title, item_count, content)"
    " VALUES (:sha, :id, :version, :title, :items, :content)"
)


def test_a_checklist_copy_is_what_its_hash_says_and_auditors_add_none(
    district: District, scoring_checklist: Checklist
) -> None:
    # Content other than its hash's, or columns other than its content's: every school starting
    # an assessment of that checklist would find its copy spoiled.
    other = scoring_checklist.canonical.replace("Scoring sample", "Scoring simple")
    for changed in (
        {"content": other},
        {"title": "Something else"},
        {"version": "9.9.9"},
        {"items": 3},
        {"id": "another"},
    ):
        message = _refused(district, "ben", ADD_COPY, **_copy_values(scoring_checklist, **changed))
        assert "row-level security" in message, message
    _refused(district, "otto", ADD_COPY, **_copy_values(scoring_checklist))
    with district.admin() as conn:
        assert conn.execute(text("SELECT count(*) FROM checklist_copies")).scalar() == 0
    # The true copy is taken, from anyone who works on assessments.
    with district.engine("ben").begin() as conn:
        conn.execute(text(ADD_COPY), _copy_values(scoring_checklist))
    hillside = _assessment(district, "ada", scoring_checklist)
    _intact(district, "ada", hillside)
