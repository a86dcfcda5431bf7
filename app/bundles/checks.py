"""Proving a bundle's contents hold together before any of it is used.

What the manifest says is checked the way `history --verify` checks a workspace, and more, since
the whole file may have been made by hand: the audit chain from its first event to the head the
assessment names; the rows against the state the trail replays to; each sign-off against the
fingerprint of the state it signed (the trail replayed up to the event before it); a signed-off
assessment against its sign-off in force; the checklist copy against its SHA-256 and the format;
every item and scope answer against the checklist; every text against what the app would accept
from a person. The evidence files' bytes are checked as they are read (`reading.BundleReader`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from app.audit_chain import verify_chain
from app.audit_replay import differences, replay
from app.bundles.errors import BundleError
from app.bundles.format import inline_refs
from app.bundles.manifest import BundleContents, contents_state
from app.checklists.library import shipped_version
from app.checklists.loader import checklist_data_problems, checklist_schema
from app.checklists.model import Checklist, canonical_json, checklist_from_canonical
from app.errors import RuleError
from app.fields import BIDI_CONTROLS, NAME_MAX, NOTE_MAX, clean_text
from app.fingerprint import SealedAction, SealedAnswer, SealedContent, fingerprint_of
from app.i18n import _
from app.replay_checks import signoff_check
from app.replay_state import ABSENT, ASSESSMENT, Difference, ReplayError, State
from app.services.assessments import check_scope
from app.trail_lines import (
    CarriedLineError,
    LineEvent,
    known_events,
    line_events,
    line_to,
    lines,
)
from app.trail_verdict import entity_words, shown
from app.values import AssessmentStatus

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from app.quick_schema import QuickSchema

# Lone surrogates: what is left of bytes that were not UTF-8; no person's text holds one.
_SURROGATE = re.compile("[\ud800-\udfff]")
# In what an event records: controls but line breaks and tabs, direction changes, surrogates.
_REFUSED_IN_DETAIL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)
# How many differences between rows and trail a refusal names before it says "and N more".
_SHOWN_DIFFERENCES = 3


def check_contents(contents: BundleContents, *, known_checklist: bool = False) -> Checklist:
    """Every check of a bundle that needs neither a workspace nor the evidence bytes.

    `known_checklist` says the workspace already holds a copy of the checklist with this
    SHA-256 (so its content, once hashed, needs no second look at the format).

    Returns:
        The bundle's checklist.

    Raises:
        BundleError: naming the first check that failed.
    """
    _check_chain(contents)
    checklist = _checked_checklist(contents, known=known_checklist)
    _check_texts(contents)
    _check_items(contents, checklist)
    replayed = _check_rows(contents, checklist)
    _check_signoffs(contents, checklist)
    _check_seal(contents, checklist, replayed)
    return checklist


def _check_chain(contents: BundleContents) -> None:
    head = contents.assessment
    verdict = verify_chain(contents.events, head["audit_seq"], head["audit_head"])
    if not verdict.intact:
        raise BundleError(
            _("the bundle's audit trail is broken at event {n}: {reason}").format(
                n=verdict.first_broken, reason=verdict.reason
            )
        )
    named: dict[str, LineEvent] = {}
    main = _main_line(contents)
    try:  # every other copy's line a merge carries chains from where they parted
        for _line in lines(contents.assessment_id, main, contents.line_events, named):
            pass
    except CarriedLineError as exc:
        raise BundleError(
            _("the bundle's audit trail is broken at event {n}: {reason}").format(
                n=exc.seq, reason=exc.reason
            )
        ) from exc
    needed = named.keys() - {event.chained.hash for event in main}
    extra = sorted(contents.line_events.keys() - needed)
    if extra:  # each line event is one a merge names, kept once, apart from the trail's own
        raise BundleError(
            _("the manifest's line event {hash} is not one a merge of the trail needs").format(
                hash=extra[0][:16]
            )
        )


def _main_line(contents: BundleContents) -> list[LineEvent]:
    return line_events(contents.events, contents.event_details)


def bundle_known(contents: BundleContents) -> dict[str, LineEvent]:
    """Every event the bundle holds, by hash: its trail's and its line events."""
    return known_events(_main_line(contents), contents.line_events)


