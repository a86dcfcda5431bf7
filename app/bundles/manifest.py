"""The manifest: an assessment's rows and trail as JSON, and back into typed column values.

`build_manifest` reads one assessment from the workspace into the manifest's JSON (for export);
`read_contents` turns a manifest that passed the schema into `BundleContents`, whose column
values are what the workspace's rows hold (for checking and import). The two mirror each other
field by field, so what is exported is what is imported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.audit_chain import ChainedEvent
from app.bundles.errors import BundleError
from app.bundles.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FORMAT_VERSION_WITHOUT_LINE_EVENTS,
    evidence_entry,
)
from app.checklists.model import canonical_json
from app.dto import AuditEventSnapshot
from app.fields import utcnow
from app.i18n import _
from app.models import (
    Action,
    Answer,
    Assessment,
    AuditEvent,
    ChecklistCopy,
    Evidence,
    EvidenceBlob,
    SignOff,
)
from app.replay_state import ASSESSMENT, State
from app.services.audit import trail_line
from app.services.line_store import stored_line_events
from app.services.loading import readable
from app.trail_lines import CarriedLineError, LineEvent, event_text, line_event, named_events

# Column of the row <- key in the manifest, for each kind of row (those named alike left out).
_ANSWER_KEYS = {"item_id": "item"}
_ASSESSMENT_KEYS = {"previous_id": "previous"}
_ACTION_KEYS = {"item_id": "item"}
_EVIDENCE_KEYS = {"item_id": "item", "blob_sha256": "sha256"}

_ASSESSMENT_COLUMNS = (
    "id",
    "title",
    "organisation",
    "assessor",
    "checklist_sha256",
    "status",
    "created_at",
    "created_by",
    "updated_at",
    "audit_seq",
    "audit_head",
    "previous_id",
)
_ANSWER_COLUMNS = (
    "item_id",
    "value",
    "note",
    "risk_accepted",
    "answered_by",
    "answered_at",
    "carried_over",
)
_ACTION_COLUMNS = (
    "number",
    "item_id",
    "title",
    "owner",
    "due",
    "status",
    "status_now",
    "progress_note",
    "created_at",
    "created_by",
    "updated_at",
)
_EVIDENCE_COLUMNS = (
    "number",
    "item_id",
    "name",
    "note",
    "blob_sha256",
    "added_by",
    "added_at",
    "removed_at",
    "removed_by",
    "removal_reason",
    "applies_on",
    "valid_until",
)
_SIGNOFF_COLUMNS = (
    "number",
    "name",
    "role",
    "statement",
    "signed_at",
    "fingerprint",
    "self_review",
    "trail_seq",
    "trail_hash",
    "voided_at",
    "voided_by",
    "void_reason",
)
_DATES = frozenset({"due", "applies_on", "valid_until"})
_TIMES = frozenset(
    {
        "created_at",
        "updated_at",
        "answered_at",
        "added_at",
        "removed_at",
        "signed_at",
        "voided_at",
    }
)

Row = Mapping[str, Any]


@dataclass(frozen=True)
class BundledChecklist:
    """The checklist copy a bundle carries: its canonical JSON text and what it says it is."""

    sha256: str
    checklist_id: str
    version: str
    title: str
    item_count: int
    content: str


@dataclass(frozen=True)
class BundledFile:
    """One evidence file's bytes in the bundle: its hash, size and the entry holding it."""

    sha256: str
    size: int
    entry: str


