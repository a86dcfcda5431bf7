"""One function per command: parse the words, call the services, print the result."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.atomic_files import write_bytes_atomically
from app.checklists.library import import_checklist, load_library
from app.checklists.loader import load_checklist_file
from app.cli import render
from app.cli.passphrases import ASSESSOR_ENV, AUTHORITY_ENV, IDENTITY_ENV, P12_ENV, passphrase
from app.dto import AssessmentSnapshot
from app.errors import ChecklistError, NotFoundError, ProblemsError, RuleError, UserError
from app.fields import parse_date
from app.i18n import _
from app.paths import Paths
from app.services import actions, answers, assessments, audit, evidence, signoffs
from app.services.signed_reports import settle_interrupted
from app.settings import load_settings, save_settings
from app.signoff_gate import refuse_if_altered
from app.terminal import for_terminal, json_for_terminal
from app.user_files import KEY_FILE_LIMIT, REPORT_LIMIT, read_user_file
from app.values import ActionStatus, parse_choice
from app.wording import action_status_word, answer_word, item_label, score_words
from app.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from app.services.reports import ReportMatch

Command = Callable[[argparse.Namespace, Paths], int]


def out(text: str) -> None:
    """Print to standard output; what a terminal would obey is shown escaped (app/terminal)."""
    print(for_terminal(text, keep_newlines=True))


def warn(text: str) -> None:
    """Print a warning line to standard error."""
    print(f"warning: {for_terminal(text)}", file=sys.stderr)


def error(text: str) -> None:
    """Print an `error:` line to standard error, one line whatever the text holds."""
    print(f"error: {for_terminal(text)}", file=sys.stderr)


def print_json(data: Any) -> None:
    """Print a JSON document."""
    print(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)))


@contextmanager
def workspace_of(paths: Paths, *, create: bool) -> Iterator[Workspace | None]:
    """The open workspace, or None when it doesn't exist and `create` is false.

    Reading commands don't create a workspace: a refused or empty command changes nothing.
    """
    if not create and not paths.workspace_file.exists():
        yield None
        return
    workspace = open_workspace(paths)
    if workspace.read_only:
        warn(
            _("{folder} is read-only: showing it, but nothing can be changed").format(
                folder=paths.data_dir
            )
        )
    try:
        for line in settle_interrupted(workspace):
            warn(line)
        yield workspace
    finally:
        workspace.close()


def _existing(paths: Paths, ref: str) -> Iterator[Workspace]:
    with workspace_of(paths, create=False) as workspace:
        if workspace is None:
            raise NotFoundError(_("no assessment '{ref}' in this workspace").format(ref=ref))
        yield workspace


existing_workspace = contextmanager(_existing)


def actor_of(args: argparse.Namespace, paths: Paths) -> str:
    """Who is acting: `--by NAME`, else the name saved with `settings --name`.

    Called before anything is opened or written, so a command refused for want of a name
    changes nothing.

    Raises:
        UserError: neither is given; the message says how to give one.
    """
    given = getattr(args, "by", None)
    if given:
        return str(given)
    settings = load_settings(paths)
    if settings.has_name:
        return settings.actor
    raise UserError(
        _(
            "say who is doing this: add --by NAME, or save your name once with: "
            "compliance-desk settings --name NAME"
        )
    )


# Checklists


def cmd_checklists(args: argparse.Namespace, paths: Paths) -> int:
    """List the checklists available, shipped and imported."""
    library = load_library(paths)
    for problem in library.problems:
        warn(_("{problem} (file skipped)").format(problem=problem))
    if args.json:
        print_json([render.checklist_json(e) for e in library.entries])
    else:
        out(render.checklists_text(library.entries))
    return 0


def cmd_checklist_validate(args: argparse.Namespace, paths: Paths) -> int:
    """Check files against the format; print every problem; change nothing."""
    failed = False
    for name in args.files:
        try:
            loaded = load_checklist_file(Path(name), name)
        except ChecklistError as exc:
            failed = True
            for problem in exc.problems:
                error(str(problem))
            continue
        for problem in loaded.warnings:
            warn(str(problem))
        c = loaded.checklist
        out(
            _("ok: {file}: {id} {version}, {items} items").format(
                file=name, id=c.id, version=c.version, items=c.item_count
            )
        )
    return 1 if failed else 0


def cmd_checklist_import(args: argparse.Namespace, paths: Paths) -> int:
    """Validate a file, then copy it into the user's library."""
    result = import_checklist(paths, Path(args.file), args.file)
    for problem in result.loaded.warnings:
        warn(str(problem))
    c = result.loaded.checklist
    if result.already_present:
        out(
            _("{id} {version} is already in your library ({path})").format(
                id=c.id, version=c.version, path=result.path
            )
        )
    else:
        out(
            _("imported {id} {version} ({items} items) into {path}").format(
                id=c.id, version=c.version, items=c.item_count, path=result.path
            )
        )
    return 0


