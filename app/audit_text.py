"""Audit events in words, for the command line's history and the GUI's history view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.dto import AuditEventSnapshot
from app.i18n import _
from app.values import EventKind


def _quoted(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = str(value)
    if len(text) > 160:  # long enough that an edit near the end still shows
        text = text[:157] + "..."
    return f"'{text}'"


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    parts = []
    order = {"value": 0, "note": 1}
    for key in sorted(new, key=lambda k: (order.get(k, 2), k)):
        if old.get(key) != new.get(key):
            label = key.replace("_", " ")
            parts.append(f"{label} {_quoted(old.get(key, ''))} -> {_quoted(new.get(key, ''))}")
    return "; ".join(parts)


def describe_event(event: AuditEventSnapshot) -> str:
    """One line saying what the event changed, with old and new values."""
    d = event.detail
    kind = event.kind
    if kind == EventKind.ASSESSMENT_CREATED:
        checklist = d.get("checklist", {})
        scope = ", ".join(f"{k}={v}" for k, v in d.get("scope", {}).items()) or _("none")
        return _("created for {org}, '{title}', checklist {id} {version}, scope {scope}").format(
            org=d.get("organisation"),
            title=d.get("title"),
            id=checklist.get("id"),
            version=checklist.get("version"),
            scope=scope,
        )
    if kind == EventKind.SCOPE_CHANGED:
        return _("scope changed: {changes}").format(changes=_changes(d["old"], d["new"]))
    if kind == EventKind.ANSWER_CHANGED:
        return _("item {item}: {changes}").format(
            item=event.item_id, changes=_changes(d["old"], d["new"])
        )
    if kind == EventKind.ACTION_ADDED:
        return _("item {item}: action {id} added: '{title}', owner {owner}, due {due}").format(
            item=event.item_id, id=d["action"], title=d["title"], owner=d["owner"], due=d["due"]
        )
    if kind == EventKind.ACTION_CHANGED:
        return _("item {item}: action {id} changed: {changes}").format(
            item=event.item_id, id=d["action"], changes=_changes(d["old"], d["new"])
        )
    if kind == EventKind.ACTION_PROGRESS:
        return _("item {item}: action {id} after sign-off: {changes}").format(
            item=event.item_id, id=d["action"], changes=_changes(d["old"], d["new"])
        )
    if kind == EventKind.EVIDENCE_ADDED:
        return _(
            "item {item}: evidence {id} attached: '{name}' ({size} bytes, sha256 {sha})"
        ).format(
            item=event.item_id,
            id=d["evidence"],
            name=d["name"],
            size=d["size"],
            sha=str(d["sha256"])[:12],
        )
    if kind == EventKind.EVIDENCE_REMOVED:
        return _("item {item}: evidence {id} '{name}' removed: {reason}").format(
            item=event.item_id, id=d["evidence"], name=d["name"], reason=d["reason"]
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
    return f"{kind}: {d}"