@dataclass(frozen=True)
class BundleContents:
    """What a bundle's manifest holds, as the column values of the rows it stands for.

    `assessment` leaves out the summary columns (progress, score sums): they are counted anew
    from the answers wherever the assessment is stored. `events` are as hashed; `event_details`
    the same events as read (their detail parsed), for replaying. `line_events` are the
    events the trail's merges name by hash and it does not hold itself, by hash, unchecked
    until a line is followed (`app/trail_lines.py`); none in a manifest of format 1.
    """

    format_version: int
    app_version: str
    exported_at: datetime
    assessment: Row
    checklist: BundledChecklist
    answers: tuple[Row, ...]
    actions: tuple[Row, ...]
    evidence: tuple[Row, ...]
    signoffs: tuple[Row, ...]
    files: tuple[BundledFile, ...]
    events: tuple[ChainedEvent, ...]
    event_details: tuple[AuditEventSnapshot, ...]
    line_events: Mapping[str, LineEvent] = field(default_factory=dict)

    @property
    def assessment_id(self) -> str:
        """The assessment's id, the same in every workspace."""
        return str(self.assessment["id"])

    @property
    def evidence_bytes(self) -> int:
        """The size of all evidence files together, each counted once."""
        return sum(f.size for f in self.files)


# Writing


def _time_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _json_value(column: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return _time_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row_json(row: object, columns: Sequence[str], keys: Mapping[str, str]) -> dict[str, Any]:
    return {keys.get(c, c): _json_value(c, getattr(row, c)) for c in columns}


def build_manifest(session: Session, assessment_id: str) -> dict[str, Any]:
    """The manifest of one assessment as it is stored now (evidence bytes are not in it).

    Raises:
        DamagedRowsError: a row holds a value the app never writes.
    """
    with readable(assessment_id):
        row = session.get(Assessment, assessment_id)
        assert row is not None
        copy = session.get(ChecklistCopy, row.checklist_sha256)
        assessment = _row_json(row, _ASSESSMENT_COLUMNS, _ASSESSMENT_KEYS)
        assessment["scope"] = json.loads(row.scope_json)
        answers = session.scalars(
            select(Answer).where(Answer.assessment_id == row.id).order_by(Answer.item_id)
        ).all()
        actions = session.scalars(
            select(Action).where(Action.assessment_id == row.id).order_by(Action.number)
        ).all()
        evidence = session.execute(
            select(Evidence, EvidenceBlob.size)
            .join(EvidenceBlob, EvidenceBlob.sha256 == Evidence.blob_sha256)
            .where(Evidence.assessment_id == row.id)
            .order_by(Evidence.number)
        ).all()
        signoffs = session.scalars(
            select(SignOff).where(SignOff.assessment_id == row.id).order_by(SignOff.number)
        ).all()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.assessment_id == row.id).order_by(AuditEvent.seq)
        ).all()
        checklist = None
        if copy is not None:
            checklist = {
                "sha256": copy.sha256,
                "id": copy.checklist_id,
                "version": copy.version,
                "title": copy.title,
                "items": copy.item_count,
                "content": copy.content,
            }
        files = []
        for item, size in evidence:
            entry = _row_json(item, _EVIDENCE_COLUMNS, _EVIDENCE_KEYS)
            entry["size"] = size
            entry["entry"] = evidence_entry(item.blob_sha256)
            files.append(entry)
        carried = _line_events_of(session, row.id)
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION if carried else FORMAT_VERSION_WITHOUT_LINE_EVENTS,
            "app_version": __version__,
            "exported_at": _time_text(utcnow()),
            "assessment": assessment,
            "checklist": checklist,
            "answers": [_row_json(a, _ANSWER_COLUMNS, _ANSWER_KEYS) for a in answers],
            "actions": [_row_json(a, _ACTION_COLUMNS, _ACTION_KEYS) for a in actions],
            "evidence": files,
            "signoffs": [_row_json(s, _SIGNOFF_COLUMNS, {}) for s in signoffs],
            "events": [
                {
                    "seq": e.seq,
                    "at": _time_text(e.at),
                    "actor": e.actor,
                    "kind": e.kind,
                    "item": e.item_id,
                    "detail": e.detail,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in events
            ],
        }
        if carried:
            manifest["line_events"] = carried
        return manifest


