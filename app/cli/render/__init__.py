"""What the command line prints: JSON documents and plain-text tables, one module per area.

Every text here is a block for `app.cli.output.out`: its lines are the renderer's, and each
value in them is escaped (`lines_text`, `table`), so a line break in a value can't make a line.
Commands use the names below as `render.NAME`.
"""

from __future__ import annotations

from app.cli.render.assessments import (
    action_json,
    action_progress_lines,
    assessment_json,
    assessment_text,
    evidence_dates_text,
    evidence_json,
    evidence_text,
    review_json,
    review_mark_text,
    signoff_json,
    summaries_text,
    summary_json,
)
from app.cli.render.backups import (
    backup_contents_json,
    backup_contents_text,
    backup_json,
    backups_text,
)
from app.cli.render.basics import iso, lines_text, score_text, size_text, table
from app.cli.render.checklists import checklist_json, checklists_text
from app.cli.render.history import (
    MAX_PROBLEM_LINES,
    event_json,
    history_text,
    history_verdict_json,
    problem_lines,
    verdict_text,
)
from app.cli.render.recycle_bin import bin_entry_json, bin_entry_line, binned_json, binned_text
from app.cli.render.reviews import (
    comparison_json,
    comparison_text,
    next_review_json,
    next_review_text,
)
from app.cli.render.settings import settings_json, settings_text
from app.cli.render.signing import identities_text, identity_json, verdict_json, verify_text

__all__ = [
    "MAX_PROBLEM_LINES",
    "action_json",
    "action_progress_lines",
    "assessment_json",
    "assessment_text",
    "backup_contents_json",
    "backup_contents_text",
    "backup_json",
    "backups_text",
    "bin_entry_json",
    "bin_entry_line",
    "binned_json",
    "binned_text",
    "checklist_json",
    "checklists_text",
    "comparison_json",
    "comparison_text",
    "event_json",
    "evidence_dates_text",
    "evidence_json",
    "evidence_text",
    "history_text",
    "history_verdict_json",
    "identities_text",
    "identity_json",
    "iso",
    "lines_text",
    "next_review_json",
    "next_review_text",
    "problem_lines",
    "review_json",
    "review_mark_text",
    "score_text",
    "settings_json",
    "settings_text",
    "signoff_json",
    "size_text",
    "summaries_text",
    "summary_json",
    "table",
    "verdict_json",
    "verdict_text",
    "verify_text",
]
