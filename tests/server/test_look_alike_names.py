"""Names that read as a school's or a person's already in the district are refused.

`server list` shows "hillside", a Greek "Ηillside" or a fullwidth "Ｈｉｌｌｓｉｄｅ" as the
Hillside there is, and a grant to the look-alike would be taken for one to the real school;
two people whose names read the same can't be told apart in the trail or a sign-off.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from app.district.directory import DirectoryError, add_person, add_school, remove_person
from app.errors import RuleError
from app.models import Person, School
from tests.server.district import HILLSIDE, PASSWORD, District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

SCHOOL_LOOK_ALIKES = [
    "hillside school",
    "HILLSIDE SCHOOL",
    "\u0397illside School",  # Greek capital eta
    "Hillside Sch\u043eol",  # Cyrillic small o
    "\uff28\uff49\uff4c\uff4c\uff53\uff49\uff44\uff45 School",  # fullwidth
    "Hillside  School",
    "HillsideSchool",
]
INVISIBLE = "must not contain invisible characters"
HIDDEN = ["Hill\u00adside School", "Hillside\u200bSchool", "\ufeffHillside School"]


def _counts(district: District) -> tuple[int, int]:
    with district.admin() as conn:
        schools = conn.scalar(select(func.count()).select_from(School))
        people = conn.scalar(select(func.count()).select_from(Person))
    return int(schools or 0), int(people or 0)


def test_look_alike_schools_and_people_are_refused_naming_the_one_there_is(
    district: District,
) -> None:
    before = _counts(district)
    for look_alike in SCHOOL_LOOK_ALIKES:
        with pytest.raises(DirectoryError) as refused, district.admin() as conn:
            add_school(conn, look_alike)
        assert str(refused.value) == f"a school named {HILLSIDE} exists already", look_alike
    for hidden in HIDDEN:
        with pytest.raises(RuleError, match=INVISIBLE), district.admin() as conn:
            add_school(conn, hidden)
    dora = district.login("dora")
    for index, look_alike in enumerate(["D\u043era District", "dora district", "DoraDistrict"]):
        login = district.login(f"eve{index}")
        with pytest.raises(DirectoryError) as refused, district.admin() as conn:
            add_person(conn, look_alike, login, PASSWORD)
        assert str(refused.value) == (
            f"a person named Dora District exists already (login {dora}); give the new "
            "person's name something that tells them apart, such as a middle name"
        )
    with pytest.raises(RuleError, match=INVISIBLE), district.admin() as conn:
        add_person(conn, "Do\u200bra District", district.login("eve9"), PASSWORD)
    assert _counts(district) == before
    with district.admin() as conn:
        roles = conn.scalar(
            text("SELECT count(*) FROM pg_roles WHERE rolname LIKE :eve"),
            {"eve": district.login("eve%")},
        )
    assert roles == 0
    # A name that is another name is still welcome, and so is a removed person coming back.
    with district.admin() as conn:
        assert add_school(conn, "Hillside Primary") == "Hillside Primary"
        named = add_person(conn, "Dora D. District", district.login("eve7"), PASSWORD)
        assert named == "Dora D. District"
    ada = district.login("ada")
    with district.admin() as conn:
        remove_person(conn, ada)
    with district.admin() as conn:
        assert add_person(conn, "Ada Lovelace", ada, PASSWORD) == "Ada Lovelace"
