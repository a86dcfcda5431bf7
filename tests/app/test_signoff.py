"""The sign-off gate, sign-off, the lock on every write path, reopening and signing again."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from app.errors import RuleError
from app.models import AuditEvent, SignOff
from app.services import actions, answers, assessments, audit, evidence, signoffs
from app.signoff_gate import BlockerKind
from app.values import ActionStatus, AssessmentStatus
from app.values import AnswerValue as V
from tests.conftest import alter_evidence_file, run_cli
from tests.raw_sqlite import raw_sqlite

TEAMS = {"platform": "teams", "under13": "no"}  # b3 applies, b4 does not: 9 applicable items


def answer(workspace, assessment_id, item, value=None, **kw):
    with workspace.write() as session:
        return answers.record_answer(session, assessment_id, item, value=value, actor="t", **kw)


def all_yes(workspace, assessment_id, except_=()) -> None:
    with workspace.read() as session:
        snap = assessments.get_assessment(session, assessment_id)
    for item in snap.checklist.items:
        if snap.in_scope(item) and item.id not in except_:
            answer(workspace, assessment_id, item.id, V.YES)


def blockers(workspace, assessment_id):
    with workspace.read() as session:
        return signoffs.sign_off_blockers(session, assessment_id)


def sign(workspace, assessment_id, **kw):
    fields = {"name": "Dana Protector", "role": "Data protection officer"} | kw
    with workspace.write() as session:
        return signoffs.sign_off(session, assessment_id, **fields)


def test_every_kind_of_blocker(workspace, make_assessment) -> None:
    snap = make_assessment(scope=TEAMS)
    found = blockers(workspace, snap.id)
    assert {b.kind for b in found} == {BlockerKind.UNANSWERED}
    assert [b.item_id for b in found] == ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "c1"]

    all_yes(workspace, snap.id, except_=("a2", "a3", "a4", "b1"))
    answer(workspace, snap.id, "a2", V.NO)
    answer(workspace, snap.id, "a3", V.PARTIAL)
    answer(workspace, snap.id, "a4", V.NA, note="none")
    found = blockers(workspace, snap.id)
    assert [(b.kind, b.item_id) for b in found] == [
        (BlockerKind.GAP_WITHOUT_PLAN, "a2"),
        (BlockerKind.GAP_WITHOUT_PLAN, "a3"),
        (BlockerKind.UNANSWERED, "b1"),
    ]
    # The reviewer knows items by their question: it is named, the id beside it, values in words.
    assert found[0].message == (
        "A two (a2): answered No, with neither an open action (owner and due date) nor a note "
        "accepting the risk"
    )
    assert found[2].message == "B one (b1): not answered"

    # An open action covers a gap; a done one doesn't; an accepted risk with a note does.
    with workspace.write() as session:
        action = actions.add_action(
            session, snap.id, "a2", title="Fix", owner="IT", due=date(2027, 1, 1), actor="t"
        )
    assert "a2" not in {b.item_id for b in blockers(workspace, snap.id)}
    with workspace.write() as session:
        actions.update_action(session, snap.id, action.id, status=ActionStatus.DONE, actor="t")
    assert "a2" in {b.item_id for b in blockers(workspace, snap.id)}
    answer(workspace, snap.id, "a3", risk_accepted=True, note="Low use; accepted by the head")
    answer(workspace, snap.id, "a2", risk_accepted=True, note="Accepted until the new contract")
    answer(workspace, snap.id, "b1", V.YES)
    assert blockers(workspace, snap.id) == ()


def test_na_without_a_note_is_a_blocker_even_if_it_got_in(workspace, make_assessment) -> None:
    snap = make_assessment(scope=TEAMS)
    all_yes(workspace, snap.id, except_=("c1",))
    answer(workspace, snap.id, "c1", V.NA, note="no such thing")
    workspace.close()
    with raw_sqlite(workspace.paths.workspace_file) as db:  # as an older version could have left it
        db.execute("UPDATE answers SET note = '' WHERE item_id = 'c1'")
    db.close()
    (found,) = [b for b in blockers(workspace, snap.id) if b.kind is not BlockerKind.BROKEN_TRAIL]
    assert (found.kind, found.item_id) == (BlockerKind.NA_WITHOUT_NOTE, "c1")
    assert found.message == "C one (c1): answered Not applicable without a note saying why"


def test_a_broken_trail_and_damaged_evidence_block_sign_off(workspace, make_assessment) -> None:
    snap = make_assessment(scope=TEAMS)
    all_yes(workspace, snap.id)
    with workspace.write() as session:
        added = evidence.add_evidence(
            session, snap.id, "a1", name="x.txt", data=b"proof", actor="t"
        )
    workspace.close()
    alter_evidence_file(workspace.paths, added.sha256, b"other")
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3")
    db.close()
    kinds = {b.kind for b in blockers(workspace, snap.id)}
    assert kinds == {BlockerKind.DAMAGED_EVIDENCE, BlockerKind.BROKEN_TRAIL}


@pytest.mark.parametrize("damage", [None, b"other"], ids=["missing", "altered"])
def test_damaged_evidence_is_said_missing_or_altered_as_it_is(
    workspace, make_assessment, damage: bytes | None
) -> None:
    snap = make_assessment(scope=TEAMS)
    with workspace.write() as session:
        added = evidence.add_evidence(
            session, snap.id, "a1", name="x.txt", data=b"proof", actor="t"
        )
    alter_evidence_file(workspace.paths, added.sha256, damage)
    (found,) = [b for b in blockers(workspace, snap.id) if b.kind is BlockerKind.DAMAGED_EVIDENCE]
    words = "is missing from the data folder" if damage is None else "no longer matches its SHA-256"
    assert found.message.endswith(f"evidence 'x.txt' {words}")


def test_sign_off_succeeds_only_when_the_gate_is_clear(workspace, make_assessment) -> None:
    snap = make_assessment(scope=TEAMS)
    all_yes(workspace, snap.id, except_=("c1",))
    with pytest.raises(signoffs.SignOffBlockedError) as refused:
        sign(workspace, snap.id)
    assert [b.item_id for b in refused.value.blockers] == ["c1"]
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(SignOff)) == 0
        assert assessments.get_assessment(session, snap.id).status is AssessmentStatus.DRAFT
    answer(workspace, snap.id, "c1", V.YES)
    with workspace.read() as session:
        expected = assessments.get_assessment(session, snap.id).fingerprint
    signed = sign(workspace, snap.id, statement="  I approve this.  ")
    assert (signed.name, signed.role, signed.statement, signed.fingerprint) == (
        "Dana Protector",
        "Data protection officer",
        "I approve this.",
        expected,
    )
    with workspace.read() as session:
        current = assessments.get_assessment(session, snap.id)
    assert current.status is AssessmentStatus.SIGNED
    assert current.signoff == signed
    assert current.fingerprint == expected  # signing changes no covered field
    with pytest.raises(RuleError, match="already signed off"):
        sign(workspace, snap.id)


@pytest.mark.parametrize(("field", "value"), [("name", " "), ("role", ""), ("statement", "\n")])
def test_sign_off_needs_name_role_and_statement(workspace, make_assessment, field, value) -> None:
    snap = make_assessment(scope=TEAMS)
    all_yes(workspace, snap.id)
    with pytest.raises(RuleError, match="must not be empty"):
        sign(workspace, snap.id, **{field: value})


def test_every_write_path_is_refused_after_sign_off(workspace, make_assessment) -> None:
    snap = make_assessment(scope=TEAMS)
    all_yes(workspace, snap.id)
    with workspace.write() as session:
        action = actions.add_action(
            session, snap.id, "a1", title="Keep", owner="IT", due=date(2027, 1, 1), actor="t"
        )
        attached = evidence.add_evidence(
            session, snap.id, "a1", name="x.txt", data=b"proof", actor="t"
        )
    sign(workspace, snap.id)
    with workspace.read() as session:
        before = assessments.get_assessment(session, snap.id)
        events_before = session.scalar(select(func.count()).select_from(AuditEvent))
    writes = {
        "answer": lambda s: answers.record_answer(s, snap.id, "a2", value=V.NO, actor="t"),
        "note": lambda s: answers.record_answer(s, snap.id, "a2", note="later", actor="t"),
        "risk": lambda s: answers.record_answer(s, snap.id, "a2", risk_accepted=True, actor="t"),
        "action add": lambda s: actions.add_action(
            s, snap.id, "a2", title="x", owner="y", due=date(2027, 1, 1), actor="t"
        ),
        "evidence add": lambda s: evidence.add_evidence(
            s, snap.id, "a2", name="y.txt", data=b"y", actor="t"
        ),
        "evidence remove": lambda s: evidence.remove_evidence(
            s, snap.id, attached.id, reason="r", actor="t"
        ),
        "scope": lambda s: assessments.change_scope(
            s, snap.id, {"platform": "zoom", "under13": "no"}, actor="t"
        ),
    }
    for name, write in writes.items():
        with (
            pytest.raises(RuleError, match=f"assessment {snap.id} is signed off; reopen it first"),
            workspace.write() as session,
        ):
            write(session)
        with workspace.read() as session:
            assert assessments.get_assessment(session, snap.id).fingerprint == before.fingerprint, (
                name
            )
    with (
        pytest.raises(RuleError, match=f"assessment {snap.id} is signed off: .* reopen it first"),
        workspace.write() as session,
    ):
        actions.update_action(session, snap.id, action.id, title="Changed", actor="t")
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events_before


def test_reopen_keeps_the_sign_off_as_void_and_signing_again_adds_one(
    workspace, make_assessment
) -> None:
    snap = make_assessment(scope=TEAMS)
    all_yes(workspace, snap.id)
    first = sign(workspace, snap.id)
    with pytest.raises(RuleError, match="reason must not be empty"), workspace.write() as session:
        signoffs.reopen(session, snap.id, reason="", actor="Dana")
    with workspace.write() as session:
        voided = signoffs.reopen(
            session, snap.id, reason="The vendor changed its terms", actor="Dana"
        )
    assert (
        voided.id == first.id
        and voided.void
        and voided.void_reason == "The vendor changed its terms"
    )
    with (
        pytest.raises(RuleError, match="not signed off; there is nothing to reopen"),
        workspace.write() as session,
    ):
        signoffs.reopen(session, snap.id, reason="again", actor="Dana")
    answer(workspace, snap.id, "a1", V.PARTIAL, note="Terms changed", risk_accepted=True)
    second = sign(workspace, snap.id, role="DPO")
    assert second.id != first.id and second.fingerprint != first.fingerprint
    with workspace.read() as session:
        current = assessments.get_assessment(session, snap.id)
        kinds = [e.kind for e in audit.history(session, snap.id)]
    assert [s.void for s in current.signoffs] == [True, False]
    assert current.signoff == second
    assert kinds[-4:] == ["signoff.signed", "signoff.reopened", "answer.changed", "signoff.signed"]


def test_command_line_signoff_and_reopen(tmp_path) -> None:
    data = tmp_path / "data"

    def cli(*args, code=0):
        result = run_cli(*args, data_dir=data)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr
        return result

    cli("settings", "--name", "Ada Lovelace")
    made = cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
    ).stdout.strip()
    blocked = cli("signoff", made, "--check", code=1)
    assert (
        blocked.stderr.splitlines()[0]
        == f"error: assessment {made} can't be signed off: 20 things block it (20 unanswered)"
    )
    assert (
        "error:   Is there an enhanced encryption policy whose end-to-end call… "
        "(teams-policy-allows): not answered"
    ) in blocked.stderr
    shown = json.loads(cli("show", made, "--json").stdout)
    for entry in shown["answers"]:
        if entry["in_scope"]:
            cli("answer", made, entry["item"], "yes")
    assert "nothing blocks" in cli("signoff", made, "--check").stdout
    assert "Score 100.0%" in cli("show", made).stdout.splitlines()  # complete: no "so far"
    assert "needs --name and --role" in cli("signoff", made, code=1).stderr
    signed = cli("signoff", made, "--name", "Zoë Łukasiewicz-Öztürk", "--role", "DPO").stdout
    assert signed.startswith("signed off by Zoë Łukasiewicz-Öztürk (DPO) at ")
    refused = cli("answer", made, "teams-admin-role", "no", code=1)
    assert refused.stderr == f"error: assessment {made} is signed off; reopen it first\n"
    cli(
        "action",
        "add",
        made,
        "teams-admin-role",
        "--title",
        "x",
        "--owner",
        "y",
        "--due",
        "2027-01-01",
        code=1,
    )
    final = json.loads(cli("show", made, "--json").stdout)
    assert final["status"] == "signed"
    assert (
        final["signoff"]["name"] == "Zoë Łukasiewicz-Öztürk"
        and final["signoff"]["fingerprint"] == final["fingerprint"]
    )
    cli("reopen", made, "--reason", "Found a mistake", "--by", "Dana")
    again = json.loads(cli("show", made, "--json").stdout)
    assert (
        again["status"] == "draft"
        and again["signoff"] is None
        and again["signoffs"][0]["void"] is True
    )
    history = cli("history", made).stdout
    assert (
        "signed off by Zoë Łukasiewicz-Öztürk (DPO)" in history
        and "Dana  reopened, sign-off 1 void: Found a mistake" in history
        and "Ada Lovelace  created for O" in history
    )
    cli("history", made, "--verify")
