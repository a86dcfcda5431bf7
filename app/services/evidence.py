"""Evidence: files attached to items, kept once by their SHA-256 in the evidence store.

The content is an immutable file in the data folder (`app.evidence_files`), written and flushed
before the rows naming it commit; `evidence_blobs` registers it. Reading checks the hash, so a
file missing or changed behind the app's back is named, never handed on.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.atomic_files import write_bytes_atomically
from app.dto import AssessmentSnapshot, EvidenceSnapshot
from app.errors import NotFoundError, RuleError, UserError
from app.evidence_content import EvidenceContent
from app.evidence_files import evidence_files
from app.evidence_store import CHUNK_BYTES, EvidenceFileError
from app.fields import BIDI_CONTROLS, NOTE_MAX, clean_text, utcnow
from app.i18n import _
from app.models import Evidence, EvidenceBlob, is_number
from app.services.answers import item_of, require_in_scope
from app.services.audit import record_event
from app.services.loading import (
    assessment_for_change,
    assessment_row,
    checklist_of,
    evidence_snapshot,
)
from app.services.numbers import next_number
from app.user_files import open_user_file, read_user_file, size_text
from app.values import EventKind, FileDamage
from app.wording import item_label

DEFAULT_MAX_BYTES = 25 * 1024 * 1024


def read_evidence_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file to attach, never more than the limit (a huge file is refused, not loaded).

    Raises:
        UserError: missing, a folder, a pipe or device, unreadable, or larger than the limit.
    """
    return read_user_file(path, limit=max_bytes, purpose=_("for evidence"))


def add_evidence(
    session: Session,
    ref: str,
    item_id: str,
    *,
    name: str,
    data: bytes,
    actor: str,
    note: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    applies_on: date | None = None,
    valid_until: date | None = None,
) -> EvidenceSnapshot:
    """Attach content held in memory to an item (a file on disk: `add_evidence_file`).

    The same content is stored once for every use. `applies_on` is the date the file shows
    the state of things (default: today, in UTC); `valid_until`, when given, is the last day it
    counts as current (a certificate's or a contract's end). Expired evidence is listed by the
    sign-off gate and marked in the report.

    Raises:
        NotFoundError: no such assessment or item.
        RuleError: signed off, the item is out of scope, the file is empty or too large,
            it is already attached to this item, or "valid until" is before "applies on".
    """
    return _attach(
        session,
        ref,
        item_id,
        name=name,
        size=len(data),
        chunks=lambda: [data],
        actor=actor,
        note=note,
        max_bytes=max_bytes,
        applies_on=applies_on,
        valid_until=valid_until,
    )


def add_evidence_file(
    session: Session,
    ref: str,
    item_id: str,
    *,
    path: Path,
    actor: str,
    name: str | None = None,
    note: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    applies_on: date | None = None,
    valid_until: date | None = None,
) -> EvidenceSnapshot:
    """Attach the file at `path` to an item, read in pieces: never held whole in memory.

    It is hashed and written into the store as it is read, so a file of hundreds of MB costs
    a few MB of memory. `name` defaults to the file's own; the rest is as `add_evidence`.

    Raises:
        UserError: the file is missing, not a regular file, unreadable, or larger than
            `max_bytes` (also when it grows past it while being read).
        NotFoundError, RuleError: as `add_evidence`.
    """
    with open_user_file(path, limit=max_bytes, purpose=_("for evidence")) as handle:
        size = os.fstat(handle.fileno()).st_size

        def pieces() -> Iterator[bytes]:
            read = 0
            while chunk := handle.read(CHUNK_BYTES):
                read += len(chunk)
                if read > max_bytes:  # grown since it was checked
                    raise RuleError(_too_large_text(path.name, read, max_bytes))
                yield chunk

        return _attach(
            session,
            ref,
            item_id,
            name=path.name if name is None else name,
            size=size,
            chunks=pieces,
            actor=actor,
            note=note,
            max_bytes=max_bytes,
            applies_on=applies_on,
            valid_until=valid_until,
        )


def _too_large_text(name: str, size: int, max_bytes: int) -> str:
    return _("{name} is {size}, larger than the {limit} limit for evidence").format(
        name=name, size=size_text(size), limit=size_text(max_bytes)
    )


def _empty_text(name: str) -> str:
    return _("{name} is empty; there is nothing to keep as evidence").format(name=name)