def _line_events_of(session: Session, assessment_id: str) -> dict[str, dict[str, Any]]:
    """The line events the trail's merges name and it does not hold, as the manifest keeps them.

    Raises:
        ValueError: a merge names an event this workspace does not keep, or its line doesn't
            chain (`readable` says so; `history --verify` names where).
    """
    main = trail_line(session, assessment_id)
    try:
        named = named_events(assessment_id, main, stored_line_events(session, assessment_id))
    except CarriedLineError as exc:
        raise ValueError(exc.reason) from exc
    on_trail = {event.chained.hash for event in main}
    kept = {}
    for digest in sorted(named.keys() - on_trail):
        text = event_text(named[digest].chained)
        del text["hash"]  # the key names it
        kept[digest] = text
    return kept


# Reading


def parse_time(text: str, where: str) -> datetime:
    """A manifest's time (UTC, microseconds) as an aware datetime.

    Raises:
        BundleError: not a time, or not written the one way the format writes times.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or _time_text(moment) != text:
        raise BundleError(
            _("the manifest's {where} is not a time as the format writes them: {text}").format(
                where=where, text=repr(text)
            )
        )
    return moment


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BundleError(
            _("the manifest's {where} is not a date: {text}").format(where=where, text=repr(text))
        ) from None


def _columns(
    entry: Mapping[str, Any], columns: Sequence[str], keys: Mapping[str, str], where: str
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in columns:
        value = entry[keys.get(column, column)]
        if column in _TIMES and value is not None:
            value = parse_time(value, f"{where} {column}")
        elif column in _DATES and value is not None:
            value = _date(value, f"{where} {column}")
        values[column] = value
    return values


def _event(assessment_id: str, entry: Mapping[str, Any]) -> tuple[ChainedEvent, AuditEventSnapshot]:
    seq = entry["seq"]
    at = parse_time(entry["at"], _("event {n} time").format(n=seq))
    try:
        detail = json.loads(entry["detail"])
    except (ValueError, RecursionError):  # nested past what any event holds, too
        detail = None
    if not isinstance(detail, dict):
        raise BundleError(
            _("event {n} of the bundle's trail has a detail that is not a JSON object").format(
                n=seq
            )
        )
    chained = ChainedEvent(
        assessment_id=assessment_id,
        seq=seq,
        at=at,
        actor=entry["actor"],
        kind=entry["kind"],
        item_id=entry["item"],
        detail=entry["detail"],
        prev_hash=entry["prev_hash"],
        hash=entry["hash"],
    )
    snapshot = AuditEventSnapshot(
        seq, at, entry["actor"], entry["kind"], entry["item"], detail, entry["hash"]
    )
    return chained, snapshot


def _unique(rows: Sequence[Row], key: str, what: str) -> None:
    seen: set[Any] = set()
    for row in rows:
        if row[key] in seen:
            raise BundleError(
                _("the manifest lists {what} {key} twice").format(what=what, key=row[key])
            )
        seen.add(row[key])


def read_contents(data: Mapping[str, Any]) -> BundleContents:
    """The contents of a manifest that passed the schema, as typed column values.

    Raises:
        BundleError: a time or date that isn't one, an event detail that isn't a JSON object,
            a row listed twice, or evidence files of one hash with different sizes.
    """
    head = data["assessment"]
    assessment_id = head["id"]
    assessment = _columns(head, _ASSESSMENT_COLUMNS, _ASSESSMENT_KEYS, _("assessment"))
    assessment["scope_json"] = canonical_json(head["scope"])
    copy = data["checklist"]
    checklist = BundledChecklist(
        copy["sha256"], copy["id"], copy["version"], copy["title"], copy["items"], copy["content"]
    )
    answers = tuple(
        _columns(a, _ANSWER_COLUMNS, _ANSWER_KEYS, _("answer to {item}").format(item=a["item"]))
        for a in data["answers"]
    )
    actions = tuple(
        _columns(a, _ACTION_COLUMNS, _ACTION_KEYS, _("action {n}").format(n=a["number"]))
        for a in data["actions"]
    )
    evidence = tuple(
        _columns(e, _EVIDENCE_COLUMNS, _EVIDENCE_KEYS, _("evidence {n}").format(n=e["number"]))
        for e in data["evidence"]
    )
    signoffs = tuple(
        _columns(s, _SIGNOFF_COLUMNS, {}, _("sign-off {n}").format(n=s["number"]))
        for s in data["signoffs"]
    )
    _unique(answers, "item_id", _("the answer to item"))
    _unique(actions, "number", _("action"))
    _unique(evidence, "number", _("evidence"))
    _unique(signoffs, "number", _("sign-off"))
    files: dict[str, BundledFile] = {}
    for entry in data["evidence"]:
        bundled = BundledFile(entry["sha256"], entry["size"], entry["entry"])
        if bundled.entry != evidence_entry(bundled.sha256):
            raise BundleError(
                _(
                    "the manifest puts evidence {n} in the entry {entry}, not in the one its "
                    "SHA-256 names"
                ).format(n=entry["number"], entry=bundled.entry)
            )
        known = files.setdefault(bundled.sha256, bundled)
        if known.size != bundled.size:
            raise BundleError(
                _("the manifest gives two sizes for the evidence file {sha}").format(
                    sha=bundled.sha256
                )
            )
    events = [_event(assessment_id, e) for e in data["events"]]
    line_events = {
        digest: _line_event(assessment_id, digest, entry)
        for digest, entry in data.get("line_events", {}).items()
    }
    return BundleContents(
        format_version=data["format_version"],
        app_version=data["app_version"],
        exported_at=parse_time(data["exported_at"], _("export time")),
        assessment=assessment,
        checklist=checklist,
        answers=answers,
        actions=actions,
        evidence=evidence,
        signoffs=signoffs,
        files=tuple(files.values()),
        events=tuple(chained for chained, _read in events),
        event_details=tuple(read for _chained, read in events),
        line_events=line_events,
    )


def _line_event(assessment_id: str, digest: str, entry: Mapping[str, Any]) -> LineEvent:
    """One of the manifest's line events, read as the event its key names."""
    try:
        return line_event(assessment_id, {**entry, "hash": digest})
    except CarriedLineError as exc:
        raise BundleError(
            _("the manifest's line event {hash} can't be read: {reason}").format(
                hash=digest[:16], reason=exc.reason
            )
        ) from exc


