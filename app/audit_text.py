"""Audit events in words, for the command line's history and the GUI's history view.

Given the assessment's checklist, items are named by their question with the id beside it, and
answers and statuses are written in words ("Not applicable", "In progress"); the stored detail
keeps the raw values, and `--json` prints those.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from app.checklists.model import Checklist
from app.dto import AuditEventSnapshot
from app.i18n import _, ngettext
from app.values import ActionStatus, AnswerValue, EventKind, parse_choice
from app.wording import action_status_word, answer_word, item_label


def _quoted(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = str(value)
    if not text:
        return _("(none)")
    if len(text) > 160:  # long enough that an edit near the end still shows
        text = text[:157] + "..."
    return f"'{text}'"


def _answer(value: Any) -> str:
    known = parse_choice(AnswerValue, str(value)) if value is not None else None
    return answer_word(known) if known is not None else _quoted(value)


def _status(value: Any) -> str:
    known = parse_choice(ActionStatus, str(value)) if value is not None else None
    return action_status_word(known) if known is not None else _quoted(value)


# How each field of an event's detail is named and written.
_FIELDS: dict[str, tuple[Callable[[], str], Callable[[Any], str]]] = {
    "value": (lambda: _("answer"), _answer),
    "note": (lambda: _("note"), _quoted),
    "risk_accepted": (lambda: _("risk accepted"), _quoted),
    "status": (lambda: _("status"), _status),
    "title": (lambda: _("title"), _quoted),
    "owner": (lambda: _("owner"), _quoted),
    "due": (lambda: _("due"), _quoted),
    "progress_note": (lambda: _("progress note"), _quoted),
    "organisation": (lambda: _("organisation"), _quoted),
    "assessor": (lambda: _("assessor"), _quoted),
}


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    parts = []
    order = {"value": 0, "note": 1}
    for key in sorted(new, key=lambda k: (order.get(k, 2), k)):
        if old.get(key) != new.get(key):
            label, shown = _FIELDS.get(key, (lambda k=key: k.replace("_", " "), _quoted))
            parts.append(f"{label()} {shown(old.get(key, ''))} -> {shown(new.get(key, ''))}")
    return "; ".join(parts)


def _copied_from(d: Mapping[str, Any]) -> str:
    source = d.get("copied_from")
    if not isinstance(source, Mapping):
        return ""
    return _("; copied from {id}, '{title}' ({n} answers)").format(
        id=source.get("assessment"), title=source.get("title"), n=len(d.get("answers", {}))
    )


def _previous(d: Mapping[str, Any]) -> str:
    previous = d.get("previous")
    if not isinstance(previous, Mapping):
        return ""
    return _(
        "; next review of {id}, '{title}' ({version}): {carried} answers and {files} evidence "
        "files carried over, {changed} items changed, {new} new, {dropped} dropped"
    ).format(
        id=previous.get("assessment"),
        title=previous.get("title"),
        version=previous.get("checklist", {}).get("version"),
        carried=len(d.get("answers", {})),
        files=len(d.get("evidence", [])),
        changed=len(previous.get("changed", [])),
        new=len(previous.get("new", [])),
        dropped=len(previous.get("dropped", [])),
    )


def _utc_seconds(value: Any) -> str:
    """An ISO time from an event's detail, to the second in UTC ("2026-12-01 14:23:05 UTC")."""
    when = datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        raise ValueError("a time without its zone")
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _item(event: AuditEventSnapshot, checklist: Checklist | None) -> str:
    item = checklist.item(event.item_id) if checklist is not None and event.item_id else None
    if item is None:
        return _("item {item}").format(item=event.item_id)
    return item_label(item)


def describe_event(event: AuditEventSnapshot, checklist: Checklist | None = None) -> str:
    """One line saying what the event changed, with old and new values.

    An event whose detail lacks what its kind carries (written outside the app, its hash
    recomputed) is shown as such, raw, rather than stopping the whole history.

    Args:
        event: the event.
        checklist: the assessment's copy of its checklist, to name items by their question;
            without it items are named by id.
    """
    try:
        return _describe(event, checklist)
    except (LookupError, TypeError, ValueError, AttributeError):
        return _("{kind}, with a detail this version can't read: {detail}").format(
            kind=event.kind, detail=json.dumps(dict(event.detail), ensure_ascii=False)[:300]
        )