def _attach(
    session: Session,
    ref: str,
    item_id: str,
    *,
    name: str,
    size: int,
    chunks: Callable[[], Iterable[bytes]],
    actor: str,
    note: str,
    max_bytes: int,
    applies_on: date | None,
    valid_until: date | None,
) -> EvidenceSnapshot:
    """Check, store the content `chunks` gives (hashed on the way) and record the attachment.

    `size` is what the content is said to be, checked before anything is read; the stored
    size is the one recorded.
    """
    actor = clean_text(actor, field=_("name"))
    name = clean_text(PurePath(name.replace("\\", "/")).name, field=_("file name"))
    if name == "..":  # the one "last part of a path" that names no file
        raise RuleError(_("'..' is not a file name"))
    note = clean_text(note, field=_("note"), max_length=NOTE_MAX, required=False, multiline=True)
    if not size:
        raise RuleError(_empty_text(name))
    if size > max_bytes:
        raise RuleError(_too_large_text(name, size, max_bytes))
    now = utcnow()
    applies_on = applies_on or now.date()
    if valid_until is not None and valid_until < applies_on:
        raise RuleError(
            _(
                "{name}: valid until {until} is before the date it applies on, {on}; check "
                "both dates"
            ).format(name=name, until=valid_until.isoformat(), on=applies_on.isoformat())
        )
    row = assessment_for_change(session, ref)
    checklist = checklist_of(session, row.checklist_sha256)
    item = item_of(checklist, item_id)
    require_in_scope(row, checklist, item)
    # Into the store (flushed, under its hash name) before the rows naming it can commit; a
    # file already there is kept, and one missing although registered is put back. Whatever
    # is refused after this point, the failing unit of work removes the file if it was new.
    stored = evidence_files(session).put(chunks())
    if not stored.size:  # emptied since it was looked at
        raise RuleError(_empty_text(name))
    digest = stored.sha256
    duplicate = session.scalars(
        select(Evidence).where(
            Evidence.assessment_id == row.id,
            Evidence.item_id == item.id,
            Evidence.blob_sha256 == digest,
            Evidence.removed_at.is_(None),
        )
    ).first()
    if duplicate is not None:
        raise RuleError(
            _("this file is already attached to {item} as '{name}'").format(
                item=item_label(item), name=duplicate.name
            )
        )
    if session.get(EvidenceBlob, digest) is None:
        session.add(EvidenceBlob(sha256=digest, size=stored.size, stored_at=now))
    evidence = Evidence(
        assessment_id=row.id,
        number=next_number(session, Evidence, row.id),
        item_id=item.id,
        blob_sha256=digest,
        name=name,
        note=note,
        added_by=actor,
        added_at=now,
        applies_on=applies_on,
        valid_until=valid_until,
    )
    session.add(evidence)
    session.flush()
    record_event(
        session,
        row,
        kind=EventKind.EVIDENCE_ADDED,
        actor=actor,
        at=now,
        item_id=item.id,
        detail={
            "evidence": evidence.number,
            "name": name,
            "size": stored.size,
            "sha256": digest,
            "note": note,
            "applies_on": applies_on.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    return evidence_snapshot(evidence, stored.size)


# Names Windows keeps for devices, with any extension: "CON", "nul.txt" and "COM1.log" open
# a device there, not a file.
_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))]
)


def save_name(stored: str, evidence_id: int) -> str:
    r"""The file name to save an attached file under, inside the folder the user chose.

    The stored name is only a name, but someone editing the workspace file can make it a path
    (`../x`, `/etc/x`, `C:\x`) or a name no file can have. Only its last part is used (after
    the last `/` or `\`, without a drive such as `C:`), and when that is empty, `.` or `..`,
    holds controls, bytes that are not UTF-8 or direction overrides, or is a Windows device
    name, `evidence-ID` is used instead.
    """
    name = re.split(r"[/\\]", stored)[-1]
    name = re.sub(r"^[A-Za-z]:", "", name).strip()
    unsafe = any(unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS for c in name)
    if unsafe or name in ("", ".", "..") or name.split(".")[0].upper() in _DEVICE_NAMES:
        return f"evidence-{evidence_id}"
    return name


def save_target(target: Path, evidence: EvidenceSnapshot) -> Path:
    """Where `evidence save` writes: `target` itself, or inside it when it is a folder."""
    if target.is_dir():
        return target / save_name(evidence.name, evidence.id)
    return target


def save_copy(
    session: Session,
    ref: str,
    evidence_id: int,
    target: Path,
    *,
    staging: Path | None = None,
    replace: bool = False,
) -> tuple[EvidenceSnapshot, Path]:
    """Save a copy of an attached file, its content checked against its SHA-256 first.

    `target` is the file to write, or a folder to write it into under its own (made safe)
    name; an existing file is replaced only when `replace` says so. The copy is written
    whole or not at all. Returns the evidence and where it went.

    Raises:
        NotFoundError: no such assessment or evidence.
        UserError: the stored file is missing or no longer matches its hash (nothing is
            written); the target exists and `replace` is false; it can't be written.
    """
    snap, data = evidence_content(session, ref, evidence_id)
    path = save_target(target, snap)
    if path.exists() and not replace:
        raise UserError(
            _("{path} exists; give another name").format(path=path),
            command_hint=_("--force replaces it"),
        )
    write_bytes_atomically(path, data, staging=staging)
    return snap, path


