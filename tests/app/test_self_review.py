"""Self-review: the assessor signing off their own assessment is confirmed and recorded."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.errors import RuleError
from app.models import SignOff
from app.services import answers, assessments, audit, signoffs
from app.values import AnswerValue, AssessmentStatus
from tests.conftest import run_cli

TEAMS = {"platform": "teams", "under13": "no"}


def all_yes(workspace, snap) -> None:
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                answers.record_answer(session, snap.id, item.id, value=AnswerValue.YES, actor="t")


def test_the_assessor_is_the_named_one_else_the_creator(make_assessment) -> None:
    named = make_assessment(assessor="Ada  Lovelace", actor="Clerk")
    assert signoffs.is_self_review(named, " ada lovelace ")
    assert signoffs.is_self_review(named, "ADA\tLOVELACE")
    assert not signoffs.is_self_review(named, "Ada Byron")
    assert not signoffs.is_self_review(named, "Clerk")  # the creator counts only without one
    unnamed = make_assessment(assessor="", actor="Ivo  Ilić")
    assert signoffs.is_self_review(unnamed, "ivo ilić")
    assert not signoffs.is_self_review(unnamed, "Dana")


@pytest.mark.parametrize(
    "look_alike",
    [
        "Anna\u00a0Smith",  # a no-break space for the space
        "AnnaSmith",  # no space at all
        "Ａｎｎａ Smith",  # fullwidth
        "  anna   SMITH ",
        "\u0410nna Smith",  # Cyrillic capital A
        "Anna Smith\ufe0f",  # variation selector
    ],
)
def test_a_look_alike_of_the_assessors_name_is_a_self_review(
    workspace, make_assessment, look_alike: str
) -> None:
    snap = make_assessment(scope=TEAMS, assessor="Anna Smith")
    assert signoffs.is_self_review(snap, look_alike)
    all_yes(workspace, snap)
    with pytest.raises(signoffs.SelfReviewError), workspace.write() as session:
        signoffs.sign_off(session, snap.id, name=look_alike, role="DPO")
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(SignOff)) == 0
    # Recorded as typed: the key only decides who is the same person.
    with workspace.write() as session:
        signed = signoffs.sign_off(
            session, snap.id, name=look_alike, role="DPO", self_review_confirmed=True
        )
    assert signed.self_review and signed.name == look_alike.strip()


@pytest.mark.parametrize("hidden", ["Anna\u200bSmith", "Anna\u2800Smith", "An\u00adna Smith"])
def test_a_name_hiding_a_character_is_refused_before_it_is_compared(
    workspace, make_assessment, hidden: str
) -> None:
    snap = make_assessment(scope=TEAMS, assessor="Anna Smith")
    all_yes(workspace, snap)
    refused = pytest.raises(RuleError, match="reviewer name must not contain invisible characters")
    with refused, workspace.write() as session:
        signoffs.sign_off(session, snap.id, name=hidden, role="DPO", self_review_confirmed=True)
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(SignOff)) == 0


def test_self_review_needs_a_confirmation_and_is_recorded(workspace, make_assessment) -> None:
    snap = make_assessment(scope=TEAMS, assessor="Ada Lovelace")
    all_yes(workspace, snap)
    with pytest.raises(signoffs.SelfReviewError) as refused, workspace.write() as session:
        signoffs.sign_off(session, snap.id, name="ada lovelace", role="DPO")
    assert isinstance(refused.value, RuleError)
    assert str(refused.value) == (
        f"ada lovelace is the assessor of assessment {snap.id}: signing it off is a review of "
        "one's own work and must be confirmed as such"
    )
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(SignOff)) == 0
        assert assessments.get_assessment(session, snap.id).status is AssessmentStatus.DRAFT

    with workspace.write() as session:
        signed = signoffs.sign_off(
            session, snap.id, name="ada lovelace", role="DPO", self_review_confirmed=True
        )
    assert signed.self_review
    with workspace.read() as session:
        current = assessments.get_assessment(session, snap.id)
        (event,) = [e for e in audit.history(session, snap.id) if e.kind == "signoff.signed"]
    assert current.signoff is not None and current.signoff.self_review
    assert event.detail["self_review"] is True

    # Another reviewer is no self-review, confirmed or not.
    with workspace.write() as session:
        signoffs.reopen(session, snap.id, reason="A second look", actor="Ada Lovelace")
        again = signoffs.sign_off(
            session, snap.id, name="Dana Protector", role="DPO", self_review_confirmed=True
        )
    assert not again.self_review
    with workspace.read() as session:
        kinds = [
            (e.kind, e.detail.get("self_review"))
            for e in audit.history(session, snap.id)
            if e.kind == "signoff.signed"
        ]
    assert kinds == [("signoff.signed", True), ("signoff.signed", False)]


def test_command_line_refuses_a_self_review_unless_confirmed(tmp_path) -> None:
    data = tmp_path / "data"

    def cli(*args: str, code: int = 0):
        result = run_cli(*args, data_dir=data)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr
        return result

    cli("settings", "--name", "Ivo Ilić")
    made = cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--assessor",
        "Ada Lovelace",
        "--scope",
        "platform=teams",
    ).stdout.strip()
    for entry in json.loads(cli("show", made, "--json").stdout)["answers"]:
        if entry["in_scope"]:
            cli("answer", made, entry["item"], "yes")
    refused = cli("signoff", made, "--name", "ada  lovelace", "--role", "DPO", code=1)
    assert refused.stderr == (
        f"error: ada  lovelace is the assessor of assessment {made}; to sign off your own "
        "assessment, give --self-review (the sign-off and the report will say so)\n"
    )
    assert json.loads(cli("show", made, "--json").stdout)["status"] == "draft"

    signed = cli("signoff", made, "--name", "Ada Lovelace", "--role", "DPO", "--self-review")
    assert "recorded as a self-review: the reviewer is the assessor" in signed.stdout
    shown = json.loads(cli("show", made, "--json").stdout)
    assert shown["signoff"]["self_review"] is True
    assert "reviewed by the assessor (a self-review)" in cli("show", made).stdout
    assert "reviewed by the assessor" in cli("history", made).stdout

    cli("reopen", made, "--reason", "Second opinion", "--by", "Ada Lovelace")
    other = cli("signoff", made, "--name", "Dana", "--role", "DPO", "--self-review").stdout
    assert "self-review" not in other
    assert json.loads(cli("show", made, "--json").stdout)["signoff"]["self_review"] is False