# Assessments


def cmd_new(args: argparse.Namespace, paths: Paths) -> int:
    """Create an assessment; print its id (or the whole assessment as JSON)."""
    actor = actor_of(args, paths)
    scope: dict[str, str] = {}
    for question, option in args.scope:
        if question in scope and scope[question] != option:
            raise RuleError(_("scope question '{q}' is given twice").format(q=question))
        scope[question] = option
    checklist = load_library(paths).find(args.checklist)
    with workspace_of(paths, create=True) as workspace:
        assert workspace is not None
        with workspace.write() as session:
            snap = assessments.create_assessment(
                session,
                checklist,
                title=args.title,
                organisation=args.org,
                assessor=args.assessor,
                scope=scope,
                actor=actor,
            )
    if args.json:
        print_json(render.assessment_json(snap))
    else:
        out(snap.id)
    return 0


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    """List assessments, most recently changed first."""
    with workspace_of(paths, create=False) as workspace:
        summaries = []
        if workspace is not None:
            with workspace.read() as session:
                summaries = assessments.list_assessments(session)
    if args.json:
        print_json([render.summary_json(s) for s in summaries])
    else:
        out(render.summaries_text(summaries))
    return 0


def cmd_answer(args: argparse.Namespace, paths: Paths) -> int:
    """Answer an item, or clear it."""
    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace:
        with workspace.write() as session:
            answer = answers.record_answer(
                session,
                args.assessment,
                args.item,
                value=args.value,
                note=args.note,
                risk_accepted=args.risk_accepted,
                actor=actor,
            )
        with workspace.read() as session:
            snap = assessments.get_assessment(session, args.assessment)
    overall = snap.score_sheet.overall
    item = snap.checklist.item(answer.item_id)
    out(
        _("{item}: {value}. {score}.").format(
            item=item_label(item) if item else answer.item_id,
            value=answer_word(answer.value),
            score=score_words(overall.score, overall.answered, overall.applicable),
        )
    )
    if answers.needs_reason(answer):
        out(
            _(
                "reminder: n/a needs a note saying why before sign-off; add it with: "
                "compliance-desk answer {id} {item} na --note TEXT"
            ).format(id=args.assessment, item=answer.item_id)
        )
    return 0


def cmd_action_add(args: argparse.Namespace, paths: Paths) -> int:
    """Plan a remediation action."""
    actor = actor_of(args, paths)
    due = parse_date(args.due, field=_("--due"))
    with existing_workspace(paths, args.assessment) as workspace, workspace.write() as session:
        action = actions.add_action(
            session,
            args.assessment,
            args.item,
            title=args.title,
            owner=args.owner,
            due=due,
            actor=actor,
        )
    out(
        _("action {id} added to item {item}: {title} (owner {owner}, due {due})").format(
            id=action.id,
            item=action.item_id,
            title=action.title,
            owner=action.owner,
            due=action.due,
        )
    )
    return 0


