"""A demonstration workspace: a realistic, part-finished assessment of a shipped checklist.

Used by the screenshot and sample-report scripts in this folder, so the pictures in the README
show the real checklists with believable answers.
"""

from __future__ import annotations

from datetime import date

from app.checklists.library import load_library
from app.dto import AssessmentSnapshot
from app.paths import Paths
from app.services import actions, answers, assessments, evidence
from app.signing.identities import Identity, create_identity
from app.values import ActionStatus, AnswerValue
from app.workspace import Workspace

V = AnswerValue

VC_ANSWERS: dict[str, tuple[AnswerValue, str]] = {
    "vendor-security-lead": (V.YES, "Trust centre names the CISO; program summary dated March."),
    "vendor-risk-assessment": (
        V.PARTIAL,
        "Yearly assessment confirmed; board reporting not shown.",
    ),
    "vendor-code-review": (V.YES, "Secure development policy received."),
    "vendor-credential-protection": (
        V.YES,
        "Breached-password checks documented in the vendor's security whitepaper.",
    ),
    "vendor-vulnerability-management": (V.YES, "Pen test summary from an outside firm, this year."),
    "vendor-independent-assessment": (V.NO, "No independent report offered yet."),
    "vendor-reporting-channel": (V.YES, "Public disclosure policy and bug bounty."),
    "vendor-breach-notice": (V.PARTIAL, "Contract says 'without undue delay'; no fixed deadline."),
    "crypto-transit-rest": (V.YES, "Recordings and chat encrypted at rest per the DPA annex."),
    "crypto-honest-claims": (V.YES, ""),
    "crypto-current-protocols": (V.YES, "Upgrade commitment in the security whitepaper."),
    "data-retention-deletion": (V.NO, "Cloud recordings kept indefinitely."),
    "access-default-protection": (V.YES, "Waiting room on and locked for every account."),
    "access-authenticated-join": (V.PARTIAL, "Staff meetings yes, parent evenings no."),
    "access-screen-sharing": (V.YES, "Host-only sharing locked for class meetings."),
    "access-private-chat": (V.YES, ""),
    "access-directory-domains": (V.NA, "Directory feature switched off for the whole account."),
    "sharing-no-advertising": (V.YES, "Clause 7.2 of the DPA."),
    "sharing-no-attention-tracking": (V.YES, ""),
    "access-join-before-host": (V.PARTIAL, "Off for class accounts, but not locked."),
    "students-central-account": (V.NO, "Two teachers still use personal accounts."),
}

VC_ACTIONS = [
    (
        "vendor-independent-assessment",
        "Ask the vendor for its latest independent audit report",
        "Łukasz Nowak",
        date(2027, 1, 15),
        ActionStatus.OPEN,
    ),
    (
        "data-retention-deletion",
        "Set cloud recordings to delete after 90 days",
        "IT desk",
        date(2026, 12, 20),
        ActionStatus.IN_PROGRESS,
    ),
    (
        "students-central-account",
        "Move the last two teachers onto school accounts",
        "Zoë Martin",
        date(2026, 11, 30),
        ActionStatus.OPEN,
    ),
    (
        "vendor-breach-notice",
        "Agree a 72-hour breach-notice clause with the vendor",
        "Łukasz Nowak",
        date(2027, 2, 28),
        ActionStatus.OPEN,
    ),
]


def seed_demo(workspace: Workspace, paths: Paths) -> AssessmentSnapshot:
    """Create the demonstration assessment and return it."""
    checklist = load_library(paths).find("vc-security-privacy")
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            checklist,
            title="Autumn term review",
            organisation="Hillside Primary School",
            assessor="Zoë Martin",
            actor="Zoë Martin",
            scope={
                "platform": "zoom",
                "students": "under13",
                "recording": "yes",
                "jurisdiction": "us-ny",
            },
        )
        for item_id, (value, note) in VC_ANSWERS.items():
            answers.record_answer(
                session, snap.id, item_id, value=value, note=note, actor="Zoë Martin"
            )
        for item_id, title, owner, due, status in VC_ACTIONS:
            action = actions.add_action(
                session, snap.id, item_id, title=title, owner=owner, due=due, actor="Zoë Martin"
            )
            if status is not ActionStatus.OPEN:
                actions.update_action(
                    session, snap.id, action.id, status=status, actor="Zoë Martin"
                )
        return assessments.get_assessment(session, snap.id)


E2EE_EXCEPTIONS: dict[str, tuple[AnswerValue, str]] = {
    "teams-compliance-recording": (V.NA, "We use no compliance recording."),
    "teams-supported-clients": (V.PARTIAL, "Two staff still use Teams in the browser."),
    "zoom-e2ee-locked": (V.NO, "Locking would stop parent evenings, which need cloud recording."),
    "zoom-free-account-verification": (V.NA, "No free Zoom accounts are used."),
    "zoom-participant-limit": (V.YES, "Checked on 2026-11-02: 1,000 with our licence."),
    "rules-exceptions-recorded": (V.PARTIAL, "Log exists; entries lack the approver."),
}


def seed_complete_e2ee(workspace: Workspace, paths: Paths) -> AssessmentSnapshot:
    """A finished end-to-end encryption assessment, ready for sign-off (not yet signed)."""
    checklist = load_library(paths).find("e2ee-calls-meetings")
    who = "Łukasz Nowak"
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            checklist,
            title="Encrypted calls for safeguarding",
            organisation="Hillside Primary School",
            assessor=who,
            actor=who,
            scope={"platform": "both"},
        )
        for item in checklist.items:
            value, note = E2EE_EXCEPTIONS.get(item.id, (V.YES, ""))
            answers.record_answer(session, snap.id, item.id, value=value, note=note, actor=who)
        actions.add_action(
            session,
            snap.id,
            "teams-supported-clients",
            title="Install the Teams desktop app for the two browser users",
            owner="IT desk",
            due=date(2026, 12, 12),
            actor=who,
        )
        answers.record_answer(
            session,
            snap.id,
            "zoom-e2ee-locked",
            risk_accepted=True,
            note="Locking would stop parent evenings, which need cloud recording. "
            "Accepted by the head teacher until the spring review.",
            actor=who,
        )
        actions.add_action(
            session,
            snap.id,
            "rules-exceptions-recorded",
            title="Add the approver to every exception entry",
            owner="Zoë Martin",
            due=date(2027, 1, 10),
            actor=who,
        )
        evidence.add_evidence(
            session,
            snap.id,
            "teams-policy-allows",
            name="teams-encryption-policy.txt",
            data=b"Identity: Global\nCallingEndtoEndEncryptionEnabledType: DisabledUserOverride\n",
            note="Output of Get-CsTeamsEnhancedEncryptionPolicy",
            actor=who,
        )
        return assessments.get_assessment(session, snap.id)


# Passphrases of the demonstration identities; they protect nothing real.
DEMO_PASSPHRASES = {"Dana Okafor": "demo reviewer", "Łukasz Nowak": "demo assessor"}


def seed_identities(paths: Paths) -> dict[str, Identity]:
    """Signing identities for the reviewer and the assessor of the finished assessment."""
    roles = {"Dana Okafor": "Data protection officer", "Łukasz Nowak": "IT coordinator"}
    return {
        name: create_identity(
            paths,
            name=name,
            role=roles[name],
            passphrase=passphrase,
            authority_passphrase="demo authority",
            organisation="Hillside Primary School",
        )
        for name, passphrase in DEMO_PASSPHRASES.items()
    }