def _checked_checklist(contents: BundleContents, *, known: bool) -> Checklist:
    copy = contents.checklist
    content = copy.content
    try:
        actual = hashlib.sha256(content.encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        actual = ""
    if actual != copy.sha256:
        raise BundleError(
            _("the bundle's checklist copy does not match its SHA-256 {sha}").format(
                sha=copy.sha256
            )
        )
    if copy.sha256 != contents.assessment["checklist_sha256"]:
        raise BundleError(
            _("the bundle's checklist copy {sha} is not the one the assessment uses").format(
                sha=copy.sha256
            )
        )
    if not known:
        check_checklist_format(content)
    try:
        checklist = checklist_from_canonical(content, copy.sha256)
    except (LookupError, TypeError, ValueError, RecursionError) as exc:
        check_checklist_format(content)  # names what is wrong, when the format can
        raise BundleError(
            _("the bundle's checklist copy can't be read ({reason})").format(reason=exc)
        ) from exc
    says = (checklist.id, checklist.version, checklist.title, checklist.item_count)
    if says != (copy.checklist_id, copy.version, copy.title, copy.item_count):
        raise BundleError(
            _(
                "the bundle's checklist copy says it is {id} {version} ({title}, {n} items), not "
                "what the manifest says beside it"
            ).format(id=says[0], version=says[1], title=says[2], n=says[3])
        )
    shipped = shipped_version(checklist.id, checklist.version)
    if shipped is not None and shipped.sha256 != checklist.sha256:
        raise other_content(checklist, _("the one this app ships"), shipped.sha256)
    return checklist


def other_content(checklist: Checklist, where: str, sha256: str) -> BundleError:
    """The refusal of a copy that differs from another copy of the same id and version.

    A checklist's id and version name one content: a changed checklist carries a new version
    (the library refuses the same id and version with other content, too). A copy that
    claims a known version with other questions is a forgery or a mistake either way.
    """
    return BundleError(
        _(
            "the bundle's checklist copy says it is {id} {version} but differs from {where} "
            "(SHA-256 {theirs}, not {ours}): a changed checklist must carry a new version"
        ).format(
            id=checklist.id,
            version=checklist.version,
            where=where,
            theirs=checklist.sha256[:12],
            ours=sha256[:12],
        )
    )


def check_checklist_format(content: str) -> None:
    """The copy is a checklist of the format, written canonically, holding only characters.

    Left out of `check_contents` when the workspace already holds a copy of this content.

    Raises:
        BundleError: it is not.
    """
    name = _("the bundle's checklist copy")
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or canonical_json(data) != content:
        raise BundleError(_("{name} is not a checklist's canonical JSON").format(name=name))
    # The schema's quick pass or fail first; the loader's own wording only for a copy that fails.
    valid = _checklist_quick_check().passes(data) or _checklist_validator().is_valid(data)
    problems = checklist_data_problems(data, name, schema_checked=valid)
    if problems:
        raise BundleError(
            _("{name} breaks the checklist format: {problem}").format(
                name=name, problem=problems[0].message
            )
        )
    if any(_SURROGATE.search(text) for text in _strings(data)):
        raise BundleError(_("{name} holds text that is not UTF-8").format(name=name))


@cache
def _checklist_quick_check() -> QuickSchema:
    from app.quick_schema import QuickSchema

    return QuickSchema(checklist_schema())


@cache
def _checklist_validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(inline_refs(checklist_schema()))


def _strings(value: Any) -> Iterator[str]:
    """Every string in plain JSON data, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _check_rows(contents: BundleContents, checklist: Checklist) -> State:
    """The rows are what the trail replays to; returns the replayed state."""
    try:
        replayed = replay(
            contents.event_details,
            check_signoff=signoff_check(checklist),
            known=bundle_known(contents),
        )
    except ReplayError as exc:
        raise BundleError(
            _("the bundle's audit trail can't be replayed at event {n}: {reason}").format(
                n=exc.seq, reason=exc.reason
            )
        ) from exc
    comparable = {entity: dict(values) for entity, values in replayed.items()}
    head = comparable[ASSESSMENT]
    if "scope" in head:  # the rows keep it as canonical JSON text
        head["scope"] = canonical_json(head["scope"])
    found = differences(comparable, contents_state(contents))
    if found:
        said = "; ".join(_difference_text(d) for d in found[:_SHOWN_DIFFERENCES])
        more = len(found) - _SHOWN_DIFFERENCES
        if more > 0:
            said += _(" (and {n} more)").format(n=more)
        raise BundleError(
            _("the bundle's rows are not what its audit trail records: {what}").format(what=said)
        )
    return replayed


def _difference_text(difference: Difference) -> str:
    what = entity_words(*difference.entity)
    if difference.stored is ABSENT:
        return _("{what} is recorded by the trail, but missing from the rows").format(what=what)
    if difference.trail is ABSENT:
        return _("{what} is in the rows, but no event of the trail made it").format(what=what)
    return _("{what}: {field} is {stored} in the rows, but {trail} by the trail").format(
        what=what,
        field=difference.field,
        stored=shown(difference.stored),
        trail=shown(difference.trail),
    )


def _text(value: Any, where: str, *, limit: int, required: bool, multiline: bool) -> None:
    """`value` is text a person could have entered there, exactly as the app keeps it."""
    if value is None and not required:
        return
    reason = None
    try:
        kept = clean_text(
            value, field=where, max_length=limit, required=required, multiline=multiline
        )
    except RuleError as exc:
        reason = str(exc)
    else:
        if kept != value:
            reason = _("{field} has spaces at its ends").format(field=where)
    if reason is not None:
        raise BundleError(
            _("the bundle holds text the app does not accept: {reason}").format(reason=reason)
        )


def _name(value: Any, where: str, *, required: bool = True) -> None:
    _text(value, where, limit=NAME_MAX, required=required, multiline=False)


def _note(value: Any, where: str, *, required: bool = False) -> None:
    _text(value, where, limit=NOTE_MAX, required=required, multiline=True)


def _check_detail_text(detail: Any, where: str) -> None:
    for text in _strings(detail):
        if _REFUSED_IN_DETAIL.search(text):
            raise BundleError(
                _("the bundle's {where} holds characters the app does not accept").format(
                    where=where
                )
            )


def _check_texts(contents: BundleContents) -> None:
    head = contents.assessment
    _name(head["title"], _("title"))
    _name(head["organisation"], _("organisation"))
    _name(head["assessor"], _("assessor"), required=False)
    _name(head["created_by"], _("creator"))
    for answer in contents.answers:
        where = _("answer to {item}").format(item=answer["item_id"])
        _note(answer["note"], _("{where}: note").format(where=where))
        _name(answer["answered_by"], _("{where}: who answered").format(where=where))
    for action in contents.actions:
        where = _("action {n}").format(n=action["number"])
        _name(action["title"], _("{where}: title").format(where=where))
        _name(action["owner"], _("{where}: owner").format(where=where))
        _note(action["progress_note"], _("{where}: progress note").format(where=where))
        _name(action["created_by"], _("{where}: creator").format(where=where))
    for evidence in contents.evidence:
        where = _("evidence {n}").format(n=evidence["number"])
        _name(evidence["name"], _("{where}: file name").format(where=where))
        if "/" in evidence["name"] or "\\" in evidence["name"] or evidence["name"] in (".", ".."):
            raise BundleError(
                _("the bundle's {where} has a file name holding a path").format(where=where)
            )
        _note(evidence["note"], _("{where}: note").format(where=where))
        _name(evidence["added_by"], _("{where}: who added it").format(where=where))
        _name(
            evidence["removed_by"], _("{where}: who removed it").format(where=where), required=False
        )
        if evidence["removal_reason"] is not None:
            _note(
                evidence["removal_reason"], _("{where}: reason").format(where=where), required=True
            )
    for signoff in contents.signoffs:
        where = _("sign-off {n}").format(n=signoff["number"])
        _name(signoff["name"], _("{where}: name").format(where=where))
        _name(signoff["role"], _("{where}: role").format(where=where))
        _note(signoff["statement"], _("{where}: statement").format(where=where), required=True)
        _name(signoff["voided_by"], _("{where}: who reopened").format(where=where), required=False)
        if signoff["void_reason"] is not None:
            _note(signoff["void_reason"], _("{where}: reason").format(where=where), required=True)
    for event, read in zip(contents.events, contents.event_details, strict=True):
        where = _("event {n}").format(n=event.seq)
        _name(event.actor, _("{where}: who").format(where=where))
        _check_detail_text(read.detail, where)


def _check_items(contents: BundleContents, checklist: Checklist) -> None:
    """Every item named is one of the checklist's; the scope answers fit its questions."""
    scope = json.loads(contents.assessment["scope_json"])
    try:
        fitted = check_scope(checklist, scope)
    except RuleError as exc:
        raise BundleError(
            _("the bundle's scope does not fit its checklist: {reason}").format(reason=exc)
        ) from exc
    if fitted != scope:
        raise BundleError(_("the bundle's scope does not fit its checklist"))
    rows: list[tuple[str, Mapping[str, Any]]] = [
        *((_("an answer"), a) for a in contents.answers),
        *((_("an action"), a) for a in contents.actions),
        *((_("evidence"), e) for e in contents.evidence),
    ]
    for what, row in rows:
        if checklist.item(row["item_id"]) is None:
            raise BundleError(
                _("the bundle has {what} for item {item}, which its checklist lacks").format(
                    what=what, item=row["item_id"]
                )
            )


def _sealed(state: State, assessment_id: str, checklist: Checklist) -> SealedContent:
    """The fingerprinted fields of a replayed state, as `app/fingerprint.py` covers them."""
    head = state[ASSESSMENT]
    signed = head["status"] == AssessmentStatus.SIGNED
    answers = [
        SealedAnswer(key, values["value"], values["note"], values["risk_accepted"])
        for (kind, key), values in state.items()
        if kind == "answer"
    ]
    actions = [
        SealedAction(
            int(key),
            values["item_id"],
            values["title"],
            values["owner"],
            values["due"],
            values["status"] if signed else (values["status_now"] or values["status"]),
        )
        for (kind, key), values in state.items()
        if kind == "action"
    ]
    evidence = [
        (values["item_id"], values["name"], values["sha256"])
        for (kind, _key), values in state.items()
        if kind == "evidence" and values["removed_at"] is None
    ]
    return SealedContent(
        assessment_id=assessment_id,
        organisation=head["organisation"],
        title=head["title"],
        assessor=head["assessor"],
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        checklist_sha256=checklist.sha256,
        scope=head["scope"],
        answers=answers,
        actions=actions,
        evidence=evidence,
    )


def state_fingerprint(state: State, assessment_id: str, checklist: Checklist) -> str:
    """The fingerprint of a state in replay shape (scope as an object), as a sign-off seals it."""
    return fingerprint_of(_sealed(state, assessment_id, checklist))


def _check_signoffs(contents: BundleContents, checklist: Checklist) -> None:
    """Each sign-off approved the fingerprint of the state the trail held when it was made."""
    main = _main_line(contents)
    for signoff in contents.signoffs:
        seq = signoff["trail_seq"]
        where = _("sign-off {n} by {name}").format(n=signoff["number"], name=signoff["name"])
        # A sign-off made on another copy names the head of that copy's line, which a merge
        # carries: the state it signed is that line's, up to its head.
        digest = signoff["trail_hash"]
        line = None
        if isinstance(seq, int) and isinstance(digest, str):
            line = line_to(contents.assessment_id, main, seq, digest, contents.line_events)
        if line is None:
            raise BundleError(
                _("{where} names event {n} of the trail, which no line of the bundle holds").format(
                    where=where, n=seq
                )
            )
        try:
            before = replay([event.read for event in line[:seq]], known=bundle_known(contents))
            approved = state_fingerprint(before, contents.assessment_id, checklist)
        except (ReplayError, LookupError, TypeError, ValueError) as exc:
            raise BundleError(
                _("{where} can't be checked against the state it signed ({reason})").format(
                    where=where, reason=exc
                )
            ) from exc
        if approved != signoff["fingerprint"]:
            raise BundleError(
                _(
                    "{where} does not match the state it signed: that state's fingerprint is "
                    "{actual}, the sign-off's {claimed}"
                ).format(where=where, actual=approved, claimed=signoff["fingerprint"])
            )


def _check_seal(contents: BundleContents, checklist: Checklist, replayed: State) -> None:
    """A signed-off assessment still holds what its sign-off in force approved."""
    if contents.assessment["status"] != AssessmentStatus.SIGNED:
        return
    in_force = [s for s in contents.signoffs if s["voided_at"] is None]
    if not in_force:
        raise BundleError(_("the bundle's assessment is signed off, but by no sign-off in force"))
    current = max(in_force, key=lambda s: s["number"])
    try:
        now = state_fingerprint(replayed, contents.assessment_id, checklist)
    except (LookupError, TypeError, ValueError) as exc:
        raise BundleError(
            _("the bundle's assessment can't be fingerprinted ({reason})").format(reason=exc)
        ) from exc
    if now != current["fingerprint"]:
        raise BundleError(
            _(
                "the bundle's assessment is no longer what {name} signed off: its fingerprint "
                "is {now}, the sign-off approved {then}"
            ).format(name=current["name"], now=now, then=current["fingerprint"])
        )
