"""On the district only the DPO signs off and reopens, and brings in a laptop's sign-offs.

The app refuses anyone else first, in one line; the database refuses them even when the app is
bypassed (hand-written SQL on their own login's connection).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.bundles.errors import BundleError
from app.bundles.importing import Outcome, import_bundle
from app.bundles.writing import export_bundle
from app.checklists import Checklist
from app.district.connection import admin_connection, server_url
from app.district.setup import init_server
from app.dto import AssessmentSnapshot
from app.services import assessments, audit, signoffs
from app.signed_in_person import DpoOnlyError, signed_in
from app.values import AssessmentStatus
from app.workspace import Workspace
from tests.conftest import run_cli
from tests.server.district import HILLSIDE, RIVERSIDE, District, new_assessment

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

DPO_ROLE = "District data protection officer"


def _ready(district: District, who: str, checklist: Checklist, organisation: str) -> str:
    """A new assessment of `who`'s school, every applicable item answered: ready to sign off."""
    return new_assessment(district, who, checklist, organisation, answered=True)


def _admin(district: District, sql: str, **params: object) -> object:
    with district.admin() as conn:
        return conn.execute(text(sql), params).scalar()


def _signoff_rows(district: District) -> object:
    return _admin(district, "SELECT count(*) FROM signoffs")


def _status(district: District, assessment_id: str) -> object:
    return _admin(district, "SELECT status FROM assessments WHERE id = :id", id=assessment_id)


def _refused_sql(district: District, who: str, sql: str, **params: object) -> str:
    """The database's refusal of `sql` on `who`'s own connection (the test fails if it ran)."""
    with pytest.raises(DBAPIError) as raised, district.engine(who).begin() as conn:
        conn.execute(text(sql), params)
    return str(raised.value.orig)


def _changed_sql(district: District, who: str, sql: str, **params: object) -> int:
    with district.engine(who).begin() as conn:
        return conn.execute(text(sql), params).rowcount


def _sign(district: District, who: str, assessment_id: str, name: str = "Dora District") -> None:
    with district.session(who) as session:
        signoffs.sign_off(session, assessment_id, name=name, role=DPO_ROLE)