def cmd_action_update(args: argparse.Namespace, paths: Paths) -> int:
    """Change an action."""
    actor = actor_of(args, paths)
    due = parse_date(args.due, field=_("--due")) if args.due is not None else None
    status = None
    if args.status is not None:
        status = parse_choice(ActionStatus, args.status)
        if status is None:
            raise UserError(
                _("--status must be one of {choices}").format(
                    choices=", ".join(s.value for s in ActionStatus)
                )
            )
    with existing_workspace(paths, args.assessment) as workspace, workspace.write() as session:
        action = actions.update_action(
            session,
            args.assessment,
            args.action_id,
            title=args.title,
            owner=args.owner,
            due=due,
            status=status,
            progress_note=args.progress_note,
            actor=actor,
        )
    out(
        _("action {id}: {title} (owner {owner}, due {due}, {status})").format(
            id=action.id,
            title=action.title,
            owner=action.owner,
            due=action.due,
            status=action_status_word(action.status),
        )
    )
    for line in render.action_progress_lines(action):
        out("  " + line)
    return 0


def cmd_show(args: argparse.Namespace, paths: Paths) -> int:
    """Show an assessment."""
    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap = assessments.get_assessment(session, args.assessment)
    if args.json:
        print_json(render.assessment_json(snap))
    else:
        out(render.assessment_text(snap))
    return 0


def cmd_history(args: argparse.Namespace, paths: Paths) -> int:
    """Print the audit trail, or verify it: its hash chain, and the rows against it."""
    if args.verify:
        # Verified from the rows as stored: no snapshot first, which a damaged row would stop.
        with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
            verdict = audit.verify_history(session, args.assessment)
        if args.json:
            print_json(render.history_verdict_json(verdict.assessment_id, verdict))
        if not verdict.intact:
            raise ProblemsError(render.problem_lines(verdict))
        if not args.json:
            out(render.verdict_text(verdict.assessment_id, verdict))
        return 0
    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap = assessments.get_assessment(session, args.assessment)
        events = audit.history(session, snap.id)
    if args.json:
        print_json([render.event_json(e) for e in events])
    else:
        out(render.history_text(events, snap.checklist))
    return 0


# Evidence


def cmd_evidence_add(args: argparse.Namespace, paths: Paths) -> int:
    """Attach a file to an item."""
    actor = actor_of(args, paths)
    limit = load_settings(paths).evidence_limit_bytes
    data = evidence.read_evidence_file(Path(args.file), limit)
    with existing_workspace(paths, args.assessment) as workspace, workspace.write() as session:
        added = evidence.add_evidence(
            session,
            args.assessment,
            args.item,
            name=Path(args.file).name,
            data=data,
            note=args.note,
            actor=actor,
            max_bytes=limit,
        )
    out(
        _("evidence {id} attached to item {item}: {name} ({size} bytes, sha256 {sha})").format(
            id=added.id, item=added.item_id, name=added.name, size=added.size, sha=added.sha256
        )
    )
    return 0


def cmd_evidence_list(args: argparse.Namespace, paths: Paths) -> int:
    """List an assessment's attached files."""
    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap = assessments.get_assessment(session, args.assessment)
    attached = [e for e in snap.evidence if e.active]
    if args.json:
        print_json([render.evidence_json(e) for e in attached])
    else:
        out(render.evidence_text(attached))
    return 0


def cmd_evidence_remove(args: argparse.Namespace, paths: Paths) -> int:
    """Detach a file, recording who and why."""
    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace, workspace.write() as session:
        removed = evidence.remove_evidence(
            session, args.assessment, args.evidence_id, reason=args.reason, actor=actor
        )
    out(
        _("evidence {id} ({name}) removed from item {item}").format(
            id=removed.id, name=removed.name, item=removed.item_id
        )
    )
    return 0


