"""Signing identities and the verdict on a signed report, as `identity` and `verify` print them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.cli.render.basics import iso, lines_text, table
from app.i18n import _


def identity_json(identity: Any) -> dict[str, Any]:
    """A signing identity as JSON."""
    return {
        "id": identity.id,
        "name": identity.name,
        "role": identity.role,
        "email": identity.email,
        "source": identity.source,
        "valid_from": iso(identity.not_before),
        "valid_until": iso(identity.not_after),
        "certificate_sha256": identity.fingerprint,
    }


def identities_text(found: Sequence[Any]) -> str:
    """Signing identities as a table."""
    if not found:
        return _(
            "No signing identities yet. Create one with: compliance-desk identity create "
            "--name NAME --role ROLE"
        )
    rows = [
        [i.id, i.name, i.role, i.not_after.date().isoformat(), i.source, i.fingerprint[:16]]
        for i in found
    ]
    return table(
        [_("ID"), _("NAME"), _("ROLE"), _("VALID UNTIL"), _("SOURCE"), _("CERTIFICATE")],
        rows,
        [12, 40, 30, 11, 8, 16],
    )


def verdict_json(
    verdict: Any, match: str, history: str | None = None, reviewer: str | None = None
) -> dict[str, Any]:
    """A verification's result as JSON.

    `history` is what became of the audit trail the report was signed on, in this workspace:
    `intact`, `rewritten`, `cut` or `changed`; null when the report or workspace can't tell.
    `reviewer` is `match` when the report's reviewer signature is that of its sign-off's
    reviewer here, `mismatch` when it is someone else's or missing; null when not compared.
    """
    return {
        "ok": verdict.ok,
        "reason": verdict.reason,
        "assessment": verdict.assessment_id,
        "fingerprint": verdict.fingerprint,
        "workspace": match,
        "history": history,
        "reviewer": reviewer,
        "signatures": [
            {
                "field": s.field_name,
                "signer": s.signer,
                "role": s.role,
                "claimed_time": iso(s.claimed_time) if s.claimed_time else None,
                "certificate_sha256": s.cert_fingerprint,
            }
            for s in verdict.signatures
        ],
    }


def verify_text(verdict: Any, match: str) -> str:
    """A passed verification, in words."""
    lines = [
        _(
            "intact: {n} signature(s); the last covers the whole file; every certificate is "
            "in date and trusted"
        ).format(n=len(verdict.signatures))
    ]
    for s in verdict.signatures:
        when = s.claimed_time.strftime("%Y-%m-%d %H:%M UTC") if s.claimed_time else "?"
        role = f" ({s.role})" if s.role else ""
        lines.append(
            _(
                "  {field}: {signer}{role}, signed {when} (as the signer's computer "
                "claims), certificate SHA-256 {fp}"
            ).format(
                field=s.field_name, signer=s.signer, role=role, when=when, fp=s.cert_fingerprint
            )
        )
    lines.append(
        _("report of assessment {id}, fingerprint {fp}").format(
            id=verdict.assessment_id or "?", fp=verdict.fingerprint or "?"
        )
    )
    lines.append(match)
    return lines_text(lines)
