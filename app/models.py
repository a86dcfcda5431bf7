"""The workspace's tables as SQLAlchemy 2 typed models.

Portable SQL only: SQLite specifics live in `app/workspace.py`, so the same models can later serve
a shared PostgreSQL workspace. Times are handed out as aware UTC on both: PostgreSQL keeps them as
`timestamp with time zone`, SQLite (which has no time type) as naive UTC text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.values import LOGIN_LENGTH

ID_LENGTH = 63
NAME_LENGTH = 200
HASH_LENGTH = 64
# Row ids are 64-bit signed integers in every database: a larger number names no row.
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    """Whether `value` can be a row's id (asking the database for 2**66 would fail, not miss)."""
    return 1 <= value <= MAX_ROW_ID


def is_number(value: int) -> bool:
    """Whether `value` can be an action's, evidence's or sign-off's number (see `Action.number`)."""
    return is_row_id(value)


# Named constraints, so batch migrations on SQLite can find and recreate them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, kept so every database hands back the same moment.

    PostgreSQL keeps it as `timestamp with time zone`: a moment, not a wall-clock reading, so no
    setting of the server's can shift it (the backend sets the session's zone to UTC as well,
    `app.postgres.workspace`). SQLite has no time type: it keeps the naive UTC text it always
    has, byte for byte, so hashes and fingerprints made from these values stay the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware UTC where the column keeps a zone, naive UTC where it can't; refuse naive input."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        moment = value.astimezone(UTC)
        return moment if dialect.name == "postgresql" else moment.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Hand out aware UTC, whichever zone the database gave the value in (if any)."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), date: Date()}


class ChecklistCopy(Base):
    """One checklist version as used by assessments, stored once however many use it.

    `content` is the canonical JSON the loader produced; `sha256` is its hash. Never changed once
    written, so editing or upgrading a checklist file leaves started assessments alone.
    """

    __tablename__ = "checklist_copies"

    sha256: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    checklist_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    version: Mapped[str] = mapped_column(String(ID_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH))
    item_count: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)


class Assessment(Base):
    """One organisation's assessment against one checklist version.

    The `*_count` and `score_*` columns summarise the answers so that listing thousands of
    assessments reads one table; every service that changes answers or scope refreshes them in the
    same transaction. `audit_seq`/`audit_head` are the number and hash of the newest audit event,
    so deleting the last events of the trail is detected too. `previous_id` links a next review
    to the one it started from; `deleted_*` are set while a draft is in the recycle bin.
    `school_id` is the school it belongs to in a district workspace, where it decides who may see
    and change it (row-level security, `app/district/policies.py`); a laptop's has none.
    """

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(NAME_LENGTH))
    organisation: Mapped[str] = mapped_column(String(NAME_LENGTH))
    assessor: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    checklist_sha256: Mapped[str] = mapped_column(
        String(HASH_LENGTH), ForeignKey("checklist_copies.sha256", ondelete="RESTRICT"), index=True
    )
    scope_json: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    updated_at: Mapped[datetime]
    answered_count: Mapped[int] = mapped_column(Integer, default=0)
    applicable_count: Mapped[int] = mapped_column(Integer, default=0)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    score_half_points: Mapped[int] = mapped_column(Integer, default=0)
    score_weight: Mapped[int] = mapped_column(Integer, default=0)
    audit_seq: Mapped[int] = mapped_column(Integer, default=0)
    audit_head: Mapped[str] = mapped_column(String(HASH_LENGTH))
    previous_id: Mapped[str | None] = mapped_column(String(32), index=True)
    school_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    deleted_reason: Mapped[str | None] = mapped_column(Text)

    checklist_copy: Mapped[ChecklistCopy] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Action.id",
    )


class Answer(Base):
    """The answer and note given to one item of one assessment, with who gave it and when.

    `carried_over` marks an answer a next review took from the previous one, until someone
    confirms or changes it.
    """

    __tablename__ = "answers"

    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(String(16), default="unanswered")
    note: Mapped[str] = mapped_column(Text, default="")
    risk_accepted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    answered_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    answered_at: Mapped[datetime]
    carried_over: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class Action(Base):
    """A remediation action: what will be done about an item, by whom, by when.

    `number` is what people and the audit trail call the action: unique within its assessment,
    and the same in every workspace the assessment travels to in a bundle, where the row's `id`
    (a number of this workspace's table) is not. Evidence and sign-offs have one too.

    `status` is the status a sign-off sealed (the fingerprint covers it). Remediation goes on
    after sign-off: a status set then is kept in `status_now`, leaving the sealed one alone, and
    becomes `status` when the assessment is reopened. `progress_note` says how the work is going;
    no fingerprint covers it.
    """

    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("assessment_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH))
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH))
    due: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="open")
    status_now: Mapped[str | None] = mapped_column(String(16))
    progress_note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    updated_at: Mapped[datetime]

    assessment: Mapped[Assessment] = relationship(back_populates="actions")