def cmd_evidence_save(args: argparse.Namespace, paths: Paths) -> int:
    """Save a copy of an attached file, after checking its hash."""
    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap, data = evidence.evidence_content(session, args.assessment, args.evidence_id)
    target = Path(args.file)
    if target.is_dir():
        target = target / snap.name
    if target.exists() and not args.force:
        raise UserError(
            _("{path} exists; give another name, or --force to replace it").format(path=target)
        )
    write_bytes_atomically(target, data, staging=paths.staging_dir)
    out(
        _("saved {name} ({size} bytes, sha256 checked) to {path}").format(
            name=snap.name, size=snap.size, path=target
        )
    )
    return 0


# Sign-off


def cmd_signoff(args: argparse.Namespace, paths: Paths) -> int:
    """Sign an assessment off (or, with --check, list what blocks it)."""
    if args.check:
        with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
            assessment_id = assessments.get_assessment(session, args.assessment).id
            blockers = signoffs.sign_off_blockers(session, assessment_id)
        if blockers:
            raise signoffs.SignOffBlockedError(assessment_id, blockers)
        out(_("nothing blocks signing off {id}").format(id=assessment_id))
        return 0
    if not args.name or not args.role:
        raise UserError(_("signoff needs --name and --role (or --check to list what blocks it)"))
    try:
        with existing_workspace(paths, args.assessment) as workspace, workspace.write() as session:
            signed = signoffs.sign_off(
                session,
                args.assessment,
                name=args.name,
                role=args.role,
                statement=args.statement,
                self_review_confirmed=args.self_review,
            )
    except signoffs.SelfReviewError as exc:
        raise UserError(
            _(
                "{name} is the assessor of assessment {id}; to sign off your own assessment, "
                "give --self-review (the sign-off and the report will say so)"
            ).format(name=exc.name, id=exc.assessment_id)
        ) from exc
    out(
        _("signed off by {name} ({role}) at {at}; fingerprint {fp}").format(
            name=signed.name,
            role=signed.role,
            at=render.iso(signed.signed_at),
            fp=signed.fingerprint,
        )
    )
    if signed.self_review:
        out(_("recorded as a self-review: the reviewer is the assessor"))
    return 0


def cmd_reopen(args: argparse.Namespace, paths: Paths) -> int:
    """Reopen a signed-off assessment."""
    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace, workspace.write() as session:
        voided = signoffs.reopen(session, args.assessment, reason=args.reason, actor=actor)
    out(
        _("reopened; the sign-off by {name} of {at} is now void").format(
            name=voided.name, at=render.iso(voided.signed_at)
        )
    )
    return 0


# Reports


def report_target(text: str) -> Path:
    """Check where a report is to be written: a file in a folder that exists.

    Raises:
        UserError: the folder is missing, or the path is a folder.
    """
    target = Path(text).expanduser()
    if target.is_dir():
        raise UserError(
            _("{path} is a folder; give a file name such as report.pdf").format(path=target)
        )
    if not target.parent.is_dir():
        raise UserError(_("the folder {folder} does not exist").format(folder=target.parent))
    return target


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    """Write an assessment's PDF report, signed when asked."""
    from app.report.pdf import ReportOptions, render_report  # reportlab loads only when needed

    if not args.sign and (args.identity or args.assessor_identity):
        raise UserError(_("--identity and --assessor-identity need --sign"))
    target = report_target(args.pdf)
    options = ReportOptions(page_size=args.paper or load_settings(paths).page_size)
    with existing_workspace(paths, args.assessment) as workspace:
        with workspace.read() as session:
            snap = assessments.get_assessment(session, args.assessment)
        refuse_if_altered(snap)
        if args.sign:
            return _export_signed(args, paths, workspace, snap, target, options)
    render_report(snap, target, options, staging=paths.staging_dir)
    state = _("signed off") if snap.signoff else _("draft")
    out(
        _("report of {id} ({state}) written to {path}").format(id=snap.id, state=state, path=target)
    )
    return 0