def _describe(event: AuditEventSnapshot, checklist: Checklist | None) -> str:
    d = event.detail
    kind = event.kind
    if kind == EventKind.ASSESSMENT_CREATED:
        created = d.get("checklist", {})
        scope = ", ".join(f"{k}={v}" for k, v in d.get("scope", {}).items()) or _("none")
        return (
            _("created for {org}, '{title}', checklist {id} {version}, scope {scope}").format(
                org=d.get("organisation"),
                title=d.get("title"),
                id=created.get("id"),
                version=created.get("version"),
                scope=scope,
            )
            + _copied_from(d)
            + _previous(d)
        )
    if kind == EventKind.DETAILS_CHANGED:
        return _("details changed: {changes}").format(changes=_changes(d["old"], d["new"]))
    if kind == EventKind.DUPLICATED:
        return _("copied to a new assessment {id}, '{title}' ({n} answers)").format(
            id=d["copy"], title=d["title"], n=d["answers"]
        )
    if kind == EventKind.MOVED_TO_BIN:
        return _("moved to the recycle bin: {reason}").format(reason=d["reason"])
    if kind == EventKind.RESTORED_FROM_BIN:
        return _("restored from the recycle bin")
    if kind == EventKind.NEXT_REVIEW_STARTED:
        return _("next review started: {id}, '{title}', checklist version {version}").format(
            id=d["next"], title=d["title"], version=d.get("checklist", {}).get("version")
        )
    if kind == EventKind.WORKSPACE_RESTORED:
        return _("the workspace was restored from the backup made {made} ({name})").format(
            made=_utc_seconds(d["made"]), name=d["backup"]
        )
    if kind == EventKind.SCHOOL_SET:
        school, previous = d["school"], d.get("previous")
        if previous is None:
            return _("put in the school {name} (school {id} of the district)").format(
                name=school["name"], id=school["id"]
            )
        return _(
            "moved from the school {old} (school {old_id}) to the school {name} (school {id})"
        ).format(name=school["name"], id=school["id"], old=previous["name"], old_id=previous["id"])
    if kind == EventKind.SCOPE_CHANGED:
        return _("scope changed: {changes}").format(changes=_changes(d["old"], d["new"]))
    item = _item(event, checklist)
    if kind == EventKind.ANSWER_CHANGED:
        return _("{item}: {changes}").format(item=item, changes=_changes(d["old"], d["new"]))
    if kind == EventKind.ANSWER_CONFIRMED:
        return _("{item}: carried-over answer {value} confirmed").format(
            item=item, value=_answer(d["value"])
        )
    if kind == EventKind.ANSWER_CARRIED_AGAIN:
        return _("{item}: carried-over answer {value} put back, to confirm again").format(
            item=item, value=_answer(d["new"]["value"])
        )
    if kind == EventKind.ACTION_CARRIED:
        source = d.get("from", {})
        return _(
            "{item}: action {id} carried over from {previous} (its action {old}): '{title}', "
            "owner {owner}, due {due}, {status}"
        ).format(
            item=item,
            id=d["action"],
            previous=source.get("assessment"),
            old=source.get("action"),
            title=d["title"],
            owner=d["owner"],
            due=d["due"],
            status=_status(d["status"]),
        )
    if kind == EventKind.ACTION_ADDED:
        return _("{item}: action {id} added: '{title}', owner {owner}, due {due}").format(
            item=item, id=d["action"], title=d["title"], owner=d["owner"], due=d["due"]
        )
    if kind == EventKind.ACTION_CHANGED:
        return _("{item}: action {id} changed: {changes}").format(
            item=item, id=d["action"], changes=_changes(d["old"], d["new"])
        )
    if kind == EventKind.ACTION_PROGRESS:
        return _("{item}: action {id} after sign-off: {changes}").format(
            item=item, id=d["action"], changes=_changes(d["old"], d["new"])
        )
    if kind == EventKind.EVIDENCE_ADDED:
        return _("{item}: evidence {id} attached: '{name}' ({size} bytes, sha256 {sha})").format(
            item=item,
            id=d["evidence"],
            name=d["name"],
            size=d["size"],
            sha=str(d["sha256"])[:12],
        )
    if kind == EventKind.EVIDENCE_REMOVED:
        return _("{item}: evidence {id} '{name}' removed: {reason}").format(
            item=item, id=d["evidence"], name=d["name"], reason=d["reason"]
        )
    if kind == EventKind.SIGNED_OFF:
        text = _("signed off by {name} ({role}); fingerprint {fp}").format(
            name=d["name"], role=d["role"], fp=str(d["fingerprint"])[:16]
        )
        return text + (_("; reviewed by the assessor") if d.get("self_review") else "")
    if kind == EventKind.REOPENED:
        return _("reopened, sign-off {id} void: {reason}").format(
            id=d["signoff"], reason=d["reason"]
        )
    if kind == EventKind.REPORT_SIGNED:
        signers = ", ".join(f"{x['signer']} ({x['field']})" for x in d.get("signatures", []))
        return _("signed report '{file}' written, SHA-256 {sha}; signed by {signers}").format(
            file=d.get("file"), sha=str(d.get("sha256"))[:16], signers=signers
        )
    if kind == EventKind.REPORT_NOT_WRITTEN:
        return _(
            "signed report '{file}' (SHA-256 {sha}) was not written, so no such file exists: "
            "{reason}"
        ).format(file=d.get("file"), sha=str(d.get("sha256"))[:16], reason=d.get("reason"))
    if kind == EventKind.BUNDLE_MERGED:
        return _merged_text(d)
    return f"{kind}: {d}"


def _merged_text(d: Mapping[str, Any]) -> str:
    """A merge in words: the lines it joined, what it took, how its conflicts were settled."""
    conflicts = d.get("conflicts", [])
    changes = len(d.get("changes", []))
    text = ngettext(
        "merged with another copy: its events {base_next} to {theirs} (newest {hash}) joined "
        "after event {base}; {changes} thing taken from it",
        "merged with another copy: its events {base_next} to {theirs} (newest {hash}) joined "
        "after event {base}; {changes} things taken from it",
        changes,
    ).format(
        base=d["base"]["seq"],
        base_next=d["base"]["seq"] + 1,
        theirs=d["theirs"]["seq"],
        hash=str(d["theirs"]["hash"])[:16],
        changes=changes,
    )
    if conflicts:
        mine = sum(1 for c in conflicts if c.get("took") == "mine")
        text += ngettext(
            "; {n} conflict settled ({mine} kept here, {theirs} taken)",
            "; {n} conflicts settled ({mine} kept here, {theirs} taken)",
            len(conflicts),
        ).format(n=len(conflicts), mine=mine, theirs=len(conflicts) - mine)
    return text