def test_the_dpo_signs_off_any_schools_assessment_in_their_own_name(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    riverside = _ready(district, "ben", scoring_checklist, RIVERSIDE)
    # Typed in other case and spacing, the name is the people list's spelling.
    _sign(district, "dora", hillside, name="  dora   DISTRICT ")
    _sign(district, "dora", riverside)
    with district.admin() as conn:
        names = conn.execute(text("SELECT name FROM signoffs ORDER BY name")).scalars().all()
        actors = conn.execute(
            text("SELECT actor FROM audit_events WHERE kind = 'signoff.signed'")
        ).scalars()
        assert names == ["Dora District", "Dora District"]
        assert set(actors) == {"Dora District"}
    for who, assessment_id in (("ada", hillside), ("ben", riverside)):
        with district.session(who) as session:
            snap = assessments.get_assessment(session, assessment_id)
            verdict = audit.verify_history(session, assessment_id)
        assert snap.status is AssessmentStatus.SIGNED and verdict.intact, verdict.problems


def test_the_dpo_can_not_sign_off_in_another_persons_name(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    with pytest.raises(signoffs.NotSignedInNameError) as refused:
        _sign(district, "dora", hillside, name="Ada Lovelace")
    assert "Dora District" in str(refused.value) and "Ada Lovelace" in str(refused.value)
    assert _signoff_rows(district) == 0 and _status(district, hillside) == "draft"


@pytest.mark.parametrize("who", ["ada", "otto"])
def test_anyone_but_the_dpo_is_refused_by_the_app_in_one_line(
    district: District, scoring_checklist: Checklist, who: str
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    with pytest.raises(DpoOnlyError) as refused:
        _sign(district, who, hillside)  # the attack: the DPO's name and role, typed
    message = str(refused.value)
    assert message.startswith("on the district workspace only the data protection officer")
    assert "\n" not in message and "policy" not in message
    assert _signoff_rows(district) == 0 and _status(district, hillside) == "draft"
    with district.session(who) as session:
        person = signed_in(session)
    assert person is not None and not person.is_dpo


def test_a_coordinators_hand_written_sign_off_is_refused_by_the_database(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    refusal = _refused_sql(
        district,
        "ada",
        "INSERT INTO signoffs (assessment_id, number, name, role, statement, signed_at,"
        " fingerprint, self_review) VALUES (:id, 1, 'Dora District', :role, 'approved', now(),"
        " 'x', false)",
        id=hillside,
        role=DPO_ROLE,
    )
    assert "row-level security" in refusal
    assert _signoff_rows(district) == 0


def test_only_the_dpo_reopens_and_a_coordinator_can_not_void_by_hand(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    _sign(district, "dora", hillside)

    with pytest.raises(DpoOnlyError) as refused, district.session("ada") as session:
        signoffs.reopen(session, hillside, reason="a typo in a note", actor="Ada Lovelace")
    assert "only the data protection officer reopens" in str(refused.value)
    # By hand: the coordinator's connection reaches no sign-off to void, nor to remove.
    assert (
        _changed_sql(district, "ada", "UPDATE signoffs SET voided_at = now(), voided_by = 'Ada'")
        == 0
    )
    assert "permission denied" in _refused_sql(district, "ada", "DELETE FROM signoffs")
    assert _admin(district, "SELECT count(*) FROM signoffs WHERE voided_at IS NULL") == 1
    assert _status(district, hillside) == "signed"

    # The DPO reopens, recorded in their name whatever the app calls its user.
    with district.session("dora") as session:
        voided = signoffs.reopen(session, hillside, reason="a typo in a note", actor="laptop")
    assert voided.voided_by == "Dora District"
    assert _status(district, hillside) == "draft"
    with district.session("ada") as session:
        assert audit.verify_history(session, hillside).intact


def test_init_run_again_keeps_the_dpo_rule(
    district: District, scoring_checklist: Checklist
) -> None:
    # An earlier version's rule that let a sign-off go with an emptied assessment: init drops it.
    with district.admin() as conn:
        conn.execute(
            text(
                "CREATE POLICY compliance_desk_remove ON public.signoffs FOR DELETE"
                " TO compliance_desk_app USING (true)"
            )
        )
    with admin_connection(server_url(district.admin_url)) as conn:
        init_server(conn)
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    _refused_sql(
        district,
        "ada",
        "INSERT INTO signoffs (assessment_id, number, name, role, statement, signed_at,"
        " fingerprint, self_review) VALUES (:id, 1, 'Ada', 'DPO', 'approved', now(), 'x', false)",
        id=hillside,
    )
    _sign(district, "dora", hillside)
    assert _signoff_rows(district) == 1
    policies = _admin(district, "SELECT count(*) FROM pg_policies WHERE tablename = 'signoffs'")
    assert policies == 3  # read, add, change: none removes a sign-off


@pytest.fixture
def laptop_bundle(
    workspace: Workspace,
    make_signed_off: Callable[[str], AssessmentSnapshot],
    tmp_path: Path,
) -> tuple[str, Path]:
    """A bundle of an assessment signed off on a laptop (its SQLite workspace), offline."""
    snap = make_signed_off("Dora District")
    bundle = tmp_path / "laptop.cdbundle"
    with workspace.read() as session:
        export_bundle(session, snap.id, bundle)
    return snap.id, bundle


def test_the_dpo_imports_a_sign_off_made_on_a_laptop(
    district: District, laptop_bundle: tuple[str, Path]
) -> None:
    assessment_id, bundle = laptop_bundle
    with district.session("dora") as session:
        result = import_bundle(session, bundle, actor="Dora District")
    assert result.outcome is Outcome.ADDED
    assert _signoff_rows(district) == 1 and _status(district, assessment_id) == "signed"
    with district.session("dora") as session:
        assert audit.verify_history(session, assessment_id, check_evidence=False).intact


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_coordinators_import_of_a_laptop_sign_off_is_refused(
    district: District, laptop_bundle: tuple[str, Path], dry_run: bool
) -> None:
    assessment_id, bundle = laptop_bundle
    with pytest.raises(BundleError) as refused, district.session("ada") as session:
        import_bundle(session, bundle, actor="Ada Lovelace", dry_run=dry_run)
    message = str(refused.value)
    assert assessment_id in message and "carries a sign-off" in message
    assert "ask the district's DPO to import it" in message and "\n" not in message
    assert _admin(district, "SELECT count(*) FROM assessments") == 0
    assert _signoff_rows(district) == 0


def test_a_coordinator_brings_back_work_the_dpo_signed_off_unchanged(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    """Sign-offs the workspace holds as the bundle does are no change: nothing to refuse."""
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    _sign(district, "dora", hillside)
    bundle = tmp_path / "back.cdbundle"
    with district.session("ada") as session:
        export_bundle(session, hillside, bundle)
    with district.session("ada") as session:
        result = import_bundle(session, bundle, actor="Ada Lovelace", dry_run=True)
    assert result.outcome is Outcome.UNCHANGED


def test_a_dry_run_of_another_schools_bundle_is_refused_as_the_import_is(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    riverside = _ready(district, "ben", scoring_checklist, RIVERSIDE)
    bundle = tmp_path / "riverside.cdbundle"
    with district.session("ben") as session:
        export_bundle(session, riverside, bundle)
    refusals = []
    for dry_run in (True, False):
        with pytest.raises(BundleError) as refused, district.session("ada") as session:
            import_bundle(session, bundle, actor="Ada Lovelace", dry_run=dry_run)
        refusals.append(str(refused.value))
    assert refusals[0] == refusals[1]
    assert riverside in refusals[0] and "don't coordinate" in refusals[0]
    assert _admin(district, "SELECT count(*) FROM assessments") == 1


def test_a_dry_run_of_a_new_assessment_still_says_added_and_writes_nothing(
    district: District,
    workspace: Workspace,
    make_assessment: Callable[..., AssessmentSnapshot],
    tmp_path: Path,
) -> None:
    snap = make_assessment()
    bundle = tmp_path / "laptop.cdbundle"
    with workspace.read() as session:
        export_bundle(session, snap.id, bundle)
    with district.session("ada") as session:
        result = import_bundle(session, bundle, actor="Ada Lovelace", dry_run=True)
    assert result.outcome is Outcome.ADDED and result.dry_run
    assert _admin(district, "SELECT count(*) FROM assessments") == 0
    with district.session("ada") as session:
        result = import_bundle(session, bundle, actor="Ada Lovelace")
    assert result.outcome is Outcome.ADDED
    assert _admin(district, "SELECT count(*) FROM assessments") == 1


def test_the_app_knows_the_role_every_persons_login_belongs_to() -> None:
    from app import signed_in_person
    from app.district import policies

    assert signed_in_person._PERSON_ROLE == policies.PERSON_ROLE


def test_the_command_line_refuses_a_coordinators_sign_off_in_one_line(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    url = district.server.url(district.database, district.login("ada"))
    result = run_cli(
        "--database-url",
        url,
        "signoff",
        hillside,
        "--name",
        "Dora District",
        "--role",
        DPO_ROLE,
        data_dir=tmp_path / "laptop",
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: on the district workspace only the data protection officer signs off; ask the "
        "district's DPO to sign this assessment off"
    ]
    assert _signoff_rows(district) == 0


def test_no_one_removes_a_sign_off_or_the_trail_not_even_by_way_of_the_bin(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    _sign(district, "dora", hillside)
    # The attack: bin it by hand, cut the sign-off and the trail away, take it out of the bin.
    binned = "UPDATE assessments SET deleted_at = now() - interval '400 days' WHERE id = :id"
    for who in ("ada", "dora"):
        assert _changed_sql(district, who, binned, id=hillside) == 1
        for table in ("signoffs", "audit_events", "line_events"):
            assert "permission denied" in _refused_sql(district, who, f"DELETE FROM {table}")
        assert "foreign key" in _refused_sql(
            district, who, "DELETE FROM assessments WHERE id = :id", id=hillside
        )
    trail = _admin(
        district, "SELECT count(*) FROM audit_events WHERE assessment_id = :id", id=hillside
    )
    assert trail and _signoff_rows(district) == 1


def test_a_status_set_by_hand_must_agree_with_the_sign_offs(
    district: District, scoring_checklist: Checklist
) -> None:
    draft = _ready(district, "ada", scoring_checklist, HILLSIDE)
    signed = _ready(district, "ada", scoring_checklist, HILLSIDE)
    _sign(district, "dora", signed)
    for who in ("ada", "dora"):
        # A draft shown as signed off with no sign-off, a signed one made a draft without reopening.
        for assessment_id, status in ((draft, "signed"), (signed, "draft")):
            refusal = _refused_sql(
                district,
                who,
                "UPDATE assessments SET status = :s WHERE id = :id",
                s=status,
                id=assessment_id,
            )
            assert "sign-off in force" in refusal
    assert _status(district, draft) == "draft" and _status(district, signed) == "signed"


def test_the_trail_head_can_not_be_set_back_by_hand(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _ready(district, "ada", scoring_checklist, HILLSIDE)
    first = _admin(
        district, "SELECT hash FROM audit_events WHERE assessment_id = :id AND seq = 1", id=hillside
    )
    refusal = _refused_sql(
        district,
        "ada",
        "UPDATE assessments SET audit_seq = 1, audit_head = :h WHERE id = :id",
        h=first,
        id=hillside,
    )
    assert "its trail ends at" in refusal
    with district.session("ada") as session:
        assert audit.verify_history(session, hillside).intact
