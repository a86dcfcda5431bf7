"""Which school of a district workspace an assessment belongs to: chosen, defaulted, moved.

A laptop's workspace has no schools, and its assessments belong to none. In a district workspace
(PostgreSQL) the database's policies let a coordinator reach only the assessments of the schools
they coordinate, so a new or imported assessment must say its school before it is written: a
coordinator of one school gets theirs; one of several says which (or is refused, with the
choices); the DPO may name any school, or none. The DPO moves an assessment to another school.

Each placing is recorded in the trail (`assessment.school_set`, naming the school by name and id)
but changes nothing a checklist or a fingerprint covers: bundles carry the event to laptops,
which have no schools, and the school itself (`assessments.school_id`) never travels in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import RuleError
from app.fields import clean_text, utcnow
from app.i18n import _
from app.models import Assessment, School
from app.services.audit import record_event
from app.services.loading import assessment_row
from app.signed_in_person import auditor_changes_none, no_role_refusal, signed_in
from app.values import ROLE_AUDITOR, ROLE_COORDINATOR, ROLE_DPO, EventKind


class SchoolChoiceError(RuleError):
    """No school, or not this one, can be chosen for an assessment."""


@dataclass(frozen=True)
class SchoolRef:
    """A school of the district, as a person chooses it and the trail names it."""

    id: int
    name: str

    def as_detail(self) -> dict[str, object]:
        """How an event's detail names the school: by name and id."""
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class SchoolPlacing:
    """Where an assessment now belongs, where it belonged before, and whether that changed."""

    assessment_id: str
    school: SchoolRef
    previous: SchoolRef | None
    changed: bool


@dataclass(frozen=True)
class SchoolChoices:
    """The schools a person may put an assessment in, and whether they may leave it in none.

    `choices` is empty on a workspace without schools (a laptop's, `has_schools` false).
    `default` is the school a new assessment goes to when none is named: a coordinator's only
    school. `refusal` says why the person may put an assessment nowhere: they only audit, or
    their login has no role in the district any more; None when they may.
    """

    choices: tuple[SchoolRef, ...]
    default: SchoolRef | None
    may_leave_out: bool
    has_schools: bool
    refusal: str | None = None

    def names(self) -> str:
        """The choices' names, for a refusal."""
        return ", ".join(school.name for school in self.choices)

    @property
    def asks(self) -> bool:
        """Whether the person has a school to choose: several, or one and none.

        Not on a laptop (no schools), nor for a coordinator of one school (theirs is taken).
        """
        return len(self.choices) > 1 or (bool(self.choices) and self.may_leave_out)


def _all_schools(session: Session) -> list[SchoolRef]:
    rows = session.execute(select(School.id, School.name).order_by(School.name))
    return [SchoolRef(id, name) for id, name in rows]


def school_choices(session: Session) -> SchoolChoices:
    """The schools the person connected may start, import or move an assessment into.

    A coordinator: the schools they coordinate (their only one is the default), and never none.
    The DPO, or a connection that is no person of the district (an administrator's): every
    school, or none. A person whose grants were all taken away: none at all, saying why, rather
    than an administrator's every school (the database would refuse each one).
    """
    person = signed_in(session)  # read once per unit of work
    if person is not None and not person.has_role:
        return SchoolChoices(
            (), None, may_leave_out=False, has_schools=True, refusal=no_role_refusal(person)
        )
    schools = _all_schools(session)
    if not schools:
        return SchoolChoices((), None, may_leave_out=True, has_schools=False)
    grants = [] if person is None else list(person.grants)
    if person is None or any(role == ROLE_DPO for role, _school in grants):
        return SchoolChoices(tuple(schools), None, may_leave_out=True, has_schools=True)
    coordinated = {school_id for role, school_id in grants if role == ROLE_COORDINATOR}
    mine = tuple(s for s in schools if s.id in coordinated)
    default = mine[0] if len(mine) == 1 else None
    audits = not mine and any(role == ROLE_AUDITOR for role, _school in grants)
    refusal = auditor_changes_none() if audits else None
    return SchoolChoices(mine, default, may_leave_out=False, has_schools=True, refusal=refusal)


def _named(session: Session, choices: SchoolChoices, name: str) -> SchoolRef:
    cleaned = clean_text(name, field=_("the school's name"))
    if not choices.has_schools:
        raise SchoolChoiceError(
            _("this workspace has no schools; schools belong to a district workspace")
        )
    if choices.refusal is not None:
        raise SchoolChoiceError(choices.refusal)
    for school in choices.choices:
        if school.name == cleaned:
            return school
    if not choices.choices:
        raise SchoolChoiceError(_("you may put an assessment in no school of this workspace"))
    if any(school.name == cleaned for school in _all_schools(session)):
        # It exists, but is not theirs: say so, and which are, rather than that it is missing.
        raise SchoolChoiceError(
            _("you may not put an assessment in {name}: you coordinate {choices}").format(
                name=cleaned, choices=choices.names()
            )
        )
    raise SchoolChoiceError(
        _("there is no school named {name}; choose one of: {choices}").format(
            name=cleaned, choices=choices.names()
        )
    )