def _export_signed(
    args: argparse.Namespace,
    paths: Paths,
    workspace: Workspace,
    snap: AssessmentSnapshot,
    target: Path,
    options: Any,
) -> int:
    from app.name_keys import same_person
    from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD
    from app.services.signed_reports import check_file_name, check_signers, write_signed_report
    from app.signing.identities import list_identities, load_identity
    from app.signing.sign import SignerSpec

    if snap.signoff is None:
        raise RuleError(
            _(
                "assessment {id} is a draft; only the report of a signed-off "
                "assessment can be signed"
            ).format(id=snap.id)
        )
    check_file_name(target)  # before any passphrase is asked for
    if args.identity:
        reviewer = load_identity(paths, args.identity)
    else:
        found = list_identities(paths)
        named = [i for i in found if same_person(i.name, snap.signoff.name)]
        found = named if len(named) == 1 else found
        if len(found) != 1:
            known = ", ".join(f"{i.id} ({i.name})" for i in found) or _("none yet")
            raise UserError(
                _(
                    "choose the signing identity with --identity ID (identities: "
                    "{known}); create one with: compliance-desk identity create"
                ).format(known=known)
            )
        reviewer = found[0]
    assessor = load_identity(paths, args.assessor_identity) if args.assessor_identity else None
    check_signers(snap, reviewer=reviewer, assessor=assessor)  # before any passphrase
    specs = []
    if assessor is not None:
        specs.append(
            SignerSpec(
                ASSESSOR_FIELD,
                assessor,
                passphrase(ASSESSOR_ENV, _("Passphrase of {name}").format(name=assessor.name)),
            )
        )
    specs.append(
        SignerSpec(
            REVIEWER_FIELD,
            reviewer,
            passphrase(IDENTITY_ENV, _("Passphrase of {name}").format(name=reviewer.name)),
        )
    )
    signed = write_signed_report(workspace, snap, target, specs, options)
    out(_("signed report of {id} written to {path}").format(id=snap.id, path=target))
    for field_name, who in signed.signers:
        out(
            _("  {field}: {name} ({role}), certificate SHA-256 {fp}").format(
                field=field_name, name=who.name, role=who.role, fp=who.fingerprint
            )
        )
    out(_("  file SHA-256 {sha} (recorded in the assessment's history)").format(sha=signed.sha256))
    return 0


def cmd_verify(args: argparse.Namespace, paths: Paths) -> int:
    """Check a signed report: exit 0 only when it is intact and every signer is trusted."""
    from app.signing.verify import load_trust_file, verify_report, workspace_trust

    trust: list[Any] = []
    for name in args.trust:
        try:
            trust += load_trust_file(read_user_file(Path(name), limit=KEY_FILE_LIMIT), name)
        except ValueError as exc:
            raise UserError(_("{path}: not a certificate (PEM or DER)").format(path=name)) from exc
    trust += workspace_trust(paths)
    verdict = verify_report(read_user_file(Path(args.file), limit=REPORT_LIMIT), trust)
    match = _match(paths, verdict)
    if args.json:
        print_json(render.verdict_json(verdict, match.text, match.history, match.reviewer))
    if not verdict.ok:
        raise UserError(verdict.reason)
    if not args.json:
        out(render.verify_text(verdict, match.text))
    return 0


def _match(paths: Paths, verdict: Any) -> ReportMatch:
    from app.services.reports import match_report

    with workspace_of(paths, create=False) as workspace:
        if workspace is None:
            return match_report(None, verdict.assessment_id, verdict.fingerprint)
        with workspace.read() as session:
            return match_report(
                session,
                verdict.assessment_id,
                verdict.fingerprint,
                verdict.signoff,
                verdict.signers if verdict.ok else None,
            )


# Identities