class AuditEvent(Base):
    """One entry of an assessment's append-only audit trail.

    `hash` is the SHA-256 of the event's canonical content including `prev_hash`, the hash of the
    event before it, so editing or deleting any row breaks the chain (see `app/audit_chain.py`).
    """

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("assessment_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="RESTRICT")
    )
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class LineEventRecord(Base):
    """An event of another copy's line that a merge event names by its hash, kept once.

    A merge carries the other copy's events after the parting as their hashes, in order; the
    events themselves are kept here, per assessment, exactly as that copy hashed them, however
    many merges name them (see `app/trail_lines.py`). Checked by hashing whenever they are used.
    """

    __tablename__ = "line_events"

    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="RESTRICT"), primary_key=True
    )
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class EvidenceBlob(Base):
    """An evidence file the store holds, once by its SHA-256 however often it is attached.

    The register of what the evidence store (`app.evidence_files`) must hold: the content is a
    file named by `sha256` in the data folder, never a column.
    """

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[datetime]


class EvidenceChunk(Base):
    """A piece of evidence content kept in the database: a server workspace's evidence store.

    A server workspace has no data folder to keep evidence files in, so its content lives here,
    in pieces of `app.evidence_store.CHUNK_BYTES` numbered from 0 (`app.postgres.evidence`),
    written and removed inside the unit of work's transaction. Rows, not PostgreSQL's large
    objects: those live in `pg_largeobject`, which row-level security can't protect per school,
    `pg_dump` handles apart from the tables, and each needs its own `lo_unlink`. The SQLite
    workspace has the table too (one schema for both) and leaves it empty.
    """

    __tablename__ = "evidence_chunks"

    sha256: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Evidence(Base):
    """A file attached to an item of an assessment. Removal is recorded, never erased.

    `number` names it within its assessment, everywhere (see `Action.number`). `applies_on` is
    the date the file shows the state of things (by default the day it was attached);
    `valid_until`, when set, is when it stops counting as current.
    """

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("assessment_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    blob_sha256: Mapped[str] = mapped_column(
        String(HASH_LENGTH), ForeignKey("evidence_blobs.sha256", ondelete="RESTRICT")
    )
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    note: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    added_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
    removed_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    removal_reason: Mapped[str | None] = mapped_column(Text)
    applies_on: Mapped[date | None]
    valid_until: Mapped[date | None]

    blob: Mapped[EvidenceBlob] = relationship()


class SignOff(Base):
    """A reviewer's sign-off: who approved which state (its fingerprint), when, in what words.

    `self_review` records that the reviewer was the assessment's own assessor (and confirmed it).
    `trail_seq`/`trail_hash` are the number and hash of the audit trail's newest event when it
    was signed off: the anchor its reports carry (empty only where a trail could not tell).
    Reopening the assessment voids it (kept, with who, when and why); signing again adds a new one.
    `number` names it within its assessment, everywhere (see `Action.number`).
    """

    __tablename__ = "signoffs"
    __table_args__ = (UniqueConstraint("assessment_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    role: Mapped[str] = mapped_column(String(NAME_LENGTH))
    statement: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[datetime]
    fingerprint: Mapped[str] = mapped_column(String(HASH_LENGTH))
    voided_at: Mapped[datetime | None]
    voided_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    void_reason: Mapped[str | None] = mapped_column(Text)
    self_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    trail_seq: Mapped[int | None] = mapped_column(Integer)
    trail_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH))


class School(Base):
    """A school of a district workspace; its assessments are seen by its coordinators.

    A laptop's workspace has none. The name is how people and the command line name it.
    """

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    created_at: Mapped[datetime]


class Person(Base):
    """Someone who connects to a district workspace: `login` is their PostgreSQL role's name.

    The database knows who is connected only by that role (`current_user`), so the row-level
    security policies find a person's grants through it.
    """

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    login: Mapped[str] = mapped_column(String(LOGIN_LENGTH), unique=True)
    created_at: Mapped[datetime]


class Grant(Base):
    """What a person may do: coordinate one school, or act for the whole district.

    A coordinator sees and changes their school's assessments; a DPO sees and changes every
    school's; an auditor reads every school's and changes nothing. Only a coordinator's grant
    names a school. A person may hold several (coordinator of two schools, say).
    """

    __tablename__ = "grants"
    __table_args__ = (
        UniqueConstraint("person_id", "role", "school_id"),
        CheckConstraint("role IN ('coordinator', 'dpo', 'auditor')", name="role"),
        CheckConstraint("(role = 'coordinator') = (school_id IS NOT NULL)", name="school"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    school_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("schools.id", ondelete="RESTRICT"), index=True
    )