def school_for_new(session: Session, name: str | None) -> SchoolRef | None:
    """The school a new (or imported) assessment is to belong to; None: none.

    Raises:
        SchoolChoiceError: `name` is no school the person may choose, or none is named and the
            person coordinates several schools (the refusal lists them), or none at all, or the
            person is an auditor (who changes nothing), or has no role left.
        RuleError: `name` is empty, too long or holds hidden characters.
    """
    choices = school_choices(session)
    if name is not None:
        return _named(session, choices, name)
    if choices.refusal is not None:
        raise SchoolChoiceError(choices.refusal)
    if choices.default is not None or choices.may_leave_out:
        return choices.default
    if not choices.choices:
        raise SchoolChoiceError(_("you coordinate no school: you can't start an assessment"))
    raise SchoolChoiceError(
        _(
            "you coordinate more than one school: say which school the assessment is for "
            "(one of: {choices})"
        ).format(choices=choices.names())
    )


def _school_of(session: Session, school_id: int | None) -> SchoolRef | None:
    if school_id is None:
        return None
    name = session.scalar(select(School.name).where(School.id == school_id))
    return SchoolRef(school_id, name) if name is not None else None


def place_in_school(
    session: Session,
    row: Assessment,
    school: SchoolRef,
    *,
    actor: str,
    at: datetime | None = None,
) -> SchoolPlacing:
    """Make `row` belong to `school`, recording it in its trail (nothing if it belongs there).

    The row must be in the session (added or locked for the change).
    """
    previous = _school_of(session, row.school_id)
    if previous is not None and previous.id == school.id:
        return SchoolPlacing(row.id, school, previous, changed=False)
    row.school_id = school.id
    _record(session, row, school, previous, actor=actor, at=at or utcnow())
    return SchoolPlacing(row.id, school, previous, changed=True)


def record_school_at_start(
    session: Session, row: Assessment, school: SchoolRef | None, *, actor: str, at: datetime
) -> None:
    """Record in a new assessment's trail the school it was made in (`row.school_id`, set).

    A new row carries its school from its insert on (the database's policies ask for it then);
    this records it right after the assessment's creation. Nothing for none.
    """
    if school is not None:
        _record(session, row, school, None, actor=actor, at=at)


def placer(session: Session, actor: str | None) -> str:
    """Who puts an assessment in a school: `actor`, else the district login connected.

    An import names no one unless it merges; the school it places an assessment in is still
    recorded as someone's doing. Asked only of a district workspace (only it has schools).
    """
    if actor is not None:
        return clean_text(actor, field=_("name"))
    return str(session.scalar(select(func.current_user())))


def school_of_row(session: Session, row: Assessment) -> SchoolRef | None:
    """The school `row` belongs to (None: none), for a copy or next review made from it."""
    return _school_of(session, row.school_id)


def _record(
    session: Session,
    row: Assessment,
    school: SchoolRef,
    previous: SchoolRef | None,
    *,
    actor: str,
    at: datetime,
) -> None:
    record_event(
        session,
        row,
        kind=EventKind.SCHOOL_SET,
        actor=actor,
        at=at,
        detail={
            "school": school.as_detail(),
            "previous": previous.as_detail() if previous is not None else None,
        },
    )
    session.flush()


def move_to_school(session: Session, ref: str, name: str, *, actor: str) -> SchoolPlacing:
    """Move the assessment `ref` to the school named `name` (the DPO's, or between one's own).

    Its content, sign-off and fingerprint stay as they are: the school is not part of them, so
    a signed-off assessment moves without a reopening.

    Raises:
        NotFoundError: no assessment matches `ref` (or the person can't see it).
        SchoolChoiceError: `name` is no school the person may move it to.
        RuleError: a name is empty, too long or holds hidden characters.
    """
    actor = clean_text(actor, field=_("name"))
    school = _named(session, school_choices(session), name)
    row = assessment_row(session, ref, for_update=True)
    return place_in_school(session, row, school, actor=actor)


def choices_for_import(session: Session, assessment_id: str) -> SchoolChoices | None:
    """The schools to ask about for importing the assessment `assessment_id`; None: ask none.

    Only an import that adds the assessment puts it in a school: one the workspace holds keeps
    its own (`app.bundles.importing`). Nothing is asked where there is no choice (`asks`).
    """
    if session.get(Assessment, assessment_id) is not None:
        return None
    choices = school_choices(session)
    return choices if choices.asks else None


def school_of_assessment(session: Session, assessment_id: str) -> SchoolRef | None:
    """The school the assessment belongs to; None: none (always so on a laptop)."""
    school_id = session.scalar(select(Assessment.school_id).where(Assessment.id == assessment_id))
    return _school_of(session, school_id)