def cmd_identity_create(args: argparse.Namespace, paths: Paths) -> int:
    """Make a key pair and a certificate from the workspace's authority."""
    from app.signing.identities import authority_certificate, issue_identity

    first = authority_certificate(paths) is None
    authority_prompt = (
        _("Choose a passphrase for this workspace's sign-off authority")
        if first
        else _("Passphrase of this workspace's sign-off authority")
    )
    authority_secret = passphrase(AUTHORITY_ENV, authority_prompt, confirm=first)
    secret = passphrase(
        IDENTITY_ENV, _("Choose a passphrase for {name}").format(name=args.name), confirm=True
    )
    issued = issue_identity(
        paths,
        name=args.name,
        role=args.role,
        email=args.email,
        passphrase=secret,
        authority_passphrase=authority_secret,
        days=args.days,
    )
    made = issued.identity
    if issued.made_authority:
        out(_("created this workspace's sign-off authority"))
    elif first:
        out(
            _(
                "used this workspace's sign-off authority, which another identity create made "
                "at the same time"
            )
        )
    out(
        _("identity {id}: {name} ({role}), valid until {until}, certificate SHA-256 {fp}").format(
            id=made.id,
            name=made.name,
            role=made.role,
            until=made.not_after.date().isoformat(),
            fp=made.fingerprint,
        )
    )
    return 0


def cmd_identity_import(args: argparse.Namespace, paths: Paths) -> int:
    """Import a key and certificate from a PKCS#12 file."""
    from app.signing.identities import import_identity

    file_secret = passphrase(P12_ENV, _("Passphrase of {file}").format(file=args.file))
    secret = passphrase(IDENTITY_ENV, _("Choose a passphrase to keep the key with"), confirm=True)
    made = import_identity(
        paths, Path(args.file), file_passphrase=file_secret, role=args.role, passphrase=secret
    )
    out(
        _("identity {id}: {name} ({role}), valid until {until}, certificate SHA-256 {fp}").format(
            id=made.id,
            name=made.name,
            role=made.role,
            until=made.not_after.date().isoformat(),
            fp=made.fingerprint,
        )
    )
    return 0


def cmd_identity_list(args: argparse.Namespace, paths: Paths) -> int:
    """List signing identities."""
    from app.signing.identities import list_identities

    found = list_identities(paths)
    if args.json:
        print_json([render.identity_json(i) for i in found])
    else:
        out(render.identities_text(found))
    return 0


def cmd_identity_export_cert(args: argparse.Namespace, paths: Paths) -> int:
    """Write an identity's certificate and its issuers, for whoever must verify."""
    from app.signing.identities import export_certificate, load_identity

    identity = load_identity(paths, args.identity_id)
    target = report_target(args.file)
    export_certificate(identity, target, staging=paths.staging_dir)
    out(
        _("wrote the certificate of {name} and its issuer to {path}").format(
            name=identity.name, path=target
        )
    )
    return 0


# Settings


def cmd_settings(args: argparse.Namespace, paths: Paths) -> int:
    """Show the saved settings; `--name` saves the name recorded with your changes first."""
    settings = load_settings(paths)
    if args.name is not None:
        settings = save_settings(paths, replace(settings, user_name=args.name))
    if args.json:
        print_json(render.settings_json(settings, paths))
    else:
        out(render.settings_text(settings, paths))
    return 0


def command_for(args: argparse.Namespace) -> Command:
    """The function that runs the parsed command."""
    if args.command == "checklist":
        return {"validate": cmd_checklist_validate, "import": cmd_checklist_import}[
            args.checklist_command
        ]
    if args.command == "action":
        return {"add": cmd_action_add, "update": cmd_action_update}[args.action_command]
    if args.command == "identity":
        return {
            "create": cmd_identity_create,
            "import": cmd_identity_import,
            "list": cmd_identity_list,
            "export-cert": cmd_identity_export_cert,
        }[args.identity_command]
    if args.command == "evidence":
        return {
            "add": cmd_evidence_add,
            "list": cmd_evidence_list,
            "remove": cmd_evidence_remove,
            "save": cmd_evidence_save,
        }[args.evidence_command]
    commands: dict[str, Command] = {
        "checklists": cmd_checklists,
        "new": cmd_new,
        "list": cmd_list,
        "answer": cmd_answer,
        "show": cmd_show,
        "history": cmd_history,
        "signoff": cmd_signoff,
        "reopen": cmd_reopen,
        "export": cmd_export,
        "verify": cmd_verify,
        "settings": cmd_settings,
    }
    return commands[args.command]