def contents_state(contents: BundleContents) -> State:
    """The bundle's rows in the shape `app/audit_replay.replay` gives, to compare with it."""
    head = contents.assessment
    state: State = {
        ASSESSMENT: {
            "title": head["title"],
            "organisation": head["organisation"],
            "assessor": head["assessor"],
            "checklist_sha256": head["checklist_sha256"],
            "scope": head["scope_json"],
            "status": head["status"],
            "created_by": head["created_by"],
            "created_at": head["created_at"],
            "updated_at": head["updated_at"],
            "previous_id": head["previous_id"],
            # A bundle never holds an assessment in the recycle bin (export refuses one).
            "deleted_at": None,
            "deleted_by": None,
            "deleted_reason": None,
        }
    }
    for answer in contents.answers:
        state[("answer", answer["item_id"])] = {k: answer[k] for k in _ANSWER_COLUMNS[1:]}
    for action in contents.actions:
        values = {k: action[k] for k in _ACTION_COLUMNS if k != "number"}
        values["due"] = action["due"].isoformat()
        state[("action", str(action["number"]))] = values
    sizes = {f.sha256: f.size for f in contents.files}
    for evidence in contents.evidence:
        values = {k: evidence[k] for k in _EVIDENCE_COLUMNS if k not in ("number", "blob_sha256")}
        for column in ("applies_on", "valid_until"):  # as the workspace stores a date
            values[column] = None if values[column] is None else values[column].isoformat()
        values["sha256"] = evidence["blob_sha256"]
        values["size"] = sizes[evidence["blob_sha256"]]
        state[("evidence", str(evidence["number"]))] = values
    for signoff in contents.signoffs:
        state[("signoff", str(signoff["number"]))] = {
            k: signoff[k] for k in _SIGNOFF_COLUMNS if k != "number"
        }
    return state