def _evidence_row(session: Session, assessment_id: str, evidence_id: int) -> Evidence:
    evidence = None
    if is_number(evidence_id):
        evidence = session.scalars(
            select(Evidence).where(
                Evidence.assessment_id == assessment_id, Evidence.number == evidence_id
            )
        ).one_or_none()
    if evidence is None:
        raise NotFoundError(
            _("assessment {id} has no evidence {evidence}").format(
                id=assessment_id, evidence=evidence_id
            )
        )
    return evidence


def remove_evidence(
    session: Session, ref: str, evidence_id: int, *, reason: str, actor: str
) -> EvidenceSnapshot:
    """Detach a file from its item; the removal, who and why are recorded, the file is kept.

    Raises:
        NotFoundError: no such assessment or evidence.
        RuleError: signed off, already removed, or no reason given.
    """
    actor = clean_text(actor, field=_("name"))
    reason = clean_text(reason, field=_("reason"), max_length=NOTE_MAX, multiline=True)
    row = assessment_for_change(session, ref)
    evidence = _evidence_row(session, row.id, evidence_id)
    if evidence.removed_at is not None:
        raise RuleError(_("evidence {id} was already removed").format(id=evidence_id))
    now = utcnow()
    evidence.removed_at = now
    evidence.removed_by = actor
    evidence.removal_reason = reason
    record_event(
        session,
        row,
        kind=EventKind.EVIDENCE_REMOVED,
        actor=actor,
        at=now,
        item_id=evidence.item_id,
        detail={
            "evidence": evidence.number,
            "name": evidence.name,
            "sha256": evidence.blob_sha256,
            "reason": reason,
        },
    )
    size = session.scalar(
        select(EvidenceBlob.size).where(EvidenceBlob.sha256 == evidence.blob_sha256)
    )
    return evidence_snapshot(evidence, int(size or 0))


def evidence_content(
    session: Session, ref: str, evidence_id: int
) -> tuple[EvidenceSnapshot, bytes]:
    """An attached file and its content, checked against its SHA-256.

    Raises:
        NotFoundError: no such assessment or evidence.
        UserError: its file is missing from the data folder or no longer matches its hash.
    """
    row = assessment_row(session, ref)
    evidence = _evidence_row(session, row.id, evidence_id)
    registered = session.scalar(
        select(EvidenceBlob.size).where(EvidenceBlob.sha256 == evidence.blob_sha256)
    )
    try:
        data = evidence_files(session).read(evidence.blob_sha256, size=registered)
    except EvidenceFileError as exc:
        raise UserError(damaged_text(evidence.number, evidence.name, exc)) from exc
    return evidence_snapshot(evidence, len(data)), data


def damaged_text(number: int, name: str, problem: EvidenceFileError) -> str:
    """What is wrong with evidence `number` (`name`): its file missing, or altered."""
    return _("evidence {id} ({name}) is damaged: {problem}").format(
        id=number, name=name, problem=problem
    )


def damaged_evidence(session: Session, ref: str) -> list[EvidenceSnapshot]:
    """Attached files missing from the data folder or altered there (none, normally).

    Each comes back with its `damage` set: missing, or altered.
    """
    row = assessment_row(session, ref)
    damaged = []
    rows = session.scalars(
        select(Evidence).where(Evidence.assessment_id == row.id, Evidence.removed_at.is_(None))
    ).all()
    store = evidence_files(session)
    for evidence in rows:
        size = session.scalar(
            select(EvidenceBlob.size).where(EvidenceBlob.sha256 == evidence.blob_sha256)
        )
        problem = store.problem(evidence.blob_sha256, size=size)
        if problem is not None:
            damaged.append(
                replace(evidence_snapshot(evidence, int(size or 0)), damage=_damage(problem))
            )
    return damaged


def mark_damaged_files(
    store: EvidenceContent, snapshot: AssessmentSnapshot
) -> tuple[AssessmentSnapshot, list[str]]:
    """`snapshot` with every attached file that is missing or altered marked, and a line each.

    Each file is read through and its hash checked, so a report made from the result says
    which of the files it lists the data folder no longer holds as attached. The lines say
    what is wrong, as `evidence save` and `history --verify` say it.
    """
    marked: list[EvidenceSnapshot] = []
    lines: list[str] = []
    for entry in snapshot.evidence:
        problem = store.problem(entry.sha256, size=entry.size) if entry.active else None
        if problem is not None:
            entry = replace(entry, damage=_damage(problem))
            lines.append(damaged_text(entry.id, entry.name, problem))
        marked.append(entry)
    if not lines:
        return snapshot, lines
    return replace(snapshot, evidence=tuple(marked)), lines


def _damage(problem: EvidenceFileError) -> FileDamage:
    return FileDamage.MISSING if problem.missing else FileDamage.ALTERED


def sweep_unregistered_files(session: Session) -> list[str]:
    """Remove evidence files no row registers that are older than a day (a killed writer's).

    Run in a unit of work that writes: it holds the write lock, so no other writer is between
    storing a file and committing the rows that name it. Returns the files removed.
    """
    registered = set(session.scalars(select(EvidenceBlob.sha256)).all())
    return evidence_files(session).sweep(registered)
